/*
 * intune_kit.c - write the intune/ folder.
 */
#include "intune_kit.h"
#include "intune_graph.h"
#include "omacsv.h"
#include "outfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What writes one file's content to an open stream. */
typedef int (*kit_writer)(FILE *out, const char *path,
			  const struct intune_kit *k, size_t file,
			  struct gpf_error *err);

/*
 * The kit's files, each written to a temporary file beside its place and
 * renamed there only once all are written: a file refused half way (a
 * link, a folder in the way) leaves the earlier kit as it was.
 */
struct kit_files {
	struct outfile *items;
	size_t count;
};

static int
stage_file(struct kit_files *staged, const char *dir, const char *name,
	   kit_writer writer, const struct intune_kit *k, size_t file,
	   struct gpf_error *err)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = gpf_xrealloc(NULL, n);
	struct outfile out;
	int status;

	snprintf(path, n, "%s/%s", dir, name);
	status = outfile_open(&out, path, err);
	if (status == GPF_OK) {
		status = writer(out.fp, path, k, file, err);
		if (status != GPF_OK)
			outfile_abort(&out);
	}
	free(path);
	if (status != GPF_OK)
		return status;

	staged->items = gpf_xrealloc(staged->items, (staged->count + 1) *
							sizeof(*staged->items));
	staged->items[staged->count++] = out;
	return GPF_OK;
}

/* Renames every staged file into place when status is GPF_OK; else, or
 * after a failed rename, removes the temporary files that are left. */
static int
commit_files(struct kit_files *staged, int status, struct gpf_error *err)
{
	size_t i;

	for (i = 0; i < staged->count; i++) {
		if (status == GPF_OK)
			status = outfile_commit(&staged->items[i], err);
		else
			outfile_abort(&staged->items[i]);
	}
	free(staged->items);
	return status;
}

static int
profile_writer(FILE *out, const char *path, const struct intune_kit *k,
	       size_t file, struct gpf_error *err)
{
	(void)file;
	return graph_write_profile(out, path, k->profile, k->display_name,
				   k->description, err);
}

static int
assign_writer(FILE *out, const char *path, const struct intune_kit *k,
	      size_t file, struct gpf_error *err)
{
	(void)file;
	return graph_write_assign(out, path, k->group, err);
}

static int
csv_writer(FILE *out, const char *path, const struct intune_kit *k, size_t file,
	   struct gpf_error *err)
{
	(void)file;
	return omacsv_write(out, path, k->profile, err);
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int
upload_writer(FILE *out, const char *path, const struct intune_kit *k,
	      size_t file, struct gpf_error *err)
{
	const struct admx_file *f = k->files[file];
	struct gpf_buf admx = { 0 }, adml = { 0 };
	int status;

	if (f->adml_path == NULL)
		return gpf_fail(err, GPF_NOINPUT,
				"%s: no en-US ADML to upload "
				"with it",
				f->path);
	status = intune_admx_text(f, &admx, err);
	if (status == GPF_OK)
		status = gpf_buf_read_file(&adml, f->adml_path, err);
	if (status == GPF_OK)
		status =
		    graph_write_upload(out, path, base_name(f->path), &admx,
				       base_name(f->adml_path), &adml, err);
	gpf_buf_free(&admx);
	gpf_buf_free(&adml);
	return status;
}

static int
stage_uploads(struct kit_files *staged, const struct intune_kit *k,
	      const char *dir, struct gpf_error *err)
{
	char name[512], *dot;
	size_t i;
	int status = GPF_OK;

	for (i = 0; status == GPF_OK && i < k->file_count; i++) {
		if (k->file_count == 1) {
			snprintf(name, sizeof(name), "admx-upload.json");
		} else {
			snprintf(name, sizeof(name), "admx-upload-%s",
				 base_name(k->files[i]->path));
			if ((dot = strrchr(name, '.')) != NULL)
				*dot = '\0';
			strncat(name, ".json", sizeof(name) - strlen(name) - 1);
		}
		status =
		    stage_file(staged, dir, name, upload_writer, k, i, err);
	}
	return status;
}

/* An assign.json from an earlier run would assign this profile too. */
static int
remove_stale(const char *dir, const char *name, struct gpf_error *err)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = gpf_xrealloc(NULL, n);
	int status = GPF_OK;

	snprintf(path, n, "%s/%s", dir, name);
	if (unlink(path) != 0 && errno != ENOENT)
		status = gpf_fail(err, GPF_CANTCREAT, "%s: %s", path,
				  strerror(errno));
	free(path);
	return status;
}

int
intune_write_kit(const struct intune_kit *k, const char *dir,
		 struct gpf_error *err)
{
	struct kit_files staged = { 0 };
	int status;

	status = outfile_mkdirs(dir, err);
	if (status == GPF_OK)
		status = stage_file(&staged, dir, "profile.json",
				    profile_writer, k, 0, err);
	if (status == GPF_OK && k->group != NULL)
		status = stage_file(&staged, dir, "assign.json", assign_writer,
				    k, 0, err);
	if (status == GPF_OK)
		status = stage_file(&staged, dir, "oma-uri.csv", csv_writer, k,
				    0, err);
	if (status == GPF_OK)
		status = stage_uploads(&staged, k, dir, err);
	status = commit_files(&staged, status, err);

	if (status == GPF_OK && k->group == NULL)
		status = remove_stale(dir, "assign.json", err);
	return status;
}
