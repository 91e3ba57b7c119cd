/* test_ch02_autoencoder.c (hidden) - chapter 02's hidden tests, kept out
 * of the students' copy (see grade/graded.h): a network of another shape
 * (6 -> 9 -> 2 -> 9 -> 6), whose every activation the forward passes must
 * fill, pre-activations included (the backward pass reads them); and the
 * backward pass of a one-row batch after a full one, with the activation
 * gradients holding junk. Included by tests/test_ch02_autoencoder.c,
 * whose references they use. */

static void encoder_keeps_pre1_of_another_shape(void **state)
{
    (void)state;
    /* 3 rows of 6 pixels in a batch of 5: pre1, h1 and z, and rows 3
     * and 4 left alone. */
    autoencoder ae = network_of(6, 9, 2, 5, 231);
    mat x = random_mat(3, 6, 1, 0, 232);
    reference_forward(&ae, &x);
    mat want_pre1 = copy_rows(&ae.pre1, 3), want_h1 = copy_rows(&ae.h1, 3);
    mat want_z = copy_rows(&ae.z, 3);
    forget_activations(&ae);
    ae.rows = -1;
    encoder_forward(&ae, &x);
    expect_close("ae->rows", 3, ae.rows, 0);
    mat pre1 = copy_rows(&ae.pre1, 3), h1 = copy_rows(&ae.h1, 3);
    mat z = copy_rows(&ae.z, 3);
    expect_mat_close("pre1 (before the ReLU)", &want_pre1, &pre1, 1e-5);
    expect_mat_close("h1", &want_h1, &h1, 1e-5);
    expect_mat_close("z", &want_z, &z, 1e-5);
    float sevens[2 * 9];
    for (int i = 0; i < 2 * 9; i++)
        sevens[i] = 7;
    expect_all_close("pre1 beyond row 3 (left alone)", sevens,
                     mat_row(&ae.pre1, 3), 2 * 9, 0);
}

static void decoder_keeps_pre4_of_one_code(void **state)
{
    (void)state;
    /* One code of 2 numbers into 6 pixels: pre3, h3, pre4 (before the
     * sigmoid) and xhat. */
    autoencoder ae = network_of(6, 9, 2, 5, 241);
    mat code = random_mat(1, 2, 2, 0, 242);
    reference_decode(&ae, &code);
    mat want_pre3 = copy_rows(&ae.pre3, 1), want_h3 = copy_rows(&ae.h3, 1);
    mat want_pre4 = copy_rows(&ae.pre4, 1);
    mat want_xhat = copy_rows(&ae.xhat, 1);
    forget_activations(&ae);
    ae.rows = -1;
    decoder_forward(&ae, &code);
    expect_close("ae->rows", 1, ae.rows, 0);
    mat pre3 = copy_rows(&ae.pre3, 1), h3 = copy_rows(&ae.h3, 1);
    mat pre4 = copy_rows(&ae.pre4, 1), xhat = copy_rows(&ae.xhat, 1);
    expect_mat_close("pre3 (before the ReLU)", &want_pre3, &pre3, 1e-5);
    expect_mat_close("h3", &want_h3, &h3, 1e-5);
    expect_mat_close("pre4 (before the sigmoid)", &want_pre4, &pre4, 1e-5);
    expect_mat_close("xhat", &want_xhat, &xhat, 1e-5);
}

static void backward_one_row_after_a_full_batch(void **state)
{
    (void)state;
    /* An epoch's last batch is short: rows past ae->rows still hold the
     * full batch before (and dxhat 5s there), the activation gradients
     * hold 7s, left by an earlier call, and the parameter gradients hold
     * random values (a caller accumulating). Only the first row counts,
     * the activation gradients start from 0, and the parameter gradients
     * are added to what they held (taken off before the check). */
    network_probe p = live_network(251, 1);
    mat full = random_images(BATCH, 253);
    reference_forward(&p.ae, &full);
    reference_forward(&p.ae, &p.x);
    mat_fill(&p.ae.dxhat, 5);
    for (int j = 0; j < D; j++) /* of network_loss, as backward_once */
        mat_set(&p.ae.dxhat, 0, j, 2.0f * (mat_get(&p.ae.xhat, 0, j) -
                                           mat_get(&p.x, 0, j)));
    mat *junk[] = {&p.ae.dpre1, &p.ae.dh1, &p.ae.dz, &p.ae.dpre3,
                   &p.ae.dh3, &p.ae.dpre4};
    for (int i = 0; i < 6; i++)
        prefill(junk[i], 7);
    size_t count = p.ae.p.count;
    mat held = random_mat(1, (int)count, 1, 0, 254);
    memcpy(p.ae.p.grads, held.data, count * sizeof(float));
    ae_backward(&p.ae, &p.x);
    for (size_t i = 0; i < count; i++)
        p.ae.p.grads[i] -= held.data[i];
    /* In the order the backward pass computes them. */
    block blocks[] = {{"dW4 (1 row)", &p.ae.W4, &p.ae.dW4},
                      {"db4 (1 row)", &p.ae.b4, &p.ae.db4},
                      {"dW3 (1 row)", &p.ae.W3, &p.ae.dW3},
                      {"db3 (1 row)", &p.ae.b3, &p.ae.db3},
                      {"dW2 (1 row)", &p.ae.W2, &p.ae.dW2},
                      {"db2 (1 row)", &p.ae.b2, &p.ae.db2},
                      {"dW1 (1 row)", &p.ae.W1, &p.ae.dW1},
                      {"db1 (1 row)", &p.ae.b1, &p.ae.db1}};
    check_parameters(&p, saved_gradients(&p), blocks, 8);
}

#define HIDDEN_TESTS                                                     \
    HIDDEN(encoder_keeps_pre1_of_another_shape, "ch02.2", 2),            \
    HIDDEN(decoder_keeps_pre4_of_one_code, "ch02.3", 2),                 \
    HIDDEN(backward_one_row_after_a_full_batch, "ch02.4", 2),
