/*
 * yaml_deals.c: the scenario's deal sections: 'linkages' (what an actor does once a deal is
 * made or not) and 'proposals' (packages on the table, some amending others: chains are resolved
 * and cycles reported). 'ratification' is read with the other agreement rules (yaml_rules.c).
 */
#include "yaml_load_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- linkages ---- */

void pl_i_yload_linkages(ld *L)
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

/* Report the first amendment cycle (at its first proposal); without one, and when every proposal
 * was read (ok), give every amendment its full outcome: its chain applied from the root. */
static void resolve_amendments(ld *L, const pl_i_ynode **amends_node, size_t n, bool ok)
{
    pl_scenario_t *sc = L->sc;
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
}

void pl_i_yload_proposals(ld *L)
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
    resolve_amendments(L, amends_node, n, ok);
    pl_free(amends_node);
}
