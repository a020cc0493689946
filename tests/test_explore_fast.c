/*
 * test_explore_fast.c: the fast world evaluation (src/explore/world_fast.c: cached utility
 * columns, one decision per acceptance pattern) against the reference loop (every package
 * through pl_model_acceptances and pl_model_decides_by) on random scenarios whose utilities
 * (weights, Dirichlet saliences) and thresholds (reservations, participation, defection costs,
 * seats, quotas, clout) are uncertain: every world's headline and per-package tally must agree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <parley/parley.h>

#include "core/core_internal.h"
#include "explore/explore_internal.h"
#include "test_scenario_util.h"

#define PUT(...) (len += (size_t)snprintf(text + len, cap - len, __VA_ARGS__))

/* A random scenario: issues i0.. with options o0.. (nv[i] of them), parties P0.. in table form
 * (P1 in stance form with Dirichlet saliences), maybe one or two factions of P0 that can defect
 * under a quota ratification, a delegation with a mandate, requirements, a constraint and a decision
 * rule other than unanimity. `variant` changes the mandate and requirements only. */
static void scenario_text(char *text, size_t cap, const size_t *nv, size_t ni, int variant,
                          uint64_t shape)
{
    size_t len = 0;
    uint64_t saved = rng_state;
    rng_state = shape; /* the structure comes from `shape`, the numbers from the caller's stream */
    int nparties = rndi(2, 3), faction = rndi(0, 2), deleg = rndi(0, 1), rule = rndi(0, 2);
    int constraint = rndi(0, 1);
    rng_state = saved;
    PUT("parley: 1\nissues:\n");
    for (size_t i = 0; i < ni; i++) {
        PUT("  i%zu: {type: categorical, options: [", i);
        for (size_t v = 0; v < nv[i]; v++) PUT("%so%zu", v ? ", " : "", v);
        PUT("]}\n");
    }
    PUT("actors:\n");
    for (int p = 0; p < nparties; p++) {
        PUT("  P%d:\n    role: party\n    clout: {uniform: [0.5, 1.5]}\n", p);
        if (p == 0 && faction) PUT("    seats: 50\n");
        PUT("    reservation: {uniform: [%.2f, %.2f]}\n", 0.1 + 0.3 * rnd() / 4294967296.0,
            0.5 + 0.4 * rnd() / 4294967296.0);
        if (p == 1 && rndi(0, 1)) PUT("    participation: {uniform: [0.2, 0.7]}\n");
        if (rndi(0, 2) == 0 || (variant && p == nparties - 1))
            PUT("    requires:\n      - {issue: i%d, in: [o1%s]}\n", variant ? 0 : 1, variant ? "" : ", o0");
        if (p == 1) {
            PUT("    salience: {dirichlet: 20}\n    stance:\n");
            for (size_t i = 0; i < ni; i++)
                PUT("      i%zu: {position: o%d, salience: %.2f}\n", i, rndi(0, (int)nv[i] - 1),
                    0.1 + rnd() / 4294967296.0);
            continue;
        }
        PUT("    utility:\n");
        for (size_t i = 0; i < ni; i++) {
            PUT("      i%zu: {weight: {uniform: [0.1, %.2f]}, values: {", i, 0.2 + rnd() / 4294967296.0);
            for (size_t v = 0; v < nv[i]; v++) PUT("%so%zu: %d", v ? ", " : "", v, rndi(0, 10));
            PUT("}}\n");
        }
    }
    for (int g = 0; g < faction; g++) {
        PUT("  F%d:\n    role: faction\n    party: P0\n    seats: {uniform: [5, 20]}\n"
            "    reservation: {uniform: [0.3, 0.9]}\n    defection_cost: {uniform: [0, 0.2]}\n"
            "    utility:\n", g);
        for (size_t i = 0; i < ni; i++) {
            PUT("      i%zu: {weight: 1, values: {", i);
            for (size_t v = 0; v < nv[i]; v++) PUT("%so%zu: %d", v ? ", " : "", v, rndi(0, 10));
            PUT("}}\n");
        }
    }
    if (deleg) PUT("  D:\n    role: delegation\n    party: P0\n    mandate: {i%d: [o1]}\n", variant);
    PUT("  M:\n    role: mediator\n");
    if (faction) PUT("ratification:\n  P0: {rule: quota, quota: {uniform: [52, 62]}, total: 100}\n");
    if (rule == 1) PUT("decision: {rule: consensus, weight: clout, quota: 0.6}\n");
    if (rule == 2) PUT("decision: {rule: majority}\n");
    if (constraint) PUT("constraints:\n  c:\n    forbid: {i0: o1, i1: o0}\n");
    PUT("proposals:\n  X: {outcome: {");
    for (size_t i = 0; i < ni; i++) PUT("%si%zu: o%d", i ? ", " : "", i, rndi(0, (int)nv[i] - 1));
    PUT("}}\n");
}

static pl_scenario_t *load_text(const char *text)
{
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_status s = pl_scenario_load_yaml_string(text, strlen(text), "t.yaml", NULL, &sc, &err);
    if (s != PL_OK) print_error("%s\n%s\n", err.message, text);
    assert_int_equal(s, PL_OK);
    pl_error_destroy(&err);
    return sc;
}

/* What one world says, for comparison. */
typedef struct verdicts {
    uint64_t nfeasible, nash;
    bool pass[8], pivotal[16], blocks[16];
} verdicts;

static verdicts eval(pl_i_world *w, pl_i_evalbuf *b, uint64_t *pass)
{
    pl_error_t err;
    pl_error_init(&err);
    assert_int_equal(pl_i_world_eval(&w->sc, true, b, pass, &err), PL_OK);
    pl_error_destroy(&err);
    verdicts v;
    memset(&v, 0, sizeof v);
    v.nfeasible = b->ev.nfeasible;
    v.nash = b->ev.nash;
    for (size_t p = 0; p < b->nproposals && p < 8; p++) v.pass[p] = b->ev.proposal_pass[p];
    for (size_t a = 0; a < b->nactors && a < 16; a++) {
        v.pivotal[a] = b->ev.pivotal[a];
        v.blocks[a] = b->ev.blocks[a];
    }
    return v;
}

static void test_fast_equals_reference(void **state)
{
    (void)state;
    rng_state = 20261130;
    uint64_t worlds_feasible = 0, worlds_none = 0, pivotal = 0, blocks = 0, fast_worlds = 0;
    for (int trial = 0; trial < 40; trial++) {
        size_t ni = (size_t)rndi(2, 4), nv[4];
        for (size_t i = 0; i < ni; i++) nv[i] = (size_t)rndi(2, 4);
        uint64_t shape = rnd();
        char text[2][8192];
        pl_scenario_t *sc[2];
        for (int v = 0; v < 2; v++) {
            scenario_text(text[v], sizeof text[v], nv, ni, v, shape);
            sc[v] = load_text(text[v]);
        }
        pl_i_world w[2];
        pl_i_evalbuf fast, ref;
        assert_true(pl_i_world_init(&w[0], sc[0]) && pl_i_world_init(&w[1], sc[1]));
        assert_true(pl_i_evalbuf_init(&fast, sc[0]) && pl_i_evalbuf_init(&ref, sc[0]));
        ref.reference = true;
        uint64_t space = 1;
        for (size_t i = 0; i < ni; i++) space *= nv[i];
        uint64_t pf[256], pr[256];
        memset(pf, 0, sizeof pf);
        memset(pr, 0, sizeof pr);
        for (uint64_t i = 0; i < 60; i++) {
            /* the variants interleaved, and every third world drawn again later (the cached
             * columns of an earlier world are met again, as in Saltelli's design) */
            uint64_t id = i % 3 == 2 ? i - 2 : i;
            int v = (int)(id % 2);
            pl_rng_t r;
            pl_rng_stream(&r, (uint64_t)trial, id);
            for (size_t k = 0; k < sc[v]->nuncertain; k++) pl_i_world_draw(&w[v], k, &r);
            uint64_t before = fast.nfast;
            verdicts a = eval(&w[v], &fast, pf), b = eval(&w[v], &ref, pr);
            fast_worlds += fast.nfast - before;
            assert_int_equal(ref.nfast, 0);
            if (memcmp(&a, &b, sizeof a) != 0) print_error("trial %d world %llu:\n%s\n", trial,
                                                           (unsigned long long)i, text[v]);
            assert_int_equal(a.nfeasible, b.nfeasible);
            assert_int_equal(a.nash, b.nash);
            assert_memory_equal(a.pass, b.pass, sizeof a.pass);
            assert_memory_equal(a.pivotal, b.pivotal, sizeof a.pivotal);
            assert_memory_equal(a.blocks, b.blocks, sizeof a.blocks);
            assert_memory_equal(pf, pr, space * sizeof *pf);
            if (a.nfeasible) worlds_feasible++;
            else worlds_none++;
            for (size_t x = 0; x < 16; x++) {
                pivotal += a.pivotal[x];
                blocks += a.blocks[x];
            }
        }
        pl_i_evalbuf_destroy(&fast);
        pl_i_evalbuf_destroy(&ref);
        for (int v = 0; v < 2; v++) {
            pl_i_world_destroy(&w[v]);
            pl_scenario_free(sc[v]);
        }
    }
    /* the comparison saw every kind of world, and the fast path judged them */
    assert_true(worlds_feasible > 100 && worlds_none > 100);
    assert_true(pivotal > 50 && blocks > 50);
    assert_int_equal(fast_worlds, 40 * 60);
}

/* Out of memory while the columns are built: the world is judged by the reference loop, with
 * the same result; the next world, with memory back, by the fast path; nothing leaks. */
static void test_fast_out_of_memory(void **state)
{
    (void)state;
    rng_state = 77;
    size_t nv[3] = {3, 4, 2};
    char text[8192];
    scenario_text(text, sizeof text, nv, 3, 0, 12345);
    pl_scenario_t *sc = load_text(text);
    pl_i_world w;
    pl_i_evalbuf ref;
    assert_true(pl_i_world_init(&w, sc) && pl_i_evalbuf_init(&ref, sc));
    ref.reference = true;
    /* the allocations of compiling a world come first: count them */
    pl_error_t err;
    pl_error_init(&err);
    pl_model_t *m = NULL;
    pl_i_alloc_fail_after((size_t)-1);
    assert_int_equal(pl_model_compile(&w.sc, &m, &err), PL_OK);
    pl_model_free(m);
    size_t compile = pl_i_alloc_fail_after(0);
    uint64_t fell_back = 0;
    for (size_t after = 1; after <= 60; after++) {
        pl_i_evalbuf fast;
        assert_true(pl_i_evalbuf_init(&fast, sc));
        for (int again = 0; again < 2; again++) {
            pl_rng_t r;
            pl_rng_stream(&r, 5, 2 * after + (size_t)again);
            for (size_t k = 0; k < sc->nuncertain; k++) pl_i_world_draw(&w, k, &r);
            if (!again) pl_i_alloc_fail_after(compile + after);
            verdicts a = eval(&w, &fast, NULL);
            if (!again) pl_i_alloc_fail_after(0);
            verdicts b = eval(&w, &ref, NULL);
            assert_memory_equal(&a, &b, sizeof a);
            if (!again) fell_back += fast.nfast == 0;
        }
        assert_int_equal(fast.nfast >= 1, true); /* memory back: the fast path again */
        pl_i_evalbuf_destroy(&fast);
    }
    assert_true(fell_back >= 10); /* the failures did hit the fast path's allocations */
    pl_error_destroy(&err);
    pl_i_evalbuf_destroy(&ref);
    pl_i_world_destroy(&w);
    pl_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_equals_reference),
        cmocka_unit_test(test_fast_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
