/*
 * world_fast.c: one world judged package by package without asking the model per package. Each
 * actor's utility over every package (a column) is kept between worlds and recomputed only when
 * the actor's compiled table changes; a world then compares columns with its thresholds, packs
 * the acceptances that the decision reads into a bit pattern per package, and decides each
 * distinct pattern once (pl_model_decides_by). Same arithmetic, same order: the same tallies as
 * the reference loop in world.c, which tests/test_explore_fast.c compares it with.
 */
#include "explore_internal.h"

#include "core/model_internal.h"

#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Patterns have one bit per actor the decision reads; more than this and the reference loop
 * is used (the table of decided patterns has 2^n entries). */
#define FAST_MAX_BITS 16
/* Columns kept per actor: Saltelli's design returns to the A row's utilities after each swap. */
#define FAST_SLOTS 2
/* Bytes of columns one thread may hold; a bigger space is judged by the reference loop. */
#define FAST_BUDGET ((uint64_t)64 << 20)

/* A byte string that identifies what a column was computed from. */
typedef struct fast_key {
    unsigned char *p;
    size_t n, cap;
} fast_key;

/* One cached column: the data and the key it was computed from. */
typedef struct fast_slot {
    fast_key key;
    void *data;
    uint64_t used;  /* tick of the last use (least recently used is replaced) */
    bool valid;
} fast_slot;

typedef struct fast_actor {
    fast_slot util[FAST_SLOTS]; /* utility per package (the additive table sum), NaN where the
                                   actor's requirements fail: keyed by table and requirements */
    fast_slot ok;               /* where acceptance is a mask: a delegation inside its mandate, or a
                                   party without preferences whose requirements are met */
    double *party_u;            /* per world: a party's utility after its factions' defections */
} fast_actor;

struct pl_i_fast {
    size_t nissues, nactors;
    size_t *nvalues;
    uint64_t space;
    fast_actor *actor;
    fast_slot allowed;          /* constraints respected per package (data NULL: all are) */
    fast_key scratch;
    uint64_t tick, bytes;
    double *level;              /* space: partial sums while a utility column is filled */
    size_t nbits, bit_actor[FAST_MAX_BITS]; /* this world: bit j is actor bit_actor[j] ... */
    double bit_t[FAST_MAX_BITS];            /* ... accepting where bit_u[j] >= bit_t[j], */
    const double *bit_u[FAST_MAX_BITS];
    const unsigned char *bit_ok[FAST_MAX_BITS]; /* or where bit_ok[j] (bit_u[j] NULL) */
    const double **party_u;     /* per actor, this world: parties' utility columns (else NULL) */
    double *rows;               /* every issue's values: an actor's table row by row */
    double **row;               /* nissues: where each issue's row starts in rows */
    uint32_t *pat;              /* per package, this world: its acceptance pattern */
    unsigned char *met;         /* per pattern, this world: some package has it */
    unsigned char *state;       /* per pattern, this world: 0 not decided, 1 fails, 2 passes */
    uint32_t *seen;             /* patterns met this world */
    size_t nseen;
    bool *acc;                  /* nactors: acceptances handed to pl_model_decides_by */
    size_t *o;                  /* nissues: an outcome */
};

static bool key_put(fast_key *k, const void *p, size_t n)
{
    if (k->n + n > k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 256;
        while (cap < k->n + n) cap *= 2;
        unsigned char *q = pl_realloc(k->p, cap);
        if (!q) return false;
        k->p = q;
        k->cap = cap;
    }
    memcpy(k->p + k->n, p, n);
    k->n += n;
    return true;
}

static bool key_allow(fast_key *k, const pl_model_t *m, const pl_i_allow_t *al, size_t n)
{
    bool ok = key_put(k, &n, sizeof n);
    for (size_t r = 0; r < n && ok; r++)
        ok = key_put(k, &al[r].issue, sizeof al[r].issue) &&
             key_put(k, al[r].allowed, m->nvalues[al[r].issue] * sizeof(bool));
    return ok;
}

static void slot_free(fast_slot *s)
{
    pl_free(s->key.p);
    pl_free(s->data);
    memset(s, 0, sizeof *s);
}

void pl_i_fast_free(pl_i_fast *f)
{
    if (!f) return;
    for (size_t a = 0; f->actor && a < f->nactors; a++) {
        for (int s = 0; s < FAST_SLOTS; s++) slot_free(&f->actor[a].util[s]);
        slot_free(&f->actor[a].ok);
        pl_free(f->actor[a].party_u);
    }
    pl_free(f->actor);
    slot_free(&f->allowed);
    pl_free(f->scratch.p);
    pl_free(f->nvalues);
    pl_free(f->level);
    pl_free(f->party_u);
    pl_free(f->rows);
    pl_free(f->row);
    pl_free(f->pat);
    pl_free(f->met);
    pl_free(f->state);
    pl_free(f->seen);
    pl_free(f->acc);
    pl_free(f->o);
    pl_free(f);
}

/* A cache for models of m's shape; NULL when out of memory. */
static pl_i_fast *fast_new(const pl_model_t *m, uint64_t space)
{
    pl_i_fast *f = pl_calloc(1, sizeof *f);
    if (!f) return NULL;
    f->nissues = m->nissues;
    f->nactors = m->nactors;
    f->space = space;
    size_t na = m->nactors ? m->nactors : 1, np = (size_t)1 << FAST_MAX_BITS;
    f->nvalues = pl_malloc(m->nissues * sizeof *f->nvalues);
    f->actor = pl_calloc(na, sizeof *f->actor);
    f->bytes = space * (sizeof(double) + sizeof(uint32_t));
    f->level = f->bytes <= FAST_BUDGET ? pl_malloc(space * sizeof(double)) : NULL;
    f->pat = f->level ? pl_malloc(space * sizeof *f->pat) : NULL;
    f->party_u = pl_calloc(na, sizeof *f->party_u);
    size_t nvals = 0;
    for (size_t i = 0; i < m->nissues; i++) nvals += m->nvalues[i];
    f->rows = pl_malloc(nvals * sizeof *f->rows);
    f->row = pl_malloc(m->nissues * sizeof *f->row);
    f->met = pl_calloc(np + 1, 1);
    f->state = pl_calloc(np + 1, 1);
    f->seen = pl_malloc(np * sizeof *f->seen);
    f->acc = pl_calloc(na, sizeof *f->acc);
    f->o = pl_calloc(m->nissues, sizeof *f->o);
    if (!f->nvalues || !f->actor || !f->level || !f->party_u || !f->rows || !f->row || !f->pat ||
        !f->met || !f->state || !f->seen || !f->acc || !f->o) {
        pl_i_fast_free(f);
        return NULL;
    }
    memcpy(f->nvalues, m->nvalues, m->nissues * sizeof *f->nvalues);
    return f;
}

static bool same_shape(const pl_i_fast *f, const pl_model_t *m, uint64_t space)
{
    return f->space == space && f->nissues == m->nissues && f->nactors == m->nactors &&
           memcmp(f->nvalues, m->nvalues, m->nissues * sizeof *f->nvalues) == 0;
}

/* The slot among n whose key equals `key` (touched), else the least recently used one with its
 * data allocated (`bytes` each) and the key stored, *fresh set: the caller fills it. NULL when
 * out of memory or over the budget. */
static fast_slot *slot_get(pl_i_fast *f, fast_slot *s, int n, const fast_key *key, size_t bytes,
                           bool *fresh)
{
    f->tick++;
    int lru = 0;
    for (int i = 0; i < n; i++) {
        if (s[i].valid && s[i].key.n == key->n && memcmp(s[i].key.p, key->p, key->n) == 0) {
            s[i].used = f->tick;
            *fresh = false;
            return &s[i];
        }
        if (!s[i].valid || (s[lru].valid && s[i].used < s[lru].used)) lru = i;
    }
    fast_slot *r = &s[lru];
    if (!r->data) {
        if (f->bytes + bytes > FAST_BUDGET) return NULL;
        r->data = pl_malloc(bytes ? bytes : 1);
        if (!r->data) return NULL;
        f->bytes += bytes;
    }
    r->valid = false;
    r->key.n = 0;
    if (!key_put(&r->key, key->p, key->n)) return NULL;
    r->valid = true;
    r->used = f->tick;
    *fresh = true;
    return r;
}

/* The per-package kernels, written so that compilers vectorise them: restrict pointers, and
 * selects of bits rather than of doubles (a double select is not vectorised while an FP compare
 * may trap). */

/* pat[x] |= bit where u[x] >= t (never where u[x] is NaN); `first`: pat[x] = that bit or 0.
 * With SSE2, four packages a step: two compares (cmplepd, false on NaN as >= is), their masks
 * narrowed to 32 bits and anded with the bit (compilers make a blend of the select, twice the
 * instructions). */
static void or_at_least(uint32_t *restrict pat, const double *restrict u, double t, uint32_t bit,
                        size_t n, bool first)
{
#ifdef __SSE2__
    __m128d tv = _mm_set1_pd(t);
    __m128 bv = _mm_castsi128_ps(_mm_set1_epi32((int)bit));
    size_t x = 0;
    for (; x + 4 <= n; x += 4) {
        __m128d lo = _mm_cmple_pd(tv, _mm_loadu_pd(u + x));
        __m128d hi = _mm_cmple_pd(tv, _mm_loadu_pd(u + x + 2));
        __m128 m = _mm_and_ps(_mm_shuffle_ps(_mm_castpd_ps(lo), _mm_castpd_ps(hi), _MM_SHUFFLE(2, 0, 2, 0)), bv);
        __m128i r = _mm_castps_si128(m);
        if (!first) r = _mm_or_si128(r, _mm_loadu_si128((const __m128i *)(pat + x)));
        _mm_storeu_si128((__m128i *)(pat + x), r);
    }
    for (; x < n; x++) pat[x] = (first ? 0u : pat[x]) | (u[x] >= t ? bit : 0u);
#else
    if (first)
        for (size_t x = 0; x < n; x++) pat[x] = u[x] >= t ? bit : 0u;
    else
        for (size_t x = 0; x < n; x++) pat[x] |= u[x] >= t ? bit : 0u;
#endif
}

static void or_mask(uint32_t *restrict pat, const unsigned char *restrict ok, uint32_t bit, size_t n,
                    bool first)
{
    if (first)
        for (size_t x = 0; x < n; x++) pat[x] = ok[x] ? bit : 0u;
    else
        for (size_t x = 0; x < n; x++) pat[x] |= ok[x] ? bit : 0u;
}

/* d[x] = s[x] - cost where !(ug[x] >= t), else s[x] - 0.0, which is s[x] exactly. */
static void sub_where_below(double *restrict d, const double *restrict s, const double *restrict ug,
                            double t, double cost, uint64_t n)
{
    uint64_t cb;
    memcpy(&cb, &cost, sizeof cb);
    for (uint64_t x = 0; x < n; x++) {
        uint64_t bits = ug[x] >= t ? 0 : cb;
        double c;
        memcpy(&c, &bits, sizeof c);
        d[x] = s[x] - c;
    }
}


/* dst[k * nv + v] = prev[k] + row[v]: one level of partial sums. Short rows (the usual issue
 * has a handful of values) get a loop of constant length, which compilers unroll. */
static void level(double *restrict dst, const double *restrict prev, size_t len,
                  const double *restrict row, size_t nv)
{
#define PL_LEVEL(NV)                                                                               \
    for (size_t k = 0; k < len; k++) {                                                             \
        double b = prev[k];                                                                        \
        for (size_t v = 0; v < (NV); v++) dst[k * (NV) + v] = b + row[v];                          \
    }                                                                                              \
    return
    switch (nv) {
    case 2: PL_LEVEL(2);
    case 3: PL_LEVEL(3);
    case 4: PL_LEVEL(4);
    case 5: PL_LEVEL(5);
    default: PL_LEVEL(nv);
    }
#undef PL_LEVEL
}

/* u[k] = sum_i table[i][o_i] for every package k in index order, added up as
 * pl_model_utility_additive does (0, then issue by issue): level i holds the sums through issue i
 * for every prefix, built from level i - 1 (levels alternate between u and f->level, so that the
 * last lands in u). Values the actor's requirements exclude enter as NaN, so that the sum is NaN
 * exactly where the requirements fail (and the same sum elsewhere). No table: 0. */
static void fill_additive(pl_i_fast *f, const pl_model_t *m, size_t a, double *u)
{
    size_t n = f->nissues;
    double *const *t = m->table[a];
    const pl_i_actor_t *ac = &m->actor[a];
    if (!t && ac->nrequire == 0) {
        for (uint64_t k = 0; k < f->space; k++) u[k] = 0;
        return;
    }
    double *row = f->rows;
    for (size_t i = 0, at = 0; i < n; at += f->nvalues[i++]) {
        f->row[i] = row + at;
        for (size_t v = 0; v < f->nvalues[i]; v++) row[at + v] = t ? t[i][v] : 0.0;
    }
    for (size_t r = 0; r < ac->nrequire; r++)
        for (size_t v = 0; v < f->nvalues[ac->require[r].issue]; v++)
            if (!ac->require[r].allowed[v]) f->row[ac->require[r].issue][v] = NAN;
    const double *prev = NULL;
    size_t len = 1;
    for (size_t i = 0; i < n; i++) {
        double *dst = (n - 1 - i) % 2 == 0 ? u : f->level;
        size_t nv = f->nvalues[i];
        if (i == 0)
            for (size_t v = 0; v < nv; v++) dst[v] = 0.0 + f->row[0][v];
        else
            level(dst, prev, len, f->row[i], nv);
        len *= nv;
        prev = dst;
    }
}

/* ok[k] = every entry of al passes for package k. */
static void fill_allow(pl_i_fast *f, const pl_i_allow_t *al, size_t n, unsigned char *ok)
{
    if (n == 0) {
        memset(ok, 1, f->space);
        return;
    }
    size_t *o = f->o;
    memset(o, 0, f->nissues * sizeof *o);
    for (uint64_t k = 0; k < f->space; k++) {
        ok[k] = pl_i_allow_all(al, n, o);
        for (size_t i = f->nissues; i-- > 0;) {
            if (++o[i] < f->nvalues[i]) break;
            o[i] = 0;
        }
    }
}

/* Actor a's acceptance mask apart from utility: its requirements, or a delegation's mandate. */
static const unsigned char *ok_column(pl_i_fast *f, const pl_model_t *m, size_t a)
{
    const pl_i_actor_t *ac = &m->actor[a];
    bool mandate = ac->role == PL_ROLE_DELEGATION;
    const pl_i_allow_t *al = mandate ? ac->mandate : ac->require;
    size_t n = mandate ? ac->nmandate : ac->nrequire;
    fast_key *k = &f->scratch;
    k->n = 0;
    bool fresh, ok = key_put(k, mandate ? "M" : "R", 1) && key_allow(k, m, al, n);
    fast_slot *s = ok ? slot_get(f, &f->actor[a].ok, 1, k, f->space, &fresh) : NULL;
    if (!s) return NULL;
    if (fresh) fill_allow(f, al, n, s->data);
    return s->data;
}

/* Actor a's utility column, NaN where its requirements fail, keyed by its compiled table and its
 * requirements: one comparison with a threshold is then its whole acceptance test. */
static const double *util_column(pl_i_fast *f, const pl_model_t *m, size_t a)
{
    fast_key *k = &f->scratch;
    k->n = 0;
    bool tabled = m->table[a] != NULL;
    bool good = key_put(k, "U", 1) && key_put(k, &tabled, sizeof tabled) &&
                key_allow(k, m, m->actor[a].require, m->actor[a].nrequire);
    for (size_t i = 0; good && tabled && i < m->nissues; i++)
        good = key_put(k, m->table[a][i], m->nvalues[i] * sizeof(double));
    bool fresh;
    fast_slot *s = good ? slot_get(f, f->actor[a].util, FAST_SLOTS, k, f->space * sizeof(double),
                                   &fresh)
                        : NULL;
    if (!s) return NULL;
    if (fresh) fill_additive(f, m, a, s->data);
    return s->data;
}

/* The constraints' mask; *out NULL: every package is allowed. False when out of memory. */
static bool allowed_column(pl_i_fast *f, const pl_model_t *m, const unsigned char **out)
{
    *out = NULL;
    if (m->acc.nconstraints == 0) return true;
    fast_key *k = &f->scratch;
    k->n = 0;
    bool fresh, ok = key_put(k, "C", 1);
    for (size_t c = 0; c < m->acc.nconstraints && ok; c++) {
        const pl_i_constraint_t *ck = &m->acc.constraint[c];
        ok = key_allow(k, m, ck->when, ck->nwhen) && key_allow(k, m, ck->then, ck->nthen);
    }
    fast_slot *s = ok ? slot_get(f, &f->allowed, 1, k, f->space, &fresh) : NULL;
    if (!s) return false;
    if (fresh) {
        unsigned char *al = s->data;
        size_t *o = f->o;
        memset(o, 0, f->nissues * sizeof *o);
        for (uint64_t x = 0; x < f->space; x++) {
            al[x] = pl_i_allowed(m, o);
            for (size_t i = f->nissues; i-- > 0;) {
                if (++o[i] < f->nvalues[i]) break;
                o[i] = 0;
            }
        }
    }
    *out = s->data;
    return true;
}

/* Party p's utility column after the defection costs of its factions that reject a package,
 * taken off in the order pl_model_utility takes them (x - 0.0 is x: the others are unchanged).
 * NaN stays where p's requirements fail. NULL when out of memory or over the budget. */
static const double *party_column(pl_i_fast *f, const pl_model_t *m, size_t p, const double *base)
{
    const pl_i_actor_t *ac = &m->actor[p];
    if (m->additive[p] || ac->ndefectors == 0) return base;
    fast_actor *fa = &f->actor[p];
    if (!fa->party_u) {
        uint64_t bytes = f->space * sizeof(double);
        if (f->bytes + bytes > FAST_BUDGET || !(fa->party_u = pl_malloc(bytes))) return NULL;
        f->bytes += bytes;
    }
    double *u = fa->party_u;
    for (size_t d = 0; d < ac->ndefectors; d++) {
        size_t g = ac->defectors[d];
        if (m->actor[g].hyper) return NULL;
        const double *ug = util_column(f, m, g);
        if (!ug) return NULL;
        double t = m->threshold[g] - PL_TOL, cost = m->actor[g].defection_cost;
        if (d == 0) {
            sub_where_below(u, base, ug, t, cost, f->space);
        } else {
            /* in place: src and destination are the same column */
            for (uint64_t k = 0; k < f->space; k++)
                if (!(ug[k] >= t)) u[k] -= cost;
        }
    }
    return u;
}

/* The actors the decision reads (parties, delegations with a mandate, voters), each with the
 * columns and threshold of its acceptance as pl_model_acceptances has it. False: not here. */
static bool setup_bits(pl_i_fast *f, const pl_model_t *m)
{
    f->nbits = 0;
    for (size_t a = 0; a < m->nactors; a++) {
        const pl_i_actor_t *ac = &m->actor[a];
        bool party = ac->role == PL_ROLE_PARTY, deleg = false;
        for (size_t d = 0; d < m->acc.ndelegations && !deleg; d++) deleg = m->acc.delegation[d] == a;
        f->party_u[a] = NULL;
        if (!party && !deleg && !m->acc.voter[a]) continue;
        if (f->nbits == FAST_MAX_BITS || ac->hyper) return false;
        size_t j = f->nbits++;
        f->bit_actor[j] = a;
        f->bit_ok[j] = NULL;
        f->bit_u[j] = NULL;
        f->bit_t[j] = -INFINITY;
        if (ac->role == PL_ROLE_DELEGATION || (party && !m->acc.prefs[a])) {
            /* acceptance is a mask: the mandate, or the requirements of a party without
             * preferences */
            if (!(f->bit_ok[j] = ok_column(f, m, a))) return false;
            continue;
        }
        const double *u = util_column(f, m, a);
        if (!u) return false;
        if (party) {
            /* the Nash product reads the utility of every party with preferences */
            if (!(u = party_column(f, m, a, u))) return false;
            f->party_u[a] = u;
        }
        f->bit_u[j] = u;
        f->bit_t[j] = (party ? m->acc.need[a] : m->threshold[a]) - PL_TOL;
    }
    return true;
}

/* Is acceptance pattern x (bit j: actor bit_actor[j] accepts) decided feasible? Once per world. */
static bool verdict(pl_i_fast *f, const pl_model_t *m, uint32_t x)
{
    if (!f->state[x]) {
        for (size_t j = 0; j < f->nbits; j++) f->acc[f->bit_actor[j]] = (x >> j) & 1u;
        f->state[x] = pl_model_decides_by(m, f->acc, NULL) ? 2 : 1;
    }
    return f->state[x] == 2;
}

/* Every package's pattern into f->pat; a package a constraint forbids gets the pattern
 * 2^nbits, whose state says "fails" and which is never counted as met. */
static void patterns(pl_i_fast *f, const unsigned char *allowed)
{
    uint32_t *pat = f->pat;
    size_t n = (size_t)f->space;
    if (f->nbits == 0) memset(pat, 0, n * sizeof *pat);
    for (size_t j = 0; j < f->nbits; j++) {
        if (f->bit_u[j]) or_at_least(pat, f->bit_u[j], f->bit_t[j], 1u << j, n, j == 0);
        else or_mask(pat, f->bit_ok[j], 1u << j, n, j == 0);
    }
    if (allowed) {
        uint32_t out = 1u << f->nbits;
        for (size_t x = 0; x < n; x++) pat[x] = allowed[x] ? pat[x] : out;
    }
}

/* The Nash product of package k, as world.c's nash_product computes it (NaN in a column: the
 * party's requirements fail, which consensus and majority allow; its utility from the model). */
static double nash_at(pl_i_fast *f, const pl_model_t *m, uint64_t k)
{
    double prod = 1;
    for (size_t q = 0; q < m->nparties; q++) {
        size_t p = m->parties[q];
        if (!m->acc.prefs[p]) continue;
        double u = f->party_u[p][k];
        if (isnan(u)) {
            pl_model_outcome_from_index(m, k, f->o);
            u = pl_model_utility(m, p, f->o);
        }
        double g = u - m->threshold[p];
        prod *= g > 0 ? g : 0;
    }
    return prod;
}

/* Blocking and pivotal actors from the distinct patterns met (world.c's judge, per pattern). */
static void pivots(pl_i_fast *f, const pl_model_t *m, pl_i_evalbuf *b)
{
    for (size_t a = 0; a < b->nactors; a++) b->cand[a] = b->blocks[a] = false;
    for (size_t j = 0; j < f->nbits; j++) {
        bool cand = true, blocks = false;
        uint32_t bit = 1u << j;
        for (size_t s = 0; s < f->nseen; s++) {
            uint32_t x = f->seen[s];
            if (b->ev.nfeasible) {
                if (verdict(f, m, x) && (!(x & bit) || verdict(f, m, x & ~bit))) cand = false;
            } else if (!(x & bit) && verdict(f, m, x | bit)) {
                blocks = true;
            }
        }
        b->cand[f->bit_actor[j]] = cand;
        b->blocks[f->bit_actor[j]] = blocks;
    }
}

/* met[pat[k]] = 1 for every package, four a step (the loop is all overhead otherwise). */
static void mark_met(unsigned char *restrict met, const uint32_t *restrict pat, uint64_t n)
{
    uint64_t k = 0;
    for (; k + 4 <= n; k += 4) {
        met[pat[k]] = 1;
        met[pat[k + 1]] = 1;
        met[pat[k + 2]] = 1;
        met[pat[k + 3]] = 1;
    }
    for (; k < n; k++) met[pat[k]] = 1;
}

/* The feasible packages in index order: tallies, the Nash point (first of the largest product,
 * as world.c's judge keeps it). */
static void feasible_packages(pl_i_fast *f, const pl_model_t *m, pl_i_evalbuf *b, uint64_t *pass)
{
    double best = 0;
    const unsigned char *state = f->state;
    const uint32_t *pat = f->pat;
    for (uint64_t k = 0; k < f->space; k++) {
        if (state[pat[k]] != 2) continue;
        if (pass) pass[k]++;
        if (b->ev.nfeasible++ == 0) {
            b->ev.nash = k;
            best = 0;
        }
        double np = nash_at(f, m, k);
        if (np > best) {
            best = np;
            b->ev.nash = k;
        }
    }
}

bool pl_i_fast_judge(pl_i_fast **fp, const pl_model_t *m, pl_i_evalbuf *b, uint64_t *pass)
{
    uint64_t space;
    if (!pl_model_space_size(m, &space) || space > PL_EXPLORE_MAX_SPACE || space == 0) return false;
    if (*fp && !same_shape(*fp, m, space)) {
        pl_i_fast_free(*fp);
        *fp = NULL;
    }
    if (!*fp && !(*fp = fast_new(m, space))) return false;
    pl_i_fast *f = *fp;
    const unsigned char *allowed;
    if (!allowed_column(f, m, &allowed) || !setup_bits(f, m)) return false;
    size_t npat = (size_t)1 << f->nbits;
    memset(f->met, 0, npat + 1);
    memset(f->state, 0, npat);
    f->state[npat] = 1; /* forbidden by a constraint: fails, and is no pattern met */
    for (size_t a = 0; a < m->nactors; a++) f->acc[a] = true;
    patterns(f, allowed);
    /* the patterns met, each decided once; a second pass over the packages only when some
     * pattern passes (in most worlds none does) */
    mark_met(f->met, f->pat, space);
    bool some = false;
    f->nseen = 0;
    for (uint32_t x = 0; x < npat; x++)
        if (f->met[x]) {
            f->seen[f->nseen++] = x;
            some |= verdict(f, m, x);
        }
    b->ev.nfeasible = 0;
    b->ev.nash = UINT64_MAX;
    if (some) feasible_packages(f, m, b, pass);
    pivots(f, m, b);
    return true;
}
