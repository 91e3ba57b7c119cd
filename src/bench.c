/* bench.c - how fast the kit's kernels run (make bench).
 *
 * Each line times one kernel on one thread: it repeats the kernel until a
 * run lasts at least --min-ms milliseconds, takes --runs such runs, and
 * reports the median, which a busy moment on the machine cannot drag far.
 * Chapters that add a hot loop add a line of their own (the training
 * steps below link the reference solutions).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ch02_autoencoder.h"
#include "ch04_embeddings.h"
#include "ch05_attention.h"
#include "core/datasets/austen.h"
#include "core/infra/cli.h"
#include "core/infra/error.h"
#include "core/infra/progress.h"
#include "core/learn/mat.h"
#include "core/learn/rng.h"

typedef void (*product_fn)(mat *c, const mat *a, const mat *b);

typedef struct product_case {
    const char *name;  /* what is computed */
    product_fn run;
    int n, k, m;       /* C is n x m; the sum runs over k */
    int a_transposed, b_transposed;
} product_case;

/* The products of the dense layers the kit trains most: 784 -> 256 and
 * 256 -> 784 (the auto-encoder's outer layers) on batches of 64, forward
 * and both backward products, and a square one. */
static const product_case cases[] = {
    {"784->256 forward  X W", mat_mul_add, 64, 784, 256, 0, 0},
    {"784->256 dX = dY W^T", mat_mul_add_bt, 64, 256, 784, 0, 1},
    {"784->256 dW = X^T dY", mat_mul_add_at, 784, 64, 256, 1, 0},
    {"256->784 forward  X W", mat_mul_add, 64, 256, 784, 0, 0},
    {"256->784 dX = dY W^T", mat_mul_add_bt, 64, 784, 256, 0, 1},
    {"256->784 dW = X^T dY", mat_mul_add_at, 256, 64, 784, 1, 0},
    {"square   C += A B", mat_mul_add, 512, 512, 512, 0, 0},
    {"square   C += A B^T", mat_mul_add_bt, 512, 512, 512, 0, 1},
    {"square   C += A^T B", mat_mul_add_at, 512, 512, 512, 1, 0},
};

static mat random_matrix(int rows, int cols, rng *r)
{
    mat m = mat_create(rows, cols);
    for (size_t i = 0; i < mat_size(&m); i++)
        m.data[i] = rng_uniform(r) - 0.5f;
    return m;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median over `runs` runs of units of work per second, where each run
 * calls work(ctx) again and again until min_ms milliseconds have passed
 * and one call does `units` of work. */
static double median_rate(void (*work)(void *ctx), void *ctx, double units,
                          int runs, double min_ms)
{
    double *rates = kit_alloc((size_t)runs, sizeof(double));
    for (int run = 0; run < runs; run++) {
        long calls = 0;
        double start = wall_seconds(), elapsed;
        do {
            work(ctx);
            calls++;
            elapsed = wall_seconds() - start;
        } while (elapsed * 1000 < min_ms);
        rates[run] = units * (double)calls / elapsed;
    }
    qsort(rates, (size_t)runs, sizeof(double), compare_doubles);
    double median = rates[runs / 2];
    free(rates);
    return median;
}

typedef struct product_work {
    const product_case *p;
    mat a, b, c;
} product_work;

static void run_product(void *ctx)
{
    product_work *w = ctx;
    w->p->run(&w->c, &w->a, &w->b);
}

/* The GFLOP/s of one product: 2 n k m floating-point operations a call. */
static double time_product(const product_case *p, int runs, double min_ms)
{
    rng r;
    rng_seed(&r, 1);
    product_work w = {p,
                      p->a_transposed ? random_matrix(p->k, p->n, &r)
                                      : random_matrix(p->n, p->k, &r),
                      p->b_transposed ? random_matrix(p->m, p->k, &r)
                                      : random_matrix(p->k, p->m, &r),
                      mat_create(p->n, p->m)};
    double gflop = 2.0 * p->n * p->k * p->m / 1e9;
    double rate = median_rate(run_product, &w, gflop, runs, min_ms);
    mat_free(&w.a);
    mat_free(&w.b);
    mat_free(&w.c);
    return rate;
}

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

/* Training images per second of the chapter 02 auto-encoder with code
 * size m (784-256-m-256-784, batch 64, Adam), on random images: the speed
 * does not depend on the pixels. */
static double time_autoencoder(int m, int runs, double min_ms)
{
    rng r;
    rng_seed(&r, 1);
    training_work w;
    ae_create(&w.ae, 784, 256, m, 64, &r);
    adam_init(&w.opt, w.ae.p.count, 1e-3f);
    w.x = random_matrix(64, 784, &r);
    for (size_t i = 0; i < mat_size(&w.x); i++)
        w.x.data[i] += 0.5f; /* pixels in [0, 1] */
    double rate = median_rate(run_training_step, &w, 64, runs, min_ms);
    adam_free(&w.opt);
    mat_free(&w.x);
    ae_free(&w.ae);
    return rate;
}

/* Words per second of chapter 04's skip-gram (D = 100, window 5, 5 noise
 * words, sub-sampling 1e-3), counted as word2vec counts them: every token
 * of the vocabulary read, before sub-sampling. The median of `runs`
 * epochs over the novels; 0 if the corpus is not there (make data). */
static double time_skipgram(int runs)
{
    char *text;
    if (austen_load(&text, AUSTEN_RDB) != 0)
        return 0;
    corpus c;
    corpus_create(&c, text, 5);
    free(text);
    rng r;
    rng_seed(&r, 1);
    embeddings e;
    embeddings_create(&e, c.words.size, 100, &r);
    sgns_plan plan = {.dim = 100, .window = 5, .noise = 5, .epochs = 1,
                      .lr = 0.025f, .sample = 1e-3f};
    double *rates = kit_alloc((size_t)runs, sizeof(double));
    for (int run = 0; run < runs; run++)
        sgns_train(&e, &c, &plan, &r, &rates[run]);
    qsort(rates, (size_t)runs, sizeof(double), compare_doubles);
    double median = rates[runs / 2];
    free(rates);
    embeddings_free(&e);
    corpus_free(&c);
    return median;
}

/* One epoch of chapter 05's recall training (forward, backward and an
 * Adam step every 16 examples) over 256 examples of 16 pairs. */
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

static double time_recall(int runs, double min_ms)
{
    recall_work w;
    rng_seed(&w.r, 1);
    recall_task task;
    recall_task_create(&task, 16, 16, 0.8f, &w.r);
    recall_set_create(&w.train, &task, 256, &w.r);
    recall_set_create(&w.held_out, &task, 1, &w.r);
    recall_model_create(&w.m, 16, 16, &w.r);
    double rate = median_rate(run_recall_epoch, &w, 256, runs, min_ms);
    recall_model_free(&w.m);
    recall_set_free(&w.train);
    recall_set_free(&w.held_out);
    recall_task_free(&task);
    return rate;
}

int main(int argc, char **argv)
{
    int runs = 9, quick = 0;
    float min_ms = 100;
    const cli_option options[] = {
        {"runs", CLI_INT, &runs, "timed runs per kernel (the median counts)"},
        {"min-ms", CLI_FLOAT, &min_ms, "shortest run, in milliseconds"},
        {"quick", CLI_FLAG, &quick, "one short run each (for tests)"},
    };
    cli_program program = {
        .summary = "Times the kit's kernels on one thread and prints "
                   "GFLOP/s.",
        .options = options, .count = CLI_COUNT(options)};
    cli_parse_or_exit(&program, argc, argv);
    if (quick)
        runs = 1, min_ms = 1;
    if (runs < 1 || !(min_ms > 0))
        die("--runs must be at least 1 and --min-ms positive");

    printf("%-30s %-22s %s\n", "kernel", "shape (n x k x m)",
           quick ? "GFLOP/s (quick)" : "GFLOP/s, median");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const product_case *p = &cases[i];
        char shape[64];
        snprintf(shape, sizeof shape, "%d x %d x %d", p->n, p->k, p->m);
        printf("%-30s %-22s %6.1f\n", p->name, shape,
               time_product(p, runs, min_ms));
        fflush(stdout);
    }
    printf("\n%-53s %s\n", "training, one thread",
           quick ? "speed (quick)" : "speed, median");
    printf("%-53s %6.0f images/s\n",
           "ch02 auto-encoder 784-256-32-256-784, Adam, batch 64",
           time_autoencoder(32, runs, min_ms));
    progress_quiet = 1;
    double words = time_skipgram(quick ? 1 : 3);
    if (words > 0)
        printf("%-53s %6.0f words/s\n",
               "ch04 skip-gram, D 100, window 5, 5 noise, Austen", words);
    else
        printf("ch04 skip-gram: no corpus (%s; run make data)\n",
               error_message());
    printf("%-53s %6.0f examples/s\n",
           "ch05 attention layer, 16 pairs, d 16, Adam every 16",
           time_recall(runs, min_ms));
    return 0;
}
