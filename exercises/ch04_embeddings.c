/* ch04_embeddings.c - the exercises of chapter 04 (contracts in
 * ch04_embeddings.h).
 *
 * Dimensions: |V| = words in the vocabulary (words), m = numbers in a word
 * vector (dim), n_noise = noise words per pair.
 *
 * Write each function between its TODO line and the closing brace, then run
 * make grade CH=04. The experiment (make run CH=04) trains with your code.
 * Make any helper function you add static, so that its name cannot clash
 * with a function of the kit.
 */
#include "ch04_embeddings.h"

#include <math.h>

//> cosine
float cosine(const float *a, const float *b, int dim)
{
    // TODO(ch04.1): write this (then delete this line).
    (void)a, (void)b, (void)dim;
    return 0.0f;
}
//< cosine

//> noise-distribution
void noise_distribution(float *probs, const long *counts, int words,
                        float power)
{
    // TODO(ch04.2): write this (then delete this line).
    (void)probs, (void)counts, (void)words, (void)power;
}
//< noise-distribution

//> sample-index
int sample_index(const float *cumulative, int words, float u)
{
    // TODO(ch04.3): write this (then delete this line).
    (void)cumulative, (void)words, (void)u;
    return -1;
}
//< sample-index

//> keep-probability
float keep_probability(long count, long total, float t)
{
    // TODO(ch04.4): write this (then delete this line).
    (void)count, (void)total, (void)t;
    return 0.0f;
}
//< keep-probability

//> sgns-update
/* -log sigmoid(x), without overflow for large |x|. */
static float minus_log_sigmoid(float x)
{
    return x > 0 ? log1pf(expf(-x)) : -x + log1pf(expf(x));
}

float sgns_update(embeddings *e, int centre, int context, const int *noise,
                  int n_noise, float lr, float *scratch)
{
    // TODO(ch04.5): write this (then delete this line).
    (void)e, (void)centre, (void)context, (void)noise, (void)n_noise;
    (void)lr, (void)scratch, (void)minus_log_sigmoid;
    return 0.0f;
}
//< sgns-update

//> nearest-words
static int is_excluded(int id, const int *exclude, int excluded)
{
    for (int i = 0; i < excluded; i++)
        if (exclude[i] == id)
            return 1;
    return 0;
}

void nearest_words(int *best, float *scores, const mat *vectors,
                   const float *query, int count, const int *exclude,
                   int excluded)
{
    // TODO(ch04.6): write this (then delete this line).
    (void)best, (void)scores, (void)vectors, (void)query;
    (void)count;
    (void)exclude, (void)excluded, (void)is_excluded;
}
//< nearest-words

//> analogy-query
void analogy_query(float *query, const mat *vectors, int a, int b, int c)
{
    // TODO(ch04.7): write this (then delete this line).
    (void)query, (void)vectors, (void)a, (void)b, (void)c;
}
//< analogy-query
