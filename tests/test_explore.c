/*
 * test_explore.c: uncertain values and exploration against known answers: the samplers'
 * moments and the normal quantile's published values, a uniform reservation whose pass
 * probability is exact by hand, the same tallies for 1, 2 and 8 threads, Sobol indices of the
 * Ishigami function (published values), breakpoints against brute-force sweeps on small random
 * scenarios, --set errors.
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

#include "test_util.h"

#define M_PI 3.14159265358979323846

static void test_samplers(void **state)
{
    (void)state;
    /* Phi^-1 published values (Abramowitz and Stegun table 26.5) */
    assert_close(pl_normal_quantile(0.975), 1.959963984540054, 1e-12);
    assert_close(pl_normal_quantile(0.001), -3.090232306167813, 1e-12);
    assert_close(pl_normal_quantile(0.5), 0, 1e-15);
    pl_rng_t r;
    pl_rng_stream(&r, 7, 0);
    const size_t n = 200000;
    /* gamma(k): mean k, variance k */
    const double shapes[] = {0.5, 2.5};
    for (size_t s = 0; s < 2; s++) {
        double k = shapes[s], m = 0, v = 0;
        for (size_t i = 0; i < n; i++) {
            double x = pl_rng_gamma(&r, k);
            m += x;
            v += x * x;
        }
        m /= (double)n;
        v = v / (double)n - m * m;
        assert_close(m, k, 5 * sqrt(k / (double)n));
        assert_close(v, k, 0.03 * k);
    }
    /* beta(2, 5): mean 2/7, variance 10 / (49 * 8) */
    double m = 0, v = 0;
    for (size_t i = 0; i < n; i++) {
        double x = pl_rng_beta(&r, 2, 5);
        m += x;
        v += x * x;
    }
    m /= (double)n;
    v = v / (double)n - m * m;
    assert_close(m, 2.0 / 7, 5 * sqrt(10.0 / 392 / (double)n));
    assert_close(v, 10.0 / 392, 0.03 * 10.0 / 392);
    /* half-normal: mean sqrt(2 / pi); and pl_dist_mean of the truncated normal agrees */
    m = 0;
    for (size_t i = 0; i < n; i++) m += pl_rng_truncnormal(&r, 0, 1, 0, INFINITY);
    assert_close(m / (double)n, sqrt(2 / M_PI), 5 * 0.6028 / sqrt((double)n));
    pl_dist_t d = {.kind = PL_DIST_NORMAL, .a = 0, .b = 1, .lo = 0, .hi = INFINITY};
    assert_close(pl_dist_mean(&d), sqrt(2 / M_PI), 1e-12);
    /* triangular [0, 0.2, 1]: mean 0.4, mode 0.2 */
    pl_dist_t t = {.kind = PL_DIST_TRIANGULAR, .a = 0, .b = 0.2, .c = 1, .lo = 0, .hi = 1};
    m = 0;
    for (size_t i = 0; i < n; i++) m += pl_dist_sample(&t, &r, NULL);
    assert_close(m / (double)n, 0.4, 5 * sqrt(0.0467 / (double)n));
    assert_close(pl_dist_point(&t), 0.2, 0);
    assert_string_equal(pl_dist_point_kind(&t), "mode");
}

/* A's utility of options a, b, c is 0.3, 0.7, 1; B's 1, 0.3, 0. B's reservation 0.2: B accepts
 * a and b. A's reservation is uniform on [0.2, 1]: b passes when r <= 0.7, probability 0.625. */
static const char *two_parties =
    "parley: 1\n"
    "issues:\n  deal: {type: categorical, options: [a, b, c]}\n"
    "actors:\n"
    "  A:\n    role: party\n    reservation: {uniform: [0.2, 1.0], source: \"a guess\"}\n"
    "    utility: {deal: {weight: 1, values: {a: 3, b: 7, c: 10}}}\n"
    "  B:\n    role: party\n    reservation: 0.2\n"
    "    utility: {deal: {weight: 1, values: {a: 10, b: 3, c: 0}}}\n"
    "proposals:\n  P: {outcome: {deal: b}}\n";

static pl_scenario_t *load(const char *text, const char *const *sets, size_t nsets, pl_error_t *err)
{
    (void)sets;
    (void)nsets;
    pl_scenario_t *sc = NULL;
    pl_status s = pl_scenario_load_yaml_string(text, strlen(text), "t.yaml", NULL, &sc, err);
    if (s != PL_OK) print_error("%s\n", err->message);
    assert_int_equal(s, PL_OK);
    return sc;
}

static void test_uniform_reservation(void **state)
{
    (void)state;
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = load(two_parties, NULL, 0, &err);
    assert_int_equal(sc->nuncertain, 1);
    assert_string_equal(sc->uncertain[0].path, "actors.A.reservation");
    assert_close(sc->actors[0].reservation, 0.6, 1e-15); /* the point: the mean */
    assert_string_equal(pl_scenario_source(sc, "actors.A.reservation"), "a guess");
    const pl_scenario_t *one[] = {sc};
    pl_explore_result_t *r = NULL;
    pl_explore_opts_t o = {.worlds = 20000, .seed = 3};
    assert_int_equal(pl_explore_run(one, NULL, 1, &o, &r, &err), PL_OK);
    double p = (double)r->proposal_pass[0] / (double)r->worlds, se = sqrt(0.625 * 0.375 / 20000);
    assert_close(p, 0.625, 4 * se);
    assert_close((double)r->any_feasible / (double)r->worlds, 0.625, 4 * se);
    /* b is the package most likely to pass */
    uint64_t top[2];
    assert_int_equal(pl_explore_top(r, r->package_pass, 2, top), 2);
    assert_int_equal(top[0], 1);
    pl_explore_free(r);
    /* breakpoints: feasibility and P flip at 0.7 */
    pl_breakpoint_t *bp = NULL;
    size_t n = 0;
    assert_int_equal(pl_explore_breakpoints(sc, &bp, &n, &err), PL_OK);
    size_t seen = 0;
    for (size_t k = 0; k < n; k++)
        if (bp[k].kind != PL_FLIP_PIVOTAL) {
            assert_close(bp[k].at, 0.7, 2e-9);
            assert_true(bp[k].below && !bp[k].above);
            seen++;
        }
    assert_int_equal(seen, 2);
    pl_free(bp);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

static void test_threads_same(void **state)
{
    (void)state;
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = load(two_parties, NULL, 0, &err);
    const pl_scenario_t *one[] = {sc};
    pl_explore_result_t *r[3];
    const int th[] = {1, 2, 8};
    for (int k = 0; k < 3; k++) {
        pl_explore_opts_t o = {.worlds = 3000, .seed = 11, .threads = th[k]};
        assert_int_equal(pl_explore_run(one, NULL, 1, &o, &r[k], &err), PL_OK);
    }
    /* and two slices merged (what MPI ranks do) */
    pl_explore_result_t *s1 = NULL, *s2 = NULL;
    pl_explore_opts_t a = {.worlds = 3000, .seed = 11, .first = 0, .count = 1234};
    pl_explore_opts_t b = {.worlds = 3000, .seed = 11, .first = 1234, .count = 3000 - 1234};
    assert_int_equal(pl_explore_run(one, NULL, 1, &a, &s1, &err), PL_OK);
    assert_int_equal(pl_explore_run(one, NULL, 1, &b, &s2, &err), PL_OK);
    assert_int_equal(pl_explore_merge(s1, s2, &err), PL_OK);
    for (int k = 1; k < 4; k++) {
        const pl_explore_result_t *x = k < 3 ? r[k] : s1;
        assert_int_equal(x->worlds, r[0]->worlds);
        assert_int_equal(x->any_feasible, r[0]->any_feasible);
        assert_int_equal(x->feasible_sum, r[0]->feasible_sum);
        assert_int_equal(x->proposal_pass[0], r[0]->proposal_pass[0]);
        assert_memory_equal(x->package_pass, r[0]->package_pass, 3 * sizeof(uint64_t));
        assert_memory_equal(x->nash, r[0]->nash, 3 * sizeof(uint64_t));
        assert_memory_equal(x->pivotal, r[0]->pivotal, 2 * sizeof(uint64_t));
    }
    for (int k = 0; k < 3; k++) pl_explore_free(r[k]);
    pl_explore_free(s1);
    pl_explore_free(s2);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

static double ishigami(const double *x)
{
    return sin(x[0]) + 7 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0]);
}

static void test_sobol_ishigami(void **state)
{
    (void)state;
    enum { N = 20000, D = 3 };
    static double fA[N], fB[N], fAB[D * N];
    pl_rng_t r;
    pl_rng_stream(&r, 2024, 0);
    for (size_t j = 0; j < N; j++) {
        double A[D], B[D], X[D];
        for (int i = 0; i < D; i++) A[i] = -M_PI + 2 * M_PI * pl_rng_uniform(&r);
        for (int i = 0; i < D; i++) B[i] = -M_PI + 2 * M_PI * pl_rng_uniform(&r);
        fA[j] = ishigami(A);
        fB[j] = ishigami(B);
        for (int i = 0; i < D; i++) {
            memcpy(X, A, sizeof X);
            X[i] = B[i];
            fAB[(size_t)i * N + j] = ishigami(X);
        }
    }
    pl_sobol_index_t s[D];
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_sobol_jansen(fA, fB, fAB, N, D, 300, 5, s, &err), PL_OK);
    /* published (a = 7, b = 0.1): S = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437 */
    const double S[] = {0.3139, 0.4424, 0}, ST[] = {0.5576, 0.4424, 0.2437};
    for (int i = 0; i < D; i++) {
        /* inside the bootstrap interval, widened by a quarter of its width for the percentile
         * method's own error */
        double w1 = (s[i].first_hi - s[i].first_lo) / 4, wt = (s[i].total_hi - s[i].total_lo) / 4;
        assert_true(s[i].first_hi > s[i].first_lo);
        assert_true(S[i] >= s[i].first_lo - w1 && S[i] <= s[i].first_hi + w1);
        assert_true(ST[i] >= s[i].total_lo - wt && ST[i] <= s[i].total_hi + wt);
        assert_close(s[i].first, S[i], 0.05);
        assert_close(s[i].total, ST[i], 0.05);
    }
    pl_error_destroy(&err);
}

/* Feasible packages of sc with party 0's reservation at x, by the model's own rule. */
static uint64_t feasible_at(pl_scenario_t *sc, double x)
{
    sc->actors[0].reservation = x;
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    size_t o[8] = {0};
    uint64_t n = 0;
    do n += pl_model_feasible(m, o, NULL);
    while (pl_model_outcome_next(m, o));
    pl_model_free(m);
    return n;
}

static void test_breakpoints_brute_force(void **state)
{
    (void)state;
    pl_rng_t r;
    pl_rng_stream(&r, 99, 0);
    for (int trial = 0; trial < 12; trial++) {
        char text[4096];
        size_t len = (size_t)snprintf(text, sizeof text, "parley: 1\nissues:\n"
                                      "  x: {type: categorical, options: [a, b, c]}\n"
                                      "  y: {type: categorical, options: [d, e]}\nactors:\n");
        for (int p = 0; p < 3; p++) {
            len += (size_t)snprintf(text + len, sizeof text - len, "  P%d:\n    role: party\n", p);
            if (p == 0) len += (size_t)snprintf(text + len, sizeof text - len,
                                                "    reservation: {uniform: [0.1, 0.9]}\n");
            else len += (size_t)snprintf(text + len, sizeof text - len, "    reservation: %.3f\n",
                                         0.5 * pl_rng_uniform(&r));
            len += (size_t)snprintf(text + len, sizeof text - len,
                                    "    utility:\n      x: {weight: %.3f, values: {a: %.3f, b: %.3f, c: 10}}\n"
                                    "      y: {weight: %.3f, values: {d: %.3f, e: 10}}\n",
                                    0.1 + pl_rng_uniform(&r), 10 * pl_rng_uniform(&r),
                                    10 * pl_rng_uniform(&r), 0.1 + pl_rng_uniform(&r),
                                    10 * pl_rng_uniform(&r));
        }
        pl_error_t err;
        pl_error_init(&err);
        pl_scenario_t *sc = load(text, NULL, 0, &err);
        pl_breakpoint_t *bp = NULL;
        size_t n = 0;
        assert_int_equal(pl_explore_breakpoints(sc, &bp, &n, &err), PL_OK);
        /* brute force over the scan range [0, 1] in steps of 1e-4 */
        const int steps = 10000;
        uint64_t prev = feasible_at(sc, 0);
        size_t found = 0;
        for (int s = 1; s <= steps; s++) {
            double x = (double)s / steps;
            uint64_t cur = feasible_at(sc, x);
            if ((prev > 0) != (cur > 0)) {
                found++;
                bool matched = false;
                for (size_t k = 0; k < n; k++)
                    matched |= bp[k].kind == PL_FLIP_FEASIBLE && bp[k].at > x - 1.0 / steps - 1e-9 &&
                               bp[k].at < x + 1e-9;
                if (!matched) print_error("trial %d: sweep flip near %g not reported\n", trial, x);
                assert_true(matched);
            }
            prev = cur;
        }
        size_t nfe = 0;
        for (size_t k = 0; k < n; k++) nfe += bp[k].kind == PL_FLIP_FEASIBLE;
        assert_int_equal(nfe, found);
        pl_free(bp);
        pl_scenario_free(sc);
        pl_error_destroy(&err);
    }
}

static void test_set_and_errors(void **state)
{
    (void)state;
    const char *path = getenv("PL_SOURCE_DIR");
    char file[1024];
    snprintf(file, sizeof file, "%s/examples/doha-2024.yaml", path ? path : ".");
    const char *sets[] = {"actors.Far-right partners.reservation={normal: {mean: 0.8, sd: 0.1}}",
                          "ratification.Israel.quota=60"};
    pl_load_opts_t o = {.sets = sets, .nsets = 2};
    pl_scenario_t *sc = NULL;
    pl_error_t err;
    pl_error_init(&err);
    if (pl_scenario_load_yaml_opts(file, &o, &sc, &err) == PL_EIO) {
        pl_error_destroy(&err);
        skip();
    }
    assert_non_null(sc);
    assert_int_equal(sc->nuncertain, 1);
    assert_int_equal(sc->uncertain[0].dist.kind, PL_DIST_NORMAL);
    /* truncated to the reservation's legal range (any real): the point is the mean */
    assert_close(sc->actors[pl_scenario_find_actor(sc, "Far-right partners")].reservation, 0.8, 0);
    assert_close(sc->ratifications[0].quota, 60, 0);
    pl_scenario_free(sc);
    const char *bad[] = {"actors.Far-rigt partners.reservation=0.7"};
    o = (pl_load_opts_t){.sets = bad, .nsets = 1};
    assert_int_equal(pl_scenario_load_yaml_opts(file, &o, &sc, &err), PL_EPARSE);
    assert_non_null(strstr(err.message, "did you mean 'Far-right partners'"));
    pl_error_clear(&err);
    const char *bad2[] = {"linkages.Iran retaliation.p_deal={uniform: [0.5, 1.5]}"};
    o = (pl_load_opts_t){.sets = bad2, .nsets = 1};
    assert_int_equal(pl_scenario_load_yaml_opts(file, &o, &sc, &err), PL_EPARSE);
    assert_non_null(strstr(err.message, "outside its legal range [0, 1]"));
    pl_error_destroy(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_samplers),
        cmocka_unit_test(test_uniform_reservation),
        cmocka_unit_test(test_threads_same),
        cmocka_unit_test(test_sobol_ishigami),
        cmocka_unit_test(test_breakpoints_brute_force),
        cmocka_unit_test(test_set_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
