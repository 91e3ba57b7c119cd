/* mat.c - creation, copies and the three products of a dense layer.
 *
 * The products are written to be read first and fast second. Their inner
 * loops run along contiguous rows, with no branches and no allocation, so
 * the compiler can turn them into vector instructions.
 */
#include "mat.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

mat mat_create(int rows, int cols)
{
    CHECK(rows >= 0 && cols >= 0, "shape %d x %d", rows, cols);
    mat m = {rows, cols, NULL};
    m.data = kit_alloc(mat_size(&m), sizeof(float));
    return m;
}

void mat_free(mat *m)
{
    free(m->data);
    m->data = NULL;
    m->rows = m->cols = 0;
}

mat mat_view(float *data, int rows, int cols)
{
    CHECK(rows >= 0 && cols >= 0, "shape %d x %d", rows, cols);
    return (mat){rows, cols, data};
}

mat mat_rows(const mat *m, int first, int count)
{
    CHECK(first >= 0 && count >= 0 && first + count <= m->rows,
          "rows %d..%d of a %d-row matrix", first, first + count, m->rows);
    return mat_view(mat_row(m, first), count, m->cols);
}

void mat_fill(mat *m, float value)
{
    size_t n = mat_size(m);
    for (size_t i = 0; i < n; i++)
        m->data[i] = value;
}

void mat_copy(mat *dst, const mat *src)
{
    CHECK(dst->rows == src->rows && dst->cols == src->cols,
          "copy %d x %d into %d x %d", src->rows, src->cols, dst->rows,
          dst->cols);
    if (mat_size(src) > 0)
        memmove(dst->data, src->data, mat_size(src) * sizeof(float));
}

/* c += a * b over m floats: the innermost loop of two of the products.
 * Both rows are contiguous and cannot overlap (restrict), so the compiler
 * turns it into vector multiply-adds. */
static void add_scaled_row(float *restrict c, float a,
                           const float *restrict b, int m)
{
    for (int j = 0; j < m; j++)
        c[j] += a * b[j];
}

//> mat-mul-add
void mat_mul_add(mat *c, const mat *a, const mat *b)
{
    CHECK(a->cols == b->rows && c->rows == a->rows && c->cols == b->cols,
          "(%d x %d) += (%d x %d)(%d x %d)", c->rows, c->cols, a->rows,
          a->cols, b->rows, b->cols);
    /* Row i of C is a combination of the rows of B, weighted by row i of
     * A: loop over i, then p, adding a_ip times row p of B to row i of C. */
    for (int i = 0; i < a->rows; i++)
        for (int p = 0; p < a->cols; p++)
            add_scaled_row(mat_row(c, i), mat_get(a, i, p), mat_row(b, p),
                           b->cols);
}
//< mat-mul-add

/* The dot product of two rows. LANES partial sums are kept so that the
 * compiler may use several vector registers at once, each with its own
 * chain of additions (strict IEEE arithmetic forbids it to reorder a single
 * sum); four chains of eight floats hide the latency of each addition. */
#define LANES 32

static float dot(const float *restrict x, const float *restrict y, int k)
{
    float part[LANES] = {0};
    int p = 0;
    for (; p + LANES <= k; p += LANES)
        for (int l = 0; l < LANES; l++)
            part[l] += x[p + l] * y[p + l];
    float sum = 0;
    for (; p < k; p++)
        sum += x[p] * y[p];
    for (int l = 0; l < LANES; l++)
        sum += part[l];
    return sum;
}

void mat_mul_add_bt(mat *c, const mat *a, const mat *b)
{
    CHECK(a->cols == b->cols && c->rows == a->rows && c->cols == b->rows,
          "(%d x %d) += (%d x %d)(%d x %d)^T", c->rows, c->cols, a->rows,
          a->cols, b->rows, b->cols);
    /* Entry (i, j) is the dot product of row i of A and row j of B. */
    for (int i = 0; i < a->rows; i++) {
        float *c_row = mat_row(c, i);
        for (int j = 0; j < b->rows; j++)
            c_row[j] += dot(mat_row(a, i), mat_row(b, j), a->cols);
    }
}

void mat_mul_add_at(mat *c, const mat *a, const mat *b)
{
    CHECK(a->rows == b->rows && c->rows == a->cols && c->cols == b->cols,
          "(%d x %d) += (%d x %d)^T(%d x %d)", c->rows, c->cols, a->rows,
          a->cols, b->rows, b->cols);
    /* Row i of C gathers column i of A times the rows of B; keeping row i
     * of C in the innermost loop touches each row of C once. */
    for (int i = 0; i < a->cols; i++)
        for (int p = 0; p < a->rows; p++)
            add_scaled_row(mat_row(c, i), mat_get(a, p, i), mat_row(b, p),
                           b->cols);
}

int mat_argmax_row(const mat *m, int i)
{
    const float *row = mat_row(m, i);
    int best = 0;
    for (int j = 1; j < m->cols; j++)
        if (row[j] > row[best])
            best = j;
    return best;
}
