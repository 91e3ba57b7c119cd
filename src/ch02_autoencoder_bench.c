/* ch02_autoencoder_bench.c - make bench's line for chapter 02: training
 * images per second of the auto-encoder (784-256-32-256-784, batch 64,
 * Adam), on random images, as the speed does not depend on the pixels. */
#include "ch02_autoencoder.h"
#include "core/infra/bench.h"

typedef struct training_work {
    autoencoder ae;
    adam opt;
    mat x;
} training_work;

static void run_training_step(void *ctx)
{
    training_work *w = ctx;
    ae_train_step(&w->ae, &w->opt, &w->x);
}

static double time_training(const bench_settings *s)
{
    rng r;
    rng_seed(&r, 1);
    training_work w;
    ae_create(&w.ae, 784, 256, 32, 64, &r);
    adam_init(&w.opt, w.ae.p.count, 1e-3f);
    w.x = bench_random_matrix(64, 784, &r);
    for (size_t i = 0; i < mat_size(&w.x); i++)
        w.x.data[i] += 0.5f; /* pixels in [0, 1] */
    double rate = bench_median_rate(run_training_step, &w, 64, s);
    adam_free(&w.opt);
    mat_free(&w.x);
    ae_free(&w.ae);
    return rate;
}

const bench_entry ch02_autoencoder_bench = {
    .what = "ch02 auto-encoder 784-256-32-256-784, Adam, batch 64",
    .unit = "images/s",
    .rate = time_training,
};
