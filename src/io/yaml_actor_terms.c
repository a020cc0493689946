/*
 * yaml_actor_terms.c: the terms an actor brings to the table: 'requires' (conditions a deal
 * must meet), 'mandate' (the values a delegation may accept) and 'instruments' (a mediator's
 * penalties and side payments), with the allowed-value sets the first two are made of.
 */
#include "yaml_load_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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

/* ---- requirements and mandates ---- */

/* `requires`: conditions on single issues that any deal the actor accepts must meet. */
void pl_i_yload_requires(ld *L, pl_actor_t *a, const pl_i_ynode *body, const char *ctx)
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
bool pl_i_yload_mandate(ld *L, pl_actor_t *a, const pl_i_ynode *body, const char *ctx)
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

/* ---- instruments ---- */

/* The key node of `key` in mapping map (NULL when absent). */
static const pl_i_ynode *key_node(const pl_i_ynode *map, const char *key)
{
    for (size_t i = 0; map && map->kind == PL_I_YMAP && i < map->n; i++)
        if (strcmp(map->keys[i]->text, key) == 0) return map->keys[i];
    return NULL;
}

/* instruments (any actor: a mediator's pressure, a party's side letter): a list of
 * {kind: penalty, on: ACTOR, max: X} or {kind: side_payment, to: ACTOR, max: X} (kind names as
 * pl_instrument_kind_parse reads them); the target is another actor, a party or a faction */
void pl_i_yload_instruments(ld *L, pl_actor_t *a, const pl_i_ynode *body, const char *ctx)
{
    pl_scenario_t *sc = L->sc;
    char what[400];
    snprintf(what, sizeof what, "'instruments' of %s", ctx);
    const pl_i_ynode *in = pl_i_yunwrap(L, pl_i_ymap_get(body, "instruments"), what);
    if (pl_i_yabsent(in)) return;
    if (in->kind != PL_I_YSEQ) {
        pl_i_yerr(L, in, "%s must be a list of {kind: penalty, on: ...} or {kind: side_payment, to: ...}, "
                  "not %s", what, pl_i_ykind_name(in));
        return;
    }
    if (!(a->instruments = pl_i_ycalloc(L, in->n, sizeof *a->instruments))) return;
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
            pl_instrument_kind pk;
            if (pl_instrument_kind_parse(kn, strlen(kn), &pk)) kind = pk == PL_INSTRUMENT_SIDE_PAYMENT ? 0 : 1;
            if (kind < 0) {
                static const char *const all[] = {"side_payment", "penalty", "side-payment", "payment",
                                                  "side_letter", "side-letter", "pressure"};
                const char *sg = pl_i_suggest(kn, all, sizeof all / sizeof *all);
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
                    if (target != PL_UNSET && &sc->actors[target] == a) {
                        pl_i_yerr(L, at, "%s names its own holder '%.*s': an instrument moves another "
                                  "actor", ictx, NM(tname));
                        target = PL_UNSET;
                    } else if (target != PL_UNSET && sc->actors[target].role != PL_ROLE_PARTY &&
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

/* ---- guarantees ---- */

/* guarantees (any actor; after the linkages are read): a list of
 * {kind: guarantee|verification, to: ACTOR, threshold: D} or
 * {kind: ..., linkage: NAME, p_deal: P, p_no_deal: Q} (either probability may be left out) */
static void load_one_guarantee(ld *L, pl_actor_t *a, const pl_i_ynode *gb, const char *gctx)
{
    pl_scenario_t *sc = L->sc;
    static const char *const gkeys[] = {"kind", "to", "threshold", "linkage", "p_deal", "p_no_deal"};
    pl_i_ycheck_keys(L, gb, gkeys, 6, gctx);
    pl_guarantee_t g = {PL_GUARANTEE, PL_UNSET, 0, PL_UNSET, NAN, NAN, {gb->line, gb->col}};
    char w[700];
    bool ok = true;
    const char *kn;
    snprintf(w, sizeof w, "'kind' of %s", gctx);
    const pl_i_ynode *kn_node = pl_i_ymap_get(gb, "kind");
    if (pl_i_yget_text(L, kn_node, w, &kn)) {
        if (strcmp(kn, "verification") == 0) g.kind = PL_VERIFICATION;
        else if (strcmp(kn, "guarantee") != 0) {
            pl_i_yerr(L, pl_i_yunwrap(L, kn_node, w), "unknown kind '%.*s' of %s (guarantee or verification)",
                      NM(kn), gctx);
            ok = false;
        }
    }
    const pl_i_ynode *to = pl_i_ymap_get(gb, "to"), *lk = pl_i_ymap_get(gb, "linkage");
    if (!pl_i_yabsent(to) == !pl_i_yabsent(lk)) {
        pl_i_yerr(L, gb, "%s names %s: give 'to' (an actor whose threshold it moves) or 'linkage' "
                  "(whose probabilities it sets)", gctx, pl_i_yabsent(to) ? "neither 'to' nor 'linkage'" : "both 'to' and 'linkage'");
        return;
    }
    const char *name;
    if (!pl_i_yabsent(to)) {
        snprintf(w, sizeof w, "'to' of %s", gctx);
        if (!pl_i_yget_text(L, to, w, &name)) return;
        g.actor = pl_i_yfind_actor(L, pl_i_yunwrap(L, to, w), name, gctx);
        if (g.actor != PL_UNSET && &sc->actors[g.actor] == a) {
            pl_i_yerr(L, pl_i_yunwrap(L, to, w), "%s names its own holder '%.*s': a guarantee moves another "
                      "actor", gctx, NM(name));
            g.actor = PL_UNSET;
        }
        snprintf(w, sizeof w, "'threshold' of %s", gctx);
        const pl_i_ynode *tn = pl_i_ymap_get(gb, "threshold");
        if (pl_i_yabsent(pl_i_yunwrap(L, tn, w))) {
            pl_i_yerr(L, gb, "%s has no 'threshold' (the change to %.*s's threshold, e.g. -0.05)", gctx, NM(name));
            ok = false;
        } else if (!pl_i_yget_num(L, tn, w, &g.threshold)) {
            ok = false;
        }
        for (size_t k = 0; k < 2; k++) {
            const char *pk = k ? "p_no_deal" : "p_deal";
            if (pl_i_ymap_get(gb, pk))
                pl_i_yerr(L, pl_i_ymap_get(gb, pk), "'%s' of %s applies to a linkage, and it names an actor "
                          "('to')", pk, gctx);
        }
        if (g.actor == PL_UNSET) ok = false;
    } else {
        snprintf(w, sizeof w, "'linkage' of %s", gctx);
        if (!pl_i_yget_text(L, lk, w, &name)) return;
        for (size_t l = 0; l < sc->nlinkages; l++)
            if (sc->linkages[l].name && strcmp(sc->linkages[l].name, name) == 0) g.linkage = l;
        if (g.linkage == PL_UNSET) {
            const char **names = pl_calloc(sc->nlinkages + 1, sizeof *names);
            for (size_t l = 0; names && l < sc->nlinkages; l++) names[l] = sc->linkages[l].name ? sc->linkages[l].name : "";
            const char *sg = names ? pl_i_suggest(name, names, sc->nlinkages) : NULL;
            if (sg) pl_i_yerr(L, pl_i_yunwrap(L, lk, w), "unknown linkage '%.*s' in %s (did you mean '%s'?)", NM(name), gctx, sg);
            else pl_i_yerr(L, pl_i_yunwrap(L, lk, w), "unknown linkage '%.*s' in %s", NM(name), gctx);
            pl_free(names);
            ok = false;
        }
        if (pl_i_ymap_get(gb, "threshold"))
            pl_i_yerr(L, pl_i_ymap_get(gb, "threshold"), "'threshold' of %s applies to an actor ('to'), and it "
                      "names a linkage", gctx);
        double *dst[2] = {&g.p_deal, &g.p_no_deal};
        for (size_t k = 0; k < 2; k++) {
            const char *pk = k ? "p_no_deal" : "p_deal";
            snprintf(w, sizeof w, "'%s' of %s", pk, gctx);
            const pl_i_ynode *pn = pl_i_ymap_get(gb, pk);
            double p;
            if (!pl_i_yget_num(L, pn, w, &p)) continue;
            if (p < 0 || p > 1) {
                pl_i_yerr(L, pl_i_yunwrap(L, pn, w), "%s must be a probability in [0, 1] (got %g)", w, p);
                ok = false;
            } else {
                *dst[k] = p;
            }
        }
        if (isnan(g.p_deal) && isnan(g.p_no_deal) && ok) {
            pl_i_yerr(L, gb, "%s sets neither 'p_deal' nor 'p_no_deal' of linkage '%.*s'", gctx, NM(name));
            ok = false;
        }
    }
    if (ok) a->guarantees[a->nguarantees++] = g;
}

void pl_i_yload_guarantees(ld *L)
{
    pl_scenario_t *sc = L->sc;
    const pl_i_ynode *actors = pl_i_ymap_get(L->root, "actors");
    if (!actors || actors->kind != PL_I_YMAP || !sc->actors) return;
    size_t idx = 0;
    for (size_t i = 0; i < actors->n && !L->oom && idx < sc->nactors; i++) {
        if (strcmp(actors->keys[i]->text, "source") == 0) continue;
        pl_actor_t *a = &sc->actors[idx++];
        const pl_i_ynode *body = actors->items[i];
        if (!body || body->kind != PL_I_YMAP) continue;
        char ctx[200], what[400];
        snprintf(ctx, sizeof ctx, "actor '%.*s'", NM(actors->keys[i]->text));
        snprintf(what, sizeof what, "'guarantees' of %s", ctx);
        const pl_i_ynode *gn = pl_i_yunwrap(L, pl_i_ymap_get(body, "guarantees"), what);
        if (pl_i_yabsent(gn)) continue;
        if (gn->kind != PL_I_YSEQ) {
            pl_i_yerr(L, gn, "%s must be a list of {to: ACTOR, threshold: D} or {linkage: NAME, p_deal: P}, "
                      "not %s", what, pl_i_ykind_name(gn));
            continue;
        }
        if (!(a->guarantees = pl_i_ycalloc(L, gn->n, sizeof *a->guarantees))) return;
        for (size_t k = 0; k < gn->n && !L->oom; k++) {
            char gctx[500];
            snprintf(gctx, sizeof gctx, "guarantee %zu of %s", k + 1, ctx);
            const pl_i_ynode *gb = pl_i_ywant_map(L, gn->items[k], gctx);
            if (gb) load_one_guarantee(L, a, gb, gctx);
            else if (pl_i_yabsent(gn->items[k])) pl_i_yerr(L, gn->items[k], "%s is empty", gctx);
        }
    }
}
