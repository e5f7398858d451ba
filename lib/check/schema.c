#include "schema.h"
#include "util/buf.h"
#include "util/ptrset.h"
#include "embedded.h"
#include "util/error.h"
#include "util/fs.h"
#include "keys.h"
#include "rule.h"
#include "util/suggest.h"
#include "xsd.h"

#include <libxml/xmlschemas.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct schema {
	xmlSchemaPtr compiled;
	xmlDocPtr compiled_from;	/* the XSD without its identity constraints */
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
	size_t shapes;		/* lists, mappings and values in each other's place */
	struct ptrset done;	/* nodes already reported */
	struct suggested {	/* "did you mean" answers given for unknown keys */
		const xmlNode *parent;
		const char *name;
	} *suggested;
	size_t nr_suggested, alloc_suggested;
};

/* Take out xs:key, xs:unique and xs:keyref: idc.c checks them. */
static void strip_identity_constraints(xmlNode *node)
{
	xmlNode *next;
	for (xmlNode *c = node->children; c; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		if (!strcmp(name, "key") || !strcmp(name, "unique") || !strcmp(name, "keyref")) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else {
			strip_identity_constraints(c);
		}
	}
}

/* libxml2 would print a schema's errors: keep the first one instead. */
static void keep_first_error(void *data, xmlErrorPtr err)
{
	struct buf *first = data;
	if (first->len || !err->message)
		return;
	buf_add(first, err->message, strcspn(err->message, "\n"));
}

static struct schema *schema_compile(const char *text, size_t len, const char *root_type)
{
	struct schema *s = xcalloc(1, sizeof(*s));
	if (xsd_read(&s->xsd, text, len, root_type) < 0) {
		free(s);
		return NULL;
	}
	s->compiled_from = xmlCopyDoc(s->xsd.doc, 1);
	strip_identity_constraints(xmlDocGetRootElement(s->compiled_from));
	xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewDocParserCtxt(s->compiled_from);
	struct buf first = BUF_INIT;
	xmlSchemaSetParserStructuredErrors(pctxt, keep_first_error, &first);
	s->compiled = xmlSchemaParse(pctxt);
	xmlSchemaFreeParserCtxt(pctxt);
	if (!s->compiled) {
		crisis_error("the schema does not compile: %s", first.len ? first.ptr : "unknown error");
		buf_release(&first);
		xmlFreeDoc(s->compiled_from);
		xsd_release(&s->xsd);
		free(s);
		return NULL;
	}
	buf_release(&first);
	return s;
}

struct schema *schema_builtin(const char *name, const char *root_type)
{
	struct embedded_file file;
	if (embedded_find(name, &file) < 0) {
		crisis_error("no builtin schema '%s'", name);
		return NULL;
	}
	return schema_compile(file.data, file.len, root_type);
}

struct schema *schema_from_file(const char *path, const char *root_type)
{
	struct buf text = BUF_INIT;
	if (fs_read_file(path, &text) < 0)
		return NULL;
	struct schema *s = schema_compile(buf_str(&text), text.len, root_type);
	if (!s) {
		char *why = xstrdup(crisis_error_last());
		crisis_error("'%s': %s", path, why);
		free(why);
	}
	buf_release(&text);
	return s;
}

void schema_free(struct schema *s)
{
	if (!s)
		return;
	xmlSchemaFree(s->compiled);
	xmlFreeDoc(s->compiled_from);
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
	return ptrset_has(&c->done, node);
}

static bool skip_reported(void *data, const xmlNode *node)
{
	return done(data, (xmlNode *)node);
}

static void mark_done(struct check *c, xmlNode *node)
{
	ptrset_add(&c->done, node);
}

/* "activities[2].rto", or for the root what the file is: "the plan", "the debrief"... */
static char *where(const xmlNode *node)
{
	char *path = doc_path(node);
	if (!*path) {
		const char *kind = doc_child_text((xmlNode *)node, "kind");
		free(path);
		if (kind && !strcmp(kind, "drill-run"))
			return xstrdup("the run record");
		if (kind && !strcmp(kind, "drill"))
			return xstrdup("the drill");
		if (kind && !strcmp(kind, "debrief"))
			return xstrdup("the debrief");
		return xstrdup("the plan");
	}
	return path;
}

#define add_at(c, rule, node, value, ...) \
	doc_report((c)->f, rule, node, (value) ? AT_VALUE : AT_KEY, __VA_ARGS__)

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
		c->shapes++;
		if (!done(c, parent))
			add_at(c, RULE_BAD_VALUE, parent, false,
			       "%s must be a list (items starting with '- '), not a mapping", in);
		mark_done(c, parent);
	} else if (!strcmp((const char *)node->name, "item")) {
		c->shapes++;
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
	{ "dateTime", "a date and time", "ISO 8601 with its offset, such as 2026-11-22T14:00:00+01:00" },
	{ "when", "a time", "an offset such as PT12M, or a date and time such as 2026-03-03T08:15:00+01:00" },
	{ "stepRef", "a step", "a procedure id, '.', a step id, such as evacuation.alerter" },
	{ "commit", "a commit id", "7 to 40 hexadecimal digits, such as 3f2c1ab" },
	{ "speed", "a speed", "a number above 0, such as 1 or 10" },
};

/*
 * What a value written the everyday way means in the format, when that is
 * plain: a duration "3h", "30 min", "2 jours" -> PT3H, PT30M, P2D; a date
 * "15/09/2026" -> 2026-09-15. False when the intent is not plain.
 */
static bool plain_intent(const char *type, const char *value, struct buf *out)
{
	static const struct { const char *unit; const char *iso; bool time; } units[] = {
		{ "h", "H", true }, { "hr", "H", true }, { "hrs", "H", true }, { "hour", "H", true },
		{ "hours", "H", true }, { "heure", "H", true }, { "heures", "H", true },
		{ "m", "M", true }, { "mn", "M", true }, { "min", "M", true }, { "mins", "M", true },
		{ "minute", "M", true }, { "minutes", "M", true },
		{ "d", "D", false }, { "j", "D", false }, { "day", "D", false }, { "days", "D", false },
		{ "jour", "D", false }, { "jours", "D", false },
		{ "w", "W", false }, { "week", "W", false }, { "weeks", "W", false },
		{ "semaine", "W", false }, { "semaines", "W", false },
	};
	char *end;
	if (!value)
		return false;
	if (!strcmp(type, "duration")) {
		unsigned long n = strtoul(value, &end, 10);
		if (end == value || !n)
			return false;
		while (*end == ' ')
			end++;
		for (size_t i = 0; i < sizeof(units) / sizeof(*units); i++)
			if (!strcasecmp(end, units[i].unit)) {
				buf_addf(out, "P%s%lu%s", units[i].time ? "T" : "", n, units[i].iso);
				return true;
			}
		return false;
	}
	if (!strcmp(type, "date")) {
		unsigned d, m, y;
		int len = 0;
		if ((sscanf(value, "%2u/%2u/%4u%n", &d, &m, &y, &len) == 3 ||
		     sscanf(value, "%2u.%2u.%4u%n", &d, &m, &y, &len) == 3) && !value[len] &&
		    y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
			buf_addf(out, "%04u-%02u-%02u", y, m, d);
			return true;
		}
	}
	return false;
}

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
		struct buf meant = BUF_INIT;
		if (!value)
			add_at(c, RULE_BAD_VALUE, node, true,
			       "%s is empty; expected %s (%s)", in, e->noun, e->hint);
		else if (plain_intent(e->type, value, &meant))
			add_at(c, RULE_BAD_VALUE, node, true,
			       "%s: '%s' is not %s (expected %s); did you mean '%s'?", in, value,
			       e->noun, e->hint, meant.ptr);
		else
			add_at(c, RULE_BAD_VALUE, node, true,
			       "%s: '%s' is not %s (expected %s)", in, value, e->noun, e->hint);
		buf_release(&meant);
		free(in);
		return;
	}
	add_at(c, RULE_BAD_VALUE, node, true, "%s: %s", in, libxml_text);
	free(in);
}

static void rewrite(struct check *c, struct raw *r)
{
	const char *t = r->text;

	if (!r->node) {
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
		c->shapes++;
		add_at(c, RULE_BAD_VALUE, r->node, true, "%s must be %s, not a single value",
		       in, type && type->list ? "a list" : "a mapping of keys");
		free(in);
	} else if (strstr(t, "Element content is not allowed")) {
		char *in = where(r->node);
		mark_done(c, r->node);
		c->shapes++;
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

int schema_validate(struct schema *s, struct doc *doc, struct diag_file *f,
		    const struct keys_outside *outside)
{
	struct check c = { .s = s, .doc = doc, .f = f };
	int ret;

	/*
	 * libxml2 stops checking a mapping at its first unexpected key. Report
	 * unknown keys, take them out, and validate again to see the rest.
	 */
	size_t removed = 0;
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
		removed += unknown;
		clear_raws(&c);
	}
	if (ret == 0 && removed)
		ret = 1;	/* the rest is valid, the file is not */
	for (size_t i = 0; ret > 0 && i < c.nr; i++)
		rewrite(&c, &c.raws[i]);
	/*
	 * A list written as a mapping loses its items: references to them would
	 * all look dangling. Report those once the shape is right.
	 */
	if (ret >= 0 && keys_check(&s->xsd, doc, f, c.shapes == 0, outside, skip_reported, &c))
		ret = 1;
	clear_raws(&c);
	free(c.raws);
	ptrset_release(&c.done);
	free(c.suggested);
	return ret > 0 ? 1 : ret;
}
