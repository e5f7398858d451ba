/*
 * What a schema says, read from the XSD document itself: the types, which
 * keys each mapping requires, the values of each enumeration and the
 * identity constraints. The messages use it to speak in the user's terms.
 */
#ifndef CRISIS_XSD_H
#define CRISIS_XSD_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

struct xsd_elem {
	const char *name;
	const char *type;	/* a type name, "xs:..." for built-in types */
	bool required;
	const xmlNode *decl;	/* the xs:element */
};

struct xsd_type {
	const char *name;
	bool simple;
	bool list;		/* a sequence of <item> */
	struct xsd_elem *elems;
	size_t nr_elems;
	const char **values;	/* enumeration values, NULL-terminated */
	size_t nr_values;
	const char *base;	/* a simple type's restriction base, or NULL */
};

enum xsd_idc_kind { IDC_KEY, IDC_UNIQUE, IDC_KEYREF };

#define XSD_MAX_DEPTH 16

struct xsd_idc {
	const char *name;
	enum xsd_idc_kind kind;
	const char *refer;	/* keyrefs: the key or unique it names */
	const char *selector;
	const char *field;
	const char *scope_type;	/* NULL: the root; else the parent's type ... */
	const char *scope_elem;	/* ... and the element the constraint sits on */
	/* The element names from the root down to the scope: "procedures", "item". */
	const char *scope_path[XSD_MAX_DEPTH];
	size_t scope_depth;	/* 0 for the root */
};

struct xsd {
	xmlDocPtr doc;
	const char *root_type;
	struct xsd_type *types;
	size_t nr_types;
	struct xsd_idc *idcs;
	size_t nr_idcs;
};

/*
 * Read a schema's text. The root element has the type the schema declares,
 * or `root_type` when not NULL (contacts.yaml's contactsFile, from the
 * plan's schema). 0, or -1 with crisis_error_last().
 */
int xsd_read(struct xsd *x, const char *text, size_t len, const char *root_type);
void xsd_release(struct xsd *x);

const struct xsd_type *xsd_type(const struct xsd *x, const char *name);
/* The built-in type ("xs:integer") a type is, by itself or by its bases, or NULL. */
const char *xsd_builtin(const struct xsd *x, const char *type);
/* Is the type (a name, "xs:..." for built-in ones) a number, by itself or by its bases? */
bool xsd_numeric(const struct xsd *x, const char *type);
const struct xsd_elem *xsd_elem(const struct xsd_type *t, const char *name);
/* The declaration of an element of a loaded document, or NULL. */
const struct xsd_elem *xsd_decl_of(const struct xsd *x, const xmlNode *node);
/* The type of an element of a loaded document, or NULL. */
const struct xsd_type *xsd_type_of(const struct xsd *x, const xmlNode *node);
const struct xsd_idc *xsd_idc(const struct xsd *x, const char *name);
/* Is `node` an element on which `idc` is declared? */
bool xsd_idc_scope(const struct xsd *x, const struct xsd_idc *idc, const xmlNode *node);

#endif
