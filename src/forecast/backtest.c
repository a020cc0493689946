/*
 * backtest.c: run forecasting models on every DEU issue with a known outcome and score them:
 * mean absolute error (0-100 scale), its standard deviation, and breakdowns by decision rule
 * and procedure. Models with tunable parameters are fitted leave-one-proposal-out when asked
 * (every issue of the held-out proposal is forecast with parameters fitted on the others).
 */
#include "forecast_internal.h"

#include <string.h>

void pl_backtest_result_init(pl_backtest_result_t *r)
{
    memset(r, 0, sizeof *r);
}

void pl_backtest_result_destroy(pl_backtest_result_t *r)
{
    if (!r) return;
    pl_free(r->models);
    pl_free(r->issue);
    pl_free(r->forecast);
    pl_free(r->mae);
    pl_free(r->sd);
    pl_free(r->group_mae);
    pl_backtest_result_init(r);
}

static int group_of(const pl_deu_issue_t *is, int g)
{
    switch (g) {
    case 0: return is->rule == PL_RULE_QMV;
    case 1: return is->rule == PL_RULE_UNAN;
    case 2: return is->proc == PL_PROC_COD;
    default: return is->proc == PL_PROC_CNS;
    }
}

pl_status pl_backtest_run(const pl_deu_t *d, const pl_backtest_options_t *opt,
                          pl_backtest_result_t *r, pl_error_t *err)
{
    pl_backtest_result_destroy(r);
    const pl_forecast_model_type *const *models = opt && opt->models ? opt->models : pl_forecast_models();
    size_t nm = 0;
    if (opt && opt->models)
        nm = opt->nmodels;
    else
        while (models[nm]) nm++;
    pl_capability cap = opt ? opt->capability : PL_CAP_GDP;
    bool cv = opt && opt->cv;
    pl_status st = PL_OK;
    size_t ni = 0;
    pl_forecast_input_t *in = NULL;
    const pl_forecast_input_t **train = NULL;
    const double **tout = NULL;
    double *params = NULL;
    pl_forecast_result_t res;
    pl_forecast_result_init(&res);

    r->nmodels = nm;
    r->models = pl_malloc((nm ? nm : 1) * sizeof *r->models);
    r->issue = pl_malloc((d->nissues ? d->nissues : 1) * sizeof *r->issue);
    in = pl_calloc(d->nissues ? d->nissues : 1, sizeof *in);
    if (!r->models || !r->issue || !in) {
        st = pl_i_fc_oom(err);
        goto done;
    }
    for (size_t m = 0; m < nm; m++) r->models[m] = models[m];
    for (size_t k = 0; k < d->nissues; k++) {
        const pl_deu_issue_t *is = &d->issues[k];
        if (!isfinite(is->outcome)) continue;
        size_t npos = 0;
        for (size_t a = 0; a < d->nactors; a++)
            if (isfinite(is->position[a])) npos++;
        if (npos == 0) continue;
        pl_forecast_input_init(&in[ni]);
        if ((st = pl_deu_issue_input(d, k, cap, &in[ni], err)) != PL_OK) goto done;
        r->issue[ni++] = k;
    }
    r->nissues = ni;
    r->forecast = pl_malloc((ni * nm > 0 ? ni * nm : 1) * sizeof(double));
    r->mae = pl_malloc((nm ? nm : 1) * sizeof(double));
    r->sd = pl_malloc((nm ? nm : 1) * sizeof(double));
    r->group_mae = pl_malloc((nm ? nm : 1) * PL_BACKTEST_NGROUPS * sizeof(double));
    train = pl_malloc((ni ? ni : 1) * sizeof *train);
    tout = pl_malloc((ni ? ni : 1) * sizeof *tout);
    params = pl_malloc(64 * sizeof(double));
    if (!r->forecast || !r->mae || !r->sd || !r->group_mae || !train || !tout || !params) {
        st = pl_i_fc_oom(err);
        goto done;
    }
    for (size_t m = 0; m < nm; m++) {
        const pl_forecast_model_type *M = models[m];
        bool fit = cv && M->nparams > 0 && M->fit && M->nparams <= 64;
        pl_forecast_options_t o;
        pl_forecast_options_init(&o);
        for (size_t q = 0; q < ni; q++) {
            const pl_deu_issue_t *is = &d->issues[r->issue[q]];
            if (fit) {
                /* parameters are fitted once per held-out proposal: reuse for its other issues */
                bool first = true;
                for (size_t p = 0; p < q; p++)
                    if (strcmp(d->issues[r->issue[p]].proposal, is->proposal) == 0) first = false;
                if (first) {
                    size_t nt = 0;
                    for (size_t p = 0; p < ni; p++) {
                        const pl_deu_issue_t *ip = &d->issues[r->issue[p]];
                        if (strcmp(ip->proposal, is->proposal) == 0) continue;
                        train[nt] = &in[p];
                        tout[nt] = &ip->outcome;
                        nt++;
                    }
                    if ((st = M->fit(train, tout, nt, params, err)) != PL_OK) goto done;
                }
                o.params = params;
            }
            if ((st = pl_forecast_run(M, &in[q], &o, &res, err)) != PL_OK) goto done;
            r->forecast[q * nm + m] = res.forecast[0];
        }
        double sum = 0, sum2 = 0;
        double gs[PL_BACKTEST_NGROUPS] = {0};
        size_t gn[PL_BACKTEST_NGROUPS] = {0};
        for (size_t q = 0; q < ni; q++) {
            const pl_deu_issue_t *is = &d->issues[r->issue[q]];
            double e = fabs(r->forecast[q * nm + m] - is->outcome);
            sum += e;
            sum2 += e * e;
            for (int g = 0; g < PL_BACKTEST_NGROUPS; g++)
                if (group_of(is, g)) {
                    gs[g] += e;
                    gn[g]++;
                }
        }
        double mean = ni ? sum / (double)ni : NAN;
        r->mae[m] = mean;
        r->sd[m] = ni > 1 ? sqrt(fmax(0, (sum2 - (double)ni * mean * mean) / (double)(ni - 1))) : NAN;
        for (int g = 0; g < PL_BACKTEST_NGROUPS; g++) {
            r->group_mae[m * PL_BACKTEST_NGROUPS + (size_t)g] = gn[g] ? gs[g] / (double)gn[g] : NAN;
            r->group_n[g] = gn[g];
        }
    }
done:
    pl_forecast_result_destroy(&res);
    if (in)
        for (size_t q = 0; q < ni; q++) pl_forecast_input_destroy(&in[q]);
    pl_free(in);
    pl_free(train);
    pl_free(tout);
    pl_free(params);
    if (st != PL_OK) pl_backtest_result_destroy(r);
    return st;
}
