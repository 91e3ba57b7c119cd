/* ch02_autoencoder_main.c - the experiment of chapter 02.
 *
 * Trains auto-encoders with code sizes 2 to 64 on Fashion-MNIST, compares
 * each with PCA of the same size, and writes the results as TSV files:
 *     history.tsv     train and test error per epoch, for every m
 *     sweep.tsv       final test error against m, auto-encoder and PCA
 *     codes.tsv       the 2-D codes (m = 2) of the test images, by class
 *     recon.tsv       ten test images and their reconstructions at m = 2,
 *                     8 and 32 (a picture, x y value)
 *     generator.tsv   images decoded from a grid over the 2-D code plane
 *     between.tsv     images decoded between pairs of codes (m = 32)
 *     encoder.ckpt    the encoder of m = 32, for chapter 07
 *     decoder.ckpt    its decoder, for chapter 08
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ch02_autoencoder.h"
#include "core/analysis/pca.h"
#include "core/infra/cli.h"
#include "core/infra/error.h"
#include "core/infra/progress.h"
#include "core/infra/tsv.h"

#define SIDE 28 /* Fashion-MNIST images are 28 x 28 pixels */
#define GRID 16 /* the generator's picture: GRID x GRID decoded codes */
#define STEPS 10 /* images along each line between two codes */
#define SAVED_CODE_SIZE 32 /* the model later chapters build on */

static const int code_sizes[] = {2, 4, 8, 16, 32, 64};
#define CODE_SIZE_COUNT (int)(sizeof code_sizes / sizeof code_sizes[0])

typedef struct settings {
    int epochs, batch, hidden, train, test;
    float lr;
    cli_common run; /* --out, --seed, --quick, --quiet */
} settings;

/* Everything the experiment keeps between the models it trains. */
typedef struct experiment {
    const settings *s;
    image_set train, test;
    mat examples;   /* 10 x d: the first test image of each class */
    mat mosaic;     /* 40 x d: examples, then their reconstructions */
    pca pca;        /* fitted once, with the largest m */
    history history;
    tsv sweep;
    rng r;
} experiment;

/* --quick: a small, fast run (for tests). It sets defaults before the
 * flags are read, so that flags given with it still win. */
static void quick_defaults(void *settings_)
{
    settings *s = settings_;
    s->epochs = 2, s->train = 3000, s->test = 1000;
}

static void read_flags(settings *s, int argc, char **argv)
{
    const cli_option options[] = {
        {"epochs", CLI_INT, &s->epochs, "passes over the training images"},
        {"batch", CLI_INT, &s->batch, "images per Adam step"},
        {"lr", CLI_FLOAT, &s->lr, "Adam's learning rate"},
        {"hidden", CLI_INT, &s->hidden, "units in each hidden layer"},
        {"train", CLI_INT, &s->train, "training images used (at most 60000)"},
        {"test", CLI_INT, &s->test, "test images used (at most 10000)"},
    };
    cli_program program = {
        .summary =
            "Trains auto-encoders 784-h-m-h-784 with code sizes m = 2, 4, 8, 16,\n"
            "32 and 64 on Fashion-MNIST (from the dataset-fashion-mnist package,\n"
            "or $" FASHION_MNIST_VARIABLE "), with your chapter 02 code,"
            " compares them with\nPCA, and writes the errors, the 2-D codes and"
            " pictures of reconstructed\nand generated images as TSV files into"
            " the --out directory.",
        .options = options, .count = CLI_COUNT(options), .common = &s->run};
    cli_parse_experiment(&program, argc, argv, quick_defaults, s);
}

static void check_settings(settings *s)
{
    cli_check_range("epochs", s->epochs, 1, 1000);
    cli_check_range("batch", s->batch, 1, 4096);
    cli_check_range("hidden", s->hidden, 2, 4096);
    cli_check_range("train", s->train, 100, 60000);
    cli_check_range("test", s->test, 100, 10000);
    cli_check_positive("lr", s->lr);
}

/* The first test image of each class, the top row of the mosaic. */
static void pick_examples(experiment *e)
{
    int d = e->test.x.cols;
    e->examples = mat_create(10, d);
    e->mosaic = mat_create(40, d);
    for (int label = 0; label < 10; label++)
        for (int i = 0; i < e->test.x.rows; i++)
            if (e->test.labels[i] == label) {
                memcpy(mat_row(&e->examples, label), mat_row(&e->test.x, i),
                       (size_t)d * sizeof(float));
                break;
            }
    mat top = mat_rows(&e->mosaic, 0, 10);
    mat_copy(&top, &e->examples);
}

/* The test error of PCA with the first m components. */
static float pca_error(experiment *e, int m)
{
    mat codes = mat_create(e->test.x.rows, m);
    mat back = mat_create(e->test.x.rows, e->test.x.cols);
    pca_encode(&e->pca, &e->test.x, &codes, m);
    pca_decode(&e->pca, &codes, &back, m);
    double sum = 0;
    for (size_t i = 0; i < mat_size(&back); i++) {
        double diff = back.data[i] - e->test.x.data[i];
        sum += diff * diff;
    }
    float error = (float)(sum / (double)mat_size(&back));
    mat_free(&codes);
    mat_free(&back);
    return error;
}

static int compare_floats(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The q-quantile of column j of a (0 <= q <= 1). */
static float quantile(const mat *a, int j, float q)
{
    float *values = kit_alloc((size_t)a->rows, sizeof(float));
    for (int i = 0; i < a->rows; i++)
        values[i] = mat_get(a, i, j);
    qsort(values, (size_t)a->rows, sizeof(float), compare_floats);
    float v = values[(int)(q * (float)(a->rows - 1))];
    free(values);
    return v;
}

/* m = 2: the codes of the test images, and the decoder as a generator on
 * a grid that covers all but the outermost 1% of them on each axis. */
static void write_code_plane(experiment *e, autoencoder *ae)
{
    char path[OUTFILE_PATH_MAX];
    mat codes = mat_create(e->test.x.rows, 2);
    ae_encode(ae, &e->test.x, &codes);
    tsv t;
    tsv_open_in_or_die(&t, e->s->run.out, "codes.tsv", "z1\tz2\tlabel");
    for (int i = 0; i < codes.rows; i++)
        tsv_row(&t, "%.5f\t%.5f\t%d", mat_get(&codes, i, 0),
                mat_get(&codes, i, 1), e->test.labels[i]);
    tsv_close_or_die(&t);

    mat grid = mat_create(GRID * GRID, 2);
    mat images = mat_create(GRID * GRID, ae->d);
    code_grid(&grid, GRID, quantile(&codes, 0, 0.01f),
              quantile(&codes, 0, 0.99f), quantile(&codes, 1, 0.01f),
              quantile(&codes, 1, 0.99f));
    ae_decode(ae, &grid, &images);
    path_join(path, sizeof path, e->s->run.out, "generator.tsv");
    if (tsv_write_mosaic(path, &images, GRID, SIDE) != 0)
        die("%s", error_message());
    mat_free(&codes);
    mat_free(&grid);
    mat_free(&images);
}

/* m = 32: images decoded along the line between the codes of two
 * examples, for four pairs of classes. */
static void write_between(experiment *e, autoencoder *ae)
{
    static const int pairs[4][2] = {{7, 9}, {0, 3}, {1, 8}, {2, 5}};
    mat ends = mat_create(10, ae->m), line = mat_create(STEPS, ae->m);
    mat images = mat_create(4 * STEPS, ae->d);
    ae_encode(ae, &e->examples, &ends);
    for (int k = 0; k < 4; k++) {
        interpolate_codes(&line, mat_row(&ends, pairs[k][0]),
                          mat_row(&ends, pairs[k][1]));
        mat into = mat_rows(&images, k * STEPS, STEPS);
        ae_decode(ae, &line, &into);
    }
    char path[OUTFILE_PATH_MAX];
    path_join(path, sizeof path, e->s->run.out, "between.tsv");
    if (tsv_write_mosaic(path, &images, STEPS, SIDE) != 0)
        die("%s", error_message());
    mat_free(&ends);
    mat_free(&line);
    mat_free(&images);
}

/* The encoder, for chapter 07 to build on, and the decoder, for chapter
 * 08 to draw with. */
static void save_halves(const experiment *e, const autoencoder *ae)
{
    char encoder[OUTFILE_PATH_MAX], decoder[OUTFILE_PATH_MAX];
    path_join(encoder, sizeof encoder, e->s->run.out, "encoder.ckpt");
    path_join(decoder, sizeof decoder, e->s->run.out, "decoder.ckpt");
    if (ae_save_encoder(ae, encoder) != 0 ||
        ae_save_decoder(ae, decoder) != 0)
        die("%s", error_message());
}

/* Trains the model with code size m and writes what it is needed for. */
static void run_code_size(experiment *e, int m)
{
    const settings *s = e->s;
    autoencoder ae;
    ae_create(&ae, e->train.x.cols, s->hidden, m, s->batch, &e->r);
    ae_plan plan = {.epochs = s->epochs, .lr = s->lr, .history = &e->history};
    double start = wall_seconds();
    float error = ae_train(&ae, &plan, &e->train.x, &e->test.x, &e->r);
    double seconds = wall_seconds() - start;
    float pca = pca_error(e, m);
    tsv_row(&e->sweep, "%d\t%.6f\t%.6f", m, error, pca);
    printf("m = %2d: test error %.5f (PCA %.5f) after %d epochs, %.1f s, "
           "%.0f images/s\n", m, error, pca, s->epochs, seconds,
           (double)s->epochs * e->train.x.rows / seconds);
    fflush(stdout);
    if (error == 0)
        fprintf(stderr, "%s: a test error of exactly 0: are the exercises "
                        "written? (make grade CH=02 tells)\n", program_name());

    int row = m == 2 ? 1 : m == 8 ? 2 : m == 32 ? 3 : 0;
    if (row > 0) { /* reconstructions for the mosaic */
        mat codes = mat_create(10, m), into = mat_rows(&e->mosaic, 10 * row,
                                                        10);
        ae_encode(&ae, &e->examples, &codes);
        ae_decode(&ae, &codes, &into);
        mat_free(&codes);
    }
    if (m == 2)
        write_code_plane(e, &ae);
    if (m == SAVED_CODE_SIZE) {
        write_between(e, &ae);
        save_halves(e, &ae);
    }
    ae_free(&ae);
}

int main(int argc, char **argv)
{
    settings s = {.epochs = 10, .batch = 64, .hidden = 256, .train = 60000,
                  .test = 10000, .lr = 1e-3f,
                  .run = {.out = "build/data/ch02", .seed = 1}};
    read_flags(&s, argc, argv);
    check_settings(&s);

    experiment e = {.s = &s};
    rng_seed(&e.r, s.run.seed);
    if (fashion_mnist_load_both(&e.train, s.train, &e.test, s.test) != 0)
        die("%s", error_message());
    pick_examples(&e);
    pca_fit(&e.pca, &e.train.x, code_sizes[CODE_SIZE_COUNT - 1], &e.r);
    history_create(&e.history, ae_history, 4);
    tsv_open_in_or_die(&e.sweep, e.s->run.out, "sweep.tsv",
                       "m\tautoencoder\tpca");
    progress_run run; /* the models take about as long as each other */
    progress_run_start(&run, "model", CODE_SIZE_COUNT, NULL, s.run.quick);
    for (int i = 0; i < CODE_SIZE_COUNT; i++) {
        progress_run_stage(&run, "m = %d", code_sizes[i]);
        run_code_size(&e, code_sizes[i]);
    }
    progress_run_finish(&run);
    char path[OUTFILE_PATH_MAX];
    path_join(path, sizeof path, s.run.out, "recon.tsv");
    if (tsv_close(&e.sweep) != 0 ||
        tsv_write_mosaic(path, &e.mosaic, 10, SIDE) != 0)
        die("%s", error_message());
    history_write_or_die(&e.history, s.run.out, "history.tsv");
    history_free(&e.history);
    printf("results in %s/\n", s.run.out);

    pca_free(&e.pca);
    mat_free(&e.examples);
    mat_free(&e.mosaic);
    image_set_free(&e.train);
    image_set_free(&e.test);
    return 0;
}
