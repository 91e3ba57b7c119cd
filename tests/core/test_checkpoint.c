/* test_checkpoint.c - checkpoints: a round trip, each way a file can be
 * bad, and thousands of mutated files, none of which may crash the loader
 * or be accepted. The files go to build/core-test/checkpoint/. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/infra/error.h"
#include "core/infra/outfile.h"
#include "core/learn/checkpoint.h"
#include "core_tests.h"

#define DIR "build/core-test/checkpoint"
#define MUTANTS 3000

static const int sizes[] = {12, 7, 3, 5};
static const net_activation acts[] = {NET_RELU, NET_LINEAR, NET_SIGMOID};

static void make_net(net *model, unsigned seed)
{
    rng r;
    rng_seed(&r, seed);
    net_create(model, 3, sizes, acts, 4, &r);
    for (int l = 0; l < 3; l++) /* biases that are not all zero */
        for (size_t j = 0; j < mat_size(&model->b[l]); j++)
            model->b[l].data[j] = rng_uniform(&r) - 0.5f;
}

static int same_layers(const net *a, const net *b, int layers)
{
    for (int l = 0; l < layers; l++)
        if (memcmp(a->W[l].data, b->W[l].data,
                   mat_size(&a->W[l]) * sizeof(float)) != 0 ||
            memcmp(a->b[l].data, b->b[l].data,
                   mat_size(&a->b[l]) * sizeof(float)) != 0)
            return 0;
    return 1;
}

static unsigned char *read_bytes(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *size = (size_t)ftell(f);
    rewind(f);
    unsigned char *data = malloc(*size);
    assert_int_equal(fread(data, 1, *size, f), *size);
    fclose(f);
    return data;
}

static void write_bytes(const char *path, const unsigned char *data,
                        size_t size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, size, f), size);
    fclose(f);
}

/* Loading path into a fresh network fails, says `words`, and changes
 * nothing. */
static void expect_refused(const char *path, const char *words)
{
    net model, before;
    make_net(&model, 9);
    make_net(&before, 9);
    assert_int_equal(checkpoint_load(&model, 3, path), -1);
    if (!strstr(error_message(), words))
        fail_msg("\"%s\" does not say \"%s\"", error_message(), words);
    assert_true(same_layers(&model, &before, 3));
    net_free(&model);
    net_free(&before);
}

/* The good checkpoint of make_net(.., 1), saved by the kit. */
static unsigned char *good_checkpoint(size_t *size)
{
    net model;
    make_net(&model, 1);
    assert_int_equal(checkpoint_save(&model, 3, DIR "/good.ckpt"), 0);
    net_free(&model);
    return read_bytes(DIR "/good.ckpt", size);
}

static void round_trip_restores_every_bit(void **state)
{
    (void)state;
    net saved, loaded;
    make_net(&saved, 1);
    make_net(&loaded, 2);
    assert_int_equal(checkpoint_save(&saved, 3, DIR "/all.ckpt"), 0);
    assert_int_equal(checkpoint_load(&loaded, 3, DIR "/all.ckpt"), 0);
    assert_true(same_layers(&saved, &loaded, 3));
    net_free(&saved);
    net_free(&loaded);
}

/* An encoder saved from the first layers of one network goes into the
 * first layers of another, whose later layers keep their own weights. */
static void first_layers_go_into_a_longer_network(void **state)
{
    (void)state;
    net saved, longer, untouched;
    make_net(&saved, 1);
    make_net(&longer, 2);
    make_net(&untouched, 2);
    assert_int_equal(checkpoint_save(&saved, 2, DIR "/encoder.ckpt"), 0);
    assert_int_equal(checkpoint_load(&longer, 2, DIR "/encoder.ckpt"), 0);
    assert_true(same_layers(&saved, &longer, 2));
    assert_memory_equal(longer.W[2].data, untouched.W[2].data,
                        mat_size(&longer.W[2]) * sizeof(float));
    expect_refused(DIR "/encoder.ckpt", "holds layers 12-7-3 (relu, linear)");
    net_free(&saved);
    net_free(&longer);
    net_free(&untouched);
}

static void bad_files_are_refused_with_a_reason(void **state)
{
    (void)state;
    size_t size;
    unsigned char *good = good_checkpoint(&size);
    expect_refused(DIR "/missing.ckpt", "cannot open checkpoint");
    write_bytes(DIR "/empty.ckpt", good, 0);
    expect_refused(DIR "/empty.ckpt", "not a checkpoint");
    write_bytes(DIR "/short.ckpt", good, size - 9);
    expect_refused(DIR "/short.ckpt", "truncated");
    unsigned char *longer = malloc(size + 3);
    memcpy(longer, good, size);
    memset(longer + size, 0, 3);
    write_bytes(DIR "/long.ckpt", longer, size + 3);
    expect_refused(DIR "/long.ckpt", "longer than its header says");
    free(longer);
    unsigned char *bad = malloc(size);
    memcpy(bad, good, size);
    bad[4] = 2; /* version 2 */
    write_bytes(DIR "/version.ckpt", bad, size);
    expect_refused(DIR "/version.ckpt", "a version 2 checkpoint");
    memcpy(bad, good, size);
    bad[size / 2] ^= 0x10; /* a bit of a weight */
    write_bytes(DIR "/flipped.ckpt", bad, size);
    expect_refused(DIR "/flipped.ckpt", "checksum does not match");
    free(bad);
    free(good);
}

static void other_shapes_and_nans_are_refused(void **state)
{
    (void)state;
    int other_sizes[] = {12, 8, 3, 5};
    net other;
    rng r;
    rng_seed(&r, 1);
    net_create(&other, 3, other_sizes, acts, 4, &r);
    assert_int_equal(checkpoint_save(&other, 3, DIR "/other.ckpt"), 0);
    expect_refused(DIR "/other.ckpt",
                   "holds layers 12-8-3-5 (relu, linear, sigmoid); the "
                   "network loading it needs 12-7-3-5");
    net_free(&other);
    net model;
    make_net(&model, 1);
    model.b[0].data[0] = NAN; /* as a diverged run would save */
    assert_int_equal(checkpoint_save(&model, 3, DIR "/nan.ckpt"), 0);
    net_free(&model);
    expect_refused(DIR "/nan.ckpt", "not numbers");
}

/* One mutant: a few bytes changed, a piece cut off or a few bytes added,
 * chosen by r. Returns its size. */
static size_t mutate(unsigned char *out, const unsigned char *good,
                     size_t size, rng *r)
{
    memcpy(out, good, size);
    switch (rng_below(r, 3)) {
    case 0: { /* 1 to 4 bytes changed */
        int changes = 1 + (int)rng_below(r, 4);
        for (int c = 0; c < changes; c++) {
            size_t at = rng_below(r, (uint32_t)size);
            out[at] ^= (unsigned char)(1 + rng_below(r, 255));
        }
        return size;
    }
    case 1: /* cut short */
        return rng_below(r, (uint32_t)size);
    default: { /* 1 to 8 bytes inserted */
        size_t at = rng_below(r, (uint32_t)size + 1);
        size_t added = 1 + rng_below(r, 8);
        memmove(out + at + added, good + at, size - at);
        for (size_t k = 0; k < added; k++)
            out[at + k] = (unsigned char)rng_below(r, 256);
        return size + added;
    }
    }
}

/* Fuzzing: every mutant of a good checkpoint is refused, and none crashes
 * the loader (the asan build of this test checks every access). */
static void mutated_checkpoints_are_all_refused(void **state)
{
    (void)state;
    size_t size;
    unsigned char *good = good_checkpoint(&size);
    unsigned char *mutant = malloc(size + 8);
    rng r;
    rng_seed(&r, 12);
    for (int m = 0; m < MUTANTS; m++) {
        size_t length = mutate(mutant, good, size, &r);
        if (length == size && memcmp(mutant, good, size) == 0)
            continue; /* changed nothing (cannot happen, but be sure) */
        write_bytes(DIR "/mutant.ckpt", mutant, length);
        net model;
        make_net(&model, 9);
        if (checkpoint_load(&model, 3, DIR "/mutant.ckpt") == 0)
            fail_msg("mutant %d (%zu bytes) was accepted", m, length);
        net_free(&model);
    }
    free(mutant);
    free(good);
}

static int make_dir(void **state)
{
    (void)state;
    return make_dirs(DIR);
}

int test_checkpoint(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_restores_every_bit),
        cmocka_unit_test(first_layers_go_into_a_longer_network),
        cmocka_unit_test(bad_files_are_refused_with_a_reason),
        cmocka_unit_test(other_shapes_and_nans_are_refused),
        cmocka_unit_test(mutated_checkpoints_are_all_refused),
    };
    return cmocka_run_group_tests_name("checkpoint", tests, make_dir, NULL);
}
