/* dense_forward stops its parent (and its process group, and everyone)
 * with SIGSTOP, so that grading never ends.
 *
 * base: solutions
 * replaces: dense-forward
 * levels: namespaces user
 * score: 46
 * report: stopped by the sandbox
 */
#include "raw_syscall.h"

void dense_forward(mat *y, const mat *x, const mat *W, const mat *b)
{
    (void)y, (void)x, (void)W, (void)b;
    long parent = raw_syscall(RAW_GETPPID, 0, 0, 0, 0);
    raw_syscall(RAW_KILL, parent, 19 /* SIGSTOP */, 0, 0);
    raw_syscall(RAW_KILL, 0, 19, 0, 0);
    raw_syscall(RAW_KILL, -1, 19, 0, 0);
}
