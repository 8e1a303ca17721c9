/*
 * replay.c - runs a fuzz harness without libFuzzer, so that "make check"
 * (with any compiler) feeds it every input that once crashed.
 *
 * Usage: replay_NAME [FILE|FOLDER...]
 * With no arguments it replays $SRCDIR/tests/fuzz/regress/NAME and the
 * hand-made seeds in $SRCDIR/tests/fuzz/corpus/NAME.  Each input is
 * passed in a buffer of exactly its size, so the sanitizers see reads
 * past its end.  A crash or a sanitizer report fails the test.
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#ifndef FUZZ_NAME
#error FUZZ_NAME must name the harness
#endif

static unsigned long replayed;

/*
 * AddressSanitizer reads its defaults here: an allocation over 2 GiB
 * fails as it fails under libFuzzer's -rss_limit_mb=2048, so that an
 * input saved as "oom" fails the replay too.
 */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "max_allocation_size_mb=2048:allocator_may_return_null=0";
}

static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, n;
	char chunk[65536];

	if (f == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if ((data = realloc(data, len + n)) == NULL)
			abort();
		memcpy(data + len, chunk, n);
		len += n;
	}
	fclose(f);
	printf("%s: %s (%zu bytes)\n", FUZZ_NAME, path, len);
	fflush(stdout);
	LLVMFuzzerTestOneInput(data ? data : (const uint8_t *)"", len);
	free(data);
	replayed++;
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir, in name order; a missing dir is empty. */
static int
replay_folder(const char *dir)
{
	char **names = NULL, path[4096];
	size_t count = 0, i;
	struct dirent *e;
	struct stat st;
	int status = 0;
	DIR *d = opendir(dir);

	if (d == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d)) != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if ((names = realloc(names, (count + 1) * sizeof(*names))) ==
		    NULL)
			abort();
		names[count++] = strdup(path);
	}
	closedir(d);
	if (count > 0)
		qsort(names, count, sizeof(*names), by_name);
	for (i = 0; i < count; i++) {
		if (replay_file(names[i]) != 0)
			status = -1;
		free(names[i]);
	}
	free(names);
	return status;
}

static int
replay_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return replay_folder(path);
	return replay_file(path);
}

int
main(int argc, char **argv)
{
	const char *srcdir = getenv("SRCDIR");
	char dir[4096];
	int i, status = 0;

	for (i = 1; i < argc; i++)
		if (replay_path(argv[i]) != 0)
			status = 1;
	if (argc == 1) {
		if (srcdir == NULL)
			srcdir = ".";
		snprintf(dir, sizeof(dir), "%s/tests/fuzz/regress/%s", srcdir,
			 FUZZ_NAME);
		status |= replay_folder(dir) != 0;
		snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/%s", srcdir,
			 FUZZ_NAME);
		status |= replay_folder(dir) != 0;
	}
	printf("%s: %lu inputs replayed\n", FUZZ_NAME, replayed);
	if (replayed == 0) {
		fprintf(stderr, "%s: no inputs found\n", FUZZ_NAME);
		return 1;
	}
	return status;
}
