/*
 * test_analysis_bounds.c: enumerations bounded by the time limit and the work estimate (issue
 * 12): a stopped frontier enumeration is the frontier of the outcomes it examined and says so,
 * a stopped rational count bounds the count, both report progress; a partial proposal over its
 * work limit is refused, and with a time limit covers the completions it went through.
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

#include "test_scenario_util.h"
#include "analysis/analysis_internal.h"

/* the clock is checked every 4,096 outcomes: a limit of a nanosecond stops at exactly that */
#define STOP_AT 4096u
#define TINY 1e-9

/* random hyper-rectangles for actor a (not additive: the space is enumerated) */
static void set_rects(pl_scenario_t *sc, size_t a, size_t nrects)
{
    set_random_rects(sc, a, nrects, 1, 12, 2);
}

/* 7 issues of 4 values but the last of 2 (8,192 outcomes), two parties with rectangles */
static pl_model_t *rect_model(pl_scenario_t **scp)
{
    size_t nv[7] = {4, 4, 4, 4, 4, 4, 2};
    pl_scenario_t *sc = new_scenario(7, nv, 2);
    for (size_t a = 0; a < 2; a++) set_rects(sc, a, (size_t)rndi(4, 10));
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    pl_error_destroy(&err);
    *scp = sc;
    return m;
}

typedef struct seen {
    uint64_t calls, last_done, last_total;
    bool monotone;
} seen;

static void record_progress(uint64_t done, uint64_t total, void *ctx)
{
    seen *s = ctx;
    if (s->calls && (done < s->last_done || total != s->last_total)) s->monotone = false;
    if (done > total) s->monotone = false;
    s->calls++;
    s->last_done = done;
    s->last_total = total;
}

/* by the definition over the first e outcomes: rational ones, and how many of those no other
 * rational one among them dominates */
static void brute_prefix(const pl_model_t *m, uint64_t e, uint64_t *rational, uint64_t *front)
{
    size_t n = pl_model_nissues(m);
    double *u = calloc(e * 2 + 2, sizeof *u);
    size_t *o = calloc(n, sizeof *o);
    assert_non_null(u);
    assert_non_null(o);
    uint64_t r = 0;
    for (uint64_t x = 0; x < e; x++) {
        pl_model_outcome_from_index(m, x, o);
        if (!pl_model_accepts(m, 0, o) || !pl_model_accepts(m, 1, o)) continue;
        u[2 * r] = pl_model_utility(m, 0, o);
        u[2 * r + 1] = pl_model_utility(m, 1, o);
        r++;
    }
    uint64_t f = 0;
    for (uint64_t p = 0; p < r; p++) {
        bool dom = false;
        for (uint64_t q = 0; q < r && !dom; q++)
            dom = pl_i_dominates(u + 2 * q, u + 2 * p, 2, PL_TOL, PL_TOL);
        f += !dom;
    }
    *rational = r;
    *front = f;
    free(u);
    free(o);
}

static void test_stopped_enumerations(void **state)
{
    (void)state;
    rng_state = 11;
    for (int t = 0; t < 5; t++) {
        pl_scenario_t *sc;
        pl_model_t *m = rect_model(&sc);
        pl_error_t err;
        pl_error_init(&err);
        uint64_t total;
        assert_true(pl_model_space_size(m, &total));
        assert_int_equal(total, 8192);
        size_t act[2] = {0, 1};
        uint64_t br, bf, ar, af;
        brute_prefix(m, STOP_AT, &br, &bf);
        brute_prefix(m, total, &ar, &af);
        assert_true(br > 0 && bf > 0 && ar > br); /* the prefix decides something */

        /* no limit: exact, every outcome examined, progress ends at the space's size */
        seen s = {.monotone = true};
        pl_i_clock clk = pl_i_clock_start(0, record_progress, &s);
        pl_frontier_t *f = NULL;
        assert_int_equal(pl_i_frontier_compute(m, act, 2, PL_FRONTIER_AUTO, 0, &clk, &f, &err),
                         PL_OK);
        assert_string_equal(f->method, "enumeration");
        assert_true(f->exact);
        assert_true(f->gap == 0.0);
        assert_int_equal(f->examined, total);
        assert_int_equal(f->total, af);
        assert_true(s.monotone && s.calls >= 2);
        assert_int_equal(s.last_done, total);
        assert_int_equal(s.last_total, total);
        pl_frontier_free(f);

        /* stopped: the frontier of the first STOP_AT outcomes, not exact, gap infinite */
        s = (seen){.monotone = true};
        clk = pl_i_clock_start(TINY, record_progress, &s);
        assert_int_equal(pl_i_frontier_compute(m, act, 2, PL_FRONTIER_AUTO, 0, &clk, &f, &err),
                         PL_OK);
        assert_false(f->exact);
        assert_true(isinf(f->gap));
        assert_int_equal(f->examined, STOP_AT);
        assert_int_equal(f->total, bf);
        assert_true(s.monotone);
        assert_int_equal(s.last_done, STOP_AT);
        assert_int_equal(s.last_total, total);
        pl_frontier_free(f);
        /* the public call without a limit is the exact one */
        assert_int_equal(pl_frontier_compute(m, act, 2, PL_FRONTIER_AUTO, 0, &f, &err), PL_OK);
        assert_true(f->exact);
        assert_int_equal(f->total, af);
        pl_frontier_free(f);

        /* the count: stopped, what it counted among the first STOP_AT */
        uint64_t n, ex;
        bool known, all;
        clk = pl_i_clock_start(TINY, NULL, NULL);
        assert_int_equal(pl_i_count_rational(m, act, 2, 0, &clk, &n, &known, &all, &ex, &err), PL_OK);
        assert_false(known);
        assert_int_equal(ex, STOP_AT);
        assert_int_equal(n, br);
        assert_int_equal(pl_analysis_count_rational(m, act, 2, 0, &n, &known, &all, &err), PL_OK);
        assert_true(known);
        assert_int_equal(n, ar);

        /* the whole analysis: a bounded count that contains the true one, a flagged frontier */
        pl_analysis_options_t o;
        pl_analysis_options_init(&o);
        o.time_limit = TINY;
        pl_analysis_t *an = NULL;
        assert_int_equal(pl_analysis_run(m, &o, &an, &err), PL_OK);
        assert_true(an->rational_stopped && an->rational_bounded && !an->rational_known);
        assert_int_equal(an->rational_examined, STOP_AT);
        assert_int_equal(an->rational_min, br);
        assert_int_equal(an->rational_max, br + total - STOP_AT);
        assert_true(an->rational_min <= ar && ar <= an->rational_max);
        assert_non_null(an->frontier);
        assert_false(an->frontier->exact);
        assert_int_equal(an->frontier->examined, STOP_AT);
        pl_analysis_free(an);
        o.time_limit = 0;
        assert_int_equal(pl_analysis_run(m, &o, &an, &err), PL_OK);
        assert_true(an->rational_known && !an->rational_stopped);
        assert_int_equal(an->rational, ar);
        assert_true(an->frontier->exact);
        pl_analysis_free(an);
        pl_model_free(m);
        pl_scenario_free(sc);
        pl_error_destroy(&err);
    }
}

/* one proposal that sets issue 0 only: every other issue is open */
static void add_open_proposal(pl_scenario_t *sc)
{
    sc->nproposals = 1;
    sc->proposals = pl_calloc(1, sizeof *sc->proposals);
    pl_proposal_t *p = &sc->proposals[0];
    p->name = pl_strdup("open");
    p->amends = PL_UNSET;
    p->value = pl_calloc(sc->nissues, sizeof(size_t));
    for (size_t i = 1; i < sc->nissues; i++) p->value[i] = PL_UNSET;
    p->value[0] = 2;
}

static void test_proposal_work(void **state)
{
    (void)state;
    rng_state = 5;
    /* 8 issues of 4 values: the open proposal has 4^7 = 16,384 completions x 2 actors */
    size_t nv[8] = {4, 4, 4, 4, 4, 4, 4, 4};
    pl_scenario_t *sc = new_scenario(8, nv, 2);
    for (size_t a = 0; a < 2; a++) set_rects(sc, a, 6);
    add_open_proposal(sc);
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    const uint64_t nc = 16384, work = nc * 2;
    /* the completions in order (issue 0 fixed, the others an odometer): utilities by hand */
    double lo[2][2] = {{INFINITY, INFINITY}, {INFINITY, INFINITY}};
    double hi[2][2] = {{-INFINITY, -INFINITY}, {-INFINITY, -INFINITY}};
    size_t o[8] = {0};
    for (uint64_t c = 0; c < nc; c++) {
        uint64_t x = c;
        for (size_t i = 8; i-- > 1;) {
            o[i] = x % 4;
            x /= 4;
        }
        o[0] = 2;
        for (size_t a = 0; a < 2; a++) {
            double u = pl_model_utility(m, a, o);
            for (int part = 0; part < 2; part++) {
                if (part == 0 && c >= STOP_AT) continue;
                if (u < lo[part][a]) lo[part][a] = u;
                if (u > hi[part][a]) hi[part][a] = u;
            }
        }
    }
    pl_analysis_options_t opt;
    pl_analysis_options_init(&opt);
    pl_analysis_t *an = NULL;
    /* exactly at the limit: gone through */
    opt.max_proposal_work = work;
    assert_int_equal(pl_analysis_run(m, &opt, &an, &err), PL_OK);
    const pl_proposal_report_t *r = &an->proposals[0];
    assert_true(r->partial && !r->over_limit && !r->stopped);
    assert_int_equal(r->completions, nc);
    assert_int_equal(r->work, work);
    assert_int_equal(r->examined, nc);
    for (size_t a = 0; a < 2; a++) {
        assert_true(r->u_min[a] == lo[1][a]);
        assert_true(r->u_max[a] == hi[1][a]);
    }
    uint64_t in_zone = r->in_zone;
    pl_analysis_free(an);
    /* one unit over: refused, the rest of the analysis runs */
    opt.max_proposal_work = work - 1;
    assert_int_equal(pl_analysis_run(m, &opt, &an, &err), PL_OK);
    r = &an->proposals[0];
    assert_true(r->over_limit && !r->stopped);
    assert_int_equal(r->work, work);
    assert_int_equal(r->examined, 0);
    assert_int_equal(r->in_zone, 0);
    assert_false(r->accepts[0] || r->accepts[1]);
    assert_non_null(an->frontier);
    assert_true(an->zone.known);
    pl_analysis_free(an);
    /* over the limit with a time limit: the first STOP_AT completions */
    opt.time_limit = TINY;
    seen s = {.monotone = true};
    opt.progress = record_progress;
    opt.progress_ctx = &s;
    assert_int_equal(pl_analysis_run(m, &opt, &an, &err), PL_OK);
    r = &an->proposals[0];
    assert_true(r->stopped && !r->over_limit);
    assert_int_equal(r->examined, STOP_AT);
    assert_true(r->in_zone <= in_zone && r->in_zone <= STOP_AT);
    for (size_t a = 0; a < 2; a++) {
        assert_true(r->u_min[a] == lo[0][a]);
        assert_true(r->u_max[a] == hi[0][a]);
    }
    /* the proposal's walk was the last to report: STOP_AT of its completions */
    assert_int_equal(s.last_done, STOP_AT);
    assert_int_equal(s.last_total, nc);
    pl_analysis_free(an);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stopped_enumerations),
        cmocka_unit_test(test_proposal_work),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
