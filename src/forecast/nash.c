/*
 * nash.c: the asymmetric Nash bargaining solution with a reference point, per dimension.
 * Utility u_i(x) = 1 - s_i |x - x_i| / (hi - lo); the forecast maximises
 * sum_i c_i log(u_i(x) - u_i(ref)) over the x every actor prefers to the reference,
 * i.e. |x - x_i| < |ref - x_i| for every actor with c_i s_i > 0. The objective is concave, so its
 * derivative (decreasing) is bisected on the feasible interval. No feasible point: the
 * reference. No reference: the compromise (noted in the result).
 */
#include "forecast_internal.h"

#include <stdio.h>

/* derivative of the objective (without the common 1/Delta and s_i factors that cancel in
 * c_i * s_i / (s_i (d_i - |x - x_i|))) */
static double slope(const double *x, const double *dist, const double *c, size_t n, double at)
{
    double g = 0;
    for (size_t k = 0; k < n; k++) {
        double gap = dist[k] - fabs(at - x[k]);
        double sgn = at > x[k] ? -1.0 : (at < x[k] ? 1.0 : 0.0);
        g += c[k] * sgn / gap;
    }
    return g;
}

static pl_status nash_run(const pl_forecast_input_t *in, const pl_forecast_options_t *opt,
                          pl_forecast_result_t *res, pl_error_t *err)
{
    (void)opt;
    PL_CHECK(pl_i_fc_result_setup(res, in, false, 0, false, err));
    size_t n = in->nactors;
    double *buf = pl_malloc((n ? n : 1) * 3 * sizeof(double));
    if (!buf) return pl_i_fc_oom(err);
    double *x = buf, *dist = buf + n, *c = buf + 2 * n;
    int noref = 0, nofeasible = 0;
    for (size_t d = 0; d < in->ndims; d++) {
        double ref = in->reference[d];
        if (!isfinite(ref)) {
            res->forecast[d] = pl_i_fc_compromise(in, d);
            noref++;
            continue;
        }
        double lo = in->lo[d], hi = in->hi[d];
        size_t k = 0;
        bool any = false;
        for (size_t a = 0; a < n; a++) {
            double p = in->position[a * in->ndims + d];
            if (!isfinite(p)) continue;
            any = true;
            double w = in->capability[a] * in->salience[a * in->ndims + d];
            if (!(w > 0)) continue; /* indifferent: u_i constant, no say */
            x[k] = p;
            dist[k] = fabs(ref - p);
            c[k] = in->capability[a];
            double l = p - dist[k], h = p + dist[k];
            if (l > lo) lo = l;
            if (h < hi) hi = h;
            k++;
        }
        if (!any) continue;
        if (k == 0 || !(hi > lo)) {
            res->forecast[d] = ref;
            nofeasible++;
            continue;
        }
        /* open interval (lo, hi): the slope is +inf near lo and -inf near hi */
        double a = lo, b = hi;
        for (int it = 0; it < 200 && b - a > PL_TOL * (1 + fabs(a)); it++) {
            double m = 0.5 * (a + b);
            double g = slope(x, dist, c, k, m);
            if (g > 0)
                a = m;
            else
                b = m;
        }
        res->forecast[d] = 0.5 * (a + b);
    }
    if (noref || nofeasible)
        snprintf(res->note, sizeof res->note,
                 "%d dimension(s) without a reference point (compromise used), %d without a point "
                 "every actor prefers to the reference (reference used)",
                 noref, nofeasible);
    pl_free(buf);
    return PL_OK;
}

const pl_forecast_model_type pl_i_fc_nash_type = {
    "nash", "asymmetric Nash bargaining solution over the reference point (linear loss)", false, 0,
    NULL, nash_run, NULL, false};
