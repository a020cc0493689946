/*
 * yaml_actor_prefs.c: an actor's preferences, in one of three forms: 'stance' (a position and a
 * salience per issue), 'utility' (a weight and an evaluation of each value, or a linear function,
 * per issue) or 'rectangles' (utilities of boxes in the outcome space).
 */
#include "yaml_load_internal.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* One entry `ISSUE: {...}` of a per-issue mapping (stance or utility): finds the issue (an
 * unknown one is reported and sets *bad), records the entry's position in the actor's stance
 * slot and writes the context text "the KIND of ACTOR on 'ISSUE'" into sctx. Returns the issue
 * index, or PL_UNSET for the mapping's own `source` and for unknown issues. */
static size_t issue_entry(ld *L, pl_actor_t *a, const pl_i_ynode *key, const char *ctx,
                          const char *kind, const char *actx, char *sctx, size_t size, bool *bad)
{
    if (strcmp(key->text, "source") == 0) return PL_UNSET;
    size_t i = pl_i_yfind_issue(L, key, key->text, ctx);
    if (i == PL_UNSET) {
        *bad = true;
        return PL_UNSET;
    }
    snprintf(sctx, size, "the %s of %s on '%.*s'", kind, actx, NM(key->text));
    a->stances[i].pos.line = key->line;
    a->stances[i].pos.col = key->col;
    return i;
}

/* A non-negative number `name` of body (default 1): a negative one is reported, counts as 0 and
 * sets *bad (the caller's sum-to-zero check would only repeat the complaint). */
static double nonneg_or_one(ld *L, const pl_i_ynode *body, const char *name, const char *sctx,
                            bool *bad)
{
    char what[700];
    snprintf(what, sizeof what, "'%s' in %s", name, sctx);
    double x = 1;
    const pl_i_ynode *n = pl_i_ymap_get(body, name);
    if (pl_i_yget_num(L, n, what, &x) && x < 0) {
        pl_i_yerr(L, pl_i_yunwrap(L, n, what), "%s must be >= 0 (got %g)", what, x);
        x = 0;
        *bad = true;
    }
    return x;
}

void pl_i_yload_stance(ld *L, pl_actor_t *a, const pl_i_ynode *stance, const char *actx)
{
    pl_scenario_t *sc = L->sc;
    char ctx[400], what[500];
    snprintf(ctx, sizeof ctx, "'stance' of %s", actx);
    stance = pl_i_ywant_map(L, stance, ctx);
    if (!stance) return;
    double total = 0;
    bool bad = false;
    for (size_t k = 0; k < stance->n; k++) {
        const pl_i_ynode *key = stance->keys[k], *body = stance->items[k];
        char sctx[600];
        size_t i = issue_entry(L, a, key, ctx, "stance", actx, sctx, sizeof sctx, &bad);
        if (i == PL_UNSET) continue;
        pl_stance_t *st = &a->stances[i];
        body = pl_i_ywant_map(L, body, sctx);
        if (!body) {
            if (pl_i_yabsent(stance->items[k])) pl_i_yerr(L, key, "%s has no 'position'", sctx);
            continue;
        }
        static const char *const skeys[] = {"position", "salience"};
        pl_i_ycheck_keys(L, body, skeys, 2, sctx);
        st->source = pl_i_ystrdup(L, pl_i_ysource_of(L, body));
        const pl_i_ynode *pn = pl_i_ymap_get(body, "position");
        snprintf(what, sizeof what, "'position' in %s", sctx);
        if (pl_i_yabsent(pl_i_yunwrap(L, pn, what))) {
            pl_i_yerr(L, key, "%s has no 'position'", sctx);
        } else if (L->issue_ok[i]) {
            const pl_issue_t *is = &sc->issues[i];
            if (is->kind == PL_ISSUE_CATEGORICAL) {
                char vw[500];
                snprintf(vw, sizeof vw, "the stance of %s", actx);
                size_t v = pl_i_yfind_value(L, i, pn, vw);
                if (v != PL_UNSET) {
                    st->has_position = true;
                    st->position = (double)v;
                }
            } else {
                double x;
                if (pl_i_yget_num(L, pn, what, &x)) {
                    if (x < is->lo - 1e-9 * fmax(1, fabs(is->lo)) ||
                        x > is->hi + 1e-9 * fmax(1, fabs(is->hi)))
                        pl_i_yerr(L, pl_i_yunwrap(L, pn, what), "position %g of %s on issue '%.*s' is outside its range [%g, %g]",
                                  x, actx, NM(is->name), is->lo, is->hi);
                    else {
                        st->has_position = true;
                        st->position = x;
                    }
                }
            }
        }
        double s = nonneg_or_one(L, body, "salience", sctx, &bad);
        st->salience = s;
        st->weight = s;
        total += s;
    }
    if (total <= 0 && pl_i_ycount_named(stance) > 0 && !bad)
        pl_i_yerr(L, stance, "the saliences in %s sum to zero", ctx);
    else if (!isfinite(total) && !bad)
        pl_i_yerr(L, stance, "the saliences in %s sum to more than the largest number (%g at most "
                  "in all; docs/limits.md)", ctx, DBL_MAX);
}

void pl_i_yload_utility(ld *L, pl_actor_t *a, const pl_i_ynode *util, const char *actx)
{
    pl_scenario_t *sc = L->sc;
    char ctx[400], what[700];
    snprintf(ctx, sizeof ctx, "'utility' of %s", actx);
    util = pl_i_ywant_map(L, util, ctx);
    if (!util) return;
    double total = 0;
    bool bad = false;
    for (size_t k = 0; k < util->n; k++) {
        const pl_i_ynode *key = util->keys[k], *body = util->items[k];
        char sctx[600];
        size_t i = issue_entry(L, a, key, ctx, "utility", actx, sctx, sizeof sctx, &bad);
        if (i == PL_UNSET) continue;
        pl_stance_t *st = &a->stances[i];
        const pl_issue_t *is = &sc->issues[i];
        body = pl_i_ywant_map(L, body, sctx);
        if (!body) {
            bad = true;
            continue;
        }
        static const char *const ukeys[] = {"weight", "values", "linear"};
        pl_i_ycheck_keys(L, body, ukeys, 3, sctx);
        st->source = pl_i_ystrdup(L, pl_i_ysource_of(L, body));
        double w = nonneg_or_one(L, body, "weight", sctx, &bad);
        st->weight = w;
        total += w;
        const pl_i_ynode *vals = pl_i_ymap_get(body, "values");
        const pl_i_ynode *lin = pl_i_ymap_get(body, "linear");
        if (vals && lin) {
            pl_i_yerr(L, lin, "%s has both 'values' and 'linear' (use one)", sctx);
            bad = true;
            continue;
        }
        if (!vals && !lin) {
            pl_i_yerr(L, key, "%s has neither 'values' nor 'linear'", sctx);
            bad = true;
            continue;
        }
        if (!L->issue_ok[i]) continue;
        if (vals) {
            snprintf(what, sizeof what, "'values' in %s", sctx);
            vals = pl_i_ywant_map(L, vals, what);
            if (!vals) continue;
            L->cells += (double)is->nvalues;
            if (L->cells > MAX_CELLS) {
                pl_i_yerr(L, vals, "the scenario is too large (more than %.0f per-value entries)", MAX_CELLS);
                continue;
            }
            st->eval = pl_i_ycalloc(L, is->nvalues, sizeof *st->eval);
            if (!st->eval) return;
            for (size_t j = 0; j < vals->n; j++) {
                const pl_i_ynode *vk = vals->keys[j];
                if (strcmp(vk->text, "source") == 0) continue;
                size_t v = pl_i_yfind_value(L, i, vk, what);
                double e;
                char ewhat[800];
                snprintf(ewhat, sizeof ewhat, "the evaluation of '%.*s' in %s", NM(vk->text), sctx);
                if (!pl_i_yget_num(L, vals->items[j], ewhat, &e)) {
                    if (pl_i_yabsent(pl_i_yunwrap(L, vals->items[j], ewhat)))
                        pl_i_yerr(L, vk, "%s is missing", ewhat);
                    continue;
                }
                if (e < 0) {
                    pl_i_yerr(L, pl_i_yunwrap(L, vals->items[j], ewhat), "%s must be >= 0 (got %g)", ewhat, e);
                    continue;
                }
                if (v != PL_UNSET) st->eval[v] = e;
            }
        } else {
            snprintf(what, sizeof what, "'linear' in %s", sctx);
            if (is->kind == PL_ISSUE_CATEGORICAL) {
                pl_i_yerr(L, lin, "%s: 'linear' needs a numeric issue; '%.*s' is %s (use 'values')",
                          sctx, NM(is->name), is->ordered ? "ordered" : "categorical");
                continue;
            }
            lin = pl_i_ywant_map(L, lin, what);
            if (!lin) continue;
            static const char *const lkeys[] = {"slope", "offset"};
            pl_i_ycheck_keys(L, lin, lkeys, 2, what);
            char lw[800];
            snprintf(lw, sizeof lw, "'slope' in %s", what);
            if (!pl_i_yget_num(L, pl_i_ymap_get(lin, "slope"), lw, &st->slope)) {
                if (pl_i_yabsent(pl_i_yunwrap(L, pl_i_ymap_get(lin, "slope"), lw)))
                    pl_i_yerr(L, lin, "%s has no 'slope'", what);
                continue;
            }
            snprintf(lw, sizeof lw, "'offset' in %s", what);
            st->offset = 0;
            pl_i_yget_num(L, pl_i_ymap_get(lin, "offset"), lw, &st->offset);
            st->has_linear = true;
        }
    }
    if (total <= 0 && !bad) pl_i_yerr(L, util, "the weights in %s sum to zero", ctx);
    else if (!isfinite(total) && !bad)
        pl_i_yerr(L, util, "the weights in %s sum to more than the largest number (%g at most in "
                  "all; docs/limits.md)", ctx, DBL_MAX);
}

void pl_i_yload_rectangles(ld *L, pl_actor_t *a, const pl_i_ynode *rn, const char *actx)
{
    pl_scenario_t *sc = L->sc;
    char ctx[400], what[700];
    snprintf(ctx, sizeof ctx, "'rectangles' of %s", actx);
    rn = pl_i_ywant_map(L, rn, ctx);
    if (!rn) return;
    static const char *const rkeys[] = {"max", "list"};
    pl_i_ycheck_keys(L, rn, rkeys, 2, ctx);
    snprintf(what, sizeof what, "'max' in %s", ctx);
    double mx = 0;
    const pl_i_ynode *mn = pl_i_ymap_get(rn, "max");
    if (pl_i_yget_num(L, mn, what, &mx) && mx < 0) pl_i_yerr(L, pl_i_yunwrap(L, mn, what), "%s must be >= 0 (got %g)", what, mx);
    a->rect_max = mx;
    const pl_i_ynode *list = pl_i_ymap_get(rn, "list");
    snprintf(what, sizeof what, "'list' in %s", ctx);
    if (pl_i_yabsent(list)) {
        pl_i_yerr(L, rn, "%s has no 'list'", ctx);
        return;
    }
    if (list->kind != PL_I_YSEQ) {
        pl_i_yerr(L, list, "%s must be a list, not %s", what, pl_i_ykind_name(list));
        return;
    }
    a->rects = pl_i_ycalloc(L, list->n, sizeof *a->rects);
    if (!a->rects) return;
    for (size_t r = 0; r < list->n && !L->oom; r++) {
        char rctx[500];
        snprintf(rctx, sizeof rctx, "rectangle %zu of %s", r + 1, actx);
        const pl_i_ynode *body = pl_i_ywant_map(L, list->items[r], rctx);
        if (!body) continue;
        static const char *const bkeys[] = {"utility", "bounds"};
        pl_i_ycheck_keys(L, body, bkeys, 2, rctx);
        pl_hyperrect_t *h = &a->rects[a->nrects++];
        snprintf(what, sizeof what, "'utility' in %s", rctx);
        if (!pl_i_yget_num(L, pl_i_ymap_get(body, "utility"), what, &h->utility) &&
            pl_i_yabsent(pl_i_yunwrap(L, pl_i_ymap_get(body, "utility"), what)))
            pl_i_yerr(L, body, "%s has no 'utility'", rctx);
        snprintf(what, sizeof what, "'bounds' in %s", rctx);
        const pl_i_ynode *b = pl_i_ywant_map(L, pl_i_ymap_get(body, "bounds"), what);
        if (!b) continue;
        size_t nb = pl_i_ycount_named(b);
        h->issue = pl_i_ycalloc(L, nb, sizeof *h->issue);
        h->min = pl_i_ycalloc(L, nb, sizeof *h->min);
        h->max = pl_i_ycalloc(L, nb, sizeof *h->max);
        if (!h->issue || !h->min || !h->max) return;
        for (size_t k = 0; k < b->n; k++) {
            const pl_i_ynode *key = b->keys[k];
            if (strcmp(key->text, "source") == 0) continue;
            size_t i = pl_i_yfind_issue(L, key, key->text, what);
            if (i == PL_UNSET || !L->issue_ok[i]) continue;
            char bw[800];
            snprintf(bw, sizeof bw, "the bounds on '%.*s' in %s", NM(key->text), rctx);
            const pl_i_ynode *pair = pl_i_yunwrap(L, b->items[k], bw);
            if (!pair || pair->kind != PL_I_YSEQ || pair->n != 2) {
                pl_i_yerr(L, pair ? pair : key, "%s must be a list of two values [min, max]", bw);
                continue;
            }
            size_t lo = pl_i_yfind_value(L, i, pair->items[0], bw);
            size_t hi = pl_i_yfind_value(L, i, pair->items[1], bw);
            if (lo == PL_UNSET || hi == PL_UNSET) continue;
            if (lo > hi) {
                pl_i_yerr(L, pair, "%s are empty: min is above max", bw);
                continue;
            }
            for (size_t q = 0; q < h->nbounds; q++)
                if (h->issue[q] == i) pl_i_yerr(L, key, "%s: issue bounded twice", bw);
            h->issue[h->nbounds] = i;
            h->min[h->nbounds] = lo;
            h->max[h->nbounds] = hi;
            h->nbounds++;
        }
    }
    (void)sc;
}
