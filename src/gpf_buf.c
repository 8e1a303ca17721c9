/*
 * gpf_buf.c - a growable byte buffer.
 */
#include "gpf_buf.h"
#include "gpf_error.h"

#include <stdlib.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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

int
gpf_buf_read_file(struct gpf_buf *b, const char *path, struct gpf_error *err)
{
	unsigned char chunk[65536];
	struct stat st;
	FILE *fp = fopen(path, "rb");
	size_t n, read = 0;
	int failed;

	if (fp == NULL)
		return gpf_fail(err, GPF_NOINPUT, "%s: %s", path,
				strerror(errno));
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		return gpf_fail(err, GPF_NOINPUT, "%s: is a directory", path);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0 &&
	       read + n <= GPF_READ_MAX) {
		gpf_buf_append(b, chunk, n);
		read += n;
	}
	failed = ferror(fp);
	fclose(fp);
	if (failed)
		return gpf_fail(err, GPF_IOERR, "%s: read error", path);
	if (n > 0)
		return gpf_fail(err, GPF_DATAERR,
				"%s: larger than %d MiB, more than gpforge "
				"reads from one file",
				path, GPF_READ_MAX >> 20);
	return GPF_OK;
}
