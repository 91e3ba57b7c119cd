/* vectors.c - word vectors in word2vec's text format (see vectors.h). */
#include "core/datasets/vectors.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/infra/error.h"
#include "core/infra/outfile.h"

#define LARGEST_COUNT 10000000 /* words, or numbers per word */

//> save-vectors
int word_vectors_save(const vocab *words, const mat *vectors,
                      const char *path)
{
    CHECK(vectors->rows <= words->size, "%d vectors for %d words",
          vectors->rows, words->size);
    outfile out;
    if (outfile_open(&out, path) != 0)
        return -1;
    fprintf(out.file, "%d %d\n", vectors->rows, vectors->cols);
    for (int w = 0; w < vectors->rows; w++) {
        fputs(vocab_word(words, w), out.file);
        for (int i = 0; i < vectors->cols; i++)
            fprintf(out.file, " %.6f", mat_get(vectors, w, i));
        fputc('\n', out.file);
    }
    return outfile_commit(&out); /* notices a failed write */
}
//< save-vectors

/* ---- Loading ------------------------------------------------------------ */

/* The file being read, and where. */
typedef struct reader {
    FILE *file;
    const char *path;
    char *line;
    size_t capacity;
    long number; /* of the line read last, from 1 */
} reader;

/* The next line, without its end of line; NULL at the end of the file. */
static char *next_line(reader *r)
{
    ssize_t length = getline(&r->line, &r->capacity, r->file);
    if (length < 0)
        return NULL;
    r->number++;
    while (length > 0 && (r->line[length - 1] == '\n' ||
                          r->line[length - 1] == '\r'))
        r->line[--length] = '\0';
    return r->line;
}

static int bad_line(const reader *r, const char *what)
{
    return error_set("%s: line %ld: %s", r->path, r->number, what);
}

/* "count dim" */
static int read_header(reader *r, int *count, int *dim)
{
    char *line = next_line(r), *end;
    if (!line)
        return error_set("%s: empty file: no \"words dimensions\" line",
                         r->path);
    long a = strtol(line, &end, 10), b = strtol(end, &end, 10);
    while (*end == ' ')
        end++;
    if (*end != '\0' || a < 1 || b < 1 || a > LARGEST_COUNT ||
        b > LARGEST_COUNT)
        return bad_line(r, "not \"words dimensions\", two positive whole "
                           "numbers (is this a word2vec text file?)");
    *count = (int)a, *dim = (int)b;
    return 0;
}

/* "word v1 ... vdim" into words and row `row` of vectors. */
static int read_word(reader *r, word_vectors *wv, int row)
{
    char *line = next_line(r);
    if (!line)
        return error_set("%s: ends after %d of its %d words (truncated?)",
                         r->path, row, wv->vectors.rows);
    char *space = strchr(line, ' ');
    if (!space || space == line)
        return bad_line(r, "no word, then numbers");
    *space = '\0';
    if (vocab_find(&wv->words, line) >= 0)
        return bad_line(r, "a word seen before");
    vocab_add(&wv->words, line);
    char *at = space + 1;
    float *v = mat_row(&wv->vectors, row);
    for (int i = 0; i < wv->vectors.cols; i++) {
        while (*at == ' ')
            at++;
        if (*at == '\0')
            return bad_line(r, "too few numbers");
        char *end;
        errno = 0;
        v[i] = strtof(at, &end);
        if (end == at || (*end != ' ' && *end != '\0') || errno != 0 ||
            !isfinite(v[i]))
            return bad_line(r, "a value that is not a finite number");
        at = end;
    }
    while (*at == ' ')
        at++;
    return *at == '\0' ? 0 : bad_line(r, "too many numbers");
}

int word_vectors_load(word_vectors *wv, const char *path)
{
    memset(wv, 0, sizeof *wv);
    reader r = {fopen(path, "r"), path, NULL, 0, 0};
    if (!r.file)
        return error_set("cannot open word vectors %s: %s", path,
                         strerror(errno));
    int count = 0, dim = 0, status = read_header(&r, &count, &dim);
    struct stat st;
    /* Each number takes two bytes at least ("0 "): refuse a first line
     * that promises more than the file can hold before making room. */
    if (status == 0 && fstat(fileno(r.file), &st) == 0 &&
        (long long)count * dim > (long long)st.st_size / 2)
        status = error_set("%s: the first line promises %d words of %d "
                           "numbers, more than the file holds (truncated?)",
                           path, count, dim);
    if (status == 0) {
        vocab_create(&wv->words);
        wv->vectors = mat_create(count, dim);
        for (int w = 0; w < count && status == 0; w++)
            status = read_word(&r, wv, w);
    }
    if (status == 0 && next_line(&r))
        status = bad_line(&r, "more words than the first line says");
    free(r.line);
    fclose(r.file);
    if (status != 0)
        word_vectors_free(wv);
    return status;
}

void word_vectors_free(word_vectors *wv)
{
    vocab_free(&wv->words);
    mat_free(&wv->vectors);
    memset(wv, 0, sizeof *wv);
}
