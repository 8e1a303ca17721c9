/*
 * settings.h - the settings file: which policies to set, and how.
 *
 *	[outlk16:L_SpecifypathtoSafeSenderslist]   ; prefix:Policy or Policy
 *	state = enabled                            ; enabled | disabled
 *	L_SpecifyfullpathandfilenametoSafeSenderslist = \\srv\share\x.txt
 *
 * An INI file in UTF-8.  Lines starting with ';' or '#' are comments, and
 * so is the rest of a line from a ';' or '#' that follows white space.  A
 * value in double quotes keeps its spaces and comment characters.
 * class = user|machine is required for a policy of class Both and refused
 * for others.  Element values go by element id: text as given, numbers
 * in decimal, booleans true|false, enums by 0-based item index or by the
 * item's display-name string id; multiText and list elements repeat the
 * key once per entry, and explicitValue list entries are name=data.
 *
 * Debian's inih is not used: as packaged it cuts lines at 200 bytes
 * (values may be 1023 characters or more) and does not report line
 * numbers, which every message here needs.
 *
 * Ownership: struct settings owns its policy_settings.
 */
#ifndef SETTINGS_H
#define SETTINGS_H

#include "admx.h"
#include "policy.h"

struct settings {
	struct policy_setting *items;
	size_t count;
};

/*
 * Reads path and checks every value against the policies of set.
 * Errors name the file and line.
 */
int settings_load(struct settings *out, const char *path,
		  const struct admx_set *set, struct gpf_error *err);

/* The same from len bytes of text, called name in messages. */
int settings_load_text(struct settings *out, const char *text, size_t len,
		       const char *name, const struct admx_set *set,
		       struct gpf_error *err);

void settings_free(struct settings *s);

#endif
