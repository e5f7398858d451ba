/* What every unit test includes: cmocka, the mocks, TEST_MAIN and text helpers. */
#ifndef CRISIS_TEST_UNIT_H
#define CRISIS_TEST_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mock.h"
#include "util/buf.h"

struct diag_severities;
/* Every rule at its default severity, as the pipeline weighs a file's findings (unit.c). */
const struct diag_severities *unit_severities(void);

/*
 * A new empty folder /tmp/crisis-NAME-XXXXXX/ (its path, ending in '/', in
 * `root`, of at least 64 bytes), for a test's workspace; 0 or -1. Remove
 * it, and all it holds, with unit_rm_root().
 */
int unit_tmp_root(char *root, const char *name);
int unit_rm_root(const char *root);

/* The first line of `text` that holds `part`, without its newline (to free); the test fails when none does. */
char *unit_line_with(const char *text, const char *part);
/* How many times `part` is in `text`, not overlapping. */
size_t unit_count(const char *text, const char *part);
static inline bool unit_starts(const char *text, const char *prefix)
{
	return !strncmp(text, prefix, strlen(prefix));
}

/* Is `text` one JSON value and nothing else (RFC 8259: no trailing comma, no raw control character)? */
bool unit_json_valid(const char *text);

/* main() running the listed tests: TEST_MAIN(cmocka_unit_test(a), ...). */
#define TEST_MAIN(...) \
	int main(void) \
	{ \
		const struct CMUnitTest tests[] = { __VA_ARGS__ }; \
		return cmocka_run_group_tests(tests, NULL, NULL); \
	}

/*
 * Compare a text the test owns, and free it before failing: a test of a
 * known bug fails without a leak under the sanitizers.
 */
static inline void owned_is_at(char *have, const char *want, const char *file, int line)
{
	bool same = have && !strcmp(have, want);
	if (!same)
		print_error("\"%s\" != \"%s\"\n", have ? have : "(null)", want);
	free(have);
	if (!same)
		_fail(file, line);
}

static inline void owned_has_at(char *have, const char *part, const char *file, int line)
{
	bool found = have && strstr(have, part);
	if (!found)
		print_error("'%s' not in \"%s\"\n", part, have ? have : "(null)");
	free(have);
	if (!found)
		_fail(file, line);
}

#define owned_is(have, want) owned_is_at((have), (want), __FILE__, __LINE__)
#define owned_has(have, part) owned_has_at((have), (part), __FILE__, __LINE__)

/* `text` with `from` replaced by `to` (which must occur). */
static inline char *replaced(const char *text, const char *from, const char *to)
{
	struct buf out = BUF_INIT;
	const char *p = strstr(text, from);
	assert_non_null(p);
	buf_add(&out, text, (size_t)(p - text));
	buf_adds(&out, to);
	buf_adds(&out, p + strlen(from));
	return buf_detach(&out);
}

#endif
