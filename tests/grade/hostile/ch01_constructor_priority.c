/* A constructor with AddressSanitizer's own priority, 99, hoping to pass
 * for the sanitizer's constructor.
 *
 * base: exercises
 * score: 0
 * report: constructor or destructor
 */
#include <unistd.h>

__attribute__((constructor(99))) static void early(void)
{
    if (write(3, "pass\n", 5) < 0)
        return;
}
