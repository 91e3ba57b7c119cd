/* bench.h - timing a piece of work on one thread (make bench).
 *
 * A measurement repeats the work until a run lasts at least min_ms
 * milliseconds, takes `runs` such runs and reports the median rate, which
 * a busy moment on the machine cannot drag far.
 *
 * A chapter with a hot loop worth timing adds src/chNN_T_bench.c, which
 * defines one entry named after the chapter; make bench finds the file
 * and prints a line for it:
 *
 *     static double time_steps(const bench_settings *s) { ... }
 *     const bench_entry ch02_autoencoder_bench = {
 *         .what = "ch02 auto-encoder 784-256-32-256-784, Adam, batch 64",
 *         .unit = "images/s", .rate = time_steps};
 */
#ifndef KIT_BENCH_H
#define KIT_BENCH_H

#include "core/learn/mat.h"
#include "core/learn/rng.h"

typedef struct bench_settings {
    int runs;      /* timed runs; the median counts */
    double min_ms; /* the shortest run, in milliseconds */
    int quick;     /* one short run (for tests) */
} bench_settings;

typedef struct bench_entry {
    const char *what; /* the line's label: the work and its shapes */
    const char *unit; /* of the rate: "images/s", "words/s" */
    /* The median rate, or 0 when the work cannot run (error_message()
     * says why, e.g. its data is missing). */
    double (*rate)(const bench_settings *s);
} bench_entry;

/* The median over s->runs runs of units of work per second, where each
 * run calls work(ctx) again and again until s->min_ms have passed and one
 * call does `units` of work. */
double bench_median_rate(void (*work)(void *ctx), void *ctx, double units,
                         const bench_settings *s);

/* The median of count rates (sorted in place). */
double bench_median(double *rates, int count);

/* A rows x cols matrix of numbers drawn uniformly from [-0.5, 0.5). */
mat bench_random_matrix(int rows, int cols, rng *r);

#endif
