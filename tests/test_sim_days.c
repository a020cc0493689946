/*
 * test_sim_days.c: calendar time in simulation. A deadline in days is the same number of
 * rounds as written (days / days per round), and the trace gives each round its day.
 * Expected values by hand: rounds of 12 hours, A's deadline of 3 days = 6 rounds.
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

#include <parley/pl_io.h>
#include <parley/pl_model.h>
#include <parley/pl_sim.h>

/* Two hardliners on one issue: neither ever accepts, so the first deadline ends the talks. */
#define DOC_FMT \
    "parley: 1\n"                                                                            \
    "%s"                                                                                     \
    "issues:\n"                                                                              \
    "  a: {type: ordered, options: [x, y]}\n"                                                \
    "actors:\n"                                                                              \
    "  A: {stance: {a: {position: x, salience: 1}}, strategy: hardliner, deadline: %s}\n"    \
    "  B: {stance: {a: {position: y, salience: 1}}, strategy: hardliner, deadline: %s}\n"

typedef struct run_out {
    size_t rounds, ended_by;
    pl_end_reason end;
    char *trace;
} run_out;

static run_out run_doc(const char *round, const char *da, const char *db)
{
    char doc[1024];
    snprintf(doc, sizeof doc, DOC_FMT, round, da, db);
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    assert_int_equal(pl_scenario_load_yaml_string(doc, strlen(doc), "t.yaml", NULL, &sc, &err), PL_OK);
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    pl_sim_options_t o;
    pl_sim_options_init(&o);
    o.seed = 1;
    pl_session_t *s = NULL;
    assert_int_equal(pl_session_alloc(m, pl_protocol_sao, &o, &s, &err), PL_OK);
    assert_int_equal(pl_session_run(s, NULL), PL_OK);
    const pl_sim_result_t *r = pl_session_result(s);
    run_out out = {r->rounds, r->ended_by, r->end, NULL};
    assert_false(r->agreement);
    size_t len;
    assert_int_equal(pl_session_trace_jsonl(s, &out.trace, &len, &err), PL_OK);
    pl_session_free(s);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
    return out;
}

static void test_deadline_in_days(void **state)
{
    (void)state;
    /* 12-hour rounds: A's 3 days = 6 rounds, B's 10 days = 20 rounds (the round limit) */
    run_out d = run_doc("round: {hours: 12}\n", "{days: 3}", "{days: 10}");
    assert_int_equal(d.end, PL_END_DEADLINE);
    assert_int_equal(d.ended_by, 0);
    assert_int_equal(d.rounds, 6);
    /* start: the round length and each negotiator's deadline in days */
    assert_non_null(strstr(d.trace, "\"rounds\":20,\"round_days\":0.5,"));
    assert_non_null(strstr(d.trace, "\"deadline\":6,\"deadline_days\":3}"));
    assert_non_null(strstr(d.trace, "\"deadline\":20,\"deadline_days\":10}"));
    /* rounds 1-2 are day 1, rounds 5-6 day 3 */
    assert_non_null(strstr(d.trace, "{\"round\":1,\"day\":1,"));
    assert_non_null(strstr(d.trace, "{\"round\":2,\"day\":1,"));
    assert_non_null(strstr(d.trace, "{\"round\":3,\"day\":2,"));
    assert_non_null(strstr(d.trace, "{\"round\":6,\"day\":3,"));
    assert_null(strstr(d.trace, "\"day\":4"));
    assert_non_null(strstr(d.trace, "\"round\":6,\"day\":3,\"utility\""));

    /* the same deadlines in rounds give the same talks, and a trace without days */
    run_out r = run_doc("", "6", "{rounds: 20}");
    assert_int_equal(r.end, PL_END_DEADLINE);
    assert_int_equal(r.ended_by, 0);
    assert_int_equal(r.rounds, 6);
    assert_null(strstr(r.trace, "\"day\""));
    assert_null(strstr(r.trace, "round_days"));

    /* one round a day (the default) with a deadline in days: rounds are days */
    run_out o = run_doc("", "{days: 4}", "9");
    assert_int_equal(o.rounds, 4);
    assert_non_null(strstr(o.trace, "\"round_days\":1,"));
    assert_non_null(strstr(o.trace, "{\"round\":4,\"day\":4,"));
    /* B's 9 rounds are 9 days */
    assert_non_null(strstr(o.trace, "\"deadline\":9,\"deadline_days\":9}"));
    pl_free(d.trace);
    pl_free(r.trace);
    pl_free(o.trace);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deadline_in_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
