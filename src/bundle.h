/*
 * bundle.h - the zip bundle: chosen files of a build folder in one archive.
 *
 * A bundle is what gets copied to a domain controller or uploaded to a
 * management console: the GPO backup, the ADMX/ADML templates and their
 * companions, under the names they have in the build folder.  The same
 * files with the same mtime give the same bytes, so a bundle can be
 * checked by its hash.
 *
 * Ownership: bundle_write borrows its arguments and keeps nothing.
 */
#ifndef BUNDLE_H
#define BUNDLE_H

#include <stddef.h>

#include "gpf_buf.h"
#include "gpf_error.h"

/*
 * Writes the zip file zip_path holding the regular files below root
 * whose root-relative paths equal, or lie below, one of the n_include
 * names (e.g. "gpo", "PolicyDefinitions", "SafeSenders.txt").
 *
 * Entries are files only, named root-relative with '/' separators
 * ("gpo/{ID}/Backup.xml"), deflated, in strcmp order of their names,
 * and with no extra fields.  Symbolic links and special files met on the
 * way are left out, never followed.  A file named twice (say by "gpo"
 * and "gpo/x") is stored once.  Every entry is recorded as a 0644
 * regular file, whatever its mode on disk.
 *
 * mtime >= 0 is the modification time of every entry, in seconds since
 * the epoch; then the archive depends only on the files' names and
 * contents.  mtime < 0 keeps each file's own time.  Zip stores times in
 * DOS form: local time (as libzip converts it, so the same bytes need
 * the same TZ, e.g. TZ=UTC), in 2-second steps (an odd second is
 * rounded down), and nothing before 1980.
 *
 * Include names must be relative and plain: no empty, "." or ".."
 * parts (GPF_USAGE).  One that does not exist is GPF_NOINPUT.  If the
 * names hold no regular file at all, the result is an empty archive.
 *
 * The archive is written beside zip_path under a temporary name and
 * renamed over it when complete, so on any failure an earlier zip_path
 * is left as it was.  A zip_path that is a symbolic link or a directory
 * is refused (GPF_CANTCREAT).  libzip reads each file only while it
 * compresses it, so memory does not grow with the bundle.
 */
int bundle_write(const char *zip_path, const char *root,
		 const char *const *include, size_t n_include, long long mtime,
		 struct gpf_error *err);

/*
 * Bytes deflated once (bundle_deflate), to be stored as they are in any
 * number of archives: each entry comes out byte for byte as the bytes
 * themselves would make it.  The deflated stream is at data or, when
 * data is NULL, at offset in the file open as fd.
 */
struct bundle_deflated {
	const void *data;
	int fd;
	long long offset;
	size_t comp_len;
	size_t size;	   /* before deflating */
	unsigned long crc; /* CRC-32 of the bytes before deflating */
	long long mtime;   /* the entry's time when the archive has none */
};

/* One entry of bundle_write_entries: a file on disk, bytes, or both
 * deflated already. */
struct bundle_entry {
	const char *name; /* in the archive, '/'-separated */
	const char *path; /* the file, or NULL for data */
	const void *data;
	size_t len;
	const struct bundle_deflated *deflated; /* if path and data NULL */
};

/*
 * Writes zip_path from the given entries (sorted by name here), with the
 * same guarantees as bundle_write: for archives whose files do not sit
 * in one folder under their archive names.  Names must be distinct.
 */
int bundle_write_entries(const char *zip_path,
			 const struct bundle_entry *entries, size_t count,
			 long long mtime, struct gpf_error *err);

/*
 * bundle_write_entries for a small archive in a fresh folder that is
 * renamed into place as a whole (as outfile_write_new): zip_path must
 * not exist yet, and the archive is made in memory and written at once,
 * with no temporary file to create and rename.
 */
int bundle_write_new(const char *zip_path, const struct bundle_entry *entries,
		     size_t count, long long mtime, struct gpf_error *err);

/*
 * Call once before threads make bundles at the same time: libzip fills
 * two static tables the first time it opens an archive from a source,
 * and two threads doing that first would race.
 */
void bundle_prepare_threads(void);

/* bundle_write, with extra entries (not named like a file found) too. */
int bundle_write_with(const char *zip_path, const char *root,
		      const char *const *include, size_t n_include,
		      const struct bundle_entry *extra, size_t n_extra,
		      long long mtime, struct gpf_error *err);

/*
 * The deflater: one zlib stream, reused for every file it deflates.
 * Ownership: bundle_deflater_new allocates, bundle_deflater_free (NULL
 * too) releases.
 */
struct bundle_deflater;

struct bundle_deflater *bundle_deflater_new(void);
void bundle_deflater_free(struct bundle_deflater *z);

/*
 * Deflates len bytes at data as bundles deflate entries, appending the
 * stream to out and setting comp_len, size and crc in d (the caller says
 * where the stream is kept, and mtime).
 */
int bundle_deflate(struct bundle_deflater *z, const void *data, size_t len,
		   struct gpf_buf *out, struct bundle_deflated *d,
		   struct gpf_error *err);

/*
 * The same for a part of an entry, so that a part many entries share (a
 * fixed head or tail) is deflated once for all: the streams of an
 * entry's parts, in order, make its stream, with d of each part added
 * to the first part's by bundle_deflated_append.  Every part but the
 * last (last 0) ends in a flush, which costs a few bytes, and an entry
 * so made is no longer byte for byte what libzip would make.
 */
int bundle_deflate_part(struct bundle_deflater *z, const void *data, size_t len,
			int last, struct gpf_buf *out,
			struct bundle_deflated *d, struct gpf_error *err);
void bundle_deflated_append(struct bundle_deflated *d,
			    const struct bundle_deflated *part);

#endif
