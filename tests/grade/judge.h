/* judge.h - the judge's side of a test: the worker that runs the
 * submission, started on the first exercise call and stopped with the
 * test (see calls.h for the calls themselves).
 */
#ifndef GRADE_JUDGE_H
#define GRADE_JUDGE_H

#include <sys/types.h>

#include "grade/sandbox.h"

typedef struct judge_options {
    const char *worker;   /* the worker program, built from the submission */
    sandbox_level level;  /* how to isolate it */
    uid_t uid;            /* the sandbox's user id */
    double timeout;       /* seconds the whole test may take */
    long memory_mb;       /* memory the worker may use */
    int sanitized;        /* the worker has AddressSanitizer */
} judge_options;

/* The exit status of a worker whose sanitizer reported an error (or of
 * one that claims so: the judge takes it as the worker's word), and of
 * one that could not lock itself down (the grader checks that it can
 * before it grades, so this is just an exit here). */
enum { WORKER_SANITIZER_EXIT = 86, WORKER_UNFILTERED_EXIT = 87 };

/* The worker's descriptors: requests in, replies out. Its stdout is what
 * the submission prints; its stderr, where the sanitizers report, is read
 * apart. */
enum { WORKER_REQUESTS = 3, WORKER_REPLIES = 4, WORKER_REPORTS = 2 };

/* Sets how the test's worker will run; the clock of the test starts. */
void judge_setup(const judge_options *options);

/* Stops the worker, if one runs (at the end of a test); after a failed
 * test, prints what the submission printed (it may say why). */
void judge_stop(int failed);

/* Where a judge run with --run writes its verdict, "pass" or "fail". */
enum { JUDGE_VERDICT_FD = 3 };

#endif
