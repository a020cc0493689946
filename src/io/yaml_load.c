/*
 * yaml_load.c: the scenario language loader (docs/scenario-format.md). Parses the file into a
 * node tree (yaml_tree.c), applies the selected variant as a deep-merge overlay, collects every
 * `source` note, then builds and validates a pl_scenario_t, reporting every problem it finds
 * as "FILE:LINE:COL: message" before failing with PL_EPARSE.
 */
#include "yaml_load_internal.h"

#include <parley/pl_io.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- notes: every `source` key anywhere, with its dotted path ---- */

static bool add_note(ld *L, const char *path, const char *text)
{
    pl_scenario_t *sc = L->sc;
    pl_note_t *nn = pl_realloc(sc->notes, (sc->nnotes + 1) * sizeof *nn);
    if (!nn) return !(L->oom = true);
    sc->notes = nn;
    nn[sc->nnotes].path = pl_i_ystrdup(L, path);
    nn[sc->nnotes].source = pl_i_ystrdup(L, text);
    sc->nnotes++;
    return !L->oom;
}

static void collect_notes(ld *L, const pl_i_ynode *n, char *path, size_t plen, size_t cap)
{
    if (!n || L->oom) return;
    if (n->kind == PL_I_YSCALAR) return;
    for (size_t i = 0; i < n->n; i++) {
        char seg[32];
        const char *k;
        if (n->kind == PL_I_YMAP) {
            k = n->keys[i]->text;
            if (strcmp(k, "source") == 0) {
                const pl_i_ynode *v = n->items[i];
                if (v->kind != PL_I_YSCALAR)
                    pl_i_yerr(L, v, "'source' must be text, not %s", pl_i_ykind_name(v));
                else if (!pl_i_ynode_is_null(v))
                    add_note(L, path, v->text);
                continue;
            }
        } else {
            snprintf(seg, sizeof seg, "%zu", i);
            k = seg;
        }
        size_t kl = strlen(k), np = plen + (plen ? 1 : 0) + kl;
        if (np + 1 > cap) continue; /* absurdly long path: notes below it are dropped */
        if (plen) path[plen] = '.';
        memcpy(path + plen + (plen ? 1 : 0), k, kl + 1);
        collect_notes(L, n->items[i], path, np, cap);
        path[plen] = '\0';
    }
}

/* ---- allowed-value sets (mandates, requirements) ---- */

/* `[values]` or `{min: X, max: Y}` (numeric or ordered issues) -> allowed[] of issue i. */
static bool *value_set(ld *L, size_t i, const pl_i_ynode *spec, const pl_i_ynode *lst,
                       const pl_i_ynode *mn, const pl_i_ynode *mx, const char *what, char *text,
                       size_t tsize)
{
    const pl_issue_t *is = &L->sc->issues[i];
    L->cells += (double)is->nvalues;
    if (L->cells > MAX_CELLS) {
        pl_i_yerr(L, spec, "the scenario is too large (more than %.0f per-value entries)", MAX_CELLS);
        return NULL;
    }
    bool *allowed = pl_i_ycalloc(L, is->nvalues, sizeof *allowed);
    if (!allowed) return NULL;
    size_t len = strlen(text);
    bool ok = true;
    if (lst) {
        if (lst->kind != PL_I_YSEQ) {
            pl_i_yerr(L, lst, "%s must be a list of values, not %s", what, pl_i_ykind_name(lst));
            pl_free(allowed);
            return NULL;
        }
        len += (size_t)snprintf(text + len, len < tsize ? tsize - len : 0, " in [");
        for (size_t k = 0; k < lst->n; k++) {
            size_t v = pl_i_yfind_value(L, i, lst->items[k], what);
            if (v == PL_UNSET) {
                ok = false;
                continue;
            }
            allowed[v] = true;
            if (len < tsize)
                len += (size_t)snprintf(text + len, tsize - len, "%s%s", k ? ", " : "",
                                        is->values[v]);
        }
        if (len < tsize) snprintf(text + len, tsize - len, "]");
    } else {
        if (is->kind == PL_ISSUE_CATEGORICAL && !is->ordered) {
            pl_i_yerr(L, mn ? mn : mx, "%s: 'min'/'max' need an ordered or numeric issue; "
                 "'%.*s' is categorical (use 'in')", what, NM(is->name));
            pl_free(allowed);
            return NULL;
        }
        double lo = -INFINITY, hi = INFINITY;
        if (is->kind == PL_ISSUE_CATEGORICAL) {
            if (mn) {
                size_t v = pl_i_yfind_value(L, i, mn, what);
                if (v == PL_UNSET) ok = false; else lo = (double)v;
            }
            if (mx) {
                size_t v = pl_i_yfind_value(L, i, mx, what);
                if (v == PL_UNSET) ok = false; else hi = (double)v;
            }
        } else {
            if (mn && !pl_i_yget_num(L, mn, what, &lo)) ok = false;
            if (mx && !pl_i_yget_num(L, mx, what, &hi)) ok = false;
        }
        if (ok) {
            for (size_t v = 0; v < is->nvalues; v++) {
                double x = is->kind == PL_ISSUE_CATEGORICAL ? (double)v : is->numeric[v];
                allowed[v] = x >= lo - 1e-9 && x <= hi + 1e-9;
            }
            char a[64] = "", b[64] = "";
            if (mn) {
                if (is->kind == PL_ISSUE_CATEGORICAL) snprintf(a, sizeof a, "%.60s", is->values[(size_t)lo]);
                else pl_i_yformat_num(lo, a, sizeof a);
            }
            if (mx) {
                if (is->kind == PL_ISSUE_CATEGORICAL) snprintf(b, sizeof b, "%.60s", is->values[(size_t)hi]);
                else pl_i_yformat_num(hi, b, sizeof b);
            }
            if (len < tsize) {
                if (mn && mx) snprintf(text + len, tsize - len, " from %s to %s", a, b);
                else if (mn) snprintf(text + len, tsize - len, " >= %s", a);
                else snprintf(text + len, tsize - len, " <= %s", b);
            }
        }
    }
    if (!ok) {
        pl_free(allowed);
        return NULL;
    }
    bool any = false;
    for (size_t v = 0; v < is->nvalues && !any; v++) any = allowed[v];
    if (!any) {
        pl_i_yerr(L, spec, "%s allows no value of issue '%.*s'", what, NM(is->name));
        pl_free(allowed);
        return NULL;
    }
    return allowed;
}

/* ---- actors ---- */

static const char *const actor_keys[] = {
    "role", "description", "clout", "reservation", "stance", "utility", "rectangles",
    "at_table", "via", "participation", "requires", "deadline", "discount", "strategy",
    "seats", "party", "mandate", "defection_cost", "host", "instruments"};
static const char *const role_names[] = {"party", "mediator", "delegation", "faction",
                                         "external"};

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

static void load_stance(ld *L, pl_actor_t *a, const pl_i_ynode *stance, const char *actx)
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
}

static void load_utility(ld *L, pl_actor_t *a, const pl_i_ynode *util, const char *actx)
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
}

static void load_rectangles(ld *L, pl_actor_t *a, const pl_i_ynode *rn, const char *actx)
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

/* The key node of `key` in mapping map (NULL when absent). */
static const pl_i_ynode *key_node(const pl_i_ynode *map, const char *key)
{
    for (size_t i = 0; map && map->kind == PL_I_YMAP && i < map->n; i++)
        if (strcmp(map->keys[i]->text, key) == 0) return map->keys[i];
    return NULL;
}

/* instruments (mediators): a list of {kind: penalty, on: ACTOR, max: X} or
 * {kind: side_payment, to: ACTOR, max: X}; the target must be a party or a faction */
static void load_instruments(ld *L, pl_actor_t *a, const pl_i_ynode *body, const char *ctx)
{
    pl_scenario_t *sc = L->sc;
    char what[400];
    snprintf(what, sizeof what, "'instruments' of %s", ctx);
    const pl_i_ynode *in = pl_i_yunwrap(L, pl_i_ymap_get(body, "instruments"), what);
    if (pl_i_yabsent(in)) return;
    if (a->role != PL_ROLE_MEDIATOR) {
        pl_i_yerr(L, key_node(body, "instruments"), "'instruments' apply only to mediators, and %s is %s", ctx, pl_i_ya_role(a->role));
        return;
    }
    if (in->kind != PL_I_YSEQ) {
        pl_i_yerr(L, in, "%s must be a list of {kind: penalty, on: ...} or {kind: side_payment, to: ...}, "
             "not %s", what, pl_i_ykind_name(in));
        return;
    }
    if (!(a->instruments = pl_i_ycalloc(L, in->n, sizeof *a->instruments))) return;
    static const char *const kinds[] = {"side_payment", "penalty"};
    static const char *const target_key[] = {"to", "on"};
    for (size_t k = 0; k < in->n && !L->oom; k++) {
        char ictx[500], iw[600];
        snprintf(ictx, sizeof ictx, "instrument %zu of %s", k + 1, ctx);
        const pl_i_ynode *ib = pl_i_ywant_map(L, in->items[k], ictx);
        if (!ib) {
            if (pl_i_yabsent(in->items[k])) pl_i_yerr(L, in->items[k], "%s is empty", ictx);
            continue;
        }
        static const char *const ikeys[] = {"kind", "on", "to", "max"};
        pl_i_ycheck_keys(L, ib, ikeys, 4, ictx);
        bool ok = true;
        /* kind */
        const char *kn;
        int kind = -1;
        snprintf(iw, sizeof iw, "'kind' of %s", ictx);
        const pl_i_ynode *kn_node = pl_i_ymap_get(ib, "kind");
        if (pl_i_yget_text(L, kn_node, iw, &kn)) {
            for (int j = 0; j < 2; j++)
                if (strcmp(kn, kinds[j]) == 0) kind = j;
            if (kind < 0) {
                const char *sg = pl_i_suggest(kn, kinds, 2);
                if (sg)
                    pl_i_yerr(L, pl_i_yunwrap(L, kn_node, iw), "unknown kind '%.*s' of %s (did you mean '%s'?)",
                         NM(kn), ictx, sg);
                else
                    pl_i_yerr(L, pl_i_yunwrap(L, kn_node, iw), "unknown kind '%.*s' of %s (side_payment or penalty)",
                         NM(kn), ictx);
                ok = false;
            }
        } else {
            if (pl_i_yabsent(pl_i_yunwrap(L, kn_node, iw)))
                pl_i_yerr(L, ib, "%s has no 'kind' (side_payment or penalty)", ictx);
            ok = false;
        }
        /* target: `on` for a penalty, `to` for a side payment */
        size_t target = PL_UNSET;
        const pl_i_ynode *on = pl_i_ymap_get(ib, "on"), *to = pl_i_ymap_get(ib, "to");
        if (kind >= 0) {
            const pl_i_ynode *wrong = kind == 0 ? on : to, *tn = kind == 0 ? to : on;
            if (wrong) {
                pl_i_yerr(L, key_node(ib, target_key[1 - kind]), "%s is a %s: name its target with '%s', not '%s'", ictx,
                     kind == 0 ? "side payment" : "penalty", target_key[kind],
                     target_key[1 - kind]);
                ok = false;
            } else {
                const char *tname;
                snprintf(iw, sizeof iw, "'%s' of %s", target_key[kind], ictx);
                if (pl_i_yget_text(L, tn, iw, &tname)) {
                    const pl_i_ynode *at = pl_i_yunwrap(L, tn, iw);
                    target = pl_i_yfind_actor(L, at, tname, ictx);
                    if (target != PL_UNSET && sc->actors[target].role != PL_ROLE_PARTY &&
                        sc->actors[target].role != PL_ROLE_FACTION) {
                        pl_i_yerr(L, at, "%s names '%.*s', which is %s: an instrument moves a party "
                             "or a faction", ictx, NM(tname), pl_i_ya_role(sc->actors[target].role));
                        target = PL_UNSET;
                    }
                } else if (pl_i_yabsent(pl_i_yunwrap(L, tn, iw))) {
                    pl_i_yerr(L, ib, "%s has no '%s' (the actor it %s)", ictx, target_key[kind],
                         kind == 0 ? "pays" : "presses");
                }
                if (target == PL_UNSET) ok = false;
            }
        }
        /* max (absent: unbounded) */
        double mx = INFINITY;
        snprintf(iw, sizeof iw, "'max' of %s", ictx);
        const pl_i_ynode *mn = pl_i_ymap_get(ib, "max");
        if (pl_i_yget_num(L, mn, iw, &mx)) {
            if (mx < 0) {
                pl_i_yerr(L, pl_i_yunwrap(L, mn, iw), "%s must be >= 0 (got %g)", iw, mx);
                ok = false;
            }
        } else if (!pl_i_yabsent(pl_i_yunwrap(L, mn, iw))) {
            ok = false;
        }
        if (!ok) continue;
        pl_instrument_t *ins = &a->instruments[a->ninstruments++];
        ins->kind = kind == 0 ? PL_INSTRUMENT_SIDE_PAYMENT : PL_INSTRUMENT_PENALTY;
        ins->actor = target;
        ins->max = mx;
        ins->pos.line = ib->line;
        ins->pos.col = ib->col;
    }
}

/* `deadline: N` (rounds), `{value: N, source: ...}`, `{rounds: N}` or `{days: D}` (converted
 * with the scenario's round length). */
static void load_deadline(ld *L, pl_actor_t *a, const pl_i_ynode *n, const char *ctx)
{
    if (pl_i_yabsent(n)) return;
    char what[400];
    snprintf(what, sizeof what, "'deadline' of %s", ctx);
    double x;
    if (n->kind != PL_I_YMAP || pl_i_ymap_get(n, "value")) {
        const pl_i_ynode *v = pl_i_yunwrap(L, n, what);
        if (!pl_i_yget_num(L, v, what, &x)) return;
        if (!(x > 0)) pl_i_yerr(L, v, "%s must be > 0 (got %g)", what, x);
        else a->deadline = x;
        return;
    }
    static const char *const units[] = {"days", "rounds"};
    int u = pl_i_yload_units(L, n, units, 2, what,
                       "a deadline is a number of rounds, {rounds: N} or {days: N}", &x);
    if (u == 1) {
        a->deadline = x;
    } else if (u == 0) {
        double r = x / pl_scenario_round_days(L->sc);
        if (!isfinite(r) || r > 1e15)
            pl_i_yerr(L, n, "%s (%g days) is more rounds than parley counts at %g days a round", what,
                 x, pl_scenario_round_days(L->sc));
        else {
            a->deadline = r;
            a->deadline_days = x;
        }
    }
}

/* Top level `round: {days: D}` or `{hours: H}`: the calendar time one round stands for. */
static void load_round(ld *L)
{
    const pl_i_ynode *n = pl_i_ymap_get(L->root, "round");
    if (pl_i_yabsent(n)) return;
    static const char *const hint = "a round is {days: N} or {hours: N}";
    if (n->kind != PL_I_YMAP) {
        pl_i_yerr(L, n, "'round' must be a mapping (%s), not %s", hint, pl_i_ykind_name(n));
        return;
    }
    static const char *const units[] = {"days", "hours"};
    double x;
    int u = pl_i_yload_units(L, n, units, 2, "'round'", hint, &x);
    if (u < 0) return;
    double d = u == 0 ? x : x / 24;
    if (!(d > 0) || !isfinite(d))
        pl_i_yerr(L, n, "'round' of %g %s is too short", x, units[u]);
    else
        L->sc->round_days = d;
}

/* What an actor number must be (the message names the rule when it is broken). */
typedef enum num_rule {
    NUM_ANY = 0,  /* any number */
    NUM_NONNEG,   /* >= 0 */
    NUM_POSITIVE, /* > 0 */
    NUM_FRACTION, /* in (0, 1] */
} num_rule;

/* The plain numbers of an actor (clout, reservation, ...), each checked against its rule. */
static void load_actor_numbers(ld *L, pl_actor_t *a, const pl_i_ynode *body, const char *ctx)
{
    char what[400];
    struct { const char *key; double *dst; num_rule rule; } nums[] = {
        {"clout", &a->clout, NUM_NONNEG},
        {"reservation", &a->reservation, NUM_ANY},
        {"participation", &a->participation, NUM_ANY},
        {"discount", &a->discount, NUM_FRACTION},
        {"seats", &a->seats, NUM_NONNEG},
        {"defection_cost", &a->defection_cost, NUM_NONNEG},
    };
    for (size_t k = 0; k < sizeof nums / sizeof *nums; k++) {
        const pl_i_ynode *n = pl_i_ymap_get(body, nums[k].key);
        snprintf(what, sizeof what, "'%s' of %s", nums[k].key, ctx);
        double x;
        if (!pl_i_yget_num(L, n, what, &x)) continue;
        const pl_i_ynode *at = pl_i_yunwrap(L, n, what);
        if (nums[k].rule == NUM_NONNEG && x < 0)
            pl_i_yerr(L, at, "%s must be >= 0 (got %g)", what, x);
        else if (nums[k].rule == NUM_POSITIVE && !(x > 0))
            pl_i_yerr(L, at, "%s must be > 0 (got %g)", what, x);
        else if (nums[k].rule == NUM_FRACTION && !(x > 0 && x <= 1))
            pl_i_yerr(L, at, "%s must be in (0, 1] (got %g)", what, x);
        else
            *nums[k].dst = x;
    }
}

/* `party` (delegations, factions): the party they belong to; other roles have none. */
static void load_party(ld *L, pl_actor_t *a, const pl_i_ynode *key, const pl_i_ynode *body,
                       const char *ctx)
{
    pl_scenario_t *sc = L->sc;
    char what[400];
    const pl_i_ynode *pn = pl_i_ymap_get(body, "party");
    snprintf(what, sizeof what, "'party' of %s", ctx);
    const char *pname;
    if (a->role == PL_ROLE_DELEGATION || a->role == PL_ROLE_FACTION) {
        if (pl_i_yget_text(L, pn, what, &pname)) {
            size_t p = pl_i_yfind_actor(L, pl_i_yunwrap(L, pn, what), pname, what);
            if (p != PL_UNSET) {
                if (sc->actors[p].role != PL_ROLE_PARTY)
                    pl_i_yerr(L, pl_i_yunwrap(L, pn, what), "%s is '%.*s', which is %s, not a party", what,
                         NM(pname), pl_i_ya_role(sc->actors[p].role));
                else
                    a->party = p;
            }
        } else if (pl_i_yabsent(pl_i_yunwrap(L, pn, what))) {
            pl_i_yerr(L, key, "%s is %s and needs a 'party'", ctx, pl_i_ya_role(a->role));
        }
    } else if (pn) {
        pl_i_yerr(L, pn, "'party' applies only to delegations and factions, and %s is %s", ctx,
             pl_i_ya_role(a->role));
    }
}

/* `via`: the mediators an actor talks through (one name or a list). */
static void load_via(ld *L, pl_actor_t *a, const pl_i_ynode *body, const char *ctx)
{
    pl_scenario_t *sc = L->sc;
    char what[400];
    const pl_i_ynode *vn = pl_i_ymap_get(body, "via");
    snprintf(what, sizeof what, "'via' of %s", ctx);
    vn = pl_i_yunwrap(L, vn, what);
    if (!pl_i_yabsent(vn)) {
        size_t nv = vn->kind == PL_I_YSEQ ? vn->n : 1;
        if (vn->kind == PL_I_YMAP) {
            pl_i_yerr(L, vn, "%s must be a list of mediators, not a mapping", what);
        } else if ((a->via = pl_i_ycalloc(L, nv, sizeof *a->via))) {
            for (size_t k = 0; k < nv; k++) {
                const pl_i_ynode *it = vn->kind == PL_I_YSEQ ? vn->items[k] : vn;
                const char *m;
                if (!pl_i_yget_text(L, it, what, &m)) continue;
                size_t mi = pl_i_yfind_actor(L, pl_i_yunwrap(L, it, what), m, what);
                if (mi == PL_UNSET) continue;
                if (sc->actors[mi].role != PL_ROLE_MEDIATOR) {
                    pl_i_yerr(L, pl_i_yunwrap(L, it, what), "%s names '%.*s', which is %s, not a mediator",
                         what, NM(m), pl_i_ya_role(sc->actors[mi].role));
                    continue;
                }
                a->via[a->nvia++] = mi;
            }
        }
    }
}

/* One form of preferences: `stance`, `utility` or `rectangles`. False when out of memory. */
static bool load_preferences(ld *L, pl_actor_t *a, const pl_i_ynode *body, const char *ctx)
{
    pl_scenario_t *sc = L->sc;
    const pl_i_ynode *stn = pl_i_ymap_get(body, "stance");
    const pl_i_ynode *un = pl_i_ymap_get(body, "utility");
    const pl_i_ynode *rn = pl_i_ymap_get(body, "rectangles");
    int forms = !pl_i_yabsent(stn) + !pl_i_yabsent(un) + !pl_i_yabsent(rn);
    if (forms > 1) {
        const pl_i_ynode *second = !pl_i_yabsent(rn) ? rn : un;
        pl_i_yerr(L, second, "%s has both %s (use one form of preferences)", ctx,
             pl_i_yabsent(stn) ? "'utility' and 'rectangles'"
             : pl_i_yabsent(un) ? "'stance' and 'rectangles'" : "'stance' and 'utility'");
    } else if (!pl_i_yabsent(stn) || !pl_i_yabsent(un)) {
        a->stances = pl_i_ycalloc(L, sc->nissues, sizeof *a->stances);
        if (!a->stances) return false;
        if (!pl_i_yabsent(stn)) {
            a->utility = PL_UTILITY_POSITION;
            load_stance(L, a, stn, ctx);
        } else {
            a->utility = PL_UTILITY_TABLE;
            load_utility(L, a, un, ctx);
        }
    } else if (!pl_i_yabsent(rn)) {
        a->utility = PL_UTILITY_HYPER;
        load_rectangles(L, a, rn, ctx);
    }
    return true;
}

/* `requires`: conditions on single issues that any deal the actor accepts must meet. */
static void load_requires(ld *L, pl_actor_t *a, const pl_i_ynode *body, const char *ctx)
{
    pl_scenario_t *sc = L->sc;
    char what[400];
    const pl_i_ynode *rq = pl_i_ymap_get(body, "requires");
    snprintf(what, sizeof what, "'requires' of %s", ctx);
    rq = pl_i_yunwrap(L, rq, what);
    if (!pl_i_yabsent(rq)) {
        if (rq->kind != PL_I_YSEQ) {
            pl_i_yerr(L, rq, "%s must be a list of {issue: ..., in: [...]} or {issue: ..., min: ..., max: ...}, not %s",
                 what, pl_i_ykind_name(rq));
        } else if ((a->requires = pl_i_ycalloc(L, rq->n, sizeof *a->requires))) {
            for (size_t k = 0; k < rq->n && !L->oom; k++) {
                char rctx[500];
                snprintf(rctx, sizeof rctx, "requirement %zu of %s", k + 1, ctx);
                const pl_i_ynode *r = pl_i_ywant_map(L, rq->items[k], rctx);
                if (!r) continue;
                static const char *const qkeys[] = {"issue", "in", "min", "max"};
                pl_i_ycheck_keys(L, r, qkeys, 4, rctx);
                const char *iname;
                char iw[600];
                snprintf(iw, sizeof iw, "'issue' of %s", rctx);
                if (!pl_i_yget_text(L, pl_i_ymap_get(r, "issue"), iw, &iname)) {
                    if (pl_i_yabsent(pl_i_yunwrap(L, pl_i_ymap_get(r, "issue"), iw)))
                        pl_i_yerr(L, r, "%s has no 'issue'", rctx);
                    continue;
                }
                size_t i = pl_i_yfind_issue(L, pl_i_yunwrap(L, pl_i_ymap_get(r, "issue"), iw), iname, rctx);
                if (i == PL_UNSET || !L->issue_ok[i]) continue;
                const pl_i_ynode *in = pl_i_yunwrap(L, pl_i_ymap_get(r, "in"), rctx);
                const pl_i_ynode *mn = pl_i_yunwrap(L, pl_i_ymap_get(r, "min"), rctx);
                const pl_i_ynode *mx = pl_i_yunwrap(L, pl_i_ymap_get(r, "max"), rctx);
                if (pl_i_yabsent(in)) in = NULL;
                if (pl_i_yabsent(mn)) mn = NULL;
                if (pl_i_yabsent(mx)) mx = NULL;
                if (in && (mn || mx)) {
                    pl_i_yerr(L, mn ? mn : mx, "%s has both 'in' and 'min'/'max' (use one)", rctx);
                    continue;
                }
                if (!in && !mn && !mx) {
                    pl_i_yerr(L, r, "%s needs 'in' or 'min'/'max'", rctx);
                    continue;
                }
                char text[512];
                snprintf(text, sizeof text, "%.200s", sc->issues[i].name);
                bool *allowed = value_set(L, i, r, in, mn, mx, rctx, text, sizeof text);
                if (!allowed) continue;
                pl_requirement_t *q = &a->requires[a->nrequires++];
                q->issue = i;
                q->allowed = allowed;
                q->text = pl_i_ystrdup(L, text);
                q->source = pl_i_ystrdup(L, pl_i_ysource_of(L, r));
                q->pos.line = r->line;
                q->pos.col = r->col;
            }
        }
    }
}

/* `mandate` (delegations): the values each issue may take in a deal the delegation signs.
 * False when out of memory. */
static bool load_mandate(ld *L, pl_actor_t *a, const pl_i_ynode *body, const char *ctx)
{
    pl_scenario_t *sc = L->sc;
    char what[400];
    const pl_i_ynode *md = pl_i_ymap_get(body, "mandate");
    snprintf(what, sizeof what, "'mandate' of %s", ctx);
    if (!pl_i_yabsent(md) && a->role != PL_ROLE_DELEGATION) {
        pl_i_yerr(L, md, "'mandate' applies only to delegations, and %s is %s", ctx,
             pl_i_ya_role(a->role));
    } else if ((md = pl_i_ywant_map(L, md, what))) {
        a->mandate = pl_i_ycalloc(L, sc->nissues, sizeof *a->mandate);
        if (!a->mandate) return false;
        for (size_t k = 0; k < md->n && !L->oom; k++) {
            const pl_i_ynode *mk = md->keys[k];
            if (strcmp(mk->text, "source") == 0) continue;
            size_t i = pl_i_yfind_issue(L, mk, mk->text, what);
            if (i == PL_UNSET || !L->issue_ok[i]) continue;
            char mctx[600];
            snprintf(mctx, sizeof mctx, "the mandate of %s", ctx);
            const pl_i_ynode *spec = pl_i_yunwrap(L, md->items[k], mctx);
            const pl_i_ynode *lst = NULL, *mn = NULL, *mx = NULL;
            if (pl_i_yabsent(spec)) {
                pl_i_yerr(L, mk, "%s is empty", mctx);
                continue;
            }
            if (spec->kind == PL_I_YMAP) {
                static const char *const mkeys[] = {"in", "min", "max"};
                pl_i_ycheck_keys(L, spec, mkeys, 3, mctx);
                lst = pl_i_ymap_get(spec, "in");
                mn = pl_i_ymap_get(spec, "min");
                mx = pl_i_ymap_get(spec, "max");
                if (pl_i_yabsent(lst)) lst = NULL;
                if (pl_i_yabsent(mn)) mn = NULL;
                if (pl_i_yabsent(mx)) mx = NULL;
                if (!lst && !mn && !mx) {
                    pl_i_yerr(L, spec, "%s needs a list of values or 'min'/'max'", mctx);
                    continue;
                }
            } else if (spec->kind == PL_I_YSEQ) {
                lst = spec;
            } else {
                pl_i_yerr(L, spec, "%s must be a list of values or {min: ..., max: ...}, not text", mctx);
                continue;
            }
            char text[512] = "";
            a->mandate[i] = value_set(L, i, spec, lst, mn, mx, mctx, text, sizeof text);
        }
    }
    return true;
}

static void load_actor_body(ld *L, size_t idx, const pl_i_ynode *key, const pl_i_ynode *body)
{
    pl_scenario_t *sc = L->sc;
    pl_actor_t *a = &sc->actors[idx];
    char ctx[200], what[400];
    snprintf(ctx, sizeof ctx, "actor '%.*s'", NM(key->text));
    body = pl_i_ywant_map(L, body, ctx);
    if (!body) return;
    pl_i_ycheck_keys(L, body, actor_keys, sizeof actor_keys / sizeof *actor_keys, ctx);
    a->source = pl_i_ystrdup(L, pl_i_ysource_of(L, body));
    snprintf(what, sizeof what, "'description' of %s", ctx);
    pl_i_yset_text(L, &a->description, pl_i_ymap_get(body, "description"), what);
    snprintf(what, sizeof what, "'strategy' of %s", ctx);
    pl_i_yset_text(L, &a->strategy, pl_i_ymap_get(body, "strategy"), what);

    load_actor_numbers(L, a, body, ctx);
    load_deadline(L, a, pl_i_ymap_get(body, "deadline"), ctx);
    if (pl_i_ymap_get(body, "defection_cost") && a->role != PL_ROLE_FACTION)
        pl_i_yerr(L, pl_i_ymap_get(body, "defection_cost"),
             "'defection_cost' applies only to factions, and %s is %s", ctx, pl_i_ya_role(a->role));
    snprintf(what, sizeof what, "'at_table' of %s", ctx);
    pl_i_yget_bool(L, pl_i_ymap_get(body, "at_table"), what, &a->at_table);
    snprintf(what, sizeof what, "'host' of %s", ctx);
    const pl_i_ynode *hn = pl_i_ymap_get(body, "host");
    if (pl_i_yget_bool(L, hn, what, &a->host) && a->host && a->role != PL_ROLE_MEDIATOR) {
        pl_i_yerr(L, pl_i_yunwrap(L, hn, what), "%s is %s: only a mediator can host", ctx, pl_i_ya_role(a->role));
        a->host = false;
    }

    load_party(L, a, key, body, ctx);
    load_via(L, a, body, ctx);
    if (!load_preferences(L, a, body, ctx)) return;
    load_requires(L, a, body, ctx);
    if (!load_mandate(L, a, body, ctx)) return;
    load_instruments(L, a, body, ctx);
}

static void load_actors(ld *L)
{
    pl_scenario_t *sc = L->sc;
    const pl_i_ynode *actors = pl_i_ymap_get(L->root, "actors");
    if (pl_i_yabsent(actors)) {
        pl_i_yerr(L, L->root, "the scenario has no 'actors'");
        return;
    }
    actors = pl_i_ywant_map(L, actors, "'actors'");
    if (!actors) return;
    size_t n = pl_i_ycount_named(actors);
    if (n == 0) {
        pl_i_yerr(L, actors, "'actors' is empty");
        return;
    }
    sc->actors = pl_i_ycalloc(L, n, sizeof *sc->actors);
    if (!sc->actors) return;
    sc->nactors = n;
    /* pass 1: names and roles (parties and mediators can be named before they are defined) */
    size_t k = 0;
    for (size_t i = 0; i < actors->n && !L->oom; i++) {
        const pl_i_ynode *key = actors->keys[i], *body = actors->items[i];
        if (strcmp(key->text, "source") == 0) continue;
        pl_actor_t *a = &sc->actors[k++];
        a->name = pl_i_ystrdup(L, key->text);
        a->pos.line = key->line;
        a->pos.col = key->col;
        a->role = PL_ROLE_PARTY;
        a->clout = 1;
        a->reservation = 0;
        a->party = PL_UNSET;
        a->at_table = true;
        a->participation = NAN;
        a->deadline = NAN;
        a->deadline_days = NAN;
        a->discount = 1;
        a->seats = NAN;
        a->defection_cost = 0;
        if (body && body->kind == PL_I_YMAP) {
            char what[300];
            snprintf(what, sizeof what, "'role' of actor '%.*s'", NM(key->text));
            const pl_i_ynode *rn = pl_i_ymap_get(body, "role");
            const char *role;
            if (pl_i_yget_text(L, rn, what, &role)) {
                int r = -1;
                for (int j = 0; j < 5; j++)
                    if (strcmp(role, role_names[j]) == 0) r = j;
                if (r < 0) {
                    const char *s = pl_i_suggest(role, role_names, 5);
                    if (s)
                        pl_i_yerr(L, pl_i_yunwrap(L, rn, what), "unknown role '%.*s' of actor '%.*s' (did you mean '%s'?)",
                             NM(role), NM(key->text), s);
                    else
                        pl_i_yerr(L, pl_i_yunwrap(L, rn, what), "unknown role '%.*s' of actor '%.*s' "
                             "(party, mediator, delegation, faction or external)", NM(role), NM(key->text));
                } else {
                    a->role = (pl_role)r;
                }
            }
        }
    }
    k = 0;
    for (size_t i = 0; i < actors->n && !L->oom; i++) {
        if (strcmp(actors->keys[i]->text, "source") == 0) continue;
        load_actor_body(L, k++, actors->keys[i], actors->items[i]);
    }
    if (L->oom) return;
    /* at most one host */
    size_t host = PL_UNSET;
    for (size_t a = 0; a < sc->nactors; a++) {
        if (!sc->actors[a].host) continue;
        if (host == PL_UNSET) {
            host = a;
            continue;
        }
        const pl_i_ynode *body = pl_i_ymap_get(actors, sc->actors[a].name);
        const pl_i_ynode *hn = body ? pl_i_ymap_get(body, "host") : NULL;
        pl_i_ynode fake = {.line = sc->actors[a].pos.line, .col = sc->actors[a].pos.col};
        pl_i_yerr(L, hn ? pl_i_yunwrap(L, hn, "'host'") : &fake, "two hosts: '%.*s' and '%.*s' (at most one mediator hosts)",
             NM(sc->actors[host].name), NM(sc->actors[a].name));
    }
}

/* ---- ratification ---- */

static void load_ratification(ld *L)
{
    pl_scenario_t *sc = L->sc;
    const pl_i_ynode *rt = pl_i_ywant_map(L, pl_i_ymap_get(L->root, "ratification"), "'ratification'");
    if (!rt) return;
    size_t n = pl_i_ycount_named(rt);
    if (!n) return;
    sc->ratifications = pl_i_ycalloc(L, n, sizeof *sc->ratifications);
    if (!sc->ratifications) return;
    for (size_t i = 0; i < rt->n && !L->oom; i++) {
        const pl_i_ynode *key = rt->keys[i];
        if (strcmp(key->text, "source") == 0) continue;
        char ctx[200], what[300];
        snprintf(ctx, sizeof ctx, "the ratification of '%.*s'", NM(key->text));
        size_t p = pl_i_yfind_actor(L, key, key->text, "'ratification'");
        if (p != PL_UNSET && sc->actors[p].role != PL_ROLE_PARTY) {
            pl_i_yerr(L, key, "ratification of '%.*s', which is %s, not a party", NM(key->text),
                 pl_i_ya_role(sc->actors[p].role));
            p = PL_UNSET;
        }
        const pl_i_ynode *body = pl_i_ywant_map(L, rt->items[i], ctx);
        if (!body) {
            if (pl_i_yabsent(rt->items[i])) pl_i_yerr(L, key, "%s has no 'rule' (veto or quota)", ctx);
            continue;
        }
        static const char *const rkeys[] = {"rule", "quota", "total"};
        pl_i_ycheck_keys(L, body, rkeys, 3, ctx);
        const char *rule;
        snprintf(what, sizeof what, "'rule' of %s", ctx);
        const pl_i_ynode *rn = pl_i_ymap_get(body, "rule");
        pl_ratify_rule r = PL_RATIFY_NONE;
        if (!pl_i_yget_text(L, rn, what, &rule)) {
            if (pl_i_yabsent(pl_i_yunwrap(L, rn, what))) pl_i_yerr(L, key, "%s has no 'rule' (veto or quota)", ctx);
            continue;
        }
        if (strcmp(rule, "veto") == 0) {
            r = PL_RATIFY_VETO;
        } else if (strcmp(rule, "quota") == 0) {
            r = PL_RATIFY_QUOTA;
        } else {
            static const char *const rules[] = {"veto", "quota"};
            const char *s = pl_i_suggest(rule, rules, 2);
            if (s) pl_i_yerr(L, pl_i_yunwrap(L, rn, what), "unknown rule '%.*s' in %s (did you mean '%s'?)", NM(rule), ctx, s);
            else pl_i_yerr(L, pl_i_yunwrap(L, rn, what), "unknown rule '%.*s' in %s (veto or quota)", NM(rule), ctx);
            continue;
        }
        double quota = NAN, total = NAN;
        const pl_i_ynode *qn = pl_i_ymap_get(body, "quota"), *tn = pl_i_ymap_get(body, "total");
        snprintf(what, sizeof what, "'quota' of %s", ctx);
        bool okq = pl_i_yget_num(L, qn, what, &quota);
        if (okq && quota < 0) {
            pl_i_yerr(L, pl_i_yunwrap(L, qn, what), "%s must be >= 0 (got %g)", what, quota);
            okq = false;
        }
        if (r == PL_RATIFY_QUOTA && !okq && pl_i_yabsent(pl_i_yunwrap(L, qn, what)))
            pl_i_yerr(L, key, "%s has rule quota but no 'quota'", ctx);
        if (r == PL_RATIFY_VETO && !pl_i_yabsent(qn))
            pl_i_yerr(L, qn, "%s has rule veto: 'quota' applies only to rule quota", ctx);
        snprintf(what, sizeof what, "'total' of %s", ctx);
        bool okt = pl_i_yget_num(L, tn, what, &total);
        if (okt && total < 0) {
            pl_i_yerr(L, pl_i_yunwrap(L, tn, what), "%s must be >= 0 (got %g)", what, total);
            okt = false;
        }
        if (okq && okt && quota > total)
            pl_i_yerr(L, pl_i_yunwrap(L, qn, what), "the quota %g of '%.*s' is above its total %g", quota,
                 NM(key->text), total);
        if (p == PL_UNSET) continue;
        for (size_t q = 0; q < sc->nratifications; q++)
            if (sc->ratifications[q].party == p)
                pl_i_yerr(L, key, "'%.*s' has two ratification rules", NM(key->text));
        pl_ratification_t *ra = &sc->ratifications[sc->nratifications++];
        ra->party = p;
        ra->rule = r;
        ra->quota = r == PL_RATIFY_QUOTA ? quota : NAN;
        ra->total = okt ? total : NAN;
        ra->source = pl_i_ystrdup(L, pl_i_ysource_of(L, body));
        ra->pos.line = key->line;
        ra->pos.col = key->col;
    }
}

/* ---- linkages ---- */

static void load_linkages(ld *L)
{
    pl_scenario_t *sc = L->sc;
    const pl_i_ynode *lk = pl_i_ywant_map(L, pl_i_ymap_get(L->root, "linkages"), "'linkages'");
    if (!lk) return;
    size_t n = pl_i_ycount_named(lk);
    if (!n) return;
    sc->linkages = pl_i_ycalloc(L, n, sizeof *sc->linkages);
    if (!sc->linkages) return;
    for (size_t i = 0; i < lk->n && !L->oom; i++) {
        const pl_i_ynode *key = lk->keys[i];
        if (strcmp(key->text, "source") == 0) continue;
        char ctx[200], what[300];
        snprintf(ctx, sizeof ctx, "linkage '%.*s'", NM(key->text));
        pl_linkage_t *l = &sc->linkages[sc->nlinkages++];
        l->name = pl_i_ystrdup(L, key->text);
        l->actor = PL_UNSET;
        l->pos.line = key->line;
        l->pos.col = key->col;
        l->effect = pl_i_ycalloc(L, sc->nactors, sizeof *l->effect);
        if (!l->effect) return;
        const pl_i_ynode *body = pl_i_ywant_map(L, lk->items[i], ctx);
        if (!body) {
            if (pl_i_yabsent(lk->items[i])) pl_i_yerr(L, key, "%s has no 'actor'", ctx);
            continue;
        }
        static const char *const lkeys[] = {"actor", "action", "p_deal", "p_no_deal", "within",
                                            "effects", "description"};
        pl_i_ycheck_keys(L, body, lkeys, sizeof lkeys / sizeof *lkeys, ctx);
        l->source = pl_i_ystrdup(L, pl_i_ysource_of(L, body));
        const char *an;
        snprintf(what, sizeof what, "'actor' of %s", ctx);
        const pl_i_ynode *anode = pl_i_ymap_get(body, "actor");
        if (pl_i_yget_text(L, anode, what, &an))
            l->actor = pl_i_yfind_actor(L, pl_i_yunwrap(L, anode, what), an, ctx);
        else if (pl_i_yabsent(pl_i_yunwrap(L, anode, what)))
            pl_i_yerr(L, key, "%s has no 'actor'", ctx);
        snprintf(what, sizeof what, "'action' of %s", ctx);
        pl_i_yset_text(L, &l->action, pl_i_ymap_get(body, "action"), what);
        snprintf(what, sizeof what, "'within' of %s", ctx);
        pl_i_yset_text(L, &l->within, pl_i_ymap_get(body, "within"), what);
        const char *pk[2] = {"p_deal", "p_no_deal"};
        double *pd[2] = {&l->p_deal, &l->p_no_deal};
        for (int j = 0; j < 2; j++) {
            const pl_i_ynode *pn = pl_i_ymap_get(body, pk[j]);
            snprintf(what, sizeof what, "'%s' of %s", pk[j], ctx);
            double x;
            if (!pl_i_yget_num(L, pn, what, &x)) {
                if (pl_i_yabsent(pl_i_yunwrap(L, pn, what))) pl_i_yerr(L, key, "%s has no '%s'", ctx, pk[j]);
                continue;
            }
            if (x < 0 || x > 1)
                pl_i_yerr(L, pl_i_yunwrap(L, pn, what), "%s is a probability and must be in [0, 1] (got %g)", what, x);
            else
                *pd[j] = x;
        }
        snprintf(what, sizeof what, "'effects' of %s", ctx);
        const pl_i_ynode *ef = pl_i_ywant_map(L, pl_i_ymap_get(body, "effects"), what);
        for (size_t k = 0; ef && k < ef->n; k++) {
            const pl_i_ynode *ek = ef->keys[k];
            if (strcmp(ek->text, "source") == 0) continue;
            size_t a = pl_i_yfind_actor(L, ek, ek->text, what);
            char ew[500];
            snprintf(ew, sizeof ew, "the effect on '%.*s' in %s", NM(ek->text), ctx);
            double x;
            if (!pl_i_yget_num(L, ef->items[k], ew, &x)) {
                if (pl_i_yabsent(pl_i_yunwrap(L, ef->items[k], ew))) pl_i_yerr(L, ek, "%s is missing", ew);
                continue;
            }
            if (a != PL_UNSET) l->effect[a] = x;
        }
    }
}

/* ---- proposals ---- */

static void load_proposals(ld *L)
{
    pl_scenario_t *sc = L->sc;
    const pl_i_ynode *pr = pl_i_ywant_map(L, pl_i_ymap_get(L->root, "proposals"), "'proposals'");
    if (!pr) return;
    size_t n = pl_i_ycount_named(pr);
    if (!n) return;
    sc->proposals = pl_i_ycalloc(L, n, sizeof *sc->proposals);
    const pl_i_ynode **amends_node = pl_i_ycalloc(L, n, sizeof *amends_node);
    if (!sc->proposals || !amends_node) {
        pl_free(amends_node);
        return;
    }
    sc->nproposals = n;
    size_t k = 0;
    for (size_t i = 0; i < pr->n; i++) {
        const pl_i_ynode *key = pr->keys[i];
        if (strcmp(key->text, "source") == 0) continue;
        pl_proposal_t *p = &sc->proposals[k++];
        p->name = pl_i_ystrdup(L, key->text);
        p->amends = PL_UNSET;
        p->pos.line = key->line;
        p->pos.col = key->col;
        p->value = pl_i_ycalloc(L, sc->nissues, sizeof *p->value);
        p->changed = pl_i_ycalloc(L, sc->nissues, sizeof *p->changed);
        if (L->oom) break;
        for (size_t j = 0; j < sc->nissues; j++) p->value[j] = PL_UNSET;
    }
    k = 0;
    bool ok = !L->oom;
    for (size_t i = 0; i < pr->n && !L->oom; i++) {
        const pl_i_ynode *key = pr->keys[i];
        if (strcmp(key->text, "source") == 0) continue;
        size_t pi = k++;
        pl_proposal_t *p = &sc->proposals[pi];
        char ctx[200], what[300];
        snprintf(ctx, sizeof ctx, "proposal '%.*s'", NM(key->text));
        const pl_i_ynode *body = pl_i_ywant_map(L, pr->items[i], ctx);
        if (!body) {
            if (pl_i_yabsent(pr->items[i])) pl_i_yerr(L, key, "%s has no 'outcome'", ctx);
            ok = false;
            continue;
        }
        static const char *const pkeys[] = {"outcome", "amends", "changes", "description"};
        pl_i_ycheck_keys(L, body, pkeys, 4, ctx);
        p->source = pl_i_ystrdup(L, pl_i_ysource_of(L, body));
        snprintf(what, sizeof what, "'description' of %s", ctx);
        pl_i_yset_text(L, &p->description, pl_i_ymap_get(body, "description"), what);
        const pl_i_ynode *out = pl_i_ymap_get(body, "outcome");
        const pl_i_ynode *am = pl_i_ymap_get(body, "amends");
        const pl_i_ynode *ch = pl_i_ymap_get(body, "changes");
        const pl_i_ynode *pkg = NULL;
        if (!pl_i_yabsent(am)) {
            const char *an;
            snprintf(what, sizeof what, "'amends' of %s", ctx);
            if (pl_i_yget_text(L, am, what, &an)) {
                size_t b = pl_scenario_find_proposal(sc, an);
                am = pl_i_yunwrap(L, am, what);
                if (b == PL_UNSET) {
                    const char **names = pl_calloc(n, sizeof *names);
                    for (size_t j = 0; names && j < n; j++) names[j] = sc->proposals[j].name;
                    const char *s = names ? pl_i_suggest(an, names, n) : NULL;
                    if (s)
                        pl_i_yerr(L, am, "%s amends '%.*s', which is not a proposal (did you mean '%s'?)",
                             ctx, NM(an), s);
                    else
                        pl_i_yerr(L, am, "%s amends '%.*s', which is not a proposal", ctx, NM(an));
                    pl_free(names);
                    ok = false;
                } else {
                    p->amends = b;
                    amends_node[pi] = am;
                }
            } else {
                ok = false;
            }
            if (!pl_i_yabsent(out))
                pl_i_yerr(L, out, "%s amends another: write its 'changes', not an 'outcome'", ctx);
            else if (pl_i_yabsent(ch))
                pl_i_yerr(L, key, "%s amends '%s' but has no 'changes'", ctx,
                     am && am->kind == PL_I_YSCALAR ? am->text : "?");
            pkg = ch;
            snprintf(what, sizeof what, "'changes' of %s", ctx);
        } else {
            if (!pl_i_yabsent(ch))
                pl_i_yerr(L, ch, "%s has 'changes' but does not amend a proposal (add 'amends' or write an 'outcome')", ctx);
            else if (pl_i_yabsent(out))
                pl_i_yerr(L, key, "%s has no 'outcome'", ctx);
            pkg = out;
            snprintf(what, sizeof what, "'outcome' of %s", ctx);
        }
        pkg = pl_i_ywant_map(L, pkg, what);
        for (size_t j = 0; pkg && j < pkg->n; j++) {
            const pl_i_ynode *ik = pkg->keys[j];
            if (strcmp(ik->text, "source") == 0) continue;
            size_t is = pl_i_yfind_issue(L, ik, ik->text, what);
            if (is == PL_UNSET || !L->issue_ok[is]) continue;
            size_t v = pl_i_yfind_value(L, is, pkg->items[j], what);
            if (v == PL_UNSET) continue;
            p->value[is] = v;
            p->changed[is] = true;
        }
    }
    /* cycles, then resolve amendments from the root of each chain */
    for (size_t p = 0; ok && p < n && !L->oom; p++) {
        size_t q = sc->proposals[p].amends, steps = 0, minp = p;
        while (q != PL_UNSET && q != p && steps <= n) {
            if (q < minp) minp = q;
            q = sc->proposals[q].amends;
            steps++;
        }
        if (q != p) continue;
        if (minp != p) {
            ok = false;
            continue;
        }
        char chain[600];
        size_t len = (size_t)snprintf(chain, sizeof chain, "%.100s", sc->proposals[p].name);
        q = sc->proposals[p].amends;
        for (size_t s = 0; s <= steps && len < sizeof chain; s++) {
            len += (size_t)snprintf(chain + len, sizeof chain - len, " -> %.100s",
                                    sc->proposals[q].name);
            q = sc->proposals[q].amends;
        }
        pl_i_yerr(L, amends_node[p], "amendments form a cycle: %s", chain);
        ok = false;
    }
    if (ok && !L->oom) {
        size_t *chain = pl_i_ycalloc(L, n, sizeof *chain);
        size_t *val = pl_i_ycalloc(L, sc->nissues, sizeof *val);
        for (size_t p = 0; chain && val && p < n; p++) {
            if (sc->proposals[p].amends == PL_UNSET) continue;
            size_t len = 0, q = p;
            while (q != PL_UNSET && len < n) {
                chain[len++] = q;
                q = sc->proposals[q].amends;
            }
            for (size_t i = 0; i < sc->nissues; i++) val[i] = PL_UNSET;
            while (len--) {
                const pl_proposal_t *c = &sc->proposals[chain[len]];
                for (size_t i = 0; i < sc->nissues; i++)
                    if (c->changed[i]) val[i] = c->value[i];
            }
            memcpy(sc->proposals[p].value, val, sc->nissues * sizeof *val);
        }
        pl_free(chain);
        pl_free(val);
    }
    pl_free(amends_node);
}

/* ---- variants ---- */

static const char *const overlay_sections[] = {"name", "issues", "actors", "ratification",
                                                "linkages", "proposals"};

/* Keep the overlay sections of a variant as text (so that writing the scenario keeps them). */
static void keep_overlay(ld *L, pl_variant_t *v, const pl_i_ynode *body)
{
    pl_i_ynode sect = {.kind = PL_I_YMAP};
    sect.keys = pl_i_ycalloc(L, body->n, sizeof *sect.keys);
    sect.items = pl_i_ycalloc(L, body->n, sizeof *sect.items);
    for (size_t k = 0; sect.keys && sect.items && k < body->n; k++)
        for (size_t j = 0; j < sizeof overlay_sections / sizeof *overlay_sections; j++)
            if (strcmp(body->keys[k]->text, overlay_sections[j]) == 0) {
                sect.keys[sect.n] = body->keys[k];
                sect.items[sect.n++] = body->items[k];
            }
    if (sect.n && !(v->overlay = pl_i_ynode_to_block_text(&sect))) L->oom = true;
    pl_free(sect.keys);
    pl_free(sect.items);
}

/* Record every variant and check its overlay's shape (sections, actor and issue names). */
static void load_variants(ld *L, const pl_i_ynode *base_actors, const pl_i_ynode *base_issues)
{
    pl_scenario_t *sc = L->sc;
    const pl_i_ynode *vs = pl_i_ywant_map(L, pl_i_ymap_get(L->root, "variants"), "'variants'");
    if (!vs) return;
    size_t n = pl_i_ycount_named(vs);
    if (!n) return;
    sc->variants = pl_i_ycalloc(L, n, sizeof *sc->variants);
    if (!sc->variants) return;
    for (size_t i = 0; i < vs->n && !L->oom; i++) {
        const pl_i_ynode *key = vs->keys[i];
        if (strcmp(key->text, "source") == 0) continue;
        pl_variant_t *v = &sc->variants[sc->nvariants++];
        v->name = pl_i_ystrdup(L, key->text);
        v->pos.line = key->line;
        v->pos.col = key->col;
        char ctx[200], what[300];
        snprintf(ctx, sizeof ctx, "variant '%.*s'", NM(key->text));
        const pl_i_ynode *body = pl_i_ywant_map(L, vs->items[i], ctx);
        if (!body) continue;
        v->source = pl_i_ystrdup(L, pl_i_ysource_of(L, body));
        snprintf(what, sizeof what, "'description' of %s", ctx);
        pl_i_yset_text(L, &v->description, pl_i_ymap_get(body, "description"), what);
        keep_overlay(L, v, body);
        for (size_t k = 0; k < body->n; k++) {
            const pl_i_ynode *sk = body->keys[k], *sv = body->items[k];
            const char *s = sk->text;
            if (strcmp(s, "description") == 0 || strcmp(s, "source") == 0) continue;
            bool known = false;
            for (size_t j = 0; j < sizeof overlay_sections / sizeof *overlay_sections; j++)
                known = known || strcmp(s, overlay_sections[j]) == 0;
            if (!known) {
                static const char *const all[] = {"description", "name", "issues", "actors",
                                                  "ratification", "linkages", "proposals"};
                const char *sg = pl_i_suggest(s, all, 7);
                if (sg) pl_i_yerr(L, sk, "unknown key '%.*s' in %s (did you mean '%s'?)", NM(s), ctx, sg);
                else pl_i_yerr(L, sk, "unknown key '%.*s' in %s (a variant overlays name, issues, actors, "
                          "ratification, linkages or proposals)", NM(s), ctx);
                continue;
            }
            bool is_actors = strcmp(s, "actors") == 0, is_issues = strcmp(s, "issues") == 0;
            if (!is_actors && !is_issues) continue;
            snprintf(what, sizeof what, "'%s' of %s", s, ctx);
            const pl_i_ynode *m = pl_i_ywant_map(L, sv, what);
            const pl_i_ynode *base = is_actors ? base_actors : base_issues;
            for (size_t j = 0; m && j < m->n; j++) {
                const char *nm = m->keys[j]->text;
                if (strcmp(nm, "source") == 0) continue;
                if (base && base->kind == PL_I_YMAP && pl_i_ymap_get(base, nm)) continue;
                const char **names = NULL;
                size_t nn = 0;
                if (base && base->kind == PL_I_YMAP && (names = pl_calloc(base->n + 1, sizeof *names)))
                    for (size_t q = 0; q < base->n; q++) names[nn++] = base->keys[q]->text;
                const char *sg = names ? pl_i_suggest(nm, names, nn) : NULL;
                if (sg)
                    pl_i_yerr(L, m->keys[j], "%s names unknown %s '%.*s' (did you mean '%s'?)", ctx,
                         is_actors ? "actor" : "issue", NM(nm), sg);
                else
                    pl_i_yerr(L, m->keys[j], "%s names unknown %s '%.*s'", ctx,
                         is_actors ? "actor" : "issue", NM(nm));
                pl_free(names);
            }
        }
    }
}

/* ---- the document ---- */

static const char *const top_keys[] = {"parley", "name", "description", "round", "issues",
                                       "actors", "ratification", "linkages", "proposals",
                                       "variants"};

static pl_status load_tree(ld *L, pl_i_ynode *root, pl_scenario_t **out)
{
    pl_scenario_t *sc = L->sc;
    pl_i_ynode fake = {.line = 1, .col = 1};
    if (!root || pl_i_ynode_is_null(root)) {
        pl_i_yerr(L, &fake, "the document is empty (a scenario starts with 'parley: 1')");
        return PL_EPARSE;
    }
    if (root->kind != PL_I_YMAP) {
        pl_i_yerr(L, root, "the document must be a mapping (parley, name, issues, actors, ...), not %s",
             pl_i_ykind_name(root));
        return PL_EPARSE;
    }
    /* variant: check names, apply the overlay */
    const pl_i_ynode *vs = pl_i_ymap_get(root, "variants");
    if (L->variant) {
        const pl_i_ynode *ov = vs && vs->kind == PL_I_YMAP ? pl_i_ymap_get(vs, L->variant) : NULL;
        if (!ov || strcmp(L->variant, "source") == 0) {
            char known[600] = "";
            size_t len = 0;
            for (size_t i = 0; vs && vs->kind == PL_I_YMAP && i < vs->n && len < sizeof known; i++) {
                if (strcmp(vs->keys[i]->text, "source") == 0) continue;
                len += (size_t)snprintf(known + len, sizeof known - len, "%s'%.80s'",
                                        len ? ", " : "", vs->keys[i]->text);
            }
            const char *v = L->variant;
            L->variant = NULL;
            if (len)
                pl_i_yerr(L, NULL, "unknown variant '%.*s' (known: %s)", NM(v), known);
            else
                pl_i_yerr(L, NULL, "unknown variant '%.*s' (the scenario defines no variants)", NM(v));
            L->err->code = PL_ENOTFOUND;
            return PL_ENOTFOUND;
        }
    }
    /* keep a copy of the base actors/issues mappings for the variant name checks */
    pl_i_ynode *base_actors = pl_i_ynode_copy(pl_i_ymap_get(root, "actors"));
    pl_i_ynode *base_issues = pl_i_ynode_copy(pl_i_ymap_get(root, "issues"));
    if ((pl_i_ymap_get(root, "actors") && !base_actors) ||
        (pl_i_ymap_get(root, "issues") && !base_issues)) {
        L->oom = true;
        goto done;
    }
    if (L->variant) {
        const pl_i_ynode *ov = pl_i_ymap_get(vs, L->variant);
        if (ov && ov->kind == PL_I_YMAP) {
            for (size_t i = 0; i < ov->n; i++) {
                const char *s = ov->keys[i]->text;
                bool known = false;
                for (size_t j = 0; j < sizeof overlay_sections / sizeof *overlay_sections; j++)
                    known = known || strcmp(s, overlay_sections[j]) == 0;
                if (!known) continue;
                size_t j;
                for (j = 0; j < root->n; j++)
                    if (strcmp(root->keys[j]->text, s) == 0) break;
                if (j < root->n) {
                    if (!pl_i_ynode_merge(&root->items[j], ov->items[i])) {
                        L->oom = true;
                        goto done;
                    }
                } else {
                    pl_i_ynode *kc = pl_i_ynode_copy(ov->keys[i]);
                    pl_i_ynode *vc = pl_i_ynode_copy(ov->items[i]);
                    pl_i_ynode **ni = kc && vc ? pl_realloc(root->items, (root->n + 1) * sizeof *ni) : NULL;
                    if (ni) root->items = ni;
                    pl_i_ynode **nk = ni ? pl_realloc(root->keys, (root->n + 1) * sizeof *nk) : NULL;
                    if (!nk) {
                        pl_i_ynode_free(kc);
                        pl_i_ynode_free(vc);
                        L->oom = true;
                        goto done;
                    }
                    root->keys = nk;
                    root->items[root->n] = vc;
                    root->keys[root->n] = kc;
                    root->n++;
                    root->cap = root->n;
                }
            }
        }
        if (!(sc->variant = pl_i_ystrdup(L, L->variant))) goto done;
    }
    L->root = root;
    pl_i_ycheck_keys(L, root, top_keys, sizeof top_keys / sizeof *top_keys, "the scenario");
    /* version */
    const pl_i_ynode *vn = pl_i_yunwrap(L, pl_i_ymap_get(root, "parley"), "'parley'");
    if (pl_i_yabsent(vn)) {
        pl_i_yerr(L, root, "the scenario has no 'parley' version key (write 'parley: 1' first)");
    } else if (vn->kind != PL_I_YSCALAR || strcmp(vn->text, "1") != 0) {
        pl_i_yerr(L, vn, "unknown format version 'parley: %.*s' (this version of parley reads 1)",
             NM(vn->kind == PL_I_YSCALAR ? vn->text : pl_i_ykind_name(vn)));
    }
    pl_i_yset_text(L, &sc->name, pl_i_ymap_get(root, "name"), "'name'");
    pl_i_yset_text(L, &sc->description, pl_i_ymap_get(root, "description"), "'description'");
    sc->source = pl_i_ystrdup(L, pl_i_ysource_of(L, root));
    {
        char path[2048] = "";
        collect_notes(L, root, path, 0, sizeof path);
    }
    if (!L->oom) pl_i_yload_issues(L);
    /* safety net: an issue that failed must have said why */
    for (size_t i = 0; !L->oom && L->ndiags == 0 && i < sc->nissues; i++)
        if (sc->issues[i].nvalues == 0 || !L->issue_ok[i]) {
            pl_i_ynode at = {.line = sc->issues[i].pos.line, .col = sc->issues[i].pos.col};
            pl_i_yerr(L, &at, "issue '%.*s' has no values", NM(sc->issues[i].name ? sc->issues[i].name : "?"));
        }
    load_round(L); /* before the actors: deadlines in days need the round length */
    if (!L->oom) load_actors(L);
    if (!L->oom) load_ratification(L);
    if (!L->oom) load_linkages(L);
    if (!L->oom) load_proposals(L);
    if (!L->oom) load_variants(L, base_actors, base_issues);
done:
    pl_i_ynode_free(base_actors);
    pl_i_ynode_free(base_issues);
    if (L->oom) return pl_error_set(L->err, PL_ENOMEM, "out of memory");
    if (L->ndiags) return PL_EPARSE;
    *out = sc;
    return PL_OK;
}

/* Report in file order: stable insertion sort of the diagnostics added by this load. */
static void sort_diags(pl_error_t *err, size_t from)
{
    for (size_t i = from + 1; i < err->ndiags; i++) {
        pl_diag_t d = err->diags[i];
        size_t j = i;
        while (j > from && (err->diags[j - 1].line > d.line ||
                            (err->diags[j - 1].line == d.line && err->diags[j - 1].col > d.col))) {
            err->diags[j] = err->diags[j - 1];
            j--;
        }
        err->diags[j] = d;
    }
    if (from == 0 && err->ndiags > 0) pl_error_format(err, 0, err->message, sizeof err->message);
}

static pl_status load_text(const char *text, size_t len, const char *name, const char *variant,
                           bool set_file, pl_scenario_t **out, pl_error_t *err)
{
    pl_error_t local;
    pl_error_init(&local);
    if (!err) err = &local;
    *out = NULL;
    ld L;
    memset(&L, 0, sizeof L);
    L.file = name ? name : "<string>";
    L.variant = variant;
    L.err = err;
    pl_i_ynode *root = NULL;
    size_t before = err->ndiags;
    pl_status s = pl_i_yaml_parse(text, len, L.file, &root, err);
    bool parse_failed = s == PL_EPARSE && root;
    if (parse_failed) {
        /* duplicate keys or aliases: go on and report the other problems too */
        L.ndiags = err->ndiags - before;
        s = PL_OK;
    }
    if (s == PL_OK) {
        L.sc = pl_scenario_alloc();
        if (!L.sc) {
            s = pl_error_set(err, PL_ENOMEM, "out of memory");
        } else {
            if (set_file && !(L.sc->file = pl_strdup(name))) L.oom = true;
            s = L.oom ? pl_error_set(err, PL_ENOMEM, "out of memory") : load_tree(&L, root, out);
            if (s == PL_OK && parse_failed) {
                *out = NULL;
                s = PL_EPARSE;
            }
            if (s != PL_OK) pl_scenario_free(L.sc);
        }
    } else if (s == PL_EPARSE && err->ndiags == before) {
        s = pl_error_at(err, PL_EPARSE, L.file, 0, 0, "malformed YAML");
    }
    sort_diags(err, before);
    pl_free(L.issue_ok);
    pl_i_ynode_free(root);
    if (s != PL_OK && err->code == PL_OK) err->code = s;
    pl_error_destroy(&local);
    return s;
}

pl_status pl_scenario_load_yaml_string(const char *text, size_t len, const char *name,
                                       const char *variant, pl_scenario_t **out, pl_error_t *err)
{
    if (!out) return pl_error_set(err, PL_EINVAL, "no output scenario given");
    *out = NULL;
    if (!text && len) return pl_error_set(err, PL_EINVAL, "no text given");
    return load_text(text ? text : "", len, name, variant, false, out, err);
}

pl_status pl_scenario_load_yaml(const char *path, const char *variant, pl_scenario_t **out,
                                pl_error_t *err)
{
    if (!out) return pl_error_set(err, PL_EINVAL, "no output scenario given");
    *out = NULL;
    if (!path) return pl_error_set(err, PL_EINVAL, "no file name given");
    FILE *f = fopen(path, "rb");
    if (!f) return pl_error_at(err, PL_EIO, NULL, 0, 0, "cannot open %s: %s", path, strerror(errno));
    size_t cap = 1 << 16, len = 0;
    char *buf = pl_malloc(cap);
    if (!buf) {
        fclose(f);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (;;) {
        if (len == cap) {
            if (cap > ((size_t)1 << 30)) {
                pl_free(buf);
                fclose(f);
                return pl_error_at(err, PL_EIO, NULL, 0, 0, "cannot read %s: larger than 1 GiB", path);
            }
            char *nb = pl_realloc(buf, cap * 2);
            if (!nb) {
                pl_free(buf);
                fclose(f);
                return pl_error_set(err, PL_ENOMEM, "out of memory");
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) break;
    }
    int rerr = ferror(f);
    int saved = errno;
    fclose(f);
    if (rerr) {
        pl_free(buf);
        return pl_error_at(err, PL_EIO, NULL, 0, 0, "cannot read %s: %s", path, strerror(saved));
    }
    pl_status s = load_text(buf, len, path, variant, true, out, err);
    pl_free(buf);
    return s;
}
