/*
 * policy.c - the registry semantics of ADMX policies.
 */
#include "policy.h"
#include "regpol.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What every step of one setting's translation needs. */
struct ctx {
	const struct policy_setting *s;
	struct regop_list *out;
	struct gpf_error *err;
};

static const char *
element_key(const struct ctx *c, const struct admx_element *e)
{
	return e->key ? e->key : c->s->policy->key;
}

/* value (enabledValue, an item's value ...) written to key\name. */
static void
put_value(struct ctx *c, const char *key, const char *name,
	  const struct admx_value *v)
{
	struct regop *op;

	switch (v->kind) {
	case ADMX_VALUE_DELETE:
		regops_delete_value(c->out, c->s->class, key, name);
		break;
	case ADMX_VALUE_DECIMAL:
		op = regops_add(c->out, c->s->class, key, name, REG_DWORD);
		regop_set_dword(op, (uint32_t)v->number);
		break;
	case ADMX_VALUE_LONG_DECIMAL:
		op = regops_add(c->out, c->s->class, key, name, REG_QWORD);
		regop_set_qword(op, v->number);
		break;
	case ADMX_VALUE_STRING:
		op = regops_add(c->out, c->s->class, key, name, REG_SZ);
		regop_set_string(op, v->string);
		break;
	case ADMX_VALUE_ABSENT: break;
	}
}

/* Each item's key is its own, else the list's defaultKey, else key. */
static void
put_value_list(struct ctx *c, const struct admx_value_list *list,
	       const char *key)
{
	const struct admx_list_item *item;
	size_t i;

	for (i = 0; i < list->count; i++) {
		item = &list->items[i];
		put_value(c,
			  item->key	      ? item->key
			  : list->default_key ? list->default_key
					      : key,
			  item->value_name, &item->value);
	}
}

/* The value name, behind **soft. when the element asks for it. */
static char *
value_name(const struct admx_element *e)
{
	size_t n = strlen(e->value_name) + 8;
	char *name = gpf_xrealloc(NULL, n);

	snprintf(name, n, "%s%s", e->soft ? REGPOL_SOFT_PREFIX : "",
		 e->value_name);
	return name;
}

static struct regop *
add_op(struct ctx *c, const struct admx_element *e, uint32_t type)
{
	char *name = value_name(e);
	struct regop *op =
	    regops_add(c->out, c->s->class, element_key(c, e), name, type);

	free(name);
	return op;
}

static int
put_number(struct ctx *c, const struct admx_element *e, uint64_t n)
{
	char text[24];

	if (e->store_as_text) {
		snprintf(text, sizeof(text), "%" PRIu64, n);
		return regop_set_string(add_op(c, e, REG_SZ), text);
	}
	if (e->type == ADMX_LONG_DECIMAL)
		regop_set_qword(add_op(c, e, REG_QWORD), n);
	else
		regop_set_dword(add_op(c, e, REG_DWORD), (uint32_t)n);
	return 0;
}

/*
 * A list element: its key emptied first unless additive, then one value
 * per entry, named by the entry itself, by valuePrefix and a number
 * from 1, or (explicitValue) by the name given with it.
 */
static int
put_list(struct ctx *c, const struct admx_element *e,
	 const struct element_value *v)
{
	uint32_t type = e->expandable ? REG_EXPAND_SZ : REG_SZ;
	size_t i, step = e->explicit_value ? 2 : 1, n;
	const char *key = element_key(c, e), *data;
	char *name;
	int status = 0;

	if (!e->additive)
		regops_delete_all_values(c->out, c->s->class, key);
	for (i = 0; i + step <= v->count && status == 0; i += step) {
		data = v->strings[i + step - 1];
		if (e->explicit_value || e->value_prefix == NULL) {
			name = gpf_xstrdup(v->strings[i]);
		} else {
			n = strlen(e->value_prefix) + 24;
			name = gpf_xrealloc(NULL, n);
			snprintf(name, n, "%s%zu", e->value_prefix, i + 1);
		}
		status = regop_set_string(
		    regops_add(c->out, c->s->class, key, name, type), data);
		free(name);
	}
	return status;
}

/* A boolean's checked or unchecked side. */
static void
put_boolean(struct ctx *c, const struct admx_element *e, int checked)
{
	const struct admx_value *v = checked ? &e->true_value : &e->false_value;
	const char *key = element_key(c, e);
	struct admx_value dflt = { ADMX_VALUE_DECIMAL, 1, NULL };

	if (v->kind == ADMX_VALUE_ABSENT && !checked)
		dflt.kind = ADMX_VALUE_DELETE;
	put_value(c, key, e->value_name,
		  v->kind != ADMX_VALUE_ABSENT ? v : &dflt);
	put_value_list(c, checked ? &e->true_list : &e->false_list, key);
}

/* A check box with no value in the settings takes its ADML default. */
static int
default_checked(const struct ctx *c, const struct admx_element *e)
{
	const struct admx_control *ctl = admx_element_control(c->s->policy, e);

	return ctl && ctl->default_value &&
	       (strcasecmp(ctl->default_value, "true") == 0 ||
		strcmp(ctl->default_value, "1") == 0);
}

/* The registry type a <value> of this kind is written as. */
static uint32_t
value_type(const struct admx_value *v)
{
	return v->kind == ADMX_VALUE_LONG_DECIMAL ? REG_QWORD
	       : v->kind == ADMX_VALUE_STRING	  ? REG_SZ
						  : REG_DWORD;
}

/* Placeholder writes for "admx show": the shape, not the values. */
static void
describe_element(struct ctx *c, const struct admx_element *e)
{
	struct regop *op;

	if (e->type == ADMX_BOOLEAN) {
		put_boolean(c, e, 1);
		return;
	}
	if (e->type == ADMX_LIST) {
		if (!e->additive)
			regops_delete_all_values(c->out, c->s->class,
						 element_key(c, e));
		op = regops_add(c->out, c->s->class, element_key(c, e),
				e->value_prefix ? "PREFIX+N" : "ENTRY",
				e->expandable ? REG_EXPAND_SZ : REG_SZ);
		op->placeholder = gpf_xstrdup(e->id);
		return;
	}
	op = add_op(c, e,
		    e->store_as_text || e->type == ADMX_TEXT ? REG_SZ
		    : e->type == ADMX_LONG_DECIMAL	     ? REG_QWORD
		    : e->type == ADMX_MULTI_TEXT	     ? REG_MULTI_SZ
		    : e->type == ADMX_ENUM		     ? REG_NONE
							     : REG_DWORD);
	if (e->type == ADMX_TEXT && e->expandable)
		op->type = REG_EXPAND_SZ;
	if (e->type == ADMX_ENUM && e->item_count > 0)
		op->type = value_type(&e->items[0].value);
	op->placeholder = gpf_xstrdup(e->id);
}

static int
put_element(struct ctx *c, const struct admx_element *e,
	    const struct element_value *v)
{
	const struct admx_enum_item *item;
	struct regop *op;

	if (e->type == ADMX_BOOLEAN) {
		put_boolean(c, e,
			    policy_element_checked(
				c->s, (size_t)(e - c->s->policy->elements)));
		return GPF_OK;
	}
	if (!v->given)
		return GPF_OK;

	switch (e->type) {
	case ADMX_DECIMAL:
	case ADMX_LONG_DECIMAL: return put_number(c, e, v->number);
	case ADMX_TEXT:
		op = add_op(c, e, e->expandable ? REG_EXPAND_SZ : REG_SZ);
		return regop_set_string(op, v->text);
	case ADMX_MULTI_TEXT:
		op = add_op(c, e, REG_MULTI_SZ);
		return regop_set_multi_string(
		    op, (const char *const *)v->strings, v->count);
	case ADMX_ENUM:
		item = &e->items[v->item];
		put_value(c, element_key(c, e), e->value_name, &item->value);
		put_value_list(c, &item->value_list, element_key(c, e));
		return GPF_OK;
	case ADMX_LIST: return put_list(c, e, v);
	case ADMX_BOOLEAN: break;
	}
	return GPF_OK;
}

static void
put_enabled(struct ctx *c)
{
	const struct admx_policy *p = c->s->policy;
	struct admx_value one = { ADMX_VALUE_DECIMAL, 1, NULL };

	if (p->value_name != NULL)
		put_value(c, p->key, p->value_name,
			  p->enabled_value.kind ? &p->enabled_value : &one);
	put_value_list(c, &p->enabled_list, p->key);
}

static void
put_disabled(struct ctx *c)
{
	const struct admx_policy *p = c->s->policy;
	const struct admx_element *e;
	struct admx_value del = { ADMX_VALUE_DELETE, 0, NULL };
	size_t i;

	if (p->value_name != NULL)
		put_value(c, p->key, p->value_name,
			  p->disabled_value.kind ? &p->disabled_value : &del);
	put_value_list(c, &p->disabled_list, p->key);

	for (i = 0; i < p->element_count; i++) {
		e = &p->elements[i];
		if (e->type == ADMX_LIST)
			regops_delete_all_values(c->out, c->s->class,
						 element_key(c, e));
		else if (e->type == ADMX_BOOLEAN)
			put_boolean(c, e, 0);
		else
			regops_delete_value(c->out, c->s->class,
					    element_key(c, e), e->value_name);
	}
}

int
policy_registry_ops(const struct policy_setting *s, struct regop_list *out,
		    struct gpf_error *err)
{
	struct ctx c = { s, out, err };
	const struct admx_policy *p = s->policy;
	size_t i;
	int status;

	if (s->state == POLICY_DISABLED) {
		put_disabled(&c);
		return GPF_OK;
	}
	put_enabled(&c);
	for (i = 0; i < p->element_count; i++) {
		if (s->values == NULL) {
			describe_element(&c, &p->elements[i]);
			continue;
		}
		status = put_element(&c, &p->elements[i], &s->values[i]);
		if (status != GPF_OK)
			return gpf_fail(err, GPF_DATAERR,
					"%s: element %s: "
					"value is not valid UTF-8",
					p->name, p->elements[i].id);
	}
	return GPF_OK;
}

int
policy_element_checked(const struct policy_setting *s, size_t i)
{
	struct ctx c = { s, NULL, NULL };

	if (s->values != NULL && s->values[i].given)
		return s->values[i].checked;
	return default_checked(&c, &s->policy->elements[i]);
}

void
policy_setting_clear(struct policy_setting *s)
{
	size_t i, j;

	for (i = 0; s->values && i < s->policy->element_count; i++) {
		free(s->values[i].text);
		for (j = 0; j < s->values[i].count; j++)
			free(s->values[i].strings[j]);
		free(s->values[i].strings);
	}
	free(s->values);
	s->values = NULL;
}
