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

const char *sandbox_describe(sandbox_level level)
{
    switch (level) {
    case SANDBOX_NAMESPACES:
        return "namespaces (PID, network, IPC, UTS, mount; a private root, "
               "/usr read-only), another user id, limits, a system-call "
               "filter";
    case SANDBOX_USERNS:
        return "a user namespace with PID, network, IPC, UTS and mount "
               "namespaces (a private root, /usr read-only), no "
               "capabilities, limits, a system-call filter";
    case SANDBOX_USER:
        return "another user id (namespaces refused here), limits, a "
               "system-call filter";
    default:
        return "limits and a system-call filter only (this machine allows "
               "neither another user id nor namespaces)";
    }
}

static double now(void)
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
 * numbers above every target, so no move overwrites another) and closes
 * every other descriptor above stderr. */
static int place_fds(const sandbox_spec *spec, int output)
{
    int moved[16], n = spec->fd_count < 16 ? spec->fd_count : 16;
    for (int i = 0; i < n; i++)
        if ((moved[i] = fcntl(spec->fds[i].fd, F_DUPFD, 100)) < 0)
            return -1;
    int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, STDIN_FILENO) < 0 ||
        dup2(output, STDOUT_FILENO) < 0 || dup2(output, STDERR_FILENO) < 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (dup2(moved[i], spec->fds[i].target) < 0)
            return -1;
    for (int fd = 3; fd < 100 + n + 8; fd++) {
        int keep = 0;
        for (int i = 0; i < n; i++)
            keep |= spec->fds[i].target == fd;
        if (!keep)
            close(fd);
    }
    return close_range(100 + (unsigned)n + 8, ~0u, 0);
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

static void exec_command(const sandbox_spec *spec, char *const argv[],
                         int output)
{
    setsid();
    if (place_fds(spec, output) != 0) {
        complain("sandbox: cannot pass descriptors: %s\n", strerror(errno));
        _exit(FAILED_TO_START);
    }
    if (spec->workdir && chdir(spec->workdir) != 0) {
        complain("sandbox: cannot enter %s: %s\n", spec->workdir,
                 strerror(errno));
        _exit(FAILED_TO_START);
    }
    apply_limits(spec);
    if (drop_privileges(spec) != 0) {
        complain("sandbox: cannot drop privileges: %s\n", strerror(errno));
        _exit(FAILED_TO_START);
    }
    static char *const empty[] = {NULL};
    execve(argv[0], argv, spec->env ? spec->env : empty);
    complain("cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
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

static void stop(const sandbox_spec *spec, pid_t command)
{
    kill(-command, SIGKILL);
    kill(command, SIGKILL);
    if (spec->level == SANDBOX_USER)
        kill_user(spec->uid);
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
        if (waitpid(command, &end.status, WNOHANG) == command) {
            stop(spec, command); /* anything it left behind */
            return end;
        }
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
    double give_up = now() + 1;
    while (now() < give_up) {
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
    int passed[16 + 5];
    int n = 0;
    for (int i = 0; i < 5; i++)
        passed[n++] = mine[i];
    for (int i = 0; i < spec->fd_count && i < 16; i++)
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
    pid_t command = fork();
    if (command < 0 || children < 0)
        _exit(FAILED_TO_START);
    if (command == 0) {
        sigprocmask(SIG_UNBLOCK, &child_set, NULL);
        exec_command(spec, k->argv, dup_output);
    }
    setpgid(command, command);
    close(dup_output);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDERR_FILENO); /* the output pipe is the command's now */
    sandbox_end end = watch(spec, command, k->lifeline, children);
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
                         .deadline = now() + spec->limits.wall_seconds,
                         .output_cap = spec->limits.output_bytes};
    run->text = calloc(1, run->output_cap + 1);
    return run->text ? 0 : -1;
}

/* Reads what the command printed; beyond the cap it only counts. */
static void read_output(sandbox_run *run)
{
    char chunk[8192];
    ssize_t got;
    while ((got = read(run->output, chunk, sizeof chunk)) > 0) {
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
        double left = run->deadline - now();
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

void sandbox_finish(sandbox_run *run)
{
    if (run->keeper <= 0)
        return;
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
    sandbox_finish(run);
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

sandbox_level sandbox_probe(void)
{
    if (geteuid() == 0) {
        if (level_works(SANDBOX_NAMESPACES))
            return SANDBOX_NAMESPACES;
        if (level_works(SANDBOX_USER))
            return SANDBOX_USER;
    } else if (level_works(SANDBOX_USERNS)) {
        return SANDBOX_USERNS;
    }
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

typedef struct filter {
    struct sock_filter code[256];
    unsigned short length;
} filter;

static void emit(filter *f, const struct sock_filter *code, int n)
{
    for (int i = 0; i < n && f->length < 256; i++)
        f->code[f->length++] = code[i];
}

/* Allows system call nr. */
static void allow(filter *f, long nr)
{
    struct sock_filter code[] = {LOAD(NR), IF_EQ((unsigned)nr, 0, 1), ALLOW};
    emit(f, code, 3);
}

/* Allows nr when argument i has none of the bits in mask. */
static void allow_without(filter *f, long nr, int i, unsigned mask)
{
    struct sock_filter code[] = {LOAD(NR), IF_EQ((unsigned)nr, 0, 4),
                                 LOAD(ARG(i)), IF_SET(mask, 0, 1), KILL,
                                 ALLOW};
    emit(f, code, 6);
}

/* Allows nr when argument i (32 bits) is value. */
static void allow_if(filter *f, long nr, int i, unsigned value)
{
    struct sock_filter code[] = {LOAD(NR), IF_EQ((unsigned)nr, 0, 4),
                                 LOAD(ARG(i)), IF_EQ(value, 1, 0), KILL,
                                 ALLOW};
    emit(f, code, 6);
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

static void build_filter(filter *f)
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
        SYS_fcntl, SYS_pipe2, SYS_munmap, SYS_mremap, SYS_brk, SYS_madvise,
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
    allow_without(f, SYS_openat, 2, writing);
#ifdef SYS_open
    allow_without(f, SYS_open, 1, writing);
#endif
    allow_without(f, SYS_mmap, 2, PROT_EXEC);
    allow_without(f, SYS_mprotect, 2, PROT_EXEC);
    allow_if(f, SYS_ioctl, 1, TCGETS);
    allow_if(f, SYS_kill, 0, self);
    allow_if(f, SYS_tgkill, 0, self);
    allow_if_null(f, SYS_prlimit64, 2); /* reading a limit, not setting */
    struct sock_filter tail[] = {KILL};
    emit(f, tail, 1);
}

int sandbox_restrict_syscalls(void)
{
    static filter f;
    f.length = 0;
    build_filter(&f);
    struct sock_fprog program = {f.length, f.code};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return -1;
    return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                        SECCOMP_FILTER_FLAG_TSYNC, &program);
}

#else

int sandbox_restrict_syscalls(void)
{
    errno = ENOSYS;
    return -1;
}

#endif
