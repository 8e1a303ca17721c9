/*
 * check_deploy.c - the pure parts of "gpforge deploy": gPLink values,
 * GPO versions, GPT.INI, links.csv, the SYSVOL folder's access rules,
 * extension lists, and the plan made for a directory described by hand.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "casefold.h"
#include "deploy_private.h"
#include "gplink.h"
#include "gpt_ini.h"
#include "links_csv.h"
#include "sysvol_acl.h"

#define DOMAIN_DN "DC=corp,DC=example,DC=com"
#define GUID_A	  "{0A0A0A0A-0000-4000-8000-00000000000A}"
#define GUID_B	  "{0B0B0B0B-0000-4000-8000-00000000000B}"
#define GPO_DN(g) "CN=" g ",CN=Policies,CN=System," DOMAIN_DN
#define REGISTRY_EXT                              \
	"[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}" \
	"{D02B1F73-3407-48AE-BA88-E8213C6761F1}]"

/* --- gPLink ----------------------------------------------------------- */

START_TEST(gplink_reads_entries)
{
	struct gplink g;
	struct gpf_error err;

	ck_assert_int_eq(gplink_parse(NULL, "x", &g, &err), GPF_OK);
	ck_assert_uint_eq(g.count, 0);
	ck_assert_int_eq(gplink_parse(" ", "x", &g, &err), GPF_OK);
	ck_assert_uint_eq(g.count, 0);
	ck_assert_int_eq(
	    gplink_parse("[LDAP://" GPO_DN(GUID_A) ";0]"
						   "[ldap://cn=x\\;y,dc=z;2]",
			 "x", &g, &err),
	    GPF_OK);
	ck_assert_uint_eq(g.count, 2);
	ck_assert_str_eq(g.items[0].dn, GPO_DN(GUID_A));
	ck_assert_uint_eq(g.items[0].options, 0);
	ck_assert_msg(strcmp(g.items[1].dn, "cn=x\\;y,dc=z") == 0,
		      "an escaped ';' stays in the DN: %s", g.items[1].dn);
	ck_assert_uint_eq(g.items[1].options, 2);
	gplink_free(&g);
}
END_TEST

static const struct {
	const char *text, *message;
} bad_gplinks[] = {
	{ "LDAP://cn=x;0]", "gPLink of OU=A: an entry does not start with "
			    "'[' (at byte 0)" },
	{ "[cn=x;0]", "gPLink of OU=A: an entry does not start with "
		      "[LDAP:// (at byte 0)" },
	{ "[LDAP://cn=x;0", "gPLink of OU=A: an entry has no closing ']' "
			    "(at byte 0)" },
	{ "[LDAP://cn=x;0][LDAP://cn=y]",
	  "gPLink of OU=A: an entry has no GPO name or no ';' before its "
	  "options (at byte 15)" },
	{ "[LDAP://cn=x;]", "gPLink of OU=A: an entry has no options after "
			    "';' (at byte 0)" },
	{ "[LDAP://cn=x;z]", "gPLink of OU=A: an entry's options are not a "
			     "small number (at byte 0)" },
};
#define NBAD_GPLINKS (sizeof(bad_gplinks) / sizeof(bad_gplinks[0]))

START_TEST(gplink_refuses_malformed)
{
	struct gplink g;
	struct gpf_error err;

	ck_assert_int_eq(gplink_parse(bad_gplinks[_i].text, "OU=A", &g, &err),
			 GPF_DATAERR);
	ck_assert_str_eq(err.message, bad_gplinks[_i].message);
	ck_assert_uint_eq(g.count, 0);
}
END_TEST

START_TEST(gplink_adds_in_front_once)
{
	static const char other[] =
	    "[LDAP://cn={31B2F340-016D-11D2-945F-00C04FB984F9},"
	    "cn=policies,cn=system," DOMAIN_DN ";1]";
	struct gplink g;
	struct gpf_error err;
	char *text;

	ck_assert_int_eq(gplink_parse(other, "x", &g, &err), GPF_OK);
	ck_assert_int_eq(gplink_add(&g, GPO_DN(GUID_A), 0), 1);
	text = gplink_format(&g);
	ck_assert_str_eq(
	    text,
	    "[LDAP://" GPO_DN(
		GUID_A) ";0]"
			"[LDAP://cn={31B2F340-016D-11D2-945F-"
			"00C04FB984F9},cn=policies,cn=system," DOMAIN_DN ";1]");
	free(text);

	/* The same GPO in other letters and another DN spelling. */
	ck_assert_int_eq(gplink_add(&g,
				    "cn={0a0a0a0a-0000-4000-8000-"
				    "00000000000a},cn=policies,"
				    "cn=system,dc=corp,dc=example,dc=com",
				    0),
			 0);
	ck_assert_int_eq(gplink_add(&g, "CN=" GUID_A ",CN=Other", 2), 0);
	ck_assert_uint_eq(g.count, 2);
	ck_assert_int_eq(gplink_find(&g, "cn={31b2f340-016d-11d2-945f-"
					 "00c04fb984f9},cn=x"),
			 1);
	ck_assert_int_eq(gplink_find(&g, GPO_DN(GUID_B)), -1);
	gplink_free(&g);

	/* Without GUIDs, whole names compare without regard to case. */
	ck_assert_int_eq(
	    gplink_parse("[LDAP://CN=Plain,DC=x;0]", "x", &g, &err), GPF_OK);
	ck_assert_int_eq(gplink_find(&g, "cn=plain,dc=X"), 0);
	ck_assert_int_eq(gplink_find(&g, "cn=plain2,dc=X"), -1);
	gplink_free(&g);
}
END_TEST

/* --- versions ---------------------------------------------------------- */

START_TEST(version_halves)
{
	uint32_t v;

	v = gpo_version_make(3, 7);
	ck_assert_uint_eq(v, 3u * 65536u + 7u);
	ck_assert_uint_eq(gpo_version_user(v), 3);
	ck_assert_uint_eq(gpo_version_computer(v), 7);
	ck_assert_int_eq(gpo_version_bump_user(v, &v), 0);
	ck_assert_msg(v == gpo_version_make(4, 7), "user + 1, computer kept");
	ck_assert_int_eq(gpo_version_bump_user(0, &v), 0);
	ck_assert_uint_eq(v, 65536);

	v = 1;
	ck_assert_int_eq(gpo_version_bump_user(gpo_version_make(65535, 9), &v),
			 -1);
	ck_assert_msg(v == 1, "a refused bump leaves the output alone");
	ck_assert_int_eq(gpo_version_bump_user(gpo_version_make(65534, 9), &v),
			 0);
	ck_assert_msg(v == gpo_version_make(65535, 9), "65534 + 1");
}
END_TEST

START_TEST(version_as_ldap_has_it)
{
	char text[GPO_VERSION_TEXT];
	uint32_t v;

	ck_assert_int_eq(gpo_version_parse("65536", &v), 0);
	ck_assert_uint_eq(v, 65536);
	ck_assert_int_eq(gpo_version_parse("-65536", &v), 0);
	ck_assert_msg(v == 0xffff0000u, "a negative value is the same bits");
	ck_assert_int_eq(gpo_version_parse("4294901760", &v), 0);
	ck_assert_msg(v == 0xffff0000u, "the unsigned spelling too");
	ck_assert_int_eq(gpo_version_parse("-2147483648", &v), 0);
	ck_assert_msg(v == 0x80000000u, "the lowest");
	ck_assert_int_eq(gpo_version_parse("4294967296", &v), -1);
	ck_assert_int_eq(gpo_version_parse("-2147483649", &v), -1);
	ck_assert_int_eq(gpo_version_parse("", &v), -1);
	ck_assert_int_eq(gpo_version_parse("12x", &v), -1);
	ck_assert_int_eq(gpo_version_parse(" 1", &v), -1);
	ck_assert_int_eq(gpo_version_parse("+1", &v), -1);

	gpo_version_format(65536, text);
	ck_assert_str_eq(text, "65536");
	gpo_version_format(gpo_version_make(32768, 0), text);
	ck_assert_str_eq(text, "-2147483648");
	gpo_version_format(0xffff0001u, text);
	ck_assert_str_eq(text, "-65535");
	gpo_version_format(0x7fffffffu, text);
	ck_assert_str_eq(text, "2147483647");
}
END_TEST

/* --- GPT.INI ----------------------------------------------------------- */

static int
gpt_version(const char *text, uint32_t *v, unsigned long *line)
{
	return gpt_ini_version(text, strlen(text), v, line);
}

START_TEST(gpt_ini_reads_version)
{
	unsigned long line = 0;
	uint32_t v = 0;

	ck_assert_int_eq(
	    gpt_version("[General]\r\nVersion=65536\r\n", &v, &line), 1);
	ck_assert_uint_eq(v, 65536);
	ck_assert_uint_eq(line, 2);
	ck_assert_int_eq(gpt_version("\xef\xbb\xbf [general] \n"
				     "displayName=x\n  VERSION = 7 \n",
				     &v, &line),
			 1);
	ck_assert_uint_eq(v, 7);
	ck_assert_uint_eq(line, 3);
	ck_assert_int_eq(gpt_version("[Other]\r\nVersion=5\r\n", &v, &line), 0);
	ck_assert_int_eq(gpt_version("Version=5\r\n[General]\r\n", &v, &line),
			 0);
	ck_assert_int_eq(gpt_version("", &v, &line), 0);
	ck_assert_int_eq(gpt_version("[General]\r\nVersion=-1\r\n", &v, &line),
			 -1);
	ck_assert_int_eq(
	    gpt_version("[General]\r\n\r\nVersion=x\r\n", &v, &line), -1);
	ck_assert_uint_eq(line, 3);
	ck_assert_int_eq(
	    gpt_version("[General]\r\nVersion=4294967296\r\n", &v, &line), -1);
}
END_TEST

static void
check_with_version(const char *in, uint32_t v, const char *want)
{
	struct gpf_buf out = { 0 };

	gpf_buf_append(&out, "x", 1); /* it appends */
	gpt_ini_with_version(in, in ? strlen(in) : 0, v, &out);
	ck_assert_msg(strcmp(gpf_buf_str(&out) + 1, want) == 0,
		      "GPT.INI for %s: got [%s], want [%s]", in ? in : "NULL",
		      gpf_buf_str(&out) + 1, want);
	gpf_buf_free(&out);
}

START_TEST(gpt_ini_writes_version)
{
	check_with_version(NULL, 65536, "[General]\r\nVersion=65536\r\n");
	check_with_version("[General]\r\nVersion=65536\r\n", 131072,
			   "[General]\r\nVersion=131072\r\n");
	check_with_version("[general]\ndisplayName=New\nversion = 1\n", 2,
			   "[general]\r\ndisplayName=New\r\nVersion=2\r\n");
	check_with_version("[General]\r\ndisplayName=New\r\n[Other]\r\nA=1", 3,
			   "[General]\r\ndisplayName=New\r\nVersion=3\r\n"
			   "[Other]\r\nA=1\r\n");
	check_with_version(
	    "[Other]\r\nVersion=9\r\n", 4,
	    "[General]\r\nVersion=4\r\n[Other]\r\nVersion=9\r\n");
	check_with_version("[General]\r\nVersion=1\r\nVersion=1\r\n", 5,
			   "[General]\r\nVersion=5\r\n");
	check_with_version("[General]\r\nVersion=1\r\n", 0xffff0000u,
			   "[General]\r\nVersion=4294901760\r\n");
}
END_TEST

/* --- links.csv --------------------------------------------------------- */

static char dir[] = "/tmp/check_deploy.XXXXXX";

static char *
write_file(const char *name, const char *text)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = malloc(n);
	FILE *fp;

	snprintf(path, n, "%s/%s", dir, name);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

START_TEST(links_csv_round_trip)
{
	struct ps_gpo gpos[2] = {
		{ "Sales, \"EU\"", GUID_A, "OU=Sales\\, EU,DC=corp,DC=com" },
		{ "HR", GUID_B, "OU=HR,DC=corp,DC=com" },
	};
	const char *const lists[2] = { "SafeSenders-sales.txt", NULL };
	struct link_row *rows;
	struct gpf_error err;
	char path[256], text[512];
	size_t count, n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/links.csv", dir);
	unlink(path);
	ck_assert_int_eq(links_csv_write(dir, gpos, lists, 2, &err), GPF_OK);
	fp = fopen(path, "rb");
	n = fread(text, 1, sizeof(text) - 1, fp);
	fclose(fp);
	text[n] = '\0';
	ck_assert_str_eq(text, "backup_id,gpo_name,ou,list_file\r\n"
			       "\"" GUID_A "\",\"Sales, \"\"EU\"\"\","
			       "\"OU=Sales\\, EU,DC=corp,DC=com\","
			       "\"SafeSenders-sales.txt\"\r\n"
			       "\"" GUID_B "\",\"HR\",\"OU=HR,DC=corp,DC=com\","
			       "\"\"\r\n");
	ck_assert_int_eq(links_csv_read(path, &rows, &count, &err), GPF_OK);
	ck_assert_uint_eq(count, 2);
	ck_assert_str_eq(rows[0].gpo_name, "Sales, \"EU\"");
	ck_assert_str_eq(rows[0].ou, "OU=Sales\\, EU,DC=corp,DC=com");
	ck_assert_str_eq(rows[1].backup_id, GUID_B);
	ck_assert_uint_eq(rows[1].line, 3);
	ck_assert_str_eq(rows[0].list_file, "SafeSenders-sales.txt");
	ck_assert_ptr_null(rows[1].list_file);
	links_csv_free(rows, count);
	ck_assert_int_eq(links_csv_write(dir, gpos, lists, 2, &err),
			 GPF_CANTCREAT);
}
END_TEST

START_TEST(links_csv_any_column_order)
{
	char *path =
	    write_file("order.csv", "ou,backup_id,gpo_name\n"
				    "\n"
				    "\"OU=A,DC=x\"," GUID_A ",\"Multi\nline\"\n"
				    "OU=B\\,C,"
				    "DC=x," GUID_B ",B\n");
	struct link_row *rows;
	struct gpf_error err;
	size_t count;

	ck_assert_int_eq(links_csv_read(path, &rows, &count, &err),
			 GPF_DATAERR);
	ck_assert_str_eq(err.message + strlen(path),
			 ": line 5: 5 fields where the header has 3");
	free(path);

	path = write_file("order2.csv",
			  "ou,backup_id,gpo_name\r\n\r\n"
			  "\"OU=A,DC=x\"," GUID_A ",\"Multi\nline\"\r\n"
			  "\"OU=B\\,C,DC=x\"," GUID_B ",B\r\n");
	ck_assert_int_eq(links_csv_read(path, &rows, &count, &err), GPF_OK);
	ck_assert_uint_eq(count, 2);
	ck_assert_str_eq(rows[0].ou, "OU=A,DC=x");
	ck_assert_str_eq(rows[0].gpo_name, "Multi\nline");
	ck_assert_uint_eq(rows[0].line, 3);
	ck_assert_uint_eq(rows[1].line, 5);
	ck_assert_str_eq(rows[1].ou, "OU=B\\,C,DC=x");
	ck_assert_ptr_null(rows[1].list_file);
	links_csv_free(rows, count);
	free(path);
}
END_TEST

static const struct {
	const char *text, *message;
} bad_links[] = {
	{ "", ": line 0: no header row (backup_id,gpo_name,ou)" },
	{ "backup_id,gpo_name\n", ": line 1: the header has no 'ou' column" },
	{ "backup_id,gpo_name,ou,list_file,x\n",
	  ": line 1: unexpected column 'x' (the header is "
	  "backup_id,gpo_name,ou[,list_file])" },
	{ "backup_id,gpo_name,gpo_name\n",
	  ": line 1: column 'gpo_name' appears twice" },
	{ "backup_id,gpo_name,ou\n" GUID_A ",,OU=A\n",
	  ": line 2: the gpo_name is empty" },
	{ "backup_id,gpo_name,ou\n" GUID_A ",A\n",
	  ": line 2: 2 fields where the header has 3" },
	{ "backup_id,gpo_name,ou\n\"" GUID_A ",A,OU=A\n",
	  ": line 2: a quoted field is not closed before the end of the "
	  "file" },
};
#define NBAD_LINKS (sizeof(bad_links) / sizeof(bad_links[0]))

START_TEST(links_csv_refusals)
{
	char *path = write_file("bad.csv", bad_links[_i].text);
	struct link_row *rows;
	struct gpf_error err;
	size_t count;

	ck_assert_int_eq(links_csv_read(path, &rows, &count, &err),
			 GPF_DATAERR);
	ck_assert_msg(
	    strncmp(err.message, path, strlen(path)) == 0 &&
		strcmp(err.message + strlen(path), bad_links[_i].message) == 0,
	    "got [%s], want [PATH%s]", err.message, bad_links[_i].message);
	ck_assert_ptr_null(rows);
	ck_assert_uint_eq(count, 0);
	free(path);
}
END_TEST

/* --- the SYSVOL folder's access rules ---------------------------------- */

static void
put_u16(struct gpf_buf *b, unsigned v)
{
	unsigned char x[2] = { v & 0xff, (v >> 8) & 0xff };

	gpf_buf_append(b, x, 2);
}

static void
put_u32(struct gpf_buf *b, uint32_t v)
{
	put_u16(b, v & 0xffff);
	put_u16(b, v >> 16);
}

/* S-1-AUTHORITY-SUB... */
static void
put_sid(struct gpf_buf *b, unsigned authority, int n, const uint32_t *sub)
{
	unsigned char head[8] = { 1, (unsigned char)n,	      0, 0, 0, 0,
				  0, (unsigned char)authority };
	int i;

	gpf_buf_append(b, head, 8);
	for (i = 0; i < n; i++)
		put_u32(b, sub[i]);
}

static const uint32_t domain_admins[] = { 21, 1, 2, 3, 512 };
static const uint32_t user_1105[] = { 21, 1, 2, 3, 1105 };
static const uint32_t creator_owner[] = { 0 };
static const uint32_t authenticated[] = { 11 };
static const uint32_t pre_2000[] = { 32, 554 };

/* An ACE: type, flags, mask, optional object GUID, then the SID. */
static void
put_ace(struct gpf_buf *b, int type, int flags, uint32_t mask, int object,
	unsigned authority, int n, const uint32_t *sub)
{
	struct gpf_buf sid = { 0 };
	size_t size;

	put_sid(&sid, authority, n, sub);
	size = 8 + (type == 5 ? 4 + 16 * object : 0) + sid.len;
	gpf_buf_putc(b, (unsigned char)type);
	gpf_buf_putc(b, (unsigned char)flags);
	put_u16(b, (unsigned)size);
	put_u32(b, mask);
	if (type == 5) {
		put_u32(b, (uint32_t)object);
		if (object)
			gpf_buf_append(b, "0123456789abcdef", 16);
	}
	gpf_buf_append(b, sid.data, sid.len);
	gpf_buf_free(&sid);
}

/* The rights of samba's default GPO ACL, in directory terms. */
#define DS_FULL 0x000f00ffu /* RP WP CC DC LC LO RC WO WD SD DT SW */
#define DS_READ 0x00020094u /* RP LC LO RC */

static void
make_sd(struct gpf_buf *sd)
{
	struct gpf_buf aces = { 0 };

	put_ace(&aces, 0, 0x02, DS_FULL, 0, 5, 5, domain_admins);
	put_ace(&aces, 0, 0x0a, DS_FULL, 0, 3, 1, creator_owner);
	put_ace(&aces, 0, 0x02, DS_READ, 0, 5, 1, authenticated);
	put_ace(&aces, 5, 0x02, 0x100, 1, 5, 1, authenticated);
	put_ace(&aces, 0, 0x02, DS_READ, 0, 5, 2, pre_2000);
	put_ace(&aces, 1, 0x02, DS_FULL, 0, 5, 5, user_1105);
	put_ace(&aces, 5, 0x12, 0x20, 1, 5, 5, user_1105); /* one property */
	put_ace(&aces, 5, 0x12, 0x20, 0, 5, 5, user_1105); /* the object */

	gpf_buf_append(sd, "\1\0\4\x80", 4);
	put_u32(sd, 20);	   /* owner */
	put_u32(sd, 20 + 28);	   /* group */
	put_u32(sd, 0);		   /* SACL */
	put_u32(sd, 20 + 28 + 28); /* DACL */
	put_sid(sd, 5, 5, domain_admins);
	put_sid(sd, 5, 5, domain_admins);
	gpf_buf_append(sd, "\4\0", 2);
	put_u16(sd, (unsigned)(8 + aces.len));
	put_u16(sd, 8);
	put_u16(sd, 0);
	gpf_buf_append(sd, aces.data, aces.len);
	gpf_buf_free(&aces);
}

START_TEST(sysvol_acl_from_directory_acl)
{
	struct gpf_buf sd = { 0 }, out = { 0 };
	struct gpf_error err;

	ck_assert_uint_eq(sysvol_file_rights(DS_FULL), 0x1f01ff);
	ck_assert_uint_eq(sysvol_file_rights(DS_READ), 0x1200a9);
	ck_assert_uint_eq(sysvol_file_rights(0x10), 0);
	ck_assert_uint_eq(sysvol_file_rights(0x20), 0x100116);
	ck_assert_uint_eq(sysvol_file_rights(0x100), 0);

	make_sd(&sd);
	ck_assert_int_eq(sysvol_acl_from_ds(sd.data, sd.len, "G", &out, &err),
			 GPF_OK);
	ck_assert_str_eq(gpf_buf_str(&out),
			 "REVISION:1,OWNER:S-1-5-21-1-2-3-512,"
			 "GROUP:S-1-5-21-1-2-3-512,"
			 "ACL:S-1-5-21-1-2-3-512:0/3/2032127,"
			 "ACL:S-1-3-0:0/11/2032127,"
			 "ACL:S-1-5-11:0/3/1179817,"
			 "ACL:S-1-5-21-1-2-3-1105:0/19/1048854");
	gpf_buf_free(&out);

	/* A descriptor cut short anywhere is refused, never overread. */
	for (size_t n = 0; n < sd.len; n++) {
		int status = sysvol_acl_from_ds(sd.data, n, "G", &out, &err);

		ck_assert_msg(status == GPF_DATAERR, "cut at %zu accepted", n);
		ck_assert_msg(strncmp(err.message,
				      "security descriptor of G: offset ",
				      33) == 0,
			      "message %s", err.message);
		gpf_buf_free(&out);
	}
	sd.data[16] = sd.data[17] = 0;
	ck_assert_int_eq(sysvol_acl_from_ds(sd.data, sd.len, "G", &out, &err),
			 GPF_DATAERR);
	ck_assert_str_eq(err.message,
			 "security descriptor of G: offset 16: it has no DACL");
	gpf_buf_free(&out);
	gpf_buf_free(&sd);
}
END_TEST

/* --- extension lists --------------------------------------------------- */

/* --- SMB URLs ---------------------------------------------------------- */

static const struct {
	const char *host, *path, *suffix, *url;
} smb_urls[] = {
	{ "dc1.corp.example.com", "corp.example.com/Policies", "",
	  "smb://dc1.corp.example.com/sysvol/corp.example.com/Policies" },
	{ "dc1", "", "", "smb://dc1/sysvol" },
	{ "dc1", "Lists/Safe Senders.txt", ".gpforge-tmp",
	  "smb://dc1/sysvol/Lists/Safe%20Senders.txt.gpforge-tmp" },
	/* Encoded and without brackets, as libsmbclient takes it. */
	{ "::1", "a", "", "smb://%3A%3A1/sysvol/a" },
	{ "fd00::10", "a", "", "smb://fd00%3A%3A10/sysvol/a" },
	{ "10.0.0.5", "a#b?c", "", "smb://10.0.0.5/sysvol/a%23b%3Fc" },
};
#define NSMB_URLS (sizeof(smb_urls) / sizeof(smb_urls[0]))

START_TEST(smb_url_encodes_parts)
{
	struct smb_path p = { smb_urls[_i].host, "sysvol", smb_urls[_i].path };
	char *url = smb_url(&p, smb_urls[_i].suffix);

	ck_assert_str_eq(url, smb_urls[_i].url);
	free(url);
}
END_TEST

START_TEST(extensions_merge_sorted)
{
	char *s;

	s = deploy_merge_extensions(NULL, REGISTRY_EXT);
	ck_assert_str_eq(s, REGISTRY_EXT);
	free(s);
	s = deploy_merge_extensions(REGISTRY_EXT, REGISTRY_EXT);
	ck_assert_str_eq(s, REGISTRY_EXT);
	free(s);
	s = deploy_merge_extensions("[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}"
				    "{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}]"
				    "[{35378eac-683f-11d2-a89a-00c04fbbcfa2}"
				    "{0F6B957E-509E-11D1-A7CC-0000F87571E3}]",
				    REGISTRY_EXT);
	ck_assert_str_eq(s, "[{35378eac-683f-11d2-a89a-00c04fbbcfa2}"
			    "{0F6B957E-509E-11D1-A7CC-0000F87571E3}"
			    "{D02B1F73-3407-48AE-BA88-E8213C6761F1}]"
			    "[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}"
			    "{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}]");
	free(s);
	s = deploy_merge_extensions(NULL, NULL);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

/* --- the plan ---------------------------------------------------------- */

static unsigned next_guid;

static void
counting_guid(char out[GUID_TEXT_SIZE])
{
	snprintf(out, GUID_TEXT_SIZE, "{00000000-0000-4000-8000-%012u}",
		 ++next_guid);
}

struct world {
	struct deploy_options o;
	struct deploy_input in;
	struct dir_state st;
	struct deploy_plan plan;
	struct gpf_error err;
};

static void
world_start(struct world *w)
{
	memset(w, 0, sizeof(*w));
	next_guid = 0;
	w->o.output = "out";
	w->o.login.server = "dc1.corp.example.com";
	w->o.login.domain = "Corp.Example.com";
	w->in.domain_dn = strdup(DOMAIN_DN);
	w->in.links_csv = strdup("out/gpo/links.csv");
}

static void
add_input(struct world *w, const char *name, const char *ou, const char *pol)
{
	struct deploy_gpo *g;

	w->in.gpos =
	    realloc(w->in.gpos, (w->in.gpo_count + 1) * sizeof(*w->in.gpos));
	g = &w->in.gpos[w->in.gpo_count++];
	memset(g, 0, sizeof(*g));
	g->name = strdup(name);
	g->backup_id = strdup(GUID_B);
	g->ou = ou ? strdup(ou) : NULL;
	g->link_line = w->in.gpo_count + 1;
	gpf_buf_append(&g->pol, pol, strlen(pol));
	g->user_extensions = strdup(REGISTRY_EXT);
	g->machine_extensions = strdup("");
	g->flags = 2;
}

/*
 * Sizes the per-input arrays; every OU exists with gplink (or none), and
 * the account may do everything.
 */
static void
add_ous(struct world *w, const char *gplink)
{
	size_t i;

	w->st.may_create = 1;
	w->st.ous = calloc(w->in.gpo_count + 1, sizeof(*w->st.ous));
	w->st.files = calloc(w->in.copy_count + 1, sizeof(*w->st.files));
	w->st.folders = calloc(w->in.folder_count + 1, sizeof(*w->st.folders));
	for (i = 0; i < w->in.gpo_count; i++) {
		w->st.ous[i].exists = w->st.ous[i].linkable = 1;
		w->st.ous[i].may_link = 1;
		w->st.ous[i].gplink = gplink ? strdup(gplink) : NULL;
	}
}

static struct dir_gpo *
add_dir_gpo(struct world *w, const char *guid, const char *name,
	    uint32_t version, int marker, const char *pol)
{
	struct dir_gpo *g;
	struct gpf_buf key = { 0 };
	char text[512];

	w->st.gpos =
	    realloc(w->st.gpos, (w->st.gpo_count + 1) * sizeof(*w->st.gpos));
	g = &w->st.gpos[w->st.gpo_count++];
	memset(g, 0, sizeof(*g));
	snprintf(text, sizeof(text), "CN=%s,CN=Policies,CN=System,%s", guid,
		 DOMAIN_DN);
	g->dn = strdup(text);
	g->guid = strdup(guid);
	g->name = strdup(name);
	casefold_append(name, strlen(name), &key);
	g->name_key = strdup(gpf_buf_str(&key));
	gpf_buf_free(&key);
	g->version = version;
	g->has_version = 1;
	g->may_change = g->may_change_extensions = 1;
	g->flags = 2;
	g->user_extensions = strdup(REGISTRY_EXT);
	snprintf(text, sizeof(text),
		 "\\\\corp.example.com\\SysVol\\corp.example.com\\Policies\\%s",
		 guid);
	g->file_sys_path = strdup(text);
	g->sysvol_read = 1;
	g->has_marker = marker;
	g->has_pol = pol != NULL;
	if (pol)
		gpf_buf_append(&g->pol, pol, strlen(pol));
	g->has_gpt = 1;
	snprintf(text, sizeof(text), "[General]\r\nVersion=%lu\r\n",
		 (unsigned long)version);
	gpf_buf_append(&g->gpt, text, strlen(text));
	return g;
}

static int
plan(struct world *w)
{
	return deploy_plan(&w->o, &w->in, &w->st, counting_guid, &w->plan,
			   &w->err);
}

static void
world_end(struct world *w)
{
	deploy_plan_free(&w->plan);
	dir_state_free(&w->st, w->in.gpo_count, w->in.copy_count);
	deploy_input_free(&w->in);
}

/* The change at k is this kind, at this target. */
static const struct change *
change_at(struct world *w, size_t k, enum change_kind kind, const char *target)
{
	const struct change *c;

	ck_assert_msg(k < w->plan.count, "change %zu of %zu", k, w->plan.count);
	c = &w->plan.changes[k];
	ck_assert_msg(c->kind == kind, "change %zu: kind %d, want %d", k,
		      c->kind, kind);
	ck_assert_msg(strcmp(c->target, target) == 0,
		      "change %zu: target %s, want %s", k, c->target, target);
	return c;
}

static void
attr_is(const struct change *c, size_t i, enum ad_op op, const char *name,
	const char *value)
{
	ck_assert_msg(i < c->attr_count, "attribute %zu of %zu", i,
		      c->attr_count);
	ck_assert_msg(
	    c->attrs[i].op == op && strcmp(c->attrs[i].name, name) == 0 &&
		strcmp(c->attrs[i].value, value) == 0,
	    "attribute %zu: %d %s: %s, want %d %s: %s", i, c->attrs[i].op,
	    c->attrs[i].name, c->attrs[i].value, op, name, value);
}

#define NEW1   "{00000000-0000-4000-8000-000000000001}"
#define FOLDER "corp.example.com/Policies/" NEW1

START_TEST(plan_creates_and_links)
{
	struct world w;
	const struct change *c;
	struct gpf_buf text = { 0 };

	world_start(&w);
	add_input(&w, "Safe Senders - Sales", "OU=Sales," DOMAIN_DN, "POL1");
	add_input(&w, "Unlinked", NULL, "POL2");
	add_ous(&w, NULL);
	ck_assert_int_eq(plan(&w), GPF_OK);
	ck_assert_uint_eq(w.plan.created, 2);
	ck_assert_uint_eq(w.plan.linked, 1);
	ck_assert_uint_eq(w.plan.updated + w.plan.unchanged, 0);

	c = change_at(&w, 0, CHANGE_LDAP_ADD, GPO_DN(NEW1));
	ck_assert_uint_eq(c->attr_count, 6);
	attr_is(c, 0, AD_ADD, "objectClass", "groupPolicyContainer");
	attr_is(c, 1, AD_ADD, "displayName", "Safe Senders - Sales");
	attr_is(
	    c, 2, AD_ADD, "gPCFileSysPath",
	    "\\\\corp.example.com\\SysVol\\corp.example.com\\Policies\\" NEW1);
	attr_is(c, 3, AD_ADD, "gPCFunctionalityVersion", "2");
	attr_is(c, 4, AD_ADD, "flags", "2");
	attr_is(c, 5, AD_ADD, "versionNumber", "0");
	c = change_at(&w, 1, CHANGE_LDAP_ADD, "CN=User," GPO_DN(NEW1));
	attr_is(c, 0, AD_ADD, "objectClass", "container");
	change_at(&w, 2, CHANGE_LDAP_ADD, "CN=Machine," GPO_DN(NEW1));
	c = change_at(&w, 3, CHANGE_SMB_MKDIR, FOLDER);
	ck_assert_str_eq(c->host, "dc1.corp.example.com");
	ck_assert_str_eq(c->share, "sysvol");
	c = change_at(&w, 4, CHANGE_SMB_ACL, FOLDER);
	ck_assert_str_eq(c->acl_from, GPO_DN(NEW1));
	c = change_at(&w, 5, CHANGE_SMB_WRITE, FOLDER "/gpforge.txt");
	ck_assert_msg(strstr((char *)c->data.data, "created this Group Policy "
						   "Object from the GPO "
						   "backup " GUID_B) != NULL,
		      "marker: %s", c->data.data);
	change_at(&w, 6, CHANGE_SMB_MKDIR, FOLDER "/User");
	change_at(&w, 7, CHANGE_SMB_MKDIR, FOLDER "/Machine");
	c = change_at(&w, 8, CHANGE_SMB_WRITE, FOLDER "/User/Registry.pol");
	ck_assert_str_eq((char *)c->data.data, "POL1");
	c = change_at(&w, 9, CHANGE_SMB_WRITE, FOLDER "/GPT.INI");
	ck_assert_str_eq((char *)c->data.data,
			 "[General]\r\nVersion=65536\r\n");
	c = change_at(&w, 10, CHANGE_LDAP_MODIFY, GPO_DN(NEW1));
	ck_assert_uint_eq(c->attr_count, 2);
	attr_is(c, 0, AD_REPLACE, "versionNumber", "65536");
	attr_is(c, 1, AD_REPLACE, "gPCUserExtensionNames", REGISTRY_EXT);
	c = change_at(&w, 11, CHANGE_LDAP_MODIFY, "OU=Sales," DOMAIN_DN);
	ck_assert_uint_eq(c->attr_count, 1);
	attr_is(c, 0, AD_ADD, "gPLink", "[LDAP://" GPO_DN(NEW1) ";0]");
	change_at(&w, 12, CHANGE_LDAP_ADD,
		  GPO_DN("{00000000-0000-4000-8000-000000000002}"));
	ck_assert_uint_eq(w.plan.count, 23);
	ck_assert_msg(strstr((char *)w.plan.notes.data,
			     "GPO 'Unlinked': no OU for it in "
			     "out/gpo/links.csv; not linked\n") != NULL,
		      "notes: %s", w.plan.notes.data);

	deploy_describe(&w.in, &w.plan, &text);
	ck_assert_msg(
	    strncmp((char *)text.data,
		    "GPO 'Safe Senders - Sales': create as " NEW1
		    "; link to OU=Sales," DOMAIN_DN "\n"
		    "  ldap add " GPO_DN(
			NEW1) "\n"
			      "    objectClass: groupPolicyContainer\n",
		    200) == 0,
	    "plan text: %s", text.data);
	ck_assert_msg(strstr((char *)text.data,
			     "  smb write \\\\dc1.corp.example.com\\sysvol\\"
			     "corp.example.com\\Policies\\" NEW1
			     "\\GPT.INI (26 bytes)\n") != NULL,
		      "plan text: %s", text.data);
	ck_assert_msg(strstr((char *)text.data,
			     "  ldap modify OU=Sales," DOMAIN_DN "\n"
			     "    add gPLink: [LDAP://") != NULL,
		      "plan text: %s", text.data);
	gpf_buf_free(&text);
	world_end(&w);
}
END_TEST

START_TEST(plan_keeps_what_is_there)
{
	struct world w;

	world_start(&w);
	add_input(&w, "Sales", "ou=sales,dc=CORP,dc=example,dc=com", "POL");
	add_ous(&w,
		"[LDAP://cn=" GUID_A ",cn=policies,cn=system," DOMAIN_DN ";0]");
	add_dir_gpo(&w, GUID_A, "sales", 65536, 1, "POL");
	ck_assert_int_eq(plan(&w), GPF_OK);
	ck_assert_uint_eq(w.plan.count, 0);
	ck_assert_uint_eq(w.plan.unchanged, 1);
	ck_assert_uint_eq(w.plan.created + w.plan.updated + w.plan.linked, 0);
	world_end(&w);
}
END_TEST

/* The directory compares display names caselessly in all of Unicode. */
START_TEST(plan_finds_names_in_any_case)
{
	struct world w;

	world_start(&w);
	add_input(&w, "\xc3\x84rzte", "ou=sales,dc=CORP,dc=example,dc=com",
		  "POL");
	add_ous(&w,
		"[LDAP://cn=" GUID_A ",cn=policies,cn=system," DOMAIN_DN ";0]");
	add_dir_gpo(&w, GUID_A, "\xc3\xa4rzte", 65536, 1, "POL");
	ck_assert_int_eq(plan(&w), GPF_OK);
	ck_assert_uint_eq(w.plan.count, 0);
	ck_assert_uint_eq(w.plan.unchanged, 1);
	world_end(&w);
}
END_TEST

START_TEST(plan_updates_version_and_link)
{
	static const char other[] =
	    "[LDAP://cn={31B2F340-016D-11D2-945F-00C04FB984F9},"
	    "cn=policies,cn=system," DOMAIN_DN ";0]";
	struct world w;
	const struct change *c;
	struct dir_gpo *g;

	world_start(&w);
	add_input(&w, "Sales", "OU=Sales," DOMAIN_DN, "NEW");
	add_ous(&w, other);
	g = add_dir_gpo(&w, GUID_A, "Sales", gpo_version_make(3, 5), 1, "OLD");
	gpf_buf_clear(&g->gpt);
	gpf_buf_append(&g->gpt, "[General]\r\ndisplayName=x\r\nVersion=196613",
		       40);
	ck_assert_int_eq(plan(&w), GPF_OK);
	ck_assert_uint_eq(w.plan.updated, 1);
	ck_assert_uint_eq(w.plan.linked, 1);
	ck_assert_uint_eq(w.plan.unchanged + w.plan.created, 0);

	c = change_at(&w, 0, CHANGE_SMB_WRITE,
		      "corp.example.com/Policies/" GUID_A "/User/Registry.pol");
	ck_assert_str_eq((char *)c->data.data, "NEW");
	c = change_at(&w, 1, CHANGE_SMB_WRITE,
		      "corp.example.com/Policies/" GUID_A "/GPT.INI");
	ck_assert_str_eq((char *)c->data.data,
			 "[General]\r\ndisplayName=x\r\nVersion=262149\r\n");
	c = change_at(&w, 2, CHANGE_LDAP_MODIFY, GPO_DN(GUID_A));
	attr_is(c, 0, AD_DELETE, "versionNumber", "196613");
	attr_is(c, 1, AD_ADD, "versionNumber", "262149");
	/* The names it has are right: not written again. */
	ck_assert_uint_eq(c->attr_count, 2);
	c = change_at(&w, 3, CHANGE_LDAP_MODIFY, "OU=Sales," DOMAIN_DN);
	attr_is(c, 0, AD_DELETE, "gPLink", other);
	attr_is(c, 1, AD_ADD, "gPLink",
		"[LDAP://" GPO_DN(GUID_A) ";0]"
					  "[LDAP://cn={31B2F340-016D-"
					  "11D2-945F-00C04FB984F9},cn=policies,"
					  "cn=system," DOMAIN_DN ";0]");
	ck_assert_uint_eq(w.plan.count, 4);
	ck_assert_msg(strstr((char *)w.plan.notes.data,
			     "GPO 'Sales' (" GUID_A "): updated, its "
			     "Registry.pol differs; user version 3 -> 4\n") !=
			  NULL,
		      "notes: %s", w.plan.notes.data);
	world_end(&w);
}
END_TEST

/*
 * An update writes gPCUserExtensionNames only when they change, and only
 * an account the directory lets write them may make that change.
 */
START_TEST(plan_update_extension_rights)
{
	/* Logon scripts only: the registry settings still to be added. */
	static const char scripts[] = "[{42B5FAAE-6536-11D2-AE5A-0000F87571E3}"
				      "{40B6664F-4972-11D1-A7CA-0000F87571E3}]";
	struct world w;
	const struct change *c;
	struct dir_gpo *g;

	world_start(&w);
	add_input(&w, "Sales", NULL, "NEW");
	add_ous(&w, NULL);
	g = add_dir_gpo(&w, GUID_A, "Sales", 65536, 1, "OLD");
	g->may_change_extensions = 0;
	w.o.login.user = "gpo@corp";
	ck_assert_int_eq(plan(&w), GPF_OK);
	c = change_at(&w, 2, CHANGE_LDAP_MODIFY, GPO_DN(GUID_A));
	ck_assert_uint_eq(c->attr_count, 2);
	attr_is(c, 1, AD_ADD, "versionNumber", "131072");

	deploy_plan_free(&w.plan);
	free(g->user_extensions);
	g->user_extensions = strdup(scripts);
	ck_assert_int_eq(plan(&w), GPF_UNAVAILABLE);
	ck_assert_str_eq(w.err.message,
			 "GPO 'Sales' (" GUID_A "): gpo@corp may not change it "
			 "(its gPCUserExtensionNames)");
	ck_assert_uint_eq(w.plan.count, 0);

	g->may_change_extensions = 1;
	ck_assert_int_eq(plan(&w), GPF_OK);
	c = change_at(&w, 2, CHANGE_LDAP_MODIFY, GPO_DN(GUID_A));
	ck_assert_uint_eq(c->attr_count, 3);
	attr_is(c, 2, AD_REPLACE, "gPCUserExtensionNames",
		REGISTRY_EXT "[{42B5FAAE-6536-11D2-AE5A-0000F87571E3}"
			     "{40B6664F-4972-11D1-A7CA-0000F87571E3}]");
	world_end(&w);
}
END_TEST

START_TEST(plan_two_gpos_one_ou)
{
	struct world w;
	const struct change *c;

	world_start(&w);
	add_input(&w, "A", "OU=Sales," DOMAIN_DN, "P");
	add_input(&w, "B", "ou=SALES," DOMAIN_DN, "P");
	add_ous(&w, " ");
	add_dir_gpo(&w, GUID_A, "A", 65536, 1, "P");
	add_dir_gpo(&w, GUID_B, "B", 65536, 1, "P");
	ck_assert_int_eq(plan(&w), GPF_OK);
	ck_assert_uint_eq(w.plan.linked, 2);
	c = change_at(&w, 0, CHANGE_LDAP_MODIFY, "OU=Sales," DOMAIN_DN);
	attr_is(c, 0, AD_DELETE, "gPLink", " ");
	attr_is(c, 1, AD_ADD, "gPLink", "[LDAP://" GPO_DN(GUID_A) ";0]");
	c = change_at(&w, 1, CHANGE_LDAP_MODIFY, "ou=SALES," DOMAIN_DN);
	attr_is(c, 0, AD_DELETE, "gPLink", "[LDAP://" GPO_DN(GUID_A) ";0]");
	attr_is(c, 1, AD_ADD, "gPLink",
		"[LDAP://" GPO_DN(GUID_B) ";0][LDAP://" GPO_DN(GUID_A) ";0]");
	world_end(&w);
}
END_TEST

START_TEST(plan_refuses_foreign_gpo)
{
	struct world w;
	const struct change *c;

	world_start(&w);
	add_input(&w, "Sales", NULL, "P");
	add_ous(&w, NULL);
	add_dir_gpo(&w, GUID_A, "Sales", 0, 0, NULL);
	ck_assert_int_eq(plan(&w), GPF_CANTCREAT);
	ck_assert_str_eq(w.err.message,
			 "GPO 'Sales' (" GUID_A ") exists and gpforge did not "
			 "create it (no gpforge.txt in its SYSVOL folder); "
			 "give --adopt to take it over");
	ck_assert_uint_eq(w.plan.count, 0);

	w.o.adopt = 1;
	ck_assert_int_eq(plan(&w), GPF_OK);
	ck_assert_uint_eq(w.plan.updated, 1);
	ck_assert_uint_eq(w.plan.adopted, 1);
	c = change_at(&w, 0, CHANGE_SMB_WRITE,
		      "corp.example.com/Policies/" GUID_A "/gpforge.txt");
	ck_assert_msg(strstr((char *)c->data.data, "took over") != NULL,
		      "marker: %s", c->data.data);
	change_at(&w, 1, CHANGE_SMB_MKDIR,
		  "corp.example.com/Policies/" GUID_A "/User");
	change_at(&w, 2, CHANGE_SMB_WRITE,
		  "corp.example.com/Policies/" GUID_A "/User/Registry.pol");
	c = change_at(&w, 4, CHANGE_LDAP_MODIFY, GPO_DN(GUID_A));
	attr_is(c, 0, AD_DELETE, "versionNumber", "0");
	attr_is(c, 1, AD_ADD, "versionNumber", "65536");
	world_end(&w);
}
END_TEST

/* Taken over with the same Registry.pol: its gpforge.txt is a change. */
START_TEST(plan_adopts_unchanged)
{
	struct world w;

	world_start(&w);
	add_input(&w, "Sales", NULL, "POL");
	add_ous(&w, NULL);
	add_dir_gpo(&w, GUID_A, "Sales", 65536, 0, "POL");
	w.o.adopt = 1;
	ck_assert_int_eq(plan(&w), GPF_OK);
	ck_assert_uint_eq(w.plan.adopted, 1);
	ck_assert_uint_eq(w.plan.unchanged + w.plan.updated, 0);
	ck_assert_uint_eq(w.plan.count, 1);
	change_at(&w, 0, CHANGE_SMB_WRITE,
		  "corp.example.com/Policies/" GUID_A "/gpforge.txt");
	ck_assert_str_eq(w.plan.gpos[0].summary,
			 "take over " GUID_A ": Registry.pol is the same");

	/* Adopted once, it is gpforge's: the next run leaves it alone. */
	deploy_plan_free(&w.plan);
	w.st.gpos[0].has_marker = 1;
	ck_assert_int_eq(plan(&w), GPF_OK);
	ck_assert_uint_eq(w.plan.unchanged, 1);
	ck_assert_uint_eq(w.plan.adopted + w.plan.count, 0);
	world_end(&w);
}
END_TEST

#define OLD_FOLDER "corp.example.com/Policies/" GUID_A

/*
 * A create that stopped after its LDAP add left the object alone:
 * --adopt makes what is missing, as the create path would have.
 */
START_TEST(plan_adopt_completes_half_made_gpo)
{
	struct world w;
	const struct change *c;
	struct dir_gpo *g;

	world_start(&w);
	add_input(&w, "Sales", NULL, "POL");
	add_ous(&w, NULL);
	g = add_dir_gpo(&w, GUID_A, "Sales", 0, 0, NULL);
	g->has_gpt = 0;
	g->no_user_object = g->no_machine_object = 1;
	g->no_folder = g->no_machine_folder = 1;
	w.o.adopt = 1;
	ck_assert_int_eq(plan(&w), GPF_OK);
	ck_assert_uint_eq(w.plan.adopted, 1);
	ck_assert_uint_eq(w.plan.updated, 1);

	c = change_at(&w, 0, CHANGE_LDAP_ADD, "CN=User," GPO_DN(GUID_A));
	ck_assert_uint_eq(c->attr_count, 1);
	attr_is(c, 0, AD_ADD, "objectClass", "container");
	c = change_at(&w, 1, CHANGE_LDAP_ADD, "CN=Machine," GPO_DN(GUID_A));
	attr_is(c, 0, AD_ADD, "objectClass", "container");
	c = change_at(&w, 2, CHANGE_SMB_MKDIR, OLD_FOLDER);
	ck_assert_str_eq(c->host, "dc1.corp.example.com");
	ck_assert_str_eq(c->share, "SysVol");
	c = change_at(&w, 3, CHANGE_SMB_ACL, OLD_FOLDER);
	ck_assert_str_eq(c->acl_from, GPO_DN(GUID_A));
	change_at(&w, 4, CHANGE_SMB_WRITE, OLD_FOLDER "/gpforge.txt");
	change_at(&w, 5, CHANGE_SMB_MKDIR, OLD_FOLDER "/Machine");
	change_at(&w, 6, CHANGE_SMB_MKDIR, OLD_FOLDER "/User");
	c = change_at(&w, 7, CHANGE_SMB_WRITE, OLD_FOLDER "/User/Registry.pol");
	ck_assert_str_eq((char *)c->data.data, "POL");
	c = change_at(&w, 8, CHANGE_SMB_WRITE, OLD_FOLDER "/GPT.INI");
	ck_assert_str_eq((char *)c->data.data,
			 "[General]\r\nVersion=65536\r\n");
	c = change_at(&w, 9, CHANGE_LDAP_MODIFY, GPO_DN(GUID_A));
	attr_is(c, 1, AD_ADD, "versionNumber", "65536");
	ck_assert_uint_eq(w.plan.count, 10);
	ck_assert_str_eq(w.plan.gpos[0].summary,
			 "update " GUID_A " (it has no CN=User object): user "
			 "version 0 -> 1");
	world_end(&w);
}
END_TEST

/* gpforge's own GPO with the same Registry.pol is mended all the same. */
START_TEST(plan_update_mends_missing_parts)
{
	struct world w;
	struct dir_gpo *g;

	world_start(&w);
	add_input(&w, "Sales", NULL, "POL");
	add_ous(&w, NULL);
	g = add_dir_gpo(&w, GUID_A, "Sales", 65536, 1, "POL");
	g->no_machine_object = 1;
	ck_assert_int_eq(plan(&w), GPF_OK);
	ck_assert_uint_eq(w.plan.updated, 1);
	ck_assert_uint_eq(w.plan.unchanged + w.plan.adopted, 0);
	change_at(&w, 0, CHANGE_LDAP_ADD, "CN=Machine," GPO_DN(GUID_A));
	change_at(&w, 1, CHANGE_SMB_WRITE, OLD_FOLDER "/User/Registry.pol");
	change_at(&w, 2, CHANGE_SMB_WRITE, OLD_FOLDER "/GPT.INI");
	change_at(&w, 3, CHANGE_LDAP_MODIFY, GPO_DN(GUID_A));
	ck_assert_uint_eq(w.plan.count, 4);

	deploy_plan_free(&w.plan);
	g->no_machine_object = 0;
	g->no_machine_folder = 1;
	ck_assert_int_eq(plan(&w), GPF_OK);
	change_at(&w, 0, CHANGE_SMB_MKDIR, OLD_FOLDER "/Machine");
	change_at(&w, 1, CHANGE_SMB_WRITE, OLD_FOLDER "/User/Registry.pol");
	ck_assert_uint_eq(w.plan.count, 4);
	ck_assert_msg(strstr((char *)w.plan.notes.data,
			     "GPO 'Sales' (" GUID_A "): updated, its SYSVOL "
			     "folder has no Machine folder; user version "
			     "1 -> 2\n") != NULL,
		      "notes: %s", w.plan.notes.data);
	world_end(&w);
}
END_TEST

/* flags 1 or 3: clients skip the user side, whatever deploy writes. */
START_TEST(plan_warns_user_side_disabled)
{
	static const unsigned flags[] = { 0, 1, 2, 3 };
	struct world w;
	size_t k;

	world_start(&w);
	add_input(&w, "Sales", NULL, "POL");
	add_ous(&w, NULL);
	add_dir_gpo(&w, GUID_A, "Sales", 65536, 1, "POL");
	w.in.gpos[0].flags = 0;
	for (k = 0; k < 4; k++) {
		w.st.gpos[0].flags = flags[k];
		w.st.gpos[0].has_marker = k != 3;
		w.o.adopt = k == 3;
		ck_assert_int_eq(plan(&w), GPF_OK);
		ck_assert_uint_eq(w.plan.warning_count, flags[k] & 1);
		if (flags[k] & 1)
			ck_assert_str_eq(w.plan.warnings[0],
					 "GPO 'Sales' (" GUID_A "): its user "
					 "settings are disabled in the domain "
					 "(its GPO status), so users get none "
					 "of them");
		deploy_plan_free(&w.plan);
	}
	world_end(&w);
}
END_TEST

START_TEST(plan_refusals)
{
	struct world w;

	/* An OU that is not there. */
	world_start(&w);
	add_input(&w, "Sales", "OU=Gone," DOMAIN_DN, "P");
	add_ous(&w, NULL);
	w.st.ous[0].exists = 0;
	ck_assert_int_eq(plan(&w), GPF_DATAERR);
	ck_assert_str_eq(w.err.message,
			 "out/gpo/links.csv: line 2: OU 'OU=Gone," DOMAIN_DN
			 "' does not exist in the domain (GPO 'Sales')");
	ck_assert_uint_eq(w.plan.count, 0);
	world_end(&w);

	/* An object that cannot carry links. */
	world_start(&w);
	add_input(&w, "Sales", "OU=Odd," DOMAIN_DN, "P");
	add_ous(&w, NULL);
	w.st.ous[0].linkable = 0;
	ck_assert_int_eq(plan(&w), GPF_DATAERR);
	ck_assert_str_eq(w.err.message,
			 "out/gpo/links.csv: line 2: OU 'OU=Odd," DOMAIN_DN
			 "' is neither an OU nor a domain (GPO 'Sales')");
	world_end(&w);

	/* Two GPOs of the name. */
	world_start(&w);
	add_input(&w, "Sales", NULL, "P");
	add_ous(&w, NULL);
	add_dir_gpo(&w, GUID_A, "Sales", 0, 1, "P");
	add_dir_gpo(&w, GUID_B, "SALES", 0, 1, "P");
	ck_assert_int_eq(plan(&w), GPF_CANTCREAT);
	ck_assert_str_eq(w.err.message,
			 "GPO 'Sales': the domain has more than one GPO of "
			 "that name; rename or remove the others");
	world_end(&w);

	/* A user version that cannot grow. */
	world_start(&w);
	add_input(&w, "Sales", NULL, "NEW");
	add_ous(&w, NULL);
	add_dir_gpo(&w, GUID_A, "Sales", gpo_version_make(65535, 0), 1, "OLD");
	ck_assert_int_eq(plan(&w), GPF_DATAERR);
	ck_assert_str_eq(w.err.message,
			 "GPO 'Sales' (" GUID_A "): its user version is "
			 "65535, the highest there is; it cannot be raised");
	world_end(&w);

	/* What the directory says the account may not do. */
	world_start(&w);
	add_input(&w, "Sales", NULL, "P");
	add_ous(&w, NULL);
	w.st.may_create = 0;
	w.o.login.user = "gpo@corp";
	ck_assert_int_eq(plan(&w), GPF_UNAVAILABLE);
	ck_assert_str_eq(w.err.message,
			 "GPO 'Sales': gpo@corp may not create GPOs in "
			 "CN=Policies,CN=System," DOMAIN_DN);
	add_dir_gpo(&w, GUID_A, "Sales", 65536, 1, "OLD")->may_change = 0;
	ck_assert_int_eq(plan(&w), GPF_UNAVAILABLE);
	ck_assert_str_eq(w.err.message,
			 "GPO 'Sales' (" GUID_A "): gpo@corp may not change it "
			 "(its versionNumber)");
	world_end(&w);

	world_start(&w);
	add_input(&w, "Sales", "OU=Sales," DOMAIN_DN, "P");
	add_ous(&w, NULL);
	w.st.ous[0].may_link = 0;
	w.o.login.kerberos = 1;
	ck_assert_int_eq(plan(&w), GPF_UNAVAILABLE);
	ck_assert_str_eq(w.err.message,
			 "OU 'OU=Sales," DOMAIN_DN "': the Kerberos ticket's "
			 "user may not link GPOs to it (its gPLink) (GPO "
			 "'Sales')");
	ck_assert_uint_eq(w.plan.count, 0);
	world_end(&w);

	/* A malformed gPLink on the OU. */
	world_start(&w);
	add_input(&w, "Sales", "OU=Sales," DOMAIN_DN, "P");
	add_ous(&w, "[LDAP://x");
	ck_assert_int_eq(plan(&w), GPF_DATAERR);
	ck_assert_str_eq(w.err.message,
			 "gPLink of OU=Sales," DOMAIN_DN ": an entry has no "
			 "closing ']' (at byte 0)");
	ck_assert_uint_eq(w.plan.count, 0);
	world_end(&w);
}
END_TEST

START_TEST(plan_disagreeing_versions)
{
	struct world w;
	const struct change *c;
	struct dir_gpo *g;

	/* GPT.INI ahead of versionNumber: the higher one grows. */
	world_start(&w);
	add_input(&w, "Sales", NULL, "P");
	add_ous(&w, NULL);
	g = add_dir_gpo(&w, GUID_A, "Sales", 65536, 1, "P");
	gpf_buf_clear(&g->gpt);
	gpf_buf_append(&g->gpt, "[General]\r\nVersion=327680\r\n", 27);
	ck_assert_int_eq(plan(&w), GPF_OK);
	ck_assert_uint_eq(w.plan.updated, 1);
	c = change_at(&w, 2, CHANGE_LDAP_MODIFY, GPO_DN(GUID_A));
	attr_is(c, 0, AD_DELETE, "versionNumber", "65536");
	attr_is(c, 1, AD_ADD, "versionNumber", "393216");
	world_end(&w);
}
END_TEST

#define NEW_STORE "corp.example.com/Policies/PolicyDefinitions" NEW_STORE_SUFFIX

START_TEST(plan_files_first)
{
	struct world w;
	struct deploy_copy *c;
	const struct change *c5;
	struct gpf_buf text = { 0 };
	size_t i;

	world_start(&w);
	add_input(&w, "Sales", NULL, "P");
	w.in.copy_count = 3;
	w.in.copies = calloc(3, sizeof(*w.in.copies));
	for (i = 0; i < 3; i++) {
		c = &w.in.copies[i];
		c->source = strdup(i == 0 ? "out/SafeSenders.txt" : "out/x");
		c->host = strdup("dc1");
		c->share = strdup(i == 0 ? "NETLOGON" : "sysvol");
		c->path = strdup(i == 0	  ? "SafeSenders.txt"
				 : i == 1 ? "corp.example.com/Policies/"
					    "PolicyDefinitions/a.admx"
					  : "corp.example.com/Policies/"
					    "PolicyDefinitions/en-US/a.adml");
		c->template = i > 0;
		gpf_buf_append(&c->data, "same", 4);
	}
	w.in.folder_count = 2;
	w.in.folders = calloc(2, sizeof(char *));
	w.in.folders[0] = strdup("corp.example.com/Policies/PolicyDefinitions");
	w.in.folders[1] =
	    strdup("corp.example.com/Policies/PolicyDefinitions/en-US");
	add_ous(&w, NULL);
	add_dir_gpo(&w, GUID_A, "Sales", 65536, 1, "P");
	w.st.files[0].kind = SMB_FILE;
	w.st.files[0].parent = SMB_FOLDER;
	gpf_buf_append(&w.st.files[0].data, "same", 4);
	w.st.folders[0] = SMB_FOLDER;

	ck_assert_int_eq(plan(&w), GPF_OK);
	ck_assert_uint_eq(w.plan.count, 3);
	change_at(&w, 0, CHANGE_SMB_MKDIR, w.in.folders[1]);
	change_at(&w, 1, CHANGE_SMB_WRITE, w.in.copies[1].path);
	change_at(&w, 2, CHANGE_SMB_WRITE, w.in.copies[2].path);
	ck_assert_uint_eq(w.plan.warning_count, 0);
	ck_assert_uint_eq(w.plan.unchanged, 1);
	deploy_plan_free(&w.plan);

	/* A list whose folder is missing is refused. */
	w.st.files[0].kind = SMB_MISSING;
	w.st.files[0].parent = SMB_MISSING;
	ck_assert_int_eq(plan(&w), GPF_DATAERR);
	ck_assert_str_eq(w.err.message,
			 "\\\\dc1\\NETLOGON\\SafeSenders.txt: its folder does "
			 "not exist (for out/SafeSenders.txt)");

	/* A new Central Store is worth a warning.  The list goes first; the
	 * store is filled under another name and renamed last, so a failed
	 * write never leaves a partial one. */
	w.st.files[0].parent = SMB_FOLDER;
	w.st.folders[0] = SMB_MISSING;
	ck_assert_int_eq(plan(&w), GPF_OK);
	ck_assert_uint_eq(w.plan.warning_count, 1);
	ck_assert_uint_eq(w.plan.count, 6);
	change_at(&w, 0, CHANGE_SMB_WRITE, "SafeSenders.txt");
	change_at(&w, 1, CHANGE_SMB_MKDIR, NEW_STORE);
	change_at(&w, 2, CHANGE_SMB_MKDIR, NEW_STORE "/en-US");
	change_at(&w, 3, CHANGE_SMB_WRITE, NEW_STORE "/a.admx");
	change_at(&w, 4, CHANGE_SMB_WRITE, NEW_STORE "/en-US/a.adml");
	c5 = change_at(&w, 5, CHANGE_SMB_RENAME, NEW_STORE);
	ck_assert_str_eq(c5->rename_to, w.in.folders[0]);
	ck_assert_str_eq(c5->share, "sysvol");
	deploy_describe(&w.in, &w.plan, &text);
	ck_assert_msg(strstr(gpf_buf_str(&text),
			     "\n  smb rename \\\\dc1.corp.example.com\\sysvol\\"
			     "corp.example.com\\Policies\\PolicyDefinitions"
			     ".gpforge-new to PolicyDefinitions\n") != NULL,
		      "%s", gpf_buf_str(&text));
	gpf_buf_free(&text);
	world_end(&w);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("deploy");
	TCase *t = tcase_create("pure");
	SRunner *sr;
	int failed;

	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 1;
	}
	tcase_add_test(t, gplink_reads_entries);
	tcase_add_loop_test(t, gplink_refuses_malformed, 0, NBAD_GPLINKS);
	tcase_add_test(t, gplink_adds_in_front_once);
	tcase_add_test(t, version_halves);
	tcase_add_test(t, version_as_ldap_has_it);
	tcase_add_test(t, gpt_ini_reads_version);
	tcase_add_test(t, gpt_ini_writes_version);
	tcase_add_test(t, links_csv_round_trip);
	tcase_add_test(t, links_csv_any_column_order);
	tcase_add_loop_test(t, links_csv_refusals, 0, NBAD_LINKS);
	tcase_add_test(t, sysvol_acl_from_directory_acl);
	tcase_add_loop_test(t, smb_url_encodes_parts, 0, NSMB_URLS);
	tcase_add_test(t, extensions_merge_sorted);
	tcase_add_test(t, plan_creates_and_links);
	tcase_add_test(t, plan_keeps_what_is_there);
	tcase_add_test(t, plan_finds_names_in_any_case);
	tcase_add_test(t, plan_updates_version_and_link);
	tcase_add_test(t, plan_update_extension_rights);
	tcase_add_test(t, plan_two_gpos_one_ou);
	tcase_add_test(t, plan_refuses_foreign_gpo);
	tcase_add_test(t, plan_adopts_unchanged);
	tcase_add_test(t, plan_adopt_completes_half_made_gpo);
	tcase_add_test(t, plan_update_mends_missing_parts);
	tcase_add_test(t, plan_warns_user_side_disabled);
	tcase_add_test(t, plan_refusals);
	tcase_add_test(t, plan_disagreeing_versions);
	tcase_add_test(t, plan_files_first);
	suite_add_tcase(s, t);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	{
		char cmd[64];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) != 0)
			failed++;
	}
	return failed ? 1 : 0;
}
