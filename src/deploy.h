/*
 * deploy.h - "gpforge deploy": the GPOs a build wrote, put straight into
 * Active Directory over LDAP and SMB.
 *
 * For each GPO of OUTPUT/gpo/manifest.xml, by display name: create it
 * (the groupPolicyContainer object with its User and Machine children,
 * its SYSVOL folder with the object's ACL, GPT.INI, User/Registry.pol,
 * extension names and version) or update it in place (Registry.pol,
 * user version + 1), and link it to its OU from gpo/links.csv.  With
 * copy_lists each sender list goes to the UNC path the GPO gives
 * Outlook; with central_store the templates go to the domain's
 * PolicyDefinitions folder.
 *
 * Everything is read and checked, and every change planned, before the
 * first write: a failed check writes nothing.  GPOs gpforge creates hold
 * a file gpforge.txt in their SYSVOL folder; a GPO of the same name
 * without it is refused unless adopt is set.
 */
#ifndef DEPLOY_H
#define DEPLOY_H

#include <stddef.h>

#include "ad_ldap.h"
#include "gpf_error.h"

#define DEPLOY_MARKER "gpforge.txt"

struct deploy_options {
	const char *output; /* what gpforge build wrote */
	struct ad_login login;
	int copy_lists;
	int central_store;
	int adopt;
	int dry_run;
	/* Called as work is done, e.g. for a progress bar. */
	void (*progress)(const char *what, size_t done, size_t total,
			 void *arg);
	void *progress_arg;
};

struct deploy_result {
	size_t created, updated, adopted, linked, unchanged;
	char *plan;	 /* dry run: every change it would make */
	char *notes;	 /* one line per GPO and file, for --verbose */
	char **warnings; /* things the admin should know */
	size_t warning_count;
};

int deploy_run(const struct deploy_options *o, struct deploy_result *r,
	       struct gpf_error *err);

void deploy_result_free(struct deploy_result *r);

#endif
