/*
 * strat_hardliner.c: never concedes: always offers its best outcome and accepts only an offer
 * worth as much.
 */
#include "sim_internal.h"

static double hard_target(void *state, const pl_sim_view_t *v)
{
    (void)state;
    return pl_view_best(v);
}

static bool hard_accept(void *state, const pl_sim_view_t *v, const size_t *offer, double u)
{
    (void)state;
    (void)offer;
    return u >= pl_view_best(v) - PL_TOL;
}

const pl_strategy_type pl_i_strategy_hardliner = {
    "hardliner", "offers its best outcome, accepts nothing less", 0, 0, NULL, hard_target, NULL,
    hard_accept};
const pl_strategy_type *const pl_strategy_hardliner = &pl_i_strategy_hardliner;
