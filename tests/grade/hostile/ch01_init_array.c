/* A constructor without the attribute: a pointer put straight into the
 * .init_array section.
 *
 * base: exercises
 * score: 0
 * report: constructor or destructor
 */
static void hook(void)
{
}

__attribute__((used, section(".init_array"))) static void (*const entry)(void) = hook;
