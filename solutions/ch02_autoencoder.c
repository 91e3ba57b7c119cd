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
    // BEGIN SOLUTION ch02.1
    size_t count = mat_size(x);
    if (count == 0)
        return 0.0f;
    double sum = 0;
    for (size_t i = 0; i < count; i++) {
        float error = xhat->data[i] - x->data[i];
        sum += (double)error * error;
        dxhat->data[i] = 2.0f * error / (float)count;
    }
    return (float)(sum / (double)count);
    //stub: (void)dxhat, (void)xhat, (void)x;
    //stub: return 0.0f;
    // END SOLUTION
}
//< recon-loss

//> encoder-forward
void encoder_forward(autoencoder *ae, const mat *x)
{
    // BEGIN SOLUTION ch02.2
    ae->rows = x->rows;
    mat pre1 = ae_rows(ae, &ae->pre1), h1 = ae_rows(ae, &ae->h1);
    mat z = ae_rows(ae, &ae->z);
    nn_dense_forward(&pre1, x, &ae->W1, &ae->b1);
    nn_relu_forward(&h1, &pre1);
    nn_dense_forward(&z, &h1, &ae->W2, &ae->b2); /* linear: the code */
    //stub: (void)ae, (void)x;
    // END SOLUTION
}
//< encoder-forward

//> decoder-forward
void decoder_forward(autoencoder *ae, const mat *z)
{
    // BEGIN SOLUTION ch02.3
    ae->rows = z->rows;
    mat pre3 = ae_rows(ae, &ae->pre3), h3 = ae_rows(ae, &ae->h3);
    mat pre4 = ae_rows(ae, &ae->pre4), xhat = ae_rows(ae, &ae->xhat);
    nn_dense_forward(&pre3, z, &ae->W3, &ae->b3);
    nn_relu_forward(&h3, &pre3);
    nn_dense_forward(&pre4, &h3, &ae->W4, &ae->b4);
    nn_sigmoid_forward(&xhat, &pre4); /* pixels in (0, 1) */
    //stub: (void)ae, (void)z;
    // END SOLUTION
}
//< decoder-forward

//> ae-backward
void ae_backward(autoencoder *ae, const mat *x)
{
    // BEGIN SOLUTION ch02.4
    mat dxhat = ae_rows(ae, &ae->dxhat), xhat = ae_rows(ae, &ae->xhat);
    mat dpre4 = ae_rows(ae, &ae->dpre4), h3 = ae_rows(ae, &ae->h3);
    mat dh3 = ae_rows(ae, &ae->dh3), pre3 = ae_rows(ae, &ae->pre3);
    mat dpre3 = ae_rows(ae, &ae->dpre3), z = ae_rows(ae, &ae->z);
    mat dz = ae_rows(ae, &ae->dz), h1 = ae_rows(ae, &ae->h1);
    mat dh1 = ae_rows(ae, &ae->dh1), pre1 = ae_rows(ae, &ae->pre1);
    mat dpre1 = ae_rows(ae, &ae->dpre1);
    mat *fresh[] = {&dpre4, &dh3, &dpre3, &dz, &dh1, &dpre1};
    for (int i = 0; i < 6; i++)
        mat_fill(fresh[i], 0); /* the backward passes add to them */
    /* The decoder, from the output back to the code... */
    nn_sigmoid_backward(&dpre4, &dxhat, &xhat);
    nn_dense_backward(&dh3, &ae->dW4, &ae->db4, &dpre4, &h3, &ae->W4);
    nn_relu_backward(&dpre3, &dh3, &pre3);
    nn_dense_backward(&dz, &ae->dW3, &ae->db3, &dpre3, &z, &ae->W3);
    /* ...and the encoder, from the code back to the input. */
    nn_dense_backward(&dh1, &ae->dW2, &ae->db2, &dz, &h1, &ae->W2);
    nn_relu_backward(&dpre1, &dh1, &pre1);
    nn_dense_backward(NULL, &ae->dW1, &ae->db1, &dpre1, x, &ae->W1);
    //stub: (void)ae, (void)x;
    // END SOLUTION
}
//< ae-backward

//> interpolate-codes
void interpolate_codes(mat *codes, const float *za, const float *zb)
{
    // BEGIN SOLUTION ch02.5
    int n = codes->rows;
    for (int s = 0; s < n; s++) {
        float t = n > 1 ? (float)s / (float)(n - 1) : 0.0f;
        for (int j = 0; j < codes->cols; j++)
            mat_set(codes, s, j, (1.0f - t) * za[j] + t * zb[j]);
    }
    //stub: (void)codes, (void)za, (void)zb;
    // END SOLUTION
}
//< interpolate-codes

//> code-grid
void code_grid(mat *codes, int G, float lo1, float hi1, float lo2,
               float hi2)
{
    // BEGIN SOLUTION ch02.6
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++) {
            mat_set(codes, i * G + j, 0,
                    lo1 + (hi1 - lo1) * (float)j / (float)(G - 1));
            mat_set(codes, i * G + j, 1,
                    hi2 - (hi2 - lo2) * (float)i / (float)(G - 1));
        }
    //stub: (void)codes, (void)G, (void)lo1, (void)hi1, (void)lo2, (void)hi2;
    // END SOLUTION
}
//< code-grid
