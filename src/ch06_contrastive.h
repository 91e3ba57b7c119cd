/* ch06_contrastive.h - chapter 06: contrastive learning.
 *
 * Two random views of one image should get representations that point the
 * same way, and views of different images should not. SimCLR (Chen,
 * Kornblith, Norouzi and Hinton, 2020) turns that into a loss: an encoder
 * gives each view its representation, a small projection head maps it to
 * the space where the loss is computed, and the NT-Xent loss asks each
 * view to pick out its partner among all the other views of the batch.
 * No labels are used; a linear probe and a k-nearest-neighbour vote then
 * measure how much of the classes the representation holds.
 *
 * Dimensions: n = images in a batch (2n views), d = pixels (784),
 * h = hidden units, m = size of the representation, c = classes,
 * N = images of a data set.
 *
 * Exercises (you write them in exercises/ch06_contrastive.c):
 *   ch06.1  flip_and_shift            an augmentation: mirror, then move
 *   ch06.2  normalize_rows            each row scaled to length 1
 *   ch06.3  normalize_rows_backward   the gradient through that scaling
 *   ch06.4  cosine_similarities       the cosines of every pair of rows
 *   ch06.5  nt_xent                   the contrastive loss and its gradient
 *   ch06.6  alignment_uniformity      Wang and Isola's two measures
 *   ch06.7  knn_vote                  the class k nearest neighbours vote for
 * Given (src/ch06_contrastive.c): the other augmentations, the network and
 * its training, and the k-nearest-neighbour accuracy.
 *
 * Grade:  make grade CH=06
 * Run:    make run CH=06      (results in build/data/ch06/)
 * Plot:   make plots CH=06    (figures in build/plots/)
 */
#ifndef CH06_CONTRASTIVE_H
#define CH06_CONTRASTIVE_H

#include "core/infra/exercise.h"
#include "core/infra/history.h"
#include "core/learn/mat.h"
#include "core/learn/net.h"
#include "core/learn/rng.h"

/* The products (a dense layer is one too) would compute the cosines, the
 * softmax's kit functions most of NT-Xent, and the kit's normalisation
 * two exercises whole. */
EXERCISES_MAY_NOT_CALL(mat_mul_add, mat_mul_add_bt, mat_mul_add_at,
                       nn_dense_forward, nn_dense_backward,
                       nn_softmax_forward, nn_softmax_xent_forward,
                       nn_softmax_xent_backward, nn_normalize_rows,
                       nn_normalize_rows_backward)

/* ---- Exercises -------------------------------------------------------- */

/* ch06.1 - Mirror an image left to right (when flip is 1), then move it dx
 * pixels right and dy pixels down.
 *
 * image and out are side x side, row after row: pixel (x, y) at
 * [y * side + x]. out(x, y) = image(x', y - dy), where x' = x - dx, or
 * side - 1 - (x - dx) when flip is 1; pixels that come from outside the
 * image are 0. dx and dy may be negative (left, up). out and image do not
 * overlap.
 */
void flip_and_shift(float *out, const float *image, int side, int flip,
                    int dx, int dy)
    WRITES(out) SIZES(out[side * side], image[side * side]);

/* ch06.2 - Scale each row of x to length 1.
 *
 * x, y: rows x cols. For each row i, norms[i] = |x_i| (the Euclidean
 * length) and y_i = x_i / max(|x_i|, 1e-12), so that a row of zeros stays
 * zeros. y may be x itself (in place).
 */
void normalize_rows(mat *y, float *norms, const mat *x)
    WRITES(y, norms) SIZES(norms[x->rows]);

/* ch06.3 - The gradient through normalize_rows.
 *
 * Given y and norms from normalize_rows and dy = dL/dy (rows x cols),
 * ADDS dL/dx to dx:
 *     dx_i += (dy_i - (dy_i . y_i) y_i) / max(norms[i], 1e-12).
 * (Only the part of dy_i across y_i survives: moving along y_i does not
 * change y_i's direction.)
 */
void normalize_rows_backward(mat *dx, const mat *dy, const mat *y,
                             const float *norms)
    WRITES(dx) SIZES(norms[y->rows]);

/* ch06.4 - The cosine similarity of every pair of rows of z.
 *
 * z: rows x cols; s: rows x rows. s[i][j] = z_i . z_j / (|z_i| |z_j|), or
 * 0 when either row is all zeros. s is symmetric, with 1 on the diagonal
 * for every non-zero row.
 */
void cosine_similarities(mat *s, const mat *z) WRITES(s);

/* ch06.5 - The NT-Xent loss of 2n views and its gradient.
 *
 * z: 2n x m, each row of length 1; rows i and i + n are the two views of
 * one image. With s_ij = z_i . z_j / tau, each row i (an anchor) is scored
 * by how well it picks out its partner p(i) among the 2n - 1 other rows:
 *     loss_i = -log( exp(s_i,p(i)) / sum over j != i of exp(s_ij) ).
 * Returns the mean of loss_i over all 2n anchors (0 when n = 0) and
 * OVERWRITES dz (2n x m) with the gradient of that mean with respect to z.
 * Must stay finite for tau as small as 0.05.
 *
 * Hint: with P_ij the softmax of row i over j != i, and Delta_ij =
 * (P_ij - [j = p(i)]) / (2n tau) (Delta_ii = 0), dz = (Delta + Delta^T) z.
 * Subtract each row's largest s_ij before exp.
 */
float nt_xent(mat *dz, const mat *z, float tau) WRITES(dz);

/* ch06.6 - How close the two views of an image are, and how evenly the
 * images spread over the sphere (Wang and Isola, 2020).
 *
 * z: 2n x m, rows of length 1, rows i and i + n the views of one image.
 *     alignment  = mean over i < n of |z_i - z_{i+n}|^2
 *     uniformity = log( mean over i < j < n of exp(-2 |z_i - z_j|^2) )
 * (uniformity over the first views only, so that no pair of views of one
 * image counts). Both 0 when there are too few rows for the mean.
 */
void alignment_uniformity(float *alignment, float *uniformity, const mat *z)
    WRITES(alignment, uniformity) SIZES(alignment[1], uniformity[1]);

/* ch06.7 - The class the k nearest neighbours of a point vote for.
 *
 * similarities[j] is how similar the point is to reference j (larger is
 * nearer), labels[j] in 0 .. classes - 1 is reference j's class, for j <
 * count; 1 <= k <= count. The k references with the largest similarities
 * (on a tie, the lower j first) vote, one vote each; the class with the
 * most votes wins, and a tie between classes goes to the one whose
 * nearest voter is nearer.
 *
 * Hint: keep the best k seen so far in a small sorted array; most
 * references are not better than its last entry.
 */
int knn_vote(const float *similarities, const int *labels, int count, int k,
             int classes)
    WRITES() SIZES(similarities[count], labels[count]);

/* ---- Given: augmentations --------------------------------------------- */

#define SIDE 28 /* Fashion-MNIST images are SIDE x SIDE pixels */

/* What makes the two views of an image differ. */
typedef struct augmentations {
    float crop;  /* smallest side of a crop, as a share of the image (1:
                    no cropping); the crop is stretched back to full size */
    int flip;    /* 1: mirror left to right half the time */
    int shift;   /* move by up to this many pixels each way */
    float jitter; /* how much the grey levels change: gain and gamma
                     (0: none) */
    float noise; /* standard deviation of the pixel noise (0: none) */
    int erase;   /* 1: blank a random box half the time */
} augmentations;

/* The augmentations of the chapter's main run. */
extern const augmentations default_augmentations;

/* A random view of one SIDE x SIDE image: every draw comes from r, so the
 * same seed gives the same view. */
void augment_image(float *out, const float *image, const augmentations *a,
                   rng *r);

/* Two views of each of the n images of x: rows i and i + n of views
 * (2n x d) are the two views of image i. */
void make_views(mat *views, const mat *x, const augmentations *a, rng *r);

/* ---- Given: the network and its training ------------------------------ */

/* The encoder d -> h (ReLU) -> m (linear) gives the representation, the
 * output of layer REPRESENTATION_LAYER; the head m -> m (ReLU) -> head
 * (linear) maps it into the space of the loss. batch is in views (2n). */
#define REPRESENTATION_LAYER 1
void contrastive_create(net *model, int d, int h, int m, int head, int batch,
                        rng *r);

typedef struct contrastive_plan {
    int epochs;
    float lr, tau;
    augmentations augment;
    history *history; /* the columns of contrastive_history, or NULL */
    const mat *watch; /* images whose views are measured each epoch */
} contrastive_plan;

/* A row per epoch: the epoch, the mean training loss, and the alignment
 * and uniformity of the watched images' views. */
extern const history_column contrastive_history[4];

/* Trains with Adam on batches of model->batch / 2 images of train;
 * returns the mean loss of the last epoch. */
float contrastive_train(net *model, const contrastive_plan *plan,
                        const mat *train, rng *r);

/* The representations (N x m) of the images x (N x d). */
void contrastive_features(net *model, const mat *x, mat *features);

/* The projections of two views of each watched image, normalised, and
 * their alignment and uniformity. */
void contrastive_measure(net *model, const mat *x, const augmentations *a,
                         rng *r, float *alignment, float *uniformity);

/* The cosine similarities (2n x 2n) of the projections of two views of
 * each of the n images x: rows and columns i and i + n are image i's. */
void contrastive_similarities(net *model, const mat *x,
                              const augmentations *a, rng *r, mat *s);

/* The share of test rows whose k nearest train rows (by cosine) vote for
 * their own label, in [0, 1]. */
float knn_accuracy(const mat *train, const int *train_labels,
                   const mat *test, const int *test_labels, int k,
                   int classes);

#endif
