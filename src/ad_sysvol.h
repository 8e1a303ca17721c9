/*
 * ad_sysvol.h - files on a domain controller's shares (SYSVOL, NETLOGON
 * or any other), through libsmbclient.
 *
 * The session logs on as ad_ldap does: with the Kerberos ticket from
 * kinit, or with the user and password (a bare user name is sent as
 * NAME@DOMAIN), never anonymously.  A file is written to a temporary
 * name beside it and renamed over the old one, so a reader never sees
 * half of it.  Every failure names the file as \\HOST\SHARE\PATH.
 *
 * Ownership: the session keeps a pointer to the login, which must
 * outlive it.
 */
#ifndef AD_SYSVOL_H
#define AD_SYSVOL_H

#include <stddef.h>

#include "ad_ldap.h"
#include "gpf_buf.h"
#include "gpf_error.h"

/* A file or folder: PATH is relative to the share, '/'-separated. */
struct smb_path {
	const char *host;
	const char *share;
	const char *path;
};

enum smb_kind { SMB_MISSING, SMB_FILE, SMB_FOLDER };

struct ad_smb;

/* Readies a session; the first file operation connects. */
int ad_smb_open(struct ad_smb **sp, const struct ad_login *login,
		struct gpf_error *err);

void ad_smb_close(struct ad_smb *s);

/* Whether p is a file, a folder or missing. */
int ad_smb_stat(struct ad_smb *s, const struct smb_path *p, enum smb_kind *kind,
		struct gpf_error *err);

/* Appends the file at p to out; *exists is 0 (and GPF_OK) if missing. */
int ad_smb_read(struct ad_smb *s, const struct smb_path *p, struct gpf_buf *out,
		int *exists, struct gpf_error *err);

/* Creates the folder p; one that exists already is fine. */
int ad_smb_mkdir(struct ad_smb *s, const struct smb_path *p,
		 struct gpf_error *err);

/* Replaces (or creates) the file p with the len bytes at data. */
int ad_smb_write(struct ad_smb *s, const struct smb_path *p, const void *data,
		 size_t len, struct gpf_error *err);

/* Renames the file or folder from to to_path, on the same share. */
int ad_smb_rename(struct ad_smb *s, const struct smb_path *from,
		  const char *to_path, struct gpf_error *err);

/* Sets p's owner, group and DACL from sysvol_acl's text form. */
int ad_smb_set_acl(struct ad_smb *s, const struct smb_path *p, const char *acl,
		   struct gpf_error *err);

/* p as \\HOST\SHARE\PATH, for messages; malloc'd. */
char *smb_unc(const struct smb_path *p);

/*
 * p as libsmbclient's smb://HOST/SHARE/PATH with suffix appended, each
 * part %-encoded (an IPv6 address too, without brackets); malloc'd.
 */
char *smb_url(const struct smb_path *p, const char *suffix);

#endif
