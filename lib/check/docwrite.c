#include "docwrite.h"
#include "embedded.h"
#include "xsd.h"
#include "util/error.h"
#include "util/json.h"

#include <libxml/tree.h>
#include <string.h>

static bool has_elements(const xmlNode *node)
{
	for (const xmlNode *c = node->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return true;
	return false;
}

/* Elements and their text only: no comments, no blank text between elements. */
static xmlNode *copy_data(const xmlNode *node)
{
	xmlNode *n = xmlNewNode(NULL, node->name);
	if (!n)
		return NULL;
	if (has_elements(node)) {
		for (const xmlNode *c = node->children; c; c = c->next) {
			xmlNode *child;
			if (c->type != XML_ELEMENT_NODE)
				continue;
			if (!(child = copy_data(c))) {
				xmlFreeNode(n);
				return NULL;
			}
			xmlAddChild(n, child);
		}
	} else if (doc_text(node)) {
		xmlNodeAddContent(n, BAD_CAST doc_text(node));
	}
	return n;
}

int docwrite_xml(struct buf *out, const struct doc *doc)
{
	xmlNode *src = doc->xml ? xmlDocGetRootElement(doc->xml) : NULL;
	xmlDocPtr copy = xmlNewDoc(BAD_CAST "1.0");
	xmlNode *root = src && copy ? copy_data(src) : NULL;
	xmlChar *mem = NULL;
	int len = 0;

	if (!root) {
		xmlFreeDoc(copy);
		return crisis_error(src ? "out of memory writing XML" : "the document is empty");
	}
	xmlDocSetRootElement(copy, root);
	xmlDocDumpFormatMemoryEnc(copy, &mem, &len, "UTF-8", 1);
	xmlFreeDoc(copy);
	if (!mem)
		return crisis_error("out of memory writing XML");
	buf_add(out, (const char *)mem, (size_t)len);
	xmlFree(mem);
	return 0;
}

/*
 * An XSD number as JSON writes it: no '+', no leading zeros, no trailing
 * zeros in the fraction ("+007.50" is 7.5). False when `s` is no number.
 */
static bool add_number(struct buf *out, const char *s)
{
	s += strspn(s, " \t\r\n");
	bool minus = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	size_t nint = strspn(s, "0123456789");
	const char *frac = s + nint;
	size_t nfrac = 0;
	if (*frac == '.')
		nfrac = strspn(++frac, "0123456789");
	const char *end = frac + nfrac;
	if (!nint && !nfrac)
		return false;
	if (end[strspn(end, " \t\r\n")])
		return false;
	while (nint > 1 && *s == '0')
		s++, nint--;
	while (nfrac && frac[nfrac - 1] == '0')
		nfrac--;
	bool zero = (!nint || (nint == 1 && *s == '0')) && !nfrac;
	if (minus && !zero)
		buf_addc(out, '-');
	if (nint)
		buf_add(out, s, nint);
	else
		buf_addc(out, '0');
	if (nfrac) {
		buf_addc(out, '.');
		buf_add(out, frac, nfrac);
	}
	return true;
}

static void indent(struct buf *out, int depth)
{
	buf_addc(out, '\n');
	for (int i = 0; i < depth; i++)
		buf_adds(out, "  ");
}

static void add_scalar(struct buf *out, const struct xsd *x, const xmlNode *node,
		       const char *type)
{
	const char *text = doc_text(node), *builtin = type ? xsd_builtin(x, type) : NULL;
	if (!text)
		text = "";
	if (builtin && !strcmp(builtin, "xs:boolean")) {
		size_t n = strspn(text, " \t\r\n");
		buf_adds(out, !strncmp(text + n, "true", 4) || text[n] == '1' ? "true" : "false");
		return;
	}
	if (xsd_numeric(x, type) && add_number(out, text))
		return;
	json_str(out, text);
}

static void add_value(struct buf *out, const struct xsd *x, const xmlNode *node,
		      const char *type, int depth)
{
	const struct xsd_type *t = xsd_type(x, type);
	bool list = t && !t->simple && t->list;
	size_t n = 0;

	if (t ? t->simple : !has_elements(node)) {
		add_scalar(out, x, node, type);
		return;
	}
	/* A mapping or list written `key:` with nothing after it is empty. */
	buf_addc(out, list ? '[' : '{');
	for (const xmlNode *c = doc_first(node); c; c = doc_next(c), n++) {
		const struct xsd_elem *e = list ? &t->elems[0] : xsd_elem(t, (const char *)c->name);
		buf_adds(out, n ? "," : "");
		indent(out, depth + 1);
		if (!list) {
			json_str(out, (const char *)c->name);
			buf_adds(out, ": ");
		}
		add_value(out, x, c, e ? e->type : NULL, depth + 1);
	}
	if (n)
		indent(out, depth);
	buf_addc(out, list ? ']' : '}');
}

int docwrite_json(struct buf *out, const struct doc *doc, const char *schema,
		  const char *root_type)
{
	struct embedded_file file;
	struct xsd x;
	xmlNode *root = doc->xml ? xmlDocGetRootElement(doc->xml) : NULL;

	if (!root)
		return crisis_error("the document is empty");
	if (embedded_find(schema, &file) < 0)
		return crisis_error("no builtin schema '%s'", schema);
	if (xsd_read(&x, file.data, file.len, root_type) < 0)
		return -1;
	add_value(out, &x, root, x.root_type, 0);
	buf_addc(out, '\n');
	xsd_release(&x);
	return 0;
}
