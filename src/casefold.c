/*
 * casefold.c - names compared without regard to case, and file names
 * composed, by libunistring's Unicode character tables.
 */
#include "casefold.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>
#include <unistr.h>

void
casefold_append(const char *s, size_t len, struct gpf_buf *out)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + len;
	uint8_t bytes[6];
	ucs4_t c;
	int n;

	/* An empty text may come as NULL, where even +0 is undefined. */
	if (len == 0)
		return;

	while (p < end) {
		n = u8_mbtouc(&c, p, (size_t)(end - p));
		if (c == 0xfffd && u8_check(p, (size_t)n) != NULL) {
			/* Not UTF-8: the byte as it is. */
			gpf_buf_putc(out, *p);
			p++;
			continue;
		}
		p += n;
		/* Windows compares upper cases; their lower case keeps
		 * that apart and holds no upper-case ASCII. */
		n = u8_uctomb(bytes, uc_tolower(uc_toupper(c)),
			      (int)sizeof(bytes));
		gpf_buf_append(out, bytes, (size_t)n);
	}
}

int
casefold_equal(const char *a, const char *b)
{
	struct gpf_buf fa = { 0 }, fb = { 0 };
	int same;

	casefold_append(a, strlen(a), &fa);
	casefold_append(b, strlen(b), &fb);
	same = fa.len == fb.len &&
	       (fa.len == 0 || memcmp(fa.data, fb.data, fa.len) == 0);
	gpf_buf_free(&fa);
	gpf_buf_free(&fb);
	return same;
}

void
nfc_append(const char *s, size_t len, struct gpf_buf *out)
{
	uint8_t *nfc;
	size_t n;

	if (len == 0)
		return;

	/* libunistring would turn bytes that are not UTF-8 into U+FFFD;
	 * on no memory, the name as given still serves. */
	if (u8_check((const uint8_t *)s, len) != NULL ||
	    (nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)s, len, NULL,
				&n)) == NULL) {
		gpf_buf_append(out, s, len);
		return;
	}
	gpf_buf_append(out, nfc, n);
	free(nfc);
}
