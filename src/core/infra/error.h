/* error.h - the kit's one error convention.
 *
 * Input errors (a missing file, a corrupt dataset, a bad flag) are reported,
 * not crashed on. A library function that meets one returns -1 and leaves a
 * message that says what went wrong, where, and how to fix it:
 *
 *     if (tsv_open(&out, path, "x\ty\tlabel") != 0)
 *         die("%s", error_message());
 *
 * Only programs exit: die() prints "program: message" and exits with 1.
 *
 * Programming errors are different: two matrices whose shapes do not fit
 * can only come from a bug in the code, never from the user. CHECK() stops
 * the program at once, naming the condition, the file and the line.
 * Running out of memory is treated the same way (kit_alloc).
 */
#ifndef KIT_ERROR_H
#define KIT_ERROR_H

#include <stddef.h>

#if defined(__GNUC__)
#define KIT_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define KIT_NORETURN __attribute__((noreturn))
#else
#define KIT_PRINTF(fmt, args)
#define KIT_NORETURN
#endif

/* Records a message for the caller and returns -1, so that a failing
 * function can end with: return error_set("...", ...); */
int error_set(const char *fmt, ...) KIT_PRINTF(1, 2);

/* The message of the most recent error_set(). */
const char *error_message(void);

/* The name die() and the progress line print; programs call this first. */
void program_set_name(const char *argv0);
const char *program_name(void);

/* Prints "program: message" on stderr and exits with status 1. */
void die(const char *fmt, ...) KIT_PRINTF(1, 2) KIT_NORETURN;

/* Stops the program on a broken contract: a bug, not an input error. */
#define CHECK(cond, ...) \
    do { \
        if (!(cond)) \
            check_failed(#cond, __FILE__, __LINE__, __VA_ARGS__); \
    } while (0)

void check_failed(const char *cond, const char *file, int line,
                  const char *fmt, ...) KIT_PRINTF(4, 5) KIT_NORETURN;

/* calloc and realloc that never return NULL: running out of memory (or
 * asking for more than a size_t can count) stops the program with a
 * message and status 1, as a bad input would, not with an abort. */
void *kit_alloc(size_t count, size_t size);
void *kit_realloc(void *memory, size_t count, size_t size);

#endif
