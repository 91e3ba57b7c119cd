/* An #include of a device that never ends.
 *
 * base: exercises
 * score: 0
 * report: compiling it
 */
#include "/dev/zero"
