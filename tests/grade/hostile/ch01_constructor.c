/* A constructor that runs before any test and writes the pass line (and
 * anything else it likes) itself.
 *
 * base: exercises
 * score: 0
 * report: constructor or destructor
 */
#include <stdio.h>
#include <unistd.h>

__attribute__((constructor)) static void take_over(void)
{
    if (write(3, "pass\n", 5) < 0)
        return;
    puts("[       OK ] every test");
}
