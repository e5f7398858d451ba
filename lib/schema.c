#include "schema.h"
#include "buf.h"
#include "builtin.h"
#include "error.h"
#include "fsutil.h"
#include "rules.h"
#include "suggest.h"
#include "xsd.h"

#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>

struct schema {
	xmlSchemaPtr compiled;
	struct xsd xsd;
};

/* One message of libxml2's, before it is rewritten. */
struct raw {
	xmlNode *node;
	long line;
	char *text;	/* without the "Element 'x': " prefix */
};

struct check {
	struct schema *s;
	struct doc *doc;
	struct diag_file *f;
	struct raw *raws;
	size_t nr, alloc;
	xmlNode **done;		/* nodes already reported */
	size_t nr_done, alloc_done;
	struct suggested {	/* "did you mean" answers given for unknown keys */
		const xmlNode *parent;
		const char *name;
	} *suggested;
	size_t nr_suggested, alloc_suggested;
	xmlXPathContextPtr xpath;
};

static struct schema *schema_compile(const char *text, size_t len)
{
	struct schema *s = xcalloc(1, sizeof(*s));
	if (xsd_read(&s->xsd, text, len) < 0) {
		free(s);
		return NULL;
	}
	xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewDocParserCtxt(s->xsd.doc);
	xmlSchemaSetParserStructuredErrors(pctxt, NULL, NULL);
	xmlSetStructuredErrorFunc(NULL, NULL);
	s->compiled = xmlSchemaParse(pctxt);
	xmlSchemaFreeParserCtxt(pctxt);
	if (!s->compiled) {
		xsd_release(&s->xsd);
		free(s);
		crisis_error("the schema does not compile");
		return NULL;
	}
	return s;
}

struct schema *schema_builtin(const char *name)
{
	struct builtin_file file;
	if (builtin_find(name, &file) < 0) {
		crisis_error("no builtin schema '%s'", name);
		return NULL;
	}
	return schema_compile(file.data, file.len);
}

struct schema *schema_from_file(const char *path)
{
	struct buf text = BUF_INIT;
	if (read_file(path, &text) < 0)
		return NULL;
	struct schema *s = schema_compile(buf_str(&text), text.len);
	if (!s)
		crisis_error("'%s' is not a schema that compiles", path);
	buf_release(&text);
	return s;
}

void schema_free(struct schema *s)
{
	if (!s)
		return;
	xmlSchemaFree(s->compiled);
	xsd_release(&s->xsd);
	free(s);
}

static void collect(void *data, xmlErrorPtr err)
{
	struct check *c = data;
	const char *msg = err->message ? err->message : "invalid";
	const char *p = strstr(msg, "': ");

	if (!strncmp(msg, "Element '", 9) && p)
		msg = p + 3;
	ALLOC_GROW(c->raws, c->nr + 1, c->alloc);
	struct raw *r = &c->raws[c->nr++];
	r->node = err->node;
	r->line = err->line;
	r->text = xstrdup(msg);
	size_t n = strlen(r->text);
	while (n && (r->text[n - 1] == '\n' || r->text[n - 1] == ' ' || r->text[n - 1] == '.'))
		r->text[--n] = '\0';
}

static void clear_raws(struct check *c)
{
	for (size_t i = 0; i < c->nr; i++)
		free(c->raws[i].text);
	c->nr = 0;
}

static bool done(struct check *c, xmlNode *node)
{
	for (size_t i = 0; i < c->nr_done; i++)
		if (c->done[i] == node)
			return true;
	return false;
}

static void mark_done(struct check *c, xmlNode *node)
{
	ALLOC_GROW(c->done, c->nr_done + 1, c->alloc_done);
	c->done[c->nr_done++] = node;
}

/* "activities[2].rto", or "the plan" for the root. */
static char *where(const xmlNode *node)
{
	char *path = doc_path(node);
	if (!*path) {
		free(path);
		return xstrdup("the plan");
	}
	return path;
}

static void add_at(struct check *c, const char *rule, const xmlNode *node,
		   bool value, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add_at(struct check *c, const char *rule, const xmlNode *node,
		   bool value, const char *fmt, ...)
{
	unsigned long line, col;
	struct buf msg = BUF_INIT;
	va_list ap;

	if (value)
		doc_locate_value(c->doc, node, &line, &col);
	else
		doc_locate(c->doc, node, &line, &col);
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	char *path = doc_path(node);
	diag_add(c->f, rule, line, col, *path ? path : NULL, "%s", msg.ptr);
	free(path);
	buf_release(&msg);
}

/* Between `open` and the next `close` in `text`, copied; NULL if absent. */
static char *between(const char *text, const char *open, const char *close)
{
	const char *p = strstr(text, open);
	if (!p)
		return NULL;
	p += strlen(open);
	const char *q = strstr(p, close);
	return q ? xstrndup(p, (size_t)(q - p)) : NULL;
}

static void join_names(struct buf *b, const char *const *names, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		buf_addf(b, "%s%s", i ? ", " : "", names[i]);
}

static void unknown_key(struct check *c, xmlNode *node)
{
	xmlNode *parent = node->parent;
	const struct xsd_type *t = xsd_type_of(&c->s->xsd, parent);
	char *in = where(parent);

	if (t && t->list) {
		if (!done(c, parent))
			add_at(c, RULE_BAD_VALUE, parent, false,
			       "%s must be a list (items starting with '- '), not a mapping", in);
		mark_done(c, parent);
	} else if (!strcmp((const char *)node->name, "item")) {
		if (!done(c, parent))
			add_at(c, RULE_BAD_VALUE, parent, false,
			       "%s must be a mapping of keys, not a list", in);
		mark_done(c, parent);
	} else {
		const char **names = xcalloc(t ? t->nr_elems + 1 : 1, sizeof(*names));
		size_t nr = 0;
		for (size_t i = 0; t && i < t->nr_elems; i++)
			names[nr++] = t->elems[i].name;
		const char *best = suggest_best((const char *)node->name, names, nr);
		struct buf hint = BUF_INIT;
		if (best) {
			buf_addf(&hint, "; did you mean '%s'?", best);
			ALLOC_GROW(c->suggested, c->nr_suggested + 1, c->alloc_suggested);
			c->suggested[c->nr_suggested].parent = parent;
			c->suggested[c->nr_suggested++].name = best;
		}
		else if (nr) {
			buf_adds(&hint, "; expected one of: ");
			join_names(&hint, names, nr);
		}
		add_at(c, RULE_UNKNOWN_KEY, node, false, "unknown key '%s' in %s%s",
		       node->name, in, buf_str(&hint));
		buf_release(&hint);
		free(names);
	}
	free(in);
}

/* Was `name` the suggestion for a misspelt key of `parent`? Then it is not missing. */
static bool was_suggested(const struct check *c, const xmlNode *parent, const char *name)
{
	for (size_t i = 0; i < c->nr_suggested; i++)
		if (c->suggested[i].parent == parent && !strcmp(c->suggested[i].name, name))
			return true;
	return false;
}

static void missing_keys(struct check *c, xmlNode *node)
{
	const struct xsd_type *t = xsd_type_of(&c->s->xsd, node);
	char *in = where(node);
	bool any = false;

	if (done(c, node)) {
		free(in);
		return;
	}
	mark_done(c, node);
	for (size_t i = 0; t && i < t->nr_elems; i++) {
		const struct xsd_elem *e = &t->elems[i];
		if (!e->required || doc_child(node, e->name))
			continue;
		if (was_suggested(c, node, e->name)) {
			any = true;
			continue;
		}
		any = true;
		if (t->list)
			add_at(c, RULE_MISSING_KEY, node, false,
			       "%s needs at least one item", in);
		else
			add_at(c, RULE_MISSING_KEY, node, false,
			       "%s is missing the required key '%s'", in, e->name);
	}
	if (!any)
		add_at(c, RULE_MISSING_KEY, node, false, "%s is incomplete", in);
	free(in);
}

struct expectation {
	const char *type;
	const char *noun;
	const char *hint;
};

static const struct expectation expectations[] = {
	{ "id", "an id", "lowercase letters, digits and '-', such as c-durand" },
	{ "duration", "a duration", "ISO 8601, such as PT15M, PT4H, P2D or P12M" },
	{ "date", "a date", "YYYY-MM-DD, such as 2026-11-22" },
	{ "phone", "a phone number", "international form, such as +33 6 12 34 56 78" },
	{ "email", "an e-mail address", "name@domain, such as jean.durand@example.org" },
	{ "text", "a text", "some text" },
	{ "scale", "a score", "a whole number from 1 to 5" },
	{ "level", "a level", "a whole number from 1" },
	{ "count", "a count", "a whole number, 0 or more" },
	{ "xs:boolean", "a boolean", "true or false" },
};

static void bad_value(struct check *c, xmlNode *node, const char *libxml_text)
{
	const struct xsd_elem *decl = xsd_decl_of(&c->s->xsd, node);
	const struct xsd_type *t = decl ? xsd_type(&c->s->xsd, decl->type) : NULL;
	const char *value = doc_text(node);
	char *in = where(node);

	if (t && t->nr_values) {
		const char *best = value ? suggest_best(value, t->values, t->nr_values) : NULL;
		struct buf list = BUF_INIT;
		join_names(&list, t->values, t->nr_values);
		if (!value)
			add_at(c, RULE_BAD_VALUE, node, true,
			       "%s is empty; expected one of: %s", in, list.ptr);
		else if (best)
			add_at(c, RULE_BAD_VALUE, node, true,
			       "%s: '%s' is not one of: %s; did you mean '%s'?",
			       in, value, list.ptr, best);
		else
			add_at(c, RULE_BAD_VALUE, node, true,
			       "%s: '%s' is not one of: %s", in, value, list.ptr);
		buf_release(&list);
		free(in);
		return;
	}
	for (size_t i = 0; decl && i < sizeof(expectations) / sizeof(*expectations); i++) {
		const struct expectation *e = &expectations[i];
		if (!decl->type || strcmp(decl->type, e->type))
			continue;
		if (!value)
			add_at(c, RULE_BAD_VALUE, node, true,
			       "%s is empty; expected %s (%s)", in, e->noun, e->hint);
		else
			add_at(c, RULE_BAD_VALUE, node, true,
			       "%s: '%s' is not %s (expected %s)", in, value, e->noun, e->hint);
		free(in);
		return;
	}
	add_at(c, RULE_BAD_VALUE, node, true, "%s: %s", in, libxml_text);
	free(in);
}

static const char *refer_noun(const char *refer)
{
	static const char *const nouns[][2] = {
		{ "party", "contact or cell role" },
		{ "contact", "contact" },
		{ "activity", "activity" },
		{ "procedure", "procedure" },
		{ "scenario", "scenario" },
		{ "step", "step of this procedure" },
	};
	for (size_t i = 0; i < sizeof(nouns) / sizeof(*nouns); i++)
		if (!strcmp(nouns[i][0], refer))
			return nouns[i][1];
	return refer;
}

/* The node an identity constraint's field names for a selected node. */
static xmlNode *field_node(xmlNode *selected, const char *field)
{
	if (!field || !strcmp(field, "."))
		return selected;
	return doc_child(selected, field);
}

static xmlNodeSetPtr select_nodes(struct check *c, xmlNode *scope, const char *xpath)
{
	if (!c->xpath)
		c->xpath = xmlXPathNewContext(c->doc->xml);
	c->xpath->node = scope;
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST xpath, c->xpath);
	if (!o)
		return NULL;
	xmlNodeSetPtr set = o->nodesetval;
	o->nodesetval = NULL;
	xmlXPathFreeObject(o);
	return set;
}

/* Call fn on every element on which `idc` is declared. */
static void each_scope(struct check *c, const struct xsd_idc *idc, xmlNode *node,
		       bool (*fn)(struct check *, const struct xsd_idc *, xmlNode *, void *),
		       void *data)
{
	for (; node; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (xsd_idc_scope(&c->s->xsd, idc, node) && fn(c, idc, node, data))
			return;
		each_scope(c, idc, node->children, fn, data);
	}
}

struct ref_search {
	const char *value;
	xmlNode *found;
	xmlNode *scope;
};

static bool find_ref(struct check *c, const struct xsd_idc *idc, xmlNode *scope, void *data)
{
	struct ref_search *rs = data;
	xmlNodeSetPtr set = select_nodes(c, scope, idc->selector);
	for (int i = 0; set && i < set->nodeNr && !rs->found; i++) {
		xmlNode *fn = field_node(set->nodeTab[i], idc->field);
		const char *text = doc_text(fn);
		if (fn && text && !strcmp(text, rs->value) && !done(c, fn)) {
			rs->found = fn;
			rs->scope = scope;
		}
	}
	xmlXPathFreeNodeSet(set);
	return rs->found != NULL;
}

static void unknown_reference(struct check *c, const char *text)
{
	char *value = between(text, "key-sequence ['", "']");
	char *name = between(text, "of keyref '", "'");
	const struct xsd_idc *idc = name ? xsd_idc(&c->s->xsd, name) : NULL;
	const struct xsd_idc *key = idc && idc->refer ? xsd_idc(&c->s->xsd, idc->refer) : NULL;
	struct ref_search rs = { value, NULL, NULL };

	if (idc && value)
		each_scope(c, idc, xmlDocGetRootElement(c->doc->xml), find_ref, &rs);
	if (!rs.found) {
		diag_add(c->f, RULE_UNKNOWN_REFERENCE, 0, 0, NULL,
			 "unknown reference '%s' (%s)", value ? value : "?",
			 name ? name : "?");
		goto done;
	}
	mark_done(c, rs.found);

	const char **ids = NULL;
	size_t nr = 0, alloc = 0;
	xmlNodeSetPtr set = key ? select_nodes(c, rs.scope, key->selector) : NULL;
	for (int i = 0; set && i < set->nodeNr; i++) {
		const char *id = doc_text(field_node(set->nodeTab[i], key->field));
		if (id) {
			ALLOC_GROW(ids, nr + 1, alloc);
			ids[nr++] = id;
		}
	}
	const char *best = suggest_best(value, ids, nr);
	char *in = where(rs.found);
	const char *noun = refer_noun(idc->refer ? idc->refer : "id");
	if (best)
		add_at(c, RULE_UNKNOWN_REFERENCE, rs.found, true,
		       "%s: unknown %s '%s'; did you mean '%s'?", in, noun, value, best);
	else
		add_at(c, RULE_UNKNOWN_REFERENCE, rs.found, true,
		       "%s: unknown %s '%s'", in, noun, value);
	free(in);
	free(ids);
	xmlXPathFreeNodeSet(set);
done:
	free(value);
	free(name);
}

static void duplicate_id(struct check *c, xmlNode *node, const char *text)
{
	char *value = between(text, "key-sequence ['", "']");
	char *name = between(text, "identity-constraint '", "'");
	const struct xsd_idc *idc = name ? xsd_idc(&c->s->xsd, name) : NULL;
	xmlNode *dup = node && idc ? field_node(node, idc->field) : node;
	xmlNode *scope = node;

	if (!node || !dup || done(c, dup))
		goto done;
	mark_done(c, dup);
	while (scope && !(idc && xsd_idc_scope(&c->s->xsd, idc, scope)))
		scope = scope->parent;

	unsigned long first_line = 0, col;
	xmlNodeSetPtr set = scope ? select_nodes(c, scope, idc->selector) : NULL;
	for (int i = 0; set && i < set->nodeNr; i++) {
		xmlNode *fn = field_node(set->nodeTab[i], idc->field);
		const char *t = doc_text(fn);
		if (fn && fn != dup && t && !strcmp(t, value)) {
			doc_locate_value(c->doc, fn, &first_line, &col);
			break;
		}
	}
	xmlXPathFreeNodeSet(set);

	char *in = where(dup);
	const char *what = idc && !strcmp(idc->field, "id") ? "id" :
			   idc ? idc->field : "value";
	if (first_line)
		add_at(c, RULE_DUPLICATE_ID, dup, true,
		       "%s: duplicate %s '%s' (first used on line %lu)",
		       in, what, value ? value : "", first_line);
	else
		add_at(c, RULE_DUPLICATE_ID, dup, true, "%s: duplicate %s '%s'",
		       in, what, value ? value : "");
	free(in);
done:
	free(value);
	free(name);
}

static void rewrite(struct check *c, struct raw *r)
{
	const char *t = r->text;

	if (strstr(t, "No match found for key-sequence")) {
		unknown_reference(c, t);
	} else if (strstr(t, "Duplicate key-sequence")) {
		duplicate_id(c, r->node, t);
	} else if (strstr(t, "No precomputed value") || strstr(t, "Not all fields")) {
		/* follows from a bad or missing value reported on its own */
	} else if (!r->node) {
		diag_add(c->f, RULE_BAD_VALUE, r->line > 0 ? (unsigned long)r->line : 0,
			 0, NULL, "%s", t);
	} else if (!strncmp(t, "Missing child element", 21)) {
		missing_keys(c, r->node);
	} else if (done(c, r->node)) {
		/* one message per value is enough */
	} else if (strstr(t, "Character content other than whitespace")) {
		const struct xsd_type *type = xsd_type_of(&c->s->xsd, r->node);
		char *in = where(r->node);
		mark_done(c, r->node);
		add_at(c, RULE_BAD_VALUE, r->node, true, "%s must be %s, not a single value",
		       in, type && type->list ? "a list" : "a mapping of keys");
		free(in);
	} else if (strstr(t, "Element content is not allowed")) {
		char *in = where(r->node);
		mark_done(c, r->node);
		add_at(c, RULE_BAD_VALUE, r->node, false,
		       "%s must be a single value, not a list or a mapping", in);
		free(in);
	} else {
		mark_done(c, r->node);
		bad_value(c, r->node, t);
	}
}

static int run(struct check *c)
{
	xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(c->s->compiled);
	if (!v)
		return crisis_error("out of memory");
	xmlSchemaSetValidStructuredErrors(v, collect, c);
	int ret = xmlSchemaValidateDoc(v, c->doc->xml);
	xmlSchemaFreeValidCtxt(v);
	return ret < 0 ? crisis_error("the schema validator failed (%d)", ret) : ret;
}

int schema_validate(struct schema *s, struct doc *doc, struct diag_file *f)
{
	struct check c = { .s = s, .doc = doc, .f = f };
	int ret;

	/*
	 * libxml2 stops checking a mapping at its first unexpected key. Report
	 * unknown keys, take them out, and validate again to see the rest.
	 */
	for (;;) {
		if ((ret = run(&c)) <= 0)
			break;
		size_t unknown = 0;
		for (size_t i = 0; i < c.nr; i++) {
			struct raw *r = &c.raws[i];
			if (!r->node || strncmp(r->text, "This element is not expected", 28))
				continue;
			unknown_key(&c, r->node);
			xmlUnlinkNode(r->node);
			xmlFreeNode(r->node);
			unknown++;
		}
		if (!unknown)
			break;
		clear_raws(&c);
	}
	for (size_t i = 0; ret > 0 && i < c.nr; i++)
		rewrite(&c, &c.raws[i]);
	if (c.xpath)
		xmlXPathFreeContext(c.xpath);
	clear_raws(&c);
	free(c.raws);
	free(c.done);
	free(c.suggested);
	return ret > 0 ? 1 : ret;
}
