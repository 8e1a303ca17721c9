/*
 * check_utf16.c - UTF-8 <-> UTF-16LE conversion, including non-BMP.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "utf16.h"

START_TEST(bmp_and_ascii)
{
	struct gpf_buf out = { 0 };
	size_t bad;

	ck_assert_int_eq(
	    utf8_to_utf16le("A\xc3\xa9\xe2\x82\xac", 6, &out, &bad), 0);
	ck_assert_int_eq(out.len, 6);
	ck_assert_msg(memcmp(out.data, "A\0\xe9\0\xac\x20", 6) == 0,
		      "A U+00E9 U+20AC as three LE units");
	gpf_buf_free(&out);
}
END_TEST

START_TEST(non_bmp_becomes_surrogate_pair)
{
	struct gpf_buf out = { 0 }, back = { 0 };
	size_t bad;

	/* U+1F600 is D83D DE00. */
	ck_assert_int_eq(utf8_to_utf16le("\xf0\x9f\x98\x80", 4, &out, &bad), 0);
	ck_assert_int_eq(out.len, 4);
	ck_assert_msg(memcmp(out.data, "\x3d\xd8\x00\xde", 4) == 0,
		      "high surrogate first, both little-endian");
	ck_assert_int_eq(utf16le_to_utf8(out.data, 2, &back, &bad), 0);
	ck_assert_str_eq(gpf_buf_str(&back), "\xf0\x9f\x98\x80");
	ck_assert_int_eq(utf8_utf16_length("a\xf0\x9f\x98\x80"), 3);
	gpf_buf_free(&out);
	gpf_buf_free(&back);
}
END_TEST

START_TEST(highest_code_point)
{
	struct gpf_buf out = { 0 }, back = { 0 };
	size_t bad;

	ck_assert_int_eq(utf8_to_utf16le("\xf4\x8f\xbf\xbf", 4, &out, &bad), 0);
	ck_assert_msg(memcmp(out.data, "\xff\xdb\xff\xdf", 4) == 0,
		      "U+10FFFF is DBFF DFFF");
	ck_assert_int_eq(utf16le_to_utf8(out.data, 2, &back, &bad), 0);
	ck_assert_str_eq(gpf_buf_str(&back), "\xf4\x8f\xbf\xbf");
	gpf_buf_free(&out);
	gpf_buf_free(&back);
}
END_TEST

static const struct {
	const char *text;
	size_t bad;
} bad_utf8[] = {
	{ "ab\x80", 2 },	   /* stray continuation byte */
	{ "\xc0\xaf", 0 },	   /* overlong '/' */
	{ "x\xe0\x80\xaf", 1 },	   /* overlong, three bytes */
	{ "\xed\xa0\x80", 0 },	   /* an encoded surrogate */
	{ "\xf4\x90\x80\x80", 0 }, /* above U+10FFFF */
	{ "\xe2\x82", 0 },	   /* cut short */
	{ "\xff", 0 },		   /* never valid */
};

START_TEST(rejects_bad_utf8)
{
	struct gpf_buf out = { 0 };
	size_t bad = 99;
	const char *t = bad_utf8[_i].text;

	ck_assert_int_eq(utf8_to_utf16le(t, strlen(t), &out, &bad), -1);
	ck_assert_int_eq(bad, bad_utf8[_i].bad);
	bad = 99;
	ck_assert_int_eq(utf8_validate(t, strlen(t), &bad), -1);
	ck_assert_int_eq(bad, bad_utf8[_i].bad);
	gpf_buf_free(&out);
}
END_TEST

START_TEST(rejects_unpaired_surrogates)
{
	static const unsigned char lone_high[] = { 'a', 0, 0x3d, 0xd8 };
	static const unsigned char lone_low[] = { 0x00, 0xde, 'a', 0 };
	static const unsigned char high_high[] = { 0x3d, 0xd8, 0x3d, 0xd8 };
	struct gpf_buf out = { 0 };
	size_t bad;

	ck_assert_int_eq(utf16le_to_utf8(lone_high, 2, &out, &bad), -1);
	ck_assert_int_eq(bad, 1);
	ck_assert_int_eq(utf16le_to_utf8(lone_low, 2, &out, &bad), -1);
	ck_assert_int_eq(bad, 0);
	ck_assert_int_eq(utf16le_to_utf8(high_high, 2, &out, &bad), -1);
	ck_assert_int_eq(bad, 0);
	gpf_buf_free(&out);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("utf16");
	TCase *tc = tcase_create("convert");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, bmp_and_ascii);
	tcase_add_test(tc, non_bmp_becomes_surrogate_pair);
	tcase_add_test(tc, highest_code_point);
	tcase_add_loop_test(tc, rejects_bad_utf8, 0,
			    sizeof(bad_utf8) / sizeof(bad_utf8[0]));
	tcase_add_test(tc, rejects_unpaired_surrogates);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
