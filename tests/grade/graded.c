/* graded.c - the main() of every judge, and the checks its tests use. */
#include "graded.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "core/learn/rng.h"
#include "grade/calls.h"
#include "grade/judge.h"


#ifdef __SANITIZE_ADDRESS__
/* Tests do not free what they make: their process ends with them. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0:quarantine_size_mb=0";
}
#endif

/* The test that --run selected; cmocka calls it through run_selected. */
static const graded_test *selected;
static uint64_t run_seed;

uint64_t test_seed(uint64_t local)
{
    return local + run_seed * 0x9e3779b97f4a7c15u;
}

static void run_selected(void **state)
{
    selected->run(state);
}

/* ---- The table --------------------------------------------------------- */

static int exercise_index(const char *id)
{
    for (int e = 0; e < chapter_exercise_count; e++)
        if (!strcmp(chapter_exercises[e].id, id))
            return e;
    return -1;
}

/* Whether the table fits the chapter: every test on an exercise of its
 * header, with points, under a name of its own; every exercise tested by
 * a public test; the hidden tests, when they are there, worth what the
 * public file says. */
static int check_table(const graded_test *tests, int count,
                       int hidden_points)
{
    int problems = 0, hidden_found = 0;
    for (int i = 0; i < count; i++)
        hidden_found += tests[i].hidden ? tests[i].points : 0;
    if (hidden_found > 0 && hidden_found != hidden_points)
        problems++, fprintf(stderr, "the hidden tests are worth %d points, "
                            "HIDDEN_POINTS says %d\n", hidden_found,
                            hidden_points);
    for (int i = 0; i < count; i++) {
        const graded_test *t = &tests[i];
        if (exercise_index(t->exercise) < 0)
            problems++, fprintf(stderr, "GRADED(%s, \"%s\", %d): the chapter "
                                "has no exercise %s\n", t->name, t->exercise,
                                t->points, t->exercise);
        if (t->points <= 0)
            problems++, fprintf(stderr, "GRADED(%s, ...): %d points\n",
                                t->name, t->points);
        for (int j = 0; j < i; j++)
            if (!strcmp(tests[j].name, t->name))
                problems++, fprintf(stderr, "GRADED(%s, ...) is in the table "
                                    "twice\n", t->name);
    }
    for (int e = 0; e < chapter_exercise_count; e++) {
        int tested = 0;
        for (int i = 0; i < count; i++)
            tested |= !tests[i].hidden &&
                      !strcmp(tests[i].exercise, chapter_exercises[e].id);
        if (!tested)
            problems++, fprintf(stderr, "exercise %s (%s) has no public "
                                "test\n",
                                chapter_exercises[e].id,
                                chapter_exercises[e].function);
    }
    return problems == 0 ? 0 : -1;
}

static void describe(const graded_test *tests, int count, int hidden_points)
{
    for (int e = 0; e < chapter_exercise_count; e++)
        printf("exercise %s %s\n", chapter_exercises[e].id,
               chapter_exercises[e].function);
    for (int i = 0; i < count; i++)
        printf("test %s %s %d %s\n", tests[i].name, tests[i].exercise,
               tests[i].points, tests[i].hidden ? "hidden" : "public");
    printf("hidden-points %d\n", hidden_points);
    for (int i = 0; chapter_forbidden[i]; i++)
        printf("forbidden %s\n", chapter_forbidden[i]);
    for (int i = 0; chapter_kit_helpers[i]; i++)
        printf("helper %s\n", chapter_kit_helpers[i]);
}

/* ---- Running one test ---------------------------------------------------- */

static int run_one(const graded_test *test, const judge_options *options)
{
    selected = test;
    judge_setup(options);
    const struct CMUnitTest one[] = {
        {test->name, run_selected, NULL, NULL, NULL},
    };
    int failures = _cmocka_run_group_tests(test->name, one, 1, NULL, NULL);
    judge_stop(failures != 0);
    const char *verdict = failures == 0 ? "pass\n" : "fail\n";
    if (write(JUDGE_VERDICT_FD, verdict, strlen(verdict)) < 0)
        return 2;
    return failures == 0 ? 0 : 1;
}

static void usage(const char *program)
{
    printf("usage: %s --check | --describe | --run TEST [options]\n"
           "\n"
           "The judge of a chapter's graded tests (make grade runs it).\n"
           "  --check          check the table of tests and exit\n"
           "  --describe       print the exercises, the tests and their "
           "points\n"
           "  --run TEST       run one test; the verdict goes to "
           "descriptor 3\n"
           "  --worker PATH    the worker built from the submission\n"
           "  --level NAME     sandbox: namespaces, userns, user or none\n"
           "  --uid N          the sandbox's user id\n"
           "  --timeout SEC    the test's time limit (default 3)\n"
           "  --memory MB      the worker's memory limit (default 1024)\n"
           "  --seed N         the run's seed for random inputs (default 0)\n"
           "  --sanitized      the worker is built with AddressSanitizer\n",
           program);
}

static const char *value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "%s: %s needs a value\n", argv[0], argv[*i]);
        exit(2);
    }
    return argv[++*i];
}

static const graded_test *find(const graded_test *tests, int count,
                               const char *name)
{
    for (int i = 0; i < count; i++)
        if (!strcmp(tests[i].name, name))
            return &tests[i];
    return NULL;
}

int graded_main(int argc, char **argv, const graded_test *tests, int count,
                int hidden_points)
{
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); /* no other process reads us */
    signal(SIGPIPE, SIG_IGN); /* a worker that died fails its test instead */
    if (check_table(tests, count, hidden_points) != 0)
        return 2;
    judge_options options = {.level = SANDBOX_NONE, .uid = 65534,
                             .timeout = 3, .memory_mb = 1024};
    const char *name = NULL;
    for (int i = 1; i < argc; i++) {
        const char *flag = argv[i];
        if (!strcmp(flag, "--check"))
            return 0;
        if (!strcmp(flag, "--describe"))
            return describe(tests, count, hidden_points), 0;
        if (!strcmp(flag, "--help"))
            return usage(argv[0]), 0;
        if (!strcmp(flag, "--run"))
            name = value(argc, argv, &i);
        else if (!strcmp(flag, "--worker"))
            options.worker = value(argc, argv, &i);
        else if (!strcmp(flag, "--level")) {
            int level = sandbox_level_parse(value(argc, argv, &i));
            if (level < 0)
                return fprintf(stderr, "%s: --level wants namespaces, userns, "
                               "user or none\n", argv[0]), 2;
            options.level = (sandbox_level)level;
        }
        else if (!strcmp(flag, "--uid"))
            options.uid = (uid_t)atol(value(argc, argv, &i));
        else if (!strcmp(flag, "--timeout"))
            options.timeout = atof(value(argc, argv, &i));
        else if (!strcmp(flag, "--memory"))
            options.memory_mb = atol(value(argc, argv, &i));
        else if (!strcmp(flag, "--seed"))
            run_seed = strtoull(value(argc, argv, &i), NULL, 10);
        else if (!strcmp(flag, "--sanitized"))
            options.sanitized = 1;
        else
            return fprintf(stderr, "%s: unknown flag %s (try --help)\n",
                           argv[0], flag), 2;
    }
    if (!name)
        return usage(argv[0]), 2;
    const graded_test *test = find(tests, count, name);
    if (!test)
        return fprintf(stderr, "%s: no test named %s\n", argv[0], name), 2;
    return run_one(test, &options);
}

/* ---- Notes: what a test tells a student beside its checks ------------ */

static char note[1024];

void test_inputs(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vsnprintf(note, sizeof note, fmt, args);
    va_end(args);
}

/* The note, as a line of its own to end a failure message. */
static const char *test_note(void)
{
    static char line[sizeof note + 2];
    snprintf(line, sizeof line, "%s%s", note[0] ? "\n" : "", note);
    return line;
}

/* Fails the running test with one message line (cmocka's fail_msg would
 * add "ERROR:" and this file's line number, which help nobody). */
void graded_fail(const char *fmt, ...)
{
    char message[4096];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    print_error("%s%s\n", message, test_note());
    _fail(__FILE__, __LINE__);
    abort(); /* cmocka's _fail does not return during a test */
}

static int is_close(double expected, double got, double tolerance)
{
    if (isinf(expected)) /* a mask's -inf, say: only itself is close */
        return got == expected;
    return isfinite(got) && fabs(got - expected) <= tolerance;
}

/* ---- Diagnoses: what a wrong answer looks like ------------------------ */

/* The values tests put in outputs before a call (prefill), so that a
 * failure can tell an entry never written from one computed wrong. */
static float fills[8];
static int fill_count;

static void remember_fill(float value)
{
    for (int i = 0; i < fill_count; i++)
        if (fills[i] == value)
            return;
    if (fill_count < 8)
        fills[fill_count++] = value;
}

void prefill(mat *a, float value)
{
    prefill_floats(a->data, mat_size(a), value);
}

void prefill_floats(float *a, size_t n, float value)
{
    for (size_t i = 0; i < n; i++)
        a[i] = value;
    remember_fill(value);
}

/* A factor a mistake would give: k or 1/k for a whole k up to 4096 (the
 * batch size, a count, 2 for a forgotten half), or -1. Writes what it
 * is into name; 0 if the factor is no such number. */
static int mistake_factor(double factor, char *name, size_t size)
{
    if (!isfinite(factor) || factor == 0)
        return 0;
    if (fabs(factor + 1) < 1e-3)
        return snprintf(name, size, "-1"), 1;
    double magnitude = fabs(factor), k = magnitude >= 1 ? magnitude
                                                      : 1 / magnitude;
    const char *sign = factor < 0 ? "-" : "", *over = magnitude >= 1 ? ""
                                                                    : "1/";
    if (k < 1.5 || k > 4096)
        return 0;
    if (fabs(k - round(k)) <= 1e-3 * k)
        snprintf(name, size, "%s%s%.0f", sign, over, round(k));
    else if (fabs(k * k - round(k * k)) <= 1e-3 * k * k) /* sqrt(d) */
        snprintf(name, size, "%s%ssqrt(%.0f)", sign, over, round(k * k));
    else
        return 0;
    return 1;
}

/* The words for a result that is `factor` times what was expected. */
static void say_factor(char *out, size_t size, const char *what,
                       double factor)
{
    char k[32];
    if (!mistake_factor(factor, k, sizeof k))
        return;
    if (!strcmp(k, "-1"))
        snprintf(out, size, "hint: %s has the wrong sign (it is -1 times "
                 "what was expected): a minus sign missing or extra?", what);
    else if (strstr(k, "sqrt"))
        snprintf(out, size, "hint: %s is %s times what was expected: a "
                 "scale by a square root (1/sqrt(d)?) missing or done "
                 "twice?", what, k);
    else if (!strcmp(k, "2") || !strcmp(k, "1/2"))
        snprintf(out, size, "hint: %s is %s times what was expected: a "
                 "factor 2 (or 1/2) missing or extra?", what, k);
    else
        snprintf(out, size, "hint: %s is %s times what was expected: a "
                 "division (by a count, a length, the batch size) missing or "
                 "done twice?", what, k);
}

/* A scalar result: NaN, infinity, zero or a telling multiple. */
static void diagnose_number(char *out, size_t size, double expected,
                            double got)
{
    out[0] = '\0';
    if (isnan(got))
        snprintf(out, size, "hint: NaN comes from 0/0, inf - inf or the log "
                 "of a negative number");
    else if (isinf(got))
        snprintf(out, size, "hint: an infinity: an exp that overflowed "
                 "(subtract the largest value first?), or a log of 0");
    else if (got == 0 && expected != 0)
        snprintf(out, size, "hint: 0 where a number was expected: an integer "
                 "division (1 / n is 0 in C), or a sum never added to?");
    else if (expected != 0)
        say_factor(out, size, "the result", got / expected);
}

/* Whether got[i] == expected[map(i)] for every i, within tolerance. */
typedef size_t (*entry_map)(size_t i, int rows, int cols);

static size_t transposed(size_t i, int rows, int cols)
{
    /* got read as a cols x rows matrix: entry [j][r] holds expected's
     * [r][j]. For a square matrix, the same as swapping the indices. */
    size_t j = i / (size_t)rows, r = i % (size_t)rows;
    return r * (size_t)cols + j;
}

static int matches_under(entry_map map, const float *expected,
                         const float *got, size_t n, int rows, int cols,
                         double tolerance)
{
    for (size_t i = 0; i < n; i++)
        if (!is_close(expected[map(i, rows, cols)], got[i], tolerance))
            return 0;
    return 1;
}

/* Whether got - expected is the same down each column. */
static int same_in_every_row(const float *expected, const float *got,
                             int rows, int cols, double tolerance)
{
    for (int i = 1; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            size_t at = (size_t)i * (size_t)cols + (size_t)j;
            double off = (double)got[at] - expected[at];
            if (!is_close((double)got[j] - expected[j], off, 2 * tolerance))
                return 0;
        }
    return 1;
}

/* How many of the wrong entries satisfy a pattern. */
typedef int (*entry_test)(double expected, double got, float fill);

static int holds_fill(double expected, double got, float fill)
{
    (void)expected;
    return got == fill;
}

static int adds_to_fill(double expected, double got, float fill)
{
    return fabs(got - (expected + fill)) <= 1e-4 * fmax(1, fabs(got));
}

static int sets_over_fill(double expected, double got, float fill)
{
    return fabs(got - (expected - fill)) <= 1e-4 * fmax(1, fabs(got));
}

static size_t count_wrong(entry_test test, const float *expected,
                          const float *got, size_t n, double tolerance,
                          float fill)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += !is_close(expected[i], got[i], tolerance) &&
                 test(expected[i], got[i], fill);
    return count;
}

/* A whole array: the first pattern that fits the wrong entries, in
 * words for a student; out is "" if none does. `rows` > 0 for a
 * matrix. */
static void diagnose_entries(char *out, size_t size, const char *what,
                             const float *expected, const float *got,
                             size_t n, int rows, int cols, size_t wrong,
                             size_t first, double tolerance)
{
    out[0] = '\0';
    double ee = 0, eg = 0, gg = 0;
    size_t zeros = 0, right_after = 0;
    for (size_t i = 0; i < n; i++) {
        ee += (double)expected[i] * expected[i];
        eg += (double)expected[i] * got[i];
        gg += (double)got[i] * got[i];
        zeros += got[i] == 0;
        right_after += i > first && is_close(expected[i], got[i], tolerance);
    }
    for (int f = 0; f < fill_count; f++) {
        float fill = fills[f];
        if (fill != 0 && count_wrong(adds_to_fill, expected, got, n,
                                     tolerance, fill) == wrong &&
            count_wrong(holds_fill, expected, got, n, tolerance, fill) <
                wrong) {
            snprintf(out, size, "hint: each wrong entry is the expected value "
                     "plus the %g that %s held before the call: did you add "
                     "(+=) into it without setting it first?", fill, what);
            return;
        }
        if (fill != 0 && count_wrong(sets_over_fill, expected, got, n,
                                     tolerance, fill) == wrong) {
            snprintf(out, size, "hint: each wrong entry is the expected value "
                     "minus the %g that %s held before the call: it adds "
                     "(+=) to what is there; did you set it (=) instead?",
                     fill, what);
            return;
        }
        size_t kept = count_wrong(holds_fill, expected, got, n, tolerance,
                                  fill);
        if (kept > 0) {
            snprintf(out, size, "hint: %zu of the wrong entries still hold "
                     "the %g that %s held before the call: did you write "
                     "every entry?", kept, fill, what);
            return;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (!isfinite(got[i])) {
            diagnose_number(out, size, expected[i], got[i]);
            return;
        }
    if (zeros == n && ee > 0) {
        snprintf(out, size, "hint: every entry is 0: was anything written? "
                 "(an integer division such as 1 / n is 0 in C)");
        return;
    }
    if (rows > 1 && cols > 1 &&
        matches_under(transposed, expected, got, n, rows, cols, tolerance)) {
        snprintf(out, size, "hint: this is the transpose of what was "
                 "expected: rows and columns swapped (W[j][i] for W[i][j], "
                 "or a matrix read the wrong way round?)");
        return;
    }
    if (rows > 1 && same_in_every_row(expected, got, rows, cols,
                                       tolerance)) {
        snprintf(out, size, "hint: each column is off by the same amount in "
                 "every row: a term per column (a bias?) missing, added "
                 "twice or wrong?");
        return;
    }
    /* got = factor * expected, all of it (the misfit is small). */
    if (ee > 0 && gg > 0) {
        double factor = eg / ee;
        double misfit = sqrt(fmax(0, gg - eg * eg / ee) / gg);
        if (misfit < 1e-3) {
            say_factor(out, size, what, factor);
            if (out[0])
                return;
        }
    }
    if (first > 0 && right_after == 0 && wrong == n - first) {
        if (rows > 0 && first % (size_t)cols == 0)
            snprintf(out, size, "hint: the first %zu rows are right and the "
                     "rest wrong: did a loop stop early, or run to the wrong "
                     "bound?", first / (size_t)cols);
        else
            snprintf(out, size, "hint: the first %zu entries are right and "
                     "the rest wrong: did a loop stop early, or run to the "
                     "wrong bound?", first);
    }
}

void expect_close(const char *what, double expected, double got,
                  double tolerance)
{
    if (is_close(expected, got, tolerance))
        return;
    char hint[512];
    diagnose_number(hint, sizeof hint, expected, got);
    graded_fail("%s: expected %.6g, got %.6g (tolerance %.1g)%s%s", what,
                expected, got, tolerance, hint[0] ? "\n" : "", hint);
}

/* Reports the first wrong entry, how many there are and what the wrong
 * ones look like; `cols` > 0 names entries as [row][col], otherwise as
 * [index]. */
static void expect_entries(const char *what, const float *expected,
                           const float *got, size_t n, int rows, int cols,
                           double tolerance)
{
    size_t wrong = 0, first = 0;
    for (size_t i = 0; i < n; i++)
        if (!is_close(expected[i], got[i], tolerance) && wrong++ == 0)
            first = i;
    if (wrong == 0)
        return;
    char where[64], hint[512];
    if (cols > 0)
        snprintf(where, sizeof where, "[%zu][%zu]", first / (size_t)cols,
                 first % (size_t)cols);
    else
        snprintf(where, sizeof where, "[%zu]", first);
    char name[128];
    const char *aside = strstr(what, " (");
    snprintf(name, sizeof name, "%.*s",
             aside ? (int)(aside - what) : (int)strlen(what), what);
    diagnose_entries(hint, sizeof hint, name, expected, got, n, rows, cols,
                     wrong, first, tolerance);
    graded_fail("%s: %s expected %.6g, got %.6g (tolerance %.1g); %zu of %zu "
                "entries wrong%s%s", what, where, expected[first],
                got[first], tolerance, wrong, n, hint[0] ? "\n" : "", hint);
}

void expect_all_close(const char *what, const float *expected,
                      const float *got, size_t n, double tolerance)
{
    expect_entries(what, expected, got, n, 0, 0, tolerance);
}

void expect_mat_close(const char *what, const mat *expected, const mat *got,
                      double tolerance)
{
    if (expected->rows != got->rows || expected->cols != got->cols)
        graded_fail("%s: expected a %d x %d matrix, got %d x %d", what,
                 expected->rows, expected->cols, got->rows, got->cols);
    expect_entries(what, expected->data, got->data, mat_size(expected),
                   expected->rows, expected->cols, tolerance);
}

void expect_unchanged(const char *what, const float *before,
                      const float *after, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (memcmp(&before[i], &after[i], sizeof(float)) != 0)
            graded_fail("%s[%zu] changed from %.6g to %.6g, but should be "
                     "left alone", what, i, before[i], after[i]);
}

void expect_gradient(const char *what, gradcheck_result result,
                     double tolerance)
{
    if (result.max_error <= tolerance)
        return;
    char hint[512] = "";
    if (!isfinite(result.analytic))
        diagnose_number(hint, sizeof hint, result.numeric, result.analytic);
    else if (result.scale == 0 && result.misfit == 0)
        snprintf(hint, sizeof hint, "hint: your %s is 0 everywhere: never "
                 "written, or cleared after it was?", what);
    else if (result.misfit < 1e-2)
        say_factor(hint, sizeof hint, what, result.scale);
    graded_fail("%s[%zu]: your gradient %.6g, finite differences %.6g "
                "(error %.2g, tolerance %.1g)%s%s", what, result.worst,
                result.analytic, result.numeric, result.max_error, tolerance,
                hint[0] ? "\n" : "", hint);
}

mat mat_of(int rows, int cols, const float *entries)
{
    mat m = mat_create(rows, cols);
    memcpy(m.data, entries, mat_size(&m) * sizeof(float));
    return m;
}

mat random_mat(int rows, int cols, float scale, float gap, uint64_t seed)
{
    rng r;
    rng_seed(&r, test_seed(seed));
    mat m = mat_create(rows, cols);
    for (size_t i = 0; i < mat_size(&m); i++) {
        float magnitude = gap + (scale - gap) * rng_uniform(&r);
        m.data[i] = rng_uniform(&r) < 0.5f ? -magnitude : magnitude;
    }
    return m;
}
