/* test_labels.c - labels beside crowded points do not cover each other. */
#include "core/analysis/labels.h"
#include "core_tests.h"

static void a_lone_point_is_labelled_on_the_right(void **state)
{
    (void)state;
    float x = 0, y = 0;
    int chars = 5;
    label_side side;
    labels_place(&x, &y, &chars, 1, 1, 1, &side);
    assert_int_equal(side, LABEL_RIGHT);
}

/* Two points side by side: the first label would run over the second
 * point, so it goes to the left, and the second stays on the right. */
static void neighbours_side_by_side_face_away(void **state)
{
    (void)state;
    float x[2] = {0, 2}, y[2] = {0, 0};
    int chars[2] = {5, 5};
    label_side side[2];
    labels_place(x, y, chars, 2, 1, 1, side);
    assert_int_equal(side[0], LABEL_LEFT);
    assert_int_equal(side[1], LABEL_RIGHT);
}

/* One point just above another: both labels on the right would overlap,
 * so the second goes to the free side on the left. */
static void labels_of_stacked_points_do_not_overlap(void **state)
{
    (void)state;
    float x[2] = {0, 0}, y[2] = {0, 0.2f};
    int chars[2] = {6, 6};
    label_side side[2];
    labels_place(x, y, chars, 2, 0.2f, 0.4f, side);
    assert_int_equal(side[0], LABEL_RIGHT);
    assert_int_equal(side[1], LABEL_LEFT);
    assert_string_equal(label_side_name(side[1]), "left");
}

int test_labels(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_lone_point_is_labelled_on_the_right),
        cmocka_unit_test(neighbours_side_by_side_face_away),
        cmocka_unit_test(labels_of_stacked_points_do_not_overlap),
    };
    return cmocka_run_group_tests_name("labels", tests, NULL, NULL);
}
