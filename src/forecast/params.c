/*
 * params.c: records of fitted model parameters (pl_forecast_params_t): what `parley fit`
 * writes and `--params` reads back (the JSON side lives in the tool). pl_deu_fit fills one.
 */
#include "forecast_internal.h"

#include <string.h>

void pl_forecast_params_init(pl_forecast_params_t *p)
{
    memset(p, 0, sizeof *p);
}

void pl_forecast_params_destroy(pl_forecast_params_t *p)
{
    if (!p) return;
    pl_free(p->fitted);
    pl_free(p->issues);
    pl_free(p->actors);
    pl_forecast_params_init(p);
}

const double *pl_forecast_params_find(const pl_forecast_params_t *p, const pl_forecast_model_type *model)
{
    if (!p || !model) return NULL;
    for (size_t i = 0; i < p->nfitted; i++)
        if (p->fitted[i].model == model) return p->fitted[i].value;
    return NULL;
}

pl_status pl_forecast_params_set(pl_forecast_params_t *p, const pl_forecast_model_type *model,
                                 const double *value, pl_error_t *err)
{
    if (!model || model->nparams == 0 || model->nparams > PL_FORECAST_MAX_PARAMS)
        return pl_error_set(err, PL_EINVAL, "model '%s' has no tunable parameters",
                            model ? model->name : "?");
    pl_forecast_fitted_t *f = NULL;
    for (size_t i = 0; i < p->nfitted && !f; i++)
        if (p->fitted[i].model == model) f = &p->fitted[i];
    if (!f) {
        pl_forecast_fitted_t *g = pl_realloc(p->fitted, (p->nfitted + 1) * sizeof *g);
        if (!g) return pl_i_fc_oom(err);
        p->fitted = g;
        f = &g[p->nfitted++];
        memset(f, 0, sizeof *f);
    }
    f->model = model;
    f->nparams = model->nparams;
    memcpy(f->value, value, model->nparams * sizeof(double));
    return PL_OK;
}
