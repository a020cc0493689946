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
    /* the callers pass points in key order, which this compaction keeps: no sort needed */
    bool sorted = true;
    for (size_t i = 1; i < m && sorted; i++) sorted = pts[i - 1].key < pts[i].key;
    if (sorted) return m;
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

/* A stable sort of v[0..n) (tmp holds n entries) by the inline comparison BEFORE: insertion-sorted
 * runs of RUN, then bottom-up merges. Inline comparisons, as the callback sort was a third of
 * the filter on small inputs; short runs, as inputs often come nearly reversed (enumeration
 * order tends to raise u0), where long insertion runs are quadratic. */
#define DEFINE_RUN_MERGE_SORT(NAME, T, BEFORE, RUN)                                              \
    static void NAME(T *v, T *tmp, size_t n)                                                    \
    {                                                                                           \
        for (size_t lo = 0; lo < n; lo += (RUN)) {                                              \
            size_t hi = lo + (RUN) < n ? lo + (RUN) : n;                                        \
            for (size_t i = lo + 1; i < hi; i++) {                                              \
                T t = v[i];                                                                     \
                size_t j = i;                                                                   \
                for (; j > lo && BEFORE(&t, &v[j - 1]); j--) v[j] = v[j - 1];                   \
                v[j] = t;                                                                       \
            }                                                                                   \
        }                                                                                       \
        T *src = v, *dst = tmp;                                                                 \
        for (size_t w = (RUN); w < n; w *= 2) {                                                 \
            for (size_t lo = 0; lo < n; lo += 2 * w) {                                          \
                size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;     \
                size_t x = lo, y = mid, o = lo;                                                 \
                while (x < mid && y < hi) dst[o++] = BEFORE(&src[y], &src[x]) ? src[y++] : src[x++]; \
                while (x < mid) dst[o++] = src[x++];                                            \
                while (y < hi) dst[o++] = src[y++];                                             \
            }                                                                                   \
            T *t = src;                                                                         \
            src = dst;                                                                          \
            dst = t;                                                                            \
        }                                                                                       \
        if (src != v) memcpy(v, src, n * sizeof *v);                                            \
    }

/* s2_sort: stable, in sweep order */
DEFINE_RUN_MERGE_SORT(s2_sort, s2, s2_before, 4)

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

/* order of the filter: sum descending, then index (a total order, so any correct sort gives
 * the same sequence) */
static inline bool sum_before(const sum_ix *x, const sum_ix *y)
{
    if (x->sum != y->sum) return x->sum > y->sum;
    return x->i < y->i;
}

/* sort_sum: v[0..n) into filter order */
DEFINE_RUN_MERGE_SORT(sort_sum, sum_ix, sum_before, 8)

/*
 * Codes for a cheap necessary condition of dominance (the block filter). Each coordinate gets a
 * field of w = 64 / k bits: a guard bit on top of a level c(x) in 0..2^(w-1)-1, c nondecreasing
 * in x and evenly spaced over the coordinate's range. lo[p] holds c(p_a) per field, hi[p]
 * c(p_a - ge). If q dominates p then q_a >= p_a - ge for every a, so lo[q] >= hi[p] field by
 * field: one subtraction tests all fields at once (may_dom). Blocks of the window keep the
 * fieldwise maximum of their codes, so one test rejects a whole block.
 */
typedef struct codec {
    uint64_t guard; /* the guard bit of every field */
    uint64_t ones;  /* the lowest bit of every field */
    unsigned w;     /* field width; 0: no codes (every test passes) */
} codec;

static codec codec_make(size_t k)
{
    codec c = {0, 0, 0};
    size_t w = 64 / k;
    if (w > 21) w = 21; /* 2^20 levels are plenty; keeps the level arithmetic in a double */
    if (w < 2) return c;
    c.w = (unsigned)w;
    for (size_t a = 0; a < k; a++) {
        c.guard |= UINT64_C(1) << (a * w + w - 1);
        c.ones |= UINT64_C(1) << (a * w);
    }
    return c;
}

/* every field of x at or above the same field of y? */
static inline bool may_dom(const codec *c, uint64_t x, uint64_t y)
{
    /* per field (x | guard) - y >= 1 never borrows; its guard survives iff x >= y */
    return (((x | c->guard) - y) & c->guard) == c->guard;
}

/* fieldwise maximum */
static inline uint64_t field_max(const codec *c, uint64_t x, uint64_t y)
{
    if (!c->w) return 0; /* no codes (k > 32): every test passes anyway */
    uint64_t ge = (((x | c->guard) - y) & c->guard) >> (c->w - 1); /* lowest bit: x >= y */
    uint64_t m = ge * ((UINT64_C(1) << c->w) - 1);                  /* whole fields */
    return (x & m) | (y & ~m);
}

static void codes(const codec *c, const pl_i_pt *pts, size_t n, size_t k, double ge,
                  uint64_t *lo, uint64_t *hi)
{
    memset(lo, 0, n * sizeof *lo);
    memset(hi, 0, n * sizeof *hi);
    if (!c->w) return;
    double top = (double)((UINT64_C(1) << (c->w - 1)) - 1);
    for (size_t a = 0; a < k; a++) {
        double mn = INFINITY, mx = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            double x = pts[i].u[a];
            if (x < mn) mn = x;
            if (x > mx) mx = x;
        }
        if (!(mx > mn)) continue;
        /* (x - mn) * scale is nondecreasing in x (rounding is monotone), so is its clamped
         * floor: q_a >= p_a - ge gives c(q_a) >= c(p_a - ge) */
        double scale = top / (mx - mn);
        unsigned shift = (unsigned)a * c->w;
        for (size_t i = 0; i < n; i++) {
            double y = (pts[i].u[a] - mn) * scale, z = (pts[i].u[a] - ge - mn) * scale;
            uint64_t cy = !(y >= 0) ? 0 : y >= top ? (uint64_t)top : (uint64_t)y;
            uint64_t cz = !(z >= 0) ? 0 : z >= top ? (uint64_t)top : (uint64_t)z;
            lo[i] |= cy << shift;
            hi[i] |= cz << shift;
        }
    }
}

static inline bool dominates_k(const double *a, const double *b, size_t k, double ge, double gt)
{
    bool strict = false;
    for (size_t i = 0; i < k; i++) {
        if (a[i] < b[i] - ge) return false;
        strict |= a[i] > b[i] + gt;
    }
    return strict;
}

#define WBLOCK 8 /* window points per block of the filter */
#define GBITS 4  /* at most 2^GBITS grid cells per axis */

/*
 * The sort-filter-skyline's window: the survivors so far, filed by a grid on the codes of the
 * first two coordinates, so that a block holds nearby points (its maximum then rejects it
 * often, where blocks in arrival order span the whole range) and a point only visits the cells
 * at or above its own in both coordinates. Each cell is a chain of blocks of WBLOCK points;
 * point slots are block * WBLOCK + j, with the codes and coordinates inline.
 */
typedef struct window {
    size_t gshift;  /* cell coordinate = field code >> gshift */
    size_t gside;   /* cells per axis */
    size_t gdim;    /* grid axes: the first gdim coordinates */
    size_t nblk;    /* blocks in use */
    size_t *head;   /* per cell: first block or SIZE_MAX */
    size_t *tail;   /* per cell: last block */
    uint64_t *cmax; /* per cell: fieldwise max of its codes */
    size_t *next;   /* per block: next block of its cell or SIZE_MAX */
    size_t *cnt;    /* per block: points in it */
    uint64_t *bmax; /* per block: fieldwise max of its codes */
    uint64_t *lo;   /* per slot: code */
    double *u;      /* per slot: k coordinates */
} window;

/* the cell's coordinate on axis a */
static inline size_t cell_axis(const window *W, const codec *c, uint64_t code, size_t a)
{
    if (!c->w) return 0;
    uint64_t f = (UINT64_C(1) << (c->w - 1)) - 1;
    return (size_t)(((code >> (a * c->w)) & f) >> W->gshift);
}

static size_t cell_of(const window *W, const codec *c, uint64_t code)
{
    size_t cell = 0;
    for (size_t a = W->gdim; a-- > 0;) cell = cell * W->gside + cell_axis(W, c, code, a);
    return cell;
}

/* is x (code need = hi[x]) dominated by a point of the window? */
static bool window_dominated(const window *W, const codec *c, const double *x, uint64_t need,
                             size_t k, double ge, double gt)
{
    /* the cells at or above need's on every axis, by an odometer over the axes */
    size_t from[3] = {0, 0, 0}, at[3] = {0, 0, 0}, stride[3] = {1, W->gside, W->gside * W->gside};
    size_t cell = 0;
    for (size_t a = 0; a < W->gdim; a++) {
        from[a] = at[a] = cell_axis(W, c, need, a);
        cell += at[a] * stride[a];
    }
    for (;;) {
        if (W->head[cell] != SIZE_MAX && may_dom(c, W->cmax[cell], need))
            for (size_t b = W->head[cell]; b != SIZE_MAX; b = W->next[b]) {
                if (!may_dom(c, W->bmax[b], need)) continue;
                for (size_t w = b * WBLOCK, end = w + W->cnt[b]; w < end; w++)
                    if (may_dom(c, W->lo[w], need) && dominates_k(W->u + w * k, x, k, ge, gt))
                        return true;
            }
        size_t a = 0;
        for (; a < W->gdim; a++) {
            if (++at[a] < W->gside) {
                cell += stride[a];
                break;
            }
            cell -= (at[a] - 1 - from[a]) * stride[a];
            at[a] = from[a];
        }
        if (a == W->gdim) return false;
    }
}

static void window_add(window *W, const codec *c, const double *x, uint64_t lo, size_t k)
{
    size_t cell = cell_of(W, c, lo), b = W->tail[cell];
    if (W->head[cell] == SIZE_MAX || W->cnt[b] == WBLOCK) {
        size_t nb = W->nblk++;
        W->next[nb] = SIZE_MAX;
        W->cnt[nb] = 0;
        W->bmax[nb] = lo;
        if (W->head[cell] == SIZE_MAX) {
            W->head[cell] = nb;
            W->cmax[cell] = lo;
        } else {
            W->next[b] = nb;
        }
        W->tail[cell] = b = nb;
    }
    size_t w = b * WBLOCK + W->cnt[b]++;
    W->lo[w] = lo;
    memcpy(W->u + w * k, x, k * sizeof *x);
    W->bmax[b] = field_max(c, W->bmax[b], lo);
    W->cmax[cell] = field_max(c, W->cmax[cell], lo);
}

/* the window's arrays for up to n points in one allocation; false when out of memory */
static bool window_init(window *W, const codec *c, size_t n, size_t k)
{
    /* grid axes: two for k = 3 (the frontier is a surface there), three above; about 32
     * points per cell: 2^(gdim gb) cells, clamped */
    W->gdim = c->w ? (k > 3 ? 3 : 2) : 1;
    size_t gb = 0;
    while (gb < GBITS && ((size_t)32 << (W->gdim * (gb + 1))) <= n) gb++;
    if (c->w && c->w - 1 < gb) gb = c->w - 1;
    W->gshift = c->w ? c->w - 1 - gb : 0;
    W->gside = (size_t)1 << gb;
    size_t ncell = (size_t)1 << (W->gdim * gb);
    size_t maxblk = n / WBLOCK + ncell + 1; /* each cell leaves at most one block partial */
    W->nblk = 0;
    size_t words = 3 * ncell + 3 * maxblk + maxblk * WBLOCK * (1 + k);
    uint64_t *mem = pl_malloc(words * sizeof *mem);
    if (!mem) return false;
    W->cmax = mem;
    W->head = (size_t *)(mem + ncell);
    W->tail = (size_t *)(mem + 2 * ncell);
    W->bmax = mem + 3 * ncell;
    W->next = (size_t *)(W->bmax + maxblk);
    W->cnt = (size_t *)(W->bmax + 2 * maxblk);
    W->lo = W->bmax + 3 * maxblk;
    W->u = (double *)(W->lo + maxblk * WBLOCK);
    for (size_t i = 0; i < ncell; i++) W->head[i] = SIZE_MAX;
    return true;
}

static size_t skyline_k(pl_i_pt *pts, size_t n, size_t k, double ge, double gt)
{
    size_t n1 = n ? n : 1;
    sum_ix *ord = pl_malloc(2 * n1 * sizeof *ord); /* the order, then the sort's scratch */
    unsigned char *keep = pl_calloc(n1, 1);
    uint64_t *sig = pl_malloc(2 * n1 * sizeof *sig);
    codec c = codec_make(k);
    window W;
    if (!ord || !keep || !sig || !window_init(&W, &c, n, k)) {
        pl_free(ord);
        pl_free(keep);
        pl_free(sig);
        return SIZE_MAX;
    }
    uint64_t *lo = sig, *hi = sig + n1;
    codes(&c, pts, n, k, ge, lo, hi);
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t a = 0; a < k; a++) s += pts[i].u[a];
        ord[i].sum = s;
        ord[i].i = i;
    }
    sort_sum(ord, ord + n1, n);
    /* a point can only be dominated by one of larger sum (up to the tolerance, below): test it
     * against the survivors so far; the order of those tests does not change the answer */
    for (size_t r = 0; r < n; r++) {
        size_t p = ord[r].i;
        if (!window_dominated(&W, &c, pts[p].u, hi[p], k, ge, gt)) {
            window_add(&W, &c, pts[p].u, lo[p], k);
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
            if (may_dom(&c, lo[ord[s].i], hi[i]) &&
                dominates_k(pts[ord[s].i].u, pts[i].u, k, ge, gt)) {
                keep[i] = 0;
                break;
            }
    }
    size_t m = compact(pts, n, keep);
    pl_free(ord);
    pl_free(keep);
    pl_free(sig);
    pl_free(W.cmax);
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
