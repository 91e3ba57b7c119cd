#!/usr/bin/env bash
# setup.sh - Gradescope runs this once, as root, when it builds the
# autograder's image (make gradescope puts it in autograder.zip). The kit
# is in /autograder/source (AUTOGRADER_ROOT/source elsewhere, as in the
# kit's own test of this layout).
#
# It installs exactly the Debian/Ubuntu packages grading needs, reserves
# the sandbox's unprivileged user, and builds the grader, the judges and
# the workers' parts once, so that each submission only compiles itself.
set -euo pipefail
root=${AUTOGRADER_ROOT:-/autograder}
cd "$root/source"

# Grading needs a C compiler and make (build-essential), then what make
# deps-build installs (cmocka for the judges, zlib, pkg-config): the same
# list as everywhere else in the kit.
tools/need-packages "grading" build-essential
make -s deps-build

# Student code runs as user ids from 61017 on (tests/grade/sandbox.h),
# which need no account. The account makes the first of them visible
# (ps, ls -l) and keeps any other account from being given it.
if ! getent passwd rlc-sandbox >/dev/null; then
    useradd --system --uid 61017 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin rlc-sandbox 2>/dev/null ||
        echo "setup.sh: could not add the user rlc-sandbox (uid 61017 taken?);" \
             "grading uses the id all the same" >&2
fi

# The hidden tests are for root alone: where the sandbox can only give
# student code another user id (no namespaces in the container), that id
# cannot read them.
chmod -R go-rwx tests/hidden

# Everything but the submission, built now.
make -s grade-parts
echo "setup.sh: ready to grade ($(ls build/judge | wc -l) chapters)"
