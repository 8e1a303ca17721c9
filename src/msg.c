/*
 * msg.c - the command layer's messages on standard error.
 *
 * Messages quote file names, lines of input and template text, any of
 * which may come from a stranger.  So each is printed as one line, with
 * control characters and bytes that are not UTF-8 shown as \xNN: a
 * name cannot forge a second message or send commands to the terminal.
 */
#include "msg.h"
#include "utf16.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum msg_level msg_level = MSG_NORMAL;

/* Whether a progress bar is drawn on a line not yet ended. */
static int bar_open;

/* Bytes of the UTF-8 character at p that may be printed as they are. */
static size_t
printable(const unsigned char *p)
{
	size_t n, bad;

	if (p[0] < 0x20 || p[0] == 0x7f)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0)
		return 0; /* C1 controls */
	n = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : 2;
	return strnlen((const char *)p, n) == n &&
		       utf8_validate((const char *)p, n, &bad) == 0
		   ? n
		   : 0;
}

static void
put_safe(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n;

	while (*p != '\0') {
		n = printable(p);
		if (n == 0) {
			fprintf(stderr, "\\x%02x", *p);
			n = 1;
		} else {
			fwrite(p, 1, n, stderr);
		}
		p += n;
	}
}

/* Prints prefix, then the message, made safe, and a line end. */
static void
say(const char *prefix, const char *fmt, va_list ap)
{
	char *text;

	/* A message after a bar starts a line of its own, not the bar's. */
	if (bar_open)
		fputc('\n', stderr);
	bar_open = 0;
	fputs(prefix, stderr);
	if (vasprintf(&text, fmt, ap) < 0) {
		fputs("out of memory\n", stderr);
		return;
	}
	put_safe(text);
	fputc('\n', stderr);
	free(text);
}

void
msg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("gpforge: ", fmt, ap);
	va_end(ap);
}

void
msg_warn(const char *fmt, ...)
{
	va_list ap;

	if (msg_level < MSG_NORMAL)
		return;
	va_start(ap, fmt);
	say("gpforge: warning: ", fmt, ap);
	va_end(ap);
}

void
msg_note(const char *fmt, ...)
{
	va_list ap;

	if (msg_level < MSG_VERBOSE)
		return;
	va_start(ap, fmt);
	say("gpforge: ", fmt, ap);
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
	char prefix[64];
	va_list ap;

	snprintf(prefix, sizeof(prefix), "gpforge %s: ", command);
	va_start(ap, fmt);
	say(prefix, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try 'gpforge %s --help'.\n", command);
	return GPF_USAGE;
}

void
msg_progress(const char *what, size_t done, size_t total,
	     const struct timespec *start)
{
	static const char bar[] = "##############################";
	int width = (int)sizeof(bar) - 1, filled;
	struct timespec now;
	double elapsed, rate;

	filled =
	    total ? (int)((double)width * (double)done / (double)total) : width;
	fprintf(stderr, "\r[%.*s%*s] %zu/%zu %s", filled, bar, width - filled,
		"", done, total, what);

	if (start != NULL) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		elapsed = (double)(now.tv_sec - start->tv_sec) +
			  (double)(now.tv_nsec - start->tv_nsec) / 1e9;
		rate = elapsed > 0 ? (double)done / elapsed : 0;
		fprintf(stderr, ", %.0f/s, %.0f s left", rate,
			rate > 0 ? (double)(total - done) / rate : 0.0);
	}
	fputc(' ', stderr);
	bar_open = done != total;
	if (!bar_open)
		fputc('\n', stderr);
}
