/*
 * skyline.c: the non-dominated subset of a point set (maximisation, tolerance eps).
 * Two parties: sort by the first utility and answer both halves of the dominance test with
 * prefix maxima of the second (O(n log n)). More: sort-filter-skyline (sort by the sum, which a
 * dominator exceeds, then test each point against the skyline found so far), with a final pass
 * over neighbours of nearly equal sum, where the tolerance lets a later point dominate.
 */
#include "analysis_internal.h"
#include "core/core_internal.h"

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

static int cmp_key(const void *pa, const void *pb, void *ctx)
{
    (void)ctx;
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
        pl_i_sort(pts, m, sizeof *pts, cmp_key, NULL);
    }
    return m;
}

size_t pl_i_skyline_naive(pl_i_pt *pts, size_t n, size_t k, double ge, double gt)
{
    unsigned char *keep = pl_malloc(n ? n : 1);
    if (!keep) return SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        keep[i] = 1;
        for (size_t j = 0; j < n && keep[i]; j++)
            if (j != i && pl_i_dominates(pts[j].u, pts[i].u, k, ge, gt)) keep[i] = 0;
    }
    size_t m = compact(pts, n, keep);
    pl_free(keep);
    return m;
}

/* a 2-party point with its utilities inline: sorting these avoids a pointer chase and a
 * comparison callback per step, which dominated the sweep on the merge's small stages */
typedef struct s2 {
    double a, b;
    uint64_t key;
    size_t i;   /* index in the caller's array */
} s2;

/* sweep order: u0 descending, then u1 descending, then key */
static inline bool s2_before(const s2 *x, const s2 *y)
{
    if (x->a != y->a) return x->a > y->a;
    if (x->b != y->b) return x->b > y->b;
    return x->key < y->key;
}

/* stable sort of v[0..n) in sweep order; tmp holds n entries */
static void s2_sort(s2 *v, s2 *tmp, size_t n)
{
    /* insertion-sorted runs of 4, then bottom-up merges: inputs often come in nearly the reverse
     * order (enumeration order tends to raise u0), where long insertion runs are quadratic */
    const size_t run = 4;
    for (size_t lo = 0; lo < n; lo += run) {
        size_t hi = lo + run < n ? lo + run : n;
        for (size_t i = lo + 1; i < hi; i++) {
            s2 t = v[i];
            size_t j = i;
            for (; j > lo && s2_before(&t, &v[j - 1]); j--) v[j] = v[j - 1];
            v[j] = t;
        }
    }
    s2 *src = v, *dst = tmp;
    for (size_t w = run; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t x = lo, y = mid, o = lo;
            while (x < mid && y < hi) dst[o++] = s2_before(&src[y], &src[x]) ? src[y++] : src[x++];
            while (x < mid) dst[o++] = src[x++];
            while (y < hi) dst[o++] = src[y++];
        }
        s2 *t = src;
        src = dst;
        dst = t;
    }
    if (src != v) memcpy(v, src, n * sizeof *v);
}

static size_t skyline2(pl_i_pt *pts, size_t n, double ge, double gt)
{
    /* small inputs stay on the stack: the merge calls this once per issue and stage */
    enum { SMALL = 128 };
    s2 v_small[SMALL], t_small[SMALL];
    double pm_small[SMALL + 1];
    pl_i_pt out_small[SMALL];
    bool small = n <= SMALL;
    s2 *v = v_small, *tmp = t_small;
    double *pm = pm_small;
    pl_i_pt *out = out_small;
    if (!small) {
        v = pl_malloc(n * sizeof *v);
        tmp = pl_malloc(n * sizeof *tmp);
        pm = pl_malloc((n + 1) * sizeof *pm);
        out = pl_malloc(n * sizeof *out);
        if (!v || !tmp || !pm || !out) {
            pl_free(v);
            pl_free(tmp);
            pl_free(pm);
            pl_free(out);
            return SIZE_MAX;
        }
    }
    for (size_t j = 0; j < n; j++) v[j] = (s2){pts[j].u[0], pts[j].u[1], pts[j].key, j};
    s2_sort(v, tmp, n);
    pm[0] = -INFINITY;
    for (size_t j = 0; j < n; j++) pm[j + 1] = v[j].b > pm[j] ? v[j].b : pm[j];
    /* x is dominated iff some y has (a) y0 > x0 + gt and y1 >= x1 - ge, or (b) y0 >= x0 - ge and
     * y1 > x1 + gt. Both candidate sets are prefixes of the sweep order, and their lengths only
     * grow as x0 falls, so two forward pointers replace a binary search per point. */
    size_t a = 0, b = 0, m = 0, d = n;
    for (size_t j = 0; j < n; j++) {
        double x0 = v[j].a, x1 = v[j].b;
        while (a < n && v[a].a > x0 + gt) a++;
        while (b < n && v[b].a >= x0 - ge) b++;
        bool dom = (a > 0 && pm[a] >= x1 - ge) || pm[b] > x1 + gt;
        /* survivors to the front, the rest behind them: pts stays a permutation */
        if (dom) out[--d] = pts[v[j].i];
        else tmp[m++] = v[j];
    }
    /* survivors back in key order: the callers pass points in key order, so restoring the input
     * order usually suffices (flags by input index, no sort); otherwise sort by key */
    bool sorted = true;
    for (size_t j = 1; j < n && sorted; j++) sorted = pts[j - 1].key <= pts[j].key;
    if (sorted) {
        unsigned char *keep = (unsigned char *)pm; /* pm is no longer needed */
        memset(keep, 0, n);
        for (size_t i = 0; i < m; i++) keep[tmp[i].i] = 1;
        for (size_t j = 0, o = 0; j < n; j++)
            if (keep[j]) out[o++] = pts[j];
    } else {
        for (size_t i = 0; i < m; i++) out[i] = pts[tmp[i].i];
        pl_i_sort(out, m, sizeof *out, cmp_key, NULL);
    }
    memcpy(pts, out, n * sizeof *pts);
    if (!small) {
        pl_free(v);
        pl_free(tmp);
        pl_free(pm);
        pl_free(out);
    }
    return m;
}

typedef struct {
    double sum;
    size_t i;
} sum_ix;

static int cmp_sum_desc(const void *pa, const void *pb, void *ctx)
{
    (void)ctx;
    const sum_ix *a = pa, *b = pb;
    if (a->sum != b->sum) return a->sum < b->sum ? 1 : -1;
    return (a->i > b->i) - (a->i < b->i);
}

/*
 * Signatures for a cheap necessary condition of dominance (the block filter): per coordinate a
 * few levels evenly spaced over its range; bit (a, j) of lo[p] says u_a is at or above level j,
 * of hi[p] that u_a - ge is. If q dominates p then q_a >= p_a - ge for every a, so every level
 * p clears by ge, q clears: (hi[p] & ~lo[q]) == 0. One AND rejects most pairs of a large k-party
 * skyline before the coordinate loop.
 */
/* The low c bits set, c = floor(y) clamped to 0..levels. */
static inline uint64_t level_bits(double y, size_t levels)
{
    if (!(y >= 1)) return 0;
    size_t c = y >= (double)levels ? levels : (size_t)y;
    return (UINT64_C(1) << c) - 1;
}

static void signatures(const pl_i_pt *pts, size_t n, size_t k, double ge, uint64_t *lo,
                       uint64_t *hi)
{
    size_t levels = 63 / k;
    if (levels > 16) levels = 16;
    memset(lo, 0, n * sizeof *lo);
    memset(hi, 0, n * sizeof *hi);
    for (size_t a = 0; a < k && levels; a++) {
        double mn = INFINITY, mx = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            double x = pts[i].u[a];
            if (x < mn) mn = x;
            if (x > mx) mx = x;
        }
        if (!(mx > mn)) continue;
        /* c(x) = levels at or below x, a nondecreasing function of x: lo takes c(x), hi
         * c(x - ge), so q_a >= p_a - ge gives c(q_a) >= c(p_a - ge) */
        double scale = (double)(levels + 1) / (mx - mn);
        unsigned shift = (unsigned)(a * levels);
        for (size_t i = 0; i < n; i++) {
            double x = pts[i].u[a];
            lo[i] |= level_bits((x - mn) * scale, levels) << shift;
            hi[i] |= level_bits((x - ge - mn) * scale, levels) << shift;
        }
    }
}

#define WBLOCK 8 /* window points per block of the block filter */

static size_t skyline_k(pl_i_pt *pts, size_t n, size_t k, double ge, double gt)
{
    sum_ix *ord = pl_malloc((n ? n : 1) * sizeof *ord);
    size_t *win = pl_malloc((n ? n : 1) * sizeof *win);
    unsigned char *keep = pl_calloc(n ? n : 1, 1);
    uint64_t *sig = pl_malloc(4 * (n ? n : 1) * sizeof *sig);
    if (!ord || !win || !keep || !sig) {
        pl_free(ord);
        pl_free(win);
        pl_free(keep);
        pl_free(sig);
        return SIZE_MAX;
    }
    /* wlo: lo of the window's points in order; bor: OR of wlo over each block of WBLOCK */
    uint64_t *lo = sig, *hi = sig + n, *wlo = sig + 2 * n, *bor = sig + 3 * n;
    signatures(pts, n, k, ge, lo, hi);
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t a = 0; a < k; a++) s += pts[i].u[a];
        ord[i].sum = s;
        ord[i].i = i;
    }
    pl_i_sort(ord, n, sizeof *ord, cmp_sum_desc, NULL);
    size_t nw = 0;
    for (size_t r = 0; r < n; r++) {
        size_t p = ord[r].i;
        const double *x = pts[p].u;
        uint64_t need = hi[p];
        bool dom = false;
        for (size_t b = 0; b * WBLOCK < nw && !dom; b++) {
            if (need & ~bor[b]) continue; /* no point of the block clears p's levels */
            size_t end = (b + 1) * WBLOCK < nw ? (b + 1) * WBLOCK : nw;
            for (size_t w = b * WBLOCK; w < end; w++)
                if (!(need & ~wlo[w]) && pl_i_dominates(pts[win[w]].u, x, k, ge, gt)) {
                    dom = true;
                    break;
                }
        }
        if (!dom) {
            if (nw % WBLOCK == 0) bor[nw / WBLOCK] = 0;
            bor[nw / WBLOCK] |= lo[p];
            wlo[nw] = lo[p];
            win[nw++] = p;
            keep[p] = 1;
        }
    }
    /* a dominator's sum exceeds the dominated one's by more than gt - (k - 1) ge: with a
     * tolerance, points of nearly equal sum may come later in the order, check them directly */
    double margin = (double)k * (ge > gt ? ge : gt) + 1e-15 * (double)k;
    for (size_t r = 0; r < n; r++) {
        size_t i = ord[r].i;
        if (!keep[i]) continue;
        for (size_t s = r + 1; s < n && ord[s].sum >= ord[r].sum - margin; s++)
            if (!(hi[i] & ~lo[ord[s].i]) && pl_i_dominates(pts[ord[s].i].u, pts[i].u, k, ge, gt)) {
                keep[i] = 0;
                break;
            }
    }
    size_t m = compact(pts, n, keep);
    pl_free(ord);
    pl_free(win);
    pl_free(keep);
    pl_free(sig);
    return m;
}

size_t pl_i_skyline(pl_i_pt *pts, size_t n, size_t k, double ge, double gt)
{
    if (n == 0) return 0;
    if (k == 1) {
        double best = -INFINITY;
        for (size_t i = 0; i < n; i++)
            if (pts[i].u[0] > best) best = pts[i].u[0];
        unsigned char *keep = pl_malloc(n);
        if (!keep) return SIZE_MAX;
        for (size_t i = 0; i < n; i++) keep[i] = !(best > pts[i].u[0] + gt);
        size_t m = compact(pts, n, keep);
        pl_free(keep);
        return m;
    }
    if (k == 2) return skyline2(pts, n, ge, gt);
    return skyline_k(pts, n, k, ge, gt);
}
