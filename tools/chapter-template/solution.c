/* @CH@.c - the exercises of chapter @NN@ (contracts in @CH@.h).
 *
 * Dimensions: n = entries of a batch.
 *
 * Write each function between its TODO line and the closing brace, then run
 * make grade CH=@NN@. The experiment (make run CH=@NN@) runs with your code.
 * Make any helper function you add static, so that its name cannot clash
 * with a function of the kit.
 */
#include "@CH@.h"

#include <math.h>

//> absolute-error
float absolute_error(mat *dyhat, const mat *yhat, const mat *y)
{
    // BEGIN SOLUTION ch@NN@.1
    size_t count = mat_size(y);
    if (count == 0)
        return 0.0f;
    double sum = 0;
    for (size_t i = 0; i < count; i++) {
        float gap = yhat->data[i] - y->data[i];
        sum += fabsf(gap);
        dyhat->data[i] = (float)((gap > 0) - (gap < 0)) / (float)count;
    }
    return (float)(sum / (double)count);
    //stub: (void)dyhat, (void)yhat, (void)y;
    //stub: return 0.0f;
    // END SOLUTION
}
//< absolute-error
