/*
 * check_psscript.c - the PowerShell writer: exact quoting, the shape of
 * Import-GPOs.ps1, and every literal read back by tests/ps_decode.py, a
 * decoder written apart from the writer so that it cannot share its bugs.
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "psscript.h"

#define PYTHON	    "/usr/bin/python3"
#define NRANDOM	    2000
#define RANDOM_SEED 0x2545f491u
#define TRICKY_ID   "{0F3C1A2B-4D5E-4F60-8172-93A4B5C6D7E8}"
#define PLAIN_ID    "{A1B2C3D4-E5F6-4789-9ABC-DEF012345678}"

/* Quotes of every kind, a subexpression, a backtick, ; | and # <#. */
#define TRICKY_NAME                                                   \
	"Q ' \xe2\x80\x98 \xe2\x80\x99 \xe2\x80\x9a \xe2\x80\x9b "    \
	"\" \xe2\x80\x9c \xe2\x80\x9d \xe2\x80\x9e $(Stop-Computer) " \
	"`$env:x; Remove-Item C:\\ | Out-Null # <# line two ''"
#define TRICKY_OU                                            \
	"OU=Sales\\, \"EU\" \xe2\x80\x99s,OU=Work'stations," \
	"DC=corp,DC=example,DC=com"

/* Script output captured in memory. */
struct capture {
	char *data;
	size_t len;
	FILE *fp;
	struct gpf_error err;
};

/* Decoded literals, in file order. */
struct literals {
	struct gpf_buf *item;
	size_t count;
};

static FILE *
capture_open(struct capture *c)
{
	memset(c, 0, sizeof(*c));
	c->fp = open_memstream(&c->data, &c->len);
	ck_assert_msg(c->fp != NULL, "open_memstream failed");
	return c->fp;
}

/* Closes the stream (which sets data and len) and passes status on. */
static int
capture_close(struct capture *c, int status)
{
	fclose(c->fp);
	return status;
}

static int
capture_script(struct capture *c, const struct ps_gpo *gpos, size_t n)
{
	FILE *fp = capture_open(c);

	return capture_close(
	    c, ps_write_import_gpos(fp, "t.ps1", gpos, n, &c->err));
}

static int
capture_upload(struct capture *c, const char *profile_name)
{
	FILE *fp = capture_open(c);

	return capture_close(
	    c, ps_write_intune_upload(fp, "t.ps1", profile_name, &c->err));
}

static int
capture_deploy(struct capture *c, const char *path, const char *content)
{
	FILE *fp = capture_open(c);

	return capture_close(
	    c, ps_write_deploy_file(fp, "t.ps1", path, content, &c->err));
}

/* Number of times needle (n bytes) occurs in c. */
static size_t
count_in(const struct capture *c, const void *needle, size_t n)
{
	size_t i, found = 0;

	for (i = 0; i + n <= c->len; i++)
		found += memcmp(c->data + i, needle, n) == 0;
	return found;
}

static int
contains(const struct capture *c, const char *text)
{
	return count_in(c, text, strlen(text)) > 0;
}

/* Line ends that are not CRLF: an LF alone, or a CR alone. */
static size_t
bare_line_ends(const char *p, size_t len)
{
	size_t i, bare = 0;

	for (i = 0; i < len; i++) {
		if (p[i] == '\n' && (i == 0 || p[i - 1] != '\r'))
			bare++;
		if (p[i] == '\r' && (i + 1 == len || p[i + 1] != '\n'))
			bare++;
	}
	return bare;
}

static void
put_str(struct gpf_buf *out, const char *s)
{
	gpf_buf_append(out, s, strlen(s));
}

/* Appends s to out in single quotes for sh -c. */
static void
sh_quote(struct gpf_buf *out, const char *s)
{
	gpf_buf_putc(out, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			gpf_buf_append(out, "'\\''", 4);
		else
			gpf_buf_putc(out, *s);
	}
	gpf_buf_putc(out, '\'');
}

/* Writes len bytes to a new temporary .ps1; returns its path. */
static char *
write_temp(const void *data, size_t len)
{
	char *path = gpf_xstrdup("/tmp/gpf-psscript-XXXXXX.ps1");
	int fd = mkstemps(path, 4);

	ck_assert_msg(fd >= 0, "cannot create %s", path);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/* --- reading ps_decode.py's JSON lines -------------------------------- */

static void
put_utf8(struct gpf_buf *b, uint32_t cp)
{
	unsigned char u[4];
	size_t n;

	if (cp < 0x80)
		u[0] = cp, n = 1;
	else if (cp < 0x800)
		u[0] = 0xc0 | cp >> 6, u[1] = 0x80 | (cp & 0x3f), n = 2;
	else if (cp < 0x10000)
		u[0] = 0xe0 | cp >> 12, u[1] = 0x80 | (cp >> 6 & 0x3f),
		u[2] = 0x80 | (cp & 0x3f), n = 3;
	else
		u[0] = 0xf0 | cp >> 18, u[1] = 0x80 | (cp >> 12 & 0x3f),
		u[2] = 0x80 | (cp >> 6 & 0x3f), u[3] = 0x80 | (cp & 0x3f),
		n = 4;
	gpf_buf_append(b, u, n);
}

/* The \uXXXX escape at *p (after the backslash and u); -1 if malformed. */
static long
json_unit(const char **p)
{
	char hex[5] = "";

	/* strncpy stops at the end of the line; memcpy might not. */
	strncpy(hex, *p, 4);
	if (strspn(hex, "0123456789abcdefABCDEF") != 4)
		return -1;
	*p += 4;
	return strtol(hex, NULL, 16);
}

/* One escape after a backslash at *p; -1 if malformed. */
static int
json_escape(const char **p, struct gpf_buf *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e = strchr(from, **p);
	long u, lo;

	if (**p == '\0')
		return -1;
	if (e != NULL) {
		gpf_buf_putc(out, to[e - from]);
		(*p)++;
		return 0;
	}
	if (*(*p)++ != 'u')
		return -1;
	u = json_unit(p);
	if (u < 0)
		return -1;
	if (u >= 0xd800 && u <= 0xdbff) {
		if (strncmp(*p, "\\u", 2) != 0)
			return -1;
		*p += 2;
		lo = json_unit(p);
		if (lo < 0xdc00 || lo > 0xdfff)
			return -1;
		u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
	}
	put_utf8(out, u);
	return 0;
}

/* Decodes the line, one JSON string, into out; 0 or -1. */
static int
json_string(const char *line, struct gpf_buf *out)
{
	const char *p = line;

	if (*p++ != '"')
		return -1;
	while (*p != '"') {
		if (*p == '\0')
			return -1;
		if (*p != '\\')
			gpf_buf_putc(out, *p++);
		else if (p++, json_escape(&p, out) < 0)
			return -1;
	}
	return p[1] == '\0' ? 0 : -1;
}

/* --- running the decoder ----------------------------------------------- */

static void
literals_add(struct literals *l, const char *line)
{
	struct gpf_buf *b;

	l->item = gpf_xrealloc(l->item, (l->count + 1) * sizeof(*l->item));
	b = &l->item[l->count++];
	memset(b, 0, sizeof(*b));
	gpf_buf_reserve(b, 0);
	ck_assert_msg(json_string(line, b) == 0,
		      "ps_decode.py printed a line that is not a JSON "
		      "string: %s",
		      line);
}

static void
literals_free(struct literals *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		gpf_buf_free(&l->item[i]);
	free(l->item);
}

/* Reads all of fp into out. */
static void
read_all(FILE *fp, struct gpf_buf *out)
{
	char chunk[4096];
	size_t got;

	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		gpf_buf_append(out, chunk, got);
}

/*
 * Runs ps_decode.py on path and fills l.  Returns 0, or -1 when python3
 * is missing and the check has to be skipped.
 */
static int
decode_file(const char *path, struct literals *l)
{
	const char *srcdir = getenv("SRCDIR");
	struct gpf_buf cmd = { 0 }, out = { 0 };
	char *line, *nl;
	FILE *fp;
	int status;

	memset(l, 0, sizeof(*l));
	if (access(PYTHON, X_OK) != 0) {
		fprintf(stderr, "skip: %s is missing; literals not decoded\n",
			PYTHON);
		return -1;
	}
	put_str(&cmd, PYTHON " ");
	sh_quote(&cmd, srcdir != NULL ? srcdir : ".");
	put_str(&cmd, "/tests/ps_decode.py ");
	sh_quote(&cmd, path);

	fp = popen(gpf_buf_str(&cmd), "r");
	ck_assert_msg(fp != NULL, "cannot run %s", gpf_buf_str(&cmd));
	read_all(fp, &out);
	status = pclose(fp);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "%s failed", gpf_buf_str(&cmd));

	for (line = (char *)gpf_buf_str(&out); *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		ck_assert_msg(nl != NULL, "last line is not ended");
		*nl = '\0';
		literals_add(l, line);
	}
	gpf_buf_free(&cmd);
	gpf_buf_free(&out);
	return 0;
}

static int
literal_is(const struct literals *l, size_t i, const char *want)
{
	return l->item[i].len == strlen(want) &&
	       memcmp(l->item[i].data, want, l->item[i].len) == 0;
}

/* Index where want[0..n) occur as consecutive literals, or -1. */
static long
find_run(const struct literals *l, const char *const *want, size_t n)
{
	size_t i, k;

	for (i = 0; i + n <= l->count; i++) {
		for (k = 0; k < n && literal_is(l, i + k, want[k]); k++)
			;
		if (k == n)
			return (long)i;
	}
	return -1;
}

static size_t
count_literal(const struct literals *l, const char *want)
{
	size_t i, n = 0;

	for (i = 0; i < l->count; i++)
		n += literal_is(l, i, want);
	return n;
}

/*
 * Overwrites with 'x' every occurrence in copy (a copy of a script) of
 * text as ps_quote writes it, and returns how many there were.  What is
 * left is the script's own text, whose line ends must all be CRLF;
 * within the literals, line ends are the caller's and must stay so.
 */
static size_t
mask_literal(struct gpf_buf *copy, const char *text)
{
	struct gpf_buf quoted = { 0 };
	size_t i, found = 0;

	ps_quote(text, &quoted);
	for (i = 0; i + quoted.len <= copy->len; i++) {
		if (memcmp(copy->data + i, quoted.data, quoted.len) != 0)
			continue;
		memset(copy->data + i, 'x', quoted.len);
		found++;
	}
	gpf_buf_free(&quoted);
	return found;
}

/* A copy of the script in c. */
static struct gpf_buf
script_copy(const struct capture *c)
{
	struct gpf_buf copy = { 0 };

	gpf_buf_append(&copy, c->data, c->len);
	return copy;
}

/* Checks the byte order mark and that the last line is ended. */
static void
check_bom_and_end(const struct capture *c)
{
	ck_assert_msg(c->len > 3 && memcmp(c->data, "\xef\xbb\xbf", 3) == 0,
		      "the file starts with the UTF-8 byte order mark");
	ck_assert_msg(c->len > 2 &&
			  memcmp(c->data + c->len - 2, "\r\n", 2) == 0,
		      "the last line is ended");
}

static void
check_needles(const struct capture *c, const char *const *needles, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ck_assert_msg(contains(c, needles[i]), "script lacks [%s]",
			      needles[i]);
}

/* Writes script c to a file and decodes it; -1: no python, skipped. */
static int
decode_capture(const struct capture *c, struct literals *l)
{
	char *path = write_temp(c->data, c->len);
	int status = decode_file(path, l);

	unlink(path);
	free(path);
	return status;
}

/* --- ps_quote ---------------------------------------------------------- */

static const struct {
	const char *text, *quoted, *what;
} quote_cases[] = {
	{ "Plain text", "'Plain text'", "plain text is kept" },
	{ "", "''", "the empty string is two quotes" },
	{ "it's", "'it''s'", "an apostrophe is doubled" },
	{ "''", "''''''", "each of two apostrophes is doubled" },
	{ "\xe2\x80\x98", "'\xe2\x80\x98\xe2\x80\x98'", "U+2018 doubled" },
	{ "\xe2\x80\x99", "'\xe2\x80\x99\xe2\x80\x99'", "U+2019 doubled" },
	{ "\xe2\x80\x9a", "'\xe2\x80\x9a\xe2\x80\x9a'", "U+201A doubled" },
	{ "\xe2\x80\x9b", "'\xe2\x80\x9b\xe2\x80\x9b'", "U+201B doubled" },
	{ "a'\xe2\x80\x99"
	  "b",
	  "'a''\xe2\x80\x99\xe2\x80\x99"
	  "b'",
	  "mixed quotes each doubled with itself" },
	{ "\xe2\x80\x97\xe2\x80\x9c\xe2\x80\x9f\"",
	  "'\xe2\x80\x97\xe2\x80\x9c\xe2\x80\x9f\"'",
	  "U+2017, U+201C, U+201F and \" are not single quotes" },
	{ "$env:PATH $(x) `n `", "'$env:PATH $(x) `n `'",
	  "$ and backtick are kept" },
	{ "a\nb\r\nc", "'a\nb\r\nc'", "line breaks are kept" },
	{ "\xf0\x9f\x98\x80", "'\xf0\x9f\x98\x80'", "non-BMP is kept" },
};

#define NQUOTE (sizeof(quote_cases) / sizeof(quote_cases[0]))

START_TEST(quote_exact_bytes)
{
	struct gpf_buf b = { 0 };
	char want[64];

	/* ps_quote appends: what was in the buffer stays. */
	gpf_buf_append(&b, "x=", 2);
	ps_quote(quote_cases[_i].text, &b);
	snprintf(want, sizeof(want), "x=%s", quote_cases[_i].quoted);
	ck_assert_msg(b.len == strlen(want) && memcmp(b.data, want, b.len) == 0,
		      "%s: got [%s], want [%s]", quote_cases[_i].what,
		      gpf_buf_str(&b), want);
	gpf_buf_free(&b);
}
END_TEST

/* --- Import-GPOs.ps1 --------------------------------------------------- */

static const struct ps_gpo two_gpos[] = {
	{ TRICKY_NAME, TRICKY_ID, TRICKY_OU },
	{ "Plain baseline", PLAIN_ID, NULL },
};

START_TEST(import_script_shape)
{
	static const char *const needles[] = {
		"[CmdletBinding(SupportsShouldProcess = $true)]",
		"[string]$Path = $PSScriptRoot",
		"[string]$TargetOu",
		"[string]$Only",
		"[string]$Domain",
		"[string]$Server",
		"Import-Module GroupPolicy -ErrorAction Stop\r\n",
		"$ErrorActionPreference = 'Stop'\r\n",
		("Import-GPO -BackupId $Id -Path $Path -TargetName $Name "
		 "-CreateIfNeeded"),
		"Get-GPInheritance -Target $Ou",
		("            $Links = @($Som.GpoLinks | Where-Object {\r\n"
		 "                [string]::Equals($_.DisplayName, $Name,\r\n"
		 "                    [System.StringComparison]::"
		 "OrdinalIgnoreCase)\r\n"
		 "            })\r\n"),
		"Set-GPLink -Name $Name -Target $Ou -LinkEnabled Yes",
		"New-GPLink -Name $Name -Target $Ou -LinkEnabled Yes",
		"$PSCmdlet.ShouldProcess(",
		"Generated by gpforge",
		".\\Import-GPOs.ps1 -WhatIf",
		"-TargetOu 'OU=",
		"-Only '",
		("    $Selected = @($Gpos | Where-Object {\r\n"
		 "        [string]::Equals($_.Name, $Only,\r\n"
		 "            [System.StringComparison]::OrdinalIgnoreCase)\r\n"
		 "    })\r\n"),
		"        TargetOu = $null\r\n    }\r\n",
		"exit 1",
	};
	struct capture c;
	size_t i;

	ck_assert_int_eq(capture_script(&c, two_gpos, 2), GPF_OK);
	ck_assert_msg(c.len > 3 && memcmp(c.data, "\xef\xbb\xbf", 3) == 0,
		      "the file starts with the UTF-8 byte order mark");
	ck_assert_msg(c.len > 2 && memcmp(c.data + c.len - 2, "\r\n", 2) == 0,
		      "the last line is ended");
	for (i = 0; i < sizeof(needles) / sizeof(needles[0]); i++)
		ck_assert_msg(contains(&c, needles[i]), "script lacks [%s]",
			      needles[i]);

	/* Every line end is CRLF: names hold none of their own. */
	ck_assert_int_eq(bare_line_ends(c.data, c.len), 0);
	ck_assert_int_eq(count_in(&c, " # <# line two", 14), 1);

	/* -eq compares linguistically: -Only must not. */
	ck_assert_msg(!contains(&c, "-eq $Only"), "-Only is compared by -eq");

	/* Caller text appears once, quoted, and nowhere else. */
	ck_assert_int_eq(count_in(&c, "Plain baseline", 14), 1);
	ck_assert_int_eq(count_in(&c, "'Plain baseline'", 16), 1);
	ck_assert_int_eq(count_in(&c, "Stop-Computer", 13), 1);
	ck_assert_int_eq(count_in(&c, "Work''stations", 14), 1);
	free(c.data);
}
END_TEST

START_TEST(import_script_literals)
{
	static const char *const table[] = {
		TRICKY_NAME, TRICKY_ID, TRICKY_OU, "Plain baseline", PLAIN_ID,
	};
	struct literals l;
	struct capture c;
	char *path;
	size_t i;

	ck_assert_int_eq(capture_script(&c, two_gpos, 2), GPF_OK);
	path = write_temp(c.data, c.len);
	if (decode_file(path, &l) < 0)
		goto out;

	/* The table decodes to the input, field after field, in order. */
	ck_assert_msg(find_run(&l, table, 5) >= 0,
		      "name, ID, OU, name, ID are not consecutive literals "
		      "equal to the input (%zu literals in all)",
		      l.count);
	for (i = 0; i < 5; i++)
		ck_assert_msg(count_literal(&l, table[i]) == 1,
			      "literal %zu of the table appears %zu times", i,
			      count_literal(&l, table[i]));
	literals_free(&l);
out:
	unlink(path);
	free(path);
	free(c.data);
}
END_TEST

/* A plain GPO: here every single line end is CRLF. */
START_TEST(import_script_plain_is_all_crlf)
{
	static const struct ps_gpo one = { "Workstation baseline", PLAIN_ID,
					   "OU=Workstations,DC=corp,DC=example"
					   ",DC=com" };
	struct capture c;

	ck_assert_int_eq(capture_script(&c, &one, 1), GPF_OK);
	ck_assert_int_eq(bare_line_ends(c.data, c.len), 0);
	ck_assert_msg(contains(&c,
			       "    @{\r\n"
			       "        Name     = 'Workstation baseline'\r\n"
			       "        BackupId = '" PLAIN_ID "'\r\n"
			       "        TargetOu = 'OU=Workstations,DC=corp,"
			       "DC=example,DC=com'\r\n"
			       "    }\r\n"
			       ")\r\n"),
		      "the table entry is laid out as documented");
	free(c.data);
}
END_TEST

/* If pwsh is installed, PowerShell itself must parse the script in c. */
static void
parses_in_pwsh(const struct capture *c)
{
	struct gpf_buf cmd = { 0 };
	char *path;
	int status;

	if (system("command -v pwsh >/dev/null 2>&1") != 0) {
		fprintf(stderr, "skip: pwsh is not installed; the script "
				"was not parsed by PowerShell\n");
		return;
	}
	path = write_temp(c->data, c->len);
	put_str(&cmd, "pwsh -NoProfile -NonInteractive -Command '$e = $null; "
		      "$null = [System.Management.Automation.Language.Parser]"
		      "::ParseFile(\"");
	put_str(&cmd, path);
	put_str(&cmd, "\", [ref]$null, [ref]$e); "
		      "$e | ForEach-Object { $_.ToString() }; exit $e.Count'");
	status = system(gpf_buf_str(&cmd));
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "pwsh found parse errors in %s", path);
	unlink(path);
	free(path);
	gpf_buf_free(&cmd);
}

START_TEST(import_script_parses_in_pwsh)
{
	struct capture c;

	ck_assert_int_eq(capture_script(&c, two_gpos, 2), GPF_OK);
	parses_in_pwsh(&c);
	free(c.data);
}
END_TEST

/* --- refusals ----------------------------------------------------------- */

static const struct {
	struct ps_gpo gpo;
	const char *message;
} refusals[] = {
	{ { "Bad \xff name", PLAIN_ID, NULL },
	  "t.ps1: GPO \"Bad \\xff name\": display name is not valid UTF-8 "
	  "(byte 4)" },
	{ { "Two\nlines \xc0\xaf", PLAIN_ID, NULL },
	  "t.ps1: GPO \"Two\\x0alines \\xc0\\xaf\": display name is not "
	  "valid UTF-8 (byte 10)" },
	{ { "Two\nlines", PLAIN_ID, NULL },
	  "t.ps1: GPO \"Two\\x0alines\": display name holds a control "
	  "character (byte 3)" },
	{ { "CR\ralone", PLAIN_ID, NULL },
	  "t.ps1: GPO \"CR\\x0dalone\": display name holds a control "
	  "character (byte 2)" },
	{ { "Tab\t", PLAIN_ID, NULL },
	  "t.ps1: GPO \"Tab\\x09\": display name holds a control character "
	  "(byte 3)" },
	{ { "Esc\x1b[31m", PLAIN_ID, NULL },
	  "t.ps1: GPO \"Esc\\x1b[31m\": display name holds a control "
	  "character (byte 3)" },
	{ { "Next\xc2\x85line", PLAIN_ID, NULL },
	  "t.ps1: GPO \"Next\\xc2\\x85line\": display name holds a control "
	  "character (byte 4)" },
	{ { "Line\xe2\x80\xa8sep", PLAIN_ID, NULL },
	  "t.ps1: GPO \"Line\\u2028sep\": display name holds U+2028, an "
	  "invisible formatting character (byte 4)" },
	{ { "Para\xe2\x80\xa9sep", PLAIN_ID, NULL },
	  "t.ps1: GPO \"Para\\u2029sep\": display name holds U+2029, an "
	  "invisible formatting character (byte 4)" },
	{ { "Safe\xe2\x80\xae'x", PLAIN_ID, NULL },
	  "t.ps1: GPO \"Safe\\u202e'x\": display name holds U+202E, an "
	  "invisible formatting character (byte 4)" },
	{ { "Zero\xe2\x80\x8bwidth", PLAIN_ID, NULL },
	  "t.ps1: GPO \"Zero\\u200bwidth\": display name holds U+200B, an "
	  "invisible formatting character (byte 4)" },
	{ { "\xef\xbb\xbf"
	    "Bom",
	    PLAIN_ID, NULL },
	  "t.ps1: GPO \"\\ufeffBom\": display name holds U+FEFF, an "
	  "invisible formatting character (byte 0)" },
	{ { "Tag\xf3\xa0\x81\x81", PLAIN_ID, NULL },
	  "t.ps1: GPO \"Tag\\ue0041\": display name holds U+E0041, an "
	  "invisible formatting character (byte 3)" },
	{ { "Ok", PLAIN_ID, "OU=A\nB,DC=corp" },
	  "t.ps1: GPO \"Ok\": target OU holds a control character "
	  "(byte 4)" },
	{ { "Ok", PLAIN_ID,
	    "OU=\xe2\x81\xa6"
	    "A,DC=corp" },
	  "t.ps1: GPO \"Ok\": target OU holds U+2066, an invisible "
	  "formatting character (byte 3)" },
	{ { "Ok", PLAIN_ID, "OU=\xed\xa0\x80" },
	  "t.ps1: GPO \"Ok\": target OU is not valid UTF-8 (byte 3)" },
	{ { "Ok", PLAIN_ID, "" }, "t.ps1: GPO \"Ok\": target OU is empty" },
	{ { "", PLAIN_ID, NULL }, "t.ps1: GPO 1 has no display name" },
	{ { NULL, PLAIN_ID, NULL }, "t.ps1: GPO 1 has no display name" },
	{ { "Ok", "A1B2C3D4-E5F6-4789-9ABC-DEF012345678", NULL },
	  "t.ps1: GPO \"Ok\": backup ID is not a {GUID}" },
	{ { "Ok", "{A1B2C3D4-E5F6-4789-9ABC-DEF01234567G}", NULL },
	  "t.ps1: GPO \"Ok\": backup ID is not a {GUID}" },
	{ { "Ok", NULL, NULL },
	  "t.ps1: GPO \"Ok\": backup ID is not a {GUID}" },
	{ { "A name far too long to quote whole in a message of one line, "
	    "really",
	    "{x}", NULL },
	  "t.ps1: GPO \"A name far too long to quote whole in a message "
	  "of one ...\": backup ID is not a {GUID}" },
};

#define NREFUSALS (sizeof(refusals) / sizeof(refusals[0]))

START_TEST(import_script_refusals)
{
	struct capture c;

	ck_assert_int_eq(capture_script(&c, &refusals[_i].gpo, 1), GPF_DATAERR);
	ck_assert_str_eq(c.err.message, refusals[_i].message);
	ck_assert_msg(c.len == 0, "case %d: nothing is written", _i);
	free(c.data);
}
END_TEST

START_TEST(import_script_refuses_lists)
{
	static const struct ps_gpo twins[] = {
		{ "Baseline", PLAIN_ID, NULL },
		{ "BASELINE", TRICKY_ID, NULL },
	};
	struct capture c;

	ck_assert_int_eq(capture_script(&c, twins, 0), GPF_DATAERR);
	ck_assert_str_eq(c.err.message, "t.ps1: no GPOs to import");
	free(c.data);

	/* -Only compares without regard to case. */
	ck_assert_int_eq(capture_script(&c, twins, 2), GPF_DATAERR);
	ck_assert_str_eq(c.err.message,
			 "t.ps1: GPO \"BASELINE\" is listed twice");
	ck_assert_msg(c.len == 0, "nothing is written");
	free(c.data);
}
END_TEST

START_TEST(import_script_write_error)
{
	struct gpf_error err;
	FILE *fp = fopen("/dev/full", "w");

	if (fp == NULL) {
		fprintf(stderr, "skip: no /dev/full\n");
		return;
	}
	ck_assert_int_eq(
	    ps_write_import_gpos(fp, "full.ps1", two_gpos, 2, &err), GPF_IOERR);
	ck_assert_str_eq(err.message, "full.ps1: No space left on device");
	fclose(fp);
}
END_TEST

/* --- Upload-IntuneProfile.ps1 ------------------------------------------ */

#define PROFILE_NAME "Outlook Safe Senders (Contoso)"

/* "displayName eq 'NAME'" with each ASCII ' doubled, as OData wants. */
static void
odata_filter(struct gpf_buf *out, const char *name)
{
	put_str(out, "displayName eq '");
	for (; *name != '\0'; name++) {
		if (*name == '\'')
			put_str(out, "''");
		else
			gpf_buf_putc(out, *name);
	}
	gpf_buf_putc(out, '\'');
}

/* What Upload-IntuneProfile.ps1 must say, CRLFs included. */
static const char *const upload_needles[] = {
	"[CmdletBinding(SupportsShouldProcess = $true)]\r\nparam(\r\n"
	"    [string]$Path = $PSScriptRoot,\r\n"
	"    [switch]$Force\r\n)\r\n",
	"Import-Module Microsoft.Graph.Authentication -ErrorAction "
	"Stop\r\n",
	"$ErrorActionPreference = 'Stop'\r\n",
	"$Scope = 'DeviceManagementConfiguration.ReadWrite.All'\r\n",
	"$Context = Get-MgContext\r\n"
	"    if ($null -eq $Context -or $Context.Scopes -notcontains "
	"$Scope) {\r\n",
	"Connect-MgGraph -Scopes "
	"'DeviceManagementConfiguration.ReadWrite.All'\r\n",
	"Join-Path $Path 'profile.json'",
	"Join-Path $Path 'assign.json'",
	"$Json = Get-Content -LiteralPath $ProfileFile -Raw",
	"if (Test-Path -LiteralPath $AssignFile -PathType Leaf) {\r\n"
	"        $Assign = Get-Content -LiteralPath $AssignFile -Raw",
	"$Base = 'https://graph.microsoft.com/v1.0/deviceManagement/"
	"deviceConfigurations'\r\n",
	"$Lookup = $Base + '?$filter=' + "
	"[uri]::EscapeDataString($Filter)\r\n",
	/* No request at all under -WhatIf: the GET is only printed. */
	"    if ($WhatIfPreference) {\r\n"
	"        Write-Host ('What if: GET ' + $Lookup)\r\n"
	"    } else {\r\n"
	"        $Found = Invoke-MgGraphRequest -Method GET -Uri "
	"$Lookup\r\n",
	/* Without -Force an existing profile stops the script, 0. */
	"    if ($Existing.Count -gt 0 -and -not $Force) {\r\n",
	"nothing was done.  Run with -Force to replace it.'\r\n"
	"        $Message -f $ProfileName, $Existing[0].id\r\n"
	"        exit 0\r\n",
	"        if (-not $PSCmdlet.ShouldProcess($Request, $Request + "
	"'?', $ProfileName)) {\r\n",
	"$null = Invoke-MgGraphRequest -Method DELETE -Uri $Uri\r\n",
	"    if ($PSCmdlet.ShouldProcess($Request, $Request + '?', "
	"$ProfileName)) {\r\n"
	"        $Created = Invoke-MgGraphRequest -Method POST -Uri "
	"$Base "
	"-Body $Json -ContentType 'application/json'\r\n",
	"$Uri = '{0}/{1}/assign' -f $Base, $Id\r\n",
	"        if ($PSCmdlet.ShouldProcess($Request, $Request + '?', "
	"$ProfileName)) {\r\n"
	"            $null = Invoke-MgGraphRequest -Method POST -Uri "
	"$Uri "
	"-Body $Assign -ContentType 'application/json'\r\n",
	"Write-Error -Message $Message -ErrorAction Continue\r\n"
	"    exit 1\r\n}\r\n",
	"$_.ErrorDetails.Message",
	".\\Upload-IntuneProfile.ps1 -WhatIf",
	"Generated by gpforge",
};

START_TEST(upload_script_shape)
{
	struct capture c;

	ck_assert_int_eq(capture_upload(&c, PROFILE_NAME), GPF_OK);
	check_bom_and_end(&c);
	check_needles(&c, upload_needles,
		      sizeof(upload_needles) / sizeof(upload_needles[0]));

	/* Four requests; each change (DELETE, POST, POST) asks first. */
	ck_assert_int_eq(count_in(&c, "Invoke-MgGraphRequest -Method", 29), 4);
	ck_assert_int_eq(count_in(&c, "$PSCmdlet.ShouldProcess(", 24), 3);
	ck_assert_int_eq(bare_line_ends(c.data, c.len), 0);
	ck_assert_msg(contains(&c, "$ProfileName = '" PROFILE_NAME "'\r\n"
				   "$Filter = 'displayName eq ''" PROFILE_NAME
				   "'''\r\n"),
		      "the name and its filter are laid out as documented");
	free(c.data);
}
END_TEST

/* A tricky name, twice, and every line end CRLF. */
START_TEST(upload_script_line_ends)
{
	struct gpf_buf copy, filter = { 0 };
	struct capture c;

	ck_assert_int_eq(capture_upload(&c, TRICKY_NAME), GPF_OK);
	ck_assert_int_eq(bare_line_ends(c.data, c.len), 0);
	ck_assert_int_eq(count_in(&c, " # <# line two", 14), 2);

	copy = script_copy(&c);
	odata_filter(&filter, TRICKY_NAME);
	ck_assert_int_eq(mask_literal(&copy, TRICKY_NAME), 1);
	ck_assert_int_eq(mask_literal(&copy, gpf_buf_str(&filter)), 1);
	ck_assert_msg(bare_line_ends((char *)copy.data, copy.len) == 0,
		      "outside the two literals every line end is CRLF");

	/* Caller text appears in those two literals and nowhere else. */
	ck_assert_int_eq(count_in(&c, "Stop-Computer", 13), 2);
	gpf_buf_free(&copy);
	gpf_buf_free(&filter);
	free(c.data);
}
END_TEST

static const char *const profile_names[] = {
	TRICKY_NAME,
	PROFILE_NAME,
	"'",
	("O'Brien\xe2\x80\x99s \xe2\x80\x98"
	 "baseline\xe2\x80\x99"),
	"''\xe2\x80\x9a\xe2\x80\x9b'\"\xe2\x80\x9c\xe2\x80\x9d\xe2\x80\x9e",
	"eq 'x' or displayName ne '",
	"Safe Senders & Co #1 ?$top=1 %27 \xf0\x9f\x98\x80",
};

#define NPROFILE_NAMES (sizeof(profile_names) / sizeof(profile_names[0]))

START_TEST(upload_script_literals)
{
	const char *name = profile_names[_i];
	struct gpf_buf filter = { 0 };
	struct literals l;
	struct capture c;
	const char *run[2];

	ck_assert_int_eq(capture_upload(&c, name), GPF_OK);
	if (decode_capture(&c, &l) < 0)
		goto out;

	/* $ProfileName, then $Filter: only ASCII ' is doubled in OData. */
	odata_filter(&filter, name);
	run[0] = name;
	run[1] = gpf_buf_str(&filter);
	ck_assert_msg(find_run(&l, run, 2) >= 0,
		      "name %d: the name and [%s] are not consecutive "
		      "literals",
		      _i, run[1]);
	ck_assert_int_eq(count_literal(&l, name), 1);
	ck_assert_int_eq(count_literal(&l, run[1]), 1);
	ck_assert_int_eq(
	    count_literal(&l, "DeviceManagementConfiguration.ReadWrite.All"),
	    2);
	ck_assert_int_eq(count_literal(&l, "https://graph.microsoft.com/v1.0/"
					   "deviceManagement/"
					   "deviceConfigurations"),
			 1);
	literals_free(&l);
out:
	gpf_buf_free(&filter);
	free(c.data);
}
END_TEST

START_TEST(upload_script_parses_in_pwsh)
{
	struct capture c;

	ck_assert_int_eq(capture_upload(&c, TRICKY_NAME), GPF_OK);
	parses_in_pwsh(&c);
	free(c.data);
}
END_TEST

static const struct {
	const char *profile_name, *message;
} upload_refusals[] = {
	{ NULL, "t.ps1: profile name is empty" },
	{ "", "t.ps1: profile name is empty" },
	{ "Safe \xff Senders",
	  "t.ps1: profile name is not valid UTF-8 (byte 5)" },
	{ "Safe \xe2\x80", "t.ps1: profile name is not valid UTF-8 (byte 5)" },
	{ "Two\nlines", "t.ps1: profile name holds a control character "
			"(byte 3)" },
	{ "\x7f", "t.ps1: profile name holds a control character (byte 0)" },
	{ "Safe \xe2\x80\x8f", "t.ps1: profile name holds U+200F, an "
			       "invisible formatting character (byte 5)" },
};

#define NUPLOAD_REFUSALS (sizeof(upload_refusals) / sizeof(upload_refusals[0]))

START_TEST(upload_script_refusals)
{
	struct capture c;

	ck_assert_int_eq(capture_upload(&c, upload_refusals[_i].profile_name),
			 GPF_DATAERR);
	ck_assert_str_eq(c.err.message, upload_refusals[_i].message);
	ck_assert_msg(c.len == 0, "case %d: nothing is written", _i);
	free(c.data);
}
END_TEST

START_TEST(upload_script_write_error)
{
	struct gpf_error err;
	FILE *fp = fopen("/dev/full", "w");

	if (fp == NULL) {
		fprintf(stderr, "skip: no /dev/full\n");
		return;
	}
	ck_assert_int_eq(
	    ps_write_intune_upload(fp, "full.ps1", PROFILE_NAME, &err),
	    GPF_IOERR);
	ck_assert_str_eq(err.message, "full.ps1: No space left on device");
	fclose(fp);
}
END_TEST

/* --- Deploy-SafeSendersFile.ps1 ---------------------------------------- */

#define SAFE_PATH    "C:\\ProgramData\\SafeSenders\\SafeSenders.txt"
#define SAFE_CONTENT "alice@example.com\r\nexample.org\r\n@contoso.com\r\n"

/* A path with quotes, brackets, $( ), a backtick and non-ASCII. */
#define TRICKY_PATH                                                 \
	"c:\\ProgramData\\O'Brien \xe2\x80\x99s [Team] $(x) `t #1 " \
	"Soci\xc3\xa9t\xc3\xa9\\Safe Senders.txt"

/*
 * What PowerShell would take for quotes, comments, here-string ends,
 * expansions and escapes, a lone CR, and CRLFs to keep.
 */
#define TRICKY_CONTENT                     \
	"o'brien@example.com\r\n"          \
	"$(Stop-Computer)@example.com\r\n" \
	"`t\"x\"@example.com\r\n"          \
	"<# not a comment #>\r\n"          \
	"# not a comment either\r\n"       \
	"'@\r\n@'\r\n"                     \
	"cr\ralone@example.com\r\n"        \
	"''\r\n"

/* What Deploy-SafeSendersFile.ps1 must say, CRLFs included. */
static const char *const deploy_needles[] = {
	"$ErrorActionPreference = 'Stop'\r\n",
	"$Path = '" SAFE_PATH "'\r\n$Content = '" SAFE_CONTENT "'\r\n",
	"$Bytes = [System.Text.Encoding]::ASCII.GetBytes($Content)\r\n",
	"$Folder = [System.IO.Path]::GetDirectoryName($Path)\r\n",
	"    if (-not [System.IO.Directory]::Exists($Folder)) {\r\n"
	"        $null = "
	"[System.IO.Directory]::CreateDirectory($Folder)"
	"\r\n",
	/* Written only when the bytes differ. */
	"$Old = [System.IO.File]::ReadAllBytes($Path)\r\n",
	"$Same = [System.Convert]::ToBase64String($Old) -ceq "
	"[System.Convert]::ToBase64String($Bytes)\r\n",
	"    if ($Same) {\r\n",
	"it was left as it is'",
	"    } else {\r\n"
	"        # ASCII.GetBytes and WriteAllBytes: no byte order "
	"mark."
	"\r\n"
	"        [System.IO.File]::WriteAllBytes($Path, $Bytes)\r\n",
	/* Users (S-1-5-32-545) may read it. */
	"$Acl = Get-Acl -LiteralPath $Path\r\n",
	"$Read = [System.Security.AccessControl.FileSystemRights]::Read"
	"\r\n",
	"$null = & icacls.exe $Path /grant '*S-1-5-32-545:(R)'\r\n",
	"if ($LASTEXITCODE -ne 0) {\r\n",
	"Users can already read",
	"} catch {\r\n",
	"Write-Error -Message $Message -ErrorAction Continue\r\n"
	"    exit 1\r\n}\r\nexit 0\r\n",
	"Generated by gpforge",
};

START_TEST(deploy_script_shape)
{
	struct capture c;

	ck_assert_int_eq(capture_deploy(&c, SAFE_PATH, SAFE_CONTENT), GPF_OK);
	check_bom_and_end(&c);
	check_needles(&c, deploy_needles,
		      sizeof(deploy_needles) / sizeof(deploy_needles[0]));
	ck_assert_msg(!contains(&c, "@'") && !contains(&c, "@\""),
		      "no here-strings");
	ck_assert_int_eq(bare_line_ends(c.data, c.len), 0);
	free(c.data);
}
END_TEST

/*
 * The content's own line ends go in untouched: its CRLFs stay CRLF (not
 * CR CR LF), a lone CR or LF stays alone; everything else is CRLF.
 */
START_TEST(deploy_script_line_ends)
{
	static const char content[] = "a@example.com\r\nb\nc\rd\r\n\r\n";
	struct gpf_buf copy;
	struct capture c;

	ck_assert_int_eq(capture_deploy(&c, SAFE_PATH, content), GPF_OK);
	ck_assert_msg(contains(&c, "\r\n$Content = 'a@example.com\r\nb\nc\rd"
				   "\r\n\r\n'\r\n\r\ntry {\r\n"),
		      "the content is one literal, its bytes as given");
	ck_assert_int_eq(bare_line_ends(c.data, c.len), 2);
	ck_assert_int_eq(count_in(&c, "\r\r", 2), 0);

	copy = script_copy(&c);
	ck_assert_int_eq(mask_literal(&copy, content), 1);
	ck_assert_int_eq(mask_literal(&copy, SAFE_PATH), 1);
	ck_assert_msg(bare_line_ends((char *)copy.data, copy.len) == 0,
		      "outside the literals every line end is CRLF");
	gpf_buf_free(&copy);
	free(c.data);
}
END_TEST

static const struct {
	const char *path, *content;
} deploy_cases[] = {
	{ SAFE_PATH, SAFE_CONTENT },
	{ TRICKY_PATH, TRICKY_CONTENT },
	{ "Z:\\x", "" },
	{ "C:\\a\\..\\b\\.\\s.txt", "'" },
};

#define NDEPLOY_CASES (sizeof(deploy_cases) / sizeof(deploy_cases[0]))

START_TEST(deploy_script_literals)
{
	const char *run[2] = { deploy_cases[_i].path,
			       deploy_cases[_i].content };
	struct gpf_buf copy;
	struct literals l;
	struct capture c;

	ck_assert_int_eq(capture_deploy(&c, run[0], run[1]), GPF_OK);
	copy = script_copy(&c);
	ck_assert_int_eq(mask_literal(&copy, run[0]), 1);
	ck_assert_int_eq(mask_literal(&copy, run[1]), 1);
	ck_assert_msg(bare_line_ends((char *)copy.data, copy.len) == 0,
		      "case %d: outside the literals every line end is CRLF",
		      _i);
	gpf_buf_free(&copy);
	if (decode_capture(&c, &l) < 0)
		goto out;

	/* Path, then content, byte for byte (CRs, LFs, quotes and all). */
	ck_assert_msg(find_run(&l, run, 2) >= 0,
		      "case %d: the path and the content are not "
		      "consecutive literals equal to the input",
		      _i);
	ck_assert_int_eq(count_literal(&l, "*S-1-5-32-545:(R)"), 1);
	literals_free(&l);
out:
	free(c.data);
}
END_TEST

START_TEST(deploy_script_parses_in_pwsh)
{
	struct capture c;

	ck_assert_int_eq(capture_deploy(&c, TRICKY_PATH, TRICKY_CONTENT),
			 GPF_OK);
	parses_in_pwsh(&c);
	free(c.data);
}
END_TEST

/* n bytes of fill, then a NUL. */
static char *
filled(size_t n, char fill)
{
	char *s = gpf_xrealloc(NULL, n + 1);

	memset(s, fill, n);
	s[n] = '\0';
	return s;
}

/* Size of the script for an empty file: the rest is the content's. */
static size_t
deploy_overhead(void)
{
	struct capture c;
	size_t len;

	ck_assert_int_eq(capture_deploy(&c, SAFE_PATH, ""), GPF_OK);
	len = c.len;
	free(c.data);
	ck_assert_msg(len > 1000 && len < 8192, "overhead %zu", len);
	return len;
}

/* content: refused, with the size it would have made. */
static void
check_too_large(const char *content, size_t want_size)
{
	struct capture c;
	char want[128];

	snprintf(want, sizeof(want),
		 "t.ps1: script would be %zu bytes; Intune accepts at most "
		 "204800",
		 want_size);
	ck_assert_int_eq(capture_deploy(&c, SAFE_PATH, content), GPF_DATAERR);
	ck_assert_str_eq(c.err.message, want);
	ck_assert_msg(c.len == 0, "nothing is written");
	free(c.data);
}

START_TEST(deploy_script_size_limit)
{
	size_t overhead = deploy_overhead(), fits = 204800 - overhead, i;
	struct gpf_buf list = { 0 };
	struct capture c;
	char line[64], *s;

	ck_assert_int_eq(PS_INTUNE_SCRIPT_MAX, 204800);

	/* Exactly 204800 bytes is accepted; one more is not. */
	s = filled(fits, 'a');
	ck_assert_int_eq(capture_deploy(&c, SAFE_PATH, s), GPF_OK);
	ck_assert_int_eq(c.len, 204800);
	free(c.data);
	free(s);
	s = filled(fits + 1, 'a');
	check_too_large(s, 204801);
	free(s);

	/* A quote takes two bytes in the script. */
	s = filled(fits / 2 + 1, '\'');
	check_too_large(s, overhead + 2 * (fits / 2 + 1));
	free(s);

	/* A list of about 210 KB, as SafeSenders.txt would hold it. */
	for (i = 0; list.len < 210 * 1024; i++) {
		snprintf(line, sizeof(line), "sender%06zu@example.com\r\n", i);
		put_str(&list, line);
	}
	check_too_large(gpf_buf_str(&list), overhead + list.len);
	gpf_buf_free(&list);
}
END_TEST

static const struct {
	const char *path, *content, *message;
} deploy_refusals[] = {
	{ NULL, "", "t.ps1: target path is empty" },
	{ "", "", "t.ps1: target path is empty" },
	{ "SafeSenders.txt", "",
	  "t.ps1: target path \"SafeSenders.txt\" is not a drive path "
	  "(X:\\folder\\file)" },
	{ "\\\\server\\share\\SafeSenders.txt", "",
	  "t.ps1: target path \"\\\\server\\share\\SafeSenders.txt\" is "
	  "not a drive path (X:\\folder\\file)" },
	{ "C:SafeSenders.txt", "",
	  "t.ps1: target path \"C:SafeSenders.txt\" is not a drive path "
	  "(X:\\folder\\file)" },
	{ "C:/Data/SafeSenders.txt", "",
	  "t.ps1: target path \"C:/Data/SafeSenders.txt\" is not a drive "
	  "path (X:\\folder\\file)" },
	{ "1:\\SafeSenders.txt", "",
	  "t.ps1: target path \"1:\\SafeSenders.txt\" is not a drive path "
	  "(X:\\folder\\file)" },
	{ "C:\\Data\\Safe|Senders.txt", "",
	  "t.ps1: target path \"C:\\Data\\Safe|Senders.txt\" holds '|' "
	  "(byte 12)" },
	{ "C:\\Data\\<x>.txt", "",
	  "t.ps1: target path \"C:\\Data\\<x>.txt\" holds '<' (byte 8)" },
	{ "C:\\Data\\x>.txt", "",
	  "t.ps1: target path \"C:\\Data\\x>.txt\" holds '>' (byte 9)" },
	{ "C:\\Data\\Who?.txt", "",
	  "t.ps1: target path \"C:\\Data\\Who?.txt\" holds '?' (byte 11)" },
	{ "C:\\Data\\*.txt", "",
	  "t.ps1: target path \"C:\\Data\\*.txt\" holds '*' (byte 8)" },
	{ "C:\\Data\\\"q\".txt", "",
	  "t.ps1: target path \"C:\\Data\\\"q\".txt\" holds '\"' (byte 8)" },
	{ "C:\\Data\\s.txt:stream", "",
	  "t.ps1: target path \"C:\\Data\\s.txt:stream\" holds ':' "
	  "(byte 13)" },
	{ "C:\\Data/s.txt", "",
	  "t.ps1: target path \"C:\\Data/s.txt\" holds '/' (byte 7)" },
	{ "C:\\Data\\Tab\there.txt", "",
	  "t.ps1: target path \"C:\\Data\\Tab\\x09here.txt\" holds a "
	  "control character (byte 11)" },
	{ "C:\\Data\\Two\nlines.txt", "",
	  "t.ps1: target path \"C:\\Data\\Two\\x0alines.txt\" holds a "
	  "control character (byte 11)" },
	{ "C:\\Data\\Del\x7f.txt", "",
	  "t.ps1: target path \"C:\\Data\\Del\\x7f.txt\" holds a control "
	  "character (byte 11)" },
	{ "C:\\Data\\", "",
	  "t.ps1: target path \"C:\\Data\\\" names a folder, not a file" },
	{ "C:\\", "",
	  "t.ps1: target path \"C:\\\" names a folder, not a file" },
	{ "C:\\Data\\\xff.txt", "",
	  "t.ps1: target path is not valid UTF-8 (byte 8)" },
	{ SAFE_PATH, NULL, "t.ps1: no content to deploy" },
	{ SAFE_PATH, "a@example.com\r\nb\xc3\xa9@example.com\r\n",
	  "t.ps1: content is not ASCII (byte 16)" },
	{ SAFE_PATH, "\x80", "t.ps1: content is not ASCII (byte 0)" },
	{ SAFE_PATH, "a@example.com\r\n\tb@example.com\r\n",
	  "t.ps1: content holds a control character (byte 15)" },
	{ SAFE_PATH, "a\x1b[2Jb@example.com\r\n",
	  "t.ps1: content holds a control character (byte 1)" },
	{ SAFE_PATH, "a\x7f",
	  "t.ps1: content holds a control character "
	  "(byte 1)" },
	{ "C:\\Data\\\xe2\x80\xae"
	  "txt.exe",
	  "",
	  "t.ps1: target path \"C:\\Data\\\\u202etxt.exe\" holds U+202E, "
	  "an invisible formatting character (byte 8)" },
	{ "C:\\Data\\Soft\xc2\xad.txt", "",
	  "t.ps1: target path \"C:\\Data\\Soft\\u00ad.txt\" holds U+00AD, "
	  "an invisible formatting character (byte 12)" },
};

#define NDEPLOY_REFUSALS (sizeof(deploy_refusals) / sizeof(deploy_refusals[0]))

START_TEST(deploy_script_refusals)
{
	struct capture c;

	ck_assert_int_eq(capture_deploy(&c, deploy_refusals[_i].path,
					deploy_refusals[_i].content),
			 GPF_DATAERR);
	ck_assert_str_eq(c.err.message, deploy_refusals[_i].message);
	ck_assert_msg(c.len == 0, "case %d: nothing is written", _i);
	free(c.data);
}
END_TEST

START_TEST(deploy_script_write_error)
{
	struct gpf_error err;
	FILE *fp = fopen("/dev/full", "w");

	if (fp == NULL) {
		fprintf(stderr, "skip: no /dev/full\n");
		return;
	}
	ck_assert_int_eq(
	    ps_write_deploy_file(fp, "full.ps1", SAFE_PATH, SAFE_CONTENT, &err),
	    GPF_IOERR);
	ck_assert_str_eq(err.message, "full.ps1: No space left on device");
	fclose(fp);
}
END_TEST

/* --- Set-DefenderPhishSimOverride.ps1 ---------------------------------- */

/* The envelope domains of the simulation mail, and its URLs as Tenant
 * Allow/Block List entries: one with every kind of single quote, one
 * with what would expand, escape or comment outside a literal. */
static const char *const sim_domains[] = {
	"therelaysvc.com",
	"therelayservice.com",
};
static const char *const sim_urls[] = {
	"*.therelayservice.com/*",
	"s3.amazonaws.com/O'Brien\xe2\x80\x99s-\xe2\x80\x98"
	"x\xe2\x80\x9a\xe2\x80\x9b''/*",
	"example.com/$(Stop-Computer)/`n/#/<#/@'/*",
};
static const char *const sim_ranges[] = { "203.0.113.0/24", "2001:db8::/32" };

#define NSIM_DOMAINS (sizeof(sim_domains) / sizeof(sim_domains[0]))
#define NSIM_URLS    (sizeof(sim_urls) / sizeof(sim_urls[0]))

static int
capture_defender_lists(struct capture *c, const char *const *domains,
		       size_t ndomains, const char *const *ranges,
		       size_t nranges, const char *const *urls, size_t nurls)
{
	FILE *fp = capture_open(c);

	return capture_close(c, ps_write_defender(fp, "t.ps1", domains,
						  ndomains, ranges, nranges,
						  urls, nurls, &c->err));
}

/* The script for sim_domains and sim_urls, with nranges of sim_ranges. */
static int
capture_defender(struct capture *c, size_t nranges)
{
	return capture_defender_lists(c, sim_domains, NSIM_DOMAINS, sim_ranges,
				      nranges, sim_urls, NSIM_URLS);
}

/*
 * Whether text, or its part before a '/', is an IPv4 or IPv6 address:
 * an independent reading with inet_pton, whatever the prefix.
 */
static int
looks_like_ip(const char *text, size_t len)
{
	const char *slash = memchr(text, '/', len);
	unsigned char binary[16];
	char address[64];

	if (slash != NULL)
		len = slash - text;
	if (len == 0 || len >= sizeof(address))
		return 0;
	memcpy(address, text, len);
	address[len] = '\0';
	return inet_pton(AF_INET, address, binary) == 1 ||
	       inet_pton(AF_INET6, address, binary) == 1;
}

/* Offset just past the comment-based help, which ends with "#>". */
static size_t
help_end(const struct capture *c)
{
	const char *end = memmem(c->data, c->len, "\r\n#>\r\n", 6);

	ck_assert_msg(end != NULL, "the help block ends with #>");
	return end - c->data + 6;
}

/* What Set-DefenderPhishSimOverride.ps1 must say, CRLFs included. */
static const char *const defender_needles[] = {
	"Import-Module ExchangeOnlineManagement -ErrorAction Stop\r\n"
	"$ErrorActionPreference = 'Stop'\r\n",
	"$MaxEntries = 20\r\n",
	/* -SenderIpRanges is checked before anything is read or changed. */
	"if ($SenderIpRanges.Count -gt $MaxEntries) {\r\n",
	"$Valid = [System.Net.IPAddress]::TryParse($Parts[0], "
	"[ref]$Address)\r\n",
	"$Valid = $Parts[1] -match '\\A[0-9]{1,3}\\z' -and [int]$Parts[1] "
	"-le $Max\r\n",
	"is not an IPv4 or IPv6 address or CIDR range'\r\n"
	"        Write-Error -Message ($Message -f $Range) -ErrorAction "
	"Continue\r\n"
	"        exit 1\r\n",
	"$SenderIpRanges = $Ranges\r\n",
	/* Signing in only where there is no connection yet. */
	"Get-ConnectionInformation -ErrorAction SilentlyContinue",
	"    if (@($Live | Where-Object { $_.IsEopSession }).Count -eq 0) {\r\n"
	"        Connect-IPPSSession -ErrorAction Stop\r\n",
	"    if (@($Live | Where-Object { -not $_.IsEopSession }).Count -eq "
	"0) {\r\n"
	"        Connect-ExchangeOnline -ErrorAction Stop\r\n",
	/* The policy, made only when there is none. */
	"$Policies = @(Get-PhishSimOverridePolicy -ErrorAction Stop)\r\n"
	"    if ($Policies.Count -gt 0) {\r\n",
	"$null = New-PhishSimOverridePolicy -Name PhishSimOverridePolicy "
	"-Confirm:$false -ErrorAction Stop\r\n",
	/* The rule: refused when there are two, made, or brought in line. */
	"$Rules = @(Get-ExoPhishSimOverrideRule -ErrorAction Stop)\r\n"
	"    if ($Rules.Count -gt 1) {\r\n",
	"throw ($Message -f $Rules.Count)\r\n",
	"$null = New-ExoPhishSimOverrideRule -Policy PhishSimOverridePolicy "
	"-Domains $Domains -SenderIpRanges $SenderIpRanges -Confirm:$false "
	"-ErrorAction Stop\r\n",
	"AddDomains = @($Domains |\r\n"
	"                Where-Object { $HaveDomains -notcontains $_ })\r\n",
	"RemoveDomains = @($HaveDomains |\r\n"
	"                Where-Object { $Domains -notcontains $_ })\r\n",
	"AddSenderIpRanges = @($SenderIpRanges |\r\n"
	"                Where-Object { $HaveRanges -notcontains $_ })\r\n",
	"RemoveSenderIpRanges = @($HaveRanges |\r\n"
	"                Where-Object { $SenderIpRanges -notcontains $_ })\r\n",
	"            if ($Change[$Key].Count -gt 0) {\r\n"
	"                $Splat[$Key] = $Change[$Key]\r\n",
	"        if ($Splat.Count -eq 0) {\r\n",
	"nothing to change.' -f $Identity\r\n",
	"$null = Set-ExoPhishSimOverrideRule -Identity $Identity @Splat "
	"-Confirm:$false -ErrorAction Stop\r\n",
	/* A URL entry only where there is none. */
	"$Listed = @(Get-TenantAllowBlockListItems -ListType Url "
	"-ListSubType AdvancedDelivery -ErrorAction Stop |\r\n"
	"        ForEach-Object { [string]$_.Value })\r\n",
	"        if ($Listed -contains $Url) {\r\n",
	"$null = New-TenantAllowBlockListItems -ListType Url -ListSubType "
	"AdvancedDelivery -Allow -Entries $Url -NoExpiration -ErrorAction "
	"Stop\r\n",
	"} catch {\r\n"
	"    $Message = '{0}: {1}' -f $Step, $_.Exception.Message\r\n"
	"    Write-Error -Message $Message -ErrorAction Continue\r\n"
	"    exit 1\r\n}\r\n",
	"'{0} created, {1} changed, {2} left as they were, {3} not done' -f "
	"$Counts\r\n",
	"'  everything was in place already: nothing was changed'\r\n",
	"if ($WhatIfPreference) {\r\n    '  -WhatIf: nothing was changed'\r\n"
	"}\r\nexit 0\r\n",
	"Generated by gpforge",
	".\\Set-DefenderPhishSimOverride.ps1 -SenderIpRanges '203.0.113.0/24' "
	"-WhatIf\r\n",
};

START_TEST(defender_script_shape)
{
	struct gpf_buf copy;
	struct capture c;
	size_t i;

	ck_assert_int_eq(capture_defender(&c, 0), GPF_OK);
	check_bom_and_end(&c);
	check_needles(&c, defender_needles,
		      sizeof(defender_needles) / sizeof(defender_needles[0]));
	ck_assert_msg(contains(&c, "[CmdletBinding(SupportsShouldProcess = "
				   "$true)]\r\nparam(\r\n"
				   "    [Parameter(Mandatory = $true)]\r\n"
				   "    [string[]]$SenderIpRanges\r\n)\r\n"),
		      "without ranges -SenderIpRanges is mandatory");
	ck_assert_msg(contains(&c, "Required: gpforge was not given them"),
		      "the help says why the ranges are asked for");
	ck_assert_msg(!contains(&c, "Default: the ranges"),
		      "the help promises no default");

	/* Each change asks first: policy, new rule, rule changes, URLs. */
	ck_assert_int_eq(count_in(&c, "$PSCmdlet.ShouldProcess(", 24), 4);
	ck_assert_int_eq(count_in(&c, "-Confirm:$false", 15), 3);

	/* Every line end is CRLF.  Outside the caller's literals there is
	 * no double-quoted string and no here-string. */
	ck_assert_int_eq(bare_line_ends(c.data, c.len), 0);
	copy = script_copy(&c);
	for (i = 0; i < NSIM_URLS; i++)
		ck_assert_int_eq(mask_literal(&copy, sim_urls[i]), 1);
	ck_assert_msg(memchr(copy.data, '"', copy.len) == NULL,
		      "no double quotes");
	ck_assert_msg(memmem(copy.data, copy.len, "@'", 2) == NULL,
		      "no here-strings");
	gpf_buf_free(&copy);
	free(c.data);
}
END_TEST

/*
 * Without ranges the script holds no address at all: no literal reads
 * as one, and outside the help (whose example is 203.0.113.0/24 from
 * RFC 5737) no run of address characters does either.
 */
START_TEST(defender_script_holds_no_range)
{
	static const char address_chars[] = "0123456789abcdefABCDEF:./";
	size_t i, n, body, runs = 0;
	struct literals l;
	struct capture c;

	ck_assert_int_eq(capture_defender(&c, 0), GPF_OK);
	body = help_end(&c);
	ck_assert_msg(count_in(&c, "'203.0.113.0/24'", 16) > 0,
		      "the help shows an example range");
	ck_assert_msg(memmem(c.data + body, c.len - body, "203.", 4) == NULL,
		      "the example range is in the help alone");

	/* Runs with a digit in them: numbers, versions, addresses. */
	for (i = body; i < c.len; i += n ? n : 1) {
		n = strspn(c.data + i, address_chars);
		if (n == 0 || strcspn(c.data + i, "0123456789") >= n)
			continue;
		ck_assert_msg(!looks_like_ip(c.data + i, n),
			      "[%.*s] at byte %zu reads as an address", (int)n,
			      c.data + i, i);
		runs++;
	}
	ck_assert_msg(runs > 10, "the scan saw only %zu numbers", runs);
	if (decode_capture(&c, &l) < 0)
		goto out;

	ck_assert_msg(l.count > 20, "%zu literals", l.count);
	for (i = 0; i < l.count; i++)
		ck_assert_msg(
		    !looks_like_ip((char *)l.item[i].data, l.item[i].len),
		    "literal %zu [%s] reads as an address", i,
		    gpf_buf_str(&l.item[i]));
	literals_free(&l);
out:
	free(c.data);
}
END_TEST

/* With ranges they are the default of -SenderIpRanges, and optional. */
START_TEST(defender_script_default_ranges)
{
	struct literals l;
	struct capture c;

	ck_assert_int_eq(capture_defender(&c, 2), GPF_OK);
	check_bom_and_end(&c);
	ck_assert_int_eq(bare_line_ends(c.data, c.len), 0);
	ck_assert_msg(contains(&c, "param(\r\n"
				   "    [string[]]$SenderIpRanges = @(\r\n"
				   "        '203.0.113.0/24'\r\n"
				   "        '2001:db8::/32'\r\n"
				   "    )\r\n"
				   ")\r\n"),
		      "the ranges are the default array");
	ck_assert_msg(!contains(&c, "Mandatory"), "the ranges are optional");
	ck_assert_msg(contains(&c, "Default: the ranges gpforge was"),
		      "the help names the default");
	if (decode_capture(&c, &l) < 0)
		goto out;

	/* The first literals of the script are the ranges, exactly. */
	ck_assert_int_eq(find_run(&l, sim_ranges, 2), 0);
	ck_assert_int_eq(count_literal(&l, sim_ranges[0]), 1);
	ck_assert_int_eq(count_literal(&l, sim_ranges[1]), 1);
	literals_free(&l);
out:
	free(c.data);
}
END_TEST

/*
 * The domains, then the URLs, are consecutive literals equal to the
 * input, each once; quotes of every kind inside them come back.
 */
START_TEST(defender_script_literals)
{
	const char *run[NSIM_DOMAINS + NSIM_URLS];
	struct gpf_buf copy;
	struct literals l;
	struct capture c;
	size_t i;

	ck_assert_int_eq(capture_defender(&c, _i), GPF_OK);
	copy = script_copy(&c);
	for (i = 0; i < NSIM_DOMAINS; i++)
		run[i] = sim_domains[i];
	for (i = 0; i < NSIM_URLS; i++) {
		run[NSIM_DOMAINS + i] = sim_urls[i];
		ck_assert_int_eq(mask_literal(&copy, sim_urls[i]), 1);
	}
	ck_assert_msg(contains(&c, "'s3.amazonaws.com/O''Brien\xe2\x80\x99"
				   "\xe2\x80\x99s-"),
		      "quotes are doubled");
	gpf_buf_free(&copy);
	if (decode_capture(&c, &l) < 0)
		goto out;

	ck_assert_msg(find_run(&l, run, NSIM_DOMAINS + NSIM_URLS) >= 0,
		      "the domains and URLs are not consecutive literals "
		      "equal to the input (%zu literals in all)",
		      l.count);
	for (i = 0; i < NSIM_DOMAINS + NSIM_URLS; i++)
		ck_assert_msg(count_literal(&l, run[i]) == 1,
			      "literal [%s] appears %zu times", run[i],
			      count_literal(&l, run[i]));
	literals_free(&l);
out:
	free(c.data);
}
END_TEST

START_TEST(defender_script_parses_in_pwsh)
{
	struct capture c;

	ck_assert_int_eq(capture_defender(&c, _i), GPF_OK);
	parses_in_pwsh(&c);
	free(c.data);
}
END_TEST

/* n strings made by fmt from 1 to n, for the list limits. */
static char **
numbered(const char *fmt, size_t n)
{
	char **v = gpf_xrealloc(NULL, n * sizeof(*v));
	char text[64];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(text, sizeof(text), fmt, i + 1);
		v[i] = gpf_xstrdup(text);
	}
	return v;
}

static void
free_numbered(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Each list takes PS_DEFENDER_MAX_LIST entries, and not one more. */
START_TEST(defender_script_list_limits)
{
	static const char *const what[] = { "domains", "sender IP ranges",
					    "URLs" };
	size_t count[3], k;
	char **v[3], want[80];
	struct capture c;

	ck_assert_int_eq(PS_DEFENDER_MAX_LIST, 20);
	v[0] = numbered("sim%zu.example", 21);
	v[1] = numbered("192.0.2.%zu", 21);
	v[2] = numbered("sim%zu.example/*", 21);

	count[0] = count[1] = count[2] = 20;
	ck_assert_int_eq(capture_defender_lists(&c, (const char **)v[0],
						count[0], (const char **)v[1],
						count[1], (const char **)v[2],
						count[2]),
			 GPF_OK);
	ck_assert_int_eq(count_in(&c, "'192.0.2.", 9), 20);
	free(c.data);

	for (k = 0; k < 3; k++) {
		count[0] = count[1] = count[2] = 20;
		count[k] = 21;
		snprintf(want, sizeof(want),
			 "t.ps1: 21 %s given; a list holds at most 20",
			 what[k]);
		ck_assert_int_eq(
		    capture_defender_lists(&c, (const char **)v[0], count[0],
					   (const char **)v[1], count[1],
					   (const char **)v[2], count[2]),
		    GPF_DATAERR);
		ck_assert_str_eq(c.err.message, want);
		ck_assert_msg(c.len == 0, "%s: nothing is written", what[k]);
		free(c.data);
	}
	for (k = 0; k < 3; k++)
		free_numbered(v[k], 21);
}
END_TEST

enum sim_list { DOMAINS, RANGES, URLS };

/* One list replaced by items; the others are valid (and no ranges). */
static const struct {
	enum sim_list list;
	const char *items[2];
	size_t count;
	const char *message;
} defender_refusals[] = {
	{ DOMAINS, { NULL }, 0, "t.ps1: no domains given" },
	{ URLS, { NULL }, 0, "t.ps1: no URLs given" },
	{ DOMAINS, { "a.example", "" }, 2, "t.ps1: domain 2 is empty" },
	{ DOMAINS, { "a.example", NULL }, 2, "t.ps1: domain 2 is empty" },
	{ RANGES, { "" }, 1, "t.ps1: sender IP range 1 is empty" },
	{ URLS, { NULL }, 1, "t.ps1: URL 1 is empty" },
	{ DOMAINS,
	  { "ex\xff"
	    "ample.com" },
	  1,
	  "t.ps1: domain \"ex\\xffample.com\" is not valid UTF-8 (byte 2)" },
	{ URLS,
	  { "a.example/\xc0\xaf" },
	  1,
	  "t.ps1: URL \"a.example/\\xc0\\xaf\" is not valid UTF-8 "
	  "(byte 10)" },
	{ DOMAINS,
	  { "a.example\n" },
	  1,
	  "t.ps1: domain \"a.example\\x0a\" holds a control character "
	  "(byte 9)" },
	{ URLS,
	  { "a\tb" },
	  1,
	  "t.ps1: URL \"a\\x09b\" holds a control character (byte 1)" },
	{ URLS,
	  { "a\x7f" },
	  1,
	  "t.ps1: URL \"a\\x7f\" holds a control character (byte 1)" },
	{ URLS,
	  { "a\xc2\x85/*" },
	  1,
	  "t.ps1: URL \"a\\xc2\\x85/*\" holds a control character "
	  "(byte 1)" },
	{ DOMAINS,
	  { "a\xe2\x80\x8b.example" },
	  1,
	  "t.ps1: domain \"a\\u200b.example\" holds U+200B, an invisible "
	  "formatting character (byte 1)" },
	{ URLS,
	  { "a.example/\xe2\x80\xae*" },
	  1,
	  "t.ps1: URL \"a.example/\\u202e*\" holds U+202E, an invisible "
	  "formatting character (byte 10)" },
	{ RANGES,
	  { "1.2.3.4/33" },
	  1,
	  "t.ps1: sender IP range \"1.2.3.4/33\" is not an IPv4 or IPv6 "
	  "address or CIDR range" },
	{ RANGES,
	  { "192.0.2.1", "192.0.2.0-192.0.2.9" },
	  2,
	  "t.ps1: sender IP range \"192.0.2.0-192.0.2.9\" is not an IPv4 or "
	  "IPv6 address or CIDR range" },
	{ RANGES,
	  { "2001:db8::/129" },
	  1,
	  "t.ps1: sender IP range \"2001:db8::/129\" is not an IPv4 or "
	  "IPv6 address or CIDR range" },
	{ RANGES,
	  { "10.0.0.0/8\n" },
	  1,
	  "t.ps1: sender IP range \"10.0.0.0/8\\x0a\" holds a control "
	  "character (byte 10)" },
	{ DOMAINS,
	  { "a.example", "A.Example" },
	  2,
	  "t.ps1: domain \"A.Example\" is listed twice" },
	{ RANGES,
	  { "2001:db8::/32", "2001:DB8::/32" },
	  2,
	  "t.ps1: sender IP range \"2001:DB8::/32\" is listed twice" },
	{ URLS,
	  { "a.example/*", "A.EXAMPLE/*" },
	  2,
	  "t.ps1: URL \"A.EXAMPLE/*\" is listed twice" },
};

#define NDEFENDER_REFUSALS \
	(sizeof(defender_refusals) / sizeof(defender_refusals[0]))

START_TEST(defender_script_refusals)
{
	static const char *const domain[] = { "a.example" };
	static const char *const url[] = { "a.example/*" };
	const char *const *items = defender_refusals[_i].items;
	size_t count = defender_refusals[_i].count;
	enum sim_list list = defender_refusals[_i].list;
	struct capture c;

	ck_assert_int_eq(
	    capture_defender_lists(
		&c, list == DOMAINS ? items : domain,
		list == DOMAINS ? count : 1, list == RANGES ? items : NULL,
		list == RANGES ? count : 0, list == URLS ? items : url,
		list == URLS ? count : 1),
	    GPF_DATAERR);
	ck_assert_str_eq(c.err.message, defender_refusals[_i].message);
	ck_assert_msg(c.len == 0, "case %d: nothing is written", _i);
	free(c.data);
}
END_TEST

static const struct {
	const char *text;
	int valid;
} ip_range_cases[] = {
	{ "1.2.3.4", 1 },
	{ "10.0.0.0/8", 1 },
	{ "2001:db8::/32", 1 },
	{ "::1", 1 },
	{ "0.0.0.0/0", 1 },
	{ "255.255.255.255/32", 1 },
	{ "192.0.2.1/25", 1 },
	{ "2001:DB8::1/128", 1 },
	{ "::/0", 1 },
	{ "::ffff:192.0.2.1", 1 },
	{ "1.2.3.4/33", 0 },
	{ "256.1.1.1", 0 },
	{ "1.2.3", 0 },
	{ "2001:db8::/129", 0 },
	{ "", 0 },
	{ "1.2.3.4/", 0 },
	{ "abc", 0 },
	{ NULL, 0 },
	{ "/24", 0 },
	{ "1.2.3.4/8/8", 0 },
	{ "01.2.3.4", 0 },
	{ "1.2.3.4/-1", 0 },
	{ "1.2.3.4/+8", 0 },
	{ "1.2.3.4/1000", 0 },
	{ "1.2.3.4/8a", 0 },
	{ " 1.2.3.4", 0 },
	{ "1.2.3.4 ", 0 },
	{ "1.2.3.4/ 8", 0 },
	{ "fe80::1%eth0", 0 },
	{ "[::1]", 0 },
	{ "2001:db8::1::2", 0 },
	{ "192.0.2.0-192.0.2.9", 0 },
	{ "1.2.3.4.5", 0 },
};

#define NIP_RANGE_CASES (sizeof(ip_range_cases) / sizeof(ip_range_cases[0]))

START_TEST(defender_valid_ip_range)
{
	ck_assert_msg(ps_valid_ip_range(ip_range_cases[_i].text) ==
			  ip_range_cases[_i].valid,
		      "ps_valid_ip_range(\"%s\") is not %d",
		      ip_range_cases[_i].text ? ip_range_cases[_i].text
					      : "(null)",
		      ip_range_cases[_i].valid);
}
END_TEST

START_TEST(defender_script_write_error)
{
	struct gpf_error err;
	FILE *fp = fopen("/dev/full", "w");

	if (fp == NULL) {
		fprintf(stderr, "skip: no /dev/full\n");
		return;
	}
	ck_assert_int_eq(ps_write_defender(fp, "full.ps1", sim_domains,
					   NSIM_DOMAINS, sim_ranges, 2,
					   sim_urls, NSIM_URLS, &err),
			 GPF_IOERR);
	ck_assert_str_eq(err.message, "full.ps1: No space left on device");
	fclose(fp);
}
END_TEST

/* --- property: any string survives quoting ------------------------------ */

static const char *const pool[] = {
	/* PowerShell's single quotes, then its double quotes */
	"'",
	"\xe2\x80\x98",
	"\xe2\x80\x99",
	"\xe2\x80\x9a",
	"\xe2\x80\x9b",
	"\"",
	"\xe2\x80\x9c",
	"\xe2\x80\x9d",
	"\xe2\x80\x9e",
	/* what would expand, escape or end a statement outside them */
	"$",
	"`",
	";",
	"|",
	"&",
	"(",
	")",
	"{",
	"}",
	"#",
	"<#",
	"#>",
	"@",
	/* line breaks and blanks */
	"\n",
	"\r",
	"\t",
	" ",
	"\\",
	/* non-BMP emoji (surrogate pairs in PowerShell) and letters */
	"\xf0\x9f\x98\x80",
	"\xf0\x9f\x8f\xb3",
	"a",
	"Z",
	"\xc3\xa9",
};

#define NPOOL (sizeof(pool) / sizeof(pool[0]))

static uint32_t
next_random(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

/* Fills strings[0..NRANDOM) and returns them quoted, one a line. */
static void
random_strings(struct gpf_buf *strings, struct gpf_buf *script)
{
	uint32_t state = RANDOM_SEED;
	size_t i, k, len;
	const char *piece;

	for (i = 0; i < NRANDOM; i++) {
		memset(&strings[i], 0, sizeof(strings[i]));
		len = next_random(&state) % 13;
		for (k = 0; k < len; k++) {
			piece = pool[next_random(&state) % NPOOL];
			gpf_buf_append(&strings[i], piece, strlen(piece));
		}
		ps_quote(gpf_buf_str(&strings[i]), script);
		gpf_buf_append(script, "\r\n", 2);
	}
}

START_TEST(quote_round_trips)
{
	struct gpf_buf *strings, script = { 0 };
	struct literals l;
	char *path;
	size_t i;

	strings = gpf_xrealloc(NULL, NRANDOM * sizeof(*strings));
	random_strings(strings, &script);
	path = write_temp(script.data, script.len);
	if (decode_file(path, &l) < 0)
		goto out;

	ck_assert_int_eq(l.count, NRANDOM);
	for (i = 0; i < NRANDOM; i++)
		ck_assert_msg(literal_is(&l, i, gpf_buf_str(&strings[i])),
			      "string %zu (seed %#x) came back as [%s], "
			      "not [%s]",
			      i, RANDOM_SEED, gpf_buf_str(&l.item[i]),
			      gpf_buf_str(&strings[i]));
	literals_free(&l);
out:
	unlink(path);
	free(path);
	for (i = 0; i < NRANDOM; i++)
		gpf_buf_free(&strings[i]);
	free(strings);
	gpf_buf_free(&script);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("psscript");
	TCase *q = tcase_create("quote"), *w = tcase_create("import");
	TCase *u = tcase_create("upload"), *d = tcase_create("deploy");
	TCase *m = tcase_create("defender");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(q, quote_exact_bytes, 0, NQUOTE);
	tcase_add_test(q, quote_round_trips);
	tcase_add_test(w, import_script_shape);
	tcase_add_test(w, import_script_literals);
	tcase_add_test(w, import_script_plain_is_all_crlf);
	tcase_add_test(w, import_script_parses_in_pwsh);
	tcase_add_loop_test(w, import_script_refusals, 0, NREFUSALS);
	tcase_add_test(w, import_script_refuses_lists);
	tcase_add_test(w, import_script_write_error);
	tcase_add_test(u, upload_script_shape);
	tcase_add_test(u, upload_script_line_ends);
	tcase_add_loop_test(u, upload_script_literals, 0, NPROFILE_NAMES);
	tcase_add_test(u, upload_script_parses_in_pwsh);
	tcase_add_loop_test(u, upload_script_refusals, 0, NUPLOAD_REFUSALS);
	tcase_add_test(u, upload_script_write_error);
	tcase_add_test(d, deploy_script_shape);
	tcase_add_test(d, deploy_script_line_ends);
	tcase_add_loop_test(d, deploy_script_literals, 0, NDEPLOY_CASES);
	tcase_add_test(d, deploy_script_parses_in_pwsh);
	tcase_add_test(d, deploy_script_size_limit);
	tcase_add_loop_test(d, deploy_script_refusals, 0, NDEPLOY_REFUSALS);
	tcase_add_test(d, deploy_script_write_error);
	tcase_add_test(m, defender_script_shape);
	tcase_add_test(m, defender_script_holds_no_range);
	tcase_add_test(m, defender_script_default_ranges);
	tcase_add_loop_test(m, defender_script_literals, 0, 3);
	tcase_add_loop_test(m, defender_script_parses_in_pwsh, 0, 3);
	tcase_add_test(m, defender_script_list_limits);
	tcase_add_loop_test(m, defender_script_refusals, 0, NDEFENDER_REFUSALS);
	tcase_add_loop_test(m, defender_valid_ip_range, 0, NIP_RANGE_CASES);
	tcase_add_test(m, defender_script_write_error);
	/* Python starts once per test; allow for valgrind and sanitizers. */
	tcase_set_timeout(q, 60);
	tcase_set_timeout(w, 60);
	tcase_set_timeout(u, 60);
	tcase_set_timeout(d, 60);
	tcase_set_timeout(m, 60);
	suite_add_tcase(s, q);
	suite_add_tcase(s, w);
	suite_add_tcase(s, u);
	suite_add_tcase(s, d);
	suite_add_tcase(s, m);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
