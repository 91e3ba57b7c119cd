/* judge.c - the judge's side of an exercise call (see judge.h, calls.h).
 *
 * The first exercise call of a test starts the worker in the sandbox;
 * each call then sends its request, moves the worker's output along while
 * it waits, and reads the reply. When no reply comes - the worker
 * crashed, ran past the test's time, exited, used too much memory or
 * printed too much - the test fails with the cause in plain words, told
 * from how the worker ended (the keeper's report), never from what it
 * printed. What it printed is shown as such.
 */
#define _GNU_SOURCE
#include "grade/judge.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/infra/error.h"
#include "grade/calls.h"
#include "grade/graded.h"
#include "grade/text.h"

#define OUTPUT_CAP (64 * 1024) /* bytes a worker may print per test */
#define REPORT_CAP (16 * 1024) /* bytes of sanitizer report kept */
#define SHOWN_LINES 6          /* lines of either shown under a failure */

static judge_options options;
static double deadline;

static struct {
    int running;
    sandbox_run run;
    int requests, replies, reports; /* the judge's ends */
    char report[REPORT_CAP + 1];
    size_t report_size;
    char *payload;
} worker;

void judge_setup(const judge_options *o)
{
    options = *o;
    deadline = sandbox_clock() + o->timeout;
}

/* ---- Starting and stopping the worker ---------------------------------- */

static void start_worker(void)
{
    int requests[2], replies[2], reports[2];
    if (!options.worker)
        graded_fail("no worker to run the exercise (the judge runs under "
                    "the grader: make grade)");
    if (pipe2(requests, O_CLOEXEC) || pipe2(replies, O_CLOEXEC) ||
        pipe2(reports, O_CLOEXEC))
        graded_fail("cannot make pipes: %s", strerror(errno));
    char dir[PATH_MAX], inside[PATH_MAX + 16];
    if (!realpath(options.worker, dir))
        graded_fail("cannot find the worker %s: %s", options.worker,
                    strerror(errno));
    const char *name = strrchr(dir, '/') + 1;
    int jailed = options.level >= SANDBOX_USERNS;
    snprintf(inside, sizeof inside, "%s%s", jailed ? "/worker/" : dir,
             jailed ? name : "");
    dir[name - dir - 1] = '\0';
    sandbox_mount mounts[] = {{dir, "/worker", 0}};
    sandbox_fd fds[] = {{requests[0], WORKER_REQUESTS},
                        {replies[1], WORKER_REPLIES},
                        {reports[1], WORKER_REPORTS}};
    static char *env[] = {"PATH=/usr/bin:/bin", NULL};
    /* Outside a jail, the machine's files are the sandbox user's to read:
     * the worker opens none. */
    char *argv[] = {inside, jailed ? NULL : "--no-files", NULL};
    double left = deadline - sandbox_clock();
    sandbox_spec spec = {
        .level = options.level, .uid = options.uid, .mounts = mounts,
        .mount_count = 1, .workdir = "/", .env = env, .fds = fds,
        .fd_count = 3,
        .limits = {.wall_seconds = left > 0 ? left : 0.01,
                   .cpu_seconds = (int)ceil(options.timeout) + 1,
                   .memory_mb = options.memory_mb,
                   .address_space = !options.sanitized, .file_mb = 1,
                   .output_bytes = OUTPUT_CAP}};
    /* (No process limit: the filter refuses every new process, and a
     * limit would count other runs' processes of the same user id.) */
    if (sandbox_start(&worker.run, &spec, argv) != 0)
        graded_fail("the sandbox cannot start the worker: %s (a problem of "
                    "this machine: tell your instructor)", strerror(errno));
    close(requests[0]), close(replies[1]), close(reports[1]);
    fcntl(requests[1], F_SETFL, O_NONBLOCK);
    fcntl(replies[0], F_SETFL, O_NONBLOCK);
    fcntl(reports[0], F_SETFL, O_NONBLOCK);
    worker.requests = requests[1];
    worker.replies = replies[0];
    worker.reports = reports[0];
    worker.report_size = 0;
    worker.running = 1;
}

/* Puts more text after the output kept (the buffer has room for
 * OUTPUT_CAP bytes). */
static void append_text(char *text, const char *more)
{
    size_t used = strlen(text);
    const char *gap = used && text[used - 1] != '\n' && *more ? "\n" : "";
    snprintf(text + used, OUTPUT_CAP + 1 - used, "%s%s", gap, more);
}

/* Ends the worker: it reads the end of its input and exits by itself
 * (flushing what it printed) within `grace` seconds, or is stopped. */
static void end_worker(double grace)
{
    close(worker.requests);
    sandbox_finish(&worker.run, grace);
    ssize_t got;
    while (worker.report_size < REPORT_CAP &&
           (got = read(worker.reports, worker.report + worker.report_size,
                       REPORT_CAP - worker.report_size)) > 0)
        worker.report_size += (size_t)got;
    worker.report[worker.report_size] = '\0';
    close(worker.replies);
    close(worker.reports);
    worker.running = 0;
}

void judge_stop(int failed)
{
    if (!worker.running)
        return;
    end_worker(0.5);
    /* A failed check: what the submission printed may say why. */
    static char shown[4096];
    shown[0] = '\0';
    append_text(worker.run.text, worker.report);
    if (failed && text_append_lines(shown, sizeof shown, worker.run.text,
                                    SHOWN_LINES, NULL, NULL,
                                    "your code printed:\n    ", "\n    "))
        print_error("%s\n", shown);
    sandbox_free(&worker.run);
}

/* ---- Why a worker gave no reply ------------------------------------------ */

static const char *describe_signal(int sig)
{
    switch (sig) {
    case SIGSEGV:
        return "crashed with a segmentation fault (a bad pointer or index, "
               "or a stack overflow)";
    case SIGBUS: return "crashed with a bus error (a bad pointer)";
    case SIGFPE:
        return "crashed with an arithmetic exception (an integer division "
               "by zero?)";
    case SIGILL: return "crashed on an illegal instruction";
    case SIGABRT: return "aborted (an assert() failed or abort() was called)";
    case SIGXCPU: return "used up its CPU time (an endless loop?)";
    case SIGSYS:
        return "was stopped by the sandbox: it made a system call exercises "
               "may not make (starting a process, writing a file, the "
               "network, signalling another process)";
    default: return NULL;
    }
}

/* What a sanitizer's report says, in a student's words. */
static const char *describe_report(const char *report)
{
    static const struct {
        const char *report, *meaning;
    } known[] = {
        {"AddressSanitizer: stack-overflow",
         "crashed with a stack overflow (a recursion without end?)"},
        {"AddressSanitizer: SEGV",
         "crashed with a segmentation fault (a bad pointer or index)"},
        {"AddressSanitizer: heap-buffer-overflow",
         "read or wrote outside an array (AddressSanitizer: "
         "heap-buffer-overflow)\nhint: an index one past the end (<= "
         "where < belongs?), or rows and columns mixed up"},
        {"AddressSanitizer: stack-buffer-overflow",
         "read or wrote outside a local array (AddressSanitizer: "
         "stack-buffer-overflow)\nhint: an index one past the end (<= "
         "where < belongs?)"},
        {"AddressSanitizer", "made a memory error (AddressSanitizer)"},
        {"runtime error: load of null pointer",
         "read through a null pointer (UBSan)"},
        {"runtime error: store to null pointer",
         "wrote through a null pointer (UBSan)"},
        {"runtime error:", "has undefined behaviour (UBSan)"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strstr(report, known[i].report))
            return known[i].meaning;
    return "was stopped by a sanitizer";
}

/* Whether a stack frame is the worker's or the sanitizer's own, not the
 * submission's. */
static int kit_frame(const char *frame)
{
    static const char *const kit[] = {"build/gen/", "tests/grade/worker.c",
                                      "tests/grade/calls.c", "libsanitizer"};
    for (size_t i = 0; i < sizeof kit / sizeof kit[0]; i++)
        if (strstr(frame, kit[i]))
            return 1;
    return 0;
}

/* A line of a sanitizer report worth showing: the error, and the
 * submission's innermost frames without their addresses ("#0 f x.c:57"). */
static int report_line(const char *line, char *shown, size_t size,
                       const void *ctx)
{
    (void)ctx;
    const char *start = line + strspn(line, " ");
    if (start[0] == '#' && isdigit((unsigned char)start[1])) {
        const char *in = strstr(start, " in ");
        if (atoi(start + 1) > 1 || !in || kit_frame(in))
            return 0;
        snprintf(shown, size, "#%d %s", atoi(start + 1), in + 4);
        return 1;
    }
    if (strstr(line, "runtime error:") ||
        (strstr(line, "ERROR: AddressSanitizer") && strstr(line, "on "))) {
        const char *error = strstr(line, "ERROR: ");
        snprintf(shown, size, "%s", error ? error + 7 : line);
        char *address = strstr(shown, " on address");
        if (address)
            *address = '\0';
        return 1;
    }
    return 0;
}

/* A frame of a stack trace ("#3 0x55.. in f exercises/ch02.c:45:5") in
 * the submission's code: not the kit's (under src/), the worker's or the
 * sanitizer's. */
static int submission_frame(const char *line, char *shown, size_t size,
                            const void *ctx)
{
    (void)ctx;
    const char *start = line + strspn(line, " ");
    const char *in = strstr(start, " in ");
    if (start[0] != '#' || !isdigit((unsigned char)start[1]) || !in ||
        kit_frame(in) || strstr(in, " src/") || strstr(in, "sanitizer"))
        return 0;
    snprintf(shown, size, "called from %s", in + 4);
    return 1;
}

/* Leaves out a kit check's own lines (its message and its trace), which
 * explain_check has said in plain words already. */
static int not_check_line(const char *line, char *shown, size_t size,
                          const void *ctx)
{
    (void)ctx;
    const char *start = line + strspn(line, " ");
    if (strstr(line, "check failed: ") ||
        (start[0] == '#' && isdigit((unsigned char)start[1])))
        return 0;
    snprintf(shown, size, "%s", line);
    return 1;
}

/* A check of the kit stopped the call (check_failed in error.c prints
 * "kit: src/core/learn/nn.c:18: check failed: COND: WHY" and, in the
 * sanitized worker, a stack trace): says why, and which line of the
 * submission called into the kit. Returns 0 if it was no kit check. */
static int explain_check(char *out, size_t size, const char *function,
                         const char *text)
{
    const char *failed = strstr(text, "check failed: ");
    if (!failed)
        return 0;
    const char *line = failed;
    while (line > text && line[-1] != '\n')
        line--;
    const char *where = strstr(line, "src/");
    if (!where || where > failed)
        where = line;
    const char *cond = failed + strlen("check failed: ");
    const char *why = strstr(cond, ": ");
    int cond_length = why ? (int)(why - cond) : (int)strcspn(cond, "\n");
    text_append(out, size, "%s broke a rule of the kit: %.*s", function,
                (int)strcspn(why ? why + 2 : cond, "\n"), why ? why + 2 : cond);
    text_append(out, size, "\n    (%.*s checks %.*s)",
                (int)(failed - where - 2 > 0 ? failed - where - 2 : 0),
                where, cond_length, cond);
    text_append_lines(out, size, failed, 1, submission_frame, NULL, "\n    ",
                      "");
    return 1;
}

static void explain(char *out, size_t size, const char *function)
{
    const sandbox_end *end = &worker.run.end;
    int status = end->status, code = WEXITSTATUS(status);
    /* Its stderr is the sanitizer's report when one stopped it, and
     * otherwise more of what it printed. */
    int sanitized = WIFEXITED(status) && code == WORKER_SANITIZER_EXIT;
    if (!sanitized)
        append_text(worker.run.text, worker.report);
    text_pick printed = NULL; /* what of its output to show */
    out[0] = '\0';
    if (end->timed_out)
        text_append(out, size, "timed out: %s did not return within %g s (an "
               "endless loop?)", function, options.timeout);
    else if (end->too_much_output)
        text_append(out, size, "%s printed more than %d KB (a print inside a "
               "loop?)", function, OUTPUT_CAP / 1024);
    else if (end->out_of_memory)
        text_append(out, size, "%s used more than %ld MB of memory", function,
               options.memory_mb);
    else if (end->lost)
        text_append(out, size, "the sandbox lost the worker (a problem of the "
               "kit or of this machine: tell your instructor)");
    else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT &&
             explain_check(out, size, function, worker.run.text))
        printed = not_check_line;
    else if (WIFSIGNALED(status) && describe_signal(WTERMSIG(status)))
        text_append(out, size, "%s %s", function,
               describe_signal(WTERMSIG(status)));
    else if (WIFSIGNALED(status))
        text_append(out, size, "%s was killed by signal %d (%s)", function,
               WTERMSIG(status), strsignal(WTERMSIG(status)));
    else if (sanitized)
        text_append(out, size, "%s %s", function, describe_report(worker.report));
    else
        text_append(out, size, "%s called exit(%d): an exercise must return to "
               "its caller (does the code call exit()?)", function, code);
    if (sanitized)
        text_append_lines(out, size, worker.report, SHOWN_LINES, report_line,
                          NULL, "\n    ", "\n    ");
    text_append_lines(out, size, worker.run.text, SHOWN_LINES, printed, NULL,
                      "\nyour code printed:\n    ", "\n    ");
}

static void worker_failed(const call *c)
{
    static char message[4096];
    const char *function = chapter_exercises[c->exercise].function;
    end_worker(0); /* it has failed already */
    explain(message, sizeof message, function);
    sandbox_free(&worker.run);
    free(worker.payload);
    worker.payload = NULL;
    graded_fail("%s", message);
}

/* ---- A call --------------------------------------------------------------- */

/* A reply is a header and then exactly the bytes the call writes; a
 * reply that says the function is undefined is a header alone. */
static int reply_read(const sandbox_stream *s, void *ctx)
{
    (void)ctx;
    const call_reply_header *h = (const call_reply_header *)s[1].in;
    if (s[1].done < sizeof *h)
        return 0;
    return h->status != CALL_RETURNED || s[1].done == s[1].capacity;
}

void judge_call(call *c)
{
    if (!worker.running)
        start_worker();
    size_t size, want = sizeof(call_reply_header) + c->reply_expected;
    char *request = call_request(c, &size);
    worker.payload = kit_alloc(want, 1);
    sandbox_stream s[3] = {
        {.fd = worker.requests, .out = request, .out_size = size},
        {.fd = worker.replies, .in = worker.payload, .capacity = want},
        {.fd = worker.reports, .in = worker.report + worker.report_size,
         .capacity = REPORT_CAP - worker.report_size, .drain = 1}};
    int got = sandbox_pump(&worker.run, s, 3, reply_read, NULL);
    worker.report_size += s[2].done;
    free(request);
    if (!got)
        worker_failed(c);
    call_reply_header h;
    memcpy(&h, worker.payload, sizeof h);
    const char *function = chapter_exercises[c->exercise].function;
    if (h.magic == CALL_REPLY_MAGIC && h.status == CALL_UNDEFINED)
        graded_fail("your exercises file does not define %s (is it "
                    "missing, or misspelled?)", function);
    if (h.magic != CALL_REPLY_MAGIC || h.status != CALL_RETURNED ||
        h.size != c->reply_expected)
        graded_fail("the worker answered %s with a malformed reply (did "
                    "your code write to descriptor %d?)", function,
                    WORKER_REPLIES);
    call_start_apply(c, worker.payload + sizeof h, c->reply_expected);
}

void judge_call_done(call *c)
{
    int ok = call_applied(c);
    const char *function = chapter_exercises[c->exercise].function;
    call_end(c);
    free(worker.payload);
    worker.payload = NULL;
    if (!ok)
        graded_fail("the worker answered %s with a malformed reply",
                    function);
}
