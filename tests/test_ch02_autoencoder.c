/* test_ch02_autoencoder.c - graded tests of chapter 02 (make grade CH=02).
 *
 * The tests use a small auto-encoder (7 -> 5 -> 3 -> 5 -> 7) with random
 * weights and biases, and compare your functions with a reference built
 * from the kit's layers. Each test checks one exercise: the backward test
 * fills the activations with the reference forward pass, so that a broken
 * encoder does not also fail the backward pass. Every test runs in a
 * process of its own, so the tests do not free what they make.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ch02_autoencoder.h"
#include "core/learn/gradcheck.h"
#include "core/learn/nn.h"
#include "grade/graded.h"

#define TOL 1e-5
#define GRAD_TOL 1e-2
enum { D = 7, H = 5, M = 3, BATCH = 4 };

/* A d -> h -> m -> h -> d network for batches of up to `batch` rows,
 * with every weight and bias random and non-zero. */
static autoencoder network_of(int d, int h, int m, int batch,
                              uint64_t seed)
{
    rng r;
    rng_seed(&r, test_seed(seed));
    autoencoder ae;
    ae_create(&ae, d, h, m, batch, &r);
    for (size_t i = 0; i < ae.p.count; i++)
        ae.p.values[i] = rng_normal(&r) * 0.8f;
    return ae;
}

/* The small network the public tests use. */
static autoencoder small_network(uint64_t seed)
{
    return network_of(D, H, M, BATCH, seed);
}

/* Images with pixels in [0, 1]. */
static mat random_images(int n, uint64_t seed)
{
    rng r;
    rng_seed(&r, test_seed(seed));
    mat x = mat_create(n, D);
    for (size_t i = 0; i < mat_size(&x); i++)
        x.data[i] = rng_uniform(&r);
    return x;
}

/* The reference decoder, from the kit's layers, into the network's own
 * activations (what decoder_forward should do). */
static void reference_decode(autoencoder *ae, const mat *codes)
{
    ae->rows = codes->rows;
    mat pre3 = ae_rows(ae, &ae->pre3), h3 = ae_rows(ae, &ae->h3);
    mat pre4 = ae_rows(ae, &ae->pre4), xhat = ae_rows(ae, &ae->xhat);
    nn_dense_forward(&pre3, codes, &ae->W3, &ae->b3);
    nn_relu_forward(&h3, &pre3);
    nn_dense_forward(&pre4, &h3, &ae->W4, &ae->b4);
    nn_sigmoid_forward(&xhat, &pre4);
}

/* The reference forward pass, encoder then decoder (what
 * encoder_forward and decoder_forward should do). */
static void reference_forward(autoencoder *ae, const mat *x)
{
    ae->rows = x->rows;
    mat pre1 = ae_rows(ae, &ae->pre1), h1 = ae_rows(ae, &ae->h1);
    mat z = ae_rows(ae, &ae->z);
    nn_dense_forward(&pre1, x, &ae->W1, &ae->b1);
    nn_relu_forward(&h1, &pre1);
    nn_dense_forward(&z, &h1, &ae->W2, &ae->b2);
    reference_decode(ae, &z);
}

/* Fills every activation with 7s: a forward pass under test sees the
 * whole network, and must not find there what the reference left. */
static void forget_activations(autoencoder *ae)
{
    mat *all[] = {&ae->pre1, &ae->h1, &ae->z, &ae->pre3, &ae->h3,
                  &ae->pre4, &ae->xhat};
    for (int i = 0; i < 7; i++)
        prefill(all[i], 7);
}

/* A copy of the first `rows` rows of an activation. */
static mat copy_rows(const mat *activation, int rows)
{
    mat part = mat_rows(activation, 0, rows), copy = mat_create(rows,
                                                                part.cols);
    mat_copy(&copy, &part);
    return copy;
}

/* ---- ch02.1 recon_loss ------------------------------------------------ */

static void recon_loss_hand_computed(void **state)
{
    (void)state;
    mat xhat = mat_of(2, 2, (float[]){0.5f, 1, 0, 0.25f});
    mat x = mat_of(2, 2, (float[]){0, 0.75f, 0.5f, 0});
    mat dxhat = mat_create(2, 2);
    test_inputs("inputs: xhat = [0.5 1; 0 0.25], x = [0 0.75; 0.5 0] "
                "(\"Measuring a reconstruction\", chapter 02)");
    prefill(&dxhat, 9);
    /* Errors 0.5, 0.25, -0.5, 0.25: squared and averaged over 4 pixels,
     * (0.25 + 0.0625 + 0.25 + 0.0625) / 4; the gradient 2 error / 4. */
    expect_close("loss", 0.15625, recon_loss(&dxhat, &xhat, &x), TOL);
    mat want = mat_of(2, 2, (float[]){0.25f, 0.125f, -0.25f, 0.125f});
    expect_mat_close("dxhat (it held 9s before the call)", &want, &dxhat,
                     TOL);
}

typedef struct loss_probe {
    mat xhat, x, scratch;
} loss_probe;

static double probe_loss(void *ctx)
{
    loss_probe *p = ctx;
    double sum = 0;
    for (size_t i = 0; i < mat_size(&p->x); i++) {
        double e = (double)p->xhat.data[i] - p->x.data[i];
        sum += e * e;
    }
    return sum / (double)mat_size(&p->x);
}

static void recon_loss_finite_differences(void **state)
{
    (void)state;
    loss_probe p = {random_images(3, 11), random_images(3, 12),
                    mat_create(3, D)};
    recon_loss(&p.scratch, &p.xhat, &p.x);
    expect_gradient("dxhat", gradcheck(probe_loss, &p, p.xhat.data,
                                       p.scratch.data, mat_size(&p.x), 1e-3f),
                    GRAD_TOL);
}

static void recon_loss_full_size_batch(void **state)
{
    (void)state;
    /* 64 images of 784 pixels: the mean must come out right (a float sum
     * of 50,176 terms drifts). */
    mat xhat = mat_create(64, 784), x = mat_create(64, 784);
    mat dxhat = mat_create(64, 784);
    double want = 0;
    for (size_t i = 0; i < mat_size(&x); i++) {
        xhat.data[i] = (float)(i % 7) / 7.0f;
        x.data[i] = (float)(i % 5) / 5.0f;
        double e = (double)xhat.data[i] - x.data[i];
        want += e * e;
    }
    want /= (double)mat_size(&x);
    expect_close("loss of a 64 x 784 batch (sum in a double: a float "
                 "sum of 50,176 terms drifts)", want,
                 recon_loss(&dxhat, &xhat, &x), 1e-6);
}

static void recon_loss_batches_of_0_and_1_rows(void **state)
{
    (void)state;
    mat xhat = mat_of(1, 2, (float[]){1, 0}), x = mat_of(1, 2,
                                                          (float[]){0, 0});
    mat dxhat = mat_create(1, 2);
    mat xhat0 = mat_rows(&xhat, 0, 0), x0 = mat_rows(&x, 0, 0);
    mat dxhat0 = mat_rows(&dxhat, 0, 0);
    expect_close("loss of 0 rows", 0, recon_loss(&dxhat0, &xhat0, &x0), 0);
    expect_close("loss of 1 row", 0.5, recon_loss(&dxhat, &xhat, &x), TOL);
}

/* ---- ch02.2 encoder_forward ------------------------------------------ */

static void encoder_matches_reference(void **state)
{
    (void)state;
    autoencoder ae = small_network(21);
    mat x = random_images(BATCH, 22);
    reference_forward(&ae, &x);
    mat want_h1 = copy_rows(&ae.h1, BATCH), want_z = copy_rows(&ae.z, BATCH);
    forget_activations(&ae);
    ae.rows = -1; /* wrong: encoder_forward sets it */
    encoder_forward(&ae, &x);
    expect_close("ae->rows (it was -1 before the call: set it to x->rows)",
                 BATCH, ae.rows, 0);
    mat h1 = copy_rows(&ae.h1, BATCH), z = copy_rows(&ae.z, BATCH);
    expect_mat_close("h1 (= relu(pre1), pre1 = x W1 + b1)", &want_h1, &h1,
                     1e-5);
    expect_mat_close("z (= h1 W2 + b2: the code layer is linear)", &want_z,
                     &z, 1e-5);
}

static void encoder_short_batch(void **state)
{
    (void)state;
    autoencoder ae = small_network(23);
    mat x = random_images(2, 24);
    reference_forward(&ae, &x);
    mat want_z = copy_rows(&ae.z, 2);
    forget_activations(&ae);
    ae.rows = BATCH; /* as a full batch left it: encoder_forward sets it */
    encoder_forward(&ae, &x);
    expect_close("ae->rows after 2 rows (it was 4 before the call: set it "
                 "to x->rows)", 2, ae.rows, 0);
    mat z = copy_rows(&ae.z, 2);
    expect_mat_close("z of 2 rows (= h1 W2 + b2)", &want_z, &z, 1e-5);
    expect_all_close("z beyond row 2 (left alone)",
                     (float[]){7, 7, 7, 7, 7, 7}, mat_row(&ae.z, 2), 2 * M,
                     0);
}

/* ---- ch02.3 decoder_forward ------------------------------------------ */

static void decoder_matches_reference(void **state)
{
    (void)state;
    autoencoder ae = small_network(31);
    mat x = random_images(BATCH, 32);
    reference_forward(&ae, &x);
    mat codes = copy_rows(&ae.z, BATCH);
    mat want = copy_rows(&ae.xhat, BATCH), want_h3 = copy_rows(&ae.h3, BATCH);
    forget_activations(&ae); /* ae.z too: decode the codes passed in */
    ae.rows = -1; /* wrong: decoder_forward sets it */
    decoder_forward(&ae, &codes);
    expect_close("ae->rows (it was -1 before the call: set it to z->rows)",
                 BATCH, ae.rows, 0);
    mat h3 = copy_rows(&ae.h3, BATCH), xhat = copy_rows(&ae.xhat, BATCH);
    expect_mat_close("h3 (= relu(pre3), pre3 = z W3 + b3 of the codes "
                     "passed in)", &want_h3, &h3, 1e-5);
    expect_mat_close("xhat (= sigmoid(pre4), pre4 = h3 W4 + b4)", &want,
                     &xhat, 1e-5);
}

static void decoder_outputs_are_pixels(void **state)
{
    (void)state;
    /* Codes far out: every pre-activation is huge, and the sigmoid must
     * still give pixels in [0, 1] (and no NaN), the reference's. */
    autoencoder ae = small_network(33);
    mat codes = mat_of(2, M, (float[]){60, -80, 100, -90, 70, -60});
    reference_decode(&ae, &codes);
    mat want = copy_rows(&ae.xhat, 2);
    forget_activations(&ae);
    prefill(&ae.xhat, 2); /* not a pixel */
    ae.rows = -1; /* wrong: decoder_forward sets it */
    decoder_forward(&ae, &codes);
    mat xhat = copy_rows(&ae.xhat, 2);
    expect_mat_close("xhat for codes near 100 (= sigmoid(pre4): pixels in "
                     "[0, 1])", &want, &xhat, 1e-5);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < D; j++) {
            float v = mat_get(&ae.xhat, i, j);
            if (!(v >= 0 && v <= 1))
                fail_msg("xhat[%d][%d] = %g for codes near 100: pixels "
                         "must lie in [0, 1] (a sigmoid)", i, j, v);
        }
}

/* ---- ch02.4 ae_backward ---------------------------------------------- */

/* The loss of the small network on x as a function of its parameters,
 * from the reference forward pass. */
typedef struct network_probe {
    autoencoder ae;
    mat x;
} network_probe;

static double network_loss(void *ctx)
{
    network_probe *p = ctx;
    reference_forward(&p->ae, &p->x);
    double sum = 0;
    for (int i = 0; i < p->x.rows; i++)
        for (int j = 0; j < D; j++) {
            double e = (double)mat_get(&p->ae.xhat, i, j) - mat_get(&p->x,
                                                                    i, j);
            sum += e * e;
        }
    return sum; /* the sum, not the mean: gradients large enough to see */
}

/* The activation gradients, which ae_backward adds to after clearing
 * them. */
static void fill_activation_gradients(autoencoder *ae, float value)
{
    mat *all[] = {&ae->dpre4, &ae->dh3, &ae->dpre3, &ae->dz, &ae->dh1,
                  &ae->dpre1};
    for (int i = 0; i < 6; i++)
        prefill(all[i], value);
}

/* Fills the activations and dxhat (of network_loss, the summed squared
 * error) as training does, then calls your backward pass on cleared
 * parameter gradients: once with the activation gradients holding 0s,
 * once with 7s (what an earlier batch leaves there). The two must give
 * the same gradients; the second call's stay for the checks. */
static void backward_once(network_probe *p)
{
    reference_forward(&p->ae, &p->x);
    int n = p->x.rows;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < D; j++)
            mat_set(&p->ae.dxhat, i, j,
                    2.0f * (mat_get(&p->ae.xhat, i, j) -
                            mat_get(&p->x, i, j)));
    size_t count = p->ae.p.count;
    float *clean = kit_alloc(count, sizeof(float));
    fill_activation_gradients(&p->ae, 0);
    params_zero_grad(&p->ae.p);
    ae_backward(&p->ae, &p->x);
    memcpy(clean, p->ae.p.grads, count * sizeof(float));
    fill_activation_gradients(&p->ae, 7);
    params_zero_grad(&p->ae.p);
    ae_backward(&p->ae, &p->x);
    for (size_t i = 0; i < count; i++)
        if (fabsf(clean[i] - p->ae.p.grads[i]) >
            1e-4f * (1 + fabsf(clean[i])))
            graded_fail("the parameter gradients depend on what dpre4, dh3, "
                        "dpre3, dz, dh1 and dpre1 held before the call "
                        "(gradient %zu: %g after 0s there, %g after 7s): "
                        "clear them before the backward passes add to "
                        "them", i, clean[i], p->ae.p.grads[i]);
    free(clean);
}

/* Whether finite differences can check the network's gradients at p->x:
 * no ReLU input within 0.02 of its kink (a step of a weight there would
 * cross it), and every parameter block with a gradient entry above 0.05
 * (a random draw can saturate the sigmoid or silence the ReLUs, and
 * where every gradient is below the check's tolerance, a backward pass
 * that does nothing would pass). gradcheck against zeros gives the
 * largest |gradient|, up to 1. */
static int is_checkable(network_probe *p)
{
    reference_forward(&p->ae, &p->x);
    mat pre1 = ae_rows(&p->ae, &p->ae.pre1);
    mat pre3 = ae_rows(&p->ae, &p->ae.pre3);
    for (size_t i = 0; i < mat_size(&pre1); i++)
        if (fabsf(pre1.data[i]) < 0.02f || fabsf(pre3.data[i]) < 0.02f)
            return 0;
    mat *blocks[] = {&p->ae.W1, &p->ae.b1, &p->ae.W2, &p->ae.b2,
                     &p->ae.W3, &p->ae.b3, &p->ae.W4, &p->ae.b4};
    float *zeros = kit_alloc(p->ae.p.count, sizeof(float));
    int live = 1;
    for (int i = 0; i < 8 && live; i++)
        live = gradcheck(network_loss, p, blocks[i]->data, zeros,
                         mat_size(blocks[i]), 1e-3f).max_error > 0.05;
    free(zeros);
    return live;
}

/* The small network and rows images, drawn from seed and then from
 * further seeds until finite differences can check it (is_checkable). */
static network_probe live_network(uint64_t seed, int rows)
{
    for (uint64_t k = 0;; k++) {
        network_probe p = {small_network(seed + 1000 * k),
                           random_images(rows, seed + 1 + 1000 * k)};
        if (is_checkable(&p) || k == 50)
            return p;
    }
}

/* Your gradients, kept aside: gradcheck reruns the forward pass. */
static float *saved_gradients(const network_probe *p)
{
    float *saved = kit_alloc(p->ae.p.count, sizeof(float));
    memcpy(saved, p->ae.p.grads, p->ae.p.count * sizeof(float));
    return saved;
}

/* The gradients of the four parameter blocks, in `order`, as the
 * backward pass computes them (dW4 and db4 first, dW1 and db1 last), so
 * that the first one reported wrong is where the bug is. */
typedef struct block {
    const char *name;
    mat *value, *grad;
} block;

static gradcheck_result check_block(network_probe *p, const float *saved,
                                    block b)
{
    const float *g = saved + (b.grad->data - p->ae.p.grads);
    return gradcheck(network_loss, p, b.value->data, g, mat_size(b.value),
                     1e-3f);
}

static void check_parameters(network_probe *p, const float *saved,
                             const block *blocks, int count)
{
    for (int i = 0; i < count; i++)
        expect_gradient(blocks[i].name, check_block(p, saved, blocks[i]),
                        GRAD_TOL);
}

static void decoder_blocks(autoencoder *ae, block out[4])
{
    out[0] = (block){"dW4", &ae->W4, &ae->dW4};
    out[1] = (block){"db4", &ae->b4, &ae->db4};
    out[2] = (block){"dW3", &ae->W3, &ae->dW3};
    out[3] = (block){"db3", &ae->b3, &ae->db3};
}

static void encoder_blocks(autoencoder *ae, block out[4])
{
    out[0] = (block){"dW2", &ae->W2, &ae->dW2};
    out[1] = (block){"db2", &ae->b2, &ae->db2};
    out[2] = (block){"dW1", &ae->W1, &ae->dW1};
    out[3] = (block){"db1", &ae->b1, &ae->db1};
}

static void backward_decoder_gradients(void **state)
{
    (void)state;
    network_probe p = live_network(41, BATCH);
    backward_once(&p);
    block blocks[4];
    decoder_blocks(&p.ae, blocks);
    check_parameters(&p, saved_gradients(&p), blocks, 4);
}

static void backward_encoder_gradients(void **state)
{
    (void)state;
    network_probe p = live_network(43, BATCH);
    backward_once(&p);
    float *saved = saved_gradients(&p);
    /* The encoder's gradients come back through the decoder's: when one
     * of those is wrong too, it is the place to start. */
    block blocks[4];
    decoder_blocks(&p.ae, blocks);
    for (int i = 0; i < 4; i++)
        if (check_block(&p, saved, blocks[i]).max_error > GRAD_TOL) {
            test_inputs("note: the decoder's %s is wrong too, and the "
                        "encoder's gradients come back through it: fix "
                        "the decoder first (backward_decoder_gradients)",
                        blocks[i].name);
            break;
        }
    encoder_blocks(&p.ae, blocks);
    check_parameters(&p, saved, blocks, 4);
}

static void backward_twice_adds_twice(void **state)
{
    (void)state;
    /* Called twice on the same batch without clearing the parameter
     * gradients, it must add the same gradient again: its own activation
     * gradients must start from zero each time. */
    network_probe p = live_network(45, BATCH);
    backward_once(&p);
    float *once = saved_gradients(&p);
    double size = 0;
    for (size_t i = 0; i < p.ae.p.count; i++)
        size += fabs(once[i]);
    if (size == 0)
        fail_msg("every parameter gradient is 0 after one call");
    ae_backward(&p.ae, &p.x);
    for (size_t i = 0; i < p.ae.p.count; i++)
        once[i] *= 2;
    expect_all_close("parameter gradients after two calls (the second "
                     "adds to the first)", once, p.ae.p.grads,
                     p.ae.p.count, 1e-5);
}

static void backward_short_batch(void **state)
{
    (void)state;
    network_probe p = live_network(47, 2);
    backward_once(&p);
    block blocks[] = {{"dW4 (2 rows)", &p.ae.W4, &p.ae.dW4},
                      {"dW1 (2 rows)", &p.ae.W1, &p.ae.dW1}};
    check_parameters(&p, saved_gradients(&p), blocks, 2);
}

/* ---- ch02.5 interpolate_codes ---------------------------------------- */

/* Fails if every row of codes but the last is za: t = s / (n - 1) in
 * integers, 0 until s = n - 1. */
static void expect_not_whole_steps(const mat *codes, const float *za)
{
    for (int s = 0; s < codes->rows - 1; s++)
        for (int j = 0; j < codes->cols; j++)
            if (mat_get(codes, s, j) != za[j])
                return;
    graded_fail("codes: every row but the last is za: t = s / (n - 1) "
                "divided in integers is 0 until the last row (make it a "
                "float division)");
}

static void interpolate_endpoints_and_middle(void **state)
{
    (void)state;
    float za[] = {1, -2, 4}, zb[] = {3, 2, 0};
    mat codes = mat_create(5, 3);
    test_inputs("inputs: za = (1, -2, 4), zb = (3, 2, 0), 5 rows: row s "
                "is (1 - t) za + t zb, t = s / (n - 1) = 0, 0.25, 0.5, "
                "0.75, 1 (\"Making codes of our own\", chapter 02)");
    prefill(&codes, 99);
    interpolate_codes(&codes, za, zb);
    expect_all_close("the first row (= za)", za, codes.data, 3, TOL);
    expect_not_whole_steps(&codes, za);
    mat want = mat_of(5, 3, (float[]){1, -2, 4, 1.5f, -1, 3, 2, 0, 2,
                                      2.5f, 1, 1, 3, 2, 0});
    expect_mat_close("codes", &want, &codes, TOL);
}

static void interpolate_two_and_one_step(void **state)
{
    (void)state;
    float za[] = {5, 6}, zb[] = {-1, 0};
    mat two = mat_create(2, 2), one = mat_create(1, 2);
    test_inputs("inputs: za = (5, 6), zb = (-1, 0); with one row, t = 0 "
                "(not 0 / 0)");
    prefill(&two, 99);
    prefill(&one, 99);
    interpolate_codes(&two, za, zb);
    interpolate_codes(&one, za, zb);
    expect_all_close("two steps: za then zb", (float[]){5, 6, -1, 0},
                     two.data, 4, TOL);
    expect_all_close("one step: za", (float[]){5, 6}, one.data, 2, TOL);
}

/* ---- ch02.6 code_grid ------------------------------------------------ */

/* The grid of the contract, and the grids of three common mistakes. */
enum grid_kind { RIGHT, SWAPPED, UPSIDE_DOWN, WHOLE_STEPS };

static mat grid_of(int G, float lo1, float hi1, float lo2, float hi2,
                   enum grid_kind kind)
{
    mat codes = mat_create(G * G, 2);
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++) {
            int across = kind == SWAPPED ? i : j;
            int down = kind == SWAPPED ? j : i;
            float a = (float)across / (float)(G - 1);
            float b = (float)down / (float)(G - 1);
            if (kind == WHOLE_STEPS)
                a = (float)(across / (G - 1)), b = (float)(down / (G - 1));
            float z2 = kind == UPSIDE_DOWN ? lo2 + (hi2 - lo2) * b
                                           : hi2 - (hi2 - lo2) * b;
            mat_set(&codes, i * G + j, 0, lo1 + (hi1 - lo1) * a);
            mat_set(&codes, i * G + j, 1, z2);
        }
    return codes;
}

/* Fails naming the mistake when codes is the grid of one. */
static void expect_no_grid_mistake(const mat *codes, int G, float lo1,
                                   float hi1, float lo2, float hi2)
{
    static const char *const why[] = {
        [SWAPPED] = "z1 follows the grid row i and z2 the column j: swap "
                    "i and j (z1 grows with j, to the right)",
        [UPSIDE_DOWN] = "grid row i = 0 has the smallest z2: it is the "
                        "top of the picture, z2 = hi2 there",
        [WHOLE_STEPS] = "j / (G - 1) divided in integers is 0 until the "
                        "last column: divide as floats"};
    mat right = grid_of(G, lo1, hi1, lo2, hi2, RIGHT);
    for (int kind = SWAPPED; kind <= WHOLE_STEPS; kind++) {
        mat wrong = grid_of(G, lo1, hi1, lo2, hi2, kind);
        int same = 1, differs = 0; /* from the right grid */
        for (size_t k = 0; k < mat_size(codes); k++) {
            same &= fabsf(codes->data[k] - wrong.data[k]) <= TOL;
            differs |= fabsf(right.data[k] - wrong.data[k]) > TOL;
        }
        if (same && differs)
            graded_fail("codes of a %d x %d grid: %s", G, G, why[kind]);
    }
}

static void grid_corners_and_order(void **state)
{
    (void)state;
    mat codes = mat_create(9, 2);
    test_inputs("inputs: G = 3, z1 from -1 to 1, z2 from 10 to 20: row "
                "i * G + j is (lo1 + (hi1 - lo1) j / (G - 1), hi2 - "
                "(hi2 - lo2) i / (G - 1)) (\"Making codes of our own\")");
    prefill(&codes, 99);
    code_grid(&codes, 3, -1, 1, 10, 20);
    expect_no_grid_mistake(&codes, 3, -1, 1, 10, 20);
    mat want = mat_of(9, 2, (float[]){-1, 20, 0, 20, 1, 20, -1, 15, 0, 15,
                                      1, 15, -1, 10, 0, 10, 1, 10});
    expect_mat_close("codes of a 3 x 3 grid", &want, &codes, TOL);
}

static void grid_of_two(void **state)
{
    (void)state;
    mat codes = mat_create(4, 2);
    test_inputs("inputs: G = 2, z1 from 0.5 to 2.5, z2 from -3 to -1");
    prefill(&codes, 99);
    code_grid(&codes, 2, 0.5f, 2.5f, -3, -1);
    expect_no_grid_mistake(&codes, 2, 0.5f, 2.5f, -3, -1);
    mat want = mat_of(4, 2, (float[]){0.5f, -1, 2.5f, -1, 0.5f, -3, 2.5f,
                                      -3});
    expect_mat_close("codes of a 2 x 2 grid", &want, &codes, TOL);
}

/* The hidden tests (tests/hidden/, kept out of the students' copy; see
 * grade/graded.h) and what they are worth. */
#define HIDDEN_POINTS 6
#if __has_include("hidden/test_ch02_autoencoder.c")
#include "hidden/test_ch02_autoencoder.c"
#else
#define HIDDEN_TESTS
#endif

static const graded_test tests[] = {
    GRADED(recon_loss_hand_computed, "ch02.1", 3),
    GRADED(recon_loss_finite_differences, "ch02.1", 3),
    GRADED(recon_loss_full_size_batch, "ch02.1", 1),
    GRADED(recon_loss_batches_of_0_and_1_rows, "ch02.1", 1),
    GRADED(encoder_matches_reference, "ch02.2", 4),
    GRADED(encoder_short_batch, "ch02.2", 2),
    GRADED(decoder_matches_reference, "ch02.3", 4),
    GRADED(decoder_outputs_are_pixels, "ch02.3", 2),
    GRADED(backward_decoder_gradients, "ch02.4", 5),
    GRADED(backward_encoder_gradients, "ch02.4", 5),
    GRADED(backward_twice_adds_twice, "ch02.4", 2),
    GRADED(backward_short_batch, "ch02.4", 2),
    GRADED(interpolate_endpoints_and_middle, "ch02.5", 3),
    GRADED(interpolate_two_and_one_step, "ch02.5", 1),
    GRADED(grid_corners_and_order, "ch02.6", 3),
    GRADED(grid_of_two, "ch02.6", 1),
    HIDDEN_TESTS
};

int main(int argc, char **argv)
{
    return graded_main(argc, argv, tests, COUNT(tests), HIDDEN_POINTS);
}
