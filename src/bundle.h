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

/* One entry of bundle_write_entries: a file on disk, or bytes. */
struct bundle_entry {
	const char *name; /* in the archive, '/'-separated */
	const char *path; /* the file, or NULL for data */
	const void *data;
	size_t len;
};

/*
 * Writes zip_path from the given entries (sorted by name here), with the
 * same guarantees as bundle_write: for archives whose files do not sit
 * in one folder under their archive names.  Names must be distinct.
 */
int bundle_write_entries(const char *zip_path,
			 const struct bundle_entry *entries, size_t count,
			 long long mtime, struct gpf_error *err);

#endif
