/* vectors.h - word vectors in word2vec's text format, saved and loaded.
 *
 * Chapter 04 saves the vectors it learns from Jane Austen; chapter 08
 * reads them to embed the words of its captions. The format is the one
 * word2vec, gensim and fastText read and write:
 *
 *     5913 100                   the words, then the numbers of each
 *     the -0.063290 0.008624 ... a word, then its numbers, one line each
 *
 * Loading trusts nothing it has not checked: a missing file, a bad first
 * line, a line with too few or too many numbers, a number that is not
 * one (or not finite), a word seen twice, and a file that ends early or
 * goes on too long are each refused with a message that names the file
 * and the line.
 *
 *     word_vectors wv;
 *     if (word_vectors_load(&wv, "build/data/ch04/vectors.txt") != 0)
 *         die("%s", error_message());
 *     int id = vocab_find(&wv.words, "dark");   // -1: not there
 *     const float *v = mat_row(&wv.vectors, id);
 */
#ifndef KIT_VECTORS_H
#define KIT_VECTORS_H

#include "core/datasets/text.h"
#include "core/learn/mat.h"

typedef struct word_vectors {
    vocab words;  /* id i is row i of vectors */
    mat vectors;  /* words x dimensions */
} word_vectors;

/* Saves the rows of vectors (one per word, by id) with the first
 * vectors->rows words of words. 0, or -1 with a message. */
int word_vectors_save(const vocab *words, const mat *vectors,
                      const char *path);

/* Loads a file saved so (or by word2vec). 0, or -1 with a message and
 * nothing to free. */
int word_vectors_load(word_vectors *wv, const char *path);
void word_vectors_free(word_vectors *wv);

#endif
