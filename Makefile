# Representation Learning in C - the one Makefile (run `make help`).
#
# Everything it makes goes under build/. A chapter NN with topic T is the
# row of files src/chNN_T{.h,.c,_main.c}, exercises/chNN_T.c,
# solutions/chNN_T.c, tests/test_chNN_T.c, chapters/chNN_T.md and
# plots/chNN_*.gp; adding those files is all it takes to add a chapter.

# ---- Settings you may override --------------------------------------------

CC      ?= cc
CFLAGS  ?= -O3 -march=native -g
CH      ?=
SOLUTIONS ?=
SUBMISSION ?=
GRADE_ARGS ?=
QUICK   ?=
STRICT  ?=
TEST    ?=
WERROR  ?=
GRADE_FLAVOUR ?= asan
WATCH_ARGS ?=

# Flags the kit needs whatever CPPFLAGS, CFLAGS, LDFLAGS and LDLIBS say
# (yours add to them): C11, all warnings, POSIX, fused multiply-adds (ISO C
# mode turns them off otherwise), zlib and the maths library.
KIT_CFLAGS := -std=c11 -Wall -Wextra -Wpedantic -ffp-contract=fast -fno-math-errno \
              $(if $(WERROR),-Werror)
KIT_CPPFLAGS := -Isrc -Itests -D_POSIX_C_SOURCE=200809L
KIT_LDLIBS := -lz -lm
link_libs = $(KIT_LDLIBS) $(LDLIBS)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
ASAN_FLAGS := -O1 -g1 -fsanitize=address,undefined \
              -fno-sanitize-recover=undefined -fno-omit-frame-pointer

# Builds run as many jobs as there are cores (make -j1 for one at a time);
# the makes this one starts share its jobs.
ifeq ($(MAKELEVEL),0)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif

# ---- What there is ---------------------------------------------------------

CHAPTERS := $(patsubst src/%_main.c,%,$(sort $(wildcard src/ch[0-9][0-9]_*_main.c)))
SELECTED := $(if $(CH),$(filter ch$(CH)_%,$(CHAPTERS)),$(CHAPTERS))
CORE_SRC := $(sort $(wildcard src/core/*/*.c))
CORE_TESTS := $(sort $(wildcard tests/core/*.c))
# The instructor's copy has solutions/; the students' (make dist) has not.
HAVE_SOLUTIONS := $(if $(wildcard solutions/*.c),yes)
CODE     := $(if $(SOLUTIONS),solutions,exercises)
# The code the book's runs and the benchmark use: the reference solutions,
# or in the students' copy the student's own.
REFERENCE := $(if $(HAVE_SOLUTIONS),solutions,exercises)
VARIANTS := exercises $(if $(HAVE_SOLUTIONS),solutions)
number    = $(firstword $(subst _, ,$(1)))

ifneq ($(SOLUTIONS),)
ifeq ($(HAVE_SOLUTIONS),)
$(error SOLUTIONS=1: this copy of the kit has no solutions/ (it is the students' copy))
endif
endif

ifneq ($(CH),)
ifeq ($(SELECTED),)
$(error CH=$(CH) names no chapter; there are: $(CHAPTERS))
endif
endif

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SECONDEXPANSION:
.SECONDARY:
.SUFFIXES:
.PHONY: all help deps deps-build deps-plots deps-book deps-data data grade \
        grade-parts grade-all gradescope mistakes watch run plots book \
        bench test clean exercises warnings dist no-solutions reference FORCE

# ---- Compiling: build/obj/FLAVOUR/path/file.o, FLAVOUR release or asan -----

flavour_flags = $(if $(filter asan,$(1)),$(ASAN_FLAGS),$(CFLAGS))
compile_command = $(CC) $(KIT_CPPFLAGS) $(CPPFLAGS) $(KIT_CFLAGS) $(call flavour_flags,$(1))
objects = $(patsubst %.c,build/obj/$(1)/%.o,$(2))

# Each flavour's compiler command is kept in a file that changes only when
# the command does, so that a new CC or CFLAGS recompiles everything.
build/obj/%/command: FORCE
	@mkdir -p $(@D)
	@echo '$(call compile_command,$*)' | cmp -s - $@ 2>/dev/null || \
	    echo '$(call compile_command,$*)' > $@

# A graded test left out of its chapter's table is an unused function:
# an error, not a warning (see tests/grade/graded.h).
source_flags = $(if $(filter tests/test_%,$(1)),-Werror=unused-function)

build/obj/release/%.o: %.c build/obj/release/command | deps-build
	@mkdir -p $(@D)
	$(call compile_command,release) $(call source_flags,$<) -MMD -MP -c $< -o $@

build/obj/asan/%.o: %.c build/obj/asan/command | deps-build
	@mkdir -p $(@D)
	$(call compile_command,asan) $(call source_flags,$<) -MMD -MP -c $< -o $@

# The kit library, one archive per flavour. It is made afresh, and again
# whenever the list of core sources changes, so that no member of a file
# since removed or renamed stays in it.
build/core-sources: FORCE
	@mkdir -p $(@D)
	@echo '$(CORE_SRC)' | cmp -s - $@ 2>/dev/null || echo '$(CORE_SRC)' > $@

build/%/libkit.a: $$(call objects,$$*,$(CORE_SRC)) build/core-sources
	@mkdir -p $(@D)
	@rm -f $@
	$(AR) rcs $@ $(filter %.o,$^)

# ---- Linking: build/FLAVOUR/CODE/program, CODE exercises or solutions -----
#
# $(1) chapter (ch01_layers), $(2) flavour, $(3) exercises or solutions.
define chapter_program
build/$(2)/$(3)/$(1): $(call objects,$(2),src/$(1)_main.c src/$(1).c $(3)/$(1).c) build/$(2)/libkit.a
	@mkdir -p $$(@D)
	$$(CC) $$(LDFLAGS) $$(call flavour_flags,$(2)) $$^ $$(link_libs) -o $$@
endef
$(foreach c,$(CHAPTERS),$(foreach f,release asan,$(foreach v,$(VARIANTS),\
  $(eval $(call chapter_program,$(c),$(f),$(v))))))

# ---- Grading: judges, and the parts of a worker ------------------------
#
# Graded tests never link student code (see tests/grade/calls.h). Each
# chapter's judge links its tests, its given module and a stand-in for
# every exercise; the grader links each submission, once checked, with
# the worker's parts into a worker that runs in the sandbox. The stand-ins
# and the worker's servers are generated from the exercise prototypes.
CALL_HEADERS := $(addprefix src/core/,learn/mat.h learn/rng.h learn/nn.h \
                  learn/optim.h infra/error.h)
GENERATED := $(foreach c,$(CHAPTERS),build/gen/$(c)_judge.c build/gen/$(c)_worker.c) \
             build/gen/bench_entries.c

build/gen/%_judge.c: src/%.h tools/make-calls $(CALL_HEADERS)
	@mkdir -p $(@D)
	tools/make-calls judge $< $(CALL_HEADERS) > $@

build/gen/%_worker.c: src/%.h tools/make-calls $(CALL_HEADERS)
	@mkdir -p $(@D)
	tools/make-calls worker $< $(CALL_HEADERS) > $@

# The judge is the kit's own code, built with the sanitizers so that no
# value a worker sends back can corrupt it unseen (but for the sandbox,
# whose keeper runs on a stack of its own, which ASan would warn of). Its
# table of tests is checked as it is built.
JUDGE_PARTS := tests/grade/graded.c tests/grade/judge.c tests/grade/calls.c \
               tests/grade/text.c
build/judge/test_%: $$(call objects,asan,tests/test_$$*.c src/$$*.c \
  build/gen/$$*_judge.c $(JUDGE_PARTS)) build/obj/release/tests/grade/sandbox.o \
  build/asan/libkit.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(ASAN_FLAGS) $^ $(CMOCKA_LIBS) $(link_libs) -o $@
	@$@ --check

WORKER_PARTS := tests/grade/worker.c tests/grade/calls.c tests/grade/sandbox.c
worker_parts = $(call objects,$(1),$(WORKER_PARTS) build/gen/$(2)_worker.c) \
               build/$(1)/libkit.a
JUDGES := $(CHAPTERS:%=build/judge/test_%)

# The grader needs nothing of the kit but its error messages, so a cold
# make grade does not wait for the whole library in one more flavour.
build/release/grade: build/obj/release/tests/grade/grader.o \
  build/obj/release/tests/grade/submission.o build/obj/release/tests/grade/text.o \
  build/obj/release/tests/grade/jobs.o \
  build/obj/release/tests/grade/sandbox.o build/obj/release/src/core/infra/error.o
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(CFLAGS) $^ $(link_libs) -o $@

# The compiler's dependency files of the objects make knows (never files
# found by searching build/: nothing there but what make wrote is read).
KNOWN_OBJECTS := $(foreach f,release asan,$(call objects,$(f),$(CORE_SRC) \
                   $(wildcard src/*.c exercises/*.c solutions/*.c tests/*.c \
                   tests/core/*.c tests/grade/*.c) $(GENERATED)))
-include $(KNOWN_OBJECTS:.o=.d)

build/%/test_core: $$(call objects,$$*,$(CORE_TESTS)) build/%/libkit.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(call flavour_flags,$*) $^ $(CMOCKA_LIBS) $(link_libs) -o $@

# The benchmark times the kit's own code: the products, then one line for
# each chapter with a src/chNN_T_bench.c, linked with the chapter's module
# and reference solutions (in the students' copy, the student's code).
# The table of the chapters' entries is generated from the files found.
BENCH_CHAPTERS := $(patsubst src/%_bench.c,%,$(sort $(wildcard src/ch[0-9][0-9]_*_bench.c)))

build/gen/bench-chapters: FORCE
	@mkdir -p $(@D)
	@echo '$(BENCH_CHAPTERS)' | cmp -s - $@ 2>/dev/null || echo '$(BENCH_CHAPTERS)' > $@

build/gen/bench_entries.c: build/gen/bench-chapters
	@{ echo '/* Generated by the Makefile from src/ch*_bench.c. */'; \
	   echo '#include "core/infra/bench.h"'; \
	   for c in $(BENCH_CHAPTERS); do echo "extern const bench_entry $${c}_bench;"; done; \
	   echo 'const bench_entry *const bench_entries[] = {'; \
	   for c in $(BENCH_CHAPTERS); do echo "    &$${c}_bench,"; done; \
	   echo '    0,'; echo '};'; } > $@

build/release/bench: $(call objects,release,src/bench.c build/gen/bench_entries.c \
  $(foreach c,$(BENCH_CHAPTERS),src/$(c)_bench.c src/$(c).c $(REFERENCE)/$(c).c)) \
  build/release/libkit.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(CFLAGS) $^ $(link_libs) -o $@

# build/bin/ holds the programs built from $(CODE); a marker that changes
# with SOLUTIONS relinks them when you switch.
build/code: FORCE
	@mkdir -p build
	@echo $(CODE) | cmp -s - $@ 2>/dev/null || echo $(CODE) > $@

build/bin/%: build/release/$(CODE)/% build/code
	@mkdir -p $(@D)
	cp $< $@

PROGRAMS := $(CHAPTERS:%=build/bin/%)
ALL_BINARIES := $(foreach v,$(VARIANTS),$(CHAPTERS:%=build/release/$(v)/%)) \
  $(JUDGES) $(foreach c,$(CHAPTERS),$(call worker_parts,$(GRADE_FLAVOUR),$(c))) \
  build/release/test_core build/release/grade build/release/watch build/release/bench

all: deps-build $(PROGRAMS) $(ALL_BINARIES)

# Every source compiled with -Werror, objects thrown away: the warning
# check of make test, whatever state build/obj is in. Twice, with the
# release and the sanitizer flags, as each optimises (and warns)
# differently.
ALL_SOURCES := $(sort $(wildcard src/core/*/*.c src/*.c exercises/*.c solutions/*.c \
                 tests/*.c tests/core/*.c tests/grade/*.c)) $(GENERATED)
warnings: deps-build $(GENERATED)
	@printf '%s\n' $(ALL_SOURCES) | xargs -P "$$(nproc)" -I{} sh -c \
	    '$(CC) $(KIT_CPPFLAGS) $(CPPFLAGS) $(KIT_CFLAGS) -Werror $(CFLAGS) -c {} -o /dev/null && \
	     $(CC) $(KIT_CPPFLAGS) $(CPPFLAGS) $(KIT_CFLAGS) -Werror $(ASAN_FLAGS) -c {} -o /dev/null' || \
	    { echo "make: a source has warnings (above)" >&2; exit 1; }
	@echo "$(words $(ALL_SOURCES)) sources compile without a warning, release and sanitized"

# ---- Dependencies: each target asks only for what it needs ----------------

deps-build:
	@tools/need-packages "building and grading" libcmocka-dev pkg-config zlib1g-dev
deps-plots:
	@tools/need-packages "the figures" gnuplot-nox
deps-book: deps-plots
	@tools/need-packages "the book" pandoc texlive-latex-recommended \
	    texlive-latex-extra lmodern poppler-utils
deps-data:
	@tools/need-packages "the data" dataset-fashion-mnist
	@tools/fetch-austen
deps: deps-build deps-plots deps-book deps-data

# The real datasets, from Debian packages (set FASHION_MNIST_DIR to use
# other copies).
data: deps-data

# ---- The student's copy of the exercises ---------------------------------

# exercises/ is made from solutions/ by tools/make-exercises; run this after
# editing a solution (make test checks that the two agree).
exercises: $(if $(HAVE_SOLUTIONS),$(CHAPTERS:%=solutions/%.c),no-solutions)
	@for c in $(CHAPTERS); do \
	    tools/make-exercises solutions/$$c.c > exercises/$$c.c.new && \
	    mv exercises/$$c.c.new exercises/$$c.c || { rm -f exercises/$$c.c.new; exit 1; }; \
	done
	@echo "exercises/ regenerated from solutions/"

# ---- Grading --------------------------------------------------------------

# The worker is built with AddressSanitizer and UBSan (GRADE_FLAVOUR, asan
# or release), so that a write past the end of an array is caught and
# shown with its line, not passed.
GRADE_COMPILE = $(CC) -Isrc -D_POSIX_C_SOURCE=200809L $(KIT_CFLAGS) \
                $(call flavour_flags,$(GRADE_FLAVOUR)) \
                $(if $(filter asan,$(GRADE_FLAVOUR)),--param asan-globals=0)
GRADE_FLAGS = $(if $(STRICT),--strict) $(if $(TEST),--filter $(TEST)) \
              --flavour $(GRADE_FLAVOUR) --compile "$(GRADE_COMPILE)" \
              --link "$(CC) $(call flavour_flags,$(GRADE_FLAVOUR))" $(GRADE_ARGS)

# What is graded: $(CODE)/chNN_T.c, or with SUBMISSION=file (and CH=NN)
# that file as chapter NN's exercises.
ifneq ($(SUBMISSION),)
ifneq ($(words $(SELECTED)),1)
$(error SUBMISSION=$(SUBMISSION) needs CH=NN, the chapter it is for)
endif
endif
# GRADE_FROM=DIR grades DIR/chNN_T.c instead (make grade-all does), with
# the results in GRADE_JSON.
GRADE_JSON ?= build/grade/results.json
graded_file = $(if $(SUBMISSION),$(SUBMISSION),$(if $(GRADE_FROM),$(GRADE_FROM),$(CODE))/$(1).c)

# The grader builds each chapter's worker from the submission in the
# sandbox: a chapter whose exercises do not compile, link or pass the
# check scores 0 (with the reason in its report) while the others are
# graded.
grade: deps-build
	@rm -f $(GRADE_JSON)
	@$(MAKE) --no-print-directory -s build/release/grade \
	    $(foreach c,$(SELECTED),build/judge/test_$(c) $(call worker_parts,$(GRADE_FLAVOUR),$(c)))
	@build/release/grade $(GRADE_FLAGS) --json $(GRADE_JSON) \
	    $(foreach c,$(SELECTED),$(c):$(call graded_file,$(c)))

# make watch CH=NN grades chapter NN's file (as make grade would: SOLUTIONS=1,
# SUBMISSION=file, TEST=, GRADE_ARGS= alike), then again each time it is
# saved, printing what changed (tests/grade/watch.c; WATCH_ARGS= gives it
# options, such as --count N). It grades in a folder of its own,
# build/watch/chNN_T/, results.json and report.txt in it, so that a make
# grade meanwhile does not clash with it (GRADE_JSON= puts the results
# elsewhere). It is exec'd, so that no shell stands between make and it
# to die of the Ctrl-C that ends it cleanly.
ifneq ($(filter watch,$(MAKECMDGOALS)),)
ifeq ($(CH),)
$(error make watch needs CH=NN, the chapter whose file it watches (make watch CH=01))
endif
endif
WATCH_DIR = build/watch/$(SELECTED)
WATCH_JSON = $(if $(filter file,$(origin GRADE_JSON)),$(WATCH_DIR)/results.json,$(GRADE_JSON))

build/release/watch: build/obj/release/tests/grade/watch.o \
  build/obj/release/tests/grade/text.o build/obj/release/src/core/infra/error.o
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $(CFLAGS) $^ $(link_libs) -o $@

watch: deps-build
	@$(MAKE) --no-print-directory -s build/release/grade build/release/watch \
	    build/judge/test_$(SELECTED) $(call worker_parts,$(GRADE_FLAVOUR),$(SELECTED))
	@mkdir -p $(WATCH_DIR) $(dir $(WATCH_JSON))
	@exec build/release/watch --json $(WATCH_JSON) $(WATCH_ARGS) \
	    $(SELECTED):$(call graded_file,$(SELECTED)) -- \
	    build/release/grade --workdir $(WATCH_DIR) $(GRADE_FLAGS)

# Everything grading builds before it sees a submission: the grader, the
# judges and the workers' own parts (the Gradescope image builds them once).
grade-parts: deps-build
	@$(MAKE) --no-print-directory -s build/release/grade \
	    $(foreach c,$(CHAPTERS),build/judge/test_$(c) $(call worker_parts,$(GRADE_FLAVOUR),$(c)))

# A whole class: every sub-folder of SUBMISSIONS is a student's upload,
# graded in parallel, each in the sandbox; the gradebook and each
# student's results.json go to build/grade-all/ (tools/grade-all).
grade-all: $(if $(HAVE_SOLUTIONS),,no-solutions) grade-parts
	@tools/grade-all "$(SUBMISSIONS)"

# The mistakes students make (tests/grade/mistakes/), graded: each must be
# caught and named in its report (tools/test-mistakes; CH=NN one chapter).
mistakes: $(if $(HAVE_SOLUTIONS),,no-solutions) grade-parts
	+@tools/test-mistakes $(if $(CH),$(SELECTED))

# ---- Experiments and figures ---------------------------------------------
#
# make run / make plots use build/bin (your code, or SOLUTIONS=1) and write
# build/data/chNN/ and build/plots/. The book uses the solutions (in the
# students' copy, the student's code) and writes build/book/
# (build/quick/book/ with QUICK=1, from --quick runs).

RUN_FLAGS = $(if $(QUICK),--quick)
FIGURE_SCRIPTS := $(sort $(wildcard plots/ch[0-9][0-9]_*.gp))
figures_of = $(filter plots/$(call number,$(1))_%,$(FIGURE_SCRIPTS))

# A chapter that builds on the encoders earlier chapters save runs after
# them, and reads their checkpoints (root/data/chNN/encoder.ckpt) from the
# same root: make run CH=07 first makes the runs it needs.
ch07_needs := ch02 ch03 ch06
ch08_needs := ch02 ch04 ch06
needs_of = $($(call number,$(1))_needs)

# $(1) chapter, $(2) root (build, build/book, build/reference/MODE), $(3)
# program, $(4) its flags, $(5) yes to end with the table of tools/
# reference (make run). The stamp .done holds the run's command, which
# tells tools/reference its mode (defaults, --quick, or other flags).
define experiment_rule
$(2)/data/$(call number,$(1))/.done: $(3) $(foreach n,$(call needs_of,$(1)),$(2)/data/$(n)/.done)
	@rm -rf $$(@D) && mkdir -p $$(@D)
	$(3) --out $$(@D) $(4) $(if $(call needs_of,$(1)),--checkpoints $(2)/data)
	@echo '$(3) --out $$(@D) $(4) $(if $(call needs_of,$(1)),--checkpoints $(2)/data)' > $$@
	$(if $(5),@echo; tools/reference compare $(1) $$(@D))
endef

# $(1) root, $(2) pdf or svg, $(3) yes to draw the reference run beside
# (make plots; never in the book): a figure from its script and its
# chapter's data. tools/reference names the reference that fits the run
# (none for other flags, or a chapter without one). A script may run a
# helper of plots/ (plots/labels.awk).
define figure_rule
$(1)/plots/%.$(2): plots/%.gp plots/style.gp $(wildcard plots/*.awk) $(1)/data/$$$$(call number,$$$$*)/.done \
  $(if $(3),$$$$(wildcard reference/$$$$(call number,$$$$*)/*/*.tsv))
	@mkdir -p $$(@D)
	gnuplot -e "fmt='$(2)'; out='$$@'; data='$(1)/data/$$(call number,$$*)'$(if $(3),; \
	    ref='$$$$(tools/reference dir $$(call number,$$*) $(1)/data/$$(call number,$$*))')" \
	    plots/style.gp $$<
endef

BOOK_ROOT := $(if $(QUICK),build/quick/book,build/book)
$(foreach c,$(CHAPTERS),$(eval $(call experiment_rule,$(c),build,build/bin/$(c),$$(RUN_FLAGS),yes)))
$(foreach c,$(CHAPTERS),$(eval $(call experiment_rule,$(c),$(BOOK_ROOT),build/release/$(REFERENCE)/$(c),$$(RUN_FLAGS))))
$(foreach f,pdf svg,$(eval $(call figure_rule,build,$(f),yes)))
$(foreach f,pdf svg,$(eval $(call figure_rule,$(BOOK_ROOT),$(f))))

# Experiments run one at a time (each prints its progress on one line):
# one make for each, which still shares the jobs of this one (a make -j1
# would warn that it drops them).
one_at_a_time = for target in $(1); do \
                    $(MAKE) --no-print-directory $$target || exit 1; done

# make run always runs: it forgets the results, then remakes them.
RUN_STAMPS = $(foreach c,$(SELECTED),build/data/$(call number,$(c))/.done)
# The programs are built in parallel, then run one at a time.
run: deps-build deps-data
	@rm -f $(RUN_STAMPS)
	@$(MAKE) --no-print-directory $(SELECTED:%=build/bin/%)
	+@$(call one_at_a_time,$(RUN_STAMPS))

figures_in = $(foreach c,$(2),$(patsubst plots/%.gp,$(1)/plots/%.pdf,$(call figures_of,$(c))) \
                              $(patsubst plots/%.gp,$(1)/plots/%.svg,$(call figures_of,$(c))))

plots: deps-build deps-plots deps-data
	@$(MAKE) --no-print-directory $(SELECTED:%=build/bin/%)
	+@$(call one_at_a_time,$(foreach c,$(SELECTED),build/data/$(call number,$(c))/.done))
	@$(MAKE) --no-print-directory $(call figures_in,build,$(SELECTED))
	@echo "figures in build/plots/"

# ---- The reference runs ----------------------------------------------------
#
# reference/chNN/{default,quick}/ hold what make run's table and make
# plots' dashed curves need of the solutions' runs (seed 1): small TSVs
# the kit ships, so that students without the solutions see them too.
# reference/chNN/headlines.tsv names the chapter's figures and how close
# counts as a match. make reference (CH=NN one chapter) runs the
# solutions afresh in build/reference/ and keeps those files, with the
# fingerprint of the sources they came from (sources.sha256). make test
# checks the quick ones by value and the default ones by fingerprint;
# make book checks its runs by value against them.
REFERENCE_MODES := quick default
REFERENCED := $(foreach c,$(CHAPTERS),\
                $(if $(wildcard reference/$(call number,$(c))/headlines.tsv),$(c)))
# $(1) chapter, $(2) mode
reference_rule = $(call experiment_rule,$(1),build/reference/$(2),$(strip \
                   build/release/solutions/$(1)),$(if $(filter quick,$(2)),--quick))
$(foreach c,$(CHAPTERS),$(foreach m,$(REFERENCE_MODES),\
  $(eval $(call reference_rule,$(c),$(m)))))
reference_stamps = $(foreach m,$(REFERENCE_MODES),$(foreach c,$(1),\
                     build/reference/$(m)/data/$(call number,$(c))/.done))

reference: $(if $(HAVE_SOLUTIONS),,no-solutions) deps-build deps-data
	@$(MAKE) --no-print-directory $(SELECTED:%=build/release/solutions/%)
	@rm -f $(call reference_stamps,$(SELECTED))
	+@$(call one_at_a_time,$(call reference_stamps,$(SELECTED)))
	@for m in $(REFERENCE_MODES); do for c in $(SELECTED); do \
	    tools/reference save $$c $$m build/reference/$$m/data/$${c%%_*} || exit 1; \
	done; done

# ---- The book ------------------------------------------------------------

BOOK_CHAPTERS := $(sort $(wildcard chapters/ch[0-9][0-9]_*.md))
# The works the chapters cite (book/references.bib) close the book.
BOOK_INPUTS := book/metadata.yaml book/preface.md book/notation.md $(BOOK_CHAPTERS) \
               book/references.md
# Each chapter's exercises and their points, from its judge (the one
# source of the points): the book's exercise boxes and tables read them.
EXERCISE_TABLE := build/grade/exercises.tsv
$(EXERCISE_TABLE): $(JUDGES)
	@mkdir -p $(@D)
	@for judge in $(JUDGES); do $$judge --describe || exit 1; done | \
	    awk '$$1 == "exercise" { order[++n] = $$2; name[$$2] = $$3 } \
	         $$1 == "test" && $$5 != "hidden" { points[$$3] += $$4; tests[$$3]++ } \
	         END { print "exercise\tfunction\tpoints\ttests"; \
	               for (i = 1; i <= n; i++) { e = order[i]; \
	                   print e "\t" name[e] "\t" points[e] "\t" tests[e] } }' > $@.partial
	@mv $@.partial $@

BOOK_DEPS := $(BOOK_INPUTS) $(wildcard book/*.lua book/*.tex book/*.css book/*.yaml book/*.bib) \
             $(wildcard src/*.[ch] src/core/*/*.[ch] exercises/*.c solutions/*.c) \
             $(EXERCISE_TABLE)
BOOK_RUNS = $(foreach c,$(CHAPTERS),$(BOOK_ROOT)/data/$(call number,$(c))/.done) \
            $(BOOK_ROOT)/data/bench/.done
BOOK_FIGURES = $(call figures_in,$(BOOK_ROOT),$(CHAPTERS)) $(BOOK_RUNS)
BOOK_NAME := representation-learning-in-c

# runs and runs-by tell the filters what the numbers come from: full or
# quick runs, of the solutions or of the student's code.
PANDOC = pandoc --defaults book/common.yaml --resource-path=$(BOOK_ROOT)/plots \
         -M data-root=$(BOOK_ROOT)/data -M exercise-table=$(EXERCISE_TABLE) \
         -M runs=$(if $(QUICK),quick,full) \
         -M runs-by=$(if $(HAVE_SOLUTIONS),solutions,student)

# Every text of the figures is at least 8 pt where the book prints it,
# in the PDF and the HTML (tools/check-figures), or no book is built.
$(BOOK_ROOT)/plots/.checked: $(BOOK_FIGURES) tools/check-figures book/book.css book/metadata.yaml
	@tools/check-figures $(filter %.svg,$^)
	@touch $@

# $(1) output file, $(2) instructor or student
define html_rule
$(1): $$(BOOK_DEPS) $$(BOOK_FIGURES) | $(BOOK_ROOT)/plots/.checked
	@mkdir -p $$(@D)
	$$(PANDOC) --defaults book/html.yaml -M edition=$(2) $$(BOOK_INPUTS) -o $$@
endef
# The PDF: pandoc writes the LaTeX (NAME.tex), tools/latex-pdf runs
# pdflatex, keeps its log beside the PDF (NAME.log) and fails on an
# overfull box over 1pt or a broken rule of the pages (tools/check-tex-log:
# a table or exercise box split, a float page half empty), naming its page
# and text; in the students' copy (their runs' numbers in the tables) it
# only reports them.
# $(1) output file, $(2) instructor or student
define pdf_rule
$(1): $$(BOOK_DEPS) $$(BOOK_FIGURES) tools/latex-pdf tools/check-tex-log | $(BOOK_ROOT)/plots/.checked
	@mkdir -p $$(@D)
	$$(PANDOC) --defaults book/pdf.yaml -M edition=$(2) $$(BOOK_INPUTS) -o $$(@:.pdf=.tex)
	tools/latex-pdf$(if $(HAVE_SOLUTIONS),, --report-only) $$(@:.pdf=.tex) $$@ $(BOOK_ROOT)/plots
endef
$(eval $(call pdf_rule,$(BOOK_ROOT)/$(BOOK_NAME).pdf,instructor))
$(eval $(call pdf_rule,$(BOOK_ROOT)/$(BOOK_NAME)-student.pdf,student))
$(eval $(call html_rule,$(BOOK_ROOT)/html/index.html,instructor))
$(eval $(call html_rule,$(BOOK_ROOT)/html/student.html,student))

# The speeds the book quotes are the building machine's: make bench's
# measurements (--quick for a quick book), with the processor's name, run
# after the experiments so that none of them competes for the core.
$(BOOK_ROOT)/data/bench/.done: build/release/bench
	@rm -rf $(@D) && mkdir -p $(@D)
	build/release/bench --out $(@D) $(RUN_FLAGS) >/dev/null
	@touch $@

# The students' copy builds the student edition only.
BOOK_FILES := $(if $(HAVE_SOLUTIONS),$(BOOK_ROOT)/$(BOOK_NAME).pdf) \
              $(BOOK_ROOT)/$(BOOK_NAME)-student.pdf \
              $(if $(HAVE_SOLUTIONS),$(BOOK_ROOT)/html/index.html) \
              $(BOOK_ROOT)/html/student.html

# The book's runs are the solutions' own: each must match the reference the
# kit ships (reference/chNN/default, or quick for QUICK=1), else that
# reference is stale, or the solutions changed what the book says.
book_matches = out=$$(tools/reference check $(1) $(BOOK_ROOT)/data/$(call number,$(1)) 2>&1) || \
    { echo "$$out"; echo "make: $(BOOK_ROOT)/data/$(call number,$(1)) is off the reference" \
      "(above): if the change is meant, make reference CH=$(subst ch,,$(call number,$(1)))" >&2; \
      exit 1; };

book: deps-build deps-book deps-data
	@$(MAKE) --no-print-directory $(CHAPTERS:%=build/release/$(REFERENCE)/%)
	+@$(call one_at_a_time,$(BOOK_RUNS))
	@$(if $(HAVE_SOLUTIONS),$(foreach c,$(REFERENCED),$(call book_matches,$(c))))
	@$(MAKE) --no-print-directory $(BOOK_FILES)
	@echo "book in $(BOOK_ROOT)/: $(notdir $(BOOK_FILES))"

# ---- Benchmark -----------------------------------------------------------

bench: deps-build deps-data build/release/bench $(if $(HAVE_SOLUTIONS),grade-parts)
	build/release/bench
	$(if $(HAVE_SOLUTIONS),@tools/bench-grading 100)

# ---- The self-test (what CI runs) ----------------------------------------

test: $(if $(HAVE_SOLUTIONS),,no-solutions) deps-build deps-book deps-data
	@MAKEFLAGS= tools/self-test

# ---- The students' copy ---------------------------------------------------

dist: $(if $(HAVE_SOLUTIONS),,no-solutions) $(JUDGES)
	@tools/make-dist

# The autograder for Gradescope: build/dist/autograder.zip (README, "For
# instructors").
gradescope: $(if $(HAVE_SOLUTIONS),,no-solutions)
	@tools/need-packages "make gradescope" zip unzip
	@tools/make-gradescope

no-solutions:
	@echo "make: this is the students' copy of the kit: it has no solutions/," \
	      "so no self-test, no instructor's edition and no make dist" >&2
	@exit 1

clean:
	rm -rf build

help:
	@echo "Representation Learning in C - targets:"
	@echo "  make              build every program and test binary (same as make all)"
	@echo "  make grade        grade exercises/ (CH=NN one chapter, TEST=name the tests"
	@echo "                    whose name has it, TEST=ch02.4 one exercise's tests,"
	@echo "                    SOLUTIONS=1 the reference solutions, STRICT=1 fail below full)"
	@echo "  make watch CH=NN  grade chapter NN again each time you save its file,"
	@echo "                    showing what changed (Ctrl-C stops)"
	@echo "  make run          run the chapter experiments with your code (CH=NN, QUICK=1)"
	@echo "  make plots        draw the figures of your runs into build/plots/ (CH=NN)"
	@echo "  make book         build the book, PDF and HTML, instructor and student editions"
	@echo "  make reference    remake reference/ from the solutions' runs (CH=NN one chapter)"
	@echo "  make mistakes     grade the listed student mistakes: each caught and named (CH=NN)"
	@echo "  make bench        measure the speed of the kernels (GFLOP/s)"
	@echo "  make test         the whole self-test, as CI runs it"
	@echo "  make dist         the students' copy (no solutions), in build/dist/"
	@echo "  make exercises    regenerate exercises/ from solutions/ (maintainers)"
	@echo "  make data         install the datasets (Debian packages)"
	@echo "  make deps         install every Debian package the kit uses"
	@echo "  make clean        remove build/"
	@echo "  make help         this list"
