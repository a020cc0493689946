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
    pl_mediate_blame_init(b);
}

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
    if (np > 16) {
        pl_i_eval_destroy(&ev);
        return pl_error_set(err, PL_ETOOBIG,
                            "blame over %zu veto players is too large to compute exactly (at most 16)",
                            np);
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
    /* order coalitions: smaller first, then more packages */
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
