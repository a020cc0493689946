/*
 * test_power.c: Shapley-Shubik and Banzhaf indices on textbook games with known answers
 * (models-reference.md): [51; 50, 49, 1], the UN Security Council, symmetric bodies, and
 * the sampled estimate against the exact values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include <parley/parley.h>

#include "test_util.h"

static void test_51_50_49_1(void **state)
{
    (void)state;
    double w[] = {50, 49, 1};
    pl_mediate_game_power_t p;
    pl_mediate_game_power_init(&p);
    assert_int_equal(pl_mediate_power_weighted(w, 3, 51, NULL, &p, NULL), PL_OK);
    assert_true(p.exact);
    /* orders: 50 is pivotal unless it comes first (then the second is): 4 of 6 orders */
    assert_close(p.shapley[0], 2.0 / 3, 1e-12);
    assert_close(p.shapley[1], 1.0 / 6, 1e-12);
    assert_close(p.shapley[2], 1.0 / 6, 1e-12);
    /* swings: 50 with {49}, {1}, {49,1}: 3; 49 with {50}: 1; 1 with {50}: 1 */
    assert_close(p.banzhaf[0], 3.0 / 5, 1e-12);
    assert_close(p.banzhaf[1], 1.0 / 5, 1e-12);
    assert_close(p.banzhaf[2], 1.0 / 5, 1e-12);
    assert_close(p.banzhaf_raw[0], 3.0 / 4, 1e-12);
    assert_close(p.banzhaf_raw[1], 1.0 / 4, 1e-12);
    /* the same game on a scale of 0..1 (weights become integers after scaling) */
    double w2[] = {0.50, 0.49, 0.01};
    assert_int_equal(pl_mediate_power_weighted(w2, 3, 0.51, NULL, &p, NULL), PL_OK);
    assert_true(p.exact);
    assert_close(p.shapley[0], 2.0 / 3, 1e-12);
    assert_close(p.banzhaf[2], 1.0 / 5, 1e-12);
    pl_mediate_game_power_destroy(&p);
}

/* UN Security Council: 5 permanent (weight 7), 10 elected (weight 1), quota 39: a coalition
 * wins with all 5 permanent and at least 4 elected. Shapley-Shubik 421/2145 and 4/2145. */
static bool unsc_wins(const void *ctx, uint64_t s)
{
    (void)ctx;
    if ((s & 31u) != 31u) return false;
    return __builtin_popcountll(s >> 5) >= 4;
}

static void test_unsc(void **state)
{
    (void)state;
    double w[15];
    for (int i = 0; i < 15; i++) w[i] = i < 5 ? 7 : 1;
    pl_mediate_game_power_t p, q;
    pl_mediate_game_power_init(&p);
    pl_mediate_game_power_init(&q);
    assert_int_equal(pl_mediate_power_weighted(w, 15, 39, NULL, &p, NULL), PL_OK);
    assert_true(p.exact);
    for (int i = 0; i < 5; i++) assert_close(p.shapley[i], 421.0 / 2145, 1e-12);
    for (int i = 5; i < 15; i++) assert_close(p.shapley[i], 4.0 / 2145, 1e-12);
    assert_close(p.shapley[0], 0.19627, 1e-5);
    assert_close(p.shapley[7], 0.001865, 1e-6);
    /* the same game as a predicate, enumerated */
    assert_int_equal(pl_mediate_power_simple(15, unsc_wins, NULL, &q, NULL), PL_OK);
    for (int i = 0; i < 15; i++) {
        assert_close(q.shapley[i], p.shapley[i], 1e-12);
        assert_close(q.banzhaf[i], p.banzhaf[i], 1e-12);
        assert_close(q.banzhaf_raw[i], p.banzhaf_raw[i], 1e-12);
    }
    /* Banzhaf swings of an elected member: the other 9 elected give C(9,3) = 84 coalitions
     * with exactly 3 elected, all with the 5 permanent: raw 84 / 2^14 */
    assert_close(p.banzhaf_raw[5], 84.0 / 16384, 1e-15);
    /* a permanent member: any coalition of the other 4 permanent plus >= 4 elected:
     * sum_{k>=4} C(10,k) = 1024 - 1 - 10 - 45 - 120 = 848 */
    assert_close(p.banzhaf_raw[0], 848.0 / 16384, 1e-15);
    pl_mediate_game_power_destroy(&p);
    pl_mediate_game_power_destroy(&q);
}

static void test_large_symmetric(void **state)
{
    (void)state;
    /* 68 equal members, simple majority: each has 1/68 of both indices; the largest exact
     * size, where the counts of coalitions of the others reach C(67, 33) ~ 1.4e19 */
    double w[68];
    for (int i = 0; i < 68; i++) w[i] = 1;
    pl_mediate_game_power_t p;
    pl_mediate_game_power_init(&p);
    assert_int_equal(pl_mediate_power_weighted(w, 68, 35, NULL, &p, NULL), PL_OK);
    assert_true(p.exact);
    for (int i = 0; i < 68; i++) {
        assert_close(p.shapley[i], 1.0 / 68, 1e-12);
        assert_close(p.banzhaf[i], 1.0 / 68, 1e-12);
    }
    /* raw Banzhaf: C(67, 34) / 2^67 (swing when exactly 34 others join) */
    long double c = 1;
    for (int k = 0; k < 34; k++) c = c * (67 - k) / (k + 1);
    assert_close(p.banzhaf_raw[0], (double)(c / powl(2, 67)), 1e-12);
    /* a weighted 60-member body: the indices sum to 1 and equal weights get equal power */
    double w60[60];
    double total = 0;
    for (int i = 0; i < 60; i++) {
        w60[i] = 1 + (i * 37) % 50;
        total += w60[i];
    }
    assert_int_equal(pl_mediate_power_weighted(w60, 60, floor(total / 2) + 1, NULL, &p, NULL), PL_OK);
    assert_true(p.exact);
    double ss = 0, bz = 0;
    for (int i = 0; i < 60; i++) {
        ss += p.shapley[i];
        bz += p.banzhaf[i];
        for (int j = 0; j < i; j++)
            if (w60[i] == w60[j]) assert_close(p.shapley[i], p.shapley[j], 1e-15);
        if (i > 0 && w60[i] > w60[i - 1]) assert_true(p.shapley[i] >= p.shapley[i - 1] - 1e-15);
    }
    assert_close(ss, 1.0, 1e-9);
    assert_close(bz, 1.0, 1e-9);
    pl_mediate_game_power_destroy(&p);
}

static void test_sampled(void **state)
{
    (void)state;
    double w[] = {50, 49, 1};
    pl_mediate_power_options_t opt = {.max_exact = 1, .samples = 100000, .seed = 42};
    pl_mediate_game_power_t p;
    pl_mediate_game_power_init(&p);
    assert_int_equal(pl_mediate_power_weighted(w, 3, 51, &opt, &p, NULL), PL_OK);
    assert_false(p.exact);
    assert_int_equal(p.samples, 100000);
    double want[] = {2.0 / 3, 1.0 / 6, 1.0 / 6}, wantb[] = {0.75, 0.25, 0.25};
    for (int i = 0; i < 3; i++) {
        assert_true(p.shapley_se[i] > 0);
        assert_true(fabs(p.shapley[i] - want[i]) < 5 * p.shapley_se[i]);
        assert_true(fabs(p.banzhaf_raw[i] - wantb[i]) < 5 * p.banzhaf_se[i]);
    }
    /* same seed, same estimate */
    pl_mediate_game_power_t q;
    pl_mediate_game_power_init(&q);
    assert_int_equal(pl_mediate_power_weighted(w, 3, 51, &opt, &q, NULL), PL_OK);
    assert_memory_equal(p.shapley, q.shapley, 3 * sizeof(double));
    /* non-integer weights that do not scale are sampled too */
    double wn[] = {3.14159265358979, 1, 1};
    assert_int_equal(pl_mediate_power_weighted(wn, 3, 4, NULL, &q, NULL), PL_OK);
    assert_false(q.exact);
    pl_mediate_game_power_destroy(&p);
    pl_mediate_game_power_destroy(&q);
}

static void test_degenerate(void **state)
{
    (void)state;
    double w[] = {1, 2};
    pl_mediate_game_power_t p;
    pl_mediate_game_power_init(&p);
    /* nobody can reach the quota: no swings */
    assert_int_equal(pl_mediate_power_weighted(w, 2, 5, NULL, &p, NULL), PL_OK);
    assert_close(p.shapley[0] + p.shapley[1], 0, 0);
    /* a dictator: [2; 2, 1] */
    assert_int_equal(pl_mediate_power_weighted(w, 2, 2, NULL, &p, NULL), PL_OK);
    assert_close(p.shapley[1], 1, 1e-15);
    assert_close(p.banzhaf[1], 1, 1e-15);
    assert_close(p.shapley[0], 0, 1e-15);
    double bad[] = {1, -1};
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_mediate_power_weighted(bad, 2, 1, NULL, &p, &err), PL_EINVAL);
    assert_non_null(strstr(err.message, "weight 2"));
    pl_error_destroy(&err);
    pl_mediate_game_power_destroy(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_51_50_49_1), cmocka_unit_test(test_unsc),
        cmocka_unit_test(test_large_symmetric), cmocka_unit_test(test_sampled),
        cmocka_unit_test(test_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
