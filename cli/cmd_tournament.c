/*
 * cmd_tournament.c: `parley tournament`: strategies x scenarios x protocols x seeds, every
 * assignment of strategies to each scenario's parties (pl_tournament_run), a ranking table with
 * 95% confidence intervals, and with --out a folder holding the resumable journal, the
 * sessions as CSV and everything as JSON.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const usage[] = {
    "usage: parley tournament --scenario <file-or-folder>... [--strategy <s>[:<e>]]...",
    "                         [--protocol <p>]... [--seeds <n>] [--seed <s>] [--rounds <n>]",
    "                         [--no-self-play] [--out <dir>] [--quiet]",
    "",
    "Every strategy meets every other (and itself) in every role of every scenario, under",
    "every protocol, once per seed; prints the ranking by mean individual utility.",
    NULL};
static const char *const notes[] = {
    "With --out, <dir>/journal.tsv gets one line per finished session: run the same command",
    "again after an interruption and only the missing sessions are played. <dir>/sessions.csv",
    "and <dir>/tournament.json are written (atomically) at the end. docs/tournaments.md.",
    NULL};

#define MAX_LIST 64

struct tournament_args {
    const char *scenario[MAX_LIST], *strategy[MAX_LIST], *protocol[MAX_LIST];
    size_t nscenarios, nstrategies, nprotocols;
    long seeds, rounds;
    uint64_t seed;
    const char *out;
    int no_self_play, quiet;
};

/* Append to one of the lists (which one: the option's long name). */
static int list_option(const cli_option_t *o, const char *value, void *args)
{
    struct tournament_args *a = args;
    const char **list = a->scenario;
    size_t *n = &a->nscenarios;
    if (strcmp(o->long_name, "strategy") == 0) {
        list = a->strategy;
        n = &a->nstrategies;
        const pl_strategy_type *t;
        double prm;
        pl_error_t err;
        pl_error_init(&err);
        pl_status st = pl_strategy_parse(value, &t, &prm, &err);
        int rc = st == PL_OK ? 0 : cli_option_error(o, "%s", err.message);
        pl_error_destroy(&err);
        if (rc) return rc;
    } else if (strcmp(o->long_name, "protocol") == 0) {
        list = a->protocol;
        n = &a->nprotocols;
        if (!pl_protocol_find(value))
            return cli_option_error(o, "expects sao, amop, single-text, feedback or shuttle, got '%s'",
                                    value);
    }
    if (*n == MAX_LIST) return cli_option_error(o, "is given more than %d times", MAX_LIST);
    list[(*n)++] = value;
    return 0;
}

#define A struct tournament_args
static const cli_option_t options[] = {
    {.kind = CLI_OPT_CALLBACK, .short_name = 's', .long_name = "scenario", .argh = "<path>",
     .help = "a scenario file or GENIUS folder (repeat for more; required)",
     .callback = list_option, .flags = CLI_OPT_REQUIRED},
    CLI_CALLBACK(0, "strategy", "<s>[:<e>]",
                 "an entrant (repeat; default: the 7 built-in strategies)", list_option),
    CLI_CALLBACK(0, "protocol", "<p>", "a protocol (repeat; default: sao)", list_option),
    CLI_INT(0, "seeds", A, seeds, "<n>", "sessions per pairing, seeds 1..n (default 1)", 1, 1000000),
    CLI_UINT64(0, "seed", A, seed, "<s>", "base seed: session i runs on stream (s, i) (default 1)"),
    CLI_INT(0, "rounds", A, rounds, "<n>", "round limit (default: the scenario's deadlines, else 100)",
            1, 100000000),
    CLI_FLAG(0, "no-self-play", A, no_self_play, "a strategy never meets itself"),
    CLI_STRING('o', "out", A, out, "<dir>", "journal, sessions.csv and tournament.json here"),
    CLI_FLAG('q', "quiet", A, quiet, "print nothing but errors"),
    CLI_END};
#undef A
static const cli_command_t tournament_cmd = {usage, options, notes};

/* What the run owns, released in one place. */
typedef struct {
    pl_scenario_t *sc[MAX_LIST];
    pl_model_t *m[MAX_LIST];
    const char *names[MAX_LIST];
    pl_tournament_entrant_t entrants[MAX_LIST];
    const pl_protocol_type *protocols[MAX_LIST];
    char journal[4096], csv[4096], json[4096];
    pl_tournament_t *t;
} run_t;

static void run_free(run_t *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pl_model_free(r->m[i]);
        pl_scenario_free(r->sc[i]);
    }
    pl_tournament_free(r->t);
}

/* A scenario's name in the results: its file or folder name, without a trailing slash. */
static const char *base_name(const char *path, char *buf, size_t size)
{
    snprintf(buf, size, "%s", path);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '/') buf[--n] = '\0';
    const char *slash = strrchr(buf, '/');
    return slash ? slash + 1 : buf;
}

static void print_ranking(const run_t *r, const pl_tournament_options_t *o)
{
    const pl_tournament_t *t = r->t;
    printf("%zu sessions (%zu entrants, %zu scenarios, %zu protocols, %zu seeds)%s\n\n",
           t->nsessions, o->nentrants, o->nmodels, o->nprotocols, o->nseeds, "");
    if (t->resumed) printf("resumed: %zu sessions read back from the journal\n\n", t->resumed);
    cli_table_t tab;
    cli_table_init(&tab, 8);
    for (size_t c = 0; c < 8; c++)
        if (c != 1) cli_table_align_right(&tab, c);
    cli_table_addf(&tab, "rank\tstrategy\tutility\t95%% CI\twelfare\tpareto dist\tnash dist\tagreements");
    for (size_t k = 0; k < t->nentrants; k++) {
        const pl_tournament_score_t *s = &t->ranking[k];
        cli_table_addf(&tab, "%zu\t%s\t%.4f\t±%.4f\t%.4f\t%.4f\t%.4f\t%.1f%%", k + 1,
                       o->entrants[s->entrant].name, s->utility, s->utility_ci, s->welfare,
                       s->pareto_distance, s->nash_distance, 100 * s->agreement_rate);
    }
    cli_table_print(&tab, stdout, 0, 1);
    cli_table_destroy(&tab);
}

static int prepare(const struct tournament_args *a, run_t *r, pl_tournament_options_t *o,
                   char names[][256], pl_error_t *err)
{
    for (size_t i = 0; i < a->nscenarios; i++) {
        if (cli_scenario_load(a->scenario[i], NULL, &r->sc[i], err) != PL_OK ||
            pl_model_compile(r->sc[i], &r->m[i], err) != PL_OK)
            return cli_report(err);
        r->names[i] = base_name(a->scenario[i], names[i], 256);
    }
    size_t ne = a->nstrategies ? a->nstrategies : pl_strategy_count();
    for (size_t e = 0; e < ne; e++) {
        pl_tournament_entrant_t *en = &r->entrants[e];
        if (a->nstrategies) {
            en->name = a->strategy[e];
            pl_strategy_parse(a->strategy[e], &en->type, &en->param, NULL); /* checked already */
        } else {
            en->type = pl_strategy_at(e);
            en->name = en->type->name;
            en->param = NAN;
        }
    }
    size_t np = a->nprotocols ? a->nprotocols : 1;
    for (size_t p = 0; p < np; p++)
        r->protocols[p] = pl_protocol_find(a->nprotocols ? a->protocol[p] : "sao");
    pl_tournament_options_init(o);
    o->entrants = r->entrants;
    o->nentrants = ne;
    o->models = (const pl_model_t *const *)r->m;
    o->model_names = r->names;
    o->nmodels = a->nscenarios;
    o->protocols = r->protocols;
    o->nprotocols = np;
    o->nseeds = (size_t)a->seeds;
    o->seed = a->seed;
    o->rounds = a->rounds > 0 ? (size_t)a->rounds : 0;
    o->self_play = !a->no_self_play;
    if (a->out) {
        if (mkdir(a->out, 0777) != 0 && errno != EEXIST)
            return cli_error("%s: cannot create: %s", a->out, strerror(errno));
        snprintf(r->journal, sizeof r->journal, "%s/journal.tsv", a->out);
        snprintf(r->csv, sizeof r->csv, "%s/sessions.csv", a->out);
        snprintf(r->json, sizeof r->json, "%s/tournament.json", a->out);
        o->journal = r->journal;
    }
    return CLI_OK;
}

int cmd_tournament(int argc, char **argv)
{
    struct tournament_args a = {.seeds = 1, .seed = 1, .rounds = 0};
    int rc = cli_parse(&tournament_cmd, argc, argv, &a);
    if (rc != CLI_CONTINUE) return rc;
    static run_t r; /* large (paths, lists): off the stack */
    memset(&r, 0, sizeof r);
    static char names[MAX_LIST][256];
    pl_tournament_options_t o;
    pl_error_t err;
    pl_error_init(&err);
    rc = prepare(&a, &r, &o, names, &err);
    if (rc == CLI_OK && pl_tournament_run(&o, &r.t, &err) != PL_OK) rc = cli_report(&err);
    if (rc == CLI_OK && a.out &&
        (pl_tournament_write_csv(r.t, &o, r.csv, &err) != PL_OK ||
         pl_tournament_write_json(r.t, &o, r.json, &err) != PL_OK))
        rc = cli_report(&err);
    if (rc == CLI_OK && !a.quiet) {
        cli_wrap_stdout();
        print_ranking(&r, &o);
    }
    run_free(&r, a.nscenarios);
    pl_error_destroy(&err);
    return rc;
}
