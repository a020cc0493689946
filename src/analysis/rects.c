/*
 * rects.c: the exact Pareto frontier and the rational count for hyper-rectangle utilities
 * (GENIUS 2014 nonlinear domains) without enumerating the space: depth-first branch and bound
 * over issues in enumeration order, values grouped into classes the still-undecided rectangles
 * cannot tell apart, per-actor upper bounds from the rectangles still satisfiable, pruning by
 * robust dominance. Proofs and the certified bound under a time limit: docs/analysis.md.
 */
#include "rects_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- applicability ---- */

bool pl_i_rects_applicable(const pl_model_t *m, const size_t *act, size_t k)
{
    double mag = 0;
    if (k == 0 || k > 64) return false;
    if (m->acc.nconstraints) return false; /* the search bounds issue by issue; constraints couple them */
    for (size_t j = 0; j < k; j++) {
        const pl_i_actor_t *ac = &m->actor[act[j]];
        /* pure rectangles: a table part would be summed issue by issue, and a defecting faction
         * makes the party's utility depend on the faction's vote */
        if (!ac->hyper || m->table[act[j]] || ac->ndefectors) return false;
        for (size_t r = 0; r < ac->nrects; r++) {
            double w = ac->rects[r].utility;
            /* integer utilities: every partial sum is exact, whatever the order of summation,
             * so grouping by bitwise-equal vectors agrees with enumeration */
            if (!(w == floor(w)) || fabs(w) > 1e15) return false;
            mag += fabs(w);
        }
    }
    return mag < 4503599627370496.0; /* 2^52 */
}

/* ---- setup: rectangles, value classes, bit masks ---- */

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
    if (a && b > UINT64_MAX / a) return UINT64_MAX;
    return a * b;
}

static uint64_t sat_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

static inline void bit_set(uint64_t *s, size_t r) { s[r / 64] |= 1ULL << (r % 64); }
static inline bool bit_get(const uint64_t *s, size_t r) { return s[r / 64] >> (r % 64) & 1; }

void pl_i_rs_free(pl_i_rs *s)
{
    if (!s) return;
    pl_free(s->r_actor);
    pl_free(s->perm);
    pl_free(s->r_w);
    pl_free(s->ncls);
    pl_free(s->cls_off);
    pl_free(s->cls_val);
    pl_free(s->cls_cnt);
    pl_free(s->in);
    pl_free(s->has);
    pl_free(s->closes);
    pl_free(s->pos);
    pl_free(s->r_first);
    pl_free(s->r_last);
    pl_free(s->acc);
    pl_free(s->D);
    pl_free(s->thr);
    pl_free(s->alive);
    pl_free(s->sums);
    pl_free(s->o);
    pl_free(s->mult);
    pl_free(s->restcnt);
    pl_free(s->found.u);
    pl_free(s->found.count);
    pl_free(s->found.outcome);
    pl_free(s->found.live);
    pl_free(s->seeds.u);
    pl_free(s->seeds.count);
    pl_free(s->seeds.outcome);
    pl_free(s->seeds.live);
    memset(s, 0, sizeof *s);
}

/* in-bit of rectangle (actor a, rect r) for value v of issue i: every bound it has on i holds */
static bool rect_holds(const pl_i_rect_t *h, size_t i, size_t v, bool *bounds_i)
{
    bool in = true;
    *bounds_i = false;
    for (size_t b = 0; b < h->nbounds; b++)
        if (h->issue[b] == i) {
            *bounds_i = true;
            if (v < h->min[b] || v > h->max[b]) in = false;
        }
    return in;
}

/* static classes of the issue at depth d: allowed values with equal membership in every
 * rectangle bounding it, numbered by their smallest value; writes cls_val/cls_cnt/in at *off */
static bool setup_issue(pl_i_rs *s, const bool *allowed, size_t d, uint64_t *sig, size_t *off)
{
    const pl_model_t *m = s->m;
    size_t i = s->perm[d], W = s->W, nc = 0, nv = m->nvalues[i];
    s->cls_off[d] = *off;
    for (size_t v = 0; v < nv; v++) {
        if (!allowed[v]) continue;
        memset(sig, 0, W * sizeof *sig);
        size_t r = 0;
        for (size_t j = 0; j < s->k; j++) {
            const pl_i_actor_t *ac = &m->actor[s->act[j]];
            for (size_t q = 0; q < ac->nrects; q++, r++) {
                bool b;
                if (rect_holds(&ac->rects[q], i, v, &b) && b) bit_set(sig, r);
                if (b) bit_set(s->has + d * W, r);
            }
        }
        size_t c = 0;
        while (c < nc && memcmp(s->in + (*off + c) * W, sig, W * sizeof *sig) != 0) c++;
        if (c == nc) {
            memcpy(s->in + (*off + c) * W, sig, W * sizeof *sig);
            s->cls_val[*off + c] = v;
            s->cls_cnt[*off + c] = 0;
            nc++;
        }
        s->cls_cnt[*off + c]++;
    }
    s->ncls[d] = nc;
    *off += nc;
    return nc > 0;
}

/* The search order: greedily, the issue that closes the most rectangle weight (each weight
 * relative to its actor's divisor) given the issues before it, ties to the issue bounded by
 * the most weight. Rectangles closed early are summed exactly rather than bounded, so the
 * bounds tighten sooner; any order is exact. depth[i] receives the inverse of s->perm. */
static bool order_issues(pl_i_rs *s, size_t *depth)
{
    const pl_model_t *m = s->m;
    size_t n = s->n;
    double *close = pl_malloc((n + 1) * sizeof *close), *touch = pl_malloc((n + 1) * sizeof *touch);
    if (!close || !touch) {
        pl_free(close);
        pl_free(touch);
        return false;
    }
    for (size_t i = 0; i < n; i++) depth[i] = SIZE_MAX;
    for (size_t d = 0; d < n; d++) {
        memset(close, 0, n * sizeof *close);
        memset(touch, 0, n * sizeof *touch);
        for (size_t j = 0; j < s->k; j++) {
            const pl_i_actor_t *ac = &m->actor[s->act[j]];
            double D = ac->rect_max > 0 ? ac->rect_max : 1;
            for (size_t q = 0; q < ac->nrects; q++) {
                const pl_i_rect_t *h = &ac->rects[q];
                size_t open = SIZE_MAX;
                bool several = false;
                for (size_t b = 0; b < h->nbounds; b++)
                    if (depth[h->issue[b]] == SIZE_MAX) {
                        if (open != SIZE_MAX && h->issue[b] != open) several = true;
                        open = h->issue[b];
                        touch[open] += fabs(h->utility) / D;
                    }
                if (open != SIZE_MAX && !several) close[open] += fabs(h->utility) / D;
            }
        }
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            if (depth[i] != SIZE_MAX) continue;
            if (best == SIZE_MAX || close[i] > close[best] ||
                (close[i] == close[best] && touch[i] > touch[best]))
                best = i;
        }
        s->perm[d] = best;
        depth[best] = d;
    }
    pl_free(close);
    pl_free(touch);
    return true;
}

pl_status pl_i_rs_init(pl_i_rs *s, const pl_model_t *m, const size_t *act, size_t k,
                       pl_error_t *err)
{
    memset(s, 0, sizeof *s);
    s->m = m;
    s->act = act;
    s->k = k;
    size_t n = m->nissues, R = 0, nvtot = 0, maxnv = 1;
    for (size_t j = 0; j < k; j++) R += m->actor[act[j]].nrects;
    for (size_t i = 0; i < n; i++) {
        nvtot += m->nvalues[i];
        if (m->nvalues[i] > maxnv) maxnv = m->nvalues[i];
    }
    size_t W = R / 64 + 1;
    s->n = n;
    s->R = R;
    s->W = W;
    s->r_actor = pl_calloc(R + 1, sizeof *s->r_actor);
    s->perm = pl_calloc(n + 1, sizeof *s->perm);
    s->r_w = pl_calloc(R + 1, sizeof *s->r_w);
    s->ncls = pl_calloc(n + 1, sizeof *s->ncls);
    s->cls_off = pl_calloc(n + 1, sizeof *s->cls_off);
    s->cls_val = pl_calloc(nvtot + 1, sizeof *s->cls_val);
    s->cls_cnt = pl_calloc(nvtot + 1, sizeof *s->cls_cnt);
    s->in = pl_calloc((nvtot + 1) * W, sizeof *s->in);
    s->has = pl_calloc((n + 1) * W, sizeof *s->has);
    s->closes = pl_calloc((n + 1) * W, sizeof *s->closes);
    s->pos = pl_calloc(W, sizeof *s->pos);
    s->r_first = pl_calloc((R + 1) * (n + 1), sizeof *s->r_first);
    s->r_last = pl_calloc(R + 1, sizeof *s->r_last);
    s->acc = pl_calloc((nvtot + 1) * k, sizeof *s->acc);
    s->D = pl_calloc(k, sizeof *s->D);
    s->thr = pl_calloc(k, sizeof *s->thr);
    s->alive = pl_calloc((n + 1) * W, sizeof *s->alive);
    s->sums = pl_calloc((n + 1) * 3 * k, sizeof *s->sums);
    s->o = pl_calloc(n + 1, sizeof *s->o);
    s->mult = pl_calloc(n + 1, sizeof *s->mult);
    s->restcnt = pl_calloc(n + 1, sizeof *s->restcnt);
    bool *allowed = pl_malloc(maxnv * sizeof *allowed);
    uint64_t *sig = pl_malloc(W * sizeof *sig);
    size_t *depth = pl_malloc((n + 1) * sizeof *depth);
    if (!depth || !s->perm || !s->r_actor || !s->r_w || !s->ncls || !s->cls_off || !s->cls_val || !s->cls_cnt ||
        !s->in || !s->has || !s->closes || !s->D || !s->thr || !s->alive || !s->sums || !s->o ||
        !s->mult || !s->restcnt || !allowed || !sig || !s->pos || !s->r_first || !s->acc ||
        !s->r_last) {
        pl_free(allowed);
        pl_free(sig);
        pl_free(depth);
        pl_i_rs_free(s);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    if (!order_issues(s, depth)) {
        pl_free(allowed);
        pl_free(sig);
        pl_free(depth);
        pl_i_rs_free(s);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    double *c0 = s->sums, *op0 = c0 + k, *on0 = op0 + k;
    size_t r = 0;
    for (size_t j = 0; j < k; j++) {
        const pl_i_actor_t *ac = &m->actor[act[j]];
        s->D[j] = ac->rect_max;
        s->thr[j] = m->threshold[act[j]];
        c0[j] = op0[j] = on0[j] = 0;
        for (size_t q = 0; q < ac->nrects; q++, r++) {
            const pl_i_rect_t *h = &ac->rects[q];
            s->r_actor[r] = j;
            s->r_w[r] = h->utility;
            bit_set(s->alive, r);
            if (h->nbounds == 0) {
                c0[j] += h->utility; /* bounds nothing: always satisfied */
                continue;
            }
            size_t last = 0;
            for (size_t b = 0; b < h->nbounds; b++)
                if (depth[h->issue[b]] > last) last = depth[h->issue[b]];
            bit_set(s->closes + last * W, r);
            s->r_last[r] = last;
            for (size_t d = 0; d <= n; d++) {
                size_t first = SIZE_MAX;
                for (size_t b = 0; b < h->nbounds; b++) {
                    size_t e = depth[h->issue[b]];
                    if (e >= d && e < first) first = e;
                }
                s->r_first[r * (n + 1) + d] = first;
            }
            if (h->utility > 0) bit_set(s->pos, r);
            if (h->utility > 0) op0[j] += h->utility;
            else on0[j] += h->utility;
        }
    }
    size_t off = 0;
    bool empty = false;
    s->allowed_all = true;
    for (size_t d = 0; d < n; d++) {
        size_t i = s->perm[d];
        for (size_t v = 0; v < m->nvalues[i]; v++) allowed[v] = true;
        for (size_t j = 0; j < k; j++) {
            const pl_i_actor_t *ac = &m->actor[act[j]];
            for (size_t q = 0; q < ac->nrequire; q++)
                if (ac->require[q].issue == i)
                    for (size_t v = 0; v < m->nvalues[i]; v++)
                        if (!ac->require[q].allowed[v]) allowed[v] = false;
        }
        if (!setup_issue(s, allowed, d, sig, &off)) empty = true;
        for (size_t v = 0; v < m->nvalues[i]; v++)
            if (!allowed[v]) s->allowed_all = false;
    }
    s->empty = empty;
    /* outcomes of issues i..n-1 (allowed values only) */
    s->restcnt[n] = 1;
    for (size_t i = n; i-- > 0;) {
        uint64_t c = 0;
        for (size_t q = 0; q < s->ncls[i]; q++) c += s->cls_cnt[s->cls_off[i] + q];
        s->restcnt[i] = sat_mul(s->restcnt[i + 1], c);
    }
    s->mult[0] = 1;
    pl_free(allowed);
    pl_free(sig);
    pl_free(depth);
    return PL_OK;
}

/* utility on the model's scale from a rectangle sum (hyper_utility's arithmetic) */
static inline double to_u(double sum, double D)
{
    if (D > 0) sum /= D;
    return sum > 1 ? 1 : sum;
}

/* ---- one step: assign a group of classes of issue i at depth i ---- */

/* Group issue i's classes by what the rectangles still alive see; grp[c] = group of class c,
 * rep[g] = its first class. Returns the number of groups. */
static size_t group_classes(const pl_i_rs *s, size_t i, const uint64_t *A, size_t *grp,
                            size_t *rep, uint64_t *gcnt)
{
    size_t W = s->W, nc = s->ncls[i], ng = 0, off = s->cls_off[i];
    const uint64_t *has = s->has + i * W;
    for (size_t c = 0; c < nc; c++) {
        const uint64_t *x = s->in + (off + c) * W;
        size_t g = 0;
        for (; g < ng; g++) {
            const uint64_t *y = s->in + (off + rep[g]) * W;
            bool same = true;
            for (size_t w = 0; w < W && same; w++) same = ((x[w] ^ y[w]) & has[w] & A[w]) == 0;
            if (same) break;
        }
        if (g == ng) {
            rep[ng] = c;
            gcnt[ng] = 0;
            ng++;
        }
        grp[c] = g;
        gcnt[g] = sat_add(gcnt[g], s->cls_cnt[off + c]);
    }
    return ng;
}

/* Child state after issue i takes class c: alive set and sums at depth i + 1. */
static void step(pl_i_rs *s, size_t i, size_t c)
{
    size_t W = s->W, k = s->k, off = s->cls_off[i];
    const uint64_t *A = s->alive + i * W, *has = s->has + i * W, *cl = s->closes + i * W;
    const uint64_t *in = s->in + (off + c) * W;
    uint64_t *B = s->alive + (i + 1) * W;
    const double *ps = s->sums + i * 3 * k;
    double *cs = s->sums + (i + 1) * 3 * k;
    memcpy(cs, ps, 3 * k * sizeof *cs);
    double *cc = cs, *op = cs + k, *on = cs + 2 * k;
    for (size_t w = 0; w < W; w++) {
        uint64_t killed = A[w] & has[w] & ~in[w];
        uint64_t b = A[w] & ~killed;
        uint64_t closing = b & cl[w];
        B[w] = b & ~cl[w];
        for (uint64_t x = killed | closing; x; x &= x - 1) {
            size_t r = w * 64 + (size_t)__builtin_ctzll(x);
            double wt = s->r_w[r];
            size_t j = s->r_actor[r];
            if (wt > 0) op[j] -= wt;
            else on[j] -= wt;
            if (closing >> (r % 64) & 1) cc[j] += wt;
        }
    }
    s->o[s->perm[i]] = s->cls_val[off + c];
}

/* ---- found points ---- */

static bool found_push(pl_i_rs_found *F, size_t k, size_t n, const double *u, uint64_t cnt,
                       const size_t *o)
{
    if (F->n == F->cap) {
        size_t cap = F->cap ? 2 * F->cap : 64;
        double *nu = pl_realloc(F->u, cap * k * sizeof *nu);
        if (nu) F->u = nu;
        uint64_t *nc = pl_realloc(F->count, cap * sizeof *nc);
        if (nc) F->count = nc;
        size_t *no = pl_realloc(F->outcome, cap * (n ? n : 1) * sizeof *no);
        if (no) F->outcome = no;
        bool *nl = pl_realloc(F->live, cap * sizeof *nl);
        if (nl) F->live = nl;
        if (!nu || !nc || !no || !nl) return false;
        F->cap = cap;
    }
    memcpy(F->u + F->n * k, u, k * sizeof *u);
    F->count[F->n] = cnt;
    memcpy(F->outcome + F->n * n, o, n * sizeof *o);
    F->live[F->n] = true;
    F->n++;
    F->nlive++;
    return true;
}

/* robust dominance (ge = 0, gt = 2 PL_TOL): composes with the frontier's own test */
static bool set_dominates(const pl_i_rs_found *F, size_t k, const double *ub)
{
    for (size_t p = 0; p < F->n; p++) {
        if (!F->live[p]) continue;
        if (pl_i_dominates(F->u + p * k, ub, k, 0.0, 2 * PL_TOL)) return true;
    }
    return false;
}

static bool robustly_dominated(const pl_i_rs *s, const double *ub)
{
    return set_dominates(&s->seeds, s->k, ub) || set_dominates(&s->found, s->k, ub);
}

/* drop found points robustly dominated by another found point (they cannot be on the frontier,
 * and whatever they would prune, their dominator prunes too) */
static void found_reduce(pl_i_rs *s)
{
    pl_i_rs_found *F = &s->found;
    size_t k = s->k;
    for (size_t p = 0; p < F->n; p++) {
        if (!F->live[p]) continue;
        for (size_t q = 0; q < F->n; q++)
            if (q != p && F->live[q] && pl_i_dominates(F->u + q * k, F->u + p * k, k, 0.0, 2 * PL_TOL)) {
                F->live[p] = false;
                F->nlive--;
                break;
            }
    }
    F->reduce_at = 2 * F->nlive + 64;
}

static bool leaf(pl_i_rs *s, const double *u, uint64_t cnt)
{
    pl_i_rs_found *F = &s->found;
    size_t k = s->k;
    for (size_t p = F->n; p-- > 0;) {
        const double *x = F->u + p * k;
        bool eq = true;
        for (size_t j = 0; j < k && eq; j++) eq = x[j] == u[j];
        if (eq) {
            /* the search runs best-first, not in enumeration order: keep the smallest outcome
             * (a leaf's own smallest outcome is its class representatives) */
            size_t *fo = F->outcome + p * s->n;
            for (size_t i = 0; i < s->n; i++)
                if (s->o[i] != fo[i]) {
                    if (s->o[i] < fo[i]) memcpy(fo, s->o, s->n * sizeof *fo);
                    break;
                }
            F->count[p] = sat_add(F->count[p], cnt);
            if (F->count[p] == UINT64_MAX) s->saturated = true;
            return true;
        }
    }
    if (!found_push(F, k, s->n, u, cnt, s->o)) return false;
    if (F->nlive >= F->reduce_at) found_reduce(s);
    return true;
}

/* ---- the frontier search ---- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* how far outside the found points' dominated region a vector may lie: the smallest, over
 * found points p, of max_j (ub_j - p_j)^+ (INFINITY without found points) */
static double set_gap(const pl_i_rs_found *F, size_t k, const double *ub)
{
    double best = INFINITY;
    for (size_t p = 0; p < F->n; p++) {
        if (!F->live[p]) continue;
        double g = 0;
        for (size_t j = 0; j < k; j++) {
            double d = ub[j] - F->u[p * k + j];
            if (d > g) g = d;
        }
        if (g < best) best = g;
    }
    return best;
}

static double gap_of(const pl_i_rs *s, const double *ub)
{
    double a = set_gap(&s->found, s->k, ub), b = set_gap(&s->seeds, s->k, ub);
    return a < b ? a : b;
}

/* ---- local search: good rational outcomes early make the bounds prune ---- */

static uint64_t xorshift(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* utilities of outcome o (hyper_utility's arithmetic); rational? */
static bool eval_outcome(const pl_i_rs *s, const size_t *o, double *u)
{
    const pl_model_t *m = s->m;
    bool rat = true;
    for (size_t j = 0; j < s->k; j++) {
        const pl_i_actor_t *ac = &m->actor[s->act[j]];
        double sum = 0;
        for (size_t r = 0; r < ac->nrects; r++) {
            const pl_i_rect_t *h = &ac->rects[r];
            bool in = true;
            for (size_t b = 0; b < h->nbounds && in; b++) {
                size_t v = o[h->issue[b]];
                in = v >= h->min[b] && v <= h->max[b];
            }
            if (in) sum += h->utility;
        }
        u[j] = to_u(sum, s->D[j]);
        if (u[j] < s->thr[j] - PL_TOL) rat = false;
    }
    return rat;
}

/* augmented Chebyshev scalarisation (reaches non-convex parts of the frontier, which weighted
 * sums miss) with a steep penalty below the thresholds; lam[k] > 0 selects it */
static double objective(const pl_i_rs *s, const double *lam, const double *u)
{
    double t = 0, mn = INFINITY;
    for (size_t j = 0; j < s->k; j++) {
        t += lam[j] * u[j];
        if (lam[j] * u[j] < mn) mn = lam[j] * u[j];
        if (u[j] < s->thr[j]) t -= 10 * (s->thr[j] - u[j]);
    }
    return lam[s->k] > 0 ? mn + 0.01 * t : t;
}

/* one hill climb over class representatives from o, maximising the weighted objective */
static void climb(const pl_i_rs *s, const double *lam, size_t *o, double *u)
{
    double best = objective(s, lam, u);
    bool improved = true;
    double uu[64];
    for (int sweep = 0; improved && sweep < 50; sweep++) {
        improved = false;
        for (size_t d = 0; d < s->n; d++) {
            size_t i = s->perm[d], keep = o[i];
            for (size_t c = 0; c < s->ncls[d]; c++) {
                size_t v = s->cls_val[s->cls_off[d] + c];
                if (v == keep) continue;
                o[i] = v;
                eval_outcome(s, o, uu);
                double t = objective(s, lam, uu);
                if (t > best + 1e-12) {
                    best = t;
                    keep = v;
                    memcpy(u, uu, s->k * sizeof *u);
                    improved = true;
                }
            }
            o[i] = keep;
        }
    }
}

/* does changing o at one or two issues raise u_j without lowering anyone? applies the first
 * such move found */
static bool polish_move(const pl_i_rs *s, size_t j, size_t *o, double *u)
{
    size_t n = s->n, k = s->k;
    double uu[64];
    for (size_t da = 0; da < n; da++)
        for (size_t db = da; db < n; db++) {
            size_t a = s->perm[da], b = s->perm[db];
            size_t ka = o[a], kb = o[b];
            size_t nb = b == a ? 1 : s->ncls[db];
            for (size_t ca = 0; ca < s->ncls[da]; ca++)
                for (size_t cb = 0; cb < nb; cb++) {
                    o[a] = s->cls_val[s->cls_off[da] + ca];
                    if (b != a) o[b] = s->cls_val[s->cls_off[db] + cb];
                    if (o[a] == ka && o[b] == kb) continue;
                    eval_outcome(s, o, uu);
                    bool ok = uu[j] > u[j];
                    for (size_t q = 0; q < k && ok; q++) ok = uu[q] >= u[q];
                    if (ok) {
                        memcpy(u, uu, k * sizeof *u);
                        return true;
                    }
                }
            o[a] = ka;
            o[b] = kb;
        }
    return false;
}

/* seed s->seeds with the rational outcomes of hill climbs under a spread of weights */
static bool seed(pl_i_rs *s)
{
    size_t k = s->k, n = s->n;
    size_t *o = s->o;
    double u[64], lam[65];
    uint64_t rng = 0x9E3779B97F4A7C15ULL;
    int nw = k == 2 ? 41 : 60;
    for (int w = 0; w < 2 * nw; w++) {
        double tot = 0;
        int wi = w % nw;
        for (size_t j = 0; j < k; j++) {
            if (k == 2) lam[j] = j == 0 ? (double)wi / (nw - 1) : 1 - (double)wi / (nw - 1);
            else lam[j] = wi < (int)k ? (j == (size_t)wi) : (double)(xorshift(&rng) % 1000) + 1;
            tot += lam[j];
        }
        for (size_t j = 0; j < k; j++) lam[j] = tot > 0 ? lam[j] / tot : 1.0 / (double)k;
        /* Chebyshev weights: the inverse of the direction, kept away from 0 */
        lam[k] = w >= nw;
        if (lam[k] > 0)
            for (size_t j = 0; j < k; j++) lam[j] = 1.0 / (lam[j] + 0.05);
        if (s->deadline > 0 && now_s() > s->deadline) break;
        for (int start = 0; start < 10; start++) {
            for (size_t d = 0; d < n; d++)
                o[s->perm[d]] = s->cls_val[s->cls_off[d] + xorshift(&rng) % s->ncls[d]];
            eval_outcome(s, o, u);
            climb(s, lam, o, u);
            /* a few kicks: change three issues at random and climb again, keep if better */
            size_t best_o[n ? n : 1];
            double best_u[64];
            memcpy(best_o, o, n * sizeof *o);
            memcpy(best_u, u, k * sizeof *u);
            for (int kick = 0; kick < 12; kick++) {
                for (int t = 0; t < 2 + kick % 4; t++) {
                    size_t d = xorshift(&rng) % n;
                    o[s->perm[d]] = s->cls_val[s->cls_off[d] + xorshift(&rng) % s->ncls[d]];
                }
                eval_outcome(s, o, u);
                climb(s, lam, o, u);
                if (objective(s, lam, u) > objective(s, lam, best_u)) {
                    memcpy(best_o, o, n * sizeof *o);
                    memcpy(best_u, u, k * sizeof *u);
                } else {
                    memcpy(o, best_o, n * sizeof *o);
                }
            }
            if (!eval_outcome(s, best_o, best_u)) continue;
            if (set_dominates(&s->seeds, k, best_u)) continue;
            if (!found_push(&s->seeds, k, n, best_u, 1, best_o)) return false;
        }
    }
    /* polish: from each seed, push every actor up by one- and two-issue moves that hurt no one */
    size_t ns = s->seeds.n;
    for (size_t p = 0; p < ns; p++) {
        if (!s->seeds.live[p]) continue;
        for (size_t j = 0; j < k; j++) {
            if (s->deadline > 0 && now_s() > s->deadline) return true;
            memcpy(o, s->seeds.outcome + p * n, n * sizeof *o);
            memcpy(u, s->seeds.u + p * k, k * sizeof *u);
            int moves = 0;
            while (moves < 200 && polish_move(s, j, o, u)) moves++;
            if (moves && !set_dominates(&s->seeds, k, u))
                if (!found_push(&s->seeds, k, n, u, 1, o)) return false;
        }
    }
    return true;
}

/* Add to tot[j] a bound on what actor j's alive positive rectangles can still add at depth d:
 * each is charged to one of its unassigned issues (last: the one that closes it, else the
 * first); of those charged to one issue, only the ones containing a common class can hold
 * together, so the issue adds the best class's sum (docs/analysis.md). */
static void charged_sum(pl_i_rs *s, size_t d, bool last, double *tot)
{
    size_t k = s->k, W = s->W, n = s->n;
    size_t off0 = s->cls_off[d], ncl = s->cls_off[n - 1] + s->ncls[n - 1] - off0;
    double *acc = s->acc;
    memset(acc, 0, ncl * k * sizeof *acc);
    const uint64_t *A = s->alive + d * W;
    for (size_t w = 0; w < W; w++)
        for (uint64_t x = A[w] & s->pos[w]; x; x &= x - 1) {
            size_t r = w * 64 + (size_t)__builtin_ctzll(x);
            size_t l = last ? s->r_last[r] : s->r_first[r * (n + 1) + d], j = s->r_actor[r];
            double wt = s->r_w[r];
            size_t off = s->cls_off[l];
            double *a = acc + (off - off0) * k + j;
            for (size_t c = 0; c < s->ncls[l]; c++, a += k)
                if (bit_get(s->in + (off + c) * W, r)) *a += wt;
        }
    for (size_t l = d; l < n; l++) {
        const double *a = acc + (s->cls_off[l] - off0) * k;
        for (size_t j = 0; j < k; j++) {
            double best = 0;
            for (size_t c = 0; c < s->ncls[l]; c++)
                if (a[c * k + j] > best) best = a[c * k + j];
            tot[j] += best;
        }
    }
}

/* Upper bounds of the state at depth d on the utility scale; false when some actor cannot
 * reach its threshold there. Every charging gives a bound, so the smaller of two is one. */
static bool bounds_at(pl_i_rs *s, size_t d, double *ub)
{
    size_t k = s->k, n = s->n;
    const double *cs = s->sums + d * 3 * k;
    for (size_t j = 0; j < k; j++) {
        ub[j] = to_u(cs[j] + cs[k + j], s->D[j]);
        if (ub[j] < s->thr[j] - PL_TOL) return false;
    }
    if (d == n) return true;
    double tot[64];
    for (int pass = 0; pass < 2; pass++) {
        for (size_t j = 0; j < k; j++) tot[j] = cs[j];
        charged_sum(s, d, pass == 1, tot);
        for (size_t j = 0; j < k; j++) {
            double t = to_u(tot[j], s->D[j]);
            if (t < ub[j]) ub[j] = t;
            if (ub[j] < s->thr[j] - PL_TOL) return false;
        }
    }
    return true;
}

static int frontier_dfs(pl_i_rs *s, size_t i)
{
    size_t k = s->k;
    double ub[64];
    if (i == s->n) {
        const double *cs = s->sums + i * 3 * k;
        for (size_t j = 0; j < k; j++) ub[j] = to_u(cs[j], s->D[j]);
        return leaf(s, ub, s->mult[i]) ? 0 : -1;
    }
    size_t nc = s->ncls[i];
    size_t grp[nc ? nc : 1], rep[nc ? nc : 1], ord[nc ? nc : 1], ng0 = 0;
    uint64_t gcnt[nc ? nc : 1];
    double key[nc ? nc : 1], cub[(nc ? nc : 1) * k];
    size_t ng = group_classes(s, i, s->alive + i * s->W, grp, rep, gcnt);
    /* children that can still hold a rational, undominated outcome, best bound sum first */
    for (size_t g = 0; g < ng; g++) {
        step(s, i, rep[g]);
        if (!bounds_at(s, i + 1, cub + g * k)) continue;
        if (robustly_dominated(s, cub + g * k)) continue;
        if (pl_i_rs_corners_prune(s, i + 1, cub + g * k)) continue;
        double t = 0;
        for (size_t j = 0; j < k; j++) t += cub[g * k + j];
        size_t q = ng0++;
        for (; q > 0 && key[q - 1] < t; q--) {
            key[q] = key[q - 1];
            ord[q] = ord[q - 1];
        }
        key[q] = t;
        ord[q] = g;
    }
    for (size_t q = 0; q < ng0; q++) {
        size_t g = ord[q];
        const double *u = cub + g * k;
        if (!s->stopped && (++s->nodes & 1023) == 0 && s->deadline > 0 && now_s() > s->deadline)
            s->stopped = true;
        if (s->stopped) {
            /* unexplored: its bound joins the certified gap */
            if (!robustly_dominated(s, u)) {
                double x = gap_of(s, u);
                if (x > s->gap) s->gap = x;
            }
            continue;
        }
        /* points found since the bound was taken may prune it now */
        if (robustly_dominated(s, u)) continue;
        step(s, i, rep[g]);
        if (q > 0 && pl_i_rs_corners_prune(s, i + 1, u)) continue;
        s->mult[i + 1] = sat_mul(s->mult[i], gcnt[g]);
        if (frontier_dfs(s, i + 1) < 0) return -1;
    }
    return 0;
}

pl_status pl_i_rs_frontier(pl_i_rs *s, double time_limit, pl_error_t *err)
{
    s->found.reduce_at = 64;
    /* no limit given: PL_ANALYSIS_RECTS_TIME_LIMIT (a 10^30 space can need hours; stopped, the
     * search still certifies how far the points found are from any missing one) */
    s->deadline = now_s() + (time_limit > 0 ? time_limit : PL_ANALYSIS_RECTS_TIME_LIMIT);
    if (s->empty) return PL_OK;
    double ub[64];
    if (!bounds_at(s, 0, ub)) return PL_OK;
    if (s->n && !seed(s)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    if (frontier_dfs(s, 0) < 0) return pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!s->stopped) {
        s->gap = 0;
    } else {
        /* stopped: the seeds join the result (one outcome each, as far as is known), so that
         * the gap refers to points reported */
        const pl_i_rs_found *S = &s->seeds;
        for (size_t p = 0; p < S->n; p++) {
            bool dup = false;
            for (size_t q = 0; q < s->found.n && !dup; q++)
                dup = memcmp(s->found.u + q * s->k, S->u + p * s->k, s->k * sizeof(double)) == 0;
            if (!dup && !found_push(&s->found, s->k, s->n, S->u + p * s->k, 1, S->outcome + p * s->n))
                return pl_error_set(err, PL_ENOMEM, "out of memory");
        }
    }
    found_reduce(s);
    return PL_OK;
}

/* ---- the rational count ---- */

static int count_dfs(pl_i_rs *s, size_t i)
{
    size_t k = s->k;
    const double *cs = s->sums + i * 3 * k;
    bool all = true;
    for (size_t j = 0; j < k; j++) {
        if (to_u(cs[j] + cs[k + j], s->D[j]) < s->thr[j] - PL_TOL) return 0;
        /* the rectangles still undecided can only add their positive, or lose nothing more
         * than their negative, utilities */
        if (to_u(cs[j] + cs[2 * k + j], s->D[j]) < s->thr[j] - PL_TOL) all = false;
    }
    uint64_t sub = sat_mul(s->mult[i], s->restcnt[i]);
    if (all || i == s->n) {
        if (i == 0 && all) s->count_all = s->allowed_all;
        s->count_lo = sat_add(s->count_lo, sub);
        return 0;
    }
    if (++s->nodes > s->max_nodes) {
        s->count_open = sat_add(s->count_open, sub);
        return 1;
    }
    size_t nc = s->ncls[i];
    size_t grp[nc ? nc : 1], rep[nc ? nc : 1];
    uint64_t gcnt[nc ? nc : 1];
    size_t ng = group_classes(s, i, s->alive + i * s->W, grp, rep, gcnt);
    int r = 0;
    for (size_t g = 0; g < ng; g++) {
        step(s, i, rep[g]);
        s->mult[i + 1] = sat_mul(s->mult[i], gcnt[g]);
        if (count_dfs(s, i + 1)) r = 1;
    }
    return r;
}

void pl_i_rs_count(pl_i_rs *s, uint64_t max_nodes)
{
    s->count_lo = s->count_open = 0;
    s->nodes = 0;
    s->max_nodes = max_nodes;
    if (s->empty) return;
    count_dfs(s, 0);
}
