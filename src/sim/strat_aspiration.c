/*
 * strat_aspiration.c: level of aspiration (Siegel and Fouraker; Pruitt): the aspiration starts
 * at the best outcome, holds while the opponents concede, and drops by a fraction `param`
 * (default 0.1) of its distance to the reservation after each offer that brings no concession.
 */
#include "sim_internal.h"

typedef struct {
    double a, beta;
    size_t seen;
} asp_state;

static void asp_init(void *state, const pl_sim_view_t *v, double param)
{
    asp_state *st = state;
    st->a = pl_view_best(v);
    st->beta = param > 1 ? 1 : param;
    st->seen = 0;
}

static double asp_target(void *state, const pl_sim_view_t *v)
{
    asp_state *st = state;
    size_t n = pl_view_received(v);
    double r = pl_view_reservation(v);
    if (n != st->seen) {
        bool conceded = n >= 2 && pl_view_last_received(v) > pl_view_prev_received(v) + PL_TOL;
        if (!conceded) st->a -= st->beta * (st->a - r);
        st->seen = n;
    }
    if (st->a < r) st->a = r;
    return st->a;
}

const pl_strategy_type pl_i_strategy_aspiration = {
    "aspiration", "holds while the others concede, lowers its aspiration when they do not",
    sizeof(asp_state), 0.1, asp_init, asp_target, NULL, NULL};
const pl_strategy_type *const pl_strategy_aspiration = &pl_i_strategy_aspiration;
