/* cosine_similarities through the kit's product of a matrix by the
 * transpose of another, which chapter 06's exercises may not call (it
 * would do most of the exercise's work): the grader refuses the file.
 *
 * base: solutions
 * replaces: cosine-similarities
 * score: 0
 * report: calls mat_mul_add_bt, which would do the exercise.s work
 */
#include <math.h>
#include <stdlib.h>

#include "core/learn/mat.h"

void cosine_similarities(mat *s, const mat *z)
{
    mat unit = mat_create(z->rows, z->cols);
    for (int i = 0; i < z->rows; i++) {
        const float *row = mat_row(z, i);
        double length = 0;
        for (int l = 0; l < z->cols; l++)
            length += (double)row[l] * row[l];
        for (int l = 0; l < z->cols; l++)
            mat_set(&unit, i, l, length > 0 ? (float)(row[l] / sqrt(length))
                                            : 0.0f);
    }
    mat_fill(s, 0);
    mat_mul_add_bt(s, &unit, &unit);
    mat_free(&unit);
}
