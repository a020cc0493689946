/*
 * blame.c: who blocks. The veto players (parties, delegations with a mandate, factions of
 * parties with a ratification rule) form a simple acceptance game G: a set T of accepting
 * players carries a package when every party and delegation is in T and every ratification
 * rule passes with T's members. For a package o, A(o) is the set of players that accept it.
 *  - pivotal: player i is pivotal for a failing o when G(A(o) + i) holds: everyone else
 *    needed already accepts; we count such packages per player.
 *  - minimal blocking coalitions of o: the minimal sets B of players outside A(o) with
 *    G(A(o) + B); counted over the failing packages.
 *  - blame share: the Shapley value of the blocking game v(S) = 1 when some package o (of
 *    those considered) passes once S also accepts, i.e. G(A(o) + S). v is monotone, v(empty)
 *    = 0 when talks fail and v(all) = 1, so the shares sum to 1; a player that alone blocks
 *    every package the others accept gets everything.
 * Restricted to a named proposal, the packages considered are its completions.
 * Over 16 players (2^n coalition tables too large) blame_sampled keeps the acceptance sets
 * in a hash table, counts pivots exactly, lists the small minimal blocking coalitions and
 * estimates the shares from random orderings.
 */
#include <math.h>
#include <string.h>

#include "mediate_internal.h"

void pl_mediate_blame_init(pl_mediate_blame_t *b) { memset(b, 0, sizeof *b); }

void pl_mediate_blame_destroy(pl_mediate_blame_t *b)
{
    if (!b) return;
    pl_free(b->players);
    pl_free(b->pivotal);
    pl_free(b->share);
    pl_free(b->coalition);
    pl_free(b->coalition_count);
    pl_free(b->share_se);
    pl_mediate_blame_init(b);
}

#define PL_BLAME_EXACT_MAX 16
#define PL_BLAME_SAMPLES 20000   /* orderings, when the work allows */
#define PL_BLAME_WORK 20000000.0 /* game evaluations the sampled path may spend per part */

typedef struct vgame {
    const unsigned char *win;   /* G over player masks */
    const uint64_t *masks;      /* distinct acceptance masks of the packages considered */
    size_t nmasks;
} vgame;

static bool v_wins(const void *ctx, uint64_t s)
{
    const vgame *g = ctx;
    for (size_t k = 0; k < g->nmasks; k++)
        if (g->win[g->masks[k] | s]) return true;
    return false;
}

/* the winning test of the acceptance game, for the sampled path: masks hold every player */
typedef struct sgame {
    const pl_i_eval_t *ev;
    const uint64_t *masks;
    size_t nmasks;
} sgame;

static bool s_wins(const void *ctx, uint64_t s)
{
    const sgame *g = ctx;
    for (size_t k = 0; k < g->nmasks; k++)
        if (pl_i_game_wins(g->ev, g->masks[k] | s)) return true;
    return false;
}

static pl_status add_coalition(pl_mediate_blame_t *b, size_t *cap, uint64_t c, uint64_t count)
{
    for (size_t k = 0; k < b->ncoalitions; k++)
        if (b->coalition[k] == c) {
            b->coalition_count[k] += count;
            return PL_OK;
        }
    if (b->ncoalitions == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        uint64_t *x = pl_realloc(b->coalition, nc * sizeof *x);
        if (!x) return PL_ENOMEM;
        b->coalition = x;
        uint64_t *y = pl_realloc(b->coalition_count, nc * sizeof *y);
        if (!y) return PL_ENOMEM;
        b->coalition_count = y;
        *cap = nc;
    }
    b->coalition[b->ncoalitions] = c;
    b->coalition_count[b->ncoalitions] = count;
    b->ncoalitions++;
    return PL_OK;
}

/* distinct acceptance masks and their package counts: open addressing, grown at half full */
typedef struct mask_set {
    uint64_t *key, *count;
    unsigned char *used;
    size_t n, cap;
} mask_set;

static pl_status mask_add(mask_set *h, uint64_t key)
{
    if (2 * (h->n + 1) > h->cap) {
        mask_set g = {NULL, NULL, NULL, 0, h->cap ? h->cap * 2 : 1024};
        g.key = pl_calloc(g.cap, sizeof *g.key);
        g.count = pl_calloc(g.cap, sizeof *g.count);
        g.used = pl_calloc(g.cap, 1);
        if (!g.key || !g.count || !g.used) {
            pl_free(g.key);
            pl_free(g.count);
            pl_free(g.used);
            return PL_ENOMEM;
        }
        for (size_t k = 0; k < h->cap; k++)
            if (h->used[k]) {
                size_t j = (size_t)((h->key[k] * 0x9E3779B97F4A7C15ULL) >> 20) & (g.cap - 1);
                while (g.used[j]) j = (j + 1) & (g.cap - 1);
                g.used[j] = 1;
                g.key[j] = h->key[k];
                g.count[j] = h->count[k];
            }
        g.n = h->n;
        pl_free(h->key);
        pl_free(h->count);
        pl_free(h->used);
        *h = g;
    }
    size_t j = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 20) & (h->cap - 1);
    while (h->used[j] && h->key[j] != key) j = (j + 1) & (h->cap - 1);
    if (!h->used[j]) {
        h->used[j] = 1;
        h->key[j] = key;
        h->n++;
    }
    h->count[j]++;
    return PL_OK;
}

/* Is b (a set of missing players added to acceptance set a) a minimal blocking coalition? */
static bool minimal_block(const pl_i_eval_t *ev, uint64_t a, uint64_t b)
{
    if (!pl_i_game_wins(ev, a | b)) return false;
    for (uint64_t r = b; r; r &= r - 1)
        if (pl_i_game_wins(ev, a | (b & ~(r & -r)))) return false;
    return true;
}

/* Over 16 players: exact pivots, the minimal blocking coalitions of at most 3 members (fewer
 * when the work would be too much) and shares estimated from random orderings. */
static pl_status blame_sampled(const pl_model_t *m, size_t proposal, pl_i_eval_t *ev,
                               pl_mediate_blame_t *out, pl_error_t *err)
{
    size_t np = ev->nplayers;
    mask_set h = {0};
    uint64_t *fail = NULL;
    size_t nfail = 0, cap = 0;
    size_t *o = pl_calloc(pl_model_nissues(m), sizeof *o);
    pl_status s = PL_OK;
    pl_mediate_game_power_t pw;
    pl_mediate_game_power_init(&pw);
    if (!o) goto oom;
    const size_t *pv = proposal == PL_UNSET ? NULL : pl_model_proposal(m, proposal);
    do {
        bool ok = true;
        for (size_t i = 0; pv && i < ev->ni && ok; i++)
            if (pv[i] != PL_UNSET && pv[i] != o[i]) ok = false;
        if (!ok) continue;
        pl_i_eval_run(ev, o);
        if (mask_add(&h, pl_i_accept_mask(ev)) != PL_OK) goto oom;
    } while (pl_model_outcome_next(m, o));
    out->failed = true;
    fail = pl_calloc(h.n ? h.n : 1, sizeof *fail);
    if (!fail) goto oom;
    for (size_t k = 0; k < h.cap; k++)
        if (h.used[k]) {
            if (pl_i_game_wins(ev, h.key[k])) out->failed = false;
            else fail[nfail++] = h.key[k];
        }
    uint64_t all = np == 64 ? ~(uint64_t)0 : ((uint64_t)1 << np) - 1;
    /* coalition size limit: what the work allows, at most 3 */
    double per = (double)np * (double)np * (double)np / 6.0 * (double)(nfail ? nfail : 1);
    out->coalition_max = per <= PL_BLAME_WORK ? 3 : per / np <= PL_BLAME_WORK ? 2 : 1;
    for (size_t k = 0; k < h.cap; k++) {
        if (!h.used[k] || pl_i_game_wins(ev, h.key[k])) continue;
        uint64_t a = h.key[k], comp = all & ~a, cnt = h.count[k];
        for (uint64_t r1 = comp; r1; r1 &= r1 - 1) {
            uint64_t b1 = r1 & -r1;
            size_t i = (size_t)__builtin_ctzll(b1);
            if (pl_i_game_wins(ev, a | b1)) {
                out->pivotal[i] += cnt;
                if (add_coalition(out, &cap, b1, cnt) != PL_OK) goto oom;
                continue;
            }
            for (uint64_t r2 = r1 & (r1 - 1); out->coalition_max >= 2 && r2; r2 &= r2 - 1) {
                uint64_t b2 = b1 | (r2 & -r2);
                if (minimal_block(ev, a, b2)) {
                    if (add_coalition(out, &cap, b2, cnt) != PL_OK) goto oom;
                    continue;
                }
                for (uint64_t r3 = r2 & (r2 - 1); out->coalition_max >= 3 && r3; r3 &= r3 - 1) {
                    uint64_t b3 = b2 | (r3 & -r3);
                    if (minimal_block(ev, a, b3) && add_coalition(out, &cap, b3, cnt) != PL_OK) goto oom;
                }
            }
        }
    }
    /* shares: the Shapley value of v(S) = some failing acceptance set wins with S added */
    if (out->failed) {
        sgame g = {ev, fail, nfail};
        double bisect = 1 + log2((double)np);
        double fit = PL_BLAME_WORK / (bisect * (double)(nfail ? nfail : 1));
        size_t samples = fit >= PL_BLAME_SAMPLES ? PL_BLAME_SAMPLES : fit < 1000 ? 1000 : (size_t)fit;
        s = pl_i_power_sampled_simple(np, s_wins, &g, samples, 1, false, &pw, err);
        if (s != PL_OK) goto done;
        out->share = pw.shapley;
        out->share_se = pw.shapley_se;
        pw.shapley = pw.shapley_se = NULL;
        out->samples = samples;
    } else {
        out->share = pl_calloc(np ? np : 1, sizeof(double));
        out->share_se = pl_calloc(np ? np : 1, sizeof(double));
        if (!out->share || !out->share_se) goto oom;
    }
    goto done;
oom:
    s = pl_error_set(err, PL_ENOMEM, "out of memory");
done:
    pl_mediate_game_power_destroy(&pw);
    pl_free(h.key);
    pl_free(h.count);
    pl_free(h.used);
    pl_free(fail);
    pl_free(o);
    return s;
}

/* minimal blocking coalitions: smaller first, then more packages */
static void sort_coalitions(pl_mediate_blame_t *out)
{
    for (size_t i = 1; i < out->ncoalitions; i++)
        for (size_t j = i; j > 0; j--) {
            uint64_t x = out->coalition[j], y = out->coalition[j - 1];
            int px = __builtin_popcountll(x), py = __builtin_popcountll(y);
            if (px > py || (px == py && out->coalition_count[j] <= out->coalition_count[j - 1])) break;
            out->coalition[j] = y;
            out->coalition[j - 1] = x;
            uint64_t c = out->coalition_count[j];
            out->coalition_count[j] = out->coalition_count[j - 1];
            out->coalition_count[j - 1] = c;
        }
}

pl_status pl_mediate_blame(const pl_model_t *m, const pl_mediate_options_t *opt, size_t proposal,
                           pl_mediate_blame_t *out, pl_error_t *err)
{
    pl_mediate_options_t dflt;
    if (!opt) {
        pl_mediate_options_init(&dflt);
        opt = &dflt;
    }
    pl_mediate_blame_destroy(out);
    if (proposal != PL_UNSET && proposal >= pl_model_nproposals(m))
        return pl_error_set(err, PL_ENOTFOUND, "no proposal %zu in the scenario", proposal);
    uint64_t space;
    PL_CHECK(pl_i_space(m, opt, &space, err));
    pl_i_eval_t ev;
    PL_CHECK(pl_i_eval_init(&ev, m, opt->without_linkages, err));
    size_t np = ev.nplayers;
    out->exact = np <= PL_BLAME_EXACT_MAX;
    if (np > 64) {
        pl_i_eval_destroy(&ev);
        return pl_error_set(err, PL_ETOOBIG, "blame over %zu veto players (at most 64)", np);
    }
    if (!out->exact) {
        out->players = pl_calloc(np, sizeof(size_t));
        out->pivotal = pl_calloc(np, sizeof(uint64_t));
        pl_status st = !out->players || !out->pivotal ? pl_error_set(err, PL_ENOMEM, "out of memory") : PL_OK;
        if (st == PL_OK) {
            out->nplayers = np;
            memcpy(out->players, ev.players, np * sizeof(size_t));
            st = blame_sampled(m, proposal, &ev, out, err);
        }
        if (st == PL_OK) sort_coalitions(out);
        pl_i_eval_destroy(&ev);
        if (st != PL_OK) pl_mediate_blame_destroy(out);
        return st;
    }
    size_t ncoal = (size_t)1 << np;
    uint64_t *count = pl_calloc(ncoal, sizeof *count);
    unsigned char *win = pl_calloc(ncoal, 1);
    uint64_t *masks = NULL;
    size_t *o = pl_calloc(pl_model_nissues(m), sizeof *o);
    out->players = pl_calloc(np ? np : 1, sizeof(size_t));
    out->pivotal = pl_calloc(np ? np : 1, sizeof(uint64_t));
    size_t cap = 0;
    pl_status s = PL_OK;
    pl_mediate_game_power_t pw;
    pl_mediate_game_power_init(&pw);
    if (!count || !win || !o || !out->players || !out->pivotal) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    out->nplayers = np;
    memcpy(out->players, ev.players, np * sizeof(size_t));
    for (size_t t = 0; t < ncoal; t++) win[t] = pl_i_game_wins(&ev, t) ? 1 : 0;
    const size_t *pv = proposal == PL_UNSET ? NULL : pl_model_proposal(m, proposal);
    do {
        bool ok = true;
        for (size_t i = 0; pv && i < ev.ni && ok; i++)
            if (pv[i] != PL_UNSET && pv[i] != o[i]) ok = false;
        if (!ok) continue;
        pl_i_eval_run(&ev, o);
        count[pl_i_accept_mask(&ev)]++;
    } while (pl_model_outcome_next(m, o));
    /* failed when no package considered has a winning acceptance set */
    size_t nm = 0;
    out->failed = true;
    for (size_t t = 0; t < ncoal; t++)
        if (count[t]) {
            nm++;
            if (win[t]) out->failed = false;
        }
    masks = pl_calloc(nm ? nm : 1, sizeof *masks);
    if (!masks) {
        s = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    nm = 0;
    for (size_t t = 0; t < ncoal; t++)
        if (count[t]) masks[nm++] = t;
    for (size_t k = 0; k < nm; k++) {
        uint64_t a = masks[k];
        if (win[a]) continue;
        for (size_t i = 0; i < np; i++)
            if (!((a >> i) & 1) && win[a | ((uint64_t)1 << i)]) out->pivotal[i] += count[a];
        /* minimal sets of missing acceptances: subsets B of the complement with G(a + B)
         * and no member removable (G is monotone, so one-member removals suffice) */
        uint64_t comp = (ncoal - 1) & ~a;
        for (uint64_t b = comp;; b = (b - 1) & comp) {
            if (b && win[a | b]) {
                bool minimal = true;
                for (size_t i = 0; i < np && minimal; i++)
                    if (((b >> i) & 1) && win[a | (b & ~((uint64_t)1 << i))]) minimal = false;
                if (minimal && add_coalition(out, &cap, b, count[a]) != PL_OK) {
                    s = pl_error_set(err, PL_ENOMEM, "out of memory");
                    goto done;
                }
            }
            if (b == 0) break;
        }
    }
    /* blame shares: Shapley value of v(S) = exists considered o with G(A(o) + S) */
    if (out->failed) {
        vgame g = {win, masks, nm};
        s = pl_mediate_power_simple(np, v_wins, &g, &pw, err);
        if (s != PL_OK) goto done;
        out->share = pw.shapley;
        pw.shapley = NULL;
    } else {
        out->share = pl_calloc(np ? np : 1, sizeof(double));
        if (!out->share) s = pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    if (s == PL_OK) {
        out->share_se = pl_calloc(np ? np : 1, sizeof(double)); /* exact: 0 */
        if (!out->share_se) s = pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    sort_coalitions(out);
done:
    pl_mediate_game_power_destroy(&pw);
    pl_free(count);
    pl_free(win);
    pl_free(masks);
    pl_free(o);
    pl_i_eval_destroy(&ev);
    if (s != PL_OK) pl_mediate_blame_destroy(out);
    return s;
}
