/*
 * test_threads.c: the engines called from several threads at once give what they give alone.
 * Frontiers of different sizes k (the sort comparator once read k from a file-scope variable)
 * and simulation batches run concurrently from pthreads; each result must equal the
 * single-threaded one. `make tsan-check` runs this under ThreadSanitizer, which reports any race.
 * Also the frontier's out-of-memory paths, which the allocation hook reaches in the skyline
 * kernels now that they allocate through pl_malloc.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <parley/parley.h>

#include "core/core_internal.h" /* pl_i_alloc_fail_after */

enum { NTHREADS = 6, ROUNDS = 2, NSESSIONS = 24, NISSUES = 5, NVALUES = 5, NPARTIES = 4 };

/* ---- the scenario: 4 parties with random additive utilities over 5 x 5 values (fixed seed) */

static uint64_t rng_state = 20240611;
static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(rng_state >> 33) % n;
}

static char *scenario_text(void)
{
    size_t cap = 1 << 14, n = 0;
    char *t = malloc(cap);
    assert_non_null(t);
#define OUT(...) (n += (size_t)snprintf(t + n, cap - n, __VA_ARGS__), assert_true(n < cap))
    OUT("parley: 1\nname: threads\nissues:\n");
    for (int i = 0; i < NISSUES; i++) {
        OUT("  i%d:\n    type: categorical\n    options: [", i);
        for (int v = 0; v < NVALUES; v++) OUT("%sv%d", v ? ", " : "", v);
        OUT("]\n");
    }
    OUT("actors:\n");
    for (int a = 0; a < NPARTIES; a++) {
        OUT("  P%d:\n    role: party\n    reservation: 0.2\n    utility:\n", a);
        for (int i = 0; i < NISSUES; i++) {
            OUT("      i%d: {weight: %u, values: {", i, 1 + rnd(5));
            for (int v = 0; v < NVALUES; v++) OUT("%sv%d: %u", v ? ", " : "", v, rnd(11));
            OUT("}}\n");
        }
    }
#undef OUT
    return t;
}

/* ---- the work: one frontier or one batch, and its comparison with the reference */

typedef struct job {
    size_t k;                   /* frontier of parties 0..k-1, or 0 for a batch */
    pl_frontier_method method;
    const char *protocol;       /* batches */
} job;

static const job jobs[] = {
    {2, PL_FRONTIER_ENUMERATE, NULL}, {3, PL_FRONTIER_ENUMERATE, NULL},
    {4, PL_FRONTIER_ENUMERATE, NULL}, {2, PL_FRONTIER_ADDITIVE, NULL},
    {3, PL_FRONTIER_ADDITIVE, NULL},  {4, PL_FRONTIER_ADDITIVE, NULL},
    {0, 0, "sao"},                    {0, 0, "single-text"},
};
enum { NJOBS = sizeof jobs / sizeof jobs[0] };

typedef struct result {
    pl_frontier_t *f;
    pl_sim_batch_t b;
    pl_status st;
} result;

static const pl_model_t *model;
static result reference[NJOBS];

static void run_job(const job *j, result *r)
{
    memset(r, 0, sizeof *r);
    if (j->k) {
        static const size_t parties[NPARTIES] = {0, 1, 2, 3};
        r->st = pl_frontier_compute(model, parties, j->k, j->method, 0, &r->f, NULL);
    } else {
        pl_sim_options_t o;
        pl_sim_options_init(&o);
        o.seed = 7;
        r->st = pl_sim_batch_run(model, pl_protocol_find(j->protocol), &o, NSESSIONS, &r->b, NULL);
    }
}

static void free_result(result *r)
{
    pl_frontier_free(r->f);
    if (!r->f) pl_sim_batch_destroy(&r->b);
    memset(r, 0, sizeof *r);
}

/* bitwise equality with the reference: the same arithmetic in the same order must give it */
static bool same(const job *j, const result *a, const result *b)
{
    if (a->st != PL_OK || b->st != PL_OK) return false;
    if (j->k) {
        const pl_frontier_t *x = a->f, *y = b->f;
        return x->k == y->k && x->npoints == y->npoints && x->total == y->total &&
               memcmp(x->u, y->u, x->npoints * x->k * sizeof *x->u) == 0 &&
               memcmp(x->count, y->count, x->npoints * sizeof *x->count) == 0 &&
               memcmp(x->outcome, y->outcome, x->npoints * x->nissues * sizeof *x->outcome) == 0;
    }
    const pl_sim_batch_t *x = &a->b, *y = &b->b;
    return x->agreements == y->agreements && x->total_rounds == y->total_rounds &&
           memcmp(x->mean_utility, y->mean_utility, NPARTIES * sizeof *x->mean_utility) == 0 &&
           memcmp(x->outcome, y->outcome, NSESSIONS * sizeof *x->outcome) == 0 &&
           memcmp(x->rounds, y->rounds, NSESSIONS * sizeof *x->rounds) == 0;
}

typedef struct worker {
    size_t id;
    size_t mismatches;
} worker;

/* each thread runs every job, starting at a different one, so different k overlap in time */
static void *work(void *arg)
{
    worker *w = arg;
    for (size_t round = 0; round < ROUNDS; round++)
        for (size_t q = 0; q < NJOBS; q++) {
            size_t i = (w->id + q) % NJOBS;
            result r;
            run_job(&jobs[i], &r);
            if (!same(&jobs[i], &r, &reference[i])) w->mismatches++;
            free_result(&r);
        }
    return NULL;
}

static int setup(void **state)
{
    (void)state;
    char *text = scenario_text();
    pl_scenario_t *sc = NULL;
    pl_error_t err;
    pl_error_init(&err);
    pl_status s = pl_scenario_load_yaml_string(text, strlen(text), "threads.yaml", NULL, &sc, &err);
    if (s != PL_OK) fprintf(stderr, "%s\n", err.message);
    free(text);
    pl_error_destroy(&err);
    if (s != PL_OK) return -1;
    pl_model_t *m = NULL;
    if (pl_model_compile(sc, &m, NULL) != PL_OK) return -1;
    model = m;
    /* the model keeps pointing into the scenario: both live until teardown */
    *state = sc;
    for (size_t i = 0; i < NJOBS; i++) run_job(&jobs[i], &reference[i]);
    return 0;
}

static int teardown(void **state)
{
    for (size_t i = 0; i < NJOBS; i++) free_result(&reference[i]);
    pl_model_free((pl_model_t *)model);
    pl_scenario_free(*state);
    return 0;
}

/* The references are worth comparing with: frontiers large enough for the sort's introsort
 * path (more than 40 points), the two frontier methods agreeing, batches that reach deals. */
static void test_reference_nontrivial(void **state)
{
    (void)state;
    for (size_t i = 0; i < NJOBS; i++) assert_int_equal(reference[i].st, PL_OK);
    assert_true(reference[2].f->npoints > 40);
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(reference[k].f->k, k + 2);
        assert_true(same(&jobs[k], &reference[k], &reference[k + 3]));
    }
    assert_true(reference[1].f->npoints > reference[0].f->npoints);
    for (size_t i = 6; i < NJOBS; i++) assert_true(reference[i].b.agreements > 0);
}

static void test_concurrent_equals_serial(void **state)
{
    (void)state;
    pthread_t th[NTHREADS];
    worker w[NTHREADS];
    for (size_t t = 0; t < NTHREADS; t++) {
        w[t] = (worker){t, 0};
        assert_int_equal(pthread_create(&th[t], NULL, work, &w[t]), 0);
    }
    size_t bad = 0;
    for (size_t t = 0; t < NTHREADS; t++) {
        assert_int_equal(pthread_join(th[t], NULL), 0);
        bad += w[t].mismatches;
    }
    assert_int_equal(bad, 0);
}

/* every allocation of every frontier job failing in turn: PL_ENOMEM and no frontier (ASan
 * checks for leaks), until the run succeeds and matches the reference */
static void test_frontier_oom(void **state)
{
    (void)state;
    for (size_t i = 0; i < NJOBS; i++) {
        if (!jobs[i].k) continue;
        size_t n;
        for (n = 1; n < 100000; n++) {
            result r;
            pl_i_alloc_fail_after(n);
            run_job(&jobs[i], &r);
            pl_i_alloc_fail_after(0);
            if (r.st == PL_OK) {
                assert_true(same(&jobs[i], &r, &reference[i]));
                free_result(&r);
                break;
            }
            assert_int_equal(r.st, PL_ENOMEM);
            assert_null(r.f);
        }
        assert_true(n > 1 && n < 100000);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_nontrivial),
        cmocka_unit_test(test_concurrent_equals_serial),
        cmocka_unit_test(test_frontier_oom),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
