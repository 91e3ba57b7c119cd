/* checkpoint.c - saving and loading a network's layers (format in
 * checkpoint.h). */
#include "core/learn/checkpoint.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/infra/error.h"
#include "core/infra/outfile.h"
#include "core/infra/wholefile.h"

#define MAGIC "RLCK"
#define LARGEST_SIDE (1 << 20)    /* features of a layer, at most */
#define LARGEST_FILE (1ul << 30)  /* bytes: a gigabyte of weights */

/* ---- Numbers as bytes, little-endian whatever the machine ------------ */

static void put_u32(unsigned char *at, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        at[k] = (unsigned char)(v >> (8 * k));
}

static uint32_t get_u32(const unsigned char *at)
{
    return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 |
           (uint32_t)at[3] << 24;
}

static void put_float(unsigned char *at, float v)
{
    uint32_t bits;
    memcpy(&bits, &v, sizeof bits);
    put_u32(at, bits);
}

static float get_float(const unsigned char *at)
{
    uint32_t bits = get_u32(at);
    float v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

static uint32_t checksum(const unsigned char *data, size_t size)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    while (size > 0) { /* crc32 takes at most a uInt at a time */
        uInt piece = size > 1u << 30 ? 1u << 30 : (uInt)size;
        crc = crc32(crc, data, piece);
        data += piece, size -= piece;
    }
    return (uint32_t)crc;
}

/* ---- The shape of the layers a checkpoint holds ----------------------- */

typedef struct shape {
    int layers;
    int sizes[NET_MAX_LAYERS + 1];
    int act[NET_MAX_LAYERS];
} shape;

static shape shape_of(const net *model, int layers)
{
    shape s = {.layers = layers};
    for (int l = 0; l <= layers; l++)
        s.sizes[l] = model->sizes[l];
    for (int l = 0; l < layers; l++)
        s.act[l] = (int)model->act[l];
    return s;
}

/* Magic, version, L, the sizes and the activations. */
static size_t header_bytes(int layers)
{
    return 4 * (3 + (size_t)(layers + 1) + (size_t)layers);
}

static size_t weight_count(const shape *s)
{
    size_t count = 0;
    for (int l = 0; l < s->layers; l++)
        count += ((size_t)s->sizes[l] + 1) * (size_t)s->sizes[l + 1];
    return count;
}

static size_t file_bytes(const shape *s)
{
    return header_bytes(s->layers) + 4 * weight_count(s) + 4;
}

static int same_shape(const shape *a, const shape *b)
{
    if (a->layers != b->layers)
        return 0;
    for (int l = 0; l < a->layers; l++)
        if (a->sizes[l] != b->sizes[l] || a->act[l] != b->act[l])
            return 0;
    return a->sizes[a->layers] == b->sizes[b->layers];
}

/* "784-256-32 (relu, linear)" */
static void describe(char *out, size_t size, const shape *s)
{
    static const char *const names[] = {"linear", "relu", "sigmoid"};
    size_t used = 0;
    for (int l = 0; l <= s->layers && used < size; l++)
        used += (size_t)snprintf(out + used, size - used, "%s%d",
                                 l > 0 ? "-" : "", s->sizes[l]);
    for (int l = 0; l < s->layers && used < size; l++)
        used += (size_t)snprintf(out + used, size - used, "%s%s",
                                 l > 0 ? ", " : " (", names[s->act[l]]);
    if (used < size)
        snprintf(out + used, size - used, ")");
}

/* ---- Saving ------------------------------------------------------------ */

/* The checkpoint of the first s->layers layers of model, in memory. */
static unsigned char *encode(const net *model, const shape *s, size_t *bytes)
{
    *bytes = file_bytes(s);
    unsigned char *data = kit_alloc(*bytes, 1), *at = data;
    memcpy(at, MAGIC, 4), at += 4;
    put_u32(at, CHECKPOINT_VERSION), at += 4;
    put_u32(at, (uint32_t)s->layers), at += 4;
    for (int l = 0; l <= s->layers; l++)
        put_u32(at, (uint32_t)s->sizes[l]), at += 4;
    for (int l = 0; l < s->layers; l++)
        put_u32(at, (uint32_t)s->act[l]), at += 4;
    for (int l = 0; l < s->layers; l++) {
        for (size_t i = 0; i < mat_size(&model->W[l]); i++)
            put_float(at, model->W[l].data[i]), at += 4;
        for (size_t j = 0; j < mat_size(&model->b[l]); j++)
            put_float(at, model->b[l].data[j]), at += 4;
    }
    put_u32(at, checksum(data, (size_t)(at - data)));
    return data;
}

int checkpoint_save(const net *model, int layers, const char *path)
{
    CHECK(layers >= 1 && layers <= model->layers,
          "saving %d layers of a %d-layer network", layers, model->layers);
    shape s = shape_of(model, layers);
    size_t bytes;
    unsigned char *data = encode(model, &s, &bytes);
    outfile out;
    int status = outfile_open(&out, path);
    if (status == 0) {
        fwrite(data, 1, bytes, out.file);
        status = outfile_commit(&out); /* notices a failed write */
    }
    free(data);
    return status;
}

int checkpoint_save_layers(int layers, const mat *const *W,
                           const mat *const *b, const net_activation *act,
                           const char *path)
{
    CHECK(layers >= 1 && layers <= NET_MAX_LAYERS, "%d layers", layers);
    int sizes[NET_MAX_LAYERS + 1] = {W[0]->rows};
    for (int l = 0; l < layers; l++)
        sizes[l + 1] = W[l]->cols;
    net model;
    net_create(&model, layers, sizes, act, 1, NULL);
    for (int l = 0; l < layers; l++) {
        mat_copy(&model.W[l], W[l]); /* checks that the shapes chain */
        mat_copy(&model.b[l], b[l]);
    }
    int status = checkpoint_save(&model, layers, path);
    net_free(&model);
    return status;
}

/* ---- Loading ----------------------------------------------------------- */

/* The shape a checkpoint's header announces, once the header is known to
 * be whole and plausible. 0, or -1 with a message. */
static int read_header(const char *path, const unsigned char *data,
                       size_t size, shape *s)
{
    if (size < 4 || memcmp(data, MAGIC, 4) != 0)
        return error_set("%s: not a checkpoint of this kit (it does not "
                         "begin with \"%s\")", path, MAGIC);
    if (size < 12)
        return error_set("%s: truncated: %zu bytes, not even a header",
                         path, size);
    uint32_t version = get_u32(data + 4), layers = get_u32(data + 8);
    if (version != CHECKPOINT_VERSION)
        return error_set("%s: a version %u checkpoint; this kit reads "
                         "version %d (make it again)", path, version,
                         CHECKPOINT_VERSION);
    if (layers < 1 || layers > NET_MAX_LAYERS)
        return error_set("%s: corrupt header (%u layers)", path, layers);
    s->layers = (int)layers;
    if (size < header_bytes(s->layers))
        return error_set("%s: truncated in its header", path);
    const unsigned char *at = data + 12;
    for (int l = 0; l <= s->layers; l++, at += 4) {
        uint32_t side = get_u32(at);
        if (side < 1 || side > LARGEST_SIDE)
            return error_set("%s: corrupt header (a layer of %u features)",
                             path, side);
        s->sizes[l] = (int)side;
    }
    for (int l = 0; l < s->layers; l++, at += 4) {
        uint32_t act = get_u32(at);
        if (act > NET_SIGMOID)
            return error_set("%s: corrupt header (activation %u)", path,
                             act);
        s->act[l] = (int)act;
    }
    return 0;
}

/* The file is exactly as long as its header says and its checksum
 * matches. 0, or -1 with a message. */
static int check_whole(const char *path, const unsigned char *data,
                       size_t size, const shape *s)
{
    size_t expected = file_bytes(s);
    if (size < expected)
        return error_set("%s: truncated: %zu bytes of the %zu its header "
                         "promises", path, size, expected);
    if (size > expected)
        return error_set("%s: %zu bytes longer than its header says", path,
                         size - expected);
    if (checksum(data, size - 4) != get_u32(data + size - 4))
        return error_set("%s: corrupt: its checksum does not match its "
                         "contents", path);
    return 0;
}

/* Every weight a number: a diverged run saves NaNs with a good checksum. */
static int check_finite(const char *path, const unsigned char *data,
                        const shape *s)
{
    const unsigned char *at = data + header_bytes(s->layers);
    for (size_t i = 0; i < weight_count(s); i++, at += 4)
        if (!isfinite(get_float(at)))
            return error_set("%s: holds weights that are not numbers (saved "
                             "from a run that diverged?)", path);
    return 0;
}

/* Checks the whole file against the model's first `layers` layers. */
static int check_checkpoint(const char *path, const unsigned char *data,
                            size_t size, const shape *want)
{
    shape s;
    if (read_header(path, data, size, &s) != 0 ||
        check_whole(path, data, size, &s) != 0)
        return -1;
    if (!same_shape(&s, want)) {
        char has[256], wanted[256];
        describe(has, sizeof has, &s);
        describe(wanted, sizeof wanted, want);
        return error_set("%s holds layers %s; the network loading it needs "
                         "%s", path, has, wanted);
    }
    return check_finite(path, data, &s);
}

int checkpoint_load(net *model, int layers, const char *path)
{
    CHECK(layers >= 1 && layers <= model->layers,
          "loading %d layers into a %d-layer network", layers,
          model->layers);
    unsigned char *data = NULL;
    size_t size = 0;
    if (read_whole_file(path, "checkpoint", LARGEST_FILE, &data,
                        &size) != 0)
        return -1;
    shape want = shape_of(model, layers);
    if (check_checkpoint(path, data, size, &want) != 0) {
        free(data);
        return -1;
    }
    const unsigned char *at = data + header_bytes(layers);
    for (int l = 0; l < layers; l++) {
        for (size_t i = 0; i < mat_size(&model->W[l]); i++, at += 4)
            model->W[l].data[i] = get_float(at);
        for (size_t j = 0; j < mat_size(&model->b[l]); j++, at += 4)
            model->b[l].data[j] = get_float(at);
    }
    free(data);
    return 0;
}
