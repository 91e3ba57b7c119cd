/* idx.c - reading IDX files through zlib, checking everything. */
#include "idx.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/infra/error.h"
#include "core/infra/wholefile.h"

#define IMAGES_MAGIC 0x00000803u
#define LABELS_MAGIC 0x00000801u
#define MAX_COUNT 10000000u
#define MAX_SIDE 4096u

const char *const fashion_mnist_classes[10] = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

/* What to do about a bad data file, for the end of every message. */
static const char *how_to_fix(void)
{
    return getenv(FASHION_MNIST_VARIABLE)
               ? "check the files in $" FASHION_MNIST_VARIABLE
               : "run 'make data' to install dataset-fashion-mnist, or set "
                 FASHION_MNIST_VARIABLE " to a directory with the files";
}

/* Reads exactly size bytes: 0, or -1 with a message saying what was found. */
static int read_exactly(gzFile f, const char *path, void *into, size_t size,
                        const char *what)
{
    size_t done = 0;
    while (done < size) {
        size_t want = size - done < (1u << 30) ? size - done : (1u << 30);
        int got = gzread(f, (char *)into + done, (unsigned)want);
        if (got < 0) {
            int code;
            const char *message = gzerror(f, &code);
            return error_set("%s: corrupt (%s) (%s)", path, message,
                             how_to_fix());
        }
        if (got == 0)
            return error_set("%s: truncated: %zu bytes of %s expected, %zu "
                             "found (%s)", path, size, what, done,
                             how_to_fix());
        done += (size_t)got;
    }
    return 0;
}

/* Fails if anything follows the data the header announced. */
static int expect_end(gzFile f, const char *path)
{
    char extra;
    if (gzread(f, &extra, 1) != 0)
        return error_set("%s: longer than its header says: is it the "
                         "right file? (%s)", path, how_to_fix());
    return 0;
}

/* Opens path and reads its header of `words` 32-bit numbers, checking the
 * magic number; NULL with a message on failure. */
static gzFile open_idx(const char *path, uint32_t magic, uint32_t *header,
                       int words)
{
    errno = 0;
    gzFile f = gzopen(path, "rb");
    if (!f) {
        error_set("cannot open %s: %s (%s)", path,
                  errno ? strerror(errno) : "out of memory", how_to_fix());
        return NULL;
    }
    unsigned char raw[16];
    if (read_exactly(f, path, raw, (size_t)words * 4, "header") != 0) {
        gzclose(f);
        return NULL;
    }
    for (int w = 0; w < words; w++)
        header[w] = big_endian_u32(raw + 4 * w);
    if (header[0] != magic) {
        error_set("%s: not an IDX %s file (magic number 0x%08x, expected "
                  "0x%08x) (%s)", path, magic == IMAGES_MAGIC ? "image"
                  : "label", header[0], magic, how_to_fix());
        gzclose(f);
        return NULL;
    }
    return f;
}

int idx_read_images(const char *path, mat *images, int *rows, int *cols)
{
    uint32_t h[4];
    gzFile f = open_idx(path, IMAGES_MAGIC, h, 4);
    if (!f)
        return -1;
    if (h[1] > MAX_COUNT || h[2] == 0 || h[2] > MAX_SIDE || h[3] == 0 ||
        h[3] > MAX_SIDE) {
        gzclose(f);
        return error_set("%s: implausible header: %u images of %u x %u "
                         "pixels (%s)", path, h[1], h[2], h[3], how_to_fix());
    }
    size_t pixels = (size_t)h[2] * h[3], size = (size_t)h[1] * pixels;
    unsigned char *bytes = kit_alloc(size, 1);
    int status = read_exactly(f, path, bytes, size, "pixels");
    if (status == 0)
        status = expect_end(f, path);
    gzclose(f);
    if (status == 0) {
        *images = mat_create((int)h[1], (int)pixels);
        for (size_t i = 0; i < size; i++)
            images->data[i] = (float)bytes[i] * (1.0f / 255.0f);
        *rows = (int)h[2];
        *cols = (int)h[3];
    }
    free(bytes);
    return status;
}

int idx_read_labels(const char *path, int **labels, int *count,
                    int classes)
{
    uint32_t h[2];
    gzFile f = open_idx(path, LABELS_MAGIC, h, 2);
    if (!f)
        return -1;
    if (h[1] > MAX_COUNT) {
        gzclose(f);
        return error_set("%s: implausible header: %u labels (%s)", path,
                         h[1], how_to_fix());
    }
    unsigned char *bytes = kit_alloc(h[1], 1);
    int status = read_exactly(f, path, bytes, h[1], "labels");
    if (status == 0)
        status = expect_end(f, path);
    gzclose(f);
    for (uint32_t i = 0; status == 0 && i < h[1]; i++)
        if (bytes[i] >= classes)
            status = error_set("%s: label %u of item %u is out of range "
                               "0..%d (%s)", path, bytes[i], i, classes - 1,
                               how_to_fix());
    if (status == 0) {
        *labels = kit_alloc(h[1], sizeof(int));
        for (uint32_t i = 0; i < h[1]; i++)
            (*labels)[i] = bytes[i];
        *count = (int)h[1];
    }
    free(bytes);
    return status;
}

int fashion_mnist_load(image_set *set, const char *part)
{
    const char *dir = getenv(FASHION_MNIST_VARIABLE);
    if (!dir || !*dir)
        dir = FASHION_MNIST_DEFAULT_DIR;
    char images[1024], labels[1024];
    snprintf(images, sizeof images, "%s/%s-images-idx3-ubyte.gz", dir, part);
    snprintf(labels, sizeof labels, "%s/%s-labels-idx1-ubyte.gz", dir, part);
    *set = (image_set){.classes = 10};
    int count = 0;
    if (idx_read_images(images, &set->x, &set->rows, &set->cols) != 0)
        return -1;
    if (idx_read_labels(labels, &set->labels, &count, set->classes) != 0) {
        mat_free(&set->x);
        return -1;
    }
    if (count != set->x.rows) {
        error_set("%s has %d labels for the %d images of %s (%s)", labels,
                  count, set->x.rows, images, how_to_fix());
        image_set_free(set);
        return -1;
    }
    return 0;
}

int fashion_mnist_load_first(image_set *set, const char *part, int limit)
{
    if (fashion_mnist_load(set, part) != 0)
        return -1;
    if (limit < set->x.rows)
        set->x.rows = limit; /* the rest stays allocated, unused */
    return 0;
}

int fashion_mnist_load_both(image_set *train, int train_limit,
                            image_set *test, int test_limit)
{
    if (fashion_mnist_load_first(train, "train", train_limit) != 0)
        return -1;
    return fashion_mnist_load_first(test, "t10k", test_limit);
}

void image_set_free(image_set *set)
{
    mat_free(&set->x);
    free(set->labels);
    set->labels = NULL;
}
