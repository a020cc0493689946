/*
 * explore_internal.h: what the files of src/explore share: a world (a shallow copy of a
 * scenario whose arrays that uncertain values drive are its own), and the evaluation of one
 * world by the model's one acceptance rule.
 */
#ifndef PL_EXPLORE_INTERNAL_H
#define PL_EXPLORE_INTERNAL_H

#include <parley/pl_explore.h>

typedef struct pl_i_world {
    pl_scenario_t sc;          /* shares strings and the rest with the base */
    const pl_scenario_t *base;
    bool own_stances, own_instruments;
} pl_i_world;

/* Copy `base` into w (the arrays values may drive are copied); false when out of memory. */
bool pl_i_world_init(pl_i_world *w, const pl_scenario_t *base);
void pl_i_world_destroy(pl_i_world *w);
/* Put every uncertain value of the base at its point (the world as deterministic commands see
 * it). */
void pl_i_world_points(pl_i_world *w);
/* Draw uncertain value k into the world (Dirichlet: every component). */
void pl_i_world_draw(pl_i_world *w, size_t k, pl_rng_t *r);
/* Set scalar uncertain value k to x. */
void pl_i_world_set(pl_i_world *w, size_t k, double x);

/* Scratch for pl_i_world_eval. */
typedef struct pl_i_evalbuf {
    size_t nissues, nactors, nproposals;
    size_t *outcome;
    bool *acc, *cand, *blocks, *accepted;
    pl_world_eval_t ev;
} pl_i_evalbuf;
bool pl_i_evalbuf_init(pl_i_evalbuf *b, const pl_scenario_t *sc);
void pl_i_evalbuf_destroy(pl_i_evalbuf *b);

/* Compile the world and judge it: b->ev gets its headline; when pass (may be NULL) is given,
 * pass[k] += 1 for each feasible package k (enumerated spaces). */
pl_status pl_i_world_eval(const pl_scenario_t *sc, bool enumerate, pl_i_evalbuf *b,
                          uint64_t *pass, pl_error_t *err);

#endif
