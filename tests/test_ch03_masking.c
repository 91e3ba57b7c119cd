/* test_ch03_masking.c - graded tests of chapter 03 (make grade CH=03).
 *
 * Each test checks one exercise on cases small enough to check by hand,
 * and the random choices by their exact counts, their repeatability and
 * their spread over many seeds. Every test runs in a process of its own,
 * so the tests do not free what they make.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ch03_masking.h"
#include "core/learn/gradcheck.h"
#include "grade/graded.h"

#define TOL 1e-5
#define GRAD_TOL 1e-2

/* ---- ch03.1 patch_mask ----------------------------------------------- */

/* Checks that mask (side x side) is made of whole patches, and returns
 * how many are hidden; -1 if a patch is partly hidden or a value is not
 * 0 or 1. */
static int hidden_patches(const float *mask, int side, int patch)
{
    int across = side / patch, hidden = 0;
    for (int p = 0; p < across * across; p++) {
        int y0 = p / across * patch, x0 = p % across * patch;
        float first = mask[y0 * side + x0];
        if (first != 0 && first != 1)
            return -1;
        for (int y = y0; y < y0 + patch; y++)
            for (int x = x0; x < x0 + patch; x++)
                if (mask[y * side + x] != first)
                    return -1;
        hidden += first == 1;
    }
    return hidden;
}

/* Fails unless mask (side x side, 0.5 everywhere before the call) hides
 * exactly `want` whole patches, saying what is wrong with it. */
static void expect_mask(const float *mask, int side, int patch, int want,
                        const char *what)
{
    for (int i = 0; i < side * side; i++)
        if (mask[i] == 0.5f)
            graded_fail("%s: pixel %d still holds the 0.5 it held before "
                        "the call: set every pixel, 0 or 1", what, i);
    int got = hidden_patches(mask, side, patch);
    if (got < 0)
        graded_fail("%s: not whole %d x %d patches of 0 and 1: patch p "
                    "covers rows p / across * patch on, columns p %% "
                    "across * patch on", what, patch, patch);
    if (got != want)
        graded_fail("%s: %d patches hidden, expected exactly %d (round the "
                    "ratio times the patches, halves up: lroundf)", what,
                    got, want);
}

static void patch_mask_exact_counts(void **state)
{
    (void)state;
    /* 49 patches: 0.25 -> 12, 0.5 -> 24.5 -> 25, 0.75 -> 37, 1 -> 49. */
    const float ratio[] = {0, 0.25f, 0.5f, 0.75f, 1};
    const int want[] = {0, 12, 25, 37, 49};
    float mask[784];
    for (int i = 0; i < 5; i++) {
        rng r;
        rng_seed(&r, test_seed(10 + (uint64_t)i));
        for (int j = 0; j < 784; j++)
            mask[j] = 0.5f; /* neither 0 nor 1 */
        patch_mask(mask, 28, 4, ratio[i], &r);
        char what[64];
        snprintf(what, sizeof what, "28 x 28, patches of 4, ratio %.2f",
                 ratio[i]);
        expect_mask(mask, 28, 4, want[i], what);
    }
}

static void patch_mask_same_seed_same_mask(void **state)
{
    (void)state;
    float a[784], b[784], c[784];
    for (int i = 0; i < 784; i++)
        a[i] = b[i] = c[i] = 0.5f; /* not a mask */
    rng ra, rb, rc;
    rng_seed(&ra, test_seed(77));
    rng_seed(&rb, test_seed(77));
    rng_seed(&rc, test_seed(78));
    patch_mask(a, 28, 4, 0.5f, &ra);
    patch_mask(b, 28, 4, 0.5f, &rb);
    patch_mask(c, 28, 4, 0.5f, &rc);
    expect_mask(a, 28, 4, 25, "28 x 28, patches of 4, ratio 0.5");
    expect_unchanged("the mask of the same seed, pixel", a, b, 784);
    if (memcmp(a, c, sizeof a) == 0)
        graded_fail("two different seeds gave the same mask: is r used?");
}

/* How far counts stray from an even spread. Each of the places was picked
 * times[i] times in `draws` draws that pick exactly places * p places each:
 * the sum over places of ((times - expected) / its standard deviation)^2.
 * For a uniform choice it follows places / (places - 1) times a chi-square
 * with places - 1 degrees of freedom, about `places` on average; a bias
 * shows as much more.
 * Summing over every place catches a spread that is slightly off in many
 * places, which a bound on each count alone would need far more draws
 * (each draw a call to the worker) to see. */
static double spread(const int *times, int places, int draws, double p)
{
    double expected = draws * p, variance = draws * p * (1 - p), sum = 0;
    for (int i = 0; i < places; i++)
        sum += (times[i] - expected) * (times[i] - expected) / variance;
    return sum;
}

/* The place picked farthest from `expected` times. */
static int farthest(const int *times, int places, double expected)
{
    int worst = 0;
    for (int i = 1; i < places; i++)
        if (fabs(times[i] - expected) > fabs(times[worst] - expected))
            worst = i;
    return worst;
}

static void patch_mask_is_uniform(void **state)
{
    (void)state;
    /* 3000 masks hiding 4 of 16 patches (8 x 8 image, patches of 2). A
     * uniform choice spreads about 16 and past 70 once in 30 million runs
     * (the inputs change from run to run, so a right answer must almost
     * never fail); the biased shuffles students write (swapping with any
     * place, or never with itself, or leaving the last place out) spread
     * 160 to 1100. */
    int times[16] = {0}, draws = 3000;
    float mask[64];
    rng r;
    rng_seed(&r, test_seed(5));
    for (int k = 0; k < draws; k++) {
        patch_mask(mask, 8, 2, 0.25f, &r);
        for (int p = 0; p < 16; p++)
            times[p] += mask[(p / 4) * 2 * 8 + (p % 4) * 2] == 1;
    }
    double stray = spread(times, 16, draws, 0.25);
    int p = farthest(times, 16, draws * 0.25);
    if (stray > 70)
        graded_fail("patches are not hidden evenly: in %d masks of 4 of 16, "
                    "patch %d was hidden %d times (about 750 expected); "
                    "spread %.0f, above 70: is r used for every choice?",
                    draws, p, times[p], stray);
}

/* ---- ch03.2 apply_mask ----------------------------------------------- */

static void apply_mask_hand_computed(void **state)
{
    (void)state;
    mat x = mat_of(2, 3, (float[]){0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f});
    mat mask = mat_of(2, 3, (float[]){1, 0, 0, 0, 1, 1});
    mat input = mat_create(2, 6);
    test_inputs("inputs: x = [0.1 0.2 0.3; 0.4 0.5 0.6], mask = [1 0 0; "
                "0 1 1], fill -1: input[i][j] = fill where the mask is 1, "
                "else x[i][j]; input[i][d + j] = mask[i][j], 1 where "
                "hidden (\"What the network is shown\", chapter 03)");
    prefill(&input, 9);
    apply_mask(&input, &x, &mask, -1);
    mat want = mat_of(2, 6, (float[]){-1, 0.2f, 0.3f, 1, 0, 0,
                                      0.4f, -1, -1, 0, 1, 1});
    expect_mat_close("input (masked pixels, then the mask)", &want, &input,
                     0);
}

static void apply_mask_nothing_hidden(void **state)
{
    (void)state;
    mat x = mat_of(1, 4, (float[]){0, 0.25f, 0.5f, 1});
    mat mask = mat_create(1, 4);
    mat input = mat_create(1, 8);
    test_inputs("inputs: x = (0, 0.25, 0.5, 1), mask 0 everywhere, fill "
                "0.5: nothing hidden, the mask half all 0");
    prefill(&input, 9);
    apply_mask(&input, &x, &mask, 0.5f);
    expect_all_close("input with no pixel hidden",
                     (float[]){0, 0.25f, 0.5f, 1, 0, 0, 0, 0}, input.data, 8,
                     0);
}

/* ---- ch03.3 masked_loss ---------------------------------------------- */

static void masked_loss_hand_computed(void **state)
{
    (void)state;
    mat xhat = mat_of(2, 2, (float[]){0.5f, 0.9f, 0.2f, 0.0f});
    mat x = mat_of(2, 2, (float[]){0.0f, 0.1f, 0.2f, 1.0f});
    mat mask = mat_of(2, 2, (float[]){1, 0, 0, 1});
    mat dxhat = mat_create(2, 2);
    test_inputs("inputs: xhat = [0.5 0.9; 0.2 0], x = [0 0.1; 0.2 1], "
                "mask = [1 0; 0 1] (\"Scoring only the holes\", "
                "chapter 03)");
    prefill(&dxhat, 7);
    /* Hidden errors 0.5 and -1: (0.25 + 1) / 2; visible ones do not count. */
    expect_close("loss (the mean over the 2 hidden pixels only)", 0.625,
                 masked_loss(&dxhat, &xhat, &x, &mask), TOL);
    mat want = mat_of(2, 2, (float[]){0.5f, 0, 0, -1});
    expect_mat_close("dxhat (it held 7s before; visible pixels get 0)",
                     &want, &dxhat, TOL);
}

typedef struct masked_probe {
    mat xhat, x, mask, scratch;
} masked_probe;

static double masked_probe_loss(void *ctx)
{
    masked_probe *p = ctx;
    double sum = 0, hidden = 0;
    for (size_t i = 0; i < mat_size(&p->x); i++)
        if (p->mask.data[i] != 0) {
            double e = (double)p->xhat.data[i] - p->x.data[i];
            sum += e * e;
            hidden++;
        }
    return sum / hidden;
}

static void masked_loss_finite_differences(void **state)
{
    (void)state;
    masked_probe p = {random_mat(3, 8, 1, 0, 31), random_mat(3, 8, 1, 0, 32),
                      mat_create(3, 8), mat_create(3, 8)};
    for (size_t i = 0; i < mat_size(&p.mask); i++)
        p.mask.data[i] = (float)(i % 3 == 0);
    masked_loss(&p.scratch, &p.xhat, &p.x, &p.mask);
    expect_gradient("dxhat", gradcheck(masked_probe_loss, &p, p.xhat.data,
                                       p.scratch.data, mat_size(&p.x), 1e-3f),
                    GRAD_TOL);
}

static void masked_loss_nothing_hidden(void **state)
{
    (void)state;
    mat xhat = mat_of(1, 3, (float[]){1, 0, 1});
    mat x = mat_of(1, 3, (float[]){0, 1, 0});
    mat none = mat_create(1, 3), all = mat_of(1, 3, (float[]){1, 1, 1});
    mat dxhat = mat_create(1, 3);
    prefill(&dxhat, 5);
    expect_close("loss with nothing hidden", 0,
                 masked_loss(&dxhat, &xhat, &x, &none), 0);
    expect_all_close("dxhat with nothing hidden", (float[]){0, 0, 0},
                     dxhat.data, 3, 0);
    expect_close("loss with everything hidden (plain squared error)", 1,
                 masked_loss(&dxhat, &xhat, &x, &all), TOL);
}

/* ---- ch03.4 next_token_pairs ----------------------------------------- */

/* The contexts of the contract, and those of two common mistakes. */
enum context_kind { RIGHT, WITH_TARGET, REVERSED };

static void contexts_of(int *contexts, const int *tokens, int length,
                        int n_ctx, int pad, enum context_kind kind)
{
    for (int t = 0; t < length; t++)
        for (int j = 0; j < n_ctx; j++) {
            int from = kind == REVERSED ? t - 1 - j : t - n_ctx + j;
            from += kind == WITH_TARGET;
            contexts[t * n_ctx + j] = from >= 0 ? tokens[from] : pad;
        }
}

#define JUNK 0x7f7f7f7f /* what the tests put in contexts before a call */

/* Checks your contexts against the contract's, naming the mistake. */
static void expect_contexts(const int *got, const int *tokens, int length,
                            int n_ctx, int pad)
{
    int want[64], with_target[64], reversed[64], n = length * n_ctx;
    contexts_of(want, tokens, length, n_ctx, pad, RIGHT);
    contexts_of(with_target, tokens, length, n_ctx, pad, WITH_TARGET);
    contexts_of(reversed, tokens, length, n_ctx, pad, REVERSED);
    if (!memcmp(got, with_target, (size_t)n * sizeof *got))
        graded_fail("contexts: each holds its own target: the context of "
                    "pair t is the %d tokens before t, ending at t - 1",
                    n_ctx);
    if (!memcmp(got, reversed, (size_t)n * sizeof *got))
        graded_fail("contexts: each is in reverse order: the oldest token "
                    "comes first, tokens[t - 1] last");
    for (int i = 0; i < n; i++) {
        if (got[i] == want[i])
            continue;
        if (got[i] == JUNK)
            graded_fail("contexts[%d] (pair %d, place %d) still holds the "
                        "junk it held before the call: write every pair's "
                        "context, the first pairs' too", i, i / n_ctx,
                        i % n_ctx);
        graded_fail("contexts[%d] (pair %d, place %d) = %d, expected %d%s",
                    i, i / n_ctx, i % n_ctx, got[i], want[i],
                    want[i] == pad ? " (the pad: no token that far back)"
                                   : "");
    }
}

static void expect_targets(const int *targets, const int *tokens,
                           int length)
{
    for (int t = 0; t < length; t++)
        if (targets[t] != tokens[t])
            graded_fail("targets[%d] = %d, expected %d: targets[t] = "
                        "tokens[t], the token that follows the context",
                        t, targets[t], tokens[t]);
}

static void next_token_pairs_hand_computed(void **state)
{
    (void)state;
    int tokens[] = {7, 8, 9, 10};
    int contexts[8], targets[4];
    test_inputs("inputs: tokens (7, 8, 9, 10), n_ctx 2, pad 0: contexts "
                "(0 0) (0 7) (7 8) (8 9) (\"Words: next-token pairs and "
                "masked tokens\", chapter 03)");
    memset(contexts, 0x7f, sizeof contexts); /* JUNK in every entry */
    memset(targets, 0x7f, sizeof targets);
    next_token_pairs(contexts, targets, tokens, 4, 2, 0);
    expect_contexts(contexts, tokens, 4, 2, 0);
    expect_targets(targets, tokens, 4);
}

static void next_token_pairs_whole_prefix(void **state)
{
    (void)state;
    /* With n_ctx = T every pair holds its whole prefix, padded on the
     * left. */
    int tokens[] = {3, 4, 5};
    int contexts[9], targets[3];
    test_inputs("inputs: tokens (3, 4, 5), n_ctx 3, pad -1: contexts "
                "(-1 -1 -1) (-1 -1 3) (-1 3 4)");
    memset(contexts, 0x7f, sizeof contexts);
    memset(targets, 0x7f, sizeof targets);
    next_token_pairs(contexts, targets, tokens, 3, 3, -1);
    expect_contexts(contexts, tokens, 3, 3, -1);
    expect_targets(targets, tokens, 3);
}

/* ---- ch03.5 mask_tokens ---------------------------------------------- */

static void mask_tokens_counts_and_targets(void **state)
{
    (void)state;
    int tokens[20], inputs[20], targets[20];
    for (int t = 0; t < 20; t++) {
        tokens[t] = 100 + t;
        inputs[t] = targets[t] = 99; /* junk */
    }
    rng r;
    rng_seed(&r, test_seed(41));
    int chosen = mask_tokens(inputs, targets, tokens, 20, 0.15f, 1, -1, &r);
    expect_close("positions chosen, the value returned (15% of 20)", 3,
                 chosen, 0);
    int masked = 0;
    for (int t = 0; t < 20; t++) {
        if (inputs[t] == 1) {
            masked++;
            if (targets[t] != tokens[t])
                graded_fail("position %d is masked but its target is %d, "
                            "not the token %d", t, targets[t], tokens[t]);
        } else if (inputs[t] != tokens[t] || targets[t] != -1) {
            graded_fail("position %d is not masked: input %d (expected "
                        "the token %d), target %d (expected ignore, -1; "
                        "both held 99 before the call)", t, inputs[t],
                        tokens[t], targets[t]);
        }
    }
    expect_close("positions masked in inputs (input = mask_id, 1 here)", 3,
                 masked, 0);
}

static void mask_tokens_is_uniform_and_repeatable(void **state)
{
    (void)state;
    int tokens[10], inputs[10], targets[10], again[10], times[10] = {0};
    int draws = 3000;
    for (int t = 0; t < 10; t++)
        tokens[t] = t + 2;
    rng r;
    rng_seed(&r, test_seed(8));
    for (int k = 0; k < draws; k++) {
        mask_tokens(inputs, targets, tokens, 10, 0.2f, 0, -1, &r);
        for (int t = 0; t < 10; t++)
            times[t] += inputs[t] == 0;
    }
    /* 2 of 10 masked each time: about 600 times each. A uniform choice
     * spreads about 10 and past 60 once in 50 million runs; the biased
     * shuffles of patch_mask_is_uniform, 80 to 850. */
    double stray = spread(times, 10, draws, 0.2);
    int t = farthest(times, 10, draws * 0.2);
    if (stray > 60)
        graded_fail("positions are not masked evenly: in %d draws of 2 of "
                    "10, position %d was masked %d times (about 600 "
                    "expected); spread %.0f, above 60: is r used for every "
                    "choice?", draws, t, times[t], stray);
    rng a, b;
    rng_seed(&a, test_seed(9));
    rng_seed(&b, test_seed(9));
    mask_tokens(inputs, targets, tokens, 10, 0.5f, 0, -1, &a);
    mask_tokens(again, targets, tokens, 10, 0.5f, 0, -1, &b);
    if (memcmp(inputs, again, sizeof inputs) != 0)
        graded_fail("the same seed masked different positions");
}

/* The hidden tests (tests/hidden/, kept out of the students' copy; see
 * grade/graded.h) and what they are worth. */
#define HIDDEN_POINTS 6
#if __has_include("hidden/test_ch03_masking.c")
#include "hidden/test_ch03_masking.c"
#else
#define HIDDEN_TESTS
#endif

static const graded_test tests[] = {
    GRADED(patch_mask_exact_counts, "ch03.1", 3),
    GRADED(patch_mask_same_seed_same_mask, "ch03.1", 1),
    GRADED(patch_mask_is_uniform, "ch03.1", 2),
    GRADED(apply_mask_hand_computed, "ch03.2", 3),
    GRADED(apply_mask_nothing_hidden, "ch03.2", 1),
    GRADED(masked_loss_hand_computed, "ch03.3", 3),
    GRADED(masked_loss_finite_differences, "ch03.3", 3),
    GRADED(masked_loss_nothing_hidden, "ch03.3", 2),
    GRADED(next_token_pairs_hand_computed, "ch03.4", 3),
    GRADED(next_token_pairs_whole_prefix, "ch03.4", 1),
    GRADED(mask_tokens_counts_and_targets, "ch03.5", 3),
    GRADED(mask_tokens_is_uniform_and_repeatable, "ch03.5", 2),
    HIDDEN_TESTS
};

int main(int argc, char **argv)
{
    return graded_main(argc, argv, tests, COUNT(tests), HIDDEN_POINTS);
}
