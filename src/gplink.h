/*
 * gplink.h - the gPLink attribute: which GPOs an OU (or a domain or a
 * site) links, in what order and how.
 *
 *	[LDAP://cn={GUID},cn=policies,cn=system,DC=corp,DC=example,DC=com;0]
 *
 * One bracketed entry per link: the GPO's distinguished name and its
 * options (0 enabled, 1 link disabled, 2 enforced, 3 both).  The entry
 * written last has link order 1, the highest precedence, so a link
 * added at the front comes last in precedence, as the Group Policy
 * Management Console adds one.
 *
 * Ownership: a gplink owns its entries' text; gplink_free releases it.
 */
#ifndef GPLINK_H
#define GPLINK_H

#include <stddef.h>

#include "gpf_error.h"

struct gplink_entry {
	char *dn; /* as written, without LDAP:// */
	unsigned options;
};

struct gplink {
	struct gplink_entry *items;
	size_t count;
};

/*
 * Reads text (NULL or blank: no links).  A malformed entry fails with
 * GPF_DATAERR and err saying "gPLink of WHERE: what is wrong".
 */
int gplink_parse(const char *text, const char *where, struct gplink *out,
		 struct gpf_error *err);

/*
 * The index of the entry for the GPO whose distinguished name is dn, or
 * -1.  Two names match when their first RDNs hold the same GUID,
 * whatever the case, or else when they are equal without regard to
 * case.
 */
long gplink_find(const struct gplink *g, const char *dn);

/*
 * Adds a link to dn with options at the front, unless one is there
 * already.  Returns 1 when added, 0 when it was there.
 */
int gplink_add(struct gplink *g, const char *dn, unsigned options);

/* The attribute text for g, malloc'd ("" for no links). */
char *gplink_format(const struct gplink *g);

void gplink_free(struct gplink *g);

#endif
