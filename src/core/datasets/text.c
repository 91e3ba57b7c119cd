/* text.c - tokenizing, and a hash table from words to ids. */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/infra/error.h"

#define MAX_WORD 256

void vocab_create(vocab *v)
{
    *v = (vocab){0};
    v->capacity = 64;
    v->words = kit_alloc((size_t)v->capacity, sizeof(char *));
    v->counts = kit_alloc((size_t)v->capacity, sizeof(long));
    v->slot_count = 128;
    v->slots = kit_alloc((size_t)v->slot_count, sizeof(int));
    memset(v->slots, 0xff, (size_t)v->slot_count * sizeof(int)); /* -1 */
}

void vocab_free(vocab *v)
{
    for (int i = 0; i < v->size; i++)
        free(v->words[i]);
    free(v->words);
    free(v->counts);
    free(v->slots);
    *v = (vocab){0};
}

/* FNV-1a: a simple, good enough hash of a string. */
static uint32_t hash(const char *word)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *c = (const unsigned char *)word; *c; c++)
        h = (h ^ *c) * 16777619u;
    return h;
}

/* The slot that holds word, or the empty slot where it would go. */
static int slot_of(const vocab *v, const char *word)
{
    int mask = v->slot_count - 1; /* slot_count is a power of two */
    int s = (int)(hash(word) & (uint32_t)mask);
    while (v->slots[s] >= 0 && strcmp(v->words[v->slots[s]], word) != 0)
        s = (s + 1) & mask;
    return s;
}

/* Doubles the table when it is half full, so that probes stay short. */
static void grow(vocab *v)
{
    if (v->size == v->capacity) {
        v->capacity *= 2;
        v->words = kit_realloc(v->words, (size_t)v->capacity, sizeof(char *));
        v->counts = kit_realloc(v->counts, (size_t)v->capacity, sizeof(long));
    }
    if (2 * (v->size + 1) <= v->slot_count)
        return;
    free(v->slots);
    v->slot_count *= 2;
    v->slots = kit_alloc((size_t)v->slot_count, sizeof(int));
    memset(v->slots, 0xff, (size_t)v->slot_count * sizeof(int));
    for (int id = 0; id < v->size; id++)
        v->slots[slot_of(v, v->words[id])] = id;
}

int vocab_add(vocab *v, const char *word)
{
    int s = slot_of(v, word);
    if (v->slots[s] < 0) {
        grow(v);
        s = slot_of(v, word);
        int id = v->size++;
        size_t length = strlen(word) + 1;
        v->words[id] = kit_alloc(length, 1);
        memcpy(v->words[id], word, length);
        v->counts[id] = 0;
        v->slots[s] = id;
    }
    v->counts[v->slots[s]]++;
    return v->slots[s];
}

int vocab_find(const vocab *v, const char *word)
{
    return v->slots[slot_of(v, word)];
}

const char *vocab_word(const vocab *v, int id)
{
    CHECK(id >= 0 && id < v->size, "word id %d of %d", id, v->size);
    return v->words[id];
}

static int is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'';
}

long tokenize(const char *text, vocab *v, int *ids, long max_ids)
{
    long count = 0;
    const char *c = text;
    while (*c) {
        while (*c && !is_word_char(*c))
            c++;
        char word[MAX_WORD];
        int length = 0;
        for (; is_word_char(*c); c++)
            if (length < MAX_WORD - 1) /* longer words are cut short */
                word[length++] = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32
                                                               : *c);
        if (length == 0)
            continue;
        word[length] = '\0';
        int id = vocab_add(v, word);
        if (count < max_ids)
            ids[count] = id;
        count++;
    }
    return count;
}
