/*
 * explore.c: pl_explore_run: N worlds, world i from rng stream (seed, i), tallied as integer
 * counts per thread and summed, so the result is the same for any number of threads or MPI
 * ranks (each computes a slice [first, first + count) and pl_explore_merge adds them up).
 */
#include "explore_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

void pl_explore_free(pl_explore_result_t *r)
{
    if (!r) return;
    pl_free(r->proposal_pass);
    pl_free(r->blocks);
    pl_free(r->pivotal);
    pl_free(r->variant_worlds);
    pl_free(r->package_pass);
    pl_free(r->nash);
    pl_free(r);
}

static pl_explore_result_t *result_new(const pl_scenario_t *sc, size_t nsc, bool enumerate,
                                       uint64_t space)
{
    pl_explore_result_t *r = pl_calloc(1, sizeof *r);
    if (!r) return NULL;
    r->nproposals = sc->nproposals;
    r->nactors = sc->nactors;
    r->nvariants = nsc;
    r->enumerated = enumerate;
    r->space = enumerate ? space : 0;
    r->proposal_pass = pl_calloc(sc->nproposals + 1, sizeof(uint64_t));
    r->blocks = pl_calloc(sc->nactors + 1, sizeof(uint64_t));
    r->pivotal = pl_calloc(sc->nactors + 1, sizeof(uint64_t));
    r->variant_worlds = pl_calloc(nsc + 1, sizeof(uint64_t));
    r->package_pass = pl_calloc(enumerate ? space : 1, sizeof(uint64_t));
    r->nash = pl_calloc(enumerate ? space : 1, sizeof(uint64_t));
    if (!r->proposal_pass || !r->blocks || !r->pivotal || !r->variant_worlds ||
        !r->package_pass || !r->nash) {
        pl_explore_free(r);
        return NULL;
    }
    return r;
}

pl_status pl_explore_merge(pl_explore_result_t *a, const pl_explore_result_t *b, pl_error_t *err)
{
    if (a->nproposals != b->nproposals || a->nactors != b->nactors || a->nvariants != b->nvariants ||
        a->enumerated != b->enumerated || a->space != b->space)
        return pl_error_set(err, PL_EINVAL, "explore results of different scenarios cannot be added");
    a->worlds += b->worlds;
    a->any_feasible += b->any_feasible;
    a->feasible_sum += b->feasible_sum;
    for (size_t p = 0; p < a->nproposals; p++) a->proposal_pass[p] += b->proposal_pass[p];
    for (size_t x = 0; x < a->nactors; x++) {
        a->blocks[x] += b->blocks[x];
        a->pivotal[x] += b->pivotal[x];
    }
    for (size_t v = 0; v < a->nvariants; v++) a->variant_worlds[v] += b->variant_worlds[v];
    for (uint64_t k = 0; a->enumerated && k < a->space; k++) {
        a->package_pass[k] += b->package_pass[k];
        a->nash[k] += b->nash[k];
    }
    return PL_OK;
}

size_t pl_explore_top(const pl_explore_result_t *r, const uint64_t *counts, size_t k, uint64_t *idx)
{
    size_t n = 0;
    for (uint64_t p = 0; r->enumerated && p < r->space; p++) {
        if (!counts[p]) continue;
        /* insertion into the sorted top k (count descending, index ascending) */
        size_t at = n;
        while (at > 0 && counts[idx[at - 1]] < counts[p]) at--;
        if (at >= k) continue;
        size_t end = n < k ? n : k - 1;
        memmove(idx + at + 1, idx + at, (end - at) * sizeof *idx);
        idx[at] = p;
        if (n < k) n++;
    }
    return n;
}

static pl_status check_shapes(const pl_scenario_t *const *sc, size_t nsc, pl_error_t *err)
{
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
    return PL_OK;
}

/* Draw the world's scenario (by weight) from the stream. */
static size_t pick(const double *cum, size_t nsc, pl_rng_t *r)
{
    if (nsc <= 1) return 0;
    double u = pl_rng_uniform(r) * cum[nsc - 1];
    size_t v = 0;
    while (v + 1 < nsc && u >= cum[v]) v++;
    return v;
}

typedef struct thread_state {
    pl_i_world *worlds;        /* one per scenario */
    pl_i_evalbuf buf;
    pl_explore_result_t *part;
    bool ok;
} thread_state;

static void thread_destroy(thread_state *t, size_t nsc)
{
    for (size_t v = 0; t->worlds && v < nsc; v++) pl_i_world_destroy(&t->worlds[v]);
    pl_free(t->worlds);
    pl_i_evalbuf_destroy(&t->buf);
    pl_explore_free(t->part);
}

static bool thread_init(thread_state *t, const pl_scenario_t *const *sc, size_t nsc, bool en,
                        uint64_t space)
{
    memset(t, 0, sizeof *t);
    t->worlds = pl_calloc(nsc, sizeof *t->worlds);
    if (!t->worlds || !pl_i_evalbuf_init(&t->buf, sc[0])) return false;
    for (size_t v = 0; v < nsc; v++)
        if (!pl_i_world_init(&t->worlds[v], sc[v])) return false;
    t->part = result_new(sc[0], nsc, en, space);
    return t->ok = t->part != NULL;
}

static void tally(pl_explore_result_t *r, const pl_world_eval_t *ev, size_t v)
{
    r->worlds++;
    r->variant_worlds[v]++;
    r->any_feasible += ev->nfeasible > 0;
    r->feasible_sum += ev->nfeasible;
    for (size_t p = 0; p < r->nproposals; p++) r->proposal_pass[p] += ev->proposal_pass[p];
    for (size_t a = 0; a < r->nactors; a++) {
        r->blocks[a] += ev->blocks[a];
        r->pivotal[a] += ev->pivotal[a];
    }
    if (r->enumerated && ev->nash != UINT64_MAX) r->nash[ev->nash]++;
}

pl_status pl_explore_run(const pl_scenario_t *const *sc, const double *weights, size_t nsc,
                         const pl_explore_opts_t *o, pl_explore_result_t **out, pl_error_t *err)
{
    if (!out || !sc || !nsc || !o) return pl_error_set(err, PL_EINVAL, "no scenario given");
    *out = NULL;
    PL_CHECK(check_shapes(sc, nsc, err));
    double cum[64];
    if (nsc > 64) return pl_error_set(err, PL_EINVAL, "more than 64 weighted variants");
    for (size_t v = 0; v < nsc; v++) {
        double w = weights ? weights[v] : 1;
        if (!(w > 0) || !isfinite(w)) return pl_error_set(err, PL_EINVAL, "variant weights must be > 0");
        cum[v] = (v ? cum[v - 1] : 0) + w;
    }
    uint64_t N = o->worlds ? o->worlds : 1000;
    uint64_t first = o->first, count = o->count ? o->count : N - (first < N ? first : N);
    if (first > N || count > N - first) return pl_error_set(err, PL_EINVAL, "worlds out of range");
    /* the space is enumerated when small enough */
    pl_model_t *m0 = NULL;
    PL_CHECK(pl_model_compile(sc[0], &m0, err));
    uint64_t space = 0;
    bool en = pl_model_space_size(m0, &space) && space <= PL_EXPLORE_MAX_SPACE;
    pl_model_free(m0);
    pl_explore_result_t *res = result_new(sc[0], nsc, en, space);
    if (!res) return pl_error_set(err, PL_ENOMEM, "out of memory");
    res->seed = o->seed;
    int nthreads = 1;
#ifdef _OPENMP
    nthreads = o->threads > 0 ? o->threads : omp_get_max_threads();
#endif
    (void)nthreads; /* without OpenMP the pragma is ignored */
    pl_status st = PL_OK;
    uint64_t done = 0;
#pragma omp parallel num_threads(nthreads)
    {
        thread_state t;
        bool ok = thread_init(&t, sc, nsc, en, space);
        pl_error_t terr;
        pl_error_init(&terr);
#pragma omp for schedule(dynamic, 16)
        for (uint64_t w = first; w < first + count; w++) {
            if (!ok) continue;
            pl_rng_t r;
            pl_rng_stream(&r, o->seed, w);
            size_t v = pick(cum, nsc, &r);
            pl_i_world *wd = &t.worlds[v];
            for (size_t k = 0; k < sc[v]->nuncertain; k++) pl_i_world_draw(wd, k, &r);
            if (pl_i_world_eval(&wd->sc, en, &t.buf, en ? t.part->package_pass : NULL, &terr) != PL_OK) {
                ok = false;
                continue;
            }
            tally(t.part, &t.buf.ev, v);
            if (o->progress) {
                uint64_t d;
#pragma omp atomic capture
                d = ++done;
#ifdef _OPENMP
                if (omp_get_thread_num() == 0 && (d & 63) == 0) o->progress(d, count, o->progress_ctx);
#else
                if ((d & 63) == 0) o->progress(d, count, o->progress_ctx);
#endif
            }
        }
#pragma omp critical(pl_explore_merge)
        {
            if (!ok) {
                if (st == PL_OK) {
                    st = terr.code != PL_OK ? terr.code : PL_ENOMEM;
                    pl_error_set(err, st, "%s", terr.code != PL_OK ? terr.message : "out of memory");
                }
            } else {
                pl_explore_merge(res, t.part, NULL);
            }
        }
        pl_error_destroy(&terr);
        thread_destroy(&t, nsc);
    }
    if (st != PL_OK) {
        pl_explore_free(res);
        return st;
    }
    if (o->progress) o->progress(count, count, o->progress_ctx);
    *out = res;
    return PL_OK;
}
