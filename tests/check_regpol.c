/*
 * check_regpol.c - byte-level tests of the registry.pol reader and writer.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "regpol.h"
#include "testutil.h"

/* Writer output captured in memory. */
struct capture {
	char *data;
	size_t len;
	FILE *fp;
	struct regpol_writer *w;
	struct gpf_error err;
};

static void
capture_start(struct capture *c)
{
	memset(c, 0, sizeof(*c));
	c->fp = open_memstream(&c->data, &c->len);
	ck_assert_int_eq(regpol_writer_new(&c->w, c->fp, "t.pol", &c->err),
			 GPF_OK);
}

static void
capture_end(struct capture *c)
{
	ck_assert_int_eq(regpol_writer_finish(c->w, &c->err), GPF_OK);
	regpol_writer_free(c->w);
	fclose(c->fp);
}

static const unsigned char *
bytes(const struct capture *c)
{
	return (const unsigned char *)c->data;
}

static uint32_t
u32_at(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Asserts that len bytes at offset are the UTF-16LE form of ascii. */
#define ck_utf16_at(c, off, ascii)                                           \
	do {                                                                 \
		size_t i_;                                                   \
		for (i_ = 0; i_ < strlen(ascii); i_++) {                     \
			ck_assert_msg(bytes(c)[(off) + 2 * i_] ==            \
					      (unsigned char)(ascii)[i_] &&  \
					  bytes(c)[(off) + 2 * i_ + 1] == 0, \
				      "character %zu of '%s' at offset %zu", \
				      i_, ascii, (size_t)(off) + 2 * i_);    \
		}                                                            \
	} while (0)

#define ck_unit_at(c, off, u, field)                         \
	ck_assert_msg(bytes(c)[off] == ((u)&0xff) &&         \
			  bytes(c)[(off) + 1] == ((u) >> 8), \
		      "%s at offset %d: expected %04x", field, (int)(off), u)

START_TEST(header_layout)
{
	struct capture c;

	capture_start(&c);
	capture_end(&c);
	ck_assert_msg(c.len == 8, "an empty file is the header alone");
	ck_assert_msg(memcmp(c.data, "PReg", 4) == 0, "signature at 0");
	ck_assert_msg(u32_at(bytes(&c) + 4) == 1, "version at 4 is LE 1");
	free(c.data);
}
END_TEST

START_TEST(dword_record_layout)
{
	struct capture c;

	capture_start(&c);
	ck_assert_int_eq(
	    regpol_write_dword(c.w, "Ab", "Cd", 0x01020304, &c.err), GPF_OK);
	capture_end(&c);

	/* 8 header, [ 2, key 4+2, ; 2, value 4+2, ; 2, type 4, ; 2,
	 * size 4, ; 2, data 4, ] 2 = 44 bytes. */
	ck_assert_int_eq(c.len, 44);
	ck_unit_at(&c, 8, '[', "opening bracket");
	ck_utf16_at(&c, 10, "Ab");
	ck_unit_at(&c, 14, 0, "key NUL");
	ck_unit_at(&c, 16, ';', "separator after key");
	ck_utf16_at(&c, 18, "Cd");
	ck_unit_at(&c, 22, 0, "value NUL");
	ck_unit_at(&c, 24, ';', "separator after value");
	ck_assert_msg(u32_at(bytes(&c) + 26) == REG_DWORD, "type at 26");
	ck_unit_at(&c, 30, ';', "separator after type");
	ck_assert_msg(u32_at(bytes(&c) + 32) == 4, "size at 32");
	ck_unit_at(&c, 36, ';', "separator after size");
	ck_assert_msg(memcmp(bytes(&c) + 38, "\4\3\2\1", 4) == 0,
		      "DWORD data at 38 is little-endian");
	ck_unit_at(&c, 42, ']', "closing bracket");
	free(c.data);
}
END_TEST

/*
 * For key "K" and value "V" the fields sit at fixed offsets: type at 22,
 * size at 28, data from 34.
 */
#define KV_TYPE 22
#define KV_SIZE 28
#define KV_DATA 34

START_TEST(string_sizes_include_nul)
{
	struct capture c;

	capture_start(&c);
	ck_assert_int_eq(
	    regpol_write_string(c.w, "K", "V", REG_SZ, "x", &c.err), GPF_OK);
	capture_end(&c);
	ck_assert_msg(u32_at(bytes(&c) + KV_TYPE) == REG_SZ, "type REG_SZ");
	ck_assert_msg(u32_at(bytes(&c) + KV_SIZE) == 4, "\"x\" has size 4");
	ck_assert_msg(memcmp(bytes(&c) + KV_DATA, "x\0\0\0", 4) == 0,
		      "data is x and NUL in UTF-16LE");
	free(c.data);

	capture_start(&c);
	ck_assert_int_eq(
	    regpol_write_string(c.w, "K", "V", REG_EXPAND_SZ, "", &c.err),
	    GPF_OK);
	capture_end(&c);
	ck_assert_msg(u32_at(bytes(&c) + KV_TYPE) == REG_EXPAND_SZ, "type 2");
	ck_assert_msg(u32_at(bytes(&c) + KV_SIZE) == 2, "\"\" has size 2");
	free(c.data);
}
END_TEST

START_TEST(multi_sz_has_double_nul)
{
	static const char *const list[] = { "a", "b" };
	struct capture c;

	capture_start(&c);
	ck_assert_int_eq(
	    regpol_write_multi_string(c.w, "K", "V", list, 2, &c.err), GPF_OK);
	capture_end(&c);
	ck_assert_msg(u32_at(bytes(&c) + KV_TYPE) == REG_MULTI_SZ, "type 7");
	ck_assert_msg(u32_at(bytes(&c) + KV_SIZE) == 10, "a\\0b\\0\\0 is 10");
	ck_assert_msg(memcmp(bytes(&c) + KV_DATA, "a\0\0\0b\0\0\0\0\0", 10) ==
			  0,
		      "strings, each NUL-ended, then one more NUL");
	free(c.data);
}
END_TEST

START_TEST(numbers_byte_order)
{
	struct capture c;

	capture_start(&c);
	ck_assert_int_eq(
	    regpol_write_dword_big_endian(c.w, "K", "V", 0x01020304, &c.err),
	    GPF_OK);
	capture_end(&c);
	ck_assert_msg(u32_at(bytes(&c) + KV_TYPE) == 5, "type 5");
	ck_assert_msg(memcmp(bytes(&c) + KV_DATA, "\1\2\3\4", 4) == 0,
		      "REG_DWORD_BIG_ENDIAN data is big-endian");
	free(c.data);

	capture_start(&c);
	ck_assert_int_eq(
	    regpol_write_qword(c.w, "K", "V", 0x0102030405060708ULL, &c.err),
	    GPF_OK);
	capture_end(&c);
	ck_assert_msg(u32_at(bytes(&c) + KV_TYPE) == 11, "type 11");
	ck_assert_msg(u32_at(bytes(&c) + KV_SIZE) == 8, "size 8");
	ck_assert_msg(memcmp(bytes(&c) + KV_DATA, "\10\7\6\5\4\3\2\1", 8) == 0,
		      "REG_QWORD data is little-endian");
	free(c.data);
}
END_TEST

START_TEST(markers_as_gpmc_writes_them)
{
	struct capture c;
	struct gpf_buf want = { 0 };

	capture_start(&c);
	ck_assert_int_eq(regpol_write_delete_value(c.w, "K", "V", &c.err), 0);
	ck_assert_int_eq(regpol_write_delete_all_values(c.w, "K", &c.err), 0);
	ck_assert_int_eq(regpol_write_create_key(c.w, "K", &c.err), 0);
	ck_assert_int_eq(regpol_write_delete_keys(c.w, "K", "a;b", &c.err), 0);
	ck_assert_int_eq(regpol_write_delete_values(c.w, "K", "x;y", &c.err),
			 0);
	ck_assert_int_eq(regpol_write_secure_key(c.w, "K", 1, &c.err), 0);
	capture_end(&c);

	tb_header(&want);
	tb_record(&want, "K", "**del.V", REG_SZ, " \0\0\0", 4);
	tb_record(&want, "K", "**delvals.", REG_SZ, " \0\0\0", 4);
	tb_record(&want, "K", "", REG_NONE, "", 0);
	tb_record(&want, "K", "**DeleteKeys", REG_SZ, "a\0;\0b\0\0\0", 8);
	tb_record(&want, "K", "**DeleteValues", REG_SZ, "x\0;\0y\0\0\0", 8);
	tb_record(&want, "K", "**SecureKey", REG_DWORD, "\1\0\0\0", 4);
	ck_assert_int_eq(c.len, want.len);
	ck_assert_msg(memcmp(c.data, want.data, want.len) == 0,
		      "special records byte for byte");
	gpf_buf_free(&want);
	free(c.data);
}
END_TEST

/* The writer refuses what Windows would refuse, naming the reason. */
static void
expect_refusal(int status, struct gpf_error *err, const char *message)
{
	ck_assert_int_eq(status, GPF_DATAERR);
	ck_assert_str_eq(err->message, message);
}

START_TEST(writer_refusals)
{
	struct capture c;
	char name[300], *big = calloc(1, 70000);
	static const char *const gap[] = { "a", "", "b" };

	memset(name, 'n', 260);
	name[260] = '\0';
	memset(big, 'x', 40000);
	capture_start(&c);
	expect_refusal(regpol_write_dword(c.w, "K", name, 1, &c.err), &c.err,
		       "t.pol: K: value name is longer than 259 characters");
	name[259] = '\0';
	ck_assert_int_eq(regpol_write_dword(c.w, "K", name, 1, &c.err), 0);
	ck_assert_int_eq(regpol_write_delete_value(c.w, "K", name, &c.err),
			 GPF_OK);
	expect_refusal(regpol_write_string(c.w, "K", "V", REG_SZ, big, &c.err),
		       &c.err,
		       "t.pol: K\\V: data of 80002 bytes is over the limit "
		       "of 65535");
	expect_refusal(regpol_write_dword(c.w, "", "V", 1, &c.err), &c.err,
		       "t.pol: a record needs a registry key");
	expect_refusal(regpol_write_dword(c.w, "K\xc3(", "V", 1, &c.err),
		       &c.err,
		       "t.pol: key 'K\xc3(' is not valid UTF-8 at "
		       "byte 1");
	expect_refusal(regpol_write_string(c.w, "K", "V", REG_SZ,
					   "\xed\xa0"
					   "\x80",
					   &c.err),
		       &c.err,
		       "t.pol: K\\V: data is not valid UTF-8 at byte 0");
	expect_refusal(regpol_write_multi_string(c.w, "K", "V", gap, 3, &c.err),
		       &c.err,
		       "t.pol: K\\V: an empty string inside a REG_MULTI_SZ "
		       "list would end it early");
	expect_refusal(
	    regpol_write(c.w, "K", "V", REG_DWORD, "\1\2", 2, &c.err), &c.err,
	    "t.pol: K\\V: REG_DWORD data must be 4 bytes");
	expect_refusal(regpol_write(c.w, "K", "V", 6, "", 0, &c.err), &c.err,
		       "t.pol: K\\V: unsupported registry type 6");
	capture_end(&c);
	free(big);
	free(c.data);
}
END_TEST

/* --- reading ----------------------------------------------------------- */

static struct regpol_reader *
open_buf(const struct gpf_buf *b, struct gpf_error *err)
{
	struct regpol_reader *r;

	ck_assert_int_eq(
	    regpol_reader_open_buffer(&r, b->data, b->len, "t.pol", err),
	    GPF_OK);
	return r;
}

START_TEST(reads_back_every_type)
{
	static const char *const list[] = { "one", "\xf0\x9f\x98\x80" };
	const struct regpol_record *rec;
	struct regpol_reader *r;
	struct gpf_buf b = { 0 };
	struct capture c;

	capture_start(&c);
	regpol_write_string(c.w, "Soft\xc3\xa9", "sz", REG_SZ, "v", &c.err);
	regpol_write_string(c.w, "K", "ex", REG_EXPAND_SZ, "%T%", &c.err);
	regpol_write(c.w, "K", "bin", REG_BINARY, "\1\2\3", 3, &c.err);
	regpol_write_dword(c.w, "K", "dw", 7, &c.err);
	regpol_write_dword_big_endian(c.w, "K", "be", 7, &c.err);
	regpol_write_multi_string(c.w, "K", "ms", list, 2, &c.err);
	regpol_write_qword(c.w, "K", "qw", 7, &c.err);
	regpol_write(c.w, "K", "none", REG_NONE, "", 0, &c.err);
	capture_end(&c);
	gpf_buf_append(&b, c.data, c.len);

	r = open_buf(&b, &c.err);
	ck_assert_int_eq(regpol_reader_next(r, &rec, &c.err), 1);
	ck_assert_str_eq(rec->key, "Soft\xc3\xa9");
	ck_assert_str_eq(rec->value, "sz");
	ck_assert_int_eq(rec->offset, 8);
	ck_assert_int_eq(rec->type, REG_SZ);
	ck_assert_int_eq(rec->size, 4);
	ck_assert_int_eq(regpol_reader_next(r, &rec, &c.err), 1);
	ck_assert_int_eq(rec->type, REG_EXPAND_SZ);
	ck_assert_int_eq(regpol_reader_next(r, &rec, &c.err), 1);
	ck_assert_int_eq(rec->type, REG_BINARY);
	ck_assert_int_eq(rec->size, 3);
	ck_assert_msg(memcmp(rec->data, "\1\2\3", 3) == 0, "binary data");
	/* The next record starts at an odd offset; the reader must cope. */
	ck_assert_int_eq(regpol_reader_next(r, &rec, &c.err), 1);
	ck_assert_msg(rec->offset % 2 == 1, "record after odd data is odd");
	ck_assert_str_eq(rec->value, "dw");
	ck_assert_int_eq(regpol_reader_next(r, &rec, &c.err), 1);
	ck_assert_int_eq(rec->type, REG_DWORD_BIG_ENDIAN);
	ck_assert_int_eq(regpol_reader_next(r, &rec, &c.err), 1);
	ck_assert_int_eq(rec->type, REG_MULTI_SZ);
	ck_assert_int_eq(rec->size, 2 * 4 + 2 * 3 + 2);
	ck_assert_int_eq(regpol_reader_next(r, &rec, &c.err), 1);
	ck_assert_int_eq(rec->type, REG_QWORD);
	ck_assert_int_eq(regpol_reader_next(r, &rec, &c.err), 1);
	ck_assert_int_eq(rec->type, REG_NONE);
	ck_assert_int_eq(regpol_reader_next(r, &rec, &c.err), 0);
	regpol_reader_free(r);
	gpf_buf_free(&b);
	free(c.data);
}
END_TEST

START_TEST(keeps_duplicates_in_order)
{
	const struct regpol_record *rec;
	struct regpol_reader *r;
	struct gpf_error err;
	struct gpf_buf b = { 0 };

	tb_header(&b);
	tb_record(&b, "K", "V", REG_DWORD, "\1\0\0\0", 4);
	tb_record(&b, "K", "V", REG_DWORD, "\2\0\0\0", 4);
	r = open_buf(&b, &err);
	ck_assert_int_eq(regpol_reader_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec->data[0], 1);
	ck_assert_int_eq(regpol_reader_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec->data[0], 2);
	ck_assert_int_eq(regpol_reader_next(r, &rec, &err), 0);
	regpol_reader_free(r);
	gpf_buf_free(&b);
}
END_TEST

/* Data holding ';' and ']' must not confuse the reader. */
START_TEST(punctuation_inside_data)
{
	const struct regpol_record *rec;
	struct regpol_reader *r;
	struct gpf_error err;
	struct gpf_buf b = { 0 };

	tb_header(&b);
	tb_record(&b, "K", "V", REG_SZ, "]\0;\0[\0\0\0", 8);
	tb_record(&b, "K", "W", REG_BINARY, "]\0;\0", 4);
	r = open_buf(&b, &err);
	ck_assert_int_eq(regpol_reader_next(r, &rec, &err), 1);
	ck_assert_int_eq(rec->size, 8);
	ck_assert_int_eq(regpol_reader_next(r, &rec, &err), 1);
	ck_assert_str_eq(rec->value, "W");
	ck_assert_int_eq(regpol_reader_next(r, &rec, &err), 0);
	regpol_reader_free(r);
	gpf_buf_free(&b);
}
END_TEST

/* --- malformed files ------------------------------------------------- */

/*
 * The base file: one record, key "K", value "V", REG_DWORD 1.  Offsets:
 * '[' 8, key 10, ';' 14, value 16, ';' 20, type 22, ';' 26, size 28,
 * ';' 32, data 34, ']' 38, end 40.
 */
static void
base_file(struct gpf_buf *b)
{
	tb_header(b);
	tb_record(b, "K", "V", REG_DWORD, "\1\0\0\0", 4);
}

static void
one_record(struct gpf_buf *b, uint32_t type, const void *data, uint32_t n)
{
	tb_header(b);
	tb_record(b, "K", "V", type, data, n);
}

/* Each case builds a file from the base by one change. */
#define TRUNCATE(n)    base_file(b), b->len = (n)
#define SET(off, byte) base_file(b), b->data[off] = (byte)

static void
build_case(int i, struct gpf_buf *b)
{
	switch (i) {
	case 0: TRUNCATE(0); break;
	case 1: TRUNCATE(6); break;
	case 2: SET(1, 'r'); break;
	case 3: SET(4, 2); break;
	case 4: SET(4, 0); break;
	case 5: TRUNCATE(9); break;
	case 6: SET(8, 'X'); break;
	case 7:
		/* One byte too many before the record: "[" reads as 0x5B00. */
		tb_header(b);
		gpf_buf_putc(b, 0);
		tb_record(b, "K", "V", REG_DWORD, "\1\0\0\0", 4);
		break;
	case 8: TRUNCATE(12); break;
	case 9: SET(14, ','); break;
	case 10: TRUNCATE(18); break;
	case 11: SET(20, ':'); break;
	case 12: TRUNCATE(24); break;
	case 13: SET(26, '.'); break;
	case 14: TRUNCATE(30); break;
	case 15: SET(32, '.'); break;
	case 16: SET(28, 100); break;
	case 17:
		base_file(b);
		memset(b->data + 28, 0xff, 4);
		break;
	case 18: SET(38, ')'); break;
	case 19: TRUNCATE(38); break;
	case 20: one_record(b, REG_DWORD, "0123456789", 10); break;
	case 21: one_record(b, REG_QWORD, "0123", 4); break;
	case 22: one_record(b, 6, "", 0); break;
	case 23: one_record(b, REG_SZ, "a\0\0", 3); break;
	case 24: one_record(b, REG_SZ, "a\0", 2); break;
	case 25: one_record(b, REG_SZ, "", 0); break;
	case 26: one_record(b, REG_MULTI_SZ, "a\0\0\0\0", 5); break;
	case 27: one_record(b, REG_EXPAND_SZ, "\0\xd8\0\0", 4); break;
	case 28:
		base_file(b);
		b->data[10] = 0x00, b->data[11] = 0xdc;
		break;
	case 29:
		/* value "\xD83D" then 'V': a high surrogate with no partner */
		tb_header(b);
		tb_unit(b, '['), tb_ascii(b, "K"), tb_unit(b, 0);
		tb_unit(b, ';'), tb_unit(b, 0xd83d), tb_ascii(b, "V");
		tb_unit(b, 0), tb_unit(b, ';');
		break;
	case 30:
		base_file(b);
		tb_unit(b, '['), tb_ascii(b, "K");
		break;
	}
}

static const char *const malformed_expect[] = {
	"offset 0: file is shorter than the 8-byte PReg header",
	"offset 0: file is shorter than the 8-byte PReg header",
	"offset 0: expected signature 'PReg' (50 52 65 67)",
	"offset 4: expected version 1, found 2",
	"offset 4: expected version 1, found 0",
	"offset 8: expected '[' to start a record, found end of file",
	"offset 8: expected '[' (5B 00) to start a record, found 0x0058",
	"offset 8: expected '[' (5B 00) to start a record, found 0x5B00",
	"offset 10: key is not ended by a UTF-16 NUL before the end of the "
	"file",
	"offset 14: expected ';' (3B 00) after the key, found 0x002C",
	"offset 16: value name is not ended by a UTF-16 NUL before the end "
	"of the file",
	"offset 20: expected ';' (3B 00) after the value name, found 0x003A",
	"offset 22: expected the 4-byte type, found end of file",
	"offset 26: expected ';' (3B 00) after the type, found 0x002E",
	"offset 28: expected the 4-byte size, found end of file",
	"offset 32: expected ';' (3B 00) after the size, found 0x002E",
	"offset 28: data size 100 runs past the end of the file (6 bytes "
	"left)",
	"offset 28: data size 4294967295 runs past the end of the file (6 "
	"bytes left)",
	"offset 38: expected ']' (5D 00) to end the record, found 0x0029",
	"offset 38: expected ']' to end the record, found end of file",
	"offset 34: REG_DWORD data must be 4 bytes, size says 10",
	"offset 34: REG_QWORD data must be 8 bytes, size says 4",
	"offset 22: unsupported registry type 6",
	"offset 34: REG_SZ data has odd size 3; UTF-16 strings have even size",
	"offset 34: REG_SZ data does not end in a UTF-16 NUL",
	"offset 34: REG_SZ data does not end in a UTF-16 NUL",
	"offset 34: REG_MULTI_SZ data has odd size 5; UTF-16 strings have "
	"even size",
	"offset 34: REG_EXPAND_SZ data has an unpaired UTF-16 surrogate "
	"0xD800",
	"offset 10: key has an unpaired UTF-16 surrogate 0xDC00",
	"offset 16: value name has an unpaired UTF-16 surrogate 0xD83D",
	"offset 42: key is not ended by a UTF-16 NUL before the end of the "
	"file",
};

#define NMALFORMED (int)(sizeof(malformed_expect) / sizeof(*malformed_expect))

/* Reads the whole of b, returning the first failure's status. */
static int
read_all(const struct gpf_buf *b, struct gpf_error *err)
{
	const struct regpol_record *rec;
	struct regpol_reader *r;
	int status, rc;

	status = regpol_reader_open_buffer(&r, b->data, b->len, "t.pol", err);
	if (status != GPF_OK)
		return status;
	while ((rc = regpol_reader_next(r, &rec, err)) > 0)
		;
	regpol_reader_free(r);
	return rc < 0 ? err->status : GPF_OK;
}

START_TEST(malformed_reader)
{
	struct gpf_buf b = { 0 };
	struct gpf_error err;
	char want[512];

	gpf_buf_reserve(&b, 64);
	build_case(_i, &b);
	snprintf(want, sizeof(want), "t.pol: %s", malformed_expect[_i]);
	ck_assert_msg(read_all(&b, &err) == GPF_DATAERR, "case %d: status", _i);
	ck_assert_str_eq(err.message, want);
	gpf_buf_free(&b);
}
END_TEST

/* The same files through "gpforge pol dump": message and exit 65. */
START_TEST(malformed_cli)
{
	const char *gpforge = getenv("GPFORGE");
	char path[] = "/tmp/gpf-malformed-XXXXXX", cmd[512], got[512] = "";
	char want[600];
	struct gpf_buf b = { 0 };
	FILE *fp;
	int fd, status;

	if (gpforge == NULL) {
		fprintf(stderr, "skip: GPFORGE not set\n");
		return;
	}
	gpf_buf_reserve(&b, 64);
	build_case(_i, &b);
	fd = mkstemp(path);
	ck_assert_int_eq(write(fd, b.data, b.len), (ssize_t)b.len);
	close(fd);

	snprintf(cmd, sizeof(cmd), "'%s' pol dump '%s' 2>&1 >/dev/null",
		 gpforge, path);
	fp = popen(cmd, "r");
	if (fgets(got, sizeof(got), fp) == NULL)
		got[0] = '\0';
	status = pclose(fp);
	unlink(path);
	got[strcspn(got, "\n")] = '\0';

	snprintf(want, sizeof(want), "gpforge: %s: %s", path,
		 malformed_expect[_i]);
	ck_assert_str_eq(got, want);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 65,
		      "case %d: exit status %d", _i, WEXITSTATUS(status));
	gpf_buf_free(&b);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("regpol");
	TCase *w = tcase_create("writer"), *r = tcase_create("reader");
	TCase *m = tcase_create("malformed");
	SRunner *sr;
	int failed;

	tcase_add_test(w, header_layout);
	tcase_add_test(w, dword_record_layout);
	tcase_add_test(w, string_sizes_include_nul);
	tcase_add_test(w, multi_sz_has_double_nul);
	tcase_add_test(w, numbers_byte_order);
	tcase_add_test(w, markers_as_gpmc_writes_them);
	tcase_add_test(w, writer_refusals);
	tcase_add_test(r, reads_back_every_type);
	tcase_add_test(r, keeps_duplicates_in_order);
	tcase_add_test(r, punctuation_inside_data);
	tcase_add_loop_test(m, malformed_reader, 0, NMALFORMED);
	tcase_add_loop_test(m, malformed_cli, 0, NMALFORMED);
	suite_add_tcase(s, w);
	suite_add_tcase(s, r);
	suite_add_tcase(s, m);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
