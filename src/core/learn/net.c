/* net.c - forward and backward through a stack of dense layers. */
#include "net.h"

#include <string.h>

#include "core/infra/error.h"
#include "core/learn/batches.h"
#include "core/learn/nn.h"

const net_kernels net_kit_kernels = {
    nn_dense_forward, nn_dense_backward, nn_relu_forward, nn_relu_backward,
    nn_sigmoid_forward, nn_sigmoid_backward};

void net_create(net *n, int layers, const int *sizes,
                const net_activation *act, int batch, rng *r)
{
    net_create_on(n, &net_kit_kernels, layers, sizes, act, batch, r);
}

void net_create_on(net *n, const net_kernels *k, int layers,
                   const int *sizes, const net_activation *act, int batch,
                   rng *r)
{
    CHECK(layers >= 1 && layers <= NET_MAX_LAYERS, "%d layers", layers);
    memset(n, 0, sizeof *n);
    n->k = k;
    n->layers = layers;
    n->batch = batch;
    size_t count = 0;
    for (int l = 0; l < layers; l++) {
        n->act[l] = act[l];
        count += (size_t)(sizes[l] + 1) * (size_t)sizes[l + 1];
        CHECK(act[l] != NET_SIGMOID || k->sigmoid_forward,
              "a sigmoid layer on kernels without one");
    }
    memcpy(n->sizes, sizes, (size_t)(layers + 1) * sizeof(int));
    params_create(&n->p, count);
    for (int l = 0; l < layers; l++) {
        int in = sizes[l], out = sizes[l + 1];
        params_take(&n->p, &n->W[l], &n->dW[l], in, out);
        params_take(&n->p, &n->b[l], &n->db[l], 1, out);
        if (r)
            nn_init_he(&n->W[l], r);
        n->pre[l] = mat_create(batch, out);
        n->out[l] = mat_create(batch, out);
        n->dpre[l] = mat_create(batch, out);
        n->dout[l] = mat_create(batch, out);
    }
    n->dx = mat_create(batch, sizes[0]);
}

void net_free(net *n)
{
    for (int l = 0; l < n->layers; l++) {
        mat_free(&n->pre[l]);
        mat_free(&n->out[l]);
        mat_free(&n->dpre[l]);
        mat_free(&n->dout[l]);
    }
    mat_free(&n->dx);
    params_free(&n->p);
}

/* The first rows of one of the network's activation matrices: the part
 * a forward pass of that many rows fills. */
static mat first_rows(const mat *m, int rows)
{
    return mat_rows(m, 0, rows);
}

mat net_layer_output(const net *n, int l)
{
    return first_rows(&n->out[l], n->rows);
}

typedef struct layer_of {
    net *n;
    int l;
} layer_of;

static void outputs_of_rows(void *ctx, const mat *rows, mat *out_rows)
{
    layer_of *o = ctx;
    net_forward(o->n, rows);
    mat out = net_layer_output(o->n, o->l);
    mat_copy(out_rows, &out);
}

void net_layer_outputs(net *n, const mat *x, int l, mat *out)
{
    layer_of o = {n, l};
    batches_map(x, n->batch, out, outputs_of_rows, &o);
}

//> net-forward
mat net_forward(net *n, const mat *x)
{
    CHECK(x->rows <= n->batch && x->cols == n->sizes[0],
          "input %d x %d for a network of batch %d and %d inputs", x->rows,
          x->cols, n->batch, n->sizes[0]);
    n->rows = x->rows;
    mat input = *x;
    for (int l = 0; l < n->layers; l++) {
        mat pre = first_rows(&n->pre[l], x->rows);
        mat out = first_rows(&n->out[l], x->rows);
        n->k->dense_forward(&pre, &input, &n->W[l], &n->b[l]);
        if (n->act[l] == NET_RELU)
            n->k->relu_forward(&out, &pre);
        else if (n->act[l] == NET_SIGMOID)
            n->k->sigmoid_forward(&out, &pre);
        else
            mat_copy(&out, &pre);
        input = out;
    }
    return input;
}
//< net-forward

/* dpre += the gradient through layer l's activation, from dout. */
static void activation_backward(net *n, int l, mat *dpre, const mat *dout)
{
    mat pre = first_rows(&n->pre[l], n->rows);
    mat out = first_rows(&n->out[l], n->rows);
    if (n->act[l] == NET_RELU)
        n->k->relu_backward(dpre, dout, &pre);
    else if (n->act[l] == NET_SIGMOID)
        n->k->sigmoid_backward(dpre, dout, &out);
    else
        mat_copy(dpre, dout);
}

//> net-backward
void net_backward(net *n, const mat *x, const mat *dy, int want_dx)
{
    int rows = n->rows;
    CHECK(x->rows == rows && dy->rows == rows, "%d and %d rows after a "
          "forward pass of %d", x->rows, dy->rows, rows);
    mat upstream = *dy; /* the gradient of the current layer's output */
    for (int l = n->layers - 1; l >= 0; l--) {
        mat dpre = first_rows(&n->dpre[l], rows);
        mat_fill(&dpre, 0);
        activation_backward(n, l, &dpre, &upstream);
        mat input = l > 0 ? first_rows(&n->out[l - 1], rows) : *x;
        mat dinput = l > 0 ? first_rows(&n->dout[l - 1], rows)
                           : first_rows(&n->dx, rows);
        int need_dinput = l > 0 || want_dx;
        if (need_dinput)
            mat_fill(&dinput, 0);
        n->k->dense_backward(need_dinput ? &dinput : NULL, &n->dW[l],
                             &n->db[l], &dpre, &input, &n->W[l]);
        upstream = dinput;
    }
}
//< net-backward
