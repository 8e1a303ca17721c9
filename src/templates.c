/*
 * templates.c - built-in templates, with an override folder.
 */
#include "templates.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
template_read(const char *dir, const char *name, struct gpf_buf *out,
	      const char **origin, struct gpf_error *err)
{
	static char where[4096];
	const struct template_file *t;

	if (dir != NULL) {
		snprintf(where, sizeof(where), "%s/%s", dir, name);
		if (access(where, F_OK) == 0) {
			*origin = where;
			return gpf_buf_read_file(out, where, err);
		}
		if (errno != ENOENT)
			return gpf_fail(err, GPF_NOINPUT, "%s: %s", where,
					strerror(errno));
	}
	for (t = template_files; t->name != NULL; t++) {
		if (strcmp(t->name, name) != 0)
			continue;
		snprintf(where, sizeof(where), "built-in %s", name);
		*origin = where;
		gpf_buf_append(out, t->data, t->size);
		return GPF_OK;
	}
	return gpf_fail(err, GPF_NOINPUT, "template %s is missing", name);
}
