/* The plain way to every escape: the C library's fork, kill, fopen and
 * socket, called from an exercise. The grader's check of the object
 * refuses them before anything runs.
 *
 * base: solutions
 * replaces: dense-forward
 * score: 0
 * report: it calls (fork|kill|fopen|socket), which is no function an exercise may call
 */
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

void dense_forward(mat *y, const mat *x, const mat *W, const mat *b)
{
    (void)y, (void)x, (void)W, (void)b;
    if (fork() == 0)
        kill(getppid(), SIGKILL);
    FILE *f = fopen("build/grade/results.json", "w");
    if (f)
        fclose(f);
    socket(AF_INET, SOCK_STREAM, 0);
}
