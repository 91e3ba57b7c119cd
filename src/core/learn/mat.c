/* mat.c - creation, copies and the three products of a dense layer.
 *
 * The products are written to be read first and fast second: plain loops,
 * blocked so that the compiler can keep the sums in vector registers and
 * turn the innermost loop into vector multiply-adds (see "The three
 * products" below). No allocation happens inside them.
 */
#include "mat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/infra/error.h"

mat mat_create(int rows, int cols)
{
    CHECK(rows >= 0 && cols >= 0, "shape %d x %d", rows, cols);
    mat a = {rows, cols, NULL};
    a.data = kit_alloc(mat_size(&a), sizeof(float));
    return a;
}

void mat_free(mat *a)
{
    free(a->data);
    a->data = NULL;
    a->rows = a->cols = 0;
}

mat mat_view(float *data, int rows, int cols)
{
    CHECK(rows >= 0 && cols >= 0, "shape %d x %d", rows, cols);
    return (mat){rows, cols, data};
}

mat mat_rows(const mat *a, int first, int count)
{
    CHECK(first >= 0 && count >= 0 && first + count <= a->rows,
          "rows %d..%d of a %d-row matrix", first, first + count, a->rows);
    return mat_view(mat_row(a, first), count, a->cols);
}

void mat_fill(mat *a, float value)
{
    size_t count = mat_size(a);
    for (size_t i = 0; i < count; i++)
        a->data[i] = value;
}

void mat_copy(mat *dst, const mat *src)
{
    CHECK(dst->rows == src->rows && dst->cols == src->cols,
          "copy %d x %d into %d x %d", src->rows, src->cols, dst->rows,
          dst->cols);
    if (mat_size(src) > 0)
        memmove(dst->data, src->data, mat_size(src) * sizeof(float));
}

/* ---- The three products --------------------------------------------
 *
 * All three run through one kernel, which computes C += A B for A and B
 * read through strides, so that A^T or B^T is only a matter of which
 * stride is which. The kernel is blocked twice:
 *
 * Tiles. C is computed TILE_ROWS x TILE_COLS entries at a time. For each
 * p, TILE_COLS entries of row p of B times TILE_ROWS entries of column p
 * of A update all the tile's sums, which stay in vector registers until the
 * end. So every entry of B that is loaded is used TILE_ROWS times and
 * every entry of A TILE_COLS times: the loop does mostly multiply-adds.
 *
 * Packing. With `inner` the columns of A and the rows of B, the tile reads
 * its part of B from a panel, the band of TILE_COLS columns copied into
 * inner contiguous rows, and its part of A from a sliver, its TILE_ROWS
 * rows copied into inner contiguous columns. Both are read in order from
 * cache whatever the layout of A and B, and a ragged last tile is padded
 * (zeros in the panel, a repeated row in the sliver) so that the loop
 * never branches.
 *
 * Order. The panels are taken a cache's worth at a time (PANEL_CACHE),
 * and every sliver of a group of SLIVER_GROUP meets them before the next
 * are taken, so that even a B of hundreds of megabytes is read from
 * memory once per group.
 */
#define TILE_ROWS 4
#define TILE_COLS 16

/* A matrix read through strides: entry (i, p) is
 * data[i * row_step + p * col_step]. */
typedef struct strided {
    const float *data;
    size_t row_step, col_step;
} strided;

static strided as_is(const mat *a)
{
    return (strided){a->data, (size_t)a->cols, 1};
}

static strided transposed(const mat *a)
{
    return (strided){a->data, 1, (size_t)a->cols};
}

/* Scratch space for the panels and the sliver, grown to the largest size
 * seen and then reused: no allocation in the loops (one thread only). */
static float *scratch;
static size_t scratch_capacity;

static float *scratch_for(size_t floats)
{
    if (floats > scratch_capacity) {
        free(scratch);
        scratch = kit_alloc(floats, sizeof(float));
        scratch_capacity = floats;
    }
    return scratch;
}

/* Columns j0 .. j0 + cols - 1 of B (inner rows), row by row, zero-padded.
 * The loops run along whichever direction of B is contiguous. */
static void pack_panel(float *panel, strided b, int inner, int j0, int cols)
{
    if (cols < TILE_COLS)
        memset(panel, 0, (size_t)inner * TILE_COLS * sizeof(float));
    if (b.col_step == 1) { /* rows of B are contiguous: copy pieces */
        for (int p = 0; p < inner; p++)
            memcpy(panel + (size_t)p * TILE_COLS,
                   b.data + (size_t)p * b.row_step + (size_t)j0,
                   (size_t)cols * sizeof(float));
        return;
    }
    for (int j = 0; j < cols; j++) { /* columns of B are contiguous */
        const float *column = b.data + (size_t)(j0 + j) * b.col_step;
        for (int p = 0; p < inner; p++)
            panel[(size_t)p * TILE_COLS + (size_t)j] =
                column[(size_t)p * b.row_step];
    }
}

/* Rows i0 .. i0 + rows - 1 of A (inner columns), column by column; missing
 * rows repeat the last one. The loops run along A's contiguous direction. */
static void pack_sliver(float *sliver, strided a, int inner, int i0,
                        int rows)
{
    const float *row[TILE_ROWS];
    for (int r = 0; r < TILE_ROWS; r++)
        row[r] = a.data + (size_t)(i0 + (r < rows ? r : rows - 1)) *
                              a.row_step;
    if (a.col_step == 1) { /* rows of A are contiguous */
        for (int r = 0; r < TILE_ROWS; r++)
            for (int p = 0; p < inner; p++)
                sliver[(size_t)p * TILE_ROWS + (size_t)r] = row[r][p];
        return;
    }
    for (int p = 0; p < inner; p++) /* columns of A are contiguous */
        for (int r = 0; r < TILE_ROWS; r++)
            sliver[(size_t)p * TILE_ROWS + (size_t)r] =
                row[r][(size_t)p * a.col_step];
}

/* The tile kernel touches only the packed copies that the (checked)
 * packing functions made and the tile it returns, so sanitizer builds
 * leave it unchecked: with the checks, its sums would live in memory
 * instead of registers, fifty times slower. */
#if defined(__GNUC__)
#define UNCHECKED __attribute__((no_sanitize("address", "undefined")))
#else
#define UNCHECKED
#endif

//> tile-kernel
/* tile = sliver times panel: `inner` terms for each of the TILE_ROWS x
 * TILE_COLS entries. */
UNCHECKED static void multiply_tile(float tile[TILE_ROWS][TILE_COLS],
                                    const float *restrict sliver,
                                    const float *restrict panel, int inner)
{
    float c0[TILE_COLS] = {0}, c1[TILE_COLS] = {0};
    float c2[TILE_COLS] = {0}, c3[TILE_COLS] = {0};
    for (int p = 0; p < inner; p++) {
        const float *restrict a = sliver + (size_t)p * TILE_ROWS;
        const float *restrict b = panel + (size_t)p * TILE_COLS;
        for (int j = 0; j < TILE_COLS; j++) { /* one or two vector ops */
            c0[j] += a[0] * b[j];
            c1[j] += a[1] * b[j];
            c2[j] += a[2] * b[j];
            c3[j] += a[3] * b[j];
        }
    }
    for (int j = 0; j < TILE_COLS; j++) {
        tile[0][j] = c0[j];
        tile[1][j] = c1[j];
        tile[2][j] = c2[j];
        tile[3][j] = c3[j];
    }
}
//< tile-kernel

/* The rows (or columns) of tile number `index` along a side of `length`:
 * `size`, or fewer for the ragged last tile. */
static int tile_extent(int length, int index, int size)
{
    int left = length - index * size;
    return left < size ? left : size;
}

/* Adds the entries of the tile that exist to C, at the rows of sliver
 * `s` and the columns of band `band`. */
static void add_tile(mat *c, float tile[TILE_ROWS][TILE_COLS], int s,
                     int band)
{
    int rows = tile_extent(c->rows, s, TILE_ROWS);
    int cols = tile_extent(c->cols, band, TILE_COLS);
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++)
            mat_inc(c, s * TILE_ROWS + r, band * TILE_COLS + j, tile[r][j]);
}

/* How many panels of `panel_size` floats fit in PANEL_CACHE bytes, a
 * modest share of a core's level-2 cache; at least one. */
#define PANEL_CACHE (256 * 1024)
static int bands_in_cache(size_t panel_size)
{
    size_t bytes = panel_size * sizeof(float);
    return bytes == 0 || bytes >= PANEL_CACHE ? 1
                                              : (int)(PANEL_CACHE / bytes);
}

/* Slivers packed at a time: 256 rows of A, so that packing A takes no
 * more memory than a few hundred kilobytes whatever its height. */
#define SLIVER_GROUP 64

//> multiply-add
/* The tiles of slivers first .. last - 1, packed in `group`, with every
 * panel. The panels come a few at a time, few enough to stay in cache
 * while every sliver of the group meets them, so that a large B is read
 * from memory once per group rather than once per sliver. */
static void multiply_group(mat *c, const float *group, int first, int last,
                           const float *panels, int bands, int inner)
{
    size_t panel_size = (size_t)inner * TILE_COLS;
    size_t sliver_size = (size_t)inner * TILE_ROWS;
    int chunk = bands_in_cache(panel_size);
    float tile[TILE_ROWS][TILE_COLS];
    for (int band0 = 0; band0 < bands; band0 += chunk) {
        int band1 = band0 + chunk < bands ? band0 + chunk : bands;
        for (int s = first; s < last; s++)
            for (int band = band0; band < band1; band++) {
                multiply_tile(tile, group + (size_t)(s - first) * sliver_size,
                              panels + (size_t)band * panel_size, inner);
                add_tile(c, tile, s, band);
            }
    }
}

/* C += A B for A (rows x inner) and B (inner x cols), both read through
 * strides. B is packed into panels once, A into slivers a group at a
 * time. Each entry of C is one tile's sum whatever the order of the
 * loops, so the order changes the speed and not a bit of C. */
static void multiply_add(mat *c, strided a, strided b, int inner)
{
    int bands = (c->cols + TILE_COLS - 1) / TILE_COLS;
    int slivers = (c->rows + TILE_ROWS - 1) / TILE_ROWS;
    int held = slivers < SLIVER_GROUP ? slivers : SLIVER_GROUP;
    size_t panel_size = (size_t)inner * TILE_COLS;
    size_t sliver_size = (size_t)inner * TILE_ROWS;
    float *panels = scratch_for((size_t)bands * panel_size +
                                (size_t)held * sliver_size);
    float *group = panels + (size_t)bands * panel_size;
    for (int band = 0; band < bands; band++)
        pack_panel(panels + (size_t)band * panel_size, b, inner,
                   band * TILE_COLS, tile_extent(c->cols, band, TILE_COLS));
    for (int first = 0; first < slivers; first += held) {
        int last = first + held < slivers ? first + held : slivers;
        for (int s = first; s < last; s++)
            pack_sliver(group + (size_t)(s - first) * sliver_size, a, inner,
                        s * TILE_ROWS, tile_extent(c->rows, s, TILE_ROWS));
        multiply_group(c, group, first, last, panels, bands, inner);
    }
}
//< multiply-add

void mat_mul_add(mat *c, const mat *a, const mat *b)
{
    CHECK(a->cols == b->rows && c->rows == a->rows && c->cols == b->cols,
          "(%d x %d) += (%d x %d)(%d x %d)", c->rows, c->cols, a->rows,
          a->cols, b->rows, b->cols);
    multiply_add(c, as_is(a), as_is(b), a->cols);
}

void mat_mul_add_bt(mat *c, const mat *a, const mat *b)
{
    CHECK(a->cols == b->cols && c->rows == a->rows && c->cols == b->rows,
          "(%d x %d) += (%d x %d)(%d x %d)^T", c->rows, c->cols, a->rows,
          a->cols, b->rows, b->cols);
    multiply_add(c, as_is(a), transposed(b), a->cols);
}

void mat_mul_add_at(mat *c, const mat *a, const mat *b)
{
    CHECK(a->rows == b->rows && c->rows == a->cols && c->cols == b->cols,
          "(%d x %d) += (%d x %d)^T(%d x %d)", c->rows, c->cols, a->rows,
          a->cols, b->rows, b->cols);
    multiply_add(c, transposed(a), as_is(b), a->rows);
}

int mat_argmax_row(const mat *a, int i)
{
    const float *row = mat_row(a, i);
    int best = 0;
    for (int j = 1; j < a->cols; j++)
        if (row[j] > row[best])
            best = j;
    return best;
}

/* Modified Gram-Schmidt: each row loses its parts along the rows already
 * done, then is scaled to length 1. */
void mat_orthonormalize_rows(mat *q)
{
    for (int i = 0; i < q->rows; i++) {
        float *row = mat_row(q, i);
        for (int k = 0; k < i; k++) {
            const float *done = mat_row(q, k);
            double dot = 0;
            for (int j = 0; j < q->cols; j++)
                dot += (double)row[j] * done[j];
            for (int j = 0; j < q->cols; j++)
                row[j] -= (float)dot * done[j];
        }
        double norm = 0;
        for (int j = 0; j < q->cols; j++)
            norm += (double)row[j] * row[j];
        float scale = norm > 0 ? (float)(1.0 / sqrt(norm)) : 0;
        for (int j = 0; j < q->cols; j++)
            row[j] *= scale;
    }
}
