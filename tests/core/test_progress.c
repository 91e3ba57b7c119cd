/* test_progress.c - the progress line: what it says, and silence when
 * asked for. */
#include <stdio.h>
#include <string.h>

#include "core/infra/progress.h"
#include "core_tests.h"

/* Runs a finished 10-step progress ending at loss `last`, with stderr
 * going to a string. */
static void capture_finish(char *text, size_t size, double last)
{
    FILE *saved = stderr, *capture = tmpfile();
    assert_non_null(capture);
    stderr = capture;
    progress p;
    progress_start(&p, "spirals", 10, "points", 32);
    for (long step = 1; step <= 10; step++)
        progress_update(&p, step, 0.5);
    progress_finish(&p, last);
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
    capture_finish(text, sizeof text, 0.25);
    assert_non_null(strstr(text, "spirals  step 10/10  loss 0.2500"));
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

int test_progress(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finish_line_has_step_loss_rate_and_time),
        cmocka_unit_test(a_huge_loss_stays_short),
        cmocka_unit_test(quiet_prints_nothing),
        cmocka_unit_test(clock_moves_forward),
    };
    return cmocka_run_group_tests_name("progress", tests, NULL, NULL);
}
