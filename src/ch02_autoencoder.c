/* ch02_autoencoder.c - given code of chapter 02: the network, its
 * training, and the pictures.
 *
 * Dimensions: n = images, d = pixels, h = hidden units, m = code size.
 *
 * The forward and backward passes are your exercises (encoder_forward,
 * decoder_forward, recon_loss, ae_backward); this file calls them.
 */
#include "ch02_autoencoder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/infra/error.h"
#include "core/learn/batches.h"
#include "core/learn/checkpoint.h"
#include "core/learn/nn.h"
#include "core/learn/training.h"

/* ---- The network ------------------------------------------------------ */

/* An activation matrix and its width, so that all fourteen can be made
 * and freed by one loop. */
typedef struct activation {
    mat *matrix;
    int cols;
} activation;

#define ACTIVATIONS 14

static void list_activations(autoencoder *ae, activation out[ACTIVATIONS])
{
    int d = ae->d, h = ae->h, m = ae->m;
    activation list[ACTIVATIONS] = {
        {&ae->pre1, h},  {&ae->h1, h},   {&ae->z, m},      {&ae->pre3, h},
        {&ae->h3, h},    {&ae->pre4, d}, {&ae->xhat, d},   {&ae->dpre1, h},
        {&ae->dh1, h},   {&ae->dz, m},   {&ae->dpre3, h},  {&ae->dh3, h},
        {&ae->dpre4, d}, {&ae->dxhat, d}};
    memcpy(out, list, sizeof list);
}

void ae_create(autoencoder *ae, int d, int h, int m, int batch, rng *r)
{
    memset(ae, 0, sizeof *ae);
    ae->d = d, ae->h = h, ae->m = m, ae->batch = batch;
    /* Four dense layers, d -> h -> m -> h -> d, weights and biases. */
    params_create(&ae->p, (size_t)(d + 1) * h + (size_t)(h + 1) * m +
                              (size_t)(m + 1) * h + (size_t)(h + 1) * d);
    params_take(&ae->p, &ae->W1, &ae->dW1, d, h);
    params_take(&ae->p, &ae->b1, &ae->db1, 1, h);
    params_take(&ae->p, &ae->W2, &ae->dW2, h, m);
    params_take(&ae->p, &ae->b2, &ae->db2, 1, m);
    params_take(&ae->p, &ae->W3, &ae->dW3, m, h);
    params_take(&ae->p, &ae->b3, &ae->db3, 1, h);
    params_take(&ae->p, &ae->W4, &ae->dW4, h, d);
    params_take(&ae->p, &ae->b4, &ae->db4, 1, d);
    mat *weights[] = {&ae->W1, &ae->W2, &ae->W3, &ae->W4};
    for (int i = 0; i < 4; i++)
        nn_init_he(weights[i], r); /* biases start at zero */
    activation list[ACTIVATIONS];
    list_activations(ae, list);
    for (int i = 0; i < ACTIVATIONS; i++)
        *list[i].matrix = mat_create(batch, list[i].cols);
}

void ae_free(autoencoder *ae)
{
    activation list[ACTIVATIONS];
    list_activations(ae, list);
    for (int i = 0; i < ACTIVATIONS; i++)
        mat_free(list[i].matrix);
    params_free(&ae->p);
}

/* The first n rows of an activation. The given code says n itself rather
 * than trusting ae->rows, so that it works even before the exercises do. */
static mat first(const mat *activation, int n)
{
    return mat_rows(activation, 0, n);
}

//> train-step
float ae_train_step(autoencoder *ae, adam *opt, const mat *x)
{
    encoder_forward(ae, x);
    mat z = first(&ae->z, x->rows);
    decoder_forward(ae, &z);
    mat xhat = first(&ae->xhat, x->rows);
    mat dxhat = first(&ae->dxhat, x->rows);
    float loss = recon_loss(&dxhat, &xhat, x);
    params_zero_grad(&ae->p);
    ae_backward(ae, x);
    adam_step(opt, &ae->p);
    return loss;
}
//< train-step

/* The network holds activations for one batch, so big inputs go through
 * in pieces of ae->batch rows. */
float ae_test_error(autoencoder *ae, const mat *x)
{
    double total = 0;
    batches b;
    batches_create(&b, x->rows, ae->batch);
    while (batches_next(&b)) {
        mat part = mat_rows(x, b.first, b.count);
        encoder_forward(ae, &part);
        mat z = first(&ae->z, part.rows);
        decoder_forward(ae, &z);
        mat xhat = first(&ae->xhat, part.rows);
        mat dxhat = first(&ae->dxhat, part.rows);
        total += (double)recon_loss(&dxhat, &xhat, &part) * part.rows;
    }
    batches_free(&b);
    return x->rows > 0 ? (float)(total / x->rows) : 0.0f;
}

static void encode_rows(void *net, const mat *images, mat *codes)
{
    autoencoder *ae = net;
    encoder_forward(ae, images);
    mat z = first(&ae->z, images->rows);
    mat_copy(codes, &z);
}

void ae_encode(autoencoder *ae, const mat *x, mat *codes)
{
    batches_map(x, ae->batch, codes, encode_rows, ae);
}

static void decode_rows(void *net, const mat *codes, mat *images)
{
    autoencoder *ae = net;
    decoder_forward(ae, codes);
    mat xhat = first(&ae->xhat, codes->rows);
    mat_copy(images, &xhat);
}

void ae_decode(autoencoder *ae, const mat *codes, mat *images)
{
    batches_map(codes, ae->batch, images, decode_rows, ae);
}

int ae_save_encoder(const autoencoder *ae, const char *path)
{
    const mat *W[] = {&ae->W1, &ae->W2}, *b[] = {&ae->b1, &ae->b2};
    const net_activation act[] = {NET_RELU, NET_LINEAR};
    return checkpoint_save_layers(2, W, b, act, path);
}

int ae_save_decoder(const autoencoder *ae, const char *path)
{
    const mat *W[] = {&ae->W3, &ae->W4}, *b[] = {&ae->b3, &ae->b4};
    const net_activation act[] = {NET_RELU, NET_SIGMOID};
    return checkpoint_save_layers(2, W, b, act, path);
}

/* ---- Training --------------------------------------------------------- */

/* What each training step needs: the network, its optimiser, and room
 * for a batch of images. */
typedef struct ae_stepping {
    autoencoder *ae;
    adam opt;
    const mat *train;
    mat batch;
} ae_stepping;

static double ae_batch_step(void *ctx, const batches *order)
{
    ae_stepping *s = ctx;
    batches_gather(order, &s->batch, s->train);
    mat x = mat_rows(&s->batch, 0, order->count);
    return ae_train_step(s->ae, &s->opt, &x);
}

const history_column ae_history[4] = {
    {"m", 0}, {"epoch", 0}, {"train", 6}, {"test", 6}};

float ae_train(autoencoder *ae, const ae_plan *plan, const mat *train,
               const mat *test, rng *r)
{
    ae_stepping s = {.ae = ae, .train = train,
                     .batch = mat_create(ae->batch, ae->d)};
    adam_init(&s.opt, ae->p.count, plan->lr);
    char label[32];
    snprintf(label, sizeof label, "m = %d", ae->m);
    training t;
    training_start(&t, train->rows, ae->batch, plan->epochs, label, "images");
    float test_error = 0, train_error = 0;
    for (int epoch = 1; epoch <= plan->epochs; epoch++) {
        train_error = (float)training_epoch(&t, r, ae_batch_step, &s);
        test_error = ae_test_error(ae, test);
        history_add(plan->history,
                    (double[]){ae->m, epoch, train_error, test_error});
    }
    training_finish(&t, train_error);
    adam_free(&s.opt);
    mat_free(&s.batch);
    return test_error;
}
