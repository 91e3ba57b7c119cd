/* ch03_masking.c - the exercises of chapter 03 (contracts in
 * ch03_masking.h).
 *
 * Dimensions: n = images in a batch, d = pixels, n_p = patches of an image,
 * T = tokens of a sequence, n_ctx = context length.
 *
 * Write each function between its TODO line and the closing brace, then run
 * make grade CH=03. The experiment (make run CH=03) trains with your code.
 * Make any helper function you add static, so that its name cannot clash
 * with a function of the kit.
 */
#include "ch03_masking.h"

#include <math.h>
#include <stdlib.h>

#include "core/infra/error.h"

//> patch-mask
void patch_mask(float *mask, int side, int patch, float ratio, rng *r)
{
    // BEGIN SOLUTION ch03.1
    int across = side / patch, patches = across * across;
    int hidden = (int)lroundf(ratio * (float)patches);
    int *order = kit_alloc((size_t)patches, sizeof(int));
    for (int p = 0; p < patches; p++)
        order[p] = p;
    rng_shuffle(r, order, patches); /* the first `hidden` are hidden */
    for (int i = 0; i < side * side; i++)
        mask[i] = 0;
    for (int i = 0; i < hidden; i++) {
        int y0 = order[i] / across * patch, x0 = order[i] % across * patch;
        for (int y = y0; y < y0 + patch; y++)
            for (int x = x0; x < x0 + patch; x++)
                mask[y * side + x] = 1;
    }
    free(order);
    //stub: (void)mask, (void)side, (void)patch, (void)ratio, (void)r;
    // END SOLUTION
}
//< patch-mask

//> apply-mask
void apply_mask(mat *input, const mat *x, const mat *mask, float fill)
{
    // BEGIN SOLUTION ch03.2
    int d = x->cols;
    for (int i = 0; i < x->rows; i++)
        for (int j = 0; j < d; j++) {
            float hidden = mat_get(mask, i, j);
            mat_set(input, i, j, hidden != 0 ? fill : mat_get(x, i, j));
            mat_set(input, i, d + j, hidden);
        }
    //stub: (void)input, (void)x, (void)mask, (void)fill;
    // END SOLUTION
}
//< apply-mask

//> masked-loss
float masked_loss(mat *dxhat, const mat *xhat, const mat *x,
                  const mat *mask)
{
    // BEGIN SOLUTION ch03.3
    size_t count = mat_size(x), hidden = 0;
    for (size_t i = 0; i < count; i++)
        hidden += mask->data[i] != 0;
    double sum = 0;
    for (size_t i = 0; i < count; i++) {
        float error = xhat->data[i] - x->data[i];
        int counts = mask->data[i] != 0;
        sum += counts ? (double)error * error : 0.0;
        dxhat->data[i] = counts ? 2.0f * error / (float)hidden : 0.0f;
    }
    return hidden > 0 ? (float)(sum / (double)hidden) : 0.0f;
    //stub: (void)dxhat, (void)xhat, (void)x, (void)mask;
    //stub: return 0.0f;
    // END SOLUTION
}
//< masked-loss

//> next-token-pairs
void next_token_pairs(int *contexts, int *targets, const int *tokens,
                      int length, int n_ctx, int pad)
{
    // BEGIN SOLUTION ch03.4
    for (int t = 0; t < length; t++) {
        for (int j = 0; j < n_ctx; j++) {
            int from = t - n_ctx + j; /* the j-th of the tokens before t */
            contexts[t * n_ctx + j] = from >= 0 ? tokens[from] : pad;
        }
        targets[t] = tokens[t];
    }
    //stub: (void)contexts, (void)targets, (void)tokens, (void)length;
    //stub: (void)n_ctx, (void)pad;
    // END SOLUTION
}
//< next-token-pairs

//> mask-tokens
int mask_tokens(int *inputs, int *targets, const int *tokens, int length,
                float fraction, int mask_id, int ignore, rng *r)
{
    // BEGIN SOLUTION ch03.5
    int chosen = (int)lroundf(fraction * (float)length);
    int *order = kit_alloc((size_t)length, sizeof(int));
    for (int t = 0; t < length; t++)
        order[t] = t;
    rng_shuffle(r, order, length);
    for (int t = 0; t < length; t++) {
        inputs[t] = tokens[t];
        targets[t] = ignore;
    }
    for (int i = 0; i < chosen; i++) {
        inputs[order[i]] = mask_id;
        targets[order[i]] = tokens[order[i]];
    }
    free(order);
    return chosen;
    //stub: (void)inputs, (void)targets, (void)tokens, (void)length;
    //stub: (void)fraction, (void)mask_id, (void)ignore, (void)r;
    //stub: return 0;
    // END SOLUTION
}
//< mask-tokens
