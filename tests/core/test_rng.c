/* test_rng.c - the seeded generator: repeatable, and with the right
 * distributions. */
#include <math.h>

#include "core/learn/rng.h"
#include "core_tests.h"

static void same_seed_same_stream(void **state)
{
    (void)state;
    rng a, b, c;
    rng_seed(&a, 42);
    rng_seed(&b, 42);
    rng_seed(&c, 43);
    int differs = 0;
    for (int i = 0; i < 1000; i++) {
        uint32_t x = rng_u32(&a);
        assert_int_equal(x, rng_u32(&b));
        differs |= x != rng_u32(&c);
    }
    assert_true(differs);
}

static void stream_is_pinned(void **state)
{
    (void)state;
    /* The first outputs for seed 42, as PCG32 with this seeding gives them
     * on any machine: a change here would change every experiment. */
    rng r;
    rng_seed(&r, 42);
    uint32_t first = rng_u32(&r), second = rng_u32(&r);
    rng again;
    rng_seed(&again, 42);
    assert_int_equal(first, rng_u32(&again));
    assert_int_equal(second, rng_u32(&again));
    assert_int_equal(first, 0xc2f57bd6u);
}

static void uniform_and_normal_moments(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 7);
    const int draws = 200000;
    double su = 0, sn = 0, sn2 = 0;
    for (int i = 0; i < draws; i++) {
        float u = rng_uniform(&r);
        assert_true(u >= 0 && u < 1);
        su += u;
        double z = rng_normal(&r);
        sn += z;
        sn2 += z * z;
    }
    assert_float_equal(su / draws, 0.5, 0.005);
    assert_float_equal(sn / draws, 0.0, 0.01);
    assert_float_equal(sn2 / draws, 1.0, 0.02);
}

static void below_covers_range_evenly(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 3);
    int counts[6] = {0};
    for (int i = 0; i < 60000; i++) {
        uint32_t v = rng_below(&r, 6);
        assert_true(v < 6);
        counts[v]++;
    }
    for (int v = 0; v < 6; v++)
        assert_in_range(counts[v], 9500, 10500);
}

static void shuffle_is_a_permutation(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 5);
    int items[50], seen[50] = {0}, moved = 0;
    for (int i = 0; i < 50; i++)
        items[i] = i;
    rng_shuffle(&r, items, 50);
    for (int i = 0; i < 50; i++) {
        seen[items[i]]++;
        moved += items[i] != i;
    }
    for (int i = 0; i < 50; i++)
        assert_int_equal(seen[i], 1);
    assert_true(moved > 40);
}

int test_rng(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_seed_same_stream),
        cmocka_unit_test(stream_is_pinned),
        cmocka_unit_test(uniform_and_normal_moments),
        cmocka_unit_test(below_covers_range_evenly),
        cmocka_unit_test(shuffle_is_a_permutation),
    };
    return cmocka_run_group_tests_name("rng", tests, NULL, NULL);
}
