/* test_@CH@.c - graded tests of chapter @NN@ (make grade CH=@NN@).
 *
 * Every test runs in a process of its own, so the tests do not free what
 * they make.
 */
#include <math.h>

#include "@CH@.h"
#include "core/learn/gradcheck.h"
#include "grade/graded.h"

#define TOL 1e-5
#define GRAD_TOL 1e-2

/* ---- ch@NN@.1 absolute_error ------------------------------------------- */

static void absolute_error_hand_computed(void **state)
{
    (void)state;
    mat yhat = mat_of(3, 1, (float[]){1, 2, 5});
    mat y = mat_of(3, 1, (float[]){0, 2, 7});
    mat dyhat = mat_of(3, 1, (float[]){9, 9, 9});
    /* Gaps 1, 0 and -2: the mean of their sizes is 1. */
    expect_close("error", 1, absolute_error(&dyhat, &yhat, &y), TOL);
    mat want = mat_of(3, 1, (float[]){1.0f / 3, 0, -1.0f / 3});
    expect_mat_close("dyhat (it held 9s before the call)", &want, &dyhat,
                     TOL);
}

typedef struct error_probe {
    mat yhat, y;
} error_probe;

static double probe_error(void *ctx)
{
    error_probe *p = ctx;
    double sum = 0;
    for (size_t i = 0; i < mat_size(&p->y); i++)
        sum += fabs((double)p->yhat.data[i] - p->y.data[i]);
    return sum / (double)mat_size(&p->y);
}

static void absolute_error_finite_differences(void **state)
{
    (void)state;
    /* Targets at least 0.2 from the predictions, either side, so that no
     * finite-difference step crosses the kink of |.|. */
    error_probe p = {.yhat = random_mat(6, 2, 1, 0, 1),
                     .y = random_mat(6, 2, 1, 0.2f, 2)};
    for (size_t i = 0; i < mat_size(&p.y); i++)
        p.y.data[i] += p.yhat.data[i];
    mat dyhat = mat_create(6, 2);
    absolute_error(&dyhat, &p.yhat, &p.y);
    expect_gradient("dyhat", gradcheck(probe_error, &p, p.yhat.data,
                                       dyhat.data, mat_size(&p.y), 1e-3f),
                    GRAD_TOL);
}

static void absolute_error_0_and_1_entries(void **state)
{
    (void)state;
    mat yhat = mat_of(1, 1, (float[]){3}), y = mat_of(1, 1, (float[]){1});
    mat dyhat = mat_of(1, 1, (float[]){9});
    mat none = mat_rows(&yhat, 0, 0);
    expect_close("error of no entry", 0, absolute_error(&none, &none, &none),
                 0);
    expect_close("error of one entry", 2, absolute_error(&dyhat, &yhat, &y),
                 TOL);
    expect_close("dyhat of one entry", 1, dyhat.data[0], TOL);
}

/* The hidden tests (tests/hidden/, kept out of the students' copy; see
 * grade/graded.h) and what they are worth. */
#define HIDDEN_POINTS 0
#if __has_include("hidden/test_@CH@.c")
#include "hidden/test_@CH@.c"
#else
#define HIDDEN_TESTS
#endif

static const graded_test tests[] = {
    GRADED(absolute_error_hand_computed, "ch@NN@.1", 3),
    GRADED(absolute_error_finite_differences, "ch@NN@.1", 2),
    GRADED(absolute_error_0_and_1_entries, "ch@NN@.1", 1),
    HIDDEN_TESTS
};

int main(int argc, char **argv)
{
    return graded_main(argc, argv, tests, COUNT(tests), HIDDEN_POINTS);
}
