/* dense_forward reads the memory of the processes around it, through
 * /proc/PID/mem, looking for the test's expected values. Reading a file
 * is allowed; reading another process's memory is not (another user id,
 * and the judge and keeper are not dumpable).
 *
 * base: solutions
 * replaces: dense-forward
 * levels: namespaces user
 * score: 46
 */
#include "raw_syscall.h"

void dense_forward(mat *y, const mat *x, const mat *W, const mat *b)
{
    (void)x, (void)W, (void)b;
    static const char *const paths[] = {"/proc/1/mem", "/proc/2/mem",
                                        "/proc/self/../1/mem"};
    for (int i = 0; i < 3; i++) {
        long fd = raw_syscall(RAW_OPEN, (long)paths[i], RAW_O_RDONLY, 0, 0);
        if (fd >= 0 && raw_syscall(RAW_READ, fd, (long)y->data, 4, 0) == 4)
            return;
    }
}
