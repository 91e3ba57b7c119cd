/* test_batches.c - a data set's rows, a batch at a time: every row once
 * per pass, the last batch short, the orders repeatable. */
#include <math.h>
#include <string.h>

#include "core/infra/progress.h"
#include "core/learn/batches.h"
#include "core/learn/training.h"
#include "core_tests.h"

static void in_order_with_a_short_last_batch(void **state)
{
    (void)state;
    batches b;
    batches_create(&b, 10, 4);
    int firsts[3], counts[3], n = 0;
    while (batches_next(&b) && n < 3)
        firsts[n] = b.first, counts[n] = b.count, n++;
    assert_int_equal(n, 3);
    assert_int_equal(firsts[2], 8);
    assert_int_equal(counts[0], 4);
    assert_int_equal(counts[2], 2);
    assert_int_equal(batches_per_pass(&b), 3);
    for (int i = 0; i < b.count; i++)
        assert_int_equal(batches_row(&b, i), 8 + i);
    batches_free(&b);
}

static void each_pass_visits_every_row_once(void **state)
{
    (void)state;
    batches b;
    rng r;
    rng_seed(&r, 7);
    batches_create(&b, 13, 5);
    for (int pass = 0; pass < 3; pass++) {
        int seen[13] = {0}, batches_seen = 0;
        batches_shuffle(&b, &r);
        while (batches_next(&b)) {
            batches_seen++;
            for (int i = 0; i < b.count; i++)
                seen[batches_row(&b, i)]++;
        }
        assert_int_equal(batches_seen, 3);
        for (int i = 0; i < 13; i++)
            assert_int_equal(seen[i], 1);
    }
    batches_free(&b);
}

typedef struct counting {
    int seen[13];
    int batches;
} counting;

/* A step whose loss is the mean of its rows' numbers. */
static double count_rows(void *ctx, const batches *order)
{
    counting *c = ctx;
    double sum = 0;
    c->batches++;
    for (int i = 0; i < order->count; i++) {
        c->seen[batches_row(order, i)]++;
        sum += batches_row(order, i);
    }
    return sum / order->count;
}

static void training_steps_every_batch_of_each_epoch(void **state)
{
    (void)state;
    progress_quiet = 1;
    rng r;
    rng_seed(&r, 3);
    training t;
    training_start(&t, 13, 5, 2, "test", "rows");
    counting c = {{0}, 0};
    for (int epoch = 0; epoch < 2; epoch++) /* the mean of 0 .. 12 */
        assert_true(fabs(training_epoch(&t, &r, count_rows, &c) - 6) < 1e-12);
    assert_int_equal(c.batches, 6);
    assert_int_equal(t.steps, 6);
    for (int i = 0; i < 13; i++)
        assert_int_equal(c.seen[i], 2);
    training_finish(&t, 0);
    progress_quiet = 0; /* as the other tests expect it */
}

static void same_seed_same_order(void **state)
{
    (void)state;
    /* The order of a pass is the previous one shuffled, as the chapters'
     * loops did before: an index array shuffled at every epoch. */
    batches b;
    rng r, s;
    int order[20];
    rng_seed(&r, 3);
    rng_seed(&s, 3);
    batches_create(&b, 20, 6);
    for (int i = 0; i < 20; i++)
        order[i] = i;
    for (int pass = 0; pass < 2; pass++) {
        batches_shuffle(&b, &r);
        rng_shuffle(&s, order, 20);
        assert_memory_equal(b.order, order, sizeof order);
    }
    batches_free(&b);
}

static void gather_copies_the_rows_and_labels_of_the_batch(void **state)
{
    (void)state;
    mat data = mat_create(5, 2), into = mat_create(3, 2);
    for (int i = 0; i < 5; i++)
        mat_set(&data, i, 0, (float)i), mat_set(&data, i, 1, (float)(10 * i));
    batches b;
    batches_create(&b, 5, 3);
    int reversed[] = {4, 3, 2, 1, 0};
    memcpy(b.order, reversed, sizeof reversed);
    assert_true(batches_next(&b));
    batches_gather(&b, &into, &data);
    assert_true(mat_get(&into, 0, 0) == 4 && mat_get(&into, 2, 1) == 20);
    int labels[] = {10, 11, 12, 13, 14}, gathered[3];
    batches_gather_labels(&b, gathered, labels);
    assert_int_equal(gathered[0], 14);
    assert_int_equal(gathered[2], 12);
    batches_free(&b);
    mat_free(&data);
    mat_free(&into);
}

static void twice_rows(void *ctx, const mat *rows, mat *out_rows)
{
    int *calls = ctx;
    (*calls)++;
    for (size_t i = 0; i < mat_size(rows); i++)
        out_rows->data[i] = 2 * rows->data[i];
}

static void map_covers_every_row(void **state)
{
    (void)state;
    mat x = mat_create(7, 3), out = mat_create(7, 3);
    for (size_t i = 0; i < mat_size(&x); i++)
        x.data[i] = (float)i;
    int calls = 0;
    batches_map(&x, 3, &out, twice_rows, &calls);
    assert_int_equal(calls, 3);
    for (size_t i = 0; i < mat_size(&x); i++)
        assert_true(out.data[i] == 2 * (float)i);
    mat_free(&x);
    mat_free(&out);
}

static void no_rows_no_batch(void **state)
{
    (void)state;
    batches b;
    batches_create(&b, 0, 4);
    assert_false(batches_next(&b));
    assert_int_equal(batches_per_pass(&b), 0);
    batches_free(&b);
}

int test_batches(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(in_order_with_a_short_last_batch),
        cmocka_unit_test(each_pass_visits_every_row_once),
        cmocka_unit_test(training_steps_every_batch_of_each_epoch),
        cmocka_unit_test(same_seed_same_order),
        cmocka_unit_test(gather_copies_the_rows_and_labels_of_the_batch),
        cmocka_unit_test(map_covers_every_row),
        cmocka_unit_test(no_rows_no_batch),
    };
    return cmocka_run_group_tests_name("batches", tests, NULL, NULL);
}
