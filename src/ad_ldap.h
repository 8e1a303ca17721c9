/*
 * ad_ldap.h - a session with a domain controller's directory, through
 * OpenLDAP's libldap.
 *
 * A session is bound before it is returned: with SASL GSSAPI and the
 * Kerberos ticket from kinit, or with a simple bind and a password over
 * StartTLS (port 389) or LDAPS (636), the certificate checked against
 * the system's CAs or a given file.  Referrals are not followed; every
 * failure names the server.
 *
 * Ownership: the session copies nothing it is given; the login must
 * outlive it.  Search results are lent to the callback for the call.
 */
#ifndef AD_LDAP_H
#define AD_LDAP_H

#include <stddef.h>

#include "gpf_buf.h"
#include "gpf_error.h"

/* How to reach and log on to the domain controller. */
struct ad_login {
	const char *server; /* host name or address (LDAP and SMB) */
	const char *domain; /* the domain's DNS name */
	int ldaps;	    /* LDAPS on 636, not StartTLS on 389 */
	int kerberos;	    /* SASL GSSAPI / SMB with the kinit ticket */
	const char *user;   /* for a password: NAME, NAME@REALM, DOM\NAME */
	const char *password;
	const char *ca_cert; /* NULL: the system's CAs */
	int insecure_tls;    /* no certificate check at all */
	int timeout;	     /* seconds, per connection and operation */
};

struct ad_ldap;

/* Connects, secures and binds.  Failures have status GPF_UNAVAILABLE. */
int ad_ldap_open(struct ad_ldap **lp, const struct ad_login *login,
		 struct gpf_error *err);

void ad_ldap_close(struct ad_ldap *l);

enum ad_scope { AD_BASE, AD_ONELEVEL };

/*
 * Called once per entry found: values[i] is the NULL-ended list of the
 * values of attrs[i], or NULL when the entry has none.  A non-zero
 * return stops the search and becomes its status.
 */
typedef int (*ad_entry_fn)(void *arg, const char *dn, char **const *values);

/*
 * Searches below (or at) base, a page at a time.  When base itself does
 * not exist, *missing is set (if not NULL) and GPF_OK returned.
 */
int ad_ldap_search(struct ad_ldap *l, const char *base, enum ad_scope scope,
		   const char *filter, const char *const *attrs,
		   ad_entry_fn each, void *arg, int *missing,
		   struct gpf_error *err);

/* The owner, group and DACL of dn's nTSecurityDescriptor, binary. */
int ad_ldap_read_sd(struct ad_ldap *l, const char *dn, struct gpf_buf *out,
		    struct gpf_error *err);

enum ad_op { AD_ADD, AD_DELETE, AD_REPLACE };

/* One attribute change: op name: value. */
struct ad_mod {
	enum ad_op op;
	const char *name;
	const char *value;
};

/* Adds the entry dn with the count attributes (ops ignored). */
int ad_ldap_add(struct ad_ldap *l, const char *dn, const struct ad_mod *attrs,
		size_t count, struct gpf_error *err);

/*
 * Applies the count changes to dn in one operation: all or none.  A
 * delete of the old value before an add of the new one makes the change
 * fail when someone else changed the value meanwhile.
 */
int ad_ldap_modify(struct ad_ldap *l, const char *dn, const struct ad_mod *mods,
		   size_t count, struct gpf_error *err);

/* "DC=corp,DC=example,DC=com" for "corp.example.com", malloc'd. */
char *ad_domain_dn(const char *domain);

/* The name a simple bind uses for user: NAME@DOMAIN for a bare name. */
char *ad_bind_name(const char *user, const char *domain);

#endif
