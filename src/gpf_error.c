/*
 * gpf_error.c - failure records and allocation that cannot fail.
 */
#include "gpf_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
gpf_fail(struct gpf_error *err, enum gpf_status status, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return status;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return status;
}

void
gpf_error_clear(struct gpf_error *err)
{
	err->status = GPF_OK;
	err->message[0] = '\0';
}

static void
out_of_memory(void)
{
	static const char msg[] = "gpforge: out of memory\n";

	/* stdio may itself need memory; write(2) does not. */
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(GPF_IOERR);
	_exit(GPF_IOERR);
}

void *
gpf_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

char *
gpf_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(gpf_xrealloc(NULL, n), s, n);
}
