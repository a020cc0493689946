/*
 * frontier.c: the exact Pareto frontier over rational outcomes.
 * Enumeration: outcomes in GENIUS order (an odometer with prefix sums for additive actors),
 * rational ones buffered and reduced to their skyline whenever the buffer fills, so memory stays
 * at the buffer plus the frontier. Additive merge: combine issue by issue, keeping only partial
 * assignments whose partial utility vectors are not robustly dominated and that can still become
 * rational; equal partial vectors are grouped with a count and their first assignment.
 * Correctness of the merge is proved in docs/analysis.md.
 */
#include "analysis_internal.h"
#include "rects_internal.h"
#include "core/core_internal.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


bool pl_i_is_additive(const pl_model_t *m, size_t a) { return m->additive[a] && m->table[a]; }

pl_status pl_i_choose_actors(const pl_model_t *m, const size_t *actors, size_t k, size_t **out,
                             size_t *kout, pl_error_t *err)
{
    *out = NULL;
    *kout = 0;
    if (!actors || k == 0) {
        actors = m->parties;
        k = m->nparties;
        if (k == 0) return pl_error_set(err, PL_EINVAL, "the scenario has no parties to analyse");
    }
    for (size_t j = 0; j < k; j++) {
        if (actors[j] >= m->nactors) return pl_error_set(err, PL_EINVAL, "actor index out of range");
        if (!pl_model_has_preferences(m, actors[j]))
            return pl_error_set(err, PL_EINVAL, "actor '%s' states no preferences",
                                pl_model_actor_name(m, actors[j]));
    }
    size_t *a = pl_malloc(k * sizeof *a);
    if (!a) return pl_error_set(err, PL_ENOMEM, "out of memory");
    memcpy(a, actors, k * sizeof *a);
    *out = a;
    *kout = k;
    return PL_OK;
}

/* ---- per-issue allowed values: the chosen actors' `requires` ---- */

static bool **allowed_alloc(const pl_model_t *m, const size_t *act, size_t k)
{
    /* one block: the row pointers, then the rows */
    size_t nv = 0;
    for (size_t i = 0; i < m->nissues; i++) nv += m->nvalues[i];
    bool **al = pl_malloc(m->nissues * sizeof *al + nv * sizeof **al + 1);
    if (!al) return NULL;
    bool *row = (bool *)(al + m->nissues);
    for (size_t i = 0; i < m->nissues; i++) {
        al[i] = row;
        for (size_t v = 0; v < m->nvalues[i]; v++) row[v] = true;
        row += m->nvalues[i];
    }
    for (size_t j = 0; j < k; j++) {
        const pl_i_actor_t *ac = &m->actor[act[j]];
        for (size_t r = 0; r < ac->nrequire; r++) {
            const pl_i_allow_t *rq = &ac->require[r];
            for (size_t v = 0; v < m->nvalues[rq->issue]; v++)
                if (!rq->allowed[v]) al[rq->issue][v] = false;
        }
    }
    return al;
}

static void allowed_free(const pl_model_t *m, bool **al)
{
    (void)m;
    pl_free(al);
}

/* ---- enumeration of rational outcomes ---- */

typedef void (*rational_cb)(void *ctx, uint64_t index, const size_t *o, const double *u);

/* Call cb for every outcome that every chosen actor accepts, in enumeration order.
 * total must be the (fitting) size of the space. clk (NULL = none) gets progress and may stop
 * the walk at its deadline; *done (when not NULL) is then the outcomes gone through. */
static pl_status enumerate_rational(const pl_model_t *m, const size_t *act, size_t k,
                                    uint64_t total, rational_cb cb, void *ctx,
                                    const pl_i_clock *clk, uint64_t *done, pl_error_t *err)
{
    if (done) *done = total;
    size_t n = m->nissues;
    size_t *o = pl_calloc(n, sizeof *o);
    double *ps = pl_calloc(n * k, sizeof *ps);
    bool *okp = pl_calloc(n, sizeof *okp);
    double *u = pl_calloc(k, sizeof *u);
    bool *add = pl_calloc(k, sizeof *add);
    bool **al = allowed_alloc(m, act, k);
    pl_status s = PL_OK;
    if (!o || !ps || !okp || !u || !add || !al) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t j = 0; j < k; j++) add[j] = pl_i_is_additive(m, act[j]);
    size_t from = 0;
    for (uint64_t idx = 0; idx < total; idx++) {
        /* the clock every 4,096 outcomes: a stop comes soon after the limit */
        if (clk && idx && !(idx & 4095) && pl_i_clock_tick(clk, idx, total)) {
            if (done) *done = idx;
            goto done;
        }
        for (size_t l = from; l < n; l++) {
            okp[l] = (l ? okp[l - 1] : true) && al[l][o[l]];
            for (size_t j = 0; j < k; j++)
                if (add[j]) ps[l * k + j] = (l ? ps[(l - 1) * k + j] : 0.0) + m->table[act[j]][l][o[l]];
        }
        if (okp[n - 1] && pl_i_allowed(m, o)) {
            bool rat = true;
            for (size_t j = 0; j < k && rat; j++) {
                u[j] = add[j] ? ps[(n - 1) * k + j] : pl_model_utility(m, act[j], o);
                rat = u[j] >= m->threshold[act[j]] - PL_TOL;
            }
            if (rat) cb(ctx, idx, o, u);
        }
        size_t l = n;
        while (l-- > 0) {
            if (++o[l] < m->nvalues[l]) break;
            o[l] = 0;
        }
        from = l == SIZE_MAX ? 0 : l;
    }
    if (clk && clk->fn) clk->fn(total, total, clk->ctx);
done:
    pl_free(o);
    pl_free(ps);
    pl_free(okp);
    pl_free(u);
    pl_free(add);
    allowed_free(m, al);
    return s;
}

static void count_cb(void *ctx, uint64_t index, const size_t *o, const double *u)
{
    (void)index;
    (void)o;
    (void)u;
    (*(uint64_t *)ctx)++;
}

/* pl_analysis_count_rational (analysis.c) with a clock */
pl_status pl_i_count_rational(const pl_model_t *m, const size_t *actors, size_t k,
                              uint64_t max_enumerate, const pl_i_clock *clk, uint64_t *n,
                              bool *known, bool *all, uint64_t *examined, pl_error_t *err)
{
    *examined = 0;
    *n = 0;
    *known = false;
    *all = false;
    size_t *act = NULL;
    PL_CHECK(pl_i_choose_actors(m, actors, k, &act, &k, err));
    if (!max_enumerate) max_enumerate = PL_ANALYSIS_MAX_ENUMERATE;
    uint64_t total;
    bool fits = pl_model_space_size(m, &total);
    /* without enumeration: every outcome is rational when every chosen actor is additive,
     * has no requirements and its smallest utility clears its threshold */
    bool trivial = m->acc.nconstraints == 0; /* constraints forbid some outcomes */
    for (size_t j = 0; j < k && trivial; j++) {
        size_t a = act[j];
        if (!pl_i_is_additive(m, a) || m->actor[a].nrequire) {
            trivial = false;
            break;
        }
        double lo = 0;
        for (size_t i = 0; i < m->nissues; i++) {
            double mn = INFINITY;
            for (size_t v = 0; v < m->nvalues[i]; v++)
                if (m->table[a][i][v] < mn) mn = m->table[a][i][v];
            lo += mn;
        }
        /* rational means u >= threshold - PL_TOL; allow for the rounding of sums of n terms */
        if (!(lo - 1e-15 * (double)(m->nissues + 1) >= m->threshold[a] - PL_TOL))
            trivial = false;
    }
    pl_status s = PL_OK;
    if (trivial) {
        *n = total;
        *known = true;
        *all = true;
    } else if (fits && m->acc.nconstraints == 0 && pl_i_count_accepting(m, act, k, n)) {
        /* meet in the middle counts per-actor acceptance; a constraint couples issues */
        *known = true;
    } else if (fits && total <= max_enumerate) {
        uint64_t c = 0;
        s = enumerate_rational(m, act, k, total, count_cb, &c, clk, examined, err);
        if (s == PL_OK) {
            /* stopped by the clock: *n counts the first *examined outcomes only */
            *n = c;
            *known = *examined == total;
        }
    }
    pl_free(act);
    return s;
}

/* ---- frontier result ---- */

void pl_frontier_free(pl_frontier_t *f)
{
    /* one block holds the struct and its arrays (frontier_new) */
    pl_free(f);
}

static size_t round_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

static pl_frontier_t *frontier_new(const pl_model_t *m, const size_t *act, size_t k, size_t np)
{
    /* a single allocation: a frontier is built once per call and freed whole, and on small
     * domains the separate allocations cost as much as the merge itself */
    size_t ni = m->nissues, al = sizeof(max_align_t);
    size_t o_u = round_up(sizeof(pl_frontier_t), al);
    size_t o_count = o_u + round_up(np * k * sizeof(double), al);
    size_t o_out = o_count + round_up(np * sizeof(uint64_t), al);
    size_t o_act = o_out + round_up(np * ni * sizeof(size_t), al);
    size_t bytes = o_act + k * sizeof(size_t);
    if (np && (np * k / np != k || (ni && np * ni / np != ni) || np > SIZE_MAX / 64 / (k + ni + 1)))
        return NULL;
    unsigned char *b = pl_calloc(1, bytes);
    if (!b) return NULL;
    pl_frontier_t *f = (pl_frontier_t *)b;
    f->k = k;
    f->nissues = ni;
    f->npoints = np;
    f->u = (double *)(b + o_u);
    f->count = (uint64_t *)(b + o_count);
    f->outcome = (size_t *)(b + o_out);
    f->actors = (size_t *)(b + o_act);
    memcpy(f->actors, act, k * sizeof *act);
    f->exact = true;
    return f;
}

static uint64_t sat_add(uint64_t a, uint64_t b, bool *sat)
{
    if (a > UINT64_MAX - b) {
        *sat = true;
        return UINT64_MAX;
    }
    return a + b;
}

/* sort helper: group bitwise-equal vectors, first key first; ctx points to k (a context
 * argument, not a file-scope variable: threads computing frontiers sort concurrently) */
static int cmp_vec_key(const void *pa, const void *pb, void *ctx)
{
    const pl_i_pt *a = pa, *b = pb;
    size_t k = *(const size_t *)ctx;
    for (size_t j = 0; j < k; j++)
        if (a->u[j] != b->u[j]) return a->u[j] < b->u[j] ? -1 : 1;
    return (a->key > b->key) - (a->key < b->key);
}

static bool vec_equal(const double *a, const double *b, size_t k)
{
    for (size_t j = 0; j < k; j++)
        if (a[j] != b[j]) return false;
    return true;
}

typedef struct group {
    uint64_t key;     /* first member */
    size_t first;     /* index of the first member in the pts array */
    uint64_t count;
} group;

static int cmp_group_key(const void *pa, const void *pb, void *ctx)
{
    (void)ctx;
    const group *a = pa, *b = pb;
    return (a->key > b->key) - (a->key < b->key);
}

/* Group equal vectors of pts[0..n) (each member weighing weight[key-order] or 1).
 * Returns groups sorted by first key; *ng their number. pts is reordered. */
static group *group_equal(pl_i_pt *pts, size_t n, size_t k, const uint64_t *weight, bool *sat,
                          size_t *ng)
{
    pl_i_sort(pts, n, sizeof *pts, cmp_vec_key, &k);
    group *g = pl_malloc((n ? n : 1) * sizeof *g);
    if (!g) return NULL;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t w = weight ? weight[pts[i].key] : 1;
        if (m && vec_equal(pts[g[m - 1].first].u, pts[i].u, k)) {
            g[m - 1].count = sat_add(g[m - 1].count, w, sat);
        } else {
            g[m].key = pts[i].key;
            g[m].first = i;
            g[m].count = w;
            m++;
        }
    }
    pl_i_sort(g, m, sizeof *g, cmp_group_key, NULL);
    *ng = m;
    return g;
}

/* ---- enumeration frontier ---- */

typedef struct enum_ctx {
    size_t k;
    double *u;        /* cap * k */
    uint64_t *key;    /* cap */
    size_t n, cap;
    pl_i_pt *pts;     /* cap */
    double *tmp;      /* cap * k */
    uint64_t *tkey;
    bool oom;
} enum_ctx;

/* replace the buffer by its skyline */
static bool enum_reduce(enum_ctx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        c->pts[i].u = c->u + i * c->k;
        c->pts[i].key = c->key[i];
    }
    size_t m = pl_i_skyline(c->pts, c->n, c->k, PL_TOL, PL_TOL);
    if (m == SIZE_MAX) return false;
    for (size_t i = 0; i < m; i++) {
        memcpy(c->tmp + i * c->k, c->pts[i].u, c->k * sizeof(double));
        c->tkey[i] = c->pts[i].key;
    }
    memcpy(c->u, c->tmp, m * c->k * sizeof(double));
    memcpy(c->key, c->tkey, m * sizeof(uint64_t));
    c->n = m;
    return true;
}

static bool enum_grow(enum_ctx *c, size_t ncap)
{
    double *u = pl_realloc(c->u, ncap * c->k * sizeof *u);
    if (u) c->u = u;
    uint64_t *key = pl_realloc(c->key, ncap * sizeof *key);
    if (key) c->key = key;
    pl_i_pt *pts = pl_realloc(c->pts, ncap * sizeof *pts);
    if (pts) c->pts = pts;
    double *tmp = pl_realloc(c->tmp, ncap * c->k * sizeof *tmp);
    if (tmp) c->tmp = tmp;
    uint64_t *tkey = pl_realloc(c->tkey, ncap * sizeof *tkey);
    if (tkey) c->tkey = tkey;
    if (!u || !key || !pts || !tmp || !tkey) return false;
    c->cap = ncap;
    return true;
}

static void enum_cb(void *ctx, uint64_t index, const size_t *o, const double *u)
{
    (void)o;
    enum_ctx *c = ctx;
    if (c->oom) return;
    if (c->n == c->cap) {
        if (!enum_reduce(c)) {
            c->oom = true;
            return;
        }
        if (c->n > c->cap / 2 && !enum_grow(c, c->cap * 2)) {
            c->oom = true;
            return;
        }
    }
    memcpy(c->u + c->n * c->k, u, c->k * sizeof *u);
    c->key[c->n++] = index;
}

static pl_status frontier_enumerate(const pl_model_t *m, const size_t *act, size_t k,
                                    uint64_t total, const pl_i_clock *clk, pl_frontier_t **out,
                                    pl_error_t *err)
{
    uint64_t done = total;
    enum_ctx c = {.k = k};
    size_t cap0 = total < (1u << 20) ? (size_t)total + 1 : (1u << 20);
    pl_status s = PL_OK;
    group *g = NULL;
    if (!enum_grow(&c, cap0)) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    s = enumerate_rational(m, act, k, total, enum_cb, &c, clk, &done, err);
    if (s != PL_OK) goto done;
    if (c.oom || !enum_reduce(&c)) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < c.n; i++) {
        c.pts[i].u = c.u + i * k;
        c.pts[i].key = c.key[i];
    }
    size_t ng = 0;
    bool sat = false;
    g = group_equal(c.pts, c.n, k, NULL, &sat, &ng);
    pl_frontier_t *f = g ? frontier_new(m, act, k, ng) : NULL;
    if (!f) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t p = 0; p < ng; p++) {
        memcpy(f->u + p * k, c.pts[g[p].first].u, k * sizeof(double));
        f->count[p] = g[p].count;
        f->total = sat_add(f->total, g[p].count, &f->saturated);
        pl_model_outcome_from_index(m, g[p].key, f->outcome + p * m->nissues);
    }
    /* constraints couple issues: the per-issue merge would not be exact, so auto falls back here */
    f->method = m->acc.nconstraints ? "enumeration, constraints couple issues" : "enumeration";
    /* a stopped walk: the frontier of the first `done` outcomes; nothing bounds what the rest
     * holds, so the gap is infinite (docs/analysis.md) */
    f->examined = done;
    f->exact = done == total;
    f->gap = f->exact ? 0.0 : INFINITY;
    *out = f;
done:
    pl_free(g);
    pl_free(c.u);
    pl_free(c.key);
    pl_free(c.pts);
    pl_free(c.tmp);
    pl_free(c.tkey);
    return s;
}

/* ---- additive merge ---- */

/* Bump allocator for one merge: everything it needs lives until the end of the call, so one free
 * releases it. The first block is on the caller's stack, so a small domain never calls malloc
 * here; later blocks double in size. */
typedef struct ablock {
    struct ablock *next;
    size_t used, cap;
    max_align_t data[];
} ablock;

typedef struct arena {
    ablock *head;
} arena;

static void arena_init(arena *a, void *stack, size_t bytes)
{
    a->head = stack;
    a->head->next = NULL;
    a->head->used = 0;
    a->head->cap = bytes - sizeof(ablock);
}

#if defined(__GNUC__)
__attribute__((always_inline)) /* called per stage and per buffer: a call costs more than its body */
#endif
static inline void *arena_get(arena *a, size_t bytes)
{
    bytes = (bytes + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    ablock *b = a->head;
    if (b->cap - b->used < bytes) {
        size_t cap = b->cap * 2 > bytes ? b->cap * 2 : bytes;
        ablock *nb = pl_malloc(sizeof *nb + cap);
        if (!nb) return NULL;
        nb->next = b;
        nb->used = 0;
        nb->cap = cap;
        a->head = b = nb;
    }
    void *p = (unsigned char *)b->data + b->used;
    b->used += bytes;
    return p;
}

/* frees every block but the first (the caller's stack) */
static void arena_free(arena *a)
{
    while (a->head->next) {
        ablock *nx = a->head->next;
        pl_free(a->head);
        a->head = nx;
    }
}

/* Scratch memory reused from stage to stage (contents not kept). */
typedef struct scratch {
    void *p;
    size_t cap;
} scratch;

static void *scratch_get(scratch *sc, arena *a, size_t bytes)
{
    if (bytes > sc->cap) {
        /* the arena keeps the old buffer: stages grow roughly geometrically, so the waste is
         * bounded by the last buffer's size */
        size_t cap = sc->cap * 2 > bytes ? sc->cap * 2 : bytes;
        void *p = arena_get(a, cap);
        if (!p) return NULL;
        sc->p = p;
        sc->cap = cap;
    }
    return sc->p;
}

typedef struct stage {
    size_t n;
    size_t *parent;   /* index in the previous stage */
    size_t *val;      /* value of this stage's issue */
} stage;

/* Group bitwise-equal vectors among pts[0..n) (sorted by key); the groups' first members move to
 * the front in key order, count[key] gets each group's summed weight[key]. Returns their number. */
static size_t group_small(pl_i_pt *pts, size_t n, size_t k, const uint64_t *weight,
                          uint64_t *count, bool *sat)
{
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        size_t g = 0;
        while (g < ng && !vec_equal(pts[g].u, pts[i].u, k)) g++;
        if (g < ng) {
            count[pts[g].key] = sat_add(count[pts[g].key], weight[pts[i].key], sat);
        } else {
            pts[ng++] = pts[i];
            count[pts[i].key] = weight[pts[i].key];
        }
    }
    return ng;
}

/* the same through a sort (large n); NULL when out of memory */
static bool group_sorted(pl_i_pt *pts, size_t *n, size_t k, const uint64_t *weight,
                         uint64_t *count, bool *sat)
{
    size_t ng = 0;
    group *g = group_equal(pts, *n, k, weight, sat, &ng);
    if (!g) return false;
    /* group_equal reordered pts: rebuild the representatives from the groups' first members */
    pl_i_pt *rep = pl_malloc((ng ? ng : 1) * sizeof *rep);
    if (!rep) {
        pl_free(g);
        return false;
    }
    for (size_t q = 0; q < ng; q++) {
        rep[q] = pts[g[q].first];
        count[g[q].key] = g[q].count;
    }
    memcpy(pts, rep, ng * sizeof *rep);
    pl_free(rep);
    pl_free(g);
    *n = ng;
    return true;
}

static bool group_pts(pl_i_pt *pts, size_t *n, size_t k, const uint64_t *weight, uint64_t *count,
                      bool *sat)
{
    if (*n <= 48) {
        *n = group_small(pts, *n, k, weight, count, sat);
        return true;
    }
    return group_sorted(pts, n, k, weight, count, sat);
}

/* Values of issue i worth keeping for chosen actors act[0..k): allowed by every requirement
 * and not robustly dominated by another value of the same issue (a Pareto-optimal outcome never
 * uses them). Writes them to out[0..*nout) in ascending order; al, vec, vp are scratch for
 * nvalues(i) values. False when out of memory. */
static bool prune_issue(const pl_model_t *m, const size_t *act, size_t k, size_t i, bool *al,
                        double *vec, pl_i_pt *vp, size_t *out, size_t *nout)
{
    size_t nv = m->nvalues[i];
    for (size_t v = 0; v < nv; v++) al[v] = true;
    for (size_t j = 0; j < k; j++) {
        const pl_i_actor_t *ac = &m->actor[act[j]];
        for (size_t r = 0; r < ac->nrequire; r++)
            if (ac->require[r].issue == i)
                for (size_t v = 0; v < nv; v++)
                    if (!ac->require[r].allowed[v]) al[v] = false;
    }
    size_t na = 0;
    for (size_t v = 0; v < nv; v++) {
        if (!al[v]) continue;
        for (size_t j = 0; j < k; j++) vec[na * k + j] = m->table[act[j]][i][v];
        vp[na].u = vec + na * k;
        vp[na].key = v;
        na++;
    }
    size_t kept = pl_i_skyline(vp, na, k, 0.0, 2 * PL_TOL);
    if (kept == SIZE_MAX) return false;
    for (size_t q = 0; q < kept; q++) out[q] = (size_t)vp[q].key;
    *nout = kept;
    return true;
}

/* maxrest[i * k + j]: the most actor act[j] can still gain from issues i..n-1 (kept values). */
static void fill_maxrest(const pl_model_t *m, const size_t *act, size_t k, size_t *const *vals,
                         const size_t *nvals, double *maxrest)
{
    size_t n = m->nissues;
    for (size_t j = 0; j < k; j++) maxrest[n * k + j] = 0.0;
    for (size_t i = n; i-- > 0;)
        for (size_t j = 0; j < k; j++) {
            double best = -INFINITY;
            for (size_t q = 0; q < nvals[i]; q++) {
                double t = m->table[act[j]][i][vals[i][q]];
                if (t > best) best = t;
            }
            maxrest[i * k + j] = maxrest[(i + 1) * k + j] + (nvals[i] ? best : 0);
        }
}

/* What one merge stage reads: issue i's kept values and the best gains of the issues after it. */
typedef struct stage_in {
    const pl_model_t *m;
    const size_t *act;
    size_t k, i;
    const size_t *vals;
    size_t nvals;
    const double *rest;
} stage_in;

/* The candidates of stage i, in enumeration order (parents in order, values ascending):
 * candidate c = p * nv + q extends parent p (partial vector cur[p], ccount[p] outcomes) with
 * value vals[q], so its parent and value need no storage until it survives. Keeps only those
 * that can still become rational and, at the last issue, only rational ones. Returns how many
 * were written to nxt / pts; weight[c] is the parent's count. */
static size_t stage_candidates(const stage_in *in, const double *cur, const uint64_t *ccount,
                               size_t cn, double *nxt, pl_i_pt *pts, uint64_t *weight)
{
    const pl_model_t *m = in->m;
    const size_t *act = in->act;
    size_t k = in->k, i = in->i, nv = in->nvals ? in->nvals : 1, nc = 0;
    for (size_t p = 0; p < cn; p++)
        for (size_t q = 0; q < in->nvals; q++) {
            size_t v = in->vals[q];
            double *x = nxt + nc * k;
            bool reach = true;
            for (size_t j = 0; j < k; j++) {
                x[j] = (i ? cur[p * k + j] : 0.0) + m->table[act[j]][i][v];
                /* can it still become rational? (conservative margin for rounding) */
                if (x[j] + in->rest[j] < m->threshold[act[j]] - PL_TOL - 1e-9) reach = false;
            }
            if (!reach) continue;
            pts[nc].u = x;
            pts[nc].key = p * nv + q;
            weight[p * nv + q] = ccount[p];
            nc++;
        }
    if (i + 1 == m->nissues) {
        /* rational ones only, then the frontier's own definition */
        size_t r = 0;
        for (size_t q = 0; q < nc; q++) {
            bool rat = true;
            for (size_t j = 0; j < k && rat; j++) rat = pts[q].u[j] >= m->threshold[act[j]] - PL_TOL;
            if (rat) pts[r++] = pts[q];
        }
        nc = r;
    }
    return nc;
}

static pl_status frontier_additive(const pl_model_t *m, const size_t *act, size_t k,
                                   pl_frontier_t **out, pl_error_t *err)
{
    size_t n = m->nissues;
    max_align_t stackmem[(16384 + sizeof(max_align_t) - 1) / sizeof(max_align_t)];
    arena ar;
    arena_init(&ar, stackmem, sizeof stackmem);
    scratch sx = {0}, sp = {0}, sw = {0}, scnt = {0};

    size_t maxnv = 1, nvtot = 0;
    for (size_t i = 0; i < n; i++) {
        if (m->nvalues[i] > maxnv) maxnv = m->nvalues[i];
        nvtot += m->nvalues[i];
    }
    stage *st = arena_get(&ar, (n ? n : 1) * sizeof *st);
    double *maxrest = arena_get(&ar, (n + 1) * k * sizeof *maxrest); /* best of issues >= i */
    size_t **vals = arena_get(&ar, (n ? n : 1) * sizeof *vals);      /* per issue: values kept */
    size_t *nvals = arena_get(&ar, (n ? n : 1) * sizeof *nvals);
    size_t *valbuf = arena_get(&ar, (nvtot ? nvtot : 1) * sizeof *valbuf);
    bool *al = arena_get(&ar, maxnv * sizeof *al);
    double *vec = arena_get(&ar, maxnv * k * sizeof *vec);
    pl_i_pt *vp = arena_get(&ar, maxnv * sizeof *vp);
    if (!st || !maxrest || !vals || !nvals || !valbuf || !al || !vec || !vp) goto oom;

    for (size_t i = 0; i < n; i++) {
        vals[i] = valbuf;
        valbuf += m->nvalues[i];
        if (!prune_issue(m, act, k, i, al, vec, vp, vals[i], &nvals[i])) goto oom;
    }
    fill_maxrest(m, act, k, vals, nvals, maxrest);

    /* stage -1: the empty assignment */
    size_t cn = 1;
    double *cur = arena_get(&ar, k * sizeof *cur);
    uint64_t *ccount = arena_get(&ar, sizeof *ccount);
    if (!cur || !ccount) goto oom;
    for (size_t j = 0; j < k; j++) cur[j] = 0.0;
    ccount[0] = 1;
    bool sat = false;
    for (size_t i = 0; i < n; i++) {
        size_t nv = nvals[i] ? nvals[i] : 1;
        size_t cap = cn * nv;
        if (cn && cap / cn != nv) goto oom;
        if (cap > SIZE_MAX / (k * sizeof(double) + 2 * sizeof(uint64_t) + sizeof(pl_i_pt)))
            goto oom;
        double *nxt = scratch_get(&sx, &ar, cap * k * sizeof *nxt);
        pl_i_pt *pts = scratch_get(&sp, &ar, cap * sizeof *pts);
        uint64_t *weight = scratch_get(&sw, &ar, cap * sizeof *weight);
        uint64_t *gcount = scratch_get(&scnt, &ar, cap * sizeof *gcount);
        if (!nxt || !pts || !weight || !gcount) goto oom;
        const stage_in in = {m, act, k, i, vals[i], nvals[i], maxrest + (i + 1) * k};
        size_t nc = stage_candidates(&in, cur, ccount, cn, nxt, pts, weight);
        bool last = i + 1 == n;
        double ge = last ? PL_TOL : 0.0, gt = last ? PL_TOL : 2 * PL_TOL;
        /* Equal partial vectors have equal completions: they become one entry with the summed
         * count and the first assignment. Dominance depends on the vector only, so grouping
         * before or after the skyline gives the same result: the 2-party sweep takes duplicates
         * at no cost, so it runs first and grouping sees only the survivors; the k > 2 filter
         * compares against its window, so duplicates are grouped first. */
        size_t kept = nc;
        if (k == 2) {
            kept = pl_i_skyline(pts, nc, k, ge, gt);
            if (kept == SIZE_MAX || !group_pts(pts, &kept, k, weight, gcount, &sat)) goto oom;
        } else {
            if (!group_pts(pts, &kept, k, weight, gcount, &sat)) goto oom;
            kept = pl_i_skyline(pts, kept, k, ge, gt);
            if (kept == SIZE_MAX) goto oom;
        }
        /* the stage's survivors, in enumeration order (both steps keep key order) */
        double *sv = arena_get(&ar, (kept ? kept : 1) * k * sizeof *sv);
        uint64_t *sc = arena_get(&ar, (kept ? kept : 1) * sizeof *sc);
        st[i].parent = arena_get(&ar, (kept ? kept : 1) * sizeof *st[i].parent);
        st[i].val = arena_get(&ar, (kept ? kept : 1) * sizeof *st[i].val);
        if (!sv || !sc || !st[i].parent || !st[i].val) goto oom;
        for (size_t q = 0; q < kept; q++) {
            size_t c = (size_t)pts[q].key;
            memcpy(sv + q * k, pts[q].u, k * sizeof *sv);
            sc[q] = gcount[c];
            st[i].parent[q] = c / nv;
            st[i].val[q] = vals[i][c % nv];
        }
        st[i].n = kept;
        cur = sv;
        ccount = sc;
        cn = kept;
    }
    pl_frontier_t *f = frontier_new(m, act, k, cn);
    if (!f) goto oom;
    for (size_t q = 0; q < cn; q++) {
        memcpy(f->u + q * k, cur + q * k, k * sizeof(double));
        f->count[q] = ccount[q];
        f->total = sat_add(f->total, ccount[q], &f->saturated);
        size_t idx = q;
        for (size_t i = n; i-- > 0;) {
            f->outcome[q * n + i] = st[i].val[idx];
            idx = st[i].parent[idx];
        }
    }
    f->saturated = f->saturated || sat;
    f->method = "additive merge";
    *out = f;
    arena_free(&ar);
    return PL_OK;
oom:
    arena_free(&ar);
    return pl_error_set(err, PL_ENOMEM, "out of memory");
}

/* ---- rectangle search (rects.c) ---- */

typedef struct rects_order {
    const size_t *outcome; /* found outcomes, n each; a point's u is at F->u + p * k */
    size_t n;
} rects_order;

/* found points by their first outcome (index p: the key before ranking) */
static int cmp_outcome(const void *pa, const void *pb, void *ctx)
{
    const rects_order *ro = ctx;
    const size_t *a = ro->outcome + ((const pl_i_pt *)pa)->key * ro->n;
    const size_t *b = ro->outcome + ((const pl_i_pt *)pb)->key * ro->n;
    for (size_t i = 0; i < ro->n; i++)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

static pl_status frontier_rects(const pl_model_t *m, const size_t *act, size_t k,
                                double time_limit, pl_frontier_t **out, pl_error_t *err)
{
    pl_i_rs s;
    PL_CHECK(pl_i_rs_init(&s, m, act, k, err));
    pl_status st = pl_i_rs_frontier(&s, time_limit, err);
    pl_i_pt *pts = NULL;
    if (st != PL_OK) goto done;
    /* the found vectors' skyline under the frontier's own definition, in enumeration order of
     * their first outcomes: key = rank of the first outcome (pts[q].u finds the vector back) */
    const pl_i_rs_found *F = &s.found;
    pts = pl_malloc((F->n ? F->n : 1) * sizeof *pts);
    if (!pts) goto oom;
    size_t np = 0;
    for (size_t p = 0; p < F->n; p++)
        if (F->live[p]) pts[np++] = (pl_i_pt){F->u + p * k, p};
    rects_order ro = {F->outcome, m->nissues};
    pl_i_sort(pts, np, sizeof *pts, cmp_outcome, &ro);
    for (size_t q = 0; q < np; q++) pts[q].key = q;
    np = pl_i_skyline(pts, np, k, PL_TOL, PL_TOL);
    if (np == SIZE_MAX) goto oom;
    pl_frontier_t *f = frontier_new(m, act, k, np);
    if (!f) goto oom;
    for (size_t q = 0; q < np; q++) {
        size_t p = (size_t)(pts[q].u - F->u) / k;
        memcpy(f->u + q * k, F->u + p * k, k * sizeof(double));
        f->count[q] = F->count[p];
        f->total = sat_add(f->total, F->count[p], &f->saturated);
        memcpy(f->outcome + q * m->nissues, F->outcome + p * m->nissues,
               m->nissues * sizeof *f->outcome);
    }
    f->saturated = f->saturated || s.saturated;
    f->method = "rectangle search";
    f->exact = !s.stopped;
    f->gap = s.stopped ? s.gap : 0.0;
    f->nodes = s.nodes;
    *out = f;
    goto done;
oom:
    st = pl_error_set(err, PL_ENOMEM, "out of memory");
done:
    pl_free(pts);
    pl_i_rs_free(&s);
    return st;
}

pl_status pl_frontier_compute(const pl_model_t *m, const size_t *actors, size_t k,
                              pl_frontier_method method, uint64_t max_enumerate,
                              pl_frontier_t **out, pl_error_t *err)
{
    return pl_frontier_compute_timed(m, actors, k, method, max_enumerate, 0.0, out, err);
}

/* pl_frontier_compute_timed (analysis.c) with a clock */
pl_status pl_i_frontier_compute(const pl_model_t *m, const size_t *actors, size_t k,
                                pl_frontier_method method, uint64_t max_enumerate,
                                const pl_i_clock *clk, pl_frontier_t **out, pl_error_t *err)
{
    double time_limit = clk->limit;
    *out = NULL;
    size_t *act = NULL;
    PL_CHECK(pl_i_choose_actors(m, actors, k, &act, &k, err));
    if (!max_enumerate) max_enumerate = PL_ANALYSIS_MAX_ENUMERATE;
    bool additive = true;
    for (size_t j = 0; j < k; j++)
        if (!pl_i_is_additive(m, act[j])) additive = false;
    uint64_t total;
    bool fits = pl_model_space_size(m, &total);
    pl_status s;
    bool coupled = m->acc.nconstraints > 0;
    if (method == PL_FRONTIER_ADDITIVE || (method == PL_FRONTIER_AUTO && additive && !coupled)) {
        if (coupled) {
            s = pl_error_set(err, PL_EUNSUPPORTED,
                             "the additive merge does not apply: constraints couple issues");
        } else if (!additive) {
            s = pl_error_set(err, PL_EUNSUPPORTED,
                             "the additive merge needs additive utilities for every actor");
        } else {
            s = frontier_additive(m, act, k, out, err);
        }
    } else if (method == PL_FRONTIER_RECTANGLES) {
        if (!pl_i_rects_applicable(m, act, k))
            s = pl_error_set(err, PL_EUNSUPPORTED,
                             "the rectangle search needs every actor's utility to be integer "
                             "hyper-rectangle terms only");
        else
            s = frontier_rects(m, act, k, time_limit, out, err);
    } else if (fits && total <= max_enumerate) {
        s = frontier_enumerate(m, act, k, total, clk, out, err);
    } else if (method == PL_FRONTIER_AUTO && pl_i_rects_applicable(m, act, k)) {
        s = frontier_rects(m, act, k, time_limit, out, err);
    } else {
        char buf[96];
        s = pl_error_set(err, PL_ETOOBIG,
                         "the outcome space has %s outcomes, more than the %llu that can be "
                         "enumerated, and no exact method applies to non-additive utilities",
                         pl_model_space_size_str(m, buf, sizeof buf),
                         (unsigned long long)max_enumerate);
    }
    pl_free(act);
    return s;
}
