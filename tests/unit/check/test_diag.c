#include "unit.h"
#include "plan/rules.h"
#include "util/buf.h"
#include "check/config.h"
#include "check/diag.h"
#include "check/rule.h"

#include <stdio.h>
#include <string.h>

/* Severities as a configuration hands them to a file. */
static void weigh(struct diag_severities *s, const char *rule, enum severity sev)
{
	diag_severities_set(s, rule, sev);
}

static void severity_comes_from_the_files_severities(void **state)
{
	struct diag_severities sev = DIAG_SEVERITIES_INIT;
	weigh(&sev, RULE_MISSING_DEPUTY, SEV_WARNING);
	weigh(&sev, RULE_RTO_EXCEEDS_MTPD, SEV_ERROR);
	struct diag_file *f = diag_file_new("plan.yaml", &sev);
	(void)state;
	diag_add(f, RULE_MISSING_DEPUTY, 3, 5, "roles[0]", "role '%s' has no deputy", "dg");
	diag_add(f, RULE_RTO_EXCEEDS_MTPD, 7, 1, NULL, "too slow");
	assert_int_equal(f->nr, 2);
	assert_int_equal(f->items[0].severity, SEV_WARNING);
	assert_int_equal(f->items[1].severity, SEV_ERROR);
	assert_int_equal(f->warnings, 1);
	assert_int_equal(f->errors, 1);
	assert_int_equal(f->infos, 0);
	/* Setting a rule again changes it, and only it. */
	weigh(&sev, RULE_MISSING_DEPUTY, SEV_INFO);
	assert_int_equal(diag_severities_get(&sev, RULE_MISSING_DEPUTY)->severity, SEV_INFO);
	assert_int_equal(diag_severities_get(&sev, RULE_RTO_EXCEEDS_MTPD)->severity, SEV_ERROR);
	assert_int_equal(sev.nr, 2);
	assert_null(diag_severities_get(&sev, "no-such-rule"));
	assert_null(diag_severities_get(NULL, RULE_MISSING_DEPUTY));
	diag_file_free(f);
	diag_severities_release(&sev);
}

static void finding_keeps_what_it_was_given(void **state)
{
	struct diag_file *f = diag_file_new("plans/pca.yaml", unit_severities());
	(void)state;
	assert_string_equal(f->path, "plans/pca.yaml");
	diag_add(f, RULE_MISSING_DEPUTY, 3, 5, "roles[0].deputy", "role '%s' has %d%% cover",
		 "dg", 0);
	const struct diag *d = &f->items[0];
	assert_int_equal(d->line, 3);
	assert_int_equal(d->column, 5);
	assert_string_equal(d->rule, "missing-deputy");
	/* The rule id is the severities' own string, which outlives the caller's. */
	assert_ptr_equal(d->rule, diag_severities_get(unit_severities(), RULE_MISSING_DEPUTY)->rule);
	assert_string_equal(d->path, "roles[0].deputy");
	assert_string_equal(d->message, "role 'dg' has 0% cover");
	assert_null(d->source);	/* no text attached */
	diag_file_free(f);
}

static void no_line_means_no_column(void **state)
{
	struct diag_file *f = diag_file_new("plan.yaml", unit_severities());
	(void)state;
	diag_add(f, RULE_EMPTY_FILE, 0, 9, NULL, "empty");
	assert_int_equal(f->items[0].line, 0);
	assert_int_equal(f->items[0].column, 0);
	assert_null(f->items[0].path);
	diag_file_free(f);
}

static void unknown_rule_is_an_error(void **state)
{
	struct diag_file *f = diag_file_new("plan.yaml", unit_severities());
	(void)state;
	diag_add(f, "no-such-rule", 1, 1, NULL, "x");
	assert_int_equal(f->nr, 1);
	assert_int_equal(f->items[0].severity, SEV_ERROR);
	assert_string_equal(f->items[0].rule, "no-such-rule");
	assert_int_equal(f->errors, 1);
	diag_file_free(f);
}

static void rule_off_records_nothing(void **state)
{
	struct diag_severities sev = DIAG_SEVERITIES_INIT;
	weigh(&sev, RULE_REVIEW_OVERDUE, SEV_OFF);
	weigh(&sev, RULE_EXERCISE_OVERDUE, SEV_WARNING);
	struct diag_file *f = diag_file_new("plan.yaml", &sev);
	(void)state;
	diag_add(f, RULE_REVIEW_OVERDUE, 4, 2, "review.last", "overdue");
	assert_int_equal(f->nr, 0);
	assert_int_equal(f->errors + f->warnings + f->infos, 0);
	diag_add(f, RULE_EXERCISE_OVERDUE, 4, 2, NULL, "still reported");
	assert_int_equal(f->nr, 1);
	assert_string_equal(f->items[0].rule, RULE_EXERCISE_OVERDUE);
	diag_file_free(f);
	diag_severities_release(&sev);
}

static void explicit_severity_is_kept(void **state)
{
	struct diag_severities sev = DIAG_SEVERITIES_INIT;
	weigh(&sev, RULE_IO_ERROR, SEV_OFF);
	struct diag_file *f = diag_file_new("plan.yaml", &sev);
	(void)state;
	diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "cannot read");
	diag_add_sev(f, SEV_INFO, RULE_MISSING_DEPUTY, 1, 1, NULL, "note");
	diag_add_sev(f, SEV_OFF, RULE_MISSING_DEPUTY, 1, 1, NULL, "nothing");
	assert_int_equal(f->nr, 2);
	assert_int_equal(f->items[0].severity, SEV_ERROR);
	assert_int_equal(f->items[1].severity, SEV_INFO);
	assert_int_equal(f->errors, 1);
	assert_int_equal(f->infos, 1);
	diag_file_free(f);
	diag_severities_release(&sev);
}

static void counts_by_severity(void **state)
{
	struct diag_file *f = diag_file_new("plan.yaml", unit_severities());
	(void)state;
	for (int i = 0; i < 300; i++) {
		diag_add_sev(f, SEV_ERROR, "e", 1, 1, NULL, "%d", i);
		if (i % 2)
			diag_add_sev(f, SEV_WARNING, "w", 1, 1, NULL, "%d", i);
		if (i % 3 == 0)
			diag_add_sev(f, SEV_INFO, "i", 1, 1, NULL, "%d", i);
	}
	assert_int_equal(f->errors, 300);
	assert_int_equal(f->warnings, 150);
	assert_int_equal(f->infos, 100);
	assert_int_equal(f->nr, 550);
	assert_string_equal(f->items[549].message, "299");
	diag_file_free(f);
}

static void disable_line_silences_only_that_rule_on_that_line(void **state)
{
	static const char text[] =
		"title: Plan\n"
		"owner: dg # crisis: disable-line missing-deputy\n"
		"rto: PT4H\n";
	struct diag_file *f = diag_file_new("plan.yaml", unit_severities());
	(void)state;
	diag_file_set_text(f, text, strlen(text));
	diag_add(f, RULE_MISSING_DEPUTY, 2, 8, NULL, "silenced");
	assert_int_equal(f->nr, 0);
	assert_int_equal(f->warnings, 0);
	diag_add(f, RULE_BAD_VALUE, 2, 8, NULL, "another rule");
	diag_add(f, RULE_MISSING_DEPUTY, 1, 1, NULL, "another line");
	diag_add(f, RULE_MISSING_DEPUTY, 3, 1, NULL, "and another");
	assert_int_equal(f->nr, 3);
	assert_string_equal(f->items[0].message, "another rule");
	assert_string_equal(f->items[1].message, "another line");
	assert_string_equal(f->items[2].message, "and another");
	diag_file_free(f);
}

/*
 * A long line is quoted around the column: at most 160 characters between
 * "...", the column moved to its place in the quote; a silencing comment at
 * its far end still counts. Short lines are quoted whole.
 */
static void long_lines_are_quoted_around_the_column(void **state)
{
	struct buf text = BUF_INIT;
	struct diag_file *f = diag_file_new("plan.yaml", unit_severities());
	(void)state;
	buf_adds(&text, "short: é\n");
	for (int i = 0; i < 500; i++)
		buf_addf(&text, "%c", 'a' + i % 26);
	buf_adds(&text, " # crisis: disable-line missing-deputy\n");
	diag_file_set_text(f, text.ptr, text.len);

	diag_add(f, RULE_BAD_VALUE, 1, 8, NULL, "short");
	assert_string_equal(f->items[0].source, "short: é");
	assert_int_equal(f->items[0].source_column, 8);

	diag_add(f, RULE_BAD_VALUE, 2, 300, NULL, "middle");
	const struct diag *d = &f->items[1];
	assert_int_equal(d->column, 300);
	assert_int_equal(strlen(d->source), 3 + 160 + 3);
	assert_memory_equal(d->source, "...", 3);
	assert_memory_equal(d->source + strlen(d->source) - 3, "...", 3);
	/* Character 300 of the line ('a' + 299 % 26 = 'n') is where the caret goes. */
	assert_int_equal(d->source[d->source_column - 1], 'a' + 299 % 26);
	assert_int_equal(d->source_column, 3 + 60 + 1);

	diag_add(f, RULE_BAD_VALUE, 2, 2, NULL, "start");
	d = &f->items[2];
	assert_memory_equal(d->source, "ab", 2);
	assert_int_equal(d->source_column, 2);
	assert_int_equal(strlen(d->source), 160 + 3);

	/* At the end of the line (past its last character): its last 160 characters. */
	size_t chars = 500 + strlen(" # crisis: disable-line missing-deputy");
	diag_add(f, RULE_BAD_VALUE, 2, chars + 1, NULL, "end");
	d = &f->items[3];
	assert_int_equal(strlen(d->source), 3 + 160);
	assert_string_equal(d->source + strlen(d->source) - 14, "missing-deputy");
	assert_int_equal(d->source_column, 3 + 160 + 1);

	diag_add(f, RULE_MISSING_DEPUTY, 2, 10, NULL, "silenced by the comment at the end");
	assert_int_equal(f->nr, 4);
	diag_file_free(f);
	buf_release(&text);
}

static void disable_line_takes_a_list_of_whole_rule_ids(void **state)
{
	static const char text[] =
		"a: 1 # crisis: disable-line bad-value, missing-deputy\n"
		"b: 2 #crisis: disable-line\tmissing-dep\n"
		"c: 3 # crisis: disable-line bad-value-extra\n";
	struct diag_file *f = diag_file_new("plan.yaml", unit_severities());
	(void)state;
	diag_file_set_text(f, text, strlen(text));
	diag_add(f, RULE_BAD_VALUE, 1, 1, NULL, "1");
	diag_add(f, RULE_MISSING_DEPUTY, 1, 1, NULL, "2");
	assert_int_equal(f->nr, 0);
	/* A prefix of a rule id, or a longer word, does not silence it. */
	diag_add(f, RULE_MISSING_DEPUTY, 2, 1, NULL, "prefix");
	diag_add(f, RULE_BAD_VALUE, 3, 1, NULL, "longer");
	assert_int_equal(f->nr, 2);
	assert_string_equal(f->items[0].message, "prefix");
	assert_string_equal(f->items[1].message, "longer");
	diag_file_free(f);
}

/* A file that cannot be read is never one with no problem. */
static void disable_line_never_silences_what_makes_a_file_unreadable(void **state)
{
	static const char text[] = "id: [x # crisis: disable-line yaml-syntax, invalid-utf8\n";
	struct diag_file *f = diag_file_new("plan.yaml", unit_severities());
	(void)state;
	diag_file_set_text(f, text, strlen(text));
	diag_add(f, RULE_YAML_SYNTAX, 1, 5, NULL, "never closed");
	diag_add(f, RULE_INVALID_UTF8, 1, 5, NULL, "not UTF-8");
	assert_int_equal(f->nr, 2);
	assert_int_equal(f->errors, 2);
	diag_file_free(f);
}

static void disable_line_outside_a_comment_does_nothing(void **state)
{
	static const char text[] =
		"title: \"crisis: disable-line missing-deputy, as the guide says\"\n";
	struct diag_file *f = diag_file_new("plan.yaml", unit_severities());
	(void)state;
	diag_file_set_text(f, text, strlen(text));
	diag_add(f, RULE_MISSING_DEPUTY, 1, 8, NULL, "still here");
	assert_int_equal(f->nr, 1);
	assert_int_equal(f->warnings, 1);
	diag_file_free(f);
}

static void disable_line_comment_after_a_quoted_marker(void **state)
{
	static const char text[] =
		"note: \"see crisis: disable-line\" # crisis: disable-line missing-deputy\n";
	struct diag_file *f = diag_file_new("plan.yaml", unit_severities());
	(void)state;
	diag_file_set_text(f, text, strlen(text));
	/* The marker in the comment counts, whatever the value says before it. */
	diag_add(f, RULE_MISSING_DEPUTY, 1, 1, NULL, "silenced");
	size_t nr = f->nr;
	diag_file_free(f);
	assert_int_equal(nr, 0);
}

static void disable_line_also_silences_explicit_severity(void **state)
{
	static const char text[] = "x: 1 # crisis: disable-line bad-value\n";
	struct diag_file *f = diag_file_new("plan.yaml", unit_severities());
	(void)state;
	diag_file_set_text(f, text, strlen(text));
	diag_add_sev(f, SEV_ERROR, RULE_BAD_VALUE, 1, 1, NULL, "x");
	assert_int_equal(f->nr, 0);
	diag_add_sev(f, SEV_ERROR, RULE_BAD_VALUE, 0, 0, NULL, "no line: kept");
	assert_int_equal(f->nr, 1);
	diag_file_free(f);
}

/* The source quoted for a finding on `line` of `text`, or NULL. */
static char *quote(const char *text, size_t len, unsigned long line)
{
	static char out[256];
	struct diag_file *f = diag_file_new("plan.yaml", unit_severities());
	diag_file_set_text(f, text, len);
	diag_add_sev(f, SEV_ERROR, "x", line, 1, NULL, "m");
	const char *src = f->items[0].source;
	char *ret = NULL;
	if (src) {
		snprintf(out, sizeof(out), "%s", src);
		ret = out;
	}
	diag_file_free(f);
	return ret;
}

#define QUOTE(lit, line) quote(lit, sizeof(lit) - 1, line)

static void quotes_lines_ending_in_lf(void **state)
{
	(void)state;
	assert_string_equal(QUOTE("one\ntwo\nthree", 1), "one");
	assert_string_equal(QUOTE("one\ntwo\nthree", 2), "two");
	assert_string_equal(QUOTE("one\ntwo\nthree", 3), "three");
	assert_string_equal(QUOTE("one\n\nthree\n", 2), "");
}

static void quotes_lines_ending_in_crlf(void **state)
{
	(void)state;
	assert_string_equal(QUOTE("one\r\ntwo\r\nthree\r\n", 1), "one");
	assert_string_equal(QUOTE("one\r\ntwo\r\nthree\r\n", 2), "two");
	assert_string_equal(QUOTE("one\r\ntwo\r\nthree\r\n", 3), "three");
}

static void quotes_lines_ending_in_a_lone_cr(void **state)
{
	(void)state;
	assert_string_equal(QUOTE("one\rtwo\rthree", 2), "two");
	assert_string_equal(QUOTE("one\rtwo\rthree", 3), "three");
	/* Mixed ends: CR, CRLF and LF each end exactly one line. */
	assert_string_equal(QUOTE("a\rb\r\nc\nd", 2), "b");
	assert_string_equal(QUOTE("a\rb\r\nc\nd", 3), "c");
	assert_string_equal(QUOTE("a\rb\r\nc\nd", 4), "d");
}

static void byte_order_mark_is_not_quoted(void **state)
{
	(void)state;
	assert_string_equal(QUOTE("\xEF\xBB\xBFtitle: x\nowner: y\n", 1), "title: x");
	assert_string_equal(QUOTE("\xEF\xBB\xBFtitle: x\nowner: y\n", 2), "owner: y");
	assert_string_equal(QUOTE("\xEF\xBB\xBF\r\nnext", 1), "");
	/* Only at the very start of the file. */
	assert_string_equal(QUOTE("a\n\xEF\xBB\xBF" "b", 2), "\xEF\xBB\xBF" "b");
}

static void no_quote_without_text_or_past_the_end(void **state)
{
	(void)state;
	assert_null(QUOTE("one\ntwo\n", 0));
	assert_null(QUOTE("one\ntwo\n", 4));
	assert_null(QUOTE("one\ntwo", 3));
	assert_null(QUOTE("one", 1000));
	assert_string_equal(QUOTE("", 1), "");
}

static void text_can_be_replaced_and_detached(void **state)
{
	static const char a[] = "a1\na2\n", b[] = "b1\nlonger second line\nb3\n";
	struct diag_file *f = diag_file_new("plan.yaml", unit_severities());
	(void)state;
	diag_file_set_text(f, a, strlen(a));
	diag_add_sev(f, SEV_ERROR, "x", 2, 1, NULL, "m");
	diag_file_set_text(f, b, strlen(b));
	diag_add_sev(f, SEV_ERROR, "x", 2, 1, NULL, "m");
	diag_add_sev(f, SEV_ERROR, "x", 3, 1, NULL, "m");
	diag_file_set_text(f, NULL, 0);
	diag_add_sev(f, SEV_ERROR, "x", 2, 1, NULL, "m");
	assert_string_equal(f->items[0].source, "a2");
	assert_string_equal(f->items[1].source, "longer second line");
	assert_string_equal(f->items[2].source, "b3");
	assert_null(f->items[3].source);
	diag_file_free(f);
}

static void many_lines_are_indexed(void **state)
{
	struct buf text = BUF_INIT;
	struct diag_file *f = diag_file_new("plan.yaml", unit_severities());
	(void)state;
	for (int i = 1; i <= 5000; i++)
		buf_addf(&text, "line %d\n", i);
	diag_file_set_text(f, text.ptr, text.len);
	diag_add_sev(f, SEV_ERROR, "x", 4999, 1, NULL, "m");
	diag_add_sev(f, SEV_ERROR, "x", 1, 1, NULL, "m");
	assert_string_equal(f->items[0].source, "line 4999");
	assert_string_equal(f->items[1].source, "line 1");
	diag_file_free(f);
	buf_release(&text);
}

static void sorts_by_line_then_column(void **state)
{
	struct diag_file *f = diag_file_new("plan.yaml", unit_severities());
	(void)state;
	diag_add_sev(f, SEV_ERROR, "x", 10, 1, NULL, "10:1");
	diag_add_sev(f, SEV_ERROR, "x", 2, 7, NULL, "2:7");
	diag_add_sev(f, SEV_ERROR, "x", 0, 0, NULL, "none");
	diag_add_sev(f, SEV_ERROR, "x", 2, 3, NULL, "2:3");
	diag_add_sev(f, SEV_ERROR, "x", 9, 40, NULL, "9:40");
	diag_file_sort(f);
	assert_string_equal(f->items[0].message, "none");
	assert_string_equal(f->items[1].message, "2:3");
	assert_string_equal(f->items[2].message, "2:7");
	assert_string_equal(f->items[3].message, "9:40");
	assert_string_equal(f->items[4].message, "10:1");
	diag_file_free(f);
}

static void sort_is_stable_for_equal_positions(void **state)
{
	struct diag_file *f = diag_file_new("plan.yaml", unit_severities());
	char want[32];
	(void)state;
	/* Many findings at few places, arriving interleaved. */
	for (int i = 0; i < 600; i++)
		diag_add_sev(f, SEV_ERROR, "x", (unsigned long)(3 - i % 3), 1, NULL, "%d", i);
	/*
	 * Shuffle them (reversed): the order of arrival, not where an item
	 * happens to sit, decides between findings at one place.
	 */
	for (size_t i = 0, j = f->nr - 1; i < j; i++, j--) {
		struct diag t = f->items[i];
		f->items[i] = f->items[j];
		f->items[j] = t;
	}
	diag_file_sort(f);
	for (int k = 0; k < 600; k++) {
		/* Line 1 holds i = 2, 5, 8..., line 2 i = 1, 4..., line 3 i = 0, 3... */
		int line = 1 + k / 200, n = k % 200;
		int i = 3 * n + (3 - line);
		snprintf(want, sizeof(want), "%d", i);
		assert_int_equal(f->items[k].line, line);
		assert_string_equal(f->items[k].message, want);
	}
	diag_file_free(f);
}

static void set_owns_its_files(void **state)
{
	struct diag_set set = { NULL, 0, 0 };
	(void)state;
	for (int i = 0; i < 20; i++) {
		char name[32];
		snprintf(name, sizeof(name), "plan-%d.yaml", i);
		struct diag_file *f = diag_file_new(name, unit_severities());
		diag_add_sev(f, SEV_WARNING, "x", 1, 1, "p", "m%d", i);
		diag_set_add(&set, f);
	}
	assert_int_equal(set.nr, 20);
	assert_string_equal(set.files[19]->path, "plan-19.yaml");
	assert_string_equal(set.files[19]->items[0].message, "m19");
	diag_set_release(&set);	/* frees every file: the sanitizer checks */
	assert_int_equal(set.nr, 0);
	assert_null(set.files);
	diag_file_free(NULL);
}

static void severity_names_round_trip(void **state)
{
	(void)state;
	for (int s = SEV_OFF; s <= SEV_ERROR; s++)
		assert_int_equal(diag_severity_parse(diag_severity_name((enum severity)s)), s);
	assert_string_equal(diag_severity_name(SEV_OFF), "off");
	assert_string_equal(diag_severity_name(SEV_INFO), "info");
	assert_string_equal(diag_severity_name(SEV_WARNING), "warning");
	assert_string_equal(diag_severity_name(SEV_ERROR), "error");
	assert_int_equal(diag_severity_parse("Error"), -1);
	assert_int_equal(diag_severity_parse("warn"), -1);
	assert_int_equal(diag_severity_parse(""), -1);
	assert_int_equal(diag_severity_parse("error "), -1);
}

TEST_MAIN(
	cmocka_unit_test(severity_comes_from_the_files_severities),
	cmocka_unit_test(finding_keeps_what_it_was_given),
	cmocka_unit_test(no_line_means_no_column),
	cmocka_unit_test(unknown_rule_is_an_error),
	cmocka_unit_test(rule_off_records_nothing),
	cmocka_unit_test(explicit_severity_is_kept),
	cmocka_unit_test(counts_by_severity),
	cmocka_unit_test(disable_line_silences_only_that_rule_on_that_line),
	cmocka_unit_test(disable_line_takes_a_list_of_whole_rule_ids),
	cmocka_unit_test(long_lines_are_quoted_around_the_column),
	cmocka_unit_test(disable_line_never_silences_what_makes_a_file_unreadable),
	cmocka_unit_test(disable_line_outside_a_comment_does_nothing),
	cmocka_unit_test(disable_line_comment_after_a_quoted_marker),
	cmocka_unit_test(disable_line_also_silences_explicit_severity),
	cmocka_unit_test(quotes_lines_ending_in_lf),
	cmocka_unit_test(quotes_lines_ending_in_crlf),
	cmocka_unit_test(quotes_lines_ending_in_a_lone_cr),
	cmocka_unit_test(byte_order_mark_is_not_quoted),
	cmocka_unit_test(no_quote_without_text_or_past_the_end),
	cmocka_unit_test(text_can_be_replaced_and_detached),
	cmocka_unit_test(many_lines_are_indexed),
	cmocka_unit_test(sorts_by_line_then_column),
	cmocka_unit_test(sort_is_stable_for_equal_positions),
	cmocka_unit_test(set_owns_its_files),
	cmocka_unit_test(severity_names_round_trip),
)
