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
    // BEGIN SOLUTION ch07.1
    int *order = kit_alloc((size_t)count, sizeof(int));
    int *taken = kit_alloc((size_t)classes, sizeof(int));
    for (int i = 0; i < count; i++)
        order[i] = i;
    rng_shuffle(r, order, count);
    int picked = 0;
    for (int i = 0; i < count && picked < classes * per_class; i++) {
        int row = order[i];
        if (taken[labels[row]] < per_class) {
            taken[labels[row]]++;
            rows[picked++] = row;
        }
    }
    free(taken);
    free(order);
    return picked;
    //stub: (void)rows, (void)labels, (void)count, (void)classes;
    //stub: (void)per_class, (void)r;
    //stub: return 0;
    // END SOLUTION
}
//< pick-per-class

//> classifier-forward
void classifier_forward(classifier *c, const mat *x)
{
    // BEGIN SOLUTION ch07.2
    int n = x->rows;
    c->rows = n;
    mat pre1 = mat_rows(&c->pre1, 0, n), h1 = mat_rows(&c->h1, 0, n);
    mat pre2 = mat_rows(&c->pre2, 0, n), z = mat_rows(&c->z, 0, n);
    mat logits = mat_rows(&c->logits, 0, n);
    nn_dense_forward(&pre1, x, &c->W1, &c->b1);
    nn_relu_forward(&h1, &pre1);
    nn_dense_forward(&pre2, &h1, &c->W2, &c->b2);
    if (c->code_relu)
        nn_relu_forward(&z, &pre2);
    else
        mat_copy(&z, &pre2);
    nn_dense_forward(&logits, &z, &c->W3, &c->b3);
    //stub: (void)c, (void)x;
    // END SOLUTION
}
//< classifier-forward

//> head-loss
float head_loss(classifier *c, const int *labels, int train_encoder)
{
    // BEGIN SOLUTION ch07.3
    int n = c->rows;
    if (n == 0)
        return 0.0f;
    mat logits = mat_rows(&c->logits, 0, n);
    mat probs = mat_rows(&c->probs, 0, n), z = mat_rows(&c->z, 0, n);
    mat dlogits = mat_rows(&c->dlogits, 0, n);
    float loss = nn_softmax_xent_forward(&probs, &logits, labels);
    mat_fill(&dlogits, 0);
    nn_softmax_xent_backward(&dlogits, &probs, labels);
    mat_fill(&c->dW3, 0);
    mat_fill(&c->db3, 0);
    mat dz = mat_rows(&c->dz, 0, n);
    if (train_encoder)
        mat_fill(&dz, 0);
    nn_dense_backward(train_encoder ? &dz : NULL, &c->dW3, &c->db3,
                      &dlogits, &z, &c->W3);
    return loss;
    //stub: (void)c, (void)labels, (void)train_encoder;
    //stub: return 0.0f;
    // END SOLUTION
}
//< head-loss

//> finetune-step
float finetune_step(classifier *c, const mat *x, const int *labels,
                    float encoder_lr, float head_lr)
{
    // BEGIN SOLUTION ch07.4
    int train_encoder = encoder_lr > 0, n = x->rows;
    classifier_forward(c, x);
    float loss = head_loss(c, labels, train_encoder);
    if (train_encoder) { /* back through f: z, then h1; x needs nothing */
        mat pre1 = mat_rows(&c->pre1, 0, n), h1 = mat_rows(&c->h1, 0, n);
        mat pre2 = mat_rows(&c->pre2, 0, n), dz = mat_rows(&c->dz, 0, n);
        mat dpre2 = mat_rows(&c->dpre2, 0, n), dh1 = mat_rows(&c->dh1, 0, n);
        mat dpre1 = mat_rows(&c->dpre1, 0, n);
        params_zero_grad(&c->encoder);
        if (c->code_relu) {
            mat_fill(&dpre2, 0);
            nn_relu_backward(&dpre2, &dz, &pre2);
        } else {
            mat_copy(&dpre2, &dz);
        }
        mat_fill(&dh1, 0);
        nn_dense_backward(&dh1, &c->dW2, &c->db2, &dpre2, &h1, &c->W2);
        mat_fill(&dpre1, 0);
        nn_relu_backward(&dpre1, &dh1, &pre1);
        nn_dense_backward(NULL, &c->dW1, &c->db1, &dpre1, x, &c->W1);
        c->encoder_opt.lr = encoder_lr;
        adam_step(&c->encoder_opt, &c->encoder);
    }
    c->head_opt.lr = head_lr;
    adam_step(&c->head_opt, &c->head);
    return loss;
    //stub: (void)c, (void)x, (void)labels, (void)encoder_lr, (void)head_lr;
    //stub: return 0.0f;
    // END SOLUTION
}
//< finetune-step

//> confusion-matrix
float confusion_matrix(int *counts, const mat *logits, const int *labels,
                       int classes)
{
    // BEGIN SOLUTION ch07.5
    for (int i = 0; i < classes * classes; i++)
        counts[i] = 0;
    int right = 0;
    for (int i = 0; i < logits->rows; i++) {
        const float *scores = mat_row(logits, i);
        int best = 0;
        for (int j = 1; j < classes; j++)
            if (scores[j] > scores[best])
                best = j;
        counts[labels[i] * classes + best]++;
        right += best == labels[i];
    }
    return logits->rows > 0 ? (float)right / (float)logits->rows : 0.0f;
    //stub: (void)counts, (void)logits, (void)labels, (void)classes;
    //stub: return 0.0f;
    // END SOLUTION
}
//< confusion-matrix
