#include "load.h"
#include "buf.h"
#include "rules.h"

#include <libxml/parser.h>
#include <string.h>
#include <yaml.h>

enum frame_type { FRAME_MAPPING, FRAME_SEQUENCE };

struct frame {
	enum frame_type type;
	xmlNode *element;	/* the element the collection fills */
	xmlNode *pending;	/* a mapping's key waiting for its value */
	size_t anchor;		/* 1 + index of the anchor it defines, or 0 */
};

struct anchor {
	char *name;
	xmlNode *element;	/* the element whose content the anchor names */
	size_t nodes;		/* nodes in that content, once complete */
	size_t start;		/* node count when it began */
	bool complete;
};

struct loader {
	struct doc *doc;
	struct diag_file *f;
	const char *data;
	size_t len;
	struct frame *stack;
	size_t depth, alloc;
	struct anchor *anchors;
	size_t nr_anchors, alloc_anchors;
	size_t nodes;		/* nodes created so far */
	size_t alias_nodes;	/* of which copied by aliases */
	int documents;
	bool failed;
};

static int fail_at(struct loader *l, const char *rule, const yaml_mark_t *m,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail_at(struct loader *l, const char *rule, const yaml_mark_t *m,
		   const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	diag_add_sev(l->f, SEV_ERROR, rule, m->line + 1, m->column + 1, NULL,
		     "%s", msg.ptr);
	buf_release(&msg);
	l->failed = true;
	return -1;
}

static void map_node(struct loader *l, xmlNode *node, const yaml_mark_t *m)
{
	srcmap_put(&l->doc->map, node, m->line + 1, m->column + 1);
	l->nodes++;
}

static bool is_name(const char *s, size_t len)
{
	if (!len || !(((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z') || *s == '_'))
		return false;
	for (size_t i = 1; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z') &&
		    !(c >= '0' && c <= '9') && c != '_' && c != '-')
			return false;
	}
	return true;
}

static int add_key(struct loader *l, struct frame *top, const yaml_event_t *ev)
{
	if (ev->type == YAML_ALIAS_EVENT)
		return fail_at(l, RULE_KEY_NOT_NAME, &ev->start_mark,
			       "an alias cannot be a key");
	if (ev->type != YAML_SCALAR_EVENT)
		return fail_at(l, RULE_KEY_NOT_NAME, &ev->start_mark,
			       "a key must be a name, not a %s",
			       ev->type == YAML_MAPPING_START_EVENT ? "mapping" : "list");

	const char *key = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	if (!strcmp(key, "<<"))
		return fail_at(l, RULE_KEY_NOT_NAME, &ev->start_mark,
			       "merge keys ('<<') are not supported: write the keys out");
	if (!is_name(key, len) || strlen(key) != len)
		return fail_at(l, RULE_KEY_NOT_NAME, &ev->start_mark,
			       "key '%s' is not a name: use letters, digits, '_' and '-', starting with a letter",
			       key);

	const xmlChar *name = xmlDictLookup(l->doc->xml->dict, BAD_CAST key, (int)len);
	for (xmlNode *c = top->element->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && c->name == name) {
			unsigned long line = 0, col = 0;
			srcmap_get(&l->doc->map, c, &line, &col);
			return fail_at(l, RULE_DUPLICATE_KEY, &ev->start_mark,
				       "duplicate key '%s' (first defined on line %lu)",
				       key, line);
		}
	}
	xmlNode *el = xmlNewDocNode(l->doc->xml, NULL, name, NULL);
	xmlAddChild(top->element, el);
	map_node(l, el, &ev->start_mark);
	top->pending = el;
	return 0;
}

static int push(struct loader *l, enum frame_type type, xmlNode *el,
		const yaml_mark_t *m)
{
	if (l->depth >= LOAD_MAX_DEPTH)
		return fail_at(l, RULE_TOO_DEEP, m,
			       "nesting deeper than %d levels", LOAD_MAX_DEPTH);
	ALLOC_GROW(l->stack, l->depth + 1, l->alloc);
	struct frame *fr = &l->stack[l->depth++];
	fr->type = type;
	fr->element = el;
	fr->pending = NULL;
	fr->anchor = 0;
	return 0;
}

static size_t begin_anchor(struct loader *l, const yaml_char_t *name, xmlNode *el)
{
	if (!name)
		return 0;
	ALLOC_GROW(l->anchors, l->nr_anchors + 1, l->alloc_anchors);
	struct anchor *a = &l->anchors[l->nr_anchors++];
	a->name = xstrdup((const char *)name);
	a->element = el;
	a->start = l->nodes;
	a->nodes = 0;
	a->complete = false;
	return l->nr_anchors;
}

static void end_anchor(struct loader *l, size_t anchor)
{
	if (!anchor)
		return;
	struct anchor *a = &l->anchors[anchor - 1];
	a->nodes = l->nodes - a->start;
	a->complete = true;
}

static int copy_alias(struct loader *l, const yaml_event_t *ev, xmlNode *target)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct anchor *a = NULL;

	/* The latest definition of a name wins, as YAML says. */
	for (size_t i = l->nr_anchors; i-- > 0;) {
		if (!strcmp(l->anchors[i].name, name)) {
			a = &l->anchors[i];
			break;
		}
	}
	if (!a)
		return fail_at(l, RULE_YAML_SYNTAX, &ev->start_mark,
			       "unknown alias '*%s'", name);
	if (!a->complete)
		return fail_at(l, RULE_ALIAS_BUDGET, &ev->start_mark,
			       "alias '*%s' refers to a node that contains it", name);
	size_t budget = LOAD_ALIAS_BUDGET + (l->nodes - l->alias_nodes);
	if (l->alias_nodes + a->nodes + 1 > budget)
		return fail_at(l, RULE_ALIAS_BUDGET, &ev->start_mark,
			       "aliases expand to more than %zu nodes (at '*%s'): refused as a possible \"billion laughs\"",
			       budget, name);
	for (xmlNode *c = a->element->children; c; c = c->next) {
		xmlNode *copy = xmlDocCopyNode(c, l->doc->xml, 1);
		xmlAddChild(target, copy);
	}
	srcmap_put(&l->doc->map, target, ev->start_mark.line + 1,
		   ev->start_mark.column + 1);
	l->alias_nodes += a->nodes + 1;
	l->nodes += a->nodes;
	return 0;
}

/* A node event (scalar, alias, start of a collection) as a value. */
static int add_value(struct loader *l, xmlNode *target, const yaml_event_t *ev)
{
	size_t anchor;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		anchor = begin_anchor(l, ev->data.scalar.anchor, target);
		if (ev->data.scalar.length) {
			xmlNode *t = xmlNewDocTextLen(l->doc->xml,
						      ev->data.scalar.value,
						      (int)ev->data.scalar.length);
			xmlAddChild(target, t);
			map_node(l, t, &ev->start_mark);
		}
		end_anchor(l, anchor);
		return 0;
	case YAML_ALIAS_EVENT:
		return copy_alias(l, ev, target);
	case YAML_MAPPING_START_EVENT:
		anchor = begin_anchor(l, ev->data.mapping_start.anchor, target);
		if (push(l, FRAME_MAPPING, target, &ev->start_mark) < 0)
			return -1;
		l->stack[l->depth - 1].anchor = anchor;
		return 0;
	case YAML_SEQUENCE_START_EVENT:
		anchor = begin_anchor(l, ev->data.sequence_start.anchor, target);
		if (push(l, FRAME_SEQUENCE, target, &ev->start_mark) < 0)
			return -1;
		l->stack[l->depth - 1].anchor = anchor;
		return 0;
	default:
		return 0;
	}
}

static int root_event(struct loader *l, const yaml_event_t *ev)
{
	if (ev->type == YAML_MAPPING_START_EVENT) {
		xmlNode *root = xmlNewDocNode(l->doc->xml, NULL, BAD_CAST LOAD_ROOT, NULL);
		xmlDocSetRootElement(l->doc->xml, root);
		map_node(l, root, &ev->start_mark);
		return add_value(l, root, ev);
	}
	if (ev->type == YAML_SCALAR_EVENT && !ev->data.scalar.length &&
	    ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
		return fail_at(l, RULE_EMPTY_FILE, &ev->start_mark,
			       "empty document: expected a mapping of keys such as 'format' and 'kind'");
	return fail_at(l, RULE_BAD_VALUE, &ev->start_mark,
		       "the document must be a mapping of keys such as 'format' and 'kind', not a %s",
		       ev->type == YAML_SEQUENCE_START_EVENT ? "list" : "single value");
}

static int node_event(struct loader *l, const yaml_event_t *ev)
{
	if (!l->depth)
		return root_event(l, ev);

	struct frame *top = &l->stack[l->depth - 1];
	if (top->type == FRAME_SEQUENCE) {
		xmlNode *item = xmlNewDocNode(l->doc->xml, NULL, BAD_CAST "item", NULL);
		xmlAddChild(top->element, item);
		map_node(l, item, &ev->start_mark);
		return add_value(l, item, ev);
	}
	if (!top->pending)
		return add_key(l, top, ev);
	xmlNode *target = top->pending;
	top->pending = NULL;
	return add_value(l, target, ev);
}

static void end_event(struct loader *l)
{
	if (!l->depth)
		return;
	struct frame *fr = &l->stack[--l->depth];
	end_anchor(l, fr->anchor);
}

/* Line and column (in characters) of a byte offset. */
static void offset_mark(const char *data, size_t len, size_t offset, yaml_mark_t *m)
{
	m->line = m->column = 0;
	for (size_t i = 0; i < offset && i < len; i++) {
		if (data[i] == '\n') {
			m->line++;
			m->column = 0;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			m->column++;
		}
	}
}

static bool tab_in_indent(const char *data, size_t len, const yaml_mark_t *m)
{
	/* libyaml's index counts characters, not bytes: find the line instead. */
	size_t i = 0;
	for (size_t line = 0; line < m->line && i < len; i++)
		if (data[i] == '\n')
			line++;
	for (; i < len && (data[i] == ' ' || data[i] == '\t'); i++)
		if (data[i] == '\t')
			return true;
	return false;
}

static void parser_failed(struct loader *l, yaml_parser_t *p)
{
	yaml_mark_t m = p->problem_mark;
	const char *problem = p->problem ? p->problem : "syntax error";

	if (p->error == YAML_READER_ERROR) {
		offset_mark(l->data, l->len, p->problem_offset, &m);
		if (strstr(problem, "UTF") || strstr(problem, "octet"))
			fail_at(l, RULE_INVALID_UTF8, &m,
				"invalid UTF-8 (%s, byte 0x%02X): save the file as UTF-8",
				problem, p->problem_offset < l->len ?
				(unsigned)(unsigned char)l->data[p->problem_offset] : 0u);
		else
			fail_at(l, RULE_INVALID_UTF8, &m, "%s (0x%02X)", problem,
				(unsigned)p->problem_value);
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		fail_at(l, RULE_YAML_SYNTAX, &m, "out of memory while parsing");
		return;
	}
	if (tab_in_indent(l->data, l->len, &m)) {
		fail_at(l, RULE_TAB_INDENT, &m,
			"tab in indentation: YAML indents with spaces only");
		return;
	}
	if (p->context)
		fail_at(l, RULE_YAML_SYNTAX, &m, "%s %s (line %lu)", problem,
			p->context, (unsigned long)p->context_mark.line + 1);
	else
		fail_at(l, RULE_YAML_SYNTAX, &m, "%s", problem);
}

int load_yaml(struct doc *doc, const char *data, size_t len, struct diag_file *f)
{
	struct loader l = { .doc = doc, .f = f, .data = data, .len = len };
	yaml_parser_t parser;
	yaml_event_t ev;
	bool done = false;

	doc->xml = xmlNewDoc(BAD_CAST "1.0");
	doc->xml->dict = xmlDictCreate();
	/* A plan has about one node for every 12 bytes. */
	srcmap_reserve(&doc->map, len / 12);
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);

	while (!done && !l.failed) {
		if (!yaml_parser_parse(&parser, &ev)) {
			parser_failed(&l, &parser);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++l.documents > 1)
				fail_at(&l, RULE_MULTI_DOCUMENT, &ev.start_mark,
					"a second document: a file holds one plan (remove the '---')");
			break;
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT:
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			node_event(&l, &ev);
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			end_event(&l);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	if (!l.failed && !l.documents) {
		yaml_mark_t m = { 0, 0, 0 };
		fail_at(&l, RULE_EMPTY_FILE, &m,
			"empty file: expected a mapping of keys such as 'format' and 'kind'");
	}

	yaml_parser_delete(&parser);
	for (size_t i = 0; i < l.nr_anchors; i++)
		free(l.anchors[i].name);
	free(l.anchors);
	free(l.stack);
	return l.failed ? -1 : 0;
}

static void xml_error(void *data, xmlErrorPtr err)
{
	struct diag_file *f = data;
	if (err->level < XML_ERR_ERROR)
		return;
	char *msg = xstrdup(err->message ? err->message : "malformed XML");
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (n && msg[n - 1] == '.')
		msg[n - 1] = '\0';
	/* libxml2 capitalises; messages here start in lowercase. */
	if (msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
		msg[0] = (char)(msg[0] | 0x20);
	diag_add_sev(f, SEV_ERROR, RULE_XML_SYNTAX, err->line > 0 ? (unsigned long)err->line : 1,
		     err->int2 > 0 ? (unsigned long)err->int2 : 0, NULL, "%s", msg);
	free(msg);
}

int load_xml(struct doc *doc, const char *data, size_t len, struct diag_file *f)
{
	int options = XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_BIG_LINES |
		      XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
	size_t before = f->errors;

	if (len > INT32_MAX) {
		diag_add_sev(f, SEV_ERROR, RULE_XML_SYNTAX, 0, 0, NULL, "file too large");
		return -1;
	}
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		diag_add_sev(f, SEV_ERROR, RULE_XML_SYNTAX, 0, 0, NULL, "out of memory");
		return -1;
	}
	xmlSetStructuredErrorFunc(f, xml_error);
	doc->xml = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL, options);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlFreeParserCtxt(ctxt);

	if (!doc->xml) {
		if (f->errors == before)
			diag_add_sev(f, SEV_ERROR, RULE_XML_SYNTAX, 1, 1, NULL,
				     "malformed XML");
		return -1;
	}
	xmlDtdPtr dtd = doc->xml->intSubset ? doc->xml->intSubset : doc->xml->extSubset;
	if (dtd) {
		/* No DTD, so no entity is ever declared, loaded or expanded. */
		unsigned long line = 1;
		for (size_t i = 0; i + 9 <= len && memcmp(data + i, "<!DOCTYPE", 9); i++)
			line += data[i] == '\n';
		diag_add_sev(f, SEV_ERROR, RULE_XML_SYNTAX, line, 0, NULL,
			     "a DOCTYPE is not allowed in a plan");
		return -1;
	}
	xmlNode *root = xmlDocGetRootElement(doc->xml);
	if (!root || strcmp((const char *)root->name, LOAD_ROOT) || root->ns) {
		long line = root ? xmlGetLineNo(root) : 1;
		diag_add_sev(f, SEV_ERROR, RULE_XML_SYNTAX, line > 0 ? (unsigned long)line : 1,
			     0, NULL, "the root element must be <%s> with no namespace",
			     LOAD_ROOT);
		return -1;
	}
	return f->errors > before ? -1 : 0;
}

int load_file_data(struct doc *doc, const char *name, const char *data,
		   size_t len, struct diag_file *f)
{
	size_t n = strlen(name);
	if (n >= 4 && !strcasecmp(name + n - 4, ".xml"))
		return load_xml(doc, data, len, f);
	return load_yaml(doc, data, len, f);
}
