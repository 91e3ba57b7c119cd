/* @CH@_main.c - the experiment of chapter @NN@.
 *
 * Fits a line to noisy points by the mean absolute error and writes:
 *     points.tsv    the points and the fitted line at each (x y fit)
 *     history.tsv   the error, epoch by epoch
 */
#include <stdio.h>

#include "@CH@.h"
#include "core/infra/cli.h"
#include "core/infra/error.h"
#include "core/infra/tsv.h"

typedef struct settings {
    int points, epochs, batch;
    float lr;
    cli_common run; /* --out, --seed, --quick, --quiet */
} settings;

/* --quick: a small, fast run (for tests). It sets defaults before the
 * flags are read, so that flags given with it still win. */
static void quick_defaults(void *settings_)
{
    settings *s = settings_;
    s->points = 200, s->epochs = 60;
}

static void read_flags(settings *s, int argc, char **argv)
{
    const cli_option options[] = {
        {"points", CLI_INT, &s->points, "points to fit"},
        {"epochs", CLI_INT, &s->epochs, "passes over the points"},
        {"batch", CLI_INT, &s->batch, "points per step"},
        {"lr", CLI_FLOAT, &s->lr, "learning rate"},
    };
    cli_program program = {
        .summary = "Fits a line to noisy points by the mean absolute error,"
                   " with your\nchapter @NN@ code, and writes the points,"
                   " the line and the error\nas TSV files into --out.",
        .options = options, .count = CLI_COUNT(options), .common = &s->run};
    cli_parse_experiment(&program, argc, argv, quick_defaults, s);
}

static void check_settings(const settings *s)
{
    cli_check_range("points", s->points, 2, 1000000);
    cli_check_range("epochs", s->epochs, 1, 100000);
    cli_check_range("batch", s->batch, 1, 100000);
    cli_check_positive("lr", s->lr);
}

static void write_points(const points *p, const line *l, const char *out)
{
    mat fit = mat_create(p->x.rows, 1);
    line_predict(l, &p->x, &fit);
    tsv t;
    tsv_open_in_or_die(&t, out, "points.tsv", "x\ty\tfit");
    for (int i = 0; i < p->x.rows; i++)
        tsv_row(&t, "%.5f\t%.5f\t%.5f", p->x.data[i], p->y.data[i],
                fit.data[i]);
    tsv_close_or_die(&t);
    mat_free(&fit);
}

int main(int argc, char **argv)
{
    settings s = {.points = 1000, .epochs = 100, .batch = 32, .lr = 0.02f,
                  .run = {.out = "build/data/ch@NN@", .seed = 1}};
    read_flags(&s, argc, argv);
    check_settings(&s);

    rng r;
    rng_seed(&r, s.run.seed);
    points p;
    points_create(&p, s.points, &r);
    history hist;
    history_create(&hist, line_history, 2);
    line l = {0, 0};
    line_plan plan = {.epochs = s.epochs, .batch = s.batch, .lr = s.lr,
                      .history = &hist};
    float error = line_fit(&l, &p, &plan, &r);
    printf("fitted y = %.3f x %+.3f (the points lie near y = 2x - 1); "
           "mean absolute error %.4f\n", l.w, l.b, error);

    write_points(&p, &l, s.run.out);
    history_write_or_die(&hist, s.run.out, "history.tsv");
    printf("results in %s/\n", s.run.out);
    history_free(&hist);
    points_free(&p);
    return 0;
}
