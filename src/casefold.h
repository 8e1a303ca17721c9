/*
 * casefold.h - text compared as Windows and Active Directory compare
 * names: without regard to case, one character at a time, so "Ärzte"
 * and "ärzte" are the same name but "Straße" and "STRASSE", or an "é"
 * and an "e" with a combining accent, are not (Windows maps each
 * character to its upper case and does not normalise).
 */
#ifndef CASEFOLD_H
#define CASEFOLD_H

#include <stddef.h>

#include "gpf_buf.h"

/*
 * Appends len bytes of UTF-8 at s to out with every character mapped to
 * the lower case of its upper case (Unicode's one-to-one mappings);
 * bytes that are not UTF-8 go in as they are.  Two texts are the same
 * name when what this makes of them is the same.  The result holds no
 * upper-case ASCII letter.  A few upper cases share a lower case (the
 * Kelvin sign and K, the Angstrom sign and Å): those compare the same
 * here though Windows keeps them apart.
 */
void casefold_append(const char *s, size_t len, struct gpf_buf *out);

/* Whether a and b are the same name once case-folded. */
int casefold_equal(const char *a, const char *b);

/*
 * Appends len bytes of UTF-8 at s to out composed (Unicode's NFC), for
 * file names: macOS file systems take an "é" and an "e" with a
 * combining accent for one name, though Windows keeps them apart.  Text
 * that is not UTF-8 goes in as it is.
 */
void nfc_append(const char *s, size_t len, struct gpf_buf *out);

#endif
