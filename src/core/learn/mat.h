/* mat.h - the kit's one matrix type: a row-major block of floats.
 *
 * Dimensions: a matrix has `rows` x `cols` entries; entry (i, j) sits at
 * data[i * cols + j], so each row is contiguous. A batch of n examples with
 * d features each is an n x d matrix, one example per row.
 *
 * A mat either owns its memory (mat_create, released by mat_free) or is a
 * view of memory owned elsewhere (mat_view, mat_rows): views are never freed.
 *
 * The three products are everything a dense layer needs:
 *     forward   Y  = X W       mat_mul_add(Y, X, W)      (n x d)(d x h)
 *     backward  dX = dY W^T    mat_mul_add_bt(dX, dY, W) (n x h)(h x d)
 *               dW = X^T dY    mat_mul_add_at(dW, X, dY) (d x n)(n x h)
 * Each one *adds* its result to C, so gradients can accumulate; clear C
 * with mat_fill(C, 0) first for a plain product. C must not overlap A or B.
 */
#ifndef KIT_MAT_H
#define KIT_MAT_H

#include <stddef.h>

typedef struct mat {
    int rows, cols;
    float *data; /* rows * cols floats, row after row */
} mat;

/* A new zero-filled matrix that owns its memory. */
mat mat_create(int rows, int cols);

/* Releases the memory of a matrix made by mat_create. */
void mat_free(mat *a);

/* A matrix that looks at rows * cols floats owned by someone else. */
mat mat_view(float *data, int rows, int cols);

/* A view of `count` consecutive rows starting at row `first`. */
mat mat_rows(const mat *a, int first, int count);

static inline size_t mat_size(const mat *a)
{
    return (size_t)a->rows * (size_t)a->cols;
}

static inline float *mat_row(const mat *a, int i)
{
    return a->data + (size_t)i * (size_t)a->cols;
}

static inline float mat_get(const mat *a, int i, int j)
{
    return a->data[(size_t)i * (size_t)a->cols + (size_t)j];
}

static inline void mat_set(mat *a, int i, int j, float value)
{
    a->data[(size_t)i * (size_t)a->cols + (size_t)j] = value;
}

/* Adds value to entry (i, j): the += beside mat_get and mat_set. */
static inline void mat_inc(mat *a, int i, int j, float value)
{
    a->data[(size_t)i * (size_t)a->cols + (size_t)j] += value;
}

void mat_fill(mat *a, float value);

/* Copies src into dst; both must have the same shape. */
void mat_copy(mat *dst, const mat *src);

/* C += A B,   A is rows x inner, B is inner x cols, C is rows x cols. */
void mat_mul_add(mat *c, const mat *a, const mat *b);

/* C += A B^T, A is rows x inner, B is cols x inner, C is rows x cols. */
void mat_mul_add_bt(mat *c, const mat *a, const mat *b);

/* C += A^T B, A is inner x rows, B is inner x cols, C is rows x cols. */
void mat_mul_add_at(mat *c, const mat *a, const mat *b);

/* The column index of the largest entry of row i (the first on ties). */
int mat_argmax_row(const mat *a, int i);

/* Makes the rows of q orthonormal, one after the other (Gram-Schmidt, in
 * its stable "modified" order). A square matrix of random normal entries
 * made orthonormal is a random rotation (or reflection). */
void mat_orthonormalize_rows(mat *q);

#endif
