/*
 * build.c - "gpforge build": the Outlook Safe Senders GPO and its kit.
 *
 * Everything is written into a staging folder beside the output folder
 * and renamed into place at the end, so an interrupted or failed build
 * leaves the previous output as it was.
 */
#include "build.h"
#include "build_private.h"
#include "admx.h"
#include "allowlists.h"
#include "bundle.h"
#include "gpf_xml.h"
#include "gpo_backup.h"
#include "intune.h"
#include "intune_kit.h"
#include "outfile.h"
#include "policy.h"
#include "psscript.h"
#include "regops.h"
#include "report.h"
#include "senders.h"
#include "settings.h"
#include "templates.h"
#include "utf16.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistr.h>
#include <unistd.h>

/* A fixed date for reproducible builds without SOURCE_DATE_EPOCH. */
#define DETERMINISTIC_EPOCH 946684800LL /* 2000-01-01T00:00:00Z */

void
build_defaults(struct build_options *o)
{
	memset(o, 0, sizeof(*o));
	o->output = BUILD_DEFAULT_OUTPUT;
	o->domain = BUILD_DEFAULT_DOMAIN;
	o->gpo_name = BUILD_DEFAULT_GPO_NAME;
	o->office_version = BUILD_DEFAULT_OFFICE;
	o->intune_path = BUILD_DEFAULT_INTUNE_PATH;
}

void
build_warn(struct build *b, const char *fmt, ...)
{
	struct build_result *r = b->result;
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	r->warnings = gpf_xrealloc(r->warnings, (r->warning_count + 1) *
						    sizeof(*r->warnings));
	r->warnings[r->warning_count++] = gpf_xstrdup(text);
}

/* Appends "PATH\n" to the list of files written, for --verbose. */
void
build_written(struct build *b, const char *path)
{
	struct build_result *r = b->result;
	size_t old = r->written ? strlen(r->written) : 0;

	r->written = gpf_xrealloc(r->written, old + strlen(path) + 2);
	sprintf(r->written + old, "%s\n", path);
}

char *
build_join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = gpf_xrealloc(NULL, n);

	snprintf(p, n, "%s/%s", a, b);
	return p;
}

/* --- checking the options ------------------------------------------------ */

static int
has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* X:\NAME with a drive letter and a file name. */
static int
is_drive_path(const char *p)
{
	return isalpha((unsigned char)p[0]) && p[1] == ':' && p[2] == '\\' &&
	       p[3] != '\0';
}

/* \\SERVER\SHARE\NAME with none of the three parts empty. */
static int
is_unc_path(const char *p)
{
	const char *server = p + 2, *share, *name;

	if (strncmp(p, "\\\\", 2) != 0 ||
	    (share = strchr(server, '\\')) == NULL || share == server)
		return 0;
	share++;
	name = strchr(share, '\\');
	return name != NULL && name > share && name[1] != '\0';
}

/*
 * A path Outlook reads the list from, named by option: at most 260
 * characters, no characters Windows paths cannot hold, and of the form
 * \\SERVER\SHARE\NAME or (when local_only is not set, or is) X:\NAME.
 */
int
build_check_path(struct build *b, const char *option, const char *p,
		 int local_only)
{
	if (*p == '\0')
		return gpf_fail(b->err, GPF_USAGE, "%s is empty", option);
	if (strlen(p) > BUILD_MAX_PATH)
		return gpf_fail(b->err, GPF_USAGE,
				"%s: %zu characters is "
				"longer than the %d Outlook reads",
				option, strlen(p), BUILD_MAX_PATH);
	if (has_control(p) || strpbrk(p, "\"<>|?*") != NULL)
		return gpf_fail(b->err, GPF_USAGE,
				"%s: '%s' holds a character "
				"Windows paths cannot",
				option, p);
	if (local_only && !is_drive_path(p))
		return gpf_fail(b->err, GPF_USAGE,
				"%s: '%s' is not a drive "
				"path (C:\\...)",
				option, p);
	if (!is_unc_path(p) && !is_drive_path(p))
		return gpf_fail(
		    b->err, GPF_USAGE,
		    "%s: '%s' is neither a UNC "
		    "path (\\\\server\\share\\...) nor a drive path "
		    "(C:\\...)",
		    option, p);
	return GPF_OK;
}

static int
check_allowlist_options(struct build *b)
{
	const struct build_options *o = b->o;
	const char *why;
	size_t i;

	for (i = 0; i < o->landing_url_count; i++)
		if ((why = allowlist_check_url(o->landing_urls[i])) != NULL)
			return gpf_fail(b->err, GPF_USAGE,
					"--landing-url '%s': "
					"%s",
					o->landing_urls[i], why);
	for (i = 0; i < o->defender_domain_count; i++)
		if ((why = senders_check_domain(o->defender_domains[i])))
			return gpf_fail(b->err, GPF_USAGE,
					"--defender-domain "
					"'%s': %s",
					o->defender_domains[i], why);
	for (i = 0; i < o->defender_ip_count; i++)
		if (!ps_valid_ip_range(o->defender_ips[i]))
			return gpf_fail(b->err, GPF_USAGE,
					"--defender-ip '%s' "
					"is not an IPv4 or IPv6 address or "
					"CIDR range",
					o->defender_ips[i]);
	return GPF_OK;
}

static int
check_options(struct build *b)
{
	const struct build_options *o = b->o;
	struct stat st;
	const char *why;
	size_t n, len;

	if (o->templates != NULL &&
	    (stat(o->templates, &st) != 0 || !S_ISDIR(st.st_mode)))
		return gpf_fail(b->err, GPF_NOINPUT,
				"--templates %s: not a "
				"folder",
				o->templates);

	if ((why = senders_check_domain(o->domain)) != NULL)
		return gpf_fail(b->err, GPF_USAGE, "--domain '%s': %s",
				o->domain, why);
	if (strcmp(o->office_version, "16.0") != 0 &&
	    strcmp(o->office_version, "15.0") != 0)
		return gpf_fail(b->err, GPF_USAGE,
				"--office-version takes "
				"16.0 or 15.0, not '%s'",
				o->office_version);
	/* Windows counts a GPO name's limit in characters, not bytes. */
	len = strlen(o->gpo_name);
	if (len == 0 || utf8_validate(o->gpo_name, len, &n) < 0 ||
	    u8_mbsnlen((const uint8_t *)o->gpo_name, len) > 255 ||
	    o->gpo_name[ps_visible_span(o->gpo_name, 0)] != '\0')
		return gpf_fail(b->err, GPF_USAGE,
				"--gpo-name must be 1 to 255 characters of "
				"UTF-8 without control characters");

	if (o->safe_senders_path != NULL) {
		b->path = gpf_xstrdup(o->safe_senders_path);
	} else {
		n = 2 * strlen(o->domain) + 32;
		b->path = gpf_xrealloc(NULL, n);
		snprintf(b->path, n, "\\\\%s\\NETLOGON\\SafeSenders.txt",
			 o->domain);
	}
	b->intune_path = o->intune_path;
	if (build_check_path(b, "--safe-senders-path", b->path, 0) != GPF_OK)
		return b->err->status;
	if (build_check_path(b, "--intune-path", b->intune_path, 1) != GPF_OK)
		return b->err->status;
	return check_allowlist_options(b);
}

/* Placeholders that must not reach production unnoticed. */
static void
warn_placeholders(struct build *b)
{
	if (strcmp(b->o->domain, BUILD_DEFAULT_DOMAIN) == 0)
		build_warn(b,
			   "--domain is the placeholder %s; give your domain's "
			   "DNS name",
			   BUILD_DEFAULT_DOMAIN);
	if (b->o->safe_senders_path == NULL &&
	    strcmp(b->o->domain, BUILD_DEFAULT_DOMAIN) == 0)
		build_warn(b, "--safe-senders-path is the placeholder %s",
			   b->path);
}

/* A folder holding nothing, or only the README git keeps there. */
static int
folder_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (d == NULL)
		return 0;
	while (empty && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0 &&
		    strcmp(e->d_name, "README") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

static int
check_output(struct build *b)
{
	const char *out = b->output;
	struct stat st;

	if (lstat(out, &st) != 0)
		return errno == ENOENT
			   ? GPF_OK
			   : gpf_fail(b->err, GPF_CANTCREAT, "%s: %s", out,
				      strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return gpf_fail(b->err, GPF_CANTCREAT,
				"%s: exists and is not "
				"a folder",
				out);
	if (!b->o->force && !folder_is_empty(out))
		return gpf_fail(b->err, GPF_CANTCREAT,
				"%s: folder is not "
				"empty; use --force to replace it",
				out);
	return GPF_OK;
}

/* --- inputs ----------------------------------------------------------------
 */

static int
load_senders(struct build *b)
{
	const struct build_options *o = b->o;
	struct gpf_buf text = { 0 };
	const char *origin;
	size_t i;
	int status;

	if (o->senders_file != NULL) {
		status =
		    senders_load(&b->senders, o->senders_file, NULL, b->err);
	} else {
		status = template_read(o->templates, TEMPLATE_SENDERS, &text,
				       &origin, b->err);
		if (status == GPF_OK)
			status = senders_load_text(&b->senders,
						   (const char *)text.data,
						   text.len, origin, b->err);
		gpf_buf_free(&text);
	}
	for (i = 0; status == GPF_OK && i < o->add_sender_count; i++)
		status = senders_add(&b->senders, o->add_senders[i],
				     "--add-sender", b->err);
	if (status == GPF_OK && b->senders.count == 0)
		status = gpf_fail(b->err, GPF_DATAERR,
				  "%s: no senders in the "
				  "list",
				  o->senders_file ? o->senders_file
						  : "built-in list");

	senders_finish(&b->senders);
	for (i = 0; i < b->senders.warning_count; i++)
		build_warn(b, "%s", b->senders.warnings[i]);
	return status;
}

/* "...\office\16.0\..." becomes "...\office\VERSION\..." in every key. */
static void
set_office_version(xmlNode *node, const char *version)
{
	static const char office[] = "\\office\\16.0\\";
	xmlChar *key;
	char *at, *fixed;

	for (; node != NULL; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		key = xmlGetNoNsProp(node, (const xmlChar *)"key");
		at = key ? strcasestr((char *)key, office) : NULL;
		if (at != NULL) {
			fixed = gpf_xstrdup((char *)key);
			memcpy(fixed + (at - (char *)key) + 8, version, 4);
			xmlSetProp(node, (const xmlChar *)"key",
				   (const xmlChar *)fixed);
			free(fixed);
		}
		xmlFree(key);
		set_office_version(node->children, version);
	}
}

/* Writes one template file into the staging folder, as it is. */
static int
copy_template(struct build *b, const char *name, const char *to)
{
	struct gpf_buf text = { 0 };
	const char *origin;
	char *path = build_join(b->staging, to);
	int status;

	status = template_read(b->o->templates, name, &text, &origin, b->err);
	if (status == GPF_OK)
		status = outfile_write_new(path, text.data, text.len, b->err);
	if (status == GPF_OK)
		build_written(b, to);
	gpf_buf_free(&text);
	free(path);
	return status;
}

static int
write_admx(struct build *b)
{
	struct gpf_buf text = { 0 }, out = { 0 };
	char *dir = build_join(b->staging, "PolicyDefinitions/en-US");
	char *path =
	    build_join(b->staging, "PolicyDefinitions/gpforge-outlook.admx");
	const char *origin;
	xmlDocPtr doc = NULL;
	int status;

	status = outfile_mkdirs(dir, b->err);
	if (status == GPF_OK)
		status = template_read(b->o->templates, TEMPLATE_ADMX, &text,
				       &origin, b->err);
	if (status == GPF_OK && (doc = xml_read_memory(text.data, text.len,
						       origin, b->err)) == NULL)
		status = b->err->status;
	if (status == GPF_OK) {
		set_office_version(xmlDocGetRootElement(doc),
				   b->o->office_version);
		status = xml_save(doc, "UTF-8", 1, 0, &out, b->err);
	}
	if (status == GPF_OK)
		status = outfile_write_new(path, out.data, out.len, b->err);
	if (status == GPF_OK) {
		build_written(b, "PolicyDefinitions/gpforge-outlook.admx");
		status = copy_template(b, TEMPLATE_ADML,
				       "PolicyDefinitions/"
				       "en-US/gpforge-outlook.adml");
	}
	xmlFreeDoc(doc);
	gpf_buf_free(&text);
	gpf_buf_free(&out);
	free(dir);
	free(path);
	return status;
}

/*
 * The settings text of the Outlook policies, pointing Outlook at path:
 * what "admx apply" would read from a settings file.
 */
static void
settings_text(const struct build *b, const char *path, struct gpf_buf *ini)
{
	char line[512];

	snprintf(line, sizeof(line),
		 "[gpforge:SafeSendersList]\n"
		 "state = enabled\nSafeSendersListPath = \"%s\"\n"
		 "[gpforge:ImportJunkMailLists]\nstate = enabled\n",
		 path);
	gpf_buf_append(ini, line, strlen(line));
	if (b->o->overwrite_list) {
		snprintf(line, sizeof(line),
			 "[gpforge:OverwriteJunkMailLists]"
			 "\nstate = enabled\n");
		gpf_buf_append(ini, line, strlen(line));
	}
	if (!b->o->no_picture_download) {
		snprintf(line, sizeof(line),
			 "[gpforge:SafeListPictureDownload]"
			 "\nstate = enabled\n");
		gpf_buf_append(ini, line, strlen(line));
	}
}

int
build_load_settings(const struct build *b, const char *path,
		    struct settings *out, struct gpf_error *err)
{
	struct gpf_buf ini = { 0 };
	int status;

	settings_text(b, path, &ini);
	status = settings_load_text(out, (const char *)ini.data, ini.len,
				    "build settings", b->admx, err);
	gpf_buf_free(&ini);
	return status;
}

/*
 * The policies, set through the template just written exactly as "admx
 * apply" would set them: for the GPO, pointing at the share; for Intune,
 * at the local copy the platform script places.
 */
static int
make_settings(struct build *b)
{
	char *dir = build_join(b->staging, "PolicyDefinitions");
	size_t i;
	int status;

	status = admx_load(&b->admx, dir, "en-US", b->err);
	if (status == GPF_OK)
		status = build_load_settings(b, b->path, &b->settings, b->err);
	if (status == GPF_OK)
		status = build_load_settings(b, b->intune_path,
					     &b->intune_settings, b->err);
	for (i = 0; status == GPF_OK && i < b->settings.count; i++)
		status =
		    policy_registry_ops(&b->settings.items[i], &b->ops, b->err);
	free(dir);
	return status;
}

/* When the build happened: SOURCE_DATE_EPOCH, a fixed date, or now. */
static int
build_time(struct build *b)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char *end;
	struct tm tm;
	time_t t;

	if (epoch != NULL && *epoch != '\0') {
		errno = 0;
		b->when = strtoll(epoch, &end, 10);
		/* Zip entry times run from 1980 to 2107. */
		if (errno != 0 || *end != '\0' || b->when < 315532800LL ||
		    b->when > 4354819199LL)
			return gpf_fail(b->err, GPF_USAGE,
					"SOURCE_DATE_EPOCH "
					"'%s' is not a time from 1980 to 2107 "
					"in seconds",
					epoch);
	} else {
		b->when = b->deterministic ? DETERMINISTIC_EPOCH
					   : (long long)time(NULL);
	}
	t = (time_t)b->when;
	gmtime_r(&t, &tm);
	strftime(b->backup.time, sizeof(b->backup.time), "%Y-%m-%dT%H:%M:%S",
		 &tm);
	return GPF_OK;
}

/*
 * A name-based GUID of kind for the GPO name in the OU.  The parts are
 * joined by line feeds, which neither a name nor an OU may hold, so that
 * different parts always make a different input ('/', say, may be in
 * both); an OU is never empty, so a build without one cannot meet it.
 */
static void
id_from_parts(char out[GUID_TEXT_SIZE], const char *kind, const char *domain,
	      const char *gpo_name, const char *ou)
{
	struct gpf_buf name = { 0 };

	gpf_buf_append(&name, "gpforge\n", 8);
	gpf_buf_append(&name, kind, strlen(kind));
	gpf_buf_putc(&name, '\n');
	gpf_buf_append(&name, domain, strlen(domain));
	gpf_buf_putc(&name, '\n');
	gpf_buf_append(&name, gpo_name, strlen(gpo_name));
	gpf_buf_putc(&name, '\n');
	if (ou != NULL)
		gpf_buf_append(&name, ou, strlen(ou));
	guid_from_name(out, gpf_buf_str(&name));
	gpf_buf_free(&name);
}

/* Name-based GUIDs for reproducible builds, random ones otherwise. */
void
build_make_ids(struct build *b, struct gpo_backup *g, const char *gpo_name,
	       const char *ou)
{
	char name[2048];

	if (!b->deterministic) {
		guid_random(g->gpo_guid);
		guid_random(g->backup_id);
	} else {
		id_from_parts(g->gpo_guid, "gpo", b->o->domain, gpo_name, ou);
		id_from_parts(g->backup_id, "backup", b->o->domain, gpo_name,
			      ou);
	}
	snprintf(name, sizeof(name), "gpforge/domain/%s", b->o->domain);
	guid_from_name(g->domain_guid, name);
}

/* --- outputs ---------------------------------------------------------------
 */

/* Saves list as file in the staging folder (ASCII, CRLF). */
int
build_save_list(struct build *b, const char *file,
		const struct sender_list *list, struct gpf_buf *text)
{
	char *path = build_join(b->staging, file), *data;
	size_t len;
	FILE *mem = outfile_memory(&data, &len);
	int status;

	status = senders_write(list, mem, path, b->err);
	if (fflush(mem) == 0 && text != NULL && status == GPF_OK)
		gpf_buf_append(text, data, len);
	status = outfile_save_memory(path, mem, &data, &len, status, b->err);
	if (status == GPF_OK)
		build_written(b, file);
	free(path);
	return status;
}

/* Saves dir/Import-GPOs.ps1 for the count GPOs. */
int
build_save_import_script(const char *dir, const struct ps_gpo *gpos,
			 size_t count, struct gpf_error *err)
{
	char *path = build_join(dir, "Import-GPOs.ps1"), *data;
	size_t len;
	FILE *mem = outfile_memory(&data, &len);
	int status;

	status = ps_write_import_gpos(mem, path, gpos, count, err);
	status = outfile_save_memory(path, mem, &data, &len, status, err);
	free(path);
	return status;
}

static int
write_safe_senders(struct build *b)
{
	return build_save_list(b, "SafeSenders.txt", &b->senders, NULL);
}

static int
write_gpo(struct build *b)
{
	char *dir = build_join(b->staging, "gpo");
	struct ps_gpo ps = { b->o->gpo_name, b->backup.backup_id, NULL };
	int status;

	b->backup.display_name = b->o->gpo_name;
	b->backup.domain = b->o->domain;
	b->backup.settings = b->settings.items;
	b->backup.setting_count = b->settings.count;
	b->backup.ops = &b->ops;
	status = gpo_backup_write(&b->backup, dir, b->o->templates, b->err);
	if (status == GPF_OK)
		status = gpo_manifest_write(&b->backup, 1, dir, b->o->templates,
					    b->err);

	if (status == GPF_OK)
		status = build_save_import_script(dir, &ps, 1, b->err);
	if (status == GPF_OK)
		build_written(b,
			      "gpo/ (backup, manifest.xml, Import-GPOs.ps1)");
	free(dir);
	return status;
}

/* One Intune profile's folder: what it is for and which list it carries. */
struct intune_target {
	const char *dir;   /* below the staging folder */
	const char *name;  /* the profile's display name */
	const char *group; /* assignment, or NULL */
	const struct sender_list *senders;
};

/* Runs a script writer into memory and saves the result as dir/name. */
static int
save_script(struct build *b, const char *dir, const char *name,
	    int (*writer)(FILE *, const char *, const struct build *,
			  const struct intune_target *, struct gpf_error *),
	    const struct intune_target *target)
{
	char *path = build_join(dir, name), *data;
	size_t len;
	FILE *mem = outfile_memory(&data, &len);
	int status;

	status = writer(mem, path, b, target, b->err);
	status = outfile_save_memory(path, mem, &data, &len, status, b->err);
	free(path);
	return status;
}

static int
upload_script(FILE *out, const char *path, const struct build *b,
	      const struct intune_target *target, struct gpf_error *err)
{
	(void)b;
	return ps_write_intune_upload(out, path, target->name, err);
}

static int
deploy_script(FILE *out, const char *path, const struct build *b,
	      const struct intune_target *target, struct gpf_error *err)
{
	char *list = NULL;
	size_t len = 0;
	FILE *mem = outfile_memory(&list, &len);
	int status;

	status = senders_write(target->senders, mem, path, err);
	fclose(mem);
	if (status == GPF_OK)
		status =
		    ps_write_deploy_file(out, path, b->intune_path, list, err);
	free(list);
	return status;
}

/*
 * An Intune folder: the same Outlook policies as a custom profile, for
 * devices Group Policy does not reach, pointing Outlook at the local
 * copy of the list, with the scripts that upload the profile and place
 * the list.
 */
int
build_write_intune(struct build *b, const char *rel, const char *name,
		   const char *group, const struct sender_list *senders)
{
	struct intune_target target = { rel, name, group, senders };
	struct intune_profile profile = { 0 };
	const struct admx_file **files = NULL;
	char *dir = build_join(b->staging, rel), desc[512];
	size_t nfiles = 0;
	int status;

	status = intune_profile_from_settings(
	    &profile, b->admx, b->intune_settings.items,
	    b->intune_settings.count, NULL, &files, &nfiles, b->err);
	snprintf(desc, sizeof(desc),
		 "Outlook trusts the senders in %s and "
		 "downloads their pictures. Made by gpforge.",
		 b->intune_path);
	if (status == GPF_OK) {
		struct intune_kit kit = { &profile, name,  desc,
					  group,    files, nfiles };

		status = intune_write_kit(&kit, dir, b->err);
	}
	if (status == GPF_OK)
		status = save_script(b, dir, "Upload-IntuneProfile.ps1",
				     upload_script, &target);
	if (status == GPF_OK)
		status = save_script(b, dir, "Deploy-SafeSendersFile.ps1",
				     deploy_script, &target);
	if (status == GPF_OK)
		build_written(b, rel);
	intune_profile_free(&profile);
	free(files);
	free(dir);
	return status;
}

static int
write_intune(struct build *b)
{
	return build_write_intune(b, "intune", b->o->gpo_name, NULL,
				  &b->senders);
}

/* The allow-list options, with the guide's URLs when none are given. */
static void
allowlist_options(const struct build_options *o, struct allowlist_options *a)
{
	static const char *const guide[] = { ALLOWLIST_LANDING_URL,
					     ALLOWLIST_IMAGE_URL };

	a->urls = o->landing_url_count ? o->landing_urls : guide;
	a->url_count = o->landing_url_count ? o->landing_url_count : 2;
	a->domains = o->defender_domains;
	a->domain_count = o->defender_domain_count;
	a->ip_ranges = o->defender_ips;
	a->ip_count = o->defender_ip_count;
	a->include_test_sender = o->include_test_sender;
}

/* allowlists/: Defender, Google Workspace and the gateway. */
int
build_write_allowlists(struct build *b)
{
	struct allowlist_options a;
	char *dir;
	int status;

	if (b->o->no_allowlists)
		return GPF_OK;
	allowlist_options(b->o, &a);
	dir = build_join(b->staging, "allowlists");
	status = allowlists_write(dir, &b->senders, &a, b->err);
	if (status == GPF_OK)
		build_written(b, "allowlists/");
	free(dir);
	return status;
}

/* Refuses lists Defender would refuse before anything is written. */
static int
check_allowlists(struct build *b)
{
	struct allowlist_options a;

	if (b->o->no_allowlists)
		return GPF_OK;
	allowlist_options(b->o, &a);
	return allowlists_check(&b->senders, &a, b->err);
}

/* The parts of a report every build fills the same way. */
void
build_report_base(const struct build *b, struct report *r)
{
	memset(r, 0, sizeof(*r));
	r->senders = &b->senders;
	r->safe_senders_path = b->path;
	r->domain = b->o->domain;
	r->office_version = b->o->office_version;
	r->generated = b->backup.time;
	r->warnings = b->result->warnings;
	r->warning_count = b->result->warning_count;
	r->allowlists = !b->o->no_allowlists;
}

static int
write_report(struct build *b)
{
	const char *ous[1] = { NULL };
	char *path = build_join(b->staging, "report.html");
	struct report r;
	int status;

	build_report_base(b, &r);
	r.gpos = &b->backup;
	r.ous = ous;
	r.gpo_count = 1;
	status = report_write(&r, path, b->err);
	if (status == GPF_OK)
		build_written(b, "report.html");
	free(path);
	return status;
}

/*
 * Zip entries hold local time; for a reproducible build the fields must
 * read as the UTC time whatever the machine's zone, so the instant is
 * shifted until local time shows those fields.
 */
long long
build_zip_time(struct build *b)
{
	struct tm tm;
	time_t t = (time_t)b->when;

	if (!b->deterministic)
		return -1;
	gmtime_r(&t, &tm);
	tm.tm_isdst = -1;
	return (long long)mktime(&tm);
}

static int
write_bundle(struct build *b)
{
	static const char *const gpo[] = { "PolicyDefinitions",
					   "SafeSenders.txt", "gpo",
					   "report.html", "allowlists" };
	static const char *const intune[] = { "intune", "allowlists" };
	size_t extra = b->o->no_allowlists ? 0 : 1;
	char *dir = build_join(b->staging, "bundles");
	char *zip = build_join(dir, "gpo-backup.zip");
	int status;

	status = outfile_mkdirs(dir, b->err);
	if (status == GPF_OK)
		status = bundle_write(zip, b->staging, gpo, 4 + extra,
				      build_zip_time(b), b->err);
	free(zip);
	zip = build_join(dir, "intune.zip");
	if (status == GPF_OK)
		status = bundle_write(zip, b->staging, intune, 1 + extra,
				      build_zip_time(b), b->err);
	if (status == GPF_OK)
		build_written(b,
			      "bundles/gpo-backup.zip and bundles/intune.zip");
	free(zip);
	free(dir);
	return status;
}

/* --- putting it in place ---------------------------------------------------
 */

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void
remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ".NAME.new-XXXXXX" beside the output folder, on the same file system. */
static int
make_staging(struct build *b)
{
	const char *out = b->output, *slash = strrchr(out, '/');
	size_t n = strlen(out) + 16;
	int dirlen = slash ? (int)(slash - out) + 1 : 0;

	b->staging = gpf_xrealloc(NULL, n);
	snprintf(b->staging, n, "%.*s.%s.new-XXXXXX", dirlen, out,
		 out + dirlen);
	if (mkdtemp(b->staging) == NULL) {
		gpf_fail(b->err, GPF_CANTCREAT,
			 "%s: cannot create a folder "
			 "beside it: %s",
			 out, strerror(errno));
		free(b->staging);
		b->staging = NULL;
		return GPF_CANTCREAT;
	}
	chmod(b->staging, 0755);
	return GPF_OK;
}

/* The README git keeps in the default output folder stays there. */
static int
keep_readme(struct build *b)
{
	char *from = build_join(b->output, "README");
	char *to = build_join(b->staging, "README");
	struct gpf_buf text = { 0 };
	char chunk[4096];
	struct stat st;
	ssize_t n;
	int fd, status = GPF_OK;

	/* Only a plain file: a link could bring any file into the output. */
	fd = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		while ((n = read(fd, chunk, sizeof(chunk))) > 0)
			gpf_buf_append(&text, chunk, (size_t)n);
		if (n < 0)
			status = gpf_fail(b->err, GPF_IOERR, "%s: %s", from,
					  strerror(errno));
		else
			status =
			    outfile_write_new(to, text.data, text.len, b->err);
	}
	if (fd >= 0)
		close(fd);
	gpf_buf_free(&text);
	free(from);
	free(to);
	return status;
}

/*
 * Exchanges the staging folder and an existing output in one step
 * (Linux's renameat2), so that no moment passes without the output;
 * the old output, now under the staging name, is then removed.
 * Returns 0, or -1 where the system or file system cannot do it.
 */
static int
exchange_into_place(struct build *b)
{
#ifdef RENAME_EXCHANGE
	if (renameat2(AT_FDCWD, b->staging, AT_FDCWD, b->output,
		      RENAME_EXCHANGE) == 0) {
		remove_tree(b->staging);
		free(b->staging);
		b->staging = NULL;
		return 0;
	}
#else
	(void)b;
#endif
	return -1;
}

/*
 * Moves the old output aside, the staging folder into its place, and
 * then removes the old one; if the second rename fails, the old output
 * goes back.
 */
static int
swap_into_place(struct build *b)
{
	const char *out = b->output;
	size_t n = strlen(b->staging) + 16;
	char *old;
	int moved = 0;

	if (access(out, F_OK) == 0 && exchange_into_place(b) == 0)
		return GPF_OK;
	old = gpf_xrealloc(NULL, n);

	/* An empty folder to rename the old output onto, atomically. */
	snprintf(old, n, "%s.old-XXXXXX", b->staging);
	if (mkdtemp(old) == NULL) {
		gpf_fail(b->err, GPF_CANTCREAT,
			 "%s: cannot make a folder "
			 "beside it: %s",
			 out, strerror(errno));
		free(old);
		return GPF_CANTCREAT;
	}
	if (access(out, F_OK) == 0) {
		if (rename(out, old) != 0) {
			gpf_fail(b->err, GPF_CANTCREAT, "%s: %s", out,
				 strerror(errno));
			rmdir(old);
			free(old);
			return GPF_CANTCREAT;
		}
		moved = 1;
	}
	if (rename(b->staging, out) != 0) {
		gpf_fail(b->err, GPF_CANTCREAT, "%s: %s", out, strerror(errno));
		if (moved)
			rename(old, out);
		else
			rmdir(old);
		free(old);
		return GPF_CANTCREAT;
	}
	if (moved)
		remove_tree(old);
	else
		rmdir(old);
	free(old);
	free(b->staging);
	b->staging = NULL;
	return GPF_OK;
}

static int
write_all(struct build *b)
{
	int status;

	if ((status = make_staging(b)) != GPF_OK)
		return status;
	if (b->o->ou_csv != NULL) {
		if ((status = write_admx(b)) || (status = make_settings(b)) ||
		    (status = batch_write(b)) || (status = keep_readme(b)))
			return status;
		return swap_into_place(b);
	}
	if ((status = write_admx(b)) || (status = make_settings(b)) ||
	    (status = write_safe_senders(b)) || (status = write_gpo(b)) ||
	    (status = write_intune(b)) ||
	    (status = build_write_allowlists(b)) ||
	    (status = write_report(b)) || (status = write_bundle(b)) ||
	    (status = keep_readme(b)))
		return status;
	return swap_into_place(b);
}

/*
 * A failure while writing names the file by where it was to go, not by
 * the staging folder, which is gone when the message is read.
 */
static void
name_by_output(struct build *b)
{
	struct gpf_buf fixed = { 0 };
	const char *from = b->err->message, *at;
	size_t n = strlen(b->staging);

	while ((at = strstr(from, b->staging)) != NULL) {
		gpf_buf_append(&fixed, from, (size_t)(at - from));
		gpf_buf_append(&fixed, b->output, strlen(b->output));
		from = at + n;
	}
	gpf_buf_append(&fixed, from, strlen(from));
	snprintf(b->err->message, sizeof(b->err->message), "%s",
		 gpf_buf_str(&fixed));
	gpf_buf_free(&fixed);
}

int
build_run(const struct build_options *o, struct build_result *result,
	  struct gpf_error *err)
{
	struct build b;
	int status;

	memset(&b, 0, sizeof(b));
	memset(result, 0, sizeof(*result));
	b.o = o;
	b.result = result;
	b.err = err;
	b.output = gpf_xstrdup(o->output);
	for (size_t n = strlen(b.output); n > 1 && b.output[n - 1] == '/';)
		b.output[--n] = '\0';
	b.deterministic =
	    o->deterministic || (getenv("SOURCE_DATE_EPOCH") != NULL &&
				 *getenv("SOURCE_DATE_EPOCH") != '\0');

	status = check_options(&b);
	if (status == GPF_OK)
		status = check_output(&b);
	if (status == GPF_OK)
		status = load_senders(&b);
	if (status == GPF_OK)
		status = check_allowlists(&b);
	if (status == GPF_OK) {
		warn_placeholders(&b);
		status = build_time(&b);
	}
	if (status == GPF_OK) {
		build_make_ids(&b, &b.backup, o->gpo_name, NULL);
		status = write_all(&b);
	}

	result->sender_count = b.senders.count;
	if (o->ou_csv == NULL && status == GPF_OK)
		result->gpo_count = 1;
	if (b.staging != NULL) {
		if (status != GPF_OK)
			name_by_output(&b);
		remove_tree(b.staging);
		free(b.staging);
	}
	regops_free(&b.ops);
	settings_free(&b.settings);
	settings_free(&b.intune_settings);
	admx_set_free(b.admx);
	senders_free(&b.senders);
	free(b.path);
	free(b.output);
	return status;
}

void
build_result_free(struct build_result *result)
{
	size_t i;

	for (i = 0; i < result->warning_count; i++)
		free(result->warnings[i]);
	free(result->warnings);
	free(result->written);
	memset(result, 0, sizeof(*result));
}
