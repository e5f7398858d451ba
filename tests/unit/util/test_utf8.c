#include "unit.h"
#include "util/utf8.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

static void ascii_is_one_byte(void **state)
{
	(void)state;
	assert_int_equal(utf8_valid_len("a"), 1);
	assert_int_equal(utf8_valid_len("\x7f"), 1);
	assert_int_equal(utf8_valid_len("\x01"), 1);
	assert_int_equal(utf8_valid_len(""), 1);	/* the terminator itself */
}

static void valid_sequences_at_each_length(void **state)
{
	(void)state;
	assert_int_equal(utf8_valid_len("\xC2\x80"), 2);		/* U+0080, smallest */
	assert_int_equal(utf8_valid_len("\xC3\xA9"), 2);		/* é */
	assert_int_equal(utf8_valid_len("\xDF\xBF"), 2);		/* U+07FF */
	assert_int_equal(utf8_valid_len("\xE0\xA0\x80"), 3);	/* U+0800 */
	assert_int_equal(utf8_valid_len("\xE2\x82\xAC"), 3);	/* € */
	assert_int_equal(utf8_valid_len("\xED\x9F\xBF"), 3);	/* U+D7FF, before surrogates */
	assert_int_equal(utf8_valid_len("\xEE\x80\x80"), 3);	/* U+E000, after them */
	assert_int_equal(utf8_valid_len("\xEF\xBB\xBF"), 3);	/* BOM */
	assert_int_equal(utf8_valid_len("\xEF\xBF\xBF"), 3);	/* U+FFFF */
	assert_int_equal(utf8_valid_len("\xF0\x90\x80\x80"), 4);	/* U+10000 */
	assert_int_equal(utf8_valid_len("\xF0\x9F\x94\xA5"), 4);	/* 🔥 */
	assert_int_equal(utf8_valid_len("\xF4\x8F\xBF\xBF"), 4);	/* U+10FFFF, largest */
}

static void only_the_first_sequence_counts(void **state)
{
	(void)state;
	assert_int_equal(utf8_valid_len("\xC3\xA9tude"), 2);
	assert_int_equal(utf8_valid_len("\xE2\x82\xAC\xE2\x82\xAC"), 3);
}

static void overlong_forms_are_invalid(void **state)
{
	(void)state;
	assert_int_equal(utf8_valid_len("\xC0\x80"), 0);		/* NUL in 2 bytes */
	assert_int_equal(utf8_valid_len("\xC0\xAF"), 0);		/* '/' in 2 bytes */
	assert_int_equal(utf8_valid_len("\xC1\xBF"), 0);
	assert_int_equal(utf8_valid_len("\xE0\x80\xAF"), 0);	/* '/' in 3 bytes */
	assert_int_equal(utf8_valid_len("\xE0\x9F\xBF"), 0);	/* U+07FF in 3 bytes */
	assert_int_equal(utf8_valid_len("\xF0\x80\x80\xAF"), 0);	/* '/' in 4 bytes */
	assert_int_equal(utf8_valid_len("\xF0\x8F\xBF\xBF"), 0);	/* U+FFFF in 4 bytes */
}

static void surrogates_are_invalid(void **state)
{
	(void)state;
	assert_int_equal(utf8_valid_len("\xED\xA0\x80"), 0);	/* U+D800 */
	assert_int_equal(utf8_valid_len("\xED\xAF\xBF"), 0);	/* U+DBFF */
	assert_int_equal(utf8_valid_len("\xED\xB0\x80"), 0);	/* U+DC00 */
	assert_int_equal(utf8_valid_len("\xED\xBF\xBF"), 0);	/* U+DFFF */
}

static void beyond_unicode_is_invalid(void **state)
{
	(void)state;
	assert_int_equal(utf8_valid_len("\xF4\x90\x80\x80"), 0);	/* U+110000 */
	assert_int_equal(utf8_valid_len("\xF5\x80\x80\x80"), 0);
	assert_int_equal(utf8_valid_len("\xF7\xBF\xBF\xBF"), 0);
	assert_int_equal(utf8_valid_len("\xF8\x88\x80\x80\x80"), 0);	/* old 5-byte form */
	assert_int_equal(utf8_valid_len("\xFC\x84\x80\x80\x80\x80"), 0);
	assert_int_equal(utf8_valid_len("\xFE"), 0);
	assert_int_equal(utf8_valid_len("\xFF"), 0);
}

static void truncated_sequences_are_invalid(void **state)
{
	(void)state;
	/* Each stops at the terminator: nothing past it may be read. */
	assert_int_equal(utf8_valid_len("\xC3"), 0);
	assert_int_equal(utf8_valid_len("\xE2\x82"), 0);
	assert_int_equal(utf8_valid_len("\xE2"), 0);
	assert_int_equal(utf8_valid_len("\xF0\x9F\x94"), 0);
	assert_int_equal(utf8_valid_len("\xF0\x9F"), 0);
	/* Cut short by a following ASCII character. */
	assert_int_equal(utf8_valid_len("\xC3" "a"), 0);
	assert_int_equal(utf8_valid_len("\xE2\x82" "a"), 0);
	assert_int_equal(utf8_valid_len("\xF0\x9F\x94" "a"), 0);
}

static void lone_continuation_bytes_are_invalid(void **state)
{
	(void)state;
	assert_int_equal(utf8_valid_len("\x80"), 0);
	assert_int_equal(utf8_valid_len("\xBF"), 0);
	assert_int_equal(utf8_valid_len("\xA9tude"), 0);
}

static void chars_counts_code_points(void **state)
{
	const char *s = "\xC3\xA9t\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\xA5";	/* "été € 🔥" */
	(void)state;
	assert_int_equal(utf8_chars("", 0), 0);
	assert_int_equal(utf8_chars("abc", 0), 0);
	assert_int_equal(utf8_chars("abc", 3), 3);
	assert_int_equal(utf8_chars("abc", 2), 2);
	assert_int_equal(utf8_chars(s, strlen(s)), 7);
	assert_int_equal(utf8_chars(s, 2), 1);	/* é */
	assert_int_equal(utf8_chars(s, 3), 2);	/* ét */
	/* Stops at the terminator even when asked for more. */
	assert_int_equal(utf8_chars("ab", 100), 2);
}

static void offset_finds_the_byte_of_a_character(void **state)
{
	const char *s = "\xC3\xA9t\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\xA5";
	(void)state;
	assert_int_equal(utf8_offset(s, 0), 0);
	assert_int_equal(utf8_offset(s, 1), 2);		/* t */
	assert_int_equal(utf8_offset(s, 2), 3);		/* é */
	assert_int_equal(utf8_offset(s, 3), 5);		/* space */
	assert_int_equal(utf8_offset(s, 4), 6);		/* € */
	assert_int_equal(utf8_offset(s, 5), 9);		/* space */
	assert_int_equal(utf8_offset(s, 6), 10);	/* 🔥 */
	assert_int_equal(utf8_offset(s, 7), strlen(s));
	/* Past the end: the end. */
	assert_int_equal(utf8_offset(s, 100), strlen(s));
	assert_int_equal(utf8_offset("", 3), 0);
	assert_int_equal(utf8_offset("abc", 2), 2);
}

static void offset_and_chars_agree(void **state)
{
	const char *s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x94\xA5z";
	(void)state;
	for (size_t c = 0; c <= 5; c++)
		assert_int_equal(utf8_chars(s, utf8_offset(s, c)), c);
}

/* utf8_fold(s) into a static buffer, for short comparisons. */
static const char *folded(const char *s)
{
	static char out[256];
	struct buf b = BUF_INIT;
	utf8_fold(&b, s);
	snprintf(out, sizeof(out), "%s", buf_str(&b));
	buf_release(&b);
	return out;
}

static void fold_lowercases_ascii_only(void **state)
{
	(void)state;
	assert_string_equal(folded("LEFEVRE"), "lefevre");
	assert_string_equal(folded("Jean-Paul O'Neil, 42 @X"), "jean-paul o'neil, 42 @x");
	assert_string_equal(folded(""), "");
}

static void fold_strips_french_accents(void **state)
{
	(void)state;
	assert_string_equal(folded("àâäçéèêëîïôöùûüÿ"), "aaaceeeeiioouuuy");
	assert_string_equal(folded("Hélène Lefèvre"), "helene lefevre");
}

static void fold_strips_french_accents_on_capitals(void **state)
{
	(void)state;
	/* Ÿ is U+0178, in Latin Extended-A unlike ÿ. */
	assert_string_equal(folded("ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"), "aaaceeeeiioouuuy");
	assert_string_equal(folded("ÉCOLE"), "ecole");
}

static void fold_splits_ligatures(void **state)
{
	(void)state;
	assert_string_equal(folded("œ Œ æ Æ"), "oe oe ae ae");
	assert_string_equal(folded("Œuvre"), "oeuvre");
	assert_string_equal(folded("Lætitia"), "laetitia");
	assert_string_equal(folded("Ĳssel þorn"), "ijssel thorn");
}

static void fold_sharp_s_is_ss(void **state)
{
	(void)state;
	assert_string_equal(folded("Straße"), "strasse");
}

static void fold_covers_latin_extended_a(void **state)
{
	(void)state;
	assert_string_equal(folded("Øster Łódź Đorđe"), "oster lodz dorde");
	assert_string_equal(folded("Šťastný Dvořák Ångström"), "stastny dvorak angstrom");
	assert_string_equal(folded("İzmir ığdır Ğ ſ"), "izmir igdir g s");
	/* The first and last code points of the table. */
	assert_string_equal(folded("\u00C0\u017F"), "as");
}

static void fold_leaves_other_characters(void **state)
{
	(void)state;
	assert_string_equal(folded("Москва"), "Москва");
	assert_string_equal(folded("東京 € 🔥"), "東京 € 🔥");
	assert_string_equal(folded("ΩΣ"), "ΩΣ");
	/* Inside the table's range but not letters. */
	assert_string_equal(folded("2×3÷4"), "2×3÷4");
	assert_string_equal(folded("«»°"), "«»°");
}

static void fold_normalises_apostrophes_and_spaces(void **state)
{
	(void)state;
	assert_string_equal(folded("l\u2019\u00E9t\u00E9"), "l'ete");
	assert_string_equal(folded("\u2018a"), "'a");
	assert_string_equal(folded("M.\u00A0Dupont"), "m. dupont");
	assert_string_equal(folded("10\u202F%"), "10 %");
}

static void fold_copies_invalid_bytes(void **state)
{
	(void)state;
	assert_string_equal(folded("H\xe9l\xe8ne"), "h\xe9l\xe8ne");
	assert_string_equal(folded("\xC3"), "\xC3");		/* truncated é */
	assert_string_equal(folded("A\xC3" "B"), "a\xC3" "b");
	assert_string_equal(folded("\xED\xA0\x80X"), "\xED\xA0\x80x");	/* surrogate */
}

static void contains_ignores_accents_and_case_both_sides(void **state)
{
	(void)state;
	assert_true(utf8_fold_contains("Hélène Lefèvre", "helene"));
	assert_true(utf8_fold_contains("Helene Lefevre", "HÉLÈNE"));
	assert_true(utf8_fold_contains("Hélène Lefèvre", "LEFEVRE"));
	assert_true(utf8_fold_contains("Hélène Lefèvre", "lefèvre"));
	assert_true(utf8_fold_contains("Œuvre", "oe"));
	assert_true(utf8_fold_contains("l\u2019Haÿ-les-Roses", "l'hay"));
}

static void contains_rejects_what_is_not_there(void **state)
{
	(void)state;
	assert_false(utf8_fold_contains("Hélène Lefèvre", "helena"));
	assert_false(utf8_fold_contains("Dupont", "durand"));
	assert_false(utf8_fold_contains("", "a"));
	assert_false(utf8_fold_contains("e", "é\u0301"));
}

static void contains_empty_needle_matches(void **state)
{
	(void)state;
	assert_true(utf8_fold_contains("Hélène", ""));
	assert_true(utf8_fold_contains("", ""));
}

/* Columns as a terminal shows them: a combining accent none, a wide character two. */
static void width_counts_what_the_terminal_shows(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("Jose\xCC\x81", 6), 4);		/* e + U+0301 */
	assert_int_equal(utf8_width("Jos\xC3\xA9", 5), 4);		/* é precomposed */
	assert_int_equal(utf8_width("\xE6\x97\xA5" "\xE6\x9C\xAC", 6), 4);	/* 日本 */
	assert_int_equal(utf8_width("a\xE2\x80\x8B" "b", 5), 2);		/* a, zero width space, b */
	assert_int_equal(utf8_width("ab\xFF" "c", 4), 4);			/* an invalid byte: one */
	assert_int_equal(utf8_width("abcdef", 3), 3);			/* only the bytes given */
}

static void nfc_composes_and_keeps_the_rest(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	utf8_nfc(&b, "Jose\xCC\x81 No\xC3\xABl");
	assert_string_equal(b.ptr, "Jos\xC3\xA9 No\xC3\xABl");
	buf_reset(&b);
	utf8_nfc(&b, "d\xC3\xA9j\xC3\xA0 NFC");
	assert_string_equal(b.ptr, "d\xC3\xA9j\xC3\xA0 NFC");
	buf_reset(&b);
	utf8_nfc(&b, "bad \xFF byte");
	assert_string_equal(b.ptr, "bad \xFF byte");
	buf_reset(&b);
	buf_adds(&b, "kept: ");
	utf8_nfc(&b, "");
	assert_string_equal(b.ptr, "kept: ");
	buf_release(&b);
}

TEST_MAIN(
	cmocka_unit_test(width_counts_what_the_terminal_shows),
	cmocka_unit_test(nfc_composes_and_keeps_the_rest),
	cmocka_unit_test(ascii_is_one_byte),
	cmocka_unit_test(valid_sequences_at_each_length),
	cmocka_unit_test(only_the_first_sequence_counts),
	cmocka_unit_test(overlong_forms_are_invalid),
	cmocka_unit_test(surrogates_are_invalid),
	cmocka_unit_test(beyond_unicode_is_invalid),
	cmocka_unit_test(truncated_sequences_are_invalid),
	cmocka_unit_test(lone_continuation_bytes_are_invalid),
	cmocka_unit_test(chars_counts_code_points),
	cmocka_unit_test(offset_finds_the_byte_of_a_character),
	cmocka_unit_test(offset_and_chars_agree),
	cmocka_unit_test(fold_lowercases_ascii_only),
	cmocka_unit_test(fold_strips_french_accents),
	cmocka_unit_test(fold_strips_french_accents_on_capitals),
	cmocka_unit_test(fold_splits_ligatures),
	cmocka_unit_test(fold_sharp_s_is_ss),
	cmocka_unit_test(fold_covers_latin_extended_a),
	cmocka_unit_test(fold_leaves_other_characters),
	cmocka_unit_test(fold_normalises_apostrophes_and_spaces),
	cmocka_unit_test(fold_copies_invalid_bytes),
	cmocka_unit_test(contains_ignores_accents_and_case_both_sides),
	cmocka_unit_test(contains_rejects_what_is_not_there),
	cmocka_unit_test(contains_empty_needle_matches),
)
