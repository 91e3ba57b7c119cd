/* A chapter 01 solution whose sgd_step never returns.
 *
 * expect: ch01.6 timed out
 */
#define sgd_step sgd_step_reference
#include "../../../solutions/ch01_layers.c"
#undef sgd_step

void sgd_step(float *w, const float *dw, size_t count, float lr)
{
    (void)w, (void)dw, (void)count, (void)lr;
    for (;;)
        ;
}
