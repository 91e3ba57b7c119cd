/* batches.h - the rows of a data set, a batch at a time.
 *
 * Every training loop of the kit takes its data in mini-batches: each pass
 * (epoch) visits all the rows once, in a fresh random order, `size` rows
 * at a time, the last batch smaller when size does not divide the rows.
 * training.h runs that loop for every model:
 *
 *     batches b;
 *     batches_create(&b, rows, size);
 *     batches_shuffle(&b, r);            // a new order for this pass
 *     while (batches_next(&b)) {         // b.count rows this time
 *         batches_gather(&b, &x, train); // into x's first b.count rows
 *         ...
 *     }
 *     batches_free(&b);
 *
 * Evaluation goes through large inputs the same way, in order, because a
 * network holds activations for one batch only: without batches_shuffle
 * the rows come in order, b.first to b.first + b.count - 1, and
 * batches_map runs a function over a matrix so.
 */
#ifndef KIT_BATCHES_H
#define KIT_BATCHES_H

#include "core/learn/mat.h"
#include "core/learn/rng.h"

typedef struct batches {
    int rows, size;  /* rows in all, and per batch */
    int *order;      /* the rows in the order of this pass */
    int first, count; /* this batch: positions first .. first + count - 1 */
    int passed;      /* positions taken in this pass */
} batches;

/* Batches of size rows over rows rows, in order until shuffled. */
void batches_create(batches *b, int rows, int size);
void batches_free(batches *b);

/* Starts a pass in a new random order (the order of the previous pass,
 * shuffled with r: the same seed, the same orders). */
void batches_shuffle(batches *b, rng *r);

/* The next batch of the pass: sets first and count and returns 1, or
 * returns 0 at the end of the pass (the next call starts a new one, in
 * the same order). */
int batches_next(batches *b);

/* The row of the data at position i of this batch (0 <= i < count). */
static inline int batches_row(const batches *b, int i)
{
    return b->order[b->first + i];
}

/* Copies this batch's rows of data into the first count rows of into. */
void batches_gather(const batches *b, mat *into, const mat *data);

/* Copies this batch's labels into into[0 .. count - 1]. */
void batches_gather_labels(const batches *b, int *into, const int *labels);

/* The number of batches in a pass. */
long batches_per_pass(const batches *b);

/* Runs f over the rows of x, size at a time and in order: f gets each
 * batch of rows and the same rows of out, to fill. */
typedef void (*batch_fn)(void *ctx, const mat *rows, mat *out_rows);
void batches_map(const mat *x, int size, mat *out, batch_fn f, void *ctx);

#endif
