/* test_ch07_finetune.c - graded tests of chapter 07 (make grade CH=07).
 *
 * Subsets, scores, losses and confusion matrices worked out by hand, then
 * the same functions checked against the tests' own references (written
 * in double, and plainly, for the tests alone) on small random
 * classifiers. The gradients are checked against finite differences of
 * the reference loss, and the Adam steps against the kit's own adam_step
 * run on the gradients your step left. Every output is filled with junk
 * before the call, so that an output left unwritten, or added to, fails.
 * Every test runs in a process of its own, so the tests do not free what
 * they make.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ch07_finetune.h"
#include "core/learn/gradcheck.h"
#include "core/learn/rng.h"
#include "grade/graded.h"

#define TOL 1e-5
#define GRAD_TOL 1e-2
#define JUNK 9.0f

/* The small classifier of the tests: d pixels, h hidden, m, c classes. */
enum { D = 6, H = 5, M = 4, C = 3, BATCH = 8 };

/* ---- The tests' own references ----------------------------------------- */

/* A small classifier with random weights and biases (the head too), and
 * every activation and gradient filled with junk. */
static classifier small_classifier(int code_relu, uint64_t seed)
{
    classifier c;
    classifier_create(&c, D, H, M, C, code_relu, BATCH, NULL);
    mat values = mat_view(c.encoder.values, 1, (int)c.encoder.count);
    mat random = random_mat(1, (int)c.encoder.count, 0.8f, 0.01f, seed);
    mat_copy(&values, &random);
    values = mat_view(c.head.values, 1, (int)c.head.count);
    random = random_mat(1, (int)c.head.count, 0.8f, 0.01f, seed + 1);
    mat_copy(&values, &random);
    mat *junk[] = {&c.pre1, &c.h1, &c.pre2, &c.z, &c.logits, &c.probs,
                   &c.dpre1, &c.dh1, &c.dpre2, &c.dz, &c.dlogits};
    for (int i = 0; i < 11; i++)
        prefill(junk[i], JUNK);
    prefill_floats(c.encoder.grads, c.encoder.count, JUNK);
    prefill_floats(c.head.grads, c.head.count, JUNK);
    return c;
}

/* Labels drawn from seed, mixed with the run's seed as random_mat does. */
static void random_labels(int *labels, int n, int classes, uint64_t seed)
{
    rng r;
    rng_seed(&r, test_seed(seed));
    for (int i = 0; i < n; i++)
        labels[i] = (int)rng_below(&r, (uint32_t)classes);
}

/* The head's scores of one representation z (m numbers), in double. */
static void reference_head(const classifier *c, const double *z,
                           double *logits)
{
    for (int j = 0; j < C; j++) {
        logits[j] = mat_get(&c->b3, 0, j);
        for (int k = 0; k < M; k++)
            logits[j] += z[k] * mat_get(&c->W3, k, j);
    }
}

/* Row i's activations, in double: pre1, h1, pre2, z, logits. */
typedef struct row_pass {
    double pre1[H], h1[H], pre2[M], z[M], logits[C];
} row_pass;

static row_pass reference_row(const classifier *c, const float *x)
{
    row_pass p;
    for (int j = 0; j < H; j++) {
        p.pre1[j] = mat_get(&c->b1, 0, j);
        for (int k = 0; k < D; k++)
            p.pre1[j] += (double)x[k] * mat_get(&c->W1, k, j);
        p.h1[j] = p.pre1[j] > 0 ? p.pre1[j] : 0;
    }
    for (int j = 0; j < M; j++) {
        p.pre2[j] = mat_get(&c->b2, 0, j);
        for (int k = 0; k < H; k++)
            p.pre2[j] += p.h1[k] * mat_get(&c->W2, k, j);
        p.z[j] = c->code_relu && p.pre2[j] < 0 ? 0 : p.pre2[j];
    }
    reference_head(c, p.z, p.logits);
    return p;
}

/* -log softmax(logits)[label], in double. */
static double reference_xent(const double *logits, int classes, int label)
{
    double top = logits[0], sum = 0;
    for (int j = 1; j < classes; j++)
        top = logits[j] > top ? logits[j] : top;
    for (int j = 0; j < classes; j++)
        sum += exp(logits[j] - top);
    return log(sum) + top - logits[label];
}

/* The mean cross-entropy of the whole classifier on x. */
typedef struct loss_probe {
    classifier c;
    mat x;
    int labels[BATCH];
} loss_probe;

static double classifier_loss(void *ctx)
{
    loss_probe *p = ctx;
    double total = 0;
    for (int i = 0; i < p->x.rows; i++) {
        row_pass r = reference_row(&p->c, mat_row(&p->x, i));
        total += reference_xent(r.logits, C, p->labels[i]);
    }
    return total / p->x.rows;
}

/* A probe of n rows where no ReLU input is within 0.02 of its kink (a
 * finite-difference step there would cross it): drawn from seed, then
 * from further seeds. */
static loss_probe live_probe(int code_relu, int n, uint64_t seed)
{
    for (uint64_t k = 0;; k++) {
        loss_probe p = {small_classifier(code_relu, seed + 100 * k),
                        random_mat(n, D, 1, 0.05f, seed + 100 * k + 7), {0}};
        random_labels(p.labels, n, C, seed + 100 * k + 9);
        int live = 1;
        for (int i = 0; i < n && live; i++) {
            row_pass r = reference_row(&p.c, mat_row(&p.x, i));
            for (int j = 0; j < H; j++)
                live = live && fabs(r.pre1[j]) > 0.02;
            for (int j = 0; j < M; j++)
                live = live && fabs(r.pre2[j]) > 0.02;
        }
        if (live || k == 50)
            return p;
    }
}

/* ---- ch07.1 pick_per_class --------------------------------------------- */

/* The contract, step by step; the shuffled order in order[] (count
 * entries), or with r NULL the rows unshuffled. */
static int reference_pick_in(int *rows, int *order, const int *labels,
                             int count, int per_class, rng *r)
{
    int taken[16] = {0}, picked = 0;
    for (int i = 0; i < count; i++)
        order[i] = i;
    if (r)
        rng_shuffle(r, order, count);
    for (int i = 0; i < count; i++)
        if (taken[labels[order[i]]] < per_class) {
            taken[labels[order[i]]]++;
            rows[picked++] = order[i];
        }
    return picked;
}

static int reference_pick(int *rows, const int *labels, int count,
                          int per_class, rng *r)
{
    int order[1000];
    return reference_pick_in(rows, order, labels, count, per_class, r);
}

/* Names what wrong rows are instead: rows of the data unshuffled,
 * positions in the shuffled order rather than row numbers, or more
 * than per_class of a class. */
static void diagnose_pick(const int *got, int picked, const int *labels,
                          int count, int per_class, uint64_t seed)
{
    int order[1000], want[1000], plain[1000], per[16] = {0};
    rng r;
    rng_seed(&r, seed);
    int n = reference_pick_in(want, order, labels, count, per_class, &r);
    int m = reference_pick_in(plain, (int[1000]){0}, labels, count,
                              per_class, NULL);
    int unshuffled = picked == m, positions = picked == n;
    for (int i = 0; i < picked && i < n; i++) {
        unshuffled &= got[i] == plain[i];
        positions &= order[got[i] < 0 || got[i] >= count ? 0 : got[i]] ==
                     want[i] && got[i] != want[i];
    }
    if (unshuffled && m > 1)
        graded_fail("your rows come in the order of the data (%d, %d, "
                    "...): did you shuffle the row numbers with "
                    "rng_shuffle(r, ...) first?", got[0], got[1]);
    if (positions)
        graded_fail("rows[0] = %d is a position in the shuffled order, not "
                    "the row there (%d): store order[i], the row number",
                    got[0], want[0]);
    for (int i = 0; i < picked; i++)
        if (got[i] >= 0 && got[i] < count &&
            ++per[labels[got[i]]] > per_class)
            graded_fail("class %d has more than per_class = %d rows "
                        "picked: take a row only while its class has fewer "
                        "than per_class", labels[got[i]], per_class);
}

/* The count pick_per_class returns; fewer than expected most often
 * means a loop that stopped at the number wanted, not at the rows' end. */
static void expect_picked(int want, int picked)
{
    if (picked >= 0 && picked < want)
        graded_fail("%d rows picked, %d expected: go on through the "
                    "shuffled rows until every class has per_class or the "
                    "rows run out (did the loop stop after classes x "
                    "per_class rows?)", picked, want);
    expect_close("rows picked (the return value)", want, picked, 0);
}

static void check_pick(const int *labels, int count, int classes,
                       int per_class, uint64_t seed)
{
    int expected[1000], got[1000];
    for (int i = 0; i < classes * per_class; i++)
        got[i] = -1;
    rng r;
    rng_seed(&r, seed);
    int want = reference_pick(expected, labels, count, per_class, &r);
    rng_seed(&r, seed);
    int picked = pick_per_class(got, labels, count, classes, per_class, &r);
    if (picked >= 0 && picked <= classes * per_class)
        diagnose_pick(got, picked, labels, count, per_class, seed);
    expect_picked(want, picked);
    for (int i = 0; i < want; i++)
        if (got[i] != expected[i])
            graded_fail("rows[%d] is %d, expected %d (row %d of the "
                        "shuffled order of class %d)", i, got[i],
                        expected[i], expected[i], labels[expected[i]]);
}

static void pick_hand_computed(void **state)
{
    (void)state;
    /* Rows 0, 2, 4 are class 0 and 1, 3, 5 class 1. Seed 11 shuffles the
     * rows into 1 2 0 4 5 3: two of each class are 1, 2, 0 (class 0 is
     * full), skip 4, then 5. */
    const int labels[] = {0, 1, 0, 1, 0, 1}, want[] = {1, 2, 0, 5};
    int rows[4] = {-1, -1, -1, -1};
    rng r;
    rng_seed(&r, 11);
    test_inputs("rows 0 to 5 of classes 0 1 0 1 0 1, two of each class, "
                "shuffled by seed 11 into 1 2 0 4 5 3");
    int picked = pick_per_class(rows, labels, 6, 2, 2, &r);
    if (picked >= 0 && picked <= 4)
        diagnose_pick(rows, picked, labels, 6, 2, 11);
    expect_picked(4, picked);
    for (int i = 0; i < 4; i++)
        if (rows[i] != want[i])
            graded_fail("rows[%d] is %d, expected %d: the rows in the "
                        "shuffled order 1 2 0 4 5 3, skipping 4 (class 0 "
                        "has two already)", i, rows[i], want[i]);
}

static void pick_takes_n_of_each_class(void **state)
{
    (void)state;
    int labels[300], rows[40];
    random_labels(labels, 300, 4, 21);
    rng r;
    rng_seed(&r, test_seed(22));
    for (int i = 0; i < 40; i++)
        rows[i] = -1;
    int picked = pick_per_class(rows, labels, 300, 4, 10, &r);
    expect_picked(40, picked);
    int per[4] = {0}, seen[300] = {0};
    for (int i = 0; i < 40; i++) {
        if (rows[i] < 0 || rows[i] >= 300)
            graded_fail("rows[%d] = %d is not a row (0 .. 299)", i, rows[i]);
        if (seen[rows[i]]++)
            graded_fail("row %d is picked twice", rows[i]);
        per[labels[rows[i]]]++;
    }
    for (int k = 0; k < 4; k++)
        if (per[k] != 10)
            graded_fail("class %d has %d rows picked, not 10: take a row "
                        "only while its class has fewer than per_class",
                        k, per[k]);
}

static void pick_matches_reference(void **state)
{
    (void)state;
    int labels[500];
    random_labels(labels, 500, 10, 31);
    check_pick(labels, 500, 10, 7, test_seed(32));
    check_pick(labels, 500, 10, 1, test_seed(33));
}

static void pick_class_with_too_few_rows(void **state)
{
    (void)state;
    /* Class 2 has two rows only: both are taken, and fewer in all. */
    int labels[60];
    random_labels(labels, 60, 2, 41);
    labels[5] = 2, labels[40] = 2;
    check_pick(labels, 60, 3, 5, test_seed(42));
}

/* ---- ch07.2 classifier_forward ------------------------------------------ */

/* Why an activation is wrong, when its value tells. */
static const char *why_activation(const char *name, double want, float got,
                                  const row_pass *r, int j, int code_relu)
{
    if (got == JUNK)
        return "it still holds the junk 9 it had before the call: was it "
               "written?";
    if (!strcmp(name, "h1") && r->pre1[j] < 0 &&
        fabs(got - r->pre1[j]) < 1e-4)
        return "h1 = relu(pre1): a negative pre1 gives 0";
    if (!strcmp(name, "z") && !code_relu && want < 0 && got == 0)
        return "z is a copy of pre2 when code_relu is 0 (no ReLU)";
    if (!strcmp(name, "z") && code_relu && r->pre2[j] < 0 &&
        fabs(got - r->pre2[j]) < 1e-4)
        return "z = relu(pre2) when code_relu is 1";
    return NULL;
}

static void check_forward(classifier *c, const mat *x)
{
    classifier_forward(c, x);
    if (c->rows != x->rows)
        graded_fail("c->rows is %d, expected %d: set it to x->rows, the "
                    "batch size", c->rows, x->rows);
    for (int i = 0; i < x->rows; i++) {
        row_pass r = reference_row(c, mat_row(x, i));
        char what[64];
        struct {
            const char *name;
            const mat *got;
            const double *want;
            int cols;
        } parts[] = {{"pre1", &c->pre1, r.pre1, H}, {"h1", &c->h1, r.h1, H},
                     {"pre2", &c->pre2, r.pre2, M}, {"z", &c->z, r.z, M},
                     {"logits", &c->logits, r.logits, C}};
        for (int k = 0; k < 5; k++)
            for (int j = 0; j < parts[k].cols; j++) {
                float got = mat_get(parts[k].got, i, j);
                const char *why = why_activation(parts[k].name,
                                                 parts[k].want[j], got, &r,
                                                 j, c->code_relu);
                if (why && fabs(got - parts[k].want[j]) > 1e-4)
                    graded_fail("%s[%d][%d] is %g, expected %g: %s",
                                parts[k].name, i, j, got, parts[k].want[j],
                                why);
                snprintf(what, sizeof what, "%s[%d][%d]", parts[k].name, i,
                         j);
                expect_close(what, parts[k].want[j], got, 1e-4);
            }
    }
}

static void forward_hand_computed(void **state)
{
    (void)state;
    classifier c = small_classifier(0, 1);
    params_zero_grad(&c.encoder); /* zero weights: set a few by hand */
    memset(c.encoder.values, 0, c.encoder.count * sizeof(float));
    memset(c.head.values, 0, c.head.count * sizeof(float));
    /* h1_0 = relu(x_0 - x_1), h1_1 = relu(x_1 - x_0 + 1); z_0 = h1_0 -
     * h1_1 (no ReLU on z); logits = (z_0, -z_0, 2). */
    mat_set(&c.W1, 0, 0, 1), mat_set(&c.W1, 1, 0, -1);
    mat_set(&c.W1, 0, 1, -1), mat_set(&c.W1, 1, 1, 1), mat_set(&c.b1, 0, 1, 1);
    mat_set(&c.W2, 0, 0, 1), mat_set(&c.W2, 1, 0, -1);
    mat_set(&c.W3, 0, 0, 1), mat_set(&c.W3, 0, 1, -1), mat_set(&c.b3, 0, 2, 2);
    mat x = mat_create(2, D);
    mat_set(&x, 0, 0, 3), mat_set(&x, 0, 1, 1); /* h1 = (2, 0), z0 = 2 */
    mat_set(&x, 1, 0, 0), mat_set(&x, 1, 1, 2); /* h1 = (0, 3), z0 = -3 */
    test_inputs("weights set so that h1_0 = relu(x_0 - x_1), h1_1 = "
                "relu(x_1 - x_0 + 1), z_0 = h1_0 - h1_1, logits (z_0, -z_0, "
                "2); x = (3, 1, 0, ...) and (0, 2, 0, ...)");
    classifier_forward(&c, &x);
    if (c.rows != 2)
        graded_fail("c->rows is %d, expected 2: set it to x->rows, the "
                    "batch size", c.rows);
    const float want[2][3] = {{2, -2, 2}, {-3, 3, 2}};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++) {
            char what[48];
            snprintf(what, sizeof what, "logits[%d][%d]", i, j);
            expect_close(what, want[i][j], mat_get(&c.logits, i, j), TOL);
        }
    expect_close("z[1][0] (no ReLU on z when code_relu is 0)", -3,
                 mat_get(&c.z, 1, 0), TOL);
    c.code_relu = 1;
    classifier_forward(&c, &x);
    expect_close("z[1][0] (ReLU on z when code_relu is 1)", 0,
                 mat_get(&c.z, 1, 0), TOL);
    expect_close("logits[1][0] with code_relu 1 (= z W3 + b3: the head "
                 "reads z = relu(pre2), not pre2)", 0,
                 mat_get(&c.logits, 1, 0), TOL);
}

static void forward_matches_reference(void **state)
{
    (void)state;
    for (int code_relu = 0; code_relu <= 1; code_relu++) {
        classifier c = small_classifier(code_relu, 51 + code_relu);
        mat x = random_mat(BATCH, D, 1, 0, 53 + code_relu);
        check_forward(&c, &x);
    }
}

static void forward_fewer_rows_than_batch(void **state)
{
    (void)state;
    classifier c = small_classifier(1, 55);
    mat x = random_mat(3, D, 1, 0, 56);
    check_forward(&c, &x);
    expect_close("logits[3][0], a row past the 3 of x (left alone)", JUNK,
                 mat_get(&c.logits, 3, 0), 0);
}

/* ---- ch07.3 head_loss --------------------------------------------------- */

static void head_loss_hand_computed(void **state)
{
    (void)state;
    classifier c = small_classifier(0, 2);
    c.rows = 2;
    /* Row 0: equal scores, so p = 1/3 each and the loss is log 3; row 1:
     * scores (0, ln 2, ln 3 + ...): p = (1/6, 2/6, 3/6). */
    const float logits[2][3] = {{5, 5, 5}, {0, 0.693147f, 1.098612f}};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            mat_set(&c.logits, i, j, logits[i][j]);
    int labels[] = {1, 2};
    test_inputs("logits (5, 5, 5) and (0, ln 2, ln 3), classes 1 and 2");
    float loss = head_loss(&c, labels, 1);
    expect_close("the loss, (log 3 + log 2) / 2", (log(3.0) + log(2.0)) / 2,
                 loss, 1e-4);
    const float probs[2][3] = {{1 / 3.0f, 1 / 3.0f, 1 / 3.0f},
                               {1 / 6.0f, 2 / 6.0f, 3 / 6.0f}};
    const float dlogits[2][3] = {{1 / 6.0f, -1 / 3.0f, 1 / 6.0f},
                                 {1 / 12.0f, 1 / 6.0f, -1 / 4.0f}};
    /* Rows 0 and 1 of each, as 2 x 3 matrices (they held 9s). */
    expect_mat_close("probs", &(mat){2, 3, (float *)probs},
                     &(mat){2, 3, c.probs.data}, 1e-4);
    expect_mat_close("dlogits ((probs - onehot) / n, n = 2)",
                     &(mat){2, 3, (float *)dlogits},
                     &(mat){2, 3, c.dlogits.data}, 1e-4);
}

/* The head's loss as a function of W3, b3 and z: the reference cross-
 * entropy of z W3 + b3. */
typedef struct head_probe {
    classifier c;
    int labels[BATCH];
} head_probe;

static double head_only_loss(void *ctx)
{
    head_probe *p = ctx;
    double total = 0;
    for (int i = 0; i < p->c.rows; i++) {
        double z[M], logits[C];
        for (int k = 0; k < M; k++)
            z[k] = mat_get(&p->c.z, i, k);
        reference_head(&p->c, z, logits);
        total += reference_xent(logits, C, p->labels[i]);
    }
    return total / p->c.rows;
}

/* A head with its logits made from z by the reference, then head_loss. */
static head_probe head_after_loss(int train_encoder, uint64_t seed)
{
    head_probe p = {small_classifier(0, seed), {0}};
    p.c.rows = 5;
    mat z = random_mat(5, M, 1, 0, seed + 3);
    random_labels(p.labels, 5, C, seed + 4);
    for (int i = 0; i < 5; i++) {
        double row[M], logits[C];
        for (int k = 0; k < M; k++)
            mat_set(&p.c.z, i, k, (float)(row[k] = mat_get(&z, i, k)));
        reference_head(&p.c, row, logits);
        for (int j = 0; j < C; j++)
            mat_set(&p.c.logits, i, j, (float)logits[j]);
    }
    float loss = head_loss(&p.c, p.labels, train_encoder);
    expect_close("the loss returned", head_only_loss(&p), loss, 1e-4);
    return p;
}

/* A gradient check that first names a gradient holding the junk it
 * had before the call plus the right value: not cleared. */
static void expect_cleared_gradient(const char *what, gradcheck_result g)
{
    if (g.max_error > GRAD_TOL &&
        fabs(g.analytic - g.numeric - JUNK) < 0.05)
        graded_fail("%s[%zu]: your gradient %g is the right one, %g, plus "
                    "the junk %g it held before the call: clear it (to 0) "
                    "before nn_dense_backward or nn_relu_backward adds to "
                    "it", what, g.worst, g.analytic, g.numeric, JUNK);
    expect_gradient(what, g, GRAD_TOL);
}

static void expect_head_gradients(head_probe *p, int with_dz)
{
    mat dW3 = mat_create(M, C), db3 = mat_create(1, C), dz = mat_create(5, M);
    mat_copy(&dW3, &p->c.dW3);
    mat_copy(&db3, &p->c.db3);
    mat rows_dz = mat_rows(&p->c.dz, 0, 5), rows_z = mat_rows(&p->c.z, 0, 5);
    mat_copy(&dz, &rows_dz);
    expect_cleared_gradient("dW3", gradcheck(head_only_loss, p,
                                             p->c.W3.data, dW3.data,
                                             mat_size(&dW3), 1e-3f));
    expect_cleared_gradient("db3", gradcheck(head_only_loss, p,
                                             p->c.b3.data, db3.data,
                                             mat_size(&db3), 1e-3f));
    if (with_dz)
        expect_cleared_gradient("dz", gradcheck(head_only_loss, p,
                                                rows_z.data, dz.data,
                                                mat_size(&dz), 1e-3f));
}

static void head_loss_finite_differences(void **state)
{
    (void)state;
    head_probe p = head_after_loss(1, 61);
    expect_head_gradients(&p, 1);
}

static void head_loss_frozen_leaves_dz_alone(void **state)
{
    (void)state;
    head_probe p = head_after_loss(0, 62);
    expect_head_gradients(&p, 0);
    for (int i = 0; i < BATCH; i++)
        for (int k = 0; k < M; k++)
            if (mat_get(&p.c.dz, i, k) != JUNK)
                graded_fail("dz[%d][%d] was changed with train_encoder 0: "
                            "a frozen encoder needs no gradient", i, k);
}

static void head_loss_large_logits(void **state)
{
    (void)state;
    classifier c = small_classifier(0, 3);
    c.rows = 1;
    mat_set(&c.logits, 0, 0, 1000), mat_set(&c.logits, 0, 1, -1000);
    mat_set(&c.logits, 0, 2, 0);
    int labels[] = {1};
    expect_close("the loss for scores (1000, -1000, 0), class 1", 2000,
                 head_loss(&c, labels, 1), 1e-2);
    expect_close("probs[0][0]", 1, mat_get(&c.probs, 0, 0), TOL);
}

static void head_loss_of_one_row_and_of_none(void **state)
{
    (void)state;
    classifier c = small_classifier(0, 4);
    const int labels[1] = {0};
    c.rows = 1;
    mat_set(&c.logits, 0, 0, 0), mat_set(&c.logits, 0, 1, 0);
    mat_set(&c.logits, 0, 2, 0);
    expect_close("the loss of one row of equal scores, log 3", log(3.0),
                 head_loss(&c, labels, 1), 1e-5);
    c.rows = 0;
    expect_close("the loss of no rows (0, not 0 / 0)", 0,
                 head_loss(&c, labels, 1), 0);
}

/* ---- ch07.4 finetune_step ----------------------------------------------- */

/* The values of p after one step of the kit's Adam from `before` with
 * gradients grads, optimiser state opt (copied, not changed) and lr; the
 * optimiser after the step in *after. */
static float *adam_from(const float *before, const float *grads,
                        const adam *opt, float lr, adam *after)
{
    params p;
    params_create(&p, opt->count);
    memcpy(p.values, before, opt->count * sizeof(float));
    memcpy(p.grads, grads, opt->count * sizeof(float));
    adam a;
    adam_init(&a, opt->count, lr);
    a.step = opt->step;
    memcpy(a.u, opt->u, opt->count * sizeof(float));
    memcpy(a.v, opt->v, opt->count * sizeof(float));
    adam_step(&a, &p);
    *after = a;
    return p.values;
}

static float *copy_of(const float *values, size_t count)
{
    float *copy = kit_alloc(count, sizeof(float));
    memcpy(copy, values, count * sizeof(float));
    return copy;
}

/* Checks the gradients a step left against finite differences of the
 * reference loss at the values before the step (encoder_before and
 * head_before), one parameter at a time in the order the backward pass
 * computes them (dW3, db3, then dW2, db2, dW1, db1 when `encoder`), so
 * that the first one reported is where the bug is; then puts the values
 * back. */
static void expect_step_gradients(loss_probe *p, const float *encoder_before,
                                  const float *head_before, int encoder,
                                  const char *what)
{
    classifier *c = &p->c;
    float *encoder_after = copy_of(c->encoder.values, c->encoder.count);
    float *head_after = copy_of(c->head.values, c->head.count);
    memcpy(c->encoder.values, encoder_before,
           c->encoder.count * sizeof(float));
    memcpy(c->head.values, head_before, c->head.count * sizeof(float));
    struct { const char *name; mat *values, *grads; } parts[] = {
        {"dW3", &c->W3, &c->dW3}, {"db3", &c->b3, &c->db3},
        {"dW2", &c->W2, &c->dW2}, {"db2", &c->b2, &c->db2},
        {"dW1", &c->W1, &c->dW1}, {"db1", &c->b1, &c->db1}};
    for (int k = 0; k < (encoder ? 6 : 2); k++) {
        size_t n = mat_size(parts[k].values);
        float *analytic = copy_of(parts[k].grads->data, n);
        char label[96];
        snprintf(label, sizeof label, "%s (%s)", parts[k].name, what);
        expect_cleared_gradient(label, gradcheck(classifier_loss, p,
                                                 parts[k].values->data,
                                                 analytic, n, 1e-3f));
    }
    memcpy(c->encoder.values, encoder_after,
           c->encoder.count * sizeof(float));
    memcpy(c->head.values, head_after, c->head.count * sizeof(float));
}

/* One step of p with the two rates; checks the loss it returns. */
typedef struct stepped {
    float *encoder_before, *head_before;
    adam encoder_opt, head_opt; /* the optimisers as they were */
} stepped;

static adam copy_adam(const adam *a)
{
    adam copy = *a;
    copy.u = copy_of(a->u, a->count);
    copy.v = copy_of(a->v, a->count);
    return copy;
}

static stepped step_once(loss_probe *p, float encoder_lr, float head_lr)
{
    stepped s = {copy_of(p->c.encoder.values, p->c.encoder.count),
                 copy_of(p->c.head.values, p->c.head.count),
                 copy_adam(&p->c.encoder_opt), copy_adam(&p->c.head_opt)};
    double want = classifier_loss(p);
    float loss = finetune_step(&p->c, &p->x, p->labels, encoder_lr, head_lr);
    expect_close("the loss returned (before the step)", want, loss, 1e-4);
    return s;
}

static void step_gradients_finite_differences(void **state)
{
    (void)state;
    for (int code_relu = 0; code_relu <= 1; code_relu++) {
        loss_probe p = live_probe(code_relu, 6, 71 + code_relu);
        stepped s = step_once(&p, 1e-3f, 1e-3f);
        expect_step_gradients(&p, s.encoder_before, s.head_before, 1,
                              code_relu ? "z = relu(pre2)"
                                        : "z linear, code_relu 0");
    }
}

/* One Adam step of a block, from `before` with the optimiser as it was
 * (opt), against the kit's: its values, and the optimiser's moments
 * (got), which must be kept for the next step. */
static void expect_adam_step(const params *block, const float *before,
                             const adam *opt, const adam *got, float lr,
                             float other_lr, const char *what)
{
    adam after, other;
    float *want = adam_from(before, block->grads, opt, lr, &after);
    float *wrong = adam_from(before, block->grads, opt, other_lr, &other);
    int same = other_lr != lr;
    for (size_t i = 0; i < block->count; i++)
        same &= fabsf(wrong[i] - block->values[i]) <= 1e-6f &&
                fabsf(want[i] - block->values[i]) > 1e-6f;
    if (same)
        graded_fail("%s took a step with lr %g, the other block's, where "
                    "its own is %g: each block has its own rate", what,
                    other_lr, lr);
    char label[128];
    snprintf(label, sizeof label, "%s after one Adam step with lr %g", what,
             lr);
    expect_all_close(label, want, block->values, block->count, 1e-6);
    snprintf(label, sizeof label, "%s: Adam's running mean u after the step",
             what);
    expect_all_close(label, after.u, got->u, block->count, 1e-7);
    snprintf(label, sizeof label, "%s: Adam's running square v after the "
             "step", what);
    expect_all_close(label, after.v, got->v, block->count, 1e-9);
}

static void step_two_learning_rates(void **state)
{
    (void)state;
    loss_probe p = live_probe(0, 6, 73);
    /* Optimisers part-way through training: their state must be used. */
    p.c.encoder_opt.step = p.c.head_opt.step = 4;
    for (size_t i = 0; i < p.c.encoder.count; i++)
        p.c.encoder_opt.u[i] = 0.01f, p.c.encoder_opt.v[i] = 1e-4f;
    for (size_t i = 0; i < p.c.head.count; i++)
        p.c.head_opt.u[i] = -0.01f, p.c.head_opt.v[i] = 2e-4f;
    stepped s = step_once(&p, 1e-3f, 3e-2f);
    expect_adam_step(&p.c.encoder, s.encoder_before, &s.encoder_opt,
                     &p.c.encoder_opt, 1e-3f, 3e-2f,
                     "the encoder's parameters");
    expect_adam_step(&p.c.head, s.head_before, &s.head_opt, &p.c.head_opt,
                     3e-2f, 1e-3f, "the head's parameters");
    expect_close("encoder_opt.step", 5, p.c.encoder_opt.step, 0);
    expect_close("head_opt.step", 5, p.c.head_opt.step, 0);
}

static void step_frozen_encoder(void **state)
{
    (void)state;
    loss_probe p = live_probe(1, 6, 75);
    float *grads = copy_of(p.c.encoder.grads, p.c.encoder.count);
    stepped s = step_once(&p, 0, 1e-2f);
    expect_unchanged("the frozen encoder's parameters", s.encoder_before,
                     p.c.encoder.values, p.c.encoder.count);
    expect_unchanged("the frozen encoder's gradients (none is needed)",
                     grads, p.c.encoder.grads, p.c.encoder.count);
    expect_unchanged("the frozen encoder's optimiser (u)", s.encoder_opt.u,
                     p.c.encoder_opt.u, p.c.encoder.count);
    expect_unchanged("the frozen encoder's optimiser (v)", s.encoder_opt.v,
                     p.c.encoder_opt.v, p.c.encoder.count);
    expect_close("encoder_opt.step (frozen: no step)", 0,
                 p.c.encoder_opt.step, 0);
    for (int i = 0; i < BATCH; i++)
        for (int k = 0; k < M; k++)
            if (mat_get(&p.c.dz, i, k) != JUNK)
                graded_fail("dz[%d][%d] was written with encoder_lr 0: a "
                            "frozen encoder needs no gradient (ask "
                            "head_loss for none)", i, k);
    expect_step_gradients(&p, s.encoder_before, s.head_before, 0,
                          "the head alone, the encoder frozen");
    expect_adam_step(&p.c.head, s.head_before, &s.head_opt, &p.c.head_opt,
                     1e-2f, 1e-2f, "the head's parameters");
}

/* ---- ch07.5 confusion_matrix -------------------------------------------- */

/* The counts and accuracy of logits (what: the case, for the
 * messages), naming counts added onto the junk 7s they held, and the
 * transpose (predicted by true). */
static void check_confusion(const char *what, const mat *logits,
                            const int *labels, int classes, const int *want,
                            float accuracy)
{
    int counts[64], added = 1, transposed = 1, right = 1;
    for (int i = 0; i < 64; i++)
        counts[i] = 7; /* junk */
    float got = confusion_matrix(counts, logits, labels, classes);
    char label[160];
    snprintf(label, sizeof label, "the accuracy returned (%s)", what);
    expect_close(label, accuracy, got, 1e-6);
    for (int t = 0; t < classes; t++)
        for (int p = 0; p < classes; p++) {
            int c = counts[t * classes + p];
            added &= c == want[t * classes + p] + 7;
            transposed &= c == want[p * classes + t];
            right &= c == want[t * classes + p];
        }
    if (!right && added)
        graded_fail("%s: every count is 7 more than expected, the 7 it held "
                    "before the call: did you set every count to 0 first?",
                    what);
    if (!right && transposed)
        graded_fail("%s: counts is the transpose of the expected matrix: "
                    "row t is the true class, column p the predicted, at "
                    "counts[t * classes + p]", what);
    for (int t = 0; t < classes; t++)
        for (int p = 0; p < classes; p++)
            if (counts[t * classes + p] != want[t * classes + p])
                graded_fail("%s: counts[%d * %d + %d] (true %d, predicted "
                            "%d) is %d, expected %d", what, t, classes, p,
                            t, p, counts[t * classes + p],
                            want[t * classes + p]);
}

static void confusion_hand_computed(void **state)
{
    (void)state;
    /* Rows predicted 2, 0, 0, 1 (the largest score); true 2, 0, 1, 1. */
    const float scores[] = {0, 1, 5, 3, 2, 1, 9, -1, 0, -2, 4, 3};
    mat logits = mat_of(4, 3, scores);
    const int labels[] = {2, 0, 1, 1};
    const int want[] = {1, 0, 0, 1, 1, 0, 0, 0, 1};
    check_confusion("rows of scores (0, 1, 5), (3, 2, 1), (9, -1, 0), (-2, "
                    "4, 3), true classes 2, 0, 1, 1", &logits, labels, 3,
                    want, 0.75f);
}

static void confusion_tie_goes_to_lowest_class(void **state)
{
    (void)state;
    const float scores[] = {2, 5, 5, 1, 1, 1};
    mat logits = mat_of(2, 3, scores);
    const int labels[] = {2, 0};
    const int want[] = {1, 0, 0, 0, 0, 0, 0, 1, 0};
    check_confusion("scores (2, 5, 5) and (1, 1, 1), true 2 and 0: on a "
                    "tie, the lowest column is the prediction", &logits,
                    labels, 3, want, 0.5f);
}

static void confusion_matches_reference(void **state)
{
    (void)state;
    mat logits = random_mat(200, 5, 1, 0, 81);
    int labels[200], want[25] = {0}, right = 0;
    random_labels(labels, 200, 5, 82);
    for (int i = 0; i < 200; i++) {
        int best = 0;
        for (int j = 1; j < 5; j++)
            best = mat_get(&logits, i, j) > mat_get(&logits, i, best) ? j
                                                                      : best;
        want[labels[i] * 5 + best]++;
        right += best == labels[i];
    }
    check_confusion("200 random rows of 5 classes", &logits, labels, 5,
                    want, right / 200.0f);
}

static void confusion_of_no_rows(void **state)
{
    (void)state;
    mat logits = mat_create(0, 4);
    const int want[16] = {0}, labels[1] = {0};
    check_confusion("no rows: accuracy 0, not 0 / 0", &logits, labels, 4,
                    want, 0);
}

/* The hidden tests (tests/hidden/, kept out of the students' copy; see
 * grade/graded.h) and what they are worth. */
#define HIDDEN_POINTS 4
#if __has_include("hidden/test_ch07_finetune.c")
#include "hidden/test_ch07_finetune.c"
#else
#define HIDDEN_TESTS
#endif

static const graded_test tests[] = {
    GRADED(pick_hand_computed, "ch07.1", 2),
    GRADED(pick_takes_n_of_each_class, "ch07.1", 2),
    GRADED(pick_matches_reference, "ch07.1", 2),
    GRADED(pick_class_with_too_few_rows, "ch07.1", 1),
    GRADED(forward_hand_computed, "ch07.2", 2),
    GRADED(forward_matches_reference, "ch07.2", 2),
    GRADED(forward_fewer_rows_than_batch, "ch07.2", 1),
    GRADED(head_loss_hand_computed, "ch07.3", 2),
    GRADED(head_loss_finite_differences, "ch07.3", 3),
    GRADED(head_loss_frozen_leaves_dz_alone, "ch07.3", 2),
    GRADED(head_loss_large_logits, "ch07.3", 1),
    GRADED(head_loss_of_one_row_and_of_none, "ch07.3", 1),
    GRADED(step_gradients_finite_differences, "ch07.4", 4),
    GRADED(step_two_learning_rates, "ch07.4", 3),
    GRADED(step_frozen_encoder, "ch07.4", 3),
    GRADED(confusion_hand_computed, "ch07.5", 2),
    GRADED(confusion_tie_goes_to_lowest_class, "ch07.5", 1),
    GRADED(confusion_matches_reference, "ch07.5", 2),
    GRADED(confusion_of_no_rows, "ch07.5", 1),
    HIDDEN_TESTS
};

int main(int argc, char **argv)
{
    return graded_main(argc, argv, tests, COUNT(tests), HIDDEN_POINTS);
}
