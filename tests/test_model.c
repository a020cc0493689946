/*
 * test_model.c: the compiled model's utility semantics on a scenario built by hand,
 * with every expected value worked out on paper (see the comments).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <parley/parley.h>

#include "core/core_internal.h" /* pl_i_alloc_fail_after */

static char *dup(const char *s) { return pl_strdup(s); }

/* Two issues: "w" ordered {none, partial, full}; "r" integer 0..4.
 * Actor A (party, position form): w at full (salience 3), r at 1 (salience 1).
 * Actor B (party, table form): w weights 1 evals {0, 5, 10}; r weight 3 linear slope 0.25 offset 0.
 * Actor F (faction of A): position w at none (salience 1), reservation 0.6, defection cost 0.2.
 * Linkage: external X acts with p_deal 0.2, p_no_deal 0.7, effect on A -0.4. */
static pl_scenario_t *build(void)
{
    pl_scenario_t *sc = pl_scenario_alloc();
    sc->nissues = 2;
    sc->issues = pl_calloc(2, sizeof *sc->issues);
    pl_issue_t *w = &sc->issues[0], *r = &sc->issues[1];
    w->name = dup("w");
    w->kind = PL_ISSUE_CATEGORICAL;
    w->ordered = true;
    w->nvalues = 3;
    w->values = pl_calloc(3, sizeof(char *));
    w->numeric = pl_calloc(3, sizeof(double));
    const char *wl[] = {"none", "partial", "full"};
    for (int v = 0; v < 3; v++) {
        w->values[v] = dup(wl[v]);
        w->numeric[v] = v;
    }
    r->name = dup("r");
    r->kind = PL_ISSUE_INTEGER;
    r->ordered = true;
    r->lo = 0;
    r->hi = 4;
    r->step = 1;
    r->nvalues = 5;
    r->values = pl_calloc(5, sizeof(char *));
    r->numeric = pl_calloc(5, sizeof(double));
    for (int v = 0; v < 5; v++) {
        char b[8];
        snprintf(b, sizeof b, "%d", v);
        r->values[v] = dup(b);
        r->numeric[v] = v;
    }
    sc->nactors = 4;
    sc->actors = pl_calloc(4, sizeof *sc->actors);
    const char *names[] = {"A", "B", "F", "X"};
    for (int a = 0; a < 4; a++) {
        sc->actors[a].name = dup(names[a]);
        sc->actors[a].party = PL_UNSET;
        sc->actors[a].seats = NAN;
        sc->actors[a].clout = 1;
        sc->actors[a].discount = 1;
    }
    pl_actor_t *A = &sc->actors[0], *B = &sc->actors[1], *F = &sc->actors[2], *X = &sc->actors[3];
    A->role = PL_ROLE_PARTY;
    A->utility = PL_UTILITY_POSITION;
    A->stances = pl_calloc(2, sizeof(pl_stance_t));
    A->stances[0] = (pl_stance_t){.has_position = true, .position = 2, .salience = 3};
    A->stances[1] = (pl_stance_t){.has_position = true, .position = 1, .salience = 1};
    A->reservation = 0.1;
    B->role = PL_ROLE_PARTY;
    B->utility = PL_UTILITY_TABLE;
    B->stances = pl_calloc(2, sizeof(pl_stance_t));
    B->stances[0].weight = 1;
    B->stances[0].eval = pl_calloc(3, sizeof(double));
    B->stances[0].eval[1] = 5;
    B->stances[0].eval[2] = 10;
    B->stances[1].weight = 3;
    B->stances[1].has_linear = true;
    B->stances[1].slope = 0.25;
    F->role = PL_ROLE_FACTION;
    F->party = 0;
    F->utility = PL_UTILITY_POSITION;
    F->stances = pl_calloc(2, sizeof(pl_stance_t));
    F->stances[0] = (pl_stance_t){.has_position = true, .position = 0, .salience = 1};
    F->reservation = 0.6;
    F->defection_cost = 0.2;
    X->role = PL_ROLE_EXTERNAL;
    sc->nlinkages = 1;
    sc->linkages = pl_calloc(1, sizeof(pl_linkage_t));
    sc->linkages[0].actor = 3;
    sc->linkages[0].p_deal = 0.2;
    sc->linkages[0].p_no_deal = 0.7;
    sc->linkages[0].effect = pl_calloc(4, sizeof(double));
    sc->linkages[0].effect[0] = -0.4;
    sc->nratifications = 1;
    sc->ratifications = pl_calloc(1, sizeof(pl_ratification_t));
    sc->ratifications[0].party = 0;
    sc->ratifications[0].rule = PL_RATIFY_VETO;
    return sc;
}

static void test_utilities(void **state)
{
    (void)state;
    pl_scenario_t *sc = build();
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    /* outcome (partial, 3): A = 3/4 * (1 - 1/2) + 1/4 * (1 - 2/4) = 0.375 + 0.125 = 0.5
     * F (no defection in A's base) : e_w = 1 - 1/2 = 0.5 < 0.6 -> F rejects -> A pays 0.2 -> 0.3
     * B = 1/4 * 5/10 + 3/4 * 0.75 = 0.125 + 0.5625 = 0.6875 */
    size_t o1[] = {1, 3};
    assert_float_equal(pl_model_utility(m, 0, o1), 0.3, 1e-12);
    assert_float_equal(pl_model_utility(m, 1, o1), 0.6875, 1e-12);
    assert_float_equal(pl_model_utility(m, 2, o1), 0.5, 1e-12);
    /* outcome (none, 1): A = 0 + 1/4 = 0.25; F: e = 1 >= 0.6 accepts, no cost; B = 0 + 3/4*0.25 */
    size_t o2[] = {0, 1};
    assert_float_equal(pl_model_utility(m, 0, o2), 0.25, 1e-12);
    assert_float_equal(pl_model_utility(m, 1, o2), 0.1875, 1e-12);
    /* linkage: A's threshold = 0.1 + (0.7 - 0.2) * -0.4 = -0.1; expected no deal 0.1 - 0.28 */
    assert_float_equal(m->threshold[0], -0.1, 1e-12);
    assert_float_equal(m->expected_no_deal[0], -0.18, 1e-12);
    assert_float_equal(m->deal_bonus[0], -0.08, 1e-12);
    /* ratification by veto: F rejects o1, accepts o2 */
    size_t blocker = 0;
    assert_false(pl_model_ratified(m, 0, o1, &blocker));
    assert_int_equal(blocker, 2);
    assert_true(pl_model_ratified(m, 0, o2, &blocker));
    assert_int_equal(blocker, PL_UNSET);
    /* size and indexing: 3 * 5 = 15, (partial, 3) is 1 * 5 + 3 = 8 */
    uint64_t n = 0;
    assert_true(pl_model_space_size(m, &n));
    assert_int_equal(n, 15);
    assert_int_equal(pl_model_outcome_index(m, o1), 8);
    size_t back[2];
    pl_model_outcome_from_index(m, 8, back);
    assert_int_equal(back[0], 1);
    assert_int_equal(back[1], 3);
    char buf[64];
    assert_string_equal(pl_model_space_size_str(m, buf, sizeof buf), "15");
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

static void test_big_space(void **state)
{
    (void)state;
    /* 25 issues of 7 values: 7^25 = 1341068619663964900807 (exceeds 2^64) */
    pl_model_t m;
    memset(&m, 0, sizeof m);
    size_t nv[25];
    for (int i = 0; i < 25; i++) nv[i] = 7;
    m.nissues = 25;
    m.nvalues = nv;
    uint64_t n;
    assert_false(pl_model_space_size(&m, &n));
    char buf[64];
    assert_string_equal(pl_model_space_size_str(&m, buf, sizeof buf), "1341068619663964900807");
}

static void test_zero_weights(void **state)
{
    (void)state;
    pl_scenario_t *sc = build();
    sc->actors[1].stances[0].weight = 0;
    sc->actors[1].stances[1].weight = 0;
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_EINVAL);
    assert_null(m);
    assert_non_null(strstr(err.message, "sum to zero"));
    pl_error_destroy(&err);
    pl_scenario_free(sc);
}

/* Quota rule from given acceptances: A holds 50 seats, its faction F 14, 61 needed. */
static void test_ratified_by_quota(void **state)
{
    (void)state;
    pl_scenario_t *sc = build();
    sc->ratifications[0].rule = PL_RATIFY_QUOTA;
    sc->ratifications[0].quota = 61;
    sc->actors[0].seats = 50;
    sc->actors[2].seats = 14;
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    size_t blocker = 0;
    bool both[4] = {true, true, true, true};
    assert_true(pl_model_ratified_by(m, 0, both, &blocker)); /* 64 >= 61 */
    assert_int_equal(blocker, PL_UNSET);
    bool no_f[4] = {true, true, false, true};
    assert_false(pl_model_ratified_by(m, 0, no_f, &blocker)); /* 50 < 61: F blocks */
    assert_int_equal(blocker, 2);
    bool no_a[4] = {false, true, true, true};
    assert_false(pl_model_ratified_by(m, 0, no_a, &blocker)); /* 14 < 61, no faction said no */
    assert_int_equal(blocker, PL_UNSET);
    /* party B has no rule: always ratified */
    assert_true(pl_model_ratified_by(m, 1, no_a, &blocker));
    /* the outcome form agrees: (partial, 3) is rejected by F (e = 0.5 < 0.6) */
    size_t o1[] = {1, 3};
    assert_false(pl_model_ratified(m, 0, o1, &blocker));
    assert_int_equal(blocker, 2);
    pl_model_free(m);
    pl_scenario_free(sc);
}

static void test_outcome_next(void **state)
{
    (void)state;
    pl_scenario_t *sc = build();
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    size_t o[2] = {0, 0}, back[2];
    uint64_t n = 0;
    do {
        pl_model_outcome_from_index(m, n, back); /* enumeration order = index order */
        assert_int_equal(back[0], o[0]);
        assert_int_equal(back[1], o[1]);
        n++;
    } while (pl_model_outcome_next(m, o));
    assert_int_equal(n, 15); /* 3 x 5 outcomes, then wrapped to all zeros */
    assert_int_equal(o[0], 0);
    assert_int_equal(o[1], 0);
    pl_model_free(m);
    pl_scenario_free(sc);
}

static void test_oom(void **state)
{
    (void)state;
    pl_scenario_t *sc = build();
    for (size_t k = 1; k < 200; k++) {
        pl_model_t *m = NULL;
        pl_i_alloc_fail_after(k);
        pl_status s = pl_model_compile(sc, &m, NULL);
        pl_i_alloc_fail_after(0);
        if (s == PL_OK) {
            pl_model_free(m);
            break;
        }
        assert_int_equal(s, PL_ENOMEM);
        assert_null(m);
    }
    pl_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utilities),
        cmocka_unit_test(test_big_space),
        cmocka_unit_test(test_zero_weights),
        cmocka_unit_test(test_ratified_by_quota),
        cmocka_unit_test(test_outcome_next),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
