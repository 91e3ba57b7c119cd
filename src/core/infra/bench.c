/* bench.c - timing a piece of work on one thread. */
#include "bench.h"

#include <stdlib.h>

#include "core/infra/error.h"
#include "core/infra/progress.h"

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *rates, int count)
{
    qsort(rates, (size_t)count, sizeof(double), compare_doubles);
    return rates[count / 2];
}

double bench_median_rate(void (*work)(void *ctx), void *ctx, double units,
                         const bench_settings *s)
{
    double *rates = kit_alloc((size_t)s->runs, sizeof(double));
    for (int run = 0; run < s->runs; run++) {
        long calls = 0;
        double start = wall_seconds(), elapsed;
        do {
            work(ctx);
            calls++;
            elapsed = wall_seconds() - start;
        } while (elapsed * 1000 < s->min_ms);
        rates[run] = units * (double)calls / elapsed;
    }
    double median = bench_median(rates, s->runs);
    free(rates);
    return median;
}

mat bench_random_matrix(int rows, int cols, rng *r)
{
    mat m = mat_create(rows, cols);
    for (size_t i = 0; i < mat_size(&m); i++)
        m.data[i] = rng_uniform(r) - 0.5f;
    return m;
}
