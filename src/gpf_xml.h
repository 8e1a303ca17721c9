/*
 * gpf_xml.h - the small libxml2 layer gpforge's XML readers and writers
 * share (ADMX, ADML, GPO backup files).
 *
 * Documents are read without network access, DTDs or entity expansion;
 * a document that declares a DTD is refused.  Elements are matched by
 * local name, since real templates use no namespace or either of two.
 */
#ifndef GPF_XML_H
#define GPF_XML_H

#include <libxml/tree.h>

#include "gpf_buf.h"
#include "gpf_error.h"

/* Parses path; on failure err says "PATH: line N: what". */
xmlDocPtr xml_read(const char *path, struct gpf_error *err);

/* Parses len bytes of XML text, called name in messages. */
xmlDocPtr xml_read_memory(const void *data, size_t len, const char *name,
			  struct gpf_error *err);

/* Replaces the content of node with text (escaped on output). */
void xml_set_text(xmlNode *node, const char *text);

/* Adds a child element with text content, in node's namespace. */
xmlNode *xml_add_text_child(xmlNode *node, const char *name, const char *text);

/*
 * Serialises doc into out in encoding ("UTF-8", "UTF-16"), with or
 * without the XML declaration, indented when format is set.
 */
int xml_save(xmlDocPtr doc, const char *encoding, int declaration, int format,
	     struct gpf_buf *out, struct gpf_error *err);

/* Whether node is an element with this local name. */
int xml_is(const xmlNode *node, const char *name);

/* The next element sibling from node on (node itself if it is one). */
xmlNode *xml_element(xmlNode *node);

/* First element child with this local name, or NULL. */
xmlNode *xml_child(const xmlNode *node, const char *name);

/* Attribute value as a malloc'd string, or NULL when absent. */
char *xml_attr(const xmlNode *node, const char *name);

/* Text content as a malloc'd string (never NULL). */
char *xml_text(const xmlNode *node);

/* Attribute as a boolean ("true"/"1"), or dflt when absent. */
int xml_attr_bool(const xmlNode *node, const char *name, int dflt);

long xml_line(const xmlNode *node);

/* Iterates the element children of parent. */
#define xml_each_child(c, parent)                                \
	for ((c) = xml_element((parent)->children); (c) != NULL; \
	     (c) = xml_element((c)->next))

#endif
