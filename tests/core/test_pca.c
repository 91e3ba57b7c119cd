/* test_pca.c - PCA on data whose principal directions are known. */
#include <math.h>

#include "core/analysis/pca.h"
#include "core_tests.h"

/* n points in 6-D: standard deviations 5, 2 and 1 along three orthonormal
 * directions, a little noise, and an offset. */
static mat known_data(int n, rng *r, const float directions[3][6])
{
    const float spread[3] = {5, 2, 1};
    mat x = mat_create(n, 6);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < 6; j++)
            mat_set(&x, i, j, 3.0f + 0.01f * rng_normal(r));
        for (int c = 0; c < 3; c++) {
            float t = spread[c] * rng_normal(r);
            for (int j = 0; j < 6; j++)
                mat_inc(&x, i, j, t * directions[c][j]);
        }
    }
    return x;
}

static const float directions[3][6] = {
    {0.5f, 0.5f, 0.5f, 0.5f, 0, 0},
    {0.5f, -0.5f, 0.5f, -0.5f, 0, 0},
    {0, 0, 0, 0, 0.6f, 0.8f},
};

static void finds_the_known_directions(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 3);
    mat x = known_data(4000, &r, directions);
    pca p;
    pca_fit(&p, &x, 3, &r);
    for (int c = 0; c < 3; c++) {
        double dot = 0, norm = 0;
        for (int j = 0; j < 6; j++) {
            dot += mat_get(&p.components, c, j) * directions[c][j];
            norm += mat_get(&p.components, c, j) * mat_get(&p.components, c, j);
        }
        assert_float_equal(fabs(dot), 1.0, 1e-3);
        assert_float_equal(norm, 1.0, 1e-4);
    }
    assert_float_equal(p.variances.data[0], 25.0, 1.5);
    assert_float_equal(p.variances.data[1], 4.0, 0.3);
    assert_float_equal(p.variances.data[2], 1.0, 0.1);
    assert_float_equal(p.mean.data[0], 3.0, 0.3);
    pca_free(&p);
    mat_free(&x);
}

static void reconstruction_error_is_what_is_left(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 4);
    mat x = known_data(3000, &r, directions);
    pca p;
    pca_fit(&p, &x, 3, &r);
    mat codes = mat_create(x.rows, 2), back = mat_create(x.rows, 6);
    pca_encode(&p, &x, &codes, 2);
    pca_decode(&p, &codes, &back, 2);
    double error = 0;
    for (size_t i = 0; i < mat_size(&x); i++)
        error += (x.data[i] - back.data[i]) * (x.data[i] - back.data[i]);
    /* Dropping the third direction loses its variance, about 1 per point. */
    assert_float_equal(error / x.rows, p.variances.data[2], 0.05);
    pca_free(&p);
    mat_free(&x);
    mat_free(&codes);
    mat_free(&back);
}

int test_pca(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_the_known_directions),
        cmocka_unit_test(reconstruction_error_is_what_is_left),
    };
    return cmocka_run_group_tests_name("pca", tests, NULL, NULL);
}
