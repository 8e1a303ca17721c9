/*
 * sysvol_acl.c - a GPO folder's access rules from its object's.
 */
#include "sysvol_acl.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Directory rights (MS-ADTS 5.1.3.2). */
#define DS_CREATE_CHILD	  0x00000001ul
#define DS_DELETE_CHILD	  0x00000002ul
#define DS_LIST_CONTENTS  0x00000004ul
#define DS_READ_PROPERTY  0x00000010ul
#define DS_WRITE_PROPERTY 0x00000020ul

/* File rights (MS-DTYP 2.4.3, MS-SMB2 2.2.13.1.1). */
#define FILE_READ_DATA	      0x00000001ul /* and list directory */
#define FILE_WRITE_DATA	      0x00000002ul /* and add file */
#define FILE_APPEND_DATA      0x00000004ul /* and add subdirectory */
#define FILE_READ_EA	      0x00000008ul
#define FILE_WRITE_EA	      0x00000010ul
#define FILE_EXECUTE	      0x00000020ul /* and traverse */
#define FILE_DELETE_CHILD     0x00000040ul
#define FILE_READ_ATTRIBUTES  0x00000080ul
#define FILE_WRITE_ATTRIBUTES 0x00000100ul
#define SYNCHRONIZE	      0x00100000ul
#define STANDARD_RIGHTS	      0x001f0000ul

/* ACE types and flags (MS-DTYP 2.4.4.1). */
#define ACE_ALLOWED		   0
#define ACE_ALLOWED_OBJECT	   5
#define ACE_OBJECT_INHERIT	   0x01u
#define ACE_CONTAINER_INHERIT	   0x02u
#define ACE_INHERIT_ONLY	   0x08u
#define ACE_OBJECT_TYPE_PRESENT	   0x1u
#define ACE_INHERITED_TYPE_PRESENT 0x2u

#define SID_CREATOR_OWNER    "S-1-3-0"
#define SID_PRE_WINDOWS_2000 "S-1-5-32-554"

unsigned long
sysvol_file_rights(unsigned long ds)
{
	unsigned long file = ds & STANDARD_RIGHTS;

	if ((ds & DS_READ_PROPERTY) && (ds & DS_LIST_CONTENTS))
		file |= SYNCHRONIZE | FILE_READ_DATA | FILE_READ_ATTRIBUTES |
			FILE_READ_EA | FILE_EXECUTE;
	if (ds & DS_WRITE_PROPERTY)
		file |= SYNCHRONIZE | FILE_WRITE_DATA | FILE_APPEND_DATA |
			FILE_WRITE_EA | FILE_WRITE_ATTRIBUTES;
	if (ds & DS_CREATE_CHILD)
		file |= FILE_WRITE_DATA | FILE_APPEND_DATA;
	if (ds & DS_DELETE_CHILD)
		file |= FILE_DELETE_CHILD;
	return file;
}

/* The bytes of a descriptor being read, and where a failure is. */
struct sd_reader {
	const unsigned char *p;
	size_t len;
	const char *what;
	struct gpf_error *err;
};

static uint32_t
le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}

static int
malformed(const struct sd_reader *r, size_t at, const char *why)
{
	return gpf_fail(r->err, GPF_DATAERR,
			"security descriptor of %s: offset %zu: %s", r->what,
			at, why);
}

/* The SID at offset at (within end) as text; its size in *size. */
static int
read_sid(const struct sd_reader *r, size_t at, size_t end, char *text,
	 size_t text_size, size_t *size)
{
	const unsigned char *s = r->p + at;
	uint64_t authority = 0;
	size_t i, n, used;

	if (at + 8 > end || s[0] != 1)
		return malformed(r, at, "not a SID");
	n = s[1];
	if (n > 15 || at + 8 + 4 * n > end)
		return malformed(r, at, "a SID runs past its end");
	for (i = 0; i < 6; i++)
		authority = authority << 8 | s[2 + i];
	used = (size_t)snprintf(text, text_size, "S-1-%" PRIu64, authority);
	for (i = 0; i < n && used < text_size; i++)
		used += (size_t)snprintf(text + used, text_size - used,
					 "-%" PRIu32, le32(s + 8 + 4 * i));
	*size = 8 + 4 * n;
	return GPF_OK;
}

/* Appends ",ACL:SID:0/FLAGS/MASK" for the allowed ACE at offset at. */
static int
convert_ace(const struct sd_reader *r, size_t at, size_t ace_size,
	    struct gpf_buf *out)
{
	const unsigned char *a = r->p + at;
	unsigned type = a[0], flags = a[1];
	size_t sid_at = at + 8, sid_size;
	unsigned long rights;
	char sid[192], line[256];
	int status;

	if (type != ACE_ALLOWED && type != ACE_ALLOWED_OBJECT)
		return GPF_OK;
	rights = sysvol_file_rights(le32(a + 4));
	if (type == ACE_ALLOWED_OBJECT) {
		uint32_t object_flags;

		if (ace_size < 12)
			return malformed(r, at, "an object ACE is too short");
		object_flags = le32(a + 8);
		sid_at = at + 12 +
			 16 * !!(object_flags & ACE_OBJECT_TYPE_PRESENT) +
			 16 * !!(object_flags & ACE_INHERITED_TYPE_PRESENT);
		/* An object type narrows the rights to one property, set
		 * or extended right; a file ACE cannot say so, and the
		 * whole folder is not what the directory granted. */
		if (rights == 0 || (object_flags & ACE_OBJECT_TYPE_PRESENT))
			return GPF_OK;
	}
	status =
	    read_sid(r, sid_at, at + ace_size, sid, sizeof(sid), &sid_size);
	if (status != GPF_OK || strcmp(sid, SID_PRE_WINDOWS_2000) == 0)
		return status;

	flags |= ACE_OBJECT_INHERIT | ACE_CONTAINER_INHERIT;
	if (strcmp(sid, SID_CREATOR_OWNER) == 0)
		flags |= ACE_INHERIT_ONLY;
	snprintf(line, sizeof(line), ",ACL:%s:%u/%u/%lu", sid, ACE_ALLOWED,
		 flags, rights);
	gpf_buf_append(out, line, strlen(line));
	return GPF_OK;
}

static int
convert_dacl(const struct sd_reader *r, size_t at, struct gpf_buf *out)
{
	size_t end, count, i, ace_size;
	int status = GPF_OK;

	if (at + 8 > r->len)
		return malformed(r, at, "the DACL runs past the end");
	end = at + le16(r->p + at + 2);
	count = le16(r->p + at + 4);
	if (end > r->len || end < at + 8)
		return malformed(r, at, "the DACL's size is wrong");
	for (at += 8, i = 0; status == GPF_OK && i < count;
	     i++, at += ace_size) {
		if (at + 8 > end)
			return malformed(r, at, "an ACE runs past the DACL");
		ace_size = le16(r->p + at + 2);
		if (ace_size < 8 || at + ace_size > end)
			return malformed(r, at, "an ACE's size is wrong");
		status = convert_ace(r, at, ace_size, out);
	}
	return status;
}

/* Appends ",NAME:SID" for the owner or group at the offset at byte field. */
static int
convert_owner(const struct sd_reader *r, size_t field, const char *name,
	      struct gpf_buf *out)
{
	size_t at = le32(r->p + field), size;
	char sid[192];
	int status;

	if (at == 0)
		return GPF_OK;
	if ((status = read_sid(r, at, r->len, sid, sizeof(sid), &size)) !=
	    GPF_OK)
		return status;
	gpf_buf_putc(out, ',');
	gpf_buf_append(out, name, strlen(name));
	gpf_buf_putc(out, ':');
	gpf_buf_append(out, sid, strlen(sid));
	return GPF_OK;
}

int
sysvol_acl_from_ds(const unsigned char *sd, size_t len, const char *what,
		   struct gpf_buf *out, struct gpf_error *err)
{
	struct sd_reader r = { sd, len, what, err };
	size_t dacl;
	int status;

	if (len < 20 || sd[0] != 1)
		return malformed(&r, 0, "not a self-relative descriptor");
	dacl = le32(sd + 16);
	if (dacl == 0)
		return malformed(&r, 16, "it has no DACL");

	gpf_buf_append(out, "REVISION:1", 10);
	status = convert_owner(&r, 4, "OWNER", out);
	if (status == GPF_OK)
		status = convert_owner(&r, 8, "GROUP", out);
	if (status == GPF_OK)
		status = convert_dacl(&r, dacl, out);
	return status;
}
