/*
 * libFuzzer target: two plans in one input, before and after a line
 * "%%", compared as `crisis plan diff` and `plan commit` compare them.
 * A plan compared with itself has no change, two plans differ both ways
 * or neither, each change is one line of text, and a summary cut to a
 * width is no wider. Build and run with `make fuzz` (clang).
 *
 * Aims at: lib/plan/plandiff.c
 */
#include "fuzz.h"
#include "check/diag.h"
#include "check/validate.h"
#include "kinds.h"
#include "plan/plan.h"
#include "plan/plandiff.h"
#include "util/utf8.h"

#include <libxml/parser.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUMMARY_WIDTH 60

static struct validator v;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_validator_init(&v, 20000);
	v.skip_rules = true;	/* as history and diffs read plans: models only */
	return 0;
}

static void fail(const char *why, const struct plandiff *d)
{
	struct buf text = BUF_INIT;
	plandiff_text(&text, d);
	fprintf(stderr, "fuzz_plandiff: %s\n%s", why, buf_str(&text));
	buf_release(&text);
	abort();
}

static size_t lines_of(const struct buf *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->len; i++)
		n += b->ptr[i] == '\n';
	return n;
}

/* Every way a diff is written, and what each must hold. */
static void write_all(const struct plandiff *d)
{
	struct buf out = BUF_INIT;
	plandiff_text(&out, d);
	if (lines_of(&out) != d->nr || !fuzz_is_utf8(buf_str(&out), out.len))
		fail("a change is not one line of UTF-8", d);
	buf_reset(&out);
	plandiff_commit_text(&out, d);
	if (lines_of(&out) != d->nr)
		fail("a change is not one line of the commit message", d);
	buf_reset(&out);
	plandiff_summary(&out, d, SUMMARY_WIDTH);
	if (utf8_chars(buf_str(&out), out.len) > SUMMARY_WIDTH || (!d->nr) != (!out.len) ||
	    !fuzz_is_utf8(buf_str(&out), out.len))
		fail("the summary is wider than asked, or says nothing of changes", d);
	buf_reset(&out);
	plandiff_json(&out, d);
	if (out.len < 2 || out.ptr[0] != '[' || !fuzz_is_utf8(buf_str(&out), out.len))
		fail("the JSON is no array of UTF-8", d);
	buf_release(&out);
}

static void load(const char *data, size_t len, struct loaded *lp)
{
	struct buf text = BUF_INIT;
	struct diag_file *f = diag_file_new("plan.yaml", NULL);
	buf_add(&text, data, len);
	validate_load_text(&v, f, &text, lp);
	diag_file_free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t first, second = fuzz_split(s, size, &first);
	struct loaded a, b;
	struct plandiff d;

	load(s, first, &a);
	load(s + second, size - second, &b);
	const struct plan *before = plan_of(&a), *after = plan_of(&b);
	for (int i = 0; i < 2; i++) {
		const struct plan *p = i ? after : before;
		if (!p)
			continue;
		plandiff_compute(&d, p, p);
		if (d.nr)
			fail("a plan differs from itself", &d);
		plandiff_release(&d);
	}
	plandiff_compute(&d, before, after);
	write_all(&d);
	struct plandiff back;
	plandiff_compute(&back, after, before);
	if ((!d.nr) != (!back.nr))
		fail("two plans differ one way only", &d);
	plandiff_release(&back);
	plandiff_release(&d);
	loaded_release(&a);
	loaded_release(&b);
	return 0;
}
