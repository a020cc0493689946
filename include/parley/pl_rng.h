/*
 * pl_rng.h: the one seeded random generator family of libparley: xoshiro256** (Blackman and
 * Vigna) seeded through splitmix64. Each independent unit of work (a session, a Monte Carlo
 * world) takes its own stream derived from (seed, unit index), so results never depend on
 * thread count or scheduling. The generator state is a plain value struct: copy it freely.
 */
#ifndef PL_RNG_H
#define PL_RNG_H

#include "pl_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pl_rng {
    uint64_t s[4];
} pl_rng_t;

/** One step of splitmix64 on *state (advances it); the published reference generator. */
PL_API uint64_t pl_splitmix64(uint64_t *state);

/** Seed from one 64-bit value: the four state words are four splitmix64 outputs of `seed`. */
PL_API void pl_rng_seed(pl_rng_t *r, uint64_t seed);
/** Set the state words directly (reference tests); an all-zero state is replaced by seed 0. */
PL_API void pl_rng_set_state(pl_rng_t *r, const uint64_t state[4]);
/**
 * The stream of unit `unit` under `seed`: splitmix64 seeded with a mix of both. Different
 * units give statistically independent streams; the same (seed, unit) always the same one.
 */
PL_API void pl_rng_stream(pl_rng_t *r, uint64_t seed, uint64_t unit);

/** Next 64 random bits (xoshiro256**). */
PL_API uint64_t pl_rng_next(pl_rng_t *r);
/** Uniform double in [0, 1) with 53 random bits. */
PL_API double pl_rng_uniform(pl_rng_t *r);
/** Uniform integer in [0, n) without modulo bias; 0 when n is 0. */
PL_API uint64_t pl_rng_below(pl_rng_t *r, uint64_t n);
/** Standard normal deviate (Box-Muller; uses two uniforms per call, keeps no spare). */
PL_API double pl_rng_normal(pl_rng_t *r);
/** Normal deviate with mean mu and standard deviation sigma. */
PL_API double pl_rng_gauss(pl_rng_t *r, double mu, double sigma);
/** Advance by 2^128 steps (the published jump polynomial): non-overlapping substreams. */
PL_API void pl_rng_jump(pl_rng_t *r);

#ifdef __cplusplus
}
#endif
#endif
