/*
 * build.h - "gpforge build": from a sender list to everything an admin
 * deploys.
 *
 * Reads the sender list (the built-in Mimecast Awareness Training list,
 * a file, or both plus single entries), sets gpforge's own Outlook
 * template's policies through the same ADMX semantics as "admx apply",
 * and writes, into a fresh folder renamed into place only when complete:
 *
 *	SafeSenders.txt
 *	PolicyDefinitions/gpforge-outlook.admx, en-US/gpforge-outlook.adml
 *	gpo/manifest.xml, gpo/{BACKUP-ID}/..., gpo/Import-GPOs.ps1
 *	report.html
 *	bundles/gpo-backup.zip
 */
#ifndef BUILD_H
#define BUILD_H

#include <stddef.h>

#include "gpf_error.h"

#define BUILD_DEFAULT_OUTPUT   "output"
#define BUILD_DEFAULT_DOMAIN   "corp.example.com"
#define BUILD_DEFAULT_GPO_NAME "Outlook Safe Senders"
#define BUILD_DEFAULT_OFFICE   "16.0"
#define BUILD_MAX_PATH	       260 /* what the ADMX element allows */
#define BUILD_DEFAULT_INTUNE_PATH \
	"C:\\ProgramData\\SafeSenders\\SafeSenders.txt"

struct build_options {
	const char *output;
	const char *senders_file; /* NULL: the built-in list */
	const char *const *add_senders;
	size_t add_sender_count;
	const char *domain;
	const char *safe_senders_path; /* NULL: \\DOMAIN\NETLOGON\... */
	const char *intune_path;       /* where Intune devices keep the list */
	const char *gpo_name;
	const char *office_version; /* "16.0" or "15.0" */
	int overwrite_list;
	int no_picture_download;
	int deterministic;     /* name-based GUIDs, fixed times */
	int force;	       /* replace a non-empty output */
	const char *templates; /* NULL: built-in templates */
	const char *ou_csv;    /* batch: one GPO per row */

	/* The mail side (allowlists/): none with no_allowlists. */
	int no_allowlists;
	int include_test_sender;
	const char *const *landing_urls;
	size_t landing_url_count; /* 0: the guide's two URLs */
	const char *const *defender_domains;
	size_t defender_domain_count;
	const char *const *defender_ips;
	size_t defender_ip_count;
	/* Called after each row of a batch, e.g. for a progress bar. */
	void (*progress)(size_t done, size_t total, void *arg);
	void *progress_arg;
};

/* What a build tells its caller besides success. */
struct build_result {
	size_t sender_count;
	size_t gpo_count;
	char **warnings;
	size_t warning_count;
	char *written; /* one line per file, for --verbose */
};

/* Fills o with the defaults above. */
void build_defaults(struct build_options *o);

int build_run(const struct build_options *o, struct build_result *result,
	      struct gpf_error *err);

void build_result_free(struct build_result *result);

#endif
