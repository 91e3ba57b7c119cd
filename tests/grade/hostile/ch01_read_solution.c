/* dense_forward reads the reference solutions from where they sit in the
 * kit (as a file, at run time) and prints them into the report, where a
 * student would read them. In a jail they are not there; elsewhere the
 * worker may open no file at all.
 *
 * base: solutions
 * replaces: dense-forward
 * levels: namespaces user
 * score: 46
 * never: BEGIN SOLUTION|lr \* dw
 */
#include <stdio.h>

#include "raw_syscall.h"

void dense_forward(mat *y, const mat *x, const mat *W, const mat *b)
{
    (void)y, (void)x, (void)W, (void)b;
    static const char *const paths[] = {"solutions/ch01_layers.c",
                                        "../../../solutions/ch01_layers.c",
                                        "/work/main/solutions/ch01_layers.c"};
    static char text[65536];
    for (int i = 0; i < 3; i++) {
        long fd = raw_syscall(RAW_OPEN, (long)paths[i], RAW_O_RDONLY, 0, 0);
        long n = fd >= 0 ? raw_syscall(RAW_READ, fd, (long)text, sizeof text - 1, 0) : 0;
        if (n > 0)
            fputs(text, stdout);
    }
}
