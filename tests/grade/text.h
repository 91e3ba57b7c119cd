/* text.h - the grader's few string helpers, for the messages it builds
 * from what a submission's build or run printed. */
#ifndef GRADE_TEXT_H
#define GRADE_TEXT_H

#include <stddef.h>

#include "core/error.h"

/* Appends printf-style text to the string in out (size bytes in all),
 * cutting it short rather than overflowing. */
void text_append(char *out, size_t size, const char *fmt, ...) KIT_PRINTF(3, 4);

/* Makes a line harmless to print: control bytes (a submission may print
 * escape sequences) become '?'. */
void text_defuse(char *line);

#endif
