#include "unit.h"
#include "util/error.h"
#include "check/load.h"
#include "check/yamledit.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

/* Set `path` to `value` in `yaml`; the result, or NULL on failure. */
static char *edit(const char *yaml, const char *path, const char *value)
{
	struct buf text = BUF_INIT;
	struct doc doc = DOC_INIT;
	struct diag_file *f = diag_file_new("p.yaml", unit_severities());
	buf_adds(&text, yaml);
	assert_int_equal(load_yaml(&doc, text.ptr, text.len, f), 0);
	int ret = yamledit_set_scalar(&text, &doc, path, value);
	doc_release(&doc);
	diag_file_free(f);
	if (ret < 0) {
		buf_release(&text);
		return NULL;
	}
	/* Whatever was written must still load. */
	struct doc again = DOC_INIT;
	f = diag_file_new("p.yaml", unit_severities());
	assert_int_equal(load_yaml(&again, text.ptr, text.len, f), 0);
	doc_release(&again);
	diag_file_free(f);
	return buf_detach(&text);
}

static void replaces_a_value_in_place(void **state)
{
	(void)state;
	char *out = edit("# plan\nstatus: draft   # to approve\nid: x\n", "status", "approved");
	assert_string_equal(out, "# plan\nstatus: approved   # to approve\nid: x\n");
	free(out);
}

static void replaces_a_nested_quoted_value(void **state)
{
	(void)state;
	char *out = edit("review:\n  every: P12M\n  last: \"2025-01-01\"\nid: x\n", "review.last",
			 "2026-11-22");
	assert_string_equal(out, "review:\n  every: P12M\n  last: 2026-11-22\nid: x\n");
	free(out);
}

static void fills_an_empty_value(void **state)
{
	(void)state;
	char *out = edit("review:\n  every: P12M\n  approved_by:\nid: x\n", "review.approved_by", "c-durand");
	assert_string_equal(out, "review:\n  every: P12M\n  approved_by: c-durand\nid: x\n");
	free(out);
}

/* A value written over several lines is replaced whole: nothing of it is left to be read with the new one. */
static void replaces_a_value_over_several_lines(void **state)
{
	(void)state;
	char *out = edit("status: |\n  draft\n\n  still draft\nid: x\n", "status", "approved");
	assert_string_equal(out, "status: approved\nid: x\n");
	free(out);
	out = edit("review:\n  last: >-\n    2025-01-01 # not a comment\n  every: P12M\n", "review.last",
		   "2026-11-22");
	assert_string_equal(out, "review:\n  last: 2026-11-22\n  every: P12M\n");
	free(out);
	out = edit("review:\n  last: 2025-01-01\n    continued\n\n  every: P12M\n", "review.last", "2026-11-22");
	assert_string_equal(out, "review:\n  last: 2026-11-22\n\n  every: P12M\n");
	free(out);
	out = edit("contacts:\n  - notes: |\n      one\n      two\n    id: c-a\n", "status", "draft");
	assert_string_equal(out, "contacts:\n  - notes: |\n      one\n      two\n    id: c-a\nstatus: draft\n");
	free(out);
}

static void adds_a_missing_key_under_its_mapping(void **state)
{
	(void)state;
	char *out = edit("review:\n    every: P12M   # yearly\n\nid: x\n", "review.last", "2026-11-22");
	assert_string_equal(out, "review:\n    every: P12M   # yearly\n    last: 2026-11-22\n\nid: x\n");
	free(out);
}

static void adds_a_missing_top_level_key(void **state)
{
	(void)state;
	char *out = edit("id: x\ntitle: T", "status", "approved");
	assert_string_equal(out, "id: x\ntitle: T\nstatus: approved\n");
	free(out);
}

static void keeps_crlf_and_accents(void **state)
{
	(void)state;
	char *out = edit("title: Crise à Nantes\r\nreview:\r\n  every: P12M\r\n", "review.last", "2026-11-22");
	assert_string_equal(out, "title: Crise à Nantes\r\nreview:\r\n  every: P12M\r\n  last: 2026-11-22\r\n");
	free(out);
	out = edit("title: Crise à Nantes\nstatus: brouillon\n", "title", "Crise à Lyon: phase 2");
	assert_string_equal(out, "title: \"Crise à Lyon: phase 2\"\nstatus: brouillon\n");
	free(out);
}

/* Lines as the loader counts them: a lone CR (old Mac files), NEL, LS and PS end a line too. */
static void lone_cr_and_unicode_line_breaks_end_lines(void **state)
{
	(void)state;
	char *out = edit("status: draft\rid: x\r", "id", "y");
	assert_string_equal(out, "status: draft\rid: y\r");
	free(out);
	out = edit("review:\r  every: P12M\rid: x\r", "review.last", "2026-11-22");
	assert_string_equal(out, "review:\r  every: P12M\r  last: 2026-11-22\r\nid: x\r");
	free(out);
	out = edit("status: draft\xC2\x85id: x\n", "id", "y");
	assert_string_equal(out, "status: draft\xC2\x85id: y\n");
	free(out);
}

static void refuses_flow_mappings_and_lists(void **state)
{
	(void)state;
	assert_null(edit("review: {every: P12M}\n", "review.last", "2026-11-22"));
	assert_non_null(strstr(crisis_error_last(), "block style"));
	assert_null(edit("review:\n  every: [a]\n", "review.every", "P1Y"));
	/* A key that is there, in a flow mapping: a value with a ',' would end early. */
	assert_null(edit("review: {every: P12M, last: 2025-01-01}\n", "review.last", "a, b"));
	assert_non_null(strstr(crisis_error_last(), "block style"));
	assert_null(edit("review: {\n  every: P12M,\n  last: 2025-01-01 }\n", "review.last", "x"));
	assert_null(edit("id: x\n", "review.last", "2026-11-22"));
	assert_non_null(strstr(crisis_error_last(), "'review' is missing"));
	/* A key under a scalar, on its line or the next. */
	assert_null(edit("review: P12M\nid: x\n", "review.last", "2026-11-22"));
	assert_non_null(strstr(crisis_error_last(), "'review' holds a value, not keys"));
	assert_null(edit("review:\n  every\nid: x\n", "review.last", "2026-11-22"));
	/* A flow list going on at a lesser indentation: the edit would land inside it. */
	assert_null(edit("review:\n  every: [a\nb]\nid: x\n", "review.last", "2026-11-22"));
	assert_non_null(strstr(crisis_error_last(), "without breaking the file"));
	/* The same with a quoted item: the key would land inside it, and the file still load. */
	assert_null(edit("review:\n  every: [\"a\nb\"]\nid: x\n", "review.last", "2026-11-22"));
	assert_non_null(strstr(crisis_error_last(), "without breaking the file"));
}

/* ---- scalars ---- */

/* The scalar yamledit_add_scalar writes for `value`. */
static char *scalar(const char *value)
{
	struct buf out = BUF_INIT;
	yamledit_add_scalar(&out, value);
	return buf_detach(&out);
}

/* Does "k: <written>" load back as `value`? */
static void reads_back_at(const char *value, const char *file, int line)
{
	struct buf text = BUF_INIT;
	struct doc doc = DOC_INIT;
	struct diag_file *f = diag_file_new("p.yaml", unit_severities());
	buf_adds(&text, "k: ");
	yamledit_add_scalar(&text, value);
	buf_adds(&text, "\n");
	bool loads = load_yaml(&doc, text.ptr, text.len, f) == 0;
	const char *got = loads ? doc_child_text(xmlDocGetRootElement(doc.xml), "k") : NULL;
	char *copy = got ? xstrdup(got) : NULL;
	if (!loads)
		print_error("'%s' does not load: %s\n", text.ptr, f->nr ? f->items[0].message : "");
	doc_release(&doc);
	diag_file_free(f);
	buf_release(&text);
	if (!loads) {
		free(copy);
		_fail(file, line);
	}
	owned_is_at(copy, value, file, line);
}

#define reads_back(value) reads_back_at((value), __FILE__, __LINE__)

static void plain_scalars_stay_plain(void **state)
{
	static const char *const plain[] = {
		"Jean Petit", "24/7", "+33 6 12 34 56 78", "a#b", "a-b", "key:value", "Élodie Roux",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++) {
		char *out = scalar(plain[i]);
		assert_string_equal(out, plain[i]);
		free(out);
	}
}

static void colon_space_is_quoted(void **state)
{
	(void)state;
	char *out = scalar("Contrat: CC-2026");
	assert_string_equal(out, "\"Contrat: CC-2026\"");
	free(out);
	out = scalar("Note:");
	assert_string_equal(out, "\"Note:\"");
	free(out);
}

static void comment_marks_are_quoted(void **state)
{
	(void)state;
	char *out = scalar("#1 contact");
	assert_string_equal(out, "\"#1 contact\"");
	free(out);
	out = scalar("code #42");
	assert_string_equal(out, "\"code #42\"");
	free(out);
}

static void leading_indicators_are_quoted(void **state)
{
	(void)state;
	char *out = scalar("- liste");
	assert_string_equal(out, "\"- liste\"");
	free(out);
	out = scalar("-x");
	assert_string_equal(out, "\"-x\"");
	free(out);
	out = scalar("\"guillemets\" au début");
	assert_string_equal(out, "\"\\\"guillemets\\\" au début\"");
	free(out);
	out = scalar("");
	assert_string_equal(out, "\"\"");
	free(out);
}

static void leading_and_trailing_spaces_are_quoted(void **state)
{
	(void)state;
	char *out = scalar("fin ");
	assert_string_equal(out, "\"fin \"");
	free(out);
	out = scalar(" début");
	assert_string_equal(out, "\" début\"");
	free(out);
}

static void newline_is_escaped(void **state)
{
	(void)state;
	char *out = scalar("ligne 1\nligne 2");
	assert_string_equal(out, "\"ligne 1\\nligne 2\"");
	free(out);
	/* Other control characters are escaped too: the value stays on its line. */
	out = scalar("a\tb\rc");
	assert_int_equal(out[0], '"');
	assert_null(strpbrk(out, "\t\r\n"));
	free(out);
}

static void written_scalars_read_back(void **state)
{
	static const char *const values[] = {
		"Jean Petit", "Contrat: CC-2026", "#1", "code #42", "- liste", "fin ", " début",
		"ligne 1\nligne 2", "a\\b\"c", "tab\there", "[pas une liste]", "{x}", "*ref",
		"&anchor", "!tag", "|", ">", "%", "@", "`", "?", "'apostrophe'",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(*values); i++)
		reads_back(values[i]);
}

/*
 * Characters YAML reads as line breaks, NEL (U+0085) and LS (U+2028), are
 * escaped, or the file would no longer load (or the value would change).
 */
static void unprintable_characters_read_back(void **state)
{
	(void)state;
	reads_back("a\x7f" "b");
	reads_back("a\xc2\x80" "b");
	reads_back("a\xc2\x85" "b");
	reads_back("a\xe2\x80\xa8" "b");
}

/* ---- lists ---- */

struct listed {
	struct buf text;
	struct doc doc;
	struct diag_file *f;
	xmlNode *list;
};

/* Load `yaml` and find the list at `key` (a top-level key, or "a.b"). */
static void load_list(struct listed *l, const char *yaml, const char *key)
{
	memset(l, 0, sizeof(*l));
	buf_adds(&l->text, yaml);
	l->f = diag_file_new("p.yaml", unit_severities());
	assert_int_equal(load_yaml(&l->doc, l->text.ptr, l->text.len, l->f), 0);
	l->list = xmlDocGetRootElement(l->doc.xml);
	while (*key) {
		size_t n = strcspn(key, ".");
		char *one = xstrndup(key, n);
		l->list = doc_child(l->list, one);
		free(one);
		assert_non_null(l->list);
		key += n + (key[n] == '.');
	}
}

static void release_list(struct listed *l)
{
	doc_release(&l->doc);
	diag_file_free(l->f);
	buf_release(&l->text);
}

/* The n-th (0-based) entry of the list. */
static xmlNode *entry_at(const struct listed *l, size_t n)
{
	xmlNode *item = doc_first(l->list);
	while (item && n--)
		item = doc_next(item);
	assert_non_null(item);
	return item;
}

/* The edited text must still load. */
static void still_loads(const struct buf *text)
{
	struct doc doc = DOC_INIT;
	struct diag_file *f = diag_file_new("p.yaml", unit_severities());
	if (load_yaml(&doc, text->ptr, text->len, f) < 0)
		fail_msg("the edited text does not load:\n%s", text->ptr);
	doc_release(&doc);
	diag_file_free(f);
}

static void list_indent_of_entries(void **state)
{
	struct listed l;
	(void)state;
	load_list(&l, "contacts:\n    - id: a\n    - id: b\n", "contacts");
	assert_int_equal(yamledit_list_indent(&l.text, l.list), 4);
	release_list(&l);
	load_list(&l, "contacts:\n- id: a\n", "contacts");
	assert_int_equal(yamledit_list_indent(&l.text, l.list), 0);
	release_list(&l);
}

static void list_indent_of_an_empty_list(void **state)
{
	struct listed l;
	(void)state;
	load_list(&l, "contacts: []\n", "contacts");
	assert_int_equal(yamledit_list_indent(&l.text, l.list), 2);
	release_list(&l);
	load_list(&l, "plan:\n  contacts:\nid: x\n", "plan.contacts");
	assert_int_equal(yamledit_list_indent(&l.text, l.list), 4);
	release_list(&l);
}

static void list_indent_refuses_flow_lists(void **state)
{
	struct listed l;
	(void)state;
	load_list(&l, "contacts: [{id: a}, {id: b}]\n", "contacts");
	assert_int_equal(yamledit_list_indent(&l.text, l.list), -1);
	assert_non_null(strstr(crisis_error_last(), "block style"));
	release_list(&l);
}

#define THREE \
	"# contacts\n" \
	"contacts:\n" \
	"  # first\n" \
	"  - id: a\n" \
	"    name: A   # keep\n" \
	"  # second\n" \
	"  - id: b\n" \
	"    name: B\n" \
	"    phones: [\"+33 6 00 00 00 01\",\n" \
	"             \"+33 6 00 00 00 02\"]\n" \
	"  # third\n" \
	"  - id: c\n" \
	"    name: C\n" \
	"# end\n"

static void replace_item_rewrites_one_entry(void **state)
{
	struct listed l;
	(void)state;
	load_list(&l, THREE, "contacts");
	assert_int_equal(yamledit_replace_item(&l.text, entry_at(&l, 1),
					   "- id: b\n  name: Bea\n"), 0);
	assert_string_equal(l.text.ptr,
			    "# contacts\n"
			    "contacts:\n"
			    "  # first\n"
			    "  - id: a\n"
			    "    name: A   # keep\n"
			    "  # second\n"
			    "  - id: b\n"
			    "    name: Bea\n"
			    "  # third\n"
			    "  - id: c\n"
			    "    name: C\n"
			    "# end\n");
	release_list(&l);
}

static void replace_item_of_the_last_entry(void **state)
{
	struct listed l;
	(void)state;
	load_list(&l, "contacts:\n  - id: a\n  - id: b\n    name: B", "contacts");
	assert_int_equal(yamledit_replace_item(&l.text, entry_at(&l, 1),
					   "- id: b\n  name: Bea\n"), 0);
	assert_string_equal(l.text.ptr, "contacts:\n  - id: a\n  - id: b\n    name: Bea\n");
	release_list(&l);
}

static void replace_item_refuses_flow_entries(void **state)
{
	struct listed l;
	(void)state;
	load_list(&l, "contacts: [{id: a}]\n", "contacts");
	assert_int_equal(yamledit_replace_item(&l.text, entry_at(&l, 0), "- id: b\n"), -1);
	assert_string_equal(l.text.ptr, "contacts: [{id: a}]\n");
	release_list(&l);
}

/*
 * An entry ends after the lines of a block scalar (notes: >-) that ends
 * it, not on the line that opens it: they go with the entry, or they would
 * continue the new last value.
 */
static void replace_item_takes_a_block_scalar_with_it(void **state)
{
	struct listed l;
	(void)state;
	load_list(&l, "contacts:\n"
		      "  - id: a\n"
		      "    notes: >-\n"
		      "      ligne 1\n"
		      "      ligne 2\n"
		      "  - id: b\n", "contacts");
	assert_int_equal(yamledit_replace_item(&l.text, entry_at(&l, 0),
					   "- id: a\n  notes: court\n"), 0);
	char *got = buf_detach(&l.text);
	release_list(&l);
	owned_is(got, "contacts:\n  - id: a\n    notes: court\n  - id: b\n");
}

static void append_after_the_last_entry(void **state)
{
	struct listed l;
	(void)state;
	load_list(&l, THREE, "contacts");
	assert_int_equal(yamledit_append_items(&l.text, l.list,
					   "- id: d\n  name: D\n- id: e\n  name: E\n"), 0);
	assert_string_equal(l.text.ptr,
			    "# contacts\n"
			    "contacts:\n"
			    "  # first\n"
			    "  - id: a\n"
			    "    name: A   # keep\n"
			    "  # second\n"
			    "  - id: b\n"
			    "    name: B\n"
			    "    phones: [\"+33 6 00 00 00 01\",\n"
			    "             \"+33 6 00 00 00 02\"]\n"
			    "  # third\n"
			    "  - id: c\n"
			    "    name: C\n"
			    "  - id: d\n"
			    "    name: D\n"
			    "  - id: e\n"
			    "    name: E\n"
			    "# end\n");
	still_loads(&l.text);
	release_list(&l);
}

static void append_to_a_list_before_other_keys(void **state)
{
	struct listed l;
	(void)state;
	load_list(&l, "contacts:\n- id: a\nkind: contacts\n", "contacts");
	assert_int_equal(yamledit_append_items(&l.text, l.list, "- id: b\n"), 0);
	assert_string_equal(l.text.ptr, "contacts:\n- id: a\n- id: b\nkind: contacts\n");
	release_list(&l);
}

static void append_to_an_empty_flow_list(void **state)
{
	struct listed l;
	(void)state;
	load_list(&l, "format: crisis/v1\ncontacts: []\nkind: contacts\n", "contacts");
	assert_int_equal(yamledit_append_items(&l.text, l.list, "- id: a\n  name: A\n"), 0);
	assert_string_equal(l.text.ptr,
			    "format: crisis/v1\ncontacts:\n  - id: a\n    name: A\nkind: contacts\n");
	still_loads(&l.text);
	release_list(&l);
}

static void append_to_an_empty_key(void **state)
{
	struct listed l;
	(void)state;
	load_list(&l, "format: crisis/v1\ncontacts:\n", "contacts");
	assert_int_equal(yamledit_append_items(&l.text, l.list, "- id: a\n"), 0);
	assert_string_equal(l.text.ptr, "format: crisis/v1\ncontacts:\n  - id: a\n");
	release_list(&l);
	/* The same at the end of a file with no final line end. */
	load_list(&l, "format: crisis/v1\ncontacts:", "contacts");
	assert_int_equal(yamledit_append_items(&l.text, l.list, "- id: a\n"), 0);
	assert_string_equal(l.text.ptr, "format: crisis/v1\ncontacts:\n  - id: a\n");
	release_list(&l);
}

static void append_at_the_end_without_a_final_line_end(void **state)
{
	struct listed l;
	(void)state;
	load_list(&l, "contacts:\n  - id: a", "contacts");
	assert_int_equal(yamledit_append_items(&l.text, l.list, "- id: b\n"), 0);
	assert_string_equal(l.text.ptr, "contacts:\n  - id: a\n  - id: b\n");
	release_list(&l);
}

static void append_keeps_crlf(void **state)
{
	struct listed l;
	(void)state;
	load_list(&l, "contacts:\r\n  - id: a\r\n    name: A\r\n", "contacts");
	assert_int_equal(yamledit_append_items(&l.text, l.list, "- id: b\n  name: B\n"), 0);
	assert_string_equal(l.text.ptr, "contacts:\r\n  - id: a\r\n    name: A\r\n"
					"  - id: b\r\n    name: B\r\n");
	release_list(&l);
	load_list(&l, "format: crisis/v1\r\ncontacts: []\r\n", "contacts");
	assert_int_equal(yamledit_append_items(&l.text, l.list, "- id: b\n"), 0);
	assert_string_equal(l.text.ptr, "format: crisis/v1\r\ncontacts:\r\n  - id: b\r\n");
	release_list(&l);
}

/*
 * When the last entry ends with a block scalar, the new entries go after
 * its lines, not inside it.
 */
static void append_after_a_block_scalar(void **state)
{
	struct listed l;
	(void)state;
	load_list(&l, "contacts:\n"
		      "  - id: a\n"
		      "    notes: |\n"
		      "      ligne 1\n"
		      "      ligne 2\n"
		      "kind: contacts\n", "contacts");
	assert_int_equal(yamledit_append_items(&l.text, l.list, "- id: b\n"), 0);
	char *got = buf_detach(&l.text);
	release_list(&l);
	owned_is(got, "contacts:\n"
		      "  - id: a\n"
		      "    notes: |\n"
		      "      ligne 1\n"
		      "      ligne 2\n"
		      "  - id: b\n"
		      "kind: contacts\n");
}

static void append_refuses_flow_lists(void **state)
{
	struct listed l;
	(void)state;
	load_list(&l, "contacts: [{id: a}]\n", "contacts");
	assert_int_equal(yamledit_append_items(&l.text, l.list, "- id: b\n"), -1);
	assert_string_equal(l.text.ptr, "contacts: [{id: a}]\n");
	release_list(&l);
}

TEST_MAIN(
	cmocka_unit_test(replaces_a_value_in_place),
	cmocka_unit_test(replaces_a_nested_quoted_value),
	cmocka_unit_test(fills_an_empty_value),
	cmocka_unit_test(replaces_a_value_over_several_lines),
	cmocka_unit_test(adds_a_missing_key_under_its_mapping),
	cmocka_unit_test(adds_a_missing_top_level_key),
	cmocka_unit_test(keeps_crlf_and_accents),
	cmocka_unit_test(lone_cr_and_unicode_line_breaks_end_lines),
	cmocka_unit_test(refuses_flow_mappings_and_lists),
	cmocka_unit_test(plain_scalars_stay_plain),
	cmocka_unit_test(colon_space_is_quoted),
	cmocka_unit_test(comment_marks_are_quoted),
	cmocka_unit_test(leading_indicators_are_quoted),
	cmocka_unit_test(leading_and_trailing_spaces_are_quoted),
	cmocka_unit_test(newline_is_escaped),
	cmocka_unit_test(written_scalars_read_back),
	cmocka_unit_test(unprintable_characters_read_back),
	cmocka_unit_test(list_indent_of_entries),
	cmocka_unit_test(list_indent_of_an_empty_list),
	cmocka_unit_test(list_indent_refuses_flow_lists),
	cmocka_unit_test(replace_item_rewrites_one_entry),
	cmocka_unit_test(replace_item_of_the_last_entry),
	cmocka_unit_test(replace_item_refuses_flow_entries),
	cmocka_unit_test(replace_item_takes_a_block_scalar_with_it),
	cmocka_unit_test(append_after_the_last_entry),
	cmocka_unit_test(append_to_a_list_before_other_keys),
	cmocka_unit_test(append_to_an_empty_flow_list),
	cmocka_unit_test(append_to_an_empty_key),
	cmocka_unit_test(append_at_the_end_without_a_final_line_end),
	cmocka_unit_test(append_keeps_crlf),
	cmocka_unit_test(append_after_a_block_scalar),
	cmocka_unit_test(append_refuses_flow_lists),
)
