/* test_ch05_attention.c (hidden) - chapter 05's hidden tests, kept out of
 * the students' copy (see grade/graded.h): scores all far below zero and
 * rows of a single score; attention with more keys than queries, scores
 * in the hundreds and a mask of finite values; and its backward pass at
 * such a shape. Included by tests/test_ch05_attention.c, whose references
 * they use. */
#include <stdio.h>

static void softmax_of_very_negative_scores(void **state)
{
    (void)state;
    /* Every score near -1000 (one masked): exp() of each underflows to 0
     * unless the largest, not 0, is subtracted. Then single scores: a
     * weight of 1, or 0 if masked. */
    float s[4] = {-1000, -INFINITY, -1002, -999.5f}, w[4] = {9, 9, 9, 9};
    double total = exp(-0.5) + exp(-2.5) + 1;
    masked_softmax(w, s, 4);
    expect_all_close("softmax(-1000, -inf, -1002, -999.5)",
                     (float[]){(float)(exp(-0.5) / total), 0,
                               (float)(exp(-2.5) / total),
                               (float)(1 / total)},
                     w, 4, TOL);
    const float one[] = {-800, 5, -INFINITY}, want[] = {1, 1, 0};
    for (int i = 0; i < 3; i++) {
        float weight = 9;
        masked_softmax(&weight, &one[i], 1);
        char what[40];
        snprintf(what, sizeof what, "softmax of the one score %g", one[i]);
        expect_close(what, want[i], weight, TOL);
    }
}

static void forward_sharp_scores_many_keys(void **state)
{
    (void)state;
    /* 3 queries, 9 keys of 4 numbers, values of 6: entries of q and k
     * between 10 and 20 in size, and key 5 a copy of query 1, so scores
     * reach the hundreds (exp() of them overflows a float). Then with a
     * mask of finite values between -3 and 3, and one -infinity. (Float
     * scores in the hundreds are a little off: tolerance 1e-4.) */
    mat q = random_mat(3, 4, 20, 10, 501), k = random_mat(9, 4, 20, 10, 502);
    mat v = random_mat(9, 6, 1, 0, 503), mask = random_mat(3, 9, 3, 0, 504);
    for (int c = 0; c < 4; c++)
        mat_set(&k, 5, c, mat_get(&q, 1, c));
    mat_set(&mask, 2, 4, -INFINITY);
    const mat *masks[] = {NULL, &mask};
    const char *names[] = {"no mask", "a finite mask"};
    for (int m = 0; m < 2; m++) {
        mat out = mat_create(3, 6), weights = mat_create(3, 9);
        mat want = mat_create(3, 6), want_weights = mat_create(3, 9);
        reference_attention(&want, &want_weights, &q, &k, &v, masks[m]);
        mat_fill(&out, 9), mat_fill(&weights, 9);
        attention_forward(&out, &weights, &q, &k, &v, masks[m]);
        char what[64];
        snprintf(what, sizeof what, "weights (3 x 9, %s)", names[m]);
        expect_mat_close(what, &want_weights, &weights, 1e-4);
        snprintf(what, sizeof what, "out (3 x 6, %s)", names[m]);
        expect_mat_close(what, &want, &out, 1e-4);
    }
}

static void backward_more_keys_than_queries(void **state)
{
    (void)state;
    /* 2 queries, 7 keys of 3 numbers, values of 5, under a mask of
     * finite values and a -infinity in each row. */
    mat mask = random_mat(2, 7, 1, 0, 511);
    mat_set(&mask, 0, 3, -INFINITY), mat_set(&mask, 1, 6, -INFINITY);
    probe p = make_probe(2, 7, 3, 5, &mask, 512);
    expect_backward(&p);
}

#define HIDDEN_TESTS                                                     \
    HIDDEN(softmax_of_very_negative_scores, "ch05.2", 1),                \
    HIDDEN(forward_sharp_scores_many_keys, "ch05.5", 2),                 \
    HIDDEN(backward_more_keys_than_queries, "ch05.6", 2),
