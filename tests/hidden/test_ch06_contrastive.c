/* test_ch06_contrastive.c (hidden) - chapter 06's hidden tests, kept out
 * of the students' copy (see grade/graded.h): an image whose side is not
 * 28, and a loss of more views at another temperature. Included by
 * tests/test_ch06_contrastive.c, whose references they use. */

static void flip_and_shift_other_sides(void **state)
{
    (void)state;
    /* The contract speaks of side x side images: a function written for
     * 28 x 28 alone moves the wrong pixels. */
    const int sides[] = {1, 5, 9};
    const int cases[][3] = {{0, 0, 0}, {1, 0, 0}, {1, 2, -1}, {0, -3, 4}};
    float out[81];
    for (int s = 0; s < COUNT(sides); s++) {
        int side = sides[s];
        mat image = random_mat(1, side * side, 1, 0.01f, 101 + (uint64_t)s);
        for (int c = 0; c < COUNT(cases); c++) {
            int flip = cases[c][0], dx = cases[c][1], dy = cases[c][2];
            prefill_floats(out, (size_t)(side * side), 9);
            flip_and_shift(out, image.data, side, flip, dx, dy);
            char what[80];
            snprintf(what, sizeof what, "out (%d x %d image, flip %d, dx "
                     "%d, dy %d)", side, side, flip, dx, dy);
            expect_image(what, image.data, side, flip, dx, dy, out);
        }
    }
}

static void nt_xent_eight_images(void **state)
{
    (void)state;
    /* 8 images (16 views) of 3 numbers at tau 0.7: partners 8 rows
     * apart, not 5 or 2 as in the public tests. */
    mat z = unit_rows(16, 3, 111);
    expect_nt_xent("8 random pairs of views, tau 0.7", &z, 0.7f, 1e-4,
                   1e-4);
}

#define HIDDEN_TESTS                                         \
    HIDDEN(flip_and_shift_other_sides, "ch06.1", 2),         \
    HIDDEN(nt_xent_eight_images, "ch06.5", 2),
