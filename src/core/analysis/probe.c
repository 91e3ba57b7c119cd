/* probe.c - softmax regression on standardised features. */
#include "probe.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/infra/error.h"
#include "core/learn/batches.h"
#include "core/learn/net.h"
#include "core/learn/nn.h"
#include "core/learn/training.h"

/* Per-feature mean and 1 / standard deviation of the rows of x. */
static void feature_scale(const mat *x, mat *mean, mat *inverse_std)
{
    int d = x->cols;
    *mean = mat_create(1, d);
    *inverse_std = mat_create(1, d);
    for (int j = 0; j < d; j++) {
        double sum = 0, sum2 = 0;
        for (int i = 0; i < x->rows; i++) {
            double v = mat_get(x, i, j);
            sum += v;
            sum2 += v * v;
        }
        double mu = sum / x->rows, var = sum2 / x->rows - mu * mu;
        mean->data[j] = (float)mu;
        /* A feature that never changes tells nothing: weight 0. */
        inverse_std->data[j] = var > 1e-12 ? (float)(1.0 / sqrt(var)) : 0;
    }
}

/* Copies the rows of this batch of x, standardised, into batch. */
static void standard_rows(mat *batch, const batches *b, const mat *x,
                          const mat *mean, const mat *scale)
{
    for (int i = 0; i < b->count; i++) {
        const float *row = mat_row(x, batches_row(b, i));
        float *into = mat_row(batch, i);
        for (int j = 0; j < x->cols; j++)
            into[j] = (row[j] - mean->data[j]) * scale->data[j];
    }
}

/* What the probe's training steps keep from one batch to the next. */
typedef struct probing {
    net *model;
    adam opt;
    const mat *train, *mean, *scale;
    const int *labels;
    int *batch_labels;
    mat batch, probs, dlogits;
} probing;

static double probe_step(void *ctx, const batches *order)
{
    probing *p = ctx;
    mat x = mat_rows(&p->batch, 0, order->count);
    mat probs = mat_rows(&p->probs, 0, order->count);
    mat dlogits = mat_rows(&p->dlogits, 0, order->count);
    standard_rows(&x, order, p->train, p->mean, p->scale);
    batches_gather_labels(order, p->batch_labels, p->labels);
    mat logits = net_forward(p->model, &x);
    float loss = nn_softmax_xent_forward(&probs, &logits, p->batch_labels);
    mat_fill(&dlogits, 0);
    nn_softmax_xent_backward(&dlogits, &probs, p->batch_labels);
    params_zero_grad(&p->model->p);
    net_backward(p->model, &x, &dlogits, 0);
    adam_step(&p->opt, &p->model->p);
    return loss;
}

static void train_probe(net *model, const mat *train, const int *labels,
                        const mat *mean, const mat *scale,
                        const probe_plan *plan, rng *r)
{
    int classes = model->sizes[1];
    probing p = {.model = model, .train = train, .mean = mean, .scale = scale,
                 .labels = labels,
                 .batch_labels = kit_alloc((size_t)plan->batch, sizeof(int)),
                 .batch = mat_create(plan->batch, train->cols),
                 .probs = mat_create(plan->batch, classes),
                 .dlogits = mat_create(plan->batch, classes)};
    adam_init(&p.opt, model->p.count, plan->lr);
    training t;
    training_start(&t, train->rows, plan->batch, plan->epochs, plan->label,
                   "examples");
    double loss = 0;
    for (int epoch = 0; epoch < plan->epochs; epoch++)
        loss = training_epoch(&t, r, probe_step, &p);
    training_finish(&t, loss);
    adam_free(&p.opt);
    mat_free(&p.batch);
    mat_free(&p.probs);
    mat_free(&p.dlogits);
    free(p.batch_labels);
}

static float test_probe(net *model, const mat *test, const int *labels,
                        const mat *mean, const mat *scale)
{
    int correct = 0;
    mat batch = mat_create(model->batch, test->cols);
    batches b;
    batches_create(&b, test->rows, model->batch);
    while (batches_next(&b)) {
        mat x = mat_rows(&batch, 0, b.count);
        standard_rows(&x, &b, test, mean, scale);
        mat logits = net_forward(model, &x);
        for (int i = 0; i < b.count; i++)
            correct += mat_argmax_row(&logits, i) == labels[b.first + i];
    }
    batches_free(&b);
    mat_free(&batch);
    return test->rows > 0 ? (float)correct / (float)test->rows : 0;
}

float probe_accuracy(const mat *train, const int *train_labels,
                     const mat *test, const int *test_labels, int classes,
                     const probe_plan *plan, rng *r)
{
    CHECK(train->cols == test->cols, "%d train and %d test features",
          train->cols, test->cols);
    mat mean, scale;
    feature_scale(train, &mean, &scale);
    net model;
    int sizes[] = {train->cols, classes};
    net_activation act[] = {NET_LINEAR};
    net_create(&model, 1, sizes, act, plan->batch, r);
    mat_fill(&model.W[0], 0); /* a convex problem: start from nothing */
    train_probe(&model, train, train_labels, &mean, &scale, plan, r);
    float accuracy = test_probe(&model, test, test_labels, &mean, &scale);
    net_free(&model);
    mat_free(&mean);
    mat_free(&scale);
    return accuracy;
}
