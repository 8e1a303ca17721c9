/*
 * cmd_pol.c - "gpforge pol dump" and "gpforge pol compile".
 */
#include "cmd_pol.h"
#include "cli.h"
#include "lgpo.h"
#include "msg.h"
#include "outfile.h"
#include "regpol.h"
#include "regpol_json.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char pol_help[] =
    "Usage: gpforge pol dump FILE.pol [--config user|computer] [--json]\n"
    "       gpforge pol compile FILE.txt -o OUT.pol "
    "[--config user|computer]\n"
    "\n"
    "dump     print a registry.pol as LGPO text, or as JSON lines\n"
    "compile  build a registry.pol from LGPO text\n"
    "\n"
    "  -c, --config=WHICH  user or computer (dump: the label printed;\n"
    "                      compile: keep only that configuration)\n"
    "  -j, --json          dump one JSON object per record\n"
    "  -o, --output=FILE   where compile writes the registry.pol\n"
    "  -q, --quiet         print errors only\n"
    "  -v, --verbose       say what is written\n"
    "  -h, --help          show this help\n"
    "  -V, --version       show the version\n";

struct pol_options {
	enum lgpo_config config;
	int json;
	const char *output;
	const char *input;
};

static int
parse_config_word(const char *word, enum lgpo_config *config)
{
	if (strcasecmp(word, "user") == 0)
		*config = LGPO_USER;
	else if (strcasecmp(word, "computer") == 0 ||
		 strcasecmp(word, "machine") == 0)
		*config = LGPO_COMPUTER;
	else
		return msg_usage("pol",
				 "--config takes user or computer, "
				 "not '%s'",
				 word);
	return 0;
}

static int
parse_options(int argc, char **argv, const char *command, struct pol_options *o)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	int opt, rc;

	cli_reset();
	while ((opt = getopt_long(argc, argv, ":c:jo:" CLI_COMMON_SHORT,
				  longopts, NULL)) != -1) {
		rc = cli_common(opt, command, pol_help, argv);
		if (rc == CLI_CONTINUE)
			continue;
		if (rc != CLI_NOT_COMMON)
			return rc;
		if (opt == 'c' && parse_config_word(optarg, &o->config) != 0)
			return GPF_USAGE;
		if (opt == 'j')
			o->json = 1;
		if (opt == 'o')
			o->output = optarg;
	}
	if (optind + 1 != argc)
		return msg_usage(
		    command, optind == argc ? "expected one input "
					      "file"
					    : "expected one input file, found "
					      "more");
	o->input = argv[optind];
	return -1;
}

/* A file in a GPO's User folder is user policy; anything else machine. */
static enum lgpo_config
config_from_path(const char *path)
{
	char *copy = gpf_xstrdup(path);
	enum lgpo_config config;

	config = strcasecmp(basename(dirname(copy)), "User") == 0
		     ? LGPO_USER
		     : LGPO_COMPUTER;
	free(copy);
	return config;
}

static int
pol_dump(struct pol_options *o)
{
	const struct regpol_record *rec;
	struct regpol_reader *r;
	struct gpf_error err;
	int rc, status;

	if (o->config == LGPO_ANY)
		o->config = config_from_path(o->input);
	status = regpol_reader_open_file(&r, o->input, NULL, &err);
	if (status != GPF_OK)
		return msg_report(&err);

	if (!o->json)
		lgpo_dump_header(stdout, o->config, o->input);
	while ((rc = regpol_reader_next(r, &rec, &err)) > 0) {
		status = o->json
			     ? regpol_json_record(stdout, o->config, rec, &err)
			     : lgpo_dump_record(stdout, o->config, rec,
						o->input, &err);
		if (status != GPF_OK)
			break;
	}
	if (rc < 0)
		status = err.status;
	if (status == GPF_OK && !o->json)
		lgpo_dump_footer(stdout);
	regpol_reader_free(r);

	if (status != GPF_OK) {
		fflush(stdout);
		return msg_report(&err);
	}
	return cli_finish_stdout(GPF_OK);
}

static int
pol_compile(struct pol_options *o)
{
	struct gpf_error err;
	struct outfile out;
	int status;

	if (o->output == NULL)
		return msg_usage("pol compile", "-o OUT.pol is required");
	status = outfile_open(&out, o->output, &err);
	if (status != GPF_OK)
		return msg_report(&err);

	status =
	    lgpo_compile(o->input, NULL, o->config, out.fp, o->output, &err);
	if (status == GPF_OK)
		status = outfile_commit(&out, &err);
	else
		outfile_abort(&out);
	if (status != GPF_OK)
		return msg_report(&err);
	msg_note("wrote %s", o->output);
	return GPF_OK;
}

int
cmd_pol(int argc, char **argv)
{
	struct pol_options o = { LGPO_ANY, 0, NULL, NULL };
	int rc, opt;

	if (argc < 2)
		return msg_usage("pol", "expected dump or compile");
	opt = cli_common_word(argv[1]);
	if (opt == 'h' || opt == 'V')
		return cli_common(opt, "pol", pol_help, argv);

	if (strcmp(argv[1], "dump") == 0) {
		rc = parse_options(argc - 1, argv + 1, "pol dump", &o);
		return rc >= 0 ? rc : pol_dump(&o);
	}
	if (strcmp(argv[1], "compile") == 0) {
		rc = parse_options(argc - 1, argv + 1, "pol compile", &o);
		return rc >= 0 ? rc : pol_compile(&o);
	}
	return msg_usage("pol",
			 "unknown command '%s' (expected dump or "
			 "compile)",
			 argv[1]);
}
