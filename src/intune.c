/*
 * intune.c - OMA-URI rows for ADMX ingestion and ADMX-backed policies.
 */
#include "intune.h"
#include "admx_lint.h"
#include "gpf_xml.h"
#include "utf16.h"

#include <ctype.h>
#include <libxml/xmlsave.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uuid/uuid.h>

#define INGEST_URI \
	"./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall"
#define CONFIG_URI     "/Vendor/MSFT/Policy/Config"
#define LIST_SEPARATOR "\xef\x80\x80" /* U+F000, between list entries */

int
intune_check_template(const struct admx_set *set, const struct admx_file *file,
		      struct gpf_error *err)
{
	struct lint_report report = { 0 };
	size_t i, n = strlen(file->path);
	int status = GPF_OK;

	admx_lint(set, 1, &report);
	for (i = 0; i < report.count; i++) {
		if (strncmp(report.findings[i], file->path, n) != 0 ||
		    report.findings[i][n] != ':')
			continue;
		status = gpf_fail(err, GPF_DATAERR,
				  "%s (Intune's ADMX "
				  "ingestion would reject this template)",
				  report.findings[i]);
		break;
	}
	lint_report_free(&report);
	return status;
}

void
intune_app_name(const struct admx_file *file, struct gpf_buf *out)
{
	const char *p;

	for (p = file->prefix; *p; p++)
		if (isalnum((unsigned char)*p) || *p == '_')
			gpf_buf_putc(out, (unsigned char)*p);
	if (out->len == 0)
		gpf_buf_append(out, "gpforge", 7);
}

static void
add_row(struct intune_profile *p, const char *name, const char *description,
	const char *uri, const char *value)
{
	struct oma_row *row;

	p->rows = gpf_xrealloc(p->rows, (p->count + 1) * sizeof(*p->rows));
	row = &p->rows[p->count++];
	row->name = gpf_xstrdup(name);
	row->description = gpf_xstrdup(description);
	row->uri = gpf_xstrdup(uri);
	row->value = gpf_xstrdup(value);
}

void
intune_profile_free(struct intune_profile *p)
{
	size_t i;

	for (i = 0; i < p->count; i++) {
		free(p->rows[i].name);
		free(p->rows[i].description);
		free(p->rows[i].uri);
		free(p->rows[i].value);
	}
	free(p->rows);
	memset(p, 0, sizeof(*p));
}

/* "encoding='utf-16'" in the declaration becomes "encoding='utf-8'". */
static void
declare_utf8(struct gpf_buf *text)
{
	char *decl = (char *)text->data, *end, *enc, *q, *close;
	struct gpf_buf fixed = { 0 };

	if (text->len < 5 || strncmp(decl, "<?xml", 5) != 0 ||
	    (end = strstr(decl, "?>")) == NULL)
		return;
	enc = strstr(decl, "encoding");
	if (enc == NULL || enc > end || (q = strpbrk(enc, "\"'")) == NULL ||
	    q > end || (close = strchr(q + 1, *q)) == NULL || close > end)
		return;
	gpf_buf_append(&fixed, decl, (size_t)(q + 1 - decl));
	gpf_buf_append(&fixed, "utf-8", 5);
	gpf_buf_append(&fixed, close, text->len - (size_t)(close - decl));
	gpf_buf_free(text);
	*text = fixed;
}

/* Appends data to out without carriage returns (CRLF and CR become LF). */
static void
append_lf(struct gpf_buf *out, const unsigned char *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
			continue;
		gpf_buf_putc(out, data[i] == '\r' ? '\n' : data[i]);
	}
}

int
intune_admx_text(const struct admx_file *file, struct gpf_buf *out,
		 struct gpf_error *err)
{
	struct gpf_buf raw = { 0 }, utf8 = { 0 };
	const unsigned char *d;
	size_t bad, skip = 0;
	int status, wide;

	if ((status = gpf_buf_read_file(&raw, file->path, err)) != GPF_OK) {
		gpf_buf_free(&raw);
		return status;
	}

	d = raw.data;
	wide = raw.len >= 2 && d[0] == 0xff && d[1] == 0xfe;
	if (wide && utf16le_to_utf8(d + 2, (raw.len - 2) / 2, &utf8, &bad))
		status = gpf_fail(err, GPF_DATAERR, "%s: not valid UTF-16",
				  file->path);
	else if (!wide)
		gpf_buf_append(&utf8, raw.data, raw.len);
	if (status == GPF_OK && wide)
		declare_utf8(&utf8);
	if (status == GPF_OK && utf8.len >= 3 &&
	    memcmp(utf8.data, "\xef\xbb\xbf", 3) == 0)
		skip = 3;
	if (status == GPF_OK)
		append_lf(out, utf8.data + skip, utf8.len - skip);
	gpf_buf_free(&raw);
	gpf_buf_free(&utf8);
	return status;
}

/* The file name without folder or extension, as [A-Za-z0-9_] only. */
static void
file_base(const char *path, struct gpf_buf *out)
{
	const char *p = strrchr(path, '/');

	for (p = p ? p + 1 : path; *p && *p != '.'; p++)
		if (isalnum((unsigned char)*p) || *p == '_')
			gpf_buf_putc(out, (unsigned char)*p);
		else if (*p == '-')
			gpf_buf_putc(out, '_');
}

int
intune_add_ingestion(struct intune_profile *p, const struct admx_file *file,
		     const char *app, struct gpf_error *err)
{
	struct gpf_buf text = { 0 }, uid = { 0 }, uri = { 0 };
	const char *base = strrchr(file->path, '/');
	char hash[37], desc[512];
	uuid_t id;
	int status;

	status = intune_admx_text(file, &text, err);
	if (status == GPF_OK) {
		/* A name-based UUID is a SHA-1 of the text: its first eight
		 * hex digits change whenever the template does. */
		uuid_generate_sha1(id, *uuid_get_template("url"),
				   (const char *)text.data, text.len);
		uuid_unparse_lower(id, hash);
		file_base(file->path, &uid);
		gpf_buf_putc(&uid, '_');
		gpf_buf_append(&uid, hash, 8);
		gpf_buf_append(&uri, INGEST_URI "/", strlen(INGEST_URI) + 1);
		gpf_buf_append(&uri, app, strlen(app));
		gpf_buf_append(&uri, "/Policy/", 8);
		gpf_buf_append(&uri, uid.data, uid.len);
		base = base ? base + 1 : file->path;
		snprintf(desc, sizeof(desc),
			 "Ingests %s, the template the "
			 "other rows set",
			 base);
		add_row(p, base, desc, gpf_buf_str(&uri), gpf_buf_str(&text));
	}
	gpf_buf_free(&text);
	gpf_buf_free(&uid);
	gpf_buf_free(&uri);
	return status;
}

int
intune_setting_uri(const struct policy_setting *s, const char *app,
		   struct gpf_buf *uri, struct gpf_error *err)
{
	const struct admx_policy *p = s->policy;
	struct gpf_buf cats = { 0 };
	int status = GPF_OK;

	if (admx_category_path(p->category, '~', &cats) < 0)
		status = gpf_fail(err, GPF_DATAERR,
				  "%s: policy %s: its "
				  "categories loop",
				  p->file->path, p->name);
	if (status == GPF_OK && cats.len == 0)
		status = gpf_fail(err, GPF_DATAERR,
				  "%s: policy %s has no "
				  "category, which an OMA-URI needs",
				  p->file->path, p->name);
	if (status == GPF_OK) {
		gpf_buf_append(uri,
			       s->class == ADMX_USER ? "./User" : "./Device",
			       s->class == ADMX_USER ? 6 : 8);
		gpf_buf_append(uri, CONFIG_URI "/", strlen(CONFIG_URI) + 1);
		gpf_buf_append(uri, app, strlen(app));
		gpf_buf_append(uri, "~Policy~", 8);
		gpf_buf_append(uri, cats.data, cats.len);
		gpf_buf_putc(uri, '/');
		gpf_buf_append(uri, p->name, strlen(p->name));
	}
	gpf_buf_free(&cats);
	return status;
}

static void
append_number(struct gpf_buf *out, uint64_t n)
{
	char text[24];

	snprintf(text, sizeof(text), "%llu", (unsigned long long)n);
	gpf_buf_append(out, text, strlen(text));
}

/* An enum item's registry value: what ingestion selects it by. */
static int
enum_data(const struct policy_setting *s, const struct admx_element *e,
	  size_t item, struct gpf_buf *out, struct gpf_error *err)
{
	const struct admx_value *v = &e->items[item].value;

	if (v->kind == ADMX_VALUE_STRING) {
		append_lf(out, (const unsigned char *)v->string,
			  strlen(v->string));
		return GPF_OK;
	}
	if (v->kind == ADMX_VALUE_DECIMAL ||
	    v->kind == ADMX_VALUE_LONG_DECIMAL) {
		append_number(out, v->number);
		return GPF_OK;
	}
	return gpf_fail(err, GPF_DATAERR,
			"%s: policy %s: enum %s item %zu "
			"deletes its value, which Intune cannot select",
			s->policy->file->path, s->policy->name, e->id, item);
}

/* The text of element i's <data value=...>; 0 when it has none. */
static int
element_data(const struct policy_setting *s, size_t i, struct gpf_buf *out,
	     struct gpf_error *err)
{
	const struct admx_element *e = &s->policy->elements[i];
	const struct element_value *v = &s->values[i];
	size_t j;

	if (e->type == ADMX_BOOLEAN) {
		gpf_buf_append(out,
			       policy_element_checked(s, i) ? "true" : "false",
			       policy_element_checked(s, i) ? 4 : 5);
		return GPF_OK;
	}
	switch (e->type) {
	case ADMX_DECIMAL:
	case ADMX_LONG_DECIMAL: append_number(out, v->number); break;
	case ADMX_TEXT:
		append_lf(out, (const unsigned char *)v->text, strlen(v->text));
		break;
	case ADMX_ENUM: return enum_data(s, e, v->item, out, err);
	default:
		for (j = 0; j < v->count; j++) {
			if (j > 0)
				gpf_buf_append(out, LIST_SEPARATOR, 3);
			append_lf(out, (const unsigned char *)v->strings[j],
				  strlen(v->strings[j]));
		}
		break;
	}
	return GPF_OK;
}

/*
 * Serialises node as ASCII: every character outside it, U+F000 between
 * list entries included, becomes a character reference, and libxml2
 * escapes what attribute text needs.
 */
static int
save_node(xmlNode *node, struct gpf_buf *out, struct gpf_error *err)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlSaveCtxtPtr save = xmlSaveToBuffer(buf, "ASCII", XML_SAVE_NO_DECL);
	int status = GPF_OK;

	if (save == NULL || xmlSaveTree(save, node) < 0 ||
	    xmlSaveClose(save) < 0)
		status = gpf_fail(err, GPF_IOERR,
				  "cannot serialise an Intune "
				  "value");
	else
		gpf_buf_append(out, xmlBufferContent(buf),
			       (size_t)xmlBufferLength(buf));
	xmlBufferFree(buf);
	return status;
}

int
intune_setting_value(const struct policy_setting *s, struct gpf_buf *out,
		     struct gpf_error *err)
{
	const struct admx_policy *p = s->policy;
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"value"), *n;
	struct gpf_buf data = { 0 };
	int enabled = s->state == POLICY_ENABLED, status;
	size_t i;

	xmlDocSetRootElement(doc, root);
	n = xmlNewChild(root, NULL,
			(const xmlChar *)(enabled ? "enabled" : "disabled"),
			NULL);
	status = save_node(n, out, err);
	for (i = 0; enabled && status == GPF_OK && i < p->element_count; i++) {
		if (!s->values[i].given && p->elements[i].type != ADMX_BOOLEAN)
			continue;
		gpf_buf_clear(&data);
		status = element_data(s, i, &data, err);
		if (status != GPF_OK)
			break;
		n = xmlNewChild(root, NULL, (const xmlChar *)"data", NULL);
		xmlSetProp(n, (const xmlChar *)"id",
			   (const xmlChar *)p->elements[i].id);
		xmlSetProp(n, (const xmlChar *)"value",
			   (const xmlChar *)gpf_buf_str(&data));
		status = save_node(n, out, err);
	}
	gpf_buf_free(&data);
	xmlFreeDoc(doc);
	return status;
}

int
intune_add_setting(struct intune_profile *p, const struct policy_setting *s,
		   const char *app, struct gpf_error *err)
{
	struct gpf_buf uri = { 0 }, value = { 0 };
	char desc[512];
	int status;

	status = intune_setting_uri(s, app, &uri, err);
	if (status == GPF_OK)
		status = intune_setting_value(s, &value, err);
	if (status == GPF_OK) {
		snprintf(desc, sizeof(desc), "%s:%s, %s",
			 s->policy->file->prefix, s->policy->name,
			 s->state == POLICY_ENABLED ? "enabled" : "disabled");
		add_row(p, admx_policy_display_name(s->policy), desc,
			gpf_buf_str(&uri), gpf_buf_str(&value));
	}
	gpf_buf_free(&uri);
	gpf_buf_free(&value);
	return status;
}

/* The templates the settings use, in order of first use. */
static const struct admx_file **
files_used(const struct policy_setting *settings, size_t count, size_t *n)
{
	const struct admx_file **files = NULL;
	size_t i, j;

	*n = 0;
	for (i = 0; i < count; i++) {
		for (j = 0; j < *n; j++)
			if (files[j] == settings[i].policy->file)
				break;
		if (j < *n)
			continue;
		files = gpf_xrealloc(files, (*n + 1) * sizeof(*files));
		files[(*n)++] = settings[i].policy->file;
	}
	return files;
}

static int
check_app(const char *app, size_t files, struct gpf_error *err)
{
	const char *c;

	if (files > 1)
		return gpf_fail(err, GPF_USAGE,
				"--app-name names one "
				"application, but the settings use %zu "
				"templates",
				files);
	for (c = app; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			break;
	if (*app == '\0' || *c != '\0')
		return gpf_fail(err, GPF_USAGE,
				"--app-name '%s': use letters, "
				"digits and '_' only",
				app);
	return GPF_OK;
}

/* The application name of file: app when given, else its prefix. */
static void
app_for(const struct admx_file *file, const char *app, struct gpf_buf *out)
{
	gpf_buf_clear(out);
	if (app != NULL)
		gpf_buf_append(out, app, strlen(app));
	else
		intune_app_name(file, out);
}

int
intune_profile_from_settings(struct intune_profile *p,
			     const struct admx_set *set,
			     const struct policy_setting *settings,
			     size_t count, const char *app,
			     const struct admx_file ***files,
			     size_t *file_count, struct gpf_error *err)
{
	struct gpf_buf name = { 0 };
	size_t i;
	int status = GPF_OK;

	*files = files_used(settings, count, file_count);
	if (app != NULL)
		status = check_app(app, *file_count, err);
	for (i = 0; status == GPF_OK && i < *file_count; i++)
		status = intune_check_template(set, (*files)[i], err);
	for (i = 0; status == GPF_OK && i < *file_count; i++) {
		app_for((*files)[i], app, &name);
		status = intune_add_ingestion(p, (*files)[i],
					      gpf_buf_str(&name), err);
	}
	for (i = 0; status == GPF_OK && i < count; i++) {
		app_for(settings[i].policy->file, app, &name);
		status = intune_add_setting(p, &settings[i], gpf_buf_str(&name),
					    err);
	}
	gpf_buf_free(&name);
	return status;
}
