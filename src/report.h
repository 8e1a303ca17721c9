/*
 * report.h - report.html: one self-contained page that shows an admin
 * what a build made and what to do with it.
 *
 * Inline CSS, no scripts, no remote assets; built as an HTML tree with
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
	int allowlists;		   /* allowlists/ was written */
};

/* Writes the page to path, which must not exist yet. */
int report_write(const struct report *r, const char *path,
		 struct gpf_error *err);

#endif
