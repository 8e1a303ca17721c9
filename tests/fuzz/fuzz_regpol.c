/*
 * fuzz_regpol.c - the registry.pol reader (src/regpol.h).
 *
 * Input: a registry.pol file.  Every record read is then shown as LGPO
 * text and as JSON, as "pol dump" shows it, so the dump code meets
 * whatever the reader lets through.
 */
#include "fuzz.h"
#include "lgpo.h"
#include "regpol.h"
#include "regpol_json.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct regpol_record *rec;
	struct regpol_reader *r;
	struct gpf_error err;

	if (regpol_reader_open_buffer(&r, data, size, "fuzz.pol", &err) !=
	    GPF_OK)
		return 0;
	while (regpol_reader_next(r, &rec, &err) > 0) {
		lgpo_dump_record(fuzz_sink(), LGPO_COMPUTER, rec, "fuzz.pol",
				 &err);
		regpol_json_record(fuzz_sink(), LGPO_USER, rec, &err);
	}
	regpol_reader_free(r);
	return 0;
}
