/*
 * cmd_build.c - the options of "gpforge build".
 */
#include "cmd_build.h"
#include "build.h"
#include "cli.h"
#include "msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char build_help[] =
    "Usage: gpforge build [options]\n"
    "\n"
    "Writes into the output folder everything needed to make Outlook\n"
    "trust a list of senders through Group Policy: SafeSenders.txt, an\n"
    "ADMX/ADML pair, a GPMC backup of the GPO with an import script, a\n"
    "report and a zip bundle.  With no options it uses the built-in\n"
    "Mimecast Awareness Training sender list.\n"
    "\n"
    "  -o, --output=DIR            output folder (default output)\n"
    "      --senders=FILE          sender list instead of the built-in one\n"
    "      --add-sender=ENTRY      one more sender (repeatable)\n"
    "      --domain=DNS            AD domain (default corp.example.com)\n"
    "      --safe-senders-path=P   where users read SafeSenders.txt\n"
    "                              (default \\\\DOMAIN\\NETLOGON\\"
    "SafeSenders.txt)\n"
    "      --intune-path=PATH      where Intune devices keep the list\n"
    "                              (default C:\\ProgramData\\"
    "SafeSenders\\SafeSenders.txt)\n"
    "      --gpo-name=NAME         GPO display name (default Outlook "
    "Safe Senders)\n"
    "      --office-version=V      16.0 (default) or 15.0\n"
    "      --overwrite-list        replace users' lists instead of "
    "appending\n"
    "      --no-picture-download   leave automatic picture download "
    "alone\n"
    "      --deterministic         name-based GUIDs and fixed times "
    "(also when\n"
    "                              SOURCE_DATE_EPOCH is set)\n"
    "      --ou-csv=FILE           one GPO per row of this OU table\n"
    "      --landing-url=URL       a URL simulation mail links to "
    "(repeatable;\n"
    "                              default the guide's two)\n"
    "      --defender-domain=DNS   one more Defender envelope domain\n"
    "      --defender-ip=RANGE     a sending IP range for Defender "
    "(repeatable)\n"
    "      --include-test-sender   allow the vendor's test-system "
    "sender too\n"
    "      --no-allowlists         write no allowlists/ folder\n"
    "      --force                 replace a non-empty output folder\n"
    "      --templates=DIR         templates that override the built-in "
    "ones\n"
    "  -q, --quiet                 print errors only\n"
    "  -v, --verbose               list every file written\n"
    "  -h, --help                  show this help\n"
    "  -V, --version               show the version\n";

enum {
	OPT_SENDERS = 256,
	OPT_ADD_SENDER,
	OPT_DOMAIN,
	OPT_PATH,
	OPT_NAME,
	OPT_OFFICE,
	OPT_OVERWRITE,
	OPT_NO_PICTURES,
	OPT_DETERMINISTIC,
	OPT_FORCE,
	OPT_TEMPLATES,
	OPT_INTUNE_PATH,
	OPT_OU_CSV,
	OPT_LANDING_URL,
	OPT_DEFENDER_DOMAIN,
	OPT_DEFENDER_IP,
	OPT_TEST_SENDER,
	OPT_NO_ALLOWLISTS
};

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "senders", required_argument, NULL, OPT_SENDERS },
	{ "add-sender", required_argument, NULL, OPT_ADD_SENDER },
	{ "domain", required_argument, NULL, OPT_DOMAIN },
	{ "safe-senders-path", required_argument, NULL, OPT_PATH },
	{ "gpo-name", required_argument, NULL, OPT_NAME },
	{ "office-version", required_argument, NULL, OPT_OFFICE },
	{ "overwrite-list", no_argument, NULL, OPT_OVERWRITE },
	{ "no-picture-download", no_argument, NULL, OPT_NO_PICTURES },
	{ "deterministic", no_argument, NULL, OPT_DETERMINISTIC },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "templates", required_argument, NULL, OPT_TEMPLATES },
	{ "intune-path", required_argument, NULL, OPT_INTUNE_PATH },
	{ "ou-csv", required_argument, NULL, OPT_OU_CSV },
	{ "landing-url", required_argument, NULL, OPT_LANDING_URL },
	{ "defender-domain", required_argument, NULL, OPT_DEFENDER_DOMAIN },
	{ "defender-ip", required_argument, NULL, OPT_DEFENDER_IP },
	{ "include-test-sender", no_argument, NULL, OPT_TEST_SENDER },
	{ "no-allowlists", no_argument, NULL, OPT_NO_ALLOWLISTS },
	CLI_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

/* The repeatable options' values, collected while parsing. */
struct lists {
	const char **adds, **urls, **domains, **ips;
};

/* Appends value to *list, counted by *count. */
static const char *const *
push(const char ***list, size_t *count, const char *value)
{
	*list = gpf_xrealloc(*list, (*count + 1) * sizeof(**list));
	(*list)[(*count)++] = value;
	return *list;
}

/* Applies one option to o. */
static void
set_option(struct build_options *o, int opt, struct lists *l)
{
	switch (opt) {
	case 'o': o->output = optarg; break;
	case OPT_SENDERS: o->senders_file = optarg; break;
	case OPT_DOMAIN: o->domain = optarg; break;
	case OPT_PATH: o->safe_senders_path = optarg; break;
	case OPT_NAME: o->gpo_name = optarg; break;
	case OPT_OFFICE: o->office_version = optarg; break;
	case OPT_OVERWRITE: o->overwrite_list = 1; break;
	case OPT_NO_PICTURES: o->no_picture_download = 1; break;
	case OPT_DETERMINISTIC: o->deterministic = 1; break;
	case OPT_FORCE: o->force = 1; break;
	case OPT_TEMPLATES: o->templates = optarg; break;
	case OPT_INTUNE_PATH: o->intune_path = optarg; break;
	case OPT_OU_CSV: o->ou_csv = optarg; break;
	case OPT_TEST_SENDER: o->include_test_sender = 1; break;
	case OPT_NO_ALLOWLISTS: o->no_allowlists = 1; break;
	case OPT_ADD_SENDER:
		o->add_senders = push(&l->adds, &o->add_sender_count, optarg);
		break;
	case OPT_LANDING_URL:
		o->landing_urls = push(&l->urls, &o->landing_url_count, optarg);
		break;
	case OPT_DEFENDER_DOMAIN:
		o->defender_domains =
		    push(&l->domains, &o->defender_domain_count, optarg);
		break;
	case OPT_DEFENDER_IP:
		o->defender_ips = push(&l->ips, &o->defender_ip_count, optarg);
		break;
	}
}

static void
free_lists(struct lists *l)
{
	free(l->adds), free(l->urls), free(l->domains), free(l->ips);
}

/* A progress bar on a terminal: rows done, rate, time left. */
static void
progress_bar(size_t done, size_t total, void *arg)
{
	msg_progress("OUs", done, total, arg);
}

static int
report(const struct build_options *o, struct build_result *r, int status,
       struct gpf_error *err)
{
	char *line, *next;
	size_t i;

	for (i = 0; i < r->warning_count; i++)
		msg_warn("%s", r->warnings[i]);
	if (status != GPF_OK)
		return msg_report(err);
	for (line = r->written; line && *line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		msg_note("wrote %s/%s", o->output, line);
	}
	if (msg_level > MSG_QUIET)
		printf("gpforge: built %s: %zu GPO%s, %zu senders\n", o->output,
		       r->gpo_count, r->gpo_count == 1 ? "" : "s",
		       r->sender_count);
	return cli_finish_stdout(GPF_OK);
}

int
cmd_build(int argc, char **argv)
{
	struct build_options o;
	struct build_result result;
	struct gpf_error err;
	struct lists lists = { NULL, NULL, NULL, NULL };
	struct timespec started;
	int opt, rc;

	build_defaults(&o);
	cli_reset();
	while ((opt = getopt_long(argc, argv, ":o:" CLI_COMMON_SHORT, longopts,
				  NULL)) != -1) {
		rc = cli_common(opt, "build", build_help, argv);
		if (rc == CLI_CONTINUE)
			continue;
		if (rc != CLI_NOT_COMMON) {
			free_lists(&lists);
			return rc;
		}
		set_option(&o, opt, &lists);
	}
	if (optind != argc) {
		free_lists(&lists);
		return msg_usage("build", "unexpected argument '%s'",
				 argv[optind]);
	}

	if (o.ou_csv != NULL && msg_level > MSG_QUIET &&
	    isatty(STDERR_FILENO)) {
		clock_gettime(CLOCK_MONOTONIC, &started);
		o.progress = progress_bar;
		o.progress_arg = &started;
	}
	rc = build_run(&o, &result, &err);
	rc = report(&o, &result, rc, &err);
	build_result_free(&result);
	free_lists(&lists);
	return rc;
}
