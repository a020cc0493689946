/*
 * strat_time.c: time-dependent concession (Faratin, Sierra and Jennings 1998):
 * target(t) = u_max - (u_max - r) * t^(1/e), t = round / own deadline. e < 1 concedes late
 * (boulware, e = 0.2), e = 1 linearly, e > 1 early (conceder, e = 2).
 */
#include "sim_internal.h"

typedef struct {
    double e;
} time_state;

static void time_init(void *state, const pl_sim_view_t *v, double param)
{
    (void)v;
    ((time_state *)state)->e = param > 0 ? param : 1;
}

static double time_target(void *state, const pl_sim_view_t *v)
{
    double e = ((time_state *)state)->e;
    double umax = pl_view_best(v), r = pl_view_reservation(v);
    if (r > umax) r = umax;
    double t = pl_view_time(v);
    return umax - (umax - r) * pow(t, 1.0 / e);
}

const pl_strategy_type pl_i_strategy_boulware = {"boulware", "concedes late: e = 0.2",
                                                 sizeof(time_state), 0.2, time_init, time_target,
                                                 NULL, NULL};
const pl_strategy_type pl_i_strategy_linear = {"linear", "concedes linearly in time: e = 1",
                                               sizeof(time_state), 1.0, time_init, time_target,
                                               NULL, NULL};
const pl_strategy_type pl_i_strategy_conceder = {"conceder", "concedes early: e = 2",
                                                 sizeof(time_state), 2.0, time_init, time_target,
                                                 NULL, NULL};

const pl_strategy_type *const pl_strategy_boulware = &pl_i_strategy_boulware;
const pl_strategy_type *const pl_strategy_linear = &pl_i_strategy_linear;
const pl_strategy_type *const pl_strategy_conceder = &pl_i_strategy_conceder;
