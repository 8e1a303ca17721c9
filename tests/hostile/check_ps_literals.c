/*
 * check_ps_literals.c - a property test of the PowerShell writers.
 *
 * Thousands of random strings are made of what is troublesome to
 * PowerShell: its five single quotes and four double quotes, $, the
 * backtick, comment and here-string marks, CR, LF, U+0085, U+2028,
 * U+2029, tabs and other control characters, bidirectional and
 * zero-width characters, characters outside the BMP, and byte
 * sequences that are not UTF-8.  For each one:
 *
 * - ps_quote's literal, read back, is the string;
 * - each writer (Import-GPOs.ps1, Upload-IntuneProfile.ps1,
 *   Deploy-SafeSendersFile.ps1, Set-DefenderPhishSimOverride.ps1)
 *   either writes a script whose literals, read back, are exactly those
 *   of the same script written for plain placeholder strings with the
 *   string in the placeholder's place -- so the string can neither end
 *   its literal nor add one -- or refuses it for its first byte that is
 *   not UTF-8 or first character a reader could not see, at that offset.
 *
 * Literals are read by a decoder written here from PowerShell's
 * tokenizer rules, not from ps_quote; one script of 500 random names is
 * read by tests/ps_decode.py as well, a second, independent decoder.
 *
 * A NUL byte is not among the pieces: the writers take C strings, so a
 * NUL could only cut a string short, and every reader that feeds them
 * refuses NUL bytes, in the bytes it reads (tests/hostile/hostile_text.sh)
 * and in a DN's \00 escape (tests/batch.sh).
 *
 * The seed is printed; PSSCRIPT_SEED=N repeats a run exactly.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "psscript.h"

#define NCASES	  3000
#define NPYTHON	  500
#define PYTHON	  "/usr/bin/python3"
#define BACKUP_ID "{0F3C1A2B-4D5E-4F60-8172-93A4B5C6D7E8}"

/* What a piece of a random string is, as the writers must see it. */
enum kind {
	PLAIN,	    /* taken as it is */
	LINE_BREAK, /* CR or LF: only the deployed file's content takes it */
	CONTROL,    /* any other control character: refused */
	HIDDEN,	    /* a format character or separator: refused */
	NOT_UTF8    /* refused as invalid UTF-8 */
};

struct piece {
	const char *bytes;
	enum kind kind;
	unsigned cp; /* the code point of a HIDDEN piece */
};

static const struct piece pieces[] = {
	/* PowerShell's single quotes, then its double quotes */
	{ "'", PLAIN, 0 },
	{ "\xe2\x80\x98", PLAIN, 0 },
	{ "\xe2\x80\x99", PLAIN, 0 },
	{ "\xe2\x80\x9a", PLAIN, 0 },
	{ "\xe2\x80\x9b", PLAIN, 0 },
	{ "\"", PLAIN, 0 },
	{ "\xe2\x80\x9c", PLAIN, 0 },
	{ "\xe2\x80\x9d", PLAIN, 0 },
	{ "\xe2\x80\x9e", PLAIN, 0 },
	/* what expands, escapes, comments or starts a here-string */
	{ "$", PLAIN, 0 },
	{ "$(", PLAIN, 0 },
	{ "${", PLAIN, 0 },
	{ "`", PLAIN, 0 },
	{ "#", PLAIN, 0 },
	{ "<#", PLAIN, 0 },
	{ "#>", PLAIN, 0 },
	{ "@'", PLAIN, 0 },
	{ "'@", PLAIN, 0 },
	{ "@\"", PLAIN, 0 },
	{ ";", PLAIN, 0 },
	{ "|", PLAIN, 0 },
	{ "&", PLAIN, 0 },
	{ "{", PLAIN, 0 },
	{ "}", PLAIN, 0 },
	{ "\\", PLAIN, 0 },
	{ " ", PLAIN, 0 },
	{ "a", PLAIN, 0 },
	{ "Z", PLAIN, 0 },
	{ "\xc3\xa9", PLAIN, 0 },
	/* outside the BMP: surrogate pairs in PowerShell's strings */
	{ "\xf0\x9f\x98\x80", PLAIN, 0 },
	{ "\xf0\x9d\x84\x9e", PLAIN, 0 },
	/* line breaks of every kind, and other controls */
	{ "\n", LINE_BREAK, 0 },
	{ "\r", LINE_BREAK, 0 },
	{ "\t", CONTROL, 0 },
	{ "\x01", CONTROL, 0 },
	{ "\x1b", CONTROL, 0 },
	{ "\x7f", CONTROL, 0 },
	{ "\xc2\x85", CONTROL, 0 },
	{ "\xc2\x9b", CONTROL, 0 },
	/* what does not show, or moves the text around it */
	{ "\xe2\x80\xa8", HIDDEN, 0x2028 },
	{ "\xe2\x80\xa9", HIDDEN, 0x2029 },
	{ "\xe2\x80\xae", HIDDEN, 0x202e },
	{ "\xe2\x81\xa6", HIDDEN, 0x2066 },
	{ "\xe2\x80\x8b", HIDDEN, 0x200b },
	{ "\xef\xbb\xbf", HIDDEN, 0xfeff },
	{ "\xc2\xad", HIDDEN, 0xad },
	{ "\xf3\xa0\x81\x81", HIDDEN, 0xe0041 },
	{ "\xe3\x85\xa4", HIDDEN, 0x3164 },
	{ "\xef\xb8\x8f", HIDDEN, 0xfe0f },
	{ "\xcd\x8f", HIDDEN, 0x34f },
	/* not UTF-8: a stray byte, an overlong '/', a surrogate, past
	 * U+10FFFF, a sequence cut short */
	{ "\xff", NOT_UTF8, 0 },
	{ "\xc0\xaf", NOT_UTF8, 0 },
	{ "\xed\xa0\x80", NOT_UTF8, 0 },
	{ "\xf4\x90\x80\x80", NOT_UTF8, 0 },
	{ "\xe2\x80", NOT_UTF8, 0 },
};

#define NPIECES (sizeof(pieces) / sizeof(pieces[0]))

static uint32_t seed;

static uint32_t
next_random(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

/* A random string and what the writers must make of it. */
struct sample {
	char text[128];
	size_t first_bad;   /* offset of the first NOT_UTF8 piece, or -1 */
	size_t first_seen;  /* of the first CONTROL or HIDDEN piece, or -1 */
	size_t first_break; /* of the first LINE_BREAK piece, or -1 */
	const struct piece *seen, *brk;
};

/*
 * Up to 12 pieces, from all of them or (ascii) from the ASCII ones
 * only; unique ends every string with a number, so no two collide.
 */
static void
make_sample(uint32_t *state, int ascii, size_t unique, struct sample *s)
{
	size_t len = 0, n = next_random(state) % 13, k, at;
	const struct piece *p;

	memset(s, 0, sizeof(*s));
	s->first_bad = s->first_seen = s->first_break = (size_t)-1;
	for (k = 0; k < n; k++) {
		p = &pieces[next_random(state) % NPIECES];
		if (ascii && (unsigned char)p->bytes[0] >= 0x80)
			continue;
		at = len;
		len += strlen(p->bytes);
		strcat(s->text, p->bytes);
		if (p->kind == NOT_UTF8 && s->first_bad == (size_t)-1)
			s->first_bad = at;
		if ((p->kind == CONTROL || p->kind == HIDDEN) &&
		    s->first_seen == (size_t)-1)
			s->first_seen = at, s->seen = p;
		if (p->kind == LINE_BREAK && s->first_break == (size_t)-1)
			s->first_break = at, s->brk = p;
	}
	snprintf(s->text + len, sizeof(s->text) - len, "-%zu", unique);
}

/*
 * The reason a writer must give for s, where line_breaks says whether
 * CR and LF are taken; "" when s must be taken.
 */
static void
reason(const struct sample *s, int line_breaks, char *out, size_t size)
{
	size_t at = s->first_seen;
	const struct piece *p = s->seen;

	if (s->first_bad != (size_t)-1) {
		snprintf(out, size, "is not valid UTF-8 (byte %zu)",
			 s->first_bad);
		return;
	}
	if (!line_breaks && s->first_break < at)
		at = s->first_break, p = s->brk;
	if (at == (size_t)-1)
		*out = '\0';
	else if (p->kind == HIDDEN)
		snprintf(out, size,
			 "holds U+%04X, an invisible formatting character "
			 "(byte %zu)",
			 p->cp, at);
	else
		snprintf(out, size, "holds a control character (byte %zu)", at);
}

/* --- reading single-quoted literals, after PowerShell's tokenizer ------ */

/* Bytes in the UTF-8 character at p (the script is valid UTF-8). */
static size_t
char_len(const unsigned char *p)
{
	return *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
}

/* ' and U+2018 to U+201B open and close single-quoted strings. */
static size_t
single_quote(const unsigned char *p)
{
	if (*p == '\'')
		return 1;
	return p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x98 && p[2] <= 0x9b ? 3
									    : 0;
}

/* " and U+201C to U+201E open and close double-quoted strings. */
static size_t
double_quote(const unsigned char *p)
{
	if (*p == '"')
		return 1;
	return p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x9c && p[2] <= 0x9e ? 3
									    : 0;
}

struct literals {
	char **item;
	size_t count;
};

static void
literals_free(struct literals *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		free(l->item[i]);
	free(l->item);
	memset(l, 0, sizeof(*l));
}

/* Reads the literal opened at *pp into l; *pp past it.  -1: unended. */
static int
read_single(const unsigned char **pp, const unsigned char *end,
	    struct literals *l)
{
	const unsigned char *p = *pp + single_quote(*pp);
	struct gpf_buf value = { 0 };
	size_t q, q2;

	gpf_buf_reserve(&value, 1);
	while (p < end) {
		q = single_quote(p);
		if (q == 0) {
			gpf_buf_append(&value, p, char_len(p));
			p += char_len(p);
			continue;
		}
		q2 = single_quote(p + q);
		if (q2 == 0) {
			l->item = gpf_xrealloc(l->item, (l->count + 1) *
							    sizeof(*l->item));
			l->item[l->count++] = (char *)gpf_buf_str(&value);
			*pp = p + q;
			return 0;
		}
		/* Two in a row stand for the second. */
		gpf_buf_append(&value, p + q, q2);
		p += q + q2;
	}
	gpf_buf_free(&value);
	return -1;
}

/* *pp past the double-quoted string it opens.  -1: unended. */
static int
skip_double(const unsigned char **pp, const unsigned char *end)
{
	const unsigned char *p = *pp + double_quote(*pp);
	size_t q;

	while (p < end) {
		if (*p == '`') {
			p += 1 + char_len(p + 1);
			continue;
		}
		q = double_quote(p);
		if (q == 0) {
			p += char_len(p);
		} else if (double_quote(p + q)) {
			p += q + double_quote(p + q);
		} else {
			*pp = p + q;
			return 0;
		}
	}
	return -1;
}

/* The literals of the script in data; -1 when it cannot be read. */
static int
decode(const char *data, size_t len, struct literals *l)
{
	const unsigned char *p = (const unsigned char *)data, *end = p + len;
	int token_start = 1;
	const char *close;

	memset(l, 0, sizeof(*l));
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		if (single_quote(p)) {
			if (read_single(&p, end, l) < 0)
				return -1;
			token_start = 1;
		} else if (double_quote(p)) {
			if (skip_double(&p, end) < 0)
				return -1;
			token_start = 1;
		} else if (*p == '<' && p + 1 < end && p[1] == '#') {
			close = memmem(p + 2, end - p - 2, "#>", 2);
			if (close == NULL)
				return -1;
			p = (const unsigned char *)close + 2;
			token_start = 1;
		} else if (*p == '#' && token_start) {
			while (p < end && *p != '\r' && *p != '\n')
				p++;
		} else if (*p == '@' && p + 1 < end &&
			   (single_quote(p + 1) || double_quote(p + 1))) {
			return -1; /* a here-string: never in these scripts */
		} else if (*p == '`') {
			p += 1 + char_len(p + 1);
			token_start = 0;
		} else {
			token_start =
			    strchr(" \t\f\v\r\n;,(){}|&=", *p) != NULL;
			p += char_len(p);
		}
	}
	return 0;
}

/* How many of the literals in l are text. */
static size_t
count_of(const struct literals *l, const char *text)
{
	size_t i, n = 0;

	for (i = 0; i < l->count; i++)
		n += strcmp(l->item[i], text) == 0;
	return n;
}

/* --- capturing and comparing scripts --------------------------------- */

struct capture {
	char *data;
	size_t len;
	FILE *fp;
	struct gpf_error err;
	int status;
};

static FILE *
capture_open(struct capture *c)
{
	memset(c, 0, sizeof(*c));
	c->fp = open_memstream(&c->data, &c->len);
	ck_assert_msg(c->fp != NULL, "open_memstream failed");
	return c->fp;
}

static void
capture_close(struct capture *c, int status)
{
	fclose(c->fp);
	c->status = status;
}

/*
 * The script in got, written for the strings real[], and the one in
 * want, written for placeholders[] in their place: read back, both have
 * the same literals, but where want has a placeholder got has the real
 * string.
 */
static void
check_same_but(const struct capture *got, const struct capture *want,
	       const char *const *real, const char *const *placeholders,
	       size_t n, const char *what)
{
	struct literals g, w;
	size_t i, k, found = 0;

	ck_assert_msg(decode(got->data, got->len, &g) == 0,
		      "%s (seed %#x): the script cannot be read", what, seed);
	ck_assert_int_eq(decode(want->data, want->len, &w), 0);
	ck_assert_msg(g.count == w.count,
		      "%s (seed %#x): %zu literals where the plain script "
		      "has %zu",
		      what, seed, g.count, w.count);
	for (i = 0; i < w.count; i++) {
		for (k = 0; k < n && strcmp(w.item[i], placeholders[k]) != 0;
		     k++)
			;
		if (k < n)
			found++;
		ck_assert_msg(
		    strcmp(g.item[i], k < n ? real[k] : w.item[i]) == 0,
		    "%s (seed %#x): literal %zu is [%s], not [%s]", what, seed,
		    i, g.item[i], k < n ? real[k] : w.item[i]);
	}
	ck_assert_msg(found >= n, "%s: a placeholder is missing", what);
	literals_free(&g);
	literals_free(&w);
}

/* A refusal: status, nothing written, and the message's end. */
static void
check_refused(const struct capture *c, const char *head, const char *tail,
	      const char *what, const char *text)
{
	size_t n = strlen(c->err.message), t = strlen(tail);

	ck_assert_msg(c->status == GPF_DATAERR,
		      "%s (seed %#x): [%s] should be refused (%s), status %d",
		      what, seed, text, tail, c->status);
	ck_assert_msg(c->len == 0, "%s: nothing is written", what);
	ck_assert_msg(strncmp(c->err.message, head, strlen(head)) == 0 &&
			  n >= t && strcmp(c->err.message + n - t, tail) == 0,
		      "%s (seed %#x): message [%s], want [%s...%s]", what, seed,
		      c->err.message, head, tail);
}

/* --- the properties ------------------------------------------------------ */

START_TEST(quote_reads_back)
{
	uint32_t state = seed;
	struct gpf_buf q = { 0 };
	struct literals l;
	struct sample s;
	size_t i;

	for (i = 0; i < NCASES; i++) {
		make_sample(&state, 0, i, &s);
		if (s.first_bad != (size_t)-1)
			continue; /* PowerShell would read U+FFFD */
		gpf_buf_clear(&q);
		ps_quote(s.text, &q);
		ck_assert_int_eq(decode((const char *)q.data, q.len, &l), 0);
		ck_assert_msg(l.count == 1 && strcmp(l.item[0], s.text) == 0,
			      "case %zu (seed %#x): [%s] read back as %zu "
			      "literals, the first [%s]",
			      i, seed, s.text, l.count,
			      l.count ? l.item[0] : "");
		literals_free(&l);
	}
	gpf_buf_free(&q);
}
END_TEST

static void
capture_import(struct capture *c, const char *name, const char *ou)
{
	struct ps_gpo gpo = { name, BACKUP_ID, ou };
	FILE *fp = capture_open(c);

	capture_close(c, ps_write_import_gpos(fp, "t.ps1", &gpo, 1, &c->err));
}

START_TEST(import_script)
{
	static const char *const placeholders[] = { "NAME-PLACEHOLDER",
						    "OU-PLACEHOLDER" };
	uint32_t state = seed ^ 0x1111;
	struct capture c, plain;
	struct sample name, ou;
	char why[128], tail[192];
	const char *real[2];
	size_t i;

	capture_import(&plain, placeholders[0], placeholders[1]);
	ck_assert_int_eq(plain.status, GPF_OK);
	for (i = 0; i < NCASES; i++) {
		make_sample(&state, 0, i, &name);
		make_sample(&state, 0, i, &ou);
		capture_import(&c, name.text, ou.text);
		reason(&name, 0, why, sizeof(why));
		if (*why != '\0') {
			snprintf(tail, sizeof(tail), ": display name %s", why);
			check_refused(&c, "t.ps1: GPO \"", tail, "GPO name",
				      name.text);
		} else if (reason(&ou, 0, why, sizeof(why)), *why != '\0') {
			snprintf(tail, sizeof(tail), ": target OU %s", why);
			check_refused(&c, "t.ps1: GPO \"", tail, "OU", ou.text);
		} else {
			ck_assert_int_eq(c.status, GPF_OK);
			real[0] = name.text;
			real[1] = ou.text;
			check_same_but(&c, &plain, real, placeholders, 2,
				       "Import-GPOs.ps1");
		}
		free(c.data);
	}
	free(plain.data);
}
END_TEST

static void
capture_upload(struct capture *c, const char *name)
{
	FILE *fp = capture_open(c);

	capture_close(c, ps_write_intune_upload(fp, "t.ps1", name, &c->err));
}

/* The OData filter the upload script holds for name. */
static void
odata(const char *name, char *out, size_t size)
{
	size_t n = snprintf(out, size, "displayName eq '");

	for (; *name != '\0' && n + 3 < size; name++) {
		if (*name == '\'')
			out[n++] = '\'';
		out[n++] = *name;
	}
	snprintf(out + n, size - n, "'");
}

START_TEST(upload_script)
{
	static const char *const placeholders[] = {
		"PROFILE-PLACEHOLDER",
		"displayName eq 'PROFILE-PLACEHOLDER'",
	};
	uint32_t state = seed ^ 0x2222;
	struct capture c, plain;
	char why[128], want[192], filter[512];
	const char *real[2];
	struct sample s;
	size_t i;

	capture_upload(&plain, placeholders[0]);
	ck_assert_int_eq(plain.status, GPF_OK);
	for (i = 0; i < NCASES; i++) {
		make_sample(&state, 0, i, &s);
		capture_upload(&c, s.text);
		reason(&s, 0, why, sizeof(why));
		if (*why != '\0') {
			/* No label: the message is known whole. */
			snprintf(want, sizeof(want), "t.ps1: profile name %s",
				 why);
			check_refused(&c, want, "", "profile name", s.text);
		} else {
			ck_assert_int_eq(c.status, GPF_OK);
			odata(s.text, filter, sizeof(filter));
			real[0] = s.text;
			real[1] = filter;
			check_same_but(&c, &plain, real, placeholders, 2,
				       "Upload-IntuneProfile.ps1");
		}
		free(c.data);
	}
	free(plain.data);
}
END_TEST

static void
capture_deploy(struct capture *c, const char *path, const char *content)
{
	FILE *fp = capture_open(c);

	capture_close(
	    c, ps_write_deploy_file(fp, "t.ps1", path, content, &c->err));
}

/* Whether text holds a character no Windows file name holds. */
static int
reserved_in_path(const char *text)
{
	return strpbrk(text, "<>:\"/|?*") != NULL;
}

START_TEST(deploy_script)
{
	static const char *const placeholders[] = {
		"C:\\PATH-PLACEHOLDER",
		"CONTENT-PLACEHOLDER",
	};
	uint32_t state = seed ^ 0x3333;
	struct capture c, plain;
	char why[128], path[192], tail[192];
	struct sample p, s;
	const char *real[2];
	size_t i;

	capture_deploy(&plain, placeholders[0], placeholders[1]);
	ck_assert_int_eq(plain.status, GPF_OK);
	for (i = 0; i < NCASES; i++) {
		/* A path of anything but what Windows reserves. */
		do
			make_sample(&state, 0, i, &p);
		while (reserved_in_path(p.text));
		snprintf(path, sizeof(path), "C:\\%s", p.text);
		make_sample(&state, 1, i, &s);
		capture_deploy(&c, path, s.text);
		reason(&p, 0, why, sizeof(why));
		if (*why != '\0' && p.first_bad != (size_t)-1) {
			snprintf(tail, sizeof(tail),
				 "t.ps1: target path is not valid UTF-8 "
				 "(byte %zu)",
				 p.first_bad + 3);
			check_refused(&c, tail, "", "target path", path);
		} else if (*why != '\0') {
			/* Offsets count from the path's start, before C:\. */
			snprintf(tail, sizeof(tail), " (byte %zu)",
				 (p.first_seen < p.first_break
				      ? p.first_seen
				      : p.first_break) +
				     3);
			check_refused(&c, "t.ps1: target path \"", tail,
				      "target path", path);
		} else if (reason(&s, 1, why, sizeof(why)), *why != '\0') {
			snprintf(tail, sizeof(tail), "t.ps1: content %s", why);
			check_refused(&c, tail, "", "content", s.text);
		} else {
			ck_assert_int_eq(c.status, GPF_OK);
			real[0] = path;
			real[1] = s.text;
			check_same_but(&c, &plain, real, placeholders, 2,
				       "Deploy-SafeSendersFile.ps1");
		}
		free(c.data);
	}
	free(plain.data);
}
END_TEST

static void
capture_defender(struct capture *c, const char *domain, const char *url)
{
	const char *domains[] = { "fixed.example", domain };
	const char *urls[] = { url, "fixed.example/*" };
	FILE *fp = capture_open(c);

	capture_close(c, ps_write_defender(fp, "t.ps1", domains, 2, NULL, 0,
					   urls, 2, &c->err));
}

START_TEST(defender_script)
{
	static const char *const placeholders[] = { "DOMAIN-PLACEHOLDER",
						    "URL-PLACEHOLDER" };
	uint32_t state = seed ^ 0x4444;
	struct capture c, plain;
	struct sample d, u;
	char why[128], tail[192];
	const char *real[2];
	size_t i;

	capture_defender(&plain, placeholders[0], placeholders[1]);
	ck_assert_int_eq(plain.status, GPF_OK);
	for (i = 0; i < NCASES; i++) {
		make_sample(&state, 0, i, &d);
		make_sample(&state, 0, i, &u);
		capture_defender(&c, d.text, u.text);
		reason(&d, 0, why, sizeof(why));
		if (*why != '\0') {
			snprintf(tail, sizeof(tail), "\" %s", why);
			check_refused(&c, "t.ps1: domain \"", tail, "domain",
				      d.text);
		} else if (reason(&u, 0, why, sizeof(why)), *why != '\0') {
			snprintf(tail, sizeof(tail), "\" %s", why);
			check_refused(&c, "t.ps1: URL \"", tail, "URL", u.text);
		} else {
			ck_assert_int_eq(c.status, GPF_OK);
			real[0] = d.text;
			real[1] = u.text;
			check_same_but(&c, &plain, real, placeholders, 2,
				       "Set-DefenderPhishSimOverride.ps1");
		}
		free(c.data);
	}
	free(plain.data);
}
END_TEST

/* --- the second decoder ---------------------------------------------- */

/*
 * Runs ps_decode.py on path and appends its literals to out, each ended
 * by a NUL; 0, or -1 when it fails.
 */
static int
python_decode(const char *path, struct gpf_buf *out)
{
	const char *srcdir = getenv("SRCDIR");
	char cmd[4096], chunk[4096];
	size_t got;
	FILE *fp;

	snprintf(cmd, sizeof(cmd),
		 PYTHON " '%s/tests/ps_decode.py' '%s' | " PYTHON
			" -c 'import json, sys\n"
			"for line in sys.stdin.buffer:\n"
			"    sys.stdout.buffer.write(json.loads(line)"
			".encode() + b\"\\0\")'",
		 srcdir ? srcdir : ".", path);
	if ((fp = popen(cmd, "r")) == NULL)
		return -1;
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		gpf_buf_append(out, chunk, got);
	return pclose(fp) == 0 ? 0 : -1;
}

/* One script of NPYTHON random GPO names, read by both decoders. */
START_TEST(python_reads_the_same)
{
	uint32_t state = seed ^ 0x5555;
	struct ps_gpo *gpos = gpf_xrealloc(NULL, NPYTHON * sizeof(*gpos));
	struct sample *names = gpf_xrealloc(NULL, NPYTHON * sizeof(*names));
	char path[] = "/tmp/gpf-literals-XXXXXX.ps1", ids[NPYTHON][40];
	struct gpf_buf py = { 0 };
	const char *at;
	struct capture c;
	struct literals l;
	size_t i, n = 0;
	int fd;

	if (access(PYTHON, X_OK) != 0) {
		fprintf(stderr, "skip: no %s; ps_decode.py not run\n", PYTHON);
		goto out;
	}
	while (n < NPYTHON) {
		make_sample(&state, 0, n, &names[n]);
		if (names[n].first_bad != (size_t)-1 ||
		    names[n].first_seen != (size_t)-1 ||
		    names[n].first_break != (size_t)-1)
			continue;
		snprintf(ids[n], sizeof(ids[n]),
			 "{0F3C1A2B-4D5E-4F60-8172-%012X}",
			 (unsigned)n);
		gpos[n] = (struct ps_gpo){ names[n].text, ids[n], NULL };
		n++;
	}
	capture_open(&c);
	capture_close(&c, ps_write_import_gpos(c.fp, "t.ps1", gpos, n, &c.err));
	ck_assert_int_eq(c.status, GPF_OK);
	ck_assert_int_eq(decode(c.data, c.len, &l), 0);

	fd = mkstemps(path, 4);
	ck_assert_msg(fd >= 0, "cannot create %s", path);
	ck_assert_int_eq(write(fd, c.data, c.len), (ssize_t)c.len);
	close(fd);
	ck_assert_msg(python_decode(path, &py) == 0, "ps_decode.py failed");
	unlink(path);

	at = (const char *)py.data;
	for (i = 0; i < l.count; i++) {
		ck_assert_msg(at < (const char *)py.data + py.len &&
				  strcmp(at, l.item[i]) == 0,
			      "seed %#x: literal %zu is [%s] here, [%s] for "
			      "ps_decode.py",
			      seed, i, l.item[i],
			      at < (const char *)py.data + py.len ? at : "");
		at += strlen(at) + 1;
	}
	ck_assert_msg(at == (const char *)py.data + py.len,
		      "ps_decode.py reads more literals");
	for (i = 0; i < n; i++)
		ck_assert_msg(count_of(&l, names[i].text) == 1,
			      "seed %#x: name %zu [%s] is not one literal",
			      seed, i, names[i].text);
	literals_free(&l);
	free(c.data);
out:
	gpf_buf_free(&py);
	free(gpos);
	free(names);
}
END_TEST

int
main(void)
{
	const char *given = getenv("PSSCRIPT_SEED");
	Suite *s = suite_create("ps_literals");
	TCase *t = tcase_create("random strings");
	SRunner *sr;
	int failed;

	seed = given ? (uint32_t)strtoul(given, NULL, 0)
		     : (uint32_t)time(NULL) ^ (uint32_t)getpid() << 16;
	if (seed == 0)
		seed = 1;
	printf("ps_literals: seed %#x (PSSCRIPT_SEED=%#x repeats this run)\n",
	       seed, seed);
	fflush(stdout);

	tcase_add_test(t, quote_reads_back);
	tcase_add_test(t, import_script);
	tcase_add_test(t, upload_script);
	tcase_add_test(t, deploy_script);
	tcase_add_test(t, defender_script);
	tcase_add_test(t, python_reads_the_same);
	tcase_set_timeout(t, 300);
	suite_add_tcase(s, t);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
