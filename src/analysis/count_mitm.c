/*
 * count_mitm.c: count the outcomes that additive actors accept without enumerating the space:
 * meet in the middle. The issues split into two halves; each half's allowed partial assignments
 * give partial utility vectors L and R; a pair clears actor j's threshold when L_j + R_j >= t_j,
 * so the count is a dominance count of the points R over the queries t - L (dominance.c), any
 * number of actors. A sum split in two rounds differently from the sum enumeration takes issue
 * by issue, so the count is taken with the thresholds moved down and up by a rounding bound:
 * equal counts are exact, else they bound the true count (docs/analysis.md).
 */
#include "analysis_internal.h"

#include <math.h>
#include <string.h>

/* the most doubles one half's partial vectors may take (64 MiB) */
#define HALF_CAP (1u << 23)

typedef struct mitm {
    const pl_model_t *m;
    size_t n, ka;
    const size_t *act;  /* the actors whose thresholds still decide (ka) */
    size_t **vals;      /* per issue: the values every actor's requirements allow */
    size_t *nvals;
} mitm;

/* partial sums of the issues [lo, hi) over the allowed values, ka per assignment, in issue order
 * as pl_model_utility_additive sums; returns the number of assignments, SIZE_MAX when out of
 * memory or over HALF_CAP */
static size_t half_sums(const mitm *x, size_t lo, size_t hi, double **out)
{
    size_t cnt = 1, ka = x->ka;
    for (size_t i = lo; i < hi; i++) {
        if (x->nvals[i] && cnt > HALF_CAP / x->nvals[i]) return SIZE_MAX;
        cnt *= x->nvals[i];
    }
    if (cnt * (ka ? ka : 1) > HALF_CAP) return SIZE_MAX;
    double *s = pl_malloc((cnt ? cnt : 1) * (ka ? ka : 1) * sizeof *s);
    size_t *o = pl_calloc(hi - lo + 1, sizeof *o);
    if (!s || !o) {
        pl_free(s);
        pl_free(o);
        return SIZE_MAX;
    }
    for (size_t c = 0; c < cnt; c++) {
        for (size_t j = 0; j < ka; j++) {
            double v = 0;
            for (size_t i = lo; i < hi; i++) v += x->m->table[x->act[j]][i][x->vals[i][o[i - lo]]];
            s[c * ka + j] = v;
        }
        for (size_t i = hi; i-- > lo;) {
            if (++o[i - lo] < x->nvals[i]) break;
            o[i - lo] = 0;
        }
    }
    pl_free(o);
    *out = s;
    return cnt;
}

/* first index in sorted v[0..n) with v >= x */
static size_t lower_bound(const uint64_t *v, size_t n, uint64_t x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* pairs of R (points) over t - L (queries) by dominance counting (one actor: a sort and binary
 * searches on order-preserving keys, the same comparisons); false when out of memory */
static bool count_pairs(const double *L, size_t nl, const double *R, size_t nr, size_t ka,
                        const double *t, uint64_t max_work, uint64_t *count, uint64_t *open)
{
    if (ka == 1) {
        uint64_t *v = pl_malloc((nr ? nr : 1) * sizeof *v), c = 0;
        if (!v) return false;
        for (size_t r = 0; r < nr; r++) v[r] = pl_i_dkey(R[r]);
        pl_i_sort_u64(v, nr);
        for (size_t l = 0; l < nl; l++) c += nr - lower_bound(v, nr, pl_i_dkey(t[0] - L[l]));
        pl_free(v);
        *count = c;
        *open = 0;
        return true;
    }
    double *q = pl_malloc((nl ? nl : 1) * ka * sizeof *q);
    const double **P = pl_malloc((nr ? nr : 1) * sizeof *P);
    const double **Q = pl_malloc((nl ? nl : 1) * sizeof *Q);
    bool ok = q && P && Q;
    if (ok) {
        for (size_t l = 0; l < nl; l++) {
            for (size_t j = 0; j < ka; j++) q[l * ka + j] = t[j] - L[l * ka + j];
            Q[l] = q + l * ka;
        }
        for (size_t r = 0; r < nr; r++) P[r] = R + r * ka;
        ok = pl_i_dominance_count(P, nr, Q, nl, ka, max_work, count, open);
    }
    pl_free(q);
    pl_free(P);
    pl_free(Q);
    return ok;
}

/* Does some pair fall between the lowered and the raised threshold of some actor (R_j >=
 * t_lo - L_j but R_j < t_hi - L_j, the very comparisons of count_pairs)? If none does, the two
 * counts agree and one suffices. Unknown (out of memory) reads as yes. */
static bool band_hit(const double *L, size_t nl, const double *R, size_t nr, size_t ka,
                     const double *t_lo, const double *t_hi)
{
    uint64_t *v = pl_malloc((nr ? nr : 1) * sizeof *v);
    if (!v) return true;
    bool hit = false;
    /* order-preserving integer keys of the doubles: the same comparisons, a faster sort */
    for (size_t j = 0; j < ka && !hit; j++) {
        for (size_t r = 0; r < nr; r++) v[r] = pl_i_dkey(R[r * ka + j]);
        pl_i_sort_u64(v, nr);
        for (size_t l = 0; l < nl && !hit; l++)
            hit = lower_bound(v, nr, pl_i_dkey(t_lo[j] - L[l * ka + j])) <
                  lower_bound(v, nr, pl_i_dkey(t_hi[j] - L[l * ka + j]));
    }
    pl_free(v);
    return hit;
}

/* the count once the actors that decide are known (x->act, x->ka >= 1) */
static bool count_split(const mitm *x, const double *t_lo, const double *t_hi, uint64_t max_work,
                        uint64_t *lo, uint64_t *hi)
{
    size_t n = x->n, ka = x->ka;
    /* split where the left half's size first reaches the square root of the allowed space */
    uint64_t total = 1;
    for (size_t i = 0; i < n; i++) total *= x->nvals[i];
    size_t h = 0;
    uint64_t left = 1;
    while (h < n && left < total / left) left *= x->nvals[h++];
    double *L = NULL, *R = NULL;
    size_t nl = half_sums(x, 0, h, &L);
    size_t nr = nl == SIZE_MAX ? SIZE_MAX : half_sums(x, h, n, &R);
    bool ok = nl != SIZE_MAX && nr != SIZE_MAX;
    uint64_t c_lo = 0, o_lo = 0, c_hi = 0, o_hi = 0;
    ok = ok && count_pairs(L, nl, R, nr, ka, t_lo, max_work, &c_lo, &o_lo);
    if (ok && !band_hit(L, nl, R, nr, ka, t_lo, t_hi)) {
        /* no pair near a threshold: both counts are the same */
        c_hi = c_lo;
    } else if (ok) {
        ok = count_pairs(L, nl, R, nr, ka, t_hi, max_work, &c_hi, &o_hi);
    }
    if (ok) {
        /* what clears the raised thresholds clears enumeration's; what enumeration accepts
         * clears the lowered ones */
        *lo = c_hi;
        *hi = c_lo > UINT64_MAX - o_lo ? UINT64_MAX : c_lo + o_lo;
    }
    pl_free(L);
    pl_free(R);
    return ok;
}

bool pl_i_count_accepting_bounded(const pl_model_t *m, const size_t *act, size_t k,
                                  uint64_t max_work, uint64_t *lo, uint64_t *hi)
{
    size_t n = m->nissues;
    uint64_t total;
    if (k == 0 || n == 0 || !pl_model_space_size(m, &total)) return false;
    for (size_t j = 0; j < k; j++)
        if (!pl_i_is_additive(m, act[j])) return false;
    size_t nv = 0;
    for (size_t i = 0; i < n; i++) nv += m->nvalues[i];
    size_t *buf = pl_malloc((nv + 2 * n + 2 * k) * sizeof *buf);
    size_t **vals = pl_malloc(n * sizeof *vals);
    double *tt = pl_malloc(2 * k * sizeof *tt);
    bool ok = buf && vals && tt;
    if (!ok) goto done;
    mitm x = {.m = m, .n = n, .vals = vals, .nvals = buf + nv};
    size_t *keep = buf + nv + n; /* the deciding actors */
    /* the values every actor's requirements allow; none on some issue: nothing is accepted */
    size_t *vb = buf;
    bool empty = false;
    for (size_t i = 0; i < n; i++) {
        vals[i] = vb;
        x.nvals[i] = 0;
        for (size_t v = 0; v < m->nvalues[i]; v++) {
            bool al = true;
            for (size_t j = 0; j < k && al; j++) {
                const pl_i_actor_t *ac = &m->actor[act[j]];
                for (size_t r = 0; r < ac->nrequire && al; r++)
                    if (ac->require[r].issue == i && !ac->require[r].allowed[v]) al = false;
            }
            if (al) vals[i][x.nvals[i]++] = v;
        }
        vb += x.nvals[i];
        if (!x.nvals[i]) empty = true;
    }
    /* Rounding is monotone, so the issue-order sums of the per-issue extremes bound every
     * outcome's sum exactly: an actor whose smallest sum clears its threshold accepts every
     * allowed outcome (it drops out), one whose largest misses it accepts none. */
    size_t ka = 0;
    for (size_t j = 0; j < k && !empty; j++) {
        size_t a = act[j];
        double t = m->threshold[a] - PL_TOL, mn = 0, mx = 0, big = 0;
        for (size_t i = 0; i < n; i++) {
            double lo_i = INFINITY, hi_i = -INFINITY;
            for (size_t q = 0; q < x.nvals[i]; q++) {
                double e = m->table[a][i][vals[i][q]];
                if (e < lo_i) lo_i = e;
                if (e > hi_i) hi_i = e;
            }
            for (size_t v = 0; v < m->nvalues[i]; v++) big += fabs(m->table[a][i][v]);
            mn += lo_i;
            mx += hi_i;
        }
        if (mn >= t) continue;
        if (mx < t) empty = true;
        /* rounding band: sums of at most n terms of magnitude <= the largest table entry */
        double band = 4e-16 * (double)(n + 2) * (big + fabs(m->threshold[a]));
        tt[ka] = t - band;
        tt[k + ka] = t + band;
        keep[ka++] = a;
    }
    if (empty) {
        *lo = *hi = 0;
    } else if (ka == 0) {
        uint64_t c = 1; /* at most the space's size: fits */
        for (size_t i = 0; i < n; i++) c *= x.nvals[i];
        *lo = *hi = c;
    } else {
        x.act = keep;
        x.ka = ka;
        ok = count_split(&x, tt, tt + k, max_work, lo, hi);
    }
done:
    pl_free(buf);
    pl_free(vals);
    pl_free(tt);
    return ok;
}

bool pl_i_count_accepting(const pl_model_t *m, const size_t *act, size_t k, uint64_t *out)
{
    uint64_t lo, hi;
    if (!pl_i_count_accepting_bounded(m, act, k, PL_I_COUNT_WORK, &lo, &hi) || lo != hi)
        return false;
    *out = lo;
    return true;
}
