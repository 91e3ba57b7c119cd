/* test_text.c - the tokenizer and the vocabulary. */
#include <stdio.h>
#include <string.h>

#include "core/datasets/text.h"
#include "core_tests.h"

static void tokenizes_words_and_apostrophes(void **state)
{
    (void)state;
    vocab v;
    vocab_create(&v);
    int ids[16];
    long length = tokenize("To date, the cleverest thinker... Isaac's -- "
                           "THE end", &v, ids, 16);
    assert_int_equal(length, 8);
    const char *want[] = {"to", "date", "the", "cleverest", "thinker",
                          "isaac's", "the", "end"};
    for (int i = 0; i < 8; i++)
        assert_string_equal(vocab_word(&v, ids[i]), want[i]);
    assert_int_equal(ids[2], ids[6]); /* "the" twice: one id */
    assert_int_equal(v.size, 7);
    assert_int_equal(v.counts[ids[2]], 2);
    assert_int_equal(vocab_find(&v, "end"), ids[7]);
    assert_int_equal(vocab_find(&v, "nowhere"), -1);
    vocab_free(&v);
}

static void counts_beyond_the_buffer(void **state)
{
    (void)state;
    vocab v;
    vocab_create(&v);
    int ids[2];
    assert_int_equal(tokenize("a b c d", &v, ids, 2), 4);
    assert_int_equal(v.size, 4);
    vocab_free(&v);
}

static void many_words_grow_the_table(void **state)
{
    (void)state;
    vocab v;
    vocab_create(&v);
    char word[16];
    for (int i = 0; i < 5000; i++) {
        snprintf(word, sizeof word, "w%c%c%c", 'a' + i % 26, 'a' + i / 26 % 26,
                 'a' + i / 676 % 26);
        assert_int_equal(vocab_add(&v, word), i);
    }
    assert_int_equal(vocab_find(&v, "wbaa"), 1);
    assert_int_equal(v.size, 5000);
    vocab_free(&v);
}

int test_text(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tokenizes_words_and_apostrophes),
        cmocka_unit_test(counts_beyond_the_buffer),
        cmocka_unit_test(many_words_grow_the_table),
    };
    return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
