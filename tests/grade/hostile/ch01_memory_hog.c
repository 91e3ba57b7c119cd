/* dense_forward takes all the memory it can get, and touches it. (Graded
 * with a limit of 256 MB, reached well before the time limit.)
 *
 * base: solutions
 * replaces: dense-forward
 * grade: --memory 256
 * score: 46
 * report: used more than 256 MB of memory
 */
#include <stdlib.h>
#include <string.h>

void dense_forward(mat *y, const mat *x, const mat *W, const mat *b)
{
    (void)y, (void)x, (void)W, (void)b;
    for (;;) {
        char *block = malloc(64 << 20);
        if (!block)
            continue;
        memset(block, 1, 64 << 20);
    }
}
