/*
 * gpf_xml.c - the small libxml2 layer the ADMX and ADML readers share.
 */
#include "gpf_xml.h"
#include "gpf_buf.h"

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
	return NULL;
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
	const char *encoding, *text;
	xmlDocPtr doc;
	size_t skip;

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
