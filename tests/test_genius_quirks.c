/*
 * test_genius_quirks.c: GENIUS files as people have them. tests/genius-quirks/quirky holds the
 * folder of tests/genius-quirks/clean written with quirks (UTF-8 byte order mark, Windows line
 * endings, single quotes, attributes in another order, optional attributes missing,
 * evaluations and weights as floats in other spellings, a weight on the root objective, real
 * issues with GENIUS's parameter0/parameter1 evaluator); both must load to the same scenario.
 * Real issues are discretised (11 values, or the issue's own `step`).
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

#include "io/genius_internal.h"
#include "test_util.h"

static pl_scenario_t *load(const char *which)
{
    const char *src = getenv("PL_SOURCE_DIR");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/tests/genius-quirks/%s", src ? src : ".", which);
    pl_scenario_t *sc = NULL;
    pl_error_t err;
    pl_error_init(&err);
    pl_status s = pl_genius_load_dir(dir, &sc, &err);
    if (s != PL_OK) fail_msg("%s: %s", dir, err.message);
    pl_error_destroy(&err);
    return sc;
}

/* The two folders load to the same issues, parties, reservations, discounts and utilities
 * (bitwise, every outcome). */
static void test_quirks_load_identically(void **state)
{
    (void)state;
    pl_scenario_t *a = load("clean"), *b = load("quirky");
    assert_int_equal(a->nissues, 3);
    assert_int_equal(b->nissues, a->nissues);
    for (size_t i = 0; i < a->nissues; i++) {
        const pl_issue_t *x = &a->issues[i], *y = &b->issues[i];
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->nvalues, y->nvalues);
        for (size_t v = 0; v < x->nvalues; v++) {
            assert_string_equal(x->values[v], y->values[v]);
            assert_true(x->numeric[v] == y->numeric[v]);
        }
    }
    assert_int_equal(b->nactors, 2);
    for (size_t k = 0; k < 2; k++) {
        assert_string_equal(a->actors[k].name, b->actors[k].name);
        assert_true(a->actors[k].reservation == b->actors[k].reservation);
        assert_true(a->actors[k].discount == b->actors[k].discount);
    }
    pl_model_t *ma = NULL, *mb = NULL;
    assert_int_equal(pl_model_compile(a, &ma, NULL), PL_OK);
    assert_int_equal(pl_model_compile(b, &mb, NULL), PL_OK);
    uint64_t n;
    assert_true(pl_model_space_size(ma, &n));
    assert_int_equal(n, 3 * 4 * 11);
    size_t o[3] = {0};
    for (uint64_t x = 0; x < n; x++) {
        if (x) pl_model_outcome_next(ma, o);
        for (size_t k = 0; k < 2; k++)
            assert_true(pl_model_utility(ma, k, o) == pl_model_utility(mb, k, o));
    }
    /* by hand: the buyer at (blue, 4, price 15): 0.5 * 10/10 + 0.2 * (0.25 * 3 + 0.25) +
     * 0.3 * (-0.1 * 15 + 1.5) = 0.7; the seller at (red, 1, 10): 0.2 + 0.3 * 0.1 + 0.5 * 0.5 */
    size_t best[3] = {2, 3, 10}, other[3] = {0, 0, 5};
    assert_close(pl_model_utility(mb, 0, best), 0.7, 1e-12);
    assert_close(pl_model_utility(mb, 1, other), 0.2 + 0.03 + 0.25, 1e-12);
    assert_true(b->actors[0].discount == 0.9);
    pl_model_free(ma);
    pl_model_free(mb);
    pl_scenario_free(a);
    pl_scenario_free(b);
}

static const char *DOM =
    "<negotiation_template><utility_space><objective index=\"0\" name=\"r\">\n"
    "<issue index=\"1\" name=\"p\" type=\"real\" lowerbound=\"5\" upperbound=\"15\" STEP/>\n"
    "</objective></utility_space></negotiation_template>\n";
static const char *PROF =
    "<utility_space><objective index=\"0\" name=\"r\">\n"
    "<issue index=\"1\" name=\"p\" type=\"real\"><evaluator ftype=\"linear\" slope=\"0.1\" "
    "offset=\"-0.5\"/></issue>\n"
    "<weight index=\"1\" value=\"1\"/>\n"
    "</objective></utility_space>\n";

static pl_status load_real(const char *step, pl_scenario_t **sc, pl_error_t *err)
{
    char dom[1024];
    const char *at = strstr(DOM, "STEP");
    snprintf(dom, sizeof dom, "%.*s%s%s", (int)(at - DOM), DOM, step, at + 4);
    const char *pn[] = {"d/a.xml"};
    const char *pb[] = {PROF};
    size_t pl[] = {strlen(PROF)};
    return pl_i_genius_load_buffers("real", "d/dom.xml", dom, strlen(dom), pn, pb, pl, 1, sc, err);
}

/* Real issues: 11 values by default, the issue's own step when given; GENIUS's linear
 * evaluator (slope * x + offset, clamped to [0, 1]) at each value; bad bounds and steps fail. */
static void test_real_issues(void **state)
{
    (void)state;
    const struct {
        const char *step;
        size_t n;
        double second;
    } cases[] = {{"", 11, 6}, {"step=\"2.5\"", 5, 7.5}, {"step=\"3\"", 4, 8}};
    for (size_t c = 0; c < 3; c++) {
        pl_scenario_t *sc = NULL;
        pl_error_t err;
        pl_error_init(&err);
        pl_status s = load_real(cases[c].step, &sc, &err);
        if (s != PL_OK) fail_msg("%s", err.message);
        const pl_issue_t *is = &sc->issues[0];
        assert_int_equal(is->kind, PL_ISSUE_REAL);
        assert_int_equal(is->nvalues, cases[c].n);
        assert_true(is->numeric[0] == 5);
        assert_true(is->numeric[1] == cases[c].second);
        pl_model_t *m = NULL;
        assert_int_equal(pl_model_compile(sc, &m, NULL), PL_OK);
        for (size_t v = 0; v < is->nvalues; v++) {
            double want = 0.1 * is->numeric[v] - 0.5;
            want = want < 0 ? 0 : want > 1 ? 1 : want;
            assert_close(pl_model_utility(m, 0, &v), want, 1e-12);
        }
        pl_model_free(m);
        pl_scenario_free(sc);
        pl_error_destroy(&err);
    }
    const char *bad[] = {"step=\"0\"", "step=\"-1\"", "step=\"x\""};
    for (size_t c = 0; c < 3; c++) {
        pl_scenario_t *sc = NULL;
        pl_error_t err;
        pl_error_init(&err);
        assert_int_equal(load_real(bad[c], &sc, &err), PL_EPARSE);
        assert_non_null(strstr(err.message, "'p'"));
        assert_null(sc);
        pl_error_destroy(&err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quirks_load_identically),
        cmocka_unit_test(test_real_issues),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
