/*
 * fuzz.h - what every fuzz harness shares.
 *
 * Each harness defines LLVMFuzzerTestOneInput, the entry function
 * libFuzzer calls with one input; replay.c calls the same function
 * without libFuzzer, so the harnesses build with gcc too.  A harness
 * parses its input as gpforge would, uses what it got and frees it all,
 * so that leaks show; it never writes files.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A stream that swallows what the writers under test produce. */
static inline FILE *
fuzz_sink(void)
{
	static FILE *sink;

	if (sink == NULL && (sink = fopen("/dev/null", "w")) == NULL)
		abort();
	return sink;
}

#endif
