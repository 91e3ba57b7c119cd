/* ch03_masking.c - given code of chapter 03: the masked auto-encoder, its
 * training and evaluation.
 *
 * Dimensions: n = images in a batch, d = pixels, h = hidden units.
 *
 * The masks, the masked input and the masked loss are your exercises
 * (patch_mask, apply_mask, masked_loss); this file calls them.
 */
#include "ch03_masking.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/infra/error.h"
#include "core/learn/batches.h"
#include "core/learn/checkpoint.h"
#include "core/learn/optim.h"
#include "core/learn/training.h"

void draw_masks(mat *masks, int side, int patch, float ratio, rng *r)
{
    for (int i = 0; i < masks->rows; i++)
        patch_mask(mat_row(masks, i), side, patch, ratio, r);
}

void mae_create(net *model, int d, int h, int batch, rng *r)
{
    int sizes[] = {2 * d, h, h, h, d};
    net_activation act[] = {NET_RELU, NET_RELU, NET_RELU, NET_SIGMOID};
    net_create(model, 4, sizes, act, batch, r);
}

/* Buffers for one batch: images, masks, masked input, output gradient. */
typedef struct batch_space {
    mat x, masks, input, dxhat;
} batch_space;

static batch_space batch_space_create(int batch, int d)
{
    return (batch_space){mat_create(batch, d), mat_create(batch, d),
                         mat_create(batch, 2 * d), mat_create(batch, d)};
}

static void batch_space_free(batch_space *b)
{
    mat_free(&b->x);
    mat_free(&b->masks);
    mat_free(&b->input);
    mat_free(&b->dxhat);
}

/* The first n rows of each buffer. */
static batch_space first_rows(const batch_space *b, int n)
{
    return (batch_space){mat_rows(&b->x, 0, n), mat_rows(&b->masks, 0, n),
                         mat_rows(&b->input, 0, n),
                         mat_rows(&b->dxhat, 0, n)};
}

//> mae-step
/* One Adam step on the images in b->x, with fresh masks. */
static float mae_step(net *model, adam *opt, batch_space *b,
                      const mae_plan *plan, rng *r)
{
    draw_masks(&b->masks, plan->side, plan->patch, plan->ratio, r);
    apply_mask(&b->input, &b->x, &b->masks, MAE_FILL);
    mat xhat = net_forward(model, &b->input);
    float loss = masked_loss(&b->dxhat, &xhat, &b->x, &b->masks);
    params_zero_grad(&model->p);
    net_backward(model, &b->input, &b->dxhat, 0);
    adam_step(opt, &model->p);
    return loss;
}
//< mae-step

static size_t count_hidden(const mat *masks)
{
    size_t hidden = 0;
    for (size_t i = 0; i < mat_size(masks); i++)
        hidden += masks->data[i] != 0;
    return hidden;
}

float mae_error(net *model, const mat *x, const mat *masks)
{
    batch_space space = batch_space_create(model->batch, x->cols);
    double total = 0;
    size_t hidden = 0;
    batches order;
    batches_create(&order, x->rows, model->batch);
    while (batches_next(&order)) {
        batch_space b = first_rows(&space, order.count);
        mat part = mat_rows(x, order.first, order.count);
        mat holes = mat_rows(masks, order.first, order.count);
        mat_copy(&b.x, &part);
        mat_copy(&b.masks, &holes);
        apply_mask(&b.input, &b.x, &b.masks, MAE_FILL);
        mat xhat = net_forward(model, &b.input);
        size_t here = count_hidden(&b.masks);
        total += (double)masked_loss(&b.dxhat, &xhat, &b.x, &b.masks) *
                 (double)here;
        hidden += here;
    }
    batches_free(&order);
    batch_space_free(&space);
    return hidden > 0 ? (float)(total / (double)hidden) : 0.0f;
}

void mae_paint(net *model, const mat *x, const mat *masks, mat *painted)
{
    CHECK(x->rows <= model->batch, "%d images, batches of %d", x->rows,
          model->batch);
    mat input = mat_create(x->rows, 2 * x->cols);
    apply_mask(&input, x, masks, MAE_FILL);
    mat guess = net_forward(model, &input);
    for (int i = 0; i < x->rows; i++)
        for (int j = 0; j < x->cols; j++)
            mat_set(painted, i, j, mat_get(masks, i, j) != 0
                                       ? mat_get(&guess, i, j)
                                       : mat_get(x, i, j));
    mat_free(&input);
}

float mean_fill_error(const mat *train, const mat *x, const mat *masks)
{
    int d = train->cols;
    double *mean = kit_alloc((size_t)d, sizeof(double));
    for (int i = 0; i < train->rows; i++)
        for (int j = 0; j < d; j++)
            mean[j] += mat_get(train, i, j) / (double)train->rows;
    double total = 0;
    size_t hidden = 0;
    for (int i = 0; i < x->rows; i++)
        for (int j = 0; j < d; j++)
            if (mat_get(masks, i, j) != 0) {
                double e = mean[j] - mat_get(x, i, j);
                total += e * e;
                hidden++;
            }
    free(mean);
    return hidden > 0 ? (float)(total / (double)hidden) : 0.0f;
}

/* The features of some rows, for batches_map: nothing hidden. */
typedef struct featuring {
    net *model;
    int layer;
    batch_space space;
} featuring;

static void features_of_rows(void *ctx, const mat *rows, mat *features)
{
    featuring *f = ctx;
    batch_space b = first_rows(&f->space, rows->rows);
    mat_copy(&b.x, rows);
    mat_fill(&b.masks, 0);
    apply_mask(&b.input, &b.x, &b.masks, MAE_FILL);
    net_forward(f->model, &b.input);
    mat out = net_layer_output(f->model, f->layer);
    mat_copy(features, &out);
}

void mae_features(net *model, const mat *x, int layer, mat *features)
{
    featuring f = {model, layer, batch_space_create(model->batch, x->cols)};
    batches_map(x, model->batch, features, features_of_rows, &f);
    batch_space_free(&f.space);
}

const history_column mae_history[4] = {
    {"ratio", 2}, {"epoch", 0}, {"train", 6}, {"test", 6}};

/* What the training steps of a network keep from one batch to the
 * next. */
typedef struct stepping {
    net *model;
    adam opt;
    batch_space space;
    const mat *train;
    const mae_plan *plan;
    rng *r;
} stepping;

static stepping stepping_create(net *model, float lr, const mat *train,
                                const mae_plan *plan, rng *r)
{
    stepping s = {.model = model,
                  .space = batch_space_create(model->batch, train->cols),
                  .train = train, .plan = plan, .r = r};
    adam_init(&s.opt, model->p.count, lr);
    return s;
}

static void stepping_free(stepping *s)
{
    adam_free(&s->opt);
    batch_space_free(&s->space);
}

static double mae_batch_step(void *ctx, const batches *order)
{
    stepping *s = ctx;
    batch_space b = first_rows(&s->space, order->count);
    batches_gather(order, &b.x, s->train);
    return mae_step(s->model, &s->opt, &b, s->plan, s->r);
}

float mae_train(net *model, const mae_plan *plan, const mat *train,
                const mat *test, const mat *test_masks, rng *r)
{
    stepping s = stepping_create(model, plan->lr, train, plan, r);
    char label[32];
    snprintf(label, sizeof label, "ratio %.2f", plan->ratio);
    training t;
    training_start(&t, train->rows, model->batch, plan->epochs, label,
                   "images");
    double loss = 0;
    float error = 0;
    for (int epoch = 1; epoch <= plan->epochs; epoch++) {
        loss = training_epoch(&t, r, mae_batch_step, &s);
        error = mae_error(model, test, test_masks);
        history_add(plan->history,
                    (double[]){plan->ratio, epoch, loss, error});
    }
    training_finish(&t, loss);
    stepping_free(&s);
    return error;
}

int mae_save_encoder(const net *model, const char *path)
{
    int d = model->sizes[0] / 2; /* pixels, then their mask */
    mat pixels = mat_rows(&model->W[0], 0, d);
    const mat *W[] = {&pixels, &model->W[1]}, *b[] = {&model->b[0],
                                                       &model->b[1]};
    const net_activation act[] = {model->act[0], model->act[1]};
    return checkpoint_save_layers(2, W, b, act, path);
}
