/*
 * rects_lagr.c: a stronger pruning test for the two-party rectangle search (rects.c): a subtree
 * whose box of per-actor bounds reaches past the staircase of found points is still pruned when
 * a weighted sum of the two actors' rectangle sums, bounded with one class per issue for both
 * actors at once, cannot reach any corner of the staircase. Proof: docs/analysis.md.
 */
#include "rects_internal.h"

#include <math.h>
#include <string.h>

/* Bound on max over the subtree at depth d of lam_0 S_0 + lam_1 S_1 (S_j: actor j's rectangle
 * sum): closed sums plus, per open issue, the best class of the weighted alive positive
 * rectangles charged to it (last: to the issue that closes each, else to its first open one). */
static double weighted_bound(pl_i_rs *s, size_t d, const double *lam, bool last)
{
    size_t k = s->k, W = s->W, n = s->n;
    const double *cs = s->sums + d * 3 * k;
    double tot = lam[0] * cs[0] + lam[1] * cs[1];
    if (d == n) return tot;
    size_t off0 = s->cls_off[d], ncl = s->cls_off[n - 1] + s->ncls[n - 1] - off0;
    double *acc = s->acc;
    memset(acc, 0, ncl * sizeof *acc);
    const uint64_t *A = s->alive + d * W;
    for (size_t w = 0; w < W; w++)
        for (uint64_t x = A[w] & s->pos[w]; x; x &= x - 1) {
            size_t r = w * 64 + (size_t)__builtin_ctzll(x);
            size_t l = last ? s->r_last[r] : s->r_first[r * (n + 1) + d];
            double wt = lam[s->r_actor[r]] * s->r_w[r];
            size_t off = s->cls_off[l];
            for (size_t c = 0; c < s->ncls[l]; c++)
                if (s->in[(off + c) * W + r / 64] >> (r % 64) & 1) acc[off - off0 + c] += wt;
        }
    for (size_t l = d; l < n; l++) {
        const double *a = acc + (s->cls_off[l] - off0);
        double best = 0;
        for (size_t c = 0; c < s->ncls[l]; c++)
            if (a[c] > best) best = a[c];
        tot += best;
    }
    return tot;
}

/* q[0..*m) to its staircase: u_0 ascending, u_1 descending, none weakly dominated */
static void staircase(double (*q)[2], size_t *m)
{
    size_t ns = 0;
    for (size_t a = 1; a < *m; a++) /* u_0 descending, ties u_1 descending */
        for (size_t b = a; b > 0 && (q[b][0] > q[b - 1][0] ||
                                     (q[b][0] == q[b - 1][0] && q[b][1] > q[b - 1][1])); b--) {
            double t0 = q[b][0], t1 = q[b][1];
            q[b][0] = q[b - 1][0];
            q[b][1] = q[b - 1][1];
            q[b - 1][0] = t0;
            q[b - 1][1] = t1;
        }
    for (size_t a = 0; a < *m; a++) /* keep those above every u_1 so far */
        if (ns == 0 || q[a][1] > q[ns - 1][1]) {
            q[ns][0] = q[a][0];
            q[ns][1] = q[a][1];
            ns++;
        }
    for (size_t a = 0; a < ns / 2; a++)
        for (int j = 0; j < 2; j++) {
            double t = q[a][j];
            q[a][j] = q[ns - 1 - a][j];
            q[ns - 1 - a][j] = t;
        }
    *m = ns;
}

/* add the live points of F, each lowered by the robust-dominance margin, to q (at most cap),
 * reducing q to its staircase when full; false when the staircase alone fills it */
static bool gather(const pl_i_rs_found *F, double (*q)[2], size_t *m, size_t cap)
{
    for (size_t p = 0; p < F->n; p++) {
        if (!F->live[p]) continue;
        if (*m == cap) {
            staircase(q, m);
            if (*m == cap) return false;
        }
        q[*m][0] = F->u[p * 2] - 2 * PL_TOL;
        q[*m][1] = F->u[p * 2 + 1] - 2 * PL_TOL;
        (*m)++;
    }
    return true;
}

/* the staircase of the found points and seeds, rebuilt only when they changed: points are only
 * appended (n grows) or retired (nlive falls), so the four sizes identify the sets */
static bool stair_of(pl_i_rs *s)
{
    size_t key[4] = {s->found.n, s->found.nlive, s->seeds.n, s->seeds.nlive};
    if (s->nstair && memcmp(key, s->stair_key, sizeof key) == 0) return s->stair_ok;
    memcpy(s->stair_key, key, sizeof key);
    s->nstair = 0;
    s->stair_ok = gather(&s->found, s->stair, &s->nstair, 256) &&
                  gather(&s->seeds, s->stair, &s->nstair, 256);
    if (s->stair_ok) staircase(s->stair, &s->nstair);
    if (s->nstair == 0) s->stair_ok = false;
    return s->stair_ok;
}

bool pl_i_rs_corners_prune(pl_i_rs *s, size_t d, const double *ub)
{
    if (s->k != 2 || !stair_of(s)) return false;
    const double (*st)[2] = (const double (*)[2])s->stair;
    size_t ns = s->nstair;
    /* a point x escapes robust dominance by every found point only if x >= some corner:
     * (-inf, st_0), (st_{i-1}, st_i) or (st_{ns-1}, -inf) (first coordinate of the former,
     * second of the latter); each corner must be out of reach */
    const double *cs = s->sums + d * 3 * s->k;
    double Dp[2], lo[2];
    for (int j = 0; j < 2; j++) {
        Dp[j] = s->D[j] > 0 ? s->D[j] : 1;
        lo[j] = cs[j] + cs[2 * s->k + j]; /* the smallest sum the subtree can have */
    }
    for (size_t i = 0; i <= ns; i++) {
        double c0 = i == 0 ? -INFINITY : st[i - 1][0], c1 = i == ns ? -INFINITY : st[i][1];
        if (ub[0] < c0 || ub[1] < c1) continue; /* the box misses the corner */
        if (ns < 2) return false;
        /* the weights: the normal of the staircase segment at the corner, in sum space */
        size_t a = i == 0 ? 0 : i == ns ? ns - 2 : i - 1;
        double lam[2] = {(st[a][1] - st[a + 1][1]) * Dp[1], (st[a + 1][0] - st[a][0]) * Dp[0]};
        double norm = lam[0] + lam[1];
        if (!(norm > 0)) return false;
        lam[0] /= norm;
        lam[1] /= norm;
        /* u_j >= c_j (c_j <= 1, as c_j <= ub_j <= 1) means S_j >= c_j D_j */
        double L0 = isinf(c0) ? lo[0] : fmax(lo[0], c0 * Dp[0]);
        double L1 = isinf(c1) ? lo[1] : fmax(lo[1], c1 * Dp[1]);
        double need = lam[0] * L0 + lam[1] * L1;
        /* sums are integers below 2^52; weighted in double, the error stays far below this */
        double slack = 1e-9 * (1 + fabs(L0) + fabs(L1) + fabs(cs[s->k]) + fabs(cs[s->k + 1]));
        double b = weighted_bound(s, d, lam, false);
        if (b >= need - slack) b = fmin(b, weighted_bound(s, d, lam, true));
        if (b >= need - slack) return false;
    }
    return true;
}
