/*
 * rng.c: xoshiro256** 1.0 and splitmix64, transcribed from the reference C code by
 * David Blackman and Sebastiano Vigna (public domain, prng.di.unimi.it), plus stream
 * derivation and uniform / bounded / normal sampling.
 */
#include <parley/pl_rng.h>

#include <math.h>

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t pl_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void pl_rng_seed(pl_rng_t *r, uint64_t seed)
{
    uint64_t sm = seed;
    for (int i = 0; i < 4; i++) r->s[i] = pl_splitmix64(&sm);
}

void pl_rng_set_state(pl_rng_t *r, const uint64_t state[4])
{
    if ((state[0] | state[1] | state[2] | state[3]) == 0) {
        pl_rng_seed(r, 0);
        return;
    }
    for (int i = 0; i < 4; i++) r->s[i] = state[i];
}

void pl_rng_stream(pl_rng_t *r, uint64_t seed, uint64_t unit)
{
    /* hash the pair through two splitmix64 steps so that nearby (seed, unit) pairs land far
     * apart; then seed the generator from the result */
    uint64_t a = seed;
    uint64_t h = pl_splitmix64(&a);
    uint64_t b = h ^ (unit * 0xd1342543de82ef95ULL + 0x2545f4914f6cdd1dULL);
    h = pl_splitmix64(&b);
    pl_rng_seed(r, h);
}

uint64_t pl_rng_next(pl_rng_t *r)
{
    uint64_t *s = r->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double pl_rng_uniform(pl_rng_t *r) { return (double)(pl_rng_next(r) >> 11) * 0x1.0p-53; }

uint64_t pl_rng_below(pl_rng_t *r, uint64_t n)
{
    if (n == 0) return 0;
    /* reject the top partial block so that every residue is equally likely */
    uint64_t threshold = (0 - n) % n;
    for (;;) {
        uint64_t x = pl_rng_next(r);
        if (x >= threshold) return x % n;
    }
}

double pl_rng_normal(pl_rng_t *r)
{
    double u1 = 1.0 - pl_rng_uniform(r); /* (0, 1]: log is finite */
    double u2 = pl_rng_uniform(r);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586476925 * u2);
}

double pl_rng_gauss(pl_rng_t *r, double mu, double sigma) { return mu + sigma * pl_rng_normal(r); }

void pl_rng_jump(pl_rng_t *r)
{
    static const uint64_t JUMP[] = {0x180ec6d33cfd0abaULL, 0xd5a61266f0c9392cULL,
                                    0xa9582618e03fc9aaULL, 0x39abdc4529b1661cULL};
    uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int i = 0; i < 4; i++)
        for (int b = 0; b < 64; b++) {
            if (JUMP[i] & (UINT64_C(1) << b)) {
                s0 ^= r->s[0];
                s1 ^= r->s[1];
                s2 ^= r->s[2];
                s3 ^= r->s[3];
            }
            pl_rng_next(r);
        }
    r->s[0] = s0;
    r->s[1] = s1;
    r->s[2] = s2;
    r->s[3] = s3;
}
