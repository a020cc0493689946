/*
 * test_accept.c: the one acceptance rule. Analyze, mediate and simulate must classify every
 * outcome the same way, on every example (base and variants) and on 200 random scenarios built
 * with decision rules, referendums, combined routes, walkouts, participation and constraints.
 * Every agreement a simulation reaches (every protocol, seeds 1-3) is feasible by the same rule.
 * Also referendum margins and decision rules against hand-computed values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <parley/parley.h>

#include "core/model_internal.h"
#include "mediate/mediate_internal.h"
#include "test_util.h"

/* Check one model: the analysis zone counts exactly the outcomes pl_model_feasible accepts and
 * its feasible points are feasible; mediation's evaluator (no payments) agrees outcome by
 * outcome, with pl_mediate_evaluate; simulation's ratification vote (pl_model_ratified) agrees
 * with each party's ratification inside the rule. Returns the number of feasible outcomes. */
static uint64_t agree(const pl_model_t *m, const char *what)
{
    pl_analysis_t *an = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_analysis_run(m, NULL, &an, &err), PL_OK);
    assert_true(an->zone.known);
    pl_i_eval_t ev;
    assert_int_equal(pl_i_eval_init(&ev, m, false, &err), PL_OK);
    uint64_t total;
    assert_true(pl_model_space_size(m, &total));
    size_t ni = pl_model_nissues(m), na = pl_model_nactors(m);
    size_t *o = calloc(ni, sizeof *o);
    bool *acc = calloc(na + 1, sizeof *acc);
    uint64_t feasible = 0, allowed = 0;
    for (uint64_t x = 0; x < total; x++) {
        pl_why_t why;
        bool f = pl_model_feasible(m, o, &why);
        feasible += f;
        allowed += pl_model_allowed(m, o);
        assert_true(f == (why.kind == PL_WHY_NONE));
        bool e = pl_i_eval_run(&ev, o);
        if (e != f) fail_msg("%s: outcome %llu: model says %d, mediation %d", what, (unsigned long long)x, f, e);
        if (x % 7 == 0) {
            pl_mediate_package_t pkg;
            pl_mediate_package_init(&pkg);
            assert_int_equal(pl_mediate_evaluate(m, NULL, o, &pkg, &err), PL_OK);
            assert_true(pkg.passes == f);
            pl_mediate_package_destroy(&pkg);
        }
        /* simulation votes with pl_model_ratified on the model's own acceptances */
        pl_model_acceptances(m, o, acc);
        for (size_t k = 0; k < pl_model_nparties(m); k++) {
            size_t p = pl_model_party(m, k), b1, b2;
            assert_true(pl_model_ratified(m, p, o, &b1) == pl_model_ratified_by(m, p, acc, &b2));
            assert_true(b1 == b2);
        }
        /* an outcome a constraint forbids is accepted by nobody */
        if (!pl_model_allowed(m, o))
            for (size_t a = 0; a < na; a++) assert_false(pl_model_accepts(m, a, o));
        pl_model_outcome_next(m, o);
    }
    if (an->zone.feasible != feasible)
        fail_msg("%s: analyze counts %llu feasible, the model %llu", what,
                 (unsigned long long)an->zone.feasible, (unsigned long long)feasible);
    assert_true(an->zone.allowed == allowed);
    if (an->feasible_points.nash.found) {
        assert_true(pl_model_feasible(m, an->feasible_points.nash.outcome, NULL));
        assert_true(pl_model_feasible(m, an->feasible_points.ks.outcome, NULL));
        assert_true(pl_model_feasible(m, an->feasible_points.egalitarian.outcome, NULL));
        assert_true(pl_model_feasible(m, an->feasible_points.utilitarian.outcome, NULL));
    } else {
        assert_true(feasible == 0 || !an->feasible_kept);
    }
    for (size_t p = 0; p < an->nproposals; p++)
        if (an->proposals[p].feasible_dominated)
            assert_true(pl_model_feasible(m, an->proposals[p].feasible_dominator, NULL));
    free(o);
    free(acc);
    pl_i_eval_destroy(&ev);
    pl_analysis_free(an);
    pl_error_destroy(&err);
    return feasible;
}

static pl_model_t *load(const char *text, pl_scenario_t **sc);

/* Simulate m with every protocol and seeds 1-3: every agreement reached must be feasible by
 * pl_model_feasible (the table's rule and the ratifications are the model's). Returns the
 * number of agreements. */
static size_t simulate_all(const pl_model_t *m, const char *what)
{
    size_t n = 0;
    for (size_t p = 0; p < pl_protocol_count(); p++)
        for (uint64_t seed = 1; seed <= 3; seed++) {
            pl_sim_options_t opt;
            pl_sim_options_init(&opt);
            opt.seed = seed;
            opt.record = false;
            pl_session_t *s = NULL;
            pl_error_t err;
            pl_error_init(&err);
            if (pl_session_alloc(m, pl_protocol_at(p), &opt, &s, &err) != PL_OK)
                fail_msg("%s: %s", what, err.message);
            assert_int_equal(pl_session_run(s, &err), PL_OK);
            const pl_sim_result_t *r = pl_session_result(s);
            if (r->agreement) {
                n++;
                pl_why_t why;
                if (!pl_model_feasible(m, r->outcome, &why))
                    fail_msg("%s: protocol %s seed %llu agrees on an infeasible outcome (why %d, "
                             "actor %zu)", what, pl_protocol_at(p)->name,
                             (unsigned long long)seed, (int)why.kind, why.actor);
            }
            pl_session_free(s);
            pl_error_destroy(&err);
        }
    return n;
}

static uint64_t agree_file(const char *path, const char *variant)
{
    pl_scenario_t *sc = NULL;
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    if (pl_scenario_load_yaml(path, variant, &sc, &err) != PL_OK) fail_msg("%s: %s", path, err.message);
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    char what[600];
    snprintf(what, sizeof what, "%s%s%s", path, variant ? " variant " : "", variant ? variant : "");
    uint64_t n = agree(m, what);
    simulate_all(m, what);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
    return n;
}

static void test_examples(void **state)
{
    (void)state;
    const char *src = getenv("PL_SOURCE_DIR");
    if (!src) skip();
    static const char *const files[] = {"doha-2024", "coalition", "trade-deal", "colombia-2016",
                                        "good-friday-1998"};
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/examples/%s.yaml", src, files[k]);
        agree_file(path, NULL);
        pl_scenario_t *sc = NULL;
        assert_int_equal(pl_scenario_load_yaml(path, NULL, &sc, NULL), PL_OK);
        for (size_t v = 0; v < sc->nvariants; v++) agree_file(path, sc->variants[v].name);
        pl_scenario_free(sc);
    }
    /* the pinned figures: Good Friday feasible under consensus, with a walkout, not unanimously */
    char gf[1024];
    snprintf(gf, sizeof gf, "%s/examples/good-friday-1998.yaml", src);
    assert_true(agree_file(gf, NULL) > 0);
    assert_true(agree_file(gf, "DUP and UKUP walk out") > 0);
    assert_int_equal(agree_file(gf, "unanimity"), 0);
}

static size_t simulate_file(const char *path, const char *variant)
{
    pl_scenario_t *sc = NULL;
    pl_model_t *m = NULL;
    assert_int_equal(pl_scenario_load_yaml(path, variant, &sc, NULL), PL_OK);
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    size_t n = simulate_all(m, variant ? variant : path);
    pl_model_free(m);
    pl_scenario_free(sc);
    return n;
}

/* Good Friday under sufficient consensus: the simulation reaches agreements (the DUP and UKUP
 * no longer veto once they have walked out), each feasible; under unanimity none. A walkout in
 * the talks: the DUP, made to walk out at once, ends the talks under unanimity but not under
 * consensus. */
static void test_simulate_decision_rule(void **state)
{
    (void)state;
    const char *src = getenv("PL_SOURCE_DIR");
    if (!src) skip();
    char gf[1024];
    snprintf(gf, sizeof gf, "%s/examples/good-friday-1998.yaml", src);
    assert_true(simulate_file(gf, "DUP and UKUP walk out") > 0);
    assert_true(simulate_file(gf, NULL) > 0);
    assert_int_equal(simulate_file(gf, "unanimity"), 0);
    /* the DUP as a hardliner that walks out when it cannot offer: under consensus (the base
     * scenario) the session goes on after its walkout event */
    pl_scenario_t *sc = NULL;
    pl_model_t *m = NULL;
    assert_int_equal(pl_scenario_load_yaml(gf, "DUP and UKUP walk out", &sc, NULL), PL_OK);
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    size_t dup = PL_UNSET;
    for (size_t a = 0; a < pl_model_nactors(m); a++)
        if (strcmp(pl_model_actor_name(m, a), "DUP") == 0) dup = a;
    assert_true(dup != PL_UNSET && pl_model_walked_out(m, dup));
    pl_session_t *s = NULL;
    assert_int_equal(pl_session_alloc(m, pl_protocol_sao, NULL, &s, NULL), PL_OK);
    assert_int_equal(pl_session_run(s, NULL), PL_OK);
    const pl_sim_result_t *r = pl_session_result(s);
    assert_true(r->agreement);
    /* the walked-out parties made no offer and cast no vote */
    for (size_t e = 0; e < pl_session_nevents(s); e++)
        assert_true(pl_session_event(s, e)->actor != dup);
    pl_session_free(s);
    pl_model_free(m);
    pl_scenario_free(sc);
}

/* A party that walks out during the talks: under majority the others go on and can agree; under
 * unanimity there is no agreement. C accepts nothing: it requires lo, where its utility (it wants
 * hi) is below its reservation, so it has no offer to make and walks out when its turn comes. */
static void test_walkout_in_session(void **state)
{
    (void)state;
    const char *base =
        "parley: 1\nissues: {x: {type: ordered, options: [lo, mid, hi]}}\n"
        "actors:\n  A: {reservation: 0.3, stance: {x: {position: hi}}}\n"
        "  B: {reservation: 0.3, stance: {x: {position: hi}}}\n"
        "  C: {reservation: 0.3, requires: [{issue: x, in: [lo]}], stance: {x: {position: hi}}}\n";
    for (int rule = 0; rule < 2; rule++) {
        char text[1024];
        snprintf(text, sizeof text, "%s%s", base, rule ? "decision: {rule: majority}\n" : "");
        pl_scenario_t *sc = NULL;
        pl_model_t *m = load(text, &sc);
        for (size_t p = 0; p < pl_protocol_count(); p++) {
            pl_session_t *s = NULL;
            assert_int_equal(pl_session_alloc(m, pl_protocol_at(p), NULL, &s, NULL), PL_OK);
            assert_int_equal(pl_session_run(s, NULL), PL_OK);
            const pl_sim_result_t *r = pl_session_result(s);
            if (rule == 0) {
                assert_false(r->agreement); /* C accepts nothing the others do: no unanimity */
            } else {
                if (!r->agreement) fail_msg("majority, %s: no agreement", pl_protocol_at(p)->name);
                assert_true(pl_model_feasible(m, r->outcome, NULL));
            }
            pl_session_free(s);
        }
        pl_model_free(m);
        pl_scenario_free(sc);
    }
}

/* ---- random scenarios ---- */

static uint64_t rs;
static unsigned rnd(unsigned n)
{
    rs = rs * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rs >> 33) % n);
}

static void gen(char *b, size_t size)
{
    size_t at = 0;
#define P(...) (at += (size_t)snprintf(b + at, at < size ? size - at : 0, __VA_ARGS__))
    unsigned ni = 2 + rnd(2), np = 2 + rnd(3);
    P("parley: 1\nissues:\n");
    for (unsigned i = 0; i < ni; i++) P("  i%u: {type: ordered, options: [a, b, c]}\n", i);
    P("actors:\n");
    for (unsigned p = 0; p < np; p++) {
        P("  P%u:\n    seats: %u\n    clout: 0.%u\n    reservation: 0.%u\n", p, 1 + rnd(9), 1 + rnd(9), rnd(8));
        if (rnd(4) == 0) P("    at_table: false\n    participation: 0.%u\n", 3 + rnd(6));
        if (rnd(5) == 0) P("    requires: [{issue: i0, in: [b, c]}]\n");
        P("    stance:\n");
        /* the first issue always counts, so that the saliences never all vanish */
        for (unsigned i = 0; i < ni; i++)
            P("      i%u: {position: %c, salience: %u}\n", i, "abc"[rnd(3)], i ? rnd(3) : 1 + rnd(2));
    }
    P("  F0:\n    role: faction\n    party: P0\n    seats: %u\n    reservation: 0.%u\n", 1 + rnd(5), rnd(7));
    if (rnd(3)) P("    stance: {i1: {position: %c}}\n", "abc"[rnd(3)]);
    P("  D0:\n    role: delegation\n    party: P1\n");
    if (rnd(2)) P("    mandate: {i1: [a, b]}\n");
    P("  V0:\n    role: external\n    reservation: 0.%u\n    stance: {i0: {position: %c}}\n", rnd(7), "abc"[rnd(3)]);
    P("  V1:\n    role: external\n    reservation: 0.%u\n    stance: {i1: {position: %c}}\n", rnd(7), "abc"[rnd(3)]);
    P("  V2:\n    role: external\n");
    P("ratification:\n");
    switch (rnd(5)) {
    case 0: P("  P0: {rule: veto}\n"); break;
    case 1: P("  P0: {rule: quota, quota: %u}\n", rnd(12)); break;
    case 2: P("  P0: {rule: referendum, electorate: {V0: 0.%u, V1: 0.%u, V2: 0.2}, turnout: 0.5, floor: 0.%u}\n", 1 + rnd(9), 1 + rnd(9), rnd(4)); break;
    case 3:
        P("  P0:\n    rule: sequence\n    routes:\n      vote: {rule: referendum, electorate: {V0: 0.5, V1: 0.%u}}\n"
          "      house: {rule: quota, quota: %u, members: {F0: 3, V1: 4, V2: 2}}\n", 1 + rnd(9), rnd(8));
        break;
    default: P("  P0: {rule: %s, routes: {a: {rule: veto, members: [F0, V0]}, b: {rule: quota, quota: 3, members: {V1: 3}}}}\n", rnd(2) ? "all" : "any");
    }
    unsigned dr = rnd(3);
    if (dr == 1) P("decision: {rule: consensus, weight: %s, quota: 0.%u%s}\n", rnd(2) ? "seats" : "clout", 3 + rnd(7), rnd(2) ? ", required: [P1]" : "");
    if (dr == 2) P("decision: {rule: majority, groups: {g: [P0, P1]}%s}\n", rnd(2) ? ", walked_out: [P1]" : "");
    if (dr == 0 && rnd(3) == 0) P("decision: {walked_out: [P%u]}\n", rnd(np));
    unsigned c1 = rnd(2), c2 = rnd(3) == 0;
    if (c1 || c2) P("constraints:\n");
    if (c1) P("  c1: {if: {i0: c}, then: {i1: {not: [a]}}}\n");
    if (c2) P("  c2: {forbid: {i0: a, i1: a}}\n");
#undef P
}

static void test_random(void **state)
{
    (void)state;
    rs = 20240815;
    char buf[8192];
    size_t done = 0, agreements = 0;
    for (int k = 0; k < 200; k++) {
        gen(buf, sizeof buf);
        pl_scenario_t *sc = NULL;
        pl_model_t *m = NULL;
        pl_error_t err;
        pl_error_init(&err);
        if (pl_scenario_load_yaml_string(buf, strlen(buf), "random", NULL, &sc, &err) != PL_OK)
            fail_msg("random scenario %d does not load: %s\n%s", k, err.message, buf);
        assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
        char what[64];
        snprintf(what, sizeof what, "random scenario %d", k);
        agree(m, what);
        agreements += simulate_all(m, what);
        done++;
        pl_model_free(m);
        pl_scenario_free(sc);
        pl_error_destroy(&err);
    }
    assert_int_equal(done, 200);
    assert_true(agreements > 100); /* the check above has agreements to look at */
}

/* ---- rules against hand-computed values ---- */

static pl_model_t *load(const char *text, pl_scenario_t **sc)
{
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    if (pl_scenario_load_yaml_string(text, strlen(text), "t", NULL, sc, &err) != PL_OK)
        fail_msg("%s", err.message);
    assert_int_equal(pl_model_compile(*sc, &m, &err), PL_OK);
    pl_error_destroy(&err);
    return m;
}

static void test_referendum_margin(void **state)
{
    (void)state;
    static const char *const y =
        "parley: 1\nissues: {x: {type: ordered, options: [lo, hi]}}\n"
        "actors:\n  G: {stance: {x: {position: hi}}, reservation: 0.5}\n"
        "  Yes: {role: external, reservation: 0.5, stance: {x: {position: hi}}}\n"
        "  No: {role: external, reservation: 0.5, stance: {x: {position: lo}}}\n"
        "  Silent: {role: external}\n"
        "ratification:\n  G: {rule: referendum, electorate: {Yes: 0.498, No: 0.502, Silent: 0.3}, turnout: 0.4, floor: 0.1}\n";
    pl_scenario_t *sc = NULL;
    pl_model_t *m = load(y, &sc);
    size_t o[1] = {1};
    pl_route_report_t r[4];
    assert_int_equal(pl_model_ratify_explain(m, 0, o, r, 4), 1);
    assert_false(r[0].passes);
    /* the silent bloc states nothing: it neither votes yes nor no */
    assert_close(r[0].yes, 49.8, 1e-9);
    assert_close(r[0].no, 50.2, 1e-9);
    assert_close(r[0].yes_electorate, 49.8 * 0.4, 1e-9);
    assert_int_equal(r[0].npivotal, 1);
    assert_int_equal(r[0].pivotal[0], 2); /* No would carry it by turning */
    pl_why_t why;
    assert_false(pl_model_feasible(m, o, &why));
    assert_int_equal(why.kind, PL_WHY_RATIFICATION);
    assert_int_equal(why.actor, 2);
    pl_model_free(m);
    pl_scenario_free(sc);
}

static void test_decision_rules(void **state)
{
    (void)state;
    /* A (seats 5) and B (3) want hi, C (2) wants lo; C's consent is required in the second */
    const char *base =
        "parley: 1\nissues: {x: {type: ordered, options: [lo, hi]}}\n"
        "actors:\n  A: {seats: 5, reservation: 0.5, stance: {x: {position: hi}}}\n"
        "  B: {seats: 3, reservation: 0.5, stance: {x: {position: hi}}}\n"
        "  C: {seats: 2, reservation: 0.5, stance: {x: {position: lo}}}\n";
    const char *rules[] = {"", "decision: {rule: consensus, weight: seats, quota: 0.8}\n",
                           "decision: {rule: consensus, weight: seats, quota: 0.8, required: [C]}\n",
                           "decision: {rule: majority}\n",
                           "decision: {rule: majority, groups: {g: [B, C]}}\n",
                           "decision: {rule: majority, walked_out: [B]}\n"};
    const bool hi_ok[] = {false, true, false, true, false, false};
    for (size_t k = 0; k < sizeof rules / sizeof *rules; k++) {
        char text[2048];
        snprintf(text, sizeof text, "%s%s", base, rules[k]);
        pl_scenario_t *sc = NULL;
        pl_model_t *m = load(text, &sc);
        size_t hi[1] = {1}, lo[1] = {0};
        if (pl_model_feasible(m, hi, NULL) != hi_ok[k]) fail_msg("rule %zu: hi", k);
        assert_false(pl_model_feasible(m, lo, NULL)); /* A and B reject lo under every rule */
        pl_model_free(m);
        pl_scenario_free(sc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_referendum_margin),
        cmocka_unit_test(test_decision_rules),
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_simulate_decision_rule),
        cmocka_unit_test(test_walkout_in_session),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
