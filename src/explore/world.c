/*
 * world.c: one world of an exploration: a scenario copy whose uncertain values are drawn (or
 * set), compiled into a model and judged package by package with the model's one acceptance
 * rule (pl_model_acceptances, pl_model_decides_by): the feasible packages, the proposals that
 * pass, the actors that block or are pivotal, and the Nash point of the feasible set.
 */
#include "explore_internal.h"

#include <math.h>
#include <string.h>

bool pl_i_world_init(pl_i_world *w, const pl_scenario_t *base)
{
    memset(w, 0, sizeof *w);
    w->base = base;
    w->sc = *base;
    pl_scenario_t *sc = &w->sc;
    sc->actors = NULL;
    sc->ratifications = NULL;
    sc->linkages = NULL;
    bool ok = true;
    if (base->nactors) {
        sc->actors = pl_malloc(base->nactors * sizeof *sc->actors);
        if (!sc->actors) return false;
        memcpy(sc->actors, base->actors, base->nactors * sizeof *sc->actors);
        for (size_t a = 0; a < base->nactors; a++) {
            pl_actor_t *ac = &sc->actors[a];
            ac->stances = NULL;
            ac->instruments = NULL;
        }
        for (size_t a = 0; a < base->nactors && ok; a++) {
            const pl_actor_t *b = &base->actors[a];
            pl_actor_t *ac = &sc->actors[a];
            if (b->stances && base->nissues) {
                ac->stances = pl_malloc(base->nissues * sizeof *ac->stances);
                if (!(ok = ac->stances != NULL)) break;
                memcpy(ac->stances, b->stances, base->nissues * sizeof *ac->stances);
            }
            if (b->ninstruments) {
                ac->instruments = pl_malloc(b->ninstruments * sizeof *ac->instruments);
                if (!(ok = ac->instruments != NULL)) break;
                memcpy(ac->instruments, b->instruments, b->ninstruments * sizeof *ac->instruments);
            }
        }
    }
    if (ok && base->nratifications) {
        sc->ratifications = pl_malloc(base->nratifications * sizeof *sc->ratifications);
        if ((ok = sc->ratifications != NULL))
            memcpy(sc->ratifications, base->ratifications,
                   base->nratifications * sizeof *sc->ratifications);
    }
    if (ok && base->nlinkages) {
        sc->linkages = pl_malloc(base->nlinkages * sizeof *sc->linkages);
        if ((ok = sc->linkages != NULL)) {
            memcpy(sc->linkages, base->linkages, base->nlinkages * sizeof *sc->linkages);
            for (size_t l = 0; l < base->nlinkages; l++) sc->linkages[l].effect = NULL;
            for (size_t l = 0; l < base->nlinkages && ok; l++)
                if (base->linkages[l].effect) {
                    sc->linkages[l].effect = pl_malloc(base->nactors * sizeof(double));
                    if ((ok = sc->linkages[l].effect != NULL))
                        memcpy(sc->linkages[l].effect, base->linkages[l].effect,
                               base->nactors * sizeof(double));
                }
        }
    }
    if (!ok) pl_i_world_destroy(w);
    return ok;
}

void pl_i_world_destroy(pl_i_world *w)
{
    pl_scenario_t *sc = &w->sc;
    for (size_t a = 0; sc->actors && a < sc->nactors; a++) {
        pl_free(sc->actors[a].stances);
        pl_free(sc->actors[a].instruments);
    }
    pl_free(sc->actors);
    pl_free(sc->ratifications);
    for (size_t l = 0; sc->linkages && l < sc->nlinkages; l++) pl_free(sc->linkages[l].effect);
    pl_free(sc->linkages);
    memset(w, 0, sizeof *w);
}

void pl_i_world_points(pl_i_world *w)
{
    const pl_scenario_t *b = w->base;
    for (size_t k = 0; k < b->nuncertain; k++) {
        const pl_uncertain_t *u = &b->uncertain[k];
        for (size_t t = 0; t < u->ntargets; t++) {
            double *p = pl_scenario_target(&w->sc, &u->targets[t]);
            if (p) *p = u->dist.kind == PL_DIST_DIRICHLET ? u->dist.values[t] : u->point;
        }
    }
}

void pl_i_world_draw(pl_i_world *w, size_t k, pl_rng_t *r)
{
    const pl_uncertain_t *u = &w->base->uncertain[k];
    if (u->dist.kind == PL_DIST_DIRICHLET) {
        double buf[64], *x = u->ntargets <= 64 ? buf : pl_malloc(u->ntargets * sizeof *x);
        if (!x) return;
        pl_dist_sample(&u->dist, r, x);
        for (size_t t = 0; t < u->ntargets; t++) {
            double *p = pl_scenario_target(&w->sc, &u->targets[t]);
            if (p) *p = x[t];
        }
        if (x != buf) pl_free(x);
        return;
    }
    pl_i_world_set(w, k, pl_dist_sample(&u->dist, r, NULL));
}

void pl_i_world_set(pl_i_world *w, size_t k, double x)
{
    const pl_uncertain_t *u = &w->base->uncertain[k];
    for (size_t t = 0; t < u->ntargets; t++) {
        double *p = pl_scenario_target(&w->sc, &u->targets[t]);
        if (p) *p = x;
    }
}

bool pl_i_evalbuf_init(pl_i_evalbuf *b, const pl_scenario_t *sc)
{
    memset(b, 0, sizeof *b);
    b->nissues = sc->nissues;
    b->nactors = sc->nactors;
    b->nproposals = sc->nproposals;
    size_t na = sc->nactors ? sc->nactors : 1;
    b->outcome = pl_calloc(sc->nissues ? sc->nissues : 1, sizeof *b->outcome);
    b->acc = pl_calloc(na, sizeof *b->acc);
    b->cand = pl_calloc(na, sizeof *b->cand);
    b->blocks = pl_calloc(na, sizeof *b->blocks);
    b->accepted = pl_calloc(na, sizeof *b->accepted);
    b->ev.proposal_pass = pl_calloc(sc->nproposals ? sc->nproposals : 1, sizeof(bool));
    b->ev.pivotal = pl_calloc(na, sizeof(bool));
    b->ev.blocks = pl_calloc(na, sizeof(bool));
    if (!b->outcome || !b->acc || !b->cand || !b->blocks || !b->accepted || !b->ev.proposal_pass ||
        !b->ev.pivotal || !b->ev.blocks) {
        pl_i_evalbuf_destroy(b);
        return false;
    }
    return true;
}

void pl_i_evalbuf_destroy(pl_i_evalbuf *b)
{
    pl_free(b->outcome);
    pl_free(b->acc);
    pl_free(b->cand);
    pl_free(b->blocks);
    pl_free(b->accepted);
    pl_free(b->ev.proposal_pass);
    pl_free(b->ev.pivotal);
    pl_free(b->ev.blocks);
    pl_i_fast_free(b->fast);
    memset(b, 0, sizeof *b);
}

/* The Nash product of the parties with preferences: prod (u - threshold). */
static double nash_product(const pl_model_t *m, const size_t *o)
{
    double prod = 1;
    for (size_t k = 0; k < pl_model_nparties(m); k++) {
        size_t p = pl_model_party(m, k);
        if (!pl_model_has_preferences(m, p)) continue;
        double g = pl_model_utility(m, p, o) - pl_model_threshold(m, p);
        prod *= g > 0 ? g : 0;
    }
    return prod;
}

/* One package: feasibility and what it says about blocking and pivotal actors. */
static void judge(const pl_model_t *m, pl_i_evalbuf *b, uint64_t index, double *best,
                  uint64_t *pass)
{
    const size_t *o = b->outcome;
    size_t na = b->nactors;
    if (!pl_model_allowed(m, o)) return;
    pl_model_acceptances(m, o, b->acc);
    if (!pl_model_decides_by(m, b->acc, NULL)) {
        if (b->ev.nfeasible) return; /* blocking only matters while nothing is feasible */
        for (size_t a = 0; a < na; a++) {
            if (b->acc[a] || b->blocks[a]) continue;
            b->acc[a] = true;
            b->blocks[a] = pl_model_decides_by(m, b->acc, NULL);
            b->acc[a] = false;
        }
        return;
    }
    if (pass) pass[index]++;
    if (b->ev.nfeasible++ == 0) {
        b->ev.nash = index;
        *best = 0;
    }
    double np = nash_product(m, o);
    if (np > *best) {
        *best = np;
        b->ev.nash = index;
    }
    for (size_t a = 0; a < na; a++) {
        if (!b->cand[a]) continue;
        if (!b->acc[a]) {
            b->cand[a] = false;
            continue;
        }
        b->acc[a] = false;
        if (pl_model_decides_by(m, b->acc, NULL)) b->cand[a] = false;
        b->acc[a] = true;
    }
}

pl_status pl_i_world_eval(const pl_scenario_t *sc, bool enumerate, pl_i_evalbuf *b, uint64_t *pass,
                          pl_error_t *err)
{
    pl_model_t *m = NULL;
    PL_CHECK(pl_model_compile(sc, &m, err));
    size_t na = b->nactors;
    b->ev.nfeasible = 0;
    b->ev.nash = UINT64_MAX;
    for (size_t a = 0; a < na; a++) {
        b->cand[a] = true;
        b->blocks[a] = false;
    }
    if (enumerate && !b->reference && pl_i_fast_judge(&b->fast, m, b, pass)) {
        b->nfast++; /* judged from cached columns: the same tallies as the loop below */
    } else if (enumerate) {
        memset(b->outcome, 0, b->nissues * sizeof *b->outcome);
        double best = 0;
        uint64_t index = 0;
        do {
            judge(m, b, index++, &best, pass);
        } while (pl_model_outcome_next(m, b->outcome));
    }
    for (size_t a = 0; a < na; a++) {
        b->ev.pivotal[a] = b->ev.nfeasible && b->cand[a];
        b->ev.blocks[a] = !b->ev.nfeasible && b->blocks[a];
    }
    for (size_t p = 0; p < b->nproposals; p++) {
        const size_t *v = pl_model_proposal(m, p);
        bool full = true;
        for (size_t i = 0; i < b->nissues; i++) full = full && v[i] != PL_UNSET;
        b->ev.proposal_pass[p] = full && pl_model_feasible(m, v, NULL);
    }
    pl_model_free(m);
    return PL_OK;
}
