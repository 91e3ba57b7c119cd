/* ch08_multimodal.c - the exercises of chapter 08 (contracts in
 * ch08_multimodal.h).
 *
 * Dimensions: n = pairs in a batch, D = numbers of a word embedding, e =
 * numbers of the shared space.
 *
 * Write each function between its TODO line and the closing brace, then run
 * make grade CH=08. The experiment (make run CH=08) trains with your code.
 * Make any helper function you add static, so that its name cannot clash
 * with a function of the kit.
 */
#include "ch08_multimodal.h"

#include <math.h>
#include <stdlib.h>

#include "core/infra/error.h"

/* The number of words of caption i: up to its first -1. */
static int caption_length(const int *words, int i)
{
    const int *caption = words + (size_t)i * CAPTION_WORDS;
    int length = 0;
    while (length < CAPTION_WORDS && caption[length] >= 0)
        length++;
    return length;
}

//> text-forward
void text_forward(mat *t, mat *means, const int *words,
                  const mat *embeddings, const mat *W, const mat *b)
{
    // TODO(ch08.1): write this (then delete this line).
    (void)caption_length;
    (void)t, (void)means, (void)words, (void)embeddings, (void)W;
    (void)b;
}
//< text-forward

//> text-backward
void text_backward(mat *dembeddings, mat *dW, mat *db, const mat *dt,
                   const mat *means, const int *words, const mat *W)
{
    // TODO(ch08.2): write this (then delete this line).
    (void)dembeddings, (void)dW, (void)db, (void)dt, (void)means;
    (void)words, (void)W;
}
//< text-backward

//> clip-loss
float clip_loss(mat *du, mat *dv, const mat *u, const mat *v, float tau)
{
    // TODO(ch08.3): write this (then delete this line).
    (void)du, (void)dv, (void)u, (void)v, (void)tau;
    return 0.0f;
}
//< clip-loss

//> zero-shot
void zero_shot(int *predicted, const mat *images, const mat *prompts,
               int templates)
{
    // TODO(ch08.4): write this (then delete this line).
    (void)predicted, (void)images, (void)prompts, (void)templates;
}
//< zero-shot

//> top-k
void top_k(int *best, const float *scores, int count, int k)
{
    // TODO(ch08.5): write this (then delete this line).
    (void)best, (void)scores, (void)count, (void)k;
}
//< top-k

//> recall-at-k
float recall_at_k(const mat *s, const int *query_keys, const int *item_keys,
                  int k)
{
    // TODO(ch08.6): write this (then delete this line).
    (void)s, (void)query_keys, (void)item_keys, (void)k;
    return 0.0f;
}
//< recall-at-k
