/* Three hundred sections, then a .preinit_array entry: a constructor
 * past the end of a parser that reads a fixed number of sections.
 *
 * base: solutions
 * score: 0
 * report: cannot read every section
 */
static void hook(void)
{
}

__asm__(".rept 300\n.pushsection .filler\\@,\"a\"\n.byte 0\n.popsection\n.endr");

__attribute__((used, section(".preinit_array"))) static void (*const entry)(void) = hook;
