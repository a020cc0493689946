/*
 * stack.c: the institutional stack for EU legislative decisions (DEU). The forecast is a convex
 * combination of six base forecasts,
 *     f = sum_b w_{g,b} B_b,   w_{g,b} >= 0,   sum_b w_{g,b} = 1,
 * with one weight vector per Council rule group g (unanimity; QMV and unknown). The bases are
 *   0 comp   the capability x salience weighted mean of all positions (the compromise model)
 *   1 com    the Commission's position
 *   2 ep     the European Parliament's position
 *   3 ccomp  the capability x salience weighted mean of the member states (the Council)
 *   4 cmean  the plain mean of the member states' positions
 *   5 ref    the reference point (status quo)
 * A base that is undefined on a dimension (no Commission, no Parliament, no member state, no
 * reference) takes the value of comp there. The defaults (weight 1 on comp) give the compromise
 * model. `fit` chooses each group's weights by least absolute deviation on the training problems:
 * an exact linear programme (dense simplex, Bland's rule) solved per group; a group without
 * training problems keeps the defaults. Everything is deterministic.
 */
#include "forecast_internal.h"

#include <string.h>

enum { B_COMP, B_COM, B_EP, B_CCOMP, B_CMEAN, B_REF, NBASE };
enum { NGROUP = 2, NPAR = NGROUP * NBASE };

static const double defaults[NPAR] = {1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0};

static size_t group_of(const pl_forecast_input_t *in)
{
    return in->rule == PL_RULE_UNAN ? 1 : 0;
}

/* The six bases of dimension d; false when nobody has a position there. */
static bool bases(const pl_forecast_input_t *in, size_t d, double *b)
{
    double comp = pl_i_fc_compromise(in, d);
    if (!isfinite(comp)) return false;
    double sw = 0, swx = 0, sx = 0, com = NAN, ep = NAN;
    size_t n = 0;
    for (size_t a = 0; a < in->nactors; a++) {
        double x = in->position[a * in->ndims + d];
        if (!isfinite(x)) continue;
        if (a == in->commission) {
            com = x;
            continue;
        }
        if (a == in->parliament) {
            ep = x;
            continue;
        }
        double w = in->capability[a] * in->salience[a * in->ndims + d];
        sw += w;
        swx += w * x;
        sx += x;
        n++;
    }
    b[B_COMP] = comp;
    b[B_COM] = isfinite(com) ? com : comp;
    b[B_EP] = isfinite(ep) ? ep : comp;
    b[B_CCOMP] = n == 0 ? comp : sw > 0 ? swx / sw : sx / (double)n;
    b[B_CMEAN] = n == 0 ? comp : sx / (double)n;
    b[B_REF] = isfinite(in->reference[d]) ? in->reference[d] : comp;
    return true;
}

static pl_status stack_run(const pl_forecast_input_t *in, const pl_forecast_options_t *opt,
                           pl_forecast_result_t *res, pl_error_t *err)
{
    PL_CHECK(pl_i_fc_result_setup(res, in, false, 0, false, err));
    const double *th = (opt->params ? opt->params : defaults) + group_of(in) * NBASE;
    for (size_t d = 0; d < in->ndims; d++) {
        double b[NBASE];
        if (!bases(in, d, b)) continue;
        double f = 0;
        for (size_t j = 0; j < NBASE; j++) f += th[j] * b[j];
        res->forecast[d] = f;
    }
    return PL_OK;
}

/* the simplex's pivot tolerance: a property of the LP solve on data-scaled numbers, not a
 * comparison of utilities (those use PL_TOL) */
#define PIVOT_TOL 1e-9

/*
 * Least absolute deviation over the simplex: minimise sum_k |y_k - X_k w| subject to w >= 0,
 * sum w = 1, for n rows of K bases (X row-major). Linear programme: with j0 the best single
 * base, w_j0 = 1 - sum_{j != j0} w_j becomes the slack s of sum_{j != j0} w_j <= 1, and each row
 * reads sum_j (X_kj - X_kj0) w_j + u_k - v_k = y_k - X_kj0 with u, v >= 0 and cost sum (u + v).
 * The starting basis (u_k or v_k by the sign of the right-hand side, and s) is feasible, so no
 * phase 1 is needed. Bland's rule prevents cycling (LAD programmes are highly degenerate).
 */
pl_status pl_i_stack_lad(const double *X, const double *y, size_t n, size_t K, double *w)
{
    size_t j0 = 0;
    double best = INFINITY;
    for (size_t j = 0; j < K; j++) {
        double e = 0;
        for (size_t k = 0; k < n; k++) e += fabs(y[k] - X[k * K + j]);
        if (e < best) {
            best = e;
            j0 = j;
        }
    }
    for (size_t j = 0; j < K; j++) w[j] = j == j0 ? 1 : 0;
    if (n == 0 || K < 2) return PL_OK;
    size_t F = K - 1, m = n + 1, N = F + 2 * n + 1, W = N + 1;
    double *T = pl_calloc(m * W + N + W, sizeof(double));
    size_t *basis = pl_malloc(m * sizeof *basis);
    size_t *freej = pl_malloc(F * sizeof *freej);
    if (!T || !basis || !freej) {
        pl_free(T);
        pl_free(basis);
        pl_free(freej);
        return PL_ENOMEM;
    }
    double *cost = T + m * W, *z = cost + N; /* z: reduced costs (N) and -objective (z[N]) */
    for (size_t j = 0, a = 0; j < K; j++)
        if (j != j0) freej[a++] = j;
    for (size_t k = 0; k < n; k++) {
        double *row = T + k * W, r = y[k] - X[k * K + j0], sg = r >= 0 ? 1 : -1;
        for (size_t a = 0; a < F; a++) row[a] = sg * (X[k * K + freej[a]] - X[k * K + j0]);
        row[F + k] = sg;
        row[F + n + k] = -sg;
        row[N] = sg * r;
        basis[k] = sg > 0 ? F + k : F + n + k;
    }
    double *last = T + n * W;
    for (size_t a = 0; a < F; a++) last[a] = 1;
    last[F + 2 * n] = 1;
    last[N] = 1;
    basis[n] = F + 2 * n;
    for (size_t j = F; j < F + 2 * n; j++) cost[j] = 1;
    for (size_t j = 0; j <= N; j++) {
        double s = j < N ? cost[j] : 0;
        for (size_t i = 0; i < m; i++) s -= cost[basis[i]] * T[i * W + j];
        z[j] = s;
    }
    for (size_t iter = 0; iter < 100000; iter++) {
        size_t enter = N;
        for (size_t j = 0; j < N; j++)
            if (z[j] < -PIVOT_TOL) {
                enter = j;
                break;
            }
        if (enter == N) break;
        size_t leave = m;
        double ratio = INFINITY;
        for (size_t i = 0; i < m; i++) {
            double a = T[i * W + enter];
            if (a <= PIVOT_TOL) continue;
            double q = T[i * W + N] / a;
            if (leave == m || q < ratio - PL_TOL || (fabs(q - ratio) <= PL_TOL && basis[i] < basis[leave])) {
                ratio = q;
                leave = i;
            }
        }
        if (leave == m) break; /* unbounded cannot happen (the cost is bounded below by 0) */
        double *pr = T + leave * W, p = pr[enter];
        for (size_t j = 0; j <= N; j++) pr[j] /= p;
        for (size_t i = 0; i <= m; i++) {
            double *row = i < m ? T + i * W : z;
            if (i == leave) continue;
            double f = row[enter];
            if (f == 0) continue;
            for (size_t j = 0; j <= N; j++) row[j] -= f * pr[j];
        }
        basis[leave] = enter;
    }
    for (size_t j = 0; j < K; j++) w[j] = 0;
    for (size_t i = 0; i < m; i++) {
        double v = T[i * W + N];
        if (v < 0) v = 0;
        if (basis[i] < F) w[freej[basis[i]]] = v;
        else if (basis[i] == F + 2 * n) w[j0] = v;
    }
    double s = 0;
    for (size_t j = 0; j < K; j++) s += w[j];
    for (size_t j = 0; j < K; j++) w[j] = s > 0 ? w[j] / s : (j == j0 ? 1 : 0);
    pl_free(T);
    pl_free(basis);
    pl_free(freej);
    return PL_OK;
}

static pl_status stack_fit(const pl_forecast_input_t *const *train, const double *const *outcome,
                           size_t ntrain, double *params, pl_error_t *err)
{
    memcpy(params, defaults, sizeof defaults);
    size_t nobs = 0;
    for (size_t k = 0; k < ntrain; k++) nobs += train[k]->ndims;
    double *X = pl_malloc((nobs ? nobs : 1) * NBASE * sizeof(double));
    double *y = pl_malloc((nobs ? nobs : 1) * sizeof(double));
    pl_status st = X && y ? PL_OK : pl_i_fc_oom(err);
    for (size_t g = 0; g < NGROUP && st == PL_OK; g++) {
        size_t n = 0;
        for (size_t k = 0; k < ntrain; k++) {
            if (group_of(train[k]) != g) continue;
            for (size_t d = 0; d < train[k]->ndims; d++) {
                if (!isfinite(outcome[k][d]) || !bases(train[k], d, X + n * NBASE)) continue;
                y[n++] = outcome[k][d];
            }
        }
        /* the solver fails only for want of memory, and has no error record of its own */
        if (n > 0 && (st = pl_i_stack_lad(X, y, n, NBASE, params + g * NBASE)) == PL_ENOMEM)
            pl_i_fc_oom(err);
    }
    pl_free(X);
    pl_free(y);
    return st;
}

const pl_forecast_model_type pl_i_fc_stack_type = {
    "stack",
    "institutional stack: convex combination of compromise, Commission, Parliament, Council "
    "compromise, Council mean and reference point, weights per Council rule fitted by least "
    "absolute deviation",
    false, NPAR, defaults, stack_run, stack_fit, false};
