/* optim.h - where a model keeps its parameters, and how it updates them.
 *
 * A model's parameters live in one block of floats, with a second block of
 * the same layout for their gradients. Each weight matrix is a view into the
 * block, so one optimiser step walks one flat array:
 *
 *     params p;
 *     params_create(&p, count);                // count = all the floats
 *     params_take(&p, &W1, &dW1, d, h);        // W1, dW1: views, d x h
 *     ...
 *     params_zero_grad(&p);  forward; backward;  adam_step(&opt, &p);
 */
#ifndef KIT_OPTIM_H
#define KIT_OPTIM_H

#include <stddef.h>

#include "core/learn/mat.h"

typedef struct params {
    float *values; /* count floats: every parameter of the model */
    float *grads;  /* count floats: their gradients, same layout */
    size_t count;  /* floats in each block */
    size_t used;   /* floats handed out by params_take so far */
} params;

void params_create(params *p, size_t count);
void params_free(params *p);

/* Hands out the next rows x cols floats as a value matrix and its
 * gradient. */
void params_take(params *p, mat *value, mat *grad, int rows, int cols);

void params_zero_grad(params *p);

/* w -= lr * g, for count floats. */
void optim_sgd_step(float *w, const float *g, size_t count, float lr);

/* Adam (Kingma and Ba, 2015): steps scaled by running averages of the
 * gradient (u) and of its square (v), corrected for their zero start. */
typedef struct adam {
    float lr, beta1, beta2, eps;
    long step;    /* steps taken so far */
    size_t count; /* parameters */
    float *u, *v;
} adam;

/* Adam for count parameters, with the usual beta1 0.9, beta2 0.999, eps
 * 1e-8. */
void adam_init(adam *a, size_t count, float lr);
void adam_free(adam *a);

/* One step on all the parameters of p (which must have a->count of them). */
void adam_step(adam *a, params *p);

#endif
