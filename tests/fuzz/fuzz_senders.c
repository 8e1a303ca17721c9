/*
 * fuzz_senders.c - the sender-list parser (src/senders.h).
 *
 * Input: a sender list file.  A list that loads is finished and written
 * as SafeSenders.txt, as a build does; that file must load again as
 * the same entries with no warning, or the harness aborts like a crash.
 */
#include "fuzz.h"
#include "senders.h"

#include <string.h>

static void
reload(const struct sender_list *list)
{
	struct sender_list again = { 0 };
	struct gpf_error err;
	size_t len, i;
	char *text;
	FILE *out = open_memstream(&text, &len);

	if (out == NULL || senders_write(list, out, "SafeSenders.txt", &err))
		abort();
	fclose(out);
	if (senders_load_text(&again, text, len, "SafeSenders.txt", &err) !=
		GPF_OK ||
	    again.count != list->count || again.warning_count != 0) {
		fprintf(stderr, "SafeSenders.txt does not load back\n");
		abort();
	}
	for (i = 0; i < list->count; i++)
		if (strcmp(again.items[i].entry, list->items[i].entry) != 0)
			abort();
	senders_free(&again);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sender_list list = { 0 };
	struct gpf_error err;

	if (senders_load_text(&list, (const char *)data, size, "fuzz.txt",
			      &err) == GPF_OK) {
		senders_finish(&list);
		reload(&list);
	}
	senders_free(&list);
	return 0;
}
