/*
 * engines_internal.h: what the simulate and forecast engines of explore share: the check of
 * the scenarios and options, the slice of worlds, the draw of a world's variant and values,
 * and a parallel loop over worlds that stops at the first failure.
 */
#ifndef PL_ENGINES_INTERNAL_H
#define PL_ENGINES_INTERNAL_H

#include "explore_internal.h"

typedef struct pl_i_engine {
    double cum[64];            /* cumulative variant weights */
    size_t nsc;
    uint64_t N, first, count;  /* worlds, and the slice computed */
    int threads;
} pl_i_engine;

/* Check the scenarios (same shape; weights > 0) and the slice; fill e. */
pl_status pl_i_engine_setup(const pl_scenario_t *const *sc, const double *weights, size_t nsc,
                            const pl_explore_opts_t *o, pl_i_engine *e, pl_error_t *err);
/* Draw world w's variant (by weight) and its uncertain values into worlds[v]; returns v. */
size_t pl_i_engine_draw(const pl_i_engine *e, pl_i_world *worlds, pl_rng_t *r);
/* Report progress from the loop (call after each world; o->progress may be NULL). */
void pl_i_engine_progress(const pl_explore_opts_t *o, uint64_t *done, uint64_t total);

#endif
