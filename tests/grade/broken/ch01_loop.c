/* A chapter 01 solution whose sgd_step never returns.
 *
 * replaces: sgd-step
 * expect: ch01.6 timed out
 */
void sgd_step(float *w, const float *dw, size_t count, float lr)
{
    (void)w, (void)dw, (void)count, (void)lr;
    for (;;)
        ;
}
