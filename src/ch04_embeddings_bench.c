/* ch04_embeddings_bench.c - make bench's line for chapter 04: words per
 * second of skip-gram (vectors of m = 100 numbers, window 5, 5 noise words, sub-sampling
 * 1e-3), counted as word2vec counts them: every token of the vocabulary
 * read, before sub-sampling. The median of whole epochs over the novels
 * (three, or one when quick). */
#include <stdlib.h>

#include "ch04_embeddings.h"
#include "core/datasets/austen.h"
#include "core/infra/bench.h"
#include "core/infra/error.h"

#define EPOCHS 3

static double time_skipgram(const bench_settings *s)
{
    char *text;
    if (austen_load(&text, AUSTEN_DEFAULT_RDB) != 0)
        return 0;
    corpus c;
    corpus_create(&c, text, 5);
    free(text);
    rng r;
    rng_seed(&r, 1);
    embeddings e;
    embeddings_create(&e, c.words.size, 100, &r);
    sgns_plan plan = {.dim = 100, .window = 5, .noise = 5, .epochs = 1,
                      .lr = 0.025f, .sample = 1e-3f};
    double rates[EPOCHS];
    int runs = s->quick ? 1 : EPOCHS;
    for (int run = 0; run < runs; run++)
        sgns_train(&e, &c, &plan, &r, &rates[run]);
    embeddings_free(&e);
    corpus_free(&c);
    return bench_median(rates, runs);
}

const bench_entry ch04_embeddings_bench = {
    .what = "ch04 skip-gram, m 100, window 5, 5 noise, Austen",
    .unit = "words/s",
    .rate = time_skipgram,
};
