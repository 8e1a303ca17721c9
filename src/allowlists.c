/*
 * allowlists.c - Defender, Google Workspace and gateway allow-lists.
 */
#include "allowlists.h"
#include "omacsv.h"
#include "outfile.h"
#include "psscript.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A list of borrowed strings. */
struct names {
	const char **v;
	size_t n;
};

/* Appends s; with unique, only when no name equal but for case is in. */
static void
add_name(struct names *l, const char *s, int unique)
{
	size_t i;

	for (i = 0; unique && i < l->n; i++)
		if (strcasecmp(l->v[i], s) == 0)
			return;

	/* Doubling: counting takes every sender's domain, maybe a million. */
	if ((l->n & (l->n - 1)) == 0)
		l->v = gpf_xrealloc(l->v, (2 * l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = s;
}

const char *
allowlist_check_url(const char *url)
{
	const char *p;

	if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)
		return "it does not start with https:// or http://";
	for (p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    strchr("\"<>\\^`{|}", *p) != NULL)
			return "it holds a space, a control character, "
			       "non-ASCII or a character URLs escape";
	if (strlen(url) == (size_t)(strchr(url, ':') - url) + 3)
		return "it has no host";
	return NULL;
}

/*
 * The Tenant Allow/Block List takes URLs without their scheme and with a
 * star for the rest of the path: "https://" + "*.x.com/" becomes
 * "*.x.com/" + "*".
 */
static char *
tabl_entry(const char *url)
{
	const char *host = strstr(url, "://") + 3;
	size_t n = strlen(host);
	char *e = gpf_xrealloc(NULL, n + 3);

	memcpy(e, host, n + 1);
	if (strchr(e, '/') == NULL)
		strcat(e, "/");
	if (e[strlen(e) - 1] == '/')
		strcat(e, "*");
	return e;
}

/*
 * The envelope domains: those of the list's full addresses, then the
 * test sender's and --defender-domain's.  With unique each once, for the
 * writers; without, every occurrence, for counting them by sorting.
 */
static void
envelope_domains(const struct sender_list *senders, int test,
		 const struct allowlist_options *o, int unique,
		 struct names *out)
{
	const char *e;
	size_t i;

	for (i = 0; i < senders->count; i++) {
		e = senders->items[i].entry;
		if (e[0] != '@' && strchr(e, '@') != NULL)
			add_name(out, sender_domain(e), unique);
	}
	if (test)
		add_name(out, sender_domain(ALLOWLIST_TEST_SENDER), unique);
	for (i = 0; i < o->domain_count; i++)
		add_name(out, o->domains[i], unique);
}

static int
by_name(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * How many distinct envelope domains there are, counted by sorting: a
 * list of a million senders at as many domains must not compare each
 * with all before it is refused.
 */
static size_t
count_envelope_domains(const struct sender_list *senders, int test,
		       const struct allowlist_options *o)
{
	struct names all = { 0 };
	size_t i, distinct = 0;

	envelope_domains(senders, test, o, 0, &all);
	if (all.n > 0)
		qsort(all.v, all.n, sizeof(*all.v), by_name);
	for (i = 0; i < all.n; i++)
		distinct += i == 0 || strcasecmp(all.v[i - 1], all.v[i]) != 0;
	free(all.v);
	return distinct;
}

int
allowlists_check(const struct sender_list *senders,
		 const struct allowlist_options *o, struct gpf_error *err)
{
	size_t n = count_envelope_domains(senders, o->include_test_sender, o);

	if (n == 0)
		return gpf_fail(err, GPF_DATAERR,
				"the sender list has no full address, so "
				"Defender's override rule gets no envelope "
				"domain: give one with --defender-domain, or "
				"use --no-allowlists");
	if (n > PS_DEFENDER_MAX_LIST)
		return gpf_fail(err, GPF_DATAERR,
				"the sender list gives %zu "
				"envelope domains for Defender (with "
				"--defender-domain); its override rule takes "
				"at most %d: list fewer, or use "
				"--no-allowlists",
				n, PS_DEFENDER_MAX_LIST);
	if (o->url_count > PS_DEFENDER_MAX_LIST)
		return gpf_fail(err, GPF_USAGE,
				"%zu --landing-url given; "
				"Defender takes at most %d",
				o->url_count, PS_DEFENDER_MAX_LIST);
	if (o->ip_count > PS_DEFENDER_MAX_LIST)
		return gpf_fail(err, GPF_USAGE,
				"%zu --defender-ip given; "
				"Defender takes at most %d",
				o->ip_count, PS_DEFENDER_MAX_LIST);
	return GPF_OK;
}

/* What fills one file of the folder. */
struct context {
	const struct sender_list *senders;
	const struct allowlist_options *o;
};

typedef int (*writer_fn)(FILE *out, const char *path, const struct context *c,
			 struct gpf_error *err);

static int
save(const char *dir, const char *name, writer_fn writer,
     const struct context *c, struct gpf_error *err)
{
	size_t n = strlen(dir) + strlen(name) + 2, len;
	char *path = gpf_xrealloc(NULL, n), *data;
	FILE *mem = outfile_memory(&data, &len);
	int status;

	snprintf(path, n, "%s/%s", dir, name);
	status = writer(mem, path, c, err);
	status = outfile_save_memory(path, mem, &data, &len, status, err);
	free(path);
	return status;
}

static int
google_txt(FILE *out, const char *path, const struct context *c,
	   struct gpf_error *err)
{
	size_t i;

	(void)path, (void)err;
	fputs("# Google Workspace: Image URL proxy allowlist for the phishing-"
	      "\n# simulation mail, made by gpforge.  Admin console > Apps >"
	      "\n# Google Workspace > Gmail > End User Access > Image URL proxy"
	      "\n# allowlist: add each line below as one entry.\n",
	      out);
	for (i = 0; i < c->o->url_count; i++)
		fprintf(out, "%s\n", c->o->urls[i]);
	return GPF_OK;
}

static const char *
url_comment(const char *url)
{
	if (strcmp(url, ALLOWLIST_LANDING_URL) == 0)
		return "phishing landing pages";
	if (strcmp(url, ALLOWLIST_IMAGE_URL) == 0)
		return "images and video posters in notifications";
	return "given with --landing-url";
}

static int
managed_urls_csv(FILE *out, const char *path, const struct context *c,
		 struct gpf_error *err)
{
	static const char *const head[] = { "URL", "Action", "Comment" };
	const char *cells[3];
	size_t i;
	int rc;

	rc = csv_write_record(out, head, 3);
	for (i = 0; rc == 0 && i < c->o->url_count; i++) {
		cells[0] = c->o->urls[i];
		cells[1] = "Permit";
		cells[2] = url_comment(c->o->urls[i]);
		rc = csv_write_record(out, cells, 3);
	}
	return rc == 0 ? GPF_OK
		       : gpf_fail(err, GPF_IOERR,
				  "%s: write "
				  "failed",
				  path);
}

static int
permitted_senders_csv(FILE *out, const char *path, const struct context *c,
		      struct gpf_error *err)
{
	static const char *const head[] = { "Sender", "Type", "Comment" };
	const struct sender_list *s = c->senders;
	const char *cells[3];
	char pattern[512];
	size_t i;
	int rc;

	rc = csv_write_record(out, head, 3);
	for (i = 0; rc == 0 && i < s->count; i++) {
		const char *e = s->items[i].entry;
		int address = e[0] != '@' && strchr(e, '@') != NULL;

		snprintf(pattern, sizeof(pattern), "*@%s", sender_domain(e));
		cells[0] = address ? e : pattern;
		cells[1] = address ? "address" : "domain";
		cells[2] = address ? "envelope sender" : "sending domain";
		rc = csv_write_record(out, cells, 3);
	}
	if (rc == 0 && c->o->include_test_sender) {
		cells[0] = ALLOWLIST_TEST_SENDER;
		cells[1] = "address";
		cells[2] = "the vendor's test system only";
		rc = csv_write_record(out, cells, 3);
	}
	return rc == 0 ? GPF_OK
		       : gpf_fail(err, GPF_IOERR,
				  "%s: write "
				  "failed",
				  path);
}

static int
defender_ps1(FILE *out, const char *path, const struct context *c,
	     struct gpf_error *err)
{
	const struct allowlist_options *o = c->o;
	struct names domains = { 0 };
	char **urls = gpf_xrealloc(NULL, (o->url_count + 1) * sizeof(*urls));
	size_t i;
	int status;

	envelope_domains(c->senders, o->include_test_sender, o, 1, &domains);
	for (i = 0; i < o->url_count; i++)
		urls[i] = tabl_entry(o->urls[i]);
	status = ps_write_defender(
	    out, path, domains.v, domains.n, o->ip_ranges, o->ip_count,
	    (const char *const *)urls, o->url_count, err);
	for (i = 0; i < o->url_count; i++)
		free(urls[i]);
	free(urls);
	free(domains.v);
	return status;
}

int
allowlists_write(const char *dir, const struct sender_list *senders,
		 const struct allowlist_options *o, struct gpf_error *err)
{
	struct context c = { senders, o };
	int status;

	status = outfile_mkdirs(dir, err);
	if (status == GPF_OK)
		status = save(dir, "Set-DefenderPhishSimOverride.ps1",
			      defender_ps1, &c, err);
	if (status == GPF_OK)
		status = save(dir, "google-workspace-image-proxy.txt",
			      google_txt, &c, err);
	if (status == GPF_OK)
		status = save(dir, "gateway-managed-urls.csv", managed_urls_csv,
			      &c, err);
	if (status == GPF_OK)
		status = save(dir, "gateway-permitted-senders.csv",
			      permitted_senders_csv, &c, err);
	return status;
}
