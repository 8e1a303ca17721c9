/*
 * cmd_admx.c - "gpforge admx list|show|lint|apply".
 */
#include "cmd_admx.h"
#include "admx.h"
#include "admx_lint.h"
#include "cli.h"
#include "msg.h"
#include "outfile.h"
#include "policy.h"
#include "regops.h"
#include "settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char admx_help[] =
    "Usage: gpforge admx list PATH [--lang L]\n"
    "       gpforge admx show PATH POLICY [--lang L]\n"
    "       gpforge admx lint PATH [--intune] [--lang L]\n"
    "       gpforge admx apply PATH --settings FILE -o DIR [--lang L]\n"
    "\n"
    "PATH is an .admx file (its ADML is read from LANG/ beside it) or a\n"
    "PolicyDefinitions-style folder of them.\n"
    "\n"
    "list   one line per policy: prefix:name, class, key, value name,\n"
    "       category path (names joined by ~, root first), display name\n"
    "show   everything about one policy and the registry writes it makes\n"
    "lint   check the templates; exit 1 when anything is found\n"
    "apply  write DIR/User/registry.pol and DIR/Machine/registry.pol\n"
    "       for the policies a settings file sets\n"
    "\n"
    "  -l, --lang=L         ADML language (default en-US, falling back "
    "to en-US)\n"
    "  -i, --intune         lint: add the rules of Intune ADMX ingestion\n"
    "  -s, --settings=FILE  apply: the settings (INI) file\n"
    "  -o, --output=DIR     apply: where the registry.pol files go\n"
    "  -q, --quiet          print errors only\n"
    "  -v, --verbose        say what is written\n"
    "  -h, --help           show this help\n"
    "  -V, --version        show the version\n";

struct admx_options {
	const char *command;
	const char *lang;
	const char *settings;
	const char *output;
	int intune;
	char **args; /* the operands */
	int nargs;
};

static int
parse_options(int argc, char **argv, struct admx_options *o)
{
	static const struct option longopts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "intune", no_argument, NULL, 'i' },
		{ "settings", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	int opt, rc;

	cli_reset();
	while ((opt = getopt_long(argc, argv, ":l:is:o:" CLI_COMMON_SHORT,
				  longopts, NULL)) != -1) {
		rc = cli_common(opt, o->command, admx_help, argv);
		if (rc == CLI_CONTINUE)
			continue;
		if (rc != CLI_NOT_COMMON)
			return rc;
		if (opt == 'l')
			o->lang = optarg;
		else if (opt == 'i')
			o->intune = 1;
		else if (opt == 's')
			o->settings = optarg;
		else if (opt == 'o')
			o->output = optarg;
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	return -1;
}

/* Tabs and line breaks would break the tab-separated list. */
static void
put_field(const char *text)
{
	for (; text && *text; text++)
		putchar(*text == '\t' || *text == '\n' || *text == '\r'
			    ? ' '
			    : *text);
}

static int
admx_list(struct admx_set *set)
{
	struct gpf_buf path = { 0 };
	const struct admx_policy *p;
	size_t i, j;

	for (i = 0; i < set->file_count; i++) {
		for (j = 0; j < set->files[i]->policy_count; j++) {
			p = &set->files[i]->policies[j];
			gpf_buf_clear(&path);
			admx_category_path(p->category, '~', &path);
			printf("%s:%s\t%s\t", p->file->prefix, p->name,
			       admx_class_name(p->class));
			put_field(p->key);
			putchar('\t');
			put_field(p->value_name);
			printf("\t%s\t", gpf_buf_str(&path));
			put_field(admx_policy_display_name(p));
			putchar('\n');
		}
	}
	gpf_buf_free(&path);
	return cli_finish_stdout(GPF_OK);
}

static void
put_value_text(const struct admx_value *v)
{
	switch (v->kind) {
	case ADMX_VALUE_DELETE: printf("delete"); break;
	case ADMX_VALUE_DECIMAL:
		printf("%llu", (unsigned long long)v->number);
		break;
	case ADMX_VALUE_LONG_DECIMAL:
		printf("%llu (64-bit)", (unsigned long long)v->number);
		break;
	case ADMX_VALUE_STRING: printf("\"%s\"", v->string); break;
	case ADMX_VALUE_ABSENT: printf("(default)"); break;
	}
}

static void
put_flag(const char *name, int on)
{
	if (on)
		printf(", %s", name);
}

/* The limits and options of one element, after its type and id. */
static void
show_limits(const struct admx_policy *p, const struct admx_element *e)
{
	size_t i;

	switch (e->type) {
	case ADMX_DECIMAL:
	case ADMX_LONG_DECIMAL:
		printf(", %llu..%llu", (unsigned long long)e->min_value,
		       (unsigned long long)e->max_value);
		put_flag("storeAsText", e->store_as_text);
		break;
	case ADMX_TEXT:
	case ADMX_MULTI_TEXT:
		printf(", maxLength %lu", e->max_length);
		if (e->type == ADMX_MULTI_TEXT)
			printf(", maxStrings %lu", e->max_strings);
		put_flag("expandable", e->expandable);
		break;
	case ADMX_LIST:
		printf(", key %s", e->key ? e->key : p->key);
		if (e->value_prefix)
			printf(", valuePrefix \"%s\"", e->value_prefix);
		put_flag("additive", e->additive);
		put_flag("explicitValue", e->explicit_value);
		put_flag("expandable", e->expandable);
		break;
	case ADMX_BOOLEAN:
		printf(", true ");
		put_value_text(&e->true_value);
		printf(", false ");
		put_value_text(&e->false_value);
		break;
	case ADMX_ENUM:
		for (i = 0; i < e->item_count; i++) {
			const char *t =
			    admx_string(p->file, e->items[i].display_name);

			printf("\n        %zu = %s: ", i,
			       t ? t : e->items[i].display_name);
			put_value_text(&e->items[i].value);
		}
		break;
	}
	put_flag("required", e->required);
	put_flag("soft", e->soft);
}

static void
show_elements(const struct admx_policy *p)
{
	const struct admx_element *e;
	const struct admx_control *ctl;
	size_t i;

	printf("Elements:%s\n", p->element_count ? "" : " none");
	for (i = 0; i < p->element_count; i++) {
		e = &p->elements[i];
		printf("    %s %s", admx_element_type_name(e->type), e->id);
		if (e->value_name)
			printf(" -> %s", e->value_name);
		show_limits(p, e);
		ctl = admx_element_control(p, e);
		if (ctl != NULL && ctl->label && *ctl->label)
			printf("\n        label: %s", ctl->label);
		putchar('\n');
	}
}

static int
show_writes(const struct admx_policy *p, enum policy_state state)
{
	struct policy_setting s = { p, state,
				    p->class == ADMX_MACHINE ? ADMX_MACHINE
							     : ADMX_USER,
				    NULL, 0 };
	struct regop_list ops = { 0 };
	struct gpf_error err;
	int status;

	status = policy_registry_ops(&s, &ops, &err);
	printf("%s writes%s:\n",
	       state == POLICY_ENABLED ? "Enabled" : "Disabled",
	       p->class == ADMX_BOTH ? " (class Both: HKLM alike)" : "");
	regops_describe(&ops, stdout, "    ");
	regops_free(&ops);
	return status;
}

static int
admx_show(struct admx_set *set, const char *name)
{
	const struct admx_policy *p;
	struct gpf_buf path = { 0 };
	struct gpf_error err;
	const char *text;

	if ((p = admx_find_policy(set, name, &err)) == NULL)
		return msg_report(&err);
	admx_category_path(p->category, '~', &path);
	printf("Policy:       %s:%s\n", p->file->prefix, p->name);
	printf("Display name: %s\n", admx_policy_display_name(p));
	printf("Class:        %s\n", admx_class_name(p->class));
	printf("Key:          %s\n", p->key);
	printf("Value name:   %s\n", p->value_name ? p->value_name : "(none)");
	printf("Category:     %s\n", gpf_buf_str(&path));
	text = p->supported
		   ? admx_string(p->supported->file, p->supported->display_name)
		   : NULL;
	printf("Supported on: %s\n", text		? text
				     : p->supported_ref ? p->supported_ref
							: "");
	text = admx_string(p->file, p->explain_text);
	printf("Explanation:\n%s\n\n", text ? text : "");
	gpf_buf_free(&path);

	show_elements(p);
	show_writes(p, POLICY_ENABLED);
	show_writes(p, POLICY_DISABLED);
	return cli_finish_stdout(GPF_OK);
}

static int
make_dir(const char *path, struct gpf_error *err)
{
	int status = cli_check_folder(path, err);

	if (status != GPF_OK || mkdir(path, 0755) == 0 || errno == EEXIST)
		return status;
	return gpf_fail(err, GPF_CANTCREAT, "%s: %s", path, strerror(errno));
}

/* DIR/User/registry.pol or DIR/Machine/registry.pol for class. */
static char *
class_file(const char *dir, enum admx_class class, int folder_only)
{
	const char *sub = class == ADMX_USER ? "User" : "Machine";
	size_t n = strlen(dir) + 32;
	char *path = gpf_xrealloc(NULL, n);

	snprintf(path, n, folder_only ? "%s/%s" : "%s/%s/registry.pol", dir,
		 sub);
	return path;
}

/*
 * Writes class's registry.pol to a temporary file beside its place, or
 * leaves out->fp NULL when the class has no settings.  Nothing is
 * renamed yet: a refusal of the second class must leave the first as
 * it was.
 */
static int
stage_class(const struct regop_list *ops, enum admx_class class,
	    const char *dir, struct outfile *out, struct gpf_error *err)
{
	char *folder = class_file(dir, class, 1);
	char *file = class_file(dir, class, 0);
	int status;

	memset(out, 0, sizeof(*out));
	if (regops_count(ops, class) == 0)
		status = cli_check_folder(folder, err);
	else if ((status = make_dir(folder, err)) == GPF_OK &&
		 (status = outfile_open(out, file, err)) == GPF_OK) {
		status = regops_write_pol(ops, class, out->fp, file, err);
		if (status != GPF_OK)
			outfile_abort(out);
	}
	free(folder);
	free(file);
	return status;
}

/*
 * Renames a staged file into place, or, for a class without settings,
 * removes the file an earlier run left, which would apply stale values.
 */
static int
commit_class(struct outfile *out, enum admx_class class, const char *dir,
	     struct gpf_error *err)
{
	char *file = class_file(dir, class, 0);
	int status = GPF_OK;

	if (out->fp != NULL) {
		status = outfile_commit(out, err);
		if (status == GPF_OK)
			msg_note("wrote %s", file);
	} else if (unlink(file) == 0) {
		msg_note("removed %s: no %s settings now", file,
			 class == ADMX_USER ? "User" : "Machine");
	}
	free(file);
	return status;
}

/* Both class folders, before either file is written: no link, no file. */
static int
check_class_folders(const char *dir, struct gpf_error *err)
{
	static const char *const subs[] = { "User", "Machine" };
	size_t i, n = strlen(dir) + 16;
	char *folder = gpf_xrealloc(NULL, n);
	int status = GPF_OK;

	for (i = 0; i < 2 && status == GPF_OK; i++) {
		snprintf(folder, n, "%s/%s", dir, subs[i]);
		status = cli_check_folder(folder, err);
	}
	free(folder);
	return status;
}

/* Both files staged first, then both renamed into place. */
static int
write_classes(const struct regop_list *ops, const char *dir,
	      struct gpf_error *err)
{
	struct outfile user, machine;
	int status;

	status = check_class_folders(dir, err);
	if (status != GPF_OK)
		return status;

	status = stage_class(ops, ADMX_USER, dir, &user, err);
	if (status != GPF_OK)
		return status;
	status = stage_class(ops, ADMX_MACHINE, dir, &machine, err);
	if (status != GPF_OK) {
		outfile_abort(&user);
		return status;
	}

	status = commit_class(&user, ADMX_USER, dir, err);
	if (status == GPF_OK)
		return commit_class(&machine, ADMX_MACHINE, dir, err);
	outfile_abort(&machine);
	return status;
}

static int
admx_apply(struct admx_set *set, const struct admx_options *o)
{
	struct regop_list ops = { 0 };
	struct settings settings;
	struct gpf_error err;
	size_t i;
	int status;

	if (o->settings == NULL || o->output == NULL)
		return msg_usage(o->command, "--settings FILE and -o DIR are "
					     "required");
	status = settings_load(&settings, o->settings, set, &err);
	for (i = 0; status == GPF_OK && i < settings.count; i++)
		status = policy_registry_ops(&settings.items[i], &ops, &err);
	if (status == GPF_OK)
		status = make_dir(o->output, &err);
	if (status == GPF_OK)
		status = write_classes(&ops, o->output, &err);

	regops_free(&ops);
	settings_free(&settings);
	return status == GPF_OK ? GPF_OK : msg_report(&err);
}

static int
admx_lint_command(struct admx_set *set, int intune)
{
	struct lint_report report = { 0 };
	size_t i, count;

	admx_lint(set, intune, &report);
	count = report.count;
	for (i = 0; i < report.count; i++)
		printf("%s\n", report.findings[i]);
	if (report.count > 0)
		msg_note("%zu finding%s", report.count,
			 report.count == 1 ? "" : "s");
	lint_report_free(&report);
	return cli_finish_stdout(count ? GPF_FINDINGS : GPF_OK);
}

static int
run(struct admx_options *o, const char *sub)
{
	struct admx_set *set;
	struct gpf_error err;
	int want = strcmp(sub, "show") == 0 ? 2 : 1, status;

	if (o->nargs != want)
		return msg_usage(o->command, want == 2 ? "expected PATH and "
							 "POLICY"
						       : "expected one PATH");
	if (admx_load(&set, o->args[0], o->lang, &err) != GPF_OK)
		return msg_report(&err);

	if (strcmp(sub, "list") == 0)
		status = admx_list(set);
	else if (strcmp(sub, "show") == 0)
		status = admx_show(set, o->args[1]);
	else if (strcmp(sub, "lint") == 0)
		status = admx_lint_command(set, o->intune);
	else
		status = admx_apply(set, o);
	admx_set_free(set);
	return status;
}

int
cmd_admx(int argc, char **argv)
{
	static const char *const subs[] = { "list", "show", "lint", "apply" };
	struct admx_options o;
	char command[32];
	size_t i;
	int rc;

	if (argc < 2)
		return msg_usage("admx", "expected list, show, lint or apply");
	if (argv[1][0] == '-') {
		memset(&o, 0, sizeof(o));
		o.command = "admx";
		rc = parse_options(argc, argv, &o);
		return rc >= 0 ? rc
			       : msg_usage("admx", "expected list, show, "
						   "lint or apply");
	}
	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (strcmp(argv[1], subs[i]) != 0)
			continue;
		memset(&o, 0, sizeof(o));
		snprintf(command, sizeof(command), "admx %s", subs[i]);
		o.command = command;
		rc = parse_options(argc - 1, argv + 1, &o);
		return rc >= 0 ? rc : run(&o, subs[i]);
	}
	return msg_usage("admx",
			 "unknown command '%s' (expected list, show, "
			 "lint or apply)",
			 argv[1]);
}
