/* worker.c - the main() of a worker: the process that runs a submission's
 * exercises for the judge (see calls.h, judge.h).
 *
 * The grader links it with the submission's object (checked first: it
 * defines only the chapter's exercises and calls only what the chapter
 * allows) and the chapter's generated servers, and the judge runs it in
 * the sandbox. Before any student code runs, it locks itself down for
 * good (sandbox_restrict_syscalls); then it serves calls until the judge
 * closes its requests: read a request, call the exercise, send the reply.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "grade/calls.h"
#include "grade/judge.h"
#include "grade/sandbox.h"

#ifdef __SANITIZE_ADDRESS__
/* The sanitizers' settings, before main: no leak check (it needs ptrace),
 * an exit status the judge recognises, a stop at the first error, and a
 * small quarantine (freed memory is reused sooner: fewer page faults per
 * call). Their reports go to stderr, which the judge reads apart from
 * stdout. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0:exitcode=86:allocator_may_return_null=1:quarantine_size_mb=4:"
           "handle_abort=0:abort_on_error=0:print_summary=0";
}

const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
    return "print_stacktrace=1:halt_on_error=1:exitcode=86";
}

#endif

static uint32_t serve(call *c)
{
    if (c->exercise >= (uint32_t)chapter_server_count)
        return CALL_BROKEN;
    return chapter_servers[c->exercise](c);
}

/* worker [--no-files]: outside a jail (the judge says so), it may not
 * open files at all. */
int main(int argc, char **argv)
{
    int read_files = !(argc > 1 && !strcmp(argv[1], "--no-files"));
    /* What the submission prints reaches the judge line by line, even if
     * the worker dies just after. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (sandbox_restrict_syscalls(read_files) != 0) {
        fputs("worker: this kernel has no system-call filter\n", stderr);
        return WORKER_UNFILTERED_EXIT;
    }
    for (;;) {
        call c;
        int got = call_receive_request(&c, WORKER_REQUESTS);
        if (got == 0)
            return 0; /* the judge is done */
        uint32_t status = got < 0 ? CALL_BROKEN : serve(&c);
        if (status == CALL_BROKEN) {
            fputs("worker: a malformed request (did the submission read "
                  "descriptor 3?)\n", stderr);
            return 2;
        }
        if (call_send_reply(&c, WORKER_REPLIES, status) != 0)
            return 0;
        call_end(&c);
    }
}
