/* probe.h - a linear probe: how much of the labels a representation makes
 * easy to read off.
 *
 * A representation is judged by a simple classifier trained on top of it:
 * softmax regression (one dense layer and the softmax cross-entropy loss)
 * on the features, trained with Adam on the training set and measured on
 * the test set. The features are standardised first (mean 0, variance 1
 * per feature, from the training set), so that features of any scale get
 * the same chance.
 *
 * Dimensions: n = examples, d = features, c = classes.
 */
#ifndef KIT_PROBE_H
#define KIT_PROBE_H

#include "core/learn/mat.h"
#include "core/learn/rng.h"

typedef struct probe_plan {
    int epochs, batch;
    float lr;
    const char *label; /* for the progress line */
} probe_plan;

/* Trains on train (n x d, labels in 0 .. c-1) and returns the accuracy on
 * test (in [0, 1]). Neither matrix is changed. */
float probe_accuracy(const mat *train, const int *train_labels,
                     const mat *test, const int *test_labels, int classes,
                     const probe_plan *plan, rng *r);

#endif
