/*
 * ad_ldap.c - LDAP to a domain controller through libldap.
 */
#include "ad_ldap.h"

#include <errno.h>
#include <fcntl.h>
#include <lber.h>
#include <ldap.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Results per page: below the 1000 that Active Directory allows. */
#define PAGE_SIZE 500

/* LDAP_SERVER_SD_FLAGS_OID: which parts of a security descriptor. */
#define SD_FLAGS_OID	    "1.2.840.113556.1.4.801"
#define SD_OWNER_GROUP_DACL 7

struct ad_ldap {
	LDAP *ld;
	const struct ad_login *login;
};

char *
ad_domain_dn(const char *domain)
{
	size_t n = 4 * strlen(domain) + 8, used = 0;
	char *dn = gpf_xrealloc(NULL, n);
	const char *label = domain, *dot;

	dn[0] = '\0';
	while (*label) {
		dot = strchr(label, '.');
		if (dot == NULL)
			dot = label + strlen(label);
		used += (size_t)snprintf(dn + used, n - used, "%sDC=%.*s",
					 used ? "," : "", (int)(dot - label),
					 label);
		label = *dot ? dot + 1 : dot;
	}
	return dn;
}

char *
ad_bind_name(const char *user, const char *domain)
{
	size_t n = strlen(user) + strlen(domain) + 2;
	char *name = gpf_xrealloc(NULL, n);

	if (strchr(user, '@') != NULL || strchr(user, '\\') != NULL)
		snprintf(name, n, "%s", user);
	else
		snprintf(name, n, "%s@%s", user, domain);
	return name;
}

/* The server's own words about the last failure, on one line. */
static void
diagnostic(LDAP *ld, char *out, size_t size)
{
	char *msg = NULL, *p;

	out[0] = '\0';
	if (ld == NULL ||
	    ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &msg) != 0 ||
	    msg == NULL || msg[0] == '\0' ||
	    strcmp(msg, "(unknown error code)") == 0) {
		ldap_memfree(msg);
		return;
	}
	snprintf(out, size, " (%s)", msg);
	for (p = out; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	ldap_memfree(msg);
}

/* Fails with "SERVER: WHAT: LDAP error (server's words)". */
static int
ldap_failure(const struct ad_ldap *l, int rc, const char *what,
	     struct gpf_error *err)
{
	char diag[512];

	diagnostic(l->ld, diag, sizeof(diag));
	if (rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT)
		return gpf_fail(err, GPF_UNAVAILABLE,
				"%s: cannot reach the LDAP server (%s)%s",
				l->login->server, ldap_err2string(rc), diag);
	return gpf_fail(err, GPF_UNAVAILABLE, "%s: %s: %s%s", l->login->server,
			what, ldap_err2string(rc), diag);
}

/* Tries one address within timeout seconds; 0 or an errno value. */
static int
try_connect(const struct addrinfo *ai, int timeout)
{
	struct pollfd p;
	socklen_t len = sizeof(int);
	int fd, e = 0, rc;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK,
		    ai->ai_protocol);
	if (fd < 0)
		return errno;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		e = errno;
		if (e == EINPROGRESS) {
			p.fd = fd;
			p.events = POLLOUT;
			rc = poll(&p, 1, timeout * 1000);
			e = rc == 0 ? ETIMEDOUT : rc < 0 ? errno : 0;
			if (rc > 0 &&
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) != 0)
				e = errno;
		}
	}
	close(fd);
	return e;
}

/*
 * Whether the server's name resolves and its port takes connections,
 * so that what fails later is told apart from an unreachable server.
 */
static int
reach(const struct ad_login *a, int port, struct gpf_error *err)
{
	struct addrinfo hints, *list = NULL, *ai;
	char service[16];
	int rc, e = ENETUNREACH;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	snprintf(service, sizeof(service), "%d", port);
	rc = getaddrinfo(a->server, service, &hints, &list);
	if (rc != 0)
		return gpf_fail(err, GPF_UNAVAILABLE,
				"%s: the server's name does not resolve (%s)",
				a->server, gai_strerror(rc));
	for (ai = list; ai != NULL && e != 0; ai = ai->ai_next)
		e = try_connect(ai, a->timeout);
	freeaddrinfo(list);
	if (e != 0)
		return gpf_fail(err, GPF_UNAVAILABLE,
				"%s: cannot reach the LDAP server on port %d "
				"(%s)",
				a->server, port, strerror(e));
	return GPF_OK;
}

/* A failed TLS handshake, with what the admin can do about it. */
static int
tls_failure(const struct ad_login *a, const char *how, struct gpf_error *err)
{
	return gpf_fail(err, GPF_UNAVAILABLE,
			"%s: %s failed: the server's certificate is not "
			"trusted or not made out to this name (give "
			"--ca-cert FILE, or --insecure-tls on a test domain)",
			a->server, how);
}

static int
set_tls_options(struct ad_ldap *l, struct gpf_error *err)
{
	const struct ad_login *a = l->login;
	int demand =
	    a->insecure_tls ? LDAP_OPT_X_TLS_NEVER : LDAP_OPT_X_TLS_DEMAND;
	int rc, zero = 0;

	rc = ldap_set_option(l->ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand);
	if (rc == LDAP_OPT_SUCCESS && a->ca_cert != NULL)
		rc = ldap_set_option(l->ld, LDAP_OPT_X_TLS_CACERTFILE,
				     a->ca_cert);
	/* The options above take effect in a fresh TLS context. */
	if (rc == LDAP_OPT_SUCCESS)
		rc = ldap_set_option(l->ld, LDAP_OPT_X_TLS_NEWCTX, &zero);
	if (rc != LDAP_OPT_SUCCESS)
		return ldap_failure(l, rc, "cannot set up TLS", err);
	if (a->ldaps)
		return GPF_OK;
	rc = ldap_start_tls_s(l->ld, NULL, NULL);
	if (rc == LDAP_CONNECT_ERROR)
		return tls_failure(a, "StartTLS", err);
	if (rc != LDAP_SUCCESS)
		return ldap_failure(l, rc, "StartTLS failed", err);
	return GPF_OK;
}

static int
set_options(struct ad_ldap *l, struct gpf_error *err)
{
	struct timeval tv = { l->login->timeout, 0 };
	int version = LDAP_VERSION3;

	if (ldap_set_option(l->ld, LDAP_OPT_PROTOCOL_VERSION, &version) !=
		LDAP_OPT_SUCCESS ||
	    ldap_set_option(l->ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF) !=
		LDAP_OPT_SUCCESS ||
	    ldap_set_option(l->ld, LDAP_OPT_NETWORK_TIMEOUT, &tv) !=
		LDAP_OPT_SUCCESS ||
	    ldap_set_option(l->ld, LDAP_OPT_TIMEOUT, &tv) != LDAP_OPT_SUCCESS)
		return gpf_fail(err, GPF_UNAVAILABLE,
				"%s: cannot set the LDAP options",
				l->login->server);
	return GPF_OK;
}

/*
 * GSSAPI asks nothing a caller must answer: the ticket names the user,
 * and no prompt needs a value beyond its default.
 */
static int
no_prompts(LDAP *ld, unsigned flags, void *defaults, void *interact)
{
	(void)ld, (void)flags, (void)defaults, (void)interact;
	return LDAP_SUCCESS;
}

static int
bind_kerberos(struct ad_ldap *l, struct gpf_error *err)
{
	char diag[512];
	int rc;

	/* The ticket is for the name given, not what reverse DNS says. */
	rc = ldap_set_option(l->ld, LDAP_OPT_X_SASL_NOCANON, LDAP_OPT_ON);
	/* Over LDAPS the TLS layer protects; Active Directory refuses a
	 * SASL layer inside it. */
	if (rc == LDAP_OPT_SUCCESS && l->login->ldaps)
		rc = ldap_set_option(l->ld, LDAP_OPT_X_SASL_SECPROPS,
				     "maxssf=0");
	if (rc == LDAP_OPT_SUCCESS)
		rc = ldap_sasl_interactive_bind_s(l->ld, NULL, "GSSAPI", NULL,
						  NULL, LDAP_SASL_QUIET,
						  no_prompts, NULL);
	if (rc != LDAP_SUCCESS && l->login->ldaps &&
	    (rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR))
		return tls_failure(l->login, "LDAPS", err);
	if (rc == LDAP_SUCCESS)
		return GPF_OK;
	diagnostic(l->ld, diag, sizeof(diag));
	if (rc == LDAP_STRONG_AUTH_REQUIRED && l->login->ldaps)
		return gpf_fail(err, GPF_UNAVAILABLE,
				"%s: Kerberos bind over LDAPS refused%s; a "
				"Samba DC allows it only with 'ldap server "
				"require strong auth = allow_sasl_over_tls': "
				"leave out --ldaps",
				l->login->server, diag);
	return gpf_fail(err, GPF_UNAVAILABLE,
			"%s: Kerberos (GSSAPI) bind refused: %s%s; is there a "
			"ticket (kinit), and is --server the DC's host name?",
			l->login->server, ldap_err2string(rc), diag);
}

static int
bind_password(struct ad_ldap *l, struct gpf_error *err)
{
	const struct ad_login *a = l->login;
	char *name = ad_bind_name(a->user, a->domain);
	char what[512];
	struct berval cred;
	int rc;

	cred.bv_val = (char *)a->password;
	cred.bv_len = strlen(a->password);
	rc = ldap_sasl_bind_s(l->ld, name, LDAP_SASL_SIMPLE, &cred, NULL, NULL,
			      NULL);
	snprintf(what, sizeof(what), "bind as %s refused", name);
	free(name);
	if (rc == LDAP_SUCCESS)
		return GPF_OK;
	/* The port answered a moment ago: a lost LDAPS connection is TLS. */
	if (a->ldaps && (rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR))
		return tls_failure(a, "LDAPS", err);
	return ldap_failure(l, rc, what, err);
}

/* One connection: opened, secured and bound. */
static int
connect_and_bind(struct ad_ldap *l, struct gpf_error *err)
{
	const struct ad_login *login = l->login;
	int bracket = strchr(login->server, ':') != NULL, status;
	char uri[512];

	snprintf(uri, sizeof(uri), "%s://%s%s%s:%d",
		 login->ldaps ? "ldaps" : "ldap", bracket ? "[" : "",
		 login->server, bracket ? "]" : "", login->ldaps ? 636 : 389);
	if (ldap_initialize(&l->ld, uri) != LDAP_SUCCESS) {
		l->ld = NULL;
		return gpf_fail(err, GPF_UNAVAILABLE,
				"%s: not a usable LDAP address (%s)",
				login->server, uri);
	}
	status = set_options(l, err);
	/* Kerberos protects plain LDAP itself; a password needs TLS. */
	if (status == GPF_OK && (login->ldaps || !login->kerberos))
		status = set_tls_options(l, err);
	if (status == GPF_OK)
		status = login->kerberos ? bind_kerberos(l, err)
					 : bind_password(l, err);
	return status;
}

int
ad_ldap_open(struct ad_ldap **lp, const struct ad_login *login,
	     struct gpf_error *err)
{
	struct ad_ldap *l = gpf_xrealloc(NULL, sizeof(*l));
	int status;

	*lp = NULL;
	memset(l, 0, sizeof(*l));
	l->login = login;
	status = reach(login, login->ldaps ? 636 : 389, err);
	if (status == GPF_OK)
		status = connect_and_bind(l, err);
	if (status != GPF_OK) {
		ad_ldap_close(l);
		return status;
	}
	*lp = l;
	return GPF_OK;
}

void
ad_ldap_close(struct ad_ldap *l)
{
	if (l == NULL)
		return;
	if (l->ld != NULL)
		ldap_unbind_ext_s(l->ld, NULL, NULL);
	free(l);
}

/* The values of attr in e as NUL-ended strings, or NULL for none. */
static char **
entry_values(LDAP *ld, LDAPMessage *e, const char *attr)
{
	struct berval **bv = ldap_get_values_len(ld, e, attr);
	char **out;
	size_t i, n = (size_t)ldap_count_values_len(bv);

	if (bv == NULL || n == 0) {
		ldap_value_free_len(bv);
		return NULL;
	}
	out = gpf_xrealloc(NULL, (n + 1) * sizeof(*out));
	for (i = 0; i < n; i++) {
		out[i] = gpf_xrealloc(NULL, bv[i]->bv_len + 1);
		memcpy(out[i], bv[i]->bv_val, bv[i]->bv_len);
		out[i][bv[i]->bv_len] = '\0';
	}
	out[n] = NULL;
	ldap_value_free_len(bv);
	return out;
}

static void
free_values(char **values)
{
	size_t i;

	for (i = 0; values != NULL && values[i] != NULL; i++)
		free(values[i]);
	free(values);
}

/* Hands each entry of a result to each; its status, or GPF_OK. */
static int
deliver(struct ad_ldap *l, LDAPMessage *res, const char *const *attrs,
	ad_entry_fn each, void *arg)
{
	LDAPMessage *e;
	char ***values;
	char *dn;
	size_t i, n;
	int status = GPF_OK;

	for (n = 0; attrs[n] != NULL; n++)
		;
	values = gpf_xrealloc(NULL, (n + 1) * sizeof(*values));
	for (e = ldap_first_entry(l->ld, res); e && status == GPF_OK;
	     e = ldap_next_entry(l->ld, e)) {
		dn = ldap_get_dn(l->ld, e);
		for (i = 0; i < n; i++)
			values[i] = entry_values(l->ld, e, attrs[i]);
		status = each(arg, dn ? dn : "", values);
		for (i = 0; i < n; i++)
			free_values(values[i]);
		ldap_memfree(dn);
	}
	free(values);
	return status;
}

/* The paging cookie the server returned with res (empty: last page). */
static void
next_cookie(LDAP *ld, LDAPMessage *res, struct berval *cookie)
{
	LDAPControl **returned = NULL, *page;
	ber_int_t estimate;
	int code;

	ber_memfree(cookie->bv_val);
	cookie->bv_val = NULL;
	cookie->bv_len = 0;
	if (ldap_parse_result(ld, res, &code, NULL, NULL, NULL, &returned, 0) !=
	    LDAP_SUCCESS)
		return;
	page = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, returned, NULL);
	if (page != NULL)
		ldap_parse_pageresponse_control(ld, page, &estimate, cookie);
	ldap_controls_free(returned);
}

int
ad_ldap_search(struct ad_ldap *l, const char *base, enum ad_scope scope,
	       const char *filter, const char *const *attrs, ad_entry_fn each,
	       void *arg, int *missing, struct gpf_error *err)
{
	struct timeval tv = { l->login->timeout, 0 };
	struct berval cookie = { 0, NULL };
	LDAPControl *page = NULL, *controls[2] = { NULL, NULL };
	LDAPMessage *res = NULL;
	char what[1024];
	int rc, status = GPF_OK;

	if (missing != NULL)
		*missing = 0;
	snprintf(what, sizeof(what), "search of %s failed", base);
	do {
		rc = ldap_create_page_control(
		    l->ld, PAGE_SIZE, cookie.bv_val ? &cookie : NULL, 0, &page);
		if (rc != LDAP_SUCCESS) {
			/* After the first page, the cookie is still held. */
			status = ldap_failure(l, rc, what, err);
			break;
		}
		controls[0] = page;
		rc = ldap_search_ext_s(l->ld, base,
				       scope == AD_BASE ? LDAP_SCOPE_BASE
							: LDAP_SCOPE_ONELEVEL,
				       filter, (char **)attrs, 0, controls,
				       NULL, &tv, LDAP_NO_LIMIT, &res);
		ldap_control_free(page);
		if (rc == LDAP_NO_SUCH_OBJECT && missing != NULL) {
			*missing = 1;
		} else if (rc != LDAP_SUCCESS) {
			status = ldap_failure(l, rc, what, err);
		} else {
			status = deliver(l, res, attrs, each, arg);
			next_cookie(l->ld, res, &cookie);
		}
		ldap_msgfree(res);
		res = NULL;
	} while (status == GPF_OK && rc == LDAP_SUCCESS && cookie.bv_len > 0);
	ber_memfree(cookie.bv_val);
	return status;
}

int
ad_ldap_read_sd(struct ad_ldap *l, const char *dn, struct gpf_buf *out,
		struct gpf_error *err)
{
	static const char *const attrs[] = { "nTSecurityDescriptor", NULL };
	struct timeval tv = { l->login->timeout, 0 };
	BerElement *ber = ber_alloc_t(LBER_USE_DER);
	LDAPControl *flags = NULL, *controls[2] = { NULL, NULL };
	LDAPMessage *res = NULL, *e;
	struct berval value, **sd = NULL;
	char what[1024];
	int rc;

	snprintf(what, sizeof(what), "cannot read the ACL of %s", dn);
	if (ber == NULL || ber_printf(ber, "{i}", SD_OWNER_GROUP_DACL) < 0 ||
	    ber_flatten2(ber, &value, 0) < 0) {
		ber_free(ber, 1);
		return gpf_fail(err, GPF_UNAVAILABLE,
				"%s: %s: cannot encode "
				"the control",
				l->login->server, what);
	}
	rc = ldap_control_create(SD_FLAGS_OID, 1, &value, 1, &flags);
	controls[0] = flags;
	if (rc == LDAP_SUCCESS)
		rc = ldap_search_ext_s(l->ld, dn, LDAP_SCOPE_BASE,
				       "(objectClass=*)", (char **)attrs, 0,
				       controls, NULL, &tv, 1, &res);
	if (rc == LDAP_SUCCESS && (e = ldap_first_entry(l->ld, res)) != NULL)
		sd = ldap_get_values_len(l->ld, e, attrs[0]);
	if (sd != NULL && sd[0] != NULL)
		gpf_buf_append(out, sd[0]->bv_val, sd[0]->bv_len);
	else if (rc == LDAP_SUCCESS)
		rc = LDAP_INSUFFICIENT_ACCESS;
	ldap_value_free_len(sd);
	ldap_msgfree(res);
	ldap_control_free(flags);
	ber_free(ber, 1);
	return rc == LDAP_SUCCESS ? GPF_OK : ldap_failure(l, rc, what, err);
}

/* The LDAPMod list for count changes; free with free_mods. */
static LDAPMod **
make_mods(const struct ad_mod *m, size_t count, int add)
{
	LDAPMod **mods = gpf_xrealloc(NULL, (count + 1) * sizeof(*mods));
	size_t i;

	for (i = 0; i < count; i++) {
		mods[i] = gpf_xrealloc(NULL, sizeof(**mods));
		mods[i]->mod_op = add || m[i].op == AD_ADD ? LDAP_MOD_ADD
				  : m[i].op == AD_DELETE   ? LDAP_MOD_DELETE
							   : LDAP_MOD_REPLACE;
		mods[i]->mod_type = (char *)m[i].name;
		mods[i]->mod_values = gpf_xrealloc(NULL, 2 * sizeof(char *));
		mods[i]->mod_values[0] = (char *)m[i].value;
		mods[i]->mod_values[1] = NULL;
	}
	mods[count] = NULL;
	return mods;
}

static void
free_mods(LDAPMod **mods)
{
	size_t i;

	for (i = 0; mods[i] != NULL; i++) {
		free(mods[i]->mod_values);
		free(mods[i]);
	}
	free(mods);
}

int
ad_ldap_add(struct ad_ldap *l, const char *dn, const struct ad_mod *attrs,
	    size_t count, struct gpf_error *err)
{
	LDAPMod **mods = make_mods(attrs, count, 1);
	char what[1024];
	int rc = ldap_add_ext_s(l->ld, dn, mods, NULL, NULL);

	free_mods(mods);
	snprintf(what, sizeof(what), "cannot add %s", dn);
	return rc == LDAP_SUCCESS ? GPF_OK : ldap_failure(l, rc, what, err);
}

int
ad_ldap_modify(struct ad_ldap *l, const char *dn, const struct ad_mod *mods,
	       size_t count, struct gpf_error *err)
{
	LDAPMod **m = make_mods(mods, count, 0);
	char what[1024];
	int rc = ldap_modify_ext_s(l->ld, dn, m, NULL, NULL);

	free_mods(m);
	snprintf(what, sizeof(what), "cannot change %s", dn);
	return rc == LDAP_SUCCESS ? GPF_OK : ldap_failure(l, rc, what, err);
}
