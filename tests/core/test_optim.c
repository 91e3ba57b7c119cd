/* test_optim.c - the parameter block, SGD and Adam. */
#include <math.h>

#include "core/learn/optim.h"
#include "core_tests.h"

static void params_hand_out_consecutive_views(void **state)
{
    (void)state;
    params p;
    params_create(&p, 10);
    mat W, dW, b, db;
    params_take(&p, &W, &dW, 2, 3);
    params_take(&p, &b, &db, 1, 4);
    assert_ptr_equal(W.data, p.values);
    assert_ptr_equal(b.data, p.values + 6);
    assert_ptr_equal(db.data, p.grads + 6);
    assert_int_equal(p.used, 10);
    dW.data[0] = 5;
    params_zero_grad(&p);
    assert_true(p.grads[0] == 0);
    params_free(&p);
}

static void sgd_moves_against_gradient(void **state)
{
    (void)state;
    float w[] = {1, 2}, g[] = {0.5f, -1};
    optim_sgd_step(w, g, 2, 0.1f);
    assert_float_equal(w[0], 0.95, 1e-6);
    assert_float_equal(w[1], 2.1, 1e-6);
}

static void adam_first_step_is_lr_times_sign(void **state)
{
    (void)state;
    /* After bias correction, Adam's first step is lr * g / |g|. */
    params p;
    params_create(&p, 3);
    p.grads[0] = 0.001f, p.grads[1] = -50, p.grads[2] = 0;
    adam a;
    adam_init(&a, 3, 0.01f);
    adam_step(&a, &p);
    assert_float_equal(p.values[0], -0.01, 1e-5);
    assert_float_equal(p.values[1], 0.01, 1e-5);
    assert_float_equal(p.values[2], 0, 1e-9);
    adam_free(&a);
    params_free(&p);
}

static void adam_minimises_a_quadratic(void **state)
{
    (void)state;
    params p;
    params_create(&p, 2);
    p.values[0] = 3, p.values[1] = -2;
    adam a;
    adam_init(&a, 2, 0.05f);
    for (int step = 0; step < 2000; step++) {
        p.grads[0] = 2 * (p.values[0] - 1); /* (w0 - 1)^2 + 4 (w1 + 0.5)^2 */
        p.grads[1] = 8 * (p.values[1] + 0.5f);
        adam_step(&a, &p);
    }
    assert_float_equal(p.values[0], 1, 1e-2);
    assert_float_equal(p.values[1], -0.5, 1e-2);
    adam_free(&a);
    params_free(&p);
}

int test_optim(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(params_hand_out_consecutive_views),
        cmocka_unit_test(sgd_moves_against_gradient),
        cmocka_unit_test(adam_first_step_is_lr_times_sign),
        cmocka_unit_test(adam_minimises_a_quadratic),
    };
    return cmocka_run_group_tests_name("optim", tests, NULL, NULL);
}
