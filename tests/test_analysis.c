/*
 * test_analysis.c: the analysis engine against brute force and hand-worked cases.
 * - skyline kernels (2-party sweep, k-party filter) against the O(n^2) definition;
 * - random small additive domains (fixed seeds): additive merge and enumeration against a brute
 *   force written here from the definitions (utilities, rationality, dominance, tie rules);
 * - a 10^20-outcome additive space solved by hand; ties; an empty rational set; PL_ETOOBIG;
 * - zone, mandates, ratification and proposals on a small scenario worked out on paper.
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

#define EPS 1e-12



/* actor a gets table-form utility: weight[i], evaluation eval[i][v] */
static void set_table(pl_scenario_t *sc, size_t a, const double *weight, double **eval)
{
    pl_actor_t *ac = &sc->actors[a];
    ac->utility = PL_UTILITY_TABLE;
    ac->stances = pl_calloc(sc->nissues, sizeof(pl_stance_t));
    for (size_t i = 0; i < sc->nissues; i++) {
        ac->stances[i].weight = weight[i];
        ac->stances[i].eval = pl_calloc(sc->issues[i].nvalues, sizeof(double));
        memcpy(ac->stances[i].eval, eval[i], sc->issues[i].nvalues * sizeof(double));
    }
}

static void add_requirement(pl_scenario_t *sc, size_t a, size_t issue, size_t banned)
{
    pl_actor_t *ac = &sc->actors[a];
    ac->requires = pl_realloc(ac->requires, (ac->nrequires + 1) * sizeof *ac->requires);
    pl_requirement_t *r = &ac->requires[ac->nrequires++];
    memset(r, 0, sizeof *r);
    r->issue = issue;
    r->allowed = pl_calloc(sc->issues[issue].nvalues, sizeof(bool));
    for (size_t v = 0; v < sc->issues[issue].nvalues; v++) r->allowed[v] = v != banned;
}

/* ---- skyline kernels against the definition ---- */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void test_skyline_random(void **state)
{
    (void)state;
    rng_state = 12345;
    for (int rep = 0; rep < 300; rep++) {
        size_t k = (size_t)rndi(1, 5), n = (size_t)rndi(0, 200);
        double *u = malloc((n ? n : 1) * k * sizeof *u);
        pl_i_pt *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
        for (size_t i = 0; i < n; i++) {
            /* few distinct levels: plenty of ties and equal points; some noise below eps */
            for (size_t j = 0; j < k; j++)
                u[i * k + j] = rndi(0, 6) / 6.0 + (rnd() % 2 ? 1e-14 : 0);
            a[i].u = b[i].u = u + i * k;
            a[i].key = b[i].key = i;
        }
        size_t ma = pl_i_skyline(a, n, k, EPS, EPS);
        size_t mb = pl_i_skyline_naive(b, n, k, EPS, EPS);
        assert_int_equal(ma, mb);
        uint64_t ka[256], kb[256];
        for (size_t i = 0; i < ma; i++) {
            ka[i] = a[i].key;
            kb[i] = b[i].key;
        }
        qsort(ka, ma, sizeof *ka, cmp_u64);
        qsort(kb, mb, sizeof *kb, cmp_u64);
        assert_memory_equal(ka, kb, ma * sizeof *ka);
        free(u);
        free(a);
        free(b);
    }
}

/* ---- brute force from the definitions ---- */
typedef struct brute {
    uint64_t rational, pareto;
    bool found;
    uint64_t nash, ks, egal, util; /* outcome indices */
} brute;

static brute brute_force(const pl_scenario_t *sc, size_t k, size_t total, double **U)
{
    /* U[o][j]: utility of actor j for outcome index o (computed by the caller) */
    brute b = {0};
    bool *rat = calloc(total, 1);
    for (size_t o = 0; o < total; o++) {
        size_t rest = o;
        bool ok = true;
        size_t vals[16];
        for (size_t i = sc->nissues; i-- > 0;) {
            vals[i] = rest % sc->issues[i].nvalues;
            rest /= sc->issues[i].nvalues;
        }
        for (size_t j = 0; j < k && ok; j++) {
            const pl_actor_t *ac = &sc->actors[j];
            for (size_t r = 0; r < ac->nrequires; r++)
                if (!ac->requires[r].allowed[vals[ac->requires[r].issue]]) ok = false;
            if (U[o][j] < ac->reservation - EPS) ok = false;
        }
        rat[o] = ok;
        if (ok) b.rational++;
    }
    double M[8];
    for (size_t j = 0; j < k; j++) {
        M[j] = -INFINITY;
        for (size_t o = 0; o < total; o++)
            if (rat[o] && U[o][j] > M[j]) M[j] = U[o][j];
    }
    double vn = -INFINITY, vk = -INFINITY, ve = -INFINITY, vu = -INFINITY, sk = 0, se = 0;
    for (size_t o = 0; o < total; o++) {
        if (!rat[o]) continue;
        bool dom = false;
        for (size_t p = 0; p < total && !dom; p++) {
            if (!rat[p] || p == o) continue;
            bool ge = true, gt = false;
            for (size_t j = 0; j < k; j++) {
                if (U[p][j] < U[o][j] - EPS) ge = false;
                if (U[p][j] > U[o][j] + EPS) gt = true;
            }
            dom = ge && gt;
        }
        if (!dom) b.pareto++;
        double sum = 0, prod = 1, kmin = INFINITY, emin = INFINITY;
        for (size_t j = 0; j < k; j++) {
            double r = sc->actors[j].reservation, g = U[o][j] - r;
            sum += U[o][j];
            prod *= g;
            double rel = M[j] - r > 0 ? g / (M[j] - r) : 1.0;
            kmin = rel < kmin ? rel : kmin;
            emin = g < emin ? g : emin;
        }
        if (sum > vu + EPS) vu = sum, b.util = o;
        if (prod > vn + EPS) vn = prod, b.nash = o;
        if (kmin > vk + EPS || (fabs(kmin - vk) <= EPS && sum > sk + EPS)) vk = kmin, sk = sum, b.ks = o;
        if (emin > ve + EPS || (fabs(emin - ve) <= EPS && sum > se + EPS)) ve = emin, se = sum, b.egal = o;
        b.found = true;
    }
    free(rat);
    return b;
}

static uint64_t index_of(const pl_scenario_t *sc, const size_t *o)
{
    uint64_t x = 0;
    for (size_t i = 0; i < sc->nissues; i++) x = x * sc->issues[i].nvalues + o[i];
    return x;
}

static void test_random_additive_against_brute_force(void **state)
{
    (void)state;
    rng_state = 20240817;
    for (int rep = 0; rep < 250; rep++) {
        size_t k = (size_t)rndi(2, 5), ni = (size_t)rndi(1, 4), nv[16], total = 1;
        for (size_t i = 0; i < ni; i++) {
            nv[i] = (size_t)rndi(1, 4);
            total *= nv[i];
        }
        pl_scenario_t *sc = new_scenario(ni, nv, k);
        double w[16], *ev[16], evbuf[16][8];
        for (size_t a = 0; a < k; a++) {
            for (size_t i = 0; i < ni; i++) {
                w[i] = rndi(1, 3);
                for (size_t v = 0; v < nv[i]; v++) evbuf[i][v] = rndi(0, 3);
                ev[i] = evbuf[i];
            }
            set_table(sc, a, w, ev);
            sc->actors[a].reservation = rndi(0, 3) * 0.2;
        }
        if (rep % 5 == 0 && nv[0] > 1) add_requirement(sc, 0, 0, 0);
        pl_model_t *m = NULL;
        pl_error_t err;
        pl_error_init(&err);
        assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
        /* utilities from the definition: weight / sum of weights * evaluation / max */
        double **U = malloc(total * sizeof *U);
        for (size_t o = 0; o < total; o++) {
            U[o] = calloc(k, sizeof(double));
            size_t rest = o, vals[16];
            for (size_t i = ni; i-- > 0;) {
                vals[i] = rest % nv[i];
                rest /= nv[i];
            }
            for (size_t a = 0; a < k; a++) {
                const pl_actor_t *ac = &sc->actors[a];
                double ws = 0, u = 0;
                for (size_t i = 0; i < ni; i++) ws += ac->stances[i].weight;
                for (size_t i = 0; i < ni; i++) {
                    double mx = 0;
                    for (size_t v = 0; v < nv[i]; v++)
                        mx = ac->stances[i].eval[v] > mx ? ac->stances[i].eval[v] : mx;
                    u += (ac->stances[i].weight / ws) * (mx > 0 ? ac->stances[i].eval[vals[i]] / mx : 0);
                }
                U[o][a] = u;
            }
        }
        brute b = brute_force(sc, k, total, U);
        for (int method = 1; method <= 2; method++) {
            pl_analysis_options_t opt = {.method = method == 1 ? PL_FRONTIER_ENUMERATE
                                                                : PL_FRONTIER_ADDITIVE};
            pl_analysis_t *an = NULL;
            assert_int_equal(pl_analysis_run(m, &opt, &an, &err), PL_OK);
            assert_true(an->rational_known);
            assert_int_equal(an->rational, b.rational);
            assert_non_null(an->frontier);
            if (an->frontier->total != b.pareto)
                fprintf(stderr, "rep %d method %d: pareto %llu, brute force %llu\n", rep, method,
                        (unsigned long long)an->frontier->total, (unsigned long long)b.pareto);
            assert_int_equal(an->frontier->total, b.pareto);
            assert_int_equal(an->points.nash.found, b.found);
            if (b.found) {
                assert_int_equal(index_of(sc, an->points.nash.outcome), b.nash);
                assert_int_equal(index_of(sc, an->points.ks.outcome), b.ks);
                assert_int_equal(index_of(sc, an->points.egalitarian.outcome), b.egal);
                assert_int_equal(index_of(sc, an->points.utilitarian.outcome), b.util);
                for (size_t j = 0; j < k; j++)
                    assert_true(fabs(an->points.nash.u[j] - U[b.nash][j]) < 1e-12);
            }
            pl_analysis_free(an);
        }
        for (size_t o = 0; o < total; o++) free(U[o]);
        free(U);
        pl_model_free(m);
        pl_scenario_free(sc);
        pl_error_destroy(&err);
    }
}

/* 20 issues of 10 values = 10^20 outcomes. On issues 0..18 both parties evaluate value v as v
 * (so only v9 is Pareto-optimal there); on issue 19 A evaluates v, B 9 - v. Weights equal:
 * u_A = (19 + v/9)/20, u_B = (19 + (9-v)/9)/20 with v the value of issue 19. Every v is
 * Pareto-optimal: 10 outcomes. Sums are all equal (utilitarian tie: first, v0). Products:
 * (19 + v/9)(19 + (9 - v)/9) is largest at v = 4.5: v4 and v5 tie, first wins: v4.
 * Egalitarian: min is (19 + 4/9)/20 at both v4 and v5, sums equal, first: v4; KS the same
 * (M = 1 for both, r = 0). */
static void test_huge_additive_by_hand(void **state)
{
    (void)state;
    size_t nv[20];
    for (int i = 0; i < 20; i++) nv[i] = 10;
    pl_scenario_t *sc = new_scenario(20, nv, 2);
    double w[20], evA[20][10], evB[20][10], *pa[20], *pb[20];
    for (int i = 0; i < 20; i++) {
        w[i] = 1;
        for (int v = 0; v < 10; v++) {
            evA[i][v] = v;
            evB[i][v] = i < 19 ? v : 9 - v;
        }
        pa[i] = evA[i];
        pb[i] = evB[i];
    }
    set_table(sc, 0, w, pa);
    set_table(sc, 1, w, pb);
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    pl_analysis_t *an = NULL;
    assert_int_equal(pl_analysis_run(m, NULL, &an, &err), PL_OK);
    assert_string_equal(an->outcomes_str, "100000000000000000000");
    assert_false(an->outcomes_fit);
    assert_true(an->rational_known); /* reservations 0: everything is rational */
    assert_true(an->rational_all);
    assert_int_equal(an->rational, UINT64_MAX);
    assert_non_null(an->frontier);
    assert_int_equal(an->frontier->total, 10);
    assert_int_equal(an->frontier->npoints, 10);
    for (int i = 0; i < 19; i++) assert_int_equal(an->points.nash.outcome[i], 9);
    assert_int_equal(an->points.nash.outcome[19], 4);
    assert_int_equal(an->points.utilitarian.outcome[19], 0);
    assert_int_equal(an->points.egalitarian.outcome[19], 4);
    assert_int_equal(an->points.ks.outcome[19], 4);
    assert_float_equal(an->points.nash.u[0], (19 + 4 / 9.0) / 20, 1e-12);
    assert_float_equal(an->points.nash.u[1], (19 + 5 / 9.0) / 20, 1e-12);
    /* with a reservation of 0.99 for A, on the frontier (v9 on issues 0..18) A needs
     * 19 + v/9 >= 19.8, v in {8, 9}: 2 outcomes. Nash products: v8 (0.99444 - 0.99) *
     * (19 + 1/9)/20 = 0.00425, v9 (1 - 0.99) * 0.95 = 0.0095: v9 */
    sc->actors[0].reservation = 0.99;
    pl_model_free(m);
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    pl_analysis_free(an);
    assert_int_equal(pl_analysis_run(m, NULL, &an, &err), PL_OK);
    assert_false(an->rational_known); /* not countable without enumeration */
    assert_int_equal(an->frontier->total, 2);
    assert_int_equal(an->points.nash.outcome[19], 9);
    pl_analysis_free(an);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

/* Nash ties at product 0: two issues {v0, v1}; A evaluates issue 0 only (v1 = 1), B issue 1
 * only (v1 = 1), weights so that u_A = o0, u_B = o1 ... with reservations A = 1: the rational
 * outcomes are (v1, v0) and (v1, v1), both with A's gain 0, so both Nash products are 0 and
 * the first, (v1, v0), wins although (v1, v1) dominates it. Utilitarian: (v1, v1). */
static void test_nash_zero_tie(void **state)
{
    (void)state;
    size_t nv[2] = {2, 2};
    pl_scenario_t *sc = new_scenario(2, nv, 2);
    double w[2] = {1, 0};
    double e0[2] = {0, 1}, e1[2] = {0, 1}, *ev[2] = {e0, e1};
    set_table(sc, 0, w, ev);
    double w2[2] = {0, 1};
    set_table(sc, 1, w2, ev);
    sc->actors[0].reservation = 1;
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    pl_analysis_t *an = NULL;
    assert_int_equal(pl_analysis_run(m, NULL, &an, &err), PL_OK);
    assert_int_equal(an->rational, 2);
    assert_int_equal(an->frontier->total, 1);
    assert_int_equal(an->points.nash.outcome[0], 1);
    assert_int_equal(an->points.nash.outcome[1], 0);
    assert_int_equal(an->points.utilitarian.outcome[1], 1);
    assert_int_equal(an->points.egalitarian.outcome[1], 1); /* min ties at 0, larger sum */
    pl_analysis_free(an);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

/* Lifecycle: the options start at their documented defaults, and computing the points twice into
 * the same storage releases the first result (the sanitizer build would report a leak) and gives
 * the same answer: the case of test_nash_zero_tie, Nash (v1, v0). */
static void test_points_storage_reused(void **state)
{
    (void)state;
    pl_analysis_options_t o;
    memset(&o, 0xff, sizeof o);
    pl_analysis_options_init(&o);
    assert_null(o.actors);
    assert_int_equal(o.nactors, 0);
    assert_int_equal(o.max_enumerate, 0);
    assert_int_equal(o.method, PL_FRONTIER_AUTO);
    size_t nv[2] = {2, 2};
    pl_scenario_t *sc = new_scenario(2, nv, 2);
    double w[2] = {1, 0}, w2[2] = {0, 1};
    double e0[2] = {0, 1}, e1[2] = {0, 1}, *ev[2] = {e0, e1};
    set_table(sc, 0, w, ev);
    set_table(sc, 1, w2, ev);
    sc->actors[0].reservation = 1;
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    pl_frontier_t *f = NULL;
    assert_int_equal(pl_frontier_compute(m, NULL, 0, PL_FRONTIER_AUTO, 0, &f, NULL), PL_OK);
    pl_points_t p;
    pl_points_init(&p);
    assert_false(p.nash.found);
    for (int round = 0; round < 2; round++) {
        assert_int_equal(pl_points_compute(m, f, &p, NULL), PL_OK);
        assert_true(p.nash.found);
        assert_int_equal(p.nash.outcome[0], 1);
        assert_int_equal(p.nash.outcome[1], 0);
    }
    pl_points_destroy(&p);
    assert_false(p.nash.found);
    pl_points_destroy(&p); /* destroying an emptied record again is harmless */
    pl_frontier_free(f);
    pl_model_free(m);
    pl_scenario_free(sc);
}

static void test_empty_rational_set(void **state)
{
    (void)state;
    size_t nv[2] = {3, 3};
    pl_scenario_t *sc = new_scenario(2, nv, 2);
    double w[2] = {1, 1}, e[3] = {0, 1, 2}, f[3] = {2, 1, 0};
    double *ea[2] = {e, e}, *eb[2] = {f, f};
    set_table(sc, 0, w, ea);
    set_table(sc, 1, w, eb);
    sc->actors[0].reservation = 0.8; /* A needs both issues near 2, B the opposite */
    sc->actors[1].reservation = 0.8;
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    for (int method = 1; method <= 2; method++) {
        pl_analysis_options_t opt = {.method = method};
        pl_analysis_t *an = NULL;
        assert_int_equal(pl_analysis_run(m, &opt, &an, &err), PL_OK);
        assert_int_equal(an->rational, 0);
        assert_int_equal(an->frontier->total, 0);
        assert_false(an->points.nash.found);
        assert_false(an->points.ks.found);
        assert_false(an->points.egalitarian.found);
        assert_false(an->points.utilitarian.found);
        pl_analysis_free(an);
    }
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

/* a nonlinear (hyper-rectangle) actor over 10^12 outcomes: no exact method */
static void test_too_big(void **state)
{
    (void)state;
    size_t nv[12];
    for (int i = 0; i < 12; i++) nv[i] = 10;
    pl_scenario_t *sc = new_scenario(12, nv, 2);
    for (int a = 0; a < 2; a++) {
        pl_actor_t *ac = &sc->actors[a];
        ac->utility = PL_UTILITY_HYPER;
        ac->nrects = 1;
        ac->rects = pl_calloc(1, sizeof *ac->rects);
        /* not an integer: the rectangle search does not apply, nothing else is exact */
        ac->rects[0].utility = 0.5;
        ac->rects[0].nbounds = 1;
        ac->rects[0].issue = pl_calloc(1, sizeof(size_t));
        ac->rects[0].min = pl_calloc(1, sizeof(size_t));
        ac->rects[0].max = pl_calloc(1, sizeof(size_t));
        ac->rects[0].issue[0] = (size_t)a;
        ac->rects[0].max[0] = 4;
        ac->rect_max = 1;
    }
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    pl_frontier_t *f = NULL;
    assert_int_equal(pl_frontier_compute(m, NULL, 0, PL_FRONTIER_AUTO, 0, &f, &err), PL_ETOOBIG);
    assert_null(f);
    assert_non_null(strstr(err.message, "1000000000000"));
    pl_error_clear(&err);
    assert_int_equal(pl_frontier_compute(m, NULL, 0, PL_FRONTIER_ADDITIVE, 0, &f, &err),
                     PL_EUNSUPPORTED);
    pl_error_clear(&err);
    /* the whole analysis still succeeds and says why the frontier is missing */
    pl_analysis_t *an = NULL;
    assert_int_equal(pl_analysis_run(m, NULL, &an, &err), PL_OK);
    assert_int_equal(an->frontier_status, PL_ETOOBIG);
    assert_null(an->frontier);
    assert_false(an->zone.known);
    assert_false(an->rational_known);
    pl_analysis_free(an);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

/* Zone, mandate, ratification, proposals. One issue "w" with values v0 < v1 < v2 < v3.
 * Party A: table evals {0,1,2,3} (u = v/3), reservation 0.3 -> accepts v1, v2, v3.
 * Party B: evals {3,2,1,0} (u = (3-v)/3), reservation 0.3 -> accepts v0, v1, v2.
 * Every party accepts v1, v2: accepted = 2.
 * Delegation D of A with mandate {v2, v3}: blocks v1. Faction F of A, veto, evals {3,2,1,0},
 * reservation 0.5 -> F accepts v0, v1 (u = 1, 2/3) but rejects v2 (1/3): blocks v2.
 * So feasible = 0, out_of_mandate = 1 (v1), not_ratified = 1 (v2), blocks D = 1, F = 1.
 * Rejects over the whole space: A rejects v0 (1), B rejects v3 (1), F rejects v2, v3 (2).
 * Proposal P = v2: u_A = 2/3, u_B = 1/3, accepted by both, not ratified (F), within mandate,
 * on the frontier (2 parties opposed), Nash point: maximise (v/3 - .3)((3-v)/3 - .3) over v1,
 * v2: equal (1/30 * 11/30 both) -> first, v1; distance from P = |(2/3,1/3)-(1/3,2/3)| = sqrt(2)/3.
 * Proposal Q partial (w unset): 4 completions, in_zone 0, A's utility from 0 to 1. */
static void test_zone_and_proposals(void **state)
{
    (void)state;
    size_t nv[1] = {4};
    pl_scenario_t *sc = new_scenario(1, nv, 4);
    double w[1] = {1}, up[4] = {0, 1, 2, 3}, down[4] = {3, 2, 1, 0};
    double *eu[1] = {up}, *ed[1] = {down};
    set_table(sc, 0, w, eu);
    set_table(sc, 1, w, ed);
    set_table(sc, 3, w, ed);
    sc->actors[0].reservation = 0.3;
    sc->actors[1].reservation = 0.3;
    pl_actor_t *D = &sc->actors[2], *F = &sc->actors[3];
    D->role = PL_ROLE_DELEGATION;
    D->party = 0;
    D->mandate = pl_calloc(1, sizeof(bool *));
    D->mandate[0] = pl_calloc(4, sizeof(bool));
    D->mandate[0][2] = D->mandate[0][3] = true;
    F->role = PL_ROLE_FACTION;
    F->party = 0;
    F->reservation = 0.5;
    sc->nratifications = 1;
    sc->ratifications = pl_calloc(1, sizeof *sc->ratifications);
    sc->ratifications[0].party = 0;
    sc->ratifications[0].rule = PL_RATIFY_VETO;
    sc->nproposals = 2;
    sc->proposals = pl_calloc(2, sizeof *sc->proposals);
    sc->proposals[0].name = pl_strdup("P");
    sc->proposals[0].amends = PL_UNSET;
    sc->proposals[0].value = pl_calloc(1, sizeof(size_t));
    sc->proposals[0].value[0] = 2;
    sc->proposals[1].name = pl_strdup("Q");
    sc->proposals[1].amends = PL_UNSET;
    sc->proposals[1].value = pl_calloc(1, sizeof(size_t));
    sc->proposals[1].value[0] = PL_UNSET;
    pl_model_t *m = NULL;
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
    pl_analysis_t *an = NULL;
    assert_int_equal(pl_analysis_run(m, NULL, &an, &err), PL_OK);
    assert_int_equal(an->k, 2);
    assert_int_equal(an->rational, 2);
    assert_true(an->zone.known);
    assert_int_equal(an->zone.accepted, 2);
    assert_int_equal(an->zone.feasible, 0);
    assert_int_equal(an->zone.out_of_mandate, 1);
    assert_int_equal(an->zone.not_ratified, 1);
    assert_int_equal(an->zone.blocks[2], 1);
    assert_int_equal(an->zone.blocks[3], 1);
    assert_int_equal(an->zone.rejects[0], 1);
    assert_int_equal(an->zone.rejects[1], 1);
    assert_int_equal(an->zone.rejects[3], 2);
    assert_int_equal(an->frontier->total, 2);
    assert_int_equal(an->points.nash.outcome[0], 1);
    const pl_proposal_report_t *p = &an->proposals[0];
    assert_false(p->partial);
    assert_float_equal(p->u_min[0], 2.0 / 3, 1e-12);
    assert_float_equal(p->u_min[1], 1.0 / 3, 1e-12);
    assert_true(p->accepts[0]);
    assert_true(p->accepts[1]);
    assert_false(p->accepts[3]);
    assert_false(p->ratified);
    assert_int_equal(p->blocker[0], 3);
    assert_true(p->within_mandates);
    assert_false(p->dominated);
    assert_float_equal(p->nash_distance, sqrt(2.0) / 3, 1e-12);
    const pl_proposal_report_t *q = &an->proposals[1];
    assert_true(q->partial);
    assert_int_equal(q->completions, 4);
    assert_int_equal(q->in_zone, 0);
    assert_float_equal(q->u_min[0], 0, 1e-12);
    assert_float_equal(q->u_max[0], 1, 1e-12);
    pl_analysis_free(an);
    /* chosen actors: A alone; its frontier is v3 */
    size_t only[1] = {0};
    pl_analysis_options_t opt = {.actors = only, .nactors = 1};
    assert_int_equal(pl_analysis_run(m, &opt, &an, &err), PL_OK);
    assert_int_equal(an->frontier->total, 1);
    assert_int_equal(an->points.utilitarian.outcome[0], 3);
    pl_analysis_free(an);
    /* an actor without preferences cannot be chosen */
    size_t deleg[1] = {2};
    opt.actors = deleg;
    assert_int_equal(pl_analysis_run(m, &opt, &an, &err), PL_EINVAL);
    assert_non_null(strstr(err.message, "states no preferences"));
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_skyline_random),
        cmocka_unit_test(test_random_additive_against_brute_force),
        cmocka_unit_test(test_huge_additive_by_hand),
        cmocka_unit_test(test_nash_zero_tie),
        cmocka_unit_test(test_points_storage_reused),
        cmocka_unit_test(test_empty_rational_set),
        cmocka_unit_test(test_too_big),
        cmocka_unit_test(test_zone_and_proposals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
