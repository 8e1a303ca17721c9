/*
 * oucsv.h - the OU table of a batch build: one GPO per row.
 *
 *	ou,gpo_name,safe_senders_path,senders,intune_group
 *	"OU=Sales,OU=EMEA,DC=corp,DC=example,DC=com",Safe Senders - Sales,...
 *
 * RFC 4180 CSV read with libcsv, a header row first, columns in any
 * order, only "ou" required.  Each row's ou must be an LDAP
 * distinguished name (RFC 4514 escapes understood) with at least one OU=
 * and one DC= part, and its intune_group, when given, a GUID.  Rows are
 * read one at a time, so memory does not grow with the table.
 *
 * Ownership: a row belongs to the reader until the next call.
 */
#ifndef OUCSV_H
#define OUCSV_H

#include "gpf_buf.h"
#include "gpf_error.h"

/* The table's columns. */
enum ou_column {
	OU_COL_OU,
	OU_COL_NAME,
	OU_COL_PATH,
	OU_COL_SENDERS,
	OU_COL_GROUP,
	OU_NCOLS
};

struct ou_row {
	unsigned long line;	       /* where the record starts */
	int column[OU_NCOLS];	       /* where each column is, from 1; 0 */
	const char *ou;		       /* as written */
	const char *ou_key;	       /* normalised, for comparing OUs */
	const char *first_value;       /* the first RDN's value, unescaped */
	const char *gpo_name;	       /* NULL when the column is empty */
	const char *safe_senders_path; /* NULL when empty */
	const char *senders;	       /* NULL when empty; no "." parts
					* or "//" */
	const char *intune_group;      /* NULL when empty */
};

struct ou_csv;

/* The column's name in the header: "ou", "gpo_name" ... */
const char *ou_column_name(enum ou_column col);

/*
 * Opens path and reads its header row.  With a scratch_dir, the lines
 * read are copied to a scratch file there, and ou_csv_rewind reads that
 * copy: a second pass then sees the very rows the first one did, even if
 * the file changes meanwhile.
 */
int ou_csv_open(struct ou_csv **cp, const char *path, const char *scratch_dir,
		struct gpf_error *err);

/* The same from len bytes of text, called name in messages; the text
 * must outlive the reader. */
int ou_csv_open_text(struct ou_csv **cp, const char *text, size_t len,
		     const char *name, struct gpf_error *err);

/* The next row: 1, 0 at the end, or -1 with err naming line and column. */
int ou_csv_next(struct ou_csv *c, const struct ou_row **row,
		struct gpf_error *err);

/* Back to the first row after the header (for a second pass); with a
 * scratch copy, only once the last row has been read. */
int ou_csv_rewind(struct ou_csv *c, struct gpf_error *err);

void ou_csv_close(struct ou_csv *c);

/*
 * Checks dn (RFC 4514): appends a normalised form to key (types upper-
 * case, values unescaped and case-folded, joined by ',') and the first
 * RDN's unescaped value to first.  Returns NULL, or why it is not one.
 */
const char *dn_parse(const char *dn, struct gpf_buf *key,
		     struct gpf_buf *first);

#endif
