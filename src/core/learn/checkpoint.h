/* checkpoint.h - a network's trained layers, saved to a file and loaded
 * back.
 *
 * Chapters that train an encoder save it; a later chapter loads it to
 * build on what it learned. A checkpoint holds the first `layers` layers
 * of a `net`: their shapes and activations, then their weights and biases.
 * The format, every number little-endian, 4 bytes each:
 *
 *     magic       "RLCK"
 *     version     1
 *     L           layers, 1 .. NET_MAX_LAYERS
 *     sizes       L + 1 of them: the features into layer 0, ..., out of L-1
 *     activations L of them: 0 linear, 1 ReLU, 2 sigmoid (net_activation)
 *     weights     for each layer, W (sizes[l] x sizes[l+1], row by row)
 *                 then b (sizes[l+1]), as IEEE-754 float32
 *     checksum    the CRC-32 of every byte before it (zlib's crc32)
 *
 * A checkpoint is written whole or not at all (outfile.h). Loading trusts
 * nothing it has not checked: a missing, truncated, over-long, corrupt or
 * wrong-version file, or one whose layers do not fit the network it is
 * loaded into, is refused with a message that says which, never crashed
 * on and never half-loaded.
 *
 *     // chapter 06, after training: the encoder is the first 2 layers
 *     if (checkpoint_save(&model, 2, "build/checkpoints/ch06.ckpt") != 0)
 *         die("%s", error_message());
 *
 *     // chapter 07: the same 2 layers, then a new head
 *     net_create(&model, 3, sizes, acts, batch, &r);
 *     if (checkpoint_load(&model, 2, "build/checkpoints/ch06.ckpt") != 0)
 *         die("%s", error_message());
 */
#ifndef KIT_CHECKPOINT_H
#define KIT_CHECKPOINT_H

#include "core/learn/net.h"

#define CHECKPOINT_VERSION 1

/* Saves the first `layers` layers of model to path. 0, or -1 with a
 * message. */
int checkpoint_save(const net *model, int layers, const char *path);

/* The same for layers kept outside a net (chapter 02 builds its own): W[l]
 * (sizes[l] x sizes[l + 1]) and b[l] (1 x sizes[l + 1]) of each layer,
 * and the activation after it. */
int checkpoint_save_layers(int layers, const mat *const *W,
                           const mat *const *b, const net_activation *act,
                           const char *path);

/* Loads a checkpoint of exactly `layers` layers into the first `layers`
 * layers of model, whose sizes and activations must match the file's.
 * 0, or -1 with a message; on -1 the model is unchanged. */
int checkpoint_load(net *model, int layers, const char *path);

#endif
