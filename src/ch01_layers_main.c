/* ch01_layers_main.c - the experiment of chapter 01.
 *
 * Fits a 1-D curve with a sum of ReLU kinks, then trains a ReLU network
 * with a 2-D embedding layer on two spirals and on three rings, and writes
 * what it learned as TSV files for the figures (see --help).
 */
#include <stdint.h>
#include <stdio.h>

#include "ch01_layers.h"
#include "core/cli.h"
#include "core/error.h"
#include "core/progress.h"

typedef struct settings {
    int points, epochs, batch, hidden, width, units, steps_1d;
    float lr, noise;
    cli_common run; /* --out, --seed, --quick, --quiet */
} settings;

/* --quick: a small, fast run (for tests). It sets defaults before the
 * flags are read, so that flags given with it still win. */
static void quick_defaults(void *settings_)
{
    settings *s = settings_;
    s->epochs = 40;
    s->steps_1d /= 10;
}

static void read_flags(settings *s, int argc, char **argv)
{
    const cli_option options[] = {
        {"points", CLI_INT, &s->points, "points in each data set"},
        {"noise", CLI_FLOAT, &s->noise, "standard deviation of the noise"},
        {"epochs", CLI_INT, &s->epochs, "passes over the data"},
        {"batch", CLI_INT, &s->batch, "points per SGD step"},
        {"lr", CLI_FLOAT, &s->lr, "learning rate"},
        {"hidden", CLI_INT, &s->hidden, "hidden ReLU layers (1 to 6)"},
        {"width", CLI_INT, &s->width, "units in each hidden layer"},
        {"units", CLI_INT, &s->units, "ReLU units of the 1-D fit (1 to 64)"},
    };
    cli_program program = {
        .summary =
            "Trains ReLU networks on 2-D point sets (two spirals, three rings)\n"
            "and a 1-D curve, with your chapter 01 code, and writes the data,\n"
            "the loss and accuracy per epoch, the decision regions and the\n"
            "learned 2-D embedding as TSV files into the --out directory.",
        .options = options, .count = CLI_COUNT(options), .common = &s->run};
    cli_parse_experiment(&program, argc, argv, quick_defaults, s);
}

static void check_settings(settings *s)
{
    cli_check_range("points", s->points, 10, 1000000);
    cli_check_range("epochs", s->epochs, 1, 1000000);
    cli_check_range("batch", s->batch, 1, s->points);
    cli_check_range("hidden", s->hidden, 1, MLP_MAX_LAYERS - 2);
    cli_check_range("width", s->width, 2, 4096);
    cli_check_range("units", s->units, 1, 64);
    if (!(s->lr > 0))
        die("--lr must be positive, not %g", s->lr);
    if (s->noise < 0)
        die("--noise must not be negative, not %g", s->noise);
}

static void run_dataset(const settings *s, dataset *ds, rng *r)
{
    mlp m;
    mlp_create(&m, s->hidden, s->width, ds->classes, s->batch, r);
    train_config cfg = {s->epochs, s->batch, s->lr, 4, s->run.out};
    double start = wall_seconds();
    float accuracy = train_and_record(&m, ds, &cfg, r);
    if (accuracy < 0)
        die("%s", error_message());
    printf("%-8s train accuracy %5.1f%% after %d epochs (%.1f s)\n",
           ds->name, 100 * accuracy, s->epochs, wall_seconds() - start);
    if (s->epochs >= 10 && accuracy < 1.0f / (float)ds->classes + 0.05f)
        fprintf(stderr, "%s: %s stayed at chance level: are the exercises "
                        "written? (make grade CH=01 tells)\n",
                program_name(), ds->name);
    mlp_free(&m);
    dataset_free(ds);
}

int main(int argc, char **argv)
{
    settings s = {.points = 1000, .epochs = 300, .batch = 32, .hidden = 3,
                  .width = 32, .units = 8, .steps_1d = 6000, .lr = 0.1f,
                  .noise = 0.03f,
                  .run = {.out = "build/data/ch01", .seed = 1}};
    read_flags(&s, argc, argv);
    check_settings(&s);

    rng r;
    rng_seed(&r, s.run.seed);
    /* Each unit adds its own step to the output: scale the rate to match. */
    if (fit_curve_1d(s.units, s.steps_1d, 0.16f / (float)s.units, s.run.out, &r))
        die("%s", error_message());
    dataset spirals, rings;
    make_spirals(&spirals, s.points, s.noise, &r);
    make_rings(&rings, s.points, s.noise, &r);
    run_dataset(&s, &spirals, &r);
    run_dataset(&s, &rings, &r);
    printf("results in %s/\n", s.run.out);
    return 0;
}
