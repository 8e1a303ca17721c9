/*
 * fuzz_senders.c - the sender-list parser (src/senders.h).
 *
 * Input: a sender list file.  A list that loads is finished and written
 * as SafeSenders.txt, as a build does.
 */
#include "fuzz.h"
#include "senders.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sender_list list = { 0 };
	struct gpf_error err;

	if (senders_load_text(&list, (const char *)data, size, "fuzz.txt",
			      &err) == GPF_OK) {
		senders_finish(&list);
		senders_write(&list, fuzz_sink(), "SafeSenders.txt", &err);
	}
	senders_free(&list);
	return 0;
}
