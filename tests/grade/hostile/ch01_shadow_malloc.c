/* A malloc of its own, to control every allocation of the process.
 *
 * base: exercises
 * score: 0
 * report: defines malloc
 */
#include <stddef.h>

void *malloc(size_t size);
void *malloc(size_t size)
{
    static char heap[1 << 20];
    static size_t used;
    void *p = heap + used;
    used += (size + 15) / 16 * 16;
    return p;
}
