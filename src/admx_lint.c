/*
 * admx_lint.c - checks on loaded administrative templates.
 */
#include "admx_lint.h"
#include "adml.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void found(struct lint_report *r, const char *path, long line,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
found(struct lint_report *r, const char *path, long line, const char *fmt, ...)
{
	char what[768], *text;
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	n = strlen(path) + strlen(what) + 32;
	text = gpf_xrealloc(NULL, n);
	snprintf(text, n, "%s:%ld: %s", path, line, what);
	r->findings =
	    gpf_xrealloc(r->findings, (r->count + 1) * sizeof(*r->findings));
	r->findings[r->count++] = text;
}

/* A name and where it stands in its list, for sorting. */
struct named {
	const char *name;
	size_t index;
};

static int
by_name_then_index(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : (x->index > y->index) - (x->index < y->index);
}

/* The names of count items sorted, as first_equal reads them. */
static struct named *
sorted_names(const void *items, size_t count, size_t size, size_t offset,
	     size_t *n)
{
	struct named *v = gpf_xrealloc(NULL, (count + 1) * sizeof(*v));
	const char *name;
	size_t i;

	*n = 0;
	for (i = 0; i < count; i++) {
		name =
		    *(char *const *)((const char *)items + i * size + offset);
		if (name == NULL)
			continue;
		v[*n].name = name;
		v[(*n)++].index = i;
	}
	qsort(v, *n, sizeof(*v), by_name_then_index);
	return v;
}

/* The index of the first of the n sorted names equal to name, or -1. */
static long
find_first(const struct named *v, size_t n, const char *name)
{
	size_t low = 0, high = n, mid;

	while (low < high) {
		mid = low + (high - low) / 2;
		if (strcmp(v[mid].name, name) < 0)
			low = mid + 1;
		else
			high = mid;
	}
	return low < n && strcmp(v[low].name, name) == 0 ? (long)v[low].index
							 : -1;
}

/*
 * For each of the count names (the char * at offset in each item of
 * size bytes), the index of the first one equal to it, itself when it is
 * the first.  Found by sorting: a template may hold a hundred thousand
 * names, and comparing each with every other would take hours.
 */
static size_t *
first_equal(const void *items, size_t count, size_t size, size_t offset)
{
	size_t *first = gpf_xrealloc(NULL, (count + 1) * sizeof(*first));
	struct named *v;
	size_t i;

	for (i = 0; i < count; i++)
		first[i] = i;
	v = sorted_names(items, count, size, offset, &count);
	for (i = 0; i < count; i++)
		first[v[i].index] =
		    i > 0 && strcmp(v[i - 1].name, v[i].name) == 0
			? first[v[i - 1].index]
			: v[i].index;
	free(v);
	return first;
}

/* A $(string.ID) that the file's ADML does not define. */
static void
check_string(struct lint_report *r, const struct admx_file *f, long line,
	     const char *what, const char *ref)
{
	size_t len;

	if (ref == NULL || admx_ref_id(ref, "string", &len) == NULL)
		return;
	if (f->adml_path != NULL && admx_string(f, ref) == NULL)
		found(r, f->path, line, "%s %s is not in %s", what, ref,
		      f->adml_path);
}

/*
 * A reference (parentCategory, supportedOn) that resolved to nothing:
 * either its file is loaded and lacks the name, or its prefix names no
 * namespace at all.  A declared `using` whose file is not loaded is
 * reported once, by check_usings.
 */
static void
unresolved(struct lint_report *r, const struct admx_set *set,
	   const struct admx_file *f, long line, const char *subject,
	   const char *what, const char *ref)
{
	const char *local, *colon = strchr(ref, ':');
	size_t i, plen = colon ? (size_t)(colon - ref) : 0;

	if (admx_resolve_prefix(set, f, ref, &local) != NULL) {
		found(r, f->path, line, "%s: %s %s is not defined", subject,
		      what, ref);
		return;
	}
	for (i = 0; i < f->using_count; i++)
		if (strlen(f->usings[i].prefix) == plen &&
		    strncmp(f->usings[i].prefix, ref, plen) == 0)
			return;
	found(r, f->path, line,
	      "%s: %s %s uses a prefix that no <using> "
	      "declares",
	      subject, what, ref);
}

static void
check_category_chain(struct lint_report *r, const struct admx_set *set,
		     const struct admx_category *c)
{
	struct gpf_buf path = { 0 };
	char subject[300];

	snprintf(subject, sizeof(subject), "category %s", c->name);
	if (c->parent_ref != NULL && c->parent == NULL)
		unresolved(r, set, c->file, c->line, subject, "parent category",
			   c->parent_ref);
	if (admx_category_path(c, '~', &path) < 0)
		found(r, c->file->path, c->line,
		      "category %s: parent "
		      "categories form a loop",
		      c->name);
	gpf_buf_free(&path);
}

static void
check_categories(struct lint_report *r, const struct admx_set *set,
		 const struct admx_file *f)
{
	const struct admx_category *c;
	size_t i, j, *first;

	first = first_equal(f->categories, f->category_count,
			    sizeof(*f->categories),
			    offsetof(struct admx_category, name));
	for (i = 0; i < f->category_count; i++) {
		c = &f->categories[i];
		if ((j = first[i]) < i)
			found(r, f->path, c->line,
			      "category %s is defined "
			      "twice (first on line %ld)",
			      c->name, f->categories[j].line);
		check_string(r, f, c->line, "display name", c->display_name);
		check_string(r, f, c->line, "explain text", c->explain_text);
		check_category_chain(r, set, c);
	}
	free(first);
}

/* `using` namespaces that no loaded file is the target of. */
static void
check_usings(struct lint_report *r, const struct admx_set *set,
	     const struct admx_file *f)
{
	const char *local;
	size_t i, n;
	char *ref;

	for (i = 0; i < f->using_count; i++) {
		n = strlen(f->usings[i].prefix) + 3;
		ref = gpf_xrealloc(NULL, n);
		snprintf(ref, n, "%s:x", f->usings[i].prefix);
		if (admx_resolve_prefix(set, f, ref, &local) == NULL)
			found(r, f->path, f->usings[i].line,
			      "using prefix %s: no loaded file "
			      "defines namespace %s",
			      f->usings[i].prefix, f->usings[i].namespace);
		free(ref);
	}
}

static void
check_ref(struct lint_report *r, const struct admx_set *set,
	  const struct admx_policy *p, const char *what, const char *ref,
	  const void *resolved)
{
	char subject[300];

	if (ref == NULL || resolved != NULL)
		return;
	snprintf(subject, sizeof(subject), "policy %s", p->name);
	unresolved(r, set, p->file, p->line, subject, what, ref);
}

/* The control of pres that shows element e, from pres's sorted refIds. */
static const struct admx_control *
control_of(const struct admx_presentation *pres, const struct named *refs,
	   size_t nrefs, const struct admx_element *e)
{
	long i = pres ? find_first(refs, nrefs, e->id) : -1;

	return i < 0 ? NULL : &pres->controls[i];
}

static void
check_controls(struct lint_report *r, const struct admx_policy *p,
	       const struct named *refs, size_t nrefs)
{
	const struct admx_presentation *pres = p->presentation;
	const struct admx_control *ctl;
	struct named *ids;
	size_t i, nids;

	ids = sorted_names(p->elements, p->element_count, sizeof(*p->elements),
			   offsetof(struct admx_element, id), &nids);
	for (i = 0; i < pres->count; i++) {
		ctl = &pres->controls[i];
		if (ctl->ref_id != NULL &&
		    find_first(ids, nids, ctl->ref_id) < 0)
			found(r, p->file->adml_path, ctl->line,
			      "presentation %s: %s "
			      "refId %s matches no element of policy %s",
			      pres->id, ctl->type, ctl->ref_id, p->name);
	}
	for (i = 0; i < p->element_count; i++)
		if (control_of(pres, refs, nrefs, &p->elements[i]) == NULL)
			found(r, p->file->path, p->elements[i].line,
			      "policy %s: element %s is shown by no control "
			      "of presentation %s",
			      p->name, p->elements[i].id, pres->id);
	free(ids);
}

static void
check_presentation(struct lint_report *r, const struct admx_policy *p,
		   const struct named *refs, size_t nrefs)
{
	const struct admx_presentation *pres = p->presentation;
	const char *where = p->file->adml_path;

	if (p->presentation_ref != NULL && pres == NULL &&
	    p->file->adml_path != NULL) {
		found(r, p->file->path, p->line,
		      "policy %s: presentation %s "
		      "is not in %s",
		      p->name, p->presentation_ref, where);
		return;
	}
	if (pres == NULL) {
		if (p->element_count > 0 && p->file->adml_path != NULL)
			found(r, p->file->path, p->line,
			      "policy %s has "
			      "elements but no presentation to show them",
			      p->name);
		return;
	}
	check_controls(r, p, refs, nrefs);
}

/* A decimalTextBox default outside its element's limits. */
static void
check_default(struct lint_report *r, const struct admx_policy *p,
	      const struct admx_element *e, const struct admx_control *ctl)
{
	unsigned long long n;
	char *end;

	if (e->min_value > e->max_value)
		found(r, p->file->path, e->line,
		      "element %s: minValue %llu "
		      "is above maxValue %llu",
		      e->id, (unsigned long long)e->min_value,
		      (unsigned long long)e->max_value);
	if (ctl == NULL || ctl->default_value == NULL)
		return;
	n = strtoull(ctl->default_value, &end, 10);
	if (*end == '\0' && (n < e->min_value || n > e->max_value))
		found(r, p->file->adml_path, ctl->line,
		      "element %s: default "
		      "%s is outside %llu..%llu",
		      e->id, ctl->default_value,
		      (unsigned long long)e->min_value,
		      (unsigned long long)e->max_value);
}

static void
check_elements(struct lint_report *r, const struct admx_policy *p,
	       const struct named *refs, size_t nrefs)
{
	const struct admx_element *e;
	size_t i, j, *first;

	first = first_equal(p->elements, p->element_count, sizeof(*p->elements),
			    offsetof(struct admx_element, id));
	for (i = 0; i < p->element_count; i++) {
		e = &p->elements[i];
		if (first[i] < i)
			found(r, p->file->path, e->line,
			      "policy %s: element "
			      "id %s is used twice",
			      p->name, e->id);
		if (e->type == ADMX_ENUM && e->item_count == 0)
			found(r, p->file->path, e->line,
			      "policy %s: enum %s "
			      "has no items",
			      p->name, e->id);
		for (j = 0; j < e->item_count; j++)
			check_string(r, p->file, e->items[j].line, "enum item",
				     e->items[j].display_name);
		if (e->type == ADMX_DECIMAL || e->type == ADMX_LONG_DECIMAL)
			check_default(
			    r, p, e,
			    control_of(p->presentation, refs, nrefs, e));
	}
	free(first);
}

static void
check_policies(struct lint_report *r, const struct admx_set *set,
	       const struct admx_file *f)
{
	const struct admx_policy *p;
	struct named *refs;
	size_t i, j, nrefs = 0, *first;

	first = first_equal(f->policies, f->policy_count, sizeof(*f->policies),
			    offsetof(struct admx_policy, name));
	for (i = 0; i < f->policy_count; i++) {
		p = &f->policies[i];
		if ((j = first[i]) < i)
			found(r, f->path, p->line,
			      "policy %s is defined "
			      "twice (first on line %ld)",
			      p->name, f->policies[j].line);
		check_string(r, f, p->line, "display name", p->display_name);
		check_string(r, f, p->line, "explain text", p->explain_text);
		check_ref(r, set, p, "parent category", p->parent_ref,
			  p->category);
		check_ref(r, set, p, "supportedOn", p->supported_ref,
			  p->supported);
		refs = p->presentation
			   ? sorted_names(p->presentation->controls,
					  p->presentation->count,
					  sizeof(*p->presentation->controls),
					  offsetof(struct admx_control, ref_id),
					  &nrefs)
			   : NULL;
		check_presentation(r, p, refs, nrefs);
		check_elements(r, p, refs, nrefs);
		free(refs);
	}
	free(first);
}

/* --- Intune ADMX ingestion ---------------------------------------------- */

/*
 * Ingestion refuses policies under System, Software\Microsoft and
 * Software\Policies\Microsoft, except these Office, Internet Explorer,
 * Exchange, VBA, OneDrive and Edge locations (the Win32 app ADMX
 * ingestion rules).  Office's own templates also write Windows Search
 * and Internet Settings keys, and Intune ingests them.
 */
static const char *const intune_blocked[] = {
	"System\\",
	"Software\\Microsoft\\",
	"Software\\Policies\\Microsoft\\",
};
static const char *const intune_allowed[] = {
	"Software\\Policies\\Microsoft\\Office\\",
	"Software\\Microsoft\\Office\\",
	"Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\",
	"Software\\Microsoft\\Internet Explorer\\",
	"Software\\Policies\\Microsoft\\Internet Explorer\\",
	"Software\\Policies\\Microsoft\\Exchange\\",
	"Software\\Microsoft\\Exchange\\",
	"Software\\Policies\\Microsoft\\VBA\\Security\\",
	"Software\\Microsoft\\VBA\\Security\\",
	"Software\\Policies\\Microsoft\\OneDrive\\",
	"Software\\Microsoft\\OneDrive\\",
	"Software\\Policies\\Microsoft\\Edge\\",
	"Software\\Policies\\Microsoft\\EdgeUpdate\\",
	"Software\\Microsoft\\Edge\\",
	"Software\\Microsoft\\EdgeUpdate\\",
	"Software\\Policies\\Microsoft\\Windows\\Windows Search\\",
	"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\",
	"Software\\Policies\\Microsoft\\Windows\\CurrentVersion\\"
	"Internet Settings\\",
};

/* Whether key is prefix or lies below it, case-insensitively. */
static int
under(const char *key, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncasecmp(key, prefix, n) == 0 ||
	       (strlen(key) == n - 1 && strncasecmp(key, prefix, n - 1) == 0);
}

int
admx_intune_key_allowed(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(intune_allowed) / sizeof(*intune_allowed); i++)
		if (under(key, intune_allowed[i]))
			return 1;
	for (i = 0; i < sizeof(intune_blocked) / sizeof(*intune_blocked); i++)
		if (under(key, intune_blocked[i]))
			return 0;
	return 1;
}

/* Letters, digits, '_', '-' and '.': what an OMA-URI segment carries. */
static const char *
bad_char(const char *name)
{
	for (; *name; name++)
		if (!((*name >= 'a' && *name <= 'z') ||
		      (*name >= 'A' && *name <= 'Z') ||
		      (*name >= '0' && *name <= '9') || *name == '_' ||
		      *name == '-' || *name == '.'))
			return name;
	return NULL;
}

static void
check_key(struct lint_report *r, const struct admx_policy *p, long line,
	  const char *key)
{
	if (key != NULL && !admx_intune_key_allowed(key))
		found(r, p->file->path, line,
		      "policy %s: Intune does not "
		      "ingest policies writing under %s",
		      p->name, key);
}

static void
check_list_keys(struct lint_report *r, const struct admx_policy *p,
		const struct admx_value_list *l)
{
	size_t i;

	check_key(r, p, p->line, l->default_key);
	for (i = 0; i < l->count; i++)
		check_key(r, p, l->items[i].line, l->items[i].key);
}

static void
check_intune_policy(struct lint_report *r, const struct admx_policy *p)
{
	const struct admx_element *e;
	const char *c;
	size_t i, j;

	check_key(r, p, p->line, p->key);
	check_list_keys(r, p, &p->enabled_list);
	check_list_keys(r, p, &p->disabled_list);
	for (i = 0; i < p->element_count; i++) {
		e = &p->elements[i];
		check_key(r, p, e->line, e->key);
		check_list_keys(r, p, &e->true_list);
		check_list_keys(r, p, &e->false_list);
		for (j = 0; j < e->item_count; j++)
			check_list_keys(r, p, &e->items[j].value_list);
	}
	if (p->parent_ref != NULL && strchr(p->parent_ref, ':') != NULL)
		found(r, p->file->path, p->line,
		      "policy %s: Intune rejects "
		      "the prefixed parent category %s",
		      p->name, p->parent_ref);
	if ((c = bad_char(p->name)) != NULL)
		found(r, p->file->path, p->line,
		      "policy %s: Intune cannot "
		      "carry the character '%c' in a policy name",
		      p->name, *c);
}

static void
check_intune(struct lint_report *r, const struct admx_file *f)
{
	const struct admx_category *c;
	const char *bad;
	size_t i;

	for (i = 0; i < f->category_count; i++) {
		c = &f->categories[i];
		if (c->parent_ref && strchr(c->parent_ref, ':'))
			found(r, f->path, c->line,
			      "category %s: Intune "
			      "rejects the prefixed parent category %s",
			      c->name, c->parent_ref);
		if ((bad = bad_char(c->name)) != NULL)
			found(r, f->path, c->line,
			      "category %s: Intune "
			      "cannot carry the character '%c' in a category "
			      "name",
			      c->name, *bad);
	}
	for (i = 0; i < f->policy_count; i++)
		check_intune_policy(r, &f->policies[i]);
}

void
admx_lint(const struct admx_set *set, int intune, struct lint_report *report)
{
	const struct admx_file *f;
	size_t i;

	for (i = 0; i < set->file_count; i++) {
		f = set->files[i];
		if (f->adml_path == NULL)
			found(report, f->path, 1,
			      "no %s ADML found for this "
			      "file; names and presentations are unchecked",
			      set->lang);
		check_usings(report, set, f);
		check_categories(report, set, f);
		check_policies(report, set, f);
		if (intune)
			check_intune(report, f);
	}
}

void
lint_report_free(struct lint_report *report)
{
	size_t i;

	for (i = 0; i < report->count; i++)
		free(report->findings[i]);
	free(report->findings);
	report->findings = NULL;
	report->count = 0;
}
