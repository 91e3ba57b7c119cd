/* outfile.c - write to a partial file, rename when complete. */
#include "outfile.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/infra/error.h"

/* The partial files open now, so that an exit or a signal can remove them. */
#define MAX_OPEN 32
static outfile *open_files[MAX_OPEN];

static void remove_partials(void)
{
    for (int i = 0; i < MAX_OPEN; i++)
        if (open_files[i])
            unlink(open_files[i]->partial);
}

static void remove_partials_and_reraise(int sig)
{
    remove_partials(); /* unlink() is safe inside a signal handler */
    signal(sig, SIG_DFL);
    raise(sig);
}

static void watch(outfile *out)
{
    static int installed;
    if (!installed) {
        installed = 1;
        atexit(remove_partials);
        /* A failed CHECK aborts, which skips atexit: SIGABRT too. */
        int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGABRT};
        for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
            signal(signals[i], remove_partials_and_reraise);
    }
    for (int i = 0; i < MAX_OPEN; i++)
        if (!open_files[i]) {
            open_files[i] = out;
            return;
        }
    CHECK(0, "more than %d output files open at once", MAX_OPEN);
}

static void unwatch(outfile *out)
{
    for (int i = 0; i < MAX_OPEN; i++)
        if (open_files[i] == out)
            open_files[i] = NULL;
}

int make_dirs(const char *path)
{
    char dir[OUTFILE_PATH_MAX];
    if (path[0] == '\0')
        return error_set("an empty directory name");
    if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
        return error_set("path too long: %s", path);
    /* Create each prefix that ends at a '/', then the whole path. */
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0777) != 0 && errno != EEXIST)
            return error_set("cannot create directory %s: %s", dir,
                             strerror(errno));
        *p = '/';
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return error_set("cannot create directory %s: %s", dir,
                         strerror(errno));
    return 0;
}

void path_join(char *out, size_t size, const char *dir, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
}

static int make_parent_dirs(const char *path)
{
    char dir[OUTFILE_PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    return make_dirs(dir);
}

int outfile_open(outfile *out, const char *path)
{
    out->file = NULL;
    if (snprintf(out->path, sizeof out->path, "%s", path) >=
        (int)sizeof out->path)
        return error_set("path too long: %s", path);
    snprintf(out->partial, sizeof out->partial, "%s.partial", path);
    if (make_parent_dirs(path) != 0)
        return -1;
    out->file = fopen(out->partial, "w");
    if (!out->file)
        return error_set("cannot write %s: %s", out->partial,
                         strerror(errno));
    watch(out);
    return 0;
}

int outfile_commit(outfile *out)
{
    errno = 0;
    int failed = ferror(out->file);
    failed |= fclose(out->file) != 0;
    out->file = NULL;
    int status = 0;
    if (failed)
        status = error_set("writing %s failed: %s", out->path,
                           errno ? strerror(errno) : "write error");
    else if (rename(out->partial, out->path) != 0)
        status = error_set("cannot rename %s to %s: %s", out->partial,
                           out->path, strerror(errno));
    if (status != 0)
        unlink(out->partial);
    unwatch(out);
    return status;
}

void outfile_discard(outfile *out)
{
    if (out->file)
        fclose(out->file);
    out->file = NULL;
    unlink(out->partial);
    unwatch(out);
}
