/* tsv.h - results as tab-separated text with a header line.
 *
 * Every experiment writes its results this way, for gnuplot and for people:
 *
 *     tsv t;
 *     if (tsv_open(&t, "build/data/ch01/history.tsv",
 *                  "epoch\tloss\taccuracy") != 0)
 *         die("%s", error_message());
 *     tsv_row(&t, "%d\t%.6g\t%.4f", epoch, loss, accuracy);
 *     if (tsv_close(&t) != 0) die("%s", error_message());
 *
 * A row must have as many fields as the header. A blank line (tsv_blank)
 * separates blocks, which gnuplot draws as separate lines. The file appears
 * only when tsv_close succeeds (see outfile.h).
 */
#ifndef KIT_TSV_H
#define KIT_TSV_H

#include "core/infra/error.h"
#include "core/infra/outfile.h"
#include "core/learn/mat.h"

typedef struct tsv {
    outfile out;
    int fields; /* fields in the header, which every row must match */
} tsv;

int tsv_open(tsv *t, const char *path, const char *header);

/* tsv_open of the file `name` in directory `dir`. */
int tsv_open_in(tsv *t, const char *dir, const char *name,
                const char *header);

/* For programs, which stop on an error: tsv_open_in and tsv_close that
 * die() with the message instead of returning -1. */
void tsv_open_in_or_die(tsv *t, const char *dir, const char *name,
                        const char *header);
void tsv_close_or_die(tsv *t);

/* One row from a printf format; the newline is added. */
void tsv_row(tsv *t, const char *fmt, ...) KIT_PRINTF(2, 3);

/* An empty line: the end of a block. */
void tsv_blank(tsv *t);

int tsv_close(tsv *t);

/* Writes images (n x side*side, pixels in [0, 1]) as one picture, per_row
 * images across, as TSV rows "x, y, value" with y counting down from the
 * top, for gnuplot's "with image". 0, or -1 with a message. */
int tsv_write_mosaic(const char *path, const mat *images, int per_row,
                     int side);

/* Writes a matrix with a name for each row and column: a header line of
 * `corner` and the column names, then each row's name and its entries, as
 * gnuplot reads with `matrix rowheaders columnheaders` (for heatmaps).
 * 0, or -1 with a message. */
int tsv_write_matrix(const char *path, const char *corner,
                     const char *const *row_names,
                     const char *const *column_names, const mat *m);

#endif
