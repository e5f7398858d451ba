#include "keys.h"
#include "util/buf.h"
#include "util/ptrset.h"
#include "rule.h"
#include "util/strmap.h"
#include "util/suggest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct nodes {
	xmlNode **items;
	size_t nr, alloc;
};

/* The values of one key or unique in one scope. */
struct table {
	const struct xsd_idc *idc;
	const xmlNode *scope;
	struct strmap values;	/* value -> field node */
	char **owned;		/* normalised values the map points to */
	size_t nr_owned, alloc_owned;
};

struct idc_run {
	const struct xsd *x;
	const struct doc *doc;
	struct diag_file *f;
	const struct keys_outside *outside;
	keys_skip_fn skip;
	void *skip_data;
	struct table *tables;
	size_t nr_tables, alloc_tables;
	struct ptrset reported;	/* field nodes already reported */
	size_t findings;
};

static void add_node(struct nodes *n, xmlNode *node)
{
	ALLOC_GROW(n->items, n->nr + 1, n->alloc);
	n->items[n->nr++] = node;
}

/* Follow one path of names ("escalation/item/notify/item", ".") from `from`. */
static void walk_path(xmlNode *from, const char *path, size_t len, struct nodes *out)
{
	while (len && *path == ' ')
		path++, len--;
	while (len && path[len - 1] == ' ')
		len--;
	if (!len || (len == 1 && *path == '.')) {
		add_node(out, from);
		return;
	}
	if (len >= 2 && path[0] == '.' && path[1] == '/') {
		walk_path(from, path + 2, len - 2, out);
		return;
	}
	const char *slash = memchr(path, '/', len);
	size_t step = slash ? (size_t)(slash - path) : len;
	for (xmlNode *c = doc_first(from); c; c = doc_next(c)) {
		if (strlen((const char *)c->name) != step || memcmp(c->name, path, step))
			continue;
		if (slash)
			walk_path(c, slash + 1, len - step - 1, out);
		else
			add_node(out, c);
	}
}

/* Every node an XPath of the XSD selector subset selects: "a/b|c/d". */
static void select_nodes(xmlNode *scope, const char *xpath, struct nodes *out)
{
	while (xpath && *xpath) {
		size_t n = strcspn(xpath, "|");
		walk_path(scope, xpath, n, out);
		xpath += n + (xpath[n] == '|');
	}
}

static xmlNode *field_of(xmlNode *selected, const char *field)
{
	if (!field || !strcmp(field, "."))
		return selected;
	return doc_child(selected, field);
}

/*
 * The value compared: trimmed; a number (a field of a numeric type) loses
 * its leading zeros, as typed values do. An id such as "007" stays itself.
 */
static char *value_of(const struct idc_run *r, const xmlNode *field)
{
	const char *t = doc_text(field);
	if (!t)
		return NULL;
	while (isspace((unsigned char)*t))
		t++;
	size_t n = strlen(t);
	while (n && isspace((unsigned char)t[n - 1]))
		n--;
	size_t digits = 0;
	while (digits < n && isdigit((unsigned char)t[digits]))
		digits++;
	if (digits == n && n > 1 && *t == '0') {
		const struct xsd_elem *e = xsd_decl_of(r->x, field);
		if (e && xsd_numeric(r->x, e->type))
			while (n > 1 && *t == '0')
				t++, n--;
	}
	return n ? xstrndup(t, n) : NULL;
}

#define report(r, rule, node, fmt, ...) do { \
	char *path_ = doc_path(node); \
	doc_report((r)->f, rule, node, AT_VALUE, "%s%s" fmt, path_, \
		   *path_ ? ": " : "", __VA_ARGS__); \
	free(path_); \
	ptrset_add(&(r)->reported, node); \
	(r)->findings++; \
} while (0)

static bool skipped(struct idc_run *r, const xmlNode *node)
{
	return ptrset_has(&r->reported, node) ||
	       (r->skip && r->skip(r->skip_data, node));
}

static const char *what_of(const struct xsd_idc *idc)
{
	return !strcmp(idc->field, "id") || !strcmp(idc->field, ".") ? "id" : idc->field;
}

static void add_value(struct table *t, char *value, const xmlNode *field)
{
	ALLOC_GROW(t->owned, t->nr_owned + 1, t->alloc_owned);
	t->owned[t->nr_owned++] = value;
	strmap_put(&t->values, value, (void *)field);
}

/* The ids another file defines for this key; the file's own come first. */
static void add_outside(struct idc_run *r, struct table *t)
{
	const struct keys_outside *o = r->outside;
	size_t k = 0;

	while (o && k < o->nr_keys && strcmp(o->keys[k], t->idc->name))
		k++;
	if (!o || k == o->nr_keys)
		return;
	for (size_t i = 0; i < o->nr_ids; i++) {
		xmlNode *field = (xmlNode *)strmap_get(&t->values, o->ids[i]);
		if (!field) {
			/* The root stands for a definition elsewhere. */
			add_value(t, xstrdup(o->ids[i]), xmlDocGetRootElement(r->doc->xml));
		} else if (!skipped(r, field)) {
			report(r, RULE_DUPLICATE_ID, field, "%s '%s' is also defined in %s (line %lu)",
			       what_of(t->idc), o->ids[i], o->file, o->lines[i]);
		}
	}
}

static void fill_table(struct idc_run *r, struct table *t, xmlNode *scope)
{
	struct nodes sel = { NULL, 0, 0 };
	select_nodes(scope, t->idc->selector, &sel);
	for (size_t i = 0; i < sel.nr; i++) {
		xmlNode *field = field_of(sel.items[i], t->idc->field);
		char *value = field ? value_of(r, field) : NULL;
		if (!value)
			continue;	/* a missing or empty field is the schema's to report */
		const xmlNode *first = strmap_get(&t->values, value);
		if (first) {
			unsigned long line, col;
			doc_locate_value(first, &line, &col);
			if (!skipped(r, field))
				report(r, RULE_DUPLICATE_ID, field,
				       "duplicate %s '%s' (first used on line %lu)",
				       what_of(t->idc), value, line);
			free(value);
			continue;
		}
		add_value(t, value, field);
	}
	free(sel.items);
	if (t->scope == xmlDocGetRootElement(r->doc->xml))
		add_outside(r, t);
}

static const struct table *find_table(const struct idc_run *r, const char *name,
				      const xmlNode *scope)
{
	/* The key's scope is the keyref's, or one of its ancestors. */
	for (; scope; scope = scope->parent)
		for (size_t i = 0; i < r->nr_tables; i++)
			if (r->tables[i].scope == scope && !strcmp(r->tables[i].idc->name, name))
				return &r->tables[i];
	return NULL;
}

static const char *noun_of(const char *key)
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
		if (!strcmp(nouns[i][0], key))
			return nouns[i][1];
	return key;
}

static void check_refs(struct idc_run *r, const struct xsd_idc *idc, xmlNode *scope)
{
	const struct table *t = find_table(r, idc->refer, scope);
	struct nodes sel = { NULL, 0, 0 };

	if (!t)
		return;
	select_nodes(scope, idc->selector, &sel);
	for (size_t i = 0; i < sel.nr; i++) {
		xmlNode *field = field_of(sel.items[i], idc->field);
		char *value = field ? value_of(r, field) : NULL;
		if (value && !strmap_get(&t->values, value) && !skipped(r, field)) {
			const char *best = suggest_best(value, (const char *const *)t->owned,
							t->nr_owned);
			if (best)
				report(r, RULE_UNKNOWN_REFERENCE, field,
				       "unknown %s '%s'; did you mean '%s'?",
				       noun_of(idc->refer), value, best);
			else
				report(r, RULE_UNKNOWN_REFERENCE, field, "unknown %s '%s'",
				       noun_of(idc->refer), value);
		}
		free(value);
	}
	free(sel.items);
}

/* The elements on which a constraint is declared. */
static void scopes_of(const struct idc_run *r, const struct xsd_idc *idc, struct nodes *out)
{
	xmlNode *root = xmlDocGetRootElement(r->doc->xml);
	struct buf path = BUF_INIT;
	if (!root)
		return;
	for (size_t i = 0; i < idc->scope_depth; i++)
		buf_addf(&path, "%s%s", i ? "/" : "", idc->scope_path[i]);
	walk_path(root, buf_str(&path), path.len, out);
	buf_release(&path);
}

size_t keys_check(const struct xsd *x, const struct doc *doc, struct diag_file *f,
		 bool refs, const struct keys_outside *outside, keys_skip_fn skip, void *skip_data)
{
	struct idc_run r = { .x = x, .doc = doc, .f = f, .outside = outside,
			     .skip = skip, .skip_data = skip_data };

	/* Keys and uniques first, so that every keyref finds its table. */
	for (int pass = 0; pass < (refs ? 2 : 1); pass++) {
		for (size_t i = 0; i < x->nr_idcs; i++) {
			const struct xsd_idc *idc = &x->idcs[i];
			if ((idc->kind == IDC_KEYREF) != pass || !idc->selector || !idc->name)
				continue;
			struct nodes scopes = { NULL, 0, 0 };
			scopes_of(&r, idc, &scopes);
			for (size_t s = 0; s < scopes.nr; s++) {
				if (pass) {
					check_refs(&r, idc, scopes.items[s]);
					continue;
				}
				ALLOC_GROW(r.tables, r.nr_tables + 1, r.alloc_tables);
				struct table *t = &r.tables[r.nr_tables++];
				memset(t, 0, sizeof(*t));
				t->idc = idc;
				t->scope = scopes.items[s];
				fill_table(&r, t, scopes.items[s]);
			}
			free(scopes.items);
		}
	}
	for (size_t i = 0; i < r.nr_tables; i++) {
		strmap_release(&r.tables[i].values);
		for (size_t j = 0; j < r.tables[i].nr_owned; j++)
			free(r.tables[i].owned[j]);
		free(r.tables[i].owned);
	}
	free(r.tables);
	ptrset_release(&r.reported);
	return r.findings;
}
