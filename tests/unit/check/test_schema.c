#include "unit.h"
#include "util/buf.h"
#include "check/diag.h"
#include "check/doc.h"
#include "util/error.h"
#include "check/load.h"
#include "check/rule.h"
#include "check/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Lines 1 to 13; tests append to it or change a line. */
#define HEAD \
	"format: crisis/v1\n" \
	"kind: pca\n" \
	"id: test-plan\n" \
	"title: Test plan\n" \
	"owner: c-alice\n" \
	"status: draft\n" \
	"review:\n" \
	"  every: P12M\n" \
	"contacts:\n" \
	"  - id: c-alice\n" \
	"    name: Alice\n" \
	"  - id: c-bob\n" \
	"    name: Bob\n"

struct checked {
	struct doc doc;
	struct diag_file *f;
	const char *text;
	int ret;
};

static int setup(void **state)
{
	*state = schema_builtin(SCHEMA_FILE, NULL);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	schema_free(*state);
	return 0;
}

static void dump(const struct diag_file *f)
{
	for (size_t i = 0; i < f->nr; i++)
		print_message("# %lu:%lu: %s [%s]\n", f->items[i].line, f->items[i].column,
			      f->items[i].message, f->items[i].rule);
}

static void check(struct checked *c, void **state, const char *text)
{
	memset(c, 0, sizeof(*c));
	c->text = text;
	c->f = diag_file_new("t.yaml", unit_severities());
	diag_file_set_text(c->f, text, strlen(text));
	if (load_yaml(&c->doc, text, strlen(text), c->f) < 0) {
		dump(c->f);
		fail_msg("the test plan does not load");
	}
	c->ret = schema_validate(*state, &c->doc, c->f, NULL);
}

static void release(struct checked *c)
{
	doc_release(&c->doc);
	diag_file_free(c->f);
}

/* 1-based line of the n-th (from 1) occurrence of `needle` in the text. */
static unsigned long line_of_nth(const char *text, const char *needle, int n)
{
	const char *p = text;
	for (;;) {
		p = strstr(p, needle);
		assert_non_null(p);
		if (--n == 0)
			break;
		p++;
	}
	unsigned long line = 1;
	for (const char *q = text; q < p; q++)
		line += *q == '\n';
	return line;
}

static unsigned long line_of(const char *text, const char *needle)
{
	return line_of_nth(text, needle, 1);
}

static size_t count(const struct diag_file *f, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < f->nr; i++)
		n += !strcmp(f->items[i].rule, rule);
	return n;
}

/* The finding of `rule` whose message contains `part`. */
static const struct diag *find(const struct diag_file *f, const char *rule, const char *part)
{
	for (size_t i = 0; i < f->nr; i++)
		if (!strcmp(f->items[i].rule, rule) && strstr(f->items[i].message, part))
			return &f->items[i];
	dump(f);
	fail_msg("no [%s] finding saying \"%s\"", rule, part);
	return NULL;
}

static void assert_at(const struct diag *d, unsigned long line, unsigned long col)
{
	assert_int_equal(d->line, line);
	assert_int_equal(d->column, col);
	assert_int_equal(d->severity, SEV_ERROR);
}

static void valid_plan(void **state)
{
	static const char text[] = HEAD
		"cell:\n"
		"  - id: lead\n"
		"    group: orchestrator\n"
		"    holder: c-alice\n"
		"    deputy: c-bob\n"
		"activities:\n"
		"  - id: billing\n"
		"    name: Billing\n"
		"    priority: urgent\n"
		"    owner: lead\n"
		"    rto: PT4H\n"
		"escalation:\n"
		"  - level: 1\n"
		"    within: PT15M\n"
		"    notify: [lead, c-bob]\n"
		"procedures:\n"
		"  - id: restore\n"
		"    title: Restore\n"
		"    activities: [billing]\n"
		"    steps:\n"
		"      - id: s1\n"
		"        do: Start\n"
		"      - do: Go on\n"
		"        after: [s1]\n"
		"  - id: other\n"
		"    title: Other\n"
		"    steps:\n"
		"      - id: s1\n"
		"        do: Same step id, another procedure\n";
	struct checked c;
	check(&c, state, text);
	if (c.ret != 0 || c.f->nr) {
		dump(c.f);
		fail_msg("a valid plan has findings");
	}
	release(&c);
}

static void unknown_key_suggests_and_the_rest_is_checked(void **state)
{
	static const char text[] =
		"format: crisis/v1\n"
		"kind: pca\n"
		"id: test-plan\n"
		"titel: Test plan\n"
		"owner: c-alice\n"
		"status: aproved\n"
		"review:\n"
		"  every: P12M\n"
		"contacts:\n"
		"  - id: c-alice\n"
		"    name: Alice\n"
		"    emial: alice@example.org\n"
		"    available: sometimes\n";
	struct checked c;
	check(&c, state, text);
	assert_int_equal(c.ret, 1);

	const struct diag *d = find(c.f, RULE_UNKNOWN_KEY, "'titel'");
	assert_at(d, 4, 1);
	assert_non_null(strstr(d->message, "did you mean 'title'?"));
	d = find(c.f, RULE_UNKNOWN_KEY, "'emial'");
	assert_at(d, 12, 5);
	assert_non_null(strstr(d->message, "contacts[0]"));
	assert_non_null(strstr(d->message, "did you mean 'email'?"));

	/* What follows an unknown key is still checked. */
	d = find(c.f, RULE_BAD_VALUE, "'aproved'");
	assert_at(d, 6, 9);
	assert_string_equal(d->path, "status");
	assert_non_null(strstr(d->message, "did you mean 'approved'?"));
	d = find(c.f, RULE_BAD_VALUE, "'sometimes'");
	assert_at(d, 13, 16);
	assert_string_equal(d->path, "contacts[0].available");

	/* 'title' is not also reported missing: the suggestion said it. */
	assert_int_equal(count(c.f, RULE_MISSING_KEY), 0);
	assert_int_equal(c.f->nr, 4);
	/* The unknown keys are out of the document. */
	assert_null(doc_child(xmlDocGetRootElement(c.doc.xml), "titel"));
	release(&c);
}

static void unknown_key_lists_the_keys(void **state)
{
	static const char text[] = HEAD "review_cycle_length: 12\n";
	struct checked c;
	check(&c, state, text);
	/* The key is taken out to check the rest; the plan stays invalid. */
	assert_int_equal(c.ret, 1);
	const struct diag *d = find(c.f, RULE_UNKNOWN_KEY, "'review_cycle_length'");
	assert_at(d, 14, 1);
	assert_non_null(strstr(d->message, "expected one of: format, kind, id, title"));
	assert_int_equal(c.f->nr, 1);
	release(&c);
}

static void missing_key_is_named(void **state)
{
	static const char text[] =
		"format: crisis/v1\n"
		"kind: pca\n"
		"id: test-plan\n"
		"title: Test plan\n"
		"status: draft\n"
		"review:\n"
		"  last: 2026-01-01\n"
		"contacts:\n"
		"  - id: c-alice\n"
		"    name: Alice\n"
		"  - id: c-bob\n"
		"procedures:\n"
		"  - id: p\n"
		"    title: P\n"
		"    steps: []\n";
	struct checked c;
	check(&c, state, text);
	assert_int_equal(c.ret, 1);

	const struct diag *d = find(c.f, RULE_MISSING_KEY, "required key 'owner'");
	assert_non_null(strstr(d->message, "the plan"));
	assert_null(d->path);
	assert_int_equal(d->line, 1);
	d = find(c.f, RULE_MISSING_KEY, "required key 'every'");
	assert_string_equal(d->path, "review");
	assert_int_equal(d->line, 6);
	d = find(c.f, RULE_MISSING_KEY, "required key 'name'");
	assert_string_equal(d->path, "contacts[1]");
	assert_non_null(strstr(d->message, "contacts[1]"));
	assert_at(d, 11, 5);
	d = find(c.f, RULE_MISSING_KEY, "needs at least one item");
	assert_string_equal(d->path, "procedures[0].steps");
	assert_int_equal(count(c.f, RULE_MISSING_KEY), 4);
	release(&c);
}

static void missing_key_not_reported_when_suggested(void **state)
{
	static const char text[] =
		"format: crisis/v1\n"
		"kind: pca\n"
		"id: test-plan\n"
		"title: Test plan\n"
		"statuz: draft\n"
		"review:\n"
		"  every: P12M\n";
	struct checked c;
	check(&c, state, text);
	find(c.f, RULE_UNKNOWN_KEY, "did you mean 'status'?");
	/* owner is still missing; status is not reported twice. */
	find(c.f, RULE_MISSING_KEY, "'owner'");
	for (size_t i = 0; i < c.f->nr; i++)
		assert_null(strstr(c.f->items[i].message, "required key 'status'"));
	assert_int_equal(c.f->nr, 2);
	release(&c);
}

static void bad_values_name_path_and_value(void **state)
{
	static const char text[] =
		"format: crisis/v1\n"
		"kind: pca\n"
		"id: Test_Plan\n"
		"title:\n"
		"owner: c-alice\n"
		"status: draft\n"
		"review:\n"
		"  every: 12 months\n"
		"  last: 2026-02-30\n"
		"contacts:\n"
		"  - id: c-alice\n"
		"    name: Alice\n"
		"    phones: [\"+33 6 00 00 00 01\", \"06 12 34 56 78\"]\n"
		"    email: alice-at-example.org\n"
		"scenarios:\n"
		"  - id: fire\n"
		"    title: Fire\n"
		"    likelihood: 7\n"
		"activities:\n"
		"  - id: billing\n"
		"    name: Billing\n"
		"    priority: urgnet\n"
		"    owner: c-alice\n"
		"    rto: 4 hours\n"
		"escalation:\n"
		"  - level: 0\n"
		"    within: PT15M\n"
		"    notify: [c-alice]\n"
		"    skip_if_unreachable: perhaps\n";
	struct checked c;
	check(&c, state, text);
	assert_int_equal(c.ret, 1);

	const struct diag *d = find(c.f, RULE_BAD_VALUE, "'12 months' is not a duration");
	assert_at(d, 8, 10);
	assert_string_equal(d->path, "review.every");
	assert_non_null(strstr(d->message, "review.every"));
	assert_non_null(strstr(d->message, "PT15M"));

	d = find(c.f, RULE_BAD_VALUE, "'2026-02-30' is not a date");
	assert_at(d, 9, 9);
	assert_string_equal(d->path, "review.last");

	d = find(c.f, RULE_BAD_VALUE, "'06 12 34 56 78' is not a phone number");
	assert_at(d, 13, 35);
	assert_string_equal(d->path, "contacts[0].phones[1]");

	d = find(c.f, RULE_BAD_VALUE, "'alice-at-example.org' is not an e-mail address");
	assert_at(d, 14, 12);
	assert_string_equal(d->path, "contacts[0].email");

	d = find(c.f, RULE_BAD_VALUE, "'urgnet' is not one of: urgent, high, moderate, low");
	assert_at(d, 22, 15);
	assert_string_equal(d->path, "activities[0].priority");
	assert_non_null(strstr(d->message, "did you mean 'urgent'?"));

	d = find(c.f, RULE_BAD_VALUE, "'4 hours' is not a duration");
	assert_string_equal(d->path, "activities[0].rto");

	d = find(c.f, RULE_BAD_VALUE, "'Test_Plan' is not an id");
	assert_at(d, 3, 5);
	d = find(c.f, RULE_BAD_VALUE, "title is empty");
	assert_int_equal(d->line, 4);
	d = find(c.f, RULE_BAD_VALUE, "'7' is not a score");
	assert_string_equal(d->path, "scenarios[0].likelihood");
	d = find(c.f, RULE_BAD_VALUE, "'0' is not a level");
	assert_string_equal(d->path, "escalation[0].level");
	d = find(c.f, RULE_BAD_VALUE, "'perhaps' is not a boolean");
	assert_string_equal(d->path, "escalation[0].skip_if_unreachable");

	/* One finding per bad value, and nothing else. */
	assert_int_equal(c.f->nr, 11);
	assert_int_equal(count(c.f, RULE_BAD_VALUE), 11);
	release(&c);
}

static void unknown_reference_on_the_value(void **state)
{
	static const char text[] = HEAD
		"cell:\n"
		"  - id: lead\n"
		"    group: orchestrator\n"
		"    holder: lead\n"
		"activities:\n"
		"  - id: billing\n"
		"    name: Billing\n"
		"    priority: high\n"
		"    owner: c-alcie\n"
		"    deputy: c-bob\n"
		"escalation:\n"
		"  - level: 1\n"
		"    within: PT15M\n"
		"    notify: [lead, c-alcie]\n";
	struct checked c;
	check(&c, state, text);
	assert_int_equal(c.ret, 1);

	const struct diag *d = find(c.f, RULE_UNKNOWN_REFERENCE, "activities[0].owner");
	assert_at(d, line_of(text, "owner: c-alcie"), 12);
	assert_string_equal(d->path, "activities[0].owner");
	assert_non_null(strstr(d->message, "'c-alcie'"));
	assert_non_null(strstr(d->message, "did you mean 'c-alice'?"));

	/* The same unknown id elsewhere is reported where it is. */
	d = find(c.f, RULE_UNKNOWN_REFERENCE, "escalation[0].notify[1]");
	assert_at(d, line_of(text, "notify: [lead, c-alcie]"), 20);

	/* A holder is a person: a cell role is no contact. */
	d = find(c.f, RULE_UNKNOWN_REFERENCE, "cell[0].holder");
	assert_at(d, line_of(text, "holder: lead"), 13);
	assert_non_null(strstr(d->message, "unknown contact 'lead'"));
	assert_int_equal(c.f->nr, 3);
	release(&c);
}

static void step_references_are_scoped(void **state)
{
	static const char text[] = HEAD
		"procedures:\n"
		"  - id: first\n"
		"    title: First\n"
		"    steps:\n"
		"      - id: call\n"
		"        do: Call\n"
		"  - id: second\n"
		"    title: Second\n"
		"    steps:\n"
		"      - id: cal\n"
		"        do: Wait\n"
		"      - do: Then\n"
		"        after: [call]\n";
	struct checked c;
	check(&c, state, text);
	assert_int_equal(c.ret, 1);
	const struct diag *d = find(c.f, RULE_UNKNOWN_REFERENCE, "procedures[1].steps[1].after[0]");
	assert_at(d, line_of(text, "after: [call]"), 17);
	assert_non_null(strstr(d->message, "unknown step of this procedure 'call'"));
	assert_non_null(strstr(d->message, "did you mean 'cal'?"));
	assert_int_equal(c.f->nr, 1);
	release(&c);
}

static void duplicate_id_names_the_first(void **state)
{
	static const char text[] = HEAD
		"  - id: c-alice\n"
		"    name: Alice again\n"
		"cell:\n"
		"  - id: c-bob\n"
		"    group: expert\n"
		"    holder: c-bob\n"
		"escalation:\n"
		"  - level: 1\n"
		"    within: PT15M\n"
		"    notify: [c-bob]\n"
		"  - level: 1\n"
		"    within: PT30M\n"
		"    notify: [c-bob]\n"
		"procedures:\n"
		"  - id: p\n"
		"    title: P\n"
		"    steps:\n"
		"      - id: s\n"
		"        do: One\n"
		"      - id: s\n"
		"        do: Two\n";
	struct checked c;
	check(&c, state, text);
	assert_int_equal(c.ret, 1);

	const struct diag *d = find(c.f, RULE_DUPLICATE_ID, "'c-alice'");
	assert_at(d, 14, 9);
	assert_string_equal(d->path, "contacts[2].id");
	assert_non_null(strstr(d->message, "first used on line 10"));

	/* Contacts and cell roles share one namespace. */
	d = find(c.f, RULE_DUPLICATE_ID, "'c-bob'");
	assert_int_equal(d->line, line_of(text, "  - id: c-bob\n    group"));
	assert_non_null(strstr(d->message, "first used on line 12"));

	d = find(c.f, RULE_DUPLICATE_ID, "'1'");
	assert_int_equal(d->line, line_of_nth(text, "level: 1", 2));
	assert_non_null(strstr(d->message, "level"));

	d = find(c.f, RULE_DUPLICATE_ID, "'s'");
	assert_int_equal(d->line, line_of_nth(text, "id: s\n", 2));
	char want[64];
	snprintf(want, sizeof(want), "first used on line %lu", line_of(text, "id: s\n"));
	assert_non_null(strstr(d->message, want));

	/* A duplicate contact id breaks two keys: it is reported once. */
	assert_int_equal(count(c.f, RULE_DUPLICATE_ID), 4);
	assert_int_equal(c.f->nr, 4);
	release(&c);
}

static void list_where_a_mapping_is_expected(void **state)
{
	static const char text[] =
		"format: crisis/v1\n"
		"kind: pca\n"
		"id: test-plan\n"
		"title: Test plan\n"
		"owner: c-alice\n"
		"status: draft\n"
		"review: [P12M, 2026-01-01]\n"
		"contacts:\n"
		"  id: c-alice\n"
		"  name: Alice\n";
	struct checked c;
	check(&c, state, text);
	assert_int_equal(c.ret, 1);

	const struct diag *d = find(c.f, RULE_BAD_VALUE, "review must be a mapping of keys, not a list");
	assert_int_equal(d->line, 7);
	assert_string_equal(d->path, "review");
	d = find(c.f, RULE_BAD_VALUE, "contacts must be a list");
	assert_int_equal(d->line, 8);
	assert_string_equal(d->path, "contacts");
	/* One finding each: not one per item or key, no "missing every". */
	assert_int_equal(count(c.f, RULE_BAD_VALUE), 2);
	assert_int_equal(count(c.f, RULE_MISSING_KEY), 0);
	release(&c);
}

/* A key called "item" is a key, not an item of a list. */
static void key_named_item(void **state)
{
	static const char text[] =
		"format: crisis/v1\n"
		"kind: pca\n"
		"id: test-plan\n"
		"title: Test plan\n"
		"owner: c-alice\n"
		"status: draft\n"
		"review:\n"
		"  every: P12M\n"
		"  item: x\n"
		"contacts:\n"
		"  - id: c-alice\n"
		"    name: Alice\n";
	struct checked c;
	memset(&c, 0, sizeof(c));
	c.f = diag_file_new("t.yaml", unit_severities());
	diag_file_set_text(c.f, text, strlen(text));
	/* The loader may refuse the key, or the schema report it: either way, there. */
	if (load_yaml(&c.doc, text, strlen(text), c.f) == 0)
		assert_int_equal(schema_validate(*state, &c.doc, c.f, NULL), 1);
	assert_int_equal(c.f->nr, 1);
	const struct diag *d = &c.f->items[0];
	if (strstr(d->message, "not a list") || !strstr(d->message, "'item'")) {
		dump(c.f);
		fail_msg("the key 'item' is taken for a list item");
	}
	assert_int_equal(d->line, 9);
	assert_int_equal(d->column, 3);
	release(&c);
}

static void single_value_where_a_structure_is_expected(void **state)
{
	static const char text[] =
		"format: crisis/v1\n"
		"kind: pca\n"
		"id: test-plan\n"
		"title: {en: Test plan}\n"
		"owner: c-alice\n"
		"status: draft\n"
		"review: P12M\n"
		"contacts: c-alice\n";
	struct checked c;
	check(&c, state, text);
	assert_int_equal(c.ret, 1);
	const struct diag *d = find(c.f, RULE_BAD_VALUE, "title must be a single value");
	assert_int_equal(d->line, 4);
	d = find(c.f, RULE_BAD_VALUE, "review must be a mapping of keys, not a single value");
	assert_at(d, 7, 9);
	d = find(c.f, RULE_BAD_VALUE, "contacts must be a list, not a single value");
	assert_at(d, 8, 11);
	release(&c);
}

static void schema_sources(void **state)
{
	(void)state;
	crisis_error_clear();
	assert_null(schema_builtin("no-such.xsd", NULL));
	assert_non_null(strstr(crisis_error_last(), "no-such.xsd"));

	crisis_error_clear();
	assert_null(schema_from_file("/nonexistent/crisis.xsd", NULL));
	assert_non_null(strstr(crisis_error_last(), "/nonexistent/crisis.xsd"));

	char path[] = "/tmp/crisis-test-xsdXXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	static const char not_xsd[] = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
		"<xs:element name=\"crisis\" type=\"undefined-type\"/></xs:schema>";
	assert_int_equal(write(fd, not_xsd, strlen(not_xsd)), (ssize_t)strlen(not_xsd));
	close(fd);
	assert_null(schema_from_file(path, NULL));
	unlink(path);

	/* The installed schema is the builtin one. */
	struct schema *s = schema_from_file("schemas/crisis-plan.xsd", NULL);
	assert_non_null(s);
	struct checked c;
	void *st = s;
	check(&c, &st, HEAD);
	assert_int_equal(c.ret, 0);
	assert_int_equal(c.f->nr, 0);
	release(&c);
	check(&c, &st, HEAD "titel: x\n");
	assert_int_equal(c.ret, 1);
	release(&c);
	schema_free(s);
}

/*
 * The library never prints: a schema that does not compile is an error for
 * the caller to show, not libxml2's text on standard error.
 */
static void bad_schema_is_reported_not_printed(void **state)
{
	static const char bad[] = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
		"<xs:element name=\"crisis\" type=\"undefined-type\"/></xs:schema>";
	char path[] = "/tmp/crisis-test-badxsdXXXXXX";
	char err[] = "/tmp/crisis-test-stderrXXXXXX";
	(void)state;

	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bad, strlen(bad)), (ssize_t)strlen(bad));
	close(fd);
	int efd = mkstemp(err);
	assert_true(efd >= 0);

	fflush(stderr);
	int saved = dup(2);
	dup2(efd, 2);
	crisis_error_clear();
	struct schema *s = schema_from_file(path, NULL);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);

	off_t printed = lseek(efd, 0, SEEK_END);
	close(efd);
	unlink(err);
	unlink(path);
	assert_null(s);
	assert_non_null(strstr(crisis_error_last(), path));
	if (printed > 0)
		fail_msg("schema_from_file wrote %ld bytes to standard error", (long)printed);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

TEST_MAIN(
	T(valid_plan),
	T(unknown_key_suggests_and_the_rest_is_checked),
	T(unknown_key_lists_the_keys),
	T(missing_key_is_named),
	T(missing_key_not_reported_when_suggested),
	T(bad_values_name_path_and_value),
	T(unknown_reference_on_the_value),
	T(step_references_are_scoped),
	T(duplicate_id_names_the_first),
	T(list_where_a_mapping_is_expected),
	T(key_named_item),
	T(single_value_where_a_structure_is_expected),
	cmocka_unit_test(schema_sources),
	cmocka_unit_test(bad_schema_is_reported_not_printed),
)
