/* test_austen.c - the Rdata.rdb reader on small files the tests write: a
 * good one, and truncated, corrupt and wrong ones. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "core/datasets/austen.h"
#include "core/infra/error.h"
#include "core_tests.h"

#define DIR "build/core-test/austen"

typedef struct bytes {
    unsigned char data[4096];
    size_t size;
} bytes;

static void put32(bytes *b, uint32_t v)
{
    unsigned char w[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    memcpy(b->data + b->size, w, 4);
    b->size += 4;
}

static void put(bytes *b, const char *text, size_t n)
{
    memcpy(b->data + b->size, text, n);
    b->size += n;
}

/* R's serialisation of a character vector of `count` strings (NULL for
 * NA), as R writes it: header, STRSXP, then one CHARSXP per string. */
static bytes serialise(const char *const *strings, int count, uint32_t type)
{
    bytes b = {{0}, 0};
    put(&b, "X\n", 2);
    put32(&b, 3);
    put32(&b, 0x00040201);
    put32(&b, 0x00030500);
    put32(&b, 5);
    put(&b, "UTF-8", 5);
    put32(&b, type);
    put32(&b, (uint32_t)count);
    for (int i = 0; i < count; i++) {
        put32(&b, 0x00040009);
        if (!strings[i]) {
            put32(&b, 0xFFFFFFFFu);
            continue;
        }
        put32(&b, (uint32_t)strlen(strings[i]));
        put(&b, strings[i], strlen(strings[i]));
    }
    return b;
}

/* Appends one record (length, then zlib stream) of b to the file. */
static void write_record(FILE *f, const bytes *b)
{
    unsigned char compressed[8192];
    uLongf size = sizeof compressed;
    assert_int_equal(compress2(compressed, &size, b->data, b->size, 9),
                     Z_OK);
    unsigned char length[4] = {(unsigned char)(b->size >> 24),
                               (unsigned char)(b->size >> 16),
                               (unsigned char)(b->size >> 8),
                               (unsigned char)b->size};
    fwrite(length, 1, 4, f);
    fwrite(compressed, 1, size, f);
}

/* Writes two novels, then cuts the file to `keep` bytes (0: keep all). */
static void write_rdb(const char *path, long keep, uint32_t type)
{
    mkdir("build", 0777);
    mkdir("build/core-test", 0777);
    mkdir(DIR, 0777);
    const char *first[] = {"EMMA", "", "Emma Woodhouse, handsome"};
    const char *second[] = {"PERSUASION", NULL, "Sir Walter Elliot"};
    bytes a = serialise(first, 3, type), b = serialise(second, 3, 16);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    write_record(f, &a);
    write_record(f, &b);
    fclose(f);
    if (keep > 0)
        assert_int_equal(truncate(path, keep), 0);
}

static void reads_the_strings_of_every_record(void **state)
{
    (void)state;
    write_rdb(DIR "/good.rdb", 0, 16);
    char *text;
    long strings;
    assert_int_equal(rdata_read_text(DIR "/good.rdb", &text, &strings), 0);
    assert_int_equal(strings, 6);
    assert_string_equal(text, "EMMA\n\nEmma Woodhouse, handsome\n\n"
                              "PERSUASION\n\nSir Walter Elliot\n\n");
    free(text);
}

static void expect_failure(const char *path, const char *piece)
{
    char *text = NULL;
    long strings;
    assert_int_equal(rdata_read_text(path, &text, &strings), -1);
    assert_null(text);
    if (!strstr(error_message(), piece) || !strstr(error_message(), path))
        fail_msg("message '%s' lacks '%s' or the path", error_message(),
                 piece);
}

static void truncated_file(void **state)
{
    (void)state;
    write_rdb(DIR "/short.rdb", 60, 16);
    expect_failure(DIR "/short.rdb", "truncated or corrupt");
}

static void corrupt_stream(void **state)
{
    (void)state;
    write_rdb(DIR "/corrupt.rdb", 0, 16);
    FILE *f = fopen(DIR "/corrupt.rdb", "r+b");
    assert_non_null(f);
    fseek(f, 10, SEEK_SET);
    fputc(0x55, f);
    fputc(0xAA, f);
    fclose(f);
    expect_failure(DIR "/corrupt.rdb", "record 0");
}

static void not_a_character_vector(void **state)
{
    (void)state;
    write_rdb(DIR "/numbers.rdb", 0, 14); /* 14: a vector of doubles */
    expect_failure(DIR "/numbers.rdb", "not a character vector");
}

static void missing_file(void **state)
{
    (void)state;
    expect_failure(DIR "/none.rdb", "cannot open");
}

static void variables_choose_the_source(void **state)
{
    (void)state;
    FILE *f = fopen(DIR "/plain.txt", "w");
    assert_non_null(f);
    fputs("It is a truth universally acknowledged", f);
    fclose(f);
    char *text;
    setenv(AUSTEN_TEXT_VARIABLE, DIR "/plain.txt", 1);
    assert_int_equal(austen_load(&text, DIR "/missing.rdb"), 0);
    assert_string_equal(text, "It is a truth universally acknowledged");
    free(text);
    unsetenv(AUSTEN_TEXT_VARIABLE);
    write_rdb(DIR "/good.rdb", 0, 16);
    setenv(AUSTEN_RDB_VARIABLE, DIR "/good.rdb", 1);
    assert_int_equal(austen_load(&text, DIR "/missing.rdb"), 0);
    assert_non_null(strstr(text, "Sir Walter"));
    free(text);
    unsetenv(AUSTEN_RDB_VARIABLE);
    /* With neither variable set, the file the program names. */
    assert_int_equal(austen_load(&text, DIR "/good.rdb"), 0);
    assert_non_null(strstr(text, "Sir Walter"));
    free(text);
    assert_int_equal(austen_load(&text, DIR "/missing.rdb"), -1);
    assert_non_null(strstr(error_message(), "missing.rdb"));
}

int test_austen(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_the_strings_of_every_record),
        cmocka_unit_test(truncated_file),
        cmocka_unit_test(corrupt_stream),
        cmocka_unit_test(not_a_character_vector),
        cmocka_unit_test(missing_file),
        cmocka_unit_test(variables_choose_the_source),
    };
    return cmocka_run_group_tests_name("austen", tests, NULL, NULL);
}
