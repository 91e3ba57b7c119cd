/* gradcheck.c - central differences, one entry at a time. */
#include "gradcheck.h"

#include <math.h>

static double mixed_error(double a, double b)
{
    double scale = fmax(1.0, fmax(fabs(a), fabs(b)));
    return fabs(a - b) / scale;
}

gradcheck_result gradcheck(gradcheck_loss loss, void *ctx, float *x,
                           const float *analytic, size_t count, float eps)
{
    gradcheck_result result = {0};
    double aa = 0, an = 0, nn = 0; /* sums of products, for the scale */
    for (size_t i = 0; i < count; i++) {
        float saved = x[i];
        float above = saved + eps, below = saved - eps;
        x[i] = above;
        double up = loss(ctx);
        x[i] = below;
        double down = loss(ctx);
        x[i] = saved;
        /* Divide by the step actually taken, after float rounding. */
        double numeric = (up - down) / ((double)above - (double)below);
        double error = mixed_error(analytic[i], numeric);
        aa += (double)analytic[i] * analytic[i];
        an += analytic[i] * numeric;
        nn += numeric * numeric;
        /* "!(error <= ...)" also catches a NaN error. */
        if (!(error <= result.max_error) || i == 0) {
            result = (gradcheck_result){error, i, analytic[i], numeric,
                                        0, 0};
            if (isnan(error))
                break;
        }
    }
    /* |a - s n|^2 = aa - an^2 / nn at the best s = an / nn. */
    result.scale = nn > 0 ? an / nn : 0;
    result.misfit = aa > 0 ? sqrt(fmax(0, aa - (nn > 0 ? an * an / nn : 0)) /
                                  aa)
                           : 0;
    return result;
}
