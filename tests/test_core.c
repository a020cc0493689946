/*
 * test_core.c: the internal core helpers. pl_i_sort against a reference order on random and
 * patterned input (every element size path), its worst case under McIlroy's adversary; the
 * growable buffer and its JSON escaper against hand-written text; out-of-memory stickiness.
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

#include "core/core_internal.h"


/* ---- pl_i_sort ---- */

/* a record of `size` bytes: a key and its original position, the rest padding */
enum { MAXSIZE = 80 };
typedef struct rec {
    uint32_t key;
    uint32_t pos;
} rec;

typedef struct sort_ctx {
    size_t calls;   /* comparisons made */
    int sign;       /* 1 ascending, -1 descending: the context decides the order */
} sort_ctx;

static int cmp_rec(const void *pa, const void *pb, void *vctx)
{
    sort_ctx *c = vctx;
    rec a, b;
    memcpy(&a, pa, sizeof a);
    memcpy(&b, pb, sizeof b);
    c->calls++;
    return c->sign * ((a.key > b.key) - (a.key < b.key));
}

static int cmp_u32_qsort(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    return (a > b) - (a < b);
}

/* sort n records of `size` bytes made by `pattern`; check against qsort of the keys, that the
 * records stay whole (key, position and padding travel together), and the comparison count */
static void check_sort(size_t n, size_t size, int pattern, int sign)
{
    unsigned char *v = malloc(n * size + 1);
    uint32_t *keys = malloc((n + 1) * sizeof *keys);
    assert_non_null(v);
    assert_non_null(keys);
    for (size_t i = 0; i < n; i++) {
        uint32_t k;
        switch (pattern) {
        case 0: k = rnd(); break;                             /* distinct-ish */
        case 1: k = rnd() % 4; break;                         /* many equal */
        case 2: k = (uint32_t)i; break;                       /* sorted */
        case 3: k = (uint32_t)(n - i); break;                 /* reversed */
        case 4: k = (uint32_t)(i < n / 2 ? i : n - i); break; /* organ pipe */
        default: k = 7; break;                                /* all equal */
        }
        rec r = {k, (uint32_t)i};
        memcpy(v + i * size, &r, sizeof r);
        for (size_t b = sizeof r; b < size; b++) v[i * size + b] = (unsigned char)(k * 31 + i + b);
        keys[i] = k;
    }
    qsort(keys, n, sizeof *keys, cmp_u32_qsort);
    sort_ctx c = {0, sign};
    pl_i_sort(v, n, size, cmp_rec, &c);
    bool *seen = calloc(n + 1, 1);
    for (size_t i = 0; i < n; i++) {
        rec r;
        memcpy(&r, v + i * size, sizeof r);
        assert_int_equal(r.key, keys[sign > 0 ? i : n - 1 - i]);
        assert_true(r.pos < n);
        assert_false(seen[r.pos]);
        seen[r.pos] = true;
        for (size_t b = sizeof r; b < size; b++)
            assert_int_equal(v[i * size + b], (unsigned char)(r.key * 31 + r.pos + b));
    }
    /* O(n log n): 3 n log2 n is far above introsort's typical 1.2 n log2 n */
    double bound = n < 2 ? 0 : 3.0 * (double)n * log2((double)n) + (double)n;
    if (n > 40) assert_true((double)c.calls <= bound);
    free(seen);
    free(v);
    free(keys);
}

static void test_sort_matches_reference(void **state)
{
    (void)state;
    rng_state = 99;
    static const size_t sizes[] = {8, 16, 24, MAXSIZE}; /* MAXSIZE > 64: the swap-only path */
    static const size_t counts[] = {0, 1, 2, 3, 17, 40, 41, 100, 1000, 5000};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
        for (size_t c = 0; c < sizeof counts / sizeof *counts; c++)
            for (int p = 0; p < 6; p++) check_sort(counts[c], sizes[s], p, p % 2 ? -1 : 1);
}

/* McIlroy's adversary ("A killer adversary for quicksort", 1999) decides comparison results
 * lazily so as to make any quicksort quadratic; introsort must still stay O(n log n). The
 * adversary's state lives in the comparator context. */
typedef struct adversary {
    size_t *val;
    size_t gas, nsolid, candidate, calls;
} adversary;

static int cmp_adversary(const void *pa, const void *pb, void *vctx)
{
    adversary *ad = vctx;
    size_t x = *(const size_t *)pa, y = *(const size_t *)pb;
    ad->calls++;
    if (ad->val[x] == ad->gas && ad->val[y] == ad->gas) {
        if (x == ad->candidate) ad->val[x] = ad->nsolid++;
        else ad->val[y] = ad->nsolid++;
    }
    if (ad->val[x] == ad->gas) ad->candidate = x;
    else if (ad->val[y] == ad->gas) ad->candidate = y;
    return (ad->val[x] > ad->val[y]) - (ad->val[x] < ad->val[y]);
}

static void test_sort_adversary(void **state)
{
    (void)state;
    const size_t n = 20000;
    size_t *ptr = malloc(n * sizeof *ptr);
    adversary ad = {malloc(n * sizeof(size_t)), n, 0, 0, 0};
    assert_non_null(ptr);
    assert_non_null(ad.val);
    for (size_t i = 0; i < n; i++) {
        ptr[i] = i;
        ad.val[i] = ad.gas;
    }
    pl_i_sort(ptr, n, sizeof *ptr, cmp_adversary, &ad);
    for (size_t i = 1; i < n; i++) assert_true(ad.val[ptr[i - 1]] <= ad.val[ptr[i]]);
    /* a plain median-of-three quicksort makes about n^2 / 4 = 10^8 comparisons here */
    assert_true((double)ad.calls <= 8.0 * (double)n * log2((double)n));
    free(ptr);
    free(ad.val);
}

/* ---- the growable buffer ---- */

static void test_buf_text(void **state)
{
    (void)state;
    pl_i_buf_t b = {0};
    pl_i_buf_put(&b, "", 0);
    assert_non_null(b.p); /* even "" gives the caller a string */
    assert_string_equal(b.p, "");
    pl_i_buf_puts(&b, "a=");
    pl_i_buf_printf(&b, "%d,%.3g", 42, 0.5);
    pl_i_buf_put(&b, "xyz", 2);
    assert_string_equal(b.p, "a=42,0.5xy");
    assert_int_equal(b.n, 10);
    /* a formatted piece longer than the stack buffer, and growth past the first block */
    char big[5001];
    memset(big, 'q', 5000);
    big[5000] = '\0';
    pl_i_buf_printf(&b, "[%s]", big);
    assert_int_equal(b.n, 10 + 5002);
    assert_int_equal(strlen(b.p), b.n);
    assert_true(b.p[10] == '[' && b.p[11] == 'q' && b.p[5010] == 'q' && b.p[5011] == ']');
    assert_false(b.oom);
    pl_free(b.p);
}

static void test_buf_json(void **state)
{
    (void)state;
    pl_i_buf_t b = {0};
    pl_i_buf_json_str(&b, "plain");
    pl_i_buf_puts(&b, " ");
    pl_i_buf_json_str(&b, "say \"hi\"\\ok\n\tend\x01\x1f \xc3\xa9");
    pl_i_buf_puts(&b, " ");
    pl_i_buf_json_str(&b, NULL);
    assert_string_equal(b.p, "\"plain\" \"say \\\"hi\\\"\\\\ok\\u000a\\u0009end\\u0001\\u001f \xc3\xa9\" \"\"");
    pl_free(b.p);
}

static void test_buf_oom_sticky(void **state)
{
    (void)state;
    pl_i_buf_t b = {0};
    pl_i_buf_puts(&b, "kept");
    pl_i_alloc_fail_after(1);
    char big[5000];
    memset(big, 'z', sizeof big);
    pl_i_buf_put(&b, big, sizeof big); /* needs to grow: fails */
    size_t made = pl_i_alloc_fail_after(0);
    assert_int_equal(made, 1);
    assert_true(b.oom);
    pl_i_buf_puts(&b, "more"); /* would fit, but the buffer stays failed */
    pl_i_buf_printf(&b, "%d", 1);
    assert_string_equal(b.p, "kept");
    assert_int_equal(b.n, 4);
    pl_free(b.p);
}

/* the hook counts only while armed, and disarmed allocations succeed */
static void test_alloc_hook(void **state)
{
    (void)state;
    assert_int_equal(pl_i_alloc_fail_after(3), 0);
    void *p1 = pl_malloc(8), *p2 = pl_calloc(2, 8);
    char *p3 = pl_strdup("x");
    void *p4 = pl_malloc(8);
    assert_non_null(p1);
    assert_non_null(p2);
    assert_null(p3);
    assert_null(p4);
    assert_int_equal(pl_i_alloc_fail_after(0), 4);
    void *p5 = pl_realloc(p1, 64);
    assert_non_null(p5);
    assert_int_equal(pl_i_alloc_fail_after(0), 0);
    pl_free(p5);
    pl_free(p2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sort_matches_reference),
        cmocka_unit_test(test_sort_adversary),
        cmocka_unit_test(test_buf_text),
        cmocka_unit_test(test_buf_json),
        cmocka_unit_test(test_buf_oom_sticky),
        cmocka_unit_test(test_alloc_hook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
