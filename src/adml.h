/*
 * adml.h - ADML resource files: the string and presentation tables of
 * one ADMX in one language.
 */
#ifndef ADML_H
#define ADML_H

#include "admx.h"

/*
 * Reads the ADML at path into file's strings and presentations, sorted
 * by id for lookup.  On failure err names the file and line.
 */
int adml_load(struct admx_file *file, const char *path, struct gpf_error *err);

/* The same from len bytes of ADML text, called name in messages. */
int adml_load_memory(struct admx_file *file, const void *text, size_t len,
		     const char *name, struct gpf_error *err);

/*
 * The ADML for the ADMX at admx_path in lang: LANG/BASE.adml beside it,
 * names matched case-insensitively, falling back to en-US.  Returns a
 * malloc'd path, or NULL when there is none.
 */
char *adml_find(const char *admx_path, const char *lang);

/* Lookups in file's sorted tables; NULL when absent. */
const struct admx_string *adml_string(const struct admx_file *file,
				      const char *id, size_t len);
const struct admx_presentation *adml_presentation(const struct admx_file *file,
						  const char *id, size_t len);

/* Frees what adml_load added to file. */
void adml_free(struct admx_file *file);

#endif
