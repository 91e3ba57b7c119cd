/* gradcheck.h - checks a backward pass against finite differences.
 *
 * For each entry x[i] the numeric gradient is the central difference
 *     (L(x + eps e_i) - L(x - eps e_i)) / (2 eps),
 * which differs from the true derivative by O(eps^2). The error of an entry
 * compares analytic and numeric gradients on a mixed scale,
 *     |analytic - numeric| / max(1, |analytic|, |numeric|),
 * absolute for small gradients and relative for large ones.
 */
#ifndef KIT_GRADCHECK_H
#define KIT_GRADCHECK_H

#include <stddef.h>

/* The loss as a function of the parameters it reads through ctx; return it
 * as a double so that the differences lose as little as possible. */
typedef double (*gradcheck_loss)(void *ctx);

typedef struct gradcheck_result {
    double max_error; /* the largest error over all entries */
    size_t worst;     /* the entry where it occurs */
    double analytic;  /* the two gradients at that entry */
    double numeric;
    /* The analytic gradient as a whole against the numeric one: the
     * least-squares factor with analytic ~ scale * numeric, and how far
     * analytic is from that multiple, relative to its size (0 when it
     * is exactly a multiple). A scale of 2, -1 or 1/n with a small
     * misfit is a clue to a bug (graded tests name it). */
    double scale, misfit;
} gradcheck_result;

/* Compares analytic[0 .. count-1] with the numeric gradient of loss() with
 * respect to x[0 .. count-1], stepping each x[i] by +-eps in turn (and
 * putting it back). A float forward pass wants eps around 1e-3 and an error
 * below 1e-2. */
gradcheck_result gradcheck(gradcheck_loss loss, void *ctx, float *x,
                           const float *analytic, size_t count, float eps);

#endif
