/* ch06_contrastive.c - the exercises of chapter 06 (contracts in
 * ch06_contrastive.h).
 *
 * Dimensions: n = images in a batch (2n views), m = size of a
 * representation.
 *
 * Write each function between its TODO line and the closing brace, then run
 * make grade CH=06. The experiment (make run CH=06) trains with your code.
 * Make any helper function you add static, so that its name cannot clash
 * with a function of the kit.
 */
#include "ch06_contrastive.h"

#include <math.h>
#include <stdlib.h>

#include "core/infra/error.h"

//> flip-and-shift
void flip_and_shift(float *out, const float *image, int side, int flip,
                    int dx, int dy)
{
    // TODO(ch06.1): write this (then delete this line).
    (void)out, (void)image, (void)side, (void)flip, (void)dx, (void)dy;
}
//< flip-and-shift

//> normalize-rows
void normalize_rows(mat *y, float *norms, const mat *x)
{
    // TODO(ch06.2): write this (then delete this line).
    (void)y, (void)norms, (void)x;
}
//< normalize-rows

//> normalize-rows-backward
void normalize_rows_backward(mat *dx, const mat *dy, const mat *y,
                             const float *norms)
{
    // TODO(ch06.3): write this (then delete this line).
    (void)dx, (void)dy, (void)y, (void)norms;
}
//< normalize-rows-backward

//> cosine-similarities
void cosine_similarities(mat *s, const mat *z)
{
    // TODO(ch06.4): write this (then delete this line).
    (void)s, (void)z;
}
//< cosine-similarities

//> nt-xent
float nt_xent(mat *dz, const mat *z, float tau)
{
    // TODO(ch06.5): write this (then delete this line).
    (void)dz, (void)z, (void)tau;
    return 0.0f;
}
//< nt-xent

static float squared_distance(const mat *z, int i, int j)
{
    const float *a = mat_row(z, i), *b = mat_row(z, j);
    float sum = 0;
    for (int l = 0; l < z->cols; l++)
        sum += (a[l] - b[l]) * (a[l] - b[l]);
    return sum;
}

//> alignment-uniformity
void alignment_uniformity(float *alignment, float *uniformity, const mat *z)
{
    // TODO(ch06.6): write this (then delete this line).
    (void)squared_distance;
    *alignment = 0, *uniformity = 0;
    (void)z;
}
//< alignment-uniformity

//> knn-vote
int knn_vote(const float *similarities, const int *labels, int count, int k,
             int classes)
{
    // TODO(ch06.7): write this (then delete this line).
    (void)similarities, (void)labels, (void)count, (void)k;
    (void)classes;
    return -1;
}
//< knn-vote
