/*
 * test_forecast.c: forecasting models against values worked out independently: the EC
 * emission-standards example (Bueno de Mesquita), hand-solved Nash problems, the DEU III
 * figures quoted in the data README, and importer error positions.
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
#include <unistd.h>

#include "forecast/forecast_internal.h"

#include "test_util.h"

static char path_buf[4096];

static const char *shared(const char *rel)
{
    const char *d = getenv("PL_SHARED_DATA");
    if (!d) return NULL;
    snprintf(path_buf, sizeof path_buf, "%s/%s", d, rel);
    FILE *f = fopen(path_buf, "r");
    if (!f) return NULL;
    fclose(f);
    return path_buf;
}

static double run1(const pl_forecast_model_type *m, const pl_forecast_input_t *in, size_t d)
{
    pl_forecast_result_t r;
    pl_forecast_result_init(&r);
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_forecast_run(m, in, NULL, &r, &err), PL_OK);
    double v = r.forecast[d];
    pl_forecast_result_destroy(&r);
    pl_error_destroy(&err);
    return v;
}

/* EC example: order in the file: Netherlands, Belgium, Luxembourg, Germany, France, Italy, UK,
 * Ireland, Denmark, Greece. */
static int load_ec(pl_forecast_input_t *in)
{
    const char *p = shared("bdm/ec-emissions.csv");
    if (!p) return 0;
    pl_error_t err;
    pl_error_init(&err);
    pl_forecast_input_init(in);
    assert_int_equal(pl_forecast_load_bdm(p, in, &err), PL_OK);
    pl_error_destroy(&err);
    assert_int_equal(in->nactors, 10);
    return 1;
}

static void test_ec_static(void **state)
{
    (void)state;
    pl_forecast_input_t in;
    if (!load_ec(&in)) skip();
    /* the README and Bueno de Mesquita: median 7, weighted mean 7.39 */
    assert_close(run1(pl_forecast_median, &in, 0), 7.0, 1e-12);
    assert_close(run1(pl_forecast_wmedian, &in, 0), 7.0, 1e-12);
    assert_close(run1(pl_forecast_compromise, &in, 0), 7.39, 0.005);
    /* hand: weights c*s at 4: 24.8, at 7: 9.3, at 10: 33.6 -> 500.3 / 67.7 */
    assert_close(run1(pl_forecast_compromise, &in, 0), 500.3 / 67.7, 1e-9);
    assert_true(in.lo[0] == 4 && in.hi[0] == 10);
    pl_forecast_input_destroy(&in);
}

static void test_ec_eum_first_round(void **state)
{
    (void)state;
    pl_forecast_input_t in;
    if (!load_ec(&in)) skip();
    size_t n = in.nactors;
    double P[100], EU1[100], EU[100], r[10];
    double delta = in.hi[0] - in.lo[0];
    const double *x = in.position, *c = in.capability, *s = in.salience;
    /* votes, by hand (delta = 6): UK (c .16, s .9) between France (10) and Germany (4) gives
     * .16*.9*(6-0)/6 = .144 to France; Belgium (7) is equidistant: 0; Netherlands: -.08*.8 */
    assert_close(pl_i_eum_vote(x, c, s, delta, 6, 4, 3), 0.144, 1e-12);
    assert_close(pl_i_eum_vote(x, c, s, delta, 1, 4, 3), 0.0, 1e-12);
    assert_close(pl_i_eum_vote(x, c, s, delta, 0, 4, 3), -0.064, 1e-12);
    pl_i_eum_pairs(n, x, c, s, delta, NULL, false, P, EU1);
    /* by hand: P(France beats Germany) = (weight at 10) / (weight at 10 + weight at 4)
     * = 33.6 / 58.4; with r = 1, EU_ij = 2 d [1 - 2 s_j (1 - P_ij)] (d = |xi-xj|/delta). */
    assert_close(P[4 * n + 3], 33.6 / 58.4, 1e-9);
    assert_close(EU1[4 * n + 3], 2 * (1 - 2 * 0.8 * (1 - 33.6 / 58.4)), 1e-9);   /* 0.641096 */
    assert_close(EU1[3 * n + 4], 2 * (1 - 2 * 0.6 * (1 - 24.8 / 58.4)), 1e-9);   /* 0.619178 */
    /* Belgium (7) vs UK (10): weight at 4 and 7 count half for Belgium, at 10 half for the UK:
     * P = (12.4 + 4.65) / (12.4 + 4.65 + 16.8); EU = 2 * .5 * (1 - 2 * .9 * (1 - P)) */
    assert_close(P[1 * n + 6], 17.05 / 33.85, 1e-9);
    assert_close(EU1[1 * n + 6], 1 - 1.8 * (1 - 17.05 / 33.85), 1e-9);             /* 0.106647 */
    /* risk exponents: values printed once by a separate 20-line Python script (closed form
     * above for EU with r = 1, S_i = sum_j EU_ji, R_i and r_i as in Scholz et al.) */
    static const double want_r[10] = {1.117181, 1.004407, 0.500000, 1.117181, 1.017582,
                                      1.017582, 2.000000, 0.648264, 1.453712, 1.556875};
    pl_i_eum_risk(n, EU1, r);
    for (size_t i = 0; i < n; i++) assert_close(r[i], want_r[i], 1e-6);
    /* EU with the risk exponents (same script): UK challenging the Netherlands and back */
    pl_i_eum_pairs(n, x, c, s, delta, r, true, P, EU);
    assert_close(EU[6 * n + 0], -0.358904, 1e-6);
    assert_close(EU[0 * n + 6], -0.227259, 1e-6);
    /* the full model runs, moves somebody, stays on the scale */
    pl_forecast_options_t o;
    pl_forecast_options_init(&o);
    o.trajectory = true;
    pl_forecast_result_t res;
    pl_forecast_result_init(&res);
    assert_int_equal(pl_forecast_run(pl_forecast_eum, &in, &o, &res, NULL), PL_OK);
    assert_true(res.nmoves > 0);
    assert_true(res.forecast[0] >= 4 && res.forecast[0] <= 10);
    pl_forecast_result_destroy(&res);
    pl_forecast_input_destroy(&in);
}

static void test_nash_by_hand(void **state)
{
    (void)state;
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    assert_int_equal(pl_forecast_input_setup(&in, 2, 1), PL_OK);
    in.position[0] = 20;
    in.position[1] = 80;
    in.salience[0] = in.salience[1] = 1;
    in.reference[0] = 0;
    /* feasible (0, 40); objective log(x) + log(40 - x) on [20, 40) peaks at 20 and grows
     * below 20: maximum 20 */
    assert_close(run1(pl_forecast_nash, &in, 0), 20, 1e-6);
    /* capability 3 for the second: 3/x = 1/(40-x) on [20, 40): x = 30 */
    in.capability[1] = 3;
    assert_close(run1(pl_forecast_nash, &in, 0), 30, 1e-6);
    /* reference between them: nothing both prefer -> the reference */
    in.reference[0] = 50;
    assert_close(run1(pl_forecast_nash, &in, 0), 50, 1e-12);
    pl_forecast_input_destroy(&in);
}

static void test_deu_readme_figures(void **state)
{
    (void)state;
    const char *pi = shared("deu3/issues.tsv");
    if (!pi) skip();
    char issues[4096];
    snprintf(issues, sizeof issues, "%s", pi);
    const char *pa = shared("deu3/actors.tsv");
    assert_non_null(pa);
    pl_deu_t *d = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_deu_load(issues, pa, &d, &err), PL_OK);
    const pl_forecast_model_type *ms[] = {pl_forecast_compromise, pl_forecast_median};
    pl_backtest_options_t o = {ms, 2, PL_CAP_GDP, false};
    pl_backtest_result_t r;
    pl_backtest_result_init(&r);
    assert_int_equal(pl_backtest_run(d, &o, &r, &err), PL_OK);
    /* README: compromise about 23.0, median about 28.9 */
    assert_close(r.mae[0], 23.0, 0.1);
    assert_close(r.mae[1], 28.9, 0.1);
    assert_true(r.group_n[0] + r.group_n[1] <= r.nissues && r.group_n[0] > 100);
    pl_backtest_result_destroy(&r);
    /* cross-validated procedural model runs and stays finite */
    const pl_forecast_model_type *mp[] = {pl_forecast_procedural};
    pl_backtest_options_t o2 = {mp, 1, PL_CAP_VOTES, true};
    assert_int_equal(pl_backtest_run(d, &o2, &r, &err), PL_OK);
    assert_true(isfinite(r.mae[0]));
    pl_backtest_result_destroy(&r);
    pl_deu_free(d);
    pl_error_destroy(&err);
}

static const char *write_tmp(const char *name, const char *text)
{
    static char p[512];
    const char *t = getenv("TMPDIR");
    snprintf(p, sizeof p, "%s/pl_test_fc_%d_%s", t ? t : "/tmp", (int)getpid(), name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static void expect_error(pl_status st, const pl_error_t *err, const char *where, const char *what)
{
    assert_int_not_equal(st, PL_OK);
    assert_true(err->ndiags > 0);
    char buf[1024];
    pl_error_format(err, 0, buf, sizeof buf);
    if (!strstr(buf, where) || !strstr(buf, what)) fail_msg("diagnostic '%s' lacks '%s' / '%s'", buf, where, what);
}

static void test_import_errors(void **state)
{
    (void)state;
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    pl_error_t err;
    pl_error_init(&err);
    const char *p = write_tmp("bad.csv", "actor,capability,position,salience\nA,1,x5,50\n");
    expect_error(pl_forecast_load_bdm(p, &in, &err), &err, ":2:5:", "not a number");
    remove(p);
    pl_error_clear(&err);
    p = write_tmp("badhdr.csv", "actor,clout,position,salience\n");
    expect_error(pl_forecast_load_bdm(p, &in, &err), &err, ":1:7:", "'capability'");
    remove(p);
    pl_error_clear(&err);
    p = write_tmp("k.csv", "n,d,2,1\nActor,Desc,Influence,X Position,X Salience\nA,a,1,50,50\nB,b,1,50\n");
    expect_error(pl_forecast_load_ktab(p, &in, &err), &err, ":4:", "columns");
    remove(p);
    pl_error_clear(&err);
    p = write_tmp("k2.csv", "n,d,1,1\nActor,Desc,Influence,X Position,X Salience\nA,a,1,150,50\n");
    expect_error(pl_forecast_load_ktab(p, &in, &err), &err, ":3:7:", "[0, 100]");
    remove(p);
    pl_error_clear(&err);
    const char *pa = write_tmp("a.tsv", "actor\tgdp_weight\tcouncil_votes_nice\ncom\t4.1\t\nfr\tlots\t29\n");
    char acts[512];
    snprintf(acts, sizeof acts, "%s", pa);
    pl_deu_t *d = NULL;
    const char *pi = write_tmp("i.tsv", "prnr\tisnr\tprname\tproc\tcounvte\trp\tout\tpcom\tscom\tpfr\tsfr\n");
    expect_error(pl_deu_load(pi, acts, &d, &err), &err, ":3:4:", "gdp_weight");
    assert_null(d);
    remove(pa);
    remove(pi);
    pl_error_destroy(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ec_static),      cmocka_unit_test(test_ec_eum_first_round),
        cmocka_unit_test(test_nash_by_hand),   cmocka_unit_test(test_deu_readme_figures),
        cmocka_unit_test(test_import_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
