/* ch06_contrastive.c - the given code of chapter 06: augmentations, the
 * network and its contrastive training, and the k-nearest-neighbour
 * accuracy (contracts in ch06_contrastive.h). */
#include "ch06_contrastive.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/infra/error.h"
#include "core/learn/batches.h"
#include "core/learn/optim.h"
#include "core/learn/training.h"

/* ---- Augmentations ---------------------------------------------------- */

const augmentations default_augmentations = {
    .crop = 0.7f, .flip = 1, .shift = 1, .jitter = 0.6f, .noise = 0.1f,
    .erase = 1};

/* A square crop of side share * SIDE at a random place, stretched back to
 * SIDE x SIDE (bilinear). */
static void crop_and_stretch(float *out, const float *image, float share,
                             rng *r)
{
    float side = SIDE * (share + (1 - share) * rng_uniform(r));
    float left = (SIDE - side) * rng_uniform(r);
    float top = (SIDE - side) * rng_uniform(r);
    float step = (side - 1) / (SIDE - 1);
    for (int y = 0; y < SIDE; y++)
        for (int x = 0; x < SIDE; x++) {
            float fy = top + y * step, fx = left + x * step;
            int y0 = (int)fy, x0 = (int)fx;
            int y1 = y0 + 1 < SIDE ? y0 + 1 : y0;
            int x1 = x0 + 1 < SIDE ? x0 + 1 : x0;
            float wy = fy - y0, wx = fx - x0;
            out[y * SIDE + x] =
                (1 - wy) * ((1 - wx) * image[y0 * SIDE + x0] +
                            wx * image[y0 * SIDE + x1]) +
                wy * ((1 - wx) * image[y1 * SIDE + x0] +
                      wx * image[y1 * SIDE + x1]);
        }
}

/* A box of 6 to 12 pixels a side at a random place, set to 0 when
 * `blank` is 1. The box is drawn either way (see augment_image). */
static void erase_box(float *image, int blank, rng *r)
{
    int width = 6 + (int)rng_below(r, 7), height = 6 + (int)rng_below(r, 7);
    int left = (int)rng_below(r, SIDE - width + 1);
    int top = (int)rng_below(r, SIDE - height + 1);
    if (!blank)
        return;
    for (int y = top; y < top + height; y++)
        for (int x = left; x < left + width; x++)
            image[y * SIDE + x] = 0;
}

/* v held to [0, 1]. (Written out: fminf and fmaxf are calls to the
 * library, as they must treat NaN specially.) */
static float clamp01(float v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Changes the grey levels as a whole: p becomes gain * p^gamma (at most
 * 1), gain within 1 +- strength and log gamma within +- 1.2 strength.
 * Grey levels are to these images what colours are to photographs: two
 * views that kept them could be matched by them alone. */
static void jitter_levels(float *image, float strength, rng *r)
{
    float gain = 1 + strength * (2 * rng_uniform(r) - 1);
    float gamma = expf(1.2f * strength * (2 * rng_uniform(r) - 1));
    for (int i = 0; i < SIDE * SIDE; i++)
        if (image[i] > 0) /* the background stays 0, without a powf */
            image[i] = clamp01(gain * powf(image[i], gamma));
}

/* Every draw is made whether or not its augmentation is on, so that
 * turning one off changes nothing else about the views. */
void augment_image(float *out, const float *image, const augmentations *a,
                   rng *r)
{
    float cropped[SIDE * SIDE];
    crop_and_stretch(cropped, image, a->crop, r);
    int flip = rng_below(r, 2) && a->flip;
    int dx = (int)rng_below(r, 2 * (unsigned)a->shift + 1) - a->shift;
    int dy = (int)rng_below(r, 2 * (unsigned)a->shift + 1) - a->shift;
    flip_and_shift(out, cropped, SIDE, flip, dx, dy);
    jitter_levels(out, a->jitter, r);
    /* Uniform noise of standard deviation a->noise: a uniform number in
     * [-1, 1] has standard deviation 1 / sqrt(3). (Gaussian noise would
     * cost a logarithm and a cosine a pixel, a seventh of training.) */
    for (int i = 0; i < SIDE * SIDE; i++) {
        float noise = 1.7320508f * a->noise * (2 * rng_uniform(r) - 1);
        out[i] = clamp01(out[i] + noise);
    }
    int erase = rng_below(r, 2) && a->erase;
    erase_box(out, erase, r);
}

void make_views(mat *views, const mat *x, const augmentations *a, rng *r)
{
    CHECK(views->rows == 2 * x->rows && x->cols == SIDE * SIDE,
          "%d views of %d images of %d pixels", views->rows, x->rows,
          x->cols);
    for (int i = 0; i < x->rows; i++) {
        augment_image(mat_row(views, i), mat_row(x, i), a, r);
        augment_image(mat_row(views, i + x->rows), mat_row(x, i), a, r);
    }
}

/* ---- The network -------------------------------------------------------- */

void contrastive_create(net *model, int d, int h, int m, int head, int batch,
                        rng *r)
{
    int sizes[] = {d, h, m, m, head};
    net_activation act[] = {NET_RELU, NET_LINEAR, NET_RELU, NET_LINEAR};
    net_create(model, 4, sizes, act, batch, r);
}

/* What the steps of contrastive training keep from one batch to the
 * next. */
typedef struct stepping {
    net *model;
    adam opt;
    const contrastive_plan *plan;
    const mat *train;
    rng *r;
    mat images, views; /* n x d, 2n x d */
    mat unit, dunit, dz; /* 2n x head: normalised projections, gradients */
    float *norms;
} stepping;

static stepping stepping_create(net *model, const contrastive_plan *plan,
                                const mat *train, rng *r)
{
    int views = model->batch, head = model->sizes[model->layers];
    stepping s = {.model = model, .plan = plan, .train = train, .r = r,
                  .images = mat_create(views / 2, train->cols),
                  .views = mat_create(views, train->cols),
                  .unit = mat_create(views, head),
                  .dunit = mat_create(views, head),
                  .dz = mat_create(views, head),
                  .norms = kit_alloc((size_t)views, sizeof(float))};
    adam_init(&s.opt, model->p.count, plan->lr);
    return s;
}

static void stepping_free(stepping *s)
{
    adam_free(&s->opt);
    mat *all[] = {&s->images, &s->views, &s->unit, &s->dunit, &s->dz};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        mat_free(all[i]);
    free(s->norms);
}

//> contrastive-step
/* One Adam step on the batch of images the order names: two views of
 * each, their projections normalised, NT-Xent, and back. */
static double contrastive_step(void *ctx, const batches *order)
{
    stepping *s = ctx;
    int n = order->count;
    mat images = mat_rows(&s->images, 0, n);
    mat views = mat_rows(&s->views, 0, 2 * n);
    mat unit = mat_rows(&s->unit, 0, 2 * n);
    mat dunit = mat_rows(&s->dunit, 0, 2 * n);
    mat dz = mat_rows(&s->dz, 0, 2 * n);
    batches_gather(order, &s->images, s->train);
    make_views(&views, &images, &s->plan->augment, s->r);
    mat z = net_forward(s->model, &views);
    normalize_rows(&unit, s->norms, &z);
    float loss = nt_xent(&dunit, &unit, s->plan->tau);
    mat_fill(&dz, 0);
    normalize_rows_backward(&dz, &dunit, &unit, s->norms);
    params_zero_grad(&s->model->p);
    net_backward(s->model, &views, &dz, 0);
    adam_step(&s->opt, &s->model->p);
    return loss;
}
//< contrastive-step

const history_column contrastive_history[4] = {
    {"epoch", 0}, {"loss", 5}, {"alignment", 5}, {"uniformity", 5}};

/* The watched images' views come from a generator of their own, seeded
 * the same every epoch, so that each epoch is measured on the same
 * views. */
static void add_measures(net *model, const contrastive_plan *plan, int epoch,
                         double loss)
{
    if (!plan->history || !plan->watch)
        return;
    rng fixed;
    rng_seed(&fixed, 6);
    float alignment, uniformity;
    contrastive_measure(model, plan->watch, &plan->augment, &fixed,
                        &alignment, &uniformity);
    history_add(plan->history,
                (double[]){epoch, loss, alignment, uniformity});
}

float contrastive_train(net *model, const contrastive_plan *plan,
                        const mat *train, rng *r)
{
    CHECK(model->batch % 2 == 0, "a batch of %d views", model->batch);
    stepping s = stepping_create(model, plan, train, r);
    char label[32];
    snprintf(label, sizeof label, "tau %.2f", plan->tau);
    training t;
    training_start(&t, train->rows, model->batch / 2, plan->epochs, label,
                   "images");
    add_measures(model, plan, 0, NAN);
    double loss = 0;
    for (int epoch = 1; epoch <= plan->epochs; epoch++) {
        loss = training_epoch(&t, r, contrastive_step, &s);
        add_measures(model, plan, epoch, loss);
    }
    training_finish(&t, loss);
    stepping_free(&s);
    return (float)loss;
}

void contrastive_features(net *model, const mat *x, mat *features)
{
    net_layer_outputs(model, x, REPRESENTATION_LAYER, features);
}

/* The projections of two views of each image of x: rows i and i + n of
 * the result (2n x head) are image i's. */
static mat project_views(net *model, const mat *x, const augmentations *a,
                         rng *r)
{
    mat views = mat_create(2 * x->rows, x->cols);
    mat z = mat_create(2 * x->rows, model->sizes[model->layers]);
    make_views(&views, x, a, r);
    net_layer_outputs(model, &views, model->layers - 1, &z);
    mat_free(&views);
    return z;
}

void contrastive_measure(net *model, const mat *x, const augmentations *a,
                         rng *r, float *alignment, float *uniformity)
{
    mat z = project_views(model, x, a, r);
    float *norms = kit_alloc((size_t)z.rows, sizeof(float));
    normalize_rows(&z, norms, &z);
    alignment_uniformity(alignment, uniformity, &z);
    free(norms);
    mat_free(&z);
}

void contrastive_similarities(net *model, const mat *x,
                              const augmentations *a, rng *r, mat *s)
{
    CHECK(s->rows == 2 * x->rows && s->cols == s->rows,
          "a %d x %d matrix for %d views", s->rows, s->cols, 2 * x->rows);
    mat z = project_views(model, x, a, r);
    cosine_similarities(s, &z);
    mat_free(&z);
}

/* ---- k nearest neighbours ----------------------------------------------- */

#define KNN_BLOCK 256 /* test rows compared with every train row at once */

float knn_accuracy(const mat *train, const int *train_labels,
                   const mat *test, const int *test_labels, int k,
                   int classes)
{
    mat ref = mat_create(train->rows, train->cols);
    mat probe = mat_create(test->rows, test->cols);
    float *norms = kit_alloc((size_t)(train->rows > test->rows ? train->rows
                                                               : test->rows),
                             sizeof(float));
    normalize_rows(&ref, norms, train);
    normalize_rows(&probe, norms, test);
    mat sims = mat_create(KNN_BLOCK, train->rows);
    int correct = 0;
    batches b;
    batches_create(&b, test->rows, KNN_BLOCK);
    while (batches_next(&b)) {
        mat block = mat_rows(&probe, b.first, b.count);
        mat s = mat_rows(&sims, 0, b.count);
        mat_fill(&s, 0);
        mat_mul_add_bt(&s, &block, &ref); /* cosines: rows of length 1 */
        for (int i = 0; i < b.count; i++)
            correct += knn_vote(mat_row(&s, i), train_labels, train->rows, k,
                                classes) == test_labels[b.first + i];
    }
    batches_free(&b);
    mat_free(&sims);
    mat_free(&ref);
    mat_free(&probe);
    free(norms);
    return test->rows > 0 ? (float)correct / (float)test->rows : 0.0f;
}
