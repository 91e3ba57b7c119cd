/* raw_syscall.h - system calls made with the syscall instruction itself,
 * for the hostile submissions: no function of the C library appears in
 * the object for the grader's check to see, so only the sandbox stands
 * in the way. (x86-64; tools/splice-submission pastes this file into the
 * submissions that include it.)
 */
static long raw_syscall(long number, long a, long b, long c, long d)
{
    long result;
    register long r10 __asm__("r10") = d;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10)
                     : "rcx", "r11", "memory");
    return result;
}

enum {
    RAW_READ = 0, RAW_WRITE = 1, RAW_OPEN = 2, RAW_MMAP = 9, RAW_SOCKET = 41,
    RAW_FORK = 57, RAW_KILL = 62, RAW_FCNTL = 72, RAW_PTRACE = 101,
    RAW_GETPPID = 110, RAW_SETSID = 112, RAW_PIPE2 = 293,
    RAW_PROCESS_VM_READV = 310
};

#define RAW_O_RDONLY 0
#define RAW_O_WRITE_CREATE 01101 /* O_WRONLY | O_CREAT | O_TRUNC */
