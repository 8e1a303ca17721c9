/*
 * intune.h - Intune custom-profile rows (OMA-URI settings) for ADMX
 * policies, through Windows' ADMX ingestion.
 *
 * A profile ingests each template with one row,
 *  ./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/APP/Policy/UID
 * whose value is the ADMX text, and then sets each policy with a row
 *  ./User|./Device/Vendor/MSFT/Policy/Config/APP~Policy~CATS/POLICY
 * whose value is <enabled/> or <disabled/> and one <data id= value=/> per
 * element.  UID carries a hash of the ADMX, so a changed template is
 * ingested afresh rather than silently ignored.
 *
 * Ownership: the profile owns its rows and their strings.
 */
#ifndef INTUNE_H
#define INTUNE_H

#include "admx.h"
#include "gpf_buf.h"
#include "gpf_error.h"
#include "policy.h"

#define INTUNE_MAX_ROWS 1000 /* omaSettings per profile (Graph) */

struct oma_row {
	char *name;
	char *description;
	char *uri;
	char *value;
};

struct intune_profile {
	struct oma_row *rows;
	size_t count;
};

/*
 * Refuses a template that ADMX ingestion would reject: every finding of
 * "admx lint --intune" about file is an error here (GPF_DATAERR, the
 * first finding as the message).
 */
int intune_check_template(const struct admx_set *set,
			  const struct admx_file *file, struct gpf_error *err);

/* The template's target prefix with everything but [A-Za-z0-9_] dropped. */
void intune_app_name(const struct admx_file *file, struct gpf_buf *out);

/*
 * The ADMX text as ingestion takes it: UTF-8 without a byte order mark,
 * LF line ends (UTF-16 files are converted and their declaration says
 * utf-8).  Appends to out.
 */
int intune_admx_text(const struct admx_file *file, struct gpf_buf *out,
		     struct gpf_error *err);

/* Adds the ingestion row of file under app. */
int intune_add_ingestion(struct intune_profile *p, const struct admx_file *file,
			 const char *app, struct gpf_error *err);

/* Adds the row that sets s under app. */
int intune_add_setting(struct intune_profile *p, const struct policy_setting *s,
		       const char *app, struct gpf_error *err);

/* The OMA-URI and value of s, without adding a row (for tests too). */
int intune_setting_uri(const struct policy_setting *s, const char *app,
		       struct gpf_buf *uri, struct gpf_error *err);
int intune_setting_value(const struct policy_setting *s, struct gpf_buf *out,
			 struct gpf_error *err);

/*
 * The whole profile for settings: the templates their policies come
 * from are checked (intune_check_template) and ingested first, in order
 * of first use, then one row per setting.  app names the application
 * when the settings use one template; NULL takes its target prefix.
 * The templates used are returned in *files (caller frees the array).
 */
int intune_profile_from_settings(struct intune_profile *p,
				 const struct admx_set *set,
				 const struct policy_setting *settings,
				 size_t count, const char *app,
				 const struct admx_file ***files,
				 size_t *file_count, struct gpf_error *err);

void intune_profile_free(struct intune_profile *p);

#endif
