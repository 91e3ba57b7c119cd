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
    // BEGIN SOLUTION ch05.1
    for (int i = 0; i < keys->rows; i++) {
        const float *key = mat_row(keys, i);
        float dot = 0;
        for (int j = 0; j < keys->cols; j++)
            dot += query[j] * key[j];
        scores[i] = dot;
    }
    //stub: (void)scores, (void)query, (void)keys;
    // END SOLUTION
}
//< attention-scores

//> masked-softmax
void masked_softmax(float *weights, const float *s, int count)
{
    // BEGIN SOLUTION ch05.2
    float top = -INFINITY;
    for (int i = 0; i < count; i++)
        top = s[i] > top ? s[i] : top;
    if (top == -INFINITY) { /* everything masked: nothing to attend to */
        for (int i = 0; i < count; i++)
            weights[i] = 0;
        return;
    }
    double total = 0;
    for (int i = 0; i < count; i++) {
        weights[i] = expf(s[i] - top); /* exp(-inf) is exactly 0 */
        total += weights[i];
    }
    for (int i = 0; i < count; i++)
        weights[i] = (float)(weights[i] / total);
    //stub: (void)weights, (void)s, (void)count;
    // END SOLUTION
}
//< masked-softmax

//> soft-lookup
void soft_lookup(float *out, const float *weights, const mat *values)
{
    // BEGIN SOLUTION ch05.3
    for (int j = 0; j < values->cols; j++)
        out[j] = 0;
    for (int i = 0; i < values->rows; i++) {
        const float *value = mat_row(values, i);
        for (int j = 0; j < values->cols; j++)
            out[j] += weights[i] * value[j];
    }
    //stub: (void)out, (void)weights, (void)values;
    // END SOLUTION
}
//< soft-lookup

//> causal-mask
void causal_mask(mat *mask)
{
    // BEGIN SOLUTION ch05.4
    for (int i = 0; i < mask->rows; i++)
        for (int j = 0; j < mask->cols; j++)
            mat_set(mask, i, j, j <= i ? 0.0f : -INFINITY);
    //stub: (void)mask;
    // END SOLUTION
}
//< causal-mask

//> attention-forward
void attention_forward(mat *out, mat *weights, const mat *q, const mat *k,
                       const mat *v, const mat *mask)
{
    // BEGIN SOLUTION ch05.5
    float scale = 1.0f / sqrtf((float)q->cols);
    mat_fill(weights, 0);
    mat_mul_add_bt(weights, q, k); /* the scores q k^T, n_q x n_k */
    for (int i = 0; i < weights->rows; i++) {
        float *row = mat_row(weights, i);
        for (int j = 0; j < weights->cols; j++)
            row[j] = row[j] * scale + (mask ? mat_get(mask, i, j) : 0.0f);
        masked_softmax(row, row, weights->cols);
    }
    mat_fill(out, 0);
    mat_mul_add(out, weights, v);
    //stub: (void)out, (void)weights, (void)q, (void)k, (void)v, (void)mask;
    // END SOLUTION
}
//< attention-forward

//> attention-backward
void attention_backward(mat *dq, mat *dk, mat *dv, const mat *dout,
                        const mat *q, const mat *k, const mat *v,
                        const mat *weights, mat *scratch)
{
    // BEGIN SOLUTION ch05.6
    float scale = 1.0f / sqrtf((float)q->cols);
    mat_fill(dv, 0);
    mat_mul_add_at(dv, weights, dout); /* dv = P^T dout */
    mat_fill(scratch, 0);
    mat_mul_add_bt(scratch, dout, v); /* dP = dout v^T */
    for (int i = 0; i < scratch->rows; i++) {
        const float *p = mat_row(weights, i);
        float *dp = mat_row(scratch, i), along = 0;
        for (int j = 0; j < scratch->cols; j++)
            along += p[j] * dp[j];
        for (int j = 0; j < scratch->cols; j++)
            dp[j] = p[j] * (dp[j] - along) * scale; /* beta dS */
    }
    mat_fill(dq, 0);
    mat_mul_add(dq, scratch, k);
    mat_fill(dk, 0);
    mat_mul_add_at(dk, scratch, q);
    //stub: (void)dq, (void)dk, (void)dv, (void)dout, (void)q, (void)k;
    //stub: (void)v, (void)weights, (void)scratch;
    // END SOLUTION
}
//< attention-backward
