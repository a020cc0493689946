/*
 * test_io_readers.c: the forecasting file readers in src/io (KTAB, BdM, DEU) through their
 * shared row reader: CRLF, blank rows, quoted fields and FILE:LINE:COL positions; format
 * sniffing; and that every out-of-memory failure of loading and forecasting carries a message.
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

#include <parley/parley.h>

#include "core/core_internal.h" /* pl_i_alloc_fail_after */

static const char *write_tmp(const char *name, const char *text)
{
    static char p[4][512];
    static int slot;
    char *q = p[slot++ % 4];
    const char *t = getenv("TMPDIR");
    snprintf(q, 512, "%s/pl_test_io_%d_%s", t ? t : "/tmp", (int)getpid(), name);
    FILE *f = fopen(q, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return q;
}

static void expect_first(const pl_error_t *err, const char *want)
{
    char buf[1024];
    assert_true(err->ndiags > 0);
    pl_error_format(err, 0, buf, sizeof buf);
    const char *tail = strchr(buf, ':'); /* drop the temporary file name */
    if (!tail || strcmp(tail, want) != 0) fail_msg("diagnostic '%s', want '...%s'", buf, want);
}

static const char *KTAB_OK = "\"Test\",\"a test\",2,1,\r\n"
                             "\r\n"
                             "Actor,Description,Influence,\"Tax Position\",Tax Salience,\r\n"
                             "A,first,10,25,80, \r\n"
                             ",,,\r\n"
                             "B,second,30,75,40\r\n";

static void test_ktab_rows(void **state)
{
    (void)state;
    pl_error_t err;
    pl_error_init(&err);
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    const char *p = write_tmp("k.csv", KTAB_OK);
    assert_int_equal(pl_io_load_ktab(p, &in, &err), PL_OK);
    assert_int_equal(in.nactors, 2);
    assert_int_equal(in.ndims, 1);
    assert_string_equal(in.dim[0], "Tax");
    assert_string_equal(in.actor[0], "A");
    assert_string_equal(in.actor[1], "B");
    assert_true(in.capability[0] == 10 && in.capability[1] == 30);
    assert_true(in.position[0] == 25 && in.position[1] == 75);
    assert_true(fabs(in.salience[0] - 0.8) < 1e-15 && fabs(in.salience[1] - 0.4) < 1e-15);
    pl_forecast_input_destroy(&in);
    /* blank lines count in the line numbers; the column is where the field starts */
    p = write_tmp("k2.csv", "n,d,2,1\n\nActor,Desc,Influence,X Position,X Salience\nA,a,1,50,50\n\n"
                            "B,b,1, 150,50\n");
    assert_int_equal(pl_io_load_ktab(p, &in, &err), PL_EPARSE);
    expect_first(&err, ":6:7: position must lie in [0, 100] (got 150)");
    assert_int_equal(in.nactors, 0);
    remove(p);
    pl_error_destroy(&err);
}

static void test_bdm_rows(void **state)
{
    (void)state;
    pl_error_t err;
    pl_error_init(&err);
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    const char *p = write_tmp("b.csv", "actor,capability,position,salience\r\n\"A\",2,10,50\r\n"
                                       " , ,\r\nB,1,30,100\r\n");
    assert_int_equal(pl_io_load_bdm(p, &in, &err), PL_OK);
    assert_int_equal(in.nactors, 2);
    assert_string_equal(in.actor[0], "A");
    assert_true(in.lo[0] == 10 && in.hi[0] == 30);
    assert_true(in.salience[0] == 0.5 && in.salience[1] == 1.0);
    pl_forecast_input_destroy(&in);
    /* every bad row is reported, not only the first */
    p = write_tmp("b2.csv", "actor,capability,position,salience\nA,-1,10,50\nB,1,x,50\n");
    assert_int_equal(pl_io_load_bdm(p, &in, &err), PL_EPARSE);
    assert_int_equal(err.ndiags, 2);
    expect_first(&err, ":2:3: capability must be >= 0 (got -1)");
    remove(p);
    pl_error_destroy(&err);
}

static void test_deu_rows(void **state)
{
    (void)state;
    pl_error_t err;
    pl_error_init(&err);
    const char *pa = write_tmp("a.tsv", "actor\tgdp_weight\tcouncil_votes_nice\r\ncom\t\t\r\n\r\nfr\t2.5\t29\r\n");
    const char *pi = write_tmp("i.tsv", "prnr\tisnr\tprname\tproc\tcounvte\trp\tout\tpcom\tscom\tpfr\tsfr\n"
                                        "d1\ti1\tarea\tCNS\tUnan\t10\t60\t20\t\t80\t50\n");
    pl_deu_t *d = NULL;
    assert_int_equal(pl_io_load_deu(pi, pa, &d, &err), PL_OK);
    assert_int_equal(d->nactors, 2);
    assert_string_equal(d->actor[1], "fr");
    assert_true(isnan(d->gdp[0]) && d->gdp[1] == 2.5 && d->votes[1] == 29);
    assert_int_equal(d->nissues, 1);
    pl_deu_issue_t *is = &d->issues[0];
    assert_int_equal(is->proc, PL_PROC_CNS);
    assert_int_equal(is->rule, PL_RULE_UNAN);
    assert_true(is->reference == 10 && is->outcome == 60);
    assert_true(is->position[0] == 20 && isnan(is->salience[0]) && is->position[1] == 80);
    /* Council votes: the Commission has none and gets the largest count (29), salience 0.5 */
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    assert_int_equal(pl_deu_issue_input(d, 0, PL_CAP_VOTES, &in, &err), PL_OK);
    assert_true(in.capability[0] == 29 && in.salience[0] == 0.5 && in.commission == 0);
    pl_forecast_input_destroy(&in);
    pl_deu_free(d);
    d = NULL;
    pi = write_tmp("i2.tsv", "prnr\tisnr\tprname\tproc\tcounvte\trp\tout\tpcom\tscom\tpfr\tsfr\n\n"
                             "d1\ti2\tarea\tCOD\tQMV\t10\t60\t20\t\t101\t50\n");
    assert_int_equal(pl_io_load_deu(pi, pa, &d, &err), PL_EPARSE);
    expect_first(&err, ":3:30: position of 'fr' '101' is not a number in [0, 100]");
    assert_null(d);
    remove(pa);
    remove(pi);
    pl_error_destroy(&err);
}

static void test_detect_format(void **state)
{
    (void)state;
    assert_int_equal(pl_io_detect_format("x.yaml"), PL_IO_FORMAT_SCENARIO);
    assert_int_equal(pl_io_detect_format("/nonexistent/folder"), PL_IO_FORMAT_SCENARIO);
    /* a .csv that cannot be read is KTAB: its loader says why */
    assert_int_equal(pl_io_detect_format("/nonexistent/x.csv"), PL_IO_FORMAT_KTAB);
    const char *p = write_tmp("f1.csv", "actor,capability,position,salience\nA,1,2,3\n");
    assert_int_equal(pl_io_detect_format(p), PL_IO_FORMAT_BDM);
    remove(p);
    p = write_tmp("f2.csv", "actor,capability_points\n");
    assert_int_equal(pl_io_detect_format(p), PL_IO_FORMAT_BDM); /* the first 16 bytes decide */
    remove(p);
    p = write_tmp("f3.csv", "actor,capabilit\n");
    assert_int_equal(pl_io_detect_format(p), PL_IO_FORMAT_KTAB);
    remove(p);
    assert_string_equal(pl_io_format_name(PL_IO_FORMAT_SCENARIO), "scenario");
    assert_string_equal(pl_io_format_name(PL_IO_FORMAT_KTAB), "ktab");
    assert_string_equal(pl_io_format_name(PL_IO_FORMAT_BDM), "bdm");
}

/* Fail the k-th allocation and every later one, k = 1, 2, ... until `step` succeeds: every
 * failure must be PL_ENOMEM with the message "out of memory" (the tool must never print a bare
 * "error: failed"). Returns the number of failing runs seen. */
typedef pl_status (*step_fn)(void *ctx, pl_error_t *err);

static size_t oom_sweep(const char *what, step_fn step, void *ctx)
{
    size_t failures = 0;
    for (size_t k = 1; k < 100000; k++) {
        pl_error_t err;
        pl_error_init(&err);
        pl_i_alloc_fail_after(k);
        pl_status s = step(ctx, &err);
        pl_i_alloc_fail_after(0);
        if (s == PL_OK) {
            pl_error_destroy(&err);
            return failures;
        }
        if (s != PL_ENOMEM || err.ndiags == 0 || !strstr(err.message, "out of memory"))
            fail_msg("%s, allocation %zu fails: status %d, message '%s' (%zu diagnostics)", what, k,
                     (int)s, err.message, err.ndiags);
        failures++;
        pl_error_destroy(&err);
    }
    fail_msg("%s never succeeded", what);
    return failures;
}

static pl_status step_ktab(void *ctx, pl_error_t *err)
{
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    pl_status s = pl_io_load_ktab(ctx, &in, err);
    pl_forecast_input_destroy(&in);
    return s;
}

static pl_status step_bdm(void *ctx, pl_error_t *err)
{
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    pl_status s = pl_io_load_bdm(ctx, &in, err);
    pl_forecast_input_destroy(&in);
    return s;
}

typedef struct deu_ctx {
    const char *issues, *actors;
    bool cv;
} deu_ctx;

/* load, then backtest every model (with leave-one-proposal-out fitting when cv) */
static pl_status step_deu(void *ctx, pl_error_t *err)
{
    deu_ctx *c = ctx;
    pl_deu_t *d = NULL;
    pl_status s = pl_io_load_deu(c->issues, c->actors, &d, err);
    if (s != PL_OK) return s;
    pl_backtest_options_t o;
    pl_backtest_options_init(&o);
    o.capability = PL_CAP_VOTES;
    o.cv = c->cv;
    pl_backtest_result_t r;
    pl_backtest_result_init(&r);
    s = pl_backtest_run(d, &o, &r, err);
    pl_backtest_result_destroy(&r);
    pl_deu_free(d);
    return s;
}

typedef struct model_ctx {
    const pl_forecast_model_type *m;
    const pl_forecast_input_t *in;
} model_ctx;

static pl_status step_model(void *ctx, pl_error_t *err)
{
    model_ctx *c = ctx;
    pl_forecast_options_t o;
    pl_forecast_options_init(&o);
    o.trajectory = true;
    pl_forecast_result_t r;
    pl_forecast_result_init(&r);
    pl_status s = pl_forecast_run(c->m, c->in, &o, &r, err);
    pl_forecast_result_destroy(&r);
    return s;
}

static void test_out_of_memory_messages(void **state)
{
    (void)state;
    const char *pk = write_tmp("ok.csv", KTAB_OK);
    assert_true(oom_sweep("ktab", step_ktab, (void *)pk) > 0);
    remove(pk);
    const char *pb = write_tmp("okb.csv", "actor,capability,position,salience\nA,2,10,50\nB,1,30,100\n");
    assert_true(oom_sweep("bdm", step_bdm, (void *)pb) > 0);
    remove(pb);
    deu_ctx dc = {NULL, NULL, false};
    dc.actors = write_tmp("oa.tsv", "actor\tgdp_weight\tcouncil_votes_nice\ncom\t\t\nep\t\t\nfr\t2.5\t29\nde\t3\t29\n");
    dc.issues = write_tmp("oi.tsv",
                          "prnr\tisnr\tprname\tproc\tcounvte\trp\tout\tpcom\tscom\tpep\tsep\tpfr\tsfr\tpde\tsde\n"
                          "d1\ti1\ta\tCOD\tQMV\t0\t60\t20\t50\t70\t40\t80\t50\t30\t60\n"
                          "d2\ti1\ta\tCNS\tUnan\t10\t40\t30\t50\t\t\t60\t70\t20\t90\n"
                          "d3\ti1\ta\tCOD\tQMV\t100\t50\t40\t50\t90\t80\t10\t50\t50\t50\n");
    assert_true(oom_sweep("deu backtest", step_deu, &dc) > 0);
    dc.cv = true;
    assert_true(oom_sweep("deu backtest --cv", step_deu, &dc) > 0);
    remove(dc.actors);
    remove(dc.issues);
    /* every model on a small two-dimensional problem, recording moves */
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    assert_int_equal(pl_forecast_input_setup(&in, 4, 2), PL_OK);
    const double pos[8] = {10, 90, 40, 20, 70, 60, 95, 5}, sal[8] = {.9, .3, .5, .5, .4, .8, .6, .2};
    for (size_t i = 0; i < 8; i++) {
        in.position[i] = pos[i];
        in.salience[i] = sal[i];
    }
    for (size_t a = 0; a < 4; a++) in.capability[a] = (double)(a + 1);
    in.reference[0] = 50;
    in.reference[1] = 50;
    const pl_forecast_model_type *const *all = pl_forecast_models();
    for (size_t i = 0; all[i]; i++) {
        model_ctx mc = {all[i], &in};
        oom_sweep(all[i]->name, step_model, &mc);
    }
    pl_forecast_input_destroy(&in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ktab_rows),     cmocka_unit_test(test_bdm_rows),
        cmocka_unit_test(test_deu_rows),      cmocka_unit_test(test_detect_format),
        cmocka_unit_test(test_out_of_memory_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
