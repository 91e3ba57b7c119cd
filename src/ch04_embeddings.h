/* ch04_embeddings.h - chapter 04: word embeddings from Jane Austen.
 *
 * Skip-gram with negative sampling (Mikolov et al., 2013) learns a vector
 * for every word of a corpus by predicting, from each word, the words
 * around it. Each true (centre, context) pair is contrasted with n_noise
 * noise words drawn from the unigram distribution raised to the 3/4 power,
 * so that words used in the same company end up pointing the same way.
 *
 * Dimensions: |V| = words in the vocabulary (words), m = numbers in a
 * word vector (dim), n_noise = noise words per pair, N = tokens of the
 * corpus.
 *
 * Exercises (you write them in exercises/ch04_embeddings.c):
 *   ch04.1  cosine              cosine similarity of two vectors
 *   ch04.2  noise_distribution  counts^power, normalised
 *   ch04.3  sample_index        draw from a distribution by its cumulative
 *   ch04.4  keep_probability    sub-sampling of frequent words
 *   ch04.5  sgns_update         one skip-gram negative-sampling step
 *   ch04.6  nearest_words       the most similar words to a vector
 *   ch04.7  analogy_query       b - a + c, for "a is to b as c is to ?"
 * Given (src/ch04_embeddings.c): the vocabulary, the training loop, the
 * evaluation on analogies, and the pictures.
 *
 * Grade:  make grade CH=04
 * Run:    make run CH=04      (results in build/data/ch04/)
 * Plot:   make plots CH=04    (figures in build/plots/)
 */
#ifndef CH04_EMBEDDINGS_H
#define CH04_EMBEDDINGS_H

#include "core/datasets/text.h"
#include "core/infra/exercise.h"
#include "core/infra/history.h"
#include "core/learn/mat.h"
#include "core/learn/rng.h"

/* The novels as `make data` extracts them (tools/fetch-austen); the
 * program and the benchmark read them with austen_load, which lets
 * $AUSTEN_RDB or $AUSTEN_TEXT name another file. */
#define AUSTEN_DEFAULT_RDB "build/datasets/janeaustenr/Rdata.rdb"

/* ---- Exercises -------------------------------------------------------- */

/* ch04.1 - Cosine similarity: a . b / (|a| |b|), for vectors of dim
 * numbers; 0 if either vector is all zeros.
 *
 * Hint: three sums in one loop (a . b, a . a, b . b), in double.
 */
float cosine(const float *a, const float *b, int dim)
    WRITES() SIZES(a[dim], b[dim]);

/* ch04.2 - The noise distribution of negative sampling.
 *
 * probs[w] = counts[w]^power / sum over v of counts[v]^power, for the
 * `words` words (power is 0.75 in word2vec: frequent words are drawn less
 * often than their share, rare ones more).
 *
 * Hint: powf; sum first, then divide.
 */
void noise_distribution(float *probs, const long *counts, int words,
                        float power)
    WRITES(probs) SIZES(probs[words], counts[words]);

/* ch04.3 - Draw from a distribution given its cumulative sums.
 *
 * cumulative[w] = probs[0] + ... + probs[w], increasing, the last one 1.
 * For u in [0, 1), returns the smallest w with u < cumulative[w], so that
 * w comes up with probability probs[w] when u is uniform. (If rounding
 * left the last entry below 1 and u is above it, return the last word.)
 *
 * Hint: binary search: the answer is in lo .. hi; halve the range.
 */
int sample_index(const float *cumulative, int words, float u)
    WRITES() SIZES(cumulative[words]);

/* ch04.4 - Sub-sampling: the probability of keeping one occurrence of a
 * word seen `count` times in a corpus of `total` tokens.
 *
 * With f = count / total and threshold t (1e-3 here), word2vec keeps it
 * with probability
 *     (sqrt(f / t) + 1) * t / f,
 * capped at 1: words rarer than about t are always kept, "the" and "of"
 * mostly dropped.
 *
 * Hint: compute in double.
 */
float keep_probability(long count, long total, float t) WRITES();

/* The two tables of vectors skip-gram learns. */
typedef struct embeddings {
    int words, dim;
    mat in;  /* words x dim: the vector of each word as a centre word */
    mat out; /* words x dim: its vector as a context (or noise) word */
} embeddings;

/* ch04.5 - One step of skip-gram with negative sampling.
 *
 * v = e->in row `centre`; u_o = e->out row `context`; u_j = e->out row
 * noise[j - 1], for j = 1 .. n_noise. The loss of the pair is
 *     L = -log sigmoid(u_o . v) - sum over j of log sigmoid(-u_j . v).
 * Returns L (at the vectors before the step), then takes one gradient step
 * of size lr on every vector involved:
 *     g_o = sigmoid(u_o . v) - 1,   g_j = sigmoid(u_j . v)      (scalars)
 *     u_o -= lr g_o v,   u_j -= lr g_j v,
 *     v   -= lr (g_o u_o + sum over j of g_j u_j),
 * all gradients taken at the vectors before the step (so collect v's
 * gradient in `scratch`, dim floats, before changing anything that it
 * reads).
 *
 * Hint: for each of the n_noise + 1 output words: its dot product with v, its
 * g, add g u to scratch, then update u. Update v last. -log sigmoid(x) is
 * log1pf(expf(-x)).
 */
float sgns_update(embeddings *e, int centre, int context, const int *noise,
                  int n_noise, float lr, float *scratch)
    WRITES(e->in, e->out, scratch) SIZES(noise[n_noise], scratch[e->dim]);

/* ch04.6 - The `count` rows of vectors most similar to query (by cosine),
 * leaving out the `excluded` ids in exclude.
 *
 * Writes their ids into best[0 .. count-1] and their similarities into
 * scores[0 .. count-1], from the most similar down (ties: the smaller id
 * first). If fewer than count rows remain, fills the rest with -1 and -2.
 *
 * Hint: keep the best so far in order; insert each new candidate where it
 * belongs (an insertion sort of length count).
 */
void nearest_words(int *best, float *scores, const mat *vectors,
                   const float *query, int count, const int *exclude,
                   int excluded)
    WRITES(best, scores)
    SIZES(best[count], scores[count], query[vectors->cols],
          exclude[excluded]);

/* ch04.7 - The query vector of the analogy "a is to b as c is to ?".
 *
 * query = b/|b| - a/|a| + c/|c|, for rows a, b and c of vectors (dim
 * numbers each): the offset from a to b, added to c, with every vector
 * first scaled to length 1 so that frequent words do not dominate.
 *
 * Hint: a zero vector stays zero (do not divide by 0).
 */
void analogy_query(float *query, const mat *vectors, int a, int b, int c)
    WRITES(query) SIZES(query[vectors->cols]);

/* ---- Given: corpus, training, evaluation -------------------------------- */

typedef struct corpus {
    vocab words;   /* the words kept (count >= min_count), by id */
    int *tokens;   /* the corpus as ids of kept words */
    long length;   /* N: tokens */
    long read;     /* tokens read in all, rare words included */
} corpus;

/* Splits the text into words and keeps those seen at least min_count
 * times, ids ordered by decreasing count. */
void corpus_create(corpus *c, const char *text, int min_count);
void corpus_free(corpus *c);

typedef struct sgns_plan {
    int dim, window, noise, epochs;
    float lr, sample;
    history *history; /* the columns of sgns_history, or NULL */
} sgns_plan;

/* A row per epoch: the epoch, the mean loss of its training pairs, and
 * the loss of a fixed sample of pairs. */
extern const history_column sgns_history[3];

/* Trains embeddings on the corpus; returns the mean loss of the last
 * epoch. Sets *words_per_second (tokens read, as word2vec counts them). */
float sgns_train(embeddings *e, const corpus *c, const sgns_plan *plan,
                 rng *r, double *words_per_second);

void embeddings_create(embeddings *e, int words, int dim, rng *r);
void embeddings_free(embeddings *e);

/* An analogy a : b :: c : d, by word ids, with its category. */
typedef struct analogy {
    int a, b, c, d;
    char category[32];
} analogy;

/* Reads analogies ("category a b c d" per line, # comments) whose four
 * words are all in the vocabulary; returns their number (the caller frees
 * *list), or -1 with an error. *skipped counts the lines left out. */
int read_analogies(const char *path, const vocab *v, analogy **list,
                   int *skipped);

/* How many analogies the vectors answer right: the nearest word to
 * analogy_query(a, b, c), leaving out a, b and c, is d. Fills correct[i]
 * with 1 or 0 for each analogy. */
int analogies_correct(const mat *vectors, const analogy *list, int count,
                      int *correct);

#endif
