/*
 * engines.c: what the simulate and forecast engines of explore share: checking scenarios and
 * the slice of worlds, drawing a world, order-independent exact sums (128-bit fixed point),
 * and the summary (mean, sd, quantiles) of one model's forecasts over the worlds.
 */
#include "engines_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

pl_status pl_i_engine_setup(const pl_scenario_t *const *sc, const double *weights, size_t nsc,
                            const pl_explore_opts_t *o, pl_i_engine *e, pl_error_t *err)
{
    memset(e, 0, sizeof *e);
    if (!o) return pl_error_set(err, PL_EINVAL, "no options given");
    if (nsc > 64) return pl_error_set(err, PL_EINVAL, "more than 64 weighted variants");
    for (size_t v = 1; v < nsc; v++) {
        const pl_scenario_t *a = sc[0], *b = sc[v];
        bool same = a->nissues == b->nissues && a->nactors == b->nactors &&
                    a->nproposals == b->nproposals;
        for (size_t i = 0; same && i < a->nissues; i++)
            same = a->issues[i].nvalues == b->issues[i].nvalues;
        for (size_t x = 0; same && x < a->nactors; x++)
            same = strcmp(a->actors[x].name, b->actors[x].name) == 0;
        if (!same)
            return pl_error_set(err, PL_EINVAL, "variant '%s' changes the issues, actors or proposals: "
                                "explore it alone (--variant)", b->variant ? b->variant : "?");
    }
    for (size_t v = 0; v < nsc; v++) {
        double w = weights ? weights[v] : 1;
        if (!(w > 0) || !isfinite(w)) return pl_error_set(err, PL_EINVAL, "variant weights must be > 0");
        e->cum[v] = (v ? e->cum[v - 1] : 0) + w;
    }
    e->nsc = nsc;
    e->N = o->worlds ? o->worlds : 1000;
    e->first = o->first;
    if (e->first > e->N) return pl_error_set(err, PL_EINVAL, "worlds out of range");
    e->count = o->count ? o->count : e->N - e->first;
    if (e->count > e->N - e->first) return pl_error_set(err, PL_EINVAL, "worlds out of range");
    e->threads = 1;
#ifdef _OPENMP
    e->threads = o->threads > 0 ? o->threads : omp_get_max_threads();
#endif
    return PL_OK;
}

size_t pl_i_engine_draw(const pl_i_engine *e, pl_i_world *worlds, pl_rng_t *r)
{
    size_t v = 0;
    if (e->nsc > 1) {
        /* the same draw as pl_explore_run: one uniform scaled to the total weight */
        double u = pl_rng_uniform(r) * e->cum[e->nsc - 1];
        while (v + 1 < e->nsc && u >= e->cum[v]) v++;
    }
    pl_i_world *w = &worlds[v];
    for (size_t k = 0; k < w->base->nuncertain; k++) pl_i_world_draw(w, k, r);
    return v;
}

void pl_i_engine_progress(const pl_explore_opts_t *o, uint64_t *done, uint64_t total)
{
    if (!o->progress) return;
    uint64_t d;
#pragma omp atomic capture
    d = ++*done;
#ifdef _OPENMP
    if (omp_get_thread_num() != 0) return;
#endif
    if ((d & 15) == 0) o->progress(d, total, o->progress_ctx);
}

/* ---- exact sums ---- */

#define SUM_SCALE 4294967296.0 /* 2^32 */
#define SUM_LIMIT 1073741824.0 /* 2^30 */

void pl_explore_sum_add(pl_explore_sum_t *s, double x)
{
    if (isnan(x)) return;
    x = x > SUM_LIMIT ? SUM_LIMIT : x < -SUM_LIMIT ? -SUM_LIMIT : x;
    int64_t v = (int64_t)llround(x * SUM_SCALE);
    uint64_t lo = s->lo + (uint64_t)v;
    /* two's complement 128-bit addition: v sign-extended (hi part -1 or 0), plus the carry
     * out of the low word */
    s->hi += (lo < s->lo ? 1 : 0) + (v < 0 ? -1 : 0);
    s->lo = lo;
}

void pl_explore_sum_merge(pl_explore_sum_t *a, const pl_explore_sum_t *b)
{
    uint64_t lo = a->lo + b->lo;
    a->hi += b->hi + (lo < a->lo ? 1 : 0);
    a->lo = lo;
}

double pl_explore_sum_value(const pl_explore_sum_t *s)
{
    int64_t hi = s->hi;
    uint64_t lo = s->lo;
    bool neg = hi < 0;
    if (neg) { /* negate, so that a small negative sum keeps its precision */
        lo = ~lo + 1;
        hi = ~hi + (lo == 0 ? 1 : 0);
    }
    double v = ((double)hi * 18446744073709551616.0 + (double)lo) / SUM_SCALE;
    return neg ? -v : v;
}

/* ---- forecast summaries ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Hyndman and Fan's type 7: h = (n - 1) p, interpolate between x[floor h] and x[floor h + 1]. */
static double quantile(const double *x, uint64_t n, double p)
{
    double h = (double)(n - 1) * p;
    uint64_t k = (uint64_t)floor(h);
    if (k + 1 >= n) return x[n - 1];
    return x[k] + (h - (double)k) * (x[k + 1] - x[k]);
}

pl_status pl_explore_forecast_stats(const pl_explore_forecast_result_t *r, size_t m, size_t d,
                                    pl_explore_stats_t *out, pl_error_t *err)
{
    if (!r || m >= r->nmodels || d >= r->ndims)
        return pl_error_set(err, PL_EINVAL, "no such model or dimension");
    double *x = pl_malloc((r->worlds ? r->worlds : 1) * sizeof *x);
    if (!x) return pl_error_set(err, PL_ENOMEM, "out of memory");
    uint64_t n = 0;
    double sum = 0;
    for (uint64_t w = 0; w < r->worlds; w++) {
        double v = r->value[(w * r->nmodels + m) * r->ndims + d];
        if (isfinite(v)) {
            x[n++] = v;
            sum += v; /* in world order: the same for any thread count */
        }
    }
    *out = (pl_explore_stats_t){.n = n, .mean = NAN, .sd = NAN, .se = NAN, .q05 = NAN, .q50 = NAN,
                                .q95 = NAN};
    if (n) {
        double mean = sum / (double)n, ss = 0;
        for (uint64_t k = 0; k < n; k++) ss += (x[k] - mean) * (x[k] - mean);
        out->mean = mean;
        out->sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
        out->se = out->sd / sqrt((double)n);
        qsort(x, (size_t)n, sizeof *x, cmp_double);
        out->q05 = quantile(x, n, 0.05);
        out->q50 = quantile(x, n, 0.5);
        out->q95 = quantile(x, n, 0.95);
    }
    pl_free(x);
    return PL_OK;
}
