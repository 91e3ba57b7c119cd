/* autoencoder.h - chapter 02's auto-encoder, rebuilt on the kit's network:
 * the baseline later chapters hold their representations against.
 *
 * d -> h -> m -> h -> d, with ReLU, linear, ReLU and sigmoid layers, trained
 * with Adam on the mean squared error per pixel. The output of layer
 * BASELINE_CODE_LAYER is an image's code of m numbers.
 *
 *     net ae;
 *     baseline_autoencoder_create(&ae, 784, 256, 32, 64, &r);
 *     baseline_autoencoder_train(&ae, 10, 1e-3f, &train, &r);
 *     net_layer_outputs(&ae, &test, BASELINE_CODE_LAYER, &codes);
 */
#ifndef KIT_AUTOENCODER_H
#define KIT_AUTOENCODER_H

#include "core/learn/mat.h"
#include "core/learn/net.h"
#include "core/learn/rng.h"

#define BASELINE_CODE_LAYER 1

void baseline_autoencoder_create(net *model, int d, int h, int m, int batch,
                                 rng *r);

/* Trains on the images train (N x d, pixels in [0, 1]) in batches of
 * model->batch; returns the mean loss of the last epoch. */
float baseline_autoencoder_train(net *model, int epochs, float lr,
                                 const mat *train, rng *r);

#endif
