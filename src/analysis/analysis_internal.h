/*
 * analysis_internal.h: kernels shared inside src/analysis (skyline filters) and exposed to the
 * unit tests, which check them against brute force.
 */
#ifndef PL_ANALYSIS_INTERNAL_H
#define PL_ANALYSIS_INTERNAL_H

#include <parley/pl_analysis.h>
#include "core/model_internal.h"

/** A point of a skyline problem: k utilities and an order key (enumeration order). */
typedef struct pl_i_pt {
    const double *u;
    uint64_t key;
} pl_i_pt;

/**
 * Does a dominate b: a_i >= b_i - ge for every i and a_j > b_j + gt for some j?
 * The frontier's definition is ge = gt = PL_TOL; the additive merge prunes partial sums
 * with the robust form ge = 0, gt = 2 * PL_TOL (docs/analysis.md).
 */
bool pl_i_dominates(const double *a, const double *b, size_t k, double ge, double gt);

/**
 * Reorder pts so that its first m entries are exactly the points not dominated by any other
 * point of the input (equal points are all kept), in increasing key order; returns m.
 * k == 2: O(n log n) sweep; k > 2: sort by sum, then filter against the running skyline.
 * Returns SIZE_MAX when out of memory.
 */
size_t pl_i_skyline(pl_i_pt *pts, size_t n, size_t k, double ge, double gt);
/** The same by the O(n^2 k) definition (tests and tiny inputs). */
size_t pl_i_skyline_naive(pl_i_pt *pts, size_t n, size_t k, double ge, double gt);

/** Progress and a deadline for an enumeration: each one started with its own clock. */
typedef struct pl_i_clock {
    pl_progress_fn fn;  /* NULL = no progress */
    void *ctx;
    double limit;       /* seconds (0 = none) */
    double deadline;    /* CLOCK_MONOTONIC seconds; 0 = none */
} pl_i_clock;
/** A clock whose deadline is `limit` seconds from now (0 = none). */
pl_i_clock pl_i_clock_start(double limit, pl_progress_fn fn, void *ctx);
/** Report `done` of `total`; true when the deadline has passed. */
bool pl_i_clock_tick(const pl_i_clock *c, uint64_t done, uint64_t total);

/** pl_frontier_compute_timed with progress: the enumeration reports outcomes done of the space
 *  and stops at clk's deadline (then exact = false, gap = INFINITY, examined < the space); the
 *  rectangle search gets clk->limit. */
pl_status pl_i_frontier_compute(const pl_model_t *m, const size_t *actors, size_t k,
                                pl_frontier_method method, uint64_t max_enumerate,
                                const pl_i_clock *clk, pl_frontier_t **out, pl_error_t *err);
/** pl_analysis_count_rational with a clock (NULL = none): *examined is the outcomes enumerated
 *  (0 when counted without enumerating); when the deadline stops the enumeration, *known is
 *  false and *n counts the rational outcomes among the first *examined only. */
pl_status pl_i_count_rational(const pl_model_t *m, const size_t *actors, size_t k,
                              uint64_t max_enumerate, const pl_i_clock *clk, uint64_t *n,
                              bool *known, bool *all, uint64_t *examined, pl_error_t *err);

/** Choose actors: NULL/0 = the model's parties. Checks preferences; *out is pl_malloc'ed. */
pl_status pl_i_choose_actors(const pl_model_t *m, const size_t *actors, size_t k, size_t **out,
                             size_t *kout, pl_error_t *err);
/** Is actor a's utility exactly its table sum? */
bool pl_i_is_additive(const pl_model_t *m, size_t a);
/** First outcome in enumeration order that every chosen actor accepts (bounded search). */
pl_status pl_i_first_rational(const pl_model_t *m, const size_t *actors, size_t k,
                              uint64_t max_nodes, size_t *outcome, bool *found, pl_error_t *err);

/** The four points over f's points (points.c); `first_fallback`: when every Nash product is 0,
 *  the Nash point is f's first point instead of the first rational outcome found by search. */
pl_status pl_i_points_from(const pl_model_t *m, const pl_frontier_t *f, pl_points_t *out,
                           bool first_fallback, pl_error_t *err);

/** The work budget of pl_i_count_accepting (about one element visit per unit). */
#define PL_I_COUNT_WORK 50000000ULL

/**
 * Count the outcomes that every actor of act[0..k) accepts (requirements and threshold) by meet
 * in the middle, for additive actors and a space that fits 64 bits: *lo <= the count <= *hi,
 * equal when exact. Inexact when some outcome lies within rounding of a threshold or the
 * dominance count ran past max_work (its unexplored pairs widen the bound). False when that does
 * not apply (non-additive, halves over 64 MiB, more than 64 deciding actors) or memory fails.
 */
bool pl_i_count_accepting_bounded(const pl_model_t *m, const size_t *act, size_t k,
                                  uint64_t max_work, uint64_t *lo, uint64_t *hi);
/** The same within PL_I_COUNT_WORK, true only when exact (then equal to enumeration's count). */
bool pl_i_count_accepting(const pl_model_t *m, const size_t *act, size_t k, uint64_t *out);

/** Ascending sort of 64-bit keys (quicksort, median of three; no allocation, no callback). */
void pl_i_sort_u64(uint64_t *v, size_t n);
/** An unsigned key in the order of a double (not NaN): x < y exactly when key(x) < key(y), and
 * -0 and +0 get the same key. */
uint64_t pl_i_dkey(double x);

/**
 * Dominance count: pairs (p, q) of P[0..np) and Q[0..nq) (k-vectors, k <= 64) with p[j] >= q[j]
 * for every j. O(n log^(k-1) n) at worst, much less where coordinates separate; past max_work
 * units the unexplored subproblems' pairs go to *open (then *count <= true <= *count + *open).
 * Reorders P and Q. False when k > 64 or out of memory.
 */
bool pl_i_dominance_count(const double **P, size_t np, const double **Q, size_t nq, size_t k,
                          uint64_t max_work, uint64_t *count, uint64_t *open);

#endif
