/* progress.c - step, loss, throughput and time left, rate-limited. */
#include "progress.h"

#include <math.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "core/infra/error.h"

int progress_quiet;

double wall_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void progress_start(progress *p, const char *label, long total,
                    const char *unit, double items_per_step)
{
    *p = (progress){label, unit, total, items_per_step, wall_seconds(), 0,
                    isatty(fileno(stderr))};
    p->last_print = p->start;
}

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

static void print_line(const progress *p, long done, double loss,
                       double elapsed, const char *end)
{
    char rate[32];
    double steps_per_second = elapsed > 0 ? (double)done / elapsed : 0;
    format_rate(rate, sizeof rate, steps_per_second * p->items_per_step);
    /* %.4g beyond 10,000, so that a loss gone wild stays one short
     * number. */
    fprintf(stderr, fabs(loss) < 1e4 ? "%s%s: %s  step %ld/%ld  loss %.4f"
                                     : "%s%s: %s  step %ld/%ld  loss %.4g",
            p->on_terminal ? "\r\033[K" : "", program_name(), p->label,
            done, p->total, loss);
    fprintf(stderr, "  %s %s/s", rate, p->unit);
    if (*end == '\n')
        fprintf(stderr, "  %.1f s%s", elapsed, end);
    else if (steps_per_second > 0)
        fprintf(stderr, "  %.1f s left%s",
                (double)(p->total - done) / steps_per_second, end);
    else
        fputs(end, stderr);
    fflush(stderr);
}

void progress_update(progress *p, long done, double loss)
{
    double now = wall_seconds();
    double interval = p->on_terminal ? 0.1 : 10.0;
    if (progress_quiet || now - p->last_print < interval)
        return;
    p->last_print = now;
    print_line(p, done, loss, now - p->start, p->on_terminal ? "" : "\n");
}

void progress_finish(progress *p, double loss)
{
    if (!progress_quiet)
        print_line(p, p->total, loss, wall_seconds() - p->start, "\n");
}
