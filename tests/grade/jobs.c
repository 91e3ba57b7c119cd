/* jobs.c - the grader's child processes, several at a time (see jobs.h).
 *
 * Each job runs in its own process group, so that killing it at its time
 * limit (or when it ends) takes whatever it started too; the loop polls
 * every running job's output and verdict pipes until both close or its
 * time is up.
 */
#define _GNU_SOURCE
#include "grade/jobs.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/infra/error.h"
#include "grade/judge.h"
#include "grade/sandbox.h"

int jobs_parallel(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 ? 1 : cores > 16 ? 16 : (int)cores;
}

static void start(job *j)
{
    int out[2], verdict[2];
    CHECK(pipe2(out, O_CLOEXEC) == 0 && pipe2(verdict, O_CLOEXEC) == 0,
          "pipe: %s", strerror(errno));
    fflush(NULL);
    j->started = sandbox_clock();
    j->pid = fork();
    CHECK(j->pid >= 0, "fork: %s", strerror(errno));
    if (j->pid == 0) {
        setpgid(0, 0);
        dup2(out[1], STDOUT_FILENO);
        dup2(out[1], STDERR_FILENO);
        dup2(verdict[1], JUDGE_VERDICT_FD);
        if (j->run) {
            int status = j->run(j->arg);
            fflush(NULL);
            _exit(status);
        }
        execv(j->args[0], j->args);
        fprintf(stderr, "cannot run %s: %s\n", j->args[0], strerror(errno));
        _exit(127);
    }
    setpgid(j->pid, j->pid);
    close(out[1]);
    close(verdict[1]);
    j->out = out[0];
    j->verdict_fd = verdict[0];
    j->size = j->verdict_size = 0;
    j->timed_out = 0;
}

/* Reads what one pipe has; closes it (-1) at its end. */
static void drain(int *fd, char *into, size_t *size, size_t cap)
{
    char chunk[4096];
    ssize_t got = read(*fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR)
        return;
    if (got <= 0) {
        close(*fd);
        *fd = -1;
        return;
    }
    size_t keep = (size_t)got < cap - *size ? (size_t)got : cap - *size;
    memcpy(into + *size, chunk, keep);
    *size += keep;
}

static void finish(job *j)
{
    kill(-j->pid, SIGKILL); /* whatever it left running */
    waitpid(j->pid, &j->status, 0);
    if (j->out >= 0)
        close(j->out);
    if (j->verdict_fd >= 0)
        close(j->verdict_fd);
    j->output[j->size] = '\0';
    j->verdict[j->verdict_size] = '\0';
    j->took = sandbox_clock() - j->started;
}

static int running(const job *j)
{
    return j->out >= 0 || j->verdict_fd >= 0;
}

void jobs_run(job *const *jobs, int count, int parallel,
              void (*done)(job *, void *), void *ctx)
{
    enum { MAX_PARALLEL = 16 };
    job *live[MAX_PARALLEL];
    int next = 0, active = 0;
    parallel = parallel < 1 ? 1 : parallel > MAX_PARALLEL ? MAX_PARALLEL
                                                           : parallel;
    while (next < count || active > 0) {
        while (active < parallel && next < count) {
            start(jobs[next]);
            live[active++] = jobs[next++];
        }
        struct pollfd fds[2 * MAX_PARALLEL];
        double now = sandbox_clock(), wait = 1;
        for (int i = 0; i < active; i++) {
            fds[2 * i] = (struct pollfd){live[i]->out, POLLIN, 0};
            fds[2 * i + 1] = (struct pollfd){live[i]->verdict_fd, POLLIN, 0};
            double left = live[i]->started + live[i]->seconds - now;
            wait = left < wait ? left : wait;
        }
        if (poll(fds, (nfds_t)(2 * active), wait > 0 ? (int)(wait * 1000) + 1
                                                      : 0) < 0 &&
            errno != EINTR)
            CHECK(0, "poll: %s", strerror(errno));
        now = sandbox_clock();
        for (int i = 0; i < active; i++) {
            job *j = live[i];
            if (fds[2 * i].revents)
                drain(&j->out, j->output, &j->size, JOB_OUTPUT_MAX);
            if (fds[2 * i + 1].revents)
                drain(&j->verdict_fd, j->verdict, &j->verdict_size,
                      sizeof j->verdict - 1);
            j->timed_out = running(j) && now >= j->started + j->seconds;
        }
        for (int i = 0; i < active;) { /* the ended leave the pool */
            job *j = live[i];
            if (running(j) && !j->timed_out) {
                i++;
                continue;
            }
            finish(j);
            live[i] = live[--active];
            done(j, ctx);
        }
    }
}
