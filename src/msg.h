/*
 * msg.h - the command layer's messages on standard error.
 *
 * Errors always print; warnings unless --quiet; notes only with
 * --verbose.  Every line starts with "gpforge: ".
 */
#ifndef MSG_H
#define MSG_H

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

#endif
