/*
 * check_oucsv.c - tests of the OU table reader that a shell test cannot
 * time: a table that changes between the two passes of a batch.
 *
 * Each test works in its own mkdtemp folder, removed when it passes and
 * kept when it fails, to look at.
 */
#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oucsv.h"

#define DC "DC=corp,DC=example,DC=com"

static const char first_table[] = "ou,gpo_name\n"
				  "\"OU=A," DC "\",Alpha\n"
				  "\"OU=B," DC "\",Beta\n";

/* What a second writer leaves: other rows, and one more. */
static const char second_table[] = "ou,gpo_name\n"
				   "\"OU=C," DC "\",Gamma\n"
				   "\"OU=D," DC "\",Delta\n"
				   "\"OU=E," DC "\",Epsilon\n";

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(text, 1, strlen(text), fp), strlen(text));
	ck_assert_int_eq(fclose(fp), 0);
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)flag, (void)f;
	return remove(path);
}

/* Reads every row's gpo_name into names, joined by ' '. */
static void
read_names(struct ou_csv *c, char *names, size_t size)
{
	const struct ou_row *row;
	struct gpf_error err = { 0 };
	int rc;

	names[0] = '\0';
	while ((rc = ou_csv_next(c, &row, &err)) > 0) {
		strncat(names, row->gpo_name, size - strlen(names) - 2);
		strncat(names, " ", size - strlen(names) - 1);
	}
	ck_assert_msg(rc == 0, "reading the table: %s", err.message);
}

/* A table rewritten after the first pass: the second reads the first's
 * rows, not the new ones. */
START_TEST(second_pass_reads_what_the_first_read)
{
	char dir[] = "/tmp/check_oucsv.XXXXXX", path[64], names[256];
	struct gpf_error err = { 0 };
	struct ou_csv *c;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ous.csv", dir);
	write_file(path, first_table);
	ck_assert_msg(ou_csv_open(&c, path, dir, &err) == GPF_OK, "open: %s",
		      err.message);
	read_names(c, names, sizeof(names));
	ck_assert_str_eq(names, "Alpha Beta ");

	write_file(path, second_table);
	ck_assert_msg(ou_csv_rewind(c, &err) == GPF_OK, "rewind: %s",
		      err.message);
	read_names(c, names, sizeof(names));
	ck_assert_str_eq(names, "Alpha Beta ");
	ou_csv_close(c);

	ck_assert_int_eq(nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS), 0);
}
END_TEST

/* The copy holds only what was read: a second pass cannot start before
 * the first has read to the end. */
START_TEST(no_second_pass_before_the_end)
{
	char dir[] = "/tmp/check_oucsv.XXXXXX", path[64];
	struct gpf_error err = { 0 };
	const struct ou_row *row;
	struct ou_csv *c;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ous.csv", dir);
	write_file(path, first_table);
	ck_assert_int_eq(ou_csv_open(&c, path, dir, &err), GPF_OK);
	ck_assert_int_eq(ou_csv_next(c, &row, &err), 1);
	ck_assert_int_eq(ou_csv_rewind(c, &err), GPF_IOERR);
	ck_assert_ptr_nonnull(strstr(err.message, "before its end"));
	ou_csv_close(c);

	ck_assert_int_eq(nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS), 0);
}
END_TEST

/* Blank lines are no part of a record: 17 MiB of them before a row do
 * not make it a record over 16 MiB. */
START_TEST(blank_lines_are_not_a_record)
{
	static const char head[] = "ou,gpo_name\n",
			  row[] = "\"OU=A," DC "\",Alpha\n";
	size_t blank = 17u << 20, len = strlen(head) + blank + strlen(row);
	char *text = malloc(len), names[64];
	struct gpf_error err = { 0 };
	struct ou_csv *c;

	ck_assert_ptr_nonnull(text);
	memcpy(text, head, strlen(head));
	memset(text + strlen(head), '\n', blank);
	memcpy(text + strlen(head) + blank, row, strlen(row));
	ck_assert_int_eq(ou_csv_open_text(&c, text, len, "t.csv", &err),
			 GPF_OK);
	read_names(c, names, sizeof(names));
	ck_assert_str_eq(names, "Alpha ");
	ou_csv_close(c);
	free(text);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("oucsv");
	TCase *p = tcase_create("passes");
	SRunner *sr;
	int failed;

	tcase_add_test(p, second_pass_reads_what_the_first_read);
	tcase_add_test(p, no_second_pass_before_the_end);
	tcase_add_test(p, blank_lines_are_not_a_record);
	suite_add_tcase(s, p);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
