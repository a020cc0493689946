/*
 * test_sim_mediated.c: mediators at the table (shuttle, the default protocol with mediators)
 * table a single negotiating text the parties vote on, and it can become the agreement; the
 * Doha example has no feasible outcome (counted here by enumeration), so its talks end at the
 * Israeli delegation's deadline, which the result names; a failed ratification keeps its
 * package and blocker in the trace.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/pl_io.h>
#include <parley/pl_model.h>
#include <parley/pl_sim.h>

/* Two parties at the table who concede linearly, and a hosting mediator. */
static const char *doc_table =
    "parley: 1\n"
    "issues:\n"
    "  a: {type: integer, range: [0, 10]}\n"
    "  b: {type: ordered, options: [x, y, z]}\n"
    "actors:\n"
    "  A: {deadline: 12, reservation: 0.3, stance: {a: {position: 10}, b: {position: x, salience: 0.5}}}\n"
    "  B: {deadline: 12, reservation: 0.3, strategy: linear,\n"
    "      stance: {a: {position: 0}, b: {position: z, salience: 0.5}}}\n"
    "  M: {role: mediator, host: true}\n";

static pl_scenario_t *load(const char *doc, const char *path)
{
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_status s = doc ? pl_scenario_load_yaml_string(doc, strlen(doc), "t.yaml", NULL, &sc, &err)
                      : pl_scenario_load_yaml(path, NULL, &sc, &err);
    assert_int_equal(s, PL_OK);
    pl_error_destroy(&err);
    return sc;
}

static pl_session_t *run(const pl_model_t *m, const pl_protocol_type *p, uint64_t seed, bool end_on_fail)
{
    pl_sim_options_t o;
    pl_sim_options_init(&o);
    o.seed = seed;
    o.ratify_continue = !end_on_fail;
    pl_session_t *s = NULL;
    assert_int_equal(pl_session_alloc(m, p, &o, &s, NULL), PL_OK);
    assert_int_equal(pl_session_run(s, NULL), PL_OK);
    return s;
}

static void test_text_at_the_table(void **state)
{
    (void)state;
    pl_scenario_t *sc = load(doc_table, NULL);
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    size_t agreed = 0;
    for (uint64_t seed = 1; seed <= 5; seed++) {
        pl_session_t *s = run(m, pl_protocol_shuttle, seed, false);
        size_t texts = 0, last_text = PL_UNSET;
        for (size_t e = 0; e < pl_session_nevents(s); e++) {
            const pl_event_t *ev = pl_session_event(s, e);
            if (ev->kind != PL_EV_PROPOSE) continue;
            assert_int_equal(ev->actor, 2); /* by the mediator M */
            assert_int_equal(ev->value, 2);
            /* texts come TEXT_EVERY = 3 rounds apart at least, after both parties offered */
            if (last_text != PL_UNSET) assert_true(ev->round >= last_text + 3);
            assert_true(ev->round >= 1);
            last_text = ev->round;
            texts++;
        }
        assert_true(texts >= 2);
        const pl_sim_result_t *r = pl_session_result(s);
        if (r->agreement) {
            agreed++;
            /* the agreement is the last text: the mediator's, voted on in its round */
            const pl_event_t *ev = NULL;
            for (size_t e = 0; e < pl_session_nevents(s); e++)
                if (pl_session_event(s, e)->kind == PL_EV_PROPOSE) ev = pl_session_event(s, e);
            assert_non_null(ev);
            assert_int_equal(ev->round, r->round);
            assert_memory_equal(pl_session_event_outcome(s, ev), r->outcome, 2 * sizeof(size_t));
            /* its bridging package lies between the parties' ideals on both issues */
            assert_true(r->outcome[0] > 0 && r->outcome[0] < 10);
        }
        pl_session_free(s);
    }
    assert_true(agreed > 0);
    /* sao has no mediator texts */
    pl_session_t *s = run(m, pl_protocol_sao, 1, false);
    for (size_t e = 0; e < pl_session_nevents(s); e++)
        assert_int_not_equal(pl_session_event(s, e)->kind, PL_EV_PROPOSE);
    pl_session_free(s);
    pl_model_free(m);
    pl_scenario_free(sc);
}

/* Doha: no outcome is feasible (every party accepts, the delegation's mandate, Israel's
 * ratification), so no seed agrees; the talks end at the delegation's deadline (14 rounds). */
static void test_doha_no_agreement(void **state)
{
    (void)state;
    const char *src = getenv("PL_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/doha-2024.yaml", src ? src : ".");
    pl_scenario_t *sc = load(NULL, path);
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    size_t ni = pl_model_nissues(m), o[16] = {0}, feasible = 0, n = 0;
    size_t del = pl_scenario_find_actor(sc, "Israeli delegation");
    assert_true(ni <= 16 && del != PL_UNSET);
    for (;;) {
        bool ok = pl_model_within_mandate(m, del, o);
        for (size_t k = 0; ok && k < pl_model_nparties(m); k++) {
            size_t p = pl_model_party(m, k);
            ok = pl_model_accepts(m, p, o) && pl_model_ratified(m, p, o, NULL);
        }
        feasible += ok;
        n++;
        size_t i = 0;
        while (i < ni && ++o[i] == pl_model_nvalues(m, i)) o[i++] = 0;
        if (i == ni) break;
    }
    assert_int_equal(n, 6480);
    assert_int_equal(feasible, 0);
    for (uint64_t seed = 1; seed <= 10; seed++) {
        pl_session_t *s = run(m, pl_protocol_shuttle, seed, false);
        const pl_sim_result_t *r = pl_session_result(s);
        assert_false(r->agreement);
        assert_int_equal(r->end, PL_END_DEADLINE);
        assert_int_equal(r->ended_by, del);
        assert_int_equal(r->rounds, 14);
        pl_session_free(s);
    }
    pl_model_free(m);
    pl_scenario_free(sc);
}

/* The round limit is a party's own deadline: the result names that party, not the limit. */
static void test_deadline_named(void **state)
{
    (void)state;
    pl_scenario_t *sc = load("parley: 1\nissues: {a: {type: ordered, options: [x, y]}}\n"
                             "actors:\n"
                             "  A: {stance: {a: {position: x}}, strategy: hardliner}\n"
                             "  B: {stance: {a: {position: y}}, strategy: hardliner, deadline: 6}\n", NULL);
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    /* the offer protocols (the text protocols agree here: both may accept any text) */
    const pl_protocol_type *ps[] = {pl_protocol_sao, pl_protocol_amop, pl_protocol_shuttle};
    for (size_t p = 0; p < 3; p++) {
        pl_session_t *s = run(m, ps[p], 1, false);
        const pl_sim_result_t *r = pl_session_result(s);
        assert_int_equal(r->end, PL_END_DEADLINE);
        assert_int_equal(r->ended_by, 1);
        pl_session_free(s);
    }
    pl_model_free(m);
    pl_scenario_free(sc);
}

/* A deal its party's body votes down: the trace's ratify event has the package and the
 * blocking faction (seats: 40 of the 61 needed accept a = 8). */
static void test_failed_ratification(void **state)
{
    (void)state;
    pl_scenario_t *sc = load("parley: 1\nissues: {a: {type: integer, range: [0, 10]}}\n"
                             "actors:\n"
                             "  A: {deadline: 12, seats: 40, stance: {a: {position: 10}}}\n"
                             "  Hawks: {role: faction, party: A, seats: 30, reservation: 0.95, stance: {a: {position: 10}}}\n"
                             "  B: {deadline: 12, strategy: conceder, stance: {a: {position: 0}}}\n"
                             "ratification:\n  A: {rule: quota, quota: 61, total: 120}\n", NULL);
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    pl_session_t *s = run(m, pl_protocol_sao, 1, true);
    const pl_sim_result_t *r = pl_session_result(s);
    assert_int_equal(r->end, PL_END_RATIFICATION);
    assert_int_equal(r->ended_by, 1);
    char *trace = NULL;
    size_t len = 0;
    assert_int_equal(pl_session_trace_jsonl(s, &trace, &len, NULL), PL_OK);
    assert_non_null(strstr(trace, "\"event\":\"ratify\",\"actor\":\"A\",\"blocker\":\"Hawks\",\"outcome\":{\"a\":8}"));
    assert_non_null(strstr(trace, "\"yes\":false"));
    pl_free(trace);
    pl_session_free(s);
    pl_model_free(m);
    pl_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_at_the_table),
        cmocka_unit_test(test_doha_no_agreement),
        cmocka_unit_test(test_deadline_named),
        cmocka_unit_test(test_failed_ratification),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
