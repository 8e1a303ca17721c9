/*
 * senders.c - read, check and write sender lists.
 */
#include "senders.h"
#include "textlines.h"
#include "gpf_buf.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_LOCAL  64
#define MAX_DOMAIN 253
#define MAX_LABEL  63

/* RFC 5322 atext: what a dot-atom local part may hold besides dots. */
static int
is_atext(int c)
{
	return isalnum(c) || (c != 0 && strchr("!#$%&'*+/=?^_`{|}~-", c));
}

static const char *
check_local(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return "the part before '@' is empty";
	if (n > MAX_LOCAL)
		return "the part before '@' is longer than 64 characters";
	if (s[0] == '.' || s[n - 1] == '.')
		return "the part before '@' starts or ends with a dot";
	for (i = 0; i < n; i++) {
		if (s[i] == '.' && s[i + 1] == '.')
			return "the part before '@' has two dots in a row";
		if (s[i] != '.' && !is_atext((unsigned char)s[i]))
			return "the part before '@' has a character an "
			       "address cannot hold unquoted";
	}
	return NULL;
}

const char *
senders_check_domain(const char *s)
{
	size_t n = strlen(s), label = 0, labels = 1, i;

	if (n == 0)
		return "the domain is empty";
	if (n > MAX_DOMAIN)
		return "the domain is longer than 253 characters";
	for (i = 0; i <= n; i++) {
		if (s[i] == '.' || s[i] == '\0') {
			if (label == 0)
				return "the domain has an empty label";
			if (s[i - 1] == '-')
				return "a domain label ends with '-'";
			labels += s[i] == '.';
			label = 0;
			continue;
		}
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return "the domain may hold only letters, digits, "
			       "'-' and dots";
		if (label == 0 && s[i] == '-')
			return "a domain label starts with '-'";
		if (++label > MAX_LABEL)
			return "a domain label is longer than 63 characters";
	}
	if (labels < 2)
		return "the domain needs at least two labels "
		       "(example.com)";
	return NULL;
}

static int
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

const char *
sender_domain(const char *entry)
{
	const char *at = strrchr(entry, '@');

	return at ? at + 1 : entry;
}

/*
 * Two entries name the same sender when they match without regard to
 * case, "domain" and "@domain" being one.  This is the key they are
 * hashed and compared by.
 */
static const char *
sender_key(const char *entry)
{
	return entry[0] == '@' ? entry + 1 : entry;
}

static size_t
hash_key(const char *key)
{
	size_t h = 5381;

	for (; *key; key++)
		h = h * 33 + (unsigned char)tolower((unsigned char)*key);
	return h;
}

/* The slot of key in the index: where it is, or the empty one for it. */
static size_t *
index_slot(const struct sender_list *list, const char *key)
{
	size_t mask = list->index_size - 1, i = hash_key(key) & mask;
	size_t *slot;

	for (;; i = (i + 1) & mask) {
		slot = &list->index[i];
		if (*slot == 0 ||
		    strcasecmp(sender_key(list->items[*slot - 1].entry), key) ==
			0)
			return slot;
	}
}

/* Keeps the index at most half full; slots hold position + 1. */
static void
index_grow(struct sender_list *list)
{
	size_t i;

	if (list->index_size > 2 * (list->count + 1))
		return;
	free(list->index);
	list->index_size = list->index_size ? 2 * list->index_size : 64;
	list->index = gpf_xrealloc(NULL, list->index_size * sizeof(size_t));
	memset(list->index, 0, list->index_size * sizeof(size_t));
	for (i = 0; i < list->count; i++)
		*index_slot(list, sender_key(list->items[i].entry)) = i + 1;
}

static void
warn(struct sender_list *list, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	list->warnings =
	    gpf_xrealloc(list->warnings,
			 (list->warning_count + 1) * sizeof(*list->warnings));
	list->warnings[list->warning_count++] = gpf_xstrdup(text);
}

static const char *
check_entry(const char *entry)
{
	const char *at = strchr(entry, '@');

	if (at != NULL && strchr(at + 1, '@') != NULL)
		return "it has more than one '@'";
	if (at != NULL && at != entry) {
		const char *why = check_local(entry, (size_t)(at - entry));

		if (why != NULL)
			return why;
	}
	return senders_check_domain(at ? at + 1 : entry);
}

int
senders_add(struct sender_list *list, const char *entry, const char *origin,
	    struct gpf_error *err)
{
	const char *why;
	char *norm, *p;
	size_t *slot;

	if (!is_ascii(entry))
		return gpf_fail(err, GPF_DATAERR,
				"%s: '%.80s' is not ASCII; "
				"write the domain in its punycode form "
				"(xn--...)",
				origin, entry);
	if ((why = check_entry(entry)) != NULL)
		return gpf_fail(err, GPF_DATAERR,
				"%s: '%.80s' is not a "
				"sender address or domain: %s",
				origin, entry, why);

	norm = gpf_xstrdup(entry);
	for (p = (char *)sender_domain(norm); *p; p++)
		*p = (char)tolower((unsigned char)*p);
	index_grow(list);
	slot = index_slot(list, sender_key(norm));
	if (*slot != 0) {
		warn(list, "%s: %s repeats %s from %s; dropped", origin, norm,
		     list->items[*slot - 1].entry,
		     list->items[*slot - 1].origin);
		free(norm);
		return GPF_OK;
	}

	/* Doubling at each power of two: a list of a million senders must
	 * not be copied a million times where realloc cannot grow in place. */
	if ((list->count & (list->count - 1)) == 0)
		list->items = gpf_xrealloc(
		    list->items, (2 * list->count + 1) * sizeof(*list->items));
	list->items[list->count].entry = norm;
	list->items[list->count].origin = gpf_xstrdup(origin);
	*slot = ++list->count;
	return GPF_OK;
}

/* Cuts a comment and surrounding blanks; returns the entry or "". */
static char *
entry_of(char *line)
{
	char *p, *end;

	for (p = line; *p; p++)
		if (*p == '#' && (p == line || p[-1] == ' ' || p[-1] == '\t'))
			break;
	*p = '\0';
	while (*line == ' ' || *line == '\t')
		line++;
	end = line + strlen(line);
	while (end > line &&
	       (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	return line;
}

int
senders_load_text(struct sender_list *list, const char *text, size_t len,
		  const char *name, struct gpf_error *err)
{
	const char *p = text, *end, *nl;
	char origin[512], *line, *entry;
	unsigned long lineno = 0;
	int status = GPF_OK;

	/* An empty text may come as NULL, where even +0 is undefined. */
	if (len == 0)
		return GPF_OK;
	end = text + len;

	/* Notepad starts UTF-8 with a byte order mark. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (status == GPF_OK && p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		lineno++;
		status =
		    text_line_check(name, lineno, p, (size_t)(nl - p), err);
		if (status != GPF_OK)
			return status;
		line = gpf_xrealloc(NULL, (size_t)(nl - p) + 1);
		memcpy(line, p, (size_t)(nl - p));
		line[nl - p] = '\0';
		snprintf(origin, sizeof(origin), "%s: line %lu", name, lineno);
		entry = entry_of(line);
		if (*entry != '\0')
			status = senders_add(list, entry, origin, err);
		free(line);
		p = nl + 1;
	}
	return status;
}

int
senders_load(struct sender_list *list, const char *path, const char *name,
	     struct gpf_error *err)
{
	struct gpf_buf text = { 0 };
	int status;

	status = gpf_buf_read_file(&text, path, err);
	if (status == GPF_OK)
		status = senders_load_text(list, (const char *)text.data,
					   text.len, name ? name : path, err);
	gpf_buf_free(&text);
	return status;
}

void
senders_finish(struct sender_list *list)
{
	if (list->count > SENDERS_WARN_COUNT)
		warn(list,
		     "%zu senders: Outlook caps its junk-mail lists near "
		     "512 KB (about %d entries); entries past that may be "
		     "ignored",
		     list->count, SENDERS_WARN_COUNT);
}

int
senders_write(const struct sender_list *list, FILE *out, const char *name,
	      struct gpf_error *err)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		fputs(list->items[i].entry, out);
		fputs("\r\n", out);
	}
	if (fflush(out) != 0 || ferror(out))
		return gpf_fail(err, GPF_IOERR, "%s: %s", name,
				strerror(errno));
	return GPF_OK;
}

void
senders_free(struct sender_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		free(list->items[i].entry);
		free(list->items[i].origin);
	}
	for (i = 0; i < list->warning_count; i++)
		free(list->warnings[i]);
	free(list->items);
	free(list->warnings);
	free(list->index);
	memset(list, 0, sizeof(*list));
}
