/* watch.c - grades a chapter again each time its file is saved: make
 * watch CH=NN runs it.
 *
 *     watch [options] CHAPTER:FILE -- GRADER [ARG...]
 *
 * Grades at once, showing the grader's whole report; then waits for FILE
 * to be saved and grades again, showing only what changed: the tests now
 * passing, those now failing (with why), those failing with a new
 * message, and the new score. The comparison is made on the results file
 * the grader writes (--json), never on its printed report, whose layout
 * may change.
 *
 * Editors save in different ways: in place, to a temporary file renamed
 * over FILE (vim, many IDEs), or by deleting FILE and writing it anew. So
 * the folder is watched (inotify) for FILE's name being written and
 * closed, moved in or created; a burst of such events ends in one grading
 * once the folder has been quiet for a moment (--delay). A save that left
 * the text as it was graded is not graded again.
 *
 * Every grading after the first keeps the first one's seed, so that what
 * changes is the code's doing, not new random inputs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/infra/error.h"
#include "grade/text.h"

#define MAX_SUBMISSION (4 << 20) /* bytes of FILE compared between saves */
#define REASON_LINES 12          /* lines of a reason shown */
#define GROUP_LINES 3            /* tests shown of a group with one reason */

static void usage(void)
{
    puts("usage: watch [options] CHAPTER:FILE -- GRADER [ARG...]\n"
         "\n"
         "Grades FILE as CHAPTER's exercises (ch02_autoencoder:exercises/"
         "ch02_autoencoder.c)\n"
         "with the grader's command, showing its whole report; then grades "
         "again each\n"
         "time FILE is saved, showing only what changed since the grading "
         "before: the\n"
         "tests now passing, those now failing (with why), those failing "
         "with a new\n"
         "message, and the score. Ctrl-C stops it.\n"
         "\n"
         "  --json FILE    where the grader writes its results (it is given "
         "--json FILE)\n"
         "  --report FILE  where each later grading's whole report goes\n"
         "                 (default: report.txt beside the results)\n"
         "  --delay MS     quiet time after a save before grading (default "
         "200)\n"
         "  --count N      stop after N gradings, the first one included\n"
         "  --clear        clear the screen before each grading again\n"
         "  --no-clear     do not (the default when not writing to a "
         "terminal)\n"
         "  --help         print this help\n"
         "\n"
         "The gradings after the first are given the first one's --seed "
         "(unless the\n"
         "command has one), so that a test changes only when the code "
         "does.");
}

typedef struct {
    const char *json, *target; /* results file; CHAPTER:FILE */
    char report[4096];         /* the later gradings' whole reports */
    const char *file;          /* FILE, as given */
    char **grader;             /* the grader's command, NULL-terminated */
    int grader_args;
    long delay_ms, count;
    int clear, color;
} options;

/* ---- Signals: Ctrl-C ends the watch, after the grading under way ----- */

static volatile sig_atomic_t stop_signal;
static sigset_t waiting_mask; /* the mask while waiting: those let through */
static sigset_t original_mask;

static void on_stop(int sig) { stop_signal = sig; }
static void on_child(int sig) { (void)sig; }

/* The signals are blocked but while the watch waits (ppoll, sigsuspend),
 * so that none slips in between a check of stop_signal and the wait. */
static void catch_signals(void)
{
    struct sigaction stop = {.sa_handler = on_stop}, child = {.sa_handler = on_child};
    sigemptyset(&stop.sa_mask);
    sigemptyset(&child.sa_mask);
    sigaction(SIGINT, &stop, NULL);
    sigaction(SIGTERM, &stop, NULL);
    sigaction(SIGHUP, &stop, NULL);
    sigaction(SIGCHLD, &child, NULL);
    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGHUP);
    sigaddset(&blocked, SIGCHLD);
    sigprocmask(SIG_BLOCK, &blocked, &original_mask);
    waiting_mask = original_mask;
    sigdelset(&waiting_mask, SIGINT);
    sigdelset(&waiting_mask, SIGTERM);
    sigdelset(&waiting_mask, SIGHUP);
    sigdelset(&waiting_mask, SIGCHLD);
}

/* ---- A small JSON reader, for the grader's results file --------------- */

typedef struct json json;
struct json {
    char type;     /* 'n' null, 'b' true or false, 'd' number, 's' string,
                      'a' array, 'o' object */
    double number; /* a number's value (or a boolean's, 0 or 1) */
    char *string;  /* a string's text: \u escapes past ASCII become '?' */
    size_t count;  /* an array's items or an object's members */
    json *items;
    char **keys;   /* an object's keys, one per item */
};

typedef struct {
    const char *at;
    int depth;
} reader;

static void json_free(json *j)
{
    free(j->string);
    for (size_t i = 0; i < j->count; i++) {
        json_free(&j->items[i]);
        if (j->keys)
            free(j->keys[i]);
    }
    free(j->items);
    free(j->keys);
}

static void skip_space(reader *r)
{
    while (*r->at == ' ' || *r->at == '\t' || *r->at == '\n' || *r->at == '\r')
        r->at++;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A string, r->at on its opening quote; NULL if it is malformed. */
static char *read_string(reader *r)
{
    if (*r->at != '"')
        return NULL;
    const char *s = ++r->at;
    size_t size = 1;
    while (*s && *s != '"')
        s += s[0] == '\\' && s[1] ? 2 : 1, size++;
    char *out = kit_alloc(size, 1), *o = out;
    while (*r->at != '"') {
        char c = *r->at++;
        if (!c || (unsigned char)c < 0x20)
            return free(out), NULL;
        if (c != '\\') {
            *o++ = c;
            continue;
        }
        c = *r->at++;
        switch (c) {
        case 'n': *o++ = '\n'; break;
        case 't': *o++ = '\t'; break;
        case 'r': *o++ = '\r'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case '"': case '\\': case '/': *o++ = c; break;
        case 'u': {
            int code = 0;
            for (int i = 0; i < 4; i++) {
                int d = hex_digit(*r->at++);
                if (d < 0)
                    return free(out), NULL;
                code = code * 16 + d;
            }
            *o++ = code < 0x80 ? (char)code : '?';
            break;
        }
        default:
            return free(out), NULL;
        }
    }
    r->at++;
    *o = '\0';
    return out;
}

static int read_value(reader *r, json *out);

/* An array or object's items, r->at past its opening bracket. */
static int read_items(reader *r, json *out, char close)
{
    size_t room = 0;
    skip_space(r);
    if (*r->at == close)
        return r->at++, 0;
    for (;;) {
        if (out->count == room) {
            room = room ? 2 * room : 8;
            out->items = kit_realloc(out->items, room, sizeof *out->items);
            if (close == '}')
                out->keys = kit_realloc(out->keys, room, sizeof *out->keys);
        }
        json item = {0};
        char *key = NULL;
        skip_space(r);
        if (close == '}') {
            if (!(key = read_string(r)))
                return -1;
            skip_space(r);
            if (*r->at++ != ':')
                return free(key), -1;
        }
        if (read_value(r, &item) != 0)
            return free(key), json_free(&item), -1;
        if (close == '}')
            out->keys[out->count] = key;
        out->items[out->count++] = item;
        skip_space(r);
        if (*r->at == ',')
            r->at++;
        else if (*r->at == close)
            return r->at++, 0;
        else
            return -1;
    }
}

static int read_value(reader *r, json *out)
{
    skip_space(r);
    if (++r->depth > 32)
        return -1;
    int ok = 0;
    char c = *r->at;
    if (c == '{' || c == '[') {
        out->type = c == '{' ? 'o' : 'a';
        r->at++;
        ok = read_items(r, out, c == '{' ? '}' : ']') == 0;
    } else if (c == '"') {
        out->type = 's';
        ok = (out->string = read_string(r)) != NULL;
    } else if (!strncmp(r->at, "true", 4) || !strncmp(r->at, "false", 5)) {
        out->type = 'b';
        out->number = c == 't';
        r->at += c == 't' ? 4 : 5;
        ok = 1;
    } else if (!strncmp(r->at, "null", 4)) {
        out->type = 'n';
        r->at += 4;
        ok = 1;
    } else {
        char *end;
        out->type = 'd';
        out->number = strtod(r->at, &end);
        ok = end != r->at;
        r->at = end;
    }
    r->depth--;
    return ok ? 0 : -1;
}

static const json *json_get(const json *object, const char *key)
{
    if (!object || object->type != 'o')
        return NULL;
    for (size_t i = 0; i < object->count; i++)
        if (!strcmp(object->keys[i], key))
            return &object->items[i];
    return NULL;
}

static const char *json_text(const json *j) { return j && j->type == 's' ? j->string : ""; }
static double json_number(const json *j) { return j && j->type == 'd' ? j->number : 0; }

/* ---- A grading's results ---------------------------------------------- */

typedef struct {
    char *exercise, *name, *reason; /* ch02.1, its test's name, why not full */
    int score, points, hidden;
} outcome;

typedef struct {
    outcome *tests;
    size_t count;
    int score, points;
    char seed[32]; /* "" if the file gives none */
} results;

static void results_free(results *r)
{
    for (size_t i = 0; i < r->count; i++) {
        free(r->tests[i].exercise);
        free(r->tests[i].name);
        free(r->tests[i].reason);
    }
    free(r->tests);
    *r = (results){0};
}

/* Reads the grader's results file; -1 if there is none or it is not one. */
static int results_read(const char *path, results *out)
{
    char *text = text_read_file(path, 64 << 20);
    if (!text)
        return -1;
    json top = {0};
    reader r = {text, 0};
    int bad = read_value(&r, &top) != 0 || top.type != 'o';
    free(text);
    const json *tests = json_get(&top, "tests");
    if (bad || !tests || tests->type != 'a' || !json_get(&top, "max_score"))
        return json_free(&top), -1;
    *out = (results){0};
    out->score = (int)json_number(json_get(&top, "score"));
    out->points = (int)json_number(json_get(&top, "max_score"));
    const json *seed = json_get(json_get(&top, "extra_data"), "seed");
    if (seed && seed->type == 'd')
        snprintf(out->seed, sizeof out->seed, "%.0f", seed->number);
    out->tests = kit_alloc(tests->count + 1, sizeof *out->tests);
    for (size_t i = 0; i < tests->count; i++) {
        const json *t = &tests->items[i];
        const char *name = json_text(json_get(t, "name"));
        const char *exercise = json_text(json_get(t, "number"));
        /* "ch02.1 recon_loss_hand_computed": the name after the number */
        size_t n = strlen(exercise);
        if (n && !strncmp(name, exercise, n) && name[n] == ' ')
            name += n + 1;
        out->tests[out->count++] = (outcome){
            .exercise = strdup(exercise),
            .name = strdup(name),
            .reason = strdup(json_text(json_get(t, "output"))),
            .score = (int)json_number(json_get(t, "score")),
            .points = (int)json_number(json_get(t, "max_score")),
            .hidden = !strcmp(json_text(json_get(t, "visibility")), "after_due_date"),
        };
        text_defuse(out->tests[out->count - 1].exercise); /* printed as they are */
        text_defuse(out->tests[out->count - 1].name);
    }
    json_free(&top);
    return 0;
}

static int passed(const outcome *t) { return t->score == t->points; }

static int not_attempted(const outcome *t)
{
    return strstr(t->reason, "not attempted yet: TODO(") != NULL;
}

static const outcome *find_test(const results *r, const outcome *t)
{
    for (size_t i = 0; i < r->count; i++)
        if (!strcmp(r->tests[i].exercise, t->exercise) &&
            !strcmp(r->tests[i].name, t->name))
            return &r->tests[i];
    return NULL;
}

/* Two reasons say the same if they differ only in what changes from run
 * to run anyway: addresses (0x7ffd...) and process ids (==1234==). */
static int same_reason(const char *a, const char *b)
{
    for (;;) {
        if (a[0] == '0' && a[1] == 'x' && b[0] == '0' && b[1] == 'x') {
            a += 2, b += 2;
            while (hex_digit(*a) >= 0)
                a++;
            while (hex_digit(*b) >= 0)
                b++;
            continue;
        }
        if (a[0] == '=' && a[1] == '=' && b[0] == '=' && b[1] == '=') {
            a += 2, b += 2;
            while (*a >= '0' && *a <= '9')
                a++;
            while (*b >= '0' && *b <= '9')
                b++;
            continue;
        }
        if (*a != *b)
            return 0;
        if (!*a)
            return 1;
        a++, b++;
    }
}

/* ---- What changed, printed ---------------------------------------------- */

enum change { SAME, NOW_PASSING, NOW_FAILING, NEW_MESSAGE, STILL_FAILING };

static enum change change_of(const outcome *t, const outcome *before)
{
    if (passed(t))
        return before && passed(before) ? SAME : NOW_PASSING;
    if (!before || passed(before))
        return NOW_FAILING;
    return same_reason(t->reason, before->reason) ? STILL_FAILING : NEW_MESSAGE;
}

static void print_test(const outcome *t, const options *opt)
{
    const char *verdict = passed(t) ? "OK" : not_attempted(t) ? "TODO" : "FAIL";
    const char *paint = !opt->color ? ""
                      : passed(t) ? "\033[32m"
                      : not_attempted(t) ? "\033[33m" : "\033[31m";
    char name[600], points[32];
    snprintf(name, sizeof name, "%.500s%s", t->name, t->hidden ? " (hidden)" : "");
    snprintf(points, sizeof points, "%d/%d", t->score, t->points);
    printf("  %s%-4s%s  %-7s %-44s %5s\n", paint, verdict, opt->color ? "\033[0m" : "",
           t->exercise, name, points);
}

static void print_reason(const char *reason)
{
    char *copy = strdup(reason), *save = NULL;
    int lines = 0, more = 0;
    for (char *line = strtok_r(copy, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (lines++ < REASON_LINES) {
            text_defuse(line);
            printf("        %s\n", line);
        } else {
            more++;
        }
    }
    if (more)
        printf("        (%d more line%s in the whole report)\n", more, more == 1 ? "" : "s");
    free(copy);
}

/* The tests of one kind of change; failures with the same reason (a
 * build that failed fails every test alike) are shown with it once. */
static void print_changes(const results *now, const enum change *changes,
                          enum change which, const char *title,
                          const options *opt)
{
    size_t n = 0;
    for (size_t i = 0; i < now->count; i++)
        n += changes[i] == which;
    if (!n)
        return;
    printf("%s (%zu):\n", title, n);
    char *shown = kit_alloc(now->count + 1, 1);
    for (size_t i = 0; i < now->count; i++) {
        if (changes[i] != which || shown[i])
            continue;
        const outcome *t = &now->tests[i];
        int in_group = 0;
        for (size_t j = i; j < now->count; j++) {
            const outcome *u = &now->tests[j];
            if (changes[j] != which || shown[j] ||
                (j != i && (passed(t) || !same_reason(t->reason, u->reason))))
                continue;
            shown[j] = 1;
            if (in_group++ < GROUP_LINES)
                print_test(u, opt);
        }
        if (in_group > GROUP_LINES)
            printf("        ... and %d more test%s with the same message:\n",
                   in_group - GROUP_LINES, in_group - GROUP_LINES == 1 ? "" : "s");
        if (!passed(t))
            print_reason(t->reason);
    }
    free(shown);
}

/* The exercises still failing as they were: "ch02.4 (3 tests, not
 * attempted)", one entry per exercise, in the report's order. */
static void print_still_failing(const results *now, const enum change *changes)
{
    size_t listed = 0, column = 0;
    for (size_t i = 0; i < now->count; i++) {
        const outcome *t = &now->tests[i];
        if (changes[i] != STILL_FAILING)
            continue;
        int earlier = 0, tests = 0, todo = 1;
        for (size_t j = 0; j < now->count; j++)
            if (changes[j] == STILL_FAILING &&
                !strcmp(now->tests[j].exercise, t->exercise)) {
                earlier |= j < i;
                tests++;
                todo &= not_attempted(&now->tests[j]);
            }
        if (earlier)
            continue;
        char entry[600];
        int width = snprintf(entry, sizeof entry, "%.500s (%d test%s%s)", t->exercise, tests,
                             tests == 1 ? "" : "s", todo ? ", not attempted" : "");
        if (!listed++)
            column = (size_t)printf("Still failing as before:");
        else if (column + 2 + (size_t)width > 78)
            printf(",\n "), column = 1;
        else
            column += (size_t)printf(",");
        column += (size_t)printf(" %s", entry);
    }
    if (listed)
        puts("");
}

static void print_comparison(const results *now, const results *before,
                             const options *opt)
{
    enum change *changes = kit_alloc(now->count + 1, sizeof *changes);
    size_t changed = 0;
    for (size_t i = 0; i < now->count; i++) {
        changes[i] = change_of(&now->tests[i], find_test(before, &now->tests[i]));
        changed += changes[i] != SAME && changes[i] != STILL_FAILING;
    }
    print_changes(now, changes, NOW_PASSING, "Now passing", opt);
    print_changes(now, changes, NOW_FAILING, "Now failing", opt);
    print_changes(now, changes, NEW_MESSAGE, "Still failing, with a new message", opt);
    if (!changed)
        puts("No test changed.");
    print_still_failing(now, changes);
    printf("\nScore: %d/%d", now->score, now->points);
    if (now->score != before->score || now->points != before->points)
        printf(" (was %d/%d)", before->score, before->points);
    else
        printf(" (as before)");
    printf("%s\n", now->points && now->score == now->points ? ": every test passes" : "");
    printf("Whole report: %s\n", opt->report);
    free(changes);
}

/* ---- Grading ------------------------------------------------------------ */

/* Runs the grader on the target, its output to the terminal (the first
 * time) or to the report file. Returns its wait status, or -1 if it did
 * not start; stops early only if the watch is told to stop. */
static int run_grader(const options *opt, const char *seed, int to_report)
{
    char **argv = kit_alloc((size_t)opt->grader_args + 6, sizeof *argv);
    int n = 0;
    for (int i = 0; i < opt->grader_args; i++)
        argv[n++] = opt->grader[i];
    argv[n++] = "--json";
    argv[n++] = (char *)opt->json;
    if (seed && seed[0]) {
        argv[n++] = "--seed";
        argv[n++] = (char *)seed;
    }
    argv[n++] = (char *)opt->target;
    argv[n] = NULL;

    int out = -1;
    if (to_report) {
        out = open(opt->report, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (out < 0) {
            fprintf(stderr, "watch: cannot write %s: %s\n", opt->report, strerror(errno));
            return free(argv), -1;
        }
    }
    unlink(opt->json); /* no earlier results may pass for this grading's */
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        signal(SIGCHLD, SIG_DFL);
        sigprocmask(SIG_SETMASK, &original_mask, NULL);
        if (out >= 0 && (dup2(out, STDOUT_FILENO) < 0 || dup2(out, STDERR_FILENO) < 0))
            _exit(127);
        execvp(argv[0], argv);
        fprintf(stderr, "watch: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    if (out >= 0)
        close(out);
    free(argv);
    if (pid < 0) {
        fprintf(stderr, "watch: cannot start the grader: %s\n", strerror(errno));
        return -1;
    }
    int status = 0, passed_on = 0;
    for (;;) {
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid)
            return status;
        if (done < 0 && errno != EINTR)
            return -1;
        /* Ctrl-C reaches the grader from the terminal too; another
         * signal (kill, a closed terminal) is passed on to it. */
        if (stop_signal && !passed_on)
            kill(pid, stop_signal), passed_on = 1;
        sigsuspend(&waiting_mask); /* until a signal: SIGCHLD at the end */
    }
}

/* Says why a grading left no results, and what it printed. */
static void print_failed_grading(const options *opt, int status, int shown)
{
    if (status != -1 && WIFSIGNALED(status))
        printf("\nThe grading was stopped by signal %d and left no results.\n",
               WTERMSIG(status));
    else
        printf("\nThe grading failed (exit status %d) and left no results in %s.\n",
               status == -1 ? -1 : WEXITSTATUS(status), opt->json);
    if (shown)
        return;
    char *text = text_read_file(opt->report, 1 << 20);
    if (text) {
        puts("What it printed:");
        print_reason(text);
        printf("(all of it in %s)\n", opt->report);
    }
    free(text);
}

/* ---- Waiting for a save --------------------------------------------------- */

typedef struct {
    int fd;
    char folder[PATH_MAX], name[NAME_MAX + 1];
} watcher;

/* FILE's folder and name, through a link to the file it points to (an
 * editor writes there). */
static void watch_folder(watcher *w, const char *file)
{
    char real[PATH_MAX];
    if (!realpath(file, real))
        die("%s: %s (make watch watches an existing file: check CH= and SUBMISSION=)",
            file, strerror(errno));
    struct stat s;
    if (stat(real, &s) != 0 || !S_ISREG(s.st_mode))
        die("%s is not a regular file", file);
    char *slash = strrchr(real, '/');
    snprintf(w->name, sizeof w->name, "%s", slash + 1);
    if (slash == real)
        slash++;
    *slash = '\0';
    snprintf(w->folder, sizeof w->folder, "%s", real);
    w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->fd < 0)
        die("cannot watch files (inotify): %s", strerror(errno));
    if (inotify_add_watch(w->fd, w->folder, IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE |
                                                IN_DELETE_SELF | IN_MOVE_SELF |
                                                IN_ONLYDIR) < 0)
        die("cannot watch %s: %s", w->folder, strerror(errno));
}

enum seen { NOTHING, SAVED, FOLDER_GONE };

/* What the events waiting on the watcher say. */
static enum seen read_events(const watcher *w)
{
    enum seen seen = NOTHING;
    char buffer[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t got = read(w->fd, buffer, sizeof buffer);
        if (got <= 0)
            return seen;
        for (char *at = buffer; at < buffer + got;) {
            const struct inotify_event *e = (const struct inotify_event *)at;
            at += sizeof *e + e->len;
            if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED))
                return FOLDER_GONE;
            if ((e->mask & IN_Q_OVERFLOW) ||
                (e->len && !strcmp(e->name, w->name) &&
                 (e->mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE))))
                seen = SAVED;
        }
    }
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Waits for FILE to be saved and then for delay_ms without another save
 * (an editor's save can be several events). Returns SAVED, FOLDER_GONE,
 * or NOTHING when told to stop. */
static enum seen wait_for_save(const watcher *w, long delay_ms)
{
    double due = -1; /* when to grade: delay_ms after the last save seen */
    struct pollfd p = {.fd = w->fd, .events = POLLIN};
    while (!stop_signal) {
        struct timespec wait = {0, 0};
        if (due >= 0) {
            double left = due - seconds_now();
            if (left <= 0)
                return SAVED;
            wait.tv_sec = (time_t)left;
            wait.tv_nsec = (long)((left - (double)wait.tv_sec) * 1e9);
        }
        int ready = ppoll(&p, 1, due >= 0 ? &wait : NULL, &waiting_mask);
        if (ready < 0 && errno != EINTR)
            die("cannot wait for a save: %s", strerror(errno));
        if (ready > 0) {
            enum seen seen = read_events(w);
            if (seen == FOLDER_GONE)
                return FOLDER_GONE;
            if (seen == SAVED)
                due = seconds_now() + (double)delay_ms / 1000;
        }
    }
    return NOTHING;
}

/* ---- main ------------------------------------------------------------------- */

static long number_flag(int argc, char **argv, int *i, long least)
{
    if (*i + 1 >= argc)
        die("%s needs a value (try --help)", argv[*i]);
    char *end;
    const char *text = argv[++*i];
    long value = strtol(text, &end, 10);
    if (end == text || *end || value < least)
        die("%s wants a whole number of at least %ld, not '%s'", argv[*i - 1], least, text);
    return value;
}

static void parse_options(int argc, char **argv, options *opt)
{
    int i = 1;
    opt->clear = opt->color = isatty(STDOUT_FILENO);
    if (getenv("NO_COLOR"))
        opt->color = 0;
    for (; i < argc && !strncmp(argv[i], "--", 2) && argv[i][2]; i++) {
        const char *flag = argv[i];
        if (!strcmp(flag, "--help"))
            usage(), exit(0);
        else if (!strcmp(flag, "--json") || !strcmp(flag, "--report")) {
            if (i + 1 >= argc)
                die("%s needs a value (try --help)", flag);
            if (flag[2] == 'j')
                opt->json = argv[++i];
            else
                snprintf(opt->report, sizeof opt->report, "%s", argv[++i]);
        } else if (!strcmp(flag, "--delay"))
            opt->delay_ms = number_flag(argc, argv, &i, 0);
        else if (!strcmp(flag, "--count"))
            opt->count = number_flag(argc, argv, &i, 1);
        else if (!strcmp(flag, "--clear"))
            opt->clear = 1;
        else if (!strcmp(flag, "--no-clear"))
            opt->clear = 0;
        else
            die("unknown flag %s (try --help)", flag);
    }
    if (i + 2 >= argc || strcmp(argv[i + 1], "--"))
        die("want CHAPTER:FILE -- GRADER [ARG...] (try --help)");
    if (!opt->json)
        die("--json FILE is needed: where the grader writes its results");
    opt->target = argv[i];
    const char *colon = strchr(opt->target, ':');
    if (!colon || colon == opt->target || !colon[1])
        die("want CHAPTER:FILE, such as ch02_autoencoder:exercises/ch02_autoencoder.c, "
            "not '%s'", opt->target);
    opt->file = colon + 1;
    opt->grader = argv + i + 2;
    opt->grader_args = argc - i - 2;
    if (!opt->report[0]) {
        const char *slash = strrchr(opt->json, '/');
        snprintf(opt->report, sizeof opt->report, "%.*sreport.txt",
                 slash ? (int)(slash - opt->json + 1) : 0, opt->json);
    }
}

static const char *clock_text(void)
{
    static char text[16];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(text, sizeof text, "%H:%M:%S", &tm);
    return text;
}

/* FILE's text (through a link), or NULL if it cannot be read. */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = kit_alloc(MAX_SUBMISSION + 1, 1);
    size_t got = fread(text, 1, MAX_SUBMISSION, f);
    fclose(f);
    text[got] = '\0';
    return text;
}

/* Whether a save calls for a grading: not if FILE is gone or its text is
 * what was graded last (then it says so). */
static int worth_grading(const options *opt, char **graded_text)
{
    char *text = read_text(opt->file);
    if (!text && access(opt->file, F_OK) != 0) {
        printf("%s is gone; waiting for it to be saved again.\n", opt->file);
        return 0;
    }
    if (text && *graded_text && !strcmp(text, *graded_text)) {
        printf("%s saved at %s, unchanged: not graded again.\n", opt->file, clock_text());
        free(text);
        return 0;
    }
    free(*graded_text);
    *graded_text = text;
    return 1;
}

int main(int argc, char **argv)
{
    program_set_name("watch");
    options opt = {.delay_ms = 200};
    parse_options(argc, argv, &opt);
    int command_has_seed = 0;
    for (int i = 0; i < opt.grader_args; i++)
        command_has_seed |= !strncmp(opt.grader[i], "--seed", 6);

    watcher w;
    watch_folder(&w, opt.file); /* before the first grading: a save during it counts */
    catch_signals();

    results before = {0};
    int have_before = 0;
    char seed[32] = "";
    char *graded_text = read_text(opt.file); /* FILE as it was last graded */
    for (long gradings = 0; !stop_signal;) {
        if (gradings == 0 || worth_grading(&opt, &graded_text)) {
            if (gradings > 0) {
                printf("%s", opt.clear ? "\033[H\033[2J" : "\n");
                printf("%s saved at %s: grading it again...\n", opt.file, clock_text());
            }
            int status = run_grader(&opt, command_has_seed ? NULL : seed, gradings > 0);
            gradings++;
            if (stop_signal)
                break;
            results now;
            if (results_read(opt.json, &now) != 0) {
                print_failed_grading(&opt, status, gradings == 1);
                if (gradings == 1) /* a bad option or TEST=, not the code */
                    return 1;
            } else {
                if (have_before)
                    print_comparison(&now, &before, &opt);
                if (!seed[0])
                    snprintf(seed, sizeof seed, "%s", now.seed);
                results_free(&before);
                before = now;
                have_before = 1;
            }
            if (opt.count && gradings >= opt.count)
                break;
        }
        printf("\nWatching %s: save it to grade it again (Ctrl-C stops).\n", opt.file);
        fflush(stdout);
        if (wait_for_save(&w, opt.delay_ms) == FOLDER_GONE) {
            fprintf(stderr, "watch: %s was removed or moved away; stopped\n", w.folder);
            return 1;
        }
    }
    if (stop_signal)
        printf("\nStopped watching %s.\n", opt.file);
    results_free(&before);
    free(graded_text);
    return 0;
}
