/* ch05_attention.h - chapter 05: attention as a soft dictionary look-up.
 *
 * A dictionary answers a query only when the query is one of its keys. A
 * soft look-up answers every query: it scores each key by the dot product
 * of its vector with the query's, turns the scores into weights with a
 * softmax, and returns the weighted average of the values. Scaled
 * dot-product attention does the same for a whole matrix of queries at
 * once:  softmax(Q K^T / sqrt(d_k) + mask) V.
 *
 * Dimensions: n_q = queries, n_k = keys (and as many values), d_k =
 * features of a query or key, d_v = features of a value; in the recall
 * task, d = features of the vectors presented (dim).
 *
 * Exercises (you write them in exercises/ch05_attention.c):
 *   ch05.1  attention_scores    dot products of one query with every key
 *   ch05.2  masked_softmax      a stable softmax that accepts -infinity
 *   ch05.3  soft_lookup         the weighted average of the values
 *   ch05.4  causal_mask         each position sees itself and the past
 *   ch05.5  attention_forward   softmax(Q K^T / sqrt(d_k) + mask) V
 *   ch05.6  attention_backward  its gradients with respect to Q, K and V
 * Given (src/ch05_attention.c): the fruit dictionary, the recall task and
 * its training loop.
 *
 * Grade:  make grade CH=05
 * Run:    make run CH=05      (results in build/data/ch05/)
 * Plot:   make plots CH=05    (figures in build/plots/)
 */
#ifndef CH05_ATTENTION_H
#define CH05_ATTENTION_H

#include "core/infra/exercise.h"
#include "core/infra/history.h"
#include "core/learn/mat.h"
#include "core/learn/optim.h"
#include "core/learn/rng.h"

/* The kit's softmax would do ch05.2's work (and not handle a masked row). */
EXERCISES_MAY_NOT_CALL(nn_softmax_forward, nn_softmax_xent_forward)

/* ---- Exercises -------------------------------------------------------- */

/* ch05.1 - The score of every key for one query.
 *
 * scores[i] = query . (row i of keys), for the keys->rows keys, each of
 * keys->cols numbers (as many as the query has).
 *
 * Hint: one dot product per key; mat_row(keys, i) is key i.
 */
void attention_scores(float *scores, const float *query, const mat *keys)
    WRITES(scores) SIZES(scores[keys->rows], query[keys->cols]);

/* ch05.2 - Softmax of count scores, some of which may be -INFINITY
 * (masked).
 *
 * weights[i] = exp(s[i] - top) / sum over j of exp(s[j] - top), where top
 * is the largest score: subtracting it changes nothing mathematically and
 * keeps every exp() at most 1, so large scores cannot overflow. A masked
 * score gets weight exactly 0. If every score is masked there is nothing
 * to attend to: all the weights are 0 (not NaN), and the look-up that uses
 * them returns the zero vector. weights may be the same array as s.
 *
 * Hint: find top first; if it is -INFINITY, the whole row is masked.
 */
void masked_softmax(float *weights, const float *s, int count)
    WRITES(weights) SIZES(weights[count], s[count]);

/* ch05.3 - The answer of a soft look-up: out = sum over i of weights[i]
 * (row i of values), values->cols numbers.
 *
 * Hint: out holds anything on entry: clear it, then add each weighted
 * value.
 */
void soft_lookup(float *out, const float *weights, const mat *values)
    WRITES(out) SIZES(out[values->cols], weights[values->rows]);

/* ch05.4 - The causal mask of a sequence of mask->rows positions (a square
 * matrix): 0 where column j <= row i (position i may look at j), and
 * -INFINITY where j > i (the future, which it must not see). Added to the
 * scores, it sends the weight of every later position to 0.
 *
 * Hint: INFINITY comes from <math.h>; set every entry, not only the
 * masked ones.
 */
void causal_mask(mat *mask) WRITES(mask);

/* ch05.5 - Scaled dot-product attention.
 *
 * For queries q (n_q x d_k), keys k (n_k x d_k) and values v (n_k x d_v):
 *     weights = softmax of each row of (q k^T / sqrt(d_k) + mask)
 *                                                             (n_q x n_k)
 *     out     = weights v                                     (n_q x d_v)
 * mask (n_q x n_k) is added to the scaled scores before the softmax, or is
 * NULL for none. weights is kept: the backward pass needs it, and it is
 * what the heatmaps of the chapter show.
 *
 * Hint: out and weights hold anything on entry; the mat products add to
 * their result (mat.h), so clear it first. Use your masked_softmax on each
 * row of weights.
 */
void attention_forward(mat *out, mat *weights, const mat *q, const mat *k,
                       const mat *v, const mat *mask) WRITES(out, weights);

/* ch05.6 - The backward pass of attention_forward.
 *
 * Given dout = dL/d(out) (n_q x d_v) and the weights of the forward pass,
 * writes dq = dL/dq (n_q x d_k), dk = dL/dk (n_k x d_k) and dv = dL/dv
 * (n_k x d_v).
 * Unlike a layer's backward pass (which adds to its gradients, see the
 * notation), this one overwrites them: q, k and v are results of this
 * example's projections, not parameters that gather gradients from many
 * examples. With P = weights and beta = 1/sqrt(d_k):
 *     dv = P^T dout
 *     dP = dout v^T                                  (n_q x n_k)
 *     dS = P * (dP - rowsum(P * dP))   (* entry by entry; the softmax's
 *                                       backward pass, row by row)
 *     dq = beta dS k,    dk = beta dS^T q
 * A masked entry has P = 0, so its dS is 0 and no gradient flows there.
 * scratch (n_q x n_k) holds anything on entry; use it for dP and then dS.
 *
 * Hint: clear each output before a product adds into it: dv is
 * mat_mul_add_at(dv, P, dout), dq a mat_mul_add and dk a mat_mul_add_at.
 */
void attention_backward(mat *dq, mat *dk, mat *dv, const mat *dout,
                        const mat *q, const mat *k, const mat *v,
                        const mat *weights, mat *scratch)
    WRITES(dq, dk, dv, scratch);

/* ---- Given: the fruit dictionary --------------------------------------- */

#define FRUIT_FEATURES 4 /* citrus, yellow, long, round */
#define DICTIONARY_SIZE 3

typedef struct fruit {
    const char *english, *french;
    float features[FRUIT_FEATURES];
} fruit;

extern const char *const fruit_feature_names[FRUIT_FEATURES];
/* apple, banana, lemon: the keys (English) and values (French). */
extern const fruit dictionary[DICTIONARY_SIZE];
/* orange, lime, grapefruit ...: words that are not keys. */
extern const fruit other_fruits[];
extern const int other_fruit_count;

/* The fruit with this English name, in either table, or NULL. */
const fruit *fruit_find(const char *english);

/* The soft look-up of query in the dictionary with scores multiplied by
 * sharpness: fills weights[DICTIONARY_SIZE] and blend[FRUIT_FEATURES] and
 * returns the index of the value nearest to the blend. (With the exercises
 * still stubs, the weights and the blend stay 0.) */
int fruit_lookup(const float *query, float sharpness, float *weights,
                 float *blend);

/* ---- Given: the associative-recall task -------------------------------- */

/* Each example is a small dictionary of `pairs` random key and value
 * vectors, and `pairs` queries: every key once, in a shuffled order, with
 * noise added, and seen through a fixed rotation (the query "speaks
 * another language" than the keys). The values are stored through another
 * rotation. A model recalls a value when its output is nearer to the
 * matching value than to any other value of the example. */
typedef struct recall_task {
    int pairs, dim;  /* key-value pairs per example (n_k, and n_q), and
                        d, the features of each vector */
    float noise;     /* length of the noise added to each query (keys
                        have length 1) */
    mat query_turn;  /* dim x dim rotation applied to each query */
    mat value_turn;  /* dim x dim rotation applied to each stored value */
} recall_task;

typedef struct recall_set {
    int examples, pairs, dim;
    mat keys, values, queries; /* (examples * pairs) x dim, as presented */
    mat truth;  /* (examples * pairs) x dim: the values before their
                   rotation, which the model should return */
    int *match; /* examples * pairs: the key (and value) each query
                   matches, counted within its example */
} recall_set;

void recall_task_create(recall_task *t, int pairs, int dim, float noise,
                        rng *r);
void recall_task_free(recall_task *t);
void recall_set_create(recall_set *s, const recall_task *t, int examples,
                       rng *r);
void recall_set_free(recall_set *s);

/* The best recall a model that answers each query on its own can reach
 * on average: the share of queries that, turned back by the task's own
 * rotation, are still nearest to their matching key (the rest were pushed
 * nearer another key by their noise). */
double recall_ceiling(const recall_task *t, const recall_set *s);

/* The learned attention layer: queries, keys and values of the examples
 * through three learned matrices, then attention_forward. */
typedef struct recall_model {
    int dim, width;       /* d, the features of the inputs; d_k */
    params p;             /* all weights, and their gradients */
    mat wq, wk, wv;       /* d x d_k, d x d_k, d x d_v (d_v = d) */
    mat dwq, dwk, dwv;
} recall_model;

void recall_model_create(recall_model *model, int dim, int width, rng *r);
void recall_model_free(recall_model *model);

/* How well the model recalls, over a set of examples. */
typedef struct recall_score {
    double loss;   /* squared error per number of the output */
    double recall; /* share of queries whose output is nearest to the
                      matching value */
    double focus;  /* mean attention weight on the matching key */
} recall_score;

/* The score over a set; when weights is not NULL, also the attention
 * weights (pairs x pairs) of example `show`. */
recall_score recall_evaluate(const recall_model *model, const recall_set *s,
                             int show, mat *weights);

typedef struct recall_plan {
    int epochs, batch;  /* passes, and examples per Adam step */
    float lr;
    history *history; /* the columns of recall_history, or NULL */
} recall_plan;

/* A row per epoch, from epoch 0 (untrained): the epoch, the mean training
 * loss, and the held-out loss, recall and weight on the match. */
extern const history_column recall_history[5];

/* Trains the model with Adam; returns the held-out score after the last
 * epoch. */
recall_score recall_train(recall_model *model, const recall_set *train,
                          const recall_set *held_out, const recall_plan *plan,
                          rng *r);

#endif
