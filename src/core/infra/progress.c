/* progress.c - step, loss, throughput and time left, rate-limited; and
 * the time left in a whole run of stages. */
#include "progress.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h> /* the width of the terminal */
#include <time.h>
#include <unistd.h>

#define ADVICE_AFTER 1.0   /* seconds into a run before it is estimated */
#define LONG_RUN 60.0      /* seconds: a run longer than this gets advice */

int progress_quiet;

/* The run every line reports to: a program runs one at a time. */
static progress_run *current;

double wall_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* ---- Pure parts: the estimate and its words ---------------------------- */

static double work_of(const progress_run *run, int stage)
{
    return run->work ? run->work[stage - 1] : 1;
}

double progress_run_left(const progress_run *run, double now,
                         double loop_left)
{
    double before = 0, current_work, rest = 0;
    if (run->stage < 1)
        return -1;
    for (int i = 1; i < run->stage; i++)
        before += work_of(run, i);
    current_work = work_of(run, run->stage);
    for (int i = run->stage + 1; i <= run->stages; i++)
        rest += work_of(run, i);
    double past = run->stage_start - run->start; /* the stages before */
    double in_stage = now - run->stage_start, stage_left;
    if (before > 0) /* as fast as the stages before, but not less than the
                       loop running still needs */
        stage_left = fmax(fmax(past / before * current_work - in_stage,
                               loop_left), 0);
    else if (loop_left >= 0 && current_work > 0)
        stage_left = loop_left; /* the first stage: its loop is most of it */
    else
        return -1;
    /* Seconds per unit of work: the whole run so far, this stage's end
     * included. */
    double rate = (past + in_stage + stage_left) / (before + current_work);
    return stage_left + rate * rest;
}

void progress_format_time(char *text, size_t size, double seconds)
{
    long s = lround(seconds);
    if (seconds < 9.95)
        snprintf(text, size, "%.1f s", seconds);
    else if (s < 60)
        snprintf(text, size, "%ld s", s);
    else if (s < 3600 && s % 60 != 0)
        snprintf(text, size, "%ld min %ld s", s / 60, s % 60);
    else if (s < 3600)
        snprintf(text, size, "%ld min", s / 60);
    else
        snprintf(text, size, "%ld h %ld min", s / 3600, s / 60 % 60);
}

/* Two figures are all an estimate has: 173 s is "about 2 min 50 s". */
static double two_figures(double x)
{
    double scale = pow(10, floor(log10(x)) - 1);
    return round(x / scale) * scale;
}

int progress_advice(char *text, size_t size, const char *program,
                    double seconds)
{
    if (!(seconds > LONG_RUN))
        return 0;
    char time[32], make[32] = "make run QUICK=1";
    progress_format_time(time, sizeof time, two_figures(seconds));
    /* "ch02_autoencoder" is chapter 02's program, made by make run CH=02 */
    if (strncmp(program, "ch", 2) == 0 && strspn(program + 2, "0123456789")
                                               == 2)
        snprintf(make, sizeof make, "make run CH=%.2s QUICK=1", program + 2);
    snprintf(text, size, "%s: this run will take about %s on this "
                         "machine; for a short run of a few seconds: %s "
                         "(--quick)\n", program, time, make);
    return 1;
}

/* ---- The line ---------------------------------------------------------- */

/* "51.2k" for 51234: three significant figures are plenty. */
static void format_rate(char *text, size_t size, double rate)
{
    if (rate >= 1e6)
        snprintf(text, size, "%.1fM", rate / 1e6);
    else if (rate >= 1e3)
        snprintf(text, size, "%.1fk", rate / 1e3);
    else
        snprintf(text, size, "%.0f", rate);
}

/* The seconds the loop p still needs at time now; below 0 if unknown. */
static double loop_left(const progress *p, double now)
{
    if (p == NULL || p->done <= 0 || now <= p->start)
        return -1;
    return (double)(p->total - p->done) * (now - p->start) /
           (double)p->done;
}

/* A line as it is put together, cut short if it is too long. */
typedef struct line {
    char text[256];
    size_t used;
} line;

static void add(line *l, const char *format, ...) KIT_PRINTF(2, 3);
static void add(line *l, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(l->text + l->used, sizeof l->text - l->used, format, args);
    va_end(args);
    l->used += strlen(l->text + l->used);
}

/* Whether lines name the stage: a run of one has none to tell apart. */
static int staged(void)
{
    return current && current->stage > 0 && current->stages > 1;
}

/* The start of every line: the program, and the stage if any (with its
 * name, if `named`). */
static void add_head(line *l, int named)
{
    add(l, "%s:", program_name());
    if (!staged())
        return;
    add(l, " %s %d/%d", current->noun, current->stage, current->stages);
    if (named && current->name[0])
        add(l, " (%s)", current->name);
}

/* "  3 min 12 s left in all", when there is an estimate. */
static void add_run_left(line *l, double now)
{
    double left = progress_run_left(current, now,
                                    loop_left(current->loop, now));
    char time[32];
    progress_format_time(time, sizeof time, left);
    if (left >= 0)
        add(l, "  %s left in all", time);
}

/* A loop's line, shorter at each level of brevity: 1 leaves out the
 * throughput, 2 the name of the stage too. */
static void add_loop(line *l, const progress *p, double loss, double now,
                     int last, int brevity)
{
    double elapsed = now - p->start;
    double steps_per_second = elapsed > 0 ? (double)p->done / elapsed : 0;
    add_head(l, brevity < 2);
    if (!staged())
        add(l, " %s", p->label);
    else if (brevity == 2 || strcmp(current->name, p->label) != 0)
        add(l, "  %s", p->label); /* unless the stage's name says it */
    /* %.4g beyond 10,000, so that a loss gone wild stays one short
     * number. */
    add(l, fabs(loss) < 1e4 ? "  step %ld/%ld  loss %.4f"
                            : "  step %ld/%ld  loss %.4g",
        p->done, p->total, loss);
    if (brevity < 1) {
        char rate[32];
        format_rate(rate, sizeof rate, steps_per_second * p->items_per_step);
        add(l, "  %s %s/s", rate, p->unit);
    }
    if (last)
        add(l, "  %.1f s", elapsed);
    else if (current)
        add_run_left(l, now);
    else if (steps_per_second > 0)
        add(l, "  %.1f s left",
            (double)(p->total - p->done) / steps_per_second);
}

/* The columns of the terminal stderr is, or 0 when it is none. */
static int terminal_width(void)
{
    struct winsize w;
    if (!isatty(fileno(stderr)))
        return 0;
    return ioctl(fileno(stderr), TIOCGWINSZ, &w) == 0 && w.ws_col > 0
               ? w.ws_col
               : 80;
}

/* On a terminal the line is written over the one before, and must fit
 * in it: a wrapped line would not be. Into a log, lines follow lines. */
static void put(line *l, int last)
{
    int width = terminal_width();
    if (width > 0 && l->used >= (size_t)width)
        l->text[width - 1] = '\0';
    fprintf(stderr, "%s%s%s", width > 0 ? "\r\033[K" : "", l->text,
            last || width == 0 ? "\n" : "");
    fflush(stderr);
}

/* On a terminal, the line that fits: the briefest, if none does. */
static void print_line(const progress *p, double loss, double now,
                       int last)
{
    int width = terminal_width();
    line l;
    for (int brevity = 0; brevity <= 2; brevity++) {
        l = (line){.used = 0};
        add_loop(&l, p, loss, now, last, brevity);
        if (width == 0 || l.used < (size_t)width)
            break;
    }
    put(&l, last);
}

/* Once, a second into the run: a long one says so, and what is short. */
static void consider_advice(double now)
{
    if (!current || current->advised || now - current->start < ADVICE_AFTER)
        return;
    /* A first epoch alone would leave out the evaluation after each:
     * the estimate waits for the first step after it. */
    const progress *loop = current->loop;
    if (loop && loop->lap > 0 && loop->done <= loop->lap &&
        current->stage <= 1)
        return;
    double left = progress_run_left(current, now,
                                    loop_left(current->loop, now));
    if (left < 0)
        return; /* nothing measured yet */
    current->advised = 1;
    char text[512];
    if (progress_quiet || current->quick ||
        !progress_advice(text, sizeof text, program_name(),
                         now - current->start + left))
        return;
    if (isatty(fileno(stderr)))
        fputs("\r\033[K", stderr); /* over the line, which comes back */
    fputs(text, stderr);
    fflush(stderr);
}

/* ---- A loop ------------------------------------------------------------ */

void progress_start(progress *p, const char *label, long total,
                    const char *unit, double items_per_step)
{
    *p = (progress){label, unit, total, items_per_step, 0, 0,
                    wall_seconds(), 0, isatty(fileno(stderr))};
    p->last_print = p->start;
    if (current)
        current->loop = p;
}

void progress_update(progress *p, long done, double loss)
{
    double now = wall_seconds();
    double interval = p->on_terminal ? 0.1 : 10.0;
    p->done = done;
    consider_advice(now);
    if (progress_quiet || now - p->last_print < interval)
        return;
    p->last_print = now;
    if (current)
        current->last_print = now;
    print_line(p, loss, now, 0);
}

void progress_finish(progress *p, double loss)
{
    p->done = p->total;
    if (!progress_quiet)
        print_line(p, loss, wall_seconds(), 1);
    if (current && current->loop == p)
        current->loop = NULL;
}

/* ---- A run of stages --------------------------------------------------- */

void progress_run_start(progress_run *run, const char *noun, int stages,
                        const double *work, int quick)
{
    *run = (progress_run){.noun = noun, .stages = stages, .work = work,
                          .quick = quick, .start = wall_seconds()};
    run->stage_start = run->last_print = run->start;
    current = run;
}

void progress_run_stage(progress_run *run, const char *format, ...)
{
    double now = wall_seconds();
    run->stage++;
    run->stage_start = now;
    run->loop = NULL;
    run->name[0] = '\0';
    if (format) {
        va_list args;
        va_start(args, format);
        vsnprintf(run->name, sizeof run->name, format, args);
        va_end(args);
    }
    consider_advice(now);
    double interval = isatty(fileno(stderr)) ? 0.1 : 10.0;
    if (progress_quiet || now - run->last_print < interval)
        return;
    run->last_print = now;
    line l = {.used = 0};
    add_head(&l, 1);
    add_run_left(&l, now);
    put(&l, 0);
}

void progress_run_finish(progress_run *run)
{
    char time[32];
    progress_format_time(time, sizeof time, wall_seconds() - run->start);
    if (current == run)
        current = NULL; /* the line no longer names a stage */
    line l = {.used = 0};
    if (run->stages > 1)
        add(&l, "%s: %d %ss in %s", program_name(), run->stages, run->noun,
            time);
    else
        add(&l, "%s: the run took %s", program_name(), time);
    if (!progress_quiet)
        put(&l, 1);
}
