/* test_net.c - the stack of dense layers against finite differences, and
 * the linear probe on a problem it must solve. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/analysis/probe.h"
#include "core/learn/gradcheck.h"
#include "core/learn/net.h"
#include "core_tests.h"

/* Loss sum(y .* r) of the network's output on x, for a fixed r. */
typedef struct net_probe {
    net model;
    mat x, r;
} net_probe;

static double weighted_output(void *ctx)
{
    net_probe *p = ctx;
    mat y = net_forward(&p->model, &p->x);
    double sum = 0;
    for (size_t i = 0; i < mat_size(&y); i++)
        sum += (double)y.data[i] * p->r.data[i];
    return sum;
}

static mat random_matrix(int rows, int cols, rng *r)
{
    mat m = mat_create(rows, cols);
    for (size_t i = 0; i < mat_size(&m); i++)
        m.data[i] = 2 * rng_uniform(r) - 1;
    return m;
}

static void backward_matches_finite_differences(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 5);
    int sizes[] = {6, 5, 4, 3};
    net_activation act[] = {NET_RELU, NET_LINEAR, NET_SIGMOID};
    net_probe p;
    net_create(&p.model, 3, sizes, act, 8, &r);
    for (size_t i = 0; i < p.model.p.count; i++)
        p.model.p.values[i] = rng_normal(&r) * 0.7f;
    p.x = random_matrix(5, 6, &r);
    p.r = random_matrix(5, 3, &r);
    net_forward(&p.model, &p.x);
    params_zero_grad(&p.model.p);
    net_backward(&p.model, &p.x, &p.r, 1);
    float *grads = malloc(p.model.p.count * sizeof(float));
    memcpy(grads, p.model.p.grads, p.model.p.count * sizeof(float));
    mat dx = mat_create(5, 6);
    mat computed = mat_rows(&p.model.dx, 0, 5);
    mat_copy(&dx, &computed);
    gradcheck_result params = gradcheck(weighted_output, &p, p.model.p.values,
                                        grads, p.model.p.count, 1e-3f);
    gradcheck_result input = gradcheck(weighted_output, &p, p.x.data,
                                       dx.data, mat_size(&dx), 1e-3f);
    if (!(params.max_error < 1e-2))
        fail_msg("parameter %zu: %g against %g", params.worst,
                 params.analytic, params.numeric);
    if (!(input.max_error < 1e-2))
        fail_msg("input %zu: %g against %g", input.worst, input.analytic,
                 input.numeric);
    free(grads);
    mat_free(&dx);
    mat_free(&p.x);
    mat_free(&p.r);
    net_free(&p.model);
}

static void probe_separates_separable_classes(void **state)
{
    (void)state;
    /* Three classes around three far-apart centres in 5-D, one feature
     * constant (it must be ignored, not divided by zero). */
    rng r;
    rng_seed(&r, 6);
    int n = 600;
    mat train = mat_create(n, 5), test = mat_create(n, 5);
    int *train_labels = malloc((size_t)n * sizeof(int));
    int *test_labels = malloc((size_t)n * sizeof(int));
    mat *sets[] = {&train, &test};
    int *labels[] = {train_labels, test_labels};
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            labels[s][i] = label;
            for (int j = 0; j < 4; j++)
                mat_set(sets[s], i, j, (j == label ? 6.0f : 0.0f) +
                                           rng_normal(&r));
            mat_set(sets[s], i, 4, 7.0f);
        }
    probe_plan plan = {.epochs = 20, .batch = 32, .lr = 0.01f,
                       .label = "test probe"};
    float accuracy = probe_accuracy(&train, train_labels, &test, test_labels,
                                    3, &plan, &r);
    assert_true(accuracy > 0.98f);
    mat_free(&train);
    mat_free(&test);
    free(train_labels);
    free(test_labels);
}

int test_net(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(backward_matches_finite_differences),
        cmocka_unit_test(probe_separates_separable_classes),
    };
    return cmocka_run_group_tests_name("net", tests, NULL, NULL);
}
