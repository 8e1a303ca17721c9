/*
 * psscript.h - PowerShell scripts that administrators run on Windows to
 * put gpforge's output in place.
 *
 * Text that varies from one run to the next (GPO names, backup IDs, OUs,
 * profile names, paths, file contents, domains, URLs, IP ranges) reaches
 * a script only as a single-quoted literal made by ps_quote; the rest of
 * each script is fixed.  A name therefore cannot end its string early,
 * expand a variable or run a command, whatever it holds; and text with
 * characters a reader could not see is refused, so that what the script
 * shows is what it does.
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

/*
 * Bytes of the valid UTF-8 text before the first character that a
 * reader of the script would not see, or would see somewhere else:
 * control characters (C0, DEL, C1; with line_breaks, CR and LF are
 * allowed), the line and paragraph separators U+2028 and U+2029, and
 * Unicode's format characters (bidirectional controls, zero-width
 * characters, the byte order mark, tags: category Cf).  Inside a
 * literal such a character is harmless to PowerShell but lets the
 * script say something other than what it does, so every writer below
 * refuses text that holds one; strlen(text) when there is none.
 */
size_t ps_visible_span(const char *text, int line_breaks);

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
 * name is what messages call the output.  Nothing is written unless every
 * GPO is valid.  Returns GPF_OK; GPF_DATAERR when there are no GPOs, a
 * name is missing, repeated (ignoring ASCII case, as PowerShell's -eq
 * does), not valid UTF-8 or holds what ps_visible_span stops at (a line
 * break too), a backup ID is not a braced GUID, or an OU is empty, not
 * valid UTF-8 or holds such a character; GPF_IOERR when writing fails.
 */
int ps_write_import_gpos(FILE *out, const char *name, const struct ps_gpo *gpos,
			 size_t count, struct gpf_error *err);

/*
 * The same script written a GPO at a time, for more GPOs than should be
 * held at once: begin, ps_import_gpos_add for each GPO (index counts
 * them from 0, for messages), then end.  Each GPO is checked as
 * ps_write_import_gpos checks it, except that the caller makes sure no
 * two names are equal; a GPO refused leaves a partial script, which
 * the caller discards.
 */
int ps_import_gpos_begin(FILE *out, const char *name, struct gpf_error *err);
int ps_import_gpos_add(FILE *out, const char *name, const struct ps_gpo *gpo,
		       size_t index, struct gpf_error *err);
int ps_import_gpos_end(FILE *out, const char *name, struct gpf_error *err);

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
 * Returns GPF_OK; GPF_DATAERR when profile_name is missing, empty, not
 * valid UTF-8 or holds what ps_visible_span stops at; GPF_IOERR when
 * writing fails.
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
 * are: its CRLFs stay CRLFs and a bare LF or CR would stay alone.  The
 * script creates the folder when it is missing, writes the file (those
 * bytes exactly, no byte order mark) only when what is there differs,
 * lets the local group Users (S-1-5-32-545) read it, and says what it did
 * or that nothing needed doing.  It exits 0 on success and 1, with a
 * message, on any failure.
 *
 * Nothing is written unless the script fits in PS_INTUNE_SCRIPT_MAX
 * bytes.  Returns GPF_OK; GPF_DATAERR when target_path is missing, not
 * valid UTF-8, not a drive path to a file (X:\folder\file), or holds
 * one of < > : " / | ? * or a control character after the drive or
 * anything else ps_visible_span stops at, when content is missing, not
 * ASCII or holds a control character other than CR and LF, or when the
 * script would be too large; GPF_IOERR when writing fails.
 */
int ps_write_deploy_file(FILE *out, const char *name, const char *target_path,
			 const char *content, struct gpf_error *err);

/* Entries each list of the phishing simulation override may hold. */
#define PS_DEFENDER_MAX_LIST 20

/*
 * Returns 1 when text is an IPv4 or IPv6 address, alone or with a prefix
 * length (CIDR: /0 to /32 for IPv4, /0 to /128 for IPv6, one to three
 * decimal digits), as -SenderIpRanges takes it; 0 otherwise, NULL too.
 * IPv4 is dotted quad only, without leading zeros; IPv6 takes no zone
 * (%eth0).  A range written first-last is not accepted.
 */
int ps_valid_ip_range(const char *text);

/*
 * Writes Set-DefenderPhishSimOverride.ps1, which sets up Microsoft
 * Defender for Office 365 advanced delivery for third-party phishing
 * simulations, so that Exchange Online Protection neither filters nor
 * rewrites their mail.  UTF-8 with a byte order mark, CRLF line ends, as
 * ps_write_import_gpos writes.
 *
 * The script needs the module ExchangeOnlineManagement and signs in with
 * Connect-IPPSSession and Connect-ExchangeOnline unless the session has
 * those connections already.  It creates the policy PhishSimOverridePolicy
 * when there is none; creates its rule when there is none, or else adds
 * to and removes from the rule's lists so that they hold exactly the
 * domains given here and the ranges of its -SenderIpRanges; and adds an
 * allow entry with no expiry to the Tenant Allow/Block List
 * (AdvancedDelivery) for each URL given here that has none, leaving the
 * other entries alone.  It refuses to go on when there is more than one
 * rule.  It supports -WhatIf and -Confirm, says what it left as it was
 * (run again, it changes nothing), prints a summary and exits 1, with a
 * message, on any failure.
 *
 * domains are the MAIL FROM or DKIM domains of the simulation mail and
 * urls the Tenant Allow/Block List entries of its pages, each written
 * into the script as a literal.  ip_ranges become the default of
 * -SenderIpRanges; with nips 0 the parameter is mandatory and the script
 * holds no address outside its help (whose examples use 203.0.113.0/24,
 * from RFC 5737), since only the vendor of the simulations knows them.
 * The script checks each -SenderIpRanges entry as ps_valid_ip_range
 * does, and takes at most PS_DEFENDER_MAX_LIST of them.
 *
 * Nothing is written unless every entry is valid.  Returns GPF_OK;
 * GPF_DATAERR when there is no domain or no URL, a list has more than
 * PS_DEFENDER_MAX_LIST entries, an entry is missing, empty, not valid
 * UTF-8, holds what ps_visible_span stops at or is listed twice
 * in its list (ignoring ASCII case, as the script compares), or an IP
 * range is not valid for ps_valid_ip_range; GPF_IOERR when writing
 * fails.
 */
int ps_write_defender(FILE *out, const char *name, const char *const *domains,
		      size_t ndomains, const char *const *ip_ranges,
		      size_t nips, const char *const *urls, size_t nurls,
		      struct gpf_error *err);

#endif
