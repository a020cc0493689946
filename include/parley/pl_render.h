/*
 * pl_render.h: pictures and reports from results. Every plot takes a compiled model (for names
 * and utilities) and plain result structs (analysis, mediation, a simulation's events, a
 * forecast, an exploration), never a file or the scenario's text, and writes SVG, PNG or PDF
 * into a memory buffer the caller owns. The report gathers results into one HTML page or a
 * Markdown briefing. Only this module links cairo (docs/plots.md, docs/report.md).
 */
#ifndef PL_RENDER_H
#define PL_RENDER_H

#include "pl_analysis.h"
#include "pl_forecast.h"
#include "pl_mediate.h"
#include "pl_model.h"
#include "pl_sim.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pl_render_format {
    PL_RENDER_SVG = 0,  /* written by parley itself: text stays text, marks carry a class */
    PL_RENDER_PNG,      /* cairo image surface */
    PL_RENDER_PDF       /* cairo PDF surface */
} pl_render_format;

/** The format a file name asks for by its extension (".svg", ".png", ".pdf", any case);
 *  false when the extension is none of them. */
PL_API bool pl_render_format_from_path(const char *path, pl_render_format *fmt);
/** Is this build able to draw (was it built with cairo)? SVG, PNG and PDF all need it: text is
 *  measured with cairo even in SVG. Without it every plot fails with PL_EUNSUPPORTED. */
PL_API bool pl_render_available(void);

/** A rendered file in memory: `len` bytes (SVG and Markdown: text, NUL-terminated too).
 *  Owned by the caller: pl_render_buf_destroy (safe on a zeroed buffer). */
typedef struct pl_render_buf {
    char *data;
    size_t len;
    size_t cap;
} pl_render_buf_t;

PL_API void pl_render_buf_init(pl_render_buf_t *b);
PL_API void pl_render_buf_destroy(pl_render_buf_t *b);

typedef struct pl_render_options {
    pl_render_format format;
    double width, height;   /* points (PNG: pixels at scale 1); 0 = the plot's default */
    double scale;           /* PNG pixels per point (default 1.5) */
    bool inline_svg;        /* SVG without the XML prolog, for embedding in HTML */
    const char *title;      /* NULL: the plot's own title */
    size_t max_points;      /* space: outcomes drawn one mark each before binning (default
                               20000); larger enumerable spaces are drawn as occupied cells */
    uint64_t max_enumerate; /* space: larger spaces show the frontier alone (default 2e6) */
} pl_render_options_t;

/** Defaults: SVG, the plot's own size, scale 1.5, 20000 points, 2e6 outcomes enumerated. */
PL_API void pl_render_options_init(pl_render_options_t *o);

/**
 * `space`: the utility space of the analysis' chosen actors (two: one panel; three to five:
 * one panel per pair; more: the first five). Every outcome is a mark (class "outcome" in SVG;
 * binned into cells of class "outcome-cell" past max_points; none past max_enumerate, when
 * only the exact frontier is drawn), shaded by rational (every chosen actor accepts) and
 * feasible (every party accepts, within mandates, ratified); the Pareto frontier (class
 * "frontier"), each actor's threshold as a dashed line, the Nash, Kalai-Smorodinsky,
 * egalitarian and utilitarian points (class "point"), and each proposal (class "proposal";
 * an amendment drawn with an arrow from what it amends). O(outcomes * parties) when
 * enumerated. `an` from pl_analysis_run on `m`; `out` initialised, filled on success.
 */
PL_API pl_status pl_render_space(const pl_model_t *m, const pl_analysis_t *an,
                                 const pl_render_options_t *opt, pl_render_buf_t *out,
                                 pl_error_t *err);

/** One event of a negotiation as the dance plot reads it (from a session or a trace file). */
typedef struct pl_render_event {
    size_t round;           /* 0-based */
    pl_event_kind kind;
    size_t actor;           /* model actor index, or PL_UNSET */
    int value;              /* vote (1 yes), ratification (1 passes), end reason */
    const size_t *outcome;  /* nissues value indices, or NULL (borrowed) */
} pl_render_event_t;

/** A negotiation's story (borrowed arrays). */
typedef struct pl_render_dance {
    size_t nevents;
    const pl_render_event_t *events;
    pl_end_reason end;
    size_t end_round;       /* 0-based */
    const size_t *agreement;/* the agreed outcome, or NULL */
    const char *protocol;   /* for the title; may be NULL */
} pl_render_dance_t;

/**
 * `dance`: each party's offers (a delegation's count for its party; a mediator's texts too)
 * as paths in the utility space of the first two parties (class "offer"), and every party's
 * utility of the offers over rounds; the agreement (class "agreement") or the breakdown
 * marked, ratification and text votes shown as marks (class "vote"). O(events * parties).
 */
PL_API pl_status pl_render_dance(const pl_model_t *m, const pl_render_dance_t *d,
                                 const pl_render_options_t *opt, pl_render_buf_t *out,
                                 pl_error_t *err);

/**
 * `blocking`: the minimal blocking sets of `blame` as a membership matrix with their package
 * counts (class "blocking-set"), each veto player's pivotal count as a bar (class "pivotal"),
 * and the Shapley-Shubik and Banzhaf indices of every body of `power` as bars (class
 * "power"). Either result may be NULL (its panels say so).
 */
PL_API pl_status pl_render_blocking(const pl_model_t *m, const pl_mediate_blame_t *blame,
                                    const pl_mediate_power_t *power,
                                    const pl_render_options_t *opt, pl_render_buf_t *out,
                                    pl_error_t *err);

/**
 * `forecast`: each actor's position over rounds, one panel per dimension (at most six), from
 * a dynamic model's trajectory (class "trajectory", one per actor and dimension), the
 * forecast as a dashed line (class "forecast"). A static result draws the initial positions
 * and the forecast alone. `model_name` for the title (may be NULL).
 */
PL_API pl_status pl_render_forecast(const pl_forecast_input_t *in,
                                    const pl_forecast_result_t *res, const char *model_name,
                                    const pl_render_options_t *opt, pl_render_buf_t *out,
                                    pl_error_t *err);

/** One input's influence, for the tornado chart and its breakpoints. */
typedef struct pl_render_explore_input {
    const char *name;
    double lo, hi;          /* the input's range */
    double at_lo, at_hi;    /* the output (a probability) with the input at lo / at hi */
    size_t nbreaks;
    const double *breaks;   /* input values where the verdict flips (within [lo, hi]) */
} pl_render_explore_input_t;

/** An exploration's result ("how sure, and what flips it"); a plain struct so that the plot
 *  does not depend on how it was computed (the `parley explore` command is not built yet). */
typedef struct pl_render_explore {
    size_t nitems;
    const char *const *item;  /* what passes: proposals or packages */
    const double *p;          /* pass probability per item */
    const double *se;         /* its standard error (NULL: none) */
    double base;              /* the output the tornado is centred on */
    const char *output;       /* what the tornado measures, e.g. "P(May proposal passes)" */
    size_t ninputs;
    const pl_render_explore_input_t *inputs;
    size_t worlds;            /* sampled worlds (for the caption) */
} pl_render_explore_t;

/** `explore`: pass-probability bars with error bars (class "probability"), a tornado chart
 *  sorted by swing (class "swing"), and each input's range with its breakpoints (class
 *  "breakpoint"). */
PL_API pl_status pl_render_explore(const pl_render_explore_t *x, const pl_render_options_t *opt,
                                   pl_render_buf_t *out, pl_error_t *err);

/* ---------------------------------------------------------------- the report */

typedef enum pl_report_format { PL_REPORT_HTML = 0, PL_REPORT_MD } pl_report_format;

/** One forecasting model's run for the report (borrowed). */
typedef struct pl_render_forecast_run {
    const char *model;
    const pl_forecast_result_t *res;
} pl_render_forecast_run_t;

/**
 * Everything the report shows, computed by the caller (borrowed; NULL or 0 leaves a section
 * saying what is missing and why, `*_note` strings explain a skipped computation).
 */
typedef struct pl_render_report {
    const pl_model_t *model;
    const pl_analysis_t *analysis;
    const pl_mediate_bridging_t *bridging;
    size_t nwit;                                 /* what it takes: one per proposal */
    const pl_mediate_what_it_takes_t *wit;
    const pl_mediate_leverage_t *leverage;
    const pl_mediate_blame_t *blame;
    const pl_mediate_power_t *power;
    const char *mediate_note;                    /* why mediation results are missing */
    const pl_render_dance_t *story;              /* one seeded simulation, or NULL */
    uint64_t story_seed;
    const pl_forecast_input_t *forecast_in;
    size_t nforecasts;
    const pl_render_forecast_run_t *forecasts;
    const char *forecast_note;
    const pl_render_explore_t *explore;          /* NULL: "needs parley explore" */
    int width;                                   /* Markdown: column limit (default 100) */
} pl_render_report_t;

/**
 * Write the report: HTML (one self-contained page, inline CSS and SVG, no script, printable;
 * every number with a `source` note links to it) or Markdown (tables within `width` columns,
 * no figures). Sections: scenario, actors, zone of agreement, proposals, mediator's options,
 * a simulated story, forecasts, uncertainty, terms, sources. `out` initialised.
 */
PL_API pl_status pl_render_report_write(const pl_render_report_t *r, pl_report_format fmt,
                                        pl_render_buf_t *out, pl_error_t *err);

/* ---------------------------------------------------------------- the glossary */

/** A term the outputs use and what it means (static strings). */
typedef struct pl_render_term {
    const char *term;
    const char *meaning;
} pl_render_term_t;

/** The glossary (`parley help terms`, the report's Terms section): how many, and the i-th
 *  (alphabetical; NULL past the end). Needs no cairo. */
PL_API size_t pl_render_term_count(void);
PL_API const pl_render_term_t *pl_render_term_at(size_t i);

#ifdef __cplusplus
}
#endif
#endif
