/* calls.c - an exercise call, carried from the judge to the worker and
 * back (see calls.h).
 *
 * A request is a header (magic, exercise, payload size) and a payload:
 *
 *     u32 regions, u32 extents, u64 frame size
 *     u64 size of each region
 *     u64 region, u64 offset, u64 bytes of each extent (an array)
 *     the bytes of every region, then the frame
 *
 * The frame holds, in walk order, each value's bytes, each array's extent
 * number (NO_EXTENT for NULL) and each structure's tag (NULL, new, or an
 * alias of structure k). A reply is a header (magic, status, size) and
 * the bytes of what the exercise may write, in walk order.
 */
#include "calls.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/infra/error.h"

#define REQUEST_MAGIC 0x51434c52u /* "RLCQ" */
#define NO_EXTENT 0xffffffffu
#define MAX_MESSAGE ((size_t)1 << 30)

enum { TAG_NULL, TAG_NEW, TAG_ALIAS };

/* ---- Growing arrays and byte buffers ---------------------------------- */

static void *grow(void *items, uint32_t *capacity, uint32_t needed,
                  size_t size)
{
    if (needed <= *capacity)
        return items;
    uint32_t more = *capacity ? *capacity * 2 : 16;
    while (more < needed)
        more *= 2;
    *capacity = more;
    return kit_realloc(items, (size_t)more, size);
}

static void put(call_bytes *b, const void *data, size_t size)
{
    if (b->size + size > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 256;
        while (capacity < b->size + size)
            capacity *= 2;
        b->data = kit_realloc(b->data, capacity, 1);
        b->capacity = capacity;
    }
    if (size)
        memcpy(b->data + b->size, data, size);
    b->size += size;
}

/* Takes size bytes from b into data; on a short buffer marks the call
 * broken and fills data with zeros. */
static void take(call *c, call_bytes *b, void *data, size_t size)
{
    if (b->size - b->at < size) {
        c->broken = 1;
        memset(data, 0, size);
        return;
    }
    memcpy(data, b->data + b->at, size);
    b->at += size;
}

static void put_u32(call_bytes *b, uint32_t v) { put(b, &v, sizeof v); }
static void put_u64(call_bytes *b, uint64_t v) { put(b, &v, sizeof v); }

static uint32_t take_u32(call *c, call_bytes *b)
{
    uint32_t v;
    take(c, b, &v, sizeof v);
    return v;
}

static uint64_t take_u64(call *c, call_bytes *b)
{
    uint64_t v;
    take(c, b, &v, sizeof v);
    return v;
}

/* ---- The walk ----------------------------------------------------------- */

void call_begin(call *c, uint32_t exercise, call_mode mode)
{
    memset(c, 0, sizeof *c);
    c->exercise = exercise;
    c->mode = mode;
}

void call_value(call *c, void *p, size_t size, int writes)
{
    switch (c->mode) {
    case CALL_SEND:
        put(&c->frame, p, size);
        c->reply_expected += writes ? size : 0;
        break;
    case CALL_BUILD:
        take(c, &c->frame, p, size);
        break;
    case CALL_REPLY:
        if (writes)
            put(&c->reply, p, size);
        break;
    case CALL_APPLY:
        if (writes)
            take(c, &c->reply, p, size);
        break;
    }
}

static uint32_t new_extent(call *c)
{
    c->extents = grow(c->extents, &c->extent_capacity, c->extent_count + 1,
                      sizeof *c->extents);
    memset(&c->extents[c->extent_count], 0, sizeof *c->extents);
    return c->extent_count++;
}

/* Each array takes a slot, in walk order: the number of its extent, or
 * NO_EXTENT for NULL. The REPLY and APPLY walks find the arrays again by
 * their slots, whatever the function did to the pointers it was given. */
static void fill_slot(call *c, uint32_t extent)
{
    c->slots = grow(c->slots, &c->slot_capacity, c->slot_count + 1,
                    sizeof *c->slots);
    c->slots[c->slot_count++] = extent;
}

void call_array(call *c, void **p, size_t bytes, int writes)
{
    uint32_t k;
    switch (c->mode) {
    case CALL_SEND:
        k = NO_EXTENT;
        if (*p) {
            k = new_extent(c);
            c->extents[k].judge = *p;
            c->extents[k].bytes = bytes;
            c->reply_expected += writes ? bytes : 0;
        }
        put_u32(&c->frame, k);
        fill_slot(c, k);
        return;
    case CALL_BUILD:
        k = take_u32(c, &c->frame);
        if (k != NO_EXTENT && k >= c->extent_count) {
            c->broken = 1;
            k = NO_EXTENT;
        }
        *p = k == NO_EXTENT ? NULL : c->extents[k].worker;
        fill_slot(c, k);
        return;
    case CALL_REPLY:
    case CALL_APPLY:
        k = c->next_slot < c->slot_count ? c->slots[c->next_slot++]
                                         : NO_EXTENT;
        if (k == NO_EXTENT || !writes)
            return;
        if (c->mode == CALL_REPLY)
            put(&c->reply, c->extents[k].worker, c->extents[k].bytes);
        else
            take(c, &c->reply, c->extents[k].judge, c->extents[k].bytes);
        return;
    }
}

int call_object(call *c, void **p, size_t size)
{
    uint32_t k = c->next_object++;
    if (c->mode == CALL_SEND || c->mode == CALL_BUILD)
        c->fresh = grow(c->fresh, &c->fresh_capacity, k + 1, 1);
    if (c->mode == CALL_SEND) {
        uint32_t seen = 0;
        while (seen < c->object_count && c->objects[seen] != *p)
            seen++;
        if (!*p) {
            put(&c->frame, &(unsigned char){TAG_NULL}, 1);
        } else if (seen < c->object_count) {
            put(&c->frame, &(unsigned char){TAG_ALIAS}, 1);
            put_u32(&c->frame, seen);
        } else {
            put(&c->frame, &(unsigned char){TAG_NEW}, 1);
        }
        c->fresh[k] = *p && seen == c->object_count;
    } else if (c->mode == CALL_BUILD) {
        unsigned char tag = 0;
        take(c, &c->frame, &tag, 1);
        uint32_t alias = tag == TAG_ALIAS ? take_u32(c, &c->frame) : 0;
        if (tag == TAG_NEW) {
            *p = kit_alloc(1, size);
        } else if (tag == TAG_ALIAS && alias < c->object_count) {
            *p = c->objects[alias];
        } else {
            c->broken |= tag != TAG_NULL;
            *p = NULL;
        }
        c->fresh[k] = tag == TAG_NEW;
    } else {
        return k < c->fresh_count && c->fresh[k]; /* as it was */
    }
    c->fresh_count = k + 1;
    if (c->fresh[k]) {
        c->objects = grow(c->objects, &c->object_capacity,
                          c->object_count + 1, sizeof *c->objects);
        c->objects[c->object_count++] = *p;
    }
    return c->fresh[k];
}

void call_mat(call *c, mat *m, int writes)
{
    call_value(c, &m->rows, sizeof m->rows, CALL_READS);
    call_value(c, &m->cols, sizeof m->cols, CALL_READS);
    size_t bytes = c->mode == CALL_SEND
                       ? call_size((long long)m->rows * m->cols, sizeof(float))
                       : 0;
    call_array(c, (void **)&m->data, bytes, writes);
}

void call_params(call *c, params *p, int values_write, int grads_write)
{
    call_value(c, &p->count, sizeof p->count, CALL_READS);
    call_value(c, &p->used, sizeof p->used, CALL_READS);
    size_t bytes = c->mode == CALL_SEND ? p->count * sizeof(float) : 0;
    call_array(c, (void **)&p->values, bytes, values_write);
    call_array(c, (void **)&p->grads, bytes, grads_write);
}

void call_adam(call *c, adam *a, int writes)
{
    /* An exercise sets the rate and takes steps; the constants of the
     * method and the size are the kit's. */
    call_value(c, &a->lr, sizeof a->lr, writes);
    call_value(c, &a->beta1, sizeof a->beta1, CALL_READS);
    call_value(c, &a->beta2, sizeof a->beta2, CALL_READS);
    call_value(c, &a->eps, sizeof a->eps, CALL_READS);
    call_value(c, &a->step, sizeof a->step, writes);
    call_value(c, &a->count, sizeof a->count, CALL_READS);
    size_t bytes = c->mode == CALL_SEND ? a->count * sizeof(float) : 0;
    call_array(c, (void **)&a->u, bytes, writes);
    call_array(c, (void **)&a->v, bytes, writes);
}

size_t call_size(long long count, size_t size)
{
    return count > 0 ? (size_t)count * size : 0;
}

/* ---- Requests ------------------------------------------------------------- */

/* An extent's place, for sorting by address (longer first at one). */
typedef struct placed {
    uintptr_t address;
    size_t bytes;
    uint32_t extent;
} placed;

static int by_address(const void *a, const void *b)
{
    const placed *x = a, *y = b;
    if (x->address != y->address)
        return x->address < y->address ? -1 : 1;
    return x->bytes > y->bytes ? -1 : x->bytes < y->bytes;
}

/* Gives every extent its region: extents that overlap share one, so that
 * the worker's copies overlap as the judge's arrays do. Returns the
 * regions' first bytes (in the judge) and sizes. */
static uint32_t make_regions(call *c, char ***starts, uint64_t **sizes)
{
    uint32_t n = c->extent_count, count = 0;
    placed *order = kit_alloc(n, sizeof *order);
    *starts = kit_alloc(n, sizeof **starts);
    *sizes = kit_alloc(n, sizeof **sizes);
    for (uint32_t i = 0; i < n; i++)
        order[i] = (placed){(uintptr_t)c->extents[i].judge,
                            c->extents[i].bytes, i};
    qsort(order, n, sizeof *order, by_address);
    uintptr_t start = 0, end = 0;
    for (uint32_t i = 0; i < n; i++) {
        call_extent *e = &c->extents[order[i].extent];
        uintptr_t from = order[i].address, to = from + e->bytes;
        if (count == 0 || from >= end) {
            start = from, end = to;
            (*starts)[count++] = e->judge;
        }
        end = to > end ? to : end;
        (*sizes)[count - 1] = end - start;
        e->region = count - 1;
        e->offset = from - start;
    }
    free(order);
    return count;
}

char *call_request(call *c, size_t *size)
{
    char **starts;
    uint64_t *sizes;
    uint32_t regions = make_regions(c, &starts, &sizes);
    call_bytes m = {0};
    put_u32(&m, REQUEST_MAGIC);
    put_u32(&m, c->exercise);
    put_u64(&m, 0); /* the payload's size, filled in below */
    put_u32(&m, regions);
    put_u32(&m, c->extent_count);
    put_u64(&m, c->frame.size);
    for (uint32_t r = 0; r < regions; r++)
        put_u64(&m, sizes[r]);
    for (uint32_t k = 0; k < c->extent_count; k++) {
        put_u64(&m, c->extents[k].region);
        put_u64(&m, c->extents[k].offset);
        put_u64(&m, c->extents[k].bytes);
    }
    for (uint32_t r = 0; r < regions; r++)
        put(&m, starts[r], sizes[r]);
    put(&m, c->frame.data, c->frame.size);
    uint64_t payload = m.size - 16;
    memcpy(m.data + 8, &payload, sizeof payload);
    free(starts);
    free(sizes);
    *size = m.size;
    return m.data;
}

/* Reads exactly size bytes; 1, 0 at a clean end of input, -1 otherwise. */
static int read_exactly(int fd, void *data, size_t size)
{
    size_t done = 0;
    while (done < size) {
        ssize_t n = read(fd, (char *)data + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return done == 0 && n == 0 ? 0 : -1;
        done += (size_t)n;
    }
    return 1;
}

static int write_all(int fd, const void *data, size_t size)
{
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, (const char *)data + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        done += (size_t)n;
    }
    return 0;
}

/* The worker's copies of the regions, and where each extent lands. */
static int unpack_request(call *c, call_bytes *m)
{
    c->region_count = take_u32(c, m);
    uint32_t extents = take_u32(c, m);
    uint64_t frame = take_u64(c, m);
    if (c->broken || c->region_count > m->size / 8 || extents > m->size / 24)
        return -1;
    c->regions = kit_alloc(c->region_count + 1, sizeof *c->regions);
    c->region_sizes = kit_alloc(c->region_count + 1, sizeof *c->region_sizes);
    for (uint32_t r = 0; r < c->region_count; r++)
        if ((c->region_sizes[r] = take_u64(c, m)) > MAX_MESSAGE)
            return -1;
    for (uint32_t k = 0; k < extents; k++) {
        uint32_t e = new_extent(c);
        uint64_t region = take_u64(c, m), offset = take_u64(c, m);
        uint64_t bytes = take_u64(c, m);
        if (region >= c->region_count || offset > c->region_sizes[region] ||
            bytes > c->region_sizes[region] - offset)
            return -1;
        c->extents[e].region = (uint32_t)region;
        c->extents[e].offset = offset;
        c->extents[e].bytes = bytes;
    }
    for (uint32_t r = 0; r < c->region_count; r++) {
        /* Each region its own allocation, of its exact size, so that
         * AddressSanitizer sees a step past its end. */
        c->regions[r] = malloc(c->region_sizes[r]);
        if (!c->regions[r] && c->region_sizes[r] > 0)
            die("out of memory (wanted %zu bytes)", c->region_sizes[r]);
        take(c, m, c->regions[r], c->region_sizes[r]);
    }
    for (uint32_t k = 0; k < c->extent_count; k++)
        c->extents[k].worker = c->regions[c->extents[k].region] +
                               c->extents[k].offset;
    if (c->broken || m->size - m->at != frame)
        return -1;
    put(&c->frame, m->data + m->at, frame);
    return 0;
}

int call_receive_request(call *c, int fd)
{
    uint32_t head[2];
    uint64_t size;
    int got = read_exactly(fd, head, sizeof head);
    if (got <= 0)
        return got;
    if (read_exactly(fd, &size, sizeof size) != 1 ||
        head[0] != REQUEST_MAGIC || size > MAX_MESSAGE)
        return -1;
    call_begin(c, head[1], CALL_BUILD);
    call_bytes m = {kit_alloc(size, 1), size, size, 0};
    int ok = read_exactly(fd, m.data, size) == 1 && unpack_request(c, &m) == 0;
    free(m.data);
    return ok ? 1 : -1;
}

/* ---- Replies ---------------------------------------------------------- */

static void rewind_walk(call *c, call_mode mode)
{
    c->mode = mode;
    c->next_slot = 0;
    c->next_object = 0;
    c->frame.at = 0;
}

void call_start_reply(call *c)
{
    rewind_walk(c, CALL_REPLY);
}

int call_send_reply(call *c, int fd, uint32_t status)
{
    call_reply_header h = {CALL_REPLY_MAGIC, status, c->reply.size};
    if (status != CALL_RETURNED)
        h.size = 0;
    call_bytes m = {0}; /* one write: one wake-up of the judge */
    put(&m, &h, sizeof h);
    put(&m, c->reply.data, h.size);
    int written = write_all(fd, m.data, m.size);
    free(m.data);
    return written;
}

int call_start_apply(call *c, char *payload, size_t size)
{
    if (size != c->reply_expected)
        return -1;
    rewind_walk(c, CALL_APPLY);
    c->reply = (call_bytes){payload, size, size, 0};
    return 0;
}

int call_applied(const call *c)
{
    return !c->broken && c->reply.at == c->reply.size;
}

void call_end(call *c)
{
    if (c->regions) { /* the worker's side: the copies are ours */
        for (uint32_t r = 0; r < c->region_count; r++)
            free(c->regions[r]);
        for (uint32_t i = 0; i < c->object_count; i++)
            free(c->objects[i]);
        free(c->regions);
        free(c->region_sizes);
        free(c->reply.data);
    }
    free(c->frame.data);
    free(c->extents);
    free(c->slots);
    free(c->objects);
    free(c->fresh);
    memset(c, 0, sizeof *c);
}
