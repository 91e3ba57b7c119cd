/* test_progress.c - the progress line: what it says, and silence when
 * asked for. */
#include <stdio.h>
#include <string.h>

#include "core/progress.h"
#include "core_tests.h"

/* Runs a finished 10-step progress with stderr going to a string. */
static void capture_finish(char *text, size_t size)
{
    FILE *saved = stderr, *capture = tmpfile();
    assert_non_null(capture);
    stderr = capture;
    progress p;
    progress_start(&p, "spirals", 10, "points", 32);
    for (long step = 1; step <= 10; step++)
        progress_update(&p, step, 0.5);
    progress_finish(&p, 0.25);
    fflush(capture);
    stderr = saved;
    rewind(capture);
    text[fread(text, 1, size - 1, capture)] = '\0';
    fclose(capture);
}

static void finish_line_has_step_loss_rate_and_time(void **state)
{
    (void)state;
    char text[1024];
    progress_quiet = 0;
    capture_finish(text, sizeof text);
    assert_non_null(strstr(text, "spirals  step 10/10  loss 0.2500"));
    assert_non_null(strstr(text, " points/s  "));
    assert_non_null(strstr(text, " s\n"));
    assert_null(strstr(text, "\r")); /* not a terminal: plain lines */
}

static void quiet_prints_nothing(void **state)
{
    (void)state;
    char text[1024];
    progress_quiet = 1;
    capture_finish(text, sizeof text);
    progress_quiet = 0;
    assert_string_equal(text, "");
}

static void clock_moves_forward(void **state)
{
    (void)state;
    double a = wall_seconds(), b = wall_seconds();
    assert_true(b >= a);
}

int test_progress(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finish_line_has_step_loss_rate_and_time),
        cmocka_unit_test(quiet_prints_nothing),
        cmocka_unit_test(clock_moves_forward),
    };
    return cmocka_run_group_tests_name("progress", tests, NULL, NULL);
}
