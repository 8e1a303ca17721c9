/*
 * casefold.h - text compared as a reader sees it: "Ärzte" and "ärzte",
 * "CAFÉ" and "café" (with é as one code point or as e and an accent)
 * are the same, as Windows and Active Directory take names and OUs.
 */
#ifndef CASEFOLD_H
#define CASEFOLD_H

#include <stddef.h>

#include "gpf_buf.h"

/*
 * Appends len bytes of UTF-8 at s to out, case-folded (full Unicode
 * folding) and in NFC; text that is not UTF-8 goes in with only its
 * ASCII letters lower-cased.  The result holds no upper-case ASCII.
 */
void casefold_append(const char *s, size_t len, struct gpf_buf *out);

/* Whether a and b are the same text once case-folded. */
int casefold_equal(const char *a, const char *b);

#endif
