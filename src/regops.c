/*
 * regops.c - registry operations and their two renderings: registry.pol
 * records and one-line descriptions.
 */
#include "regops.h"
#include "lgpo.h"
#include "regpol.h"
#include "utf16.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct regop *
regops_add(struct regop_list *list, enum admx_class class, const char *key,
	   const char *value, uint32_t type)
{
	struct regop *op;

	/* Doubling at each power of two: a list of a million values must
	 * not be copied a million times where realloc cannot grow in place. */
	if ((list->count & (list->count - 1)) == 0)
		list->ops = gpf_xrealloc(list->ops, (2 * list->count + 1) *
							sizeof(*list->ops));
	op = &list->ops[list->count++];
	memset(op, 0, sizeof(*op));
	op->class = class;
	op->key = gpf_xstrdup(key);
	op->value = gpf_xstrdup(value);
	op->type = type;
	return op;
}

static int
append_utf16(struct regop *op, const char *text)
{
	size_t bad;

	if (utf8_to_utf16le(text, strlen(text), &op->data, &bad) < 0)
		return -1;
	gpf_buf_append(&op->data, "\0", 2);
	return 0;
}

int
regop_set_string(struct regop *op, const char *text)
{
	gpf_buf_clear(&op->data);
	return append_utf16(op, text);
}

int
regop_set_multi_string(struct regop *op, const char *const *strings,
		       size_t count)
{
	size_t i;

	gpf_buf_clear(&op->data);
	for (i = 0; i < count; i++)
		if (append_utf16(op, strings[i]) < 0)
			return -1;
	if (count == 0)
		gpf_buf_append(&op->data, "\0", 2);
	gpf_buf_append(&op->data, "\0", 2);
	return 0;
}

void
regop_set_dword(struct regop *op, uint32_t n)
{
	unsigned char d[4] = { n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff,
			       n >> 24 };

	gpf_buf_clear(&op->data);
	gpf_buf_append(&op->data, d, 4);
}

void
regop_set_qword(struct regop *op, uint64_t n)
{
	unsigned char d[8];
	int i;

	for (i = 0; i < 8; i++)
		d[i] = (n >> (8 * i)) & 0xff;
	gpf_buf_clear(&op->data);
	gpf_buf_append(&op->data, d, 8);
}

void
regops_delete_value(struct regop_list *list, enum admx_class class,
		    const char *key, const char *value)
{
	struct gpf_buf name = { 0 };

	gpf_buf_append(&name, REGPOL_DEL_PREFIX, strlen(REGPOL_DEL_PREFIX));
	gpf_buf_append(&name, value, strlen(value));
	regop_set_string(
	    regops_add(list, class, key, gpf_buf_str(&name), REG_SZ), " ");
	gpf_buf_free(&name);
}

void
regops_delete_all_values(struct regop_list *list, enum admx_class class,
			 const char *key)
{
	regop_set_string(regops_add(list, class, key, REGPOL_DELVALS, REG_SZ),
			 " ");
}

size_t
regops_count(const struct regop_list *list, enum admx_class class)
{
	size_t i, n = 0;

	for (i = 0; i < list->count; i++)
		n += list->ops[i].class == class;
	return n;
}

int
regops_write_pol(const struct regop_list *list, enum admx_class class,
		 FILE *out, const char *name, struct gpf_error *err)
{
	struct regpol_writer *w;
	const struct regop *op;
	size_t i;
	int status;

	if ((status = regpol_writer_new(&w, out, name, err)) != GPF_OK)
		return status;
	for (i = 0; i < list->count && status == GPF_OK; i++) {
		op = &list->ops[i];
		if (op->class != class)
			continue;
		if (op->placeholder != NULL)
			status = gpf_fail(err, GPF_DATAERR,
					  "%s: %s\\%s has no "
					  "value yet",
					  name, op->key, op->value);
		else
			status = regpol_write(w, op->key, op->value, op->type,
					      op->data.data,
					      (uint32_t)op->data.len, err);
	}
	if (status == GPF_OK)
		status = regpol_writer_finish(w, err);
	regpol_writer_free(w);
	return status;
}

/*
 * Prints the data of op as a person reads it: "delete value", "delete
 * all values", or the data as LGPO text shows it (a placeholder as
 * <ID>).  with_type puts the registry type first.
 */
void
regop_print_data(const struct regop *op, int with_type, FILE *out)
{
	struct regpol_record rec;
	struct gpf_error err;
	const char *action;

	rec.key = op->key;
	rec.value = op->value;
	rec.type = op->type;
	rec.size = (uint32_t)op->data.len;
	rec.data = op->data.data;
	rec.offset = 0;
	action = lgpo_record_action(&rec);
	if (strcmp(action, "DELETE") == 0) {
		fputs("delete value", out);
		return;
	}
	if (strcmp(action, "DELETEALLVALUES") == 0) {
		fputs("delete all values", out);
		return;
	}
	if (with_type)
		fprintf(out, "%s ", regpol_type_name(op->type));
	if (op->placeholder != NULL)
		fprintf(out, "<%s>", op->placeholder);
	else if (lgpo_dump_data(out, &rec, "", &err) != GPF_OK)
		fputs("(not printable)", out);
}

void
regops_describe(const struct regop_list *list, FILE *out, const char *indent)
{
	const struct regop *op;
	size_t i, skip;

	for (i = 0; i < list->count; i++) {
		op = &list->ops[i];
		skip = strncmp(op->value, REGPOL_DEL_PREFIX, 6) == 0 ? 6 : 0;
		fprintf(out, "%s%s\\%s\\%s = ", indent,
			op->class == ADMX_USER ? "HKCU" : "HKLM", op->key,
			strcmp(op->value, REGPOL_DELVALS) == 0
			    ? "*"
			    : op->value + skip);
		regop_print_data(op, 1, out);
		fputc('\n', out);
	}
}

void
regops_free(struct regop_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		free(list->ops[i].key);
		free(list->ops[i].value);
		free(list->ops[i].placeholder);
		gpf_buf_free(&list->ops[i].data);
	}
	free(list->ops);
	list->ops = NULL;
	list->count = 0;
}
