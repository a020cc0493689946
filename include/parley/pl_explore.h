/*
 * pl_explore.h: how sure, and what flips it (docs/uncertainty.md). Samples worlds (a scenario
 * with its uncertain values drawn, compiled into a model; world i draws from rng stream
 * (seed, i)), tallies what the one acceptance rule says in each, and finds where a headline
 * flips (breakpoints), how far each input swings it (tornado) and its Sobol indices.
 * Tallies are integer counts, so threads and MPI ranks never change a result.
 */
#ifndef PL_EXPLORE_H
#define PL_EXPLORE_H

#include "pl_model.h"
#include "pl_uncertain.h"
#include "pl_explore_engines.h" /* the simulate and forecast engines */

#ifdef __cplusplus
extern "C" {
#endif

/** Outcome spaces larger than this are not enumerated: only the proposals are judged. */
#define PL_EXPLORE_MAX_SPACE 1000000u

typedef struct pl_explore_opts {
    uint64_t worlds;        /* N (default 1000 when 0) */
    uint64_t seed;
    size_t top;             /* packages most likely to pass that are kept (default 5) */
    int threads;            /* OpenMP threads; 0: the OpenMP default */
    uint64_t first, count;  /* compute worlds [first, first + count) only (MPI ranks); count 0:
                               all N. Tallies of parts add up to those of the whole. */
    /* called now and then from the calling thread with the worlds done so far; may be NULL */
    void (*progress)(uint64_t done, uint64_t total, void *ctx);
    void *progress_ctx;
} pl_explore_opts_t;

/**
 * Tallies over worlds (counts out of `worlds`; a probability is count / worlds with Monte
 * Carlo standard error sqrt(p (1 - p) / worlds)). Arrays are owned (pl_explore_free).
 */
typedef struct pl_explore_result {
    uint64_t worlds;
    uint64_t seed;
    bool enumerated;           /* the outcome space was enumerated (else packages unknown) */
    uint64_t space;            /* its size when enumerated */
    uint64_t any_feasible;     /* worlds in which some package is feasible */
    uint64_t feasible_sum;     /* sum over worlds of the number of feasible packages */
    size_t nproposals;
    uint64_t *proposal_pass;   /* per proposal: worlds in which it is feasible (partial: 0) */
    size_t nactors;
    uint64_t *blocks;          /* per actor: worlds with no feasible package in which some
                                  package would be feasible if this actor alone accepted it */
    uint64_t *pivotal;         /* per actor: worlds with a feasible package in which every
                                  feasible package fails when this actor alone rejects it */
    size_t nvariants;
    uint64_t *variant_worlds;  /* per scenario given (variants): worlds drawn from it */
    uint64_t *package_pass;    /* enumerated: per package (mixed-radix index), worlds feasible */
    uint64_t *nash;            /* enumerated: per package, worlds in which it is the Nash point
                                  of the feasible set */
} pl_explore_result_t;

/**
 * Sample worlds. `sc[0..nsc)` are alternative scenarios (the weighted variants; one without
 * variants) with draw weights `weights` (NULL: equal); they must have the same issues,
 * values, actors and proposals. World i uses stream (seed, i): its variant is drawn first,
 * then each uncertain value in the order written. Allocates O(space + actors + proposals)
 * whatever N. PL_EINVAL when the scenarios differ in shape; PL_ENOMEM.
 */
PL_API pl_status pl_explore_run(const pl_scenario_t *const *sc, const double *weights, size_t nsc,
                                const pl_explore_opts_t *o, pl_explore_result_t **out,
                                pl_error_t *err);
/** Add b's tallies to a (same scenario, same shape): what MPI's reduction does. */
PL_API pl_status pl_explore_merge(pl_explore_result_t *a, const pl_explore_result_t *b,
                                  pl_error_t *err);
PL_API void pl_explore_free(pl_explore_result_t *r);
/** The k packages feasible in the most worlds (ties: lower index first): indices into idx[k],
 *  returns how many (<= k; only packages feasible in some world). O(space log k). */
PL_API size_t pl_explore_top(const pl_explore_result_t *r, const uint64_t *counts, size_t k,
                             uint64_t *idx);

/** The scenarios a file's worlds are drawn from (pl_explore_load). Owned (pl_explore_input_free). */
typedef struct pl_explore_input {
    pl_scenario_t **sc;        /* nsc scenarios: the weighted variants in file order, else one */
    double *weight;            /* their draw weights (1 for a single scenario) */
    size_t nsc;
    const char **variant;      /* per scenario: its variant's name (NULL: the base; borrowed) */
    double spread;             /* the spread applied, NaN when none was */
    size_t nuncertain;         /* uncertain values the file states (before any spread) */
} pl_explore_input_t;

struct pl_load_opts;

/**
 * Load `path` as `parley explore` does: with `o` (pl_io.h; the variant and --set overrides, may
 * be NULL); when the file states no uncertain values and spread > 0, every reservation and
 * participation (where set) of an actor with preferences becomes {uniform: [x - spread,
 * x + spread]} around its value (overrides that come before o's); then, when `variants` and no
 * variant is named, the file's weighted variants (at most 63) replace the base, each with its
 * weight and spread around its own values. O(loads of the file: 2 per scenario with a spread).
 * Errors as the loader's; PL_EINVAL for more than 63 weighted variants, PL_ENOMEM.
 */
PL_API pl_status pl_explore_load(const char *path, const struct pl_load_opts *o, double spread,
                                 bool variants, pl_explore_input_t **out, pl_error_t *err);
PL_API void pl_explore_input_free(pl_explore_input_t *in);

/** What one world says (the headline measures breakpoints and Sobol indices read). */
typedef struct pl_world_eval {
    uint64_t nfeasible;        /* feasible packages (enumerated spaces; else 0) */
    bool *proposal_pass;       /* nproposals */
    bool *pivotal;             /* nactors */
    bool *blocks;              /* nactors */
    uint64_t nash;             /* the Nash point's index, UINT64_MAX when none */
} pl_world_eval_t;

/** One place where a headline flips as one uncertain value moves, the others at their points. */
typedef enum pl_flip_kind {
    PL_FLIP_FEASIBLE = 0,      /* the number of feasible packages leaves (or reaches) zero */
    PL_FLIP_PROPOSAL,          /* proposal `index` starts or stops passing */
    PL_FLIP_PIVOTAL            /* actor `index` becomes or stops being pivotal */
} pl_flip_kind;

typedef struct pl_breakpoint {
    size_t uncertain;          /* index into sc->uncertain */
    double at;                 /* the value where it flips (to 1e-9) */
    pl_flip_kind kind;
    size_t index;
    bool below, above;         /* the headline just below and just above `at` (feasible: some
                                  package feasible; proposal: passes; pivotal: is pivotal) */
    uint64_t nbelow, nabove;   /* feasible: the counts on each side */
} pl_breakpoint_t;

/** The range a value is scanned over for breakpoints and swung over by the tornado:
 *  breakpoints: the support united with [0, 1] for utilities and probabilities; tornado: the
 *  support (normal: the 5% and 95% quantiles). */
PL_API void pl_explore_scan_range(const pl_uncertain_t *u, bool tornado, double *lo, double *hi);

/**
 * Breakpoints of every scalar uncertain value of `sc` (Dirichlet groups are skipped), the others
 * at their points: a grid of 65 values over the scan range, then bisection of each change to
 * 1e-9. Flips narrower than the grid step can be missed (docs/uncertainty.md). *out is an owned
 * array (pl_free) of *n entries, by value then position. O(values * 95 * world cost).
 */
PL_API pl_status pl_explore_breakpoints(const pl_scenario_t *sc, pl_breakpoint_t **out, size_t *n,
                                        pl_error_t *err);

/** One input's tornado line: the headline measures at both ends of its tornado range. */
typedef struct pl_tornado {
    size_t uncertain;
    double lo, hi;             /* the range */
    uint64_t feasible_lo, feasible_hi;   /* feasible packages at lo / hi */
    size_t passing_lo, passing_hi;       /* proposals passing at lo / hi */
} pl_tornado_t;
/** One-at-a-time: every scalar uncertain value at both ends of its range, the others at their
 *  points; out[sc->nuncertain] (Dirichlet entries: lo = hi = NaN, measures at the point). */
PL_API pl_status pl_explore_tornado(const pl_scenario_t *sc, pl_tornado_t *out, pl_error_t *err);

/** A Sobol index estimate with its bootstrap 95% interval. */
typedef struct pl_sobol_index {
    double first, total;
    double first_lo, first_hi, total_lo, total_hi;
} pl_sobol_index_t;

/**
 * Jansen's estimators (Saltelli et al. 2010, table 2) from Saltelli's design: fA[N], fB[N] and
 * fAB[i * N + j] = f(A with column i from B) for d inputs. V is the variance of fA and fB
 * together; first = (V - sum (fB - fABi)^2 / 2N) / V, total = sum (fA - fABi)^2 / 2N / V.
 * Intervals: percentiles 2.5 and 97.5 of `nboot` bootstrap resamples of the N rows (stream
 * (seed, b)). V = 0: every index is 0. O(nboot * N * d).
 */
PL_API pl_status pl_sobol_jansen(const double *fA, const double *fB, const double *fAB, size_t N,
                                 size_t d, size_t nboot, uint64_t seed, pl_sobol_index_t *out,
                                 pl_error_t *err);

/**
 * Sobol indices of the probability measures of `sc` (some package feasible; each proposal
 * passes) for its uncertain values (a Dirichlet is one input): N base samples A (stream (seed,
 * 2j)) and B (stream (seed, 2j + 1)), N (d + 2) worlds. out[m * nuncertain + k] for measure m
 * (0: some package feasible; 1 + p: proposal p). out has (1 + nproposals) * nuncertain entries.
 */
PL_API pl_status pl_explore_sobol(const pl_scenario_t *sc, size_t N, uint64_t seed, size_t nboot,
                                  int threads, pl_sobol_index_t *out, pl_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
