/*
 * links_csv.c - gpo/links.csv, written and read with libcsv.
 */
#include "links_csv.h"
#include "outfile.h"
#include "textlines.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum column { COL_ID, COL_NAME, COL_OU, COL_LIST, NCOLS };

static const char *const column_names[NCOLS] = { "backup_id", "gpo_name", "ou",
						 "list_file" };

/* One quoted field, or -1 on a write error. */
static int
put_field(FILE *out, const char *text, int last)
{
	if (csv_fwrite(out, text, strlen(text)) != 0)
		return -1;
	return fputs(last ? "\r\n" : ",", out) == EOF ? -1 : 0;
}

int
links_csv_begin(FILE *out)
{
	const char *header = "backup_id,gpo_name,ou,list_file\r\n";

	return fputs(header, out) == EOF ? -1 : 0;
}

int
links_csv_add(FILE *out, const struct ps_gpo *gpo, const char *list_file)
{
	if (put_field(out, gpo->backup_id, 0) != 0 ||
	    put_field(out, gpo->name, 0) != 0 ||
	    put_field(out, gpo->target_ou ? gpo->target_ou : "", 0) != 0)
		return -1;
	return put_field(out, list_file ? list_file : "", 1);
}

int
links_csv_write(const char *dir, const struct ps_gpo *gpos,
		const char *const *list_files, size_t count,
		struct gpf_error *err)
{
	size_t i, n = strlen(dir) + sizeof(LINKS_CSV_NAME) + 1, len = 0;
	char *path = gpf_xrealloc(NULL, n), *data = NULL;
	FILE *mem = outfile_memory(&data, &len);
	int rc, status = GPF_OK;

	snprintf(path, n, "%s/%s", dir, LINKS_CSV_NAME);
	rc = links_csv_begin(mem);
	for (i = 0; rc == 0 && i < count; i++)
		rc = links_csv_add(mem, &gpos[i],
				   list_files ? list_files[i] : NULL);
	if (rc != 0 || ferror(mem))
		status =
		    gpf_fail(err, GPF_IOERR, "%s: %s", path, strerror(errno));
	status = outfile_save_memory(path, mem, &data, &len, status, err);
	free(path);
	return status;
}

/* --- reading ---------------------------------------------------------- */

struct reader {
	struct text_lines text;
	struct csv_parser parser;
	int header_done;
	int at[NCOLS];	     /* column of each field position */
	int position[NCOLS]; /* 1-based field position of each column */
	int columns;
	char *field[NCOLS];
	int fields;
	int record_ready;
	unsigned long record_line;
	int failed;
	struct gpf_error *err;
};

static void
fail_at(struct reader *r, const char *fmt, const char *arg)
{
	char what[512];

	if (r->failed)
		return;
	r->failed = 1;
	snprintf(what, sizeof(what), fmt, arg);
	gpf_fail(r->err, GPF_DATAERR, "%s: line %lu: %s", r->text.name,
		 r->record_line, what);
}

static void
header_field(struct reader *r, const char *name)
{
	int i;

	for (i = 0; i < NCOLS; i++)
		if (strcmp(name, column_names[i]) == 0)
			break;
	if (r->columns >= NCOLS || i == NCOLS)
		fail_at(r,
			"unexpected column '%.60s' (the header is "
			"backup_id,gpo_name,ou[,list_file])",
			name);
	else if (r->position[i] != 0)
		fail_at(r, "column '%s' appears twice", name);
	else {
		r->at[r->columns++] = i;
		r->position[i] = r->columns;
	}
}

/* libcsv calls this once per field. */
static void
on_field(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;
	char *text = gpf_xrealloc(NULL, len + 1);

	memcpy(text, data ? data : "", len);
	text[len] = '\0';
	if (!r->failed && !r->header_done)
		header_field(r, text);
	else if (!r->failed && r->fields < r->columns) {
		free(r->field[r->at[r->fields]]);
		r->field[r->at[r->fields]] = text;
		text = NULL;
	}
	r->fields++;
	free(text);
}

/* libcsv calls this at the end of each record. */
static void
on_record(int end, void *ctx)
{
	struct reader *r = ctx;
	char count[64];
	int i;

	(void)end;
	r->record_ready = 1;
	if (r->failed)
		return;
	if (!r->header_done) {
		r->header_done = 1;
		/* list_file came later: older builds lack it. */
		for (i = 0; i < COL_LIST; i++)
			if (r->position[i] == 0)
				fail_at(r, "the header has no '%s' column",
					column_names[i]);
		return;
	}
	if (r->fields != r->columns) {
		snprintf(count, sizeof(count),
			 "%d fields where the header has %d", r->fields,
			 r->columns);
		fail_at(r, "%s", count);
	}
}

/* Feeds lines to libcsv until a record is whole: 1, 0 at the end, -1. */
static int
read_record(struct reader *r)
{
	int rc, i;

	for (i = 0; i < NCOLS; i++)
		free(r->field[i]), r->field[i] = NULL;
	r->fields = 0;
	r->record_ready = 0;
	r->record_line = 0;
	while (!r->record_ready && !r->failed) {
		if ((rc = text_lines_next(&r->text, r->err)) < 0)
			return -1;
		if (rc == 0) {
			if (csv_fini(&r->parser, on_field, on_record, r) != 0)
				fail_at(r, "%s",
					"a quoted field is not closed before "
					"the end of the file");
			break;
		}
		if (r->record_line == 0 && r->text.len > 0)
			r->record_line = r->text.lineno;
		if (csv_parse(&r->parser, r->text.line, r->text.len, on_field,
			      on_record, r) != r->text.len ||
		    csv_parse(&r->parser, "\n", 1, on_field, on_record, r) != 1)
			fail_at(r, "%s", csv_strerror(csv_error(&r->parser)));
	}
	return r->failed ? -1 : r->record_ready;
}

/* Takes the record's fields as a row, refusing empty ones. */
static int
take_row(struct reader *r, struct link_row *row)
{
	int i;

	for (i = 0; i < COL_LIST; i++)
		if (r->field[i] == NULL || r->field[i][0] == '\0') {
			fail_at(r, "the %s is empty", column_names[i]);
			return -1;
		}
	row->backup_id = r->field[COL_ID];
	row->gpo_name = r->field[COL_NAME];
	row->ou = r->field[COL_OU];
	row->list_file = r->field[COL_LIST];
	if (row->list_file != NULL && row->list_file[0] == '\0') {
		free(row->list_file);
		row->list_file = NULL;
	}
	row->line = r->record_line;
	for (i = 0; i < NCOLS; i++)
		r->field[i] = NULL;
	return 0;
}

static int
read_rows(struct reader *r, struct link_row **rows, size_t *count)
{
	int rc;

	if (read_record(r) < 0)
		return -1;
	if (!r->header_done) {
		fail_at(r, "%s", "no header row (backup_id,gpo_name,ou)");
		return -1;
	}
	while ((rc = read_record(r)) > 0) {
		*rows = gpf_xrealloc(*rows, (*count + 1) * sizeof(**rows));
		if (take_row(r, &(*rows)[*count]) < 0)
			return -1;
		(*count)++;
	}
	return rc;
}

int
links_csv_read(const char *path, struct link_row **rows, size_t *count,
	       struct gpf_error *err)
{
	struct reader r;
	int status, i;

	memset(&r, 0, sizeof(r));
	*rows = NULL;
	*count = 0;
	r.err = err;
	if ((status = text_lines_open(&r.text, path, NULL, err)) != GPF_OK)
		return status;
	csv_init(&r.parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	status = read_rows(&r, rows, count) < 0 ? err->status : GPF_OK;
	csv_free(&r.parser);
	text_lines_close(&r.text);
	for (i = 0; i < NCOLS; i++)
		free(r.field[i]);
	if (status != GPF_OK) {
		links_csv_free(*rows, *count);
		*rows = NULL;
		*count = 0;
	}
	return status;
}

void
links_csv_free(struct link_row *rows, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(rows[i].backup_id);
		free(rows[i].gpo_name);
		free(rows[i].ou);
		free(rows[i].list_file);
	}
	free(rows);
}
