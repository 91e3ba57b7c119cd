/* ch01_layers.c - given code of chapter 01: data, network, experiment.
 *
 * Dimensions: n = points, d = input features, h = output features,
 * k = classes, G = grid points per side of a picture.
 *
 * The network calls only your exercise functions (dense_forward,
 * relu_forward, softmax_xent, sgd_step and their backward passes), so what
 * it learns is what your code learns.
 */
#include "ch01_layers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/batches.h"
#include "core/error.h"
#include "core/nn.h"
#include "core/progress.h"
#include "core/tsv.h"

#define PI 3.14159265f
#define PLANE 1.25f /* pictures of the input plane span [-PLANE, PLANE]^2 */

/* ---- Data sets -------------------------------------------------------- */

static void dataset_create(dataset *ds, const char *name, int n, int classes)
{
    ds->name = name;
    ds->x = mat_create(n, 2);
    ds->labels = kit_alloc((size_t)n, sizeof(int));
    ds->classes = classes;
}

void dataset_free(dataset *ds)
{
    mat_free(&ds->x);
    free(ds->labels);
    ds->labels = NULL;
}

//> spirals
void make_spirals(dataset *ds, int n, float noise, rng *r)
{
    dataset_create(ds, "spirals", n, 2);
    for (int i = 0; i < n; i++) {
        /* t runs from the centre outwards along one and three-quarter
         * turns; the second spiral is the first turned by half a turn. */
        int c = i % 2;
        float t = rng_uniform(r);
        float angle = 3.5f * PI * t + PI * (float)c;
        float radius = 0.1f + 0.9f * t;
        mat_set(&ds->x, i, 0, radius * cosf(angle) + noise * rng_normal(r));
        mat_set(&ds->x, i, 1, radius * sinf(angle) + noise * rng_normal(r));
        ds->labels[i] = c;
    }
}
//< spirals

void make_rings(dataset *ds, int n, float noise, rng *r)
{
    dataset_create(ds, "rings", n, 3);
    for (int i = 0; i < n; i++) {
        int c = i % 3;
        float angle = 2.0f * PI * rng_uniform(r);
        float radius = 0.2f + 0.4f * (float)c + noise * rng_normal(r);
        mat_set(&ds->x, i, 0, radius * cosf(angle));
        mat_set(&ds->x, i, 1, radius * sinf(angle));
        ds->labels[i] = c;
    }
}

/* ---- The network ------------------------------------------------------ */

/* Every layer but the last two (the embedding and the classifier) is
 * followed by a ReLU. */
static int has_relu(const mlp *m, int l)
{
    return l < m->layers - 2;
}

int mlp_embedding_layer(const mlp *m)
{
    return m->layers - 2;
}

static void mlp_allocate(mlp *m, int batch)
{
    size_t count = 0;
    for (int l = 0; l < m->layers; l++)
        count += (size_t)(m->sizes[l] + 1) * (size_t)m->sizes[l + 1];
    params_create(&m->p, count);
    m->in = mat_create(batch, m->sizes[0]);
    m->din = mat_create(batch, m->sizes[0]);
    for (int l = 0; l < m->layers; l++) {
        int d = m->sizes[l], h = m->sizes[l + 1];
        params_take(&m->p, &m->W[l], &m->dW[l], d, h);
        params_take(&m->p, &m->b[l], &m->db[l], 1, h);
        m->pre[l] = mat_create(batch, h);
        m->out[l] = mat_create(batch, h);
        m->dpre[l] = mat_create(batch, h);
        m->dout[l] = mat_create(batch, h);
    }
}

void mlp_create(mlp *m, int hidden, int width, int classes, int batch,
                rng *r)
{
    CHECK(hidden >= 1 && hidden + 2 <= MLP_MAX_LAYERS, "%d hidden layers",
          hidden);
    memset(m, 0, sizeof *m);
    m->layers = hidden + 2;
    m->batch = batch;
    m->sizes[0] = 2;
    for (int l = 1; l <= hidden; l++)
        m->sizes[l] = width;
    m->sizes[hidden + 1] = 2; /* the embedding */
    m->sizes[hidden + 2] = classes;
    mlp_allocate(m, batch);
    for (int l = 0; l < m->layers; l++)
        nn_init_he(&m->W[l], r); /* biases start at zero */
}

void mlp_free(mlp *m)
{
    params_free(&m->p);
    mat_free(&m->in);
    mat_free(&m->din);
    for (int l = 0; l < m->layers; l++) {
        mat_free(&m->pre[l]);
        mat_free(&m->out[l]);
        mat_free(&m->dpre[l]);
        mat_free(&m->dout[l]);
    }
}

/* The first n rows of one of the network's activation matrices. */
static mat first_rows(const mat *m, int n)
{
    return mat_rows(m, 0, n);
}

//> mlp-forward
void mlp_forward(mlp *m, const mat *x)
{
    int n = x->rows;
    CHECK(n <= m->batch, "%d rows for a batch of %d", n, m->batch);
    m->rows = n;
    mat input = first_rows(&m->in, n);
    mat_copy(&input, x); /* kept for the backward pass */
    for (int l = 0; l < m->layers; l++) {
        mat pre = first_rows(&m->pre[l], n), out = first_rows(&m->out[l], n);
        dense_forward(&pre, &input, &m->W[l], &m->b[l]);
        if (has_relu(m, l))
            relu_forward(&out, &pre);
        else
            mat_copy(&out, &pre);
        input = out; /* the output of layer l is the input of layer l+1 */
    }
}
//< mlp-forward

//> mlp-backward
float mlp_backward(mlp *m, const int *labels)
{
    int n = m->rows, last = m->layers - 1;
    params_zero_grad(&m->p);
    mat logits = first_rows(&m->out[last], n);
    mat dlogits = first_rows(&m->dout[last], n);
    float loss = softmax_xent(&dlogits, &logits, labels);
    /* From the loss back to the input: each layer turns the gradient of
     * its output into the gradients of its parameters and of its input. */
    for (int l = last; l >= 0; l--) {
        mat dout = first_rows(&m->dout[l], n);
        mat pre = first_rows(&m->pre[l], n);
        mat dpre = first_rows(&m->dpre[l], n);
        mat_fill(&dpre, 0);
        if (has_relu(m, l))
            relu_backward(&dpre, &dout, &pre);
        else
            mat_copy(&dpre, &dout);
        mat input = first_rows(l > 0 ? &m->out[l - 1] : &m->in, n);
        mat dinput = first_rows(l > 0 ? &m->dout[l - 1] : &m->din, n);
        mat_fill(&dinput, 0);
        dense_backward(&dinput, &m->dW[l], &m->db[l], &dpre, &input,
                       &m->W[l]);
    }
    return loss;
}
//< mlp-backward

/* The output of one layer for some rows, for batches_map. */
typedef struct layer_output {
    mlp *m;
    int layer;
} layer_output;

static void output_of_rows(void *ctx, const mat *rows, mat *out_rows)
{
    layer_output *o = ctx;
    mlp_forward(o->m, rows);
    mat result = first_rows(&o->m->out[o->layer], rows->rows);
    mat_copy(out_rows, &result);
}

/* Runs the rows of x through the network, a batch at a time, and copies
 * the output of layer `layer` into out (x->rows x sizes[layer + 1]). */
static void mlp_map(mlp *m, const mat *x, int layer, mat *out)
{
    layer_output o = {m, layer};
    batches_map(x, m->batch, out, output_of_rows, &o);
}

/* ---- Training --------------------------------------------------------- */

/* Copies the points of this batch, and their labels, into x and labels. */
static void gather(mat *x, int *labels, const dataset *ds, const batches *b)
{
    batches_gather(b, x, &ds->x);
    for (int i = 0; i < b->count; i++)
        labels[i] = ds->labels[batches_row(b, i)];
}

//> train-step
/* One step of mini-batch SGD on n points; returns their mean loss. */
static float train_step(mlp *m, const mat *x, const int *labels, float lr)
{
    mlp_forward(m, x);
    float loss = mlp_backward(m, labels);
    sgd_step(m->p.values, m->p.grads, m->p.count, lr);
    return loss;
}
//< train-step

/* Mean loss and accuracy over the whole data set; logits and dlogits are
 * room for n x k scores and their gradient. */
static void evaluate(mlp *m, const dataset *ds, mat *logits, mat *dlogits,
                     float *loss, float *accuracy)
{
    int n = ds->x.rows, correct = 0;
    mlp_map(m, &ds->x, m->layers - 1, logits);
    *loss = softmax_xent(dlogits, logits, ds->labels);
    for (int i = 0; i < n; i++)
        correct += mat_argmax_row(logits, i) == ds->labels[i];
    *accuracy = n > 0 ? (float)correct / (float)n : 0;
}

/* ---- Pictures --------------------------------------------------------- */

/* A G x G grid of points over [lo, hi] x [lo2, hi2], row by row. */
static mat grid_points(int G, float lo, float hi, float lo2, float hi2)
{
    mat g = mat_create(G * G, 2);
    for (int a = 0; a < G; a++)
        for (int c = 0; c < G; c++) {
            mat_set(&g, a * G + c, 0, lo + (hi - lo) * (float)c / (G - 1));
            mat_set(&g, a * G + c, 1, lo2 + (hi2 - lo2) * (float)a / (G - 1));
        }
    return g;
}

static void write_points(tsv *t, const dataset *ds)
{
    for (int i = 0; i < ds->x.rows; i++)
        tsv_row(t, "%.5f\t%.5f\t%d", mat_get(&ds->x, i, 0),
                mat_get(&ds->x, i, 1), ds->labels[i]);
}

/* The class the network gives each point of the input plane, and its
 * confidence: the largest softmax probability. */
static void write_regions(tsv *t, mlp *m, int classes)
{
    const int G = 150;
    mat g = grid_points(G, -PLANE, PLANE, -PLANE, PLANE);
    mat logits = mat_create(g.rows, classes), probs = mat_create(g.rows,
                                                                 classes);
    mlp_map(m, &g, m->layers - 1, &logits);
    nn_softmax_forward(&probs, &logits);
    for (int i = 0; i < g.rows; i++) {
        int c = mat_argmax_row(&logits, i);
        tsv_row(t, "%.4f\t%.4f\t%d\t%.4f", mat_get(&g, i, 0),
                mat_get(&g, i, 1), c, mat_get(&probs, i, c));
    }
    mat_free(&g);
    mat_free(&logits);
    mat_free(&probs);
}

/* The lines of a regular grid over the input plane, carried through the
 * network to the embedding: one block per line, x1 x2 z1 z2. */
static void write_warped_grid(tsv *t, mlp *m, int epoch)
{
    const int lines = 17, samples = 120;
    mat x = mat_create(2 * lines * samples, 2);
    mat z = mat_create(x.rows, 2);
    for (int dir = 0, i = 0; dir < 2; dir++)
        for (int l = 0; l < lines; l++)
            for (int s = 0; s < samples; s++, i++) {
                float across = -PLANE + 2 * PLANE * (float)l / (lines - 1);
                float along = -PLANE + 2 * PLANE * (float)s / (samples - 1);
                mat_set(&x, i, dir, along);
                mat_set(&x, i, 1 - dir, across);
            }
    mlp_map(m, &x, mlp_embedding_layer(m), &z);
    for (int i = 0; i < x.rows; i++) {
        tsv_row(t, "%d\t%.5f\t%.5f\t%.5f\t%.5f", epoch, mat_get(&x, i, 0),
                mat_get(&x, i, 1), mat_get(&z, i, 0), mat_get(&z, i, 1));
        if ((i + 1) % samples == 0)
            tsv_blank(t);
    }
    tsv_blank(t); /* two blank lines end a snapshot (gnuplot's index) */
    mat_free(&x);
    mat_free(&z);
}

/* The training points in the embedding, and the classifier's decision
 * over the part of the embedding plane they cover. */
static void write_embedding(tsv *points, tsv *regions, mlp *m,
                            const dataset *ds, int epoch)
{
    mat z = mat_create(ds->x.rows, 2);
    mlp_map(m, &ds->x, mlp_embedding_layer(m), &z);
    float lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    for (int i = 0; i < z.rows; i++) {
        for (int c = 0; c < 2; c++) {
            lo[c] = fminf(lo[c], mat_get(&z, i, c));
            hi[c] = fmaxf(hi[c], mat_get(&z, i, c));
        }
        tsv_row(points, "%d\t%.5f\t%.5f\t%d", epoch, mat_get(&z, i, 0),
                mat_get(&z, i, 1), ds->labels[i]);
    }
    tsv_blank(points);
    tsv_blank(points);

    /* The classifier alone is one dense layer on the embedding. */
    const int G = 100, last = m->layers - 1;
    float margin[2] = {0.1f * (hi[0] - lo[0]) + 1e-3f,
                       0.1f * (hi[1] - lo[1]) + 1e-3f};
    mat g = grid_points(G, lo[0] - margin[0], hi[0] + margin[0],
                        lo[1] - margin[1], hi[1] + margin[1]);
    mat logits = mat_create(g.rows, ds->classes);
    dense_forward(&logits, &g, &m->W[last], &m->b[last]);
    for (int i = 0; i < g.rows; i++)
        tsv_row(regions, "%d\t%.5f\t%.5f\t%d", epoch, mat_get(&g, i, 0),
                mat_get(&g, i, 1), mat_argmax_row(&logits, i));
    tsv_blank(regions);
    tsv_blank(regions);
    mat_free(&z);
    mat_free(&g);
    mat_free(&logits);
}

/* ---- The experiment --------------------------------------------------- */

enum { DATA, HISTORY, REGIONS, EMBEDDING, ZREGIONS, GRID, FILES };

static const char *const file_names[FILES] = {
    "data", "history", "regions", "embedding", "zregions", "grid"};
static const char *const file_headers[FILES] = {
    "x1\tx2\tlabel",
    "epoch\tloss\taccuracy",
    "x1\tx2\tclass\tconfidence",
    "epoch\tz1\tz2\tlabel",
    "epoch\tz1\tz2\tclass",
    "epoch\tx1\tx2\tz1\tz2"};

/* Opens out_dir/NAME_FILE.tsv for every file; on failure none stays. */
static int open_files(tsv *files, const char *out_dir, const char *name)
{
    for (int f = 0; f < FILES; f++) {
        char path[OUTFILE_PATH_MAX];
        snprintf(path, sizeof path, "%s/%s_%s.tsv", out_dir, name,
                 file_names[f]);
        if (tsv_open(&files[f], path, file_headers[f]) != 0) {
            while (f-- > 0)
                outfile_discard(&files[f].out);
            return -1;
        }
    }
    return 0;
}

static int close_files(tsv *files)
{
    int status = 0;
    for (int f = 0; f < FILES; f++)
        if (status == 0)
            status = tsv_close(&files[f]);
        else
            outfile_discard(&files[f].out);
    return status;
}

/* Snapshots fall at epoch 0 and at epochs spaced evenly on a log scale
 * up to the last, E^(s / (S-1)): more of them early, when the embedding
 * changes fastest. */
static int is_snapshot(int epoch, int epochs, int snapshots)
{
    if (epoch == 0)
        return 1;
    for (int s = 1; s < snapshots; s++) {
        double f = (double)s / (double)(snapshots - 1);
        if (epoch == (int)lround(pow((double)epochs, f)))
            return 1;
    }
    return 0;
}

static void snapshot(tsv *files, mlp *m, const dataset *ds, int epoch)
{
    write_embedding(&files[EMBEDDING], &files[ZREGIONS], m, ds, epoch);
    write_warped_grid(&files[GRID], m, epoch);
}

/* What a training run keeps between steps. */
typedef struct trainer {
    batches order; /* the points in this epoch's random order */
    mat batch;    /* batch x 2: the points of one step */
    int *labels;  /* batch: their classes */
    mat logits, dlogits; /* n x k: for evaluating the whole data set */
    progress progress;
    long steps;   /* steps taken so far */
} trainer;

static void trainer_create(trainer *t, const dataset *ds, int batch)
{
    int n = ds->x.rows;
    *t = (trainer){0};
    batches_create(&t->order, n, batch);
    t->batch = mat_create(batch, 2);
    t->labels = kit_alloc((size_t)batch, sizeof(int));
    t->logits = mat_create(n, ds->classes);
    t->dlogits = mat_create(n, ds->classes);
}

static void trainer_free(trainer *t)
{
    batches_free(&t->order);
    free(t->labels);
    mat_free(&t->batch);
    mat_free(&t->logits);
    mat_free(&t->dlogits);
}

/* One pass over the data in a fresh random order, a batch at a time. */
static void train_epoch(trainer *t, mlp *m, const dataset *ds,
                        const train_config *cfg, rng *r)
{
    batches *b = &t->order;
    batches_shuffle(b, r);
    while (batches_next(b)) {
        gather(&t->batch, t->labels, ds, b);
        mat x = first_rows(&t->batch, b->count);
        float loss = train_step(m, &x, t->labels, cfg->lr);
        progress_update(&t->progress, ++t->steps, loss);
    }
}

float train_and_record(mlp *m, const dataset *ds, const train_config *cfg,
                       rng *r)
{
    tsv files[FILES];
    if (open_files(files, cfg->out_dir, ds->name) != 0)
        return -1;
    write_points(&files[DATA], ds);

    trainer t;
    trainer_create(&t, ds, cfg->batch);
    long steps_per_epoch = batches_per_pass(&t.order);
    progress_start(&t.progress, ds->name, (long)cfg->epochs * steps_per_epoch,
                   "points", cfg->batch);
    float loss = 0, accuracy = 0;
    for (int epoch = 0; epoch <= cfg->epochs; epoch++) {
        if (epoch > 0) /* epoch 0 records the untrained network */
            train_epoch(&t, m, ds, cfg, r);
        evaluate(m, ds, &t.logits, &t.dlogits, &loss, &accuracy);
        tsv_row(&files[HISTORY], "%d\t%.6f\t%.4f", epoch, loss, accuracy);
        if (is_snapshot(epoch, cfg->epochs, cfg->snapshots))
            snapshot(files, m, ds, epoch);
    }
    progress_finish(&t.progress, loss);
    write_regions(&files[REGIONS], m, ds->classes);

    trainer_free(&t);
    return close_files(files) == 0 ? accuracy : -1;
}

/* ---- One dimension: a sum of kinks ------------------------------------ */

static float curve(float x)
{
    return sinf(1.6f * x) + 0.3f * x;
}

/* A 1 -> units -> 1 ReLU network on n points, its weights in one block
 * for sgd_step, with room for its activations and their gradients. */
typedef struct net_1d {
    params p;
    mat W1, b1, W2, b2, dW1, db1, dW2, db2;
    mat x, target;     /* n x 1: the points and the curve at them */
    mat pre, h, dpre, dh; /* n x units: before and after the ReLU */
    mat y, dy, dx;     /* n x 1: the output and the gradients */
} net_1d;

static void net_1d_create(net_1d *net, int units, int n, rng *r)
{
    params_create(&net->p, 3 * (size_t)units + 1);
    params_take(&net->p, &net->W1, &net->dW1, 1, units);
    params_take(&net->p, &net->b1, &net->db1, 1, units);
    params_take(&net->p, &net->W2, &net->dW2, units, 1);
    params_take(&net->p, &net->b2, &net->db2, 1, 1);
    /* Unit j bends at x = -b1[j] / W1[j]: start the bends spread over the
     * interval, so that every unit has a piece of the curve to fit. */
    for (int j = 0; j < units; j++) {
        float w = rng_uniform(r) < 0.5f ? -1.0f : 1.0f;
        float bend = -3.0f + 6.0f * rng_uniform(r);
        mat_set(&net->W1, 0, j, w);
        mat_set(&net->b1, 0, j, -w * bend);
        mat_set(&net->W2, j, 0, 0.3f * rng_normal(r));
    }
    mat *columns[] = {&net->x, &net->target, &net->y, &net->dy, &net->dx};
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        *columns[i] = mat_create(n, 1);
    mat *hidden[] = {&net->pre, &net->h, &net->dpre, &net->dh};
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
        *hidden[i] = mat_create(n, units);
    for (int i = 0; i < n; i++) {
        net->x.data[i] = -3.0f + 6.0f * (float)i / (float)(n - 1);
        net->target.data[i] = curve(net->x.data[i]);
    }
}

static void net_1d_free(net_1d *net)
{
    mat *all[] = {&net->x, &net->target, &net->y, &net->dy, &net->dx,
                  &net->pre, &net->h, &net->dpre, &net->dh};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        mat_free(all[i]);
    params_free(&net->p);
}

static void net_1d_forward(net_1d *net)
{
    dense_forward(&net->pre, &net->x, &net->W1, &net->b1);
    relu_forward(&net->h, &net->pre);
    dense_forward(&net->y, &net->h, &net->W2, &net->b2);
}

/* The mean squared error, and the gradients of all the weights. */
static float net_1d_backward(net_1d *net)
{
    int n = net->x.rows;
    float loss = 0;
    for (int i = 0; i < n; i++) {
        float e = net->y.data[i] - net->target.data[i];
        loss += e * e / (float)n;
        net->dy.data[i] = 2.0f * e / (float)n;
    }
    params_zero_grad(&net->p);
    mat_fill(&net->dh, 0);
    mat_fill(&net->dpre, 0);
    mat_fill(&net->dx, 0);
    dense_backward(&net->dh, &net->dW2, &net->db2, &net->dy, &net->h,
                   &net->W2);
    relu_backward(&net->dpre, &net->dh, &net->pre);
    dense_backward(&net->dx, &net->dW1, &net->db1, &net->dpre, &net->x,
                   &net->W1);
    return loss;
}

/* x, the target, the fit, and each unit's share of the fit: its ReLU
 * output times its outgoing weight. */
static int net_1d_write(const net_1d *net, const char *out_dir)
{
    int units = net->W1.cols;
    char path[OUTFILE_PATH_MAX], header[1024] = "x\ttarget\tfit";
    snprintf(path, sizeof path, "%s/relu_1d.tsv", out_dir);
    for (int j = 0; j < units; j++)
        snprintf(header + strlen(header), sizeof header - strlen(header),
                 "\tunit%d", j + 1);
    tsv t;
    if (tsv_open(&t, path, header) != 0)
        return -1;
    for (int i = 0; i < net->x.rows; i++) {
        char line[2048];
        snprintf(line, sizeof line, "%.4f\t%.5f\t%.5f", net->x.data[i],
                 net->target.data[i], net->y.data[i]);
        for (int j = 0; j < units; j++)
            snprintf(line + strlen(line), sizeof line - strlen(line),
                     "\t%.5f", mat_get(&net->h, i, j) *
                                   mat_get(&net->W2, j, 0));
        tsv_row(&t, "%s", line);
    }
    return tsv_close(&t);
}

int fit_curve_1d(int units, int steps, float lr, const char *out_dir,
                 rng *r)
{
    CHECK(units >= 1 && units <= 64, "%d units", units);
    net_1d net;
    net_1d_create(&net, units, 200, r);
    progress p;
    progress_start(&p, "1-D fit", steps, "points", net.x.rows);
    float loss = 0;
    for (int step = 1; step <= steps; step++) {
        net_1d_forward(&net);
        loss = net_1d_backward(&net);
        sgd_step(net.p.values, net.p.grads, net.p.count, lr);
        progress_update(&p, step, loss);
    }
    progress_finish(&p, loss);
    net_1d_forward(&net); /* the mapping after the last step */
    int status = net_1d_write(&net, out_dir);
    net_1d_free(&net);
    return status;
}
