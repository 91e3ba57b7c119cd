/* ch01_layers.c - the exercises of chapter 01 (contracts in ch01_layers.h).
 *
 * Dimensions: n = points in a batch, d = input features, h = output
 * features of a layer, c = classes.
 *
 * Write each function between its TODO line and the closing brace, then run
 * make grade CH=01. The experiment (make run CH=01) trains with your code.
 * Make any helper function you add static, so that its name cannot clash
 * with a function of the kit.
 */
#include "ch01_layers.h"

#include <math.h>

//> dense-forward
void dense_forward(mat *y, const mat *x, const mat *W, const mat *b)
{
    // TODO(ch01.1): write this (then delete this line).
    (void)y, (void)x, (void)W, (void)b;
}
//< dense-forward

//> relu-forward
void relu_forward(mat *y, const mat *x)
{
    // TODO(ch01.2): write this (then delete this line).
    (void)y, (void)x;
}
//< relu-forward

//> softmax-xent
float softmax_xent(mat *dlogits, const mat *logits, const int *labels)
{
    // TODO(ch01.3): write this (then delete this line).
    (void)dlogits, (void)logits, (void)labels;
    return 0.0f;
}
//< softmax-xent

//> dense-backward
void dense_backward(mat *dx, mat *dW, mat *db, const mat *dy, const mat *x,
                    const mat *W)
{
    // TODO(ch01.4): write this (then delete this line).
    (void)dx, (void)dW, (void)db, (void)dy, (void)x, (void)W;
}
//< dense-backward

//> relu-backward
void relu_backward(mat *dx, const mat *dy, const mat *x)
{
    // TODO(ch01.5): write this (then delete this line).
    (void)dx, (void)dy, (void)x;
}
//< relu-backward

//> sgd-step
void sgd_step(float *w, const float *dw, size_t count, float lr)
{
    // TODO(ch01.6): write this (then delete this line).
    (void)w, (void)dw, (void)count, (void)lr;
}
//< sgd-step
