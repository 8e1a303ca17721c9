/*
 * admx_xml.c - the small libxml2 layer the ADMX and ADML readers share.
 */
#include "admx_xml.h"

#include <libxml/parser.h>
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

	snprintf(msg, sizeof(msg), "%s", e && e->message ? e->message
						       : "cannot be parsed");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (e != NULL && e->line > 0)
		return gpf_fail(err, GPF_DATAERR, "%s: line %d: %s", path,
				e->line, msg);
	return gpf_fail(err, GPF_DATAERR, "%s: %s", path, msg);
}

xmlDocPtr
xml_read(const char *path, struct gpf_error *err)
{
	const int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES |
			    XML_PARSE_NOWARNING | XML_PARSE_NOERROR;
	xmlErrorPtr first = NULL;
	xmlDocPtr doc;

	xmlSetGenericErrorFunc(NULL, ignore_generic);
	xmlSetStructuredErrorFunc(&first, keep_error);
	doc = xmlReadFile(path, NULL, options);
	xmlSetStructuredErrorFunc(NULL, NULL);

	if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
		fail_with(err, path, first);
		if (err->message[0] == '\0' || first == NULL)
			gpf_fail(err, GPF_DATAERR, "%s: not an XML document",
				 path);
	} else if (doc->intSubset != NULL || doc->extSubset != NULL) {
		gpf_fail(err, GPF_DATAERR, "%s: line %ld: a DTD is not "
			 "allowed in an administrative template", path,
			 xmlGetLineNo((xmlNodePtr)doc->intSubset));
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (first != NULL) {
		xmlResetError(first);
		xmlFree(first);
	}
	if (doc != NULL && xmlDocGetRootElement(doc) == NULL) {
		xmlFreeDoc(doc);
		doc = NULL;
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

	xml_each_child(c, node)
		if (xml_is(c, name))
			return c;
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
