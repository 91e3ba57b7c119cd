/* ch06_contrastive.c - the exercises of chapter 06 (contracts in
 * ch06_contrastive.h).
 *
 * Dimensions: n = images in a batch (2n views), m = size of a
 * representation.
 *
 * Write each function between its TODO line and the closing brace, then run
 * make grade CH=06. The experiment (make run CH=06) trains with your code.
 * Make any helper function you add static, so that its name cannot clash
 * with a function of the kit.
 */
#include "ch06_contrastive.h"

#include <math.h>
#include <stdlib.h>

#include "core/infra/error.h"

//> flip-and-shift
void flip_and_shift(float *out, const float *image, int side, int flip,
                    int dx, int dy)
{
    // BEGIN SOLUTION ch06.1
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++) {
            int from_y = y - dy, from_x = x - dx;
            if (flip)
                from_x = side - 1 - from_x;
            int inside = from_x >= 0 && from_x < side && from_y >= 0 &&
                         from_y < side;
            out[y * side + x] = inside ? image[from_y * side + from_x] : 0;
        }
    //stub: (void)out, (void)image, (void)side, (void)flip, (void)dx, (void)dy;
    // END SOLUTION
}
//< flip-and-shift

//> normalize-rows
void normalize_rows(mat *y, float *norms, const mat *x)
{
    // BEGIN SOLUTION ch06.2
    for (int i = 0; i < x->rows; i++) {
        const float *in = mat_row(x, i);
        float *out = mat_row(y, i);
        double sum = 0;
        for (int j = 0; j < x->cols; j++)
            sum += (double)in[j] * in[j];
        norms[i] = (float)sqrt(sum);
        float scale = 1.0f / fmaxf(norms[i], 1e-12f);
        for (int j = 0; j < x->cols; j++)
            out[j] = in[j] * scale;
    }
    //stub: (void)y, (void)norms, (void)x;
    // END SOLUTION
}
//< normalize-rows

//> normalize-rows-backward
void normalize_rows_backward(mat *dx, const mat *dy, const mat *y,
                             const float *norms)
{
    // BEGIN SOLUTION ch06.3
    for (int i = 0; i < y->rows; i++) {
        const float *g = mat_row(dy, i), *unit = mat_row(y, i);
        float *into = mat_row(dx, i);
        double along = 0;
        for (int j = 0; j < y->cols; j++)
            along += (double)g[j] * unit[j];
        float scale = 1.0f / fmaxf(norms[i], 1e-12f);
        for (int j = 0; j < y->cols; j++)
            into[j] += (g[j] - (float)along * unit[j]) * scale;
    }
    //stub: (void)dx, (void)dy, (void)y, (void)norms;
    // END SOLUTION
}
//< normalize-rows-backward

//> cosine-similarities
void cosine_similarities(mat *s, const mat *z)
{
    // BEGIN SOLUTION ch06.4
    for (int i = 0; i < z->rows; i++)
        for (int j = 0; j < z->rows; j++) {
            const float *a = mat_row(z, i), *b = mat_row(z, j);
            double ab = 0, aa = 0, bb = 0;
            for (int l = 0; l < z->cols; l++) {
                ab += (double)a[l] * b[l];
                aa += (double)a[l] * a[l];
                bb += (double)b[l] * b[l];
            }
            mat_set(s, i, j, aa > 0 && bb > 0 ? (float)(ab / sqrt(aa * bb))
                                              : 0.0f);
        }
    //stub: (void)s, (void)z;
    // END SOLUTION
}
//< cosine-similarities

//> nt-xent
float nt_xent(mat *dz, const mat *z, float tau)
{
    // BEGIN SOLUTION ch06.5
    int rows = z->rows, n = rows / 2, m = z->cols;
    mat_fill(dz, 0);
    if (n == 0)
        return 0.0f;
    /* One anchor at a time: its scores, then its row of Delta, which
     * adds Delta_ij z_j to dz_i and, as Delta^T, Delta_ij z_i to dz_j. */
    float *score = kit_alloc((size_t)rows, sizeof(float));
    double total = 0;
    for (int i = 0; i < rows; i++) {
        int partner = i < n ? i + n : i - n;
        const float *zi = mat_row(z, i);
        float top = -INFINITY;
        for (int j = 0; j < rows; j++) {
            const float *zj = mat_row(z, j);
            float dot = 0;
            for (int l = 0; l < m; l++)
                dot += zi[l] * zj[l];
            score[j] = dot / tau;
            if (j != i && score[j] > top)
                top = score[j];
        }
        /* -log P(i, partner) = log(sum of e^(s_ij - top)) + top - s_ip */
        total += top - score[partner];
        double sum = 0; /* of the scores turned into e^(s_ij - top) */
        for (int j = 0; j < rows; j++) {
            score[j] = j == i ? 0 : expf(score[j] - top);
            sum += score[j];
        }
        total += log(sum);
        for (int j = 0; j < rows; j++) {
            float g = (float)((score[j] / sum - (j == partner)) /
                              (rows * (double)tau));
            float *dzi = mat_row(dz, i), *dzj = mat_row(dz, j);
            const float *zj = mat_row(z, j);
            for (int l = 0; l < m; l++) {
                dzi[l] += g * zj[l];
                dzj[l] += g * zi[l];
            }
        }
    }
    free(score);
    return (float)(total / rows);
    //stub: (void)dz, (void)z, (void)tau;
    //stub: return 0.0f;
    // END SOLUTION
}
//< nt-xent

static float squared_distance(const mat *z, int i, int j)
{
    const float *a = mat_row(z, i), *b = mat_row(z, j);
    float sum = 0;
    for (int l = 0; l < z->cols; l++)
        sum += (a[l] - b[l]) * (a[l] - b[l]);
    return sum;
}

//> alignment-uniformity
void alignment_uniformity(float *alignment, float *uniformity, const mat *z)
{
    // BEGIN SOLUTION ch06.6
    int n = z->rows / 2;
    double align = 0, spread = 0;
    for (int i = 0; i < n; i++)
        align += squared_distance(z, i, i + n);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            spread += exp(-2.0 * squared_distance(z, i, j));
    long pairs = (long)n * (n - 1) / 2;
    *alignment = n > 0 ? (float)(align / n) : 0.0f;
    *uniformity = pairs > 0 ? (float)log(spread / (double)pairs) : 0.0f;
    //stub: (void)squared_distance;
    //stub: *alignment = 0, *uniformity = 0;
    //stub: (void)z;
    // END SOLUTION
}
//< alignment-uniformity

//> knn-vote
int knn_vote(const float *similarities, const int *labels, int count, int k,
             int classes)
{
    // BEGIN SOLUTION ch06.7
    int *best = kit_alloc((size_t)k, sizeof(int)); /* nearest first */
    int *votes = kit_alloc((size_t)classes, sizeof(int));
    int found = 0;
    for (int j = 0; j < count; j++) {
        if (found == k && similarities[j] <= similarities[best[k - 1]])
            continue;
        int at = found < k ? found++ : k - 1;
        while (at > 0 && similarities[best[at - 1]] < similarities[j]) {
            best[at] = best[at - 1];
            at--;
        }
        best[at] = j;
    }
    int winner = labels[best[0]];
    for (int v = 0; v < found; v++)
        votes[labels[best[v]]]++;
    /* Through the voters nearest first, so that the first class to reach
     * the most votes is the one with the nearer voter. */
    for (int v = 0; v < found; v++)
        if (votes[labels[best[v]]] > votes[winner])
            winner = labels[best[v]];
    free(best);
    free(votes);
    return winner;
    //stub: (void)similarities, (void)labels, (void)count, (void)k;
    //stub: (void)classes;
    //stub: return -1;
    // END SOLUTION
}
//< knn-vote
