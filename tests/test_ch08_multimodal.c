/* test_ch08_multimodal.c - graded tests of chapter 08 (make grade CH=08).
 *
 * Captions, losses, classes and rankings worked out by hand, then the same
 * functions checked against the tests' own references (written in double,
 * and plainly, for the tests alone) on random inputs. The gradients are
 * checked against finite differences of the reference. Every output is
 * filled with junk before the call, so that an output left unwritten, or
 * added to when it should be overwritten, fails; the outputs that are
 * added to start from junk too, and the junk is taken off before they are
 * compared. Every test runs in a process of its own, so the tests do not
 * free what they make.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ch08_multimodal.h"
#include "core/learn/gradcheck.h"
#include "core/learn/rng.h"
#include "grade/graded.h"

#define TOL 1e-5
#define GRAD_TOL 1e-2
#define JUNK 9.0f

/* The text encoder of the tests: V words, D numbers each, e outputs. */
enum { V = 7, D = 4, E = 3, N = 5 };

/* ---- The tests' own references ----------------------------------------- */

static double dot_rows(const mat *a, int i, const mat *b, int j)
{
    double sum = 0;
    for (int c = 0; c < a->cols; c++)
        sum += (double)mat_get(a, i, c) * mat_get(b, j, c);
    return sum;
}

/* Random rows of length 1. */
static mat unit_rows(int rows, int cols, uint64_t seed)
{
    mat z = random_mat(rows, cols, 1, 0.05f, seed);
    for (int i = 0; i < rows; i++) {
        double length = sqrt(dot_rows(&z, i, &z, i));
        for (int c = 0; c < cols; c++)
            mat_set(&z, i, c, (float)(mat_get(&z, i, c) / length));
    }
    return z;
}

static mat junk_mat(int rows, int cols)
{
    mat m = mat_create(rows, cols);
    prefill(&m, JUNK);
    return m;
}

/* Caption i's words: up to the first -1, or all CAPTION_WORDS. */
static int length_of(const int *words, int i)
{
    int length = 0;
    while (length < CAPTION_WORDS && words[i * CAPTION_WORDS + length] >= 0)
        length++;
    return length;
}

/* The mean of caption i's embeddings into mean (D numbers). */
static void reference_mean(double *mean, const int *words, int i,
                           const mat *embeddings)
{
    int length = length_of(words, i);
    for (int k = 0; k < embeddings->cols; k++) {
        mean[k] = 0;
        for (int w = 0; w < length; w++)
            mean[k] += mat_get(embeddings, words[i * CAPTION_WORDS + w], k);
        if (length > 0)
            mean[k] /= length;
    }
}

/* Caption i's output t_i (e numbers). */
static void reference_text(double *t, const int *words, int i,
                           const mat *embeddings, const mat *W, const mat *b)
{
    double mean[16];
    reference_mean(mean, words, i, embeddings);
    for (int j = 0; j < W->cols; j++) {
        t[j] = mat_get(b, 0, j);
        for (int k = 0; k < W->rows; k++)
            t[j] += mean[k] * mat_get(W, k, j);
    }
}

/* n captions of random lengths 0 .. CAPTION_WORDS over V words, with a
 * word said twice in some. */
static void random_captions(int *words, int n, uint64_t seed)
{
    rng r;
    rng_seed(&r, test_seed(seed));
    for (int i = 0; i < n; i++) {
        int length = i == 0 ? CAPTION_WORDS : i == 1 ? 0
                                            : 1 + (int)rng_below(&r, 7);
        for (int w = 0; w < CAPTION_WORDS; w++)
            words[i * CAPTION_WORDS + w] =
                w < length ? (int)rng_below(&r, V) : -1;
        if (length >= 3)
            words[i * CAPTION_WORDS + 2] = words[i * CAPTION_WORDS];
    }
}

/* G_ij of the header's hint: (P_ij + Q_ij - 2 [i = j]) / (2n tau). */
static double g(double s[16][16], const double *row_lse,
                const double *col_lse, int n, double tau, int i, int j)
{
    return (exp(s[i][j] - row_lse[i]) + exp(s[i][j] - col_lse[j]) -
            2.0 * (i == j)) /
           (2 * n * tau);
}

/* The symmetric loss of u and v from its formula, in double, without
 * renormalising; with du and dv not NULL, also the gradient from the
 * header's hint. At most 16 pairs. */
static double reference_clip(mat *du, mat *dv, const mat *u, const mat *v,
                             double tau)
{
    int n = u->rows;
    double s[16][16], row_lse[16], col_lse[16], total = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            s[i][j] = dot_rows(u, i, v, j) / tau;
    for (int i = 0; i < n; i++) {
        double row_top = -INFINITY, col_top = -INFINITY, rs = 0, cs = 0;
        for (int j = 0; j < n; j++) {
            row_top = fmax(row_top, s[i][j]);
            col_top = fmax(col_top, s[j][i]);
        }
        for (int j = 0; j < n; j++) {
            rs += exp(s[i][j] - row_top);
            cs += exp(s[j][i] - col_top);
        }
        row_lse[i] = row_top + log(rs), col_lse[i] = col_top + log(cs);
        total += row_lse[i] + col_lse[i] - 2 * s[i][i];
    }
    if (du && dv)
        for (int i = 0; i < n; i++)
            for (int c = 0; c < u->cols; c++) {
                double into_u = 0, into_v = 0;
                for (int j = 0; j < n; j++) {
                    into_u += g(s, row_lse, col_lse, n, tau, i, j) *
                              mat_get(v, j, c);
                    into_v += g(s, row_lse, col_lse, n, tau, j, i) *
                              mat_get(u, j, c);
                }
                mat_set(du, i, c, (float)into_u);
                mat_set(dv, i, c, (float)into_v);
            }
    return n > 0 ? total / (2 * n) : 0;
}

/* The class of each image: the normalised mean of each class's templates,
 * the largest dot product, the lower class on a tie. */
static void reference_zero_shot(int *predicted, const mat *images,
                                const mat *prompts, int templates)
{
    int classes = prompts->rows / templates;
    double proto[16][16];
    for (int c = 0; c < classes; c++) {
        double length = 0;
        for (int l = 0; l < prompts->cols; l++) {
            proto[c][l] = 0;
            for (int t = 0; t < templates; t++)
                proto[c][l] += mat_get(prompts, c * templates + t, l);
            length += proto[c][l] * proto[c][l];
        }
        for (int l = 0; l < prompts->cols && length > 0; l++)
            proto[c][l] /= sqrt(length);
    }
    for (int i = 0; i < images->rows; i++) {
        double best = -INFINITY;
        for (int c = 0; c < classes; c++) {
            double score = 0;
            for (int l = 0; l < images->cols; l++)
                score += mat_get(images, i, l) * proto[c][l];
            if (score > best)
                best = score, predicted[i] = c;
        }
    }
}

/* The k best, picked one at a time: the largest score not yet taken, the
 * lower index on a tie. At most 1024 scores. */
static void reference_top_k(int *best, const float *scores, int count,
                            int k)
{
    unsigned char taken[1024] = {0};
    for (int r = 0; r < k; r++) {
        best[r] = -1;
        for (int j = 0; j < count; j++)
            if (!taken[j] && (best[r] < 0 || scores[j] > scores[best[r]]))
                best[r] = j;
        taken[best[r]] = 1;
    }
}

static double reference_recall(const mat *s, const int *query_keys,
                               const int *item_keys, int k)
{
    int best[1024], found = 0;
    for (int i = 0; i < s->rows; i++) {
        reference_top_k(best, mat_row(s, i), s->cols, k);
        int hit = 0;
        for (int r = 0; r < k; r++)
            hit = hit || item_keys[best[r]] == query_keys[i];
        found += hit;
    }
    return s->rows > 0 ? (double)found / s->rows : 0;
}

/* ---- ch08.1 text_forward ----------------------------------------------- */

/* Each caption's mean against the expected one, naming a mean that is
 * the sum (never divided by the length) or divided by CAPTION_WORDS. */
static void expect_means(const char *what, const mat *want, const mat *got,
                         const int *words)
{
    int sums = 1, over_all = 1, telling = 0, onto_junk = 1;
    for (int i = 0; i < want->rows; i++) {
        int length = length_of(words, i);
        telling |= length > 1;
        for (int k = 0; k < want->cols; k++) {
            double w = mat_get(want, i, k), g = mat_get(got, i, k);
            sums &= fabs(g - w * length) < 1e-4;
            over_all &= fabs(g - w * length / CAPTION_WORDS) < 1e-4;
            onto_junk &= fabs(g - (w + JUNK)) < 1e-4;
        }
    }
    if (onto_junk)
        graded_fail("%s: each mean is the right one plus the %g it held "
                    "before the call: did you set it to 0 before adding "
                    "the words' shares (without setting it first)?", what,
                    JUNK);
    if (telling && sums && !over_all)
        graded_fail("%s: each mean is the sum of the caption's embeddings: "
                    "did you divide by the caption's length?", what);
    if (telling && over_all && !sums)
        graded_fail("%s: each mean is divided by CAPTION_WORDS = %d, where "
                    "a caption's mean divides by its own length (up to its "
                    "first -1)", what, CAPTION_WORDS);
    expect_mat_close(what, want, got, 1e-5);
}

/* The words' embeddings, a map and captions for the hand-computed tests:
 * word 0 = (1, 0), 1 = (0, 2), 2 = (4, 4), 3 = (2, -2); W = [[1, 0, 1],
 * [0, 1, 1]], b = (0.5, 0, -1). Caption 0 is "0 1", caption 1 "2 2 3"
 * (word 2 twice) and caption 2 has no words. */
typedef struct small_text {
    mat embeddings, W, b;
    int words[3 * CAPTION_WORDS];
} small_text;

static small_text small_text_encoder(void)
{
    small_text s = {
        mat_of(4, 2, (float[]){1, 0, 0, 2, 4, 4, 2, -2}),
        mat_of(2, 3, (float[]){1, 0, 1, 0, 1, 1}),
        mat_of(1, 3, (float[]){0.5f, 0, -1}), {0}};
    const int captions[3][CAPTION_WORDS] = {{0, 1, -1, 5, 5, 5, 5, 5},
                                            {2, 2, 3, -1, 0, 0, 0, 0},
                                            {-1, 1, 1, 1, 1, 1, 1, 1}};
    memcpy(s.words, captions, sizeof captions);
    return s;
}

static void text_forward_hand_computed(void **state)
{
    (void)state;
    small_text s = small_text_encoder();
    test_inputs("words 0 = (1, 0), 1 = (0, 2), 2 = (4, 4), 3 = (2, -2); W "
                "= [1 0 1; 0 1 1], b = (0.5, 0, -1); captions \"0 1\", "
                "\"2 2 3\" and none");
    mat t = junk_mat(3, 3), means = junk_mat(3, 2);
    text_forward(&t, &means, s.words, &s.embeddings, &s.W, &s.b);
    /* Means: (0.5, 1); (10/3, 2); none: (0, 0). t = mean W + b. */
    const float want_means[] = {0.5f, 1, 10 / 3.0f, 2, 0, 0};
    const float want_t[] = {1, 1, 0.5f, 10 / 3.0f + 0.5f, 2, 16 / 3.0f - 1,
                            0.5f, 0, -1};
    expect_means("means (caption 1 says word 2 twice: it counts twice; "
                 "caption 2 says nothing: its mean is 0; each caption ends "
                 "at its first -1)",
                 &(mat){3, 2, (float *)want_means}, &means, s.words);
    expect_mat_close("t (= means W + b)", &(mat){3, 3, (float *)want_t}, &t,
                     1e-5);
}

static void check_text_forward(int n, uint64_t seed)
{
    int words[16 * CAPTION_WORDS];
    random_captions(words, n, seed);
    mat embeddings = random_mat(V, D, 1, 0, seed + 1);
    mat W = random_mat(D, E, 1, 0, seed + 2), b = random_mat(1, E, 1, 0,
                                                             seed + 3);
    mat t = junk_mat(n, E), means = junk_mat(n, D);
    mat want_t = mat_create(n, E), want_means = mat_create(n, D);
    text_forward(&t, &means, words, &embeddings, &W, &b);
    for (int i = 0; i < n; i++) {
        double mean[D], out[E];
        reference_mean(mean, words, i, &embeddings);
        reference_text(out, words, i, &embeddings, &W, &b);
        for (int k = 0; k < D; k++)
            mat_set(&want_means, i, k, (float)mean[k]);
        for (int j = 0; j < E; j++)
            mat_set(&want_t, i, j, (float)out[j]);
    }
    char what[64];
    snprintf(what, sizeof what, "means (%d random captions)", n);
    expect_means(what, &want_means, &means, words);
    snprintf(what, sizeof what, "t (= means W + b, %d captions)", n);
    expect_mat_close(what, &want_t, &t, 1e-5);
}

static void text_forward_matches_reference(void **state)
{
    (void)state;
    /* Caption 0 has all CAPTION_WORDS words (no -1 ends it), caption 1
     * none. */
    check_text_forward(N, 11);
    check_text_forward(12, 12);
}

/* ---- ch08.2 text_backward ---------------------------------------------- */

static void text_backward_hand_computed(void **state)
{
    (void)state;
    small_text s = small_text_encoder();
    /* dt of caption 1 only: (1, 0, 2). dW = mean_1^T dt_1, db = dt_1,
     * and d mean_1 = dt_1 W^T = (3, 2), a third of it to word 3 and two
     * thirds to word 2 (said twice). Every gradient held JUNK. */
    mat dt = mat_of(3, 3, (float[]){0, 0, 0, 1, 0, 2, 0, 0, 0});
    mat means = mat_of(3, 2, (float[]){0.5f, 1, 10 / 3.0f, 2, 0, 0});
    mat dembeddings = junk_mat(4, 2), dW = junk_mat(2, 3);
    mat db = junk_mat(1, 3);
    test_inputs("the words, W and captions of text_forward_hand_computed; "
                "dt = (1, 0, 2) for caption 1 alone, means (0.5, 1), "
                "(10/3, 2), (0, 0)");
    text_backward(&dembeddings, &dW, &db, &dt, &means, s.words, &s.W);
    const float j = JUNK;
    const float want_de[] = {j, j, j, j, j + 2, j + 4 / 3.0f, j + 1,
                             j + 2 / 3.0f};
    const float want_dW[] = {j + 10 / 3.0f, j, j + 20 / 3.0f, j + 2, j,
                             j + 4};
    const float want_db[] = {j + 1, j, j + 2};
    const float no_share[] = {j, j, j, j, j + 6, j + 4, j + 3, j + 2};
    int shares = 1;
    for (int k = 0; k < 8; k++)
        shares &= fabsf(dembeddings.data[k] - no_share[k]) < 1e-5f;
    if (shares)
        graded_fail("dembeddings: each word got all of d mean_1 = (3, 2): "
                    "did you divide each word's share by the caption's "
                    "length (3 here)?");
    expect_mat_close("db (added to the 9s it held)",
                     &(mat){1, 3, (float *)want_db}, &db, 1e-5);
    expect_mat_close("dW (added to the 9s it held)",
                     &(mat){2, 3, (float *)want_dW}, &dW, 1e-5);
    expect_mat_close("dembeddings (added to the 9s it held; word 2 is said "
                     "twice in caption 1, so it gets two of the three "
                     "shares)",
                     &(mat){4, 2, (float *)want_de}, &dembeddings, 1e-5);
}

/* L = sum of G * t over every entry, for fixed random G: dL/dt = G. */
typedef struct text_probe {
    mat embeddings, W, b, G;
    int words[16 * CAPTION_WORDS];
    int n;
} text_probe;

static double text_probe_loss(void *ctx)
{
    text_probe *p = ctx;
    double total = 0;
    for (int i = 0; i < p->n; i++) {
        double t[E];
        reference_text(t, p->words, i, &p->embeddings, &p->W, &p->b);
        for (int j = 0; j < E; j++)
            total += t[j] * mat_get(&p->G, i, j);
    }
    return total;
}

/* A gradient the function added to junk, with the junk taken off. */
static mat minus_junk(const mat *g)
{
    mat clean = mat_create(g->rows, g->cols);
    for (size_t k = 0; k < mat_size(g); k++)
        clean.data[k] = g->data[k] - JUNK;
    return clean;
}

static void text_backward_finite_differences(void **state)
{
    (void)state;
    text_probe p = {random_mat(V, D, 1, 0, 21), random_mat(D, E, 1, 0, 22),
                    random_mat(1, E, 1, 0, 23), random_mat(N, E, 1, 0, 24),
                    {0}, N};
    random_captions(p.words, N, 25);
    mat means = mat_create(N, D);
    for (int i = 0; i < N; i++) {
        double mean[D];
        reference_mean(mean, p.words, i, &p.embeddings);
        for (int k = 0; k < D; k++)
            mat_set(&means, i, k, (float)mean[k]);
    }
    mat dembeddings = junk_mat(V, D), dW = junk_mat(D, E);
    mat db = junk_mat(1, E);
    text_backward(&dembeddings, &dW, &db, &p.G, &means, p.words, &p.W);
    mat de = minus_junk(&dembeddings), dw = minus_junk(&dW),
        dbias = minus_junk(&db);
    expect_gradient("db", gradcheck(text_probe_loss, &p, p.b.data,
                                    dbias.data, mat_size(&p.b), 1e-3f),
                    GRAD_TOL);
    expect_gradient("dW", gradcheck(text_probe_loss, &p, p.W.data, dw.data,
                                    mat_size(&p.W), 1e-3f),
                    GRAD_TOL);
    expect_gradient("dembeddings (a word said twice in a caption gets two "
                    "shares; words no caption says get nothing)",
                    gradcheck(text_probe_loss, &p, p.embeddings.data,
                              de.data, mat_size(&p.embeddings), 1e-3f),
                    GRAD_TOL);
}

/* ---- ch08.3 clip_loss -------------------------------------------------- */

static void clip_hand_computed(void **state)
{
    (void)state;
    /* Two pairs at right angles, tau = 1: s = I. Each image picks its
     * caption with probability e / (e + 1), and each caption its image
     * the same: the loss is log(1 + 1/e). */
    mat u = mat_of(2, 2, (float[]){1, 0, 0, 1});
    mat v = mat_of(2, 2, (float[]){1, 0, 0, 1});
    mat du = junk_mat(2, 2), dv = junk_mat(2, 2);
    mat want_du = mat_create(2, 2), want_dv = mat_create(2, 2);
    expect_close("loss, log(1 + 1/e)", log(1 + exp(-1.0)),
                 clip_loss(&du, &dv, &u, &v, 1.0f), TOL);
    /* p = e / (e + 1): G = (2p - 2) / 4 on the diagonal, 2(1 - p) / 4
     * off it, so du_0 = G v = ((p - 1) / 2, (1 - p) / 2). */
    double p = exp(1.0) / (exp(1.0) + 1);
    const float want[] = {(float)((p - 1) / 2), (float)((1 - p) / 2),
                          (float)((1 - p) / 2), (float)((p - 1) / 2)};
    reference_clip(&want_du, &want_dv, &u, &v, 1.0);
    expect_mat_close("du (it held 9s before the call)",
                     &(mat){2, 2, (float *)want}, &du, 1e-5);
    expect_mat_close("dv (it held 9s before the call)", &want_dv, &dv,
                     1e-5);
}

/* clip_loss of u and v (junk in du and dv before the call) against the
 * reference: the loss within loss_tol times max(1, loss), the gradients
 * within grad_tol. `about` says what the pairs are. */
static void expect_clip(const mat *u, const mat *v, double tau,
                        const char *about, double loss_tol, double grad_tol)
{
    mat du = junk_mat(u->rows, u->cols), dv = junk_mat(u->rows, u->cols);
    mat want_du = mat_create(u->rows, u->cols);
    mat want_dv = mat_create(u->rows, u->cols);
    double loss = reference_clip(&want_du, &want_dv, u, v, tau);
    char what[256];
    snprintf(what, sizeof what, "loss of %s, tau %g", about, tau);
    expect_close(what, loss, clip_loss(&du, &dv, u, v, (float)tau),
                 loss_tol * fmax(1, loss));
    snprintf(what, sizeof what, "du (%s, tau %g)", about, tau);
    expect_mat_close(what, &want_du, &du, grad_tol);
    snprintf(what, sizeof what, "dv (%s, tau %g)", about, tau);
    expect_mat_close(what, &want_dv, &dv, grad_tol);
}

static void clip_is_symmetric(void **state)
{
    (void)state;
    /* Image 1 is near both captions (s = 0.96 / tau and 0.8 / tau),
     * caption 1 near image 1 only: the two directions differ, and the
     * loss is their mean. */
    mat u = mat_of(2, 2, (float[]){1, 0, 0.6f, 0.8f});
    mat v = mat_of(2, 2, (float[]){0.8f, 0.6f, 0, 1});
    expect_clip(&u, &v, 0.5,
                "two pairs (the mean of images picking captions and "
                "captions picking images)", 1e-5, 1e-5);
}

static void clip_matches_reference(void **state)
{
    (void)state;
    mat u = unit_rows(9, 5, 31), v = unit_rows(9, 5, 32);
    expect_clip(&u, &v, 0.3, "9 random pairs", 1e-4, 1e-4);
}

typedef struct clip_probe {
    mat u, v;
    double tau;
} clip_probe;

static double clip_probe_loss(void *ctx)
{
    clip_probe *p = ctx;
    return reference_clip(NULL, NULL, &p->u, &p->v, p->tau);
}

static void clip_finite_differences(void **state)
{
    (void)state;
    /* The loss as a function of u and v as they are: a step leaves the
     * sphere, but the formula does not renormalise. */
    clip_probe p = {unit_rows(6, 4, 33),
                    unit_rows(6, 4, 34), 0.2};
    mat du = junk_mat(6, 4), dv = junk_mat(6, 4);
    clip_loss(&du, &dv, &p.u, &p.v, 0.2f);
    expect_gradient("du (6 pairs, tau 0.2)",
                    gradcheck(clip_probe_loss, &p, p.u.data, du.data,
                              mat_size(&p.u), 1e-3f),
                    GRAD_TOL);
    expect_gradient("dv (6 pairs, tau 0.2)",
                    gradcheck(clip_probe_loss, &p, p.v.data, dv.data,
                              mat_size(&p.v), 1e-3f),
                    GRAD_TOL);
}

static void clip_small_tau(void **state)
{
    (void)state;
    /* tau = 0.01: scores up to 100, and e^100 overflows a float. */
    mat u = unit_rows(8, 4, 35), v = unit_rows(8, 4, 36);
    expect_clip(&u, &v, 0.01,
                "8 random pairs (subtract the largest score before exp)",
                1e-3, 1e-2);
    /* Both images point along caption 1, away from caption 0: column 0's
     * scores (-100, -100) lie far below the rows' largest (100), so a
     * column shifted by its row's largest underflows to log 0. */
    mat same = mat_of(2, 2, (float[]){1, 0, 1, 0});
    mat apart = mat_of(2, 2, (float[]){-1, 0, 1, 0});
    expect_clip(&same, &apart, 0.01,
                "images (1, 0), (1, 0) and captions (-1, 0), (1, 0) (each "
                "column's exponentials from its own largest score)",
                1e-3, 1e-2);
}

static void clip_of_one_pair_and_of_none(void **state)
{
    (void)state;
    /* One pair: each side picks the only one there is. Loss 0, no
     * gradient. */
    mat u = mat_of(1, 2, (float[]){0.6f, 0.8f}), v = mat_of(1, 2,
                                                           (float[]){1, 0});
    mat du = junk_mat(1, 2), dv = junk_mat(1, 2);
    expect_close("loss of one pair", 0, clip_loss(&du, &dv, &u, &v, 0.1f),
                 TOL);
    expect_mat_close("du of one pair", &(mat){1, 2, (float[]){0, 0}}, &du,
                     TOL);
    expect_mat_close("dv of one pair", &(mat){1, 2, (float[]){0, 0}}, &dv,
                     TOL);
    mat none = mat_create(0, 2), dnone = mat_create(0, 2);
    mat dnone2 = mat_create(0, 2);
    expect_close("loss of no pairs", 0,
                 clip_loss(&dnone, &dnone2, &none, &none, 0.1f), 0);
}

/* ---- ch08.4 zero_shot -------------------------------------------------- */

/* A class number: right or wrong (no hints of factors or signs, which
 * mean nothing for a class). */
static void expect_class(const char *what, int want, int got)
{
    if (got != want)
        graded_fail("%s: expected class %d, got %d", what, want, got);
}

static void zero_shot_hand_computed(void **state)
{
    (void)state;
    /* Two templates per class. Class 0's captions are (1, 0) and (0, 1):
     * their mean (0.5, 0.5) is short, and scaled to length 1 it is
     * (0.707, 0.707). Class 1's are both (0.96, 0.28). The image (0.8,
     * 0.6) is nearer class 0's prototype (0.99 against 0.94), though
     * farther from its unscaled mean (0.70), and from either of its
     * captions alone (0.8 and 0.6). */
    mat prompts = mat_of(4, 2, (float[]){1, 0, 0, 1, 0.96f, 0.28f, 0.96f,
                                         0.28f});
    mat images = mat_of(2, 2, (float[]){0.8f, 0.6f, 0, -1});
    int predicted[2] = {-1, -1};
    zero_shot(predicted, &images, &prompts, 2);
    expect_class("predicted[0] (compare with the mean of all its templates "
                 "of each class, scaled to length 1)", 0, predicted[0]);
    expect_class("predicted[1] (image (0, -1) scores below 0 against every "
                 "class: start the best score at -INFINITY, not 0)", 1,
                 predicted[1]);
}

static void zero_shot_tie_goes_to_lower_class(void **state)
{
    (void)state;
    /* Classes 1 and 2 have the same captions: image 0 is as near both,
     * and class 1 wins. One template each. */
    mat prompts = mat_of(3, 2, (float[]){-1, 0, 0, 1, 0, 1});
    mat images = mat_of(1, 2, (float[]){0.6f, 0.8f});
    int predicted[1] = {-1};
    zero_shot(predicted, &images, &prompts, 1);
    expect_class("predicted[0] (a tie between classes 1 and 2: the lower "
                 "class wins)", 1,
                 predicted[0]);
}

static void zero_shot_captions_that_cancel(void **state)
{
    (void)state;
    /* Class 0's two captions point opposite ways: their mean is zero and
     * stays zero (no division by its length 0), scoring 0 against the
     * image (0, -1), which beats class 1's -1. */
    mat prompts = mat_of(4, 2, (float[]){1, 0, -1, 0, 0, 1, 0, 1});
    mat images = mat_of(1, 2, (float[]){0, -1});
    int predicted[1] = {-1};
    zero_shot(predicted, &images, &prompts, 2);
    expect_class("predicted[0] (class 0's prototype is all zeros: left as "
                 "it is, it scores 0)", 0, predicted[0]);
}

static void zero_shot_matches_reference(void **state)
{
    (void)state;
    enum { IMAGES = 40, CLASSES_ = 5, TEMPLATES = 3, SPACE = 6 };
    mat prompts = unit_rows(CLASSES_ * TEMPLATES, SPACE, 41);
    mat images = unit_rows(IMAGES, SPACE, 42);
    int predicted[IMAGES], want[IMAGES];
    for (int i = 0; i < IMAGES; i++)
        predicted[i] = -1;
    zero_shot(predicted, &images, &prompts, TEMPLATES);
    reference_zero_shot(want, &images, &prompts, TEMPLATES);
    for (int i = 0; i < IMAGES; i++)
        if (predicted[i] != want[i])
            graded_fail("predicted[%d] is %d, expected %d (%d classes of "
                        "%d templates)", i, predicted[i], want[i], CLASSES_,
                        TEMPLATES);
}

/* ---- ch08.5 top_k ------------------------------------------------------ */

static void expect_ranking(const int *want, const int *got, int k,
                           const char *about)
{
    for (int r = 0; r < k; r++)
        if (got[r] == -1 && want[r] != -1)
            graded_fail("best[%d] still holds the %d it held before the "
                        "call (%s): did you fill all k places?", r, got[r],
                        about);
    for (int r = 0; r < k; r++)
        if (got[r] != want[r])
            graded_fail("best[%d] is %d, expected %d (%s)", r, got[r],
                        want[r], about);
}

static void top_k_hand_computed(void **state)
{
    (void)state;
    const float scores[] = {0.1f, 0.9f, 0.5f, -1, 0.7f};
    int best[3] = {-1, -1, -1};
    top_k(best, scores, 5, 3);
    if (best[0] == 3 && best[1] == 0)
        graded_fail("best is %d, %d, %d: the lowest scores first; best[0] "
                    "is the index of the largest score", best[0], best[1],
                    best[2]);
    expect_ranking((int[]){1, 4, 2}, best, 3,
                   "scores 0.1 0.9 0.5 -1 0.7, the largest first");
}

static void top_k_ties_lower_index_first(void **state)
{
    (void)state;
    const float scores[] = {0.2f, 0.5f, 0.5f, 0.9f, 0.5f, 0.5f};
    int best[4] = {-1, -1, -1, -1};
    top_k(best, scores, 6, 4);
    expect_ranking((int[]){3, 1, 2, 4}, best, 4,
                   "scores 0.2 0.5 0.5 0.9 0.5 0.5: of equal scores the "
                   "lower index first");
}

static void top_k_matches_reference(void **state)
{
    (void)state;
    /* Scores in steps of 1/16, so that many are equal. */
    enum { COUNT = 300 };
    mat raw = random_mat(1, COUNT, 1, 0, 51);
    float scores[COUNT];
    for (int j = 0; j < COUNT; j++)
        scores[j] = roundf(16 * raw.data[j]) / 16;
    const int ks[] = {1, 7, COUNT};
    for (int t = 0; t < 3; t++) {
        int best[COUNT], want[COUNT];
        for (int r = 0; r < ks[t]; r++)
            best[r] = -1;
        top_k(best, scores, COUNT, ks[t]);
        reference_top_k(want, scores, COUNT, ks[t]);
        char about[64];
        snprintf(about, sizeof about, "k = %d of %d scores", ks[t], COUNT);
        expect_ranking(want, best, ks[t], about);
    }
}

/* ---- ch08.6 recall_at_k ------------------------------------------------ */

/* Your recall at k against the reference, naming a recall over 1 (right
 * items counted, not queries), that of k - 1 places, and that of item i
 * taken as query i's match. */
static void expect_recall(const char *what, const mat *s,
                          const int *query_keys, const int *item_keys,
                          int k)
{
    double want = reference_recall(s, query_keys, item_keys, k);
    float got = recall_at_k(s, query_keys, item_keys, k);
    if (fabs(got - want) <= 1e-6 || got == 0) { /* 0: expect_close says */
        expect_close(what, want, got, 1e-6);
        return;
    }
    if (got > 1)
        graded_fail("%s: expected %g, got %g, more than 1: count each query "
                    "once, however many right items it finds", what, want,
                    got);
    if (k > 1 && fabs(got - reference_recall(s, query_keys, item_keys,
                                             k - 1)) <= 1e-6)
        graded_fail("%s: expected %g, got %g, the recall at k - 1: look at "
                    "all k best items", what, want, got);
    int best[1024], found = 0;
    for (int i = 0; i < s->rows; i++) {
        reference_top_k(best, mat_row(s, i), s->cols, k);
        for (int r = 0; r < k; r++)
            if (best[r] == i) {
                found++;
                break;
            }
    }
    if (s->rows > 0 && fabs(got - (double)found / s->rows) <= 1e-6)
        graded_fail("%s: expected %g, got %g, as if item i were query i's "
                    "match: a right item is one whose key is the query's "
                    "key", what, want, got);
    expect_close(what, want, got, 1e-6);
}

static void recall_hand_computed(void **state)
{
    (void)state;
    /* Three queries over four items with keys 7 8 7 9. Query 0 (key 7)
     * ranks items 1, 0, ...: right at 2 but not at 1. Query 1 (key 9)
     * ranks item 3 first. Query 2 (key 8) ranks items 0, 2, 3, 1: right
     * only at 4. */
    mat s = mat_of(3, 4, (float[]){0.5f, 0.9f, 0.1f, 0.2f,
                                   0.1f, 0.2f, 0.3f, 0.8f,
                                   0.9f, 0.1f, 0.8f, 0.7f});
    const int query_keys[] = {7, 9, 8}, item_keys[] = {7, 8, 7, 9};
    test_inputs("scores 0.5 0.9 0.1 0.2 / 0.1 0.2 0.3 0.8 / 0.9 0.1 0.8 "
                "0.7; query keys 7 9 8, item keys 7 8 7 9");
    expect_recall("recall at 2", &s, query_keys, item_keys, 2);
    expect_recall("recall at 1 (one query of 3 finds a right item first)",
                  &s, query_keys, item_keys, 1);
    expect_recall("recall at 4 (every item)", &s, query_keys, item_keys, 4);
}

static void recall_matches_reference(void **state)
{
    (void)state;
    enum { QUERIES = 30, ITEMS = 50, KEYS = 6 };
    mat raw = random_mat(QUERIES, ITEMS, 1, 0, 61);
    mat s = mat_create(QUERIES, ITEMS);
    for (size_t k = 0; k < mat_size(&s); k++)
        s.data[k] = roundf(8 * raw.data[k]) / 8; /* ties */
    int query_keys[QUERIES], item_keys[ITEMS];
    rng r;
    rng_seed(&r, test_seed(62));
    for (int i = 0; i < QUERIES; i++)
        query_keys[i] = (int)rng_below(&r, KEYS);
    for (int j = 0; j < ITEMS; j++)
        item_keys[j] = (int)rng_below(&r, KEYS);
    const int ks[] = {1, 3, 10};
    for (int t = 0; t < 3; t++) {
        char what[64];
        snprintf(what, sizeof what, "recall at %d (%d queries, %d items, "
                 "ranked by your top_k)", ks[t], QUERIES, ITEMS);
        expect_recall(what, &s, query_keys, item_keys, ks[t]);
    }
    mat none = mat_rows(&s, 0, 0);
    expect_close("recall of no queries", 0,
                 recall_at_k(&none, query_keys, item_keys, 2), 0);
}

/* The hidden tests (tests/hidden/, kept out of the students' copy; see
 * grade/graded.h) and what they are worth. */
#define HIDDEN_POINTS 5
#if __has_include("hidden/test_ch08_multimodal.c")
#include "hidden/test_ch08_multimodal.c"
#else
#define HIDDEN_TESTS
#endif

static const graded_test tests[] = {
    GRADED(text_forward_hand_computed, "ch08.1", 2),
    GRADED(text_forward_matches_reference, "ch08.1", 2),
    GRADED(text_backward_hand_computed, "ch08.2", 2),
    GRADED(text_backward_finite_differences, "ch08.2", 3),
    GRADED(clip_hand_computed, "ch08.3", 2),
    GRADED(clip_is_symmetric, "ch08.3", 2),
    GRADED(clip_matches_reference, "ch08.3", 2),
    GRADED(clip_finite_differences, "ch08.3", 3),
    GRADED(clip_small_tau, "ch08.3", 2),
    GRADED(clip_of_one_pair_and_of_none, "ch08.3", 1),
    GRADED(zero_shot_hand_computed, "ch08.4", 2),
    GRADED(zero_shot_tie_goes_to_lower_class, "ch08.4", 1),
    GRADED(zero_shot_captions_that_cancel, "ch08.4", 1),
    GRADED(zero_shot_matches_reference, "ch08.4", 2),
    GRADED(top_k_hand_computed, "ch08.5", 2),
    GRADED(top_k_ties_lower_index_first, "ch08.5", 1),
    GRADED(top_k_matches_reference, "ch08.5", 2),
    GRADED(recall_hand_computed, "ch08.6", 2),
    GRADED(recall_matches_reference, "ch08.6", 3),
    HIDDEN_TESTS
};

int main(int argc, char **argv)
{
    return graded_main(argc, argv, tests, COUNT(tests), HIDDEN_POINTS);
}
