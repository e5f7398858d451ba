#include "unit.h"
#include "util/csv.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * csv_parse() on a copy of exactly `len` bytes with no terminator after
 * them, so that AddressSanitizer catches any read past the end.
 */
static int parse_n(const char *s, size_t len, char sep, struct csv_table *t)
{
	char *copy = xmalloc(len);
	memcpy(copy, s, len);
	crisis_error_clear();
	int error = csv_parse(copy, len, sep, t);
	free(copy);
	return error;
}

static int parse(const char *s, char sep, struct csv_table *t)
{
	return parse_n(s, strlen(s), sep, t);
}

/* Parsing `s` fails, leaves the table empty and says `prefix...`. */
static void assert_fails(const char *s, size_t len, const char *prefix,
			 const char *words)
{
	struct csv_table t;
	assert_int_equal(parse_n(s, len, 0, &t), -1);
	assert_int_equal(t.nr, 0);
	assert_null(t.rows);
	const char *msg = crisis_error_last();
	if (strncmp(msg, prefix, strlen(prefix)) || !strstr(msg, words))
		fail_msg("got \"%s\", want \"%s...%s\"", msg, prefix, words);
}

static void assert_row(const struct csv_table *t, size_t i,
		       unsigned long line, size_t nr, const char *const *want)
{
	assert_true(i < t->nr);
	assert_int_equal(t->rows[i].line, line);
	assert_int_equal(t->rows[i].nr, nr);
	for (size_t k = 0; k < nr; k++)
		assert_string_equal(t->rows[i].fields[k], want[k]);
}

#define ROW(t, i, line, ...) do { \
	const char *const want_[] = { __VA_ARGS__ }; \
	assert_row((t), (i), (line), sizeof(want_) / sizeof(*want_), want_); \
} while (0)

static void detects_comma(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("name,phone,city\nDupont,0102,Paris\n", 0, &t), 0);
	assert_int_equal(t.sep, ',');
	assert_int_equal(t.nr, 2);
	ROW(&t, 0, 1, "name", "phone", "city");
	ROW(&t, 1, 2, "Dupont", "0102", "Paris");
	csv_table_release(&t);
}

static void detects_semicolon(void **state)
{
	struct csv_table t;
	(void)state;
	/* One comma in the header, two semicolons: French Excel. */
	assert_int_equal(parse("Nom, prénom;Téléphone;Montant\nDupont, Jean;0102;1,5\n", 0, &t), 0);
	assert_int_equal(t.sep, ';');
	ROW(&t, 0, 1, "Nom, prénom", "Téléphone", "Montant");
	ROW(&t, 1, 2, "Dupont, Jean", "0102", "1,5");
	csv_table_release(&t);
}

static void detects_tab(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("a\tb\tc,d\n", 0, &t), 0);
	assert_int_equal(t.sep, '\t');
	ROW(&t, 0, 1, "a", "b", "c,d");
	csv_table_release(&t);
}

static void detection_ignores_quoted_separators(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("\"a;b;c\",d\n", 0, &t), 0);
	assert_int_equal(t.sep, ',');
	ROW(&t, 0, 1, "a;b;c", "d");
	csv_table_release(&t);
}

static void detection_skips_leading_empty_lines(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("\r\n\na;b\n", 0, &t), 0);
	assert_int_equal(t.sep, ';');
	ROW(&t, 0, 3, "a", "b");
	csv_table_release(&t);
}

static void tie_goes_to_the_first_listed(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("a,b;c\n", 0, &t), 0);
	assert_int_equal(t.sep, ';');
	csv_table_release(&t);
	assert_int_equal(parse("a\tb,c\n", 0, &t), 0);
	assert_int_equal(t.sep, ',');
	csv_table_release(&t);
}

static void no_separator_means_comma(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("alone\nb;c\n", 0, &t), 0);
	assert_int_equal(t.sep, ',');
	ROW(&t, 0, 1, "alone");
	ROW(&t, 1, 2, "b;c");
	csv_table_release(&t);
}

static void given_separator_is_used(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("a;b;c,d\n", ',', &t), 0);
	assert_int_equal(t.sep, ',');
	ROW(&t, 0, 1, "a;b;c", "d");
	csv_table_release(&t);
}

static void unsupported_separator_is_refused(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("a|b\n", '|', &t), -1);
	assert_int_equal(t.nr, 0);
	assert_non_null(strstr(crisis_error_last(), "separator"));
}

static void bom_is_stripped(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("\xEF\xBB\xBFnom;tel\nA;1\n", 0, &t), 0);
	assert_int_equal(t.sep, ';');
	ROW(&t, 0, 1, "nom", "tel");
	ROW(&t, 1, 2, "A", "1");
	csv_table_release(&t);
	/* A quoted first field right after the BOM is still quoted. */
	assert_int_equal(parse("\xEF\xBB\xBF\"a,b\",c", 0, &t), 0);
	ROW(&t, 0, 1, "a,b", "c");
	csv_table_release(&t);
}

static void bom_is_not_a_column(void **state)
{
	(void)state;
	assert_fails("\xEF\xBB\xBF\"a\"x", 7, "line 1, column 4: ", "closing quote");
}

static void crlf_ends_lines(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("a,b\r\nc,d\r\n", 0, &t), 0);
	assert_int_equal(t.nr, 2);
	ROW(&t, 0, 1, "a", "b");
	ROW(&t, 1, 2, "c", "d");
	csv_table_release(&t);
}

static void cr_alone_ends_lines(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("a,b\rc,d\re\n\rf", 0, &t), 0);
	assert_int_equal(t.nr, 4);
	ROW(&t, 0, 1, "a", "b");
	ROW(&t, 1, 2, "c", "d");
	ROW(&t, 2, 3, "e");
	ROW(&t, 3, 5, "f");	/* LF then CR: two line ends */
	csv_table_release(&t);
	/* A CR as the very last byte: nothing after it may be read. */
	assert_int_equal(parse("a,b\r", 0, &t), 0);
	assert_int_equal(t.nr, 1);
	ROW(&t, 0, 1, "a", "b");
	csv_table_release(&t);
	assert_int_equal(parse("\"a\rb\"\r", 0, &t), 0);
	ROW(&t, 0, 1, "a\rb");
	csv_table_release(&t);
}

static void last_line_needs_no_line_end(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("a,b\nc,\"d\"", 0, &t), 0);
	assert_int_equal(t.nr, 2);
	ROW(&t, 1, 2, "c", "d");
	csv_table_release(&t);
}

static void empty_input_has_no_rows(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(csv_parse(NULL, 0, 0, &t), 0);
	assert_int_equal(t.nr, 0);
	assert_int_equal(t.sep, ',');
	csv_table_release(&t);
	assert_int_equal(parse("\xEF\xBB\xBF\r\n\n", ';', &t), 0);
	assert_int_equal(t.nr, 0);
	csv_table_release(&t);
}

static void empty_lines_are_skipped(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("\n\r\n\ra\n\n\nb\n\n", 0, &t), 0);
	assert_int_equal(t.nr, 2);
	ROW(&t, 0, 4, "a");
	ROW(&t, 1, 7, "b");
	csv_table_release(&t);
}

static void quoted_separators_are_text(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("\"Dupont, Jean\",\"a;b\",\"\t\"\n", ',', &t), 0);
	ROW(&t, 0, 1, "Dupont, Jean", "a;b", "\t");
	csv_table_release(&t);
}

static void quoted_newline_keeps_line_numbers(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("id,note\n1,\"first\nsecond\"\n2,\"a\r\nb\rc\"\n\n3,y", 0, &t), 0);
	assert_int_equal(t.nr, 4);
	ROW(&t, 0, 1, "id", "note");
	ROW(&t, 1, 2, "1", "first\nsecond");
	ROW(&t, 2, 4, "2", "a\r\nb\rc");	/* kept as written */
	ROW(&t, 3, 8, "3", "y");
	csv_table_release(&t);
}

static void doubled_quotes_are_one_quote(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("\"say \"\"hi\"\"\",\"\"\"\",\"\",\"a\"\"\"\n", 0, &t), 0);
	ROW(&t, 0, 1, "say \"hi\"", "\"", "", "a\"");
	csv_table_release(&t);
}

static void quote_inside_plain_field_is_text(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("5\" disk, \"x\"\n", 0, &t), 0);
	ROW(&t, 0, 1, "5\" disk", " \"x\"");
	csv_table_release(&t);
}

static void empty_fields_and_trailing_separator(void **state)
{
	struct csv_table t;
	(void)state;
	assert_int_equal(parse("a;;b;\n;\n;;\n\"\"\n", 0, &t), 0);
	assert_int_equal(t.nr, 4);
	ROW(&t, 0, 1, "a", "", "b", "");
	ROW(&t, 1, 2, "", "");
	ROW(&t, 2, 3, "", "", "");
	ROW(&t, 3, 4, "");
	csv_table_release(&t);
	/* A trailing separator at the very end of the data. */
	assert_int_equal(parse("a;b;", 0, &t), 0);
	ROW(&t, 0, 1, "a", "b", "");
	csv_table_release(&t);
}

static void unterminated_quote_names_its_line(void **state)
{
	const char *s = "a,b\nc,\"open\nd,e\nf\n";
	(void)state;
	assert_fails(s, strlen(s), "line 2, column 3: ", "never closed");
	assert_fails("\"", 1, "line 1, column 1: ", "never closed");
	assert_fails("\"a\r", 3, "line 1, column 1: ", "never closed");
	/* A doubled quote at the very end does not close the field. */
	assert_fails("x,\"ab\"\"", 7, "line 1, column 3: ", "never closed");
}

static void text_after_closing_quote_is_refused(void **state)
{
	const char *s = "a,b\n\"x\"y,z\n";
	const char *multi = "a\n\"one\ntwo\" ,b\n";
	const char *wide = "é,\"x\"y";
	(void)state;
	assert_fails(s, strlen(s), "line 2, column 4: ", "closing quote");
	/* The quoted field spans lines 2 and 3: the error is on line 3. */
	assert_fails(multi, strlen(multi), "line 3, column 5: ", "closing quote");
	/* Columns count characters, not bytes. */
	assert_fails(wide, strlen(wide), "line 1, column 6: ", "closing quote");
}

static void latin1_is_refused(void **state)
{
	const char *s = "nom\nH\xe9l\xe8ne\n";
	const char *quoted = "nom,ville\n\"Dupont\",\"Orl\xe9" "ans\"\n";
	(void)state;
	assert_fails(s, strlen(s), "line 2, column 2: not UTF-8", "save the file as UTF-8");
	assert_fails(quoted, strlen(quoted), "line 2, column 14: not UTF-8", "Latin-1");
}

static void truncated_utf8_at_the_end_is_refused(void **state)
{
	(void)state;
	/* "café" cut inside the é: nothing past the data may be read. */
	assert_fails("caf\xC3", 4, "line 1, column 4: not UTF-8", "UTF-8");
	assert_fails("\"caf\xC3", 5, "line 1, column 5: not UTF-8", "UTF-8");
}

static void nul_byte_is_refused(void **state)
{
	static const char s[] = "ab\nc\0d\n";
	static const char quoted[] = "\"a\0\"";
	(void)state;
	assert_fails(s, sizeof(s) - 1, "line 2, column 2: ", "NUL byte");
	assert_fails(quoted, sizeof(quoted) - 1, "line 1, column 3: ", "NUL byte");
}

static void utf16_is_refused(void **state)
{
	static const char s[] = "\xFF\xFEn\0o\0m\0";
	(void)state;
	assert_fails(s, sizeof(s) - 1, "line 1, column 1: ", "UTF-16");
}

static void many_separators_on_one_line(void **state)
{
	size_t n = 1000000;
	char *s = xmalloc(n + 1);
	struct csv_table t;
	(void)state;
	memset(s, ';', n);
	s[n] = 'x';
	assert_int_equal(parse_n(s, n + 1, 0, &t), 0);
	assert_int_equal(t.sep, ';');
	assert_int_equal(t.nr, 1);
	assert_int_equal(t.rows[0].nr, n + 1);
	assert_string_equal(t.rows[0].fields[0], "");
	assert_string_equal(t.rows[0].fields[n], "x");
	csv_table_release(&t);
	free(s);
}

static void long_quoted_field_with_many_lines(void **state)
{
	size_t k = 300000, len = 1 + 3 * k + 3;
	char *s = xmalloc(len);
	struct csv_table t;
	(void)state;
	/* "\n""\n""...\n""" then a second record: k newlines and k quotes. */
	s[0] = '"';
	for (size_t i = 0; i < k; i++)
		memcpy(s + 1 + 3 * i, "\n\"\"", 3);
	memcpy(s + 1 + 3 * k, "\"\na", 3);
	assert_int_equal(parse_n(s, len, ',', &t), 0);
	assert_int_equal(t.nr, 2);
	assert_int_equal(strlen(t.rows[0].fields[0]), 2 * k);
	assert_int_equal(t.rows[1].line, k + 2);
	assert_string_equal(t.rows[1].fields[0], "a");
	csv_table_release(&t);
	free(s);
}

/* csv_field(s, sep) into a static buffer, for short comparisons. */
static const char *field(const char *s, char sep)
{
	static char out[256];
	struct buf b = BUF_INIT;
	csv_field(&b, s, sep);
	snprintf(out, sizeof(out), "%s", buf_str(&b));
	buf_release(&b);
	return out;
}

static void writer_leaves_plain_fields(void **state)
{
	(void)state;
	assert_string_equal(field("Dupont", ','), "Dupont");
	assert_string_equal(field("", ','), "");
	assert_string_equal(field("Hélène Lefèvre", ';'), "Hélène Lefèvre");
	assert_string_equal(field("a;b", ','), "a;b");
	assert_string_equal(field("1,5", ';'), "1,5");
	assert_string_equal(field("in side", ';'), "in side");
}

static void writer_quotes_what_needs_it(void **state)
{
	(void)state;
	assert_string_equal(field("a;b", ';'), "\"a;b\"");
	assert_string_equal(field("1,5", ','), "\"1,5\"");
	assert_string_equal(field("a\tb", '\t'), "\"a\tb\"");
	assert_string_equal(field("say \"hi\"", ','), "\"say \"\"hi\"\"\"");
	assert_string_equal(field("\"", ','), "\"\"\"\"");
	assert_string_equal(field("a\nb", ','), "\"a\nb\"");
	assert_string_equal(field("a\rb", ','), "\"a\rb\"");
	assert_string_equal(field(" lead", ','), "\" lead\"");
	assert_string_equal(field("trail ", ','), "\"trail \"");
	assert_string_equal(field(" ", ','), "\" \"");
}

static void writer_records_end_in_crlf(void **state)
{
	const char *const fields[] = { "a", NULL, "b;c", "" };
	const char *const lone[] = { "" };
	struct buf b = BUF_INIT;
	(void)state;
	csv_record(&b, fields, 4, ';');
	assert_string_equal(buf_str(&b), "a;;\"b;c\";\r\n");
	buf_reset(&b);
	/* A lone empty field would be an empty line, which is skipped. */
	csv_record(&b, lone, 1, ';');
	assert_string_equal(buf_str(&b), "\"\"\r\n");
	buf_release(&b);
}

static void writer_and_parser_round_trip(void **state)
{
	const char *const header[] = { "nom", "note", "ville", "code" };
	const char *const tricky[] = {
		"Hélène Lefèvre", "a;b", "say \"hi\"", "line one\nline two",
		" lead", "trail ", "", "\"", "l\u2019\u00E9t\u00E9", "1,5", "a\r\nb",
	};
	const char *const lone[] = { "" };
	size_t nr = sizeof(tricky) / sizeof(*tricky);
	struct buf b = BUF_INIT;
	struct csv_table t;
	(void)state;

	for (const char *seps = ";,\t"; *seps; seps++) {
		buf_reset(&b);
		csv_record(&b, header, 4, *seps);
		csv_record(&b, tricky, nr, *seps);
		csv_record(&b, lone, 1, *seps);
		csv_record(&b, header, 4, *seps);
		assert_int_equal(parse_n(b.ptr, b.len, 0, &t), 0);
		assert_int_equal(t.sep, *seps);
		assert_int_equal(t.nr, 4);
		assert_row(&t, 0, 1, 4, header);
		assert_row(&t, 1, 2, nr, tricky);
		assert_row(&t, 2, 5, 1, lone);	/* two line breaks in row 2 */
		assert_row(&t, 3, 6, 4, header);
		csv_table_release(&t);
	}
	buf_release(&b);
}

TEST_MAIN(
	cmocka_unit_test(detects_comma),
	cmocka_unit_test(detects_semicolon),
	cmocka_unit_test(detects_tab),
	cmocka_unit_test(detection_ignores_quoted_separators),
	cmocka_unit_test(detection_skips_leading_empty_lines),
	cmocka_unit_test(tie_goes_to_the_first_listed),
	cmocka_unit_test(no_separator_means_comma),
	cmocka_unit_test(given_separator_is_used),
	cmocka_unit_test(unsupported_separator_is_refused),
	cmocka_unit_test(bom_is_stripped),
	cmocka_unit_test(bom_is_not_a_column),
	cmocka_unit_test(crlf_ends_lines),
	cmocka_unit_test(cr_alone_ends_lines),
	cmocka_unit_test(last_line_needs_no_line_end),
	cmocka_unit_test(empty_input_has_no_rows),
	cmocka_unit_test(empty_lines_are_skipped),
	cmocka_unit_test(quoted_separators_are_text),
	cmocka_unit_test(quoted_newline_keeps_line_numbers),
	cmocka_unit_test(doubled_quotes_are_one_quote),
	cmocka_unit_test(quote_inside_plain_field_is_text),
	cmocka_unit_test(empty_fields_and_trailing_separator),
	cmocka_unit_test(unterminated_quote_names_its_line),
	cmocka_unit_test(text_after_closing_quote_is_refused),
	cmocka_unit_test(latin1_is_refused),
	cmocka_unit_test(truncated_utf8_at_the_end_is_refused),
	cmocka_unit_test(nul_byte_is_refused),
	cmocka_unit_test(utf16_is_refused),
	cmocka_unit_test(many_separators_on_one_line),
	cmocka_unit_test(long_quoted_field_with_many_lines),
	cmocka_unit_test(writer_leaves_plain_fields),
	cmocka_unit_test(writer_quotes_what_needs_it),
	cmocka_unit_test(writer_records_end_in_crlf),
	cmocka_unit_test(writer_and_parser_round_trip),
)
