#include "unit.h"
#include "util/ics.h"
#include "util/date.h"
#include "util/utf8.h"

#include <string.h>

/*
 * Check what a calendar application reads: every physical line ends in
 * CRLF, holds no other CR or LF, is at most 75 octets and is valid UTF-8 on
 * its own (no sequence split across a fold). Returns the logical lines,
 * unfolded and one a line (to free), so a test can see that nothing was lost.
 */
static char *unfolded(const char *out)
{
	struct buf logical = BUF_INIT;
	const char *p = out;

	while (*p) {
		const char *end = strstr(p, "\r\n");
		assert_non_null(end);
		size_t len = (size_t)(end - p);
		if (len > ICS_FOLD_OCTETS)
			fail_msg("line of %zu octets: %.*s", len, (int)len, p);
		for (size_t i = 0; i < len;) {
			size_t n = utf8_valid_len_n(p + i, len - i);
			if (!n || p[i] == '\r' || p[i] == '\n')
				fail_msg("bad byte at %zu in: %.*s", i, (int)len, p);
			i += n;
		}
		if (*p == ' ') {
			buf_add(&logical, p + 1, len - 1);
		} else {
			if (logical.len)
				buf_addc(&logical, '\n');
			buf_add(&logical, p, len);
		}
		p = end + 2;
	}
	return buf_detach(&logical);
}

/* `n` times `c`, to free. */
static char *summary_of(size_t n, char c)
{
	char *s = xmalloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void a_short_line_ends_in_crlf(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	ics_raw(&b, "VERSION", NULL, "2.0");
	ics_raw(&b, "DTSTART", "VALUE=DATE", "20261206");
	assert_string_equal(buf_str(&b), "VERSION:2.0\r\nDTSTART;VALUE=DATE:20261206\r\n");
	buf_release(&b);
}

/* The content line SUMMARY:aaa... of `octets` octets, as written (to free). */
static char *summary_line(size_t octets)
{
	struct buf b = BUF_INIT;
	char *text = summary_of(octets - strlen("SUMMARY:"), 'a');
	ics_text(&b, "SUMMARY", NULL, text);
	free(text);
	return buf_detach(&b);
}

static void seventy_five_octets_stay_on_one_line(void **state)
{
	char *out = summary_line(75);
	(void)state;
	assert_int_equal(strlen(out), 75 + 2);
	assert_string_equal(out + 75, "\r\n");
	assert_int_equal(unit_count(out, "a"), 75 - 8);
	free(out);
}

static void the_seventy_sixth_octet_folds(void **state)
{
	char *out = summary_line(76);
	(void)state;
	/* 75 octets, CRLF, then the space that says "continued" and the last 'a'. */
	assert_int_equal(strlen(out), 75 + 2 + 2 + 2);
	assert_string_equal(out + 75, "\r\n a\r\n");
	free(out);
}

static void continuations_count_their_space(void **state)
{
	struct buf b = BUF_INIT;
	char *text = summary_of(300, 'x'), *logical;
	(void)state;
	ics_text(&b, "SUMMARY", NULL, text);
	/* 308 octets: 75, then 74 after each leading space: 75 + 74 * 3 = 297, then 11. */
	const char *p = b.ptr;
	for (int i = 0; i < 4; i++) {
		const char *end = strstr(p, "\r\n");
		assert_int_equal(end - p, 75);
		assert_true(i == 0 || *p == ' ');
		p = end + 2;
	}
	assert_string_equal(p, " xxxxxxxxxxx\r\n");
	logical = unfolded(b.ptr);
	assert_string_equal(logical + 8, text);
	free(logical);
	free(text);
	buf_release(&b);
}

static void a_character_is_never_split(void **state)
{
	/* é, €, U+1F525: 2, 3 and 4 octets, placed across the fold at every offset. */
	static const char *const chars[] = { "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x94\xA5" };
	(void)state;
	for (size_t c = 0; c < 3; c++) {
		for (size_t before = 60; before <= 75; before++) {
			struct buf b = BUF_INIT, text = BUF_INIT;
			char *pad = summary_of(before - strlen("SUMMARY:"), 'a'), *logical;
			buf_adds(&text, pad);
			for (int k = 0; k < 40; k++)
				buf_adds(&text, chars[c]);
			ics_text(&b, "SUMMARY", NULL, text.ptr);
			logical = unfolded(b.ptr);
			assert_string_equal(logical + 8, buf_str(&text));
			free(logical);
			free(pad);
			buf_release(&text);
			buf_release(&b);
		}
	}
}

static void a_multibyte_character_that_would_reach_76_folds_before_it(void **state)
{
	struct buf b = BUF_INIT, text = BUF_INIT;
	char *pad = summary_of(74 - strlen("SUMMARY:"), 'a');
	(void)state;
	buf_adds(&text, pad);
	buf_adds(&text, "\xC3\xA9t\xC3\xA9");	/* été */
	ics_text(&b, "SUMMARY", NULL, text.ptr);
	/* 74 octets, then é would be 76: it starts the next line. */
	assert_memory_equal(b.ptr + 74, "\r\n \xC3\xA9t\xC3\xA9\r\n", 11);
	free(pad);
	buf_release(&text);
	buf_release(&b);
}

static void text_is_escaped(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	ics_text(&b, "DESCRIPTION", NULL, "a,b;c\\d\ne\r\nf:g\"h");
	assert_string_equal(buf_str(&b), "DESCRIPTION:a\\,b\\;c\\\\d\\ne\\nf:g\"h\r\n");
	buf_reset(&b);
	ics_escape(&b, "\r");
	assert_string_equal(buf_str(&b), "\\n");
	buf_reset(&b);
	ics_escape(&b, NULL);
	assert_string_equal(buf_str(&b), "");
	buf_release(&b);
}

static void escapes_survive_folding(void **state)
{
	/* An escape may be folded between its two octets: unfolding gives it back whole. */
	struct buf b = BUF_INIT;
	char *text = summary_of(200, ','), *logical;
	(void)state;
	ics_text(&b, "SUMMARY", NULL, text);
	logical = unfolded(b.ptr);
	assert_int_equal(unit_count(logical, "\\,"), 200);
	free(logical);
	free(text);
	buf_release(&b);
}

static void controls_and_invalid_bytes_cannot_break_the_line(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	ics_raw(&b, "UID", NULL, "a\rb\nc\x01" "d\x7f" "e\tf\xFFg");
	assert_string_equal(buf_str(&b), "UID:a b c d e\tf\xEF\xBF\xBDg\r\n");
	buf_release(&b);
}

static void dates_are_basic_format(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	ics_date(&b, "DTSTART", date_days(2026, 12, 6));
	ics_date(&b, "DTEND", date_days(2027, 1, 1));
	ics_date(&b, "DTEND", date_days(12000, 1, 1));	/* as far as a year has digits */
	ics_utc(&b, "DTSTAMP", 0);
	ics_utc(&b, "DTSTAMP", 1796657830);		/* 2026-12-07 15:37:10 UTC */
	ics_utc(&b, "DTSTAMP", -1);
	assert_string_equal(buf_str(&b),
			    "DTSTART;VALUE=DATE:20261206\r\n"
			    "DTEND;VALUE=DATE:20270101\r\n"
			    "DTEND;VALUE=DATE:99991231\r\n"
			    "DTSTAMP:19700101T000000Z\r\n"
			    "DTSTAMP:20261207T153710Z\r\n"
			    "DTSTAMP:19691231T235959Z\r\n");
	buf_release(&b);
}

TEST_MAIN(
	cmocka_unit_test(a_short_line_ends_in_crlf),
	cmocka_unit_test(seventy_five_octets_stay_on_one_line),
	cmocka_unit_test(the_seventy_sixth_octet_folds),
	cmocka_unit_test(continuations_count_their_space),
	cmocka_unit_test(a_character_is_never_split),
	cmocka_unit_test(a_multibyte_character_that_would_reach_76_folds_before_it),
	cmocka_unit_test(text_is_escaped),
	cmocka_unit_test(escapes_survive_folding),
	cmocka_unit_test(controls_and_invalid_bytes_cannot_break_the_line),
	cmocka_unit_test(dates_are_basic_format),
)
