/*
 * textlines.c - reading a UTF-8 text file line by line.
 */
#include "textlines.h"
#include "utf16.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int
text_lines_open(struct text_lines *t, const char *path, const char *name,
		struct gpf_error *err)
{
	memset(t, 0, sizeof(*t));
	t->name = name ? name : path;
	t->in = fopen(path, "r");
	if (t->in == NULL)
		return gpf_fail(err, GPF_NOINPUT, "%s: %s", t->name,
				strerror(errno));
	return GPF_OK;
}

void
text_lines_open_stream(struct text_lines *t, FILE *in, const char *name)
{
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->in = in;
}

int
text_line_check(const char *name, unsigned long lineno, const char *line,
		size_t len, struct gpf_error *err)
{
	const char *cr;
	size_t bad;

	if (lineno == 1 && len >= 2 &&
	    (memcmp(line, "\xff\xfe", 2) == 0 ||
	     memcmp(line, "\xfe\xff", 2) == 0))
		return gpf_fail(err, GPF_DATAERR,
				"%s: line 1: the text is UTF-16; save it as "
				"UTF-8",
				name);
	if (memchr(line, '\0', len) != NULL)
		return gpf_fail(err, GPF_DATAERR,
				"%s: line %lu: NUL byte in the text", name,
				lineno);
	cr = memchr(line, '\r', len);
	if (cr != NULL && cr != line + len - 1)
		return gpf_fail(err, GPF_DATAERR,
				"%s: line %lu: a carriage return that does "
				"not end the line; save the file with LF or "
				"CRLF line ends",
				name, lineno);
	if (utf8_validate(line, len, &bad) < 0)
		return gpf_fail(err, GPF_DATAERR, "%s: line %lu: invalid UTF-8",
				name, lineno);
	return GPF_OK;
}

/*
 * Reads up to and including the next LF into t->line: its length, -1 at
 * the end of the input or on a read error, -2 for a line longer than
 * TEXT_LINE_MAX.  Unlike getline, it stops growing the line there, so a
 * file without line ends (/dev/zero, say) cannot take all memory.
 */
static ssize_t
read_line(struct text_lines *t)
{
	size_t n = 0;
	int c;

	while ((c = getc_unlocked(t->in)) != EOF) {
		if (n == TEXT_LINE_MAX)
			return -2;
		if (n + 2 > t->cap) {
			t->cap = t->cap ? 2 * t->cap : 256;
			if (t->cap > TEXT_LINE_MAX + 1)
				t->cap = TEXT_LINE_MAX + 1;
			t->line = gpf_xrealloc(t->line, t->cap);
		}
		t->line[n++] = (char)c;
		if (c == '\n')
			break;
	}
	if (n == 0)
		return -1;
	t->line[n] = '\0';
	return (ssize_t)n;
}

int
text_lines_next(struct text_lines *t, struct gpf_error *err)
{
	ssize_t n;

	errno = 0;
	n = read_line(t);
	if (n == -2) {
		gpf_fail(err, GPF_DATAERR,
			 "%s: line %lu: longer than %u MiB, more than gpforge "
			 "reads as one line",
			 t->name, t->lineno + 1, TEXT_LINE_MAX >> 20);
		return -1;
	}
	if (n < 0) {
		if (!ferror(t->in))
			return 0;
		gpf_fail(err, GPF_IOERR, "%s: %s", t->name, strerror(errno));
		return -1;
	}
	t->lineno++;
	if (n > 0 && t->line[n - 1] == '\n')
		t->line[--n] = '\0';
	if (text_line_check(t->name, t->lineno, t->line, n, err) != GPF_OK)
		return -1;
	if (n > 0 && t->line[n - 1] == '\r')
		t->line[--n] = '\0';
	if (t->lineno == 1 && strncmp(t->line, "\xef\xbb\xbf", 3) == 0) {
		memmove(t->line, t->line + 3, n - 2);
		n -= 3;
	}
	t->len = n;
	return 1;
}

int
text_lines_rewind(struct text_lines *t, struct gpf_error *err)
{
	if (fseek(t->in, 0, SEEK_SET) != 0)
		return gpf_fail(err, GPF_IOERR, "%s: cannot read it again: %s",
				t->name, strerror(errno));
	t->lineno = 0;
	return GPF_OK;
}

void
text_lines_close(struct text_lines *t)
{
	if (t->in != NULL)
		fclose(t->in);
	free(t->line);
	memset(t, 0, sizeof(*t));
}
