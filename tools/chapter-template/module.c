/* @CH@.c - the given code of chapter @NN@: the points, the line and its
 * fitting (contracts in @CH@.h). */
#include "@CH@.h"

#include "core/learn/training.h"

const history_column line_history[2] = {{"epoch", 0}, {"error", 6}};

void points_create(points *p, int count, rng *r)
{
    p->x = mat_create(count, 1);
    p->y = mat_create(count, 1);
    for (int i = 0; i < count; i++) {
        float x = 2 * rng_uniform(r) - 1;
        float noise = 0.1f * rng_normal(r), jump = 3 * rng_normal(r);
        p->x.data[i] = x;
        p->y.data[i] = 2 * x - 1 + noise + (rng_uniform(r) < 0.1f ? jump : 0);
    }
}

void points_free(points *p)
{
    mat_free(&p->x);
    mat_free(&p->y);
}

void line_predict(const line *l, const mat *x, mat *yhat)
{
    for (int i = 0; i < x->rows; i++)
        yhat->data[i] = l->w * x->data[i] + l->b;
}

/* What the steps of a fit keep from one batch to the next. */
typedef struct fitting {
    line *l;
    const points *p;
    float lr;
    mat x, y, yhat, dyhat; /* room for a batch */
} fitting;

/* One step down the gradient on the batch the order names: yhat = w x + b,
 * so dL/dw = sum dyhat x and dL/db = sum dyhat. */
static double fit_step(void *ctx, const batches *order)
{
    fitting *f = ctx;
    batches_gather(order, &f->x, &f->p->x);
    batches_gather(order, &f->y, &f->p->y);
    mat x = mat_rows(&f->x, 0, order->count);
    mat y = mat_rows(&f->y, 0, order->count);
    mat yhat = mat_rows(&f->yhat, 0, order->count);
    mat dyhat = mat_rows(&f->dyhat, 0, order->count);
    line_predict(f->l, &x, &yhat);
    float error = absolute_error(&dyhat, &yhat, &y);
    float dw = 0, db = 0;
    for (int i = 0; i < x.rows; i++) {
        dw += dyhat.data[i] * x.data[i];
        db += dyhat.data[i];
    }
    f->l->w -= f->lr * dw;
    f->l->b -= f->lr * db;
    return error;
}

float line_fit(line *l, const points *p, const line_plan *plan, rng *r)
{
    int batch = plan->batch;
    fitting f = {.l = l, .p = p, .lr = plan->lr,
                 .x = mat_create(batch, 1), .y = mat_create(batch, 1),
                 .yhat = mat_create(batch, 1), .dyhat = mat_create(batch, 1)};
    training t;
    training_start(&t, p->x.rows, batch, plan->epochs, "line", "points");
    double error = 0;
    for (int epoch = 1; epoch <= plan->epochs; epoch++) {
        error = training_epoch(&t, r, fit_step, &f);
        history_add(plan->history, (double[]){epoch, error});
    }
    training_finish(&t, error);
    mat *all[] = {&f.x, &f.y, &f.yhat, &f.dyhat};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        mat_free(all[i]);
    return (float)error;
}
