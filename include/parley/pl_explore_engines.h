/*
 * pl_explore_engines.h: the other engines of `parley explore` (docs/uncertainty.md, "Engines"):
 * per world, a negotiation simulated (pl_explore_sim_run) or the forecasting models run
 * (pl_explore_forecast_run, pl_explore_forecast_input_run). Included by pl_explore.h. World i
 * draws from rng stream (seed, i), so results are the same for any number of threads, and
 * slices of worlds (first, count) add up with the merge functions (MPI ranks).
 */
#ifndef PL_EXPLORE_ENGINES_H
#define PL_EXPLORE_ENGINES_H

#include "pl_forecast.h"
#include "pl_sim.h"

#ifdef __cplusplus
extern "C" {
#endif

struct pl_explore_opts;

/**
 * An exact sum of reals that does not depend on the order of addition: each term is rounded
 * to a multiple of 2^-32 (terms are clamped to +-2^30) and added as a 128-bit integer. Used for
 * utilities so that threads and ranks give the same bytes.
 */
typedef struct pl_explore_sum {
    int64_t hi;
    uint64_t lo;
} pl_explore_sum_t;

/** Add x (clamped to +-2^30, rounded to 2^-32) to s. O(1). */
PL_API void pl_explore_sum_add(pl_explore_sum_t *s, double x);
/** Add sum b to a. */
PL_API void pl_explore_sum_merge(pl_explore_sum_t *a, const pl_explore_sum_t *b);
/** The sum as a double. */
PL_API double pl_explore_sum_value(const pl_explore_sum_t *s);

/* ---------------------------------------------------------------- simulate */

/** Options of the simulation engine; `base` gives worlds, seed, threads, first/count and
 *  progress as for pl_explore_run (base.top is not used). Arrays are borrowed. */
typedef struct pl_explore_sim_opts {
    const struct pl_explore_opts *base;
    /* protocols drawn uniformly per world; nprotocols 0: the default of `parley simulate`
     * (shuttle when the scenario has a mediator or an absent party, else sao) */
    const pl_protocol_type *const *protocols;
    size_t nprotocols;
    /* per world, every actor's strategy drawn uniformly from this list (overriding the
     * scenario's); nstrategies 0: the scenario's own strategies (else boulware) */
    const pl_strategy_type *const *strategies;
    size_t nstrategies;
    size_t rounds;             /* round limit; 0: the session's default */
} pl_explore_sim_opts_t;

/** Tallies of simulated worlds (counts and exact sums: merged slices equal the whole). Owned
 *  arrays (pl_explore_sim_free). */
typedef struct pl_explore_sim_result {
    uint64_t worlds, seed;
    uint64_t agreements;        /* worlds whose session ended in a (ratified) agreement */
    uint64_t rounds_sum, rounds_sumsq;   /* rounds played: sum and sum of squares */
    size_t nactors;
    pl_explore_sum_t *utility, *utility_sq; /* per actor: sum of u and of u^2 (u = utility of
                                               the agreement, or the reservation when none) */
    size_t nprotocols;          /* the protocols drawn from (1 when the default) */
    uint64_t *protocol_worlds, *protocol_agreements;  /* per protocol */
    size_t nvariants;
    uint64_t *variant_worlds;
    bool enumerated;            /* the outcome space is at most PL_EXPLORE_MAX_SPACE */
    uint64_t space;
    uint64_t *outcome;          /* enumerated: per package, worlds that agreed on it */
} pl_explore_sim_result_t;

/**
 * Simulate one negotiation per world: world i draws (stream (seed, i)) its variant, its
 * uncertain values, its protocol, then each actor's strategy (in actor order, when a list is
 * given), then the session's seed (the stream's next 64 bits; session stream i). Scenarios as
 * pl_explore_run. Memory O(space + actors) whatever N; each world compiles its model and
 * sorts its outcomes (pl_sim_cache_alloc). PL_EINVAL: shapes differ or bad options; failures
 * of a session (PL_ENOTFOUND for an unknown strategy name, ...) are returned with its message.
 */
PL_API pl_status pl_explore_sim_run(const pl_scenario_t *const *sc, const double *weights, size_t nsc,
                                    const pl_explore_sim_opts_t *o, pl_explore_sim_result_t **out,
                                    pl_error_t *err);
/** Add b's tallies to a (same scenario and options). PL_EINVAL when the shapes differ. */
PL_API pl_status pl_explore_sim_merge(pl_explore_sim_result_t *a, const pl_explore_sim_result_t *b,
                                      pl_error_t *err);
PL_API void pl_explore_sim_free(pl_explore_sim_result_t *r);

/* ---------------------------------------------------------------- forecast */

/** Options of the forecast engine (`base` as for simulate). */
typedef struct pl_explore_forecast_opts {
    const struct pl_explore_opts *base;
    const pl_forecast_model_type *const *models;   /* at least one */
    size_t nmodels;
    /* relative uniform noise R in [0, 1] per world: each capability and salience times
     * (1 + R u), each position plus R (hi - lo) u, u uniform on [-1, 1] (drawn per value in
     * actor order: capability, then per dimension salience and position), clamped to
     * capability >= 0, salience [0, 1], position [lo, hi]; 0: none */
    double noise;
    unsigned max_rounds;       /* dynamic models' round cap; 0: the model's own */
} pl_explore_forecast_opts_t;

/**
 * Every world's forecasts, kept for the quantiles: value[((w - first) * nmodels + m) * ndims +
 * d] (NaN when the model forecasts nothing there). Memory: 8 bytes x worlds x models x
 * dimensions (the only part that grows with N). Owned (pl_explore_forecast_free).
 */
typedef struct pl_explore_forecast_result {
    uint64_t worlds, seed, first;
    size_t nmodels, ndims;
    double *value;
    size_t nvariants;
    uint64_t *variant_worlds;
} pl_explore_forecast_result_t;

/**
 * Forecast the scenario's worlds: world i draws its variant and uncertain values (stream
 * (seed, i)), compiles it, builds its forecasting input (pl_forecast_input_from_model), adds
 * the noise, and runs every model. PL_EINVAL when a world has other dimensions than the first.
 */
PL_API pl_status pl_explore_forecast_run(const pl_scenario_t *const *sc, const double *weights,
                                         size_t nsc, const pl_explore_forecast_opts_t *o,
                                         pl_explore_forecast_result_t **out, pl_error_t *err);
/** Forecast worlds of a forecasting input (a KTAB or BdM file): world i is `in` with the noise
 *  drawn from stream (seed, i). `in` is only read. */
PL_API pl_status pl_explore_forecast_input_run(const pl_forecast_input_t *in,
                                               const pl_explore_forecast_opts_t *o,
                                               pl_explore_forecast_result_t **out, pl_error_t *err);
/** Append b's worlds to a: b must be the slice that follows a (b->first = a->first +
 *  a->worlds), with the same models and dimensions; PL_EINVAL otherwise, PL_ENOMEM. */
PL_API pl_status pl_explore_forecast_merge(pl_explore_forecast_result_t *a,
                                           const pl_explore_forecast_result_t *b, pl_error_t *err);
PL_API void pl_explore_forecast_free(pl_explore_forecast_result_t *r);

/** Summary of one model's forecast of one dimension over the worlds. */
typedef struct pl_explore_stats {
    uint64_t n;                /* worlds with a forecast (finite) */
    double mean, sd;           /* sd: with divisor n - 1 (0 when n < 2) */
    double se;                 /* of the mean: sd / sqrt(n) */
    double q05, q50, q95;      /* quantiles, linear between order statistics (Hyndman-Fan 7) */
} pl_explore_stats_t;

/** The summary of model m, dimension d (NaN fields when n = 0). Sorts a copy: O(N log N),
 *  N doubles of scratch; PL_ENOMEM, PL_EINVAL for m or d out of range. */
PL_API pl_status pl_explore_forecast_stats(const pl_explore_forecast_result_t *r, size_t m, size_t d,
                                           pl_explore_stats_t *out, pl_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
