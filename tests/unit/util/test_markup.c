#include "unit.h"
#include "util/markup.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

#define FFFD "\xEF\xBF\xBD"

/* markup_put() of s (to free). */
static char *put(enum markup_format f, const char *s)
{
	struct buf b = BUF_INIT;
	markup_put(&b, f, s);
	return buf_detach(&b);
}

static char *wrapped(const char *s, size_t col, size_t indent, size_t width)
{
	struct buf b = BUF_INIT;
	markup_wrap(&b, s, col, indent, width);
	return buf_detach(&b);
}

static char *heading(enum markup_format f, int level, const char *text)
{
	struct buf b = BUF_INIT;
	markup_heading(&b, f, level, text);
	return buf_detach(&b);
}

static char *para(enum markup_format f, const char *text)
{
	struct buf b = BUF_INIT;
	markup_para(&b, f, text);
	return buf_detach(&b);
}

/* A table of the given rows, `nr_cols` cells each; marked rows by index (to free). */
static char *table(enum markup_format f, struct markup_table *t, const char *const *cells,
		   size_t nr, size_t mark)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < nr; i++) {
		markup_table_add(t, cells[i]);
		if (i / t->nr_cols == mark && i % t->nr_cols == 0)
			markup_table_mark(t);
	}
	markup_table_write(&b, f, t);
	markup_table_release(t);
	return buf_detach(&b);
}

#define NO_MARK ((size_t)-1)

/* ---- escaping ---- */

static void html_escapes_its_markup(void **state)
{
	(void)state;
	owned_is(put(MARKUP_HTML, "<script>alert(\"x\" & 'y')</script>"),
		 "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
	/* Markdown's characters are text in HTML. */
	owned_is(put(MARKUP_HTML, "a|b *c* _d_ [e]"), "a|b *c* _d_ [e]");
}

static void markdown_escapes_its_markup(void **state)
{
	(void)state;
	owned_is(put(MARKUP_MD, "a|b *c* _d_ [e](f) `g` ~~h~~ <i> \\"),
		 "a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\`g\\` \\~\\~h\\~\\~ \\<i\\> \\\\");
	/* HTML's entities are text in Markdown: only < and > open raw HTML. */
	owned_is(put(MARKUP_MD, "a & \"b\" 'c'"), "a & \"b\" 'c'");
	/* Plain text is left as it is. */
	owned_is(put(MARKUP_TEXT, "a|b *c* <i> & 'd'"), "a|b *c* <i> & 'd'");
}

static void control_characters_and_bad_bytes_are_replaced(void **state)
{
	/* ESC, DEL, a C1 control (U+0085), a stray byte, a truncated sequence. */
	static const char nasty[] = "a\x1b[31mb\x7f" "c\xC2\x85" "d\xFF" "e\xC3";
	(void)state;
	owned_is(put(MARKUP_TEXT, nasty), "a" FFFD "[31mb" FFFD "c" FFFD "d" FFFD "e" FFFD);
	owned_is(put(MARKUP_HTML, nasty), "a" FFFD "[31mb" FFFD "c" FFFD "d" FFFD "e" FFFD);
	owned_is(put(MARKUP_MD, nasty), "a" FFFD "\\[31mb" FFFD "c" FFFD "d" FFFD "e" FFFD);
	/* A no-break space (U+00A0) is text, just after the C1 controls. */
	owned_is(put(MARKUP_TEXT, "x\xC2\xA0y\xC2\x9Fz"), "x\xC2\xA0y" FFFD "z");
	/* Line breaks, tabs and the line and paragraph separators are spaces. */
	owned_is(put(MARKUP_TEXT, "a\nb\r\nc\td\xE2\x80\xA8" "e\xE2\x80\xA9" "f"), "a b  c d e f");
	owned_is(put(MARKUP_HTML, NULL), "");
	struct buf b = BUF_INIT;
	markup_clean(&b, "\x01\xE2\x80\xA8\xC3\xA9");
	owned_is(buf_detach(&b), FFFD " \xC3\xA9");
}

/* ---- plain text ---- */

static void wrapping_counts_characters_not_bytes(void **state)
{
	(void)state;
	/* "été" is 3 characters in 5 bytes: three of them fill 11 columns. */
	owned_is(wrapped("été été été été", 0, 2, 11), "été été été\n  été");
	owned_is(wrapped("Sécurité évacuée à l'étage", 0, 0, 17), "Sécurité évacuée\nà l'étage");
	/* From column 8, the second word does not fit in 10. */
	owned_is(wrapped("un deux", 8, 0, 10), "un\ndeux");
	/* A word longer than a line stands alone; spaces do not pile up. */
	owned_is(wrapped("a  abcdefghijkl   b", 0, 0, 5), "a\nabcdefghijkl\nb");
	/* Cleaned: a line break is a space, not a new line out of place. */
	owned_is(wrapped("a\nb", 0, 0, 10), "a b");
}

static void headings_in_each_format(void **state)
{
	(void)state;
	/* Underlined to the width in characters: 10, not 13 bytes. */
	owned_is(heading(MARKUP_TEXT, 1, "Été à Noël"), "Été à Noël\n==========\n");
	owned_is(heading(MARKUP_TEXT, 2, "Log (main courante)"), "\nLOG (MAIN COURANTE)\n");
	owned_is(heading(MARKUP_TEXT, 2, "a\x1b" "b"), "\nA" FFFD "B\n");
	owned_is(heading(MARKUP_MD, 2, "a *b*"), "## a \\*b\\*\n\n");
	owned_is(heading(MARKUP_HTML, 3, "<i>"), "<h3>&lt;i&gt;</h3>\n");
}

static void paragraphs_in_each_format(void **state)
{
	struct buf long_text = BUF_INIT;
	(void)state;
	owned_is(para(MARKUP_TEXT, "un\tdeux"), "  un deux\n");
	owned_is(para(MARKUP_HTML, "a & <b>"), "<p>a &amp; &lt;b&gt;</p>\n");
	owned_is(para(MARKUP_MD, "a_b"), "a\\_b\n\n");
	/* Markdown: neither a heading, a list nor a rule. */
	owned_is(para(MARKUP_MD, "# titre"), "\\# titre\n\n");
	owned_is(para(MARKUP_MD, "- point"), "\\- point\n\n");
	owned_is(para(MARKUP_MD, "12. Fin"), "12\\. Fin\n\n");
	owned_is(para(MARKUP_MD, "3) Fin"), "3\\) Fin\n\n");
	owned_is(para(MARKUP_MD, "3 et 4. Fin"), "3 et 4. Fin\n\n");
	/* Plain text: wrapped to 100 columns under a 2-column indent. */
	for (int i = 0; i < 60; i++)
		buf_adds(&long_text, "élément ");
	char *text = para(MARKUP_TEXT, long_text.ptr);
	size_t lines = 0;
	for (const char *line = text; *line; lines++) {
		size_t n = strcspn(line, "\n");
		if (utf8_chars(line, n) > MARKUP_WIDTH || strncmp(line, "  \xC3\xA9", 4))
			fail_msg("line %zu: '%.*s'", lines, (int)n, line);
		line += n + (line[n] == '\n');
	}
	/* 12 words of 7 characters a line: 2 + 12 * 8 - 1 = 97 columns. */
	assert_int_equal(lines, 5);
	assert_int_equal(unit_count(text, "élément"), 60);
	free(text);
	buf_release(&long_text);
}

/* ---- tables ---- */

static const struct markup_column people[] = { { "Nom", false }, { "Rôle", false } };

static void text_table_aligns_by_width_on_screen(void **state)
{
	static const char *const rows[] = { "Émilie", "pompière", "Jo", "chef" };
	struct markup_table t = { .cols = people, .nr_cols = 2 };
	(void)state;
	owned_is(table(MARKUP_TEXT, &t, rows, 4, NO_MARK),
		 "  Nom     Rôle\n"
		 "  Émilie  pompière\n"
		 "  Jo      chef\n");
}

static void text_table_puts_long_cells_under_their_row(void **state)
{
	static const struct markup_column cols[] = {
		{ "Id", false }, { "Action", true }, { "Notes", true },
	};
	static const char *const rows[] = { "e-1", "Appeler", "vite", "e-2", "Alerter", "" };
	struct markup_table t = { .cols = cols, .nr_cols = 3 };
	(void)state;
	owned_is(table(MARKUP_TEXT, &t, rows, 6, NO_MARK),
		 "  Id\n"
		 "  e-1\n"
		 "      Appeler\n"
		 "      Notes: vite\n"
		 "  e-2\n"
		 "      Alerter\n");
}

static void text_table_ends_a_row_with_its_only_long_cell(void **state)
{
	static const struct markup_column cols[] = { { "Id", false }, { "Texte", true } };
	struct markup_table t = { .cols = cols, .nr_cols = 2 };
	struct buf words = BUF_INIT;
	(void)state;
	for (int i = 0; i < 40; i++)
		buf_adds(&words, i ? " été" : "été");
	const char *rows[] = { "e-1", words.ptr };
	char *text = table(MARKUP_TEXT, &t, rows, 2, NO_MARK);
	/* The cell starts at column 7; 23 words reach column 98, the rest wrap under it. */
	const char *start = "  Id   Texte\n  e-1  été été", *under = "       été ";
	char *second = strchr(text, '\n') + 1, *third = strchr(second, '\n') + 1;
	assert_true(!strncmp(text, start, strlen(start)));
	assert_int_equal(utf8_chars(second, (size_t)(third - second - 1)), 98);
	assert_true(!strncmp(third, under, strlen(under)));
	assert_int_equal(unit_count(third, "été"), 17);
	assert_int_equal(unit_count(third, "\n"), 1);
	free(text);
	buf_release(&words);
}

static void text_facts_have_no_header(void **state)
{
	static const struct markup_column cols[] = { { "Field", false }, { "Value", true } };
	static const char *const rows[] = { "Run", "r1", "Drill clock", "01:00:00" };
	struct markup_table t = { .cols = cols, .nr_cols = 2, .facts = true };
	(void)state;
	owned_is(table(MARKUP_TEXT, &t, rows, 4, NO_MARK),
		 "  Run          r1\n"
		 "  Drill clock  01:00:00\n");
}

static void markdown_table_has_a_separator_and_whole_rows(void **state)
{
	static const char *const rows[] = { "a|b", "", "x\ny", "*z*", NULL, "\xE2\x80\xA8" };
	struct markup_table t = { .cols = people, .nr_cols = 2 };
	(void)state;
	char *md = table(MARKUP_MD, &t, rows, 6, NO_MARK);
	assert_string_equal(md,
			    "| Nom | Rôle |\n"
			    "|---|---|\n"
			    "| a\\|b |  |\n"
			    "| x y | \\*z\\* |\n"
			    "|  |   |\n"
			    "\n");
	/* Every row has the same cells: three bars not escaped. */
	for (const char *line = md; *line; ) {
		size_t n = strcspn(line, "\n"), bars = 0;
		for (size_t i = 0; i < n; i++)
			bars += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
		if (n && bars != 3)
			fail_msg("%zu bars: %.*s", bars, (int)n, line);
		line += n + (line[n] == '\n');
	}
	free(md);

	static const struct markup_column cols[] = { { "Field", false }, { "Value", true } };
	static const char *const facts[] = { "On time", "50% (2/4)", "Note", "*vite*" };
	struct markup_table f = { .cols = cols, .nr_cols = 2, .facts = true };
	owned_is(table(MARKUP_MD, &f, facts, 4, NO_MARK),
		 "- **On time:** 50% (2/4)\n- **Note:** \\*vite\\*\n\n");
}

static void html_table_has_a_header_and_marked_rows(void **state)
{
	static const char *const rows[] = { "<b>", "x & y", "Jo", "chef" };
	struct markup_table t = { .cols = people, .nr_cols = 2 };
	(void)state;
	owned_is(table(MARKUP_HTML, &t, rows, 4, 0),
		 "<table>\n<thead><tr><th>Nom</th><th>Rôle</th></tr></thead>\n<tbody>\n"
		 "<tr class=\"finding\"><td>&lt;b&gt;</td><td>x &amp; y</td></tr>\n"
		 "<tr><td>Jo</td><td>chef</td></tr>\n"
		 "</tbody>\n</table>\n");

	static const struct markup_column cols[] = { { "Field", false }, { "Value", true } };
	static const char *const facts[] = { "Run", "r\"1\"" };
	struct markup_table f = { .cols = cols, .nr_cols = 2, .facts = true };
	owned_is(table(MARKUP_HTML, &f, facts, 2, NO_MARK),
		 "<table class=\"facts\">\n<tbody>\n"
		 "<tr><th scope=\"row\">Run</th><td>r&quot;1&quot;</td></tr>\n"
		 "</tbody>\n</table>\n");
}

static void empty_table_says_so(void **state)
{
	struct markup_table t = { .cols = people, .nr_cols = 2, .none = "Personne." };
	struct markup_table d = { .cols = people, .nr_cols = 2 };
	(void)state;
	owned_is(table(MARKUP_TEXT, &t, NULL, 0, NO_MARK), "  Personne.\n");
	owned_is(table(MARKUP_MD, &t, NULL, 0, NO_MARK), "*Personne.*\n\n");
	owned_is(table(MARKUP_HTML, &t, NULL, 0, NO_MARK), "<p class=\"none\">Personne.</p>\n");
	owned_is(table(MARKUP_TEXT, &d, NULL, 0, NO_MARK), "  None.\n");
}

static void table_addf_formats_a_cell(void **state)
{
	struct markup_table t = { .cols = people, .nr_cols = 2 };
	struct buf b = BUF_INIT;
	(void)state;
	markup_table_addf(&t, "%zu/%d", (size_t)3, 4);
	markup_table_addf(&t, "%s", "a\tb");
	markup_table_write(&b, MARKUP_MD, &t);
	markup_table_release(&t);
	assert_null(t.cells);
	owned_has(buf_detach(&b), "| 3/4 | a b |\n");
}

/* ---- the page ---- */

static void html_page_is_self_contained(void **state)
{
	static const char *const outside[] = {
		"http:", "https:", "src=", "href=", "<script", "<link", "<img", "@import", "url(",
	};
	struct buf b = BUF_INIT;
	(void)state;
	markup_open(&b, MARKUP_HTML, "Plan <A> & 'B'\n", ".extra { color: #a00; }\n");
	markup_para(&b, MARKUP_HTML, "corps");
	markup_close(&b, MARKUP_HTML);
	char *html = buf_detach(&b);
	const char *head = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
			   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			   "<title>Plan &lt;A&gt; &amp; &#39;B&#39; </title>\n<style>\n";
	assert_true(!strncmp(html, head, strlen(head)));
	/* A4, the header of a table on every page, no row cut across two. */
	const char *page = strstr(html, "@page { size: A4;");
	assert_non_null(page);
	assert_non_null(strstr(html, "thead { display: table-header-group; }"));
	assert_non_null(strstr(html, "tr { break-inside: avoid; page-break-inside: avoid; }"));
	/* The document's own style, after the page's so that it wins. */
	const char *extra = strstr(html, ".extra { color: #a00; }\n</style>\n</head>\n<body>\n");
	assert_non_null(extra);
	assert_true(page < extra);
	assert_int_equal(unit_count(html, "<style>"), 1);
	for (size_t i = 0; i < sizeof(outside) / sizeof(*outside); i++)
		if (strstr(html, outside[i]))
			fail_msg("'%s' in the page", outside[i]);
	size_t len = strlen(html);
	const char *tail = "<body>\n<p>corps</p>\n</body>\n</html>\n";
	assert_true(len > strlen(tail) && !strcmp(html + len - strlen(tail), tail));
	free(html);

	/* No extra style: the page's alone. */
	markup_open(&b, MARKUP_HTML, "t", NULL);
	owned_has(buf_detach(&b), "}\n</style>\n</head>\n<body>\n");
}

static void text_and_markdown_have_no_page(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	markup_open(&b, MARKUP_TEXT, "t", ".x {}");
	markup_close(&b, MARKUP_TEXT);
	markup_open(&b, MARKUP_MD, "t", ".x {}");
	markup_close(&b, MARKUP_MD);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static char *list(enum markup_format f, enum markup_list kind, const char *const *items, size_t nr)
{
	struct buf b = BUF_INIT;
	markup_list(&b, f, kind, items, nr);
	return buf_detach(&b);
}

static void lists_in_each_format(void **state)
{
	static const char *const items[] = { "Call <the> *desk*", "Tick\x01 it" };
	(void)state;
	owned_is(list(MARKUP_TEXT, MARKUP_CHECKBOXES, items, 2),
		 "  [ ] Call <the> *desk*\n  [ ] Tick" FFFD " it\n");
	owned_is(list(MARKUP_TEXT, MARKUP_BULLETS, items, 1), "  - Call <the> *desk*\n");
	owned_is(list(MARKUP_MD, MARKUP_CHECKBOXES, items, 1), "- [ ] Call \\<the\\> \\*desk\\*\n\n");
	owned_is(list(MARKUP_MD, MARKUP_BULLETS, items, 1), "- Call \\<the\\> \\*desk\\*\n\n");
	owned_is(list(MARKUP_HTML, MARKUP_CHECKBOXES, items, 1),
		 "<ul class=\"check\">\n<li><span class=\"box\">\xE2\x98\x90</span>"
		 "Call &lt;the&gt; *desk*</li>\n</ul>\n");
	owned_is(list(MARKUP_HTML, MARKUP_BULLETS, items, 0), "");
}

static void text_list_wraps_under_its_text(void **state)
{
	const char *const items[] = {
		"word word word word word word word word word word word word word word word word "
		"word word word word word word",
	};
	(void)state;
	char *text = list(MARKUP_TEXT, MARKUP_CHECKBOXES, items, 1);
	assert_non_null(strstr(text, "\n      word"));
	for (const char *line = text; *line; line = strchr(line, '\n') + 1)
		assert_true(strcspn(line, "\n") <= MARKUP_WIDTH);
	free(text);
}

static void page_breaks_in_each_format(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	markup_break(&b, MARKUP_TEXT);
	assert_string_equal(buf_str(&b), "\f\n");
	buf_reset(&b);
	markup_break(&b, MARKUP_MD);
	assert_string_equal(buf_str(&b), "---\n\n");
	buf_reset(&b);
	markup_break(&b, MARKUP_HTML);
	assert_string_equal(buf_str(&b), "<div class=\"break\"></div>\n");
	buf_reset(&b);
	/* The page knows the class: a break before it when printed. */
	markup_open(&b, MARKUP_HTML, "t", NULL);
	assert_non_null(strstr(buf_str(&b), "div.break { break-before: page;"));
	buf_release(&b);
}

static void checklist_table_has_a_box_on_each_row(void **state)
{
	static const struct markup_column cols[] = { { "Who", false }, { "Step", true } };
	static const char *const cells[] = { "a", "Do <it>", "b", "Then | that" };
	struct markup_table t = { .cols = cols, .nr_cols = 2, .check = true };
	(void)state;
	char *text = table(MARKUP_TEXT, &t, cells, 4, NO_MARK);
	assert_int_equal(unit_count(text, "[ ]"), 2);
	owned_has(text, "  [ ] a    Do <it>\n");
	char *md = table(MARKUP_MD, &t, cells, 4, NO_MARK);
	assert_int_equal(unit_count(md, "\xE2\x98\x90"), 2);
	owned_has(md, "|   | Who | Step |\n|---|---|---|\n| \xE2\x98\x90 | a | Do \\<it\\> |\n");
	char *html = table(MARKUP_HTML, &t, cells, 4, NO_MARK);
	assert_int_equal(unit_count(html, "<td class=\"check\">\xE2\x98\x90</td>"), 2);
	owned_has(html, "<thead><tr><th></th><th>Who</th>");
}

static void text_headings_capitalise_accented_letters(void **state)
{
	(void)state;
	owned_is(heading(MARKUP_TEXT, 2, "Périmètre à ÿ ÷"), "\nPÉRIMÈTRE À ÿ ÷\n");
}

TEST_MAIN(
	cmocka_unit_test(lists_in_each_format),
	cmocka_unit_test(text_list_wraps_under_its_text),
	cmocka_unit_test(page_breaks_in_each_format),
	cmocka_unit_test(checklist_table_has_a_box_on_each_row),
	cmocka_unit_test(text_headings_capitalise_accented_letters),
	cmocka_unit_test(html_escapes_its_markup),
	cmocka_unit_test(markdown_escapes_its_markup),
	cmocka_unit_test(control_characters_and_bad_bytes_are_replaced),
	cmocka_unit_test(wrapping_counts_characters_not_bytes),
	cmocka_unit_test(headings_in_each_format),
	cmocka_unit_test(paragraphs_in_each_format),
	cmocka_unit_test(text_table_aligns_by_width_on_screen),
	cmocka_unit_test(text_table_puts_long_cells_under_their_row),
	cmocka_unit_test(text_table_ends_a_row_with_its_only_long_cell),
	cmocka_unit_test(text_facts_have_no_header),
	cmocka_unit_test(markdown_table_has_a_separator_and_whole_rows),
	cmocka_unit_test(html_table_has_a_header_and_marked_rows),
	cmocka_unit_test(empty_table_says_so),
	cmocka_unit_test(table_addf_formats_a_cell),
	cmocka_unit_test(html_page_is_self_contained),
	cmocka_unit_test(text_and_markdown_have_no_page),
)
