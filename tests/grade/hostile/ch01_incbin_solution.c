/* The reference solutions' compiled object, pulled in by the assembler
 * (into .text, it would run: the functions there call nothing).
 *
 * base: exercises
 * levels: namespaces user
 * score: 0
 * report: compiling it failed|it reads build/obj
 */
__asm__(".section .text\n.incbin \"build/obj/asan/solutions/ch01_layers.o\"\n.text");
