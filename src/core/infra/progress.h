/* progress.h - a progress line on stderr for long loops.
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
 * (on one line)
 * It writes nothing that the results depend on, and nothing at all when
 * progress_quiet is set (the --quiet flag of every program).
 */
#ifndef KIT_PROGRESS_H
#define KIT_PROGRESS_H

typedef struct progress {
    const char *label;     /* what is running, e.g. "spirals" */
    const char *unit;      /* what a step processes, e.g. "points" */
    long total;            /* steps in all */
    double items_per_step; /* units per step, for the throughput */
    double start, last_print;
    int on_terminal;
} progress;

extern int progress_quiet;

/* Seconds on a clock that only moves forward (for timing, not dates). */
double wall_seconds(void);

void progress_start(progress *p, const char *label, long total,
                    const char *unit, double items_per_step);
void progress_update(progress *p, long done, double loss);
void progress_finish(progress *p, double loss);

#endif
