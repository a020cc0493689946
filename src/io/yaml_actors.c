/*
 * yaml_actors.c: the scenario's 'actors': names and roles first (so that any actor can name
 * another), then each actor's fields: numbers, deadline, party, mediators, and the loaders of
 * its preferences (yaml_actor_prefs.c) and terms (yaml_actor_terms.c); at most one host.
 */
#include "yaml_load_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const actor_keys[] = {
    "role", "description", "clout", "reservation", "stance", "utility", "rectangles",
    "at_table", "via", "participation", "requires", "deadline", "discount", "strategy",
    "seats", "party", "mandate", "defection_cost", "host", "instruments", "guarantees", "mediates"};
static const char *const role_names[] = {"party", "mediator", "delegation", "faction",
                                         "external"};

/* a deadline over PL_MAX_ROUNDS: refused here, at its position, rather than running for hours
 * (or, above 2^64, silently turning into a 1-round deadline) */
static void too_many_rounds(ld *L, const pl_i_ynode *n, const char *what, double x)
{
    pl_i_yerr(L, n, "%s is %g rounds, over the limit of %d rounds (docs/limits.md)", what, x,
              PL_MAX_ROUNDS);
}

/* Set a deadline of `days` calendar days (converted to rounds with the round length). */
static void set_deadline_days(ld *L, pl_actor_t *a, const pl_i_ynode *n, double days, const char *what)
{
    double r = days / pl_scenario_round_days(L->sc);
    if (!isfinite(r)) {
        pl_i_yerr(L, n, "%s (%g days) is more rounds than parley counts at %g days a round "
                  "(the limit is %d rounds, docs/limits.md)", what, days,
                  pl_scenario_round_days(L->sc), PL_MAX_ROUNDS);
    } else if (r > PL_MAX_ROUNDS) {
        pl_i_yerr(L, n, "%s (%g days) is %g rounds at %g days a round, over the limit of %d rounds "
                  "(docs/limits.md)", what, days, r, pl_scenario_round_days(L->sc), PL_MAX_ROUNDS);
    } else {
        a->deadline = r;
        a->deadline_days = days;
    }
}

/* `deadline: YYYY-MM-DD` or `{date: YYYY-MM-DD}`: the last day on which the actor acts, counted
 * from the scenario's `start` (day 1), so the start date itself is a deadline of 1 day. */
static void load_deadline_date(ld *L, pl_actor_t *a, const pl_i_ynode *v, const char *what)
{
    const char *t;
    if (!pl_i_yget_text(L, v, what, &t)) return;
    long d, s;
    if (!pl_date_parse(t, &d)) {
        pl_i_yerr(L, v, "%s %.*s is not a date (write YYYY-MM-DD, e.g. 2024-08-22)", what, NM(t));
    } else if (!L->sc->start || !pl_date_parse(L->sc->start, &s)) {
        pl_i_yerr(L, v, "%s is the date %.*s, but the scenario has no 'start' date to count from "
                  "(add e.g. 'start: 2024-08-15' at the top level)", what, NM(t));
    } else if (d < s) {
        pl_i_yerr(L, v, "%s %.*s is before the start of the talks (%s)", what, NM(t), L->sc->start);
    } else {
        set_deadline_days(L, a, v, (double)(d - s) + 1, what);
        if (a->deadline_days > 0) a->deadline_date = pl_i_ystrdup(L, t);
    }
}

/* Does the scalar look like a date (digits and dashes, a dash after four digits)? */
static bool looks_like_date(const pl_i_ynode *v)
{
    if (!v || v->kind != PL_I_YSCALAR || strlen(v->text) < 5 || v->text[4] != '-') return false;
    for (const char *p = v->text; *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == '-')) return false;
    return true;
}

/* `deadline: N` (rounds), `{value: N, source: ...}`, `{rounds: N}`, `{days: D}` (converted
 * with the scenario's round length), or a date (`2024-08-22`, `{date: 2024-08-22}`). */
static void load_deadline(ld *L, pl_actor_t *a, const pl_i_ynode *n, const char *ctx)
{
    if (pl_i_yabsent(n)) return;
    char what[400];
    snprintf(what, sizeof what, "'deadline' of %s", ctx);
    double x;
    if (n->kind == PL_I_YMAP && pl_i_ymap_get(n, "date")) {
        static const char *const dkeys[] = {"date"};
        pl_i_ycheck_keys(L, n, dkeys, 1, what);
        load_deadline_date(L, a, pl_i_yunwrap(L, pl_i_ymap_get(n, "date"), what), what);
        return;
    }
    if (looks_like_date(n->kind == PL_I_YMAP ? pl_i_ymap_get(n, "value") : n)) {
        load_deadline_date(L, a, pl_i_yunwrap(L, n, what), what);
        return;
    }
    if (n->kind != PL_I_YMAP || pl_i_ymap_get(n, "value")) {
        const pl_i_ynode *v = pl_i_yunwrap(L, n, what);
        if (!pl_i_yget_num(L, v, what, &x)) return;
        if (!(x > 0)) pl_i_yerr(L, v, "%s must be > 0 (got %g)", what, x);
        else if (x > PL_MAX_ROUNDS) too_many_rounds(L, v, what, x);
        else a->deadline = x;
        return;
    }
    static const char *const units[] = {"days", "rounds"};
    int u = pl_i_yload_units(L, n, units, 2, what,
                             "a deadline is a number of rounds, {rounds: N}, {days: N} or a date", &x);
    if (u == 1) {
        if (x > PL_MAX_ROUNDS) too_many_rounds(L, n, what, x);
        else a->deadline = x;
    } else if (u == 0) {
        set_deadline_days(L, a, n, x, what);
    }
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
                if (sc->actors[mi].role != PL_ROLE_MEDIATOR && !sc->actors[mi].mediates) {
                    pl_i_yerr(L, pl_i_yunwrap(L, it, what), "%s names '%.*s', which is %s, not a mediator (a party that also mediates says 'mediates: true')",
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
            pl_i_yload_stance(L, a, stn, ctx);
        } else {
            a->utility = PL_UTILITY_TABLE;
            pl_i_yload_utility(L, a, un, ctx);
        }
    } else if (!pl_i_yabsent(rn)) {
        a->utility = PL_UTILITY_HYPER;
        pl_i_yload_rectangles(L, a, rn, ctx);
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

    snprintf(what, sizeof what, "'mediates' of %s", ctx);
    const pl_i_ynode *mn = pl_i_ymap_get(body, "mediates");
    if (pl_i_yget_bool(L, mn, what, &a->mediates) && a->mediates && a->role != PL_ROLE_PARTY &&
        a->role != PL_ROLE_EXTERNAL) {
        pl_i_yerr(L, pl_i_yunwrap(L, mn, what), "%s is %s: only a party or an external actor takes a "
                  "mediator's role besides its own", ctx, pl_i_ya_role(a->role));
        a->mediates = false;
    }
    load_party(L, a, key, body, ctx);
    load_via(L, a, body, ctx);
    if (!load_preferences(L, a, body, ctx)) return;
    pl_i_yload_requires(L, a, body, ctx);
    if (!pl_i_yload_mandate(L, a, body, ctx)) return;
    pl_i_yload_instruments(L, a, body, ctx);
}

void pl_i_yload_actors(ld *L)
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
            /* a dual role, so that `via` can name it before it is read (checked then) */
            const pl_i_ynode *md = pl_i_yunwrap(L, pl_i_ymap_get(body, "mediates"), "'mediates'");
            a->mediates = md && md->kind == PL_I_YSCALAR &&
                          (strcmp(md->text, "true") == 0 || strcmp(md->text, "yes") == 0 ||
                           strcmp(md->text, "on") == 0);
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
