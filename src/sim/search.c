/*
 * search.c: offers without enumeration, for outcome spaces too large for the sorted index
 * (index.c). Additive utilities: a bounded branch and bound over the issues for the admissible
 * outcomes with the lowest utility at or above a target. Other utilities (the GENIUS 2014
 * hyper-rectangles): a local search seeded from the parties' Pareto frontier and the
 * negotiator's own best outcomes (the rectangle search of src/analysis). docs/simulation.md.
 */
#include "sim_internal.h"

#include <parley/pl_analysis.h>

#include <stdlib.h>
#include <string.h>

#define SEARCH_NODES 4096      /* branch-and-bound nodes per offer (additive) */
#define SEARCH_EVALS 3000      /* utility evaluations per offer (local search) */
#define SEARCH_MAX_NODES 1000000 /* nodes for the negotiator's best when rules restrict it */
#define SEARCH_K 48            /* candidates kept: the index path's OFFER_CANDIDATES */
#define SEARCH_WINDOW 0.02     /* the index path's OFFER_WINDOW */
#define SEARCH_MARGIN 1e-9     /* bounds are sums in another order: never prune closer */
#define SEARCH_FRONTIER_S 1.0  /* time limit of each frontier computation seeding the search */
#define SEARCH_RESTARTS 16     /* hill climbs from random outcomes when no frontier seeds */
#define SEARCH_RANDOM_TRIES 64 /* random outcomes tried before a random target is searched */

struct pl_i_search {
    const pl_model_t *m;
    size_t actor, uactor, party, ni;
    bool additive;
    bool fast;        /* admissible = utility at or above the threshold (no other rule) */
    double threshold;
    /* additive: issues in search order (largest spread first), their values ascending */
    size_t *iss;      /* issue at depth d */
    size_t *voff;     /* ni + 1 offsets into vals / vu, by depth */
    size_t *vals;     /* value indices */
    double *vu;       /* their utilities */
    double *minr, *maxr; /* ni + 1: smallest and largest sum over depths d.. */
    size_t *best;     /* the negotiator's best admissible outcome (ni) */
    /* local search: seeds ascending by own utility */
    size_t nseeds, capseeds;
    size_t *seeds;    /* nseeds * ni */
    double *seedu;
};

/* The candidates of one offer: the SEARCH_K lowest admissible outcomes found at or above the
 * target, ascending by (utility, outcome in enumeration order). */
typedef struct {
    size_t k, ni;
    double u[SEARCH_K];
    size_t *o;  /* SEARCH_K * ni */
    bool extra; /* one more candidate, from the frequency model (additive) */
    double xu;
    size_t *xo; /* ni */
} cands_t;

static int cmp_outcome(const size_t *a, const size_t *b, size_t ni)
{
    for (size_t i = 0; i < ni; i++)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

/* Largest utility a new candidate may have and still be kept (or be in the window). */
static double cands_bound(const cands_t *c)
{
    if (c->k == 0) return INFINITY;
    double b = c->u[0] + SEARCH_WINDOW;
    if (c->k == SEARCH_K && c->u[SEARCH_K - 1] < b) b = c->u[SEARCH_K - 1];
    return b;
}

static bool cands_would_keep(const cands_t *c, double u)
{
    return u <= cands_bound(c);
}

static void cands_insert(cands_t *c, double u, const size_t *o)
{
    size_t ni = c->ni, at = c->k;
    while (at > 0) {
        int r = c->u[at - 1] < u ? -1 : c->u[at - 1] > u ? 1 : cmp_outcome(c->o + (at - 1) * ni, o, ni);
        if (r == 0) return; /* found again */
        if (r < 0) break;
        at--;
    }
    if (at == SEARCH_K) return;
    size_t last = c->k < SEARCH_K ? c->k : SEARCH_K - 1;
    memmove(c->u + at + 1, c->u + at, (last - at) * sizeof *c->u);
    memmove(c->o + (at + 1) * ni, c->o + at * ni, (last - at) * ni * sizeof *c->o);
    c->u[at] = u;
    memcpy(c->o + at * ni, o, ni * sizeof *o);
    if (c->k < SEARCH_K) c->k++;
}

/* May the negotiator offer o (its utility u is at or above the threshold already)? */
static bool admissible(const pl_i_search *S, const pl_sim_view_t *v, const size_t *o)
{
    if (S->fast && !v->ratify_aware) return true;
    return pl_i_admissible(v, o);
}

/* The same test without a session, for seeds: the index path's filter. */
static bool offerable(const pl_i_search *S, const size_t *o)
{
    const pl_model_t *m = S->m;
    if (!pl_model_accepts(m, S->uactor, o)) return false;
    if (S->party != S->uactor && !pl_model_accepts(m, S->party, o)) return false;
    return pl_model_within_mandate(m, S->actor, o);
}

/* ---- additive: branch and bound ---- */

/* First value position at depth d (partial sum p) from which the target is still reachable. */
static size_t first_reachable(const pl_i_search *S, size_t d, double p, double tg)
{
    size_t lo = S->voff[d], hi = S->voff[d + 1];
    double need = tg - SEARCH_MARGIN - p - S->maxr[d + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (S->vu[mid] < need) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Depth-first in ascending utility per issue, starting each issue at its smallest value that
 * can still reach the target, so the first leaf is at most one value step above it; subtrees
 * whose smallest sum exceeds the candidates' bound are cut. At most SEARCH_NODES nodes. */
static void additive_search(const pl_i_search *S, const pl_sim_view_t *v, double tg, cands_t *c,
                            size_t *o, size_t *pos, double *ps)
{
    size_t ni = S->ni, d = 0, nodes = 0;
    if (ni == 0) return;
    ps[0] = 0;
    pos[0] = first_reachable(S, 0, 0, tg);
    while (nodes < SEARCH_NODES) {
        if (pos[d] >= S->voff[d + 1]) {
            if (d == 0) break;
            pos[--d]++;
            continue;
        }
        nodes++;
        double p = ps[d] + S->vu[pos[d]];
        if (p + S->minr[d + 1] > cands_bound(c) + SEARCH_MARGIN) {
            pos[d] = S->voff[d + 1]; /* values ascend: none after this one fits either */
            continue;
        }
        o[S->iss[d]] = S->vals[pos[d]];
        if (d + 1 < ni) {
            ps[++d] = p;
            pos[d] = first_reachable(S, d, p, tg);
            continue;
        }
        double u = pl_i_util(v, o); /* the session's own sum, in issue order */
        if (u >= tg - PL_TOL && cands_would_keep(c, u) && admissible(S, v, o)) cands_insert(c, u, o);
        pos[d]++;
    }
}

/* The negotiator's best admissible outcome by branch and bound (values descending), when its
 * rules restrict what it may offer; the best found within SEARCH_MAX_NODES nodes. */
static bool additive_best(const pl_i_search *S, size_t *best, double *ubest)
{
    size_t ni = S->ni;
    size_t *o = pl_calloc(2 * ni + 1, sizeof *o), *pos = o + ni;
    double *ps = pl_calloc(ni + 1, sizeof *ps);
    bool found = false;
    if (!o || !ps) goto done;
    size_t d = 0, nodes = 0;
    pos[0] = S->voff[1];
    while (nodes < SEARCH_MAX_NODES) {
        if (pos[d] == S->voff[d]) {
            if (d == 0) break;
            pos[--d]--;
            continue;
        }
        nodes++;
        double p = ps[d] + S->vu[pos[d] - 1];
        if (p + S->maxr[d + 1] < S->threshold - SEARCH_MARGIN ||
            (found && p + S->maxr[d + 1] <= *ubest + SEARCH_MARGIN)) {
            pos[d] = S->voff[d]; /* values descend: nothing after this can do better */
            continue;
        }
        o[S->iss[d]] = S->vals[pos[d] - 1];
        if (d + 1 < ni) {
            ps[++d] = p;
            pos[d] = S->voff[d + 1];
            continue;
        }
        double u = pl_model_utility(S->m, S->uactor, o);
        if ((!found || u > *ubest) && offerable(S, o)) {
            found = true;
            *ubest = u;
            memcpy(best, o, ni * sizeof *o);
        }
        pos[d]--;
    }
done:
    pl_free(o);
    pl_free(ps);
    return found;
}

/* Gain in the frequency model (how often the others asked for it) of value x of issue i. */
static double freq_of(const pl_sim_view_t *v, size_t i, size_t x)
{
    return (double)v->freq[v->s->voff[i] + x];
}

/* One outcome near the target that the others have asked for much: from the negotiator's
 * best, take the single-issue changes with the largest frequency gain per utility given up
 * while the utility stays at or above the target, then give up utility down to the window
 * where it costs the least frequency. The index path's frequency tie-break looks at many
 * outcomes near the target; the branch and bound's candidates differ only in the last issues
 * decided, so this one joins them (pick: the most asked for within the window wins). */
static void additive_greedy(const pl_i_search *S, const pl_sim_view_t *v, double tg, cands_t *c)
{
    const pl_model_t *m = S->m;
    size_t ni = S->ni, *x = c->xo;
    memcpy(x, S->best, ni * sizeof *x);
    double u = pl_i_util(v, x);
    for (int phase = 0; phase < 2; phase++)
        for (size_t step = 0; step < 4 * ni + 8; step++) {
            if (phase == 1 && u <= tg + SEARCH_WINDOW / 2) break;
            size_t bi = SIZE_MAX, bx = 0;
            double bscore = -INFINITY, bdu = 0;
            for (size_t i = 0; i < ni; i++) {
                const double *t = pl_model_value_utilities(m, S->uactor, i);
                double ti = t ? t[x[i]] : 0, fi = freq_of(v, i, x[i]);
                for (size_t y = 0; y < pl_model_nvalues(m, i); y++) {
                    double du = (t ? t[y] : 0) - ti, df = freq_of(v, i, y) - fi;
                    if (y == x[i] || u + du < tg + SEARCH_MARGIN) continue;
                    /* phase 0: frequency gained per utility lost; phase 1: frequency lost per
                     * utility lost, as little as possible */
                    double score;
                    if (phase == 0) {
                        if (df <= 0) continue;
                        score = du >= 0 ? INFINITY : df / -du;
                    } else {
                        if (du >= 0) continue;
                        score = df / -du;
                    }
                    if (score > bscore || (score == bscore && du > bdu)) {
                        bscore = score;
                        bdu = du;
                        bi = i;
                        bx = y;
                    }
                }
            }
            if (bi == SIZE_MAX) break;
            x[bi] = bx;
            u = pl_i_util(v, x);
        }
    c->extra = u >= tg - PL_TOL && admissible(S, v, x);
    c->xu = u;
}

typedef struct {
    size_t i;
    double spread;
} spread_t;

static int cmp_spread(const void *a, const void *b)
{
    const spread_t *x = a, *y = b;
    if (x->spread != y->spread) return x->spread > y->spread ? -1 : 1;
    return x->i < y->i ? -1 : (x->i > y->i);
}

typedef struct {
    double u;
    size_t v;
} vu_t;

static int cmp_vu(const void *a, const void *b)
{
    const vu_t *x = a, *y = b;
    if (x->u != y->u) return x->u < y->u ? -1 : 1;
    return x->v < y->v ? -1 : (x->v > y->v);
}

/* Sorted per-issue tables and suffix bounds; the negotiator's best into ix->umax. */
static pl_status additive_build(pl_i_search *S, pl_i_index *ix, pl_error_t *err)
{
    const pl_model_t *m = S->m;
    size_t ni = S->ni, total = 0, maxnv = 1;
    for (size_t i = 0; i < ni; i++) {
        total += pl_model_nvalues(m, i);
        if (pl_model_nvalues(m, i) > maxnv) maxnv = pl_model_nvalues(m, i);
    }
    S->iss = pl_calloc(ni + 1, sizeof *S->iss);
    S->voff = pl_calloc(ni + 1, sizeof *S->voff);
    S->vals = pl_calloc(total + 1, sizeof *S->vals);
    S->vu = pl_calloc(total + 1, sizeof *S->vu);
    S->minr = pl_calloc(ni + 1, sizeof *S->minr);
    S->maxr = pl_calloc(ni + 1, sizeof *S->maxr);
    spread_t *sp = pl_calloc(ni + 1, sizeof *sp);
    vu_t *tmp = pl_calloc(maxnv, sizeof *tmp);
    size_t *best = S->best = pl_calloc(ni + 1, sizeof *best);
    if (!S->iss || !S->voff || !S->vals || !S->vu || !S->minr || !S->maxr || !sp || !tmp ||
        !best) {
        pl_free(sp);
        pl_free(tmp);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < ni; i++) {
        const double *t = pl_model_value_utilities(m, S->uactor, i);
        double lo = INFINITY, hi = -INFINITY;
        for (size_t x = 0; x < pl_model_nvalues(m, i); x++) {
            double u = t ? t[x] : 0;
            if (u < lo) lo = u;
            if (u > hi) hi = u;
        }
        sp[i].i = i;
        sp[i].spread = hi - lo;
    }
    /* large spreads first: the last issues decided are the finest adjustments */
    qsort(sp, ni, sizeof *sp, cmp_spread);
    for (size_t d = 0; d < ni; d++) {
        size_t i = sp[d].i, nv = pl_model_nvalues(m, i);
        const double *t = pl_model_value_utilities(m, S->uactor, i);
        S->iss[d] = i;
        for (size_t x = 0; x < nv; x++) {
            tmp[x].u = t ? t[x] : 0;
            tmp[x].v = x;
        }
        qsort(tmp, nv, sizeof *tmp, cmp_vu);
        S->voff[d + 1] = S->voff[d] + nv;
        for (size_t x = 0; x < nv; x++) {
            S->vals[S->voff[d] + x] = tmp[x].v;
            S->vu[S->voff[d] + x] = tmp[x].u;
        }
        best[i] = tmp[nv - 1].v;
    }
    for (size_t d = ni; d-- > 0;) {
        S->minr[d] = S->minr[d + 1] + S->vu[S->voff[d]];
        S->maxr[d] = S->maxr[d + 1] + S->vu[S->voff[d + 1] - 1];
    }
    pl_free(sp);
    pl_free(tmp);
    double u = pl_model_utility(m, S->uactor, best);
    bool ok = S->fast ? u >= S->threshold - PL_TOL : additive_best(S, best, &u);
    ix->n = ok ? 1 : 0;
    ix->umax = ok ? u : S->threshold;
    return PL_OK;
}

/* ---- local search (any utility) ---- */

static pl_status add_seed(pl_i_search *S, const size_t *o)
{
    if (!offerable(S, o)) return PL_OK;
    size_t ni = S->ni;
    for (size_t q = 0; q < S->nseeds; q++)
        if (cmp_outcome(S->seeds + q * ni, o, ni) == 0) return PL_OK;
    if (S->nseeds == S->capseeds) {
        size_t cap = S->capseeds ? 2 * S->capseeds : 16;
        size_t *s = pl_realloc(S->seeds, cap * (ni ? ni : 1) * sizeof *s);
        if (!s) return PL_ENOMEM;
        S->seeds = s;
        double *u = pl_realloc(S->seedu, cap * sizeof *u);
        if (!u) return PL_ENOMEM;
        S->seedu = u;
        S->capseeds = cap;
    }
    memcpy(S->seeds + S->nseeds * ni, o, ni * sizeof *o);
    S->seedu[S->nseeds++] = pl_model_utility(S->m, S->uactor, o);
    return PL_OK;
}

/* Seeds from a frontier of the given actors, computed within SEARCH_FRONTIER_S seconds
 * (points found so far when the limit stops it). No seeds when no method applies. */
static pl_status frontier_seeds(pl_i_search *S, const size_t *actors, size_t k)
{
    pl_frontier_t *f = NULL;
    pl_status st = pl_frontier_compute_timed(S->m, actors, k, PL_FRONTIER_AUTO, 0,
                                             SEARCH_FRONTIER_S, &f, NULL);
    if (st == PL_ENOMEM) return st;
    if (st != PL_OK) return PL_OK;
    for (size_t q = 0; q < f->npoints && st == PL_OK; q++)
        st = add_seed(S, f->outcome + q * S->ni);
    pl_frontier_free(f);
    return st;
}

/* Climb own utility from o by best single-issue changes (at most `steps`). */
static void climb(const pl_i_search *S, size_t *o, size_t steps)
{
    const pl_model_t *m = S->m;
    double u = pl_model_utility(m, S->uactor, o);
    for (size_t s = 0; s < steps; s++) {
        size_t bi = SIZE_MAX, bv = 0;
        double bu = u;
        for (size_t i = 0; i < S->ni; i++) {
            size_t keep = o[i];
            for (size_t x = 0; x < pl_model_nvalues(m, i); x++) {
                if (x == keep) continue;
                o[i] = x;
                double w = pl_model_utility(m, S->uactor, o);
                if (w > bu + PL_TOL) {
                    bu = w;
                    bi = i;
                    bv = x;
                }
            }
            o[i] = keep;
        }
        if (bi == SIZE_MAX) return;
        o[bi] = bv;
        u = bu;
    }
}

static pl_status local_build(pl_i_search *S, pl_i_index *ix)
{
    const pl_model_t *m = S->m;
    size_t ni = S->ni, k = pl_model_nparties(m);
    size_t *parties = pl_calloc(k + 1, sizeof *parties);
    size_t *o = pl_calloc(ni + 1, sizeof *o);
    pl_status st = (!parties || !o) ? PL_ENOMEM : PL_OK;
    for (size_t j = 0; j < k && st == PL_OK; j++) parties[j] = pl_model_party(m, j);
    if (st == PL_OK) st = frontier_seeds(S, parties, k);
    if (st == PL_OK) st = frontier_seeds(S, &S->uactor, 1);
    /* no frontier (a utility the searches do not handle): climbs from random outcomes */
    pl_rng_t rng;
    pl_rng_seed(&rng, 1);
    for (size_t r = 0; r < SEARCH_RESTARTS && st == PL_OK && S->nseeds == 0; r++) {
        for (size_t i = 0; i < ni; i++) o[i] = (size_t)pl_rng_below(&rng, pl_model_nvalues(m, i));
        climb(S, o, 4 * ni + 8);
        st = add_seed(S, o);
    }
    /* the best seed, climbed: the negotiator's best (exact when its own frontier was) */
    if (st == PL_OK && S->nseeds) {
        size_t b = 0;
        for (size_t q = 1; q < S->nseeds; q++)
            if (S->seedu[q] > S->seedu[b]) b = q;
        memcpy(o, S->seeds + b * ni, ni * sizeof *o);
        climb(S, o, 4 * ni + 8);
        st = add_seed(S, o);
    }
    pl_free(parties);
    pl_free(o);
    if (st != PL_OK) return st;
    /* ascending by utility (insertion sort: seeds are few), ties in enumeration order */
    for (size_t q = 1; q < S->nseeds; q++)
        for (size_t p = q; p > 0; p--) {
            size_t *a = S->seeds + (p - 1) * ni, *b = S->seeds + p * ni;
            double ua = S->seedu[p - 1], ub = S->seedu[p];
            if (ua < ub || (ua == ub && cmp_outcome(a, b, ni) <= 0)) break;
            for (size_t i = 0; i < ni; i++) {
                size_t t = a[i];
                a[i] = b[i];
                b[i] = t;
            }
            S->seedu[p - 1] = ub;
            S->seedu[p] = ua;
        }
    ix->n = S->nseeds ? 1 : 0;
    ix->umax = S->nseeds ? S->seedu[S->nseeds - 1] : S->threshold;
    return PL_OK;
}

/* From `start`, move by single-issue changes to the neighbour with the lowest utility still at
 * or above the target, collecting every admissible neighbour there as a candidate; stops at a
 * local minimum or after *evals reaches SEARCH_EVALS. */
static void local_descend(const pl_i_search *S, const pl_sim_view_t *v, double tg,
                          const size_t *start, cands_t *c, size_t *cur, size_t *evals)
{
    const pl_model_t *m = S->m;
    size_t ni = S->ni;
    memcpy(cur, start, ni * sizeof *cur);
    double u = pl_i_util(v, cur);
    if (u < tg - PL_TOL) return;
    if (cands_would_keep(c, u) && pl_i_admissible(v, cur)) cands_insert(c, u, cur);
    while (*evals < SEARCH_EVALS) {
        size_t bi = SIZE_MAX, bv = 0;
        double bu = u;
        for (size_t i = 0; i < ni && *evals < SEARCH_EVALS; i++) {
            size_t keep = cur[i];
            for (size_t x = 0; x < pl_model_nvalues(m, i); x++) {
                if (x == keep) continue;
                cur[i] = x;
                double w = pl_i_util(v, cur);
                ++*evals;
                if (w < tg - PL_TOL) continue;
                if (cands_would_keep(c, w) && pl_i_admissible(v, cur)) cands_insert(c, w, cur);
                if (w < bu - PL_TOL) {
                    bu = w;
                    bi = i;
                    bv = x;
                }
            }
            cur[i] = keep;
        }
        if (bi == SIZE_MAX) return;
        cur[bi] = bv;
        u = bu;
    }
}

static void local_search(const pl_i_search *S, const pl_sim_view_t *v, double tg, cands_t *c,
                         size_t *cur)
{
    size_t evals = 0, q = 0;
    while (q + 1 < S->nseeds && S->seedu[q] < tg - PL_TOL) q++;
    /* the last offer received and the last one made continue the talks' own path */
    if (v->nreceived && v->u_last_received >= tg - PL_TOL)
        local_descend(S, v, tg, v->last_received, c, cur, &evals);
    if (v->has_offered && v->u_last_offered >= tg - PL_TOL)
        local_descend(S, v, tg, v->last_offer, c, cur, &evals);
    local_descend(S, v, tg, S->seeds + q * S->ni, c, cur, &evals);
}

/* ---- the index interface ---- */

void pl_i_search_free(pl_i_search *S)
{
    if (!S) return;
    pl_free(S->iss);
    pl_free(S->voff);
    pl_free(S->vals);
    pl_free(S->vu);
    pl_free(S->minr);
    pl_free(S->maxr);
    pl_free(S->best);
    pl_free(S->seeds);
    pl_free(S->seedu);
    pl_free(S);
}

pl_status pl_i_search_build(const pl_model_t *m, size_t actor, size_t uactor, size_t party,
                            pl_i_index *ix, pl_error_t *err)
{
    pl_i_search *S = pl_calloc(1, sizeof *S);
    if (!S) return pl_error_set(err, PL_ENOMEM, "out of memory");
    S->m = m;
    S->actor = actor;
    S->uactor = uactor;
    S->party = party;
    S->ni = pl_model_nissues(m);
    S->threshold = pl_model_threshold(m, uactor);
    S->additive = pl_model_is_additive(m, uactor);
    S->fast = S->additive && !pl_model_has_requirements(m, uactor) && party == uactor &&
              !pl_model_has_mandate(m, actor) && pl_model_nconstraints(m) == 0;
    ix->search = S;
    pl_status st = S->additive ? additive_build(S, ix, err) : local_build(S, ix);
    if (st == PL_ENOMEM) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (st != PL_OK) {
        pl_i_search_free(S);
        ix->search = NULL;
    }
    return st;
}

/* The candidates for target tg (clamped to the negotiator's best). False when out of memory. */
static bool search_cands(const pl_sim_view_t *v, double tg, cands_t *c)
{
    const pl_i_search *S = v->ix->search;
    size_t ni = S->ni;
    if (tg > v->ix->umax) tg = v->ix->umax;
    if (tg < S->threshold) tg = S->threshold; /* the index holds only outcomes above it too */
    c->k = 0;
    c->ni = ni;
    c->extra = false;
    c->o = pl_malloc((SEARCH_K + 4) * (ni ? ni : 1) * sizeof *c->o);
    double *ps = pl_malloc((ni + 1) * sizeof *ps);
    if (!c->o || !ps) {
        pl_free(c->o);
        pl_free(ps);
        return false;
    }
    size_t *o = c->o + SEARCH_K * ni, *pos = o + ni;
    c->xo = pos + ni;
    if (S->additive) {
        additive_search(S, v, tg, c, o, pos, ps);
        if (v->nreceived) additive_greedy(S, v, tg, c);
    } else {
        local_search(S, v, tg, c, o);
    }
    pl_free(ps);
    return true;
}

static uint64_t score_of(const pl_sim_view_t *v, const size_t *o)
{
    uint64_t score = 0;
    for (size_t i = 0; i < v->s->ni; i++) score += v->freq[v->s->voff[i] + o[i]];
    return score;
}

/* Among the candidates within the window above the lowest, the one whose values the others
 * have asked for most (the index path's tie-break, first in (utility, enumeration order) on
 * ties); its outcome and utility. */
static const size_t *pick(const pl_sim_view_t *v, const cands_t *c, double *u)
{
    size_t ni = c->ni;
    if (c->k == 0 && !c->extra) return NULL;
    if (c->k == 0 || (c->extra && c->xu < c->u[0])) {
        *u = c->xu;
        return c->xo;
    }
    const size_t *best = c->o;
    *u = c->u[0];
    if (v->nreceived == 0) return best;
    uint64_t best_score = score_of(v, best);
    bool extra = c->extra && c->xu <= c->u[0] + SEARCH_WINDOW;
    for (size_t q = 0; q < c->k && c->u[q] <= c->u[0] + SEARCH_WINDOW; q++) {
        const size_t *o = c->o + q * ni;
        if (extra && (c->xu < c->u[q] || (c->xu == c->u[q] && cmp_outcome(c->xo, o, ni) < 0))) {
            extra = false; /* its place in the order comes first */
            uint64_t sx = score_of(v, c->xo);
            if (sx > best_score) {
                best = c->xo;
                best_score = sx;
                *u = c->xu;
            }
        }
        uint64_t score = score_of(v, o);
        if (score > best_score) {
            best = o;
            best_score = score;
            *u = c->u[q];
        }
    }
    if (extra && score_of(v, c->xo) > best_score) {
        best = c->xo;
        *u = c->xu;
    }
    return best;
}

bool pl_i_search_offer(const pl_sim_view_t *v, double target, size_t *out, double *u)
{
    if (v->ix->n == 0) return false;
    cands_t c;
    double lo = v->reservation < v->ix->umax ? v->reservation : v->ix->umax;
    double step = (v->ix->umax - lo) / 20;
    for (double tg = target;; tg -= step) {
        if (!search_cands(v, tg, &c)) return false;
        const size_t *o = pick(v, &c, u);
        if (o) {
            memcpy(out, o, c.ni * sizeof *out);
            pl_free(c.o);
            return true;
        }
        pl_free(c.o);
        /* nothing at or above the target that may be offered (a ratification-aware negotiator,
         * or rules the search did not satisfy): concede step by step rather than walk out */
        if (!(step > 0) || tg < lo) return false;
    }
}

bool pl_i_search_random(const pl_sim_view_t *v, size_t *out)
{
    const pl_model_t *m = v->s->m;
    pl_rng_t *rng = (pl_rng_t *)&v->rng;
    if (v->ix->n == 0) return false;
    for (size_t t = 0; t < SEARCH_RANDOM_TRIES; t++) {
        for (size_t i = 0; i < v->s->ni; i++)
            out[i] = (size_t)pl_rng_below(rng, pl_model_nvalues(m, i));
        if (pl_i_admissible(v, out)) return true;
    }
    /* acceptable outcomes are rare: one near a random utility between reservation and best */
    double lo = v->reservation < v->ix->umax ? v->reservation : v->ix->umax;
    double tg = lo + (v->ix->umax - lo) * pl_rng_uniform(rng);
    double u;
    return pl_i_search_offer(v, tg, out, &u);
}
