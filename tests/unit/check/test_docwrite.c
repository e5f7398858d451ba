#include "unit.h"
#include "check/docwrite.h"
#include "check/load.h"
#include "util/error.h"

#include <string.h>

static const char plan[] =
	"format: crisis/v1\n"
	"kind: pca\n"
	"id: p\n"
	"title: 2026\n"
	"owner: c-a\n"
	"status: draft\n"
	"review: {every: P12M}\n"
	"contacts:\n"
	"  - {id: c-a, name: A}\n"
	"scenarios:\n"
	"  - {id: s, title: S, likelihood: +03}\n"
	"escalation:\n"
	"  - level: 1\n"
	"    within: PT15M\n"
	"    notify: [c-a]\n"
	"    skip_if_unreachable: 1\n"
	"    repeat: 0\n"
	"exit:\n";

static void load(struct doc *doc, const char *text, const char *name)
{
	struct diag_file *f = diag_file_new(name, NULL);
	assert_int_equal(load_file_data(doc, name, text, strlen(text), f), 0);
	diag_file_free(f);
}

static void json_is_typed_by_the_schema(void **state)
{
	struct doc doc = DOC_INIT;
	struct buf out = BUF_INIT;
	(void)state;
	load(&doc, plan, "p.yaml");
	assert_int_equal(docwrite_json(&out, &doc, "crisis-plan.xsd", NULL), 0);
	/* Integers as numbers, as JSON writes them; booleans; text stays text. */
	assert_non_null(strstr(out.ptr, "\"likelihood\": 3\n"));
	assert_non_null(strstr(out.ptr, "\"level\": 1,"));
	assert_non_null(strstr(out.ptr, "\"repeat\": 0\n"));
	assert_non_null(strstr(out.ptr, "\"skip_if_unreachable\": true,"));
	assert_non_null(strstr(out.ptr, "\"title\": \"2026\","));
	assert_non_null(strstr(out.ptr, "\"notify\": [\n        \"c-a\"\n      ]"));
	/* An empty mapping is an empty object; the file's order is kept. */
	assert_non_null(strstr(out.ptr, "\"exit\": {}\n}\n"));
	assert_true(strstr(out.ptr, "\"format\"") < strstr(out.ptr, "\"kind\""));
	buf_release(&out);
	doc_release(&doc);
}

static void xml_keeps_the_data_only(void **state)
{
	struct doc doc = DOC_INIT;
	struct buf out = BUF_INIT;
	(void)state;
	load(&doc, "<crisis><!-- note --><id>p</id>\n  <review> <every>P1D</every> </review></crisis>",
	     "p.xml");
	assert_int_equal(docwrite_xml(&out, &doc), 0);
	assert_string_equal(out.ptr, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			    "<crisis>\n  <id>p</id>\n  <review>\n    <every>P1D</every>\n"
			    "  </review>\n</crisis>\n");
	buf_release(&out);
	doc_release(&doc);
}

static void a_missing_schema_is_an_error(void **state)
{
	struct doc doc = DOC_INIT;
	struct buf out = BUF_INIT;
	(void)state;
	load(&doc, plan, "p.yaml");
	assert_int_equal(docwrite_json(&out, &doc, "none.xsd", NULL), -1);
	assert_non_null(strstr(crisis_error_last(), "none.xsd"));
	buf_release(&out);
	doc_release(&doc);
}

TEST_MAIN(
	cmocka_unit_test(json_is_typed_by_the_schema),
	cmocka_unit_test(xml_keeps_the_data_only),
	cmocka_unit_test(a_missing_schema_is_an_error),
)
