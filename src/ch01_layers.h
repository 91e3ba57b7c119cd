/* ch01_layers.h - chapter 01: layers, and the representations they make.
 *
 * A dense layer computes a linear combination of its inputs, an activation
 * bends it, and a stack of such layers maps the data, layer by layer, into
 * a representation where a straight line separates the classes. This module
 * trains such a stack on 2-D point sets and tells what it learned.
 *
 * Dimensions: n = points in a batch, d = input features, h = output
 * features of a layer, c = classes, N = points of a data set. A batch is an
 * n x d matrix, one point per row.
 *
 * Exercises (you write them in exercises/ch01_layers.c):
 *   ch01.1  dense_forward    y = x W + b
 *   ch01.2  relu_forward     y = max(0, x)
 *   ch01.3  softmax_xent     cross-entropy loss and its gradient
 *   ch01.4  dense_backward   the gradients of the input, weights and bias
 *   ch01.5  relu_backward    the gradient through a ReLU
 *   ch01.6  sgd_step         one step of gradient descent
 * Given (src/ch01_layers.c): the data sets, the network and its training,
 * and what it learned; src/ch01_layers_main.c writes the pictures' data.
 *
 * Grade:  make grade CH=01
 * Run:    make run CH=01      (results in build/data/ch01/)
 * Plot:   make plots CH=01    (figures in build/plots/)
 */
#ifndef CH01_LAYERS_H
#define CH01_LAYERS_H

#include <stddef.h>

#include "core/infra/exercise.h"
#include "core/infra/history.h"
#include "core/learn/mat.h"
#include "core/learn/net.h"
#include "core/learn/optim.h"
#include "core/learn/rng.h"

/* The kit's own layers would do this chapter's work. */
EXERCISES_MAY_NOT_CALL(nn_dense_forward, nn_dense_backward, nn_relu_forward,
                       nn_relu_backward, nn_softmax_forward,
                       nn_softmax_xent_forward, nn_softmax_xent_backward,
                       optim_sgd_step, mat_mul_add, mat_mul_add_at,
                       mat_mul_add_bt)

/* ---- Exercises -------------------------------------------------------- */

/* ch01.1 - The forward pass of a dense layer.
 *
 * y: n x h (output), x: n x d, W: d x h, b: 1 x h.
 * Sets every entry of y to
 *     y[i][j] = b[j] + sum over p of x[i][p] * W[p][j],
 * overwriting what y held. A batch of n = 0 rows is allowed (nothing to do).
 *
 * Hint: three loops, over i, j and p; mat_get(x, i, p) reads an entry and
 * mat_set(y, i, j, v) writes one.
 */
void dense_forward(mat *y, const mat *x, const mat *W, const mat *b)
    WRITES(y);

/* ch01.2 - The rectified linear unit, entry by entry.
 *
 * y[i][j] = max(0, x[i][j]); y and x have the same shape, and y may be the
 * same matrix as x (in place).
 *
 * Hint: a matrix's entries are data[0 .. mat_size(x) - 1].
 */
void relu_forward(mat *y, const mat *x) WRITES(y);

/* ch01.3 - Softmax cross-entropy: the loss of a classifier, and its
 * gradient.
 *
 * logits: n x c scores, labels[i] in 0 .. c-1 the class of row i.
 * The softmax turns row i into probabilities
 *     p[i][j] = exp(z[i][j]) / sum over l of exp(z[i][l]),
 * the loss of row i is -log p[i][labels[i]], and the function returns the
 * mean loss over the n rows (0 when n = 0). It *sets* (overwrites)
 *     dlogits[i][j] = (p[i][j] - [j == labels[i]]) / n,
 * the gradient of the mean loss. It must stay finite for logits as large as
 * 1000 or as small as -1000.
 *
 * Hint: subtracting the largest logit of a row from all of them changes no
 * probability, and keeps every exp() at most 1.
 */
float softmax_xent(mat *dlogits, const mat *logits, const int *labels)
    WRITES(dlogits) SIZES(labels[logits->rows]);

/* ch01.4 - The backward pass of a dense layer.
 *
 * dy: n x h, the gradient of the loss with respect to y = x W + b.
 * Adds (+=) to what the gradients already hold:
 *     dx[i][p] += sum over j of dy[i][j] * W[p][j]      (dx = dy W^T)
 *     dW[p][j] += sum over i of x[i][p] * dy[i][j]      (dW = x^T dy)
 *     db[0][j] += sum over i of dy[i][j]
 * dx: n x d, dW: d x h, db: 1 x h. Adding, rather than overwriting, lets a
 * caller accumulate gradients; the caller clears them before a step.
 *
 * Hint: write each sum down for a 1 x 1 layer first; y = x w + b gives
 * dx = dy w, dw = x dy, db = dy. mat_inc(a, i, j, v) adds v to entry (i, j)
 * of a.
 */
void dense_backward(mat *dx, mat *dW, mat *db, const mat *dy, const mat *x,
                    const mat *W) WRITES(dx, dW, db);

/* ch01.5 - The gradient through a ReLU.
 *
 * x: the input the forward pass saw; dy: the gradient of its output.
 * Adds dy[i][j] to dx[i][j] where x[i][j] > 0, and nothing where
 * x[i][j] <= 0 (the derivative at exactly 0 is taken to be 0).
 *
 * Hint: the ReLU passes the gradient on where it let the input through.
 */
void relu_backward(mat *dx, const mat *dy, const mat *x) WRITES(dx);

/* ch01.6 - One step of stochastic gradient descent.
 *
 * w[i] -= lr * dw[i] for each of the count parameters.
 *
 * Hint: the gradient points uphill; a step goes the other way.
 */
void sgd_step(float *w, const float *dw, size_t count, float lr)
    WRITES(w) SIZES(w[count], dw[count]);

/* ---- Given: data sets ------------------------------------------------- */

typedef struct dataset {
    const char *name; /* "spirals" or "rings" */
    mat x;            /* N x 2 points */
    int *labels;      /* N classes, each in 0 .. classes-1 */
    int classes;
} dataset;

/* Two spirals wound into each other: N = count points, half of each
 * class. */
void make_spirals(dataset *ds, int count, float noise, rng *r);

/* Three concentric rings: N = count points, a third of each class. */
void make_rings(dataset *ds, int count, float noise, rng *r);

void dataset_free(dataset *ds);

/* ---- Given: the network ----------------------------------------------- */

/* The chapter's classifier, a core network (core/learn/net.h) that runs on
 * your exercise functions: ReLU hidden layers, then a 2-D embedding layer
 * (linear, a code of m = 2), then a linear classifier:
 *     2 -> width -> ... -> width -> 2 -> classes
 * hidden_layers layers of h = width units, He-initialised, biases zero. */
#define CLASSIFIER_MAX_HIDDEN (NET_MAX_LAYERS - 2)
void classifier_create(net *model, int hidden_layers, int width,
                       int classes, int batch, rng *r);

/* The layer whose output is the 2-D embedding. */
int embedding_layer(const net *model);

/* ---- Given: training and what it learned ------------------------------ */

typedef struct classifier_plan {
    int epochs;
    float lr;
    history *history; /* epoch, loss, accuracy; from epoch 0 (untrained) */
    /* Called before training (epoch 0) and after each epoch, or NULL. */
    void (*after_epoch)(void *ctx, net *model, int epoch);
    void *ctx;
} classifier_plan;

/* The columns of the history that classifier_train fills. */
extern const history_column classifier_history[3];

/* Trains the model on ds with mini-batch SGD, batches of model->batch
 * points; returns the final training accuracy, in [0, 1]. */
float classifier_train(net *model, const dataset *ds,
                       const classifier_plan *plan, rng *r);

/* The class the network gives each row of points (predicted: points->rows
 * ints), and the probability it gives that class (confidence: points->rows
 * floats). */
void classify(net *model, const mat *points, int *predicted,
              float *confidence);

/* The class the last layer alone gives each point z (rows x 2) of the
 * embedding plane. */
void classify_embedding(const net *model, const mat *z, int *predicted);

/* ---- Given: one dimension, a sum of kinks ------------------------------ */

typedef struct curve_fit {
    mat x, target, fit; /* points x 1: where, the curve there, the fit */
    mat shares;         /* points x units: what each unit adds to the fit */
} curve_fit;

/* Fits a one-hidden-layer ReLU network (1 -> units -> 1) to a curve with
 * `steps` steps of gradient descent. */
void fit_curve_1d(curve_fit *f, int units, int steps, float lr, rng *r);
void curve_fit_free(curve_fit *f);

#endif
