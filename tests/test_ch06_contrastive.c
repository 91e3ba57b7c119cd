/* test_ch06_contrastive.c - graded tests of chapter 06 (make grade CH=06).
 *
 * Images, norms, cosines, losses and votes worked out by hand, then the
 * same functions checked against the tests' own references (written in
 * double, and plainly, for the tests alone) on random inputs. The
 * backward passes are checked against finite differences of those
 * references, so that a broken forward pass does not also fail them.
 * Every output is filled with junk before the call, so that an output
 * left unwritten fails. Every test runs in a process of its own, so the
 * tests do not free what they make.
 */
#include <math.h>
#include <stdio.h>

#include "ch06_contrastive.h"
#include "core/learn/gradcheck.h"
#include "core/learn/rng.h"
#include "grade/graded.h"

#define TOL 1e-5
#define GRAD_TOL 1e-2

/* ---- The tests' own references ----------------------------------------- */

/* z_i . z_j in double. */
static double dot_rows(const mat *a, int i, const mat *b, int j)
{
    double sum = 0;
    for (int c = 0; c < a->cols; c++)
        sum += (double)mat_get(a, i, c) * mat_get(b, j, c);
    return sum;
}

/* y = x with each row scaled to length 1 (a zero row stays zero), and the
 * lengths in norms (if not NULL). y may be x. */
static void reference_normalize(mat *y, float *norms, const mat *x)
{
    for (int i = 0; i < x->rows; i++) {
        double norm = sqrt(dot_rows(x, i, x, i));
        if (norms)
            norms[i] = (float)norm;
        for (int c = 0; c < x->cols; c++)
            mat_set(y, i, c,
                    norm > 0 ? (float)(mat_get(x, i, c) / norm) : 0.0f);
    }
}

/* Random rows of length 1. */
static mat unit_rows(int rows, int cols, uint64_t seed)
{
    mat z = random_mat(rows, cols, 1, 0.05f, seed);
    reference_normalize(&z, NULL, &z);
    return z;
}

/* Mistakes reference_nt_xent_as makes on purpose, so that the tests
 * can name them: a sum over j that takes j = i in, a gradient of
 * Delta z alone (as if s_ij depended on z_i only). */
enum { RIGHT, WITH_ITSELF, ONE_DIRECTION };

/* The NT-Xent loss of z (2n x m) straight from its formula, in double,
 * without renormalising z; with dz not NULL, also its gradient from the
 * hint of the header (dz = (Delta + Delta^T) z). At most 16 rows. */
static double reference_nt_xent_as(mat *dz, const mat *z, double tau,
                                   int mistake)
{
    int rows = z->rows, n = rows / 2;
    double g[16][16] = {{0}}, total = 0;
    for (int i = 0; i < rows; i++) {
        int partner = i < n ? i + n : i - n;
        double s[16], top = -INFINITY, sum = 0;
        for (int j = 0; j < rows; j++) {
            s[j] = dot_rows(z, i, z, j) / tau;
            if (j != i && s[j] > top)
                top = s[j];
        }
        for (int j = 0; j < rows; j++)
            if (j != i || mistake == WITH_ITSELF)
                sum += exp(s[j] - top);
        total += log(sum) + top - s[partner];
        for (int j = 0; j < rows; j++)
            if (j != i)
                g[i][j] = (exp(s[j] - top) / sum - (j == partner)) /
                          (rows * tau);
    }
    if (dz)
        for (int i = 0; i < rows; i++)
            for (int c = 0; c < z->cols; c++) {
                double sum = 0;
                for (int j = 0; j < rows; j++)
                    sum += (g[i][j] + (mistake == ONE_DIRECTION
                                           ? 0 : g[j][i])) *
                           mat_get(z, j, c);
                mat_set(dz, i, c, (float)sum);
            }
    return rows > 0 ? total / rows : 0;
}

static double reference_nt_xent(mat *dz, const mat *z, double tau)
{
    return reference_nt_xent_as(dz, z, tau, RIGHT);
}

/* |z_i - z_j|^2 in double. */
static double squared_distance_of(const mat *z, int i, int j)
{
    double sum = 0;
    for (int c = 0; c < z->cols; c++) {
        double e = (double)mat_get(z, i, c) - mat_get(z, j, c);
        sum += e * e;
    }
    return sum;
}

/* The k voters, picked one at a time (the largest similarity not yet
 * taken, the lower j on a tie), then the class with the most votes, and
 * on a tie the class whose first voter was picked first. At most 4096
 * references, 64 voters and 64 classes. */
static int reference_knn_vote(const float *similarities, const int *labels,
                              int count, int k, int classes)
{
    int votes[64] = {0}, first[64] = {0};
    unsigned char taken[4096] = {0};
    for (int v = 0; v < k; v++) {
        int best = -1;
        for (int j = 0; j < count; j++)
            if (!taken[j] &&
                (best < 0 || similarities[j] > similarities[best]))
                best = j;
        taken[best] = 1;
        if (votes[labels[best]]++ == 0)
            first[labels[best]] = v;
    }
    int winner = -1;
    for (int c = 0; c < classes; c++)
        if (votes[c] > 0 &&
            (winner < 0 || votes[c] > votes[winner] ||
             (votes[c] == votes[winner] && first[c] < first[winner])))
            winner = c;
    return winner;
}

/* ---- ch06.1 flip_and_shift --------------------------------------------- */

/* out(x, y) = image(x', y - dy), x' = x - dx, mirrored when flip is 1. */
static void reference_flip_and_shift(float *out, const float *image,
                                     int side, int flip, int dx, int dy)
{
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++) {
            int from_x = x - dx, from_y = y - dy;
            if (flip)
                from_x = side - 1 - from_x;
            int inside = from_x >= 0 && from_x < side && from_y >= 0 &&
                         from_y < side;
            out[y * side + x] = inside ? image[from_y * side + from_x] : 0;
        }
}

static int same_floats(const float *a, const float *b, int n)
{
    for (int i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* out against the reference, naming the images that moving the other
 * way, swapping dx and dy, or moving before mirroring give instead.
 * (Images of at most SIDE x SIDE.) */
static void expect_image(const char *what, const float *image, int side,
                         int flip, int dx, int dy, const float *out)
{
    float want[SIDE * SIDE], other[SIDE * SIDE];
    int n = side * side;
    reference_flip_and_shift(want, image, side, flip, dx, dy);
    if (!same_floats(want, out, n)) {
        /* Moving, then mirroring, moves the mirrored image by -dx. */
        reference_flip_and_shift(other, image, side, flip, -dx, dy);
        if (flip && dx != 0 && same_floats(other, out, n))
            graded_fail("%s: your image moved left where it should move "
                        "right: mirror first, then move (out(x, y) = "
                        "image(side - 1 - (x - dx), y - dy))", what);
        reference_flip_and_shift(other, image, side, flip, -dx, -dy);
        int back = same_floats(other, out, n);
        reference_flip_and_shift(other, image, side, flip, dy, dx);
        int swapped = dx != dy && same_floats(other, out, n);
        if (back || swapped)
            graded_fail("%s: your image is the one %s: out(x, y) = "
                        "image(x - dx, y - dy), dx to the right and dy "
                        "down", what,
                        back && swapped ? "moved the other way (or with "
                                          "dx and dy swapped)"
                        : back ? "moved the other way"
                               : "with dx and dy swapped");
    }
    /* As a matrix, so that a transposed image is named. */
    expect_mat_close(what, &(mat){side, side, want},
                     &(mat){side, side, (float *)out}, 0);
}

static void flip_and_shift_hand_computed(void **state)
{
    (void)state;
    test_inputs("image 1 2 3 / 4 5 6 / 7 8 9 (3 x 3, row after row; "
                "pixel (x, y) at [y * 3 + x])");
    const float image[9] = {1, 2, 3,
                            4, 5, 6,
                            7, 8, 9};
    float out[9];
    prefill_floats(out, 9, 9);
    flip_and_shift(out, image, 3, 0, 0, 0);
    expect_image("out (neither mirrored nor moved)", image, 3, 0, 0, 0, out);
    prefill_floats(out, 9, 9);
    flip_and_shift(out, image, 3, 0, -1, 1);
    expect_image("out (no flip, one pixel left and one down)", image, 3, 0,
                 -1, 1, out);
    prefill_floats(out, 9, 9);
    flip_and_shift(out, image, 3, 1, 0, 0);
    expect_image("out (mirrored, not moved)", image, 3, 1, 0, 0, out);
    /* Mirror first, giving columns (3 2 1), then move one right. */
    prefill_floats(out, 9, 9);
    flip_and_shift(out, image, 3, 1, 1, 0);
    expect_image("out (mirrored, then one pixel right)", image, 3, 1, 1, 0,
                 out);
}

static void flip_and_shift_matches_reference(void **state)
{
    (void)state;
    mat image = random_mat(1, SIDE * SIDE, 1, 0.01f, 11);
    const int cases[][3] = {{0, 0, 0},  {1, 0, 0},   {1, 3, -2},
                            {1, -3, 2}, {0, 2, 3},   {1, 27, 0},
                            {1, 0, -27}, {1, 28, 0}, {0, -30, 5}};
    float out[SIDE * SIDE];
    for (int c = 0; c < COUNT(cases); c++) {
        int flip = cases[c][0], dx = cases[c][1], dy = cases[c][2];
        prefill_floats(out, SIDE * SIDE, 9);
        flip_and_shift(out, image.data, SIDE, flip, dx, dy);
        char what[80];
        snprintf(what, sizeof what, "out (28 x 28 image, flip %d, dx %d, dy "
                 "%d)", flip, dx, dy);
        expect_image(what, image.data, SIDE, flip, dx, dy, out);
    }
}

/* The augmentations call flip_and_shift: with every one of them off a
 * view is the image itself, the same seed gives the same views, and every
 * pixel of a view stays in [0, 1]. */
static void views_are_deterministic(void **state)
{
    (void)state;
    mat images = random_mat(3, SIDE * SIDE, 0.5f, 0, 12);
    for (int i = 0; i < images.rows * images.cols; i++)
        images.data[i] += 0.5f; /* pixels in [0, 1] */
    mat views = mat_create(6, SIDE * SIDE), again = mat_create(6, SIDE * SIDE);
    augmentations none = {.crop = 1};
    rng r;
    rng_seed(&r, 1);
    mat_fill(&views, 9);
    make_views(&views, &images, &none, &r);
    for (int i = 0; i < 6; i++) {
        mat view = mat_rows(&views, i, 1), image = mat_rows(&images, i % 3, 1);
        expect_mat_close("a view with every augmentation off", &image, &view,
                         1e-6);
    }
    rng_seed(&r, 2);
    make_views(&views, &images, &default_augmentations, &r);
    rng_seed(&r, 2);
    mat_fill(&again, 9);
    make_views(&again, &images, &default_augmentations, &r);
    expect_mat_close("views made twice from the same seed", &views, &again,
                     0);
    for (int i = 0; i < views.rows * views.cols; i++)
        if (!(views.data[i] >= 0 && views.data[i] <= 1))
            graded_fail("pixel %d of a view is %g, outside [0, 1]", i,
                        views.data[i]);
}

/* ---- ch06.2 normalize_rows --------------------------------------------- */

/* The norms and rows, first naming a squared length for a norm and a
 * row that points the right way but has the wrong length. */
static void expect_normalized(const char *what_norms, const float *want_norms,
                              const float *norms, const char *what_rows,
                              const mat *want, const mat *y)
{
    int squared = 1, telling = 0;
    for (int i = 0; i < want->rows; i++) {
        double w = want_norms[i];
        squared &= fabs(norms[i] - w * w) <= 1e-4 * fmax(1, w * w);
        telling |= fabs(w * w - w) > 1e-3;
    }
    if (squared && telling)
        graded_fail("%s: each norm is the squared length (%g where %g was "
                    "expected): did you take the square root of the sum "
                    "of squares?", what_norms, norms[0], want_norms[0]);
    for (int i = 0; i < want->rows; i++) {
        const float *u = mat_row(want, i), *got = mat_row(y, i);
        double along = 0, length = 0;
        for (int c = 0; c < want->cols; c++)
            along += (double)u[c] * got[c], length += (double)got[c] * got[c];
        length = sqrt(length);
        if (along > 0 && fabs(along - length) < 1e-5 * length &&
            fabs(length - 1) > 1e-3)
            graded_fail("%s: row %d points the right way but has length "
                        "%g, not 1: divide each entry by the row's length "
                        "sqrt(sum of its squares), %g", what_rows, i, length,
                        want_norms[i]);
    }
    expect_all_close(what_norms, want_norms, norms, (size_t)want->rows, TOL);
    expect_mat_close(what_rows, want, y, TOL);
}

static void normalize_rows_hand_computed(void **state)
{
    (void)state;
    test_inputs("x = (3, 4), (0, 0), (0, -2)");
    mat x = mat_of(3, 2, (float[]){3, 4, 0, 0, 0, -2});
    mat y = mat_create(3, 2);
    float norms[3];
    prefill_floats(norms, 3, 9), prefill(&y, 9);
    normalize_rows(&y, norms, &x);
    expect_normalized("norms (of (3, 4), (0, 0), (0, -2))",
                      (float[]){5, 0, 2}, norms,
                      "rows (the zero row stays zero)",
                      &(mat){3, 2, (float[]){0.6f, 0.8f, 0, 0, 0, -1}}, &y);
}

static void normalize_rows_matches_reference(void **state)
{
    (void)state;
    mat x = random_mat(6, 5, 3, 0, 21);
    mat y = mat_create(6, 5), want = mat_create(6, 5);
    float norms[6], want_norms[6];
    prefill_floats(norms, 6, 9), prefill(&y, 9);
    reference_normalize(&want, want_norms, &x);
    normalize_rows(&y, norms, &x);
    expect_normalized("norms (of 6 random rows)", want_norms, norms,
                      "y (6 rows of length 1)", &want, &y);
}

static void normalize_rows_in_place(void **state)
{
    (void)state;
    mat x = random_mat(4, 7, 2, 0, 22), want = mat_create(4, 7);
    float norms[4], want_norms[4];
    prefill_floats(norms, 4, 9);
    reference_normalize(&want, want_norms, &x);
    normalize_rows(&x, norms, &x);
    expect_normalized("norms", want_norms, norms,
                      "x (rows normalised in place: y is x)", &want,
                      &x);
}

/* ---- ch06.3 normalize_rows_backward ------------------------------------ */

/* What dx should hold, before + (dy - (dy . y) y) / norm, with the
 * mistakes that put another term in its place: sign +1 or -1 before the
 * part along y (0: left out), and the power of the norm it is divided
 * by (1, 0 or -1). */
static void backward_as(mat *out, const mat *before, const mat *dy,
                        const mat *y, const float *norms, int sign, int power)
{
    for (int i = 0; i < y->rows; i++) {
        double along = dot_rows(dy, i, y, i);
        for (int c = 0; c < y->cols; c++)
            mat_set(out, i, c,
                    (float)(mat_get(before, i, c) +
                            (mat_get(dy, i, c) - sign * along *
                                                     mat_get(y, i, c)) /
                                pow(norms[i], power)));
    }
}

static int same_mat(const mat *a, const mat *b)
{
    for (size_t i = 0; i < mat_size(a); i++)
        if (!(fabs(a->data[i] - b->data[i]) <= 1e-4))
            return 0;
    return 1;
}

/* dx after the call, which held `before`, naming what it holds instead
 * when it fits a likely mistake. */
static void expect_normalize_backward(const char *what, const mat *before,
                                      const mat *dy, const mat *y,
                                      const float *norms, const mat *dx)
{
    mat want = mat_create(y->rows, y->cols), other = mat_create(y->rows,
                                                                y->cols);
    mat zero = mat_create(y->rows, y->cols);
    mat_fill(&zero, 0);
    backward_as(&want, before, dy, y, norms, 1, 1);
    if (same_mat(&want, dx))
        return;
    backward_as(&other, &zero, dy, y, norms, 1, 1);
    if (same_mat(&other, dx))
        graded_fail("%s: dx no longer holds what it had before the call: "
                    "the gradient must be added to it (+=), not written "
                    "over it", what);
    const struct { int sign, power; const char *why; } cases[] = {
        {0, 1, "you added dy / norms[i]: did you subtract the part of dy "
               "along y, (dy . y) y?"},
        {-1, 1, "you added the part of dy along y, (dy . y) y, where it "
                "should be subtracted"},
        {1, -1, "multiplied by norms[i] where you should divide by it"},
        {1, 0, "did you divide by norms[i]?"},
    };
    for (int k = 0; k < COUNT(cases); k++) {
        backward_as(&other, before, dy, y, norms, cases[k].sign,
                    cases[k].power);
        if (same_mat(&other, dx))
            graded_fail("%s: dx_i += (dy_i - (dy_i . y_i) y_i) / "
                        "norms[i]: %s", what, cases[k].why);
    }
    expect_mat_close(what, &want, dx, TOL);
}

static void normalize_backward_hand_computed(void **state)
{
    (void)state;
    /* Row 0: y = (0.6, 0.8) of a row of length 5, dy = (1, 0): dy . y =
     * 0.6, the part across y is (1, 0) - 0.6 (0.6, 0.8) = (0.64, -0.48),
     * over 5 is (0.128, -0.096). Row 1: dy = (3, 4) lies along y = (0.6,
     * 0.8), so nothing crosses: dx is left as it was. dx held (1, 2) and
     * (-1, 5) before the call, and the gradient is added to them. */
    test_inputs("y = (0.6, 0.8) twice, norms (5, 2), dy = (1, 0) and "
                "(3, 4), dx held (1, 2) and (-1, 5)");
    mat y = mat_of(2, 2, (float[]){0.6f, 0.8f, 0.6f, 0.8f});
    mat dy = mat_of(2, 2, (float[]){1, 0, 3, 4});
    mat dx = mat_of(2, 2, (float[]){1, 2, -1, 5}), before = mat_create(2, 2);
    float norms[2] = {5, 2};
    mat_copy(&before, &dx);
    normalize_rows_backward(&dx, &dy, &y, norms);
    expect_normalize_backward("dx: (1, 2) + (0.128, -0.096), and (-1, 5) + "
                              "0", &before, &dy, &y, norms, &dx);
}

/* L = sum of g * normalize(x), so that dL/dy = g. */
typedef struct normalize_probe {
    mat x, g, y;
} normalize_probe;

static double normalize_probe_loss(void *ctx)
{
    normalize_probe *p = ctx;
    double sum = 0;
    for (int i = 0; i < p->x.rows; i++) {
        double norm = sqrt(dot_rows(&p->x, i, &p->x, i));
        for (int c = 0; c < p->x.cols; c++)
            sum += (double)mat_get(&p->g, i, c) * mat_get(&p->x, i, c) /
                   norm;
    }
    return sum;
}

static void normalize_backward_finite_differences(void **state)
{
    (void)state;
    normalize_probe p = {random_mat(4, 5, 1, 0.05f, 31),
                         random_mat(4, 5, 3, 0, 32),
                         mat_create(4, 5)};
    float norms[4];
    reference_normalize(&p.y, norms, &p.x);
    /* dx starts random: what comes back minus what was there is the
     * gradient. */
    mat before = random_mat(4, 5, 1, 0, 33), dx = mat_create(4, 5);
    mat added = mat_create(4, 5);
    mat_copy(&dx, &before);
    normalize_rows_backward(&dx, &p.g, &p.y, norms);
    expect_normalize_backward("dx (4 random rows)", &before, &p.g, &p.y,
                              norms, &dx);
    for (size_t i = 0; i < mat_size(&dx); i++)
        added.data[i] = dx.data[i] - before.data[i];
    expect_gradient("dx (what was added to it)",
                    gradcheck(normalize_probe_loss, &p, p.x.data,
                              added.data, mat_size(&p.x), 1e-3f),
                    GRAD_TOL);
}

/* ---- ch06.4 cosine_similarities ---------------------------------------- */

/* s against the cosines, first naming what it holds instead: z_i . z_j
 * over the squared lengths, a matrix that is not symmetric, or a
 * diagonal that is not 1 (9s are entries never written). */
static void expect_cosines(const char *what, const mat *want, const mat *s,
                           const mat *z)
{
    int n = z->rows, squared = 1;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double aa = dot_rows(z, i, z, i), bb = dot_rows(z, j, z, j);
            if (aa > 0 && bb > 0)
                squared &= fabs(mat_get(s, i, j) -
                                dot_rows(z, i, z, j) / (aa * bb)) < TOL;
        }
    if (squared && !same_mat(want, s))
        graded_fail("%s: s[i][j] is z_i . z_j / (|z_i|^2 |z_j|^2): did you "
                    "take the square root of aa * bb?", what);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            float a = mat_get(s, i, j), b = mat_get(s, j, i);
            if (a != 9 && b != 9 && fabs(a - b) > TOL)
                graded_fail("%s: s is not symmetric: s[%d][%d] = %g but "
                            "s[%d][%d] = %g: divide by both lengths, |z_i| "
                            "|z_j|", what, i, j, a, j, i, b);
        }
    for (int i = 0; i < n; i++) {
        float d = mat_get(s, i, i);
        if (mat_get(want, i, i) == 1 && d != 9 && isfinite(d) &&
            fabs(d - 1) > TOL)
            graded_fail("%s: s[%d][%d] = %g, but the cosine of a row with "
                        "itself is 1: did you divide the dot product by "
                        "|z_i| |z_j|?", what, i, i, d);
    }
    expect_mat_close(what, want, s, TOL);
}

static void cosine_hand_computed(void **state)
{
    (void)state;
    /* (1, 0), (1, 1) and (0, -2): 45 degrees, 90 and 135 apart. */
    mat z = mat_of(3, 2, (float[]){1, 0, 1, 1, 0, -2});
    test_inputs("z = (1, 0), (1, 1), (0, -2)");
    mat s = mat_create(3, 3);
    float r = 1 / sqrtf(2);
    prefill(&s, 9);
    cosine_similarities(&s, &z);
    expect_cosines("s (cosines of (1, 0), (1, 1), (0, -2))",
                   &(mat){3, 3, (float[]){1, r, 0, r, 1, -r, 0, -r, 1}}, &s,
                   &z);
}

static void cosine_of_a_zero_row_is_zero(void **state)
{
    (void)state;
    mat z = mat_of(3, 2, (float[]){2, 0, 0, 0, 0, 3});
    mat s = mat_create(3, 3);
    prefill(&s, 9);
    cosine_similarities(&s, &z);
    expect_cosines("s (cosines with the zero row 1 are 0, not NaN)",
                   &(mat){3, 3, (float[]){1, 0, 0, 0, 0, 0, 0, 0, 1}}, &s,
                   &z);
}

static void cosine_matches_reference(void **state)
{
    (void)state;
    mat z = random_mat(6, 4, 2, 0.05f, 41);
    mat s = mat_create(6, 6), want = mat_create(6, 6);
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++)
            mat_set(&want, i, j,
                    (float)(dot_rows(&z, i, &z, j) /
                            sqrt(dot_rows(&z, i, &z, i) *
                                 dot_rows(&z, j, &z, j))));
    prefill(&s, 9);
    cosine_similarities(&s, &z);
    expect_cosines("s (cosines of 6 random rows of different lengths)",
                   &want, &s, &z);
}

/* ---- ch06.5 nt_xent ---------------------------------------------------- */

/* Your loss and dz (which held 9s) at z and tau against the reference,
 * the loss first, naming the mistakes that fit: j = i in the sum, the
 * gradient of one direction only, a tau missing from the gradient. */
static void expect_nt_xent(const char *what, const mat *z, float tau,
                           double loss_tolerance, double tolerance)
{
    mat dz = mat_create(z->rows, z->cols), want = mat_create(z->rows,
                                                             z->cols);
    mat other = mat_create(z->rows, z->cols);
    double loss = reference_nt_xent(&want, z, tau);
    prefill(&dz, 9);
    float got = nt_xent(&dz, z, tau);
    char label[160];
    if (fabs(got - loss) > loss_tolerance &&
        fabs(got - reference_nt_xent_as(NULL, z, tau, WITH_ITSELF)) <
            loss_tolerance)
        graded_fail("%s: your loss counts each view against itself (j = "
                    "i) in the sum of exponentials: leave it out", what);
    snprintf(label, sizeof label, "loss of %s (the mean over all 2n = %d "
             "anchors)", what, z->rows);
    expect_close(label, loss, got, loss_tolerance);
    reference_nt_xent_as(&other, z, tau, ONE_DIRECTION);
    if (!same_mat(&want, &dz) && same_mat(&other, &dz))
        graded_fail("%s: dz is Delta z alone: each score s_ij depends on "
                    "both z_i and z_j, so dz also needs the Delta^T z "
                    "half (the gradient through z_j)", what);
    double wg = 0, ww = 0;
    for (size_t i = 0; i < mat_size(&dz); i++)
        wg += (double)want.data[i] * dz.data[i],
        ww += (double)want.data[i] * want.data[i];
    double k = ww > 0 ? wg / ww : 1;
    for (size_t i = 0; i < mat_size(&dz); i++)
        other.data[i] = (float)(k * want.data[i]);
    if (same_mat(&other, &dz) && !same_mat(&want, &dz) &&
        (fabs(k - tau) < 1e-3 || fabs(k - tau * tau) < 1e-3 ||
         fabs(k - 1 / tau) < 1e-2))
        graded_fail("%s: dz is %.4g times the right one, and tau is %g: "
                    "did you divide the gradient by tau, once?", what, k,
                    tau);
    snprintf(label, sizeof label, "dz (%s; it held 9s before the call)",
             what);
    expect_mat_close(label, &want, &dz, tolerance);
}

static void nt_xent_hand_computed(void **state)
{
    (void)state;
    /* n = 2, tau = 0.5: z0 = (1, 0), z1 = (0, 1), z2 = (0.6, 0.8), z3 =
     * (0.8, 0.6), with partners 0-2 and 1-3. The scores 2 z_i . z_j are
     * s01 = 0, s02 = 1.2, s03 = 1.6, s12 = 1.6, s13 = 1.2, s23 = 1.92, so
     * anchors 0 and 1 each lose log(e^0 + e^1.2 + e^1.6) - 1.2, and
     * anchors 2 and 3 each lose log(e^1.2 + e^1.6 + e^1.92) - 1.2. */
    test_inputs("z = (1, 0), (0, 1), (0.6, 0.8), (0.8, 0.6), partners 0-2 "
                "and 1-3, tau = 0.5: loss (log(1 + e^1.2 + e^1.6) - 1.2 + "
                "log(e^1.2 + e^1.6 + e^1.92) - 1.2) / 2");
    mat z = mat_of(4, 2, (float[]){1, 0, 0, 1, 0.6f, 0.8f, 0.8f, 0.6f});
    expect_nt_xent("4 views", &z, 0.5f, TOL, TOL);
}

static void nt_xent_of_one_pair_and_of_none(void **state)
{
    (void)state;
    /* Each view's only other view is its partner: it picks it out for
     * sure, whatever the angle. Loss 0, gradient 0. */
    mat z = mat_of(2, 3, (float[]){1, 0, 0, 0, 0.6f, 0.8f});
    mat dz = mat_create(2, 3);
    prefill(&dz, 9);
    expect_close("loss of one pair", 0, nt_xent(&dz, &z, 0.5f), TOL);
    expect_mat_close("dz of one pair",
                     &(mat){2, 3, (float[]){0, 0, 0, 0, 0, 0}}, &dz, TOL);
    /* And no views at all: n = 0. */
    mat none = mat_create(0, 3), dnone = mat_create(0, 3);
    expect_close("loss of an empty batch", 0, nt_xent(&dnone, &none, 0.5f),
                 0);
}

static void nt_xent_matches_reference(void **state)
{
    (void)state;
    mat z = unit_rows(10, 4, 51);
    expect_nt_xent("5 random pairs, tau 0.3", &z, 0.3f, 1e-4, 1e-4);
}

typedef struct nt_xent_probe {
    mat z;
    double tau;
} nt_xent_probe;

static double nt_xent_probe_loss(void *ctx)
{
    nt_xent_probe *p = ctx;
    return reference_nt_xent(NULL, &p->z, p->tau);
}

static void nt_xent_finite_differences(void **state)
{
    (void)state;
    /* The loss as a function of the entries of z as they are: a step
     * leaves the sphere, but the formula does not renormalise. */
    nt_xent_probe p = {unit_rows(6, 5, 52), 0.2};
    mat dz = mat_create(6, 5);
    prefill(&dz, 9);
    nt_xent(&dz, &p.z, 0.2f);
    expect_gradient("dz (3 pairs, tau 0.2)",
                    gradcheck(nt_xent_probe_loss, &p, p.z.data, dz.data,
                              mat_size(&p.z), 1e-3f),
                    GRAD_TOL);
}

static void nt_xent_small_tau(void **state)
{
    (void)state;
    /* tau = 0.05 and rows that nearly all point one way: every score is
     * close to 20. Each image's two views are nearer each other than the
     * other images. */
    enum { N = 4, M = 6 };
    mat base = unit_rows(1, M, 53);
    mat spread = random_mat(N, M, 1, 0, 54);
    mat jitter = random_mat(2 * N, M, 1, 0, 55);
    mat z = mat_create(2 * N, M);
    for (int i = 0; i < 2 * N; i++)
        for (int c = 0; c < M; c++)
            mat_set(&z, i, c,
                    base.data[c] + 0.1f * mat_get(&spread, i % N, c) +
                        0.02f * mat_get(&jitter, i, c));
    reference_normalize(&z, NULL, &z);
    expect_nt_xent("near-aligned rows at tau 0.05", &z, 0.05f, 1e-4,
                   1e-3);
}

/* ---- ch06.6 alignment_uniformity --------------------------------------- */

/* The uniformity of z's first n views over pairs i < j < `last`, with
 * exp(-t d^2), divided by `pairs`: the right one is last = n, t = 2,
 * pairs = n(n - 1)/2. */
static double uniformity_as(const mat *z, int last, double t, double pairs)
{
    int n = z->rows / 2;
    double spread = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < last; j++)
            spread += exp(-t * squared_distance_of(z, i, j));
    return log(spread / pairs);
}

/* Your two measures of z against the formulas, naming the variants that
 * fit: distances not squared, all views in the uniformity, no 2 in its
 * exponent, ordered pairs. */
static void expect_measures(const char *what, const mat *z, float alignment,
                            float uniformity)
{
    int n = z->rows / 2;
    double align = 0, root = 0, pairs = n * (n - 1) / 2.0;
    for (int i = 0; i < n; i++) {
        align += squared_distance_of(z, i, i + n);
        root += sqrt(squared_distance_of(z, i, i + n));
    }
    char label[128];
    if (fabs(alignment - align / n) > TOL && fabs(alignment - root / n) < TOL)
        graded_fail("alignment of %s is the mean of |z_i - z_i+n|: take "
                    "the squared distance", what);
    snprintf(label, sizeof label, "alignment of %s (the mean of n = %d "
             "squared distances)", what, n);
    expect_close(label, align / n, alignment, TOL);
    if (pairs == 0)
        return;
    double want = uniformity_as(z, n, 2, pairs);
    const struct { double u; const char *why; } cases[] = {
        {uniformity_as(z, 2 * n, 2, pairs), "pairs of all 2n views: count "
         "the first views only"},
        {uniformity_as(z, n, 1, pairs), "exp(-|z_i - z_j|^2): did you "
         "leave out the 2 of exp(-2 |z_i - z_j|^2)?"},
        {uniformity_as(z, n, 2, 2 * pairs), "divided by n(n-1), the "
         "ordered pairs, where i < j gives n(n-1)/2 pairs"},
    };
    for (int k = 0; fabs(uniformity - want) > TOL && k < COUNT(cases); k++)
        if (fabs(uniformity - cases[k].u) < TOL)
            graded_fail("uniformity of %s: expected %g, got %g, that of %s",
                        what, want, uniformity, cases[k].why);
    snprintf(label, sizeof label, "uniformity of %s (pairs i < j < n of "
             "first views only)", what);
    expect_close(label, want, uniformity, TOL);
}

static void alignment_uniformity_hand_computed(void **state)
{
    (void)state;
    /* n = 3. Pairs: (1, 0)-(0.6, 0.8) at squared distance 0.8, (0, 1)-
     * (0.8, 0.6) at 0.8, (-1, 0)-(-1, 0) at 0: alignment 1.6 / 3. First
     * views (1, 0), (0, 1), (-1, 0): squared distances 2, 4, 2, so
     * uniformity = log((2 e^-4 + e^-8) / 3). */
    mat z = mat_of(6, 2, (float[]){1, 0, 0, 1, -1, 0, 0.6f, 0.8f, 0.8f,
                                   0.6f, -1, 0});
    test_inputs("z = (1, 0), (0, 1), (-1, 0), then their partners (0.6, "
                "0.8), (0.8, 0.6), (-1, 0): alignment 1.6 / 3, uniformity "
                "log((2 e^-4 + e^-8) / 3)");
    float alignment = 9, uniformity = 9;
    alignment_uniformity(&alignment, &uniformity, &z);
    expect_measures("3 pairs", &z, alignment, uniformity);
}

static void alignment_uniformity_matches_reference(void **state)
{
    (void)state;
    enum { N = 7 };
    mat z = unit_rows(2 * N, 5, 61);
    float alignment = 9, uniformity = 9;
    alignment_uniformity(&alignment, &uniformity, &z);
    expect_measures("7 random pairs", &z, alignment, uniformity);
}

static void alignment_uniformity_of_one_pair(void **state)
{
    (void)state;
    /* One image: alignment is its one pair, and there is no pair of
     * images for the uniformity, which is then 0. */
    mat z = mat_of(2, 2, (float[]){1, 0, 0, -1});
    float alignment = 9, uniformity = 9;
    alignment_uniformity(&alignment, &uniformity, &z);
    expect_close("alignment of (1, 0) and (0, -1)", 2, alignment, TOL);
    expect_close("uniformity of a single image (no pair i < j: 0, where "
                 "log(0 / 0) is NaN)", 0, uniformity, 0);
}

/* ---- ch06.7 knn_vote --------------------------------------------------- */

/* A class number: right or wrong (no hints of factors or signs, which
 * mean nothing for a class). */
static void expect_class(const char *what, int want, int got)
{
    if (got != want)
        graded_fail("%s: expected class %d, got %d", what, want, got);
}

static void knn_vote_hand_computed(void **state)
{
    (void)state;
    const float similarities[6] = {0.9f, 0.1f, 0.8f, -0.5f, 0.7f, 0.2f};
    const int labels[6] = {1, 0, 0, 1, 0, 1};
    test_inputs("similarities 0.9, 0.1, 0.8, -0.5, 0.7, 0.2; classes 1, "
                "0, 0, 1, 0, 1");
    /* The nearest is j = 0 (class 1); then j = 2 and j = 4 (class 0). */
    expect_class("k = 1", 1, knn_vote(similarities, labels, 6, 1, 2));
    expect_class("k = 3", 0, knn_vote(similarities, labels, 6, 3, 2));
    /* k = 6: three votes each, and class 1 has the nearest voter. */
    expect_class("k = 6 (three votes each: the class of the nearer voter "
                 "wins)", 1, knn_vote(similarities, labels, 6, 6, 2));
}

static void knn_vote_class_tie_goes_to_the_nearer_voter(void **state)
{
    (void)state;
    /* k = 4: classes 1 and 2 get two votes each; the nearest voter (j = 1,
     * 0.9) is of class 2, which wins although 1 is smaller and comes first
     * in the list. */
    const float similarities[5] = {0.5f, 0.9f, 0.7f, 0.3f, -1};
    const int labels[5] = {1, 2, 1, 2, 0};
    expect_class("two votes each, nearest voter class 2 (a tie between "
                 "classes goes to the nearer voter's)", 2,
                 knn_vote(similarities, labels, 5, 4, 3));
    /* The same with class 2's voters far: class 1 wins. */
    const float far[5] = {0.5f, 0.2f, 0.7f, 0.3f, -1};
    expect_class("two votes each, nearest voter class 1 (a tie between "
                 "classes goes to the nearer voter's)", 1,
                 knn_vote(far, labels, 5, 4, 3));
}

static void knn_vote_equal_similarities_lower_j_first(void **state)
{
    (void)state;
    /* k = 3: j = 0 (class 0) is nearest; five references tie at 0.5, and
     * the lower two, j = 1 and j = 2 (class 1), vote: class 1. Taken from
     * the top instead, j = 4 and j = 5 would make it class 2. */
    const float similarities[6] = {0.9f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
    const int labels[6] = {0, 1, 1, 2, 2, 2};
    expect_class("ties at the last vote (on equal similarities the lower j "
                 "votes first)", 1,
                 knn_vote(similarities, labels, 6, 3, 3));
    /* Every similarity equal, k = 2: j = 0 and j = 1 vote, one each, and
     * j = 0 is the nearer voter. */
    const float flat[4] = {0.25f, 0.25f, 0.25f, 0.25f};
    const int other[4] = {2, 0, 1, 1};
    expect_class("all equal, k = 2 (on equal similarities the lower j "
                 "votes first)", 2, knn_vote(flat, other, 4, 2, 3));
}

static void knn_vote_matches_reference(void **state)
{
    (void)state;
    /* 2000 references of 10 classes with similarities on a grid of 1/32
     * (so that many tie); k from 1 to 50. */
    enum { COUNT_REFS = 2000, CLASSES = 10 };
    static float similarities[4][COUNT_REFS], negated[4][COUNT_REFS];
    static int labels[4][COUNT_REFS];
    enum { KS = 5 };
    const int ks[KS] = {1, 2, 5, 16, 50};
    int got[4][KS];
    rng r;
    rng_seed(&r, test_seed(71));
    for (int q = 0; q < 4; q++) {
        for (int j = 0; j < COUNT_REFS; j++) {
            similarities[q][j] = ((float)rng_below(&r, 65) - 32) / 32;
            negated[q][j] = -similarities[q][j];
            labels[q][j] = (int)rng_below(&r, CLASSES);
        }
        for (int c = 0; c < KS; c++)
            got[q][c] = knn_vote(similarities[q], labels[q], COUNT_REFS,
                                 ks[c], CLASSES);
    }
    /* Votes that all fit a likely mistake (one alone may by chance). */
    int farthest = 1, fewer = 1, nearest = 1, right = 1;
    for (int q = 0; q < 4; q++)
        for (int c = 0; c < KS; c++) {
            const float *sim = similarities[q];
            const int *lab = labels[q], k = ks[c], g = got[q][c];
            right &= g == reference_knn_vote(sim, lab, COUNT_REFS, k,
                                             CLASSES);
            farthest &= g == reference_knn_vote(negated[q], lab,
                                                COUNT_REFS, k, CLASSES);
            fewer &= g == reference_knn_vote(sim, lab, COUNT_REFS,
                                             k > 1 ? k - 1 : 1, CLASSES);
            nearest &= g == reference_knn_vote(sim, lab, COUNT_REFS, 1,
                                               CLASSES);
        }
    if (!right && (farthest || fewer || nearest))
        graded_fail("every vote of 4 points at k = 1, 2, 5, 16 and 50 is "
                    "that of %s",
                    farthest ? "the k farthest: a larger similarity is "
                               "nearer"
                    : fewer ? "k - 1 voters: an off-by-one in the count?"
                            : "the nearest reference alone: let the k "
                              "nearest vote");
    for (int q = 0; q < 4; q++)
        for (int c = 0; c < KS; c++) {
            char what[64];
            snprintf(what, sizeof what, "point %d, k = %d", q, ks[c]);
            expect_class(what, reference_knn_vote(similarities[q], labels[q],
                                                  COUNT_REFS, ks[c],
                                                  CLASSES),
                         got[q][c]);
        }
    /* k = count: every reference votes. */
    expect_class("k = count = 7", 3,
                 knn_vote((float[]){0, 1, 2, 3, 4, 5, 6},
                          (int[]){1, 1, 3, 3, 2, 1, 3}, 7, 7, 4));
}

/* The hidden tests (tests/hidden/, kept out of the students' copy; see
 * grade/graded.h) and what they are worth. */
#define HIDDEN_POINTS 4
#if __has_include("hidden/test_ch06_contrastive.c")
#include "hidden/test_ch06_contrastive.c"
#else
#define HIDDEN_TESTS
#endif

static const graded_test tests[] = {
    GRADED(flip_and_shift_hand_computed, "ch06.1", 2),
    GRADED(flip_and_shift_matches_reference, "ch06.1", 2),
    GRADED(views_are_deterministic, "ch06.1", 1),
    GRADED(normalize_rows_hand_computed, "ch06.2", 2),
    GRADED(normalize_rows_matches_reference, "ch06.2", 1),
    GRADED(normalize_rows_in_place, "ch06.2", 1),
    GRADED(normalize_backward_hand_computed, "ch06.3", 2),
    GRADED(normalize_backward_finite_differences, "ch06.3", 3),
    GRADED(cosine_hand_computed, "ch06.4", 2),
    GRADED(cosine_of_a_zero_row_is_zero, "ch06.4", 1),
    GRADED(cosine_matches_reference, "ch06.4", 2),
    GRADED(nt_xent_hand_computed, "ch06.5", 3),
    GRADED(nt_xent_of_one_pair_and_of_none, "ch06.5", 1),
    GRADED(nt_xent_matches_reference, "ch06.5", 2),
    GRADED(nt_xent_finite_differences, "ch06.5", 4),
    GRADED(nt_xent_small_tau, "ch06.5", 2),
    GRADED(alignment_uniformity_hand_computed, "ch06.6", 2),
    GRADED(alignment_uniformity_matches_reference, "ch06.6", 2),
    GRADED(alignment_uniformity_of_one_pair, "ch06.6", 1),
    GRADED(knn_vote_hand_computed, "ch06.7", 2),
    GRADED(knn_vote_class_tie_goes_to_the_nearer_voter, "ch06.7", 2),
    GRADED(knn_vote_equal_similarities_lower_j_first, "ch06.7", 2),
    GRADED(knn_vote_matches_reference, "ch06.7", 2),
    HIDDEN_TESTS
};

int main(int argc, char **argv)
{
    return graded_main(argc, argv, tests, COUNT(tests), HIDDEN_POINTS);
}
