# tests/hostile/local.mk: included by the top Makefile.am (still one Makefile).
#
# Input a stranger could have written (templates, registry.pol, CSVs,
# sender lists, names, output paths) and what it must not do to gpforge.
HOSTILE_TESTS = \
	tests/hostile/hostile_xml.sh \
	tests/hostile/hostile_pol.sh \
	tests/hostile/hostile_text.sh \
	tests/hostile/hostile_names.sh \
	tests/hostile/hostile_output.sh

TESTS += $(HOSTILE_TESTS)
EXTRA_DIST += $(HOSTILE_TESTS) tests/hostile/hostile.sh tests/valgrind.supp

# A property test of the PowerShell writers with random strings.
check_PROGRAMS += tests/hostile/check_ps_literals
tests_hostile_check_ps_literals_SOURCES = tests/hostile/check_ps_literals.c
tests_hostile_check_ps_literals_CFLAGS = $(TEST_CFLAGS)
tests_hostile_check_ps_literals_LDADD = $(TEST_LIBS)

# make check-valgrind: the shell tests again, with gpforge run under
# valgrind, which must find no memory error and no leak; the hostile
# tests' million-row inputs shrink to 20,000 rows.  The tests run
# "$(abs_top_builddir)/gpforge"; pointing that at a folder whose gpforge
# starts the real one under valgrind is all it takes.
VALGRIND_DIR = tests/hostile/valgrind
VALGRIND = valgrind -q --vgdb=no --error-exitcode=97 --leak-check=full \
	--num-callers=40 --suppressions=$(abs_top_srcdir)/tests/valgrind.supp \
	--show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible

$(VALGRIND_DIR)/gpforge: gpforge$(EXEEXT) Makefile
	$(AM_V_GEN)$(MKDIR_P) $(VALGRIND_DIR) && \
	printf '#!/bin/sh\nexec %s %s "$$@"\n' '$(VALGRIND)' \
		'$(abs_top_builddir)/gpforge$(EXEEXT)' >$@.tmp && \
	chmod +x $@.tmp && mv $@.tmp $@

check-valgrind: all $(VALGRIND_DIR)/gpforge
	HOSTILE_ROWS=20000 $(MAKE) $(AM_MAKEFLAGS) check-TESTS \
		TESTS='$(SHELL_TESTS) $(HOSTILE_TESTS)' \
		TEST_SUITE_LOG=valgrind-suite.log \
		abs_top_builddir='$(abs_builddir)/$(VALGRIND_DIR)'

CLEANFILES += $(VALGRIND_DIR)/gpforge valgrind-suite.log
.PHONY: check-valgrind
