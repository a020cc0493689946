/*
 * flip.c: what flips the answer: breakpoints (one uncertain value moved, the others at their
 * points: a grid, then bisection of every change to 1e-9), the one-at-a-time tornado, and
 * Sobol indices (Saltelli's design, Jansen's estimators, bootstrap intervals).
 */
#include "explore_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GRID 65
#define BISECT_TOL 1e-9

void pl_explore_scan_range(const pl_uncertain_t *u, bool tornado, double *lo, double *hi)
{
    const pl_dist_t *d = &u->dist;
    double a = d->lo, b = d->hi;
    if (d->kind == PL_DIST_NORMAL) {
        /* the 5% and 95% quantiles of the truncated normal */
        double pa = pl_normal_cdf((d->lo - d->a) / d->b), pb = pl_normal_cdf((d->hi - d->a) / d->b);
        if (d->b > 0) {
            a = d->a + d->b * pl_normal_quantile(pa + 0.05 * (pb - pa));
            b = d->a + d->b * pl_normal_quantile(pa + 0.95 * (pb - pa));
        } else {
            a = b = pl_dist_point(d);
        }
        if (!tornado) {
            a = fmax(d->lo, d->a - 4 * d->b);
            b = fmin(d->hi, d->a + 4 * d->b);
        }
    }
    if (!tornado && u->ntargets) {
        pl_target_field f = u->targets[0].field;
        if (f == PL_TARGET_RESERVATION || f == PL_TARGET_PARTICIPATION || f == PL_TARGET_P_DEAL ||
            f == PL_TARGET_P_NO_DEAL) {
            a = fmin(a, 0);
            b = fmax(b, 1);
        }
    }
    *lo = a;
    *hi = b;
}

typedef struct probe {
    pl_i_world w;
    pl_i_evalbuf b;
    bool en;
    uint64_t nfeasible;
    bool *pass, *piv;
} probe;

static pl_status probe_init(probe *p, const pl_scenario_t *sc, pl_error_t *err)
{
    memset(p, 0, sizeof *p);
    if (!pl_i_world_init(&p->w, sc) || !pl_i_evalbuf_init(&p->b, sc))
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_i_world_points(&p->w);
    pl_model_t *m = NULL;
    PL_CHECK(pl_model_compile(sc, &m, err));
    uint64_t space;
    p->en = pl_model_space_size(m, &space) && space <= PL_EXPLORE_MAX_SPACE;
    pl_model_free(m);
    return PL_OK;
}

static void probe_destroy(probe *p)
{
    pl_i_world_destroy(&p->w);
    pl_i_evalbuf_destroy(&p->b);
}

/* Evaluate the world with value k at x. */
static pl_status at(probe *p, size_t k, double x, pl_error_t *err)
{
    pl_i_world_set(&p->w, k, x);
    return pl_i_world_eval(&p->w.sc, p->en, &p->b, NULL, err);
}

/* The headline as one comparable vector: feasible > 0, proposals, pivotal actors. */
static size_t headline(const probe *p, bool *h)
{
    size_t n = 0;
    h[n++] = p->b.ev.nfeasible > 0;
    for (size_t q = 0; q < p->b.nproposals; q++) h[n++] = p->b.ev.proposal_pass[q];
    for (size_t a = 0; a < p->b.nactors; a++) h[n++] = p->b.ev.pivotal[a];
    return n;
}

static pl_status push(pl_breakpoint_t **out, size_t *n, size_t *cap, pl_breakpoint_t bp, pl_error_t *err)
{
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        pl_breakpoint_t *nb = pl_realloc(*out, nc * sizeof *nb);
        if (!nb) return pl_error_set(err, PL_ENOMEM, "out of memory");
        *out = nb;
        *cap = nc;
    }
    (*out)[(*n)++] = bp;
    return PL_OK;
}

/* Bisect [x0, x1] (headline h0 at x0 differs from h1 at x1 in entry e) to BISECT_TOL. */
static pl_status bisect(probe *p, size_t k, double x0, double x1, size_t e, bool v0, double *xb,
                        pl_error_t *err)
{
    bool *h = p->pass;
    while (x1 - x0 > BISECT_TOL) {
        double xm = x0 + (x1 - x0) / 2;
        PL_CHECK(at(p, k, xm, err));
        headline(p, h);
        if (h[e] == v0) x0 = xm;
        else x1 = xm;
    }
    *xb = x0 + (x1 - x0) / 2;
    return PL_OK;
}

static pl_status breakpoints_of(probe *p, size_t k, pl_breakpoint_t **out, size_t *n, size_t *cap,
                                pl_error_t *err)
{
    const pl_uncertain_t *u = &p->w.base->uncertain[k];
    double lo, hi;
    pl_explore_scan_range(u, false, &lo, &hi);
    if (!(hi > lo)) return PL_OK;
    size_t nh = 1 + p->b.nproposals + p->b.nactors;
    bool *prev = pl_calloc(2 * nh, sizeof(bool)), *cur = prev + nh;
    uint64_t *nf = pl_calloc(GRID, sizeof *nf);
    bool *grid = pl_calloc(GRID * nh, sizeof(bool));
    pl_status st = prev && nf && grid ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t g = 0; st == PL_OK && g < GRID; g++) {
        st = at(p, k, lo + (hi - lo) * (double)g / (GRID - 1), err);
        if (st == PL_OK) {
            headline(p, grid + g * nh);
            nf[g] = p->b.ev.nfeasible;
        }
    }
    for (size_t g = 1; st == PL_OK && g < GRID; g++) {
        const bool *h0 = grid + (g - 1) * nh, *h1 = grid + g * nh;
        double x0 = lo + (hi - lo) * (double)(g - 1) / (GRID - 1), x1 = lo + (hi - lo) * (double)g / (GRID - 1);
        for (size_t e = 0; st == PL_OK && e < nh; e++) {
            if (h0[e] == h1[e]) continue;
            double xb;
            st = bisect(p, k, x0, x1, e, h0[e], &xb, err);
            if (st != PL_OK) break;
            pl_breakpoint_t bp = {.uncertain = k, .at = xb, .below = h0[e], .above = h1[e],
                                  .nbelow = nf[g - 1], .nabove = nf[g]};
            if (e == 0) bp.kind = PL_FLIP_FEASIBLE;
            else if (e <= p->b.nproposals) {
                bp.kind = PL_FLIP_PROPOSAL;
                bp.index = e - 1;
            } else {
                bp.kind = PL_FLIP_PIVOTAL;
                bp.index = e - 1 - p->b.nproposals;
            }
            st = push(out, n, cap, bp, err);
        }
    }
    (void)cur;
    pl_free(prev);
    pl_free(nf);
    pl_free(grid);
    pl_i_world_set(&p->w, k, u->point);
    return st;
}

pl_status pl_explore_breakpoints(const pl_scenario_t *sc, pl_breakpoint_t **out, size_t *n,
                                 pl_error_t *err)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    probe p;
    pl_status st = probe_init(&p, sc, err);
    size_t nh = 1 + sc->nproposals + sc->nactors;
    p.pass = st == PL_OK ? pl_calloc(nh, sizeof(bool)) : NULL;
    if (st == PL_OK && !p.pass) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; st == PL_OK && k < sc->nuncertain; k++)
        if (sc->uncertain[k].dist.kind != PL_DIST_DIRICHLET)
            st = breakpoints_of(&p, k, out, n, &cap, err);
    pl_free(p.pass);
    probe_destroy(&p);
    if (st != PL_OK) {
        pl_free(*out);
        *out = NULL;
        *n = 0;
    }
    return st;
}

pl_status pl_explore_tornado(const pl_scenario_t *sc, pl_tornado_t *out, pl_error_t *err)
{
    probe p;
    pl_status st = probe_init(&p, sc, err);
    for (size_t k = 0; st == PL_OK && k < sc->nuncertain; k++) {
        const pl_uncertain_t *u = &sc->uncertain[k];
        pl_tornado_t *t = &out[k];
        memset(t, 0, sizeof *t);
        t->uncertain = k;
        bool dir = u->dist.kind == PL_DIST_DIRICHLET;
        double lo = NAN, hi = NAN;
        if (!dir) pl_explore_scan_range(u, true, &lo, &hi);
        t->lo = lo;
        t->hi = hi;
        for (int end = 0; end < 2 && st == PL_OK; end++) {
            st = dir ? pl_i_world_eval(&p.w.sc, p.en, &p.b, NULL, err) : at(&p, k, end ? hi : lo, err);
            if (st != PL_OK) break;
            size_t passing = 0;
            for (size_t q = 0; q < sc->nproposals; q++) passing += p.b.ev.proposal_pass[q];
            if (end) {
                t->feasible_hi = p.b.ev.nfeasible;
                t->passing_hi = passing;
            } else {
                t->feasible_lo = p.b.ev.nfeasible;
                t->passing_lo = passing;
            }
        }
        if (!dir) pl_i_world_set(&p.w, k, u->point);
    }
    probe_destroy(&p);
    return st;
}

/* ---- Sobol ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void jansen(const double *fA, const double *fB, const double *fABi, const size_t *rows,
                   size_t N, double *first, double *total)
{
    double s = 0, s2 = 0, d1 = 0, dt = 0;
    for (size_t r = 0; r < N; r++) {
        size_t j = rows ? rows[r] : r;
        s += fA[j] + fB[j];
        s2 += fA[j] * fA[j] + fB[j] * fB[j];
        d1 += (fB[j] - fABi[j]) * (fB[j] - fABi[j]);
        dt += (fA[j] - fABi[j]) * (fA[j] - fABi[j]);
    }
    double mean = s / (2.0 * (double)N), V = s2 / (2.0 * (double)N) - mean * mean;
    if (!(V > 1e-300)) {
        *first = *total = 0;
        return;
    }
    *first = (V - d1 / (2.0 * (double)N)) / V;
    *total = dt / (2.0 * (double)N) / V;
}

pl_status pl_sobol_jansen(const double *fA, const double *fB, const double *fAB, size_t N, size_t d,
                          size_t nboot, uint64_t seed, pl_sobol_index_t *out, pl_error_t *err)
{
    if (!N) return pl_error_set(err, PL_EINVAL, "no samples");
    size_t *rows = pl_malloc(N * sizeof *rows);
    double *bf = pl_malloc((nboot ? nboot : 1) * sizeof *bf), *bt = pl_malloc((nboot ? nboot : 1) * sizeof *bt);
    if (!rows || !bf || !bt) {
        pl_free(rows);
        pl_free(bf);
        pl_free(bt);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < d; i++) {
        pl_sobol_index_t *o = &out[i];
        jansen(fA, fB, fAB + i * N, NULL, N, &o->first, &o->total);
        for (size_t b = 0; b < nboot; b++) {
            pl_rng_t r;
            pl_rng_stream(&r, seed, b); /* the same resamples for every input */
            for (size_t j = 0; j < N; j++) rows[j] = (size_t)pl_rng_below(&r, N);
            jansen(fA, fB, fAB + i * N, rows, N, &bf[b], &bt[b]);
        }
        if (nboot) {
            qsort(bf, nboot, sizeof *bf, cmp_double);
            qsort(bt, nboot, sizeof *bt, cmp_double);
            size_t l = (size_t)floor(0.025 * (double)(nboot - 1)), h = (size_t)ceil(0.975 * (double)(nboot - 1));
            o->first_lo = bf[l];
            o->first_hi = bf[h];
            o->total_lo = bt[l];
            o->total_hi = bt[h];
        } else {
            o->first_lo = o->first_hi = o->first;
            o->total_lo = o->total_hi = o->total;
        }
    }
    pl_free(rows);
    pl_free(bf);
    pl_free(bt);
    return PL_OK;
}
