/* graded.h - what a chapter's graded tests are written with.
 *
 * A graded test is a cmocka test that checks one exercise. A chapter's test
 * file ends with its table, one GRADED line per test, which gives the test
 * its exercise and its points:
 *
 *     static const graded_test tests[] = {
 *         GRADED(dense_forward_hand_computed, "ch01.1", 2),
 *         ...
 *     };
 *     int main(int argc, char **argv)
 *     {
 *         return graded_main(argc, argv, tests, COUNT(tests));
 *     }
 *
 * The table is compiled into the test program, the judge: it is the one
 * source of the points (the grader and the book read them from it). A test
 * missing from the table is an unused function (a build error under the
 * kit's flags), and the build runs `judge --check`, which refuses an entry
 * whose exercise the chapter does not have, a duplicate, or an exercise
 * without a test.
 *
 * The judge links no student code: each exercise it calls is a stand-in
 * that runs the submission's function in a sandboxed worker (calls.h,
 * judge.h). So a test reads like a plain unit test, and its checks run
 * where the submission cannot reach them.
 *
 * The expect_* checks print what was expected and what came back, and
 * when the wrong entries fit a pattern (never written, added to what was
 * there, a factor 2 or n, the transpose, a flipped sign, 0 everywhere),
 * a hint that names it.
 */
#ifndef GRADED_H
#define GRADED_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/infra/error.h"
#include "core/learn/gradcheck.h"
#include "core/learn/mat.h"

typedef struct graded_test {
    const char *name;
    void (*run)(void **state);
    const char *exercise; /* "ch01.3" */
    int points;
    int hidden; /* 1: one of the hidden tests (below) */
} graded_test;

#define GRADED(function, exercise, points) \
    {#function, function, exercise, points, 0}

/* Hidden tests probe what the public ones do not (other shapes, edge
 * cases, fresh inputs). They live in tests/hidden/test_CHAPTER.c, which
 * the students' copy (make dist) leaves out, and which the public test
 * file includes, when it is there, just before its table:
 *
 *     #define HIDDEN_POINTS 4 // what the hidden tests are worth
 *     #if __has_include("hidden/test_ch01_layers.c")
 *     #include "hidden/test_ch01_layers.c" // defines HIDDEN_TESTS
 *     #else
 *     #define HIDDEN_TESTS
 *     #endif
 *     static const graded_test tests[] = {
 *         GRADED(...), ...
 *         HIDDEN_TESTS
 *     };
 *     ... graded_main(argc, argv, tests, COUNT(tests), HIDDEN_POINTS);
 *
 * where the hidden file, after its test functions, says
 *
 *     #define HIDDEN_TESTS HIDDEN(dense_forward_one_row, "ch01.1", 2), ...
 *
 * So a hidden test may use the public file's references. The grader runs
 * them with the others and marks them hidden (Gradescope shows them
 * after the due date); in the students' copy it says only how many
 * points they are worth. */
#define HIDDEN(function, exercise, points) \
    {#function, function, exercise, points, 1}
#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))

/* judge --check          checks the table against the chapter's exercises
 * judge --describe       prints the table, the exercises, the kit
 *                        functions they may or may not call and the
 *                        hidden points, for the grader
 * judge --run NAME ...   runs one test for the grader (--help lists the
 *                        options), which reads "pass" or "fail" from
 *                        descriptor 3 and the reasons from stdout */
int graded_main(int argc, char **argv, const graded_test *tests, int count,
                int hidden_points);

/* Fails the running test with one message. */
void graded_fail(const char *fmt, ...) KIT_PRINTF(1, 2) KIT_NORETURN;

/* The seed of a test's random inputs: `local` mixed with the seed the
 * grader drew for this run, so that the inputs change from run to run
 * and an answer keyed to them fails. With run seed 0, local itself.
 * random_mat mixes its seed so already: give it the local one. */
uint64_t test_seed(uint64_t local);

/* |got - expected| <= tolerance, and got is a number (not NaN or inf). */
void expect_close(const char *what, double expected, double got,
                  double tolerance);

/* The same for every entry of two float arrays of n entries. */
void expect_all_close(const char *what, const float *expected,
                      const float *got, size_t n, double tolerance);

/* The same for two matrices of the same shape, reporting [row][col]. */
void expect_mat_close(const char *what, const mat *expected, const mat *got,
                      double tolerance);

/* Every entry of the array is unchanged from `before` (bit for bit). */
void expect_unchanged(const char *what, const float *before,
                      const float *after, size_t n);

/* A gradient check whose largest error is within tolerance. */
void expect_gradient(const char *what, gradcheck_result result,
                     double tolerance);

/* Fills an output with `value` before the call under test, and
 * remembers the value: a failure then says which entries still hold it
 * ("did you write every entry?") or hold it plus the right answer ("did
 * you add without setting first?"). Use a value no right answer has. */
void prefill(mat *a, float value);
void prefill_floats(float *a, size_t n, float value);

/* A line that ends the test's failure messages, printf-style: a
 * hand-computed test gives its small inputs, so that a student can redo
 * the sum by hand, and names the book's worked example:
 *     test_inputs("x = [1 2; 3 4], W = [1 0; 0 1], b = [1 1] "
 *                 "(worked out in section 1.2)");  */
void test_inputs(const char *fmt, ...) KIT_PRINTF(1, 2);

/* A rows x cols matrix holding the given entries, row after row. */
mat mat_of(int rows, int cols, const float *entries);

/* A matrix of random entries, uniform in [-scale, scale], away from zero by
 * at least `gap` (so that ReLU's kink is never within a finite-difference
 * step), drawn from test_seed(seed): the same seed gives the same matrix
 * within a run, and another one in the next run. */
mat random_mat(int rows, int cols, float scale, float gap, uint64_t seed);

#endif
