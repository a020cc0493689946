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
#include <stdlib.h>
#include <string.h>

#include <parley/parley.h>
#include "core/model_internal.h" /* test_big_space builds a model by hand */

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
    assert_float_equal(pl_model_threshold(m, 0), -0.1, 1e-12);
    assert_float_equal(pl_model_expected_no_deal(m, 0), -0.18, 1e-12);
    assert_float_equal(pl_model_deal_bonus(m, 0), -0.08, 1e-12);
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

/* ---- the compiled rules and accessors on examples/doha-2024.yaml, values read off the file ----
 * Actors: 0 Israel (party, 50 seats), 1 Israeli delegation, 2 Far-right partners (faction, 14
 * seats, defection cost 0.12), 3 Security establishment (faction, no seats), 4 Hamas (party,
 * absent, participation 0.45, requires withdrawal in {phased full, full} and ceasefire in
 * {phased, permanent}), 5 Qatar (host), 6 Egypt, 7 United States, 8 Iran (external).
 * Issues: 0 ceasefire (3), 1 withdrawal (4), 2 Philadelphi (4), 3 return north (3), 4 captive
 * release (3), 5 prisoner ratio (10..50 step 10: 5), 6 reconstruction (3). */

static pl_model_t *doha(const char *variant, pl_scenario_t **sc)
{
    const char *src = getenv("PL_SOURCE_DIR");
    if (!src) skip();
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/doha-2024.yaml", src);
    pl_model_t *m = NULL;
    /* the example is part of the repository: failing to load it is a failure, not a skip */
    assert_int_equal(pl_scenario_load_yaml(path, variant, sc, NULL), PL_OK);
    assert_int_equal(pl_model_compile(*sc, &m, NULL), PL_OK);
    return m;
}

static void test_doha_accessors(void **state)
{
    (void)state;
    pl_scenario_t *sc = NULL;
    pl_model_t *m = doha(NULL, &sc);
    assert_int_equal(pl_model_nissues(m), 7);
    assert_int_equal(pl_model_nactors(m), 9);
    assert_int_equal(pl_model_nvalues(m, 5), 5);
    assert_int_equal(pl_model_nparties(m), 2);
    assert_int_equal(pl_model_party(m, 0), 0);
    assert_int_equal(pl_model_party(m, 1), 4);
    assert_string_equal(pl_model_actor_name(m, 4), "Hamas");
    assert_string_equal(pl_model_value_label(m, 5, 2), "30");
    assert_int_equal(pl_model_role(m, 1), PL_ROLE_DELEGATION);
    assert_int_equal(pl_model_role(m, 8), PL_ROLE_EXTERNAL);
    assert_int_equal(pl_model_party_of(m, 1), 0);
    assert_int_equal(pl_model_party_of(m, 3), 0);
    assert_int_equal(pl_model_party_of(m, 4), PL_UNSET);
    assert_int_equal(pl_model_nfactions(m, 0), 2);
    assert_int_equal(pl_model_faction(m, 0, 0), 2);
    assert_int_equal(pl_model_faction(m, 0, 1), 3);
    assert_int_equal(pl_model_nfactions(m, 4), 0);
    /* participation, presence, host, time */
    assert_float_equal(pl_model_participation(m, 4), 0.45, 1e-12);
    assert_true(isnan(pl_model_participation(m, 0)));
    assert_false(pl_model_at_table(m, 4));
    assert_true(pl_model_at_table(m, 0));
    assert_true(pl_model_is_host(m, 5));
    assert_false(pl_model_is_host(m, 6));
    assert_float_equal(pl_model_discount(m, 0), 0.99, 1e-12);
    assert_float_equal(pl_model_discount(m, 7), 0.9, 1e-12);
    assert_float_equal(pl_model_deadline(m, 0), 14, 1e-12);
    assert_float_equal(pl_model_deadline(m, 7), 7, 1e-12); /* 7 days of one-day rounds */
    assert_string_equal(pl_model_strategy(m, 0), "boulware");
    assert_float_equal(pl_model_clout(m, 5), 0.4, 1e-12);
    assert_float_equal(pl_model_seats(m, 2), 14, 1e-12);
    assert_true(isnan(pl_model_seats(m, 4)));
    assert_float_equal(pl_model_defection_cost(m, 2), 0.12, 1e-12);
    /* Iran retaliation: Israel's threshold 0.5 + (0.75 - 0.25) * -0.3 = 0.35, expected no deal
     * 0.5 + 0.75 * -0.3 = 0.275, deal bonus 0.25 * -0.3 = -0.075 */
    assert_int_equal(pl_model_nlinkages(m), 1);
    assert_float_equal(pl_model_linkage_p_deal(m, 0), 0.25, 1e-12);
    assert_float_equal(pl_model_linkage_effect(m, 0, 7), -0.15, 1e-12);
    assert_float_equal(pl_model_linkage_effect(m, 0, 8), 0, 0);
    assert_float_equal(pl_model_threshold(m, 0), 0.35, 1e-12);
    assert_float_equal(pl_model_expected_no_deal(m, 0), 0.275, 1e-12);
    assert_float_equal(pl_model_deal_bonus(m, 0), -0.075, 1e-12);
    /* proposals: May = phased, populated areas, reduced presence, monitored return, phased,
     * 30, pledged; the 2 July amendments change withdrawal, return north and reconstruction */
    assert_int_equal(pl_model_nproposals(m), 3);
    const size_t may[] = {1, 1, 1, 1, 1, 2, 1}, july[] = {1, 2, 1, 2, 1, 2, 2};
    assert_memory_equal(pl_model_proposal(m, 0), may, sizeof may);
    assert_memory_equal(pl_model_proposal(m, 1), july, sizeof july);
    /* issue kinds and positions (forecasting reads these) */
    assert_true(pl_model_issue_ordered(m, 0));
    assert_int_equal(pl_model_issue_kind(m, 5), PL_ISSUE_INTEGER);
    double lo, hi;
    pl_model_issue_range(m, 5, &lo, &hi);
    assert_float_equal(lo, 10, 0);
    assert_float_equal(hi, 50, 0);
    assert_float_equal(pl_model_issue_reference(m, 5), 10, 0);
    assert_true(isnan(pl_model_issue_reference(m, 4)));
    assert_float_equal(pl_model_position(m, 4, 5), 50, 0);
    assert_float_equal(pl_model_salience(m, 4, 5), 0.5, 1e-12);
    assert_true(isnan(pl_model_position(m, 2, 3))); /* the far right says nothing on return north */
    assert_true(isnan(pl_model_position(m, 1, 0))); /* the delegation states no preferences */
    assert_false(pl_model_has_preferences(m, 1));
    assert_true(pl_model_has_preferences(m, 2));
    pl_model_free(m);
    pl_scenario_free(sc);
}

/* Israel's ratification as a weighted game and the rules evaluated on it. */
static void test_doha_rules(void **state)
{
    (void)state;
    pl_scenario_t *sc = NULL;
    pl_model_t *m = doha(NULL, &sc);
    /* the game: Israel's own 50 seats, then the far right's 14; the security establishment has
     * no seats and no vote; 61 of 120 needed */
    pl_model_game_t g;
    assert_true(pl_model_ratification(m, 0, &g));
    assert_int_equal(g.rule, PL_RATIFY_QUOTA);
    assert_int_equal(g.nmembers, 2);
    assert_int_equal(g.members[0], 0);
    assert_int_equal(g.members[1], 2);
    assert_float_equal(g.weight[0], 50, 0);
    assert_float_equal(g.weight[1], 14, 0);
    assert_float_equal(g.quota, 61, 0);
    assert_float_equal(g.total, 120, 0);
    assert_false(pl_model_ratification(m, 4, &g));
    assert_int_equal(g.rule, PL_RATIFY_NONE);
    /* given acceptances: 64 >= 61 passes; without the far right 50 < 61 and it blocks; without
     * Israel 14 < 61 and no faction is to blame; the security establishment's vote is not read */
    size_t b = 0;
    bool acc[9] = {true, true, true, false, true, true, true, true, true};
    assert_true(pl_model_ratified_by(m, 0, acc, &b));
    assert_int_equal(b, PL_UNSET);
    acc[2] = false;
    assert_false(pl_model_ratified_by(m, 0, acc, &b));
    assert_int_equal(b, 2);
    acc[2] = true;
    acc[0] = false;
    assert_false(pl_model_ratified_by(m, 0, acc, &b));
    assert_int_equal(b, PL_UNSET);
    assert_true(pl_model_ratified_by(m, 4, acc, &b)); /* Hamas has no rule */
    /* Hamas's requirements, one set per issue */
    assert_true(pl_model_has_requirements(m, 4));
    assert_false(pl_model_has_requirements(m, 0));
    const bool wd[] = {false, false, true, true}, cf[] = {false, true, true};
    assert_memory_equal(pl_model_requirement(m, 4, 1), wd, sizeof wd);
    assert_memory_equal(pl_model_requirement(m, 4, 0), cf, sizeof cf);
    assert_null(pl_model_requirement(m, 4, 2));
    const size_t *may = pl_model_proposal(m, 0), *july = pl_model_proposal(m, 1);
    assert_false(pl_model_requirements_met(m, 4, may)); /* withdrawal: populated areas */
    assert_true(pl_model_requirements_met(m, 4, july));  /* phased full, phased */
    /* the May proposal. Israel (saliences 0.9 .6 .8 .5 .9 .3 .1, sum 4.1; all positions at the
     * first value): evaluations 1/2, 2/3, 2/3, 1/2, 1/2, 1 - 20/40, 1/2, so the sum is
     * 0.45 + 0.4 + 1.6/3 + 0.25 + 0.45 + 0.15 + 0.05 = 137/60 and the base utility 137/246.
     * The far right (1, .9, .7 on the first three issues, .6 on the ratio; sum 3.2): 0.5 + 0.6 +
     * 1.4/3 + 0.3 = 28/15, utility 7/12 < 0.85: it rejects, Israel pays 0.12 and still accepts
     * (0.4369 >= 0.35), but 50 seats < 61: not ratified, the far right blocks */
    assert_float_equal(pl_model_utility(m, 2, may), 7.0 / 12, 1e-12);
    assert_false(pl_model_accepts(m, 2, may));
    assert_float_equal(pl_model_utility(m, 0, may), 137.0 / 246 - 0.12, 1e-12);
    assert_float_equal(pl_model_utility_additive(m, 0, may), 137.0 / 246, 1e-12);
    assert_false(pl_model_is_additive(m, 0));
    assert_true(pl_model_is_additive(m, 2));
    assert_true(pl_model_accepts(m, 0, may));
    assert_false(pl_model_ratified(m, 0, may, &b));
    assert_int_equal(b, 2);
    /* the first outcome is everyone's ideal on Israel's side: all accept, ratified */
    size_t o0[7] = {0};
    assert_float_equal(pl_model_utility(m, 0, o0), 1, 1e-12);
    assert_true(pl_model_ratified(m, 0, o0, &b));
    assert_int_equal(b, PL_UNSET);
    /* the base scenario gives the delegation no mandate */
    assert_false(pl_model_has_mandate(m, 1));
    assert_null(pl_model_mandate(m, 1, 0));
    assert_true(pl_model_within_mandate(m, 1, may));
    pl_model_free(m);
    pl_scenario_free(sc);
}

/* Variant "no core mandate": ceasefire [temporary], withdrawal [none, populated areas],
 * Philadelphi [Israeli control]; nothing on the other issues. */
static void test_doha_mandate(void **state)
{
    (void)state;
    pl_scenario_t *sc = NULL;
    pl_model_t *m = doha("no core mandate", &sc);
    assert_true(pl_model_has_mandate(m, 1));
    assert_false(pl_model_has_mandate(m, 0));
    const bool cf[] = {true, false, false}, wd[] = {true, true, false, false};
    assert_memory_equal(pl_model_mandate(m, 1, 0), cf, sizeof cf);
    assert_memory_equal(pl_model_mandate(m, 1, 1), wd, sizeof wd);
    assert_null(pl_model_mandate(m, 1, 3));
    size_t o[7] = {0};
    assert_true(pl_model_within_mandate(m, 1, o));
    o[3] = 2; /* return north is not in the mandate */
    assert_true(pl_model_within_mandate(m, 1, o));
    o[1] = 1; /* populated areas: allowed */
    assert_true(pl_model_within_mandate(m, 1, o));
    o[2] = 1; /* reduced presence: not allowed */
    assert_false(pl_model_within_mandate(m, 1, o));
    assert_false(pl_model_within_mandate(m, 1, pl_model_proposal(m, 0)));
    pl_model_free(m);
    pl_scenario_free(sc);
}

/* The model is compiled once: changing the scenario afterwards changes no decision (only names
 * are read from it). Fails if an evaluation goes back to the scenario. */
static void test_compiled_once(void **state)
{
    (void)state;
    pl_scenario_t *sc = NULL;
    pl_model_t *m = doha("no core mandate", &sc);
    const size_t *july = pl_model_proposal(m, 1);
    size_t o0[7] = {0};
    bool acc[9] = {true, true, false, true, true, true, true, true, true};
    size_t b;
    sc->ratifications[0].quota = 10;
    sc->actors[0].seats = 100;
    sc->actors[2].role = PL_ROLE_DELEGATION;
    sc->actors[2].defection_cost = 0;
    sc->actors[4].requires[0].allowed[0] = true;
    sc->actors[4].requires[0].allowed[1] = true;
    sc->actors[1].mandate[0][1] = true;
    sc->actors[1].mandate[2][1] = true;
    sc->actors[4].participation = 0.9;
    sc->proposals[1].value[0] = 0;
    assert_false(pl_model_ratified_by(m, 0, acc, &b));
    assert_int_equal(b, 2);
    assert_float_equal(pl_model_utility(m, 0, pl_model_proposal(m, 0)), 137.0 / 246 - 0.12, 1e-12);
    assert_false(pl_model_requirements_met(m, 4, o0));
    o0[0] = 1;
    o0[2] = 1;
    assert_false(pl_model_within_mandate(m, 1, o0));
    assert_float_equal(pl_model_participation(m, 4), 0.45, 1e-12);
    assert_int_equal(july[0], 1);
    assert_int_equal(pl_model_role(m, 2), PL_ROLE_FACTION);
    pl_model_free(m);
    pl_scenario_free(sc);
}

/* The accessors the simulation reads for mediators, linkages, trace values and messages, on
 * the Doha example (values read off examples/doha-2024.yaml) and on the hand-built scenario;
 * they are compiled: editing the scenario afterwards does not change them. */
static void test_sim_accessors(void **state)
{
    (void)state;
    pl_scenario_t *sc = NULL;
    pl_model_t *m = doha(NULL, &sc);
    /* Hamas (actor 4): "via: [Qatar, Egypt]", Qatar is actor 5, Egypt 6 */
    assert_int_equal(pl_model_nvia(m, 4), 2);
    assert_int_equal(pl_model_via(m, 4, 0), 5);
    assert_int_equal(pl_model_via(m, 4, 1), 6);
    assert_string_equal(pl_model_actor_name(m, pl_model_via(m, 4, 0)), "Qatar");
    assert_int_equal(pl_model_nvia(m, 0), 0);
    /* linkage "Iran retaliation", actor Iran (8) */
    assert_int_equal(pl_model_linkage_actor(m, 0), 8);
    assert_string_equal(pl_model_linkage_name(m, 0), "Iran retaliation");
    /* prisoner ratio (issue 5): integer 10..50 in steps of 10; ceasefire (0) is categorical */
    assert_float_equal(pl_model_value_number(m, 5, 0), 10, 0);
    assert_float_equal(pl_model_value_number(m, 5, 2), 30, 0);
    assert_float_equal(pl_model_value_number(m, 5, 4), 50, 0);
    assert_true(isnan(pl_model_value_number(m, 0, 1)));
    /* "  Hamas:" is line 112, column 3 of the file */
    pl_srcpos_t pos = pl_model_actor_pos(m, 4);
    assert_int_equal(pos.line, 112);
    assert_int_equal(pos.col, 3);
    const char *file = pl_model_source_file(m);
    assert_non_null(file);
    size_t n = strlen(file), k = strlen("examples/doha-2024.yaml");
    assert_true(n >= k);
    assert_string_equal(file + n - k, "examples/doha-2024.yaml");
    /* compiled once: the scenario's arrays can change (or go) without the model noticing */
    sc->actors[4].via[0] = 7;
    sc->linkages[0].actor = 0;
    sc->issues[5].numeric[2] = -1;
    assert_int_equal(pl_model_via(m, 4, 0), 5);
    assert_int_equal(pl_model_linkage_actor(m, 0), 8);
    assert_float_equal(pl_model_value_number(m, 5, 2), 30, 0);
    pl_model_free(m);
    pl_scenario_free(sc);

    /* the hand-built scenario: r is integer 0..4, w categorical; no file, no positions */
    sc = build();
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    assert_float_equal(pl_model_value_number(m, 1, 3), 3, 0);
    assert_true(isnan(pl_model_value_number(m, 0, 2)));
    assert_null(pl_model_source_file(m));
    assert_int_equal(pl_model_actor_pos(m, 1).line, 0);
    assert_int_equal(pl_model_linkage_actor(m, 0), 3);
    assert_null(pl_model_linkage_name(m, 0)); /* build() names no linkage */
    assert_int_equal(pl_model_nvia(m, 0), 0);
    pl_model_free(m);
    pl_scenario_free(sc);
}

/* Two requirements on one issue must both hold: they are compiled into one set (their AND). */
static void test_requirements_merged(void **state)
{
    (void)state;
    pl_scenario_t *sc = build();
    pl_actor_t *A = &sc->actors[0];
    A->nrequires = 2;
    A->requires = pl_calloc(2, sizeof *A->requires);
    const bool r1[] = {false, true, true, true, false}, r2[] = {true, true, true, false, false};
    for (int k = 0; k < 2; k++) {
        A->requires[k].issue = 1;
        A->requires[k].allowed = pl_malloc(sizeof r1);
        memcpy(A->requires[k].allowed, k ? r2 : r1, sizeof r1);
    }
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    const bool both[] = {false, true, true, false, false};
    assert_memory_equal(pl_model_requirement(m, 0, 1), both, sizeof both);
    assert_null(pl_model_requirement(m, 0, 0));
    for (size_t v = 0; v < 5; v++) {
        size_t o[2] = {2, v};
        assert_true(pl_model_requirements_met(m, 0, o) == both[v]);
    }
    /* (full, 0) clears A's threshold -0.1 (3/4 + 1/4 * 3/4 = 0.9375, less F's defection cost
     * 0.2), but r = 0 is excluded */
    size_t o[2] = {2, 0};
    assert_false(pl_model_accepts(m, 0, o));
    pl_model_free(m);
    pl_scenario_free(sc);
}

/* Veto: every faction must accept; the party's own vote is not part of the rule. */
static void test_ratified_by_veto(void **state)
{
    (void)state;
    pl_scenario_t *sc = build();
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    pl_model_game_t g;
    assert_true(pl_model_ratification(m, 0, &g));
    assert_int_equal(g.rule, PL_RATIFY_VETO);
    assert_int_equal(g.nmembers, 2); /* A itself, then F, one vote each, both needed */
    assert_float_equal(g.quota, 2, 0);
    size_t b = 0;
    bool acc[4] = {false, false, true, false};
    assert_true(pl_model_ratified_by(m, 0, acc, &b));
    assert_int_equal(b, PL_UNSET);
    acc[2] = false;
    acc[0] = true;
    assert_false(pl_model_ratified_by(m, 0, acc, &b));
    assert_int_equal(b, 2);
    pl_model_free(m);
    pl_scenario_free(sc);
}

/* Out of memory at any allocation of a compile with mandates, requirements, factions, a quota
 * game, proposals and linkages: PL_ENOMEM and nothing leaks (the sanitizer run checks). */
static void test_oom_rules(void **state)
{
    (void)state;
    pl_scenario_t *sc = NULL;
    pl_model_t *m = doha("no core mandate", &sc);
    pl_model_free(m);
    bool done = false;
    for (size_t k = 1; k < 1000 && !done; k++) {
        m = NULL;
        pl_i_alloc_fail_after(k);
        pl_status s = pl_model_compile(sc, &m, NULL);
        pl_i_alloc_fail_after(0);
        if (s == PL_OK) {
            pl_model_free(m);
            done = true;
            break;
        }
        assert_int_equal(s, PL_ENOMEM);
        assert_null(m);
    }
    assert_true(done);
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
        cmocka_unit_test(test_doha_accessors),
        cmocka_unit_test(test_doha_rules),
        cmocka_unit_test(test_doha_mandate),
        cmocka_unit_test(test_compiled_once),
        cmocka_unit_test(test_sim_accessors),
        cmocka_unit_test(test_requirements_merged),
        cmocka_unit_test(test_ratified_by_veto),
        cmocka_unit_test(test_oom_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
