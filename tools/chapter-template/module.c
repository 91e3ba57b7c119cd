/* @CH@.c - the given code of chapter @NN@: the points, the line and its
 * fitting (contracts in @CH@.h). */
#include "@CH@.h"

#include "core/infra/progress.h"

const history_column line_history[2] = {{"epoch", 0}, {"error", 6}};

void points_create(points *p, int n, rng *r)
{
    p->x = mat_create(n, 1);
    p->y = mat_create(n, 1);
    for (int i = 0; i < n; i++) {
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

/* One step down the gradient: yhat = w x + b, so dL/dw = sum dyhat x and
 * dL/db = sum dyhat. */
static void step(line *l, const mat *x, const mat *dyhat, float lr)
{
    float dw = 0, db = 0;
    for (int i = 0; i < x->rows; i++) {
        dw += dyhat->data[i] * x->data[i];
        db += dyhat->data[i];
    }
    l->w -= lr * dw;
    l->b -= lr * db;
}

float line_fit(line *l, const points *p, const line_plan *plan)
{
    int n = p->x.rows;
    mat yhat = mat_create(n, 1), dyhat = mat_create(n, 1);
    progress bar;
    progress_start(&bar, "line", plan->epochs, "points", n);
    float error = 0;
    for (int epoch = 1; epoch <= plan->epochs; epoch++) {
        line_predict(l, &p->x, &yhat);
        error = absolute_error(&dyhat, &yhat, &p->y);
        step(l, &p->x, &dyhat, plan->lr);
        history_add(plan->history, (double[]){epoch, error});
        progress_update(&bar, epoch, error);
    }
    progress_finish(&bar, error);
    mat_free(&yhat);
    mat_free(&dyhat);
    return error;
}
