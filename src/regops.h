/*
 * regops.h - registry operations: what a policy setting does to the
 * registry, before any file format is chosen.
 *
 * A regop is one registry.pol record in the making: key, value name,
 * type and data.  Policy semantics produce them (policy.c); writers turn
 * them into registry.pol files or describe them.  A regop may carry a
 * placeholder instead of data, to describe a write whose value is not
 * known yet ("admx show").
 *
 * Ownership: the list owns its operations and their strings and data.
 */
#ifndef REGOPS_H
#define REGOPS_H

#include <stdint.h>
#include <stdio.h>

#include "admx.h"
#include "gpf_buf.h"
#include "gpf_error.h"

struct regop {
	enum admx_class class; /* ADMX_USER or ADMX_MACHINE */
	char *key;
	char *value;
	uint32_t type;
	struct gpf_buf data; /* registry bytes */
	char *placeholder;   /* non-NULL: data not known yet */
};

struct regop_list {
	struct regop *ops;
	size_t count;
};

/* Appends an operation with no data yet; returns it for filling. */
struct regop *regops_add(struct regop_list *list, enum admx_class class,
			 const char *key, const char *value, uint32_t type);

/* Data fillers: UTF-16LE strings with their NUL, numbers LE. */
int regop_set_string(struct regop *op, const char *text);
int regop_set_multi_string(struct regop *op, const char *const *strings,
			   size_t count);
void regop_set_dword(struct regop *op, uint32_t n);
void regop_set_qword(struct regop *op, uint64_t n);

/* Adds **del.VALUE / **delvals. as GPMC writes them (REG_SZ " "). */
void regops_delete_value(struct regop_list *list, enum admx_class class,
			 const char *key, const char *value);
void regops_delete_all_values(struct regop_list *list, enum admx_class class,
			      const char *key);

/* How many operations are for class. */
size_t regops_count(const struct regop_list *list, enum admx_class class);

/*
 * Writes the operations for class as a registry.pol to out (named name
 * in messages).  Placeholders are an error.
 */
int regops_write_pol(const struct regop_list *list, enum admx_class class,
		     FILE *out, const char *name, struct gpf_error *err);

/*
 * The data of op as a person reads it: "delete value", "delete all
 * values", or the data as LGPO text shows it (<ID> for a placeholder),
 * after its registry type when with_type is set.
 */
void regop_print_data(const struct regop *op, int with_type, FILE *out);

/* One line per operation: "HKCU\key\value = REG_SZ text". */
void regops_describe(const struct regop_list *list, FILE *out,
		     const char *indent);

void regops_free(struct regop_list *list);

#endif
