/* sandbox.c - runs a command where it can do no harm (see sandbox.h).
 *
 * A run is three processes: the caller, the keeper and the command. The
 * caller clones the keeper (into new namespaces at the namespace levels,
 * where the keeper is process 1 of its PID namespace, so that everything
 * in it dies with it). The keeper builds the jail, forks the command, and
 * then waits: for the command to end, for the caller to close the
 * lifeline (stop), or for the command to use too much memory. It writes
 * how the command ended on the report pipe, and exits.
 */
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define WATCH_MS 10          /* how often the keeper looks at memory */
#define FAILED_TO_START 125  /* exit status of a keeper that could not */
#define MAX_FDS 8            /* descriptors passed to a command */

/* Where the keeper builds the jail's root before it pivots into it: an
 * empty directory of the host, covered by a tmpfs in the keeper's own
 * mount namespace only. */
static char jail[64];

static const char *const level_names[] = {"none", "user", "userns",
                                          "namespaces"};

const char *sandbox_level_name(sandbox_level level)
{
    return level_names[level];
}

int sandbox_level_parse(const char *name)
{
    for (int i = 0; i < 4; i++)
        if (!strcmp(name, level_names[i]))
            return i;
    return -1;
}

double sandbox_clock(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* ---- In the keeper: the jail ------------------------------------------ */

/* Says what failed on the command's output, where the caller reads it. */
static void complain(const char *fmt, ...)
{
    char message[512];
    va_list args;
    va_start(args, fmt);
    int n = vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    if (n > 0 && write(STDERR_FILENO, message, strlen(message)) < 0)
        return;
}

static int write_text(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* mkdir -p, inside the jail being built. */
static int make_dirs(const char *path)
{
    char partial[4096];
    snprintf(partial, sizeof partial, "%s", path);
    for (char *slash = partial + 1; *slash; slash++) {
        if (*slash != '/')
            continue;
        *slash = '\0';
        if (mkdir(partial, 0755) != 0 && errno != EEXIST)
            return -1;
        *slash = '/';
    }
    return mkdir(partial, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

/* The flags a read-only remount must keep: in a user namespace the kernel
 * refuses to drop a flag the original mount has. */
static unsigned long locked_flags(const char *path)
{
    struct statvfs s;
    unsigned long flags = 0;
    if (statvfs(path, &s) != 0)
        return 0;
    if (s.f_flag & ST_NOSUID)
        flags |= MS_NOSUID;
    if (s.f_flag & ST_NODEV)
        flags |= MS_NODEV;
    if (s.f_flag & ST_NOEXEC)
        flags |= MS_NOEXEC;
    if (s.f_flag & ST_NOATIME)
        flags |= MS_NOATIME;
    if (s.f_flag & ST_RELATIME)
        flags |= MS_RELATIME;
    return flags;
}

/* Shows the host's `outside` at `inside` (under the jail's root). */
static int show(const char *outside, const char *inside, int writable)
{
    char target[4096];
    struct stat s;
    snprintf(target, sizeof target, "%s%s", jail, inside);
    if (stat(outside, &s) != 0) {
        complain("sandbox: %s: %s\n", outside, strerror(errno));
        return -1;
    }
    if (S_ISDIR(s.st_mode)) {
        if (make_dirs(target) != 0)
            return -1;
    } else {
        char parent[4096];
        snprintf(parent, sizeof parent, "%s", target);
        *strrchr(parent, '/') = '\0';
        int fd;
        if (make_dirs(parent) != 0 ||
            (fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) < 0)
            return -1;
        close(fd);
    }
    if (mount(outside, target, NULL, MS_BIND | MS_REC, NULL) != 0) {
        complain("sandbox: cannot show %s: %s\n", outside, strerror(errno));
        return -1;
    }
    if (writable)
        return 0;
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID |
                          locked_flags(outside);
    if (mount(NULL, target, NULL, flags, NULL) != 0) {
        complain("sandbox: cannot make %s read-only: %s\n", inside,
                 strerror(errno));
        return -1;
    }
    return 0;
}

/* The system's own directories: read-only, or the same symbolic link
 * (Debian's /bin is a link to usr/bin). */
static int bind_system(void)
{
    static const char *const dirs[] = {"/usr", "/bin", "/sbin", "/lib",
                                       "/lib32", "/lib64", "/libx32"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        char link[4096], target[4096];
        ssize_t n = readlink(dirs[i], link, sizeof link - 1);
        if (n > 0) {
            link[n] = '\0';
            snprintf(target, sizeof target, "%s%s", jail, dirs[i]);
            if (symlink(link, target) != 0)
                return -1;
        } else if (access(dirs[i], F_OK) == 0 && show(dirs[i], dirs[i], 0)) {
            return -1;
        }
    }
    /* The dynamic linker's cache, and Debian's alternatives (/usr/bin/cc
     * is a link through /etc/alternatives). */
    static const char *const etc[] = {"/etc/ld.so.cache", "/etc/alternatives"};
    for (size_t i = 0; i < 2; i++)
        if (access(etc[i], R_OK) == 0 && show(etc[i], etc[i], 0) != 0)
            return -1;
    static const char *const devices[] = {"/dev/null", "/dev/zero",
                                          "/dev/urandom"};
    for (size_t i = 0; i < 3; i++)
        if (show(devices[i], devices[i], 1) != 0)
            return -1;
    return 0;
}

/* A tmpfs root with the system read-only, the caller's mounts, a capped
 * /tmp and a /proc of the new PID namespace; then it becomes "/". */
static int build_jail(const sandbox_spec *spec)
{
    char proc[96], tmp[96];
    snprintf(jail, sizeof jail, "/tmp/.grade-jail-%d", (int)getuid());
    snprintf(proc, sizeof proc, "%s/proc", jail);
    snprintf(tmp, sizeof tmp, "%s/tmp", jail);
    mkdir(jail, 0755);
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
        mount("sandbox", jail, "tmpfs", MS_NOSUID | MS_NODEV,
              "size=4m,mode=0755") != 0) {
        complain("sandbox: cannot make a private root: %s\n",
                 strerror(errno));
        return -1;
    }
    if (bind_system() != 0)
        return -1;
    for (int i = 0; i < spec->mount_count; i++)
        if (show(spec->mounts[i].outside, spec->mounts[i].inside,
                 spec->mounts[i].writable) != 0)
            return -1;
    if (make_dirs(proc) != 0 || make_dirs(tmp) != 0 ||
        mount("proc", proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
              NULL) != 0 ||
        mount("scratch", tmp, "tmpfs", MS_NOSUID | MS_NODEV,
              "size=64m,mode=1777") != 0) {
        complain("sandbox: cannot mount /proc or /tmp: %s\n",
                 strerror(errno));
        return -1;
    }
    if (chdir(jail) != 0 || syscall(SYS_pivot_root, ".", ".") != 0 ||
        umount2(".", MNT_DETACH) != 0 || chdir("/") != 0) {
        complain("sandbox: cannot enter the jail: %s\n", strerror(errno));
        return -1;
    }
    mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL);
    return sethostname("sandbox", 7);
}

/* ---- In the command, just before exec ----------------------------------- */

static void limit(int resource, rlim_t soft, rlim_t hard)
{
    struct rlimit r = {soft, hard};
    setrlimit(resource, &r);
}

static void apply_limits(const sandbox_spec *spec)
{
    const sandbox_limits *l = &spec->limits;
    if (l->cpu_seconds > 0)
        limit(RLIMIT_CPU, (rlim_t)l->cpu_seconds, (rlim_t)l->cpu_seconds + 1);
    if (l->file_mb > 0)
        limit(RLIMIT_FSIZE, (rlim_t)l->file_mb << 20,
              (rlim_t)l->file_mb << 20);
    if (l->address_space && l->memory_mb > 0)
        limit(RLIMIT_AS, (rlim_t)l->memory_mb << 20,
              (rlim_t)l->memory_mb << 20);
    /* The process limit counts every process of the user id: only the
     * sandbox's own id can be held to it. */
    if (l->processes > 0 &&
        (spec->level == SANDBOX_USER || spec->level == SANDBOX_NAMESPACES))
        limit(RLIMIT_NPROC, (rlim_t)l->processes, (rlim_t)l->processes);
    limit(RLIMIT_CORE, 0, 0);
    limit(RLIMIT_NOFILE, 64, 64);
    limit(RLIMIT_MEMLOCK, 0, 0);
    limit(RLIMIT_MSGQUEUE, 0, 0);
}

/* Puts each of the caller's descriptors at its target number (by way of
 * copies above every target, so that no move overwrites another; the
 * copies close themselves at exec), stdin on /dev/null, stdout and stderr
 * on the output, and closes every other descriptor. */
static int place_fds(const sandbox_spec *spec, int output)
{
    int moved[MAX_FDS], top = STDERR_FILENO;
    for (int i = 0; i < spec->fd_count; i++)
        top = spec->fds[i].target > top ? spec->fds[i].target : top;
    for (int i = 0; i < spec->fd_count; i++)
        if ((moved[i] = fcntl(spec->fds[i].fd, F_DUPFD_CLOEXEC, top + 1)) < 0)
            return -1;
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null < 0 || dup2(null, STDIN_FILENO) < 0 ||
        dup2(output, STDOUT_FILENO) < 0 || dup2(output, STDERR_FILENO) < 0)
        return -1;
    for (int i = 0; i < spec->fd_count; i++)
        if (dup2(moved[i], spec->fds[i].target) < 0)
            return -1;
    for (int fd = STDERR_FILENO + 1; fd <= top; fd++) {
        int target = 0;
        for (int i = 0; i < spec->fd_count; i++)
            target |= spec->fds[i].target == fd;
        if (!target)
            close(fd);
    }
    /* The moved copies and whatever else is above the targets close at
     * exec (not before: the pipe that tells of a failed exec is there). */
    if (close_range((unsigned)top + 1, ~0u, CLOSE_RANGE_CLOEXEC) == 0)
        return 0;
    for (int fd = top + 1; fd < 1024; fd++) /* a kernel older than 5.11 */
        fcntl(fd, F_SETFD, FD_CLOEXEC);
    return 0;
}

static int drop_privileges(const sandbox_spec *spec)
{
    if (spec->level == SANDBOX_USER || spec->level == SANDBOX_NAMESPACES) {
        gid_t gid = (gid_t)spec->uid;
        if (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0 ||
            setresuid(spec->uid, spec->uid, spec->uid) != 0)
            return -1;
    }
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/* In the command's process: everything up to exec. A failure is told on
 * `failed` (close-on-exec: it sees nothing when the exec works), so that
 * it is never taken for the command's own exit status. */
static void exec_command(const sandbox_spec *spec, char *const argv[],
                         int output, int failed)
{
    const char *what = "pass descriptors to";
    setsid();
    if (place_fds(spec, output) == 0) {
        what = "enter the working directory of";
        if (!spec->workdir || chdir(spec->workdir) == 0) {
            apply_limits(spec);
            what = "drop the privileges of";
            if (drop_privileges(spec) == 0) {
                static char *const empty[] = {NULL};
                execve(argv[0], argv, spec->env ? spec->env : empty);
                what = "run";
            }
        }
    }
    complain("sandbox: cannot %s %s: %s\n", what, argv[0], strerror(errno));
    if (write(failed, "x", 1) < 0)
        _exit(FAILED_TO_START);
    _exit(FAILED_TO_START);
}

/* ---- The keeper ----------------------------------------------------------- */

typedef struct keeper_args {
    const sandbox_spec *spec;
    char *const *argv;
    int lifeline, report, output; /* keeper's ends */
    int ready, go; /* user namespaces: "map my ids" and "mapped" */
} keeper_args;

/* Closes every descriptor above stderr but those in keep[0 .. n): the
 * keeper must not hold the caller's ends of its pipes (the lifeline would
 * never close) nor anything else of the caller's. */
static void close_all_but(const int *keep, int n)
{
    unsigned from = 3;
    for (;;) {
        unsigned next = ~0u;
        for (int i = 0; i < n; i++)
            if (keep[i] >= (int)from && (unsigned)keep[i] < next)
                next = (unsigned)keep[i];
        if (next > from)
            close_range(from, next - 1, 0);
        if (next == ~0u)
            return;
        from = next + 1;
    }
}

/* Resident memory of a process in MB, or -1. */
static long resident_mb(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/statm", (int)pid);
    FILE *f = fopen(path, "r");
    long size, resident = -1;
    if (f) {
        if (fscanf(f, "%ld %ld", &size, &resident) != 2)
            resident = -1;
        fclose(f);
    }
    return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024) / 1024;
}

/* Kills every process of the sandbox's user id (user level, where no
 * PID namespace ends them): a process of that id started after setsid()
 * left the command's group. */
static void kill_user(uid_t uid)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (setresuid(uid, uid, uid) == 0)
            kill(-1, SIGKILL);
        _exit(0);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
}

/* Kills the command's process group (the command, not yet reaped, holds
 * its number, so it cannot name anyone else's group) and, at the user
 * level, every process of the sandbox's user id. */
static void stop(const sandbox_spec *spec, pid_t command)
{
    kill(-command, SIGKILL);
    kill(command, SIGKILL);
    if (spec->level == SANDBOX_USER)
        kill_user(spec->uid);
}

/* Whether the command has ended; it stays a zombie, unreaped. */
static int ended(pid_t command)
{
    siginfo_t info = {0};
    return waitid(P_PID, (id_t)command, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
           info.si_pid == command;
}

/* Waits for the command's end, the lifeline's closing, or too much
 * memory; returns how the command ended. */
static sandbox_end watch(const sandbox_spec *spec, pid_t command, int lifeline,
                         int children)
{
    sandbox_end end = {0};
    long memory = spec->limits.memory_mb;
    for (;;) {
        struct pollfd fds[2] = {{lifeline, POLLIN, 0}, {children, POLLIN, 0}};
        poll(fds, 2, memory > 0 ? WATCH_MS : -1);
        if (fds[1].revents) {
            struct signalfd_siginfo info;
            if (read(children, &info, sizeof info) < 0 && errno != EAGAIN)
                break;
        }
        if (ended(command))
            break; /* and anything it left behind goes with it */
        if (fds[0].revents)
            break; /* the caller wants it stopped */
        if (memory > 0 && resident_mb(command) > memory) {
            end.out_of_memory = 1;
            break;
        }
    }
    stop(spec, command);
    waitpid(command, &end.status, 0);
    return end;
}

/* Reaps every process left: as a subreaper the keeper inherits what the
 * command orphaned, and stop() has killed them all. */
static void reap_all(void)
{
    double give_up = sandbox_clock() + 1;
    while (sandbox_clock() < give_up) {
        pid_t pid = waitpid(-1, NULL, WNOHANG);
        if (pid < 0 && errno == ECHILD)
            return;
        if (pid <= 0)
            nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
}

static int keeper_main(void *data)
{
    keeper_args *k = data;
    const sandbox_spec *spec = k->spec;
    int mine[] = {k->lifeline, k->report, k->output, k->ready, k->go};
    int passed[MAX_FDS + 5];
    int n = 0;
    for (int i = 0; i < 5; i++)
        passed[n++] = mine[i];
    for (int i = 0; i < spec->fd_count; i++)
        passed[n++] = spec->fds[i].fd;
    close_all_but(passed, n);
    char go;
    /* In a user namespace, the caller maps our ids by writing our /proc
     * files, which it may only while we are dumpable (a non-dumpable
     * caller, as the grader is, makes us so at birth): become dumpable,
     * say so, and wait until it is done. */
    if (k->go >= 0 && (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0 ||
                       write(k->ready, "r", 1) != 1 || read(k->go, &go, 1) != 1))
        _exit(FAILED_TO_START);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); /* no one reads our memory */
    int dup_output = dup(k->output);
    if (dup_output < 0 || dup2(k->output, STDERR_FILENO) < 0)
        _exit(FAILED_TO_START);
    if (spec->level >= SANDBOX_USERNS && build_jail(spec) != 0)
        _exit(FAILED_TO_START);
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    sigset_t child_set;
    sigemptyset(&child_set);
    sigaddset(&child_set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &child_set, NULL);
    int children = signalfd(-1, &child_set, SFD_CLOEXEC | SFD_NONBLOCK);
    int failed[2];
    if (children < 0 || pipe2(failed, O_CLOEXEC) != 0)
        _exit(FAILED_TO_START);
    pid_t command = fork();
    if (command < 0)
        _exit(FAILED_TO_START);
    if (command == 0) {
        sigprocmask(SIG_UNBLOCK, &child_set, NULL);
        close(failed[0]);
        exec_command(spec, k->argv, dup_output, failed[1]);
    }
    /* Only the command may hold its output and descriptors now: their
     * readers see the end of them when it ends. */
    close(failed[1]);
    close(dup_output);
    close(k->output);
    for (int i = 0; i < spec->fd_count; i++)
        close(spec->fds[i].fd);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDERR_FILENO);
    sandbox_end end = watch(spec, command, k->lifeline, children);
    char x;
    end.lost |= read(failed[0], &x, 1) == 1; /* it never started */
    if (write(k->report, &end, sizeof end) != (ssize_t)sizeof end)
        _exit(FAILED_TO_START);
    reap_all();
    _exit(0);
}

/* ---- In the caller ---------------------------------------------------- */

static int map_ids(pid_t child)
{
    char path[64], map[64];
    snprintf(path, sizeof path, "/proc/%d/setgroups", (int)child);
    if (write_text(path, "deny") != 0)
        return -1;
    snprintf(path, sizeof path, "/proc/%d/uid_map", (int)child);
    snprintf(map, sizeof map, "1000 %d 1", (int)getuid());
    if (write_text(path, map) != 0)
        return -1;
    snprintf(path, sizeof path, "/proc/%d/gid_map", (int)child);
    snprintf(map, sizeof map, "1000 %d 1", (int)getgid());
    return write_text(path, map);
}

static int clone_flags(sandbox_level level)
{
    int ns = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC |
             CLONE_NEWUTS;
    if (level == SANDBOX_NAMESPACES)
        return ns | SIGCHLD;
    if (level == SANDBOX_USERNS)
        return ns | CLONE_NEWUSER | SIGCHLD;
    return SIGCHLD;
}

static void close_pair(int pair[2])
{
    for (int i = 0; i < 2; i++)
        if (pair[i] >= 0)
            close(pair[i]);
}

int sandbox_start(sandbox_run *run, const sandbox_spec *spec,
                  char *const argv[])
{
    static char stack[256 * 1024] __attribute__((aligned(16)));
    int lifeline[2] = {-1, -1}, report[2] = {-1, -1}, output[2] = {-1, -1};
    int ready[2] = {-1, -1}, go[2] = {-1, -1};
    memset(run, 0, sizeof *run);
    if (spec->fd_count > MAX_FDS) {
        errno = EINVAL;
        return -1;
    }
    int userns = spec->level == SANDBOX_USERNS;
    if (pipe2(lifeline, O_CLOEXEC) || pipe2(report, O_CLOEXEC) ||
        pipe2(output, O_CLOEXEC) ||
        (userns && (pipe2(ready, O_CLOEXEC) || pipe2(go, O_CLOEXEC)))) {
        close_pair(lifeline), close_pair(report), close_pair(output);
        close_pair(ready), close_pair(go);
        return -1;
    }
    keeper_args k = {spec, argv, lifeline[0], report[1], output[1],
                     ready[1], go[0]};
    fflush(NULL);
    pid_t keeper = clone(keeper_main, stack + sizeof stack,
                         clone_flags(spec->level), &k);
    int saved = errno;
    close(lifeline[0]), close(report[1]), close(output[1]);
    if (userns) {
        char r;
        close(ready[1]), close(go[0]);
        if (keeper > 0 && (read(ready[0], &r, 1) != 1 ||
                           map_ids(keeper) != 0 || write(go[1], "g", 1) != 1)) {
            kill(keeper, SIGKILL);
            waitpid(keeper, NULL, 0);
            keeper = -1;
            saved = EPERM;
        }
        close(ready[0]), close(go[1]);
    }
    if (keeper < 0) {
        close(lifeline[1]), close(report[0]), close(output[0]);
        errno = saved;
        return -1;
    }
    fcntl(output[0], F_SETFL, O_NONBLOCK);
    *run = (sandbox_run){.keeper = keeper, .lifeline = lifeline[1],
                         .report = report[0], .output = output[0],
                         .deadline = sandbox_clock() + spec->limits.wall_seconds,
                         .output_cap = spec->limits.output_bytes};
    run->text = calloc(1, run->output_cap + 1);
    return run->text ? 0 : -1;
}

/* Reads what the command printed; beyond the cap it only counts. */
static void read_output(sandbox_run *run)
{
    char chunk[8192];
    ssize_t got;
    while (run->output_total <= run->output_cap &&
           (got = read(run->output, chunk, sizeof chunk)) > 0) {
        size_t room = run->output_cap - run->text_size;
        size_t keep = (size_t)got < room ? (size_t)got : room;
        memcpy(run->text + run->text_size, chunk, keep);
        run->text_size += keep;
        run->output_total += (size_t)got;
    }
}

static void read_report(sandbox_run *run)
{
    sandbox_end end = {0};
    if (read(run->report, &end, sizeof end) != (ssize_t)sizeof end)
        end.lost = 1;
    run->end.status = end.status;
    run->end.out_of_memory = end.out_of_memory;
    run->end.lost |= end.lost;
    run->finished = 1;
}

/* One step of a stream: returns 1 if bytes moved. */
static int move(sandbox_stream *s)
{
    ssize_t n;
    if (s->out) {
        n = write(s->fd, s->out + s->done, s->out_size - s->done);
    } else if (s->done < s->capacity) {
        n = read(s->fd, s->in + s->done, s->capacity - s->done);
    } else if (s->drain) {
        char dropped[8192];
        n = read(s->fd, dropped, sizeof dropped);
        return n > 0; /* counted nowhere */
    } else {
        return 0;
    }
    if (n > 0)
        s->done += (size_t)n;
    else if (n == 0 || (errno != EAGAIN && errno != EINTR))
        s->closed = 1;
    return n > 0;
}

static int stream_busy(const sandbox_stream *s)
{
    if (s->closed)
        return 0;
    return s->out ? s->done < s->out_size : s->done < s->capacity || s->drain;
}

int sandbox_pump(sandbox_run *run, sandbox_stream *streams, int count,
                 int (*until)(const sandbox_stream *, void *), void *ctx)
{
    enum { MAX_STREAMS = 6 };
    for (;;) {
        if (until && until(streams, ctx))
            return 1;
        if (run->finished) { /* what it wrote before it ended */
            for (int i = 0; i < count; i++)
                while (stream_busy(&streams[i]) && move(&streams[i]))
                    ;
            return until && until(streams, ctx);
        }
        double left = run->deadline - sandbox_clock();
        if (left <= 0) {
            run->end.timed_out = 1;
            return 0;
        }
        struct pollfd fds[MAX_STREAMS + 2] = {
            {run->output, POLLIN, 0}, {run->report, POLLIN, 0}};
        int map[MAX_STREAMS], n = 2;
        for (int i = 0; i < count && i < MAX_STREAMS; i++)
            if (stream_busy(&streams[i])) {
                fds[n] = (struct pollfd){streams[i].fd,
                                         streams[i].out ? POLLOUT : POLLIN, 0};
                map[n - 2] = i;
                n++;
            }
        int wait_ms = left > 1 ? 1000 : (int)(left * 1000) + 1;
        if (poll(fds, (nfds_t)n, wait_ms) < 0 && errno != EINTR)
            return 0;
        for (int i = 2; i < n; i++)
            if (fds[i].revents)
                move(&streams[map[i - 2]]);
        if (fds[0].revents)
            read_output(run);
        if (run->output_total > run->output_cap) {
            run->end.too_much_output = 1;
            return 0;
        }
        if (fds[1].revents) {
            read_output(run); /* what it printed before it ended */
            read_report(run);
        }
    }
}

void sandbox_finish(sandbox_run *run, double grace)
{
    if (run->keeper <= 0)
        return;
    if (!run->finished && grace > 0) { /* let it end by itself */
        double deadline = run->deadline;
        int timed_out = run->end.timed_out;
        run->deadline = sandbox_clock() + grace;
        sandbox_pump(run, NULL, 0, NULL, NULL);
        run->deadline = deadline;
        run->end.timed_out = timed_out; /* the grace is not its time */
    }
    close(run->lifeline);
    if (!run->finished) {
        struct pollfd fd = {run->report, POLLIN, 0};
        if (poll(&fd, 1, 2000) > 0)
            read_report(run);
        else
            kill(run->keeper, SIGKILL), run->end.lost = 1;
    }
    read_output(run);
    int status;
    if (waitpid(run->keeper, &status, 0) == run->keeper &&
        WIFEXITED(status) && WEXITSTATUS(status) == FAILED_TO_START)
        run->end.lost = 1;
    close(run->report);
    close(run->output);
    run->keeper = 0;
    run->text[run->text_size] = '\0';
}

void sandbox_free(sandbox_run *run)
{
    free(run->text);
    run->text = NULL;
}

int sandbox_run_command(sandbox_run *run, const sandbox_spec *spec,
                        char *const argv[])
{
    if (sandbox_start(run, spec, argv) != 0)
        return -1;
    sandbox_pump(run, NULL, 0, NULL, NULL);
    sandbox_finish(run, 0);
    return 0;
}

/* ---- Trying each level ------------------------------------------------ */

static int level_works(sandbox_level level)
{
    static char *const argv[] = {"/bin/true", NULL};
    sandbox_spec spec = {.level = level, .uid = 65534,
                         .limits = {.wall_seconds = 10, .output_bytes = 4096}};
    sandbox_run run;
    if (sandbox_run_command(&run, &spec, argv) != 0)
        return 0;
    int ok = !run.end.lost && WIFEXITED(run.end.status) &&
             WEXITSTATUS(run.end.status) == 0;
    sandbox_free(&run);
    return ok;
}

sandbox_level sandbox_probe(sandbox_level most)
{
    /* Root's levels change the user id; the user namespace is for
     * everyone else (as root it would map the sandbox to root). */
    static const sandbox_level as_root[] = {SANDBOX_NAMESPACES, SANDBOX_USER};
    static const sandbox_level as_user[] = {SANDBOX_USERNS};
    int root = geteuid() == 0;
    const sandbox_level *levels = root ? as_root : as_user;
    for (int i = 0; i < (root ? 2 : 1); i++)
        if (levels[i] <= most && level_works(levels[i]))
            return levels[i];
    return SANDBOX_NONE;
}

/* ---- The system-call filter ------------------------------------------- */

#if defined(__x86_64__)
#define FILTER_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define FILTER_ARCH AUDIT_ARCH_AARCH64
#endif

#ifdef FILTER_ARCH

#define NR offsetof(struct seccomp_data, nr)
#define ARG(i) offsetof(struct seccomp_data, args[i]) /* low 32 bits */
#define LOAD(offset) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (offset))
#define RET(action) BPF_STMT(BPF_RET | BPF_K, (action))
#define IF_EQ(k, yes, no) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (yes), (no))
#define IF_SET(k, yes, no) BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (k), (yes), (no))
#define ALLOW RET(SECCOMP_RET_ALLOW)
#define KILL RET(SECCOMP_RET_KILL_PROCESS)

#define FILTER_MAX 512

typedef struct filter {
    struct sock_filter code[FILTER_MAX];
    unsigned short length;
    int overflow; /* a filter cut short would let calls through: refused */
} filter;

static void emit(filter *f, const struct sock_filter *code, int n)
{
    for (int i = 0; i < n; i++) {
        if (f->length == FILTER_MAX) {
            f->overflow = 1;
            return;
        }
        f->code[f->length++] = code[i];
    }
}

/* System call nr meets action (ALLOW, or an error return). */
static void decide(filter *f, long nr, unsigned action)
{
    struct sock_filter code[] = {LOAD(NR), IF_EQ((unsigned)nr, 0, 1),
                                 RET(action)};
    emit(f, code, 3);
}

static void allow(filter *f, long nr)
{
    decide(f, nr, SECCOMP_RET_ALLOW);
}

/* Kills on nr when argument i has any of the bits in mask, and otherwise
 * meets it with action. */
static void unless_bits(filter *f, long nr, int i, unsigned mask,
                        unsigned action)
{
    struct sock_filter code[] = {LOAD(NR), IF_EQ((unsigned)nr, 0, 4),
                                 LOAD(ARG(i)), IF_SET(mask, 0, 1), KILL,
                                 RET(action)};
    emit(f, code, 6);
}

/* Allows nr when argument i (its low 32 bits) is one of the n values:
 * a test for each, each jumping to the ALLOW after the KILL. */
static void allow_if_one_of(filter *f, long nr, int i, const unsigned *values,
                            int n)
{
    struct sock_filter head[] = {LOAD(NR),
                                 IF_EQ((unsigned)nr, 0, (unsigned char)(n + 3)),
                                 LOAD(ARG(i))};
    emit(f, head, 3);
    for (int k = 0; k < n; k++) {
        struct sock_filter test[] = {
            IF_EQ(values[k], (unsigned char)(n - k), 0)};
        emit(f, test, 1);
    }
    struct sock_filter tail[] = {KILL, ALLOW};
    emit(f, tail, 2);
}

static void allow_if(filter *f, long nr, int i, unsigned value)
{
    allow_if_one_of(f, nr, i, &value, 1);
}

/* Allows nr when the 64-bit argument i is 0 (a NULL pointer). */
static void allow_if_null(filter *f, long nr, int i)
{
    struct sock_filter code[] = {LOAD(NR), IF_EQ((unsigned)nr, 0, 6),
                                 LOAD(ARG(i)), IF_EQ(0, 0, 2),
                                 LOAD(ARG(i) + 4), IF_EQ(0, 1, 0), KILL,
                                 ALLOW};
    emit(f, code, 8);
}

static void build_filter(filter *f, int read_files)
{
    unsigned self = (unsigned)getpid();
    unsigned writing = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND |
                       (O_TMPFILE & ~O_DIRECTORY);
    struct sock_filter head[] = {
        LOAD(offsetof(struct seccomp_data, arch)), IF_EQ(FILTER_ARCH, 1, 0),
        KILL, LOAD(NR), IF_SET(0x40000000, 0, 1), KILL, /* x32 numbers */
    };
    emit(f, head, 6);
    static const long plain[] = {
        SYS_read, SYS_write, SYS_readv, SYS_writev, SYS_pread64, SYS_lseek,
        SYS_close, SYS_fstat, SYS_newfstatat, SYS_statx, SYS_readlinkat,
        SYS_pipe2, SYS_munmap, SYS_mremap, SYS_brk, SYS_madvise,
        SYS_rt_sigaction, SYS_rt_sigprocmask, SYS_rt_sigreturn,
        SYS_sigaltstack, SYS_exit, SYS_exit_group, SYS_getpid, SYS_gettid,
        SYS_futex, SYS_clock_gettime, SYS_clock_getres, SYS_clock_nanosleep,
        SYS_nanosleep, SYS_gettimeofday, SYS_getrandom, SYS_sched_yield,
        SYS_sched_getaffinity, SYS_getrlimit, SYS_uname, SYS_getcwd,
        SYS_restart_syscall, SYS_getrusage, SYS_times,
#ifdef SYS_readlink
        SYS_readlink, SYS_stat, SYS_lstat, SYS_pipe, SYS_time, SYS_getppid,
#endif
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        allow(f, plain[i]);
    /* Opening a file to write kills; opening one to read works only in a
     * jail, where nothing else is to be read (a sanitizer reads the
     * program's own files to name the lines of its report), and fails
     * with EACCES elsewhere. */
    unsigned reading = read_files ? SECCOMP_RET_ALLOW
                                  : SECCOMP_RET_ERRNO | EACCES;
    unless_bits(f, SYS_openat, 2, writing, reading);
#ifdef SYS_open
    unless_bits(f, SYS_open, 1, writing, reading);
#endif
    unless_bits(f, SYS_mmap, 2, PROT_EXEC, SECCOMP_RET_ALLOW);
    unless_bits(f, SYS_mprotect, 2, PROT_EXEC, SECCOMP_RET_ALLOW);
    allow_if(f, SYS_ioctl, 1, TCGETS);
    /* fcntl's everyday commands only: not F_SETOWN or F_SETSIG, which
     * would have the kernel signal another process. */
    static const unsigned fcntl_commands[] = {F_DUPFD, F_GETFD, F_SETFD,
                                              F_GETFL, F_SETFL,
                                              F_DUPFD_CLOEXEC};
    allow_if_one_of(f, SYS_fcntl, 1, fcntl_commands, 6);
    allow_if(f, SYS_kill, 0, self);
    allow_if(f, SYS_tgkill, 0, self);
    allow_if_null(f, SYS_prlimit64, 2); /* reading a limit, not setting */
    struct sock_filter tail[] = {KILL};
    emit(f, tail, 1);
}

int sandbox_restrict_syscalls(int read_files)
{
    static filter f;
    f.length = 0;
    f.overflow = 0;
    build_filter(&f, read_files);
    if (f.overflow) {
        errno = E2BIG;
        return -1;
    }
    struct sock_fprog program = {f.length, f.code};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return -1;
    return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                        SECCOMP_FILTER_FLAG_TSYNC, &program);
}

#else

int sandbox_restrict_syscalls(int read_files)
{
    (void)read_files;
    errno = ENOSYS;
    return -1;
}

#endif

int sandbox_filter_works(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(sandbox_restrict_syscalls(1) == 0 ? 0 : 1);
    int status;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
}
