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

/* Columns kept between the worlds one evaluation buffer judges (world_fast.c). */
typedef struct pl_i_fast pl_i_fast;

/* Scratch for pl_i_world_eval. */
typedef struct pl_i_evalbuf {
    size_t nissues, nactors, nproposals;
    size_t *outcome;
    bool *acc, *cand, *blocks, *accepted;
    pl_world_eval_t ev;
    pl_i_fast *fast;           /* NULL until the first enumerated world */
    bool reference;            /* judge by the reference loop only (tests compare the two) */
    uint64_t nfast;            /* worlds judged by the fast path so far */
} pl_i_evalbuf;
bool pl_i_evalbuf_init(pl_i_evalbuf *b, const pl_scenario_t *sc);
void pl_i_evalbuf_destroy(pl_i_evalbuf *b);

/* Compile the world and judge it: b->ev gets its headline; when pass (may be NULL) is given,
 * pass[k] += 1 for each feasible package k (enumerated spaces). */
pl_status pl_i_world_eval(const pl_scenario_t *sc, bool enumerate, pl_i_evalbuf *b,
                          uint64_t *pass, pl_error_t *err);

/* Judge every package of the compiled world m with the columns cached in *fast (created or
 * reshaped as needed): b->ev's nfeasible and nash, b->cand and b->blocks (world.c turns them into
 * pivotal and blocking actors), pass[k] += 1 for each feasible package k. Exactly what the
 * reference loop computes. False, with nothing tallied, where it does not apply (hyper-rectangle
 * utilities, more than 16 actors the decision reads, a space over the memory budget) or memory
 * ran out: then the caller runs the reference loop. O(space * actors read) per world, plus
 * O(space * issues) for each actor whose table changed since it was last cached. */
bool pl_i_fast_judge(pl_i_fast **fast, const pl_model_t *m, pl_i_evalbuf *b, uint64_t *pass);
void pl_i_fast_free(pl_i_fast *f);

#endif
