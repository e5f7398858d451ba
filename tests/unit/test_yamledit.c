#include "unit.h"
#include "../../lib/error.h"
#include "../../lib/load.h"
#include "../../lib/yamledit.h"

#include <libxml/parser.h>
#include <string.h>

/* Set `path` to `value` in `yaml`; the result, or NULL on failure. */
static char *edit(const char *yaml, const char *path, const char *value)
{
	struct buf text = BUF_INIT;
	struct doc doc = DOC_INIT;
	struct diag_file *f = diag_file_new("p.yaml", NULL);
	buf_adds(&text, yaml);
	assert_int_equal(load_yaml(&doc, text.ptr, text.len, f), 0);
	int ret = yaml_set_scalar(&text, &doc, path, value);
	doc_release(&doc);
	diag_file_free(f);
	if (ret < 0) {
		buf_release(&text);
		return NULL;
	}
	/* Whatever was written must still load. */
	struct doc again = DOC_INIT;
	f = diag_file_new("p.yaml", NULL);
	assert_int_equal(load_yaml(&again, text.ptr, text.len, f), 0);
	doc_release(&again);
	diag_file_free(f);
	return buf_detach(&text);
}

static void replaces_a_value_in_place(void **state)
{
	(void)state;
	char *out = edit("# plan\nstatus: draft   # to approve\nid: x\n", "status", "approved");
	assert_string_equal(out, "# plan\nstatus: approved   # to approve\nid: x\n");
	free(out);
}

static void replaces_a_nested_quoted_value(void **state)
{
	(void)state;
	char *out = edit("review:\n  every: P12M\n  last: \"2025-01-01\"\nid: x\n", "review.last",
			 "2026-11-22");
	assert_string_equal(out, "review:\n  every: P12M\n  last: 2026-11-22\nid: x\n");
	free(out);
}

static void fills_an_empty_value(void **state)
{
	(void)state;
	char *out = edit("review:\n  every: P12M\n  approved_by:\nid: x\n", "review.approved_by", "c-durand");
	assert_string_equal(out, "review:\n  every: P12M\n  approved_by: c-durand\nid: x\n");
	free(out);
}

static void adds_a_missing_key_under_its_mapping(void **state)
{
	(void)state;
	char *out = edit("review:\n    every: P12M   # yearly\n\nid: x\n", "review.last", "2026-11-22");
	assert_string_equal(out, "review:\n    every: P12M   # yearly\n    last: 2026-11-22\n\nid: x\n");
	free(out);
}

static void adds_a_missing_top_level_key(void **state)
{
	(void)state;
	char *out = edit("id: x\ntitle: T", "status", "approved");
	assert_string_equal(out, "id: x\ntitle: T\nstatus: approved\n");
	free(out);
}

static void keeps_crlf_and_accents(void **state)
{
	(void)state;
	char *out = edit("title: Crise à Nantes\r\nreview:\r\n  every: P12M\r\n", "review.last", "2026-11-22");
	assert_string_equal(out, "title: Crise à Nantes\r\nreview:\r\n  every: P12M\r\n  last: 2026-11-22\r\n");
	free(out);
	out = edit("title: Crise à Nantes\nstatus: brouillon\n", "title", "Crise à Lyon: phase 2");
	assert_string_equal(out, "title: \"Crise à Lyon: phase 2\"\nstatus: brouillon\n");
	free(out);
}

static void refuses_flow_mappings_and_lists(void **state)
{
	(void)state;
	assert_null(edit("review: {every: P12M}\n", "review.last", "2026-11-22"));
	assert_non_null(strstr(crisis_error_last(), "block style"));
	assert_null(edit("review:\n  every: [a]\n", "review.every", "P1Y"));
	assert_null(edit("id: x\n", "review.last", "2026-11-22"));
	assert_non_null(strstr(crisis_error_last(), "'review' is missing"));
}

TEST_MAIN(
	cmocka_unit_test(replaces_a_value_in_place),
	cmocka_unit_test(replaces_a_nested_quoted_value),
	cmocka_unit_test(fills_an_empty_value),
	cmocka_unit_test(adds_a_missing_key_under_its_mapping),
	cmocka_unit_test(adds_a_missing_top_level_key),
	cmocka_unit_test(keeps_crlf_and_accents),
	cmocka_unit_test(refuses_flow_mappings_and_lists),
)
