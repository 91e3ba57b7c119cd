/* test_ch05_attention.c - graded tests of chapter 05 (make grade CH=05).
 *
 * Scores, weights and look-ups worked out by hand, attention checked
 * against the tests' own reference, and the backward pass against finite
 * differences of that reference (so that a broken forward pass does not
 * also fail the backward tests). Every test runs in a process of its own,
 * so the tests do not free what they make.
 */
#include <math.h>

#include "ch05_attention.h"
#include "core/learn/gradcheck.h"
#include "grade/graded.h"

#define TOL 1e-5

/* ---- The tests' own attention ------------------------------------------ */

/* weights = softmax(q k^T / sqrt(d_k) + mask) row by row, in double; a row
 * with every entry masked gets weights 0. out = weights v. (At most 16
 * keys, plenty for these tests.) */
static void reference_attention(mat *out, mat *weights, const mat *q,
                                const mat *k, const mat *v, const mat *mask)
{
    double scale = 1 / sqrt((double)q->cols);
    for (int i = 0; i < q->rows; i++) {
        double s[16], top = -INFINITY, total = 0;
        for (int j = 0; j < k->rows; j++) {
            double dot = 0;
            for (int c = 0; c < q->cols; c++)
                dot += (double)mat_get(q, i, c) * mat_get(k, j, c);
            s[j] = dot * scale + (mask ? mat_get(mask, i, j) : 0);
            top = s[j] > top ? s[j] : top;
        }
        for (int j = 0; j < k->rows; j++)
            total += s[j] = top == -INFINITY ? 0 : exp(s[j] - top);
        for (int j = 0; j < k->rows; j++)
            mat_set(weights, i, j, total > 0 ? (float)(s[j] / total) : 0);
        for (int c = 0; c < v->cols; c++) {
            double sum = 0;
            for (int j = 0; j < k->rows; j++)
                sum += (double)mat_get(weights, i, j) * mat_get(v, j, c);
            mat_set(out, i, c, (float)sum);
        }
    }
}

/* ---- ch05.1 attention_scores ------------------------------------------- */

static void scores_hand_computed(void **state)
{
    (void)state;
    mat keys = mat_of(3, 2, (float[]){3, 0, 0, 1, -1, 1});
    float query[2] = {1, 2}, scores[3] = {9, 9, 9};
    attention_scores(scores, query, &keys);
    expect_all_close("scores of (1, 2)", (float[]){3, 2, 1}, scores, 3, TOL);
}

static void scores_of_many_keys(void **state)
{
    (void)state;
    mat keys = random_mat(7, 5, 1, 0, 51), query = random_mat(1, 5, 1, 0, 52);
    float scores[7], expected[7];
    for (int i = 0; i < 7; i++) {
        double dot = 0;
        for (int j = 0; j < 5; j++)
            dot += (double)mat_get(&keys, i, j) * query.data[j];
        expected[i] = (float)dot;
    }
    attention_scores(scores, query.data, &keys);
    expect_all_close("scores of 7 keys in 5 dimensions", expected, scores, 7,
                     TOL);
}

/* ---- ch05.2 masked_softmax --------------------------------------------- */

static void softmax_hand_computed(void **state)
{
    (void)state;
    /* exp(0) : exp(ln 2) : exp(ln 3) = 1 : 2 : 3, out of 6. */
    float s[3] = {0, logf(2), logf(3)}, w[3] = {9, 9, 9};
    masked_softmax(w, s, 3);
    expect_all_close("softmax(0, ln 2, ln 3)",
                     (float[]){1.0f / 6, 2.0f / 6, 3.0f / 6}, w, 3, TOL);
}

static void softmax_is_stable_for_large_scores(void **state)
{
    (void)state;
    /* exp(1000) overflows a float; the weights are those of (1, 2, 0). */
    float s[3] = {1000, 1001, 999}, w[3];
    double e1 = exp(1), e2 = exp(2), total = e1 + e2 + 1;
    masked_softmax(w, s, 3);
    expect_all_close("softmax(1000, 1001, 999)",
                     (float[]){(float)(e1 / total), (float)(e2 / total),
                               (float)(1 / total)},
                     w, 3, TOL);
    /* The largest score is not the first: 900 is 100 below the top. */
    float far[3] = {900, 1000, 999};
    masked_softmax(w, far, 3);
    total = exp(-100) + 1 + exp(-1);
    expect_all_close("softmax(900, 1000, 999)",
                     (float[]){(float)(exp(-100) / total), (float)(1 / total),
                               (float)(exp(-1) / total)},
                     w, 3, TOL);
    /* Every score far below 0: the largest is -999, not 0 (a maximum
     * started at 0 makes every exponential 0). */
    float low[3] = {-1000, -1001, -999};
    masked_softmax(w, low, 3);
    total = exp(-1) + exp(-2) + 1;
    expect_all_close("softmax(-1000, -1001, -999) (start the maximum at the "
                     "first score, not at 0)",
                     (float[]){(float)(exp(-1) / total),
                               (float)(exp(-2) / total), (float)(1 / total)},
                     w, 3, TOL);
}

static void softmax_masked_entries_get_zero(void **state)
{
    (void)state;
    float s[4] = {1, -INFINITY, 1, -INFINITY}, w[4] = {9, 9, 9, 9};
    masked_softmax(w, s, 4);
    expect_all_close("softmax(1, -inf, 1, -inf)",
                     (float[]){0.5f, 0, 0.5f, 0}, w, 4, TOL);
    if (w[1] != 0 || w[3] != 0)
        fail_msg("a masked entry must get exactly 0, got %g and %g", w[1],
                 w[3]);
    float first_masked[4] = {-INFINITY, 1, -INFINITY, 1};
    masked_softmax(w, first_masked, 4);
    expect_all_close("softmax(-inf, 1, -inf, 1)",
                     (float[]){0, 0.5f, 0, 0.5f}, w, 4, TOL);
}

static void softmax_all_masked_row_is_zero(void **state)
{
    (void)state;
    float s[3] = {-INFINITY, -INFINITY, -INFINITY}, w[3] = {9, 9, 9};
    masked_softmax(w, s, 3);
    for (int i = 0; i < 3; i++)
        if (w[i] != 0)
            fail_msg("every score masked: weight %d is %g, expected 0 (and "
                     "not NaN)", i, w[i]);
}

static void softmax_in_place(void **state)
{
    (void)state;
    float s[3] = {0, logf(2), logf(3)};
    masked_softmax(s, s, 3);
    expect_all_close("softmax written over its scores",
                     (float[]){1.0f / 6, 2.0f / 6, 3.0f / 6}, s, 3, TOL);
}

/* ---- ch05.3 soft_lookup ------------------------------------------------ */

static void lookup_hand_computed(void **state)
{
    (void)state;
    mat values = mat_of(2, 3, (float[]){4, 0, 8, 0, 4, 4});
    float weights[2] = {0.25f, 0.75f}, out[3] = {9, 9, 9};
    soft_lookup(out, weights, &values);
    expect_all_close("0.25 (4, 0, 8) + 0.75 (0, 4, 4)", (float[]){1, 3, 5},
                     out, 3, TOL);
}

static void lookup_with_one_hot_weights_is_a_dictionary(void **state)
{
    (void)state;
    mat values = random_mat(5, 4, 1, 0, 53);
    float weights[5] = {0, 0, 0, 1, 0}, out[4] = {9, 9, 9, 9};
    soft_lookup(out, weights, &values);
    expect_all_close("all the weight on value 3", mat_row(&values, 3), out,
                     4, TOL);
}

/* ---- ch05.4 causal_mask ------------------------------------------------ */

static void causal_mask_hides_the_future(void **state)
{
    (void)state;
    mat mask = mat_create(4, 4);
    mat_fill(&mask, 7);
    causal_mask(&mask);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            float want = j <= i ? 0.0f : -INFINITY;
            if (mat_get(&mask, i, j) != want)
                fail_msg("mask[%d][%d] = %g, expected %g", i, j,
                         mat_get(&mask, i, j), want);
        }
}

static void causal_mask_of_one_position(void **state)
{
    (void)state;
    mat mask = mat_create(1, 1);
    mat_fill(&mask, 7);
    causal_mask(&mask);
    expect_close("the mask of a single position", 0, mask.data[0], 0);
}

/* ---- ch05.5 attention_forward ------------------------------------------ */

static void forward_hand_computed(void **state)
{
    (void)state;
    /* d_k = 4, so the scores (2, 0) are scaled by 1/2 to (1, 0): weights
     * e/(e+1) and 1/(e+1) on the values (1, 0) and (0, 1). */
    mat q = mat_of(1, 4, (float[]){1, 1, 1, 1});
    mat k = mat_of(2, 4, (float[]){2, 0, 0, 0, 0, 0, 0, 0});
    mat v = mat_of(2, 2, (float[]){1, 0, 0, 1});
    mat out = mat_create(1, 2), weights = mat_create(1, 2);
    mat_fill(&out, 9), mat_fill(&weights, 9);
    attention_forward(&out, &weights, &q, &k, &v, NULL);
    float e = expf(1);
    expect_all_close("weights", (float[]){e / (e + 1), 1 / (e + 1)},
                     weights.data, 2, TOL);
    expect_all_close("out", (float[]){e / (e + 1), 1 / (e + 1)}, out.data, 2,
                     TOL);
}

static void forward_matches_reference(void **state)
{
    (void)state;
    mat q = random_mat(3, 5, 1.5f, 0, 61), k = random_mat(4, 5, 1.5f, 0, 62);
    mat v = random_mat(4, 2, 1, 0, 63);
    mat out = mat_create(3, 2), weights = mat_create(3, 4);
    mat want = mat_create(3, 2), want_weights = mat_create(3, 4);
    reference_attention(&want, &want_weights, &q, &k, &v, NULL);
    mat_fill(&out, 9), mat_fill(&weights, 9);
    attention_forward(&out, &weights, &q, &k, &v, NULL);
    expect_mat_close("weights (3 queries, 4 keys)", &want_weights, &weights,
                     TOL);
    expect_mat_close("out", &want, &out, TOL);
}

/* The tests' own causal mask, so that this test does not depend on
 * yours. */
static mat reference_causal_mask(int positions)
{
    mat mask = mat_create(positions, positions);
    for (int i = 0; i < positions; i++)
        for (int j = 0; j < positions; j++)
            mat_set(&mask, i, j, j <= i ? 0.0f : -INFINITY);
    return mask;
}

static void forward_with_a_causal_mask(void **state)
{
    (void)state;
    mat x = random_mat(4, 3, 1, 0, 64), mask = reference_causal_mask(4);
    mat out = mat_create(4, 3), weights = mat_create(4, 4);
    mat want = mat_create(4, 3), want_weights = mat_create(4, 4);
    reference_attention(&want, &want_weights, &x, &x, &x, &mask);
    attention_forward(&out, &weights, &x, &x, &x, &mask);
    expect_mat_close("causal weights", &want_weights, &weights, TOL);
    expect_mat_close("causal out (row 0 is x row 0 itself)", &want, &out,
                     TOL);
}

static void forward_with_a_fully_masked_row(void **state)
{
    (void)state;
    mat q = random_mat(2, 3, 1, 0, 65), k = random_mat(3, 3, 1, 0, 66);
    mat v = random_mat(3, 2, 1, 0, 67);
    /* Row 0: one key masked, one nudged by a finite 0.5; row 1: all
     * masked. */
    mat mask = mat_of(2, 3, (float[]){0, -INFINITY, 0.5f, -INFINITY,
                                      -INFINITY, -INFINITY});
    mat out = mat_create(2, 2), weights = mat_create(2, 3);
    mat want = mat_create(2, 2), want_weights = mat_create(2, 3);
    reference_attention(&want, &want_weights, &q, &k, &v, &mask);
    mat_fill(&out, 9), mat_fill(&weights, 9);
    attention_forward(&out, &weights, &q, &k, &v, &mask);
    expect_mat_close("weights (row 1 entirely masked)", &want_weights,
                     &weights, TOL);
    expect_mat_close("out (row 1 is zero)", &want, &out, TOL);
}

/* ---- ch05.6 attention_backward ----------------------------------------- */

/* L = sum of g * out, so that dL/d(out) = g: a probe with known gradient.
 * g is large (entries up to 20) so that the gradients are of order 1 and
 * the finite-difference check is relative, not absolute. */
typedef struct probe {
    mat q, k, v, g, out, weights;
    const mat *mask;
} probe;

static double probe_loss(void *ctx)
{
    probe *p = ctx;
    reference_attention(&p->out, &p->weights, &p->q, &p->k, &p->v, p->mask);
    double sum = 0;
    for (size_t i = 0; i < mat_size(&p->out); i++)
        sum += (double)p->g.data[i] * p->out.data[i];
    return sum;
}

/* A probe of n_q queries and n_k keys, d_k features each, and n_k values
 * of d_v features. */
static probe make_probe(int n_q, int n_k, int d_k, int d_v, const mat *mask,
                        uint64_t seed)
{
    probe p = {random_mat(n_q, d_k, 1.5f, 0, seed),
               random_mat(n_k, d_k, 1.5f, 0, seed + 1),
               random_mat(n_k, d_v, 1, 0, seed + 2),
               random_mat(n_q, d_v, 20, 0, seed + 3), mat_create(n_q, d_v),
               mat_create(n_q, n_k), mask};
    probe_loss(&p); /* the weights of the forward pass */
    return p;
}

typedef struct gradients {
    mat dq, dk, dv;
} gradients;

/* Your backward pass at the probe, from outputs full of junk (random in
 * the scratch, where a constant would cancel in the softmax's backward
 * pass). */
static gradients backward_of(const probe *p)
{
    gradients g = {mat_create(p->q.rows, p->q.cols),
                   mat_create(p->k.rows, p->k.cols),
                   mat_create(p->v.rows, p->v.cols)};
    mat scratch = random_mat(p->q.rows, p->k.rows, 9, 1, 99);
    mat_fill(&g.dq, 9), mat_fill(&g.dk, 9), mat_fill(&g.dv, 9);
    attention_backward(&g.dq, &g.dk, &g.dv, &p->g, &p->q, &p->k, &p->v,
                       &p->weights, &scratch);
    return g;
}

static void expect_finite_differences(probe *p, const gradients *g)
{
    expect_gradient("dq", gradcheck(probe_loss, p, p->q.data, g->dq.data,
                                    mat_size(&p->q), 1e-3f), 1e-2);
    expect_gradient("dk", gradcheck(probe_loss, p, p->k.data, g->dk.data,
                                    mat_size(&p->k), 1e-3f), 1e-2);
    expect_gradient("dv", gradcheck(probe_loss, p, p->v.data, g->dv.data,
                                    mat_size(&p->v), 1e-3f), 1e-2);
}

static void backward_dv_is_weights_transposed_times_dout(void **state)
{
    (void)state;
    probe p = make_probe(3, 4, 5, 2, NULL, 71);
    gradients g = backward_of(&p);
    mat want = mat_create(4, 2);
    for (int j = 0; j < 4; j++)
        for (int c = 0; c < 2; c++) {
            double sum = 0;
            for (int i = 0; i < 3; i++)
                sum += (double)mat_get(&p.weights, i, j) *
                       mat_get(&p.g, i, c);
            mat_set(&want, j, c, (float)sum);
        }
    expect_mat_close("dv = weights^T dout", &want, &g.dv, TOL);
}

static void backward_matches_finite_differences(void **state)
{
    (void)state;
    probe p = make_probe(3, 4, 5, 2, NULL, 72);
    gradients g = backward_of(&p);
    expect_finite_differences(&p, &g);
}

static void backward_with_a_causal_mask(void **state)
{
    (void)state;
    mat mask = reference_causal_mask(4);
    probe p = make_probe(4, 4, 3, 3, &mask, 73);
    gradients g = backward_of(&p);
    expect_finite_differences(&p, &g);
}

static void backward_of_one_query_and_one_key(void **state)
{
    (void)state;
    /* One key takes all the weight whatever the scores, so only v has a
     * gradient: dv = dout, dq = 0, dk = 0. */
    probe p = make_probe(1, 1, 3, 2, NULL, 74);
    gradients g = backward_of(&p);
    expect_all_close("dv", p.g.data, g.dv.data, 2, TOL);
    expect_all_close("dq", (float[]){0, 0, 0}, g.dq.data, 3, TOL);
    expect_all_close("dk", (float[]){0, 0, 0}, g.dk.data, 3, TOL);
}

/* The hidden tests (tests/hidden/, kept out of the students' copy; see
 * grade/graded.h) and what they are worth. */
#define HIDDEN_POINTS 5
#if __has_include("hidden/test_ch05_attention.c")
#include "hidden/test_ch05_attention.c"
#else
#define HIDDEN_TESTS
#endif

static const graded_test tests[] = {
    GRADED(scores_hand_computed, "ch05.1", 2),
    GRADED(scores_of_many_keys, "ch05.1", 1),
    GRADED(softmax_hand_computed, "ch05.2", 2),
    GRADED(softmax_is_stable_for_large_scores, "ch05.2", 1),
    GRADED(softmax_masked_entries_get_zero, "ch05.2", 2),
    GRADED(softmax_all_masked_row_is_zero, "ch05.2", 1),
    GRADED(softmax_in_place, "ch05.2", 1),
    GRADED(lookup_hand_computed, "ch05.3", 2),
    GRADED(lookup_with_one_hot_weights_is_a_dictionary, "ch05.3", 1),
    GRADED(causal_mask_hides_the_future, "ch05.4", 2),
    GRADED(causal_mask_of_one_position, "ch05.4", 1),
    GRADED(forward_hand_computed, "ch05.5", 2),
    GRADED(forward_matches_reference, "ch05.5", 3),
    GRADED(forward_with_a_causal_mask, "ch05.5", 2),
    GRADED(forward_with_a_fully_masked_row, "ch05.5", 1),
    GRADED(backward_dv_is_weights_transposed_times_dout, "ch05.6", 2),
    GRADED(backward_matches_finite_differences, "ch05.6", 5),
    GRADED(backward_with_a_causal_mask, "ch05.6", 2),
    GRADED(backward_of_one_query_and_one_key, "ch05.6", 1),
    HIDDEN_TESTS
};

int main(int argc, char **argv)
{
    return graded_main(argc, argv, tests, COUNT(tests), HIDDEN_POINTS);
}
