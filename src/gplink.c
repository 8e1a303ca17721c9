/*
 * gplink.c - reading and extending gPLink values.
 */
#include "gplink.h"
#include "gpf_buf.h"
#include "ids.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LDAP_PREFIX "LDAP://"

static void
push(struct gplink *g, const char *dn, size_t len, unsigned options)
{
	struct gplink_entry *e;

	g->items = gpf_xrealloc(g->items, (g->count + 1) * sizeof(*g->items));
	e = &g->items[g->count++];
	e->dn = gpf_xrealloc(NULL, len + 1);
	memcpy(e->dn, dn, len);
	e->dn[len] = '\0';
	e->options = options;
}

/* One "[LDAP://DN;N]" at *p; returns NULL or why it is malformed. */
static const char *
read_entry(const char **p, struct gplink *g)
{
	const char *s = *p, *close, *semi;
	unsigned long options = 0;
	size_t i;

	if (*s != '[')
		return "an entry does not start with '['";
	s++;
	if (strncasecmp(s, LDAP_PREFIX, strlen(LDAP_PREFIX)) != 0)
		return "an entry does not start with [LDAP://";
	s += strlen(LDAP_PREFIX);
	if ((close = strchr(s, ']')) == NULL)
		return "an entry has no closing ']'";

	/* The options follow the last ';': a DN may hold escaped ones. */
	for (semi = NULL, i = 0; s + i < close; i++)
		if (s[i] == ';')
			semi = s + i;
	if (semi == NULL || semi == s)
		return "an entry has no GPO name or no ';' before its options";
	if (semi + 1 == close)
		return "an entry has no options after ';'";
	for (i = 1; semi + i < close; i++) {
		if (!isdigit((unsigned char)semi[i]) || options > 0xffff)
			return "an entry's options are not a small number";
		options = options * 10 + (unsigned long)(semi[i] - '0');
	}
	push(g, s, (size_t)(semi - s), (unsigned)options);
	*p = close + 1;
	return NULL;
}

int
gplink_parse(const char *text, const char *where, struct gplink *out,
	     struct gpf_error *err)
{
	const char *p = text ? text : "", *why;

	out->items = NULL;
	out->count = 0;
	while (*p) {
		/* Blank space between entries is tolerated, as Windows does. */
		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		if ((why = read_entry(&p, out)) != NULL) {
			gplink_free(out);
			return gpf_fail(err, GPF_DATAERR,
					"gPLink of %s: %s (at byte %zu)", where,
					why, (size_t)(p - text));
		}
	}
	return GPF_OK;
}

/* The GUID in braces that the first RDN of dn holds, or NULL. */
static const char *
dn_guid(const char *dn)
{
	const char *eq = strchr(dn, '=');

	if (eq == NULL || strcspn(dn, ",") < (size_t)(eq - dn))
		return NULL;
	eq++;
	while (*eq == ' ')
		eq++;
	if (*eq != '{' || strlen(eq) < GUID_TEXT_SIZE - 1 ||
	    eq[GUID_TEXT_SIZE - 2] != '}')
		return NULL;
	return eq;
}

static int
same_gpo(const char *a, const char *b)
{
	const char *ga = dn_guid(a), *gb = dn_guid(b);

	if (ga != NULL && gb != NULL)
		return strncasecmp(ga, gb, GUID_TEXT_SIZE - 1) == 0;
	return strcasecmp(a, b) == 0;
}

long
gplink_find(const struct gplink *g, const char *dn)
{
	size_t i;

	for (i = 0; i < g->count; i++)
		if (same_gpo(g->items[i].dn, dn))
			return (long)i;
	return -1;
}

int
gplink_add(struct gplink *g, const char *dn, unsigned options)
{
	struct gplink_entry added;

	if (gplink_find(g, dn) >= 0)
		return 0;
	push(g, dn, strlen(dn), options);
	added = g->items[g->count - 1];
	memmove(g->items + 1, g->items, (g->count - 1) * sizeof(*g->items));
	g->items[0] = added;
	return 1;
}

char *
gplink_format(const struct gplink *g)
{
	struct gpf_buf out = { 0 };
	char options[16];
	size_t i;

	for (i = 0; i < g->count; i++) {
		gpf_buf_append(&out, "[" LDAP_PREFIX, 1 + strlen(LDAP_PREFIX));
		gpf_buf_append(&out, g->items[i].dn, strlen(g->items[i].dn));
		snprintf(options, sizeof(options), ";%u]", g->items[i].options);
		gpf_buf_append(&out, options, strlen(options));
	}
	gpf_buf_str(&out);
	return (char *)out.data;
}

void
gplink_free(struct gplink *g)
{
	size_t i;

	for (i = 0; i < g->count; i++)
		free(g->items[i].dn);
	free(g->items);
	g->items = NULL;
	g->count = 0;
}
