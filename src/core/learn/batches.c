/* batches.c - the rows of a data set, a batch at a time (see batches.h). */
#include "batches.h"

#include <stdlib.h>
#include <string.h>

#include "core/infra/error.h"

void batches_create(batches *b, int rows, int size)
{
    CHECK(rows >= 0 && size > 0, "%d rows in batches of %d", rows, size);
    *b = (batches){rows, size, kit_alloc(rows > 0 ? (size_t)rows : 1,
                                         sizeof(int)), 0, 0, 0};
    for (int i = 0; i < rows; i++)
        b->order[i] = i;
}

void batches_free(batches *b)
{
    free(b->order);
    *b = (batches){0};
}

void batches_shuffle(batches *b, rng *r)
{
    rng_shuffle(r, b->order, b->rows);
    b->passed = 0;
}

int batches_next(batches *b)
{
    if (b->passed >= b->rows) {
        b->passed = 0; /* the next call starts the next pass */
        return 0;
    }
    b->first = b->passed;
    b->count = b->rows - b->first < b->size ? b->rows - b->first : b->size;
    b->passed += b->count;
    return 1;
}

void batches_gather(const batches *b, mat *into, const mat *data)
{
    CHECK(into->rows >= b->count && into->cols == data->cols,
          "a %d x %d batch for %d rows of %d", into->rows, into->cols,
          b->count, data->cols);
    for (int i = 0; i < b->count; i++)
        memcpy(mat_row(into, i), mat_row(data, batches_row(b, i)),
               (size_t)data->cols * sizeof(float));
}

void batches_gather_labels(const batches *b, int *into, const int *labels)
{
    for (int i = 0; i < b->count; i++)
        into[i] = labels[batches_row(b, i)];
}

long batches_per_pass(const batches *b)
{
    return ((long)b->rows + b->size - 1) / b->size;
}

void batches_map(const mat *x, int size, mat *out, batch_fn f, void *ctx)
{
    CHECK(out->rows == x->rows, "%d rows in, room for %d out", x->rows,
          out->rows);
    batches b;
    batches_create(&b, x->rows, size);
    while (batches_next(&b)) {
        mat rows = mat_rows(x, b.first, b.count);
        mat out_rows = mat_rows(out, b.first, b.count);
        f(ctx, &rows, &out_rows);
    }
    batches_free(&b);
}
