/* test_vectors.c - word vectors in word2vec's text format: a round trip,
 * and each way a file can be bad, refused with a message that names the
 * line. The files go to build/core-test/vectors/. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/datasets/vectors.h"
#include "core/infra/error.h"
#include "core/infra/outfile.h"
#include "core_tests.h"

#define DIR "build/core-test/vectors"

static const char *write_text(const char *name, const char *text)
{
    static char path[OUTFILE_PATH_MAX];
    assert_int_equal(make_dirs(DIR), 0);
    path_join(path, sizeof path, DIR, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void round_trip(void **state)
{
    (void)state;
    vocab words;
    vocab_create(&words);
    vocab_add(&words, "dark");
    vocab_add(&words, "boot");
    vocab_add(&words, "unsaved"); /* more words than vectors: left out */
    const float numbers[] = {0.5f, -1.25f, 3, 0.001f, -0.000002f, 7};
    mat vectors = mat_create(2, 3);
    memcpy(vectors.data, numbers, sizeof numbers);
    char path[OUTFILE_PATH_MAX];
    path_join(path, sizeof path, DIR, "round.txt");
    assert_int_equal(word_vectors_save(&words, &vectors, path), 0);
    word_vectors wv;
    assert_int_equal(word_vectors_load(&wv, path), 0);
    assert_int_equal(wv.words.size, 2);
    assert_int_equal(wv.vectors.rows, 2);
    assert_int_equal(wv.vectors.cols, 3);
    assert_string_equal(vocab_word(&wv.words, 1), "boot");
    assert_int_equal(vocab_find(&wv.words, "unsaved"), -1);
    for (int i = 0; i < 6; i++) /* six decimals are kept */
        assert_true(fabsf(wv.vectors.data[i] - numbers[i]) <= 5e-7f);
    word_vectors_free(&wv);
    mat_free(&vectors);
    vocab_free(&words);
}

/* The file is refused, and the message has `what` in it. */
static void refused(const char *name, const char *text, const char *what)
{
    word_vectors wv;
    const char *path = write_text(name, text);
    if (word_vectors_load(&wv, path) == 0)
        fail_msg("%s was accepted", name);
    if (!strstr(error_message(), what) || !strstr(error_message(), path))
        fail_msg("%s: the message \"%s\" does not say \"%s\" and the file",
                 name, error_message(), what);
    assert_int_equal(wv.vectors.rows, 0); /* nothing left to free */
}

static void bad_files(void **state)
{
    (void)state;
    word_vectors wv;
    assert_int_not_equal(word_vectors_load(&wv, DIR "/missing.txt"), 0);
    assert_non_null(strstr(error_message(), "cannot open"));
    refused("empty.txt", "", "empty file");
    refused("header.txt", "2 three\na 1 2 3\n", "line 1: not");
    refused("zero.txt", "0 3\n", "line 1: not");
    refused("huge.txt", "1000000 1000000\na 1\n", "more than the file");
    refused("short.txt", "2 3\na 1 2 3\nb 1 2\n", "line 3: too few");
    refused("long.txt", "2 3\na 1 2 3\nb 1 2 3 4\n", "line 3: too many");
    refused("nan.txt", "2 3\na 1 nan 3\nb 1 2 3\n", "line 2: a value");
    refused("word.txt", "2 3\na 1 2 3\nb 1 x 3\n", "line 3: a value");
    refused("twice.txt", "2 3\na 1 2 3\na 4 5 6\n", "line 3: a word seen");
    refused("nowords.txt", "2 3\n 1 2 3\nb 1 2 3\n", "line 2: no word");
    refused("cut.txt", "3 3\na 1 2 3\nb 1 2 3\nc 1 2", "line 4: too few");
    refused("ends.txt", "3 1\na 1\nb 2\n", "ends after 2 of its 3");
    refused("more.txt", "1 1\na 1\nb 2\n", "line 3: more words");
}

int test_vectors(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(bad_files),
    };
    return cmocka_run_group_tests_name("vectors", tests, NULL, NULL);
}
