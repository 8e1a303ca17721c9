/*
 * deploy_state.c - what "gpforge deploy" finds in the domain before it
 * changes anything: the GPOs (and, for those named like the build's,
 * their SYSVOL files), the OUs to link and the files to replace.
 */
#include "deploy_private.h"
#include "casefold.h"

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* What is read of every GPO; A_* index the values. */
static const char *const gpo_attrs[] = { "displayName",
					 "versionNumber",
					 "flags",
					 "gPCFileSysPath",
					 "gPCUserExtensionNames",
					 "gPCMachineExtensionNames",
					 "allowedAttributesEffective",
					 NULL };

enum {
	A_NAME,
	A_VERSION,
	A_FLAGS,
	A_PATH,
	A_USER_EXT,
	A_MACHINE_EXT,
	A_ALLOWED
};

/* Whether values (NULL-ended, or NULL) hold want, in any case. */
static int
has_value(char **values, const char *want)
{
	size_t i;

	for (i = 0; values != NULL && values[i] != NULL; i++)
		if (strcasecmp(values[i], want) == 0)
			return 1;
	return 0;
}

static char *
first_value(char **const *values, int attr)
{
	return values[attr] ? gpf_xstrdup(values[attr][0]) : NULL;
}

/*
 * A GPO name as the directory compares display names: without regard
 * to case, in Unicode, so "Ärzte" finds "ärzte" as the batch's own
 * check does.
 */
static char *
name_key(const char *name)
{
	struct gpf_buf key = { 0 };

	casefold_append(name, strlen(name), &key);
	return (char *)gpf_buf_str(&key); /* the caller frees it */
}

/* The GUID of the first RDN, "{...}", or "" when it holds none. */
static char *
rdn_guid(const char *dn)
{
	const char *eq = strchr(dn, '=');
	char *guid = gpf_xrealloc(NULL, GUID_TEXT_SIZE);

	guid[0] = '\0';
	if (eq != NULL && eq[1] == '{' &&
	    strlen(eq + 1) >= GUID_TEXT_SIZE - 1) {
		memcpy(guid, eq + 1, GUID_TEXT_SIZE - 1);
		guid[GUID_TEXT_SIZE - 1] = '\0';
		if (!guid_valid(guid))
			guid[0] = '\0';
	}
	return guid;
}

static int
on_gpo(void *arg, const char *dn, char **const *values)
{
	struct dir_state *st = arg;
	struct dir_gpo *g;
	char *version;

	st->gpos =
	    gpf_xrealloc(st->gpos, (st->gpo_count + 1) * sizeof(*st->gpos));
	g = &st->gpos[st->gpo_count++];
	memset(g, 0, sizeof(*g));
	g->dn = gpf_xstrdup(dn);
	g->guid = rdn_guid(dn);
	g->name =
	    values[A_NAME] ? first_value(values, A_NAME) : gpf_xstrdup("");
	g->name_key = name_key(g->name);
	version = first_value(values, A_VERSION);
	g->has_version =
	    version && gpo_version_parse(version, &g->version) == 0;
	free(version);
	g->flags = values[A_FLAGS]
		       ? (unsigned)strtoul(values[A_FLAGS][0], NULL, 10)
		       : 0;
	g->user_extensions = first_value(values, A_USER_EXT);
	g->machine_extensions = first_value(values, A_MACHINE_EXT);
	g->file_sys_path = first_value(values, A_PATH);
	g->may_change = has_value(values[A_ALLOWED], "versionNumber");
	g->may_change_extensions =
	    has_value(values[A_ALLOWED], "gPCUserExtensionNames");
	return GPF_OK;
}

long
dir_find_gpo(const struct dir_state *st, const char *name)
{
	char *key = name_key(name);
	long found = -1;
	size_t i;

	for (i = 0; i < st->gpo_count && found != -2; i++) {
		if (strcmp(st->gpos[i].name_key, key) != 0)
			continue;
		found = found >= 0 ? -2 : (long)i;
	}
	free(key);
	return found;
}

int
dir_sysvol_folder(const struct dir_gpo *g, const struct ad_login *login,
		  char **host, char **share, char **path)
{
	const char *p = g->file_sys_path, *s, *rest;
	char *c;

	if (p == NULL || strncmp(p, "\\\\", 2) != 0 ||
	    (s = strchr(p + 2, '\\')) == NULL || s == p + 2 ||
	    (rest = strchr(s + 1, '\\')) == NULL || rest == s + 1)
		return -1;
	*host = gpf_xrealloc(NULL, (size_t)(s - p));
	snprintf(*host, (size_t)(s - p), "%.*s", (int)(s - p - 2), p + 2);
	/* The domain's own name is served by its DCs: this one. */
	if (strcasecmp(*host, login->domain) == 0) {
		free(*host);
		*host = gpf_xstrdup(login->server);
	}
	*share = gpf_xrealloc(NULL, (size_t)(rest - s));
	snprintf(*share, (size_t)(rest - s), "%.*s", (int)(rest - s - 1),
		 s + 1);
	*path = gpf_xstrdup(rest + 1);
	for (c = *path; *c; c++)
		if (*c == '\\')
			*c = '/';
	return 0;
}

/* Reads one file of a GPO's folder into out; *exists tells. */
static int
read_gpo_file(struct deploy_session *s, const char *host, const char *share,
	      const char *folder, const char *name, struct gpf_buf *out,
	      int *exists, struct gpf_error *err)
{
	size_t n = strlen(folder) + strlen(name) + 2;
	char *path = gpf_xrealloc(NULL, n);
	struct smb_path p = { host, share, path };
	int status;

	snprintf(path, n, "%s/%s", folder, name);
	status = ad_smb_read(s->smb, &p, out, exists, err);
	free(path);
	return status;
}

/*
 * Whether the GPO's folder and its Machine folder exist.  A file read
 * there proves the folder; User is there when User/Registry.pol is.
 */
static int
read_folders(struct deploy_session *s, const char *host, const char *share,
	     const char *folder, struct dir_gpo *g, struct gpf_error *err)
{
	size_t n = strlen(folder) + sizeof("/Machine");
	char *path = gpf_xrealloc(NULL, n);
	struct smb_path p = { host, share, folder };
	enum smb_kind kind = SMB_FOLDER;
	int status = GPF_OK;

	if (!g->has_marker && !g->has_pol && !g->has_gpt)
		status = ad_smb_stat(s->smb, &p, &kind, err);
	g->no_folder = kind != SMB_FOLDER;
	snprintf(path, n, "%s/Machine", folder);
	p.path = path;
	if (status == GPF_OK && !g->no_folder)
		status = ad_smb_stat(s->smb, &p, &kind, err);
	g->no_machine_folder = kind != SMB_FOLDER;
	free(path);
	return status;
}

static int
on_child(void *arg, const char *dn, char **const *values)
{
	struct dir_gpo *g = arg;

	(void)values;
	if (strncasecmp(dn, "CN=User,", 8) == 0)
		g->no_user_object = 0;
	else if (strncasecmp(dn, "CN=Machine,", 11) == 0)
		g->no_machine_object = 0;
	return GPF_OK;
}

/* Whether the GPO object has its CN=User and CN=Machine children. */
static int
read_children(struct deploy_session *s, struct dir_gpo *g,
	      struct gpf_error *err)
{
	static const char *const attrs[] = { "cn", NULL };
	int missing;

	g->no_user_object = g->no_machine_object = 1;
	return ad_ldap_search(s->ldap, g->dn, AD_ONELEVEL,
			      "(objectClass=container)", attrs, on_child, g,
			      &missing, err);
}

static int
read_sysvol(const struct deploy_options *o, struct deploy_session *s,
	    struct dir_gpo *g, struct gpf_error *err)
{
	struct gpf_buf marker = { 0 };
	char *host, *share, *path;
	int status;

	if (dir_sysvol_folder(g, &o->login, &host, &share, &path) != 0)
		return gpf_fail(err, GPF_DATAERR,
				"GPO '%s' (%s): its gPCFileSysPath '%s' is "
				"not a UNC path",
				g->name, g->guid,
				g->file_sys_path ? g->file_sys_path : "");
	status = read_gpo_file(s, host, share, path, DEPLOY_MARKER, &marker,
			       &g->has_marker, err);
	if (status == GPF_OK)
		status =
		    read_gpo_file(s, host, share, path, "User/Registry.pol",
				  &g->pol, &g->has_pol, err);
	if (status == GPF_OK)
		status = read_gpo_file(s, host, share, path, "GPT.INI", &g->gpt,
				       &g->has_gpt, err);
	if (status == GPF_OK)
		status = read_folders(s, host, share, path, g, err);
	g->sysvol_read = 1;
	gpf_buf_free(&marker);
	free(host), free(share), free(path);
	return status;
}

static int
on_ou(void *arg, const char *dn, char **const *values)
{
	struct dir_ou *ou = arg;

	(void)dn;
	ou->exists = 1;
	ou->gplink = first_value(values, 0);
	ou->linkable = has_value(values[1], "organizationalUnit") ||
		       has_value(values[1], "domainDNS");
	ou->may_link = has_value(values[2], "gPLink");
	return GPF_OK;
}

static int
read_ou(struct deploy_session *s, const char *dn, struct dir_ou *ou,
	struct gpf_error *err)
{
	static const char *const attrs[] = { "gPLink", "objectClass",
					     "allowedAttributesEffective",
					     NULL };
	int missing;

	return ad_ldap_search(s->ldap, dn, AD_BASE, "(objectClass=*)", attrs,
			      on_ou, ou, &missing, err);
}

/* The folder part of path ("" for none), malloc'd. */
static char *
parent_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	char *dir = gpf_xrealloc(NULL, n + 1);

	memcpy(dir, path, n);
	dir[n] = '\0';
	return dir;
}

/*
 * Whether a server other than the DC has a name that resolves: SMB
 * would report it as a missing file.
 */
static int
check_host(const struct deploy_options *o, const struct smb_path *p,
	   struct gpf_error *err)
{
	struct addrinfo hints, *list = NULL;
	char *unc;
	int rc;

	if (strcasecmp(p->host, o->login.server) == 0)
		return GPF_OK;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(p->host, "445", &hints, &list)) == 0) {
		freeaddrinfo(list);
		return GPF_OK;
	}
	unc = smb_unc(p);
	gpf_fail(err, GPF_UNAVAILABLE,
		 "%s: the server's name does not resolve (%s)", unc,
		 gai_strerror(rc));
	free(unc);
	return GPF_UNAVAILABLE;
}

static int
read_file(const struct deploy_options *o, struct deploy_session *s,
	  const struct deploy_copy *c, struct dir_file *f,
	  struct gpf_error *err)
{
	struct smb_path p = { c->host, c->share, c->path };
	int status, exists;

	status = check_host(o, &p, err);
	if (status == GPF_OK)
		status = ad_smb_stat(s->smb, &p, &f->kind, err);
	if (status == GPF_OK && f->kind == SMB_FILE)
		status = ad_smb_read(s->smb, &p, &f->data, &exists, err);
	if (status == GPF_OK && !c->template) {
		p.path = parent_of(c->path);
		status = ad_smb_stat(s->smb, &p, &f->parent, err);
		free((char *)p.path);
	}
	return status;
}

/* The Policies folder must be there: it proves the SMB logon too. */
static int
check_policies(const struct deploy_options *o, struct deploy_session *s,
	       struct gpf_error *err)
{
	char *path = deploy_policies_path(o->login.domain), *unc;
	struct smb_path p = { o->login.server, "sysvol", path };
	enum smb_kind kind;
	int status = ad_smb_stat(s->smb, &p, &kind, err);

	if (status == GPF_OK && kind != SMB_FOLDER) {
		unc = smb_unc(&p);
		status =
		    gpf_fail(err, GPF_UNAVAILABLE,
			     "%s: no such folder; is --domain right?", unc);
		free(unc);
	}
	free(path);
	return status;
}

static int
on_policies(void *arg, const char *dn, char **const *values)
{
	struct dir_state *st = arg;

	(void)dn;
	st->may_create = has_value(values[0], "groupPolicyContainer");
	return GPF_OK;
}

static int
read_gpos(const struct deploy_options *o, const struct deploy_input *in,
	  struct deploy_session *s, struct dir_state *st, struct gpf_error *err)
{
	static const char *const rights[] = { "allowedChildClassesEffective",
					      NULL };
	static const char fmt[] = "CN=Policies,CN=System,%s";
	size_t n = strlen(in->domain_dn) + sizeof(fmt);
	char *base = gpf_xrealloc(NULL, n);
	int missing, status;

	snprintf(base, n, fmt, in->domain_dn);
	status = ad_ldap_search(s->ldap, base, AD_BASE, "(objectClass=*)",
				rights, on_policies, st, &missing, err);
	if (status == GPF_OK && !missing)
		status = ad_ldap_search(s->ldap, base, AD_ONELEVEL,
					"(objectClass=groupPolicyContainer)",
					gpo_attrs, on_gpo, st, &missing, err);
	if (status == GPF_OK && missing)
		status = gpf_fail(err, GPF_UNAVAILABLE,
				  "%s: the directory has no %s; is --domain "
				  "%s right?",
				  o->login.server, base, o->login.domain);
	free(base);
	return status;
}

/* How many reads follow the GPO listing, for the progress bar. */
static size_t
count_reads(const struct deploy_input *in, const struct dir_state *st)
{
	size_t i, n = in->copy_count + in->folder_count;

	for (i = 0; i < in->gpo_count; i++)
		n += (in->gpos[i].ou != NULL) +
		     (dir_find_gpo(st, in->gpos[i].name) >= 0);
	return n;
}

static void
progress(const struct deploy_options *o, size_t *done, size_t total)
{
	(*done)++;
	if (o->progress != NULL)
		o->progress("checked", *done, total, o->progress_arg);
}

int
deploy_read_state(const struct deploy_options *o, const struct deploy_input *in,
		  struct deploy_session *s, struct dir_state *st,
		  struct gpf_error *err)
{
	size_t i, done = 0, total;
	long found;
	int status;

	memset(st, 0, sizeof(*st));
	st->ous = gpf_xrealloc(NULL, (in->gpo_count + 1) * sizeof(*st->ous));
	memset(st->ous, 0, (in->gpo_count + 1) * sizeof(*st->ous));
	st->files =
	    gpf_xrealloc(NULL, (in->copy_count + 1) * sizeof(*st->files));
	memset(st->files, 0, (in->copy_count + 1) * sizeof(*st->files));
	st->folders =
	    gpf_xrealloc(NULL, (in->folder_count + 1) * sizeof(*st->folders));

	status = read_gpos(o, in, s, st, err);
	if (status == GPF_OK)
		status = check_policies(o, s, err);
	total = status == GPF_OK ? count_reads(in, st) : 0;
	for (i = 0; status == GPF_OK && i < in->gpo_count; i++) {
		found = dir_find_gpo(st, in->gpos[i].name);
		if (found >= 0 && !st->gpos[found].sysvol_read) {
			status = read_sysvol(o, s, &st->gpos[found], err);
			if (status == GPF_OK)
				status =
				    read_children(s, &st->gpos[found], err);
			progress(o, &done, total);
		}
		if (status == GPF_OK && in->gpos[i].ou != NULL) {
			status = read_ou(s, in->gpos[i].ou, &st->ous[i], err);
			progress(o, &done, total);
		}
	}
	for (i = 0; status == GPF_OK && i < in->copy_count; i++) {
		status = read_file(o, s, &in->copies[i], &st->files[i], err);
		progress(o, &done, total);
	}
	for (i = 0; status == GPF_OK && i < in->folder_count; i++) {
		struct smb_path p = { o->login.server, "sysvol",
				      in->folders[i] };

		status = ad_smb_stat(s->smb, &p, &st->folders[i], err);
		progress(o, &done, total);
	}
	return status;
}

void
dir_state_free(struct dir_state *st, size_t gpo_inputs, size_t copy_inputs)
{
	size_t i;

	for (i = 0; i < st->gpo_count; i++) {
		struct dir_gpo *g = &st->gpos[i];

		free(g->dn), free(g->guid), free(g->name), free(g->name_key);
		free(g->user_extensions), free(g->machine_extensions);
		free(g->file_sys_path);
		gpf_buf_free(&g->pol), gpf_buf_free(&g->gpt);
	}
	for (i = 0; st->ous != NULL && i < gpo_inputs; i++)
		free(st->ous[i].gplink);
	for (i = 0; st->files != NULL && i < copy_inputs; i++)
		gpf_buf_free(&st->files[i].data);
	free(st->gpos), free(st->ous), free(st->files), free(st->folders);
	memset(st, 0, sizeof(*st));
}
