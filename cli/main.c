/*
 * main.c: the parley command: dispatch to one cmd_<name>() per subcommand
 * (cli/cmd_<name>.c), git-style: `parley <command> [options]`, `parley help <command>`.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

/* sorted by name */
static const struct command commands[] = {
    {"analyze", cmd_analyze, "zone of agreement, Pareto frontier, Nash/KS points, proposals"},
    {"backtest", cmd_backtest, "run forecasting models on DEU-style data and score them"},
    {"check", cmd_check, "validate a scenario and print a summary"},
    {"convert", cmd_convert, "convert a GENIUS folder (or a scenario) to the scenario language"},
    {"explore", cmd_explore, "how sure, and what flips it: sample uncertain values (worlds)"},
    {"fit", cmd_fit, "fit the tunable forecasting models on DEU-style data (params.json)"},
    {"forecast", cmd_forecast, "forecast outcomes with spatial bargaining models"},
    {"mediate", cmd_mediate, "bridging proposals, what it takes, leverage, who is pivotal, power"},
    {"plot", cmd_plot, "draw the utility space, a simulation, blocking, a forecast (svg/png/pdf)"},
    {"report", cmd_report, "write an analyst's briefing: one HTML page or Markdown"},
    {"simulate", cmd_simulate, "run a negotiation protocol with strategies, mediators, channels"},
    {"tournament", cmd_tournament, "strategies x scenarios x protocols x seeds, ranked"},
};
static const size_t ncommands = sizeof commands / sizeof commands[0];

static void usage(FILE *f)
{
    fprintf(f, "usage: parley [--version] [--help] <command> [<args>]\n\ncommands:\n");
    for (size_t i = 0; i < ncommands; i++)
        fprintf(f, "   %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'parley help <command>' or 'parley <command> --help' shows a command's options;\n"
               "'parley help terms' explains the terms the outputs use.\n"
               "Every command that reads a scenario takes --set PATH=VALUE (a what-if without\n"
               "editing the file, e.g. --set 'actors.Israel.reservation=0.6'; docs/uncertainty.md).\n");
}

static const struct command *find(const char *name)
{
    for (size_t i = 0; i < ncommands; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

/* Standard output is buffered: a full disk or a closed pipe shows only when it is flushed.
 * Every command's output goes through here, so that `parley check x.yaml > /dev/full` fails
 * (exit 1) instead of losing the output with exit 0. */
static int finish(int rc)
{
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == CLI_OK) {
        /* a command that failed already said why (convert reports its own write error) */
        char why[128];
        snprintf(why, sizeof why, "%s", strerror(errno));
        if (why[0] >= 'A' && why[0] <= 'Z' && !(why[1] >= 'A' && why[1] <= 'Z')) why[0] += 'a' - 'A';
        fprintf(stderr, "error: cannot write to standard output: %s\n", why);
        return CLI_FAIL;
    }
    return rc;
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("parley %s\n", pl_version());
        return CLI_OK;
    }
    if (cli_is_help(cmd)) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return CLI_OK;
        }
        if (strcmp(argv[2], "terms") == 0) return cli_help_terms(stdout);
        const struct command *c = find(argv[2]);
        if (!c) {
            fprintf(stderr, "error: '%s' is not a parley command\n", argv[2]);
            usage(stderr);
            return CLI_USAGE;
        }
        char *hargv[] = {argv[2], "--help", NULL};
        return c->fn(2, hargv);
    }
    const struct command *c = find(cmd);
    if (!c) {
        fprintf(stderr, "error: '%s' is not a parley command (see 'parley --help')\n", cmd);
        return CLI_USAGE;
    }
    /* --set works with every command: taken out here, applied by cli_scenario_load */
    int cargc = argc - 1;
    if (cli_sets_take(&cargc, argv + 1) != CLI_OK) return CLI_USAGE;
    /* the command sees argv[0] = its own name */
    return c->fn(cargc, argv + 1);
}

int main(int argc, char **argv)
{
    return finish(run(argc, argv));
}
