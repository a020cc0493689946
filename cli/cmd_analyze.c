/*
 * cmd_analyze.c: `parley analyze FILE|DIR [--json] [--variant V] [--actors a,b]`: the exact
 * analysis of a scenario or GENIUS folder: space, zone of agreement under mandates and
 * ratification, Pareto frontier, the four bargaining points, proposals, reservations.
 * JSON schema: docs/analysis.md. Exit 0 done, 1 failure (diagnostics on stderr), 2 usage.
 */
#include "cli.h"
#include "progress.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const analyze_usage[] = {
    "usage: parley analyze <file|dir> [--json] [--variant <name>] [--actors <a,b,...>]",
    "                      [--time-limit <seconds>] [--max-work <n>] [--quiet]",
    "",
    "Exact analysis of a scenario file or a GENIUS folder: the outcome space, the zone of",
    "possible agreement (what mandates and ratification leave of it, and who blocks), the Pareto",
    "frontier over rational outcomes, the Nash, Kalai-Smorodinsky, egalitarian and utilitarian",
    "points, every proposal's standing, and linkage-adjusted reservations.",
    NULL};
static const char *const analyze_notes[] = {
    "Without --variant, a scenario that defines variants ends with a comparison of the zone",
    "across them. Exit status: 0 done, 1 failure, 2 usage.",
    NULL};

struct analyze_args {
    const char *path, *variant, *actors;
    int json, quiet;
    double time_limit;
    uint64_t max_work;
};

/* The up-front work estimate (docs/limits.md): an exact frontier for 3 or more actors grows
 * with the outcome space (the skyline of a 60-issue x 20-option space never finishes), so
 * outcomes x actors above this is refused before the work; --max-work raises it. */
#define ANALYZE_MAX_WORK 200000000ULL
static uint64_t max_work = ANALYZE_MAX_WORK;
#define A struct analyze_args
static const cli_option_t analyze_options[] = {
    CLI_OPERAND(A, path, "<file|dir>", NULL),
    CLI_FLAG(0, "json", A, json, "print the analysis as JSON (schema in docs/analysis.md)"),
    CLI_STRING(0, "variant", A, variant, "<name>", "apply this variant of the scenario (default: the base)"),
    CLI_STRING(0, "actors", A, actors, "<a,b,...>", "analyse the frontier and points for these actors (default: parties)"),
    CLI_DOUBLE(0, "time-limit", A, time_limit, "<seconds>", "stop the rectangle search after this long and report what it found, with a bound on what is missing; the zone's enumeration too, whatever its size, counting part of the space; likewise the rational count's and the frontier's enumerations and each partial proposal over its limit, each separately (default: none, but 60 s for the rectangle search)", 0, 1e9),
    CLI_UINT64(0, "max-work", A, max_work, "<n>", "with 3 or more actors: refuse when outcomes x actors exceed n\n"
               "(default 200000000); also the zone's limit on outcomes x\n"
               "parties and factions (default 1000000000) and a partial\n"
               "proposal's on completions x actors (default 100000000;\n"
               "docs/limits.md)"),
    CLI_FLAG(0, "quiet", A, quiet, "no progress bar on stderr"),
    CLI_END};
#undef A
static const cli_command_t analyze_cmd = {analyze_usage, analyze_options, analyze_notes};

typedef struct loaded {
    pl_scenario_t *sc;
    pl_model_t *m;
    pl_analysis_t *an;
} loaded;

static void loaded_free(loaded *l)
{
    pl_analysis_free(l->an);
    pl_model_free(l->m);
    pl_scenario_free(l->sc);
    memset(l, 0, sizeof *l);
}

/* parse "a,b" into actor indices; returns 0 ok, else prints the problem */
static int parse_actors(const pl_scenario_t *sc, const char *list, size_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!list) return 0;
    char *copy = strdup(list);
    size_t cap = 1;
    for (const char *p = list; *p; p++) cap += *p == ',';
    size_t *a = calloc(cap, sizeof *a);
    if (!copy || !a) {
        free(copy);
        free(a);
        return cli_error("out of memory");
    }
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        size_t len = strlen(tok);
        while (len && tok[len - 1] == ' ') tok[--len] = '\0';
        size_t idx = pl_scenario_find_actor(sc, tok);
        if (idx == PL_UNSET) {
            int rc = cli_command_error(&analyze_cmd, "unknown actor '%s' in --actors", tok);
            free(copy);
            free(a);
            return rc;
        }
        for (size_t j = 0; j < *n; j++) {
            if (a[j] == idx) {
                int rc = cli_command_error(&analyze_cmd, "actor '%s' named twice in --actors", tok);
                free(copy);
                free(a);
                *n = 0;
                return rc;
            }
        }
        a[(*n)++] = idx;
    }
    free(copy);
    if (*n == 0) {
        free(a);
        return cli_command_error(&analyze_cmd, "--actors names no actor");
    }
    *out = a;
    return 0;
}

/* --time-limit, --max-work (for the zone), --quiet: one command analyses one scenario (and its
 * variants), so they are set once */
static double analyze_time_limit;
static uint64_t zone_max_work;
static bool analyze_quiet;

static int load_and_analyse(const char *path, const char *variant, const char *actors, loaded *l)
{
    pl_error_t err;
    pl_error_init(&err);
    int rc = 0;
    size_t *act = NULL, nact = 0;
    if (cli_scenario_load(path, variant, &l->sc, &err) != PL_OK ||
        pl_model_compile(l->sc, &l->m, &err) != PL_OK) {
        rc = cli_report(&err);
        goto done;
    }
    rc = parse_actors(l->sc, actors, &act, &nact);
    if (rc) goto done;
    size_t k = nact ? nact : pl_model_nparties(l->m);
    uint64_t space;
    bool fits = pl_model_space_size(l->m, &space);
    if (k >= 3 && (!fits || (double)space * (double)k > (double)max_work)) {
        char buf[128];
        rc = cli_error("the outcome space has %s outcomes and the frontier %zu actors: an exact "
                       "analysis would take too long (outcomes x actors over %llu); raise the "
                       "limit with --max-work, or choose 2 actors with --actors",
                       pl_model_space_size_str(l->m, buf, sizeof buf), k,
                       (unsigned long long)max_work);
        goto done;
    }
    pl_analysis_options_t opt;
    pl_analysis_options_init(&opt);
    opt.actors = act;
    opt.nactors = nact;
    opt.time_limit = analyze_time_limit;
    opt.max_zone_work = zone_max_work;
    opt.max_proposal_work = zone_max_work;
    cli_progress_t bar;
    opt.progress = cli_progress_start(&bar, "outcomes", analyze_quiet);
    opt.progress_ctx = &bar;
    if (pl_analysis_run(l->m, &opt, &l->an, &err) != PL_OK) rc = cli_report(&err);
    cli_progress_end(&bar);
done:
    free(act);
    pl_error_destroy(&err);
    if (rc) loaded_free(l);
    return rc;
}

static const char *aname(const pl_scenario_t *sc, size_t a)
{
    return a < sc->nactors ? sc->actors[a].name : "?";
}

static const char *vlabel(const pl_scenario_t *sc, size_t i, size_t v)
{
    return v == PL_UNSET ? "(open)" : sc->issues[i].values[v];
}

static void print_note(const char *what, const char *src)
{
    if (src && *src) printf("    [%s] %s\n", what, src);
}

/* ---- human output ---- */

static void print_reservations(const loaded *l)
{
    const pl_scenario_t *sc = l->sc;
    const pl_model_t *m = l->m;
    cli_table_t t;
    cli_table_init(&t, 6);
    for (size_t c = 2; c < 6; c++) cli_table_align_right(&t, c);
    cli_table_addf(&t, "actor\trole\treservation\tlinkages\taccepts when u >=\texpected no deal");
    bool part = false;
    for (size_t a = 0; a < sc->nactors; a++) {
        if (!pl_model_has_preferences(m, a)) continue;
        /* what the one acceptance rule asks: the participation level when it is higher */
        bool p = pl_model_need(m, a) > pl_model_threshold(m, a);
        part = part || p;
        cli_table_addf(&t, "%s\t%s\t%.3f\t%+.3f\t%.3f%s\t%.3f", sc->actors[a].name,
                       pl_role_name(sc->actors[a].role), pl_model_reservation(m, a),
                       pl_model_linkage_shift(m, a), pl_model_need(m, a), p ? " *" : "",
                       pl_model_expected_no_deal(m, a));
    }
    printf("\nReservations (linkage-adjusted: a deal is accepted when utility >= reservation +\n"
           "sum over linkages of (p_no_deal - p_deal) * effect)\n");
    cli_table_print(&t, stdout, 2, 1);
    cli_table_destroy(&t);
    if (part)
        printf("  * the participation level: an absent party engages (and agrees) only from there;\n"
               "    it is rational from its threshold (the frontier's test)\n");
    char path[512];
    for (size_t a = 0; a < sc->nactors; a++) {
        snprintf(path, sizeof path, "actors.%s.reservation", sc->actors[a].name);
        const char *src = pl_scenario_source(sc, path);
        if (src) {
            snprintf(path, sizeof path, "%s reservation", sc->actors[a].name);
            print_note(path, src);
        }
    }
    for (size_t k = 0; k < sc->nlinkages; k++) {
        const pl_linkage_t *lk = &sc->linkages[k];
        printf("  linkage '%s': %s acts (%s) with p = %.2f if a deal, %.2f if none%s%s\n",
               lk->name, aname(sc, lk->actor), lk->action ? lk->action : "", lk->p_deal,
               lk->p_no_deal, lk->within ? ", within " : "", lk->within ? lk->within : "");
        print_note(lk->name, lk->source);
    }
}

static void print_zone(const loaded *l)
{
    const pl_scenario_t *sc = l->sc;
    const pl_analysis_t *an = l->an;
    const pl_zone_t *z = &an->zone;
    printf("\nZone of possible agreement\n");
    cli_define(stdout, "  ", "zone of possible agreement");
    if (!z->known && z->over_limit) {
        printf("  not counted: enumerating %s outcomes for %llu parties and factions would take too\n"
               "  long (outcomes x actors = %llu, over %llu); raise the limit with --max-work, or\n"
               "  count part of the space with --time-limit\n", an->outcomes_str,
               (unsigned long long)(z->work / (an->outcomes ? an->outcomes : 1)),
               (unsigned long long)z->work,
               (unsigned long long)(zone_max_work ? zone_max_work : PL_ANALYSIS_MAX_ZONE_WORK));
        return;
    }
    if (!z->known) {
        printf("  the space (%s outcomes) is too large to enumerate for the zone\n",
               an->outcomes_str);
        return;
    }
    cli_table_t t;
    cli_table_init(&t, 3);
    cli_table_align_right(&t, 1);
    cli_table_align_right(&t, 2);
    double total = an->outcomes_fit && an->outcomes ? (double)an->outcomes : 1;
    cli_table_addf(&t, "outcomes\tcount\tshare");
    cli_table_addf(&t, "in the space\t%s\t100%%", an->outcomes_str);
    if (sc->nconstraints)
        cli_table_addf(&t, "allowed by the constraints\t%llu\t%.1f%%", (unsigned long long)z->allowed,
                       100.0 * (double)z->allowed / total);
    pl_decision_rule dr = pl_model_decision_rule(l->m);
    cli_table_addf(&t, "%s\t%llu\t%.1f%%",
                   dr == PL_DECIDE_UNANIMITY ? "every party accepts"
                   : dr == PL_DECIDE_CONSENSUS ? "the table agrees (consensus)"
                                               : "the table agrees (majority)",
                   (unsigned long long)z->accepted, 100.0 * (double)z->accepted / total);
    bool has_mandate = false, has_rat = sc->nratifications > 0;
    for (size_t a = 0; a < sc->nactors; a++)
        if (sc->actors[a].role == PL_ROLE_DELEGATION && sc->actors[a].mandate) has_mandate = true;
    if (has_mandate)
        cli_table_addf(&t, "  of which outside a mandate\t%llu\t%.1f%%",
                       (unsigned long long)z->out_of_mandate, 100.0 * (double)z->out_of_mandate / total);
    if (has_rat)
        cli_table_addf(&t, "  of which not ratified\t%llu\t%.1f%%",
                       (unsigned long long)z->not_ratified, 100.0 * (double)z->not_ratified / total);
    cli_table_addf(&t, "feasible (mandates, ratification)\t%llu\t%.1f%%",
                   (unsigned long long)z->feasible, 100.0 * (double)z->feasible / total);
    cli_table_print(&t, stdout, 2, 1);
    cli_table_destroy(&t);
    if (z->partial)
        printf("  partial: the time limit stopped the enumeration after %llu of %s outcomes; the\n"
               "  counts cover those (the rejections of additive parties without constraints cover\n"
               "  the whole space)\n", (unsigned long long)z->examined, an->outcomes_str);

    cli_table_t b;
    cli_table_init(&b, 4);
    cli_table_align_right(&b, 2);
    cli_table_align_right(&b, 3);
    cli_table_addf(&b, "actor\trole\trejects (%s)\tblocks (%s)",
                   sc->nconstraints ? "allowed outcomes" : "whole space",
                   pl_model_decision_rule(l->m) == PL_DECIDE_UNANIMITY ? "accepted by every party"
                                                                       : "agreed at the table");
    for (size_t a = 0; a < sc->nactors; a++) {
        if (!z->rejects[a] && !z->blocks[a]) continue;
        cli_table_addf(&b, "%s\t%s\t%llu\t%llu", sc->actors[a].name,
                       pl_role_name(sc->actors[a].role), (unsigned long long)z->rejects[a],
                       (unsigned long long)z->blocks[a]);
    }
    if (b.nrows > 1) {
        printf("\n  Who says no\n");
        cli_table_print(&b, stdout, 2, 1);
    }
    cli_table_destroy(&b);
    for (size_t r = 0; r < sc->nratifications; r++) {
        const pl_ratification_t *ra = &sc->ratifications[r];
        if (ra->rule == PL_RATIFY_NONE) continue;
        if (ra->rule == PL_RATIFY_QUOTA && isnan(ra->total) && !ra->nvoters)
            printf("  ratification of %s: %g accepting seats needed\n", aname(sc, ra->party),
                   ra->quota);
        else if (ra->rule == PL_RATIFY_QUOTA && !ra->nvoters)
            printf("  ratification of %s: %g of %g seats needed\n", aname(sc, ra->party),
                   ra->quota, ra->total);
        else if (ra->rule == PL_RATIFY_VETO && !ra->nvoters)
            printf("  ratification of %s: every faction may veto\n", aname(sc, ra->party));
        else {
            char text[1024];
            cli_rule_text(sc, ra, text, sizeof text);
            printf("  ratification of %s: %s\n", aname(sc, ra->party), text);
        }
        print_note("ratification", ra->source);
    }
}

static void points_table(const loaded *l, const pl_points_t *pts);

static void print_points(const loaded *l)
{
    const pl_scenario_t *sc = l->sc;
    const pl_analysis_t *an = l->an;
    printf("\nPareto frontier over rational outcomes (%zu actors", an->k);
    for (size_t j = 0; j < an->k; j++) printf("%s%s", j ? ", " : ": ", aname(sc, an->actors[j]));
    printf(")\n");
    cli_define(stdout, "  ", "Pareto frontier");
    if (an->rational_all)
        printf("  rational outcomes (all of these actors accept): all %s\n", an->outcomes_str);
    else if (an->rational_known)
        printf("  rational outcomes (all of these actors accept): %llu\n",
               (unsigned long long)an->rational);
    else if (an->rational_stopped)
        printf("  rational outcomes (all of these actors accept): at least %llu, at most %llu (the\n"
               "  time limit stopped the count after %llu of %s outcomes)\n",
               (unsigned long long)an->rational_min, (unsigned long long)an->rational_max,
               (unsigned long long)an->rational_examined, an->outcomes_str);
    else if (an->rational_bounded && an->rational_max == UINT64_MAX)
        printf("  rational outcomes (all of these actors accept): at least %llu (search budget "
               "spent)\n", (unsigned long long)an->rational_min);
    else if (an->rational_bounded)
        printf("  rational outcomes (all of these actors accept): at least %llu, at most %llu "
               "(search budget spent)\n",
               (unsigned long long)an->rational_min, (unsigned long long)an->rational_max);
    else
        printf("  rational outcomes: not counted (the space is too large to enumerate)\n");
    if (!an->frontier) {
        printf("  frontier not computed: %s\n", an->frontier_message);
        return;
    }
    const pl_frontier_t *f = an->frontier;
    printf("  frontier: %llu%s outcomes, %zu distinct utility vectors (%s)\n",
           (unsigned long long)f->total, f->saturated ? "+" : "", f->npoints, f->method);
    if (!f->exact && f->examined)
        printf("  not exact: the time limit stopped the enumeration after %llu of %s outcomes;\n"
               "  these are the points found so far (the frontier of those outcomes, and the\n"
               "  bargaining points below are over them); nothing bounds what the rest holds\n",
               (unsigned long long)f->examined, an->outcomes_str);
    else if (!f->exact && isinf(f->gap))
        printf("  not exact: the time limit stopped the search after %llu nodes, before it found "
               "a rational outcome\n", (unsigned long long)f->nodes);
    else if (!f->exact)
        printf("  not exact: the time limit stopped the search after %llu nodes; these are the "
               "points found so far,\n  and every rational outcome missing is within %.6f of "
               "being weakly dominated by one of them\n",
               (unsigned long long)f->nodes, f->gap);
    else if (f->nodes)
        printf("  exact: the search was exhausted after %llu nodes\n", (unsigned long long)f->nodes);
    if (!an->points.nash.found) {
        printf("  no outcome is rational: no bargaining point\n");
    } else {
        printf("\n  bargaining points over the rational set (every chosen actor accepts)\n");
        points_table(l, &an->points);
    }
    if (!an->zone.known || !an->feasible_kept) {
        printf("\n  bargaining points over the feasible set: not computed (%s)\n",
               an->zone.partial      ? "the zone was counted in part"
               : an->zone.known      ? "too many feasible outcomes"
               : an->zone.over_limit ? "the zone was not counted"
                                     : "the space is too large to enumerate");
    } else if (!an->feasible_points.nash.found) {
        printf("\n  no outcome is feasible: no bargaining point over the feasible set\n");
    } else {
        printf("\n  bargaining points over the feasible set (mandates, ratification, decision rule,\n"
               "  participation and constraints)\n");
        points_table(l, &an->feasible_points);
    }
}

static void points_table(const loaded *l, const pl_points_t *pts)
{
    const pl_scenario_t *sc = l->sc;
    const pl_analysis_t *an = l->an;
    const pl_solution_t *s[4] = {&pts->nash, &pts->ks, &pts->egalitarian, &pts->utilitarian};
    cli_table_t t;
    cli_table_init(&t, 5);
    cli_table_addf(&t, "\tNash\tKalai-Smorodinsky\tegalitarian\tutilitarian");
    for (size_t i = 0; i < sc->nissues; i++) {
        const char *c[5] = {sc->issues[i].name, vlabel(sc, i, s[0]->outcome[i]),
                            vlabel(sc, i, s[1]->outcome[i]), vlabel(sc, i, s[2]->outcome[i]),
                            vlabel(sc, i, s[3]->outcome[i])};
        cli_table_add(&t, c);
    }
    for (size_t j = 0; j < an->k; j++) {
        char cell[4][32], name[256];
        snprintf(name, sizeof name, "u(%s)", aname(sc, an->actors[j]));
        for (int p = 0; p < 4; p++) snprintf(cell[p], sizeof cell[p], "%.4f", s[p]->u[j]);
        const char *c[5] = {name, cell[0], cell[1], cell[2], cell[3]};
        cli_table_add(&t, c);
    }
    printf("\n");
    cli_table_print(&t, stdout, 2, 1);
    cli_table_destroy(&t);
}

static void print_proposals(const loaded *l)
{
    const pl_scenario_t *sc = l->sc;
    const pl_model_t *m = l->m;
    const pl_analysis_t *an = l->an;
    if (!an->nproposals) return;
    printf("\nProposals\n");
    /* packages side by side */
    cli_table_t pk;
    size_t np = an->nproposals;
    cli_table_init(&pk, np + 1);
    const char **row = calloc(np + 1, sizeof *row);
    if (!row) return;
    row[0] = "";
    for (size_t p = 0; p < np; p++) row[p + 1] = sc->proposals[p].name;
    cli_table_add(&pk, row);
    for (size_t i = 0; i < sc->nissues; i++) {
        row[0] = sc->issues[i].name;
        for (size_t p = 0; p < np; p++) row[p + 1] = vlabel(sc, i, sc->proposals[p].value[i]);
        cli_table_add(&pk, row);
    }
    char (*cells)[48] = calloc(np + 1, sizeof *cells);
    char label[256];
    for (size_t a = 0; a < sc->nactors && cells; a++) {
        if (!an->proposals[0].has_utility[a]) continue;
        snprintf(label, sizeof label, "u(%s)", sc->actors[a].name);
        row[0] = label;
        for (size_t p = 0; p < np; p++) {
            const pl_proposal_report_t *r = &an->proposals[p];
            if (r->completions == UINT64_MAX || r->over_limit) snprintf(cells[p], 48, "?");
            else if (r->partial)
                snprintf(cells[p], 48, "%.3f-%.3f%s", r->u_min[a], r->u_max[a],
                         r->accepts[a] ? "" : " no");
            else snprintf(cells[p], 48, "%.3f %s", r->u_min[a], r->accepts[a] ? "yes" : "no");
            row[p + 1] = cells[p];
        }
        cli_table_add(&pk, row);
    }
    cli_table_print(&pk, stdout, 2, 1);
    cli_table_destroy(&pk);
    printf("  (u = utility, yes/no = accepts: requirements met and u above the threshold)\n\n");

    cli_table_t t;
    cli_table_init(&t, 6);
    cli_table_align_right(&t, 5);
    cli_define(stdout, "  ", "distance to the frontier");
    printf("  'to Nash' is that distance to the Nash point; 'dominated': some rational outcome is at least\n"
           "  as good for every chosen actor and better for one.\n");
    cli_table_addf(&t, "proposal\tevery party\tratified\tmandates\tPareto\tto Nash");
    for (size_t p = 0; p < np && cells; p++) {
        const pl_proposal_report_t *r = &an->proposals[p];
        char acc[256] = "", rat[256] = "", man[256] = "", par[64] = "", dist[32] = "";
        if (r->over_limit) {
            snprintf(acc, sizeof acc, "not gone through (see below)");
        } else if (r->stopped) {
            snprintf(acc, sizeof acc, "%llu of the first %llu completions feasible",
                     (unsigned long long)r->in_zone, (unsigned long long)r->examined);
        } else if (r->partial) {
            snprintf(acc, sizeof acc, "%llu of %llu completions feasible",
                     (unsigned long long)r->in_zone, (unsigned long long)r->completions);
        } else {
            bool all = true;
            size_t pos = 0;
            for (size_t q = 0; q < pl_model_nparties(m); q++)
                if (!r->accepts[pl_model_party(m, q)]) {
                    all = false;
                    if (pos >= sizeof acc) break;
                    pos += (size_t)snprintf(acc + pos, sizeof acc - pos, "%s%s",
                                            pos ? ", " : "no: ", aname(sc, pl_model_party(m, q)));
                }
            if (all) snprintf(acc, sizeof acc, "all accept");
            if (r->ratified) snprintf(rat, sizeof rat, "yes");
            else {
                size_t pos2 = 0;
                for (size_t q = 0; q < pl_model_nparties(m); q++)
                    if (r->blocker[q] != PL_UNSET && pos2 < sizeof rat)
                        pos2 += (size_t)snprintf(rat + pos2, sizeof rat - pos2, "%sno (%s)",
                                                 pos2 ? ", " : "", aname(sc, r->blocker[q]));
            }
            snprintf(man, sizeof man, "%s%s%s", r->within_mandates ? "within" : "outside (",
                     r->within_mandates ? "" : aname(sc, r->mandate_blocker),
                     r->within_mandates ? "" : ")");
            if (!an->frontier) snprintf(par, sizeof par, "?");
            else if (r->dominated) snprintf(par, sizeof par, "dominated");
            else snprintf(par, sizeof par, "optimal");
            if (!isnan(r->nash_distance)) snprintf(dist, sizeof dist, "%.3f", r->nash_distance);
        }
        const char *c[6] = {sc->proposals[p].name, acc, rat, man, par, dist};
        cli_table_add(&t, c);
    }
    cli_table_print(&t, stdout, 2, 1);
    cli_table_destroy(&t);
    for (size_t p = 0; p < np; p++) {
        const pl_proposal_report_t *r = &an->proposals[p];
        const pl_proposal_t *pr = &sc->proposals[p];
        if (pr->amends != PL_UNSET)
            printf("  %s amends %s\n", pr->name, sc->proposals[pr->amends].name);
        if (r->over_limit)
            printf("  %s: not gone through: %llu completions x %llu actors with preferences would\n"
                   "  take too long (over %llu); raise the limit with --max-work, or go through part\n"
                   "  of them with --time-limit\n", pr->name, (unsigned long long)r->completions,
                   (unsigned long long)(r->work / r->completions),
                   (unsigned long long)(zone_max_work ? zone_max_work
                                                      : PL_ANALYSIS_MAX_PROPOSAL_WORK));
        else if (r->stopped)
            printf("  %s: partial: the time limit stopped it after %llu of %llu completions; its\n"
                   "  utilities, acceptance and feasible completions are over those only\n",
                   pr->name, (unsigned long long)r->examined, (unsigned long long)r->completions);
        if (r->feasible_dominated) {
            /* dominance within the feasible set: a package the rules let the table agree to */
            printf("  %s is dominated within the feasible set by the package with these changes:", pr->name);
            size_t nch = 0;
            for (size_t i = 0; i < sc->nissues; i++) {
                size_t v = r->feasible_dominator[i];
                if (v != pr->value[i])
                    printf("%s %s %s -> %s", nch++ ? ";" : "", sc->issues[i].name,
                           pr->value[i] == PL_UNSET ? "(open)" : vlabel(sc, i, pr->value[i]), vlabel(sc, i, v));
            }
            printf(" (utilities then: ");
            for (size_t j = 0; j < an->k; j++)
                printf("%s%s %.3f", j ? ", " : "", aname(sc, an->actors[j]), r->feasible_dominator_u[j]);
            printf(")\n");
        }
        if (!r->partial)
            for (size_t q = 0; q < pl_model_nparties(m); q++)
                if (pl_model_has_ratification(m, pl_model_party(m, q))) {
                    printf("  %s, ", pr->name);
                    cli_print_ratification(m, pl_model_party(m, q), pr->value, "  ");
                }
        print_note(pr->name, pr->source);
    }
    free(cells);
    free(row);
}

static void print_variants(const char *path, const char *actors, const loaded *base)
{
    const pl_scenario_t *sc = base->sc;
    printf("\nVariants (zone of agreement per variant)\n");
    cli_table_t t;
    cli_table_init(&t, 5);
    for (size_t c = 1; c < 5; c++) cli_table_align_right(&t, c);
    cli_table_addf(&t, "variant\tevery party accepts\toutside a mandate\tnot ratified\tfeasible");
    const pl_zone_t *z = &base->an->zone;
    if (z->known)
        cli_table_addf(&t, "(base)\t%llu\t%llu\t%llu\t%llu", (unsigned long long)z->accepted,
                       (unsigned long long)z->out_of_mandate, (unsigned long long)z->not_ratified,
                       (unsigned long long)z->feasible);
    for (size_t v = 0; v < sc->nvariants; v++) {
        loaded l = {0};
        if (load_and_analyse(path, sc->variants[v].name, actors, &l) != 0) {
            cli_table_addf(&t, "%s\t(failed)\t\t\t", sc->variants[v].name);
            continue;
        }
        z = &l.an->zone;
        if (z->known)
            cli_table_addf(&t, "%s\t%llu\t%llu\t%llu\t%llu", sc->variants[v].name,
                           (unsigned long long)z->accepted, (unsigned long long)z->out_of_mandate,
                           (unsigned long long)z->not_ratified, (unsigned long long)z->feasible);
        else cli_table_addf(&t, "%s\t?\t?\t?\t?", sc->variants[v].name);
        loaded_free(&l);
    }
    cli_table_print(&t, stdout, 2, 1);
    cli_table_destroy(&t);
    for (size_t v = 0; v < sc->nvariants; v++) {
        if (sc->variants[v].description)
            printf("  %s: %s\n", sc->variants[v].name, sc->variants[v].description);
        print_note(sc->variants[v].name, sc->variants[v].source);
    }
}

static void print_human(const char *path, const char *variant, const char *actors, const loaded *l)
{
    const pl_scenario_t *sc = l->sc;
    printf("%s%s%s\n", sc->name ? sc->name : path, variant ? " -- variant: " : "",
           variant ? variant : "");
    if (sc->source) printf("  source: %s\n", sc->source);
    printf("  %zu issues, %zu actors (%zu parties); %s outcomes\n", sc->nissues, sc->nactors,
           pl_model_nparties(l->m), l->an->outcomes_str);
    print_zone(l);
    print_points(l);
    print_proposals(l);
    print_reservations(l);
    if (!variant && sc->nvariants) print_variants(path, actors, l);
}

/* ---- JSON ---- */

static json_t *outcome_json(const pl_scenario_t *sc, const size_t *o)
{
    json_t *obj = json_object();
    for (size_t i = 0; i < sc->nissues; i++) {
        const pl_issue_t *is = &sc->issues[i];
        if (o[i] == PL_UNSET) json_object_set_new(obj, is->name, json_null());
        else if (is->kind == PL_ISSUE_CATEGORICAL)
            json_object_set_new(obj, is->name, json_string(is->values[o[i]]));
        else if (is->kind == PL_ISSUE_INTEGER)
            json_object_set_new(obj, is->name, json_integer((json_int_t)llround(is->numeric[o[i]])));
        else json_object_set_new(obj, is->name, json_real(is->numeric[o[i]]));
    }
    return obj;
}

static json_t *point_json(const pl_scenario_t *sc, const pl_solution_t *s, size_t k)
{
    if (!s->found) return json_null();
    json_t *p = json_object();
    json_object_set_new(p, "outcome", outcome_json(sc, s->outcome));
    json_t *u = json_array();
    for (size_t j = 0; j < k; j++) json_array_append_new(u, json_real(s->u[j]));
    json_object_set_new(p, "utilities", u);
    return p;
}

static json_t *count_json(uint64_t n)
{
    if (n == UINT64_MAX) return json_null();
    return json_integer((json_int_t)n);
}

static json_t *zone_json(const loaded *l)
{
    const pl_zone_t *z = &l->an->zone;
    if (!z->known) return json_null();
    json_t *o = json_object();
    if (z->partial) {
        /* only when the time limit stopped it: the counts are over the first `examined` */
        json_object_set_new(o, "partial", json_true());
        json_object_set_new(o, "examined", json_integer((json_int_t)z->examined));
    }
    json_object_set_new(o, "accepted", count_json(z->accepted));
    json_object_set_new(o, "out_of_mandate", count_json(z->out_of_mandate));
    json_object_set_new(o, "not_ratified", count_json(z->not_ratified));
    json_object_set_new(o, "allowed", count_json(z->allowed));
    json_object_set_new(o, "feasible", count_json(z->feasible));
    json_t *b = json_object(), *r = json_object();
    for (size_t a = 0; a < l->sc->nactors; a++) {
        if (z->blocks[a]) json_object_set_new(b, l->sc->actors[a].name, count_json(z->blocks[a]));
        if (z->rejects[a]) json_object_set_new(r, l->sc->actors[a].name, count_json(z->rejects[a]));
    }
    json_object_set_new(o, "blocks", b);
    json_object_set_new(o, "rejects", r);
    return o;
}

static json_t *proposals_json(const loaded *l)
{
    const pl_scenario_t *sc = l->sc;
    const pl_model_t *m = l->m;
    const pl_analysis_t *an = l->an;
    json_t *arr = json_array();
    for (size_t p = 0; p < an->nproposals; p++) {
        const pl_proposal_report_t *r = &an->proposals[p];
        const pl_proposal_t *pr = &sc->proposals[p];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(pr->name));
        json_object_set_new(o, "amends", pr->amends == PL_UNSET ? json_null()
                                                                : json_string(sc->proposals[pr->amends].name));
        json_object_set_new(o, "outcome", outcome_json(sc, pr->value));
        json_object_set_new(o, "partial", json_boolean(r->partial));
        json_object_set_new(o, "completions", count_json(r->completions));
        json_object_set_new(o, "feasible_completions",
                            r->over_limit ? json_null() : count_json(r->in_zone));
        if (r->over_limit) {
            /* refused before the work (docs/limits.md): its size */
            json_object_set_new(o, "over_limit", json_true());
            json_object_set_new(o, "work", json_integer((json_int_t)r->work));
        } else if (r->stopped) {
            /* the time limit stopped it: the fields below cover the first `examined` */
            json_object_set_new(o, "stopped", json_true());
            json_object_set_new(o, "examined", json_integer((json_int_t)r->examined));
        }
        json_t *u = json_object(), *acc = json_array(), *rej = json_array();
        for (size_t a = 0; a < sc->nactors; a++) {
            if (!r->has_utility[a] || r->completions == UINT64_MAX || r->over_limit) continue;
            if (r->partial) {
                json_t *mm = json_array();
                json_array_append_new(mm, json_real(r->u_min[a]));
                json_array_append_new(mm, json_real(r->u_max[a]));
                json_object_set_new(u, sc->actors[a].name, mm);
            } else {
                json_object_set_new(u, sc->actors[a].name, json_real(r->u_min[a]));
            }
            json_array_append_new(r->accepts[a] ? acc : rej, json_string(sc->actors[a].name));
        }
        json_object_set_new(o, "utilities", u);
        json_object_set_new(o, "accepted_by", acc);
        json_object_set_new(o, "rejected_by", rej);
        if (r->partial) {
            json_object_set_new(o, "ratified", json_null());
            json_object_set_new(o, "ratification_blockers", json_null());
            json_object_set_new(o, "within_mandates", json_null());
            json_object_set_new(o, "dominated", json_null());
            json_object_set_new(o, "dominated_by", json_null());
            json_object_set_new(o, "nash_distance", json_null());
        } else {
            json_object_set_new(o, "ratified", json_boolean(r->ratified));
            json_t *bl = json_object();
            for (size_t q = 0; q < pl_model_nparties(m); q++)
                if (r->blocker[q] != PL_UNSET)
                    json_object_set_new(bl, aname(sc, pl_model_party(m, q)),
                                        json_string(aname(sc, r->blocker[q])));
            json_object_set_new(o, "ratification_blockers", bl);
            json_object_set_new(o, "within_mandates", json_boolean(r->within_mandates));
            json_object_set_new(o, "mandate_blocker", r->mandate_blocker == PL_UNSET
                                                          ? json_null()
                                                          : json_string(aname(sc, r->mandate_blocker)));
            json_object_set_new(o, "dominated", an->frontier ? json_boolean(r->dominated) : json_null());
            if (r->dominated && an->frontier) {
                const pl_frontier_t *f = an->frontier;
                pl_solution_t s = {.found = true,
                                   .outcome = f->outcome + r->dominated_by * f->nissues,
                                   .u = f->u + r->dominated_by * f->k};
                json_object_set_new(o, "dominated_by", point_json(sc, &s, f->k));
            } else {
                json_object_set_new(o, "dominated_by", json_null());
            }
            json_object_set_new(o, "nash_distance",
                                isnan(r->nash_distance) ? json_null() : json_real(r->nash_distance));
            /* dominance within the feasible set (what the rules let the table agree to) */
            json_object_set_new(o, "feasible_dominated",
                                an->feasible_kept ? json_boolean(r->feasible_dominated) : json_null());
            pl_solution_t fs = {.found = r->feasible_dominated, .outcome = r->feasible_dominator,
                                .u = r->feasible_dominator_u};
            json_object_set_new(o, "feasible_dominated_by", point_json(sc, &fs, an->k));
        }
        json_object_set_new(o, "source", pr->source ? json_string(pr->source) : json_null());
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *analysis_json(const char *path, const char *variant, const loaded *l)
{
    const pl_scenario_t *sc = l->sc;
    const pl_model_t *m = l->m;
    const pl_analysis_t *an = l->an;
    json_t *o = json_object();
    json_object_set_new(o, "scenario", json_string(sc->name ? sc->name : path));
    json_object_set_new(o, "variant", variant ? json_string(variant) : json_null());
    json_t *parties = json_array(), *res = json_array();
    for (size_t j = 0; j < an->k; j++) {
        json_array_append_new(parties, json_string(aname(sc, an->actors[j])));
        json_array_append_new(res, json_real(pl_model_threshold(m, an->actors[j])));
    }
    json_object_set_new(o, "parties", parties);
    json_object_set_new(o, "thresholds", res);
    json_object_set_new(o, "outcomes", an->outcomes_fit ? json_integer((json_int_t)an->outcomes)
                                                        : json_null());
    json_object_set_new(o, "outcomes_exact", json_string(an->outcomes_str));
    json_object_set_new(o, "rational", an->rational_known && an->rational != UINT64_MAX
                                           ? json_integer((json_int_t)an->rational)
                                           : json_null());
    json_object_set_new(o, "rational_all", json_boolean(an->rational_all));
    if (an->rational_bounded) {
        json_object_set_new(o, "rational_at_least", json_integer((json_int_t)an->rational_min));
        json_object_set_new(o, "rational_at_most", an->rational_max == UINT64_MAX
                                                       ? json_null()
                                                       : json_integer((json_int_t)an->rational_max));
        if (an->rational_stopped)
            json_object_set_new(o, "rational_examined",
                                json_integer((json_int_t)an->rational_examined));
    }
    const pl_frontier_t *f = an->frontier;
    json_object_set_new(o, "pareto", f && !f->saturated ? json_integer((json_int_t)f->total) : json_null());
    json_object_set_new(o, "pareto_points", f ? json_integer((json_int_t)f->npoints) : json_null());
    json_object_set_new(o, "method", f ? json_string(f->method) : json_null());
    if (f && (f->nodes || !f->exact)) {
        /* the rectangle search: exhausted or stopped, and what a stop may have missed */
        json_object_set_new(o, "frontier_exact", json_boolean(f->exact));
        json_object_set_new(o, "frontier_gap", f->exact ? json_real(0)
                                               : isinf(f->gap) ? json_null() : json_real(f->gap));
        if (f->nodes) json_object_set_new(o, "search_nodes", json_integer((json_int_t)f->nodes));
        else json_object_set_new(o, "frontier_examined", json_integer((json_int_t)f->examined));
    }
    json_object_set_new(o, "frontier_error", f ? json_null() : json_string(an->frontier_message));
    json_object_set_new(o, "nash", point_json(sc, &an->points.nash, an->k));
    json_object_set_new(o, "ks", point_json(sc, &an->points.ks, an->k));
    json_object_set_new(o, "egalitarian", point_json(sc, &an->points.egalitarian, an->k));
    json_object_set_new(o, "utilitarian", point_json(sc, &an->points.utilitarian, an->k));
    json_t *fp = json_null();
    if (an->feasible_kept && an->zone.known) {
        fp = json_object();
        json_object_set_new(fp, "nash", point_json(sc, &an->feasible_points.nash, an->k));
        json_object_set_new(fp, "ks", point_json(sc, &an->feasible_points.ks, an->k));
        json_object_set_new(fp, "egalitarian", point_json(sc, &an->feasible_points.egalitarian, an->k));
        json_object_set_new(fp, "utilitarian", point_json(sc, &an->feasible_points.utilitarian, an->k));
    }
    json_object_set_new(o, "feasible_points", fp);
    json_object_set_new(o, "zone", zone_json(l));
    if (an->zone.over_limit)
        json_object_set_new(o, "zone_work", json_integer((json_int_t)an->zone.work));
    json_t *rv = json_object();
    char pathbuf[512];
    for (size_t a = 0; a < sc->nactors; a++) {
        if (!pl_model_has_preferences(m, a)) continue;
        json_t *r = json_object();
        json_object_set_new(r, "reservation", json_real(pl_model_reservation(m, a)));
        json_object_set_new(r, "linkage_shift", json_real(pl_model_linkage_shift(m, a)));
        json_object_set_new(r, "threshold", json_real(pl_model_threshold(m, a)));
        json_object_set_new(r, "expected_no_deal", json_real(pl_model_expected_no_deal(m, a)));
        snprintf(pathbuf, sizeof pathbuf, "actors.%s.reservation", sc->actors[a].name);
        const char *src = pl_scenario_source(sc, pathbuf);
        json_object_set_new(r, "source", src ? json_string(src) : json_null());
        json_object_set_new(rv, sc->actors[a].name, r);
    }
    json_object_set_new(o, "reservations", rv);
    json_object_set_new(o, "proposals", proposals_json(l));
    return o;
}

int cmd_analyze(int argc, char **argv)
{
    struct analyze_args a = {0};
    int prc = cli_parse(&analyze_cmd, argc, argv, &a);
    if (prc != CLI_CONTINUE) return prc;
    const char *path = a.path, *variant = a.variant, *actors = a.actors;
    int json = a.json;
    analyze_time_limit = a.time_limit;
    analyze_quiet = a.quiet;
    if (a.max_work) max_work = zone_max_work = a.max_work;
    loaded l = {0};
    int rc = load_and_analyse(path, variant, actors, &l);
    if (rc) return rc;
    if (json) {
        json_t *o = analysis_json(path, variant, &l);
        if (!variant && l.sc->nvariants) {
            json_t *vs = json_array();
            for (size_t v = 0; v < l.sc->nvariants; v++) {
                loaded lv = {0};
                json_t *e = json_object();
                json_object_set_new(e, "name", json_string(l.sc->variants[v].name));
                if (load_and_analyse(path, l.sc->variants[v].name, actors, &lv) == 0) {
                    json_object_set_new(e, "zone", zone_json(&lv));
                    json_object_set_new(e, "pareto", lv.an->frontier && !lv.an->frontier->saturated
                                                         ? json_integer((json_int_t)lv.an->frontier->total)
                                                         : json_null());
                    json_object_set_new(e, "nash", point_json(lv.sc, &lv.an->points.nash, lv.an->k));
                    loaded_free(&lv);
                } else {
                    rc = CLI_FAIL;
                }
                json_array_append_new(vs, e);
            }
            json_object_set_new(o, "variants", vs);
        }
        char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
        if (text) {
            fputs(text, stdout);
            fputc('\n', stdout);
            free(text);
        } else {
            rc = cli_error("out of memory");
        }
        json_decref(o);
    } else {
        cli_wrap_stdout();
        print_human(path, variant, actors, &l);
    }
    loaded_free(&l);
    return rc;
}
