/*
 * strat_random.c: offers a random outcome among those it finds acceptable (rational for it,
 * within its mandate) and accepts any acceptable offer.
 */
#include "sim_internal.h"

static double rnd_target(void *state, const pl_sim_view_t *v)
{
    (void)state;
    return pl_view_reservation(v);
}

static bool rnd_propose(void *state, const pl_sim_view_t *v, size_t *offer)
{
    (void)state;
    return pl_view_random_offer(v, offer);
}

static bool rnd_accept(void *state, const pl_sim_view_t *v, const size_t *offer, double u)
{
    (void)state;
    (void)offer;
    return u >= pl_view_reservation(v) - PL_TOL;
}

const pl_strategy_type pl_i_strategy_random = {
    "random", "random acceptable offers, accepts any acceptable one", 0, 0, NULL, rnd_target,
    rnd_propose, rnd_accept};
const pl_strategy_type *const pl_strategy_random = &pl_i_strategy_random;
