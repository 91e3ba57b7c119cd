/* ch07_finetune.c - given code of chapter 07: the classifier, loading a
 * pretrained encoder, training on a labelled subset, and evaluation.
 *
 * Dimensions: n = images in a batch, d = pixels, h = hidden units, m =
 * size of the representation, c = classes, N = images of a data set.
 *
 * The forward pass, the head's loss, the training step and the confusion
 * matrix are your exercises (classifier_forward, head_loss, finetune_step,
 * confusion_matrix); this file calls them.
 */
#include "ch07_finetune.h"

#include <stdlib.h>
#include <string.h>

#include "core/infra/error.h"
#include "core/learn/batches.h"
#include "core/learn/checkpoint.h"
#include "core/learn/net.h"
#include "core/learn/nn.h"

/* ---- The classifier ----------------------------------------------------- */

/* An activation matrix and its width, so that all eleven can be made and
 * freed by one loop. */
typedef struct activation {
    mat *matrix;
    int cols;
} activation;

#define ACTIVATIONS 11

static void list_activations(classifier *c, activation out[ACTIVATIONS])
{
    int h = c->h, m = c->m, k = c->classes;
    activation list[ACTIVATIONS] = {
        {&c->pre1, h},  {&c->h1, h},     {&c->pre2, m},  {&c->z, m},
        {&c->logits, k}, {&c->probs, k}, {&c->dpre1, h}, {&c->dh1, h},
        {&c->dpre2, m}, {&c->dz, m},     {&c->dlogits, k}};
    memcpy(out, list, sizeof list);
}

void classifier_create(classifier *c, int d, int h, int m, int classes,
                       int code_relu, int batch, rng *r)
{
    memset(c, 0, sizeof *c);
    c->d = d, c->h = h, c->m = m, c->classes = classes;
    c->code_relu = code_relu, c->batch = batch;
    params_create(&c->encoder, (size_t)(d + 1) * h + (size_t)(h + 1) * m);
    params_take(&c->encoder, &c->W1, &c->dW1, d, h);
    params_take(&c->encoder, &c->b1, &c->db1, 1, h);
    params_take(&c->encoder, &c->W2, &c->dW2, h, m);
    params_take(&c->encoder, &c->b2, &c->db2, 1, m);
    params_create(&c->head, (size_t)(m + 1) * classes);
    params_take(&c->head, &c->W3, &c->dW3, m, classes);
    params_take(&c->head, &c->b3, &c->db3, 1, classes);
    if (r) { /* biases start at zero */
        nn_init_he(&c->W1, r);
        nn_init_he(&c->W2, r);
    }
    /* The head starts at zero: every class equally likely, whatever the
     * scale of the representation it is put on. */
    /* The learning rates are finetune_step's to set, step by step. */
    adam_init(&c->encoder_opt, c->encoder.count, 0);
    adam_init(&c->head_opt, c->head.count, 0);
    activation list[ACTIVATIONS];
    list_activations(c, list);
    for (int i = 0; i < ACTIVATIONS; i++)
        *list[i].matrix = mat_create(batch, list[i].cols);
}

void classifier_free(classifier *c)
{
    activation list[ACTIVATIONS];
    list_activations(c, list);
    for (int i = 0; i < ACTIVATIONS; i++)
        mat_free(list[i].matrix);
    adam_free(&c->encoder_opt);
    adam_free(&c->head_opt);
    params_free(&c->encoder);
    params_free(&c->head);
}

void classifier_copy_encoder(classifier *to, const classifier *from)
{
    CHECK(to->d == from->d && to->h == from->h && to->m == from->m &&
              to->code_relu == from->code_relu,
          "copying a %d-%d-%d encoder into a %d-%d-%d one, or a ReLU code "
          "into a linear one", from->d, from->h, from->m, to->d, to->h,
          to->m);
    memcpy(to->encoder.values, from->encoder.values,
           from->encoder.count * sizeof(float));
}

void classifier_set_encoder(classifier *c, const net *f)
{
    mat_copy(&c->W1, &f->W[0]); /* checks that the shapes agree */
    mat_copy(&c->b1, &f->b[0]);
    mat_copy(&c->W2, &f->W[1]);
    mat_copy(&c->b2, &f->b[1]);
}

//> load-encoder
int classifier_load_encoder(classifier *c, const char *path)
{
    int sizes[] = {c->d, c->h, c->m};
    net_activation act[] = {NET_RELU, c->code_relu ? NET_RELU : NET_LINEAR};
    net f;
    net_create(&f, 2, sizes, act, 1, NULL);
    int status = checkpoint_load(&f, 2, path);
    if (status == 0)
        classifier_set_encoder(c, &f);
    net_free(&f);
    return status;
}
//< load-encoder

/* ---- Evaluation --------------------------------------------------------- */

static void features_of_rows(void *ctx, const mat *rows, mat *out)
{
    classifier *c = ctx;
    classifier_forward(c, rows);
    mat z = mat_rows(&c->z, 0, rows->rows);
    mat_copy(out, &z);
}

void classifier_features(classifier *c, const mat *x, mat *features)
{
    batches_map(x, c->batch, features, features_of_rows, c);
}

static void logits_of_rows(void *ctx, const mat *rows, mat *out)
{
    classifier *c = ctx;
    classifier_forward(c, rows);
    mat logits = mat_rows(&c->logits, 0, rows->rows);
    mat_copy(out, &logits);
}

/* The accuracy and confusion matrix of logits (N x c). */
static float score(const classifier *c, const mat *logits, const int *labels,
                   int *confusion)
{
    int own[64 * 64] = {0};
    CHECK(c->classes <= 64, "%d classes", c->classes);
    return confusion_matrix(confusion ? confusion : own, logits, labels,
                            c->classes);
}

float classifier_accuracy(classifier *c, const mat *x, const int *labels,
                          int *confusion)
{
    mat logits = mat_create(x->rows, c->classes);
    batches_map(x, c->batch, &logits, logits_of_rows, c);
    float accuracy = score(c, &logits, labels, confusion);
    mat_free(&logits);
    return accuracy;
}

float head_accuracy(classifier *c, const mat *z, const int *labels,
                    int *confusion)
{
    mat logits = mat_create(z->rows, c->classes);
    nn_dense_forward(&logits, z, &c->W3, &c->b3);
    float accuracy = score(c, &logits, labels, confusion);
    mat_free(&logits);
    return accuracy;
}

/* ---- Training ----------------------------------------------------------- */

#define LOSS_WINDOW 100 /* the steps whose mean loss training returns */

/* Runs plan->steps steps of step(c, batch rows, their labels) over the
 * rows of data in a fresh random order each pass. */
typedef float (*step_fn)(classifier *c, const finetune_plan *plan,
                         const mat *x, const int *labels);

static float train_steps(classifier *c, const finetune_plan *plan,
                         const mat *data, const int *labels, step_fn step,
                         rng *r)
{
    if (data->rows == 0) /* nothing to learn from */
        return 0.0f;
    int size = plan->batch < data->rows ? plan->batch : data->rows;
    CHECK(size >= 1 && size <= c->batch, "batches of %d, room for %d",
          plan->batch, c->batch);
    mat x = mat_create(size, data->cols);
    int *y = kit_alloc((size_t)size, sizeof(int));
    batches order;
    batches_create(&order, data->rows, size);
    double recent = 0;
    int counted = 0;
    batches_shuffle(&order, r);
    for (int s = 0; s < plan->steps; s++) {
        if (!batches_next(&order)) { /* a new pass, in a new order */
            batches_shuffle(&order, r);
            batches_next(&order);
        }
        mat rows = mat_rows(&x, 0, order.count);
        batches_gather(&order, &rows, data);
        batches_gather_labels(&order, y, labels);
        float loss = step(c, plan, &rows, y);
        if (s >= plan->steps - LOSS_WINDOW)
            recent += loss, counted++;
    }
    batches_free(&order);
    free(y);
    mat_free(&x);
    return counted > 0 ? (float)(recent / counted) : 0.0f;
}

static float whole_step(classifier *c, const finetune_plan *plan,
                        const mat *x, const int *labels)
{
    return finetune_step(c, x, labels, plan->encoder_lr, plan->head_lr);
}

float finetune_train(classifier *c, const finetune_plan *plan, const mat *x,
                     const int *labels, rng *r)
{
    return train_steps(c, plan, x, labels, whole_step, r);
}

//> head-step
/* finetune_step with f frozen, from representations computed once:
 * the same head, loss and Adam step, without running f. */
static float head_step(classifier *c, const finetune_plan *plan,
                       const mat *z, const int *labels)
{
    c->rows = z->rows;
    mat here = mat_rows(&c->z, 0, z->rows);
    mat logits = mat_rows(&c->logits, 0, z->rows);
    mat_copy(&here, z);
    nn_dense_forward(&logits, &here, &c->W3, &c->b3);
    float loss = head_loss(c, labels, 0);
    c->head_opt.lr = plan->head_lr;
    adam_step(&c->head_opt, &c->head);
    return loss;
}
//< head-step

float head_train(classifier *c, const finetune_plan *plan, const mat *z,
                 const int *labels, rng *r)
{
    return train_steps(c, plan, z, labels, head_step, r);
}
