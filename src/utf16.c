/*
 * utf16.c - UTF-8 <-> UTF-16LE conversion with strict validation.
 */
#include "utf16.h"

#include <stdint.h>

/*
 * Decodes one UTF-8 sequence at s (at most left bytes).  Returns its
 * length and the code point in *cp, or 0 when the sequence is invalid.
 */
static size_t
decode_utf8(const unsigned char *s, size_t left, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0)
		n = 2, c &= 0x1f, min = 0x80;
	else if ((c & 0xf0) == 0xe0)
		n = 3, c &= 0x0f, min = 0x800;
	else if ((c & 0xf8) == 0xf0)
		n = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	if (n > left)
		return 0;

	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}

	/* Overlong forms, surrogates and values past Unicode are invalid. */
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static void
put_unit(struct gpf_buf *out, uint32_t u)
{
	unsigned char b[2] = { u & 0xff, (u >> 8) & 0xff };

	gpf_buf_append(out, b, 2);
}

int
utf8_to_utf16le(const char *s, size_t len, struct gpf_buf *out, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	gpf_buf_reserve(out, len * 2);
	while (i < len) {
		n = decode_utf8(p + i, len - i, &cp);
		if (n == 0) {
			*bad = i;
			return -1;
		}
		if (cp >= 0x10000) {
			cp -= 0x10000;
			put_unit(out, 0xd800 | (cp >> 10));
			put_unit(out, 0xdc00 | (cp & 0x3ff));
		} else {
			put_unit(out, cp);
		}
		i += n;
	}
	return 0;
}

/* Writes cp as UTF-8 at p (which has room for 4 bytes); returns length. */
static size_t
put_utf8(unsigned char *p, uint32_t cp)
{
	if (cp < 0x80) {
		p[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = 0xc0 | (cp >> 6), p[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp < 0x10000) {
		p[0] = 0xe0 | (cp >> 12), p[1] = 0x80 | ((cp >> 6) & 0x3f);
		p[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	p[0] = 0xf0 | (cp >> 18), p[1] = 0x80 | ((cp >> 12) & 0x3f);
	p[2] = 0x80 | ((cp >> 6) & 0x3f), p[3] = 0x80 | (cp & 0x3f);
	return 4;
}

/*
 * Decodes units at p into out (NULL: only check).  A unit never needs
 * more than 3 bytes of UTF-8 (a pair needs 4 for 2 units), so 3 bytes a
 * unit are reserved up front and the loop writes without checks.
 */
static int
convert_utf16le(const unsigned char *p, size_t nunits, struct gpf_buf *out,
		size_t *bad)
{
	unsigned char scratch[4], *dst = scratch;
	size_t i;
	uint32_t u, lo;

	if (out != NULL) {
		gpf_buf_reserve(out, 3 * nunits);
		dst = out->data + out->len;
	}
	for (i = 0; i < nunits; i++) {
		u = p[2 * i] | (uint32_t)p[2 * i + 1] << 8;
		if (u < 0x80) {
			*dst = u;
			dst += out != NULL;
			continue;
		}
		if (u >= 0xdc00 && u <= 0xdfff)
			goto unpaired;
		if (u >= 0xd800 && u <= 0xdbff) {
			if (i + 1 >= nunits)
				goto unpaired;
			lo = p[2 * i + 2] | (uint32_t)p[2 * i + 3] << 8;
			if (lo < 0xdc00 || lo > 0xdfff)
				goto unpaired;
			u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
			i++;
		}
		if (out != NULL)
			dst += put_utf8(dst, u);
	}
	if (out != NULL) {
		out->len = dst - out->data;
		out->data[out->len] = '\0';
	}
	return 0;

unpaired:
	*bad = i;
	return -1;
}

int
utf16le_to_utf8(const unsigned char *p, size_t nunits, struct gpf_buf *out,
		size_t *bad)
{
	return convert_utf16le(p, nunits, out, bad);
}

int
utf16le_validate(const unsigned char *p, size_t nunits, size_t *bad)
{
	return convert_utf16le(p, nunits, NULL, bad);
}

size_t
utf8_utf16_length(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t units = 0;

	for (; *p; p++) {
		if ((*p & 0xc0) == 0x80)
			continue;
		units += (*p >= 0xf0) ? 2 : 1;
	}
	return units;
}

int
utf8_validate(const char *s, size_t len, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = decode_utf8(p + i, len - i, &cp);
		if (n == 0) {
			*bad = i;
			return -1;
		}
		i += n;
	}
	return 0;
}
