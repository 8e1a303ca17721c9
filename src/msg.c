/*
 * msg.c - the command layer's messages on standard error.
 */
#include "msg.h"

#include <stdarg.h>
#include <stdio.h>

enum msg_level msg_level = MSG_NORMAL;

static void
say(const char *fmt, va_list ap)
{
	fputs("gpforge: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
msg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
}

void
msg_warn(const char *fmt, ...)
{
	va_list ap;

	if (msg_level < MSG_NORMAL)
		return;
	va_start(ap, fmt);
	fputs("gpforge: warning: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void
msg_note(const char *fmt, ...)
{
	va_list ap;

	if (msg_level < MSG_VERBOSE)
		return;
	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
}

int
msg_report(const struct gpf_error *err)
{
	msg_error("%s", err->message);
	return err->status;
}

int
msg_usage(const char *command, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "gpforge %s: ", command);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry 'gpforge %s --help'.\n", command);
	va_end(ap);
	return GPF_USAGE;
}
