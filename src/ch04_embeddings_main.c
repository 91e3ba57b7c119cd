/* ch04_embeddings_main.c - the experiment of chapter 04.
 *
 * Trains 100-dimensional skip-gram embeddings on the six novels of Jane
 * Austen and writes:
 *     history.tsv          the loss per epoch
 *     neighbours.tsv       the nearest neighbours of a dozen words
 *     analogies.tsv        analogy accuracy by category, trained and random
 *     projection.tsv       a 2-D PCA projection of three groups of words
 *     similarities.tsv     cosine similarities among twenty words (a matrix)
 *     vectors.txt          every vector, in word2vec's text format
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ch04_embeddings.h"
#include "core/analysis/labels.h"
#include "core/analysis/pca.h"
#include "core/datasets/austen.h"
#include "core/datasets/vectors.h"
#include "core/infra/cli.h"
#include "core/infra/error.h"
#include "core/infra/outfile.h"
#include "core/infra/progress.h"
#include "core/infra/tsv.h"

#define NEIGHBOURS 8

static const char *const probe_words[] = {
    "elizabeth", "darcy", "emma", "sister", "mother", "husband", "happy",
    "love",      "anger", "london", "bath", "house", "morning", "week"};

/* Three groups of words for the 2-D picture. */
static const char *const groups[][12] = {
    {"family", "father", "mother", "sister", "brother", "aunt", "uncle",
     "daughter", "son", "husband", "wife", "cousin"},
    {"feelings", "happy", "pleasure", "joy", "sorrow", "anxiety", "delight",
     "fear", "hope", "grief", "affection", "misery"},
    {"places", "london", "bath", "town", "country", "house", "park",
     "village", "hall", "street", "room", "church"}};

/* Twenty words for the similarity matrix: people, feelings, time. */
static const char *const matrix_words[] = {
    "mr",      "mrs",     "sir",     "lady",    "father",  "mother",
    "brother", "sister",  "happy",   "glad",    "pleased", "sorry",
    "unhappy", "morning", "evening", "day",     "night",   "week",
    "letter",  "note"};

typedef struct settings {
    int dim, window, noise, epochs, min_count;
    float lr, sample;
    const char *analogies;
    cli_common run; /* --out, --seed, --quick, --quiet */
} settings;

/* --quick: a small, fast run (for tests). It sets defaults before the
 * flags are read, so that flags given with it still win. */
static void quick_defaults(void *settings_)
{
    settings *s = settings_;
    s->epochs = 1, s->dim = 32;
}

static void read_flags(settings *s, int argc, char **argv)
{
    const cli_option options[] = {
        {"dim", CLI_INT, &s->dim, "dimensions of each word vector"},
        {"window", CLI_INT, &s->window, "context words on each side, at most"},
        {"noise", CLI_INT, &s->noise, "noise words per pair (1 to 64)"},
        {"epochs", CLI_INT, &s->epochs, "passes over the corpus"},
        {"min-count", CLI_INT, &s->min_count, "rarer words are left out"},
        {"lr", CLI_FLOAT, &s->lr, "starting learning rate (falls linearly)"},
        {"sample", CLI_FLOAT, &s->sample, "sub-sampling threshold"},
        {"analogies", CLI_STRING, &s->analogies, "the analogy questions"},
    };
    cli_program program = {
        .summary =
            "Trains skip-gram word embeddings with negative sampling on the six\n"
            "novels of Jane Austen (from r-cran-janeaustenr: make data; or set\n"
            "$" AUSTEN_RDB_VARIABLE " to an Rdata.rdb, or $" AUSTEN_TEXT_VARIABLE
            " to any plain-text corpus), with your\nchapter 04 code, and writes"
            " neighbours, analogy accuracy, a 2-D projection,\na similarity"
            " matrix and the vectors (word2vec's text format) into --out.",
        .options = options, .count = CLI_COUNT(options), .common = &s->run};
    cli_parse_experiment(&program, argc, argv, quick_defaults, s);
}

static void check_settings(settings *s)
{
    cli_check_range("dim", s->dim, 1, 1000);
    cli_check_range("window", s->window, 1, 50);
    cli_check_range("noise", s->noise, 1, 64);
    cli_check_range("epochs", s->epochs, 1, 1000);
    cli_check_range("min-count", s->min_count, 1, 1000000);
    cli_check_positive("lr", s->lr);
    cli_check_positive("sample", s->sample);
}

static void write_neighbours(const settings *s, const embeddings *e,
                             const vocab *v)
{
    tsv t;
    tsv_open_in_or_die(&t, s->run.out, "neighbours.tsv",
                       "word\tnearest neighbours");
    for (size_t i = 0; i < sizeof probe_words / sizeof *probe_words; i++) {
        int id = vocab_find(v, probe_words[i]), best[NEIGHBOURS];
        float score[NEIGHBOURS];
        if (id < 0)
            continue;
        for (int k = 0; k < NEIGHBOURS; k++)
            best[k] = -1; /* in case the exercise leaves them */
        nearest_words(best, score, &e->in, mat_row(&e->in, id), NEIGHBOURS,
                      &id, 1);
        char line[1024] = "";
        for (int k = 0; k < NEIGHBOURS && best[k] >= 0 && best[k] < v->size;
             k++) {
            size_t used = strlen(line);
            snprintf(line + used, sizeof line - used, "%s%s", k ? ", " : "",
                     vocab_word(v, best[k]));
        }
        tsv_row(&t, "%s\t%s", probe_words[i], line);
    }
    tsv_close_or_die(&t);
}

/* Accuracy per category, for the trained vectors and for random ones. */
static void write_analogies(const settings *s, const embeddings *e,
                            const vocab *v, rng *r)
{
    analogy *list;
    int skipped, count = read_analogies(s->analogies, v, &list, &skipped);
    if (count < 0)
        die("%s", error_message());
    mat random = mat_create(e->words, e->dim);
    for (size_t i = 0; i < mat_size(&random); i++)
        random.data[i] = rng_normal(r);
    int *trained = kit_alloc((size_t)count + 1, sizeof(int));
    int *chance = kit_alloc((size_t)count + 1, sizeof(int));
    int right = analogies_correct(&e->in, list, count, trained);
    int lucky = analogies_correct(&random, list, count, chance);
    tsv t;
    tsv_open_in_or_die(&t, s->run.out, "analogies.tsv",
                       "category\tquestions\tembeddings\trandom vectors");
    for (int i = 0; i < count;) { /* the list is grouped by category */
        int j = i, got = 0, luck = 0;
        for (; j < count && !strcmp(list[j].category, list[i].category); j++)
            got += trained[j], luck += chance[j];
        tsv_row(&t, "%s\t%d\t%.1f%%\t%.1f%%", list[i].category, j - i,
                100.0 * got / (j - i), 100.0 * luck / (j - i));
        i = j;
    }
    tsv_row(&t, "all\t%d\t%.1f%%\t%.1f%%", count,
            count ? 100.0 * right / count : 0, count ? 100.0 * lucky / count
                                                     : 0);
    tsv_close_or_die(&t);
    printf("analogies: %d of %d right (%.1f%%), random vectors %d (%.1f%%); "
           "%d questions left out (words not in the vocabulary)\n", right,
           count, count ? 100.0 * right / count : 0, lucky,
           count ? 100.0 * lucky / count : 0, skipped);
    free(list);
    free(trained);
    free(chance);
    mat_free(&random);
}

/* The side of its point where each word's label goes in the projection
 * figure. The figure (plots/ch04_projection.gp) is about 64 characters of
 * its 9-point font wide and 20 lines tall across the span of the points. */
static void place_labels(const mat *codes, const vocab *v, const int *ids,
                         label_side *side)
{
    int n = codes->rows, chars[36];
    float x[36], y[36], low[2] = {INFINITY, INFINITY},
                        high[2] = {-INFINITY, -INFINITY};
    for (int i = 0; i < n; i++) {
        x[i] = mat_get(codes, i, 0), y[i] = mat_get(codes, i, 1);
        chars[i] = (int)strlen(vocab_word(v, ids[i]));
        low[0] = fminf(low[0], x[i]), high[0] = fmaxf(high[0], x[i]);
        low[1] = fminf(low[1], y[i]), high[1] = fmaxf(high[1], y[i]);
    }
    labels_place(x, y, chars, n, (high[0] - low[0]) / 64,
                 (high[1] - low[1]) / 20, side);
}

/* The words of the three groups projected on their first two principal
 * components, with their group and the side for their label. */
static void write_projection(const settings *s, const embeddings *e,
                             const vocab *v, rng *r)
{
    int ids[36], group[36], n = 0;
    for (int g = 0; g < 3; g++)
        for (int w = 1; w < 12; w++) {
            int id = vocab_find(v, groups[g][w]);
            if (id >= 0)
                ids[n] = id, group[n++] = g;
        }
    mat x = mat_create(n, e->dim), codes = mat_create(n, 2);
    for (int i = 0; i < n; i++)
        memcpy(mat_row(&x, i), mat_row(&e->in, ids[i]),
               (size_t)e->dim * sizeof(float));
    pca p;
    pca_fit(&p, &x, 2, r);
    pca_encode(&p, &x, &codes, 2);
    label_side side[36];
    place_labels(&codes, v, ids, side);
    tsv t;
    tsv_open_in_or_die(&t, s->run.out, "projection.tsv",
                       "word\tgroup\tx\ty\tlabel");
    for (int i = 0; i < n; i++)
        tsv_row(&t, "%s\t%s\t%.5f\t%.5f\t%s", vocab_word(v, ids[i]),
                groups[group[i]][0], mat_get(&codes, i, 0),
                mat_get(&codes, i, 1), label_side_name(side[i]));
    tsv_close_or_die(&t);
    pca_free(&p);
    mat_free(&x);
    mat_free(&codes);
}

/* The cosine similarity of every pair of the twenty words, as a matrix
 * with the words as the first row and the first column. */
static void write_similarities(const settings *s, const embeddings *e,
                               const vocab *v)
{
    int ids[20], n = 0;
    for (int i = 0; i < 20; i++)
        if ((ids[n] = vocab_find(v, matrix_words[i])) >= 0)
            n++;
    const char *names[20];
    mat cosines = mat_create(n, n);
    for (int i = 0; i < n; i++) {
        names[i] = vocab_word(v, ids[i]);
        for (int j = 0; j < n; j++)
            mat_set(&cosines, i, j,
                    cosine(mat_row(&e->in, ids[i]), mat_row(&e->in, ids[j]),
                           e->dim));
    }
    char path[OUTFILE_PATH_MAX];
    path_join(path, sizeof path, s->run.out, "similarities.tsv");
    if (tsv_write_matrix(path, "word", names, names, &cosines) != 0)
        die("%s", error_message());
    mat_free(&cosines);
}

/* Every vector, in word2vec's text format, which gensim and the original
 * tools read (and chapter 08 too). */
static void write_vectors(const settings *s, const embeddings *e,
                          const vocab *v)
{
    char path[OUTFILE_PATH_MAX];
    path_join(path, sizeof path, s->run.out, "vectors.txt");
    mat vectors = mat_rows(&e->in, 0, e->words);
    if (word_vectors_save(v, &vectors, path) != 0)
        die("%s", error_message());
}

int main(int argc, char **argv)
{
    settings s = {.dim = 100, .window = 5, .noise = 5, .epochs = 5,
                  .min_count = 5, .lr = 0.025f, .sample = 1e-3f,
                  .analogies = "data/ch04_analogies.txt",
                  .run = {.out = "build/data/ch04", .seed = 1}};
    read_flags(&s, argc, argv);
    check_settings(&s);

    char *text;
    if (austen_load(&text, AUSTEN_DEFAULT_RDB) != 0)
        die("%s", error_message());
    corpus c;
    corpus_create(&c, text, s.min_count);
    free(text);
    printf("corpus: %ld words, %ld of the %d words seen %d times or more\n",
           c.read, c.length, c.words.size, s.min_count);
    if (c.words.size < 2 || c.length < 2 * s.window + 2)
        die("the corpus has too few words seen %d times or more to train "
            "on (%d distinct, %ld in all): a larger text, or a smaller "
            "--min-count", s.min_count, c.words.size, c.length);

    rng r;
    rng_seed(&r, s.run.seed);
    embeddings e;
    embeddings_create(&e, c.words.size, s.dim, &r);
    history hist;
    history_create(&hist, sgns_history, 3);
    sgns_plan plan = {.dim = s.dim, .window = s.window, .noise = s.noise,
                      .epochs = s.epochs, .lr = s.lr, .sample = s.sample,
                      .history = &hist};
    progress_run run; /* for the advice to a long run */
    progress_run_start(&run, "model", 1, NULL, s.run.quick);
    progress_run_stage(&run, "skip-gram");
    double speed, start = wall_seconds();
    float loss = sgns_train(&e, &c, &plan, &r, &speed);
    history_write_or_die(&hist, s.run.out, "history.tsv");
    history_free(&hist);
    printf("trained %d epoch(s) in %.1f s: %.0f words/s, final loss %.4f\n",
           s.epochs, wall_seconds() - start, speed, loss);
    if (loss == 0)
        fprintf(stderr, "%s: a loss of exactly 0: are the exercises "
                        "written? (make grade CH=04 tells)\n", program_name());

    write_neighbours(&s, &e, &c.words);
    write_analogies(&s, &e, &c.words, &r);
    write_projection(&s, &e, &c.words, &r);
    write_similarities(&s, &e, &c.words);
    write_vectors(&s, &e, &c.words);
    progress_run_finish(&run);
    printf("results in %s/\n", s.run.out);
    embeddings_free(&e);
    corpus_free(&c);
    return 0;
}
