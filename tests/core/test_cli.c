/* test_cli.c - flags from a table: values, defaults and clear refusals. */
#include <stdio.h>
#include <string.h>

#include "core/infra/cli.h"
#include "core/infra/error.h"
#include "core/infra/progress.h"
#include "core_tests.h"

typedef struct flags {
    int epochs, quick;
    float lr;
    uint64_t seed;
    const char *out;
} flags;

static int parse(flags *f, int argc, char **argv)
{
    const cli_option options[] = {
        {"epochs", CLI_INT, &f->epochs, "epochs"},
        {"quick", CLI_FLAG, &f->quick, "quick"},
        {"lr", CLI_FLOAT, &f->lr, "learning rate"},
        {"seed", CLI_SEED, &f->seed, "seed"},
        {"out", CLI_STRING, &f->out, "output"},
    };
    cli_program program = {.summary = "test", .options = options,
                           .count = CLI_COUNT(options)};
    return cli_parse(&program, argc, argv);
}

static void reads_every_kind(void **state)
{
    (void)state;
    flags f = {10, 0, 0.1f, 1, "x"};
    char *argv[] = {"prog", "--epochs", "25", "--quick", "--lr=0.5",
                    "--seed", "18446744073709551615", "--out", "dir"};
    assert_int_equal(parse(&f, 9, argv), 0);
    char *tiny[] = {"prog", "--lr", "1e-50", "--out=--odd-name"};
    flags g = {10, 0, 0.1f, 1, "x"};
    assert_int_equal(parse(&g, 4, tiny), 0); /* rounds to 0: accepted */
    assert_string_equal(g.out, "--odd-name");
    assert_int_equal(f.epochs, 25);
    assert_int_equal(f.quick, 1);
    assert_float_equal(f.lr, 0.5, 0);
    assert_true(f.seed == UINT64_MAX);
    assert_string_equal(f.out, "dir");
}

static void keeps_defaults(void **state)
{
    (void)state;
    flags f = {10, 0, 0.1f, 1, "x"};
    char *argv[] = {"prog"};
    assert_int_equal(parse(&f, 1, argv), 0);
    assert_int_equal(f.epochs, 10);
    assert_string_equal(f.out, "x");
}

static void refuses_clearly(void **state)
{
    (void)state;
    struct {
        char *args[3];
        int argc;
        const char *message;
    } cases[] = {
        {{"prog", "--nope"}, 2, "unknown flag '--nope'"},
        {{"prog", "--epochs", "ten"}, 3, "--epochs wants a whole number"},
        {{"prog", "--epochs"}, 2, "--epochs needs a value"},
        {{"prog", "--lr", "inf"}, 3, "--lr wants a number"},
        {{"prog", "--seed", "-3"}, 3, "--seed wants a non-negative"},
        {{"prog", "--quick=1"}, 2, "--quick takes no value"},
        {{"prog", "stray"}, 2, "unexpected argument 'stray'"},
        {{"prog", "--seed", " -1"}, 3, "--seed wants a non-negative"},
        {{"prog", "--out", ""}, 3, "--out wants a value, not an empty"},
        {{"prog", "--out", "--quick"}, 3, "--out needs a value"},
        {{"prog", "--lr", "1e39"}, 3, "--lr wants a number"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        flags f = {10, 0, 0.1f, 1, "x"};
        assert_int_equal(parse(&f, cases[i].argc, cases[i].args), -1);
        if (!strstr(error_message(), cases[i].message))
            fail_msg("case %zu: message '%s' lacks '%s'", i, error_message(),
                     cases[i].message);
    }
}

static void finds_a_flag_before_parsing(void **state)
{
    (void)state;
    char *argv[] = {"prog", "--epochs", "3", "--quick", "--out=--lr"};
    assert_true(cli_given(5, argv, "quick"));
    assert_false(cli_given(5, argv, "lr"));  /* a value, not a flag */
    assert_false(cli_given(5, argv, "qui")); /* whole names only */
}

static void help_lists_flags_and_defaults(void **state)
{
    (void)state;
    flags f = {10, 0, 0.1f, 1, "x"};
    char *argv[] = {"prog", "--help"};
    fflush(stdout);
    FILE *saved = stdout, *capture = tmpfile();
    assert_non_null(capture);
    stdout = capture;
    int status = parse(&f, 2, argv);
    fflush(stdout);
    stdout = saved;
    char text[2048];
    rewind(capture);
    text[fread(text, 1, sizeof text - 1, capture)] = '\0';
    fclose(capture);
    assert_int_equal(status, 1);
    assert_non_null(strstr(text, "Usage:"));
    assert_non_null(strstr(text, "--epochs N"));
    assert_non_null(strstr(text, "(default 10)"));
    assert_non_null(strstr(text, "--help"));
}

/* The options every experiment has come with the program's own: --out
 * and --seed first, --quick and --quiet last; --quick sets its defaults
 * before the flags are read, so that a flag given with it still wins. */
static void quick_epochs(void *settings) { *(int *)settings = 2; }

static void adds_the_common_options(void **state)
{
    (void)state;
    int epochs = 10;
    cli_common run = {.out = "x", .seed = 1};
    const cli_option options[] = {{"epochs", CLI_INT, &epochs, "epochs"}};
    cli_program program = {.summary = "test", .options = options,
                           .count = CLI_COUNT(options), .common = &run};
    char *argv[] = {"prog", "--quick", "--seed", "7", "--out=dir"};
    cli_parse_experiment(&program, 5, argv, quick_epochs, &epochs);
    assert_int_equal(epochs, 2);
    assert_true(run.quick && !run.quiet && run.seed == 7);
    assert_string_equal(run.out, "dir");
    char *explicit[] = {"prog", "--epochs", "5", "--quick", "--quiet"};
    epochs = 10;
    cli_parse_experiment(&program, 5, explicit, quick_epochs, &epochs);
    assert_int_equal(epochs, 5);
    assert_true(run.quiet);
    progress_quiet = 0; /* as the other tests expect it */
}

int test_cli(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_every_kind),
        cmocka_unit_test(keeps_defaults),
        cmocka_unit_test(refuses_clearly),
        cmocka_unit_test(finds_a_flag_before_parsing),
        cmocka_unit_test(help_lists_flags_and_defaults),
        cmocka_unit_test(adds_the_common_options),
    };
    return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
