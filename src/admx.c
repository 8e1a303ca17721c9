/*
 * admx.c - read ADMX files into the policy model and resolve the
 * references between them.
 *
 * The reader is lenient where real templates bend the schema (no or
 * either namespace, attributes the schema does not allow where they are
 * harmless) and strict where a wrong reading would write wrong registry
 * values (numbers, classes, value kinds).
 */
#include "admx.h"
#include "adml.h"
#include "gpf_xml.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* What a parse step needs to report where it is. */
struct reader {
	const char *path;
	struct gpf_error *err;
};

static int
bad(struct reader *rd, const xmlNode *node, const char *what,
    const char *detail)
{
	return gpf_fail(rd->err, GPF_DATAERR, "%s: line %ld: %s%s%s", rd->path,
			xml_line(node), what, detail ? " " : "",
			detail ? detail : "");
}

/* An unsigned number no larger than max, from attribute name. */
static int
read_number(struct reader *rd, const xmlNode *node, const char *name,
	    uint64_t max, uint64_t *out)
{
	char *text = xml_attr(node, name), *end;
	int status = GPF_OK;
	char what[128];

	if (text == NULL) {
		snprintf(what, sizeof(what), "<%s> needs a %s attribute",
			 (const char *)node->name, name);
		return bad(rd, node, what, NULL);
	}
	errno = 0;
	*out = strtoull(text, &end, 10);
	if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno != 0 ||
	    *out > max) {
		snprintf(what, sizeof(what),
			 "%s '%.40s' is not an unsigned "
			 "%d-bit number",
			 name, text, max == UINT32_MAX ? 32 : 64);
		status = bad(rd, node, what, NULL);
	}
	free(text);
	return status;
}

/* An optional numeric attribute: dflt when absent. */
static int
read_optional_number(struct reader *rd, const xmlNode *node, const char *name,
		     uint64_t max, uint64_t dflt, uint64_t *out)
{
	char *text = xml_attr(node, name);

	*out = dflt;
	if (text == NULL)
		return GPF_OK;
	free(text);
	return read_number(rd, node, name, max, out);
}

/* For a child the schema allows once: a second would silently replace
 * what the first said. */
static int
twice(struct reader *rd, const xmlNode *node)
{
	char what[160];

	snprintf(what, sizeof(what), "<%.60s> appears twice in <%.60s>",
		 (const char *)node->name, (const char *)node->parent->name);
	return bad(rd, node, what, NULL);
}

/* The one child of a <value>-like element: delete, decimal, ... */
static int
read_value(struct reader *rd, const xmlNode *holder, struct admx_value *v)
{
	xmlNode *c = xml_element(holder->children);

	if (v->kind != ADMX_VALUE_ABSENT)
		return twice(rd, holder);
	if (c == NULL)
		return bad(rd, holder,
			   "expected <delete/>, <decimal>, "
			   "<longDecimal> or <string> inside",
			   NULL);
	if (xml_is(c, "delete")) {
		v->kind = ADMX_VALUE_DELETE;
		return GPF_OK;
	}
	if (xml_is(c, "decimal")) {
		v->kind = ADMX_VALUE_DECIMAL;
		return read_number(rd, c, "value", UINT32_MAX, &v->number);
	}
	if (xml_is(c, "longDecimal")) {
		v->kind = ADMX_VALUE_LONG_DECIMAL;
		return read_number(rd, c, "value", UINT64_MAX, &v->number);
	}
	if (xml_is(c, "string")) {
		v->kind = ADMX_VALUE_STRING;
		v->string = xml_text(c);
		return GPF_OK;
	}
	return bad(rd, c, "unknown value kind", (const char *)c->name);
}

/* enabledList, disabledList, trueList, falseList, valueList. */
static int
read_value_list(struct reader *rd, const xmlNode *node,
		struct admx_value_list *list)
{
	struct admx_list_item *item;
	xmlNode *c, *value;
	int status;

	if (list->present)
		return twice(rd, node);
	list->present = 1;
	list->default_key = xml_attr(node, "defaultKey");
	xml_each_child(c, node)
	{
		if (!xml_is(c, "item"))
			continue;
		list->items = gpf_xrealloc(list->items,
					   (list->count + 1) * sizeof(*item));
		item = &list->items[list->count++];
		memset(item, 0, sizeof(*item));
		item->key = xml_attr(c, "key");
		item->value_name = xml_attr(c, "valueName");
		item->line = xml_line(c);
		if (item->value_name == NULL)
			return bad(rd, c, "<item> needs a valueName", NULL);
		value = xml_child(c, "value");
		if (value == NULL)
			return bad(rd, c, "<item> needs a <value>", NULL);
		if ((status = read_value(rd, value, &item->value)) != GPF_OK)
			return status;
	}
	return GPF_OK;
}

static const struct {
	const char *name;
	enum admx_element_type type;
} element_types[] = {
	{ "boolean", ADMX_BOOLEAN },
	{ "decimal", ADMX_DECIMAL },
	{ "longDecimal", ADMX_LONG_DECIMAL },
	{ "text", ADMX_TEXT },
	{ "multiText", ADMX_MULTI_TEXT },
	{ "enum", ADMX_ENUM },
	{ "list", ADMX_LIST },
};

const char *
admx_element_type_name(enum admx_element_type type)
{
	size_t i;

	for (i = 0; i < sizeof(element_types) / sizeof(element_types[0]); i++)
		if (element_types[i].type == type)
			return element_types[i].name;
	return "?";
}

static int
read_boolean(struct reader *rd, const xmlNode *node, struct admx_element *e)
{
	xmlNode *c;
	int status = GPF_OK;

	xml_each_child(c, node)
	{
		if (xml_is(c, "trueValue"))
			status = read_value(rd, c, &e->true_value);
		else if (xml_is(c, "falseValue"))
			status = read_value(rd, c, &e->false_value);
		else if (xml_is(c, "trueList"))
			status = read_value_list(rd, c, &e->true_list);
		else if (xml_is(c, "falseList"))
			status = read_value_list(rd, c, &e->false_list);
		if (status != GPF_OK)
			return status;
	}
	return GPF_OK;
}

static int
read_enum(struct reader *rd, const xmlNode *node, struct admx_element *e)
{
	struct admx_enum_item *item;
	xmlNode *c, *value, *list;
	int status;

	xml_each_child(c, node)
	{
		if (!xml_is(c, "item"))
			continue;
		e->items =
		    gpf_xrealloc(e->items, (e->item_count + 1) * sizeof(*item));
		item = &e->items[e->item_count++];
		memset(item, 0, sizeof(*item));
		item->display_name = xml_attr(c, "displayName");
		item->line = xml_line(c);
		if ((value = xml_child(c, "value")) == NULL)
			return bad(rd, c, "enum <item> needs a <value>", NULL);
		if ((status = read_value(rd, value, &item->value)) != GPF_OK)
			return status;
		list = xml_child(c, "valueList");
		if (list != NULL &&
		    (status = read_value_list(rd, list, &item->value_list)))
			return status;
	}
	return GPF_OK;
}

/* Attributes of the numeric and text element types. */
static int
read_limits(struct reader *rd, const xmlNode *node, struct admx_element *e)
{
	uint64_t max = e->type == ADMX_LONG_DECIMAL ? UINT64_MAX : UINT32_MAX;
	uint64_t n;
	int status;

	e->required = xml_attr_bool(node, "required", 0);
	e->soft = xml_attr_bool(node, "soft", 0);
	e->store_as_text = xml_attr_bool(node, "storeAsText", 0);
	e->expandable = xml_attr_bool(node, "expandable", 0);
	if ((status = read_optional_number(rd, node, "minValue", max, 0,
					   &e->min_value)) ||
	    (status = read_optional_number(rd, node, "maxValue", max, 9999,
					   &e->max_value)) ||
	    (status = read_optional_number(rd, node, "maxLength", UINT32_MAX,
					   1023, &n)))
		return status;
	e->max_length = (unsigned long)n;
	if ((status = read_optional_number(rd, node, "maxStrings", UINT32_MAX,
					   0, &n)))
		return status;
	e->max_strings = (unsigned long)n;
	return GPF_OK;
}

static int
read_element(struct reader *rd, const xmlNode *node, struct admx_element *e)
{
	size_t i;

	memset(e, 0, sizeof(*e));
	for (i = 0; i < sizeof(element_types) / sizeof(element_types[0]); i++)
		if (xml_is(node, element_types[i].name))
			break;
	if (i == sizeof(element_types) / sizeof(element_types[0]))
		return bad(rd, node, "unknown element type",
			   (const char *)node->name);

	e->type = element_types[i].type;
	e->id = xml_attr(node, "id");
	e->key = xml_attr(node, "key");
	e->value_name = xml_attr(node, "valueName");
	e->client_extension = xml_attr(node, "clientExtension");
	e->value_prefix = xml_attr(node, "valuePrefix");
	e->additive = xml_attr_bool(node, "additive", 0);
	e->explicit_value = xml_attr_bool(node, "explicitValue", 0);
	e->required = xml_attr_bool(node, "required", 0);
	e->line = xml_line(node);
	if (e->id == NULL)
		return bad(rd, node, "an element needs an id", NULL);
	if (e->value_name == NULL && e->type != ADMX_LIST)
		return bad(rd, node, "element needs a valueName:", e->id);

	if (e->type == ADMX_BOOLEAN)
		return read_boolean(rd, node, e);
	if (e->type == ADMX_ENUM)
		return read_enum(rd, node, e);
	return read_limits(rd, node, e);
}

static int
read_class(struct reader *rd, const xmlNode *node, enum admx_class *class)
{
	char *text = xml_attr(node, "class");
	int status = GPF_OK;

	if (text != NULL && strcasecmp(text, "User") == 0)
		*class = ADMX_USER;
	else if (text != NULL && strcasecmp(text, "Machine") == 0)
		*class = ADMX_MACHINE;
	else if (text != NULL && strcasecmp(text, "Both") == 0)
		*class = ADMX_BOTH;
	else
		status = bad(rd, node,
			     "class must be User, Machine or Both, "
			     "not",
			     text ? text : "(missing)");
	free(text);
	return status;
}

static int
read_elements(struct reader *rd, const xmlNode *node, struct admx_policy *p)
{
	xmlNode *c;
	int status;

	xml_each_child(c, node)
	{
		p->elements = gpf_xrealloc(
		    p->elements, (p->element_count + 1) * sizeof(*p->elements));
		status = read_element(rd, c, &p->elements[p->element_count++]);
		if (status != GPF_OK)
			return status;
	}
	return GPF_OK;
}

/* The ref of a <parentCategory> or <supportedOn>. */
static int
read_ref(struct reader *rd, const xmlNode *node, char **ref)
{
	if (*ref != NULL)
		return twice(rd, node);
	*ref = xml_attr(node, "ref");
	return GPF_OK;
}

/* The children of <policy>. */
static int
read_policy_parts(struct reader *rd, const xmlNode *node, struct admx_policy *p)
{
	xmlNode *c;
	int status = GPF_OK;

	xml_each_child(c, node)
	{
		if (xml_is(c, "parentCategory"))
			status = read_ref(rd, c, &p->parent_ref);
		else if (xml_is(c, "supportedOn"))
			status = read_ref(rd, c, &p->supported_ref);
		else if (xml_is(c, "enabledValue"))
			status = read_value(rd, c, &p->enabled_value);
		else if (xml_is(c, "disabledValue"))
			status = read_value(rd, c, &p->disabled_value);
		else if (xml_is(c, "enabledList"))
			status = read_value_list(rd, c, &p->enabled_list);
		else if (xml_is(c, "disabledList"))
			status = read_value_list(rd, c, &p->disabled_list);
		else if (xml_is(c, "elements"))
			status = read_elements(rd, c, p);
		if (status != GPF_OK)
			return status;
	}
	return GPF_OK;
}

static int
read_policy(struct reader *rd, const xmlNode *node, struct admx_policy *p)
{
	int status;

	memset(p, 0, sizeof(*p));
	p->name = xml_attr(node, "name");
	p->display_name = xml_attr(node, "displayName");
	p->explain_text = xml_attr(node, "explainText");
	p->presentation_ref = xml_attr(node, "presentation");
	p->key = xml_attr(node, "key");
	p->value_name = xml_attr(node, "valueName");
	p->line = xml_line(node);
	if (p->name == NULL)
		return bad(rd, node, "a policy needs a name", NULL);
	if (p->key == NULL)
		return bad(rd, node, "policy needs a key:", p->name);
	if ((status = read_class(rd, node, &p->class)) != GPF_OK)
		return status;
	return read_policy_parts(rd, node, p);
}

static void
read_category(const xmlNode *node, struct admx_category *c)
{
	xmlNode *parent = xml_child(node, "parentCategory");

	memset(c, 0, sizeof(*c));
	c->name = xml_attr(node, "name");
	if (c->name == NULL)
		c->name = gpf_xstrdup("");
	c->display_name = xml_attr(node, "displayName");
	c->explain_text = xml_attr(node, "explainText");
	c->parent_ref = parent ? xml_attr(parent, "ref") : NULL;
	c->line = xml_line(node);
}

static void
read_supported(struct admx_file *f, const xmlNode *node)
{
	xmlNode *defs = xml_child(node, "definitions"), *d;
	struct admx_supported *s;

	if (defs == NULL)
		return;
	xml_each_child(d, defs)
	{
		if (!xml_is(d, "definition"))
			continue;
		f->supported =
		    gpf_xrealloc(f->supported, (f->supported_count + 1) *
						   sizeof(*f->supported));
		s = &f->supported[f->supported_count++];
		s->name = xml_attr(d, "name");
		if (s->name == NULL)
			s->name = gpf_xstrdup("");
		s->display_name = xml_attr(d, "displayName");
		s->file = f;
		s->line = xml_line(d);
	}
}

static int
read_namespaces(struct reader *rd, struct admx_file *f, const xmlNode *node)
{
	xmlNode *c;
	struct admx_using *u;

	xml_each_child(c, node)
	{
		/* The first <target> counts, even one that lacks a part. */
		if (xml_is(c, "target") && f->prefix == NULL &&
		    f->namespace == NULL) {
			f->prefix = xml_attr(c, "prefix");
			f->namespace = xml_attr(c, "namespace");
		} else if (xml_is(c, "using")) {
			f->usings =
			    gpf_xrealloc(f->usings, (f->using_count + 1) *
							sizeof(*f->usings));
			u = &f->usings[f->using_count++];
			u->prefix = xml_attr(c, "prefix");
			u->namespace = xml_attr(c, "namespace");
			u->line = xml_line(c);
			if (u->prefix == NULL || u->namespace == NULL)
				return bad(rd, c,
					   "<using> needs a prefix "
					   "and a namespace",
					   NULL);
		}
	}
	if (f->prefix == NULL || f->namespace == NULL)
		return bad(rd, node,
			   "<policyNamespaces> needs a <target> "
			   "with a prefix and a namespace",
			   NULL);
	return GPF_OK;
}

static int
read_categories(struct admx_file *f, const xmlNode *node)
{
	xmlNode *c;

	xml_each_child(c, node)
	{
		if (!xml_is(c, "category"))
			continue;
		f->categories =
		    gpf_xrealloc(f->categories, (f->category_count + 1) *
						    sizeof(*f->categories));
		read_category(c, &f->categories[f->category_count]);
		f->categories[f->category_count++].file = f;
	}
	return GPF_OK;
}

static int
read_policies(struct reader *rd, struct admx_file *f, const xmlNode *node)
{
	xmlNode *c;
	int status;

	xml_each_child(c, node)
	{
		if (!xml_is(c, "policy"))
			continue;
		f->policies = gpf_xrealloc(
		    f->policies, (f->policy_count + 1) * sizeof(*f->policies));
		status = read_policy(rd, c, &f->policies[f->policy_count++]);
		if (status != GPF_OK)
			return status;
	}
	return GPF_OK;
}

static int
read_definitions(struct reader *rd, struct admx_file *f, xmlNode *root)
{
	xmlNode *c;
	int status = GPF_OK;

	if (!xml_is(root, "policyDefinitions"))
		return bad(rd, root, "expected <policyDefinitions>, found",
			   (const char *)root->name);
	xml_each_child(c, root)
	{
		if (xml_is(c, "policyNamespaces"))
			status = read_namespaces(rd, f, c);
		else if (xml_is(c, "supportedOn"))
			read_supported(f, c);
		else if (xml_is(c, "categories"))
			status = read_categories(f, c);
		else if (xml_is(c, "policies"))
			status = read_policies(rd, f, c);
		if (status != GPF_OK)
			return status;
	}
	if (f->prefix == NULL)
		return bad(rd, root, "no <policyNamespaces> with a <target>",
			   NULL);
	return GPF_OK;
}

static void free_file(struct admx_file *f);

/* A new file from the parsed ADMX doc (called name), which it frees. */
static int
read_admx(xmlDocPtr doc, const char *name, struct admx_file **fp,
	  struct gpf_error *err)
{
	struct reader rd = { name, err };
	struct admx_file *f = gpf_xrealloc(NULL, sizeof(*f));
	int status;

	memset(f, 0, sizeof(*f));
	f->path = gpf_xstrdup(name);
	status = read_definitions(&rd, f, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	*fp = f;
	return status;
}

/* Adds f to set, or frees it when status says loading it failed. */
static int
add_file(struct admx_set *set, struct admx_file *f, int status)
{
	if (status != GPF_OK) {
		free_file(f);
		return status;
	}
	set->files = gpf_xrealloc(set->files,
				  (set->file_count + 1) * sizeof(*set->files));
	set->files[set->file_count++] = f;
	return GPF_OK;
}

static int
load_file(struct admx_set *set, const char *path, struct gpf_error *err)
{
	struct admx_file *f;
	xmlDocPtr doc;
	char *adml;
	int status;

	if ((doc = xml_read(path, err)) == NULL)
		return err->status;
	status = read_admx(doc, path, &f, err);

	adml = status == GPF_OK ? adml_find(path, set->lang) : NULL;
	if (adml != NULL)
		status = adml_load(f, adml, err);
	free(adml);
	return add_file(set, f, status);
}

static int
has_admx_suffix(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcasecmp(name + n - 5, ".admx") == 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.admx of a folder, in name order so output is stable. */
static int
load_folder(struct admx_set *set, const char *dir, struct gpf_error *err)
{
	char **names = NULL, *path;
	size_t count = 0, i, n;
	struct dirent *e;
	DIR *d;
	int status = GPF_OK;

	if ((d = opendir(dir)) == NULL)
		return gpf_fail(err, GPF_NOINPUT, "%s: %s", dir,
				strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (!has_admx_suffix(e->d_name))
			continue;
		names = gpf_xrealloc(names, (count + 1) * sizeof(*names));
		names[count++] = gpf_xstrdup(e->d_name);
	}
	closedir(d);
	if (count > 0)
		qsort(names, count, sizeof(*names), by_name);

	for (i = 0; i < count; i++) {
		n = strlen(dir) + strlen(names[i]) + 2;
		path = gpf_xrealloc(NULL, n);
		snprintf(path, n, "%s/%s", dir, names[i]);
		if (status == GPF_OK)
			status = load_file(set, path, err);
		free(path);
		free(names[i]);
	}
	free(names);
	if (status == GPF_OK && count == 0)
		status = gpf_fail(err, GPF_NOINPUT,
				  "%s: no .admx files in "
				  "this folder",
				  dir);
	return status;
}

/* --- references ------------------------------------------------------ */

const char *
admx_ref_id(const char *ref, const char *kind, size_t *len)
{
	size_t k = strlen(kind), n;

	if (ref == NULL || strncmp(ref, "$(", 2) != 0 ||
	    strncmp(ref + 2, kind, k) != 0 || ref[2 + k] != '.')
		return NULL;
	n = strlen(ref);
	if (n < k + 4 || ref[n - 1] != ')')
		return NULL;
	*len = n - (k + 4);
	return ref + k + 3;
}

const char *
admx_string(const struct admx_file *file, const char *ref)
{
	const struct admx_string *s;
	const char *id;
	size_t len;

	if (ref == NULL)
		return NULL;
	if ((id = admx_ref_id(ref, "string", &len)) == NULL)
		return ref;
	s = adml_string(file, id, len);
	return s ? s->text : NULL;
}

static const struct admx_file *
file_for_namespace(const struct admx_set *set, const char *ns)
{
	size_t i;

	for (i = 0; i < set->file_count; i++)
		if (strcmp(set->files[i]->namespace, ns) == 0)
			return set->files[i];
	for (i = 0; i < set->file_count; i++)
		if (strcasecmp(set->files[i]->namespace, ns) == 0)
			return set->files[i];
	return NULL;
}

const struct admx_file *
admx_resolve_prefix(const struct admx_set *set, const struct admx_file *file,
		    const char *ref, const char **local)
{
	const char *colon = strchr(ref, ':');
	size_t plen, i;

	*local = ref;
	if (colon == NULL)
		return file;
	*local = colon + 1;
	plen = (size_t)(colon - ref);
	if (strlen(file->prefix) == plen &&
	    strncmp(file->prefix, ref, plen) == 0)
		return file;
	for (i = 0; i < file->using_count; i++)
		if (strlen(file->usings[i].prefix) == plen &&
		    strncmp(file->usings[i].prefix, ref, plen) == 0)
			return file_for_namespace(set,
						  file->usings[i].namespace);
	return NULL;
}

/* The first of count structs (each size bytes, starting with their
 * char *name) whose name is name, or NULL. */
static const void *
find_named(const void *base, size_t count, size_t size, const char *name)
{
	const char *elem = base;
	size_t i;

	for (i = 0; i < count; i++, elem += size)
		if (strcmp(*(char *const *)elem, name) == 0)
			return elem;
	return NULL;
}

static const struct admx_category *
find_category(const struct admx_set *set, const struct admx_file *file,
	      const char *ref)
{
	const struct admx_file *owner;
	const char *name;

	if (ref == NULL ||
	    (owner = admx_resolve_prefix(set, file, ref, &name)) == NULL)
		return NULL;
	return find_named(owner->categories, owner->category_count,
			  sizeof(*owner->categories), name);
}

static const struct admx_supported *
find_supported(const struct admx_set *set, const struct admx_file *file,
	       const char *ref)
{
	const struct admx_file *owner;
	const char *name;

	if (ref == NULL ||
	    (owner = admx_resolve_prefix(set, file, ref, &name)) == NULL)
		return NULL;
	return find_named(owner->supported, owner->supported_count,
			  sizeof(*owner->supported), name);
}

static void
resolve(struct admx_set *set)
{
	struct admx_file *f;
	struct admx_policy *p;
	const char *id;
	size_t i, j, len;

	for (i = 0; i < set->file_count; i++) {
		f = set->files[i];
		for (j = 0; j < f->category_count; j++)
			f->categories[j].parent =
			    find_category(set, f, f->categories[j].parent_ref);
		for (j = 0; j < f->policy_count; j++) {
			p = &f->policies[j];
			p->file = f;
			p->category = find_category(set, f, p->parent_ref);
			p->supported = find_supported(set, f, p->supported_ref);
			id = admx_ref_id(p->presentation_ref, "presentation",
					 &len);
			p->presentation =
			    id ? adml_presentation(f, id, len) : NULL;
		}
	}
}

const struct admx_policy *
admx_find_policy(const struct admx_set *set, const char *name,
		 struct gpf_error *err)
{
	const struct admx_policy *found = NULL;
	const char *colon = strchr(name, ':'), *local;
	const struct admx_file *f;
	size_t i, j, plen = colon ? (size_t)(colon - name) : 0;

	local = colon ? colon + 1 : name;
	for (i = 0; i < set->file_count; i++) {
		f = set->files[i];
		if (colon && (strlen(f->prefix) != plen ||
			      strncmp(f->prefix, name, plen) != 0))
			continue;
		for (j = 0; j < f->policy_count; j++) {
			if (strcmp(f->policies[j].name, local) != 0)
				continue;
			if (found != NULL) {
				gpf_fail(err, GPF_DATAERR,
					 "policy '%s' is in "
					 "both %s and %s; name it as "
					 "prefix:%s",
					 name, found->file->prefix, f->prefix,
					 name);
				return NULL;
			}
			found = &f->policies[j];
		}
	}
	if (found == NULL)
		gpf_fail(err, GPF_DATAERR,
			 "no policy named '%s' in the "
			 "loaded templates",
			 name);
	return found;
}

const struct admx_control *
admx_element_control(const struct admx_policy *policy,
		     const struct admx_element *element)
{
	const struct admx_presentation *p = policy->presentation;
	size_t i;

	for (i = 0; p != NULL && i < p->count; i++)
		if (p->controls[i].ref_id != NULL &&
		    strcmp(p->controls[i].ref_id, element->id) == 0)
			return &p->controls[i];
	return NULL;
}

/* Deeper than any real template nests; a longer chain is a loop. */
#define MAX_CATEGORY_DEPTH 64

/* The chain from category to its root, or -1 when it loops. */
static int
category_chain(const struct admx_category *category,
	       const struct admx_category **chain, size_t *n)
{
	size_t i;

	*n = 0;
	for (; category != NULL; category = category->parent) {
		if (*n == MAX_CATEGORY_DEPTH)
			return -1;
		for (i = 0; i < *n; i++)
			if (chain[i] == category)
				return -1;
		chain[(*n)++] = category;
	}
	return 0;
}

int
admx_category_path(const struct admx_category *category, char sep,
		   struct gpf_buf *out)
{
	const struct admx_category *chain[MAX_CATEGORY_DEPTH];
	size_t n;

	if (category_chain(category, chain, &n) < 0)
		return -1;
	while (n-- > 0) {
		gpf_buf_append(out, chain[n]->name, strlen(chain[n]->name));
		if (n > 0)
			gpf_buf_putc(out, (unsigned char)sep);
	}
	return 0;
}

int
admx_category_display_path(const struct admx_category *category,
			   const char *sep, struct gpf_buf *out)
{
	const struct admx_category *chain[MAX_CATEGORY_DEPTH];
	const char *text;
	size_t n;

	if (category_chain(category, chain, &n) < 0)
		return -1;
	while (n-- > 0) {
		text = admx_string(chain[n]->file, chain[n]->display_name);
		if (text == NULL)
			text = chain[n]->name;
		gpf_buf_append(out, text, strlen(text));
		if (n > 0)
			gpf_buf_append(out, sep, strlen(sep));
	}
	return 0;
}

const char *
admx_policy_display_name(const struct admx_policy *policy)
{
	const char *text = admx_string(policy->file, policy->display_name);

	return text ? text : policy->name;
}

const char *admx_class_name(enum admx_class class)
{
	return class == ADMX_USER      ? "User"
	       : class == ADMX_MACHINE ? "Machine"
				       : "Both";
}

static struct admx_set *
new_set(const char *lang)
{
	struct admx_set *set = gpf_xrealloc(NULL, sizeof(*set));

	memset(set, 0, sizeof(*set));
	set->lang = gpf_xstrdup(lang ? lang : "en-US");
	return set;
}

/* Hands the loaded set over with its references resolved, or frees it
 * when status says loading failed. */
static int
finish_load(struct admx_set *set, struct admx_set **setp, int status)
{
	if (status != GPF_OK) {
		admx_set_free(set);
		return status;
	}
	resolve(set);
	*setp = set;
	return GPF_OK;
}

int
admx_load(struct admx_set **setp, const char *path, const char *lang,
	  struct gpf_error *err)
{
	struct admx_set *set = new_set(lang);
	struct stat st;
	int status;

	*setp = NULL;
	if (stat(path, &st) != 0)
		status =
		    gpf_fail(err, GPF_NOINPUT, "%s: %s", path, strerror(errno));
	else if (S_ISDIR(st.st_mode))
		status = load_folder(set, path, err);
	else
		status = load_file(set, path, err);
	return finish_load(set, setp, status);
}

int
admx_load_memory(struct admx_set **setp, const struct admx_text *admx,
		 const struct admx_text *adml, struct gpf_error *err)
{
	struct admx_set *set = new_set(NULL);
	struct admx_file *f;
	xmlDocPtr doc;
	int status;

	*setp = NULL;
	doc = xml_read_memory(admx->data, admx->len, admx->name, err);
	if (doc == NULL)
		return finish_load(set, setp, err->status);
	status = read_admx(doc, admx->name, &f, err);

	if (status == GPF_OK && adml != NULL)
		status =
		    adml_load_memory(f, adml->data, adml->len, adml->name, err);
	return finish_load(set, setp, add_file(set, f, status));
}

/* --- freeing --------------------------------------------------------- */

static void
free_value_list(struct admx_value_list *l)
{
	size_t i;

	for (i = 0; i < l->count; i++) {
		free(l->items[i].key);
		free(l->items[i].value_name);
		free(l->items[i].value.string);
	}
	free(l->items);
	free(l->default_key);
}

static void
free_element(struct admx_element *e)
{
	size_t i;

	for (i = 0; i < e->item_count; i++) {
		free(e->items[i].display_name);
		free(e->items[i].value.string);
		free_value_list(&e->items[i].value_list);
	}
	free(e->items);
	free(e->true_value.string);
	free(e->false_value.string);
	free_value_list(&e->true_list);
	free_value_list(&e->false_list);
	free(e->id);
	free(e->key);
	free(e->value_name);
	free(e->client_extension);
	free(e->value_prefix);
}

static void
free_policy(struct admx_policy *p)
{
	size_t i;

	for (i = 0; i < p->element_count; i++)
		free_element(&p->elements[i]);
	free(p->elements);
	free_value_list(&p->enabled_list);
	free_value_list(&p->disabled_list);
	free(p->enabled_value.string);
	free(p->disabled_value.string);
	free(p->name);
	free(p->display_name);
	free(p->explain_text);
	free(p->presentation_ref);
	free(p->key);
	free(p->value_name);
	free(p->parent_ref);
	free(p->supported_ref);
}

static void
free_file(struct admx_file *f)
{
	size_t i;

	for (i = 0; i < f->policy_count; i++)
		free_policy(&f->policies[i]);
	for (i = 0; i < f->category_count; i++) {
		free(f->categories[i].name);
		free(f->categories[i].display_name);
		free(f->categories[i].explain_text);
		free(f->categories[i].parent_ref);
	}
	for (i = 0; i < f->supported_count; i++) {
		free(f->supported[i].name);
		free(f->supported[i].display_name);
	}
	for (i = 0; i < f->using_count; i++) {
		free(f->usings[i].prefix);
		free(f->usings[i].namespace);
	}
	adml_free(f);
	free(f->policies);
	free(f->categories);
	free(f->supported);
	free(f->usings);
	free(f->path);
	free(f->prefix);
	free(f->namespace);
	free(f);
}

void
admx_set_free(struct admx_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->file_count; i++)
		free_file(set->files[i]);
	free(set->files);
	free(set->lang);
	free(set);
}
