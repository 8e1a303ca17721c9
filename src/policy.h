/*
 * policy.h - a policy set to a state, and what that does to the registry.
 *
 * A policy_setting is one ADMX policy, Enabled or Disabled, for the User
 * or the Machine side, with a value for each of its elements.  It is what
 * the settings file, and later the sender-list build, produce; every
 * writer (registry.pol, Intune) starts from it.
 *
 * The registry semantics follow what Group Policy editors write:
 * Enabled writes the policy value (enabledValue or REG_DWORD 1), then its
 * enabledList, then each element in ADMX order; Disabled writes the
 * disabledValue (or deletes the value), the disabledList, and deletes
 * each element's value (lists: all values of their key).
 *
 * Ownership: a setting owns its values; policy points into an admx_set
 * that must outlive it.
 */
#ifndef POLICY_H
#define POLICY_H

#include "admx.h"
#include "regops.h"

enum policy_state { POLICY_ENABLED = 1, POLICY_DISABLED = 2 };

struct element_value {
	int given;
	long line;	 /* where the settings file gave it */
	uint64_t number; /* decimal, longDecimal */
	int checked;	 /* boolean */
	size_t item;	 /* enum: index into the items */
	char *text;	 /* text */
	char **strings;	 /* multiText, list; for an explicit-
			  * Value list: name, data, name, ... */
	size_t count;
};

struct policy_setting {
	const struct admx_policy *policy;
	enum policy_state state;
	enum admx_class class;	      /* ADMX_USER or ADMX_MACHINE */
	struct element_value *values; /* one per element, or NULL to
				       * describe writes with placeholders */
	long line;
};

/*
 * Appends the registry operations of s to out.  Elements without a
 * value are not written, except a boolean, which then takes its check
 * box's default (unchecked unless the ADML says defaultChecked).
 */
int policy_registry_ops(const struct policy_setting *s, struct regop_list *out,
			struct gpf_error *err);

/*
 * Whether boolean element i of s is checked: its value when given, else
 * its check box's default.
 */
int policy_element_checked(const struct policy_setting *s, size_t i);

/* Frees what s owns (its values), not s itself. */
void policy_setting_clear(struct policy_setting *s);

#endif
