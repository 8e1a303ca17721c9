# tests/fuzz/local.mk: included by the top Makefile.am (still one Makefile).
#
# libFuzzer harnesses, one per parser: "make fuzz" builds them after
# ./configure --enable-fuzzing CC=clang, and tests/fuzz/run.sh runs them.
# Under make check the same harness code runs as replay_NAME (with any
# compiler, no libFuzzer), fed the inputs in tests/fuzz/regress/NAME that
# once crashed and the hand-made seeds in tests/fuzz/corpus/NAME.

FUZZERS = tests/fuzz/fuzz_regpol tests/fuzz/fuzz_lgpo \
	tests/fuzz/fuzz_admx tests/fuzz/fuzz_settings tests/fuzz/fuzz_senders \
	tests/fuzz/fuzz_oucsv tests/fuzz/fuzz_dn
EXTRA_PROGRAMS = $(FUZZERS)
CLEANFILES += $(FUZZERS)

FUZZ_REPLAYS = tests/fuzz/replay_regpol tests/fuzz/replay_lgpo \
	tests/fuzz/replay_admx tests/fuzz/replay_settings \
	tests/fuzz/replay_senders tests/fuzz/replay_oucsv tests/fuzz/replay_dn
check_PROGRAMS += $(FUZZ_REPLAYS)

if FUZZING
fuzz: $(FUZZERS)
else
fuzz:
	@echo "fuzzing needs ./configure --enable-fuzzing CC=clang" >&2; \
	exit 1
endif
.PHONY: fuzz

# The settings harness checks its input against coverage.admx, compiled
# in so that the harness needs no file beside it.
FUZZ_COVERAGE_ADMX = $(srcdir)/tests/admx/coverage/coverage.admx
FUZZ_COVERAGE_ADML = $(srcdir)/tests/admx/coverage/en-US/coverage.adml
tests/fuzz/coverage_admx.c: $(srcdir)/tests/fuzz/embed.sh \
		$(FUZZ_COVERAGE_ADMX) $(FUZZ_COVERAGE_ADML)
	$(AM_V_GEN)$(MKDIR_P) tests/fuzz && \
	sh $(srcdir)/tests/fuzz/embed.sh \
		fuzz_coverage_admx=$(FUZZ_COVERAGE_ADMX) \
		fuzz_coverage_adml=$(FUZZ_COVERAGE_ADML) >$@.tmp && \
	mv $@.tmp $@
CLEANFILES += tests/fuzz/coverage_admx.c

EXTRA_DIST += tests/fuzz/README.md tests/fuzz/run.sh tests/fuzz/seed.sh \
	tests/fuzz/embed.sh tests/fuzz/xml.dict tests/fuzz/lgpo.dict \
	tests/fuzz/settings.dict tests/fuzz/corpus tests/fuzz/regress

tests_fuzz_fuzz_regpol_SOURCES = tests/fuzz/fuzz_regpol.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_regpol_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_regpol_LDADD = $(GPF_LIBS)
tests_fuzz_replay_regpol_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz_regpol.c tests/fuzz/fuzz.h
tests_fuzz_replay_regpol_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"regpol"'
tests_fuzz_replay_regpol_LDADD = $(GPF_LIBS)

tests_fuzz_fuzz_lgpo_SOURCES = tests/fuzz/fuzz_lgpo.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_lgpo_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_lgpo_LDADD = $(GPF_LIBS)
tests_fuzz_replay_lgpo_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz_lgpo.c tests/fuzz/fuzz.h
tests_fuzz_replay_lgpo_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"lgpo"'
tests_fuzz_replay_lgpo_LDADD = $(GPF_LIBS)

tests_fuzz_fuzz_admx_SOURCES = tests/fuzz/fuzz_admx.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_admx_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_admx_LDADD = $(GPF_LIBS)
tests_fuzz_replay_admx_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz_admx.c tests/fuzz/fuzz.h
tests_fuzz_replay_admx_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"admx"'
tests_fuzz_replay_admx_LDADD = $(GPF_LIBS)

tests_fuzz_fuzz_settings_SOURCES = tests/fuzz/fuzz_settings.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_settings_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_settings_LDADD = $(GPF_LIBS)
tests_fuzz_replay_settings_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz_settings.c tests/fuzz/fuzz.h
tests_fuzz_replay_settings_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"settings"'
tests_fuzz_replay_settings_LDADD = $(GPF_LIBS)
nodist_tests_fuzz_fuzz_settings_SOURCES = tests/fuzz/coverage_admx.c
nodist_tests_fuzz_replay_settings_SOURCES = tests/fuzz/coverage_admx.c

tests_fuzz_fuzz_senders_SOURCES = tests/fuzz/fuzz_senders.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_senders_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_senders_LDADD = $(GPF_LIBS)
tests_fuzz_replay_senders_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz_senders.c tests/fuzz/fuzz.h
tests_fuzz_replay_senders_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"senders"'
tests_fuzz_replay_senders_LDADD = $(GPF_LIBS)

tests_fuzz_fuzz_oucsv_SOURCES = tests/fuzz/fuzz_oucsv.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_oucsv_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_oucsv_LDADD = $(GPF_LIBS)
tests_fuzz_replay_oucsv_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz_oucsv.c tests/fuzz/fuzz.h
tests_fuzz_replay_oucsv_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"oucsv"'
tests_fuzz_replay_oucsv_LDADD = $(GPF_LIBS)

tests_fuzz_fuzz_dn_SOURCES = tests/fuzz/fuzz_dn.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_dn_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_dn_LDADD = $(GPF_LIBS)
tests_fuzz_replay_dn_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz_dn.c tests/fuzz/fuzz.h
tests_fuzz_replay_dn_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"dn"'
tests_fuzz_replay_dn_LDADD = $(GPF_LIBS)
