/* test_ch04_embeddings.c - graded tests of chapter 04 (make grade CH=04).
 *
 * Small vectors and distributions worked out by hand, the update checked
 * against finite differences of its loss, and the sampling checked by its
 * frequencies. Every test runs in a process of its own, so the tests do
 * not free what they make.
 */
#include <math.h>
#include <string.h>

#include "ch04_embeddings.h"
#include "core/learn/gradcheck.h"
#include "grade/graded.h"

#define TOL 1e-5

/* The tests' own cosine, so that a test of another exercise does not
 * depend on yours. */
static double reference_cosine(const float *a, const float *b, int dim)
{
    double ab = 0, aa = 0, bb = 0;
    for (int i = 0; i < dim; i++)
        ab += (double)a[i] * b[i], aa += (double)a[i] * a[i],
            bb += (double)b[i] * b[i];
    return ab / sqrt(aa * bb);
}

/* ---- ch04.1 cosine --------------------------------------------------- */

static void cosine_hand_computed(void **state)
{
    (void)state;
    float a[] = {1, 2, 2}, b[] = {2, 0, 0}, c[] = {-2, -4, -4};
    test_inputs("inputs: a = (1, 2, 2), b = (2, 0, 0): a . b = 2, |a| = "
                "3, |b| = 2, cos = a . b / (|a| |b|) (\"Words as "
                "vectors\", chapter 04)");
    expect_close("cos((1,2,2), (2,0,0))", 1.0 / 3, cosine(a, b, 3), TOL);
    expect_close("cos(a, -2a)", -1, cosine(a, c, 3), TOL);
    expect_close("cos(a, a)", 1, cosine(a, a, 3), TOL);
}

static void cosine_of_zero_vector(void **state)
{
    (void)state;
    float a[] = {0, 0, 0, 0}, b[] = {1, 2, 3, 4};
    test_inputs("cos = a . b / (|a| |b|), and 0 when either vector is all "
                "zeros (not 0 / 0)");
    expect_close("cos(0, b)", 0, cosine(a, b, 4), 0);
    expect_close("cos((3, 4), (4, -3))", 0, cosine(b + 2, (float[]){4, -3},
                                                   2), TOL);
    expect_close("cos of a single dimension", 1,
                 cosine((float[]){2}, (float[]){5}, 1), TOL);
}

/* ---- ch04.2 noise_distribution --------------------------------------- */

static void noise_distribution_hand_computed(void **state)
{
    (void)state;
    long counts[] = {16, 1, 81};
    float probs[3];
    /* 16^0.75 = 8, 1^0.75 = 1, 81^0.75 = 27: out of 36. */
    test_inputs("inputs: counts (16, 1, 81), power 0.75: 16^0.75 = 8, "
                "1^0.75 = 1, 81^0.75 = 27, out of 36 (\"Drawing noise "
                "words\", chapter 04)");
    prefill_floats(probs, 3, 9);
    noise_distribution(probs, counts, 3, 0.75f);
    expect_all_close("probs", (float[]){8.0f / 36, 1.0f / 36, 27.0f / 36},
                     probs, 3, 1e-6);
}

static void noise_distribution_power_one(void **state)
{
    (void)state;
    long counts[] = {1, 3, 6};
    float probs[3];
    test_inputs("inputs: counts (1, 3, 6), power 1: 1, 3 and 6 out of 10");
    prefill_floats(probs, 3, 9);
    noise_distribution(probs, counts, 3, 1.0f);
    expect_all_close("probs with power 1", (float[]){0.1f, 0.3f, 0.6f},
                     probs, 3, 1e-6);
}

/* ---- ch04.3 sample_index --------------------------------------------- */

static void sample_index_boundaries(void **state)
{
    (void)state;
    const float cumulative[] = {0.25f, 0.5f, 0.75f, 1.0f};
    const float u[] = {0, 0.1f, 0.25f, 0.49f, 0.5f, 0.74f, 0.75f, 0.999f};
    const int want[] = {0, 0, 1, 1, 2, 2, 3, 3};
    for (int i = 0; i < 8; i++) {
        int got = sample_index(cumulative, 4, u[i]);
        if (got != want[i])
            graded_fail("cumulative (0.25, 0.5, 0.75, 1), u = %g: got %d, "
                        "expected %d (the smallest w with u < "
                        "cumulative[w]: a u equal to cumulative[w] goes to "
                        "w + 1)", u[i], got, want[i]);
    }
    /* Rounding may leave the last sum below 1. */
    expect_close("u above a last sum of 0.99 (return the last word)", 3,
                 sample_index((float[]){0.2f, 0.5f, 0.7f, 0.99f}, 4, 0.995f),
                 0);
}

static void sample_index_frequencies(void **state)
{
    (void)state;
    /* 1000 words with probabilities rising linearly: the draws match.
     * (20,000 draws, each a call into the sandbox, take about a second;
     * the share's standard deviation is then 0.0028, and the tolerance
     * over five times that.) */
    enum { WORDS = 1000, DRAWS = 20000 };
    static float cumulative[WORDS];
    static int times[WORDS];
    double total = 0;
    for (int w = 0; w < WORDS; w++)
        total += w + 1;
    double sum = 0;
    for (int w = 0; w < WORDS; w++)
        cumulative[w] = (float)((sum += w + 1) / total);
    rng r;
    rng_seed(&r, test_seed(3));
    for (int i = 0; i < DRAWS; i++) {
        int w = sample_index(cumulative, WORDS, rng_uniform(&r));
        if (w < 0 || w >= WORDS)
            graded_fail("drew %d, outside 0 .. %d", w, WORDS - 1);
        times[w]++;
    }
    /* The top tenth of the words carries 19% of the probability. */
    int top = 0;
    double share = 0;
    for (int w = 900; w < WORDS; w++)
        top += times[w], share += (w + 1) / total;
    expect_close("share of the draws among the 100 likeliest words", share,
                 (double)top / DRAWS, 0.015);
}

/* ---- ch04.4 keep_probability ----------------------------------------- */

static void keep_probability_hand_computed(void **state)
{
    (void)state;
    /* f = 0.04, t = 0.001: (sqrt(40) + 1) / 40. */
    test_inputs("inputs: f = count / total = 40 / 1000 (0 if divided in "
                "integers), t = 0.001: keep (sqrt(f / t) + 1) t / f, the "
                "chance to keep, not to drop (\"Thinning frequent "
                "words\", chapter 04)");
    expect_close("keep, f = 4%", (sqrt(40.0) + 1) / 40,
                 keep_probability(40, 1000, 0.001f), 1e-6);
    /* f = 0.01: (sqrt(10) + 1) / 10. */
    expect_close("keep, f = 1%", (sqrt(10.0) + 1) / 10,
                 keep_probability(1000, 100000, 0.001f), 1e-6);
}

static void keep_probability_rare_words_stay(void **state)
{
    (void)state;
    test_inputs("the keep probability is capped at 1");
    expect_close("keep a word seen once in a million", 1,
                 keep_probability(1, 1000000, 0.001f), 0);
    expect_close("keep at f = t (capped)", 1,
                 keep_probability(1, 1000, 0.001f), 0);
}

/* ---- ch04.5 sgns_update ---------------------------------------------- */

/* Four words in 3 dimensions: centre 0, context 1, noise 2 and 3. */
static embeddings small_embeddings(uint64_t seed)
{
    rng r;
    rng_seed(&r, test_seed(seed));
    embeddings e = {4, 3, mat_create(4, 3), mat_create(4, 3)};
    for (size_t i = 0; i < mat_size(&e.in); i++) {
        e.in.data[i] = rng_normal(&r);
        e.out.data[i] = rng_normal(&r);
    }
    return e;
}

static double pair_loss(const embeddings *e, int centre, int context,
                        const int *noise, int n_noise)
{
    const float *v = mat_row(&e->in, centre);
    double loss = 0;
    for (int t = 0; t <= n_noise; t++) {
        const float *u = mat_row(&e->out, t == 0 ? context : noise[t - 1]);
        double dot = 0;
        for (int i = 0; i < e->dim; i++)
            dot += (double)u[i] * v[i];
        loss += log1p(exp(t == 0 ? -dot : dot));
    }
    return loss;
}

static void sgns_update_loss(void **state)
{
    (void)state;
    embeddings e = small_embeddings(51);
    int noise[] = {2, 3};
    float scratch[3];
    double want = pair_loss(&e, 0, 1, noise, 2);
    prefill_floats(scratch, 3, 9);
    expect_close("loss (-log sigmoid(u_o . v) - the sum over the noise "
                 "words of log sigmoid(-u_j . v), at the vectors before "
                 "the step)", want,
                 sgns_update(&e, 0, 1, noise, 2, 0.1f, scratch), 1e-4);
}

/* The loss as a function of both tables, for finite differences. */
typedef struct pair_probe {
    embeddings e;
    int noise[2];
} pair_probe;

static double pair_probe_loss(void *ctx)
{
    pair_probe *p = ctx;
    return pair_loss(&p->e, 0, 1, p->noise, 2);
}

static void sgns_update_is_a_gradient_step(void **state)
{
    (void)state;
    /* The step must be -lr times the gradient of the loss, for every
     * vector it touches, measured by finite differences before it. */
    pair_probe p = {small_embeddings(52), {2, 3}};
    const float lr = 0.1f;
    float before_in[12], before_out[12], scratch[3];
    memcpy(before_in, p.e.in.data, sizeof before_in);
    memcpy(before_out, p.e.out.data, sizeof before_out);
    prefill_floats(scratch, 3, 9); /* it holds anything on entry */
    embeddings stepped = {4, 3, mat_create(4, 3), mat_create(4, 3)};
    mat_copy(&stepped.in, &p.e.in);
    mat_copy(&stepped.out, &p.e.out);
    sgns_update(&stepped, 0, 1, p.noise, 2, lr, scratch);
    float grad_in[12], grad_out[12];
    for (int i = 0; i < 12; i++) {
        grad_in[i] = (before_in[i] - stepped.in.data[i]) / lr;
        grad_out[i] = (before_out[i] - stepped.out.data[i]) / lr;
    }
    test_inputs("every gradient is taken at the vectors before the step "
                "(scratch held 9s before the call: v's gradient starts "
                "at 0)");
    expect_gradient("the step of the centre vectors / lr",
                    gradcheck(pair_probe_loss, &p, p.e.in.data, grad_in, 12,
                              1e-3f), 1e-2);
    expect_gradient("the step of the context vectors / lr",
                    gradcheck(pair_probe_loss, &p, p.e.out.data, grad_out,
                              12, 1e-3f), 1e-2);
}

static void sgns_update_lowers_the_loss(void **state)
{
    (void)state;
    embeddings e = small_embeddings(53);
    int noise[] = {2, 3};
    float scratch[3];
    double before = pair_loss(&e, 0, 1, noise, 2);
    for (int step = 0; step < 200; step++)
        sgns_update(&e, 0, 1, noise, 2, 0.1f, scratch);
    double after = pair_loss(&e, 0, 1, noise, 2);
    if (!(after < 0.1 && after < before))
        graded_fail("loss %.4f before 200 steps, %.4f after (expected below "
                    "0.1)", before, after);
    embeddings fresh = small_embeddings(53);
    expect_unchanged("a vector the pair does not use (in, row 3),",
                     mat_row(&fresh.in, 3), mat_row(&e.in, 3), 3);
}

/* ---- ch04.6 nearest_words -------------------------------------------- */

static void nearest_words_order_and_exclusion(void **state)
{
    (void)state;
    mat v = mat_of(5, 2, (float[]){1, 0, 0, 1, 1, 1, -1, 0, 2, 0.1f});
    float query[] = {1, 0};
    int best[3], exclude[] = {0};
    float scores[3];
    nearest_words(best, scores, &v, query, 3, exclude, 1);
    /* cosines: word 4 ~0.9988, word 2 ~0.7071, word 1 0, word 3 -1. */
    int want[] = {4, 2, 1};
    for (int i = 0; i < 3; i++)
        if (best[i] != want[i])
            graded_fail("best[%d] = %d, expected %d (word 0 is excluded; "
                        "most similar first, and a better word pushes "
                        "the rest down a place)", i, best[i], want[i]);
    expect_all_close("scores (the cosines)",
                     (float[]){(float)(2 / sqrt(4.01)),
                                         (float)(1 / sqrt(2.0)), 0},
                     scores, 3, 1e-5);
}

static void nearest_words_fewer_than_k(void **state)
{
    (void)state;
    mat v = mat_of(3, 2, (float[]){1, 0, 0, 1, 1, 1});
    int best[4], exclude[] = {1, 2};
    float scores[4];
    nearest_words(best, scores, &v, (float[]){0, 1}, 4, exclude, 2);
    expect_close("best[0]", 0, best[0], 0);
    for (int i = 1; i < 4; i++)
        if (best[i] != -1 || scores[i] != -2)
            graded_fail("place %d of 4 with 1 word left: %d (%g), "
                        "expected -1 (-2)", i, best[i], scores[i]);
}

/* ---- ch04.7 analogy_query -------------------------------------------- */

static void analogy_query_hand_computed(void **state)
{
    (void)state;
    /* a = (2, 0), b = (0, 3), c = (1, 1): unit vectors (1, 0), (0, 1),
     * (0.707, 0.707): b - a + c = (-0.293, 1.707). */
    mat v = mat_of(3, 2, (float[]){2, 0, 0, 3, 1, 1});
    float query[2];
    test_inputs("inputs: a = (2, 0), b = (0, 3), c = (1, 1), each scaled "
                "to length 1 first: query = b - a + c (\"Analogies\", "
                "chapter 04)");
    prefill_floats(query, 2, 9);
    analogy_query(query, &v, 0, 1, 2);
    float r = (float)(1 / sqrt(2.0));
    expect_all_close("query", (float[]){r - 1, 1 + r}, query, 2, 1e-5);
}

static void analogy_query_answers_a_made_up_analogy(void **state)
{
    (void)state;
    /* king - man + woman: with "royal" and "female" directions, the
     * nearest word to the query, leaving out the three, is queen. */
    mat v = mat_of(5, 3, (float[]){1, 0, 0.1f,    /* 0 man */
                                   1, 1, 0.1f,    /* 1 king */
                                   0, 0, 1,       /* 2 woman */
                                   0, 1, 1,       /* 3 queen */
                                   1, 0.2f, 0});  /* 4 boy */
    float query[3] = {1, 0.2f, 0}; /* boy, until it is overwritten */
    analogy_query(query, &v, 0, 1, 2);
    int best = -1;
    float top = -2;
    for (int w = 3; w < 5; w++) {
        float s = (float)reference_cosine(mat_row(&v, w), query, 3);
        if (s > top)
            top = s, best = w;
    }
    expect_close("the word nearest to king - man + woman (3 = queen)", 3,
                 best, 0);
}

/* The hidden tests (tests/hidden/, kept out of the students' copy; see
 * grade/graded.h) and what they are worth. */
#define HIDDEN_POINTS 6
#if __has_include("hidden/test_ch04_embeddings.c")
#include "hidden/test_ch04_embeddings.c"
#else
#define HIDDEN_TESTS
#endif

static const graded_test tests[] = {
    GRADED(cosine_hand_computed, "ch04.1", 2),
    GRADED(cosine_of_zero_vector, "ch04.1", 1),
    GRADED(noise_distribution_hand_computed, "ch04.2", 2),
    GRADED(noise_distribution_power_one, "ch04.2", 1),
    GRADED(sample_index_boundaries, "ch04.3", 3),
    GRADED(sample_index_frequencies, "ch04.3", 2),
    GRADED(keep_probability_hand_computed, "ch04.4", 2),
    GRADED(keep_probability_rare_words_stay, "ch04.4", 1),
    GRADED(sgns_update_loss, "ch04.5", 3),
    GRADED(sgns_update_is_a_gradient_step, "ch04.5", 5),
    GRADED(sgns_update_lowers_the_loss, "ch04.5", 2),
    GRADED(nearest_words_order_and_exclusion, "ch04.6", 3),
    GRADED(nearest_words_fewer_than_k, "ch04.6", 1),
    GRADED(analogy_query_hand_computed, "ch04.7", 2),
    GRADED(analogy_query_answers_a_made_up_analogy, "ch04.7", 2),
    HIDDEN_TESTS
};

int main(int argc, char **argv)
{
    return graded_main(argc, argv, tests, COUNT(tests), HIDDEN_POINTS);
}
