/*
 * combo.c: a forecast combination for EU legislation (DEU) whose weights are fitted only on
 * training data: a convex combination of the compromise, the exchange model, the decision-rule
 * model, the Council's c*s weighted mean, the Council's plain mean and the Parliament's
 * position, one weight vector per Council rule (unanimity; QMV and unknown), fitted by least
 * absolute deviation (the exact LP of stack.c). The defaults (all weight on the compromise) give
 * the compromise model. Joint: the exchange base needs all issues of a proposal.
 */
#include "forecast_internal.h"

#include <string.h>

enum { B_COMP, B_EXCH, B_RULE, B_CCOMP, B_CMEAN, B_EP, NBASE };
enum { NGROUP = 2, NPAR = NGROUP * NBASE };

static const double defaults[NPAR] = {1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0};

static size_t group_of(const pl_forecast_input_t *in)
{
    return in->rule == PL_RULE_UNAN ? 1 : 0;
}

/* the bases of every dimension of `in`: B[d * NBASE + b] (NaN rows where nobody has a position) */
static pl_status bases(const pl_forecast_input_t *in, double *B, pl_error_t *err)
{
    size_t D = in->ndims, n = in->nactors;
    double *ex = pl_malloc((D ? D : 1) * sizeof(double));
    void *scratch = pl_malloc((n ? n : 1) * 2 * sizeof(double));
    pl_status st = ex && scratch ? PL_OK : pl_i_fc_oom(err);
    if (st == PL_OK) st = pl_i_exchange_forecast(in, ex, err);
    for (size_t d = 0; st == PL_OK && d < D; d++) {
        double *b = B + d * NBASE, comp = pl_i_fc_compromise(in, d);
        double sw = 0, swx = 0, sx = 0, ep = NAN;
        size_t cnt = 0;
        for (size_t a = 0; a < n; a++) {
            double x = in->position[a * D + d];
            if (!isfinite(x)) continue;
            if (a == in->parliament) ep = x;
            if (a == in->commission || a == in->parliament) continue;
            double w = in->capability[a] * in->salience[a * D + d];
            sw += w;
            swx += w * x;
            sx += x;
            cnt++;
        }
        b[B_COMP] = comp;
        b[B_EXCH] = isfinite(ex[d]) ? ex[d] : comp;
        b[B_RULE] = pl_i_rule_forecast(in, d, scratch);
        b[B_CCOMP] = cnt == 0 ? comp : sw > 0 ? swx / sw : sx / (double)cnt;
        b[B_CMEAN] = cnt == 0 ? comp : sx / (double)cnt;
        b[B_EP] = isfinite(ep) ? ep : comp;
    }
    pl_free(ex);
    pl_free(scratch);
    return st;
}

static pl_status combo_run(const pl_forecast_input_t *in, const pl_forecast_options_t *opt,
                           pl_forecast_result_t *res, pl_error_t *err)
{
    PL_CHECK(pl_i_fc_result_setup(res, in, false, 0, false, err));
    const double *th = (opt->params ? opt->params : defaults) + group_of(in) * NBASE;
    double *B = pl_malloc((in->ndims ? in->ndims : 1) * NBASE * sizeof(double));
    if (!B) return pl_i_fc_oom(err);
    pl_status st = bases(in, B, err);
    for (size_t d = 0; st == PL_OK && d < in->ndims; d++) {
        if (!isfinite(B[d * NBASE + B_COMP])) continue;
        double f = 0;
        for (size_t j = 0; j < NBASE; j++) f += th[j] * B[d * NBASE + j];
        res->forecast[d] = f;
    }
    pl_free(B);
    return st;
}

static pl_status combo_fit(const pl_forecast_input_t *const *train, const double *const *outcome,
                           size_t ntrain, double *params, pl_error_t *err)
{
    memcpy(params, defaults, sizeof defaults);
    size_t nobs = 0, maxd = 1;
    for (size_t k = 0; k < ntrain; k++) {
        nobs += train[k]->ndims;
        if (train[k]->ndims > maxd) maxd = train[k]->ndims;
    }
    double *X = pl_malloc((nobs ? nobs : 1) * NBASE * sizeof(double));
    double *y = pl_malloc((nobs ? nobs : 1) * sizeof(double));
    double *B = pl_malloc(maxd * NBASE * sizeof(double));
    size_t *grp = pl_malloc((nobs ? nobs : 1) * sizeof(size_t));
    pl_status st = X && y && B && grp ? PL_OK : pl_i_fc_oom(err);
    size_t n = 0;
    /* every training observation's bases once; then one LP per rule group */
    for (size_t k = 0; k < ntrain && st == PL_OK; k++) {
        if ((st = bases(train[k], B, err)) != PL_OK) break;
        for (size_t d = 0; d < train[k]->ndims; d++) {
            if (!isfinite(outcome[k][d]) || !isfinite(B[d * NBASE])) continue;
            memcpy(X + n * NBASE, B + d * NBASE, NBASE * sizeof(double));
            y[n] = outcome[k][d];
            grp[n++] = group_of(train[k]);
        }
    }
    for (size_t g = 0; g < NGROUP && st == PL_OK; g++) {
        /* the group's rows first (stable), then the LP on them */
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            if (grp[i] != g) continue;
            double row[NBASE], yi = y[i];
            memcpy(row, X + i * NBASE, sizeof row);
            memmove(X + (m + 1) * NBASE, X + m * NBASE, (i - m) * NBASE * sizeof(double));
            memmove(y + m + 1, y + m, (i - m) * sizeof(double));
            memmove(grp + m + 1, grp + m, (i - m) * sizeof(size_t));
            memcpy(X + m * NBASE, row, sizeof row);
            y[m] = yi;
            grp[m++] = g;
        }
        if (m > 0 && (st = pl_i_stack_lad(X, y, m, NBASE, params + g * NBASE)) == PL_ENOMEM)
            pl_i_fc_oom(err);
        /* drop the group's rows so the next group starts at row 0 */
        memmove(X, X + m * NBASE, (n - m) * NBASE * sizeof(double));
        memmove(y, y + m, (n - m) * sizeof(double));
        memmove(grp, grp + m, (n - m) * sizeof(size_t));
        n -= m;
    }
    pl_free(X);
    pl_free(y);
    pl_free(B);
    pl_free(grp);
    return st;
}

const pl_forecast_model_type pl_i_fc_combo_type = {
    "combo",
    "fitted combination of compromise, exchange, decision rule, Council compromise, Council mean "
    "and Parliament, weights per Council rule by least absolute deviation on training data only",
    false, NPAR, defaults, combo_run, combo_fit, true};
