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
    // BEGIN SOLUTION ch01.1
    for (int i = 0; i < x->rows; i++) {
        for (int j = 0; j < W->cols; j++) {
            float sum = mat_get(b, 0, j);
            for (int p = 0; p < x->cols; p++)
                sum += mat_get(x, i, p) * mat_get(W, p, j);
            mat_set(y, i, j, sum);
        }
    }
    //stub: (void)y, (void)x, (void)W, (void)b;
    // END SOLUTION
}
//< dense-forward

//> relu-forward
void relu_forward(mat *y, const mat *x)
{
    // BEGIN SOLUTION ch01.2
    for (size_t i = 0; i < mat_size(x); i++)
        y->data[i] = x->data[i] > 0 ? x->data[i] : 0;
    //stub: (void)y, (void)x;
    // END SOLUTION
}
//< relu-forward

//> softmax-xent
float softmax_xent(mat *dlogits, const mat *logits, const int *labels)
{
    // BEGIN SOLUTION ch01.3
    int n = logits->rows, classes = logits->cols;
    double total = 0;
    for (int i = 0; i < n; i++) {
        const float *z = mat_row(logits, i);
        float *dz = mat_row(dlogits, i);
        float top = z[0];
        for (int j = 1; j < classes; j++)
            top = z[j] > top ? z[j] : top;
        /* exp(z - top) <= 1 cannot overflow, and one term equals 1. */
        float sum = 0;
        for (int j = 0; j < classes; j++) {
            dz[j] = expf(z[j] - top);
            sum += dz[j];
        }
        total += logf(sum) - (z[labels[i]] - top);
        for (int j = 0; j < classes; j++)
            dz[j] = (dz[j] / sum - (j == labels[i])) / (float)n;
    }
    return n > 0 ? (float)(total / n) : 0.0f;
    //stub: (void)dlogits, (void)logits, (void)labels;
    //stub: return 0.0f;
    // END SOLUTION
}
//< softmax-xent

//> dense-backward
void dense_backward(mat *dx, mat *dW, mat *db, const mat *dy, const mat *x,
                    const mat *W)
{
    // BEGIN SOLUTION ch01.4
    /* y[i][j] = b[j] + sum_p x[i][p] W[p][j], so dy[i][j] reaches b[j],
     * every x[i][p] (times W[p][j]) and every W[p][j] (times x[i][p]). */
    for (int i = 0; i < x->rows; i++) {
        for (int j = 0; j < W->cols; j++) {
            float g = mat_get(dy, i, j);
            mat_inc(db, 0, j, g);
            for (int p = 0; p < x->cols; p++) {
                mat_inc(dx, i, p, g * mat_get(W, p, j));
                mat_inc(dW, p, j, g * mat_get(x, i, p));
            }
        }
    }
    //stub: (void)dx, (void)dW, (void)db, (void)dy, (void)x, (void)W;
    // END SOLUTION
}
//< dense-backward

//> relu-backward
void relu_backward(mat *dx, const mat *dy, const mat *x)
{
    // BEGIN SOLUTION ch01.5
    for (size_t i = 0; i < mat_size(x); i++)
        if (x->data[i] > 0)
            dx->data[i] += dy->data[i];
    //stub: (void)dx, (void)dy, (void)x;
    // END SOLUTION
}
//< relu-backward

//> sgd-step
void sgd_step(float *w, const float *dw, size_t count, float lr)
{
    // BEGIN SOLUTION ch01.6
    for (size_t i = 0; i < count; i++)
        w[i] -= lr * dw[i];
    //stub: (void)w, (void)dw, (void)count, (void)lr;
    // END SOLUTION
}
//< sgd-step
