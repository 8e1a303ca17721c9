/*
 * adml.c - ADML resource files: string and presentation tables.
 */
#include "adml.h"
#include "gpf_xml.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int
by_string_id(const void *a, const void *b)
{
	return strcmp(((const struct admx_string *)a)->id,
		      ((const struct admx_string *)b)->id);
}

static int
by_presentation_id(const void *a, const void *b)
{
	return strcmp(((const struct admx_presentation *)a)->id,
		      ((const struct admx_presentation *)b)->id);
}

static void
read_strings(struct admx_file *file, const xmlNode *table)
{
	xmlNode *s;
	struct admx_string *str;

	xml_each_child(s, table)
	{
		if (!xml_is(s, "string"))
			continue;
		file->strings =
		    gpf_xrealloc(file->strings, (file->string_count + 1) *
						    sizeof(*file->strings));
		str = &file->strings[file->string_count++];
		str->id = xml_attr(s, "id");
		if (str->id == NULL)
			str->id = gpf_xstrdup("");
		str->text = xml_text(s);
		str->line = xml_line(s);
	}
	if (file->string_count > 0)
		qsort(file->strings, file->string_count, sizeof(*file->strings),
		      by_string_id);
}

/* The default a control shows, wherever its type keeps it. */
static char *
control_default(const xmlNode *c)
{
	static const char *const attrs[] = { "defaultValue", "defaultChecked",
					     "defaultItem" };
	static const char *const children[] = { "defaultValue", "default" };
	xmlNode *child;
	char *v;
	size_t i;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		if ((v = xml_attr(c, attrs[i])) != NULL)
			return v;
	for (i = 0; i < sizeof(children) / sizeof(children[0]); i++)
		if ((child = xml_child(c, children[i])) != NULL)
			return xml_text(child);
	return NULL;
}

static void
read_control(struct admx_control *ctl, const xmlNode *c)
{
	xmlNode *label = xml_child(c, "label");

	ctl->type = gpf_xstrdup((const char *)c->name);
	ctl->ref_id = xml_attr(c, "refId");
	ctl->line = xml_line(c);
	ctl->default_value = control_default(c);

	/* textBox and comboBox keep their label in a child; the others
	 * are labelled by their own text. */
	ctl->label = label ? xml_text(label) : xml_text(c);
	if (label == NULL &&
	    (xml_child(c, "defaultValue") || xml_child(c, "default"))) {
		free(ctl->label);
		ctl->label = gpf_xstrdup("");
	}
}

static void
read_presentations(struct admx_file *file, const xmlNode *table)
{
	struct admx_presentation *p;
	xmlNode *node, *c;

	xml_each_child(node, table)
	{
		if (!xml_is(node, "presentation"))
			continue;
		file->presentations = gpf_xrealloc(
		    file->presentations, (file->presentation_count + 1) *
					     sizeof(*file->presentations));
		p = &file->presentations[file->presentation_count++];
		memset(p, 0, sizeof(*p));
		p->id = xml_attr(node, "id");
		if (p->id == NULL)
			p->id = gpf_xstrdup("");
		p->line = xml_line(node);
		xml_each_child(c, node)
		{
			p->controls = gpf_xrealloc(
			    p->controls, (p->count + 1) * sizeof(*p->controls));
			read_control(&p->controls[p->count++], c);
		}
	}
	if (file->presentation_count > 0)
		qsort(file->presentations, file->presentation_count,
		      sizeof(*file->presentations), by_presentation_id);
}

/* Reads a parsed ADML (called name in messages) into file, freeing doc. */
static int
read_resources(struct admx_file *file, xmlDocPtr doc, const char *name,
	       struct gpf_error *err)
{
	xmlNode *root = xmlDocGetRootElement(doc), *resources, *table;

	if (!xml_is(root, "policyDefinitionResources")) {
		gpf_fail(err, GPF_DATAERR,
			 "%s: line %ld: expected "
			 "<policyDefinitionResources>, found <%s>",
			 name, xml_line(root), (const char *)root->name);
		xmlFreeDoc(doc);
		return err->status;
	}

	file->adml_path = gpf_xstrdup(name);
	resources = xml_child(root, "resources");
	if (resources != NULL) {
		if ((table = xml_child(resources, "stringTable")) != NULL)
			read_strings(file, table);
		if ((table = xml_child(resources, "presentationTable")))
			read_presentations(file, table);
	}
	xmlFreeDoc(doc);
	return GPF_OK;
}

int
adml_load(struct admx_file *file, const char *path, struct gpf_error *err)
{
	xmlDocPtr doc = xml_read(path, err);

	if (doc == NULL)
		return err->status;
	return read_resources(file, doc, path, err);
}

int
adml_load_memory(struct admx_file *file, const void *text, size_t len,
		 const char *name, struct gpf_error *err)
{
	xmlDocPtr doc = xml_read_memory(text, len, name, err);

	if (doc == NULL)
		return err->status;
	return read_resources(file, doc, name, err);
}

/* DIR/NAME matched case-insensitively; a malloc'd path or NULL. */
static char *
find_in_dir(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *path = NULL;
	size_t n;

	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (strcasecmp(e->d_name, name) != 0)
			continue;
		n = strlen(dir) + strlen(e->d_name) + 2;
		path = gpf_xrealloc(NULL, n);
		snprintf(path, n, "%s/%s", dir, e->d_name);
		break;
	}
	closedir(d);
	return path;
}

static char *
find_for_lang(const char *dir, const char *base, const char *lang)
{
	char *langdir, *name, *found = NULL;
	struct dirent *e;
	size_t n;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return NULL;
	n = strlen(base) + 6;
	name = gpf_xrealloc(NULL, n);
	snprintf(name, n, "%s.adml", base);

	/* The language folder's own name may differ in case (en-us). */
	while (found == NULL && (e = readdir(d)) != NULL) {
		if (strcasecmp(e->d_name, lang) != 0)
			continue;
		n = strlen(dir) + strlen(e->d_name) + 2;
		langdir = gpf_xrealloc(NULL, n);
		snprintf(langdir, n, "%s/%s", dir, e->d_name);
		found = find_in_dir(langdir, name);
		free(langdir);
	}
	closedir(d);
	free(name);
	return found;
}

char *
adml_find(const char *admx_path, const char *lang)
{
	char *dir = gpf_xstrdup(admx_path), *slash, *base, *dot, *found;

	slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		base = gpf_xstrdup(slash + 1);
	} else {
		base = dir;
		dir = gpf_xstrdup(".");
	}
	if ((dot = strrchr(base, '.')) != NULL)
		*dot = '\0';

	found = find_for_lang(dir, base, lang ? lang : "en-US");
	if (found == NULL && lang != NULL && strcasecmp(lang, "en-US") != 0)
		found = find_for_lang(dir, base, "en-US");
	free(dir);
	free(base);
	return found;
}

/*
 * Binary search over an array sorted by id, whose elements all start
 * with their char *id (admx_string and admx_presentation do).
 */
static const void *
find_by_id(const void *base, size_t count, size_t size, const char *id,
	   size_t len)
{
	const char *elem, *eid;
	size_t lo = 0, hi = count, mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		elem = (const char *)base + mid * size;
		eid = *(char *const *)elem;
		c = strncmp(eid, id, len);
		if (c == 0 && eid[len] != '\0')
			c = 1;
		if (c == 0)
			return elem;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct admx_string *
adml_string(const struct admx_file *file, const char *id, size_t len)
{
	return find_by_id(file->strings, file->string_count,
			  sizeof(*file->strings), id, len);
}

const struct admx_presentation *
adml_presentation(const struct admx_file *file, const char *id, size_t len)
{
	return find_by_id(file->presentations, file->presentation_count,
			  sizeof(*file->presentations), id, len);
}

void
adml_free(struct admx_file *file)
{
	size_t i, j;

	for (i = 0; i < file->string_count; i++) {
		free(file->strings[i].id);
		free(file->strings[i].text);
	}
	for (i = 0; i < file->presentation_count; i++) {
		struct admx_presentation *p = &file->presentations[i];

		for (j = 0; j < p->count; j++) {
			free(p->controls[j].type);
			free(p->controls[j].ref_id);
			free(p->controls[j].label);
			free(p->controls[j].default_value);
		}
		free(p->controls);
		free(p->id);
	}
	free(file->strings);
	free(file->presentations);
	free(file->adml_path);
}
