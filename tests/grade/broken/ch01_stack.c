/* A chapter 01 solution whose dense_backward recurses without end and
 * overflows the stack.
 *
 * replaces: dense-backward
 * expect: ch01.4 stack overflow
 */
#pragma GCC diagnostic ignored "-Winfinite-recursion" /* that is the point */

void dense_backward(mat *dx, mat *dW, mat *db, const mat *dy, const mat *x,
                    const mat *W)
{
    volatile float frame[256] = {0}; /* keeps each call's frame large */
    dense_backward(dx, dW, db, dy, x, W);
    dx->data[0] += frame[0];
}
