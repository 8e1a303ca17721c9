# tests/deploy/local.mk: included by the top Makefile.am (still one Makefile).
