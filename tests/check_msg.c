/*
 * check_msg.c - tests of the command layer's messages: what reaches
 * standard error, read back from a file it is sent to.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"

/* Runs the messages with standard error sent to a file; its text. */
static void
capture(void (*messages)(void), char *out, size_t size)
{
	char path[] = "/tmp/check_msg.XXXXXX";
	int fd = mkstemp(path), saved = dup(STDERR_FILENO);
	FILE *fp;
	size_t n;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_ge(saved, 0);
	fflush(stderr);
	ck_assert_int_ge(dup2(fd, STDERR_FILENO), 0);
	messages();
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fd);

	fp = fopen(path, "r");
	ck_assert_ptr_nonnull(fp);
	n = fread(out, 1, size - 1, fp);
	out[n] = '\0';
	fclose(fp);
	unlink(path);
}

static void
bar_then_error(void)
{
	msg_progress("OUs", 1, 3, NULL);
	msg_error("%s", "a row failed");
}

static void
whole_bar_then_error(void)
{
	msg_progress("OUs", 3, 3, NULL);
	msg_error("%s", "then this");
}

/* An error while the bar is drawn goes on a line of its own. */
START_TEST(error_after_a_bar_starts_a_line)
{
	char got[256];

	capture(bar_then_error, got, sizeof(got));
	ck_assert_str_eq(got, "\r[##########                    ] 1/3 OUs \n"
			      "gpforge: a row failed\n");
}
END_TEST

/* A finished bar has ended its line: no empty line before the error. */
START_TEST(error_after_a_finished_bar)
{
	char got[256];

	capture(whole_bar_then_error, got, sizeof(got));
	ck_assert_str_eq(got, "\r[##############################] 3/3 OUs \n"
			      "gpforge: then this\n");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("msg");
	TCase *p = tcase_create("progress");
	SRunner *sr;
	int failed;

	tcase_add_test(p, error_after_a_bar_starts_a_line);
	tcase_add_test(p, error_after_a_finished_bar);
	suite_add_tcase(s, p);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
