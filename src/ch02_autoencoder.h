/* ch02_autoencoder.h - chapter 02: representations by reconstruction.
 *
 * An auto-encoder squeezes each image through a code of m numbers, far
 * fewer than its pixels, and rebuilds the image from the code alone:
 *     encoder  x (d) -> h1 = relu(x W1 + b1) (h) -> z = h1 W2 + b2 (m)
 *     decoder  z (m) -> h3 = relu(z W3 + b3) (h) -> x~ = sigmoid(h3 W4 + b4)
 * Trained on unlabelled images to make x~ close to x, it must keep in z
 * what matters about an image: z is a representation learned without
 * labels. The decoder, fed codes of our own, makes new images.
 *
 * Dimensions: n = images in a batch (or codes), d = pixels (784), h = hidden
 * units (256), m = code size (the bottleneck), G = codes along each side of
 * a grid.
 *
 * Exercises (you write them in exercises/ch02_autoencoder.c):
 *   ch02.1  recon_loss          mean squared error and its gradient
 *   ch02.2  encoder_forward     images to codes
 *   ch02.3  decoder_forward     codes to images
 *   ch02.4  ae_backward         the gradients of all the weights
 *   ch02.5  interpolate_codes   codes on the line between two codes
 *   ch02.6  code_grid           codes on a regular grid of the code plane
 * Given (src/ch02_autoencoder.c): the network and its training with Adam,
 * the comparison with PCA, and the pictures.
 *
 * Grade:  make grade CH=02
 * Run:    make run CH=02      (results in build/data/ch02/)
 * Plot:   make plots CH=02    (figures in build/plots/)
 */
#ifndef CH02_AUTOENCODER_H
#define CH02_AUTOENCODER_H

#include "core/datasets/idx.h"
#include "core/infra/error.h"
#include "core/infra/exercise.h"
#include "core/infra/history.h"
#include "core/learn/mat.h"
#include "core/learn/optim.h"
#include "core/learn/rng.h"

typedef struct autoencoder {
    int d, h, m; /* pixels, hidden units, code size */
    int batch;   /* rows the activations have room for */
    int rows;    /* rows of the last forward pass */
    params p;    /* the eight parameter matrices below, in one block */
    mat W1, b1, W2, b2; /* encoder: d x h, 1 x h, h x m, 1 x m */
    mat W3, b3, W4, b4; /* decoder: m x h, 1 x h, h x d, 1 x d */
    mat dW1, db1, dW2, db2, dW3, db3, dW4, db4; /* their gradients */
    /* Activations, batch rows each; the forward passes fill the first
     * `rows` rows. */
    mat pre1, h1, z;          /* batch x h, batch x h, batch x m */
    mat pre3, h3, pre4, xhat; /* batch x h, batch x h, batch x d (twice) */
    /* Their gradients, the same shapes. */
    mat dpre1, dh1, dz, dpre3, dh3, dpre4, dxhat;
} autoencoder;

/* The first ae->rows rows of one of the network's activation matrices:
 * the part that the last forward pass filled. */
static inline mat ae_rows(const autoencoder *ae, const mat *activation)
{
    CHECK(ae->rows >= 0 && ae->rows <= activation->rows,
          "ae->rows is %d, not a batch of 0 to %d rows: the forward passes "
          "set ae->rows to the batch's rows first", ae->rows,
          activation->rows);
    return mat_rows(activation, 0, ae->rows);
}

/* ---- Exercises -------------------------------------------------------- */

/* ch02.1 - Reconstruction error: the mean squared error, and its gradient.
 *
 * xhat, x: n x d. Returns
 *     L = 1/(n d) * sum over i, j of (xhat[i][j] - x[i][j])^2,
 * the mean over every pixel of every image (0 when n = 0), and sets
 * (overwrites) dxhat[i][j] = 2 (xhat[i][j] - x[i][j]) / (n d).
 *
 * Hint: accumulate the sum in a double; n d can be 50,000 terms.
 */
float recon_loss(mat *dxhat, const mat *xhat, const mat *x) WRITES(dxhat);

/* ch02.2 - The encoder: images x (n x d, n <= ae->batch) to codes.
 *
 * Sets ae->rows = n, then, on the first n rows of each activation:
 *     pre1 = x W1 + b1,   h1 = relu(pre1),   z = h1 W2 + b2.
 * The code layer is linear: no activation after W2.
 *
 * Hint: mat pre1 = ae_rows(ae, &ae->pre1); gives the n rows to fill; the
 * kit's nn_dense_forward and nn_relu_forward (src/core/learn/nn.h) do the rest.
 */
void encoder_forward(autoencoder *ae, const mat *x)
    WRITES(ae->rows, ae->pre1, ae->h1, ae->z);

/* ch02.3 - The decoder: codes z (n x m, n <= ae->batch) to images.
 *
 * Sets ae->rows = n, then, on the first n rows of each activation:
 *     pre3 = z W3 + b3,   h3 = relu(pre3),
 *     pre4 = h3 W4 + b4,  xhat = sigmoid(pre4),
 * so every pixel of xhat is in [0, 1], like the images. z may be the
 * encoder's own code (ae_rows(ae, &ae->z)) or codes you make.
 *
 * Hint: nn_sigmoid_forward is in src/core/learn/nn.h too.
 */
void decoder_forward(autoencoder *ae, const mat *z)
    WRITES(ae->rows, ae->pre3, ae->h3, ae->pre4, ae->xhat);

/* ch02.4 - Back-propagation through the whole auto-encoder.
 *
 * Called after encoder_forward(ae, x), decoder_forward on the encoder's
 * code, and recon_loss, which left the gradient of the loss in the first
 * rows of ae->dxhat. Adds the gradient of the loss with respect to every
 * parameter to ae->dW1 ... ae->db4 (the caller clears them first), going
 * back layer by layer:
 *     dpre4 from dxhat (sigmoid),  dW4, db4, dh3 (dense),
 *     dpre3 from dh3 (relu),       dW3, db3, dz  (dense),
 *     dW2, db2, dh1 from dz (dense),
 *     dpre1 from dh1 (relu),       dW1, db1      (dense; no dx needed).
 * The activation gradients are yours to clear before you add to them.
 *
 * Hint: nn_sigmoid_backward takes the sigmoid's output (xhat), the ReLU's
 * backward its input (pre3, pre1); nn_dense_backward accepts NULL for dx.
 */
void ae_backward(autoencoder *ae, const mat *x)
    WRITES(ae->p.grads, ae->dpre1, ae->dh1, ae->dz, ae->dpre3, ae->dh3,
           ae->dpre4);

/* ch02.5 - Codes on the straight line from code za to code zb.
 *
 * codes: n x m, za and zb: m numbers each. Row s becomes
 *     (1 - t) za + t zb,   t = s / (n - 1),
 * so the first row is za and the last zb; a single row (n = 1) is za.
 *
 * Hint: decoding these rows shows what lies "between" two images.
 */
void interpolate_codes(mat *codes, const float *za, const float *zb)
    WRITES(codes) SIZES(za[codes->cols], zb[codes->cols]);

/* ch02.6 - A regular G x G grid over a rectangle of the 2-D code plane.
 *
 * codes: (G * G) x 2, G >= 2. Row i * G + j (grid row i, column j) becomes
 *     z1 = lo1 + (hi1 - lo1) j / (G - 1),
 *     z2 = hi2 - (hi2 - lo2) i / (G - 1),
 * so that grid row i = 0 is the top of a picture (largest z2) and z1 grows
 * to the right, as in a plot.
 *
 * Hint: two loops, over i and then j.
 */
void code_grid(mat *codes, int G, float lo1, float hi1, float lo2,
               float hi2) WRITES(codes);

/* ---- Given: the network and its training -------------------------------- */

/* A d -> h -> m -> h -> d auto-encoder with room for batches of `batch`
 * rows; weights He-initialised, biases zero. */
void ae_create(autoencoder *ae, int d, int h, int m, int batch, rng *r);
void ae_free(autoencoder *ae);

/* One Adam step on a batch x (n x d, n <= batch); returns its loss. */
float ae_train_step(autoencoder *ae, adam *opt, const mat *x);

/* The reconstruction error of x (any number of rows), a batch at a time. */
float ae_test_error(autoencoder *ae, const mat *x);

/* codes (n x m) of the images x (n x d), a batch at a time. */
void ae_encode(autoencoder *ae, const mat *x, mat *codes);

/* images (n x d) decoded from codes (n x m), a batch at a time. */
void ae_decode(autoencoder *ae, const mat *codes, mat *images);

/* Saves the encoder, d -> h (ReLU) -> m (linear), as a checkpoint of two
 * layers (core/learn/checkpoint.h) for chapter 07 to build on. 0, or -1
 * with a message. */
int ae_save_encoder(const autoencoder *ae, const char *path);

/* Saves the decoder, m -> h (ReLU) -> d (sigmoid), the same way, for
 * chapter 08 to draw images from codes it makes. */
int ae_save_decoder(const autoencoder *ae, const char *path);

/* ---- Given: the experiment -------------------------------------------- */

typedef struct ae_plan {
    int epochs;
    float lr;
    history *history; /* the columns of ae_history, or NULL */
} ae_plan;

/* A row per epoch: the code size m, the epoch, the train and test error. */
extern const history_column ae_history[4];

/* Trains ae on the rows of train for plan->epochs epochs with Adam and
 * mini-batches of ae->batch images in a fresh random order each epoch.
 * Records, for each epoch, the mean loss of its batches (measured while
 * the weights still change) and the test error after it. Returns the
 * final test error. */
float ae_train(autoencoder *ae, const ae_plan *plan, const mat *train,
               const mat *test, rng *r);

#endif
