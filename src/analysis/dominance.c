/*
 * dominance.c: offline dominance counting for the meet-in-the-middle count (count_mitm.c): how
 * many pairs (p, q) of a point set P and a query set Q have p[j] >= q[j] in every coordinate j.
 * Coordinates become dense integer ranks first (ties keep equal ranks, so comparisons are
 * unchanged). Divide and conquer on a coordinate: split both sets at a pivot; the high points
 * against the low queries lose that coordinate (a problem of one dimension less), the other two
 * halves recurse. One coordinate left: sort and binary search; two: a sweep with a Fenwick tree.
 * Each subproblem first drops coordinates every pair satisfies and items no pair can use. A
 * work budget bounds the whole: subproblems left unexplored add their pair count to `open`.
 */
#include "analysis_internal.h"

#include <string.h>

#define MAXD 64

typedef uint32_t rank_t;

typedef struct dc {
    uint64_t work, max_work;
    uint64_t lo, open;     /* pairs counted, pairs left unexplored (saturating) */
    uint64_t *keys;        /* scratch: np + nq sort keys */
    uint64_t *fen;         /* Fenwick tree over ranks (nranks + 1), all zero between sweeps */
    size_t nranks;
} dc;

static uint64_t sat_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }
static uint64_t sat_mul(uint64_t a, uint64_t b)
{
    return a && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

void pl_i_sort_u64(uint64_t *v, size_t n)
{
    while (n > 24) {
        uint64_t a = v[0], b = v[n / 2], c = v[n - 1];
        uint64_t piv = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        size_t i = 0, j = n - 1;
        for (;;) {
            while (v[i] < piv) i++;
            while (v[j] > piv) j--;
            if (i >= j) break;
            uint64_t t = v[i];
            v[i++] = v[j];
            v[j--] = t;
        }
        /* recurse into the smaller part, loop on the larger: O(log n) stack */
        if (j + 1 < n - j - 1) {
            pl_i_sort_u64(v, j + 1);
            v += j + 1;
            n -= j + 1;
        } else {
            pl_i_sort_u64(v + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    for (size_t i = 1; i < n; i++) {
        uint64_t t = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > t; j--) v[j] = v[j - 1];
        v[j] = t;
    }
}

static uint64_t log2u(size_t n)
{
    uint64_t l = 1;
    while (n >>= 1) l++;
    return l;
}

/* one coordinate a: sort the points' ranks, binary-search each query */
static void sweep1(dc *c, const rank_t **P, size_t np, const rank_t **Q, size_t nq, size_t a)
{
    uint64_t *v = c->keys, s = 0;
    for (size_t p = 0; p < np; p++) v[p] = P[p][a];
    pl_i_sort_u64(v, np);
    for (size_t q = 0; q < nq; q++) {
        size_t lo = 0, hi = np;
        while (lo < hi) { /* first point rank >= the query's */
            size_t mid = lo + (hi - lo) / 2;
            if (v[mid] < Q[q][a]) lo = mid + 1;
            else hi = mid;
        }
        s += np - lo;
    }
    c->lo = sat_add(c->lo, s);
}

/* two coordinates a, b: sweep by a descending, inserting points into a Fenwick tree over b
 * ranks; each query counts the inserted points of b rank >= its own */
static void sweep2(dc *c, const rank_t **P, size_t np, const rank_t **Q, size_t nq, size_t a,
                   size_t b)
{
    uint64_t *pk = c->keys, *qk = c->keys + np, *fen = c->fen, s = 0, inserted = 0;
    size_t nr = c->nranks;
    for (size_t p = 0; p < np; p++) pk[p] = (uint64_t)P[p][a] << 32 | p;
    for (size_t q = 0; q < nq; q++) qk[q] = (uint64_t)Q[q][a] << 32 | q;
    pl_i_sort_u64(pk, np);
    pl_i_sort_u64(qk, nq);
    size_t ip = np;
    for (size_t iq = nq; iq-- > 0;) {
        uint64_t qa = qk[iq] >> 32;
        for (; ip > 0 && pk[ip - 1] >> 32 >= qa; ip--) {
            for (size_t x = (size_t)P[(uint32_t)pk[ip - 1]][b] + 1; x <= nr; x += x & (~x + 1)) fen[x]++;
            inserted++;
        }
        uint64_t below = 0; /* inserted points of b rank < the query's */
        for (size_t x = Q[(uint32_t)qk[iq]][b]; x > 0; x -= x & (~x + 1)) below += fen[x];
        s += inserted - below;
    }
    /* clear what was inserted (cheaper than clearing the whole tree) */
    for (size_t i = ip; i < np; i++)
        for (size_t x = (size_t)P[(uint32_t)pk[i]][b] + 1; x <= nr; x += x & (~x + 1)) fen[x] = 0;
    c->lo = sat_add(c->lo, s);
}

static void brute(dc *c, const rank_t **P, size_t np, const rank_t **Q, size_t nq,
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

static void swap(const rank_t **X, size_t i, size_t j)
{
    const rank_t *t = X[i];
    X[i] = X[j];
    X[j] = t;
}

/* move the items with x[a] >= piv (strict: > piv) to the front; returns their number */
static size_t partition(const rank_t **X, size_t n, size_t a, rank_t piv, bool strict)
{
    size_t h = 0;
    for (size_t i = 0; i < n; i++)
        if (strict ? X[i][a] > piv : X[i][a] >= piv) swap(X, h++, i);
    return h;
}

/* the median of coordinate a over a sample of the points and queries (alternately, at most
 * np + nq values) */
static rank_t pivot(dc *c, const rank_t **P, size_t np, const rank_t **Q, size_t nq, size_t a)
{
    uint64_t *v = c->keys;
    size_t n = 0;
    for (size_t i = 0; i < np || i < nq; i++) {
        if (i < np) v[n++] = P[i][a];
        if (i < nq) v[n++] = Q[i][a];
        if (n >= 64) break;
    }
    pl_i_sort_u64(v, n);
    return (rank_t)v[n / 2];
}

static void rec(dc *c, const rank_t **P, size_t np, const rank_t **Q, size_t nq,
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
    rank_t maxp[MAXD], minq[MAXD];
    for (size_t t = 0; t < d; t++) {
        size_t j = dims[t];
        rank_t mnp = P[0][j], mxp = P[0][j], mnq = Q[0][j], mxq = Q[0][j];
        for (size_t p = 1; p < np; p++) {
            rank_t x = P[p][j];
            if (x < mnp) mnp = x;
            if (x > mxp) mxp = x;
        }
        for (size_t q = 1; q < nq; q++) {
            rank_t x = Q[q][j];
            if (x < mnq) mnq = x;
            if (x > mxq) mxq = x;
        }
        if (mxq <= mnp) continue;
        if (mnq > mxp) return;
        maxp[nd] = mxp;
        minq[nd] = mnq;
        dd[nd++] = j;
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
    if (nd <= 2) {
        c->work += (uint64_t)(np + nq) * log2u(np + nq) * 2;
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
    rank_t x = pivot(c, P, np, Q, nq, a);
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

uint64_t pl_i_dkey(double x)
{
    if (x == 0) x = 0.0;
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u >> 63 ? ~u : u | (1ULL << 63);
}

bool pl_i_dominance_count(const double **P, size_t np, const double **Q, size_t nq, size_t k,
                          uint64_t max_work, uint64_t *count, uint64_t *open)
{
    *count = *open = 0;
    size_t n = np + nq;
    if (k > MAXD || n >= UINT32_MAX) return false;
    if (!np || !nq || !k) {
        *count = k ? 0 : sat_mul(np, nq);
        return true;
    }
    dc c = {.max_work = max_work, .nranks = n};
    const double **X = pl_malloc(n * sizeof *X);
    uint64_t *ord = pl_malloc(n * sizeof *ord);
    rank_t *rk = pl_malloc(n * k * sizeof *rk);
    const rank_t **R = pl_malloc(n * sizeof *R);
    c.keys = pl_malloc(n * sizeof *c.keys);
    c.fen = pl_calloc(n + 1, sizeof *c.fen);
    bool ok = X && ord && rk && R && c.keys && c.fen;
    if (ok) {
        memcpy(X, P, np * sizeof *X);
        memcpy(X + np, Q, nq * sizeof *X);
        /* dense ranks per coordinate over points and queries together: equal values, equal
         * ranks, so p >= q exactly when rank(p) >= rank(q) */
        for (size_t j = 0; j < k; j++) {
            for (size_t i = 0; i < n; i++) ord[i] = pl_i_dkey(X[i][j]);
            pl_i_sort_u64(ord, n);
            size_t u = 0; /* the distinct keys */
            for (size_t i = 0; i < n; i++)
                if (!u || ord[i] != ord[u - 1]) ord[u++] = ord[i];
            for (size_t i = 0; i < n; i++) {
                uint64_t x = pl_i_dkey(X[i][j]);
                size_t lo = 0, hi = u;
                while (lo < hi) {
                    size_t mid = lo + (hi - lo) / 2;
                    if (ord[mid] < x) lo = mid + 1;
                    else hi = mid;
                }
                rk[i * k + j] = (rank_t)lo;
            }
        }
        c.work = (uint64_t)n * k * log2u(n);
        for (size_t i = 0; i < n; i++) R[i] = rk + i * k;
        size_t dims[MAXD];
        for (size_t j = 0; j < k; j++) dims[j] = j;
        rec(&c, R, np, R + np, nq, dims, k);
        *count = c.lo;
        *open = c.open;
    }
    pl_free(X);
    pl_free(ord);
    pl_free(rk);
    pl_free(R);
    pl_free(c.keys);
    pl_free(c.fen);
    return ok;
}
