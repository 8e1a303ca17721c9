/*
 * psscript.h - PowerShell scripts that administrators run on Windows to
 * put gpforge's output in place.
 *
 * Text that varies from one run to the next (GPO names, backup IDs, OUs)
 * reaches a script only as a single-quoted literal made by ps_quote; the
 * rest of each script is fixed.  A name therefore cannot end its string
 * early, expand a variable or run a command, whatever it holds.
 *
 * Ownership: the writers read the caller's strings and keep nothing.
 */
#ifndef PSSCRIPT_H
#define PSSCRIPT_H

#include <stddef.h>
#include <stdio.h>

#include "gpf_buf.h"
#include "gpf_error.h"

/*
 * Appends text (UTF-8) to out as one single-quoted PowerShell string
 * literal: every ' and every U+2018, U+2019, U+201A, U+201B (which
 * PowerShell also takes as single quotes) is doubled.  Nothing else means
 * anything inside single quotes, so $, backticks and line breaks are kept
 * as they are.  text should be valid UTF-8: PowerShell would read other
 * bytes as U+FFFD (never as a quote), so the literal stays closed but the
 * text changes.
 */
void ps_quote(const char *text, struct gpf_buf *out);

struct ps_gpo {
	const char *name;      /* GPO display name */
	const char *backup_id; /* "{GUID}", the backup folder name */
	const char *target_ou; /* DN to link to, or NULL: use -TargetOu */
};

/*
 * Writes Import-GPOs.ps1 for the backups in the same folder as the
 * script: UTF-8 with a byte order mark (Windows PowerShell 5.1 reads
 * BOM-less files as ANSI) and CRLF line ends.
 *
 * The script imports each GPO with Import-GPO -CreateIfNeeded and links
 * it to its OU (target_ou, else the -TargetOu it is given), with
 * New-GPLink or, when the OU already links it, Set-GPLink.  It supports
 * -WhatIf and -Confirm, imports one GPO with -Only NAME, passes -Domain
 * and -Server on, prints a summary and exits 1 if any GPO failed.
 *
 * A line break inside a name is written as it is: making it CRLF would
 * change the name.  So CRLF ends every line of the script itself, but a
 * literal may hold a bare LF.
 *
 * name is what messages call the output.  Nothing is written unless every
 * GPO is valid.  Returns GPF_OK; GPF_DATAERR when there are no GPOs, a
 * name is missing, repeated (ignoring ASCII case, as PowerShell's -eq
 * does) or not valid UTF-8, a backup ID is not a braced GUID, or an OU is
 * empty or not valid UTF-8; GPF_IOERR when writing fails.
 */
int ps_write_import_gpos(FILE *out, const char *name, const struct ps_gpo *gpos,
			 size_t count, struct gpf_error *err);

#endif
