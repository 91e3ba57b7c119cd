/* test_ch03_masking.c (hidden) - chapter 03's hidden tests, kept out of
 * the students' copy (see grade/graded.h): images whose side is not 28
 * and patches not 4, rows that hide very different numbers of pixels
 * (one none), and token counts whose share is an exact half. Included by
 * tests/test_ch03_masking.c, whose references they use. */

static void patch_mask_other_sides(void **state)
{
    (void)state;
    /* side x side images cut into patch x patch squares, not only 28 and
     * 4: a mask written for 28 x 28 hides the wrong pixels. Halves round
     * up: 4.5 of 9 patches is 5, 0.5 of a single patch is 1. */
    const int cases[][3] = {{12, 3, 8}, {6, 2, 5}, {5, 5, 1}, {10, 1, 37},
                            {8, 4, 3}}; /* side, patch, patches hidden */
    const float ratio[] = {0.5f, 0.5f, 0.5f, 0.37f, 0.75f};
    float mask[144];
    for (int c = 0; c < COUNT(cases); c++) {
        int side = cases[c][0], patch = cases[c][1], want = cases[c][2];
        rng r;
        rng_seed(&r, test_seed(301 + (uint64_t)c));
        for (int i = 0; i < side * side; i++)
            mask[i] = 0.5f; /* neither 0 nor 1 */
        patch_mask(mask, side, patch, ratio[c], &r);
        char what[64];
        snprintf(what, sizeof what, "%d x %d image, patches of %d, ratio "
                 "%.2f", side, side, patch, ratio[c]);
        expect_mask(mask, side, patch, want, what);
    }
}

static void masked_loss_uneven_rows(void **state)
{
    (void)state;
    /* 3 rows of 7 pixels hiding 1, 6 and 0 pixels: the mean is over the
     * 7 hidden pixels together, not a mean of each row's mean (and a row
     * with nothing hidden is no division by 0). */
    mat xhat = random_mat(3, 7, 1, 0, 311), x = random_mat(3, 7, 1, 0, 312);
    mat mask = mat_of(3, 7, (float[]){0, 0, 0, 1, 0, 0, 0,
                                      1, 1, 0, 1, 1, 1, 1,
                                      0, 0, 0, 0, 0, 0, 0});
    mat want = mat_create(3, 7), dxhat = mat_create(3, 7);
    double loss = 0;
    for (size_t i = 0; i < mat_size(&x); i++)
        if (mask.data[i] != 0) {
            double e = (double)xhat.data[i] - x.data[i];
            loss += e * e / 7;
            want.data[i] = (float)(2 * e / 7);
        }
    prefill(&dxhat, 9);
    expect_close("loss over 7 hidden pixels in rows of 1, 6 and 0", loss,
                 masked_loss(&dxhat, &xhat, &x, &mask), 1e-5);
    expect_mat_close("dxhat (it held 9s)", &want, &dxhat, 1e-5);
}

static void mask_tokens_rounds_halves_up(void **state)
{
    (void)state;
    /* Exact halves round up: 2.5 of 10 is 3, 1.5 of 12 and of 4 is 2, 0.5
     * of 1 is 1; fraction 1 takes all and 0 none. */
    const int length[] = {10, 12, 4, 1, 7, 9};
    const float fraction[] = {0.25f, 0.125f, 0.375f, 0.5f, 1, 0};
    const int want[] = {3, 2, 2, 1, 7, 0};
    for (int c = 0; c < COUNT(length); c++) {
        int n = length[c], tokens[12], inputs[12], targets[12], masked = 0;
        for (int t = 0; t < n; t++) {
            tokens[t] = 10 + 3 * t;
            inputs[t] = targets[t] = 99; /* junk */
        }
        rng r;
        rng_seed(&r, test_seed(321 + (uint64_t)c));
        int chosen = mask_tokens(inputs, targets, tokens, n, fraction[c], 5,
                                 -100, &r);
        for (int t = 0; t < n; t++) {
            int hidden = inputs[t] == 5;
            masked += hidden;
            if (targets[t] != (hidden ? tokens[t] : -100) ||
                (!hidden && inputs[t] != tokens[t]))
                graded_fail("%d tokens, fraction %g: position %d has "
                            "input %d and target %d (token %d, mask_id 5, "
                            "ignore -100)", n, fraction[c], t, inputs[t],
                            targets[t], tokens[t]);
        }
        if (chosen != want[c] || masked != want[c])
            graded_fail("%d tokens, fraction %g: returned %d, masked %d, "
                        "expected %d (round the fraction times the "
                        "tokens, halves up: lroundf)", n, fraction[c],
                        chosen, masked, want[c]);
    }
}

#define HIDDEN_TESTS                                                     \
    HIDDEN(patch_mask_other_sides, "ch03.1", 2),                         \
    HIDDEN(masked_loss_uneven_rows, "ch03.3", 2),                        \
    HIDDEN(mask_tokens_rounds_halves_up, "ch03.5", 2),
