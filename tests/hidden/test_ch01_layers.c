/* test_ch01_layers.c (hidden) - chapter 01's hidden tests, kept out of the
 * students' copy (see grade/graded.h): layers with more outputs than
 * inputs and a single row, a tall batch backward onto gradients that
 * already hold something, and more classes than rows with logits in the
 * hundreds. Included by tests/test_ch01_layers.c, whose references they
 * use. */
#include <stdio.h>

static void dense_forward_wider_than_deep(void **state)
{
    (void)state;
    /* h > d (the public layers have d >= h), one row, then d = 1: a loop
     * over the d inputs where the h outputs belong leaves outputs
     * unwritten. */
    const int shapes[][3] = {{1, 3, 11}, {6, 1, 4}}; /* n, d, h */
    for (int s = 0; s < COUNT(shapes); s++) {
        int n = shapes[s][0], d = shapes[s][1], h = shapes[s][2];
        uint64_t seed = 201 + 3 * (uint64_t)s;
        mat x = random_mat(n, d, 1, 0, seed);
        mat W = random_mat(d, h, 1, 0, seed + 1);
        mat b = random_mat(1, h, 1, 0, seed + 2);
        mat y = mat_create(n, h), want = mat_create(n, h);
        nn_dense_forward(&want, &x, &W, &b);
        prefill(&y, 9);
        dense_forward(&y, &x, &W, &b);
        char what[64];
        snprintf(what, sizeof what, "y of %d x %d times %d x %d", n, d, d,
                 h);
        expect_mat_close(what, &want, &y, 1e-5);
    }
}

static void dense_backward_onto_held_gradients(void **state)
{
    (void)state;
    /* 9 rows, d = 6 inputs to h = 2 outputs, onto gradients that hold
     * random values (a caller accumulating): each must come out as what
     * it held plus this batch's gradient, summed over all 9 rows. */
    mat x = random_mat(9, 6, 1, 0, 211), W = random_mat(6, 2, 1, 0, 212);
    mat dy = random_mat(9, 2, 1, 0, 213);
    mat dx = random_mat(9, 6, 1, 0, 214), dW = random_mat(6, 2, 1, 0, 215);
    mat db = random_mat(1, 2, 1, 0, 216);
    /* The same seeds: the same values the gradients held. */
    mat want_dx = random_mat(9, 6, 1, 0, 214);
    mat want_dW = random_mat(6, 2, 1, 0, 215);
    mat want_db = random_mat(1, 2, 1, 0, 216);
    nn_dense_backward(&want_dx, &want_dW, &want_db, &dy, &x, &W);
    dense_backward(&dx, &dW, &db, &dy, &x, &W);
    expect_mat_close("dx (it held random values)", &want_dx, &dx, 1e-5);
    expect_mat_close("dW (it held random values)", &want_dW, &dW, 1e-5);
    expect_mat_close("db (it held random values)", &want_db, &db, 1e-5);
}

static void softmax_xent_more_classes_than_rows(void **state)
{
    (void)state;
    /* 3 rows of 9 classes, logits in the hundreds, row 1 near +1000 and
     * row 2 near -1000, each row's largest logit in a late class: the
     * largest must be sought among the 9 classes, not the 3 rows. */
    mat z = random_mat(3, 9, 300, 0, 221);
    for (int j = 0; j < 9; j++) {
        mat_inc(&z, 1, j, 700);
        mat_inc(&z, 2, j, -700);
    }
    mat_set(&z, 0, 6, 310), mat_set(&z, 1, 8, 1001);
    mat_set(&z, 2, 7, -390);
    int labels[] = {4, 8, 0};
    mat probs = mat_create(3, 9), want = mat_create(3, 9);
    double loss = nn_softmax_xent_forward(&probs, &z, labels);
    nn_softmax_xent_backward(&want, &probs, labels);
    mat dz = mat_create(3, 9);
    prefill(&dz, 9);
    expect_close("loss of 3 rows of 9 classes, logits up to +-1000", loss,
                 softmax_xent(&dz, &z, labels), 1e-3);
    expect_mat_close("dlogits (it held 9s)", &want, &dz, 1e-5);
}

#define HIDDEN_TESTS                                                     \
    HIDDEN(dense_forward_wider_than_deep, "ch01.1", 2),                  \
    HIDDEN(softmax_xent_more_classes_than_rows, "ch01.3", 2),            \
    HIDDEN(dense_backward_onto_held_gradients, "ch01.4", 1),
