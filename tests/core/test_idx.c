/* test_idx.c - the IDX reader on small files the tests write: a good one,
 * and each way a file can be bad. The files go to build/core-test/idx/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "core/datasets/idx.h"
#include "core/infra/error.h"
#include "core_tests.h"

#define DIR "build/core-test/idx"

static void put32(unsigned char *b, unsigned v)
{
    b[0] = (unsigned char)(v >> 24), b[1] = (unsigned char)(v >> 16);
    b[2] = (unsigned char)(v >> 8), b[3] = (unsigned char)v;
}

/* Writes a gzip file: a header of `words` numbers, then `size` bytes of
 * data counting 0, 1, 2, ... (mod `modulo`). */
static void write_idx(const char *path, const unsigned *header, int words,
                      size_t size, int modulo)
{
    mkdir("build", 0777);
    mkdir("build/core-test", 0777);
    mkdir(DIR, 0777);
    gzFile f = gzopen(path, "wb");
    assert_non_null(f);
    unsigned char b[4];
    for (int w = 0; w < words; w++) {
        put32(b, header[w]);
        gzwrite(f, b, 4);
    }
    for (size_t i = 0; i < size; i++) {
        unsigned char v = (unsigned char)(i % (size_t)modulo);
        gzwrite(f, &v, 1);
    }
    gzclose(f);
}

/* Reading `path` fails with a message that contains every given piece. */
static void expect_images_error(const char *path, const char *a,
                                const char *b)
{
    mat x = {0};
    int rows, cols;
    assert_int_equal(idx_read_images(path, &x, &rows, &cols), -1);
    if (!strstr(error_message(), a) || (b && !strstr(error_message(), b)))
        fail_msg("message '%s' lacks '%s' or '%s'", error_message(), a,
                 b ? b : "");
    assert_null(x.data);
}

static void reads_good_images_and_labels(void **state)
{
    (void)state;
    write_idx(DIR "/good-images.gz", (unsigned[]){0x803, 3, 2, 2}, 4, 12, 256);
    write_idx(DIR "/good-labels.gz", (unsigned[]){0x801, 3}, 2, 3, 10);
    mat x;
    int rows, cols, *labels, count;
    assert_int_equal(idx_read_images(DIR "/good-images.gz", &x, &rows, &cols),
                     0);
    assert_int_equal(x.rows, 3);
    assert_int_equal(x.cols, 4);
    assert_int_equal(rows, 2);
    assert_float_equal(mat_get(&x, 2, 3), 11 / 255.0, 1e-7);
    assert_int_equal(idx_read_labels(DIR "/good-labels.gz", &labels, &count,
                                     10), 0);
    assert_int_equal(count, 3);
    assert_int_equal(labels[2], 2);
    mat_free(&x);
    free(labels);
}

static void missing_file(void **state)
{
    (void)state;
    expect_images_error(DIR "/no-such-file.gz", DIR "/no-such-file.gz",
                        "No such file");
}

static void truncated_pixels(void **state)
{
    (void)state;
    write_idx(DIR "/short.gz", (unsigned[]){0x803, 3, 2, 2}, 4, 7, 256);
    expect_images_error(DIR "/short.gz", "truncated: 12 bytes of pixels", "7 found");
}

static void truncated_header(void **state)
{
    (void)state;
    write_idx(DIR "/stub.gz", (unsigned[]){0x803}, 1, 0, 256);
    expect_images_error(DIR "/stub.gz", "truncated", "header");
}

static void wrong_magic(void **state)
{
    (void)state;
    write_idx(DIR "/magic.gz", (unsigned[]){0x801, 3, 2, 2}, 4, 12, 256);
    expect_images_error(DIR "/magic.gz", "not an IDX image file",
                        "0x00000801");
}

static void implausible_dimensions(void **state)
{
    (void)state;
    write_idx(DIR "/dims.gz", (unsigned[]){0x803, 3, 0, 2}, 4, 0, 256);
    expect_images_error(DIR "/dims.gz", "implausible header", "0 x 2");
}

static void trailing_bytes(void **state)
{
    (void)state;
    write_idx(DIR "/long.gz", (unsigned[]){0x803, 1, 2, 2}, 4, 9, 256);
    expect_images_error(DIR "/long.gz", "longer than its header says", NULL);
}

static void corrupt_gzip(void **state)
{
    (void)state;
    /* A gzip header followed by garbage: zlib reports the stream broken. */
    FILE *f = fopen(DIR "/corrupt.gz", "wb");
    assert_non_null(f);
    const unsigned char bytes[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3,
                                   0xde, 0xad, 0xbe, 0xef, 0x01, 0x02};
    fwrite(bytes, 1, sizeof bytes, f);
    fclose(f);
    expect_images_error(DIR "/corrupt.gz", DIR "/corrupt.gz", NULL);
}

static void label_out_of_range(void **state)
{
    (void)state;
    write_idx(DIR "/labels.gz", (unsigned[]){0x801, 12}, 2, 12, 256);
    int *labels = NULL, count = 0;
    assert_int_equal(idx_read_labels(DIR "/labels.gz", &labels, &count, 10),
                     -1);
    assert_non_null(strstr(error_message(), "label 10 of item 10"));
    assert_null(labels);
}

static void loader_uses_the_variable_and_checks_counts(void **state)
{
    (void)state;
    write_idx(DIR "/t10k-images-idx3-ubyte.gz",
              (unsigned[]){0x803, 2, 28, 28}, 4, 2 * 784, 256);
    write_idx(DIR "/t10k-labels-idx1-ubyte.gz", (unsigned[]){0x801, 2}, 2, 2,
              10);
    write_idx(DIR "/train-images-idx3-ubyte.gz",
              (unsigned[]){0x803, 2, 28, 28}, 4, 2 * 784, 256);
    write_idx(DIR "/train-labels-idx1-ubyte.gz", (unsigned[]){0x801, 3}, 2,
              3, 10);
    setenv(FASHION_MNIST_VARIABLE, DIR, 1);
    image_set set;
    assert_int_equal(fashion_mnist_load(&set, "t10k"), 0);
    assert_int_equal(set.x.rows, 2);
    assert_int_equal(set.labels[1], 1);
    image_set_free(&set);
    assert_int_equal(fashion_mnist_load(&set, "train"), -1);
    assert_non_null(strstr(error_message(), "3 labels for the 2 images"));
    assert_non_null(strstr(error_message(), "$" FASHION_MNIST_VARIABLE));
    /* Both parts: the broken training labels stop it too. */
    image_set train, test;
    assert_int_equal(fashion_mnist_load_both(&train, 2, &test, 1), -1);
    assert_non_null(strstr(error_message(), "3 labels for the 2 images"));
    unsetenv(FASHION_MNIST_VARIABLE);
}

static void loads_the_first_images_of_both_parts(void **state)
{
    (void)state;
    mkdir("build", 0777);
    mkdir("build/core-test", 0777);
    mkdir(DIR, 0777);
    mkdir(DIR "/both", 0777);
    write_idx(DIR "/both/t10k-images-idx3-ubyte.gz",
              (unsigned[]){0x803, 3, 28, 28}, 4, 3 * 784, 256);
    write_idx(DIR "/both/t10k-labels-idx1-ubyte.gz", (unsigned[]){0x801, 3},
              2, 3, 10);
    write_idx(DIR "/both/train-images-idx3-ubyte.gz",
              (unsigned[]){0x803, 4, 28, 28}, 4, 4 * 784, 256);
    write_idx(DIR "/both/train-labels-idx1-ubyte.gz",
              (unsigned[]){0x801, 4}, 2, 4, 10);
    setenv(FASHION_MNIST_VARIABLE, DIR "/both", 1);
    image_set train, test;
    assert_int_equal(fashion_mnist_load_both(&train, 3, &test, 2), 0);
    assert_int_equal(train.x.rows, 3);
    assert_int_equal(test.x.rows, 2);
    image_set_free(&train);
    image_set_free(&test);
    unsetenv(FASHION_MNIST_VARIABLE);
}

int test_idx(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_good_images_and_labels),
        cmocka_unit_test(missing_file),
        cmocka_unit_test(truncated_pixels),
        cmocka_unit_test(truncated_header),
        cmocka_unit_test(wrong_magic),
        cmocka_unit_test(implausible_dimensions),
        cmocka_unit_test(trailing_bytes),
        cmocka_unit_test(corrupt_gzip),
        cmocka_unit_test(label_out_of_range),
        cmocka_unit_test(loader_uses_the_variable_and_checks_counts),
        cmocka_unit_test(loads_the_first_images_of_both_parts),
    };
    return cmocka_run_group_tests_name("idx", tests, NULL, NULL);
}
