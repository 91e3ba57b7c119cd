/* training.c - the epoch loop every model of the kit trains with. */
#include "training.h"

void training_start(training *t, int rows, int batch, int epochs,
                    const char *label, const char *unit)
{
    batches_create(&t->order, rows, batch);
    progress_start(&t->bar, label, (long)epochs * batches_per_pass(&t->order),
                   unit, batch);
    if (epochs > 1) /* the time of an epoch includes its evaluation */
        t->bar.lap = batches_per_pass(&t->order);
    t->steps = 0;
}

double training_epoch(training *t, rng *r, training_step step, void *ctx)
{
    double total = 0;
    batches_shuffle(&t->order, r);
    while (batches_next(&t->order)) {
        double loss = step(ctx, &t->order);
        total += loss * t->order.count;
        progress_update(&t->bar, ++t->steps, loss);
    }
    return t->order.rows > 0 ? total / t->order.rows : 0;
}

void training_finish(training *t, double loss)
{
    progress_finish(&t->bar, loss);
    batches_free(&t->order);
}
