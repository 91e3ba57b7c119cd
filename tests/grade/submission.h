/* submission.h - a submission's exercises file, made into a worker.
 *
 * Everything that reads the submission runs in the sandbox, bounded in
 * time, memory and output: the compiler, readelf (which lists what the
 * object defines and calls) and the linker. Between the compiler and the
 * linker, the object is checked:
 *
 *   - it defines (as global symbols) only the chapter's exercise
 *     functions; any helper is static (so nothing can shadow a function
 *     of the C library, cmocka, the sanitizers or the kit);
 *   - it has no constructor or destructor (.init_array, .fini_array,
 *     .ctors, .dtors, .preinit_array, .init, .fini) and no IFUNC: no code
 *     of the submission runs before the worker has locked itself down;
 *   - it calls only C's maths, memory, string and printing functions and
 *     the kit's helpers, minus those the chapter forbids because they
 *     would do the exercise's work.
 *
 * The worker is installed where the submission's code never ran, for the
 * judge to start.
 */
#ifndef GRADE_SUBMISSION_H
#define GRADE_SUBMISSION_H

#include <stddef.h>
#include <sys/types.h>

#include "grade/sandbox.h"

/* How to build a chapter's worker. */
typedef struct worker_recipe {
    const char *submission;  /* "exercises/ch01_layers.c" */
    const char *compile;     /* the compiler command, words split by spaces */
    const char *link;        /* the linker command (the compiler driver) */
    const char *const *parts; /* the worker's own objects and libraries */
    int part_count;
    int sanitized;           /* compiled with AddressSanitizer */
    const char *const *exercises; /* the functions it may define */
    const char *const *helpers;   /* kit functions it may call... */
    const char *const *forbidden; /* ...but not these */
    const char *work;        /* a directory for the build (emptied) */
    const char *installed;   /* where the worker goes */
    sandbox_level level;
    uid_t uid;
    char *warnings;          /* gets the compiler's warnings about the */
    size_t warnings_size;    /* submission, when it builds (or "") */
} worker_recipe;

/* Builds the worker. Returns 0, or -1 with why in reason: the compiler's
 * first errors, the rule the object breaks and the symbol, or the
 * linker's undefined reference. */
int worker_build(const worker_recipe *recipe, char *reason, size_t size);

#endif
