/* ch03_masking_main.c - the experiment of chapter 03.
 *
 * Trains masked auto-encoders on Fashion-MNIST with 25%, 50% and 75% of
 * each image hidden, compares their masked-pixel error with filling the
 * holes with the mean image, measures with linear probes how useful their
 * hidden layer is (against raw pixels and a chapter 02 auto-encoder), and
 * makes language-model training pairs from a sentence. Writes TSV files:
 *     history.tsv    train loss and test masked-pixel error per epoch
 *     errors.tsv     test error of each model and of the mean-fill guess
 *     probes.tsv     test accuracy of a linear probe on each representation
 *     examples.tsv   test images, masked, and painted back (a picture)
 *     pairs.tsv      (context, next word) pairs of the sentence
 *     masked.tsv     the sentence with words hidden, and the targets
 *     encoder.ckpt   the 75% model's first two layers, for chapter 07
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ch03_masking.h"
#include "core/analysis/autoencoder.h"
#include "core/analysis/probe.h"
#include "core/datasets/text.h"
#include "core/infra/cli.h"
#include "core/infra/error.h"
#include "core/infra/progress.h"
#include "core/infra/tsv.h"

#define SIDE 28
#define PATCH 4          /* 7 x 7 = 49 patches of 4 x 4 pixels */
#define SHOWN 8          /* test images in the picture */
#define PLAIN_CODE 32    /* numbers in a code of chapter 02's auto-encoder */
#define MAE_FEATURES 1   /* the layer whose output is probed */
#define SAVED_RATIO 0.75f /* the model whose encoder chapter 07 builds on */
#define SENTENCE "To date, the cleverest thinker of all time was Isaac"

static const float ratios[] = {0.25f, 0.5f, 0.75f};
#define RATIOS (int)(sizeof ratios / sizeof ratios[0])

typedef struct settings {
    int epochs, probe_epochs, batch, hidden, train, test;
    float lr;
    cli_common run; /* --out, --seed, --quick, --quiet */
} settings;

typedef struct experiment {
    const settings *s;
    image_set train, test;
    mat picture; /* 3 rows per ratio: original, masked, painted back */
    history history;
    tsv errors, probes;
    tsv errors_table, probes_table; /* the same, formatted for the book */
    rng r;
} experiment;

/* --quick: a small, fast run (for tests). It sets defaults before the
 * flags are read, so that flags given with it still win. */
static void quick_defaults(void *settings_)
{
    settings *s = settings_;
    s->epochs = 1, s->probe_epochs = 2, s->train = 3000, s->test = 1000;
}

static void read_flags(settings *s, int argc, char **argv)
{
    const cli_option options[] = {
        {"epochs", CLI_INT, &s->epochs, "epochs of each auto-encoder"},
        {"probe-epochs", CLI_INT, &s->probe_epochs, "epochs of each probe"},
        {"batch", CLI_INT, &s->batch, "images per Adam step"},
        {"lr", CLI_FLOAT, &s->lr, "Adam's learning rate"},
        {"hidden", CLI_INT, &s->hidden, "units in each hidden layer"},
        {"train", CLI_INT, &s->train, "training images used (at most 60000)"},
        {"test", CLI_INT, &s->test, "test images used (at most 10000)"},
    };
    cli_program program = {
        .summary =
            "Trains masked auto-encoders on Fashion-MNIST (from the package\n"
            "dataset-fashion-mnist, or $" FASHION_MNIST_VARIABLE ") with 25, 50"
            " and 75% of\neach image hidden in 4 x 4 patches, with your chapter"
            " 03 code; compares\nthem with a mean-image guess, probes their"
            " hidden layer with a linear\nclassifier, and makes language-model"
            " training pairs from a sentence.\nWrites TSV files into the --out"
            " directory.",
        .options = options, .count = CLI_COUNT(options), .common = &s->run};
    cli_parse_experiment(&program, argc, argv, quick_defaults, s);
}

static void check_settings(settings *s)
{
    cli_check_range("epochs", s->epochs, 1, 1000);
    cli_check_range("probe-epochs", s->probe_epochs, 1, 1000);
    /* The picture's SHOWN images are painted back as one batch. */
    cli_check_range("batch", s->batch, SHOWN, 4096);
    cli_check_range("hidden", s->hidden, 2, 4096);
    cli_check_range("train", s->train, 100, 60000);
    cli_check_range("test", s->test, SHOWN, 10000);
    cli_check_positive("lr", s->lr);
}

/* Row block `r` of the picture: the first SHOWN test images as the model
 * sees them (hidden pixels grey) and as it paints them back (its guesses
 * in the holes, the rest as it was). */
static void add_to_picture(experiment *e, net *model, const mat *masks, int r)
{
    mat shown = mat_rows(&e->test.x, 0, SHOWN);
    mat holes = mat_rows(masks, 0, SHOWN);
    mat painted = mat_create(SHOWN, shown.cols);
    mae_paint(model, &shown, &holes, &painted);
    for (int i = 0; i < SHOWN; i++)
        for (int j = 0; j < shown.cols; j++) {
            float x = mat_get(&shown, i, j);
            mat_set(&e->picture, 3 * r * SHOWN + i, j, x);
            mat_set(&e->picture, (3 * r + 1) * SHOWN + i, j,
                    mat_get(&holes, i, j) != 0 ? 0.3f : x);
            mat_set(&e->picture, (3 * r + 2) * SHOWN + i, j,
                    mat_get(&painted, i, j));
        }
    mat_free(&painted);
}

static float probe(experiment *e, const mat *train, const mat *test,
                   const char *name)
{
    probe_plan plan = {.epochs = e->s->probe_epochs, .batch = 64, .lr = 1e-3f,
                       .label = name};
    float accuracy = probe_accuracy(train, e->train.labels, test,
                                    e->test.labels, 10, &plan, &e->r);
    tsv_row(&e->probes, "%s\t%d\t%.4f", name, train->cols, accuracy);
    tsv_row(&e->probes_table, "%s\t%d\t%.2f%%", name, train->cols,
            100 * accuracy);
    printf("linear probe on %-26s %4d features: test accuracy %.2f%%\n",
           name, train->cols, 100 * accuracy);
    fflush(stdout);
    return accuracy;
}

/* The encoder, for chapter 07 to build on. */
static void save_encoder(const experiment *e, const net *model)
{
    char path[OUTFILE_PATH_MAX];
    path_join(path, sizeof path, e->s->run.out, "encoder.ckpt");
    if (mae_save_encoder(model, path) != 0)
        die("%s", error_message());
}

/* The masked auto-encoder at one ratio: train, compare, probe, picture. */
static void run_ratio(experiment *e, int index)
{
    const settings *s = e->s;
    float ratio = ratios[index];
    int d = e->train.x.cols;
    rng fixed; /* the same test masks whatever happened before */
    rng_seed(&fixed, s->run.seed * 1000 + (uint64_t)index);
    mat masks = mat_create(e->test.x.rows, d);
    draw_masks(&masks, SIDE, PATCH, ratio, &fixed);

    net model;
    mae_create(&model, d, s->hidden, s->batch, &e->r);
    mae_plan plan = {.epochs = s->epochs, .lr = s->lr, .ratio = ratio,
                     .side = SIDE, .patch = PATCH, .history = &e->history};
    double start = wall_seconds();
    float error = mae_train(&model, &plan, &e->train.x, &e->test.x, &masks,
                            &e->r);
    float guess = mean_fill_error(&e->train.x, &e->test.x, &masks);
    float cut = guess > 0 ? 1 - error / guess : 0;
    tsv_row(&e->errors, "%.2f\t%.6f\t%.6f\t%.4f", ratio, error, guess, cut);
    tsv_row(&e->errors_table, "%.0f%%\t%.5f\t%.5f\t%.1f%%", 100 * ratio,
            guess, error, 100 * cut);
    printf("ratio %.2f: masked-pixel error %.5f, mean-image guess %.5f: "
           "%.1f%% lower (%.1f s)\n", ratio, error, guess, 100 * cut,
           wall_seconds() - start);
    if (error == 0)
        fprintf(stderr, "%s: a masked-pixel error of exactly 0: are the "
                        "exercises written? (make grade CH=03 tells)\n",
                program_name());
    add_to_picture(e, &model, &masks, index);
    if (ratio == SAVED_RATIO)
        save_encoder(e, &model);

    char name[64];
    snprintf(name, sizeof name, "masked auto-encoder, %.0f%%", 100 * ratio);
    mat train_f = mat_create(e->train.x.rows, s->hidden);
    mat test_f = mat_create(e->test.x.rows, s->hidden);
    mae_features(&model, &e->train.x, MAE_FEATURES, &train_f);
    mae_features(&model, &e->test.x, MAE_FEATURES, &test_f);
    probe(e, &train_f, &test_f, name);
    mat_free(&train_f);
    mat_free(&test_f);
    mat_free(&masks);
    net_free(&model);
}

/* Chapter 02's auto-encoder (784-h-32-h-784), trained on whole images,
 * and its 32-number codes probed. */
static void run_plain_autoencoder(experiment *e)
{
    const settings *s = e->s;
    net model;
    baseline_autoencoder_create(&model, e->train.x.cols, s->hidden,
                                PLAIN_CODE, s->batch, &e->r);
    baseline_autoencoder_train(&model, s->epochs, s->lr, &e->train.x, &e->r);
    mat train_codes = mat_create(e->train.x.rows, PLAIN_CODE);
    mat test_codes = mat_create(e->test.x.rows, PLAIN_CODE);
    net_layer_outputs(&model, &e->train.x, BASELINE_CODE_LAYER, &train_codes);
    net_layer_outputs(&model, &e->test.x, BASELINE_CODE_LAYER, &test_codes);
    probe(e, &train_codes, &test_codes, "chapter 02 auto-encoder codes");
    mat_free(&train_codes);
    mat_free(&test_codes);
    net_free(&model);
}

/* The word of an id, or "?" for an id that is none (what a stub or a
 * bug may leave). */
static const char *word_of(const vocab *v, int id)
{
    return id >= 0 && id < v->size ? vocab_word(v, id) : "?";
}

/* The words of ids, separated by spaces, leaving out the pads. */
static void join_words(char *text, size_t size, const vocab *v,
                       const int *ids, int count, int pad)
{
    text[0] = '\0';
    for (int i = 0; i < count; i++) {
        if (ids[i] == pad)
            continue;
        size_t used = strlen(text);
        snprintf(text + used, size - used, "%s%s", used ? " " : "",
                 word_of(v, ids[i]));
    }
}

/* The training pairs of a language model: one per word of the sentence,
 * the whole prefix before it as the context (n_ctx = T = length). */
static void write_pairs(experiment *e, const vocab *v, const int *tokens,
                        int length, int pad)
{
    int *contexts = kit_alloc((size_t)length * (size_t)length, sizeof(int));
    int *targets = kit_alloc((size_t)length, sizeof(int));
    for (int i = 0; i < length * length; i++)
        contexts[i] = pad; /* in case the exercise leaves them */
    for (int i = 0; i < length; i++)
        targets[i] = pad;
    next_token_pairs(contexts, targets, tokens, length, length, pad);
    tsv t;
    tsv_open_in_or_die(&t, e->s->run.out, "pairs.tsv",
                       "context (the feature)\tnext word (the label)");
    for (int i = 0; i < length; i++) {
        char text[1024];
        join_words(text, sizeof text, v, contexts + i * length, length, pad);
        tsv_row(&t, "%s\t%s", text[0] ? text : "(nothing yet)",
                word_of(v, targets[i]));
    }
    tsv_close_or_die(&t);
    free(contexts);
    free(targets);
}

/* The sentence with 30% of its words hidden, for a masked language
 * model, and the words to predict. */
static void write_masked(experiment *e, const vocab *v, const int *tokens,
                         int length, int pad, int mask_id)
{
    int *inputs = kit_alloc((size_t)length, sizeof(int));
    int *targets = kit_alloc((size_t)length, sizeof(int));
    for (int i = 0; i < length; i++)
        inputs[i] = pad, targets[i] = -1;
    rng r;
    rng_seed(&r, e->s->run.seed);
    mask_tokens(inputs, targets, tokens, length, 0.3f, mask_id, -1, &r);
    char text[1024], wanted[1024] = "";
    join_words(text, sizeof text, v, inputs, length, pad);
    for (int i = 0; i < length; i++)
        if (targets[i] >= 0) {
            size_t used = strlen(wanted);
            snprintf(wanted + used, sizeof wanted - used, "%s%s",
                     used ? ", " : "", word_of(v, targets[i]));
        }
    tsv t;
    tsv_open_in_or_die(&t, e->s->run.out, "masked.tsv", "input\ttargets");
    tsv_row(&t, "%s\t%s", text, wanted);
    tsv_close_or_die(&t);
    free(inputs);
    free(targets);
}

static void write_sentence_tables(experiment *e)
{
    vocab v;
    vocab_create(&v);
    int pad = vocab_add(&v, "<pad>"), mask_id = vocab_add(&v, "[mask]");
    int tokens[64];
    int length = (int)tokenize(SENTENCE, &v, tokens, 64);
    write_pairs(e, &v, tokens, length, pad);
    write_masked(e, &v, tokens, length, pad, mask_id);
    vocab_free(&v);
}

/* The work of each model, for the progress line: multiply-adds, three
 * for each weight a training image meets (forward and backward), one
 * for a test image. Measured, a probe's small layer runs at about a
 * quarter of the speed, and masks cost a masked model 15% more. */
static void plan_work(const settings *s, int d, double work[2 + RATIOS])
{
    double h = s->hidden, images = (s->train + s->test / 3.0) * s->epochs;
    double probed = 4 * 3.0 * 10 * s->probe_epochs * s->train;
    work[0] = probed * d;
    work[1] = 3 * images * h * (2 * d + 2 * PLAIN_CODE) + probed * PLAIN_CODE;
    for (int i = 0; i < RATIOS; i++)
        work[2 + i] = 1.15 * 3 * images * h * (3 * d + 2 * h) + probed * h;
}

int main(int argc, char **argv)
{
    settings s = {.epochs = 10, .probe_epochs = 10, .batch = 64,
                  .hidden = 256, .train = 60000, .test = 10000, .lr = 1e-3f,
                  .run = {.out = "build/data/ch03", .seed = 1}};
    read_flags(&s, argc, argv);
    check_settings(&s);

    experiment e = {.s = &s};
    rng_seed(&e.r, s.run.seed);
    if (fashion_mnist_load_both(&e.train, s.train, &e.test, s.test) != 0)
        die("%s", error_message());
    e.picture = mat_create(3 * RATIOS * SHOWN, e.test.x.cols);
    history_create(&e.history, mae_history, 4);
    tsv_open_in_or_die(&e.errors, e.s->run.out, "errors.tsv",
                       "ratio\tmodel\tmean_fill\tcut");
    tsv_open_in_or_die(&e.probes, e.s->run.out, "probes.tsv",
                       "features\tsize\taccuracy");
    tsv_open_in_or_die(&e.errors_table, e.s->run.out, "errors_table.tsv",
                       "hidden\tmean image\tmasked auto-encoder\tlower by");
    tsv_open_in_or_die(&e.probes_table, e.s->run.out, "probes_table.tsv",
                       "features\tsize\ttest accuracy");
    write_sentence_tables(&e);
    double work[2 + RATIOS];
    plan_work(&s, e.train.x.cols, work);
    progress_run run;
    progress_run_start(&run, "model", 2 + RATIOS, work, s.run.quick);
    progress_run_stage(&run, "raw pixels");
    probe(&e, &e.train.x, &e.test.x, "raw pixels");
    progress_run_stage(&run, "chapter 02 auto-encoder");
    run_plain_autoencoder(&e);
    for (int i = 0; i < RATIOS; i++) {
        progress_run_stage(&run, "ratio %.2f", ratios[i]);
        run_ratio(&e, i);
    }
    progress_run_finish(&run);
    char path[OUTFILE_PATH_MAX];
    path_join(path, sizeof path, s.run.out, "examples.tsv");
    if (tsv_close(&e.errors) != 0 ||
        tsv_close(&e.probes) != 0 || tsv_close(&e.errors_table) != 0 ||
        tsv_close(&e.probes_table) != 0 ||
        tsv_write_mosaic(path, &e.picture, SHOWN, SIDE) != 0)
        die("%s", error_message());
    history_write_or_die(&e.history, s.run.out, "history.tsv");
    printf("results in %s/\n", s.run.out);

    history_free(&e.history);
    mat_free(&e.picture);
    image_set_free(&e.train);
    image_set_free(&e.test);
    return 0;
}
