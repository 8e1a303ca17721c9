/*
 * ids.c - GUIDs as Group Policy writes them, through libuuid.
 */
#include "ids.h"

#include <ctype.h>
#include <string.h>
#include <uuid/uuid.h>

static void
format(char out[GUID_TEXT_SIZE], const uuid_t id)
{
	out[0] = '{';
	uuid_unparse_upper(id, out + 1);
	out[37] = '}';
	out[38] = '\0';
}

void
guid_random(char out[GUID_TEXT_SIZE])
{
	uuid_t id;

	uuid_generate_random(id);
	format(out, id);
}

void
guid_from_name(char out[GUID_TEXT_SIZE], const char *name)
{
	uuid_t id;

	uuid_generate_sha1(id, *uuid_get_template("dns"), name, strlen(name));
	format(out, id);
}

void
guid_normalise(char out[GUID_TEXT_SIZE], const char *text)
{
	size_t i;

	text += text[0] == '{';
	for (i = 0; i < 36; i++)
		out[i] = (char)tolower((unsigned char)text[i]);
	out[36] = '\0';
}

int
guid_valid(const char *text)
{
	size_t n = strlen(text), i;
	const char *p = text;

	if (n == 38 && text[0] == '{' && text[37] == '}')
		p++, n = 36;
	if (n != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (p[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)p[i])) {
			return 0;
		}
	}
	return 1;
}
