/*
 * test_sim_custom.c: strategies written by a library user, against the public pl_view_* API
 * only (no internal header), driven round by round with pl_session_step on the fixture
 * (test_sim_fixture.h). Every offer, answer and the agreement round are worked out by hand.
 * The strategies tell who they are (pl_view_actor, pl_view_party), read the outcomes they
 * received, and report to the test through the options' context pointer (no globals).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "test_sim_fixture.h"
#include "test_util.h"

/* What one negotiator's strategy saw, read back by the test. */
typedef struct {
    size_t accept_calls;
    size_t round_seen[8];
    size_t received_seen[8];
    double last_received_seen[8];
    bool has_outcome_seen[8];     /* pl_view_last_received_outcome was not NULL */
    size_t outcome_seen[8][2];    /* ... and its value indices */
    double best_seen, reservation_seen;
    size_t actor_seen, party_seen, nissues_seen;
    bool initialised;
} seen_t;

/* The test's context (pl_sim_options_t.context): one record per scenario actor. */
typedef struct {
    seen_t seen[3];
} ctx_t;

typedef struct {
    seen_t *g;   /* this negotiator's record in the context */
    int who;     /* 0: A's side, 1: B */
} my_state;

static void my_init(void *state, const pl_sim_view_t *v, double param)
{
    (void)param;
    my_state *st = state;
    ctx_t *ctx = pl_view_context(v);
    size_t actor = pl_view_actor(v);
    st->g = &ctx->seen[actor];
    st->who = pl_view_party(v) == 0 ? 0 : 1;
    st->g->initialised = true;
    st->g->actor_seen = actor;
    st->g->party_seen = pl_view_party(v);
    st->g->nissues_seen = pl_view_nissues(v);
    st->g->best_seen = pl_view_best(v);
    st->g->reservation_seen = pl_view_reservation(v);
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
    seen_t *g = st->g;
    if (g->accept_calls < 8) {
        size_t k = g->accept_calls;
        g->round_seen[k] = pl_view_round(v);
        g->received_seen[k] = pl_view_received(v);
        g->last_received_seen[k] = pl_view_last_received(v);
        const size_t *last = pl_view_last_received_outcome(v);
        g->has_outcome_seen[k] = last != NULL;
        if (last) memcpy(g->outcome_seen[k], last, sizeof g->outcome_seen[k]);
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
    ctx_t ctx;
    memset(&ctx, 0, sizeof ctx);
    seen_t *g_seen = ctx.seen; /* A is actor 0, B actor 1 */
    pl_scenario_t *sc = fx_two_party(0);
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    const pl_strategy_type *strat[2] = {&my_strategy, &my_strategy};
    pl_sim_options_t o;
    pl_sim_options_init(&o);
    o.strategy = strat;
    o.rounds = 10;
    o.context = &ctx;
    pl_session_t *s = NULL;
    assert_int_equal(pl_session_alloc(m, pl_protocol_sao, &o, &s, NULL), PL_OK);
    assert_int_equal(pl_session_nnegotiators(s), 2);
    assert_ptr_equal(pl_session_strategy(s, 0), &my_strategy);
    /* init saw its own best rational utility and reservation */
    assert_close(g_seen[0].best_seen, 1, 1e-12);
    assert_close(g_seen[1].best_seen, 1, 1e-12);
    assert_close(g_seen[0].reservation_seen, 0.2, 1e-12);
    /* each knows who it is: A (actor 0) and B (actor 1) negotiate for themselves */
    for (size_t a = 0; a < 2; a++) {
        assert_true(g_seen[a].initialised);
        assert_int_equal(g_seen[a].actor_seen, a);
        assert_int_equal(g_seen[a].party_seen, a);
        assert_int_equal(g_seen[a].nissues_seen, 2);
    }

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
    /* ... and the outcomes themselves: none yet, then B's round-0 offer (0, 2), then its
     * round-1 offer (1, 2) (the one judged, (r-1, 2), is received after the answer) */
    assert_false(g_seen[0].has_outcome_seen[0]);
    for (size_t k = 1; k < 3; k++) {
        assert_true(g_seen[0].has_outcome_seen[k]);
        assert_int_equal(g_seen[0].outcome_seen[k][0], k - 1);
        assert_int_equal(g_seen[0].outcome_seen[k][1], 2);
    }
    /* B was asked in rounds 0, 1, 2: first with nothing received, then after A's (4, 2) */
    assert_int_equal(g_seen[1].accept_calls, 3);
    assert_false(g_seen[1].has_outcome_seen[0]);
    for (size_t k = 1; k < 3; k++) {
        assert_true(g_seen[1].has_outcome_seen[k]);
        assert_int_equal(g_seen[1].outcome_seen[k][0], 4);
        assert_int_equal(g_seen[1].outcome_seen[k][1], 2);
        assert_close(g_seen[1].last_received_seen[k], 0.75, 1e-12); /* u_B(4, 2) */
    }
    pl_session_free(s);
    pl_model_free(m);
    pl_scenario_free(sc);
}

/* A negotiates through delegation D (actor 2, no preferences of its own: it uses A's utility):
 * the strategy acting for A learns it is actor 2 acting for party 0; B is actor 1 for itself.
 * The same strategies as above, so the first round is A's side offering (4, 2) and B
 * rejecting it and offering (0, 2). */
static void test_custom_strategy_delegation(void **state)
{
    (void)state;
    ctx_t ctx;
    memset(&ctx, 0, sizeof ctx);
    pl_scenario_t *sc = fx_two_party(1);
    fx_actor(&sc->actors[2], "D", PL_ROLE_DELEGATION);
    sc->actors[2].party = 0;
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    const pl_strategy_type *strat[3] = {NULL, &my_strategy, &my_strategy};
    pl_sim_options_t o;
    pl_sim_options_init(&o);
    o.strategy = strat;
    o.rounds = 10;
    o.context = &ctx;
    pl_session_t *s = NULL;
    assert_int_equal(pl_session_alloc(m, pl_protocol_sao, &o, &s, NULL), PL_OK);
    assert_int_equal(pl_session_negotiator(s, 0), 2);
    assert_false(ctx.seen[0].initialised); /* A itself does not negotiate */
    assert_true(ctx.seen[2].initialised);
    assert_int_equal(ctx.seen[2].actor_seen, 2);
    assert_int_equal(ctx.seen[2].party_seen, 0);
    assert_close(ctx.seen[2].best_seen, 1, 1e-12); /* A's utility of (4, 2) */
    assert_int_equal(ctx.seen[1].actor_seen, 1);
    assert_int_equal(ctx.seen[1].party_seen, 1);
    assert_int_equal(pl_session_step(s, NULL), PL_CONTINUE);
    expect_event(s, 0, PL_EV_OFFER, 0, 2, 4, 2);
    expect_event(s, 1, PL_EV_REJECT, 0, 1, 4, 2);
    expect_event(s, 2, PL_EV_OFFER, 0, 1, 0, 2);
    pl_session_free(s);
    pl_model_free(m);
    pl_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_custom_strategy_step_by_step),
        cmocka_unit_test(test_custom_strategy_delegation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
