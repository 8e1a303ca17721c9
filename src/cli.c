/*
 * cli.c - what every subcommand's option parsing shares.
 */
#include "config.h"

#include "cli.h"
#include "gpf_error.h"
#include "msg.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int
cli_common(int opt, const char *command, const char *help, char *const *argv)
{
	switch (opt) {
	case 'h': fputs(help, stdout); return cli_finish_stdout(GPF_OK);
	case 'V':
		printf("gpforge %s\n", PACKAGE_VERSION);
		return cli_finish_stdout(GPF_OK);
	case 'q': msg_level = MSG_QUIET; return CLI_CONTINUE;
	case 'v': msg_level = MSG_VERBOSE; return CLI_CONTINUE;
	case ':':
		return msg_usage(command, "option '%s' needs an argument",
				 argv[optind - 1]);
	case '?':
		return msg_usage(command, "unknown option '%s'",
				 argv[optind - 1]);
	}
	return CLI_NOT_COMMON;
}

int
cli_common_word(const char *arg)
{
	static const struct option words[] = { CLI_COMMON_OPTIONS };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if ((arg[0] == '-' && arg[1] == words[i].val && !arg[2]) ||
		    (strncmp(arg, "--", 2) == 0 &&
		     strcmp(arg + 2, words[i].name) == 0))
			return words[i].val;
	return 0;
}

void
cli_reset(void)
{
	/* 0 makes glibc re-initialise its scanning state, not just skip. */
	optind = 0;
	opterr = 0;
}

int
cli_finish_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		msg_error("standard output: %s", strerror(errno));
		return status == GPF_OK ? GPF_IOERR : status;
	}
	return status;
}

int
cli_check_folder(const char *path, struct gpf_error *err)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? GPF_OK
				       : gpf_fail(err, GPF_CANTCREAT, "%s: %s",
						  path, strerror(errno));
	if (S_ISLNK(st.st_mode))
		return gpf_fail(err, GPF_CANTCREAT,
				"%s: refusing to write through a symbolic "
				"link",
				path);
	if (!S_ISDIR(st.st_mode))
		return gpf_fail(err, GPF_CANTCREAT,
				"%s: exists and is not a folder", path);
	return GPF_OK;
}
