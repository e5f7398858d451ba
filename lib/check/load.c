#include "load.h"
#include "util/buf.h"
#include "rule.h"
#include "util/strmap.h"
#include "util/utf8.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

enum frame_type { FRAME_MAPPING, FRAME_SEQUENCE };

struct frame {
	enum frame_type type;
	xmlNode *element;	/* the element the collection fills */
	xmlNode *pending;	/* a mapping's key waiting for its value */
	size_t anchor;		/* 1 + index of the anchor it defines, or 0 */
	size_t nr_keys;		/* a mapping's keys, or a sequence's items */
	struct strmap *keys;	/* a large mapping's keys, for duplicates */
};

/* Past this many keys, a mapping finds duplicates through a hash table. */
#define LOAD_KEYS_SCAN 16

struct anchor {
	char *name;
	xmlNode *element;	/* the element whose content the anchor names */
	size_t nodes;		/* nodes in that content, once complete */
	size_t bytes;		/* bytes of text in it, once complete */
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
	size_t alias_bytes;	/* bytes of text copied by aliases */
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
	doc_set_pos(node, m->line + 1, m->column + 1);
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
	if (!strcmp(key, "item"))
		return fail_at(l, RULE_KEY_NOT_NAME, &ev->start_mark,
			       "'item' cannot be a key: it names list items, which are written '- '");
	if (!is_name(key, len) || strlen(key) != len)
		return fail_at(l, RULE_KEY_NOT_NAME, &ev->start_mark,
			       "key '%s' is not a name: use letters, digits, '_' and '-', starting with a letter",
			       key);

	const xmlChar *name = xmlDictLookup(l->doc->xml->dict, BAD_CAST key, (int)len);
	xmlNode *first = NULL;
	if (top->keys) {
		first = strmap_get(top->keys, (const char *)name);
	} else {
		for (xmlNode *c = top->element->children; c && !first; c = c->next)
			if (c->type == XML_ELEMENT_NODE && c->name == name)
				first = c;
	}
	if (first) {
		unsigned long line = 0, col = 0;
		doc_pos(first, &line, &col);
		return fail_at(l, RULE_DUPLICATE_KEY, &ev->start_mark,
			       "duplicate key '%s' (first defined on line %lu)", key, line);
	}
	xmlNode *el = xmlNewDocNode(l->doc->xml, NULL, name, NULL);
	xmlAddChild(top->element, el);
	if (++top->nr_keys == LOAD_KEYS_SCAN) {
		top->keys = xcalloc(1, sizeof(*top->keys));
		for (xmlNode *c = top->element->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				strmap_put(top->keys, (const char *)c->name, c);
	} else if (top->keys) {
		strmap_put(top->keys, (const char *)name, el);
	}
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
	fr->nr_keys = 0;
	fr->keys = NULL;
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

/* Bytes of text in a node's content, copies of aliases included. */
static size_t text_bytes(const xmlNode *node)
{
	size_t n = 0;
	for (const xmlNode *c = node->children; c; c = c->next)
		n += c->type == XML_TEXT_NODE && c->content ? strlen((const char *)c->content) :
		     text_bytes(c) + strlen((const char *)c->name);
	return n;
}

static void end_anchor(struct loader *l, size_t anchor)
{
	if (!anchor)
		return;
	struct anchor *a = &l->anchors[anchor - 1];
	a->nodes = l->nodes - a->start;
	a->bytes = text_bytes(a->element);
	a->complete = true;
}

/* A copied subtree has no position of its own: its nodes are at the alias. */
static void forget_pos(xmlNode *node)
{
	node->_private = NULL;
	for (xmlNode *c = node->children; c; c = c->next)
		forget_pos(c);
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
	if (l->alias_bytes + a->bytes > LOAD_ALIAS_BYTES + l->len)
		return fail_at(l, RULE_ALIAS_BUDGET, &ev->start_mark,
			       "aliases expand to more than %zu bytes (at '*%s'): refused as a possible \"billion laughs\"",
			       LOAD_ALIAS_BYTES + l->len, name);
	l->alias_bytes += a->bytes;
	/* Copies are found at the alias; the key keeps its own place. */
	for (xmlNode *c = a->element->children; c; c = c->next) {
		xmlNode *copy = xmlDocCopyNode(c, l->doc->xml, 1);
		xmlAddChild(target, copy);
		forget_pos(copy);
		doc_set_pos(copy, ev->start_mark.line + 1, ev->start_mark.column + 1);
	}
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
		/* Its position in the list, for paths (doc_path). */
		doc_set_index(item, ++top->nr_keys);
		map_node(l, item, &ev->start_mark);
		return add_value(l, item, ev);
	}
	if (!top->pending)
		return add_key(l, top, ev);
	xmlNode *target = top->pending;
	top->pending = NULL;
	return add_value(l, target, ev);
}

static void free_keys(struct frame *fr)
{
	if (fr->keys) {
		strmap_release(fr->keys);
		free(fr->keys);
		fr->keys = NULL;
	}
}

static void end_event(struct loader *l)
{
	if (!l->depth)
		return;
	struct frame *fr = &l->stack[--l->depth];
	end_anchor(l, fr->anchor);
	free_keys(fr);
}

/* Is data[i] a line break? "\r\n" counts once, at its '\n'. */
static bool line_break_at(const char *data, size_t len, size_t i)
{
	return data[i] == '\n' || (data[i] == '\r' && (i + 1 == len || data[i + 1] != '\n'));
}

/* Line and column (in characters) of a byte offset, as libyaml counts them. */
static void offset_mark(const char *data, size_t len, size_t offset, yaml_mark_t *m)
{
	size_t i = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
	m->line = m->column = 0;
	for (; i < offset && i < len; i++) {
		if (line_break_at(data, len, i)) {
			m->line++;
			m->column = 0;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80 && data[i] != '\r') {
			m->column++;
		}
	}
}

/* The byte offset where 0-based line `line` starts. */
static size_t line_offset(const char *data, size_t len, size_t line)
{
	size_t i = 0;
	for (size_t n = 0; n < line && i < len; i++)
		if (line_break_at(data, len, i))
			n++;
	return i;
}

static bool tab_in_indent(const char *data, size_t len, const yaml_mark_t *m)
{
	/* libyaml's index counts characters, not bytes: find the line instead. */
	for (size_t i = line_offset(data, len, m->line); i < len && (data[i] == ' ' || data[i] == '\t'); i++)
		if (data[i] == '\t')
			return true;
	return false;
}

/* The first byte YAML refuses: invalid UTF-8, or a control character. */
static size_t first_bad_byte(const char *data, size_t len, bool *control)
{
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)data[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
			*control = true;
			return i;
		}
		size_t n = utf8_valid_len_n(data + i, len - i);
		if (!n) {
			*control = false;
			return i;
		}
		i += n;
	}
	return len;
}

static void reader_failed(struct loader *l, yaml_parser_t *p)
{
	bool control = false;
	size_t at = first_bad_byte(l->data, l->len, &control);
	yaml_mark_t m;

	if (at == l->len)
		at = p->problem_offset;
	offset_mark(l->data, l->len, at, &m);
	unsigned byte = at < l->len ? (unsigned char)l->data[at] : 0u;
	if (control)
		fail_at(l, RULE_YAML_SYNTAX, &m,
			"control character 0x%02X is not allowed in a YAML file", byte);
	else
		fail_at(l, RULE_INVALID_UTF8, &m,
			"invalid UTF-8 (byte 0x%02X): save the file as UTF-8", byte);
}

/* libyaml's words, and the words a plan author needs. */
static const struct {
	const char *problem;
	const char *said;
} rewordings[] = {
	{ "mapping values are not allowed in this context",
	  "unexpected ':': check the indentation, or quote a text that contains ': '" },
	{ "block sequence entries are not allowed in this context",
	  "a list item ('- ') cannot start here: put it on a line of its own, under its key" },
	{ "did not find expected key",
	  "this line does not line up with the keys above it: check the indentation" },
	{ "did not find expected '-' indicator",
	  "this line does not line up with the list above it: check the indentation" },
	{ "found character that cannot start any token",
	  "a value cannot start with this character: quote it" },
	{ "found undefined tag handle", "unknown tag: tags such as !!str are not needed" },
};

/*
 * The first line before `line` (0-based) whose double quotes do not pair
 * up: a quoted text left open there runs on until the next quote, and the
 * parser stops far below it. (size_t)-1 when every line pairs up.
 */
static size_t open_quote_line(const char *data, size_t len, size_t line)
{
	size_t n = 0, quotes = 0;
	bool single = false, comment = false;
	for (size_t i = 0; i < len && n < line; i++) {
		char c = data[i];
		if (line_break_at(data, len, i)) {
			if (quotes % 2)
				return n;
			n++;
			quotes = 0;
			single = comment = false;
		} else if (comment) {
			continue;
		} else if (c == '#' && !(quotes % 2) && !single &&
			   (i == 0 || data[i - 1] == ' ' || data[i - 1] == '\t')) {
			comment = true;
		} else if (c == '\'' && !(quotes % 2)) {
			single = !single;
		} else if (c == '"' && !single && (i == 0 || data[i - 1] != '\\')) {
			quotes++;
		}
	}
	return (size_t)-1;
}

static void parser_failed(struct loader *l, yaml_parser_t *p)
{
	yaml_mark_t m = p->problem_mark;
	const char *problem = p->problem ? p->problem : "syntax error";
	const char *context = p->context ? p->context : "";

	if (p->error == YAML_READER_ERROR) {
		reader_failed(l, p);
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
	/* An unclosed quote or bracket is shown where it opens. */
	if (strstr(context, "quoted scalar")) {
		fail_at(l, RULE_YAML_SYNTAX, &p->context_mark,
			"this quoted text is never closed: add the closing quote");
		return;
	}
	if (strstr(context, "flow sequence") || strstr(context, "flow mapping")) {
		fail_at(l, RULE_YAML_SYNTAX, &p->context_mark,
			"this %s is never closed: %s (line %lu)",
			strstr(context, "sequence") ? "'[' list" : "'{' mapping", problem,
			(unsigned long)m.line + 1);
		return;
	}
	size_t open = open_quote_line(l->data, l->len, m.line);
	if (open != (size_t)-1 && open < m.line) {
		yaml_mark_t at = { 0, open, 0 };
		fail_at(l, RULE_YAML_SYNTAX, &at,
			"a quoted text opens on this line and is not closed on it: the YAML parser stopped on line %lu",
			(unsigned long)m.line + 1);
		return;
	}
	for (size_t i = 0; i < sizeof(rewordings) / sizeof(*rewordings); i++) {
		if (!strncmp(problem, rewordings[i].problem, strlen(rewordings[i].problem))) {
			fail_at(l, RULE_YAML_SYNTAX, &m, "%s", rewordings[i].said);
			return;
		}
	}
	if (*context)
		fail_at(l, RULE_YAML_SYNTAX, &m, "%s %s (line %lu)", problem,
			context, (unsigned long)p->context_mark.line + 1);
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
	if (len >= 2 && ((data[0] == '\xFE' && data[1] == '\xFF') ||
			 (data[0] == '\xFF' && data[1] == '\xFE'))) {
		yaml_mark_t start = { 0, 0, 0 };
		return fail_at(&l, RULE_INVALID_UTF8, &start,
			       "the file is UTF-16: plans are UTF-8, save it as UTF-8");
	}
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
	while (l.depth)
		free_keys(&l.stack[--l.depth]);
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
	const char *text = err->message ? err->message : "malformed XML";
	/* libxml2 adds lines of bytes and context: the first line says it. */
	char *msg = xstrndup(text, strcspn(text, "\n"));
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (n && msg[n - 1] == '.')
		msg[n - 1] = '\0';
	/* libxml2 capitalises; messages here start in lowercase. */
	if (msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
		msg[0] = (char)(msg[0] | 0x20);
	bool encoding = err->code == XML_ERR_INVALID_CHAR || err->code == XML_ERR_INVALID_ENCODING ||
			err->code == XML_ERR_UNKNOWN_ENCODING || strstr(msg, "UTF-8");
	diag_add_sev(f, SEV_ERROR, encoding ? RULE_INVALID_UTF8 : RULE_XML_SYNTAX,
		     err->line > 0 ? (unsigned long)err->line : 1,
		     err->int2 > 0 ? (unsigned long)err->int2 : 0, NULL, "%s%s", msg,
		     encoding ? ": save the file as UTF-8" : "");
	free(msg);
}

static bool has_content(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (data[i] != ' ' && data[i] != '\t' && data[i] != '\n' && data[i] != '\r')
			return true;
	return false;
}

/* Where "<!DOCTYPE" starts in the prolog (before the root element), or len. */
static size_t doctype_offset(const char *data, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (data[i] != '<')
			continue;
		if (len - i >= 9 && !memcmp(data + i, "<!DOCTYPE", 9))
			return i;
		if (len - i >= 4 && !memcmp(data + i, "<!--", 4)) {
			const char *end = NULL;
			for (size_t j = i + 4; j + 3 <= len && !end; j++)
				if (!memcmp(data + j, "-->", 3))
					end = data + j;
			if (!end)
				return len;
			i = (size_t)(end - data) + 2;
		} else if (data[i + 1] != '?') {
			return len;	/* the root element: the prolog is over */
		}
	}
	return len;
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
	if (!has_content(data, len)) {
		diag_add_sev(f, SEV_ERROR, RULE_EMPTY_FILE, 1, 1, NULL,
			     "empty file: expected a <%s> element", LOAD_ROOT);
		return -1;
	}
	/*
	 * No DTD: no entity is ever declared, loaded or expanded. A DOCTYPE is
	 * refused before libxml2 reads it, so its declarations never run.
	 */
	size_t doctype = doctype_offset(data, len);
	if (doctype < len) {
		unsigned long line = 1;
		for (size_t i = 0; i < doctype; i++)
			line += data[i] == '\n';
		diag_add_sev(f, SEV_ERROR, RULE_XML_SYNTAX, line, 0, NULL,
			     "a DOCTYPE is not allowed in a plan");
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
	if (doc->xml->intSubset || doc->xml->extSubset) {
		diag_add_sev(f, SEV_ERROR, RULE_XML_SYNTAX, 1, 0, NULL,
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

/* The 1-based line of a git conflict marker ("<<<<<<< ours"), or 0. */
static unsigned long conflict_line(const char *data, size_t len)
{
	unsigned long line = 1;
	for (size_t i = 0; i < len; line++) {
		if (len - i >= 8 && !memcmp(data + i, "<<<<<<<", 7) &&
		    (data[i + 7] == ' ' || data[i + 7] == '\n' || data[i + 7] == '\r'))
			return line;
		while (i < len && data[i] != '\n')
			i++;
		i++;
	}
	return 0;
}

int load_file_data(struct doc *doc, const char *name, const char *data,
		   size_t len, struct diag_file *f)
{
	unsigned long conflict = conflict_line(data, len);
	if (conflict) {
		diag_add_sev(f, SEV_ERROR, RULE_MERGE_CONFLICT, conflict, 1, NULL,
			     "unresolved merge conflict: keep the right lines and remove the markers");
		return -1;
	}
	size_t n = strlen(name);
	if (n >= 4 && !strcasecmp(name + n - 4, ".xml"))
		return load_xml(doc, data, len, f);
	return load_yaml(doc, data, len, f);
}
