/*
 * cmd_report.c: `parley report FILE -o brief.html`: run the analysis, the mediator's
 * toolkit, one seeded simulation and the forecasting models, and hand the results to
 * render/'s report (HTML page or Markdown briefing), written through a temporary file.
 */
#include "cli.h"

#include <parley/pl_render.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const report_usage[] = {
    "usage: parley report <file> -o <brief.html|brief.md> [--format html|md] [<options>]",
    "",
    "Write an analyst's briefing on a scenario: actors and sources, the zone of agreement and",
    "who says no, the proposals, the mediator's options, a simulated story and forecasts.",
    NULL};

static const char *const report_notes[] = {
    "The HTML page is self-contained (inline CSS and SVG, no script) and prints to PDF.",
    "--explore reads a saved 'parley explore --json' result. See docs/report.md.",
    NULL};

static const char *const format_names[] = {"html", "md", NULL};

struct report_args {
    const char *file, *out, *variant, *explore, *protocol;
    int format, no_simulate;
    uint64_t seed;
    long width;
};

#define A struct report_args
static const cli_option_t report_options[] = {
    CLI_OPERAND(A, file, "<file>", NULL),
    CLI_STRING('o', "output", A, out, "<file>", "write the report here ('-': stdout)"),
    CLI_CHOICE(0, "format", A, format, "<f>", "html (default; .md outputs: md) or md", format_names),
    CLI_STRING(0, "variant", A, variant, "<name>", "apply this variant first"),
    CLI_UINT64(0, "seed", A, seed, "<s>", "seed of the simulated story (default 1)"),
    CLI_STRING(0, "protocol", A, protocol, "<p>", "protocol of the simulated story (default: as simulate)"),
    CLI_FLAG(0, "no-simulate", A, no_simulate, "leave the simulated story out"),
    CLI_STRING(0, "explore", A, explore, "<result.json>", "the uncertainty section: a saved\n'parley explore --json' result"),
    CLI_INT(0, "width", A, width, "<n>", "Markdown: column limit (default 100)", 40, 1000),
    CLI_END};
#undef A

static const cli_command_t report_cmd = {report_usage, report_options, report_notes};

#define MAX_INSTRUMENTS 64
#define NMODELS 4

/* Everything the report shows; each part may be missing (its note says why). */
typedef struct results {
    pl_analysis_t *an;
    pl_mediate_bridging_t br;
    pl_mediate_what_it_takes_t *wit;
    size_t nwit;
    pl_mediate_leverage_t lev;
    pl_mediate_blame_t bl;
    pl_mediate_power_t pw;
    bool has_br, has_lev, has_bl, has_pw;
    char mediate_note[1200];
    cli_dance_t *story;
    pl_forecast_input_t in;
    pl_forecast_result_t res[NMODELS];
    pl_render_forecast_run_t runs[NMODELS];
    size_t nruns;
    char forecast_note[1200];
} results_t;

static void mediate_all(const pl_model_t *m, results_t *R)
{
    pl_error_t e;
    pl_error_init(&e);
    pl_mediate_bridging_init(&R->br);
    pl_mediate_leverage_init(&R->lev);
    pl_mediate_blame_init(&R->bl);
    pl_mediate_power_init(&R->pw);
    R->has_br = pl_mediate_bridging(m, NULL, &R->br, &e) == PL_OK;
    if (!R->has_br) snprintf(R->mediate_note, sizeof R->mediate_note, "Mediation results are missing: %s.", e.message);
    pl_error_clear(&e);
    size_t np = pl_model_nproposals(m);
    R->wit = calloc(np ? np : 1, sizeof *R->wit);
    for (size_t p = 0; R->has_br && R->wit && p < np; p++) {
        pl_mediate_what_it_takes_init(&R->wit[R->nwit]);
        if (pl_mediate_what_it_takes(m, NULL, p, &R->wit[R->nwit], &e) == PL_OK) R->nwit++;
        else pl_mediate_what_it_takes_destroy(&R->wit[R->nwit]);
        pl_error_clear(&e);
    }
    /* the mediators' instruments as the scenario writes them */
    const pl_scenario_t *sc = pl_model_scenario(m);
    pl_instrument_t ins[MAX_INSTRUMENTS];
    size_t n = 0;
    for (size_t a = 0; a < sc->nactors; a++)
        for (size_t k = 0; k < sc->actors[a].ninstruments && n < MAX_INSTRUMENTS; k++) ins[n++] = sc->actors[a].instruments[k];
    if (R->has_br && n) R->has_lev = pl_mediate_leverage(m, NULL, ins, n, &R->lev, &e) == PL_OK;
    pl_error_clear(&e);
    R->has_bl = pl_mediate_blame(m, NULL, PL_UNSET, &R->bl, &e) == PL_OK;
    pl_error_clear(&e);
    R->has_pw = pl_mediate_power(m, NULL, &R->pw, &e) == PL_OK;
    pl_error_destroy(&e);
}

static void forecast_all(const pl_model_t *m, results_t *R)
{
    static const char *const models[NMODELS] = {"eum", "smp", "wmedian", "compromise"};
    pl_error_t e;
    pl_error_init(&e);
    pl_forecast_input_init(&R->in);
    for (size_t k = 0; k < NMODELS; k++) pl_forecast_result_init(&R->res[k]);
    if (pl_forecast_input_from_model(m, &R->in, &e) != PL_OK) {
        snprintf(R->forecast_note, sizeof R->forecast_note,
                 "No forecast: %s (the spatial models need actors with stance positions).", e.message);
        pl_error_destroy(&e);
        return;
    }
    pl_forecast_options_t fo;
    pl_forecast_options_init(&fo);
    fo.trajectory = true;
    for (size_t k = 0; k < NMODELS; k++) {
        const pl_forecast_model_type *t = pl_forecast_model_find(models[k]);
        pl_error_clear(&e);
        if (!t || pl_forecast_run(t, &R->in, &fo, &R->res[R->nruns], &e) != PL_OK) continue;
        R->runs[R->nruns] = (pl_render_forecast_run_t){t->name, &R->res[R->nruns]};
        R->nruns++;
    }
    pl_error_destroy(&e);
}

static void results_free(results_t *R)
{
    pl_analysis_free(R->an);
    pl_mediate_bridging_destroy(&R->br);
    for (size_t p = 0; p < R->nwit; p++) pl_mediate_what_it_takes_destroy(&R->wit[p]);
    free(R->wit);
    pl_mediate_leverage_destroy(&R->lev);
    pl_mediate_blame_destroy(&R->bl);
    pl_mediate_power_destroy(&R->pw);
    cli_dance_free(R->story);
    for (size_t k = 0; k < NMODELS; k++) pl_forecast_result_destroy(&R->res[k]);
    pl_forecast_input_destroy(&R->in);
}

static int write_report(const struct report_args *a, const pl_model_t *m, results_t *R)
{
    pl_error_t err;
    pl_error_init(&err);
    pl_render_report_t rep = {.model = m, .analysis = R->an, .bridging = R->has_br ? &R->br : NULL,
                              .nwit = R->nwit, .wit = R->wit, .leverage = R->has_lev ? &R->lev : NULL,
                              .blame = R->has_bl ? &R->bl : NULL, .power = R->has_pw ? &R->pw : NULL,
                              .mediate_note = R->mediate_note[0] ? R->mediate_note : NULL,
                              .story = R->story ? cli_dance_get(R->story) : NULL, .story_seed = a->seed,
                              .forecast_in = R->nruns ? &R->in : NULL, .nforecasts = R->nruns,
                              .forecasts = R->runs,
                              .forecast_note = R->forecast_note[0] ? R->forecast_note : NULL,
                              .width = (int)a->width};
    cli_explore_doc_t *xd = NULL;
    if (a->explore && cli_explore_read(a->explore, &xd) != CLI_OK) {
        pl_error_destroy(&err);
        return CLI_FAIL;
    }
    if (xd) rep.explore = cli_explore_get(xd);
    pl_render_buf_t buf;
    pl_render_buf_init(&buf);
    int rc = CLI_OK;
    if (pl_render_report_write(&rep, a->format == 1 ? PL_REPORT_MD : PL_REPORT_HTML, &buf, &err) != PL_OK)
        rc = cli_report(&err);
    else if (strcmp(a->out, "-") == 0)
        fwrite(buf.data, 1, buf.len, stdout);
    else if (pl_file_write_atomic(a->out, buf.data, buf.len, &err) != PL_OK)
        rc = cli_report(&err);
    cli_explore_free(xd);
    pl_render_buf_destroy(&buf);
    pl_error_destroy(&err);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    struct report_args a = {.format = -1, .seed = 1, .width = 100};
    int rc = cli_parse(&report_cmd, argc, argv, &a);
    if (rc != CLI_CONTINUE) return rc;
    if (!a.out) return cli_command_error(&report_cmd, "option '--output' is required");
    if (a.format < 0) {
        size_t n = strlen(a.out);
        a.format = n > 3 && strcmp(a.out + n - 3, ".md") == 0;
    }
    pl_error_t err;
    pl_error_init(&err);
    pl_scenario_t *sc = NULL;
    pl_model_t *m = NULL;
    results_t R;
    memset(&R, 0, sizeof R);
    pl_analysis_options_t ao;
    pl_analysis_options_init(&ao);
    if (cli_scenario_load(a.file, a.variant, &sc, &err) != PL_OK || pl_model_compile(sc, &m, &err) != PL_OK ||
        pl_analysis_run(m, &ao, &R.an, &err) != PL_OK) {
        rc = cli_report(&err);
    } else {
        mediate_all(m, &R);
        forecast_all(m, &R);
        rc = CLI_OK;
        if (!a.no_simulate && pl_model_nparties(m) >= 2) rc = cli_dance_fresh(m, a.protocol, a.seed, -1, &R.story);
        if (rc == CLI_OK) rc = write_report(&a, m, &R);
    }
    results_free(&R);
    pl_model_free(m);
    pl_scenario_free(sc);
    pl_error_destroy(&err);
    return rc;
}
