/*
 * gpo_backup.c - write GPMC backup folders through libxml2.
 */
#include "gpo_backup.h"
#include "gpf_xml.h"
#include "outfile.h"
#include "regpol.h"
#include "templates.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define REGISTRY_CSE		  "{35378EAC-683F-11D2-A89A-00C04FBBCFA2}"
#define USER_TOOL		  "{D02B1F73-3407-48AE-BA88-E8213C6761F1}"
#define OPTIONS_COMPUTER_DISABLED "2"
/* (1 << 16) | 1: each half of the number is version 1. */
#define VERSION_ONE  "65537"
#define SDDL_NEUTRAL "O:BAG:BAD:(A;;GA;;;SY)(A;;GA;;;BA)"

static xmlDocPtr
load_skeleton(const char *templates, const char *name, struct gpf_error *err)
{
	struct gpf_buf text = { 0 };
	const char *origin;
	xmlDocPtr doc = NULL;

	if (template_read(templates, name, &text, &origin, err) == GPF_OK)
		doc = xml_read_memory(text.data, text.len, origin, err);
	gpf_buf_free(&text);
	return doc;
}

/* Sets the text of parent's child element, which the skeleton must have. */
static int
fill(xmlNode *parent, const char *child, const char *text,
     struct gpf_error *err)
{
	xmlNode *node = xml_child(parent, child);

	if (node == NULL)
		return gpf_fail(err, GPF_DATAERR,
				"GPO skeleton: <%s> has no "
				"<%s>",
				(const char *)parent->name, child);
	xml_set_text(node, text);
	return GPF_OK;
}

/* bkupInfo.xml's BackupInst, which manifest.xml repeats. */
static int
fill_backup_inst(xmlNode *inst, const struct gpo_backup *b,
		 struct gpf_error *err)
{
	int status;

	if ((status = fill(inst, "GPOGuid", b->gpo_guid, err)) ||
	    (status = fill(inst, "GPODomain", b->domain, err)) ||
	    (status = fill(inst, "GPODomainGuid", b->domain_guid, err)) ||
	    (status = fill(inst, "GPODomainController", "UNKNOWN", err)) ||
	    (status = fill(inst, "BackupTime", b->time, err)) ||
	    (status = fill(inst, "ID", b->backup_id, err)))
		return status;
	return fill(inst, "GPODisplayName", b->display_name, err);
}

/*
 * A domain-neutral self-relative security descriptor, as space-separated
 * hex: owner and group BUILTIN\Administrators, DACL granting GENERIC_ALL
 * to SYSTEM and to Administrators.  Import does not apply it; it only has
 * to be well formed and name no one from another domain.
 */
static void
neutral_security_descriptor(struct gpf_buf *out)
{
	/* clang-format off: the tables follow the layout of the bytes. */
	static const unsigned char admins[] = {	/* S-1-5-32-544 */
		1, 2, 0, 0, 0, 0, 0, 5,	/* revision, 2 parts, NT */
		32, 0, 0, 0,		/* BUILTIN */
		0x20, 2, 0, 0		/* 544, Administrators */
	};
	static const unsigned char system[] = {	/* S-1-5-18 */
		1, 1, 0, 0, 0, 0, 0, 5,	/* revision, 1 part, NT */
		18, 0, 0, 0		/* SYSTEM */
	};
	static const unsigned char header[] = {
		1,  0, 0x04, 0x80, /* revision, self-relative | DACL */
		20, 0, 0,    0,	   /* owner at 20 */
		36, 0, 0,    0,	   /* group at 36 */
		0,  0, 0,    0,	   /* no SACL */
		52, 0, 0,    0	   /* DACL at 52 */
	};
	static const unsigned char acl[] = { 2, 0, 52, 0, 2, 0, 0, 0 };
	static const unsigned char ace_system[] = { 0, 0, 20, 0, 0, 0, 0, 16 };
	static const unsigned char ace_admins[] = { 0, 0, 24, 0, 0, 0, 0, 16 };
	/* clang-format on */
	static const char digits[] = "0123456789abcdef";
	struct gpf_buf sd = { 0 };
	char hex[3];
	size_t i;

	gpf_buf_append(&sd, header, sizeof(header));
	gpf_buf_append(&sd, admins, sizeof(admins));
	gpf_buf_append(&sd, admins, sizeof(admins));
	gpf_buf_append(&sd, acl, sizeof(acl));
	gpf_buf_append(&sd, ace_system, sizeof(ace_system));
	gpf_buf_append(&sd, system, sizeof(system));
	gpf_buf_append(&sd, ace_admins, sizeof(ace_admins));
	gpf_buf_append(&sd, admins, sizeof(admins));
	/* Made for every backup of a batch: no printf per byte. */
	for (i = 0; i < sd.len; i++) {
		hex[0] = ' ';
		hex[1] = digits[sd.data[i] >> 4];
		hex[2] = digits[sd.data[i] & 15];
		gpf_buf_append(out, hex + (i == 0), i == 0 ? 2 : 3);
	}
	gpf_buf_free(&sd);
}

static xmlNode *
add_fs_file(xmlNode *ext, const struct gpo_backup *b, const char *path,
	    const char *sysvol, const char *location)
{
	xmlNsPtr bkp = xmlSearchNs(ext->doc, ext, (const xmlChar *)"bkp");
	xmlNode *f =
	    xmlNewChild(ext, ext->ns, (const xmlChar *)"FSObjectFile", NULL);
	char source[1024];

	snprintf(source, sizeof(source), "\\\\%s\\SysVol\\%s\\Policies\\%s\\%s",
		 b->domain, b->domain, b->gpo_guid, sysvol);
	xmlSetNsProp(f, bkp, (const xmlChar *)"Path", (const xmlChar *)path);
	xmlSetNsProp(f, bkp, (const xmlChar *)"SourceExpandedPath",
		     (const xmlChar *)source);
	if (location != NULL)
		xmlSetNsProp(f, bkp, (const xmlChar *)"Location",
			     (const xmlChar *)location);
	return f;
}

static int
fill_core_settings(xmlNode *core, const struct gpo_backup *b,
		   struct gpf_error *err)
{
	struct gpf_buf sd = { 0 };
	int status;

	neutral_security_descriptor(&sd);
	status = fill(core, "SecurityDescriptor", gpf_buf_str(&sd), err);
	gpf_buf_free(&sd);
	if (status || (status = fill(core, "ID", b->gpo_guid, err)) ||
	    (status = fill(core, "Domain", b->domain, err)) ||
	    (status = fill(core, "DisplayName", b->display_name, err)) ||
	    (status = fill(core, "Options", OPTIONS_COMPUTER_DISABLED, err)) ||
	    (status = fill(core, "UserVersionNumber", VERSION_ONE, err)) ||
	    (status = fill(core, "MachineVersionNumber", "0", err)))
		return status;
	return fill(core, "UserExtensionGuids", "[" REGISTRY_CSE USER_TOOL "]",
		    err);
}

/* A copy of a parsed skeleton, to fill. */
static xmlDocPtr
copy_skeleton(xmlDocPtr skeleton)
{
	xmlDocPtr doc = xmlCopyDoc(skeleton, 1);

	if (doc == NULL)
		gpf_xrealloc(NULL, SIZE_MAX);
	return doc;
}

/* Takes out of a skeleton the nodes a fill added to it. */
static void
remove_nodes(xmlNode **nodes, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		xmlUnlinkNode(nodes[i]);
		xmlFreeNode(nodes[i]);
	}
}

/*
 * The make_ functions fill a skeleton in place, serialise it and take
 * out what they added: the next fill sets every text again.
 */
static int
make_backup_xml(xmlDocPtr doc, const struct gpo_backup *b, struct gpf_buf *out,
		struct gpf_error *err)
{
	xmlNode *gpo, *core, *ext, *added[2];
	int status;

	gpo = xml_child(xmlDocGetRootElement(doc), "GroupPolicyObject");
	core = gpo ? xml_child(gpo, "GroupPolicyCoreSettings") : NULL;
	ext = gpo ? xml_child(gpo, "GroupPolicyExtension") : NULL;
	if (core == NULL || ext == NULL)
		return gpf_fail(err, GPF_DATAERR,
				"GPO skeleton Backup.xml "
				"lacks GroupPolicyCoreSettings or "
				"GroupPolicyExtension");

	status = fill_core_settings(core, b, err);
	added[0] = add_fs_file(ext, b, "%GPO_USER_FSPATH%\\registry.pol",
			       "User\\registry.pol", GPO_USER_POL);
	added[1] =
	    add_fs_file(ext, b, "%GPO_FSPATH%\\Adm\\*.*", "Adm\\*.*", NULL);
	if (status == GPF_OK)
		status = xml_save(doc, "UTF-8", 1, 0, out, err);
	remove_nodes(added, 2);
	return status;
}

static int
make_bkupinfo(xmlDocPtr doc, const struct gpo_backup *b, struct gpf_buf *out,
	      struct gpf_error *err)
{
	int status;

	status = fill_backup_inst(xmlDocGetRootElement(doc), b, err);
	if (status == GPF_OK)
		status = xml_save(doc, "UTF-8", 0, 0, out, err);
	return status;
}

/* q1:Name and q1:Value pairs, the way gpreport.xml words them. */
static xmlNode *
add_q1(xmlNode *parent, xmlNsPtr q1, const char *name, const char *text)
{
	xmlNode *n = xmlNewChild(parent, q1, (const xmlChar *)name, NULL);

	if (text != NULL)
		xmlAddChild(n, xmlNewText((const xmlChar *)text));
	return n;
}

static void
add_list_value(xmlNode *box, xmlNsPtr q1, const struct admx_element *e,
	       const struct element_value *v)
{
	xmlNode *value = add_q1(box, q1, "Value", NULL), *item;
	size_t i, step = e->explicit_value ? 2 : 1;

	for (i = 0; i + step <= v->count; i += step) {
		item = add_q1(value, q1, "Element", NULL);
		if (e->explicit_value)
			add_q1(item, q1, "Name", v->strings[i]);
		add_q1(item, q1, "Data", v->strings[i + step - 1]);
	}
}

static void
add_element(xmlNode *pol, xmlNsPtr q1, const struct policy_setting *s, size_t i)
{
	const struct admx_element *e = &s->policy->elements[i];
	const struct element_value *v = &s->values[i];
	const struct admx_control *ctl = admx_element_control(s->policy, e);
	const char *label = ctl && ctl->label ? ctl->label : e->id, *item;
	char number[24];
	xmlNode *n;

	if (!v->given)
		return;
	switch (e->type) {
	case ADMX_TEXT:
		n = add_q1(pol, q1, "EditText", NULL);
		add_q1(n, q1, "Name", label);
		add_q1(n, q1, "Value", v->text);
		break;
	case ADMX_DECIMAL:
	case ADMX_LONG_DECIMAL:
		snprintf(number, sizeof(number), "%llu",
			 (unsigned long long)v->number);
		n = add_q1(pol, q1, "Numeric", NULL);
		add_q1(n, q1, "Name", label);
		add_q1(n, q1, "Value", number);
		break;
	case ADMX_BOOLEAN:
		n = add_q1(pol, q1, "CheckBox", NULL);
		add_q1(n, q1, "Name", label);
		add_q1(n, q1, "State", v->checked ? "Enabled" : "Disabled");
		break;
	case ADMX_ENUM:
		item = admx_string(s->policy->file,
				   e->items[v->item].display_name);
		n = add_q1(pol, q1, "DropDownList", NULL);
		add_q1(n, q1, "Name", label);
		add_q1(n, q1, "State", "Enabled");
		add_q1(add_q1(n, q1, "Value", NULL), q1, "Name",
		       item ? item : "");
		break;
	case ADMX_MULTI_TEXT:
	case ADMX_LIST:
		n = add_q1(pol, q1, "ListBox", NULL);
		add_q1(n, q1, "Name", label);
		add_q1(n, q1, "State", "Enabled");
		add_list_value(n, q1, e, v);
		break;
	}
}

/* One q1:Policy, placed before before (GPMC keeps q1:Blocked last). */
static xmlNode *
add_policy(xmlNode *before, xmlNsPtr q1, const struct policy_setting *s)
{
	const struct admx_policy *p = s->policy;
	xmlNode *pol = xmlNewNode(q1, (const xmlChar *)"Policy");
	struct gpf_buf path = { 0 };
	const char *text;
	size_t i;

	xmlAddPrevSibling(before, pol);
	add_q1(pol, q1, "Name", admx_policy_display_name(p));
	add_q1(pol, q1, "State",
	       s->state == POLICY_ENABLED ? "Enabled" : "Disabled");
	text = admx_string(p->file, p->explain_text);
	add_q1(pol, q1, "Explain", text ? text : "");
	text = p->supported
		   ? admx_string(p->supported->file, p->supported->display_name)
		   : NULL;
	add_q1(pol, q1, "Supported", text ? text : "");
	admx_category_display_path(p->category, "/", &path);
	add_q1(pol, q1, "Category", gpf_buf_str(&path));
	gpf_buf_free(&path);
	for (i = 0; s->state == POLICY_ENABLED && i < p->element_count; i++)
		add_element(pol, q1, s, i);
	return pol;
}

static int
fill_gpreport_head(xmlNode *root, const struct gpo_backup *b,
		   struct gpf_error *err)
{
	xmlNode *id = xml_child(root, "Identifier");
	xmlNode *sd = xml_child(root, "SecurityDescriptor");
	char read_time[32];
	int status;

	snprintf(read_time, sizeof(read_time), "%sZ", b->time);
	if (id == NULL || sd == NULL)
		return gpf_fail(err, GPF_DATAERR,
				"GPO skeleton gpreport.xml "
				"lacks Identifier or SecurityDescriptor");
	if ((status = fill(id, "Identifier", b->gpo_guid, err)) ||
	    (status = fill(id, "Domain", b->domain, err)) ||
	    (status = fill(root, "Name", b->display_name, err)) ||
	    (status = fill(root, "CreatedTime", b->time, err)) ||
	    (status = fill(root, "ModifiedTime", b->time, err)) ||
	    (status = fill(root, "ReadTime", read_time, err)))
		return status;
	return fill(sd, "SDDL", SDDL_NEUTRAL, err);
}

/* The Registry extension of the User side, where policies go. */
static xmlNode *
user_registry_extension(xmlNode *root)
{
	xmlNode *user = xml_child(root, "User"), *data, *ext;

	data = user ? xml_child(user, "ExtensionData") : NULL;
	ext = data ? xml_child(data, "Extension") : NULL;
	return ext;
}

static int
make_gpreport(xmlDocPtr doc, const struct gpo_backup *b, struct gpf_buf *out,
	      struct gpf_error *err)
{
	xmlNode *root, *user, *ext, *blocked, **added;
	xmlNsPtr q1;
	size_t i, n = 0;
	int status;

	root = xmlDocGetRootElement(doc);
	user = xml_child(root, "User");
	ext = user_registry_extension(root);
	q1 = ext ? xmlSearchNs(doc, ext, (const xmlChar *)"q1") : NULL;
	blocked = ext ? xml_child(ext, "Blocked") : NULL;
	status = fill_gpreport_head(root, b, err);
	if (status == GPF_OK && (q1 == NULL || blocked == NULL))
		status = gpf_fail(err, GPF_DATAERR,
				  "GPO skeleton gpreport.xml "
				  "lacks the User Registry extension");
	if (status == GPF_OK)
		status = fill(user, "VersionDirectory", "1", err);
	if (status == GPF_OK)
		status = fill(user, "VersionSysvol", "1", err);
	added = gpf_xrealloc(NULL, (b->setting_count + 1) * sizeof(*added));
	for (i = 0; status == GPF_OK && i < b->setting_count; i++)
		added[n++] = add_policy(blocked, q1, &b->settings[i]);

	/* GPMC writes and reads this one file as UTF-16 with a BOM. */
	if (status == GPF_OK)
		status = xml_save(doc, "UTF-16", 1, 0, out, err);
	remove_nodes(added, n);
	free(added);
	return status;
}

static int
make_registry_pol(const struct gpo_backup *b, struct gpf_buf *out,
		  struct gpf_error *err)
{
	char *data;
	size_t len;
	FILE *mem = outfile_memory(&data, &len);
	int status;

	status = regops_write_pol(b->ops, ADMX_USER, mem, "registry.pol", err);
	fclose(mem);
	if (status == GPF_OK)
		gpf_buf_append(out, data, len);
	free(data);
	return status;
}

/* --- any number of backups from one set of skeletons --------------------- */

struct gpo_skeletons {
	xmlDocPtr backup, bkupinfo, gpreport, manifest;
};

const char *const gpo_backup_files[GPO_BACKUP_FILES] = {
	"Backup.xml", "bkupInfo.xml", "gpreport.xml",
	"DomainSysvol/GPO/User/registry.pol"
};

int
gpo_skeletons_load(struct gpo_skeletons **out, const char *templates,
		   struct gpf_error *err)
{
	struct gpo_skeletons *s = gpf_xrealloc(NULL, sizeof(*s));

	memset(s, 0, sizeof(*s));
	*out = NULL;
	if ((s->backup = load_skeleton(templates, TEMPLATE_BACKUP, err)) &&
	    (s->bkupinfo = load_skeleton(templates, TEMPLATE_BKUPINFO, err)) &&
	    (s->gpreport = load_skeleton(templates, TEMPLATE_GPREPORT, err)) &&
	    (s->manifest = load_skeleton(templates, TEMPLATE_MANIFEST, err))) {
		*out = s;
		return GPF_OK;
	}
	gpo_skeletons_free(s);
	return err->status;
}

void
gpo_skeletons_free(struct gpo_skeletons *s)
{
	if (s == NULL)
		return;
	xmlFreeDoc(s->backup);
	xmlFreeDoc(s->bkupinfo);
	xmlFreeDoc(s->gpreport);
	xmlFreeDoc(s->manifest);
	free(s);
}

int
gpo_backup_make(struct gpo_skeletons *s, const struct gpo_backup *b,
		struct gpf_buf files[GPO_BACKUP_FILES], struct gpf_error *err)
{
	int status;

	status = make_backup_xml(s->backup, b, &files[0], err);
	if (status == GPF_OK)
		status = make_bkupinfo(s->bkupinfo, b, &files[1], err);
	if (status == GPF_OK)
		status = make_gpreport(s->gpreport, b, &files[2], err);
	if (status == GPF_OK)
		status = make_registry_pol(b, &files[3], err);
	return status;
}

int
gpo_backup_save(const struct gpo_backup *b,
		const struct gpf_buf files[GPO_BACKUP_FILES], const char *dir,
		struct gpf_error *err)
{
	static const char *const folders[] = { "", "/DomainSysvol",
					       "/DomainSysvol/GPO",
					       "/DomainSysvol/GPO/User" };
	size_t n = strlen(dir) + GUID_TEXT_SIZE + 64, i;
	char *path = gpf_xrealloc(NULL, n);
	int status = GPF_OK;

	/* The backup's folder is new, so its parents need no mkdir. */
	for (i = 0; status == GPF_OK && i < 4; i++) {
		snprintf(path, n, "%s/%s%s", dir, b->backup_id, folders[i]);
		if (mkdir(path, 0755) != 0)
			status = gpf_fail(err, GPF_CANTCREAT, "%s: %s", path,
					  strerror(errno));
	}
	for (i = 0; status == GPF_OK && i < GPO_BACKUP_FILES; i++) {
		snprintf(path, n, "%s/%s/%s", dir, b->backup_id,
			 gpo_backup_files[i]);
		status =
		    outfile_write_new(path, files[i].data, files[i].len, err);
	}
	free(path);
	return status;
}

int
gpo_manifest_frame(const struct gpo_skeletons *s, struct gpf_buf *head,
		   struct gpf_buf *tail, struct gpf_error *err)
{
	static const char mark[] = "<!--gpforge-->";
	xmlDocPtr doc = copy_skeleton(s->manifest);
	struct gpf_buf text = { 0 };
	const unsigned char *at = NULL, *p = NULL;
	int status;

	/* The entries go where a last child of the root would. */
	xmlAddChild(xmlDocGetRootElement(doc),
		    xmlNewDocComment(doc, (const xmlChar *)"gpforge"));
	status = xml_save(doc, "UTF-8", 0, 0, &text, err);
	while (status == GPF_OK &&
	       (p = memmem(p ? p + 1 : text.data,
			   text.len - (size_t)(p ? p + 1 - text.data : 0), mark,
			   sizeof(mark) - 1)) != NULL)
		at = p;
	if (status == GPF_OK && at == NULL)
		status = gpf_fail(err, GPF_DATAERR,
				  "GPO skeleton manifest.xml: no place for "
				  "the backups");
	if (status == GPF_OK) {
		gpf_buf_append(head, text.data, (size_t)(at - text.data));
		at += sizeof(mark) - 1;
		gpf_buf_append(tail, at, text.len - (size_t)(at - text.data));
	}
	gpf_buf_free(&text);
	xmlFreeDoc(doc);
	return status;
}

void
gpo_manifest_entry(const struct gpf_buf files[GPO_BACKUP_FILES],
		   struct gpf_buf *out)
{
	const struct gpf_buf *info = &files[1];
	size_t len = info->len;

	/* bkupInfo.xml is the manifest's BackupInst and a line end. */
	while (len > 0 && info->data[len - 1] == '\n')
		len--;
	gpf_buf_append(out, info->data, len);
}

/* --- one backup, one manifest -------------------------------------------- */

int
gpo_backup_write(const struct gpo_backup *b, const char *dir,
		 const char *templates, struct gpf_error *err)
{
	struct gpf_buf files[GPO_BACKUP_FILES] = { { 0 } };
	struct gpo_skeletons *s;
	size_t i;
	int status;

	status = gpo_skeletons_load(&s, templates, err);
	if (status == GPF_OK)
		status = gpo_backup_make(s, b, files, err);
	if (status == GPF_OK)
		status = outfile_mkdirs(dir, err);
	if (status == GPF_OK)
		status = gpo_backup_save(b, files, dir, err);
	for (i = 0; i < GPO_BACKUP_FILES; i++)
		gpf_buf_free(&files[i]);
	gpo_skeletons_free(s);
	return status;
}

int
gpo_manifest_text(const struct gpo_backup *backups, size_t count,
		  const char *templates, struct gpf_buf *out,
		  struct gpf_error *err)
{
	struct gpf_buf head = { 0 }, tail = { 0 };
	struct gpf_buf files[GPO_BACKUP_FILES] = { { 0 } };
	struct gpo_skeletons *s;
	size_t i;
	int status;

	status = gpo_skeletons_load(&s, templates, err);
	if (status == GPF_OK)
		status = gpo_manifest_frame(s, &head, &tail, err);
	if (status == GPF_OK)
		gpf_buf_append(out, head.data, head.len);
	for (i = 0; status == GPF_OK && i < count; i++) {
		gpf_buf_clear(&files[1]);
		status =
		    make_bkupinfo(s->bkupinfo, &backups[i], &files[1], err);
		if (status == GPF_OK)
			gpo_manifest_entry(files, out);
	}
	if (status == GPF_OK)
		gpf_buf_append(out, tail.data, tail.len);
	gpf_buf_free(&files[1]);
	gpf_buf_free(&head);
	gpf_buf_free(&tail);
	gpo_skeletons_free(s);
	return status;
}

int
gpo_manifest_write(const struct gpo_backup *backups, size_t count,
		   const char *dir, const char *templates,
		   struct gpf_error *err)
{
	struct gpf_buf text = { 0 };
	size_t n = strlen(dir) + 16;
	char *path = gpf_xrealloc(NULL, n);
	int status;

	snprintf(path, n, "%s/manifest.xml", dir);
	status = gpo_manifest_text(backups, count, templates, &text, err);
	if (status == GPF_OK)
		status = outfile_write_new(path, text.data, text.len, err);
	gpf_buf_free(&text);
	free(path);
	return status;
}
