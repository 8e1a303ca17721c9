/*
 * intune_graph.c - Graph request bodies for Intune, through json-c.
 */
#include "intune_graph.h"
#include "ids.h"

#include <ctype.h>
#include <errno.h>
#include <json.h>
#include <string.h>

void
base64_append(struct gpf_buf *out, const unsigned char *data, size_t len)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "abcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long v;
	size_t i;
	char quad[4];

	for (i = 0; i < len; i += 3) {
		v = (unsigned long)data[i] << 16;
		if (i + 1 < len)
			v |= (unsigned long)data[i + 1] << 8;
		if (i + 2 < len)
			v |= data[i + 2];
		quad[0] = digits[(v >> 18) & 63];
		quad[1] = digits[(v >> 12) & 63];
		quad[2] = i + 1 < len ? digits[(v >> 6) & 63] : '=';
		quad[3] = i + 2 < len ? digits[v & 63] : '=';
		gpf_buf_append(out, quad, 4);
	}
}

/* Prints o, pretty, and a final newline; frees o. */
static int
emit(FILE *out, const char *name, json_object *o, struct gpf_error *err)
{
	fputs(json_object_to_json_string_ext(
		  o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			 JSON_C_TO_STRING_NOSLASHESCAPE),
	      out);
	fputc('\n', out);
	json_object_put(o);
	if (fflush(out) != 0 || ferror(out))
		return gpf_fail(err, GPF_IOERR, "%s: %s", name,
				strerror(errno));
	return GPF_OK;
}

static void
put_string(json_object *o, const char *key, const char *value)
{
	json_object_object_add(o, key, json_object_new_string(value));
}

int
graph_write_profile(FILE *out, const char *name, const struct intune_profile *p,
		    const char *display_name, const char *description,
		    struct gpf_error *err)
{
	json_object *o, *rows, *row;
	size_t i;

	if (p->count > INTUNE_MAX_ROWS)
		return gpf_fail(err, GPF_DATAERR,
				"%s: %zu settings; a profile "
				"holds at most %d",
				name, p->count, INTUNE_MAX_ROWS);
	o = json_object_new_object();
	put_string(o, "@odata.type",
		   "#microsoft.graph.windows10CustomConfiguration");
	put_string(o, "displayName", display_name);
	put_string(o, "description", description);
	rows = json_object_new_array();
	for (i = 0; i < p->count; i++) {
		row = json_object_new_object();
		put_string(row, "@odata.type",
			   "#microsoft.graph.omaSettingString");
		put_string(row, "displayName", p->rows[i].name);
		put_string(row, "description", p->rows[i].description);
		put_string(row, "omaUri", p->rows[i].uri);
		put_string(row, "value", p->rows[i].value);
		json_object_array_add(rows, row);
	}
	json_object_object_add(o, "omaSettings", rows);
	return emit(out, name, o, err);
}

int
graph_write_assign(FILE *out, const char *name, const char *group_id,
		   struct gpf_error *err)
{
	json_object *o, *list, *assignment, *target;
	char id[GUID_TEXT_SIZE];

	if (!guid_valid(group_id))
		return gpf_fail(err, GPF_USAGE,
				"--group '%s' is not a group "
				"object id (a GUID)",
				group_id);
	/* Graph takes a bare lower-case GUID, without braces. */
	guid_normalise(id, group_id);

	target = json_object_new_object();
	put_string(target, "@odata.type",
		   "#microsoft.graph.groupAssignmentTarget");
	put_string(target, "groupId", id);
	assignment = json_object_new_object();
	json_object_object_add(assignment, "target", target);
	list = json_object_new_array();
	json_object_array_add(list, assignment);
	o = json_object_new_object();
	json_object_object_add(o, "assignments", list);
	return emit(out, name, o, err);
}

int
graph_write_upload(FILE *out, const char *name, const char *admx_name,
		   const struct gpf_buf *admx, const char *adml_name,
		   const struct gpf_buf *adml, struct gpf_error *err)
{
	struct gpf_buf b64 = { 0 };
	json_object *o, *langs, *lang;

	o = json_object_new_object();
	put_string(o, "fileName", admx_name);
	put_string(o, "defaultLanguageCode", "en-US");
	base64_append(&b64, admx->data, admx->len);
	put_string(o, "content", gpf_buf_str(&b64));
	gpf_buf_clear(&b64);

	lang = json_object_new_object();
	put_string(lang, "fileName", adml_name);
	put_string(lang, "languageCode", "en-US");
	base64_append(&b64, adml->data, adml->len);
	put_string(lang, "content", gpf_buf_str(&b64));
	langs = json_object_new_array();
	json_object_array_add(langs, lang);
	json_object_object_add(o, "groupPolicyUploadedLanguageFiles", langs);
	gpf_buf_free(&b64);
	return emit(out, name, o, err);
}
