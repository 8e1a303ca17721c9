/*
 * report.h - report.html: one self-contained page that shows an admin
 * what a build made and what to do with it.
 *
 * Inline CSS, no scripts, no remote assets; built as HTML trees with
 * libxml2, so every text is escaped by the serialiser.
 */
#ifndef REPORT_H
#define REPORT_H

#include "gpf_error.h"
#include "gpo_backup.h"
#include "senders.h"

struct report {
	const struct gpo_backup *gpos;
	const char *const *ous; /* per GPO: DN to link, or NULL */
	size_t gpo_count;
	const struct sender_list *senders;
	const char *safe_senders_path; /* where SafeSenders.txt must go */
	const char *domain;
	const char *office_version;
	const char *generated; /* yyyy-MM-ddTHH:mm:ss */
	char *const *warnings; /* shown at the top, e.g. placeholders */
	size_t warning_count;
	/* A batch build's per-GPO facts, or NULL for a single GPO. */
	const char *const *paths;  /* where Outlook reads its list */
	const char *const *lists;  /* SafeSenders*.txt it uses */
	const char *const *groups; /* Intune group, or NULL */
	int batch;		   /* set for report_open by a batch */
	int allowlists;		   /* allowlists/ was written */
};

/* Writes the page to path, which must not exist yet. */
int report_write(const struct report *r, const char *path,
		 struct gpf_error *err);

/* One GPO's section of the page. */
struct report_gpo {
	const struct gpo_backup *backup;
	const char *ou;	   /* DN to link, or NULL */
	const char *path;  /* a batch's: where Outlook reads its list */
	const char *list;  /* SafeSenders*.txt it uses */
	const char *group; /* Intune group, or NULL */
};

/*
 * The same page written a GPO at a time, for more GPOs than should be
 * held at once: report_open with the build-wide fields of r (its gpos
 * and per-GPO arrays unused; gpo_count the GPOs that will be added),
 * report_add for each GPO, then report_close, which finishes the page
 * when status is GPF_OK and releases the writer either way.  r's
 * strings are borrowed until report_close; a report_gpo's only during
 * its report_add.  Memory does not grow with the GPOs added.
 */
struct report_writer;

int report_open(struct report_writer **w, const struct report *r,
		const char *path, struct gpf_error *err);
int report_add(struct report_writer *w, const struct report_gpo *g,
	       struct gpf_error *err);
int report_close(struct report_writer *w, int status, struct gpf_error *err);

#endif
