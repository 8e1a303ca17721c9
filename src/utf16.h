/*
 * utf16.h - UTF-8 <-> UTF-16LE conversion with strict validation.
 *
 * Windows stores every registry string as UTF-16LE; gpforge works in
 * UTF-8.  Both directions reject what the other side could not represent:
 * malformed or overlong UTF-8, encoded surrogates, code points above
 * U+10FFFF, and unpaired UTF-16 surrogates.
 */
#ifndef UTF16_H
#define UTF16_H

#include <stddef.h>

#include "gpf_buf.h"

/*
 * Appends the UTF-16LE form of the len bytes at s to out.  Returns 0, or
 * -1 with *bad set to the byte index of the first invalid sequence.
 */
int utf8_to_utf16le(const char *s, size_t len, struct gpf_buf *out,
		    size_t *bad);

/*
 * Appends the UTF-8 form of the nunits 16-bit little-endian units at p to
 * out.  Returns 0, or -1 with *bad set to the index (in units) of an
 * unpaired surrogate.
 */
int utf16le_to_utf8(const unsigned char *p, size_t nunits, struct gpf_buf *out,
		    size_t *bad);

/* Like utf16le_to_utf8, but only checks. */
int utf16le_validate(const unsigned char *p, size_t nunits, size_t *bad);

/* Number of UTF-16 units the valid UTF-8 string s encodes to. */
size_t utf8_utf16_length(const char *s);

/* Returns 0 when the len bytes at s are valid UTF-8, else -1 and *bad. */
int utf8_validate(const char *s, size_t len, size_t *bad);

#endif
