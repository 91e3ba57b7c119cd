/* ch01_layers_main.c - the experiment of chapter 01.
 *
 * Fits a 1-D curve with a sum of ReLU kinks, then trains a ReLU network
 * with a 2-D embedding layer on two spirals and on three rings, and writes
 * what it learned as TSV files for the figures (see --help).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ch01_layers.h"
#include "core/infra/cli.h"
#include "core/infra/error.h"
#include "core/infra/progress.h"
#include "core/infra/tsv.h"

typedef struct settings {
    int points, epochs, batch, hidden, width, units, steps_1d;
    float lr, noise;
    cli_common run; /* --out, --seed, --quick, --quiet */
} settings;

/* --quick: a small, fast run (for tests). It sets defaults before the
 * flags are read, so that flags given with it still win. */
static void quick_defaults(void *settings_)
{
    settings *s = settings_;
    s->epochs = 40;
    s->steps_1d /= 10;
}

static void read_flags(settings *s, int argc, char **argv)
{
    const cli_option options[] = {
        {"points", CLI_INT, &s->points, "points in each data set"},
        {"noise", CLI_FLOAT, &s->noise, "standard deviation of the noise"},
        {"epochs", CLI_INT, &s->epochs, "passes over the data"},
        {"batch", CLI_INT, &s->batch, "points per SGD step"},
        {"lr", CLI_FLOAT, &s->lr, "learning rate"},
        {"hidden", CLI_INT, &s->hidden, "hidden ReLU layers (1 to 6)"},
        {"width", CLI_INT, &s->width, "units in each hidden layer"},
        {"units", CLI_INT, &s->units, "ReLU units of the 1-D fit (1 to 64)"},
    };
    cli_program program = {
        .summary =
            "Trains ReLU networks on 2-D point sets (two spirals, three rings)\n"
            "and a 1-D curve, with your chapter 01 code, and writes the data,\n"
            "the loss and accuracy per epoch, the decision regions and the\n"
            "learned 2-D embedding as TSV files into the --out directory.",
        .options = options, .count = CLI_COUNT(options), .common = &s->run};
    cli_parse_experiment(&program, argc, argv, quick_defaults, s);
}

static void check_settings(settings *s)
{
    cli_check_range("points", s->points, 10, 1000000);
    cli_check_range("epochs", s->epochs, 1, 1000000);
    cli_check_range("batch", s->batch, 1, s->points);
    cli_check_range("hidden", s->hidden, 1, CLASSIFIER_MAX_HIDDEN);
    cli_check_range("width", s->width, 2, 4096);
    cli_check_range("units", s->units, 1, 64);
    cli_check_positive("lr", s->lr);
    if (s->noise < 0)
        die("--noise must not be negative, not %g", s->noise);
}

/* ---- Pictures of what the network learned ----------------------------- */

#define PLANE 1.25f /* pictures of the input plane span [-PLANE, PLANE]^2 */
#define SNAPSHOTS 4 /* of the embedding, during training */

/* A G x G grid of points over [lo, hi] x [lo2, hi2], row by row. */
static mat grid_points(int G, float lo, float hi, float lo2, float hi2)
{
    mat g = mat_create(G * G, 2);
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++) {
            mat_set(&g, i * G + j, 0, lo + (hi - lo) * (float)j / (G - 1));
            mat_set(&g, i * G + j, 1, lo2 + (hi2 - lo2) * (float)i / (G - 1));
        }
    return g;
}

static void write_points(const char *dir, const dataset *ds)
{
    tsv t;
    char name[64];
    snprintf(name, sizeof name, "%s_data.tsv", ds->name);
    tsv_open_in_or_die(&t, dir, name, "x1\tx2\tlabel");
    for (int i = 0; i < ds->x.rows; i++)
        tsv_row(&t, "%.5f\t%.5f\t%d", mat_get(&ds->x, i, 0),
                mat_get(&ds->x, i, 1), ds->labels[i]);
    tsv_close_or_die(&t);
}

/* The class the network gives each point of the input plane, and its
 * confidence: the largest softmax probability. */
static void write_regions(const char *dir, net *model, const dataset *ds)
{
    const int G = 150;
    mat g = grid_points(G, -PLANE, PLANE, -PLANE, PLANE);
    int *predicted = kit_alloc((size_t)g.rows, sizeof(int));
    float *confidence = kit_alloc((size_t)g.rows, sizeof(float));
    classify(model, &g, predicted, confidence);
    tsv t;
    char name[64];
    snprintf(name, sizeof name, "%s_regions.tsv", ds->name);
    tsv_open_in_or_die(&t, dir, name, "x1\tx2\tclass\tconfidence");
    for (int i = 0; i < g.rows; i++)
        tsv_row(&t, "%.4f\t%.4f\t%d\t%.4f", mat_get(&g, i, 0),
                mat_get(&g, i, 1), predicted[i], confidence[i]);
    tsv_close_or_die(&t);
    mat_free(&g);
    free(predicted);
    free(confidence);
}

/* The files written during training: snapshots of the embedding. */
typedef struct snapshots {
    tsv points;  /* the training points in the embedding */
    tsv regions; /* the classifier's decision over the embedding plane */
    tsv grid;    /* the lines of the input plane, carried to the embedding */
    const dataset *ds;
    int epochs;
} snapshots;

static void snapshots_open(snapshots *s, const char *dir, const dataset *ds,
                           int epochs)
{
    char name[64];
    snprintf(name, sizeof name, "%s_embedding.tsv", ds->name);
    tsv_open_in_or_die(&s->points, dir, name, "epoch\tz1\tz2\tlabel");
    snprintf(name, sizeof name, "%s_zregions.tsv", ds->name);
    tsv_open_in_or_die(&s->regions, dir, name, "epoch\tz1\tz2\tclass");
    snprintf(name, sizeof name, "%s_grid.tsv", ds->name);
    tsv_open_in_or_die(&s->grid, dir, name, "epoch\tx1\tx2\tz1\tz2");
    s->ds = ds;
    s->epochs = epochs;
}

static void snapshots_close(snapshots *s)
{
    tsv_close_or_die(&s->points);
    tsv_close_or_die(&s->regions);
    tsv_close_or_die(&s->grid);
}

/* The lines of a regular grid over the input plane, carried through the
 * network to the embedding: one block per line, x1 x2 z1 z2. */
static void write_warped_grid(tsv *t, net *model, int epoch)
{
    const int lines = 17, samples = 120;
    mat x = mat_create(2 * lines * samples, 2);
    mat z = mat_create(x.rows, 2);
    for (int dir = 0, i = 0; dir < 2; dir++)
        for (int l = 0; l < lines; l++)
            for (int s = 0; s < samples; s++, i++) {
                float across = -PLANE + 2 * PLANE * (float)l / (lines - 1);
                float along = -PLANE + 2 * PLANE * (float)s / (samples - 1);
                mat_set(&x, i, dir, along);
                mat_set(&x, i, 1 - dir, across);
            }
    net_layer_outputs(model, &x, embedding_layer(model), &z);
    for (int i = 0; i < x.rows; i++) {
        tsv_row(t, "%d\t%.5f\t%.5f\t%.5f\t%.5f", epoch, mat_get(&x, i, 0),
                mat_get(&x, i, 1), mat_get(&z, i, 0), mat_get(&z, i, 1));
        if ((i + 1) % samples == 0)
            tsv_blank(t);
    }
    tsv_blank(t); /* two blank lines end a snapshot (gnuplot's index) */
    mat_free(&x);
    mat_free(&z);
}

/* The classifier's decision over the part of the embedding plane that
 * the points z cover. */
static void write_embedding_regions(tsv *t, const net *model, const mat *z,
                                    int epoch)
{
    float lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    for (int i = 0; i < z->rows; i++)
        for (int j = 0; j < 2; j++) {
            lo[j] = fminf(lo[j], mat_get(z, i, j));
            hi[j] = fmaxf(hi[j], mat_get(z, i, j));
        }
    const int G = 100;
    float margin[2] = {0.1f * (hi[0] - lo[0]) + 1e-3f,
                       0.1f * (hi[1] - lo[1]) + 1e-3f};
    mat g = grid_points(G, lo[0] - margin[0], hi[0] + margin[0],
                        lo[1] - margin[1], hi[1] + margin[1]);
    int *predicted = kit_alloc((size_t)g.rows, sizeof(int));
    classify_embedding(model, &g, predicted);
    for (int i = 0; i < g.rows; i++)
        tsv_row(t, "%d\t%.5f\t%.5f\t%d", epoch, mat_get(&g, i, 0),
                mat_get(&g, i, 1), predicted[i]);
    tsv_blank(t);
    tsv_blank(t);
    mat_free(&g);
    free(predicted);
}

/* The training points in the embedding, and the decision around them. */
static void write_embedding(snapshots *s, net *model, int epoch)
{
    const dataset *ds = s->ds;
    mat z = mat_create(ds->x.rows, 2);
    net_layer_outputs(model, &ds->x, embedding_layer(model), &z);
    for (int i = 0; i < z.rows; i++)
        tsv_row(&s->points, "%d\t%.5f\t%.5f\t%d", epoch, mat_get(&z, i, 0),
                mat_get(&z, i, 1), ds->labels[i]);
    tsv_blank(&s->points);
    tsv_blank(&s->points);
    write_embedding_regions(&s->regions, model, &z, epoch);
    mat_free(&z);
}

/* Snapshots fall at epoch 0 and at epochs spaced evenly on a log scale
 * up to the last, E^(s / (S-1)): more of them early, when the embedding
 * changes fastest. */
static int is_snapshot(int epoch, int epochs)
{
    if (epoch == 0)
        return 1;
    for (int s = 1; s < SNAPSHOTS; s++) {
        double f = (double)s / (double)(SNAPSHOTS - 1);
        if (epoch == (int)lround(pow((double)epochs, f)))
            return 1;
    }
    return 0;
}

/* classifier_train calls this after each epoch. */
static void snapshot(void *ctx, net *model, int epoch)
{
    snapshots *s = ctx;
    if (!is_snapshot(epoch, s->epochs))
        return;
    write_embedding(s, model, epoch);
    write_warped_grid(&s->grid, model, epoch);
}

/* ---- The experiment --------------------------------------------------- */

static void run_dataset(const settings *s, dataset *ds, rng *r)
{
    const char *dir = s->run.out;
    write_points(dir, ds);
    snapshots shots;
    snapshots_open(&shots, dir, ds, s->epochs);
    history hist;
    history_create(&hist, classifier_history, 3);
    net model;
    classifier_create(&model, s->hidden, s->width, ds->classes, s->batch, r);
    classifier_plan plan = {.epochs = s->epochs, .lr = s->lr, .history = &hist,
                            .after_epoch = snapshot, .ctx = &shots};
    double start = wall_seconds();
    float accuracy = classifier_train(&model, ds, &plan, r);
    write_regions(dir, &model, ds);
    snapshots_close(&shots);
    char name[64];
    snprintf(name, sizeof name, "%s_history.tsv", ds->name);
    history_write_or_die(&hist, dir, name);
    printf("%-8s train accuracy %5.1f%% after %d epochs (%.1f s)\n",
           ds->name, 100 * accuracy, s->epochs, wall_seconds() - start);
    if (s->epochs >= 10 && accuracy < 1.0f / (float)ds->classes + 0.05f)
        fprintf(stderr, "%s: %s stayed at chance level: are the exercises "
                        "written? (make grade CH=01 tells)\n",
                program_name(), ds->name);
    history_free(&hist);
    net_free(&model);
    dataset_free(ds);
}

/* x, the curve, the fit, and each unit's share of the fit. */
static void write_curve_fit(const char *dir, const curve_fit *f)
{
    int units = f->shares.cols;
    char header[1024] = "x\ttarget\tfit";
    for (int j = 0; j < units; j++)
        snprintf(header + strlen(header), sizeof header - strlen(header),
                 "\tunit%d", j + 1);
    tsv t;
    tsv_open_in_or_die(&t, dir, "relu_1d.tsv", header);
    for (int i = 0; i < f->x.rows; i++) {
        char line[2048];
        snprintf(line, sizeof line, "%.4f\t%.5f\t%.5f", f->x.data[i],
                 f->target.data[i], f->fit.data[i]);
        for (int j = 0; j < units; j++)
            snprintf(line + strlen(line), sizeof line - strlen(line),
                     "\t%.5f", mat_get(&f->shares, i, j));
        tsv_row(&t, "%s", line);
    }
    tsv_close_or_die(&t);
}

int main(int argc, char **argv)
{
    settings s = {.points = 1000, .epochs = 300, .batch = 32, .hidden = 3,
                  .width = 32, .units = 8, .steps_1d = 6000, .lr = 0.1f,
                  .noise = 0.03f,
                  .run = {.out = "build/data/ch01", .seed = 1}};
    read_flags(&s, argc, argv);
    check_settings(&s);

    rng r;
    rng_seed(&r, s.run.seed);
    /* The work of each model, in points through a classifier: a point of
     * the 1-D fit (200 a step) costs about a fiftieth of one. */
    const double work[] = {(double)s.steps_1d * 200 / 50,
                           (double)s.epochs * s.points,
                           (double)s.epochs * s.points};
    progress_run run;
    progress_run_start(&run, "model", 3, work, s.run.quick);
    progress_run_stage(&run, "1-D fit");
    /* Each unit adds its own step to the output: scale the rate to match. */
    curve_fit fit;
    fit_curve_1d(&fit, s.units, s.steps_1d, 0.16f / (float)s.units, &r);
    write_curve_fit(s.run.out, &fit);
    curve_fit_free(&fit);
    dataset spirals, rings;
    make_spirals(&spirals, s.points, s.noise, &r);
    make_rings(&rings, s.points, s.noise, &r);
    progress_run_stage(&run, "%s", spirals.name);
    run_dataset(&s, &spirals, &r);
    progress_run_stage(&run, "%s", rings.name);
    run_dataset(&s, &rings, &r);
    progress_run_finish(&run);
    printf("results in %s/\n", s.run.out);
    return 0;
}
