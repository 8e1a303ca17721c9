/*
 * senders.h - the sender list: who Outlook should treat as safe.
 *
 * One entry per line: user@domain, @domain or domain.  Lines starting
 * with '#' are comments, as is the rest of a line from a '#' after white
 * space; blank lines are ignored.  Entries are checked against the
 * shapes of RFC 5321 (dot-atom local parts, host-name domains of two or
 * more labels), domains are lower-cased, and a repeated entry is dropped
 * with a warning naming both lines; order is kept.
 *
 * Ownership: the list owns its entries and warnings.
 */
#ifndef SENDERS_H
#define SENDERS_H

#include <stdio.h>

#include "gpf_error.h"

/* Outlook caps its junk lists near 512 KB, about this many entries. */
#define SENDERS_WARN_COUNT 2000

struct sender {
	char *entry;  /* as written, domain lower-cased */
	char *origin; /* "FILE: line N" or "--add-sender" */
};

struct sender_list {
	struct sender *items;
	size_t count;
	char **warnings; /* for the caller to show */
	size_t warning_count;
	size_t *index; /* hash of entries, for duplicates */
	size_t index_size;
};

/* Adds every entry of the file at path (name used in messages). */
int senders_load(struct sender_list *list, const char *path, const char *name,
		 struct gpf_error *err);

/* Adds every entry of len bytes of text (a built-in list). */
int senders_load_text(struct sender_list *list, const char *text, size_t len,
		      const char *name, struct gpf_error *err);

/* Adds one entry; origin names it in messages. */
int senders_add(struct sender_list *list, const char *entry, const char *origin,
		struct gpf_error *err);

/* Adds the over-long-list warning when it applies; call once, last. */
void senders_finish(struct sender_list *list);

/*
 * Writes SafeSenders.txt: ASCII, one entry per line, CRLF, no byte order
 * mark.
 */
int senders_write(const struct sender_list *list, FILE *out, const char *name,
		  struct gpf_error *err);

/*
 * Why domain is not a host name of two or more labels (RFC 1035
 * letters, digits and '-', labels of 1 to 63, at most 253 in all), or
 * NULL when it is one.
 */
const char *senders_check_domain(const char *domain);

/* The domain part of entry (after '@', or all of it). */
const char *sender_domain(const char *entry);

void senders_free(struct sender_list *list);

#endif
