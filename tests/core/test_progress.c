/* test_progress.c - the progress line: what it says, silence when asked
 * for, and the time left in a whole run. */
#include <stdio.h>
#include <string.h>

#include "core/infra/progress.h"
#include "core_tests.h"

/* Runs work(ctx) with stderr going to text. */
static void capture(char *text, size_t size, void (*work)(void *),
                    void *ctx)
{
    FILE *saved = stderr, *capture = tmpfile();
    assert_non_null(capture);
    stderr = capture;
    work(ctx);
    fflush(capture);
    stderr = saved;
    rewind(capture);
    text[fread(text, 1, size - 1, capture)] = '\0';
    fclose(capture);
}

/* A finished 10-step loop ending at loss *last. */
static void ten_steps(void *last)
{
    progress p;
    progress_start(&p, "spirals", 10, "points", 32);
    for (long step = 1; step <= 10; step++)
        progress_update(&p, step, 0.5);
    progress_finish(&p, *(double *)last);
}

static void capture_finish(char *text, size_t size, double last)
{
    capture(text, size, ten_steps, &last);
}

static void finish_line_has_step_loss_rate_and_time(void **state)
{
    (void)state;
    char text[1024];
    progress_quiet = 0;
    capture_finish(text, sizeof text, 0.25);
    assert_non_null(strstr(text, ": spirals  step 10/10  loss 0.2500"));
    assert_non_null(strstr(text, " points/s  "));
    assert_non_null(strstr(text, " s\n"));
    assert_null(strstr(text, "\r")); /* not a terminal: plain lines */
}

static void a_huge_loss_stays_short(void **state)
{
    (void)state;
    char text[1024];
    progress_quiet = 0;
    capture_finish(text, sizeof text, 6.5e88);
    assert_non_null(strstr(text, "loss 6.5e+88  "));
}

static void quiet_prints_nothing(void **state)
{
    (void)state;
    char text[1024];
    progress_quiet = 1;
    capture_finish(text, sizeof text, 0.25);
    progress_quiet = 0;
    assert_string_equal(text, "");
}

static void clock_moves_forward(void **state)
{
    (void)state;
    double a = wall_seconds(), b = wall_seconds();
    assert_true(b >= a);
}

/* ---- The estimate of a whole run ------------------------------------- */

/* A run at stage `stage`, begun at time 0, that stage at `stage_start`. */
static progress_run run_at(int stages, const double *work, int stage,
                           double stage_start)
{
    return (progress_run){.noun = "model", .stages = stages, .work = work,
                          .stage = stage, .start = 0,
                          .stage_start = stage_start};
}

static void first_stage_is_timed_by_its_loop(void **state)
{
    (void)state;
    /* 10 s in, 30 s to go: 40 s a stage, and three more to come. */
    progress_run run = run_at(4, NULL, 1, 0);
    assert_float_equal(progress_run_left(&run, 10, 30), 30 + 3 * 40, 1e-9);
    /* A first stage of twice the work of the others. */
    const double work[] = {2, 1, 1};
    run = run_at(3, work, 1, 0);
    assert_float_equal(progress_run_left(&run, 10, 30), 30 + 2 * 20, 1e-9);
}

static void later_stages_are_timed_by_those_before(void **state)
{
    (void)state;
    /* 3 units of work took 30 s: the last unit, 5 s in, has 5 s left. */
    const double work[] = {1, 2, 1};
    progress_run run = run_at(3, work, 3, 30);
    assert_float_equal(progress_run_left(&run, 35, -1), 5, 1e-9);
    /* A loop slower than the stages before: it needs 50 s, not 15, and
     * the rest of the run is rated with it: 65 s for 3 units. */
    const double more[] = {1, 2, 1, 4};
    run = run_at(4, more, 2, 10);
    assert_float_equal(progress_run_left(&run, 15, 50),
                       50 + 65.0 / 3 * 5, 1e-9);
    /* Late: no time left in the stage, but no less than 0. */
    run = run_at(3, work, 3, 30);
    assert_float_equal(progress_run_left(&run, 100, -1), 0, 1e-9);
}

static void nothing_measured_is_no_estimate(void **state)
{
    (void)state;
    progress_run run = run_at(4, NULL, 0, 0); /* no stage yet */
    assert_true(progress_run_left(&run, 5, 30) < 0);
    run = run_at(4, NULL, 1, 0); /* first stage, no loop */
    assert_true(progress_run_left(&run, 5, -1) < 0);
}

static void times_read_as_a_person_says_them(void **state)
{
    (void)state;
    char text[32];
    const struct {
        double seconds;
        const char *text;
    } cases[] = {{4.24, "4.2 s"}, {42.2, "42 s"}, {192, "3 min 12 s"},
                 {180, "3 min"}, {3900, "1 h 5 min"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        progress_format_time(text, sizeof text, cases[i].seconds);
        assert_string_equal(text, cases[i].text);
    }
}

static void advice_for_a_long_run_only(void **state)
{
    (void)state;
    char text[512] = "";
    assert_int_equal(progress_advice(text, sizeof text, "ch02_autoencoder",
                                     59), 0);
    assert_int_equal(progress_advice(text, sizeof text, "ch02_autoencoder",
                                     173.4), 1);
    assert_non_null(strstr(text, "ch02_autoencoder: this run will take "
                                 "about 2 min 50 s on this machine"));
    assert_non_null(strstr(text, "make run CH=02 QUICK=1 (--quick)\n"));
    progress_advice(text, sizeof text, "bench", 1234);
    assert_non_null(strstr(text, "about 20 min on"));
    assert_non_null(strstr(text, " make run QUICK=1 (--quick)"));
}

/* Stage 2 of 3, named "m = 16", with a loop under its own label and
 * then one under the stage's name. */
static void two_loops_in_a_run(void *ctx)
{
    (void)ctx;
    progress_run run;
    progress_run_start(&run, "model", 3, NULL, 0);
    progress_run_stage(&run, "m = %d", 8);
    progress_run_stage(&run, "m = %d", 16);
    progress p;
    progress_start(&p, "probe", 4, "images", 64);
    progress_finish(&p, 0.5);
    progress_start(&p, "m = 16", 4, "images", 64);
    progress_finish(&p, 0.5);
    progress_run_finish(&run);
    progress_start(&p, "after", 4, "images", 64); /* the run is over */
    progress_finish(&p, 0.5);
}

static void lines_in_a_run_name_the_stage(void **state)
{
    (void)state;
    char text[2048];
    progress_quiet = 0;
    capture(text, sizeof text, two_loops_in_a_run, NULL);
    assert_non_null(strstr(text, ": model 2/3 (m = 16)  probe  step 4/4"));
    assert_non_null(strstr(text, ": model 2/3 (m = 16)  step 4/4"));
    assert_non_null(strstr(text, ": 3 models in "));
    assert_non_null(strstr(text, ": after  step 4/4"));
}

/* A run made to look 50 s old, with a loop 50 s into its first tenth:
 * some 1000 s in all. */
static void long_run(void *quick)
{
    progress_run run;
    progress_run_start(&run, "model", 2, NULL, *(int *)quick);
    progress_run_stage(&run, NULL);
    progress p;
    progress_start(&p, "m = 2", 10, "images", 64);
    run.start = run.stage_start = p.start = wall_seconds() - 50;
    progress_update(&p, 1, 0.5);
    progress_update(&p, 2, 0.5); /* once only */
    progress_finish(&p, 0.5);
    progress_run_finish(&run);
}

static void a_long_run_says_so_once(void **state)
{
    (void)state;
    char text[2048];
    int quick = 0;
    progress_quiet = 0;
    capture(text, sizeof text, long_run, &quick);
    const char *advice = strstr(text, "this run will take about");
    assert_non_null(advice);
    assert_null(strstr(advice + 1, "this run will take"));
    /* Neither in the short run nor under --quiet. */
    quick = 1;
    capture(text, sizeof text, long_run, &quick);
    assert_null(strstr(text, "this run will take"));
    quick = 0;
    progress_quiet = 1;
    capture(text, sizeof text, long_run, &quick);
    progress_quiet = 0;
    assert_string_equal(text, "");
}

int test_progress(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finish_line_has_step_loss_rate_and_time),
        cmocka_unit_test(a_huge_loss_stays_short),
        cmocka_unit_test(quiet_prints_nothing),
        cmocka_unit_test(clock_moves_forward),
        cmocka_unit_test(first_stage_is_timed_by_its_loop),
        cmocka_unit_test(later_stages_are_timed_by_those_before),
        cmocka_unit_test(nothing_measured_is_no_estimate),
        cmocka_unit_test(times_read_as_a_person_says_them),
        cmocka_unit_test(advice_for_a_long_run_only),
        cmocka_unit_test(lines_in_a_run_name_the_stage),
        cmocka_unit_test(a_long_run_says_so_once),
    };
    return cmocka_run_group_tests_name("progress", tests, NULL, NULL);
}
