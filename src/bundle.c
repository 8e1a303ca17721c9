/*
 * bundle.c - write the zip bundle.
 *
 * The files are found first, so a missing input fails before anything is
 * created.  Their names are sorted and each file is read into memory, so
 * the archive depends on names and contents alone: not on readdir order,
 * and (with a fixed mtime) not on anything stat reports.  libzip then
 * writes the archive to outfile's temporary name, which is renamed into
 * place.
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
	if (e->path != NULL) {
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

static int
fill_entries(const char *tmp_path, const char *zip_path,
	     const struct bundle_entry *entries, size_t count, long long mtime,
	     struct gpf_error *err)
{
	zip_source_t *src = NULL;
	zip_error_t ze;
	time_t when;
	zip_t *za;
	size_t i;
	int code, status = GPF_OK;

	if ((za = zip_open(tmp_path, ZIP_CREATE | ZIP_TRUNCATE, &code)) ==
	    NULL) {
		zip_error_init_with_code(&ze, code);
		gpf_fail(err, GPF_CANTCREAT, "%s: %s", zip_path,
			 zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return GPF_CANTCREAT;
	}
	for (i = 0; status == GPF_OK && i < count; i++) {
		status =
		    given_source(za, &entries[i], &src, &when, zip_path, err);
		if (status == GPF_OK)
			status = add_source(za, entries[i].name, src,
					    mtime >= 0 ? (time_t)mtime : when,
					    zip_path, err);
	}
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
	struct name_list files = { 0 };
	struct bundle_entry *entries = NULL;
	size_t i;
	int status;

	status = collect(&files, root, include, n_include, err);
	if (status == GPF_OK && files.n > 0) {
		entries = gpf_xrealloc(NULL, files.n * sizeof(*entries));
		for (i = 0; i < files.n; i++)
			entries[i] =
			    (struct bundle_entry){ files.v[i],
						   join(root, files.v[i],
							strlen(files.v[i])),
						   NULL, 0 };
	}
	if (status == GPF_OK)
		status = bundle_write_entries(zip_path, entries, files.n, mtime,
					      err);
	for (i = 0; entries != NULL && i < files.n; i++)
		free((char *)entries[i].path);
	free(entries);
	names_free(&files);
	return status;
}

int
bundle_write_entries(const char *zip_path, const struct bundle_entry *entries,
		     size_t count, long long mtime, struct gpf_error *err)
{
	struct bundle_entry *sorted;
	int status;

	if ((status = check_destination(zip_path, err)) != GPF_OK)
		return status;
	if (count == 0)
		return outfile_write_new(zip_path,
					 "PK\5\6\0\0\0\0\0\0\0\0"
					 "\0\0\0\0\0\0\0\0\0\0",
					 22, err);
	sorted = gpf_xrealloc(NULL, count * sizeof(*sorted));
	memcpy(sorted, entries, count * sizeof(*sorted));
	qsort(sorted, count, sizeof(*sorted), by_entry_name);
	status = fill_entries(zip_path, zip_path, sorted, count, mtime, err);
	free(sorted);
	return status;
}
