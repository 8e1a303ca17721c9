/*
 * admx_xml.h - the small libxml2 layer the ADMX and ADML readers share.
 *
 * Documents are read without network access, DTDs or entity expansion;
 * a document that declares a DTD is refused.  Elements are matched by
 * local name, since real templates use no namespace or either of two.
 */
#ifndef ADMX_XML_H
#define ADMX_XML_H

#include <libxml/tree.h>

#include "gpf_error.h"

/* Parses path; on failure err says "PATH: line N: what". */
xmlDocPtr xml_read(const char *path, struct gpf_error *err);

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
#define xml_each_child(c, parent)                                          \
	for ((c) = xml_element((parent)->children); (c) != NULL;          \
	     (c) = xml_element((c)->next))

#endif
