/* jobs.h - the grader's child processes, several at a time.
 *
 * A job is a child process of the grader - a judge running one test, or a
 * worker being built - with a time limit, whose output and verdict (what
 * it writes on JUDGE_VERDICT_FD) the grader collects. jobs_run keeps as
 * many running as there are cores, and reports each as it ends.
 */
#ifndef GRADE_JOBS_H
#define GRADE_JOBS_H

#include <stddef.h>
#include <sys/types.h>

#define JOB_OUTPUT_MAX 16384 /* bytes of a job's output kept */

typedef struct job {
    /* What to run: the program and its arguments, or, if run is set, a
     * function of the grader's called in the child (its exit status is
     * what the function returns). */
    char *const *args;
    int (*run)(void *arg);
    void *arg;
    double seconds; /* wall-clock limit; then it is killed */
    /* What came back. */
    char output[JOB_OUTPUT_MAX + 1]; /* stdout and stderr, NUL-terminated */
    size_t size;
    char verdict[16];
    int status;    /* from waitpid */
    int timed_out;
    double took;   /* seconds */
    /* While it runs. */
    pid_t pid;
    int out, verdict_fd;
    size_t verdict_size;
    double started;
} job;

/* Runs the jobs, at most `parallel` at a time, calling done(job, ctx) as
 * each ends. */
void jobs_run(job *const *jobs, int count, int parallel,
              void (*done)(job *j, void *ctx), void *ctx);

/* The number of jobs worth running at once here: the cores. */
int jobs_parallel(void);

#endif
