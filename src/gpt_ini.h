/*
 * gpt_ini.h - a GPO's version, as the directory and SYSVOL keep it.
 *
 * A GPO's version is one 32-bit number: the user side's version in the
 * high 16 bits, the computer side's in the low 16.  The directory keeps
 * it in the versionNumber attribute, an LDAP Integer and so a signed
 * 32-bit value (a user half of 32768 or more reads back negative);
 * SYSVOL keeps it in the GPO folder's GPT.INI:
 *
 *	[General]
 *	Version=65536
 *
 * with CRLF line ends.  Clients apply a GPO only when the two agree, and
 * apply a side again only when its half has grown.
 */
#ifndef GPT_INI_H
#define GPT_INI_H

#include <stddef.h>
#include <stdint.h>

#include "gpf_buf.h"

#define GPO_VERSION_HALF_MAX 65535u
#define GPO_VERSION_TEXT     16 /* "-2147483648" and a NUL, rounded up */

static inline unsigned
gpo_version_user(uint32_t v)
{
	return v >> 16;
}

static inline unsigned
gpo_version_computer(uint32_t v)
{
	return v & 0xffffu;
}

/* The version with these halves (each at most GPO_VERSION_HALF_MAX). */
uint32_t gpo_version_make(unsigned user, unsigned computer);

/*
 * v with its user half one higher, the computer half kept.  Returns 0,
 * or -1 when the user half is already GPO_VERSION_HALF_MAX.
 */
int gpo_version_bump_user(uint32_t v, uint32_t *out);

/*
 * Reads a versionNumber as LDAP gives it: a decimal integer from
 * -2147483648 to 4294967295 (both forms of the same 32 bits).  Returns 0,
 * or -1 for anything else.
 */
int gpo_version_parse(const char *text, uint32_t *out);

/* Writes v as LDAP takes it: the signed 32-bit form, in decimal. */
void gpo_version_format(uint32_t v, char out[GPO_VERSION_TEXT]);

/*
 * The Version of [General] in the len bytes of a GPT.INI: returns 1 and
 * sets *version, 0 when there is none, or -1 when it is not a number
 * from 0 to 4294967295 (with *line its line).  Section and key names are
 * matched without regard to case, spaces around them ignored.
 */
int gpt_ini_version(const char *text, size_t len, uint32_t *version,
		    unsigned long *line);

/*
 * Appends to out the GPT.INI text with [General]'s Version set to
 * version: other lines are kept, a missing Version or [General] is
 * added, and every line ends in CRLF.  text may be NULL (len 0) for a
 * new GPO.
 */
void gpt_ini_with_version(const char *text, size_t len, uint32_t version,
			  struct gpf_buf *out);

#endif
