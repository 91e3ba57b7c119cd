/* bench.c - how fast the kit's kernels run (make bench).
 *
 * Each line times one kernel on one thread, the median of several runs
 * (see core/infra/bench.h): first the matrix products every layer is made
 * of, in GFLOP/s, then one line for each chapter that has a
 * src/chNN_T_bench.c (its training steps link the reference solutions).
 * With --out DIR it also writes what it measured, and on what machine, as
 * TSVs (the book quotes them: its speeds are those of the machine that
 * built it).
 */
#include <stdio.h>
#include <string.h>

#include "core/infra/bench.h"
#include "core/infra/cli.h"
#include "core/infra/error.h"
#include "core/infra/progress.h"
#include "core/infra/tsv.h"
#include "core/learn/mat.h"
#include "core/learn/rng.h"

/* The chapters' entries, NULL-terminated: the Makefile writes this table
 * (build/gen/bench_entries.c) from the src/ch*_bench.c it finds. */
extern const bench_entry *const bench_entries[];

typedef void (*product_fn)(mat *c, const mat *a, const mat *b);

typedef struct product_case {
    const char *id;    /* a short key for the book: layer1.forward, ... */
    const char *name;  /* what is computed */
    product_fn run;
    int rows, inner, cols; /* C is rows x cols; the sum runs over inner */
    int a_transposed, b_transposed;
} product_case;

/* The products of the dense layers the kit trains most: 784 -> 256 and
 * 256 -> 784 (the auto-encoder's outer layers) on batches of 64, forward
 * and both backward products, and a square one. */
static const product_case cases[] = {
    {"layer1.forward", "784->256 forward  X W", mat_mul_add, 64, 784, 256, 0, 0},
    {"layer1.dx", "784->256 dX = dY W^T", mat_mul_add_bt, 64, 256, 784, 0, 1},
    {"layer1.dw", "784->256 dW = X^T dY", mat_mul_add_at, 784, 64, 256, 1, 0},
    {"layer4.forward", "256->784 forward  X W", mat_mul_add, 64, 256, 784, 0, 0},
    {"layer4.dx", "256->784 dX = dY W^T", mat_mul_add_bt, 64, 784, 256, 0, 1},
    {"layer4.dw", "256->784 dW = X^T dY", mat_mul_add_at, 256, 64, 784, 1, 0},
    {"square.ab", "square   C += A B", mat_mul_add, 512, 512, 512, 0, 0},
    {"square.abt", "square   C += A B^T", mat_mul_add_bt, 512, 512, 512, 0, 1},
    {"square.atb", "square   C += A^T B", mat_mul_add_at, 512, 512, 512, 1, 0},
};

typedef struct product_work {
    const product_case *p;
    mat a, b, c;
} product_work;

static void run_product(void *ctx)
{
    product_work *w = ctx;
    w->p->run(&w->c, &w->a, &w->b);
}

/* The GFLOP/s of one product: 2 rows inner cols floating-point operations
 * a call. */
static double time_product(const product_case *p, const bench_settings *s)
{
    rng r;
    rng_seed(&r, 1);
    product_work w = {
        .p = p,
        .a = p->a_transposed ? bench_random_matrix(p->inner, p->rows, &r)
                             : bench_random_matrix(p->rows, p->inner, &r),
        .b = p->b_transposed ? bench_random_matrix(p->cols, p->inner, &r)
                             : bench_random_matrix(p->inner, p->cols, &r),
        .c = mat_create(p->rows, p->cols)};
    double gflop = 2.0 * p->rows * p->inner * p->cols / 1e9;
    double rate = bench_median_rate(run_product, &w, gflop, s);
    mat_free(&w.a);
    mat_free(&w.b);
    mat_free(&w.c);
    return rate;
}

/* Each product's rate, printed, and written to products.tsv in out (when
 * out is not NULL). */
static void time_products(const bench_settings *s, const char *out)
{
    tsv t;
    if (out)
        tsv_open_in_or_die(&t, out, "products.tsv",
                           "id\tkernel\trows\tinner\tcols\tgflops");
    printf("%-30s %-22s %s\n", "kernel", "rows x inner x cols",
           s->quick ? "GFLOP/s (quick)" : "GFLOP/s, median");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const product_case *p = &cases[i];
        char shape[64];
        snprintf(shape, sizeof shape, "%d x %d x %d", p->rows, p->inner,
                 p->cols);
        double rate = time_product(p, s);
        printf("%-30s %-22s %6.1f\n", p->name, shape, rate);
        fflush(stdout);
        if (out)
            tsv_row(&t, "%s\t%s\t%d\t%d\t%d\t%.1f", p->id, p->name,
                    p->rows, p->inner, p->cols, rate);
    }
    if (out)
        tsv_close_or_die(&t);
}

/* Each chapter's training speed, printed, and written to training.tsv in
 * out (when out is not NULL), keyed by the chapter (the first word of the
 * entry's label). */
static void time_chapters(const bench_settings *s, const char *out)
{
    tsv t;
    if (out)
        tsv_open_in_or_die(&t, out, "training.tsv",
                           "chapter\twork\trate\tunit");
    printf("\n%-53s %s\n", "training, one thread",
           s->quick ? "speed (quick)" : "speed, median");
    progress_quiet = 1;
    for (const bench_entry *const *e = bench_entries; *e; e++) {
        double rate = (*e)->rate(s);
        if (rate > 0)
            printf("%-53s %6.0f %s\n", (*e)->what, rate, (*e)->unit);
        else
            printf("%-53s cannot run: %s\n", (*e)->what, error_message());
        fflush(stdout);
        if (out && rate > 0)
            tsv_row(&t, "%.4s\t%s\t%.0f\t%s", (*e)->what, (*e)->what, rate,
                    (*e)->unit);
    }
    if (out)
        tsv_close_or_die(&t);
}

/* The processor's name and its widest vectors, as /proc/cpuinfo gives
 * them ("unknown" elsewhere). */
static void describe_processor(char *name, size_t size, const char **vectors)
{
    snprintf(name, size, "unknown");
    *vectors = "unknown";
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[4096];
    int named = 0, flagged = 0;
    while ((!named || !flagged) && fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        if (!named && strncmp(line, "model name", 10) == 0) {
            snprintf(name, size, "%s", colon + 2);
            name[strcspn(name, "\n")] = '\0';
            named = 1;
        } else if (!flagged && strncmp(line, "flags", 5) == 0) {
            *vectors = strstr(line, " avx512f") ? "AVX-512"
                       : strstr(line, " avx2")  ? "AVX2"
                                                : "SSE";
            flagged = 1;
        }
    }
    fclose(f);
}

/* machine.tsv: what the speeds were measured on, so that a reader can set
 * them beside their own. */
static void write_machine(const bench_settings *s, const char *out)
{
    char cpu[256];
    const char *vectors;
    describe_processor(cpu, sizeof cpu, &vectors);
    tsv t;
    tsv_open_in_or_die(&t, out, "machine.tsv",
                       "processor\tvectors\tthreads\truns");
    tsv_row(&t, "%s\t%s\t1\t%d", cpu, vectors, s->runs);
    tsv_close_or_die(&t);
}

int main(int argc, char **argv)
{
    int runs = 9, quick = 0;
    float min_ms = 100;
    const char *out = NULL;
    const cli_option options[] = {
        {"runs", CLI_INT, &runs, "timed runs per kernel (the median counts)"},
        {"min-ms", CLI_FLOAT, &min_ms, "shortest run, in milliseconds"},
        {"quick", CLI_FLAG, &quick, "one short run each (for tests)"},
        {"out", CLI_STRING, &out,
         "also write products.tsv, training.tsv and machine.tsv there"},
    };
    cli_program program = {
        .summary = "Times the kit's kernels on one thread: the matrix\n"
                   "products in GFLOP/s, then each chapter's training steps.",
        .options = options, .count = CLI_COUNT(options)};
    cli_parse_or_exit(&program, argc, argv);
    if (quick)
        runs = 1, min_ms = 1;
    if (runs < 1 || !(min_ms > 0))
        die("--runs must be at least 1 and --min-ms positive");
    bench_settings s = {.runs = runs, .min_ms = min_ms, .quick = quick};
    if (out && make_dirs(out) != 0)
        die("%s", error_message());
    time_products(&s, out);
    time_chapters(&s, out);
    if (out)
        write_machine(&s, out);
    return 0;
}
