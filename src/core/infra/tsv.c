/* tsv.c - header, rows and blocks of a results file. */
#include "tsv.h"

#include <stdarg.h>
#include <stdio.h>

static int count_fields(const char *line)
{
    int fields = 1;
    for (const char *c = line; *c; c++)
        fields += *c == '\t';
    return fields;
}

int tsv_open(tsv *t, const char *path, const char *header)
{
    if (outfile_open(&t->out, path) != 0)
        return -1;
    t->fields = count_fields(header);
    fprintf(t->out.file, "%s\n", header);
    return 0;
}

int tsv_open_in(tsv *t, const char *dir, const char *name,
                const char *header)
{
    char path[OUTFILE_PATH_MAX];
    path_join(path, sizeof path, dir, name);
    return tsv_open(t, path, header);
}

void tsv_open_in_or_die(tsv *t, const char *dir, const char *name,
                        const char *header)
{
    if (tsv_open_in(t, dir, name, header) != 0)
        die("%s", error_message());
}

void tsv_close_or_die(tsv *t)
{
    if (tsv_close(t) != 0)
        die("%s", error_message());
}

void tsv_row(tsv *t, const char *fmt, ...)
{
    char line[4096];
    va_list args;
    va_start(args, fmt);
    int length = vsnprintf(line, sizeof line, fmt, args);
    va_end(args);
    CHECK(length >= 0 && length < (int)sizeof line, "row too long for %s",
          t->out.path);
    CHECK(count_fields(line) == t->fields, "%s: row has %d fields, not %d",
          t->out.path, count_fields(line), t->fields);
    fprintf(t->out.file, "%s\n", line);
}

void tsv_blank(tsv *t)
{
    fputc('\n', t->out.file);
}

int tsv_close(tsv *t)
{
    return outfile_commit(&t->out);
}

int tsv_write_mosaic(const char *path, const mat *images, int per_row,
                     int side)
{
    tsv t;
    if (tsv_open(&t, path, "x\ty\tvalue") != 0)
        return -1;
    int tiles_down = (images->rows + per_row - 1) / per_row;
    for (int y = 0; y < tiles_down * side; y++)
        for (int x = 0; x < per_row * side; x++) {
            int image = (y / side) * per_row + x / side;
            float value = image < images->rows
                              ? mat_get(images, image,
                                        (y % side) * side + x % side)
                              : 0.0f;
            tsv_row(&t, "%d\t%d\t%.3f", x, y, value);
        }
    return tsv_close(&t);
}

int tsv_write_matrix(const char *path, const char *corner,
                     const char *const *row_names,
                     const char *const *column_names, const mat *m)
{
    outfile out;
    if (outfile_open(&out, path) != 0)
        return -1;
    fputs(corner, out.file);
    for (int j = 0; j < m->cols; j++)
        fprintf(out.file, "\t%s", column_names[j]);
    for (int i = 0; i < m->rows; i++) {
        fprintf(out.file, "\n%s", row_names[i]);
        for (int j = 0; j < m->cols; j++)
            fprintf(out.file, "\t%.4f", mat_get(m, i, j));
    }
    fputc('\n', out.file);
    return outfile_commit(&out);
}
