#include "unit.h"
#include "check/embedded.h"
#include "check/keys.h"
#include "check/load.h"
#include "check/rule.h"
#include "check/xsd.h"

#include <libxml/parser.h>
#include <string.h>

static struct xsd x;

static int setup(void **state)
{
	struct embedded_file file;
	(void)state;
	xmlInitParser();
	assert_int_equal(embedded_find("crisis-plan.xsd", &file), 0);
	return xsd_read(&x, file.data, file.len, NULL);
}

static int teardown(void **state)
{
	(void)state;
	xsd_release(&x);
	return 0;
}

struct checked {
	struct doc doc;
	struct diag_file *f;
	size_t findings;
};

static void check(struct checked *c, const char *yaml, bool refs)
{
	memset(c, 0, sizeof(*c));
	c->f = diag_file_new("p.yaml", unit_severities());
	diag_file_set_text(c->f, yaml, strlen(yaml));
	assert_int_equal(load_yaml(&c->doc, yaml, strlen(yaml), c->f), 0);
	c->findings = keys_check(&x, &c->doc, c->f, refs, NULL, NULL, NULL);
	diag_file_sort(c->f);
}

static void release(struct checked *c)
{
	doc_release(&c->doc);
	diag_file_free(c->f);
}

static const char people[] =
	"owner: c-durand\n"
	"contacts:\n"
	"  - id: c-durand\n"
	"  - id: c-petit\n"
	"cell:\n"
	"  - id: lead\n"
	"    holder: c-durand\n";

static void references_that_resolve(void **state)
{
	struct checked c;
	(void)state;
	check(&c, people, true);
	assert_int_equal(c.findings, 0);
	assert_int_equal(c.f->nr, 0);
	release(&c);
}

static void dangling_reference_with_suggestion(void **state)
{
	struct checked c;
	char yaml[512];
	(void)state;
	snprintf(yaml, sizeof(yaml), "%s%s", people,
		 "activities:\n  - id: a\n    owner: leed\n");
	check(&c, yaml, true);
	assert_int_equal(c.f->nr, 1);
	assert_string_equal(c.f->items[0].rule, RULE_UNKNOWN_REFERENCE);
	assert_int_equal(c.f->items[0].line, 10);
	assert_int_equal(c.f->items[0].column, 12);
	assert_string_equal(c.f->items[0].path, "activities[0].owner");
	assert_non_null(strstr(c.f->items[0].message, "did you mean 'lead'?"));
	/* A role is a party, not a contact: holder must name a person. */
	release(&c);
}

static void a_role_is_not_a_contact(void **state)
{
	struct checked c;
	(void)state;
	check(&c, "contacts:\n  - id: c-durand\ncell:\n  - id: lead\n    holder: lead\n", true);
	assert_int_equal(c.f->nr, 1);
	assert_non_null(strstr(c.f->items[0].message, "unknown contact 'lead'"));
	release(&c);
}

static void duplicates_across_contacts_and_roles(void **state)
{
	struct checked c;
	(void)state;
	check(&c, "contacts:\n  - id: same\n  - id: other\n  - id: other\ncell:\n  - id: same\n", true);
	/* Each duplicate once, even though two keys (party, contact) see it. */
	assert_int_equal(c.f->nr, 2);
	assert_string_equal(c.f->items[0].rule, RULE_DUPLICATE_ID);
	assert_int_equal(c.f->items[0].line, 4);
	assert_non_null(strstr(c.f->items[0].message, "first used on line 3"));
	assert_int_equal(c.f->items[1].line, 6);
	assert_non_null(strstr(c.f->items[1].message, "first used on line 2"));
	release(&c);
}

static void steps_are_scoped_to_their_procedure(void **state)
{
	struct checked c;
	(void)state;
	check(&c, "procedures:\n"
		  "  - id: p1\n    steps:\n      - id: s1\n      - id: s2\n        after: [s1]\n"
		  "  - id: p2\n    steps:\n      - id: s3\n        after: [s2]\n", true);
	assert_int_equal(c.f->nr, 1);
	assert_int_equal(c.f->items[0].line, 10);
	assert_non_null(strstr(c.f->items[0].message, "unknown step of this procedure 's2'"));
	release(&c);
}

static void levels_compare_as_numbers(void **state)
{
	struct checked c;
	(void)state;
	check(&c, "escalation:\n  - level: 1\n  - level: 01\n", true);
	assert_int_equal(c.f->nr, 1);
	assert_string_equal(c.f->items[0].rule, RULE_DUPLICATE_ID);
	assert_non_null(strstr(c.f->items[0].message, "duplicate level '1'"));
	release(&c);
}

/* Ids are text: "00" and "000" are two contacts, and "7" is not "007". */
static void ids_compare_as_text(void **state)
{
	struct checked c;
	(void)state;
	check(&c, "owner: 00\ncontacts:\n  - id: 00\n  - id: 000\n  - id: 007\n"
		  "activities:\n  - id: a\n    owner: 7\n", true);
	assert_int_equal(c.f->nr, 1);
	assert_string_equal(c.f->items[0].rule, RULE_UNKNOWN_REFERENCE);
	assert_int_equal(c.f->items[0].line, 8);
	release(&c);
	assert_true(xsd_numeric(&x, "level"));
	assert_true(xsd_numeric(&x, "xs:positiveInteger"));
	assert_false(xsd_numeric(&x, "id"));
	assert_false(xsd_numeric(&x, "xs:string"));
	assert_false(xsd_numeric(&x, "no-such-type"));
}

static void references_can_be_left_out(void **state)
{
	struct checked c;
	char yaml[512];
	(void)state;
	snprintf(yaml, sizeof(yaml), "%s%s", people,
		 "activities:\n  - id: a\n    owner: nobody\n  - id: a\n");
	check(&c, yaml, false);
	/* Without references, the duplicate is still reported. */
	assert_int_equal(c.f->nr, 1);
	assert_string_equal(c.f->items[0].rule, RULE_DUPLICATE_ID);
	release(&c);
}

static void scopes_are_found_from_the_schema(void **state)
{
	(void)state;
	const struct xsd_idc *step = xsd_idc(&x, "step.after");
	assert_non_null(step);
	assert_int_equal(step->scope_depth, 2);
	assert_string_equal(step->scope_path[0], "procedures");
	assert_string_equal(step->scope_path[1], "item");
	assert_int_equal(xsd_idc(&x, "party")->scope_depth, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(references_that_resolve),
		cmocka_unit_test(dangling_reference_with_suggestion),
		cmocka_unit_test(a_role_is_not_a_contact),
		cmocka_unit_test(duplicates_across_contacts_and_roles),
		cmocka_unit_test(steps_are_scoped_to_their_procedure),
		cmocka_unit_test(levels_compare_as_numbers),
		cmocka_unit_test(ids_compare_as_text),
		cmocka_unit_test(references_can_be_left_out),
		cmocka_unit_test(scopes_are_found_from_the_schema),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
