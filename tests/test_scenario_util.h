/*
 * test_scenario_util.h: what the randomised tests share: a tiny seeded generator (set
 * `rng_state`, then rnd / rndi) and a scenario built by hand with categorical issues i0, i1, ...
 * (values v0, v1, ...) and parties A0, A1, ... with the loader's defaults. Header-only.
 */
#ifndef TEST_SCENARIO_UTIL_H
#define TEST_SCENARIO_UTIL_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include <parley/parley.h>

static uint64_t rng_state;

/* The next 32 random bits (a 64-bit LCG's high bits: deterministic for a given rng_state). */
static inline uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33);
}

/* A random integer in [lo, hi]. */
static inline int rndi(int lo, int hi) { return lo + (int)(rnd() % (uint32_t)(hi - lo + 1)); }

/* A scenario with `nissues` categorical issues of nvalues[i] values and `nactors` parties, every
 * field at the loader's default (no preferences yet). Free with pl_scenario_free. */
static inline pl_scenario_t *new_scenario(size_t nissues, const size_t *nvalues, size_t nactors)
{
    pl_scenario_t *sc = pl_scenario_alloc();
    sc->nissues = nissues;
    sc->issues = pl_calloc(nissues, sizeof *sc->issues);
    for (size_t i = 0; i < nissues; i++) {
        pl_issue_t *is = &sc->issues[i];
        char b[32];
        snprintf(b, sizeof b, "i%zu", i);
        is->name = pl_strdup(b);
        is->kind = PL_ISSUE_CATEGORICAL;
        is->nvalues = nvalues[i];
        is->values = pl_calloc(nvalues[i], sizeof(char *));
        is->numeric = pl_calloc(nvalues[i], sizeof(double));
        for (size_t v = 0; v < nvalues[i]; v++) {
            snprintf(b, sizeof b, "v%zu", v);
            is->values[v] = pl_strdup(b);
            is->numeric[v] = (double)v;
        }
        is->reference = NAN;
    }
    sc->nactors = nactors;
    sc->actors = pl_calloc(nactors, sizeof *sc->actors);
    for (size_t a = 0; a < nactors; a++) {
        char b[32];
        snprintf(b, sizeof b, "A%zu", a);
        pl_actor_t *ac = &sc->actors[a];
        ac->name = pl_strdup(b);
        ac->role = PL_ROLE_PARTY;
        ac->party = PL_UNSET;
        ac->seats = NAN;
        ac->clout = 1;
        ac->discount = 1;
        ac->participation = NAN;
        ac->deadline = NAN;
        ac->at_table = true;
    }
    return sc;
}

/* Actor a's utility: nrects random hyper-rectangles, each worth rndi(ulo, uhi) and bounding
 * 1..maxbounds random issues to a random value range (an issue may be bounded twice). */
static inline void set_random_rects(pl_scenario_t *sc, size_t a, size_t nrects, int ulo, int uhi,
                                    int maxbounds)
{
    pl_actor_t *ac = &sc->actors[a];
    ac->utility = PL_UTILITY_HYPER;
    ac->rects = pl_calloc(nrects, sizeof *ac->rects);
    ac->nrects = nrects;
    for (size_t r = 0; r < nrects; r++) {
        pl_hyperrect_t *h = &ac->rects[r];
        h->utility = rndi(ulo, uhi);
        size_t nb = (size_t)rndi(1, maxbounds);
        h->nbounds = nb;
        h->issue = pl_calloc(nb, sizeof(size_t));
        h->min = pl_calloc(nb, sizeof(size_t));
        h->max = pl_calloc(nb, sizeof(size_t));
        for (size_t b = 0; b < nb; b++) {
            size_t i = (size_t)rndi(0, (int)sc->nissues - 1);
            int top = (int)sc->issues[i].nvalues - 1;
            size_t x = (size_t)rndi(0, top), y = (size_t)rndi(0, top);
            h->issue[b] = i;
            h->min[b] = x < y ? x : y;
            h->max[b] = x < y ? y : x;
        }
    }
}

#endif
