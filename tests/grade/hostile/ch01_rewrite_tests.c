/* dense_forward rewrites another chapter's judge and the points of the
 * tests, so that the damage outlives this run.
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
    static const char *const targets[] = {"build/judge/test_ch02_autoencoder",
                                          "tests/test_ch01_layers.c",
                                          "/kit/src/ch01_layers.h"};
    static const char text[] = "GRADED(dense_forward_hand_computed, \"ch01.1\", 0)\n";
    for (int i = 0; i < 3; i++) {
        long fd = raw_syscall(RAW_OPEN, (long)targets[i], RAW_O_WRITE_CREATE,
                              0644, 0);
        if (fd >= 0)
            raw_syscall(RAW_WRITE, fd, (long)text, sizeof text - 1, 0);
    }
}
