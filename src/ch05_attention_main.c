/* ch05_attention_main.c - the experiment of chapter 05.
 *
 * Looks up fruits that are not in a three-word dictionary, trains an
 * attention layer to recall values from keys, and writes:
 *     fruit_weights.tsv      the weight of each key for the query "orange"
 *     fruit_blend.tsv        the blended value, feature by feature
 *     fruit_sharpness.tsv    the weights as the scores are sharpened
 *     fruit_others.tsv       the weights and the answer for other fruits
 *     causal.tsv             causal self-attention over a row of fruits
 *     recall_history.tsv     loss and recall per epoch
 *     recall_limits.tsv      chance, and the best possible recall
 *     recall_attention_E.tsv the weights of held-out example E (1 to 3)
 *     recall_match_E.tsv     the key each of its queries matches
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ch05_attention.h"
#include "core/infra/cli.h"
#include "core/infra/error.h"
#include "core/infra/outfile.h"
#include "core/infra/progress.h"
#include "core/infra/tsv.h"

#define SHOWN_EXAMPLES 3
#define MAX_PAIRS 64

/* A row of fruits for the causal picture. */
static const char *const fruit_row[] = {"apple",  "banana", "lemon",
                                        "orange", "lime",   "banana",
                                        "apple",  "grapefruit"};
#define ROW_LENGTH ((int)(sizeof fruit_row / sizeof *fruit_row))

typedef struct settings {
    int pairs, dim, width, examples, held_out, epochs, batch;
    float noise, lr;
    cli_common run; /* --out, --seed, --quick, --quiet */
} settings;

/* --quick: a small, fast run (for tests). It sets defaults before the
 * flags are read, so that flags given with it still win. */
static void quick_defaults(void *settings_)
{
    settings *s = settings_;
    s->examples = 1000, s->held_out = 200, s->epochs = 10;
}

static void read_flags(settings *s, int argc, char **argv)
{
    const cli_option options[] = {
        {"pairs", CLI_INT, &s->pairs, "key-value pairs in each example"},
        {"dim", CLI_INT, &s->dim, "dimensions of keys, values and queries"},
        {"width", CLI_INT, &s->width, "dimensions of the learned queries "
                                      "and keys"},
        {"noise", CLI_FLOAT, &s->noise, "length of the noise on a query "
                                        "(a key has length about 1)"},
        {"examples", CLI_INT, &s->examples, "training examples"},
        {"held-out", CLI_INT, &s->held_out, "held-out examples"},
        {"epochs", CLI_INT, &s->epochs, "passes over the training examples"},
        {"batch", CLI_INT, &s->batch, "examples per Adam step"},
        {"lr", CLI_FLOAT, &s->lr, "Adam's learning rate"},
    };
    cli_program program = {
        .summary =
            "Soft look-ups with your chapter 05 code: fruits that are not in a\n"
            "small dictionary, a causal mask over a row of fruits, and an\n"
            "attention layer trained to recall values from noisy keys. Writes\n"
            "the weights, the training history and the heatmaps' data into\n"
            "--out.",
        .options = options, .count = CLI_COUNT(options), .common = &s->run};
    cli_parse_experiment(&program, argc, argv, quick_defaults, s);
}

static void check_settings(settings *s)
{
    cli_check_range("pairs", s->pairs, 2, MAX_PAIRS);
    cli_check_range("dim", s->dim, 1, 256);
    cli_check_range("width", s->width, 1, 256);
    cli_check_range("examples", s->examples, 1, 1000000);
    cli_check_range("held-out", s->held_out, SHOWN_EXAMPLES, 1000000);
    cli_check_range("epochs", s->epochs, 1, 10000);
    cli_check_range("batch", s->batch, 1, 100000);
    if (!(s->noise >= 0))
        die("--noise must be 0 or more, not %g", s->noise);
    cli_check_positive("lr", s->lr);
}

static void write_matrix_or_die(const settings *s, const char *name,
                                const char *corner, const char *const *rows,
                                const char *const *columns, const mat *m)
{
    char path[OUTFILE_PATH_MAX];
    path_join(path, sizeof path, s->run.out, name);
    if (tsv_write_matrix(path, corner, rows, columns, m) != 0)
        die("%s", error_message());
}

/* The scale of scaled dot-product attention for the fruits. */
static float fruit_scale(void)
{
    return 1.0f / sqrtf((float)FRUIT_FEATURES);
}

/* "orange": its weights, and its blend next to the two vectors it is
 * made of most. */
static void write_orange(const settings *s)
{
    const fruit *orange = fruit_find("orange");
    float weights[DICTIONARY_SIZE], blend[FRUIT_FEATURES];
    int answer = fruit_lookup(orange->features, fruit_scale(), weights,
                              blend);
    tsv t;
    tsv_open_in_or_die(&t, s->run.out, "fruit_weights.tsv",
                       "key\tvalue\tscore\tweight");
    for (int i = 0; i < DICTIONARY_SIZE; i++) {
        float score = 0; /* the kit's own, whatever the exercises do */
        for (int j = 0; j < FRUIT_FEATURES; j++)
            score += orange->features[j] * dictionary[i].features[j];
        tsv_row(&t, "%s\t%s\t%.4f\t%.4f", dictionary[i].english,
                dictionary[i].french, score * fruit_scale(), weights[i]);
    }
    tsv_close_or_die(&t);
    char header[128];
    snprintf(header, sizeof header,
             "feature\tquery: orange\tblend\tnearest value: %s",
             dictionary[answer].french);
    tsv_open_in_or_die(&t, s->run.out, "fruit_blend.tsv", header);
    for (int j = 0; j < FRUIT_FEATURES; j++)
        tsv_row(&t, "%s\t%.4f\t%.4f\t%.4f", fruit_feature_names[j],
                orange->features[j], blend[j],
                dictionary[answer].features[j]);
    tsv_close_or_die(&t);
    printf("orange: weights %.2f %.2f %.2f, nearest value %s\n", weights[0],
           weights[1], weights[2], dictionary[answer].french);
}

/* A header: `first`, the English or French word of every key, `last`. */
static void keys_header(char *header, size_t size, const char *first,
                        int french, const char *last)
{
    snprintf(header, size, "%s", first);
    for (int i = 0; i < DICTIONARY_SIZE; i++)
        snprintf(header + strlen(header), size - strlen(header), "\t%s",
                 french ? dictionary[i].french : dictionary[i].english);
    if (last)
        snprintf(header + strlen(header), size - strlen(header), "\t%s",
                 last);
}

/* The weights for "orange" as the scores are multiplied by 0 to 3. */
static void write_sharpness(const settings *s)
{
    const fruit *orange = fruit_find("orange");
    tsv t;
    char header[256];
    keys_header(header, sizeof header, "sharpness", 0, NULL);
    tsv_open_in_or_die(&t, s->run.out, "fruit_sharpness.tsv", header);
    for (int step = 0; step <= 120; step++) {
        float sharpness = 0.025f * step, weights[DICTIONARY_SIZE];
        float blend[FRUIT_FEATURES];
        fruit_lookup(orange->features, sharpness, weights, blend);
        tsv_row(&t, "%.3f\t%.4f\t%.4f\t%.4f", sharpness, weights[0],
                weights[1], weights[2]);
    }
    tsv_close_or_die(&t);
}

/* Every fruit that is not a key: its weights and the French word of the
 * nearest value. */
static void write_others(const settings *s)
{
    tsv t;
    char header[256];
    keys_header(header, sizeof header, "query", 1, "nearest value");
    tsv_open_in_or_die(&t, s->run.out, "fruit_others.tsv", header);
    for (int f = 0; f < other_fruit_count; f++) {
        float weights[DICTIONARY_SIZE], blend[FRUIT_FEATURES];
        int answer = fruit_lookup(other_fruits[f].features, fruit_scale(),
                                  weights, blend);
        tsv_row(&t, "%s\t%.2f\t%.2f\t%.2f\t%s", other_fruits[f].english,
                weights[0], weights[1], weights[2],
                dictionary[answer].french);
    }
    tsv_close_or_die(&t);
}

//> causal-row
/* Self-attention over a row of fruits, each looking only at itself and
 * the fruits before it: queries, keys and values are all the row. */
static void write_causal(const settings *s)
{
    mat x = mat_create(ROW_LENGTH, FRUIT_FEATURES);
    mat mask = mat_create(ROW_LENGTH, ROW_LENGTH);
    mat weights = mat_create(ROW_LENGTH, ROW_LENGTH);
    mat out = mat_create(ROW_LENGTH, FRUIT_FEATURES);
    for (int i = 0; i < ROW_LENGTH; i++)
        memcpy(mat_row(&x, i), fruit_find(fruit_row[i])->features,
               FRUIT_FEATURES * sizeof(float));
    causal_mask(&mask);
    attention_forward(&out, &weights, &x, &x, &x, &mask);
    write_matrix_or_die(s, "causal.tsv", "query", fruit_row, fruit_row,
                        &weights);
    mat_free(&x);
    mat_free(&mask);
    mat_free(&weights);
    mat_free(&out);
}
//< causal-row

/* The weights of a few held-out examples, rows the queries and columns
 * the keys, and the key each query matches. */
static void write_examples(const settings *s, const recall_model *model,
                           const recall_set *held_out)
{
    int pairs = held_out->pairs;
    char numbers[MAX_PAIRS][12];
    const char *names[MAX_PAIRS]; /* queries and keys alike: 1, 2, ... */
    for (int i = 0; i < pairs; i++) {
        snprintf(numbers[i], sizeof numbers[i], "%d", i + 1);
        names[i] = numbers[i];
    }
    mat weights = mat_create(pairs, pairs);
    for (int e = 0; e < SHOWN_EXAMPLES; e++) {
        char name[64];
        recall_evaluate(model, held_out, e, &weights);
        snprintf(name, sizeof name, "recall_attention_%d.tsv", e + 1);
        write_matrix_or_die(s, name, "query", names, names, &weights);
        snprintf(name, sizeof name, "recall_match_%d.tsv", e + 1);
        tsv t;
        tsv_open_in_or_die(&t, s->run.out, name, "query\tkey");
        for (int i = 0; i < pairs; i++)
            tsv_row(&t, "%d\t%d", i, held_out->match[e * pairs + i]);
        tsv_close_or_die(&t);
    }
    mat_free(&weights);
}

/* A hint when the layer recalled nothing: stubs, or steps too large. */
static void explain_failure(const recall_model *model, recall_score score)
{
    int finite = isfinite(score.loss);
    for (size_t i = 0; finite && i < model->p.count; i++)
        finite = isfinite(model->p.values[i]);
    if (!finite)
        fprintf(stderr, "%s: training diverged (a weight is no longer a "
                        "number): try a smaller --lr\n", program_name());
    else if (score.focus == 0)
        fprintf(stderr, "%s: no attention weight at all: are the exercises "
                        "written? (make grade CH=05 tells)\n",
                program_name());
}

/* The recall, against chance and the best a model can do. */
static void report_recall(const settings *s, const recall_task *task,
                          const recall_set *held_out, recall_score score)
{
    double ceiling = recall_ceiling(task, held_out);
    printf("recall: %.1f%% of held-out queries (chance 1 in %d, best "
           "possible %.1f%%), weight on the match %.2f\n",
           100 * score.recall, s->pairs, 100 * ceiling, score.focus);
    tsv t;
    tsv_open_in_or_die(&t, s->run.out, "recall_limits.tsv",
                       "chance\tbest possible");
    tsv_row(&t, "%.4f\t%.4f", 1.0 / s->pairs, ceiling);
    tsv_close_or_die(&t);
}

static void run_recall(const settings *s, rng *r)
{
    recall_task task;
    recall_task_create(&task, s->pairs, s->dim, s->noise, r);
    recall_set train, held_out;
    recall_set_create(&train, &task, s->examples, r);
    recall_set_create(&held_out, &task, s->held_out, r);
    recall_model model;
    recall_model_create(&model, s->dim, s->width, r);
    history hist;
    history_create(&hist, recall_history, 5);
    recall_plan plan = {.epochs = s->epochs, .batch = s->batch,
                        .lr = s->lr, .history = &hist};
    double start = wall_seconds();
    recall_score score = recall_train(&model, &train, &held_out, &plan, r);
    history_write_or_die(&hist, s->run.out, "recall_history.tsv");
    history_free(&hist);
    printf("trained %d epoch(s) in %.1f s\n", s->epochs,
           wall_seconds() - start);
    report_recall(s, &task, &held_out, score);
    explain_failure(&model, score);
    write_examples(s, &model, &held_out);
    recall_model_free(&model);
    recall_set_free(&train);
    recall_set_free(&held_out);
    recall_task_free(&task);
}

int main(int argc, char **argv)
{
    settings s = {.pairs = 16, .dim = 16, .width = 16, .examples = 2000,
                  .held_out = 1000, .epochs = 30, .batch = 16,
                  .noise = 0.8f, .lr = 0.001f,
                  .run = {.out = "build/data/ch05", .seed = 1}};
    read_flags(&s, argc, argv);
    check_settings(&s);

    write_orange(&s);
    write_sharpness(&s);
    write_others(&s);
    write_causal(&s);
    rng r;
    rng_seed(&r, s.run.seed);
    run_recall(&s, &r);
    printf("results in %s/\n", s.run.out);
    return 0;
}
