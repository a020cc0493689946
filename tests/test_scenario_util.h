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

#endif
