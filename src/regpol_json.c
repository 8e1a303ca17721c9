/*
 * regpol_json.c - registry.pol records as JSON Lines, through json-c.
 */
#include "regpol_json.h"
#include "gpf_buf.h"
#include "utf16.h"

#include <errno.h>
#include <json.h>
#include <string.h>

static json_object *
string_of(const unsigned char *p, size_t units)
{
	struct gpf_buf text = { 0 };
	json_object *s;
	size_t bad;

	utf16le_to_utf8(p, units, &text, &bad);
	s = json_object_new_string_len(gpf_buf_str(&text), (int)text.len);
	gpf_buf_free(&text);
	return s;
}

/* Strings of a REG_MULTI_SZ, up to the NUL that ends the list. */
static json_object *
multi_sz_of(const struct regpol_record *rec)
{
	json_object *list = json_object_new_array();
	size_t units = rec->size / 2, start = 0, i;
	const unsigned char *d = rec->data;

	/* Drop the final NUL, and the list terminator if present. */
	if (units > 0)
		units--;
	if (units > 0 && d[2 * units - 2] == 0 && d[2 * units - 1] == 0)
		units--;
	for (i = 0; i <= units; i++) {
		if (i < units && (d[2 * i] || d[2 * i + 1]))
			continue;
		json_object_array_add(list,
				      string_of(d + 2 * start, i - start));
		start = i + 1;
	}
	return list;
}

static json_object *
hex_of(const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	struct gpf_buf hex = { 0 };
	json_object *s;
	size_t i;

	for (i = 0; i < n; i++) {
		gpf_buf_putc(&hex, digits[p[i] >> 4]);
		gpf_buf_putc(&hex, digits[p[i] & 15]);
	}
	s = json_object_new_string(gpf_buf_str(&hex));
	gpf_buf_free(&hex);
	return s;
}

static json_object *
data_of(const struct regpol_record *rec)
{
	const unsigned char *d = rec->data;
	uint64_t q = 0;
	int i;

	switch (rec->type) {
	case REG_SZ:
	case REG_EXPAND_SZ: return string_of(d, rec->size / 2 - 1);
	case REG_MULTI_SZ: return multi_sz_of(rec);
	case REG_DWORD:
		return json_object_new_int64(d[0] | d[1] << 8 | d[2] << 16 |
					     (uint32_t)d[3] << 24);
	case REG_DWORD_BIG_ENDIAN:
		return json_object_new_int64((uint32_t)d[0] << 24 | d[1] << 16 |
					     d[2] << 8 | d[3]);
	case REG_QWORD:
		for (i = 7; i >= 0; i--)
			q = q << 8 | d[i];
		return json_object_new_uint64(q);
	}
	return hex_of(d, rec->size);
}

int
regpol_json_record(FILE *out, enum lgpo_config config,
		   const struct regpol_record *rec, struct gpf_error *err)
{
	json_object *o = json_object_new_object();
	const char *text;

	json_object_object_add(o, "offset",
			       json_object_new_uint64(rec->offset));
	json_object_object_add(
	    o, "config", json_object_new_string(lgpo_config_name(config)));
	json_object_object_add(o, "key", json_object_new_string(rec->key));
	json_object_object_add(o, "value", json_object_new_string(rec->value));
	json_object_object_add(
	    o, "type", json_object_new_string(regpol_type_name(rec->type)));
	json_object_object_add(o, "size", json_object_new_int64(rec->size));
	json_object_object_add(o, "action",
			       json_object_new_string(lgpo_record_action(rec)));
	json_object_object_add(o, "data", data_of(rec));

	text = json_object_to_json_string_ext(
	    o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	fputs(text, out);
	fputc('\n', out);
	json_object_put(o);
	if (ferror(out))
		return gpf_fail(err, GPF_IOERR, "standard output: %s",
				strerror(errno));
	return GPF_OK;
}
