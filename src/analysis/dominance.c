/*
 * dominance.c: offline dominance counting for the meet-in-the-middle count (count_mitm.c): how
 * many pairs (p, q) of a point set P and a query set Q have p[j] >= q[j] in every coordinate j.
 * Divide and conquer on a coordinate: split both sets at a pivot; the high points against the
 * low queries lose that coordinate (a problem of one dimension less), the other two halves
 * recurse. One coordinate left: sort and binary search; two: a sweep with a Fenwick tree.
 * Each subproblem first drops coordinates every pair satisfies and items no pair can use. A
 * work budget bounds the whole: subproblems left unexplored add their pair count to `open`.
 */
#include "analysis_internal.h"
#include "core/core_internal.h"

#include <string.h>

#define MAXD 64

typedef struct dc {
    uint64_t work, max_work;
    uint64_t lo, open;     /* pairs counted, pairs left unexplored (saturating) */
    double *keys;          /* scratch: np doubles (sorted point coordinates) */
    uint64_t *fen;         /* scratch: np + 1 (Fenwick tree) */
    const double **ev;     /* scratch: np + nq (the sweep's events) */
} dc;

static uint64_t sat_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }
static uint64_t sat_mul(uint64_t a, uint64_t b)
{
    return a && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

static int cmp_d(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* first index in sorted v[0..n) with v >= x */
static size_t lower_bound(const double *v, size_t n, double x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static uint64_t log2u(size_t n)
{
    uint64_t l = 1;
    while (n >>= 1) l++;
    return l;
}

/* one coordinate a: sort the points' values, binary-search each query */
static void sweep1(dc *c, const double **P, size_t np, const double **Q, size_t nq, size_t a)
{
    for (size_t p = 0; p < np; p++) c->keys[p] = P[p][a];
    pl_i_sort(c->keys, np, sizeof *c->keys, cmp_d, NULL);
    uint64_t s = 0;
    for (size_t q = 0; q < nq; q++) s += np - lower_bound(c->keys, np, Q[q][a]);
    c->lo = sat_add(c->lo, s);
}

typedef struct ev_ctx {
    size_t a;
} ev_ctx;

/* descending coordinate a */
static int cmp_ev(const void *pa, const void *pb, void *ctx)
{
    const ev_ctx *e = ctx;
    const double *x = *(const double *const *)pa, *y = *(const double *const *)pb;
    if (x[e->a] != y[e->a]) return x[e->a] > y[e->a] ? -1 : 1;
    return 0;
}

/* two coordinates a, b: sweep by a descending; a Fenwick tree over the points' b values counts
 * the inserted points with b >= the query's */
static void sweep2(dc *c, const double **P, size_t np, const double **Q, size_t nq, size_t a,
                   size_t b)
{
    for (size_t p = 0; p < np; p++) c->keys[p] = P[p][b];
    pl_i_sort(c->keys, np, sizeof *c->keys, cmp_d, NULL);
    /* points and queries sorted apart, then merged: points first at equal a */
    ev_ctx e = {a};
    const double **ps = c->ev, **qs = c->ev + np;
    memcpy(ps, P, np * sizeof *ps);
    memcpy(qs, Q, nq * sizeof *qs);
    pl_i_sort(ps, np, sizeof *ps, cmp_ev, &e);
    pl_i_sort(qs, nq, sizeof *qs, cmp_ev, &e);
    memset(c->fen, 0, (np + 1) * sizeof *c->fen);
    uint64_t inserted = 0, s = 0;
    size_t ip = 0;
    for (size_t iq = 0; iq < nq; iq++) {
        double qa = qs[iq][a];
        for (; ip < np && ps[ip][a] >= qa; ip++) {
            for (size_t x = lower_bound(c->keys, np, ps[ip][b]) + 1; x <= np; x += x & (~x + 1))
                c->fen[x]++;
            inserted++;
        }
        uint64_t below = 0; /* inserted points with b < the query's */
        for (size_t x = lower_bound(c->keys, np, qs[iq][b]); x > 0; x -= x & (~x + 1))
            below += c->fen[x];
        s += inserted - below;
    }
    c->lo = sat_add(c->lo, s);
}

static void brute(dc *c, const double **P, size_t np, const double **Q, size_t nq,
                  const size_t *dims, size_t d)
{
    uint64_t s = 0;
    for (size_t q = 0; q < nq; q++)
        for (size_t p = 0; p < np; p++) {
            size_t j = 0;
            while (j < d && P[p][dims[j]] >= Q[q][dims[j]]) j++;
            s += j == d;
        }
    c->lo = sat_add(c->lo, s);
}

static void swap(const double **X, size_t i, size_t j)
{
    const double *t = X[i];
    X[i] = X[j];
    X[j] = t;
}

/* move the items with x[a] >= piv (strict: > piv) to the front; returns their number */
static size_t partition(const double **X, size_t n, size_t a, double piv, bool strict)
{
    size_t h = 0;
    for (size_t i = 0; i < n; i++)
        if (strict ? X[i][a] > piv : X[i][a] >= piv) swap(X, h++, i);
    return h;
}

/* about the median of coordinate a over P and Q: the exact median of a sample of at most np
 * values (points and queries alternately), by a three-way quickselect (ties are common) */
static double pivot(dc *c, const double **P, size_t np, const double **Q, size_t nq, size_t a)
{
    size_t n = 0;
    for (size_t i = 0; i < np && n < np; i++) {
        c->keys[n++] = P[i][a];
        if (i < nq && n < np) c->keys[n++] = Q[i][a];
    }
    double *v = c->keys;
    size_t lo = 0, hi = n - 1, mid = n / 2;
    while (lo < hi) {
        double pv = v[lo + (hi - lo) / 2];
        size_t lt = lo, i = lo, gt = hi + 1; /* [lo,lt) < pv, [lt,i) == pv, [gt,hi] > pv */
        while (i < gt) {
            double t = v[i];
            if (t < pv) {
                v[i++] = v[lt];
                v[lt++] = t;
            } else if (t > pv) {
                v[i] = v[--gt];
                v[gt] = t;
            } else {
                i++;
            }
        }
        if (mid < lt) hi = lt - 1;
        else if (mid >= gt) lo = gt;
        else return pv;
    }
    return v[mid];
}

static void rec(dc *c, const double **P, size_t np, const double **Q, size_t nq,
                const size_t *dims, size_t d)
{
    if (!np || !nq) return;
    if (c->work > c->max_work) {
        c->open = sat_add(c->open, sat_mul(np, nq));
        return;
    }
    c->work += (uint64_t)(np + nq) * (d + 1);
    /* drop the coordinates every pair satisfies; stop when one no pair can */
    size_t nd = 0, dd[MAXD];
    double maxp[MAXD], minq[MAXD];
    for (size_t t = 0; t < d; t++) {
        size_t j = dims[t];
        double mnp = P[0][j], mxp = P[0][j], mnq = Q[0][j], mxq = Q[0][j];
        for (size_t p = 1; p < np; p++) {
            double x = P[p][j];
            if (x < mnp) mnp = x;
            if (x > mxp) mxp = x;
        }
        for (size_t q = 1; q < nq; q++) {
            double x = Q[q][j];
            if (x < mnq) mnq = x;
            if (x > mxq) mxq = x;
        }
        if (mxq <= mnp) continue;
        if (mnq > mxp) return;
        maxp[nd] = mxp;
        minq[nd] = mnq;
        dd[nd++] = dims[t];
    }
    if (nd == 0) {
        c->lo = sat_add(c->lo, sat_mul(np, nq));
        return;
    }
    /* queries above every point in some coordinate, and points below every query, count nothing:
     * they move behind the rest (swapped, not overwritten: the caller's later subproblems use
     * the whole range) */
    size_t mp = 0, mq = 0;
    for (size_t p = 0; p < np; p++) {
        size_t t = 0;
        while (t < nd && P[p][dd[t]] >= minq[t]) t++;
        if (t == nd) swap(P, mp++, p);
    }
    for (size_t q = 0; q < nq; q++) {
        size_t t = 0;
        while (t < nd && Q[q][dd[t]] <= maxp[t]) t++;
        if (t == nd) swap(Q, mq++, q);
    }
    np = mp;
    nq = mq;
    if (!np || !nq) return;
    uint64_t lg = log2u(np + nq);
    if (nd == 1 || nd == 2) {
        c->work += (uint64_t)(np + nq) * lg * 2;
        if (nd == 1) sweep1(c, P, np, Q, nq, dd[0]);
        else sweep2(c, P, np, Q, nq, dd[0], dd[1]);
        return;
    }
    if (np <= 8 || nq <= 8 || (uint64_t)np * nq <= 1024) {
        c->work += (uint64_t)np * nq;
        brute(c, P, np, Q, nq, dd, nd);
        return;
    }
    size_t a = dd[0];
    double x = pivot(c, P, np, Q, nq, a);
    size_t ph = partition(P, np, a, x, false), qh = partition(Q, nq, a, x, false);
    if (ph == np && qh == nq) {
        /* x is the smallest value: split above it instead (not every value equals x, or the
         * coordinate would have been dropped) */
        ph = partition(P, np, a, x, true);
        qh = partition(Q, nq, a, x, true);
    }
    /* high points against low queries: coordinate a holds for every pair */
    rec(c, P, ph, Q + qh, nq - qh, dd + 1, nd - 1);
    rec(c, P, ph, Q, qh, dd, nd);
    rec(c, P + ph, np - ph, Q + qh, nq - qh, dd, nd);
}

bool pl_i_dominance_count(const double **P, size_t np, const double **Q, size_t nq, size_t k,
                          uint64_t max_work, uint64_t *count, uint64_t *open)
{
    *count = *open = 0;
    if (k > MAXD) return false;
    dc c = {.max_work = max_work};
    c.keys = pl_malloc((np ? np : 1) * sizeof *c.keys);
    c.fen = pl_malloc((np + 1) * sizeof *c.fen);
    c.ev = pl_malloc((np + nq ? np + nq : 1) * sizeof *c.ev);
    bool ok = c.keys && c.fen && c.ev;
    if (ok) {
        size_t dims[MAXD];
        for (size_t j = 0; j < k; j++) dims[j] = j;
        rec(&c, P, np, Q, nq, dims, k);
        *count = c.lo;
        *open = c.open;
    }
    pl_free(c.keys);
    pl_free(c.fen);
    pl_free(c.ev);
    return ok;
}
