/* ch03_masking.h - chapter 03: self-supervision with a masking pretext task.
 *
 * Self-supervised learning cooks its labels out of the data: hide part of
 * each example and ask a model to predict it from the rest. To fill the
 * holes, the model has to learn what images (or sentences) are like, and
 * its hidden layers become a representation. This module hides square
 * patches of Fashion-MNIST images, trains a masked auto-encoder to paint
 * them back, measures how much better than a blind guess it paints, and
 * how useful its hidden layer is to a linear classifier. It also makes the
 * training pairs of language models from a sentence.
 *
 * Dimensions: n = images in a batch, d = pixels (784), h = hidden units,
 * n_p = patches of an image, T = tokens of a sequence, n_ctx = context
 * length.
 *
 * Exercises (you write them in exercises/ch03_masking.c):
 *   ch03.1  patch_mask          choose the patches to hide
 *   ch03.2  apply_mask          the model's input: masked pixels and mask
 *   ch03.3  masked_loss         squared error on the hidden pixels only
 *   ch03.4  next_token_pairs    (context, next token) pairs of a sequence
 *   ch03.5  mask_tokens         hide tokens for a masked language model
 * Given (src/ch03_masking.c): the masked auto-encoder and its training, the
 * baseline, the linear probes and the pictures.
 *
 * Grade:  make grade CH=03
 * Run:    make run CH=03      (results in build/data/ch03/)
 * Plot:   make plots CH=03    (figures in build/plots/)
 */
#ifndef CH03_MASKING_H
#define CH03_MASKING_H

#include "core/datasets/idx.h"
#include "core/infra/exercise.h"
#include "core/infra/history.h"
#include "core/learn/mat.h"
#include "core/learn/net.h"
#include "core/learn/rng.h"

/* ---- Exercises -------------------------------------------------------- */

/* ch03.1 - Choose which patches of an image to hide.
 *
 * The side x side image (side a multiple of patch) is cut into
 * n_p = (side / patch)^2 square patches of patch x patch pixels. Choose
 * exactly round(ratio * n_p) of them (0 <= ratio <= 1; halves round up),
 * every such choice equally likely, using r for all randomness, so that
 * the same seed gives the same mask. Set mask[y * side + x] to 1 for every
 * pixel of a hidden patch and to 0 for every other pixel.
 *
 * Hint: put the n_p patch numbers in an array, shuffle it (rng_shuffle) and
 * hide the first ones; lroundf rounds halves away from zero.
 */
void patch_mask(float *mask, int side, int patch, float ratio, rng *r)
    WRITES(mask, r) SIZES(mask[side * side]);

/* ch03.2 - The input of the masked auto-encoder.
 *
 * x, mask: n x d (mask entries 0 or 1); input: n x 2d. For each row i and
 * pixel j:
 *     input[i][j]     = fill if mask[i][j] is 1, else x[i][j]
 *     input[i][d + j] = mask[i][j]
 * so the model sees what is left of the image and where the holes are (a
 * hidden pixel and a pixel that is really `fill` would look the same
 * without the second half).
 *
 * Hint: one loop over rows, one over pixels.
 */
void apply_mask(mat *input, const mat *x, const mat *mask, float fill)
    WRITES(input);

/* ch03.3 - Reconstruction error on the hidden pixels only.
 *
 * xhat, x, mask: n x d. With |M| the number of entries where mask is 1,
 * returns
 *     L = 1/|M| * sum over hidden (i, j) of (xhat[i][j] - x[i][j])^2
 * (0 when |M| = 0) and sets (overwrites) dxhat[i][j] to
 *     2 (xhat[i][j] - x[i][j]) / |M|   where mask[i][j] is 1,
 *     0                               where it is 0:
 * the visible pixels are not part of the task.
 *
 * Hint: count |M| first, or sum and count in one pass and scale after.
 */
float masked_loss(mat *dxhat, const mat *xhat, const mat *x,
                  const mat *mask) WRITES(dxhat);

/* ch03.4 - The training pairs of a language model.
 *
 * tokens: T = length token ids. For every position t (0 .. T-1), pair t
 * is the context of the n_ctx tokens before t and the target tokens[t]:
 *     contexts[t * n_ctx + j] = tokens[t - n_ctx + j],
 *         or pad where t - n_ctx + j < 0      (j = 0 .. n_ctx-1)
 *     targets[t] = tokens[t]
 * so a sentence of T words gives T pairs, the first one predicting the
 * first word from pads alone.
 *
 * Hint: the context of pair t ends just before t.
 */
void next_token_pairs(int *contexts, int *targets, const int *tokens,
                      int length, int n_ctx, int pad)
    WRITES(contexts, targets)
    SIZES(contexts[length * n_ctx], targets[length], tokens[length]);

/* ch03.5 - Hide tokens for a masked language model.
 *
 * Choose exactly round(fraction * T) of the T = length positions, every
 * such choice equally likely (using r). Then for every position t:
 *     inputs[t]  = mask_id and targets[t] = tokens[t]   if t was chosen,
 *     inputs[t]  = tokens[t] and targets[t] = ignore    otherwise.
 * Returns the number of positions chosen.
 *
 * Hint: the same choice as in patch_mask, with tokens for patches.
 */
int mask_tokens(int *inputs, int *targets, const int *tokens, int length,
                float fraction, int mask_id, int ignore, rng *r)
    WRITES(inputs, targets, r)
    SIZES(inputs[length], targets[length], tokens[length]);

/* ---- Given: the experiment -------------------------------------------- */

#define MAE_FILL 0.0f /* what a hidden pixel is replaced by */

/* The masks of n images (n x d), each drawn with patch_mask. */
void draw_masks(mat *masks, int side, int patch, float ratio, rng *r);

/* The masked auto-encoder: 2d -> h -> h -> h -> d, ReLU, then a sigmoid;
 * the output of its second layer is the representation probed. */
void mae_create(net *model, int d, int h, int batch, rng *r);

typedef struct mae_plan {
    int epochs;
    float lr, ratio;
    int side, patch;
    history *history; /* the columns of mae_history, or NULL */
} mae_plan;

/* A row per epoch: the ratio hidden, the epoch, the mean training loss
 * and the test error. */
extern const history_column mae_history[4];

/* Trains the masked auto-encoder with Adam, fresh masks for every batch;
 * returns its masked-pixel error on test, under the fixed test_masks. */
float mae_train(net *model, const mae_plan *plan, const mat *train,
                const mat *test, const mat *test_masks, rng *r);

/* The masked-pixel error of the network on x under masks. */
float mae_error(net *model, const mat *x, const mat *masks);

/* The images x (at most model->batch of them) as the network paints them
 * back under masks: its guesses in the holes, the rest as it was. */
void mae_paint(net *model, const mat *x, const mat *masks, mat *painted);

/* The error of guessing each hidden pixel by the mean of that pixel over
 * the training images: the baseline any model must beat. */
float mean_fill_error(const mat *train, const mat *x, const mat *masks);

/* The output of layer `layer` for the images x, unmasked (the mask half
 * of the input all zeros): features (n x model->sizes[layer + 1]). */
void mae_features(net *model, const mat *x, int layer, mat *features);

/* Saves the first two layers, the ones that make the representation, as
 * a checkpoint (core/learn/checkpoint.h) for chapter 07 to build on. On
 * a whole image the mask half of the input is all zeros, so only the
 * first d rows of the first layer's weights ever count: the checkpoint
 * keeps those, an encoder d -> h (ReLU) -> h (ReLU) of plain images.
 * 0, or -1 with a message. */
int mae_save_encoder(const net *model, const char *path);

#endif
