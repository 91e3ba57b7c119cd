/* autoencoder.c - chapter 02's auto-encoder on the kit's network. */
#include "autoencoder.h"

#include "core/learn/batches.h"
#include "core/learn/optim.h"
#include "core/learn/training.h"

void baseline_autoencoder_create(net *model, int d, int h, int m, int batch,
                                 rng *r)
{
    int sizes[] = {d, h, m, h, d};
    net_activation act[] = {NET_RELU, NET_LINEAR, NET_RELU, NET_SIGMOID};
    net_create(model, 4, sizes, act, batch, r);
}

/* The mean squared error of xhat against x, and its gradient in dxhat. */
static float squared_error(mat *dxhat, const mat *xhat, const mat *x)
{
    size_t count = mat_size(x);
    double sum = 0;
    for (size_t i = 0; i < count; i++) {
        float error = xhat->data[i] - x->data[i];
        sum += (double)error * error;
        dxhat->data[i] = 2.0f * error / (float)count;
    }
    return count > 0 ? (float)(sum / (double)count) : 0.0f;
}

/* What the training steps keep from one batch to the next. */
typedef struct stepping {
    net *model;
    adam opt;
    const mat *train;
    mat batch, dxhat;
} stepping;

static double baseline_step(void *ctx, const batches *order)
{
    stepping *s = ctx;
    batches_gather(order, &s->batch, s->train);
    mat x = mat_rows(&s->batch, 0, order->count);
    mat dxhat = mat_rows(&s->dxhat, 0, order->count);
    mat xhat = net_forward(s->model, &x);
    float loss = squared_error(&dxhat, &xhat, &x);
    params_zero_grad(&s->model->p);
    net_backward(s->model, &x, &dxhat, 0);
    adam_step(&s->opt, &s->model->p);
    return loss;
}

float baseline_autoencoder_train(net *model, int epochs, float lr,
                                 const mat *train, rng *r)
{
    stepping s = {.model = model, .train = train,
                  .batch = mat_create(model->batch, train->cols),
                  .dxhat = mat_create(model->batch, train->cols)};
    adam_init(&s.opt, model->p.count, lr);
    training t;
    training_start(&t, train->rows, model->batch, epochs,
                   "chapter 02 auto-encoder", "images");
    double loss = 0;
    for (int epoch = 0; epoch < epochs; epoch++)
        loss = training_epoch(&t, r, baseline_step, &s);
    training_finish(&t, loss);
    adam_free(&s.opt);
    mat_free(&s.batch);
    mat_free(&s.dxhat);
    return (float)loss;
}
