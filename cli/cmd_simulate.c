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
    "",
    "    <file>               scenario file (or GENIUS folder)",
    "    --protocol <p>       sao, amop, single-text, feedback, shuttle (default: shuttle when a",
    "                         party is absent or mediators exist, else sao)",
    "    --strategy A=S       strategy of actor A: boulware, linear, conceder, hardliner,",
    "                         titfortat, random, aspiration; S:e sets the parameter",
    "    --rounds <n>         round limit (default: the largest negotiator deadline, else 100)",
    "    --seed <s>           random seed (default 1)",
    "    --trace <file>       write every event as JSON Lines (docs/simulation.md)",
    "    --json               print the result as JSON",
    "    --variant <v>        apply a named variant of the scenario",
    "    --vote <r>           single-text and feedback: veto (default), majority or quota (2/3)",
    "    --voter <v>          single-text voters: hill (default) or anneal",
    "    --move <m>           single-text mediator moves: random (default), best-response, bridge",
    "    --relay-cost <n>     shuttle: rounds a relay through a mediator takes (default 1)",
    "    --ratify-fail <f>    after a failed ratification: continue (default) or end the talks",
    "    --quiet              leave out the per-round account",
    "    -h, --help           show this help",
    NULL};

typedef struct {
    const pl_model_t *m;
    size_t *shown;      /* nactors * nissues: last package shown per actor */
    bool *has_shown;
} render_t;

static const char *label(const pl_model_t *m, size_t i, size_t v)
{
    return m->sc->issues[i].values[v];
}

/* Append "issue: value, ..." for the issues that changed since what `who` showed last. */
static void pkg_text(render_t *r, size_t who, const size_t *o, char *buf, size_t size, bool full)
{
    const pl_model_t *m = r->m;
    size_t ni = m->nissues, len = strlen(buf);
    size_t *prev = r->shown + who * ni;
    bool first = true, any = false;
    for (size_t i = 0; i < ni; i++) {
        if (!full && r->has_shown[who] && prev[i] == o[i]) continue;
        any = true;
        int k = snprintf(buf + len, size > len ? size - len : 0, "%s%s: %s", first ? "" : ", ",
                         m->sc->issues[i].name, label(m, i, o[i]));
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
    return a == PL_UNSET ? "the mediator" : m->sc->actors[a].name;
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
    size_t na = m->nactors, ni = m->nissues;
    render_t r = {m, calloc(na * ni + 1, sizeof(size_t)), calloc(na + 1, sizeof(bool))};
    size_t nev = pl_session_nevents(s);
    char line[16384], prev_line[16384] = "";
    size_t fold_from = PL_UNSET, fold_to = 0;
    /* with calendar time (a round length or a deadline in days) each round shows its day */
    const pl_scenario_t *sc = m->sc;
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
                pkg_text(&r, e->actor, o, item, sizeof item, false);
                break;
            case PL_EV_HOLD:
                snprintf(item, sizeof item, "%s holds %s's offer back (no movement)",
                         name(m, e->actor), name(m, e->other));
                break;
            case PL_EV_JOIN:
                snprintf(item, sizeof item,
                         "%s engages: the offer is worth %.2f to it, meeting its condition %.2f",
                         name(m, e->actor), e->utility, m->sc->actors[e->actor].participation);
                break;
            case PL_EV_DECLINE:
                snprintf(item, sizeof item,
                         "%s declines to engage: the offer is worth %.2f to it, its condition is %.2f",
                         name(m, e->actor), e->utility, m->sc->actors[e->actor].participation);
                break;
            case PL_EV_LEAVE:
                snprintf(item, sizeof item, "%s leaves the talks (its deadline)", name(m, e->actor));
                break;
            case PL_EV_AGREEMENT: snprintf(item, sizeof item, "AGREEMENT"); break;
            case PL_EV_RATIFY:
                if (e->value)
                    snprintf(item, sizeof item, "%s ratifies", name(m, e->actor));
                else
                    snprintf(item, sizeof item, "%s fails to ratify (blocked by %s)",
                             name(m, e->actor), name(m, e->other));
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
    for (size_t i = 0; i < m->nissues; i++)
        printf("    %-24s %s\n", m->sc->issues[i].name, label(m, i, o[i]));
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

static void print_json(const pl_session_t *s, const pl_model_t *m, const pl_sim_result_t *r,
                       const pl_sim_measure_t *ms, bool measured, uint64_t seed)
{
    const pl_scenario_t *sc = m->sc;
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
        for (size_t i = 0; i < m->nissues; i++) {
            printf("%s", i ? "," : "");
            json_str(sc->issues[i].name);
            printf(":");
            json_str(label(m, i, r->outcome[i]));
        }
        printf("}");
    } else {
        printf("null");
    }
    printf(",\"actors\":{");
    for (size_t a = 0; a < m->nactors; a++) {
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

int cmd_simulate(int argc, char **argv)
{
    const char *file = NULL, *protocol = NULL, *trace = NULL, *variant = NULL, *val = NULL;
    const char *strat_specs[64];
    size_t nspecs = 0;
    bool json = false, quiet = false;
    pl_sim_options_t opt;
    pl_sim_options_init(&opt);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int k;
        if (cli_is_help(a)) {
            cli_print_usage(stdout, usage);
            return CLI_OK;
        }
        if (strcmp(a, "--json") == 0) {
            json = true;
            continue;
        }
        if (strcmp(a, "--quiet") == 0) {
            quiet = true;
            continue;
        }
#define OPT(nm)                                                                                    \
    ((k = cli_opt_value(argc, argv, &i, nm, &val)) < 0                                             \
         ? (cli_usage_error(usage, "'%s' needs a value", nm), 1)                                   \
         : k)
        if ((k = cli_opt_value(argc, argv, &i, "--protocol", &val)) != 0) {
            if (k < 0) return cli_usage_error(usage, "'--protocol' needs a value");
            protocol = val;
        } else if ((k = cli_opt_value(argc, argv, &i, "--strategy", &val)) != 0) {
            if (k < 0) return cli_usage_error(usage, "'--strategy' needs a value");
            if (nspecs == 64) return cli_usage_error(usage, "too many --strategy options");
            strat_specs[nspecs++] = val;
        } else if ((k = cli_opt_value(argc, argv, &i, "--rounds", &val)) != 0) {
            char *end;
            long n = k < 0 ? 0 : strtol(val, &end, 10);
            if (k < 0 || *end || n <= 0 || n > 100000000)
                return cli_usage_error(usage, "'--rounds' needs a positive integer");
            opt.rounds = (size_t)n;
        } else if ((k = cli_opt_value(argc, argv, &i, "--seed", &val)) != 0) {
            char *end;
            if (k < 0) return cli_usage_error(usage, "'--seed' needs a value");
            errno = 0;
            unsigned long long x = strtoull(val, &end, 10);
            /* strtoull takes "-1" as 2^64 - 1: refuse a sign and values out of range */
            if (*end || !*val || strchr(val, '-') || errno == ERANGE)
                return cli_usage_error(usage, "'--seed' needs a non-negative integer");
            opt.seed = x;
        } else if ((k = cli_opt_value(argc, argv, &i, "--trace", &val)) != 0) {
            if (k < 0) return cli_usage_error(usage, "'--trace' needs a file name");
            trace = val;
        } else if ((k = cli_opt_value(argc, argv, &i, "--variant", &val)) != 0) {
            if (k < 0) return cli_usage_error(usage, "'--variant' needs a value");
            variant = val;
        } else if ((k = cli_opt_value(argc, argv, &i, "--vote", &val)) != 0) {
            if (k < 0) return cli_usage_error(usage, "'--vote' needs a value");
            if (strcmp(val, "veto") == 0) opt.vote = PL_VOTE_VETO;
            else if (strcmp(val, "majority") == 0) opt.vote = PL_VOTE_MAJORITY;
            else if (strcmp(val, "quota") == 0) opt.vote = PL_VOTE_QUOTA;
            else return cli_usage_error(usage, "unknown vote rule '%s' (veto, majority, quota)", val);
        } else if ((k = cli_opt_value(argc, argv, &i, "--voter", &val)) != 0) {
            if (k < 0) return cli_usage_error(usage, "'--voter' needs a value");
            if (strcmp(val, "hill") == 0) opt.voter = PL_VOTER_HILL;
            else if (strcmp(val, "anneal") == 0) opt.voter = PL_VOTER_ANNEAL;
            else return cli_usage_error(usage, "unknown voter '%s' (hill, anneal)", val);
        } else if ((k = cli_opt_value(argc, argv, &i, "--move", &val)) != 0) {
            if (k < 0) return cli_usage_error(usage, "'--move' needs a value");
            if (strcmp(val, "random") == 0) opt.move = PL_MOVE_RANDOM;
            else if (strcmp(val, "best-response") == 0) opt.move = PL_MOVE_BEST_RESPONSE;
            else if (strcmp(val, "bridge") == 0) opt.move = PL_MOVE_BRIDGE;
            else
                return cli_usage_error(usage, "unknown mediator move '%s' (random, best-response, bridge)",
                                       val);
        } else if ((k = cli_opt_value(argc, argv, &i, "--relay-cost", &val)) != 0) {
            char *end;
            long n = k < 0 ? -1 : strtol(val, &end, 10);
            if (k < 0 || *end || n < 0 || n > 1000)
                return cli_usage_error(usage, "'--relay-cost' needs a non-negative integer");
            opt.relay_cost = (size_t)n;
        } else if ((k = cli_opt_value(argc, argv, &i, "--ratify-fail", &val)) != 0) {
            if (k < 0) return cli_usage_error(usage, "'--ratify-fail' needs a value");
            if (strcmp(val, "continue") == 0) opt.ratify_continue = true;
            else if (strcmp(val, "end") == 0) opt.ratify_continue = false;
            else return cli_usage_error(usage, "'--ratify-fail' is continue or end, not '%s'", val);
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error(usage, "unknown option '%s'", a);
        } else if (!file) {
            file = a;
        } else {
            return cli_usage_error(usage, "more than one scenario file given ('%s')", a);
        }
#undef OPT
    }
    if (!file) return cli_usage_error(usage, "no scenario file given");
    const pl_protocol_type *proto = NULL;
    if (protocol) {
        proto = pl_protocol_find(protocol);
        if (!proto) {
            fprintf(stderr, "error: unknown protocol '%s' (known:", protocol);
            for (size_t p = 0; p < pl_protocol_count(); p++)
                fprintf(stderr, " %s", pl_protocol_at(p)->name);
            fprintf(stderr, ")\n");
            cli_print_usage(stderr, usage);
            return CLI_USAGE;
        }
    }
    /* the strategy names and parameters do not depend on the scenario: check them first, as
     * usage errors like an unknown protocol (the actors are checked once the scenario is read) */
    for (size_t q = 0; q < nspecs; q++) {
        const char *eq = strrchr(strat_specs[q], '=');
        if (!eq || eq == strat_specs[q])
            return cli_usage_error(usage, "--strategy wants ACTOR=STRATEGY, not '%s'", strat_specs[q]);
        pl_error_t serr;
        pl_error_init(&serr);
        const pl_strategy_type *st = NULL;
        double prm = NAN;
        if (pl_strategy_parse(eq + 1, &st, &prm, &serr) != PL_OK) {
            char msg[sizeof serr.message];
            snprintf(msg, sizeof msg, "%s", serr.message);
            pl_error_destroy(&serr);
            return cli_usage_error(usage, "--strategy %s: %s", strat_specs[q], msg);
        }
        pl_error_destroy(&serr);
    }

    int rc = CLI_FAIL;
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_model_t *m = NULL;
    pl_session_t *s = NULL;
    const pl_strategy_type **strat = NULL;
    double *param = NULL;
    char *text = NULL;
    if (pl_scenario_load(file, variant, &sc, &err) != PL_OK) {
        rc = cli_report(&err);
        goto done;
    }
    if (pl_model_compile(sc, &m, &err) != PL_OK) {
        rc = cli_report(&err);
        goto done;
    }
    strat = calloc(sc->nactors + 1, sizeof *strat);
    param = calloc(sc->nactors + 1, sizeof *param);
    if (!strat || !param) {
        rc = cli_error("out of memory");
        goto done;
    }
    for (size_t a = 0; a < sc->nactors; a++) param[a] = NAN;
    for (size_t q = 0; q < nspecs; q++) {
        const char *eq = strrchr(strat_specs[q], '=');
        if (!eq) {
            rc = cli_usage_error(usage, "--strategy wants ACTOR=STRATEGY, not '%s'", strat_specs[q]);
            goto done;
        }
        char actor[256];
        size_t len = (size_t)(eq - strat_specs[q]);
        if (len >= sizeof actor) len = sizeof actor - 1;
        memcpy(actor, strat_specs[q], len);
        actor[len] = '\0';
        size_t a = pl_scenario_find_actor(sc, actor);
        if (a == PL_UNSET) {
            rc = cli_error("--strategy: no actor named '%s' in the scenario", actor);
            goto done;
        }
        if (pl_strategy_parse(eq + 1, &strat[a], &param[a], &err) != PL_OK) {
            rc = cli_report(&err);
            goto done;
        }
    }
    opt.strategy = strat;
    opt.param = param;
    if (!proto) {
        bool mediated = false;
        for (size_t a = 0; a < sc->nactors; a++)
            if (sc->actors[a].role == PL_ROLE_MEDIATOR ||
                (sc->actors[a].role == PL_ROLE_PARTY && !sc->actors[a].at_table))
                mediated = true;
        proto = mediated ? pl_protocol_shuttle : pl_protocol_sao;
    }
    if (pl_session_alloc(m, proto, &opt, &s, &err) != PL_OK) {
        rc = cli_report(&err);
        goto done;
    }
    if (pl_session_run(s, &err) != PL_OK) {
        rc = cli_report(&err);
        goto done;
    }
    const pl_sim_result_t *r = pl_session_result(s);
    pl_sim_measure_t ms;
    bool measured = pl_sim_measure(m, r->agreement ? r->outcome : NULL, &ms, NULL) == PL_OK;
    if (trace) {
        size_t len;
        if (pl_session_trace_jsonl(s, &text, &len, &err) != PL_OK ||
            pl_file_write_atomic(trace, text, len, &err) != PL_OK) {
            rc = cli_report(&err);
            goto done;
        }
    }
    if (json) {
        print_json(s, m, r, &ms, measured, opt.seed);
        rc = CLI_OK;
        goto done;
    }
    printf("%s%s%s%s\n", sc->name ? sc->name : file, sc->variant ? " (variant: " : "",
           sc->variant ? sc->variant : "", sc->variant ? ")" : "");
    printf("protocol %s, seed %llu\n", proto->name, (unsigned long long)opt.seed);
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
    }
    cli_table_t t;
    cli_table_init(&t, 5);
    const char *hdr[] = {"actor", "utility", "discounted", "expected", "no deal"};
    cli_table_add(&t, hdr);
    for (size_t c = 1; c < 5; c++) cli_table_align_right(&t, c);
    for (size_t a = 0; a < sc->nactors; a++) {
        if (!m->table[a] && sc->actors[a].utility != PL_UTILITY_HYPER) continue;
        cli_table_addf(&t, "%s\t%.3f\t%.3f\t%.3f\t%.3f", sc->actors[a].name, r->utility[a],
                       r->discounted[a], r->expected[a], m->expected_no_deal[a]);
    }
    printf("\nutilities (expected = with linkages; no deal = reservation with linkages):\n");
    cli_table_print(&t, stdout, 2, 1);
    cli_table_destroy(&t);
    if (measured) {
        printf("\ndistance to the Pareto frontier %.3f, to the Nash point %.3f (parties' utilities)\n",
               ms.pareto_distance, ms.nash_distance);
    }
    for (size_t l = 0; l < sc->nlinkages; l++) {
        const pl_linkage_t *lk = &sc->linkages[l];
        printf("linkage %s: %s, probability %.2f%s%s\n", lk->name, lk->action ? lk->action : "",
               r->agreement ? lk->p_deal : lk->p_no_deal, lk->within ? " within " : "",
               lk->within ? lk->within : "");
    }
    if (trace) printf("trace written to %s (%zu events)\n", trace, pl_session_nevents(s));
    rc = CLI_OK;
done:
    pl_free(text);
    pl_session_free(s);
    pl_model_free(m);
    pl_scenario_free(sc);
    free(strat);
    free(param);
    pl_error_destroy(&err);
    return rc;
}
