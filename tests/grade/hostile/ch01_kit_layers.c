/* The kit's own layers, which solve chapter 01, called from the
 * exercises.
 *
 * base: exercises
 * replaces: dense-forward relu-forward
 * score: 0
 * report: calls nn_(dense|relu)_forward, which would do the exercise's work
 */
#include "core/learn/nn.h"

void dense_forward(mat *y, const mat *x, const mat *W, const mat *b)
{
    nn_dense_forward(y, x, W, b);
}

void relu_forward(mat *y, const mat *x)
{
    nn_relu_forward(y, x);
}
