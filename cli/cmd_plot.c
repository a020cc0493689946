/*
 * cmd_plot.c: `parley plot KIND FILE -o OUT.svg|png|pdf`: compute the results a plot needs
 * (analysis, a session or a trace file, mediation, a forecast) and hand them to render/;
 * the file is written through a temporary file renamed over the target (docs/plots.md).
 */
#include "cli.h"

#include <parley/pl_render.h>

#include <jansson.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const plot_usage[] = {
    "usage: parley plot <kind> <file> -o <out.svg|png|pdf> [<options>]",
    "",
    "Draw a picture of a scenario's results. Kinds: space (the utility space), dance (a",
    "simulation: --trace file or a fresh seeded run), blocking (who blocks, pivotal counts,",
    "power indices), forecast (positions over rounds), explore (a saved 'parley explore --json' result in place of <file>).",
    NULL};

static const char *const plot_notes[] = {
    "The format follows the output's extension. See docs/plots.md.", NULL};

static const char *const kind_names[] = {"space", "dance", "blocking", "forecast", "explore", NULL};
enum { K_SPACE, K_DANCE, K_BLOCKING, K_FORECAST, K_EXPLORE };

struct plot_args {
    int kind;
    const char *file, *out, *variant, *actors, *trace, *protocol, *model, *title;
    uint64_t seed;
    long rounds;
    double width, height;
};

#define A struct plot_args
static const cli_option_t plot_options[] = {
    CLI_OPERAND(A, file, "<file>", NULL),
    CLI_STRING('o', "output", A, out, "<file>", "write the plot here (.svg, .png or .pdf)"),
    CLI_STRING(0, "variant", A, variant, "<name>", "apply this variant first"),
    CLI_STRING(0, "actors", A, actors, "<a,b,...>", "space: the actors drawn (default: the parties)"),
    CLI_STRING(0, "trace", A, trace, "<file>", "dance: a trace from 'parley simulate --trace'"),
    CLI_STRING(0, "protocol", A, protocol, "<p>", "dance: protocol of a fresh run (default: as simulate)"),
    CLI_UINT64(0, "seed", A, seed, "<s>", "dance: seed of a fresh run (default 1)"),
    CLI_INT(0, "rounds", A, rounds, "<n>", "dance: round limit of a fresh run", 1, 100000),
    CLI_STRING(0, "model", A, model, "<m>", "forecast: the model (default eum)"),
    CLI_STRING(0, "title", A, title, "<text>", "the plot's title"),
    CLI_DOUBLE(0, "width", A, width, "<pt>", "width in points (default: the plot's own)", 100, 10000),
    CLI_DOUBLE(0, "height", A, height, "<pt>", "height in points", 100, 10000),
    CLI_END};
#undef A

static const cli_command_t plot_cmd = {plot_usage, plot_options, plot_notes};

/* ---------------------------------------------------------------- dance input */

/* The events of a session or of a trace file, with their outcomes, for pl_render_dance. */
typedef struct dance_data {
    pl_render_event_t *ev;
    size_t *off;               /* per event: its outcome's offset in the pool, or PL_UNSET */
    size_t n, cap;
    size_t *pool;              /* outcomes, nissues each */
    size_t npool, cappool;
    size_t *agreement;
    char *protocol;            /* a trace's, from its "start" line */
    pl_render_dance_t d;
} dance_data_t;

static void dance_free(dance_data_t *dd)
{
    free(dd->ev);
    free(dd->off);
    free(dd->pool);
    free(dd->agreement);
    free(dd->protocol);
}

/* Append an event; its outcome (if any) is copied into the pool, fixed up in dance_finish. */
static int dance_add(dance_data_t *dd, size_t nis, size_t round, pl_event_kind kind, size_t actor,
                     int value, const size_t *outcome)
{
    if (dd->n == dd->cap) {
        dd->cap = dd->cap ? 2 * dd->cap : 64;
        pl_render_event_t *ev = realloc(dd->ev, dd->cap * sizeof *ev);
        if (ev) dd->ev = ev;
        size_t *of = realloc(dd->off, dd->cap * sizeof *of);
        if (of) dd->off = of;
        if (!ev || !of) return -1;
    }
    size_t off = PL_UNSET;
    if (outcome) {
        if (dd->npool + nis > dd->cappool) {
            dd->cappool = 2 * (dd->npool + nis) + 64;
            size_t *p = realloc(dd->pool, dd->cappool * sizeof *p);
            if (!p) return -1;
            dd->pool = p;
        }
        memcpy(dd->pool + dd->npool, outcome, nis * sizeof *outcome);
        off = dd->npool;
        dd->npool += nis;
    }
    /* the pool may move while it grows: the pointers are set in dance_finish */
    dd->off[dd->n] = off;
    dd->ev[dd->n++] = (pl_render_event_t){round, kind, actor, value, NULL};
    return 0;
}

static void dance_finish(dance_data_t *dd)
{
    for (size_t i = 0; i < dd->n; i++)
        dd->ev[i].outcome = dd->off[i] == PL_UNSET ? NULL : dd->pool + dd->off[i];
    dd->d.nevents = dd->n;
    dd->d.events = dd->ev;
    dd->d.agreement = dd->agreement;
}

/* A trace's outcome object to value indices; -1 when a value is not the scenario's. */
static int trace_outcome(const pl_model_t *m, json_t *obj, size_t *o)
{
    const pl_scenario_t *sc = pl_model_scenario(m);
    for (size_t i = 0; i < pl_model_nissues(m); i++) {
        json_t *v = json_object_get(obj, sc->issues[i].name);
        char buf[64];
        const char *label = json_is_string(v) ? json_string_value(v) : NULL;
        if (json_is_number(v)) snprintf(buf, sizeof buf, "%g", json_number_value(v)), label = buf;
        o[i] = label ? pl_issue_find_value(&sc->issues[i], label) : PL_UNSET;
        if (o[i] == PL_UNSET && json_is_number(v)) /* a number printed differently: nearest value */
            for (size_t k = 0; k < sc->issues[i].nvalues; k++)
                if (fabs(sc->issues[i].numeric[k] - json_number_value(v)) < 1e-9) o[i] = k;
        if (o[i] == PL_UNSET) return -1;
    }
    return 0;
}

static pl_event_kind event_kind(const char *name, bool *ok)
{
    for (int k = PL_EV_OFFER; k <= PL_EV_LINKAGE; k++)
        if (strcmp(pl_event_kind_name((pl_event_kind)k), name) == 0) return *ok = true, (pl_event_kind)k;
    *ok = false;
    return PL_EV_OFFER;
}

static int read_trace(const char *path, const pl_model_t *m, dance_data_t *dd)
{
    FILE *f = fopen(path, "r");
    if (!f) return cli_error("%s: cannot open: %s", path, strerror(errno));
    size_t nis = pl_model_nissues(m), lineno = 0, cap = 0;
    size_t *o = calloc(nis + 1, sizeof *o);
    char *line = NULL;
    int rc = CLI_OK;
    while (rc == CLI_OK && getline(&line, &cap, f) > 0) {
        lineno++;
        json_error_t je;
        json_t *j = json_loads(line, 0, &je);
        const char *ev = j ? json_string_value(json_object_get(j, "event")) : NULL;
        if (!ev) {
            rc = cli_error("%s:%zu: not a trace line (a JSON object with \"event\")", path, lineno);
        } else if (strcmp(ev, "result") == 0) {
            const char *end = json_string_value(json_object_get(j, "end"));
            for (int r = PL_END_AGREEMENT; end && r <= PL_END_RATIFICATION; r++)
                if (strcmp(end, pl_end_reason_name((pl_end_reason)r)) == 0) dd->d.end = (pl_end_reason)r;
            dd->d.end_round = (size_t)json_integer_value(json_object_get(j, "round")) - 1;
        } else if (strcmp(ev, "start") == 0) {
            const char *p = json_string_value(json_object_get(j, "protocol"));
            if (p && !dd->protocol && (dd->protocol = strdup(p))) dd->d.protocol = dd->protocol;
        } else {
            bool ok;
            pl_event_kind k = event_kind(ev, &ok);
            json_t *out = json_object_get(j, "outcome");
            const char *who = json_string_value(json_object_get(j, "actor"));
            size_t actor = who ? pl_scenario_find_actor(pl_model_scenario(m), who) : PL_UNSET;
            json_t *yes = json_object_get(j, "yes");
            int value = json_is_boolean(yes) ? json_is_true(yes) : 0;
            size_t round = (size_t)json_integer_value(json_object_get(j, "round"));
            if (!ok || round == 0 || (who && actor == PL_UNSET) ||
                (out && trace_outcome(m, out, o) != 0))
                rc = cli_error("%s:%zu: event does not fit this scenario (actor, outcome or kind)",
                               path, lineno);
            else if (dance_add(dd, nis, round - 1, k, actor, value, out ? o : NULL) != 0)
                rc = cli_error("out of memory");
            if (rc == CLI_OK && k == PL_EV_AGREEMENT && out && !dd->agreement) {
                dd->agreement = malloc(nis * sizeof *o);
                if (dd->agreement) memcpy(dd->agreement, o, nis * sizeof *o);
            }
        }
        json_decref(j);
    }
    if (rc == CLI_OK && lineno == 0) rc = cli_error("%s: empty trace", path);
    free(line);
    free(o);
    fclose(f);
    return rc;
}

static int run_fresh(const pl_model_t *m, const char *protocol, uint64_t seed, long rounds,
                     dance_data_t *dd)
{
    const pl_protocol_type *proto = NULL;
    if (protocol && !(proto = pl_protocol_find(protocol))) {
        cli_error("unknown protocol '%s' (sao, amop, single-text, feedback, shuttle)", protocol);
        return CLI_USAGE;
    }
    if (!proto) { /* as parley simulate chooses: shuttle with mediators or an absent party */
        bool med = false;
        for (size_t i = 0; i < pl_model_nactors(m); i++)
            med |= pl_model_role(m, i) == PL_ROLE_MEDIATOR || !pl_model_at_table(m, i);
        proto = med ? pl_protocol_shuttle : pl_protocol_sao;
    }
    pl_sim_options_t o;
    pl_sim_options_init(&o);
    o.seed = seed;
    if (rounds > 0) o.rounds = (size_t)rounds;
    pl_error_t err;
    pl_error_init(&err);
    pl_session_t *s = NULL;
    int rc = CLI_OK;
    if (pl_session_alloc(m, proto, &o, &s, &err) != PL_OK || pl_session_run(s, &err) != PL_OK) {
        rc = cli_report(&err);
    } else {
        size_t nis = pl_model_nissues(m);
        for (size_t i = 0; i < pl_session_nevents(s) && rc == CLI_OK; i++) {
            const pl_event_t *e = pl_session_event(s, i);
            if (dance_add(dd, nis, e->round, e->kind, e->actor, e->value, pl_session_event_outcome(s, e)) != 0)
                rc = cli_error("out of memory");
        }
        const pl_sim_result_t *r = pl_session_result(s);
        dd->d.end = r->end;
        dd->d.end_round = r->round;
        if (r->agreement && (dd->agreement = malloc(nis * sizeof *dd->agreement)))
            memcpy(dd->agreement, r->outcome, nis * sizeof *dd->agreement);
        dd->d.protocol = proto->name;
    }
    pl_session_free(s);
    pl_error_destroy(&err);
    return rc;
}

struct cli_dance {
    dance_data_t dd;
};

int cli_dance_fresh(const pl_model_t *m, const char *protocol, uint64_t seed, long rounds,
                    cli_dance_t **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return cli_error("out of memory");
    int rc = run_fresh(m, protocol, seed, rounds, &(*out)->dd);
    if (rc == CLI_OK) dance_finish(&(*out)->dd);
    return rc;
}

const pl_render_dance_t *cli_dance_get(const cli_dance_t *d)
{
    return &d->dd.d;
}

void cli_dance_free(cli_dance_t *d)
{
    if (!d) return;
    dance_free(&d->dd);
    free(d);
}

/* ---------------------------------------------------------------- kinds */

static int parse_actors(const char *list, const pl_model_t *m, size_t *out, size_t *n)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", list);
    *n = 0;
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        size_t a = pl_scenario_find_actor(pl_model_scenario(m), t);
        if (a == PL_UNSET) return cli_command_error(&plot_cmd, "unknown actor '%s' in --actors", t);
        if (*n < 64) out[(*n)++] = a;
    }
    if (*n < 2) return cli_command_error(&plot_cmd, "option '--actors' needs at least two actors");
    return CLI_OK;
}

static pl_status plot_space(const struct plot_args *a, const pl_model_t *m,
                            const pl_render_options_t *ro, pl_render_buf_t *buf, pl_error_t *err, int *rc)
{
    pl_analysis_options_t ao;
    pl_analysis_options_init(&ao);
    size_t act[64], n = 0;
    if (a->actors) {
        if ((*rc = parse_actors(a->actors, m, act, &n)) != CLI_OK) return PL_OK;
        ao.actors = act, ao.nactors = n;
    }
    pl_analysis_t *an = NULL;
    pl_status st = pl_analysis_run(m, &ao, &an, err);
    if (st == PL_OK) st = pl_render_space(m, an, ro, buf, err);
    pl_analysis_free(an);
    return st;
}

static pl_status plot_blocking(const pl_model_t *m, const pl_render_options_t *ro,
                               pl_render_buf_t *buf, pl_error_t *err)
{
    pl_mediate_blame_t bl;
    pl_mediate_power_t pw;
    pl_mediate_blame_init(&bl);
    pl_mediate_power_init(&pw);
    pl_error_t e2;
    pl_error_init(&e2);
    /* either part may be too large; the plot says which is missing */
    bool hb = pl_mediate_blame(m, NULL, PL_UNSET, &bl, &e2) == PL_OK;
    bool hp = pl_mediate_power(m, NULL, &pw, &e2) == PL_OK;
    pl_status st = pl_render_blocking(m, hb ? &bl : NULL, hp ? &pw : NULL, ro, buf, err);
    pl_error_destroy(&e2);
    pl_mediate_blame_destroy(&bl);
    pl_mediate_power_destroy(&pw);
    return st;
}

static pl_status plot_forecast(const struct plot_args *a, const pl_model_t *m,
                               const pl_render_options_t *ro, pl_render_buf_t *buf, pl_error_t *err,
                               int *rc)
{
    const pl_forecast_model_type *mt = pl_forecast_model_find(a->model ? a->model : "eum");
    if (!mt) {
        *rc = cli_command_error(&plot_cmd, "unknown forecasting model '%s'", a->model);
        return PL_OK;
    }
    pl_forecast_input_t in;
    pl_forecast_result_t res;
    pl_forecast_input_init(&in);
    pl_forecast_result_init(&res);
    pl_forecast_options_t fo;
    pl_forecast_options_init(&fo);
    fo.trajectory = true;
    pl_status st = pl_forecast_input_from_model(m, &in, err);
    if (st == PL_OK) st = pl_forecast_run(mt, &in, &fo, &res, err);
    if (st == PL_OK) st = pl_render_forecast(&in, &res, mt->name, ro, buf, err);
    pl_forecast_result_destroy(&res);
    pl_forecast_input_destroy(&in);
    return st;
}

static int draw(const struct plot_args *a, const pl_model_t *m, const pl_render_options_t *ro)
{
    pl_error_t err;
    pl_error_init(&err);
    pl_render_buf_t buf;
    pl_render_buf_init(&buf);
    pl_status st = PL_OK;
    int rc = CLI_OK;
    dance_data_t dd = {0};
    switch (a->kind) {
    case K_SPACE: st = plot_space(a, m, ro, &buf, &err, &rc); break;
    case K_BLOCKING: st = plot_blocking(m, ro, &buf, &err); break;
    case K_FORECAST: st = plot_forecast(a, m, ro, &buf, &err, &rc); break;
    case K_DANCE:
        rc = a->trace ? read_trace(a->trace, m, &dd) : run_fresh(m, a->protocol, a->seed, a->rounds, &dd);
        if (rc == CLI_OK) {
            dance_finish(&dd);
            st = pl_render_dance(m, &dd.d, ro, &buf, &err);
        }
        break;
    default: break;
    }
    if (rc == CLI_OK && st != PL_OK) rc = cli_report(&err);
    if (rc == CLI_OK && pl_file_write_atomic(a->out, buf.data, buf.len, &err) != PL_OK)
        rc = cli_report(&err);
    dance_free(&dd);
    pl_render_buf_destroy(&buf);
    pl_error_destroy(&err);
    return rc;
}

/* `parley plot explore RESULT.json`: a saved `parley explore --json` result (explore_read.c). */
static int plot_explore_result(const char *path, const char *out, const pl_render_options_t *ro)
{
    cli_explore_doc_t *d = NULL;
    int rc = cli_explore_read(path, &d);
    if (rc != CLI_OK) return rc;
    pl_error_t err;
    pl_error_init(&err);
    pl_render_buf_t buf;
    pl_render_buf_init(&buf);
    if (pl_render_explore(cli_explore_get(d), ro, &buf, &err) != PL_OK ||
        pl_file_write_atomic(out, buf.data, buf.len, &err) != PL_OK)
        rc = cli_report(&err);
    pl_render_buf_destroy(&buf);
    pl_error_destroy(&err);
    cli_explore_free(d);
    return rc;
}

int cmd_plot(int argc, char **argv)
{
    struct plot_args a = {.kind = -1, .seed = 1, .rounds = -1};
    /* the kind comes first: take it before the table parses the rest */
    if (argc >= 2 && argv[1][0] != '-') {
        for (int k = 0; kind_names[k]; k++)
            if (strcmp(argv[1], kind_names[k]) == 0) a.kind = k;
        if (a.kind < 0)
            return cli_command_error(&plot_cmd, "unknown plot kind '%s' (space, dance, blocking, forecast, explore)", argv[1]);
        argv[1] = argv[0];
        argc--, argv++;
    }
    int rc = cli_parse(&plot_cmd, argc, argv, &a);
    if (rc != CLI_CONTINUE) return rc;
    if (a.kind < 0) return cli_command_error(&plot_cmd, "missing <kind>");
    if (!a.out) return cli_command_error(&plot_cmd, "option '--output' is required");
    pl_render_options_t ro;
    pl_render_options_init(&ro);
    if (!pl_render_format_from_path(a.out, &ro.format))
        return cli_command_error(&plot_cmd, "cannot tell the format of '%s': use .svg, .png or .pdf", a.out);
    ro.width = a.width, ro.height = a.height, ro.title = a.title;
    if (a.kind == K_EXPLORE) return plot_explore_result(a.file, a.out, &ro);
    if (a.trace && a.kind != K_DANCE) return cli_command_error(&plot_cmd, "option '--trace' is for dance plots");
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_model_t *m = NULL;
    if (cli_scenario_load(a.file, a.variant, &sc, &err) != PL_OK || pl_model_compile(sc, &m, &err) != PL_OK)
        rc = cli_report(&err);
    else
        rc = draw(&a, m, &ro);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
    return rc;
}
