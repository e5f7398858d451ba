#include "unit.h"
#include "util/buf.h"
#include "util/charset.h"
#include "util/error.h"

#include <string.h>

#define GUESS(lit) charset_guess((lit), sizeof(lit) - 1)

static void guess_reads_what_exports_write(void **state)
{
	(void)state;
	assert_string_equal(GUESS("name,phone\nAnne,+33 6\n"), "UTF-8");
	assert_string_equal(GUESS("Nom;Pr\xC3\xA9nom\n"), "UTF-8");
	assert_string_equal(GUESS("\xEF\xBB\xBFNom;Pr\xC3\xA9nom\n"), "UTF-8");
	assert_string_equal(GUESS("Nom;Pr\xE9nom\n"), "Windows-1252");
	assert_string_equal(GUESS("Co\xFBt \x80\n"), "Windows-1252");
	assert_string_equal(GUESS("\xFF\xFEN\0o\0m\0"), "UTF-16");
	assert_string_equal(GUESS("\xFE\xFF\0N\0o\0m"), "UTF-16");
	/* Valid UTF-8 beside a bad byte is damaged UTF-8, not Latin-1. */
	assert_string_equal(GUESS("Pr\xC3\xA9nom \xE9t\xE9\n"), "UTF-8");
	assert_string_equal(charset_guess("", 0), "UTF-8");
}

static void known_and_utf8_names(void **state)
{
	(void)state;
	assert_true(charset_known("windows-1252"));
	assert_true(charset_known("LATIN1"));
	assert_true(charset_known("utf-16"));
	assert_false(charset_known("klingon"));
	assert_true(charset_is_utf8("utf-8"));
	assert_true(charset_is_utf8("UTF8"));
	assert_false(charset_is_utf8("utf-16"));
}

static void converts_to_utf8(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	assert_int_equal(charset_to_utf8(&b, "Windows-1252", "Co\xFBt \x80 \x9C", 8), 0);
	assert_string_equal(buf_str(&b), "Coût € œ");
	buf_reset(&b);
	assert_int_equal(charset_to_utf8(&b, "latin1", "\xE9t\xE9", 3), 0);
	assert_string_equal(buf_str(&b), "été");
	buf_reset(&b);
	/* A UTF-16 mark says the order of the bytes and is not kept. */
	assert_int_equal(charset_to_utf8(&b, "UTF-16", "\xFF\xFEN\0\xE9\0", 6), 0);
	assert_string_equal(buf_str(&b), "Né");
	buf_reset(&b);
	/* Larger than iconv's chunk: nothing lost at the boundaries. */
	char big[10000];
	memset(big, '\xE9', sizeof(big));
	assert_int_equal(charset_to_utf8(&b, "latin1", big, sizeof(big)), 0);
	assert_int_equal(b.len, 2 * sizeof(big));
	assert_memory_equal(b.ptr + b.len - 2, "é", 2);
	buf_release(&b);
}

static void says_where_the_bytes_are_not_text(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	/* 0x81 has no character in Windows-1252. */
	assert_int_equal(charset_to_utf8(&b, "Windows-1252", "name\r\nA\x81", 8), -1);
	assert_string_equal(crisis_error_last(),
			    "line 2, column 2: byte 0x81 is not text in Windows-1252");
	buf_reset(&b);
	assert_int_equal(charset_to_utf8(&b, "UTF-16LE", "A\0B", 3), -1);
	assert_string_equal(crisis_error_last(),
			    "line 1, column 3: the text ends inside a character of UTF-16LE");
	buf_reset(&b);
	assert_int_equal(charset_to_utf8(&b, "klingon", "A", 1), -1);
	assert_string_equal(crisis_error_last(), "unknown charset 'klingon'");
	buf_release(&b);
}

TEST_MAIN(
	cmocka_unit_test(guess_reads_what_exports_write),
	cmocka_unit_test(known_and_utf8_names),
	cmocka_unit_test(converts_to_utf8),
	cmocka_unit_test(says_where_the_bytes_are_not_text),
)
