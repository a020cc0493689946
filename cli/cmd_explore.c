/*
 * cmd_explore.c: `parley explore FILE`: how sure, and what flips it (docs/uncertainty.md).
 * Samples worlds with the library (pl_explore.h), then prints the probabilities with their
 * Monte Carlo standard errors, the packages most likely to pass, the breakpoints and the
 * tornado table, as aligned text or as JSON (schema parley-explore/1).
 */
#include "cli.h"
#include "explore_engines.h"
#include "explore_mpi.h"
#include "progress.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const explore_usage[] = {
    "usage: parley explore <file> [--worlds <n>] [--seed <s>] [--json] [--set PATH=VALUE ...]",
    "",
    "Sample worlds (the scenario with its uncertain values drawn) and report how likely some",
    "package is feasible, each proposal passes and each actor blocks or is pivotal (each with a",
    "Monte Carlo standard error), the packages most likely to pass, where each uncertain value",
    "flips the headline (breakpoints, the others at their points) and a tornado table.",
    "Without uncertain values in the file every reservation and participation varies by",
    "--spread around its written value. World i draws from rng stream (seed, i): the output is",
    "the same for any number of threads.",
    NULL};
static const char *const explore_notes[] = {
    "Uncertain values: {uniform: [lo, hi]}, {triangular: [lo, mode, hi]}, {normal: {mean, sd}},",
    "{beta: [a, b], range: [lo, hi]}, {one_of: [..], weights: [..]}, an actor's",
    "`salience: {dirichlet: c}`; also through --set, e.g.",
    "  --set 'actors.Far-right partners.reservation={uniform: [0.5, 0.95]}'",
    "With --engine forecast the file may also be a KTAB or BdM CSV file (as parley forecast",
    "reads), each world the file with --noise.",
    NULL};

static const char *const engines[] = {"acceptance", "simulate", "forecast", NULL};

struct explore_args {
    const char *file, *variant;
    uint64_t worlds, seed;
    long top, threads, sobol;
    double spread;
    int json, quiet, no_flips, engine;
    const char *strategies, *protocols, *models; /* --engine simulate, forecast */
    double noise;
    long rounds;
};
#define A struct explore_args
static const cli_option_t explore_options[] = {
    CLI_OPERAND(A, file, "<file>", NULL),
    CLI_UINT64('n', "worlds", A, worlds, "<n>", "worlds to sample (default 1000)"),
    CLI_UINT64(0, "seed", A, seed, "<s>", "random seed (default 1)"),
    CLI_STRING(0, "variant", A, variant, "<name>", "explore this variant only (else weighted variants\nare drawn by weight)"),
    CLI_CHOICE(0, "engine", A, engine, "<name>", "what each world runs: acceptance (default),\nsimulate (a negotiation) or forecast (the models)", engines),
    CLI_STRING(0, "protocols", A, protocols, "<p,..>", "simulate: protocols drawn uniformly per world"),
    CLI_STRING(0, "strategies", A, strategies, "<s,..>", "simulate: each actor's strategy drawn uniformly"),
    CLI_STRING(0, "models", A, models, "<m,..>", "forecast: models (default compromise,nash,eum,smp)"),
    CLI_DOUBLE(0, "noise", A, noise, "<r>", "forecast: relative uniform noise on capabilities,\nsaliences and positions (default 0.1 when the\ninput states no uncertain values, else 0)", 0, 1),
    CLI_INT(0, "rounds", A, rounds, "<n>", "simulate, forecast: round limit (default: the engine's)", 1, 1000000),
    CLI_INT(0, "top", A, top, "<k>", "packages most likely to pass to list (default 5)", 1, 100),
    CLI_DOUBLE(0, "spread", A, spread, "<x>", "without uncertain values: reservations and participations\nvary uniformly by +-x (default 0.1)", 0, 1),
    CLI_INT(0, "sobol", A, sobol, "<n>", "Sobol indices from n base samples (n (d + 2) worlds)", 0, 10000000),
    CLI_FLAG(0, "no-flips", A, no_flips, "skip breakpoints and the tornado table"),
    CLI_INT(0, "threads", A, threads, "<t>", "OpenMP threads (default: all)", 0, 1024),
    CLI_FLAG(0, "json", A, json, "print JSON (docs/uncertainty.md, schema parley-explore/1)"),
    CLI_FLAG('q', "quiet", A, quiet, "no progress bar on stderr"),
    CLI_END};
#undef A
static const cli_command_t explore_cmd = {explore_usage, explore_options, explore_notes};

/* ---- loading: the scenario (and its weighted variants), --spread (pl_explore_load) ---- */

typedef struct xp {
    pl_explore_input_t *in;
    pl_scenario_t **sc;
    double *weight;
    size_t nsc;
    bool spread_used;
    double spread;
} xp;

static void xp_free(xp *x) { pl_explore_input_free(x->in); }

static pl_status load_all(const struct explore_args *a, xp *x, pl_error_t *err)
{
    const char *const *sets;
    size_t n = cli_sets(&sets);
    pl_load_opts_t o = {.variant = a->variant, .sets = sets, .nsets = n};
    PL_CHECK(pl_explore_load(a->file, &o, a->spread, true, &x->in, err));
    x->sc = x->in->sc;
    x->weight = x->in->weight;
    x->nsc = x->in->nsc;
    x->spread_used = !isnan(x->in->spread);
    x->spread = x->in->spread;
    return PL_OK;
}

/* ---- output ---- */

static double prob(uint64_t k, uint64_t n) { return n ? (double)k / (double)n : 0; }
static double se(uint64_t k, uint64_t n)
{
    double p = prob(k, n);
    return n ? sqrt(p * (1 - p) / (double)n) : 0;
}

static void package_text(const pl_model_t *m, uint64_t idx, char *buf, size_t size)
{
    size_t o[256];
    size_t ni = pl_model_nissues(m);
    if (ni > 256) {
        snprintf(buf, size, "#%llu", (unsigned long long)idx);
        return;
    }
    pl_model_outcome_from_index(m, idx, o);
    size_t len = 0;
    for (size_t i = 0; i < ni && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s=%s", i ? " " : "",
                                pl_model_issue_name(m, i), pl_model_value_label(m, i, o[i]));
}

static const char *flip_subject(const pl_scenario_t *sc, const pl_breakpoint_t *b)
{
    return b->kind == PL_FLIP_PROPOSAL ? sc->proposals[b->index].name
         : b->kind == PL_FLIP_PIVOTAL ? sc->actors[b->index].name : "";
}

static void flip_text(const pl_scenario_t *sc, const pl_breakpoint_t *b, char *buf, size_t size)
{
    /* "falls below x": the headline holds below; "rises above x": it holds above */
    bool below = b->below;
    const char *dir = below ? "falls below" : "rises above";
    switch (b->kind) {
    case PL_FLIP_FEASIBLE:
        snprintf(buf, size, "a package becomes feasible when it %s %.3f (%llu -> %llu packages)", dir,
                 b->at, (unsigned long long)(below ? b->nabove : b->nbelow),
                 (unsigned long long)(below ? b->nbelow : b->nabove));
        break;
    case PL_FLIP_PROPOSAL:
        snprintf(buf, size, "'%s' passes when it %s %.3f", flip_subject(sc, b), dir, b->at);
        break;
    case PL_FLIP_PIVOTAL:
        snprintf(buf, size, "%s is pivotal when it %s %.3f", flip_subject(sc, b), dir, b->at);
        break;
    }
}

typedef struct outputs {
    const pl_explore_result_t *r;
    const pl_model_t *m;
    const pl_scenario_t *sc;
    const xp *x;
    uint64_t *top, *nash;
    size_t ntop, nnash;
    pl_breakpoint_t *bp;
    size_t nbp;
    pl_tornado_t *tor;
    pl_sobol_index_t *sob;
    uint64_t point_feasible;   /* at every value's point: feasible packages, proposals passing */
    size_t point_passing;
} outputs;

static void print_text(const struct explore_args *a, const outputs *O)
{
    const pl_explore_result_t *r = O->r;
    const pl_scenario_t *sc = O->sc;
    uint64_t N = r->worlds;
    printf("explore: %s\n", sc->name ? sc->name : a->file);
    printf("%llu worlds, seed %llu (world i draws from stream (seed, i))\n", (unsigned long long)N,
           (unsigned long long)a->seed);
    if (O->x->spread_used)
        printf("the file states no uncertain values: every reservation and participation varies "
               "uniformly by +-%g (--spread)\n", O->x->spread);
    if (O->x->nsc > 1) {
        printf("variants drawn by weight:");
        for (size_t v = 0; v < O->x->nsc; v++)
            printf(" %s %.1f%%;", O->x->sc[v]->variant, 100 * prob(r->variant_worlds[v], N));
        putchar('\n');
    }
    cli_print_uncertain(sc, stdout);
    printf("\nprobabilities (s.e. is the Monte Carlo standard error)\n");
    cli_table_t t;
    cli_table_init(&t, 3);
    cli_table_align_right(&t, 1);
    cli_table_align_right(&t, 2);
    cli_table_addf(&t, "measure\tprobability\ts.e.");
    if (r->enumerated)
        cli_table_addf(&t, "some package is feasible\t%.3f\t%.3f", prob(r->any_feasible, N),
                       se(r->any_feasible, N));
    for (size_t p = 0; p < r->nproposals; p++)
        cli_table_addf(&t, "'%s' passes\t%.3f\t%.3f", sc->proposals[p].name,
                       prob(r->proposal_pass[p], N), se(r->proposal_pass[p], N));
    for (size_t x = 0; x < r->nactors; x++) {
        if (!r->blocks[x] && !r->pivotal[x]) continue;
        if (r->blocks[x])
            cli_table_addf(&t, "%s blocks\t%.3f\t%.3f", sc->actors[x].name, prob(r->blocks[x], N),
                           se(r->blocks[x], N));
        if (r->pivotal[x])
            cli_table_addf(&t, "%s is pivotal\t%.3f\t%.3f", sc->actors[x].name,
                           prob(r->pivotal[x], N), se(r->pivotal[x], N));
    }
    cli_table_print(&t, stdout, 2, 1);
    cli_table_destroy(&t);
    if (r->enumerated) {
        printf("\nmean feasible packages per world: %.2f of %llu\n",
               N ? (double)r->feasible_sum / (double)N : 0, (unsigned long long)r->space);
        char pk[2048];
        if (O->ntop) {
            printf("\npackages most likely to pass\n");
            for (size_t k = 0; k < O->ntop; k++) {
                package_text(O->m, O->top[k], pk, sizeof pk);
                printf("  %.3f (s.e. %.3f)  %s\n", prob(r->package_pass[O->top[k]], N),
                       se(r->package_pass[O->top[k]], N), pk);
            }
        }
        if (O->nnash) {
            printf("\nthe Nash point of the feasible set (share of worlds)\n");
            for (size_t k = 0; k < O->nnash; k++) {
                package_text(O->m, O->nash[k], pk, sizeof pk);
                printf("  %.3f  %s\n", prob(r->nash[O->nash[k]], N), pk);
            }
        }
    }
    if (O->bp) {
        printf("\nwhat flips it (one value moved, the others at their points)\n");
        if (!O->nbp) printf("  nothing flips within the values' ranges\n");
        for (size_t k = 0; k < O->nbp; k++) {
            char txt[600];
            flip_text(sc, &O->bp[k], txt, sizeof txt);
            printf("  %s: %s\n", sc->uncertain[O->bp[k].uncertain].path, txt);
        }
    }
    if (O->tor) {
        printf("\ntornado (each value at the ends of its range, the others at their points)\n");
        cli_table_init(&t, 4);
        cli_table_addf(&t, "value\trange\tfeasible packages\tproposals passing");
        for (size_t k = 0; k < sc->nuncertain; k++) {
            const pl_tornado_t *o = &O->tor[k];
            if (isnan(o->lo)) continue;
            cli_table_addf(&t, "%s\t%.3f .. %.3f\t%llu .. %llu\t%zu .. %zu", sc->uncertain[k].path,
                           o->lo, o->hi, (unsigned long long)o->feasible_lo,
                           (unsigned long long)o->feasible_hi, o->passing_lo, o->passing_hi);
        }
        cli_table_print(&t, stdout, 2, 1);
        cli_table_destroy(&t);
    }
    if (O->sob) {
        printf("\nSobol indices of P(some package is feasible) (95%% bootstrap intervals)\n");
        cli_table_init(&t, 3);
        cli_table_addf(&t, "value\tfirst order\ttotal");
        for (size_t k = 0; k < sc->nuncertain; k++) {
            const pl_sobol_index_t *s = &O->sob[k];
            cli_table_addf(&t, "%s\t%.3f [%.3f, %.3f]\t%.3f [%.3f, %.3f]", sc->uncertain[k].path,
                           s->first, s->first_lo, s->first_hi, s->total, s->total_lo, s->total_hi);
        }
        cli_table_print(&t, stdout, 2, 1);
        cli_table_destroy(&t);
    }
}

static json_t *pse(uint64_t k, uint64_t n)
{
    return json_pack("{s:f,s:f,s:I}", "p", prob(k, n), "se", se(k, n), "worlds", (json_int_t)k);
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

static void print_json(const struct explore_args *a, const outputs *O)
{
    const pl_explore_result_t *r = O->r;
    const pl_scenario_t *sc = O->sc;
    uint64_t N = r->worlds;
    json_t *root = json_object();
    json_object_set_new(root, "schema", json_string("parley-explore/1"));
    json_object_set_new(root, "scenario", json_string(sc->name ? sc->name : ""));
    json_object_set_new(root, "file", json_string(a->file));
    json_object_set_new(root, "engine", json_string("acceptance"));
    json_object_set_new(root, "worlds", json_integer((json_int_t)N));
    json_object_set_new(root, "seed", json_integer((json_int_t)a->seed));
    json_object_set_new(root, "spread", O->x->spread_used ? json_real(O->x->spread) : json_null());
    json_t *un = json_array();
    for (size_t k = 0; k < sc->nuncertain; k++) {
        const pl_uncertain_t *u = &sc->uncertain[k];
        char d[300];
        pl_dist_describe(&u->dist, d, sizeof d);
        const char *src = pl_scenario_source(sc, u->path);
        json_array_append_new(un, json_pack("{s:s,s:s,s:s,s:o,s:s,s:o}", "path", u->path, "distribution",
                                            pl_dist_name(u->dist.kind), "description", d, "point",
                                            isnan(u->point) ? json_null() : json_real(u->point),
                                            "point_is", pl_dist_point_kind(&u->dist), "source",
                                            src ? json_string(src) : json_null()));
    }
    json_object_set_new(root, "uncertain", un);
    json_t *vars = json_array();
    for (size_t v = 0; O->x->nsc > 1 && v < O->x->nsc; v++)
        json_array_append_new(vars, json_pack("{s:s,s:f,s:o}", "name", O->x->sc[v]->variant, "weight",
                                              O->x->weight[v], "drawn", pse(r->variant_worlds[v], N)));
    json_object_set_new(root, "variants", vars);
    json_object_set_new(root, "enumerated", json_boolean(r->enumerated));
    json_object_set_new(root, "space", json_integer((json_int_t)r->space));
    json_object_set_new(root, "feasible", r->enumerated ? pse(r->any_feasible, N) : json_null());
    json_object_set_new(root, "mean_feasible_packages",
                        json_real(N ? (double)r->feasible_sum / (double)N : 0));
    json_t *pr = json_array();
    for (size_t p = 0; p < r->nproposals; p++)
        json_array_append_new(pr, json_pack("{s:s,s:o}", "name", sc->proposals[p].name, "passes",
                                            pse(r->proposal_pass[p], N)));
    json_object_set_new(root, "proposals", pr);
    json_t *ac = json_array();
    for (size_t x = 0; x < r->nactors; x++)
        json_array_append_new(ac, json_pack("{s:s,s:o,s:o}", "name", sc->actors[x].name, "blocks",
                                            pse(r->blocks[x], N), "pivotal", pse(r->pivotal[x], N)));
    json_object_set_new(root, "actors", ac);
    json_t *tp = json_array(), *nash = json_array();
    for (size_t k = 0; k < O->ntop; k++)
        json_array_append_new(tp, json_pack("{s:o,s:o}", "package", package_json(O->m, O->top[k]),
                                            "passes", pse(r->package_pass[O->top[k]], N)));
    for (size_t k = 0; k < O->nnash; k++)
        json_array_append_new(nash, json_pack("{s:o,s:o}", "package", package_json(O->m, O->nash[k]),
                                              "share", pse(r->nash[O->nash[k]], N)));
    json_object_set_new(root, "top_packages", tp);
    json_object_set_new(root, "nash", nash);
    json_t *bps = json_array();
    static const char *const kinds[] = {"feasible", "proposal", "pivotal"};
    for (size_t k = 0; O->bp && k < O->nbp; k++) {
        const pl_breakpoint_t *b = &O->bp[k];
        char txt[600];
        flip_text(sc, b, txt, sizeof txt);
        json_t *e = json_pack("{s:s,s:f,s:s,s:b,s:b,s:s}", "value", sc->uncertain[b->uncertain].path,
                              "at", b->at, "kind", kinds[b->kind], "below", b->below, "above",
                              b->above, "text", txt);
        if (b->kind != PL_FLIP_FEASIBLE) json_object_set_new(e, "name", json_string(flip_subject(sc, b)));
        else json_object_set_new(e, "packages", json_pack("{s:I,s:I}", "below", (json_int_t)b->nbelow,
                                                          "above", (json_int_t)b->nabove));
        json_array_append_new(bps, e);
    }
    json_object_set_new(root, "breakpoints", O->bp ? bps : (json_decref(bps), json_null()));
    json_t *tor = json_array();
    for (size_t k = 0; O->tor && k < sc->nuncertain; k++) {
        const pl_tornado_t *o = &O->tor[k];
        if (isnan(o->lo)) continue;
        json_array_append_new(tor, json_pack("{s:s,s:[f,f],s:[I,I],s:[I,I]}", "value",
                                             sc->uncertain[k].path, "range", o->lo, o->hi, "feasible",
                                             (json_int_t)o->feasible_lo, (json_int_t)o->feasible_hi,
                                             "passing", (json_int_t)o->passing_lo, (json_int_t)o->passing_hi));
    }
    json_object_set_new(root, "tornado", O->tor ? tor : (json_decref(tor), json_null()));
    json_object_set_new(root, "at_point", json_pack("{s:I,s:I}", "feasible", (json_int_t)O->point_feasible,
                                                    "passing", (json_int_t)O->point_passing));
    json_t *sob = json_array();
    for (size_t m = 0; O->sob && m < 1 + sc->nproposals; m++)
        for (size_t k = 0; k < sc->nuncertain; k++) {
            const pl_sobol_index_t *s = &O->sob[m * sc->nuncertain + k];
            json_array_append_new(sob, json_pack("{s:s,s:s,s:f,s:[f,f],s:f,s:[f,f]}", "measure",
                                                 m ? sc->proposals[m - 1].name : "feasible", "value",
                                                 sc->uncertain[k].path, "first", s->first, "first_ci",
                                                 s->first_lo, s->first_hi, "total", s->total, "total_ci",
                                                 s->total_lo, s->total_hi));
        }
    json_object_set_new(root, "sobol", O->sob ? sob : (json_decref(sob), json_null()));
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    if (text) printf("%s\n", text);
    free(text);
    json_decref(root);
}

/* The headline with every value at its point (the deterministic commands' view). */
static pl_status point_measures(const pl_scenario_t *sc, uint64_t *feasible, size_t *passing,
                                pl_error_t *err)
{
    pl_model_t *m = NULL;
    PL_CHECK(pl_model_compile(sc, &m, err));
    *feasible = 0;
    *passing = 0;
    uint64_t space;
    size_t o[256] = {0};
    if (pl_model_space_size(m, &space) && space <= PL_EXPLORE_MAX_SPACE && pl_model_nissues(m) <= 256) {
        do *feasible += pl_model_feasible(m, o, NULL);
        while (pl_model_outcome_next(m, o));
    }
    for (size_t p = 0; p < pl_model_nproposals(m); p++) {
        const size_t *v = pl_model_proposal(m, p);
        bool full = true;
        for (size_t i = 0; i < pl_model_nissues(m); i++) full = full && v[i] != PL_UNSET;
        *passing += full && pl_model_feasible(m, v, NULL);
    }
    pl_model_free(m);
    return PL_OK;
}

int cmd_explore(int argc, char **argv)
{
    struct explore_args a = {.worlds = 1000, .seed = 1, .top = 5, .spread = 0.1, .noise = -1};
    int rc = cli_parse(&explore_cmd, argc, argv, &a);
    if (rc != CLI_CONTINUE) return rc;
    if (a.worlds == 0) return cli_command_error(&explore_cmd, "option '--worlds' must be at least 1");
    pl_error_t err;
    pl_error_init(&err);
    xp x = {0};
    outputs O = {0};
    pl_explore_result_t *r = NULL;
    pl_model_t *m = NULL;
    if (!a.json) cli_wrap_stdout(); /* prose within --width, as every command's */
    cli_progress_t pg; /* the shared bar (cli/progress.c): a terminal only, not --quiet */
    pl_progress_fn bar = cli_progress_start(&pg, "worlds", a.quiet);
    /* the simulate and forecast engines (explore_engines.c) */
    cli_explore_engine_args ea = {.file = a.file, .engine = a.engine, .worlds = a.worlds, .seed = a.seed,
                                  .threads = (int)a.threads, .json = a.json, .top = a.top, .rounds = a.rounds,
                                  .sobol = a.sobol, .variant = a.variant,
                                  .strategies = a.strategies, .protocols = a.protocols, .models = a.models,
                                  .noise = a.noise, .progress = bar,
                                  .progress_ctx = &pg};
    if ((rc = cli_explore_engine_check(&ea)) != CLI_OK) return rc;
    if (a.engine == CLI_ENGINE_FORECAST) a.spread = 0; /* reservations do not move forecasts */
    rc = CLI_FAIL;
    cli_mpi_t mpi; /* under mpirun: this rank's block of worlds, summed on rank 0, which prints */
    cli_mpi_begin(&mpi);
    ea.mpi = &mpi;
    if (mpi.rank > 0) ea.progress = NULL;
    if (cli_explore_is_forecast_file(&ea)) {
        rc = cli_explore_engine(&ea, NULL, NULL, 0, NAN);
        mpi.silent = true;
        goto done;
    }
    if (!cli_mpi_all_ok(&mpi, load_all(&a, &x, &err) == PL_OK)) goto done;
    if (a.engine != CLI_ENGINE_ACCEPTANCE) {
        rc = cli_explore_engine(&ea, x.sc, x.weight, x.nsc, x.spread_used ? x.spread : NAN);
        mpi.silent = true; /* the engine has reported its own errors */
        goto done;
    }
    const pl_scenario_t *sc = x.sc[0];
    pl_explore_opts_t o = {.worlds = a.worlds, .seed = a.seed, .threads = (int)a.threads};
    cli_mpi_slice(&mpi, a.worlds, &o.first, &o.count);
    if (mpi.rank == 0) {
        o.progress = bar;
        o.progress_ctx = &pg;
    }
    if (!cli_mpi_all_ok(&mpi, pl_explore_run((const pl_scenario_t *const *)x.sc, x.weight, x.nsc, &o,
                                             &r, &err) == PL_OK))
        goto done;
    cli_mpi_reduce(&mpi, r);
    if (mpi.rank > 0) { /* breakpoints, tornado and Sobol indices are rank 0's */
        rc = CLI_OK;
        goto done;
    }
    if (pl_model_compile(sc, &m, &err) != PL_OK) goto done;
    O = (outputs){.r = r, .m = m, .sc = sc, .x = &x};
    size_t k = (size_t)a.top;
    O.top = calloc(k, sizeof *O.top);
    O.nash = calloc(k, sizeof *O.nash);
    if (!O.top || !O.nash) goto oom;
    O.ntop = pl_explore_top(r, r->package_pass, k, O.top);
    O.nnash = pl_explore_top(r, r->nash, k, O.nash);
    if (!a.no_flips && sc->nuncertain) {
        if (pl_explore_breakpoints(sc, &O.bp, &O.nbp, &err) != PL_OK) goto done;
        if (!O.bp && !(O.bp = pl_malloc(sizeof *O.bp))) goto oom;
        if (!(O.tor = calloc(sc->nuncertain, sizeof *O.tor))) goto oom;
        if (pl_explore_tornado(sc, O.tor, &err) != PL_OK) goto done;
    }
    if (point_measures(sc, &O.point_feasible, &O.point_passing, &err) != PL_OK) goto done;
    if (a.sobol > 0 && sc->nuncertain) {
        if (!(O.sob = calloc((1 + sc->nproposals) * sc->nuncertain, sizeof *O.sob))) goto oom;
        if (pl_explore_sobol(sc, (size_t)a.sobol, a.seed, 200, (int)a.threads, O.sob, &err) != PL_OK)
            goto done;
    }
    if (a.json) print_json(&a, &O);
    else print_text(&a, &O);
    rc = CLI_OK;
    goto done;
oom:
    pl_error_set(&err, PL_ENOMEM, "out of memory");
done:
    if (rc != CLI_OK && !mpi.silent) cli_report(&err);
    free(O.top);
    free(O.nash);
    pl_free(O.bp);
    free(O.tor);
    free(O.sob);
    pl_model_free(m);
    pl_explore_free(r);
    xp_free(&x);
    pl_error_destroy(&err);
    cli_mpi_end(&mpi);
    return rc;
}
