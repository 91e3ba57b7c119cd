/* ch07_finetune.h - chapter 07: transfer, by final-layer adaptation and
 * fine-tuning.
 *
 * An encoder f trained without labels (chapter 02's auto-encoder, chapter
 * 03's masked auto-encoder, chapter 06's contrastive encoder) is reused on
 * a task with few labels: a new head, one dense layer and the softmax,
 * turns f's representation into class scores. Final-layer adaptation
 * freezes f and trains the head alone; fine-tuning trains both, f with a
 * smaller learning rate; training from scratch starts f at random.
 *
 *     x (d) -> h1 = relu(x W1 + b1) (h) -> z = act(h1 W2 + b2) (m)   f
 *           -> logits = z W3 + b3 (c) -> softmax                    head
 *
 * (act is ReLU for the masked auto-encoder's encoder, none for the
 * others.)
 *
 * Dimensions: n = images in a batch, d = pixels (784), h = hidden units,
 * m = size of the representation, c = classes, N = images of a data set.
 *
 * Exercises (you write them in exercises/ch07_finetune.c):
 *   ch07.1  pick_per_class      a labelled subset, the same for a seed
 *   ch07.2  classifier_forward  images to class scores, through f and head
 *   ch07.3  head_loss           the softmax cross-entropy and its gradient
 *   ch07.4  finetune_step       one step: f frozen, or two learning rates
 *   ch07.5  confusion_matrix    which class is taken for which; accuracy
 * Given (src/ch07_finetune.c): the classifier, loading a pretrained
 * encoder, training on a labelled subset, and evaluation.
 *
 * Grade:  make grade CH=07
 * Run:    make run CH=07      (results in build/data/ch07/; it needs the
 *                              encoders chapters 02, 03 and 06 save, and
 *                              make runs those chapters first)
 * Plot:   make plots CH=07    (figures in build/plots/)
 */
#ifndef CH07_FINETUNE_H
#define CH07_FINETUNE_H

#include "core/infra/exercise.h"
#include "core/learn/mat.h"
#include "core/learn/net.h"
#include "core/learn/optim.h"
#include "core/learn/rng.h"

/* A pretrained encoder f and a new head, with room for a batch. */
typedef struct classifier {
    int d, h, m, classes; /* pixels, hidden units, representation, classes */
    int code_relu;        /* 1: z = relu(h1 W2 + b2); 0: z = h1 W2 + b2 */
    int batch;            /* rows the activations have room for */
    int rows;             /* rows of the last forward pass */
    params encoder;       /* f's parameters: W1, b1, W2, b2, in one block */
    params head;          /* the head's: W3, b3 */
    adam encoder_opt, head_opt; /* an optimiser for each block */
    mat W1, b1, W2, b2;   /* d x h, 1 x h, h x m, 1 x m: views into encoder */
    mat W3, b3;           /* m x c, 1 x c: views into head */
    mat dW1, db1, dW2, db2, dW3, db3; /* their gradients, the same shapes */
    /* Activations, batch rows each; a forward pass fills the first rows
     * rows: batch x h, h, m, m, c, and the softmax's probabilities. */
    mat pre1, h1, pre2, z, logits, probs;
    /* Gradients of the loss with respect to them, the same shapes. */
    mat dpre1, dh1, dpre2, dz, dlogits;
} classifier;

/* ---- Exercises -------------------------------------------------------- */

/* ch07.1 - A labelled subset with per_class examples of each class, the
 * same one for the same state of r.
 *
 * labels[i] in 0 .. classes - 1 is the class of row i, for i < count.
 * Shuffle the row numbers 0 .. count - 1 with rng_shuffle(r, ...), then
 * go through them in that order and take each row whose class has fewer
 * than per_class rows taken so far. Writes the rows taken into rows, in
 * the order taken, and returns how many there are (classes * per_class,
 * or fewer when a class has fewer rows).
 *
 * Hint: count what each class has so far in an array of `classes` ints.
 */
int pick_per_class(int *rows, const int *labels, int count, int classes,
                   int per_class, rng *r)
    WRITES(rows, r) SIZES(rows[classes * per_class], labels[count]);

/* ch07.2 - Class scores for the images x (n x d, n <= c->batch).
 *
 * Sets c->rows = n, then, on the first n rows of each activation:
 *     pre1 = x W1 + b1,  h1 = relu(pre1),  pre2 = h1 W2 + b2,
 *     z = relu(pre2) if c->code_relu, else a copy of pre2,
 *     logits = z W3 + b3.
 */
void classifier_forward(classifier *c, const mat *x)
    WRITES(c->rows, c->pre1, c->h1, c->pre2, c->z, c->logits);

/* ch07.3 - The head's loss and its gradient, after classifier_forward.
 *
 * With n = c->rows and labels[i] the class of row i, sets probs to the
 * softmax of each row of logits and returns the mean cross-entropy
 *     L = 1/n * sum over i of -log probs[i][labels[i]]
 * (0 when n = 0). Sets (overwrites) dlogits = (probs - onehot) / n,
 * dW3 = z^T dlogits and db3 = the column sums of dlogits. Only when
 * train_encoder is 1 does f need the gradient of its output: then it also
 * sets dz = dlogits W3^T; with 0 it leaves dz alone.
 */
float head_loss(classifier *c, const int *labels, int train_encoder)
    WRITES(c->probs, c->dlogits, c->head.grads, c->dz)
    SIZES(labels[c->rows]);

/* ch07.4 - One step of training on a batch x (n x d) with labels.
 *
 * Runs classifier_forward and head_loss, then, if encoder_lr > 0,
 * back-propagates dz through f into dW2, db2, dW1 and db1 (nothing needs
 * the gradient of the images x); the gradients of the parameters
 * trained are left in c->head.grads and c->encoder.grads. Then one Adam
 * step on the head with learning rate head_lr, and, if encoder_lr > 0,
 * one on f with encoder_lr (each block has its own optimiser). With
 * encoder_lr = 0, f is frozen: none of its gradients are computed and
 * neither its parameters nor its optimiser change. Returns the loss.
 *
 * Hint: the kit's nn_dense_backward and nn_relu_backward add to what
 * they fill: clear the gradients first.
 */
float finetune_step(classifier *c, const mat *x, const int *labels,
                    float encoder_lr, float head_lr)
    WRITES(c->rows, c->encoder, c->head, c->encoder_opt, c->head_opt,
           c->pre1, c->h1, c->pre2, c->z, c->logits, c->probs, c->dpre1,
           c->dh1, c->dpre2, c->dz, c->dlogits)
    SIZES(labels[x->rows]);

/* ch07.5 - The confusion matrix of class scores, and the accuracy.
 *
 * logits: n x classes; labels[i] is row i's true class. The predicted
 * class of row i is the column of its largest score (the lowest column on
 * a tie). Sets counts[t * classes + p] to the number of rows of true
 * class t predicted as p, and returns the share of rows predicted right,
 * in [0, 1] (0 when n = 0).
 */
float confusion_matrix(int *counts, const mat *logits, const int *labels,
                       int classes)
    WRITES(counts) SIZES(counts[classes * classes], labels[logits->rows]);

/* ---- Given: the classifier -------------------------------------------- */

/* A classifier d -> h -> m -> classes with room for batch rows: f
 * He-initialised from r (all zero when r is NULL), the head and the
 * biases zero. */
void classifier_create(classifier *c, int d, int h, int m, int classes,
                       int code_relu, int batch, rng *r);
void classifier_free(classifier *c);

/* Copies f's weights (and nothing else) from one classifier of the same
 * shape to another. */
void classifier_copy_encoder(classifier *to, const classifier *from);

/* Sets f's weights from the first two layers of a network of f's
 * shape. */
void classifier_set_encoder(classifier *c, const net *f);

/* Loads f from a checkpoint of two layers, d -> h (ReLU) -> m (ReLU when
 * c->code_relu, linear otherwise). 0, or -1 with a message. */
int classifier_load_encoder(classifier *c, const char *path);

/* The representations z (N x m) of the images x (N x d). */
void classifier_features(classifier *c, const mat *x, mat *features);

/* The share of the images x (N x d) classified right, and with confusion
 * not NULL their confusion matrix (classes x classes counts). */
float classifier_accuracy(classifier *c, const mat *x, const int *labels,
                          int *confusion);

/* ---- Given: training on a labelled subset ----------------------------- */

typedef struct finetune_plan {
    int steps, batch;          /* Adam steps, and images in each */
    float encoder_lr, head_lr; /* encoder_lr 0: f frozen */
} finetune_plan;

/* Trains c on the rows x (N x d) with labels, passing over them in a
 * fresh random order each time; returns the mean loss of the last
 * hundred steps. */
float finetune_train(classifier *c, const finetune_plan *plan, const mat *x,
                     const int *labels, rng *r);

/* Final-layer adaptation made cheap: f is frozen, so f(x) never changes
 * and is computed once. Trains the head alone on the representations z
 * (N x m) with labels, as finetune_train would with encoder_lr = 0. */
float head_train(classifier *c, const finetune_plan *plan, const mat *z,
                 const int *labels, rng *r);

/* The share of representations z (N x m) the head classifies right, and
 * their confusion matrix (or NULL). */
float head_accuracy(classifier *c, const mat *z, const int *labels,
                    int *confusion);

#endif
