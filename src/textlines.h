/*
 * textlines.h - reading a UTF-8 text file line by line, as every text
 * input of gpforge (LGPO text, settings, sender lists) is read.
 *
 * Each line comes without its line end (LF, CRLF or mixes of the two);
 * a UTF-8 byte order mark at the start is dropped; a NUL byte, invalid
 * UTF-8, a carriage return that does not end a line (old Mac files use
 * it alone), a UTF-16 byte order mark and a line over TEXT_LINE_MAX are
 * errors naming the line.
 */
#ifndef TEXTLINES_H
#define TEXTLINES_H

#include <stdio.h>

#include "gpf_error.h"

/* The longest line read, its LF included: a line past it is an error. */
#define TEXT_LINE_MAX (16u << 20)

struct text_lines {
	FILE *in;
	const char *name; /* for messages */
	char *line;	  /* the current line, NUL-ended */
	size_t len;
	size_t cap;
	unsigned long lineno;
};

/* Opens path; name (or path when NULL) is used in messages. */
int text_lines_open(struct text_lines *t, const char *path, const char *name,
		    struct gpf_error *err);

/* Reads from an open stream (a string through fmemopen, say); the
 * stream is closed by text_lines_close. */
void text_lines_open_stream(struct text_lines *t, FILE *in, const char *name);

/* Reads the next line: 1, 0 at end of file, or -1 with err filled. */
int text_lines_next(struct text_lines *t, struct gpf_error *err);

/* Starts again from the first line (the input must be seekable). */
int text_lines_rewind(struct text_lines *t, struct gpf_error *err);

void text_lines_close(struct text_lines *t);

/*
 * Checks line lineno of the text called name, len bytes without its LF
 * but with its CR, as text_lines_next does; for readers that split text
 * themselves.  Returns GPF_OK, or GPF_DATAERR with err naming the line.
 */
int text_line_check(const char *name, unsigned long lineno, const char *line,
		    size_t len, struct gpf_error *err);

#endif
