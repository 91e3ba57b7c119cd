/* error.c - messages for the caller, and the ways a program stops. */
#include "error.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/common_interface_defs.h>
#endif

static char last_message[1024];
static const char *name = "kit";

int error_set(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vsnprintf(last_message, sizeof last_message, fmt, args);
    va_end(args);
    return -1;
}

const char *error_message(void)
{
    return last_message[0] ? last_message : "unknown error";
}

void program_set_name(const char *argv0)
{
    const char *slash = strrchr(argv0, '/');
    name = slash ? slash + 1 : argv0;
}

const char *program_name(void)
{
    return name;
}

void die(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    fprintf(stderr, "%s: ", name);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
    exit(1);
}

void check_failed(const char *cond, const char *file, int line,
                  const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    fprintf(stderr, "%s: %s:%d: check failed: %s: ", name, file, line, cond);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
#ifdef __SANITIZE_ADDRESS__
    /* Who called: the grader shows a student the line of their code
     * that broke the kit's rule, not only the kit's own line. */
    __sanitizer_print_stack_trace();
#endif
    abort();
}

static void out_of_memory(size_t count, size_t size)
{
    fprintf(stderr, "%s: out of memory (wanted %zu x %zu bytes)\n", name,
            count, size);
    exit(1);
}

void *kit_alloc(size_t count, size_t size)
{
    void *memory = calloc(count ? count : 1, size ? size : 1);
    if (!memory)
        out_of_memory(count, size);
    return memory;
}

void *kit_realloc(void *memory, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        out_of_memory(count, size);
    size_t bytes = count * size;
    void *moved = realloc(memory, bytes > 0 ? bytes : 1);
    if (!moved)
        out_of_memory(count, size);
    return moved;
}
