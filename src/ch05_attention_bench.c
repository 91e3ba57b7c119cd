/* ch05_attention_bench.c - make bench's line for chapter 05: examples per
 * second of one epoch of recall training (forward, backward and an Adam
 * step every 16 examples) over 256 examples of 16 pairs. */
#include "ch05_attention.h"
#include "core/infra/bench.h"

typedef struct recall_work {
    recall_model m;
    recall_set train, held_out;
    rng r;
} recall_work;

static void run_recall_epoch(void *ctx)
{
    recall_work *w = ctx;
    recall_plan plan = {.epochs = 1, .batch = 16, .lr = 1e-3f};
    recall_train(&w->m, &w->train, &w->held_out, &plan, &w->r);
}

static double time_recall(const bench_settings *s)
{
    recall_work w;
    rng_seed(&w.r, 1);
    recall_task task;
    recall_task_create(&task, 16, 16, 0.8f, &w.r);
    recall_set_create(&w.train, &task, 256, &w.r);
    recall_set_create(&w.held_out, &task, 1, &w.r);
    recall_model_create(&w.m, 16, 16, &w.r);
    double rate = bench_median_rate(run_recall_epoch, &w, 256, s);
    recall_model_free(&w.m);
    recall_set_free(&w.train);
    recall_set_free(&w.held_out);
    recall_task_free(&task);
    return rate;
}

const bench_entry ch05_attention_bench = {
    .what = "ch05 attention layer, 16 pairs, d 16, Adam every 16",
    .unit = "examples/s",
    .rate = time_recall,
};
