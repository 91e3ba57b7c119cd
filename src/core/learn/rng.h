/* rng.h - the kit's one random number generator, seeded and repeatable.
 *
 * PCG32 (O'Neill, 2014): a 64-bit state advanced by a multiply and an add,
 * with a scrambled 32-bit output. The same seed gives the same stream on
 * every run and every machine, so every experiment can be repeated exactly.
 *
 *     rng r;
 *     rng_seed(&r, 42);
 *     float u = rng_uniform(&r);   // in [0, 1)
 *     float z = rng_normal(&r);    // mean 0, variance 1
 */
#ifndef KIT_RNG_H
#define KIT_RNG_H

#include <stdint.h>

typedef struct rng {
    uint64_t state;
} rng;

void rng_seed(rng *r, uint64_t seed);

/* The next 32 random bits. */
uint32_t rng_u32(rng *r);

/* Uniform in [0, 1), with 24 random bits (a float's full precision). */
float rng_uniform(rng *r);

/* Normal with mean 0 and variance 1 (Box-Muller). */
float rng_normal(rng *r);

/* Uniform over the integers 0 .. count-1, without bias; count > 0. */
uint32_t rng_below(rng *r, uint32_t count);

/* Puts items[0 .. count-1] in a uniformly random order (Fisher-Yates). */
void rng_shuffle(rng *r, int *items, int count);

#endif
