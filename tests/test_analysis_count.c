/*
 * test_analysis_count.c: counting without enumeration (meet in the middle) against enumeration
 * on random additive domains: rational counts for one to four actors, with requirements and
 * thresholds, including thresholds placed exactly on an outcome's utility; the dominance count
 * under it against the definition, with and without a work budget; the zone's work limit and
 * progress.
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


/* brute force from the definition: requirements met and u >= threshold - PL_TOL for all */
static uint64_t brute(const pl_model_t *m, const size_t *act, size_t k)
{
    uint64_t total, c = 0;
    pl_model_space_size(m, &total);
    size_t o[16] = {0};
    for (uint64_t x = 0; x < total; x++) {
        bool ok = true;
        for (size_t j = 0; j < k && ok; j++) ok = pl_model_accepts(m, act[j], o);
        c += ok;
        pl_model_outcome_next(m, o);
    }
    return c;
}

static pl_scenario_t *random_additive(size_t n, size_t k)
{
    size_t nvals[64];
    for (size_t i = 0; i < n; i++) nvals[i] = 2 + rnd() % 4;
    pl_scenario_t *sc = new_scenario(n, nvals, k);
    for (size_t a = 0; a < k; a++) {
        pl_actor_t *ac = &sc->actors[a];
        ac->utility = PL_UTILITY_TABLE;
        ac->stances = pl_calloc(n, sizeof(pl_stance_t));
        for (size_t i = 0; i < n; i++) {
            /* coarse grids make exact ties with the threshold common */
            ac->stances[i].weight = 1 + rnd() % 3;
            ac->stances[i].eval = pl_calloc(sc->issues[i].nvalues, sizeof(double));
            for (size_t v = 0; v < sc->issues[i].nvalues; v++)
                ac->stances[i].eval[v] = rnd() % 2 ? (double)(rnd() % 5) : rnd() / 4294967296.0;
        }
        ac->reservation = rnd() % 3 == 0 ? 0 : (rnd() % 10) / 10.0;
        if (rnd() % 4 == 0) {
            ac->requires = pl_calloc(1, sizeof *ac->requires);
            ac->nrequires = 1;
            ac->requires[0].issue = rnd() % n;
            size_t nv = sc->issues[ac->requires[0].issue].nvalues;
            ac->requires[0].allowed = pl_calloc(nv, sizeof(bool));
            for (size_t v = 0; v < nv; v++) ac->requires[0].allowed[v] = v != 0;
        }
    }
    return sc;
}

static void test_mitm_against_enumeration(void **state)
{
    (void)state;
    rng_state = 424242;
    int decided = 0;
    int decided_k[5] = {0}, undecided = 0;
    for (int t = 0; t < 600; t++) {
        size_t n = 2 + rnd() % 7, k = 1 + rnd() % 4;
        pl_scenario_t *sc = random_additive(n, k);
        pl_model_t *m = NULL;
        pl_error_t err;
        pl_error_init(&err);
        assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
        if (t % 3 == 0) {
            /* a threshold right at an outcome's utility plus PL_TOL: the acceptance test
             * u >= threshold - PL_TOL is then decided by rounding, the split sums cannot tell,
             * and the count must say so (bounds) or be right */
            size_t o[16];
            for (size_t i = 0; i < n; i++) o[i] = rnd() % sc->issues[i].nvalues;
            size_t a = rnd() % k;
            sc->actors[a].reservation = pl_model_utility(m, a, o) + PL_TOL;
            pl_model_free(m);
            m = NULL;
            assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
        }
        size_t act[4] = {0, 1, 2, 3};
        uint64_t want = brute(m, act, k), got = 0;
        if (pl_i_count_accepting(m, act, k, &got)) {
            assert_int_equal(got, want);
            decided++;
            decided_k[k]++;
        } else {
            undecided++;
        }
        /* the bounds hold whatever the budget */
        uint64_t lo, hi;
        assert_true(pl_i_count_accepting_bounded(m, act, k, rnd() % 200, &lo, &hi));
        assert_true(lo <= want && want <= hi);
        /* the public count agrees whichever way it went */
        uint64_t c;
        bool known, all;
        assert_int_equal(pl_analysis_count_rational(m, act, k, 1, &c, &known, &all, &err), PL_OK);
        if (known && !all) assert_int_equal(c, want);
        pl_model_free(m);
        pl_scenario_free(sc);
        pl_error_destroy(&err);
    }
    assert_true(decided > 350); /* the rounding band rarely forces enumeration */
    assert_true(undecided > 20); /* but the thresholds placed on a rounding edge do */
    for (size_t k = 1; k <= 4; k++) assert_true(decided_k[k] > 100);
}

/* p >= q in every coordinate, from the definition */
static uint64_t dominance_naive(const double *p, size_t np, const double *q, size_t nq, size_t k)
{
    uint64_t c = 0;
    for (size_t a = 0; a < np; a++)
        for (size_t b = 0; b < nq; b++) {
            size_t j = 0;
            while (j < k && p[a * k + j] >= q[b * k + j]) j++;
            c += j == k;
        }
    return c;
}

static void test_dominance_count(void **state)
{
    (void)state;
    rng_state = 7;
    enum { MAXN = 700 };
    static double p[MAXN * 6], q[MAXN * 6];
    const double *P[MAXN], *Q[MAXN];
    for (int t = 0; t < 400; t++) {
        size_t k = 1 + rnd() % 6, np = rnd() % MAXN, nq = rnd() % MAXN;
        /* few distinct values (ties everywhere) or continuous ones, shifted per coordinate so
         * that some coordinates separate the sets */
        unsigned levels = rnd() % 2 ? 2 + rnd() % 5 : 0;
        for (size_t j = 0; j < k; j++) {
            double shift = rnd() % 3 == 0 ? (rnd() % 5) - 2.0 : 0.0;
            for (size_t a = 0; a < np; a++)
                p[a * k + j] = (levels ? (double)(rnd() % levels) : rnd() / 4294967296.0) + shift;
            for (size_t b = 0; b < nq; b++)
                q[b * k + j] = levels ? (double)(rnd() % levels) : rnd() / 4294967296.0;
        }
        uint64_t want = dominance_naive(p, np, q, nq, k);
        for (int budget = 0; budget < 2; budget++) {
            for (size_t a = 0; a < np; a++) P[a] = p + a * k;
            for (size_t b = 0; b < nq; b++) Q[b] = q + b * k;
            uint64_t c = 0, open = 0, max_work = budget ? rnd() % 20000 : UINT64_MAX;
            assert_true(pl_i_dominance_count(P, np, Q, nq, k, max_work, &c, &open));
            if (!budget) {
                assert_int_equal(c, want);
                assert_int_equal(open, 0);
            } else {
                assert_true(c <= want && want <= c + open);
            }
        }
    }
}

/* the zone of a 2-4 party additive domain without mandates: meet in the middle, same numbers */
static void test_zone_mitm(void **state)
{
    (void)state;
    rng_state = 99;
    int mitm = 0;
    for (int t = 0; t < 120; t++) {
        size_t k = 2 + rnd() % 3;
        pl_scenario_t *sc = random_additive(2 + rnd() % 6, k);
        pl_model_t *m = NULL;
        pl_error_t err;
        pl_error_init(&err);
        assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
        pl_analysis_t *an = NULL;
        assert_int_equal(pl_analysis_run(m, NULL, &an, &err), PL_OK);
        size_t act[4] = {0, 1, 2, 3};
        uint64_t total;
        pl_model_space_size(m, &total);
        assert_true(an->zone.known);
        mitm += an->zone_method && strcmp(an->zone_method, "meet in the middle") == 0;
        assert_int_equal(an->zone.accepted, brute(m, act, k));
        assert_int_equal(an->zone.feasible, an->zone.accepted);
        for (size_t a = 0; a < k; a++) assert_int_equal(an->zone.rejects[a], total - brute(m, &act[a], 1));
        assert_true(an->rational_known);
        assert_int_equal(an->rational, an->zone.accepted);
        pl_analysis_free(an);
        pl_model_free(m);
        pl_scenario_free(sc);
        pl_error_destroy(&err);
    }
    assert_true(mitm > 100);
}

/* beyond the enumeration cap (here 10 outcomes) the zone and the rational count come from meet
 * in the middle alone: exact where known, bounds around the true count where not */
static void test_beyond_cap(void **state)
{
    (void)state;
    rng_state = 2024;
    int known = 0;
    for (int t = 0; t < 80; t++) {
        size_t k = 1 + rnd() % 4, n = 3 + rnd() % 6;
        pl_scenario_t *sc = random_additive(n, k);
        pl_model_t *m = NULL;
        pl_error_t err;
        pl_error_init(&err);
        assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
        pl_analysis_options_t o;
        pl_analysis_options_init(&o);
        o.max_enumerate = 10;
        pl_analysis_t *an = NULL;
        assert_int_equal(pl_analysis_run(m, &o, &an, &err), PL_OK);
        size_t act[4] = {0, 1, 2, 3};
        uint64_t want = brute(m, act, k);
        if (an->rational_known) {
            assert_int_equal(an->rational, want);
            known++;
        } else {
            assert_true(an->rational_bounded);
            assert_true(an->rational_min <= want && want <= an->rational_max);
        }
        if (an->zone.known) {
            assert_string_equal(an->zone_method, "meet in the middle");
            assert_int_equal(an->zone.accepted, want);
        }
        pl_analysis_free(an);
        pl_model_free(m);
        pl_scenario_free(sc);
        pl_error_destroy(&err);
    }
    assert_true(known > 60);
}

/* progress calls seen by record_progress */
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

/* the zone enumerated for 3-5 parties: the rejections counted by meet in the middle equal the
 * enumeration's, progress ends at the space's size, and the work estimate gates the enumeration
 * (outcomes x parties over max_zone_work: not counted, unless a time limit is set) */
static void test_zone_work_and_progress(void **state)
{
    (void)state;
    rng_state = 7;
    for (int t = 0; t < 40; t++) {
        size_t k = 3 + rnd() % 3;
        pl_scenario_t *sc = random_additive(2 + rnd() % 6, k);
        pl_model_t *m = NULL;
        pl_error_t err;
        pl_error_init(&err);
        assert_int_equal(pl_model_compile(sc, &m, &err), PL_OK);
        uint64_t total;
        pl_model_space_size(m, &total);
        size_t act[5] = {0, 1, 2, 3, 4};
        seen s = {.monotone = true};
        pl_analysis_options_t o;
        pl_analysis_options_init(&o);
        o.progress = record_progress;
        o.progress_ctx = &s;
        /* two chosen actors of the k parties: the zone (all k) is not the chosen actors'
         * rational set, so within the enumeration cap it is enumerated, not counted */
        o.actors = act;
        o.nactors = 2;
        o.max_zone_work = total * k; /* exactly the estimate: allowed */
        pl_analysis_t *an = NULL;
        assert_int_equal(pl_analysis_run(m, &o, &an, &err), PL_OK);
        assert_true(an->zone.known);
        assert_false(an->zone.partial);
        assert_false(an->zone.over_limit);
        assert_int_equal(an->zone.work, total * k);
        assert_int_equal(an->zone.examined, total);
        assert_int_equal(an->zone.accepted, brute(m, act, k));
        for (size_t a = 0; a < k; a++)
            assert_int_equal(an->zone.rejects[a], total - brute(m, &act[a], 1));
        assert_true(s.calls >= 1 && s.monotone);
        assert_int_equal(s.last_done, total);
        assert_int_equal(s.last_total, total);
        pl_analysis_free(an);
        /* one unit over the limit: the zone is not counted, the rest of the analysis is */
        o.max_zone_work = total * k - 1;
        assert_int_equal(pl_analysis_run(m, &o, &an, &err), PL_OK);
        assert_false(an->zone.known);
        assert_true(an->zone.over_limit);
        assert_int_equal(an->zone.work, total * k);
        assert_int_equal(an->zone.accepted, 0);
        assert_true(an->rational_known);
        pl_analysis_free(an);
        /* a time limit lets it run whatever the estimate (a generous one: exhausted) */
        o.time_limit = 1e6;
        assert_int_equal(pl_analysis_run(m, &o, &an, &err), PL_OK);
        assert_true(an->zone.known && !an->zone.partial);
        assert_int_equal(an->zone.accepted, brute(m, act, k));
        pl_analysis_free(an);
        pl_model_free(m);
        pl_scenario_free(sc);
        pl_error_destroy(&err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mitm_against_enumeration),
        cmocka_unit_test(test_dominance_count),
        cmocka_unit_test(test_zone_mitm),
        cmocka_unit_test(test_zone_work_and_progress),
        cmocka_unit_test(test_beyond_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
