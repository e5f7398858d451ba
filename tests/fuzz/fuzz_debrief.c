/*
 * libFuzzer target: any bytes, read as a debrief (`crisis debrief
 * validate`), then reported as `debrief show` and `crisis status` do. What
 * loads has its findings inside the file; a debrief whose model was built
 * reports in every format, in UTF-8, and its JSON (a stable interface for
 * scripts) parses. Build and run with `make fuzz` (clang).
 *
 * Aims at: lib/debrief/debrief.c lib/debrief/rules.c lib/debrief/report.c
 */
#include "fuzz.h"
#include "check/diag.h"
#include "check/validate.h"
#include "debrief/debrief.h"
#include "debrief/report.h"
#include "kinds.h"
#include "util/utf8.h"

#include <libxml/parser.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TODAY 20788	/* 2026-12-01: some actions are overdue, some not */

static struct validator v;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_validator_init(&v, TODAY);
	return 0;
}

static void fail(const char *why, const struct buf *out)
{
	fprintf(stderr, "fuzz_debrief: %s\n%s\n", why, out ? buf_str(out) : "");
	abort();
}

/* JSON (RFC 8259), just enough to say whether it parses: the end of the value at s, or NULL. */
static const char *json_value(const char *s, int depth)
{
	s += strspn(s, " \t\r\n");
	if (depth > 64)
		return NULL;
	if (*s == '{' || *s == '[') {
		char close = *s == '{' ? '}' : ']';
		s += 1 + strspn(s + 1, " \t\r\n");
		if (*s == close)
			return s + 1;
		for (;;) {
			if (close == '}') {
				if (*s != '"' || !(s = json_value(s, depth + 1)))
					return NULL;
				s += strspn(s, " \t\r\n");
				if (*s++ != ':')
					return NULL;
			}
			if (!(s = json_value(s, depth + 1)))
				return NULL;
			s += strspn(s, " \t\r\n");
			if (*s == close)
				return s + 1;
			if (*s++ != ',')
				return NULL;
			s += strspn(s, " \t\r\n");
		}
	}
	if (*s == '"') {
		for (s++; *s != '"'; s++) {
			if ((unsigned char)*s < 0x20)
				return NULL;
			if (*s == '\\') {
				s++;
				if (*s == 'u') {
					if (strspn(s + 1, "0123456789abcdefABCDEF") < 4)
						return NULL;
					s += 4;
				} else if (!*s || !strchr("\"\\/bfnrt", *s)) {
					return NULL;
				}
			}
		}
		return s + 1;
	}
	static const char *const words[] = { "true", "false", "null" };
	for (size_t i = 0; i < 3; i++)
		if (!strncmp(s, words[i], strlen(words[i])))
			return s + strlen(words[i]);
	char *end;
	if (*s == '-' || (*s >= '0' && *s <= '9')) {
		strtod(s, &end);
		return end > s ? end : NULL;
	}
	return NULL;
}

static void report(const struct debrief *d)
{
	struct buf out = BUF_INIT;
	for (int f = REPORT_TEXT; f <= REPORT_JSON; f++) {
		buf_reset(&out);
		debrief_report(&out, d, (enum report_format)f, TODAY);
		if (!fuzz_is_utf8(buf_str(&out), out.len) || strlen(buf_str(&out)) != out.len)
			fail("a report is not UTF-8 text", &out);
		if (f == REPORT_JSON) {
			const char *end = json_value(buf_str(&out), 0);
			if (!end || end[strspn(end, " \t\r\n")])
				fail("the JSON report does not parse", &out);
		}
	}
	buf_reset(&out);
	const char *path = "debriefs/fuzz.yaml";
	debrief_status_text(&out, &d, &path, 1, TODAY);
	if (!fuzz_is_utf8(buf_str(&out), out.len))
		fail("the status is not UTF-8", &out);
	buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_file *f = diag_file_new("debrief.yaml", NULL);
	struct buf text = BUF_INIT;
	struct loaded lp;
	unsigned long lines = fuzz_lines(data, size);

	buf_add(&text, data, size);
	int ret = validate_load_text(&v, f, &text, &lp);
	if (ret == 0 && !lp.model)
		fail("loaded without a model", NULL);
	for (size_t i = 0; i < f->nr; i++)
		if (f->items[i].line > lines)
			fail("a finding points past the end of the file", NULL);
	const struct debrief *d = debrief_of(&lp);
	if (d)
		report(d);
	loaded_release(&lp);
	diag_file_free(f);
	return 0;
}
