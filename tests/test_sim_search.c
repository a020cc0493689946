/*
 * test_sim_search.c: simulation without enumeration (src/sim/search.c). On small random
 * additive domains the searched offers equal the sorted index's (the search is exhaustive
 * there); on random hyper-rectangle domains they are admissible and at or above the target;
 * whole sessions run on a 10^20-outcome additive domain and the 2014 nonlinear domain.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/parley.h>

#include "test_scenario_util.h"

#include "sim/sim_internal.h"
#include "test_util.h"



/* Additive tables; `ties`: small integer evaluations (many equal sums). */
static void set_tables(pl_scenario_t *sc, size_t a, bool ties, bool opposed)
{
    pl_actor_t *ac = &sc->actors[a];
    ac->utility = PL_UTILITY_TABLE;
    ac->stances = pl_calloc(sc->nissues, sizeof(pl_stance_t));
    for (size_t i = 0; i < sc->nissues; i++) {
        size_t nv = sc->issues[i].nvalues;
        ac->stances[i].weight = ties ? 1 : 1 + rnd() % 9;
        ac->stances[i].eval = pl_calloc(nv, sizeof(double));
        for (size_t v = 0; v < nv; v++) {
            double base = opposed ? (a % 2 ? (double)v : (double)(nv - 1 - v)) * 10 : 0;
            ac->stances[i].eval[v] = ties ? (double)rndi(0, 3) : base + rnd() % 10;
        }
    }
}

static void set_rects(pl_scenario_t *sc, size_t a, size_t nrects)
{
    set_random_rects(sc, a, nrects, 0, 12, 3);
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

static pl_session_t *session(const pl_model_t *m, uint64_t index_max)
{
    uint64_t keep = pl_i_index_max;
    pl_i_index_max = index_max;
    pl_sim_options_t o;
    pl_sim_options_init(&o);
    pl_session_t *s = NULL;
    pl_status st = pl_session_alloc(m, pl_protocol_sao, &o, &s, NULL);
    pl_i_index_max = keep;
    assert_int_equal(st, PL_OK);
    return s;
}

static uint64_t score_of(const pl_sim_view_t *v, const size_t *o)
{
    uint64_t score = 0;
    for (size_t i = 0; i < v->s->ni; i++) score += v->freq[v->s->voff[i] + o[i]];
    return score;
}

/* The lowest utility in a sorted index at or above the target (its best when none is). */
static double lowest_at_or_above(const pl_i_index *ix, double target)
{
    for (size_t k = 0; k < ix->n; k++)
        if (ix->u[k] >= target - 1e-12) return ix->u[k];
    return ix->umax;
}

/* On small additive domains the bounded search is exhaustive: first offers equal the sorted
 * index's; after offers received, the choice is within the window above the same lowest
 * utility and the others asked for it at least as often (the search adds one candidate the
 * frequency model leads to, to the index's set). */
static void test_additive_equals_index(void **state)
{
    (void)state;
    rng_state = 11;
    for (int round = 0; round < 150; round++) {
        size_t ni = (size_t)rndi(1, 4), nv[4];
        for (size_t i = 0; i < ni; i++) nv[i] = (size_t)rndi(1, 5);
        pl_scenario_t *sc = new_scenario(ni, nv, 2);
        bool ties = rnd() % 2;
        for (size_t a = 0; a < 2; a++) {
            set_tables(sc, a, ties, false);
            if (rnd() % 2) sc->actors[a].reservation = rndi(0, 60) / 100.0;
        }
        if (round % 3 == 0) add_requirement(sc, 0, (size_t)rndi(0, (int)ni - 1), 0);
        pl_model_t *m = NULL;
        assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
        pl_session_t *se = session(m, UINT64_MAX), *ss = session(m, 0);
        assert_null(se->cache->ix[0].search);
        assert_non_null(ss->cache->ix[0].search);
        size_t o1[4], o2[4], rec[4];
        for (size_t a = 0; a < 2; a++) {
            pl_sim_view_t *ve = &se->neg[a], *vs = &ss->neg[a];
            assert_int_equal(ve->ix->n > 0, vs->ix->n > 0);
            if (ve->ix->n) assert_true(ve->ix->umax == vs->ix->umax);
            for (int t = 0; t < 12; t++) {
                double target = rndi(-10, 110) / 100.0 * (ve->ix->n ? ve->ix->umax : 1);
                double u1 = NAN, u2 = NAN;
                bool b1 = pl_i_offer_near(ve, target, o1, &u1);
                bool b2 = pl_i_offer_near(vs, target, o2, &u2);
                assert_int_equal(b1, b2);
                if (b1 && t == 0) {
                    assert_true(u1 == u2);
                    /* above its best the index offers the last best outcome in enumeration
                     * order, the search the first: the same utility */
                    if (target - 1e-12 <= ve->ix->umax) assert_memory_equal(o1, o2, ni * sizeof *o1);
                } else if (b1) {
                    double lo = lowest_at_or_above(ve->ix, target);
                    assert_true(u2 >= lo && u2 <= lo + 0.02 + 1e-12);
                    assert_true(pl_i_admissible(vs, o2));
                    if (target - 1e-12 <= ve->ix->umax) assert_true(score_of(vs, o2) >= score_of(ve, o1));
                }
                /* an offer received: the frequency model now breaks near-ties */
                for (size_t i = 0; i < ni; i++) rec[i] = (size_t)rndi(0, (int)nv[i] - 1);
                pl_i_receive(ve, rec);
                pl_i_receive(vs, rec);
            }
        }
        pl_session_free(se);
        pl_session_free(ss);
        pl_model_free(m);
        pl_scenario_free(sc);
    }
}

/* Brute force: the best utility actor a may offer (accepts it; NaN when none). */
static double best_admissible(const pl_model_t *m, size_t a)
{
    uint64_t n;
    assert_true(pl_model_space_size(m, &n));
    size_t o[8] = {0};
    double best = NAN;
    for (uint64_t x = 0; x < n; x++) {
        if (x) pl_model_outcome_next(m, o);
        if (!pl_model_accepts(m, a, o)) continue;
        double u = pl_model_utility(m, a, o);
        if (isnan(best) || u > best) best = u;
    }
    return best;
}

/* Hyper-rectangle domains: the local search's offers are admissible and reach the target (the
 * negotiator's best is exact: its own frontier is). */
static void test_rects_offers(void **state)
{
    (void)state;
    rng_state = 5;
    for (int round = 0; round < 60; round++) {
        size_t ni = (size_t)rndi(2, 6), nv[8];
        for (size_t i = 0; i < ni; i++) nv[i] = (size_t)rndi(2, 4);
        pl_scenario_t *sc = new_scenario(ni, nv, 2);
        for (size_t a = 0; a < 2; a++) {
            set_rects(sc, a, (size_t)rndi(2, 9));
            if (rnd() % 2) sc->actors[a].reservation = rndi(0, 40) / 100.0;
        }
        if (round % 4 == 0) add_requirement(sc, 1, (size_t)rndi(0, (int)ni - 1), 1);
        pl_model_t *m = NULL;
        assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
        pl_session_t *ss = session(m, 0);
        for (size_t a = 0; a < 2; a++) {
            pl_sim_view_t *v = &ss->neg[a];
            double best = best_admissible(m, a);
            assert_int_equal(v->ix->n > 0, !isnan(best));
            if (!v->ix->n) continue;
            assert_true(fabs(v->ix->umax - best) < 1e-12);
            for (int t = 0; t < 10; t++) {
                double target = rndi(0, 100) / 100.0 * best, u;
                size_t o[8];
                assert_true(pl_i_offer_near(v, target, o, &u));
                assert_true(pl_i_admissible(v, o));
                assert_true(u == pl_model_utility(m, a, o));
                assert_true(u >= target - 1e-12);
                assert_true(pl_view_random_offer(v, o));
                assert_true(pl_i_admissible(v, o));
            }
        }
        pl_session_free(ss);
        pl_model_free(m);
        pl_scenario_free(sc);
    }
}

/* A session's result and its trace as one string, for comparing runs. */
static void run_once(const pl_model_t *m, const pl_protocol_type *p, const pl_strategy_type *st,
                     uint64_t seed, pl_sim_result_t *res, size_t *outcome, size_t *nev)
{
    pl_sim_options_t o;
    pl_sim_options_init(&o);
    o.seed = seed;
    o.rounds = 60;
    o.default_strategy = st;
    pl_session_t *s = NULL;
    pl_error_t err;
    pl_error_init(&err);
    pl_status rc = pl_session_alloc(m, p, &o, &s, &err);
    if (rc != PL_OK) fail_msg("%s", err.message);
    assert_int_equal(pl_session_run(s, NULL), PL_OK);
    const pl_sim_result_t *r = pl_session_result(s);
    *res = *r;
    memcpy(outcome, r->outcome, pl_model_nissues(m) * sizeof *outcome);
    *nev = s->nev;
    if (r->agreement) assert_true(pl_model_feasible(m, r->outcome, NULL));
    pl_session_free(s);
    pl_error_destroy(&err);
}

/* Every protocol and strategy on a 10^20-outcome additive domain: sessions end normally, agree
 * only on feasible outcomes, and repeat exactly with the same seed. */
static void test_huge_additive_sessions(void **state)
{
    (void)state;
    rng_state = 3;
    size_t nv[20];
    for (size_t i = 0; i < 20; i++) nv[i] = 10;
    pl_scenario_t *sc = new_scenario(20, nv, 2);
    for (size_t a = 0; a < 2; a++) {
        set_tables(sc, a, false, true);
        sc->actors[a].reservation = 0.3;
    }
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    uint64_t n;
    assert_false(pl_model_space_size(m, &n));
    size_t agreements = 0, o1[20], o2[20];
    for (size_t p = 0; p < pl_protocol_count(); p++)
        for (size_t k = 0; k < pl_strategy_count(); k++) {
            pl_sim_result_t r1, r2;
            size_t e1, e2;
            run_once(m, pl_protocol_at(p), pl_strategy_at(k), 7, &r1, o1, &e1);
            run_once(m, pl_protocol_at(p), pl_strategy_at(k), 7, &r2, o2, &e2);
            assert_int_equal(r1.agreement, r2.agreement);
            assert_int_equal(r1.rounds, r2.rounds);
            assert_int_equal(e1, e2);
            if (r1.agreement) {
                agreements++;
                assert_memory_equal(o1, o2, sizeof o1);
            }
        }
    /* boulware against boulware agrees in alternating offers */
    pl_sim_result_t r;
    size_t e;
    run_once(m, pl_protocol_sao, pl_strategy_boulware, 1, &r, o1, &e);
    assert_true(r.agreement);
    assert_true(agreements > 0);
    pl_model_free(m);
    pl_scenario_free(sc);
}

/* The 2014 nonlinear domain (10^10 outcomes): boulware agents agree in alternating offers. */
static void test_nonlinear_2014(void **state)
{
    (void)state;
    const char *d = getenv("PL_SHARED_DATA");
    if (!d) skip();
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/genius/y2014/10issues", d);
    pl_scenario_t *sc = NULL;
    pl_error_t err;
    pl_error_init(&err);
    if (pl_genius_load_dir(dir, &sc, &err) != PL_OK) {
        pl_error_destroy(&err);
        skip();
    }
    pl_model_t *m = NULL;
    assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
    pl_sim_cache_t *cache = NULL;
    assert_int_equal(pl_sim_cache_alloc(m, &cache, NULL), PL_OK);
    assert_non_null(cache->ix[0].search);
    size_t agreements = 0;
    for (uint64_t seed = 1; seed <= 4; seed++) {
        pl_sim_options_t o;
        pl_sim_options_init(&o);
        o.seed = seed;
        o.cache = cache;
        pl_session_t *s = NULL;
        assert_int_equal(pl_session_alloc(m, pl_protocol_sao, &o, &s, NULL), PL_OK);
        assert_int_equal(pl_session_run(s, NULL), PL_OK);
        const pl_sim_result_t *r = pl_session_result(s);
        if (r->agreement) {
            agreements++;
            assert_true(pl_model_feasible(m, r->outcome, NULL));
        }
        pl_session_free(s);
    }
    assert_true(agreements >= 3);
    pl_sim_cache_free(cache);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_additive_equals_index),
        cmocka_unit_test(test_rects_offers),
        cmocka_unit_test(test_huge_additive_sessions),
        cmocka_unit_test(test_nonlinear_2014),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
