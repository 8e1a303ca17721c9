/*
 * lgpo.h - the LGPO text form of registry.pol.
 *
 * Microsoft's LGPO.exe prints a registry.pol as text (/parse) and builds
 * one from text (/r ... /w).  Each record is four lines: the configuration
 * (Computer or User), the key, the value name and an action such as
 * DWORD:1 or SZ:text; lines starting with ';' are comments.  gpforge adds
 * two actions LGPO lacks, DWORDBE:n (REG_DWORD_BIG_ENDIAN) and NONE:hex
 * (REG_NONE with a name or data), so that every record has a text form.
 */
#ifndef LGPO_H
#define LGPO_H

#include <stdio.h>

#include "gpf_error.h"
#include "regpol.h"

enum lgpo_config {
	LGPO_ANY = 0, /* no --config given */
	LGPO_COMPUTER,
	LGPO_USER
};

/* "Computer" or "User". */
const char *lgpo_config_name(enum lgpo_config config);

/*
 * The action word a record is shown with: DWORD, SZ, DELETE, CREATEKEY,
 * ...  Special names count only in the exact form GPMC writes, so that a
 * record shown as DELETE compiles back to the very same bytes.
 */
const char *lgpo_record_action(const struct regpol_record *rec);

/* The leading comment lines of a dump of source. */
int lgpo_dump_header(FILE *out, enum lgpo_config config, const char *source);

/*
 * One record as four lines and a blank one.  Fails (GPF_DATAERR, naming
 * name and the record's offset) for what the text form cannot hold: line
 * breaks, NULs inside a string, or "\0" inside a REG_MULTI_SZ string.
 */
int lgpo_dump_record(FILE *out, enum lgpo_config config,
		     const struct regpol_record *rec, const char *name,
		     struct gpf_error *err);

int lgpo_dump_footer(FILE *out);

/* Only the data of rec as its action line shows it (after the ':'). */
int lgpo_dump_data(FILE *out, const struct regpol_record *rec, const char *name,
		   struct gpf_error *err);

/*
 * Reads the LGPO text file at path (called name in messages) and writes
 * the registry.pol for it to out (named outname), keeping only records of
 * config unless it is LGPO_ANY, in which case a file mixing Computer and
 * User records is an error naming the first line of the second kind.
 * out must be a seekable file: CLEAR rewrites it.
 */
int lgpo_compile(const char *path, const char *name, enum lgpo_config config,
		 FILE *out, const char *outname, struct gpf_error *err);

/* The same from len bytes of text, called name in messages. */
int lgpo_compile_text(const char *text, size_t len, const char *name,
		      enum lgpo_config config, FILE *out, const char *outname,
		      struct gpf_error *err);

#endif
