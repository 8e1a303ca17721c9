/*
 * report.c - report.html, built as an HTML tree with libxml2.
 */
#include "config.h"

#include "report.h"
#include "lgpo.h"
#include "outfile.h"
#include "psscript.h"
#include "regpol.h"

#include <errno.h>
#include <libxml/HTMLtree.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char style[] =
    "body{font:15px/1.45 system-ui,'Segoe UI',sans-serif;margin:2em auto;"
    "max-width:64em;padding:0 1em;color:#1b1b1b}"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;"
    "border-bottom:1px solid #ccc}"
    ".meta{color:#555}"
    "table{border-collapse:collapse;width:100%;margin:.6em 0}"
    "th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;"
    "vertical-align:top}th{background:#f2f2f2}"
    "code,pre{font-family:Consolas,'DejaVu Sans Mono',monospace;"
    "font-size:.92em}pre{background:#f6f6f6;padding:.6em;"
    "overflow-x:auto;white-space:pre-wrap}"
    "ul.senders{columns:3;list-style:none;padding:0}"
    ".warn{background:#fff4d6;padding:.5em;border-left:4px solid #e0a800}";

static xmlNode *
add(xmlNode *parent, const char *tag, const char *text)
{
	xmlNode *n = xmlNewChild(parent, NULL, (const xmlChar *)tag, NULL);

	if (text != NULL)
		xmlAddChild(n, xmlNewText((const xmlChar *)text));
	return n;
}

/* Text with one inline <code> part: before, code, after. */
static xmlNode *
add_code_line(xmlNode *parent, const char *tag, const char *before,
	      const char *code, const char *after)
{
	xmlNode *n = add(parent, tag, before);

	add(n, "code", code);
	if (after != NULL)
		xmlAddChild(n, xmlNewText((const xmlChar *)after));
	return n;
}

static void
add_row(xmlNode *table, const char *head, const char *value)
{
	xmlNode *tr = add(table, "tr", NULL);

	add(tr, "th", head);
	add(tr, "td", value);
}

/* Appends each string up to a NULL to b. */
static void
append(struct gpf_buf *b, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, b);
	while ((s = va_arg(ap, const char *)) != NULL)
		gpf_buf_append(b, s, strlen(s));
	va_end(ap);
}

static xmlNode *
page(xmlDocPtr doc, const struct report *r)
{
	xmlNode *html = xmlNewNode(NULL, (const xmlChar *)"html");
	xmlNode *head, *meta;
	char title[512];

	xmlDocSetRootElement(doc, html);
	xmlNewProp(html, (const xmlChar *)"lang", (const xmlChar *)"en");
	head = add(html, "head", NULL);
	meta = add(head, "meta", NULL);
	xmlNewProp(meta, (const xmlChar *)"charset", (const xmlChar *)"utf-8");
	snprintf(title, sizeof(title), "Outlook Safe Senders for %s",
		 r->domain);
	add(head, "title", title);
	add(head, "style", style);
	return add(html, "body", NULL);
}

static char *
quoted(const char *text)
{
	struct gpf_buf q = { 0 };

	ps_quote(text, &q);
	return (char *)gpf_buf_str(&q);
}

/* What the steps show of each of the first GPOs. */
struct step_gpo {
	char *name, *backup_id, *ou; /* ou NULL: link where the user says */
};

static void
add_steps(xmlNode *body, const struct report *r, const struct step_gpo *gpos,
	  size_t count)
{
	xmlNode *ol, *li;
	struct gpf_buf cmd = { 0 };
	char line[2048], *name, *ou, *id;
	size_t i;

	add(body, "h2", "What to do");
	ol = add(body, "ol", NULL);
	if (!r->batch)
		li = add_code_line(
		    ol, "li", "Copy SafeSenders.txt to ", r->safe_senders_path,
		    ", where every user "
		    "can read it; the GPO points Outlook there.");
	else
		li = add(ol, "li",
			 "Copy each SafeSenders*.txt to the path its "
			 "OU's section below names, where every user can read "
			 "it; each GPO points Outlook there.");
	snprintf(line, sizeof(line),
		 "\\\\%s\\SYSVOL\\%s\\Policies\\"
		 "PolicyDefinitions",
		 r->domain, r->domain);
	li = add_code_line(ol, "li",
			   "Copy PolicyDefinitions/"
			   "gpforge-outlook.admx and en-US/"
			   "gpforge-outlook.adml into the Central Store, ",
			   line,
			   ", so the Group Policy editor shows the "
			   "settings by name.");
	li = add(ol, "li",
		 "On a machine with the Group Policy Management "
		 "Console, from the gpo folder, import and link (try "
		 "-WhatIf first):");
	/* By hand is for a few GPOs; a batch points at the script. */
	for (i = 0; i < count; i++) {
		name = quoted(gpos[i].name);
		id = quoted(gpos[i].backup_id);
		ou = quoted(gpos[i].ou ? gpos[i].ou
				       : "OU=Users,DC=example,DC=com");
		/* Appended piece by piece: a long OU must never cut a
		 * literal short and leave the rest of the line unquoted. */
		append(&cmd, "Import-GPO -BackupId ", id,
		       " -Path . "
		       "-TargetName ",
		       name,
		       " -CreateIfNeeded\nNew-GPLink "
		       "-Name ",
		       name, " -Target ", ou, " -LinkEnabled Yes\n",
		       (const char *)NULL);
		free(name), free(id), free(ou);
	}
	add(li, "pre",
	    ".\\Import-GPOs.ps1 -TargetOu 'OU=Users,DC=example,"
	    "DC=com' -WhatIf\n.\\Import-GPOs.ps1 -TargetOu 'OU=Users,"
	    "DC=example,DC=com'");
	add(li, "p", "or the same by hand:");
	add(li, "pre", gpf_buf_str(&cmd));
	add(ol, "li",
	    "On a client: gpupdate /force, restart Outlook, and "
	    "look under Junk > Junk E-mail Options > Safe Senders.");
	gpf_buf_free(&cmd);
}

/* The data of a registry operation as text ("1", "\\srv\x.txt"). */
static char *
op_data(const struct regop *op)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = outfile_memory(&text, &len);

	regop_print_data(op, 0, mem);
	fclose(mem);
	return text;
}

static void
add_setting_rows(xmlNode *table, const struct policy_setting *s)
{
	struct regop_list ops = { 0 };
	struct gpf_error err;
	xmlNode *tr;
	char *data, where[1024];
	size_t i;

	policy_registry_ops(s, &ops, &err);
	for (i = 0; i < ops.count; i++) {
		tr = add(table, "tr", NULL);
		add(tr, "td",
		    i == 0 ? admx_policy_display_name(s->policy) : "");
		add(tr, "td",
		    i > 0			 ? ""
		    : s->state == POLICY_ENABLED ? "Enabled"
						 : "Disabled");
		snprintf(where, sizeof(where), "%s\\%s\\%s",
			 ops.ops[i].class == ADMX_USER ? "HKCU" : "HKLM",
			 ops.ops[i].key, ops.ops[i].value);
		add(add(tr, "td", NULL), "code", where);
		add(tr, "td", regpol_type_name(ops.ops[i].type));
		data = op_data(&ops.ops[i]);
		add(add(tr, "td", NULL), "code", data);
		free(data);
	}
	regops_free(&ops);
}

static void
add_gpo(xmlNode *body, const struct report_gpo *gpo)
{
	const struct gpo_backup *g = gpo->backup;
	struct gpf_buf title = { 0 };
	xmlNode *table, *tr;
	size_t i;

	if (gpo->ou != NULL)
		append(&title, "OU ", gpo->ou, ": GPO ", g->display_name,
		       (const char *)NULL);
	else
		append(&title, "GPO: ", g->display_name, (const char *)NULL);
	add(body, "h2", gpf_buf_str(&title));
	gpf_buf_free(&title);
	table = add(body, "table", NULL);
	add_row(table, "GPO GUID", g->gpo_guid);
	add_row(table, "Backup ID (folder in gpo/)", g->backup_id);
	add_row(table, "Domain", g->domain);
	add_row(table, "Link to",
		gpo->ou ? gpo->ou
			: "the OU you give Import-GPOs.ps1 -TargetOu");
	add_row(table, "User configuration",
		"enabled (the computer side is disabled)");
	if (gpo->path != NULL) {
		add_row(table, "Sender list", gpo->list);
		add_row(table, "Copy it to", gpo->path);
		add_row(table, "Intune group",
			gpo->group ? gpo->group : "(the default profile)");
	}
	if (g->setting_count == 0)
		return;

	table = add(body, "table", NULL);
	tr = add(table, "tr", NULL);
	add(tr, "th", "Policy");
	add(tr, "th", "State");
	add(tr, "th", "Registry value");
	add(tr, "th", "Type");
	add(tr, "th", "Data");
	for (i = 0; i < g->setting_count; i++)
		add_setting_rows(table, &g->settings[i]);
}

/* One mail system: its name, then its steps as a list. */
static void
add_system(xmlNode *body, const char *name, const char *const *steps,
	   size_t count)
{
	xmlNode *ol;
	size_t i;

	add(body, "h3", name);
	ol = add(body, "ol", NULL);
	for (i = 0; i < count; i++)
		add(ol, "li", steps[i]);
}

static void
add_mail_systems(xmlNode *body)
{
	static const char *const defender[] = {
		"In PowerShell with the ExchangeOnlineManagement module, run "
		"allowlists/Set-DefenderPhishSimOverride.ps1 -SenderIpRanges "
		"with the IP ranges the simulation mail is sent from (ask the "
		"vendor; gpforge never guesses them), first with -WhatIf.",
		"It creates the phishing-simulation override policy when "
		"missing, makes its single rule list the envelope domains and "
		"ranges, and allows the simulation URLs for advanced delivery. "
		"Run again, it changes nothing.",
	};
	static const char *const google[] = {
		"Admin console > Apps > Google Workspace > Gmail > End User "
		"Access > Image URL proxy allowlist.",
		"Add each URL of allowlists/google-workspace-image-proxy.txt "
		"as one entry.",
	};
	static const char *const gateway[] = {
		"Managed URLs: add each row of allowlists/"
		"gateway-managed-urls.csv with action Permit.",
		"Permitted Senders policy: add the addresses and domains of "
		"allowlists/gateway-permitted-senders.csv.",
	};

	add(body, "h2", "Mail systems");
	add(body, "p",
	    "Outlook trusting the senders is not enough: the mail "
	    "must also reach the mailbox unfiltered and its pictures must "
	    "load.  The files in allowlists/ come from the same sender list.");
	add_system(body, "Microsoft Defender for Office 365", defender, 2);
	add_system(body, "Google Workspace", google, 2);
	add_system(body, "The mail gateway", gateway, 2);
	xmlNewProp(add(body, "p",
		       "Outbound mail flow: simulation mail is not "
		       "sent at all while outbound mail flow is disabled on "
		       "the training account (for example a tenant without a "
		       "provisioned gateway).  That is an account setting the "
		       "vendor changes; nothing here can fix it."),
		   (const xmlChar *)"class", (const xmlChar *)"warn");
}

static void
add_senders(xmlNode *body, const struct report *r)
{
	xmlNode *ul;
	char title[128];
	size_t i;

	snprintf(title, sizeof(title), "Senders in SafeSenders.txt (%zu)",
		 r->senders->count);
	add(body, "h2", title);
	ul = add(body, "ul", NULL);
	xmlNewProp(ul, (const xmlChar *)"class", (const xmlChar *)"senders");
	for (i = 0; i < r->senders->count; i++)
		add(add(ul, "li", NULL), "code", r->senders->items[i].entry);
}

/* --- writing the page a GPO at a time ------------------------------------ */

/*
 * The GPO sections are made one at a time in a small document of their
 * own and serialised as they would be inside the page; the rest of the
 * page is made once, around a marker where the sections go.
 */
#define STEP_GPOS 3 /* GPOs the steps show by hand */
#define MARK	  "gpforge-gpo-sections"

struct report_writer {
	struct report r; /* the build-wide fields */
	char *path;
	FILE *out;
	htmlDocPtr section; /* where each section is made */
	xmlNode *body;
	struct step_gpo steps[STEP_GPOS];
	size_t added;
	int head_written;
	struct gpf_buf pending; /* sections made before the head */
	struct gpf_buf tail;
};

/* The page without its GPO sections, split where they go. */
static int
make_frame(struct report_writer *w, struct gpf_buf *head, struct gpf_error *err)
{
	static const char mark[] = "<h2>" MARK "</h2>\n";
	const struct report *r = &w->r;
	htmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNode *body;
	xmlChar *mem = NULL;
	char meta[512], heading[512], *at = NULL;
	size_t i;
	int size = 0;

	xmlCreateIntSubset(doc, (const xmlChar *)"html", NULL, NULL);
	body = page(doc, r);
	snprintf(meta, sizeof(meta),
		 "Made by gpforge %s on %s UTC for Office "
		 "%s: %zu GPO%s, %zu senders.",
		 PACKAGE_VERSION, r->generated, r->office_version, r->gpo_count,
		 r->gpo_count == 1 ? "" : "s", r->senders->count);
	snprintf(heading, sizeof(heading), "Outlook Safe Senders for %s",
		 r->domain);
	add(body, "h1", heading);
	xmlNewProp(add(body, "p", meta), (const xmlChar *)"class",
		   (const xmlChar *)"meta");
	for (i = 0; i < r->warning_count; i++)
		xmlNewProp(add(body, "p", r->warnings[i]),
			   (const xmlChar *)"class", (const xmlChar *)"warn");
	add_steps(body, r, w->steps,
		  w->added < STEP_GPOS ? w->added : STEP_GPOS);
	add(body, "h2", MARK);
	if (r->allowlists)
		add_mail_systems(body);
	add_senders(body, r);

	/* Text cannot hold "<h2>": the serialiser escapes every '<'. */
	htmlDocDumpMemoryFormat(doc, &mem, &size, 1);
	if (mem != NULL)
		at = strstr((char *)mem, mark);
	if (at != NULL) {
		gpf_buf_append(head, mem, (size_t)(at - (char *)mem));
		at += strlen(mark);
		gpf_buf_append(&w->tail, at, strlen(at));
	}
	xmlFree(mem);
	xmlFreeDoc(doc);
	if (at == NULL)
		return gpf_fail(err, GPF_IOERR, "%s: cannot serialise HTML",
				w->path);
	return GPF_OK;
}

/* Writes the head of the page and the sections made before it. */
static int
write_head(struct report_writer *w, struct gpf_error *err)
{
	struct gpf_buf head = { 0 };
	int status;

	status = make_frame(w, &head, err);
	if (status == GPF_OK &&
	    (fwrite(head.data, 1, head.len, w->out) != head.len ||
	     fwrite(w->pending.data, 1, w->pending.len, w->out) !=
		 w->pending.len))
		status = gpf_fail(err, GPF_IOERR, "%s: %s", w->path,
				  strerror(errno));
	w->head_written = 1;
	gpf_buf_free(&head);
	gpf_buf_free(&w->pending);
	return status;
}

/* One GPO's section as the page holds it, appended to out. */
static int
make_section(struct report_writer *w, const struct report_gpo *g,
	     struct gpf_buf *out, struct gpf_error *err)
{
	static const char end[] = "<h2>" MARK "</h2>";
	xmlNode *c;
	char *text = NULL, *start, *stop = NULL;
	size_t len = 0;
	FILE *mem = outfile_memory(&text, &len);

	/* A block after the section, as the page has, ends it with a line
	 * break; the body is dumped with the page's encoding. */
	add_gpo(w->body, g);
	add(w->body, "h2", MARK);
	htmlNodeDumpFileFormat(mem, w->section, w->body, NULL, 1);
	fclose(mem);
	while ((c = w->body->children) != NULL) {
		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}

	start = text ? strstr(text, "<body>\n") : NULL;
	if (start != NULL)
		stop = strstr(start, end);
	if (stop != NULL) {
		start += strlen("<body>\n");
		gpf_buf_append(out, start, (size_t)(stop - start));
	}
	free(text);
	if (stop == NULL)
		return gpf_fail(err, GPF_IOERR, "%s: cannot serialise HTML",
				w->path);
	return GPF_OK;
}

int
report_open(struct report_writer **out, const struct report *r,
	    const char *path, struct gpf_error *err)
{
	struct report_writer *w = gpf_xrealloc(NULL, sizeof(*w));
	xmlNode *html;

	memset(w, 0, sizeof(*w));
	*out = NULL;
	w->r = *r;
	w->r.batch |= r->paths != NULL;
	w->path = gpf_xstrdup(path);
	if ((w->out = outfile_open_new(path, err)) == NULL) {
		free(w->path);
		free(w);
		return err->status;
	}
	w->section = htmlNewDocNoDtD(NULL, NULL);
	html = xmlNewNode(NULL, (const xmlChar *)"html");
	xmlDocSetRootElement(w->section, html);
	w->body = add(html, "body", NULL);
	*out = w;
	return GPF_OK;
}

int
report_add(struct report_writer *w, const struct report_gpo *g,
	   struct gpf_error *err)
{
	struct gpf_buf section = { 0 };
	struct step_gpo *step;
	int status;

	if (w->added < STEP_GPOS) {
		step = &w->steps[w->added];
		step->name = gpf_xstrdup(g->backup->display_name);
		step->backup_id = gpf_xstrdup(g->backup->backup_id);
		step->ou = g->ou ? gpf_xstrdup(g->ou) : NULL;
	}
	w->added++;

	/* The head shows the first GPOs: until they are in, sections wait. */
	if (!w->head_written) {
		status = make_section(w, g, &w->pending, err);
		if (status == GPF_OK &&
		    (w->added == STEP_GPOS || w->added == w->r.gpo_count))
			status = write_head(w, err);
		return status;
	}
	status = make_section(w, g, &section, err);
	if (status == GPF_OK &&
	    fwrite(section.data, 1, section.len, w->out) != section.len)
		status = gpf_fail(err, GPF_IOERR, "%s: %s", w->path,
				  strerror(errno));
	gpf_buf_free(&section);
	return status;
}

int
report_close(struct report_writer *w, int status, struct gpf_error *err)
{
	size_t i;

	if (w == NULL)
		return status;
	if (status == GPF_OK && !w->head_written)
		status = write_head(w, err);
	if (status == GPF_OK &&
	    fwrite(w->tail.data, 1, w->tail.len, w->out) != w->tail.len)
		status = gpf_fail(err, GPF_IOERR, "%s: %s", w->path,
				  strerror(errno));
	status = outfile_close_new(w->out, w->path, status, err);
	for (i = 0; i < STEP_GPOS; i++) {
		free(w->steps[i].name);
		free(w->steps[i].backup_id);
		free(w->steps[i].ou);
	}
	xmlFreeDoc(w->section);
	gpf_buf_free(&w->pending);
	gpf_buf_free(&w->tail);
	free(w->path);
	free(w);
	return status;
}

int
report_write(const struct report *r, const char *path, struct gpf_error *err)
{
	struct report_writer *w;
	struct report_gpo g = { 0 };
	size_t i;
	int status;

	status = report_open(&w, r, path, err);
	for (i = 0; status == GPF_OK && i < r->gpo_count; i++) {
		g.backup = &r->gpos[i];
		g.ou = r->ous[i];
		if (r->paths != NULL) {
			g.path = r->paths[i];
			g.list = r->lists[i];
			g.group = r->groups[i];
		}
		status = report_add(w, &g, err);
	}
	return report_close(w, status, err);
}
