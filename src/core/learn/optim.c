/* optim.c - the parameter block, SGD and Adam. */
#include "optim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/infra/error.h"

void params_create(params *p, size_t count)
{
    p->values = kit_alloc(count, sizeof(float));
    p->grads = kit_alloc(count, sizeof(float));
    p->count = count;
    p->used = 0;
}

void params_free(params *p)
{
    free(p->values);
    free(p->grads);
    *p = (params){0};
}

void params_take(params *p, mat *value, mat *grad, int rows, int cols)
{
    size_t size = (size_t)rows * (size_t)cols;
    CHECK(p->used + size <= p->count, "%zu of %zu floats used, %zu more",
          p->used, p->count, size);
    *value = mat_view(p->values + p->used, rows, cols);
    *grad = mat_view(p->grads + p->used, rows, cols);
    p->used += size;
}

void params_zero_grad(params *p)
{
    memset(p->grads, 0, p->count * sizeof(float));
}

void optim_sgd_step(float *w, const float *g, size_t count, float lr)
{
    for (size_t i = 0; i < count; i++)
        w[i] -= lr * g[i];
}

void adam_init(adam *a, size_t count, float lr)
{
    *a = (adam){.lr = lr, .beta1 = 0.9f, .beta2 = 0.999f, .eps = 1e-8f,
                .count = count};
    a->u = kit_alloc(count, sizeof(float));
    a->v = kit_alloc(count, sizeof(float));
}

void adam_free(adam *a)
{
    free(a->u);
    free(a->v);
    a->u = a->v = NULL;
}

//> adam-step
void adam_step(adam *a, params *p)
{
    CHECK(p->count == a->count, "adam for %zu parameters, given %zu",
          a->count, p->count);
    a->step++;
    /* Both averages start at zero; dividing by 1 - beta^t undoes the bias
     * that gives them in the first steps. */
    const float beta1 = a->beta1, beta2 = a->beta2, eps = a->eps;
    const float correct1 = 1.0f - powf(beta1, (float)a->step);
    const float correct2 = 1.0f - powf(beta2, (float)a->step);
    const float step = a->lr / correct1, scale = 1.0f / sqrtf(correct2);
    /* Local copies, restrict pointers: the compiler may then assume that
     * writing a weight changes neither beta1 nor another array, and runs
     * the loop in vector registers. */
    float *restrict w = p->values, *restrict u = a->u, *restrict v = a->v;
    const float *restrict g = p->grads;
    for (size_t i = 0; i < a->count; i++) {
        u[i] = beta1 * u[i] + (1.0f - beta1) * g[i];
        v[i] = beta2 * v[i] + (1.0f - beta2) * g[i] * g[i];
        /* w -= lr * u_hat / (sqrt(v_hat) + eps), with u_hat = u / correct1
         * and sqrt(v_hat) = sqrt(v) * scale. */
        w[i] -= step * u[i] / (sqrtf(v[i]) * scale + eps);
    }
}
//< adam-step
