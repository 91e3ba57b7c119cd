/* ch02_autoencoder.c - the exercises of chapter 02 (contracts in
 * ch02_autoencoder.h).
 *
 * Dimensions: n = images in a batch (or codes), d = pixels, h = hidden
 * units, m = code size, G = codes along each side of a grid.
 *
 * Write each function between its TODO line and the closing brace, then run
 * make grade CH=02. The experiment (make run CH=02) trains with your code.
 * Make any helper function you add static, so that its name cannot clash
 * with a function of the kit.
 */
#include "ch02_autoencoder.h"

#include "core/learn/nn.h"

//> recon-loss
float recon_loss(mat *dxhat, const mat *xhat, const mat *x)
{
    // TODO(ch02.1): write this (then delete this line).
    (void)dxhat, (void)xhat, (void)x;
    return 0.0f;
}
//< recon-loss

//> encoder-forward
void encoder_forward(autoencoder *ae, const mat *x)
{
    // TODO(ch02.2): write this (then delete this line).
    (void)ae, (void)x;
}
//< encoder-forward

//> decoder-forward
void decoder_forward(autoencoder *ae, const mat *z)
{
    // TODO(ch02.3): write this (then delete this line).
    (void)ae, (void)z;
}
//< decoder-forward

//> ae-backward
void ae_backward(autoencoder *ae, const mat *x)
{
    // TODO(ch02.4): write this (then delete this line).
    (void)ae, (void)x;
}
//< ae-backward

//> interpolate-codes
void interpolate_codes(mat *codes, const float *za, const float *zb)
{
    // TODO(ch02.5): write this (then delete this line).
    (void)codes, (void)za, (void)zb;
}
//< interpolate-codes

//> code-grid
void code_grid(mat *codes, int G, float lo1, float hi1, float lo2,
               float hi2)
{
    // TODO(ch02.6): write this (then delete this line).
    (void)codes, (void)G, (void)lo1, (void)hi1, (void)lo2, (void)hi2;
}
//< code-grid
