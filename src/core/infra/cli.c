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

#include "core/infra/error.h"
#include "core/infra/progress.h"

#define MAX_OPTIONS 64

/* The program's options with the common ones around them: --out and
 * --seed first, --quick and --quiet last. Returns how many. */
static int all_options(const cli_program *program, cli_option *all)
{
    int n = 0;
    cli_common *c = program->common;
    if (c) {
        all[n++] = (cli_option){"out", CLI_STRING, &c->out,
                                "directory for the TSV results"};
        all[n++] = (cli_option){"seed", CLI_SEED, &c->seed,
                                "random seed: same seed, same results"};
    }
    for (int i = 0; i < program->count && n < MAX_OPTIONS - 2; i++)
        all[n++] = program->options[i];
    if (c) {
        all[n++] = (cli_option){"quick", CLI_FLAG, &c->quick,
                                "a small, fast run (for tests)"};
        all[n++] = (cli_option){"quiet", CLI_FLAG, &c->quiet,
                                "no progress line on stderr"};
    }
    return n;
}

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

static void print_help(const char *summary, const cli_option *all, int n)
{
    printf("Usage: %s [options]\n\n%s\n\nOptions:\n", program_name(),
           summary);
    for (int i = 0; i < n; i++) {
        const cli_option *o = &all[i];
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

static const cli_option *find_option(const cli_option *all, int n,
                                     const char *name, size_t length)
{
    for (int i = 0; i < n; i++) {
        const char *candidate = all[i].name;
        if (strlen(candidate) == length && !strncmp(candidate, name, length))
            return &all[i];
    }
    return NULL;
}

int cli_parse(const cli_program *program, int argc, char **argv)
{
    cli_option all[MAX_OPTIONS];
    int n = all_options(program, all);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            print_help(program->summary, all, n);
            return 1;
        }
        if (strncmp(arg, "--", 2) != 0)
            return error_set("unexpected argument '%s'", arg);
        const char *name = arg + 2, *equals = strchr(name, '=');
        size_t length = equals ? (size_t)(equals - name) : strlen(name);
        const cli_option *o = find_option(all, n, name, length);
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

void cli_check_between(const char *flag, double value, double lo, double hi)
{
    if (!(value >= lo && value <= hi)) /* a NaN is refused too */
        die("--%s must be between %g and %g, not %g", flag, lo, hi, value);
}

void cli_check_positive(const char *flag, double value)
{
    if (!(value > 0))
        die("--%s must be positive, not %g", flag, value);
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

void cli_parse_experiment(const cli_program *program, int argc, char **argv,
                          void (*quick)(void *settings), void *settings)
{
    if (quick && cli_given(argc, argv, "quick"))
        quick(settings);
    cli_parse_or_exit(program, argc, argv);
    if (program->common)
        progress_quiet = program->common->quiet;
}
