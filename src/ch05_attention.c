/* ch05_attention.c - given code of chapter 05: the fruit dictionary and
 * the associative-recall task with its learned attention layer.
 *
 * Dimensions: n_k = key-value pairs per example, and n_q = n_k queries
 * (pairs); d = features of the vectors presented, and d_v = d of the
 * values (dim); d_k = features of the learned queries and keys (width).
 *
 * The scores, the softmax, the look-up, the mask and attention itself,
 * forward and backward, are your exercises; this file calls them.
 */
#include "ch05_attention.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/infra/error.h"
#include "core/learn/batches.h"
#include "core/learn/training.h"

/* ---- The fruit dictionary --------------------------------------------- */

//> fruits
const char *const fruit_feature_names[FRUIT_FEATURES] = {"citrus", "yellow",
                                                         "long", "round"};

/* Each feature from 0 (not at all) to 2 (very). A French word names the
 * same fruit as its English key, so the value is the same vector. */
const fruit dictionary[DICTIONARY_SIZE] = {
    {"apple", "pomme", {0, 0.5f, 0, 2}},
    {"banana", "banane", {0, 2, 2, 0}},
    {"lemon", "citron", {2, 2, 0, 1}},
};

const fruit other_fruits[] = {
    {"orange", "orange", {2, 0.5f, 0, 2}},
    {"lime", "citron vert", {2, 0.5f, 0, 1}},
    {"grapefruit", "pamplemousse", {2, 1, 0, 2}},
    {"cherry", "cerise", {0, 0, 0, 2}},
    {"plantain", "banane plantain", {0, 1, 2, 0}},
};
//< fruits
const int other_fruit_count = sizeof other_fruits / sizeof *other_fruits;

const fruit *fruit_find(const char *english)
{
    for (int i = 0; i < DICTIONARY_SIZE; i++)
        if (!strcmp(dictionary[i].english, english))
            return &dictionary[i];
    for (int i = 0; i < other_fruit_count; i++)
        if (!strcmp(other_fruits[i].english, english))
            return &other_fruits[i];
    return NULL;
}

static mat dictionary_matrix(void)
{
    mat a = mat_create(DICTIONARY_SIZE, FRUIT_FEATURES);
    for (int i = 0; i < DICTIONARY_SIZE; i++)
        memcpy(mat_row(&a, i), dictionary[i].features,
               sizeof dictionary[i].features);
    return a;
}

static float squared_distance(const float *a, const float *b, int dim)
{
    float sum = 0;
    for (int i = 0; i < dim; i++)
        sum += (a[i] - b[i]) * (a[i] - b[i]);
    return sum;
}

//> fruit-lookup
int fruit_lookup(const float *query, float sharpness, float *weights,
                 float *blend)
{
    mat keys = dictionary_matrix(); /* the values are the same vectors */
    float scores[DICTIONARY_SIZE] = {0};
    memset(weights, 0, DICTIONARY_SIZE * sizeof *weights);
    memset(blend, 0, FRUIT_FEATURES * sizeof *blend);
    attention_scores(scores, query, &keys);
    for (int i = 0; i < DICTIONARY_SIZE; i++)
        scores[i] *= sharpness;
    masked_softmax(weights, scores, DICTIONARY_SIZE);
    soft_lookup(blend, weights, &keys);
    int nearest = 0;
    for (int i = 1; i < DICTIONARY_SIZE; i++)
        if (squared_distance(blend, mat_row(&keys, i), FRUIT_FEATURES) <
            squared_distance(blend, mat_row(&keys, nearest), FRUIT_FEATURES))
            nearest = i;
    mat_free(&keys);
    return nearest;
}
//< fruit-lookup

/* ---- The recall task --------------------------------------------------- */

static void fill_normal(mat *a, float deviation, rng *r)
{
    for (size_t i = 0; i < mat_size(a); i++)
        a->data[i] = deviation * rng_normal(r);
}

static mat random_rotation(int dim, rng *r)
{
    mat a = mat_create(dim, dim);
    fill_normal(&a, 1, r);
    mat_orthonormalize_rows(&a);
    return a;
}

void recall_task_create(recall_task *t, int pairs, int dim, float noise,
                        rng *r)
{
    t->pairs = pairs, t->dim = dim, t->noise = noise;
    t->query_turn = random_rotation(dim, r);
    t->value_turn = random_rotation(dim, r);
}

void recall_task_free(recall_task *t)
{
    mat_free(&t->query_turn);
    mat_free(&t->value_turn);
}

/* Rows of length 1 pointing in random directions. */
static void random_directions(mat *a, rng *r)
{
    fill_normal(a, 1, r);
    for (int i = 0; i < a->rows; i++) {
        float *row = mat_row(a, i), norm = 0;
        for (int j = 0; j < a->cols; j++)
            norm += row[j] * row[j];
        for (int j = 0; j < a->cols; j++)
            row[j] /= sqrtf(norm);
    }
}

//> recall-example
/* One example: keys and values of length 1 in random directions, and a
 * query for every key, in a shuffled order, noisy and turned. */
static void make_example(recall_set *s, const recall_task *t, int example,
                         rng *r)
{
    int pairs = t->pairs, dim = t->dim, first = example * pairs;
    mat keys = mat_rows(&s->keys, first, pairs);
    mat truth = mat_rows(&s->truth, first, pairs);
    mat values = mat_rows(&s->values, first, pairs);
    mat queries = mat_rows(&s->queries, first, pairs);
    mat noisy = mat_create(pairs, dim);
    int *match = s->match + first;
    random_directions(&keys, r);
    random_directions(&truth, r);
    mat_fill(&values, 0);
    mat_mul_add(&values, &truth, &t->value_turn);
    for (int i = 0; i < pairs; i++)
        match[i] = i;
    rng_shuffle(r, match, pairs);
    /* Noise of length t->noise: dim numbers, each of deviation
     * noise/sqrt(dim), whose squares add up to about noise^2. */
    for (int i = 0; i < pairs; i++)
        for (int j = 0; j < dim; j++)
            mat_set(&noisy, i, j,
                    mat_get(&keys, match[i], j) +
                        t->noise / sqrtf((float)dim) * rng_normal(r));
    mat_fill(&queries, 0);
    mat_mul_add(&queries, &noisy, &t->query_turn);
    mat_free(&noisy);
}
//< recall-example

void recall_set_create(recall_set *s, const recall_task *t, int examples,
                       rng *r)
{
    int rows = examples * t->pairs;
    s->examples = examples, s->pairs = t->pairs, s->dim = t->dim;
    s->keys = mat_create(rows, t->dim);
    s->values = mat_create(rows, t->dim);
    s->queries = mat_create(rows, t->dim);
    s->truth = mat_create(rows, t->dim);
    s->match = kit_alloc((size_t)rows, sizeof(int));
    for (int e = 0; e < examples; e++)
        make_example(s, t, e, r);
}

void recall_set_free(recall_set *s)
{
    mat_free(&s->keys);
    mat_free(&s->values);
    mat_free(&s->queries);
    mat_free(&s->truth);
    free(s->match);
    s->match = NULL;
}

double recall_ceiling(const recall_task *t, const recall_set *s)
{
    mat unturned = mat_create(s->pairs, s->dim);
    long right = 0;
    for (int e = 0; e < s->examples; e++) {
        mat keys = mat_rows(&s->keys, e * s->pairs, s->pairs);
        mat queries = mat_rows(&s->queries, e * s->pairs, s->pairs);
        mat_fill(&unturned, 0); /* a rotation's inverse is its transpose */
        mat_mul_add_bt(&unturned, &queries, &t->query_turn);
        for (int i = 0; i < s->pairs; i++) {
            int best = 0;
            float best_distance = INFINITY;
            for (int j = 0; j < s->pairs; j++) {
                float distance = squared_distance(mat_row(&unturned, i),
                                                  mat_row(&keys, j), s->dim);
                if (distance < best_distance)
                    best_distance = distance, best = j;
            }
            right += best == s->match[e * s->pairs + i];
        }
    }
    mat_free(&unturned);
    return (double)right / ((double)s->examples * s->pairs);
}

/* ---- The learned attention layer --------------------------------------- */

void recall_model_create(recall_model *model, int dim, int width, rng *r)
{
    model->dim = dim, model->width = width;
    params_create(&model->p, (size_t)dim * (2 * width + dim));
    params_take(&model->p, &model->wq, &model->dwq, dim, width);
    params_take(&model->p, &model->wk, &model->dwk, dim, width);
    params_take(&model->p, &model->wv, &model->dwv, dim, dim);
    fill_normal(&model->wq, 1 / sqrtf((float)dim), r);
    fill_normal(&model->wk, 1 / sqrtf((float)dim), r);
    fill_normal(&model->wv, 1 / sqrtf((float)dim), r);
}

void recall_model_free(recall_model *model)
{
    params_free(&model->p);
}

/* What one example needs on its way forward and back. */
typedef struct workspace {
    mat q, k, v, out, weights; /* n_q x d_k, n_k x d_k, n_k x d_v,
                                  n_q x d_v, n_q x n_k */
    mat dout, dq, dk, dv, scratch; /* the same shapes, for gradients */
} workspace;

static workspace workspace_create(int pairs, int dim, int width)
{
    workspace w;
    w.q = mat_create(pairs, width), w.dq = mat_create(pairs, width);
    w.k = mat_create(pairs, width), w.dk = mat_create(pairs, width);
    w.v = mat_create(pairs, dim), w.dv = mat_create(pairs, dim);
    w.out = mat_create(pairs, dim), w.dout = mat_create(pairs, dim);
    w.weights = mat_create(pairs, pairs);
    w.scratch = mat_create(pairs, pairs);
    return w;
}

static void workspace_free(workspace *w)
{
    mat *all[] = {&w->q, &w->k, &w->v, &w->out, &w->weights,
                  &w->dout, &w->dq, &w->dk, &w->dv, &w->scratch};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        mat_free(all[i]);
}

/* The rows of one example in a set. */
typedef struct example {
    mat keys, values, queries, truth;
    const int *match;
} example;

static example example_of(const recall_set *s, int e)
{
    int first = e * s->pairs;
    return (example){mat_rows(&s->keys, first, s->pairs),
                     mat_rows(&s->values, first, s->pairs),
                     mat_rows(&s->queries, first, s->pairs),
                     mat_rows(&s->truth, first, s->pairs),
                     s->match + first};
}

static void project(mat *y, const mat *x, const mat *w)
{
    mat_fill(y, 0);
    mat_mul_add(y, x, w);
}

//> recall-forward
/* The output for every query of the example, and its squared error per
 * number against the value it should recall. */
static double forward(const recall_model *model, workspace *w,
                      const example *x)
{
    project(&w->q, &x->queries, &model->wq);
    project(&w->k, &x->keys, &model->wk);
    project(&w->v, &x->values, &model->wv);
    attention_forward(&w->out, &w->weights, &w->q, &w->k, &w->v, NULL);
    double error = 0;
    for (int i = 0; i < w->out.rows; i++) {
        const float *want = mat_row(&x->truth, x->match[i]);
        for (int j = 0; j < w->out.cols; j++) {
            float diff = mat_get(&w->out, i, j) - want[j];
            mat_set(&w->dout, i, j, diff);
            error += (double)diff * diff;
        }
    }
    return error / (double)mat_size(&w->out);
}
//< recall-forward

//> recall-backward
/* Adds this example's share of the gradient of the batch's mean loss,
 * given the differences forward() left in w->dout. */
static void backward(recall_model *model, workspace *w, const example *x,
                     int batch)
{
    float scale = 2.0f / (float)(mat_size(&w->out) * batch);
    for (size_t i = 0; i < mat_size(&w->dout); i++)
        w->dout.data[i] *= scale;
    attention_backward(&w->dq, &w->dk, &w->dv, &w->dout, &w->q, &w->k,
                       &w->v, &w->weights, &w->scratch);
    mat_mul_add_at(&model->dwq, &x->queries, &w->dq);
    mat_mul_add_at(&model->dwk, &x->keys, &w->dk);
    mat_mul_add_at(&model->dwv, &x->values, &w->dv);
}
//< recall-backward

/* Whether the output of query i is nearer to its matching value than to
 * every other value of the example. */
static int recalled(const workspace *w, const example *x, int i)
{
    const float *out = mat_row(&w->out, i);
    int best = 0;
    float best_distance = INFINITY;
    for (int j = 0; j < x->truth.rows; j++) {
        float distance = squared_distance(out, mat_row(&x->truth, j),
                                          x->truth.cols);
        if (distance < best_distance)
            best_distance = distance, best = j;
    }
    return best == x->match[i];
}

recall_score recall_evaluate(const recall_model *model, const recall_set *s,
                             int show, mat *weights)
{
    workspace w = workspace_create(s->pairs, s->dim, model->width);
    recall_score score = {0, 0, 0};
    for (int e = 0; e < s->examples; e++) {
        example x = example_of(s, e);
        score.loss += forward(model, &w, &x);
        for (int i = 0; i < s->pairs; i++) {
            score.recall += recalled(&w, &x, i);
            score.focus += mat_get(&w.weights, i, x.match[i]);
        }
        if (weights && e == show)
            mat_copy(weights, &w.weights);
    }
    long queries = (long)s->examples * s->pairs;
    score.loss /= s->examples;
    score.recall /= (double)queries;
    score.focus /= (double)queries;
    workspace_free(&w);
    return score;
}

const history_column recall_history[5] = {
    {"epoch", 0}, {"training loss", 6}, {"held-out loss", 6},
    {"held-out recall", 4}, {"weight on the match", 4}};

static void add_score(history *hist, int epoch, double train_loss,
                      recall_score held_out)
{
    history_add(hist, (double[]){epoch, train_loss, held_out.loss,
                              held_out.recall, held_out.focus});
}

/* What training keeps from one batch to the next. */
typedef struct trainer {
    recall_model *model;
    const recall_set *train;
    workspace w;
    adam opt;
} trainer;

//> recall-step
/* One Adam step on the batch of examples the order names; returns their
 * mean loss. */
static double recall_step(void *ctx, const batches *order)
{
    trainer *t = ctx;
    double loss = 0;
    params_zero_grad(&t->model->p);
    for (int i = 0; i < order->count; i++) {
        example x = example_of(t->train, batches_row(order, i));
        loss += forward(t->model, &t->w, &x);
        backward(t->model, &t->w, &x, order->count);
    }
    adam_step(&t->opt, &t->model->p);
    return loss / order->count;
}
//< recall-step

recall_score recall_train(recall_model *model, const recall_set *train,
                          const recall_set *held_out, const recall_plan *plan,
                          rng *r)
{
    recall_score score = recall_evaluate(model, held_out, 0, NULL);
    if (plan->history) /* epoch 0: before any training */
        add_score(plan->history, 0, recall_evaluate(model, train, 0, NULL).loss,
                  score);
    trainer t = {.model = model, .train = train,
                 .w = workspace_create(train->pairs, train->dim, model->width)};
    adam_init(&t.opt, model->p.count, plan->lr);
    training run;
    training_start(&run, train->examples, plan->batch, plan->epochs, "recall",
                   "examples");
    for (int epoch = 1; epoch <= plan->epochs; epoch++) {
        double loss = training_epoch(&run, r, recall_step, &t);
        score = recall_evaluate(model, held_out, 0, NULL);
        add_score(plan->history, epoch, loss, score);
    }
    training_finish(&run, score.loss);
    adam_free(&t.opt);
    workspace_free(&t.w);
    return score;
}
