/*
 * cmd_simulate.c: `parley simulate`: run one negotiation session on a scenario and tell what
 * happened: a compact per-round account, the result, utilities, distance to the Pareto
 * frontier and the Nash point, linkages; --json for a machine-readable result and --trace
 * for every event as JSON Lines.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: parley simulate <file> [--protocol <p>] [--strategy <actor>=<s>[:<e>]]...",
    "                       [--rounds <n>] [--seed <s>] [--trace <file.jsonl>] [--json]",
    "                       [--variant <v>] [--vote veto|majority|quota] [--voter hill|anneal]",
    "                       [--move random|best-response|bridge] [--relay-cost <n>]",
    "                       [--ratify-fail continue|end] [--quiet]",
    NULL};

#define MAX_STRATEGIES 64
static const char *const vote_names[] = {"veto", "majority", "quota", NULL};
static const pl_vote_rule vote_rules[] = {PL_VOTE_VETO, PL_VOTE_MAJORITY, PL_VOTE_QUOTA};
static const char *const voter_names[] = {"hill", "anneal", NULL};
static const pl_voter_kind voter_kinds[] = {PL_VOTER_HILL, PL_VOTER_ANNEAL};
static const char *const move_names[] = {"random", "best-response", "bridge", NULL};
static const pl_mediator_move move_kinds[] = {PL_MOVE_RANDOM, PL_MOVE_BEST_RESPONSE, PL_MOVE_BRIDGE};
static const char *const ratify_fails[] = {"continue", "end", NULL};

struct simulate_args {
    const char *file, *protocol, *trace, *variant;
    const char *strat_specs[MAX_STRATEGIES]; /* "ACTOR=STRATEGY[:e]", checked but for the actor */
    size_t nspecs;
    long rounds, relay_cost; /* -1: the library's default */
    uint64_t seed;
    int vote, voter, move, ratify_fail; /* indices in the choice lists; -1: default */
    int json, quiet;
};

/* --strategy A=S[:e]: the strategy and its parameter do not depend on the scenario, so they
 * are usage errors like an unknown option (the actor is checked once the scenario is read) */
static int strategy_option(const cli_option_t *o, const char *spec, void *args)
{
    struct simulate_args *a = args;
    const char *eq = strrchr(spec, '=');
    if (!eq || eq == spec) return cli_option_error(o, "expects <actor>=<strategy>[:<e>], got '%s'", spec);
    if (a->nspecs == MAX_STRATEGIES) return cli_option_error(o, "is given more than %d times", MAX_STRATEGIES);
    pl_error_t serr;
    pl_error_init(&serr);
    const pl_strategy_type *st = NULL;
    double prm = NAN;
    int rc = 0;
    if (pl_strategy_parse(eq + 1, &st, &prm, &serr) != PL_OK)
        rc = cli_option_error(o, "in '%s': %s", spec, serr.message);
    pl_error_destroy(&serr);
    if (rc == 0) a->strat_specs[a->nspecs++] = spec;
    return rc;
}

#define A struct simulate_args
static const cli_option_t options[] = {
    CLI_OPERAND(A, file, "<file>", "scenario file (or GENIUS folder)"),
    CLI_STRING(0, "protocol", A, protocol, "<p>",
               "sao, amop, single-text, feedback, shuttle (default: shuttle when a\n"
               "party is absent or mediators exist, else sao)"),
    CLI_CALLBACK(0, "strategy", "A=S",
                 "strategy of actor A: boulware, linear, conceder, hardliner,\n"
                 "titfortat, random, aspiration; S:e sets the parameter",
                 strategy_option),
    CLI_INT(0, "rounds", A, rounds, "<n>", "round limit (default: the largest negotiator deadline, else 100)", 1,
            PL_MAX_ROUNDS),
    CLI_UINT64(0, "seed", A, seed, "<s>", "random seed (default 1)"),
    CLI_STRING(0, "trace", A, trace, "<file>", "write every event as JSON Lines (docs/simulation.md)"),
    CLI_FLAG(0, "json", A, json, "print the result as JSON"),
    CLI_STRING(0, "variant", A, variant, "<v>", "apply a named variant of the scenario"),
    CLI_CHOICE(0, "vote", A, vote, "<r>", "single-text and feedback: veto (default), majority or quota (2/3)", vote_names),
    CLI_CHOICE(0, "voter", A, voter, "<v>", "single-text voters: hill (default) or anneal", voter_names),
    CLI_CHOICE(0, "move", A, move, "<m>", "single-text mediator moves: random (default), best-response, bridge",
               move_names),
    CLI_INT(0, "relay-cost", A, relay_cost, "<n>", "shuttle: rounds a relay through a mediator takes (default 1)", 0,
            1000),
    CLI_CHOICE(0, "ratify-fail", A, ratify_fail, "<f>",
               "after a failed ratification: continue (default) or end the talks", ratify_fails),
    CLI_FLAG(0, "quiet", A, quiet, "leave out the per-round account"),
    CLI_END};
#undef A
static const cli_command_t simulate_cmd = {usage, options, NULL};

typedef struct {
    const pl_model_t *m;
    size_t *shown;      /* (nactors + 1) * nissues: last package shown per actor, the last row
                         * for a text with no mediator (actor PL_UNSET) */
    bool *has_shown;
} render_t;

static const char *label(const pl_model_t *m, size_t i, size_t v)
{
    return pl_model_value_label(m, i, v);
}

/* Append "issue: value, ..." for the issues that changed since what `who` showed last. */
static void pkg_text(render_t *r, size_t who, const size_t *o, char *buf, size_t size, bool full)
{
    const pl_model_t *m = r->m;
    size_t ni = pl_model_nissues(m), len = strlen(buf);
    size_t *prev = r->shown + who * ni;
    bool first = true, any = false;
    for (size_t i = 0; i < ni; i++) {
        if (!full && r->has_shown[who] && prev[i] == o[i]) continue;
        any = true;
        int k = snprintf(buf + len, size > len ? size - len : 0, "%s%s: %s", first ? "" : ", ",
                         pl_model_issue_name(m, i), label(m, i, o[i]));
        if (k > 0) len += (size_t)k;
        if (len >= size) break;
        first = false;
    }
    if (!any) snprintf(buf + len, size > len ? size - len : 0, "the same package");
    memcpy(prev, o, ni * sizeof *o);
    r->has_shown[who] = true;
}

static const char *name(const pl_model_t *m, size_t a)
{
    return a == PL_UNSET ? "the mediator" : pl_model_actor_name(m, a);
}

/* "; 47 of 61 seats" (quota) or "" for the vote of party p's ratification body on o. */
static void ratify_vote(const pl_model_t *m, size_t p, const size_t *o, char *buf, size_t size)
{
    buf[0] = '\0';
    pl_model_game_t g;
    if (!pl_model_ratification(m, p, &g) || g.rule != PL_RATIFY_QUOTA) return;
    double yes = 0;
    for (size_t k = 0; k < g.nmembers; k++)
        if (pl_model_accepts(m, g.members[k], o)) yes += g.weight[k];
    snprintf(buf, size, "; %g of %g seats needed", yes, g.quota);
}

/* Rounds from..to (0-based) repeated the line before them. */
static void print_fold(const pl_scenario_t *sc, bool days, size_t from, size_t to)
{
    if (!days) {
        printf("  %4zu-%-4zu the same again\n", from + 1, to + 1);
        return;
    }
    size_t d0 = pl_scenario_round_day(sc, from), d1 = pl_scenario_round_day(sc, to);
    char day[48];
    if (d0 == d1) snprintf(day, sizeof day, "(day %zu)", d0);
    else snprintf(day, sizeof day, "(days %zu-%zu)", d0, d1);
    printf("  %4zu-%-4zu %-12s the same again\n", from + 1, to + 1, day);
}

/* ", deadline 14" (rounds) as the scenario gave it; with calendar time also in days:
 * ", deadline 7 days = 7 rounds", ", deadline 14 rounds = 14 days". */
static void print_deadline(const pl_scenario_t *sc, const pl_actor_t *a)
{
    if (isnan(a->deadline)) return;
    double rd = pl_scenario_round_days(sc);
    if (a->deadline_days > 0)
        printf(", deadline %g day%s = %g round%s", a->deadline_days,
               a->deadline_days == 1 ? "" : "s", a->deadline, a->deadline == 1 ? "" : "s");
    else if (pl_scenario_has_days(sc))
        printf(", deadline %g round%s = %g day%s", a->deadline, a->deadline == 1 ? "" : "s",
               a->deadline * rd, a->deadline * rd == 1 ? "" : "s");
    else
        printf(", deadline %g", a->deadline);
}

static void account(const pl_session_t *s, const pl_model_t *m)
{
    size_t na = pl_model_nactors(m), ni = pl_model_nissues(m);
    /* row na holds what a mediator-less text showed last (see PL_EV_PROPOSE below) */
    render_t r = {m, calloc((na + 1) * ni + 1, sizeof(size_t)), calloc(na + 1, sizeof(bool))};
    size_t nev = pl_session_nevents(s);
    char line[16384], prev_line[16384] = "";
    size_t fold_from = PL_UNSET, fold_to = 0;
    /* with calendar time (a round length or a deadline in days) each round shows its day */
    const pl_scenario_t *sc = pl_model_scenario(m);
    bool days = pl_scenario_has_days(sc);
    const char *cont = days ? "\n                     " : "\n           ";
    printf("\nround by round%s:\n", days ? " (with the day each round starts)" : "");
    size_t i = 0;
    while (i < nev) {
        size_t round = pl_session_event(s, i)->round;
        line[0] = '\0';
        char votes[1024] = "";
        for (; i < nev && pl_session_event(s, i)->round == round; i++) {
            const pl_event_t *e = pl_session_event(s, i);
            const size_t *o = pl_session_event_outcome(s, e);
            char item[2048] = "";
            switch (e->kind) {
            case PL_EV_OFFER:
                snprintf(item, sizeof item, "%s offers ", name(m, e->actor));
                pkg_text(&r, e->actor, o, item, sizeof item, false);
                snprintf(item + strlen(item), sizeof item - strlen(item), " (%.2f)", e->utility);
                break;
            case PL_EV_ACCEPT: snprintf(item, sizeof item, "%s accepts", name(m, e->actor)); break;
            case PL_EV_WALKOUT:
                snprintf(item, sizeof item, "%s ends the talks%s", name(m, e->actor),
                         e->value ? " (its deadline)" : "");
                break;
            case PL_EV_PROPOSE:
                if (e->value == 2) {
                    /* a mediator's single negotiating text at the table (shuttle): in full */
                    snprintf(item, sizeof item, "%s tables a single negotiating text: ", name(m, e->actor));
                    pkg_text(&r, e->actor, o, item, sizeof item, true);
                    break;
                }
                snprintf(item, sizeof item, "%s proposes ", name(m, e->actor));
                pkg_text(&r, e->actor == PL_UNSET ? na : e->actor, o, item, sizeof item, false);
                break;
            case PL_EV_VOTE:
            case PL_EV_FEEDBACK: {
                size_t vl = strlen(votes);
                const char *w = e->kind == PL_EV_VOTE ? (e->value ? "yes" : "no")
                                : e->value > 0       ? "better"
                                : e->value < 0       ? "worse"
                                                     : "same";
                snprintf(votes + vl, sizeof votes - vl, "%s%s %s", vl ? ", " : "",
                         name(m, e->actor), w);
                break;
            }
            case PL_EV_MOVE:
                snprintf(item, sizeof item, "[%s] text moves", votes);
                votes[0] = '\0';
                break;
            case PL_EV_STAY:
                if (e->actor == PL_UNSET && e->outcome == PL_UNSET)
                    snprintf(item, sizeof item, "[%s] the package fails", votes);
                else
                    snprintf(item, sizeof item, "[%s] text stays", votes);
                votes[0] = '\0';
                break;
            case PL_EV_RELAY:
                snprintf(item, sizeof item, "%s carries the offer to %s", name(m, e->actor),
                         name(m, e->other));
                break;
            case PL_EV_REWORD:
                snprintf(item, sizeof item, "%s %s: ", name(m, e->actor),
                         e->value ? "puts a bridging package before leaving" : "rewords the offer into a bridging package");
                pkg_text(&r, e->actor, o, item, sizeof item, true); /* a package: in full */
                break;
            case PL_EV_HOLD:
                snprintf(item, sizeof item, "%s holds %s's offer back (no movement)",
                         name(m, e->actor), name(m, e->other));
                break;
            case PL_EV_JOIN:
                snprintf(item, sizeof item,
                         "%s engages: the offer is worth %.2f to it, meeting its condition %.2f",
                         name(m, e->actor), e->utility, pl_model_participation(m, e->actor));
                break;
            case PL_EV_DECLINE:
                snprintf(item, sizeof item,
                         "%s declines to engage: the offer is worth %.2f to it, its condition is %.2f",
                         name(m, e->actor), e->utility, pl_model_participation(m, e->actor));
                break;
            case PL_EV_LEAVE:
                snprintf(item, sizeof item, "%s leaves the talks (its deadline)", name(m, e->actor));
                break;
            case PL_EV_AGREEMENT: snprintf(item, sizeof item, "AGREEMENT"); break;
            case PL_EV_RATIFY:
                if (e->value) {
                    snprintf(item, sizeof item, "%s ratifies", name(m, e->actor));
                } else {
                    /* the package voted down, in full, and the vote that blocked it */
                    char vote[256];
                    ratify_vote(m, e->actor, o, vote, sizeof vote);
                    snprintf(item, sizeof item, "%s fails to ratify (blocked by %s%s): ",
                             name(m, e->actor), name(m, e->other), vote);
                    pkg_text(&r, na, o, item, sizeof item, true);
                }
                break;
            default: break;
            }
            if (item[0]) {
                size_t l = strlen(line);
                snprintf(line + l, sizeof line - l, "%s%s", l ? cont : "", item);
            }
        }
        if (votes[0]) {
            size_t l = strlen(line);
            snprintf(line + l, sizeof line - l, "%s[%s]", l ? cont : "", votes);
        }
        if (!line[0]) continue;
        if (strcmp(line, prev_line) == 0) {
            if (fold_from == PL_UNSET) fold_from = round;
            fold_to = round;
            continue;
        }
        if (fold_from != PL_UNSET) {
            print_fold(sc, days, fold_from, fold_to);
            fold_from = PL_UNSET;
        }
        if (days) {
            char day[32];
            snprintf(day, sizeof day, "(day %zu)", pl_scenario_round_day(sc, round));
            printf("  %5zu %-12s %s\n", round + 1, day, line);
        } else {
            printf("  %5zu    %s\n", round + 1, line);
        }
        strcpy(prev_line, line);
    }
    if (fold_from != PL_UNSET) print_fold(sc, days, fold_from, fold_to);
    free(r.shown);
    free(r.has_shown);
}

static void print_pkg(const pl_model_t *m, const size_t *o)
{
    for (size_t i = 0; i < pl_model_nissues(m); i++)
        printf("    %-24s %s\n", pl_model_issue_name(m, i), label(m, i, o[i]));
}

static void json_str(const char *s)
{
    putchar('"');
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\') printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20) printf("\\u%04x", (unsigned char)*s);
        else putchar(*s);
    }
    putchar('"');
}

static void json_num(double x)
{
    if (isfinite(x)) printf("%.6g", x);
    else printf("null");
}

/* an issue value: the shortest text that reads back as x (%.15g, else %.17g), as the trace */
static void json_value(double x)
{
    char buf[40];
    if (!isfinite(x)) {
        printf("null");
        return;
    }
    snprintf(buf, sizeof buf, "%.15g", x);
    if (strtod(buf, NULL) != x) snprintf(buf, sizeof buf, "%.17g", x);
    printf("%s", buf);
}

static void print_json(const pl_session_t *s, const pl_model_t *m, const pl_sim_result_t *r,
                       const pl_sim_measure_t *ms, bool measured, uint64_t seed)
{
    const pl_scenario_t *sc = pl_model_scenario(m);
    printf("{\"scenario\":");
    json_str(sc->name);
    printf(",\"variant\":");
    if (sc->variant) json_str(sc->variant);
    else printf("null");
    printf(",\"protocol\":");
    json_str(pl_session_protocol(s)->name);
    printf(",\"seed\":%llu,\"negotiators\":[", (unsigned long long)seed);
    for (size_t k = 0; k < pl_session_nnegotiators(s); k++) {
        printf("%s{\"actor\":", k ? "," : "");
        json_str(sc->actors[pl_session_negotiator(s, k)].name);
        printf(",\"strategy\":");
        json_str(pl_session_strategy(s, k)->name);
        printf("}");
    }
    printf("],\"end\":");
    json_str(pl_end_reason_name(r->end));
    printf(",\"agreement\":%s,\"ratified\":%s,\"round\":%zu",
           r->agreement ? "true" : "false", r->ratified ? "true" : "false", r->round + 1);
    if (pl_scenario_has_days(sc)) printf(",\"day\":%zu", pl_scenario_round_day(sc, r->round));
    printf(",\"ended_by\":");
    if (r->ended_by != PL_UNSET) json_str(sc->actors[r->ended_by].name);
    else printf("null");
    printf(",\"outcome\":");
    if (r->agreement) {
        printf("{");
        for (size_t i = 0; i < pl_model_nissues(m); i++) {
            printf("%s", i ? "," : "");
            json_str(sc->issues[i].name);
            printf(":");
            /* numbers for integer and real issues (as in the trace), labels for option issues */
            if (pl_model_issue_kind(m, i) == PL_ISSUE_CATEGORICAL) json_str(label(m, i, r->outcome[i]));
            else json_value(pl_model_value_number(m, i, r->outcome[i]));
        }
        printf("}");
    } else {
        printf("null");
    }
    printf(",\"actors\":{");
    for (size_t a = 0; a < pl_model_nactors(m); a++) {
        printf("%s", a ? "," : "");
        json_str(sc->actors[a].name);
        printf(":{\"utility\":");
        json_num(r->utility[a]);
        printf(",\"discounted\":");
        json_num(r->discounted[a]);
        printf(",\"expected\":");
        json_num(r->expected[a]);
        printf("}");
    }
    printf("},\"pareto_distance\":");
    json_num(measured ? ms->pareto_distance : NAN);
    printf(",\"nash_distance\":");
    json_num(measured ? ms->nash_distance : NAN);
    printf(",\"events\":%zu}\n", pl_session_nevents(s));
}

/* One simulation: what was loaded, the session and what it measured (owned; run_free). */
typedef struct sim_run {
    pl_scenario_t *sc;
    pl_model_t *m;
    pl_session_t *s;
    const pl_strategy_type **strat; /* per actor: the --strategy override or NULL */
    double *param;                  /* per actor: its parameter or NaN */
    const pl_protocol_type *proto;
    pl_sim_options_t opt;
    pl_sim_measure_t ms;
    bool measured;
} sim_run;

static void run_free(sim_run *run)
{
    pl_session_free(run->s);
    pl_model_free(run->m);
    pl_scenario_free(run->sc);
    free(run->strat);
    free(run->param);
}

/* The --strategy specs, by actor, into run->strat and run->param. */
static int resolve_strategies(const struct simulate_args *a, sim_run *run, pl_error_t *err)
{
    const pl_scenario_t *sc = run->sc;
    run->strat = calloc(sc->nactors + 1, sizeof *run->strat);
    run->param = calloc(sc->nactors + 1, sizeof *run->param);
    if (!run->strat || !run->param) return cli_error("out of memory");
    for (size_t k = 0; k < sc->nactors; k++) run->param[k] = NAN;
    for (size_t q = 0; q < a->nspecs; q++) {
        const char *eq = strrchr(a->strat_specs[q], '='); /* there is one: strategy_option checked */
        char actor[256];
        size_t len = (size_t)(eq - a->strat_specs[q]);
        if (len >= sizeof actor) len = sizeof actor - 1;
        memcpy(actor, a->strat_specs[q], len);
        actor[len] = '\0';
        size_t k = pl_scenario_find_actor(sc, actor);
        if (k == PL_UNSET) return cli_error("--strategy: no actor named '%s' in the scenario", actor);
        if (pl_strategy_parse(eq + 1, &run->strat[k], &run->param[k], err) != PL_OK) return cli_report(err);
    }
    return CLI_OK;
}

/* Load the scenario, compile it, resolve the strategies and set the session options. */
static int load(const struct simulate_args *a, sim_run *run, pl_error_t *err)
{
    if (cli_scenario_load(a->file, a->variant, &run->sc, err) != PL_OK ||
        pl_model_compile(run->sc, &run->m, err) != PL_OK)
        return cli_report(err);
    int rc = resolve_strategies(a, run, err);
    if (rc) return rc;
    pl_sim_options_t *opt = &run->opt;
    pl_sim_options_init(opt);
    opt->seed = a->seed;
    if (a->rounds > 0) opt->rounds = (size_t)a->rounds;
    if (a->relay_cost >= 0) opt->relay_cost = (size_t)a->relay_cost;
    if (a->vote >= 0) opt->vote = vote_rules[a->vote];
    if (a->voter >= 0) opt->voter = voter_kinds[a->voter];
    if (a->move >= 0) opt->move = move_kinds[a->move];
    if (a->ratify_fail >= 0) opt->ratify_continue = a->ratify_fail == 0;
    opt->strategy = run->strat;
    opt->param = run->param;
    return CLI_OK;
}

/* The session's trace lines, to the output file (pl_sim_options_t.trace_line). */
static void trace_line(const char *line, size_t len, void *ctx)
{
    pl_file_out_write(ctx, line, len);
}

/* Run the session (by default shuttle when a party is absent or mediators exist, else sao),
 * measure the result and write the trace. */
static int run_session(const struct simulate_args *a, sim_run *run, pl_error_t *err)
{
    const pl_scenario_t *sc = run->sc;
    if (!run->proto) {
        bool mediated = false;
        for (size_t k = 0; k < sc->nactors; k++)
            if (sc->actors[k].role == PL_ROLE_MEDIATOR ||
                (sc->actors[k].role == PL_ROLE_PARTY && !sc->actors[k].at_table))
                mediated = true;
        run->proto = mediated ? pl_protocol_shuttle : pl_protocol_sao;
    }
    /* the trace is streamed to its file as the session runs (through a temporary, renamed
     * at the end): with the round-by-round account left out (--quiet, --json) the session
     * keeps only its last rounds, so its memory does not grow with the rounds */
    pl_file_out_t *out = NULL;
    if (a->trace) {
        if (pl_file_out_open(a->trace, &out, err) != PL_OK) return cli_report(err);
        run->opt.trace_line = trace_line;
        run->opt.trace_ctx = out;
    }
    if (a->quiet || a->json) run->opt.keep_rounds = 2;
    if (pl_session_alloc(run->m, run->proto, &run->opt, &run->s, err) != PL_OK ||
        pl_session_run(run->s, err) != PL_OK) {
        pl_file_out_abort(out);
        return cli_report(err);
    }
    if (out && pl_file_out_commit(out, err) != PL_OK) return cli_report(err);
    const pl_sim_result_t *r = pl_session_result(run->s);
    run->measured = pl_sim_measure(run->m, r->agreement ? r->outcome : NULL, &run->ms, NULL) == PL_OK;
    return CLI_OK;
}

/* The human account: the setting, negotiators, rounds, result, utilities and linkages. */
static void print_text(const struct simulate_args *args, const sim_run *run)
{
    const pl_scenario_t *sc = run->sc;
    const pl_model_t *m = run->m;
    const pl_session_t *s = run->s;
    const pl_protocol_type *proto = run->proto;
    const pl_sim_result_t *r = pl_session_result(s);
    const pl_sim_measure_t ms = run->ms;
    bool measured = run->measured, quiet = args->quiet;
    const char *file = args->file, *trace = args->trace;
    printf("%s%s%s%s\n", sc->name ? sc->name : cli_input_name(file), sc->variant ? " (variant: " : "",
           sc->variant ? sc->variant : "", sc->variant ? ")" : "");
    printf("protocol %s, seed %llu\n", proto->name, (unsigned long long)run->opt.seed);
    bool days = pl_scenario_has_days(sc);
    if (days) {
        double rd = pl_scenario_round_days(sc), h = rd * 24;
        if (rd < 1 && fabs(h - floor(h + 0.5)) < 1e-9)
            printf("one round stands for %g hour%s\n", h, h == 1 ? "" : "s");
        else
            printf("one round stands for %g day%s\n", rd, rd == 1 ? "" : "s");
    }
    printf("negotiators:\n");
    for (size_t k = 0; k < pl_session_nnegotiators(s); k++) {
        size_t a = pl_session_negotiator(s, k);
        const pl_actor_t *ac = &sc->actors[a];
        size_t p = ac->role == PL_ROLE_DELEGATION ? ac->party : a;
        const pl_actor_t *pa = &sc->actors[p];
        printf("  %-22s %s", ac->name, pl_session_strategy(s, k)->name);
        if (p != a) printf(", for %s", pa->name);
        print_deadline(sc, pa);
        if (!pa->at_table) {
            printf(", absent");
            for (size_t v = 0; v < pa->nvia; v++)
                printf("%s%s", v ? " and " : ": reached via ", sc->actors[pa->via[v]].name);
        }
        if (!isnan(pa->participation)) printf(", engages at %.2f", pa->participation);
        printf("\n");
    }
    for (size_t a = 0; a < sc->nactors; a++)
        if (sc->actors[a].role == PL_ROLE_MEDIATOR) {
            printf("  %-22s mediator%s", sc->actors[a].name, sc->actors[a].host ? " (host)" : "");
            print_deadline(sc, &sc->actors[a]);
            printf("\n");
        }
    if (!quiet) account(s, m);
    printf("\nresult: ");
    if (r->agreement) {
        printf("agreement in round %zu", r->round + 1);
        if (days) printf(" (day %zu)", pl_scenario_round_day(sc, r->round));
        printf("%s\n", r->ratified ? ", ratified" : "");
        print_pkg(m, r->outcome);
    } else {
        printf("no agreement (%s", pl_end_reason_name(r->end));
        if (r->ended_by != PL_UNSET) printf(": %s", sc->actors[r->ended_by].name);
        printf(") after %zu rounds", r->rounds);
        if (days) {
            double d = (double)r->rounds * pl_scenario_round_days(sc);
            printf(" (%g day%s)", d, d == 1 ? "" : "s");
        }
        printf("\n");
        if (r->end == PL_END_RATIFICATION) {
            /* the package its ratification voted down (the last failed vote) */
            for (size_t e = pl_session_nevents(s); e-- > pl_session_first_event(s);) {
                const pl_event_t *ev = pl_session_event(s, e);
                if (ev->kind != PL_EV_RATIFY || ev->value) continue;
                char vote[256];
                ratify_vote(m, ev->actor, pl_session_event_outcome(s, ev), vote, sizeof vote);
                printf("  voted down by %s (blocked by %s%s):\n", name(m, ev->actor), name(m, ev->other), vote);
                print_pkg(m, pl_session_event_outcome(s, ev));
                break;
            }
        }
    }
    cli_table_t t;
    cli_table_init(&t, 5);
    const char *hdr[] = {"actor", "utility", "discounted", "expected", "no deal"};
    cli_table_add(&t, hdr);
    for (size_t c = 1; c < 5; c++) cli_table_align_right(&t, c);
    for (size_t a = 0; a < sc->nactors; a++) {
        if (!pl_model_has_preferences(m, a)) continue;
        cli_table_addf(&t, "%s\t%.3f\t%.3f\t%.3f\t%.3f", sc->actors[a].name, r->utility[a],
                       r->discounted[a], r->expected[a], pl_model_expected_no_deal(m, a));
    }
    printf("\nutilities (expected = with linkages; no deal = reservation with linkages):\n");
    cli_table_print(&t, stdout, 2, 1);
    cli_table_destroy(&t);
    if (measured && isnan(ms.pareto_distance) && isnan(ms.nash_distance)) {
        /* the frontier and the Nash point are taken over the rational outcomes */
        printf("\nno rational outcome: no distance to the Pareto frontier or the Nash point\n");
    } else if (measured && isnan(ms.nash_distance)) {
        printf("\ndistance to the Pareto frontier %.3f; no rational outcome, so no Nash point\n",
               ms.pareto_distance);
    } else if (measured) {
        printf("\ndistance to the Pareto frontier %.3f, to the Nash point %.3f (parties' utilities)\n",
               ms.pareto_distance, ms.nash_distance);
        cli_define(stdout, "  ", "distance to the frontier");
    }
    for (size_t l = 0; l < sc->nlinkages; l++) {
        const pl_linkage_t *lk = &sc->linkages[l];
        printf("linkage %s: %s, probability %.2f%s%s\n", lk->name, lk->action ? lk->action : "",
               r->agreement ? lk->p_deal : lk->p_no_deal, lk->within ? " within " : "",
               lk->within ? lk->within : "");
    }
    if (trace) printf("trace written to %s (%zu events)\n", trace, pl_session_nevents(s));
}

int cmd_simulate(int argc, char **argv)
{
    struct simulate_args a = {.rounds = -1, .relay_cost = -1, .vote = -1, .voter = -1, .move = -1,
                              .ratify_fail = -1};
    pl_sim_options_t defaults;
    pl_sim_options_init(&defaults);
    a.seed = defaults.seed;
    int rc = cli_parse(&simulate_cmd, argc, argv, &a);
    if (rc != CLI_CONTINUE) return rc;
    sim_run run = {0};
    if (a.protocol) {
        run.proto = pl_protocol_find(a.protocol);
        if (!run.proto) {
            fprintf(stderr, "error: unknown protocol '%s' (known:", a.protocol);
            for (size_t p = 0; p < pl_protocol_count(); p++)
                fprintf(stderr, " %s", pl_protocol_at(p)->name);
            fprintf(stderr, ")\n");
            cli_command_usage(&simulate_cmd, stderr);
            return CLI_USAGE;
        }
    }
    pl_error_t err;
    pl_error_init(&err);
    rc = load(&a, &run, &err);
    if (rc == CLI_OK) rc = run_session(&a, &run, &err);
    if (rc == CLI_OK && a.json)
        print_json(run.s, run.m, pl_session_result(run.s), &run.ms, run.measured, run.opt.seed);
    else if (rc == CLI_OK) {
        cli_wrap_stdout();
        print_text(&a, &run);
    }
    run_free(&run);
    pl_error_destroy(&err);
    return rc;
}
