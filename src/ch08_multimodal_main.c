/* ch08_multimodal_main.c - the experiment of chapter 08.
 *
 * Trains an image encoder (chapter 06's, fine-tuned) and a text encoder
 * (chapter 04's Austen vectors where they know a word) with the
 * symmetric contrastive loss on Fashion-MNIST images and captions made
 * from their classes and measured attributes; classifies the test images
 * zero-shot by their nearest class captions, retrieves images from
 * captions, and draws images from captions through chapter 02's decoder.
 * Writes:
 *     history.tsv        loss and recall at 1 and 5, epoch by epoch
 *     similarities_before.tsv, similarities_after.tsv
 *                        image-caption cosines of ten test pairs
 *     zeroshot.tsv       zero-shot accuracy with seen and held-out
 *                        captions, a linear probe and chance
 *     synonyms.tsv       the classes with a held-out synonym: accuracy
 *                        with their seen name and with the synonym
 *     retrieval.tsv, retrieval_captions.tsv
 *                        the top test images of a few held-out captions
 *     generated.tsv, generated_captions.tsv
 *                        images drawn from captions, with their tone
 *                        and size
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ch08_multimodal.h"
#include "core/analysis/probe.h"
#include "core/datasets/idx.h"
#include "core/infra/cli.h"
#include "core/infra/error.h"
#include "core/infra/outfile.h"
#include "core/infra/progress.h"
#include "core/infra/tsv.h"
#include "core/learn/checkpoint.h"
#include "core/learn/nn.h"

#define WATCHED 1000 /* test pairs whose recall is measured each epoch */
#define TOP 6        /* images shown for each retrieval query */
#define HIDDEN 256   /* chapter 06's encoder: its hidden units */
#define SPACE 32     /* and its representation, the shared space */
#define CODE 32      /* chapter 02's code size */
#define TEXT 96      /* room for a caption as text */

typedef struct settings {
    int epochs, batch, probe_epochs, prior_epochs, train, test;
    float tau, image_lr, text_lr;
    const char *checkpoints;
    cli_common run; /* --out, --seed, --quick, --quiet */
} settings;

typedef struct experiment {
    const settings *s;
    image_set train, test;
    attributes *train_attrs, *test_attrs;
    word_vectors vectors;
    lexicon lex;
    multimodal mm;
    rng r;
} experiment;

static void quick_defaults(void *settings_)
{
    settings *s = settings_;
    s->epochs = 3, s->probe_epochs = 2, s->prior_epochs = 2;
    s->train = 3000, s->test = 1000;
}

static void read_flags(settings *s, int argc, char **argv)
{
    const cli_option options[] = {
        {"epochs", CLI_INT, &s->epochs, "epochs of image-text training"},
        {"batch", CLI_INT, &s->batch, "image-caption pairs per step"},
        {"tau", CLI_FLOAT, &s->tau, "the temperature of the loss"},
        {"image-lr", CLI_FLOAT, &s->image_lr,
         "Adam's learning rate for the image encoder"},
        {"text-lr", CLI_FLOAT, &s->text_lr,
         "Adam's learning rate for the text encoder"},
        {"probe-epochs", CLI_INT, &s->probe_epochs, "epochs of the probe"},
        {"prior-epochs", CLI_INT, &s->prior_epochs,
         "epochs of the map from captions to chapter 02's codes"},
        {"train", CLI_INT, &s->train, "training images used (at most 60000)"},
        {"test", CLI_INT, &s->test, "test images used (at most 10000)"},
        {"checkpoints", CLI_STRING, &s->checkpoints,
         "where chapters 02, 04 and 06 saved their runs (chNN/ in it)"},
    };
    cli_program program = {
        .summary =
            "Trains an image encoder (chapter 06's) and a text encoder"
            " (chapter 04's\nvectors) with your chapter 08 code, on"
            " Fashion-MNIST (from the package\ndataset-fashion-mnist, or $"
            FASHION_MNIST_VARIABLE ") and captions made from each\nimage's"
            " class and attributes; classifies zero-shot, retrieves and"
            " draws\nimages from captions (with chapter 02's decoder), and"
            " writes TSV files\ninto the --out directory.",
        .options = options, .count = CLI_COUNT(options), .common = &s->run};
    cli_parse_experiment(&program, argc, argv, quick_defaults, s);
}

static void check_settings(const settings *s)
{
    cli_check_range("epochs", s->epochs, 1, 1000);
    cli_check_range("batch", s->batch, 2, 4096);
    cli_check_range("probe-epochs", s->probe_epochs, 1, 1000);
    cli_check_range("prior-epochs", s->prior_epochs, 1, 1000);
    cli_check_range("train", s->train, 1000, 60000);
    cli_check_range("test", s->test, WATCHED, 10000);
    cli_check_between("tau", s->tau, 0.01f, 10); /* as --tau 0.01 reads */
    cli_check_positive("image-lr", s->image_lr);
    cli_check_positive("text-lr", s->text_lr);
}

/* ---- What the earlier chapters saved ----------------------------------- */

/* The path of chapter NN's file `name` under --checkpoints. */
static void saved_path(char *path, const experiment *e, const char *chapter,
                       const char *name)
{
    char dir[OUTFILE_PATH_MAX];
    path_join(dir, sizeof dir, e->s->checkpoints, chapter);
    path_join(path, OUTFILE_PATH_MAX, dir, name);
}

static KIT_NORETURN void die_unsaved(const char *chapter)
{
    die("%s\n(chapter %s's run saves it: make run CH=%s, or make run "
        "CH=08, which runs it first)", error_message(), chapter + 2,
        chapter + 2);
}

static void load_vectors(experiment *e)
{
    char path[OUTFILE_PATH_MAX];
    saved_path(path, e, "ch04", "vectors.txt");
    if (word_vectors_load(&e->vectors, path) != 0)
        die_unsaved("ch04");
}

/* A network of `layers` layers loaded from chapter 02's file. */
static void load_ch02(net *model, const experiment *e, const char *name,
                      const int *sizes, const net_activation *act)
{
    char path[OUTFILE_PATH_MAX];
    saved_path(path, e, "ch02", name);
    net_create(model, 2, sizes, act, e->s->batch, NULL);
    if (checkpoint_load(model, 2, path) != 0)
        die_unsaved("ch02");
}

static void create_model(experiment *e)
{
    const settings *s = e->s;
    char path[OUTFILE_PATH_MAX];
    saved_path(path, e, "ch06", "encoder.ckpt");
    multimodal_shape shape = {.hidden = HIDDEN, .e = SPACE,
                              .batch = s->batch, .tau = s->tau,
                              .image_lr = s->image_lr,
                              .text_lr = s->text_lr};
    if (multimodal_create(&e->mm, &shape, &e->lex, &e->vectors, path,
                          &e->r) != 0)
        die_unsaved("ch06");
}

/* ---- Captions ---------------------------------------------------------- */

static attributes *measure_all(const attribute_cuts *cuts,
                               const image_set *set)
{
    attributes *a = kit_alloc((size_t)set->x.rows, sizeof *a);
    for (int i = 0; i < set->x.rows; i++)
        a[i] = attributes_of(cuts, mat_row(&set->x, i), set->labels[i]);
    return a;
}

/* Each image's full description in the first seen template and name:
 * "a dark small coat". Keys, when not NULL, get what each says. */
static int *describe(const experiment *e, const image_set *set,
                     const attributes *attrs, int count, int *keys)
{
    int *words = kit_alloc((size_t)count * CAPTION_WORDS, sizeof(int));
    for (int i = 0; i < count; i++) {
        caption cap = {.label = set->labels[i], .tone = attrs[i].tone,
                       .size = attrs[i].size};
        caption_write(words + (size_t)i * CAPTION_WORDS, NULL, 0, &cap,
                      &e->lex);
        if (keys)
            keys[i] = caption_key(set->labels[i], attrs[i]);
    }
    return words;
}

/* ---- Figure 1: similarities of ten pairs ------------------------------- */

/* Row i of `to` becomes row j of `from`. */
static void copy_row(mat *to, int i, const mat *from, int j)
{
    memcpy(mat_row(to, i), mat_row(from, j),
           (size_t)from->cols * sizeof(float));
}

/* The first test image of each class. */
static void first_of_each_class(const image_set *set, int *rows)
{
    for (int c = 0; c < CLASSES; c++) {
        rows[c] = 0;
        while (rows[c] < set->x.rows - 1 && set->labels[rows[c]] != c)
            rows[c]++;
    }
}

static void write_similarities(experiment *e, const char *name)
{
    int rows[CLASSES];
    first_of_each_class(&e->test, rows);
    mat images = mat_create(CLASSES, e->test.x.cols);
    mat u = mat_create(CLASSES, e->mm.e), v = mat_create(CLASSES, e->mm.e);
    mat s = mat_create(CLASSES, CLASSES);
    char image_names[CLASSES][TEXT], texts[CLASSES][TEXT];
    const char *row_names[CLASSES], *column_names[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
        copy_row(&images, c, &e->test.x, rows[c]);
        attributes a = e->test_attrs[rows[c]];
        caption cap = {.label = c, .tone = a.tone, .size = a.size};
        mat row = mat_rows(&v, c, 1);
        multimodal_embed_caption(&e->mm, &e->lex, &cap, &row, texts[c],
                                 TEXT);
        caption_name(image_names[c], TEXT, SEEN, c);
        row_names[c] = image_names[c], column_names[c] = texts[c];
    }
    multimodal_embed_images(&e->mm, &images, &u);
    mat_mul_add_bt(&s, &u, &v);
    char path[OUTFILE_PATH_MAX];
    path_join(path, sizeof path, e->s->run.out, name);
    if (tsv_write_matrix(path, "image", row_names, column_names, &s) != 0)
        die("%s", error_message());
    mat_free(&images);
    mat_free(&u);
    mat_free(&v);
    mat_free(&s);
}

/* ---- Figure 2: zero-shot classification -------------------------------- */

static float accuracy_of(const int *predicted, const image_set *set,
                         int label)
{
    int right = 0, count = 0;
    for (int i = 0; i < set->x.rows; i++)
        if (label < 0 || set->labels[i] == label) {
            count++;
            right += predicted[i] == set->labels[i];
        }
    return count > 0 ? (float)right / (float)count : 0.0f;
}

/* Zero-shot accuracy with seen captions, held-out templates and held-out
 * names; per class for the classes with a held-out name. */
typedef struct zero_shot_result {
    float seen, templates, synonyms;
    float seen_class[CLASSES], synonym_class[CLASSES];
    int synonym_taken_for[CLASSES]; /* the class most taken instead */
} zero_shot_result;

/* The wrong class most often predicted for images of class label, or -1
 * when none was. */
static int most_taken_for(const int *predicted, const image_set *set,
                          int label)
{
    int count[CLASSES] = {0}, most = -1;
    for (int i = 0; i < set->x.rows; i++)
        if (set->labels[i] == label && predicted[i] != label &&
            predicted[i] >= 0 && predicted[i] < CLASSES)
            count[predicted[i]]++;
    for (int c = 0; c < CLASSES; c++)
        if (count[c] > 0 && (most < 0 || count[c] > count[most]))
            most = c;
    return most;
}

static zero_shot_result zero_shot_all(experiment *e)
{
    mat images = mat_create(e->test.x.rows, e->mm.e);
    multimodal_embed_images(&e->mm, &e->test.x, &images);
    int *predicted = kit_alloc((size_t)images.rows, sizeof(int));
    zero_shot_result z;
    multimodal_classify(&e->mm, &e->lex, &images, SEEN, SEEN, predicted);
    z.seen = accuracy_of(predicted, &e->test, -1);
    for (int c = 0; c < CLASSES; c++)
        z.seen_class[c] = accuracy_of(predicted, &e->test, c);
    multimodal_classify(&e->mm, &e->lex, &images, HELD_OUT, SEEN,
                        predicted);
    z.templates = accuracy_of(predicted, &e->test, -1);
    multimodal_classify(&e->mm, &e->lex, &images, SEEN, HELD_OUT,
                        predicted);
    z.synonyms = accuracy_of(predicted, &e->test, -1);
    for (int c = 0; c < CLASSES; c++) {
        z.synonym_class[c] = accuracy_of(predicted, &e->test, c);
        z.synonym_taken_for[c] = most_taken_for(predicted, &e->test, c);
    }
    free(predicted);
    mat_free(&images);
    return z;
}

/* A linear probe on the image encoder's outputs, with every label. */
static float probe_image_encoder(experiment *e)
{
    mat train = mat_create(e->train.x.rows, e->mm.e);
    mat test = mat_create(e->test.x.rows, e->mm.e);
    net_layer_outputs(&e->mm.image, &e->train.x, 1, &train);
    net_layer_outputs(&e->mm.image, &e->test.x, 1, &test);
    probe_plan plan = {.epochs = e->s->probe_epochs, .batch = 64,
                       .lr = 1e-3f, .label = "probe"};
    float accuracy = probe_accuracy(&train, e->train.labels, &test,
                                    e->test.labels, CLASSES, &plan, &e->r);
    mat_free(&train);
    mat_free(&test);
    return accuracy;
}

static void write_zero_shot(experiment *e, float before,
                            const zero_shot_result *z, float probe)
{
    tsv t;
    tsv_open_in_or_die(&t, e->s->run.out, "zeroshot.tsv",
                       "method\taccuracy");
    const char *names[] = {"untrained, seen captions", "seen captions",
                           "held-out templates", "3 held-out synonyms",
                           "linear probe (all labels)", "chance"};
    const float values[] = {before, z->seen, z->templates, z->synonyms,
                            probe, 1.0f / CLASSES};
    for (int i = 0; i < 6; i++) {
        tsv_row(&t, "%s\t%.4f", names[i], values[i]);
        printf("%-26s %6.2f%%\n", names[i], 100 * values[i]);
    }
    tsv_close_or_die(&t);
}

/* The classes with a held-out synonym: accuracy on each named by its
 * seen name and by the synonym, the class its images were most often
 * taken for then, and whether chapter 04's vectors knew the synonym (if
 * not, its embedding is random and never trained). */
static void write_synonyms(experiment *e, const zero_shot_result *z)
{
    tsv t;
    tsv_open_in_or_die(&t, e->s->run.out, "synonyms.tsv",
                       "class\tsynonym\twith_seen_name\twith_synonym\t"
                       "taken_for\tin_austen");
    for (int c = 0; c < CLASSES; c++) {
        if (caption_names(HELD_OUT, c) == 0)
            continue;
        char name[TEXT], synonym[TEXT], other[TEXT] = "-";
        caption_name(name, sizeof name, SEEN, c);
        caption_name(synonym, sizeof synonym, HELD_OUT, c);
        if (z->synonym_taken_for[c] >= 0)
            caption_name(other, sizeof other, SEEN, z->synonym_taken_for[c]);
        int id = vocab_find(&e->lex.words, synonym);
        int in_austen = id >= 0 && id < e->lex.austen_words;
        tsv_row(&t, "%s\t%s\t%.4f\t%.4f\t%s\t%d", name, synonym,
                z->seen_class[c], z->synonym_class[c], other, in_austen);
        printf("%-10s as \"%s\": %.2f%%, as \"%s\": %.2f%% (most often "
               "taken for %s)%s\n", name, name, 100 * z->seen_class[c],
               synonym, 100 * z->synonym_class[c], other,
               in_austen ? "" : "; chapter 04's vectors lack the synonym");
    }
    tsv_close_or_die(&t);
}

/* ---- Figure 3: images from words --------------------------------------- */

/* Captions no training caption was: held-out templates, names and
 * combinations. */
static const caption queries[] = {
    {.template_set = HELD_OUT, .template_ = 0, .label = 7, .tone = HIGH},
    {.template_set = HELD_OUT, .template_ = 1, .label = 8, .tone = LOW,
     .size = LOW},
    {.template_ = 2, .label = 4, .name_set = HELD_OUT},
    {.label = 5, .tone = LOW},
    {.template_set = HELD_OUT, .template_ = 2, .label = 3, .size = HIGH},
};
#define QUERIES ((int)(sizeof queries / sizeof queries[0]))

/* Whether test image i is what a caption says: its class, and its
 * attributes where the caption names them. */
static int fits(const experiment *e, int i, const caption *cap)
{
    attributes a = e->test_attrs[i];
    return e->test.labels[i] == cap->label &&
           (cap->tone == MIDDLE || cap->tone == a.tone) &&
           (cap->size == MIDDLE || cap->size == a.size);
}

static void write_retrieval(experiment *e)
{
    mat images = mat_create(e->test.x.rows, e->mm.e);
    multimodal_embed_images(&e->mm, &e->test.x, &images);
    mat shown = mat_create(QUERIES * TOP, e->test.x.cols);
    tsv t;
    tsv_open_in_or_die(&t, e->s->run.out, "retrieval_captions.tsv",
                       "row\tcaption\tfitting");
    for (int q = 0; q < QUERIES; q++) {
        char text[TEXT];
        int best[TOP], fitting = 0, words[CAPTION_WORDS];
        caption_write(words, text, sizeof text, &queries[q], &e->lex);
        multimodal_retrieve(&e->mm, &e->lex, &images, &queries[q], best,
                            TOP);
        for (int k = 0; k < TOP; k++)
            if (best[k] >= 0) { /* else the picture stays blank */
                copy_row(&shown, q * TOP + k, &e->test.x, best[k]);
                fitting += fits(e, best[k], &queries[q]);
            }
        tsv_row(&t, "%d\t%s\t%d", q, text, fitting);
        printf("\"%s\": %d of the top %d fit\n", text, fitting, TOP);
    }
    tsv_close_or_die(&t);
    char path[OUTFILE_PATH_MAX];
    path_join(path, sizeof path, e->s->run.out, "retrieval.tsv");
    if (tsv_write_mosaic(path, &shown, TOP, SIDE) != 0)
        die("%s", error_message());
    mat_free(&images);
    mat_free(&shown);
}

/* ---- Figure 4: words to images ----------------------------------------- */

/* Captions to draw from, six to a row: the unseen combinations "a dark
 * sandal" and "a bright bag" beside their seen kin, and the held-out
 * synonyms beside their seen names. */
#define PLAIN(c) {.label = (c)}
#define TONED(c, t) {.label = (c), .tone = (t)}
#define SYNONYM(c) {.label = (c), .name_set = HELD_OUT}
static const caption drawn[] = {
    PLAIN(5), TONED(5, LOW),  TONED(5, HIGH), PLAIN(8), TONED(8, LOW),
    TONED(8, HIGH), TONED(0, LOW), TONED(0, HIGH), PLAIN(3), SYNONYM(3),
    PLAIN(4), SYNONYM(4),
};
#define DRAWN ((int)(sizeof drawn / sizeof drawn[0]))

static void write_generated(experiment *e)
{
    const int encoder_sizes[] = {e->train.x.cols, 256, CODE};
    const int decoder_sizes[] = {CODE, 256, e->train.x.cols};
    const net_activation encoder_act[] = {NET_RELU, NET_LINEAR};
    const net_activation decoder_act[] = {NET_RELU, NET_SIGMOID};
    net encoder, decoder, prior;
    load_ch02(&encoder, e, "encoder.ckpt", encoder_sizes, encoder_act);
    load_ch02(&decoder, e, "decoder.ckpt", decoder_sizes, decoder_act);
    mat codes = mat_create(e->train.x.rows, CODE);
    net_layer_outputs(&encoder, &e->train.x, 1, &codes);
    pairs_set pairs = {&e->train.x, e->train.labels, e->train_attrs};
    prior_create(&prior, e->mm.e, CODE, e->s->batch, &e->r);
    prior_train(&prior, &e->mm, &pairs, &codes, e->s->prior_epochs, &e->lex,
                &e->r);

    mat v = mat_create(DRAWN, e->mm.e), z = mat_create(DRAWN, CODE);
    mat images = mat_create(DRAWN, e->train.x.cols);
    char texts[DRAWN][TEXT];
    for (int k = 0; k < DRAWN; k++) {
        mat row = mat_rows(&v, k, 1);
        multimodal_embed_caption(&e->mm, &e->lex, &drawn[k], &row, texts[k],
                                 TEXT);
    }
    net_layer_outputs(&prior, &v, 0, &z);
    net_layer_outputs(&decoder, &z, 1, &images);
    tsv t;
    tsv_open_in_or_die(&t, e->s->run.out, "generated_captions.tsv",
                       "column\trow\tcaption\tseen\ttone\tsize");
    for (int k = 0; k < DRAWN; k++) {
        caption cap = drawn[k];
        attributes a = {cap.tone, cap.size};
        int seen =
            cap.name_set == SEEN && !held_out_combination(cap.label, a);
        float tone = 0, size = 0;
        image_tone_size(mat_row(&images, k), &tone, &size);
        tsv_row(&t, "%d\t%d\t%s\t%d\t%.3f\t%.3f", k % 6, k / 6, texts[k],
                seen, tone, size);
    }
    tsv_close_or_die(&t);
    char path[OUTFILE_PATH_MAX];
    path_join(path, sizeof path, e->s->run.out, "generated.tsv");
    if (tsv_write_mosaic(path, &images, 6, SIDE) != 0)
        die("%s", error_message());
    mat *all[] = {&codes, &v, &z, &images};
    for (int i = 0; i < 4; i++)
        mat_free(all[i]);
    net_free(&encoder);
    net_free(&decoder);
    net_free(&prior);
}

/* ---- The run ----------------------------------------------------------- */

/* A hint when training went nowhere: stubs, or steps too large. The loss
 * of n pairs is above 0 unless every caption is certain of its image. */
static void explain_failure(float loss)
{
    fflush(stdout); /* the hint after what the run printed so far */
    if (!isfinite(loss))
        fprintf(stderr, "%s: training diverged (the loss is no longer a "
                        "number): try smaller learning rates or a larger "
                        "--tau\n", program_name());
    else if (loss <= 0)
        fprintf(stderr, "%s: the loss is %g: are the exercises written? "
                        "(make grade CH=08 tells)\n", program_name(), loss);
}

static void train(experiment *e, history *hist)
{
    int keys[WATCHED];
    int *words = describe(e, &e->test, e->test_attrs, WATCHED, keys);
    mat watched = mat_rows(&e->test.x, 0, WATCHED);
    watch_set w = {&watched, words, keys};
    pairs_set pairs = {&e->train.x, e->train.labels, e->train_attrs};
    multimodal_plan plan = {.epochs = e->s->epochs, .history = hist,
                            .watch = &w};
    double start = wall_seconds();
    float loss = multimodal_train(&e->mm, &plan, &pairs, &e->lex, &e->r);
    printf("trained %d epoch(s) in %.1f s\n", e->s->epochs,
           wall_seconds() - start);
    explain_failure(loss);
    free(words);
}

static void load(experiment *e)
{
    const settings *s = e->s;
    if (fashion_mnist_load_both(&e->train, s->train, &e->test, s->test) != 0)
        die("%s", error_message());
    load_vectors(e);
    lexicon_create(&e->lex, &e->vectors);
    attribute_cuts cuts;
    attribute_cuts_fit(&cuts, &e->train.x, e->train.labels);
    e->train_attrs = measure_all(&cuts, &e->train);
    e->test_attrs = measure_all(&cuts, &e->test);
    create_model(e);
    printf("%d caption words, %d of them from chapter 04's vectors\n",
           e->lex.words.size, e->lex.austen_words);
}

static void unload(experiment *e)
{
    multimodal_free(&e->mm);
    lexicon_free(&e->lex);
    word_vectors_free(&e->vectors);
    free(e->train_attrs);
    free(e->test_attrs);
    image_set_free(&e->train);
    image_set_free(&e->test);
}

/* The parts of the run: the image-text model, a probe, zero-shot
 * tables and retrieval, and the prior that draws from words. */
#define PARTS 4

/* The work of each part, for the progress line: the microseconds it
 * took for each image and epoch on the machine the kit was made on. */
static void plan_work(const settings *s, double work[PARTS])
{
    double n = s->train, t = s->test;
    work[0] = 37 * n * s->epochs;
    work[1] = 2 * n * s->probe_epochs;
    work[2] = 8 * t;
    work[3] = 5 * n * s->prior_epochs;
}

int main(int argc, char **argv)
{
    settings s = {.epochs = 12, .batch = 256,
                  .probe_epochs = 20, .prior_epochs = 3, .train = 60000,
                  .test = 10000, .tau = 0.1f, .image_lr = 1e-4f,
                  .text_lr = 1e-3f, .checkpoints = "build/data",
                  .run = {.out = "build/data/ch08", .seed = 1}};
    read_flags(&s, argc, argv);
    check_settings(&s);

    experiment e = {.s = &s};
    rng_seed(&e.r, s.run.seed);
    load(&e);
    double work[PARTS];
    plan_work(&s, work);
    progress_run run;
    progress_run_start(&run, "part", PARTS, work, s.run.quick);
    progress_run_stage(&run, "image-text");
    write_similarities(&e, "similarities_before.tsv");
    float before = zero_shot_all(&e).seen;
    history hist;
    history_create(&hist, multimodal_history, 4);
    train(&e, &hist);
    history_write_or_die(&hist, s.run.out, "history.tsv");
    write_similarities(&e, "similarities_after.tsv");
    zero_shot_result z = zero_shot_all(&e);
    progress_run_stage(&run, "probe");
    float probe = probe_image_encoder(&e);
    progress_run_stage(&run, "zero-shot and retrieval");
    write_zero_shot(&e, before, &z, probe);
    write_synonyms(&e, &z);
    write_retrieval(&e);
    progress_run_stage(&run, "prior");
    write_generated(&e);
    progress_run_finish(&run);
    printf("results in %s/\n", s.run.out);

    history_free(&hist);
    unload(&e);
    return 0;
}
