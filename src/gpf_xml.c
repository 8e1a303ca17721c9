/*
 * gpf_xml.c - the small libxml2 layer the ADMX and ADML readers share.
 */
#include "gpf_xml.h"
#include "gpf_buf.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <libxml/parserInternals.h>
#include <stdint.h>
#include <libxml/xmlerror.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* libxml2 reports through callbacks; keep the first error, print none. */
static void
keep_error(void *ctx, xmlErrorPtr e)
{
	xmlErrorPtr *first = ctx;

	if (*first == NULL && e->level >= XML_ERR_ERROR) {
		*first = xmlMalloc(sizeof(**first));
		memset(*first, 0, sizeof(**first));
		xmlCopyError(e, *first);
	}
}

static void
ignore_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* libxml2's safety limits name a parser option the user cannot give. */
static void
plain_limit_message(char *msg, size_t size)
{
	char *hint = strstr(msg, " use XML_PARSE_HUGE option");
	int depth;

	if (sscanf(msg, "Excessive depth in document: %d", &depth) == 1)
		snprintf(msg, size, "elements nest more than %d deep", depth);
	else if (hint != NULL)
		*hint = '\0';
}

static int
fail_with(struct gpf_error *err, const char *path, xmlErrorPtr e)
{
	char msg[512];
	size_t n;

	snprintf(msg, sizeof(msg), "%s",
		 e && e->message ? e->message : "cannot be parsed");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	plain_limit_message(msg, sizeof(msg));
	if (e != NULL && e->line > 0)
		return gpf_fail(err, GPF_DATAERR, "%s: line %d: %s", path,
				e->line, msg);
	return gpf_fail(err, GPF_DATAERR, "%s: %s", path, msg);
}

/* What the DTD hook found: a DOCTYPE and the line it was on. */
struct dtd_seen {
	int seen;
	int line;
};

/* A DOCTYPE stops the parse: templates have none, and a DTD is where
 * external entities and entity bombs live. */
static void
refuse_dtd(void *ctx, const xmlChar *name, const xmlChar *external_id,
	   const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct dtd_seen *dtd = ctxt->_private;

	(void)name, (void)external_id, (void)system_id;
	dtd->seen = 1;
	dtd->line = ctxt->input ? ctxt->input->line : 0;
	xmlStopParser(ctxt);
}

/*
 * UTF-16 templates carry a byte order mark and may declare themselves
 * "unicode", which libxml2 takes for UCS-2 and then fails on the first
 * surrogate pair.  The mark is the truth: it is skipped, the encoding it
 * names is forced, and the declaration is ignored.
 */
static const char *
encoding_from_bom(const unsigned char *data, size_t len, size_t *skip)
{
	*skip = 0;
	if (len >= 2 && data[0] == 0xff && data[1] == 0xfe)
		return *skip = 2, "UTF-16LE";
	if (len >= 2 && data[0] == 0xfe && data[1] == 0xff)
		return *skip = 2, "UTF-16BE";
	/* Without a mark, the first '<' tells; forcing it keeps libxml2
	 * from switching to what the declaration names. */
	if (len >= 2 && data[0] == '<' && data[1] == 0)
		return "UTF-16LE";
	if (len >= 2 && data[0] == 0 && data[1] == '<')
		return "UTF-16BE";
	return NULL;
}

/*
 * The document's characters as far as the checks below need them: one
 * byte each (UTF-8 and ASCII-compatible encodings) or UTF-16 units.
 */
struct units {
	const unsigned char *p;
	size_t n;     /* units */
	size_t start; /* bytes before the first unit: a byte order mark */
	int wide;     /* UTF-16 */
	int big;      /* big-endian UTF-16 */
};

static void
units_of(const unsigned char *data, size_t len, struct units *u)
{
	memset(u, 0, sizeof(*u));
	if (len >= 2 && ((data[0] == 0xff && data[1] == 0xfe) ||
			 (data[0] == '<' && data[1] == 0)))
		u->wide = 1;
	else if (len >= 2 && ((data[0] == 0xfe && data[1] == 0xff) ||
			      (data[0] == 0 && data[1] == '<')))
		u->wide = u->big = 1;
	if (u->wide && data[0] != '<' && data[1] != '<')
		u->start = 2;
	/* data may be NULL when len is 0, where even +0 is undefined. */
	u->p = len > 0 ? data + u->start : data;
	u->n = u->wide ? (len - u->start) / 2 : len;
}

static unsigned
unit_at(const struct units *u, size_t i)
{
	const unsigned char *q = u->p + 2 * i;

	if (!u->wide)
		return u->p[i];
	return u->big ? (unsigned)q[0] << 8 | q[1] : (unsigned)q[1] << 8 | q[0];
}

/*
 * libxml2 reads a lone surrogate as an error without a line, and drops
 * one (or an odd last byte) at the end of the file without a word.
 */
static int
check_utf16(const struct units *u, size_t len, const char *path,
	    struct gpf_error *err)
{
	unsigned c, next;
	size_t i;

	for (i = 0; u->wide && i < u->n; i++) {
		c = unit_at(u, i);
		if (c < 0xd800 || c > 0xdfff)
			continue;
		next = i + 1 < u->n ? unit_at(u, i + 1) : 0;
		if (c < 0xdc00 && next >= 0xdc00 && next <= 0xdfff) {
			i++;
			continue;
		}
		return gpf_fail(err, GPF_DATAERR,
				"%s: offset %zu: UTF-16 surrogate 0x%04X "
				"without its pair",
				path, u->start + 2 * i, c);
	}
	if (u->wide && (len - u->start) % 2 != 0)
		return gpf_fail(err, GPF_DATAERR,
				"%s: offset %zu: the file ends inside a "
				"UTF-16 character",
				path, len - 1);
	return GPF_OK;
}

/* Whether the ASCII text what starts at unit i. */
static int
units_match(const struct units *u, size_t i, const char *what)
{
	for (; *what != '\0'; what++, i++)
		if (i >= u->n || unit_at(u, i) != (unsigned char)*what)
			return 0;
	return 1;
}

/* The unit just past the first end after unit i, counting lines. */
static size_t
skip_past(const struct units *u, size_t i, const char *end, unsigned long *line)
{
	for (; i < u->n && !units_match(u, i, end); i++)
		*line += unit_at(u, i) == '\n';
	return i + strlen(end);
}

/*
 * Whether a declared encoding keeps ASCII's bytes for ASCII's
 * characters, as the checks here read the text: UTF-8, ASCII and the
 * ISO 8859 and Windows code pages.
 */
static int
ascii_compatible(const char *name)
{
	static const char *const names[] = { "UTF-8", "UTF8", "US-ASCII",
					     "ASCII" };
	static const char *const families[] = { "ISO-8859-", "ISO8859-",
						"WINDOWS-125", "CP125" };
	size_t i, n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i]) == 0)
			return 1;
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		n = strlen(families[i]);
		if (strncasecmp(name, families[i], n) == 0 &&
		    isdigit((unsigned char)name[n]))
			return 1;
	}
	return 0;
}

/* Whether unit c is XML white space or the '=' of an attribute. */
static int
before_value(unsigned c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '=';
}

/* The encoding the XML declaration at unit i names, into name; 0 if it
 * names none. */
static int
declared_encoding(const struct units *u, size_t i, char *name, size_t size)
{
	unsigned long lines = 0;
	size_t end = skip_past(u, i, "?>", &lines), n = 0;
	unsigned quote;

	/* skip_past goes past the text when it finds no end. */
	if (end > u->n)
		end = u->n;
	while (i + 8 < end && !units_match(u, i, "encoding"))
		i++;
	for (i += 8; i < end && before_value(unit_at(u, i)); i++)
		;
	if (i >= end)
		return 0;
	quote = unit_at(u, i);
	if (quote != '"' && quote != '\'')
		return 0;

	for (i++; i < end && unit_at(u, i) != quote && n + 1 < size; i++)
		name[n++] = (char)unit_at(u, i);
	name[n] = '\0';
	return 1;
}

/*
 * The checks here read the text as ASCII bytes or UTF-16 units.
 * libxml2 also reads EBCDIC and UCS-4, known by their first bytes or
 * named in the declaration, where these checks would see no '<' at all.
 * Templates come in UTF-8 or UTF-16; other encodings are refused.
 */
static int
check_encoding(const struct units *u, const char *path, struct gpf_error *err)
{
	char name[40];
	size_t i = 0;

	if (u->wide)
		return GPF_OK; /* xml_read_memory forces UTF-16 */
	if (units_match(u, 0, "\xef\xbb\xbf"))
		i = 3;
	if ((u->n > i && u->p[i] == 0) || units_match(u, i, "\x4c\x6f\xa7\x94"))
		return gpf_fail(err, GPF_DATAERR,
				"%s: not UTF-8 or UTF-16 (UCS-4 or EBCDIC?); "
				"save the template as UTF-8",
				path);
	if (units_match(u, i, "<?xml") &&
	    declared_encoding(u, i, name, sizeof(name)) &&
	    !ascii_compatible(name))
		return gpf_fail(err, GPF_DATAERR,
				"%s: line 1: encoding '%s' is not supported; "
				"save the template as UTF-8 or UTF-16",
				path, name);
	return GPF_OK;
}

/*
 * libxml2 (before 2.12) looks for a repeated attribute by comparing each
 * with every other, so one element with a few hundred thousand takes it
 * hours.  Templates have a handful; the start tags are counted first.
 */
#define XML_ATTRIBUTES_MAX 256

/* The '=' of the start tag opened at *i, outside quotes; *i past it. */
static size_t
count_attributes(const struct units *u, size_t *i, unsigned long *line)
{
	unsigned c, quote = 0;
	size_t count = 0;

	for ((*i)++; *i < u->n; (*i)++) {
		c = unit_at(u, *i);
		*line += c == '\n';
		if (quote != 0)
			quote = c == quote ? 0 : quote;
		else if (c == '"' || c == '\'')
			quote = c;
		else if (c == '=')
			count++;
		else if (c == '>')
			break;
	}
	return count;
}

static int
check_attribute_counts(const struct units *u, const char *path,
		       struct gpf_error *err)
{
	unsigned long line = 1, tag_line;
	size_t i = 0;

	while (i < u->n) {
		if (unit_at(u, i) != '<') {
			line += unit_at(u, i++) == '\n';
		} else if (units_match(u, i, "<!--")) {
			i = skip_past(u, i + 4, "-->", &line);
		} else if (units_match(u, i, "<![CDATA[")) {
			i = skip_past(u, i + 9, "]]>", &line);
		} else if (units_match(u, i, "<?")) {
			i = skip_past(u, i + 2, "?>", &line);
		} else if (units_match(u, i, "<!")) {
			return GPF_OK; /* a DTD, which the parser refuses */
		} else {
			tag_line = line;
			if (count_attributes(u, &i, &line) > XML_ATTRIBUTES_MAX)
				return gpf_fail(err, GPF_DATAERR,
						"%s: line %lu: an element with "
						"more than %d attributes",
						path, tag_line,
						XML_ATTRIBUTES_MAX);
		}
	}
	return GPF_OK;
}

xmlDocPtr
xml_read(const char *path, struct gpf_error *err)
{
	struct gpf_buf text = { 0 };
	xmlDocPtr doc = NULL;

	/* Templates are read whole by the tree parser anyway. */
	if (gpf_buf_read_file(&text, path, err) == GPF_OK)
		doc = xml_read_memory(text.data, text.len, path, err);
	gpf_buf_free(&text);
	return doc;
}

xmlDocPtr
xml_read_memory(const void *data, size_t len, const char *path,
		struct gpf_error *err)
{
	const int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES |
			    XML_PARSE_NOWARNING | XML_PARSE_NOERROR;
	struct dtd_seen dtd = { 0, 0 };
	xmlErrorPtr first = NULL;
	xmlParserCtxtPtr ctxt;
	struct units units;
	const char *encoding, *text;
	xmlDocPtr doc;
	size_t skip;

	units_of(data, len, &units);
	if (check_utf16(&units, len, path, err) != GPF_OK ||
	    check_encoding(&units, path, err) != GPF_OK ||
	    check_attribute_counts(&units, path, err) != GPF_OK)
		return NULL;

	encoding = encoding_from_bom(data, len, &skip);
	/* An empty text may come as NULL, where even +0 is undefined. */
	text = len > 0 ? (const char *)data + skip : "";
	/* libxml2 takes the length as an int: a longer text would be
	 * cut short without a word. */
	if (len - skip > INT_MAX) {
		gpf_fail(err, GPF_DATAERR,
			 "%s: XML over %d bytes is not supported", path,
			 INT_MAX);
		return NULL;
	}
	if ((ctxt = xmlNewParserCtxt()) == NULL)
		gpf_xrealloc(NULL, SIZE_MAX);
	ctxt->sax->internalSubset = refuse_dtd;
	ctxt->_private = &dtd;
	xmlSetGenericErrorFunc(NULL, ignore_generic);
	xmlSetStructuredErrorFunc(&first, keep_error);
	doc =
	    xmlCtxtReadMemory(ctxt, text, (int)(len - skip), path, encoding,
			      options | (encoding ? XML_PARSE_IGNORE_ENC : 0));
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlFreeParserCtxt(ctxt);

	if (dtd.seen) {
		gpf_fail(err, GPF_DATAERR,
			 "%s: line %d: a DTD is not allowed "
			 "in an administrative template",
			 path, dtd.line);
		xmlFreeDoc(doc);
		doc = NULL;
	} else if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
		fail_with(err, path, first);
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (first != NULL) {
		xmlResetError(first);
		xmlFree(first);
	}
	return doc;
}

int
xml_is(const xmlNode *node, const char *name)
{
	return node != NULL && node->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)node->name, name) == 0;
}

xmlNode *
xml_element(xmlNode *node)
{
	while (node != NULL && node->type != XML_ELEMENT_NODE)
		node = node->next;
	return node;
}

xmlNode *
xml_child(const xmlNode *node, const char *name)
{
	xmlNode *c;

	xml_each_child(c, node) if (xml_is(c, name)) return c;
	return NULL;
}

char *
xml_attr(const xmlNode *node, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(node, (const xmlChar *)name);
	char *copy;

	if (v == NULL)
		return NULL;
	copy = gpf_xstrdup((const char *)v);
	xmlFree(v);
	return copy;
}

char *
xml_text(const xmlNode *node)
{
	xmlChar *v = xmlNodeGetContent(node);
	char *copy = gpf_xstrdup(v ? (const char *)v : "");

	xmlFree(v);
	return copy;
}

int
xml_attr_bool(const xmlNode *node, const char *name, int dflt)
{
	char *v = xml_attr(node, name);
	int b = dflt;

	if (v != NULL)
		b = strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0;
	free(v);
	return b;
}

long
xml_line(const xmlNode *node)
{
	return xmlGetLineNo((xmlNodePtr)node);
}

void
xml_set_text(xmlNode *node, const char *text)
{
	xmlNode *c;

	while ((c = node->children) != NULL) {
		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}
	xmlAddChild(node, xmlNewText((const xmlChar *)text));
}

xmlNode *
xml_add_text_child(xmlNode *node, const char *name, const char *text)
{
	xmlNode *child =
	    xmlNewChild(node, node->ns, (const xmlChar *)name, NULL);

	if (text != NULL)
		xmlAddChild(child, xmlNewText((const xmlChar *)text));
	return child;
}

int
xml_save(xmlDocPtr doc, const char *encoding, int declaration, int format,
	 struct gpf_buf *out, struct gpf_error *err)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlSaveCtxtPtr save;
	int options = (declaration ? 0 : XML_SAVE_NO_DECL) |
		      (format ? XML_SAVE_FORMAT : 0);

	save = xmlSaveToBuffer(buf, encoding, options);
	if (save == NULL || xmlSaveDoc(save, doc) < 0 ||
	    xmlSaveClose(save) < 0) {
		xmlBufferFree(buf);
		return gpf_fail(err, GPF_IOERR, "cannot serialise XML as %s",
				encoding);
	}
	gpf_buf_append(out, xmlBufferContent(buf), xmlBufferLength(buf));
	xmlBufferFree(buf);
	return GPF_OK;
}
