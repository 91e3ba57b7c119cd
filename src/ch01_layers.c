/* ch01_layers.c - given code of chapter 01: data, network, training.
 *
 * Dimensions: n = points in a batch, N = points of a data set, d = input
 * features, h = output features of a layer, c = classes.
 *
 * The network calls only your exercise functions (dense_forward,
 * relu_forward, softmax_xent, sgd_step and their backward passes), so what
 * it learns is what your code learns.
 */
#include "ch01_layers.h"

#include <math.h>
#include <stdlib.h>

#include "core/infra/error.h"
#include "core/infra/progress.h"
#include "core/learn/batches.h"
#include "core/learn/nn.h"
#include "core/learn/training.h"

#define PI 3.14159265f

/* ---- Data sets -------------------------------------------------------- */

static void dataset_create(dataset *ds, const char *name, int count,
                           int classes)
{
    ds->name = name;
    ds->x = mat_create(count, 2);
    ds->labels = kit_alloc((size_t)count, sizeof(int));
    ds->classes = classes;
}

void dataset_free(dataset *ds)
{
    mat_free(&ds->x);
    free(ds->labels);
    ds->labels = NULL;
}

//> spirals
void make_spirals(dataset *ds, int count, float noise, rng *r)
{
    dataset_create(ds, "spirals", count, 2);
    for (int i = 0; i < count; i++) {
        /* t runs from the centre outwards along one and three-quarter
         * turns; the second spiral is the first turned by half a turn. */
        int label = i % 2;
        float t = rng_uniform(r);
        float angle = 3.5f * PI * t + PI * (float)label;
        float radius = 0.1f + 0.9f * t;
        mat_set(&ds->x, i, 0, radius * cosf(angle) + noise * rng_normal(r));
        mat_set(&ds->x, i, 1, radius * sinf(angle) + noise * rng_normal(r));
        ds->labels[i] = label;
    }
}
//< spirals

void make_rings(dataset *ds, int count, float noise, rng *r)
{
    dataset_create(ds, "rings", count, 3);
    for (int i = 0; i < count; i++) {
        int label = i % 3;
        float angle = 2.0f * PI * rng_uniform(r);
        float radius = 0.2f + 0.4f * (float)label + noise * rng_normal(r);
        mat_set(&ds->x, i, 0, radius * cosf(angle));
        mat_set(&ds->x, i, 1, radius * sinf(angle));
        ds->labels[i] = label;
    }
}

/* ---- The network ------------------------------------------------------ */

/* The network runs on your layers: what it learns, your code learns. */
static const net_kernels exercise_kernels = {
    dense_forward, dense_backward, relu_forward, relu_backward, NULL, NULL};

void classifier_create(net *model, int hidden_layers, int width,
                       int classes, int batch, rng *r)
{
    CHECK(hidden_layers >= 1 && hidden_layers <= CLASSIFIER_MAX_HIDDEN,
          "%d hidden layers", hidden_layers);
    int sizes[NET_MAX_LAYERS + 1] = {2};
    net_activation act[NET_MAX_LAYERS];
    for (int l = 1; l <= hidden_layers; l++) {
        sizes[l] = width;
        act[l - 1] = NET_RELU;
    }
    int embedding = hidden_layers; /* a code of m = 2, then the classes */
    sizes[embedding + 1] = 2;
    sizes[embedding + 2] = classes;
    act[embedding] = act[embedding + 1] = NET_LINEAR;
    net_create_on(model, &exercise_kernels, hidden_layers + 2, sizes, act,
                  batch, r);
}

int embedding_layer(const net *model)
{
    return model->layers - 2;
}

/* ---- Training --------------------------------------------------------- */

const history_column classifier_history[3] = {
    {"epoch", 0}, {"loss", 6}, {"accuracy", 4}};

//> train-step
/* One step of mini-batch SGD on the n points of x; returns their mean
 * loss. dlogits: room for n x c. */
static float train_step(net *model, const mat *x, const int *labels,
                        mat *dlogits, float lr)
{
    mat logits = net_forward(model, x);
    float loss = softmax_xent(dlogits, &logits, labels);
    params_zero_grad(&model->p);
    net_backward(model, x, dlogits, 1); /* your dense_backward wants a dx */
    sgd_step(model->p.values, model->p.grads, model->p.count, lr);
    return loss;
}
//< train-step

/* What a training run keeps between steps. */
typedef struct trainer {
    net *model;
    const dataset *ds;
    float lr;
    mat x;         /* batch x 2: the points of one step */
    int *labels;   /* batch: their classes */
    mat dlogits;   /* batch x c: the gradient of their scores */
    mat logits, dall; /* N x c: for evaluating the whole data set */
} trainer;

static void trainer_create(trainer *t, net *model, const dataset *ds,
                           const classifier_plan *plan)
{
    int count = ds->x.rows; /* N, the points of the whole data set */
    *t = (trainer){.model = model, .ds = ds, .lr = plan->lr};
    t->x = mat_create(model->batch, 2);
    t->labels = kit_alloc((size_t)model->batch, sizeof(int));
    t->dlogits = mat_create(model->batch, ds->classes);
    t->logits = mat_create(count, ds->classes);
    t->dall = mat_create(count, ds->classes);
}

static void trainer_free(trainer *t)
{
    free(t->labels);
    mat *all[] = {&t->x, &t->dlogits, &t->logits, &t->dall};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        mat_free(all[i]);
}

/* One step on the batch of points the order names. */
static double classifier_step(void *ctx, const batches *order)
{
    trainer *t = ctx;
    batches_gather(order, &t->x, &t->ds->x);
    batches_gather_labels(order, t->labels, t->ds->labels);
    mat x = mat_rows(&t->x, 0, order->count);
    mat dlogits = mat_rows(&t->dlogits, 0, order->count);
    return train_step(t->model, &x, t->labels, &dlogits, t->lr);
}

/* Mean loss and accuracy over the whole data set. */
static void evaluate(trainer *t, net *model, const dataset *ds,
                     float *loss, float *accuracy)
{
    int rows = ds->x.rows, correct = 0;
    net_layer_outputs(model, &ds->x, model->layers - 1, &t->logits);
    *loss = softmax_xent(&t->dall, &t->logits, ds->labels);
    for (int i = 0; i < rows; i++)
        correct += mat_argmax_row(&t->logits, i) == ds->labels[i];
    *accuracy = rows > 0 ? (float)correct / (float)rows : 0;
}

float classifier_train(net *model, const dataset *ds,
                       const classifier_plan *plan, rng *r)
{
    trainer t;
    trainer_create(&t, model, ds, plan);
    training run;
    training_start(&run, ds->x.rows, model->batch, plan->epochs, ds->name,
                   "points");
    float loss = 0, accuracy = 0;
    for (int epoch = 0; epoch <= plan->epochs; epoch++) {
        if (epoch > 0) /* epoch 0 measures the untrained network */
            training_epoch(&run, r, classifier_step, &t);
        evaluate(&t, model, ds, &loss, &accuracy);
        history_add(plan->history, (double[]){epoch, loss, accuracy});
        if (plan->after_epoch)
            plan->after_epoch(plan->ctx, model, epoch);
    }
    training_finish(&run, loss);
    trainer_free(&t);
    return accuracy;
}

void classify(net *model, const mat *points, int *predicted,
              float *confidence)
{
    int classes = model->sizes[model->layers];
    mat logits = mat_create(points->rows, classes);
    mat probs = mat_create(points->rows, classes);
    net_layer_outputs(model, points, model->layers - 1, &logits);
    nn_softmax_forward(&probs, &logits);
    for (int i = 0; i < points->rows; i++) {
        predicted[i] = mat_argmax_row(&logits, i);
        confidence[i] = mat_get(&probs, i, predicted[i]);
    }
    mat_free(&logits);
    mat_free(&probs);
}

void classify_embedding(const net *model, const mat *z, int *predicted)
{
    int last = model->layers - 1; /* the classifier: one dense layer */
    mat logits = mat_create(z->rows, model->sizes[model->layers]);
    dense_forward(&logits, z, &model->W[last], &model->b[last]);
    for (int i = 0; i < z->rows; i++)
        predicted[i] = mat_argmax_row(&logits, i);
    mat_free(&logits);
}

/* ---- One dimension: a sum of kinks ------------------------------------ */

static float curve(float x)
{
    return sinf(1.6f * x) + 0.3f * x;
}

/* A 1 -> units -> 1 ReLU network whose unit j bends at x = -b1[j] / W1[j]:
 * the bends start spread over the interval, so that every unit has a
 * piece of the curve to fit. */
static void kinks_create(net *model, int units, int points, rng *r)
{
    net_create_on(model, &exercise_kernels, 2, (int[]){1, units, 1},
                  (net_activation[]){NET_RELU, NET_LINEAR}, points, NULL);
    for (int j = 0; j < units; j++) {
        float w = rng_uniform(r) < 0.5f ? -1.0f : 1.0f;
        float bend = -3.0f + 6.0f * rng_uniform(r);
        mat_set(&model->W[0], 0, j, w);
        mat_set(&model->b[0], 0, j, -w * bend);
        mat_set(&model->W[1], j, 0, 0.3f * rng_normal(r));
    }
}

/* The mean squared error of the fit y, and its gradient in dy. */
static float squared_error(mat *dy, const mat *y, const mat *target)
{
    int n = y->rows;
    float loss = 0;
    for (int i = 0; i < n; i++) {
        float e = y->data[i] - target->data[i];
        loss += e * e / (float)n;
        dy->data[i] = 2.0f * e / (float)n;
    }
    return loss;
}

void fit_curve_1d(curve_fit *f, int units, int steps, float lr, rng *r)
{
    CHECK(units >= 1 && units <= 64, "%d units", units);
    const int points = 200;
    net model;
    kinks_create(&model, units, points, r);
    f->x = mat_create(points, 1);
    f->target = mat_create(points, 1);
    for (int i = 0; i < points; i++) {
        f->x.data[i] = -3.0f + 6.0f * (float)i / (float)(points - 1);
        f->target.data[i] = curve(f->x.data[i]);
    }
    mat dy = mat_create(points, 1);
    progress p;
    progress_start(&p, "1-D fit", steps, "points", points);
    float loss = 0;
    for (int step = 1; step <= steps; step++) {
        mat y = net_forward(&model, &f->x);
        loss = squared_error(&dy, &y, &f->target);
        params_zero_grad(&model.p);
        net_backward(&model, &f->x, &dy, 1);
        sgd_step(model.p.values, model.p.grads, model.p.count, lr);
        progress_update(&p, step, loss);
    }
    progress_finish(&p, loss);
    mat y = net_forward(&model, &f->x); /* the mapping after the last step */
    f->fit = mat_create(points, 1);
    mat_copy(&f->fit, &y);
    /* Unit j adds its ReLU output times its outgoing weight. */
    mat h = net_layer_output(&model, 0);
    f->shares = mat_create(points, units);
    for (int i = 0; i < points; i++)
        for (int j = 0; j < units; j++)
            mat_set(&f->shares, i, j, mat_get(&h, i, j) *
                                          mat_get(&model.W[1], j, 0));
    mat_free(&dy);
    net_free(&model);
}

void curve_fit_free(curve_fit *f)
{
    mat *all[] = {&f->x, &f->target, &f->fit, &f->shares};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        mat_free(all[i]);
}
