/* test_nn.c - the kit's layers against finite differences, and the
 * gradient checker against a gradient known to be wrong. */
#include <math.h>

#include "core/learn/gradcheck.h"
#include "core/learn/nn.h"
#include "core_tests.h"

static mat random_matrix(int rows, int cols, uint64_t seed)
{
    rng r;
    rng_seed(&r, seed);
    mat m = mat_create(rows, cols);
    for (size_t i = 0; i < mat_size(&m); i++) {
        float v = 0.05f + 0.95f * rng_uniform(&r); /* away from ReLU's kink */
        m.data[i] = rng_uniform(&r) < 0.5f ? -v : v;
    }
    return m;
}

/* A small network exercising every layer: x -> dense -> act -> dense ->
 * softmax cross-entropy. `act` picks relu (0), sigmoid (1) or tanh (2). */
typedef struct net {
    mat x, W1, b1, W2, b2, h, a, z, p;
    int labels[4];
    int act;
} net;

static double net_loss(void *ctx)
{
    net *model = ctx;
    nn_dense_forward(&model->h, &model->x, &model->W1, &model->b1);
    if (model->act == 0)
        nn_relu_forward(&model->a, &model->h);
    else if (model->act == 1)
        nn_sigmoid_forward(&model->a, &model->h);
    else
        nn_tanh_forward(&model->a, &model->h);
    nn_dense_forward(&model->z, &model->a, &model->W2, &model->b2);
    return nn_softmax_xent_forward(&model->p, &model->z, model->labels);
}

static void net_backward(net *model, mat *dx, mat *dW1, mat *db1, mat *dW2,
                         mat *db2)
{
    mat dz = mat_create(4, 3), da = mat_create(4, 5), dh = mat_create(4, 5);
    net_loss(model);
    nn_softmax_xent_backward(&dz, &model->p, model->labels);
    nn_dense_backward(&da, dW2, db2, &dz, &model->a, &model->W2);
    if (model->act == 0)
        nn_relu_backward(&dh, &da, &model->h);
    else if (model->act == 1)
        nn_sigmoid_backward(&dh, &da, &model->a);
    else
        nn_tanh_backward(&dh, &da, &model->a);
    nn_dense_backward(dx, dW1, db1, &dh, &model->x, &model->W1);
    mat_free(&dz);
    mat_free(&da);
    mat_free(&dh);
}

static void check_network(int act)
{
    net model = {random_matrix(4, 6, 1), random_matrix(6, 5, 2),
                 random_matrix(1, 5, 3), random_matrix(5, 3, 4),
                 random_matrix(1, 3, 5), mat_create(4, 5), mat_create(4, 5),
                 mat_create(4, 3), mat_create(4, 3), {0, 2, 1, 2}, act};
    mat dx = mat_create(4, 6), dW1 = mat_create(6, 5), db1 = mat_create(1, 5);
    mat dW2 = mat_create(5, 3), db2 = mat_create(1, 3);
    net_backward(&model, &dx, &dW1, &db1, &dW2, &db2);
    mat *values[] = {&model.x, &model.W1, &model.b1, &model.W2, &model.b2};
    mat *grads[] = {&dx, &dW1, &db1, &dW2, &db2};
    for (int i = 0; i < 5; i++) {
        gradcheck_result r = gradcheck(net_loss, &model, values[i]->data,
                                       grads[i]->data, mat_size(grads[i]),
                                       1e-3f);
        if (!(r.max_error < 1e-2))
            fail_msg("activation %d, parameter %d, entry %zu: analytic %g, "
                     "numeric %g", act, i, r.worst, r.analytic, r.numeric);
        mat_free(grads[i]);
    }
    mat *rest[] = {&model.x, &model.W1, &model.b1, &model.W2, &model.b2,
                   &model.h, &model.a, &model.z, &model.p};
    for (int i = 0; i < 9; i++)
        mat_free(rest[i]);
}

static void relu_network_gradients(void **state)
{
    (void)state;
    check_network(0);
}

static void sigmoid_network_gradients(void **state)
{
    (void)state;
    check_network(1);
}

static void tanh_network_gradients(void **state)
{
    (void)state;
    check_network(2);
}

static void softmax_xent_is_stable(void **state)
{
    (void)state;
    float logits[] = {1000, 1001, -1000, -1003};
    mat z = mat_view(logits, 2, 2), p = mat_create(2, 2);
    int labels[] = {1, 0};
    float loss = nn_softmax_xent_forward(&p, &z, labels);
    double want = (log1p(exp(-1.0)) + log1p(exp(-3.0))) / 2;
    assert_float_equal(loss, want, 1e-5);
    assert_float_equal(mat_get(&p, 0, 1) + mat_get(&p, 0, 0), 1, 1e-6);
    mat_free(&p);
}

/* Loss 0.5 |x|^2 has gradient x; the checker must accept x and refuse 2x. */
static double half_square(void *ctx)
{
    const float *x = ctx;
    return 0.5 * ((double)x[0] * x[0] + (double)x[1] * x[1]);
}

static void gradcheck_tells_right_from_wrong(void **state)
{
    (void)state;
    float x[2] = {0.7f, -1.3f}, right[2] = {0.7f, -1.3f};
    float wrong[2] = {1.4f, -1.3f};
    gradcheck_result good = gradcheck(half_square, x, x, right, 2, 1e-3f);
    gradcheck_result bad = gradcheck(half_square, x, x, wrong, 2, 1e-3f);
    assert_true(good.max_error < 1e-3);
    assert_true(bad.max_error > 0.3);
    assert_int_equal(bad.worst, 0);
    assert_true(x[0] == 0.7f && x[1] == -1.3f); /* put back */
}

/* L = sum of g * normalize_rows(x), for fixed random g: its gradient by
 * nn_normalize_rows_backward against finite differences. */
typedef struct normalize_probe {
    mat x, g, y;
    float norms[4];
} normalize_probe;

static double normalized_loss(void *ctx)
{
    normalize_probe *p = ctx;
    nn_normalize_rows(&p->y, p->norms, &p->x);
    double sum = 0;
    for (size_t i = 0; i < mat_size(&p->y); i++)
        sum += (double)p->g.data[i] * p->y.data[i];
    return sum;
}

static void normalize_rows_gradients(void **state)
{
    (void)state;
    normalize_probe p = {random_matrix(4, 5, 11), random_matrix(4, 5, 12),
                         mat_create(4, 5), {0}};
    normalized_loss(&p);
    for (int i = 0; i < 4; i++) {
        double length = 0;
        for (int j = 0; j < 5; j++)
            length += (double)mat_get(&p.y, i, j) * mat_get(&p.y, i, j);
        assert_float_equal(length, 1, 1e-5);
    }
    mat dx = mat_create(4, 5);
    mat_fill(&dx, 1); /* it adds */
    nn_normalize_rows_backward(&dx, &p.g, &p.y, p.norms);
    for (size_t i = 0; i < mat_size(&dx); i++)
        dx.data[i] -= 1;
    gradcheck_result check = gradcheck(normalized_loss, &p, p.x.data,
                                       dx.data, mat_size(&p.x), 1e-3f);
    assert_true(check.max_error < 1e-2);
    /* A row of zeros stays zeros, in place. */
    mat zero = mat_create(1, 3);
    float norm;
    nn_normalize_rows(&zero, &norm, &zero);
    assert_true(zero.data[0] == 0 && zero.data[2] == 0 && norm == 0);
    mat *all[] = {&p.x, &p.g, &p.y, &dx, &zero};
    for (int i = 0; i < 5; i++)
        mat_free(all[i]);
}

static void he_init_scale(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 9);
    mat W = mat_create(200, 300);
    nn_init_he(&W, &r);
    double sum2 = 0;
    for (size_t i = 0; i < mat_size(&W); i++)
        sum2 += (double)W.data[i] * W.data[i];
    assert_float_equal(sum2 / (double)mat_size(&W), 2.0 / 200, 2e-4);
    mat_free(&W);
}

int test_nn(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(relu_network_gradients),
        cmocka_unit_test(sigmoid_network_gradients),
        cmocka_unit_test(tanh_network_gradients),
        cmocka_unit_test(softmax_xent_is_stable),
        cmocka_unit_test(gradcheck_tells_right_from_wrong),
        cmocka_unit_test(normalize_rows_gradients),
        cmocka_unit_test(he_init_scale),
    };
    return cmocka_run_group_tests_name("nn", tests, NULL, NULL);
}
