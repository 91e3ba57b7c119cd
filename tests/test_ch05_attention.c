/* test_ch05_attention.c - graded tests of chapter 05 (make grade CH=05).
 *
 * Scores, weights and look-ups worked out by hand, attention checked
 * against the tests' own reference, and the backward pass against finite
 * differences of that reference (so that a broken forward pass does not
 * also fail the backward tests). Every test runs in a process of its own,
 * so the tests do not free what they make.
 */
#include <math.h>
#include <stdio.h>

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

/* Two mistakes the numbers alone do not name: a sum never reset between
 * keys (each score then holds all the ones before it) and a sum kept in
 * an int (each score then a whole number). */
static void expect_scores(const char *what, const float *want,
                          const float *got, int n)
{
    double running = 0;
    int cumulative = n > 1, whole = 1, want_whole = 1;
    for (int i = 0; i < n; i++) {
        running += want[i];
        cumulative &= fabs(got[i] - running) < 1e-4 &&
                      (i == 0 || fabs(want[i] - running) > 1e-3);
        whole &= got[i] == floorf(got[i]);
        want_whole &= want[i] == floorf(want[i]);
    }
    if (cumulative)
        graded_fail("%s: score i holds the sum of every dot product up to "
                    "key i: did you reset the sum to 0 for each key?", what);
    if (whole && !want_whole)
        graded_fail("%s: every score came back a whole number (score 0 is "
                    "%g, expected %g): did you add up in an int?", what,
                    got[0], want[0]);
    expect_all_close(what, want, got, (size_t)n, TOL);
}

static void scores_hand_computed(void **state)
{
    (void)state;
    test_inputs("query (1, 2); keys (3, 0), (0, 1), (-1, 1): scores 3, 2 "
                "and 1 (the sanity check of section 5.1)");
    mat keys = mat_of(3, 2, (float[]){3, 0, 0, 1, -1, 1});
    float query[2] = {1, 2}, scores[3];
    prefill_floats(scores, 3, 9);
    attention_scores(scores, query, &keys);
    expect_scores("scores (of the query (1, 2))", (float[]){3, 2, 1}, scores,
                  3);
}

static void scores_of_many_keys(void **state)
{
    (void)state;
    mat keys = random_mat(7, 5, 1, 0, 51), query = random_mat(1, 5, 1, 0, 52);
    float scores[7], expected[7];
    prefill_floats(scores, 7, 9);
    for (int i = 0; i < 7; i++) {
        double dot = 0;
        for (int j = 0; j < 5; j++)
            dot += (double)mat_get(&keys, i, j) * query.data[j];
        expected[i] = (float)dot;
    }
    attention_scores(scores, query.data, &keys);
    expect_scores("scores (7 keys in 5 dimensions)", expected, scores, 7);
}

/* ---- ch05.2 masked_softmax --------------------------------------------- */

/* Weights that do not add up to what the expected ones do (1, or 0 for
 * a row all masked) were never divided by their sum. */
static void expect_weights(const char *what, const float *want,
                           const float *got, int n)
{
    double total = 0, want_total = 0;
    for (int i = 0; i < n; i++)
        total += got[i], want_total += want[i];
    if (isfinite(total) && fabs(total - want_total) > 1e-3)
        graded_fail("%s: your weights add up to %g, not %g: did you divide "
                    "each exponential by the sum of them all?", what, total,
                    want_total);
    expect_all_close(what, want, got, (size_t)n, TOL);
}

static void softmax_hand_computed(void **state)
{
    (void)state;
    test_inputs("exp(0) : exp(ln 2) : exp(ln 3) = 1 : 2 : 3, out of 6 (the "
                "sanity check of section 5.2)");
    float s[3] = {0, logf(2), logf(3)}, w[3];
    prefill_floats(w, 3, 9);
    masked_softmax(w, s, 3);
    expect_weights("softmax(0, ln 2, ln 3)",
                   (float[]){1.0f / 6, 2.0f / 6, 3.0f / 6}, w, 3);
}

static void softmax_is_stable_for_large_scores(void **state)
{
    (void)state;
    /* exp(1000) overflows a float; the weights are those of (1, 2, 0). */
    float s[3] = {1000, 1001, 999}, w[3];
    double e1 = exp(1), e2 = exp(2), total = e1 + e2 + 1;
    masked_softmax(w, s, 3);
    expect_weights("softmax(1000, 1001, 999) (expf(1000) overflows: "
                   "subtract the largest score first)",
                   (float[]){(float)(e1 / total), (float)(e2 / total),
                             (float)(1 / total)},
                   w, 3);
    /* The largest score is not the first: 900 is 100 below the top. */
    float far[3] = {900, 1000, 999};
    masked_softmax(w, far, 3);
    total = exp(-100) + 1 + exp(-1);
    expect_weights("softmax(900, 1000, 999) (subtract the largest score, "
                   "1000, not the first or the smallest)",
                   (float[]){(float)(exp(-100) / total), (float)(1 / total),
                             (float)(exp(-1) / total)},
                   w, 3);
    /* Every score far below 0: the largest is -999, not 0 (a maximum
     * started at 0 makes every exponential 0). */
    float low[3] = {-1000, -1001, -999};
    masked_softmax(w, low, 3);
    total = exp(-1) + exp(-2) + 1;
    expect_weights("softmax(-1000, -1001, -999) (start the maximum at the "
                   "first score, not at 0)",
                   (float[]){(float)(exp(-1) / total),
                             (float)(exp(-2) / total), (float)(1 / total)},
                   w, 3);
}

static void softmax_masked_entries_get_zero(void **state)
{
    (void)state;
    float s[4] = {1, -INFINITY, 1, -INFINITY}, w[4];
    prefill_floats(w, 4, 9);
    masked_softmax(w, s, 4);
    expect_all_close("softmax(1, -inf, 1, -inf)",
                     (float[]){0.5f, 0, 0.5f, 0}, w, 4, TOL);
    if (w[1] != 0 || w[3] != 0)
        graded_fail("a masked entry must get exactly 0, got %g and %g",
                    w[1], w[3]);
    float first_masked[4] = {-INFINITY, 1, -INFINITY, 1};
    masked_softmax(w, first_masked, 4);
    expect_all_close("softmax(-inf, 1, -inf, 1)",
                     (float[]){0, 0.5f, 0, 0.5f}, w, 4, TOL);
}

static void softmax_all_masked_row_is_zero(void **state)
{
    (void)state;
    float s[3] = {-INFINITY, -INFINITY, -INFINITY}, w[3];
    prefill_floats(w, 3, 9);
    masked_softmax(w, s, 3);
    for (int i = 0; i < 3; i++)
        if (w[i] != 0)
            graded_fail("every score masked: weight %d is %g, expected 0 "
                        "(and not NaN): when the largest score is "
                        "-INFINITY, write zeros and return", i, w[i]);
}

static void softmax_in_place(void **state)
{
    (void)state;
    float s[3] = {0, logf(2), logf(3)};
    masked_softmax(s, s, 3);
    expect_all_close("softmax written over its scores (weights is the same "
                     "array as s: read s[i] before you write weights[i])",
                     (float[]){1.0f / 6, 2.0f / 6, 3.0f / 6}, s, 3, TOL);
}

/* ---- ch05.3 soft_lookup ------------------------------------------------ */

/* Whether got is sum over rows first..last-1 of w[i] * row i. */
static int is_sum_of_rows(const float *got, const float *w, const mat *values,
                          int first, int last)
{
    for (int j = 0; j < values->cols; j++) {
        double sum = 0;
        for (int i = first; i < last; i++)
            sum += (w ? w[i] : 1.0) * mat_get(values, i, j);
        if (fabs(got[j] - sum) > TOL)
            return 0;
    }
    return 1;
}

/* out against the weighted sum, naming the sums that a loop with a
 * wrong bound, an = for += or no weights gives instead. */
static void expect_lookup(const char *what, const float *weights,
                          const mat *values, const float *out)
{
    int n = values->rows;
    float want[16];
    for (int j = 0; j < values->cols; j++) {
        double sum = 0;
        for (int i = 0; i < n; i++)
            sum += (double)weights[i] * mat_get(values, i, j);
        want[j] = (float)sum;
    }
    if (is_sum_of_rows(out, weights, values, 0, n))
        return;
    if (is_sum_of_rows(out, NULL, values, 0, n))
        graded_fail("%s: out is the plain sum of the values: did you "
                    "multiply each value by its weight?", what);
    if (n > 1 && is_sum_of_rows(out, weights, values, n - 1, n))
        graded_fail("%s: out holds only the last weighted value: did you "
                    "write = where += adds each value?", what);
    if (n > 1 && is_sum_of_rows(out, weights, values, 0, n - 1))
        graded_fail("%s: out leaves out the last value (row %d): did your "
                    "loop over the values stop one row early?", what, n - 1);
    expect_all_close(what, want, out, (size_t)values->cols, TOL);
}

static void lookup_hand_computed(void **state)
{
    (void)state;
    test_inputs("weights (0.25, 0.75), values (4, 0, 8) and (0, 4, 4) "
                "(the look-up of \"orange\" in section 5.3 works so)");
    mat values = mat_of(2, 3, (float[]){4, 0, 8, 0, 4, 4});
    float weights[2] = {0.25f, 0.75f}, out[3];
    prefill_floats(out, 3, 9);
    soft_lookup(out, weights, &values);
    expect_lookup("out (0.25 (4, 0, 8) + 0.75 (0, 4, 4) = (1, 3, 5))",
                  weights, &values, out);
}

static void lookup_with_one_hot_weights_is_a_dictionary(void **state)
{
    (void)state;
    /* All the weight on one value, each in turn, the last one too. */
    mat values = random_mat(5, 4, 1, 0, 53);
    for (int k = 0; k < 5; k++) {
        float weights[5] = {0, 0, 0, 0, 0}, out[4];
        weights[k] = 1;
        prefill_floats(out, 4, 9);
        soft_lookup(out, weights, &values);
        char what[64];
        snprintf(what, sizeof what, "out (all the weight on value %d of 5%s)",
                 k, k == 4 ? ", the last" : "");
        expect_lookup(what, weights, &values, out);
    }
}

/* ---- ch05.4 causal_mask ------------------------------------------------ */

/* The causal mask entry by entry (expect_mat_close takes no -inf), each
 * wrong entry in words. */
static void expect_causal(const mat *mask)
{
    int n = mask->rows, transposed = n > 1;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            transposed &= mat_get(mask, i, j) == (i <= j ? 0 : -INFINITY);
    if (transposed)
        graded_fail("the mask is the transpose of the causal mask: it hides "
                    "the past (j < i) where it should hide the future "
                    "(j > i)");
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            float got = mat_get(mask, i, j), want = j <= i ? 0 : -INFINITY;
            if (got == want)
                continue;
            const char *why =
                got == 7 ? "it still holds the 7 it held before the call: "
                           "did you set every entry, the zeros too?"
                : i == j ? "position i must see itself (j <= i)"
                : got == INFINITY ? "+inf: the minus sign of -INFINITY?"
                : j > i && isfinite(got)
                    ? "a later position needs -INFINITY: a large finite "
                      "number still leaves a trace of weight"
                    : "0 where j <= i, -INFINITY where j > i";
            graded_fail("mask[%d][%d] = %g, expected %g: %s", i, j, got,
                        want, why);
        }
}

static void causal_mask_hides_the_future(void **state)
{
    (void)state;
    mat mask = mat_create(4, 4);
    prefill(&mask, 7);
    causal_mask(&mask);
    expect_causal(&mask);
}

static void causal_mask_of_one_position(void **state)
{
    (void)state;
    mat mask = mat_create(1, 1);
    prefill(&mask, 7);
    causal_mask(&mask);
    expect_causal(&mask);
}

/* ---- ch05.5 attention_forward ------------------------------------------ */

static void forward_hand_computed(void **state)
{
    (void)state;
    /* d_k = 4, so the scores (2, 0) are scaled by 1/2 to (1, 0): weights
     * e/(e+1) and 1/(e+1) on the values (1, 0) and (0, 1). */
    test_inputs("q = (1, 1, 1, 1); keys (2, 0, 0, 0) and (0, 0, 0, 0); "
                "values (1, 0) and (0, 1): scores (2, 0), scaled by "
                "1/sqrt(4) to (1, 0) (section 5.4)");
    mat q = mat_of(1, 4, (float[]){1, 1, 1, 1});
    mat k = mat_of(2, 4, (float[]){2, 0, 0, 0, 0, 0, 0, 0});
    mat v = mat_of(2, 2, (float[]){1, 0, 0, 1});
    mat out = mat_create(1, 2), weights = mat_create(1, 2);
    prefill(&out, 9), prefill(&weights, 9);
    attention_forward(&out, &weights, &q, &k, &v, NULL);
    /* Softmax weights of the scores (2, 0) times beta have the ratio
     * e^(2 beta): the scale the weights were made with. */
    float w0 = weights.data[0], w1 = weights.data[1];
    double beta = w0 > 0 && w1 > 0 ? log(w0 / w1) / 2 : 0.5;
    if (fabs(w0 + w1 - 1) < 1e-3 && fabs(beta - 0.5) > 1e-3)
        graded_fail("weights (%g, %g) are those of the scores (2, 0) times "
                    "%.3g, not times 1/sqrt(d_k) = 1/sqrt(4) = 0.5: did you "
                    "divide the scores by sqrt(d_k) once, with d_k = "
                    "q->cols?", w0, w1, beta);
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
    prefill(&out, 9), prefill(&weights, 9);
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
    prefill(&out, 9), prefill(&weights, 9);
    attention_forward(&out, &weights, &x, &x, &x, &mask);
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++)
            if (mat_get(&weights, i, j) != 0 &&
                mat_get(&weights, i, j) != 9)
                graded_fail("causal weights[%d][%d] = %g, on a later "
                            "position, where the mask is -inf: did you add "
                            "the mask to the scaled scores?", i, j,
                            mat_get(&weights, i, j));
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
    prefill(&out, 9), prefill(&weights, 9);
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

/* Your backward pass at the probe, from outputs filled with 9s and a
 * scratch full of junk (random: a constant would cancel in the
 * softmax's backward pass), or cleared (junk 0). */
static gradients backward_of(const probe *p, int junk)
{
    gradients g = {mat_create(p->q.rows, p->q.cols),
                   mat_create(p->k.rows, p->k.cols),
                   mat_create(p->v.rows, p->v.cols)};
    mat scratch = random_mat(p->q.rows, p->k.rows, 9, 1, 99);
    if (!junk)
        mat_fill(&scratch, 0);
    prefill(&g.dq, 9), prefill(&g.dk, 9), prefill(&g.dv, 9);
    attention_backward(&g.dq, &g.dk, &g.dv, &p->g, &p->q, &p->k, &p->v,
                       &p->weights, &scratch);
    return g;
}

/* The tests' own backward pass, in double, from the probe's weights P:
 * dv = P^T g; dS = P * (dP - rowsum(P * dP)) with dP = g v^T; dq = beta
 * dS k and dk = beta dS^T q. rowsum 0 leaves that term out (a mistake
 * the tests name). */
static gradients reference_backward(const probe *p, int rowsum)
{
    int n_q = p->q.rows, n_k = p->k.rows, d_k = p->q.cols;
    double beta = 1 / sqrt((double)d_k), ds[16][16];
    gradients want = {mat_create(n_q, d_k), mat_create(n_k, d_k),
                      mat_create(n_k, p->v.cols)};
    for (int i = 0; i < n_q; i++) {
        double dp[16], along = 0;
        for (int j = 0; j < n_k; j++) {
            dp[j] = 0;
            for (int c = 0; c < p->v.cols; c++)
                dp[j] += (double)mat_get(&p->g, i, c) * mat_get(&p->v, j, c);
            along += mat_get(&p->weights, i, j) * dp[j];
        }
        for (int j = 0; j < n_k; j++)
            ds[i][j] = mat_get(&p->weights, i, j) *
                       (dp[j] - (rowsum ? along : 0)) * beta;
    }
    for (int j = 0; j < n_k; j++)
        for (int c = 0; c < p->v.cols; c++) {
            double sum = 0;
            for (int i = 0; i < n_q; i++)
                sum += (double)mat_get(&p->weights, i, j) *
                       mat_get(&p->g, i, c);
            mat_set(&want.dv, j, c, (float)sum);
        }
    for (int c = 0; c < d_k; c++) {
        for (int i = 0; i < n_q; i++) {
            double sum = 0;
            for (int j = 0; j < n_k; j++)
                sum += ds[i][j] * mat_get(&p->k, j, c);
            mat_set(&want.dq, i, c, (float)sum);
        }
        for (int j = 0; j < n_k; j++) {
            double sum = 0;
            for (int i = 0; i < n_q; i++)
                sum += ds[i][j] * mat_get(&p->q, i, c);
            mat_set(&want.dk, j, c, (float)sum);
        }
    }
    return want;
}

#define GTOL 2e-3 /* float products of gradients up to about 30 */

static int same(const mat *a, const mat *b)
{
    for (size_t i = 0; i < mat_size(a); i++)
        if (!(fabs(a->data[i] - b->data[i]) <= GTOL))
            return 0;
    return 1;
}

/* got against want, where got may be want times sqrt(d_k) or
 * 1/sqrt(d_k): beta missing or applied twice. */
static void expect_scaled_by_beta(const char *what, const mat *want,
                                  const mat *got, int d_k)
{
    double wg = 0, ww = 0;
    for (size_t i = 0; i < mat_size(want); i++)
        wg += (double)want->data[i] * got->data[i],
        ww += (double)want->data[i] * want->data[i];
    double factor = ww > 0 ? wg / ww : 1, root = sqrt((double)d_k);
    mat scaled = mat_create(want->rows, want->cols);
    for (size_t i = 0; i < mat_size(want); i++)
        scaled.data[i] = (float)(factor * want->data[i]);
    if (!same(want, got) && same(&scaled, got) &&
        (fabs(factor - root) < 1e-2 || fabs(factor - 1 / root) < 1e-2))
        graded_fail("%s is %.4g times the right one, and sqrt(d_k) = "
                    "%.4g: did you multiply dS by beta = 1/sqrt(d_k), "
                    "once?", what, factor, root);
}

/* Your gradients against the tests' own, in the order the backward pass
 * computes them (dv, then dS, then dq and dk), so that the first one
 * reported is where the bug is. */
static void expect_gradients(const probe *p, const gradients *g)
{
    gradients want = reference_backward(p, 1);
    gradients partial = reference_backward(p, 0);
    expect_mat_close("dv = weights^T dout", &want.dv, &g->dv, GTOL);
    if (!same(&want.dq, &g->dq) && same(&partial.dq, &g->dq))
        graded_fail("dq is beta (P * dP) k: did you leave out the rowsum(P "
                    "* dP) that the softmax's backward pass subtracts from "
                    "each dP?");
    expect_scaled_by_beta("dq", &want.dq, &g->dq, p->q.cols);
    expect_mat_close("dq = beta dS k", &want.dq, &g->dq, GTOL);
    expect_scaled_by_beta("dk", &want.dk, &g->dk, p->q.cols);
    expect_mat_close("dk = beta dS^T q", &want.dk, &g->dk, GTOL);
}

/* Your backward pass at the probe against the tests' own and then
 * against finite differences of the forward pass, in backward order;
 * when only the junk in scratch makes it wrong, that is what it says. */
static void expect_backward(probe *p)
{
    gradients g = backward_of(p, 1), want = reference_backward(p, 1);
    if (!(same(&want.dv, &g.dv) && same(&want.dq, &g.dq) &&
          same(&want.dk, &g.dk))) {
        gradients clean = backward_of(p, 0);
        if (same(&want.dv, &clean.dv) && same(&want.dq, &clean.dq) &&
            same(&want.dk, &clean.dk))
            graded_fail("with scratch cleared before the call your "
                        "gradients are right, with junk in it they are "
                        "wrong: clear scratch before mat_mul_add_bt adds "
                        "dP = dout v^T into it");
    }
    expect_gradients(p, &g);
    expect_gradient("dv", gradcheck(probe_loss, p, p->v.data, g.dv.data,
                                    mat_size(&p->v), 1e-3f), 1e-2);
    expect_gradient("dq", gradcheck(probe_loss, p, p->q.data, g.dq.data,
                                    mat_size(&p->q), 1e-3f), 1e-2);
    expect_gradient("dk", gradcheck(probe_loss, p, p->k.data, g.dk.data,
                                    mat_size(&p->k), 1e-3f), 1e-2);
}

static void backward_dv_is_weights_transposed_times_dout(void **state)
{
    (void)state;
    probe p = make_probe(3, 4, 5, 2, NULL, 71);
    gradients g = backward_of(&p, 1);
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
    expect_backward(&p);
}

static void backward_with_a_causal_mask(void **state)
{
    (void)state;
    mat mask = reference_causal_mask(4);
    probe p = make_probe(4, 4, 3, 3, &mask, 73);
    expect_backward(&p);
}

static void backward_of_one_query_and_one_key(void **state)
{
    (void)state;
    /* One key takes all the weight whatever the scores, so only v has a
     * gradient: dv = dout, dq = 0, dk = 0. */
    probe p = make_probe(1, 1, 3, 2, NULL, 74);
    gradients g = backward_of(&p, 1);
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
