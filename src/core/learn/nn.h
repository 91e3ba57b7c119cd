/* nn.h - the kit's layers: forward and backward passes on batches.
 *
 * Dimensions: n = examples in a batch, d = input features, h = output
 * features, c = classes. Every batch is a matrix with one example per row.
 *
 * Each backward sits right under its forward. A forward writes its output;
 * a backward takes the upstream gradient dy and *adds* the gradients of its
 * inputs and parameters (dx, dW, db), so that gradients can accumulate over
 * several uses; clear them first (mat_fill(g, 0), params_zero_grad).
 * Chapter 01 has you write these from scratch; from chapter 02 on the kit
 * uses the versions here, built on the fast products of mat.h.
 */
#ifndef KIT_NN_H
#define KIT_NN_H

#include "core/learn/mat.h"
#include "core/learn/rng.h"

/* y = x W + b, for y: n x h, x: n x d, W: d x h, b: 1 x h. */
void nn_dense_forward(mat *y, const mat *x, const mat *W, const mat *b);

/* dx += dy W^T, dW += x^T dy, db += column sums of dy; dx may be NULL
 * (a first layer needs no gradient for its input). */
void nn_dense_backward(mat *dx, mat *dW, mat *db, const mat *dy,
                       const mat *x, const mat *W);

/* Fills W (fan_in x fan_out) with He et al.'s normal initialisation,
 * standard deviation sqrt(2 / fan_in), which suits ReLU layers. */
void nn_init_he(mat *W, rng *r);

/* Element-wise activations; y may be x (in place). */
void nn_relu_forward(mat *y, const mat *x);
void nn_relu_backward(mat *dx, const mat *dy, const mat *x);
void nn_sigmoid_forward(mat *y, const mat *x);
void nn_sigmoid_backward(mat *dx, const mat *dy, const mat *y);
void nn_tanh_forward(mat *y, const mat *x);
void nn_tanh_backward(mat *dx, const mat *dy, const mat *y);

/* Each row of x scaled to length 1: norms[i] = |x_i| and y_i = x_i /
 * max(|x_i|, 1e-12), so that a row of zeros stays zeros; y may be x. The
 * backward adds to dx the gradient through that scaling,
 * (dy_i - (dy_i . y_i) y_i) / max(norms[i], 1e-12). */
void nn_normalize_rows(mat *y, float *norms, const mat *x);
void nn_normalize_rows_backward(mat *dx, const mat *dy, const mat *y,
                                const float *norms);

/* probs[i][j] = exp(logits[i][j]) / sum over l of exp(logits[i][l]), row
 * by row (n x c), computed so that large logits cannot overflow. */
void nn_softmax_forward(mat *probs, const mat *logits);

/* Softmax of each row of the logits (n x c) into probs, and the mean over
 * the batch of the cross-entropy -log probs[i][labels[i]]. */
float nn_softmax_xent_forward(mat *probs, const mat *logits,
                              const int *labels);

/* dlogits += (probs - onehot(labels)) / n. */
void nn_softmax_xent_backward(mat *dlogits, const mat *probs,
                              const int *labels);

#endif
