/* rng.c - PCG32 and the distributions the kit draws from. */
#include "rng.h"

#include <math.h>

#include "core/infra/error.h"

#define PCG_MULTIPLIER 6364136223846793005u
#define PCG_INCREMENT 1442695040888963407u

void rng_seed(rng *r, uint64_t seed)
{
    r->state = 0;
    rng_u32(r);
    r->state += seed;
    rng_u32(r);
}

uint32_t rng_u32(rng *r)
{
    uint64_t old = r->state;
    r->state = old * PCG_MULTIPLIER + PCG_INCREMENT;
    /* Output: xor-shift the high bits down, then rotate by the top 5 bits. */
    uint32_t xorshifted = (uint32_t)(((old >> 18) ^ old) >> 27);
    uint32_t rotation = (uint32_t)(old >> 59);
    return (xorshifted >> rotation) | (xorshifted << ((32 - rotation) & 31));
}

float rng_uniform(rng *r)
{
    return (float)(rng_u32(r) >> 8) * (1.0f / 16777216.0f);
}

float rng_normal(rng *r)
{
    /* Box-Muller: two uniforms give one normal; 1 - u keeps log() off 0. */
    float u1 = 1.0f - rng_uniform(r);
    float u2 = rng_uniform(r);
    return sqrtf(-2.0f * logf(u1)) * cosf(6.2831853f * u2);
}

uint32_t rng_below(rng *r, uint32_t count)
{
    CHECK(count > 0, "rng_below(0)");
    /* Reject the few values that would make some results more likely. */
    uint32_t threshold = (uint32_t)(-count) % count;
    for (;;) {
        uint32_t x = rng_u32(r);
        if (x >= threshold)
            return x % count;
    }
}

void rng_shuffle(rng *r, int *items, int count)
{
    for (int i = count - 1; i > 0; i--) {
        int j = (int)rng_below(r, (uint32_t)i + 1);
        int swap = items[i];
        items[i] = items[j];
        items[j] = swap;
    }
}
