/*
 * check_lgpo.c - how records are shown as LGPO text.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lgpo.h"
#include "testutil.h"

/* A record over hand-made data, as the reader would hand it on. */
static struct regpol_record
record(const char *value, uint32_t type, const void *data, uint32_t size)
{
	struct regpol_record r = { "K", value, type, size, data, 8 };

	return r;
}

/* The text lgpo_dump_record prints for rec, or NULL on failure. */
static char *
dump(const struct regpol_record *rec, struct gpf_error *err)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	int status = lgpo_dump_record(fp, LGPO_COMPUTER, rec, "t.pol", err);

	fclose(fp);
	if (status != GPF_OK) {
		free(text);
		return NULL;
	}
	return text;
}

static void
expect_dump(struct regpol_record rec, const char *want)
{
	struct gpf_error err;
	char *got = dump(&rec, &err);

	ck_assert_msg(got != NULL, "dump failed: %s", err.message);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(markers_only_in_gpmc_form)
{
	/* GPMC's form becomes DELETE; any other data stays literal, so
	 * compiling the text back gives the same bytes. */
	expect_dump(record("**del.V", REG_SZ, " \0\0\0", 4),
		    "Computer\nK\nV\nDELETE\n\n");
	expect_dump(record("**del.V", REG_DWORD, "\0\0\0\0", 4),
		    "Computer\nK\n**del.V\nDWORD:0\n\n");
	expect_dump(record("**Del.V", REG_SZ, " \0\0\0", 4),
		    "Computer\nK\n**Del.V\nSZ: \n\n");
	expect_dump(record("**delvals.", REG_SZ, " \0\0\0", 4),
		    "Computer\nK\n*\nDELETEALLVALUES\n\n");
	expect_dump(record("", REG_NONE, "", 0),
		    "Computer\nK\n*\nCREATEKEY\n\n");
	expect_dump(record("", REG_NONE, "\1", 1),
		    "Computer\nK\n(Default)\nNONE:01\n\n");
	expect_dump(record("**del.", REG_SZ, " \0\0\0", 4),
		    "Computer\nK\n(Default)\nDELETE\n\n");
}
END_TEST

START_TEST(multi_sz_forms)
{
	struct regpol_record rec;
	struct gpf_error err;

	expect_dump(record("M", REG_MULTI_SZ, "a\0\0\0b\0\0\0\0\0", 10),
		    "Computer\nK\nM\nMULTISZ:a\\0b\n\n");
	/* An empty list, and the one-NUL form some writers use. */
	expect_dump(record("M", REG_MULTI_SZ, "\0\0\0\0", 4),
		    "Computer\nK\nM\nMULTISZ:\n\n");
	expect_dump(record("M", REG_MULTI_SZ, "a\0\0\0", 4),
		    "Computer\nK\nM\nMULTISZ:a\n\n");

	/* A string holding the text \0 cannot be told from a separator. */
	rec = record("M", REG_MULTI_SZ,
		     "\\\0"
		     "0\0\0\0\0\0",
		     8);
	ck_assert_ptr_null(dump(&rec, &err));
	ck_assert_str_eq(err.message,
			 "t.pol: offset 8: REG_MULTI_SZ string "
			 "holds the text \\0, which LGPO text cannot tell "
			 "from a separator; use --json");
}
END_TEST

START_TEST(numbers_in_decimal)
{
	expect_dump(record("D", REG_DWORD, "\xff\xff\xff\xff", 4),
		    "Computer\nK\nD\nDWORD:4294967295\n\n");
	expect_dump(record("B", REG_DWORD_BIG_ENDIAN, "\0\0\1\0", 4),
		    "Computer\nK\nB\nDWORDBE:256\n\n");
	expect_dump(record("Q", REG_QWORD, "\0\0\0\0\0\0\0\x80", 8),
		    "Computer\nK\nQ\nQWORD:9223372036854775808\n\n");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("lgpo");
	TCase *tc = tcase_create("dump");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, markers_only_in_gpmc_form);
	tcase_add_test(tc, multi_sz_forms);
	tcase_add_test(tc, numbers_in_decimal);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
