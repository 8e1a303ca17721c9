/*
 * psscript.h - PowerShell scripts that administrators run on Windows to
 * put gpforge's output in place.
 *
 * Text that varies from one run to the next (GPO names, backup IDs, OUs,
 * profile names, paths, file contents) reaches a script only as a
 * single-quoted literal made by ps_quote; the rest of each script is
 * fixed.  A name therefore cannot end its string early, expand a
 * variable or run a command, whatever it holds.
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

/* Largest platform (PowerShell) script Intune accepts, in bytes. */
#define PS_INTUNE_SCRIPT_MAX 204800

/*
 * Writes Upload-IntuneProfile.ps1, which creates the Intune custom profile
 * whose Graph body is profile.json beside the script, and assigns it with
 * assign.json when that file exists.  UTF-8 with a byte order mark, CRLF
 * line ends, as ps_write_import_gpos writes.
 *
 * The script needs the module Microsoft.Graph.Authentication and signs
 * in with Connect-MgGraph for DeviceManagementConfiguration.ReadWrite.All
 * unless Get-MgContext already holds that scope.  It looks the profile up
 * by profile_name (the displayName that profile.json gives it) and leaves
 * an existing one alone, exiting 0, unless it is run with -Force: then it
 * deletes it before creating the profile anew.  With -WhatIf it prints
 * each Graph request it would send (method and URI) and sends none; with
 * -Confirm it asks before each change.  A failure ends it with exit
 * status 1 and Graph's message.
 *
 * profile_name is written twice, both times through ps_quote: as itself,
 * for messages, and inside the OData filter displayName eq '...', where
 * each ' is doubled once more.  The body of the profile is read from
 * profile.json when the script runs, never embedded.
 *
 * Returns GPF_OK; GPF_DATAERR when profile_name is missing, empty or not
 * valid UTF-8; GPF_IOERR when writing fails.
 */
int ps_write_intune_upload(FILE *out, const char *name,
			   const char *profile_name, struct gpf_error *err);

/*
 * Writes Deploy-SafeSendersFile.ps1, an Intune platform script that
 * writes content to target_path on each device it runs on, e.g.
 * C:\ProgramData\SafeSenders\SafeSenders.txt.  UTF-8 with a byte order
 * mark; CRLF ends every line of the script's own text.
 *
 * content is ASCII text as SafeSenders.txt holds it (CRLF line ends) and
 * goes into the script as one single-quoted literal, its bytes as they
 * are: its CRLFs stay CRLFs and a bare LF would stay a bare LF.  The
 * script creates the folder when it is missing, writes the file (those
 * bytes exactly, no byte order mark) only when what is there differs,
 * lets the local group Users (S-1-5-32-545) read it, and says what it did
 * or that nothing needed doing.  It exits 0 on success and 1, with a
 * message, on any failure.
 *
 * Nothing is written unless the script fits in PS_INTUNE_SCRIPT_MAX
 * bytes.  Returns GPF_OK; GPF_DATAERR when target_path is missing, not
 * valid UTF-8, not a drive path to a file (X:\folder\file), or holds
 * one of < > : " / | ? * or a control character after the drive, when
 * content is missing or not ASCII, or when the script would be too large;
 * GPF_IOERR when writing fails.
 */
int ps_write_deploy_file(FILE *out, const char *name, const char *target_path,
			 const char *content, struct gpf_error *err);

#endif
