/* ch08_multimodal.h - chapter 08: images and words in one space.
 *
 * Two encoders look at the same things through different senses: an
 * image encoder (chapter 06's, fine-tuned) reads the pixels of a
 * Fashion-MNIST image, a text encoder reads a caption the kit writes for
 * it ("a picture of a dark small coat"). Trained as CLIP is (Radford et
 * al., 2021), each maps into a shared space of e numbers where an image
 * and its caption point the same way and other pairs do not. Then a
 * class is chosen by looking up the caption nearest an image (zero-shot:
 * no classifier is trained), images are found from words, and, through a
 * map into chapter 02's code space and its decoder, words become images.
 *
 *     image x (d) -> f(x) (e) -> u = f(x) / |f(x)|
 *     caption (word ids) -> mean of their embeddings (D)
 *                        -> t = mean W + b (e) -> v = t / |t|
 *
 * Dimensions: n = pairs in a batch, d = pixels (784), D = numbers of a
 * word embedding (chapter 04's 100), e = numbers of the shared space,
 * V = words of the captions' vocabulary, c = classes, N = images of a
 * data set.
 *
 * Exercises (you write them in exercises/ch08_multimodal.c):
 *   ch08.1  text_forward    captions to the text encoder's outputs
 *   ch08.2  text_backward   its gradients: W, b and the embeddings
 *   ch08.3  clip_loss       the symmetric contrastive loss and gradient
 *   ch08.4  zero_shot       the class whose captions are nearest
 *   ch08.5  top_k           the k best scores, best first
 *   ch08.6  recall_at_k     how often a right item is among the top k
 * Given (src/ch08_multimodal.c): the captions and the attributes they
 * describe, the two encoders and their training, and the map from words
 * to chapter 02's codes.
 *
 * Grade:  make grade CH=08
 * Run:    make run CH=08      (results in build/data/ch08/; it needs what
 *                              chapters 02, 04 and 06 save, and make runs
 *                              those chapters first)
 * Plot:   make plots CH=08    (figures in build/plots/)
 */
#ifndef CH08_MULTIMODAL_H
#define CH08_MULTIMODAL_H

#include "core/infra/exercise.h"
#include "core/infra/history.h"
#include "core/datasets/text.h"
#include "core/datasets/vectors.h"
#include "core/learn/mat.h"
#include "core/learn/net.h"
#include "core/learn/optim.h"
#include "core/learn/rng.h"

/* The products (a dense layer is one) would do the text encoder's work,
 * and the softmax's kit functions most of the loss. */
EXERCISES_MAY_NOT_CALL(mat_mul_add, mat_mul_add_bt, mat_mul_add_at,
                       nn_dense_forward, nn_dense_backward,
                       nn_softmax_forward, nn_softmax_xent_forward,
                       nn_softmax_xent_backward, nn_normalize_rows,
                       nn_normalize_rows_backward)

/* A caption is CAPTION_WORDS word ids, ended early by -1 when shorter. */
#define CAPTION_WORDS 8

/* ---- Exercises --------------------------------------------------------- */

/* ch08.1 - The text encoder's outputs for n captions.
 *
 * words holds n captions of CAPTION_WORDS ids each (caption i from
 * words[i * CAPTION_WORDS]); a caption ends at its first -1 or after
 * CAPTION_WORDS ids. embeddings: V x D, a row per word id. For each
 * caption i, means_i = the mean of the embeddings of its words (all zero
 * for a caption of no words), then t_i = means_i W + b.
 * means: n x D; W: D x e; b: 1 x e; t: n x e (n = t->rows).
 */
void text_forward(mat *t, mat *means, const int *words,
                  const mat *embeddings, const mat *W, const mat *b)
    WRITES(t, means) SIZES(words[t->rows * CAPTION_WORDS]);

/* ch08.2 - The gradients of the text encoder.
 *
 * Given dt = dL/dt (n x e) and the means and words of text_forward, ADDS
 * dL/dW to dW (D x e), dL/db to db (1 x e), and dL/d(embedding of word
 * w) to row w of dembeddings (V x D). A word that appears twice in one
 * caption counts twice in its mean, and gets both shares.
 */
void text_backward(mat *dembeddings, mat *dW, mat *db, const mat *dt,
                   const mat *means, const int *words, const mat *W)
    WRITES(dembeddings, dW, db) SIZES(words[dt->rows * CAPTION_WORDS]);

/* ch08.3 - The symmetric contrastive loss of n image-caption pairs, as
 * CLIP trains with.
 *
 * u, v: n x e, each row of length 1; row i of u (an image) and row i of
 * v (its caption) are a pair. With s_ij = u_i . v_j / tau, each image
 * picks its caption among the n captions and each caption its image
 * among the n images:
 *     loss = 1/(2n) sum over i of [ -log( e^s_ii / sum_j e^s_ij )
 *                                   -log( e^s_ii / sum_j e^s_ji ) ].
 * Returns the loss (0 when n = 0) and OVERWRITES du and dv (n x e) with
 * its gradient with respect to u and v, each entry taken as free (the
 * kit's normalisation backward then keeps what moves along the sphere).
 * Must stay finite for tau as small as 0.01.
 *
 * Hint: with P the softmax of each row of s and Q that of each column,
 * G = (P + Q - 2I) / (2n tau) gives du = G v and dv = G^T u.
 */
float clip_loss(mat *du, mat *dv, const mat *u, const mat *v, float tau)
    WRITES(du, dv);

/* ch08.4 - Zero-shot classification: each image's class is that of the
 * captions nearest it.
 *
 * images: N x e, rows of length 1. prompts: (c * templates) x e, rows of
 * length 1: row k * templates + j is class k's caption in template j
 * (templates >= 1).
 * Class k's prototype is the mean of its templates' rows, scaled to
 * length 1 (left as it is if all zero); predicted[i] is the class whose
 * prototype has the largest dot product with image i (on a tie, the
 * lower class).
 */
void zero_shot(int *predicted, const mat *images, const mat *prompts,
               int templates)
    WRITES(predicted) SIZES(predicted[images->rows]);

/* ch08.5 - The k largest of count scores, best first.
 *
 * Writes into best the indices of the k largest scores, largest first;
 * of equal scores the lower index comes first. 1 <= k <= count.
 */
void top_k(int *best, const float *scores, int count, int k)
    WRITES(best) SIZES(best[k], scores[count]);

/* ch08.6 - Recall at k: the share of queries that find something right
 * among their k best items.
 *
 * s: queries x items, s_ij how well item j answers query i; item j is
 * right for query i when item_keys[j] == query_keys[i]. Returns the share
 * of rows i for which one of the k items with the largest s_ij (top_k's)
 * is right, in [0, 1]; 0 when there are no queries. 1 <= k <= items.
 */
float recall_at_k(const mat *s, const int *query_keys, const int *item_keys,
                  int k)
    WRITES() SIZES(query_keys[s->rows], item_keys[s->cols]);

/* ---- Given: captions --------------------------------------------------- */

#define SIDE 28    /* Fashion-MNIST images are SIDE x SIDE pixels */
#define CLASSES 10

/* What a caption says about an image besides its class: its tone (dark,
 * -, bright) and its size (small, -, large), each measured on the image
 * and cut at the thirds of its class in the training set; the middle
 * third gets no word. (MIDDLE comes first, so that a caption left at
 * zero says nothing of either.) */
enum { MIDDLE, LOW, HIGH, LEVELS };

typedef struct attributes {
    int tone, size; /* LOW, MIDDLE or HIGH */
} attributes;

/* Where each class's tone and size are cut into thirds. */
typedef struct attribute_cuts {
    float tone[CLASSES][2], size[CLASSES][2];
} attribute_cuts;

/* What the attributes measure: the mean grey level of the garment's
 * pixels, and the share of the picture it covers. */
void image_tone_size(const float *x, float *tone, float *size);

/* The cuts of the images x (N x d) of classes labels. */
void attribute_cuts_fit(attribute_cuts *cuts, const mat *x,
                        const int *labels);

/* The attributes of image x (d pixels) of class label. */
attributes attributes_of(const attribute_cuts *cuts, const float *x,
                         int label);

/* Which of a caption's parts are drawn from the training set, and which
 * are kept for the tests. */
enum caption_set { SEEN, HELD_OUT };

/* One caption, as choices: its template and name are numbered within
 * the lists of their sets (see ch08_multimodal.c). A caption of zeros is
 * "a" and the first seen name of class 0: "a top". */
typedef struct caption {
    enum caption_set template_set, name_set;
    int template_;  /* 0 .. caption_templates(template_set) - 1 */
    int label;      /* the class */
    int name;       /* 0 .. caption_names(name_set, label) - 1 */
    int tone, size; /* MIDDLE (no word), LOW or HIGH */
} caption;

/* Templates and names of a set: how many there are. HELD_OUT names exist
 * only for the classes with a synonym in Jane Austen's novels. */
int caption_templates(enum caption_set set);
int caption_names(enum caption_set set, int label);

/* Class label's first name in set ("ankle boot", "gown"), into text. */
void caption_name(char *text, size_t size, enum caption_set set, int label);

/* The words of the captions, and which of them chapter 04's vectors
 * know. */
typedef struct lexicon {
    vocab words;
    int austen_words; /* ids 0 .. austen_words - 1 have Austen vectors */
} lexicon;

/* Every word any caption can use, those in vectors first. */
void lexicon_create(lexicon *lex, const word_vectors *vectors);
void lexicon_free(lexicon *lex);

/* The caption's word ids (CAPTION_WORDS, -1 after the last) and, when
 * text is not NULL, its words as a line of text. */
void caption_write(int *words, char *text, size_t text_size,
                   const caption *cap, const lexicon *lex);

/* A training caption of an image: a seen template and name drawn from r,
 * and each attribute said three times in four, except those of the
 * combinations kept for the tests ("a dark sandal", "a bright bag"). */
caption caption_draw(int label, attributes a, rng *r);

/* Whether a class and attributes are one of those kept combinations. */
int held_out_combination(int label, attributes a);

/* ---- Given: the two encoders ------------------------------------------- */

typedef struct multimodal {
    int d, D, e, V, batch;     /* pixels, embedding, space, words, pairs */
    float tau;
    net image;                 /* d -> h (ReLU) -> e: chapter 06's f */
    params text;               /* embeddings, W, b, in one block */
    mat embeddings, W, b;      /* V x D, D x e, 1 x e: views into text */
    mat dembeddings, dW, db;   /* their gradients */
    int frozen_words;          /* rows 0 .. frozen_words - 1 stay fixed */
    adam image_opt, text_opt;
    /* batch rows each: the text encoder's output t and means, the unit
     * vectors u (images) and v (captions), the gradients of the loss
     * with respect to them and to the encoders' outputs f and t, and
     * the lengths of f and t. */
    mat t, means, u, v, du, dv, df, dt;
    float *f_norms, *t_norms;
} multimodal;

typedef struct multimodal_shape {
    int hidden, e, batch;
    float tau, image_lr, text_lr;
} multimodal_shape;

/* The model for lexicon lex: the image encoder loaded from chapter 06's
 * checkpoint (0, or -1 with a message, and nothing to free), embeddings
 * from vectors for the Austen words and drawn from r for the others. */
int multimodal_create(multimodal *mm, const multimodal_shape *shape,
                      const lexicon *lex, const word_vectors *vectors,
                      const char *image_checkpoint, rng *r);
void multimodal_free(multimodal *mm);

/* The unit vectors of images x (N x d) and of captions (N of them),
 * into out (N x e), a batch at a time. */
void multimodal_embed_images(multimodal *mm, const mat *x, mat *out);
void multimodal_embed_captions(multimodal *mm, const int *words, int count,
                               mat *out);

/* The unit vector of one caption into `into` (1 x e), and its words as
 * text when text is not NULL. */
void multimodal_embed_caption(multimodal *mm, const lexicon *lex,
                              const caption *cap, mat *into, char *text,
                              size_t text_size);

/* One step of training on n = x->rows pairs (at most mm->batch): the
 * images x and their captions words. Returns the loss. */
float multimodal_step(multimodal *mm, const mat *x, const int *words);

/* ---- Given: classifying and retrieving by words ------------------------ */

/* The class of each image (unit vectors, N x e) by zero_shot: the
 * captions of every class in each template of template_set, named by
 * its first name in name_set where it has one (its first seen name
 * otherwise), with no attribute words. */
void multimodal_classify(multimodal *mm, const lexicon *lex,
                         const mat *images, enum caption_set template_set,
                         enum caption_set name_set, int *predicted);

/* The k images (unit vectors, N x e) nearest the caption, nearest first,
 * by top_k; an entry top_k left outside 0 .. N - 1 is -1. */
void multimodal_retrieve(multimodal *mm, const lexicon *lex,
                         const mat *images, const caption *cap, int *best,
                         int k);

/* ---- Given: training and measuring ------------------------------------- */

/* Images with their classes and attributes, to caption afresh each
 * epoch. */
typedef struct pairs_set {
    const mat *x;
    const int *labels;
    const attributes *attrs;
} pairs_set;

/* Images with one fixed caption each, and each caption's key: what it
 * says (class, tone and size), so that an image is a right answer to
 * every caption that says what its own says. */
typedef struct watch_set {
    const mat *x;
    const int *words, *keys;
} watch_set;

int caption_key(int label, attributes a);

typedef struct multimodal_plan {
    int epochs;
    history *history;      /* the columns of multimodal_history, or NULL */
    const watch_set *watch; /* where recall is measured each epoch, or
                               NULL */
} multimodal_plan;

/* A row per epoch (epoch 0 before training): the epoch, the mean training
 * loss, and recall at 1 and 5 on the watched captions. */
extern const history_column multimodal_history[4];

/* Trains both encoders on train, a fresh seen caption for each image at
 * each step; returns the mean loss of the last epoch. */
float multimodal_train(multimodal *mm, const multimodal_plan *plan,
                       const pairs_set *train, const lexicon *lex, rng *r);

/* ---- Given: from words to images --------------------------------------- */

/* The prior, as DALL-E 2 calls it: a linear map from a caption's unit
 * vector (e numbers) to chapter 02's code (m numbers) of an image the
 * caption describes; chapter 02's decoder then draws the code. */
void prior_create(net *prior, int e, int m, int batch, rng *r);

/* Fits the prior by least squares to codes (one row per image of train)
 * with Adam, a fresh seen caption for each image at each step; returns
 * the mean squared error of the last epoch. */
float prior_train(net *prior, multimodal *mm, const pairs_set *train,
                  const mat *codes, int epochs, const lexicon *lex, rng *r);

#endif
