/* test_mat.c - the matrix type and its three products. */
#include <math.h>
#include <string.h>

#include "core/learn/mat.h"
#include "core/learn/rng.h"
#include "core_tests.h"

static mat random_matrix(int rows, int cols, rng *r)
{
    mat m = mat_create(rows, cols);
    for (size_t i = 0; i < mat_size(&m); i++)
        m.data[i] = 2 * rng_uniform(r) - 1;
    return m;
}

/* The products written the obvious way, in double, as the reference. */
static double naive_entry(const mat *a, const mat *b, int i, int j,
                          int a_transposed, int b_transposed)
{
    int inner = a_transposed ? a->rows : a->cols;
    double sum = 0;
    for (int p = 0; p < inner; p++) {
        double x = a_transposed ? mat_get(a, p, i) : mat_get(a, i, p);
        double y = b_transposed ? mat_get(b, j, p) : mat_get(b, p, j);
        sum += x * y;
    }
    return sum;
}

/* C starts at 1 everywhere, so the check also sees that products add. */
/* C (rows x cols) += A B, with inner the columns of A and rows of B. */
static void check_product(int rows, int inner, int cols, int a_t, int b_t)
{
    rng r;
    rng_seed(&r, (uint64_t)(rows * 10007 + inner * 101 + cols + a_t * 7 +
                            b_t * 3));
    mat a = a_t ? random_matrix(inner, rows, &r)
                : random_matrix(rows, inner, &r);
    mat b = b_t ? random_matrix(cols, inner, &r)
                : random_matrix(inner, cols, &r);
    mat c = mat_create(rows, cols);
    mat_fill(&c, 1);
    if (a_t)
        mat_mul_add_at(&c, &a, &b);
    else if (b_t)
        mat_mul_add_bt(&c, &a, &b);
    else
        mat_mul_add(&c, &a, &b);
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            assert_float_equal(mat_get(&c, i, j),
                               1 + naive_entry(&a, &b, i, j, a_t, b_t), 1e-4);
    mat_free(&a);
    mat_free(&b);
    mat_free(&c);
}

static void products_match_naive(void **state)
{
    (void)state;
    /* Sizes around the 8-wide vector chunks, and empty ones. */
    int sizes[][3] = {{1, 1, 1}, {3, 5, 7}, {8, 8, 8}, {9, 17, 15},
                      {16, 33, 1}, {0, 4, 3}, {4, 0, 3}, {2, 3, 0}};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (int variant = 0; variant < 3; variant++)
            check_product(sizes[s][0], sizes[s][1], sizes[s][2],
                          variant == 1, variant == 2);
}

static void create_view_rows_fill_copy(void **state)
{
    (void)state;
    mat m = mat_create(3, 4);
    for (size_t i = 0; i < mat_size(&m); i++)
        assert_true(m.data[i] == 0);
    mat_fill(&m, 2.5f);
    mat_set(&m, 1, 2, -1);
    assert_true(mat_get(&m, 1, 2) == -1);
    assert_true(mat_row(&m, 1)[2] == -1);
    mat middle = mat_rows(&m, 1, 2);
    assert_int_equal(middle.rows, 2);
    assert_true(mat_get(&middle, 0, 2) == -1);
    float storage[4] = {1, 2, 3, 4};
    mat v = mat_view(storage, 1, 4);
    mat copy = mat_create(1, 4);
    mat_copy(&copy, &v);
    assert_memory_equal(copy.data, storage, sizeof storage);
    assert_int_equal(mat_argmax_row(&v, 0), 3);
    mat_free(&copy);
    mat_free(&m);
    assert_null(m.data);
}

static void orthonormal_rows_have_unit_length_and_no_overlap(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 3);
    mat q = mat_create(5, 5);
    for (size_t i = 0; i < mat_size(&q); i++)
        q.data[i] = rng_normal(&r);
    mat_orthonormalize_rows(&q);
    for (int i = 0; i < 5; i++)
        for (int k = 0; k <= i; k++) {
            double dot = 0;
            for (int j = 0; j < 5; j++)
                dot += mat_get(&q, i, j) * mat_get(&q, k, j);
            assert_float_equal(dot, i == k ? 1.0 : 0.0, 1e-5);
        }
    mat_free(&q);
}

static void argmax_takes_first_of_ties(void **state)
{
    (void)state;
    float storage[] = {1, 5, 5, 2};
    mat v = mat_view(storage, 1, 4);
    assert_int_equal(mat_argmax_row(&v, 0), 1);
}

int test_mat(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(products_match_naive),
        cmocka_unit_test(create_view_rows_fill_copy),
        cmocka_unit_test(argmax_takes_first_of_ties),
        cmocka_unit_test(orthonormal_rows_have_unit_length_and_no_overlap),
    };
    return cmocka_run_group_tests_name("mat", tests, NULL, NULL);
}
