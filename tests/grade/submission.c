/* submission.c - a submission's exercises file, made into a worker (see
 * submission.h).
 *
 * Four steps, each a command in the sandbox with the same view of the
 * files: the compiler, readelf, objcopy (which drops the one constructor
 * AddressSanitizer adds, so that nothing at all runs before main) and the
 * linker. In a jail (the namespace levels) the commands see /usr, the
 * kit's headers at /kit/src, the submission at its usual path under /kit,
 * the worker's parts at /kit/link and an output directory /kit/out;
 * elsewhere they see the real paths.
 */
#define _GNU_SOURCE
#include "grade/submission.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/infra/error.h"
#include "grade/text.h"

#define MAX_WORDS 96
#define MAX_PARTS 16
#define MAX_OBJECT (64L << 20) /* bytes: a larger worker is refused */

/* C's functions an exercise may call: maths, memory, strings, printing. */
static const char *const c_library[] = {
    "acos", "acosf", "asin", "asinf", "atan", "atanf", "atan2", "atan2f",
    "cos", "cosf", "sin", "sinf", "tan", "tanf", "cosh", "coshf", "sinh",
    "sinhf", "tanh", "tanhf", "exp", "expf", "exp2", "exp2f", "expm1",
    "expm1f", "log", "logf", "log2", "log2f", "log10", "log10f", "log1p",
    "log1pf", "pow", "powf", "sqrt", "sqrtf", "cbrt", "cbrtf", "hypot",
    "hypotf", "fabs", "fabsf", "floor", "floorf", "ceil", "ceilf", "round",
    "roundf", "lround", "lroundf", "llround", "llroundf", "trunc", "truncf",
    "fmod", "fmodf", "fmin", "fminf", "fmax", "fmaxf", "fma", "fmaf", "erf",
    "erff", "erfc", "erfcf", "lgamma", "lgammaf", "tgamma", "tgammaf",
    "rint", "rintf", "lrint", "lrintf", "nearbyint", "nearbyintf",
    "copysign", "copysignf", "ldexp", "ldexpf", "frexp", "frexpf", "modf",
    "modff", "nan", "nanf", "__isnan", "__isnanf", "__isinf", "__isinff",
    "__finite", "__finitef", "__fpclassify", "__fpclassifyf",
    "malloc", "calloc", "realloc", "free", "memcpy", "memmove", "memset",
    "memcmp", "memchr", "strlen", "strnlen", "strcmp", "strncmp", "strcpy",
    "strncpy", "strcat", "strncat", "strchr", "strrchr", "strstr", "strdup",
    "strtol", "strtod", "strtof", "atoi", "atof", "qsort", "bsearch", "abs",
    "labs", "llabs", "rand", "srand", "printf", "fprintf", "sprintf",
    "snprintf", "vprintf", "vfprintf", "vsnprintf", "puts", "putchar",
    "fputs", "fputc", "putc", "fwrite", "fflush", "perror", "stdout",
    "stderr", "__printf_chk", "__fprintf_chk", "__sprintf_chk",
    "__snprintf_chk", "__vfprintf_chk", "__vsnprintf_chk", "__memcpy_chk",
    "__memmove_chk", "__memset_chk", "__strcpy_chk", "__strcat_chk",
    "__assert_fail", "__stack_chk_fail", "__errno_location", "abort",
    "exit", "_GLOBAL_OFFSET_TABLE_", NULL};

/* ---- Files -------------------------------------------------------------- */

static int remove_entry(const char *path, const struct stat *s, int flag,
                        struct FTW *ftw)
{
    (void)s, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

static void remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Copies a regular file (never through a symbolic link) of at most max
 * bytes; 0, or -1 with errno. */
static int copy_file(const char *from, const char *to, long max, mode_t mode)
{
    int in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), out = -1;
    struct stat s;
    char buffer[65536];
    ssize_t n = 0;
    if (in < 0 || fstat(in, &s) != 0)
        goto fail;
    if (!S_ISREG(s.st_mode) || s.st_size > max) {
        errno = S_ISREG(s.st_mode) ? EFBIG : EINVAL;
        goto fail;
    }
    out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    while (out >= 0 && (n = read(in, buffer, sizeof buffer)) > 0)
        if (write(out, buffer, (size_t)n) != n)
            goto fail;
    if (out < 0 || n < 0 || close(out) != 0)
        goto fail;
    close(in);
    return 0;
fail:;
    int saved = errno;
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out), unlink(to);
    errno = saved;
    return -1;
}

/* ---- The steps -------------------------------------------------------- */

/* The paths the steps use, inside the jail or out. */
typedef struct layout {
    int jailed;
    char source[512];       /* the submission, as the compiler sees it */
    char out[512];          /* the output directory, as the steps see it */
    char parts[MAX_PARTS][512]; /* the worker's parts, as the linker sees */
    sandbox_mount mounts[24];
    int mount_count;
    char staged[512], out_dir[512]; /* outside */
    char kit_src[600];
} layout;

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void plan(layout *l, const worker_recipe *r)
{
    l->jailed = r->level >= SANDBOX_USERNS;
    snprintf(l->staged, sizeof l->staged, "%s/%s", r->work,
             base_name(r->submission));
    snprintf(l->out_dir, sizeof l->out_dir, "%s/out", r->work);
    if (!l->jailed) {
        snprintf(l->source, sizeof l->source, "%s", r->submission);
        snprintf(l->out, sizeof l->out, "%s", l->out_dir);
        for (int i = 0; i < r->part_count; i++)
            snprintf(l->parts[i], sizeof l->parts[i], "%s", r->parts[i]);
        return;
    }
    /* In the jail the submission keeps its usual (relative) path, so
     * that the compiler's messages and the sanitizer's reports name it
     * as the student knows it. */
    int plain = r->submission[0] != '/' && !strstr(r->submission, "..");
    snprintf(l->source, sizeof l->source, "%s%s", plain ? "" : "exercises/",
             plain ? r->submission : base_name(r->submission));
    snprintf(l->out, sizeof l->out, "out");
    snprintf(l->kit_src, sizeof l->kit_src, "/kit/%s", l->source);
    l->mounts[l->mount_count++] = (sandbox_mount){"src", "/kit/src", 0};
    l->mounts[l->mount_count++] = (sandbox_mount){l->staged, l->kit_src, 0};
    l->mounts[l->mount_count++] = (sandbox_mount){l->out_dir, "/kit/out", 1};
    for (int i = 0; i < r->part_count; i++) {
        snprintf(l->parts[i], sizeof l->parts[i], "/kit/link/%s",
                 base_name(r->parts[i]));
        l->mounts[l->mount_count++] =
            (sandbox_mount){r->parts[i], l->parts[i], 0};
    }
}

/* The first of PATH's directories that holds name, or name itself. */
static const char *find_program(const char *name, char *path, size_t size)
{
    if (strchr(name, '/'))
        return name;
    const char *dirs[] = {"/usr/bin", "/bin", "/usr/local/bin"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, size, "%s/%s", dirs[i], name);
        if (access(path, X_OK) == 0)
            return path;
    }
    return name;
}

/* Splits a command (copy, which it cuts up) into words at spaces and
 * appends the extra ones; 0 if they are none or too many. */
static int command_words(char **argv, char *copy, char *const *extra)
{
    int n = 0;
    for (char *w = strtok(copy, " "); w; w = strtok(NULL, " "))
        if (n < MAX_WORDS - 1)
            argv[n++] = w;
        else
            return 0;
    for (int i = 0; extra[i]; i++)
        if (n < MAX_WORDS - 1)
            argv[n++] = extra[i];
        else
            return 0;
    argv[n] = NULL;
    return n;
}

/* Runs one step; returns 0 if it ran and exited with status 0. */
static int step(const worker_recipe *r, const layout *l, const char *command,
                char *const *extra, sandbox_run *run)
{
    char *copy = strdup(command), *argv[MAX_WORDS], path[512];
    CHECK(copy != NULL, "out of memory");
    if (command_words(argv, copy, extra) == 0) {
        free(copy);
        return -1;
    }
    argv[0] = (char *)find_program(argv[0], path, sizeof path);
    static char *env[] = {"PATH=/usr/bin:/bin", "TMPDIR=/tmp", "LC_ALL=C",
                          NULL};
    sandbox_spec spec = {
        .level = r->level, .uid = r->uid, .mounts = l->mounts,
        .mount_count = l->mount_count, .workdir = l->jailed ? "/kit" : NULL,
        .env = env,
        .limits = {.wall_seconds = 30, .cpu_seconds = 30, .memory_mb = 2048,
                   .address_space = 1, .file_mb = 64, .processes = 32,
                   .output_bytes = 64 * 1024}};
    int started = sandbox_run_command(run, &spec, argv);
    free(copy);
    if (started != 0)
        return -1;
    return run->end.lost || run->end.timed_out || run->end.out_of_memory ||
                   run->end.too_much_output || !WIFEXITED(run->end.status) ||
                   WEXITSTATUS(run->end.status) != 0
               ? -1
               : 0;
}

/* Keeps a line that contains the text ctx (a substring), or any line. */
static int containing(const char *line, char *shown, size_t size,
                      const void *ctx)
{
    if (ctx && !strstr(line, ctx))
        return 0;
    snprintf(shown, size, "%.300s", line);
    return 1;
}

/* Why a step failed: how it ended (stopped by a limit first: a stop
 * kills with SIGKILL too), then the lines of its output that contain
 * `keep` (such as "error"), or its first lines if none does. */
static void step_failed(const sandbox_run *run, const char *what,
                        const char *keep, char *reason, size_t size)
{
    const sandbox_end *e = &run->end;
    if (e->timed_out)
        text_append(reason, size, "%s took more than 30 s (an #include of a "
                    "device, or a macro that never ends?)", what);
    else if (e->too_much_output)
        text_append(reason, size, "%s printed too much", what);
    else if (e->out_of_memory || (WIFSIGNALED(e->status) &&
                                  WTERMSIG(e->status) == SIGKILL))
        text_append(reason, size, "%s used too much memory", what);
    else if (e->lost)
        text_append(reason, size, "%s: the sandbox failed (tell your "
                    "instructor)", what);
    else
        text_append(reason, size, "%s failed", what);
    const char *output = run->text ? run->text : "";
    if (keep && !strstr(output, keep))
        keep = NULL; /* none of the lines wanted: show the first ones */
    text_append_lines(reason, size, output, 6, containing, keep, "\n", "\n");
}

/* ---- The check of the object --------------------------------------------- */

typedef struct section {
    unsigned index;
    char name[128], type[32];
    unsigned long long size;
} section;

typedef struct symbol {
    char type[16], bind[16], ndx[16], name[256];
} symbol;

typedef struct listing {
    section sections[256];
    int section_count, sections_said; /* read, and readelf's count */
    symbol *symbols;
    int symbol_count, symbols_said;
    int unreadable; /* a section or symbol line that could not be read */
} listing;

static int on_list(const char *name, const char *const *list)
{
    for (int i = 0; list && list[i]; i++)
        if (!strcmp(list[i], name))
            return 1;
    return 0;
}

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A section header, "  [ 7] .init_array INIT_ARRAY 0000 0000c8 000008 ...":
 * its name must be a plain word (what a compiler names sections), or the
 * line is unreadable. */
static int read_section(const char *line, section *s)
{
    const char *name = strchr(line, ']');
    if (sscanf(line, " [%u]", &s->index) != 1 || !name)
        return -1;
    name += strspn(name + 1, " ") + 1;
    size_t length = strcspn(name, " ");
    if (length == 0 || length >= sizeof s->name ||
        strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789._-$") != length)
        return -1;
    memcpy(s->name, name, length);
    s->name[length] = '\0';
    return sscanf(name + length, " %31s %*x %*x %llx", s->type, &s->size) == 2
               ? 0 : -1;
}

static void add_symbol(listing *l, const symbol *y)
{
    l->symbols = kit_realloc(l->symbols, (size_t)l->symbol_count + 1,
                             sizeof *l->symbols);
    l->symbols[l->symbol_count++] = *y;
}

/* readelf -W -S -s, read line by line: the section headers and the
 * symbols ("19: 0000000000000000 29 FUNC GLOBAL DEFAULT 1 helper").
 * Every line of either table must be read, and as many as readelf says
 * there are: a line it cannot read would hide what it says. */
static void read_listing(char *text, listing *l)
{
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        section s = {0};
        symbol y = {0};
        unsigned number;
        if (sscanf(line, "There are %d section headers", &l->sections_said) == 1 ||
            sscanf(line, "Symbol table '.symtab' contains %d entries",
                   &l->symbols_said) == 1)
            continue;
        if (line[strspn(line, " ")] == '[' && isdigit((unsigned char)
                                                      line[strspn(line, " [")])) {
            if (read_section(line, &s) != 0 || l->section_count == 256)
                l->unreadable = 1;
            else
                l->sections[l->section_count++] = s;
        } else if (sscanf(line, " %u: %*x %*s", &number) == 1) {
            if (sscanf(line, " %*u: %*x %*s %15s %15s %*s %15s %255s", y.type,
                       y.bind, y.ndx, y.name) < 3 || strlen(y.name) == 255)
                l->unreadable = 1;
            else
                add_symbol(l, &y);
        }
    }
    if (l->section_count != l->sections_said || l->symbol_count != l->symbols_said)
        l->unreadable = 1;
}

static int constructor_section(const section *s)
{
    static const char *const names[] = {".init_array", ".fini_array",
                                        ".preinit_array", ".ctors", ".dtors"};
    for (int i = 0; i < 5; i++)
        if (starts(s->name, names[i]))
            return 1;
    return !strcmp(s->name, ".init") || !strcmp(s->name, ".fini") ||
           strstr(s->type, "INIT_ARRAY") || strstr(s->type, "FINI_ARRAY");
}

/* No constructor of the submission's: only, with the sanitizers, the one
 * entry AddressSanitizer puts in .init_array.00099 (a second entry there
 * would be the submission's). objcopy drops even that one before the
 * link, so nothing at all runs before the worker's main. */
static const char *check_sections(const listing *l, int sanitized,
                                  char *reason, size_t size)
{
    for (int i = 0; i < l->section_count; i++) {
        const section *s = &l->sections[i];
        if (!constructor_section(s))
            continue;
        if (sanitized && !strcmp(s->name, ".init_array.00099") &&
            s->size <= 8)
            continue;
        text_append(reason, size, "it defines a constructor or destructor "
            "(section %s): no code may run before the exercises are called",
            s->name);
        return reason;
    }
    return NULL;
}

static int is_undefined(const symbol *y)
{
    return !strcmp(y->ndx, "UND") && strcmp(y->bind, "LOCAL") != 0 &&
           y->name[0];
}

static int is_defined_global(const symbol *y)
{
    return strcmp(y->bind, "LOCAL") != 0 && strcmp(y->ndx, "UND") != 0 &&
           y->name[0];
}

static int may_call(const char *name, const worker_recipe *r)
{
    return on_list(name, c_library) || starts(name, "__asan_") ||
           starts(name, "__ubsan_") ||
           (on_list(name, r->helpers) && !on_list(name, r->forbidden));
}

static const char *check_symbols(const listing *l, const worker_recipe *r,
                                 char *reason, size_t size)
{
    for (int i = 0; i < l->symbol_count; i++) {
        const symbol *y = &l->symbols[i];
        if (!strcmp(y->type, "IFUNC")) {
            text_append(reason, size, "it defines an IFUNC, %s: code that would run "
                "as the worker loads", y->name);
            return reason;
        }
        if (is_defined_global(y) &&
            (!on_list(y->name, r->exercises) || strcmp(y->type, "FUNC"))) {
            text_append(reason, size, "it defines %s, which is not one of the "
                "chapter's exercise functions: make a helper static, and "
                "define nothing else", y->name);
            return reason;
        }
        if (is_undefined(y) && !may_call(y->name, r)) {
            if (on_list(y->name, r->forbidden))
                text_append(reason, size, "it calls %s, which would do the "
                    "exercise's work: this chapter's exercises may not "
                    "call it", y->name);
            else
                text_append(reason, size, "it calls %s, which is no function "
                    "an exercise may call (misspelled? exercises may use C's "
                    "maths, memory, string and printing functions and the "
                    "kit's helpers)", y->name);
            return reason;
        }
    }
    return NULL;
}

/* Checks the object by its readelf listing; NULL if it may be linked. */
static const char *check_object(char *text, const worker_recipe *r,
                                char *reason, size_t size)
{
    static listing l;
    free(l.symbols);
    memset(&l, 0, sizeof l);
    read_listing(text, &l);
    if (l.section_count == 0 || l.unreadable) {
        text_append(reason, size, "the grader cannot read every section and "
                    "symbol of the compiled object (names it does not "
                    "accept?)");
        return reason;
    }
    const char *why = check_sections(&l, r->sanitized, reason, size);
    return why ? why : check_symbols(&l, r, reason, size);
}

/* ---- The whole build ---------------------------------------------------- */

static int prepare(const worker_recipe *r, const layout *l, char *reason,
                   size_t size)
{
    remove_tree(r->work);
    if (mkdir(r->work, 0755) != 0 || mkdir(l->out_dir, 0700) != 0) {
        text_append(reason, size, "cannot make %s: %s", r->work, strerror(errno));
        return -1;
    }
    /* The sandbox's user writes the output, and nothing else of ours. */
    if ((r->level == SANDBOX_USER || r->level == SANDBOX_NAMESPACES) &&
        chown(l->out_dir, r->uid, r->uid) != 0) {
        text_append(reason, size, "cannot give %s to the sandbox: %s", l->out_dir,
            strerror(errno));
        return -1;
    }
    if (copy_file(r->submission, l->staged, 4L << 20, 0644) != 0) {
        text_append(reason, size, "%s cannot be read: %s", r->submission,
            errno == ENOENT ? "it does not exist"
            : errno == ELOOP || errno == EINVAL ? "it is not a plain file"
            : strerror(errno));
        return -1;
    }
    return 0;
}

/* A file the compiler (or, with assembler, the assembler) may read: the
 * submission, the kit's headers, the C library's and the compiler's; the
 * assembler also names the source by its .file and reads the compiler's
 * temporary assembly. */
static int may_read(const char *path, const layout *l, int assembler)
{
    static const char *const system[] = {"/usr/include/", "/usr/lib/gcc/",
                                         "/usr/local/include/"};
    size_t n = strlen(path);
    if (!strcmp(path, l->source))
        return 1;
    if (strstr(path, ".."))
        return 0;
    if (assembler && (!strcmp(path, base_name(l->source)) ||
                      (!strncmp(path, "/tmp/cc", 7) && !strchr(path + 5, '/') &&
                       n > 2 && !strcmp(path + n - 2, ".s"))))
        return 1;
    if (!strncmp(path, "src/", 4) && n > 2 && !strcmp(path + n - 2, ".h"))
        return 1;
    for (size_t i = 0; i < sizeof system / sizeof system[0]; i++)
        if (!strncmp(path, system[i], strlen(system[i])))
            return 1;
    return 0;
}

/* Checks one list of the files a step read (-MD's, or the assembler's
 * --MD): an #include or .incbin of anything the submission may not read
 * (the reference solutions, the hidden tests, say, where a jail does not
 * hide them) is refused. */
static int check_list(const layout *l, const char *list, int assembler,
                      char *reason, size_t size)
{
    char path[700], *save = NULL;
    snprintf(path, sizeof path, "%s/%s", l->out_dir, list);
    char *text = text_read_file(path, 1 << 20);
    if (!text) {
        text_append(reason, size, "the compiler left no list of what it read");
        return -1;
    }
    for (char *word = strtok_r(text, " \t\n\\", &save); word;
         word = strtok_r(NULL, " \t\n\\", &save)) {
        size_t n = strlen(word);
        if (n == 0 || word[n - 1] == ':' || may_read(word, l, assembler))
            continue;
        text_append(reason, size, "it reads %.200s while compiling: a submission "
            "may include only the C library's headers and the kit's "
            "(src/)", word);
        free(text);
        return -1;
    }
    free(text);
    return 0;
}

/* Keeps a line of the preprocessor's messages about the submission's own
 * lines (ctx: the submission's path as the compiler sees it). */
static int about_submission(const char *line, char *shown, size_t size,
                            const void *ctx)
{
    const char *source = ctx;
    if (strncmp(line, source, strlen(source)) != 0)
        return 0;
    snprintf(shown, size, "%.300s", line);
    return 1;
}

/* Where no jail hides the kit's other files (the user and none levels),
 * the compiler's messages could quote a file the submission may not read
 * (a _Static_assert that stringifies it): the preprocessor runs first,
 * and the compiler's messages are shown only when what it read passes
 * the check. If the preprocessor fails, only its lines about the
 * submission itself are shown. */
static int preprocess(const worker_recipe *r, const layout *l, char *reason,
                      size_t size)
{
    char output[600], deps[600];
    snprintf(output, sizeof output, "%s/student.i", l->out);
    snprintf(deps, sizeof deps, "%s/student.pre.d", l->out);
    char *extra[] = {"-E", (char *)l->source, "-o", output, "-MD", "-MF",
                     deps, NULL};
    sandbox_run run;
    int ok = step(r, l, r->compile, extra, &run) == 0;
    if (!ok) {
        text_append(reason, size, "preprocessing it failed");
        text_append_lines(reason, size, run.text ? run.text : "", 6,
                          about_submission, l->source, "\n", "\n");
    }
    sandbox_free(&run);
    return ok ? check_list(l, "student.pre.d", 0, reason, size) : -1;
}

static int compile(const worker_recipe *r, const layout *l, char *reason,
                   size_t size)
{
    if (!l->jailed && preprocess(r, l, reason, size) != 0)
        return -1;
    char object[600], deps[600], as_deps[600];
    snprintf(object, sizeof object, "%s/student.o", l->out);
    snprintf(deps, sizeof deps, "%s/student.d", l->out);
    snprintf(as_deps, sizeof as_deps, "-Wa,--MD,%s/student.asd", l->out);
    char *extra[] = {"-c", (char *)l->source, "-o", object, "-MD", "-MF",
                     deps, as_deps, NULL};
    sandbox_run run;
    int ok = step(r, l, r->compile, extra, &run) == 0;
    if (!ok)
        step_failed(&run, "compiling it", "error", reason, size);
    ok = ok && check_list(l, "student.d", 0, reason, size) == 0 &&
         check_list(l, "student.asd", 1, reason, size) == 0;
    /* What it read passed the check: its warnings may be shown. */
    if (ok && r->warnings)
        text_append_lines(r->warnings, r->warnings_size,
                          run.text ? run.text : "", 12, about_submission,
                          l->source, "", "\n");
    sandbox_free(&run);
    return ok ? 0 : -1;
}

static int inspect(const worker_recipe *r, const layout *l, char *reason,
                   size_t size)
{
    char object[600];
    snprintf(object, sizeof object, "%s/student.o", l->out);
    char *extra[] = {"-W", "-S", "-s", object, NULL};
    sandbox_run run;
    int ok = step(r, l, "readelf", extra, &run) == 0;
    const char *why = NULL;
    if (!ok)
        step_failed(&run, "reading the compiled object", NULL, reason, size);
    else
        why = check_object(run.text, r, reason, size);
    sandbox_free(&run);
    return ok && !why ? 0 : -1;
}

/* Drops the sanitizer's constructor (see check_sections), and every other
 * section a linker would run code from, were there one. */
static int strip(const worker_recipe *r, const layout *l, char *reason,
                 size_t size)
{
    char in[600], out[600];
    snprintf(in, sizeof in, "%s/student.o", l->out);
    snprintf(out, sizeof out, "%s/checked.o", l->out);
    char *extra[] = {"--wildcard", "-R", ".init_array*", "-R",
                     ".rela.init_array*", "-R", ".fini_array*", "-R",
                     ".rela.fini_array*", "-R", ".preinit_array*", "-R",
                     ".rela.preinit_array*", "-R", ".ctors*", "-R",
                     ".rela.ctors*", "-R", ".dtors*", "-R", ".rela.dtors*",
                     "-R", ".init", "-R", ".rela.init", "-R", ".fini", "-R",
                     ".rela.fini", in, out, NULL};
    sandbox_run run;
    int ok = step(r, l, "objcopy", extra, &run) == 0;
    if (!ok)
        step_failed(&run, "preparing the object", NULL, reason, size);
    sandbox_free(&run);
    return ok ? 0 : -1;
}

static int is_library(const char *path)
{
    size_t n = strlen(path);
    return n > 2 && !strcmp(path + n - 2, ".a");
}

static int link_worker(const worker_recipe *r, const layout *l,
                       char *reason, size_t size)
{
    char object[600], worker[600];
    snprintf(object, sizeof object, "%s/checked.o", l->out);
    snprintf(worker, sizeof worker, "%s/worker", l->out);
    char *extra[MAX_PARTS + 8];
    int n = 0;
    /* The objects, the submission, then the libraries they draw on. */
    for (int i = 0; i < r->part_count; i++)
        if (!is_library(l->parts[i]))
            extra[n++] = (char *)l->parts[i];
    extra[n++] = object;
    for (int i = 0; i < r->part_count; i++)
        if (is_library(l->parts[i]))
            extra[n++] = (char *)l->parts[i];
    char *tail[] = {"-lz", "-lm", "-o", worker, NULL};
    for (int i = 0; tail[i]; i++)
        extra[n++] = tail[i];
    extra[n] = NULL;
    sandbox_run run;
    int ok = step(r, l, r->link, extra, &run) == 0;
    if (!ok)
        step_failed(&run, "linking it", "undefined reference", reason, size);
    sandbox_free(&run);
    return ok ? 0 : -1;
}

/* Copies the worker out of the directory the sandbox wrote, into one it
 * never could, as a new file: what the judge starts is what was linked. */
static int install(const worker_recipe *r, const layout *l, char *reason,
                   size_t size)
{
    char from[600], partial[600];
    snprintf(from, sizeof from, "%s/worker", l->out_dir);
    snprintf(partial, sizeof partial, "%s.partial", r->installed);
    unlink(partial);
    if (copy_file(from, partial, MAX_OBJECT, 0755) != 0 ||
        rename(partial, r->installed) != 0) {
        text_append(reason, size, "cannot install the worker: %s", strerror(errno));
        unlink(partial);
        return -1;
    }
    return 0;
}

int worker_build(const worker_recipe *r, char *reason, size_t size)
{
    layout l = {0};
    reason[0] = '\0';
    if (r->warnings)
        r->warnings[0] = '\0';
    unlink(r->installed);
    CHECK(r->part_count <= MAX_PARTS, "%d parts of a worker", r->part_count);
    plan(&l, r);
    text_append(reason, size, "%s: ", r->submission);
    size_t prefix = strlen(reason);
    int ok = prepare(r, &l, reason, size) == 0 &&
             compile(r, &l, reason, size) == 0 &&
             inspect(r, &l, reason, size) == 0 &&
             strip(r, &l, reason, size) == 0 &&
             link_worker(r, &l, reason, size) == 0 &&
             install(r, &l, reason, size) == 0;
    remove_tree(r->work);
    if (ok)
        reason[0] = '\0';
    else if (strlen(reason) == prefix)
        text_append(reason, size, "cannot build the worker");
    return ok ? 0 : -1;
}
