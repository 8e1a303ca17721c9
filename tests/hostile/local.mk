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
EXTRA_DIST += $(HOSTILE_TESTS) tests/hostile/hostile.sh

# A property test of the PowerShell writers with random strings.
check_PROGRAMS += tests/hostile/check_ps_literals
tests_hostile_check_ps_literals_SOURCES = tests/hostile/check_ps_literals.c
tests_hostile_check_ps_literals_CFLAGS = $(TEST_CFLAGS)
tests_hostile_check_ps_literals_LDADD = $(TEST_LIBS)
