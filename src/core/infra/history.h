/* history.h - what training measured, epoch by epoch, kept as a table.
 *
 * A chapter's module trains and measures; its program writes every file.
 * The history is how the measurements travel between them: the program
 * makes it with its columns, the module adds a row per epoch, and the
 * program writes it out.
 *
 *     history hist;
 *     history_create(&hist, (history_column[]){{"epoch", 0}, {"loss", 6}},
 *                    2);
 *     plan.history = &hist;                    ... the module trains ...
 *     history_add(&hist, (double[]){epoch, loss});   (in the module)
 *     history_write_or_die(&hist, out_dir, "history.tsv");
 *     history_free(&hist);
 */
#ifndef KIT_HISTORY_H
#define KIT_HISTORY_H

#define HISTORY_MAX_COLUMNS 8

typedef struct history_column {
    const char *name; /* the header of the column */
    int decimals;     /* digits written after the point (0: a count) */
} history_column;

typedef struct history {
    int columns, rows, capacity;
    history_column column[HISTORY_MAX_COLUMNS];
    double *values; /* rows x columns */
} history;

void history_create(history *h, const history_column *columns, int count);
void history_free(history *h);

/* Adds a row of h->columns values. A NULL history takes nothing, so that
 * a module can be run without one. */
void history_add(history *h, const double *row);

/* Writes the table as the TSV file dir/name, the column names as its
 * header; stops the program with the message if it cannot. */
void history_write_or_die(const history *h, const char *dir,
                          const char *name);

#endif
