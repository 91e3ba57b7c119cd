/* test_ch07_finetune.c (hidden) - chapter 07's hidden tests, kept out of
 * the students' copy (see grade/graded.h): classes too small for the
 * subset asked, a batch of one row, and a confusion matrix of seven
 * classes (check_confusion holds at most eight). Included by
 * tests/test_ch07_finetune.c, whose references they use. */

static void pick_more_than_any_class_has(void **state)
{
    (void)state;
    /* 40 rows of 4 classes, 20 asked of each: every row is taken, in the
     * shuffled order. */
    int labels[40];
    random_labels(labels, 40, 4, 121);
    check_pick(labels, 40, 4, 20, test_seed(122));
}

static void forward_one_row(void **state)
{
    (void)state;
    for (int code_relu = 0; code_relu <= 1; code_relu++) {
        classifier c =
            small_classifier(code_relu, 123 + (uint64_t)code_relu);
        mat x = random_mat(1, D, 1, 0, 125 + (uint64_t)code_relu);
        check_forward(&c, &x);
    }
}

static void confusion_of_seven_classes(void **state)
{
    (void)state;
    enum { ROWS = 300, K = 7 };
    mat logits = random_mat(ROWS, K, 1, 0, 127);
    int labels[ROWS], want[K * K] = {0}, right = 0;
    random_labels(labels, ROWS, K, 128);
    for (int i = 0; i < ROWS; i++) {
        int best = 0;
        for (int j = 1; j < K; j++)
            if (mat_get(&logits, i, j) > mat_get(&logits, i, best))
                best = j;
        want[labels[i] * K + best]++;
        right += best == labels[i];
    }
    check_confusion("300 random rows of 7 classes", &logits, labels, K,
                    want, right / (float)ROWS);
}

#define HIDDEN_TESTS                                         \
    HIDDEN(pick_more_than_any_class_has, "ch07.1", 2),       \
    HIDDEN(forward_one_row, "ch07.2", 1),                    \
    HIDDEN(confusion_of_seven_classes, "ch07.5", 1),
