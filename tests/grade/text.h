/* text.h - the grader's string helpers, for the messages it builds from
 * what a submission's build or run printed, and for reading files a
 * submission may have touched. */
#ifndef GRADE_TEXT_H
#define GRADE_TEXT_H

#include <stddef.h>

#include "core/infra/error.h"

/* Appends printf-style text to the string in out (size bytes in all),
 * cutting it short rather than overflowing. */
void text_append(char *out, size_t size, const char *fmt, ...) KIT_PRINTF(3, 4);

/* Makes a line harmless to print: control bytes (a submission may print
 * escape sequences) become '?'. */
void text_defuse(char *line);

/* Decides whether a line goes into a message: returns 1 and puts what
 * to show in shown (size bytes), or 0 to leave the line out. */
typedef int (*text_pick)(const char *line, char *shown, size_t size,
                         const void *ctx);

/* Appends to out up to `lines` lines of text that pick keeps (all, if it
 * is NULL), defused: the first after `label`, the others after
 * `separator`. Returns how many it appended. */
int text_append_lines(char *out, size_t size, const char *text, int lines,
                      text_pick pick, const void *ctx, const char *label,
                      const char *separator);

/* The whole of a regular file of at most max bytes, never read through a
 * link (a submission's build may have left one), as a NUL-terminated
 * string to free; NULL if it cannot. */
char *text_read_file(const char *path, size_t max);

#endif
