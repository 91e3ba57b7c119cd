/* error.c - messages for the caller, and the ways a program stops. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    abort();
}

void *kit_alloc(size_t count, size_t size)
{
    void *memory = calloc(count ? count : 1, size ? size : 1);
    if (!memory) {
        fprintf(stderr, "%s: out of memory (wanted %zu x %zu bytes)\n", name,
                count, size);
        exit(1);
    }
    return memory;
}
