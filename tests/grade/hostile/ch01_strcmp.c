/* A strcmp that always says "equal", so that --run NAME would run
 * whichever test comes first.
 *
 * base: exercises
 * score: 0
 * report: defines strcmp
 */
int strcmp(const char *a, const char *b);
int strcmp(const char *a, const char *b)
{
    (void)a, (void)b;
    return 0;
}
