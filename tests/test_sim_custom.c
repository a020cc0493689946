/*
 * test_sim_custom.c: strategies written by a library user, against the public pl_view_* API
 * only (no internal header), driven round by round with pl_session_step on the fixture
 * (test_sim_fixture.h). Every offer, answer and the agreement round are worked out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "test_sim_fixture.h"
#include "test_util.h"

/* What the strategies saw, read back by the test. */
typedef struct {
    size_t accept_calls;
    size_t round_seen[8];
    size_t received_seen[8];
    double last_received_seen[8];
    double best_seen, reservation_seen;
} seen_t;

static seen_t g_seen[2];

typedef struct {
    int who; /* 0: A, 1: B */
} my_state;

static void my_init(void *state, const pl_sim_view_t *v, double param)
{
    (void)param;
    my_state *st = state;
    /* the view tells A from B by its best utility only through public data: A's utility of
     * (4, 2) is 1, B's is 0.75 */
    const size_t a_best[2] = {4, 2};
    st->who = pl_view_utility(v, a_best) > 0.99 ? 0 : 1;
    g_seen[st->who].best_seen = pl_view_best(v);
    g_seen[st->who].reservation_seen = pl_view_reservation(v);
}

static double my_target(void *state, const pl_sim_view_t *v)
{
    (void)state;
    return pl_view_best(v); /* not used: propose always offers */
}

/* A ("firm") always offers (4, 2); B ("stepper") offers (r, 2) in round r (x capped at 4). */
static bool my_propose(void *state, const pl_sim_view_t *v, size_t *offer)
{
    const my_state *st = state;
    size_t r = pl_view_round(v);
    offer[0] = st->who == 0 ? 4 : (r < 4 ? r : 4);
    offer[1] = 2;
    return true;
}

/* A accepts 0.75 or more; B accepts what is worth at least its own next offer (r, 2). */
static bool my_accept(void *state, const pl_sim_view_t *v, const size_t *offer, double u)
{
    const my_state *st = state;
    seen_t *g = &g_seen[st->who];
    if (g->accept_calls < 8) {
        g->round_seen[g->accept_calls] = pl_view_round(v);
        g->received_seen[g->accept_calls] = pl_view_received(v);
        g->last_received_seen[g->accept_calls] = pl_view_last_received(v);
    }
    g->accept_calls++;
    assert_close(u, pl_view_utility(v, offer), 0);
    if (st->who == 0) return u >= 0.75 - 1e-12;
    size_t r = pl_view_round(v), next[2] = {r < 4 ? r : 4, 2};
    return u >= pl_view_utility(v, next) - 1e-12;
}

static const pl_strategy_type my_strategy = {
    "custom", "test: fixed offers, fixed acceptance", sizeof(my_state), 0,
    my_init, my_target, my_propose, my_accept};

/* Event i is `kind` in `round` by `actor` about outcome (x, y). */
static void expect_event(const pl_session_t *s, size_t i, pl_event_kind kind, size_t round,
                         size_t actor, size_t x, size_t y)
{
    const pl_event_t *e = pl_session_event(s, i);
    assert_non_null(e);
    assert_int_equal(e->kind, kind);
    assert_int_equal(e->round, round);
    assert_int_equal(e->actor, actor);
    const size_t *o = pl_session_event_outcome(s, e);
    assert_non_null(o);
    assert_int_equal(o[0], x);
    assert_int_equal(o[1], y);
}

/* u_A = x/8 + y/4, u_B = 0.25 (1 - x/4) + 0.375 y. A offers (4, 2) (u_B = 0.75); B's next
 * offer (r, 2) is worth 1 - r/16 > 0.75 to B for r < 4, so B rejects A every round. B's offers
 * are worth 0.5 + r/8 to A: A accepts (2, 2), standing since B's turn in round 2, at its turn
 * in round 3. Agreement (2, 2) in round 3: u_A = 0.75, u_B = 0.875. */
static void test_custom_strategy_step_by_step(void **state)
{
    (void)state;
    memset(g_seen, 0, sizeof g_seen);
    pl_scenario_t *sc = fx_two_party(0);
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    const pl_strategy_type *strat[2] = {&my_strategy, &my_strategy};
    pl_sim_options_t o;
    pl_sim_options_init(&o);
    o.strategy = strat;
    o.rounds = 10;
    pl_session_t *s = NULL;
    assert_int_equal(pl_session_alloc(m, pl_protocol_sao, &o, &s, NULL), PL_OK);
    assert_int_equal(pl_session_nnegotiators(s), 2);
    assert_ptr_equal(pl_session_strategy(s, 0), &my_strategy);
    /* init saw its own best rational utility and reservation */
    assert_close(g_seen[0].best_seen, 1, 1e-12);
    assert_close(g_seen[1].best_seen, 1, 1e-12);
    assert_close(g_seen[0].reservation_seen, 0.2, 1e-12);

    /* round 0: A offers (4, 2); B rejects and offers (0, 2) */
    assert_int_equal(pl_session_step(s, NULL), PL_CONTINUE);
    assert_int_equal(pl_session_nevents(s), 3);
    expect_event(s, 0, PL_EV_OFFER, 0, 0, 4, 2);
    expect_event(s, 1, PL_EV_REJECT, 0, 1, 4, 2);
    expect_event(s, 2, PL_EV_OFFER, 0, 1, 0, 2);
    assert_false(pl_session_result(s)->agreement);
    /* rounds 1 and 2: A rejects (r-1, 2) and offers (4, 2); B rejects and offers (r, 2) */
    for (size_t r = 1; r <= 2; r++) {
        size_t n0 = pl_session_nevents(s);
        assert_int_equal(pl_session_step(s, NULL), PL_CONTINUE);
        assert_int_equal(pl_session_nevents(s), n0 + 4);
        expect_event(s, n0, PL_EV_REJECT, r, 0, r - 1, 2);
        expect_event(s, n0 + 1, PL_EV_OFFER, r, 0, 4, 2);
        expect_event(s, n0 + 2, PL_EV_REJECT, r, 1, 4, 2);
        expect_event(s, n0 + 3, PL_EV_OFFER, r, 1, r, 2);
        assert_close(pl_session_event(s, n0)->utility, 0.5 + (double)(r - 1) / 8, 1e-12);
    }
    /* round 3: A accepts (2, 2); the session ends */
    size_t n0 = pl_session_nevents(s);
    assert_int_equal(pl_session_step(s, NULL), PL_OK);
    expect_event(s, n0, PL_EV_ACCEPT, 3, 0, 2, 2);
    expect_event(s, n0 + 1, PL_EV_AGREEMENT, 3, PL_UNSET, 2, 2);
    const pl_event_t *end = pl_session_event(s, pl_session_nevents(s) - 1);
    assert_int_equal(end->kind, PL_EV_END);
    assert_int_equal(end->value, PL_END_AGREEMENT);
    /* a finished session stays finished */
    assert_int_equal(pl_session_step(s, NULL), PL_OK);
    const pl_sim_result_t *res = pl_session_result(s);
    assert_true(res->agreement);
    assert_int_equal(res->end, PL_END_AGREEMENT);
    assert_int_equal(res->round, 3);
    assert_int_equal(res->rounds, 4);
    assert_int_equal(res->outcome[0], 2);
    assert_int_equal(res->outcome[1], 2);
    assert_close(res->utility[0], 0.75, 1e-12);
    assert_close(res->utility[1], 0.875, 1e-12);
    /* A was asked in rounds 1, 2, 3; each time it had received the offers of the earlier
     * rounds only (an offer counts as received after the answer): 0, 1, 2 of them */
    assert_int_equal(g_seen[0].accept_calls, 3);
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(g_seen[0].round_seen[k], k + 1);
        assert_int_equal(g_seen[0].received_seen[k], k);
    }
    assert_true(isnan(g_seen[0].last_received_seen[0]));
    assert_close(g_seen[0].last_received_seen[2], 0.625, 1e-12); /* (1, 2) */
    /* B was asked in rounds 0, 1, 2 */
    assert_int_equal(g_seen[1].accept_calls, 3);
    pl_session_free(s);
    pl_model_free(m);
    pl_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_custom_strategy_step_by_step),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
