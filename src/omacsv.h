/*
 * omacsv.h - oma-uri.csv: an Intune profile's rows as a table, for
 * admins who type them into the portal.
 *
 * Columns Name, Description, OMA-URI, Data type, Value; RFC 4180 (every
 * field quoted by libcsv, CRLF between records).  A cell that starts
 * with '=', '+', '-', '@', a tab or a carriage return gets a leading
 * apostrophe, so a spreadsheet shows it instead of running it.
 */
#ifndef OMACSV_H
#define OMACSV_H

#include <stdio.h>

#include "gpf_error.h"
#include "intune.h"

int omacsv_write(FILE *out, const char *name, const struct intune_profile *p,
		 struct gpf_error *err);

/* Writes one record of count cells, neutralising formula-like cells. */
int csv_write_record(FILE *out, const char *const *cells, size_t count);

#endif
