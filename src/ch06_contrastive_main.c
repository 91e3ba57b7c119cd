/* ch06_contrastive_main.c - the experiment of chapter 06.
 *
 * Trains an encoder and projection head with NT-Xent on Fashion-MNIST,
 * measures its representation with a linear probe and a k-nearest-
 * neighbour vote against the same network untrained, chapter 02's
 * auto-encoder with codes of the same size and the raw pixels, varies
 * the temperature and the augmentations, and writes:
 *     history.tsv      loss, alignment and uniformity per epoch
 *     accuracy.tsv     probe and kNN test accuracy of each representation
 *     ablation.tsv     probe accuracy of short runs: temperatures, and one
 *                      augmentation left out at a time
 *     projection.tsv   the test representations in 2-D (PCA), by class,
 *                      the contrastive encoder's and the auto-encoder's
 *     views.tsv        a few images and two augmented views of each
 *     similarities_before.tsv, similarities_after.tsv
 *                      the cosines of those views' projections, before
 *                      and after training
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ch06_contrastive.h"
#include "core/analysis/autoencoder.h"
#include "core/analysis/pca.h"
#include "core/analysis/probe.h"
#include "core/datasets/idx.h"
#include "core/infra/cli.h"
#include "core/infra/error.h"
#include "core/infra/outfile.h"
#include "core/infra/progress.h"
#include "core/infra/tsv.h"
#include "core/learn/checkpoint.h"

#define WATCHED 1000 /* test images whose views are measured each epoch */
#define SHOWN 8      /* images in the picture of views */

typedef struct settings {
    int epochs, short_epochs, short_train, ae_epochs, probe_epochs, batch,
        hidden, size, head, train, test, neighbours;
    float lr, tau;
    augmentations augment; /* of the main run */
    cli_common run; /* --out, --seed, --quick, --quiet */
} settings;

typedef struct experiment {
    const settings *s;
    image_set train, test;
    tsv accuracy;
    rng r;
    progress_run parts; /* for the progress line */
} experiment;

static void quick_defaults(void *settings_)
{
    settings *s = settings_;
    s->epochs = 1, s->short_epochs = 1, s->ae_epochs = 1, s->probe_epochs = 1;
    s->train = 3000, s->short_train = 3000, s->test = 1000;
}

static void read_flags(settings *s, int argc, char **argv)
{
    const cli_option options[] = {
        {"epochs", CLI_INT, &s->epochs, "epochs of the main run"},
        {"short-epochs", CLI_INT, &s->short_epochs,
         "epochs of each run of the table"},
        {"short-train", CLI_INT, &s->short_train,
         "training images of each run of the table"},
        {"ae-epochs", CLI_INT, &s->ae_epochs, "epochs of the auto-encoder"},
        {"probe-epochs", CLI_INT, &s->probe_epochs, "epochs of each probe"},
        {"batch", CLI_INT, &s->batch, "images per step (twice as many views)"},
        {"hidden", CLI_INT, &s->hidden, "units of the encoder's hidden layer"},
        {"size", CLI_INT, &s->size, "numbers in a representation"},
        {"head", CLI_INT, &s->head, "numbers in a projection"},
        {"lr", CLI_FLOAT, &s->lr, "Adam's learning rate"},
        {"tau", CLI_FLOAT, &s->tau, "the temperature of the main run"},
        {"neighbours", CLI_INT, &s->neighbours, "k of the kNN vote"},
        {"crop", CLI_FLOAT, &s->augment.crop, "smallest crop (1: none)"},
        {"shift", CLI_INT, &s->augment.shift, "largest shift of a view"},
        {"jitter", CLI_FLOAT, &s->augment.jitter,
         "change of grey levels (0: none)"},
        {"noise", CLI_FLOAT, &s->augment.noise, "pixel noise of a view"},
        {"erase", CLI_INT, &s->augment.erase, "1: blank a box half the time"},
        {"flip", CLI_INT, &s->augment.flip, "1: mirror half the time"},
        {"train", CLI_INT, &s->train, "training images used (at most 60000)"},
        {"test", CLI_INT, &s->test, "test images used (at most 10000)"},
    };
    cli_program program = {
        .summary =
            "Trains an encoder with the NT-Xent contrastive loss on two"
            " augmented\nviews of each Fashion-MNIST image (from the package"
            " dataset-fashion-mnist,\nor $" FASHION_MNIST_VARIABLE "), with"
            " your chapter 06 code; measures the representation\nwith a"
            " linear probe and k nearest neighbours, and writes TSV files"
            " into\nthe --out directory.",
        .options = options, .count = CLI_COUNT(options), .common = &s->run};
    cli_parse_experiment(&program, argc, argv, quick_defaults, s);
}

static void check_settings(const settings *s)
{
    cli_check_range("epochs", s->epochs, 1, 1000);
    cli_check_range("short-epochs", s->short_epochs, 1, 1000);
    cli_check_range("short-train", s->short_train, 100, s->train);
    cli_check_range("ae-epochs", s->ae_epochs, 1, 1000);
    cli_check_range("probe-epochs", s->probe_epochs, 1, 1000);
    cli_check_range("batch", s->batch, 2, 4096);
    cli_check_range("hidden", s->hidden, 2, 4096);
    cli_check_range("size", s->size, 2, 1024);
    cli_check_range("head", s->head, 2, 1024);
    cli_check_range("train", s->train, 100, 60000);
    cli_check_range("test", s->test, WATCHED, 10000);
    cli_check_range("neighbours", s->neighbours, 1, 100);
    cli_check_positive("lr", s->lr);
    cli_check_positive("tau", s->tau);
    const augmentations *a = &s->augment;
    cli_check_between("crop", a->crop, 0.1, 1);
    cli_check_range("flip", a->flip, 0, 1);
    cli_check_range("shift", a->shift, 0, SIDE / 2);
    cli_check_between("jitter", a->jitter, 0, 0.9); /* a gain above 0 */
    cli_check_between("noise", a->noise, 0, 1);
    cli_check_range("erase", a->erase, 0, 1);
}

/* A fresh network of the chapter's shape. */
static void create(experiment *e, net *model, rng *r)
{
    const settings *s = e->s;
    contrastive_create(model, e->train.x.cols, s->hidden, s->size, s->head,
                       2 * s->batch, r);
}

static float probe(experiment *e, const mat *train, const mat *test,
                   const char *name, rng *r)
{
    probe_plan plan = {.epochs = e->s->probe_epochs, .batch = 64,
                       .lr = 1e-3f, .label = name};
    return probe_accuracy(train, e->train.labels, test, e->test.labels,
                          e->train.classes, &plan, r);
}

/* Probe and kNN accuracy of one representation, a row of accuracy.tsv. */
static void measure(experiment *e, const char *name, const mat *train,
                    const mat *test)
{
    float linear = probe(e, train, test, name, &e->r);
    float knn = knn_accuracy(train, e->train.labels, test, e->test.labels,
                             e->s->neighbours, e->train.classes);
    tsv_row(&e->accuracy, "%s\t%d\t%.4f\t%.4f", name, train->cols, linear,
            knn);
    printf("%-28s %4d numbers: linear probe %.2f%%, %d-NN %.2f%%\n", name,
           train->cols, 100 * linear, e->s->neighbours, 100 * knn);
    fflush(stdout);
}

/* The representations of the train and test images by layer `layer` of
 * a network. */
typedef struct features {
    mat train, test;
} features;

static features features_of(experiment *e, net *model, int layer)
{
    int size = model->sizes[layer + 1];
    features f = {mat_create(e->train.x.rows, size),
                  mat_create(e->test.x.rows, size)};
    net_layer_outputs(model, &e->train.x, layer, &f.train);
    net_layer_outputs(model, &e->test.x, layer, &f.test);
    return f;
}

static void features_free(features *f)
{
    mat_free(&f->train);
    mat_free(&f->test);
}

/* The first two principal components of test representations. */
static mat plane_of(experiment *e, const mat *test)
{
    mat codes = mat_create(test->rows, 2);
    pca p;
    pca_fit(&p, test, 2, &e->r);
    pca_encode(&p, test, &codes, 2);
    pca_free(&p);
    return codes;
}

/* Both models' test representations in 2-D, by class. */
static void write_projection(experiment *e, const mat *contrastive,
                             const mat *autoencoder)
{
    mat a = plane_of(e, contrastive), b = plane_of(e, autoencoder);
    tsv t;
    tsv_open_in_or_die(&t, e->s->run.out, "projection.tsv",
                       "contrastive_x\tcontrastive_y\tautoencoder_x\t"
                       "autoencoder_y\tclass");
    for (int i = 0; i < a.rows; i++)
        tsv_row(&t, "%.4f\t%.4f\t%.4f\t%.4f\t%d", mat_get(&a, i, 0),
                mat_get(&a, i, 1), mat_get(&b, i, 0), mat_get(&b, i, 1),
                e->test.labels[i]);
    tsv_close_or_die(&t);
    mat_free(&a);
    mat_free(&b);
}

/* The views of the SHOWN images come from a generator seeded the same
 * each time, so that the picture of the views and both matrices of
 * similarities show the same views. */
static rng shown_views_rng(void)
{
    rng fixed;
    rng_seed(&fixed, 7);
    return fixed;
}

/* SHOWN test images, then a view of each, then another view of each. */
static void write_views(experiment *e)
{
    mat images = mat_rows(&e->test.x, 0, SHOWN);
    mat views = mat_create(2 * SHOWN, images.cols);
    mat picture = mat_create(3 * SHOWN, images.cols);
    rng r = shown_views_rng();
    make_views(&views, &images, &e->s->augment, &r);
    mat top = mat_rows(&picture, 0, SHOWN), rest = mat_rows(&picture, SHOWN,
                                                            2 * SHOWN);
    mat_copy(&top, &images);
    mat_copy(&rest, &views);
    char path[OUTFILE_PATH_MAX];
    path_join(path, sizeof path, e->s->run.out, "views.tsv");
    if (tsv_write_mosaic(path, &picture, SHOWN, SIDE) != 0)
        die("%s", error_message());
    mat_free(&picture);
    mat_free(&views);
}

/* The similarities of the projections of the shown views, into `name`:
 * rows and columns 1 to SHOWN are the first views, 1' to SHOWN' the
 * second. */
static void write_similarities(experiment *e, net *model, const char *name)
{
    char labels[2 * SHOWN][8];
    const char *names[2 * SHOWN];
    for (int i = 0; i < 2 * SHOWN; i++) {
        snprintf(labels[i], sizeof labels[i], "%d%s", i % SHOWN + 1,
                 i < SHOWN ? "" : "'");
        names[i] = labels[i];
    }
    mat images = mat_rows(&e->test.x, 0, SHOWN);
    mat s = mat_create(2 * SHOWN, 2 * SHOWN);
    rng r = shown_views_rng();
    contrastive_similarities(model, &images, &e->s->augment, &r, &s);
    char path[OUTFILE_PATH_MAX];
    path_join(path, sizeof path, e->s->run.out, name);
    if (tsv_write_matrix(path, "view", names, names, &s) != 0)
        die("%s", error_message());
    mat_free(&s);
}

/* A short run on the first short_train images, probed on them. Every
 * short run draws from a generator seeded the same, so that its starting
 * weights, its batches and the random parts of its views are those of
 * the others: two rows of the table differ in their setting only. */
static float short_run(experiment *e, float tau, augmentations a)
{
    const settings *s = e->s;
    rng r;
    rng_seed(&r, (uint64_t)s->run.seed + 1);
    mat train = mat_rows(&e->train.x, 0, s->short_train);
    net model;
    create(e, &model, &r);
    contrastive_plan plan = {.epochs = s->short_epochs, .lr = s->lr,
                             .tau = tau, .augment = a};
    contrastive_train(&model, &plan, &train, &r);
    mat train_f = mat_create(train.rows, s->size);
    mat test_f = mat_create(e->test.x.rows, s->size);
    contrastive_features(&model, &train, &train_f);
    contrastive_features(&model, &e->test.x, &test_f);
    float accuracy = probe(e, &train_f, &test_f, "probe", &r);
    mat_free(&train_f);
    mat_free(&test_f);
    net_free(&model);
    return accuracy;
}

/* The main run's augmentations with one left out. */
static augmentations without(const augmentations *a, int which)
{
    augmentations less = *a;
    if (which == 0)
        less.crop = 1;
    if (which == 1)
        less.flip = 0;
    if (which == 2)
        less.shift = 0;
    if (which == 3)
        less.jitter = 0;
    if (which == 4)
        less.noise = 0;
    if (which == 5)
        less.erase = 0;
    return less;
}

/* Short runs: three temperatures, then each augmentation left out. */
static void write_ablation(experiment *e)
{
    tsv t;
    tsv_open_in_or_die(&t, e->s->run.out, "ablation.tsv", "run\tprobe");
    const float taus[] = {0.1f, 0.5f, 1.0f};
    for (int i = 0; i < 3; i++) {
        progress_run_stage(&e->parts, "tau %.1f", taus[i]);
        float accuracy = short_run(e, taus[i], e->s->augment);
        tsv_row(&t, "tau %.1f\t%.2f%%", taus[i], 100 * accuracy);
        printf("tau %.1f: linear probe %.2f%%\n", taus[i], 100 * accuracy);
    }
    const char *names[] = {"no crop",  "no flip",  "no shift",
                           "no jitter", "no noise", "no erasing"};
    for (int i = 0; i < 6; i++) {
        progress_run_stage(&e->parts, "%s", names[i]);
        float accuracy = short_run(e, e->s->tau, without(&e->s->augment, i));
        tsv_row(&t, "%s\t%.2f%%", names[i], 100 * accuracy);
        printf("%s: linear probe %.2f%%\n", names[i], 100 * accuracy);
    }
    tsv_close_or_die(&t);
}

/* A hint when training went nowhere: stubs, or steps too large. A real
 * NT-Xent loss is above 0: each partner's probability is below 1 while
 * the other views have finite similarities. */
static void explain_failure(float loss)
{
    fflush(stdout); /* the hint after what the run printed so far */
    if (!isfinite(loss))
        fprintf(stderr, "%s: training diverged (the loss is no longer a "
                        "number): try a smaller --lr or a larger --tau\n",
                program_name());
    else if (loss <= 0)
        fprintf(stderr, "%s: the loss is %g: are the exercises written? "
                        "(make grade CH=06 tells)\n",
                program_name(), loss);
}

/* The trained encoder's layers, for later chapters to build on. */
static void save_encoder(const experiment *e, const net *model)
{
    char path[OUTFILE_PATH_MAX];
    path_join(path, sizeof path, e->s->run.out, "encoder.ckpt");
    if (checkpoint_save(model, REPRESENTATION_LAYER + 1, path) != 0)
        die("%s", error_message());
}

/* The contrastive encoder, trained; measured against its own untrained
 * self. Returns its test representations. */
static mat run_contrastive(experiment *e, history *hist)
{
    const settings *s = e->s;
    net model;
    create(e, &model, &e->r);
    progress_run_stage(&e->parts, "random encoder");
    features f = features_of(e, &model, REPRESENTATION_LAYER);
    measure(e, "random encoder", &f.train, &f.test);
    features_free(&f);
    write_similarities(e, &model, "similarities_before.tsv");
    progress_run_stage(&e->parts, "contrastive encoder");
    mat watch = mat_rows(&e->test.x, 0, WATCHED);
    contrastive_plan plan = {.epochs = s->epochs, .lr = s->lr, .tau = s->tau,
                             .augment = s->augment, .history = hist,
                             .watch = &watch};
    double start = wall_seconds();
    float loss = contrastive_train(&model, &plan, &e->train.x, &e->r);
    printf("trained %d epoch(s) in %.1f s\n", s->epochs,
           wall_seconds() - start);
    explain_failure(loss);
    save_encoder(e, &model);
    write_similarities(e, &model, "similarities_after.tsv");
    f = features_of(e, &model, REPRESENTATION_LAYER);
    measure(e, "contrastive encoder", &f.train, &f.test);
    mat_free(&f.train);
    net_free(&model);
    return f.test;
}

/* Chapter 02's auto-encoder with codes of the same size. Returns its test
 * codes. */
static mat run_autoencoder(experiment *e)
{
    const settings *s = e->s;
    progress_run_stage(&e->parts, "auto-encoder");
    net model;
    baseline_autoencoder_create(&model, e->train.x.cols, s->hidden, s->size,
                                s->batch, &e->r);
    baseline_autoencoder_train(&model, s->ae_epochs, s->lr, &e->train.x,
                               &e->r);
    features f = features_of(e, &model, BASELINE_CODE_LAYER);
    measure(e, "auto-encoder codes", &f.train, &f.test);
    mat_free(&f.train);
    net_free(&model);
    return f.test;
}

/* The parts of the run: the random encoder, the contrastive one, the
 * auto-encoder, the raw pixels, and nine short runs. */
#define PARTS 13

/* The work of each part, for the progress line, in multiply-adds: one
 * for each weight an image meets on its way through a network, three
 * when it is trained on (forward and backward), and as many again for
 * a view's augmentation. Measured, the auto-encoder, the probes and
 * the kNN vote run at about 1/1.4 of the speed of contrastive steps. */
static double measure_work(const settings *s, double features)
{
    double n = s->train, t = s->test, probe = 3.0 * 10 * s->probe_epochs;
    return 1.4 * (probe * n * features + t * n * (features + 16));
}

static void plan_work(const settings *s, int d, double work[PARTS])
{
    double n = s->train, t = s->test, m = s->size;
    double f = (double)s->hidden * (d + m) + m * (m + s->head);
    double code = s->hidden * (2.0 * d + 2 * m), image = 2 * 2 * 3 * f;
    work[0] = (n + t) * f + measure_work(s, m);
    work[1] = s->epochs * n * image + (n + t) * f + measure_work(s, m);
    work[2] = 1.4 * (3 * s->ae_epochs * n + n + t) * code +
              measure_work(s, m);
    work[3] = measure_work(s, d);
    for (int i = 4; i < PARTS; i++)
        work[i] = (s->short_epochs * image + f) * s->short_train + t * f;
}

int main(int argc, char **argv)
{
    settings s = {.epochs = 12, .short_epochs = 2, .short_train = 12000,
                  .ae_epochs = 6, .probe_epochs = 20, .batch = 256,
                  .hidden = 256, .size = 32, .head = 32, .train = 60000,
                  .test = 10000, .neighbours = 10, .lr = 1e-3f, .tau = 0.1f,
                  .augment = default_augmentations,
                  .run = {.out = "build/data/ch06", .seed = 1}};
    read_flags(&s, argc, argv);
    check_settings(&s);

    experiment e = {.s = &s};
    rng_seed(&e.r, s.run.seed);
    if (fashion_mnist_load_both(&e.train, s.train, &e.test, s.test) != 0)
        die("%s", error_message());
    tsv_open_in_or_die(&e.accuracy, s.run.out, "accuracy.tsv",
                       "representation\tsize\tprobe\tknn");
    double work[PARTS];
    plan_work(&s, e.train.x.cols, work);
    progress_run_start(&e.parts, "part", PARTS, work, s.run.quick);
    history hist;
    history_create(&hist, contrastive_history, 4);
    mat contrastive = run_contrastive(&e, &hist);
    history_write_or_die(&hist, s.run.out, "history.tsv");
    mat autoencoder = run_autoencoder(&e);
    progress_run_stage(&e.parts, "raw pixels");
    measure(&e, "raw pixels", &e.train.x, &e.test.x);
    tsv_close_or_die(&e.accuracy);
    write_projection(&e, &contrastive, &autoencoder);
    write_views(&e);
    write_ablation(&e);
    progress_run_finish(&e.parts);
    printf("results in %s/\n", s.run.out);

    mat_free(&contrastive);
    mat_free(&autoencoder);
    history_free(&hist);
    image_set_free(&e.train);
    image_set_free(&e.test);
    return 0;
}
