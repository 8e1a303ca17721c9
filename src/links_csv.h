/*
 * links_csv.h - gpo/links.csv: which OU each GPO of a batch build links
 * to, for programs (gpforge deploy) rather than people.
 *
 *	backup_id,gpo_name,ou
 *	"{BACKUP-ID}","Outlook Safe Senders - Sales","OU=Sales,DC=corp,..."
 *
 * RFC 4180 through libcsv: a header row, every field quoted, CRLF
 * between records.  The reader takes the three columns in any order and
 * nothing else.  A single-GPO build writes no links.csv.
 *
 * Ownership: links_csv_read's rows belong to the caller, released with
 * links_csv_free.
 */
#ifndef LINKS_CSV_H
#define LINKS_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "gpf_error.h"
#include "psscript.h"

#define LINKS_CSV_NAME "links.csv"

struct link_row {
	char *backup_id;
	char *gpo_name;
	char *ou;
	char *list_file;    /* in the output folder; NULL when not given */
	unsigned long line; /* where the record starts */
};

/*
 * For a file written row by row: the header, then one record per GPO,
 * with the file name of its sender list.  Each returns 0, or -1 when
 * out could not be written (errno says why).
 */
int links_csv_begin(FILE *out);
int links_csv_add(FILE *out, const struct ps_gpo *gpo, const char *list_file);

/* Writes DIR/links.csv (a new file) for the count GPOs and their lists. */
int links_csv_write(const char *dir, const struct ps_gpo *gpos,
		    const char *const *list_files, size_t count,
		    struct gpf_error *err);

/*
 * Reads path.  A malformed file fails with GPF_DATAERR and err naming
 * the line (and column); an empty backup_id, gpo_name or ou is refused.
 * An empty list_file comes back NULL.
 */
int links_csv_read(const char *path, struct link_row **rows, size_t *count,
		   struct gpf_error *err);

void links_csv_free(struct link_row *rows, size_t count);

#endif
