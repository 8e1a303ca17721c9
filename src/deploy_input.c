/*
 * deploy_input.c - what "gpforge deploy" takes from a build's output
 * folder: each GPO of gpo/manifest.xml (its Backup.xml and
 * Registry.pol), its OU from gpo/links.csv, and, when asked, the sender
 * lists and the templates.
 */
#include "deploy_private.h"
#include "casefold.h"
#include "gpf_xml.h"
#include "links_csv.h"
#include "oucsv.h"
#include "regpol.h"
#include "utf16.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* The Outlook value that names the Safe Senders list. */
#define SAFE_SENDERS_VALUE "junkmailsafesendersfile"

static char *
join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *s = gpf_xrealloc(NULL, n);

	snprintf(s, n, "%s/%s", a, b);
	return s;
}

static void warn(struct deploy_input *in, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
warn(struct deploy_input *in, const char *fmt, ...)
{
	char line[GPF_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	in->warnings = gpf_xrealloc(in->warnings, (in->warning_count + 1) *
						      sizeof(*in->warnings));
	in->warnings[in->warning_count++] = gpf_xstrdup(line);
}

char *
deploy_policies_path(const char *domain)
{
	char *path = join(domain, "Policies"), *p;

	/* Samba keeps the domain's SYSVOL folder in lower case. */
	for (p = path; *p != '/'; p++)
		*p = (char)tolower((unsigned char)*p);
	return path;
}

/* --- manifest.xml and each backup -------------------------------------- */

/* The text of the child element name of node, malloc'd ("" if none). */
static char *
child_text(const xmlNode *node, const char *name)
{
	xmlNode *c = xml_child(node, name);

	return c ? xml_text(c) : gpf_xstrdup("");
}

static int
read_core_settings(const char *gpo_dir, struct deploy_gpo *g,
		   struct gpf_error *err)
{
	char *path = join(gpo_dir, "Backup.xml"), *options;
	xmlDocPtr doc = xml_read(path, err);
	xmlNode *core = NULL;
	int status = GPF_OK;

	if (doc != NULL) {
		core =
		    xml_child(xmlDocGetRootElement(doc), "GroupPolicyObject");
		core = core ? xml_child(core, "GroupPolicyCoreSettings") : NULL;
	}
	if (doc == NULL)
		status = err->status;
	else if (core == NULL)
		status = gpf_fail(err, GPF_DATAERR,
				  "%s: no GroupPolicyCoreSettings", path);
	if (status == GPF_OK) {
		options = child_text(core, "Options");
		g->flags = (unsigned)strtoul(options, NULL, 10) & 3;
		free(options);
		g->user_extensions = child_text(core, "UserExtensionGuids");
		g->machine_extensions =
		    child_text(core, "MachineExtensionGuids");
	}
	xmlFreeDoc(doc);
	free(path);
	return status;
}

/* The Safe Senders path the Registry.pol gives Outlook, or NULL. */
static int
find_list_path(struct deploy_gpo *g, const char *name, struct gpf_error *err)
{
	struct regpol_reader *r = NULL;
	const struct regpol_record *rec;
	struct gpf_buf text = { 0 };
	size_t bad;
	int rc, status;

	status =
	    regpol_reader_open_buffer(&r, g->pol.data, g->pol.len, name, err);
	while (status == GPF_OK &&
	       (rc = regpol_reader_next(r, &rec, err)) != 0) {
		if (rc < 0) {
			status = err->status;
			break;
		}
		if (strcasecmp(rec->value, SAFE_SENDERS_VALUE) != 0 ||
		    (rec->type != REG_SZ && rec->type != REG_EXPAND_SZ))
			continue;
		gpf_buf_clear(&text);
		if (utf16le_to_utf8(rec->data, rec->size / 2, &text, &bad) != 0)
			continue;
		free(g->list_path);
		g->list_path = gpf_xstrdup(gpf_buf_str(&text));
	}
	if (r != NULL)
		regpol_reader_free(r);
	gpf_buf_free(&text);
	return status;
}

static int
read_backup(const struct deploy_options *o, struct deploy_gpo *g,
	    struct gpf_error *err)
{
	char *gpo = join(o->output, "gpo");
	char *dir = join(gpo, g->backup_id);
	char *pol = join(dir, "DomainSysvol/GPO/User/registry.pol");
	int status;

	status = read_core_settings(dir, g, err);
	if (status == GPF_OK)
		status = gpf_buf_read_file(&g->pol, pol, err);
	if (status == GPF_OK)
		status = find_list_path(g, pol, err);
	free(gpo), free(dir), free(pol);
	return status;
}

/* A manifest entry: the backup's id and display name, checked. */
static int
add_gpo(struct deploy_input *in, const char *manifest, const xmlNode *inst,
	struct gpf_error *err)
{
	struct deploy_gpo *g;
	char *id = child_text(inst, "ID"),
	     *name = child_text(inst, "GPODisplayName");
	struct gpf_buf key = { 0 };
	size_t i;
	int status = GPF_OK;

	if (!guid_valid(id) || id[0] != '{')
		status = gpf_fail(err, GPF_DATAERR,
				  "%s: line %ld: backup ID '%.60s' is not a "
				  "GUID in braces",
				  manifest, xml_line(inst), id);
	else if (name[0] == '\0')
		status = gpf_fail(err, GPF_DATAERR,
				  "%s: line %ld: a backup without a "
				  "GPODisplayName",
				  manifest, xml_line(inst));
	casefold_append(name, strlen(name), &key);
	for (i = 0; status == GPF_OK && i < in->gpo_count; i++)
		if (strcmp(gpf_buf_str(&in->gpos[i].name_key),
			   gpf_buf_str(&key)) == 0)
			status = gpf_fail(err, GPF_DATAERR,
					  "%s: line %ld: two GPOs are named "
					  "'%s'; deploy finds GPOs by name",
					  manifest, xml_line(inst), name);
	if (status != GPF_OK) {
		free(id), free(name), gpf_buf_free(&key);
		return status;
	}
	in->gpos =
	    gpf_xrealloc(in->gpos, (in->gpo_count + 1) * sizeof(*in->gpos));
	g = &in->gpos[in->gpo_count++];
	memset(g, 0, sizeof(*g));
	g->backup_id = id;
	g->name = name;
	g->name_key = key;
	return GPF_OK;
}

static int
read_manifest(const struct deploy_options *o, struct deploy_input *in,
	      struct gpf_error *err)
{
	char *path = join(o->output, "gpo/manifest.xml"), *domain;
	xmlDocPtr doc = xml_read(path, err);
	xmlNode *inst;
	int status = doc ? GPF_OK : err->status;

	if (doc == NULL && status == GPF_NOINPUT)
		gpf_fail(err, GPF_NOINPUT,
			 "%s: no GPO manifest here; run gpforge build first, "
			 "or name its output folder",
			 path);
	for (inst = doc ? xml_element(xmlDocGetRootElement(doc)->children)
			: NULL;
	     status == GPF_OK && inst != NULL; inst = xml_element(inst->next)) {
		if (!xml_is(inst, "BackupInst"))
			continue;
		status = add_gpo(in, path, inst, err);
		domain = child_text(inst, "GPODomain");
		if (status == GPF_OK &&
		    strcasecmp(domain, o->login.domain) != 0)
			warn(in,
			     "GPO '%s' was built for domain %s, not %s; its "
			     "paths may point at the wrong domain",
			     in->gpos[in->gpo_count - 1].name, domain,
			     o->login.domain);
		free(domain);
	}
	if (status == GPF_OK && in->gpo_count == 0)
		status = gpf_fail(err, GPF_DATAERR, "%s: no GPO backups listed",
				  path);
	xmlFreeDoc(doc);
	free(path);
	return status;
}

/* --- links.csv --------------------------------------------------------- */

/* Whether dn (checked) lies in the domain whose DN is domain_dn. */
static int
in_domain(const char *dn, const char *domain_dn)
{
	struct gpf_buf key = { 0 }, dkey = { 0 }, first = { 0 };
	int inside;

	/* Both come out normalised; the domain's lacks an OU= part, which
	 * dn_parse reports after filling the key. */
	dn_parse(dn, &key, &first);
	dn_parse(domain_dn, &dkey, &first);
	inside =
	    key.len > dkey.len + 1 && key.data[key.len - dkey.len - 1] == ',' &&
	    memcmp(key.data + key.len - dkey.len, dkey.data, dkey.len) == 0;
	gpf_buf_free(&key), gpf_buf_free(&first), gpf_buf_free(&dkey);
	return inside;
}

/* Whether name is a file's name alone: no folder, no "." or "..". */
static int
plain_file_name(const char *name)
{
	return strchr(name, '/') == NULL && strchr(name, '\\') == NULL &&
	       strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

static int
apply_link(struct deploy_input *in, const struct link_row *row,
	   struct gpf_error *err)
{
	struct gpf_buf key = { 0 }, first = { 0 };
	const char *why = dn_parse(row->ou, &key, &first);
	size_t i;

	gpf_buf_free(&key), gpf_buf_free(&first);
	if (why != NULL)
		return gpf_fail(err, GPF_DATAERR,
				"%s: line %lu: OU '%s' is not a distinguished "
				"name: %s",
				in->links_csv, row->line, row->ou, why);
	if (!in_domain(row->ou, in->domain_dn))
		return gpf_fail(err, GPF_DATAERR,
				"%s: line %lu: OU '%s' is not in the domain "
				"%s",
				in->links_csv, row->line, row->ou,
				in->domain_dn);
	for (i = 0; i < in->gpo_count; i++)
		if (strcasecmp(in->gpos[i].backup_id, row->backup_id) == 0)
			break;
	if (i == in->gpo_count)
		return gpf_fail(err, GPF_DATAERR,
				"%s: line %lu: backup %s is not in "
				"manifest.xml",
				in->links_csv, row->line, row->backup_id);
	if (strcmp(in->gpos[i].name, row->gpo_name) != 0)
		return gpf_fail(err, GPF_DATAERR,
				"%s: line %lu: backup %s is GPO '%s' in "
				"manifest.xml, not '%s'",
				in->links_csv, row->line, row->backup_id,
				in->gpos[i].name, row->gpo_name);
	if (in->gpos[i].ou != NULL)
		return gpf_fail(err, GPF_DATAERR,
				"%s: line %lu: GPO '%s' has an OU already "
				"(line %lu)",
				in->links_csv, row->line, row->gpo_name,
				in->gpos[i].link_line);
	if (row->list_file != NULL && !plain_file_name(row->list_file))
		return gpf_fail(err, GPF_DATAERR,
				"%s: line %lu: list file '%s' is not a file "
				"name",
				in->links_csv, row->line, row->list_file);
	in->gpos[i].ou = gpf_xstrdup(row->ou);
	in->gpos[i].link_line = row->line;
	if (row->list_file != NULL)
		in->gpos[i].list_file = gpf_xstrdup(row->list_file);
	return GPF_OK;
}

static int
read_links(const struct deploy_options *o, struct deploy_input *in,
	   struct gpf_error *err)
{
	struct link_row *rows = NULL;
	struct stat st;
	size_t count = 0, i;
	int status;

	in->links_csv = join(o->output, "gpo/" LINKS_CSV_NAME);
	if (stat(in->links_csv, &st) != 0 && errno == ENOENT)
		return GPF_OK;
	status = links_csv_read(in->links_csv, &rows, &count, err);
	for (i = 0; status == GPF_OK && i < count; i++)
		status = apply_link(in, &rows[i], err);
	links_csv_free(rows, count);
	return status;
}

/* --- sender lists (--copy-lists) --------------------------------------- */

/* The text from start up to end, malloc'd. */
static char *
part(const char *start, const char *end)
{
	char *s = gpf_xrealloc(NULL, (size_t)(end - start) + 1);

	memcpy(s, start, (size_t)(end - start));
	s[end - start] = '\0';
	return s;
}

/*
 * Splits a UNC path \\HOST\SHARE\PATH; PATH comes back '/'-separated.
 * Returns NULL, or why it is not one a file can be copied to.
 */
static const char *
split_unc(const char *unc, char **host, char **share, char **path)
{
	const char *h, *s, *p, *c;
	char *d;

	if (strncmp(unc, "\\\\", 2) != 0)
		return "not a UNC path (\\\\SERVER\\SHARE\\FILE)";
	h = unc + 2;
	if ((s = strchr(h, '\\')) == NULL || s == h)
		return "a UNC path without a share";
	if ((p = strchr(s + 1, '\\')) == NULL || p == s + 1 || p[1] == '\0')
		return "a UNC path without a file name";
	for (c = p; *c; c++)
		if ((c[0] == '\\' && (c[1] == '\\' || c[1] == '\0')) ||
		    strncmp(c, "\\..\\", 4) == 0 || strcmp(c, "\\..") == 0 ||
		    *c == '%' || *c == '/')
			return "a UNC path with an empty or relative part, a "
			       "'/' or a variable";
	*host = part(h, s);
	*share = part(s + 1, p);
	*path = gpf_xstrdup(p + 1);
	for (d = *path; *d; d++)
		if (*d == '\\')
			*d = '/';
	return NULL;
}

/* The output's SafeSenders*.txt files, sorted; count in *n. */
static char **
list_files(const char *output, size_t *n)
{
	DIR *d = opendir(output);
	struct dirent *e;
	char **names = NULL;
	size_t len;

	*n = 0;
	while (d != NULL && (e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (strncasecmp(e->d_name, "SafeSenders", 11) != 0 ||
		    len < 15 || strcasecmp(e->d_name + len - 4, ".txt") != 0)
			continue;
		names = gpf_xrealloc(names, (*n + 1) * sizeof(*names));
		names[(*n)++] = gpf_xstrdup(e->d_name);
	}
	if (d != NULL)
		closedir(d);
	return names;
}

/*
 * The output's file for the list a GPO points at: the one links.csv
 * names; for a build that names none, the one with the path's file
 * name, or else the only list there is.
 */
static const char *
local_list(const struct deploy_gpo *g, char **files, size_t n,
	   const char *target)
{
	const char *base =
	    strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
	size_t i;

	if (g->list_file != NULL)
		return g->list_file;
	for (i = 0; i < n; i++)
		if (strcasecmp(files[i], base) == 0)
			return files[i];
	return n == 1 ? files[0] : NULL;
}

/*
 * Adds a copy, or finds the same target taken already (any case).  It
 * takes source, host, share and path, whatever it returns.
 */
static int
add_copy(struct deploy_input *in, char *source, char *host, char *share,
	 char *path, const char *gpo, struct gpf_error *err)
{
	struct deploy_copy *c;
	struct gpf_buf key = { 0 };
	int status = GPF_OK;
	size_t i;

	casefold_append(path, strlen(path), &key);
	for (i = 0; i < in->copy_count; i++) {
		c = &in->copies[i];
		if (strcasecmp(c->host, host) != 0 ||
		    strcasecmp(c->share, share) != 0 ||
		    c->path_key.len != key.len ||
		    memcmp(c->path_key.data, key.data, key.len) != 0)
			continue;
		if (strcmp(c->source, source) != 0)
			status =
			    gpf_fail(err, GPF_DATAERR,
				     "GPO '%s': its list \\\\%s\\%s\\%s "
				     "would get both %s and %s",
				     gpo, host, share, path, c->source, source);
		free(source), free(host), free(share), free(path);
		gpf_buf_free(&key);
		return status;
	}
	in->copies = gpf_xrealloc(in->copies,
				  (in->copy_count + 1) * sizeof(*in->copies));
	c = &in->copies[in->copy_count++];
	memset(c, 0, sizeof(*c));
	c->source = source, c->host = host, c->share = share, c->path = path;
	c->path_key = key;
	return gpf_buf_read_file(&c->data, source, err);
}

static int
plan_list(const struct deploy_options *o, struct deploy_input *in,
	  const struct deploy_gpo *g, char **files, size_t n,
	  struct gpf_error *err)
{
	char *host, *share, *path;
	const char *why, *file;

	if (g->list_path == NULL)
		return GPF_OK;
	if ((why = split_unc(g->list_path, &host, &share, &path)) != NULL)
		return gpf_fail(err, GPF_DATAERR,
				"GPO '%s': cannot copy its list to %s: %s",
				g->name, g->list_path, why);
	if ((file = local_list(g, files, n, path)) == NULL) {
		gpf_fail(err, GPF_DATAERR,
			 "GPO '%s': %s has no SafeSenders*.txt for %s", g->name,
			 o->output, g->list_path);
		free(host), free(share), free(path);
		return GPF_DATAERR;
	}
	/* The domain's own name is served by its DCs: this one. */
	if (strcasecmp(host, o->login.domain) == 0) {
		free(host);
		host = gpf_xstrdup(o->login.server);
	}
	return add_copy(in, join(o->output, file), host, share, path, g->name,
			err);
}

static int
read_lists(const struct deploy_options *o, struct deploy_input *in,
	   struct gpf_error *err)
{
	size_t n, i;
	char **files = list_files(o->output, &n);
	int status = GPF_OK;

	for (i = 0; status == GPF_OK && i < in->gpo_count; i++)
		status = plan_list(o, in, &in->gpos[i], files, n, err);
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	return status;
}

/* --- templates (--central-store) --------------------------------------- */

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of dir ending in ext (files) or, ext NULL, the folders. */
static char **
entries(const char *dir, const char *ext, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char **names = NULL, *path;
	size_t len;
	int folder;

	*n = 0;
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		path = join(dir, e->d_name);
		folder = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
		free(path);
		len = strlen(e->d_name);
		if (ext == NULL ? !folder
				: folder || len <= strlen(ext) ||
				      strcasecmp(e->d_name + len - strlen(ext),
						 ext) != 0)
			continue;
		names = gpf_xrealloc(names, (*n + 1) * sizeof(*names));
		names[(*n)++] = gpf_xstrdup(e->d_name);
	}
	if (d != NULL)
		closedir(d);
	if (*n > 1)
		qsort(names, *n, sizeof(*names), by_name);
	return names;
}

static void
free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void
add_folder(struct deploy_input *in, char *remote)
{
	in->folders = gpf_xrealloc(in->folders, (in->folder_count + 1) *
						    sizeof(*in->folders));
	in->folders[in->folder_count++] = remote;
}

/* Adds dir's files ending in ext as copies into the remote folder. */
static int
add_templates(const struct deploy_options *o, struct deploy_input *in,
	      const char *dir, const char *ext, const char *remote,
	      struct gpf_error *err)
{
	size_t n, i;
	char **names = entries(dir, ext, &n);
	int status = GPF_OK;

	for (i = 0; status == GPF_OK && i < n; i++) {
		status = add_copy(in, join(dir, names[i]),
				  gpf_xstrdup(o->login.server),
				  gpf_xstrdup("sysvol"), join(remote, names[i]),
				  "(templates)", err);
		if (status == GPF_OK)
			in->copies[in->copy_count - 1].template = 1;
	}
	free_names(names, n);
	return status;
}

static int
read_templates(const struct deploy_options *o, struct deploy_input *in,
	       struct gpf_error *err)
{
	char *dir = join(o->output, "PolicyDefinitions"), *sub, *remote;
	char *policies = deploy_policies_path(o->login.domain);
	size_t n, i;
	char **langs = entries(dir, NULL, &n);
	struct stat st;
	int status = GPF_OK;

	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		status = gpf_fail(err, GPF_NOINPUT,
				  "%s: no templates to copy to the Central "
				  "Store",
				  dir);
	remote = join(policies, "PolicyDefinitions");
	add_folder(in, remote);
	if (status == GPF_OK)
		status = add_templates(o, in, dir, ".admx", remote, err);
	for (i = 0; status == GPF_OK && i < n; i++) {
		sub = join(dir, langs[i]);
		add_folder(in, join(remote, langs[i]));
		status = add_templates(o, in, sub, ".adml",
				       in->folders[in->folder_count - 1], err);
		free(sub);
	}
	free_names(langs, n);
	free(dir);
	free(policies);
	return status;
}

int
deploy_read_input(const struct deploy_options *o, struct deploy_input *in,
		  struct gpf_error *err)
{
	size_t i;
	int status;

	memset(in, 0, sizeof(*in));
	in->domain_dn = ad_domain_dn(o->login.domain);
	status = read_manifest(o, in, err);
	for (i = 0; status == GPF_OK && i < in->gpo_count; i++)
		status = read_backup(o, &in->gpos[i], err);
	if (status == GPF_OK)
		status = read_links(o, in, err);
	if (status == GPF_OK && o->copy_lists)
		status = read_lists(o, in, err);
	if (status == GPF_OK && o->central_store)
		status = read_templates(o, in, err);
	return status;
}

void
deploy_input_free(struct deploy_input *in)
{
	size_t i;

	for (i = 0; i < in->gpo_count; i++) {
		struct deploy_gpo *g = &in->gpos[i];

		free(g->name), free(g->backup_id), free(g->ou);
		gpf_buf_free(&g->name_key);
		gpf_buf_free(&g->pol);
		free(g->user_extensions), free(g->machine_extensions);
		free(g->list_path), free(g->list_file);
	}
	for (i = 0; i < in->copy_count; i++) {
		struct deploy_copy *c = &in->copies[i];

		free(c->source), free(c->host), free(c->share), free(c->path);
		gpf_buf_free(&c->path_key);
		gpf_buf_free(&c->data);
	}
	free_names(in->folders, in->folder_count);
	free_names(in->warnings, in->warning_count);
	free(in->gpos), free(in->copies);
	free(in->domain_dn), free(in->links_csv);
	memset(in, 0, sizeof(*in));
}
