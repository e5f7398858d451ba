#include "unit.h"
#include "check/diag.h"
#include "check/doc.h"
#include "check/load.h"
#include "plan/plan.h"
#include "check/rule.h"
#include "check/schema.h"
#include "util/strmap.h"

#include <string.h>

static const char text[] =
	"format: crisis/v1\n"
	"kind: pra\n"
	"id: it-recovery\n"
	"title: PRA informatique\n"
	"owner: c-okafor\n"
	"status: approved\n"
	"review:\n"
	"  every: P12M\n"
	"  last: 2026-06-01\n"
	"  approved_by: c-chen\n"
	"exercise:\n"
	"  every: P6M\n"
	"  last: 2024-02-29\n"
	"contacts:\n"
	"  - id: c-okafor\n"
	"    name: Grace Okafor\n"
	"    phones: [\"+33 6 00 00 30 03\", \"+33 1 99 00 30 03\"]\n"
	"    email: g.okafor@example.com\n"
	"    available: 24/7\n"
	"  - id: c-chen\n"
	"    name: Wei Chen\n"
	"    title: RSSI\n"
	"    available: office-hours\n"
	"  - id: c-ir\n"
	"    name: Bastion IR\n"
	"    org: external\n"
	"    phones: [\"+33 1 99 00 40 00\"]\n"
	"    activation:\n"
	"      day: PT1H\n"
	"      night: PT3H\n"
	"cell:\n"
	"  - id: it-lead\n"
	"    group: orchestrator\n"
	"    holder: c-okafor\n"
	"    deputy: c-chen\n"
	"  - id: security-lead\n"
	"    group: expert\n"
	"    holder: c-chen\n"
	"scenarios:\n"
	"  - id: ransomware\n"
	"    title: Ransomware\n"
	"  - id: fire\n"
	"    title: Fire\n"
	"activities:\n"
	"  - id: backup\n"
	"    name: Backups\n"
	"    priority: urgent\n"
	"    owner: it-lead\n"
	"    deputy: c-chen\n"
	"    rto: PT6H\n"
	"    rpo: PT24H\n"
	"    mtpd: P2D\n"
	"  - id: erp\n"
	"    name: ERP\n"
	"    priority: moderate\n"
	"    owner: c-okafor\n"
	"    rto: PT1H30M\n"
	"    depends_on: [backup]\n"
	"escalation:\n"
	"  - level: 1\n"
	"    within: PT15M\n"
	"    notify: [it-lead, c-ir]\n"
	"  - level: 2\n"
	"    within: PT1H\n"
	"    notify: [security-lead]\n"
	"communication:\n"
	"  first_message_within: PT24H\n"
	"procedures:\n"
	"  - id: restore\n"
	"    title: Restore\n"
	"    owner: it-lead\n"
	"    activities: [backup, erp]\n"
	"    steps:\n"
	"      - id: isolate\n"
	"        do: Isolate the network\n"
	"        who: security-lead\n"
	"        within: PT30M\n"
	"      - do: Restore\n"
	"        after: [isolate]\n";

struct built {
	struct doc doc;
	struct plan plan;
};

static void build(struct built *b, const char *yaml)
{
	struct diag_file *f = diag_file_new("t.yaml", unit_severities());
	struct schema *s = schema_builtin(SCHEMA_FILE, NULL);
	memset(b, 0, sizeof(*b));
	assert_non_null(s);
	assert_int_equal(load_yaml(&b->doc, yaml, strlen(yaml), f), 0);
	/* The model is built from documents the schema accepted. */
	assert_int_equal(schema_validate(s, &b->doc, f, NULL), 0);
	assert_int_equal(f->nr, 0);
	plan_build(&b->plan, xmlDocGetRootElement(b->doc.xml));
	schema_free(s);
	diag_file_free(f);
}

static void release(struct built *b)
{
	plan_release(&b->plan);
	doc_release(&b->doc);
}

/* Days since 1970-01-01, counted here independently of isotime.c. */
static int64_t days(int y, int m, int d)
{
	static const int before[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	int64_t n = 0;
	for (int year = 1970; year < y; year++)
		n += (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 366 : 365;
	n += before[m - 1] + d - 1;
	if (m > 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		n++;
	return n;
}

static void plan_fields(void **state)
{
	struct built b;
	(void)state;
	build(&b, text);
	const struct plan *p = &b.plan;

	assert_string_equal(p->kind, "pra");
	assert_string_equal(p->id, "it-recovery");
	assert_string_equal(p->title, "PRA informatique");
	assert_string_equal(p->owner, "c-okafor");
	assert_string_equal(p->status, "approved");
	assert_string_equal(p->approved_by, "c-chen");
	assert_ptr_equal(p->root, xmlDocGetRootElement(b.doc.xml));

	/* A month counts 30 days. */
	assert_int_equal(p->review_every, 12 * 30 * 86400);
	assert_true(p->has_review_last);
	assert_int_equal(p->review_last, days(2026, 6, 1));
	assert_int_equal(p->review_last, 20605);
	assert_true(p->has_exercise);
	assert_int_equal(p->exercise_every, 6 * 30 * 86400);
	assert_true(p->has_exercise_last);
	assert_int_equal(p->exercise_last, days(2024, 2, 29));
	assert_int_equal(p->first_message_within, 24 * 3600);
	assert_int_equal(p->nr_scenarios, 2);
	release(&b);
}

static void contacts_and_roles(void **state)
{
	struct built b;
	(void)state;
	build(&b, text);
	const struct plan *p = &b.plan;

	assert_int_equal(p->nr_contacts, 3);
	const struct plan_contact *okafor = &p->contacts[0];
	assert_string_equal(okafor->id, "c-okafor");
	assert_string_equal(okafor->name, "Grace Okafor");
	assert_string_equal(okafor->email, "g.okafor@example.com");
	assert_null(okafor->title);
	assert_int_equal(okafor->nr_phones, 2);
	assert_int_equal(okafor->available, AVAIL_ALWAYS);
	assert_false(okafor->external);
	assert_int_equal(okafor->activation_day, NO_DURATION);

	const struct plan_contact *chen = plan_contact(p, "c-chen");
	assert_ptr_equal(chen, &p->contacts[1]);
	assert_string_equal(chen->title, "RSSI");
	assert_int_equal(chen->nr_phones, 0);
	assert_int_equal(chen->available, AVAIL_OFFICE_HOURS);

	const struct plan_contact *ir = plan_contact(p, "c-ir");
	assert_true(ir->external);
	assert_int_equal(ir->available, AVAIL_UNKNOWN);
	assert_int_equal(ir->activation_day, 3600);
	assert_int_equal(ir->activation_night, 3 * 3600);
	/* Each item keeps its element, for positions. */
	assert_string_equal(doc_child_text(ir->node, "id"), "c-ir");

	assert_int_equal(p->nr_roles, 2);
	const struct plan_role *lead = plan_role(p, "it-lead");
	assert_non_null(lead);
	assert_string_equal(lead->group, "orchestrator");
	assert_string_equal(lead->holder, "c-okafor");
	assert_string_equal(lead->deputy, "c-chen");
	assert_null(plan_role(p, "security-lead")->deputy);

	/* One lookup per kind: a role is not a contact, nor the reverse. */
	assert_null(plan_contact(p, "it-lead"));
	assert_null(plan_role(p, "c-okafor"));
	assert_null(plan_contact(p, "c-nobody"));
	release(&b);
}

static void activities_levels_procedures(void **state)
{
	struct built b;
	(void)state;
	build(&b, text);
	const struct plan *p = &b.plan;

	assert_int_equal(p->nr_activities, 2);
	const struct plan_activity *backup = plan_activity(p, "backup");
	assert_ptr_equal(backup, &p->activities[0]);
	assert_string_equal(backup->name, "Backups");
	assert_int_equal(backup->priority, PRIO_URGENT);
	assert_string_equal(backup->owner, "it-lead");
	assert_string_equal(backup->deputy, "c-chen");
	assert_int_equal(backup->rto, 6 * 3600);
	assert_int_equal(backup->rpo, 24 * 3600);
	assert_int_equal(backup->mtpd, 2 * 86400);
	assert_int_equal(backup->depends_on.nr, 0);

	const struct plan_activity *erp = plan_activity(p, "erp");
	assert_int_equal(erp->priority, PRIO_MODERATE);
	assert_int_equal(erp->rto, 5400);
	assert_int_equal(erp->rpo, NO_DURATION);
	assert_int_equal(erp->mtpd, NO_DURATION);
	assert_null(erp->deputy);
	assert_int_equal(erp->depends_on.nr, 1);
	assert_string_equal(erp->depends_on.ids[0], "backup");
	assert_string_equal(doc_text(erp->depends_on.nodes[0]), "backup");
	assert_null(plan_activity(p, "it-lead"));

	assert_int_equal(p->nr_levels, 2);
	assert_int_equal(p->levels[0].level, 1);
	assert_int_equal(p->levels[0].within, 900);
	assert_int_equal(p->levels[0].notify.nr, 2);
	assert_string_equal(p->levels[0].notify.ids[1], "c-ir");
	assert_int_equal(p->levels[1].level, 2);
	assert_int_equal(p->levels[1].within, 3600);

	assert_int_equal(p->nr_procedures, 1);
	const struct plan_procedure *pr = &p->procedures[0];
	assert_string_equal(pr->id, "restore");
	assert_string_equal(pr->title, "Restore");
	assert_string_equal(pr->owner, "it-lead");
	assert_int_equal(pr->activities.nr, 2);
	assert_string_equal(pr->activities.ids[1], "erp");
	assert_int_equal(pr->nr_steps, 2);
	assert_string_equal(pr->steps[0].id, "isolate");
	assert_string_equal(pr->steps[0].what, "Isolate the network");
	assert_string_equal(pr->steps[0].who, "security-lead");
	assert_int_equal(pr->steps[0].within, 1800);
	assert_int_equal(pr->steps[0].after.nr, 0);
	assert_null(pr->steps[1].id);
	assert_null(pr->steps[1].who);
	assert_int_equal(pr->steps[1].within, NO_DURATION);
	assert_int_equal(pr->steps[1].after.nr, 1);
	assert_string_equal(pr->steps[1].after.ids[0], "isolate");
	release(&b);
}

static void a_minimal_plan(void **state)
{
	static const char minimal[] =
		"format: crisis/v1\n"
		"kind: pca\n"
		"id: small\n"
		"title: Small\n"
		"owner: c-a\n"
		"status: draft\n"
		"review:\n"
		"  every: P1Y\n"
		"contacts:\n"
		"  - id: c-a\n"
		"    name: A\n";
	struct built b;
	(void)state;
	build(&b, minimal);
	const struct plan *p = &b.plan;
	assert_string_equal(p->kind, "pca");
	assert_int_equal(p->review_every, 365 * 86400);
	assert_false(p->has_review_last);
	assert_null(p->approved_by);
	assert_false(p->has_exercise);
	assert_false(p->has_exercise_last);
	assert_int_equal(p->exercise_every, NO_DURATION);
	assert_int_equal(p->first_message_within, NO_DURATION);
	assert_int_equal(p->nr_roles, 0);
	assert_int_equal(p->nr_activities, 0);
	assert_int_equal(p->nr_levels, 0);
	assert_int_equal(p->nr_procedures, 0);
	assert_int_equal(p->nr_scenarios, 0);
	assert_null(plan_role(p, "x"));
	assert_null(plan_activity(p, "x"));
	assert_non_null(plan_contact(p, "c-a"));

	plan_release(&b.plan);
	assert_int_equal(b.plan.nr_contacts, 0);
	assert_null(b.plan.contacts);
	doc_release(&b.doc);
}

static void next_review_and_exercise(void **state)
{
	struct strmap runs = STRMAP_INIT;
	struct rule_env env = { .exercises = &runs };
	int64_t last = -1, due = -1;
	struct built b;
	(void)state;
	build(&b, text);
	const struct plan *p = &b.plan;

	assert_true(plan_next_review(p, &due));
	assert_int_equal(due, days(2027, 6, 1));
	/* 29 February plus six months. */
	assert_true(plan_next_exercise(p, NULL, &last, &due));
	assert_int_equal(last, days(2024, 2, 29));
	assert_int_equal(due, days(2024, 8, 29));
	/* A later drill run is the last exercise; an earlier one is not. */
	strmap_put(&runs, "it-recovery", "2025-01-10");
	assert_true(plan_next_exercise(p, &env, &last, &due));
	assert_int_equal(last, days(2025, 1, 10));
	assert_int_equal(due, days(2025, 7, 10));
	strmap_put(&runs, "it-recovery", "2023-05-02");
	assert_true(plan_next_exercise(p, &env, &last, &due));
	assert_int_equal(last, days(2024, 2, 29));
	release(&b);

	/* No review.last: never reviewed. No exercise.last: a drill run is the last exercise. */
	char *no_review = replaced(text, "  last: 2026-06-01\n", "");
	build(&b, no_review);
	p = &b.plan;
	assert_false(plan_next_review(p, &due));
	release(&b);
	free(no_review);
	char *no_last = replaced(text, "exercise:\n  every: P6M\n  last: 2024-02-29\n", "exercise:\n  every: P6M\n");
	build(&b, no_last);
	p = &b.plan;
	assert_false(plan_next_exercise(p, NULL, &last, &due));
	strmap_put(&runs, "it-recovery", "2026-03-31");
	assert_true(plan_next_exercise(p, &env, &last, &due));
	/* 31 March plus six months: the last day of September. */
	assert_int_equal(due, days(2026, 9, 30));
	release(&b);
	free(no_last);
	strmap_release(&runs);
}

TEST_MAIN(
	cmocka_unit_test(plan_fields),
	cmocka_unit_test(contacts_and_roles),
	cmocka_unit_test(activities_levels_procedures),
	cmocka_unit_test(a_minimal_plan),
	cmocka_unit_test(next_review_and_exercise),
)
