/* idx.h - image and label files in IDX format, as Fashion-MNIST ships.
 *
 * An IDX file is a big-endian header followed by the data, one byte each:
 *     images  magic 0x00000803, count, rows, cols, then the pixels
 *     labels  magic 0x00000801, count, then the labels
 * The files may be gzip-compressed (Debian's are) or plain; zlib reads
 * both. Every check that can fail - a missing or unreadable file, a wrong
 * magic number, strange dimensions, a file shorter or longer than its
 * header says, a label out of range - is reported, never crashed on.
 *
 *     image_set train;
 *     if (fashion_mnist_load(&train, "train") != 0)
 *         die("%s", error_message());
 *     // train.x: 60000 x 784 pixels in [0, 1], train.labels: 0..9
 */
#ifndef KIT_IDX_H
#define KIT_IDX_H

#include "core/learn/mat.h"

/* Reads an image file: images becomes count x (rows * cols), each pixel
 * scaled from 0..255 to [0, 1]. 0, or -1 with a message. */
int idx_read_images(const char *path, mat *images, int *rows, int *cols);

/* Reads a label file of labels in 0 .. classes-1 (an array the caller
 * frees) and their count. 0, or -1 with a message. */
int idx_read_labels(const char *path, int **labels, int *count,
                    int classes);

typedef struct image_set {
    mat x;          /* N x (rows * cols), pixels in [0, 1] */
    int *labels;    /* N classes */
    int rows, cols; /* the shape of one image */
    int classes;
} image_set;

/* The environment variable that points the kit at other copies of the
 * four Fashion-MNIST files, and where Debian's package puts them. */
#define FASHION_MNIST_VARIABLE "FASHION_MNIST_DIR"
#define FASHION_MNIST_DEFAULT_DIR "/usr/share/datasets/fashion-mnist"

/* part "train" (60,000 images) or "t10k" (10,000 test images). */
int fashion_mnist_load(image_set *set, const char *part);

/* The same, keeping only the first `limit` images (or all, if fewer). */
int fashion_mnist_load_first(image_set *set, const char *part, int limit);

/* The first train_limit training and test_limit test images, as the
 * experiments use them. */
int fashion_mnist_load_both(image_set *train, int train_limit,
                            image_set *test, int test_limit);

/* The names of the ten classes, by label. */
extern const char *const fashion_mnist_classes[10];

void image_set_free(image_set *set);

#endif
