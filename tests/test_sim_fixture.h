/*
 * test_sim_fixture.h: small scenarios built by hand for the simulation tests (no loader).
 * Two ordered issues: x with 5 options (0..4), y with 3 options (0..2).
 * Party A (position form): x at 4, y at 2, saliences 1 and 1:
 *     u_A = 0.5 * x/4 + 0.5 * y/2
 * Party B: x at 0 (salience 1), y at 2 (salience 3):
 *     u_B = 0.25 * (1 - x/4) + 0.75 * y/2
 * Reservations 0.2 each, no linkages, discount 1.
 */
#ifndef TEST_SIM_FIXTURE_H
#define TEST_SIM_FIXTURE_H

#include <math.h>
#include <stdio.h>
#include <parley/parley.h>

static inline void fx_issue(pl_issue_t *is, const char *name, size_t n)
{
    is->name = pl_strdup(name);
    is->kind = PL_ISSUE_CATEGORICAL;
    is->ordered = true;
    is->nvalues = n;
    is->values = pl_calloc(n, sizeof(char *));
    is->numeric = pl_calloc(n, sizeof(double));
    is->reference = NAN;
    for (size_t v = 0; v < n; v++) {
        char b[64];
        snprintf(b, sizeof b, "%s%zu", name, v);
        is->values[v] = pl_strdup(b);
        is->numeric[v] = (double)v;
    }
}

static inline void fx_actor(pl_actor_t *a, const char *name, pl_role role)
{
    a->name = pl_strdup(name);
    a->role = role;
    a->party = PL_UNSET;
    a->seats = NAN;
    a->clout = 1;
    a->discount = 1;
    a->deadline = NAN;
    a->participation = NAN;
    a->at_table = true;
}

static inline void fx_position(pl_actor_t *a, size_t nissues, const double *pos, const double *sal)
{
    a->utility = PL_UTILITY_POSITION;
    a->stances = pl_calloc(nissues, sizeof(pl_stance_t));
    for (size_t i = 0; i < nissues; i++) {
        a->stances[i].has_position = true;
        a->stances[i].position = pos[i];
        a->stances[i].salience = sal[i];
    }
}

/* The two-party scenario described above; `extra` more actors are left zeroed for the caller. */
static inline pl_scenario_t *fx_two_party(size_t extra)
{
    pl_scenario_t *sc = pl_scenario_alloc();
    sc->name = pl_strdup("fixture");
    sc->nissues = 2;
    sc->issues = pl_calloc(2, sizeof(pl_issue_t));
    fx_issue(&sc->issues[0], "x", 5);
    fx_issue(&sc->issues[1], "y", 3);
    sc->nactors = 2 + extra;
    sc->actors = pl_calloc(sc->nactors, sizeof(pl_actor_t));
    fx_actor(&sc->actors[0], "A", PL_ROLE_PARTY);
    fx_actor(&sc->actors[1], "B", PL_ROLE_PARTY);
    const double pa[] = {4, 2}, sa[] = {1, 1}, pb[] = {0, 2}, sb[] = {1, 3};
    fx_position(&sc->actors[0], 2, pa, sa);
    fx_position(&sc->actors[1], 2, pb, sb);
    sc->actors[0].reservation = 0.2;
    sc->actors[1].reservation = 0.2;
    return sc;
}

#endif
