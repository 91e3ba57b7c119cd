/* austen.c - R's serialised character vectors, read with zlib. */
#include "austen.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/infra/error.h"
#include "core/infra/wholefile.h"

#define STRSXP 16
#define CHARSXP 9
#define NA_LENGTH 0xFFFFFFFFu
#define LARGEST_CORPUS ((size_t)1 << 30) /* bytes: far more than Austen */

/* A growing text buffer. */
typedef struct text_buffer {
    char *data;
    size_t size, capacity;
} text_buffer;

static void append(text_buffer *t, const char *bytes, size_t length)
{
    if (t->size + length + 1 > t->capacity) {
        size_t capacity = t->capacity ? t->capacity : 1 << 16;
        while (t->size + length + 1 > capacity)
            capacity *= 2;
        t->data = kit_realloc(t->data, capacity, 1);
        t->capacity = capacity;
    }
    memcpy(t->data + t->size, bytes, length);
    t->size += length;
    t->data[t->size] = '\0';
}

/* A cursor over one decompressed record, which fails cleanly at its end. */
typedef struct reader {
    const unsigned char *data;
    size_t size, at;
} reader;

static int read_word(reader *r, uint32_t *value)
{
    if (r->size - r->at < 4)
        return -1;
    *value = big_endian_u32(r->data + r->at);
    r->at += 4;
    return 0;
}

static const char *fix_hint(void)
{
    return getenv(AUSTEN_RDB_VARIABLE)
               ? "check $" AUSTEN_RDB_VARIABLE
               : "run 'make data' to extract it from r-cran-janeaustenr";
}

/* The header: "X\n", format version, R versions, and (version 3) the
 * native encoding. */
static int read_header(reader *r, const char *path, int record)
{
    uint32_t version, skip;
    if (r->size < 2 || r->data[0] != 'X' || r->data[1] != '\n')
        return error_set("%s: record %d is not R's binary (XDR) "
                         "serialisation (%s)", path, record, fix_hint());
    r->at = 2;
    if (read_word(r, &version) != 0 || (version != 2 && version != 3) ||
        read_word(r, &skip) != 0 || read_word(r, &skip) != 0)
        return error_set("%s: record %d has an unknown serialisation "
                         "version (%s)", path, record, fix_hint());
    if (version == 3) {
        uint32_t length;
        if (read_word(r, &length) != 0 || length > r->size - r->at)
            return error_set("%s: record %d: broken header (%s)", path,
                             record, fix_hint());
        r->at += length; /* the encoding's name, "UTF-8" */
    }
    return 0;
}

/* One record: a character vector, its strings appended one per line. */
static int read_strings(reader *r, const char *path, int record,
                        text_buffer *out, long *strings)
{
    if (read_header(r, path, record) != 0)
        return -1;
    uint32_t flags, count;
    if (read_word(r, &flags) != 0 || (flags & 0xFF) != STRSXP ||
        read_word(r, &count) != 0)
        return error_set("%s: record %d is not a character vector (%s)",
                         path, record, fix_hint());
    for (uint32_t i = 0; i < count; i++) {
        uint32_t length;
        if (read_word(r, &flags) != 0 || (flags & 0xFF) != CHARSXP ||
            read_word(r, &length) != 0)
            return error_set("%s: record %d, string %u: not a string (%s)",
                             path, record, i, fix_hint());
        if (length == NA_LENGTH)
            length = 0; /* a missing line: an empty one */
        if (length > r->size - r->at)
            return error_set("%s: record %d, string %u runs past the end "
                             "of the record (%s)", path, record, i,
                             fix_hint());
        append(out, (const char *)r->data + r->at, length);
        append(out, "\n", 1);
        r->at += length;
        (*strings)++;
    }
    append(out, "\n", 1);
    return 0;
}

/* Inflates the zlib stream at data (size bytes available) into exactly
 * `expected` bytes; returns the compressed bytes used, or 0 on error. */
static size_t inflate_record(const unsigned char *data, size_t size,
                             unsigned char *out, size_t expected)
{
    z_stream z = {0};
    if (inflateInit(&z) != Z_OK)
        return 0;
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)size;
    z.next_out = out;
    z.avail_out = (uInt)expected;
    int status = inflate(&z, Z_FINISH);
    size_t used = size - z.avail_in;
    size_t produced = expected - z.avail_out;
    inflateEnd(&z);
    return status == Z_STREAM_END && produced == expected ? used : 0;
}

/* The whole of a file into a buffer the caller frees, or NULL with a
 * message that says how to get the corpus. */
static unsigned char *read_all(const char *path, size_t *size)
{
    unsigned char *data;
    if (read_whole_file(path, "", LARGEST_CORPUS, &data, size) == 0)
        return data;
    char reason[512]; /* error_set would read its own buffer */
    snprintf(reason, sizeof reason, "%s", error_message());
    error_set("%s (%s)", reason, fix_hint());
    return NULL;
}

int rdata_read_text(const char *path, char **text, long *strings)
{
    size_t size, at = 0;
    unsigned char *data = read_all(path, &size);
    if (!data)
        return -1;
    text_buffer out = {0};
    *strings = 0;
    int status = 0, record = 0;
    while (status == 0 && at < size) {
        uint32_t expected;
        if (size - at < 4 || (expected = big_endian_u32(data + at)) > (1u << 30)) {
            status = error_set("%s: record %d: truncated or corrupt length "
                               "(%s)", path, record, fix_hint());
            break;
        }
        unsigned char *raw = kit_alloc(expected ? expected : 1, 1);
        size_t used = inflate_record(data + at + 4, size - at - 4, raw,
                                     expected);
        if (used == 0) {
            status = error_set("%s: record %d: truncated or corrupt zlib "
                               "data (%s)", path, record, fix_hint());
        } else {
            reader r = {raw, expected, 0};
            status = read_strings(&r, path, record, &out, strings);
            at += 4 + used;
            record++;
        }
        free(raw);
    }
    free(data);
    if (status == 0 && record == 0)
        status = error_set("%s: no records (%s)", path, fix_hint());
    if (status != 0) {
        free(out.data);
        return -1;
    }
    *text = out.data;
    return 0;
}

int austen_load(char **text, const char *rdb)
{
    const char *plain = getenv(AUSTEN_TEXT_VARIABLE);
    if (plain && *plain) {
        size_t size;
        unsigned char *data = read_all(plain, &size);
        if (!data)
            return -1;
        *text = kit_alloc(size + 1, 1);
        memcpy(*text, data, size);
        (*text)[size] = '\0';
        free(data);
        return 0;
    }
    long strings;
    const char *named = getenv(AUSTEN_RDB_VARIABLE);
    return rdata_read_text(named && *named ? named : rdb, text, &strings);
}
