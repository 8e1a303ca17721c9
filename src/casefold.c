/*
 * casefold.c - Unicode case folding and normalisation, by libunistring.
 */
#include "casefold.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>

void
casefold_append(const char *s, size_t len, struct gpf_buf *out)
{
	uint8_t small[256];
	size_t n = sizeof(small), i;
	uint8_t *folded;

	folded =
	    u8_casefold((const uint8_t *)s, len, NULL, UNINORM_NFC, small, &n);
	if (folded != NULL) {
		gpf_buf_append(out, folded, n);
		if (folded != small)
			free(folded);
		return;
	}

	/* Not UTF-8 (or out of memory): still compare ASCII caselessly. */
	for (i = 0; i < len; i++)
		gpf_buf_putc(out, (unsigned char)tolower((unsigned char)s[i]));
}

int
casefold_equal(const char *a, const char *b)
{
	struct gpf_buf fa = { 0 }, fb = { 0 };
	int same;

	casefold_append(a, strlen(a), &fa);
	casefold_append(b, strlen(b), &fb);
	same = fa.len == fb.len && memcmp(fa.data, fb.data, fa.len) == 0;
	gpf_buf_free(&fa);
	gpf_buf_free(&fb);
	return same;
}
