/*
 * gpt_ini.c - GPO versions and GPT.INI.
 */
#include "gpt_ini.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

uint32_t
gpo_version_make(unsigned user, unsigned computer)
{
	return (uint32_t)user << 16 | (computer & 0xffffu);
}

int
gpo_version_bump_user(uint32_t v, uint32_t *out)
{
	if (gpo_version_user(v) >= GPO_VERSION_HALF_MAX)
		return -1;
	*out =
	    gpo_version_make(gpo_version_user(v) + 1, gpo_version_computer(v));
	return 0;
}

int
gpo_version_parse(const char *text, uint32_t *out)
{
	char *end;
	long long n;

	if (!isdigit((unsigned char)text[text[0] == '-']))
		return -1;
	errno = 0;
	n = strtoll(text, &end, 10);
	if (errno != 0 || *end != '\0' || n < -2147483648LL || n > 4294967295LL)
		return -1;
	*out = (uint32_t)(n < 0 ? n + 4294967296LL : n);
	return 0;
}

void
gpo_version_format(uint32_t v, char out[GPO_VERSION_TEXT])
{
	long long n = v > 2147483647u ? (long long)v - 4294967296LL : v;

	snprintf(out, GPO_VERSION_TEXT, "%lld", n);
}

/* One line of an INI text, without its line end. */
struct ini_line {
	const char *start;
	size_t len;
};

/* The next line from *p (before end); 0 when there is none. */
static int
next_line(const char **p, const char *end, struct ini_line *l)
{
	const char *nl;

	if (*p >= end)
		return 0;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	l->start = *p;
	l->len = (size_t)((nl ? nl : end) - *p);
	if (l->len > 0 && l->start[l->len - 1] == '\r')
		l->len--;
	*p = nl ? nl + 1 : end;
	return 1;
}

/* The line without spaces and tabs at either end. */
static struct ini_line
trimmed(struct ini_line l)
{
	while (l.len > 0 && (*l.start == ' ' || *l.start == '\t'))
		l.start++, l.len--;
	while (l.len > 0 &&
	       (l.start[l.len - 1] == ' ' || l.start[l.len - 1] == '\t'))
		l.len--;
	return l;
}

/* Whether l is a section header; name set to its trimmed name. */
static int
is_section(struct ini_line l, struct ini_line *name)
{
	l = trimmed(l);
	if (l.len < 2 || l.start[0] != '[' || l.start[l.len - 1] != ']')
		return 0;
	name->start = l.start + 1;
	name->len = l.len - 2;
	*name = trimmed(*name);
	return 1;
}

static int
is_word(struct ini_line l, const char *word)
{
	return l.len == strlen(word) && strncasecmp(l.start, word, l.len) == 0;
}

/* Whether l is "Version = ..."; value set to what follows '='. */
static int
is_version(struct ini_line l, struct ini_line *value)
{
	const char *eq = memchr(l.start, '=', l.len);
	struct ini_line key;

	if (eq == NULL)
		return 0;
	key.start = l.start;
	key.len = (size_t)(eq - l.start);
	if (!is_word(trimmed(key), "Version"))
		return 0;
	value->start = eq + 1;
	value->len = l.len - key.len - 1;
	*value = trimmed(*value);
	return 1;
}

/* Skips a UTF-8 byte order mark. */
static const char *
text_start(const char *text, size_t len)
{
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		return text + 3;
	return text;
}

int
gpt_ini_version(const char *text, size_t len, uint32_t *version,
		unsigned long *line)
{
	const char *p = text_start(text, len), *end = text + len;
	struct ini_line l, name, value;
	char digits[16];
	int in_general = 0;
	unsigned long n = 0;
	uint32_t v;

	while (next_line(&p, end, &l)) {
		n++;
		if (is_section(l, &name)) {
			in_general = is_word(name, "General");
			continue;
		}
		if (!in_general || !is_version(l, &value))
			continue;
		*line = n;
		if (value.len == 0 || value.len >= sizeof(digits) ||
		    !isdigit((unsigned char)value.start[0]))
			return -1;
		memcpy(digits, value.start, value.len);
		digits[value.len] = '\0';
		if (gpo_version_parse(digits, &v) != 0)
			return -1;
		*version = v;
		return 1;
	}
	return 0;
}

static void
put_line(struct gpf_buf *out, const char *s, size_t len)
{
	gpf_buf_append(out, s, len);
	gpf_buf_append(out, "\r\n", 2);
}

static void
put_version(struct gpf_buf *out, uint32_t version)
{
	char line[32];

	snprintf(line, sizeof(line), "Version=%lu", (unsigned long)version);
	put_line(out, line, strlen(line));
}

/* The GPT.INI lines of text with Version replaced or added to body;
 * whether a [General] section took it. */
static int
copy_with_version(const char *p, const char *end, uint32_t version,
		  struct gpf_buf *body)
{
	struct ini_line l, name, value;
	int in_general = 0, done = 0;

	while (p != NULL && next_line(&p, end, &l)) {
		if (is_section(l, &name)) {
			/* [General] ended without a Version line. */
			if (in_general && !done)
				put_version(body, version), done = 1;
			in_general = is_word(name, "General");
			put_line(body, l.start, l.len);
			continue;
		}
		if (in_general && is_version(l, &value)) {
			if (!done)
				put_version(body, version);
			done = 1;
			continue;
		}
		put_line(body, l.start, l.len);
	}
	if (in_general && !done)
		put_version(body, version), done = 1;
	return done;
}

void
gpt_ini_with_version(const char *text, size_t len, uint32_t version,
		     struct gpf_buf *out)
{
	struct gpf_buf body = { 0 };
	const char *p = text ? text_start(text, len) : NULL;

	if (!copy_with_version(p, text ? text + len : NULL, version, &body)) {
		/* No [General] at all: it goes first. */
		put_line(out, "[General]", 9);
		put_version(out, version);
	}
	gpf_buf_append(out, body.data, body.len);
	gpf_buf_free(&body);
}
