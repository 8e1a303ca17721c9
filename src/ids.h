/*
 * ids.h - GUIDs in the "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" form
 * Group Policy writes.
 */
#ifndef IDS_H
#define IDS_H

#define GUID_TEXT_SIZE 39 /* braces, 36 characters, NUL */

/* A fresh random GUID (version 4). */
void guid_random(char out[GUID_TEXT_SIZE]);

/*
 * A GUID derived from name (version 5, SHA-1, in the DNS namespace), the
 * same for the same name on every run: for reproducible builds.
 */
void guid_from_name(char out[GUID_TEXT_SIZE], const char *name);

/*
 * A GUID given with or without braces, in either case, as Graph and
 * folder names take it: 36 lower-case characters, no braces.  text must
 * be guid_valid.
 */
void guid_normalise(char out[GUID_TEXT_SIZE], const char *text);

/* Whether text is a GUID, with or without braces. */
int guid_valid(const char *text);

#endif
