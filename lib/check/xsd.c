#include "xsd.h"
#include "util/buf.h"
#include "util/error.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

static bool is_xs(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const char *attr(const xmlNode *n, const char *name)
{
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, name) && a->children)
			return (const char *)a->children->content;
	return NULL;
}

static const xmlNode *first_xs(const xmlNode *parent, const char *name)
{
	for (const xmlNode *c = parent->children; c; c = c->next)
		if (is_xs(c, name))
			return c;
	return NULL;
}

static void read_idcs(struct xsd *x, const xmlNode *element, const char *scope_type,
		      size_t *alloc)
{
	for (const xmlNode *c = element->children; c; c = c->next) {
		enum xsd_idc_kind kind;
		if (is_xs(c, "key"))
			kind = IDC_KEY;
		else if (is_xs(c, "unique"))
			kind = IDC_UNIQUE;
		else if (is_xs(c, "keyref"))
			kind = IDC_KEYREF;
		else
			continue;
		const xmlNode *sel = first_xs(c, "selector");
		const xmlNode *field = first_xs(c, "field");
		ALLOC_GROW(x->idcs, x->nr_idcs + 1, *alloc);
		struct xsd_idc *idc = &x->idcs[x->nr_idcs++];
		memset(idc, 0, sizeof(*idc));
		idc->name = attr(c, "name");
		idc->kind = kind;
		idc->refer = attr(c, "refer");
		idc->selector = sel ? attr(sel, "xpath") : NULL;
		idc->field = field ? attr(field, "xpath") : NULL;
		idc->scope_type = scope_type;
		idc->scope_elem = scope_type ? attr(element, "name") : NULL;
	}
}

static void read_complex(struct xsd *x, struct xsd_type *t, const xmlNode *def,
			 size_t *idc_alloc)
{
	const xmlNode *group = first_xs(def, "all");
	if (!group)
		group = first_xs(def, "sequence");
	if (!group)
		return;
	size_t alloc = 0;
	for (const xmlNode *e = group->children; e; e = e->next) {
		if (!is_xs(e, "element"))
			continue;
		ALLOC_GROW(t->elems, t->nr_elems + 1, alloc);
		struct xsd_elem *el = &t->elems[t->nr_elems++];
		const char *min = attr(e, "minOccurs");
		el->name = attr(e, "name");
		el->type = attr(e, "type");
		el->required = !min || strcmp(min, "0");
		el->decl = e;
		read_idcs(x, e, t->name, idc_alloc);
	}
	t->list = t->nr_elems == 1 && t->elems[0].name &&
		  !strcmp(t->elems[0].name, "item") && is_xs(group, "sequence");
}

static void read_simple(struct xsd_type *t, const xmlNode *def)
{
	const xmlNode *r = first_xs(def, "restriction");
	size_t alloc = 0;
	if (!r)
		return;
	t->base = attr(r, "base");
	for (const xmlNode *e = r->children; e; e = e->next) {
		if (!is_xs(e, "enumeration"))
			continue;
		ALLOC_GROW(t->values, t->nr_values + 2, alloc);
		t->values[t->nr_values++] = attr(e, "value");
		t->values[t->nr_values] = NULL;
	}
}

/* Record in idc->scope_path the way from `type` down to the constraint's element. */
static bool find_scope(const struct xsd *x, const char *type, struct xsd_idc *idc,
		       size_t depth)
{
	const struct xsd_type *t = xsd_type(x, type);
	if (!t || depth + 1 >= XSD_MAX_DEPTH)
		return false;
	for (size_t i = 0; i < t->nr_elems; i++) {
		const struct xsd_elem *e = &t->elems[i];
		idc->scope_path[depth] = e->name;
		if (!strcmp(t->name, idc->scope_type) && !strcmp(e->name, idc->scope_elem)) {
			idc->scope_depth = depth + 1;
			return true;
		}
		if (e->type && find_scope(x, e->type, idc, depth + 1))
			return true;
	}
	return false;
}

int xsd_read(struct xsd *x, const char *text, size_t len, const char *root_type)
{
	size_t alloc = 0, idc_alloc = 0;

	memset(x, 0, sizeof(*x));
	x->doc = xmlReadMemory(text, (int)len, "schema.xsd", NULL,
			       XML_PARSE_NONET | XML_PARSE_NOBLANKS |
			       XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlNode *root = x->doc ? xmlDocGetRootElement(x->doc) : NULL;
	if (!root || !is_xs(root, "schema")) {
		xsd_release(x);
		return crisis_error("not an XML schema");
	}
	for (const xmlNode *c = root->children; c; c = c->next) {
		bool simple = is_xs(c, "simpleType");
		if (simple || is_xs(c, "complexType")) {
			ALLOC_GROW(x->types, x->nr_types + 1, alloc);
			struct xsd_type *t = &x->types[x->nr_types++];
			memset(t, 0, sizeof(*t));
			t->name = attr(c, "name");
			t->simple = simple;
			if (simple)
				read_simple(t, c);
			else
				read_complex(x, t, c, &idc_alloc);
		} else if (is_xs(c, "element") && !x->root_type) {
			if (root_type)
				xmlSetProp((xmlNode *)c, BAD_CAST "type", BAD_CAST root_type);
			x->root_type = attr(c, "type");
			read_idcs(x, c, NULL, &idc_alloc);
		}
	}
	if (!x->root_type) {
		xsd_release(x);
		return crisis_error("the schema declares no root element with a named type");
	}
	if (root_type && !xsd_type(x, root_type)) {
		xsd_release(x);
		return crisis_error("the schema has no type '%s'", root_type);
	}
	for (size_t i = 0; i < x->nr_idcs; i++) {
		struct xsd_idc *idc = &x->idcs[i];
		if (!idc->scope_type || find_scope(x, x->root_type, idc, 0))
			continue;
		if (root_type) {
			idc->selector = NULL;	/* a plan's, out of reach of this root */
		} else {
			const char *name = idc->name ? idc->name : "?";
			xsd_release(x);
			return crisis_error("identity constraint '%s' is out of reach of the root", name);
		}
	}
	return 0;
}

void xsd_release(struct xsd *x)
{
	for (size_t i = 0; i < x->nr_types; i++) {
		free(x->types[i].elems);
		free(x->types[i].values);
	}
	free(x->types);
	free(x->idcs);
	if (x->doc)
		xmlFreeDoc(x->doc);
	memset(x, 0, sizeof(*x));
}

const struct xsd_type *xsd_type(const struct xsd *x, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < x->nr_types; i++)
		if (x->types[i].name && !strcmp(x->types[i].name, name))
			return &x->types[i];
	return NULL;
}

const char *xsd_builtin(const struct xsd *x, const char *type)
{
	/* A chain of restrictions longer than the types there are is a loop. */
	for (size_t hops = 0; type && hops <= x->nr_types; hops++) {
		if (!strncmp(type, "xs:", 3))
			return type;
		const struct xsd_type *t = xsd_type(x, type);
		type = t && t->simple ? t->base : NULL;
	}
	return NULL;
}

bool xsd_numeric(const struct xsd *x, const char *type)
{
	static const char *const numbers[] = {
		"decimal", "integer", "nonPositiveInteger", "negativeInteger", "long", "int",
		"short", "byte", "nonNegativeInteger", "unsignedLong", "unsignedInt",
		"unsignedShort", "unsignedByte", "positiveInteger", NULL,
	};
	const char *builtin = xsd_builtin(x, type);
	for (size_t i = 0; builtin && numbers[i]; i++)
		if (!strcmp(builtin + 3, numbers[i]))
			return true;
	return false;
}

const struct xsd_elem *xsd_elem(const struct xsd_type *t, const char *name)
{
	if (!t)
		return NULL;
	for (size_t i = 0; i < t->nr_elems; i++)
		if (t->elems[i].name && !strcmp(t->elems[i].name, name))
			return &t->elems[i];
	return NULL;
}

const struct xsd_elem *xsd_decl_of(const struct xsd *x, const xmlNode *node)
{
	if (!node || node->type != XML_ELEMENT_NODE || !node->parent ||
	    node->parent->type != XML_ELEMENT_NODE)
		return NULL;
	return xsd_elem(xsd_type_of(x, node->parent), (const char *)node->name);
}

const struct xsd_type *xsd_type_of(const struct xsd *x, const xmlNode *node)
{
	if (!node || node->type != XML_ELEMENT_NODE)
		return NULL;
	if (!node->parent || node->parent->type != XML_ELEMENT_NODE)
		return xsd_type(x, x->root_type);
	const struct xsd_elem *e = xsd_decl_of(x, node);
	return e ? xsd_type(x, e->type) : NULL;
}

const struct xsd_idc *xsd_idc(const struct xsd *x, const char *name)
{
	for (size_t i = 0; i < x->nr_idcs; i++)
		if (x->idcs[i].name && !strcmp(x->idcs[i].name, name))
			return &x->idcs[i];
	return NULL;
}

bool xsd_idc_scope(const struct xsd *x, const struct xsd_idc *idc, const xmlNode *node)
{
	if (!node || node->type != XML_ELEMENT_NODE)
		return false;
	if (!idc->scope_type)
		return !node->parent || node->parent->type != XML_ELEMENT_NODE;
	if (strcmp((const char *)node->name, idc->scope_elem))
		return false;
	const struct xsd_type *t = xsd_type_of(x, node->parent);
	return t && t->name && !strcmp(t->name, idc->scope_type);
}
