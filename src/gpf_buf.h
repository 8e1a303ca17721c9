/*
 * gpf_buf.h - a growable byte buffer.
 *
 * Ownership: the buffer owns data; gpf_buf_free releases it.  data is
 * kept NUL-terminated one byte past len so text can be used as a C string.
 */
#ifndef GPF_BUF_H
#define GPF_BUF_H

#include <stddef.h>

#include "gpf_error.h"

struct gpf_buf {
	unsigned char *data;
	size_t len;
	size_t cap;
};

void gpf_buf_reserve(struct gpf_buf *b, size_t extra);
void gpf_buf_append(struct gpf_buf *b, const void *p, size_t n);
void gpf_buf_putc(struct gpf_buf *b, unsigned char c);
void gpf_buf_clear(struct gpf_buf *b);
void gpf_buf_free(struct gpf_buf *b);

/*
 * The most gpf_buf_read_file reads: twenty times the largest template
 * Microsoft ships, so that a hostile or endless file (/dev/zero) is
 * refused before it fills memory.
 */
#define GPF_READ_MAX (32 << 20)

/*
 * Appends the whole file at path to b.  A folder, a missing file
 * (GPF_NOINPUT), a read error (GPF_IOERR) and a file of more than
 * GPF_READ_MAX bytes (GPF_DATAERR) fail with err naming path.
 */
int gpf_buf_read_file(struct gpf_buf *b, const char *path,
		      struct gpf_error *err);

/* The contents as a C string (never NULL). */
const char *gpf_buf_str(struct gpf_buf *b);

#endif
