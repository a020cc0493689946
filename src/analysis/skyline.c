/*
 * skyline.c: the non-dominated subset of a point set (maximisation, tolerance eps).
 * Two parties: sort by the first utility and answer both halves of the dominance test with
 * prefix maxima of the second (O(n log n)). More: sort-filter-skyline (sort by the sum, which a
 * dominator exceeds, then test each point against the skyline found so far), with a final pass
 * over neighbours of nearly equal sum, where the tolerance lets a later point dominate.
 */
#include "analysis_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bool pl_i_dominates(const double *a, const double *b, size_t k, double ge, double gt)
{
    bool strict = false;
    for (size_t i = 0; i < k; i++) {
        if (a[i] < b[i] - ge) return false;
        if (a[i] > b[i] + gt) strict = true;
    }
    return strict;
}

void pl_i_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 40 || size > 64) {
        qsort(base, n, size, cmp);
        return;
    }
    /* insertion sort: stable, and far cheaper than qsort's set-up on the merge's small sets */
    unsigned char tmp[64], *b = base;
    for (size_t i = 1; i < n; i++) {
        size_t j = i;
        if (cmp(b + (j - 1) * size, b + i * size) <= 0) continue;
        memcpy(tmp, b + i * size, size);
        while (j > 0 && cmp(b + (j - 1) * size, tmp) > 0) {
            memcpy(b + j * size, b + (j - 1) * size, size);
            j--;
        }
        memcpy(b + j * size, tmp, size);
    }
}

static int cmp_key(const void *pa, const void *pb)
{
    const pl_i_pt *a = pa, *b = pb;
    return (a->key > b->key) - (a->key < b->key);
}

/* move flagged points to the front, sorted by key; returns their number */
static size_t compact(pl_i_pt *pts, size_t n, const unsigned char *keep)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (keep[i]) {
            pl_i_pt t = pts[m];
            pts[m] = pts[i];
            pts[i] = t;
            m++;
        }
    if (m <= 32) {
        /* small sets (the common case in the merge): insertion sort, no call overhead */
        for (size_t i = 1; i < m; i++) {
            pl_i_pt t = pts[i];
            size_t j = i;
            for (; j > 0 && pts[j - 1].key > t.key; j--) pts[j] = pts[j - 1];
            pts[j] = t;
        }
    } else {
        qsort(pts, m, sizeof *pts, cmp_key);
    }
    return m;
}

size_t pl_i_skyline_naive(pl_i_pt *pts, size_t n, size_t k, double ge, double gt)
{
    unsigned char *keep = malloc(n ? n : 1);
    if (!keep) return SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        keep[i] = 1;
        for (size_t j = 0; j < n && keep[i]; j++)
            if (j != i && pl_i_dominates(pts[j].u, pts[i].u, k, ge, gt)) keep[i] = 0;
    }
    size_t m = compact(pts, n, keep);
    free(keep);
    return m;
}

static int cmp_u0_desc(const void *pa, const void *pb)
{
    const pl_i_pt *a = pa, *b = pb;
    if (a->u[0] != b->u[0]) return a->u[0] < b->u[0] ? 1 : -1;
    if (a->u[1] != b->u[1]) return a->u[1] < b->u[1] ? 1 : -1;
    return (a->key > b->key) - (a->key < b->key);
}

/* number of leading points (sorted by u0 descending) with u0 > t (strict) or >= t */
static size_t prefix_above(const pl_i_pt *pts, size_t n, double t, bool strict)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        bool in = strict ? pts[mid].u[0] > t : pts[mid].u[0] >= t;
        if (in) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static size_t skyline2(pl_i_pt *pts, size_t n, double ge, double gt)
{
    pl_i_sort(pts, n, sizeof *pts, cmp_u0_desc);
    /* small inputs use the stack: the merge calls this once per issue and stage */
    double pm_small[129];
    unsigned char keep_small[128] = {0};
    bool small = n < 128;
    double *pm = small ? pm_small : malloc((n + 1) * sizeof *pm);
    unsigned char *keep = small ? keep_small : malloc(n ? n : 1);
    if (!pm || !keep) {
        if (!small) {
            free(pm);
            free(keep);
        }
        return SIZE_MAX;
    }
    pm[0] = -INFINITY;
    for (size_t j = 0; j < n; j++) pm[j + 1] = pts[j].u[1] > pm[j] ? pts[j].u[1] : pm[j];
    for (size_t j = 0; j < n; j++) {
        double x0 = pts[j].u[0], x1 = pts[j].u[1];
        /* (a) better by more than eps on u0, not worse on u1; (b) the other way round */
        size_t a = prefix_above(pts, n, x0 + gt, true);
        size_t b = prefix_above(pts, n, x0 - ge, false);
        bool dom = (a > 0 && pm[a] >= x1 - ge) || pm[b] > x1 + gt;
        keep[j] = !dom;
    }
    size_t m = compact(pts, n, keep);
    if (!small) {
        free(pm);
        free(keep);
    }
    return m;
}

typedef struct {
    double sum;
    size_t i;
} sum_ix;

static int cmp_sum_desc(const void *pa, const void *pb)
{
    const sum_ix *a = pa, *b = pb;
    if (a->sum != b->sum) return a->sum < b->sum ? 1 : -1;
    return (a->i > b->i) - (a->i < b->i);
}

static size_t skyline_k(pl_i_pt *pts, size_t n, size_t k, double ge, double gt)
{
    sum_ix *ord = malloc((n ? n : 1) * sizeof *ord);
    size_t *win = malloc((n ? n : 1) * sizeof *win);
    unsigned char *keep = calloc(n ? n : 1, 1);
    if (!ord || !win || !keep) {
        free(ord);
        free(win);
        free(keep);
        return SIZE_MAX;
    }
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t a = 0; a < k; a++) s += pts[i].u[a];
        ord[i].sum = s;
        ord[i].i = i;
    }
    pl_i_sort(ord, n, sizeof *ord, cmp_sum_desc);
    size_t nw = 0;
    for (size_t r = 0; r < n; r++) {
        const double *x = pts[ord[r].i].u;
        bool dom = false;
        for (size_t w = 0; w < nw; w++)
            if (pl_i_dominates(pts[win[w]].u, x, k, ge, gt)) {
                /* move the dominator to the front: it is likely to dominate the next ones */
                size_t t = win[w];
                memmove(win + 1, win, w * sizeof *win);
                win[0] = t;
                dom = true;
                break;
            }
        if (!dom) {
            win[nw++] = ord[r].i;
            keep[ord[r].i] = 1;
        }
    }
    /* a dominator's sum exceeds the dominated one's by more than gt - (k - 1) ge: with a
     * tolerance, points of nearly equal sum may come later in the order, check them directly */
    double margin = (double)k * (ge > gt ? ge : gt) + 1e-15 * (double)k;
    for (size_t r = 0; r < n; r++) {
        size_t i = ord[r].i;
        if (!keep[i]) continue;
        for (size_t s = r + 1; s < n && ord[s].sum >= ord[r].sum - margin; s++)
            if (pl_i_dominates(pts[ord[s].i].u, pts[i].u, k, ge, gt)) {
                keep[i] = 0;
                break;
            }
    }
    size_t m = compact(pts, n, keep);
    free(ord);
    free(win);
    free(keep);
    return m;
}

size_t pl_i_skyline(pl_i_pt *pts, size_t n, size_t k, double ge, double gt)
{
    if (n == 0) return 0;
    if (k == 1) {
        double best = -INFINITY;
        for (size_t i = 0; i < n; i++)
            if (pts[i].u[0] > best) best = pts[i].u[0];
        unsigned char *keep = malloc(n);
        if (!keep) return SIZE_MAX;
        for (size_t i = 0; i < n; i++) keep[i] = !(best > pts[i].u[0] + gt);
        size_t m = compact(pts, n, keep);
        free(keep);
        return m;
    }
    if (k == 2) return skyline2(pts, n, ge, gt);
    return skyline_k(pts, n, k, ge, gt);
}
