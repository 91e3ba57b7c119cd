/* A chapter 01 solution whose dense_forward calls exit(0), which would end
 * a plain cmocka run with status 0 as if every test had passed.
 *
 * replaces: dense-forward
 * expect: ch01.1 call exit\(\)
 */
#include <stdlib.h>

void dense_forward(mat *y, const mat *x, const mat *W, const mat *b)
{
    (void)y, (void)x, (void)W, (void)b;
    exit(0);
}
