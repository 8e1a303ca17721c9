/*
 * regpol.h - the registry.pol ("PReg") file format.
 *
 * A registry.pol file is an 8-byte header ("PReg", version 1) followed by
 * records [key;value;type;size;data], all punctuation and names in
 * UTF-16LE.  The reader streams records one at a time, so memory does not
 * grow with the file; the writer appends records to a stdio stream.
 *
 * Ownership: a record returned by regpol_reader_next belongs to the
 * reader and stays valid until the next call or regpol_reader_free.
 * Strings are UTF-8; data is the raw bytes of the file.
 */
#ifndef REGPOL_H
#define REGPOL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gpf_error.h"

enum regpol_type {
	REG_NONE = 0,
	REG_SZ = 1,
	REG_EXPAND_SZ = 2,
	REG_BINARY = 3,
	REG_DWORD = 4,
	REG_DWORD_BIG_ENDIAN = 5,
	REG_MULTI_SZ = 7,
	REG_QWORD = 11
};

#define REGPOL_HEADER_SIZE    8
#define REGPOL_MAX_VALUE_NAME 259   /* UTF-16 units, per MS-GPREG */
#define REGPOL_MAX_DATA	      65535 /* bytes, per MS-GPREG */

struct regpol_record {
	const char *key;   /* UTF-8 */
	const char *value; /* UTF-8; "" for the default value */
	uint32_t type;
	uint32_t size;
	const unsigned char *data; /* size bytes, as stored */
	uint64_t offset;	   /* byte offset of the record's '[' */
};

/* "REG_SZ" etc., or NULL for a type this format does not carry. */
const char *regpol_type_name(uint32_t type);

/* --- reading --------------------------------------------------------- */

struct regpol_reader;

/*
 * Opens path (name is what messages call it; NULL means path).  Checks
 * the header.  Returns GPF_OK or a status with err filled.
 */
int regpol_reader_open_file(struct regpol_reader **rp, const char *path,
			    const char *name, struct gpf_error *err);

/* Reads from len bytes at buf, which must outlive the reader. */
int regpol_reader_open_buffer(struct regpol_reader **rp, const void *buf,
			      size_t len, const char *name,
			      struct gpf_error *err);

/*
 * Reads the next record into *rec.  Returns 1 for a record, 0 at the end
 * of the file, or -1 with err filled ("NAME: offset N: ...").
 */
int regpol_reader_next(struct regpol_reader *r,
		       const struct regpol_record **rec, struct gpf_error *err);

void regpol_reader_free(struct regpol_reader *r);

/* --- writing --------------------------------------------------------- */

struct regpol_writer;

/*
 * Starts a registry.pol on out (already open for binary writing) and
 * writes the header.  name is used in messages.  The writer does not own
 * out.
 */
int regpol_writer_new(struct regpol_writer **wp, FILE *out, const char *name,
		      struct gpf_error *err);

/*
 * Writes one record with raw data, after checking it as Windows would:
 * a non-empty key, a value name of at most 259 UTF-16 units (not
 * counting a **del. or **soft. prefix), at most 65535 bytes of data,
 * valid UTF-8 names, and data that fits the type.
 */
int regpol_write(struct regpol_writer *w, const char *key, const char *value,
		 uint32_t type, const void *data, uint32_t size,
		 struct gpf_error *err);

/* REG_SZ or REG_EXPAND_SZ from a UTF-8 string (NUL included in size). */
int regpol_write_string(struct regpol_writer *w, const char *key,
			const char *value, uint32_t type, const char *text,
			struct gpf_error *err);

/* REG_MULTI_SZ: each string NUL-ended, then one more NUL. */
int regpol_write_multi_string(struct regpol_writer *w, const char *key,
			      const char *value, const char *const *strings,
			      size_t count, struct gpf_error *err);

int regpol_write_dword(struct regpol_writer *w, const char *key,
		       const char *value, uint32_t n, struct gpf_error *err);
int regpol_write_dword_big_endian(struct regpol_writer *w, const char *key,
				  const char *value, uint32_t n,
				  struct gpf_error *err);
int regpol_write_qword(struct regpol_writer *w, const char *key,
		       const char *value, uint64_t n, struct gpf_error *err);

/*
 * Special records.  **del. and **delvals. are written the way GPMC
 * writes them: REG_SZ with data " ".
 */
int regpol_write_delete_value(struct regpol_writer *w, const char *key,
			      const char *value, struct gpf_error *err);
int regpol_write_delete_all_values(struct regpol_writer *w, const char *key,
				   struct gpf_error *err);
int regpol_write_create_key(struct regpol_writer *w, const char *key,
			    struct gpf_error *err);
/* list is ';'-separated, as stored in the record's REG_SZ data. */
int regpol_write_delete_keys(struct regpol_writer *w, const char *key,
			     const char *list, struct gpf_error *err);
int regpol_write_delete_values(struct regpol_writer *w, const char *key,
			       const char *list, struct gpf_error *err);
int regpol_write_secure_key(struct regpol_writer *w, const char *key,
			    int secure, struct gpf_error *err);

/* Flushes the stream and reports any write error. */
int regpol_writer_finish(struct regpol_writer *w, struct gpf_error *err);
void regpol_writer_free(struct regpol_writer *w);

/* --- special value names --------------------------------------------- */

#define REGPOL_DEL_PREFIX    "**del."
#define REGPOL_DELVALS	     "**delvals."
#define REGPOL_DELETE_VALUES "**DeleteValues"
#define REGPOL_DELETE_KEYS   "**DeleteKeys"
#define REGPOL_SECURE_KEY    "**SecureKey"
#define REGPOL_SOFT_PREFIX   "**soft."

/*
 * The length of a special prefix (**del. or **soft.) that value starts
 * with, matched case-insensitively as Windows does, or 0.
 */
size_t regpol_special_prefix(const char *value);

#endif
