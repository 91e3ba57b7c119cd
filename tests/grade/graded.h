/* graded.h - what a chapter's graded tests are written with.
 *
 * A graded test is a cmocka test that checks one exercise. A chapter's test
 * file ends with its table, one GRADED line per test:
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
 * The grader (grader.c) reads the exercise and the points from these lines
 * of the source itself: a binary built with a student's code never gets to
 * say what a test is worth. It runs each test by name in a child process of
 * its own, with time and memory limits, so a crash or an endless loop in one
 * exercise costs that test's points and nothing else.
 *
 * The expect_* checks print what was expected and what came back.
 */
#ifndef GRADED_H
#define GRADED_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/gradcheck.h"
#include "core/mat.h"

typedef struct graded_test {
    const char *name;
    void (*run)(void **state);
} graded_test;

/* The exercise and points are read by the grader, not by the compiler. */
#define GRADED(function, exercise, points) {#function, function}
#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))

/* test --list          prints the test names
 * test --run NAME      runs one test for the grader, which passes it a
 *                      token on descriptor 4 and reads "pass TOKEN" or
 *                      "fail" from descriptor 3
 * test [NAME...]       runs all (or the named) tests in this process, as
 *                      cmocka does: handy under a debugger */
int graded_main(int argc, char **argv, const graded_test *tests, int count);

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

/* A rows x cols matrix holding the given entries, row after row. */
mat mat_of(int rows, int cols, const float *entries);

/* A matrix of random entries, uniform in [-scale, scale], away from zero by
 * at least `gap` (so that ReLU's kink is never within a finite-difference
 * step); the same seed gives the same matrix. */
mat random_mat(int rows, int cols, float scale, float gap, uint64_t seed);

#endif
