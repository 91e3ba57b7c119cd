/* ch08_multimodal.c - the exercises of chapter 08 (contracts in
 * ch08_multimodal.h).
 *
 * Dimensions: n = pairs in a batch, D = numbers of a word embedding, e =
 * numbers of the shared space.
 *
 * Write each function between its TODO line and the closing brace, then run
 * make grade CH=08. The experiment (make run CH=08) trains with your code.
 * Make any helper function you add static, so that its name cannot clash
 * with a function of the kit.
 */
#include "ch08_multimodal.h"

#include <math.h>
#include <stdlib.h>

#include "core/infra/error.h"

/* The number of words of caption i: up to its first -1. */
static int caption_length(const int *words, int i)
{
    const int *caption = words + (size_t)i * CAPTION_WORDS;
    int length = 0;
    while (length < CAPTION_WORDS && caption[length] >= 0)
        length++;
    return length;
}

//> text-forward
void text_forward(mat *t, mat *means, const int *words,
                  const mat *embeddings, const mat *W, const mat *b)
{
    // BEGIN SOLUTION ch08.1
    for (int i = 0; i < t->rows; i++) {
        int length = caption_length(words, i);
        float *mean = mat_row(means, i);
        for (int k = 0; k < means->cols; k++)
            mean[k] = 0;
        for (int w = 0; w < length; w++) {
            const float *word = mat_row(embeddings,
                                        words[i * CAPTION_WORDS + w]);
            for (int k = 0; k < means->cols; k++)
                mean[k] += word[k] / (float)length;
        }
        float *out = mat_row(t, i);
        for (int j = 0; j < t->cols; j++) {
            float sum = mat_get(b, 0, j);
            for (int k = 0; k < means->cols; k++)
                sum += mean[k] * mat_get(W, k, j);
            out[j] = sum;
        }
    }
    //stub: (void)caption_length;
    //stub: (void)t, (void)means, (void)words, (void)embeddings, (void)W;
    //stub: (void)b;
    // END SOLUTION
}
//< text-forward

//> text-backward
void text_backward(mat *dembeddings, mat *dW, mat *db, const mat *dt,
                   const mat *means, const int *words, const mat *W)
{
    // BEGIN SOLUTION ch08.2
    for (int i = 0; i < dt->rows; i++) {
        const float *g = mat_row(dt, i), *mean = mat_row(means, i);
        int length = caption_length(words, i);
        for (int j = 0; j < dt->cols; j++)
            db->data[j] += g[j];
        for (int k = 0; k < means->cols; k++) {
            float dmean = 0; /* dL/dmeans_ik = (dt_i W^T)_k */
            for (int j = 0; j < dt->cols; j++) {
                mat_row(dW, k)[j] += mean[k] * g[j];
                dmean += g[j] * mat_get(W, k, j);
            }
            /* Each word said made 1/length of the mean: a word said
             * twice gets two shares. */
            for (int w = 0; w < length; w++)
                mat_row(dembeddings, words[i * CAPTION_WORDS + w])[k] +=
                    dmean / (float)length;
        }
    }
    //stub: (void)dembeddings, (void)dW, (void)db, (void)dt, (void)means;
    //stub: (void)words, (void)W;
    // END SOLUTION
}
//< text-backward

//> clip-loss
float clip_loss(mat *du, mat *dv, const mat *u, const mat *v, float tau)
{
    // BEGIN SOLUTION ch08.3
    int n = u->rows, e = u->cols;
    mat_fill(du, 0);
    mat_fill(dv, 0);
    if (n == 0)
        return 0.0f;
    /* s, then G = (P + Q - 2I) / (2n tau) built in place of it. */
    float *s = kit_alloc((size_t)n * n, sizeof(float));
    float *row_lse = kit_alloc((size_t)n, sizeof(float));
    float *col_lse = kit_alloc((size_t)n, sizeof(float));
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double dot = 0;
            for (int l = 0; l < e; l++)
                dot += (double)mat_get(u, i, l) * mat_get(v, j, l);
            s[i * n + j] = (float)(dot / tau);
        }
    /* log sum exp of each row and of each column, from its largest. */
    for (int i = 0; i < n; i++) {
        float row_top = -INFINITY, col_top = -INFINITY;
        for (int j = 0; j < n; j++) {
            row_top = fmaxf(row_top, s[i * n + j]);
            col_top = fmaxf(col_top, s[j * n + i]);
        }
        double row_sum = 0, col_sum = 0;
        for (int j = 0; j < n; j++) {
            row_sum += exp(s[i * n + j] - row_top);
            col_sum += exp(s[j * n + i] - col_top);
        }
        row_lse[i] = row_top + (float)log(row_sum);
        col_lse[i] = col_top + (float)log(col_sum);
    }
    double total = 0;
    for (int i = 0; i < n; i++)
        total += (row_lse[i] - s[i * n + i]) + (col_lse[i] - s[i * n + i]);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            float p = expf(s[i * n + j] - row_lse[i]);
            float q = expf(s[i * n + j] - col_lse[j]);
            s[i * n + j] = (p + q - 2.0f * (i == j)) / (2.0f * n * tau);
        }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            float g = s[i * n + j];
            for (int l = 0; l < e; l++) {
                mat_row(du, i)[l] += g * mat_get(v, j, l);
                mat_row(dv, j)[l] += g * mat_get(u, i, l);
            }
        }
    free(s);
    free(row_lse);
    free(col_lse);
    return (float)(total / (2.0 * n));
    //stub: (void)du, (void)dv, (void)u, (void)v, (void)tau;
    //stub: return 0.0f;
    // END SOLUTION
}
//< clip-loss

//> zero-shot
void zero_shot(int *predicted, const mat *images, const mat *prompts,
               int templates)
{
    // BEGIN SOLUTION ch08.4
    int classes = prompts->rows / templates, e = prompts->cols;
    float *prototypes = kit_alloc((size_t)classes * e, sizeof(float));
    for (int c = 0; c < classes; c++) {
        float *p = prototypes + (size_t)c * e;
        double length = 0;
        for (int l = 0; l < e; l++) {
            for (int t = 0; t < templates; t++)
                p[l] += mat_get(prompts, c * templates + t, l) / templates;
            length += (double)p[l] * p[l];
        }
        for (int l = 0; l < e && length > 0; l++)
            p[l] /= (float)sqrt(length);
    }
    for (int i = 0; i < images->rows; i++) {
        int best = 0;
        float best_score = -INFINITY;
        for (int c = 0; c < classes; c++) {
            float score = 0;
            for (int l = 0; l < e; l++)
                score += mat_get(images, i, l) * prototypes[c * e + l];
            if (score > best_score)
                best = c, best_score = score;
        }
        predicted[i] = best;
    }
    free(prototypes);
    //stub: (void)predicted, (void)images, (void)prompts, (void)templates;
    // END SOLUTION
}
//< zero-shot

//> top-k
void top_k(int *best, const float *scores, int count, int k)
{
    // BEGIN SOLUTION ch08.5
    int found = 0; /* best[0 .. found - 1] hold the best so far */
    for (int j = 0; j < count; j++) {
        if (found < k)
            found++;
        else if (scores[j] <= scores[best[k - 1]])
            continue; /* no better than the last of a full list */
        /* Into its place, from the end of the list, the others moved
         * down; an equal score already there stays ahead. */
        int at = found - 1;
        while (at > 0 && scores[best[at - 1]] < scores[j]) {
            best[at] = best[at - 1];
            at--;
        }
        best[at] = j;
    }
    //stub: (void)best, (void)scores, (void)count, (void)k;
    // END SOLUTION
}
//< top-k

//> recall-at-k
float recall_at_k(const mat *s, const int *query_keys, const int *item_keys,
                  int k)
{
    // BEGIN SOLUTION ch08.6
    if (s->rows == 0)
        return 0.0f;
    int *best = kit_alloc((size_t)k, sizeof(int));
    int found = 0;
    for (int i = 0; i < s->rows; i++) {
        top_k(best, mat_row(s, i), s->cols, k);
        for (int r = 0; r < k; r++)
            if (item_keys[best[r]] == query_keys[i]) {
                found++;
                break;
            }
    }
    free(best);
    return (float)found / (float)s->rows;
    //stub: (void)s, (void)query_keys, (void)item_keys, (void)k;
    //stub: return 0.0f;
    // END SOLUTION
}
//< recall-at-k
