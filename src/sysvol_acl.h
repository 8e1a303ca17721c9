/*
 * sysvol_acl.h - the access rules of a GPO's SYSVOL folder, derived from
 * those of its directory object, as the tools that create GPOs set them.
 *
 * The input is the object's nTSecurityDescriptor as LDAP returns it (a
 * self-relative security descriptor, MS-DTYP 2.4.6).  Its owner and
 * group are kept; of its DACL, the access-allowed entries are kept
 * except those for Pre-Windows 2000 Compatible Access, each made to
 * inherit to files and folders (inherit-only for CREATOR OWNER), with
 * its directory rights turned into the file rights they correspond to:
 * read-property with list-contents gives read and execute, write-
 * property gives write, create-child adds files and folders,
 * delete-child deletes them, and the standard rights stay.
 *
 * The output is the text libsmbclient's "system.nt_sec_desc.*" takes:
 *
 *	REVISION:1,OWNER:S-1-...,GROUP:S-1-...,ACL:S-1-...:0/3/2032127,...
 *
 * (type/flags/mask in decimal).  That form has no room for an object
 * entry's GUIDs, so an object entry becomes a plain one, and is left
 * out when it grants no file rights (Apply Group Policy is such an
 * entry).
 */
#ifndef SYSVOL_ACL_H
#define SYSVOL_ACL_H

#include <stddef.h>

#include "gpf_buf.h"
#include "gpf_error.h"

/* Directory rights (MS-ADTS) turned into file rights (MS-DTYP). */
unsigned long sysvol_file_rights(unsigned long ds_rights);

/*
 * Appends to out the folder's security descriptor text for the len
 * bytes of sd.  A malformed descriptor fails with GPF_DATAERR, err
 * naming what (the object's name, given as what) and the byte offset.
 */
int sysvol_acl_from_ds(const unsigned char *sd, size_t len, const char *what,
		       struct gpf_buf *out, struct gpf_error *err);

#endif
