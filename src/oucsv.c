/*
 * oucsv.c - the OU table, read with libcsv, and distinguished names.
 */
#include "oucsv.h"
#include "casefold.h"
#include "ids.h"
#include "outfile.h"
#include "textlines.h"
#include "utf16.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- distinguished names (RFC 4514) --------------------------------------- */

static int
hex_value(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* One attribute value up to an unescaped ',' or '+', unescaped. */
static const char *
read_value(const char **pp, struct gpf_buf *value)
{
	const char *p = *pp;
	size_t keep = 0; /* length up to the last escaped char */

	for (; *p && *p != ',' && *p != '+'; p++) {
		if (*p == '\\') {
			p++;
			if (*p && strchr(",=+<>#;\"\\ ", *p) != NULL) {
				gpf_buf_putc(value, (unsigned char)*p);
			} else if (isxdigit((unsigned char)p[0]) &&
				   isxdigit((unsigned char)p[1])) {
				int byte =
				    hex_value(p[0]) * 16 + hex_value(p[1]);

				/* A NUL would end the value early wherever
				 * it is used as a string. */
				if (byte == 0)
					return "a value escapes a NUL byte "
					       "(\\00)";
				gpf_buf_putc(value, (unsigned char)byte);
				p++;
			} else {
				return "a '\\' escapes a character that needs "
				       "no escape";
			}
			keep = value->len;
			continue;
		}
		if (strchr("\"<>;", *p) != NULL)
			return "a value holds an unescaped \", <, > or ;";
		gpf_buf_putc(value, (unsigned char)*p);
	}

	/* Unescaped trailing spaces are not part of the value. */
	while (value->len > keep && value->data[value->len - 1] == ' ')
		value->data[--value->len] = '\0';
	*pp = p;
	return value->len == 0 ? "an RDN has an empty value" : NULL;
}

/* "TYPE=value" into key, counting OU and DC parts. */
static const char *
read_rdn(const char **pp, struct gpf_buf *key, struct gpf_buf *value, int *ou,
	 int *dc)
{
	const char *p = *pp, *start, *why;
	size_t i;

	while (*p == ' ')
		p++;
	for (start = p; isalnum((unsigned char)*p) || *p == '-' || *p == '.';)
		p++;
	if (p == start)
		return "an RDN has no attribute type";
	for (i = 0; start + i < p; i++)
		gpf_buf_putc(key,
			     (unsigned char)toupper((unsigned char)start[i]));
	*ou += p - start == 2 && strncasecmp(start, "OU", 2) == 0;
	*dc += p - start == 2 && strncasecmp(start, "DC", 2) == 0;
	while (*p == ' ')
		p++;
	if (*p++ != '=')
		return "expected '=' after an attribute type";
	while (*p == ' ')
		p++;
	gpf_buf_putc(key, '=');
	gpf_buf_clear(value);
	if ((why = read_value(&p, value)) != NULL)
		return why;
	/* Folded values hold no upper-case ASCII, so a value cannot pass
	 * for a type: "OU=a\,DC=x" keeps apart from "OU=a,DC=x". */
	casefold_append((const char *)value->data, value->len, key);
	*pp = p;
	return NULL;
}

const char *
dn_parse(const char *dn, struct gpf_buf *key, struct gpf_buf *first)
{
	struct gpf_buf value = { 0 };
	const char *p = dn, *why = NULL;
	int ou = 0, dc = 0, rdn;

	for (rdn = 0; why == NULL; rdn++) {
		why = read_rdn(&p, key, &value, &ou, &dc);
		if (why == NULL && rdn == 0)
			gpf_buf_append(first, value.data, value.len);
		if (why != NULL || *p == '\0')
			break;
		gpf_buf_putc(key, (unsigned char)*p++);
	}
	gpf_buf_free(&value);
	if (why == NULL && ou == 0)
		why = "it has no OU= part";
	if (why == NULL && dc == 0)
		why = "it has no DC= part";
	return why;
}

/* --- the table -------------------------------------------------------------
 */

static const char *const column_names[OU_NCOLS] = { "ou", "gpo_name",
						    "safe_senders_path",
						    "senders", "intune_group" };

const char *
ou_column_name(enum ou_column col)
{
	return column_names[col];
}

/* The longest record read, line ends counted. */
#define RECORD_MAX ((size_t)16 << 20)

struct ou_csv {
	struct text_lines text;
	FILE *copy; /* the lines read so far, for the second pass */
	int ended;  /* the last line has been read */
	struct csv_parser parser;
	int header_done;
	int position[OU_NCOLS]; /* 1-based column in the file, 0 */
	int columns;		/* fields per record */
	enum ou_column *at;	/* column of each field position */
	struct gpf_buf field[OU_NCOLS];
	int fields; /* fields seen in this record */
	int record_ready;
	unsigned long record_line;
	struct gpf_error *err;
	int failed;
	struct gpf_buf key, first;
	struct gpf_buf senders; /* the row's, tidied */
	struct ou_row row;
};

/* What column (from 1) of the current record is called in messages. */
static const char *
column_label(const struct ou_csv *c, int column)
{
	if (!c->header_done)
		return "header";
	if (column > c->columns)
		return "extra";
	return column_names[c->at[column - 1]];
}

static void
fail_at(struct ou_csv *c, int column, const char *fmt, const char *arg)
{
	char what[512];

	if (c->failed)
		return;
	c->failed = 1;
	snprintf(what, sizeof(what), fmt, arg);
	if (column > 0)
		gpf_fail(c->err, GPF_DATAERR,
			 "%s: line %lu, column %d (%s): %s", c->text.name,
			 c->record_line, column, column_label(c, column), what);
	else
		gpf_fail(c->err, GPF_DATAERR, "%s: line %lu: %s", c->text.name,
			 c->record_line, what);
}

/* The column (from 1) of the field libcsv is in. */
static int
field_at(const struct ou_csv *c)
{
	return (c->header_done ? c->fields : c->columns) + 1;
}

static void
header_field(struct ou_csv *c, const char *name)
{
	int i, col = c->columns + 1;
	size_t len;

	/* Spaces around a column's name are layout ("ou, gpo_name"),
	 * and a spreadsheet may have capitalised it. */
	while (*name == ' ' || *name == '\t')
		name++;
	for (len = strlen(name);
	     len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\t');)
		len--;
	for (i = 0; i < OU_NCOLS; i++)
		if (strlen(column_names[i]) == len &&
		    strncasecmp(name, column_names[i], len) == 0)
			break;
	if (i == OU_NCOLS) {
		fail_at(c, col,
			"unknown column '%.60s' (known: ou, gpo_name, "
			"safe_senders_path, senders, intune_group)",
			name);
		return;
	}
	if (c->position[i] != 0) {
		fail_at(c, col, "column '%s' appears twice", column_names[i]);
		return;
	}
	c->position[i] = col;
	c->at = gpf_xrealloc(c->at, (size_t)col * sizeof(*c->at));
	c->at[c->columns++] = (enum ou_column)i;
}

/* libcsv calls this once per field. */
static void
on_field(void *data, size_t len, void *ctx)
{
	struct ou_csv *c = ctx;
	const char *text = data ? data : "";

	if (c->failed)
		return;
	if (!c->header_done) {
		header_field(c, text);
		return;
	}
	if (c->fields >= c->columns) {
		c->fields++;
		return;
	}
	gpf_buf_clear(&c->field[c->at[c->fields]]);
	gpf_buf_append(&c->field[c->at[c->fields]], text, len);
	c->fields++;
}

/* libcsv calls this at the end of each record. */
static void
on_record(int end, void *ctx)
{
	struct ou_csv *c = ctx;
	char count[96];

	(void)end;
	if (c->failed)
		return;
	if (!c->header_done) {
		c->header_done = 1;
		c->record_ready = 1;
		if (c->position[OU_COL_OU] == 0)
			fail_at(c, 0, "%sthe header has no 'ou' column", "");
		return;
	}
	/* Named: the first field missing, or the first extra one. */
	if (c->fields < c->columns) {
		snprintf(count, sizeof(count),
			 "missing: the record has %d of the header's %d fields",
			 c->fields, c->columns);
		fail_at(c, c->fields + 1, "%s", count);
	} else if (c->fields > c->columns) {
		snprintf(count, sizeof(count),
			 "the record has %d fields where the header has %d",
			 c->fields, c->columns);
		fail_at(c, c->columns + 1, "%s", count);
	}
	c->record_ready = 1;
}

/* Adds the line just read to the copy the second pass reads. */
static int
keep_line(struct ou_csv *c)
{
	if (c->copy == NULL)
		return GPF_OK;
	if (fwrite(c->text.line, 1, c->text.len, c->copy) != c->text.len ||
	    putc('\n', c->copy) == EOF)
		return gpf_fail(c->err, GPF_IOERR, "%s: scratch copy: %s",
				c->text.name, strerror(errno));
	return GPF_OK;
}

/*
 * Whether the record, with the line just read, passes RECORD_MAX bytes
 * (then failed): a quoted field may span lines, and would otherwise
 * grow without bound.
 */
static int
record_too_long(struct ou_csv *c, size_t *bytes)
{
	/* Blank lines before a record are not part of it: libcsv skips
	 * them. */
	if (*bytes == 0 && c->text.len == 0)
		return 0;
	*bytes += c->text.len + 1;
	if (*bytes <= RECORD_MAX)
		return 0;
	if (c->record_line == 0)
		c->record_line = c->text.lineno;
	fail_at(c, 0, "%s", "a record longer than 16 MiB");
	return 1;
}

/* Feeds lines to libcsv until it has a whole record; 1, 0 or -1. */
static int
read_record(struct ou_csv *c)
{
	size_t bytes = 0;
	int rc, i;

	for (i = 0; i < OU_NCOLS; i++)
		gpf_buf_clear(&c->field[i]);
	c->fields = 0;
	c->record_ready = 0;
	c->record_line = 0;
	while (!c->record_ready && !c->failed) {
		rc = text_lines_next(&c->text, c->err);
		if (rc < 0)
			return -1;
		if (rc > 0 && (record_too_long(c, &bytes) || keep_line(c)))
			return -1;
		if (rc == 0) {
			c->ended = 1;
			if (csv_fini(&c->parser, on_field, on_record, c) != 0)
				fail_at(c, field_at(c), "%s",
					"a quoted field is not "
					"closed before the end of the file");
			break;
		}
		if (c->record_line == 0 && c->text.len > 0)
			c->record_line = c->text.lineno;
		/* libcsv grows a field by blk_size bytes at a time: growing
		 * it by what it holds and the line to come keeps a long
		 * field from being copied again every 128 bytes. */
		csv_set_blk_size(&c->parser, csv_get_buffer_size(&c->parser) +
						 c->text.len + 128);
		if (csv_parse(&c->parser, c->text.line, c->text.len, on_field,
			      on_record, c) != c->text.len ||
		    csv_parse(&c->parser, "\n", 1, on_field, on_record, c) != 1)
			fail_at(c, field_at(c), "%s",
				csv_error(&c->parser) == CSV_EPARSE
				    ? "a stray double quote: a quoted field "
				      "runs from its field's first character "
				      "to its last (RFC 4180)"
				    : csv_strerror(csv_error(&c->parser)));
	}
	if (c->failed)
		return -1;
	return c->record_ready;
}

static const char *
optional(struct ou_csv *c, enum ou_column col)
{
	return c->field[col].len ? gpf_buf_str(&c->field[col]) : NULL;
}

/*
 * Whether path stays inside the table's folder: relative and without a
 * ".." part, so that a table from elsewhere cannot have its rows read
 * any file on the machine (and quote its first line in a message).
 */
static int
inside_folder(const char *path)
{
	size_t n;

	if (*path == '/')
		return 0;
	for (; *path != '\0'; path += n + (path[n] == '/')) {
		n = strcspn(path, "/");
		if (n == 2 && strncmp(path, "..", 2) == 0)
			return 0;
	}
	return 1;
}

/*
 * path without "." parts or repeated '/' into out, so that "./east.txt",
 * "east.txt" and "lists//east.txt" name their lists one way each.
 */
static void
tidy_path(const char *path, struct gpf_buf *out)
{
	size_t n;

	gpf_buf_clear(out);
	for (; *path != '\0'; path += n + (path[n] == '/')) {
		n = strcspn(path, "/");
		if (n == 0 || (n == 1 && path[0] == '.'))
			continue;
		if (out->len > 0)
			gpf_buf_putc(out, '/');
		gpf_buf_append(out, path, n);
	}
	if (out->len == 0)
		gpf_buf_putc(out, '.');
	else if (path[-1] == '/')
		gpf_buf_putc(out, '/'); /* still a folder's name */
}

static int
check_row(struct ou_csv *c)
{
	const char *why, *group = optional(c, OU_COL_GROUP);
	const char *senders = optional(c, OU_COL_SENDERS);

	gpf_buf_clear(&c->key);
	gpf_buf_clear(&c->first);
	c->row.line = c->record_line;
	memcpy(c->row.column, c->position, sizeof(c->row.column));
	c->row.ou = gpf_buf_str(&c->field[OU_COL_OU]);
	if (*c->row.ou == '\0')
		fail_at(c, c->position[OU_COL_OU], "%sthe OU is empty", "");
	else if ((why = dn_parse(c->row.ou, &c->key, &c->first)) != NULL)
		fail_at(c, c->position[OU_COL_OU],
			"not a distinguished name: %s", why);
	else if (group != NULL && !guid_valid(group))
		fail_at(c, c->position[OU_COL_GROUP],
			"'%.60s' is not a group "
			"object id (a GUID)",
			group);
	else if (senders != NULL && !inside_folder(senders))
		fail_at(c, c->position[OU_COL_SENDERS],
			"'%.60s' is not a file inside the table's folder",
			senders);
	if (c->failed)
		return -1;
	c->row.ou_key = gpf_buf_str(&c->key);
	c->row.first_value = gpf_buf_str(&c->first);
	c->row.gpo_name = optional(c, OU_COL_NAME);
	c->row.safe_senders_path = optional(c, OU_COL_PATH);
	if (senders != NULL) {
		tidy_path(senders, &c->senders);
		senders = gpf_buf_str(&c->senders);
	}
	c->row.senders = senders;
	c->row.intune_group = group;
	return 1;
}

int
ou_csv_next(struct ou_csv *c, const struct ou_row **row, struct gpf_error *err)
{
	int rc;

	c->err = err;
	if ((rc = read_record(c)) <= 0)
		return rc;
	if ((rc = check_row(c)) < 0)
		return rc;
	*row = &c->row;
	return 1;
}

/* No byte is a space to libcsv: RFC 4180 keeps a field's spaces. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int
start(struct ou_csv *c, struct gpf_error *err)
{
	csv_free(&c->parser);
	if (csv_init(&c->parser,
		     CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return gpf_fail(err, GPF_IOERR,
				"%s: cannot start the CSV "
				"parser",
				c->text.name);
	csv_set_space_func(&c->parser, no_space);
	c->header_done = 0;
	c->columns = 0;
	memset(c->position, 0, sizeof(c->position));
	c->err = err;
	if (read_record(c) < 0)
		return err->status;
	if (!c->header_done)
		return gpf_fail(err, GPF_DATAERR,
				"%s: no header row (ou, "
				"gpo_name, ...)",
				c->text.name);
	return GPF_OK;
}

/* Starts the parser on c's open text and reads the header row. */
static int
open_table(struct ou_csv **cp, struct ou_csv *c, struct gpf_error *err)
{
	int status;

	csv_init(&c->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	if ((status = start(c, err)) != GPF_OK) {
		ou_csv_close(c);
		return status;
	}
	*cp = c;
	return GPF_OK;
}

int
ou_csv_open(struct ou_csv **cp, const char *path, const char *scratch_dir,
	    struct gpf_error *err)
{
	struct ou_csv *c = gpf_xrealloc(NULL, sizeof(*c));
	int status;

	memset(c, 0, sizeof(*c));
	*cp = NULL;
	if ((status = text_lines_open(&c->text, path, NULL, err)) != GPF_OK) {
		free(c);
		return status;
	}
	if (scratch_dir != NULL &&
	    (c->copy = outfile_scratch(scratch_dir, err)) == NULL) {
		ou_csv_close(c);
		return err->status;
	}
	return open_table(cp, c, err);
}

int
ou_csv_open_text(struct ou_csv **cp, const char *text, size_t len,
		 const char *name, struct gpf_error *err)
{
	FILE *in = fmemopen((void *)text, len, "r");
	struct ou_csv *c;

	*cp = NULL;
	if (in == NULL)
		return gpf_fail(err, GPF_IOERR, "%s: %s", name,
				strerror(errno));
	c = gpf_xrealloc(NULL, sizeof(*c));
	memset(c, 0, sizeof(*c));
	text_lines_open_stream(&c->text, in, name);
	return open_table(cp, c, err);
}

/*
 * The second pass reads the copy the first made, not the file again, so
 * that it sees exactly the lines the first pass checked, whatever
 * happens to the file in between.
 */
static int
switch_to_copy(struct ou_csv *c, struct gpf_error *err)
{
	const char *name = c->text.name;
	FILE *copy = c->copy;

	if (!c->ended)
		return gpf_fail(err, GPF_IOERR,
				"%s: cannot read it again before its end",
				name);
	if (fflush(copy) != 0 || fseek(copy, 0, SEEK_SET) != 0)
		return gpf_fail(err, GPF_IOERR, "%s: scratch copy: %s", name,
				strerror(errno));
	c->copy = NULL;
	text_lines_close(&c->text);
	text_lines_open_stream(&c->text, copy, name);
	return GPF_OK;
}

int
ou_csv_rewind(struct ou_csv *c, struct gpf_error *err)
{
	int status;

	if (c->copy != NULL)
		status = switch_to_copy(c, err);
	else
		status = text_lines_rewind(&c->text, err);
	return status == GPF_OK ? start(c, err) : status;
}

void
ou_csv_close(struct ou_csv *c)
{
	int i;

	if (c == NULL)
		return;
	csv_free(&c->parser);
	text_lines_close(&c->text);
	if (c->copy != NULL)
		fclose(c->copy);
	for (i = 0; i < OU_NCOLS; i++)
		gpf_buf_free(&c->field[i]);
	gpf_buf_free(&c->key);
	gpf_buf_free(&c->first);
	gpf_buf_free(&c->senders);
	free(c->at);
	free(c);
}
