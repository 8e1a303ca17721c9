/*
 * cli.h - what every subcommand's option parsing shares.
 */
#ifndef CLI_H
#define CLI_H

#include <getopt.h>

#include "gpf_error.h"

/* The options every subcommand accepts, for its getopt_long table. */
#define CLI_COMMON_OPTIONS                         \
	{ "help", no_argument, NULL, 'h' },        \
	    { "version", no_argument, NULL, 'V' }, \
	    { "quiet", no_argument, NULL, 'q' },   \
	{                                          \
		"verbose", no_argument, NULL, 'v'  \
	}
#define CLI_COMMON_SHORT "hVqv"

enum { CLI_NOT_COMMON = -1, CLI_CONTINUE = -2 };

/*
 * Handles option opt if it is a common one (or getopt's '?' and ':').
 * Returns CLI_CONTINUE to go on parsing, an exit status when the command
 * is done (help, version, bad option), or CLI_NOT_COMMON.
 */
int cli_common(int opt, const char *command, const char *help,
	       char *const *argv);

/*
 * The short letter of a common option written as arg ("--help" -> 'h',
 * "-q" -> 'q'), or 0: for the words before a subcommand.
 */
int cli_common_word(const char *arg);

/* Readies getopt_long for a fresh argument vector. */
void cli_reset(void);

/* Flushes standard output; a failed write is an error (status 74). */
int cli_finish_stdout(int status);

/*
 * Checks a folder to write into: GPF_OK when path is a folder or does
 * not exist; GPF_CANTCREAT when it is a symbolic link (which would take
 * the files somewhere else) or something other than a folder.
 */
int cli_check_folder(const char *path, struct gpf_error *err);

#endif
