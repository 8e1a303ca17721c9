/*
 * fuzz_regpol.c - the registry.pol reader (src/regpol.h).
 *
 * Input: a registry.pol file.  Every record read is shown as LGPO text
 * and as JSON, as "pol dump" shows it, so the dump code meets whatever
 * the reader lets through.  The same bytes are then read as a file (a
 * memfd) and through a pipe, where the reader slides its window over
 * the input (16 bytes at a time in the fuzzing build): both must give
 * the same records and end the same way as the reading from memory, or
 * the harness aborts like a crash.
 */
#include "fuzz.h"
#include "gpf_buf.h"
#include "lgpo.h"
#include "regpol.h"
#include "regpol_json.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* What a reader made of the input, as bytes to compare: each record,
 * then how it ended (with the message unless the input was a pipe,
 * whose size the reader cannot know). */
static void
read_all(struct regpol_reader *r, int dump, int with_message,
	 struct gpf_buf *out)
{
	const struct regpol_record *rec;
	struct gpf_error err;
	int rc;

	while ((rc = regpol_reader_next(r, &rec, &err)) > 0) {
		gpf_buf_append(out, rec->key, strlen(rec->key) + 1);
		gpf_buf_append(out, rec->value, strlen(rec->value) + 1);
		gpf_buf_append(out, &rec->type, sizeof(rec->type));
		gpf_buf_append(out, &rec->size, sizeof(rec->size));
		gpf_buf_append(out, rec->data, rec->size);
		gpf_buf_append(out, &rec->offset, sizeof(rec->offset));
		if (dump) {
			lgpo_dump_record(fuzz_sink(), LGPO_COMPUTER, rec,
					 "fuzz.pol", &err);
			regpol_json_record(fuzz_sink(), LGPO_USER, rec, &err);
		}
	}
	gpf_buf_putc(out, rc < 0 ? 'E' : '.');
	if (rc < 0 && with_message)
		gpf_buf_append(out, err.message, strlen(err.message));
}

static void
read_path(const char *path, int with_message, struct gpf_buf *out)
{
	struct regpol_reader *r;
	struct gpf_error err;

	if (regpol_reader_open_file(&r, path, "fuzz.pol", &err) != GPF_OK) {
		gpf_buf_putc(out, 'E');
		if (with_message)
			gpf_buf_append(out, err.message, strlen(err.message));
		return;
	}
	read_all(r, 0, with_message, out);
	regpol_reader_free(r);
}

/* The input as a regular file in memory. */
static void
read_file(const uint8_t *data, size_t size, struct gpf_buf *out)
{
	static int fd = -1;
	char path[64];

	if (fd < 0 && (fd = memfd_create("fuzz.pol", MFD_CLOEXEC)) < 0)
		abort();
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	read_path(path, 1, out);
}

/* The input through a pipe; 0 when it does not fit in one. */
static int
read_pipe(const uint8_t *data, size_t size, struct gpf_buf *out)
{
	char path[64];
	int fds[2];

	if (pipe(fds) != 0)
		abort();
	if (fcntl(fds[1], F_SETPIPE_SZ, (int)size) < (int)size ||
	    write(fds[1], data, size) != (ssize_t)size) {
		close(fds[0]);
		close(fds[1]);
		return 0;
	}
	close(fds[1]);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
	read_path(path, 0, out);
	close(fds[0]);
	return 1;
}

static void
same(const struct gpf_buf *a, const struct gpf_buf *b, const char *how)
{
	if (a->len != b->len || memcmp(a->data, b->data, a->len) != 0) {
		fprintf(stderr, "reading %s differs from reading memory\n",
			how);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gpf_buf memory = { 0 }, file = { 0 }, piped = { 0 },
		       brief = { 0 };
	struct regpol_reader *r;
	struct gpf_error err;

	if (regpol_reader_open_buffer(&r, data, size, "fuzz.pol", &err) !=
	    GPF_OK) {
		gpf_buf_putc(&memory, 'E');
		gpf_buf_putc(&brief, 'E');
		gpf_buf_append(&memory, err.message, strlen(err.message));
	} else {
		read_all(r, 1, 1, &memory);
		regpol_reader_free(r);
		regpol_reader_open_buffer(&r, data, size, "fuzz.pol", &err);
		read_all(r, 0, 0, &brief);
		regpol_reader_free(r);
	}

	read_file(data, size, &file);
	same(&file, &memory, "a file");
	if (read_pipe(data, size, &piped))
		same(&piped, &brief, "a pipe");
	gpf_buf_free(&memory);
	gpf_buf_free(&file);
	gpf_buf_free(&piped);
	gpf_buf_free(&brief);
	return 0;
}
