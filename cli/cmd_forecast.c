/*
 * cmd_forecast.c: `parley forecast`: run spatial bargaining models on a scenario, a KTAB CSV
 * or a Bueno de Mesquita CSV; print each model's forecast per issue and, with --trajectory,
 * the rounds of the dynamic models and who moved whom.
 */
#include "cli.h"
#include "progress.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: parley forecast <file> [options]",
    NULL};

static const char *const formats[] = {"scenario", "ktab", "bdm", NULL};

struct forecast_args {
    const char *file, *model, *params;
    int format; /* index in formats[]; -1: detect */
    int json, traj, quiet;
    long rounds;
    uint64_t max_work;
};

/* The up-front work estimate of SMP (docs/limits.md): every turn each actor weighs a challenge
 * to every other against every third party, so a run costs about actors^3 x dimensions x
 * turns steps (about 16 ns each: 400 actors, 54 turns took 55 s). Above this it is refused
 * before the work; --max-work raises it. 2e9: 30 s at the most. */
#define SMP_MAX_WORK 2000000000ULL
#define SMP_TURNS 100 /* SMP's own turn cap (src/forecast/smp.c) */
/* EUM: each round every pair's win probability sums the votes of every third actor, per
 * dimension: actors^3 x dimensions x rounds steps of about 1.6 ns (1,000 actors, 10 rounds:
 * 16 s). 4e9: about 6 s. */
#define EUM_MAX_WORK 4000000000ULL
#define EUM_ROUNDS 10 /* EUM's own round cap (src/forecast/eum.c) */
#define A struct forecast_args
static const cli_option_t options[] = {
    CLI_OPERAND(A, file, "<file>", NULL),
    CLI_STRING(0, "models", A, model, "M,..|all",
               "models to run (default all): median, wmedian, compromise, nash,\n"
               "eum, smp, procedural, stack, exchange, rule, combo, select"),
    CLI_STRING(0, "model", A, model, "M,..|all", "the same as --models"),
    CLI_STRING(0, "params", A, params, "FILE",
               "run the tunable models with the parameters in FILE (from\n"
               "'parley fit'; default: their untrained values)"),
    CLI_CHOICE(0, "format", A, format, "F",
               "scenario (YAML, default), ktab (KTAB SMP CSV) or bdm\n"
               "(actor,capability,position,salience CSV); .csv files are\n"
               "detected by their first line",
               formats),
    CLI_INT(0, "rounds", A, rounds, "N", "round cap of the dynamic models (default: the model's own)", 1, 100000),
    CLI_FLAG(0, "trajectory", A, traj, "print the dynamic models' positions round by round and the moves"),
    CLI_FLAG(0, "json", A, json, "print JSON instead of tables"),
    CLI_UINT64(0, "max-work", A, max_work, "N", "refuse smp or eum when actors^3 x dimensions x rounds\n"
               "exceed N (default: smp 2000000000, eum 4000000000;\n"
               "docs/limits.md)"),
    CLI_FLAG(0, "quiet", A, quiet, "no progress bar on stderr"),
    CLI_END};
#undef A
static const char *const notes[] = {
    "Forecast intervals: a forecast is one number per issue and model; its distribution over",
    "uncertain values, or over noise on a KTAB or BdM file, is what 'parley explore FILE",
    "--engine forecast [--noise R]' reports (mean, sd, 5/50/95% quantiles per model and issue).",
    NULL};
static const cli_command_t forecast_cmd = {usage, options, notes};

static const char *move_kind(pl_forecast_move_kind k)
{
    switch (k) {
    case PL_FORECAST_MOVE_CONFLICT: return "conflict";
    case PL_FORECAST_MOVE_COMPROMISE: return "compromise";
    case PL_FORECAST_MOVE_CAPITULATE: return "capitulation";
    default: return "bargain";
    }
}

static const char *aname(const pl_forecast_input_t *in, size_t a, char *buf, size_t n)
{
    if (a < in->nactors && in->actor[a]) return in->actor[a];
    snprintf(buf, n, "#%zu", a);
    return buf;
}

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* A scenario's side of the forecast (NULL for CSV input): the model, for option labels and the
 * issues left out, and per dimension the issue it is. */
typedef struct fc_scenario {
    pl_scenario_t *sc;
    pl_model_t *m;
    size_t *issue; /* per dimension */
} fc_scenario;

static void fc_scenario_free(fc_scenario *f)
{
    pl_model_free(f->m);
    pl_scenario_free(f->sc);
    free(f->issue);
}

/* Read `file` in `format` (scenario, ktab or bdm) into `in`; a scenario also fills `*f`. */
static pl_status load_input(const char *file, const char *format, pl_forecast_input_t *in,
                            fc_scenario *f, pl_error_t *err)
{
    if (strcmp(format, "ktab") == 0) return pl_io_load_ktab(file, in, err);
    if (strcmp(format, "bdm") == 0) return pl_io_load_bdm(file, in, err);
    pl_status st = cli_scenario_load(file, NULL, &f->sc, err);
    if (st == PL_OK) st = pl_model_compile(f->sc, &f->m, err);
    if (st == PL_OK) st = pl_forecast_input_from_model(f->m, in, err);
    if (st != PL_OK) return st;
    if (!(f->issue = calloc(in->ndims ? in->ndims : 1, sizeof *f->issue)))
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    /* the input's dimensions are the used issues in scenario order */
    size_t d = 0;
    for (size_t i = 0; i < pl_model_nissues(f->m) && d < in->ndims; i++)
        if (pl_forecast_scenario_issue(f->m, i) == PL_FORECAST_USED) f->issue[d++] = i;
    return PL_OK;
}

/* Dimension d's forecast x as the nearest option's label (ordered categorical issues of a
 * scenario), or NULL when the issue is numeric or the input is not a scenario. */
static const char *dim_label(const fc_scenario *f, size_t d, double x)
{
    if (!f || !f->m || !isfinite(x)) return NULL;
    size_t i = f->issue[d];
    if (pl_model_issue_kind(f->m, i) != PL_ISSUE_CATEGORICAL) return NULL;
    size_t nv = pl_model_nvalues(f->m, i);
    double r = floor(x + 0.5);
    size_t v = r <= 0 ? 0 : r >= (double)(nv - 1) ? nv - 1 : (size_t)r;
    return pl_model_value_label(f->m, i, v);
}

/* --json: dimensions, actors and per model the forecast (with --trajectory the rounds and moves) */
static void render_json(const pl_forecast_input_t *in, const fc_scenario *f,
                        const pl_forecast_model_type *const *list, size_t nm,
                        const pl_forecast_result_t *res, int traj)
{
    char b1[32], b2[32];
    json_t *root = json_object();
    json_t *dims = json_array();
    for (size_t d = 0; d < in->ndims; d++) {
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(in->dim[d] ? in->dim[d] : ""));
        json_object_set_new(o, "lo", json_real(in->lo[d]));
        json_object_set_new(o, "hi", json_real(in->hi[d]));
        json_object_set_new(o, "reference", num(in->reference[d]));
        if (dim_label(f, d, 0)) { /* ordered options: rank r is option r */
            json_t *op = json_array();
            for (size_t v = 0; v < pl_model_nvalues(f->m, f->issue[d]); v++)
                json_array_append_new(op, json_string(pl_model_value_label(f->m, f->issue[d], v)));
            json_object_set_new(o, "options", op);
        }
        json_array_append_new(dims, o);
    }
    json_object_set_new(root, "dimensions", dims);
    if (f) {
        json_t *left = json_array();
        for (size_t i = 0; i < pl_model_nissues(f->m); i++) {
            pl_forecast_use u = pl_forecast_scenario_issue(f->m, i);
            if (u == PL_FORECAST_USED) continue;
            json_t *o = json_object();
            json_object_set_new(o, "issue", json_string(pl_model_issue_name(f->m, i)));
            const char *r = u == PL_FORECAST_UNORDERED ? "unordered" : "no position";
            json_object_set_new(o, "reason", json_string(r));
            json_object_set_new(o, "why", json_string(pl_forecast_use_reason(u)));
            json_array_append_new(left, o);
        }
        json_object_set_new(root, "left_out", left);
    }
    json_t *acts = json_array();
    for (size_t a = 0; a < in->nactors; a++) json_array_append_new(acts, json_string(aname(in, a, b1, sizeof b1)));
    json_object_set_new(root, "actors", acts);
    json_t *jm = json_array();
    for (size_t m = 0; m < nm; m++) {
        const pl_forecast_result_t *r = &res[m];
        json_t *o = json_object();
        json_object_set_new(o, "model", json_string(list[m]->name));
        json_t *fc = json_array();
        for (size_t d = 0; d < in->ndims; d++) json_array_append_new(fc, num(r->forecast[d]));
        json_object_set_new(o, "forecast", fc);
        if (f) {
            json_t *lb = json_array();
            for (size_t d = 0; d < in->ndims; d++) {
                const char *l = dim_label(f, d, r->forecast[d]);
                json_array_append_new(lb, l ? json_string(l) : json_null());
            }
            json_object_set_new(o, "labels", lb);
        }
        if (r->note[0]) json_object_set_new(o, "note", json_string(r->note));
        if (list[m]->dynamic && r->trajectory) {
            json_object_set_new(o, "rounds", json_integer(r->nrounds));
            json_object_set_new(o, "converged", json_boolean(r->converged));
            if (traj) {
                json_t *tr = json_array();
                for (unsigned t = 0; t <= r->nrounds; t++) {
                    json_t *row = json_array();
                    for (size_t a = 0; a < in->nactors; a++) {
                        json_t *p = json_array();
                        for (size_t d = 0; d < in->ndims; d++)
                            json_array_append_new(p, num(r->trajectory[((size_t)t * in->nactors + a) * in->ndims + d]));
                        json_array_append_new(row, p);
                    }
                    json_array_append_new(tr, row);
                }
                json_object_set_new(o, "trajectory", tr);
                json_t *mv = json_array();
                for (size_t k = 0; k < r->nmoves; k++) {
                    const pl_forecast_move_t *x = &r->moves[k];
                    json_t *e = json_object();
                    json_object_set_new(e, "round", json_integer(x->round));
                    json_object_set_new(e, "actor", json_string(aname(in, x->actor, b1, sizeof b1)));
                    json_object_set_new(e, "by", json_string(aname(in, x->by, b2, sizeof b2)));
                    if (x->dim != PL_UNSET) json_object_set_new(e, "dimension", json_integer((json_int_t)x->dim));
                    json_object_set_new(e, "kind", json_string(move_kind(x->kind)));
                    json_object_set_new(e, "from", num(x->from));
                    json_object_set_new(e, "to", num(x->to));
                    json_array_append_new(mv, e);
                }
                json_object_set_new(o, "moves", mv);
            }
        }
        json_array_append_new(jm, o);
    }
    json_object_set_new(root, "models", jm);
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(8));
    if (s) puts(s);
    free(s);
    json_decref(root);
}

/* the table of forecasts per issue and model, then the notes and stopping reasons */
static int render_table(const pl_forecast_input_t *in, const fc_scenario *f,
                        const pl_forecast_model_type *const *list, size_t nm,
                        const pl_forecast_result_t *res)
{
    printf("%zu actors, %zu issue(s)\n", in->nactors, in->ndims);
    if (f) {
        /* who bargains and which issues are not forecast, and why (docs/models.md) */
        printf("bargainers (the parties with positions or utility tables):");
        for (size_t a = 0; a < in->nactors; a++) printf("%s %s", a ? "," : "", in->actor[a]);
        printf("\n");
        for (size_t i = 0; i < pl_model_nissues(f->m); i++) {
            pl_forecast_use u = pl_forecast_scenario_issue(f->m, i);
            if (u != PL_FORECAST_USED)
                printf("left out: %s (%s)\n", pl_model_issue_name(f->m, i), pl_forecast_use_reason(u));
        }
    }
    printf("\n");
    cli_table_t t;
    cli_table_init(&t, 3 + nm);
    const char **cells = malloc((3 + nm) * sizeof *cells);
    char(*buf)[96] = malloc((3 + nm) * sizeof *buf);
    if (!cells || !buf) {
        free(cells);
        free(buf);
        cli_table_destroy(&t);
        return cli_error("out of memory");
    }
    cells[0] = "issue";
    cells[1] = "scale";
    cells[2] = "reference";
    for (size_t m = 0; m < nm; m++) {
        cells[3 + m] = list[m]->name;
        cli_table_align_right(&t, 3 + m);
    }
    cli_table_align_right(&t, 2);
    cli_table_add(&t, cells);
    for (size_t d = 0; d < in->ndims; d++) {
        cells[0] = in->dim[d] ? in->dim[d] : "";
        snprintf(buf[1], sizeof buf[1], "%g-%g", in->lo[d], in->hi[d]);
        cells[1] = buf[1];
        snprintf(buf[2], sizeof buf[2], isfinite(in->reference[d]) ? "%g" : "-", in->reference[d]);
        cells[2] = buf[2];
        for (size_t m = 0; m < nm; m++) {
            const char *l = dim_label(f, d, res[m].forecast[d]);
            if (l) /* the nearest option and the rank: "phased (rank 1.40)" */
                snprintf(buf[3 + m], sizeof buf[3 + m], "%s (rank %.2f)", l, res[m].forecast[d]);
            else
                snprintf(buf[3 + m], sizeof buf[3 + m], "%.2f", res[m].forecast[d]);
            cells[3 + m] = buf[3 + m];
        }
        cli_table_add(&t, cells);
    }
    cli_table_print(&t, stdout, 2, 1);
    cli_table_destroy(&t);
    free(cells);
    free(buf);
    for (size_t m = 0; m < nm; m++) {
        const pl_forecast_result_t *r = &res[m];
        if (r->note[0]) printf("note (%s): %s\n", list[m]->name, r->note);
        if (list[m]->dynamic)
            printf("%s: %u round(s), %s\n", list[m]->name, r->nrounds,
                   r->converged ? "stopped by its stopping rule" : "stopped at the round cap");
    }
    return CLI_OK;
}

/* --trajectory: per dynamic model and issue the positions round by round, then the moves */
static int render_trajectories(const pl_forecast_input_t *in, const pl_forecast_model_type *const *list,
                               size_t nm, const pl_forecast_result_t *res)
{
    char b1[32], b2[32];
    cli_table_t t;
    for (size_t m = 0; m < nm; m++) {
        const pl_forecast_result_t *r = &res[m];
        if (!list[m]->dynamic || !r->trajectory) continue;
        for (size_t d = 0; d < in->ndims; d++) {
            printf("\n%s trajectory, %s (round 0 = initial positions):\n", list[m]->name,
                   in->dim[d] ? in->dim[d] : "");
            cli_table_init(&t, 2 + r->nrounds);
            for (size_t c = 1; c < 2 + r->nrounds; c++) cli_table_align_right(&t, c);
            const char **row = malloc((2 + r->nrounds) * sizeof *row);
            char(*rb)[24] = malloc((2 + r->nrounds) * sizeof *rb);
            if (!row || !rb) {
                free(row);
                free(rb);
                cli_table_destroy(&t);
                return cli_error("out of memory");
            }
            row[0] = "actor";
            for (unsigned u = 0; u <= r->nrounds; u++) {
                snprintf(rb[1 + u], sizeof rb[1 + u], "%u", u);
                row[1 + u] = rb[1 + u];
            }
            cli_table_add(&t, row);
            for (size_t a = 0; a < in->nactors; a++) {
                if (!isfinite(in->position[a * in->ndims + d])) continue;
                row[0] = aname(in, a, b1, sizeof b1);
                for (unsigned u = 0; u <= r->nrounds; u++) {
                    snprintf(rb[1 + u], sizeof rb[1 + u], "%.2f",
                             r->trajectory[((size_t)u * in->nactors + a) * in->ndims + d]);
                    row[1 + u] = rb[1 + u];
                }
                cli_table_add(&t, row);
            }
            cli_table_print(&t, stdout, 2, 1);
            cli_table_destroy(&t);
            free(row);
            free(rb);
        }
        if (r->nmoves) {
            printf("\n%s moves (who moved whom):\n", list[m]->name);
            for (size_t k = 0; k < r->nmoves; k++) {
                const pl_forecast_move_t *x = &r->moves[k];
                printf("  round %u: %s moved %.2f -> %.2f%s%s (%s with %s)\n", x->round,
                       aname(in, x->actor, b1, sizeof b1), x->from, x->to,
                       x->dim != PL_UNSET ? " on " : "",
                       x->dim != PL_UNSET && in->dim[x->dim] ? in->dim[x->dim] : "",
                       move_kind(x->kind), aname(in, x->by, b2, sizeof b2));
            }
        }
    }
    return CLI_OK;
}

/* Refuse SMP or EUM before the work when its estimate is over the limit (SMP_MAX_WORK,
 * EUM_MAX_WORK, or --max-work): both cost about actors^3 x dimensions x rounds. */
static int check_work(const pl_forecast_model_type *t, const pl_forecast_input_t *in,
                      const struct forecast_args *a)
{
    bool smp = strcmp(t->name, "smp") == 0;
    if (!smp && strcmp(t->name, "eum") != 0) return CLI_OK;
    double n = (double)in->nactors;
    double turns = a->rounds > 0 ? (double)a->rounds : smp ? SMP_TURNS : EUM_ROUNDS;
    double work = n * n * n * (double)in->ndims * turns;
    uint64_t limit = a->max_work ? a->max_work : smp ? SMP_MAX_WORK : EUM_MAX_WORK;
    if (work <= (double)limit) return CLI_OK;
    return cli_error("%s on %zu actors x %zu dimensions x %.0f rounds would take too long "
                     "(actors^3 x dimensions x rounds = %.3g, over %llu); raise the limit with "
                     "--max-work, lower --rounds, or leave %s out with --models",
                     t->name, in->nactors, in->ndims, turns, work, (unsigned long long)limit,
                     t->name);
}

int cmd_forecast(int argc, char **argv)
{
    struct forecast_args a = {.model = "all", .format = -1};
    int rc = cli_parse(&forecast_cmd, argc, argv, &a);
    if (rc != CLI_CONTINUE) return rc;
    const pl_forecast_model_type *const *all = pl_forecast_models();
    const pl_forecast_model_type *list[32];
    size_t nm = 0;
    if (strcmp(a.model, "all") == 0) {
        for (size_t i = 0; all[i] && nm < 32; i++) list[nm++] = all[i];
    } else {
        /* a comma-separated list, as backtest --models takes */
        char name[64];
        for (const char *p = a.model; *p && nm < 32;) {
            size_t len = strcspn(p, ",");
            snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), p);
            if (!(list[nm++] = pl_forecast_model_find(name)))
                return cli_command_error(&forecast_cmd, "unknown model '%s'", name);
            p += len + (p[len] == ',');
        }
        if (nm == 0) return cli_command_error(&forecast_cmd, "unknown model '%s'", a.model);
    }
    pl_forecast_params_t params;
    pl_forecast_params_init(&params);
    if (a.params && (rc = cli_params_read(a.params, &params)) != CLI_OK) return rc;
    const char *format = a.format >= 0 ? formats[a.format] : pl_io_format_name(pl_io_detect_format(a.file));

    pl_error_t err;
    pl_error_init(&err);
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    fc_scenario scen = {0};
    const fc_scenario *f = strcmp(format, "scenario") == 0 ? &scen : NULL;
    rc = CLI_OK;
    if (load_input(a.file, format, &in, &scen, &err) != PL_OK) {
        rc = cli_report(&err);
        pl_error_destroy(&err);
        pl_forecast_params_destroy(&params);
        pl_forecast_input_destroy(&in);
        fc_scenario_free(&scen);
        return rc;
    }
    pl_forecast_result_t *res = calloc(nm, sizeof *res);
    if (!res) {
        pl_forecast_input_destroy(&in);
        pl_forecast_params_destroy(&params);
        fc_scenario_free(&scen);
        return cli_error("out of memory");
    }
    pl_forecast_options_t opt;
    pl_forecast_options_init(&opt);
    opt.trajectory = a.traj != 0 || a.json;
    opt.max_rounds = (unsigned)a.rounds;
    for (size_t m = 0; m < nm; m++) pl_forecast_result_init(&res[m]);
    /* every estimate before any model runs: a refusal comes at once, each model's said */
    for (size_t m = 0; m < nm; m++) {
        int wrc = check_work(list[m], &in, &a);
        if (wrc != CLI_OK) rc = wrc;
    }
    if (rc != CLI_OK) goto done;
    for (size_t m = 0; m < nm; m++) {
        opt.params = pl_forecast_params_find(&params, list[m]); /* NULL: the defaults */
        char unit[80];
        snprintf(unit, sizeof unit, "rounds (%s)", list[m]->name);
        cli_progress_t bar;
        opt.progress = cli_progress_start(&bar, unit, a.quiet);
        opt.progress_ctx = &bar;
        pl_status fst = pl_forecast_run(list[m], &in, &opt, &res[m], &err);
        cli_progress_end(&bar);
        if (fst != PL_OK) {
            rc = cli_report(&err);
            goto done;
        }
    }
    if (a.json)
        render_json(&in, f, list, nm, res, a.traj);
    else if ((cli_wrap_stdout(), rc = render_table(&in, f, list, nm, res)) == CLI_OK && a.traj)
        rc = render_trajectories(&in, list, nm, res);
done:
    for (size_t m = 0; m < nm; m++) pl_forecast_result_destroy(&res[m]);
    free(res);
    pl_forecast_input_destroy(&in);
    pl_forecast_params_destroy(&params);
    fc_scenario_free(&scen);
    pl_error_destroy(&err);
    return rc;
}
