/*
 * test_explore_load.c: pl_explore_load against scenarios built for it: the weighted variants
 * in file order with their weights (an unweighted one left out), the spread's uniform ranges
 * on exactly the values it varies, none when the file states an uncertain value, and every
 * allocation failing in turn.
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

/* A and B are parties (A with a participation level), M a mediator without preferences. */
static const char *const head =
    "parley: 1\n"
    "issues:\n"
    "  deal: {type: categorical, options: [a, b, c]}\n"
    "actors:\n"
    "  A:\n"
    "    role: party\n"
    "    reservation: ";
static const char *const tail =
    "\n"
    "    participation: 0.25\n"
    "    utility: {deal: {weight: 1, values: {a: 3, b: 7, c: 10}}}\n"
    "  B:\n"
    "    role: party\n"
    "    reservation: 0.5\n"
    "    utility: {deal: {weight: 1, values: {a: 10, b: 3, c: 0}}}\n"
    "  M:\n"
    "    role: mediator\n";
static const char *const variants =
    "variants:\n"
    "  low: {weight: 3, actors: {A: {reservation: 0.125}}}\n"
    "  plain: {actors: {B: {reservation: 0.75}}}\n"
    "  high: {weight: 1, actors: {A: {reservation: 0.875}}}\n";

static const char *write_tmp(const char *name, const char *reservation, bool with_variants)
{
    static char p[4][512];
    static int slot;
    char *q = p[slot++ % 4];
    const char *t = getenv("TMPDIR");
    snprintf(q, 512, "%s/pl_test_xload_%d_%s", t ? t : "/tmp", (int)getpid(), name);
    FILE *f = fopen(q, "wb");
    assert_non_null(f);
    fputs(head, f);
    fputs(reservation, f);
    fputs(tail, f);
    if (with_variants) fputs(variants, f);
    fclose(f);
    return q;
}

static void expect_uniform(const pl_scenario_t *sc, size_t k, const char *path, double lo, double hi)
{
    assert_string_equal(sc->uncertain[k].path, path);
    assert_int_equal(sc->uncertain[k].dist.kind, PL_DIST_UNIFORM);
    assert_true(fabs(sc->uncertain[k].dist.a - lo) < 1e-15);
    assert_true(fabs(sc->uncertain[k].dist.b - hi) < 1e-15);
}

static void test_spread_and_variants(void **state)
{
    (void)state;
    const char *path = write_tmp("v.yaml", "0.5", true);
    pl_error_t err;
    pl_error_init(&err);
    pl_explore_input_t *in = NULL;
    assert_int_equal(pl_explore_load(path, NULL, 0.125, true, &in, &err), PL_OK);
    /* the two weighted variants, in file order; "plain" has no weight and is not drawn */
    assert_int_equal(in->nsc, 2);
    assert_string_equal(in->variant[0], "low");
    assert_string_equal(in->variant[1], "high");
    assert_true(in->weight[0] == 3 && in->weight[1] == 1);
    assert_true(in->spread == 0.125 && in->nuncertain == 0);
    /* each variant is varied around its own values: A's reservation, A's participation, B's
     * reservation (M has no preferences) */
    for (size_t v = 0; v < 2; v++) {
        const pl_scenario_t *sc = in->sc[v];
        double r = v == 0 ? 0.125 : 0.875;
        assert_int_equal(sc->nuncertain, 3);
        expect_uniform(sc, 0, "actors.A.reservation", r - 0.125, r + 0.125);
        expect_uniform(sc, 1, "actors.A.participation", 0.125, 0.375);
        expect_uniform(sc, 2, "actors.B.reservation", 0.375, 0.625);
    }
    pl_explore_input_free(in);

    /* variants off, or one named (with a --set after the spread's own): the one scenario */
    const char *sets[] = {"actors.B.reservation=0.25"};
    pl_load_opts_t o = {.variant = "plain", .sets = sets, .nsets = 1};
    assert_int_equal(pl_explore_load(path, &o, 0.125, true, &in, &err), PL_OK);
    assert_int_equal(in->nsc, 1);
    assert_string_equal(in->variant[0], "plain");
    assert_true(in->weight[0] == 1);
    assert_int_equal(in->sc[0]->nuncertain, 2); /* B's reservation is fixed by the --set */
    assert_true(in->sc[0]->actors[1].reservation == 0.25);
    pl_explore_input_free(in);
    assert_int_equal(pl_explore_load(path, NULL, 0, false, &in, &err), PL_OK);
    assert_true(in->nsc == 1 && in->variant[0] == NULL && isnan(in->spread));
    assert_int_equal(in->sc[0]->nuncertain, 0);
    pl_explore_input_free(in);

    /* an uncertain value in the file: no spread */
    const char *u = write_tmp("u.yaml", "{uniform: [0.25, 0.75]}", false);
    assert_int_equal(pl_explore_load(u, NULL, 0.125, true, &in, &err), PL_OK);
    assert_true(in->nsc == 1 && isnan(in->spread) && in->nuncertain == 1);
    expect_uniform(in->sc[0], 0, "actors.A.reservation", 0.25, 0.75);
    pl_explore_input_free(in);

    /* the loader's errors come back as they are */
    const char *bad[] = {"actors.C.reservation=0.5"};
    pl_load_opts_t ob = {.sets = bad, .nsets = 1};
    pl_error_clear(&err);
    pl_explore_input_t dummy;
    in = &dummy; /* overwritten with NULL */
    assert_int_not_equal(pl_explore_load(path, &ob, 0.125, true, &in, &err), PL_OK);
    assert_null(in);
    assert_non_null(strstr(err.diags[0].message, "--set 'actors.C.reservation=0.5'"));
    pl_error_destroy(&err);
    unlink(path);
    unlink(u);
}

/* Every allocation failing in turn: PL_ENOMEM (or PL_OK when the failure was not needed), never
 * a crash or a leak (the sanitizer build checks leaks). */
static void test_out_of_memory(void **state)
{
    (void)state;
    const char *path = write_tmp("m.yaml", "0.5", true);
    bool done = false;
    size_t n = 1;
    for (; !done && n < 100000; n++) {
        pl_error_t err;
        pl_error_init(&err);
        pl_explore_input_t *in = NULL;
        pl_i_alloc_fail_after(n);
        pl_status st = pl_explore_load(path, NULL, 0.125, true, &in, &err);
        size_t made = pl_i_alloc_fail_after(0);
        done = made < n;
        if (done) assert_int_equal(st, PL_OK);
        else assert_true(st == PL_OK || st == PL_ENOMEM);
        if (st != PL_OK) assert_null(in);
        else assert_int_equal(in->nsc, 2);
        pl_explore_input_free(in);
        pl_error_destroy(&err);
    }
    assert_true(done);
    assert_true(n > 100); /* the failures reached the variants' loads */
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spread_and_variants),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
