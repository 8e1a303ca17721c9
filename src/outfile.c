/*
 * outfile.c - output files that are never half-written.
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkstemp makes 0600 files; outputs get the usual 0644 less the umask. */
static mode_t
current_umask(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return mask;
}

/* "dir/.name.XXXXXX" for "dir/name". */
static char *
temp_name_for(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = strlen(path) + 16;
	char *tmp = gpf_xrealloc(NULL, n);

	snprintf(tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
	return tmp;
}

int
outfile_open(struct outfile *o, const char *path, struct gpf_error *err)
{
	struct stat st;
	int fd;

	memset(o, 0, sizeof(*o));
	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return gpf_fail(err, GPF_CANTCREAT,
					"%s: refusing to "
					"write through a symbolic link",
					path);
		if (S_ISDIR(st.st_mode))
			return gpf_fail(err, GPF_CANTCREAT,
					"%s: is a "
					"directory",
					path);
	}

	o->path = gpf_xstrdup(path);
	o->tmp_path = temp_name_for(path);
	fd = mkstemp(o->tmp_path);
	if (fd < 0) {
		gpf_fail(err, GPF_CANTCREAT, "%s: %s", path, strerror(errno));
		free(o->tmp_path), o->tmp_path = NULL;
		outfile_abort(o);
		return GPF_CANTCREAT;
	}
	(void)fchmod(fd, 0644 & ~current_umask());
	o->fp = fdopen(fd, "wb");
	if (o->fp == NULL) {
		close(fd);
		gpf_fail(err, GPF_CANTCREAT, "%s: %s", path, strerror(errno));
		outfile_abort(o);
		return GPF_CANTCREAT;
	}
	return GPF_OK;
}

int
outfile_commit(struct outfile *o, struct gpf_error *err)
{
	int failed;

	failed =
	    fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0;
	if (fclose(o->fp) != 0)
		failed = 1;
	o->fp = NULL;
	if (failed || rename(o->tmp_path, o->path) != 0) {
		gpf_fail(err, GPF_IOERR, "%s: %s", o->path, strerror(errno));
		outfile_abort(o);
		return GPF_IOERR;
	}

	free(o->tmp_path), o->tmp_path = NULL;
	free(o->path), o->path = NULL;
	return GPF_OK;
}

void
outfile_abort(struct outfile *o)
{
	if (o->fp != NULL)
		fclose(o->fp);
	if (o->tmp_path != NULL)
		unlink(o->tmp_path);
	free(o->tmp_path);
	free(o->path);
	memset(o, 0, sizeof(*o));
}

int
outfile_write_new(const char *path, const void *data, size_t len,
		  struct gpf_error *err)
{
	const char *p = data;
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0)
		return gpf_fail(err, GPF_CANTCREAT, "%s: %s", path,
				strerror(errno));
	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			gpf_fail(err, GPF_IOERR, "%s: %s", path,
				 strerror(errno));
			close(fd);
			return GPF_IOERR;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) != 0)
		return gpf_fail(err, GPF_IOERR, "%s: %s", path,
				strerror(errno));
	return GPF_OK;
}

FILE *
outfile_open_new(const char *path, struct gpf_error *err)
{
	FILE *fp;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0) {
		gpf_fail(err, GPF_CANTCREAT, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((fp = fdopen(fd, "wb")) == NULL) {
		gpf_fail(err, GPF_CANTCREAT, "%s: %s", path, strerror(errno));
		close(fd);
	}
	return fp;
}

int
outfile_close_new(FILE *fp, const char *path, int status, struct gpf_error *err)
{
	int failed = fflush(fp) != 0 || ferror(fp);

	if (fclose(fp) != 0)
		failed = 1;
	if (failed && status == GPF_OK)
		status = gpf_fail(err, GPF_IOERR, "%s: %s", path,
				  strerror(errno ? errno : EIO));
	return status;
}

FILE *
outfile_scratch(const char *dir, struct gpf_error *err)
{
	char *path = NULL;
	FILE *fp = NULL;
	int fd;

	fd = open(dir, O_RDWR | O_TMPFILE | O_CLOEXEC, 0600);
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR)) {
		/* No O_TMPFILE here: a named file, unlinked at once. */
		path = gpf_xrealloc(NULL, strlen(dir) + 16);
		sprintf(path, "%s/.scratchXXXXXX", dir);
		if ((fd = mkstemp(path)) >= 0)
			unlink(path);
	}
	if (fd >= 0 && (fp = fdopen(fd, "w+b")) == NULL)
		close(fd);
	if (fp == NULL)
		gpf_fail(err, GPF_CANTCREAT,
			 "%s: cannot make a scratch file: %s", dir,
			 strerror(errno));
	free(path);
	return fp;
}

int
outfile_mkdirs(const char *path, struct gpf_error *err)
{
	char *copy = gpf_xstrdup(path), *p, save;
	int status = GPF_OK;

	for (p = copy + 1; status == GPF_OK; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		save = *p;
		*p = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST)
			status = gpf_fail(err, GPF_CANTCREAT, "%s: %s", copy,
					  strerror(errno));
		*p = save;
		if (save == '\0')
			break;
	}
	free(copy);
	return status;
}

FILE *
outfile_memory(char **data, size_t *len)
{
	FILE *mem;

	*data = NULL;
	*len = 0;
	if ((mem = open_memstream(data, len)) == NULL)
		gpf_xrealloc(NULL, SIZE_MAX);
	return mem;
}

int
outfile_save_memory(const char *path, FILE *mem, char **data, size_t *len,
		    int status, struct gpf_error *err)
{
	if (fclose(mem) != 0 && status == GPF_OK)
		status =
		    gpf_fail(err, GPF_IOERR, "%s: %s", path, strerror(errno));
	if (status == GPF_OK)
		status = outfile_write_new(path, *data, *len, err);
	free(*data);
	*data = NULL;
	return status;
}
