#include "unit.h"
#include "util/buf.h"
#include "check/diag.h"
#include "check/doc.h"
#include "check/load.h"
#include "check/rule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A file loaded for a test: its document and its findings. */
struct loaded {
	struct doc doc;
	struct diag_file *f;
	int ret;
};

static void dump(const struct diag_file *f)
{
	for (size_t i = 0; i < f->nr; i++)
		print_message("# %lu:%lu: %s [%s]\n", f->items[i].line, f->items[i].column,
			      f->items[i].message, f->items[i].rule);
}

static void load_len(struct loaded *l, const char *text, size_t len, bool xml)
{
	memset(l, 0, sizeof(*l));
	l->f = diag_file_new(xml ? "t.xml" : "t.yaml", unit_severities());
	diag_file_set_text(l->f, text, len);
	l->ret = xml ? load_xml(&l->doc, text, len, l->f) :
		       load_yaml(&l->doc, text, len, l->f);
}

static void load(struct loaded *l, const char *text)
{
	load_len(l, text, strlen(text), false);
}

static void load_x(struct loaded *l, const char *text)
{
	load_len(l, text, strlen(text), true);
}

static void release(struct loaded *l)
{
	doc_release(&l->doc);
	diag_file_free(l->f);
}

/* The one finding of a file that failed to load, checked for its rule. */
static const struct diag *only(const struct loaded *l, const char *rule)
{
	if (l->ret != -1 || l->f->nr != 1 || strcmp(l->f->items[0].rule, rule)) {
		dump(l->f);
		fail_msg("expected one finding [%s], ret %d, %zu findings", rule, l->ret, l->f->nr);
	}
	assert_int_equal(l->f->items[0].severity, SEV_ERROR);
	return &l->f->items[0];
}

static void loads_cleanly(const struct loaded *l)
{
	if (l->ret != 0 || l->f->nr != 0) {
		dump(l->f);
		fail_msg("expected a clean load, ret %d, %zu findings", l->ret, l->f->nr);
	}
}

static xmlNode *root(const struct loaded *l)
{
	return xmlDocGetRootElement(l->doc.xml);
}

static void assert_pos(const void *node, unsigned long line,
		       unsigned long col)
{
	unsigned long l = 0, c = 0;
	assert_non_null(node);
	assert_int_equal(doc_pos(node, &l, &c), 0);
	assert_int_equal(l, line);
	assert_int_equal(c, col);
}

static xmlNode *text_node(const xmlNode *el)
{
	for (xmlNode *c = el->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE)
			return c;
	return NULL;
}

static void mapping_sequence_scalar_become_elements(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "title: Plan de continuité\n"
		 "review:\n"
		 "  every: P12M\n"
		 "tags: [a, b, c]\n"
		 "empty:\n"
		 "quoted: \"x: y\"\n");
	loads_cleanly(&l);

	xmlNode *r = root(&l);
	assert_string_equal((const char *)r->name, LOAD_ROOT);
	assert_int_equal(doc_count(r), 5);
	assert_string_equal(doc_child_text(r, "title"), "Plan de continuité");
	assert_string_equal(doc_child_text(doc_child(r, "review"), "every"), "P12M");

	xmlNode *tags = doc_child(r, "tags");
	assert_int_equal(doc_count(tags), 3);
	const char *want[] = { "a", "b", "c" };
	size_t i = 0;
	for (xmlNode *it = doc_first(tags); it; it = doc_next(it), i++) {
		assert_string_equal((const char *)it->name, "item");
		assert_string_equal(doc_text(it), want[i]);
	}
	/* An empty value is an empty element; a quoted scalar stays one text. */
	xmlNode *empty = doc_child(r, "empty");
	assert_non_null(empty);
	assert_null(empty->children);
	assert_string_equal(doc_child_text(r, "quoted"), "x: y");
	/* Keys keep the order of the file. */
	assert_string_equal((const char *)doc_first(r)->name, "title");
	release(&l);
}

static void source_map_has_keys_and_values(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "id: plan\n"
		 "review:\n"
		 "  every:   P12M\n"
		 "list:\n"
		 "  - first\n"
		 "  - name: x\n"
		 "flow: [p, q]\n");
	loads_cleanly(&l);
	xmlNode *r = root(&l);

	xmlNode *id = doc_child(r, "id");
	assert_pos(id, 1, 1);
	assert_pos(text_node(id), 1, 5);

	xmlNode *every = doc_child(doc_child(r, "review"), "every");
	assert_pos(every, 3, 3);
	assert_pos(text_node(every), 3, 12);

	xmlNode *list = doc_child(r, "list");
	xmlNode *first = doc_first(list);
	assert_pos(first, 5, 5);
	xmlNode *name = doc_child(doc_next(first), "name");
	assert_pos(name, 6, 5);
	assert_pos(text_node(name), 6, 11);

	xmlNode *q = doc_next(doc_first(doc_child(r, "flow")));
	assert_pos(text_node(q), 7, 11);

	unsigned long line, col;
	doc_locate_value(every, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 12);
	release(&l);
}

/* libxml2's own line field is 16-bit: the source map must not wrap. */
static void positions_past_line_70000(void **state)
{
	struct buf b = BUF_INIT;
	struct loaded l;
	const size_t items = 75000;
	(void)state;

	buf_adds(&b, "items:\n");			/* line 1 */
	for (size_t i = 0; i < items; i++)		/* lines 2 .. items + 1 */
		buf_addf(&b, "  - v%zu\n", i);
	buf_adds(&b, "last:\n  key:   end\n");	/* lines items + 2, items + 3 */
	load_len(&l, b.ptr, b.len, false);
	loads_cleanly(&l);

	xmlNode *r = root(&l);
	xmlNode *list = doc_child(r, "items");
	assert_int_equal(doc_count(list), items);
	/* Item 70,000 is on line 70,002, past 65,535. */
	xmlNode *it = doc_first(list);
	for (size_t i = 0; i < 70000; i++)
		it = doc_next(it);
	assert_string_equal(doc_text(it), "v70000");
	assert_pos(it, 70002, 5);
	assert_pos(text_node(it), 70002, 5);

	xmlNode *key = doc_child(doc_child(r, "last"), "key");
	assert_pos(doc_child(r, "last"), items + 2, 1);
	assert_pos(key, items + 3, 3);
	assert_pos(text_node(key), items + 3, 10);
	release(&l);
	buf_release(&b);
}

static void duplicate_key_at_the_second(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "id: a\n"
		 "review:\n"
		 "  every: P1Y\n"
		 "  last: 2026-01-01\n"
		 "  every: P2Y\n");
	const struct diag *d = only(&l, RULE_DUPLICATE_KEY);
	assert_int_equal(d->line, 5);
	assert_int_equal(d->column, 3);
	assert_non_null(strstr(d->message, "'every'"));
	assert_non_null(strstr(d->message, "line 3"));
	release(&l);

	/* The same key in two mappings, or in two list items, is no duplicate. */
	load(&l, "a:\n  id: x\nb:\n  id: x\nl:\n  - id: 1\n  - id: 2\n");
	loads_cleanly(&l);
	release(&l);
}

static void tab_in_indentation(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "review:\n  every: P1Y\n\tlast: 2026-01-01\n");
	const struct diag *d = only(&l, RULE_TAB_INDENT);
	assert_int_equal(d->line, 3);
	release(&l);

	/* A tab inside a value is text, not indentation. */
	load(&l, "title: a\tb\n");
	loads_cleanly(&l);
	assert_string_equal(doc_child_text(root(&l), "title"), "a\tb");
	release(&l);
}

/* French plans have accented letters: they must not hide a tab. */
static void tab_in_indentation_after_accents(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "title: Plan de continuité d'activité\n"
		 "review:\n"
		 "\tevery: P1Y\n");
	const struct diag *d = only(&l, RULE_TAB_INDENT);
	assert_int_equal(d->line, 3);
	release(&l);

	/* Nor must a byte order mark. */
	load(&l, "\xEF\xBB\xBFreview:\n\tevery: P1Y\n");
	d = only(&l, RULE_TAB_INDENT);
	assert_int_equal(d->line, 2);
	release(&l);
}

static void invalid_utf8_with_position(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "id: a\ntitle: Hél\xE8ne\n");	/* Latin-1 è */
	const struct diag *d = only(&l, RULE_INVALID_UTF8);
	assert_int_equal(d->line, 2);
	assert_int_equal(d->column, 11);		/* characters, not bytes */
	assert_non_null(strstr(d->message, "0xE8"));
	release(&l);

	load(&l, "a: 1\nb: 2\nc: x\xFF\n");
	d = only(&l, RULE_INVALID_UTF8);
	assert_int_equal(d->line, 3);
	assert_int_equal(d->column, 5);
	release(&l);
}

/* Columns count what the user sees: not the byte order mark; CR ends a line. */
static void invalid_utf8_after_bom_or_cr(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "\xEF\xBB\xBF" "a: \xFF\n");
	const struct diag *d = only(&l, RULE_INVALID_UTF8);
	assert_int_equal(d->line, 1);
	assert_int_equal(d->column, 4);
	release(&l);

	load(&l, "a: 1\rb: \xFF\r");
	d = only(&l, RULE_INVALID_UTF8);
	assert_int_equal(d->line, 2);
	assert_int_equal(d->column, 4);
	release(&l);
}

static void bom_and_crlf_accepted(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "\xEF\xBB\xBFid: plan\r\nreview:\r\n  every: P1Y\r\n");
	loads_cleanly(&l);
	xmlNode *r = root(&l);
	assert_string_equal(doc_child_text(r, "id"), "plan");
	/* No carriage return left in the values, and lines count CRLF once. */
	assert_string_equal(doc_child_text(doc_child(r, "review"), "every"), "P1Y");
	assert_pos(doc_child(r, "id"), 1, 1);
	assert_pos(doc_child(doc_child(r, "review"), "every"), 3, 3);
	release(&l);
}

static void empty_file(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "");
	const struct diag *d = only(&l, RULE_EMPTY_FILE);
	assert_int_equal(d->line, 1);
	release(&l);

	load(&l, "# nothing but a comment\n\n");
	only(&l, RULE_EMPTY_FILE);
	release(&l);

	load(&l, "---\n");
	only(&l, RULE_EMPTY_FILE);
	release(&l);
}

static void document_must_be_a_mapping(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "- a\n- b\n");
	const struct diag *d = only(&l, RULE_BAD_VALUE);
	assert_non_null(strstr(d->message, "list"));
	release(&l);

	load(&l, "just a sentence\n");
	d = only(&l, RULE_BAD_VALUE);
	assert_non_null(strstr(d->message, "single value"));
	release(&l);
}

static void second_document(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "id: a\ntitle: A\n---\nid: b\n");
	const struct diag *d = only(&l, RULE_MULTI_DOCUMENT);
	assert_int_equal(d->line, 3);
	assert_int_equal(d->column, 1);
	release(&l);

	/* An explicit start of the only document is fine. */
	load(&l, "---\nid: a\n...\n");
	loads_cleanly(&l);
	release(&l);
}

static void keys_must_be_names(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "id: a\n? [x, y]\n: 1\n");
	const struct diag *d = only(&l, RULE_KEY_NOT_NAME);
	assert_int_equal(d->line, 2);
	assert_int_equal(d->column, 3);
	assert_non_null(strstr(d->message, "list"));
	release(&l);

	load(&l, "? {x: 1}\n: 1\n");
	d = only(&l, RULE_KEY_NOT_NAME);
	assert_non_null(strstr(d->message, "mapping"));
	release(&l);

	load(&l, "a: &k name\n*k : 1\n");
	d = only(&l, RULE_KEY_NOT_NAME);
	assert_int_equal(d->line, 2);
	assert_non_null(strstr(d->message, "alias"));
	release(&l);

	static const char *const bad[] = {
		"1abc: x\n", "two words: x\n", "\"a.b\": x\n", "clé: x\n", "\"\": x\n",
		"a/b: x\n", "-x: x\n", "\"a\\0b\": x\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		load(&l, bad[i]);
		d = only(&l, RULE_KEY_NOT_NAME);
		assert_int_equal(d->line, 1);
		release(&l);
	}
	load(&l, "first_message_within: PT1H\nskip-if: x\n_x: 1\nA1: 2\n");
	loads_cleanly(&l);
	assert_int_equal(doc_count(root(&l)), 4);
	release(&l);
}

static void merge_key_refused(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "base: &b\n  every: P1Y\nreview:\n  <<: *b\n  last: 2026-01-01\n");
	const struct diag *d = only(&l, RULE_KEY_NOT_NAME);
	assert_int_equal(d->line, 4);
	assert_int_equal(d->column, 3);
	assert_non_null(strstr(d->message, "<<"));
	release(&l);
}

static void aliases_are_copied(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "a: &x\n"
		 "  b: 1\n"
		 "  c: [p, q]\n"
		 "d: *x\n"
		 "s: &v hello\n"
		 "t: *v\n"
		 "l:\n"
		 "  - *v\n");
	loads_cleanly(&l);
	xmlNode *r = root(&l);
	xmlNode *a = doc_child(r, "a"), *d = doc_child(r, "d");

	assert_int_equal(doc_count(d), 2);
	assert_string_equal(doc_child_text(d, "b"), "1");
	assert_int_equal(doc_count(doc_child(d, "c")), 2);
	assert_string_equal(doc_text(doc_next(doc_first(doc_child(d, "c")))), "q");
	/* A copy, not the same nodes moved or shared. */
	assert_int_equal(doc_count(a), 2);
	assert_ptr_not_equal(doc_child(d, "b"), doc_child(a, "b"));
	assert_ptr_equal(doc_child(d, "b")->parent, d);

	assert_string_equal(doc_child_text(r, "t"), "hello");
	assert_string_equal(doc_text(doc_first(doc_child(r, "l"))), "hello");

	/* Copied nodes are found at the alias... */
	unsigned long line, col;
	doc_locate(doc_child(d, "b"), &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 4);
	doc_locate_value(doc_child(r, "t"), &line, &col);
	assert_int_equal(line, 6);
	assert_int_equal(col, 4);
	/* ... and the keys whose value is an alias where they are written. */
	assert_pos(d, 4, 1);
	assert_pos(doc_child(r, "t"), 6, 1);
	release(&l);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void billion_laughs_refused_quickly(void **state)
{
	struct buf b = BUF_INIT;
	struct loaded l;
	struct timespec t0;
	(void)state;

	/* Nine levels of ten aliases each: 10^9 nodes if expanded. */
	buf_adds(&b, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i < 10; i++) {
		buf_addf(&b, "a%d: &a%d [", i, i);
		for (int j = 0; j < 10; j++)
			buf_addf(&b, "%s*a%d", j ? ", " : "", i - 1);
		buf_adds(&b, "]\n");
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	load_len(&l, b.ptr, b.len, false);
	double took = seconds_since(&t0);

	const struct diag *d = only(&l, RULE_ALIAS_BUDGET);
	assert_true(d->line >= 2 && d->line <= 10);
	assert_true(took < 2.0);
	release(&l);

	/* The same shape, smaller, is within the budget and fully expanded. */
	buf_reset(&b);
	buf_adds(&b, "a0: &a0 [x, x, x]\na1: &a1 [*a0, *a0, *a0]\na2: [*a1, *a1]\n");
	load_len(&l, b.ptr, b.len, false);
	loads_cleanly(&l);
	xmlNode *a2 = doc_child(root(&l), "a2");
	assert_int_equal(doc_count(a2), 2);
	assert_int_equal(doc_count(doc_first(a2)), 3);
	assert_int_equal(doc_count(doc_first(doc_first(a2))), 3);
	release(&l);
	buf_release(&b);
}

/* Duplicate keys are found without comparing every key with every other. */
static void many_keys_load_in_linear_time(void **state)
{
	struct buf b = BUF_INIT;
	struct loaded l;
	struct timespec t0;
	const size_t keys = 20000;
	(void)state;

	for (size_t i = 0; i < keys; i++)
		buf_addf(&b, "key%zu: v\n", i);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	load_len(&l, b.ptr, b.len, false);
	double took = seconds_since(&t0);
	loads_cleanly(&l);
	assert_int_equal(doc_count(root(&l)), keys);
	if (took > 1.5)
		fail_msg("%zu keys took %.1f s to load", keys, took);
	release(&l);

	/* And the last key is still checked against the first. */
	buf_adds(&b, "key0: again\n");
	load_len(&l, b.ptr, b.len, false);
	const struct diag *d = only(&l, RULE_DUPLICATE_KEY);
	assert_int_equal(d->line, keys + 1);
	assert_non_null(strstr(d->message, "line 1)"));
	release(&l);
	buf_release(&b);
}

static void nesting(struct buf *b, int depth)
{
	/* The root mapping is one level; each [ adds one. */
	buf_reset(b);
	buf_adds(b, "a: ");
	for (int i = 1; i < depth; i++)
		buf_addc(b, '[');
	for (int i = 1; i < depth; i++)
		buf_addc(b, ']');
	buf_addc(b, '\n');
}

static void nesting_too_deep(void **state)
{
	struct buf b = BUF_INIT;
	struct loaded l;
	(void)state;

	nesting(&b, LOAD_MAX_DEPTH);
	load_len(&l, b.ptr, b.len, false);
	loads_cleanly(&l);
	release(&l);

	nesting(&b, LOAD_MAX_DEPTH + 1);
	load_len(&l, b.ptr, b.len, false);
	const struct diag *d = only(&l, RULE_TOO_DEEP);
	assert_int_equal(d->line, 1);
	assert_int_equal(d->column, 3 + LOAD_MAX_DEPTH);
	release(&l);

	/* Far deeper: refused the same way, not by running out of stack. */
	nesting(&b, 100000);
	load_len(&l, b.ptr, b.len, false);
	only(&l, RULE_TOO_DEEP);
	release(&l);
	buf_release(&b);
}

static void alias_to_itself(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "a: &a\n  b: *a\n");
	const struct diag *d = only(&l, RULE_ALIAS_BUDGET);
	assert_int_equal(d->line, 2);
	assert_int_equal(d->column, 6);
	release(&l);

	load(&l, "l: &l [1, *l]\n");
	only(&l, RULE_ALIAS_BUDGET);
	release(&l);

	load(&l, "a: *nowhere\n");
	d = only(&l, RULE_YAML_SYNTAX);
	assert_non_null(strstr(d->message, "nowhere"));
	release(&l);
}

static void yaml_syntax_error(void **state)
{
	struct loaded l;
	(void)state;
	load(&l, "id: a\ntags: [x, y\ntitle: t\n");
	const struct diag *d = only(&l, RULE_YAML_SYNTAX);
	assert_true(d->line >= 2);
	assert_true(d->column >= 1);
	release(&l);
}

static void xml_plan_loads(void **state)
{
	struct loaded l;
	(void)state;
	load_x(&l, "<?xml version=\"1.0\"?>\n<crisis>\n  <id>plan</id>\n  <title><![CDATA[a < b]]></title>\n</crisis>\n");
	loads_cleanly(&l);
	xmlNode *r = root(&l);
	assert_string_equal(doc_child_text(r, "id"), "plan");
	assert_string_equal(doc_child_text(r, "title"), "a < b");
	/* No source map: the line comes from libxml2. */
	unsigned long line, col;
	doc_locate(doc_child(r, "title"), &line, &col);
	assert_int_equal(line, 4);
	release(&l);
}

static void xml_doctype_refused(void **state)
{
	struct loaded l;
	(void)state;
	load_x(&l, "<?xml version=\"1.0\"?>\n"
		   "<!DOCTYPE crisis [<!ENTITY x \"boom\">]>\n"
		   "<crisis><title>&x;</title></crisis>\n");
	const struct diag *d = only(&l, RULE_XML_SYNTAX);
	assert_non_null(strstr(d->message, "DOCTYPE"));
	assert_int_equal(d->line, 2);
	release(&l);
}

static void xml_entities_never_expanded(void **state)
{
	char path[] = "/tmp/crisis-test-secretXXXXXX";
	struct buf x = BUF_INIT;
	struct loaded l;
	(void)state;

	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "TOPSECRET", 9), 9);
	close(fd);

	buf_addf(&x, "<?xml version=\"1.0\"?>\n"
		     "<!DOCTYPE crisis [\n"
		     "  <!ENTITY x \"boom\">\n"
		     "  <!ENTITY s SYSTEM \"file://%s\">\n"
		     "]>\n"
		     "<crisis><title>&x;</title><scope>&s;</scope></crisis>\n", path);
	load_len(&l, x.ptr, x.len, true);
	const struct diag *d = only(&l, RULE_XML_SYNTAX);
	assert_non_null(strstr(d->message, "DOCTYPE"));
	assert_int_equal(d->line, 2);
	if (l.doc.xml) {
		/* Whatever is kept of the tree holds references, never the text. */
		xmlNode *r = root(&l);
		assert_null(doc_child_text(r, "title"));
		assert_null(doc_child_text(r, "scope"));
		xmlChar *dumped = NULL;
		int size = 0;
		xmlDocDumpMemory(l.doc.xml, &dumped, &size);
		assert_non_null(dumped);
		assert_null(strstr((const char *)dumped, "TOPSECRET"));
		assert_null(strstr((const char *)dumped, "boom</title>"));
		xmlFree(dumped);
	}
	release(&l);

	/* With no DOCTYPE, an entity is undefined: an error, not text. */
	load_x(&l, "<crisis>\n<title>&x;</title>\n</crisis>\n");
	d = only(&l, RULE_XML_SYNTAX);
	assert_int_equal(d->line, 2);
	release(&l);

	unlink(path);
	buf_release(&x);
}

static void xml_wrong_root_refused(void **state)
{
	struct loaded l;
	(void)state;
	load_x(&l, "<?xml version=\"1.0\"?>\n<plan><id>a</id></plan>\n");
	const struct diag *d = only(&l, RULE_XML_SYNTAX);
	assert_int_equal(d->line, 2);
	assert_non_null(strstr(d->message, "<crisis>"));
	release(&l);

	load_x(&l, "<crisis xmlns=\"urn:example\"><id>a</id></crisis>\n");
	only(&l, RULE_XML_SYNTAX);
	release(&l);
}

static void xml_not_well_formed(void **state)
{
	struct loaded l;
	(void)state;
	load_x(&l, "<?xml version=\"1.0\"?>\n<crisis>\n  <id>a</id>\n  <title>x</titel>\n</crisis>\n");
	assert_int_equal(l.ret, -1);
	assert_true(l.f->nr >= 1);
	const struct diag *d = &l.f->items[0];
	assert_string_equal(d->rule, RULE_XML_SYNTAX);
	assert_int_equal(d->line, 4);
	assert_true(d->column > 0);
	/* Messages start in lowercase and without a full stop. */
	assert_false(d->message[0] >= 'A' && d->message[0] <= 'Z');
	assert_int_not_equal(d->message[strlen(d->message) - 1], '.');
	release(&l);

	load_x(&l, "");
	assert_int_equal(l.ret, -1);
	assert_true(l.f->nr >= 1);
	assert_true(!strcmp(l.f->items[0].rule, RULE_XML_SYNTAX) ||
		    !strcmp(l.f->items[0].rule, RULE_EMPTY_FILE));
	release(&l);

	/* Text after the root element. */
	load_x(&l, "<crisis><id>a</id></crisis>\n<crisis/>\n");
	assert_int_equal(l.ret, -1);
	assert_string_equal(l.f->items[0].rule, RULE_XML_SYNTAX);
	assert_int_equal(l.f->items[0].line, 2);
	release(&l);
}

static void file_name_picks_the_parser(void **state)
{
	struct doc doc = DOC_INIT;
	struct diag_file *f = diag_file_new("t", unit_severities());
	const char *xml = "<crisis><id>a</id></crisis>";
	const char *yaml = "id: a\n";
	(void)state;

	assert_int_equal(load_file_data(&doc, "plan.XML", xml, strlen(xml), f), 0);
	assert_string_equal(doc_child_text(xmlDocGetRootElement(doc.xml), "id"), "a");
	doc_release(&doc);
	assert_int_equal(load_file_data(&doc, "plan.yaml", yaml, strlen(yaml), f), 0);
	assert_string_equal(doc_child_text(xmlDocGetRootElement(doc.xml), "id"), "a");
	doc_release(&doc);
	/* YAML text under an .xml name is read as XML, and is not XML. */
	assert_int_equal(load_file_data(&doc, "p.xml", yaml, strlen(yaml), f), -1);
	assert_string_equal(f->items[f->nr - 1].rule, RULE_XML_SYNTAX);
	doc_release(&doc);
	diag_file_free(f);
}

TEST_MAIN(
	cmocka_unit_test(mapping_sequence_scalar_become_elements),
	cmocka_unit_test(source_map_has_keys_and_values),
	cmocka_unit_test(positions_past_line_70000),
	cmocka_unit_test(duplicate_key_at_the_second),
	cmocka_unit_test(tab_in_indentation),
	cmocka_unit_test(tab_in_indentation_after_accents),
	cmocka_unit_test(invalid_utf8_with_position),
	cmocka_unit_test(invalid_utf8_after_bom_or_cr),
	cmocka_unit_test(bom_and_crlf_accepted),
	cmocka_unit_test(empty_file),
	cmocka_unit_test(document_must_be_a_mapping),
	cmocka_unit_test(second_document),
	cmocka_unit_test(keys_must_be_names),
	cmocka_unit_test(merge_key_refused),
	cmocka_unit_test(aliases_are_copied),
	cmocka_unit_test(billion_laughs_refused_quickly),
	cmocka_unit_test(many_keys_load_in_linear_time),
	cmocka_unit_test(nesting_too_deep),
	cmocka_unit_test(alias_to_itself),
	cmocka_unit_test(yaml_syntax_error),
	cmocka_unit_test(xml_plan_loads),
	cmocka_unit_test(xml_doctype_refused),
	cmocka_unit_test(xml_entities_never_expanded),
	cmocka_unit_test(xml_wrong_root_refused),
	cmocka_unit_test(xml_not_well_formed),
	cmocka_unit_test(file_name_picks_the_parser),
)
