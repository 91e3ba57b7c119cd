/* dense_forward prints a sanitizer's report of a stack overflow, on
 * stdout and on stderr, then never returns: the cause reported must be
 * what really happened.
 *
 * base: solutions
 * replaces: dense-forward
 * score: 46
 * report: timed out
 * never: stack overflow
 */
#include <stdio.h>

void dense_forward(mat *y, const mat *x, const mat *W, const mat *b)
{
    (void)y, (void)x, (void)W, (void)b;
    static const char fake[] =
        "==1==ERROR: AddressSanitizer: stack-overflow on address 0x7ffc "
        "(pc 0x5555 bp 0x7ffc sp 0x7ffc T0)\n"
        "    #0 0x5555 in dense_forward exercises/ch01_layers.c:20\n";
    fputs(fake, stdout);
    fputs(fake, stderr);
    for (volatile int spin = 1; spin;)
        ;
}
