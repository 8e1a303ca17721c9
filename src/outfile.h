/*
 * outfile.h - output files that are never half-written.
 *
 * Data goes to a new temporary file beside the destination (created with
 * O_EXCL, so nothing existing is followed or reused) and is renamed over
 * the destination only when complete.  A failed or abandoned write leaves
 * whatever was there before untouched.
 */
#ifndef OUTFILE_H
#define OUTFILE_H

#include <stdio.h>

#include "gpf_error.h"

struct outfile {
	char *path;	/* the destination */
	char *tmp_path; /* where the data goes until commit */
	FILE *fp;
};

/*
 * Prepares to write path.  Refuses a destination that is a symbolic link
 * or a directory.  On success o->fp is open for binary writing.
 */
int outfile_open(struct outfile *o, const char *path, struct gpf_error *err);

/* Flushes, syncs and renames into place; o is released either way. */
int outfile_commit(struct outfile *o, struct gpf_error *err);

/* Discards the temporary file; safe to call after a failed commit. */
void outfile_abort(struct outfile *o);

/*
 * Creates path, which must not exist yet (O_EXCL, no symbolic links
 * followed), holding len bytes of data.  For files inside a fresh
 * folder that is itself renamed into place when complete.
 */
int outfile_write_new(const char *path, const void *data, size_t len,
		      struct gpf_error *err);

/*
 * The same for a file written a piece at a time: NULL (err set) when
 * path cannot be created.  outfile_close_new closes it and returns
 * status, or the failure of a write or of the close when status is
 * GPF_OK.
 */
FILE *outfile_open_new(const char *path, struct gpf_error *err);
int outfile_close_new(FILE *fp, const char *path, int status,
		      struct gpf_error *err);

/*
 * A stream into memory for a writer to fill (never NULL: running out of
 * memory ends the process, as gpf_xrealloc does).
 */
FILE *outfile_memory(char **data, size_t *len);

/*
 * Closes mem and, when status is GPF_OK, saves what it holds as the new
 * file path (outfile_write_new); frees *data either way.  Returns
 * status, or the write's failure.
 */
int outfile_save_memory(const char *path, FILE *mem, char **data, size_t *len,
			int status, struct gpf_error *err);

/*
 * A scratch file for reading and writing, with no name, in the folder
 * dir: it is gone when closed.  NULL (err set) when it cannot be made.
 */
FILE *outfile_scratch(const char *dir, struct gpf_error *err);

/* Creates the folder path and any missing parents (mode 0755). */
int outfile_mkdirs(const char *path, struct gpf_error *err);

#endif
