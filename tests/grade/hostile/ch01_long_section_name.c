/* A constructor whose section name is too long for a parser that reads
 * names into a fixed buffer: the linker would still put any .ctors.*
 * section into .init_array.
 *
 * base: solutions
 * score: 0
 * report: cannot read every section
 */
static void hook(void)
{
}

__attribute__((used, section(".ctors.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"))) static void (*const entry)(void) = hook;
