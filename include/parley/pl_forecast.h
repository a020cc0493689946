/*
 * pl_forecast.h: spatial bargaining forecasts. Actors hold positions on numeric scales
 * (dimensions), with a salience per dimension and a capability (clout); a forecasting model
 * (median, compromise, Nash, Bueno de Mesquita's expected-utility model, KTAB's SMP, ...)
 * predicts where the negotiation lands. Models are type descriptors driven through one
 * interface (pl_forecast_run); docs/models.md documents every equation and choice.
 */
#ifndef PL_FORECAST_H
#define PL_FORECAST_H

#include "pl_common.h"
#include "pl_model.h"
#include "pl_scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Council decision rule of a DEU issue (metadata some models may use). */
typedef enum pl_forecast_rule {
    PL_RULE_UNKNOWN = 0,
    PL_RULE_QMV,        /* qualified majority voting */
    PL_RULE_UNAN        /* unanimity */
} pl_forecast_rule;

/** Legislative procedure of a DEU issue. */
typedef enum pl_forecast_proc {
    PL_PROC_UNKNOWN = 0,
    PL_PROC_COD,        /* ordinary legislative procedure (co-decision) */
    PL_PROC_CNS         /* consultation */
} pl_forecast_proc;

/**
 * A forecasting problem: nactors x ndims positions on per-dimension scales [lo, hi].
 * Arrays are row-major by actor: position[a * ndims + d]. A NaN position means the actor
 * takes no part on that dimension (models skip it there). Saliences are in [0, 1].
 * Build with pl_forecast_input_setup (or the importers here and in pl_io.h), release with
 * _destroy.
 */
typedef struct pl_forecast_input {
    size_t nactors, ndims;
    char **actor;         /* actor names (owned; entries may be NULL) */
    char **dim;           /* dimension names (owned; entries may be NULL) */
    double *position;     /* nactors * ndims, NaN = no position */
    double *salience;     /* nactors * ndims, in [0, 1] */
    double *capability;   /* nactors, >= 0 */
    double *lo, *hi;      /* ndims: the scale */
    double *reference;    /* ndims: status quo / reference point, NaN when unknown */
    /* optional metadata (DEU): models that do not use them ignore them */
    pl_forecast_rule rule;
    pl_forecast_proc proc;
    size_t commission;    /* actor index of the Commission, or PL_UNSET */
    size_t parliament;    /* actor index of the European Parliament, or PL_UNSET */
    double *votes;        /* nactors: Council votes (DEU: council_votes_nice), NaN for actors
                             that do not vote in the Council or when unknown (setup: all NaN) */
} pl_forecast_input_t;

PL_API void pl_forecast_input_init(pl_forecast_input_t *in);
/** Allocate arrays for nactors x ndims (positions NaN, saliences 0, capabilities 1, scale 0-100,
 *  references NaN, names NULL). Any previous content is destroyed. Returns PL_OK or PL_ENOMEM
 *  (it has no error record: the caller reports "out of memory"). */
PL_API pl_status pl_forecast_input_setup(pl_forecast_input_t *in, size_t nactors, size_t ndims);
PL_API void pl_forecast_input_destroy(pl_forecast_input_t *in);

/** One move of a dynamic model: in `round`, `actor` moved on `dim` because of `by`. */
typedef enum pl_forecast_move_kind {
    PL_FORECAST_MOVE_CONFLICT = 0,   /* EUM: lost a conflict and moved to the winner's position */
    PL_FORECAST_MOVE_COMPROMISE,     /* EUM: moved part of the way */
    PL_FORECAST_MOVE_CAPITULATE,     /* EUM: moved all the way */
    PL_FORECAST_MOVE_BARGAIN         /* SMP: adopted a bargain proposed by `by` (or made with `by`) */
} pl_forecast_move_kind;

typedef struct pl_forecast_move {
    unsigned round;         /* 1-based */
    size_t actor, by, dim;  /* dim = PL_UNSET for a multi-dimensional (SMP) move */
    pl_forecast_move_kind kind;
    double from, to;        /* position on `dim` (SMP: on dimension 0) */
} pl_forecast_move_t;

/**
 * A model's result. `forecast[d]` is the prediction per dimension (NaN when no actor has a
 * position there). Dynamic models also fill the trajectory: positions after each round,
 * trajectory[(t * nactors + a) * ndims + d] for t = 0 (initial) .. nrounds, and the moves.
 */
typedef struct pl_forecast_result {
    size_t nactors, ndims;
    double *forecast;
    unsigned nrounds;
    double *trajectory;     /* NULL for static models */
    pl_forecast_move_t *moves;
    size_t nmoves, capmoves;
    bool converged;         /* dynamic models: stopped by their stopping rule, not the cap */
    char note[256];         /* what the model did that a reader should know ("" if nothing) */
} pl_forecast_result_t;

PL_API void pl_forecast_result_init(pl_forecast_result_t *res);
PL_API void pl_forecast_result_destroy(pl_forecast_result_t *res);

/** Options shared by all models; pl_forecast_options_init sets the documented defaults. */
typedef struct pl_forecast_options {
    unsigned max_rounds;    /* dynamic models: round cap (0 = the model's own default) */
    bool trajectory;        /* record trajectory and moves */
    uint64_t seed;          /* randomness (no model is random by default) */
    const double *params;   /* tunable parameters (model->nparams of them) or NULL = defaults */
    /* the dynamic models' progress: smp reports turns done of its cap, eum rounds of its cap x
     * dimensions (a dimension that settles early counts as done); from the calling thread
     * only; NULL = none; the other models never call it */
    pl_progress_fn progress;
    void *progress_ctx;
} pl_forecast_options_t;

PL_API void pl_forecast_options_init(pl_forecast_options_t *opt);

/**
 * A forecasting model type. `run` fills a result initialised by the caller.
 * Models with nparams > 0 have tunable parameters; `fit` estimates them from training
 * problems and their known outcomes (outcome[k][d]); `defaults` holds the untrained values.
 */
typedef struct pl_forecast_model_type {
    const char *name;
    const char *summary;
    bool dynamic;
    size_t nparams;
    const double *defaults;
    pl_status (*run)(const pl_forecast_input_t *in, const pl_forecast_options_t *opt,
                     pl_forecast_result_t *res, pl_error_t *err);
    pl_status (*fit)(const pl_forecast_input_t *const *train, const double *const *outcome,
                     size_t ntrain, double *params, pl_error_t *err);
    /* forecasts the issues of one proposal jointly: the DEU backtest and fit hand it one input
     * per proposal (its issues as dimensions) rather than one per issue */
    bool joint;
} pl_forecast_model_type;

/** The most parameters a model may have (the fitted-parameter records below hold this many). */
#define PL_FORECAST_MAX_PARAMS 64

PL_API extern const pl_forecast_model_type *const pl_forecast_median;     /* plain median */
PL_API extern const pl_forecast_model_type *const pl_forecast_wmedian;    /* clout x salience median */
PL_API extern const pl_forecast_model_type *const pl_forecast_compromise; /* weighted mean */
PL_API extern const pl_forecast_model_type *const pl_forecast_nash;       /* Nash with reference */
PL_API extern const pl_forecast_model_type *const pl_forecast_eum;        /* Bueno de Mesquita */
PL_API extern const pl_forecast_model_type *const pl_forecast_smp;        /* KTAB SMP */
PL_API extern const pl_forecast_model_type *const pl_forecast_procedural; /* fitted DEU model */
PL_API extern const pl_forecast_model_type *const pl_forecast_stack;      /* fitted DEU stack */
PL_API extern const pl_forecast_model_type *const pl_forecast_exchange;   /* Stokman-van Oosten */
PL_API extern const pl_forecast_model_type *const pl_forecast_rule_model; /* EU decision rule ("rule") */
PL_API extern const pl_forecast_model_type *const pl_forecast_combo;      /* fitted combination */
PL_API extern const pl_forecast_model_type *const pl_forecast_select;     /* inner-CV choice */

/** All models, NULL-terminated, in a fixed order. */
PL_API const pl_forecast_model_type *const *pl_forecast_models(void);
/** The model called `name`, or NULL. */
/** Number of built-in models, and the i-th of them in report order (NULL past the end), as
 *  pl_protocol_count / pl_protocol_at do for protocols. */
PL_API size_t pl_forecast_model_count(void);
PL_API const pl_forecast_model_type *pl_forecast_model_at(size_t i);
PL_API const pl_forecast_model_type *pl_forecast_model_find(const char *name);

/** Run `model` on `in` (opt may be NULL = defaults). `res` must be initialised; it is reset. */
PL_API pl_status pl_forecast_run(const pl_forecast_model_type *model, const pl_forecast_input_t *in,
                                 const pl_forecast_options_t *opt, pl_forecast_result_t *res,
                                 pl_error_t *err);

/* ---- importers ---- */

/** Why a scenario issue is or is not a dimension of the forecast (docs/models.md, "Forecasting
 *  a scenario"). */
typedef enum pl_forecast_use {
    PL_FORECAST_USED = 0,        /* numeric, or categorical with ordered options (ranks) */
    PL_FORECAST_UNORDERED,       /* categorical without an order: a spatial model has no scale */
    PL_FORECAST_NO_POSITION      /* ordered, but no bargainer states a position on it */
} pl_forecast_use;

/** Does actor a bargain in the forecast of the scenario? Only parties (role party, dual roles
 *  included) that state a position on some numeric or ordered issue: mediators, factions,
 *  delegations (they act for their party) and outside actors do not, whatever their stance.
 *  O(issues). */
PL_API bool pl_forecast_scenario_actor(const pl_model_t *m, size_t a);
/** Is issue i a dimension of the forecast, and if not, why? O(actors). */
PL_API pl_forecast_use pl_forecast_scenario_issue(const pl_model_t *m, size_t i);
/** The reason in words ("categorical without an order", ...); "" for PL_FORECAST_USED. Static. */
PL_API const char *pl_forecast_use_reason(pl_forecast_use u);

/** Build an input from a compiled scenario (pl_model_compile): the issues
 *  pl_forecast_scenario_issue uses, in scenario order (ordered options map to ranks 0..n-1,
 *  scale [0, n-1]), the actors pl_forecast_scenario_actor counts, in scenario order, with their
 *  clout as capability (1 when the scenario gives none) and their stance positions and
 *  saliences (an actor without a position on an issue has none there); issue `reference` the
 *  reference point. `in` must be initialised; the model is only read. PL_EINVAL when no issue
 *  or no actor qualifies. O(actors * issues). */
PL_API pl_status pl_forecast_input_from_model(const pl_model_t *m, pl_forecast_input_t *in,
                                              pl_error_t *err);
/* File readers (KTAB, BdM, DEU) are in pl_io.h: pl_io_load_ktab, pl_io_load_bdm, pl_io_load_deu. */

/* ---- DEU (Decision-making in the EU) data and backtests ---- */

typedef enum pl_capability { PL_CAP_GDP = 0, PL_CAP_VOTES } pl_capability;

typedef struct pl_deu_issue {
    char *proposal;        /* prnr */
    char *issue;           /* isnr */
    char *area;            /* prname */
    pl_forecast_rule rule;
    pl_forecast_proc proc;
    double reference;      /* rp, NaN when empty */
    double outcome;        /* out, NaN when empty */
    double *position;      /* per actor, NaN when empty */
    double *salience;      /* per actor (0-100), NaN when empty */
    int line;
} pl_deu_issue_t;

typedef struct pl_deu {
    size_t nactors;
    char **actor;          /* codes: com, ep, at, ... */
    double *gdp, *votes;   /* from the actors file (NaN when empty) */
    size_t nissues;
    pl_deu_issue_t *issues;
} pl_deu_t;

/* The DEU files are read by pl_io_load_deu (pl_io.h). */
PL_API void pl_deu_free(pl_deu_t *d);
/** Build the joint input of the n issues issue[0..n) (normally the issues of one proposal): one
 *  dimension per issue, the actors with a position on any of them (NaN where they have none),
 *  otherwise as pl_deu_issue_input; rule and procedure are the first issue's. */
PL_API pl_status pl_deu_proposal_input(const pl_deu_t *d, const size_t *issue, size_t n,
                                       pl_capability cap, pl_forecast_input_t *in, pl_error_t *err);
/** Build the forecasting input of issue k: actors with a position, salience/100 (0.5 when
 *  missing), capability gdp_weight or Council votes (Commission and Parliament: the largest
 *  vote count), scale 0-100, reference rp. */
PL_API pl_status pl_deu_issue_input(const pl_deu_t *d, size_t k, pl_capability cap,
                                    pl_forecast_input_t *in, pl_error_t *err);

/** One model's fitted parameters. */
typedef struct pl_forecast_fitted {
    const pl_forecast_model_type *model;
    size_t nparams;                          /* model->nparams */
    double value[PL_FORECAST_MAX_PARAMS];
} pl_forecast_fitted_t;

/**
 * Fitted parameters of the tunable models and the data they came from (`parley fit` writes
 * them to params.json). Initialise with pl_forecast_params_init, release with _destroy.
 */
typedef struct pl_forecast_params {
    size_t nfitted;
    pl_forecast_fitted_t *fitted;            /* owned */
    char *issues, *actors;                   /* training files as given (owned; may be NULL) */
    pl_capability capability;               /* the capability the fit used */
    size_t nissues, nproposals;              /* training issues with an outcome, their proposals */
} pl_forecast_params_t;

PL_API void pl_forecast_params_init(pl_forecast_params_t *p);
PL_API void pl_forecast_params_destroy(pl_forecast_params_t *p);
/** The parameters fitted for `model`, or NULL when `p` (may be NULL) has none for it. */
PL_API const double *pl_forecast_params_find(const pl_forecast_params_t *p,
                                             const pl_forecast_model_type *model);
/** Add (or replace) `model`'s parameters (model->nparams values); PL_ENOMEM or PL_EINVAL. */
PL_API pl_status pl_forecast_params_set(pl_forecast_params_t *p, const pl_forecast_model_type *model,
                                        const double *value, pl_error_t *err);

/**
 * Fit every tunable model of models[0..nmodels) (NULL = all) on all issues of `d` that have an
 * outcome, with capability `cap`, into `out` (reset first; `issues`/`actors` are left for the
 * caller to record). Deterministic. Cost: one fit per model on the whole file.
 */
PL_API pl_status pl_deu_fit(const pl_deu_t *d, pl_capability cap,
                            const pl_forecast_model_type *const *models, size_t nmodels,
                            pl_forecast_params_t *out, pl_error_t *err);

typedef struct pl_backtest_options {
    const pl_forecast_model_type *const *models;   /* NULL = all */
    size_t nmodels;
    pl_capability capability;
    bool cv;               /* models with parameters: leave-one-proposal-out fitting */
    /* models with parameters that `params` holds run with them (trained elsewhere, e.g. by
     * pl_deu_fit on another file) and are not refitted, whatever `cv` says; NULL = none */
    const pl_forecast_params_t *params;
} pl_backtest_options_t;

/** The defaults: every model, capability PL_CAP_GDP, no cross-validation, no given parameters.
 *  Set options with this and then field by field (new fields then keep their defaults). */
PL_API void pl_backtest_options_init(pl_backtest_options_t *o);

/** Group index for the breakdowns: 0 QMV, 1 Unan, 2 COD, 3 CNS. */
#define PL_BACKTEST_NGROUPS 4

typedef struct pl_backtest_result {
    size_t nmodels;
    const pl_forecast_model_type **models;
    size_t nissues;        /* scored issues (with an outcome and at least one position) */
    size_t *issue;         /* index into pl_deu_t.issues */
    double *forecast;      /* nissues * nmodels */
    double *mae, *sd;      /* nmodels: mean absolute error and its standard deviation */
    double *group_mae;     /* nmodels * PL_BACKTEST_NGROUPS (NaN when the group is empty) */
    size_t group_n[PL_BACKTEST_NGROUPS];
} pl_backtest_result_t;

PL_API void pl_backtest_result_init(pl_backtest_result_t *r);
PL_API void pl_backtest_result_destroy(pl_backtest_result_t *r);
PL_API pl_status pl_backtest_run(const pl_deu_t *d, const pl_backtest_options_t *opt,
                                 pl_backtest_result_t *r, pl_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
