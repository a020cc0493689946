/*
 * test_forecast_models.c: the exchange model and the EU decision-rule model on tiny cases
 * worked by hand (the arithmetic is in the comments), the fitted combination's defaults, and
 * the fitted-parameter records.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "forecast/forecast_internal.h"

/* actor a: capability c, positions x[], saliences s[] (0-1) */
static void actor(pl_forecast_input_t *in, size_t a, double c, const double *x, const double *s)
{
    in->capability[a] = c;
    for (size_t d = 0; d < in->ndims; d++) {
        in->position[a * in->ndims + d] = x[d];
        in->salience[a * in->ndims + d] = s[d];
    }
}

static double run1(const pl_forecast_model_type *m, const pl_forecast_input_t *in, size_t d)
{
    pl_forecast_result_t res;
    pl_forecast_result_init(&res);
    assert_int_equal(pl_forecast_run(m, in, NULL, &res, NULL), PL_OK);
    double f = res.forecast[d];
    pl_forecast_result_destroy(&res);
    return f;
}

/* The 2 x 2 example of models-reference-2.md 1.6. A: x = (100, 100), s = (0.8, 0.2);
 * B: x = (0, 0), s = (0.4, 0.6); c = 1. W = (1.2, 0.8), O = (80/1.2, 20/0.8) = (66.667, 25).
 * A is right of both outcomes, B left of both; A's ratio 4 > B's 0.667: A demands issue 1.
 * Equal-gain rate dO2/dO1 = (0.8 + 0.4)/(0.2 + 0.6) = 1.5. B all the way to 100 gives
 * dO1 = 0.4*100/1.2 = 33.33, dO2 = 50, A's move 50*0.8/0.2 = 200 > 100: so A moves all the way
 * to 0 instead, dO2 = 0.2*100/0.8 = 25, dO1 = 25/1.5 = 16.667 (B votes 50 on issue 1).
 * Caps: O2 = 0 is B's position (not beyond). Result O = (83.333, 0); gains 8.333 each. */
static void test_exchange_two(void **state)
{
    (void)state;
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    assert_int_equal(pl_forecast_input_setup(&in, 2, 2), PL_OK);
    actor(&in, 0, 1, (double[]){100, 100}, (double[]){0.8, 0.2});
    actor(&in, 1, 1, (double[]){0, 0}, (double[]){0.4, 0.6});
    assert_true(fabs(run1(pl_forecast_exchange, &in, 0) - 250.0 / 3) < 1e-9);
    assert_true(fabs(run1(pl_forecast_exchange, &in, 1) - 0) < 1e-9);
    /* the compromise of the same input, for contrast: no exchange */
    assert_true(fabs(run1(pl_forecast_compromise, &in, 0) - 80 / 1.2) < 1e-9);
    pl_forecast_input_destroy(&in);
}

/* Three actors: A and B as above, C: x = (50, 50), s = (0.5, 0.5). W = (1.7, 1.3),
 * O = (105/1.7, 45/1.3) = (61.765, 34.615). Sides: A R,R; B L,L; C L (50 <= 61.8), R (50 > 34.6).
 * Only A-B are opposite on both issues. Rate 1.5; B to 100: dO1 = 40/1.7 = 23.53, dO2 = 35.29,
 * A's move 35.29*1.3/0.2 = 229 > 100, so A moves to 0: dO2 = 20/1.3 = 15.385, dO1 = 10.256
 * (B votes 43.59 on issue 1). Now O = (72.021, 19.231), A votes 0 on issue 2 and is left there,
 * C right: A-C are opposite on both, A would demand issue 1 again and supply issue 2 by moving
 * up toward C's 50; but A already moved down on issue 2 (roles never switch), so no exchange
 * is left. Result O = (105/1.7 + 20/1.3/1.5, 25/1.3). */
static void test_exchange_three(void **state)
{
    (void)state;
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    assert_int_equal(pl_forecast_input_setup(&in, 3, 2), PL_OK);
    actor(&in, 0, 1, (double[]){100, 100}, (double[]){0.8, 0.2});
    actor(&in, 1, 1, (double[]){0, 0}, (double[]){0.4, 0.6});
    actor(&in, 2, 1, (double[]){50, 50}, (double[]){0.5, 0.5});
    assert_true(fabs(run1(pl_forecast_exchange, &in, 0) - (105 / 1.7 + 20 / 1.3 / 1.5)) < 1e-9);
    assert_true(fabs(run1(pl_forecast_exchange, &in, 1) - 25 / 1.3) < 1e-9);
    /* one issue: nothing to trade, the compromise */
    pl_forecast_input_t one;
    pl_forecast_input_init(&one);
    assert_int_equal(pl_forecast_input_setup(&one, 3, 1), PL_OK);
    actor(&one, 0, 1, (double[]){100}, (double[]){0.8});
    actor(&one, 1, 1, (double[]){0}, (double[]){0.4});
    actor(&one, 2, 1, (double[]){50}, (double[]){0.5});
    assert_true(fabs(run1(pl_forecast_exchange, &one, 0) - 105 / 1.7) < 1e-9);
    pl_forecast_input_destroy(&one);
    pl_forecast_input_destroy(&in);
}

/* Council of four: s1 at 10 (10 votes), s2 at 40 (29), s3 at 70 (27), s4 at 90 (10); the
 * Commission at 95, the Parliament at 30; reference 0. 76 votes, QMV needs 255/345 of them =
 * 56.17. Counting from the right end: 10, 37, 66 >= 56.17 at s2: the QMV pivot is 40, whose
 * winset against 0 is (0, 80): the Commission proposes 80. Unanimity: the pivot is s1 at 10,
 * winset (0, 20): 20. Under co-decision the Parliament (30) accepts only (0, 60): QMV gives 60. */
static void council(pl_forecast_input_t *in, double ref, pl_forecast_rule rule, pl_forecast_proc proc)
{
    pl_forecast_input_init(in);
    assert_int_equal(pl_forecast_input_setup(in, 6, 1), PL_OK);
    static const double x[6] = {10, 40, 70, 90, 95, 30}, v[6] = {10, 29, 27, 10, NAN, NAN};
    for (size_t a = 0; a < 6; a++) {
        in->position[a] = x[a];
        in->salience[a] = 0.5;
        in->votes[a] = v[a];
    }
    in->commission = 4;
    in->parliament = 5;
    in->reference[0] = ref;
    in->rule = rule;
    in->proc = proc;
}

static void test_rule(void **state)
{
    (void)state;
    pl_forecast_input_t in;
    council(&in, 0, PL_RULE_QMV, PL_PROC_CNS);
    assert_true(run1(pl_forecast_rule_model, &in, 0) == 80);
    pl_forecast_input_destroy(&in);
    council(&in, 0, PL_RULE_UNAN, PL_PROC_CNS);
    assert_true(run1(pl_forecast_rule_model, &in, 0) == 20);
    pl_forecast_input_destroy(&in);
    council(&in, 0, PL_RULE_QMV, PL_PROC_COD);
    assert_true(run1(pl_forecast_rule_model, &in, 0) == 60);
    pl_forecast_input_destroy(&in);
    /* reference 75: the QMV pivot (40) is left of it, nothing to its right beats it, and the
     * Commission (95) will not propose a move left: the reference stays */
    council(&in, 75, PL_RULE_QMV, PL_PROC_CNS);
    assert_true(run1(pl_forecast_rule_model, &in, 0) == 75);
    pl_forecast_input_destroy(&in);
    /* reference 100 with the Commission at 95: counting from the left, 10, 39, 66 >= 56.17 at
     * s3: pivot 70, winset (40, 100); the Commission's own 95 is in it */
    council(&in, 100, PL_RULE_QMV, PL_PROC_CNS);
    assert_true(run1(pl_forecast_rule_model, &in, 0) == 95);
    pl_forecast_input_destroy(&in);
    /* no reference point: the compromise (equal saliences: capability-weighted mean, all 1) */
    council(&in, NAN, PL_RULE_QMV, PL_PROC_CNS);
    assert_true(fabs(run1(pl_forecast_rule_model, &in, 0) - (10 + 40 + 70 + 90 + 95 + 30) / 6.0) < 1e-9);
    pl_forecast_input_destroy(&in);
}

/* the combination's and selection's untrained defaults are the compromise; the records */
static void test_combo_defaults_and_params(void **state)
{
    (void)state;
    pl_forecast_input_t in;
    council(&in, 0, PL_RULE_QMV, PL_PROC_COD);
    double comp = run1(pl_forecast_compromise, &in, 0);
    assert_true(fabs(run1(pl_forecast_combo, &in, 0) - comp) < 1e-12);
    assert_true(fabs(run1(pl_forecast_select, &in, 0) - comp) < 1e-12);
    /* combo with all weight on the rule base (index 2) in both groups gives the rule model */
    double th[12] = {0};
    th[2] = th[8] = 1;
    pl_forecast_options_t o;
    pl_forecast_options_init(&o);
    o.params = th;
    pl_forecast_result_t res;
    pl_forecast_result_init(&res);
    assert_int_equal(pl_forecast_run(pl_forecast_combo, &in, &o, &res, NULL), PL_OK);
    assert_true(res.forecast[0] == 60);
    pl_forecast_result_destroy(&res);
    pl_forecast_input_destroy(&in);

    pl_forecast_params_t p;
    pl_forecast_params_init(&p);
    assert_null(pl_forecast_params_find(&p, pl_forecast_combo));
    assert_int_equal(pl_forecast_params_set(&p, pl_forecast_median, th, NULL), PL_EINVAL);
    assert_int_equal(pl_forecast_params_set(&p, pl_forecast_combo, th, NULL), PL_OK);
    th[2] = 0.5;
    assert_int_equal(pl_forecast_params_set(&p, pl_forecast_combo, th, NULL), PL_OK);
    assert_int_equal(p.nfitted, 1);
    assert_true(pl_forecast_params_find(&p, pl_forecast_combo)[2] == 0.5);
    pl_forecast_params_destroy(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exchange_two), cmocka_unit_test(test_exchange_three),
        cmocka_unit_test(test_rule), cmocka_unit_test(test_combo_defaults_and_params)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
