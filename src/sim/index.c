/*
 * index.c: per-negotiator outcome index: every outcome the negotiator may offer (rational for
 * it and its party, inside its mandate) sorted by its own utility, so that picking an offer
 * near a target utility is a binary search. Built once (the cache: one index per negotiator)
 * and shared read-only across sessions.
 */
#include "sim_internal.h"

#include <stdlib.h>
#include <string.h>

uint64_t pl_i_index_max = UINT64_C(1) << 26;

typedef struct {
    double u;
    uint32_t idx;
} pair_t;

static int cmp_pair(const void *a, const void *b)
{
    const pair_t *x = a, *y = b;
    if (x->u < y->u) return -1;
    if (x->u > y->u) return 1;
    return x->idx < y->idx ? -1 : (x->idx > y->idx);
}

/* Order-preserving map of a double to an unsigned key. */
static uint64_t dkey(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return (b & UINT64_C(0x8000000000000000)) ? ~b : b | UINT64_C(0x8000000000000000);
}

/* Stable LSD radix sort of the pairs by utility (16-bit digits): the pairs come in index
 * order, so ties stay in index order, as cmp_pair orders them. False when out of memory. */
static bool radix_sort(pair_t *p, size_t n)
{
    if (n < 2048) return false;
    uint64_t *key = pl_malloc(2 * n * sizeof *key);
    uint32_t *idx = pl_malloc(2 * n * sizeof *idx);
    size_t *count = pl_malloc(65536 * sizeof *count);
    if (!key || !idx || !count) {
        pl_free(key);
        pl_free(idx);
        pl_free(count);
        return false;
    }
    uint64_t *ka = key, *kb = key + n;
    uint32_t *ia = idx, *ib = idx + n;
    for (size_t j = 0; j < n; j++) {
        ka[j] = dkey(p[j].u);
        ia[j] = p[j].idx;
    }
    for (int shift = 0; shift < 64; shift += 16) {
        memset(count, 0, 65536 * sizeof *count);
        for (size_t j = 0; j < n; j++) count[(ka[j] >> shift) & 0xffff]++;
        if (count[(ka[0] >> shift) & 0xffff] == n) continue; /* one digit value: nothing to do */
        size_t sum = 0;
        for (size_t d = 0; d < 65536; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t j = 0; j < n; j++) {
            size_t at = count[(ka[j] >> shift) & 0xffff]++;
            kb[at] = ka[j];
            ib[at] = ia[j];
        }
        uint64_t *tk = ka;
        ka = kb;
        kb = tk;
        uint32_t *ti = ia;
        ia = ib;
        ib = ti;
    }
    for (size_t j = 0; j < n; j++) {
        uint64_t b = ka[j];
        b = (b & UINT64_C(0x8000000000000000)) ? b & ~UINT64_C(0x8000000000000000) : ~b;
        memcpy(&p[j].u, &b, sizeof b);
        p[j].idx = ia[j];
    }
    pl_free(key);
    pl_free(idx);
    pl_free(count);
    return true;
}

void pl_i_index_destroy(pl_i_index *ix)
{
    if (!ix) return;
    pl_free(ix->u);
    pl_free(ix->idx);
    pl_i_search_free(ix->search);
    ix->search = NULL;
    ix->u = NULL;
    ix->idx = NULL;
    ix->n = 0;
}

pl_status pl_i_index_build(const pl_model_t *m, size_t actor, size_t uactor, size_t party,
                           pl_i_index *ix, pl_error_t *err)
{
    uint64_t n;
    ix->n = 0;
    ix->u = NULL;
    ix->idx = NULL;
    ix->search = NULL;
    double threshold = pl_model_threshold(m, uactor);
    ix->umax = ix->umin = threshold;
    /* too many outcomes to sort: offers are searched for (search.c) */
    if (!pl_model_space_size(m, &n) || n > pl_i_index_max)
        return pl_i_search_build(m, actor, uactor, party, ix, err);
    pair_t *p = pl_malloc((size_t)(n ? n : 1) * sizeof *p);
    size_t *o = pl_calloc(pl_model_nissues(m), sizeof *o);
    if (!p || !o) {
        pl_free(p);
        pl_free(o);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    size_t k = 0;
    /* the fast path reads the tables only: constraints need the full acceptance test */
    bool fast = pl_model_is_additive(m, uactor) && !pl_model_has_requirements(m, uactor) &&
                (party == uactor) && !pl_model_has_mandate(m, actor) &&
                pl_model_nconstraints(m) == 0;
    for (uint64_t x = 0; x < n; x++) {
        /* o is x in mixed radix: advance it as an odometer */
        if (x > 0) pl_model_outcome_next(m, o);
        double u;
        if (fast) {
            u = pl_model_utility_additive(m, uactor, o);
            if (u < threshold - PL_TOL) continue;
        } else {
            if (!pl_model_accepts(m, uactor, o)) continue;
            if (party != uactor && !pl_model_accepts(m, party, o)) continue;
            if (!pl_model_within_mandate(m, actor, o)) continue;
            u = pl_model_utility(m, uactor, o);
        }
        p[k].u = u;
        p[k].idx = (uint32_t)x;
        k++;
    }
    pl_free(o);
    if (!radix_sort(p, k)) qsort(p, k, sizeof *p, cmp_pair);
    ix->u = pl_malloc((k ? k : 1) * sizeof(double));
    ix->idx = pl_malloc((k ? k : 1) * sizeof(uint32_t));
    if (!ix->u || !ix->idx) {
        pl_free(p);
        pl_i_index_destroy(ix);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t j = 0; j < k; j++) {
        ix->u[j] = p[j].u;
        ix->idx[j] = p[j].idx;
    }
    ix->n = k;
    if (k) {
        ix->umin = p[0].u;
        ix->umax = p[k - 1].u;
    }
    pl_free(p);
    return PL_OK;
}

void pl_i_negotiator_of(const pl_model_t *m, size_t p, size_t *actor, size_t *uactor)
{
    *actor = p;
    *uactor = p;
    for (size_t a = 0; a < pl_model_nactors(m); a++)
        if (pl_model_role(m, a) == PL_ROLE_DELEGATION && pl_model_party_of(m, a) == p) {
            *actor = a;
            /* a delegation stating preferences of its own negotiates by them (docs) */
            if (pl_model_has_preferences(m, a)) *uactor = a;
            break;
        }
}

pl_status pl_sim_cache_alloc(const pl_model_t *m, pl_sim_cache_t **out, pl_error_t *err)
{
    *out = NULL;
    size_t na = pl_model_nactors(m);
    pl_sim_cache_t *c = pl_calloc(1, sizeof *c);
    if (!c) return pl_error_set(err, PL_ENOMEM, "out of memory");
    c->m = m;
    c->nactors = na;
    c->ix = pl_calloc(na ? na : 1, sizeof *c->ix);
    c->built = pl_calloc(na ? na : 1, sizeof *c->built);
    if (!c->ix || !c->built) {
        pl_sim_cache_free(c);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < pl_model_nparties(m); k++) {
        size_t p = pl_model_party(m, k), a, ua;
        pl_i_negotiator_of(m, p, &a, &ua);
        pl_status st = pl_i_index_build(m, a, ua, p, &c->ix[a], err);
        if (st != PL_OK) {
            pl_sim_cache_free(c);
            return st;
        }
        c->built[a] = true;
    }
    *out = c;
    return PL_OK;
}

void pl_sim_cache_free(pl_sim_cache_t *c)
{
    if (!c) return;
    if (c->ix)
        for (size_t a = 0; a < c->nactors; a++) pl_i_index_destroy(&c->ix[a]);
    pl_free(c->ix);
    pl_free(c->built);
    pl_free(c);
}
