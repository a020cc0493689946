/*
 * yaml_rules.c: the rules that decide whether a package is agreed: 'ratification' (votes,
 * referendums, combined and sequential routes), 'decision' (how the table decides) and
 * 'constraints' (combinations of values that are no possible package).
 */
#include "yaml_load_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- ratification ---- */

static const char *const rule_names[] = {"veto", "quota", "referendum", "all", "any", "sequence"};
static const pl_ratify_rule rule_kinds[] = {PL_RATIFY_VETO, PL_RATIFY_QUOTA, PL_RATIFY_REFERENDUM,
                                            PL_RATIFY_ALL, PL_RATIFY_ANY, PL_RATIFY_SEQUENCE};
#define NRULES 6

/* A number in [lo, hi] (lo_open / hi_open exclude the bound); NaN when absent or wrong. */
static double num_in(ld *L, const pl_i_ynode *n, const char *what, double lo, bool lo_open,
                     double hi, bool hi_open)
{
    double x;
    if (!pl_i_yget_num(L, n, what, &x)) return NAN;
    if (isinf(hi) && !lo_open && !(x >= lo)) {
        pl_i_yerr(L, pl_i_yunwrap(L, n, what), "%s must be >= %g (got %g)", what, lo, x);
        return NAN;
    }
    if ((lo_open ? !(x > lo) : !(x >= lo)) || (hi_open ? !(x < hi) : !(x <= hi))) {
        pl_i_yerr(L, pl_i_yunwrap(L, n, what), "%s must be in %s%g, %g%s (got %g)", what,
                  lo_open ? "(" : "[", lo, hi, hi_open ? ")" : "]", x);
        return NAN;
    }
    return x;
}

/* `members` (a list of actors, weighed by their seats, or a mapping actor -> seats) or a
 * referendum's `electorate` (mapping actor -> vote share). */
static void load_voters(ld *L, pl_ratification_t *ra, const pl_i_ynode *n, const char *key,
                        const char *ctx)
{
    pl_scenario_t *sc = L->sc;
    char what[300];
    snprintf(what, sizeof what, "'%s' of %s", key, ctx);
    bool list = n->kind == PL_I_YSEQ;
    bool share = strcmp(key, "electorate") == 0;
    if (!list && n->kind != PL_I_YMAP) {
        pl_i_yerr(L, n, "%s must be a mapping of actors to %s, not %s", what,
                  share ? "vote shares" : "seats", pl_i_ykind_name(n));
        return;
    }
    if (list && share) {
        pl_i_yerr(L, n, "%s must be a mapping of actors to vote shares, not a list", what);
        return;
    }
    ra->voters = pl_i_ycalloc(L, n->n, sizeof *ra->voters);
    ra->weight = pl_i_ycalloc(L, n->n, sizeof *ra->weight);
    if (!ra->voters || !ra->weight) return;
    for (size_t k = 0; k < n->n; k++) {
        const pl_i_ynode *at = list ? n->items[k] : n->keys[k];
        if (!list && strcmp(at->text, "source") == 0) continue;
        const char *name;
        if (!pl_i_yget_text(L, at, what, &name)) continue;
        size_t a = pl_i_yfind_actor(L, at, name, what);
        if (a == PL_UNSET) continue;
        double w = list ? sc->actors[a].seats : NAN;
        if (list && ra->rule == PL_RATIFY_QUOTA && isnan(w)) {
            pl_i_yerr(L, at, "member '%.*s' of %s has no 'seats' (give them: {'%.*s': N})", NM(name),
                      ctx, NM(name));
            continue;
        }
        if (!list) {
            char wh[400];
            snprintf(wh, sizeof wh, "the %s of '%.*s' in %s", share ? "vote share" : "seats", NM(name), ctx);
            w = num_in(L, n->items[k], wh, 0, false, INFINITY, true);
            if (isnan(w)) continue;
        }
        for (size_t j = 0; j < ra->nvoters; j++)
            if (ra->voters[j] == a) pl_i_yerr(L, at, "'%.*s' is listed twice in %s", NM(name), what);
        ra->voters[ra->nvoters] = a;
        ra->weight[ra->nvoters++] = list && ra->rule == PL_RATIFY_VETO ? 1 : w;
    }
    if (ra->nvoters == 0 && L->ndiags == 0) pl_i_yerr(L, n, "%s names nobody", what);
}

static void load_rule(ld *L, pl_ratification_t *ra, const pl_i_ynode *key, const pl_i_ynode *body,
                      const char *ctx, int depth);

/* `routes`: a mapping route name -> rule, in the order written. */
static void load_routes(ld *L, pl_ratification_t *ra, const pl_i_ynode *key, const pl_i_ynode *rn,
                        const char *ctx, int depth)
{
    const pl_i_ynode *m = pl_i_ywant_map(L, rn, "'routes'");
    size_t n = 0;
    for (size_t i = 0; m && i < m->n; i++)
        n += strcmp(m->keys[i]->text, "source") != 0 && !pl_i_yabsent(m->items[i]);
    if (!n) {
        pl_i_yerr(L, rn ? rn : key, "%s has rule %s but no routes", ctx, rule_names[ra->rule - 1]);
        return;
    }
    ra->routes = pl_i_ycalloc(L, n, sizeof *ra->routes);
    if (!ra->routes) return;
    for (size_t i = 0; i < m->n && !L->oom; i++) {
        const pl_i_ynode *k = m->keys[i];
        if (strcmp(k->text, "source") == 0 || pl_i_yabsent(m->items[i])) continue; /* null: removed */
        char sub[300];
        snprintf(sub, sizeof sub, "route '%.*s' of %s", NM(k->text), ctx);
        pl_ratification_t *r = &ra->routes[ra->nroutes++];
        r->party = ra->party;
        r->name = pl_i_ystrdup(L, k->text);
        load_rule(L, r, k, m->items[i], sub, depth + 1);
    }
}

static void load_rule(ld *L, pl_ratification_t *ra, const pl_i_ynode *key, const pl_i_ynode *body_n,
                      const char *ctx, int depth)
{
    char what[300];
    ra->quota = ra->total = ra->turnout = ra->floor = NAN;
    ra->majority = 0.5;
    ra->pos = (pl_srcpos_t){key->line, key->col};
    const pl_i_ynode *body = pl_i_ywant_map(L, body_n, ctx);
    if (!body) {
        if (pl_i_yabsent(body_n)) pl_i_yerr(L, key, "%s has no 'rule' (veto or quota)", ctx);
        return;
    }
    static const char *const rkeys[] = {"rule", "quota", "total", "members", "electorate",
                                        "majority", "turnout", "floor", "routes"};
    pl_i_ycheck_keys(L, body, rkeys, 9, ctx);
    ra->source = pl_i_ystrdup(L, pl_i_ysource_of(L, body));
    const char *rule;
    snprintf(what, sizeof what, "'rule' of %s", ctx);
    const pl_i_ynode *rn = pl_i_ymap_get(body, "rule");
    if (!pl_i_yget_text(L, rn, what, &rule)) {
        if (pl_i_yabsent(pl_i_yunwrap(L, rn, what))) pl_i_yerr(L, key, "%s has no 'rule' (veto or quota)", ctx);
        return;
    }
    for (size_t k = 0; k < NRULES; k++)
        if (strcmp(rule, rule_names[k]) == 0) ra->rule = rule_kinds[k];
    if (ra->rule == PL_RATIFY_NONE) {
        const char *s = pl_i_suggest(rule, rule_names, NRULES);
        if (s) pl_i_yerr(L, pl_i_yunwrap(L, rn, what), "unknown rule '%.*s' in %s (did you mean '%s'?)", NM(rule), ctx, s);
        else pl_i_yerr(L, pl_i_yunwrap(L, rn, what), "unknown rule '%.*s' in %s (veto, quota, referendum, all, any or sequence)", NM(rule), ctx);
        return;
    }
    bool vote = ra->rule == PL_RATIFY_VETO || ra->rule == PL_RATIFY_QUOTA;
    bool combo = ra->rule == PL_RATIFY_ALL || ra->rule == PL_RATIFY_ANY || ra->rule == PL_RATIFY_SEQUENCE;
    bool refer = ra->rule == PL_RATIFY_REFERENDUM;
    /* keys that belong to other rules */
    static const struct { const char *key; int kinds; } owner[] = {
        {"quota", 1}, {"total", 1}, {"members", 3}, {"electorate", 4}, {"majority", 4},
        {"turnout", 4}, {"floor", 4}, {"routes", 8}};
    for (size_t k = 0; k < sizeof owner / sizeof *owner; k++) {
        const pl_i_ynode *x = pl_i_ymap_get(body, owner[k].key);
        if (pl_i_yabsent(x)) continue;
        int mine = ra->rule == PL_RATIFY_QUOTA ? 1 | 2 : ra->rule == PL_RATIFY_VETO ? 2 : refer ? 4 : 8;
        if (!(owner[k].kinds & mine))
            pl_i_yerr(L, pl_i_ymap_get(body, owner[k].key) ? x : key, "%s has rule %s: '%s' applies only to %s",
                      ctx, rule, owner[k].key,
                      owner[k].kinds == 1 ? "rule quota" : owner[k].kinds == 3 ? "rules veto and quota"
                      : owner[k].kinds == 4 ? "rule referendum" : "rules all, any and sequence");
    }
    if (ra->rule == PL_RATIFY_QUOTA) {
        const pl_i_ynode *qn = pl_i_ymap_get(body, "quota"), *tn = pl_i_ymap_get(body, "total");
        snprintf(what, sizeof what, "'quota' of %s", ctx);
        bool okq = pl_i_yget_num(L, qn, what, &ra->quota);
        if (okq && ra->quota < 0) {
            pl_i_yerr(L, pl_i_yunwrap(L, qn, what), "%s must be >= 0 (got %g)", what, ra->quota);
            okq = false;
        }
        if (!okq && pl_i_yabsent(pl_i_yunwrap(L, qn, what)))
            pl_i_yerr(L, key, "%s has rule quota but no 'quota'", ctx);
        snprintf(what, sizeof what, "'total' of %s", ctx);
        bool okt = pl_i_yget_num(L, tn, what, &ra->total);
        if (okt && ra->total < 0) {
            pl_i_yerr(L, pl_i_yunwrap(L, tn, what), "%s must be >= 0 (got %g)", what, ra->total);
            okt = false;
        }
        if (!okt) ra->total = NAN;
        if (okq && okt && ra->quota > ra->total)
            pl_i_yerr(L, pl_i_yunwrap(L, qn, what), "the quota %g of '%.*s' is above its total %g",
                      ra->quota, NM(depth ? ra->name : key->text), ra->total);
        if (!okq) ra->quota = NAN;
    }
    if (vote && !pl_i_yabsent(pl_i_ymap_get(body, "members")))
        load_voters(L, ra, pl_i_ymap_get(body, "members"), "members", ctx);
    if (refer) {
        const pl_i_ynode *en = pl_i_ymap_get(body, "electorate");
        if (pl_i_yabsent(en)) pl_i_yerr(L, key, "%s has rule referendum but no 'electorate' (blocs and their vote shares)", ctx);
        else load_voters(L, ra, en, "electorate", ctx);
        double x;
        snprintf(what, sizeof what, "'majority' of %s", ctx);
        if (!pl_i_yabsent(pl_i_ymap_get(body, "majority")) &&
            !isnan(x = num_in(L, pl_i_ymap_get(body, "majority"), what, 0, false, 1, true)))
            ra->majority = x;
        snprintf(what, sizeof what, "'turnout' of %s", ctx);
        if (!pl_i_yabsent(pl_i_ymap_get(body, "turnout")))
            ra->turnout = num_in(L, pl_i_ymap_get(body, "turnout"), what, 0, true, 1, false);
        snprintf(what, sizeof what, "'floor' of %s", ctx);
        if (!pl_i_yabsent(pl_i_ymap_get(body, "floor")))
            ra->floor = num_in(L, pl_i_ymap_get(body, "floor"), what, 0, false, 1, false);
    }
    if (combo) {
        if (depth >= 8) pl_i_yerr(L, key, "%s nests routes more than 8 deep", ctx);
        else load_routes(L, ra, key, pl_i_ymap_get(body, "routes"), ctx, depth);
    }
}

void pl_i_yload_ratification(ld *L)
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
        char ctx[200];
        snprintf(ctx, sizeof ctx, "the ratification of '%.*s'", NM(key->text));
        size_t p = pl_i_yfind_actor(L, key, key->text, "'ratification'");
        if (p != PL_UNSET && sc->actors[p].role != PL_ROLE_PARTY) {
            pl_i_yerr(L, key, "ratification of '%.*s', which is %s, not a party", NM(key->text),
                      pl_i_ya_role(sc->actors[p].role));
            p = PL_UNSET;
        }
        pl_ratification_t tmp = {0};
        tmp.party = p;
        load_rule(L, &tmp, key, rt->items[i], ctx, 0);
        if (p == PL_UNSET || tmp.rule == PL_RATIFY_NONE) {
            /* an error was reported; keep the memory owned by the scenario (freed with it) as
             * a rule that decides nothing */
            tmp.rule = PL_RATIFY_NONE;
            tmp.party = 0;
            sc->ratifications[sc->nratifications++] = tmp;
            continue;
        }
        for (size_t q = 0; q < sc->nratifications; q++)
            if (sc->ratifications[q].party == p && sc->ratifications[q].rule != PL_RATIFY_NONE)
                pl_i_yerr(L, key, "'%.*s' has two ratification rules", NM(key->text));
        sc->ratifications[sc->nratifications++] = tmp;
    }
}

/* ---- decision rule ---- */

/* A list of party names (or one name) into a new array; *n its length. */
static size_t *load_parties(ld *L, const pl_i_ynode *n, const char *what, size_t *count)
{
    pl_scenario_t *sc = L->sc;
    *count = 0;
    if (pl_i_yabsent(n)) return NULL;
    size_t len = n->kind == PL_I_YSEQ ? n->n : 1;
    if (n->kind == PL_I_YMAP) {
        pl_i_yerr(L, n, "%s must be a list of parties, not a mapping", what);
        return NULL;
    }
    size_t *out = pl_i_ycalloc(L, len, sizeof *out);
    if (!out) return NULL;
    for (size_t k = 0; k < len; k++) {
        const pl_i_ynode *x = n->kind == PL_I_YSEQ ? n->items[k] : n;
        const char *name;
        if (!pl_i_yget_text(L, x, what, &name)) continue;
        size_t a = pl_i_yfind_actor(L, x, name, what);
        if (a == PL_UNSET) continue;
        if (sc->actors[a].role != PL_ROLE_PARTY) {
            pl_i_yerr(L, x, "%s names '%.*s', which is %s, not a party", what, NM(name),
                      pl_i_ya_role(sc->actors[a].role));
            continue;
        }
        out[(*count)++] = a;
    }
    return out;
}

void pl_i_yload_decision(ld *L)
{
    pl_scenario_t *sc = L->sc;
    pl_decision_t *d = &sc->decision;
    d->quota = NAN;
    const pl_i_ynode *key = NULL, *body = NULL;
    for (size_t i = 0; i < L->root->n; i++)
        if (strcmp(L->root->keys[i]->text, "decision") == 0) {
            key = L->root->keys[i];
            body = L->root->items[i];
        }
    if (!key || pl_i_yabsent(body)) return;
    body = pl_i_ywant_map(L, body, "'decision'");
    if (!body) return;
    static const char *const dkeys[] = {"rule", "weight", "quota", "required", "groups", "walked_out"};
    pl_i_ycheck_keys(L, body, dkeys, 6, "'decision'");
    d->pos = (pl_srcpos_t){key->line, key->col};
    d->source = pl_i_ystrdup(L, pl_i_ysource_of(L, body));
    static const char *const rules[] = {"unanimity", "consensus", "majority"};
    static const char *const weights[] = {"count", "clout", "seats"};
    const char *t;
    const pl_i_ynode *rn = pl_i_ymap_get(body, "rule");
    if (pl_i_yget_text(L, rn, "'rule' of 'decision'", &t)) {
        size_t k = 0;
        while (k < 3 && strcmp(t, rules[k]) != 0) k++;
        if (k == 3) {
            const char *s = pl_i_suggest(t, rules, 3);
            pl_i_yerr(L, pl_i_yunwrap(L, rn, "'rule'"), "unknown decision rule '%.*s' (%s%s%s)", NM(t),
                      s ? "did you mean '" : "unanimity, consensus or majority", s ? s : "", s ? "'?" : "");
        } else {
            d->rule = (pl_decision_rule)k;
        }
    }
    const pl_i_ynode *wn = pl_i_ymap_get(body, "weight");
    if (pl_i_yget_text(L, wn, "'weight' of 'decision'", &t)) {
        size_t k = 0;
        while (k < 3 && strcmp(t, weights[k]) != 0) k++;
        if (k == 3) pl_i_yerr(L, pl_i_yunwrap(L, wn, "'weight'"), "unknown decision weight '%.*s' (count, clout or seats)", NM(t));
        else d->weight = (pl_decision_weight)k;
    }
    const pl_i_ynode *qn = pl_i_ymap_get(body, "quota");
    if (d->rule == PL_DECIDE_CONSENSUS) {
        if (pl_i_yabsent(qn)) pl_i_yerr(L, key, "decision rule consensus needs a 'quota' (the share of the weight that must consent, e.g. 0.5)");
        else d->quota = num_in(L, qn, "'quota' of 'decision'", 0, true, 1, false);
    } else if (!pl_i_yabsent(qn)) {
        pl_i_yerr(L, qn, "'quota' of 'decision' applies only to rule consensus");
    }
    if (d->rule == PL_DECIDE_MAJORITY) d->quota = 0.5;
    d->required = load_parties(L, pl_i_ymap_get(body, "required"), "'required' of 'decision'", &d->nrequired);
    d->walked_out = load_parties(L, pl_i_ymap_get(body, "walked_out"), "'walked_out' of 'decision'", &d->nwalked_out);
    const pl_i_ynode *gn = pl_i_ywant_map(L, pl_i_ymap_get(body, "groups"), "'groups' of 'decision'");
    if (gn && d->rule == PL_DECIDE_UNANIMITY)
        pl_i_yerr(L, gn, "'groups' of 'decision' apply only to rules consensus and majority");
    size_t ng = gn ? pl_i_ycount_named(gn) : 0;
    if (ng) {
        d->groups = pl_i_ycalloc(L, ng, sizeof *d->groups);
        for (size_t i = 0; d->groups && i < gn->n; i++) {
            const pl_i_ynode *k = gn->keys[i];
            if (strcmp(k->text, "source") == 0) continue;
            char what[300];
            snprintf(what, sizeof what, "group '%.*s' of 'decision'", NM(k->text));
            pl_consent_group_t *g = &d->groups[d->ngroups++];
            g->name = pl_i_ystrdup(L, k->text);
            g->pos = (pl_srcpos_t){k->line, k->col};
            g->members = load_parties(L, gn->items[i], what, &g->nmembers);
            if (g->nmembers == 0 && pl_i_yabsent(gn->items[i])) pl_i_yerr(L, k, "%s has no members", what);
        }
    }
    if (d->weight == PL_WEIGHT_SEATS)
        for (size_t a = 0; a < sc->nactors; a++)
            if (sc->actors[a].role == PL_ROLE_PARTY && isnan(sc->actors[a].seats))
                pl_i_yerr(L, wn, "decision weight seats: party '%.*s' has no 'seats'", NM(sc->actors[a].name));
}

/* ---- constraints ---- */

/* One condition `issue: value`, `[values]`, `{in: [...]}`, `{not: value or [...]}`,
 * `{min: X, max: Y}` into c; false (reported) when malformed. */
static bool load_condition(ld *L, const pl_i_ynode *key, const pl_i_ynode *v, const char *ctx,
                           pl_condition_t *c)
{
    char what[400];
    size_t i = pl_i_yfind_issue(L, key, key->text, ctx);
    if (i == PL_UNSET || !L->issue_ok[i]) return false;
    const pl_issue_t *is = &L->sc->issues[i];
    snprintf(what, sizeof what, "the condition on '%.*s' in %s", NM(is->name), ctx);
    c->issue = i;
    c->allowed = pl_i_ycalloc(L, is->nvalues, sizeof *c->allowed);
    if (!c->allowed) return false;
    const pl_i_ynode *lst = v, *mn = NULL, *mx = NULL;
    bool negate = false;
    if (v->kind == PL_I_YMAP) {
        static const char *const ck[] = {"in", "not", "min", "max"};
        pl_i_ycheck_keys(L, v, ck, 4, what);
        mn = pl_i_ymap_get(v, "min");
        mx = pl_i_ymap_get(v, "max");
        lst = pl_i_ymap_get(v, "in");
        if (!lst && (lst = pl_i_ymap_get(v, "not"))) negate = true;
        if (!lst && !mn && !mx) {
            pl_i_yerr(L, v, "%s gives no values (in, not, min or max)", what);
            return false;
        }
    }
    bool ok = true;
    if (lst) {
        size_t n = lst->kind == PL_I_YSEQ ? lst->n : 1;
        for (size_t k = 0; k < n; k++) {
            size_t x = pl_i_yfind_value(L, i, lst->kind == PL_I_YSEQ ? lst->items[k] : lst, what);
            if (x == PL_UNSET) ok = false;
            else c->allowed[x] = true;
        }
        if (negate)
            for (size_t x = 0; x < is->nvalues; x++) c->allowed[x] = !c->allowed[x];
    } else {
        size_t lo = 0, hi = is->nvalues - 1;
        if (is->kind == PL_ISSUE_CATEGORICAL && !is->ordered) {
            pl_i_yerr(L, mn ? mn : mx, "%s: 'min'/'max' need an ordered or numeric issue", what);
            return false;
        }
        if (mn && (lo = pl_i_yfind_value(L, i, mn, what)) == PL_UNSET) ok = false;
        if (mx && (hi = pl_i_yfind_value(L, i, mx, what)) == PL_UNSET) ok = false;
        for (size_t x = 0; ok && x < is->nvalues; x++) c->allowed[x] = x >= lo && x <= hi;
    }
    if (!ok) return false;
    bool any = false;
    for (size_t x = 0; x < is->nvalues; x++) any = any || c->allowed[x];
    if (!any) {
        pl_i_yerr(L, v, "%s allows no value of issue '%.*s'", what, NM(is->name));
        return false;
    }
    return true;
}

static pl_condition_t *load_conditions(ld *L, const pl_i_ynode *n, const char *ctx, size_t *count)
{
    *count = 0;
    if (n->kind != PL_I_YMAP || pl_i_ycount_named(n) == 0) {
        pl_i_yerr(L, n, "%s must be a mapping of issues to values", ctx);
        return NULL;
    }
    pl_condition_t *c = pl_i_ycalloc(L, n->n, sizeof *c);
    for (size_t k = 0; c && k < n->n; k++) {
        if (strcmp(n->keys[k]->text, "source") == 0) continue;
        if (load_condition(L, n->keys[k], n->items[k], ctx, &c[*count])) (*count)++;
        else pl_free(c[*count].allowed), c[*count].allowed = NULL;
    }
    return c;
}

/* Is some outcome allowed by constraints[0..n)? Depth-first over the issues they name, a
 * constraint checked once all its issues are set; -1 when the search is too long to finish. */
static int satisfiable(const pl_scenario_t *sc, size_t n, size_t *val, size_t depth, long *budget)
{
    if (--*budget < 0) return -1;
    for (size_t c = 0; c < n; c++) {
        const pl_constraint_t *k = &sc->constraints[c];
        bool all_set = true, when = true, then = true;
        for (size_t j = 0; j < k->nwhen; j++) {
            size_t v = val[k->when[j].issue];
            if (v == PL_UNSET) all_set = false;
            else if (!k->when[j].allowed[v]) when = false;
        }
        if (!when) continue;
        for (size_t j = 0; j < k->nthen; j++) {
            size_t v = val[k->then[j].issue];
            if (v == PL_UNSET) all_set = false;
            else if (!k->then[j].allowed[v]) then = false;
        }
        if (all_set && (k->nthen == 0 || !then)) return 0;
    }
    /* the next issue some constraint names */
    size_t i = PL_UNSET;
    for (size_t c = 0; c < n && i == PL_UNSET; c++) {
        const pl_constraint_t *k = &sc->constraints[c];
        for (size_t j = 0; j < k->nwhen && i == PL_UNSET; j++)
            if (val[k->when[j].issue] == PL_UNSET) i = k->when[j].issue;
        for (size_t j = 0; j < k->nthen && i == PL_UNSET; j++)
            if (val[k->then[j].issue] == PL_UNSET) i = k->then[j].issue;
    }
    if (i == PL_UNSET) return 1;
    for (size_t v = 0; v < sc->issues[i].nvalues; v++) {
        val[i] = v;
        int r = satisfiable(sc, n, val, depth + 1, budget);
        if (r != 0) {
            val[i] = PL_UNSET;
            return r;
        }
    }
    val[i] = PL_UNSET;
    return 0;
}

void pl_i_yload_constraints(ld *L)
{
    pl_scenario_t *sc = L->sc;
    const pl_i_ynode *cs = pl_i_ywant_map(L, pl_i_ymap_get(L->root, "constraints"), "'constraints'");
    if (!cs) return;
    size_t n = pl_i_ycount_named(cs);
    if (!n) return;
    sc->constraints = pl_i_ycalloc(L, n, sizeof *sc->constraints);
    size_t *val = pl_i_ycalloc(L, sc->nissues, sizeof *val);
    if (!sc->constraints || !val) {
        pl_free(val);
        return;
    }
    bool broken = false;
    for (size_t i = 0; i < cs->n && !L->oom; i++) {
        const pl_i_ynode *key = cs->keys[i];
        if (strcmp(key->text, "source") == 0) continue;
        char ctx[200];
        snprintf(ctx, sizeof ctx, "constraint '%.*s'", NM(key->text));
        pl_constraint_t *k = &sc->constraints[sc->nconstraints++];
        k->name = pl_i_ystrdup(L, key->text);
        k->pos = (pl_srcpos_t){key->line, key->col};
        const pl_i_ynode *body = pl_i_ywant_map(L, cs->items[i], ctx);
        if (!body) {
            if (pl_i_yabsent(cs->items[i])) pl_i_yerr(L, key, "%s is empty (write 'forbid:' or 'if:' and 'then:')", ctx);
            broken = true;
            continue;
        }
        static const char *const ckeys[] = {"forbid", "if", "then", "description"};
        pl_i_ycheck_keys(L, body, ckeys, 4, ctx);
        k->source = pl_i_ystrdup(L, pl_i_ysource_of(L, body));
        const pl_i_ynode *fb = pl_i_ymap_get(body, "forbid"), *in = pl_i_ymap_get(body, "if"),
                         *th = pl_i_ymap_get(body, "then");
        size_t errs = L->ndiags;
        if (fb && (in || th)) {
            pl_i_yerr(L, fb, "%s has both 'forbid' and 'if'/'then' (write one form)", ctx);
        } else if (fb) {
            k->when = load_conditions(L, fb, ctx, &k->nwhen);
        } else if (in && th) {
            k->when = load_conditions(L, in, ctx, &k->nwhen);
            k->then = load_conditions(L, th, ctx, &k->nthen);
        } else if (in || th) {
            pl_i_yerr(L, in ? in : th, "%s has '%s' without '%s'", ctx, in ? "if" : "then", in ? "then" : "if");
        } else {
            pl_i_yerr(L, key, "%s says nothing (write 'forbid:' or 'if:' and 'then:')", ctx);
        }
        if (L->ndiags != errs || broken) {
            broken = true;
            continue;
        }
        for (size_t x = 0; x < sc->nissues; x++) val[x] = PL_UNSET;
        long budget = 20000000;
        if (satisfiable(sc, sc->nconstraints, val, 0, &budget) == 0)
            pl_i_yerr(L, key, "%s leaves no possible outcome (with the constraints before it)", ctx);
    }
    pl_free(val);
}
