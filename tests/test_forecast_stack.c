/*
 * test_forecast_stack.c: the institutional stack model (src/forecast/stack.c). The exact LAD
 * solver and the fitted weights on hand-made problems whose solution is worked out by hand, the
 * untrained defaults (= compromise), and the leave-one-proposal-out figure on DEU III against an
 * independent Python implementation (exact LP by a separate tableau code, same bases).
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

#include "forecast/forecast_internal.h"
#include <parley/pl_io.h>

#include "test_util.h"

/* Two bases a = 0 and b = 10 on three rows with outcomes 3, 4, 8: the forecast is the constant
 * 10 (1 - w_a), and sum |y - f| is minimised by the median outcome 4, so w = (0.6, 0.4). */
static void lad_median(void **state)
{
    (void)state;
    const double X[] = {0, 10, 0, 10, 0, 10};
    const double y[] = {3, 4, 8};
    double w[2];
    assert_int_equal(pl_i_stack_lad(X, y, 3, 2, w), PL_OK);
    assert_close(w[0], 0.6, 1e-9);
    assert_close(w[1], 0.4, 1e-9);
}

/* Outcomes outside the range of the bases: the simplex binds. Bases (20, 30), outcomes 50, 60,
 * 70: every convex combination lies in [20, 30], so the best is all weight on 30. */
static void lad_vertex(void **state)
{
    (void)state;
    const double X[] = {20, 30, 20, 30, 20, 30};
    const double y[] = {50, 60, 70};
    double w[2];
    assert_int_equal(pl_i_stack_lad(X, y, 3, 2, w), PL_OK);
    assert_close(w[0], 0.0, 1e-9);
    assert_close(w[1], 1.0, 1e-9);
}

/* A DEU-like problem: actors com, ep, de, fr with capabilities 1, 1, 2, 1 and salience 1. */
static void problem(pl_forecast_input_t *in, double com, double ep, double de, double fr, double ref,
                    pl_forecast_rule rule)
{
    pl_forecast_input_init(in);
    assert_int_equal(pl_forecast_input_setup(in, 4, 1), PL_OK);
    const double x[4] = {com, ep, de, fr}, c[4] = {1, 1, 2, 1};
    for (size_t a = 0; a < 4; a++) {
        in->position[a] = x[a];
        in->salience[a] = 1;
        in->capability[a] = c[a];
    }
    in->reference[0] = ref;
    in->commission = 0;
    in->parliament = 1;
    in->rule = rule;
    in->proc = PL_PROC_COD;
}

/*
 * Seven QMV problems whose outcome is 0.25 x Commission + 0.75 x the plain mean of the member
 * states (worked by hand: e.g. (0, 100, 50, 50) -> 0.25*0 + 0.75*50 = 37.5). The base matrix has
 * rank 5 (comp = (com + ep)/5 + 3/5 ccomp whenever the saliences are equal), but the only other
 * exact solutions w + t (1, -1/5, -1/5, -3/5, 0, 0) leave the simplex for t != 0 (comp needs
 * t >= 0, ep needs t <= 0), so the LAD optimum (error 0) is unique: (0, 0.25, 0, 0, 0.75, 0).
 * No unanimity problem is given, so that group keeps the defaults (all weight on comp).
 */
static void fit_by_hand(void **state)
{
    (void)state;
    static const double P[7][6] = {
        {0, 100, 50, 50, 0, 37.5},   {100, 0, 20, 60, 0, 55},    {40, 80, 0, 100, 100, 47.5},
        {60, 20, 100, 0, 50, 52.5},  {80, 40, 30, 70, 20, 57.5}, {20, 60, 90, 10, 100, 42.5},
        {50, 50, 10, 30, 60, 27.5}};
    pl_forecast_input_t in[7];
    const pl_forecast_input_t *train[7];
    const double *out[7];
    for (size_t k = 0; k < 7; k++) {
        problem(&in[k], P[k][0], P[k][1], P[k][2], P[k][3], P[k][4], PL_RULE_QMV);
        train[k] = &in[k];
        out[k] = &P[k][5];
    }
    const pl_forecast_model_type *m = pl_forecast_model_find("stack");
    assert_non_null(m);
    assert_int_equal(m->nparams, 12);
    double th[12];
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(m->fit(train, out, 7, th, &err), PL_OK);
    const double want[12] = {0, 0.25, 0, 0, 0.75, 0, 1, 0, 0, 0, 0, 0};
    for (size_t p = 0; p < 12; p++) assert_close(th[p], want[p], 1e-9);

    /* Forecast with the fitted weights: QMV (10, 90, 40, 80) -> 0.25*10 + 0.75*60 = 47.5;
     * the same problem under unanimity -> compromise (10 + 90 + 80 + 80)/5 = 52. */
    pl_forecast_options_t o;
    pl_forecast_options_init(&o);
    o.params = th;
    pl_forecast_input_t q;
    pl_forecast_result_t r;
    pl_forecast_result_init(&r);
    problem(&q, 10, 90, 40, 80, 0, PL_RULE_QMV);
    assert_int_equal(pl_forecast_run(m, &q, &o, &r, &err), PL_OK);
    assert_close(r.forecast[0], 47.5, 1e-9);
    q.rule = PL_RULE_UNAN;
    assert_int_equal(pl_forecast_run(m, &q, &o, &r, &err), PL_OK);
    assert_close(r.forecast[0], 52, 1e-9);
    /* untrained defaults: the compromise, whatever the rule */
    assert_int_equal(pl_forecast_run(m, &q, NULL, &r, &err), PL_OK);
    assert_close(r.forecast[0], 52, 1e-9);
    pl_forecast_result_destroy(&r);
    pl_forecast_input_destroy(&q);
    for (size_t k = 0; k < 7; k++) pl_forecast_input_destroy(&in[k]);
    pl_error_destroy(&err);
}

/* Missing institutions and reference fall back to the compromise: with only member states and
 * no reference, a weight of 1 on com, ep or ref gives the compromise (2*40 + 70)/3 = 50, and a
 * weight of 1 on cmean the plain mean 55. */
static void fallbacks(void **state)
{
    (void)state;
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    assert_int_equal(pl_forecast_input_setup(&in, 2, 1), PL_OK);
    in.position[0] = 40;
    in.position[1] = 70;
    in.capability[0] = 2;
    in.capability[1] = 1;
    in.salience[0] = in.salience[1] = 0.5;
    const pl_forecast_model_type *m = pl_forecast_stack;
    const double want[6] = {50, 50, 50, 50, 55, 50};
    pl_forecast_result_t r;
    pl_forecast_result_init(&r);
    pl_error_t err;
    pl_error_init(&err);
    for (size_t b = 0; b < 6; b++) {
        double th[12] = {0};
        th[b] = 1;
        pl_forecast_options_t o;
        pl_forecast_options_init(&o);
        o.params = th;
        assert_int_equal(pl_forecast_run(m, &in, &o, &r, &err), PL_OK);
        assert_close(r.forecast[0], want[b], 1e-9);
    }
    pl_forecast_result_destroy(&r);
    pl_forecast_input_destroy(&in);
    pl_error_destroy(&err);
}

/* DEU III development half, leave-one-proposal-out: an independent Python implementation (its
 * own TSV reading, bases and tableau LP) gives MAE 21.6144 overall, QMV 22.2210, Unan 19.7620,
 * COD 20.3940, CNS 23.2077. */
static void deu_cv(void **state)
{
    (void)state;
    const char *dir = getenv("PL_SHARED_DATA");
    if (!dir) skip();
    char ip[4096], ap[4096];
    snprintf(ip, sizeof ip, "%s/deu3/issues.tsv", dir);
    snprintf(ap, sizeof ap, "%s/deu3/actors.tsv", dir);
    FILE *f = fopen(ip, "r");
    if (!f) skip();
    fclose(f);
    pl_error_t err;
    pl_error_init(&err);
    pl_deu_t *d = NULL;
    assert_int_equal(pl_io_load_deu(ip, ap, &d, &err), PL_OK);
    const pl_forecast_model_type *models[1] = {pl_forecast_stack};
    pl_backtest_options_t o;
    pl_backtest_options_init(&o);
    o.models = models;
    o.nmodels = 1;
    o.cv = true;
    pl_backtest_result_t r;
    pl_backtest_result_init(&r);
    assert_int_equal(pl_backtest_run(d, &o, &r, &err), PL_OK);
    assert_int_equal(r.nissues, 166);
    assert_close(r.mae[0], 21.6144, 5e-4);
    assert_close(r.group_mae[0], 22.2210, 5e-4);
    assert_close(r.group_mae[1], 19.7620, 5e-4);
    assert_close(r.group_mae[2], 20.3940, 5e-4);
    assert_close(r.group_mae[3], 23.2077, 5e-4);
    pl_backtest_result_destroy(&r);
    pl_deu_free(d);
    pl_error_destroy(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lad_median), cmocka_unit_test(lad_vertex), cmocka_unit_test(fit_by_hand),
        cmocka_unit_test(fallbacks),  cmocka_unit_test(deu_cv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
