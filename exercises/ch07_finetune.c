/* ch07_finetune.c - the exercises of chapter 07 (contracts in
 * ch07_finetune.h).
 *
 * Dimensions: n = images in a batch, d = pixels, h = hidden units, m =
 * size of the representation, c = classes.
 *
 * Write each function between its TODO line and the closing brace, then run
 * make grade CH=07. The experiment (make run CH=07) trains with your code.
 * Make any helper function you add static, so that its name cannot clash
 * with a function of the kit.
 */
#include "ch07_finetune.h"

#include <math.h>
#include <stdlib.h>

#include "core/infra/error.h"
#include "core/learn/nn.h"

//> pick-per-class
int pick_per_class(int *rows, const int *labels, int count, int classes,
                   int per_class, rng *r)
{
    // TODO(ch07.1): write this (then delete this line).
    (void)rows, (void)labels, (void)count, (void)classes;
    (void)per_class, (void)r;
    return 0;
}
//< pick-per-class

//> classifier-forward
void classifier_forward(classifier *c, const mat *x)
{
    // TODO(ch07.2): write this (then delete this line).
    (void)c, (void)x;
}
//< classifier-forward

//> head-loss
float head_loss(classifier *c, const int *labels, int train_encoder)
{
    // TODO(ch07.3): write this (then delete this line).
    (void)c, (void)labels, (void)train_encoder;
    return 0.0f;
}
//< head-loss

//> finetune-step
float finetune_step(classifier *c, const mat *x, const int *labels,
                    float encoder_lr, float head_lr)
{
    // TODO(ch07.4): write this (then delete this line).
    (void)c, (void)x, (void)labels, (void)encoder_lr, (void)head_lr;
    return 0.0f;
}
//< finetune-step

//> confusion-matrix
float confusion_matrix(int *counts, const mat *logits, const int *labels,
                       int classes)
{
    // TODO(ch07.5): write this (then delete this line).
    (void)counts, (void)logits, (void)labels, (void)classes;
    return 0.0f;
}
//< confusion-matrix
