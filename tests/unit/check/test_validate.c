#include "unit.h"
#include "kinds.h"
#include "plan/plan.h"
#include "plan/rules.h"
#include "util/buf.h"
#include "check/config.h"
#include "check/diag.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/date.h"
#include "check/rule.h"
#include "check/validate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXAMPLES "plans/examples"
#define RANSOMWARE EXAMPLES "/it-ransomware-recovery.yaml"

static int setup(void **state)
{
	static struct validator v;
	int64_t today;
	if (date_parse("2026-11-22", &today) < 0 || validator_init(&v, crisis_kinds(), NULL, NULL, today) < 0)
		return -1;
	*state = &v;
	return 0;
}

static int teardown(void **state)
{
	validator_release(*state);
	return 0;
}

static void dump(const struct diag_file *f)
{
	for (size_t i = 0; i < f->nr; i++)
		print_message("# %s:%lu:%lu: %s [%s]\n", f->path, f->items[i].line,
			      f->items[i].column, f->items[i].message, f->items[i].rule);
}

static struct diag_file *check_text(struct validator *v, const char *name, const char *text)
{
	struct diag_file *f = diag_file_new(name, unit_severities());
	validate_buffer(v, f, name, text, strlen(text));
	return f;
}

/* The text of a file, with `from` replaced by `to`. */
static char *edited(const char *path, const char *from, const char *to)
{
	struct buf text = BUF_INIT;
	assert_int_equal(fs_read_file(path, &text), 0);
	char *out = replaced(buf_str(&text), from, to);
	buf_release(&text);
	return out;
}

static unsigned long line_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	unsigned long line = 1;
	assert_non_null(p);
	for (const char *q = text; q < p; q++)
		line += *q == '\n';
	return line;
}

static void examples_are_clean(void **state)
{
	static const char *const exts[] = { ".yaml", NULL };
	struct strlist files = STRLIST_INIT;
	(void)state;

	assert_int_equal(fs_walk(EXAMPLES, exts, &files), 0);
	assert_true(files.nr >= 4);
	for (size_t i = 0; i < files.nr; i++) {
		struct buf text = BUF_INIT;
		struct diag_file *f = diag_file_new(files.items[i], unit_severities());
		assert_int_equal(fs_read_file(files.items[i], &text), 0);
		validate_buffer(*state, f, files.items[i], buf_str(&text), text.len);
		if (f->nr) {
			dump(f);
			fail_msg("%s has %zu findings", files.items[i], f->nr);
		}
		assert_false(f->fatal);
		/* The kind is known once the plan is read. */
		assert_non_null(f->kind);
		/* Nothing keeps pointing into the buffer once checked. */
		assert_null(f->text);
		diag_file_free(f);
		buf_release(&text);
	}
	strlist_release(&files);
}

static void example_kind(void **state)
{
	struct diag_file *f = diag_file_new(RANSOMWARE, unit_severities());
	(void)state;
	validate_file(*state, f, RANSOMWARE);
	assert_int_equal(f->nr, 0);
	assert_string_equal(f->kind, "pra");
	diag_file_free(f);
}

/* A plan broken in a semantic way: the rule, where the user wrote the value. */
static void broken_example_gives_its_rule(void **state)
{
	char *text = edited(RANSOMWARE, "    rto: PT6H\n", "    rto: P3D\n");
	struct diag_file *f = check_text(*state, RANSOMWARE, text);
	assert_true(f->nr >= 1);
	const struct diag *d = &f->items[0];
	assert_string_equal(d->rule, RULE_RTO_EXCEEDS_MTPD);
	assert_int_equal(d->line, line_of(text, "    rto: P3D\n"));
	assert_int_equal(d->column, 10);
	assert_string_equal(d->path, "activities[0].rto");
	/* The source line is quoted. */
	assert_string_equal(d->source, "    rto: P3D");
	assert_int_equal(f->errors, 1);
	/* Sorted by position. */
	for (size_t i = 1; i < f->nr; i++)
		assert_true(f->items[i - 1].line <= f->items[i].line);
	diag_file_free(f);
	free(text);
}

static void broken_plans_stop_at_their_stage(void **state)
{
	struct diag_file *f;

	/* A reference to nobody: the schema's finding, and no plan rules after it. */
	char *text = edited(RANSOMWARE, "owner: c-okafor\n", "owner: c-okafr\n");
	f = check_text(*state, "p.yaml", text);
	assert_int_equal(f->nr, 1);
	assert_string_equal(f->items[0].rule, RULE_UNKNOWN_REFERENCE);
	assert_int_equal(f->items[0].line, line_of(text, "owner: c-okafr"));
	assert_non_null(strstr(f->items[0].message, "did you mean 'c-okafor'?"));
	diag_file_free(f);
	free(text);

	/*
	 * A typo in a key: reported, and the plan is not checked as if valid
	 * (its late first message would be a finding of the plan rules).
	 */
	char *late = edited(RANSOMWARE, "first_message_within: PT24H", "first_message_within: P3D");
	text = replaced(late, "\nscope: >-\n", "\nscoop: >-\n");
	free(late);
	f = check_text(*state, "p.yaml", text);
	if (f->nr != 1) {
		dump(f);
		fail_msg("expected only the unknown key, got %zu findings", f->nr);
	}
	assert_string_equal(f->items[0].rule, RULE_UNKNOWN_KEY);
	assert_int_equal(f->items[0].line, line_of(text, "scoop:"));
	diag_file_free(f);
	free(text);

	f = check_text(*state, "p.yaml", "format: crisis/v1\nkind: [pca\n");
	assert_int_equal(f->nr, 1);
	assert_string_equal(f->items[0].rule, RULE_YAML_SYNTAX);
	assert_false(f->fatal);
	diag_file_free(f);

	f = check_text(*state, "p.yaml", "");
	assert_string_equal(f->items[0].rule, RULE_EMPTY_FILE);
	diag_file_free(f);

	/* An .xml name is read as XML. */
	f = check_text(*state, "plan.xml", "format: crisis/v1\n");
	assert_true(f->nr >= 1);
	assert_string_equal(f->items[0].rule, RULE_XML_SYNTAX);
	diag_file_free(f);
}

static void disable_line_comment(void **state)
{
	char *text = edited(RANSOMWARE, "    rto: PT6H\n",
			    "    rto: P3D  # crisis: disable-line rto-exceeds-mtpd\n");
	struct diag_file *f = check_text(*state, "p.yaml", text);
	for (size_t i = 0; i < f->nr; i++)
		assert_string_not_equal(f->items[i].rule, RULE_RTO_EXCEEDS_MTPD);
	assert_int_equal(f->errors, 0);
	diag_file_free(f);
	free(text);
}

static void missing_file_is_fatal(void **state)
{
	struct diag_file *f = diag_file_new("plans/nope.yaml", unit_severities());
	validate_file(*state, f, "plans/nope.yaml");
	assert_true(f->fatal);
	assert_int_equal(f->nr, 1);
	assert_string_equal(f->items[0].rule, RULE_IO_ERROR);
	assert_int_equal(f->items[0].severity, SEV_ERROR);
	assert_int_equal(f->items[0].line, 0);
	assert_non_null(strstr(f->items[0].message, "plans/nope.yaml"));
	assert_non_null(strstr(f->items[0].message, strerror(ENOENT)));
	assert_int_equal(f->errors, 1);
	diag_file_free(f);

	/* A folder is no plan. */
	f = diag_file_new(EXAMPLES, unit_severities());
	validate_file(*state, f, EXAMPLES);
	assert_true(f->fatal);
	assert_string_equal(f->items[0].rule, RULE_IO_ERROR);
	diag_file_free(f);
}

static void unreadable_file_is_fatal(void **state)
{
	struct diag_file *f = diag_file_new(RANSOMWARE, unit_severities());
	mock_errno = EACCES;
	mock_fopen = true;
	validate_file(*state, f, RANSOMWARE);
	mock_fopen = false;
	assert_true(f->fatal);
	assert_string_equal(f->items[0].rule, RULE_IO_ERROR);
	assert_non_null(strstr(f->items[0].message, strerror(EACCES)));
	diag_file_free(f);

	f = diag_file_new(RANSOMWARE, unit_severities());
	mock_fread = true;
	validate_file(*state, f, RANSOMWARE);
	mock_fread = false;
	assert_true(f->fatal);
	assert_int_equal(f->nr, 1);
	assert_string_equal(f->items[0].rule, RULE_IO_ERROR);
	diag_file_free(f);
}

static void load_keeps_the_model(void **state)
{
	struct loaded lp;
	struct diag_file *f = diag_file_new(RANSOMWARE, unit_severities());
	assert_int_equal(validate_load(*state, f, RANSOMWARE, &lp), 0);
	assert_non_null(plan_of(&lp));
	assert_string_equal(plan_of(&lp)->id, "it-ransomware-recovery");
	assert_int_equal(plan_of(&lp)->nr_activities, 7);
	assert_non_null(plan_contact(plan_of(&lp), "c-okafor"));
	/* The model points into the document it keeps. */
	assert_ptr_equal(plan_of(&lp)->root, xmlDocGetRootElement(lp.doc.xml));
	loaded_release(&lp);
	assert_null(plan_of(&lp));
	diag_file_free(f);

	f = diag_file_new("plans/nope.yaml", unit_severities());
	assert_int_equal(validate_load(*state, f, "plans/nope.yaml", &lp), -1);
	assert_null(plan_of(&lp));
	assert_true(f->fatal);
	loaded_release(&lp);
	diag_file_free(f);
}

/* An unusable plan gives no model, even when the file reads. */
static void load_refuses_an_invalid_plan(void **state)
{
	char path[] = "/tmp/crisis-test-planXXXXXX";
	char *text = edited(RANSOMWARE, "\nscope: >-\n", "\nscoop: >-\n");
	struct loaded lp;
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);

	struct diag_file *f = diag_file_new(path, unit_severities());
	assert_int_equal(validate_load(*state, f, path, &lp), -1);
	assert_null(plan_of(&lp));
	assert_int_equal(f->errors, 1);
	loaded_release(&lp);
	diag_file_free(f);
	unlink(path);
	free(text);
}

static void validator_with_schema_file(void **state)
{
	struct validator v;
	(void)state;
	assert_int_equal(validator_init(&v, crisis_kinds(), "schemas/crisis-plan.xsd", NULL, 20000), 0);
	struct diag_file *f = diag_file_new(RANSOMWARE, unit_severities());
	validate_file(&v, f, RANSOMWARE);
	/* today is long ago: nothing is overdue. */
	assert_int_equal(f->nr, 0);
	diag_file_free(f);
	validator_release(&v);
	assert_null(v.schemas);

	crisis_error_clear();
	assert_int_equal(validator_init(&v, crisis_kinds(), "/nonexistent.xsd", NULL, 20000), -1);
	assert_non_null(strstr(crisis_error_last(), "/nonexistent.xsd"));
	validator_release(&v);
}

/* ---- a workspace's shared contacts.yaml ---- */

/* Lines 1-9; c-shared's id is on line 5. */
#define SHARED \
	"# Shared by every plan.\n" \
	"format: crisis/v1\n" \
	"kind: contacts\n" \
	"contacts:\n" \
	"  - id: c-shared\n" \
	"    name: Sam Shared\n" \
	"    phones: [\"+33 6 00 00 00 09\"]\n" \
	"    available: 24/7\n" \
	"    verified: 2026-10-01\n"

/* A plan whose owner is `owner`, with its own contact c-own. */
#define PLAN_OWNED_BY(owner) \
	"format: crisis/v1\n" \
	"kind: pca\n" \
	"id: t\n" \
	"title: Test\n" \
	"owner: " owner "\n" \
	"status: approved\n" \
	"review:\n" \
	"  every: P12M\n" \
	"  last: 2026-06-01\n" \
	"contacts:\n" \
	"  - id: c-own\n" \
	"    name: Olga Own\n" \
	"    phones: [\"+33 6 00 00 00 01\"]\n" \
	"    available: 24/7\n" \
	"    verified: 2026-10-01\n"

/* Share `text` as contacts.yaml; its findings in *f. */
static int share(struct validator *v, const char *text, struct diag_file **f)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, text);
	*f = diag_file_new("contacts.yaml", unit_severities());
	int ret = validator_share(v, &plan_kind_contacts, *f, &b);
	buf_release(&b);
	return ret;
}

static size_t count_rule(const struct diag_file *f, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < f->nr; i++)
		n += !strcmp(f->items[i].rule, rule);
	return n;
}

/* The one finding of `rule`. */
static const struct diag *only(const struct diag_file *f, const char *rule)
{
	if (count_rule(f, rule) != 1) {
		dump(f);
		fail_msg("expected one finding [%s], got %zu", rule, count_rule(f, rule));
	}
	for (size_t i = 0; i < f->nr; i++)
		if (!strcmp(f->items[i].rule, rule))
			return &f->items[i];
	return NULL;
}

static void shared_contacts_are_known_to_plans(void **state)
{
	struct diag_file *sf, *f;
	const char *plan = PLAN_OWNED_BY("c-shared");

	/* Without contacts.yaml, c-shared is nobody. */
	f = check_text(*state, "plans/t.yaml", plan);
	only(f, RULE_UNKNOWN_REFERENCE);
	diag_file_free(f);

	assert_int_equal(share(*state, SHARED, &sf), 0);
	assert_int_equal(sf->errors, 0);
	assert_string_equal(validator_shared_path(*state), "contacts.yaml");
	assert_non_null(plan_contact(plan_of(validator_shared(*state)), "c-shared"));
	f = check_text(*state, "plans/t.yaml", plan);
	if (f->errors) {
		dump(f);
		fail_msg("a plan naming a shared contact has errors");
	}
	assert_int_equal(count_rule(f, RULE_UNKNOWN_REFERENCE), 0);
	diag_file_free(f);
	diag_file_free(sf);
}

static void plan_redefining_a_shared_id(void **state)
{
	struct diag_file *sf;
	assert_int_equal(share(*state, SHARED, &sf), 0);
	char *plan = replaced(PLAN_OWNED_BY("c-own"), "  - id: c-own\n    name: Olga Own\n",
			      "  - id: c-own\n    name: Olga Own\n"
			      "  - id: c-shared\n    name: Sam Again\n");
	struct diag_file *f = check_text(*state, "plans/t.yaml", plan);
	const struct diag *d = only(f, RULE_DUPLICATE_ID);
	assert_int_equal(d->line, line_of(plan, "  - id: c-shared"));
	assert_int_equal(d->column, 9);
	if (!strstr(d->message, "'c-shared'") || !strstr(d->message, "contacts.yaml (line 5)"))
		fail_msg("'%s' names neither the id nor contacts.yaml, line 5", d->message);
	assert_int_equal(d->severity, SEV_ERROR);
	diag_file_free(f);
	diag_file_free(sf);
	free(plan);
}

static void contacts_file_has_its_own_root(void **state)
{
	struct diag_file *f;

	f = check_text(*state, "contacts.yaml", SHARED);
	assert_int_equal(f->errors, 0);
	assert_string_equal(f->kind, "contacts");
	diag_file_free(f);

	/* A plan's keys are not a contacts file's. */
	char *text = replaced(SHARED, "kind: contacts\n", "kind: contacts\nowner: c-shared\n");
	f = check_text(*state, "contacts.yaml", text);
	assert_int_equal(only(f, RULE_UNKNOWN_KEY)->line, line_of(text, "owner:"));
	diag_file_free(f);
	free(text);

	/* ... and its contacts are required. */
	f = check_text(*state, "contacts.yaml", "format: crisis/v1\nkind: contacts\n");
	only(f, RULE_MISSING_KEY);
	diag_file_free(f);

	/* A contact is checked as in a plan. */
	text = replaced(SHARED, "+33 6 00 00 00 09", "06 00 00 00 09");
	f = check_text(*state, "contacts.yaml", text);
	assert_int_equal(only(f, RULE_BAD_VALUE)->line, 7);
	diag_file_free(f);
	free(text);
}

static void contacts_file_of_another_kind_is_refused(void **state)
{
	struct diag_file *sf;
	assert_int_equal(share(*state, PLAN_OWNED_BY("c-own"), &sf), -1);
	const struct diag *d = only(sf, RULE_BAD_VALUE);
	assert_non_null(strstr(d->message, "has 'kind: contacts', not 'pca'"));
	assert_int_equal(sf->errors, 1);
	assert_null(validator_shared(*state));
	assert_null(validator_shared_path(*state));
	diag_file_free(sf);
}

static void invalid_contacts_file_is_not_shared(void **state)
{
	struct diag_file *sf;
	char *text = replaced(SHARED, "    name: Sam Shared\n", "");
	assert_int_equal(share(*state, text, &sf), -1);
	assert_true(sf->errors >= 1);
	assert_null(validator_shared(*state));
	diag_file_free(sf);
	free(text);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

TEST_MAIN(
	T(examples_are_clean),
	T(example_kind),
	T(broken_example_gives_its_rule),
	T(broken_plans_stop_at_their_stage),
	T(disable_line_comment),
	T(missing_file_is_fatal),
	T(unreadable_file_is_fatal),
	T(load_keeps_the_model),
	T(load_refuses_an_invalid_plan),
	cmocka_unit_test(validator_with_schema_file),
	T(shared_contacts_are_known_to_plans),
	T(plan_redefining_a_shared_id),
	T(contacts_file_has_its_own_root),
	T(contacts_file_of_another_kind_is_refused),
	T(invalid_contacts_file_is_not_shared),
)
