/* net.c - forward and backward through a stack of dense layers. */
#include "net.h"

#include <string.h>

#include "core/infra/error.h"
#include "core/learn/batches.h"
#include "core/learn/nn.h"

const net_kernels net_kit_kernels = {
    nn_dense_forward, nn_dense_backward, nn_relu_forward, nn_relu_backward,
    nn_sigmoid_forward, nn_sigmoid_backward};

void net_create(net *model, int layers, const int *sizes,
                const net_activation *act, int batch, rng *r)
{
    net_create_on(model, &net_kit_kernels, layers, sizes, act, batch, r);
}

void net_create_on(net *model, const net_kernels *kernels, int layers,
                   const int *sizes, const net_activation *act, int batch,
                   rng *r)
{
    CHECK(layers >= 1 && layers <= NET_MAX_LAYERS, "%d layers", layers);
    CHECK(batch >= 1, "batches of %d rows", batch);
    memset(model, 0, sizeof *model);
    model->kernels = kernels;
    model->layers = layers;
    model->batch = batch;
    size_t count = 0;
    for (int l = 0; l < layers; l++) {
        model->act[l] = act[l];
        CHECK(sizes[l] >= 1 && sizes[l + 1] >= 1, "layer %d: %d -> %d", l,
              sizes[l], sizes[l + 1]);
        count += (size_t)(sizes[l] + 1) * (size_t)sizes[l + 1];
        CHECK(act[l] != NET_SIGMOID ||
                  (kernels->sigmoid_forward && kernels->sigmoid_backward),
              "a sigmoid layer on kernels without one");
    }
    memcpy(model->sizes, sizes, (size_t)(layers + 1) * sizeof(int));
    params_create(&model->p, count);
    for (int l = 0; l < layers; l++) {
        int in = sizes[l], out = sizes[l + 1];
        params_take(&model->p, &model->W[l], &model->dW[l], in, out);
        params_take(&model->p, &model->b[l], &model->db[l], 1, out);
        if (r)
            nn_init_he(&model->W[l], r);
        model->pre[l] = mat_create(batch, out);
        model->out[l] = mat_create(batch, out);
        model->dpre[l] = mat_create(batch, out);
        model->dout[l] = mat_create(batch, out);
    }
    model->dx = mat_create(batch, sizes[0]);
}

void net_free(net *model)
{
    for (int l = 0; l < model->layers; l++) {
        mat_free(&model->pre[l]);
        mat_free(&model->out[l]);
        mat_free(&model->dpre[l]);
        mat_free(&model->dout[l]);
    }
    mat_free(&model->dx);
    params_free(&model->p);
}

/* The first rows of one of the network's activation matrices: the part
 * a forward pass of that many rows fills. */
static mat first_rows(const mat *a, int rows)
{
    return mat_rows(a, 0, rows);
}

mat net_layer_output(const net *model, int l)
{
    return first_rows(&model->out[l], model->rows);
}

typedef struct layer_of {
    net *model;
    int l;
} layer_of;

static void outputs_of_rows(void *ctx, const mat *rows, mat *out_rows)
{
    layer_of *o = ctx;
    net_forward(o->model, rows);
    mat out = net_layer_output(o->model, o->l);
    mat_copy(out_rows, &out);
}

void net_layer_outputs(net *model, const mat *x, int l, mat *out)
{
    layer_of o = {model, l};
    batches_map(x, model->batch, out, outputs_of_rows, &o);
}

//> net-forward
mat net_forward(net *model, const mat *x)
{
    CHECK(x->rows <= model->batch && x->cols == model->sizes[0],
          "input %d x %d for a network of batch %d and %d inputs", x->rows,
          x->cols, model->batch, model->sizes[0]);
    model->rows = x->rows;
    mat input = *x;
    for (int l = 0; l < model->layers; l++) {
        mat pre = first_rows(&model->pre[l], x->rows);
        mat out = first_rows(&model->out[l], x->rows);
        model->kernels->dense_forward(&pre, &input, &model->W[l],
                                      &model->b[l]);
        if (model->act[l] == NET_RELU)
            model->kernels->relu_forward(&out, &pre);
        else if (model->act[l] == NET_SIGMOID)
            model->kernels->sigmoid_forward(&out, &pre);
        else
            mat_copy(&out, &pre);
        input = out;
    }
    return input;
}
//< net-forward

/* dpre += the gradient through layer l's activation, from dout. */
static void activation_backward(net *model, int l, mat *dpre,
                                const mat *dout)
{
    mat pre = first_rows(&model->pre[l], model->rows);
    mat out = first_rows(&model->out[l], model->rows);
    if (model->act[l] == NET_RELU)
        model->kernels->relu_backward(dpre, dout, &pre);
    else if (model->act[l] == NET_SIGMOID)
        model->kernels->sigmoid_backward(dpre, dout, &out);
    else
        mat_copy(dpre, dout);
}

//> net-backward
void net_backward(net *model, const mat *x, const mat *dy, int want_dx)
{
    int rows = model->rows;
    CHECK(x->rows == rows && dy->rows == rows, "%d and %d rows after a "
          "forward pass of %d", x->rows, dy->rows, rows);
    mat upstream = *dy; /* the gradient of the current layer's output */
    for (int l = model->layers - 1; l >= 0; l--) {
        mat dpre = first_rows(&model->dpre[l], rows);
        mat_fill(&dpre, 0);
        activation_backward(model, l, &dpre, &upstream);
        mat input = l > 0 ? first_rows(&model->out[l - 1], rows) : *x;
        mat dinput = l > 0 ? first_rows(&model->dout[l - 1], rows)
                           : first_rows(&model->dx, rows);
        int need_dinput = l > 0 || want_dx;
        if (need_dinput)
            mat_fill(&dinput, 0);
        model->kernels->dense_backward(need_dinput ? &dinput : NULL,
                                       &model->dW[l], &model->db[l], &dpre,
                                       &input, &model->W[l]);
        upstream = dinput;
    }
}
//< net-backward
