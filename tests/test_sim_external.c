/*
 * test_sim_external.c: outside negotiators (pl_external_t) on the fixture (test_sim_fixture.h):
 * the same decisions as test_sim_custom's strategy give the same session; refused offers are
 * asked again with the reason in the view, and repeated refusals end in a walkout; a failing
 * callback fails the session with its message, is never called again, and close still runs
 * (ASan's leak check sees what open allocated); votes in single-text go through respond.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "test_sim_fixture.h"
#include "test_util.h"

/* One scripted negotiator: what it does and what it saw. */
typedef struct {
    int mode;               /* see the tests */
    size_t proposes, responds, opens, closes;
    char refusal_seen[8][256];
    size_t refusals_seen[8];
    size_t history_at_accept; /* pl_view_history when it accepted */
    size_t hist0[2], hist1[2], hround1;
    int fail_at;            /* respond fails on this call (1-based; 0: never) */
} script_t;

enum { FIRM = 0, BAD_THEN_GOOD, ALWAYS_BAD, REJECT_ALL };

static void *s_open(void *ctx, const pl_sim_view_t *v, pl_error_t *err)
{
    (void)v;
    (void)err;
    script_t *sc = ctx;
    sc->opens++;
    int *token = malloc(sizeof *token); /* freed by close: a leak if close were skipped */
    *token = 42;
    return token;
}

static void s_close(void *ctx, void *neg)
{
    script_t *sc = ctx;
    assert_int_equal(*(int *)neg, 42);
    sc->closes++;
    free(neg);
}

static script_t *g_script; /* the test's record (the neg pointer is open's token) */

static pl_status s_propose(void *neg, const pl_sim_view_t *v, size_t *offer, pl_error_t *err)
{
    (void)neg;
    (void)err;
    script_t *sc = g_script;
    size_t k = sc->proposes++;
    if (k < 8) {
        const char *r = pl_view_refusal(v);
        snprintf(sc->refusal_seen[k], sizeof sc->refusal_seen[k], "%s", r ? r : "");
        sc->refusals_seen[k] = pl_view_refusals(v);
    }
    offer[0] = 4;
    offer[1] = 2;
    if (sc->mode == BAD_THEN_GOOD && k == 0) offer[0] = 7;          /* no such value */
    if (sc->mode == BAD_THEN_GOOD && k == 1) offer[0] = offer[1] = 0; /* u_A = 0 < 0.2 */
    if (sc->mode == ALWAYS_BAD) offer[0] = offer[1] = 0;
    return PL_OK;
}

static pl_status s_respond(void *neg, const pl_sim_view_t *v, const size_t *offer, bool *accept,
                           pl_error_t *err)
{
    (void)neg;
    script_t *sc = g_script;
    sc->responds++;
    if (sc->fail_at && (int)sc->responds == sc->fail_at)
        return pl_error_set(err, PL_EINVAL, "boom at call %zu", sc->responds);
    double u = pl_view_utility(v, offer);
    *accept = sc->mode != REJECT_ALL && u >= 0.75 - 1e-12;
    if (*accept) {
        sc->history_at_accept = pl_view_history(v);
        if (pl_view_history(v) >= 2) {
            memcpy(sc->hist0, pl_view_history_outcome(v, 0), sizeof sc->hist0);
            memcpy(sc->hist1, pl_view_history_outcome(v, 1), sizeof sc->hist1);
            sc->hround1 = pl_view_history_round(v, 1);
        }
    }
    return PL_OK;
}

/* B: offers (r, 2) in round r (x capped at 4), accepts what is worth its next offer. */
static double b_target(void *state, const pl_sim_view_t *v)
{
    (void)state;
    return pl_view_best(v);
}
static bool b_propose(void *state, const pl_sim_view_t *v, size_t *offer)
{
    (void)state;
    size_t r = pl_view_round(v);
    offer[0] = r < 4 ? r : 4;
    offer[1] = 2;
    return true;
}
static bool b_accept(void *state, const pl_sim_view_t *v, const size_t *offer, double u)
{
    (void)state;
    (void)offer;
    size_t r = pl_view_round(v), next[2] = {r < 4 ? r : 4, 2};
    return u >= pl_view_utility(v, next) - 1e-12;
}
static const pl_strategy_type stepper = {"stepper", "test", 0, 0, NULL, b_target, b_propose,
                                         b_accept};

typedef struct {
    pl_scenario_t *sc;
    pl_model_t *m;
    pl_session_t *s;
    pl_external_t ext;
    const pl_external_t *exts[2];
    const pl_strategy_type *strat[2];
    pl_sim_options_t o;
} run_t;

static void setup_run(run_t *r, script_t *script, const pl_protocol_type *proto)
{
    memset(r, 0, sizeof *r);
    g_script = script;
    r->sc = fx_two_party(0);
    assert_int_equal(pl_model_compile(r->sc, &r->m, NULL), PL_OK);
    r->ext = (pl_external_t){"scripted", script, s_open, s_close, s_propose, s_respond, 0};
    r->exts[0] = &r->ext;
    r->strat[1] = &stepper;
    pl_sim_options_init(&r->o);
    r->o.external = r->exts;
    r->o.strategy = r->strat;
    r->o.rounds = 10;
    assert_int_equal(pl_session_alloc(r->m, proto, &r->o, &r->s, NULL), PL_OK);
    assert_ptr_equal(pl_session_strategy(r->s, 0), pl_strategy_external);
}

static void teardown_run(run_t *r)
{
    pl_session_free(r->s);
    pl_model_free(r->m);
    pl_scenario_free(r->sc);
}

/* A's decisions are test_sim_custom's "firm" strategy: the same agreement, (2, 2) in round 3
 * (worked out there). A accepted at its third answer, having received (0, 2) in round 1 and
 * (1, 2) in round 2 (an offer counts as received once answered). */
static void test_external_like_strategy(void **state)
{
    (void)state;
    script_t script = {.mode = FIRM};
    run_t r;
    setup_run(&r, &script, pl_protocol_sao);
    assert_int_equal(script.opens, 1);
    assert_int_equal(pl_session_run(r.s, NULL), PL_OK);
    const pl_sim_result_t *res = pl_session_result(r.s);
    assert_true(res->agreement);
    assert_int_equal(res->round, 3);
    assert_int_equal(res->outcome[0], 2);
    assert_int_equal(res->outcome[1], 2);
    assert_int_equal(script.responds, 3);
    assert_int_equal(script.proposes, 4); /* rounds 0-3: asked before each answer */
    assert_int_equal(script.history_at_accept, 2);
    assert_int_equal(script.hist0[0], 0);
    assert_int_equal(script.hist1[0], 1);
    assert_int_equal(script.hround1, 2);
    teardown_run(&r);
    assert_int_equal(script.closes, 1);
}

/* A bad value and an irrational offer are refused with their reasons; the third try stands. */
static void test_external_refusals(void **state)
{
    (void)state;
    script_t script = {.mode = BAD_THEN_GOOD};
    run_t r;
    setup_run(&r, &script, pl_protocol_sao);
    assert_int_equal(pl_session_step(r.s, NULL), PL_CONTINUE);
    assert_int_equal(script.proposes, 3);
    assert_string_equal(script.refusal_seen[0], "");
    assert_non_null(strstr(script.refusal_seen[1], "issue 'x' has no valid value"));
    assert_int_equal(script.refusals_seen[1], 1);
    assert_non_null(strstr(script.refusal_seen[2], "below the reservation 0.2000"));
    assert_int_equal(script.refusals_seen[2], 2);
    /* the offer made is the third, (4, 2) */
    const pl_event_t *e = pl_session_event(r.s, 0);
    assert_int_equal(e->kind, PL_EV_OFFER);
    assert_int_equal(pl_session_event_outcome(r.s, e)[0], 4);
    teardown_run(&r);
}

/* Three refusals in a row: A walks out in round 0 (breakdown, ended by A). */
static void test_external_walkout_after_refusals(void **state)
{
    (void)state;
    script_t script = {.mode = ALWAYS_BAD};
    run_t r;
    setup_run(&r, &script, pl_protocol_sao);
    assert_int_equal(pl_session_run(r.s, NULL), PL_OK);
    const pl_sim_result_t *res = pl_session_result(r.s);
    assert_false(res->agreement);
    assert_int_equal(res->end, PL_END_BREAKDOWN);
    assert_int_equal(res->ended_by, 0);
    assert_int_equal(script.proposes, 3);
    teardown_run(&r);
    assert_int_equal(script.closes, 1);
}

/* respond fails at its second call (round 2): the step fails with the callback's message, the
 * session stays failed, nothing is asked again, and close runs at free. */
static void test_external_failure(void **state)
{
    (void)state;
    script_t script = {.mode = FIRM, .fail_at = 2};
    run_t r;
    setup_run(&r, &script, pl_protocol_sao);
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_session_run(r.s, &err), PL_EINVAL);
    assert_string_equal(err.message,
                        "negotiator 'A' (scripted): respond failed: boom at call 2");
    size_t p = script.proposes, q = script.responds;
    pl_error_clear(&err);
    assert_int_equal(pl_session_step(r.s, &err), PL_EINVAL);
    assert_int_equal(script.proposes, p);
    assert_int_equal(script.responds, q);
    pl_error_destroy(&err);
    teardown_run(&r);
    assert_int_equal(script.closes, 1);
}

/* Single text: the mediator's texts are put to A's respond; A rejects all, so under veto no
 * text moves and the final vote fails. */
static void test_external_single_text(void **state)
{
    (void)state;
    script_t script = {.mode = REJECT_ALL};
    run_t r;
    setup_run(&r, &script, pl_protocol_single_text);
    assert_int_equal(pl_session_run(r.s, NULL), PL_OK);
    assert_false(pl_session_result(r.s)->agreement);
    size_t votes = 0;
    for (size_t i = 0; i < pl_session_nevents(r.s); i++) {
        const pl_event_t *e = pl_session_event(r.s, i);
        assert_int_not_equal(e->kind, PL_EV_MOVE);
        if (e->kind == PL_EV_VOTE && e->actor == 0) {
            votes++;
            assert_int_equal(e->value, 0);
        }
    }
    assert_true(votes > 0);
    assert_true(script.responds > 0);
    teardown_run(&r);
}

/* A missing callback is refused at alloc. */
static void test_external_incomplete(void **state)
{
    (void)state;
    pl_scenario_t *sc = fx_two_party(0);
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    pl_external_t ext = {"half", NULL, NULL, NULL, s_propose, NULL, 0};
    const pl_external_t *exts[2] = {NULL, &ext};
    pl_sim_options_t o;
    pl_sim_options_init(&o);
    o.external = exts;
    pl_session_t *s = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_session_alloc(m, pl_protocol_sao, &o, &s, &err), PL_EINVAL);
    assert_null(s);
    assert_non_null(strstr(err.message, "negotiator 'B': outside negotiator 'half' needs both"));
    pl_error_destroy(&err);
    pl_model_free(m);
    pl_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_external_like_strategy),
        cmocka_unit_test(test_external_refusals),
        cmocka_unit_test(test_external_walkout_after_refusals),
        cmocka_unit_test(test_external_failure),
        cmocka_unit_test(test_external_single_text),
        cmocka_unit_test(test_external_incomplete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
