/*
 * msg.h - the command layer's messages on standard error.
 *
 * Errors always print; warnings unless --quiet; notes only with
 * --verbose.  Every line starts with "gpforge: ".
 */
#ifndef MSG_H
#define MSG_H

#include <stddef.h>
#include <time.h>

#include "gpf_error.h"

enum msg_level { MSG_QUIET = 0, MSG_NORMAL = 1, MSG_VERBOSE = 2 };

extern enum msg_level msg_level;

void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints err's message as an error and returns its status. */
int msg_report(const struct gpf_error *err);

/*
 * Prints "gpforge COMMAND: REASON" and a pointer to --help; returns
 * GPF_USAGE.
 */
int msg_usage(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Redraws a progress bar on standard error: "done/total what", with the
 * rate and the time left when start (the monotonic clock at the first
 * step) is given; ends the line when done reaches total.  Callers draw
 * it only when standard error is a terminal.  A message printed while a
 * bar is drawn ends the bar's line first.
 */
void msg_progress(const char *what, size_t done, size_t total,
		  const struct timespec *start);

#endif
