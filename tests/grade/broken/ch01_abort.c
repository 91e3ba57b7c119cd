/* A chapter 01 solution whose relu_backward fails an assert().
 *
 * expect: ch01.4 assert\(\) failed
 */
#include <assert.h>

#define relu_backward relu_backward_reference
#include "../../../solutions/ch01_layers.c"
#undef relu_backward

void relu_backward(mat *dx, const mat *dy, const mat *x)
{
    (void)dx, (void)dy, (void)x;
    assert(!"relu_backward is not written yet");
}
