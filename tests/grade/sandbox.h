/* sandbox.h - runs a command where it can do no harm.
 *
 * The grader runs everything that touches a submission through here: the
 * compiler and the linker that read it, and the worker that runs it. A
 * sandboxed command runs under a "keeper", a small process of ours that
 * starts it, watches it and reports how it ended; the caller talks to the
 * command only through pipes and never shares memory with it.
 *
 * Isolation comes in levels, the strongest the machine allows:
 *
 *   namespaces   (root) the command gets its own PID, network, IPC, UTS
 *                and mount namespaces, a file system of its own (a tmpfs
 *                root holding /usr read-only, the mounts asked for, a
 *                capped /tmp), and another user id: not root, not the
 *                grader's user
 *   userns       (not root) the same inside a user namespace, without
 *                capabilities
 *   user         (root, namespaces refused, as in some containers) another
 *                user id, its own process group, the limits and the filter
 *   none         the limits and the filter only: local grading warns
 *
 * At every level: limits on CPU time, wall time, memory, file size, open
 * files and processes; output beyond a cap stops the command; when a run
 * ends, every process it started is gone. A worker also locks itself down
 * with sandbox_restrict_syscalls() before it runs student code.
 */
#ifndef GRADE_SANDBOX_H
#define GRADE_SANDBOX_H

#include <stddef.h>
#include <sys/types.h>

typedef enum sandbox_level {
    SANDBOX_NONE,
    SANDBOX_USER,
    SANDBOX_USERNS,
    SANDBOX_NAMESPACES,
} sandbox_level;

/* "namespaces", "userns", "user" or "none". */
const char *sandbox_level_name(sandbox_level level);

/* The level named so, or -1. */
int sandbox_level_parse(const char *name);

/* The strongest level up to `most` that works here (it tries each in a
 * child): as root, namespaces or user; otherwise userns; else none. */
sandbox_level sandbox_probe(sandbox_level most);

/* Seconds on a monotonic clock. */
double sandbox_clock(void);

/* A directory of the host seen inside the sandbox (namespace levels). */
typedef struct sandbox_mount {
    const char *outside, *inside;
    int writable;
} sandbox_mount;

typedef struct sandbox_limits {
    double wall_seconds;  /* from the start; then the command is killed */
    int cpu_seconds;      /* RLIMIT_CPU */
    long memory_mb;       /* resident memory the keeper allows the command
                             (its own process, not its children) */
    int address_space;    /* also cap the address space (not with ASan) */
    long file_mb;         /* largest file it may write */
    int processes;        /* RLIMIT_NPROC: every process of the sandbox's
                             user id counts, other runs' too */
    size_t output_bytes;  /* output kept; more stops the command */
} sandbox_limits;

/* A descriptor of the caller handed to the command as `target`. */
typedef struct sandbox_fd {
    int fd, target;
} sandbox_fd;

typedef struct sandbox_spec {
    sandbox_level level;
    uid_t uid;                   /* the sandbox's user id (user levels) */
    const sandbox_mount *mounts; /* the jail (namespace levels) */
    int mount_count;
    const char *workdir;         /* working directory of the command */
    char *const *env;            /* its whole environment */
    const sandbox_fd *fds;       /* besides stdout and stderr (at most 8;
                                    a target of 2 replaces stderr) */
    int fd_count;
    sandbox_limits limits;
} sandbox_spec;

/* How a run ended, as the keeper saw it. */
typedef struct sandbox_end {
    int status;         /* waitpid() status of the command */
    int out_of_memory;  /* the keeper stopped it above memory_mb */
    int timed_out;      /* the caller stopped it at the wall limit */
    int too_much_output;
    int lost;           /* it never started, or the keeper failed */
} sandbox_end;

/* A running command. */
typedef struct sandbox_run {
    pid_t keeper;
    int lifeline;  /* closing it makes the keeper stop the command */
    int report;    /* the keeper writes the command's end here */
    int output;    /* the command's stdout and stderr */
    double deadline;
    size_t output_cap;
    char *text;    /* output kept (NUL-terminated) */
    size_t text_size, output_total;
    int finished;
    sandbox_end end;
} sandbox_run;

/* Starts argv[0] (a path) under spec; 0, or -1 with errno. */
int sandbox_start(sandbox_run *run, const sandbox_spec *spec,
                  char *const argv[]);

/* A stream the caller moves while the command runs: bytes to write to
 * it, or bytes to read from it up to `capacity`. */
typedef struct sandbox_stream {
    int fd;
    const char *out; /* writing: out[0 .. out_size) */
    size_t out_size;
    char *in;        /* reading: into in[0 .. capacity) */
    size_t capacity;
    size_t done;     /* bytes moved so far */
    int drain;       /* reading: once full, go on reading and drop it all,
                        so the writer never blocks */
    int closed;      /* end of file, or an error */
} sandbox_stream;

/* Moves the streams (their descriptors non-blocking) and the command's
 * output until `until()` says so (checked after each step), the command
 * ends, or the deadline passes. Returns 1 if until() held, 0 otherwise
 * (see run->finished and run->end). */
int sandbox_pump(sandbox_run *run, sandbox_stream *streams, int count,
                 int (*until)(const sandbox_stream *streams, void *ctx),
                 void *ctx);

/* Gives the command `grace` seconds to end by itself, then stops it,
 * waits for the keeper and fills run->end. Frees nothing the caller owns;
 * sandbox_free releases text. */
void sandbox_finish(sandbox_run *run, double grace);
void sandbox_free(sandbox_run *run);

/* Runs a command to its end: sandbox_start, sandbox_pump, sandbox_finish.
 * Returns 0 if it could start. */
int sandbox_run_command(sandbox_run *run, const sandbox_spec *spec,
                        char *const argv[]);

/* Locks this process down for good: from now on it may compute, use
 * memory, read files (if read_files; otherwise opening one fails), write
 * to descriptors it has and end itself, and nothing else (no processes,
 * no signals to others, no new files, no network, no executable memory).
 * A forbidden system call kills it with SIGSYS. Returns 0, or -1 where
 * the kernel has no filter. */
int sandbox_restrict_syscalls(int read_files);

/* Whether sandbox_restrict_syscalls works here (tried in a child). */
int sandbox_filter_works(void);

#endif
