/*
 * select.c: model selection that is charged for: `fit` chooses among candidate models (the
 * compromise, the procedural and stack fits, the exchange model, the decision-rule model and the
 * combination) by a 10-fold cross-validation inside the training data (folds by training
 * problem, i.e. by proposal), refits the winner on all training data and `run` applies it. Scored
 * by the backtest's leave-one-proposal-out CV, this is a nested CV: no choice sees the held-out
 * proposal. Untrained, it is the compromise.
 */
#include "forecast_internal.h"

#include <string.h>

#define SEL_FOLDS 10
#define SEL_MAXP 12 /* the most parameters of a candidate (stack, combo) */

enum { NPAR = 1 + SEL_MAXP };

static const pl_forecast_model_type *const candidates[] = {
    &pl_i_fc_compromise_type, &pl_i_fc_procedural_type, &pl_i_fc_stack_type,
    &pl_i_fc_exchange_type,   &pl_i_fc_rule_type,       &pl_i_fc_combo_type};
#define NCAND (sizeof candidates / sizeof candidates[0])

static const double defaults[NPAR] = {0};

static pl_status select_run(const pl_forecast_input_t *in, const pl_forecast_options_t *opt,
                            pl_forecast_result_t *res, pl_error_t *err)
{
    const double *th = opt->params ? opt->params : defaults;
    size_t c = th[0] >= 0 && th[0] < (double)NCAND ? (size_t)th[0] : 0;
    pl_forecast_options_t o = *opt;
    o.params = candidates[c]->nparams ? th + 1 : NULL;
    return candidates[c]->run(in, &o, res, err);
}

/* sum of absolute errors and their count of candidate M on the problems of fold `fold` (all
 * problems when fold < 0), with params th (NULL = defaults) */
static pl_status score_fold(const pl_forecast_model_type *M, const pl_forecast_input_t *const *train,
                            const double *const *outcome, size_t ntrain, long fold, const double *th,
                            double *sum, size_t *cnt, pl_error_t *err)
{
    pl_forecast_options_t o;
    pl_forecast_options_init(&o);
    o.params = th;
    pl_forecast_result_t res;
    pl_forecast_result_init(&res);
    pl_status st = PL_OK;
    for (size_t k = 0; k < ntrain && st == PL_OK; k++) {
        if (fold >= 0 && k % SEL_FOLDS != (size_t)fold) continue;
        if ((st = M->run(train[k], &o, &res, err)) != PL_OK) break;
        for (size_t d = 0; d < train[k]->ndims; d++)
            if (isfinite(outcome[k][d]) && isfinite(res.forecast[d])) {
                *sum += fabs(res.forecast[d] - outcome[k][d]);
                (*cnt)++;
            }
    }
    pl_forecast_result_destroy(&res);
    return st;
}

static pl_status select_fit(const pl_forecast_input_t *const *train, const double *const *outcome,
                            size_t ntrain, double *params, pl_error_t *err)
{
    memcpy(params, defaults, sizeof defaults);
    const pl_forecast_input_t **sub = pl_malloc((ntrain ? ntrain : 1) * sizeof *sub);
    const double **sout = pl_malloc((ntrain ? ntrain : 1) * sizeof *sout);
    if (!sub || !sout) {
        pl_free(sub);
        pl_free(sout);
        return pl_i_fc_oom(err);
    }
    pl_status st = PL_OK;
    double best = INFINITY, th[SEL_MAXP];
    size_t pick = 0;
    for (size_t c = 0; c < NCAND && st == PL_OK; c++) {
        const pl_forecast_model_type *M = candidates[c];
        double sum = 0;
        size_t cnt = 0;
        if (M->nparams == 0) {
            st = score_fold(M, train, outcome, ntrain, -1, NULL, &sum, &cnt, err);
        } else {
            for (long f = 0; f < SEL_FOLDS && st == PL_OK; f++) {
                size_t ns = 0;
                for (size_t k = 0; k < ntrain; k++)
                    if (k % SEL_FOLDS != (size_t)f) {
                        sub[ns] = train[k];
                        sout[ns++] = outcome[k];
                    }
                if ((st = M->fit(sub, sout, ns, th, err)) == PL_OK)
                    st = score_fold(M, train, outcome, ntrain, f, th, &sum, &cnt, err);
            }
        }
        double mae = cnt ? sum / (double)cnt : INFINITY;
        if (st == PL_OK && mae < best - PL_TOL) {
            best = mae;
            pick = c;
        }
    }
    if (st == PL_OK) {
        params[0] = (double)pick;
        if (candidates[pick]->nparams)
            st = candidates[pick]->fit(train, outcome, ntrain, params + 1, err);
    }
    pl_free(sub);
    pl_free(sout);
    return st;
}

const pl_forecast_model_type pl_i_fc_select_type = {
    "select",
    "chooses among compromise, procedural, stack, exchange, rule and combo by 10-fold CV on the "
    "training data, then refits the choice (scored by LOPO CV: a nested CV)",
    false, NPAR, defaults, select_run, select_fit, true};
