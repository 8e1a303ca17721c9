/*
 * settings.c - read the settings file and check it against the ADMX.
 */
#include "settings.h"
#include "textlines.h"
#include "utf16.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct parser {
	struct text_lines text;
	const struct admx_set *set;
	struct gpf_error *err;
	struct settings *out;
	struct policy_setting *cur; /* the open section, or NULL */
	char *section;		    /* its name as written */
	long state_line, class_line;
};

static int fail_line(struct parser *p, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail_line(struct parser *p, long line, const char *fmt, ...)
{
	char what[GPF_MESSAGE_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return gpf_fail(p->err, GPF_DATAERR, "%s: line %ld: %s", p->text.name,
			line, what);
}

static char *
trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

/* Cuts a ';' or '#' comment that follows white space. */
static void
cut_comment(char *s)
{
	char *c;

	for (c = s; *c; c++)
		if ((*c == ';' || *c == '#') && c > s &&
		    (c[-1] == ' ' || c[-1] == '\t')) {
			*c = '\0';
			return;
		}
}

/*
 * Whether only blanks, or blanks and then a comment, follow p: what may
 * stand after the closing quote of a quoted value.
 */
static int
only_comment_after(const char *p)
{
	p += strspn(p, " \t");
	return *p == '\0' ||
	       ((*p == ';' || *p == '#') && (p[-1] == ' ' || p[-1] == '\t'));
}

/*
 * The value part: quoted text kept as it is, else trimmed and with its
 * comment cut.  A quoted value ends at the first '"' followed by nothing
 * but a comment, so quotes inside it and in the comment both work.
 */
static int
clean_value(struct parser *p, char *raw, char **value)
{
	char *v = raw + strspn(raw, " \t"), *close;

	if (*v == '"') {
		for (close = strchr(v + 1, '"'); close != NULL;
		     close = strchr(close + 1, '"'))
			if (only_comment_after(close + 1))
				break;
		if (close == NULL && strchr(v + 1, '"') == NULL)
			return fail_line(p, p->text.lineno,
					 "the quoted value "
					 "has no closing '\"'");
		if (close == NULL)
			return fail_line(p, p->text.lineno,
					 "text after the "
					 "closing '\"'");
		*close = '\0';
		*value = v + 1;
		return GPF_OK;
	}
	cut_comment(v);
	*value = trim(v);
	return GPF_OK;
}

static const struct admx_element *
find_element(const struct admx_policy *pol, const char *id, size_t *index)
{
	size_t i;

	for (i = 0; i < pol->element_count; i++)
		if (strcmp(pol->elements[i].id, id) == 0)
			break;
	if (i == pol->element_count)
		for (i = 0; i < pol->element_count; i++)
			if (strcasecmp(pol->elements[i].id, id) == 0)
				break;
	if (i == pol->element_count)
		return NULL;
	*index = i;
	return &pol->elements[i];
}

static int
parse_unsigned(const char *text, uint64_t *n)
{
	char *end;

	if (!isdigit((unsigned char)text[0]))
		return -1;
	errno = 0;
	*n = strtoull(text, &end, 10);
	return errno != 0 || *end != '\0' ? -1 : 0;
}

static int
set_number(struct parser *p, const struct admx_element *e,
	   struct element_value *v, const char *text)
{
	if (parse_unsigned(text, &v->number) < 0 ||
	    (e->type == ADMX_DECIMAL && v->number > UINT32_MAX))
		return fail_line(p, p->text.lineno,
				 "%s: '%.40s' is not an "
				 "unsigned %s number",
				 e->id, text,
				 e->type == ADMX_DECIMAL ? "32-bit" : "64-bit");
	if (v->number < e->min_value || v->number > e->max_value)
		return fail_line(p, p->text.lineno,
				 "%s: %s is outside %llu..%llu", e->id, text,
				 (unsigned long long)e->min_value,
				 (unsigned long long)e->max_value);
	return GPF_OK;
}

static int
check_length(struct parser *p, const struct admx_element *e, const char *text)
{
	size_t n = utf8_utf16_length(text);

	if (e->max_length > 0 && n > e->max_length)
		return fail_line(p, p->text.lineno,
				 "%s: text of %zu "
				 "characters is over maxLength %lu",
				 e->id, n, e->max_length);
	return GPF_OK;
}

/* An enum item by 0-based index or by its display-name string id. */
static int
set_enum(struct parser *p, const struct admx_element *e,
	 struct element_value *v, const char *text)
{
	const char *id;
	uint64_t n;
	size_t i, len;

	if (parse_unsigned(text, &n) == 0 && n < e->item_count) {
		v->item = (size_t)n;
		return GPF_OK;
	}
	for (i = 0; i < e->item_count; i++) {
		id = admx_ref_id(e->items[i].display_name, "string", &len);
		if (id != NULL && strlen(text) == len &&
		    strncmp(id, text, len) == 0) {
			v->item = i;
			return GPF_OK;
		}
	}
	return fail_line(p, p->text.lineno,
			 "%s: '%.40s' is neither an item "
			 "index (0..%zu) nor an item's string id",
			 e->id, text, e->item_count ? e->item_count - 1 : 0);
}

static void
push_string(struct element_value *v, const char *s)
{
	/* Doubling at each power of two, as regops_add does. */
	if ((v->count & (v->count - 1)) == 0)
		v->strings = gpf_xrealloc(v->strings, (2 * v->count + 1) *
							  sizeof(*v->strings));
	v->strings[v->count++] = gpf_xstrdup(s);
}

/* One more entry of a multiText or list element. */
static int
add_entry(struct parser *p, const struct admx_element *e,
	  struct element_value *v, const char *text)
{
	const char *eq = strchr(text, '=');
	char *name;
	int status;

	if (e->type == ADMX_MULTI_TEXT) {
		if (*text == '\0')
			return fail_line(p, p->text.lineno,
					 "%s: an empty "
					 "string would end the list",
					 e->id);
		if (e->max_strings > 0 && v->count == e->max_strings)
			return fail_line(p, p->text.lineno,
					 "%s: more than "
					 "maxStrings %lu entries",
					 e->id, e->max_strings);
		if ((status = check_length(p, e, text)) != GPF_OK)
			return status;
		push_string(v, text);
		return GPF_OK;
	}
	if (!e->explicit_value) {
		push_string(v, text);
		return GPF_OK;
	}
	if (eq == NULL || eq == text)
		return fail_line(p, p->text.lineno,
				 "%s: expected name=data "
				 "for this explicitValue list",
				 e->id);
	name = gpf_xstrdup(text);
	name[eq - text] = '\0';
	push_string(v, name);
	push_string(v, eq + 1);
	free(name);
	return GPF_OK;
}

static int
set_single(struct parser *p, const struct admx_element *e,
	   struct element_value *v, const char *text)
{
	int status;

	switch (e->type) {
	case ADMX_DECIMAL:
	case ADMX_LONG_DECIMAL: return set_number(p, e, v, text);
	case ADMX_TEXT:
		if ((status = check_length(p, e, text)) != GPF_OK)
			return status;
		v->text = gpf_xstrdup(text);
		return GPF_OK;
	case ADMX_BOOLEAN:
		if (strcasecmp(text, "true") == 0)
			v->checked = 1;
		else if (strcasecmp(text, "false") != 0)
			return fail_line(p, p->text.lineno,
					 "%s: expected true "
					 "or false, not '%.40s'",
					 e->id, text);
		return GPF_OK;
	case ADMX_ENUM: return set_enum(p, e, v, text);
	default: return GPF_OK;
	}
}

static int
set_element(struct parser *p, const char *key, const char *text)
{
	const struct admx_policy *pol = p->cur->policy;
	const struct admx_element *e;
	struct element_value *v;
	size_t i;

	if ((e = find_element(pol, key, &i)) == NULL)
		return fail_line(p, p->text.lineno,
				 "policy %s has no element "
				 "'%.60s'",
				 pol->name, key);
	v = &p->cur->values[i];
	if (e->type == ADMX_MULTI_TEXT || e->type == ADMX_LIST) {
		if (!v->given)
			v->line = p->text.lineno;
		v->given = 1;
		return add_entry(p, e, v, text);
	}
	if (v->given)
		return fail_line(p, p->text.lineno,
				 "%s is given twice (first "
				 "on line %ld)",
				 e->id, v->line);
	v->given = 1;
	v->line = p->text.lineno;
	return set_single(p, e, v, text);
}

static int
set_state(struct parser *p, const char *text)
{
	if (p->state_line != 0)
		return fail_line(p, p->text.lineno,
				 "state is given twice "
				 "(first on line %ld)",
				 p->state_line);
	p->state_line = (long)p->text.lineno;
	if (strcasecmp(text, "enabled") == 0)
		p->cur->state = POLICY_ENABLED;
	else if (strcasecmp(text, "disabled") == 0)
		p->cur->state = POLICY_DISABLED;
	else
		return fail_line(p, p->text.lineno,
				 "state must be enabled or "
				 "disabled, not '%.40s'",
				 text);
	return GPF_OK;
}

static int
set_class(struct parser *p, const char *text)
{
	if (p->cur->policy->class != ADMX_BOTH)
		return fail_line(p, p->text.lineno,
				 "class is only for "
				 "policies of class Both; %s is %s",
				 p->cur->policy->name,
				 admx_class_name(p->cur->policy->class));
	if (p->class_line != 0)
		return fail_line(p, p->text.lineno,
				 "class is given twice "
				 "(first on line %ld)",
				 p->class_line);
	p->class_line = (long)p->text.lineno;
	if (strcasecmp(text, "user") == 0)
		p->cur->class = ADMX_USER;
	else if (strcasecmp(text, "machine") == 0)
		p->cur->class = ADMX_MACHINE;
	else
		return fail_line(p, p->text.lineno,
				 "class must be user or "
				 "machine, not '%.40s'",
				 text);
	return GPF_OK;
}

/* Checks a section once all its lines are read. */
static int
finish_section(struct parser *p)
{
	struct policy_setting *s = p->cur;
	const struct admx_policy *pol;
	size_t i;

	if (s == NULL)
		return GPF_OK;
	pol = s->policy;
	p->cur = NULL;
	if (s->state == 0)
		return fail_line(p, s->line,
				 "[%s] needs state = enabled or "
				 "state = disabled",
				 p->section);
	if (pol->class == ADMX_BOTH && s->class == 0)
		return fail_line(p, s->line,
				 "%s is of class Both: add class "
				 "= user or class = machine",
				 pol->name);
	if (pol->class != ADMX_BOTH)
		s->class = pol->class;

	for (i = 0; i < pol->element_count; i++) {
		if (s->state == POLICY_DISABLED && s->values[i].given)
			return fail_line(p, s->values[i].line,
					 "%s is set but "
					 "%s is disabled",
					 pol->elements[i].id, pol->name);
		if (s->state == POLICY_ENABLED && pol->elements[i].required &&
		    !s->values[i].given)
			return fail_line(p, s->line,
					 "%s: required element %s "
					 "has no value",
					 pol->name, pol->elements[i].id);
	}
	return GPF_OK;
}

static int
open_section(struct parser *p, const char *name)
{
	const struct admx_policy *pol;
	struct policy_setting *s;
	size_t i;
	int status;

	if ((status = finish_section(p)) != GPF_OK)
		return status;
	if ((pol = admx_find_policy(p->set, name, p->err)) == NULL)
		return fail_line(p, p->text.lineno, "%s", p->err->message);
	for (i = 0; i < p->out->count; i++)
		if (p->out->items[i].policy == pol)
			return fail_line(p, p->text.lineno,
					 "%s is set twice "
					 "(first on line %ld)",
					 name, p->out->items[i].line);

	p->out->items = gpf_xrealloc(p->out->items, (p->out->count + 1) *
							sizeof(*p->out->items));
	s = &p->out->items[p->out->count++];
	memset(s, 0, sizeof(*s));
	s->policy = pol;
	s->line = (long)p->text.lineno;
	s->values =
	    gpf_xrealloc(NULL, (pol->element_count + 1) * sizeof(*s->values));
	memset(s->values, 0, (pol->element_count + 1) * sizeof(*s->values));
	p->cur = s;
	p->state_line = p->class_line = 0;
	free(p->section);
	p->section = gpf_xstrdup(name);
	return GPF_OK;
}

/* One line that is not blank and not a comment. */
static int
parse_line(struct parser *p, char *line)
{
	char *eq, *key, *value = NULL, *close;
	int status;

	if (*line == '[') {
		close = strchr(line, ']');
		if (close == NULL)
			return fail_line(p, p->text.lineno,
					 "section header "
					 "has no closing ']'");
		cut_comment(close + 1);
		if (*trim(close + 1) != '\0')
			return fail_line(p, p->text.lineno,
					 "text after the "
					 "section header");
		*close = '\0';
		return open_section(p, trim(line + 1));
	}
	if ((eq = strchr(line, '=')) == NULL)
		return fail_line(p, p->text.lineno,
				 "expected [policy] or "
				 "name = value");
	if (p->cur == NULL)
		return fail_line(p, p->text.lineno,
				 "a setting before any "
				 "[policy] section");
	*eq = '\0';
	key = trim(line);
	if ((status = clean_value(p, eq + 1, &value)) != GPF_OK)
		return status;
	if (strcasecmp(key, "state") == 0)
		return set_state(p, value);
	if (strcasecmp(key, "class") == 0)
		return set_class(p, value);
	return set_element(p, key, value);
}

/* Reads every line of p->text into out. */
static int
parse_all(struct parser *p, struct settings *out)
{
	char *line;
	int rc, status = GPF_OK;

	while (status == GPF_OK &&
	       (rc = text_lines_next(&p->text, p->err)) != 0) {
		if (rc < 0) {
			status = p->err->status;
			break;
		}
		line = trim(p->text.line);
		if (*line == '\0' || *line == ';' || *line == '#')
			continue;
		status = parse_line(p, line);
	}
	if (status == GPF_OK)
		status = finish_section(p);
	text_lines_close(&p->text);
	free(p->section);
	if (status != GPF_OK)
		settings_free(out);
	return status;
}

static void
parser_init(struct parser *p, struct settings *out, const struct admx_set *set,
	    struct gpf_error *err)
{
	memset(out, 0, sizeof(*out));
	memset(p, 0, sizeof(*p));
	p->set = set;
	p->err = err;
	p->out = out;
}

int
settings_load(struct settings *out, const char *path,
	      const struct admx_set *set, struct gpf_error *err)
{
	struct parser p;
	int status;

	parser_init(&p, out, set, err);
	if ((status = text_lines_open(&p.text, path, NULL, err)) != GPF_OK)
		return status;
	return parse_all(&p, out);
}

int
settings_load_text(struct settings *out, const char *text, size_t len,
		   const char *name, const struct admx_set *set,
		   struct gpf_error *err)
{
	struct parser p;
	FILE *in = fmemopen((void *)text, len, "r");

	parser_init(&p, out, set, err);
	if (in == NULL)
		return gpf_fail(err, GPF_IOERR, "%s: cannot read settings",
				name);
	text_lines_open_stream(&p.text, in, name);
	return parse_all(&p, out);
}

void
settings_free(struct settings *s)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		policy_setting_clear(&s->items[i]);
	free(s->items);
	s->items = NULL;
	s->count = 0;
}
