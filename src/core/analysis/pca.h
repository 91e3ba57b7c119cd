/* pca.h - principal component analysis: the best linear code.
 *
 * Of all ways to code d-dimensional data with m numbers by a linear map,
 * and to decode it by another, projecting onto the m directions of largest
 * variance loses the least in squared error. Those directions are the
 * eigenvectors of the covariance matrix with the largest eigenvalues.
 *
 * Dimensions: n = examples, d = features, m = components kept (the size
 * of the code).
 *
 *     pca p;
 *     pca_fit(&p, &train_x, 64, &r);          // the 64 leading directions
 *     pca_encode(&p, &x, &codes, 16);         // n x 16 codes ...
 *     pca_decode(&p, &codes, &x_back, 16);    // ... and back to n x d
 */
#ifndef KIT_PCA_H
#define KIT_PCA_H

#include "core/learn/mat.h"
#include "core/learn/rng.h"

typedef struct pca {
    mat mean;       /* 1 x d: the mean of the data */
    mat components; /* m x d: orthonormal rows, by decreasing variance */
    mat variances;  /* 1 x m: the variance of the data along each */
} pca;

/* Fits the m leading components of the rows of x (n x d), m <= d, by
 * orthogonal iteration on the covariance matrix. */
void pca_fit(pca *p, const mat *x, int m, rng *r);

/* codes (n x m) = (x - mean) times the first m components, transposed. */
void pca_encode(const pca *p, const mat *x, mat *codes, int m);

/* x (n x d) = codes (n x m) times the first m components, plus the mean. */
void pca_decode(const pca *p, const mat *codes, mat *x, int m);

void pca_free(pca *p);

#endif
