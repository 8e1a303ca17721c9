/*
 * fuzz_lgpo.c - the LGPO text parser (lgpo_compile in src/lgpo.h).
 *
 * Input: LGPO text.  What compiles is read back, dumped as LGPO text and
 * compiled again; the two registry.pol files must be the same bytes
 * (records the text form cannot hold are left out of that check), so a
 * mismatch between parser, writer, reader and dumper aborts like a crash.
 * The text is compiled once more keeping User records only, as
 * "pol compile --config user" does.
 */
#include "fuzz.h"
#include "gpf_buf.h"
#include "lgpo.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The compiler's output must be a real file, since CLEAR truncates it;
 * a memfd is one that lives in memory. */
static FILE *
pol_file(void)
{
	static FILE *pol;
	int fd;

	if (pol == NULL) {
		fd = memfd_create("fuzz.pol", MFD_CLOEXEC);
		if (fd < 0 || (pol = fdopen(fd, "w+")) == NULL)
			abort();
	}
	rewind(pol);
	if (ftruncate(fileno(pol), 0) != 0)
		abort();
	return pol;
}

static int
compile(const void *text, size_t len, enum lgpo_config config,
	struct gpf_buf *pol)
{
	FILE *f = pol_file();
	struct gpf_error err;
	char chunk[4096];
	size_t n;

	if (lgpo_compile_text(text, len, "fuzz.txt", config, f, "fuzz.pol",
			      &err) != GPF_OK)
		return -1;
	rewind(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		gpf_buf_append(pol, chunk, n);
	return 0;
}

/* The LGPO text of pol; -1 when a record has no text form. */
static int
dump(const struct gpf_buf *pol, struct gpf_buf *text)
{
	const struct regpol_record *rec;
	struct regpol_reader *r;
	struct gpf_error err;
	int rc = 0, status = GPF_OK;
	size_t len;
	char *s;
	FILE *out = open_memstream(&s, &len);

	if (out == NULL ||
	    regpol_reader_open_buffer(&r, pol->data, pol->len, "fuzz.pol",
				      &err) != GPF_OK)
		abort();
	while (status == GPF_OK && (rc = regpol_reader_next(r, &rec, &err)) > 0)
		status =
		    lgpo_dump_record(out, LGPO_COMPUTER, rec, "fuzz.pol", &err);
	if (status == GPF_OK && rc < 0) {
		fprintf(stderr, "the reader refuses what lgpo wrote: %s\n",
			err.message);
		abort();
	}
	regpol_reader_free(r);
	fclose(out);
	gpf_buf_append(text, s, len);
	free(s);
	return status == GPF_OK ? 0 : -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gpf_buf first = { 0 }, text = { 0 }, second = { 0 };

	if (compile(data, size, LGPO_ANY, &first) == 0 &&
	    dump(&first, &text) == 0 &&
	    (compile(text.data, text.len, LGPO_ANY, &second) != 0 ||
	     second.len != first.len ||
	     memcmp(second.data, first.data, first.len) != 0)) {
		fprintf(stderr, "LGPO text does not round-trip:\n%s\n",
			gpf_buf_str(&text));
		abort();
	}

	/* With --config, records of the other kind are skipped instead. */
	gpf_buf_clear(&first);
	compile(data, size, LGPO_USER, &first);
	gpf_buf_free(&first);
	gpf_buf_free(&text);
	gpf_buf_free(&second);
	return 0;
}
