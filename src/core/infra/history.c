/* history.c - a table of measurements, epoch by epoch. */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/infra/error.h"
#include "core/infra/tsv.h"

void history_create(history *h, const history_column *columns, int count)
{
    CHECK(count >= 1 && count <= HISTORY_MAX_COLUMNS, "%d columns", count);
    *h = (history){.columns = count};
    memcpy(h->column, columns, (size_t)count * sizeof *columns);
}

void history_free(history *h)
{
    free(h->values);
    h->values = NULL;
    h->rows = h->capacity = 0;
}

void history_add(history *h, const double *row)
{
    if (!h)
        return;
    if (h->rows == h->capacity) {
        h->capacity = h->capacity ? 2 * h->capacity : 64;
        h->values = kit_realloc(h->values, (size_t)h->capacity * h->columns,
                                sizeof(double));
    }
    memcpy(h->values + (size_t)h->rows++ * h->columns, row,
           (size_t)h->columns * sizeof(double));
}

/* The column names, tab-separated. */
static void header_of(const history *h, char *header, size_t size)
{
    header[0] = '\0';
    for (int c = 0; c < h->columns; c++)
        snprintf(header + strlen(header), size - strlen(header), "%s%s",
                 c ? "\t" : "", h->column[c].name);
}

void history_write_or_die(const history *h, const char *dir,
                          const char *name)
{
    char header[512], line[512];
    header_of(h, header, sizeof header);
    tsv t;
    tsv_open_in_or_die(&t, dir, name, header);
    for (int r = 0; r < h->rows; r++) {
        const double *row = h->values + (size_t)r * h->columns;
        line[0] = '\0';
        for (int c = 0; c < h->columns; c++)
            snprintf(line + strlen(line), sizeof line - strlen(line),
                     "%s%.*f", c ? "\t" : "", h->column[c].decimals, row[c]);
        tsv_row(&t, "%s", line);
    }
    tsv_close_or_die(&t);
}
