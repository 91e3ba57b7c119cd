/* @CH@.h - chapter @NN@: @Title@.
 *
 * Made by tools/new-chapter as a working start: a line fitted to noisy
 * points by gradient descent on the mean absolute error, which the one
 * exercise computes. Replace the data, the model and the exercise with
 * the chapter's own, and keep the shape of the files.
 *
 * Dimensions: N = points, n = points in a batch.
 *
 * Exercises (you write them in exercises/@CH@.c):
 *   ch@NN@.1  absolute_error   the mean absolute error and its gradient
 * Given (src/@CH@.c): the points, the line and its fitting.
 *
 * Grade:  make grade CH=@NN@
 * Run:    make run CH=@NN@      (results in build/data/ch@NN@/)
 * Plot:   make plots CH=@NN@    (figures in build/plots/)
 */
#ifndef @GUARD@
#define @GUARD@

#include "core/infra/exercise.h"
#include "core/infra/history.h"
#include "core/learn/mat.h"
#include "core/learn/rng.h"

/* ---- Exercises -------------------------------------------------------- */

/* ch@NN@.1 - The mean absolute error of predictions yhat against targets y,
 * two matrices of one shape: the mean of |yhat - y| over every entry (0
 * when there is none). Overwrites dyhat with its gradient,
 * sign(yhat - y) / (number of entries), 0 where the two are equal.
 *
 * Hint: sum in a double.
 */
float absolute_error(mat *dyhat, const mat *yhat, const mat *y) WRITES(dyhat);

/* ---- Given ------------------------------------------------------------ */

/* N points (x, y) near the line y = 2x - 1, a tenth of them thrown far
 * off it: x and y are N x 1. */
typedef struct points {
    mat x, y;
} points;

void points_create(points *p, int count, rng *r);
void points_free(points *p);

typedef struct line {
    float w, b; /* y = w x + b */
} line;

/* yhat = w x + b for each x (both n x 1). */
void line_predict(const line *l, const mat *x, mat *yhat);

typedef struct line_plan {
    int epochs, batch;
    float lr;
    history *history; /* the columns of line_history, or NULL */
} line_plan;

/* A row per epoch: the epoch and the mean absolute error. */
extern const history_column line_history[2];

/* Fits the line to the points by mini-batch gradient descent on
 * absolute_error; returns the mean error of the last epoch. */
float line_fit(line *l, const points *p, const line_plan *plan, rng *r);

#endif
