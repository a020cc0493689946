/*
 * test_sim.c: stacked alternating offers and the strategies on hand-built scenarios
 * (test_sim_fixture.h): known cases worked out on paper, protocol rules read off the trace,
 * individual rationality, determinism (same seed, same trace; 1 or 2 threads, same batch).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "test_sim_fixture.h"

#ifdef _OPENMP
#include <omp.h>
#endif

typedef struct {
    pl_scenario_t *sc;
    pl_model_t *m;
    const pl_strategy_type *strat[8];
    double param[8];
    pl_sim_options_t opt;
} fx_t;

static void fx_open(fx_t *f, pl_scenario_t *sc)
{
    memset(f, 0, sizeof *f);
    f->sc = sc;
    assert_int_equal(pl_model_compile(sc, &f->m, NULL), PL_OK);
    pl_sim_options_init(&f->opt);
    for (int i = 0; i < 8; i++) f->param[i] = NAN;
    f->opt.strategy = f->strat;
    f->opt.param = f->param;
}

static void fx_close(fx_t *f)
{
    pl_model_free(f->m);
    pl_scenario_free(f->sc);
}

static pl_session_t *run(fx_t *f, const pl_protocol_type *p)
{
    pl_session_t *s = NULL;
    pl_error_t err;
    pl_error_init(&err);
    /* tests edit the scenario between runs; the model compiles it once, so compile again */
    pl_model_free(f->m);
    f->m = NULL;
    assert_int_equal(pl_model_compile(f->sc, &f->m, NULL), PL_OK);
    pl_status st = pl_session_alloc(f->m, p, &f->opt, &s, &err);
    if (st != PL_OK) fprintf(stderr, "%s\n", err.message);
    assert_int_equal(st, PL_OK);
    pl_error_destroy(&err);
    assert_int_equal(pl_session_run(s, NULL), PL_OK);
    return s;
}

static void test_two_hardliners_never_agree(void **state)
{
    (void)state;
    fx_t f;
    fx_open(&f, fx_two_party(0));
    f.strat[0] = f.strat[1] = pl_strategy_hardliner;
    f.opt.rounds = 30;
    pl_session_t *s = run(&f, pl_protocol_sao);
    const pl_sim_result_t *r = pl_session_result(s);
    /* A's best is (4, 2) with u_A = 1, where u_B = 0.75 < 1 = B's best (0, 2); neither moves */
    assert_false(r->agreement);
    assert_int_equal(r->end, PL_END_DEADLINE);
    assert_int_equal(r->rounds, 30);
    /* the no-deal utilities are the reservations */
    assert_float_equal(r->utility[0], 0.2, 1e-12);
    pl_session_free(s);
    fx_close(&f);
}

static void test_linear_vs_hardliner(void **state)
{
    (void)state;
    fx_t f;
    fx_open(&f, fx_two_party(0));
    f.strat[0] = pl_strategy_hardliner;
    f.strat[1] = pl_strategy_linear;
    f.sc->actors[1].deadline = 10;
    pl_session_t *s = run(&f, pl_protocol_sao);
    const pl_sim_result_t *r = pl_session_result(s);
    /* The hardliner's best outcome (4, 2) gives B 0.25 * 0 + 0.75 * 1 = 0.75 >= 0.2: B's linear
     * target 1 - 0.8 t falls below 0.75 before its deadline, so B accepts (4, 2). */
    assert_true(r->agreement);
    assert_int_equal(r->outcome[0], 4);
    assert_int_equal(r->outcome[1], 2);
    assert_float_equal(r->utility[0], 1.0, 1e-12);
    assert_float_equal(r->utility[1], 0.75, 1e-12);
    assert_true(r->round < 10);
    /* B's target at round k is 1 - 0.8 k / 9; AC_next accepts once B's own next offer is worth
     * <= 0.75, i.e. not before 1 - 0.8 k / 9 <= 0.75 + 0.02 window: k >= 2.6 */
    assert_true(r->round >= 2);
    pl_session_free(s);
    fx_close(&f);
}

static void test_protocol_rules_sao(void **state)
{
    (void)state;
    fx_t f;
    fx_open(&f, fx_two_party(0));
    f.strat[0] = pl_strategy_boulware;
    f.strat[1] = pl_strategy_conceder;
    f.opt.rounds = 20;
    pl_session_t *s = run(&f, pl_protocol_sao);
    size_t n = pl_session_nevents(s);
    assert_true(n > 2);
    /* the first event is A's opening offer; actors alternate; every offer or accept is by a
     * negotiator; the agreement comes right after an accept by the other negotiator */
    const pl_event_t *e0 = pl_session_event(s, 0);
    assert_int_equal(e0->kind, PL_EV_OFFER);
    assert_int_equal(e0->actor, 0);
    size_t last_actor = PL_UNSET;
    for (size_t i = 0; i < n; i++) {
        const pl_event_t *e = pl_session_event(s, i);
        if (e->kind == PL_EV_OFFER || e->kind == PL_EV_ACCEPT) {
            if (e->kind == PL_EV_ACCEPT) assert_int_not_equal(e->actor, last_actor);
            if (e->kind == PL_EV_OFFER && i > 0) {
                /* an offer by B follows B's reject of A's offer, and vice versa */
                const pl_event_t *p = pl_session_event(s, i - 1);
                assert_int_equal(p->kind, PL_EV_REJECT);
                assert_int_equal(p->actor, e->actor);
            }
            if (e->kind == PL_EV_OFFER) last_actor = e->actor;
        }
        if (e->kind == PL_EV_AGREEMENT) {
            const pl_event_t *p = pl_session_event(s, i - 1);
            assert_int_equal(p->kind, PL_EV_ACCEPT);
            assert_int_not_equal(p->actor, last_actor);
        }
    }
    const pl_sim_result_t *r = pl_session_result(s);
    assert_true(r->agreement);
    assert_int_equal(pl_session_event(s, n - 1)->kind, PL_EV_END);
    pl_session_free(s);
    fx_close(&f);
}

static void test_individual_rationality(void **state)
{
    (void)state;
    fx_t f;
    fx_open(&f, fx_two_party(0));
    f.sc->actors[0].reservation = 0.45;
    f.sc->actors[1].reservation = 0.5;
    pl_model_free(f.m);
    assert_int_equal(pl_model_compile(f.sc, &f.m, NULL), PL_OK);
    const pl_strategy_type *mix[] = {pl_strategy_random, pl_strategy_conceder,
                                     pl_strategy_titfortat, pl_strategy_aspiration,
                                     pl_strategy_boulware};
    const pl_protocol_type *protos[] = {pl_protocol_sao, pl_protocol_amop};
    size_t agreements = 0;
    for (size_t p = 0; p < 2; p++)
        for (size_t a = 0; a < 5; a++)
            for (size_t b = 0; b < 5; b++)
                for (uint64_t seed = 1; seed <= 4; seed++) {
                    f.strat[0] = mix[a];
                    f.strat[1] = mix[b];
                    f.opt.seed = seed;
                    f.opt.rounds = 25;
                    pl_session_t *s = run(&f, protos[p]);
                    const pl_sim_result_t *r = pl_session_result(s);
                    if (r->agreement) {
                        agreements++;
                        /* by hand: u_A >= 0.45 and u_B >= 0.5 */
                        double ua = 0.5 * r->outcome[0] / 4.0 + 0.5 * r->outcome[1] / 2.0;
                        double ub = 0.25 * (1 - r->outcome[0] / 4.0) + 0.75 * r->outcome[1] / 2.0;
                        assert_true(ua >= 0.45 - 1e-12);
                        assert_true(ub >= 0.5 - 1e-12);
                        assert_float_equal(r->utility[0], ua, 1e-12);
                        assert_float_equal(r->utility[1], ub, 1e-12);
                    }
                    pl_session_free(s);
                }
    assert_true(agreements > 0);
    fx_close(&f);
}

static char *trace_of(fx_t *f, const pl_protocol_type *p)
{
    pl_session_t *s = run(f, p);
    char *t = NULL;
    size_t len = 0;
    assert_int_equal(pl_session_trace_jsonl(s, &t, &len, NULL), PL_OK);
    assert_int_equal(strlen(t), len);
    pl_session_free(s);
    return t;
}

static void test_determinism(void **state)
{
    (void)state;
    fx_t f;
    fx_open(&f, fx_two_party(0));
    f.strat[0] = pl_strategy_random;
    f.strat[1] = pl_strategy_random;
    f.sc->actors[0].reservation = 0.5;
    f.sc->actors[1].reservation = 0.7;
    pl_model_free(f.m);
    assert_int_equal(pl_model_compile(f.sc, &f.m, NULL), PL_OK);
    f.opt.seed = 99;
    char *t1 = trace_of(&f, pl_protocol_sao);
    char *t2 = trace_of(&f, pl_protocol_sao);
    assert_string_equal(t1, t2);
    /* every line of the trace is a JSON object */
    assert_true(t1[0] == '{');
    assert_non_null(strstr(t1, "\"event\":\"result\""));
    /* the seed is the session's only source of randomness (both strategies draw their offers
     * from it): another seed gives another trace, and that trace is itself reproducible. A
     * library that ignored opt.seed would give t1 again. */
    f.opt.seed = 100;
    char *t3 = trace_of(&f, pl_protocol_sao);
    char *t4 = trace_of(&f, pl_protocol_sao);
    assert_true(strcmp(t1, t3) != 0);
    assert_string_equal(t3, t4);
    pl_free(t1);
    pl_free(t2);
    pl_free(t3);
    pl_free(t4);

    /* batches: the same results with 1 and 2 threads */
    pl_sim_batch_t b1, b2;
    f.opt.seed = 7;
#ifdef _OPENMP
    omp_set_num_threads(1);
#endif
    assert_int_equal(pl_sim_batch_run(f.m, pl_protocol_sao, &f.opt, 64, &b1, NULL), PL_OK);
#ifdef _OPENMP
    omp_set_num_threads(2);
#endif
    assert_int_equal(pl_sim_batch_run(f.m, pl_protocol_sao, &f.opt, 64, &b2, NULL), PL_OK);
    assert_int_equal(b1.agreements, b2.agreements);
    assert_int_equal(b1.total_rounds, b2.total_rounds);
    for (size_t i = 0; i < 64; i++) {
        assert_true(b1.outcome[i] == b2.outcome[i]);
        assert_int_equal(b1.rounds[i], b2.rounds[i]);
    }
    assert_true(b1.mean_utility[0] == b2.mean_utility[0]);
    /* the random sessions are not all the same */
    bool differ = false;
    for (size_t i = 1; i < 64; i++) differ |= b1.outcome[i] != b1.outcome[0] || b1.rounds[i] != b1.rounds[0];
    assert_true(differ);
    pl_sim_batch_destroy(&b1);
    pl_sim_batch_destroy(&b2);
    fx_close(&f);
}

static void test_strategy_parse(void **state)
{
    (void)state;
    const pl_strategy_type *t;
    double p;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_strategy_parse("boulware:0.1", &t, &p, &err), PL_OK);
    assert_ptr_equal(t, pl_strategy_boulware);
    assert_float_equal(p, 0.1, 0);
    assert_int_equal(pl_strategy_parse("tit-for-tat", &t, &p, &err), PL_OK);
    assert_ptr_equal(t, pl_strategy_titfortat);
    assert_true(isnan(p));
    assert_int_equal(pl_strategy_parse("bulware", &t, &p, &err), PL_ENOTFOUND);
    assert_non_null(strstr(err.message, "unknown strategy 'bulware'"));
    assert_int_equal(pl_strategy_parse("linear:-1", &t, &p, &err), PL_EINVAL);
    pl_error_destroy(&err);
    assert_ptr_equal(pl_protocol_find("single-text"), pl_protocol_single_text);
    assert_null(pl_protocol_find("nope"));
}

static void test_discount_and_deadline_per_actor(void **state)
{
    (void)state;
    fx_t f;
    fx_open(&f, fx_two_party(0));
    f.strat[0] = pl_strategy_hardliner;
    f.strat[1] = pl_strategy_hardliner;
    f.sc->actors[0].deadline = 5;
    f.opt.rounds = 50;
    pl_session_t *s = run(&f, pl_protocol_sao);
    const pl_sim_result_t *r = pl_session_result(s);
    /* A's deadline of 5 rounds ends the talks after round 5, well before the limit */
    assert_false(r->agreement);
    assert_int_equal(r->end, PL_END_DEADLINE);
    assert_int_equal(r->ended_by, 0);
    assert_int_equal(r->rounds, 5);
    pl_session_free(s);
    /* discount: B concedes (linear) to A's best by an agreement in some round k; the
     * discounted utility is u * d^k */
    f.strat[1] = pl_strategy_linear;
    f.sc->actors[0].deadline = NAN;
    f.sc->actors[1].deadline = 10;
    f.sc->actors[1].discount = 0.9;
    s = run(&f, pl_protocol_sao);
    r = pl_session_result(s);
    assert_true(r->agreement);
    assert_float_equal(r->discounted[1], 0.75 * pow(0.9, (double)r->round), 1e-12);
    pl_session_free(s);
    fx_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_hardliners_never_agree),
        cmocka_unit_test(test_linear_vs_hardliner),
        cmocka_unit_test(test_protocol_rules_sao),
        cmocka_unit_test(test_individual_rationality),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_strategy_parse),
        cmocka_unit_test(test_discount_and_deadline_per_actor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
