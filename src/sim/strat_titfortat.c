/*
 * strat_titfortat.c: tit-for-tat (absolute, Faratin et al.'s imitative tactic): each time the
 * opponents' offer improves by d in my own utility, my target falls by d. An opening concession
 * of `param` times (best - reservation) starts the exchange (default 0.05).
 */
#include "sim_internal.h"

typedef struct {
    double target, open;
    size_t seen;
} tft_state;

static void tft_init(void *state, const pl_sim_view_t *v, double param)
{
    tft_state *st = state;
    st->target = pl_view_best(v);
    st->open = param;
    st->seen = 0;
}

static double tft_target(void *state, const pl_sim_view_t *v)
{
    tft_state *st = state;
    size_t n = pl_view_received(v);
    double best = pl_view_best(v), r = pl_view_reservation(v);
    if (n != st->seen) {
        if (n == 1) {
            st->target -= st->open * (best - r);
        } else if (n >= 2) {
            double d = pl_view_last_received(v) - pl_view_prev_received(v);
            if (d > 0) st->target -= d;
        }
        st->seen = n;
    }
    if (st->target < r) st->target = r;
    if (st->target > best) st->target = best;
    return st->target;
}

const pl_strategy_type pl_i_strategy_titfortat = {
    "titfortat", "mirrors the opponents' concessions in its own utility", sizeof(tft_state), 0.05,
    tft_init, tft_target, NULL, NULL};
const pl_strategy_type *const pl_strategy_titfortat = &pl_i_strategy_titfortat;
