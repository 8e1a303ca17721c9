/*
 * cmd_intune.c - "gpforge intune PATH --settings FILE -o DIR".
 */
#include "cmd_intune.h"
#include "admx.h"
#include "cli.h"
#include "ids.h"
#include "intune.h"
#include "intune_kit.h"
#include "msg.h"
#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char intune_help[] =
    "Usage: gpforge intune PATH --settings FILE -o DIR [options]\n"
    "\n"
    "Turns the settings file (as for \"admx apply\") into an Intune custom\n"
    "profile that ingests the ADMX and sets its policies, written to DIR:\n"
    "profile.json (Graph body), assign.json (with --group), oma-uri.csv\n"
    "(rows for the portal) and admx-upload.json (Imported Administrative\n"
    "Templates).\n"
    "\n"
    "  -s, --settings=FILE   the settings (INI) file\n"
    "  -o, --output=DIR      where the files go\n"
    "      --app-name=NAME   application name in the OMA-URIs (default:\n"
    "                        the ADMX target prefix)\n"
    "      --name=NAME       the profile's display name\n"
    "      --group=ID        Entra group object id to assign it to\n"
    "  -l, --lang=L          ADML language (default en-US)\n"
    "  -q, --quiet           print errors only\n"
    "  -v, --verbose         say what is written\n"
    "  -h, --help            show this help\n"
    "  -V, --version         show the version\n";

enum { OPT_APP = 256, OPT_NAME, OPT_GROUP };

struct intune_options {
	const char *path, *settings, *output, *app, *name, *group, *lang;
};

static int
parse_options(int argc, char **argv, struct intune_options *o)
{
	static const struct option longopts[] = {
		{ "settings", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "app-name", required_argument, NULL, OPT_APP },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "group", required_argument, NULL, OPT_GROUP },
		{ "lang", required_argument, NULL, 'l' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	int opt, rc;

	cli_reset();
	while ((opt = getopt_long(argc, argv, ":s:o:l:" CLI_COMMON_SHORT,
				  longopts, NULL)) != -1) {
		rc = cli_common(opt, "intune", intune_help, argv);
		if (rc == CLI_CONTINUE)
			continue;
		if (rc != CLI_NOT_COMMON)
			return rc;
		switch (opt) {
		case 's': o->settings = optarg; break;
		case 'o': o->output = optarg; break;
		case 'l': o->lang = optarg; break;
		case OPT_APP: o->app = optarg; break;
		case OPT_NAME: o->name = optarg; break;
		case OPT_GROUP: o->group = optarg; break;
		}
	}
	if (optind + 1 != argc)
		return msg_usage("intune", "expected one PATH");
	o->path = argv[optind];
	if (o->settings == NULL || o->output == NULL)
		return msg_usage("intune", "--settings FILE and -o DIR are "
					   "required");
	if (o->group != NULL && !guid_valid(o->group))
		return msg_usage("intune",
				 "--group '%s' is not a group object "
				 "id (a GUID)",
				 o->group);
	return -1;
}

static int
write_profile(const struct intune_options *o, const struct admx_set *set,
	      const struct settings *s, struct gpf_error *err)
{
	struct intune_profile profile = { 0 };
	const struct admx_file **files = NULL;
	char name[512], desc[512];
	size_t nfiles = 0;
	int status;

	status = intune_profile_from_settings(&profile, set, s->items, s->count,
					      o->app, &files, &nfiles, err);
	snprintf(name, sizeof(name), "%s",
		 o->name  ? o->name
		 : nfiles ? files[0]->prefix
			  : "gpforge");
	snprintf(desc, sizeof(desc), "Made by gpforge from %s and %s.", o->path,
		 o->settings);
	if (status == GPF_OK) {
		struct intune_kit kit = { &profile, name,  desc,
					  o->group, files, nfiles };

		status = intune_write_kit(&kit, o->output, err);
	}
	if (status == GPF_OK)
		msg_note("wrote %s/profile.json (%zu rows)", o->output,
			 profile.count);
	intune_profile_free(&profile);
	free(files);
	return status;
}

int
cmd_intune(int argc, char **argv)
{
	struct intune_options o;
	struct settings s = { 0 };
	struct admx_set *set = NULL;
	struct gpf_error err;
	int rc;

	memset(&o, 0, sizeof(o));
	if ((rc = parse_options(argc, argv, &o)) >= 0)
		return rc;
	rc = cli_check_folder(o.output, &err);
	if (rc == GPF_OK)
		rc = admx_load(&set, o.path, o.lang, &err);
	if (rc == GPF_OK)
		rc = settings_load(&s, o.settings, set, &err);
	if (rc == GPF_OK)
		rc = write_profile(&o, set, &s, &err);
	settings_free(&s);
	admx_set_free(set);
	return rc == GPF_OK ? GPF_OK : msg_report(&err);
}
