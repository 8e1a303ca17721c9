/*
 * gpo_backup.h - GPMC backup folders, the form Import-GPO and the Group
 * Policy Management Console import.
 *
 *   DIR/manifest.xml                every backup in DIR
 *   DIR/{BACKUP-ID}/Backup.xml      GPO identity, versions, files
 *   DIR/{BACKUP-ID}/bkupInfo.xml    what the manifest lists
 *   DIR/{BACKUP-ID}/gpreport.xml    the settings as GPMC shows them
 *   DIR/{BACKUP-ID}/DomainSysvol/GPO/User/registry.pol
 *
 * The XML is filled into the skeletons of templates/gpo through libxml2.
 * A backup carries user settings only: its computer side is disabled.
 */
#ifndef GPO_BACKUP_H
#define GPO_BACKUP_H

#include "gpf_error.h"
#include "ids.h"
#include "policy.h"
#include "regops.h"

struct gpo_backup {
	const char *display_name;
	const char *domain;		/* DNS name */
	char gpo_guid[GUID_TEXT_SIZE];	/* the GPO; never the backup id */
	char backup_id[GUID_TEXT_SIZE]; /* = its folder name */
	char domain_guid[GUID_TEXT_SIZE];
	char time[24]; /* yyyy-MM-ddTHH:mm:ss, UTC */

	/* The user-side policies and what they write. */
	const struct policy_setting *settings;
	size_t setting_count;
	const struct regop_list *ops;
};

/*
 * Writes DIR/{backup_id}/ and everything in it.  templates is the
 * --templates folder or NULL for the built-in skeletons.
 */
int gpo_backup_write(const struct gpo_backup *b, const char *dir,
		     const char *templates, struct gpf_error *err);

/* Writes DIR/manifest.xml listing the count backups. */
int gpo_manifest_write(const struct gpo_backup *backups, size_t count,
		       const char *dir, const char *templates,
		       struct gpf_error *err);

/* The same manifest, appended to out instead of written. */
int gpo_manifest_text(const struct gpo_backup *backups, size_t count,
		      const char *templates, struct gpf_buf *out,
		      struct gpf_error *err);

/*
 * For many backups: the skeletons parsed once, each backup's files made
 * in memory, and manifest.xml written a backup at a time.
 *
 * Ownership: gpo_skeletons_load allocates the set and gpo_skeletons_free
 * releases it.  gpo_backup_make fills the skeletons in place and then
 * takes out what it added, so a set serves one thread at a time.
 */
struct gpo_skeletons;

int gpo_skeletons_load(struct gpo_skeletons **out, const char *templates,
		       struct gpf_error *err);
void gpo_skeletons_free(struct gpo_skeletons *s);

/* The files of a backup, below its folder, in the order made. */
#define GPO_BACKUP_FILES 4
extern const char *const gpo_backup_files[GPO_BACKUP_FILES];

/* Appends the bytes of each of gpo_backup_files to files[i]. */
int gpo_backup_make(struct gpo_skeletons *s, const struct gpo_backup *b,
		    struct gpf_buf files[GPO_BACKUP_FILES],
		    struct gpf_error *err);

/* Writes made files as DIR/{backup_id}/..., which must not exist yet. */
int gpo_backup_save(const struct gpo_backup *b,
		    const struct gpf_buf files[GPO_BACKUP_FILES],
		    const char *dir, struct gpf_error *err);

/*
 * manifest.xml is head, then each backup's bkupInfo.xml without its
 * line end (gpo_manifest_entry appends that), then tail.
 */
int gpo_manifest_frame(const struct gpo_skeletons *s, struct gpf_buf *head,
		       struct gpf_buf *tail, struct gpf_error *err);
void gpo_manifest_entry(const struct gpf_buf files[GPO_BACKUP_FILES],
			struct gpf_buf *out);

/* The SYSVOL path of the GPO's User folder, for Backup.xml. */
#define GPO_USER_POL "DomainSysvol\\GPO\\User\\registry.pol"

#endif
