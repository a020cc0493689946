/*
 * deu.c: DEU III data (shared/data/deu3/README.md) once loaded (pl_io_load_deu reads the
 * files): releasing it, and the per-issue forecasting input built from it.
 */
#include "forecast_internal.h"

#include <string.h>

void pl_deu_free(pl_deu_t *d)
{
    if (!d) return;
    for (size_t a = 0; a < d->nactors; a++) pl_free(d->actor[a]);
    pl_free(d->actor);
    pl_free(d->gdp);
    pl_free(d->votes);
    for (size_t k = 0; k < d->nissues; k++) {
        pl_deu_issue_t *is = &d->issues[k];
        pl_free(is->proposal);
        pl_free(is->issue);
        pl_free(is->area);
        pl_free(is->position);
        pl_free(is->salience);
    }
    pl_free(d->issues);
    pl_free(d);
}

pl_status pl_deu_issue_input(const pl_deu_t *d, size_t k, pl_capability cap,
                             pl_forecast_input_t *in, pl_error_t *err)
{
    if (k >= d->nissues) return pl_error_set(err, PL_EINVAL, "issue %zu out of range", k);
    const pl_deu_issue_t *is = &d->issues[k];
    size_t n = 0;
    double maxvotes = 0;
    for (size_t a = 0; a < d->nactors; a++) {
        if (isfinite(is->position[a])) n++;
        if (isfinite(d->votes[a]) && d->votes[a] > maxvotes) maxvotes = d->votes[a];
    }
    if (pl_forecast_input_setup(in, n, 1) != PL_OK) return pl_i_fc_oom(err);
    size_t j = 0;
    for (size_t a = 0; a < d->nactors; a++) {
        if (!isfinite(is->position[a])) continue;
        in->actor[j] = pl_strdup(d->actor[a]);
        if (!in->actor[j]) {
            pl_forecast_input_destroy(in);
            return pl_i_fc_oom(err);
        }
        in->position[j] = is->position[a];
        in->salience[j] = isfinite(is->salience[a]) ? is->salience[a] / 100.0 : 0.5;
        double c = cap == PL_CAP_VOTES ? d->votes[a] : d->gdp[a];
        if (!isfinite(c)) c = cap == PL_CAP_VOTES ? maxvotes : 0;
        in->capability[j] = c;
        if (strcmp(d->actor[a], "com") == 0) in->commission = j;
        if (strcmp(d->actor[a], "ep") == 0) in->parliament = j;
        j++;
    }
    in->dim[0] = pl_strdup(is->issue);
    if (!in->dim[0]) {
        pl_forecast_input_destroy(in);
        return pl_i_fc_oom(err);
    }
    in->reference[0] = is->reference;
    in->rule = is->rule;
    in->proc = is->proc;
    return PL_OK;
}
