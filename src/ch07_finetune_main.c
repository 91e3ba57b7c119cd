/* ch07_finetune_main.c - the experiment of chapter 07.
 *
 * Loads the encoders chapters 02, 03 and 06 trained without labels, and
 * reuses each on Fashion-MNIST's classes with few labels: final-layer
 * adaptation (f frozen, a new head trained) and fine-tuning (f and the
 * head trained), against the same network trained from scratch. Writes:
 *     efficiency.tsv   test accuracy against labels per class, for every
 *                      way and encoder: mean, lowest and highest of the
 *                      seeds
 *     efficiency_table.tsv  the same, formatted for the book
 *     gains.tsv        each way's gain over training from scratch on the
 *                      same labelled images: mean, lowest and highest
 *     transfer.tsv     encoders pretrained on five classes' images only,
 *                      adapted to the other five
 *     confusion.tsv    the confusion matrix of the best model with 10
 *                      labels per class
 *     rates.tsv        test accuracy during fine-tuning, for several
 *                      learning rates of the encoder, and how far the
 *                      encoder moved from where it started
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ch07_finetune.h"
#include "core/analysis/autoencoder.h"
#include "core/datasets/idx.h"
#include "core/infra/cli.h"
#include "core/infra/error.h"
#include "core/infra/outfile.h"
#include "core/infra/progress.h"
#include "core/infra/tsv.h"
#include "core/learn/net.h"

#define HIDDEN 256   /* hidden units of every encoder */
#define MAX_SEEDS 10
#define FEW 10       /* labels per class of the confusion matrix */

/* Where the pretrained encoders come from. */
typedef struct source {
    const char *name;    /* in the TSV files' column names */
    const char *title;   /* in the book's table */
    const char *chapter; /* whose run saves it: DIR/chapter/encoder.ckpt */
    int m, code_relu;    /* its representation */
} source;

static const source sources[] = {
    {"autoencoder", "auto-encoder", "ch02", 32, 0},
    {"masked", "masked auto-encoder", "ch03", 256, 1},
    {"contrastive", "contrastive", "ch06", 32, 0},
};
#define SOURCES (int)(sizeof sources / sizeof sources[0])

typedef struct settings {
    int seeds, batch, passes, min_steps, max_steps, pretrain_epochs, train,
        test;
    float lr, encoder_lr, large_lr;
    const char *checkpoints;
    cli_common run; /* --out, --seed, --quick, --quiet */
} settings;

/* A task: labelled training images to pick from, and test images. */
typedef struct task {
    const image_set *train, *test;
} task;

/* An encoder f to start from, and its representations z of a task's
 * training and test images (for final-layer adaptation). */
typedef struct encoder {
    classifier f;  /* f's weights; the head is not used */
    float lr;      /* f's learning rate when fine-tuned */
    int fresh;     /* 1: fine-tuning starts from a new random f each run
                      (training from scratch) */
    mat z[2];
} encoder;

typedef struct experiment {
    const settings *s;
    image_set train, test;
    encoder pretrained[SOURCES];
    encoder random; /* from scratch: a new random f for each run */
    progress_run progress; /* a stage for each run, for the time left */
    long runs;
} experiment;

static void quick_defaults(void *settings_)
{
    settings *s = settings_;
    s->seeds = 2, s->min_steps = 20, s->max_steps = 40;
    s->pretrain_epochs = 1, s->train = 3000, s->test = 1000;
}

static void read_flags(settings *s, int argc, char **argv)
{
    const cli_option options[] = {
        {"checkpoints", CLI_STRING, &s->checkpoints,
         "where chapters 02, 03 and 06 saved their encoders (DIR/chNN/"
         "encoder.ckpt)"},
        {"seeds", CLI_INT, &s->seeds, "runs of each point, with other seeds"},
        {"batch", CLI_INT, &s->batch, "images per step"},
        {"passes", CLI_INT, &s->passes, "passes over a labelled subset"},
        {"min-steps", CLI_INT, &s->min_steps, "fewest steps of a run"},
        {"max-steps", CLI_INT, &s->max_steps, "most steps of a run"},
        {"lr", CLI_FLOAT, &s->lr, "Adam's learning rate: the head, scratch"},
        {"encoder-lr", CLI_FLOAT, &s->encoder_lr,
         "the encoder's learning rate when fine-tuning"},
        {"large-lr", CLI_FLOAT, &s->large_lr,
         "an encoder learning rate too large, for rates.tsv"},
        {"pretrain-epochs", CLI_INT, &s->pretrain_epochs,
         "epochs of each auto-encoder of transfer.tsv"},
        {"train", CLI_INT, &s->train, "training images used (at most 60000)"},
        {"test", CLI_INT, &s->test, "test images used (at most 10000)"},
    };
    cli_program program = {
        .summary =
            "Reuses the encoders chapters 02, 03 and 06 trained without"
            " labels on\nFashion-MNIST (from the package"
            " dataset-fashion-mnist, or $" FASHION_MNIST_VARIABLE "):"
            " final-layer\nadaptation and fine-tuning with few labels per"
            " class, against training\nfrom scratch, with your chapter 07"
            " code; writes TSV files into the --out\ndirectory.",
        .options = options, .count = CLI_COUNT(options), .common = &s->run};
    cli_parse_experiment(&program, argc, argv, quick_defaults, s);
}

static void check_settings(const settings *s)
{
    cli_check_range("seeds", s->seeds, 1, MAX_SEEDS);
    cli_check_range("batch", s->batch, 1, 4096);
    cli_check_range("passes", s->passes, 1, 10000);
    cli_check_range("min-steps", s->min_steps, 1, 1000000);
    cli_check_range("max-steps", s->max_steps, s->min_steps, 1000000);
    cli_check_range("pretrain-epochs", s->pretrain_epochs, 1, 1000);
    cli_check_range("train", s->train, 100, 60000);
    cli_check_range("test", s->test, 100, 10000);
    cli_check_positive("lr", s->lr);
    cli_check_positive("encoder-lr", s->encoder_lr);
    cli_check_positive("large-lr", s->large_lr);
}

/* ---- The encoders ------------------------------------------------------- */

/* Computes f's representations of the task's images. */
static void represent(encoder *enc, const task *t)
{
    for (int part = 0; part < 2; part++) {
        const mat *x = part == 0 ? &t->train->x : &t->test->x;
        enc->z[part] = mat_create(x->rows, enc->f.m);
        classifier_features(&enc->f, x, &enc->z[part]);
    }
}

static void encoder_free(encoder *enc)
{
    classifier_free(&enc->f);
    mat_free(&enc->z[0]);
    mat_free(&enc->z[1]);
}

/* An encoder of source k's shape for the task, random when r is given. */
static void encoder_create(encoder *enc, const experiment *e, int k,
                           float lr, rng *r)
{
    memset(enc, 0, sizeof *enc);
    classifier_create(&enc->f, e->train.x.cols, HIDDEN, sources[k].m,
                      e->train.classes, sources[k].code_relu, e->s->batch,
                      r);
    enc->lr = lr;
}

static void load_encoders(experiment *e, const task *t)
{
    for (int k = 0; k < SOURCES; k++) {
        encoder *enc = &e->pretrained[k];
        encoder_create(enc, e, k, e->s->encoder_lr, NULL);
        char dir[OUTFILE_PATH_MAX], path[OUTFILE_PATH_MAX];
        path_join(dir, sizeof dir, e->s->checkpoints, sources[k].chapter);
        path_join(path, sizeof path, dir, "encoder.ckpt");
        if (classifier_load_encoder(&enc->f, path) != 0)
            die("%s\n(chapter %s's run saves it: make run CH=%s, or make "
                "run CH=07, which runs it first)", error_message(),
                sources[k].chapter + 2, sources[k].chapter + 2);
        represent(enc, t);
    }
    rng r;
    rng_seed(&r, e->s->run.seed);
    encoder_create(&e->random, e, 0, e->s->lr, &r);
    e->random.fresh = 1; /* a new f each run: its shape and rate only */
}

/* ---- One run ------------------------------------------------------------ */

/* The labelled rows of one run: n of each class, or all of them. */
typedef struct subset {
    int *rows, count;
} subset;

static subset pick(const image_set *train, int per_class, uint64_t seed)
{
    subset sub = {kit_alloc((size_t)train->x.rows, sizeof(int)), 0};
    rng r;
    rng_seed(&r, seed);
    if (per_class == 0)
        for (sub.count = 0; sub.count < train->x.rows; sub.count++)
            sub.rows[sub.count] = sub.count;
    else
        sub.count = pick_per_class(sub.rows, train->labels, train->x.rows,
                                   train->classes, per_class, &r);
    return sub;
}

/* The rows of x that sub names. */
static mat gather(const mat *x, const subset *sub)
{
    mat out = mat_create(sub->count, x->cols);
    for (int i = 0; i < sub->count; i++)
        memcpy(mat_row(&out, i), mat_row(x, sub->rows[i]),
               (size_t)x->cols * sizeof(float));
    return out;
}

static int *gather_labels(const int *labels, const subset *sub)
{
    int *out = kit_alloc((size_t)sub->count, sizeof(int));
    for (int i = 0; i < sub->count; i++)
        out[i] = labels[sub->rows[i]];
    return out;
}

/* A run on `count` labelled images: some passes over them, within the
 * fewest and the most steps. */
static finetune_plan plan_for(const settings *s, int count, float encoder_lr)
{
    int batch = count < s->batch ? count : s->batch;
    if (batch == 0) /* no labels picked (pick_per_class not written?) */
        return (finetune_plan){0, 1, encoder_lr, s->lr};
    long steps = (long)s->passes * ((count + batch - 1) / batch);
    steps = steps < s->min_steps ? s->min_steps : steps;
    steps = steps > s->max_steps ? s->max_steps : steps;
    return (finetune_plan){(int)steps, batch, encoder_lr, s->lr};
}

typedef enum way { FINAL_LAYER, FINE_TUNING } way;

/* Trains a new head on enc (frozen, or fine-tuned with it) with the rows
 * sub of the task's training images; returns the test accuracy, and
 * fills confusion unless it is NULL. */
static float run(experiment *e, const task *t, const encoder *enc, way w,
                 const subset *sub, rng *r, int *confusion)
{
    const classifier *f = &enc->f;
    progress_run_stage(&e->progress, "%s, %d labels",
                       w == FINAL_LAYER ? "final layer"
                       : enc->fresh     ? "from scratch"
                                        : "fine-tuned",
                       sub->count);
    classifier c;
    classifier_create(&c, f->d, f->h, f->m, t->train->classes, f->code_relu,
                      e->s->batch, r);
    if (!enc->fresh)
        classifier_copy_encoder(&c, f);
    int *y = gather_labels(t->train->labels, sub);
    finetune_plan plan = plan_for(e->s, sub->count,
                                  w == FINE_TUNING ? enc->lr : 0);
    float accuracy;
    if (w == FINAL_LAYER) {
        mat z = gather(&enc->z[0], sub);
        head_train(&c, &plan, &z, y, r);
        accuracy = head_accuracy(&c, &enc->z[1], t->test->labels, confusion);
        mat_free(&z);
    } else {
        mat x = gather(&t->train->x, sub);
        finetune_train(&c, &plan, &x, y, r);
        accuracy = classifier_accuracy(&c, &t->test->x, t->test->labels,
                                       confusion);
        mat_free(&x);
    }
    free(y);
    classifier_free(&c);
    e->runs++;
    return accuracy;
}

/* ---- 1. Label efficiency ------------------------------------------------ */

/* Labels per class of the curves; 0 is all of them. */
static const int sizes[] = {1, 5, 10, 50, 100, 500, 0};
#define SIZE_COUNT (int)(sizeof sizes / sizeof sizes[0])

/* The curves: from scratch, then each source adapted and fine-tuned. */
#define SERIES (1 + 2 * SOURCES)

static const char *series_name(int j, char *name, size_t size)
{
    if (j == 0)
        snprintf(name, size, "scratch");
    else
        snprintf(name, size, "%s_%s", sources[(j - 1) / 2].name,
                 (j - 1) % 2 == 0 ? "linear" : "finetune");
    return name;
}

static float run_series(experiment *e, const task *t, int j,
                        const subset *sub, rng *r, int *confusion)
{
    if (j == 0)
        return run(e, t, &e->random, FINE_TUNING, sub, r, confusion);
    return run(e, t, &e->pretrained[(j - 1) / 2],
               (j - 1) % 2 == 0 ? FINAL_LAYER : FINE_TUNING, sub, r,
               confusion);
}

typedef struct curves {
    float accuracy[SIZE_COUNT][SERIES][MAX_SEEDS];
    int labels[SIZE_COUNT];
} curves;

static uint64_t seed_of(const experiment *e, int seed)
{
    return e->s->run.seed * 1000 + (uint64_t)seed;
}

static void run_curves(experiment *e, const task *t, curves *cv)
{
    for (int i = 0; i < SIZE_COUNT; i++)
        for (int seed = 0; seed < e->s->seeds; seed++) {
            subset sub = pick(t->train, sizes[i], seed_of(e, seed));
            cv->labels[i] = sub.count;
            for (int j = 0; j < SERIES; j++) {
                rng r;
                rng_seed(&r, seed_of(e, seed) * 100 + (uint64_t)j);
                cv->accuracy[i][j][seed] =
                    run_series(e, t, j, &sub, &r, NULL);
            }
            free(sub.rows);
        }
}

typedef struct spread {
    float mean, low, high;
} spread;

static spread spread_of(const float *values, int count)
{
    spread s = {0, values[0], values[0]};
    for (int i = 0; i < count; i++) {
        s.mean += values[i] / (float)count;
        s.low = values[i] < s.low ? values[i] : s.low;
        s.high = values[i] > s.high ? values[i] : s.high;
    }
    return s;
}

/* A value of one run: size i, series j, seed. */
typedef float (*run_value)(const curves *cv, int i, int j, int seed);

static float accuracy_of(const curves *cv, int i, int j, int seed)
{
    return cv->accuracy[i][j][seed];
}

/* Series j's gain over training from scratch (series 0), which had the
 * same labelled images. */
static float gain_of(const curves *cv, int i, int j, int seed)
{
    return cv->accuracy[i][j][seed] - cv->accuracy[i][0][seed];
}

/* A row for each size; for each series from `first` on, the mean, lowest
 * and highest over the seeds of value. */
static void write_spreads(const experiment *e, const curves *cv,
                          const char *name, int first, run_value value)
{
    char header[2048] = "per_class\tlabels", series[64];
    for (int j = first; j < SERIES; j++) {
        series_name(j, series, sizeof series);
        size_t at = strlen(header);
        snprintf(header + at, sizeof header - at, "\t%s\t%s_low\t%s_high",
                 series, series, series);
    }
    tsv t;
    tsv_open_in_or_die(&t, e->s->run.out, name, header);
    for (int i = 0; i < SIZE_COUNT; i++) {
        char row[2048];
        int at = snprintf(row, sizeof row, "%d\t%d", sizes[i],
                          cv->labels[i]);
        for (int j = first; j < SERIES; j++) {
            float values[MAX_SEEDS] = {0};
            for (int seed = 0; seed < e->s->seeds; seed++)
                values[seed] = value(cv, i, j, seed);
            spread s = spread_of(values, e->s->seeds);
            at += snprintf(row + at, sizeof row - (size_t)at,
                           "\t%.4f\t%.4f\t%.4f", s.mean, s.low, s.high);
        }
        tsv_row(&t, "%s", row);
    }
    tsv_close_or_die(&t);
}

/* The book's table: a row for each curve, a column for each size. */
static void write_curves_table(const experiment *e, const curves *cv)
{
    char header[512] = "labels per class";
    for (int i = 0; i < SIZE_COUNT; i++) {
        size_t at = strlen(header);
        if (sizes[i] > 0)
            snprintf(header + at, sizeof header - at, "\t%d", sizes[i]);
        else
            snprintf(header + at, sizeof header - at, "\tall");
    }
    tsv t;
    tsv_open_in_or_die(&t, e->s->run.out, "efficiency_table.tsv", header);
    for (int j = 0; j < SERIES; j++) {
        char row[1024];
        int at = j == 0 ? snprintf(row, sizeof row, "from scratch")
                        : snprintf(row, sizeof row, "%s, %s",
                                   sources[(j - 1) / 2].title,
                                   (j - 1) % 2 == 0 ? "final layer"
                                                    : "fine-tuned");
        for (int i = 0; i < SIZE_COUNT; i++) {
            spread s = spread_of(cv->accuracy[i][j], e->s->seeds);
            at += snprintf(row + at, sizeof row - (size_t)at,
                           "\t%.1f (%.1f-%.1f)", 100 * s.mean, 100 * s.low,
                           100 * s.high);
        }
        tsv_row(&t, "%s", row);
    }
    tsv_close_or_die(&t);
}

/* ---- 3. The confusion matrix of the best model with FEW labels ---------- */

static void write_confusion(experiment *e, const task *t, const curves *cv)
{
    int few = 0, best = 0, classes = t->train->classes;
    while (sizes[few] != FEW)
        few++;
    for (int j = 1; j < SERIES; j++)
        if (spread_of(cv->accuracy[few][j], e->s->seeds).mean >
            spread_of(cv->accuracy[few][best], e->s->seeds).mean)
            best = j;
    int counts[10 * 10] = {0};
    CHECK(classes <= 10, "%d classes", classes);
    subset sub = pick(t->train, FEW, seed_of(e, 0));
    rng r; /* the first seed's run again, this time with its confusion */
    rng_seed(&r, seed_of(e, 0) * 100 + (uint64_t)best);
    float accuracy = run_series(e, t, best, &sub, &r, counts);
    free(sub.rows);
    char name[64];
    printf("best with %d labels per class: %s, %.2f%% (first seed)\n", FEW,
           series_name(best, name, sizeof name), 100 * accuracy);
    tsv out;
    tsv_open_in_or_die(&out, e->s->run.out, "confusion.tsv",
                       "true\tpredicted\tcount\tshare");
    for (int a = 0; a < classes; a++) {
        int total = 0;
        for (int p = 0; p < classes; p++)
            total += counts[a * classes + p];
        for (int p = 0; p < classes; p++)
            tsv_row(&out, "%d\t%d\t%d\t%.4f", a, p,
                    counts[a * classes + p],
                    total ? (double)counts[a * classes + p] / total : 0.0);
        tsv_blank(&out);
    }
    tsv_close_or_die(&out);
}

/* ---- 4. Learning rates of the encoder --------------------------------- */

#define RATE_POINTS 20  /* evaluations along each run */
#define RATE_LABELS 100 /* labels per class */
#define RATE_RUNS 5     /* four rates, then from scratch */

/* How far f has moved from where it started: |f - start| / |start|. */
static double moved(const classifier *c, const float *start)
{
    double change = 0, size = 0;
    for (size_t i = 0; i < c->encoder.count; i++) {
        double d = (double)c->encoder.values[i] - start[i];
        change += d * d;
        size += (double)start[i] * start[i];
    }
    return size > 0 ? sqrt(change / size) : 0;
}

/* Fine-tuning of the contrastive encoder with each rate (0: frozen), and
 * training from scratch, evaluated RATE_POINTS times along the way. */
static void write_rates(experiment *e, const task *t)
{
    const settings *s = e->s;
    const encoder *enc = &e->pretrained[SOURCES - 1];
    const float rates[RATE_RUNS] = {0, s->encoder_lr, s->lr, s->large_lr,
                                    s->lr};
    subset sub = pick(t->train, RATE_LABELS, seed_of(e, 0));
    mat x = gather(&t->train->x, &sub);
    int *y = gather_labels(t->train->labels, &sub);
    tsv out;
    tsv_open_in_or_die(&out, s->run.out, "rates.tsv",
                       "run\tstart\tencoder_lr\tstep\taccuracy\tmoved");
    for (int i = 0; i < RATE_RUNS; i++) {
        int scratch = i == RATE_RUNS - 1;
        progress_run_stage(&e->progress, "%s, encoder lr %g",
                           scratch ? "from scratch" : "fine-tuned", rates[i]);
        rng r;
        rng_seed(&r, seed_of(e, 0));
        classifier c;
        classifier_create(&c, enc->f.d, enc->f.h, enc->f.m,
                          t->train->classes, enc->f.code_relu, s->batch, &r);
        if (!scratch)
            classifier_copy_encoder(&c, &enc->f);
        float *start = kit_alloc(c.encoder.count, sizeof(float));
        memcpy(start, c.encoder.values, c.encoder.count * sizeof(float));
        finetune_plan plan = plan_for(s, sub.count, rates[i]);
        int total = plan.steps;
        plan.steps = total / RATE_POINTS > 0 ? total / RATE_POINTS : 1;
        for (int done = 0; done <= total; done += plan.steps) {
            if (done > 0)
                finetune_train(&c, &plan, &x, y, &r);
            tsv_row(&out, "%d\t%s\t%g\t%d\t%.4f\t%.4f", i,
                    scratch ? "scratch" : "contrastive", rates[i], done,
                    classifier_accuracy(&c, &t->test->x, t->test->labels,
                                        NULL),
                    moved(&c, start));
        }
        tsv_blank(&out); /* each run a line of its own in the plot */
        free(start);
        classifier_free(&c);
        e->runs++;
    }
    tsv_close_or_die(&out);
    free(y);
    mat_free(&x);
    free(sub.rows);
}

/* ---- 2. Transfer to classes never seen ---------------------------------- */

/* The images of `from` whose class is in [first, first + 5), with labels
 * 0 .. 4. */
static void five_classes(image_set *to, const image_set *from, int first)
{
    int count = 0;
    for (int i = 0; i < from->x.rows; i++)
        count += from->labels[i] >= first && from->labels[i] < first + 5;
    *to = *from;
    to->x = mat_create(count, from->x.cols);
    to->labels = kit_alloc((size_t)count, sizeof(int));
    to->classes = 5;
    for (int i = 0, k = 0; i < from->x.rows; i++)
        if (from->labels[i] >= first && from->labels[i] < first + 5) {
            memcpy(mat_row(&to->x, k), mat_row(&from->x, i),
                   (size_t)from->x.cols * sizeof(float));
            to->labels[k++] = from->labels[i] - first;
        }
}

/* Chapter 02's auto-encoder (d-256-32-256-d) trained on images: its
 * encoder, ready to be fine-tuned. */
static void pretrain(encoder *enc, experiment *e, const mat *images, rng *r)
{
    progress_run_stage(&e->progress, "pretraining");
    net ae;
    baseline_autoencoder_create(&ae, images->cols, HIDDEN, sources[0].m,
                                e->s->batch, r);
    baseline_autoencoder_train(&ae, e->s->pretrain_epochs, e->s->lr, images,
                               r);
    encoder_create(enc, e, 0, e->s->encoder_lr, NULL);
    classifier_set_encoder(&enc->f, &ae);
    net_free(&ae);
}

#define STARTS 4 /* random, pretrained on the other five, these five, all */
static const int transfer_sizes[] = {10, 100};

/* Classes 5-9 (sandal, shirt, sneaker, bag, ankle boot) learnt from
 * encoders that saw: no image, only classes 0-4's images, only 5-9's
 * images, or all ten classes' (chapter 02's). */
static void write_transfer(experiment *e)
{
    image_set source, target_train, target_test;
    five_classes(&source, &e->train, 0);
    five_classes(&target_train, &e->train, 5);
    five_classes(&target_test, &e->test, 5);
    task t = {&target_train, &target_test};
    rng r;
    rng_seed(&r, seed_of(e, 0) + 77);
    encoder starts[STARTS];
    encoder_create(&starts[0], e, 0, e->s->lr, &r);
    starts[0].fresh = 1;
    pretrain(&starts[1], e, &source.x, &r);
    pretrain(&starts[2], e, &target_train.x, &r);
    encoder_create(&starts[3], e, 0, e->s->encoder_lr, NULL);
    classifier_copy_encoder(&starts[3].f, &e->pretrained[0].f);
    static const char *const names[STARTS] = {
        "none (random f)", "the other five classes", "these five classes",
        "all ten classes"};
    tsv out;
    tsv_open_in_or_die(&out, e->s->run.out, "transfer.tsv",
                       "pretrained on\tlinear_10\tlow\thigh\t"
                       "finetune_10\tlow\thigh\tlinear_100\tlow\thigh\t"
                       "finetune_100\tlow\thigh");
    for (int k = 0; k < STARTS; k++) {
        represent(&starts[k], &t);
        char row[512];
        int at = snprintf(row, sizeof row, "%s", names[k]);
        for (int i = 0; i < 2; i++) {
            float acc[2][MAX_SEEDS] = {{0}};
            for (int seed = 0; seed < e->s->seeds; seed++) {
                subset sub = pick(&target_train, transfer_sizes[i],
                                  seed_of(e, seed));
                for (int w = 0; w < 2; w++) {
                    rng_seed(&r, seed_of(e, seed) * 100 + (uint64_t)w);
                    acc[w][seed] = run(e, &t, &starts[k], (way)w, &sub, &r,
                                       NULL);
                }
                free(sub.rows);
            }
            for (int w = 0; w < 2; w++) {
                spread a = spread_of(acc[w], e->s->seeds);
                at += snprintf(row + at, sizeof row - (size_t)at,
                               "\t%.4f\t%.4f\t%.4f", a.mean, a.low, a.high);
            }
        }
        tsv_row(&out, "%s", row);
        encoder_free(&starts[k]);
    }
    tsv_close_or_die(&out);
    image_set_free(&source);
    image_set_free(&target_train);
    image_set_free(&target_test);
}

/* ---- The experiment ----------------------------------------------------- */

/* The work of each run, for the progress line, in multiply-adds: three
 * for each weight a training image meets (forward and backward), one
 * for each a test image meets. Final-layer adaptation trains and tests
 * the head only. Measured, making a network (drawing its weights) costs
 * about 500 for each weight of f. */
static double run_work(const encoder *enc, way w, double steps,
                       double batch, double tests)
{
    const classifier *f = &enc->f;
    double head = (double)f->m * f->classes;
    double body = (double)f->h * (f->d + f->m), made = 500 * body;
    if (w == FINAL_LAYER)
        return 3 * steps * batch * head + tests * head + made;
    return 3 * steps * batch * (body + head) + tests * (body + head) + made;
}

/* A run on the labels picked per class (0: all of them). */
static double pick_work(const experiment *e, const encoder *enc, way w,
                        int per_class, int classes, int rows, int tests)
{
    int count = per_class > 0 && per_class * classes < rows
                    ? per_class * classes
                    : rows;
    finetune_plan plan = plan_for(e->s, count, 1);
    return run_work(enc, w, plan.steps, plan.batch, tests);
}

/* The work of each run (and of each pretraining), in the order they run;
 * returns how many. */
static int plan_work(const experiment *e, double *work)
{
    const settings *s = e->s;
    const encoder *ae = &e->pretrained[0];
    int n = 0, rows = e->train.x.rows, tests = e->test.x.rows;
    int classes = e->train.classes;
    for (int i = 0; i < SIZE_COUNT; i++)
        for (int seed = 0; seed < s->seeds; seed++)
            for (int j = 0; j < SERIES; j++)
                work[n++] = pick_work(
                    e, j == 0 ? &e->random : &e->pretrained[(j - 1) / 2],
                    j > 0 && (j - 1) % 2 == 0 ? FINAL_LAYER : FINE_TUNING,
                    sizes[i], classes, rows, tests);
    /* The best with FEW labels: fine-tuned, most likely. */
    work[n++] = pick_work(e, ae, FINE_TUNING, FEW, classes, rows, tests);
    finetune_plan plan = plan_for(s, RATE_LABELS * classes, 1);
    for (int i = 0; i < RATE_RUNS; i++)
        work[n++] = run_work(ae, FINE_TUNING, plan.steps, plan.batch,
                             (RATE_POINTS + 1.0) * tests);
    /* Transfer: half the images are of the five classes learnt. An
     * auto-encoder runs at about 1/1.4 of the speed (measured). */
    double code = 1.4 * HIDDEN * 2 * (ae->f.d + ae->f.m);
    for (int k = 0; k < 2; k++)
        work[n++] = 3.0 * s->pretrain_epochs * rows / 2 * code;
    for (int k = 0; k < STARTS; k++) {
        /* f's representations, made in the stage before its runs */
        work[n - 1] += (rows + tests) / 2.0 * ae->f.h * ae->f.d;
        for (int i = 0; i < 2; i++)
            for (int seed = 0; seed < s->seeds; seed++)
                for (int w = 0; w < 2; w++)
                    work[n++] = pick_work(e, ae, (way)w, transfer_sizes[i],
                                          5, rows / 2, tests / 2);
    }
    return n;
}

#define MAX_STAGES (SIZE_COUNT * MAX_SEEDS * SERIES + 1 + RATE_RUNS + 2 + \
                    STARTS * 2 * MAX_SEEDS * 2)

int main(int argc, char **argv)
{
    settings s = {.seeds = 3, .batch = 64, .passes = 20, .min_steps = 300,
                  .max_steps = 500, .pretrain_epochs = 3, .train = 60000,
                  .test = 10000, .lr = 3e-3f, .encoder_lr = 3e-4f,
                  .large_lr = 0.1f, .checkpoints = "build/data",
                  .run = {.out = "build/data/ch07", .seed = 1}};
    read_flags(&s, argc, argv);
    check_settings(&s);

    experiment e = {.s = &s};
    if (fashion_mnist_load_both(&e.train, s.train, &e.test, s.test) != 0)
        die("%s", error_message());
    task all = {&e.train, &e.test};
    load_encoders(&e, &all);
    double start = wall_seconds();
    static double work[MAX_STAGES];
    int stages = plan_work(&e, work);
    progress_run_start(&e.progress, "run", stages, work, s.run.quick);
    static curves cv;
    run_curves(&e, &all, &cv);
    if (cv.labels[0] == 0) {
        fflush(stdout); /* the hint after what the run printed so far */
        fprintf(stderr, "%s: no labelled image was picked: are the "
                        "exercises written? (make grade CH=07 tells)\n",
                program_name());
    }
    write_spreads(&e, &cv, "efficiency.tsv", 0, accuracy_of);
    write_spreads(&e, &cv, "gains.tsv", 1, gain_of);
    write_curves_table(&e, &cv);
    write_confusion(&e, &all, &cv);
    write_rates(&e, &all);
    write_transfer(&e);
    progress_run_finish(&e.progress);
    printf("%ld runs in %.1f s\n", e.runs, wall_seconds() - start);
    printf("results in %s/\n", s.run.out);

    for (int k = 0; k < SOURCES; k++)
        encoder_free(&e.pretrained[k]);
    encoder_free(&e.random);
    image_set_free(&e.train);
    image_set_free(&e.test);
    return 0;
}
