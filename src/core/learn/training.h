/* training.h - the epoch loop every model of the kit trains with.
 *
 * A run makes `epochs` passes over the rows of a training set, each in a
 * fresh random order, a batch at a time, and keeps a progress line of one
 * step a batch. What a step does is the model's own: it gets the batch's
 * order->count rows (the i-th is row batches_row(order, i) of the data)
 * and returns their mean loss.
 *
 *     training t;
 *     training_start(&t, train.rows, 64, epochs, "m = 32", "images");
 *     double loss = 0;
 *     for (int epoch = 1; epoch <= epochs; epoch++) {
 *         loss = training_epoch(&t, r, my_step, &my_model);
 *         ...                           // evaluate, add to a history
 *     }
 *     training_finish(&t, loss);
 */
#ifndef KIT_TRAINING_H
#define KIT_TRAINING_H

#include "core/infra/progress.h"
#include "core/learn/batches.h"
#include "core/learn/rng.h"

typedef struct training {
    batches order; /* the rows, in this epoch's order */
    progress bar;  /* one step a batch */
    long steps;    /* batches so far */
} training;

/* The work of one batch: the order->count rows that order names; returns
 * their mean loss. */
typedef double (*training_step)(void *ctx, const batches *order);

/* label and unit are for the progress line (kept, not copied). */
void training_start(training *t, int rows, int batch, int epochs,
                    const char *label, const char *unit);

/* One pass over the rows in a fresh random order, step(ctx, order) for
 * each batch; returns the mean loss over the rows. */
double training_epoch(training *t, rng *r, training_step step, void *ctx);

/* Ends the progress line with the last loss, and frees the order. */
void training_finish(training *t, double loss);

#endif
