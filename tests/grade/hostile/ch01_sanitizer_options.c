/* The sanitizer's option hook, defined to turn its checks off (and the
 * exit status it reports with).
 *
 * base: exercises
 * score: 0
 * report: defines __asan_default_options
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "halt_on_error=0:exitcode=0";
}
