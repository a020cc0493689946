/*
 * test_progress.c: the progress callback of the dynamic forecasting models (pl_progress_fn in
 * pl_forecast_options_t): called on the calling thread, never going back, ending at done ==
 * total with total = the round cap (smp) or the cap x dimensions (eum), and changing nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <string.h>

#include <parley/parley.h>

#include "test_scenario_util.h"

typedef struct seen {
    uint64_t calls, last_done, last_total;
    bool monotone, same_thread;
    pthread_t caller;
} seen;

static void record(uint64_t done, uint64_t total, void *ctx)
{
    seen *s = ctx;
    if (s->calls && (done < s->last_done || total != s->last_total)) s->monotone = false;
    if (done > total) s->monotone = false;
    if (!pthread_equal(pthread_self(), s->caller)) s->same_thread = false;
    s->calls++;
    s->last_done = done;
    s->last_total = total;
}

static void random_input(pl_forecast_input_t *in, size_t n, size_t d)
{
    pl_forecast_input_init(in);
    assert_int_equal(pl_forecast_input_setup(in, n, d), PL_OK);
    for (size_t a = 0; a < n; a++) {
        in->capability[a] = 1 + rndi(0, 99);
        for (size_t k = 0; k < d; k++) {
            in->position[a * d + k] = rndi(0, 100);
            in->salience[a * d + k] = rndi(10, 100) / 100.0;
        }
    }
}

static void check_model(const pl_forecast_model_type *t, uint64_t want_total)
{
    rng_state = 11;
    pl_forecast_input_t in;
    random_input(&in, 12, 2);
    pl_forecast_options_t o;
    pl_forecast_options_init(&o);
    o.max_rounds = 7;
    o.trajectory = true;
    pl_forecast_result_t a, b;
    pl_forecast_result_init(&a);
    pl_forecast_result_init(&b);
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_forecast_run(t, &in, &o, &a, &err), PL_OK);
    seen s = {.monotone = true, .same_thread = true, .caller = pthread_self()};
    o.progress = record;
    o.progress_ctx = &s;
    assert_int_equal(pl_forecast_run(t, &in, &o, &b, &err), PL_OK);
    assert_true(s.calls >= 1);
    assert_true(s.monotone);
    assert_true(s.same_thread);
    assert_int_equal(s.last_total, want_total);
    assert_int_equal(s.last_done, want_total);
    /* the callback changes nothing */
    assert_int_equal(a.nrounds, b.nrounds);
    assert_int_equal(a.nmoves, b.nmoves);
    assert_memory_equal(a.forecast, b.forecast, in.ndims * sizeof(double));
    pl_forecast_result_destroy(&a);
    pl_forecast_result_destroy(&b);
    pl_forecast_input_destroy(&in);
    pl_error_destroy(&err);
}

static void test_eum_progress(void **state)
{
    (void)state;
    check_model(pl_forecast_eum, 7 * 2);
}

static void test_smp_progress(void **state)
{
    (void)state;
    check_model(pl_forecast_smp, 7);
}

/* a model without rounds never calls it */
static void test_static_model_silent(void **state)
{
    (void)state;
    rng_state = 5;
    pl_forecast_input_t in;
    random_input(&in, 6, 1);
    pl_forecast_options_t o;
    pl_forecast_options_init(&o);
    seen s = {.monotone = true, .same_thread = true, .caller = pthread_self()};
    o.progress = record;
    o.progress_ctx = &s;
    pl_forecast_result_t r;
    pl_forecast_result_init(&r);
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_forecast_run(pl_forecast_compromise, &in, &o, &r, &err), PL_OK);
    assert_int_equal(s.calls, 0);
    pl_forecast_result_destroy(&r);
    pl_forecast_input_destroy(&in);
    pl_error_destroy(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eum_progress),
        cmocka_unit_test(test_smp_progress),
        cmocka_unit_test(test_static_model_silent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
