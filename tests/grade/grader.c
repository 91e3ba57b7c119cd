/* grader.c - grades submissions: make grade runs it.
 *
 *     grade [options] CHAPTER:SUBMISSION ...
 *
 * For each chapter (ch01_layers:exercises/ch01_layers.c) it asks the
 * chapter's judge (build/judge/test_CHAPTER, the kit's own code) for its
 * exercises, tests and points; builds a worker from the submission in the
 * sandbox, checking what it defines and calls (submission.h); then runs
 * each test in a judge process of its own, which starts the worker in
 * the sandbox and calls the submission's functions there (judge.h). A
 * test passes only when its judge says so. Nothing the submission runs
 * can reach this process, a judge, the kit or another test.
 *
 * Every run draws a seed for the tests' random inputs (GRADE_SEED=N
 * repeats one). The results go to stdout and, with --json, to a
 * Gradescope results file, removed when grading starts and written only
 * when it ends.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/infra/error.h"
#include "grade/jobs.h"
#include "grade/judge.h"
#include "grade/sandbox.h"
#include "grade/submission.h"
#include "grade/text.h"

#define REASON_LINES 10    /* lines of it shown under a failure */
#define SANDBOX_UID 61017  /* the sandbox's first user id, unless --uid */
#define BUILD_UIDS 64      /* ids after it for builds; then for tests */

typedef struct options options;
struct options {
    double timeout;      /* wall-clock seconds per test */
    long memory_mb;      /* memory limit per test */
    const char *build;   /* where make put the judges and workers' parts */
    char workdir[512];   /* where workers are built and kept */
    const char *flavour; /* asan or release */
    const char *compile, *link; /* commands that build a worker */
    const char *json;    /* where results.json goes, or NULL */
    const char *filter;  /* grade only tests whose name or exercise has this */
    const char *expect;  /* "full" or "zero": exit 1 unless the score is */
    int strict;          /* exit 1 below full marks */
    int color;
    uint64_t seed;
    sandbox_level level;
    uid_t uid;
    int jobs;            /* judges (or builds) at once */
    char timeout_text[32], memory_text[32], seed_text[32];
};

typedef struct test_case {
    char name[128];
    char exercise[32]; /* "ch01.3" */
    int points;
    int hidden;        /* a hidden test: shown after the due date */
    int score;
    int graded;        /* selected this time */
    int done;          /* and its judge has ended */
    double seconds;
    const char *verdict; /* "OK", "FAIL" or "TODO" (failed, not attempted) */
    char reason[4096];   /* why it failed, for the report and the JSON */
    char *args[20];      /* its judge's command */
    char uid[16];        /* the sandbox's user id for it */
    job run;
} test_case;

typedef struct chapter {
    char id[64];          /* "ch01_layers" */
    char submission[512]; /* "exercises/ch01_layers.c" */
    char judge[600], worker[600];
    char *exercises[64], *forbidden[64], *helpers[128];
    int exercise_count, forbidden_count, helper_count;
    test_case *tests;
    int count;
    int hidden_points;        /* what its hidden tests are worth */
    int hidden_here;          /* whether they are in this copy */
    char build_failure[4096]; /* why no worker, or "" */
    char warnings[2048];      /* the compiler's warnings about it, or "" */
    char *text;               /* the submission, for its TODO marks */
    uid_t build_uid;          /* the sandbox's user id for its build */
    const struct options *opt;
    job build;                /* building its worker */
} chapter;


static void fatal(const char *fmt, ...) KIT_PRINTF(1, 2) KIT_NORETURN;
static void fatal(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    fputs("grade: ", stderr);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
    exit(2);
}


static char *copy_of(const char *s)
{
    char *copy = strdup(s);
    if (!copy)
        fatal("out of memory");
    return copy;
}

/* ---- The chapters and their tests ----------------------------------------- */

static void add_test(chapter *ch, const char *name, const char *exercise,
                     int points, int hidden)
{
    ch->tests = kit_realloc(ch->tests, (size_t)ch->count + 1, sizeof *ch->tests);
    test_case *t = &ch->tests[ch->count++];
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    snprintf(t->exercise, sizeof t->exercise, "%.31s", exercise);
    t->points = points;
    t->hidden = hidden;
    ch->hidden_here |= hidden;
}

static void ignore_job(job *j, void *ctx)
{
    (void)j, (void)ctx;
}

/* What the judge says of its chapter: exercises, tests, the kit functions
 * the exercises may and may not call. */
static void describe(chapter *ch)
{
    char *args[] = {ch->judge, "--describe", NULL};
    static job j;
    job *one = &j;
    j = (job){.args = args, .seconds = 30};
    jobs_run(&one, 1, 1, ignore_job, NULL);
    if (!WIFEXITED(j.status) || WEXITSTATUS(j.status) != 0)
        fatal("%s --describe failed (run make): %.300s", ch->judge, j.output);
    char *save = NULL;
    for (char *line = strtok_r(j.output, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char kind[16], a[128], b[128], c[16] = "";
        int points, n = sscanf(line, "%15s %127s %127s %d %15s", kind, a, b,
                               &points, c);
        if (n == 5 && !strcmp(kind, "test"))
            add_test(ch, a, b, points, !strcmp(c, "hidden"));
        else if (n == 2 && !strcmp(kind, "hidden-points"))
            ch->hidden_points = atoi(a);
        else if (n == 3 && !strcmp(kind, "exercise") && ch->exercise_count < 63)
            ch->exercises[ch->exercise_count++] = copy_of(b);
        else if (n == 2 && !strcmp(kind, "forbidden") && ch->forbidden_count < 63)
            ch->forbidden[ch->forbidden_count++] = copy_of(a);
        else if (n == 2 && !strcmp(kind, "helper") && ch->helper_count < 127)
            ch->helpers[ch->helper_count++] = copy_of(a);
    }
    if (ch->count == 0)
        fatal("%s has no tests", ch->judge);
}

/* "ch01_layers:exercises/ch01_layers.c" */
static chapter parse_chapter(const char *spec, const options *opt)
{
    chapter ch = {0};
    const char *colon = strchr(spec, ':');
    if (!colon || colon == spec || !colon[1])
        fatal("'%s' is not CHAPTER:SUBMISSION", spec);
    snprintf(ch.id, sizeof ch.id, "%.*s", (int)(colon - spec), spec);
    snprintf(ch.submission, sizeof ch.submission, "%s", colon + 1);
    snprintf(ch.judge, sizeof ch.judge, "%s/judge/test_%s", opt->build, ch.id);
    snprintf(ch.worker, sizeof ch.worker, "%s/workers/%s", opt->workdir,
             ch.id);
    if (access(ch.judge, X_OK) != 0)
        fatal("%s: %s (run make)", ch.judge, strerror(errno));
    describe(&ch);
    return ch;
}

/* ---- Building the chapters' workers --------------------------------------- */

#define CONTAINER(pointer, type, member) \
    ((type *)(void *)((char *)(pointer) - offsetof(type, member)))

/* The worker's own parts, which the grader links with the submission. */
enum { PARTS = 5 };

static void worker_parts(const chapter *ch, const options *opt,
                         char parts[PARTS][600])
{
    const char *grade_parts[] = {"tests/grade/worker", "tests/grade/calls",
                                 "tests/grade/sandbox"};
    for (int i = 0; i < 3; i++)
        snprintf(parts[i], 600, "%s/obj/%s/%s.o", opt->build, opt->flavour,
                 grade_parts[i]);
    snprintf(parts[3], 600, "%s/obj/%s/%s/gen/%s_worker.o", opt->build,
             opt->flavour, opt->build, ch->id);
    snprintf(parts[4], 600, "%s/%s/libkit.a", opt->build, opt->flavour);
}

/* Where a worker's build keeps the compiler's warnings. */
static void warnings_path(const chapter *ch, char *path, size_t size)
{
    snprintf(path, size, "%s.warnings", ch->worker);
}

/* In a child of the grader (a job): builds the chapter's worker; prints
 * why not, and fails, if it cannot. */
static int build_in_child(void *arg)
{
    chapter *ch = arg;
    const options *opt = ch->opt;
    char parts[PARTS][600], work[600];
    const char *part_list[PARTS];
    worker_parts(ch, opt, parts);
    for (int i = 0; i < PARTS; i++)
        part_list[i] = parts[i];
    snprintf(work, sizeof work, "%s/work/%s", opt->workdir, ch->id);
    worker_recipe r = {
        .submission = ch->submission, .compile = opt->compile,
        .link = opt->link, .parts = part_list, .part_count = PARTS,
        .sanitized = !strcmp(opt->flavour, "asan"),
        .exercises = (const char *const *)ch->exercises,
        .helpers = (const char *const *)ch->helpers,
        .forbidden = (const char *const *)ch->forbidden, .work = work,
        .installed = ch->worker, .level = opt->level, .uid = ch->build_uid,
        .warnings = ch->warnings, .warnings_size = sizeof ch->warnings};
    char path[700];
    warnings_path(ch, path, sizeof path);
    unlink(path);
    if (worker_build(&r, ch->build_failure, sizeof ch->build_failure) != 0) {
        fputs(ch->build_failure, stdout);
        return 1;
    }
    /* This runs in a child: the warnings reach the report through a
     * file, which also serves when the worker is used again. */
    FILE *f = ch->warnings[0] ? fopen(path, "w") : NULL;
    if (f)
        fputs(ch->warnings, f), fclose(f);
    return 0;
}

static uint64_t fnv(uint64_t hash, const void *data, size_t size)
{
    const unsigned char *bytes = data;
    for (size_t i = 0; i < size; i++)
        hash = (hash ^ bytes[i]) * 0x100000001b3u;
    return hash;
}

/* A fingerprint of all a worker is built from: the submission's bytes,
 * the commands, the sandbox, the parts and the grader itself (by size and
 * time). A worker built from the same is used again: only the grader
 * writes workers. */
static uint64_t worker_key(const chapter *ch, const options *opt)
{
    uint64_t key = 0xcbf29ce484222325u;
    char parts[PARTS][600];
    struct stat st;
    key = fnv(key, ch->text ? ch->text : "", ch->text ? strlen(ch->text) : 0);
    const char *words[] = {opt->compile, opt->link, opt->flavour,
                           sandbox_level_name(opt->level), ch->submission};
    for (int i = 0; i < 5; i++)
        key = fnv(key, words[i], strlen(words[i]) + 1);
    key = fnv(key, &opt->uid, sizeof opt->uid);
    if (stat("/proc/self/exe", &st) == 0) { /* a new grader checks anew */
        key = fnv(key, &st.st_size, sizeof st.st_size);
        key = fnv(key, &st.st_mtim, sizeof st.st_mtim);
    }
    worker_parts(ch, opt, parts);
    for (int i = 0; i < PARTS; i++)
        if (stat(parts[i], &st) == 0) {
            key = fnv(key, &st.st_size, sizeof st.st_size);
            key = fnv(key, &st.st_mtim, sizeof st.st_mtim);
        }
    return key;
}

/* The key file holds the fingerprint, a newline and the submission's
 * bytes: a worker serves again only exactly the submission it was built
 * from, as a fingerprint alone could be matched on purpose. */
static void key_path(const chapter *ch, char *path, size_t size)
{
    snprintf(path, size, "%s.key", ch->worker);
}

static int worker_is_current(const chapter *ch, const options *opt)
{
    char path[700];
    key_path(ch, path, sizeof path);
    char *saved = ch->text ? text_read_file(path, strlen(ch->text) + 64)
                           : NULL;
    char *source = saved ? strchr(saved, '\n') : NULL;
    unsigned long long key = 0;
    int current = source && sscanf(saved, "%llx", &key) == 1 &&
                  strcmp(source + 1, ch->text) == 0 &&
                  access(ch->worker, X_OK) == 0 && key == worker_key(ch, opt);
    free(saved);
    return current;
}

static void worker_built(job *j, void *ctx)
{
    chapter *ch = CONTAINER(j, chapter, build);
    (void)ctx;
    char path[700];
    key_path(ch, path, sizeof path);
    unlink(path);
    if (WIFEXITED(j->status) && WEXITSTATUS(j->status) == 0) {
        FILE *f = fopen(path, "w");
        if (f)
            fprintf(f, "%llx\n%s", (unsigned long long)worker_key(ch, ch->opt),
                    ch->text ? ch->text : ""),
                fclose(f);
        return;
    }
    snprintf(ch->build_failure, sizeof ch->build_failure, "%.4000s",
             j->timed_out ? "building the worker took too long" : j->output);
    if (!ch->build_failure[0])
        snprintf(ch->build_failure, sizeof ch->build_failure,
                 "%s: the worker could not be built", ch->submission);
}

/* Builds the workers that are not current, several at a time. */
static void build_workers(chapter *chapters, size_t count, const options *opt)
{
    job **todo = kit_alloc(count, sizeof *todo);
    int n = 0;
    for (size_t c = 0; c < count; c++) {
        chapter *ch = &chapters[c];
        ch->opt = opt;
        /* A user id per job: at the user level, the end of one kills
         * every process of its id, which must not be another's. */
        ch->build_uid = opt->uid + 1 + (uid_t)(c % BUILD_UIDS);
        if (worker_is_current(ch, opt))
            continue;
        ch->build = (job){.run = build_in_child, .arg = ch, .seconds = 300};
        todo[n++] = &ch->build;
    }
    jobs_run(todo, n, opt->jobs, worker_built, NULL);
    free(todo);
    for (size_t c = 0; c < count; c++) {
        char path[700];
        warnings_path(&chapters[c], path, sizeof path);
        char *text = chapters[c].build_failure[0]
                         ? NULL
                         : text_read_file(path, sizeof chapters[c].warnings);
        snprintf(chapters[c].warnings, sizeof chapters[c].warnings, "%s",
                 text ? text : "");
        free(text);
    }
}

/* ---- Grading the tests ---------------------------------------------------- */

/* Keeps a line of a judge's output that says something to a student:
 * not cmocka's banners ("[ RUN      ] ..."). */
static int not_noise(const char *line, char *shown, size_t size,
                     const void *ctx)
{
    (void)ctx;
    size_t length = strlen(line);
    if ((length >= 12 && line[0] == '[' && line[11] == ']') ||
        strstr(line, "FAILED TEST(S)"))
        return 0;
    snprintf(shown, size, "%s", line);
    return 1;
}

static void explain(test_case *t, const job *j)
{
    t->reason[0] = '\0';
    if (j->timed_out)
        snprintf(t->reason, sizeof t->reason, "the test took too long and "
                 "was stopped");
    else if (!WIFEXITED(j->status) || WEXITSTATUS(j->status) > 1)
        snprintf(t->reason, sizeof t->reason, "the test itself failed to run "
                 "(a problem of the kit: tell your instructor)");
    text_append_lines(t->reason, sizeof t->reason, j->output, REASON_LINES,
                      not_noise, NULL, t->reason[0] ? "\n" : "", "\n");
    if (!t->reason[0])
        snprintf(t->reason, sizeof t->reason, "failed");
}

static int has_todo(const char *text, const char *exercise)
{
    char mark[64];
    snprintf(mark, sizeof mark, "TODO(%s)", exercise);
    return text && strstr(text, mark) != NULL;
}

/* The test's judge, with the run's options; the nth test has a sandbox
 * user id of its own. */
static void prepare_test(const chapter *ch, test_case *t, int n,
                         const options *opt)
{
    snprintf(t->uid, sizeof t->uid, "%u",
             (unsigned)(opt->uid + 1 + BUILD_UIDS + (uid_t)n));
    char *args[] = {(char *)ch->judge, "--run", t->name, "--worker",
                    (char *)ch->worker, "--level",
                    (char *)sandbox_level_name(opt->level), "--uid",
                    t->uid, "--timeout",
                    (char *)opt->timeout_text, "--memory",
                    (char *)opt->memory_text, "--seed", (char *)opt->seed_text,
                    strcmp(opt->flavour, "asan") ? NULL : "--sanitized", NULL};
    memcpy(t->args, args, sizeof args);
    t->run = (job){.args = t->args, .seconds = opt->timeout + 10};
}

/* Takes the judge's "hint: ..." lines out of a reason. */
static void drop_hints(char *reason)
{
    char *line = reason;
    while (*line) {
        size_t length = strcspn(line, "\n");
        if (!strncmp(line, "hint: ", 6))
            memmove(line, line + length + (line[length] == '\n'),
                    strlen(line + length + (line[length] == '\n')) + 1);
        else
            line += length + (line[length] == '\n');
    }
}

/* A test's verdict: from its judge, or from its chapter's failed build. */
static void conclude(const chapter *ch, test_case *t)
{
    if (ch->build_failure[0]) {
        t->score = 0;
        snprintf(t->reason, sizeof t->reason, "%s", ch->build_failure);
    } else {
        const job *j = &t->run;
        int ok = !j->timed_out && WIFEXITED(j->status) &&
                 WEXITSTATUS(j->status) == 0 && !strcmp(j->verdict, "pass\n");
        t->score = ok ? t->points : 0;
        t->seconds = j->took;
        if (!ok)
            explain(t, j);
    }
    int todo = has_todo(ch->text, t->exercise);
    t->verdict = t->score == t->points ? "OK" : todo ? "TODO" : "FAIL";
    if (t->score != t->points && todo) {
        drop_hints(t->reason); /* of code not written yet: noise */
        text_append(t->reason, sizeof t->reason,
                    "\nnot attempted yet: TODO(%s) is still in %s",
                    t->exercise, ch->submission);
    }
    t->done = 1;
}

/* ---- The report ------------------------------------------------------- */

static const char *paint(const options *opt, const char *verdict)
{
    if (!opt->color)
        return "";
    if (!strcmp(verdict, "OK"))
        return "\033[32m";
    return !strcmp(verdict, "TODO") ? "\033[33m" : "\033[31m";
}

/* Prints a line of the reason, control characters made harmless. */
static void print_reason_line(char *line)
{
    text_defuse(line);
    printf("        %s\n", line);
}

static void print_test(const test_case *t, const options *opt)
{
    char points[32];
    snprintf(points, sizeof points, "%d/%d", t->score, t->points);
    char name[sizeof t->name + 16];
    snprintf(name, sizeof name, "%s%s", t->name, t->hidden ? " (hidden)" : "");
    printf("  %s%-4s%s  %-7s %-44s %5s %6.2fs\n", paint(opt, t->verdict),
           t->verdict, opt->color ? "\033[0m" : "", t->exercise, name,
           points, t->seconds);
    if (t->score == t->points)
        return;
    char reason[sizeof t->reason];
    snprintf(reason, sizeof reason, "%s", t->reason);
    char *save = NULL;
    for (char *line = strtok_r(reason, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        print_reason_line(line);
}

static int selected(const test_case *t, const options *opt)
{
    return !opt->filter || strstr(t->name, opt->filter) ||
           !strcmp(t->exercise, opt->filter);
}

/* Lines of the compiler's, indented under a heading. */
static void print_block(const char *heading, const char *text)
{
    printf("  %s\n", heading);
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", text);
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        print_reason_line(line);
}

/* The chapter's name, and what its build said: why it failed, once for
 * all its tests, or its warnings. */
static void print_chapter_head(const chapter *ch)
{
    printf("%s  (%s)\n", ch->id, ch->submission);
    if (ch->build_failure[0])
        print_block("no test of this chapter can run, as the file does not "
                    "build:", ch->build_failure);
    else if (ch->warnings[0])
        print_block("the compiler warns (each warning may be a bug):",
                    ch->warnings);
}

/* Whether a chapter's tests are all "not attempted": its report then
 * folds into one line. `ready` is set when they have all ended. */
static int untouched(const chapter *ch, int *ready)
{
    int none = 1, graded = 0;
    *ready = 1;
    for (int i = 0; i < ch->count; i++) {
        const test_case *t = &ch->tests[i];
        if (!t->graded)
            continue;
        graded++;
        if (!has_todo(ch->text, t->exercise))
            return 0;
        if (!t->done)
            *ready = 0;
        else if (strcmp(t->verdict, "TODO"))
            none = 0;
    }
    return graded > 0 && none;
}

static int any_selected(const chapter *ch)
{
    for (int i = 0; i < ch->count; i++)
        if (ch->tests[i].graded)
            return 1;
    return 0;
}

static void print_untouched(const chapter *ch)
{
    int points = 0;
    for (int i = 0; i < ch->count; i++)
        points += ch->tests[i].graded ? ch->tests[i].points : 0;
    char line[200], total[32], hidden[32] = "";
    snprintf(line, sizeof line, "%s  not attempted yet", ch->id);
    snprintf(total, sizeof total, "0/%d", points);
    if (ch->hidden_points > 0 && !ch->hidden_here)
        snprintf(hidden, sizeof hidden, " (+%d hidden)", ch->hidden_points);
    printf("%-61s %5s%s\n", line, total, hidden);
}

static void print_subtotal(const chapter *ch)
{
    int score = 0, points = 0;
    for (int i = 0; i < ch->count; i++)
        if (ch->tests[i].graded)
            score += ch->tests[i].score, points += ch->tests[i].points;
    char total[32];
    snprintf(total, sizeof total, "%d/%d", score, points);
    printf("  %-59s %5s\n", "subtotal", total);
    if (ch->hidden_points > 0 && !ch->hidden_here)
        printf("  and %d points of hidden tests, which your instructor's "
               "grader runs\n", ch->hidden_points);
    printf("\n");
}

/* The report is printed in the chapters' and tests' order while the
 * tests end in any order: it goes as far as the tests have ended. */
typedef struct report {
    chapter *chapters;
    size_t count, chapter; /* where printing has got to */
    int test, opened;
    int fold;   /* whether untouched chapters fold into a line each */
    int folded; /* the last chapter printed was folded into a line */
    const options *opt;
} report;

static void print_ready(report *r)
{
    while (r->chapter < r->count) {
        chapter *ch = &r->chapters[r->chapter];
        int ready, fold = r->fold && !r->opened && untouched(ch, &ready);
        if (fold && !ready)
            return; /* folded or not: known when its tests have ended */
        if (fold || !any_selected(ch)) {
            if (fold)
                print_untouched(ch), r->folded = 1;
            r->chapter++;
            continue;
        }
        if (!r->opened) {
            if (r->folded)
                printf("\n"), r->folded = 0;
            print_chapter_head(ch), r->opened = 1;
        }
        for (; r->test < ch->count; r->test++) {
            test_case *t = &ch->tests[r->test];
            if (!t->graded)
                continue;
            if (!t->done)
                return;
            if (!ch->build_failure[0]) /* else all 0, said once above */
                print_test(t, r->opt);
        }
        print_subtotal(ch);
        r->chapter++, r->test = 0, r->opened = 0;
    }
    if (r->folded && r->chapter == r->count)
        printf("\n"), r->folded = 0;
    fflush(stdout);
}

static void test_ended(job *j, void *ctx)
{
    report *r = ctx;
    test_case *t = CONTAINER(j, test_case, run);
    for (size_t c = 0; c < r->count; c++)
        if (t >= r->chapters[c].tests &&
            t < r->chapters[c].tests + r->chapters[c].count)
            conclude(&r->chapters[c], t);
    print_ready(r);
}

/* Runs every selected test, several judges at a time, and prints the
 * report as they end. */
static void grade_tests(chapter *chapters, size_t count, const options *opt)
{
    /* Grading them all, a student sees at once what is left to do; one
     * chapter or one test is shown in full. */
    report r = {.chapters = chapters, .count = count, .opt = opt,
                .fold = count > 1 && !opt->filter};
    size_t total = 0;
    for (size_t c = 0; c < count; c++)
        total += (size_t)chapters[c].count;
    job **todo = kit_alloc(total, sizeof *todo);
    int n = 0;
    for (size_t c = 0; c < count; c++)
        for (int i = 0; i < chapters[c].count; i++) {
            test_case *t = &chapters[c].tests[i];
            if (!(t->graded = selected(t, opt)))
                continue;
            if (chapters[c].build_failure[0]) {
                conclude(&chapters[c], t);
                continue;
            }
            prepare_test(&chapters[c], t, n, opt);
            todo[n++] = &t->run;
        }
    print_ready(&r);
    jobs_run(todo, n, opt->jobs, test_ended, &r);
    print_ready(&r);
    free(todo);
}

/* ---- results.json, in Gradescope's format ----------------------------- */

/* A JSON string; bytes outside printable ASCII become \u00XX or '?', so
 * whatever a test printed, the file stays valid. */
static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c < 0x80 ? c : '?', f);
    }
    fputc('"', f);
}

static void json_test(FILE *f, const test_case *t, int first)
{
    char name[200];
    snprintf(name, sizeof name, "%s %s", t->exercise, t->name);
    fprintf(f, "%s\n    {\"name\": ", first ? "" : ",");
    json_string(f, name);
    fprintf(f, ", \"number\": ");
    json_string(f, t->exercise);
    fprintf(f, ", \"score\": %d, \"max_score\": %d, \"status\": \"%s\", "
               "\"visibility\": \"%s\", \"execution_time\": %.2f, "
               "\"output\": ",
            t->score, t->points, t->score == t->points ? "passed" : "failed",
            t->hidden ? "after_due_date" : "visible", t->seconds);
    json_string(f, t->score == t->points ? "" : t->reason);
    fputc('}', f);
}

/* A chapter's points so far: all of them, or its public tests' only. */
static void chapter_points(const chapter *ch, int public_only, int *got,
                           int *of)
{
    *got = *of = 0;
    for (int i = 0; i < ch->count; i++)
        if (ch->tests[i].graded && !(public_only && ch->tests[i].hidden))
            *got += ch->tests[i].score, *of += ch->tests[i].points;
}

/* The top-level output, which students see at once: the public tests'
 * score and a line per chapter. The hidden tests' points are in the
 * tests marked after_due_date (and the whole score), never here, so that
 * no one learns before the due date what the hidden tests gave. */
static void json_summary(FILE *f, const chapter *chapters, size_t count,
                         const options *opt)
{
    char text[8192];
    int got = 0, of = 0, hidden = 0;
    for (size_t c = 0; c < count; c++) {
        int g, o;
        chapter_points(&chapters[c], 1, &g, &o);
        got += g, of += o, hidden |= chapters[c].hidden_here;
    }
    size_t used = (size_t)snprintf(text, sizeof text, "Score%s: %d/%d (seed "
                                   "%llu, sandbox: %s)",
                                   hidden ? " on the public tests" : "", got,
                                   of, (unsigned long long)opt->seed,
                                   sandbox_level_name(opt->level));
    for (size_t c = 0; c < count && used < sizeof text; c++) {
        const chapter *ch = &chapters[c];
        chapter_points(ch, 1, &got, &of);
        used += (size_t)snprintf(text + used, sizeof text - used,
                                 "\n%s: %d/%d%s", ch->id, got, of,
                                 ch->build_failure[0] ? " (did not build)"
                                                      : "");
    }
    if (hidden && used < sizeof text)
        snprintf(text + used, sizeof text - used, "\nThe hidden tests' "
                 "results are shown after the due date.");
    json_string(f, text);
}

/* Every chapter's whole points, for the instructor's tools (make
 * grade-all's gradebook): "ch01_layers": "46/55", a line each. */
static void json_chapters(FILE *f, const chapter *chapters, size_t count)
{
    for (size_t c = 0; c < count; c++) {
        int got, of;
        chapter_points(&chapters[c], 0, &got, &of);
        fprintf(f, "%s\n    ", c ? "," : "");
        json_string(f, chapters[c].id);
        fprintf(f, ": \"%d/%d\"", got, of);
    }
}

static void write_json(const char *path, chapter *chapters, size_t count,
                       int score, int points, double seconds,
                       const options *opt)
{
    char partial[4096];
    snprintf(partial, sizeof partial, "%s.partial", path);
    FILE *f = fopen(partial, "w");
    if (!f)
        fatal("cannot write %s: %s", partial, strerror(errno));
    fprintf(f, "{\n  \"score\": %d,\n  \"max_score\": %d,\n"
               "  \"execution_time\": %.2f,\n  \"output\": ",
            score, points, seconds);
    json_summary(f, chapters, count, opt);
    fprintf(f, ",\n  \"extra_data\": {\"seed\": %llu, \"sandbox\": \"%s\", "
               "\"chapters\": {",
            (unsigned long long)opt->seed, sandbox_level_name(opt->level));
    json_chapters(f, chapters, count);
    fprintf(f, "}},\n  \"tests\": [");
    int first = 1;
    for (size_t c = 0; c < count; c++)
        for (int i = 0; i < chapters[c].count; i++)
            if (chapters[c].tests[i].graded) {
                json_test(f, &chapters[c].tests[i], first);
                first = 0;
            }
    fprintf(f, "\n  ]\n}\n");
    /* "|", not "||": the file is closed whether or not it had an error. */
    if (ferror(f) | (fclose(f) != 0) || rename(partial, path) != 0) {
        unlink(partial);
        fatal("cannot write %s: %s", path, strerror(errno));
    }
}

/* ---- main -------------------------------------------------------------- */

static void usage(void)
{
    puts("usage: grade [options] CHAPTER:SUBMISSION ...\n"
         "\n"
         "Builds a worker from each submission (ch01_layers:exercises/"
         "ch01_layers.c)\n"
         "in the sandbox, runs every graded test of the chapter in its "
         "judge, and\n"
         "prints one line per test, a subtotal per chapter and the score.\n"
         "\n"
         "  --json FILE      also write the results in Gradescope's format\n"
         "  --build DIR      where make built the judges (default build)\n"
         "  --workdir DIR    where workers are built (default BUILD/grade;\n"
         "                   one for each grading that runs at once)\n"
         "  --flavour NAME   asan (the default) or release: how workers are "
         "built\n"
         "  --compile CMD    the compiler command for a submission\n"
         "  --link CMD       the command that links a worker\n"
         "  --timeout SEC    wall-clock limit per test (default 3)\n"
         "  --memory MB      memory limit per test (default 1024)\n"
         "  --filter TEXT    grade only tests whose name contains TEXT, or\n"
         "                   whose exercise is TEXT (such as ch01.2)\n"
         "  --seed N         the seed of the tests' random inputs (default: "
         "GRADE_SEED,\n"
         "                   or drawn anew)\n"
         "  --sandbox LEVEL  isolate at most so (namespaces, userns, user, "
         "none)\n"
         "  --uid N          the sandbox's first user id (default 61017;\n"
         "                   its jobs use ids from N + 1 up)\n"
         "  --jobs N         judges (or builds) at once (default: the cores)\n"
         "  --strict         exit 1 below full marks\n"
         "  --expect WHAT    exit 1 unless the score is full, or zero\n"
         "  --help           print this help\n"
         "\n"
         "GRADE_STRICT_SANDBOX=1 refuses to grade where the machine cannot "
         "isolate\n"
         "student code (another user id at least).");
}

static const char *flag_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        fatal("%s needs a value (try --help)", argv[*i]);
    return argv[++*i];
}

static int parse_options(int argc, char **argv, options *opt)
{
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        const char *flag = argv[i];
        if (!strcmp(flag, "--help"))
            usage(), exit(0);
        else if (!strcmp(flag, "--json"))
            opt->json = flag_value(argc, argv, &i);
        else if (!strcmp(flag, "--build"))
            opt->build = flag_value(argc, argv, &i);
        else if (!strcmp(flag, "--workdir"))
            snprintf(opt->workdir, sizeof opt->workdir, "%s",
                     flag_value(argc, argv, &i));
        else if (!strcmp(flag, "--flavour"))
            opt->flavour = flag_value(argc, argv, &i);
        else if (!strcmp(flag, "--compile"))
            opt->compile = flag_value(argc, argv, &i);
        else if (!strcmp(flag, "--link"))
            opt->link = flag_value(argc, argv, &i);
        else if (!strcmp(flag, "--timeout"))
            opt->timeout = atof(flag_value(argc, argv, &i));
        else if (!strcmp(flag, "--memory"))
            opt->memory_mb = atol(flag_value(argc, argv, &i));
        else if (!strcmp(flag, "--filter"))
            opt->filter = flag_value(argc, argv, &i);
        else if (!strcmp(flag, "--seed"))
            opt->seed = strtoull(flag_value(argc, argv, &i), NULL, 10);
        else if (!strcmp(flag, "--sandbox")) {
            int level = sandbox_level_parse(flag_value(argc, argv, &i));
            if (level < 0)
                fatal("--sandbox wants namespaces, userns, user or none");
            opt->level = (sandbox_level)level;
        } else if (!strcmp(flag, "--uid"))
            opt->uid = (uid_t)atol(flag_value(argc, argv, &i));
        else if (!strcmp(flag, "--jobs"))
            opt->jobs = atoi(flag_value(argc, argv, &i));
        else if (!strcmp(flag, "--expect"))
            opt->expect = flag_value(argc, argv, &i);
        else if (!strcmp(flag, "--strict"))
            opt->strict = 1;
        else
            fatal("unknown flag %s (try --help)", flag);
    }
    if (!(opt->timeout > 0))
        fatal("--timeout wants a positive number of seconds");
    if (opt->memory_mb < 16)
        fatal("--memory wants at least 16 (megabytes)");
    if (strcmp(opt->flavour, "asan") && strcmp(opt->flavour, "release"))
        fatal("--flavour wants asan or release, not %s", opt->flavour);
    if (!opt->compile || !opt->link)
        fatal("--compile and --link are needed (make grade gives them)");
    if (opt->uid == 0)
        fatal("--uid 0 would run student code as root");
    if (opt->expect && strcmp(opt->expect, "full") &&
        strcmp(opt->expect, "zero"))
        fatal("--expect wants full or zero, not %s", opt->expect);
    if (i == argc)
        fatal("no chapters to grade (try --help)");
    return i;
}

/* A filter that matches no test is a typo: say so, and what there is. */
static void check_filter(const chapter *chapters, size_t count,
                         const options *opt)
{
    if (!opt->filter)
        return;
    for (size_t c = 0; c < count; c++)
        for (int i = 0; i < chapters[c].count; i++)
            if (selected(&chapters[c].tests[i], opt))
                return;
    fprintf(stderr, "grade: no test matches '%s'; exercises:", opt->filter);
    for (size_t c = 0; c < count; c++)
        for (int i = 0; i < chapters[c].exercise_count; i++)
            fprintf(stderr, " %s", chapters[c].exercises[i]);
    fprintf(stderr, " (or part of a test's name)\n");
    exit(2);
}

/* The strongest isolation here, at most what --sandbox allows; refuses
 * to go on without another user id under GRADE_STRICT_SANDBOX=1. */
static sandbox_level choose_sandbox(sandbox_level most)
{
    sandbox_level level = sandbox_probe(most);
    const char *strict = getenv("GRADE_STRICT_SANDBOX");
    if (level == SANDBOX_NONE && strict && !strcmp(strict, "1"))
        fatal("this machine cannot isolate student code (no namespaces, and "
              "no other user id without root); GRADE_STRICT_SANDBOX=1 "
              "refuses to grade");
    if (!sandbox_filter_works())
        fatal("this kernel cannot filter system calls (seccomp): student code "
              "would run unchecked, and the grader refuses to run it");
    if (level == SANDBOX_NONE)
        fprintf(stderr, "grade: warning: this machine cannot isolate "
                "student code: it runs as you, held only by limits and a "
                "system-call filter (grade as root, or where user "
                "namespaces are allowed, for more)\n");
    return level;
}

static uint64_t choose_seed(uint64_t given)
{
    const char *env = getenv("GRADE_SEED");
    if (given)
        return given;
    if (env && *env)
        return strtoull(env, NULL, 10);
    uint64_t seed = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, &seed, sizeof seed) != (ssize_t)sizeof seed)
        seed = (uint64_t)time(NULL) * 2654435761u ^ (uint64_t)getpid();
    if (fd >= 0)
        close(fd);
    return seed % 1000000000u + 1; /* short enough to type again */
}

static void make_grade_dirs(const options *opt)
{
    char path[600];
    const char *dirs[] = {"", "/workers", "/work"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", opt->workdir, dirs[i]);
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            fatal("cannot make %s: %s", path, strerror(errno));
    }
}

int main(int argc, char **argv)
{
    options opt = {.timeout = 3, .memory_mb = 1024, .build = "build",
                   .flavour = "asan", .level = SANDBOX_NAMESPACES,
                   .uid = SANDBOX_UID, .jobs = jobs_parallel()};
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    opt.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    int first = parse_options(argc, argv, &opt);
    if (!opt.workdir[0])
        snprintf(opt.workdir, sizeof opt.workdir, "%s/grade", opt.build);
    if (opt.json) { /* no results from an earlier run may survive this one */
        char partial[4096];
        snprintf(partial, sizeof partial, "%s.partial", opt.json);
        unlink(opt.json);
        unlink(partial);
    }
    make_grade_dirs(&opt);
    size_t count = (size_t)(argc - first);
    chapter *chapters = kit_alloc(count, sizeof *chapters);
    for (size_t c = 0; c < count; c++)
        chapters[c] = parse_chapter(argv[(size_t)first + c], &opt);
    check_filter(chapters, count, &opt);
    opt.level = choose_sandbox(opt.level);
    opt.seed = choose_seed(opt.seed);
    snprintf(opt.timeout_text, sizeof opt.timeout_text, "%g", opt.timeout);
    snprintf(opt.memory_text, sizeof opt.memory_text, "%ld", opt.memory_mb);
    snprintf(opt.seed_text, sizeof opt.seed_text, "%llu",
             (unsigned long long)opt.seed);

    printf("Seed %llu (GRADE_SEED=%llu repeats these inputs); sandbox: %s\n\n",
           (unsigned long long)opt.seed, (unsigned long long)opt.seed,
           sandbox_level_name(opt.level));

    double start = sandbox_clock();
    for (size_t c = 0; c < count; c++) /* only for its TODO marks, and
                                          with care: a link, a device or a
                                          huge file is not read */
        chapters[c].text = text_read_file(chapters[c].submission, 4 << 20);
    build_workers(chapters, count, &opt);
    grade_tests(chapters, count, &opt);
    int score = 0, points = 0;
    for (size_t c = 0; c < count; c++)
        for (int i = 0; i < chapters[c].count; i++)
            if (chapters[c].tests[i].graded) {
                score += chapters[c].tests[i].score;
                points += chapters[c].tests[i].points;
            }
    printf("Score: %d/%d\n", score, points);
    if (opt.json)
        write_json(opt.json, chapters, count, score, points, sandbox_clock() - start,
                   &opt);

    int want_full = opt.strict || (opt.expect && !strcmp(opt.expect, "full"));
    int want_zero = opt.expect && !strcmp(opt.expect, "zero");
    if ((want_full && score != points) || (want_zero && score != 0)) {
        fprintf(stderr, "grade: expected %s marks, got %d/%d\n",
                want_zero ? "zero" : "full", score, points);
        return 1;
    }
    return 0;
}
