/* A chapter 01 solution whose relu_forward writes through a null pointer.
 * The grader must fail the tests of ch01.2, name the crash, and pass the
 * rest. (Each file here is the reference solution with one exercise
 * broken; the self-test grades it and reads the "expect:" line: the
 * exercise, then what the report must say, an extended regular
 * expression. Under UBSan this crash is a store to a null pointer.)
 *
 * replaces: relu-forward
 * expect: ch01.2 segmentation fault|null pointer
 */
void relu_forward(mat *y, const mat *x)
{
    (void)y, (void)x;
    *(volatile int *)0 = 0;
}
