/*
 * fuzz_oucsv.c - the OU table of a batch build (src/oucsv.h).
 *
 * Input: an OU CSV file.  A table read to its end is read again after a
 * rewind, as a batch build reads it twice.
 */
#include "fuzz.h"
#include "oucsv.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ou_row *row;
	struct gpf_error err;
	struct ou_csv *c;
	int rc;

	if (ou_csv_open_text(&c, (const char *)data, size, "fuzz.csv", &err) !=
	    GPF_OK)
		return 0;
	while ((rc = ou_csv_next(c, &row, &err)) > 0)
		;
	if (rc == 0 && ou_csv_rewind(c, &err) == GPF_OK)
		while (ou_csv_next(c, &row, &err) > 0)
			;
	ou_csv_close(c);
	return 0;
}
