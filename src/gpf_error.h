/*
 * gpf_error.h - how gpforge's library layer reports failure.
 *
 * Library functions never print.  On failure they fill a struct gpf_error
 * with an exit status from the scheme below and a one-line message of the
 * form "FILE: offset N: what is wrong" (or "FILE: line N: ..."), and
 * return that status.  The command layer prefixes "gpforge: " and prints.
 */
#ifndef GPF_ERROR_H
#define GPF_ERROR_H

#include <stddef.h>

/* Exit statuses, shared by every subcommand (see gpforge(1)). */
enum gpf_status {
	GPF_OK = 0,	      /* success */
	GPF_FINDINGS = 1,     /* a check ran and found problems (lint) */
	GPF_USAGE = 64,	      /* wrong command line */
	GPF_DATAERR = 65,     /* input is malformed */
	GPF_NOINPUT = 66,     /* input missing or unreadable */
	GPF_UNAVAILABLE = 69, /* a server unreachable, or it refused */
	GPF_CANTCREAT = 73,   /* output cannot be created */
	GPF_IOERR = 74	      /* read or write failed part way */
};

#define GPF_MESSAGE_MAX 1024

struct gpf_error {
	enum gpf_status status;
	char message[GPF_MESSAGE_MAX];
};

/* Records a failure in err (which may be NULL) and returns status. */
int gpf_fail(struct gpf_error *err, enum gpf_status status, const char *fmt,
	     ...) __attribute__((format(printf, 3, 4)));

/* Resets err to success with an empty message. */
void gpf_error_clear(struct gpf_error *err);

/*
 * Allocation that cannot fail: on exhaustion the process ends with
 * "gpforge: out of memory" and status GPF_IOERR, since no caller could
 * do anything more useful.
 */
void *gpf_xrealloc(void *ptr, size_t size);
char *gpf_xstrdup(const char *s);

#endif
