/*
 * admx.h - administrative templates (ADMX with their ADML): the policy
 * model every writer works from.
 *
 * An admx_set holds one or more loaded .admx files, each with the .adml
 * of the chosen language.  Every element type and attribute of the ADMX
 * schema is kept, with references (strings, presentations, categories,
 * supportedOn) resolved across the loaded files.
 *
 * Ownership: the set owns every file, policy, element and string in it;
 * admx_set_free releases them all.  Pointers into the set stay valid
 * until then.  Strings are UTF-8.
 */
#ifndef ADMX_H
#define ADMX_H

#include <stddef.h>
#include <stdint.h>

#include "gpf_buf.h"
#include "gpf_error.h"

enum admx_class { ADMX_USER = 1, ADMX_MACHINE = 2, ADMX_BOTH = 3 };

/* The <value> of enabledValue, trueValue, an enum item and so on. */
enum admx_value_kind {
	ADMX_VALUE_ABSENT = 0,
	ADMX_VALUE_DELETE,
	ADMX_VALUE_DECIMAL,	 /* REG_DWORD */
	ADMX_VALUE_LONG_DECIMAL, /* REG_QWORD */
	ADMX_VALUE_STRING	 /* REG_SZ */
};

struct admx_value {
	enum admx_value_kind kind;
	uint64_t number;
	char *string;
};

/* One <item> of enabledList, trueList, valueList ... */
struct admx_list_item {
	char *key; /* NULL: the list's defaultKey */
	char *value_name;
	struct admx_value value;
	long line;
};

struct admx_value_list {
	int present;
	char *default_key; /* NULL: the owner's key */
	struct admx_list_item *items;
	size_t count;
};

enum admx_element_type {
	ADMX_BOOLEAN,
	ADMX_DECIMAL,
	ADMX_LONG_DECIMAL,
	ADMX_TEXT,
	ADMX_MULTI_TEXT,
	ADMX_ENUM,
	ADMX_LIST
};

struct admx_enum_item {
	char *display_name; /* as written: $(string.ID) */
	struct admx_value value;
	struct admx_value_list value_list;
	long line;
};

/* A control of a presentation (ADML). */
struct admx_control {
	char *type;	     /* textBox, dropdownList, ... */
	char *ref_id;	     /* NULL for a plain text control */
	char *label;	     /* label text, or the element's text */
	char *default_value; /* defaultValue / default / defaultItem
			      * / defaultChecked, as written */
	long line;
};

struct admx_presentation {
	char *id;
	struct admx_control *controls;
	size_t count;
	long line;
};

struct admx_element {
	enum admx_element_type type;
	char *id;
	char *key; /* NULL: the policy's key */
	char *value_name;
	char *client_extension;
	long line;

	int required, soft, store_as_text, expandable;
	uint64_t min_value, max_value; /* decimal, longDecimal */
	unsigned long max_length;      /* text, multiText */
	unsigned long max_strings;     /* multiText */

	/* boolean */
	struct admx_value true_value, false_value;
	struct admx_value_list true_list, false_list;

	/* enum */
	struct admx_enum_item *items;
	size_t item_count;

	/* list */
	char *value_prefix; /* NULL when the attribute is absent */
	int additive, explicit_value;
};

struct admx_file;

struct admx_category {
	char *name;		/* first: lookups rely on it */
	char *display_name; /* as written */
	char *explain_text;
	char *parent_ref;		    /* NULL for a root category */
	const struct admx_category *parent; /* resolved, or NULL */
	const struct admx_file *file;
	long line;
};

struct admx_supported {
	char *name;		/* first: lookups rely on it */
	char *display_name;
	const struct admx_file *file;
	long line;
};

struct admx_policy {
	char *name;
	enum admx_class class;
	char *display_name; /* as written */
	char *explain_text;
	char *presentation_ref;
	char *key;
	char *value_name; /* NULL when absent */
	char *parent_ref;
	char *supported_ref;
	struct admx_value enabled_value, disabled_value;
	struct admx_value_list enabled_list, disabled_list;
	struct admx_element *elements;
	size_t element_count;
	long line;

	/* resolved after loading */
	const struct admx_file *file;
	const struct admx_category *category;
	const struct admx_presentation *presentation;
	const struct admx_supported *supported;
};

struct admx_string {
	char *id;
	char *text;
	long line;
};

struct admx_using {
	char *prefix;
	char *namespace;
	long line;
};

struct admx_file {
	char *path;	 /* the .admx */
	char *adml_path; /* NULL when none was found */
	char *prefix;	 /* target prefix */
	char *namespace; /* target namespace */
	struct admx_using *usings;
	size_t using_count;

	struct admx_category *categories;
	size_t category_count;
	struct admx_supported *supported;
	size_t supported_count;
	struct admx_policy *policies;
	size_t policy_count;

	/* from the ADML, sorted by id */
	struct admx_string *strings;
	size_t string_count;
	struct admx_presentation *presentations;
	size_t presentation_count;
};

struct admx_set {
	struct admx_file **files;
	size_t file_count;
	char *lang;
};

/*
 * Loads path: one .admx (its ADML from LANG/ beside it) or a folder of
 * them (PolicyDefinitions layout).  lang NULL means en-US; an ADML
 * missing in lang falls back to en-US.  External entities and DTDs are
 * never loaded.  On failure err names the file and line.
 */
int admx_load(struct admx_set **setp, const char *path, const char *lang,
	      struct gpf_error *err);

/* A template held in memory, and the name messages call it. */
struct admx_text {
	const char *name;
	const void *data;
	size_t len;
};

/*
 * Loads one ADMX and its ADML (adml NULL: none) from memory, as
 * admx_load loads a file; the texts need not outlive the set.
 */
int admx_load_memory(struct admx_set **setp, const struct admx_text *admx,
		     const struct admx_text *adml, struct gpf_error *err);

void admx_set_free(struct admx_set *set);

/*
 * The text of "$(string.ID)" in file's ADML, or NULL when missing.  Text
 * without the $(string.) form is returned as it is.
 */
const char *admx_string(const struct admx_file *file, const char *ref);

/* "$(string.X)" and "$(presentation.X)" as X, or NULL for other text. */
const char *admx_ref_id(const char *ref, const char *kind, size_t *len);

/*
 * Finds a policy by "prefix:name" (the file's target prefix) or by a
 * name unique across the set.  On failure err says why (unknown or
 * ambiguous).
 */
const struct admx_policy *admx_find_policy(const struct admx_set *set,
					   const char *name,
					   struct gpf_error *err);

/*
 * Resolves a reference ("name" or "prefix:name") made in file to the
 * file that defines that namespace, or NULL.  *local gets the name part.
 */
const struct admx_file *admx_resolve_prefix(const struct admx_set *set,
					    const struct admx_file *file,
					    const char *ref,
					    const char **local);

/* The element a presentation control shows, by refId, or NULL. */
const struct admx_control *
admx_element_control(const struct admx_policy *policy,
		     const struct admx_element *element);

/*
 * Appends the names of category and its parents to out, root first,
 * joined by sep.  Returns -1, leaving out as it was, when the chain
 * loops or nests deeper than 64; else 0.
 */
int admx_category_path(const struct admx_category *category, char sep,
		       struct gpf_buf *out);

/* The same with display names (names where the ADML lacks one). */
int admx_category_display_path(const struct admx_category *category,
			       const char *sep, struct gpf_buf *out);

/* The policy's display name, or its name where the ADML lacks one. */
const char *admx_policy_display_name(const struct admx_policy *policy);

/* "User", "Machine" or "Both". */
const char *admx_class_name(enum admx_class class);

/* "boolean", "decimal", ... as the schema names the element. */
const char *admx_element_type_name(enum admx_element_type type);

#endif
