/* ch08_multimodal.c - the given code of chapter 08: captions and the
 * attributes they describe, the two encoders and their training
 * (contracts in ch08_multimodal.h). */
#include "ch08_multimodal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/infra/error.h"
#include "core/learn/batches.h"
#include "core/learn/checkpoint.h"
#include "core/learn/nn.h"
#include "core/learn/training.h"

/* ---- Attributes -------------------------------------------------------- */

#define INK 0.1f /* a pixel above this is part of the garment */

/* How bright the garment is: the mean of its pixels. */
static float tone_of(const float *x)
{
    double sum = 0;
    int count = 0;
    for (int i = 0; i < SIDE * SIDE; i++)
        if (x[i] > INK)
            sum += x[i], count++;
    return count > 0 ? (float)(sum / count) : 0.0f;
}

/* How much of the picture the garment covers. */
static float size_of(const float *x)
{
    int count = 0;
    for (int i = 0; i < SIDE * SIDE; i++)
        count += x[i] > INK;
    return (float)count / (SIDE * SIDE);
}

void image_tone_size(const float *x, float *tone, float *size)
{
    *tone = tone_of(x), *size = size_of(x);
}

static int by_value(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The values at a third and two thirds of the way through values (count
 * of them; sorted in place). */
static void thirds(float cut[2], float *values, int count)
{
    qsort(values, (size_t)count, sizeof *values, by_value);
    cut[0] = count > 0 ? values[count / 3] : 0;
    cut[1] = count > 0 ? values[2 * count / 3] : 0;
}

void attribute_cuts_fit(attribute_cuts *cuts, const mat *x,
                        const int *labels)
{
    float *tones = kit_alloc((size_t)x->rows, sizeof(float));
    float *sizes = kit_alloc((size_t)x->rows, sizeof(float));
    for (int c = 0; c < CLASSES; c++) {
        int count = 0;
        for (int i = 0; i < x->rows; i++)
            if (labels[i] == c) {
                tones[count] = tone_of(mat_row(x, i));
                sizes[count++] = size_of(mat_row(x, i));
            }
        thirds(cuts->tone[c], tones, count);
        thirds(cuts->size[c], sizes, count);
    }
    free(tones);
    free(sizes);
}

static int level(float value, const float cut[2])
{
    return value < cut[0] ? LOW : value < cut[1] ? MIDDLE : HIGH;
}

attributes attributes_of(const attribute_cuts *cuts, const float *x,
                         int label)
{
    return (attributes){level(tone_of(x), cuts->tone[label]),
                        level(size_of(x), cuts->size[label])};
}

/* ---- Captions ---------------------------------------------------------- */

/* A template is the words before the garment: "a picture of a" + "dark
 * small coat". Only the seen ones are trained on. */
#define MAX_TEMPLATES 4
static const char *const templates[2][MAX_TEMPLATES][5] = {
    [SEEN] = {{"a"}, {"the"}, {"a", "picture", "of", "a"},
              {"a", "drawing", "of", "the"}},
    [HELD_OUT] = {{"an", "image", "of", "a"}, {"a", "sketch", "of", "the"},
                  {"a", "likeness", "of", "a"}},
};
static const int template_count[2] = {[SEEN] = 4, [HELD_OUT] = 3};

/* Each class's names, of one or two words. The held-out names are
 * synonyms of a seen name that Jane Austen used: only through her
 * vectors can the text encoder know anything of them. */
#define MAX_NAMES 2
static const char *const names[2][CLASSES][MAX_NAMES][3] = {
    [SEEN] = {{{"top"}, {"t-shirt"}},
              {{"trousers"}, {"pants"}},
              {{"pullover"}, {"sweater"}},
              {{"dress"}, {"frock"}},
              {{"coat"}, {"jacket"}},
              {{"sandal"}},
              {{"shirt"}, {"blouse"}},
              {{"sneaker"}, {"trainer"}},
              {{"bag"}, {"handbag"}},
              {{"ankle", "boot"}, {"boot"}}},
    [HELD_OUT] = {[3] = {{"gown"}}, [4] = {{"cloak"}}, [8] = {{"purse"}}},
};

static const char *const tone_words[LEVELS] = {[LOW] = "dark",
                                               [HIGH] = "bright"};
static const char *const size_words[LEVELS] = {[LOW] = "small",
                                               [HIGH] = "large"};

int caption_templates(enum caption_set set)
{
    return template_count[set];
}

int caption_names(enum caption_set set, int label)
{
    int count = 0;
    while (count < MAX_NAMES && names[set][label][count][0])
        count++;
    return count;
}

void caption_name(char *text, size_t size, enum caption_set set, int label)
{
    const char *const *name = names[set][label][0];
    if (!name[0])
        name = names[SEEN][label][0];
    snprintf(text, size, "%s%s%s", name[0], name[1] ? " " : "",
             name[1] ? name[1] : "");
}

/* Calls add(word, ctx) for every word a caption can use. */
static void each_word(void (*add)(const char *, void *), void *ctx)
{
    for (int set = SEEN; set <= HELD_OUT; set++) {
        for (int t = 0; t < template_count[set]; t++)
            for (int w = 0; w < 5 && templates[set][t][w]; w++)
                add(templates[set][t][w], ctx);
        for (int c = 0; c < CLASSES; c++)
            for (int k = 0; k < MAX_NAMES && names[set][c][k][0]; k++)
                for (int w = 0; w < 3 && names[set][c][k][w]; w++)
                    add(names[set][c][k][w], ctx);
    }
    add(tone_words[LOW], ctx), add(tone_words[HIGH], ctx);
    add(size_words[LOW], ctx), add(size_words[HIGH], ctx);
}

typedef struct adding {
    lexicon *lex;
    const word_vectors *vectors;
    int austen; /* 1: add the words the vectors know; 0: the others */
} adding;

static void add_word(const char *word, void *ctx)
{
    adding *a = ctx;
    int known = vocab_find(&a->vectors->words, word) >= 0;
    if (known == a->austen)
        vocab_add(&a->lex->words, word);
}

void lexicon_create(lexicon *lex, const word_vectors *vectors)
{
    vocab_create(&lex->words);
    adding a = {lex, vectors, 1};
    each_word(add_word, &a);
    lex->austen_words = lex->words.size;
    a.austen = 0;
    each_word(add_word, &a);
}

void lexicon_free(lexicon *lex)
{
    vocab_free(&lex->words);
}

/* Appends word to the caption's ids and text. */
typedef struct writing {
    int *words, count;
    char *text;
    size_t size, used;
    const lexicon *lex;
} writing;

static void write_word(writing *w, const char *word)
{
    if (!word)
        return;
    int id = vocab_find(&w->lex->words, word);
    CHECK(id >= 0 && w->count < CAPTION_WORDS, "caption word %s", word);
    w->words[w->count++] = id;
    if (w->text && w->used < w->size)
        w->used += (size_t)snprintf(w->text + w->used, w->size - w->used,
                                    "%s%s", w->used ? " " : "", word);
}

void caption_write(int *words, char *text, size_t text_size,
                   const caption *cap, const lexicon *lex)
{
    enum caption_set set = cap->template_set;
    CHECK(cap->template_ >= 0 && cap->template_ < template_count[set] &&
              cap->name >= 0 &&
              cap->name < caption_names(cap->name_set, cap->label),
          "template %d, name %d of class %d", cap->template_, cap->name,
          cap->label);
    writing w = {words, 0, text, text_size, 0, lex};
    if (text && text_size > 0)
        text[0] = '\0';
    for (int k = 0; k < 5 && templates[set][cap->template_][k]; k++)
        write_word(&w, templates[set][cap->template_][k]);
    write_word(&w, tone_words[cap->tone]);
    write_word(&w, size_words[cap->size]);
    const char *const *name = names[cap->name_set][cap->label][cap->name];
    for (int k = 0; k < 3 && name[k]; k++)
        write_word(&w, name[k]);
    for (int k = w.count; k < CAPTION_WORDS; k++)
        words[k] = -1;
}

/* The combinations no training caption says, so that a test can ask for
 * one the model never read. */
int held_out_combination(int label, attributes a)
{
    return (label == 5 && a.tone == LOW) || (label == 8 && a.tone == HIGH);
}

caption caption_draw(int label, attributes a, rng *r)
{
    caption cap = {.label = label};
    cap.template_ = (int)rng_below(r, (uint32_t)template_count[SEEN]);
    cap.name = (int)rng_below(r, (uint32_t)caption_names(SEEN, label));
    int say_tone = rng_below(r, 4) != 0, say_size = rng_below(r, 4) != 0;
    if (say_tone && !held_out_combination(label, a))
        cap.tone = a.tone;
    if (say_size)
        cap.size = a.size;
    return cap;
}

/* ---- The two encoders -------------------------------------------------- */

/* Austen's vectors share a large common part (every word of a novel is
 * somewhat like every other); without it, and at length 1, the words'
 * differences are what the text encoder sees. */
static void austen_embeddings(mat *embeddings, const lexicon *lex,
                              const word_vectors *vectors)
{
    const mat *all = &vectors->vectors;
    double *mean = kit_alloc((size_t)all->cols, sizeof(double));
    for (int i = 0; i < all->rows; i++)
        for (int j = 0; j < all->cols; j++)
            mean[j] += mat_get(all, i, j);
    for (int w = 0; w < lex->austen_words; w++) {
        int id = vocab_find(&vectors->words, vocab_word(&lex->words, w));
        float *row = mat_row(embeddings, w);
        for (int j = 0; j < all->cols; j++)
            row[j] = mat_get(all, id, j) - (float)(mean[j] / all->rows);
    }
    free(mean);
    mat austen = mat_rows(embeddings, 0, lex->austen_words);
    float *norms = kit_alloc((size_t)lex->austen_words, sizeof(float));
    nn_normalize_rows(&austen, norms, &austen);
    free(norms);
}

/* The embeddings of the other words start random, about as long. */
static void learned_embeddings(mat *embeddings, int first, rng *r)
{
    float scale = 1.0f / sqrtf((float)embeddings->cols);
    for (int w = first; w < embeddings->rows; w++)
        for (int j = 0; j < embeddings->cols; j++)
            mat_set(embeddings, w, j, scale * rng_normal(r));
}

static void text_create(multimodal *mm, rng *r)
{
    size_t count = (size_t)mm->V * mm->D + (size_t)mm->D * mm->e +
                   (size_t)mm->e;
    params_create(&mm->text, count);
    params_take(&mm->text, &mm->embeddings, &mm->dembeddings, mm->V,
                mm->D);
    params_take(&mm->text, &mm->W, &mm->dW, mm->D, mm->e);
    params_take(&mm->text, &mm->b, &mm->db, 1, mm->e);
    /* Xavier's scale for a linear map: the outputs about as long as the
     * inputs. */
    float scale = sqrtf(1.0f / (float)mm->D);
    for (size_t i = 0; i < mat_size(&mm->W); i++)
        mm->W.data[i] = scale * rng_normal(r);
}

int multimodal_create(multimodal *mm, const multimodal_shape *shape,
                      const lexicon *lex, const word_vectors *vectors,
                      const char *image_checkpoint, rng *r)
{
    memset(mm, 0, sizeof *mm);
    mm->d = SIDE * SIDE, mm->D = vectors->vectors.cols, mm->e = shape->e;
    mm->V = lex->words.size, mm->batch = shape->batch;
    mm->tau = shape->tau, mm->frozen_words = lex->austen_words;
    int sizes[] = {mm->d, shape->hidden, mm->e};
    net_activation act[] = {NET_RELU, NET_LINEAR};
    net_create(&mm->image, 2, sizes, act, mm->batch, NULL);
    if (checkpoint_load(&mm->image, 2, image_checkpoint) != 0) {
        net_free(&mm->image);
        return -1;
    }
    text_create(mm, r);
    austen_embeddings(&mm->embeddings, lex, vectors);
    learned_embeddings(&mm->embeddings, lex->austen_words, r);
    adam_init(&mm->image_opt, mm->image.p.count, shape->image_lr);
    adam_init(&mm->text_opt, mm->text.count, shape->text_lr);
    mat *rows[] = {&mm->t, &mm->u, &mm->v, &mm->du, &mm->dv, &mm->df,
                   &mm->dt};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        *rows[i] = mat_create(mm->batch, mm->e);
    mm->means = mat_create(mm->batch, mm->D);
    mm->f_norms = kit_alloc((size_t)mm->batch, sizeof(float));
    mm->t_norms = kit_alloc((size_t)mm->batch, sizeof(float));
    return 0;
}

void multimodal_free(multimodal *mm)
{
    net_free(&mm->image);
    params_free(&mm->text);
    adam_free(&mm->image_opt);
    adam_free(&mm->text_opt);
    mat *rows[] = {&mm->t, &mm->u, &mm->v, &mm->du, &mm->dv, &mm->df,
                   &mm->dt, &mm->means};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        mat_free(rows[i]);
    free(mm->f_norms);
    free(mm->t_norms);
}

void multimodal_embed_images(multimodal *mm, const mat *x, mat *out)
{
    net_layer_outputs(&mm->image, x, 1, out);
    float *norms = kit_alloc((size_t)out->rows, sizeof(float));
    nn_normalize_rows(out, norms, out);
    free(norms);
}

void multimodal_embed_captions(multimodal *mm, const int *words, int count,
                               mat *out)
{
    CHECK(out->rows == count && out->cols == mm->e,
          "%d captions into %d x %d", count, out->rows, out->cols);
    for (int first = 0; first < count; first += mm->batch) {
        int n = count - first < mm->batch ? count - first : mm->batch;
        mat t = mat_rows(&mm->t, 0, n), means = mat_rows(&mm->means, 0, n);
        mat into = mat_rows(out, first, n);
        text_forward(&t, &means, words + (size_t)first * CAPTION_WORDS,
                     &mm->embeddings, &mm->W, &mm->b);
        nn_normalize_rows(&into, mm->t_norms, &t);
    }
}

void multimodal_embed_caption(multimodal *mm, const lexicon *lex,
                              const caption *cap, mat *into, char *text,
                              size_t text_size)
{
    int words[CAPTION_WORDS];
    caption_write(words, text, text_size, cap, lex);
    multimodal_embed_captions(mm, words, 1, into);
}

//> multimodal-step
float multimodal_step(multimodal *mm, const mat *x, const int *words)
{
    int n = x->rows;
    CHECK(n <= mm->batch, "%d pairs in a batch of %d", n, mm->batch);
    mat t = mat_rows(&mm->t, 0, n), means = mat_rows(&mm->means, 0, n);
    mat u = mat_rows(&mm->u, 0, n), v = mat_rows(&mm->v, 0, n);
    mat du = mat_rows(&mm->du, 0, n), dv = mat_rows(&mm->dv, 0, n);
    mat df = mat_rows(&mm->df, 0, n), dt = mat_rows(&mm->dt, 0, n);
    /* Both senses into the shared space, at length 1. */
    mat f = net_forward(&mm->image, x);
    nn_normalize_rows(&u, mm->f_norms, &f);
    text_forward(&t, &means, words, &mm->embeddings, &mm->W, &mm->b);
    nn_normalize_rows(&v, mm->t_norms, &t);
    float loss = clip_loss(&du, &dv, &u, &v, mm->tau);
    /* Back through the lengths, then through each encoder. */
    mat_fill(&df, 0);
    mat_fill(&dt, 0);
    nn_normalize_rows_backward(&df, &du, &u, mm->f_norms);
    nn_normalize_rows_backward(&dt, &dv, &v, mm->t_norms);
    params_zero_grad(&mm->image.p);
    net_backward(&mm->image, x, &df, 0);
    params_zero_grad(&mm->text);
    text_backward(&mm->dembeddings, &mm->dW, &mm->db, &dt, &means, words,
                  &mm->W);
    /* Austen's words keep her vectors: no gradient, so Adam leaves them. */
    mat austen = mat_rows(&mm->dembeddings, 0, mm->frozen_words);
    mat_fill(&austen, 0);
    adam_step(&mm->image_opt, &mm->image.p);
    adam_step(&mm->text_opt, &mm->text);
    return loss;
}
//< multimodal-step

/* ---- Training ---------------------------------------------------------- */

const history_column multimodal_history[4] = {
    {"epoch", 0}, {"loss", 5}, {"recall1", 4}, {"recall5", 4}};

int caption_key(int label, attributes a)
{
    return (label * LEVELS + a.tone) * LEVELS + a.size;
}

/* The scores (N x N) of each watched caption against each watched
 * image: the caption is the query. */
static mat text_image_scores(multimodal *mm, const watch_set *w)
{
    int count = w->x->rows;
    mat images = mat_create(count, mm->e), texts = mat_create(count, mm->e);
    mat s = mat_create(count, count);
    multimodal_embed_images(mm, w->x, &images);
    multimodal_embed_captions(mm, w->words, count, &texts);
    mat_mul_add_bt(&s, &texts, &images);
    mat_free(&images);
    mat_free(&texts);
    return s;
}

/* A fresh seen caption for each image of the batch, into words. */
static void draw_captions(int *words, const batches *order,
                          const pairs_set *set, const lexicon *lex, rng *r)
{
    for (int i = 0; i < order->count; i++) {
        int row = batches_row(order, i);
        caption cap = caption_draw(set->labels[row], set->attrs[row], r);
        caption_write(words + (size_t)i * CAPTION_WORDS, NULL, 0, &cap, lex);
    }
}

/* What the steps keep from one batch to the next. */
typedef struct stepping {
    multimodal *mm;
    const pairs_set *train;
    const lexicon *lex;
    rng *r;
    mat x;
    int *words;
} stepping;

/* A batch of images and a caption drawn afresh for each. */
static double step(void *ctx, const batches *order)
{
    stepping *s = ctx;
    mat x = mat_rows(&s->x, 0, order->count);
    batches_gather(order, &s->x, s->train->x);
    draw_captions(s->words, order, s->train, s->lex, s->r);
    return multimodal_step(s->mm, &x, s->words);
}

static void add_measures(multimodal *mm, const multimodal_plan *plan,
                         int epoch, double loss)
{
    if (!plan->history || !plan->watch)
        return;
    const watch_set *w = plan->watch;
    mat s = text_image_scores(mm, w);
    float r1 = recall_at_k(&s, w->keys, w->keys, 1);
    float r5 = recall_at_k(&s, w->keys, w->keys, 5);
    history_add(plan->history, (double[]){epoch, loss, r1, r5});
    mat_free(&s);
}

float multimodal_train(multimodal *mm, const multimodal_plan *plan,
                       const pairs_set *train, const lexicon *lex, rng *r)
{
    stepping s = {mm, train, lex, r, mat_create(mm->batch, mm->d),
                  kit_alloc((size_t)mm->batch * CAPTION_WORDS, sizeof(int))};
    training t;
    training_start(&t, train->x->rows, mm->batch, plan->epochs, "image-text",
                   "pairs");
    add_measures(mm, plan, 0, NAN);
    double loss = 0;
    for (int epoch = 1; epoch <= plan->epochs; epoch++) {
        loss = training_epoch(&t, r, step, &s);
        add_measures(mm, plan, epoch, loss);
    }
    training_finish(&t, loss);
    mat_free(&s.x);
    free(s.words);
    return (float)loss;
}

/* ---- The prior: from words to chapter 02's codes ----------------------- */

void prior_create(net *prior, int e, int m, int batch, rng *r)
{
    int sizes[] = {e, m};
    net_activation act[] = {NET_LINEAR};
    net_create(prior, 1, sizes, act, batch, r);
}

typedef struct prior_stepping {
    net *prior;
    multimodal *mm;
    adam opt;
    const pairs_set *train;
    const mat *codes;
    const lexicon *lex;
    rng *r;
    mat v, target, dy;
    int *words;
} prior_stepping;

/* Least squares: the mean of the squared gaps between the prior's codes
 * and those of the images, over every number. */
static double prior_step(void *ctx, const batches *order)
{
    prior_stepping *p = ctx;
    int n = order->count;
    mat v = mat_rows(&p->v, 0, n), target = mat_rows(&p->target, 0, n);
    mat dy = mat_rows(&p->dy, 0, n);
    draw_captions(p->words, order, p->train, p->lex, p->r);
    multimodal_embed_captions(p->mm, p->words, n, &v);
    batches_gather(order, &p->target, p->codes);
    mat y = net_forward(p->prior, &v);
    double loss = 0;
    for (size_t k = 0; k < mat_size(&y); k++) {
        float gap = y.data[k] - target.data[k];
        loss += (double)gap * gap;
        dy.data[k] = 2 * gap / (float)mat_size(&y);
    }
    params_zero_grad(&p->prior->p);
    net_backward(p->prior, &v, &dy, 0);
    adam_step(&p->opt, &p->prior->p);
    return loss / (double)mat_size(&y);
}

float prior_train(net *prior, multimodal *mm, const pairs_set *train,
                  const mat *codes, int epochs, const lexicon *lex, rng *r)
{
    int batch = prior->batch, m = prior->sizes[1];
    prior_stepping p = {.prior = prior, .mm = mm, .train = train,
                        .codes = codes, .lex = lex, .r = r,
                        .v = mat_create(batch, mm->e),
                        .target = mat_create(batch, m),
                        .dy = mat_create(batch, m),
                        .words = kit_alloc((size_t)batch * CAPTION_WORDS,
                                           sizeof(int))};
    adam_init(&p.opt, prior->p.count, 3e-3f);
    training t;
    training_start(&t, codes->rows, batch, epochs, "prior", "pairs");
    double loss = 0;
    for (int epoch = 1; epoch <= epochs; epoch++)
        loss = training_epoch(&t, r, prior_step, &p);
    training_finish(&t, loss);
    adam_free(&p.opt);
    mat_free(&p.v);
    mat_free(&p.target);
    mat_free(&p.dy);
    free(p.words);
    return (float)loss;
}

/* ---- Classifying and retrieving by words ------------------------------ */

void multimodal_classify(multimodal *mm, const lexicon *lex,
                         const mat *images, enum caption_set template_set,
                         enum caption_set name_set, int *predicted)
{
    int count = caption_templates(template_set);
    mat prompts = mat_create(CLASSES * count, mm->e);
    for (int c = 0; c < CLASSES; c++)
        for (int t = 0; t < count; t++) {
            caption cap = {.template_set = template_set, .template_ = t,
                           .label = c};
            if (caption_names(name_set, c) > 0)
                cap.name_set = name_set;
            mat row = mat_rows(&prompts, c * count + t, 1);
            multimodal_embed_caption(mm, lex, &cap, &row, NULL, 0);
        }
    for (int i = 0; i < images->rows; i++)
        predicted[i] = -1; /* no class: what an unwritten zero_shot leaves */
    zero_shot(predicted, images, &prompts, count);
    mat_free(&prompts);
}

void multimodal_retrieve(multimodal *mm, const lexicon *lex,
                         const mat *images, const caption *cap, int *best,
                         int k)
{
    mat query = mat_create(1, mm->e), scores = mat_create(1, images->rows);
    multimodal_embed_caption(mm, lex, cap, &query, NULL, 0);
    mat_mul_add_bt(&scores, &query, images);
    for (int r = 0; r < k; r++)
        best[r] = -1;
    top_k(best, scores.data, images->rows, k);
    for (int r = 0; r < k; r++)
        if (best[r] < 0 || best[r] >= images->rows)
            best[r] = -1;
    mat_free(&query);
    mat_free(&scores);
}
