/*
 * main.c - gpforge's entry point: global options and subcommands.
 */
#include "config.h"

#include "cli.h"
#include "cmd_admx.h"
#include "cmd_build.h"
#include "cmd_deploy.h"
#include "cmd_intune.h"
#include "cmd_pol.h"
#include "gpf_error.h"
#include "msg.h"

#include <stdio.h>
#include <string.h>

static const char main_help[] =
    "Usage: gpforge [--quiet | --verbose] COMMAND [ARGS]\n"
    "\n"
    "Builds Windows Group Policy and Intune artifacts.\n"
    "\n"
    "Commands:\n"
    "  build [--ou-csv F] ...        the Outlook Safe Senders kit: GPO\n"
    "                                backups, templates, Intune, report\n"
    "  admx list|show|lint|apply     read templates, settings to .pol\n"
    "  deploy --server H --domain D  the built GPOs into Active Directory\n"
    "  intune PATH --settings F -o D an Intune custom profile\n"
    "  pol dump FILE.pol             a registry.pol as LGPO text\n"
    "  pol compile FILE.txt -o F     a registry.pol from LGPO text\n"
    "\n"
    "Every command takes --help, --version, --quiet and --verbose.\n"
    "Exit status: 0 success, 1 findings, 64 usage, 65 bad input data,\n"
    "66 input missing, 69 server unreachable or refusing, 73 cannot\n"
    "create output, 74 I/O error.\n";

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "pol", cmd_pol },	  /* registry.pol files */
	{ "admx", cmd_admx },	  /* administrative templates */
	{ "build", cmd_build },	  /* the Outlook kit */
	{ "intune", cmd_intune }, /* Intune profiles */
	{ "deploy", cmd_deploy }, /* GPOs into Active Directory */
};

int
main(int argc, char **argv)
{
	static char buf[1 << 16];
	size_t i;
	int argi = 1, opt, rc;

	/* Dumps can be large; one write per 64 KiB, not per line. */
	setvbuf(stdout, buf, _IOFBF, sizeof(buf));

	for (; argi < argc && (opt = cli_common_word(argv[argi])); argi++)
		if ((rc = cli_common(opt, "", main_help, argv)) != CLI_CONTINUE)
			return rc;
	if (argi >= argc) {
		fputs(main_help, stderr);
		return GPF_USAGE;
	}

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[argi], commands[i].name) == 0)
			return commands[i].run(argc - argi, argv + argi);
	msg_error("unknown command '%s'; try 'gpforge --help'", argv[argi]);
	return GPF_USAGE;
}
