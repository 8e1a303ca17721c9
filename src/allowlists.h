/*
 * allowlists.h - the mail side: what Microsoft Defender for Office 365,
 * Google Workspace's image proxy and the vendor's mail gateway need so
 * that simulation mail arrives and its pictures load, derived from the
 * same sender list as the Outlook settings.
 *
 *	allowlists/Set-DefenderPhishSimOverride.ps1
 *	allowlists/google-workspace-image-proxy.txt
 *	allowlists/gateway-managed-urls.csv
 *	allowlists/gateway-permitted-senders.csv
 */
#ifndef ALLOWLISTS_H
#define ALLOWLISTS_H

#include "gpf_buf.h"
#include "gpf_error.h"
#include "senders.h"

/* The guide's landing-page and image URLs. */
#define ALLOWLIST_LANDING_URL "https://*.therelayservice.com/"
#define ALLOWLIST_IMAGE_URL   "https://s3.amazonaws.com/"
/* The guide's sender for the vendor's test system only. */
#define ALLOWLIST_TEST_SENDER "noreply@securityvault.com"

struct allowlist_options {
	const char *const *urls; /* --landing-url, or the guide's */
	size_t url_count;
	const char *const *domains; /* --defender-domain */
	size_t domain_count;
	const char *const *ip_ranges; /* --defender-ip */
	size_t ip_count;
	int include_test_sender;
};

/* Why url cannot be allow-listed (not http(s), spaces...), or NULL. */
const char *allowlist_check_url(const char *url);

/*
 * Checks, before anything is written, that the lists fit what Defender
 * takes (one to 20 domains, at most 20 URLs and ranges).
 */
int allowlists_check(const struct sender_list *senders,
		     const struct allowlist_options *o,
		     struct gpf_error *err);

/*
 * Writes the four files into dir (created).  The Defender domains are
 * the domains of the list's full addresses (the envelope senders), then
 * the --defender-domain ones; the permitted senders are every entry.
 */
int allowlists_write(const char *dir, const struct sender_list *senders,
		     const struct allowlist_options *o, struct gpf_error *err);

#endif
