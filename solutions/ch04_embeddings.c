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
    // BEGIN SOLUTION ch04.1
    double ab = 0, aa = 0, bb = 0;
    for (int i = 0; i < dim; i++) {
        ab += (double)a[i] * b[i];
        aa += (double)a[i] * a[i];
        bb += (double)b[i] * b[i];
    }
    return aa > 0 && bb > 0 ? (float)(ab / sqrt(aa * bb)) : 0.0f;
    //stub: (void)a, (void)b, (void)dim;
    //stub: return 0.0f;
    // END SOLUTION
}
//< cosine

//> noise-distribution
void noise_distribution(float *probs, const long *counts, int words,
                        float power)
{
    // BEGIN SOLUTION ch04.2
    double total = 0;
    for (int w = 0; w < words; w++)
        total += pow((double)counts[w], power);
    for (int w = 0; w < words; w++)
        probs[w] = (float)(pow((double)counts[w], power) / total);
    //stub: (void)probs, (void)counts, (void)words, (void)power;
    // END SOLUTION
}
//< noise-distribution

//> sample-index
int sample_index(const float *cumulative, int words, float u)
{
    // BEGIN SOLUTION ch04.3
    int lo = 0, hi = words - 1; /* the answer is in lo .. hi */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (u < cumulative[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
    //stub: (void)cumulative, (void)words, (void)u;
    //stub: return -1;
    // END SOLUTION
}
//< sample-index

//> keep-probability
float keep_probability(long count, long total, float t)
{
    // BEGIN SOLUTION ch04.4
    double f = (double)count / (double)total;
    double keep = (sqrt(f / t) + 1) * t / f;
    return keep < 1 ? (float)keep : 1.0f;
    //stub: (void)count, (void)total, (void)t;
    //stub: return 0.0f;
    // END SOLUTION
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
    // BEGIN SOLUTION ch04.5
    int dim = e->dim;
    float *v = mat_row(&e->in, centre), loss = 0;
    for (int i = 0; i < dim; i++)
        scratch[i] = 0;
    /* Target 0 is the true context word (label 1), then the n_noise noise
     * words (label 0). */
    for (int target = 0; target <= n_noise; target++) {
        int word = target == 0 ? context : noise[target - 1];
        float *u = mat_row(&e->out, word), dot = 0;
        for (int i = 0; i < dim; i++)
            dot += u[i] * v[i];
        float label = target == 0 ? 1.0f : 0.0f;
        float g = 1.0f / (1.0f + expf(-dot)) - label; /* dL / d(dot) */
        loss += minus_log_sigmoid(target == 0 ? dot : -dot);
        for (int i = 0; i < dim; i++) {
            scratch[i] += g * u[i]; /* v's gradient, with u before its step */
            u[i] -= lr * g * v[i];
        }
    }
    for (int i = 0; i < dim; i++)
        v[i] -= lr * scratch[i];
    return loss;
    //stub: (void)e, (void)centre, (void)context, (void)noise, (void)n_noise;
    //stub: (void)lr, (void)scratch, (void)minus_log_sigmoid;
    //stub: return 0.0f;
    // END SOLUTION
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
    // BEGIN SOLUTION ch04.6
    for (int i = 0; i < count; i++)
        best[i] = -1, scores[i] = -2;
    for (int w = 0; w < vectors->rows; w++) {
        if (is_excluded(w, exclude, excluded))
            continue;
        float s = cosine(mat_row(vectors, w), query, vectors->cols);
        int at = count; /* where w goes: after every better word */
        while (at > 0 && s > scores[at - 1])
            at--;
        if (at == count)
            continue;
        for (int i = count - 1; i > at; i--)
            best[i] = best[i - 1], scores[i] = scores[i - 1];
        best[at] = w, scores[at] = s;
    }
    //stub: (void)best, (void)scores, (void)vectors, (void)query;
    //stub: (void)count;
    //stub: (void)exclude, (void)excluded, (void)is_excluded;
    // END SOLUTION
}
//< nearest-words

//> analogy-query
void analogy_query(float *query, const mat *vectors, int a, int b, int c)
{
    // BEGIN SOLUTION ch04.7
    int ids[3] = {b, a, c};
    float signs[3] = {1, -1, 1};
    for (int i = 0; i < vectors->cols; i++)
        query[i] = 0;
    for (int t = 0; t < 3; t++) {
        const float *x = mat_row(vectors, ids[t]);
        double norm = 0;
        for (int i = 0; i < vectors->cols; i++)
            norm += (double)x[i] * x[i];
        float scale = norm > 0 ? (float)(signs[t] / sqrt(norm)) : 0.0f;
        for (int i = 0; i < vectors->cols; i++)
            query[i] += scale * x[i];
    }
    //stub: (void)query, (void)vectors, (void)a, (void)b, (void)c;
    // END SOLUTION
}
//< analogy-query
