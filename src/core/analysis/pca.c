/* pca.c - the covariance, orthogonal iteration and a small Jacobi solver.
 *
 * Dimensions: n = examples, d = features, m = components wanted. The
 * iteration turns `directions` directions, the m wanted plus a few more,
 * which speeds up convergence.
 */
#include "pca.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/infra/error.h"

#define EXTRA_DIRECTIONS 8
#define ITERATIONS 60
#define CHUNK 1024 /* rows of the data centred at a time */

static void column_means(mat *mean, const mat *x)
{
    mat_fill(mean, 0);
    for (int i = 0; i < x->rows; i++)
        for (int j = 0; j < x->cols; j++)
            mean->data[j] += mat_get(x, i, j);
    for (int j = 0; j < x->cols; j++)
        mean->data[j] /= (float)(x->rows > 0 ? x->rows : 1);
}

/* The d x d covariance (x - mean)^T (x - mean) / n, a chunk of centred
 * rows at a time, so the data is never copied whole. */
static mat covariance(const mat *x, const mat *mean)
{
    int d = x->cols;
    mat cov = mat_create(d, d), chunk = mat_create(CHUNK, d);
    for (int first = 0; first < x->rows; first += CHUNK) {
        int rows = x->rows - first < CHUNK ? x->rows - first : CHUNK;
        mat part = mat_rows(&chunk, 0, rows);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < d; j++)
                mat_set(&part, i, j, mat_get(x, first + i, j) - mean->data[j]);
        mat_mul_add_at(&cov, &part, &part);
    }
    for (size_t i = 0; i < mat_size(&cov); i++)
        cov.data[i] /= (float)(x->rows > 0 ? x->rows : 1);
    mat_free(&chunk);
    return cov;
}

//> jacobi
/* Eigenvalues (on the diagonal of a, in place) and eigenvectors (the rows
 * of v) of a small symmetric size x size matrix, by Jacobi's method: each
 * rotation zeroes one off-diagonal pair, and sweeps repeat until none is
 * left. */
static void jacobi(double *a, double *v, int size)
{
    for (int i = 0; i < size * size; i++)
        v[i] = i % (size + 1) == 0;
    for (int sweep = 0; sweep < 100; sweep++) {
        double off = 0;
        for (int i = 0; i < size; i++)
            for (int j = i + 1; j < size; j++)
                off += a[i * size + j] * a[i * size + j];
        if (off < 1e-22)
            return;
        for (int i = 0; i < size; i++)
            for (int j = i + 1; j < size; j++) {
                if (fabs(a[i * size + j]) < 1e-300)
                    continue;
                /* The angle that makes entry (i, j) zero. */
                double theta = (a[j * size + j] - a[i * size + i]) /
                               (2 * a[i * size + j]);
                double t = (theta >= 0 ? 1 : -1) /
                           (fabs(theta) + sqrt(theta * theta + 1));
                double c = 1 / sqrt(t * t + 1), s = t * c;
                for (int k = 0; k < size; k++) { /* columns i and j */
                    double aki = a[k * size + i], akj = a[k * size + j];
                    a[k * size + i] = c * aki - s * akj;
                    a[k * size + j] = s * aki + c * akj;
                }
                for (int k = 0; k < size; k++) { /* rows i and j */
                    double aik = a[i * size + k], ajk = a[j * size + k];
                    a[i * size + k] = c * aik - s * ajk;
                    a[j * size + k] = s * aik + c * ajk;
                }
                for (int k = 0; k < size; k++) { /* and the eigenvectors */
                    double vik = v[i * size + k], vjk = v[j * size + k];
                    v[i * size + k] = c * vik - s * vjk;
                    v[j * size + k] = s * vik + c * vjk;
                }
            }
    }
}
//< jacobi

/* Rayleigh-Ritz: the best directions within the span of the rows of q,
 * by solving the small eigenproblem of q cov q^T; writes the m leading
 * ones, by decreasing variance, into p. */
static void best_in_span(pca *p, const mat *q, const mat *cov, int m)
{
    int directions = q->rows, d = q->cols;
    mat qc = mat_create(directions, d);
    mat small = mat_create(directions, directions);
    mat_mul_add(&qc, q, cov);
    mat_mul_add_bt(&small, &qc, q);
    double *a = kit_alloc((size_t)directions * directions, sizeof(double));
    double *v = kit_alloc((size_t)directions * directions, sizeof(double));
    for (int i = 0; i < directions * directions; i++)
        a[i] = small.data[i];
    jacobi(a, v, directions);
    int *order = kit_alloc((size_t)directions, sizeof(int));
    for (int i = 0; i < directions; i++)
        order[i] = i;
    for (int i = 1; i < directions; i++) /* insertion sort, largest first */
        for (int j = i; j > 0 && a[order[j] * (directions + 1)] >
                                     a[order[j - 1] * (directions + 1)];
             j--) {
            int swap = order[j];
            order[j] = order[j - 1];
            order[j - 1] = swap;
        }
    mat_fill(&p->components, 0);
    for (int c = 0; c < m; c++) {
        int e = order[c];
        p->variances.data[c] = (float)a[e * (directions + 1)];
        /* component c = sum over i of v[e][i] q_i */
        for (int i = 0; i < directions; i++)
            for (int j = 0; j < d; j++)
                mat_inc(&p->components, c, j,
                        (float)v[e * directions + i] * mat_get(q, i, j));
    }
    free(a);
    free(v);
    free(order);
    mat_free(&qc);
    mat_free(&small);
}

void pca_fit(pca *p, const mat *x, int m, rng *r)
{
    int d = x->cols;
    CHECK(m >= 1 && m <= d, "%d components of %d features", m, d);
    int directions = m + EXTRA_DIRECTIONS < d ? m + EXTRA_DIRECTIONS : d;
    p->mean = mat_create(1, d);
    p->components = mat_create(m, d);
    p->variances = mat_create(1, m);
    column_means(&p->mean, x);
    mat cov = covariance(x, &p->mean);

    /* Orthogonal iteration: multiply the directions by the covariance and
     * make them orthonormal again; they turn towards the leading ones. */
    mat q = mat_create(directions, d), next = mat_create(directions, d);
    for (size_t i = 0; i < mat_size(&q); i++)
        q.data[i] = rng_normal(r);
    mat_orthonormalize_rows(&q);
    for (int it = 0; it < ITERATIONS; it++) {
        mat_fill(&next, 0);
        mat_mul_add(&next, &q, &cov); /* = (cov q^T)^T: cov is symmetric */
        mat_orthonormalize_rows(&next);
        mat swap = q;
        q = next;
        next = swap;
    }
    best_in_span(p, &q, &cov, m);
    mat_free(&q);
    mat_free(&next);
    mat_free(&cov);
}

void pca_encode(const pca *p, const mat *x, mat *codes, int m)
{
    CHECK(m <= p->components.rows && codes->cols == m &&
          codes->rows == x->rows, "codes %d x %d for %d rows, m = %d",
          codes->rows, codes->cols, x->rows, m);
    /* (x - mean) C^T = x C^T - mean C^T: no centred copy of x needed. */
    mat leading = mat_rows(&p->components, 0, m);
    mat offset = mat_create(1, m);
    mat_mul_add_bt(&offset, &p->mean, &leading);
    mat_fill(codes, 0);
    mat_mul_add_bt(codes, x, &leading);
    for (int i = 0; i < codes->rows; i++)
        for (int c = 0; c < m; c++)
            mat_inc(codes, i, c, -offset.data[c]);
    mat_free(&offset);
}

void pca_decode(const pca *p, const mat *codes, mat *x, int m)
{
    CHECK(m <= p->components.rows && codes->cols == m &&
          x->rows == codes->rows, "x %d x %d from codes %d x %d", x->rows,
          x->cols, codes->rows, codes->cols);
    for (int i = 0; i < x->rows; i++)
        memcpy(mat_row(x, i), p->mean.data, (size_t)x->cols * sizeof(float));
    mat leading = mat_rows(&p->components, 0, m);
    mat_mul_add(x, codes, &leading);
}

void pca_free(pca *p)
{
    mat_free(&p->mean);
    mat_free(&p->components);
    mat_free(&p->variances);
}
