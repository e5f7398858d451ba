#include "unit.h"
#include "util/json.h"

#include <stdio.h>
#include <string.h>

/* json_str(s) into a static buffer, for short comparisons. */
static const char *quoted(const char *s)
{
	static char out[512];
	struct buf b = BUF_INIT;
	json_str(&b, s);
	snprintf(out, sizeof(out), "%s", buf_str(&b));
	buf_release(&b);
	return out;
}

static void null_is_json_null(void **state)
{
	(void)state;
	assert_string_equal(quoted(NULL), "null");
}

static void empty_and_plain_strings_are_quoted(void **state)
{
	(void)state;
	assert_string_equal(quoted(""), "\"\"");
	assert_string_equal(quoted("plan PCA-2026"), "\"plan PCA-2026\"");
	assert_string_equal(quoted("a/b <c> & 'd'"), "\"a/b <c> & 'd'\"");
}

static void quote_and_backslash_are_escaped(void **state)
{
	(void)state;
	assert_string_equal(quoted("say \"hi\""), "\"say \\\"hi\\\"\"");
	assert_string_equal(quoted("C:\\plans"), "\"C:\\\\plans\"");
	assert_string_equal(quoted("\\\""), "\"\\\\\\\"\"");
}

static void common_controls_have_short_escapes(void **state)
{
	(void)state;
	assert_string_equal(quoted("a\nb"), "\"a\\nb\"");
	assert_string_equal(quoted("a\rb"), "\"a\\rb\"");
	assert_string_equal(quoted("a\tb"), "\"a\\tb\"");
	assert_string_equal(quoted("\r\n"), "\"\\r\\n\"");
}

static void other_controls_become_u00xx(void **state)
{
	(void)state;
	assert_string_equal(quoted("\x01"), "\"\\u0001\"");
	assert_string_equal(quoted("\b"), "\"\\u0008\"");
	assert_string_equal(quoted("\f"), "\"\\u000c\"");
	assert_string_equal(quoted("\x1b[0m"), "\"\\u001b[0m\"");
	assert_string_equal(quoted("\x1f"), "\"\\u001f\"");
	assert_string_equal(quoted("\x7f"), "\"\\u007f\"");
	/* 0x20 is the first character left alone. */
	assert_string_equal(quoted(" "), "\" \"");
}

static void every_control_is_escaped(void **state)
{
	(void)state;
	for (int c = 1; c < 0x20; c++) {
		char in[2] = { (char)c, '\0' };
		const char *out = quoted(in);
		/* No raw control character may reach the output. */
		for (const char *p = out; *p; p++)
			if ((unsigned char)*p < 0x20)
				fail_msg("control 0x%02x left raw in %s", c, out);
		assert_int_equal(out[1], '\\');
	}
}

static void valid_utf8_passes_through(void **state)
{
	(void)state;
	assert_string_equal(quoted("\xC3\xA9t\xC3\xA9"), "\"\xC3\xA9t\xC3\xA9\"");
	assert_string_equal(quoted("\xE2\x82\xAC"), "\"\xE2\x82\xAC\"");
	assert_string_equal(quoted("\xF0\x9F\x94\xA5!"), "\"\xF0\x9F\x94\xA5!\"");
	assert_string_equal(quoted("\xF4\x8F\xBF\xBF"), "\"\xF4\x8F\xBF\xBF\"");
}

/* C1 controls and the separators U+2028, U+2029 are escaped; their neighbours are not. */
static void c1_and_separators_are_escaped(void **state)
{
	(void)state;
	assert_string_equal(quoted("a\xC2\x85" "b"), "\"a\\u0085b\"");
	assert_string_equal(quoted("\xC2\x80\xC2\x9F"), "\"\\u0080\\u009f\"");
	assert_string_equal(quoted("\xC2\xA0"), "\"\xC2\xA0\"");
	assert_string_equal(quoted("x\xE2\x80\xA8y\xE2\x80\xA9"), "\"x\\u2028y\\u2029\"");
	assert_string_equal(quoted("\xE2\x80\xA7\xE2\x80\xAA"), "\"\xE2\x80\xA7\xE2\x80\xAA\"");
}

static void invalid_bytes_become_replacement(void **state)
{
	(void)state;
	assert_string_equal(quoted("\xFF"), "\"\\ufffd\"");
	assert_string_equal(quoted("a\x80z"), "\"a\\ufffdz\"");
	/* Latin-1 é in the middle of ASCII. */
	assert_string_equal(quoted("caf\xE9!"), "\"caf\\ufffd!\"");
}

static void invalid_sequences_become_replacements(void **state)
{
	(void)state;
	/* Overlong '/': each byte is replaced, none decoded. */
	assert_string_equal(quoted("\xC0\xAF"), "\"\\ufffd\\ufffd\"");
	/* A surrogate. */
	assert_string_equal(quoted("\xED\xA0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
	/* Beyond U+10FFFF. */
	assert_string_equal(quoted("\xF4\x90\x80\x80"),
			    "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	/* Truncated at the end of the string. */
	assert_string_equal(quoted("ok\xE2\x82"), "\"ok\\ufffd\\ufffd\"");
	/* Truncated by ASCII, which survives. */
	assert_string_equal(quoted("\xC3" "a"), "\"\\ufffda\"");
	/* A valid sequence after an invalid byte is kept. */
	assert_string_equal(quoted("\xFF\xC3\xA9"), "\"\\ufffd\xC3\xA9\"");
}

static void appends_to_what_is_there(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	buf_adds(&b, "{\"title\":");
	json_str(&b, "x\"y");
	buf_adds(&b, ",\"owner\":");
	json_str(&b, NULL);
	buf_addc(&b, '}');
	assert_string_equal(buf_str(&b), "{\"title\":\"x\\\"y\",\"owner\":null}");
	buf_release(&b);
}

static void long_string_grows_the_buffer(void **state)
{
	struct buf b = BUF_INIT;
	char in[10001];
	(void)state;
	for (size_t i = 0; i < 10000; i++)
		in[i] = i % 2 ? '"' : 'a';
	in[10000] = '\0';
	json_str(&b, in);
	/* 5000 'a', 5000 '\"' (two bytes each), two quotes. */
	assert_int_equal(b.len, 5000 + 10000 + 2);
	assert_memory_equal(b.ptr, "\"a\\\"a\\\"", 7);
	assert_int_equal(b.ptr[b.len - 1], '"');
	buf_release(&b);
}

TEST_MAIN(
	cmocka_unit_test(null_is_json_null),
	cmocka_unit_test(empty_and_plain_strings_are_quoted),
	cmocka_unit_test(quote_and_backslash_are_escaped),
	cmocka_unit_test(common_controls_have_short_escapes),
	cmocka_unit_test(other_controls_become_u00xx),
	cmocka_unit_test(every_control_is_escaped),
	cmocka_unit_test(valid_utf8_passes_through),
	cmocka_unit_test(c1_and_separators_are_escaped),
	cmocka_unit_test(invalid_bytes_become_replacement),
	cmocka_unit_test(invalid_sequences_become_replacements),
	cmocka_unit_test(appends_to_what_is_there),
	cmocka_unit_test(long_string_grows_the_buffer),
)
