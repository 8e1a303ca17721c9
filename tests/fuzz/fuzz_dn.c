/*
 * fuzz_dn.c - the distinguished-name parser (dn_parse in src/oucsv.h).
 *
 * Input: one DN, as the ou column of an OU table holds it (a C string,
 * so the input ends at its first NUL).
 */
#include "fuzz.h"
#include "oucsv.h"

#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gpf_buf key = { 0 }, first = { 0 };
	char *dn = malloc(size + 1);

	if (dn == NULL)
		abort();
	memcpy(dn, data, size);
	dn[size] = '\0';

	/* What a DN gives is used as C strings: no NUL may hide in it. */
	if (dn_parse(dn, &key, &first) == NULL &&
	    (memchr(key.data, '\0', key.len) != NULL ||
	     memchr(first.data, '\0', first.len) != NULL))
		abort();

	gpf_buf_free(&key);
	gpf_buf_free(&first);
	free(dn);
	return 0;
}
