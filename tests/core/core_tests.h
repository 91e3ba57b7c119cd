/* core_tests.h - the unit tests of src/core, one group per module. Each
 * returns the number of its tests that failed. (Ungraded: these test the
 * kit, not the student.) */
#ifndef CORE_TESTS_H
#define CORE_TESTS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

int test_mat(void);
int test_rng(void);
int test_nn(void);
int test_optim(void);
int test_files(void);
int test_cli(void);
int test_progress(void);
int test_idx(void);
int test_pca(void);
int test_net(void);
int test_text(void);
int test_austen(void);
int test_labels(void);
int test_batches(void);
int test_checkpoint(void);
int test_vectors(void);

#endif
