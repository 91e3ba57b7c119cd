/* test_ch01_layers.c - graded tests of chapter 01 (make grade CH=01).
 *
 * Each test checks one exercise, on a case small enough to work out by
 * hand or against finite differences, so a failure points at one function.
 * The table at the end gives each test its exercise and its points.
 * Every test runs in a process of its own that ends with it, so the tests
 * do not bother to free the matrices they make.
 */
#include <math.h>
#include <string.h>

#include "ch01_layers.h"
#include "core/learn/gradcheck.h"
#include "core/learn/nn.h"
#include "grade/graded.h"

#define TOL 1e-5
#define GRAD_TOL 1e-2 /* finite differences in float arithmetic */

/* A matrix from a list of entries, row after row (the test frees it). */
/* sum over all entries of y .* r: a loss whose gradient with respect to y
 * is r, for checking a backward pass against finite differences. */
static double weighted_sum(const mat *y, const mat *r)
{
    double sum = 0;
    for (size_t i = 0; i < mat_size(y); i++)
        sum += (double)y->data[i] * r->data[i];
    return sum;
}

/* ---- ch01.1 dense_forward -------------------------------------------- */

/* A dense layer is linear: if every wrong entry of y is a negative
 * expected value come out as 0, a ReLU crept in. */
static void expect_no_relu(const mat *want, const mat *y)
{
    size_t wrong = 0, clipped = 0;
    for (size_t i = 0; i < mat_size(want); i++)
        if (fabsf(y->data[i] - want->data[i]) > TOL) {
            wrong++;
            clipped += want->data[i] < 0 && y->data[i] == 0;
        }
    if (wrong > 0 && clipped == wrong)
        graded_fail("y: the %zu negative outputs came out 0: a dense layer "
                    "has no ReLU (that is relu_forward's job)", wrong);
}

static void dense_forward_hand_computed(void **state)
{
    (void)state;
    mat x = mat_of(2, 3, (float[]){1, 2, 3, -1, 0, 2});
    mat W = mat_of(3, 2, (float[]){1, 0, 0, 1, 2, -1});
    mat b = mat_of(1, 2, (float[]){0.5f, -0.5f});
    mat y = mat_create(2, 2);
    mat want = mat_of(2, 2, (float[]){7.5f, -1.5f, 3.5f, -2.5f});
    test_inputs("inputs: x = [1 2 3; -1 0 2], W = [1 0; 0 1; 2 -1], "
                "b = [0.5 -0.5], y = x W + b (the book works one in \"A "
                "dense layer\", chapter 01)");
    prefill(&y, 9);
    dense_forward(&y, &x, &W, &b);
    expect_no_relu(&want, &y);
    expect_mat_close("y", &want, &y, TOL);
}

static void dense_forward_overwrites_output(void **state)
{
    (void)state;
    mat x = mat_of(1, 2, (float[]){2, 3});
    mat W = mat_of(2, 1, (float[]){1, 1});
    mat b = mat_of(1, 1, (float[]){1});
    mat y = mat_create(1, 1);
    test_inputs("inputs: x = [2 3], W = [1; 1], b = [1]: y = 2 + 3 + 1");
    prefill(&y, 100);
    dense_forward(&y, &x, &W, &b);
    expect_mat_close("y (it held 100 before the call)",
                     &(mat){1, 1, (float[]){6}}, &y, TOL);
}

static void dense_forward_random_layer(void **state)
{
    (void)state;
    mat x = random_mat(7, 13, 1, 0, 11), W = random_mat(13, 5, 1, 0, 12);
    mat b = random_mat(1, 5, 1, 0, 13);
    mat y = mat_create(7, 5), want = mat_create(7, 5);
    nn_dense_forward(&want, &x, &W, &b);
    prefill(&y, 9);
    dense_forward(&y, &x, &W, &b);
    expect_no_relu(&want, &y);
    expect_mat_close("y of 7 x 13 times 13 x 5", &want, &y, 1e-4);
}

static void dense_forward_batches_of_0_and_1_rows(void **state)
{
    (void)state;
    mat W = mat_of(2, 2, (float[]){1, 2, 3, 4});
    mat b = mat_of(1, 2, (float[]){1, 1});
    mat x = mat_of(1, 2, (float[]){1, 1});
    mat y = mat_create(1, 2);
    prefill(&y, -7);
    mat x0 = mat_rows(&x, 0, 0), y0 = mat_rows(&y, 0, 0);
    dense_forward(&y0, &x0, &W, &b); /* an empty batch: nothing to do */
    expect_all_close("y after a batch of 0 rows", (float[]){-7, -7}, y.data,
                     2, 0);
    dense_forward(&y, &x, &W, &b);
    expect_all_close("y after a batch of 1 row", (float[]){5, 7}, y.data, 2,
                     TOL);
}

/* ---- ch01.2 relu_forward --------------------------------------------- */

static void relu_forward_hand_computed(void **state)
{
    (void)state;
    mat x = mat_of(2, 3, (float[]){-2, 0, 3, 0.5f, -0.1f, 7});
    mat y = mat_create(2, 3);
    mat want = mat_of(2, 3, (float[]){0, 0, 3, 0.5f, 0, 7});
    test_inputs("inputs: x = [-2 0 3; 0.5 -0.1 7] (\"Why a layer needs a "
                "bend\", chapter 01)");
    prefill(&y, 9);
    relu_forward(&y, &x);
    expect_mat_close("y (= max(x, 0))", &want, &y, 0);
}

static void relu_forward_in_place(void **state)
{
    (void)state;
    mat x = mat_of(1, 4, (float[]){-1, 2, -3, 4});
    mat want = mat_of(1, 4, (float[]){0, 2, 0, 4});
    relu_forward(&x, &x);
    expect_mat_close("x after relu_forward(&x, &x) (= max(x, 0))", &want,
                     &x, 0);
}

static void relu_forward_large_batch(void **state)
{
    (void)state;
    mat x = random_mat(33, 17, 5, 0, 41);
    mat y = mat_create(33, 17), want = mat_create(33, 17);
    nn_relu_forward(&want, &x);
    prefill(&y, 9);
    relu_forward(&y, &x);
    expect_mat_close("y of 33 x 17 (= max(x, 0))", &want, &y, 0);
}

/* ---- ch01.3 softmax_xent --------------------------------------------- */

static void softmax_xent_uniform_logits(void **state)
{
    (void)state;
    /* Equal logits: every class has probability 1/4, the loss is log 4. */
    mat z = mat_of(2, 4, (float[]){0, 0, 0, 0, 3, 3, 3, 3});
    mat dz = mat_create(2, 4);
    int labels[] = {1, 3};
    test_inputs("inputs: logits [0 0 0 0; 3 3 3 3], labels (1, 3): p = 1/4 "
                "each, dlogits = (p - one-hot) / 2 (the sanity check of "
                "\"Scoring a classifier\", chapter 01)");
    prefill(&dz, 7);
    float loss = softmax_xent(&dz, &z, labels);
    expect_close("loss", log(4.0), loss, TOL);
    mat want = mat_of(2, 4, (float[]){0.125f, -0.375f, 0.125f, 0.125f,
                                      0.125f, 0.125f, 0.125f, -0.375f});
    expect_mat_close("dlogits", &want, &dz, TOL);
}

static void softmax_xent_hand_computed(void **state)
{
    (void)state;
    mat z = mat_of(1, 3, (float[]){1, 2, 3});
    mat dz = mat_create(1, 3);
    int label = 0;
    test_inputs("inputs: logits (1, 2, 3), label 0");
    prefill(&dz, 7);
    double e1 = exp(1), e2 = exp(2), e3 = exp(3), sum = e1 + e2 + e3;
    float loss = softmax_xent(&dz, &z, &label);
    expect_close("loss", -log(e1 / sum), loss, TOL);
    mat want = mat_of(1, 3, (float[]){(float)(e1 / sum - 1),
                                      (float)(e2 / sum), (float)(e3 / sum)});
    expect_mat_close("dlogits (it held 7s before the call)", &want, &dz,
                     TOL);
}

static void softmax_xent_large_logits(void **state)
{
    (void)state;
    mat z = mat_of(2, 2, (float[]){1000, 1001, -1000, -1003});
    mat dz = mat_create(2, 2);
    int labels[] = {1, 1};
    /* Row 1: p = 1 / (1 + e^-1); row 2: p(class 1) = e^-3 / (1 + e^-3). */
    double want_loss = (log(1 + exp(-1.0)) + (3 + log(1 + exp(-3.0)))) / 2;
    float loss = softmax_xent(&dz, &z, labels);
    test_inputs("inputs: logits [1000 1001; -1000 -1003], labels (1, 1): "
                "expf overflows past 88; subtract each row's own largest "
                "logit first");
    expect_close("loss for logits near +-1000", want_loss, loss, 1e-4);
    double p = 1 / (1 + exp(-1.0)), q = exp(-3.0) / (1 + exp(-3.0));
    mat want = mat_of(2, 2, (float[]){(float)((1 - p) / 2),
                                      (float)((p - 1) / 2),
                                      (float)((1 - q) / 2),
                                      (float)((q - 1) / 2)});
    expect_mat_close("dlogits for logits near +-1000", &want, &dz, 1e-5);
    /* The label's class 2000 below the other: its probability e^-2000
     * is 0 in a float, yet the loss is 2000 (take the log of the sum of
     * exponentials, not the log of p). */
    mat far = mat_of(1, 2, (float[]){1000, -1000});
    mat dfar = mat_create(1, 2);
    prefill(&dfar, 9);
    int one[] = {1};
    expect_close("loss for logits (1000, -1000) with label 1 (the log of "
                 "the sum of exponentials minus the label's logit: log p "
                 "itself is -inf in a float)",
                 2000, softmax_xent(&dfar, &far, one), 1e-2);
    expect_mat_close("dlogits for logits (1000, -1000), label 1",
                     &(mat){1, 2, (float[]){1, -1}}, &dfar, 1e-5);
}

typedef struct xent_probe {
    mat z, dz;
    int *labels;
} xent_probe;

static double xent_probe_loss(void *ctx)
{
    xent_probe *p = ctx;
    mat probs = mat_create(p->z.rows, p->z.cols);
    double loss = nn_softmax_xent_forward(&probs, &p->z, p->labels);
    mat_free(&probs);
    return loss;
}

static void softmax_xent_finite_differences(void **state)
{
    (void)state;
    int labels[] = {0, 4, 2, 2, 1};
    xent_probe p = {random_mat(5, 5, 3, 0, 61), mat_create(5, 5), labels};
    softmax_xent(&p.dz, &p.z, labels);
    expect_gradient("dlogits", gradcheck(xent_probe_loss, &p, p.z.data,
                                         p.dz.data, mat_size(&p.dz), 1e-3f),
                    GRAD_TOL);
}

static void softmax_xent_batches_of_0_and_1_rows(void **state)
{
    (void)state;
    mat z = mat_of(1, 2, (float[]){0, 0}), dz = mat_create(1, 2);
    mat z0 = mat_rows(&z, 0, 0), dz0 = mat_rows(&dz, 0, 0);
    int label = 1;
    expect_close("loss of a batch of 0 rows", 0,
                 softmax_xent(&dz0, &z0, &label), 0);
    expect_close("loss of a batch of 1 row with logits (0, 0)", log(2.0),
                 softmax_xent(&dz, &z, &label), TOL);
}

/* ---- ch01.4 dense_backward ------------------------------------------- */

/* The layer of the hand-computed backward tests: y = x W + b with
 * x = [1 2; 3 4], W = [1 -1 0; 2 0 1], dy = [1 0 2; -1 1 0]. */
typedef struct small_layer {
    mat x, W, dy, dx, dW, db;
} small_layer;

static small_layer small_layer_backward(void)
{
    small_layer s = {
        mat_of(2, 2, (float[]){1, 2, 3, 4}),
        mat_of(2, 3, (float[]){1, -1, 0, 2, 0, 1}),
        mat_of(2, 3, (float[]){1, 0, 2, -1, 1, 0}),
        mat_create(2, 2), mat_create(2, 3), mat_create(1, 3)};
    test_inputs("inputs: x = [1 2; 3 4], W = [1 -1 0; 2 0 1], dy = [1 0 2; "
                "-1 1 0], the gradients 0 before the call (the book works "
                "one in \"Backpropagation through a dense layer\")");
    dense_backward(&s.dx, &s.dW, &s.db, &s.dy, &s.x, &s.W);
    return s;
}

static void dense_backward_input_gradient(void **state)
{
    (void)state;
    small_layer s = small_layer_backward();
    mat want = mat_of(2, 2, (float[]){1, 4, -2, -2}); /* dy W^T */
    expect_mat_close("dx (= dy W^T)", &want, &s.dx, TOL);
}

static void dense_backward_weight_gradient(void **state)
{
    (void)state;
    small_layer s = small_layer_backward();
    mat want = mat_of(2, 3, (float[]){-2, 3, 2, -2, 4, 4}); /* x^T dy */
    expect_mat_close("dW (= x^T dy: each row of the batch adds its part)",
                     &want, &s.dW, TOL);
}

static void dense_backward_bias_gradient(void **state)
{
    (void)state;
    small_layer s = small_layer_backward();
    mat want = mat_of(1, 3, (float[]){0, 1, 2}); /* column sums of dy */
    expect_mat_close("db (= the column sums of dy: each row adds its part)",
                     &want, &s.db, TOL);
}

static void dense_backward_accumulates(void **state)
{
    (void)state;
    mat x = random_mat(3, 4, 1, 0, 21), W = random_mat(4, 2, 1, 0, 22);
    mat dy = random_mat(3, 2, 1, 0, 23);
    mat dx = mat_create(3, 4), dW = mat_create(4, 2), db = mat_create(1, 2);
    mat want_dx = mat_create(3, 4), want_dW = mat_create(4, 2);
    mat want_db = mat_create(1, 2);
    /* Called twice, the gradients must be twice those of one call. */
    nn_dense_backward(&want_dx, &want_dW, &want_db, &dy, &x, &W);
    nn_dense_backward(&want_dx, &want_dW, &want_db, &dy, &x, &W);
    dense_backward(&dx, &dW, &db, &dy, &x, &W);
    dense_backward(&dx, &dW, &db, &dy, &x, &W);
    expect_mat_close("dx after two calls (each call adds to it)",
                     &want_dx, &dx, 1e-4);
    expect_mat_close("dW after two calls (each call adds to it)",
                     &want_dW, &dW, 1e-4);
    expect_mat_close("db after two calls (each call adds to it)",
                     &want_db, &db, 1e-4);
}

/* With the loss weighted_sum(y, r) of a dense layer, dy = r, so
 * dense_backward(dy = r) must match its finite differences with respect
 * to x, W and b. */
typedef struct dense_probe {
    mat x, W, b, r, y;
} dense_probe;

static double dense_probe_loss(void *ctx)
{
    dense_probe *p = ctx;
    nn_dense_forward(&p->y, &p->x, &p->W, &p->b);
    return weighted_sum(&p->y, &p->r);
}

static void dense_backward_finite_differences(void **state)
{
    (void)state;
    dense_probe p = {random_mat(4, 5, 1, 0, 31), random_mat(5, 3, 1, 0, 32),
                     random_mat(1, 3, 1, 0, 33), random_mat(4, 3, 1, 0, 34),
                     mat_create(4, 3)};
    mat dx = mat_create(4, 5), dW = mat_create(5, 3), db = mat_create(1, 3);
    dense_backward(&dx, &dW, &db, &p.r, &p.x, &p.W);
    expect_gradient("dx", gradcheck(dense_probe_loss, &p, p.x.data, dx.data,
                                    mat_size(&dx), 1e-3f), GRAD_TOL);
    expect_gradient("dW", gradcheck(dense_probe_loss, &p, p.W.data, dW.data,
                                    mat_size(&dW), 1e-3f), GRAD_TOL);
    expect_gradient("db", gradcheck(dense_probe_loss, &p, p.b.data, db.data,
                                    mat_size(&db), 1e-3f), GRAD_TOL);
}

/* ---- ch01.5 relu_backward -------------------------------------------- */

static void relu_backward_hand_computed(void **state)
{
    (void)state;
    mat x = mat_of(1, 5, (float[]){-2, 0, 3, 0.5f, -0.1f});
    mat dy = mat_of(1, 5, (float[]){1, 2, 3, 4, 5});
    mat dx = mat_create(1, 5);
    mat want = mat_of(1, 5, (float[]){0, 0, 3, 4, 0});
    test_inputs("inputs: x = [-2 0 3 0.5 -0.1], dy = [1 2 3 4 5], dx 0 "
                "before the call (\"Backpropagation through a ReLU\", "
                "chapter 01)");
    relu_backward(&dx, &dy, &x);
    expect_mat_close("dx (+= dy where x > 0, else nothing; the derivative "
                     "at x = 0 is 0)", &want, &dx, 0);
}

static void relu_backward_accumulates(void **state)
{
    (void)state;
    mat x = mat_of(1, 3, (float[]){1, -1, 2});
    mat dy = mat_of(1, 3, (float[]){0.5f, 0.5f, -1});
    mat dx = mat_create(1, 3);
    prefill(&dx, 10); /* relu_backward adds to what is there */
    mat want = mat_of(1, 3, (float[]){10.5f, 10, 9});
    test_inputs("inputs: x = [1 -1 2], dy = [0.5 0.5 -1], dx = [10 10 10] "
                "before the call");
    relu_backward(&dx, &dy, &x);
    expect_mat_close("dx (it held 10s: add dy to them where x > 0)", &want,
                     &dx, TOL);
}

typedef struct relu_probe {
    mat x, r, y;
} relu_probe;

static double relu_probe_loss(void *ctx)
{
    relu_probe *p = ctx;
    nn_relu_forward(&p->y, &p->x);
    return weighted_sum(&p->y, &p->r);
}

static void relu_backward_finite_differences(void **state)
{
    (void)state;
    /* Entries at least 0.05 from zero: the kink is never within a step. */
    relu_probe p = {random_mat(6, 7, 1, 0.05f, 51),
                    random_mat(6, 7, 1, 0, 52), mat_create(6, 7)};
    mat dx = mat_create(6, 7);
    relu_backward(&dx, &p.r, &p.x);
    expect_gradient("dx (dy where x > 0)",
                    gradcheck(relu_probe_loss, &p, p.x.data, dx.data,
                              mat_size(&dx), 1e-3f), GRAD_TOL);
}

/* ---- ch01.6 sgd_step ------------------------------------------------- */

static void sgd_step_hand_computed(void **state)
{
    (void)state;
    float w[] = {1, -2, 0.5f, 4}, dw[] = {0.5f, -1, 3, 10};
    float want[] = {0.95f, -1.9f, 0.2f, 3}, step[4];
    test_inputs("inputs: w = (1, -2, 0.5, 4), dw = (0.5, -1, 3, 10), "
                "lr = 0.1: w -= lr dw (\"A step downhill\", chapter 01)");
    sgd_step(w, dw, 4, 0.1f);
    for (int i = 0; i < 4; i++) /* the step taken: it should be -lr dw */
        step[i] = w[i] - (float[]){1, -2, 0.5f, 4}[i];
    expect_all_close("step (w after - w before, = -lr dw, lr = 0.1)",
                     (float[]){-0.05f, 0.1f, -0.3f, -1}, step, 4, TOL);
    expect_all_close("w", want, w, 4, TOL);
}

static void sgd_step_leaves_gradient_and_rest_alone(void **state)
{
    (void)state;
    float w[] = {1, 2, 3, 4}, dw[] = {1, 1, 1, 1};
    float dw_before[4], tail_before[2];
    memcpy(dw_before, dw, sizeof dw);
    memcpy(tail_before, w + 2, sizeof tail_before);
    sgd_step(w, dw, 2, 0.5f); /* only the first two parameters */
    expect_all_close("w", (float[]){0.5f, 1.5f}, w, 2, TOL);
    expect_unchanged("w[2 + i], beyond count,", tail_before, w + 2, 2);
    expect_unchanged("dw", dw_before, dw, 4);
}

/* The hidden tests (tests/hidden/, kept out of the students' copy; see
 * grade/graded.h) and what they are worth. */
#define HIDDEN_POINTS 5
#if __has_include("hidden/test_ch01_layers.c")
#include "hidden/test_ch01_layers.c"
#else
#define HIDDEN_TESTS
#endif

static const graded_test tests[] = {
    GRADED(dense_forward_hand_computed, "ch01.1", 3),
    GRADED(dense_forward_overwrites_output, "ch01.1", 1),
    GRADED(dense_forward_random_layer, "ch01.1", 2),
    GRADED(dense_forward_batches_of_0_and_1_rows, "ch01.1", 1),
    GRADED(relu_forward_hand_computed, "ch01.2", 2),
    GRADED(relu_forward_in_place, "ch01.2", 1),
    GRADED(relu_forward_large_batch, "ch01.2", 1),
    GRADED(softmax_xent_uniform_logits, "ch01.3", 3),
    GRADED(softmax_xent_hand_computed, "ch01.3", 3),
    GRADED(softmax_xent_large_logits, "ch01.3", 3),
    GRADED(softmax_xent_finite_differences, "ch01.3", 4),
    GRADED(softmax_xent_batches_of_0_and_1_rows, "ch01.3", 1),
    GRADED(dense_backward_input_gradient, "ch01.4", 3),
    GRADED(dense_backward_weight_gradient, "ch01.4", 3),
    GRADED(dense_backward_bias_gradient, "ch01.4", 2),
    GRADED(dense_backward_accumulates, "ch01.4", 2),
    GRADED(dense_backward_finite_differences, "ch01.4", 4),
    GRADED(relu_backward_hand_computed, "ch01.5", 2),
    GRADED(relu_backward_accumulates, "ch01.5", 2),
    GRADED(relu_backward_finite_differences, "ch01.5", 2),
    GRADED(sgd_step_hand_computed, "ch01.6", 3),
    GRADED(sgd_step_leaves_gradient_and_rest_alone, "ch01.6", 2),
    HIDDEN_TESTS
};

int main(int argc, char **argv)
{
    return graded_main(argc, argv, tests, COUNT(tests), HIDDEN_POINTS);
}
