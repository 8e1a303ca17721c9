/*
 * admx_lint.h - checks on loaded administrative templates.
 *
 * Finds what makes a template misbehave in an editor, a GPO or Intune:
 * references that resolve to nothing, presentation controls and elements
 * that do not meet, duplicate names, category chains that break or loop,
 * empty enums, defaults outside their limits, and `using` prefixes no
 * loaded file defines.  With the Intune rules it adds what ADMX ingestion
 * rejects: registry keys outside the allowed locations, namespace-
 * prefixed parent categories, and names with characters an OMA-URI
 * cannot carry.
 *
 * Ownership: the report owns its finding strings.
 */
#ifndef ADMX_LINT_H
#define ADMX_LINT_H

#include "admx.h"

struct lint_report {
	char **findings; /* "FILE:LINE: what" */
	size_t count;
};

void admx_lint(const struct admx_set *set, int intune,
	       struct lint_report *report);

/*
 * Whether Intune's ADMX ingestion accepts a policy writing under key
 * (which is relative to HKLM or HKCU).
 */
int admx_intune_key_allowed(const char *key);

void lint_report_free(struct lint_report *report);

#endif
