/* nn.c - layers built on the products of mat.c. */
#include "nn.h"

#include <math.h>
#include <string.h>

#include "core/infra/error.h"

static void check_same_shape(const mat *a, const mat *b, const char *what)
{
    CHECK(a->rows == b->rows && a->cols == b->cols, "%s: %d x %d vs %d x %d",
          what, a->rows, a->cols, b->rows, b->cols);
}

//> nn-dense
void nn_dense_forward(mat *y, const mat *x, const mat *W, const mat *b)
{
    CHECK(b->rows == 1 && b->cols == W->cols, "bias %d x %d for %d outputs",
          b->rows, b->cols, W->cols);
    CHECK(y->rows == x->rows && y->cols == W->cols, "output %d x %d",
          y->rows, y->cols);
    /* Start every row of y at the bias, then add the product x W. */
    for (int i = 0; i < y->rows; i++)
        memcpy(mat_row(y, i), b->data, (size_t)b->cols * sizeof(float));
    mat_mul_add(y, x, W);
}

void nn_dense_backward(mat *dx, mat *dW, mat *db, const mat *dy,
                       const mat *x, const mat *W)
{
    check_same_shape(dW, W, "dense_backward dW");
    if (dx)
        mat_mul_add_bt(dx, dy, W);
    mat_mul_add_at(dW, x, dy);
    for (int i = 0; i < dy->rows; i++) {
        const float *dy_row = mat_row(dy, i);
        for (int j = 0; j < dy->cols; j++)
            db->data[j] += dy_row[j];
    }
}
//< nn-dense

void nn_init_he(mat *W, rng *r)
{
    float scale = sqrtf(2.0f / (float)(W->rows > 0 ? W->rows : 1));
    size_t count = mat_size(W);
    for (size_t i = 0; i < count; i++)
        W->data[i] = scale * rng_normal(r);
}

void nn_relu_forward(mat *y, const mat *x)
{
    check_same_shape(y, x, "relu_forward");
    size_t count = mat_size(x);
    for (size_t i = 0; i < count; i++)
        y->data[i] = x->data[i] > 0 ? x->data[i] : 0;
}

void nn_relu_backward(mat *dx, const mat *dy, const mat *x)
{
    check_same_shape(dx, x, "relu_backward");
    check_same_shape(dy, x, "relu_backward");
    size_t count = mat_size(x);
    for (size_t i = 0; i < count; i++)
        dx->data[i] += x->data[i] > 0 ? dy->data[i] : 0;
}

void nn_sigmoid_forward(mat *y, const mat *x)
{
    check_same_shape(y, x, "sigmoid_forward");
    size_t count = mat_size(x);
    for (size_t i = 0; i < count; i++)
        y->data[i] = 1.0f / (1.0f + expf(-x->data[i]));
}

/* The derivative of the sigmoid is y (1 - y), written with its output. */
void nn_sigmoid_backward(mat *dx, const mat *dy, const mat *y)
{
    check_same_shape(dx, y, "sigmoid_backward");
    check_same_shape(dy, y, "sigmoid_backward");
    size_t count = mat_size(y);
    for (size_t i = 0; i < count; i++)
        dx->data[i] += dy->data[i] * y->data[i] * (1.0f - y->data[i]);
}

void nn_tanh_forward(mat *y, const mat *x)
{
    check_same_shape(y, x, "tanh_forward");
    size_t count = mat_size(x);
    for (size_t i = 0; i < count; i++)
        y->data[i] = tanhf(x->data[i]);
}

/* The derivative of tanh is 1 - y^2, written with its output. */
void nn_tanh_backward(mat *dx, const mat *dy, const mat *y)
{
    check_same_shape(dx, y, "tanh_backward");
    check_same_shape(dy, y, "tanh_backward");
    size_t count = mat_size(y);
    for (size_t i = 0; i < count; i++)
        dx->data[i] += dy->data[i] * (1.0f - y->data[i] * y->data[i]);
}

void nn_normalize_rows(mat *y, float *norms, const mat *x)
{
    check_same_shape(y, x, "normalize_rows");
    for (int i = 0; i < x->rows; i++) {
        const float *in = mat_row(x, i);
        float *out = mat_row(y, i);
        double sum = 0;
        for (int j = 0; j < x->cols; j++)
            sum += (double)in[j] * in[j];
        norms[i] = (float)sqrt(sum);
        float scale = 1.0f / fmaxf(norms[i], 1e-12f);
        for (int j = 0; j < x->cols; j++)
            out[j] = in[j] * scale;
    }
}

void nn_normalize_rows_backward(mat *dx, const mat *dy, const mat *y,
                                const float *norms)
{
    check_same_shape(dx, y, "normalize_rows_backward");
    check_same_shape(dy, y, "normalize_rows_backward");
    for (int i = 0; i < y->rows; i++) {
        const float *g = mat_row(dy, i), *unit = mat_row(y, i);
        float *into = mat_row(dx, i);
        /* Only the part of dy across y survives: moving along y does not
         * change its direction. */
        double along = 0;
        for (int j = 0; j < y->cols; j++)
            along += (double)g[j] * unit[j];
        float scale = 1.0f / fmaxf(norms[i], 1e-12f);
        for (int j = 0; j < y->cols; j++)
            into[j] += (g[j] - (float)along * unit[j]) * scale;
    }
}

/* Softmax of one row of logits, one per class; returns the log of the sum
 * of the exponentials, shifted by the largest logit `top` (so the row's
 * log-sum-exp is top + the result). */
static float softmax_row(float *p, const float *z, int classes, float top)
{
    /* Subtracting the largest logit keeps every exp() at most 1. */
    float sum = 0;
    for (int j = 0; j < classes; j++) {
        p[j] = expf(z[j] - top);
        sum += p[j];
    }
    for (int j = 0; j < classes; j++)
        p[j] /= sum;
    return logf(sum);
}

void nn_softmax_forward(mat *probs, const mat *logits)
{
    check_same_shape(probs, logits, "softmax_forward");
    for (int i = 0; i < logits->rows; i++) {
        const float *z = mat_row(logits, i);
        softmax_row(mat_row(probs, i), z, logits->cols,
                    z[mat_argmax_row(logits, i)]);
    }
}

//> nn-softmax-xent
float nn_softmax_xent_forward(mat *probs, const mat *logits,
                              const int *labels)
{
    check_same_shape(probs, logits, "softmax_xent_forward");
    double total = 0;
    for (int i = 0; i < logits->rows; i++) {
        const float *z = mat_row(logits, i);
        int classes = logits->cols;
        CHECK(labels[i] >= 0 && labels[i] < classes, "label %d of %d classes",
              labels[i], classes);
        float top = z[mat_argmax_row(logits, i)];
        float log_sum = softmax_row(mat_row(probs, i), z, classes, top);
        total += log_sum - (z[labels[i]] - top); /* -log p[labels[i]] */
    }
    return logits->rows > 0 ? (float)(total / logits->rows) : 0.0f;
}

void nn_softmax_xent_backward(mat *dlogits, const mat *probs,
                              const int *labels)
{
    check_same_shape(dlogits, probs, "softmax_xent_backward");
    float scale = 1.0f / (float)(probs->rows > 0 ? probs->rows : 1);
    for (int i = 0; i < probs->rows; i++) {
        const float *p = mat_row(probs, i);
        float *dz = mat_row(dlogits, i);
        for (int j = 0; j < probs->cols; j++)
            dz[j] += scale * (p[j] - (j == labels[i] ? 1.0f : 0.0f));
    }
}
//< nn-softmax-xent
