/*
 * omacsv.c - oma-uri.csv through libcsv.
 */
#include "omacsv.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Spreadsheets run a cell that starts with one of these as a formula. */
static int
looks_like_formula(const char *cell)
{
	return cell[0] != '\0' && strchr("=+-@\t\r", cell[0]) != NULL;
}

int
csv_write_record(FILE *out, const char *const *cells, size_t count)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < count && rc == 0; i++) {
		if (i > 0)
			fputc(',', out);
		if (looks_like_formula(cells[i])) {
			size_t n = strlen(cells[i]) + 2;
			char *safe = gpf_xrealloc(NULL, n);

			snprintf(safe, n, "'%s", cells[i]);
			rc = csv_fwrite(out, safe, n - 1);
			free(safe);
			continue;
		}
		rc = csv_fwrite(out, cells[i], strlen(cells[i]));
	}
	fputs("\r\n", out);
	return rc == 0 && !ferror(out) ? 0 : -1;
}

int
omacsv_write(FILE *out, const char *name, const struct intune_profile *p,
	     struct gpf_error *err)
{
	static const char *const head[] = { "Name", "Description", "OMA-URI",
					    "Data type", "Value" };
	const char *cells[5];
	size_t i;
	int rc;

	rc = csv_write_record(out, head, 5);
	for (i = 0; rc == 0 && i < p->count; i++) {
		cells[0] = p->rows[i].name;
		cells[1] = p->rows[i].description;
		cells[2] = p->rows[i].uri;
		cells[3] = "String";
		cells[4] = p->rows[i].value;
		rc = csv_write_record(out, cells, 5);
	}
	if (rc != 0 || fflush(out) != 0)
		return gpf_fail(err, GPF_IOERR, "%s: %s", name,
				strerror(errno));
	return GPF_OK;
}
