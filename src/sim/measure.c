/*
 * measure.c: how good an outcome is for the parties: Euclidean distance, in the parties'
 * utility space, to the nearest Pareto-optimal rational outcome and to the Nash point
 * (max prod (u - threshold) over rational outcomes), by enumerating the outcome space;
 * and batches of sessions run in parallel with per-session streams.
 */
#include "sim_internal.h"

#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#define MEASURE_MAX (UINT64_C(1) << 24)


pl_status pl_sim_measure(const pl_model_t *m, const size_t *outcome, pl_sim_measure_t *out,
                         pl_error_t *err)
{
    memset(out, 0, sizeof *out);
    out->nash = UINT64_MAX;
    out->pareto_distance = out->nash_distance = NAN;
    size_t k = m->nparties;
    out->nparties = k;
    uint64_t n;
    if (!pl_model_space_size(m, &n) || n > MEASURE_MAX)
        return pl_error_set(err, PL_ETOOBIG, "outcome space too large to enumerate the frontier");
    double *U = pl_malloc((size_t)n * (k ? k : 1) * sizeof(double));
    size_t *o = pl_calloc(m->nissues, sizeof *o);
    size_t *front = pl_malloc((size_t)(n ? n : 1) * sizeof *front);
    size_t *rat = pl_malloc((size_t)(n ? n : 1) * sizeof *rat);
    double *x = pl_malloc((k ? k : 1) * sizeof(double));
    if (!U || !o || !front || !rat || !x) {
        pl_free(U);
        pl_free(o);
        pl_free(front);
        pl_free(rat);
        pl_free(x);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    size_t nrat = 0;
    double best_nash = -1;
    for (uint64_t q = 0; q < n; q++) {
        pl_i_decode(m, q, o);
        bool ok = true;
        double prod = 1;
        for (size_t j = 0; j < k; j++) {
            size_t p = m->parties[j];
            U[q * k + j] = pl_model_utility(m, p, o);
            if (ok && !pl_model_accepts(m, p, o)) ok = false;
            prod *= U[q * k + j] - m->threshold[p];
        }
        if (!ok) continue;
        rat[nrat++] = (size_t)q;
        if (prod > best_nash + 1e-15) {
            best_nash = prod;
            out->nash = q;
        }
    }
    /* frontier: keep rational outcomes no other rational outcome dominates; visiting them in
     * decreasing sum of utilities means a dominator is always seen before what it dominates */
    size_t nf = 0;
    {
        /* sort rational indices by decreasing utility sum (insertion into a heap-free qsort) */
        double *key = pl_malloc((nrat ? nrat : 1) * sizeof(double));
        size_t *ord = pl_malloc((nrat ? nrat : 1) * sizeof(size_t));
        if (!key || !ord) {
            pl_free(key);
            pl_free(ord);
            pl_free(U);
            pl_free(o);
            pl_free(front);
            pl_free(rat);
            pl_free(x);
            return pl_error_set(err, PL_ENOMEM, "out of memory");
        }
        for (size_t r = 0; r < nrat; r++) {
            double sum = 0;
            for (size_t j = 0; j < k; j++) sum += U[rat[r] * k + j];
            key[r] = sum;
            ord[r] = r;
        }
        /* simple shell sort on ord by key desc, index asc (deterministic) */
        for (size_t gap = nrat / 2; gap > 0; gap /= 2)
            for (size_t i = gap; i < nrat; i++) {
                size_t t = ord[i];
                size_t j = i;
                while (j >= gap && (key[ord[j - gap]] < key[t] ||
                                    (key[ord[j - gap]] == key[t] && ord[j - gap] > t))) {
                    ord[j] = ord[j - gap];
                    j -= gap;
                }
                ord[j] = t;
            }
        for (size_t r = 0; r < nrat; r++) {
            const double *a = &U[rat[ord[r]] * k];
            bool dominated = false;
            for (size_t f = 0; f < nf && !dominated; f++) {
                const double *b = &U[front[f] * k];
                bool ge = true, gt = false;
                for (size_t j = 0; j < k; j++) {
                    if (b[j] < a[j] - 1e-12) ge = false;
                    if (b[j] > a[j] + 1e-12) gt = true;
                }
                dominated = ge && gt;
            }
            if (!dominated) front[nf++] = rat[ord[r]];
        }
        pl_free(key);
        pl_free(ord);
    }
    out->frontier_size = nf;
    for (size_t j = 0; j < k; j++) {
        size_t p = m->parties[j];
        x[j] = outcome ? pl_model_utility(m, p, outcome) : m->threshold[p];
    }
    double best = INFINITY;
    for (size_t f = 0; f < nf; f++) {
        double d = 0;
        for (size_t j = 0; j < k; j++) {
            double dd = U[front[f] * k + j] - x[j];
            d += dd * dd;
        }
        if (d < best) best = d;
    }
    out->pareto_distance = nf ? sqrt(best) : NAN;
    if (out->nash != UINT64_MAX) {
        double d = 0;
        for (size_t j = 0; j < k; j++) {
            double dd = U[out->nash * k + j] - x[j];
            d += dd * dd;
        }
        out->nash_distance = sqrt(d);
    }
    pl_free(U);
    pl_free(o);
    pl_free(front);
    pl_free(rat);
    pl_free(x);
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
    size_t na = m->nactors;
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
        if (st == PL_OK) st = pl_session_run(s);
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
