/*
 * regpol.c - read and write registry.pol ("PReg") files.
 *
 * The reader keeps a sliding window over the file, so a record is decoded
 * from bytes it has in hand and memory stays bounded by the largest
 * record.  Every check names the byte offset where the file went wrong
 * and what was expected there.
 */
#include "regpol.h"
#include "gpf_buf.h"
#include "utf16.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* How much of a file is read at a time.  The fuzzing build makes it
 * tiny, so that the window slides within small inputs too. */
#ifndef REGPOL_WINDOW_SIZE
#define REGPOL_WINDOW_SIZE (256 * 1024)
#endif

static const unsigned char signature[4] = { 'P', 'R', 'e', 'g' };

struct regpol_reader {
	char *name;
	int fd;		       /* -1 when reading a caller's buffer */
	unsigned char *window; /* bytes [base, base + len) of the file */
	size_t len;
	size_t pos; /* read position within window */
	size_t cap;
	uint64_t base;
	uint64_t file_size;
	int eof;
	struct gpf_buf key, value;
	struct regpol_record rec;
};

const char *
regpol_type_name(uint32_t type)
{
	switch (type) {
	case REG_NONE: return "REG_NONE";
	case REG_SZ: return "REG_SZ";
	case REG_EXPAND_SZ: return "REG_EXPAND_SZ";
	case REG_BINARY: return "REG_BINARY";
	case REG_DWORD: return "REG_DWORD";
	case REG_DWORD_BIG_ENDIAN: return "REG_DWORD_BIG_ENDIAN";
	case REG_MULTI_SZ: return "REG_MULTI_SZ";
	case REG_QWORD: return "REG_QWORD";
	}
	return NULL;
}

size_t
regpol_special_prefix(const char *value)
{
	if (strncasecmp(value, REGPOL_DEL_PREFIX, 6) == 0)
		return 6;
	if (strncasecmp(value, REGPOL_SOFT_PREFIX, 7) == 0)
		return 7;
	return 0;
}

/* --- reading --------------------------------------------------------- */

static uint64_t
offset_of(const struct regpol_reader *r)
{
	return r->base + r->pos;
}

static int
fail_at(struct regpol_reader *r, struct gpf_error *err, uint64_t off,
	const char *what)
{
	gpf_fail(err, GPF_DATAERR, "%s: offset %llu: %s", r->name,
		 (unsigned long long)off, what);
	return -1;
}

/*
 * Makes at least n bytes available at r->window + r->pos, reading more of
 * the file as needed.  Returns 0, or -1 when the file ends first (err is
 * left to the caller, who knows what was expected) or on a read error
 * (err filled, and *io set).
 */
static int
ensure(struct regpol_reader *r, size_t n, int *io, struct gpf_error *err)
{
	ssize_t got;

	*io = 0;
	if (r->len - r->pos >= n)
		return 0;
	if (r->fd < 0 || r->eof)
		return -1;

	memmove(r->window, r->window + r->pos, r->len - r->pos);
	r->base += r->pos;
	r->len -= r->pos;
	r->pos = 0;

	while (r->len < n) {
		/* Grow with the bytes that come, not to the size a record
		 * claims: read from a pipe, a claim of 4 GB would be
		 * allocated before the end of the input shows it false. */
		if (r->len == r->cap) {
			r->cap = r->cap > n / 2 ? n : 2 * r->cap;
			r->window = gpf_xrealloc(r->window, r->cap);
		}
		got = read(r->fd, r->window + r->len, r->cap - r->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			*io = 1;
			gpf_fail(err, GPF_IOERR, "%s: %s", r->name,
				 strerror(errno));
			return -1;
		}
		if (got == 0) {
			r->eof = 1;
			return -1;
		}
		r->len += got;
	}
	return 0;
}

static uint32_t
le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static int
check_header(struct regpol_reader *r, struct gpf_error *err)
{
	char what[128];
	int io;

	if (ensure(r, REGPOL_HEADER_SIZE, &io, err) < 0) {
		if (io)
			return err->status;
		fail_at(r, err, 0,
			"file is shorter than the 8-byte PReg "
			"header");
		return GPF_DATAERR;
	}
	if (memcmp(r->window, signature, 4) != 0) {
		fail_at(r, err, 0, "expected signature 'PReg' (50 52 65 67)");
		return GPF_DATAERR;
	}
	if (le32(r->window + 4) != 1) {
		snprintf(what, sizeof(what), "expected version 1, found %lu",
			 (unsigned long)le32(r->window + 4));
		fail_at(r, err, 4, what);
		return GPF_DATAERR;
	}
	r->pos = REGPOL_HEADER_SIZE;
	return GPF_OK;
}

static struct regpol_reader *
reader_new(const char *name)
{
	struct regpol_reader *r = gpf_xrealloc(NULL, sizeof(*r));

	memset(r, 0, sizeof(*r));
	r->name = gpf_xstrdup(name);
	r->fd = -1;
	return r;
}

int
regpol_reader_open_file(struct regpol_reader **rp, const char *path,
			const char *name, struct gpf_error *err)
{
	struct regpol_reader *r;
	struct stat st;
	int fd, status;

	*rp = NULL;
	if (name == NULL)
		name = path;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return gpf_fail(err, GPF_NOINPUT, "%s: %s", name,
				strerror(errno));
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		close(fd);
		return gpf_fail(err, GPF_NOINPUT, "%s: %s", name,
				S_ISDIR(st.st_mode) ? "is a directory"
						    : strerror(errno));
	}

	r = reader_new(name);
	r->fd = fd;
	r->file_size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	r->cap = REGPOL_WINDOW_SIZE;
	r->window = gpf_xrealloc(NULL, r->cap);
	status = check_header(r, err);
	if (status != GPF_OK) {
		regpol_reader_free(r);
		return status;
	}
	*rp = r;
	return GPF_OK;
}

int
regpol_reader_open_buffer(struct regpol_reader **rp, const void *buf,
			  size_t len, const char *name, struct gpf_error *err)
{
	struct regpol_reader *r = reader_new(name);
	int status;

	*rp = NULL;
	r->window = (unsigned char *)buf;
	r->len = r->cap = len;
	r->file_size = len;
	r->eof = 1;
	status = check_header(r, err);
	if (status != GPF_OK) {
		regpol_reader_free(r);
		return status;
	}
	*rp = r;
	return GPF_OK;
}

void
regpol_reader_free(struct regpol_reader *r)
{
	if (r == NULL)
		return;
	if (r->fd >= 0) {
		close(r->fd);
		free(r->window);
	}
	gpf_buf_free(&r->key);
	gpf_buf_free(&r->value);
	free(r->name);
	free(r);
}

static unsigned
unit_at(const struct regpol_reader *r, size_t i)
{
	return r->window[i] | r->window[i + 1] << 8;
}

/* Consumes the UTF-16 character ch, which should come after 'after'. */
static int
expect_char(struct regpol_reader *r, unsigned ch, const char *after,
	    struct gpf_error *err)
{
	char what[160];
	uint64_t off = offset_of(r);
	int io;

	if (ensure(r, 2, &io, err) < 0) {
		if (io)
			return -1;
		snprintf(what, sizeof(what),
			 "expected '%c' %s, found end of "
			 "file",
			 ch, after);
		return fail_at(r, err, off, what);
	}
	if (unit_at(r, r->pos) != ch) {
		snprintf(what, sizeof(what),
			 "expected '%c' (%02X 00) %s, "
			 "found 0x%04X",
			 ch, ch, after, unit_at(r, r->pos));
		return fail_at(r, err, off, what);
	}
	r->pos += 2;
	return 0;
}

/* Reads a NUL-ended UTF-16LE string (the key or value name) into out. */
static int
read_name(struct regpol_reader *r, struct gpf_buf *out, const char *field,
	  struct gpf_error *err)
{
	char what[160];
	uint64_t start = offset_of(r);
	const unsigned char *p;
	size_t units = 0, bad, end;
	int io;

	for (;;) {
		if (ensure(r, 2 * units + 2, &io, err) < 0) {
			if (io)
				return -1;
			snprintf(what, sizeof(what),
				 "%s is not ended by a "
				 "UTF-16 NUL before the end of the file",
				 field);
			return fail_at(r, err, start, what);
		}
		/* Scan what the window holds before asking for more. */
		p = r->window + r->pos;
		end = r->len - r->pos - 1;
		while (2 * units < end && (p[2 * units] | p[2 * units + 1]))
			units++;
		if (2 * units < end)
			break;
	}

	gpf_buf_clear(out);
	if (utf16le_to_utf8(r->window + r->pos, units, out, &bad) < 0) {
		snprintf(what, sizeof(what),
			 "%s has an unpaired UTF-16 "
			 "surrogate 0x%04X",
			 field, unit_at(r, r->pos + 2 * bad));
		return fail_at(r, err, start + 2 * bad, what);
	}
	r->pos += 2 * units + 2;
	return 0;
}

static int
read_u32(struct regpol_reader *r, uint32_t *v, const char *field,
	 struct gpf_error *err)
{
	char what[160];
	uint64_t off = offset_of(r);
	int io;

	if (ensure(r, 4, &io, err) < 0) {
		if (io)
			return -1;
		snprintf(what, sizeof(what),
			 "expected the 4-byte %s, found "
			 "end of file",
			 field);
		return fail_at(r, err, off, what);
	}
	*v = le32(r->window + r->pos);
	r->pos += 4;
	return 0;
}

/* Checks that string data is whole UTF-16 ending in NUL. */
static int
check_string_data(struct regpol_reader *r, const struct regpol_record *rec,
		  uint64_t off, struct gpf_error *err)
{
	const char *tname = regpol_type_name(rec->type);
	const unsigned char *d = rec->data;
	char what[160];
	size_t bad;

	if (rec->size % 2 != 0) {
		snprintf(what, sizeof(what),
			 "%s data has odd size %lu; "
			 "UTF-16 strings have even size",
			 tname, (unsigned long)rec->size);
		return fail_at(r, err, off, what);
	}
	if (rec->size < 2 || d[rec->size - 2] != 0 || d[rec->size - 1] != 0) {
		snprintf(what, sizeof(what),
			 "%s data does not end in a "
			 "UTF-16 NUL",
			 tname);
		return fail_at(r, err, off, what);
	}

	if (utf16le_validate(d, rec->size / 2, &bad) < 0) {
		snprintf(what, sizeof(what),
			 "%s data has an unpaired UTF-16 "
			 "surrogate 0x%04X",
			 tname, d[2 * bad] | d[2 * bad + 1] << 8);
		return fail_at(r, err, off + 2 * bad, what);
	}
	return 0;
}

static int
check_data(struct regpol_reader *r, const struct regpol_record *rec,
	   uint64_t type_off, uint64_t data_off, struct gpf_error *err)
{
	const char *tname = regpol_type_name(rec->type);
	uint32_t want = 0;
	char what[160];

	if (tname == NULL) {
		snprintf(what, sizeof(what), "unsupported registry type %lu",
			 (unsigned long)rec->type);
		return fail_at(r, err, type_off, what);
	}
	switch (rec->type) {
	case REG_SZ:
	case REG_EXPAND_SZ:
	case REG_MULTI_SZ: return check_string_data(r, rec, data_off, err);
	case REG_DWORD:
	case REG_DWORD_BIG_ENDIAN: want = 4; break;
	case REG_QWORD: want = 8; break;
	default: return 0;
	}
	if (rec->size != want) {
		snprintf(what, sizeof(what),
			 "%s data must be %lu bytes, "
			 "size says %lu",
			 tname, (unsigned long)want, (unsigned long)rec->size);
		return fail_at(r, err, data_off, what);
	}
	return 0;
}

/* Makes the size bytes of data and the closing ']' available. */
static int
read_data(struct regpol_reader *r, struct regpol_record *rec, uint64_t size_off,
	  struct gpf_error *err)
{
	uint64_t off = offset_of(r), left;
	char what[200];
	int io;

	left = r->file_size > off ? r->file_size - off : 0;
	if ((r->file_size > 0 || r->fd < 0) && rec->size > left) {
		snprintf(what, sizeof(what),
			 "data size %lu runs past the end "
			 "of the file (%llu bytes left)",
			 (unsigned long)rec->size, (unsigned long long)left);
		return fail_at(r, err, size_off, what);
	}
	if (ensure(r, (size_t)rec->size, &io, err) < 0) {
		if (io)
			return -1;
		snprintf(what, sizeof(what),
			 "data size %lu runs past the end "
			 "of the file",
			 (unsigned long)rec->size);
		return fail_at(r, err, size_off, what);
	}
	rec->data = r->window + r->pos;
	return 0;
}

int
regpol_reader_next(struct regpol_reader *r, const struct regpol_record **out,
		   struct gpf_error *err)
{
	struct regpol_record *rec = &r->rec;
	uint64_t type_off, size_off, data_off;
	int io;

	if (ensure(r, 1, &io, err) < 0)
		return io ? -1 : 0;

	rec->offset = offset_of(r);
	if (expect_char(r, '[', "to start a record", err) < 0 ||
	    read_name(r, &r->key, "key", err) < 0 ||
	    expect_char(r, ';', "after the key", err) < 0 ||
	    read_name(r, &r->value, "value name", err) < 0 ||
	    expect_char(r, ';', "after the value name", err) < 0)
		return -1;

	type_off = offset_of(r);
	if (read_u32(r, &rec->type, "type", err) < 0 ||
	    expect_char(r, ';', "after the type", err) < 0)
		return -1;
	size_off = offset_of(r);
	if (read_u32(r, &rec->size, "size", err) < 0 ||
	    expect_char(r, ';', "after the size", err) < 0)
		return -1;

	data_off = offset_of(r);
	if (read_data(r, rec, size_off, err) < 0 ||
	    check_data(r, rec, type_off, data_off, err) < 0)
		return -1;

	/* Bring the closing bracket into the window with the data. */
	if (ensure(r, (size_t)rec->size + 2, &io, err) < 0 && io)
		return -1;
	rec->data = r->window + r->pos;
	r->pos += rec->size;
	if (expect_char(r, ']', "to end the record", err) < 0)
		return -1;

	rec->key = gpf_buf_str(&r->key);
	rec->value = gpf_buf_str(&r->value);
	*out = rec;
	return 1;
}

/* --- writing --------------------------------------------------------- */

struct regpol_writer {
	FILE *out;
	char *name;
	struct gpf_buf record; /* the record being assembled */
};

int
regpol_writer_new(struct regpol_writer **wp, FILE *out, const char *name,
		  struct gpf_error *err)
{
	static const unsigned char header[REGPOL_HEADER_SIZE] = { 'P', 'R', 'e',
								  'g', 1,   0,
								  0,   0 };
	struct regpol_writer *w;

	*wp = NULL;
	if (fwrite(header, 1, sizeof(header), out) != sizeof(header))
		return gpf_fail(err, GPF_IOERR, "%s: %s", name,
				strerror(errno));
	w = gpf_xrealloc(NULL, sizeof(*w));
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->name = gpf_xstrdup(name);
	*wp = w;
	return GPF_OK;
}

static void
put_char(struct gpf_buf *b, unsigned ch)
{
	unsigned char u[2] = { ch & 0xff, ch >> 8 };

	gpf_buf_append(b, u, 2);
}

static void
put_le32(struct gpf_buf *b, uint32_t v)
{
	unsigned char u[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
			       v >> 24 };

	gpf_buf_append(b, u, 4);
}

/* Appends s as UTF-16LE plus a NUL; field names it in messages. */
static int
put_name(struct regpol_writer *w, const char *s, const char *field,
	 struct gpf_error *err)
{
	size_t bad;

	if (utf8_to_utf16le(s, strlen(s), &w->record, &bad) < 0)
		return gpf_fail(err, GPF_DATAERR,
				"%s: %s '%.40s' is not "
				"valid UTF-8 at byte %zu",
				w->name, field, s, bad);
	put_char(&w->record, 0);
	return GPF_OK;
}

static int
check_record(struct regpol_writer *w, const char *key, const char *value,
	     uint32_t type, uint32_t size, struct gpf_error *err)
{
	const char *tname = regpol_type_name(type);
	size_t bad;

	if (*key == '\0')
		return gpf_fail(err, GPF_DATAERR,
				"%s: a record needs a "
				"registry key",
				w->name);
	if (tname == NULL)
		return gpf_fail(err, GPF_DATAERR,
				"%s: %s\\%s: unsupported "
				"registry type %lu",
				w->name, key, value, (unsigned long)type);
	if (utf8_validate(value, strlen(value), &bad) < 0)
		return gpf_fail(err, GPF_DATAERR,
				"%s: value name under %s "
				"is not valid UTF-8 at byte %zu",
				w->name, key, bad);
	if (utf8_utf16_length(value + regpol_special_prefix(value)) >
	    REGPOL_MAX_VALUE_NAME)
		return gpf_fail(err, GPF_DATAERR,
				"%s: %s: value name is "
				"longer than %d characters",
				w->name, key, REGPOL_MAX_VALUE_NAME);
	if (size > REGPOL_MAX_DATA)
		return gpf_fail(err, GPF_DATAERR,
				"%s: %s\\%s: data of %lu "
				"bytes is over the limit of %d",
				w->name, key, value, (unsigned long)size,
				REGPOL_MAX_DATA);
	if (((type == REG_DWORD || type == REG_DWORD_BIG_ENDIAN) &&
	     size != 4) ||
	    (type == REG_QWORD && size != 8))
		return gpf_fail(err, GPF_DATAERR,
				"%s: %s\\%s: %s data must "
				"be %d bytes",
				w->name, key, value, tname,
				type == REG_QWORD ? 8 : 4);
	return GPF_OK;
}

int
regpol_write(struct regpol_writer *w, const char *key, const char *value,
	     uint32_t type, const void *data, uint32_t size,
	     struct gpf_error *err)
{
	int status;

	status = check_record(w, key, value, type, size, err);
	if (status != GPF_OK)
		return status;

	gpf_buf_clear(&w->record);
	put_char(&w->record, '[');
	if ((status = put_name(w, key, "key", err)) != GPF_OK)
		return status;
	put_char(&w->record, ';');
	if ((status = put_name(w, value, "value name", err)) != GPF_OK)
		return status;
	put_char(&w->record, ';');
	put_le32(&w->record, type);
	put_char(&w->record, ';');
	put_le32(&w->record, size);
	put_char(&w->record, ';');
	gpf_buf_append(&w->record, data, size);
	put_char(&w->record, ']');

	if (fwrite(w->record.data, 1, w->record.len, w->out) != w->record.len)
		return gpf_fail(err, GPF_IOERR, "%s: %s", w->name,
				strerror(errno));
	return GPF_OK;
}

/* Encodes text as UTF-16LE with its NUL into out, for string data. */
static int
encode_string(struct regpol_writer *w, const char *key, const char *value,
	      const char *text, struct gpf_buf *out, struct gpf_error *err)
{
	size_t bad;

	if (utf8_to_utf16le(text, strlen(text), out, &bad) < 0)
		return gpf_fail(err, GPF_DATAERR,
				"%s: %s\\%s: data is not "
				"valid UTF-8 at byte %zu",
				w->name, key, value, bad);
	put_char(out, 0);
	return GPF_OK;
}

static int
write_and_free(struct regpol_writer *w, const char *key, const char *value,
	       uint32_t type, struct gpf_buf *data, struct gpf_error *err)
{
	int status;

	/* Check the size first so a huge value is not truncated to u32. */
	if (data->len > REGPOL_MAX_DATA)
		status =
		    gpf_fail(err, GPF_DATAERR,
			     "%s: %s\\%s: data of %zu "
			     "bytes is over the limit of %d",
			     w->name, key, value, data->len, REGPOL_MAX_DATA);
	else
		status = regpol_write(w, key, value, type, data->data,
				      (uint32_t)data->len, err);
	gpf_buf_free(data);
	return status;
}

int
regpol_write_string(struct regpol_writer *w, const char *key, const char *value,
		    uint32_t type, const char *text, struct gpf_error *err)
{
	struct gpf_buf data = { 0 };
	int status;

	status = encode_string(w, key, value, text, &data, err);
	if (status != GPF_OK) {
		gpf_buf_free(&data);
		return status;
	}
	return write_and_free(w, key, value, type, &data, err);
}

int
regpol_write_multi_string(struct regpol_writer *w, const char *key,
			  const char *value, const char *const *strings,
			  size_t count, struct gpf_error *err)
{
	struct gpf_buf data = { 0 };
	size_t i;
	int status;

	for (i = 0; i < count; i++) {
		/* An empty string inside the list would read as its end. */
		if (count > 1 && strings[i][0] == '\0') {
			gpf_buf_free(&data);
			return gpf_fail(
			    err, GPF_DATAERR,
			    "%s: %s\\%s: an empty "
			    "string inside a REG_MULTI_SZ list would "
			    "end it early",
			    w->name, key, value);
		}
		status = encode_string(w, key, value, strings[i], &data, err);
		if (status != GPF_OK) {
			gpf_buf_free(&data);
			return status;
		}
	}
	if (count == 0)
		put_char(&data, 0);
	put_char(&data, 0);
	return write_and_free(w, key, value, REG_MULTI_SZ, &data, err);
}

int
regpol_write_dword(struct regpol_writer *w, const char *key, const char *value,
		   uint32_t n, struct gpf_error *err)
{
	unsigned char d[4] = { n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff,
			       n >> 24 };

	return regpol_write(w, key, value, REG_DWORD, d, 4, err);
}

int
regpol_write_dword_big_endian(struct regpol_writer *w, const char *key,
			      const char *value, uint32_t n,
			      struct gpf_error *err)
{
	unsigned char d[4] = { n >> 24, (n >> 16) & 0xff, (n >> 8) & 0xff,
			       n & 0xff };

	return regpol_write(w, key, value, REG_DWORD_BIG_ENDIAN, d, 4, err);
}

int
regpol_write_qword(struct regpol_writer *w, const char *key, const char *value,
		   uint64_t n, struct gpf_error *err)
{
	unsigned char d[8];
	int i;

	for (i = 0; i < 8; i++)
		d[i] = (n >> (8 * i)) & 0xff;
	return regpol_write(w, key, value, REG_QWORD, d, 8, err);
}

/* GPMC's marker data: a space and a NUL, as REG_SZ. */
static const unsigned char marker_data[4] = { ' ', 0, 0, 0 };

int
regpol_write_delete_value(struct regpol_writer *w, const char *key,
			  const char *value, struct gpf_error *err)
{
	struct gpf_buf name = { 0 };
	int status;

	gpf_buf_append(&name, REGPOL_DEL_PREFIX, strlen(REGPOL_DEL_PREFIX));
	gpf_buf_append(&name, value, strlen(value));
	status = regpol_write(w, key, gpf_buf_str(&name), REG_SZ, marker_data,
			      sizeof(marker_data), err);
	gpf_buf_free(&name);
	return status;
}

int
regpol_write_delete_all_values(struct regpol_writer *w, const char *key,
			       struct gpf_error *err)
{
	return regpol_write(w, key, REGPOL_DELVALS, REG_SZ, marker_data,
			    sizeof(marker_data), err);
}

int
regpol_write_create_key(struct regpol_writer *w, const char *key,
			struct gpf_error *err)
{
	return regpol_write(w, key, "", REG_NONE, NULL, 0, err);
}

int
regpol_write_delete_keys(struct regpol_writer *w, const char *key,
			 const char *list, struct gpf_error *err)
{
	return regpol_write_string(w, key, REGPOL_DELETE_KEYS, REG_SZ, list,
				   err);
}

int
regpol_write_delete_values(struct regpol_writer *w, const char *key,
			   const char *list, struct gpf_error *err)
{
	return regpol_write_string(w, key, REGPOL_DELETE_VALUES, REG_SZ, list,
				   err);
}

int
regpol_write_secure_key(struct regpol_writer *w, const char *key, int secure,
			struct gpf_error *err)
{
	return regpol_write_dword(w, key, REGPOL_SECURE_KEY, secure ? 1 : 0,
				  err);
}

int
regpol_writer_finish(struct regpol_writer *w, struct gpf_error *err)
{
	if (fflush(w->out) != 0 || ferror(w->out))
		return gpf_fail(err, GPF_IOERR, "%s: %s", w->name,
				strerror(errno));
	return GPF_OK;
}

void
regpol_writer_free(struct regpol_writer *w)
{
	if (w == NULL)
		return;
	gpf_buf_free(&w->record);
	free(w->name);
	free(w);
}
