/*
 * cli_rules.c: how the commands show the agreement rules: a ratification rule in one line, the
 * decision rule and the constraints (check), and a party's ratification of one package vote by
 * vote, with margins and pivotal voters (analyze).
 */
#include "cli.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const rule_names[] = {"none", "veto", "quota", "referendum", "all of",
                                         "any of", "in sequence"};

static size_t put(char *buf, size_t size, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static size_t put(char *buf, size_t size, size_t at, const char *fmt, ...)
{
    if (at >= size) return at;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + at, size - at, fmt, ap);
    va_end(ap);
    return n < 0 ? at : at + (size_t)n;
}

static size_t rule_text(const pl_scenario_t *sc, const pl_ratification_t *ra, char *buf,
                        size_t size, size_t at)
{
    switch (ra->rule) {
    case PL_RATIFY_VETO:
        if (!ra->nvoters) return put(buf, size, at, "veto (every faction must accept)");
        at = put(buf, size, at, "veto of");
        for (size_t k = 0; k < ra->nvoters; k++)
            at = put(buf, size, at, "%s %s", k ? "," : "", sc->actors[ra->voters[k]].name);
        return at;
    case PL_RATIFY_QUOTA:
        at = put(buf, size, at, "quota %g", ra->quota);
        if (!isnan(ra->total)) at = put(buf, size, at, " of %g", ra->total);
        at = put(buf, size, at, " seats");
        if (ra->nvoters) at = put(buf, size, at, " among %zu listed members", ra->nvoters);
        return at;
    case PL_RATIFY_REFERENDUM:
        at = put(buf, size, at, "referendum of %zu bloc%s, more than %g%% yes", ra->nvoters,
                 ra->nvoters == 1 ? "" : "s", 100 * ra->majority);
        if (!isnan(ra->turnout)) at = put(buf, size, at, ", turnout %g%%", 100 * ra->turnout);
        if (!isnan(ra->floor)) at = put(buf, size, at, ", yes >= %g%% of the electorate", 100 * ra->floor);
        return at;
    case PL_RATIFY_ALL:
    case PL_RATIFY_ANY:
    case PL_RATIFY_SEQUENCE:
        at = put(buf, size, at, "%s: ", rule_names[ra->rule]);
        for (size_t k = 0; k < ra->nroutes; k++) {
            at = put(buf, size, at, "%s%s (", k ? (ra->rule == PL_RATIFY_SEQUENCE ? ", then " : "; ") : "",
                     ra->routes[k].name ? ra->routes[k].name : "route");
            at = rule_text(sc, &ra->routes[k], buf, size, at);
            at = put(buf, size, at, ")");
        }
        return at;
    case PL_RATIFY_NONE: break;
    }
    return put(buf, size, at, "none");
}

void cli_rule_text(const pl_scenario_t *sc, const pl_ratification_t *ra, char *buf, size_t size)
{
    if (size) buf[0] = '\0';
    rule_text(sc, ra, buf, size, 0);
}

static void names(const pl_scenario_t *sc, const size_t *a, size_t n, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < n; k++) at = put(buf, size, at, "%s%s", k ? ", " : "", sc->actors[a[k]].name);
}

void cli_print_rules(const pl_scenario_t *sc)
{
    const pl_decision_t *d = &sc->decision;
    char buf[1024];
    if (d->rule != PL_DECIDE_UNANIMITY || d->nwalked_out) {
        static const char *const w[] = {"one per party", "clout", "seats"};
        printf("\ndecision at the table: %s", d->rule == PL_DECIDE_CONSENSUS ? "sufficient consensus"
                                             : d->rule == PL_DECIDE_MAJORITY ? "majority" : "unanimity");
        if (d->rule == PL_DECIDE_CONSENSUS) printf(", at least %g%% of the weight (%s)", 100 * d->quota, w[d->weight]);
        if (d->rule == PL_DECIDE_MAJORITY) printf(", more than half of the weight (%s)", w[d->weight]);
        printf("\n");
        cli_define(stdout, "  ", "decision rule");
        if (d->nrequired) {
            names(sc, d->required, d->nrequired, buf, sizeof buf);
            printf("  required: %s\n", buf);
        }
        for (size_t g = 0; g < d->ngroups; g++) {
            names(sc, d->groups[g].members, d->groups[g].nmembers, buf, sizeof buf);
            printf("  group %s, by itself the same share: %s\n", d->groups[g].name, buf);
        }
        if (d->nwalked_out) {
            names(sc, d->walked_out, d->nwalked_out, buf, sizeof buf);
            printf("  walked out: %s\n", buf);
        }
    }
    if (sc->nconstraints) {
        printf("\nconstraints (%zu):\n", sc->nconstraints);
        cli_define(stdout, "  ", "constraint");
        for (size_t c = 0; c < sc->nconstraints; c++) {
            const pl_constraint_t *k = &sc->constraints[c];
            size_t at = 0;
            buf[0] = '\0';
            for (int part = 0; part < 2; part++) {
                const pl_condition_t *cs = part ? k->then : k->when;
                size_t n = part ? k->nthen : k->nwhen;
                if (part && !n) break;
                at = put(buf, sizeof buf, at, "%s", part ? " then " : k->nthen ? "if " : "never ");
                for (size_t j = 0; j < n; j++) {
                    const pl_issue_t *is = &sc->issues[cs[j].issue];
                    size_t nv = 0;
                    for (size_t v = 0; v < is->nvalues; v++) nv += cs[j].allowed[v];
                    at = put(buf, sizeof buf, at, "%s%s %s ", j ? " and " : "", is->name,
                             nv == 1 ? "is" : "in");
                    size_t q = 0;
                    if (nv > 1) at = put(buf, sizeof buf, at, "[");
                    for (size_t v = 0; v < is->nvalues; v++)
                        if (cs[j].allowed[v]) at = put(buf, sizeof buf, at, "%s%s", q++ ? ", " : "", is->values[v]);
                    if (nv > 1) at = put(buf, sizeof buf, at, "]");
                }
            }
            printf("  %s: %s\n", k->name, buf);
        }
    }
}

void cli_print_ratification(const pl_model_t *m, size_t party, const size_t *o, const char *indent)
{
    pl_route_report_t rep[32];
    size_t n = pl_model_ratify_explain(m, party, o, rep, 32);
    if (n > 32) n = 32;
    for (size_t k = 0; k < n; k++) {
        const pl_route_report_t *r = &rep[k];
        printf("%s%*s%s%s", r->depth ? indent : "", 2 * r->depth, "", r->name ? r->name : pl_model_actor_name(m, party),
               r->name ? "" : " ratification");
        if (!r->tried) {
            printf(": not needed\n");
            continue;
        }
        printf(": %s", r->passes ? "passes" : "fails");
        if (r->rule == PL_RATIFY_REFERENDUM) {
            printf(" %.1f to %.1f", r->yes, r->no);
            if (!isnan(r->floor))
                printf(" (yes %.1f%% of the electorate, floor %.1f%%)", r->yes_electorate, r->floor);
        } else if (r->rule == PL_RATIFY_QUOTA) {
            printf(" %g of %g seats needed (margin %+g)", r->yes, r->needed, r->margin);
        } else if (r->rule == PL_RATIFY_VETO) {
            printf(" (%g of %g members accept)", r->yes, r->needed);
        } else {
            printf(" (%s)", rule_names[r->rule]);
        }
        if (r->npivotal && r->rule != PL_RATIFY_ALL && r->rule != PL_RATIFY_ANY && r->rule != PL_RATIFY_SEQUENCE) {
            printf("; %s: ", r->passes ? "pivotal, each alone would fail it" : "would carry it by turning");
            for (size_t j = 0; j < r->npivotal; j++)
                printf("%s%s", j ? ", " : "", pl_model_actor_name(m, r->pivotal[j]));
        }
        printf("\n");
    }
}
