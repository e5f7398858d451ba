/*
 * A loaded document written out whole, for other tools: as XML that its XSD
 * validates, or as JSON typed by that XSD (what the JSON Schemas in
 * schemas/ describe). Positions and comments are not part of
 * the data and are left out.
 */
#ifndef CRISIS_DOCWRITE_H
#define CRISIS_DOCWRITE_H

#include "doc.h"
#include "util/buf.h"

/* The document as indented UTF-8 XML, with its declaration; 0 or -1. */
int docwrite_xml(struct buf *out, const struct doc *doc);

/*
 * The document as indented JSON: mappings as objects in the file's order,
 * lists as arrays, and each value typed as the schema `schema` (a builtin
 * XSD, crisis-plan.xsd) types its element: a number for one derived from
 * xs:integer or xs:decimal, true or false for xs:boolean, a string
 * otherwise. `root_type` is the root's type, NULL for the one the schema
 * declares. 0, or -1 with crisis_error_last().
 */
int docwrite_json(struct buf *out, const struct doc *doc, const char *schema,
		  const char *root_type);

#endif
