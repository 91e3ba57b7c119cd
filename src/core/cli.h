/* cli.h - command-line flags from one table, with --help made from it.
 *
 *     int epochs = 300;  uint64_t seed = 1;  int quick = 0;
 *     const cli_option options[] = {
 *         {"epochs", CLI_INT, &epochs, "training epochs"},
 *         {"seed", CLI_SEED, &seed, "random seed"},
 *         {"quick", CLI_FLAG, &quick, "a small, fast run for tests"},
 *     };
 *     cli_program program = {"Trains ...", options, 3};
 *     cli_parse_or_exit(&program, argc, argv);
 *
 * Flags are written --name value or --name=value. --help prints the usage,
 * the summary and every flag with its current (default) value, then exits 0;
 * an unknown flag or a bad value prints one message and exits 1.
 */
#ifndef KIT_CLI_H
#define KIT_CLI_H

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

typedef struct cli_program {
    const char *summary; /* what the program does, for --help */
    const cli_option *options;
    int count;
} cli_program;

/* 0 when the flags were read, 1 when --help was printed, -1 on a bad flag
 * (with a message). */
int cli_parse(const cli_program *program, int argc, char **argv);

/* cli_parse for programs: sets the program name, exits on --help (0) or on
 * a bad flag (1, with the message and a pointer to --help). */
void cli_parse_or_exit(const cli_program *program, int argc, char **argv);

/* Whether the flag --name is one of the arguments. For a flag that changes
 * the defaults of others, such as --quick: apply it before cli_parse, so
 * that flags given explicitly still win. */
int cli_given(int argc, char **argv, const char *name);

/* For programs: exits with "--flag must be between lo and hi, not value"
 * unless lo <= value <= hi. */
void cli_check_range(const char *flag, int value, int lo, int hi);

#endif
