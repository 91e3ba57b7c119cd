/* test_files.c - output files that appear whole, TSV, and error messages.
 * The tests write under build/core-test/. */
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/infra/error.h"
#include "core/infra/history.h"
#include "core/infra/outfile.h"
#include "core/infra/tsv.h"
#include "core_tests.h"

#define DIR "build/core-test"

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void read_all(const char *path, char *text, size_t size)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t got = fread(text, 1, size - 1, f);
    text[got] = '\0';
    fclose(f);
}

static void file_appears_only_when_committed(void **state)
{
    (void)state;
    const char *path = DIR "/nested/dirs/result.txt";
    unlink(path);
    outfile out;
    assert_int_equal(outfile_open(&out, path), 0);
    fprintf(out.file, "hello\n");
    assert_false(exists(path));
    assert_true(exists(DIR "/nested/dirs/result.txt.partial"));
    assert_int_equal(outfile_commit(&out), 0);
    assert_true(exists(path));
    assert_false(exists(DIR "/nested/dirs/result.txt.partial"));
}

static void discard_leaves_nothing(void **state)
{
    (void)state;
    const char *path = DIR "/discarded.txt";
    outfile out;
    assert_int_equal(outfile_open(&out, path), 0);
    fprintf(out.file, "half a file");
    outfile_discard(&out);
    assert_false(exists(path));
    assert_false(exists(DIR "/discarded.txt.partial"));
}

static void failed_check_leaves_no_partial(void **state)
{
    (void)state;
    const char *path = DIR "/aborted.txt";
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) { /* a program whose CHECK fails while it writes */
        outfile out;
        if (outfile_open(&out, path) != 0)
            _exit(2);
        fprintf(out.file, "half a file");
        fflush(out.file);
        fclose(stderr); /* the check's message is expected */
        CHECK(0, "on purpose");
    }
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    assert_false(exists(DIR "/aborted.txt.partial"));
    assert_false(exists(path));
}

static void unwritable_path_is_reported(void **state)
{
    (void)state;
    /* A directory cannot be created inside a regular file. */
    outfile blocker;
    assert_int_equal(outfile_open(&blocker, DIR "/plain-file"), 0);
    assert_int_equal(outfile_commit(&blocker), 0);
    outfile out;
    assert_int_equal(outfile_open(&out, DIR "/plain-file/inside.tsv"), -1);
    assert_non_null(strstr(error_message(), DIR "/plain-file"));
}

static void tsv_has_header_rows_and_blocks(void **state)
{
    (void)state;
    const char *path = DIR "/table.tsv";
    tsv t;
    assert_int_equal(tsv_open(&t, path, "epoch\tloss"), 0);
    tsv_row(&t, "%d\t%.2f", 1, 0.5);
    tsv_blank(&t);
    tsv_row(&t, "%d\t%.2f", 2, 0.25);
    assert_int_equal(tsv_close(&t), 0);
    char text[256];
    read_all(path, text, sizeof text);
    assert_string_equal(text, "epoch\tloss\n1\t0.50\n\n2\t0.25\n");
}

static void tsv_matrix_has_names_on_both_sides(void **state)
{
    (void)state;
    const char *path = DIR "/matrix.tsv";
    const char *const rows[] = {"a", "b"}, *const columns[] = {"x", "y", "z"};
    mat m = mat_create(2, 3);
    for (int i = 0; i < 6; i++)
        m.data[i] = 0.5f * i;
    assert_int_equal(tsv_write_matrix(path, "word", rows, columns, &m), 0);
    char text[256];
    read_all(path, text, sizeof text);
    assert_string_equal(text, "word\tx\ty\tz\n"
                              "a\t0.0000\t0.5000\t1.0000\n"
                              "b\t1.5000\t2.0000\t2.5000\n");
    mat_free(&m);
}

static void history_keeps_rows_and_writes_them(void **state)
{
    (void)state;
    history h;
    history_create(&h, (history_column[]){{"epoch", 0}, {"loss", 3}}, 2);
    for (int epoch = 1; epoch <= 100; epoch++) /* past the first growth */
        history_add(&h, (double[]){epoch, 1.0 / epoch});
    history_add(NULL, (double[]){0, 0}); /* no history: nothing happens */
    assert_int_equal(h.rows, 100);
    assert_true(h.values[2 * 99] == 100.0);
    history_write_or_die(&h, DIR, "history.tsv");
    history_free(&h);
    char text[2048];
    read_all(DIR "/history.tsv", text, sizeof text);
    const char *start = "epoch\tloss\n1\t1.000\n2\t0.500\n3\t0.333\n";
    assert_memory_equal(text, start, strlen(start));
    assert_non_null(strstr(text, "\n100\t0.010\n"));
}

static void error_set_returns_minus_one(void **state)
{
    (void)state;
    assert_int_equal(error_set("file %s is %d bytes short", "x.gz", 12), -1);
    assert_string_equal(error_message(), "file x.gz is 12 bytes short");
}

int test_files(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(file_appears_only_when_committed),
        cmocka_unit_test(discard_leaves_nothing),
        cmocka_unit_test(failed_check_leaves_no_partial),
        cmocka_unit_test(unwritable_path_is_reported),
        cmocka_unit_test(tsv_has_header_rows_and_blocks),
        cmocka_unit_test(tsv_matrix_has_names_on_both_sides),
        cmocka_unit_test(history_keeps_rows_and_writes_them),
        cmocka_unit_test(error_set_returns_minus_one),
    };
    return cmocka_run_group_tests_name("files", tests, NULL, NULL);
}
