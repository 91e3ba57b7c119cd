/* main.c - runs every group of core unit tests (build/release/test_core). */
#include <stdio.h>

#include "core_tests.h"

int main(void)
{
    int failed = test_mat() + test_rng() + test_nn() + test_optim() +
                 test_files() + test_cli() + test_progress() + test_idx() +
                 test_pca() + test_net() + test_text() + test_austen() +
                 test_labels() + test_batches() + test_checkpoint() +
                 test_vectors();
    if (failed == 0)
        printf("[  PASSED  ] all core test groups\n");
    return failed == 0 ? 0 : 1;
}
