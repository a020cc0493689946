/*
 * cmd_fit.c: `parley fit`: fit the tunable forecasting models on a DEU-style file and write
 * their parameters, with the data they came from, to params.json (for --params of `forecast`
 * and `backtest`).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: parley fit <issues.tsv> --actors <actors.tsv> [-o params.json] [options]",
    "",
    "Fits every tunable model (or those of --models) on all issues with an outcome and writes",
    "the parameters; 'parley forecast --params' and 'parley backtest --params' use them.",
    NULL};

static const char *const capabilities[] = {"gdp", "votes", NULL}; /* as pl_capability */

struct fit_args {
    const char *issues, *actors, *models, *out;
    int capability;
};
#define A struct fit_args
static const cli_option_t options[] = {
    CLI_OPERAND(A, issues, "<issues.tsv>", NULL),
    {.kind = CLI_OPT_STRING, .long_name = "actors", .offset = offsetof(A, actors), .argh = "FILE",
     .help = "actors file (gdp_weight, council_votes_nice)", .flags = CLI_OPT_REQUIRED},
    CLI_STRING('o', "output", A, out, "FILE", "write the parameters here (default: stdout)"),
    CLI_STRING(0, "models", A, models, "all|a,b", "models to fit (default: every tunable model)"),
    CLI_CHOICE(0, "capability", A, capability, "gdp|votes",
               "actor capability: GDP weight (default) or Council votes", capabilities),
    CLI_END};
#undef A
static const cli_command_t fit_cmd = {usage, options, NULL};

int cmd_fit(int argc, char **argv)
{
    struct fit_args a = {0};
    int rc = cli_parse(&fit_cmd, argc, argv, &a);
    if (rc != CLI_CONTINUE) return rc;
    const pl_forecast_model_type *list[PL_FORECAST_MAX_PARAMS];
    size_t nm = 0;
    if (a.models && strcmp(a.models, "all") != 0) {
        char *copy = strdup(a.models);
        if (!copy) return cli_error("out of memory");
        for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
            const pl_forecast_model_type *m = pl_forecast_model_find(tok);
            if (!m || m->nparams == 0) {
                rc = cli_command_error(&fit_cmd, m ? "model '%s' has no tunable parameters" : "unknown model '%s'", tok);
                free(copy);
                return rc;
            }
            if (nm < PL_FORECAST_MAX_PARAMS) list[nm++] = m;
        }
        free(copy);
    }
    pl_capability cap = a.capability == 1 ? PL_CAP_VOTES : PL_CAP_GDP;
    pl_error_t err;
    pl_error_init(&err);
    pl_deu_t *d = NULL;
    pl_forecast_params_t p;
    pl_forecast_params_init(&p);
    rc = CLI_OK;
    if (pl_io_load_deu(a.issues, a.actors, &d, &err) != PL_OK ||
        pl_deu_fit(d, cap, nm ? list : NULL, nm, &p, &err) != PL_OK) {
        rc = cli_report(&err);
        goto done;
    }
    p.issues = pl_strdup(a.issues);
    p.actors = pl_strdup(a.actors);
    if (!p.issues || !p.actors) {
        rc = cli_error("out of memory");
        goto done;
    }
    rc = cli_params_write(a.out, &p);
    if (rc == CLI_OK && a.out && strcmp(a.out, "-") != 0) {
        cli_wrap_stdout();
        printf("fitted");
        for (size_t i = 0; i < p.nfitted; i++) printf("%s %s", i ? "," : "", p.fitted[i].model->name);
        printf(" on %zu issues with an outcome (%zu proposals), capability %s -> %s\n", p.nissues,
               p.nproposals, capabilities[a.capability], a.out);
    }
done:
    pl_forecast_params_destroy(&p);
    pl_deu_free(d);
    pl_error_destroy(&err);
    return rc;
}
