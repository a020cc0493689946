/*
 * count_mitm.c: count the outcomes that one or two additive actors accept without enumerating
 * the space: meet in the middle. The issues split into two halves; each half's allowed partial
 * assignments give partial utility sums; a pair clears actor a's threshold when L_a + R_a >= t_a.
 * One actor: sort R and binary-search per L. Two: sweep L and R by the first actor's sum and
 * count the second's with a Fenwick tree. A sum split in two rounds differently from the sum
 * enumeration takes issue by issue, so pairs within a rounding band of a threshold make the
 * count uncertain: then it reports failure and the caller enumerates (docs/analysis.md).
 */
#include "analysis_internal.h"
#include "core/core_internal.h"

#include <math.h>
#include <string.h>

/* partial sums of the issues [lo, hi) over the values every actor's requirements allow,
 * k per assignment; returns the number of assignments, SIZE_MAX when out of memory */
static size_t half_sums(const pl_model_t *m, const size_t *act, size_t k, size_t lo, size_t hi,
                        double **out)
{
    size_t cnt = 1;
    for (size_t i = lo; i < hi; i++) cnt *= m->nvalues[i];
    double *s = pl_malloc((cnt ? cnt : 1) * k * sizeof *s);
    size_t *o = pl_calloc(hi - lo + 1, sizeof *o);
    if (!s || !o) {
        pl_free(s);
        pl_free(o);
        return SIZE_MAX;
    }
    size_t n = 0;
    for (size_t c = 0; c < cnt; c++) {
        bool ok = true;
        for (size_t j = 0; j < k && ok; j++) {
            const pl_i_actor_t *ac = &m->actor[act[j]];
            for (size_t r = 0; r < ac->nrequire && ok; r++) {
                size_t i = ac->require[r].issue;
                if (i >= lo && i < hi && !ac->require[r].allowed[o[i - lo]]) ok = false;
            }
        }
        if (ok) {
            for (size_t j = 0; j < k; j++) {
                /* issue order, as pl_model_utility_additive sums */
                double x = 0;
                for (size_t i = lo; i < hi; i++) x += m->table[act[j]][i][o[i - lo]];
                s[n * k + j] = x;
            }
            n++;
        }
        for (size_t i = hi; i-- > lo;) {
            if (++o[i - lo] < m->nvalues[i]) break;
            o[i - lo] = 0;
        }
    }
    pl_free(o);
    *out = s;
    return n;
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

typedef struct pair2 {
    double a, b;
    int side; /* 0 = R point, 1 = L query */
} pair2;

static int cmp_pair2(const void *pa, const void *pb, void *ctx)
{
    (void)ctx;
    const pair2 *x = pa, *y = pb;
    if (x->a != y->a) return x->a > y->a ? -1 : 1; /* descending */
    return x->side - y->side;                       /* points before queries at equal keys */
}

/* pairs (l, r) with L_0 + R_0 >= t0 and L_1 + R_1 >= t1 (k == 2), or the first only (k == 1) */
static bool count_pairs(const double *L, size_t nl, const double *R, size_t nr, size_t k,
                        const double *t, uint64_t *out)
{
    uint64_t c = 0;
    if (k == 1) {
        double *rs = pl_malloc((nr ? nr : 1) * sizeof *rs);
        if (!rs) return false;
        memcpy(rs, R, nr * sizeof *rs);
        pl_i_sort(rs, nr, sizeof *rs, cmp_d, NULL);
        for (size_t l = 0; l < nl; l++) c += nr - lower_bound(rs, nr, t[0] - L[l]);
        pl_free(rs);
        *out = c;
        return true;
    }
    /* queries (t0 - L0, t1 - L1) count points with R0 >= q0 and R1 >= q1 */
    size_t np = nl + nr;
    pair2 *ev = pl_malloc((np ? np : 1) * sizeof *ev);
    double *keys = pl_malloc((nr ? nr : 1) * sizeof *keys);
    uint64_t *fen = pl_calloc(nr + 1, sizeof *fen);
    if (!ev || !keys || !fen) {
        pl_free(ev);
        pl_free(keys);
        pl_free(fen);
        return false;
    }
    for (size_t r = 0; r < nr; r++) {
        ev[r] = (pair2){R[2 * r], R[2 * r + 1], 0};
        keys[r] = R[2 * r + 1];
    }
    for (size_t l = 0; l < nl; l++) ev[nr + l] = (pair2){t[0] - L[2 * l], t[1] - L[2 * l + 1], 1};
    pl_i_sort(ev, np, sizeof *ev, cmp_pair2, NULL);
    pl_i_sort(keys, nr, sizeof *keys, cmp_d, NULL);
    /* Fenwick tree over the sorted R1 keys; counts suffixes through prefix sums of the rest */
    uint64_t inserted = 0;
    for (size_t e = 0; e < np; e++) {
        if (ev[e].side == 0) {
            for (size_t x = lower_bound(keys, nr, ev[e].b) + 1; x <= nr; x += x & (~x + 1)) fen[x]++;
            inserted++;
        } else {
            uint64_t below = 0; /* inserted points with R1 < q1 */
            for (size_t x = lower_bound(keys, nr, ev[e].b); x > 0; x -= x & (~x + 1)) below += fen[x];
            c += inserted - below;
        }
    }
    pl_free(ev);
    pl_free(keys);
    pl_free(fen);
    *out = c;
    return true;
}

bool pl_i_count_accepting(const pl_model_t *m, const size_t *act, size_t k, uint64_t *out)
{
    size_t n = m->nissues;
    if (k == 0 || k > 2 || n < 2) return false;
    for (size_t j = 0; j < k; j++)
        if (!pl_i_is_additive(m, act[j])) return false;
    uint64_t total;
    if (!pl_model_space_size(m, &total)) return false;
    /* split where the left half's size first reaches the square root of the space */
    size_t h = 1;
    uint64_t left = m->nvalues[0];
    while (h + 1 < n && left < total / left) left *= m->nvalues[h++];
    double *L = NULL, *R = NULL;
    size_t nl = half_sums(m, act, k, 0, h, &L);
    size_t nr = nl == SIZE_MAX ? SIZE_MAX : half_sums(m, act, k, h, n, &R);
    bool ok = nl != SIZE_MAX && nr != SIZE_MAX;
    if (ok) {
        /* rounding band: sums of at most n terms of magnitude <= the largest table entry */
        double t_lo[2], t_hi[2];
        for (size_t j = 0; j < k; j++) {
            double big = 0;
            for (size_t i = 0; i < n; i++)
                for (size_t v = 0; v < m->nvalues[i]; v++)
                    big += fabs(m->table[act[j]][i][v]);
            double band = 4e-16 * (double)(n + 2) * (big + fabs(m->threshold[act[j]]));
            double t = m->threshold[act[j]] - PL_TOL;
            t_lo[j] = t - band;
            t_hi[j] = t + band;
        }
        uint64_t c_lo = 0, c_hi = 0;
        ok = count_pairs(L, nl, R, nr, k, t_lo, &c_lo) && count_pairs(L, nl, R, nr, k, t_hi, &c_hi);
        /* no pair near a threshold: the split sums decide as enumeration does */
        ok = ok && c_lo == c_hi;
        if (ok) *out = c_hi;
    }
    pl_free(L);
    pl_free(R);
    return ok;
}
