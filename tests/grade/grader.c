/* grader.c - grades exercises by running each graded test on its own.
 *
 *     grade [options] TESTS.c:EXERCISES.c:BINARY[:BUILD_LOG] ...
 *
 * For each chapter it reads the table of GRADED(test, "chNN.k", points)
 * lines in TESTS.c, then runs BINARY --run TEST once per test, each in a
 * child process of its own with a time limit, a CPU limit and a memory
 * limit. A test earns its points only when the child reports "pass" with
 * the secret token this run gave it, and exits normally; a crash, an abort,
 * an exit() inside the test, a timeout or a failed check costs that test
 * alone, and the report names the cause. EXERCISES.c is read only to tell
 * an untouched stub (its TODO(chNN.k) mark is still there) from an attempt;
 * BUILD_LOG, the compiler's output, explains a chapter that did not build.
 *
 * No student code ever runs in this process: it links none.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OUTPUT_MAX 8192 /* bytes of a test's output kept for its report */
#define REASON_LINES 8  /* lines of that output shown under a failure */
#define FD_RESULT 3     /* where the test writes "pass TOKEN" or "fail" */
#define FD_TOKEN 4      /* where it reads the token from */

typedef struct options {
    double timeout;     /* wall-clock seconds per test */
    long memory_mb;     /* memory limit per test */
    int sanitized;      /* binaries built with ASan/UBSan */
    const char *json;   /* where results.json goes, or NULL */
    const char *filter; /* grade only tests whose name or exercise has this */
    const char *expect; /* "full" or "zero": exit 1 unless the score is */
    int strict;         /* exit 1 below full marks */
    int color;
} options;

typedef struct test_case {
    char name[128];
    char exercise[32]; /* "ch01.3" */
    int points;
    int score;
    double seconds;
    const char *verdict; /* "OK", "FAIL" or "TODO" (failed, not attempted) */
    char reason[2048];   /* why it failed, for the report and the JSON */
} test_case;

typedef struct chapter {
    char id[64]; /* "ch01_layers" */
    char *tests_source, *exercise_source, *binary, *build_log;
    test_case *tests;
    int count;
} chapter;

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

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* The whole of a file as a string, or NULL if it cannot be read. */
static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t size = 0, capacity = 4096, got;
    char *text = malloc(capacity);
    while (text && (got = fread(text + size, 1, capacity - size - 1, f))) {
        size += got;
        if (size + 1 < capacity)
            continue;
        char *bigger = realloc(text, capacity *= 2);
        if (!bigger)
            free(text);
        text = bigger;
    }
    fclose(f);
    if (text)
        text[size] = '\0';
    return text;
}

/* ---- The chapters and their tests ----------------------------------- */

static void trim(char *s)
{
    char *start = s;
    while (*start == ' ')
        start++;
    memmove(s, start, strlen(start) + 1);
    for (size_t n = strlen(s); n > 0 && s[n - 1] == ' '; n--)
        s[n - 1] = '\0';
}

/* Reads the GRADED(name, "chNN.k", points) lines of a test source. */
static void read_table(chapter *ch)
{
    char *source = read_file(ch->tests_source);
    if (!source)
        fatal("cannot read %s: %s", ch->tests_source, strerror(errno));
    for (char *line = strtok(source, "\n"); line; line = strtok(NULL, "\n")) {
        test_case t = {0};
        while (*line == ' ')
            line++;
        if (sscanf(line, "GRADED(%127[^,], \"%31[^\"]\", %d)", t.name,
                   t.exercise, &t.points) != 3)
            continue;
        trim(t.name);
        ch->tests = realloc(ch->tests, (size_t)(ch->count + 1) * sizeof t);
        if (!ch->tests)
            fatal("out of memory");
        ch->tests[ch->count++] = t;
    }
    free(source);
    if (ch->count == 0)
        fatal("%s has no GRADED(test, \"chNN.k\", points) lines",
              ch->tests_source);
}

/* "tests/test_ch01_layers.c:exercises/ch01_layers.c:build/.../test:log" */
static chapter parse_chapter(const char *spec)
{
    chapter ch = {0};
    char *copy = strdup(spec);
    ch.tests_source = strtok(copy, ":");
    ch.exercise_source = strtok(NULL, ":");
    ch.binary = strtok(NULL, ":");
    ch.build_log = strtok(NULL, ":");
    if (!ch.binary)
        fatal("'%s' is not TESTS.c:EXERCISES.c:BINARY[:LOG]", spec);
    const char *base = strrchr(ch.tests_source, '/');
    base = base ? base + 1 : ch.tests_source;
    if (strncmp(base, "test_", 5) == 0)
        base += 5;
    snprintf(ch.id, sizeof ch.id, "%.*s", (int)strcspn(base, "."), base);
    read_table(&ch);
    return ch;
}

/* ---- Running one test in a child process ---------------------------- */

static void apply_limits(const options *opt)
{
    rlim_t cpu = (rlim_t)ceil(opt->timeout) + 1;
    setrlimit(RLIMIT_CPU, &(struct rlimit){cpu, cpu + 1});
    setrlimit(RLIMIT_CORE, &(struct rlimit){0, 0});
    setrlimit(RLIMIT_FSIZE, &(struct rlimit){64 << 20, 64 << 20});
    /* Tests never start processes, so a fork bomb fails at once (the
     * kernel does not hold root to this limit). */
    setrlimit(RLIMIT_NPROC, &(struct rlimit){0, 0});
    if (!opt->sanitized) {
        rlim_t bytes = (rlim_t)opt->memory_mb << 20;
        setrlimit(RLIMIT_AS, &(struct rlimit){bytes, bytes});
        return;
    }
    /* AddressSanitizer reserves terabytes of address space for itself, so
     * it is held to a resident-memory limit of its own instead. */
    char asan[256];
    snprintf(asan, sizeof asan, "detect_leaks=0:allocator_may_return_null=1:"
             "hard_rss_limit_mb=%ld", opt->memory_mb);
    setenv("ASAN_OPTIONS", asan, 1);
    setenv("UBSAN_OPTIONS", "print_stacktrace=1", 1);
}

/* In the child: output to one pipe, the verdict to FD_RESULT, the token
 * from FD_TOKEN; then the test binary. */
static void exec_test(const chapter *ch, const test_case *t, int out[2],
                      int result[2], int token[2], const options *opt)
{
    setpgid(0, 0);
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    dup2(result[1], FD_RESULT);
    dup2(token[0], FD_TOKEN);
    int pipes[] = {out[0], out[1], result[0], result[1], token[0], token[1]};
    for (int i = 0; i < 6; i++)
        if (pipes[i] > FD_TOKEN)
            close(pipes[i]);
    apply_limits(opt);
    execl(ch->binary, ch->binary, "--run", t->name, (char *)NULL);
    fprintf(stderr, "cannot run %s: %s\n", ch->binary, strerror(errno));
    _exit(127);
}

typedef struct run {
    char token[40];   /* a secret the test must echo to pass */
    char output[OUTPUT_MAX + 1];
    size_t output_size;
    char verdict[64]; /* what the test wrote on FD_RESULT */
    size_t verdict_size;
    int status;       /* from waitpid */
    int timed_out;
} run;

/* 64 random bits in hex; the clock and the process id if there is no
 * /dev/urandom. */
static void make_token(char *token, size_t size)
{
    unsigned long long bits = (unsigned long long)time(NULL) * 2654435761u ^
                              (unsigned long long)getpid() << 32;
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd >= 0) {
        if (read(fd, &bits, sizeof bits) != (ssize_t)sizeof bits)
            bits ^= (unsigned long long)clock();
        close(fd);
    }
    snprintf(token, size, "%016llx", bits);
}

/* Reads what the child writes until both pipes close or time runs out;
 * output beyond OUTPUT_MAX is read and dropped so the child never blocks. */
static void collect(run *r, int out_fd, int result_fd, double deadline)
{
    struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {result_fd, POLLIN, 0}};
    int open_fds = 2;
    while (open_fds > 0 && now() < deadline) {
        int wait_ms = (int)((deadline - now()) * 1000) + 1;
        if (poll(fds, 2, wait_ms) < 0 && errno != EINTR)
            return;
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP)))
                continue;
            char chunk[4096];
            ssize_t got = read(fds[i].fd, chunk, sizeof chunk);
            if (got <= 0) {
                fds[i].fd = -1;
                open_fds--;
                continue;
            }
            char *into = i == 0 ? r->output : r->verdict;
            size_t *size = i == 0 ? &r->output_size : &r->verdict_size;
            size_t limit = i == 0 ? OUTPUT_MAX : sizeof r->verdict - 1;
            size_t keep = (size_t)got < limit - *size ? (size_t)got
                                                      : limit - *size;
            memcpy(into + *size, chunk, keep);
            *size += keep;
        }
    }
}

/* Waits for the child until the deadline; 0 if it is still running. A
 * test that closed its pipes and went on running is caught here. */
static int wait_until(pid_t pid, int *status, double deadline)
{
    for (;;) {
        if (waitpid(pid, status, WNOHANG) == pid)
            return 1;
        if (now() >= deadline)
            return 0;
        nanosleep(&(struct timespec){0, 2000000}, NULL); /* 2 ms */
    }
}

static void run_child(const chapter *ch, const test_case *t,
                      const options *opt, run *r)
{
    int out[2], result[2], token[2];
    if (pipe(out) != 0 || pipe(result) != 0 || pipe(token) != 0)
        fatal("pipe: %s", strerror(errno));
    make_token(r->token, sizeof r->token);
    if (write(token[1], r->token, strlen(r->token)) < 0)
        fatal("pipe: %s", strerror(errno));
    close(token[1]);
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        fatal("fork: %s", strerror(errno));
    if (pid == 0)
        exec_test(ch, t, out, result, token, opt);
    setpgid(pid, pid);
    close(out[1]);
    close(result[1]);
    close(token[0]);
    double deadline = now() + opt->timeout;
    collect(r, out[0], result[0], deadline);
    if (!wait_until(pid, &r->status, deadline)) {
        r->timed_out = 1;
        kill(-pid, SIGKILL);
        waitpid(pid, &r->status, 0);
    }
    kill(-pid, SIGKILL); /* anything the test left running */
    close(out[0]);
    close(result[0]);
}

/* ---- Explaining what happened ---------------------------------------- */

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
    case SIGXFSZ: return "wrote a file larger than 64 MB";
    case SIGKILL: return "was killed (SIGKILL)";
    default: return NULL;
    }
}

/* What a sanitizer's report says, in a student's words, or NULL. */
static const char *describe_sanitizer(const char *output)
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
         "heap-buffer-overflow)"},
        {"AddressSanitizer: stack-buffer-overflow",
         "read or wrote outside a local array (AddressSanitizer: "
         "stack-buffer-overflow)"},
        {"hard rss limit exhausted", "used more memory than allowed"},
        {"AddressSanitizer", "made a memory error (AddressSanitizer)"},
        {"runtime error: load of null pointer",
         "read through a null pointer (UBSan)"},
        {"runtime error: store to null pointer",
         "wrote through a null pointer (UBSan)"},
        {"runtime error:", "has undefined behaviour (UBSan)"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strstr(output, known[i].report))
            return known[i].meaning;
    return NULL;
}

/* Lines that say nothing to a student: cmocka's banners ("[ RUN      ]"),
 * and the addresses, rulers and summaries of a sanitizer's report. */
static int is_noise(const char *line, size_t length)
{
    return (length >= 12 && line[0] == '[' && line[11] == ']') ||
           strstr(line, "FAILED TEST(S)") || strncmp(line, "==", 2) == 0 ||
           strstr(line, "is located") || strstr(line, "allocated by") ||
           strstr(line, "SUMMARY:") || strstr(line, "Shadow") ||
           strstr(line, "Hint:");
}

/* A sanitizer's stack frame "    #1 0x55f4 in f file.c:57" becomes
 * "#1 f file.c:57"; only the innermost frames matter (returns 0 for the
 * others). "READ of size 4 at 0x6030 thread T0" loses its address. */
static int tidy_line(char *line)
{
    char *start = line + strspn(line, " ");
    if (start[0] == '#' && isdigit((unsigned char)start[1])) {
        int frame = atoi(start + 1);
        char *in = strstr(start, " in ");
        if (frame > 1 || !in)
            return 0;
        snprintf(line, strlen(line) + 1, "#%d %s", frame, in + 4);
    }
    char *at = strstr(line, " at 0x");
    if (strstr(line, " of size ") && at)
        *at = '\0';
    return 1;
}

/* Appends up to REASON_LINES lines of the test's own output to reason. */
static void append_output(char *reason, size_t size, char *output)
{
    int shown = 0;
    for (char *line = strtok(output, "\n"); line && shown < REASON_LINES;
         line = strtok(NULL, "\n")) {
        size_t length = strlen(line);
        if (length == 0 || is_noise(line, length) || !tidy_line(line))
            continue;
        size_t used = strlen(reason);
        snprintf(reason + used, size - used, "%s%s", used ? "\n" : "", line);
        shown++;
    }
}

static void explain(test_case *t, run *r, const options *opt)
{
    char *reason = t->reason;
    size_t size = sizeof t->reason;
    int exited = WIFEXITED(r->status), code = WEXITSTATUS(r->status);
    r->output[r->output_size] = '\0';
    const char *sanitizer = describe_sanitizer(r->output);
    reason[0] = '\0';
    if (r->timed_out)
        snprintf(reason, size, "timed out after %g s (an endless loop?)",
                 opt->timeout);
    else if (WIFSIGNALED(r->status) && describe_signal(WTERMSIG(r->status)))
        snprintf(reason, size, "%s", describe_signal(WTERMSIG(r->status)));
    else if (WIFSIGNALED(r->status))
        snprintf(reason, size, "killed by signal %d (%s)",
                 WTERMSIG(r->status), strsignal(WTERMSIG(r->status)));
    else if (sanitizer)
        snprintf(reason, size, "%s", sanitizer);
    else if (strncmp(r->verdict, "fail", 4) == 0)
        ; /* the test's own messages say what was wrong */
    else if (exited && code == 0)
        snprintf(reason, size, "exited before the test finished: does the "
                               "code call exit()?");
    else
        snprintf(reason, size, "exited with status %d before the test "
                               "finished", code);
    append_output(reason, size, r->output);
    if (!reason[0])
        snprintf(reason, size, "failed");
}

static int has_todo(const char *exercise_text, const char *exercise)
{
    char mark[64];
    snprintf(mark, sizeof mark, "TODO(%s)", exercise);
    return exercise_text && strstr(exercise_text, mark) != NULL;
}

/* A pass counts only with this run's token: "pass TOKEN\n". */
static int passed(const run *r)
{
    char want[64];
    snprintf(want, sizeof want, "pass %s\n", r->token);
    return !r->timed_out && WIFEXITED(r->status) &&
           WEXITSTATUS(r->status) == 0 && strcmp(r->verdict, want) == 0;
}

static void grade_test(const chapter *ch, test_case *t, const char *text,
                       const options *opt)
{
    static run r;
    memset(&r, 0, sizeof r);
    double start = now();
    run_child(ch, t, opt, &r);
    t->seconds = now() - start;
    int ok = passed(&r), todo = has_todo(text, t->exercise);
    t->score = ok ? t->points : 0;
    t->verdict = ok ? "OK" : todo ? "TODO" : "FAIL";
    if (ok)
        return;
    explain(t, &r, opt);
    if (todo) {
        size_t used = strlen(t->reason);
        snprintf(t->reason + used, sizeof t->reason - used,
                 "\nnot attempted yet: TODO(%s) is still in %s", t->exercise,
                 ch->exercise_source);
    }
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

/* Prints a line of the reason, with control characters (a test may print
 * anything) made harmless for the terminal. */
static void print_reason_line(const char *line)
{
    fputs("        ", stdout);
    for (const char *c = line; *c; c++)
        putchar((unsigned char)*c < 0x20 && *c != '\t' ? '?' : *c);
    putchar('\n');
}

static void print_test(const test_case *t, const options *opt)
{
    char points[32];
    snprintf(points, sizeof points, "%d/%d", t->score, t->points);
    printf("  %s%-4s%s  %-7s %-44s %5s %6.2fs\n", paint(opt, t->verdict),
           t->verdict, opt->color ? "\033[0m" : "", t->exercise, t->name,
           points, t->seconds);
    if (t->score == t->points)
        return;
    char reason[sizeof t->reason];
    snprintf(reason, sizeof reason, "%s", t->reason);
    for (char *line = strtok(reason, "\n"); line; line = strtok(NULL, "\n"))
        print_reason_line(line);
    fflush(stdout);
}

static int selected(const test_case *t, const options *opt)
{
    return !opt->filter || strstr(t->name, opt->filter) ||
           !strcmp(t->exercise, opt->filter);
}

/* Why a chapter did not build: the compiler's first error lines. */
static void build_failure(const chapter *ch, char *reason, size_t size)
{
    snprintf(reason, size, "%s did not compile or link",
             ch->exercise_source);
    char *log = ch->build_log ? read_file(ch->build_log) : NULL;
    int shown = 0;
    for (char *line = log ? strtok(log, "\n") : NULL; line && shown < 4;
         line = strtok(NULL, "\n")) {
        if (!strstr(line, "error") && !strstr(line, "undefined reference"))
            continue;
        size_t used = strlen(reason);
        snprintf(reason + used, size - used, "\n%s", line);
        shown++;
    }
    free(log);
}

static void grade_chapter(chapter *ch, const options *opt)
{
    printf("%s  (%s)\n", ch->id, ch->tests_source);
    char *text = read_file(ch->exercise_source);
    int built = access(ch->binary, X_OK) == 0;
    if (!built)
        printf("  %s does not compile or link: fix the errors above; its "
               "tests score 0\n", ch->exercise_source);
    int score = 0, points = 0;
    for (int i = 0; i < ch->count; i++) {
        test_case *t = &ch->tests[i];
        if (!selected(t, opt)) {
            t->points = 0; /* not graded this time: counts for nothing */
            continue;
        }
        if (built) {
            grade_test(ch, t, text, opt);
        } else {
            t->verdict = "FAIL";
            build_failure(ch, t->reason, sizeof t->reason);
        }
        print_test(t, opt);
        score += t->score;
        points += t->points;
    }
    char total[32];
    snprintf(total, sizeof total, "%d/%d", score, points);
    printf("  %-59s %5s\n\n", "subtotal", total);
    free(text);
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
               "\"visibility\": \"visible\", \"output\": ",
            t->score, t->points, t->score == t->points ? "passed" : "failed");
    json_string(f, t->score == t->points ? "" : t->reason);
    fputc('}', f);
}

static void write_json(const char *path, chapter *chapters, size_t count,
                       int score, int points, double seconds)
{
    char partial[4096];
    snprintf(partial, sizeof partial, "%s.partial", path);
    FILE *f = fopen(partial, "w");
    if (!f)
        fatal("cannot write %s: %s", partial, strerror(errno));
    fprintf(f, "{\n  \"score\": %d,\n  \"max_score\": %d,\n"
               "  \"execution_time\": %.2f,\n  \"output\": \"Score: %d/%d\","
               "\n  \"tests\": [", score, points, seconds, score, points);
    int first = 1;
    for (size_t c = 0; c < count; c++)
        for (int i = 0; i < chapters[c].count; i++)
            if (chapters[c].tests[i].verdict) { /* graded this time */
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

/* ---- main ---------------------------------------------------------- */

static void usage(void)
{
    puts("usage: grade [options] TESTS.c:EXERCISES.c:BINARY ...\n"
         "\n"
         "Runs every graded test of each chapter in a process of its own\n"
         "and prints one line per test, a subtotal per chapter and the\n"
         "score.\n"
         "\n"
         "  --json FILE      also write the results in Gradescope's format\n"
         "  --timeout SEC    wall-clock limit per test (default 3)\n"
         "  --memory MB      memory limit per test (default 1024)\n"
         "  --sanitized      the tests are built with ASan and UBSan\n"
         "  --filter TEXT    grade only tests whose name contains TEXT, or\n"
         "                   whose exercise is TEXT (such as ch01.2)\n"
         "  --strict         exit 1 below full marks\n"
         "  --expect WHAT    exit 1 unless the score is full, or zero\n"
         "  --help           print this help");
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
        else if (!strcmp(flag, "--timeout"))
            opt->timeout = atof(flag_value(argc, argv, &i));
        else if (!strcmp(flag, "--memory"))
            opt->memory_mb = atol(flag_value(argc, argv, &i));
        else if (!strcmp(flag, "--filter"))
            opt->filter = flag_value(argc, argv, &i);
        else if (!strcmp(flag, "--expect"))
            opt->expect = flag_value(argc, argv, &i);
        else if (!strcmp(flag, "--strict"))
            opt->strict = 1;
        else if (!strcmp(flag, "--sanitized"))
            opt->sanitized = 1;
        else
            fatal("unknown flag %s (try --help)", flag);
    }
    if (!(opt->timeout > 0))
        fatal("--timeout wants a positive number of seconds");
    if (opt->memory_mb < 16)
        fatal("--memory wants at least 16 (megabytes)");
    if (opt->expect && strcmp(opt->expect, "full") && strcmp(opt->expect,
                                                              "zero"))
        fatal("--expect wants full or zero, not %s", opt->expect);
    if (i == argc)
        fatal("no chapters to grade (try --help)");
    return i;
}

/* A filter that matches no test is a typo: say so, and what there is. */
static void check_filter(const chapter *chapters, size_t count,
                         const options *opt)
{
    for (size_t c = 0; c < count; c++)
        for (int i = 0; i < chapters[c].count; i++)
            if (selected(&chapters[c].tests[i], opt))
                return;
    fprintf(stderr, "grade: no test matches '%s'; exercises:", opt->filter);
    for (size_t c = 0; c < count; c++)
        for (int i = 0; i < chapters[c].count; i++)
            if (i == 0 || strcmp(chapters[c].tests[i].exercise,
                                 chapters[c].tests[i - 1].exercise))
                fprintf(stderr, " %s", chapters[c].tests[i].exercise);
    fprintf(stderr, " (or part of a test's name)\n");
    exit(2);
}

int main(int argc, char **argv)
{
    options opt = {.timeout = 3, .memory_mb = 1024};
    opt.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    int first = parse_options(argc, argv, &opt);
    size_t count = first < argc ? (size_t)(argc - first) : 0;
    chapter *chapters = calloc(count, sizeof *chapters);
    for (size_t c = 0; c < count; c++)
        chapters[c] = parse_chapter(argv[(size_t)first + c]);

    check_filter(chapters, count, &opt);
    double start = now();
    int score = 0, points = 0;
    for (size_t c = 0; c < count; c++) {
        grade_chapter(&chapters[c], &opt);
        for (int i = 0; i < chapters[c].count; i++) {
            score += chapters[c].tests[i].score;
            points += chapters[c].tests[i].points;
        }
    }
    printf("Score: %d/%d\n", score, points);
    if (opt.json)
        write_json(opt.json, chapters, count, score, points, now() - start);

    int want_full = opt.strict || (opt.expect && !strcmp(opt.expect, "full"));
    int want_zero = opt.expect && !strcmp(opt.expect, "zero");
    if ((want_full && score != points) || (want_zero && score != 0)) {
        fprintf(stderr, "grade: expected %s marks, got %d/%d\n",
                want_zero ? "zero" : "full", score, points);
        return 1;
    }
    return 0;
}
