/*
 * sort.c: pl_i_sort, an introsort whose comparator takes a context argument (C11 has no
 * qsort_r, and a comparator reading file-scope state races when threads sort concurrently).
 * Small arrays: insertion sort. Larger: median-of-three quicksort, heapsort past 2 log2 n levels.
 */
#include "core_internal.h"

#include <stdint.h>
#include <string.h>

/* below this many elements a range is finished by insertion sort */
#define SMALL 16
/* whole arrays up to this size are insertion-sorted (the merge sorts many tiny sets) */
#define SMALL_ARRAY 40

/* swap two elements word by word: the sorted records are multiples of 8 bytes, and a
 * fixed-size memcpy compiles to plain moves where a variable-size one is a library call */
static inline void swap_elems(unsigned char *a, unsigned char *b, size_t size)
{
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        memcpy(a + i, &y, 8);
        memcpy(b + i, &x, 8);
    }
    for (; i < size; i++) {
        unsigned char t = a[i];
        a[i] = b[i];
        b[i] = t;
    }
}

static inline void copy_elem(unsigned char *dst, const unsigned char *src, size_t size)
{
    size_t i = 0;
    for (; i + 8 <= size; i += 8) memcpy(dst + i, src + i, 8);
    for (; i < size; i++) dst[i] = src[i];
}

/* stable insertion sort of b[0..n) */
static void insertion(unsigned char *b, size_t n, size_t size, pl_i_cmp_fn cmp, void *ctx)
{
    if (size > 64) {
        /* large records: adjacent swaps (no temporary) */
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j > 0 && cmp(b + (j - 1) * size, b + j * size, ctx) > 0; j--)
                swap_elems(b + (j - 1) * size, b + j * size, size);
        return;
    }
    uint64_t tmpw[8]; /* 64 bytes, aligned for the word copies */
    unsigned char *tmp = (unsigned char *)tmpw;
    for (size_t i = 1; i < n; i++) {
        /* already in place: the common case on nearly sorted input */
        if (cmp(b + (i - 1) * size, b + i * size, ctx) <= 0) continue;
        copy_elem(tmp, b + i * size, size);
        size_t j = i;
        do {
            copy_elem(b + j * size, b + (j - 1) * size, size);
            j--;
        } while (j > 0 && cmp(b + (j - 1) * size, tmp, ctx) > 0);
        copy_elem(b + j * size, tmp, size);
    }
}

static void sift_down(unsigned char *b, size_t root, size_t n, size_t size, pl_i_cmp_fn cmp,
                      void *ctx)
{
    for (;;) {
        size_t c = 2 * root + 1;
        if (c >= n) return;
        if (c + 1 < n && cmp(b + c * size, b + (c + 1) * size, ctx) < 0) c++;
        if (cmp(b + root * size, b + c * size, ctx) >= 0) return;
        swap_elems(b + root * size, b + c * size, size);
        root = c;
    }
}

static void heapsort_range(unsigned char *b, size_t n, size_t size, pl_i_cmp_fn cmp, void *ctx)
{
    for (size_t i = n / 2; i-- > 0;) sift_down(b, i, n, size, cmp, ctx);
    for (size_t end = n; end-- > 1;) {
        swap_elems(b, b + end * size, size);
        sift_down(b, 0, end, size, cmp, ctx);
    }
}

static void introsort(unsigned char *b, size_t n, size_t size, pl_i_cmp_fn cmp, void *ctx,
                      unsigned depth)
{
    while (n > SMALL) {
        if (depth == 0) {
            /* quicksort is degenerating on this input: heapsort keeps O(n log n) */
            heapsort_range(b, n, size, cmp, ctx);
            return;
        }
        depth--;
        /* order first, middle, last; the median becomes the pivot at b[0], the largest stays
         * at the end as a sentinel for the left scan */
        unsigned char *lo = b, *mid = b + (n / 2) * size, *hi = b + (n - 1) * size;
        if (cmp(mid, lo, ctx) < 0) swap_elems(mid, lo, size);
        if (cmp(hi, mid, ctx) < 0) {
            swap_elems(hi, mid, size);
            if (cmp(mid, lo, ctx) < 0) swap_elems(mid, lo, size);
        }
        swap_elems(lo, mid, size);
        /* Hoare partition around b[0]: both scans stop on equal keys, which keeps runs of
         * equal elements balanced */
        size_t i = 0, j = n;
        for (;;) {
            do i++; while (cmp(b + i * size, b, ctx) < 0);
            do j--; while (cmp(b, b + j * size, ctx) < 0);
            if (i >= j) break;
            swap_elems(b + i * size, b + j * size, size);
        }
        swap_elems(b, b + j * size, size);
        /* recurse into the smaller side, loop on the larger: O(log n) stack */
        size_t nl = j, nr = n - j - 1;
        if (nl < nr) {
            introsort(b, nl, size, cmp, ctx, depth);
            b += (j + 1) * size;
            n = nr;
        } else {
            introsort(b + (j + 1) * size, nr, size, cmp, ctx, depth);
            n = nl;
        }
    }
    insertion(b, n, size, cmp, ctx);
}

void pl_i_sort(void *base, size_t n, size_t size, pl_i_cmp_fn cmp, void *ctx)
{
    if (n < 2 || size == 0) return;
    if (n <= SMALL_ARRAY) {
        insertion(base, n, size, cmp, ctx);
        return;
    }
    unsigned depth = 0;
    for (size_t m = n; m > 1; m >>= 1) depth += 2;
    introsort(base, n, size, cmp, ctx, depth);
}
