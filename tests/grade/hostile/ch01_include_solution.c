/* The reference solutions, included from where they sit in the kit (the
 * spliced submission is in build/self-test/hostile/).
 *
 * base: none
 * levels: namespaces user
 * score: 0
 * report: compiling it failed|it reads
 */
#include "../../../solutions/ch01_layers.c"
