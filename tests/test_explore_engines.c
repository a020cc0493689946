/*
 * test_explore_engines.c: explore's simulate and forecast engines against answers known by
 * construction or by hand (agreement certain, impossible, or at rate 1/2 with the mean
 * utilities that follow; a compromise of a uniform position; uniform noise on one position,
 * clamped), the same results for 1 and 4 threads and for merged slices, and the exact sums.
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

#include "core/core_internal.h" /* pl_i_alloc_fail_after */
#include "test_util.h"

static pl_scenario_t *load(const char *text)
{
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_status s = pl_scenario_load_yaml_string(text, strlen(text), "t.yaml", NULL, &sc, &err);
    if (s != PL_OK) print_error("%s\n", err.message);
    assert_int_equal(s, PL_OK);
    pl_error_destroy(&err);
    return sc;
}

static void test_sums_exact(void **state)
{
    (void)state;
    const double x[] = {0.1, -0.3, 1e-9, 5, -5.25, 0.7, -1e6, 1e6, 0.125, -0.0625};
    size_t n = sizeof x / sizeof *x;
    pl_explore_sum_t fwd = {0, 0}, back = {0, 0}, half1 = {0, 0}, half2 = {0, 0};
    double naive = 0;
    for (size_t k = 0; k < n; k++) {
        pl_explore_sum_add(&fwd, x[k]);
        pl_explore_sum_add(&back, x[n - 1 - k]);
        pl_explore_sum_add(k < n / 2 ? &half1 : &half2, x[k]);
        naive += x[k];
    }
    pl_explore_sum_merge(&half1, &half2);
    /* the same bits whatever the order or the split */
    assert_true(fwd.hi == back.hi && fwd.lo == back.lo);
    assert_true(fwd.hi == half1.hi && fwd.lo == half1.lo);
    assert_close(pl_explore_sum_value(&fwd), naive, 1e-8);
    /* a small negative sum keeps its precision; 2^-32 steps are exact */
    pl_explore_sum_t s = {0, 0};
    pl_explore_sum_add(&s, -0.25);
    pl_explore_sum_add(&s, 0.0625);
    assert_true(pl_explore_sum_value(&s) == -0.1875);
    pl_explore_sum_add(&s, 0.1875);
    assert_true(s.hi == 0 && s.lo == 0);
}

/* A and B value a, b, c at 1, 0.5, 0 alike. A's reservation is 0; B's is given: an agreement on
 * a exactly when B's reservation is at most 1 (a is worth 1 to both and offered first). */
static const char *sim_head =
    "parley: 1\n"
    "issues:\n  deal: {type: categorical, options: [a, b, c]}\n"
    "actors:\n"
    "  A:\n    role: party\n    reservation: 0\n"
    "    utility: {deal: {weight: 1, values: {a: 10, b: 5, c: 0}}}\n"
    "  B:\n    role: party\n    reservation: ";
static const char *sim_tail = "\n    utility: {deal: {weight: 1, values: {a: 10, b: 5, c: 0}}}\n";

static pl_explore_sim_result_t *simulate(const char *res, uint64_t N, int threads, uint64_t first,
                                         uint64_t count, size_t nprot)
{
    char text[1024];
    snprintf(text, sizeof text, "%s%s%s", sim_head, res, sim_tail);
    pl_scenario_t *sc = load(text);
    const pl_scenario_t *one[] = {sc};
    const pl_protocol_type *prot[] = {pl_protocol_sao, pl_protocol_amop, pl_protocol_single_text};
    const pl_strategy_type *strat[] = {pl_strategy_boulware, pl_strategy_conceder};
    pl_explore_opts_t base = {.worlds = N, .seed = 11, .threads = threads, .first = first, .count = count};
    pl_explore_sim_opts_t o = {.base = &base, .protocols = prot, .nprotocols = nprot,
                               .strategies = strat, .nstrategies = nprot ? 2 : 0};
    pl_explore_sim_result_t *r = NULL;
    pl_error_t err;
    pl_error_init(&err);
    pl_status s = pl_explore_sim_run(one, NULL, 1, &o, &r, &err);
    if (s != PL_OK) print_error("%s\n", err.message);
    assert_int_equal(s, PL_OK);
    pl_error_destroy(&err);
    pl_scenario_free(sc);
    return r;
}

static void test_sim_known(void **state)
{
    (void)state;
    /* certain and impossible by construction, under every protocol and strategy drawn */
    pl_explore_sim_result_t *r = simulate("{uniform: [0, 0.9]}", 300, 0, 0, 0, 3);
    assert_int_equal(r->worlds, 300);
    assert_int_equal(r->agreements, 300);
    assert_int_equal(r->outcome[0], 300); /* always a */
    assert_int_equal(r->protocol_worlds[0] + r->protocol_worlds[1] + r->protocol_worlds[2], 300);
    assert_true(r->protocol_worlds[0] > 50 && r->protocol_worlds[1] > 50 && r->protocol_worlds[2] > 50);
    assert_close(pl_explore_sum_value(&r->utility[0]), 300, 1e-6);
    pl_explore_sim_free(r);
    r = simulate("{uniform: [1.1, 2]}", 300, 0, 0, 0, 3);
    assert_int_equal(r->agreements, 0);
    assert_int_equal(r->outcome[0] + r->outcome[1] + r->outcome[2], 0);
    pl_explore_sim_free(r);
    /* B's reservation uniform on [0, 2]: P(agreement) = 1/2; A's mean utility is the agreement
     * rate (1 or its reservation 0); B's is 1/2 * 1 + 1/2 * E[res | res > 1] = 1.25 */
    const uint64_t N = 4000;
    r = simulate("{uniform: [0, 2]}", N, 0, 0, 0, 0);
    double p = (double)r->agreements / (double)N, se = sqrt(0.25 / (double)N);
    assert_close(p, 0.5, 4 * se);
    assert_int_equal(r->outcome[0], r->agreements);
    assert_close(pl_explore_sum_value(&r->utility[0]) / (double)N, p, 1e-9);
    /* B's utility: 1 w.p. 1/2, else uniform on (1, 2]: variance E[var | branch] + var of the
     * branch means = 1/2 * 1/12 + (1/4)^2 */
    double var = 0.5 * (1.0 / 12) + 0.25 * 0.25;
    assert_close(pl_explore_sum_value(&r->utility[1]) / (double)N, 1.25, 4 * sqrt(var / (double)N));
    assert_int_equal(r->nprotocols, 1);
    assert_int_equal(r->protocol_worlds[0], N);
    pl_explore_sim_free(r);
}

static void assert_sim_same(const pl_explore_sim_result_t *a, const pl_explore_sim_result_t *b)
{
    assert_int_equal(a->worlds, b->worlds);
    assert_int_equal(a->agreements, b->agreements);
    assert_int_equal(a->rounds_sum, b->rounds_sum);
    assert_int_equal(a->rounds_sumsq, b->rounds_sumsq);
    assert_memory_equal(a->utility, b->utility, a->nactors * sizeof *a->utility);
    assert_memory_equal(a->utility_sq, b->utility_sq, a->nactors * sizeof *a->utility_sq);
    assert_memory_equal(a->protocol_worlds, b->protocol_worlds, a->nprotocols * sizeof(uint64_t));
    assert_memory_equal(a->outcome, b->outcome, a->space * sizeof(uint64_t));
}

static void test_sim_threads_slices(void **state)
{
    (void)state;
    const char *res = "{uniform: [0.5, 1.5]}";
    pl_explore_sim_result_t *one = simulate(res, 600, 1, 0, 0, 3);
    pl_explore_sim_result_t *four = simulate(res, 600, 4, 0, 0, 3);
    pl_explore_sim_result_t *a = simulate(res, 600, 2, 0, 250, 3);
    pl_explore_sim_result_t *b = simulate(res, 600, 3, 250, 350, 3);
    assert_sim_same(one, four);
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_explore_sim_merge(a, b, &err), PL_OK);
    assert_sim_same(one, a);
    assert_true(one->agreements > 0 && one->agreements < 600);
    /* other shapes are refused */
    pl_explore_sim_result_t *c = simulate(res, 100, 1, 0, 0, 0);
    assert_int_equal(pl_explore_sim_merge(a, c, &err), PL_EINVAL);
    pl_explore_sim_free(c);
    pl_error_destroy(&err);
    pl_explore_sim_free(one);
    pl_explore_sim_free(four);
    pl_explore_sim_free(a);
    pl_explore_sim_free(b);
}

/* Two actors of equal clout and salience; A's position uniform on [20, 60], B's 50: the
 * compromise (weighted mean) is (X + 50) / 2, uniform on [35, 55]: mean 45, sd 20 / sqrt(12),
 * quantiles 36, 45, 54. */
static const char *fc_text =
    "parley: 1\n"
    "issues:\n  level: {type: real, range: [0, 100], step: 1}\n"
    "actors:\n"
    "  A:\n    clout: 1\n    stance:\n      level: {position: {uniform: [20, 60]}, salience: 1}\n"
    "  B:\n    clout: 1\n    stance:\n      level: {position: 50, salience: 1}\n";

static void test_forecast_scenario(void **state)
{
    (void)state;
    pl_scenario_t *sc = load(fc_text);
    const pl_scenario_t *one[] = {sc};
    const pl_forecast_model_type *models[] = {pl_forecast_compromise, pl_forecast_median};
    const uint64_t N = 20000;
    pl_explore_opts_t base = {.worlds = N, .seed = 5};
    pl_explore_forecast_opts_t o = {.base = &base, .models = models, .nmodels = 2};
    pl_explore_forecast_result_t *r = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_explore_forecast_run(one, NULL, 1, &o, &r, &err), PL_OK);
    assert_int_equal(r->worlds, N);
    assert_int_equal(r->ndims, 1);
    pl_explore_stats_t st;
    assert_int_equal(pl_explore_forecast_stats(r, 0, 0, &st, &err), PL_OK);
    double sd = 20 / sqrt(12);
    assert_int_equal(st.n, N);
    assert_close(st.mean, 45, 4 * sd / sqrt((double)N));
    assert_rel(st.sd, sd, 0.03);
    assert_close(st.se, st.sd / sqrt((double)N), 1e-12);
    assert_close(st.q05, 36, 0.4);
    assert_close(st.q50, 45, 0.4);
    assert_close(st.q95, 54, 0.4);
    assert_int_equal(pl_explore_forecast_stats(r, 2, 0, &st, &err), PL_EINVAL);
    /* slices appended in order are the whole; threads change nothing */
    pl_explore_forecast_result_t *a = NULL, *b = NULL, *t4 = NULL;
    pl_explore_opts_t ba = base, bb = base, b4 = base;
    ba.count = 7000;
    bb.first = 7000;
    b4.threads = 4;
    o.base = &ba;
    assert_int_equal(pl_explore_forecast_run(one, NULL, 1, &o, &a, &err), PL_OK);
    o.base = &bb;
    assert_int_equal(pl_explore_forecast_run(one, NULL, 1, &o, &b, &err), PL_OK);
    o.base = &b4;
    assert_int_equal(pl_explore_forecast_run(one, NULL, 1, &o, &t4, &err), PL_OK);
    assert_int_equal(pl_explore_forecast_merge(b, a, &err), PL_EINVAL); /* out of order */
    assert_int_equal(pl_explore_forecast_merge(a, b, &err), PL_OK);
    assert_int_equal(a->worlds, N);
    assert_memory_equal(a->value, r->value, N * 2 * sizeof(double));
    assert_memory_equal(t4->value, r->value, N * 2 * sizeof(double));
    pl_explore_forecast_free(a);
    pl_explore_forecast_free(b);
    pl_explore_forecast_free(t4);
    pl_explore_forecast_free(r);
    /* bad options */
    o.base = &base;
    o.noise = 1.5;
    assert_int_equal(pl_explore_forecast_run(one, NULL, 1, &o, &r, &err), PL_EINVAL);
    o.noise = 0;
    o.nmodels = 0;
    assert_int_equal(pl_explore_forecast_run(one, NULL, 1, &o, &r, &err), PL_EINVAL);
    assert_null(r);
    pl_error_destroy(&err);
    pl_scenario_free(sc);
}

/* One actor at `pos` on [0, 100], noise 0.2: the median forecast is its position, uniform on
 * [pos - 20, pos + 20] clamped to the scale. */
static void noisy_one(double pos, pl_explore_stats_t *st)
{
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    assert_int_equal(pl_forecast_input_setup(&in, 1, 1), PL_OK);
    in.position[0] = pos;
    in.salience[0] = 0.5;
    const pl_forecast_model_type *models[] = {pl_forecast_median};
    pl_explore_opts_t base = {.worlds = 20000, .seed = 9};
    pl_explore_forecast_opts_t o = {.base = &base, .models = models, .nmodels = 1, .noise = 0.2};
    pl_explore_forecast_result_t *r = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_explore_forecast_input_run(&in, &o, &r, &err), PL_OK);
    assert_int_equal(pl_explore_forecast_stats(r, 0, 0, st, &err), PL_OK);
    for (uint64_t w = 0; w < r->worlds; w++) assert_true(r->value[w] >= 0 && r->value[w] <= 100);
    pl_explore_forecast_free(r);
    pl_forecast_input_destroy(&in);
    pl_error_destroy(&err);
}

static void test_forecast_noise(void **state)
{
    (void)state;
    pl_explore_stats_t st;
    noisy_one(50, &st); /* uniform on [30, 70]: mean 50, sd 40 / sqrt(12), quantiles 32, 50, 68 */
    double sd = 40 / sqrt(12);
    assert_close(st.mean, 50, 4 * sd / sqrt(20000.0));
    assert_rel(st.sd, sd, 0.03);
    assert_close(st.q05, 32, 0.6);
    assert_close(st.q50, 50, 0.6);
    assert_close(st.q95, 68, 0.6);
    /* at 95: uniform on [75, 115] clamped at 100 (probability 3/8 there): mean
     * (100^2 - 75^2) / 80 + 3/8 * 100 = 92.1875, the 95% quantile 100 */
    noisy_one(95, &st);
    assert_close(st.mean, 92.1875, 0.3);
    assert_true(st.q95 == 100);
    assert_close(st.q05, 77, 0.6);
}

/* Every allocation failing in turn: PL_ENOMEM (or PL_OK when the failure was not needed), never
 * a crash or a leak (the sanitizer build checks leaks). */
static void test_out_of_memory(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text, "%s%s%s", sim_head, "{uniform: [0, 2]}", sim_tail);
    pl_scenario_t *sim = load(text), *fc = load(fc_text);
    const pl_scenario_t *s1[] = {sim}, *f1[] = {fc};
    const pl_protocol_type *prot[] = {pl_protocol_sao, pl_protocol_amop};
    const pl_forecast_model_type *models[] = {pl_forecast_compromise, pl_forecast_eum};
    pl_explore_opts_t base = {.worlds = 2, .seed = 1, .threads = 1};
    pl_explore_sim_opts_t so = {.base = &base, .protocols = prot, .nprotocols = 2};
    pl_explore_forecast_opts_t fo = {.base = &base, .models = models, .nmodels = 2, .noise = 0.1};
    pl_error_t err;
    pl_error_init(&err);
    for (int which = 0; which < 2; which++) {
        bool done = false;
        size_t n = 1;
        for (; !done && n < 100000; n++) {
            pl_explore_sim_result_t *sr = NULL;
            pl_explore_forecast_result_t *fr = NULL;
            pl_i_alloc_fail_after(n);
            pl_status st = which == 0 ? pl_explore_sim_run(s1, NULL, 1, &so, &sr, &err)
                                      : pl_explore_forecast_run(f1, NULL, 1, &fo, &fr, &err);
            size_t made = pl_i_alloc_fail_after(0);
            done = made < n; /* the n-th allocation never came: nothing failed */
            if (done) assert_int_equal(st, PL_OK);
            else assert_true(st == PL_OK || st == PL_ENOMEM);
            if (st != PL_OK) assert_true(sr == NULL && fr == NULL);
            pl_explore_sim_free(sr);
            pl_explore_forecast_free(fr);
        }
        assert_true(done);
        assert_true(n - 2 > 50); /* the failures reached the worlds (165 and 173 when written) */
    }
    pl_error_destroy(&err);
    pl_scenario_free(sim);
    pl_scenario_free(fc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sums_exact),
        cmocka_unit_test(test_sim_known),
        cmocka_unit_test(test_sim_threads_slices),
        cmocka_unit_test(test_forecast_scenario),
        cmocka_unit_test(test_forecast_noise),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
