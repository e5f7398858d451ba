/*
 * A loaded file: a libxml2 document whose nodes know where they were read.
 * Every element and text node built from YAML keeps the line and column of
 * its YAML mark (libxml2's own line field is 16-bit and wraps past 65,535
 * lines). They are packed into the node's `_private` field, which libxml2
 * leaves to applications: a table beside the tree cost a random access and
 * its memory per node, about a quarter of the load of a large plan.
 */
#ifndef CRISIS_DOC_H
#define CRISIS_DOC_H

#include "diag.h"

#include <libxml/tree.h>
#include <stdbool.h>
#include <stdint.h>

struct doc {
	xmlDocPtr xml;
};

#define DOC_INIT { NULL }

/* Where a node built from YAML was read (lines and columns from 1). */
void doc_set_pos(xmlNode *node, unsigned long line, unsigned long column);
/* 0 when the node has a position of its own, -1 when not. */
int doc_pos(const xmlNode *node, unsigned long *line, unsigned long *column);

void doc_release(struct doc *doc);
/* The position of a node, or of its nearest ancestor that has one. */
void doc_locate(const xmlNode *node, unsigned long *line, unsigned long *column);
/* The position of an element's value (its text), else of the element. */
void doc_locate_value(const xmlNode *node, unsigned long *line, unsigned long *column);
/* The YAML path of a node: `activities[2].rto` (0-based indexes). */
char *doc_path(const xmlNode *node);

enum doc_at { AT_KEY, AT_VALUE };

/*
 * The loader keeps a list item's position (from 1) in its element: the
 * low 15 bits in `extra`, with its top bit set to say so, the bits above
 * in `line` (which the loader's nodes do not use: positions are in
 * _private). Up to 2^31 items; a node without it (a file read as XML)
 * counts its siblings.
 */
void doc_set_index(xmlNode *item, size_t index);
/* The item's position, from 1, or 0 when it has none of its own. */
size_t doc_index(const xmlNode *item);
/* Record a finding on a node, at its key or its value, with its YAML path. */
void doc_report(struct diag_file *f, const char *rule, const xmlNode *node, enum doc_at at,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The ids of a list element (such as `notify: [a, b]`), pointing into the document. */
struct idlist {
	const char **ids;
	xmlNode **nodes;
	size_t nr;
	bool present;	/* written, even empty: `after: []` is not a missing `after` */
};

/* Read the items of `list` (NULL: an absent list) into `l`. */
void doc_idlist_read(struct idlist *l, xmlNode *list);
void doc_idlist_release(struct idlist *l);

/* The first child element called `name`, or NULL. */
xmlNode *doc_child(const xmlNode *parent, const char *name);
/* The text of an element, NULL when it has none (no copy). */
const char *doc_text(const xmlNode *node);
/* The text of child `name`, or NULL. */
const char *doc_child_text(const xmlNode *parent, const char *name);
/* Is `s` an id as the formats write them: [a-z0-9][a-z0-9-]* (c-durand, 2026-11-22-exercice)? */
bool doc_is_id(const char *s);
/* Iterate over the element children of a node. */
xmlNode *doc_first(const xmlNode *parent);
xmlNode *doc_next(const xmlNode *node);
size_t doc_count(const xmlNode *parent);

#endif
