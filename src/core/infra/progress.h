/* progress.h - a progress line on stderr for long loops, and the time
 * left in a whole run of them.
 *
 * A loop:
 *
 *     progress p;
 *     progress_start(&p, "spirals", steps, "points", batch_size);
 *     for (long s = 0; s < steps; s++) {
 *         ... one step ...
 *         progress_update(&p, s + 1, loss);
 *     }
 *     progress_finish(&p, loss);
 *
 * prints, at most ten times a second on a terminal and every ten seconds
 * into a log,
 *     ch01_layers: spirals  step 1200/4000  loss 0.2143  51.2k points/s
 *     2.1 s left
 * (on one line).
 *
 * A program that trains several models one after the other makes them
 * the stages of a run, each with its expected work (in any unit: what
 * counts is its share of the whole; NULL gives every stage the same):
 *
 *     progress_run run;
 *     progress_run_start(&run, "model", 6, NULL, s.run.quick);
 *     for (int i = 0; i < 6; i++) {
 *         progress_run_stage(&run, "m = %d", sizes[i]);
 *         ... train it: any loop in it reports to the run ...
 *     }
 *     progress_run_finish(&run);
 *
 * Each line then says which stage is running (and the loop's label, if
 * it is not the stage's name) and the time left for the whole run, from
 * the throughput measured so far against the work still to do:
 *     ch02_autoencoder: model 3/6 (m = 8)  step 400/9380  loss 0.0213
 *     41.2k images/s  3 min 12 s left in all
 * A stage without a loop gets a line of its own when it begins; a run
 * of one stage names none (it is there for the time left). About
 * a second into the run, if the whole of it looks set to take over a
 * minute, it says so once, with how to get a run of a few seconds
 * instead, unless this is that run (quick: its --quick flag):
 *     ch02_autoencoder: this run will take about 5 min 10 s on this
 *     machine; for a short run of a few seconds: make run CH=02 QUICK=1
 *     (--quick)
 * On a terminal, a line too wide for it leaves out the throughput, then
 * the stage's name, so that it still fits on one line.
 *
 * It writes nothing the results depend on, and nothing at all when
 * progress_quiet is set (the --quiet flag of every program).
 */
#ifndef KIT_PROGRESS_H
#define KIT_PROGRESS_H

#include <stddef.h>

#include "core/infra/error.h"

typedef struct progress {
    const char *label;     /* what is running, e.g. "spirals" */
    const char *unit;      /* what a step processes, e.g. "points" */
    long total;            /* steps in all */
    double items_per_step; /* units per step, for the throughput */
    long done;             /* steps so far */
    long lap;              /* steps in a lap: an epoch, after which the
                              program evaluates (0: no laps) */
    double start, last_print;
    int on_terminal;
} progress;

typedef struct progress_run {
    const char *noun;      /* what a stage is, e.g. "model" */
    int stages;            /* in all */
    const double *work;    /* each stage's expected work; NULL: equal */
    int quick;             /* 1: the run is already the short one */
    int stage;             /* the one running, from 1 (0: none yet) */
    char name[64];         /* its name, e.g. "code 16" */
    double start, stage_start, last_print;
    int advised;           /* the estimate was looked at */
    const progress *loop;  /* the loop running in the stage, if any */
} progress_run;

extern int progress_quiet;

/* Seconds on a clock that only moves forward (for timing, not dates). */
double wall_seconds(void);

void progress_start(progress *p, const char *label, long total,
                    const char *unit, double items_per_step);
void progress_update(progress *p, long done, double loss);
void progress_finish(progress *p, double loss);

/* The run is the one every progress line reports to until it finishes;
 * work (kept, not copied) has one number for each of the stages. */
void progress_run_start(progress_run *run, const char *noun, int stages,
                        const double *work, int quick);
/* Ends the stage before, if any, and begins the next, named by a
 * printf format (NULL: no name). */
void progress_run_stage(progress_run *run, const char *format, ...)
    KIT_PRINTF(2, 3);
/* Prints the time the whole run took. */
void progress_run_finish(progress_run *run);

/* The parts of the estimate, for the tests. */

/* Seconds left in the run at time `now` (on the wall_seconds clock) when
 * the loop running has loop_left seconds to go (below 0: unknown);
 * below 0 when there is nothing to tell it from yet. */
double progress_run_left(const progress_run *run, double now,
                         double loop_left);
/* "4.2 s", "42 s", "3 min 12 s", "1 h 5 min". */
void progress_format_time(char *text, size_t size, double seconds);
/* The advice for `program` (e.g. "ch02_autoencoder") whose whole run
 * looks set to take `seconds`, into text; 0 when none is needed (a run
 * of a minute or less). */
int progress_advice(char *text, size_t size, const char *program,
                    double seconds);

#endif
