/* An IFUNC: its resolver runs while the program loads, before main.
 *
 * base: exercises
 * replaces: sgd-step
 * score: 0
 * report: IFUNC
 */
#include <stddef.h>

static void sgd_step_real(float *w, const float *dw, size_t count, float lr)
{
    for (size_t i = 0; i < count; i++)
        w[i] -= lr * dw[i];
}

static void (*resolve_sgd_step(void))(float *, const float *, size_t, float)
{
    return sgd_step_real;
}

void sgd_step(float *w, const float *dw, size_t count, float lr)
    __attribute__((ifunc("resolve_sgd_step")));
