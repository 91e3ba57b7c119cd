/* exercise.h - how a chapter's header tells the grader about its exercises.
 *
 * An exercise's prototype ends with what the function may change and how
 * long each of its plain arrays is:
 *
 *     float softmax_xent(mat *dlogits, const mat *logits, const int *labels)
 *         WRITES(dlogits) SIZES(labels[logits->rows]);
 *
 * WRITES names the arguments (or their fields, `ae->rows`, `ae->pre1`)
 * whose contents the function may change; everything else it only reads.
 * A matrix carries its own size; every other pointer gets its number of
 * elements in SIZES, as an expression of the other arguments.
 *
 * The compiler ignores both. tools/make-calls reads them to generate the
 * grader's two halves of every exercise call: the judge's stand-in, which
 * sends the arguments to the sandboxed worker that runs your code and
 * copies back what WRITES allows, and the worker's side, which calls your
 * function (see tests/grade/calls.h).
 *
 * A chapter also names the kit functions its exercises may not call,
 * because they would do the exercise's work:
 *
 *     EXERCISES_MAY_NOT_CALL(nn_dense_forward, nn_dense_backward)
 */
#ifndef KIT_EXERCISE_H
#define KIT_EXERCISE_H

#define WRITES(...)
#define SIZES(...)
#define EXERCISES_MAY_NOT_CALL(...)

#endif
