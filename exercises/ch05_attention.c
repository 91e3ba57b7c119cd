/* ch05_attention.c - the exercises of chapter 05 (contracts in
 * ch05_attention.h).
 *
 * Dimensions: n_q = queries, n_k = keys and values, d_k = features of a
 * query or key, d_v = features of a value.
 *
 * Write each function between its TODO line and the closing brace, then run
 * make grade CH=05. The experiment (make run CH=05) runs with your code.
 * Make any helper function you add static, so that its name cannot clash
 * with a function of the kit.
 */
#include "ch05_attention.h"

#include <math.h>

//> attention-scores
void attention_scores(float *scores, const float *query, const mat *keys)
{
    // TODO(ch05.1): write this (then delete this line).
    (void)scores, (void)query, (void)keys;
}
//< attention-scores

//> masked-softmax
void masked_softmax(float *weights, const float *s, int count)
{
    // TODO(ch05.2): write this (then delete this line).
    (void)weights, (void)s, (void)count;
}
//< masked-softmax

//> soft-lookup
void soft_lookup(float *out, const float *weights, const mat *values)
{
    // TODO(ch05.3): write this (then delete this line).
    (void)out, (void)weights, (void)values;
}
//< soft-lookup

//> causal-mask
void causal_mask(mat *mask)
{
    // TODO(ch05.4): write this (then delete this line).
    (void)mask;
}
//< causal-mask

//> attention-forward
void attention_forward(mat *out, mat *weights, const mat *q, const mat *k,
                       const mat *v, const mat *mask)
{
    // TODO(ch05.5): write this (then delete this line).
    (void)out, (void)weights, (void)q, (void)k, (void)v, (void)mask;
}
//< attention-forward

//> attention-backward
void attention_backward(mat *dq, mat *dk, mat *dv, const mat *dout,
                        const mat *q, const mat *k, const mat *v,
                        const mat *weights, mat *scratch)
{
    // TODO(ch05.6): write this (then delete this line).
    (void)dq, (void)dk, (void)dv, (void)dout, (void)q, (void)k;
    (void)v, (void)weights, (void)scratch;
}
//< attention-backward
