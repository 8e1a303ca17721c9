/*
 * regpol_json.h - registry.pol records as JSON Lines.
 *
 * One JSON object per record and line: offset, config, key, value, type,
 * size, action (as in LGPO text) and data, whose form follows the type:
 * a string for REG_SZ and REG_EXPAND_SZ, an array of strings for
 * REG_MULTI_SZ, a number for the DWORD and QWORD types, and lower-case
 * hex for REG_BINARY and REG_NONE.  Unlike LGPO text it can hold any
 * record, line breaks included.
 */
#ifndef REGPOL_JSON_H
#define REGPOL_JSON_H

#include <stdio.h>

#include "gpf_error.h"
#include "lgpo.h"
#include "regpol.h"

int regpol_json_record(FILE *out, enum lgpo_config config,
		       const struct regpol_record *rec, struct gpf_error *err);

#endif
