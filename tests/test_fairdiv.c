/*
 * test_fairdiv.c: Adjusted Winner and max-min share on cases worked by hand, and the fair
 * division packages of a scenario (pl_mediate_fair_division) worked out from its stances.
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

/* A (50, 30, 20), B (30, 30, 40). Step 1: issue 1 to A, issue 2 (tie) to A, issue 3 to B:
 * A 80, B 40. A is richer; its issues by ratio: issue 2 (1) then issue 1 (5/3). Moving issue 2
 * whole would leave A 50 < B 70, so it is split: B gets (80-40)/(30+30) = 2/3 of it.
 * Totals 80 - 20 = 60 and 40 + 20 = 60. */
static void test_aw_split_first(void **state)
{
    (void)state;
    double a[] = {50, 30, 20}, b[] = {30, 30, 40};
    pl_mediate_adjusted_winner_t aw;
    pl_mediate_adjusted_winner_init(&aw);
    assert_int_equal(pl_mediate_adjusted_winner(a, b, 3, &aw, NULL), PL_OK);
    assert_close(aw.share_a[0], 1, 1e-12);
    assert_close(aw.share_a[1], 1.0 / 3, 1e-12);
    assert_close(aw.share_a[2], 0, 1e-12);
    assert_int_equal(aw.split, 1);
    assert_close(aw.points_a, 60, 1e-9);
    assert_close(aw.points_b, 60, 1e-9);
    pl_mediate_adjusted_winner_destroy(&aw);
}

/* B richer: A (40, 10, 50), B (20, 20, 60): A gets issue 1 (40), B issues 2, 3 (80).
 * B's issues by ratio: issue 3 (60/50 = 1.2), issue 2 (2). Issue 3 whole would leave B 20 < 90:
 * A gets (80-40)/(60+50) = 4/11 of it. Totals 40 + 200/11 = 80 - 240/11 = 640/11. */
static void test_aw_b_richer(void **state)
{
    (void)state;
    double a[] = {40, 10, 50}, b[] = {20, 20, 60};
    pl_mediate_adjusted_winner_t aw;
    pl_mediate_adjusted_winner_init(&aw);
    assert_int_equal(pl_mediate_adjusted_winner(a, b, 3, &aw, NULL), PL_OK);
    assert_close(aw.share_a[0], 1, 1e-12);
    assert_close(aw.share_a[1], 0, 1e-12);
    assert_close(aw.share_a[2], 4.0 / 11, 1e-12);
    assert_int_equal(aw.split, 2);
    assert_close(aw.points_a, 640.0 / 11, 1e-9);
    assert_close(aw.points_b, 640.0 / 11, 1e-9);
    pl_mediate_adjusted_winner_destroy(&aw);
}

/* A whole move before the split: A (5, 40, 40, 15), B (2, 10, 11, 77). A holds 1-3 (85), B 4
 * (77). Ratios: issue 1 2.5, issue 3 40/11, issue 2 4. Issue 1 moves whole (80 >= 79); issue 3
 * is split: B gets 1/51 of it. Totals 80 - 40/51 = 79 + 11/51. Envy-free and efficient checks. */
static void test_aw_whole_then_split(void **state)
{
    (void)state;
    double a[] = {5, 40, 40, 15}, b[] = {2, 10, 11, 77};
    pl_mediate_adjusted_winner_t aw;
    pl_mediate_adjusted_winner_init(&aw);
    assert_int_equal(pl_mediate_adjusted_winner(a, b, 4, &aw, NULL), PL_OK);
    double want[] = {0, 1, 50.0 / 51, 0};
    for (int i = 0; i < 4; i++) assert_close(aw.share_a[i], want[i], 1e-12);
    assert_int_equal(aw.split, 2);
    assert_close(aw.points_a, 80 - 40.0 / 51, 1e-9);
    assert_close(aw.points_b, 79 + 11.0 / 51, 1e-9);
    /* equitable: equal points; envy-free: each values its own bundle >= 50 */
    double a_own = 0, b_own = 0;
    for (int i = 0; i < 4; i++) {
        a_own += a[i] * aw.share_a[i];
        b_own += b[i] * (1 - aw.share_a[i]);
    }
    assert_true(a_own >= 50 && b_own >= 50);
    /* scaled inputs give the same allocation */
    double a2[] = {1, 8, 8, 3}, b2[] = {4, 20, 22, 154};
    assert_int_equal(pl_mediate_adjusted_winner(a2, b2, 4, &aw, NULL), PL_OK);
    for (int i = 0; i < 4; i++) assert_close(aw.share_a[i], want[i], 1e-12);
    pl_mediate_adjusted_winner_destroy(&aw);
}

static void test_aw_errors(void **state)
{
    (void)state;
    double a[] = {0, 0}, b[] = {1, 1};
    pl_mediate_adjusted_winner_t aw;
    pl_mediate_adjusted_winner_init(&aw);
    assert_int_equal(pl_mediate_adjusted_winner(a, b, 2, &aw, NULL), PL_EINVAL);
    /* equal totals after step 1: nothing moves, nothing is split */
    double c[] = {60, 40}, d[] = {40, 60};
    assert_int_equal(pl_mediate_adjusted_winner(c, d, 2, &aw, NULL), PL_OK);
    assert_int_equal(aw.split, PL_UNSET);
    assert_close(aw.points_a, 60, 1e-12);
    pl_mediate_adjusted_winner_destroy(&aw);
}

static void test_maxmin(void **state)
{
    (void)state;
    /* each of three parties values a different issue most: each gets its own, 60 each */
    double p[] = {60, 20, 20, 20, 60, 20, 20, 20, 60};
    size_t owner[3];
    double share[3];
    assert_int_equal(pl_mediate_maxmin_share(p, 3, 3, owner, share, NULL), PL_OK);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(owner[i], i);
        assert_close(share[i], 60, 1e-9);
    }
    /* identical valuations (50, 30, 20): the best minimum is 50 ({50} against {30, 20}) */
    double q[] = {50, 30, 20, 50, 30, 20};
    assert_int_equal(pl_mediate_maxmin_share(q, 2, 3, owner, share, NULL), PL_OK);
    assert_close(fmin(share[0], share[1]), 50, 1e-9);
    assert_true(owner[1] == owner[2] && owner[0] != owner[1]);
    /* raw points are rescaled per party to 100: (1, 1) and (3, 1) -> A (50, 50), B (75, 25):
     * A gets issue 2 (50), B issue 1 (75): min 50 (the other way gives min 25) */
    double r[] = {1, 1, 3, 1};
    assert_int_equal(pl_mediate_maxmin_share(r, 2, 2, owner, share, NULL), PL_OK);
    assert_int_equal(owner[0], 1);
    assert_int_equal(owner[1], 0);
    assert_close(share[0], 50, 1e-9);
    assert_close(share[1], 75, 1e-9);
}

/* A mediator first, so that party indices differ from actor indices. Position form:
 * A: x at x0 (salience 9), y at y0 (1): weights 0.9, 0.1, points (90, 10);
 * B: x at x2 (3), y at y1 (2): weights 0.6, 0.4, points (60, 40).
 * Adjusted Winner: x to A (90 > 60), y to B (40 > 10): A 90, B 40. A is richer and holds only
 * x: moving it whole leaves A 0 < 100, so B gets (90 - 40) / (90 + 60) = 1/3 of it:
 * share_a = (2/3, 0), each side 60 points, split issue x. The split value: A's utilities on x
 * are (0.9, 0.45, 0), i.e. (1, 0.5, 0) of the way from B's ideal x2 to A's x0; 2/3 is
 * nearest 0.5: x1. y goes to B's ideal y1. Package (x1, y1): u_A = 0.9 * 0.5 = 0.45 <
 * reservation 0.5 (A blocks; it needs 0.05), u_B = 0.6 * 0.5 + 0.4 = 0.7 against B's
 * participation level 0.6 (above its reservation 0.2: the threshold shown), slack 0.1.
 * Max-min share: {x: A, y: B} gives (90, 40), {x: B, y: A} gives (10, 60): the first (min 40).
 * Its package puts each issue at its owner's ideal: (x0, y1): u_A 0.9, u_B 0.4 < 0.6: B
 * blocks, short by 0.2. */
static const char *FD =
    "parley: 1\nname: fd\n"
    "issues:\n  x: {type: ordered, options: [x0, x1, x2]}\n  y: {type: ordered, options: [y0, y1]}\n"
    "actors:\n"
    "  M: {role: mediator}\n"
    "  A: {reservation: 0.5, stance: {x: {position: x0, salience: 9}, y: {position: y0, salience: 1}}}\n"
    "  B: {reservation: 0.2, participation: 0.6,\n"
    "      stance: {x: {position: x2, salience: 3}, y: {position: y1, salience: 2}}}\n";

static void load(const char *text, pl_scenario_t **sc, pl_model_t **m)
{
    pl_error_t err;
    pl_error_init(&err);
    pl_status s = pl_scenario_load_yaml_string(text, strlen(text), "fd.yaml", NULL, sc, &err);
    if (s != PL_OK) print_error("%s\n", err.message);
    assert_int_equal(s, PL_OK);
    s = pl_model_compile(*sc, m, &err);
    assert_int_equal(s, PL_OK);
    pl_error_destroy(&err);
}

static void test_fair_division_scenario(void **state)
{
    (void)state;
    pl_scenario_t *sc;
    pl_model_t *m;
    load(FD, &sc, &m);
    pl_mediate_fair_division_t fd;
    pl_mediate_fair_division_init(&fd);
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_mediate_fair_division(m, NULL, &fd, &err), PL_OK);
    assert_true(fd.divided);
    assert_int_equal(fd.nparties, 2);
    assert_int_equal(fd.parties[0], 1);
    assert_int_equal(fd.parties[1], 2);
    assert_int_equal(fd.a, 1);
    assert_int_equal(fd.b, 2);
    assert_close(fd.points_a[0], 90, 1e-9);
    assert_close(fd.points_a[1], 10, 1e-9);
    assert_close(fd.points_b[0], 60, 1e-9);
    assert_close(fd.points_b[1], 40, 1e-9);
    assert_close(fd.aw.share_a[0], 2.0 / 3, 1e-12);
    assert_close(fd.aw.share_a[1], 0, 1e-12);
    assert_int_equal(fd.aw.split, 0);
    assert_close(fd.aw.points_a, 60, 1e-9);
    assert_close(fd.aw.points_b, 60, 1e-9);
    /* the Adjusted Winner package */
    assert_int_equal(fd.package.outcome[0], 1);
    assert_int_equal(fd.package.outcome[1], 1);
    assert_close(fd.package.utility[1], 0.45, 1e-12);
    assert_close(fd.package.utility[2], 0.7, 1e-12);
    assert_false(fd.package.passes);
    assert_int_equal(fd.package.blocker, 1);
    assert_close(fd.package.cost, 0.05, 1e-12);
    /* the effective threshold: B's participation level, A's reservation */
    assert_close(fd.package.threshold[1], 0.5, 1e-12);
    assert_close(fd.package.threshold[2], 0.6, 1e-12);
    assert_close(fd.package.slack[2], 0.1, 1e-12);
    /* max-min share */
    assert_true(fd.has_maxmin);
    assert_int_equal(fd.maxmin_owner[0], 1);
    assert_int_equal(fd.maxmin_owner[1], 2);
    assert_close(fd.maxmin_share[0], 90, 1e-9);
    assert_close(fd.maxmin_share[1], 40, 1e-9);
    assert_int_equal(fd.maxmin_package.outcome[0], 0);
    assert_int_equal(fd.maxmin_package.outcome[1], 1);
    assert_false(fd.maxmin_package.passes);
    assert_int_equal(fd.maxmin_package.blocker, 2);
    assert_close(fd.maxmin_package.slack[2], -0.2, 1e-12);
    assert_close(fd.maxmin_package.cost, 0.2, 1e-12);
    /* a second call on the same storage releases the first result (ASan: no leak) */
    assert_int_equal(pl_mediate_fair_division(m, NULL, &fd, &err), PL_OK);
    assert_true(fd.divided);
    pl_mediate_fair_division_destroy(&fd);
    assert_false(fd.divided);
    assert_null(fd.parties);
    pl_mediate_fair_division_destroy(NULL);
    pl_error_destroy(&err);
    pl_model_free(m);
    pl_scenario_free(sc);
}

/* one party with per-issue tables: nothing to divide, not an error */
static void test_fair_division_one_side(void **state)
{
    (void)state;
    pl_scenario_t *sc;
    pl_model_t *m;
    load("parley: 1\nissues:\n  x: {type: ordered, options: [a, b]}\n"
         "actors:\n  A: {stance: {x: {position: a}}}\n  B: {role: party}\n",
         &sc, &m);
    pl_mediate_fair_division_t fd;
    pl_mediate_fair_division_init(&fd);
    assert_int_equal(pl_mediate_fair_division(m, NULL, &fd, NULL), PL_OK);
    assert_false(fd.divided);
    assert_int_equal(fd.nparties, 1);
    assert_int_equal(fd.parties[0], 0);
    assert_false(fd.has_maxmin);
    pl_mediate_fair_division_destroy(&fd);
    pl_model_free(m);
    pl_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aw_split_first), cmocka_unit_test(test_aw_b_richer),
        cmocka_unit_test(test_aw_whole_then_split), cmocka_unit_test(test_aw_errors),
        cmocka_unit_test(test_maxmin), cmocka_unit_test(test_fair_division_scenario),
        cmocka_unit_test(test_fair_division_one_side),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
