/*
 * deploy.c - "gpforge deploy": planning the changes that make the
 * domain hold the build's GPOs, showing them, and making them.
 */
#include "deploy_private.h"
#include "gplink.h"
#include "oucsv.h"
#include "sysvol_acl.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FIRST_USER_VERSION 65536u /* user side 1, computer side 0 */

static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
format(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = gpf_xrealloc(NULL, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* --- client-side extension lists --------------------------------------- */

/* One "[{CSE}{TOOL}...]" entry: its GUIDs, the CSE first. */
struct extension {
	char (*guids)[GUID_TEXT_SIZE];
	size_t count;
};

static void
add_guid(struct extension *e, const char *guid)
{
	size_t i;

	for (i = 0; i < e->count; i++)
		if (strcasecmp(e->guids[i], guid) == 0)
			return;
	e->guids = gpf_xrealloc(e->guids, (e->count + 1) * sizeof(*e->guids));
	memcpy(e->guids[e->count++], guid, GUID_TEXT_SIZE);
}

/* Adds the entries of text to list, merging those of the same CSE. */
static void
read_extensions(const char *text, struct extension **list, size_t *count)
{
	char guid[GUID_TEXT_SIZE];
	struct extension *e = NULL;
	const char *p;
	size_t i;

	for (p = text ? text : ""; *p; p++) {
		if (*p == '[' || *p == ']') {
			e = NULL;
			continue;
		}
		if (*p != '{' || strlen(p) < GUID_TEXT_SIZE - 1)
			continue;
		memcpy(guid, p, GUID_TEXT_SIZE - 1);
		guid[GUID_TEXT_SIZE - 1] = '\0';
		if (!guid_valid(guid))
			continue;
		p += GUID_TEXT_SIZE - 2;
		if (e != NULL) {
			add_guid(e, guid);
			continue;
		}
		for (i = 0; i < *count; i++)
			if (strcasecmp((*list)[i].guids[0], guid) == 0)
				break;
		if (i == *count) {
			*list = gpf_xrealloc(*list, (i + 1) * sizeof(**list));
			memset(&(*list)[i], 0, sizeof(**list));
			add_guid(&(*list)[i], guid);
			(*count)++;
		}
		e = &(*list)[i];
	}
}

static int
by_guid(const void *a, const void *b)
{
	return strcasecmp(a, b);
}

static int
by_cse(const void *a, const void *b)
{
	return strcasecmp(((const struct extension *)a)->guids[0],
			  ((const struct extension *)b)->guids[0]);
}

char *
deploy_merge_extensions(const char *have, const char *want)
{
	struct extension *list = NULL;
	struct gpf_buf out = { 0 };
	size_t count = 0, i, j;

	read_extensions(have, &list, &count);
	read_extensions(want, &list, &count);
	if (count > 1)
		qsort(list, count, sizeof(*list), by_cse);
	for (i = 0; i < count; i++) {
		/* Clients expect the tool GUIDs after the CSE, sorted too. */
		qsort(list[i].guids + 1, list[i].count - 1,
		      sizeof(*list[i].guids), by_guid);
		gpf_buf_putc(&out, '[');
		for (j = 0; j < list[i].count; j++)
			gpf_buf_append(&out, list[i].guids[j],
				       GUID_TEXT_SIZE - 1);
		gpf_buf_putc(&out, ']');
		free(list[i].guids);
	}
	free(list);
	gpf_buf_str(&out);
	return (char *)out.data;
}

/* --- building the plan -------------------------------------------------- */

/* An OU's gPLink as the changes planned so far leave it. */
struct ou_links {
	char *key; /* the OU's DN, normalised */
	char *value;
	int present; /* whether the attribute exists */
};

struct planner {
	const struct deploy_options *o;
	const struct deploy_input *in;
	const struct dir_state *st;
	struct deploy_plan *plan;
	struct gpf_error *err;
	void (*new_guid)(char out[GUID_TEXT_SIZE]);
	char *policies; /* the Policies folder on the sysvol share */
	int new_store;	/* the Central Store is filled under a new name */
	struct ou_links *ous;
	size_t ou_count;
};

static struct change *
add_change(struct planner *p, enum change_kind kind, long gpo, char *target)
{
	struct deploy_plan *plan = p->plan;
	struct change *c;

	plan->changes = gpf_xrealloc(plan->changes, (plan->count + 1) *
							sizeof(*plan->changes));
	c = &plan->changes[plan->count++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->gpo = gpo;
	c->target = target;
	return c;
}

static void
add_attr(struct change *c, enum ad_op op, const char *name, char *value)
{
	c->attrs[c->attr_count].op = op;
	c->attrs[c->attr_count].name = name;
	c->attrs[c->attr_count++].value = value;
}

static struct change *
add_smb(struct planner *p, enum change_kind kind, long gpo, const char *host,
	const char *share, char *path)
{
	struct change *c = add_change(p, kind, gpo, path);

	c->host = gpf_xstrdup(host);
	c->share = gpf_xstrdup(share);
	return c;
}

static void
add_write(struct planner *p, long gpo, const char *host, const char *share,
	  char *path, const void *data, size_t len)
{
	struct change *c = add_smb(p, CHANGE_SMB_WRITE, gpo, host, share, path);

	gpf_buf_append(&c->data, data, len);
}

static void note(struct planner *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct planner *p, const char *fmt, ...)
{
	char line[GPF_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	gpf_buf_append(&p->plan->notes, line, strlen(line));
	gpf_buf_putc(&p->plan->notes, '\n');
}

static void
plan_warn(struct planner *p, char *line)
{
	struct deploy_plan *plan = p->plan;

	plan->warnings =
	    gpf_xrealloc(plan->warnings,
			 (plan->warning_count + 1) * sizeof(*plan->warnings));
	plan->warnings[plan->warning_count++] = line;
}

static char *
marker_text(const struct deploy_gpo *g, int adopted)
{
	return format("gpforge deploy %s this Group Policy Object from the "
		      "GPO backup %s.\r\n"
		      "Each deploy replaces its User\\Registry.pol and raises "
		      "its version; without this\r\n"
		      "file gpforge refuses to change the GPO (unless told "
		      "--adopt).\r\n",
		      adopted ? "took over" : "created", g->backup_id);
}

static void
write_marker(struct planner *p, long i, const char *host, const char *share,
	     const char *folder, int adopted)
{
	char *text = marker_text(&p->in->gpos[i], adopted);

	add_write(p, i, host, share, format("%s/%s", folder, DEPLOY_MARKER),
		  text, strlen(text));
	free(text);
}

/* versionNumber: value, as LDAP takes it, malloc'd. */
static char *
version_text(uint32_t v)
{
	char text[GPO_VERSION_TEXT];

	gpo_version_format(v, text);
	return gpf_xstrdup(text);
}

/* Who the directory says may not do something, for messages. */
static const char *
account(const struct planner *p)
{
	return p->o->login.kerberos ? "the Kerberos ticket's user"
				    : p->o->login.user;
}

/* A GUID for a new GPO that no GPO of the domain has. */
static void
fresh_guid(struct planner *p, char guid[GUID_TEXT_SIZE])
{
	size_t i;

	do {
		p->new_guid(guid);
		for (i = 0; i < p->st->gpo_count; i++)
			if (strcasecmp(p->st->gpos[i].guid, guid) == 0)
				break;
	} while (i < p->st->gpo_count);
}

/* The object CN={GUID} and its children; returns its DN, malloc'd. */
static char *
plan_object(struct planner *p, long i, const char *guid)
{
	const struct deploy_gpo *g = &p->in->gpos[i];
	char *dn, *domain = gpf_xstrdup(p->o->login.domain), *d;
	struct change *c;

	for (d = domain; *d; d++)
		*d = (char)tolower((unsigned char)*d);
	dn = format("CN=%s,CN=Policies,CN=System,%s", guid, p->in->domain_dn);
	c = add_change(p, CHANGE_LDAP_ADD, i, gpf_xstrdup(dn));
	add_attr(c, AD_ADD, "objectClass", gpf_xstrdup("groupPolicyContainer"));
	add_attr(c, AD_ADD, "displayName", gpf_xstrdup(g->name));
	add_attr(
	    c, AD_ADD, "gPCFileSysPath",
	    format("\\\\%s\\SysVol\\%s\\Policies\\%s", domain, domain, guid));
	add_attr(c, AD_ADD, "gPCFunctionalityVersion", gpf_xstrdup("2"));
	add_attr(c, AD_ADD, "flags", format("%u", g->flags));
	/* 0 until the files are in place: a half-made GPO says so. */
	add_attr(c, AD_ADD, "versionNumber", gpf_xstrdup("0"));
	c = add_change(p, CHANGE_LDAP_ADD, i, format("CN=User,%s", dn));
	add_attr(c, AD_ADD, "objectClass", gpf_xstrdup("container"));
	c = add_change(p, CHANGE_LDAP_ADD, i, format("CN=Machine,%s", dn));
	add_attr(c, AD_ADD, "objectClass", gpf_xstrdup("container"));
	free(domain);
	return dn;
}

/* The new GPO's SYSVOL folder, with the object's ACL, and its files. */
static void
plan_folder(struct planner *p, long i, const char *guid, const char *dn)
{
	const struct deploy_gpo *g = &p->in->gpos[i];
	const char *server = p->o->login.server;
	char *folder = format("%s/%s", p->policies, guid);
	struct gpf_buf gpt = { 0 };
	struct change *c;

	add_smb(p, CHANGE_SMB_MKDIR, i, server, "sysvol", gpf_xstrdup(folder));
	c = add_smb(p, CHANGE_SMB_ACL, i, server, "sysvol",
		    gpf_xstrdup(folder));
	c->acl_from = gpf_xstrdup(dn);
	write_marker(p, i, server, "sysvol", folder, 0);
	add_smb(p, CHANGE_SMB_MKDIR, i, server, "sysvol",
		format("%s/User", folder));
	add_smb(p, CHANGE_SMB_MKDIR, i, server, "sysvol",
		format("%s/Machine", folder));
	add_write(p, i, server, "sysvol",
		  format("%s/User/Registry.pol", folder), g->pol.data,
		  g->pol.len);
	gpt_ini_with_version(NULL, 0, FIRST_USER_VERSION, &gpt);
	add_write(p, i, server, "sysvol", format("%s/GPT.INI", folder),
		  gpt.data, gpt.len);
	gpf_buf_free(&gpt);
	free(folder);
}

static void
plan_create(struct planner *p, long i, char **gpo_dn)
{
	const struct deploy_gpo *g = &p->in->gpos[i];
	struct gpo_plan *gp = &p->plan->gpos[i];
	struct change *c;
	char *dn;

	fresh_guid(p, gp->guid);
	gp->action = GPO_CREATE;
	dn = plan_object(p, i, gp->guid);
	plan_folder(p, i, gp->guid, dn);

	/* Last, what makes clients take the GPO's files. */
	c = add_change(p, CHANGE_LDAP_MODIFY, i, gpf_xstrdup(dn));
	add_attr(c, AD_REPLACE, "versionNumber",
		 version_text(FIRST_USER_VERSION));
	if (g->user_extensions[0])
		add_attr(c, AD_REPLACE, "gPCUserExtensionNames",
			 deploy_merge_extensions(NULL, g->user_extensions));
	if (g->machine_extensions[0])
		add_attr(c, AD_REPLACE, "gPCMachineExtensionNames",
			 deploy_merge_extensions(NULL, g->machine_extensions));

	gp->summary = format("create as %s", gp->guid);
	p->plan->created++;
	note(p, "GPO '%s': created as %s", g->name, gp->guid);
	*gpo_dn = dn;
}

/* The version an update starts from: the higher of the two copies. */
static uint32_t
current_version(const struct dir_gpo *d)
{
	uint32_t v = d->has_version ? d->version : 0, file;
	unsigned long line;

	if (d->has_gpt &&
	    gpt_ini_version((const char *)d->gpt.data, d->gpt.len, &file,
			    &line) == 1 &&
	    gpo_version_user(file) > gpo_version_user(v))
		v = gpo_version_make(gpo_version_user(file),
				     gpo_version_computer(v));
	return v;
}

/* Why the GPO needs its files rewritten, or NULL when it does not. */
static const char *
why_update(const struct deploy_gpo *g, const struct dir_gpo *d)
{
	char *have = deploy_merge_extensions(d->user_extensions, NULL);
	char *want =
	    deploy_merge_extensions(d->user_extensions, g->user_extensions);
	uint32_t file;
	unsigned long line;
	const char *why = NULL;

	if (!d->has_pol)
		why = "it has no User\\Registry.pol";
	else if (d->pol.len != g->pol.len ||
		 memcmp(d->pol.data, g->pol.data, g->pol.len) != 0)
		why = "its Registry.pol differs";
	else if (strcmp(have, want) != 0)
		why = "its extension names lack the registry settings";
	else if (!d->has_gpt ||
		 gpt_ini_version((const char *)d->gpt.data, d->gpt.len, &file,
				 &line) != 1 ||
		 !d->has_version || file != d->version)
		why = "its GPT.INI and versionNumber disagree";
	free(have), free(want);
	return why;
}

/*
 * The object's new versionNumber and, when they change, its extension
 * names (extensions, taken).  Deleting the old version makes the
 * change fail if another writer raised it meanwhile.
 */
static void
plan_version(struct planner *p, long i, const struct dir_gpo *d, uint32_t to,
	     char *extensions)
{
	struct change *c =
	    add_change(p, CHANGE_LDAP_MODIFY, i, gpf_xstrdup(d->dn));

	if (d->has_version)
		add_attr(c, AD_DELETE, "versionNumber",
			 version_text(d->version));
	add_attr(c, d->has_version ? AD_ADD : AD_REPLACE, "versionNumber",
		 version_text(to));
	if (extensions != NULL)
		add_attr(c, AD_REPLACE, "gPCUserExtensionNames", extensions);
}

/* The extension names d should have, or NULL when it has them. */
static char *
new_extensions(const struct deploy_gpo *g, const struct dir_gpo *d)
{
	char *want =
	    deploy_merge_extensions(d->user_extensions, g->user_extensions);

	if (strcmp(want, d->user_extensions ? d->user_extensions : "") == 0) {
		free(want);
		return NULL;
	}
	return want;
}

/* Whether the account may write what an update of d writes. */
static int
may_update(struct planner *p, long i, const struct dir_gpo *d,
	   const char *extensions)
{
	const char *attr = !d->may_change ? "versionNumber"
			   : extensions != NULL && !d->may_change_extensions
			       ? "gPCUserExtensionNames"
			       : NULL;

	if (attr == NULL)
		return GPF_OK;
	return gpf_fail(p->err, GPF_UNAVAILABLE,
			"GPO '%s' (%s): %s may not change it (its %s)",
			p->in->gpos[i].name, d->guid, account(p), attr);
}

static int
plan_update(struct planner *p, long i, const struct dir_gpo *d, const char *why)
{
	const struct deploy_gpo *g = &p->in->gpos[i];
	struct gpo_plan *gp = &p->plan->gpos[i];
	uint32_t from = current_version(d), to;
	char *host, *share, *folder, *extensions = new_extensions(g, d);
	struct gpf_buf gpt = { 0 };
	int status = may_update(p, i, d, extensions);

	if (status == GPF_OK && gpo_version_bump_user(from, &to) != 0)
		status = gpf_fail(p->err, GPF_DATAERR,
				  "GPO '%s' (%s): its user version is %u, the "
				  "highest there is; it cannot be raised",
				  g->name, d->guid, gpo_version_user(from));
	if (status != GPF_OK) {
		free(extensions);
		return status;
	}

	dir_sysvol_folder(d, &p->o->login, &host, &share, &folder);
	gp->action = GPO_UPDATE;
	if (!d->has_pol)
		add_smb(p, CHANGE_SMB_MKDIR, i, host, share,
			format("%s/User", folder));
	add_write(p, i, host, share, format("%s/User/Registry.pol", folder),
		  g->pol.data, g->pol.len);
	gpt_ini_with_version(d->has_gpt ? (const char *)d->gpt.data : NULL,
			     d->gpt.len, to, &gpt);
	add_write(p, i, host, share, format("%s/GPT.INI", folder), gpt.data,
		  gpt.len);
	plan_version(p, i, d, to, extensions);

	gp->summary = format("update %s (%s): user version %u -> %u", d->guid,
			     why, gpo_version_user(from), gpo_version_user(to));
	p->plan->updated++;
	note(p, "GPO '%s' (%s): updated, %s; user version %u -> %u", g->name,
	     d->guid, why, gpo_version_user(from), gpo_version_user(to));
	gpf_buf_free(&gpt);
	free(host), free(share), free(folder);
	return GPF_OK;
}

/* The first part a create that stopped part way left out, or NULL. */
static const char *
missing_part(const struct dir_gpo *d)
{
	if (d->no_user_object)
		return "it has no CN=User object";
	if (d->no_machine_object)
		return "it has no CN=Machine object";
	if (d->no_folder)
		return "it has no SYSVOL folder";
	if (d->no_machine_folder)
		return "its SYSVOL folder has no Machine folder";
	return NULL;
}

/*
 * What the create path makes before the files and d lacks: the object's
 * children, its folder with the object's ACL, gpforge.txt when adopted,
 * the Machine folder.  User, Registry.pol and GPT.INI are the update's.
 */
static void
plan_repair(struct planner *p, long i, const struct dir_gpo *d,
	    const char *host, const char *share, const char *folder)
{
	struct change *c;

	if (d->no_user_object) {
		c = add_change(p, CHANGE_LDAP_ADD, i,
			       format("CN=User,%s", d->dn));
		add_attr(c, AD_ADD, "objectClass", gpf_xstrdup("container"));
	}
	if (d->no_machine_object) {
		c = add_change(p, CHANGE_LDAP_ADD, i,
			       format("CN=Machine,%s", d->dn));
		add_attr(c, AD_ADD, "objectClass", gpf_xstrdup("container"));
	}
	if (d->no_folder) {
		add_smb(p, CHANGE_SMB_MKDIR, i, host, share,
			gpf_xstrdup(folder));
		c = add_smb(p, CHANGE_SMB_ACL, i, host, share,
			    gpf_xstrdup(folder));
		c->acl_from = gpf_xstrdup(d->dn);
	}
	if (!d->has_marker)
		write_marker(p, i, host, share, folder, 1);
	if (d->no_folder || d->no_machine_folder)
		add_smb(p, CHANGE_SMB_MKDIR, i, host, share,
			format("%s/Machine", folder));
}

/* Users get nothing of a GPO whose user side the domain turned off. */
static void
warn_disabled(struct planner *p, long i, const struct dir_gpo *d)
{
	const struct deploy_gpo *g = &p->in->gpos[i];

	if ((d->flags & 1) && !(g->flags & 1))
		plan_warn(p, format("GPO '%s' (%s): its user settings are "
				    "disabled in the domain (its GPO status), "
				    "so users get none of them",
				    g->name, d->guid));
}

/* An existing GPO: refused, updated or left alone. */
static int
plan_existing(struct planner *p, long i, const struct dir_gpo *d)
{
	const struct deploy_gpo *g = &p->in->gpos[i];
	struct gpo_plan *gp = &p->plan->gpos[i];
	char *host, *share, *folder;
	const char *why;

	if (!d->has_marker && !p->o->adopt)
		return gpf_fail(p->err, GPF_CANTCREAT,
				"GPO '%s' (%s) exists and gpforge did not "
				"create it (no %s in its SYSVOL folder); give "
				"--adopt to take it over",
				g->name, d->guid, DEPLOY_MARKER);
	if (dir_sysvol_folder(d, &p->o->login, &host, &share, &folder) != 0)
		return gpf_fail(p->err, GPF_DATAERR,
				"GPO '%s' (%s): its gPCFileSysPath is not a "
				"UNC path",
				g->name, d->guid);
	memcpy(gp->guid, d->guid, sizeof(gp->guid));
	plan_repair(p, i, d, host, share, folder);
	if (!d->has_marker) {
		gp->adopted = 1;
		p->plan->adopted++;
		note(p, "GPO '%s' (%s): taken over (--adopt)", g->name,
		     d->guid);
	}
	free(host), free(share), free(folder);
	warn_disabled(p, i, d);
	if ((why = missing_part(d)) != NULL || (why = why_update(g, d)) != NULL)
		return plan_update(p, i, d, why);
	gp->action = GPO_KEEP;
	gp->summary = format("%s %s: Registry.pol is the same",
			     gp->adopted ? "take over" : "keep", d->guid);
	note(p, "GPO '%s' (%s): Registry.pol is the same; not changed", g->name,
	     d->guid);
	return GPF_OK;
}

/* The running gPLink of an OU, first taken from the directory. */
static struct ou_links *
ou_links(struct planner *p, long i)
{
	struct gpf_buf key = { 0 }, first = { 0 };
	const struct dir_ou *ou = &p->st->ous[i];
	size_t k;

	dn_parse(p->in->gpos[i].ou, &key, &first);
	gpf_buf_free(&first);
	for (k = 0; k < p->ou_count; k++)
		if (strcmp(p->ous[k].key, gpf_buf_str(&key)) == 0) {
			gpf_buf_free(&key);
			return &p->ous[k];
		}
	p->ous = gpf_xrealloc(p->ous, (k + 1) * sizeof(*p->ous));
	p->ous[k].key = (char *)gpf_buf_str(&key);
	p->ous[k].value = gpf_xstrdup(ou->gplink ? ou->gplink : "");
	p->ous[k].present = ou->gplink != NULL;
	p->ou_count++;
	return &p->ous[k];
}

static int
plan_link(struct planner *p, long i, const char *gpo_dn)
{
	const struct deploy_gpo *g = &p->in->gpos[i];
	const struct dir_ou *ou = &p->st->ous[i];
	struct ou_links *l;
	struct gplink links;
	struct change *c;
	int status;

	if (g->ou == NULL) {
		note(p, "GPO '%s': no OU for it in %s; not linked", g->name,
		     p->in->links_csv);
		return GPF_OK;
	}
	if (!ou->exists || !ou->linkable)
		return gpf_fail(p->err, GPF_DATAERR,
				"%s: line %lu: OU '%s' %s (GPO '%s')",
				p->in->links_csv, g->link_line, g->ou,
				ou->exists ? "is neither an OU nor a domain"
					   : "does not exist in the domain",
				g->name);
	l = ou_links(p, i);
	status = gplink_parse(l->value, g->ou, &links, p->err);
	if (status != GPF_OK)
		return status;
	if (gplink_add(&links, gpo_dn, 0) == 0) {
		note(p, "GPO '%s': already linked to %s", g->name, g->ou);
		gplink_free(&links);
		return GPF_OK;
	}

	if (!ou->may_link) {
		gplink_free(&links);
		return gpf_fail(p->err, GPF_UNAVAILABLE,
				"OU '%s': %s may not link GPOs to it (its "
				"gPLink) (GPO '%s')",
				g->ou, account(p), g->name);
	}
	c = add_change(p, CHANGE_LDAP_MODIFY, i, gpf_xstrdup(g->ou));
	if (l->present)
		add_attr(c, AD_DELETE, "gPLink", gpf_xstrdup(l->value));
	free(l->value);
	l->value = gplink_format(&links);
	l->present = 1;
	add_attr(c, AD_ADD, "gPLink", gpf_xstrdup(l->value));
	gplink_free(&links);
	p->plan->gpos[i].link_added = 1;
	p->plan->linked++;
	note(p, "GPO '%s': linked to %s", g->name, g->ou);
	return GPF_OK;
}

static int
plan_gpo(struct planner *p, long i)
{
	long found = dir_find_gpo(p->st, p->in->gpos[i].name);
	struct gpo_plan *gp = &p->plan->gpos[i];
	char *dn = NULL;
	int status = GPF_OK;

	if (found == -2)
		return gpf_fail(p->err, GPF_CANTCREAT,
				"GPO '%s': the domain has more than one GPO of "
				"that name; rename or remove the others",
				p->in->gpos[i].name);
	if (found < 0 && !p->st->may_create)
		return gpf_fail(p->err, GPF_UNAVAILABLE,
				"GPO '%s': %s may not create GPOs in "
				"CN=Policies,CN=System,%s",
				p->in->gpos[i].name, account(p),
				p->in->domain_dn);
	if (found < 0)
		plan_create(p, i, &dn);
	else {
		status = plan_existing(p, i, &p->st->gpos[found]);
		dn = gpf_xstrdup(p->st->gpos[found].dn);
	}
	if (status == GPF_OK)
		status = plan_link(p, i, dn);
	/* Taken over, it got its gpforge.txt: that is a change. */
	if (status == GPF_OK && gp->action == GPO_KEEP && !gp->link_added &&
	    !gp->adopted)
		p->plan->unchanged++;
	free(dn);
	return status;
}

/*
 * Where a Central Store path is written.  A new store is filled under a
 * temporary name and renamed at the end: a run that fails part way then
 * leaves no partial store, which would hide every template from the
 * Group Policy editors.
 */
static char *
store_path(const struct planner *p, const char *path)
{
	const char *store = p->in->folders[0];
	size_t n = strlen(store);

	if (!p->new_store || strncmp(path, store, n) != 0 ||
	    (path[n] != '\0' && path[n] != '/'))
		return gpf_xstrdup(path);
	return format("%s%s%s", store, NEW_STORE_SUFFIX, path + n);
}

/* The Central Store's folders that are missing. */
static int
plan_folders(struct planner *p)
{
	const struct deploy_input *in = p->in;
	struct smb_path at;
	size_t i;
	char *unc;

	for (i = 0; i < in->folder_count; i++) {
		if (p->st->folders[i] == SMB_FOLDER)
			continue;
		at = (struct smb_path){ p->o->login.server, "sysvol",
					in->folders[i] };
		unc = smb_unc(&at);
		if (p->st->folders[i] == SMB_FILE) {
			gpf_fail(p->err, GPF_DATAERR,
				 "%s: a file, where the Central Store needs "
				 "a folder",
				 unc);
			free(unc);
			return GPF_DATAERR;
		}
		if (i == 0)
			plan_warn(p, format("%s: a new Central Store; the "
					    "Group Policy editors now read "
					    "templates only from there, so "
					    "copy the Windows and Office "
					    "templates in too",
					    unc));
		free(unc);
		add_smb(p, CHANGE_SMB_MKDIR, -1, at.host, at.share,
			store_path(p, in->folders[i]));
	}
	return GPF_OK;
}

/* A list or template, written unless the share has it already. */
static int
plan_copy(struct planner *p, size_t i)
{
	const struct deploy_copy *c = &p->in->copies[i];
	const struct dir_file *f = &p->st->files[i];
	struct smb_path at = { c->host, c->share, c->path };
	char *unc = smb_unc(&at);
	int status = GPF_OK;

	if (f->kind == SMB_FOLDER)
		status = gpf_fail(p->err, GPF_DATAERR,
				  "%s: a folder, where %s should go", unc,
				  c->source);
	else if (!c->template && f->parent != SMB_FOLDER)
		status = gpf_fail(p->err, GPF_DATAERR,
				  "%s: its folder does not exist (for %s)", unc,
				  c->source);
	else if (f->kind == SMB_FILE && f->data.len == c->data.len &&
		 memcmp(f->data.data, c->data.data, c->data.len) == 0)
		note(p, "%s: the same as %s; not changed", unc, c->source);
	else {
		add_write(p, -1, c->host, c->share,
			  c->template ? store_path(p, c->path)
				      : gpf_xstrdup(c->path),
			  c->data.data, c->data.len);
		note(p, "%s: written from %s", unc, c->source);
	}
	free(unc);
	return status;
}

/* The Central Store: its folders, its templates, its new name. */
static int
plan_store(struct planner *p)
{
	const struct deploy_input *in = p->in;
	struct change *c;
	size_t i;
	int status;

	if (in->folder_count == 0)
		return GPF_OK;
	p->new_store = p->st->folders[0] != SMB_FOLDER;
	status = plan_folders(p);
	for (i = 0; status == GPF_OK && i < in->copy_count; i++)
		if (in->copies[i].template)
			status = plan_copy(p, i);
	if (status == GPF_OK && p->new_store) {
		c = add_smb(p, CHANGE_SMB_RENAME, -1, p->o->login.server,
			    "sysvol", store_path(p, in->folders[0]));
		c->rename_to = gpf_xstrdup(in->folders[0]);
	}
	return status;
}

int
deploy_plan(const struct deploy_options *o, const struct deploy_input *in,
	    const struct dir_state *st,
	    void (*new_guid)(char out[GUID_TEXT_SIZE]),
	    struct deploy_plan *plan, struct gpf_error *err)
{
	struct planner p = { o, in, st, plan, err, new_guid, NULL, 0, NULL, 0 };
	size_t i;
	int status = GPF_OK;

	memset(plan, 0, sizeof(*plan));
	plan->gpos =
	    gpf_xrealloc(NULL, (in->gpo_count + 1) * sizeof(*plan->gpos));
	memset(plan->gpos, 0, (in->gpo_count + 1) * sizeof(*plan->gpos));
	plan->gpo_count = in->gpo_count;
	p.policies = deploy_policies_path(o->login.domain);

	/* Lists and templates first: a GPO never points at a missing one.
	 * Lists before templates: a list that fails to copy leaves the
	 * Central Store as it was. */
	for (i = 0; status == GPF_OK && i < in->copy_count; i++)
		if (!in->copies[i].template)
			status = plan_copy(&p, i);
	if (status == GPF_OK)
		status = plan_store(&p);
	for (i = 0; status == GPF_OK && i < in->gpo_count; i++)
		status = plan_gpo(&p, (long)i);

	for (i = 0; i < p.ou_count; i++)
		free(p.ous[i].key), free(p.ous[i].value);
	free(p.ous);
	free(p.policies);
	if (status != GPF_OK) {
		deploy_plan_free(plan);
		memset(plan, 0, sizeof(*plan));
	}
	return status;
}

/* --- showing the plan --------------------------------------------------- */

static void put(struct gpf_buf *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
put(struct gpf_buf *out, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	gpf_buf_reserve(out, (size_t)n);
	va_start(ap, fmt);
	vsnprintf((char *)out->data + out->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	out->len += (size_t)n;
}

static const char *const op_words[] = { "add", "delete", "replace" };

static void
describe_change(const struct change *c, struct gpf_buf *out)
{
	struct smb_path at = { c->host, c->share, c->target };
	char *unc = c->host ? smb_unc(&at) : NULL;
	size_t i;

	switch (c->kind) {
	case CHANGE_LDAP_ADD: put(out, "  ldap add %s\n", c->target); break;
	case CHANGE_LDAP_MODIFY:
		put(out, "  ldap modify %s\n", c->target);
		break;
	case CHANGE_SMB_MKDIR: put(out, "  smb mkdir %s\n", unc); break;
	case CHANGE_SMB_WRITE:
		put(out, "  smb write %s (%zu bytes)\n", unc, c->data.len);
		break;
	case CHANGE_SMB_ACL:
		put(out, "  smb acl %s (from the ACL of %s)\n", unc,
		    c->acl_from);
		break;
	case CHANGE_SMB_RENAME:
		put(out, "  smb rename %s to %s\n", unc,
		    strrchr(c->rename_to, '/') ? strrchr(c->rename_to, '/') + 1
					       : c->rename_to);
		break;
	}
	for (i = 0; i < c->attr_count; i++)
		if (c->kind == CHANGE_LDAP_ADD)
			put(out, "    %s: %s\n", c->attrs[i].name,
			    c->attrs[i].value);
		else
			put(out, "    %s %s: %s\n", op_words[c->attrs[i].op],
			    c->attrs[i].name, c->attrs[i].value);
	free(unc);
}

void
deploy_describe(const struct deploy_input *in, const struct deploy_plan *plan,
		struct gpf_buf *out)
{
	const struct gpo_plan *gp;
	size_t i, k = 0;

	if (plan->count > 0 && plan->changes[0].gpo < 0)
		put(out, "Sender lists and templates:\n");
	for (; k < plan->count && plan->changes[k].gpo < 0; k++)
		describe_change(&plan->changes[k], out);
	for (i = 0; i < in->gpo_count; i++) {
		gp = &plan->gpos[i];
		put(out, "GPO '%s': %s", in->gpos[i].name,
		    gp->summary ? gp->summary : "");
		if (gp->link_added)
			put(out, "; link to %s", in->gpos[i].ou);
		put(out, "\n");
		for (; k < plan->count && plan->changes[k].gpo == (long)i; k++)
			describe_change(&plan->changes[k], out);
	}
	gpf_buf_str(out);
}

/* --- making the changes ------------------------------------------------- */

/* The GPO folder's access rules from its object's; a failure warns. */
static void
mirror_acl(struct deploy_session *s, const struct change *c,
	   struct deploy_plan *plan, const char *gpo)
{
	struct smb_path at = { c->host, c->share, c->target };
	struct gpf_buf sd = { 0 }, text = { 0 };
	struct gpf_error err;
	int status;

	status = ad_ldap_read_sd(s->ldap, c->acl_from, &sd, &err);
	if (status == GPF_OK)
		status = sysvol_acl_from_ds(sd.data, sd.len, c->acl_from, &text,
					    &err);
	if (status == GPF_OK)
		status = ad_smb_set_acl(s->smb, &at, gpf_buf_str(&text), &err);
	if (status != GPF_OK) {
		plan->warnings =
		    gpf_xrealloc(plan->warnings, (plan->warning_count + 1) *
						     sizeof(*plan->warnings));
		plan->warnings[plan->warning_count++] =
		    format("GPO '%s': its SYSVOL folder keeps the access "
			   "rules it inherited: %s",
			   gpo, err.message);
	}
	gpf_buf_free(&sd), gpf_buf_free(&text);
}

static int
apply_change(struct deploy_session *s, const struct change *c,
	     struct deploy_plan *plan, const char *gpo, struct gpf_error *err)
{
	struct smb_path at = { c->host, c->share, c->target };
	struct ad_mod mods[CHANGE_MAX_ATTRS];
	size_t i;

	for (i = 0; i < c->attr_count; i++) {
		mods[i].op = c->attrs[i].op;
		mods[i].name = c->attrs[i].name;
		mods[i].value = c->attrs[i].value;
	}
	switch (c->kind) {
	case CHANGE_LDAP_ADD:
		return ad_ldap_add(s->ldap, c->target, mods, c->attr_count,
				   err);
	case CHANGE_LDAP_MODIFY:
		return ad_ldap_modify(s->ldap, c->target, mods, c->attr_count,
				      err);
	case CHANGE_SMB_MKDIR: return ad_smb_mkdir(s->smb, &at, err);
	case CHANGE_SMB_WRITE:
		return ad_smb_write(s->smb, &at, c->data.data, c->data.len,
				    err);
	case CHANGE_SMB_ACL: mirror_acl(s, c, plan, gpo); return GPF_OK;
	case CHANGE_SMB_RENAME:
		return ad_smb_rename(s->smb, &at, c->rename_to, err);
	}
	return GPF_OK;
}

int
deploy_apply(const struct deploy_options *o, const struct deploy_input *in,
	     struct deploy_session *s, struct deploy_plan *plan,
	     struct gpf_error *err)
{
	char inner[GPF_MESSAGE_MAX];
	const char *gpo;
	size_t k;
	int status = GPF_OK;

	for (k = 0; status == GPF_OK && k < plan->count; k++) {
		gpo = plan->changes[k].gpo >= 0
			  ? in->gpos[plan->changes[k].gpo].name
			  : NULL;
		status = apply_change(s, &plan->changes[k], plan,
				      gpo ? gpo : "", err);
		if (status != GPF_OK && gpo != NULL) {
			snprintf(inner, sizeof(inner), "%s", err->message);
			gpf_fail(err, status, "GPO '%s': %s", gpo, inner);
		}
		if (o->progress != NULL)
			o->progress("changes made", k + 1, plan->count,
				    o->progress_arg);
	}
	return status;
}

void
deploy_plan_free(struct deploy_plan *plan)
{
	size_t i, j;

	for (i = 0; i < plan->count; i++) {
		struct change *c = &plan->changes[i];

		free(c->target), free(c->host), free(c->share);
		free(c->acl_from), free(c->rename_to);
		for (j = 0; j < c->attr_count; j++)
			free(c->attrs[j].value);
		gpf_buf_free(&c->data);
	}
	for (i = 0; plan->gpos != NULL && i < plan->gpo_count; i++)
		free(plan->gpos[i].summary);
	for (i = 0; i < plan->warning_count; i++)
		free(plan->warnings[i]);
	free(plan->changes), free(plan->gpos), free(plan->warnings);
	gpf_buf_free(&plan->notes);
	memset(plan, 0, sizeof(*plan));
}

/* --- the whole run ------------------------------------------------------- */

static void
take_warnings(struct deploy_result *r, char ***warnings, size_t *count)
{
	size_t i;

	r->warnings = gpf_xrealloc(r->warnings, (r->warning_count + *count) *
						    sizeof(*r->warnings));
	for (i = 0; i < *count; i++)
		r->warnings[r->warning_count++] = (*warnings)[i];
	free(*warnings);
	*warnings = NULL;
	*count = 0;
}

static int
open_session(const struct deploy_options *o, struct deploy_session *s,
	     struct gpf_error *err)
{
	int status = ad_ldap_open(&s->ldap, &o->login, err);

	if (status == GPF_OK)
		status = ad_smb_open(&s->smb, &o->login, err);
	return status;
}

int
deploy_run(const struct deploy_options *o, struct deploy_result *r,
	   struct gpf_error *err)
{
	struct deploy_session s = { NULL, NULL };
	struct deploy_input in;
	struct dir_state st;
	struct deploy_plan plan;
	struct gpf_buf text = { 0 };
	int status;

	memset(r, 0, sizeof(*r));
	memset(&st, 0, sizeof(st));
	memset(&plan, 0, sizeof(plan));
	status = deploy_read_input(o, &in, err);
	take_warnings(r, &in.warnings, &in.warning_count);
	if (status == GPF_OK)
		status = open_session(o, &s, err);
	if (status == GPF_OK)
		status = deploy_read_state(o, &in, &s, &st, err);
	if (status == GPF_OK)
		status = deploy_plan(o, &in, &st, guid_random, &plan, err);
	if (status == GPF_OK && o->dry_run) {
		deploy_describe(&in, &plan, &text);
		r->plan = (char *)text.data;
	} else if (status == GPF_OK) {
		status = deploy_apply(o, &in, &s, &plan, err);
	}
	if (status == GPF_OK) {
		r->created = plan.created, r->updated = plan.updated;
		r->adopted = plan.adopted;
		r->linked = plan.linked, r->unchanged = plan.unchanged;
		if (!o->dry_run) {
			gpf_buf_str(&plan.notes);
			r->notes = (char *)plan.notes.data;
			plan.notes.data = NULL;
		}
	}
	take_warnings(r, &plan.warnings, &plan.warning_count);
	deploy_plan_free(&plan);
	dir_state_free(&st, in.gpo_count, in.copy_count);
	deploy_input_free(&in);
	ad_smb_close(s.smb);
	ad_ldap_close(s.ldap);
	return status;
}

void
deploy_result_free(struct deploy_result *r)
{
	size_t i;

	for (i = 0; i < r->warning_count; i++)
		free(r->warnings[i]);
	free(r->warnings), free(r->plan), free(r->notes);
	memset(r, 0, sizeof(*r));
}
