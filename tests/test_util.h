/*
 * test_util.h: shared checks for the cmocka tests. cmocka's assert_float_equal works in float,
 * so doubles are compared here: assert_close (absolute tolerance) and assert_rel (relative
 * tolerance); both print the expression, the value got and the value wanted on failure.
 * Include after <cmocka.h>.
 */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <math.h>

/* |got - want| <= tol (equal infinities pass; NaN never does) */
#define assert_close(got, want, tol)                                                               \
    pl_test_close_((double)(got), (double)(want), (double)(tol), #got, __FILE__, __LINE__)
/* |got - want| <= rel * |want| (want = 0 needs got = 0 exactly) */
#define assert_rel(got, want, rel)                                                                 \
    pl_test_rel_((double)(got), (double)(want), (double)(rel), #got, __FILE__, __LINE__)

static inline void pl_test_close_(double got, double want, double tol, const char *what,
                                  const char *file, int line)
{
    if (fabs(got - want) <= tol || got == want) return;
    print_error("%s = %.17g, want %.17g (tolerance %g)\n", what, got, want, tol);
    _fail(file, line);
}

static inline void pl_test_rel_(double got, double want, double rel, const char *what,
                                const char *file, int line)
{
    if (fabs(got - want) <= rel * fabs(want) || got == want) return;
    print_error("%s = %.17g, want %.17g (relative tolerance %g)\n", what, got, want, rel);
    _fail(file, line);
}

#endif
