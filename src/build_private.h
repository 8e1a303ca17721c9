/*
 * build_private.h - what the steps of "gpforge build" share: the state
 * of one build, and the helpers build.c lends to batch.c (one GPO per
 * row of an OU table).
 */
#ifndef BUILD_PRIVATE_H
#define BUILD_PRIVATE_H

#include "admx.h"
#include "build.h"
#include "gpo_backup.h"
#include "psscript.h"
#include "report.h"
#include "regops.h"
#include "senders.h"
#include "settings.h"

/* The state of one build, shared by its steps. */
struct build {
	const struct build_options *o;
	struct build_result *result;
	struct gpf_error *err;
	char *path;	   /* the Safe Senders list's UNC path */
	char *output;	   /* o->output without trailing '/' */
	char *staging;	   /* the folder being filled */
	long long when;	   /* seconds since the epoch */
	int deterministic; /* --deterministic or SOURCE_DATE_EPOCH */
	struct sender_list senders;
	struct admx_set *admx;
	struct settings settings; /* for the GPO */
	struct settings intune_settings;
	const char *intune_path;
	struct regop_list ops;
	struct gpo_backup backup;
};

void build_warn(struct build *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Notes path as written, for --verbose. */
void build_written(struct build *b, const char *path);

/* "A/B", malloc'd. */
char *build_join(const char *a, const char *b);

/* Checks a path Outlook reads the list from (see build.c). */
int build_check_path(struct build *b, const char *option, const char *p,
		     int local_only);

/*
 * The Outlook settings pointing at path, through the loaded template.
 * Only reads b, so threads may call it at once, each with its own err.
 */
int build_load_settings(const struct build *b, const char *path,
			struct settings *out, struct gpf_error *err);

/* The zip entry time: -1, or the build time shifted for local time. */
long long build_zip_time(struct build *b);

/* GUIDs for a GPO named name linked to ou (NULL for none). */
void build_make_ids(struct build *b, struct gpo_backup *g, const char *name,
		    const char *ou);

/*
 * Writes an Intune folder rel below the staging folder: the profile
 * (display name name, assigned to group when not NULL), its upload
 * script, and the platform script that places senders.
 */
int build_write_intune(struct build *b, const char *rel, const char *name,
		       const char *group, const struct sender_list *senders);

/*
 * Saves list as file in the staging folder (ASCII, CRLF), appending the
 * bytes written to text unless it is NULL.
 */
int build_save_list(struct build *b, const char *file,
		    const struct sender_list *list, struct gpf_buf *text);

/* Saves dir/Import-GPOs.ps1 for the count GPOs. */
int build_save_import_script(const char *dir, const struct ps_gpo *gpos,
			     size_t count, struct gpf_error *err);

/* Fills the parts of a report every build fills the same way. */
void build_report_base(const struct build *b, struct report *r);

/* Writes allowlists/ unless --no-allowlists. */
int build_write_allowlists(struct build *b);

/* Writes the batch outputs (batch.c) into the staging folder. */
int batch_write(struct build *b);

#endif
