/* ch04_embeddings.c - given code of chapter 04: the vocabulary, the
 * training loop of skip-gram with negative sampling, and the analogies.
 *
 * Dimensions: |V| = words (words), m = numbers in a word vector (dim),
 * n_noise = noise words per pair, N = tokens of the corpus, T = tokens of
 * a sentence.
 *
 * The similarity, the noise distribution and its sampling, sub-sampling
 * and the update itself are your exercises; this file calls them.
 */
#include "ch04_embeddings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/infra/error.h"
#include "core/infra/progress.h"

#define SENTENCE 1000 /* tokens per chunk, as word2vec's sentences */

/* ---- The corpus ------------------------------------------------------- */

static const vocab *sorting; /* the vocabulary qsort compares by */

static int by_count(const void *a, const void *b)
{
    long x = sorting->counts[*(const int *)a];
    long y = sorting->counts[*(const int *)b];
    if (x != y)
        return x < y ? 1 : -1; /* more frequent first */
    return *(const int *)a - *(const int *)b;
}

void corpus_create(corpus *c, const char *text, int min_count)
{
    vocab all;
    vocab_create(&all);
    /* A word takes at least two characters with its separator. */
    long room = (long)(strlen(text) / 2 + 1);
    int *ids = kit_alloc((size_t)room, sizeof(int));
    long length = tokenize(text, &all, ids, room);
    int *order = kit_alloc((size_t)all.size, sizeof(int));
    int *new_id = kit_alloc((size_t)all.size, sizeof(int));
    for (int w = 0; w < all.size; w++)
        order[w] = w;
    sorting = &all;
    qsort(order, (size_t)all.size, sizeof(int), by_count);
    vocab_create(&c->words);
    for (int i = 0; i < all.size; i++) {
        int w = order[i];
        new_id[w] = all.counts[w] >= min_count
                        ? vocab_add(&c->words, all.words[w])
                        : -1;
        if (new_id[w] >= 0)
            c->words.counts[new_id[w]] = all.counts[w];
    }
    c->tokens = kit_alloc((size_t)length, sizeof(int));
    c->length = 0;
    c->read = length;
    for (long i = 0; i < length; i++)
        if (new_id[ids[i]] >= 0)
            c->tokens[c->length++] = new_id[ids[i]];
    free(ids);
    free(order);
    free(new_id);
    vocab_free(&all);
}

void corpus_free(corpus *c)
{
    vocab_free(&c->words);
    free(c->tokens);
    c->tokens = NULL;
}

/* ---- The embeddings --------------------------------------------------- */

void embeddings_create(embeddings *e, int words, int dim, rng *r)
{
    e->words = words;
    e->dim = dim;
    e->in = mat_create(words, dim);
    e->out = mat_create(words, dim); /* context vectors start at zero */
    /* As word2vec: uniform in (-0.5, 0.5) / dim, small and varied. */
    for (size_t i = 0; i < mat_size(&e->in); i++)
        e->in.data[i] = (rng_uniform(r) - 0.5f) / (float)dim;
}

void embeddings_free(embeddings *e)
{
    mat_free(&e->in);
    mat_free(&e->out);
}

/* ---- Training --------------------------------------------------------- */

/* What every step needs: the noise distribution's cumulative sums, the
 * keep probabilities, and a buffer. */
typedef struct trainer {
    float *cumulative; /* |V| */
    float *keep;       /* |V| */
    int *sentence;     /* SENTENCE tokens after sub-sampling */
    float *scratch;    /* m */
} trainer;

static trainer trainer_create(const corpus *c, const sgns_plan *plan)
{
    int words = c->words.size;
    trainer t = {kit_alloc((size_t)words, sizeof(float)),
                 kit_alloc((size_t)words, sizeof(float)),
                 kit_alloc(SENTENCE, sizeof(int)),
                 kit_alloc((size_t)plan->dim, sizeof(float))};
    noise_distribution(t.cumulative, c->words.counts, words, 0.75f);
    for (int w = 1; w < words; w++)
        t.cumulative[w] += t.cumulative[w - 1];
    for (int w = 0; w < words; w++)
        t.keep[w] = keep_probability(c->words.counts[w], c->length,
                                     plan->sample);
    return t;
}

static void trainer_free(trainer *t)
{
    free(t->cumulative);
    free(t->keep);
    free(t->sentence);
    free(t->scratch);
}

/* Draws n_noise noise words, none of them the context word itself. */
static void draw_noise(int *noise, int n_noise, int context,
                       const trainer *t, int words, rng *r)
{
    for (int j = 0; j < n_noise; j++) {
        int w;
        do
            w = sample_index(t->cumulative, words, rng_uniform(r));
        while (w == context);
        noise[j] = w < 0 ? 0 : w >= words ? words - 1 : w;
    }
}

/* The tokens first .. first + SENTENCE - 1 that survive sub-sampling;
 * returns how many, T. */
static int subsample(trainer *t, const corpus *c, long first, rng *r)
{
    int length = 0;
    for (long i = first; i < c->length && i < first + SENTENCE; i++)
        if (rng_uniform(r) < t->keep[c->tokens[i]])
            t->sentence[length++] = c->tokens[i];
    return length;
}

//> train-sentence
/* Every (centre, context) pair of one sentence of `length` words: each
 * word with the words up to `reach` places around it, reach drawn from
 * 1 .. window, as word2vec does, so that near words count more often than
 * far ones. */
static double train_sentence(embeddings *e, trainer *t, int length,
                             const sgns_plan *plan, float lr, rng *r,
                             long *pairs)
{
    double loss = 0;
    int noise[64];
    for (int pos = 0; pos < length; pos++) {
        int reach = 1 + (int)rng_below(r, (uint32_t)plan->window);
        for (int at = pos - reach; at <= pos + reach; at++) {
            if (at < 0 || at >= length || at == pos)
                continue;
            int context = t->sentence[at];
            draw_noise(noise, plan->noise, context, t, e->words, r);
            loss += sgns_update(e, t->sentence[pos], context, noise,
                                plan->noise, lr, t->scratch);
            (*pairs)++;
        }
    }
    return loss;
}
//< train-sentence

/* A fixed sample of (centre, context, noise) cases, drawn once, to measure
 * the loss after each epoch on the same pairs: the loss of the pairs seen
 * during training flatters a high learning rate, since the steps on one
 * window have just fitted the pairs that follow. */
#define PROBE_PAIRS 20000

typedef struct probe_set {
    int centre[PROBE_PAIRS], context[PROBE_PAIRS];
    int noise[PROBE_PAIRS][64];
} probe_set;

static void draw_probe(probe_set *p, const corpus *c, const trainer *t,
                       const sgns_plan *plan, int words, rng *r)
{
    for (int i = 0; i < PROBE_PAIRS; i++) {
        long at = (long)rng_below(r, (uint32_t)(c->length - 1));
        p->centre[i] = c->tokens[at];
        p->context[i] = c->tokens[at + 1];
        draw_noise(p->noise[i], plan->noise, p->context[i], t, words, r);
    }
}

/* The mean loss of the sample: sgns_update with a rate of 0 changes
 * nothing. */
static double probe_loss(embeddings *e, const probe_set *p,
                         const sgns_plan *plan, float *scratch)
{
    double loss = 0;
    for (int i = 0; i < PROBE_PAIRS; i++)
        loss += sgns_update(e, p->centre[i], p->context[i], p->noise[i],
                            plan->noise, 0.0f, scratch);
    return loss / PROBE_PAIRS;
}

const history_column sgns_history[3] = {
    {"epoch", 0}, {"training pairs", 5}, {"fixed sample", 5}};

float sgns_train(embeddings *e, const corpus *c, const sgns_plan *plan,
                 rng *r, double *words_per_second)
{
    CHECK(plan->noise >= 1 && plan->noise <= 64, "%d noise words",
          plan->noise);
    trainer t = trainer_create(c, plan);
    probe_set *sample = kit_alloc(1, sizeof(probe_set));
    draw_probe(sample, c, &t, plan, e->words, r);
    long steps = (long)plan->epochs * ((c->length + SENTENCE - 1) / SENTENCE);
    progress p;
    progress_start(&p, "skip-gram", steps, "words", SENTENCE);
    double start = wall_seconds(), loss = 0;
    long step = 0, total = (long)plan->epochs * c->length;
    for (int epoch = 1; epoch <= plan->epochs; epoch++) {
        long pairs = 0;
        loss = 0;
        for (long first = 0; first < c->length; first += SENTENCE) {
            /* The rate falls linearly to 1/10,000 of its start. */
            long done = (long)(epoch - 1) * c->length + first;
            float lr = plan->lr * fmaxf(1e-4f, 1.0f - (float)done / total);
            int length = subsample(&t, c, first, r);
            loss += train_sentence(e, &t, length, plan, lr, r, &pairs);
            progress_update(&p, ++step, pairs ? loss / pairs : 0);
        }
        loss = pairs ? loss / pairs : 0;
        double seconds = wall_seconds();
        if (plan->history)
            history_add(plan->history,
                        (double[]){epoch, loss,
                                   probe_loss(e, sample, plan, t.scratch)});
        start += wall_seconds() - seconds; /* not training time */
    }
    progress_finish(&p, loss);
    *words_per_second = (double)total / (wall_seconds() - start);
    free(sample);
    trainer_free(&t);
    return (float)loss;
}

/* ---- Analogies -------------------------------------------------------- */

int read_analogies(const char *path, const vocab *v, analogy **list,
                   int *skipped)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return error_set("cannot open the analogies %s", path);
    int count = 0, capacity = 64;
    *list = kit_alloc((size_t)capacity, sizeof(analogy));
    *skipped = 0;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char category[32], w[4][64];
        if (line[0] == '#' ||
            sscanf(line, "%31s %63s %63s %63s %63s", category, w[0], w[1],
                   w[2], w[3]) != 5)
            continue;
        int ids[4];
        for (int i = 0; i < 4; i++)
            ids[i] = vocab_find(v, w[i]);
        if (ids[0] < 0 || ids[1] < 0 || ids[2] < 0 || ids[3] < 0) {
            (*skipped)++;
            continue;
        }
        if (count == capacity)
            *list = kit_realloc(*list, (size_t)(capacity *= 2),
                                sizeof(analogy));
        analogy *a = &(*list)[count++];
        *a = (analogy){ids[0], ids[1], ids[2], ids[3], ""};
        snprintf(a->category, sizeof a->category, "%s", category);
    }
    fclose(f);
    return count;
}

int analogies_correct(const mat *vectors, const analogy *list, int count,
                      int *correct)
{
    float *query = kit_alloc((size_t)vectors->cols, sizeof(float));
    int right = 0;
    for (int i = 0; i < count; i++) {
        const analogy *q = &list[i];
        int exclude[3] = {q->a, q->b, q->c}, best;
        float score;
        analogy_query(query, vectors, q->a, q->b, q->c);
        nearest_words(&best, &score, vectors, query, 1, exclude, 3);
        correct[i] = best == q->d;
        right += correct[i];
    }
    free(query);
    return right;
}
