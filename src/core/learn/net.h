/* net.h - a stack of dense layers, forward and backward in one call.
 *
 * A network is a list of layer sizes and the activation after each layer.
 * It runs on kernels: the kit's own (nn.h), or in chapter 01 the
 * student's dense and ReLU layers, so that what the network learns there
 * is what the student's code learns. Chapter 02 builds its auto-encoder
 * layer by layer, as exercises; from chapter 03 on the kit builds its
 * networks with this.
 *
 *     int sizes[] = {1568, 256, 64, 256, 784};
 *     net_activation acts[] = {NET_RELU, NET_LINEAR, NET_RELU, NET_SIGMOID};
 *     net model;
 *     net_create(&model, 4, sizes, acts, 64, &r);
 *     mat y = net_forward(&model, &x);       // x: n x 1568, n <= 64
 *     ... dy = gradient of the loss with respect to y ...
 *     params_zero_grad(&model.p);
 *     net_backward(&model, &x, &dy, 0);      // fills model.p.grads
 *
 * Dimensions: n = examples in a batch (its rows), sizes[l] = features into
 * layer l, sizes[l + 1] = features out of it.
 */
#ifndef KIT_NET_H
#define KIT_NET_H

#include "core/learn/mat.h"
#include "core/learn/optim.h"
#include "core/learn/rng.h"

#define NET_MAX_LAYERS 8

typedef enum net_activation {
    NET_LINEAR,  /* none: the layer's output is x W + b */
    NET_RELU,    /* max(0, x W + b) */
    NET_SIGMOID, /* 1 / (1 + exp(-(x W + b))) */
} net_activation;

/* The layers' arithmetic. dense_backward adds to its gradients, and gets
 * dx = NULL for the first layer when net_backward is not asked for the
 * gradient of the input: kernels that need a dx run with want_dx. A
 * network with sigmoid layers needs the sigmoid's kernels. */
typedef struct net_kernels {
    void (*dense_forward)(mat *y, const mat *x, const mat *W, const mat *b);
    void (*dense_backward)(mat *dx, mat *dW, mat *db, const mat *dy,
                           const mat *x, const mat *W);
    void (*relu_forward)(mat *y, const mat *x);
    void (*relu_backward)(mat *dx, const mat *dy, const mat *x);
    void (*sigmoid_forward)(mat *y, const mat *x);
    void (*sigmoid_backward)(mat *dx, const mat *dy, const mat *y);
} net_kernels;

/* The kit's kernels, which net_create chooses. */
extern const net_kernels net_kit_kernels;

typedef struct net {
    const net_kernels *kernels;      /* what computes each layer */
    int layers;                      /* dense layers */
    int sizes[NET_MAX_LAYERS + 1];   /* features before and after each */
    net_activation act[NET_MAX_LAYERS];
    int batch;                       /* rows the activations have room for */
    int rows;                        /* rows of the last forward pass */
    params p;                        /* every weight and bias, one block */
    mat W[NET_MAX_LAYERS], b[NET_MAX_LAYERS];
    mat dW[NET_MAX_LAYERS], db[NET_MAX_LAYERS];
    mat pre[NET_MAX_LAYERS], out[NET_MAX_LAYERS];   /* batch x sizes[l+1] */
    mat dpre[NET_MAX_LAYERS], dout[NET_MAX_LAYERS];
    mat dx; /* batch x sizes[0]: the gradient of the input, if asked for */
} net;

/* A network of `layers` dense layers on the kit's kernels, biases zero
 * and weights He-initialised (all zero when r is NULL, for a caller that
 * sets its own). */
void net_create(net *model, int layers, const int *sizes,
                const net_activation *act, int batch, rng *r);

/* The same network on other kernels. */
void net_create_on(net *model, const net_kernels *kernels, int layers,
                   const int *sizes, const net_activation *act, int batch,
                   rng *r);
void net_free(net *model);

/* Runs the rows of x (at most model->batch) through the network; returns a
 * view of the output, rows x sizes[layers]. */
mat net_forward(net *model, const mat *x);

/* The output of layer l (0 .. layers-1) in the last forward pass. */
mat net_layer_output(const net *model, int l);

/* The output of layer l for every row of x (out: x->rows rows), run
 * through the network a batch at a time. */
void net_layer_outputs(net *model, const mat *x, int l, mat *out);

/* Back-propagates dy, the gradient of the loss with respect to the output
 * of the last forward pass of x, adding the parameter gradients to
 * model->p.grads (clear them first). With want_dx, the gradient with respect
 * to x is left in the first rows of model->dx. */
void net_backward(net *model, const mat *x, const mat *dy, int want_dx);

#endif
