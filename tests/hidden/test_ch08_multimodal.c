/* test_ch08_multimodal.c (hidden) - chapter 08's hidden tests, kept out
 * of the students' copy (see grade/graded.h): a larger batch at another
 * temperature, one template for many classes, and scores that are all
 * negative. Included by tests/test_ch08_multimodal.c, whose references
 * they use. */

static void clip_sixteen_pairs(void **state)
{
    (void)state;
    mat u = unit_rows(16, 7, 131), v = unit_rows(16, 7, 132);
    expect_clip(&u, &v, 0.07, "16 random pairs of 7 numbers", 1e-4, 1e-3);
}

static void zero_shot_one_template_twelve_classes(void **state)
{
    (void)state;
    enum { IMAGES = 60, K = 12, SPACE = 5 };
    mat prompts = unit_rows(K, SPACE, 133);
    mat images = unit_rows(IMAGES, SPACE, 134);
    int predicted[IMAGES], want[IMAGES];
    for (int i = 0; i < IMAGES; i++)
        predicted[i] = -1;
    zero_shot(predicted, &images, &prompts, 1);
    reference_zero_shot(want, &images, &prompts, 1);
    for (int i = 0; i < IMAGES; i++)
        if (predicted[i] != want[i])
            graded_fail("predicted[%d] is %d, expected %d (%d classes of "
                        "one template)", i, predicted[i], want[i], K);
}

static void top_k_negative_scores(void **state)
{
    (void)state;
    /* Every score below 0, one of them -infinity; k = count ranks all. */
    const float scores[] = {-0.5f, -INFINITY, -0.25f, -3, -0.25f};
    int best[5] = {9, 9, 9, 9, 9};
    top_k(best, scores, 5, 5);
    expect_ranking((int[]){2, 4, 0, 3, 1}, best, 5,
                   "scores -0.5 -inf -0.25 -3 -0.25, all of them ranked");
}

#define HIDDEN_TESTS                                            \
    HIDDEN(clip_sixteen_pairs, "ch08.3", 2),                    \
    HIDDEN(zero_shot_one_template_twelve_classes, "ch08.4", 2), \
    HIDDEN(top_k_negative_scores, "ch08.5", 1),
