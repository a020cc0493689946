/*
 * explore_sim.c: pl_explore_sim_run: one simulated negotiation per world (the scenario with
 * its uncertain values drawn, a protocol and strategies drawn from the given lists), tallied
 * as counts and exact sums per thread and added up, so that the result is the same for any
 * number of threads or MPI ranks (pl_explore_sim_merge).
 */
#include "engines_internal.h"

#include <math.h>
#include <string.h>

void pl_explore_sim_free(pl_explore_sim_result_t *r)
{
    if (!r) return;
    pl_free(r->utility);
    pl_free(r->utility_sq);
    pl_free(r->protocol_worlds);
    pl_free(r->protocol_agreements);
    pl_free(r->variant_worlds);
    pl_free(r->outcome);
    pl_free(r);
}

static pl_explore_sim_result_t *sim_new(size_t nactors, size_t nprot, size_t nsc, bool en,
                                        uint64_t space)
{
    pl_explore_sim_result_t *r = pl_calloc(1, sizeof *r);
    if (!r) return NULL;
    r->nactors = nactors;
    r->nprotocols = nprot;
    r->nvariants = nsc;
    r->enumerated = en;
    r->space = en ? space : 0;
    r->utility = pl_calloc(nactors + 1, sizeof *r->utility);
    r->utility_sq = pl_calloc(nactors + 1, sizeof *r->utility_sq);
    r->protocol_worlds = pl_calloc(nprot + 1, sizeof(uint64_t));
    r->protocol_agreements = pl_calloc(nprot + 1, sizeof(uint64_t));
    r->variant_worlds = pl_calloc(nsc + 1, sizeof(uint64_t));
    r->outcome = pl_calloc(en ? space : 1, sizeof(uint64_t));
    if (!r->utility || !r->utility_sq || !r->protocol_worlds || !r->protocol_agreements ||
        !r->variant_worlds || !r->outcome) {
        pl_explore_sim_free(r);
        return NULL;
    }
    return r;
}

pl_status pl_explore_sim_merge(pl_explore_sim_result_t *a, const pl_explore_sim_result_t *b,
                               pl_error_t *err)
{
    if (a->nactors != b->nactors || a->nprotocols != b->nprotocols || a->nvariants != b->nvariants ||
        a->enumerated != b->enumerated || a->space != b->space)
        return pl_error_set(err, PL_EINVAL, "explore results of different scenarios cannot be added");
    a->worlds += b->worlds;
    a->agreements += b->agreements;
    a->rounds_sum += b->rounds_sum;
    a->rounds_sumsq += b->rounds_sumsq;
    for (size_t x = 0; x < a->nactors; x++) {
        pl_explore_sum_merge(&a->utility[x], &b->utility[x]);
        pl_explore_sum_merge(&a->utility_sq[x], &b->utility_sq[x]);
    }
    for (size_t p = 0; p < a->nprotocols; p++) {
        a->protocol_worlds[p] += b->protocol_worlds[p];
        a->protocol_agreements[p] += b->protocol_agreements[p];
    }
    for (size_t v = 0; v < a->nvariants; v++) a->variant_worlds[v] += b->variant_worlds[v];
    for (uint64_t k = 0; a->enumerated && k < a->space; k++) a->outcome[k] += b->outcome[k];
    return PL_OK;
}

/* parley simulate's default: shuttle when a mediator or an absent party is there, else sao */
static const pl_protocol_type *default_protocol(const pl_scenario_t *sc)
{
    for (size_t k = 0; k < sc->nactors; k++)
        if (sc->actors[k].role == PL_ROLE_MEDIATOR ||
            (sc->actors[k].role == PL_ROLE_PARTY && !sc->actors[k].at_table))
            return pl_protocol_shuttle;
    return pl_protocol_sao;
}

typedef struct sim_thread {
    pl_i_world *worlds;
    const pl_strategy_type **strat;   /* per actor, drawn per world */
    pl_explore_sim_result_t *part;
} sim_thread;

static void sim_thread_destroy(sim_thread *t, size_t nsc)
{
    for (size_t v = 0; t->worlds && v < nsc; v++) pl_i_world_destroy(&t->worlds[v]);
    pl_free(t->worlds);
    pl_free(t->strat);
    pl_explore_sim_free(t->part);
}

static bool sim_thread_init(sim_thread *t, const pl_scenario_t *const *sc, size_t nsc,
                            const pl_explore_sim_result_t *shape)
{
    memset(t, 0, sizeof *t);
    t->worlds = pl_calloc(nsc, sizeof *t->worlds);
    t->strat = pl_calloc(sc[0]->nactors + 1, sizeof *t->strat);
    if (!t->worlds || !t->strat) return false;
    for (size_t v = 0; v < nsc; v++)
        if (!pl_i_world_init(&t->worlds[v], sc[v])) return false;
    t->part = sim_new(shape->nactors, shape->nprotocols, nsc, shape->enumerated, shape->space);
    return t->part != NULL;
}

/* One world: draw it, run its session, tally it into t->part. */
static pl_status sim_world(const pl_i_engine *e, const pl_explore_sim_opts_t *o, sim_thread *t,
                           uint64_t w, pl_error_t *err)
{
    pl_rng_t r;
    pl_rng_stream(&r, o->base->seed, w);
    size_t v = pl_i_engine_draw(e, t->worlds, &r);
    const pl_scenario_t *sc = &t->worlds[v].sc;
    size_t p = o->nprotocols > 1 ? (size_t)pl_rng_below(&r, o->nprotocols) : 0;
    const pl_protocol_type *proto = o->nprotocols ? o->protocols[p] : default_protocol(sc);
    for (size_t a = 0; o->nstrategies && a < sc->nactors; a++)
        t->strat[a] = o->strategies[pl_rng_below(&r, o->nstrategies)];
    pl_sim_options_t so;
    pl_sim_options_init(&so);
    so.seed = pl_rng_next(&r); /* not the world's own stream: the session gets fresh bits */
    so.stream = w;
    so.rounds = o->rounds;
    so.record = false;
    if (o->nstrategies) so.strategy = t->strat;
    pl_model_t *m = NULL;
    pl_session_t *s = NULL;
    pl_status st = pl_model_compile(sc, &m, err);
    if (st == PL_OK) st = pl_session_alloc(m, proto, &so, &s, err);
    if (st == PL_OK) st = pl_session_run(s, err);
    if (st == PL_OK) {
        const pl_sim_result_t *res = pl_session_result(s);
        pl_explore_sim_result_t *R = t->part;
        R->worlds++;
        R->variant_worlds[v]++;
        R->protocol_worlds[p]++;
        R->rounds_sum += res->rounds;
        R->rounds_sumsq += (uint64_t)res->rounds * res->rounds;
        if (res->agreement) {
            R->agreements++;
            R->protocol_agreements[p]++;
            if (R->enumerated) R->outcome[pl_model_outcome_index(m, res->outcome)]++;
        }
        for (size_t a = 0; a < R->nactors; a++) {
            pl_explore_sum_add(&R->utility[a], res->utility[a]);
            pl_explore_sum_add(&R->utility_sq[a], res->utility[a] * res->utility[a]);
        }
    }
    pl_session_free(s);
    pl_model_free(m);
    return st;
}

pl_status pl_explore_sim_run(const pl_scenario_t *const *sc, const double *weights, size_t nsc,
                             const pl_explore_sim_opts_t *o, pl_explore_sim_result_t **out,
                             pl_error_t *err)
{
    if (!out || !sc || !nsc || !o) return pl_error_set(err, PL_EINVAL, "no scenario given");
    *out = NULL;
    pl_i_engine e;
    PL_CHECK(pl_i_engine_setup(sc, weights, nsc, o->base, &e, err));
    for (size_t p = 0; p < o->nprotocols; p++)
        if (!o->protocols[p]) return pl_error_set(err, PL_EINVAL, "no protocol given");
    for (size_t k = 0; k < o->nstrategies; k++)
        if (!o->strategies[k]) return pl_error_set(err, PL_EINVAL, "no strategy given");
    pl_model_t *m0 = NULL;
    PL_CHECK(pl_model_compile(sc[0], &m0, err));
    uint64_t space = 0;
    bool en = pl_model_space_size(m0, &space) && space <= PL_EXPLORE_MAX_SPACE;
    pl_model_free(m0);
    pl_explore_sim_result_t *res = sim_new(sc[0]->nactors, o->nprotocols ? o->nprotocols : 1, nsc,
                                           en, space);
    if (!res) return pl_error_set(err, PL_ENOMEM, "out of memory");
    res->seed = o->base->seed;
    pl_status st = PL_OK;
    uint64_t done = 0, first_bad = UINT64_MAX;
#pragma omp parallel num_threads(e.threads)
    {
        sim_thread t;
        bool ok = sim_thread_init(&t, sc, nsc, res);
        pl_status tst = ok ? PL_OK : PL_ENOMEM;
        uint64_t bad = UINT64_MAX;
        pl_error_t terr;
        pl_error_init(&terr);
#pragma omp for schedule(dynamic, 4)
        for (uint64_t w = e.first; w < e.first + e.count; w++) {
            if (!ok) continue;
            if ((tst = sim_world(&e, o, &t, w, &terr)) != PL_OK) {
                ok = false;
                bad = w;
                continue;
            }
            pl_i_engine_progress(o->base, &done, e.count);
        }
#pragma omp critical(pl_explore_sim_merge)
        {
            /* the failure of the lowest world is reported, whatever the threads */
            if (!ok && (st == PL_OK || bad < first_bad)) {
                first_bad = bad;
                st = tst;
                pl_error_set(err, st, "%s", terr.code != PL_OK ? terr.message : "out of memory");
            } else if (ok) {
                pl_explore_sim_merge(res, t.part, NULL);
            }
        }
        pl_error_destroy(&terr);
        sim_thread_destroy(&t, nsc);
    }
    if (st != PL_OK) {
        pl_explore_sim_free(res);
        return st;
    }
    if (o->base->progress) o->base->progress(e.count, e.count, o->base->progress_ctx);
    *out = res;
    return PL_OK;
}
