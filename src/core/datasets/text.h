/* text.h - words and their ids: a tokenizer and a vocabulary.
 *
 * The tokenizer reads lower-case words made of letters and apostrophes
 * ("Isaac's" -> "isaac's"); everything else separates words. The
 * vocabulary gives each distinct word an id, in order of first sight, and
 * counts how often each was seen.
 *
 *     vocab v;
 *     vocab_create(&v);
 *     int ids[64];
 *     long length = tokenize("To date, the cleverest...", &v, ids, 64);
 *     printf("%s\n", vocab_word(&v, ids[0]));   // "to"
 */
#ifndef KIT_TEXT_H
#define KIT_TEXT_H

#include <stddef.h>

typedef struct vocab {
    char **words;  /* size words, by id */
    long *counts;  /* how often each was added */
    int size, capacity;
    int *slots;    /* open-addressing hash table of ids, -1 if empty */
    int slot_count;
} vocab;

void vocab_create(vocab *v);
void vocab_free(vocab *v);

/* The id of word, added (with count 0) if new; then its count grows by 1. */
int vocab_add(vocab *v, const char *word);

/* The id of word, or -1 if it is not in the vocabulary. */
int vocab_find(const vocab *v, const char *word);

const char *vocab_word(const vocab *v, int id);

/* Splits text into words, adds each to v and writes their ids (at most
 * max_ids of them); returns the number of words in text (which may be
 * more than max_ids). */
long tokenize(const char *text, vocab *v, int *ids, long max_ids);

#endif
