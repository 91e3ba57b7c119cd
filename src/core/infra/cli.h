/* cli.h - command-line flags from one table, with --help made from it.
 *
 *     int epochs = 300, runs = 9;
 *     const cli_option options[] = {
 *         {"epochs", CLI_INT, &epochs, "training epochs"},
 *         {"runs", CLI_INT, &runs, "timed runs"},
 *     };
 *     cli_program program = {.summary = "Trains ...", .options = options,
 *                            .count = CLI_COUNT(options)};
 *     cli_parse_or_exit(&program, argc, argv);
 *
 * An experiment program also points .common at a cli_common, which gives
 * it --out, --seed, --quick and --quiet, and starts with
 * cli_parse_experiment instead.
 *
 * Flags are written --name value or --name=value. --help prints the usage,
 * the summary and every flag with its current (default) value, then exits 0;
 * an unknown flag or a bad value prints one message and exits 1.
 */
#ifndef KIT_CLI_H
#define KIT_CLI_H

#include <stdint.h>

enum cli_kind {
    CLI_FLAG,   /* int: set to 1 when present, takes no value */
    CLI_INT,    /* int */
    CLI_FLOAT,  /* float, finite */
    CLI_STRING, /* const char * */
    CLI_SEED,   /* uint64_t */
};

typedef struct cli_option {
    const char *name; /* without the leading "--" */
    enum cli_kind kind;
    void *value; /* where the value goes; its initial value is the default */
    const char *help;
} cli_option;

/* The options every experiment program has. */
typedef struct cli_common {
    const char *out; /* --out: the directory for its results */
    uint64_t seed;   /* --seed: same seed, same results */
    int quick;       /* --quick: a small, fast run (for tests) */
    int quiet;       /* --quiet: no progress line on stderr */
} cli_common;

/* How many options a table holds. */
#define CLI_COUNT(table) ((int)(sizeof(table) / sizeof((table)[0])))

typedef struct cli_program {
    const char *summary; /* what the program does, for --help */
    const cli_option *options;
    int count;
    cli_common *common;  /* --out, --seed, --quick, --quiet too, or NULL */
} cli_program;

/* 0 when the flags were read, 1 when --help was printed, -1 on a bad flag
 * (with a message). */
int cli_parse(const cli_program *program, int argc, char **argv);

/* cli_parse for programs: sets the program name, exits on --help (0) or on
 * a bad flag (1, with the message and a pointer to --help). */
void cli_parse_or_exit(const cli_program *program, int argc, char **argv);

/* The start of an experiment program's main: with --quick among the
 * arguments, first quick(settings), which sets the defaults of a quick
 * run (so that flags given with --quick still win); then the flags, as
 * cli_parse_or_exit; then --quiet silences the progress line. */
void cli_parse_experiment(const cli_program *program, int argc, char **argv,
                          void (*quick)(void *settings), void *settings);

/* Whether the flag --name is one of the arguments. For a flag that changes
 * the defaults of others, such as --quick: apply it before cli_parse, so
 * that flags given explicitly still win. */
int cli_given(int argc, char **argv, const char *name);

/* For programs: exits with "--flag must be between lo and hi, not value"
 * unless lo <= value <= hi. */
void cli_check_range(const char *flag, int value, int lo, int hi);

/* The same for a real number (a NaN is not between). */
void cli_check_between(const char *flag, double value, double lo, double hi);

/* For programs: exits with "--flag must be positive, not value" unless
 * value > 0 (a NaN is not). */
void cli_check_positive(const char *flag, double value);

#endif
