/*
 * writer_rules.c: the agreement rules in the scenario language: 'ratification' (votes,
 * referendums, combined and sequential routes), 'decision' and 'constraints', with the notes
 * recorded on their values, so that `parley convert` round-trips them.
 */
#include "yaml_internal.h"
#include "core/core_internal.h"

#include <parley/pl_scenario.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rw {
    pl_i_buf_t *b;
    const pl_scenario_t *sc;
} rw;

static void ind(rw *w, int level)
{
    for (int i = 0; i < level; i++) pl_i_buf_puts(w->b, "  ");
}

static void num(rw *w, double v) { pl_i_write_num(w->b, v); }

/* path = base.key (empty when too long: no note is recorded under it) */
static void join(char *out, size_t size, const char *base, const char *key)
{
    int n = base[0] ? snprintf(out, size, "%s.%s", base, key) : snprintf(out, size, "%s", key);
    if (n < 0 || (size_t)n >= size) out[0] = '\0';
}

/* `key: value` (a number when text is NULL), as `{value: ..., source: ...}` with a note */
static void kv(rw *w, int level, const char *base, const char *key, const char *text, double x)
{
    char p[2048];
    join(p, sizeof p, base, key);
    const char *src = p[0] ? pl_scenario_source(w->sc, p) : NULL;
    ind(w, level);
    pl_i_write_quoted(w->b, key);
    pl_i_buf_puts(w->b, src ? ": {value: " : ": ");
    if (text) pl_i_write_quoted(w->b, text);
    else num(w, x);
    if (src) {
        pl_i_buf_puts(w->b, ", source: ");
        pl_i_write_quoted(w->b, src);
        pl_i_buf_puts(w->b, "}");
    }
    pl_i_buf_puts(w->b, "\n");
}

static void source(rw *w, int level, const char *path, const char *own)
{
    const char *src = pl_scenario_source(w->sc, path);
    if (!src) src = own;
    if (!src) return;
    ind(w, level);
    pl_i_buf_puts(w->b, "source: ");
    pl_i_write_quoted(w->b, src);
    pl_i_buf_puts(w->b, "\n");
}

static void entry(rw *w, int level, const char *name)
{
    ind(w, level);
    pl_i_write_quoted(w->b, name);
    pl_i_buf_puts(w->b, ":\n");
}

static const char *rule_name(pl_ratify_rule r)
{
    static const char *const n[] = {"none", "veto", "quota", "referendum", "all", "any", "sequence"};
    return (size_t)r < sizeof n / sizeof *n ? n[r] : "none";
}

static void w_rule(rw *w, const pl_ratification_t *ra, int level, const char *base)
{
    const pl_scenario_t *sc = w->sc;
    kv(w, level, base, "rule", rule_name(ra->rule), 0);
    if (ra->rule == PL_RATIFY_QUOTA && !isnan(ra->quota)) kv(w, level, base, "quota", NULL, ra->quota);
    if (ra->rule == PL_RATIFY_QUOTA && !isnan(ra->total)) kv(w, level, base, "total", NULL, ra->total);
    if (ra->nvoters) {
        bool refer = ra->rule == PL_RATIFY_REFERENDUM;
        const char *key = refer ? "electorate" : "members";
        char mb[2100];
        join(mb, sizeof mb, base, key);
        ind(w, level);
        pl_i_buf_printf(w->b, "%s:\n", key);
        for (size_t k = 0; k < ra->nvoters; k++) {
            /* a veto's members carry no weight: written with weight 1, read back as members */
            kv(w, level + 1, mb, sc->actors[ra->voters[k]].name, NULL, ra->weight[k]);
        }
    }
    if (ra->rule == PL_RATIFY_REFERENDUM) {
        if (ra->majority != 0.5) kv(w, level, base, "majority", NULL, ra->majority);
        if (!isnan(ra->turnout)) kv(w, level, base, "turnout", NULL, ra->turnout);
        if (!isnan(ra->floor)) kv(w, level, base, "floor", NULL, ra->floor);
    }
    if (ra->nroutes) {
        char rb[2100];
        join(rb, sizeof rb, base, "routes");
        ind(w, level);
        pl_i_buf_puts(w->b, "routes:\n");
        for (size_t k = 0; k < ra->nroutes; k++) {
            char sub[2300];
            const char *nm = ra->routes[k].name ? ra->routes[k].name : "route";
            join(sub, sizeof sub, rb, nm);
            entry(w, level + 1, nm);
            w_rule(w, &ra->routes[k], level + 2, sub);
        }
    }
    source(w, level, base, ra->source);
}

static void w_names(rw *w, const size_t *a, size_t n)
{
    pl_i_buf_puts(w->b, "[");
    for (size_t k = 0; k < n; k++) {
        if (k) pl_i_buf_puts(w->b, ", ");
        pl_i_write_quoted(w->b, w->sc->actors[a[k]].name);
    }
    pl_i_buf_puts(w->b, "]\n");
}

static void w_decision(rw *w)
{
    const pl_decision_t *d = &w->sc->decision;
    bool any = d->rule != PL_DECIDE_UNANIMITY || d->nwalked_out || d->nrequired || d->source ||
               d->pos.line;
    if (!any) return;
    static const char *const rules[] = {"unanimity", "consensus", "majority"};
    static const char *const weights[] = {"count", "clout", "seats"};
    pl_i_buf_puts(w->b, "\ndecision:\n");
    kv(w, 1, "decision", "rule", rules[d->rule], 0);
    if (d->weight != PL_WEIGHT_COUNT) kv(w, 1, "decision", "weight", weights[d->weight], 0);
    if (d->rule == PL_DECIDE_CONSENSUS && !isnan(d->quota)) kv(w, 1, "decision", "quota", NULL, d->quota);
    if (d->nrequired) {
        ind(w, 1);
        pl_i_buf_puts(w->b, "required: ");
        w_names(w, d->required, d->nrequired);
    }
    if (d->ngroups) {
        ind(w, 1);
        pl_i_buf_puts(w->b, "groups:\n");
        for (size_t g = 0; g < d->ngroups; g++) {
            ind(w, 2);
            pl_i_write_quoted(w->b, d->groups[g].name);
            pl_i_buf_puts(w->b, ": ");
            w_names(w, d->groups[g].members, d->groups[g].nmembers);
        }
    }
    if (d->nwalked_out) {
        ind(w, 1);
        pl_i_buf_puts(w->b, "walked_out: ");
        w_names(w, d->walked_out, d->nwalked_out);
    }
    source(w, 1, "decision", d->source);
}

static void w_conditions(rw *w, const char *key, const pl_condition_t *c, size_t n)
{
    ind(w, 2);
    pl_i_buf_printf(w->b, "%s: {", key);
    for (size_t k = 0; k < n; k++) {
        const pl_issue_t *is = &w->sc->issues[c[k].issue];
        if (k) pl_i_buf_puts(w->b, ", ");
        pl_i_write_quoted(w->b, is->name);
        pl_i_buf_puts(w->b, ": [");
        size_t j = 0;
        for (size_t v = 0; v < is->nvalues; v++) {
            if (!c[k].allowed[v]) continue;
            if (j++) pl_i_buf_puts(w->b, ", ");
            if (is->kind == PL_ISSUE_CATEGORICAL) pl_i_write_quoted(w->b, is->values[v]);
            else num(w, is->numeric[v]);
        }
        pl_i_buf_puts(w->b, "]");
    }
    pl_i_buf_puts(w->b, "}\n");
}

void pl_i_write_rules(pl_i_buf_t *b, const pl_scenario_t *sc)
{
    rw w = {b, sc};
    size_t nr = 0;
    for (size_t r = 0; r < sc->nratifications; r++) nr += sc->ratifications[r].rule != PL_RATIFY_NONE;
    if (nr) {
        pl_i_buf_puts(b, "\nratification:\n");
        for (size_t r = 0; r < sc->nratifications; r++) {
            const pl_ratification_t *ra = &sc->ratifications[r];
            if (ra->rule == PL_RATIFY_NONE) continue;
            const char *pn = sc->actors[ra->party].name;
            char base[2048];
            join(base, sizeof base, "ratification", pn);
            entry(&w, 1, pn);
            w_rule(&w, ra, 2, base);
        }
    }
    w_decision(&w);
    if (sc->nconstraints) {
        pl_i_buf_puts(b, "\nconstraints:\n");
        for (size_t c = 0; c < sc->nconstraints; c++) {
            const pl_constraint_t *k = &sc->constraints[c];
            char base[2048];
            join(base, sizeof base, "constraints", k->name);
            entry(&w, 1, k->name);
            if (k->nthen == 0) {
                w_conditions(&w, "forbid", k->when, k->nwhen);
            } else {
                w_conditions(&w, "if", k->when, k->nwhen);
                w_conditions(&w, "then", k->then, k->nthen);
            }
            source(&w, 2, base, k->source);
        }
    }
}
