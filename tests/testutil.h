/*
 * testutil.h - building registry.pol bytes by hand for the unit tests.
 *
 * Tests spell out each field themselves instead of calling the writer,
 * so a writer bug cannot hide a reader bug or the other way round.
 */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdint.h>
#include <string.h>

#include "gpf_buf.h"

/* Raw bytes. */
static inline void
tb_bytes(struct gpf_buf *b, const void *p, size_t n)
{
	gpf_buf_append(b, p, n);
}

static inline void
tb_u32(struct gpf_buf *b, uint32_t v)
{
	unsigned char u[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
			       v >> 24 };

	gpf_buf_append(b, u, 4);
}

/* One UTF-16LE unit. */
static inline void
tb_unit(struct gpf_buf *b, unsigned u)
{
	unsigned char x[2] = { u & 0xff, u >> 8 };

	gpf_buf_append(b, x, 2);
}

/* ASCII text as UTF-16LE, without a NUL. */
static inline void
tb_ascii(struct gpf_buf *b, const char *s)
{
	for (; *s; s++)
		tb_unit(b, (unsigned char)*s);
}

static inline void
tb_header(struct gpf_buf *b)
{
	tb_bytes(b, "PReg\1\0\0\0", 8);
}

/* A whole record with ASCII key and value and raw data. */
static inline void
tb_record(struct gpf_buf *b, const char *key, const char *value, uint32_t type,
	  const void *data, uint32_t size)
{
	tb_unit(b, '[');
	tb_ascii(b, key);
	tb_unit(b, 0);
	tb_unit(b, ';');
	tb_ascii(b, value);
	tb_unit(b, 0);
	tb_unit(b, ';');
	tb_u32(b, type);
	tb_unit(b, ';');
	tb_u32(b, size);
	tb_unit(b, ';');
	tb_bytes(b, data, size);
	tb_unit(b, ']');
}

#endif
