#include "yamledit.h"
#include "load.h"
#include "util/error.h"
#include "util/utf8.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/*
 * The bytes of the line break at `i`, 0 when there is none: the loader's
 * lines and columns count LF, CRLF, a lone CR, and NEL, LS and PS as
 * libyaml does, so the edits must count them all alike.
 */
static size_t break_len(const struct buf *text, size_t i)
{
	const unsigned char *u = (const unsigned char *)text->ptr + i;
	size_t left = i < text->len ? text->len - i : 0;

	if (!left)
		return 0;
	if (u[0] == '\n')
		return 1;
	if (u[0] == '\r')
		return left > 1 && u[1] == '\n' ? 2 : 1;
	if (left > 1 && u[0] == 0xC2 && u[1] == 0x85)
		return 2;
	if (left > 2 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
		return 3;
	return 0;
}

/* The byte offset of a 1-based line and column (in characters). */
static size_t offset_of(const struct buf *text, unsigned long line, unsigned long column)
{
	const char *s = buf_str(text);
	size_t i = 0, n;

	if (text->len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	for (unsigned long l = 1; l < line && i < text->len; i += n ? n : 1)
		if ((n = break_len(text, i)))
			l++;
	for (unsigned long c = 1; c < column && i < text->len && !break_len(text, i); c++) {
		i++;
		while (i < text->len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

/* The end of the scalar starting at `at`: a quoted one ends at its quote. */
static size_t scalar_end(const struct buf *text, size_t at)
{
	const char *s = buf_str(text);
	size_t end = at;

	if (s[at] == '"' || s[at] == '\'') {
		for (end = at + 1; end < text->len; end++) {
			if (s[at] == '"' && s[end] == '\\' && end + 1 < text->len)
				end++;
			else if (s[end] == s[at])
				return end + 1;
		}
		return end;
	}
	while (end < text->len && !break_len(text, end) &&
	       !(s[end] == '#' && end > at && (s[end - 1] == ' ' || s[end - 1] == '\t')))
		end++;
	while (end > at && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	return end;
}

/*
 * The code point at p (n bytes of valid UTF-8), or below 0 when it is not
 * one a scalar may hold as it is: C0 and C1 controls but tab and line
 * ends, DEL, the line breaks NEL, LS and PS, U+FFFE and U+FFFF.
 */
static long printable(const char *p, size_t *n)
{
	const unsigned char *u = (const unsigned char *)p;
	*n = utf8_valid_len(p);
	if (!*n) {
		*n = 1;
		return -(long)u[0] - 1;		/* an invalid byte */
	}
	long cp = *n == 1 ? u[0] : *n == 2 ? (u[0] & 0x1F) << 6 | (u[1] & 0x3F) :
		  *n == 3 ? (u[0] & 0x0F) << 12 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F) :
			    (long)(u[0] & 0x07) << 18 | (u[1] & 0x3F) << 12 | (u[2] & 0x3F) << 6 | (u[3] & 0x3F);
	/* NEL, LS and PS are line breaks to YAML: escaped too. */
	bool control = (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F ||
		       (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
		       cp == 0xFFFE || cp == 0xFFFF;
	return control ? -cp - 1 : cp;
}

void yamledit_add_scalar(struct buf *out, const char *value)
{
	size_t n;
	bool plain = *value && !strchr("-?:,[]{}#&*!|>'\"%@` ", *value) &&
		     value[strlen(value) - 1] != ' ';	/* a plain scalar loses trailing spaces */
	for (const char *p = value; plain && *p; p += n)
		if ((*p == ':' && (p[1] == ' ' || !p[1])) || (*p == ' ' && p[1] == '#') ||
		    printable(p, &n) < 0x20)
			plain = false;
	if (plain) {
		buf_adds(out, value);
		return;
	}
	buf_addc(out, '"');
	for (const char *p = value; *p; p += n) {
		long cp = printable(p, &n);
		if (*p == '"' || *p == '\\')
			buf_addf(out, "\\%c", *p);
		else if (*p == '\n')
			buf_adds(out, "\\n");
		else if (cp < 0 || *p == '\t' || *p == '\r')
			buf_addf(out, "\\u%04lx", cp < 0 ? -cp - 1 : cp);
		else
			buf_add(out, p, n);
	}
	buf_addc(out, '"');
}

static void splice(struct buf *text, size_t from, size_t to, const char *with, size_t len)
{
	struct buf out = BUF_INIT;
	buf_add(&out, text->ptr, from);
	buf_add(&out, with, len);
	buf_add(&out, text->ptr + to, text->len - to);
	buf_release(text);
	*text = out;
}

/* The start of the line after the one holding `at`. */
static size_t next_line(const struct buf *text, size_t at)
{
	while (at < text->len && !break_len(text, at))
		at++;
	return at + break_len(text, at);
}

static const char *line_end_of(const struct buf *text)
{
	return memchr(buf_str(text), '\r', text->len) ? "\r\n" : "\n";
}

/* The last line on which `node` or one of its descendants is written. */
static unsigned long last_line(const xmlNode *node)
{
	unsigned long line = 0, col, last = 0;
	if (!doc_pos(node, &line, &col))
		last = line;
	for (const xmlNode *c = node->children; c; c = c->next) {
		unsigned long l = last_line(c);
		if (l > last)
			last = l;
	}
	return last;
}

/*
 * Where a line after everything `node` holds would start. A scalar over
 * several lines (a block scalar's) starts on the last line the map knows
 * of: the lines after it that are indented deeper than the node are its.
 */
static size_t end_of_node(const struct buf *text, const xmlNode *node)
{
	unsigned long line, col;
	size_t indent = 0;

	doc_locate(node, &line, &col);
	for (size_t first = offset_of(text, line, 1);
	     first + indent < text->len && text->ptr[first + indent] == ' ';)
		indent++;
	size_t at = next_line(text, offset_of(text, last_line(node), 1)), end = at;
	while (at < text->len) {
		size_t spaces = 0;
		while (at + spaces < text->len && text->ptr[at + spaces] == ' ')
			spaces++;
		bool blank = at + spaces == text->len || break_len(text, at + spaces);
		if (!blank && spaces <= indent)
			break;
		at = next_line(text, at);
		if (!blank)
			end = at;	/* blank lines count only when deeper lines follow */
	}
	return end;
}

/*
 * The end of the value of scalar `node`, which starts at `at`. A block
 * scalar (| or >) and a plain scalar folded over several lines go on over
 * the lines indented deeper than their key: those lines are the value too,
 * and a new value left after them would be read as part of it.
 */
static size_t value_end(const struct buf *text, const xmlNode *node, size_t at)
{
	size_t end = scalar_end(text, at);
	unsigned long line, col;

	if (text->ptr[at] == '"' || text->ptr[at] == '\'')
		return end;
	doc_locate(node, &line, &col);
	for (size_t next = next_line(text, end); next < text->len; next = next_line(text, next)) {
		size_t spaces = 0;
		while (next + spaces < text->len && text->ptr[next + spaces] == ' ')
			spaces++;
		if (next + spaces == text->len || break_len(text, next + spaces))
			continue;	/* blank lines count only when deeper lines follow */
		if (spaces < col)
			break;
		for (end = next + spaces; end < text->len && !break_len(text, end); end++)
			;
	}
	return end;
}

/* Is the key at `key` in a flow mapping: after a '{' or a ',' rather than at the start of its line? */
static bool in_flow(const struct buf *text, size_t key)
{
	while (key > 0 && strchr(" \t\r\n", text->ptr[key - 1]))
		key--;
	return key > 0 && (text->ptr[key - 1] == '{' || text->ptr[key - 1] == ',');
}

/* Set key `name` of the mapping `parent` (its node `node` when there is one); `what` names it in messages. */
static int set_in(struct buf *text, xmlNode *parent, xmlNode *node, const char *name,
		  const char *value, const char *what)
{
	struct buf v = BUF_INIT;
	unsigned long line, col;

	yamledit_add_scalar(&v, value);
	if (node) {
		const char *old = doc_text(node);
		doc_locate(node, &line, &col);
		size_t key = offset_of(text, line, col);
		if (in_flow(text, key)) {
			/* A plain scalar there ends at a ',' or a '}' it holds. */
			buf_release(&v);
			return crisis_error("cannot set '%s': its mapping is not in block style", what);
		}
		if (old) {
			doc_locate_value(node, &line, &col);
			size_t at = offset_of(text, line, col);
			splice(text, at, value_end(text, node, at), v.ptr, v.len);
		} else {
			if (doc_first(node)) {
				buf_release(&v);
				return crisis_error("cannot set '%s': it is a mapping or a list", what);
			}
			/* "last:" with no value: the value goes after the colon. */
			size_t colon = key;
			while (colon < text->len && text->ptr[colon] != ':' && !break_len(text, colon))
				colon++;
			if (colon >= text->len || text->ptr[colon] != ':') {
				buf_release(&v);
				return crisis_error("cannot set '%s': no ':' after its key", what);
			}
			struct buf with = BUF_INIT;
			buf_addf(&with, " %s", v.ptr);
			size_t after = colon + 1;
			while (after < text->len && (text->ptr[after] == ' ' || text->ptr[after] == '\t'))
				after++;
			if (after < text->len && !break_len(text, after) &&
			    text->ptr[after] != '#') {
				buf_release(&with);
				buf_release(&v);
				return crisis_error("cannot set '%s': its value is not a plain scalar", what);
			}
			splice(text, colon + 1, colon + 1, with.ptr, with.len);
			buf_release(&with);
		}
		buf_release(&v);
		return 0;
	}

	/* A key under a scalar ("review: P12M") would make the file invalid YAML. */
	if (doc_text(parent)) {
		buf_release(&v);
		return crisis_error("cannot set '%s': '%s' holds a value, not keys", what,
				    (const char *)parent->name);
	}
	/*
	 * A new key, with the indentation of its siblings, after the last of
	 * them. The first key of a list item follows its "- ".
	 */
	const xmlNode *sibling = doc_first(parent);
	unsigned long indent;
	if (sibling) {
		doc_locate(sibling, &line, &indent);
		size_t start = offset_of(text, line, 1), at = offset_of(text, line, indent);
		for (size_t i = start; i < at; i++)
			if (text->ptr[i] != ' ' && text->ptr[i] != '-') {
				buf_release(&v);
				return crisis_error("cannot set '%s': its mapping is not in block style", what);
			}
	} else {
		doc_locate(parent, &line, &indent);
		indent += 2;
	}
	size_t at = parent->parent && parent->parent->type == XML_ELEMENT_NODE ?
		    end_of_node(text, parent) : text->len;
	struct buf add = BUF_INIT;
	if (at == text->len && text->len && text->ptr[text->len - 1] != '\n')
		buf_adds(&add, line_end_of(text));
	buf_addf(&add, "%*s%s: %s%s", (int)(indent - 1), "", name, v.ptr, line_end_of(text));
	splice(text, at, at, add.ptr, add.len);
	buf_release(&add);
	buf_release(&v);
	return 0;
}

/* The element, `n` or under it, at `path` ("review", "contacts[2]"). */
static xmlNode *element_at(xmlNode *n, const char *path)
{
	char *here = doc_path(n);
	bool same = !strcmp(here, path);
	free(here);
	if (same)
		return n;
	for (xmlNode *child = doc_first(n); child; child = doc_next(child)) {
		xmlNode *found = element_at(child, path);
		if (found)
			return found;
	}
	return NULL;
}

/*
 * Does `text` load without an error, and, when `parent` (of the document
 * before the edit) is given, with key `name` of the mapping at the same
 * path set to `value`?
 */
static bool loads_with(const struct buf *text, const xmlNode *parent, const char *name,
		       const char *value)
{
	struct doc doc = DOC_INIT;
	struct diag_file *f = diag_file_new("edited", NULL);
	bool clean = load_yaml(&doc, buf_str(text), text->len, f) == 0 && !f->errors;
	if (clean && parent) {
		char *path = doc_path(parent);
		xmlNode *at = element_at(xmlDocGetRootElement(doc.xml), path);
		const char *now = at ? doc_child_text(at, name) : NULL;
		clean = now && !strcmp(now, value);
		free(path);
	}
	doc_release(&doc);
	diag_file_free(f);
	return clean;
}

/*
 * set_in(), taken back when it would break a file that loaded or put the
 * value anywhere but where it was asked: a scalar spread over lines in a
 * way the edit cannot follow (a flow list whose items go on at a lesser
 * indentation) is refused rather than corrupted.
 */
static int set_checked(struct buf *text, xmlNode *parent, xmlNode *node, const char *name,
		       const char *value, const char *what)
{
	struct buf before = BUF_INIT;
	buf_add(&before, text->ptr, text->len);
	const char *key = node ? (const char *)node->name : name;	/* the key set */
	int ret = set_in(text, parent, node, name, value, what);
	if (ret == 0 && !loads_with(text, parent, key, value) &&
	    loads_with(&before, NULL, NULL, NULL)) {
		buf_release(text);
		*text = before;
		return crisis_error("cannot set '%s' without breaking the file: write the mapping "
				    "that holds it one key a line, in block style", what);
	}
	buf_release(&before);
	return ret;
}

int yamledit_set_scalar(struct buf *text, const struct doc *doc, const char *path,
		    const char *value)
{
	xmlNode *node = xmlDocGetRootElement(doc->xml), *parent = NULL;
	const char *name = path;

	/* Walk down the path; stop at the first key that is not there. */
	while (node && *name) {
		size_t n = strcspn(name, ".");
		char *key = xstrndup(name, n);
		parent = node;
		node = doc_child(node, key);
		free(key);
		if (!node || !name[n]) {
			if (!node && name[n])
				return crisis_error("cannot set '%s': '%.*s' is missing", path, (int)n, name);
			if (!node)
				break;
			name += n;
			break;
		}
		name += n + 1;
	}
	return set_checked(text, parent, node, name, value, path);
}

int yamledit_set_key(struct buf *text, xmlNode *mapping, const char *key, const char *value)
{
	char *what = doc_path(mapping);
	struct buf full = BUF_INIT;
	buf_addf(&full, "%s%s%s", what, *what ? "." : "", key);
	int ret = set_checked(text, mapping, doc_child(mapping, key), key, value, full.ptr);
	buf_release(&full);
	free(what);
	return ret;
}

/* `lines` ("\n"-terminated), each indented by `indent` spaces, in the file's line ends. */
static void indented(struct buf *out, const char *lines, size_t indent, const char *eol)
{
	while (*lines) {
		size_t n = strcspn(lines, "\n");
		buf_addf(out, "%*s%.*s%s", (int)indent, "", (int)n, lines, eol);
		lines += n + (lines[n] == '\n');
	}
}

/* The offset of the '-' that starts a block list entry, or -1. */
static long item_dash(const struct buf *text, const xmlNode *item, size_t *line_start)
{
	unsigned long line, col;
	doc_locate(item, &line, &col);
	size_t at = offset_of(text, line, 1);
	*line_start = at;
	while (at < text->len && text->ptr[at] == ' ')
		at++;
	return at < text->len && text->ptr[at] == '-' ? (long)at : -1;
}

int yamledit_list_indent(const struct buf *text, const xmlNode *list)
{
	size_t start;
	const xmlNode *first = doc_first(list);
	if (first) {
		long dash = item_dash(text, first, &start);
		if (dash < 0)
			return crisis_error("'%s' is not a list in block style", (const char *)list->name);
		return (int)((size_t)dash - start);
	}
	unsigned long line, col;
	doc_locate(list, &line, &col);
	return (int)col - 1 + 2;
}

int yamledit_replace_item(struct buf *text, const xmlNode *item, const char *lines)
{
	size_t start;
	int indent = yamledit_list_indent(text, item->parent);
	if (indent < 0 || item_dash(text, item, &start) < 0)
		return crisis_error("an entry of '%s' is not in block style", (const char *)item->parent->name);
	struct buf with = BUF_INIT;
	indented(&with, lines, (size_t)indent, line_end_of(text));
	splice(text, start, end_of_node(text, item), with.ptr, with.len);
	buf_release(&with);
	return 0;
}

int yamledit_append_items(struct buf *text, const xmlNode *list, const char *lines)
{
	int indent = yamledit_list_indent(text, list);
	struct buf with = BUF_INIT;
	const char *eol = line_end_of(text);
	unsigned long line, col;
	size_t at, to;

	if (indent < 0)
		return -1;
	if (doc_first(list)) {
		at = to = end_of_node(text, list);
	} else {
		/* "contacts:" or "contacts: []": the key's line is written again. */
		doc_locate(list, &line, &col);
		at = offset_of(text, line, 1);
		to = next_line(text, at);
		buf_addf(&with, "%*s%s:%s", (int)col - 1, "", (const char *)list->name, eol);
	}
	if (at == text->len && text->len && text->ptr[text->len - 1] != '\n')
		buf_adds(&with, eol);
	indented(&with, lines, (size_t)indent, eol);
	splice(text, at, to, with.ptr, with.len);
	buf_release(&with);
	return 0;
}

void yamledit_add_field(struct buf *out, const char *indent, const char *key, const char *value)
{
	if (!value)
		return;
	buf_addf(out, "%s%s: ", indent, key);
	yamledit_add_scalar(out, value);
	buf_addc(out, '\n');
}
