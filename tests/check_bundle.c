/*
 * check_bundle.c - tests of the zip bundle writer.
 *
 * Each test builds a small tree in its own mkdtemp folder, bundles it and
 * reads the result back with libzip (and with unzip where installed).
 * The folder is removed when a test passes and kept when one fails, to
 * look at.  TZ is UTC, so DOS times read back as the times given.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "bundle.h"
#include "gpf_buf.h"

/* Even, since DOS times count in 2-second steps: 2023-11-14 22:13:20. */
#define FIXED_MTIME 1700000000LL

#define GPO_ID "{31B2F340-016D-11D2-945F-00C04FB984F9}"

static const char *const included[] = { "gpo", "PolicyDefinitions",
					"SafeSenders.txt" };
#define NINCLUDED (sizeof(included) / sizeof(*included))

/*
 * strcmp order: upper case before lower, '-' before '.' before '/', so
 * "x.txt" sits between "x-y.txt" and "x/y.txt", and letters before '{'.
 */
static const char *const expect_names[] = {
	"PolicyDefinitions/en-US/gpforge.adml",
	"PolicyDefinitions/gpforge.admx",
	"SafeSenders.txt",
	"gpo/x-y.txt",
	"gpo/x.txt",
	"gpo/x/y.txt",
	"gpo/" GPO_ID "/Backup.xml",
	"gpo/" GPO_ID "/DomainSysvol/GPO/Machine/registry.pol",
	"gpo/" GPO_ID "/empty.txt",
};
#define NEXPECT (sizeof(expect_names) / sizeof(*expect_names))

struct tree {
	char dir[64];  /* the mkdtemp folder */
	char root[96]; /* dir/root: what gets bundled */
	char zip[96];  /* dir/out.zip */
	struct gpf_error err;
};

/* Writes root/name, making the folders on the way. */
static void
put_file(const char *root, const char *name, const void *data, size_t len)
{
	char path[512];
	size_t skip = strlen(root) + 1;
	char *slash;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	for (slash = strchr(path + skip, '/'); slash != NULL;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		ck_assert_msg(mkdir(path, 0755) == 0 || errno == EEXIST,
			      "mkdir %s", path);
		*slash = '/';
	}
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

static void
put_text(const char *root, const char *name, const char *text)
{
	put_file(root, name, text, strlen(text));
}

static void
put_link(const char *root, const char *name, const char *target)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, name);
	ck_assert_int_eq(symlink(target, path), 0);
}

/* A GPO backup, templates, a sender list, and things to leave out. */
static void
make_tree(struct tree *t)
{
	unsigned char pol[8 + 256];
	struct gpf_buf xml = { 0 };
	int i;

	snprintf(t->dir, sizeof(t->dir), "/tmp/gpf-bundle-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(t->dir));
	snprintf(t->root, sizeof(t->root), "%s/root", t->dir);
	snprintf(t->zip, sizeof(t->zip), "%s/out.zip", t->dir);
	ck_assert_int_eq(mkdir(t->root, 0755), 0);

	/* Repetitive, so deflate visibly shrinks it. */
	gpf_buf_append(&xml, "<?xml version=\"1.0\"?>\n<GroupPolicyBackup>\n",
		       43);
	for (i = 0; i < 50; i++)
		gpf_buf_append(&xml, "  <Setting/>\n", 13);
	put_file(t->root, "gpo/" GPO_ID "/Backup.xml", xml.data, xml.len);
	gpf_buf_free(&xml);

	/* Every byte value, NUL included. */
	memcpy(pol, "PReg\1\0\0\0", 8);
	for (i = 0; i < 256; i++)
		pol[8 + i] = (unsigned char)i;
	put_file(t->root,
		 "gpo/" GPO_ID "/DomainSysvol/GPO/Machine/registry.pol", pol,
		 sizeof(pol));

	put_file(t->root, "gpo/" GPO_ID "/empty.txt", "", 0);
	put_text(t->root, "gpo/x/y.txt", "y\n");
	put_text(t->root, "gpo/x.txt", "x\n");
	put_text(t->root, "gpo/x-y.txt", "x-y\n");
	put_text(t->root, "PolicyDefinitions/gpforge.admx", "<policyDefs/>\n");
	put_text(t->root, "PolicyDefinitions/en-US/gpforge.adml", "<res/>\n");
	put_text(t->root, "SafeSenders.txt", "@example.com\n");
	put_text(t->root, "outside.txt", "not included\n");
	put_link(t->root, "gpo/outside-link.txt", "../outside.txt");
	put_link(t->root, "gpo/loop", "..");
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)flag, (void)f;
	return remove(path);
}

static void
remove_tree(const char *dir)
{
	ck_assert_int_eq(nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

static void
make_and_bundle(struct tree *t, long long mtime)
{
	make_tree(t);
	ck_assert_int_eq(
	    bundle_write(t->zip, t->root, included, NINCLUDED, mtime, &t->err),
	    GPF_OK);
}

/* The whole file at path; the caller frees it. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	struct gpf_buf b = { 0 };
	unsigned char chunk[4096];
	size_t got;
	FILE *fp = fopen(path, "rb");

	ck_assert_msg(fp != NULL, "open %s", path);
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		gpf_buf_append(&b, chunk, got);
	ck_assert_int_eq(ferror(fp), 0);
	fclose(fp);
	gpf_buf_reserve(&b, 0);
	*len = b.len;
	return b.data;
}

static zip_t *
open_zip(const char *path)
{
	int code = 0;
	zip_t *za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code);

	ck_assert_msg(za != NULL, "%s: libzip cannot open it (error %d)", path,
		      code);
	return za;
}

/* The names of the archive are exactly expect_names, in order. */
START_TEST(names_sorted_files_only)
{
	struct stat st;
	struct tree t;
	zip_t *za;
	size_t i;

	make_and_bundle(&t, FIXED_MTIME);
	za = open_zip(t.zip);
	ck_assert_int_eq(zip_get_num_entries(za, 0), NEXPECT);
	for (i = 0; i < NEXPECT; i++)
		ck_assert_str_eq(zip_get_name(za, i, 0), expect_names[i]);
	zip_discard(za);

	/* Like any output: 0644 less the umask (022, set in main). */
	ck_assert_int_eq(stat(t.zip, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0644);
	remove_tree(t.dir);
}
END_TEST

/* Entry i holds exactly the bytes of its file. */
static void
assert_entry_bytes(zip_t *za, zip_uint64_t i, const char *root)
{
	unsigned char *want, *got;
	char path[512];
	size_t len;
	zip_file_t *zf;

	snprintf(path, sizeof(path), "%s/%s", root, expect_names[i]);
	want = slurp(path, &len);
	got = malloc(len + 1);
	zf = zip_fopen_index(za, i, 0);
	ck_assert_msg(zf != NULL, "%s: cannot open entry", expect_names[i]);

	/* Asking for one byte more shows there is nothing extra. */
	ck_assert_int_eq(zip_fread(zf, got, len + 1), (zip_int64_t)len);
	ck_assert_msg(memcmp(got, want, len) == 0, "%s: contents differ",
		      expect_names[i]);
	ck_assert_int_eq(zip_fclose(zf), 0);
	free(got);
	free(want);
}

START_TEST(contents_match_files)
{
	struct tree t;
	zip_t *za;
	size_t i;

	make_and_bundle(&t, FIXED_MTIME);
	za = open_zip(t.zip);
	for (i = 0; i < NEXPECT; i++)
		assert_entry_bytes(za, i, t.root);
	zip_discard(za);
	remove_tree(t.dir);
}
END_TEST

/* Time, method, attributes and extra fields of entry i. */
static void
assert_entry_header(zip_t *za, zip_uint64_t i, time_t mtime)
{
	const char *name = expect_names[i];
	zip_uint32_t attr;
	zip_uint8_t opsys;
	zip_stat_t st;

	ck_assert_int_eq(zip_stat_index(za, i, 0, &st), 0);
	ck_assert_msg(st.mtime == mtime, "%s: mtime %lld, expected %lld", name,
		      (long long)st.mtime, (long long)mtime);
	ck_assert_msg(st.comp_method == ZIP_CM_DEFLATE, "%s: method %d", name,
		      st.comp_method);

	ck_assert_int_eq(
	    zip_file_get_external_attributes(za, i, 0, &opsys, &attr), 0);
	ck_assert_msg(opsys == ZIP_OPSYS_UNIX && attr >> 16 == 0100644,
		      "%s: attributes %d/%o", name, opsys, attr >> 16);

	ck_assert_msg(zip_file_extra_fields_count(za, i, ZIP_FL_LOCAL) == 0,
		      "%s: extra fields in the local header", name);
	ck_assert_msg(zip_file_extra_fields_count(za, i, ZIP_FL_CENTRAL) == 0,
		      "%s: extra fields in the central directory", name);
}

START_TEST(fixed_time_deflate_no_extras)
{
	struct tree t;
	zip_stat_t st;
	zip_t *za;
	size_t i;

	make_and_bundle(&t, FIXED_MTIME);
	za = open_zip(t.zip);
	for (i = 0; i < NEXPECT; i++)
		assert_entry_header(za, i, (time_t)FIXED_MTIME);

	/* Deflate really ran: the repetitive XML shrank. */
	ck_assert_int_eq(zip_stat_index(za, 6, 0, &st), 0);
	ck_assert_msg(st.comp_size < st.size / 4,
		      "Backup.xml: %llu bytes deflated to %llu",
		      (unsigned long long)st.size,
		      (unsigned long long)st.comp_size);
	zip_discard(za);
	remove_tree(t.dir);
}
END_TEST

/* Sets the times of root/name, not following a link. */
static void
set_mtime(const char *root, const char *name, time_t when)
{
	struct timespec ts[2] = { { when, 0 }, { when, 0 } };
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, name);
	ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW), 0);
}

/* With mtime < 0 each entry keeps its file's own (even) time. */
START_TEST(own_times_without_fixed_mtime)
{
	struct tree t;
	zip_stat_t st;
	zip_t *za;
	size_t i;

	make_tree(&t);
	for (i = 0; i < NEXPECT; i++)
		set_mtime(t.root, expect_names[i], FIXED_MTIME + 3600 * i);
	ck_assert_int_eq(
	    bundle_write(t.zip, t.root, included, NINCLUDED, -1, &t.err),
	    GPF_OK);

	za = open_zip(t.zip);
	for (i = 0; i < NEXPECT; i++) {
		ck_assert_int_eq(zip_stat_index(za, i, 0, &st), 0);
		ck_assert_msg(st.mtime == FIXED_MTIME + 3600 * (time_t)i,
			      "%s: mtime %lld", expect_names[i],
			      (long long)st.mtime);
	}
	zip_discard(za);
	remove_tree(t.dir);
}
END_TEST

static void
assert_same_file(const char *a, const char *b)
{
	unsigned char *x, *y;
	size_t xlen, ylen;

	x = slurp(a, &xlen);
	y = slurp(b, &ylen);
	ck_assert_msg(xlen == ylen && memcmp(x, y, xlen) == 0,
		      "%s and %s differ", a, b);
	free(x);
	free(y);
}

/* Same files and mtime: same bytes, whatever stat says of the files. */
START_TEST(reproducible)
{
	char again[128], path[512];
	struct tree t;
	size_t i;

	make_and_bundle(&t, FIXED_MTIME);
	for (i = 0; i < NEXPECT; i++)
		set_mtime(t.root, expect_names[i], FIXED_MTIME + 7 + 60 * i);
	snprintf(path, sizeof(path), "%s/SafeSenders.txt", t.root);
	ck_assert_int_eq(chmod(path, 0755), 0);

	/* A DOS time step later, so the time of writing would show too. */
	sleep(2);

	snprintf(again, sizeof(again), "%s/again.zip", t.dir);
	ck_assert_int_eq(bundle_write(again, t.root, included, NINCLUDED,
				      FIXED_MTIME, &t.err),
			 GPF_OK);
	assert_same_file(t.zip, again);

	/* Writing over an existing archive gives the same bytes too. */
	ck_assert_int_eq(bundle_write(again, t.root, included, NINCLUDED,
				      FIXED_MTIME, &t.err),
			 GPF_OK);
	assert_same_file(t.zip, again);
	remove_tree(t.dir);
}
END_TEST

/* The folder holds exactly "root" and "out.zip": no temporary left. */
static void
assert_no_leftovers(const char *dir)
{
	struct dirent **list;
	int i, n = scandir(dir, &list, NULL, alphasort);

	ck_assert_int_ge(n, 0);
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(list[2]->d_name, "out.zip");
	ck_assert_str_eq(list[3]->d_name, "root");
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

START_TEST(missing_include_keeps_earlier_zip)
{
	static const char *const missing[] = { "gpo", "NoSuchThing" };
	unsigned char *before, *after;
	size_t before_len, after_len;
	char want[256];
	struct tree t;

	make_and_bundle(&t, FIXED_MTIME);
	before = slurp(t.zip, &before_len);

	ck_assert_int_eq(
	    bundle_write(t.zip, t.root, missing, 2, FIXED_MTIME, &t.err),
	    GPF_NOINPUT);
	snprintf(want, sizeof(want),
		 "%s/NoSuchThing: No such file or directory", t.root);
	ck_assert_str_eq(t.err.message, want);

	after = slurp(t.zip, &after_len);
	ck_assert_msg(before_len == after_len &&
			  memcmp(before, after, before_len) == 0,
		      "the earlier zip was changed");
	assert_no_leftovers(t.dir);
	free(before);
	free(after);
	remove_tree(t.dir);
}
END_TEST

/* A failure after the temporary file exists must remove it too. */
START_TEST(unreadable_file_keeps_earlier_zip)
{
	unsigned char *before, *after;
	size_t before_len, after_len;
	char path[256], want[300];
	struct tree t;

	if (geteuid() == 0) {
		fprintf(stderr, "skip: root can read a mode 000 file\n");
		return;
	}
	make_and_bundle(&t, FIXED_MTIME);
	before = slurp(t.zip, &before_len);
	snprintf(path, sizeof(path), "%s/SafeSenders.txt", t.root);
	ck_assert_int_eq(chmod(path, 0), 0);

	ck_assert_int_eq(bundle_write(t.zip, t.root, included, NINCLUDED,
				      FIXED_MTIME, &t.err),
			 GPF_NOINPUT);
	snprintf(want, sizeof(want), "%s: Permission denied", path);
	ck_assert_str_eq(t.err.message, want);

	after = slurp(t.zip, &after_len);
	ck_assert_msg(before_len == after_len &&
			  memcmp(before, after, before_len) == 0,
		      "the earlier zip was changed");
	assert_no_leftovers(t.dir);
	free(before);
	free(after);
	remove_tree(t.dir);
}
END_TEST

START_TEST(refuses_symlinked_zip_path)
{
	char link[128], target[128], want[256];
	struct stat st;
	struct tree t;

	make_tree(&t);
	snprintf(link, sizeof(link), "%s/link.zip", t.dir);
	snprintf(target, sizeof(target), "%s/target.zip", t.dir);
	ck_assert_int_eq(symlink(target, link), 0);

	ck_assert_int_eq(bundle_write(link, t.root, included, NINCLUDED,
				      FIXED_MTIME, &t.err),
			 GPF_CANTCREAT);
	snprintf(want, sizeof(want),
		 "%s: refusing to write through a symbolic link", link);
	ck_assert_str_eq(t.err.message, want);
	ck_assert_msg(lstat(target, &st) != 0 && errno == ENOENT,
		      "the link's target was created");
	ck_assert_msg(lstat(link, &st) == 0 && S_ISLNK(st.st_mode),
		      "the link was replaced");
	remove_tree(t.dir);
}
END_TEST

/* Names that would lead out of root, and nowhere to write. */
START_TEST(refusals)
{
	static const char *const bad[] = { "../root", "/etc", "gpo/./x", "gpo/",
					   "" };
	char nowhere[128], want[256];
	struct tree t;
	size_t i;

	make_tree(&t);
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ck_assert_msg(bundle_write(t.zip, t.root, &bad[i], 1,
					   FIXED_MTIME, &t.err) == GPF_USAGE,
			      "include name '%s' accepted", bad[i]);

	snprintf(nowhere, sizeof(nowhere), "%s/no/such/dir.zip", t.dir);
	ck_assert_int_eq(bundle_write(nowhere, t.root, included, NINCLUDED,
				      FIXED_MTIME, &t.err),
			 GPF_CANTCREAT);
	snprintf(want, sizeof(want), "%s: No such file or directory", nowhere);
	ck_assert_str_eq(t.err.message, want);

	ck_assert_int_eq(bundle_write(t.root, t.root, included, NINCLUDED,
				      FIXED_MTIME, &t.err),
			 GPF_CANTCREAT);
	snprintf(want, sizeof(want), "%s: is a directory", t.root);
	ck_assert_str_eq(t.err.message, want);
	remove_tree(t.dir);
}
END_TEST

/* "gpo" and "gpo/x.txt" both name gpo/x.txt; it is stored once. */
START_TEST(overlapping_includes_store_once)
{
	static const char *const both[] = { "gpo/x.txt", "gpo" };
	struct tree t;
	zip_t *za;

	make_tree(&t);
	ck_assert_int_eq(
	    bundle_write(t.zip, t.root, both, 2, FIXED_MTIME, &t.err), GPF_OK);
	za = open_zip(t.zip);
	ck_assert_int_eq(zip_get_num_entries(za, 0), 6);
	ck_assert_str_eq(zip_get_name(za, 1, 0), "gpo/x.txt");
	ck_assert_str_eq(zip_get_name(za, 2, 0), "gpo/x/y.txt");
	zip_discard(za);
	remove_tree(t.dir);
}
END_TEST

/* Folders with no files give a valid empty archive, not no file. */
START_TEST(empty_archive)
{
	static const char *const empty[] = { "Empty" };
	char path[128];
	struct stat st;
	struct tree t;
	zip_t *za;

	make_tree(&t);
	snprintf(path, sizeof(path), "%s/Empty", t.root);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	ck_assert_int_eq(
	    bundle_write(t.zip, t.root, empty, 1, FIXED_MTIME, &t.err), GPF_OK);
	ck_assert_int_eq(stat(t.zip, &st), 0);
	ck_assert_int_eq(st.st_size, 22);
	za = open_zip(t.zip);
	ck_assert_int_eq(zip_get_num_entries(za, 0), 0);
	zip_discard(za);
	remove_tree(t.dir);
}
END_TEST

/* An outside reader agrees: unzip lists the same names and tests clean. */
START_TEST(unzip_agrees)
{
	char cmd[512], line[512];
	struct tree t;
	size_t n = 0;
	FILE *fp;

	if (access("/usr/bin/unzip", X_OK) != 0) {
		fprintf(stderr, "skip: /usr/bin/unzip not installed\n");
		return;
	}
	make_and_bundle(&t, FIXED_MTIME);

	snprintf(cmd, sizeof(cmd), "/usr/bin/unzip -Z1 '%s'", t.zip);
	fp = popen(cmd, "r");
	ck_assert_ptr_nonnull(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		ck_assert_uint_lt(n, NEXPECT);
		ck_assert_str_eq(line, expect_names[n]);
		n++;
	}
	ck_assert_int_eq(pclose(fp), 0);
	ck_assert_uint_eq(n, NEXPECT);

	snprintf(cmd, sizeof(cmd), "/usr/bin/unzip -tqq '%s'", t.zip);
	ck_assert_msg(system(cmd) == 0, "unzip -t found errors");
	remove_tree(t.dir);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("bundle");
	TCase *c = tcase_create("contents"), *f = tcase_create("failures");
	SRunner *sr;
	int failed;

	/* libzip converts DOS times with localtime and mktime. */
	setenv("TZ", "UTC0", 1);
	tzset();
	umask(022);

	tcase_add_test(c, names_sorted_files_only);
	tcase_add_test(c, contents_match_files);
	tcase_add_test(c, fixed_time_deflate_no_extras);
	tcase_add_test(c, own_times_without_fixed_mtime);
	tcase_add_test(c, reproducible);
	tcase_add_test(c, overlapping_includes_store_once);
	tcase_add_test(c, empty_archive);
	tcase_add_test(c, unzip_agrees);
	tcase_add_test(f, missing_include_keeps_earlier_zip);
	tcase_add_test(f, unreadable_file_keeps_earlier_zip);
	tcase_add_test(f, refuses_symlinked_zip_path);
	tcase_add_test(f, refusals);
	suite_add_tcase(s, c);
	suite_add_tcase(s, f);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
