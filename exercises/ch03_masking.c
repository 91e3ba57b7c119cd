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
    // TODO(ch03.1): write this (then delete this line).
    (void)mask, (void)side, (void)patch, (void)ratio, (void)r;
}
//< patch-mask

//> apply-mask
void apply_mask(mat *input, const mat *x, const mat *mask, float fill)
{
    // TODO(ch03.2): write this (then delete this line).
    (void)input, (void)x, (void)mask, (void)fill;
}
//< apply-mask

//> masked-loss
float masked_loss(mat *dxhat, const mat *xhat, const mat *x,
                  const mat *mask)
{
    // TODO(ch03.3): write this (then delete this line).
    (void)dxhat, (void)xhat, (void)x, (void)mask;
    return 0.0f;
}
//< masked-loss

//> next-token-pairs
void next_token_pairs(int *contexts, int *targets, const int *tokens,
                      int length, int n_ctx, int pad)
{
    // TODO(ch03.4): write this (then delete this line).
    (void)contexts, (void)targets, (void)tokens, (void)length;
    (void)n_ctx, (void)pad;
}
//< next-token-pairs

//> mask-tokens
int mask_tokens(int *inputs, int *targets, const int *tokens, int length,
                float fraction, int mask_id, int ignore, rng *r)
{
    // TODO(ch03.5): write this (then delete this line).
    (void)inputs, (void)targets, (void)tokens, (void)length;
    (void)fraction, (void)mask_id, (void)ignore, (void)r;
    return 0;
}
//< mask-tokens
