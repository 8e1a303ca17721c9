/*
 * ad_sysvol.c - share files through libsmbclient.
 */
#include "ad_sysvol.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libsmbclient.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEMP_SUFFIX ".gpforge-new"

struct ad_smb {
	SMBCCTX *ctx;
	const struct ad_login *login;
};

#ifdef __SANITIZE_ADDRESS__
/*
 * LeakSanitizer asks for this.  The first libsmbclient context stores
 * the name of Samba's log file in a global that Samba 4.17 never frees;
 * a sanitizer build of gpforge should not fail on it.  The usual stack
 * of the leak ends in libtalloc, which gpforge itself does not use.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_options(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:debug_set_logfile\nleak:libtalloc.so\n";
}

/* ... and says nothing about it, so standard error stays as tested. */
const char *
__lsan_default_options(void)
{
	return "print_suppressions=0";
}
#endif

/* libsmbclient asks for the credentials of each server it logs on to. */
static void
give_credentials(SMBCCTX *ctx, const char *server, const char *share,
		 char *workgroup, int workgroup_len, char *user, int user_len,
		 char *password, int password_len)
{
	const struct ad_login *a =
	    ((struct ad_smb *)smbc_getOptionUserData(ctx))->login;
	const char *slash;

	(void)server, (void)share;
	if (a->kerberos || a->user == NULL)
		return;
	slash = strchr(a->user, '\\');
	if (slash != NULL) {
		snprintf(workgroup, (size_t)workgroup_len, "%.*s",
			 (int)(slash - a->user), a->user);
		snprintf(user, (size_t)user_len, "%s", slash + 1);
	} else if (strchr(a->user, '@') != NULL) {
		snprintf(user, (size_t)user_len, "%s", a->user);
	} else {
		snprintf(user, (size_t)user_len, "%s@%s", a->user, a->domain);
	}
	snprintf(password, (size_t)password_len, "%s", a->password);
}

int
ad_smb_open(struct ad_smb **sp, const struct ad_login *login,
	    struct gpf_error *err)
{
	struct ad_smb *s = gpf_xrealloc(NULL, sizeof(*s));

	*sp = NULL;
	s->login = login;
	if ((s->ctx = smbc_new_context()) == NULL) {
		free(s);
		return gpf_fail(err, GPF_UNAVAILABLE,
				"%s: cannot start an SMB client: %s",
				login->server, strerror(errno));
	}
	smbc_setDebug(s->ctx, 0);
	smbc_setTimeout(s->ctx, login->timeout * 1000);
	smbc_setOptionUserData(s->ctx, s);
	smbc_setFunctionAuthDataWithContext(s->ctx, give_credentials);
	smbc_setOptionNoAutoAnonymousLogin(s->ctx, 1);
	smbc_setOptionUseKerberos(s->ctx, login->kerberos);
	smbc_setOptionFallbackAfterKerberos(s->ctx, !login->kerberos);
	smbc_setOptionUseCCache(s->ctx, login->kerberos);
	if (smbc_init_context(s->ctx) == NULL) {
		smbc_free_context(s->ctx, 1);
		free(s);
		return gpf_fail(err, GPF_UNAVAILABLE,
				"%s: cannot start an SMB client: %s",
				login->server, strerror(errno));
	}
	*sp = s;
	return GPF_OK;
}

void
ad_smb_close(struct ad_smb *s)
{
	if (s == NULL)
		return;
	smbc_free_context(s->ctx, 1);
	free(s);
}

char *
smb_unc(const struct smb_path *p)
{
	size_t n = strlen(p->host) + strlen(p->share) + strlen(p->path) + 8;
	char *unc = gpf_xrealloc(NULL, n), *c;

	snprintf(unc, n, "\\\\%s\\%s%s%s", p->host, p->share,
		 p->path[0] ? "\\" : "", p->path);
	for (c = unc; *c; c++)
		if (*c == '/')
			*c = '\\';
	return unc;
}

/* Appends s to url, %-encoding all but unreserved characters and '/'. */
static void
put_encoded(struct gpf_buf *url, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;

	for (; *s; s++) {
		c = (unsigned char)*s;
		if (isalnum(c) || strchr("-._~/", c) != NULL) {
			gpf_buf_putc(url, c);
			continue;
		}
		gpf_buf_putc(url, '%');
		gpf_buf_putc(url, (unsigned char)hex[c >> 4]);
		gpf_buf_putc(url, (unsigned char)hex[c & 15]);
	}
}

char *
smb_url(const struct smb_path *p, const char *suffix)
{
	struct gpf_buf url = { 0 };

	/*
	 * No brackets round an IPv6 address: libsmbclient takes the host
	 * up to the first '/' and %-decodes it, but keeps brackets, and
	 * "[::1]" is no address to it.  Bare ':'s fail too (Samba 4.17);
	 * encoded as %3A they work.
	 */
	gpf_buf_append(&url, "smb://", 6);
	put_encoded(&url, p->host);
	gpf_buf_putc(&url, '/');
	put_encoded(&url, p->share);
	if (p->path[0]) {
		gpf_buf_putc(&url, '/');
		put_encoded(&url, p->path);
	}
	put_encoded(&url, suffix);
	return (char *)gpf_buf_str(&url);
}

/* Fails with "\\HOST\SHARE\PATH: WHAT: why", errno told apart. */
static int
smb_failure(const struct smb_path *p, const char *what, int e,
	    struct gpf_error *err)
{
	char *unc = smb_unc(p);
	const char *why;

	switch (e) {
	case ECONNREFUSED:
	case EHOSTUNREACH:
	case ENETUNREACH:
	case ETIMEDOUT: why = "cannot reach the server"; break;
	case EACCES:
	case EPERM:
		why = "access denied (are the credentials right, and may "
		      "this account write there?)";
		break;
	case ENOENT:
	case ENOTDIR: why = "no such file or folder"; break;
	default: why = e ? strerror(e) : "the server refused";
	}
	gpf_fail(err, GPF_UNAVAILABLE, "%s: %s: %s", unc, what, why);
	free(unc);
	return GPF_UNAVAILABLE;
}

int
ad_smb_stat(struct ad_smb *s, const struct smb_path *p, enum smb_kind *kind,
	    struct gpf_error *err)
{
	char *url = smb_url(p, "");
	struct stat st;
	int rc, e;

	smbc_set_context(s->ctx);
	rc = smbc_stat(url, &st);
	e = errno;
	free(url);
	if (rc == 0) {
		*kind = S_ISDIR(st.st_mode) ? SMB_FOLDER : SMB_FILE;
		return GPF_OK;
	}
	*kind = SMB_MISSING;
	if (e == ENOENT || e == ENOTDIR)
		return GPF_OK;
	return smb_failure(p, "cannot look it up", e, err);
}

int
ad_smb_read(struct ad_smb *s, const struct smb_path *p, struct gpf_buf *out,
	    int *exists, struct gpf_error *err)
{
	char *url = smb_url(p, ""), chunk[65536];
	ssize_t n = 0;
	int fd, e;

	smbc_set_context(s->ctx);
	*exists = 0;
	fd = smbc_open(url, O_RDONLY, 0);
	e = errno;
	free(url);
	if (fd < 0)
		return e == ENOENT || e == ENOTDIR
			   ? GPF_OK
			   : smb_failure(p, "cannot open it", e, err);
	while ((n = smbc_read(fd, chunk, sizeof(chunk))) > 0)
		gpf_buf_append(out, chunk, (size_t)n);
	e = errno;
	smbc_close(fd);
	if (n < 0)
		return smb_failure(p, "cannot read it", e, err);
	*exists = 1;
	return GPF_OK;
}

int
ad_smb_mkdir(struct ad_smb *s, const struct smb_path *p, struct gpf_error *err)
{
	char *url = smb_url(p, "");
	int rc, e;

	smbc_set_context(s->ctx);
	rc = smbc_mkdir(url, 0755);
	e = errno;
	free(url);
	if (rc == 0 || e == EEXIST)
		return GPF_OK;
	return smb_failure(p, "cannot create the folder", e, err);
}

/* Writes all len bytes to fd; 0 or -1. */
static int
write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = smbc_write(fd, data, len)) <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int
ad_smb_write(struct ad_smb *s, const struct smb_path *p, const void *data,
	     size_t len, struct gpf_error *err)
{
	char *tmp = smb_url(p, TEMP_SUFFIX), *url = smb_url(p, "");
	int fd, rc = -1, e;

	smbc_set_context(s->ctx);
	fd = smbc_open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	e = errno;
	if (fd >= 0) {
		rc = write_all(fd, data, len);
		e = errno;
		if (smbc_close(fd) != 0 && rc == 0)
			rc = -1, e = errno;
	}
	/* libsmbclient replaces an existing target of a rename. */
	if (rc == 0 && (rc = smbc_rename(tmp, url)) != 0)
		e = errno;
	if (rc != 0 && fd >= 0)
		smbc_unlink(tmp);
	free(tmp);
	free(url);
	return rc == 0 ? GPF_OK : smb_failure(p, "cannot write it", e, err);
}

int
ad_smb_rename(struct ad_smb *s, const struct smb_path *from,
	      const char *to_path, struct gpf_error *err)
{
	struct smb_path to = { from->host, from->share, to_path };
	char *url = smb_url(from, ""), *to_url = smb_url(&to, "");
	int rc, e;

	smbc_set_context(s->ctx);
	rc = smbc_rename(url, to_url);
	e = errno;
	free(url);
	free(to_url);
	if (rc == 0)
		return GPF_OK;
	return smb_failure(from, "cannot rename it", e, err);
}

int
ad_smb_set_acl(struct ad_smb *s, const struct smb_path *p, const char *acl,
	       struct gpf_error *err)
{
	char *url = smb_url(p, "");
	int rc, e;

	smbc_set_context(s->ctx);
	rc = smbc_setxattr(url, "system.nt_sec_desc.*", acl, strlen(acl), 0);
	e = errno;
	free(url);
	return rc == 0 ? GPF_OK
		       : smb_failure(p, "cannot set its access rules", e, err);
}
