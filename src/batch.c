/*
 * batch.c - "gpforge build --ou-csv": one GPO per row of an OU table.
 *
 * The table is read twice.  The first pass checks every row (names and
 * OUs unique, lists readable, paths and groups valid) so that a bad row
 * leaves nothing written, and keeps a copy of the lines it read; the
 * second reads that copy, so it makes only rows the first checked.  It
 * makes them on worker threads and finishes them in table order,
 * appending each to the files that list every GPO as it goes.  What is
 * kept per row is where its deflated backup files wait for gpo-backup.zip
 * (about 250 bytes).
 */
#include "build_private.h"
#include "bundle.h"
#include "casefold.h"
#include "gpf_xml.h"
#include "ids.h"
#include "utf16.h"
#include "intune.h"
#include "intune_kit.h"
#include "links_csv.h"
#include "oucsv.h"
#include "outfile.h"
#include "psscript.h"
#include "report.h"

#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>

/* Text deflated once for many zips: the stream and what it holds. */
struct packed_text {
	struct gpf_buf stream;
	struct bundle_deflated deflated;
};

/* A distinct sender list and the file name it is written under. */
struct list_file {
	char *source; /* as the table names it; NULL: global */
	char *file;   /* SafeSenders.txt, SafeSenders-X.txt */
	struct sender_list senders;
	struct packed_text packed; /* for per-OU zips */
};

/* A distinct Intune group and the list its devices get. */
struct group {
	char *id;
	size_t list;
	unsigned long line;
};

/* A row on its way: set by the main thread, made by a worker. */
struct row_job {
	size_t index; /* in the table, from 0 */
	unsigned long line;
	struct gpf_buf name; /* of the GPO */
	char *ou, *group, *path, *zip;
	size_t list;
	struct gpo_backup backup; /* ids and time; names point here */
	struct settings settings;
	struct gpf_buf files[GPO_BACKUP_FILES];
	struct gpf_buf packed[GPO_BACKUP_FILES]; /* the files deflated */
	struct bundle_deflated deflated[GPO_BACKUP_FILES];
	struct gpf_buf own[2]; /* the row's manifest and script, deflated */
	int done, status;
	struct gpf_error err;
};

/* A thread making rows, with what it keeps from one row to the next. */
struct worker {
	struct batch *t;
	pthread_t thread;
	int running;
	struct gpo_skeletons *skeletons;
	struct bundle_deflater *deflater;
};

#define MAX_WORKERS 8

/* Rows given to the workers, made, and finished, counted from 0. */
struct row_queue {
	pthread_mutex_t lock;
	pthread_cond_t ready;	 /* a row is given, or the end */
	pthread_cond_t finished; /* a row is made */
	struct row_job *jobs;	 /* row i in jobs[i % slots] */
	size_t slots;
	size_t given, taken, finished_count;
	int ending, stop, started;
	struct worker *workers;
	size_t worker_count;
};

/* Where a row's backup files wait in the spool for gpo-backup.zip. */
struct spooled_backup {
	char backup_id[GUID_TEXT_SIZE];
	struct bundle_deflated files[GPO_BACKUP_FILES];
};

/* Hashes of the names or OUs seen, and where each was first seen. */
struct seen_table {
	unsigned long long *hashes;
	unsigned long *lines;
	size_t size, count;
};

struct batch {
	struct build *b;
	struct ou_csv *csv;
	char *csv_dir;
	struct list_file *lists;
	size_t list_count;
	struct group *groups;
	size_t group_count;
	struct seen_table ous, names;
	size_t gpo_count;	      /* rows written */
	struct seen_table zips;	      /* per-OU zip names taken */
	struct seen_table list_names; /* SafeSenders-X.txt names taken */
	struct seen_table ids;	      /* GPO GUIDs and backup ids given */
	char *gpo_dir;
	FILE *manifest, *import; /* gpo/manifest.xml, gpo/Import-GPOs.ps1 */
	FILE *links;		 /* gpo/links.csv, for gpforge deploy */
	char *manifest_path, *import_path, *links_path;
	struct report_writer *report;
	struct gpo_skeletons *skeletons;
	struct gpf_buf manifest_head, manifest_tail;
	struct bundle_deflater *deflater; /* the main thread's */
	long long zip_time;
	struct packed_text script_head, script_tail; /* of a row's own zip */
	struct row_queue queue;
	FILE *spool;
	long long spool_len;
	struct spooled_backup *spooled;
	size_t spooled_count, spooled_cap;
};

/* A hash of s, or (fold set) of s case-folded: see casefold.h. */
static unsigned long long
hash_text(const char *s, int fold)
{
	struct gpf_buf folded = { 0 };
	unsigned long long h = 1469598103934665603ULL;
	size_t i, len = strlen(s);

	if (fold) {
		casefold_append(s, len, &folded);
		s = (const char *)folded.data;
		len = folded.len;
	}
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	gpf_buf_free(&folded);
	return h ? h : 1;
}

static void seen_insert(struct seen_table *t, unsigned long long hash,
			unsigned long line);

/* Keeps the table at most half full. */
static void
seen_grow(struct seen_table *t)
{
	struct seen_table old = *t;
	size_t i;

	if (2 * (t->count + 1) <= t->size)
		return;
	t->size = t->size ? 2 * t->size : 1024;
	t->hashes = gpf_xrealloc(NULL, t->size * sizeof(*t->hashes));
	t->lines = gpf_xrealloc(NULL, t->size * sizeof(*t->lines));
	memset(t->hashes, 0, t->size * sizeof(*t->hashes));
	t->count = 0;
	for (i = 0; i < old.size; i++)
		if (old.hashes[i] != 0)
			seen_insert(t, old.hashes[i], old.lines[i]);
	free(old.hashes);
	free(old.lines);
}

static void
seen_insert(struct seen_table *t, unsigned long long hash, unsigned long line)
{
	size_t i = (size_t)hash & (t->size - 1);

	while (t->hashes[i] != 0)
		i = (i + 1) & (t->size - 1);
	t->hashes[i] = hash;
	t->lines[i] = line;
	t->count++;
}

/*
 * The line hash was first seen on, or 0 after recording it as new.
 * Equal 64-bit hashes count as equal: a false match among even a million
 * rows is not to be feared.
 */
static unsigned long
seen_before(struct seen_table *t, unsigned long long hash, unsigned long line)
{
	size_t i;

	seen_grow(t);
	for (i = (size_t)hash & (t->size - 1); t->hashes[i] != 0;
	     i = (i + 1) & (t->size - 1))
		if (t->hashes[i] == hash)
			return t->lines[i];
	seen_insert(t, hash, line);
	return 0;
}

/* Whether the first len bytes of s name a Windows device (CON, COM1,
 * CONIN$). */
static int
is_device_name(const char *s, size_t len)
{
	static const char *const devices[] = { "CON", "PRN", "AUX", "NUL" };
	size_t i;

	/* Windows drops the spaces before the extension ("CON .txt"), and
	 * takes the superscript digits of COM1 and LPT1 too. */
	while (len > 0 && s[len - 1] == ' ')
		len--;
	for (i = 0; len == 3 && i < 4; i++)
		if (strncasecmp(s, devices[i], 3) == 0)
			return 1;
	if ((len == 6 && strncasecmp(s, "CONIN$", 6) == 0) ||
	    (len == 7 && strncasecmp(s, "CONOUT$", 7) == 0))
		return 1;
	if (len == 5 && (unsigned char)s[3] == 0xc2 &&
	    strchr("\xb9\xb2\xb3", s[4]) != NULL)
		len = 4;
	else if (len != 4 || !isdigit((unsigned char)s[3]))
		return 0;
	return strncasecmp(s, "COM", 3) == 0 || strncasecmp(s, "LPT", 3) == 0;
}

/*
 * name made safe as a file name on every file system: no path
 * separators or characters Windows refuses, no trailing dots or spaces,
 * no device name (CON, con.txt, COM1: a '_' goes after the base), at
 * most 100 bytes, cut between characters.
 */
static void
safe_file_name(const char *name, struct gpf_buf *out)
{
	size_t i, base;
	unsigned char c;

	gpf_buf_clear(out);
	for (i = 0; name[i]; i++) {
		c = (unsigned char)name[i];
		/* Stop before a character that would not fit whole. */
		if (out->len >= 100 && (c & 0xc0) != 0x80)
			break;
		gpf_buf_putc(
		    out, c < 0x20 || c == 0x7f || strchr("/\\:*?\"<>|", c) ? '_'
									   : c);
	}
	while (out->len > 0 && (out->data[out->len - 1] == '.' ||
				out->data[out->len - 1] == ' '))
		out->data[--out->len] = '\0';
	if (out->len == 0)
		gpf_buf_putc(out, '_');

	base = strcspn((const char *)out->data, ".");
	if (is_device_name((const char *)out->data, base)) {
		gpf_buf_putc(out, 0);
		memmove(out->data + base + 1, out->data + base,
			out->len - base - 1);
		out->data[base] = '_';
		out->data[out->len] = '\0';
	}
}

/*
 * A file name for a per-OU zip, unique among them without regard to case
 * or to how its accents are composed.
 */
static char *
unique_zip_name(struct batch *t, const char *gpo_name, unsigned long line)
{
	struct gpf_buf base = { 0 }, name = { 0 };
	char suffix[32];
	size_t n = 1;

	nfc_append(gpo_name, strlen(gpo_name), &name);
	safe_file_name(gpf_buf_str(&name), &base);
	for (;; n++) {
		gpf_buf_clear(&name);
		gpf_buf_append(&name, base.data, base.len);
		if (n > 1) {
			snprintf(suffix, sizeof(suffix), "-%zu", n);
			gpf_buf_append(&name, suffix, strlen(suffix));
		}
		if (seen_before(&t->zips, hash_text(gpf_buf_str(&name), 1),
				line) == 0)
			break;
	}
	gpf_buf_free(&base);
	return (char *)gpf_buf_str(&name);
}

/* The folder part of path ("." when it has none), malloc'd. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	char *dir;

	if (slash == NULL)
		return gpf_xstrdup(".");
	if (n == 0)
		return gpf_xstrdup("/");
	dir = gpf_xrealloc(NULL, n + 1);
	memcpy(dir, path, n);
	dir[n] = '\0';
	return dir;
}

/* --- the first pass: checking every row ---------------------------------- */

/*
 * SafeSenders-BASE.txt for the list at source, BASE its file name without
 * folder or extension composed and made safe, with -2, -3 ... until no
 * other list has the name in any case or composition.
 */
static char *
list_file_name(struct batch *t, const char *source)
{
	const char *base =
	    strrchr(source, '/') ? strrchr(source, '/') + 1 : source;
	struct gpf_buf safe = { 0 }, name = { 0 };
	char *dot, suffix[32];
	size_t n;

	nfc_append(base, strlen(base), &name);
	safe_file_name(gpf_buf_str(&name), &safe);
	dot = strrchr((char *)safe.data, '.');
	if (dot != NULL && dot != (char *)safe.data)
		safe.len = (size_t)(dot - (char *)safe.data);
	for (n = 1;; n++) {
		gpf_buf_clear(&name);
		gpf_buf_append(&name, "SafeSenders-", 12);
		gpf_buf_append(&name, safe.data, safe.len);
		if (n > 1) {
			snprintf(suffix, sizeof(suffix), "-%zu", n);
			gpf_buf_append(&name, suffix, strlen(suffix));
		}
		gpf_buf_append(&name, ".txt", 4);
		/* Taken by another list, in any case? */
		if (seen_before(&t->list_names,
				hash_text(gpf_buf_str(&name), 1), 1) == 0)
			break;
	}
	gpf_buf_free(&safe);
	return (char *)gpf_buf_str(&name);
}

/* The index of the list a row names (source NULL: the global one), or
 * list_count when it has none yet. */
static size_t
list_find(const struct batch *t, const char *source)
{
	size_t i;

	for (i = 0; i < t->list_count; i++)
		if ((source == NULL && t->lists[i].source == NULL) ||
		    (source && t->lists[i].source &&
		     strcmp(source, t->lists[i].source) == 0))
			break;
	return i;
}

/* The list a row names, loaded the first time a row names it. */
static int
list_for(struct batch *t, const char *source, size_t *index,
	 struct gpf_error *err)
{
	struct list_file *l;
	char *path;
	size_t i;
	int status = GPF_OK;

	*index = i = list_find(t, source);
	if (i < t->list_count)
		return GPF_OK;

	t->lists = gpf_xrealloc(t->lists, (i + 1) * sizeof(*t->lists));
	l = &t->lists[t->list_count++];
	memset(l, 0, sizeof(*l));
	if (source == NULL) {
		l->file = gpf_xstrdup("SafeSenders.txt");
		return GPF_OK;
	}
	l->source = gpf_xstrdup(source);
	path = source[0] == '/' ? gpf_xstrdup(source)
				: build_join(t->csv_dir, source);
	status = senders_load(&l->senders, path, NULL, err);
	if (status == GPF_OK && l->senders.count == 0)
		status = gpf_fail(err, GPF_DATAERR,
				  "%s: no senders in the "
				  "list",
				  path);
	l->file = list_file_name(t, source);
	free(path);
	return status;
}

/* The GPO name of a row: its own, or --gpo-name - first RDN value. */
static void
row_name(const struct batch *t, const struct ou_row *row, struct gpf_buf *out)
{
	gpf_buf_clear(out);
	if (row->gpo_name != NULL) {
		gpf_buf_append(out, row->gpo_name, strlen(row->gpo_name));
		return;
	}
	gpf_buf_append(out, t->b->o->gpo_name, strlen(t->b->o->gpo_name));
	gpf_buf_append(out, " - ", 3);
	gpf_buf_append(out, row->first_value, strlen(row->first_value));
}

/*
 * Where a row's Outlook reads its list: its safe_senders_path, the
 * build's path for the build's list, or else the list's own file name
 * in NETLOGON or, with --safe-senders-path, beside that path's file.
 */
static char *
row_path(const struct batch *t, const struct ou_row *row, size_t list)
{
	const struct build *b = t->b;
	const char *file = t->lists[list].file, *slash;
	size_t n =
	    strlen(b->path) + 2 * strlen(b->o->domain) + strlen(file) + 32;
	char *path;

	if (row->safe_senders_path != NULL)
		return gpf_xstrdup(row->safe_senders_path);
	if (t->lists[list].source == NULL)
		return gpf_xstrdup(b->path);
	path = gpf_xrealloc(NULL, n);
	slash = strrchr(b->path, '\\');
	if (b->o->safe_senders_path != NULL && slash != NULL)
		snprintf(path, n, "%.*s%s", (int)(slash - b->path + 1), b->path,
			 file);
	else
		snprintf(path, n, "\\\\%s\\NETLOGON\\%s", b->o->domain, file);
	return path;
}

/*
 * Fails with a message on the row's line and, when the table has it,
 * column col: "FILE: line 3, column 1 (ou): ...".
 */
static int
row_fail(const struct batch *t, const struct ou_row *row, enum ou_column col,
	 struct gpf_error *err, enum gpf_status status, const char *fmt, ...)
{
	char what[GPF_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (row->column[col] == 0)
		return gpf_fail(err, status, "%s: line %lu: %s",
				t->b->o->ou_csv, row->line, what);
	return gpf_fail(err, status, "%s: line %lu, column %d (%s): %s",
			t->b->o->ou_csv, row->line, row->column[col],
			ou_column_name(col), what);
}

/* The same around the message err holds. */
static int
row_error(const struct batch *t, const struct ou_row *row, enum ou_column col,
	  struct gpf_error *err)
{
	char inner[GPF_MESSAGE_MAX];

	snprintf(inner, sizeof(inner), "%s", err->message);
	return row_fail(t, row, col, err, err->status, "%s", inner);
}

/* The column a row's GPO name comes from: gpo_name, or the OU's. */
static enum ou_column
name_column(const struct ou_row *row)
{
	return row->gpo_name != NULL ? OU_COL_NAME : OU_COL_OU;
}

/* The column a row's safe_senders_path comes from, if any. */
static enum ou_column
path_column(const struct ou_row *row)
{
	return row->safe_senders_path != NULL ? OU_COL_PATH : OU_COL_SENDERS;
}

static int
check_group(struct batch *t, const struct ou_row *row, size_t list,
	    struct gpf_error *err)
{
	char id[GUID_TEXT_SIZE];
	size_t i;

	/* {ABC...} and abc... name the same group. */
	guid_normalise(id, row->intune_group);
	for (i = 0; i < t->group_count; i++)
		if (strcmp(t->groups[i].id, id) == 0)
			break;
	if (i < t->group_count && t->groups[i].list != list)
		return row_fail(t, row, OU_COL_GROUP, err, GPF_DATAERR,
				"Intune group %s already gets another sender "
				"list (line %lu); one group's devices hold "
				"one list",
				row->intune_group, t->groups[i].line);
	if (i == t->group_count) {
		t->groups =
		    gpf_xrealloc(t->groups, (i + 1) * sizeof(*t->groups));
		t->groups[i].id = gpf_xstrdup(id);
		t->groups[i].list = list;
		t->groups[i].line = row->line;
		t->group_count++;
	}
	return GPF_OK;
}

/*
 * Valid UTF-8 without control or invisible characters: what XML takes
 * and what Import-GPOs.ps1 shows as it is (ps_visible_span).
 */
static int
plain_text(const char *s)
{
	size_t bad;

	return utf8_validate(s, strlen(s), &bad) == 0 &&
	       s[ps_visible_span(s, 0)] == '\0';
}

static int
check_row(struct batch *t, const struct ou_row *row, struct gpf_buf *name,
	  struct gpf_error *err)
{
	unsigned long first;
	size_t list;
	char *path;
	int status;

	row_name(t, row, name);
	if ((first = seen_before(&t->ous, hash_text(row->ou_key, 0),
				 row->line)) != 0)
		return row_fail(t, row, OU_COL_OU, err, GPF_DATAERR,
				"OU %s is listed twice (first on line %lu)",
				row->ou, first);
	if ((first = seen_before(&t->names, hash_text(gpf_buf_str(name), 1),
				 row->line)) != 0)
		return row_fail(t, row, name_column(row), err, GPF_DATAERR,
				"GPO name '%s' is used twice (first on line "
				"%lu)",
				gpf_buf_str(name), first);
	/* The limit is in characters: 90 CJK ones take 270 bytes. */
	if (u8_mbsnlen(name->data, name->len) > 255)
		return row_fail(t, row, name_column(row), err, GPF_DATAERR,
				"the GPO name is longer than 255 characters");
	if (!plain_text(gpf_buf_str(name)))
		return row_fail(t, row, name_column(row), err, GPF_DATAERR,
				"the GPO name holds a control character or "
				"invalid UTF-8 (from gpo_name or the OU's "
				"escapes)");
	if (!plain_text(row->ou))
		return row_fail(t, row, OU_COL_OU, err, GPF_DATAERR,
				"the OU holds a control or invisible "
				"character");

	status = list_for(t, row->senders, &list, err);
	if (status != GPF_OK)
		return row_error(t, row, OU_COL_SENDERS, err);
	path = row_path(t, row, list);
	status = build_check_path(t->b, "safe_senders_path", path, 0);
	free(path);
	if (status != GPF_OK) {
		/* A bad path in the table is bad data, not a bad option. */
		err->status = GPF_DATAERR;
		return row_error(t, row, path_column(row), err);
	}
	if (row->intune_group != NULL)
		return check_group(t, row, list, err);
	return GPF_OK;
}

static int
check_all(struct batch *t, struct gpf_error *err)
{
	const struct ou_row *row;
	struct gpf_buf name = { 0 };
	size_t rows = 0;
	int rc, status = GPF_OK;

	while (status == GPF_OK && (rc = ou_csv_next(t->csv, &row, err)) != 0) {
		if (rc < 0) {
			status = err->status;
			break;
		}
		status = check_row(t, row, &name, err);
		rows++;
	}
	gpf_buf_free(&name);
	if (status == GPF_OK && rows == 0)
		status = gpf_fail(err, GPF_DATAERR,
				  "%s: no rows after the "
				  "header",
				  t->b->o->ou_csv);
	return status;
}

/* --- the second pass: making each row ----------------------------------- */

/* "gpo/{ID}/FILE", the archive name of a backup's i-th file. */
static char *
backup_entry_name(const char *backup_id, size_t i)
{
	size_t n = strlen(backup_id) + strlen(gpo_backup_files[i]) + 8;
	char *name = gpf_xrealloc(NULL, n);

	snprintf(name, n, "gpo/%s/%s", backup_id, gpo_backup_files[i]);
	return name;
}

/* Deflates text into buf, for zip entries described by d. */
static int
pack(const struct batch *t, struct bundle_deflater *z, const void *text,
     size_t len, struct gpf_buf *buf, struct bundle_deflated *d,
     struct gpf_error *err)
{
	int status;

	gpf_buf_clear(buf);
	status = bundle_deflate(z, text, len, buf, d, err);
	d->data = buf->data;
	d->mtime = t->b->when;
	return status;
}

/* Writes each list, and deflates it once for the per-OU zips. */
static int
write_lists(struct batch *t, struct gpf_error *err)
{
	struct gpf_buf text = { 0 };
	struct list_file *l;
	size_t i;
	int status = GPF_OK;

	for (i = 0; status == GPF_OK && i < t->list_count; i++) {
		l = &t->lists[i];
		gpf_buf_clear(&text);
		status = build_save_list(
		    t->b, l->file, l->source ? &l->senders : &t->b->senders,
		    &text);
		if (status == GPF_OK)
			status =
			    pack(t, t->deflater, text.data, text.len,
				 &l->packed.stream, &l->packed.deflated, err);
	}
	gpf_buf_free(&text);
	return status;
}

/* --- what lists every GPO, written as the rows go ------------------------ */

static int
open_index(struct batch *t, struct gpf_error *err)
{
	struct report r;
	char *report = build_join(t->b->staging, "report.html");
	int status = GPF_OK;

	t->manifest_path = build_join(t->gpo_dir, "manifest.xml");
	t->import_path = build_join(t->gpo_dir, "Import-GPOs.ps1");
	t->links_path = build_join(t->gpo_dir, LINKS_CSV_NAME);
	if ((t->manifest = outfile_open_new(t->manifest_path, err)) == NULL ||
	    (t->import = outfile_open_new(t->import_path, err)) == NULL ||
	    (t->links = outfile_open_new(t->links_path, err)) == NULL)
		status = err->status;
	if (status == GPF_OK && links_csv_begin(t->links) != 0)
		status = gpf_fail(err, GPF_IOERR, "%s: %s", t->links_path,
				  strerror(errno));
	if (status == GPF_OK &&
	    fwrite(t->manifest_head.data, 1, t->manifest_head.len,
		   t->manifest) != t->manifest_head.len)
		status = gpf_fail(err, GPF_IOERR, "%s: %s", t->manifest_path,
				  strerror(errno));
	if (status == GPF_OK)
		status = ps_import_gpos_begin(t->import, t->import_path, err);
	if (status == GPF_OK) {
		build_report_base(t->b, &r);
		r.gpo_count = t->names.count;
		r.batch = 1;
		status = report_open(&t->report, &r, report, err);
	}
	free(report);
	return status;
}

/* Ends the three files, or (status not GPF_OK) just closes them. */
static int
close_index(struct batch *t, int status, struct gpf_error *err)
{
	if (status == GPF_OK && t->manifest != NULL &&
	    fwrite(t->manifest_tail.data, 1, t->manifest_tail.len,
		   t->manifest) != t->manifest_tail.len)
		status = gpf_fail(err, GPF_IOERR, "%s: %s", t->manifest_path,
				  strerror(errno));
	if (status == GPF_OK && t->import != NULL)
		status = ps_import_gpos_end(t->import, t->import_path, err);
	if (t->manifest != NULL)
		status = outfile_close_new(t->manifest, t->manifest_path,
					   status, err);
	if (t->import != NULL)
		status =
		    outfile_close_new(t->import, t->import_path, status, err);
	if (t->links != NULL)
		status =
		    outfile_close_new(t->links, t->links_path, status, err);
	status = report_close(t->report, status, err);
	t->manifest = t->import = t->links = NULL;
	t->report = NULL;
	return status;
}

/*
 * The import script of a row's own zip: its head and tail are the same
 * for every row, so they are deflated once, and only the row's GPO is
 * deflated with the row.
 */
static int
pack_script_parts(struct batch *t, struct gpf_error *err)
{
	int (*const write[2])(FILE *, const char *,
			      struct gpf_error *) = { ps_import_gpos_begin,
						      ps_import_gpos_end };
	struct packed_text *part[2] = { &t->script_head, &t->script_tail };
	char *text = NULL;
	size_t i, len = 0;
	FILE *mem;
	int status = GPF_OK;

	for (i = 0; status == GPF_OK && i < 2; i++) {
		mem = outfile_memory(&text, &len);
		status = write[i](mem, "Import-GPOs.ps1", err);
		fclose(mem);
		if (status == GPF_OK)
			status = bundle_deflate_part(t->deflater, text, len,
						     i == 1, &part[i]->stream,
						     &part[i]->deflated, err);
		free(text);
	}
	return status;
}

/* The script with entry (one GPO) between its head and tail, deflated. */
static int
pack_script(const struct batch *t, struct bundle_deflater *z, const char *entry,
	    size_t len, struct gpf_buf *buf, struct bundle_deflated *d,
	    struct gpf_error *err)
{
	const struct packed_text *head = &t->script_head;
	const struct packed_text *tail = &t->script_tail;
	struct bundle_deflated middle;
	int status;

	gpf_buf_clear(buf);
	gpf_buf_append(buf, head->stream.data, head->stream.len);
	*d = head->deflated;
	status = bundle_deflate_part(z, entry, len, 0, buf, &middle, err);
	bundle_deflated_append(d, &middle);
	gpf_buf_append(buf, tail->stream.data, tail->stream.len);
	bundle_deflated_append(d, &tail->deflated);
	d->data = buf->data;
	d->mtime = t->b->when;
	return status;
}

/* --- the rows, on every core ------------------------------------------- */

/*
 * Rows are made by worker threads, as many as there are cores, and
 * finished by the main thread in table order.  The main thread decides
 * all that depends on the rows before (names, ids, the zip's name) and
 * puts the row in a slot; a worker makes its backup, writes it, deflates
 * its files and writes its own zip; the main thread then appends the
 * row to the files that list every GPO and its deflated files to the
 * spool.  Slots are reused, so memory does not grow with the table.
 */

/*
 * bundles/ou/NAME.zip: the row's backup and list, and a manifest and
 * import script for that one GPO, all deflated once.
 */
static int
write_ou_zip(struct batch *t, struct row_job *j, struct bundle_deflater *z)
{
	struct ps_gpo ps = { gpf_buf_str(&j->name), j->backup.backup_id,
			     j->ou };
	const struct list_file *l = &t->lists[j->list];
	struct bundle_deflated own[2];
	struct gpf_buf manifest = { 0 };
	struct bundle_entry e[7];
	char *names[GPO_BACKUP_FILES], *script = NULL;
	size_t i, len = 0;
	FILE *mem;
	int status;

	for (i = 0; i < GPO_BACKUP_FILES; i++) {
		names[i] = backup_entry_name(j->backup.backup_id, i);
		e[i] = (struct bundle_entry){ names[i], NULL, NULL, 0,
					      &j->deflated[i] };
	}
	e[4] = (struct bundle_entry){ l->file, NULL, NULL, 0,
				      &l->packed.deflated };

	gpf_buf_append(&manifest, t->manifest_head.data, t->manifest_head.len);
	gpo_manifest_entry(j->files, &manifest);
	gpf_buf_append(&manifest, t->manifest_tail.data, t->manifest_tail.len);
	status = pack(t, z, manifest.data, manifest.len, &j->own[0], &own[0],
		      &j->err);
	mem = outfile_memory(&script, &len);
	if (status == GPF_OK)
		status =
		    ps_import_gpos_add(mem, "Import-GPOs.ps1", &ps, 0, &j->err);
	fclose(mem);
	if (status == GPF_OK)
		status = pack_script(t, z, script, len, &j->own[1], &own[1],
				     &j->err);
	e[5] =
	    (struct bundle_entry){ "gpo/manifest.xml", NULL, NULL, 0, &own[0] };
	e[6] = (struct bundle_entry){ "gpo/Import-GPOs.ps1", NULL, NULL, 0,
				      &own[1] };

	if (status == GPF_OK)
		status = bundle_write_new(j->zip, e, 7, t->zip_time, &j->err);
	for (i = 0; i < GPO_BACKUP_FILES; i++)
		free(names[i]);
	gpf_buf_free(&manifest);
	free(script);
	return status;
}

/* A worker's part of a row: all that does not depend on other rows. */
static int
make_row(struct batch *t, struct worker *w, struct row_job *j)
{
	struct regop_list ops = { 0 };
	struct gpf_error *err = &j->err;
	size_t i;
	int status;

	status = build_load_settings(t->b, j->path, &j->settings, err);
	for (i = 0; status == GPF_OK && i < j->settings.count; i++)
		status = policy_registry_ops(&j->settings.items[i], &ops, err);
	j->backup.settings = j->settings.items;
	j->backup.setting_count = j->settings.count;
	j->backup.ops = &ops;
	if (status == GPF_OK)
		status =
		    gpo_backup_make(w->skeletons, &j->backup, j->files, err);
	if (status == GPF_OK)
		status = gpo_backup_save(&j->backup, j->files, t->gpo_dir, err);
	for (i = 0; status == GPF_OK && i < GPO_BACKUP_FILES; i++)
		status = pack(t, w->deflater, j->files[i].data, j->files[i].len,
			      &j->packed[i], &j->deflated[i], err);
	if (status == GPF_OK)
		status = write_ou_zip(t, j, w->deflater);
	j->backup.ops = NULL;
	regops_free(&ops);
	return status;
}

/* The next row in table order, once the main thread has given it. */
static struct row_job *
take_job(struct batch *t)
{
	struct row_queue *q = &t->queue;
	struct row_job *j = NULL;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		if (q->stop || q->taken == q->given) {
			if (q->stop || q->ending)
				break;
			pthread_cond_wait(&q->ready, &q->lock);
			continue;
		}
		j = &q->jobs[q->taken++ % q->slots];
		break;
	}
	pthread_mutex_unlock(&q->lock);
	return j;
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct batch *t = w->t;
	struct row_queue *q = &t->queue;
	struct row_job *j;
	int status;

	while ((j = take_job(t)) != NULL) {
		status = make_row(t, w, j);
		pthread_mutex_lock(&q->lock);
		j->status = status;
		j->done = 1;
		pthread_cond_broadcast(&q->finished);
		pthread_mutex_unlock(&q->lock);
	}
	return NULL;
}

/*
 * Whether the row's GPO GUID and backup id are new.  Name-based ids
 * differ whenever name or OU do, and random ones are all but sure to;
 * this makes sure, since two GPOs with one id would overwrite each other
 * wherever they are imported.
 */
static int
check_ids(struct batch *t, const struct row_job *j, struct gpf_error *err)
{
	const char *id[2] = { j->backup.gpo_guid, j->backup.backup_id };
	unsigned long first;
	size_t i;

	for (i = 0; i < 2; i++)
		if ((first = seen_before(&t->ids, hash_text(id[i], 0),
					 j->line)) != 0)
			return gpf_fail(err, GPF_DATAERR,
					"%s: line %lu: GPO id %s is also "
					"line %lu's",
					t->b->o->ou_csv, j->line, id[i], first);
	return GPF_OK;
}

/*
 * Fills the slot of the next row: what depends on the rows before it.
 * Workers read t->lists meanwhile, so the lists are only looked up here:
 * the first pass loaded every one, and adding one now would move them.
 */
static int
give_job(struct batch *t, const struct ou_row *row, struct gpf_error *err)
{
	struct row_queue *q = &t->queue;
	struct row_job *j = &q->jobs[q->given % q->slots];
	struct build *b = t->b;
	char *name;

	j->list = list_find(t, row->senders);
	if (j->list == t->list_count)
		return gpf_fail(err, GPF_IOERR,
				"%s: line %lu: the row names a sender list "
				"the first pass did not read",
				b->o->ou_csv, row->line);
	j->index = q->given;
	j->line = row->line;
	row_name(t, row, &j->name);
	j->ou = gpf_xstrdup(row->ou);
	j->group = row->intune_group ? gpf_xstrdup(row->intune_group) : NULL;
	j->path = row_path(t, row, j->list);
	memset(&j->backup, 0, sizeof(j->backup));
	build_make_ids(b, &j->backup, gpf_buf_str(&j->name), j->ou);
	if (check_ids(t, j, err) != GPF_OK)
		return err->status;
	memcpy(j->backup.time, b->backup.time, sizeof(j->backup.time));
	j->backup.display_name = gpf_buf_str(&j->name);
	j->backup.domain = b->o->domain;
	name = unique_zip_name(t, gpf_buf_str(&j->name), row->line);
	j->zip = gpf_xrealloc(NULL, strlen(b->staging) + strlen(name) + 32);
	sprintf(j->zip, "%s/bundles/ou/%s.zip", b->staging, name);
	free(name);

	pthread_mutex_lock(&q->lock);
	j->done = 0;
	q->given++;
	pthread_cond_signal(&q->ready);
	pthread_mutex_unlock(&q->lock);
	return GPF_OK;
}

/* Appends a made row's deflated files to the spool, for gpo-backup.zip. */
static int
spool_row(struct batch *t, const struct row_job *j, struct gpf_error *err)
{
	struct spooled_backup *s;
	size_t i;

	if (t->spooled_count == t->spooled_cap) {
		t->spooled_cap = t->spooled_cap ? 2 * t->spooled_cap : 256;
		t->spooled = gpf_xrealloc(t->spooled,
					  t->spooled_cap * sizeof(*t->spooled));
	}
	s = &t->spooled[t->spooled_count++];
	memcpy(s->backup_id, j->backup.backup_id, sizeof(s->backup_id));
	for (i = 0; i < GPO_BACKUP_FILES; i++) {
		s->files[i] = j->deflated[i];
		s->files[i].data = NULL;
		s->files[i].offset = t->spool_len;
		t->spool_len += (long long)j->packed[i].len;
		if (fwrite(j->packed[i].data, 1, j->packed[i].len, t->spool) !=
		    j->packed[i].len)
			return gpf_fail(err, GPF_IOERR, "%s: scratch file: %s",
					t->b->staging, strerror(errno));
	}
	return GPF_OK;
}

/* The row's entries in gpo/manifest.xml, Import-GPOs.ps1 and the report. */
static int
index_row(struct batch *t, struct row_job *j, struct gpf_error *err)
{
	struct ps_gpo ps = { gpf_buf_str(&j->name), j->backup.backup_id,
			     j->ou };
	struct report_gpo r = { &j->backup, j->ou, j->path,
				t->lists[j->list].file, j->group };
	struct gpf_buf entry = { 0 };
	int status = GPF_OK;

	gpo_manifest_entry(j->files, &entry);
	if (fwrite(entry.data, 1, entry.len, t->manifest) != entry.len)
		status = gpf_fail(err, GPF_IOERR, "%s: %s", t->manifest_path,
				  strerror(errno));
	gpf_buf_free(&entry);
	if (status == GPF_OK)
		status = ps_import_gpos_add(t->import, t->import_path, &ps,
					    j->index, err);
	if (status == GPF_OK &&
	    links_csv_add(t->links, &ps, t->lists[j->list].file) != 0)
		status = gpf_fail(err, GPF_IOERR, "%s: %s", t->links_path,
				  strerror(errno));

	/* The report shows the first GPO's settings; the rest differ only
	 * in their path, which their own sections give. */
	if (j->index > 0)
		j->backup.setting_count = 0;
	if (status == GPF_OK)
		status = report_add(t->report, &r, err);
	return status;
}

/* Releases what the slot's row holds, keeping the buffers. */
static void
clear_job(struct row_job *j)
{
	size_t i;

	settings_free(&j->settings);
	free(j->ou), free(j->group), free(j->path), free(j->zip);
	j->ou = j->group = j->path = j->zip = NULL;
	for (i = 0; i < GPO_BACKUP_FILES; i++) {
		gpf_buf_clear(&j->files[i]);
		gpf_buf_clear(&j->packed[i]);
	}
}

/* Finishes the oldest row given, once a worker has made it. */
static int
finish_job(struct batch *t, struct gpf_error *err)
{
	struct row_queue *q = &t->queue;
	struct row_job *j = &q->jobs[q->finished_count % q->slots];
	const struct build_options *o = t->b->o;
	int status;

	pthread_mutex_lock(&q->lock);
	while (!j->done)
		pthread_cond_wait(&q->finished, &q->lock);
	pthread_mutex_unlock(&q->lock);

	/* A worker's message names a file of the row, not the row. */
	status = j->status;
	if (status != GPF_OK)
		gpf_fail(err, j->err.status, "%s: line %lu: %s", o->ou_csv,
			 j->line, j->err.message);
	if (status == GPF_OK)
		status = spool_row(t, j, err);
	if (status == GPF_OK)
		status = index_row(t, j, err);
	clear_job(j);
	q->finished_count++;
	t->gpo_count++;
	if (o->progress != NULL)
		o->progress(t->gpo_count, t->names.count, o->progress_arg);
	return status;
}

/* One worker per core, or one. */
static size_t
worker_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (size_t)n;
}

static int
start_workers(struct batch *t, struct gpf_error *err)
{
	struct row_queue *q = &t->queue;
	size_t i;
	int status = GPF_OK;

	q->worker_count = worker_count();
	q->slots = 4 * q->worker_count;
	q->jobs = gpf_xrealloc(NULL, q->slots * sizeof(*q->jobs));
	memset(q->jobs, 0, q->slots * sizeof(*q->jobs));
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->ready, NULL);
	pthread_cond_init(&q->finished, NULL);
	q->workers = gpf_xrealloc(NULL, q->worker_count * sizeof(*q->workers));
	memset(q->workers, 0, q->worker_count * sizeof(*q->workers));
	q->started = 1;

	/* libxml2 documents and zlib streams are per thread: each worker
	 * gets its own skeletons (parsed here) and deflater. */
	bundle_prepare_threads();
	for (i = 0; status == GPF_OK && i < q->worker_count; i++) {
		struct worker *w = &q->workers[i];

		w->t = t;
		w->deflater = bundle_deflater_new();
		status =
		    gpo_skeletons_load(&w->skeletons, t->b->o->templates, err);
		if (status == GPF_OK &&
		    (errno = pthread_create(&w->thread, NULL, work, w)) != 0)
			status = gpf_fail(err, GPF_IOERR,
					  "cannot start a thread: %s",
					  strerror(errno));
		w->running = status == GPF_OK;
	}
	return status;
}

/* Lets the workers finish (or, when stop is set, drop) what is given. */
static void
stop_workers(struct batch *t, int stop)
{
	struct row_queue *q = &t->queue;
	size_t i;

	if (!q->started)
		return;
	pthread_mutex_lock(&q->lock);
	q->ending = 1;
	q->stop = stop;
	pthread_cond_broadcast(&q->ready);
	pthread_mutex_unlock(&q->lock);
	for (i = 0; i < q->worker_count; i++) {
		if (q->workers[i].running)
			pthread_join(q->workers[i].thread, NULL);
		q->workers[i].running = 0;
	}
}

static void
free_workers(struct batch *t)
{
	struct row_queue *q = &t->queue;
	size_t i, k;

	if (!q->started)
		return;
	stop_workers(t, 1);
	for (i = 0; i < q->worker_count; i++) {
		gpo_skeletons_free(q->workers[i].skeletons);
		bundle_deflater_free(q->workers[i].deflater);
	}
	for (i = 0; i < q->slots; i++) {
		clear_job(&q->jobs[i]);
		gpf_buf_free(&q->jobs[i].name);
		for (k = 0; k < GPO_BACKUP_FILES; k++) {
			gpf_buf_free(&q->jobs[i].files[k]);
			gpf_buf_free(&q->jobs[i].packed[k]);
		}
		gpf_buf_free(&q->jobs[i].own[0]);
		gpf_buf_free(&q->jobs[i].own[1]);
	}
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->ready);
	pthread_cond_destroy(&q->finished);
	free(q->jobs);
	free(q->workers);
	q->started = 0;
}

static int
write_rows(struct batch *t, struct gpf_error *err)
{
	struct row_queue *q = &t->queue;
	const struct ou_row *row;
	int rc, status;

	status = ou_csv_rewind(t->csv, err);
	if (status == GPF_OK)
		status = start_workers(t, err);
	while (status == GPF_OK && (rc = ou_csv_next(t->csv, &row, err)) != 0) {
		if (rc < 0) {
			status = err->status;
			break;
		}
		if (q->given - q->finished_count == q->slots)
			status = finish_job(t, err);
		if (status == GPF_OK)
			status = give_job(t, row, err);
	}
	stop_workers(t, status != GPF_OK);
	while (status == GPF_OK && q->finished_count < q->given)
		status = finish_job(t, err);
	return status;
}

static int
write_intune_groups(struct batch *t, struct gpf_error *err)
{
	const struct list_file *l;
	char rel[64], name[512];
	size_t i;
	int status;

	status = build_write_intune(t->b, "intune", t->b->o->gpo_name, NULL,
				    &t->b->senders);
	for (i = 0; status == GPF_OK && i < t->group_count; i++) {
		/* Groups are kept normalised: 36 lower-case characters. */
		snprintf(rel, sizeof(rel), "intune/%s", t->groups[i].id);
		snprintf(name, sizeof(name), "%s (%s)", t->b->o->gpo_name,
			 t->groups[i].id);
		l = &t->lists[t->groups[i].list];
		status = build_write_intune(t->b, rel, name, t->groups[i].id,
					    l->source ? &l->senders
						      : &t->b->senders);
	}
	(void)err;
	return status;
}

/* The entries of every backup, as the spool holds them. */
static struct bundle_entry *
spooled_entries(struct batch *t, size_t *count)
{
	struct bundle_entry *e;
	size_t i, j, n = 0;

	e = gpf_xrealloc(NULL, (t->spooled_count * GPO_BACKUP_FILES + 1) *
				   sizeof(*e));
	for (i = 0; i < t->spooled_count; i++)
		for (j = 0; j < GPO_BACKUP_FILES; j++, n++) {
			t->spooled[i].files[j].fd = fileno(t->spool);
			e[n] = (struct bundle_entry){
				backup_entry_name(t->spooled[i].backup_id, j),
				NULL, NULL, 0, &t->spooled[i].files[j]
			};
		}
	*count = n;
	return e;
}

static int
write_bundles(struct batch *t, struct gpf_error *err)
{
	static const char *const intune[] = { "intune", "allowlists" };
	size_t extra = t->b->o->no_allowlists ? 0 : 1;
	const char **gpo =
	    gpf_xrealloc(NULL, (t->list_count + 6) * sizeof(char *));
	char *zip = build_join(t->b->staging, "bundles/gpo-backup.zip");
	struct bundle_entry *backups = NULL;
	size_t i, n = 0, count = 0;
	int status = GPF_OK;

	gpo[n++] = "PolicyDefinitions";
	gpo[n++] = "gpo/manifest.xml";
	gpo[n++] = "gpo/Import-GPOs.ps1";
	gpo[n++] = "gpo/links.csv";
	gpo[n++] = "report.html";
	if (extra)
		gpo[n++] = "allowlists";
	for (i = 0; i < t->list_count; i++)
		gpo[n++] = t->lists[i].file;
	if (fflush(t->spool) != 0)
		status = gpf_fail(err, GPF_IOERR, "%s: scratch file: %s",
				  t->b->staging, strerror(errno));
	if (status == GPF_OK) {
		backups = spooled_entries(t, &count);
		status = bundle_write_with(zip, t->b->staging, gpo, n, backups,
					   count, build_zip_time(t->b), err);
	}
	for (i = 0; i < count; i++)
		free((char *)backups[i].name);
	free(backups);
	free(zip);
	zip = build_join(t->b->staging, "bundles/intune.zip");
	if (status == GPF_OK)
		status = bundle_write(zip, t->b->staging, intune, 1 + extra,
				      build_zip_time(t->b), err);
	free(zip);
	free(gpo);
	return status;
}

static void
batch_free(struct batch *t)
{
	size_t i;

	for (i = 0; i < t->list_count; i++) {
		free(t->lists[i].source);
		free(t->lists[i].file);
		senders_free(&t->lists[i].senders);
		gpf_buf_free(&t->lists[i].packed.stream);
	}
	for (i = 0; i < t->group_count; i++)
		free(t->groups[i].id);
	close_index(t, GPF_IOERR, NULL);
	free(t->lists), free(t->groups);
	free(t->ous.hashes), free(t->ous.lines);
	free(t->names.hashes), free(t->names.lines);
	free(t->zips.hashes), free(t->zips.lines);
	free(t->list_names.hashes), free(t->list_names.lines);
	free(t->ids.hashes), free(t->ids.lines);
	free(t->csv_dir);
	free(t->gpo_dir);
	free(t->manifest_path);
	free(t->import_path);
	free(t->links_path);
	ou_csv_close(t->csv);
	gpo_skeletons_free(t->skeletons);
	gpf_buf_free(&t->manifest_head);
	gpf_buf_free(&t->manifest_tail);
	free_workers(t);
	bundle_deflater_free(t->deflater);
	gpf_buf_free(&t->script_head.stream);
	gpf_buf_free(&t->script_tail.stream);
	if (t->spool != NULL)
		fclose(t->spool);
	free(t->spooled);
}

/* What the rows are written into: the skeletons, folders and lists. */
static int
prepare_rows(struct batch *t, struct gpf_error *err)
{
	struct build *b = t->b;
	char *ou_dir = build_join(b->staging, "bundles/ou");
	int status;

	t->gpo_dir = build_join(b->staging, "gpo");
	t->deflater = bundle_deflater_new();
	t->zip_time = build_zip_time(b);
	status = gpo_skeletons_load(&t->skeletons, b->o->templates, err);
	if (status == GPF_OK &&
	    (t->spool = outfile_scratch(b->staging, err)) == NULL)
		status = err->status;
	if (status == GPF_OK)
		status = gpo_manifest_frame(t->skeletons, &t->manifest_head,
					    &t->manifest_tail, err);
	if (status == GPF_OK)
		status = outfile_mkdirs(ou_dir, err);
	if (status == GPF_OK)
		status = outfile_mkdirs(t->gpo_dir, err);
	if (status == GPF_OK)
		status = write_lists(t, err);
	if (status == GPF_OK)
		status = pack_script_parts(t, err);
	free(ou_dir);
	return status;
}

int
batch_write(struct build *b)
{
	struct gpf_error *err = b->err;
	struct batch t;
	int status;

	memset(&t, 0, sizeof(t));
	t.b = b;
	t.csv_dir = dir_of(b->o->ou_csv);

	/* The staging folder keeps the table's copy for the second pass. */
	status = ou_csv_open(&t.csv, b->o->ou_csv, b->staging, err);
	if (status == GPF_OK)
		status = check_all(&t, err);
	if (status == GPF_OK)
		status = prepare_rows(&t, err);
	if (status == GPF_OK)
		status = open_index(&t, err);
	if (status == GPF_OK)
		status = write_rows(&t, err);
	status = close_index(&t, status, err);
	if (status == GPF_OK)
		status = write_intune_groups(&t, err);
	if (status == GPF_OK)
		status = build_write_allowlists(b);
	if (status == GPF_OK)
		status = write_bundles(&t, err);
	b->result->gpo_count = t.gpo_count;
	batch_free(&t);
	return status;
}
