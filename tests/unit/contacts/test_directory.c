#include "unit.h"
#include "kinds.h"
#include "plan/plan.h"
#include "plan/rules.h"
#include "util/buf.h"
#include "contacts/export.h"
#include "contacts/import.h"
#include "check/diag.h"
#include "contacts/directory.h"
#include "contacts/merge.h"
#include "util/error.h"
#include "util/date.h"
#include "check/rule.h"
#include "check/validate.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- matching one contact ---- */

/* A contact as a plan's model holds it. */
struct one {
	struct plan_contact c;
	const char *phones[2];
};

static void make(struct one *o, const char *phone)
{
	memset(o, 0, sizeof(*o));
	o->c.id = "c-lefevre";
	o->c.name = "Hélène Lefèvre";
	o->c.title = "Directrice de la Communication";
	o->c.email = "helene.lefevre@example.fr";
	o->c.org = "internal";
	o->phones[0] = phone;
	o->phones[1] = "+33 1 99 00 10 01";
	o->c.phones.ids = o->phones;
	o->c.phones.nr = 2;
}

static void match_name_without_accents_or_case(void **state)
{
	struct one o;
	(void)state;
	make(&o, "+33 6 12 34 56 78");
	assert_true(directory_match(&o.c, "helene"));
	assert_true(directory_match(&o.c, "LEFEVRE"));
	assert_true(directory_match(&o.c, "Hélène Lef"));
	assert_false(directory_match(&o.c, "Hélèna"));
}

static void match_title_and_email(void **state)
{
	struct one o;
	(void)state;
	make(&o, "+33 6 12 34 56 78");
	assert_true(directory_match(&o.c, "communication"));
	assert_true(directory_match(&o.c, "@example.fr"));
	assert_true(directory_match(&o.c, "helene.lefevre@"));
	assert_false(directory_match(&o.c, "@example.com"));
}

static void match_phone_digits(void **state)
{
	struct one o;
	(void)state;
	make(&o, "+33 6 12 34 56 78");
	/* Whatever separates the digits. */
	assert_true(directory_match(&o.c, "+33 6 12 34"));
	assert_true(directory_match(&o.c, "+33612345678"));
	assert_true(directory_match(&o.c, "34.56.78"));
	assert_true(directory_match(&o.c, "(6) 12-34"));
	/* The second number too. */
	assert_true(directory_match(&o.c, "99 00 10"));
	assert_false(directory_match(&o.c, "+33 6 12 34 56 79"));
}

static void match_national_number(void **state)
{
	struct one o;
	(void)state;
	make(&o, "+33 6 12 34 56 78");
	assert_true(directory_match(&o.c, "06 12 34 56 78"));
	assert_true(directory_match(&o.c, "0612345678"));
	assert_true(directory_match(&o.c, "01 99 00 10 01"));
	assert_false(directory_match(&o.c, "07 12 34 56 78"));
}

static void match_short_or_mixed_text_is_no_phone(void **state)
{
	struct one o;
	(void)state;
	make(&o, "+33 6 12 34 56 78");
	/* Fewer than 4 digits, or letters: not a phone number. */
	assert_false(directory_match(&o.c, "612"));
	assert_false(directory_match(&o.c, "6 12 x"));
	assert_false(directory_match(&o.c, "tel 0612345678"));
}

/*
 * The leading 0 of a national number stands for the country code: the
 * rest must follow it, not appear anywhere ("06 12 34" does not find
 * "+33 1 99 61 23 40", whose digits hold "61234").
 */
static void match_national_number_after_the_country_code(void **state)
{
	struct one o;
	(void)state;
	make(&o, "+33 1 99 61 23 40");
	o.c.phones.nr = 1;
	assert_false(directory_match(&o.c, "06 12 34"));
}

/* ---- a workspace ---- */

#define SHARED \
	"format: crisis/v1\n" \
	"kind: contacts\n" \
	"contacts:\n" \
	"  - id: c-shared\n" \
	"    name: Sam Shared\n" \
	"    phones: [\"+33 6 00 00 00 09\"]\n" \
	"  - id: c-idle\n" \
	"    name: Ivy Idle\n"

#define PLAN_HEAD(id, owner) \
	"format: crisis/v1\n" \
	"kind: pca\n" \
	"id: " id "\n" \
	"title: Plan " id "\n" \
	"owner: " owner "\n" \
	"status: approved\n" \
	"review:\n" \
	"  every: P12M\n" \
	"  last: 2026-06-01\n"

#define PLAN_A PLAN_HEAD("a", "c-shared") \
	"contacts:\n" \
	"  - id: c-a\n" \
	"    name: Alice Martin\n" \
	"    phones: [\"+33 6 12 34 56 78\"]\n" \
	"  - id: c-dup\n" \
	"    name: Dan Dupont\n" \
	"    phones: [\"+33 6 00 00 00 01\"]\n" \
	"  - id: c-same\n" \
	"    name: Sue Same\n" \
	"cell:\n" \
	"  - id: pilote\n" \
	"    group: orchestrator\n" \
	"    holder: c-a\n" \
	"    deputy: c-shared\n" \
	"escalation:\n" \
	"  - level: 1\n" \
	"    within: PT15M\n" \
	"    notify: [pilote, c-same]\n"

/* c-dup is another Dan here; c-same is the same Sue. */
#define PLAN_B PLAN_HEAD("b", "c-b") \
	"contacts:\n" \
	"  - id: c-b\n" \
	"    name: Bob\n" \
	"  - id: c-dup\n" \
	"    name: Dan Dupont\n" \
	"    phones: [\"+33 6 00 00 00 02\"]\n" \
	"  - id: c-same\n" \
	"    name: Sue Same\n"

struct fixture {
	char root[64];		/* ends in '/' */
	struct validator v;
	struct diag_file *shared_f;
	struct directory d;
	bool loaded;
};

static void write_file(struct fixture *fx, const char *name, const char *text)
{
	struct buf path = BUF_INIT;
	buf_addf(&path, "%s%s", fx->root, name);
	int fd = open(path.ptr, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	buf_release(&path);
}

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	struct buf plans = BUF_INIT;
	int64_t today;

	strcpy(fx->root, "/tmp/crisis-directory-XXXXXX");
	if (!mkdtemp(fx->root) || date_parse("2026-11-22", &today) < 0 ||
	    validator_init(&fx->v, crisis_kinds(), NULL, NULL, today) < 0) {
		free(fx);
		return -1;
	}
	strcat(fx->root, "/");
	buf_addf(&plans, "%splans", fx->root);
	int ret = mkdir(plans.ptr, 0755);
	buf_release(&plans);
	*state = fx;
	return ret;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	struct buf cmd = BUF_INIT;
	buf_addf(&cmd, "rm -rf '%s'", fx->root);
	int ret = system(cmd.ptr);
	buf_release(&cmd);
	if (fx->loaded)
		directory_release(&fx->d);
	diag_file_free(fx->shared_f);
	validator_release(&fx->v);
	free(fx);
	return ret == 0 ? 0 : -1;
}

/* The workspace with contacts.yaml and plans a and b, read. */
static void open_workspace(struct fixture *fx)
{
	write_file(fx, WORKSPACE_CONTACTS, SHARED);
	write_file(fx, "plans/a.yaml", PLAN_A);
	write_file(fx, "plans/b.yaml", PLAN_B);
	assert_int_equal(directory_share(&fx->v, fx->root, NULL, &fx->shared_f), 0);
	assert_non_null(fx->shared_f);
	assert_int_equal(fx->shared_f->errors, 0);
	assert_int_equal(directory_load(&fx->d, &fx->v, fx->root, NULL, NULL, 0), 0);
	fx->loaded = true;
}

static void dump(const struct diag_file *f)
{
	for (size_t i = 0; i < f->nr; i++)
		print_message("# %s:%lu:%lu: %s [%s]\n", f->path, f->items[i].line,
			      f->items[i].column, f->items[i].message, f->items[i].rule);
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
		fail_msg("expected one finding [%s] in %s, got %zu", rule, f->path, count_rule(f, rule));
	}
	for (size_t i = 0; i < f->nr; i++)
		if (!strcmp(f->items[i].rule, rule))
			return &f->items[i];
	return NULL;
}

static void contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("'%s' not in '%s'", part, text);
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

static const struct dir_plan *plan_at(const struct fixture *fx, const char *path)
{
	const struct dir_plan *dp = directory_plan(&fx->d, path);
	assert_non_null(dp);
	return dp;
}

/* Does `dc` have a use in `plan` described exactly as `what`? */
static bool used_as(const struct dir_contact *dc, const char *plan, const char *what)
{
	for (size_t i = 0; i < dc->nr_uses; i++)
		if (!strcmp(dc->uses[i].plan, plan) && !strcmp(dc->uses[i].what, what))
			return true;
	for (size_t i = 0; i < dc->nr_uses; i++)
		print_message("# %s: %s\n", dc->uses[i].plan, dc->uses[i].what);
	return false;
}

static void load_reads_every_plan(void **state)
{
	struct fixture *fx = *state;
	open_workspace(fx);
	assert_int_equal(fx->d.nr_plans, 2);
	/* Paths as shown: relative to the workspace, sorted. */
	assert_string_equal(fx->d.plans[0].path, "plans/a.yaml");
	assert_string_equal(fx->d.plans[1].path, "plans/b.yaml");
	for (size_t i = 0; i < 2; i++) {
		assert_true(plan_of(&fx->d.plans[i].lp));
		if (fx->d.plans[i].f->errors) {
			dump(fx->d.plans[i].f);
			fail_msg("%s has errors", fx->d.plans[i].path);
		}
	}
	assert_non_null(fx->d.shared);
	assert_string_equal(fx->d.shared_path, WORKSPACE_CONTACTS);
}

static void contacts_merged_by_id(void **state)
{
	struct fixture *fx = *state;
	open_workspace(fx);
	/* contacts.yaml's first, then each plan's, each id once. */
	static const char *const ids[] = { "c-shared", "c-idle", "c-a", "c-dup", "c-same", "c-b" };
	assert_int_equal(fx->d.nr, 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(fx->d.contacts[i].c->id, ids[i]);

	const struct dir_contact *dc = directory_get(&fx->d, "c-shared");
	assert_non_null(dc);
	assert_string_equal(dc->file, WORKSPACE_CONTACTS);
	assert_null(dc->plan);
	assert_int_equal(dc->also_defined, 0);

	/* The first plan defining an id keeps it; the others are counted. */
	dc = directory_get(&fx->d, "c-dup");
	assert_string_equal(dc->file, "plans/a.yaml");
	assert_string_equal(dc->plan, "a");
	assert_string_equal(dc->c->phones.ids[0], "+33 6 00 00 00 01");
	assert_int_equal(dc->also_defined, 1);

	dc = directory_get(&fx->d, "c-b");
	assert_string_equal(dc->file, "plans/b.yaml");
	assert_string_equal(dc->plan, "b");
	assert_int_equal(dc->also_defined, 0);
}

static void uses_say_what_names_a_contact(void **state)
{
	struct fixture *fx = *state;
	open_workspace(fx);
	const struct dir_contact *dc = directory_get(&fx->d, "c-shared");
	assert_true(used_as(dc, "a", "owner of the plan"));
	assert_true(used_as(dc, "a", "deputy of cell role 'pilote'"));
	/* A role named by a level names its holder and its deputy. */
	assert_true(used_as(dc, "a", "escalation level 1 (as deputy of cell role 'pilote')"));
	assert_int_equal(dc->nr_uses, 3);

	dc = directory_get(&fx->d, "c-a");
	assert_true(used_as(dc, "a", "escalation level 1 (as holder of cell role 'pilote')"));
	dc = directory_get(&fx->d, "c-b");
	assert_true(used_as(dc, "b", "owner of the plan"));
	assert_int_equal(directory_get(&fx->d, "c-idle")->nr_uses, 0);
}

static void get_and_plan_lookups(void **state)
{
	struct fixture *fx = *state;
	open_workspace(fx);
	assert_null(directory_get(&fx->d, "c-nobody"));
	assert_null(directory_get(&fx->d, NULL));
	/* A plan by its id or by its path. */
	assert_ptr_equal(directory_plan(&fx->d, "b"), &fx->d.plans[1]);
	assert_ptr_equal(directory_plan(&fx->d, "plans/a.yaml"), &fx->d.plans[0]);
	assert_null(directory_plan(&fx->d, "c"));
}

static void suggest_the_closest_id(void **state)
{
	struct fixture *fx = *state;
	open_workspace(fx);
	const char *best = directory_suggest(&fx->d, "c-idel");
	assert_non_null(best);
	assert_string_equal(best, "c-idle");
	best = directory_suggest(&fx->d, "c-shard");
	assert_non_null(best);
	assert_string_equal(best, "c-shared");
	assert_null(directory_suggest(&fx->d, "quelqu-un-d-autre"));
}

static void check_unused_shared_contacts(void **state)
{
	struct fixture *fx = *state;
	size_t before[2];
	open_workspace(fx);
	for (size_t i = 0; i < 2; i++)
		before[i] = count_rule(fx->d.plans[i].f, RULE_CONTACT_UNUSED);
	directory_check(&fx->d, fx->shared_f);
	const struct diag *d = only(fx->shared_f, RULE_CONTACT_UNUSED);
	assert_int_equal(d->line, line_of(SHARED, "  - id: c-idle"));
	assert_int_equal(d->column, 9);
	assert_string_equal(d->message, "contact 'c-idle' is named by no plan of the workspace");
	/* The line is quoted, though the text is no longer attached. */
	assert_non_null(d->source);
	assert_string_equal(d->source, "  - id: c-idle");
	assert_null(fx->shared_f->text);
	/* A plan's own contacts are its rules' to report, not the workspace's. */
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(count_rule(fx->d.plans[i].f, RULE_CONTACT_UNUSED), before[i]);
}

static void check_same_id_defined_differently(void **state)
{
	struct fixture *fx = *state;
	open_workspace(fx);
	directory_check(&fx->d, fx->shared_f);
	/* Reported where the second definition is. */
	const struct dir_plan *a = plan_at(fx, "a"), *b = plan_at(fx, "b");
	assert_int_equal(count_rule(a->f, RULE_DUPLICATE_ID), 0);
	const struct diag *d = only(b->f, RULE_DUPLICATE_ID);
	assert_int_equal(d->line, line_of(PLAN_B, "  - id: c-dup"));
	assert_int_equal(d->column, 9);
	assert_string_equal(d->message, "contact 'c-dup' is also defined, differently, in plans/a.yaml: "
					"keep one (in contacts.yaml, shared by every plan)");
	assert_int_equal(d->severity, SEV_ERROR);
	/* c-same, written the same way twice, is no conflict. */
	assert_null(strstr(d->message, "c-same"));
}

/* Plans c and d each give c-shared two cell roles with no deputy. */
#define ONLY_HOLDER(id) PLAN_HEAD(id, "c-shared") \
	"cell:\n" \
	"  - id: " id "-lead\n" \
	"    group: orchestrator\n" \
	"    holder: c-shared\n" \
	"  - id: " id "-comms\n" \
	"    group: communicator\n" \
	"    holder: c-shared\n"

static void check_only_holder_across_plans(void **state)
{
	struct fixture *fx = *state;
	write_file(fx, "plans/c.yaml", ONLY_HOLDER("c"));
	write_file(fx, "plans/d.yaml", ONLY_HOLDER("d"));
	open_workspace(fx);
	directory_check(&fx->d, fx->shared_f);
	/* Four roles nobody else can take, more than 3: at the contact, in contacts.yaml. */
	const struct diag *d = only(fx->shared_f, RULE_SINGLE_POINT_OF_FAILURE);
	assert_int_equal(d->line, line_of(SHARED, "  - id: c-shared"));
	assert_int_equal(d->column, 9);
	contains(d->message, "'c-shared' is the only holder, with no deputy, of 4 cell roles");
	contains(d->message, "more than 3");
	/* Within one plan, two such roles are under the threshold: nothing there. */
	assert_int_equal(count_rule(plan_at(fx, "c")->f, RULE_SINGLE_POINT_OF_FAILURE), 0);
}

static void check_only_holder_in_one_plan_is_the_plan_rule(void **state)
{
	struct fixture *fx = *state;
	/* Four deputy-less roles in one plan: the plan's rule reports them, not the workspace. */
	write_file(fx, "plans/c.yaml", ONLY_HOLDER("c")
		   "  - id: c-ops\n    group: operator\n    holder: c-shared\n"
		   "  - id: c-it\n    group: expert\n    holder: c-shared\n");
	open_workspace(fx);
	directory_check(&fx->d, fx->shared_f);
	assert_int_equal(count_rule(fx->shared_f, RULE_SINGLE_POINT_OF_FAILURE), 0);
	assert_int_equal(count_rule(plan_at(fx, "c")->f, RULE_SINGLE_POINT_OF_FAILURE), 1);
}

static void check_without_shared_contacts(void **state)
{
	struct fixture *fx = *state;
	write_file(fx, "plans/a.yaml", PLAN_A);
	write_file(fx, "plans/b.yaml", PLAN_B);
	/* No contacts.yaml is no error, and nothing is shared. */
	assert_int_equal(directory_share(&fx->v, fx->root, NULL, &fx->shared_f), 0);
	assert_null(fx->shared_f);
	assert_null(validator_shared(&fx->v));
	assert_int_equal(directory_load(&fx->d, &fx->v, fx->root, NULL, NULL, 0), 0);
	fx->loaded = true;
	assert_null(fx->d.shared);
	/* c-shared is now nobody: plan a does not validate. */
	assert_false((plan_of(&plan_at(fx, "plans/a.yaml")->lp) != NULL));
	assert_true((plan_of(&plan_at(fx, "b")->lp) != NULL));
	assert_null(directory_get(&fx->d, "c-shared"));
	/* Its contacts are still listed, but what it names is unknown. */
	const struct dir_contact *dc = directory_get(&fx->d, "c-a");
	assert_non_null(dc);
	assert_string_equal(dc->file, "plans/a.yaml");
	assert_int_equal(dc->nr_uses, 0);
	/* Its definitions still conflict with the other plans'. */
	directory_check(&fx->d, NULL);
	contains(only(plan_at(fx, "b")->f, RULE_DUPLICATE_ID)->message, "in plans/a.yaml");
}

static void unreadable_plan_hides_unused(void **state)
{
	struct fixture *fx = *state;
	write_file(fx, "plans/c.yaml", "format: crisis/v1\nkind: [pca\n");
	open_workspace(fx);
	assert_int_equal(fx->d.nr_plans, 3);
	assert_false((plan_of(&plan_at(fx, "plans/c.yaml")->lp) != NULL));
	/* c.yaml might name c-idle: it is not reported. */
	directory_check(&fx->d, fx->shared_f);
	assert_int_equal(count_rule(fx->shared_f, RULE_CONTACT_UNUSED), 0);
	/* The conflict between a and b still is. */
	only(plan_at(fx, "b")->f, RULE_DUPLICATE_ID);
}

static void invalid_shared_contacts(void **state)
{
	struct fixture *fx = *state;
	write_file(fx, WORKSPACE_CONTACTS, "format: crisis/v1\nkind: contacts\ncontacts:\n  - id: Bad Id\n");
	assert_int_equal(directory_share(&fx->v, fx->root, NULL, &fx->shared_f), -1);
	assert_non_null(fx->shared_f);
	assert_string_equal(fx->shared_f->path, WORKSPACE_CONTACTS);
	assert_true(fx->shared_f->errors >= 1);
	assert_null(validator_shared(&fx->v));
}

static void load_named_plans_only(void **state)
{
	struct fixture *fx = *state;
	struct buf path = BUF_INIT;
	write_file(fx, WORKSPACE_CONTACTS, SHARED);
	write_file(fx, "plans/a.yaml", PLAN_A);
	write_file(fx, "plans/b.yaml", PLAN_B);
	assert_int_equal(directory_share(&fx->v, fx->root, NULL, &fx->shared_f), 0);
	buf_addf(&path, "%splans/b.yaml", fx->root);
	char *paths[] = { path.ptr };
	assert_int_equal(directory_load(&fx->d, &fx->v, fx->root, NULL, paths, 1), 0);
	fx->loaded = true;
	assert_int_equal(fx->d.nr_plans, 1);
	/* A path given is shown as given. */
	assert_string_equal(fx->d.plans[0].path, path.ptr);
	assert_true(plan_of(&fx->d.plans[0].lp));
	/* b's c-dup is the only one now. */
	assert_string_equal(directory_get(&fx->d, "c-dup")->plan, "b");
	assert_null(directory_get(&fx->d, "c-a"));
	buf_release(&path);
}

static void workspace_without_plans(void **state)
{
	struct fixture *fx = *state;
	struct buf path = BUF_INIT;
	/* Without plans/, a workspace has no plans, and that is no error. */
	buf_addf(&path, "%splans", fx->root);
	assert_int_equal(rmdir(path.ptr), 0);
	assert_int_equal(directory_load(&fx->d, &fx->v, fx->root, NULL, NULL, 0), 0);
	fx->loaded = true;
	assert_int_equal(fx->d.nr_plans, 0);
	assert_int_equal(fx->d.nr, 0);
	buf_release(&path);
}

static void json_says_where_and_by_whom(void **state)
{
	struct fixture *fx = *state;
	struct buf out = BUF_INIT;
	open_workspace(fx);
	const struct plan_contact *cs[] = { directory_get(&fx->d, "c-a")->c,
					    directory_get(&fx->d, "c-idle")->c };
	export_json(&out, &fx->d, cs, 2, false);
	assert_non_null(strstr(out.ptr, "\"defined_in\": \"plans/a.yaml\", \"used_by\": ["
					"{\"plan\": \"a\", \"as\": \"holder of cell role 'pilote'\"}, "
					"{\"plan\": \"a\", \"as\": \"escalation level 1 (as holder of cell role 'pilote')\"}]}"));
	assert_non_null(strstr(out.ptr, "\"defined_in\": \"contacts.yaml\", \"used_by\": []}"));
	buf_release(&out);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static void import_leaves_plans_their_contacts_and_roles(void **state)
{
	static const char csv[] =
		"id,name,phones\n"
		",Alice M.,+33 6 12 34 56 78\n"	/* c-a of plan a, by her phone */
		"pilote,Pierre Pilote,+33 6 00 00 00 50\n"	/* a cell role's id */
		"new-one,Nina New,+33 6 00 00 00 51\n";
	struct fixture *fx = *state;
	struct import im = { 0 };
	struct merge_screen screen;
	open_workspace(fx);
	assert_int_equal(import_csv(&im, csv, strlen(csv), NULL), 0);
	assert_int_equal(im.nr, 3);

	merge_screen(&screen, &im, &fx->d);
	/* Alice stays in her plan: left out, with a note that says where she is. */
	assert_int_equal(im.nr, 2);
	assert_int_equal(screen.nr, 2);
	assert_false(screen.notes[0].refused);
	assert_int_equal(screen.notes[0].line, 2);
	contains(screen.notes[0].text, "'c-a' is defined in plans/a.yaml");
	/* 'pilote' is a cell role: refused. */
	assert_true(screen.notes[1].refused);
	assert_int_equal(screen.notes[1].line, 3);
	contains(screen.notes[1].text, "id 'pilote' is already a cell role of plans/a.yaml");
	assert_int_equal(screen.refused, 1);
	/* Only the new contact is left to merge, and new ids avoid what plans hold. */
	merge_drop_refused(&screen, &im);
	assert_int_equal(im.nr, 1);
	assert_string_equal(im.recs[0].id, "new-one");
	assert_non_null(strmap_get(&screen.taken, "c-dup"));
	assert_non_null(strmap_get(&screen.taken, "pilote"));
	assert_null(strmap_get(&screen.taken, "c-shared"));
	merge_screen_release(&screen);
	import_release(&im);
}

TEST_MAIN(
	cmocka_unit_test_setup_teardown(import_leaves_plans_their_contacts_and_roles, setup, teardown),
	cmocka_unit_test(match_name_without_accents_or_case),
	cmocka_unit_test(match_title_and_email),
	cmocka_unit_test(match_phone_digits),
	cmocka_unit_test(match_national_number),
	cmocka_unit_test(match_short_or_mixed_text_is_no_phone),
	cmocka_unit_test(match_national_number_after_the_country_code),
	T(load_reads_every_plan),
	T(contacts_merged_by_id),
	T(uses_say_what_names_a_contact),
	T(get_and_plan_lookups),
	T(suggest_the_closest_id),
	T(check_unused_shared_contacts),
	T(check_same_id_defined_differently),
	T(check_only_holder_across_plans),
	T(check_only_holder_in_one_plan_is_the_plan_rule),
	T(check_without_shared_contacts),
	T(unreadable_plan_hides_unused),
	T(invalid_shared_contacts),
	T(load_named_plans_only),
	T(workspace_without_plans),
	T(json_says_where_and_by_whom),
)
