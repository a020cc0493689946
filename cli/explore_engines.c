/*
 * explore_engines.c: `parley explore --engine simulate|forecast`: runs the library's engines
 * (pl_explore_engines.h) on the scenario's worlds, or with --noise on a KTAB or BdM file, and
 * prints the agreement rate, rounds, agreed packages and utilities (simulate) or each model's
 * forecast distribution (forecast) as tables or as JSON (schema parley-explore/1).
 */
#include "explore_engines.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIST 32
static const char *const default_models = "compromise,nash,eum,smp";

/* Split a comma-separated list into names[] (each at most 63 characters). */
static size_t split(const char *list, char names[][64], size_t max)
{
    size_t n = 0;
    for (const char *p = list; p && *p && n < max;) {
        size_t len = strcspn(p, ",");
        snprintf(names[n++], 64, "%.*s", (int)(len < 63 ? len : 63), p);
        p += len + (p[len] == ',');
    }
    return n;
}

typedef struct lists {
    const pl_protocol_type *prot[MAX_LIST];
    const pl_strategy_type *strat[MAX_LIST];
    const pl_forecast_model_type *model[MAX_LIST];
    size_t nprot, nstrat, nmodel;
} lists;

static int unknown(const char *what, const char *name, size_t (*count)(void), const char *(*at)(size_t))
{
    char known[512] = "";
    size_t len = 0;
    for (size_t k = 0; k < count() && len < sizeof known; k++)
        len += (size_t)snprintf(known + len, sizeof known - len, "%s%s", k ? ", " : "", at(k));
    return cli_error("unknown %s '%s' (known: %s)", what, name, known);
}
static const char *prot_name(size_t k) { return pl_protocol_at(k)->name; }
static const char *strat_name(size_t k) { return pl_strategy_at(k)->name; }
static const char *model_name(size_t k) { return pl_forecast_model_at(k)->name; }

static int parse_lists(const cli_explore_engine_args *a, lists *L)
{
    char names[MAX_LIST][64];
    memset(L, 0, sizeof *L);
    size_t n = split(a->protocols, names, MAX_LIST);
    for (size_t k = 0; k < n; k++)
        if (!(L->prot[L->nprot++] = pl_protocol_find(names[k])))
            return unknown("protocol", names[k], pl_protocol_count, prot_name);
    n = split(a->strategies, names, MAX_LIST);
    for (size_t k = 0; k < n; k++)
        if (!(L->strat[L->nstrat++] = pl_strategy_find(names[k])))
            return unknown("strategy", names[k], pl_strategy_count, strat_name);
    n = split(a->models ? a->models : default_models, names, MAX_LIST);
    for (size_t k = 0; k < n; k++)
        if (!(L->model[L->nmodel++] = pl_forecast_model_find(names[k])))
            return unknown("model", names[k], pl_forecast_model_count, model_name);
    return CLI_OK;
}

int cli_explore_engine_check(const cli_explore_engine_args *a)
{
    lists L;
    const char *bad = NULL;
    if (a->engine != CLI_ENGINE_SIMULATE && (a->strategies || a->protocols))
        bad = a->strategies ? "--strategies" : "--protocols";
    else if (a->engine != CLI_ENGINE_FORECAST && (a->models || a->noise > 0))
        bad = a->models ? "--models" : "--noise";
    if (bad) return cli_error("%s needs --engine %s", bad, bad[2] == 's' || bad[2] == 'p' ? "simulate" : "forecast");
    if (a->engine != CLI_ENGINE_ACCEPTANCE && a->sobol > 0)
        return cli_error("--sobol needs --engine acceptance (Sobol indices are of acceptance measures)");
    const char *const *sets;
    if (cli_explore_is_forecast_file(a) && (a->variant || cli_sets(&sets)))
        return cli_error("%s: --variant and --set need a scenario, not a %s file (use --noise)", a->file,
                         pl_io_format_name(pl_io_detect_format(a->file)));
    return parse_lists(a, &L);
}

bool cli_explore_is_forecast_file(const cli_explore_engine_args *a)
{
    return a->engine == CLI_ENGINE_FORECAST && pl_io_detect_format(a->file) != PL_IO_FORMAT_SCENARIO;
}

/* ---- shared pieces of the output ---- */

static double prob(uint64_t k, uint64_t n) { return n ? (double)k / (double)n : 0; }
static double pse_se(uint64_t k, uint64_t n)
{
    double p = prob(k, n);
    return n ? sqrt(p * (1 - p) / (double)n) : 0;
}
static json_t *pse(uint64_t k, uint64_t n)
{
    return json_pack("{s:f,s:f,s:I}", "p", prob(k, n), "se", pse_se(k, n), "worlds", (json_int_t)k);
}
/* mean and standard error from a sum and a sum of squares over n */
static void mean_se(double s, double ss, uint64_t n, double *mean, double *se)
{
    *mean = n ? s / (double)n : 0;
    double var = n > 1 ? (ss - (double)n * *mean * *mean) / (double)(n - 1) : 0;
    *se = n ? sqrt(var > 0 ? var : 0) / sqrt((double)n) : 0;
}
static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *header_json(const cli_explore_engine_args *a, pl_scenario_t *const *sc,
                           const double *weights, size_t nsc, const uint64_t *drawn, uint64_t N,
                           double spread)
{
    static const char *const names[] = {"acceptance", "simulate", "forecast"};
    json_t *root = json_object();
    json_object_set_new(root, "schema", json_string("parley-explore/1"));
    json_object_set_new(root, "scenario", nsc ? json_string(sc[0]->name ? sc[0]->name : "") : json_null());
    json_object_set_new(root, "file", json_string(a->file));
    json_object_set_new(root, "engine", json_string(names[a->engine]));
    json_object_set_new(root, "worlds", json_integer((json_int_t)N));
    json_object_set_new(root, "seed", json_integer((json_int_t)a->seed));
    json_object_set_new(root, "spread", isnan(spread) ? json_null() : json_real(spread));
    json_t *un = json_array();
    for (size_t k = 0; nsc && k < sc[0]->nuncertain; k++) {
        const pl_uncertain_t *u = &sc[0]->uncertain[k];
        char d[300];
        pl_dist_describe(&u->dist, d, sizeof d);
        const char *src = pl_scenario_source(sc[0], u->path);
        json_array_append_new(un, json_pack("{s:s,s:s,s:s,s:o,s:s,s:o}", "path", u->path, "distribution",
                                            pl_dist_name(u->dist.kind), "description", d, "point",
                                            isnan(u->point) ? json_null() : json_real(u->point),
                                            "point_is", pl_dist_point_kind(&u->dist), "source",
                                            src ? json_string(src) : json_null()));
    }
    json_object_set_new(root, "uncertain", un);
    json_t *vars = json_array();
    for (size_t v = 0; nsc > 1 && v < nsc; v++)
        json_array_append_new(vars, json_pack("{s:s,s:f,s:o}", "name", sc[v]->variant, "weight",
                                              weights[v], "drawn", pse(drawn[v], N)));
    json_object_set_new(root, "variants", vars);
    return root;
}

static void dump(json_t *root)
{
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    if (text) printf("%s\n", text);
    free(text);
    json_decref(root);
}

static void header_text(const cli_explore_engine_args *a, pl_scenario_t *const *sc,
                        size_t nsc, const uint64_t *drawn, uint64_t N, double spread)
{
    printf("explore (%s): %s\n", a->engine == CLI_ENGINE_SIMULATE ? "simulate" : "forecast",
           nsc && sc[0]->name ? sc[0]->name : a->file);
    printf("%llu worlds, seed %llu (world i draws from stream (seed, i))\n", (unsigned long long)N,
           (unsigned long long)a->seed);
    if (!isnan(spread))
        printf("the file states no uncertain values: every reservation and participation varies "
               "uniformly by +-%g (--spread)\n", spread);
    if (nsc > 1) {
        printf("variants drawn by weight:");
        for (size_t v = 0; v < nsc; v++) printf(" %s %.1f%%;", sc[v]->variant, 100 * prob(drawn[v], N));
        putchar('\n');
    }
    if (nsc) cli_print_uncertain(sc[0], stdout);
}

static void package_text(const pl_model_t *m, uint64_t idx, char *buf, size_t size)
{
    size_t o[256];
    size_t ni = pl_model_nissues(m), len = 0;
    buf[0] = '\0';
    if (ni > 256) {
        snprintf(buf, size, "#%llu", (unsigned long long)idx);
        return;
    }
    pl_model_outcome_from_index(m, idx, o);
    for (size_t i = 0; i < ni && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s=%s", i ? " " : "",
                                pl_model_issue_name(m, i), pl_model_value_label(m, i, o[i]));
}

static json_t *package_json(const pl_model_t *m, uint64_t idx)
{
    size_t o[256];
    json_t *j = json_object();
    if (pl_model_nissues(m) > 256) return j;
    pl_model_outcome_from_index(m, idx, o);
    for (size_t i = 0; i < pl_model_nissues(m); i++)
        json_object_set_new(j, pl_model_issue_name(m, i), json_string(pl_model_value_label(m, i, o[i])));
    return j;
}

/* ---- simulate ---- */

static void sim_print(const cli_explore_engine_args *a, pl_scenario_t *const *sc, const double *weights,
                      size_t nsc, double spread, const lists *L, const pl_explore_sim_result_t *r,
                      const pl_model_t *m, const uint64_t *top, size_t ntop)
{
    uint64_t N = r->worlds;
    double rmean, rse;
    mean_se((double)r->rounds_sum, (double)r->rounds_sumsq, N, &rmean, &rse);
    if (a->json) {
        json_t *root = header_json(a, sc, weights, nsc, r->variant_worlds, N, spread);
        json_t *pr = json_array(), *st = json_array();
        for (size_t p = 0; p < r->nprotocols; p++)
            json_array_append_new(pr, json_pack("{s:s,s:o,s:o}", "name",
                                                L->nprot ? L->prot[p]->name : "default", "drawn",
                                                pse(r->protocol_worlds[p], N), "agreement",
                                                pse(r->protocol_agreements[p], r->protocol_worlds[p])));
        for (size_t k = 0; k < L->nstrat; k++) json_array_append_new(st, json_string(L->strat[k]->name));
        json_object_set_new(root, "protocols", pr);
        json_object_set_new(root, "strategies", L->nstrat ? st : (json_decref(st), json_null()));
        json_object_set_new(root, "agreement", pse(r->agreements, N));
        json_object_set_new(root, "rounds", json_pack("{s:f,s:f}", "mean", rmean, "se", rse));
        json_object_set_new(root, "enumerated", json_boolean(r->enumerated));
        json_object_set_new(root, "space", json_integer((json_int_t)r->space));
        json_t *out = json_array();
        for (size_t k = 0; k < ntop; k++)
            json_array_append_new(out, json_pack("{s:o,s:o}", "package", package_json(m, top[k]),
                                                 "agreed", pse(r->outcome[top[k]], N)));
        json_object_set_new(root, "outcomes", out);
        json_t *ac = json_array();
        for (size_t x = 0; x < r->nactors; x++) {
            if (!pl_model_has_preferences(m, x)) continue;
            double mu, se;
            mean_se(pl_explore_sum_value(&r->utility[x]), pl_explore_sum_value(&r->utility_sq[x]), N, &mu, &se);
            json_array_append_new(ac, json_pack("{s:s,s:{s:f,s:f}}", "name", sc[0]->actors[x].name,
                                                "utility", "mean", mu, "se", se));
        }
        json_object_set_new(root, "actors", ac);
        dump(root);
        return;
    }
    header_text(a, sc, nsc, r->variant_worlds, N, spread);
    printf("protocol: ");
    if (!L->nprot) printf("the default (%s)\n", "shuttle with mediators or absent parties, else sao");
    for (size_t p = 0; p < L->nprot; p++) printf("%s%s", L->prot[p]->name, p + 1 < L->nprot ? ", " : " (drawn uniformly per world)\n");
    printf("strategies: ");
    if (!L->nstrat) printf("the scenario's own (else boulware)\n");
    for (size_t k = 0; k < L->nstrat; k++)
        printf("%s%s", L->strat[k]->name, k + 1 < L->nstrat ? ", " : " (drawn uniformly per actor and world)\n");
    printf("\nagreement rate %.3f (s.e. %.3f)\nmean rounds %.2f (s.e. %.2f)\n", prob(r->agreements, N),
           pse_se(r->agreements, N), rmean, rse);
    cli_table_t t;
    if (L->nprot > 1) {
        printf("\nper protocol\n");
        cli_table_init(&t, 4);
        for (size_t c = 1; c < 4; c++) cli_table_align_right(&t, c);
        cli_table_addf(&t, "protocol\tworlds\tagreement rate\ts.e.");
        for (size_t p = 0; p < r->nprotocols; p++)
            cli_table_addf(&t, "%s\t%llu\t%.3f\t%.3f", L->prot[p]->name,
                           (unsigned long long)r->protocol_worlds[p],
                           prob(r->protocol_agreements[p], r->protocol_worlds[p]),
                           pse_se(r->protocol_agreements[p], r->protocol_worlds[p]));
        cli_table_print(&t, stdout, 2, 1);
        cli_table_destroy(&t);
    }
    if (ntop) {
        char pk[2048];
        printf("\nagreed packages most often (share of worlds)\n");
        for (size_t k = 0; k < ntop; k++) {
            package_text(m, top[k], pk, sizeof pk);
            printf("  %.3f (s.e. %.3f)  %s\n", prob(r->outcome[top[k]], N), pse_se(r->outcome[top[k]], N), pk);
        }
    }
    printf("\nmean utility per party (the reservation when no agreement)\n");
    cli_table_init(&t, 3);
    cli_table_align_right(&t, 1);
    cli_table_align_right(&t, 2);
    cli_table_addf(&t, "party\tmean utility\ts.e.");
    for (size_t x = 0; x < r->nactors; x++) {
        if (!pl_model_has_preferences(m, x)) continue;
        double mu, se;
        mean_se(pl_explore_sum_value(&r->utility[x]), pl_explore_sum_value(&r->utility_sq[x]), N, &mu, &se);
        cli_table_addf(&t, "%s\t%.3f\t%.3f", sc[0]->actors[x].name, mu, se);
    }
    cli_table_print(&t, stdout, 2, 1);
    cli_table_destroy(&t);
}

static int run_simulate(const cli_explore_engine_args *a, pl_scenario_t *const *sc, const double *weights,
                        size_t nsc, double spread, const lists *L, const pl_explore_opts_t *base)
{
    pl_error_t err;
    pl_error_init(&err);
    pl_explore_sim_opts_t so = {.base = base, .protocols = L->prot, .nprotocols = L->nprot,
                                .strategies = L->strat, .nstrategies = L->nstrat,
                                .rounds = a->rounds > 0 ? (size_t)a->rounds : 0};
    pl_explore_sim_result_t *r = NULL;
    pl_model_t *m = NULL;
    uint64_t top[100];
    int rc = CLI_FAIL;
    /* under mpirun: every rank runs its block, rank 0 sums and prints (explore_mpi.h) */
    if (!cli_mpi_all_ok(a->mpi, pl_explore_sim_run((const pl_scenario_t *const *)sc, weights, nsc,
                                                   &so, &r, &err) == PL_OK)) {
        if (!a->mpi->silent) cli_report(&err);
        goto done;
    }
    cli_mpi_reduce_sim(a->mpi, r);
    if (a->mpi->rank > 0) {
        rc = CLI_OK;
        goto done;
    }
    if (pl_model_compile(sc[0], &m, &err) != PL_OK) {
        rc = cli_report(&err);
        goto done;
    }
    /* the packages agreed on most often: pl_explore_top reads a counts array of the space */
    pl_explore_result_t view = {.enumerated = r->enumerated, .space = r->space};
    size_t ntop = pl_explore_top(&view, r->outcome, (size_t)(a->top > 0 && a->top <= 100 ? a->top : 5), top);
    sim_print(a, sc, weights, nsc, spread, L, r, m, top, ntop);
    rc = CLI_OK;
done:
    pl_model_free(m);
    pl_explore_sim_free(r);
    pl_error_destroy(&err);
    return rc;
}

/* ---- forecast ---- */

static int run_forecast(const cli_explore_engine_args *a, pl_scenario_t *const *sc, const double *weights,
                        size_t nsc, double spread, const lists *L, const pl_explore_opts_t *base)
{
    pl_error_t err;
    pl_error_init(&err);
    pl_forecast_input_t in;
    pl_forecast_input_init(&in);
    pl_explore_forecast_opts_t fo = {.base = base, .models = L->model, .nmodels = L->nmodel,
                                     .noise = a->noise,
                                     .max_rounds = a->rounds > 0 ? (unsigned)a->rounds : 0};
    pl_explore_forecast_result_t *r = NULL;
    pl_model_t *m = NULL;
    pl_explore_stats_t *st = NULL;
    int rc = CLI_FAIL;
    pl_io_format fmt = nsc ? PL_IO_FORMAT_SCENARIO : pl_io_detect_format(a->file);
    pl_status s;
    if (nsc) { /* the dimensions' names and scales: the input at the points */
        s = pl_model_compile(sc[0], &m, &err);
        if (s == PL_OK) s = pl_forecast_input_from_model(m, &in, &err);
        if (s == PL_OK) s = pl_explore_forecast_run((const pl_scenario_t *const *)sc, weights, nsc, &fo, &r, &err);
    } else {
        s = fmt == PL_IO_FORMAT_KTAB ? pl_io_load_ktab(a->file, &in, &err) : pl_io_load_bdm(a->file, &in, &err);
        if (s == PL_OK) s = pl_explore_forecast_input_run(&in, &fo, &r, &err);
    }
    /* under mpirun: every rank runs its block, rank 0 appends them in order and prints */
    if (!cli_mpi_all_ok(a->mpi, s == PL_OK)) {
        if (!a->mpi->silent) cli_report(&err);
        goto done;
    }
    s = cli_mpi_reduce_forecast(a->mpi, r, &err);
    if (s == PL_OK && a->mpi->rank > 0) {
        rc = CLI_OK;
        goto done;
    }
    if (s == PL_OK && !(st = calloc(L->nmodel * in.ndims + 1, sizeof *st)))
        s = pl_error_set(&err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; s == PL_OK && k < L->nmodel * in.ndims; k++)
        s = pl_explore_forecast_stats(r, k / in.ndims, k % in.ndims, &st[k], &err);
    if (s != PL_OK) {
        rc = cli_report(&err);
        goto done;
    }
    uint64_t N = r->worlds;
    if (a->json) {
        json_t *root = header_json(a, sc, weights, nsc, r->variant_worlds, N, spread);
        json_object_set_new(root, "format", json_string(pl_io_format_name(fmt)));
        json_object_set_new(root, "noise", json_real(a->noise));
        json_t *dims = json_array(), *models = json_array();
        for (size_t d = 0; d < in.ndims; d++)
            json_array_append_new(dims, json_pack("{s:s,s:f,s:f}", "name", in.dim[d] ? in.dim[d] : "",
                                                  "lo", in.lo[d], "hi", in.hi[d]));
        for (size_t k = 0; k < L->nmodel; k++) {
            json_t *fc = json_array();
            for (size_t d = 0; d < in.ndims; d++) {
                const pl_explore_stats_t *x = &st[k * in.ndims + d];
                json_array_append_new(fc, json_pack("{s:s,s:I,s:o,s:o,s:o,s:o,s:o,s:o}", "dimension",
                                                    in.dim[d] ? in.dim[d] : "", "n", (json_int_t)x->n,
                                                    "mean", num(x->mean), "sd", num(x->sd), "se", num(x->se),
                                                    "q05", num(x->q05), "q50", num(x->q50), "q95", num(x->q95)));
            }
            json_array_append_new(models, json_pack("{s:s,s:o}", "model", L->model[k]->name, "forecasts", fc));
        }
        json_object_set_new(root, "dimensions", dims);
        json_object_set_new(root, "models", models);
        dump(root);
    } else {
        cli_wrap_stdout();
        header_text(a, sc, nsc, r->variant_worlds, N, spread);
        if (a->noise > 0)
            printf("noise %g%s: capabilities and saliences times (1 + %g u), positions plus %g x scale x u, "
                   "u uniform on [-1, 1]\n", a->noise, a->noise == 0.1 && (!nsc || !sc[0]->nuncertain) ?
                   " (--noise; the input states no uncertain values)" : "", a->noise, a->noise);
        printf("\nforecasts over the worlds (s.e. of the mean; quantiles 5%%, 50%%, 95%%)\n");
        cli_table_t t;
        cli_table_init(&t, 8);
        for (size_t c = 2; c < 8; c++) cli_table_align_right(&t, c);
        cli_table_addf(&t, "model\tissue\tmean\ts.e.\tsd\t5%%\t50%%\t95%%");
        for (size_t k = 0; k < L->nmodel * in.ndims; k++) {
            const pl_explore_stats_t *x = &st[k];
            size_t d = k % in.ndims;
            cli_table_addf(&t, "%s\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f", L->model[k / in.ndims]->name,
                           in.dim[d] ? in.dim[d] : "", x->mean, x->se, x->sd, x->q05, x->q50, x->q95);
        }
        cli_table_print(&t, stdout, 2, 1);
        cli_table_destroy(&t);
    }
    rc = CLI_OK;
done:
    free(st);
    pl_explore_forecast_free(r);
    pl_model_free(m);
    pl_forecast_input_destroy(&in);
    pl_error_destroy(&err);
    return rc;
}

int cli_explore_engine(const cli_explore_engine_args *a, pl_scenario_t *const *sc,
                       const double *weights, size_t nsc, double spread)
{
    lists L;
    int rc = parse_lists(a, &L);
    if (rc != CLI_OK) return rc;
    pl_explore_opts_t base = {.worlds = a->worlds, .seed = a->seed, .threads = a->threads,
                              .progress = a->progress, .progress_ctx = a->progress_ctx};
    cli_mpi_t one = {.rank = 0, .size = 1};
    cli_explore_engine_args b = *a;
    if (!b.mpi) b.mpi = &one;
    a = &b;
    cli_mpi_slice(a->mpi, a->worlds, &base.first, &base.count);
    if (a->engine == CLI_ENGINE_SIMULATE) return run_simulate(a, sc, weights, nsc, spread, &L, &base);
    /* like --spread: an input that states nothing uncertain gets noise 0.1 unless told */
    if (b.noise < 0) b.noise = !nsc || !sc[0]->nuncertain ? 0.1 : 0;
    return run_forecast(&b, sc, weights, nsc, spread, &L, &base);
}
