/*
 * test_skyline.c: the k-party skyline filter (k = 3..9) against the O(n^2 k) definition on
 * random inputs full of ties and duplicate vectors, small and large (the large ones fill the
 * filter's grid of cells), with and without tolerances, in key order and out of it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "analysis/analysis_internal.h"

static uint64_t rng_state;
static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33);
}

enum shape { GRID, SIMPLEX, NOISY };

/* n points of k coordinates on a grid of lev levels (ties everywhere), a fifth of them copies
 * of earlier points. SIMPLEX: integer coordinates with a common sum, so that nearly every
 * point is on the skyline (the filter's worst case). NOISY: grid plus noise far below the
 * tolerance, which must not change the answer. */
static void fill(double *u, size_t n, size_t k, enum shape sh, uint32_t lev)
{
    for (size_t i = 0; i < n; i++) {
        double *x = u + i * k;
        if (i && rnd() % 5 == 0) {
            memcpy(x, u + (rnd() % i) * k, k * sizeof *x);
            continue;
        }
        if (sh == SIMPLEX) {
            uint32_t left = lev * 2;
            for (size_t j = 0; j + 1 < k; j++) {
                uint32_t t = rnd() % (left / 2 + 1);
                x[j] = t;
                left -= t;
            }
            x[k - 1] = left;
        } else {
            for (size_t j = 0; j < k; j++) {
                x[j] = (double)(rnd() % lev) / lev;
                if (sh == NOISY) x[j] += (double)((int)(rnd() % 5) - 2) * 1e-13;
            }
        }
    }
}

static void check_case(size_t k, size_t n, enum shape sh, uint32_t lev, double ge, double gt,
                       bool keyed)
{
    double *u = malloc((n ? n : 1) * k * sizeof *u);
    pl_i_pt *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
    assert_non_null(u);
    assert_non_null(a);
    assert_non_null(b);
    fill(u, n, k, sh, lev);
    for (size_t i = 0; i < n; i++) {
        a[i].u = b[i].u = u + i * k;
        /* keys in input order (the callers' case) or shuffled (the filter must sort) */
        a[i].key = b[i].key = keyed ? 3 * i + 1 : (uint64_t)rnd() << 20 | i;
    }
    size_t ma = pl_i_skyline(a, n, k, ge, gt);
    size_t mb = pl_i_skyline_naive(b, n, k, ge, gt);
    assert_int_equal(ma, mb);
    if (n) assert_true(ma >= 1);
    /* the same points in the same (key) order */
    for (size_t i = 0; i < ma; i++) {
        assert_true(a[i].u == b[i].u);
        assert_true(a[i].key == b[i].key);
        if (i) assert_true(a[i - 1].key < a[i].key);
    }
    /* the whole array stays a permutation of the input: every vector once */
    unsigned char *seen = calloc(n ? n : 1, 1);
    assert_non_null(seen);
    for (size_t i = 0; i < n; i++) {
        size_t p = (size_t)(a[i].u - u) / k;
        assert_true(p < n && !seen[p]);
        seen[p] = 1;
    }
    free(seen);
    free(u);
    free(a);
    free(b);
}

static void test_skyline_k_small(void **state)
{
    (void)state;
    rng_state = 2024;
    for (size_t k = 3; k <= 9; k++)
        for (int rep = 0; rep < 120; rep++) {
            size_t n = rnd() % 150;
            enum shape sh = (enum shape)(rep % 3);
            uint32_t lev = 2 + rnd() % 6;
            /* the frontier's tolerance, the merge's robust form, and none */
            double tol = rep % 4 == 0 ? 0.0 : 1e-9;
            bool robust = rep % 2;
            check_case(k, n, sh, lev, robust ? 0.0 : tol, robust ? 2 * tol : tol, rep % 5 != 0);
        }
}

static void test_skyline_k_large(void **state)
{
    (void)state;
    rng_state = 77;
    /* enough points for a grid of many cells; SIMPLEX keeps most of them in the window */
    for (size_t k = 3; k <= 9; k++) {
        check_case(k, 2500, SIMPLEX, 6 + (uint32_t)k, 1e-9, 1e-9, true);
        check_case(k, 2500, GRID, 9, 0.0, 2e-9, true);
        check_case(k, 1200, NOISY, 5, 1e-9, 1e-9, false);
    }
    /* more parties than the 64-bit codes have fields for (k > 32): the filter runs without */
    check_case(40, 300, SIMPLEX, 20, 1e-9, 1e-9, true);
    check_case(33, 300, GRID, 3, 0.0, 2e-9, false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_skyline_k_small),
        cmocka_unit_test(test_skyline_k_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
