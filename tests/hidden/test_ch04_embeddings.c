/* test_ch04_embeddings.c (hidden) - chapter 04's hidden tests, kept out
 * of the students' copy (see grade/graded.h): a zero vector in second
 * place and vectors of 300 numbers; a step with five noise words and a
 * scratch full of junk; nearest words that tie; and an analogy with a
 * zero vector. Included by tests/test_ch04_embeddings.c, whose references
 * they use. */
#include <stdio.h>

static void cosine_zero_second_and_long_vectors(void **state)
{
    (void)state;
    /* Either vector may be the zero one (the public tests put it first),
     * and word vectors have hundreds of numbers. */
    static const float zero[300];
    mat a = random_mat(1, 300, 1, 0, 261), b = random_mat(1, 300, 1, 0, 262);
    expect_close("cos(b, 0)", 0, cosine(b.data, zero, 300), 0);
    expect_close("cos(0, 0)", 0, cosine(zero, zero, 300), 0);
    expect_close("cos(a, b) of 300 numbers",
                 reference_cosine(a.data, b.data, 300),
                 cosine(a.data, b.data, 300), 1e-5);
}

static void sgns_update_five_noise_words(void **state)
{
    (void)state;
    /* 10 words of 7 numbers, 5 noise words, lr 0.05, and scratch full of
     * 9s (it holds anything on entry): both whole tables after the step,
     * against the contract's formulas in double. */
    enum { WORDS = 10, DIM = 7, NOISE = 5 };
    const int centre = 4, context = 8, noise[NOISE] = {0, 9, 2, 6, 1};
    const float lr = 0.05f;
    embeddings e = {WORDS, DIM, random_mat(WORDS, DIM, 1, 0, 271),
                    random_mat(WORDS, DIM, 1, 0, 272)};
    mat want_in = random_mat(WORDS, DIM, 1, 0, 271);
    mat want_out = random_mat(WORDS, DIM, 1, 0, 272);
    const float *v = mat_row(&e.in, centre);
    double dv[DIM] = {0};
    for (int t = 0; t <= NOISE; t++) {
        int word = t == 0 ? context : noise[t - 1];
        const float *u = mat_row(&e.out, word);
        double dot = 0;
        for (int i = 0; i < DIM; i++)
            dot += (double)u[i] * v[i];
        double g = 1 / (1 + exp(-dot)) - (t == 0);
        for (int i = 0; i < DIM; i++) {
            dv[i] += g * u[i];
            mat_set(&want_out, word, i, (float)(u[i] - lr * g * v[i]));
        }
    }
    for (int i = 0; i < DIM; i++)
        mat_set(&want_in, centre, i, (float)(v[i] - lr * dv[i]));
    double loss = pair_loss(&e, centre, context, noise, NOISE);
    float scratch[DIM];
    prefill_floats(scratch, DIM, 9);
    expect_close("loss of a pair with 5 noise words", loss,
                 sgns_update(&e, centre, context, noise, NOISE, lr, scratch),
                 1e-4);
    expect_mat_close("in after the step (scratch held 9s)", &want_in, &e.in,
                     1e-5);
    expect_mat_close("out after the step", &want_out, &e.out, 1e-5);
}

static void nearest_words_ties_by_id(void **state)
{
    (void)state;
    /* 12 words in 4 dimensions, the query word 2; words 7 and 9 are
     * copies of word 2 (9 at twice its length), words 10 and 11 of word 5,
     * which is near word 2: the same cosine, bit for bit, so the smaller
     * id must come first. Words 3 and 10 are excluded, six asked. */
    enum { WORDS = 12, K = 6 };
    mat v = random_mat(WORDS, 4, 1, 0, 281);
    float query[4];
    for (int i = 0; i < 4; i++) {
        float two = mat_get(&v, 2, i);
        float five = two + 0.3f * mat_get(&v, 5, i);
        query[i] = two;
        mat_set(&v, 5, i, five);
        mat_set(&v, 7, i, two), mat_set(&v, 9, i, 2 * two);
        mat_set(&v, 10, i, five), mat_set(&v, 11, i, 0.5f * five);
    }
    int exclude[] = {3, 10}, best[K], want[K];
    float scores[K], want_scores[K];
    for (int r = 0; r < K; r++) {
        best[r] = 99, scores[r] = 9;
        want[r] = -1, want_scores[r] = -2;
        for (int w = 0; w < WORDS; w++) {
            int taken = w == 3 || w == 10;
            for (int s = 0; s < r; s++)
                taken |= want[s] == w;
            float c = (float)reference_cosine(mat_row(&v, w), query, 4);
            if (!taken && (want[r] < 0 || c > want_scores[r]))
                want[r] = w, want_scores[r] = c;
        }
    }
    nearest_words(best, scores, &v, query, K, exclude, 2);
    for (int r = 0; r < K; r++)
        if (best[r] != want[r])
            graded_fail("best[%d] = %d, expected %d (ties: 2 = 7 = 9 and 5 "
                        "= 11, the smaller id first)", r, best[r],
                        want[r]);
    expect_all_close("scores", want_scores, scores, K, 1e-5);
}

static void analogy_query_with_a_zero_vector(void **state)
{
    (void)state;
    /* Word 4 is all zeros (a word never trained): in any of the three
     * places it adds nothing, and nothing becomes NaN. */
    mat v = random_mat(6, 5, 1, 0, 291);
    for (int i = 0; i < 5; i++)
        mat_set(&v, 4, i, 0);
    const int cases[][3] = {{4, 1, 2}, {0, 4, 3}, {1, 2, 4}}; /* a, b, c */
    for (int k = 0; k < COUNT(cases); k++) {
        const float sign[3] = {-1, 1, 1};
        float want[5] = {0}, query[5];
        prefill_floats(query, 5, 9);
        for (int t = 0; t < 3; t++) {
            const float *x = mat_row(&v, cases[k][t]);
            double norm = 0;
            for (int i = 0; i < 5; i++)
                norm += (double)x[i] * x[i];
            for (int i = 0; i < 5 && norm > 0; i++)
                want[i] += (float)(sign[t] * x[i] / sqrt(norm));
        }
        analogy_query(query, &v, cases[k][0], cases[k][1], cases[k][2]);
        char what[64];
        snprintf(what, sizeof what, "query of a %d, b %d, c %d (4 is zero)",
                 cases[k][0], cases[k][1], cases[k][2]);
        expect_all_close(what, want, query, 5, 1e-5);
    }
}

#define HIDDEN_TESTS                                                     \
    HIDDEN(cosine_zero_second_and_long_vectors, "ch04.1", 1),            \
    HIDDEN(sgns_update_five_noise_words, "ch04.5", 2),                   \
    HIDDEN(nearest_words_ties_by_id, "ch04.6", 2),                       \
    HIDDEN(analogy_query_with_a_zero_vector, "ch04.7", 1),
