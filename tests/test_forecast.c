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
#include <parley/pl_io.h>
#include <parley/pl_model.h>

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
    assert_int_equal(pl_io_load_bdm(p, in, &err), PL_OK);
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
    /* the full model: every recorded move goes from the actor's position before that round to
     * a point between it and its challenger's (inclusive), and the forecast is the c s
     * weighted mean of the final positions (recomputed here from the trajectory) */
    pl_forecast_options_t o;
    pl_forecast_options_init(&o);
    o.trajectory = true;
    pl_forecast_result_t res;
    pl_forecast_result_init(&res);
    assert_int_equal(pl_forecast_run(pl_forecast_eum, &in, &o, &res, NULL), PL_OK);
    assert_true(res.nmoves > 0);
    for (size_t k = 0; k < res.nmoves; k++) {
        const pl_forecast_move_t *mv = &res.moves[k];
        const double *before = res.trajectory + (size_t)(mv->round - 1) * n;
        assert_close(mv->from, before[mv->actor], 0);
        double lo = fmin(before[mv->actor], before[mv->by]), hi = fmax(before[mv->actor], before[mv->by]);
        assert_true(mv->to >= lo - 1e-12 && mv->to <= hi + 1e-12 && mv->to != mv->from);
        if (mv->kind != PL_FORECAST_MOVE_COMPROMISE) assert_close(mv->to, before[mv->by], 0);
        assert_close(res.trajectory[(size_t)mv->round * n + mv->actor], mv->to, 0);
    }
    const double *last = res.trajectory + (size_t)res.nrounds * n;
    double sw = 0, swx = 0;
    for (size_t a = 0; a < n; a++) {
        sw += c[a] * s[a];
        swx += c[a] * s[a] * last[a];
    }
    assert_close(res.forecast[0], swx / sw, 1e-9);
    pl_forecast_result_destroy(&res);
    pl_forecast_input_destroy(&in);
}

/* One dimension on [0, 10]; positions, capabilities and saliences per actor. */
static void small_input(pl_forecast_input_t *in, size_t n, const double *x, const double *c,
                        const double *s)
{
    pl_forecast_input_init(in);
    assert_int_equal(pl_forecast_input_setup(in, n, 1), PL_OK);
    in->lo[0] = 0;
    in->hi[0] = 10;
    for (size_t a = 0; a < n; a++) {
        in->position[a] = x[a];
        in->capability[a] = c[a];
        in->salience[a] = s[a];
    }
}

static void expect_move(const pl_forecast_move_t *mv, unsigned round, size_t actor, size_t by,
                        pl_forecast_move_kind kind, double from, double to)
{
    assert_int_equal(mv->round, round);
    assert_int_equal(mv->actor, actor);
    assert_int_equal(mv->by, by);
    assert_int_equal(mv->dim, 0);
    assert_int_equal(mv->kind, kind);
    assert_close(mv->from, from, 1e-12);
    assert_close(mv->to, to, 1e-9);
}

/* EUM, worked by hand from docs/models.md. A at 0 (c 3, s 1), B at 10 (c 1, s 1), C at 10
 * (c 1, s 0.5), delta 10. Where d = 1 (the only distance but 0 here): U_s = 2, U_f = -2 for
 * every r, U_sq = 2 - 4 * 0.5^r, so EU_ij = 4 (0.5^r_i - s_j (1 - P_ij)); at d = 0 EU = 0.
 * Round 1: votes on (A, B): A +3, B -1, C -0.5, so P_AB = P_AC = 2/3, P_BA = P_CA = 1/3.
 *   r = 1: EU_AB = 2/3, EU_AC = 4/3, EU_BA = EU_CA = -2/3; S = (-4/3, 2/3, 4/3), so
 *   R = (-1, 1/2, 1) and r = (2, 5/7, 1/2).
 *   With r: EU_AB = 4 (1/4 - 1/3) = -1/3, EU_AC = 4 (1/4 - 1/6) = 1/3,
 *   EU_BA = 4 (2^(-5/7) - 2/3) < 0, EU_CA = 4 (sqrt(1/2) - 2/3) = 0.1618 > 0.
 *   (A, C) is a conflict A wins (P_AC = 2/3 > 1/2): C moves to 0. Nothing moves B.
 * Round 2: A 0, B 10, C 0. Votes on (A, B): A +3, B -1, C +0.5: P_AB = P_CB = 7/9.
 *   r = 1: EU_AB = EU_CB = 10/9, EU_BA = -10/9, EU_BC = 4/9; S = (-10/9, 20/9, 4/9), so
 *   R = (-1, 1, -1/15) and r = (2, 1/2, 23/22).
 *   With r: EU_AB = 4 (1/4 - 2/9) = 1/9 > 0, EU_BA = 4 (sqrt(1/2) - 7/9) < 0 with
 *   |EU_BA| = 0.2827 >= 1/9: B capitulates to A (0). C's conflict offer (P_CB = 7/9) also
 *   moves B by 10: the tie goes to the first challenger, A.
 * Round 3: all at 0, every EU is 0, nobody moves: converged, forecast 0. */
static void test_eum_conflict_capitulation_by_hand(void **state)
{
    (void)state;
    const double x[] = {0, 10, 10}, c[] = {3, 1, 1}, s[] = {1, 1, 0.5};
    pl_forecast_input_t in;
    small_input(&in, 3, x, c, s);
    double P[9], EU1[9], EU[9], r[3];
    pl_i_eum_pairs(3, x, c, s, 10, NULL, false, P, EU1);
    assert_close(P[0 * 3 + 1], 2.0 / 3, 1e-12);
    assert_close(P[1 * 3 + 0], 1.0 / 3, 1e-12);
    assert_close(EU1[0 * 3 + 1], 2.0 / 3, 1e-12);
    assert_close(EU1[0 * 3 + 2], 4.0 / 3, 1e-12);
    assert_close(EU1[2 * 3 + 0], -2.0 / 3, 1e-12);
    assert_close(EU1[1 * 3 + 2], 0, 1e-12);
    pl_i_eum_risk(3, EU1, r);
    assert_close(r[0], 2, 1e-12);
    assert_close(r[1], 5.0 / 7, 1e-12);
    assert_close(r[2], 0.5, 1e-12);
    pl_i_eum_pairs(3, x, c, s, 10, r, true, P, EU);
    assert_close(EU[0 * 3 + 1], -1.0 / 3, 1e-12);
    assert_close(EU[0 * 3 + 2], 1.0 / 3, 1e-12);
    assert_close(EU[1 * 3 + 0], 4 * (pow(2, -5.0 / 7) - 2.0 / 3), 1e-12);
    assert_close(EU[2 * 3 + 0], 4 * (sqrt(0.5) - 2.0 / 3), 1e-12);

    pl_forecast_options_t o;
    pl_forecast_options_init(&o);
    o.trajectory = true;
    pl_forecast_result_t res;
    pl_forecast_result_init(&res);
    assert_int_equal(pl_forecast_run(pl_forecast_eum, &in, &o, &res, NULL), PL_OK);
    assert_int_equal(res.nmoves, 2);
    expect_move(&res.moves[0], 1, 2, 0, PL_FORECAST_MOVE_CONFLICT, 10, 0);
    expect_move(&res.moves[1], 2, 1, 0, PL_FORECAST_MOVE_CAPITULATE, 10, 0);
    assert_true(res.converged);
    assert_int_equal(res.nrounds, 3); /* the third round is played and moves nobody */
    /* trajectory[(t * nactors + a)]: after round 1 only C has moved */
    assert_close(res.trajectory[1 * 3 + 0], 0, 0);
    assert_close(res.trajectory[1 * 3 + 1], 10, 0);
    assert_close(res.trajectory[1 * 3 + 2], 0, 0);
    assert_close(res.trajectory[2 * 3 + 1], 0, 0);
    assert_close(res.forecast[0], 0, 1e-12);
    pl_forecast_result_destroy(&res);
    pl_forecast_input_destroy(&in);
}

/* EUM compromise, by hand. A at 0 (s 0.5), B at 5 (s 1), C at 10 (s 0.5), all c 1, delta 10.
 * (B, A): d = 1/2, votes A -0.25, B +0.5, C +0.25: P_BA = 3/4, P_AB = 1/4. (A, C): d = 1,
 * votes +0.5, 0, -0.5: P = 1/2. With r = 1 at d = 1/2 (U_s 1, U_f -1, U_sq 0):
 * EU_BA = 0.5 * 0.5 + 0.5 = 3/4, EU_AB = -1/2; at d = 1: EU_AC = EU_CA = 1. S_A = S_C = 7/4,
 * S_B = -1: r = (1/2, 2, 1/2). With r: EU_BA = 0.5 (3/4 * 1.75 + 1/4 * -0.25) + 0.5 * 1.75 - 1
 * = 1/2; EU_AB = 3/4 (2 - 4 sqrt(3/4)) - (2 - 4 sqrt(1/2)) = -0.26965, |EU_AB| < EU_BA: A
 * compromises to 0 + 5 |EU_AB| / (1/2) = 10 |EU_AB|, and C symmetrically to 10 - 10 |EU_AB|.
 * (A, C) is a conflict with P = 1/2: a tie moves nobody. One round only (max_rounds 1). */
static void test_eum_compromise_by_hand(void **state)
{
    (void)state;
    const double x[] = {0, 5, 10}, c[] = {1, 1, 1}, s[] = {0.5, 1, 0.5};
    pl_forecast_input_t in;
    small_input(&in, 3, x, c, s);
    double eab = 0.75 * (2 - 4 * sqrt(0.75)) - (2 - 4 * sqrt(0.5));
    pl_forecast_options_t o;
    pl_forecast_options_init(&o);
    o.trajectory = true;
    o.max_rounds = 1;
    pl_forecast_result_t res;
    pl_forecast_result_init(&res);
    assert_int_equal(pl_forecast_run(pl_forecast_eum, &in, &o, &res, NULL), PL_OK);
    assert_int_equal(res.nmoves, 2);
    expect_move(&res.moves[0], 1, 0, 1, PL_FORECAST_MOVE_COMPROMISE, 0, 10 * fabs(eab));
    expect_move(&res.moves[1], 1, 2, 1, PL_FORECAST_MOVE_COMPROMISE, 10, 10 - 10 * fabs(eab));
    assert_close(res.moves[0].to, 2.69649, 1e-5);
    assert_false(res.converged); /* stopped by the cap while still moving */
    assert_int_equal(res.nrounds, 1);
    /* weights c s = (1/2, 1, 1/2) on a symmetric configuration: the mean stays at 5 */
    assert_close(res.forecast[0], 5, 1e-12);
    pl_forecast_result_destroy(&res);
    pl_forecast_input_destroy(&in);
}

static double run_params(const pl_forecast_input_t *in, const double *params)
{
    pl_forecast_options_t o;
    pl_forecast_options_init(&o);
    o.params = params;
    pl_forecast_result_t r;
    pl_forecast_result_init(&r);
    assert_int_equal(pl_forecast_run(pl_forecast_procedural, in, &o, &r, NULL), PL_OK);
    double v = r.forecast[0];
    pl_forecast_result_destroy(&r);
    return v;
}

/* Procedural model (docs/models.md): f = sum w x / sum w, w = c^alpha s^beta m, then
 * f += gamma_rule (ref - f), clamped. Parameters (alpha, beta, m_com, m_ep_cod, m_ep_cns,
 * gamma_qmv, gamma_unan). Member state M at 20 (c 4, s 0.5), Commission at 80 (c 1, s 1),
 * Parliament at 60 (c 2, s 0.25), scale 0-100, reference 0. */
static void test_procedural_by_hand(void **state)
{
    (void)state;
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    assert_int_equal(pl_forecast_input_setup(&in, 3, 1), PL_OK);
    const double x[] = {20, 80, 60}, c[] = {4, 1, 2}, s[] = {0.5, 1, 0.25};
    for (size_t a = 0; a < 3; a++) {
        in.position[a] = x[a];
        in.capability[a] = c[a];
        in.salience[a] = s[a];
    }
    in.commission = 1;
    in.parliament = 2;
    in.reference[0] = 0;
    in.rule = PL_RULE_QMV;
    in.proc = PL_PROC_COD;
    /* defaults (1, 1, 1, 1, 1, 0, 0): the compromise, weights c s = 2, 1, 0.5 */
    assert_close(run1(pl_forecast_procedural, &in, 0), (40 + 80 + 30) / 3.5, 1e-12);
    const double th[] = {2, 0.5, 1.5, 0.5, 2, 0.2, -0.1};
    /* COD, QMV: w_M = 16 sqrt(0.5), w_com = 1 * 1 * 1.5, w_EP = 4 * 0.5 * 0.5 = 1 */
    double wm = 16 * sqrt(0.5), mean = (wm * 20 + 1.5 * 80 + 1 * 60) / (wm + 2.5);
    assert_close(run_params(&in, th), mean + 0.2 * (0 - mean), 1e-12);
    /* CNS, unanimity: w_EP = 4 * 0.5 * 2 = 4; gamma -0.1 pushes away from the reference */
    in.proc = PL_PROC_CNS;
    in.rule = PL_RULE_UNAN;
    mean = (wm * 20 + 1.5 * 80 + 4 * 60) / (wm + 5.5);
    assert_close(run_params(&in, th), mean - 0.1 * (0 - mean), 1e-12);
    /* the same on a scale ending at 30 (f = 34.2 before the clamp) */
    in.hi[0] = 30;
    assert_true(1.1 * mean > 30);
    assert_close(run_params(&in, th), 30, 0);
    pl_forecast_input_destroy(&in);
}

/* Fitting by hand: two problems with two member states at 0 and 100 (c 1, s 1), so the
 * untrained forecast is 50. Problem 1 (QMV, reference 100, outcome 60) is met exactly by
 * gamma_qmv = 0.2; problem 2 (unanimity, reference 0, outcome 45) by gamma_unan = 0.1. The other
 * parameters cannot change the loss (equal weights, no Commission or Parliament), so the
 * coordinate descent keeps their defaults. */
static void test_procedural_fit_by_hand(void **state)
{
    (void)state;
    pl_forecast_input_t p[2];
    const double refs[] = {100, 0};
    const pl_forecast_rule rules[] = {PL_RULE_QMV, PL_RULE_UNAN};
    for (int k = 0; k < 2; k++) {
        pl_forecast_input_init(&p[k]);
        assert_int_equal(pl_forecast_input_setup(&p[k], 2, 1), PL_OK);
        p[k].position[0] = 0;
        p[k].position[1] = 100;
        p[k].salience[0] = p[k].salience[1] = 1;
        p[k].reference[0] = refs[k];
        p[k].rule = rules[k];
    }
    const pl_forecast_input_t *train[] = {&p[0], &p[1]};
    const double y0[] = {60}, y1[] = {45};
    const double *outcome[] = {y0, y1};
    assert_int_equal(pl_forecast_procedural->nparams, 7);
    double th[7];
    assert_int_equal(pl_forecast_procedural->fit(train, outcome, 2, th, NULL), PL_OK);
    const double want[] = {1, 1, 1, 1, 1, 0.2, 0.1};
    for (int i = 0; i < 7; i++) assert_close(th[i], want[i], 1e-12);
    assert_close(run_params(&p[0], th), 60, 1e-12);
    assert_close(run_params(&p[1], th), 45, 1e-12);
    pl_forecast_input_destroy(&p[0]);
    pl_forecast_input_destroy(&p[1]);
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
    assert_int_equal(pl_io_load_deu(issues, pa, &d, &err), PL_OK);
    const pl_forecast_model_type *ms[] = {pl_forecast_compromise, pl_forecast_median};
    pl_backtest_options_t o;
    pl_backtest_options_init(&o);
    o.models = ms;
    o.nmodels = 2;
    pl_backtest_result_t r;
    pl_backtest_result_init(&r);
    assert_int_equal(pl_backtest_run(d, &o, &r, &err), PL_OK);
    /* README: compromise about 23.0, median about 28.9 */
    assert_close(r.mae[0], 23.0, 0.1);
    assert_close(r.mae[1], 28.9, 0.1);
    assert_true(r.group_n[0] + r.group_n[1] <= r.nissues && r.group_n[0] > 100);
    pl_backtest_result_destroy(&r);
    /* cross-validated procedural model: docs/models.md's table, MAE (votes) 24.28 */
    const pl_forecast_model_type *mp[] = {pl_forecast_procedural};
    pl_backtest_options_t o2;
    pl_backtest_options_init(&o2);
    o2.models = mp;
    o2.nmodels = 1;
    o2.capability = PL_CAP_VOTES;
    o2.cv = true;
    assert_int_equal(pl_backtest_run(d, &o2, &r, &err), PL_OK);
    assert_close(r.mae[0], 24.28, 0.005);
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
    expect_error(pl_io_load_bdm(p, &in, &err), &err, ":2:5:", "not a number");
    remove(p);
    pl_error_clear(&err);
    p = write_tmp("badhdr.csv", "actor,clout,position,salience\n");
    expect_error(pl_io_load_bdm(p, &in, &err), &err, ":1:7:", "'capability'");
    remove(p);
    pl_error_clear(&err);
    p = write_tmp("k.csv", "n,d,2,1\nActor,Desc,Influence,X Position,X Salience\nA,a,1,50,50\nB,b,1,50\n");
    expect_error(pl_io_load_ktab(p, &in, &err), &err, ":4:", "columns");
    remove(p);
    pl_error_clear(&err);
    p = write_tmp("k2.csv", "n,d,1,1\nActor,Desc,Influence,X Position,X Salience\nA,a,1,150,50\n");
    expect_error(pl_io_load_ktab(p, &in, &err), &err, ":3:7:", "[0, 100]");
    remove(p);
    pl_error_clear(&err);
    const char *pa = write_tmp("a.tsv", "actor\tgdp_weight\tcouncil_votes_nice\ncom\t4.1\t\nfr\tlots\t29\n");
    char acts[512];
    snprintf(acts, sizeof acts, "%s", pa);
    pl_deu_t *d = NULL;
    const char *pi = write_tmp("i.tsv", "prnr\tisnr\tprname\tproc\tcounvte\trp\tout\tpcom\tscom\tpfr\tsfr\n");
    expect_error(pl_io_load_deu(pi, acts, &d, &err), &err, ":3:4:", "gdp_weight");
    assert_null(d);
    remove(pa);
    remove(pi);
    pl_error_destroy(&err);
}

/* A scenario's forecast counts only the parties that state positions (docs/models.md): on the
 * Doha example Israel (clout 0.9) and Hamas (0.5), not the factions (default clout 1) nor the
 * mediators; every issue there is ordered or numeric. Positions by hand from the YAML. */
static void test_scenario_doha(void **state)
{
    (void)state;
    const char *src = getenv("PL_SOURCE_DIR");
    if (!src) skip();
    char path[1024];
    snprintf(path, sizeof path, "%s/examples/doha-2024.yaml", src);
    pl_scenario_t *sc = NULL;
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_scenario_load(path, NULL, &sc, &err), PL_OK);
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    assert_int_equal(pl_forecast_input_from_model(m, &in, &err), PL_OK);
    assert_int_equal(in.nactors, 2);
    assert_string_equal(in.actor[0], "Israel");
    assert_string_equal(in.actor[1], "Hamas");
    assert_close(in.capability[0], 0.9, 1e-12);
    assert_close(in.capability[1], 0.5, 1e-12);
    static const char *const dims[] = {"ceasefire", "withdrawal", "Philadelphi corridor",
                                       "return north", "captive release", "prisoner ratio",
                                       "reconstruction"};
    assert_int_equal(in.ndims, 7);
    for (size_t d = 0; d < 7; d++) {
        assert_string_equal(in.dim[d], dims[d]);
        assert_int_equal(pl_forecast_scenario_issue(m, d), PL_FORECAST_USED);
    }
    for (size_t a = 0; a < pl_model_nactors(m); a++) {
        const char *n = pl_model_actor_name(m, a);
        bool want = strcmp(n, "Israel") == 0 || strcmp(n, "Hamas") == 0;
        if (pl_forecast_scenario_actor(m, a) != want) fail_msg("actor %s counted: %d", n, !want);
    }
    /* ceasefire [temporary, phased, permanent]: Israel temporary 0.9, Hamas permanent 0.9 */
    assert_close(in.position[0 * 7 + 0], 0, 0);
    assert_close(in.position[1 * 7 + 0], 2, 0);
    assert_close(in.salience[0 * 7 + 0], 0.9, 1e-12);
    /* prisoner ratio: 10 and 50 on the scale 10-50 */
    assert_close(in.lo[5], 10, 0);
    assert_close(in.hi[5], 50, 0);
    assert_close(in.position[1 * 7 + 5], 50, 0);
    /* the compromise on ceasefire: (0.9 * 0.9 * 0 + 0.5 * 0.9 * 2) / (0.9 * 0.9 + 0.5 * 0.9) */
    pl_forecast_result_t r;
    pl_forecast_result_init(&r);
    assert_int_equal(pl_forecast_run(pl_forecast_compromise, &in, NULL, &r, &err), PL_OK);
    assert_close(r.forecast[0], 0.9 / 1.26, 1e-12);
    pl_forecast_result_destroy(&r);
    pl_forecast_input_destroy(&in);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

/* Which issues a scenario's forecast leaves out and why; who counts; the errors. */
static void test_scenario_left_out(void **state)
{
    (void)state;
    static const char *const y =
        "parley: 1\nissues:\n"
        "  cat: {type: categorical, options: [a, b]}\n"
        "  ord: {type: ordered, options: [lo, mid, hi]}\n"
        "  med: {type: ordered, options: [lo, hi]}\n"
        "  num: {type: integer, range: [0, 10]}\n"
        "actors:\n"
        "  A: {stance: {cat: {position: a}, ord: {position: lo}, num: {position: 2}}}\n"
        "  B: {clout: 3, stance: {ord: {position: hi, salience: 0.5}}}\n"
        "  F: {role: faction, party: A, stance: {ord: {position: mid}, num: {position: 9}}}\n"
        "  M: {role: mediator, stance: {med: {position: hi}, ord: {position: mid}}}\n"
        "  X: {role: external, stance: {num: {position: 10}}}\n";
    pl_scenario_t *sc = NULL;
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_scenario_load_yaml_string(y, strlen(y), "t", NULL, &sc, &err), PL_OK);
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    assert_int_equal(pl_forecast_scenario_issue(m, 0), PL_FORECAST_UNORDERED);
    assert_int_equal(pl_forecast_scenario_issue(m, 1), PL_FORECAST_USED);
    assert_int_equal(pl_forecast_scenario_issue(m, 2), PL_FORECAST_NO_POSITION); /* a mediator's only */
    assert_int_equal(pl_forecast_scenario_issue(m, 3), PL_FORECAST_USED);
    assert_string_equal(pl_forecast_use_reason(PL_FORECAST_USED), "");
    assert_non_null(strstr(pl_forecast_use_reason(PL_FORECAST_UNORDERED), "without an order"));
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    assert_int_equal(pl_forecast_input_from_model(m, &in, &err), PL_OK);
    assert_int_equal(in.ndims, 2);
    assert_string_equal(in.dim[0], "ord");
    assert_string_equal(in.dim[1], "num");
    assert_int_equal(in.nactors, 2);
    assert_string_equal(in.actor[1], "B");
    assert_close(in.capability[0], 1, 0); /* unwritten clout */
    assert_close(in.capability[1], 3, 0);
    assert_true(isnan(in.position[1 * 2 + 1])); /* B states nothing on num */
    /* num: only A's 2 counts (not F's 9 nor X's 10) */
    pl_forecast_result_t r;
    pl_forecast_result_init(&r);
    assert_int_equal(pl_forecast_run(pl_forecast_compromise, &in, NULL, &r, &err), PL_OK);
    assert_close(r.forecast[1], 2, 1e-12);
    /* ord: A lo (0) weight 1 x 1, B hi (2) weight 3 x 0.5: 3 / 2.5 */
    assert_close(r.forecast[0], 3.0 / 2.5, 1e-12);
    pl_forecast_result_destroy(&r);
    pl_forecast_input_destroy(&in);
    pl_model_free(m);
    pl_scenario_free(sc);
    /* no party with a position: said, with a pointer to the rule */
    static const char *const y2 =
        "parley: 1\nissues: {x: {type: integer, range: [0, 5]}}\n"
        "actors:\n  A: {reservation: 0}\n  F: {role: faction, party: A, stance: {x: {position: 1}}}\n";
    assert_int_equal(pl_scenario_load_yaml_string(y2, strlen(y2), "t2", NULL, &sc, &err), PL_OK);
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    pl_forecast_input_init(&in);
    assert_int_equal(pl_forecast_input_from_model(m, &in, &err), PL_EINVAL);
    assert_non_null(strstr(err.message, "no party of scenario"));
    pl_forecast_input_destroy(&in);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

/* The registry: count, index and name agree with the NULL-terminated list, in report order;
 * the backtest options start at their documented defaults. */
static void test_registry_and_options(void **state)
{
    (void)state;
    const pl_forecast_model_type *const *all = pl_forecast_models();
    size_t n = 0;
    while (all[n]) n++;
    assert_int_equal(pl_forecast_model_count(), n);
    assert_int_equal(n, 12);
    for (size_t i = 0; i < n; i++) {
        assert_ptr_equal(pl_forecast_model_at(i), all[i]);
        assert_ptr_equal(pl_forecast_model_find(all[i]->name), all[i]);
    }
    assert_null(pl_forecast_model_at(n));
    assert_null(pl_forecast_model_find("nope"));
    assert_ptr_equal(pl_forecast_model_at(0), pl_forecast_median);
    assert_string_equal(pl_forecast_model_at(2)->name, "compromise");
    pl_backtest_options_t o;
    memset(&o, 0xff, sizeof o);
    pl_backtest_options_init(&o);
    assert_null(o.models);
    assert_int_equal(o.nmodels, 0);
    assert_int_equal(o.capability, PL_CAP_GDP);
    assert_false(o.cv);
    assert_null(o.params);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_and_options),
        cmocka_unit_test(test_ec_static),      cmocka_unit_test(test_ec_eum_first_round),
        cmocka_unit_test(test_eum_conflict_capitulation_by_hand),
        cmocka_unit_test(test_eum_compromise_by_hand),
        cmocka_unit_test(test_procedural_by_hand),
        cmocka_unit_test(test_procedural_fit_by_hand),
        cmocka_unit_test(test_nash_by_hand),   cmocka_unit_test(test_deu_readme_figures),
        cmocka_unit_test(test_import_errors),
        cmocka_unit_test(test_scenario_doha),
        cmocka_unit_test(test_scenario_left_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
