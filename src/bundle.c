/*
 * bundle.c - write the zip bundle.
 *
 * The files are found first, so a missing input fails before anything is
 * created.  Entries are sorted by name and libzip reads each file only
 * while it compresses it, so the archive depends on names and contents
 * alone: not on readdir order, and (with a fixed mtime) not on anything
 * stat reports.  Data deflated already (bundle_deflate, with libzip's
 * own settings) is handed to libzip through a source that says so, and
 * stored as it is.  libzip writes the archive under a temporary name
 * that is renamed into place, or (bundle_write_new) into memory.
 */
#include "bundle.h"
#include "gpf_buf.h"
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

/* What every entry claims to be: a regular file, rw-r--r--. */
#define ENTRY_UNIX_MODE 0100644u

struct name_list {
	char **v;
	size_t n, cap;
};

static void
names_add(struct name_list *l, char *name)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = gpf_xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = name;
}

static void
names_free(struct name_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts by strcmp and drops names found twice through nested includes. */
static void
names_sort_unique(struct name_list *l)
{
	size_t i, kept = 0;

	if (l->n == 0)
		return;
	qsort(l->v, l->n, sizeof(*l->v), by_name);
	for (i = 0; i < l->n; i++) {
		if (kept > 0 && strcmp(l->v[kept - 1], l->v[i]) == 0)
			free(l->v[i]);
		else
			l->v[kept++] = l->v[i];
	}
	l->n = kept;
}

/* "dir/" followed by the first n bytes of name; no "//" if dir ends so. */
static char *
join(const char *dir, const char *name, size_t n)
{
	size_t dlen = strlen(dir), size = dlen + n + 2;
	const char *sep = dlen > 0 && dir[dlen - 1] == '/' ? "" : "/";
	char *path = gpf_xrealloc(NULL, size);

	snprintf(path, size, "%s%s%.*s", dir, sep, (int)n, name);
	return path;
}

/* --- finding the files ----------------------------------------------- */

static int walk(struct name_list *files, const char *root, const char *name,
		struct gpf_error *err);

/* Walks each entry of the folder path, which is root/name. */
static int
walk_dir(struct name_list *files, const char *root, const char *name,
	 const char *path, struct gpf_error *err)
{
	struct dirent *e;
	char *child;
	DIR *d;
	int status = GPF_OK;

	if ((d = opendir(path)) == NULL)
		return gpf_fail(err, GPF_NOINPUT, "%s: %s", path,
				strerror(errno));

	/* errno is how readdir tells an error from the end of the folder. */
	while (status == GPF_OK && (errno = 0, e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		child = join(name, e->d_name, strlen(e->d_name));
		status = walk(files, root, child, err);
		free(child);
	}
	if (status == GPF_OK && e == NULL && errno != 0)
		status =
		    gpf_fail(err, GPF_IOERR, "%s: %s", path, strerror(errno));

	closedir(d);
	return status;
}

/* Adds name if it is a regular file, or the files below it. */
static int
walk(struct name_list *files, const char *root, const char *name,
     struct gpf_error *err)
{
	char *path = join(root, name, strlen(name));
	struct stat st;
	int status = GPF_OK;

	/* lstat, so a symbolic link is seen as one and left out. */
	if (lstat(path, &st) != 0)
		status =
		    gpf_fail(err, GPF_NOINPUT, "%s: %s", path, strerror(errno));
	else if (S_ISREG(st.st_mode))
		names_add(files, gpf_xstrdup(name));
	else if (S_ISDIR(st.st_mode))
		status = walk_dir(files, root, name, path, err);

	free(path);
	return status;
}

/* A relative name with no empty, "." or ".." part stays inside root. */
static int
is_plain_name(const char *name)
{
	size_t n;

	for (;;) {
		n = strcspn(name, "/");
		if (n == 0 || (n == 1 && name[0] == '.') ||
		    (n == 2 && strncmp(name, "..", 2) == 0))
			return 0;
		if (name[n] == '\0')
			return 1;
		name += n + 1;
	}
}

/*
 * Whether a folder on the way to name ("gpo" for "gpo/x") is a symbolic
 * link; lstat follows those, so the walk would leave root through it.
 */
static int
through_link(const char *root, const char *name)
{
	const char *slash = strchr(name, '/');
	struct stat st;
	char *path;
	int link = 0;

	for (; slash != NULL && !link; slash = strchr(slash + 1, '/')) {
		path = join(root, name, (size_t)(slash - name));
		link = lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
		free(path);
	}
	return link;
}

static int
collect(struct name_list *files, const char *root, const char *const *include,
	size_t n_include, struct gpf_error *err)
{
	size_t i;
	int status = GPF_OK;

	for (i = 0; status == GPF_OK && i < n_include; i++) {
		if (!is_plain_name(include[i]))
			return gpf_fail(err, GPF_USAGE,
					"%s: an include name must be relative "
					"and have no empty, '.' or '..' parts",
					include[i]);
		if (!through_link(root, include[i]))
			status = walk(files, root, include[i], err);
	}

	if (status == GPF_OK)
		names_sort_unique(files);
	return status;
}

/* --- data deflated already -------------------------------------------- */

/* The zip settings: level 6 is zlib's and zip's default (libzip's own
 * is 9); raw deflate with libzip's window and memory level, so that an
 * entry deflated here is what libzip would have made of the bytes. */
#define DEFLATE_LEVEL	  6
#define DEFLATE_WINDOW	  (-15)
#define DEFLATE_MEM_LEVEL 9

struct bundle_deflater {
	z_stream z;
	int ready;
};

struct bundle_deflater *
bundle_deflater_new(void)
{
	struct bundle_deflater *d = gpf_xrealloc(NULL, sizeof(*d));

	memset(d, 0, sizeof(*d));
	return d;
}

void
bundle_deflater_free(struct bundle_deflater *d)
{
	if (d != NULL && d->ready)
		deflateEnd(&d->z);
	free(d);
}

int
bundle_deflate(struct bundle_deflater *d, const void *data, size_t len,
	       struct gpf_buf *out, struct bundle_deflated *result,
	       struct gpf_error *err)
{
	return bundle_deflate_part(d, data, len, 1, out, result, err);
}

int
bundle_deflate_part(struct bundle_deflater *d, const void *data, size_t len,
		    int last, struct gpf_buf *out,
		    struct bundle_deflated *result, struct gpf_error *err)
{
	const unsigned char *in = data;
	size_t start = out->len, chunk, room;
	int rc, done = last ? Z_STREAM_END : Z_OK;

	/* A reset stream deflates as a new one, without allocating. */
	if (d->ready)
		rc = deflateReset(&d->z);
	else if ((rc = deflateInit2(&d->z, DEFLATE_LEVEL, Z_DEFLATED,
				    DEFLATE_WINDOW, DEFLATE_MEM_LEVEL,
				    Z_DEFAULT_STRATEGY)) == Z_OK)
		d->ready = 1;
	result->crc = crc32(0L, Z_NULL, 0);
	while (rc == Z_OK) {
		if (d->z.avail_in == 0 && len > 0) {
			chunk = len > (1u << 30) ? (1u << 30) : len;
			result->crc = crc32(result->crc, in, (uInt)chunk);
			d->z.next_in = (Bytef *)in;
			d->z.avail_in = (uInt)chunk;
			in += chunk;
			len -= chunk;
		}
		gpf_buf_reserve(out, deflateBound(&d->z, d->z.avail_in) + 64);
		room = out->cap - out->len - 1;
		d->z.next_out = out->data + out->len;
		d->z.avail_out = room > (1u << 30) ? (1u << 30) : (uInt)room;
		room = d->z.avail_out;
		rc = deflate(&d->z, len > 0 ? Z_NO_FLUSH
				    : last  ? Z_FINISH
					    : Z_SYNC_FLUSH);
		out->len += room - d->z.avail_out;

		/* A flushed part is whole once deflate has room to spare. */
		if (!last && rc == Z_OK && len == 0 && d->z.avail_in == 0 &&
		    d->z.avail_out > 0)
			break;
	}
	out->data[out->len] = '\0';
	if (rc != done)
		return gpf_fail(err, GPF_IOERR, "deflate failed (zlib %d)", rc);
	result->comp_len = out->len - start;
	result->size = (size_t)d->z.total_in;
	return GPF_OK;
}

void
bundle_deflated_append(struct bundle_deflated *d,
		       const struct bundle_deflated *part)
{
	d->crc = crc32_combine(d->crc, part->crc, (z_off_t)part->size);
	d->comp_len += part->comp_len;
	d->size += part->size;
}

/* What libzip reads a deflated entry through. */
struct deflated_source {
	const struct bundle_deflated *d;
	size_t done;
	zip_error_t error;
};

static zip_int64_t
read_deflated(struct deflated_source *s, unsigned char *buf, zip_uint64_t len)
{
	const struct bundle_deflated *d = s->d;
	size_t n = d->comp_len - s->done;
	ssize_t got;

	if (n > len)
		n = (size_t)len;
	if (n == 0)
		return 0;
	if (d->data != NULL) {
		memcpy(buf, (const unsigned char *)d->data + s->done, n);
	} else {
		do
			got = pread(d->fd, buf, n,
				    (off_t)(d->offset + (long long)s->done));
		while (got < 0 && errno == EINTR);
		if (got <= 0) {
			zip_error_set(&s->error, ZIP_ER_READ,
				      got < 0 ? errno : EIO);
			return -1;
		}
		n = (size_t)got;
	}
	s->done += n;
	return (zip_int64_t)n;
}

/* Stat says the data is deflated: libzip then copies it as it is. */
static zip_int64_t
deflated_callback(void *state, void *data, zip_uint64_t len,
		  zip_source_cmd_t cmd)
{
	struct deflated_source *s = state;
	zip_stat_t *st = data;

	switch (cmd) {
	case ZIP_SOURCE_OPEN: s->done = 0; return 0;
	case ZIP_SOURCE_READ: return read_deflated(s, data, len);
	case ZIP_SOURCE_CLOSE: return 0;
	case ZIP_SOURCE_STAT:
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC |
			    ZIP_STAT_COMP_METHOD;
		st->size = s->d->size;
		st->comp_size = s->d->comp_len;
		st->crc = (zip_uint32_t)s->d->crc;
		st->comp_method = ZIP_CM_DEFLATE;
		return sizeof(*st);
	case ZIP_SOURCE_ERROR: return zip_error_to_data(&s->error, data, len);
	case ZIP_SOURCE_FREE:
		zip_error_fini(&s->error);
		free(s);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(
		    ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
		    ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default: zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0); return -1;
	}
}

static zip_source_t *
deflated_source(zip_t *za, const struct bundle_deflated *d)
{
	struct deflated_source *s = gpf_xrealloc(NULL, sizeof(*s));
	zip_source_t *src;

	s->d = d;
	s->done = 0;
	zip_error_init(&s->error);
	if ((src = zip_source_function(za, deflated_callback, s)) == NULL) {
		zip_error_fini(&s->error);
		free(s);
	}
	return src;
}

/* --- writing the archive --------------------------------------------- */

/* Turns the error libzip recorded on za into err, naming zip_path. */
static int
zip_failure(zip_t *za, const char *zip_path, struct gpf_error *err)
{
	zip_error_t *ze = zip_get_error(za);
	int status = GPF_IOERR;

	if (zip_error_code_zip(ze) == ZIP_ER_TMPOPEN)
		status = GPF_CANTCREAT;
	return gpf_fail(err, status, "%s: %s", zip_path,
			zip_error_strerror(ze));
}

/* Adds src as name, with every attribute set rather than defaulted. */
static int
add_source(zip_t *za, const char *name, zip_source_t *src, time_t when,
	   const char *zip_path, struct gpf_error *err)
{
	zip_int64_t i;

	/* ENC_GUESS marks a UTF-8 name as such and leaves ASCII alone. */
	i = zip_file_add(za, name, src, ZIP_FL_ENC_GUESS);
	if (i < 0) {
		zip_source_free(src);
		return zip_failure(za, zip_path, err);
	}

	/* Set all that libzip would otherwise take from defaults; level 6
	 * is zlib's and zip's default, libzip's own default is 9. */
	if (zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_DEFLATE, 6) ||
	    zip_file_set_mtime(za, (zip_uint64_t)i, when, 0) ||
	    zip_file_set_external_attributes(
		za, (zip_uint64_t)i, 0, ZIP_OPSYS_UNIX, ENTRY_UNIX_MODE << 16))
		return zip_failure(za, zip_path, err);
	return GPF_OK;
}

static int
by_entry_name(const void *a, const void *b)
{
	return strcmp(((const struct bundle_entry *)a)->name,
		      ((const struct bundle_entry *)b)->name);
}

/*
 * A source for one entry: a file, read by libzip only while it
 * compresses it (so memory stays flat however many files a bundle
 * holds), or a copy of the given bytes.
 */
static int
given_source(zip_t *za, const struct bundle_entry *e, zip_source_t **src,
	     time_t *when, const char *zip_path, struct gpf_error *err)
{
	struct gpf_buf data = { 0 };
	struct stat st;

	*when = 0;
	if (e->deflated != NULL) {
		*when = (time_t)e->deflated->mtime;
		*src = deflated_source(za, e->deflated);
	} else if (e->path != NULL) {
		/* A link would be followed: only regular files go in. */
		if (lstat(e->path, &st) != 0)
			return gpf_fail(err, GPF_NOINPUT, "%s: %s", e->path,
					strerror(errno));
		if (!S_ISREG(st.st_mode))
			return gpf_fail(err, GPF_NOINPUT,
					"%s: not a regular "
					"file",
					e->path);
		*when = st.st_mtime;
		*src = zip_source_file(za, e->path, 0, -1);
	} else {
		gpf_buf_append(&data, e->data, e->len);
		*src = zip_source_buffer(za, data.data, data.len, 1);
	}
	if (*src == NULL) {
		gpf_buf_free(&data);
		return zip_failure(za, zip_path, err);
	}
	return GPF_OK;
}

/* libzip's error on opening an archive, as err. */
static int
open_failure(int code, const char *zip_path, struct gpf_error *err)
{
	zip_error_t ze;

	zip_error_init_with_code(&ze, code);
	gpf_fail(err, GPF_CANTCREAT, "%s: %s", zip_path,
		 zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return GPF_CANTCREAT;
}

/* Adds the entries, sorted by name, to za and writes it. */
static int
fill_entries(zip_t *za, const char *zip_path,
	     const struct bundle_entry *entries, size_t count, long long mtime,
	     struct gpf_error *err)
{
	struct bundle_entry *sorted;
	zip_source_t *src = NULL;
	time_t when;
	size_t i;
	int status = GPF_OK;

	sorted = gpf_xrealloc(NULL, count * sizeof(*sorted));
	memcpy(sorted, entries, count * sizeof(*sorted));
	qsort(sorted, count, sizeof(*sorted), by_entry_name);
	for (i = 0; status == GPF_OK && i < count; i++) {
		status =
		    given_source(za, &sorted[i], &src, &when, zip_path, err);
		if (status == GPF_OK)
			status = add_source(za, sorted[i].name, src,
					    mtime >= 0 ? (time_t)mtime : when,
					    zip_path, err);
	}
	free(sorted);
	if (status == GPF_OK && zip_close(za) == 0)
		return GPF_OK;
	if (status == GPF_OK)
		status = zip_failure(za, zip_path, err);
	zip_discard(za);
	return status;
}

/*
 * Refuses what outfile_open refuses (a symbolic link, a folder) without
 * making a temporary file: libzip writes its own beside zip_path and
 * renames it into place, so one file is made per archive, not two, and
 * none is deleted (a batch makes thousands; ext4 slows down on inodes
 * freed and taken again).
 */
static int
check_destination(const char *zip_path, struct gpf_error *err)
{
	char *dir = gpf_xstrdup(zip_path), *slash = strrchr(dir, '/');
	struct stat st;
	int missing;

	/* libzip would say "Failure to create temporary file" instead. */
	if (slash != NULL)
		*slash = '\0';
	missing = slash != NULL && *dir != '\0' && stat(dir, &st) != 0;
	free(dir);
	if (missing)
		return gpf_fail(err, GPF_CANTCREAT, "%s: %s", zip_path,
				strerror(errno));
	if (lstat(zip_path, &st) != 0)
		return GPF_OK;
	if (S_ISLNK(st.st_mode))
		return gpf_fail(err, GPF_CANTCREAT,
				"%s: refusing to write "
				"through a symbolic link",
				zip_path);
	if (S_ISDIR(st.st_mode))
		return gpf_fail(err, GPF_CANTCREAT, "%s: is a directory",
				zip_path);
	return GPF_OK;
}

int
bundle_write(const char *zip_path, const char *root, const char *const *include,
	     size_t n_include, long long mtime, struct gpf_error *err)
{
	return bundle_write_with(zip_path, root, include, n_include, NULL, 0,
				 mtime, err);
}

int
bundle_write_with(const char *zip_path, const char *root,
		  const char *const *include, size_t n_include,
		  const struct bundle_entry *extra, size_t n_extra,
		  long long mtime, struct gpf_error *err)
{
	struct name_list files = { 0 };
	struct bundle_entry *entries;
	size_t i;
	int status;

	status = collect(&files, root, include, n_include, err);
	entries =
	    gpf_xrealloc(NULL, (files.n + n_extra + 1) * sizeof(*entries));
	for (i = 0; i < files.n; i++)
		entries[i] = (struct bundle_entry){
			files.v[i], join(root, files.v[i], strlen(files.v[i])),
			NULL, 0, NULL
		};
	for (i = 0; i < n_extra; i++)
		entries[files.n + i] = extra[i];
	if (status == GPF_OK)
		status = bundle_write_entries(zip_path, entries,
					      files.n + n_extra, mtime, err);
	for (i = 0; i < files.n; i++)
		free((char *)entries[i].path);
	free(entries);
	names_free(&files);
	return status;
}

/* The 22 bytes of a zip with no entries: its end record. */
static const char empty_zip[] = "PK\5\6\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

int
bundle_write_entries(const char *zip_path, const struct bundle_entry *entries,
		     size_t count, long long mtime, struct gpf_error *err)
{
	zip_t *za;
	int code, status;

	if ((status = check_destination(zip_path, err)) != GPF_OK)
		return status;
	if (count == 0)
		return outfile_write_new(zip_path, empty_zip, 22, err);

	/* libzip writes beside zip_path and renames into place. */
	if ((za = zip_open(zip_path, ZIP_CREATE | ZIP_TRUNCATE, &code)) == NULL)
		return open_failure(code, zip_path, err);
	return fill_entries(za, zip_path, entries, count, mtime, err);
}

/* Appends what the buffer source src holds to out. */
static int
read_back(zip_source_t *src, struct gpf_buf *out, const char *zip_path,
	  struct gpf_error *err)
{
	unsigned char chunk[16384];
	zip_int64_t n = 0;

	if (zip_source_open(src) < 0)
		n = -1;
	while (n >= 0 && (n = zip_source_read(src, chunk, sizeof(chunk))) > 0)
		gpf_buf_append(out, chunk, (size_t)n);
	if (n == 0)
		zip_source_close(src);
	if (n < 0)
		return gpf_fail(err, GPF_IOERR, "%s: %s", zip_path,
				zip_error_strerror(zip_source_error(src)));
	return GPF_OK;
}

void
bundle_prepare_threads(void)
{
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, NULL);
	zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, NULL) : NULL;

	if (za != NULL)
		zip_discard(za);
	else
		zip_source_free(src);
}

int
bundle_write_new(const char *zip_path, const struct bundle_entry *entries,
		 size_t count, long long mtime, struct gpf_error *err)
{
	struct gpf_buf bytes = { 0 };
	zip_source_t *src;
	zip_error_t ze;
	zip_t *za;
	int status;

	if (count == 0)
		return outfile_write_new(zip_path, empty_zip, 22, err);

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL ||
	    (za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
		status = gpf_fail(err, GPF_CANTCREAT, "%s: %s", zip_path,
				  zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return status;
	}
	zip_error_fini(&ze);

	/* Kept past zip_close, which writes the archive into it. */
	zip_source_keep(src);
	status = fill_entries(za, zip_path, entries, count, mtime, err);
	if (status == GPF_OK)
		status = read_back(src, &bytes, zip_path, err);
	if (status == GPF_OK)
		status =
		    outfile_write_new(zip_path, bytes.data, bytes.len, err);
	zip_source_free(src);
	gpf_buf_free(&bytes);
	return status;
}
