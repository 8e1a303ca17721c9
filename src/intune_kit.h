/*
 * intune_kit.h - the intune/ folder: what an admin needs to create an
 * Intune custom profile, by Graph or by hand.
 *
 *	profile.json		the profile (Graph body)
 *	assign.json		its assignment, when a group is given
 *	oma-uri.csv		the same rows as a table, for the portal
 *	admx-upload.json	the template for Imported Administrative
 *				Templates (admx-upload-BASE.json each when
 *				there are several)
 */
#ifndef INTUNE_KIT_H
#define INTUNE_KIT_H

#include "admx.h"
#include "gpf_error.h"
#include "intune.h"

struct intune_kit {
	const struct intune_profile *profile;
	const char *display_name;
	const char *description;
	const char *group; /* Entra group object id, or NULL */
	const struct admx_file *const *files;
	size_t file_count;
};

/* Writes the files into dir (created when missing), each atomically. */
int intune_write_kit(const struct intune_kit *k, const char *dir,
		     struct gpf_error *err);

#endif
