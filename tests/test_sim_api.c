/*
 * test_sim_api.c: the session interface's contracts on the hand-built two-party scenario
 * (test_sim_fixture.h): PL_CONTINUE is neither OK nor a failure, a failing protocol step
 * reaches the caller with its message (and out of memory while recording is no longer silent),
 * a strategy parameter without its strategy is refused, and the registries enumerate and find.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "test_sim_fixture.h"
#include "core/core_internal.h" /* pl_i_alloc_fail_after */

typedef struct {
    pl_scenario_t *sc;
    pl_model_t *m;
} fx_t;

static void fx_open(fx_t *f)
{
    f->sc = fx_two_party(0);
    assert_int_equal(pl_model_compile(f->sc, &f->m, NULL), PL_OK);
}

static void fx_close(fx_t *f)
{
    pl_model_free(f->m);
    pl_scenario_free(f->sc);
}

static void test_continue_is_not_a_failure(void **state)
{
    (void)state;
    /* "every failure is positive": PL_CONTINUE must lie outside that range */
    assert_true(PL_CONTINUE < PL_OK);
    const pl_status failures[] = {PL_EINVAL,  PL_ENOMEM,       PL_EIO,       PL_EPARSE,
                                  PL_ENOTFOUND, PL_ETOOBIG, PL_EUNSUPPORTED, PL_EINTERNAL};
    for (size_t i = 0; i < sizeof failures / sizeof failures[0]; i++) {
        assert_true(failures[i] > PL_OK);
        assert_true(failures[i] != PL_CONTINUE);
    }
    assert_string_not_equal(pl_strerror(PL_CONTINUE), "unknown status");

    /* a real session: PL_CONTINUE until the end, then PL_OK on this and every later call */
    fx_t f;
    fx_open(&f);
    pl_sim_options_t o;
    pl_sim_options_init(&o);
    o.rounds = 6;
    o.default_strategy = pl_strategy_hardliner; /* two hardliners never agree: the limit ends it */
    pl_session_t *s = NULL;
    assert_int_equal(pl_session_alloc(f.m, pl_protocol_sao, &o, &s, NULL), PL_OK);
    size_t steps = 0;
    pl_status st;
    while ((st = pl_session_step(s, NULL)) == PL_CONTINUE) steps++;
    assert_int_equal(st, PL_OK);
    assert_int_equal(steps, 6); /* rounds 0..5 played, the 7th call finds the limit */
    assert_int_equal(pl_session_result(s)->end, PL_END_DEADLINE);
    assert_int_equal(pl_session_step(s, NULL), PL_OK);
    pl_session_free(s);
    fx_close(&f);
}

/* A protocol that plays one quiet round, then fails: with a message, or with a bare code. */
typedef struct {
    int calls;
} fail_state;

static pl_status fail_step(pl_session_t *s, void *state, pl_error_t *err)
{
    (void)s;
    fail_state *st = state;
    if (st->calls++ == 0) return PL_CONTINUE;
    return pl_error_set(err, PL_EIO, "mailbox unreachable in call %d", st->calls);
}

static pl_status bare_step(pl_session_t *s, void *state, pl_error_t *err)
{
    (void)s;
    (void)state;
    (void)err;
    return PL_EUNSUPPORTED;
}

static const pl_protocol_type failing = {"failing", "fails in its second round", sizeof(fail_state),
                                         NULL, fail_step, NULL};
static const pl_protocol_type bare = {"bare", "fails without a message", 0, NULL, bare_step, NULL};

static void test_step_failure_reaches_caller(void **state)
{
    (void)state;
    fx_t f;
    fx_open(&f);
    pl_error_t err;
    pl_error_init(&err);
    pl_session_t *s = NULL;
    assert_int_equal(pl_session_alloc(f.m, &failing, NULL, &s, &err), PL_OK);
    assert_int_equal(pl_session_step(s, &err), PL_CONTINUE);
    assert_int_equal(err.ndiags, 0);
    assert_int_equal(pl_session_step(s, &err), PL_EIO);
    assert_string_equal(err.message, "mailbox unreachable in call 2");
    /* the session stays stopped: the protocol is not called again */
    pl_error_clear(&err);
    assert_int_equal(pl_session_step(s, &err), PL_EIO);
    assert_non_null(strstr(err.message, "earlier failure"));
    assert_int_equal(pl_session_run(s, NULL), PL_EIO);
    pl_session_free(s);

    /* run stops at the failing round too */
    assert_int_equal(pl_session_alloc(f.m, &failing, NULL, &s, NULL), PL_OK);
    pl_error_clear(&err);
    assert_int_equal(pl_session_run(s, &err), PL_EIO);
    assert_string_equal(err.message, "mailbox unreachable in call 2");
    pl_session_free(s);

    /* a failure without a message gets one naming the protocol and the round */
    assert_int_equal(pl_session_alloc(f.m, &bare, NULL, &s, NULL), PL_OK);
    pl_error_clear(&err);
    assert_int_equal(pl_session_step(s, &err), PL_EUNSUPPORTED);
    assert_string_equal(err.message, "protocol bare: round 1 failed: not supported");
    pl_session_free(s);
    pl_error_destroy(&err);
    fx_close(&f);
}

/* Out of memory while recording an event used to set a flag and let the talks go on: now the
 * step that hit it fails, and so does the trace. */
static void test_step_out_of_memory(void **state)
{
    (void)state;
    fx_t f;
    fx_open(&f);
    pl_error_t err;
    pl_error_init(&err);
    pl_session_t *s = NULL;
    assert_int_equal(pl_session_alloc(f.m, pl_protocol_sao, NULL, &s, &err), PL_OK);
    pl_i_alloc_fail_after(1); /* the first event of round 1 grows the (empty) event array */
    pl_status st = pl_session_step(s, &err);
    pl_i_alloc_fail_after(0);
    assert_int_equal(st, PL_ENOMEM);
    assert_non_null(strstr(err.message, "recording the trace"));
    assert_int_equal(pl_session_step(s, NULL), PL_ENOMEM);
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(pl_session_trace_jsonl(s, &text, &len, NULL), PL_ENOMEM);
    assert_null(text);
    pl_session_free(s);
    pl_error_destroy(&err);
    fx_close(&f);
}

/* Every protocol under every single allocation failure: a clean PL_ENOMEM with a message, or
 * success where the code has a fallback (the radix sort falls back to qsort); never a crash
 * or a leak (the sanitizer build checks those). */
static void test_every_allocation_failure(void **state)
{
    (void)state;
    fx_t f;
    fx_open(&f);
    for (size_t p = 0; p < pl_protocol_count(); p++) {
        const pl_protocol_type *proto = pl_protocol_at(p);
        pl_sim_options_t o;
        pl_sim_options_init(&o);
        o.rounds = 12;
        pl_i_alloc_fail_after(SIZE_MAX); /* armed past any count: counts without failing */
        pl_session_t *s = NULL;
        assert_int_equal(pl_session_alloc(f.m, proto, &o, &s, NULL), PL_OK);
        assert_int_equal(pl_session_run(s, NULL), PL_OK);
        pl_session_free(s);
        size_t n = pl_i_alloc_fail_after(0);
        assert_true(n > 5);
        size_t nomem = 0;
        for (size_t k = 1; k <= n; k++) {
            pl_error_t err;
            pl_error_init(&err);
            pl_i_alloc_fail_after(k);
            s = NULL;
            pl_status st = pl_session_alloc(f.m, proto, &o, &s, &err);
            if (st == PL_OK) st = pl_session_run(s, &err);
            pl_i_alloc_fail_after(0);
            pl_session_free(s);
            if (st != PL_OK) {
                assert_int_equal(st, PL_ENOMEM);
                assert_true(err.message[0] != '\0');
                nomem++;
            }
            pl_error_destroy(&err);
        }
        assert_true(nomem > 0);
    }
    fx_close(&f);
}

static void test_param_needs_its_strategy(void **state)
{
    (void)state;
    fx_t f;
    fx_open(&f);
    double param[2] = {0.5, NAN};
    const pl_strategy_type *strat[2] = {NULL, NULL};
    pl_sim_options_t o;
    pl_sim_options_init(&o);
    pl_error_t err;
    pl_error_init(&err);
    pl_session_t *s = NULL;

    /* a parameter with no strategy array at all: refused, naming the actor */
    o.param = param;
    assert_int_equal(pl_session_alloc(f.m, pl_protocol_sao, &o, &s, &err), PL_EINVAL);
    assert_null(s);
    assert_non_null(strstr(err.message, "actor 'A'"));
    assert_non_null(strstr(err.message, "no strategy"));

    /* a strategy array without an entry for that actor: refused too */
    pl_error_clear(&err);
    o.strategy = strat;
    strat[1] = pl_strategy_conceder;
    assert_int_equal(pl_session_alloc(f.m, pl_protocol_sao, &o, &s, &err), PL_EINVAL);
    assert_non_null(strstr(err.message, "actor 'A'"));

    /* with its strategy the parameter applies: the trace shows it, B keeps its default */
    strat[0] = pl_strategy_linear;
    assert_int_equal(pl_session_alloc(f.m, pl_protocol_sao, &o, &s, NULL), PL_OK);
    assert_ptr_equal(pl_session_strategy(s, 0), pl_strategy_linear);
    assert_int_equal(pl_session_run(s, NULL), PL_OK);
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(pl_session_trace_jsonl(s, &text, &len, NULL), PL_OK);
    assert_non_null(strstr(text, "{\"actor\":\"A\",\"strategy\":\"linear\",\"param\":0.5,"));
    assert_non_null(strstr(text, "{\"actor\":\"B\",\"strategy\":\"conceder\",\"param\":2,"));
    pl_free(text);
    pl_session_free(s);

    /* NaN parameters without strategies are the ordinary case */
    param[0] = NAN;
    strat[0] = strat[1] = NULL;
    assert_int_equal(pl_session_alloc(f.m, pl_protocol_sao, &o, &s, NULL), PL_OK);
    assert_ptr_equal(pl_session_strategy(s, 0), pl_strategy_boulware);
    pl_session_free(s);
    pl_error_destroy(&err);
    fx_close(&f);
}

static void test_registries(void **state)
{
    (void)state;
    const pl_protocol_type *pub[] = {pl_protocol_sao, pl_protocol_amop, pl_protocol_single_text,
                                     pl_protocol_feedback, pl_protocol_shuttle};
    size_t np = pl_protocol_count();
    assert_int_equal(np, sizeof pub / sizeof pub[0]);
    for (size_t i = 0; i < np; i++) {
        const pl_protocol_type *p = pl_protocol_at(i);
        assert_non_null(p);
        assert_ptr_equal(pl_protocol_find(p->name), p);
        if (i) assert_true(strcmp(pl_protocol_at(i - 1)->name, p->name) < 0);
        bool listed = false;
        for (size_t j = 0; j < np; j++) listed = listed || pub[j] == p;
        assert_true(listed);
    }
    assert_null(pl_protocol_at(np));
    assert_ptr_equal(pl_protocol_find("saop"), pl_protocol_sao);
    assert_ptr_equal(pl_protocol_find("st"), pl_protocol_single_text);
    assert_null(pl_protocol_find("auction"));

    const pl_strategy_type *spub[] = {pl_strategy_boulware, pl_strategy_linear,
                                      pl_strategy_conceder, pl_strategy_hardliner,
                                      pl_strategy_titfortat, pl_strategy_random,
                                      pl_strategy_aspiration};
    size_t ns = pl_strategy_count();
    assert_int_equal(ns, sizeof spub / sizeof spub[0]);
    for (size_t i = 0; i < ns; i++) {
        const pl_strategy_type *t = pl_strategy_at(i);
        assert_non_null(t);
        assert_ptr_equal(pl_strategy_find(t->name), t);
        if (i) assert_true(strcmp(pl_strategy_at(i - 1)->name, t->name) < 0);
        bool listed = false;
        for (size_t j = 0; j < ns; j++) listed = listed || spub[j] == t;
        assert_true(listed);
    }
    assert_null(pl_strategy_at(ns));
    assert_ptr_equal(pl_strategy_find("tft"), pl_strategy_titfortat);
    const pl_strategy_type *t = NULL;
    double x = 0;
    assert_int_equal(pl_strategy_parse("time:0.5", &t, &x, NULL), PL_OK);
    assert_ptr_equal(t, pl_strategy_linear);
    assert_true(x == 0.5);
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_strategy_parse("stubborn", &t, &x, &err), PL_ENOTFOUND);
    assert_string_equal(err.message, "unknown strategy 'stubborn' (known: aspiration, boulware, "
                                     "conceder, hardliner, linear, random, titfortat)");
    pl_error_destroy(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_continue_is_not_a_failure),
        cmocka_unit_test(test_step_failure_reaches_caller),
        cmocka_unit_test(test_step_out_of_memory),
        cmocka_unit_test(test_every_allocation_failure),
        cmocka_unit_test(test_param_needs_its_strategy),
        cmocka_unit_test(test_registries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
