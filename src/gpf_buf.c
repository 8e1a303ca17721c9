/*
 * gpf_buf.c - a growable byte buffer.
 */
#include "gpf_buf.h"
#include "gpf_error.h"

#include <stdlib.h>
#include <string.h>

void
gpf_buf_reserve(struct gpf_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	size_t cap = b->cap ? b->cap : 64;

	if (need <= b->cap)
		return;
	while (cap < need)
		cap *= 2;
	b->data = gpf_xrealloc(b->data, cap);
	b->cap = cap;
}

void
gpf_buf_append(struct gpf_buf *b, const void *p, size_t n)
{
	gpf_buf_reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
gpf_buf_putc(struct gpf_buf *b, unsigned char c)
{
	gpf_buf_append(b, &c, 1);
}

void
gpf_buf_clear(struct gpf_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
gpf_buf_free(struct gpf_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

const char *
gpf_buf_str(struct gpf_buf *b)
{
	if (b->data == NULL)
		gpf_buf_reserve(b, 0), b->data[0] = '\0';
	return (const char *)b->data;
}
