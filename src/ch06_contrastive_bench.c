/* ch06_contrastive_bench.c - make bench's line for chapter 06: images per
 * second of contrastive training (two augmented views of each, the
 * encoder and head forward and back, NT-Xent, an Adam step), batches of
 * 256 images, on random images: the speed does not depend on the pixels. */
#include "ch06_contrastive.h"
#include "core/infra/bench.h"

typedef struct contrastive_work {
    net model;
    mat images;
    rng r;
} contrastive_work;

static void run_epoch(void *ctx)
{
    contrastive_work *w = ctx;
    contrastive_plan plan = {.epochs = 1, .lr = 1e-3f, .tau = 0.1f,
                             .augment = default_augmentations};
    contrastive_train(&w->model, &plan, &w->images, &w->r);
}

static double time_training(const bench_settings *s)
{
    contrastive_work w;
    rng_seed(&w.r, 1);
    contrastive_create(&w.model, SIDE * SIDE, 256, 32, 32, 512, &w.r);
    w.images = bench_random_matrix(1024, SIDE * SIDE, &w.r);
    for (size_t i = 0; i < mat_size(&w.images); i++)
        w.images.data[i] += 0.5f; /* pixels in [0, 1] */
    double rate = bench_median_rate(run_epoch, &w, 1024, s);
    mat_free(&w.images);
    net_free(&w.model);
    return rate;
}

const bench_entry ch06_contrastive_bench = {
    .what = "ch06 contrastive 784-256-32-32-32, 2 views, batch 256",
    .unit = "images/s",
    .rate = time_training,
};
