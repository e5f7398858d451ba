#include "unit.h"
#include "util/buf.h"
#include "check/diag.h"
#include "check/doc.h"
#include "check/load.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const char plan[] =
	"id: p\n"					/* 1 */
	"activities:\n"					/* 2 */
	"  - id: a\n"					/* 3 */
	"  - id: b\n"					/* 4 */
	"  - id: c\n"					/* 5 */
	"    rto: PT4H\n"				/* 6 */
	"    depends_on: [a, b]\n"			/* 7 */
	"procedures:\n"					/* 8 */
	"  - id: pr\n"					/* 9 */
	"    steps:\n"					/* 10 */
	"      - do: first\n"				/* 11 */
	"      - do: second\n"				/* 12 */
	"        after: [x]\n"				/* 13 */
	"empty:\n";					/* 14 */

static void load_plan(struct doc *doc)
{
	struct diag_file *f = diag_file_new("t.yaml", unit_severities());
	assert_int_equal(load_yaml(doc, plan, strlen(plan), f), 0);
	assert_int_equal(f->nr, 0);
	diag_file_free(f);
}

static xmlNode *nth(xmlNode *list, size_t n)
{
	xmlNode *c = doc_first(list);
	while (c && n--)
		c = doc_next(c);
	assert_non_null(c);
	return c;
}

static void assert_path(const xmlNode *node, const char *want)
{
	char *path = doc_path(node);
	assert_non_null(path);
	assert_string_equal(path, want);
	free(path);
}

static void path_names_keys_and_indexes(void **state)
{
	struct doc doc = DOC_INIT;
	(void)state;
	load_plan(&doc);
	xmlNode *root = xmlDocGetRootElement(doc.xml);
	xmlNode *acts = doc_child(root, "activities");
	xmlNode *rto = doc_child(nth(acts, 2), "rto");

	assert_path(rto, "activities[2].rto");
	assert_path(acts, "activities");
	assert_path(nth(acts, 0), "activities[0]");
	assert_path(nth(doc_child(nth(acts, 2), "depends_on"), 1), "activities[2].depends_on[1]");
	xmlNode *steps = doc_child(nth(doc_child(root, "procedures"), 0), "steps");
	assert_path(nth(doc_child(nth(steps, 1), "after"), 0), "procedures[0].steps[1].after[0]");
	/* A text node has the path of its element; the root stands for the file. */
	assert_path(rto->children, "activities[2].rto");
	assert_path(root, "");
	doc_release(&doc);
}

/* Indexes count elements only, whatever other nodes sit between them. */
static void path_index_skips_other_nodes(void **state)
{
	struct doc doc = DOC_INIT;
	(void)state;
	load_plan(&doc);
	xmlNode *acts = doc_child(xmlDocGetRootElement(doc.xml), "activities");
	xmlAddPrevSibling(nth(acts, 1), xmlNewDocComment(doc.xml, BAD_CAST "note"));
	xmlAddPrevSibling(nth(acts, 1), xmlNewDocText(doc.xml, BAD_CAST "  "));
	assert_path(doc_child(nth(acts, 1), "id"), "activities[1].id");
	assert_int_equal(doc_count(acts), 3);
	doc_release(&doc);
}

/*
 * The loader numbers list items as it reads them: the path keeps the
 * index written in the file even when an item before it is taken out
 * (an unknown key is removed so that the rest is still checked), even past
 * 65,535 items, where it is not counted (that would be quadratic).
 */
static void path_index_is_the_one_in_the_file(void **state)
{
	struct doc doc = DOC_INIT;
	struct buf text = BUF_INIT;
	struct diag_file *f = diag_file_new("t.yaml", unit_severities());
	(void)state;

	buf_adds(&text, "l:\n");
	for (unsigned i = 0; i < 70000; i++)
		buf_addf(&text, "  - %u\n", i);
	assert_int_equal(load_yaml(&doc, text.ptr, text.len, f), 0);
	xmlNode *l = doc_child(xmlDocGetRootElement(doc.xml), "l");
	xmlNode *second = nth(l, 1), *third = nth(l, 2);
	assert_path(third, "l[2]");
	xmlUnlinkNode(second);
	xmlFreeNode(second);
	assert_path(third, "l[2]");
	/* Past 65,535 items, still the position the item had in the file (not counted). */
	xmlNode *last = l->last;
	while (last && last->type != XML_ELEMENT_NODE)
		last = last->prev;
	assert_int_equal(doc_index(last), 70000);
	char *path = doc_path(last);
	char want[32];
	snprintf(want, sizeof(want), "l[%u]", 70000 - 1);
	assert_string_equal(path, want);
	free(path);
	doc_release(&doc);
	diag_file_free(f);
	buf_release(&text);
}

static void locate_falls_back_to_a_mapped_ancestor(void **state)
{
	struct doc doc = DOC_INIT;
	unsigned long line, col;
	(void)state;
	load_plan(&doc);
	xmlNode *root = xmlDocGetRootElement(doc.xml);
	xmlNode *c = nth(doc_child(root, "activities"), 2);

	/* Nodes the loader did not make have no entry of their own. */
	xmlNode *extra = xmlNewDocNode(doc.xml, NULL, BAD_CAST "extra", NULL);
	xmlNode *deeper = xmlNewDocNode(doc.xml, NULL, BAD_CAST "deeper", NULL);
	xmlAddChild(doc_child(c, "rto"), extra);
	xmlAddChild(extra, deeper);
	doc_locate(deeper, &line, &col);
	assert_int_equal(line, 6);
	assert_int_equal(col, 5);

	doc_locate(doc_child(c, "depends_on"), &line, &col);
	assert_int_equal(line, 7);
	assert_int_equal(col, 5);

	/* A node with no mapped ancestor at all has no position. */
	xmlNode *alone = xmlNewDocNode(doc.xml, NULL, BAD_CAST "alone", NULL);
	line = col = 99;
	doc_locate(alone, &line, &col);
	assert_int_equal(line, 0);
	assert_int_equal(col, 0);
	xmlFreeNode(alone);
	line = col = 99;
	doc_locate(NULL, &line, &col);
	assert_int_equal(line, 0);
	doc_release(&doc);
}

static void locate_value_prefers_the_text(void **state)
{
	struct doc doc = DOC_INIT;
	unsigned long line, col;
	(void)state;
	load_plan(&doc);
	xmlNode *root = xmlDocGetRootElement(doc.xml);
	xmlNode *rto = doc_child(nth(doc_child(root, "activities"), 2), "rto");

	doc_locate_value(rto, &line, &col);
	assert_int_equal(line, 6);
	assert_int_equal(col, 10);
	doc_locate(rto, &line, &col);
	assert_int_equal(line, 6);
	assert_int_equal(col, 5);
	/* No value: the key. */
	doc_locate_value(doc_child(root, "empty"), &line, &col);
	assert_int_equal(line, 14);
	assert_int_equal(col, 1);
	/* A mapping as the value: the key too. */
	doc_locate_value(doc_child(root, "activities"), &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);
	doc_release(&doc);
}

static void locate_in_xml_uses_libxml_lines(void **state)
{
	static const char xml[] = "<crisis>\n<id>p</id>\n\n<title>t</title>\n</crisis>\n";
	struct doc doc = DOC_INIT;
	struct diag_file *f = diag_file_new("t.xml", unit_severities());
	unsigned long line, col;
	(void)state;
	assert_int_equal(load_xml(&doc, xml, strlen(xml), f), 0);
	xmlNode *title = doc_child(xmlDocGetRootElement(doc.xml), "title");
	doc_locate(title, &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 0);
	doc_locate_value(title, &line, &col);
	assert_int_equal(line, 4);
	doc_release(&doc);
	diag_file_free(f);
}

static void child_text_and_count(void **state)
{
	struct doc doc = DOC_INIT;
	(void)state;
	load_plan(&doc);
	xmlNode *root = xmlDocGetRootElement(doc.xml);
	xmlNode *c = nth(doc_child(root, "activities"), 2);

	assert_int_equal(doc_count(root), 4);
	assert_int_equal(doc_count(doc_child(root, "activities")), 3);
	assert_int_equal(doc_count(doc_child(c, "depends_on")), 2);
	assert_int_equal(doc_count(doc_child(root, "empty")), 0);
	assert_int_equal(doc_count(NULL), 0);

	assert_string_equal(doc_child_text(c, "id"), "c");
	assert_string_equal(doc_text(doc_child(c, "rto")), "PT4H");
	assert_null(doc_child(c, "mtpd"));
	assert_null(doc_child_text(c, "mtpd"));
	assert_null(doc_text(doc_child(root, "empty")));
	assert_null(doc_text(NULL));
	assert_null(doc_child(NULL, "id"));
	/* The first child of that name, not a later one or a grandchild. */
	assert_ptr_equal(doc_child(root, "id"), doc_first(root));
	assert_string_equal(doc_child_text(root, "id"), "p");
	/* doc_text gives the stored text, not a copy. */
	assert_ptr_equal(doc_text(doc_child(c, "rto")), (const char *)doc_child(c, "rto")->children->content);

	/* Iteration skips comments and text between elements. */
	xmlNode *acts = doc_child(root, "activities");
	xmlAddPrevSibling(doc_first(acts), xmlNewDocComment(doc.xml, BAD_CAST "c"));
	xmlAddChild(acts, xmlNewDocText(doc.xml, BAD_CAST "tail"));
	assert_string_equal(doc_child_text(doc_first(acts), "id"), "a");
	assert_null(doc_next(nth(acts, 2)));
	assert_int_equal(doc_count(acts), 3);
	doc_release(&doc);
}

static void release_twice(void **state)
{
	struct doc doc = DOC_INIT;
	(void)state;
	load_plan(&doc);
	doc_release(&doc);
	assert_null(doc.xml);
	doc_release(&doc);
}

/* Positions live in the node: far past libxml2's 16-bit lines, and exact. */
static void position_is_kept_in_the_node(void **state)
{
	xmlNode *n = xmlNewNode(NULL, BAD_CAST "n");
	unsigned long line = 9, col = 9;
	(void)state;

	assert_int_equal(doc_pos(n, &line, &col), -1);
	doc_set_pos(n, 4000000, 77);
	assert_int_equal(doc_pos(n, &line, &col), 0);
	assert_int_equal(line, 4000000);
	assert_int_equal(col, 77);
	doc_set_pos(n, 1, 1);
	assert_int_equal(doc_pos(n, &line, &col), 0);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	/* A column beyond what is kept stays at the largest one, on the same line. */
	doc_set_pos(n, 70000, 100000000);
	assert_int_equal(doc_pos(n, &line, &col), 0);
	assert_int_equal(line, 70000);
	assert_true(col >= 255 && col < 100000000);
	xmlFreeNode(n);
}

TEST_MAIN(
	cmocka_unit_test(path_names_keys_and_indexes),
	cmocka_unit_test(path_index_skips_other_nodes),
	cmocka_unit_test(path_index_is_the_one_in_the_file),
	cmocka_unit_test(locate_falls_back_to_a_mapped_ancestor),
	cmocka_unit_test(locate_value_prefers_the_text),
	cmocka_unit_test(locate_in_xml_uses_libxml_lines),
	cmocka_unit_test(child_text_and_count),
	cmocka_unit_test(release_twice),
	cmocka_unit_test(position_is_kept_in_the_node),
)
