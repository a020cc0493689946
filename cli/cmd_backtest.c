/*
 * cmd_backtest.c: `parley backtest`: run forecasting models on every issue of a DEU file and
 * score them (mean absolute error on 0-100, spread, breakdowns by rule and procedure).
 */
#include "cli.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: parley backtest <issues.tsv> --actors <actors.tsv> [options]",
    NULL};

static const char *const capabilities[] = {"gdp", "votes", NULL}; /* as pl_capability */

struct backtest_args {
    const char *issues, *actors, *models, *params, *train;
    int capability; /* index in capabilities[] */
    int json, cv, no_issues;
};
#define A struct backtest_args
static const cli_option_t options[] = {
    CLI_OPERAND(A, issues, "<issues.tsv>", NULL),
    {.kind = CLI_OPT_STRING, .long_name = "actors", .offset = offsetof(A, actors), .argh = "FILE",
     .help = "actors file (gdp_weight, council_votes_nice)", .flags = CLI_OPT_REQUIRED},
    CLI_STRING(0, "models", A, models, "all|a,b", "models to run (default all; see 'parley forecast --help')"),
    CLI_STRING(0, "model", A, models, "all|a,b", "the same as --models"),
    CLI_STRING(0, "params", A, params, "FILE",
               "run the tunable models with the parameters in FILE (from\n"
               "'parley fit'); they are not refitted, even with --cv"),
    CLI_STRING(0, "train", A, train, "FILE",
               "fit the tunable models on the issues of FILE (same --actors)\n"
               "and score them on <issues.tsv>"),
    CLI_CHOICE(0, "capability", A, capability, "gdp|votes",
               "actor capability: GDP weight (default) or Council votes", capabilities),
    CLI_FLAG(0, "cv", A, cv,
             "fit tunable models leave-one-proposal-out (default: their fixed\n"
             "untrained parameters)"),
    CLI_FLAG(0, "json", A, json, "print JSON instead of tables"),
    CLI_FLAG(0, "no-issues", A, no_issues, "leave the per-issue table out"),
    CLI_END};
#undef A
static const cli_command_t backtest_cmd = {usage, options, NULL};

static const char *group_names[PL_BACKTEST_NGROUPS] = {"QMV", "Unan", "COD", "CNS"};

static int parse_models(const char *spec, const pl_forecast_model_type ***out, size_t *n)
{
    const pl_forecast_model_type *const *all = pl_forecast_models();
    size_t nall = 0;
    while (all[nall]) nall++;
    *out = malloc((nall + 1) * sizeof **out);
    *n = 0;
    if (!*out) return -1;
    if (!spec || strcmp(spec, "all") == 0) {
        for (size_t i = 0; i < nall; i++) (*out)[(*n)++] = all[i];
        return 0;
    }
    char *copy = strdup(spec);
    if (!copy) return -1;
    for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
        const pl_forecast_model_type *m = pl_forecast_model_find(tok);
        if (!m) {
            cli_command_error(&backtest_cmd, "unknown model '%s'", tok);
            free(copy);
            return 1;
        }
        if (*n < nall) (*out)[(*n)++] = m;
    }
    free(copy);
    return 0;
}

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* a table cell: the value with `prec` decimals, "-" when there is none (an empty group gives nan) */
static const char *cell(char *buf, size_t n, int prec, double v)
{
    if (isfinite(v))
        snprintf(buf, n, "%.*f", prec, v);
    else
        snprintf(buf, n, "-");
    return buf;
}

/* --json: the scores per model and group, and unless --no-issues the forecasts per issue */
static void render_json(const pl_deu_t *d, const pl_backtest_result_t *res, size_t nm, const char *capname,
                        int cv, int show_issues, const char *from)
{
    json_t *root = json_object();
    json_object_set_new(root, "issues_scored", json_integer((json_int_t)res->nissues));
    json_object_set_new(root, "capability", json_string(capname));
    json_object_set_new(root, "cv", json_boolean(cv));
    if (from) json_object_set_new(root, "params_from", json_string(from));
    json_t *jm = json_array();
    for (size_t m = 0; m < nm; m++) {
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(res->models[m]->name));
        json_object_set_new(o, "mae", num(res->mae[m]));
        json_object_set_new(o, "sd", num(res->sd[m]));
        json_t *br = json_object(), *bp = json_object();
        for (int g = 0; g < PL_BACKTEST_NGROUPS; g++)
            json_object_set_new(g < 2 ? br : bp, group_names[g],
                                num(res->group_mae[m * PL_BACKTEST_NGROUPS + (size_t)g]));
        json_object_set_new(o, "by_rule", br);
        json_object_set_new(o, "by_procedure", bp);
        json_array_append_new(jm, o);
    }
    json_object_set_new(root, "models", jm);
    json_t *gn = json_object();
    for (int g = 0; g < PL_BACKTEST_NGROUPS; g++)
        json_object_set_new(gn, group_names[g], json_integer((json_int_t)res->group_n[g]));
    json_object_set_new(root, "group_sizes", gn);
    if (show_issues) {
        json_t *ji = json_array();
        for (size_t q = 0; q < res->nissues; q++) {
            const pl_deu_issue_t *is = &d->issues[res->issue[q]];
            json_t *o = json_object();
            json_object_set_new(o, "proposal", json_string(is->proposal));
            json_object_set_new(o, "issue", json_string(is->issue));
            json_object_set_new(o, "rule", json_string(is->rule == PL_RULE_QMV ? "QMV" : is->rule == PL_RULE_UNAN ? "Unan" : ""));
            json_object_set_new(o, "procedure", json_string(is->proc == PL_PROC_COD ? "COD" : is->proc == PL_PROC_CNS ? "CNS" : ""));
            json_object_set_new(o, "outcome", num(is->outcome));
            json_t *f = json_object();
            for (size_t m = 0; m < nm; m++)
                json_object_set_new(f, res->models[m]->name, num(res->forecast[q * nm + m]));
            json_object_set_new(o, "forecasts", f);
            json_array_append_new(ji, o);
        }
        json_object_set_new(root, "issues", ji);
    }
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
    if (s) puts(s);
    free(s);
    json_decref(root);
}

/* the forecasts of every scored issue next to its outcome (0-100) */
static int render_issues(const pl_deu_t *d, const pl_backtest_result_t *res, size_t nm)
{
    cli_table_t t;
    printf("\nper issue (forecasts on 0-100):\n");
    cli_table_init(&t, 5 + nm);
    for (size_t c = 4; c < 5 + nm; c++) cli_table_align_right(&t, c);
    const char **cells = malloc((5 + nm) * sizeof *cells);
    char(*buf)[32] = malloc((5 + nm) * sizeof *buf);
    if (!cells || !buf) {
        free(cells);
        free(buf);
        cli_table_destroy(&t);
        return cli_error("out of memory");
    }
    cells[0] = "issue";
    cells[1] = "proposal";
    cells[2] = "rule";
    cells[3] = "proc";
    cells[4] = "outcome";
    for (size_t m = 0; m < nm; m++) cells[5 + m] = res->models[m]->name;
    cli_table_add(&t, cells);
    for (size_t q = 0; q < res->nissues; q++) {
        const pl_deu_issue_t *is = &d->issues[res->issue[q]];
        cells[0] = is->issue;
        cells[1] = is->proposal;
        cells[2] = is->rule == PL_RULE_QMV ? "QMV" : is->rule == PL_RULE_UNAN ? "Unan" : "-";
        cells[3] = is->proc == PL_PROC_COD ? "COD" : is->proc == PL_PROC_CNS ? "CNS" : "-";
        cells[4] = cell(buf[4], sizeof buf[4], 1, is->outcome);
        for (size_t m = 0; m < nm; m++) cells[5 + m] = cell(buf[5 + m], sizeof buf[5 + m], 1, res->forecast[q * nm + m]);
        cli_table_add(&t, cells);
    }
    cli_table_print(&t, stdout, 2, 1);
    cli_table_destroy(&t);
    free(cells);
    free(buf);
    return CLI_OK;
}

/* the scores per model (overall and by rule and procedure), then the per-issue table */
static int render_tables(const pl_deu_t *d, const pl_backtest_result_t *res, size_t nm, const char *capname,
                         int cv, int show_issues, int trained, const char *from)
{
    printf("backtest: %zu issues with an outcome (QMV %zu, Unan %zu, COD %zu, CNS %zu), capability %s%s",
           res->nissues, res->group_n[0], res->group_n[1], res->group_n[2], res->group_n[3], capname,
           cv && !from ? ", tunable models fitted leave-one-proposal-out" : "");
    if (from) printf(", tunable models %s %s", trained ? "fitted on" : "with the parameters of", from);
    printf("\n\n");
    cli_table_t t;
    cli_table_init(&t, 7);
    cli_table_addf(&t, "model\tMAE\tSD\tQMV\tUnan\tCOD\tCNS");
    for (size_t c = 1; c < 7; c++) cli_table_align_right(&t, c);
    for (size_t m = 0; m < nm; m++) {
        const double *g = &res->group_mae[m * PL_BACKTEST_NGROUPS];
        char b[6][32];
        cli_table_addf(&t, "%s\t%s\t%s\t%s\t%s\t%s\t%s", res->models[m]->name,
                       cell(b[0], sizeof b[0], 2, res->mae[m]), cell(b[1], sizeof b[1], 2, res->sd[m]),
                       cell(b[2], sizeof b[2], 2, g[0]), cell(b[3], sizeof b[3], 2, g[1]),
                       cell(b[4], sizeof b[4], 2, g[2]), cell(b[5], sizeof b[5], 2, g[3]));
    }
    cli_table_print(&t, stdout, 2, 1);
    cli_table_destroy(&t);
    return show_issues ? render_issues(d, res, nm) : CLI_OK;
}

int cmd_backtest(int argc, char **argv)
{
    struct backtest_args a = {0};
    int rc = cli_parse(&backtest_cmd, argc, argv, &a);
    if (rc != CLI_CONTINUE) return rc;
    const char *capname = capabilities[a.capability];
    pl_capability cap = a.capability == 1 ? PL_CAP_VOTES : PL_CAP_GDP;
    const pl_forecast_model_type **mlist = NULL;
    size_t nm = 0;
    int pr = parse_models(a.models, &mlist, &nm);
    if (pr != 0) {
        free(mlist);
        return pr < 0 ? cli_error("out of memory") : CLI_USAGE;
    }

    pl_error_t err;
    pl_error_init(&err);
    pl_deu_t *d = NULL, *train = NULL;
    pl_backtest_result_t res;
    pl_backtest_result_init(&res);
    pl_forecast_params_t params;
    pl_forecast_params_init(&params);
    rc = CLI_OK;
    if (a.params && a.train) {
        free(mlist);
        return cli_command_error(&backtest_cmd, "--params and --train exclude each other");
    }
    if (a.params && (rc = cli_params_read(a.params, &params)) != CLI_OK) goto done;
    if (pl_io_load_deu(a.issues, a.actors, &d, &err) != PL_OK) {
        rc = cli_report(&err);
        goto done;
    }
    if (a.train) {
        if (pl_io_load_deu(a.train, a.actors, &train, &err) != PL_OK ||
            pl_deu_fit(train, cap, mlist, nm, &params, &err) != PL_OK) {
            rc = cli_report(&err);
            goto done;
        }
    }
    pl_backtest_options_t bo;
    pl_backtest_options_init(&bo);
    bo.models = mlist;
    bo.nmodels = nm;
    bo.capability = cap;
    bo.cv = a.cv != 0;
    bo.params = a.params || a.train ? &params : NULL;
    if (pl_backtest_run(d, &bo, &res, &err) != PL_OK) {
        rc = cli_report(&err);
        goto done;
    }
    const char *from = a.train ? a.train : a.params;
    if (a.json)
        render_json(d, &res, nm, capname, a.cv, !a.no_issues, from);
    else {
        cli_wrap_stdout();
        rc = render_tables(d, &res, nm, capname, a.cv, !a.no_issues, a.train != NULL, from);
    }
done:
    pl_forecast_params_destroy(&params);
    pl_deu_free(train);
    pl_backtest_result_destroy(&res);
    pl_deu_free(d);
    pl_error_destroy(&err);
    free(mlist);
    return rc;
}
