/*
 * measure.c: how good an outcome is for the parties: Euclidean distance, in the parties'
 * utility space, to the nearest Pareto-optimal rational outcome and to the Nash point
 * (max prod (u - threshold) over rational outcomes), both from the analysis engine;
 * and batches of sessions run in parallel with per-session streams.
 */
#include "sim_internal.h"

#include <parley/pl_analysis.h>

#include <stdlib.h>
#include <string.h>

#define PL_I_MEASURE_S 10.0 /* seconds for a frontier without enumeration (2014 domains) */

#ifdef _OPENMP
#include <omp.h>
#endif

pl_status pl_sim_measure(const pl_model_t *m, const size_t *outcome, pl_sim_measure_t *out,
                         pl_error_t *err)
{
    memset(out, 0, sizeof *out);
    out->nash = UINT64_MAX;
    out->pareto_distance = out->nash_distance = NAN;
    size_t k = pl_model_nparties(m);
    out->nparties = k;
    size_t *parties = pl_malloc((k ? k : 1) * sizeof *parties);
    double *x = pl_malloc((k ? k : 1) * sizeof(double));
    if (!parties || !x) {
        pl_free(parties);
        pl_free(x);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t j = 0; j < k; j++) {
        size_t p = parties[j] = pl_model_party(m, j);
        x[j] = outcome ? pl_model_utility(m, p, outcome) : pl_model_threshold(m, p);
    }
    /* the analysis engine's exact frontier (additive merge or enumeration) and Nash point */
    pl_frontier_t *f = NULL;
    pl_points_t pts;
    pl_points_init(&pts);
    /* a rectangle search past the time limit measures against the points found so far */
    pl_status s = pl_frontier_compute_timed(m, parties, k, PL_FRONTIER_AUTO, 0, PL_I_MEASURE_S, &f,
                                            err);
    pl_free(parties);
    if (s == PL_OK) s = pl_points_compute(m, f, &pts, err);
    if (s != PL_OK) {
        pl_frontier_free(f);
        pl_free(x);
        return s;
    }
    out->frontier_size = f->saturated || f->total > SIZE_MAX ? SIZE_MAX : (size_t)f->total;
    double best = INFINITY;
    for (size_t q = 0; q < f->npoints; q++) {
        double d = 0;
        for (size_t j = 0; j < k; j++) {
            double dd = f->u[q * k + j] - x[j];
            d += dd * dd;
        }
        if (d < best) best = d;
    }
    if (f->npoints) out->pareto_distance = sqrt(best);
    if (pts.nash.found) {
        uint64_t n;
        if (pl_model_space_size(m, &n)) out->nash = pl_model_outcome_index(m, pts.nash.outcome);
        double d = 0;
        for (size_t j = 0; j < k; j++) {
            double dd = pts.nash.u[j] - x[j];
            d += dd * dd;
        }
        out->nash_distance = sqrt(d);
    }
    pl_free(x);
    pl_points_destroy(&pts);
    pl_frontier_free(f);
    return PL_OK;
}

void pl_sim_batch_destroy(pl_sim_batch_t *b)
{
    if (!b) return;
    pl_free(b->mean_utility);
    pl_free(b->outcome);
    pl_free(b->rounds);
    memset(b, 0, sizeof *b);
}

pl_status pl_sim_batch_run(const pl_model_t *m, const pl_protocol_type *protocol,
                           const pl_sim_options_t *opt, size_t n, pl_sim_batch_t *out,
                           pl_error_t *err)
{
    memset(out, 0, sizeof *out);
    pl_sim_options_t base;
    if (opt) base = *opt;
    else pl_sim_options_init(&base);
    pl_sim_cache_t *own = NULL;
    if (!base.cache) {
        PL_CHECK(pl_sim_cache_alloc(m, &own, err));
        base.cache = own;
    }
    size_t na = pl_model_nactors(m);
    out->nsessions = n;
    out->mean_utility = pl_calloc(na ? na : 1, sizeof(double));
    out->outcome = pl_calloc(n ? n : 1, sizeof(uint64_t));
    out->rounds = pl_calloc(n ? n : 1, sizeof(size_t));
    double *util = pl_calloc((n ? n : 1) * (na ? na : 1), sizeof(double));
    pl_status *sts = pl_calloc(n ? n : 1, sizeof(pl_status));
    if (!out->mean_utility || !out->outcome || !out->rounds || !util || !sts) {
        pl_free(util);
        pl_free(sts);
        pl_sim_cache_free(own);
        pl_sim_batch_destroy(out);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    long nn = (long)n;
#pragma omp parallel for schedule(dynamic, 1)
    for (long i = 0; i < nn; i++) {
        pl_sim_options_t o = base;
        o.stream = base.stream + (uint64_t)i;
        o.record = false;
        pl_session_t *s = NULL;
        pl_status st = pl_session_alloc(m, protocol, &o, &s, NULL);
        if (st == PL_OK) st = pl_session_run(s, NULL);
        sts[i] = st;
        if (st == PL_OK) {
            const pl_sim_result_t *r = pl_session_result(s);
            out->outcome[i] = r->agreement ? pl_model_outcome_index(m, r->outcome) : UINT64_MAX;
            out->rounds[i] = r->rounds;
            for (size_t a = 0; a < na; a++) util[(size_t)i * na + a] = r->utility[a];
        }
        pl_session_free(s);
    }
    pl_status st = PL_OK;
    for (size_t i = 0; i < n; i++) {
        if (sts[i] != PL_OK && st == PL_OK) st = sts[i];
        if (out->outcome[i] != UINT64_MAX) out->agreements++;
        out->total_rounds += out->rounds[i];
        for (size_t a = 0; a < na; a++) out->mean_utility[a] += util[i * na + a];
    }
    if (n)
        for (size_t a = 0; a < na; a++) out->mean_utility[a] /= (double)n;
    pl_free(util);
    pl_free(sts);
    pl_sim_cache_free(own);
    if (st != PL_OK) {
        pl_sim_batch_destroy(out);
        return pl_error_set(err, st, "a session of the batch failed: %s", pl_strerror(st));
    }
    return PL_OK;
}
