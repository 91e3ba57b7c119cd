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
#include "core/infra/progress.h"
#include "core/learn/batches.h"
#include "core/learn/optim.h"

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

float mae_train(net *model, const mae_plan *plan, const mat *train,
                const mat *test, const mat *test_masks, rng *r)
{
    batches order;
    batches_create(&order, train->rows, model->batch);
    batch_space space = batch_space_create(model->batch, train->cols);
    adam opt;
    adam_init(&opt, model->p.count, plan->lr);
    char label[32];
    snprintf(label, sizeof label, "ratio %.2f", plan->ratio);
    long per_epoch = batches_per_pass(&order), step = 0;
    progress p;
    progress_start(&p, label, plan->epochs * per_epoch, "images",
                   model->batch);
    float error = 0, loss = 0;
    for (int epoch = 1; epoch <= plan->epochs; epoch++) {
        double total = 0;
        batches_shuffle(&order, r);
        while (batches_next(&order)) {
            batch_space b = first_rows(&space, order.count);
            batches_gather(&order, &b.x, train);
            loss = mae_step(model, &opt, &b, plan, r);
            total += (double)loss * order.count;
            progress_update(&p, ++step, loss);
        }
        error = mae_error(model, test, test_masks);
        history_add(plan->history, (double[]){plan->ratio, epoch,
                                              total / train->rows, error});
    }
    progress_finish(&p, loss);
    adam_free(&opt);
    batch_space_free(&space);
    batches_free(&order);
    return error;
}

void plain_create(net *model, int d, int h, int batch, rng *r)
{
    int sizes[] = {d, h, PLAIN_CODE, h, d};
    net_activation act[] = {NET_RELU, NET_LINEAR, NET_RELU, NET_SIGMOID};
    net_create(model, 4, sizes, act, batch, r);
}

void plain_train(net *model, int epochs, float lr, const mat *train, rng *r)
{
    int d = train->cols, size = model->batch;
    adam opt;
    adam_init(&opt, model->p.count, lr);
    mat all = mat_create(size, d), dxhat = mat_create(size, d);
    mat_fill(&all, 1);
    batches order;
    batches_create(&order, train->rows, size);
    progress p;
    progress_start(&p, "chapter 02 auto-encoder",
                   (long)epochs * batches_per_pass(&order), "images", size);
    long step = 0;
    float loss = 0;
    mat batch = mat_create(size, d);
    for (int epoch = 0; epoch < epochs; epoch++) {
        batches_shuffle(&order, r);
        while (batches_next(&order)) {
            batches_gather(&order, &batch, train);
            mat x = mat_rows(&batch, 0, order.count);
            mat ones = mat_rows(&all, 0, order.count);
            mat dx = mat_rows(&dxhat, 0, order.count);
            mat xhat = net_forward(model, &x);
            loss = masked_loss(&dx, &xhat, &x, &ones);
            params_zero_grad(&model->p);
            net_backward(model, &x, &dx, 0);
            adam_step(&opt, &model->p);
            progress_update(&p, ++step, loss);
        }
    }
    progress_finish(&p, loss);
    batches_free(&order);
    mat_free(&batch);
    mat_free(&all);
    mat_free(&dxhat);
    adam_free(&opt);
}
