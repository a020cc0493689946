/*
 * dist.c: the distributions of uncertain scenario values (pl_uncertain.h): points, means,
 * draws, and our own samplers: Marsaglia-Tsang gamma, beta as a ratio of gammas, the truncated
 * normal by its inverse CDF (Acklam's approximation refined by a Halley step), Dirichlet from
 * gammas. Formulas and their published checks are in docs/uncertainty.md.
 */
#include <parley/pl_uncertain.h>

#define SQRT_2PI 2.5066282746310002

#include <math.h>
#include <stdio.h>
#include <string.h>

double pl_normal_cdf(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

double pl_normal_quantile(double p)
{
    if (!(p > 0)) return -INFINITY;
    if (!(p < 1)) return INFINITY;
    /* Acklam (2003): relative error 1.15e-9, then one Halley step on erfc */
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                               1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01, -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    double q, r, x;
    if (p < 0.02425) {
        q = sqrt(-2 * log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - 0.02425) {
        q = p - 0.5;
        r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        q = sqrt(-2 * log1p(-p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    double e = pl_normal_cdf(x) - p;
    double u = e * SQRT_2PI * exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}

double pl_rng_gamma(pl_rng_t *r, double shape)
{
    if (!(shape > 0)) return 0;
    if (shape < 1) {
        /* Gamma(k) = Gamma(k + 1) * U^(1/k) (Marsaglia and Tsang, section 6) */
        double g = pl_rng_gamma(r, shape + 1);
        double u = pl_rng_uniform(r);
        return g * pow(u > 0 ? u : 0x1p-53, 1 / shape);
    }
    double d = shape - 1.0 / 3, c = 1 / sqrt(9 * d);
    for (;;) {
        double x, v;
        do {
            x = pl_rng_normal(r);
            v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        double u = pl_rng_uniform(r);
        if (u < 1 - 0.0331 * x * x * x * x) return d * v;
        if (u > 0 && log(u) < 0.5 * x * x + d * (1 - v + log(v))) return d * v;
    }
}

double pl_rng_beta(pl_rng_t *r, double a, double b)
{
    double x = pl_rng_gamma(r, a), y = pl_rng_gamma(r, b);
    return x + y > 0 ? x / (x + y) : 0.5;
}

double pl_rng_truncnormal(pl_rng_t *r, double mean, double sd, double lo, double hi)
{
    if (!(sd > 0)) return fmin(fmax(mean, lo), hi);
    double pa = pl_normal_cdf((lo - mean) / sd), pb = pl_normal_cdf((hi - mean) / sd);
    double u = pl_rng_uniform(r);
    double x = mean + sd * pl_normal_quantile(pa + u * (pb - pa));
    /* the inverse CDF can land a hair outside when the interval is far in a tail */
    return fmin(fmax(x, lo), hi);
}

const char *pl_dist_name(pl_dist_kind k)
{
    static const char *const names[] = {"uniform", "triangular", "normal", "beta", "one_of", "dirichlet"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}

double pl_dist_point(const pl_dist_t *d)
{
    switch (d->kind) {
    case PL_DIST_UNIFORM: return (d->a + d->b) / 2;
    case PL_DIST_TRIANGULAR: return d->b;
    case PL_DIST_NORMAL: return fmin(fmax(d->a, d->lo), d->hi);
    case PL_DIST_BETA: {
        double f = d->a > 1 && d->b > 1 ? (d->a - 1) / (d->a + d->b - 2) : d->a / (d->a + d->b);
        return d->lo + (d->hi - d->lo) * f;
    }
    case PL_DIST_ONE_OF: {
        size_t best = 0;
        for (size_t k = 1; k < d->n; k++)
            if (d->weights[k] > d->weights[best]) best = k;
        return d->n ? d->values[best] : NAN;
    }
    default: return NAN;
    }
}

const char *pl_dist_point_kind(const pl_dist_t *d)
{
    if (d->kind == PL_DIST_UNIFORM || (d->kind == PL_DIST_BETA && !(d->a > 1 && d->b > 1)) ||
        d->kind == PL_DIST_DIRICHLET)
        return "mean";
    return "mode";
}

double pl_dist_mean(const pl_dist_t *d)
{
    switch (d->kind) {
    case PL_DIST_UNIFORM: return (d->a + d->b) / 2;
    case PL_DIST_TRIANGULAR: return (d->a + d->b + d->c) / 3;
    case PL_DIST_NORMAL: {
        if (!(d->b > 0)) return pl_dist_point(d);
        /* truncated normal: mean + sd * (phi(alpha) - phi(beta)) / (Phi(beta) - Phi(alpha)) */
        double al = (d->lo - d->a) / d->b, be = (d->hi - d->a) / d->b;
        double z = pl_normal_cdf(be) - pl_normal_cdf(al);
        double pa = isfinite(al) ? exp(-al * al / 2) : 0, pb = isfinite(be) ? exp(-be * be / 2) : 0;
        return z > 0 ? d->a + d->b * (pa - pb) / SQRT_2PI / z : pl_dist_point(d);
    }
    case PL_DIST_BETA: return d->lo + (d->hi - d->lo) * d->a / (d->a + d->b);
    case PL_DIST_ONE_OF: {
        double s = 0;
        for (size_t k = 0; k < d->n; k++) s += d->weights[k] * d->values[k];
        return s;
    }
    default: return NAN;
    }
}

static double sample_triangular(pl_rng_t *r, double a, double m, double b)
{
    double u = pl_rng_uniform(r);
    if (!(b > a)) return a;
    double fm = (m - a) / (b - a);
    if (u < fm) return a + sqrt(u * (b - a) * (m - a));
    return b - sqrt((1 - u) * (b - a) * (b - m));
}

double pl_dist_sample(const pl_dist_t *d, pl_rng_t *r, double *out)
{
    switch (d->kind) {
    case PL_DIST_UNIFORM: return d->a + (d->b - d->a) * pl_rng_uniform(r);
    case PL_DIST_TRIANGULAR: return sample_triangular(r, d->a, d->b, d->c);
    case PL_DIST_NORMAL: return pl_rng_truncnormal(r, d->a, d->b, d->lo, d->hi);
    case PL_DIST_BETA: return d->lo + (d->hi - d->lo) * pl_rng_beta(r, d->a, d->b);
    case PL_DIST_ONE_OF: {
        double u = pl_rng_uniform(r), acc = 0;
        for (size_t k = 0; k + 1 < d->n; k++) {
            acc += d->weights[k];
            if (u < acc) return d->values[k];
        }
        return d->n ? d->values[d->n - 1] : NAN;
    }
    case PL_DIST_DIRICHLET: {
        double total = 0, gsum = 0;
        for (size_t k = 0; k < d->n; k++) total += d->values[k];
        for (size_t k = 0; k < d->n; k++) {
            double alpha = total > 0 ? d->a * d->values[k] / total : 0;
            double g = alpha > 0 ? pl_rng_gamma(r, alpha) : 0;
            if (out) out[k] = g;
            gsum += g;
        }
        for (size_t k = 0; out && k < d->n; k++)
            out[k] = gsum > 0 ? total * out[k] / gsum : d->values[k];
        return NAN;
    }
    }
    return NAN;
}

void pl_dist_describe(const pl_dist_t *d, char *buf, size_t size)
{
    switch (d->kind) {
    case PL_DIST_UNIFORM: snprintf(buf, size, "uniform on [%g, %g]", d->a, d->b); break;
    case PL_DIST_TRIANGULAR:
        snprintf(buf, size, "triangular on [%g, %g], mode %g", d->a, d->c, d->b);
        break;
    case PL_DIST_NORMAL:
        snprintf(buf, size, "normal, mean %g, sd %g, on [%g, %g]", d->a, d->b, d->lo, d->hi);
        break;
    case PL_DIST_BETA:
        snprintf(buf, size, "beta(%g, %g) on [%g, %g]", d->a, d->b, d->lo, d->hi);
        break;
    case PL_DIST_ONE_OF: {
        size_t len = (size_t)snprintf(buf, size, "one of");
        for (size_t k = 0; k < d->n && len < size; k++)
            len += (size_t)snprintf(buf + len, size - len, "%s %g (%.0f%%)", k ? "," : "",
                                    d->values[k], 100 * d->weights[k]);
        break;
    }
    case PL_DIST_DIRICHLET:
        snprintf(buf, size, "Dirichlet, concentration %g, around the written values", d->a);
        break;
    default: snprintf(buf, size, "?");
    }
}

void pl_dist_destroy(pl_dist_t *d)
{
    if (!d) return;
    pl_free(d->values);
    pl_free(d->weights);
    d->values = d->weights = NULL;
    d->n = 0;
}

void pl_uncertain_destroy(pl_uncertain_t *u)
{
    if (!u) return;
    pl_free(u->path);
    pl_dist_destroy(&u->dist);
    pl_free(u->targets);
    memset(u, 0, sizeof *u);
}

void pl_target_range(pl_target_field f, double *lo, double *hi)
{
    *lo = 0;
    *hi = INFINITY;
    switch (f) {
    case PL_TARGET_RESERVATION:
    case PL_TARGET_PARTICIPATION:
    case PL_TARGET_EFFECT:
    case PL_TARGET_POSITION: *lo = -INFINITY; break;
    case PL_TARGET_DISCOUNT:
    case PL_TARGET_P_DEAL:
    case PL_TARGET_P_NO_DEAL: *hi = 1; break;
    default: break;
    }
}

double *pl_scenario_target(pl_scenario_t *sc, const pl_target_t *t)
{
    size_t i = t->i, j = t->j;
    switch (t->field) {
    case PL_TARGET_RESERVATION:
    case PL_TARGET_PARTICIPATION:
    case PL_TARGET_CLOUT:
    case PL_TARGET_SEATS:
    case PL_TARGET_DEFECTION_COST:
    case PL_TARGET_DISCOUNT:
    case PL_TARGET_DEADLINE: {
        if (i >= sc->nactors) return NULL;
        pl_actor_t *a = &sc->actors[i];
        double *f[] = {&a->reservation, &a->participation, &a->clout, &a->seats,
                       &a->defection_cost, &a->discount, &a->deadline};
        return f[t->field - PL_TARGET_RESERVATION];
    }
    case PL_TARGET_SALIENCE:
    case PL_TARGET_POSITION:
    case PL_TARGET_WEIGHT: {
        if (i >= sc->nactors || j >= sc->nissues || !sc->actors[i].stances) return NULL;
        pl_stance_t *s = &sc->actors[i].stances[j];
        return t->field == PL_TARGET_SALIENCE ? &s->salience
             : t->field == PL_TARGET_POSITION ? &s->position : &s->weight;
    }
    case PL_TARGET_INSTRUMENT_MAX:
        if (i >= sc->nactors || j >= sc->actors[i].ninstruments) return NULL;
        return &sc->actors[i].instruments[j].max;
    case PL_TARGET_QUOTA: return i < sc->nratifications ? &sc->ratifications[i].quota : NULL;
    case PL_TARGET_P_DEAL: return i < sc->nlinkages ? &sc->linkages[i].p_deal : NULL;
    case PL_TARGET_P_NO_DEAL: return i < sc->nlinkages ? &sc->linkages[i].p_no_deal : NULL;
    case PL_TARGET_EFFECT:
        if (i >= sc->nlinkages || j >= sc->nactors || !sc->linkages[i].effect) return NULL;
        return &sc->linkages[i].effect[j];
    }
    return NULL;
}
