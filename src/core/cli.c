/* cli.c - flag parsing and --help. */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static const char *placeholder(enum cli_kind kind)
{
    switch (kind) {
    case CLI_INT: return "N";
    case CLI_FLOAT: return "X";
    case CLI_STRING: return "TEXT";
    case CLI_SEED: return "N";
    default: return "";
    }
}

static void print_default(const cli_option *o)
{
    switch (o->kind) {
    case CLI_INT: printf(" (default %d)", *(int *)o->value); break;
    case CLI_FLOAT: printf(" (default %g)", *(float *)o->value); break;
    case CLI_SEED: printf(" (default %" PRIu64 ")", *(uint64_t *)o->value);
        break;
    case CLI_STRING: printf(" (default %s)", *(const char **)o->value);
        break;
    default: break;
    }
}

static void print_help(const cli_program *program)
{
    printf("Usage: %s [options]\n\n%s\n\nOptions:\n", program_name(),
           program->summary);
    for (int i = 0; i < program->count; i++) {
        const cli_option *o = &program->options[i];
        char flag[64];
        snprintf(flag, sizeof flag, "--%s %s", o->name, placeholder(o->kind));
        printf("  %-22s %s", flag, o->help);
        print_default(o);
        printf("\n");
    }
    printf("  %-22s %s\n", "--help", "print this help and exit");
}

static int parse_value(const cli_option *o, const char *text)
{
    char *end;
    errno = 0;
    if (o->kind == CLI_INT) {
        long v = strtol(text, &end, 10);
        if (*text == '\0' || isspace((unsigned char)*text) || *end || errno ||
            v < INT32_MIN || v > INT32_MAX)
            return error_set("--%s wants a whole number, not '%s'", o->name,
                             text);
        *(int *)o->value = (int)v;
    } else if (o->kind == CLI_SEED) {
        unsigned long long v = strtoull(text, &end, 10);
        if (!isdigit((unsigned char)*text) || *end || errno)
            return error_set("--%s wants a non-negative whole number, "
                             "not '%s'", o->name, text);
        *(uint64_t *)o->value = (uint64_t)v;
    } else if (o->kind == CLI_FLOAT) {
        float v = strtof(text, &end);
        /* ERANGE also means "too small for a float": that rounds to 0 and
         * is fine; too large is not. */
        if (*text == '\0' || isspace((unsigned char)*text) || *end ||
            !isfinite(v) || (errno == ERANGE && fabsf(v) > 1))
            return error_set("--%s wants a number, not '%s'", o->name, text);
        *(float *)o->value = v;
    } else {
        if (*text == '\0')
            return error_set("--%s wants a value, not an empty string",
                             o->name);
        *(const char **)o->value = text;
    }
    return 0;
}

static const cli_option *find_option(const cli_program *program,
                                     const char *name, size_t length)
{
    for (int i = 0; i < program->count; i++) {
        const char *candidate = program->options[i].name;
        if (strlen(candidate) == length && !strncmp(candidate, name, length))
            return &program->options[i];
    }
    return NULL;
}

int cli_parse(const cli_program *program, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            print_help(program);
            return 1;
        }
        if (strncmp(arg, "--", 2) != 0)
            return error_set("unexpected argument '%s'", arg);
        const char *name = arg + 2, *equals = strchr(name, '=');
        size_t length = equals ? (size_t)(equals - name) : strlen(name);
        const cli_option *o = find_option(program, name, length);
        if (!o)
            return error_set("unknown flag '%.*s'", (int)length + 2, arg);
        if (o->kind == CLI_FLAG) {
            if (equals)
                return error_set("--%s takes no value", o->name);
            *(int *)o->value = 1;
            continue;
        }
        const char *text = equals ? equals + 1 : (i + 1 < argc ? argv[++i]
                                                               : NULL);
        /* "--out --quiet" is a forgotten value, not a directory named
         * "--quiet" (write --out=--quiet if you mean it). */
        if (!text || (!equals && strncmp(text, "--", 2) == 0))
            return error_set("--%s needs a value", o->name);
        if (parse_value(o, text) != 0)
            return -1;
    }
    return 0;
}

int cli_given(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (!strncmp(argv[i], "--", 2) && !strcmp(argv[i] + 2, name))
            return 1;
    return 0;
}

void cli_check_range(const char *flag, int value, int lo, int hi)
{
    if (value < lo || value > hi)
        die("--%s must be between %d and %d, not %d", flag, lo, hi, value);
}

void cli_parse_or_exit(const cli_program *program, int argc, char **argv)
{
    program_set_name(argv[0]);
    int status = cli_parse(program, argc, argv);
    if (status == 1)
        exit(0);
    if (status != 0)
        die("%s (try '%s --help')", error_message(), program_name());
}
