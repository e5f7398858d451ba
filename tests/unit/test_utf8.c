#include "unit.h"
#include "../../lib/utf8.h"

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

TEST_MAIN(
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
)
