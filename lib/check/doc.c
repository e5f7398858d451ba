#include "doc.h"
#include "util/buf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/*
 * A position in a pointer: the column in the low bits, the line above
 * them. A column past what the bits hold is kept at the largest they do.
 */
#define POS_COLUMN_BITS (UINTPTR_MAX > 0xFFFFFFFFu ? 24 : 8)
#define POS_COLUMN_MAX (((uintptr_t)1 << POS_COLUMN_BITS) - 1)

void doc_set_pos(xmlNode *node, unsigned long line, unsigned long column)
{
	uintptr_t c = column < POS_COLUMN_MAX ? (uintptr_t)column : POS_COLUMN_MAX;
	node->_private = (void *)((uintptr_t)line << POS_COLUMN_BITS | c);
}

int doc_pos(const xmlNode *node, unsigned long *line, unsigned long *column)
{
	uintptr_t p = (uintptr_t)node->_private;
	if (!p)
		return -1;
	*line = (unsigned long)(p >> POS_COLUMN_BITS);
	*column = (unsigned long)(p & POS_COLUMN_MAX);
	return 0;
}

void doc_release(struct doc *doc)
{
	if (doc->xml)
		xmlFreeDoc(doc->xml);
	doc->xml = NULL;
}

void doc_locate(const xmlNode *node, unsigned long *line, unsigned long *column)
{
	*line = *column = 0;
	for (; node && node->type != XML_DOCUMENT_NODE; node = node->parent) {
		if (!doc_pos(node, line, column))
			return;
		/* Read from XML: libxml2 knows the line, not the column. */
		if (node->line || node->type == XML_TEXT_NODE) {
			long l = xmlGetLineNo((xmlNode *)node);
			if (l > 0) {
				*line = (unsigned long)l;
				return;
			}
		}
	}
}

void doc_locate_value(const xmlNode *node,
		      unsigned long *line, unsigned long *column)
{
	if (node && node->type == XML_ELEMENT_NODE) {
		for (const xmlNode *c = node->children; c; c = c->next)
			if (c->type == XML_TEXT_NODE && !doc_pos(c, line, column))
				return;
	}
	doc_locate(node, line, column);
}

static void add_path(struct buf *b, const xmlNode *node)
{
	if (!node || node->type != XML_ELEMENT_NODE)
		return;
	if (!node->parent || node->parent->type != XML_ELEMENT_NODE)
		return;	/* the root element stands for the whole file */
	add_path(b, node->parent);
	if (!strcmp((const char *)node->name, "item")) {
		/* The loader numbers items from 1; else (XML) count. */
		size_t own = doc_index(node), i = own ? own - 1 : 0;
		for (const xmlNode *p = node->prev; !own && p; p = p->prev)
			i += p->type == XML_ELEMENT_NODE;
		buf_addf(b, "[%zu]", i);
	} else {
		if (b->len)
			buf_addc(b, '.');
		buf_adds(b, (const char *)node->name);
	}
}

char *doc_path(const xmlNode *node)
{
	struct buf b = BUF_INIT;
	while (node && node->type != XML_ELEMENT_NODE)
		node = node->parent;
	add_path(&b, node);
	return buf_detach(&b);
}

void doc_report(struct diag_file *f, const char *rule,
		const xmlNode *node, enum doc_at at, const char *fmt, ...)
{
	unsigned long line, col;
	struct buf msg = BUF_INIT;
	va_list ap;

	if (at == AT_VALUE)
		doc_locate_value(node, &line, &col);
	else
		doc_locate(node, &line, &col);
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	char *path = doc_path(node);
	diag_add(f, rule, line, col, *path ? path : NULL, "%s", msg.ptr);
	free(path);
	buf_release(&msg);
}

xmlNode *doc_first(const xmlNode *parent)
{
	if (!parent)
		return NULL;
	for (xmlNode *c = parent->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

xmlNode *doc_next(const xmlNode *node)
{
	for (xmlNode *c = node->next; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

xmlNode *doc_child(const xmlNode *parent, const char *name)
{
	for (xmlNode *c = doc_first(parent); c; c = doc_next(c))
		if (!strcmp((const char *)c->name, name))
			return c;
	return NULL;
}

const char *doc_text(const xmlNode *node)
{
	if (!node)
		return NULL;
	for (const xmlNode *c = node->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			return (const char *)c->content;
	return NULL;
}

const char *doc_child_text(const xmlNode *parent, const char *name)
{
	return doc_text(doc_child(parent, name));
}

size_t doc_count(const xmlNode *parent)
{
	size_t n = 0;
	for (xmlNode *c = doc_first(parent); c; c = doc_next(c))
		n++;
	return n;
}

void doc_idlist_read(struct idlist *l, xmlNode *list)
{
	size_t n = doc_count(list), i = 0;
	l->nr = 0;
	l->ids = NULL;
	l->nodes = NULL;
	l->present = list != NULL;
	if (!n)
		return;
	l->ids = xcalloc(n, sizeof(*l->ids));
	l->nodes = xcalloc(n, sizeof(*l->nodes));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		const char *id = doc_text(c);
		if (!id)
			continue;
		l->ids[i] = id;
		l->nodes[i++] = c;
	}
	l->nr = i;
}

void doc_idlist_release(struct idlist *l)
{
	free(l->ids);
	free(l->nodes);
}

bool doc_is_id(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

void doc_set_index(xmlNode *item, size_t index)
{
	if (index >= (size_t)1 << 31)
		return;
	item->extra = (unsigned short)(0x8000u | (index & 0x7FFFu));
	item->line = (unsigned short)(index >> 15);
}

size_t doc_index(const xmlNode *item)
{
	if (!(item->extra & 0x8000u))
		return 0;
	return (size_t)item->line << 15 | (item->extra & 0x7FFFu);
}
