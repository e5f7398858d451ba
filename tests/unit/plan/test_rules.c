#include "unit.h"
#include "kinds.h"
#include "plan/rules.h"
#include "util/buf.h"
#include "check/config.h"
#include "check/diag.h"
#include "check/doc.h"
#include "util/date.h"
#include "check/load.h"
#include "plan/plan.h"
#include "check/rule.h"
#include "check/schema.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TODAY "2026-11-22"

/* Lines 1-6. */
#define TOP \
	"format: crisis/v1\n" \
	"kind: pca\n" \
	"id: t\n" \
	"title: Test\n" \
	"owner: c-a\n" \
	"status: approved\n"
#define REVIEW_OK \
	"review:\n" \
	"  every: P12M\n" \
	"  last: 2026-06-01\n"
#define EXERCISE_OK \
	"exercise:\n" \
	"  every: P12M\n" \
	"  last: 2026-06-01\n"
/* c-a and c-b answer at any hour, c-c in office hours only. */
#define CONTACTS \
	"contacts:\n" \
	"  - id: c-a\n" \
	"    name: Alice\n" \
	"    phones: [\"+33 6 00 00 00 01\"]\n" \
	"    available: 24/7\n" \
	"  - id: c-b\n" \
	"    name: Bob\n" \
	"    phones: [\"+33 6 00 00 00 02\"]\n" \
	"    available: 24/7\n" \
	"  - id: c-c\n" \
	"    name: Carol\n" \
	"    phones: [\"+33 6 00 00 00 03\"]\n" \
	"    available: office-hours\n"
#define HEAD TOP REVIEW_OK EXERCISE_OK CONTACTS

struct result {
	struct doc doc;
	struct plan plan;
	struct diag_file *f;
	const char *text;
};

static void dump(const struct diag_file *f)
{
	for (size_t i = 0; i < f->nr; i++)
		print_message("# %lu:%lu: %s [%s]\n", f->items[i].line, f->items[i].column,
			      f->items[i].message, f->items[i].rule);
}

/* The rules of a plan, as the pipeline runs them. */
static void run_rules(struct rule_ctx *ctx)
{
	for (const struct rule *const *rule = plan_kind_pca.rules; *rule; rule++)
		if ((*rule)->check)
			(*rule)->check(ctx);
}

static void run_with(struct result *r, const char *text, const struct config *cfg)
{
	struct schema *s = schema_builtin(SCHEMA_FILE, NULL);
	int64_t today;

	memset(r, 0, sizeof(*r));
	r->text = text;
	r->f = diag_file_new("t.yaml", cfg ? config_severities(cfg) : unit_severities());
	diag_file_set_text(r->f, text, strlen(text));
	assert_non_null(s);
	assert_int_equal(date_parse(TODAY, &today), 0);
	if (load_yaml(&r->doc, text, strlen(text), r->f) < 0 ||
	    schema_validate(s, &r->doc, r->f, NULL) != 0) {
		dump(r->f);
		fail_msg("the test plan is not valid");
	}
	schema_free(s);
	assert_int_equal(r->f->nr, 0);
	plan_build(&r->plan, xmlDocGetRootElement(r->doc.xml));
	struct rule_ctx ctx = {
		.model = &r->plan, .f = r->f, .config = cfg, .today = today,
	};
	run_rules(&ctx);
}

/*
 * The test plans give their contacts no use: contact-unused is off but in
 * its own test, so that each test sees the findings of its rule alone.
 */
static void config_unused_off(struct config *cfg)
{
	config_init(cfg, &crisis_kinds()->rules);
	diag_severities_set(&cfg->severities, RULE_CONTACT_UNUSED, SEV_OFF);
}

static void run(struct result *r, const char *text)
{
	struct config cfg;
	config_unused_off(&cfg);
	run_with(r, text, &cfg);
	r->f->severities = NULL;	/* cfg goes out of scope */
	config_release(&cfg);
}

static void release(struct result *r)
{
	plan_release(&r->plan);
	doc_release(&r->doc);
	diag_file_free(r->f);
}

static size_t count(const struct result *r, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < r->f->nr; i++)
		n += !strcmp(r->f->items[i].rule, rule);
	return n;
}

/* The one finding of `rule`. */
static const struct diag *only(const struct result *r, const char *rule)
{
	const struct diag *found = NULL;
	for (size_t i = 0; i < r->f->nr; i++)
		if (!strcmp(r->f->items[i].rule, rule))
			found = &r->f->items[i];
	if (!found || count(r, rule) != 1) {
		dump(r->f);
		fail_msg("expected one finding [%s], got %zu", rule, count(r, rule));
	}
	return found;
}

/* A fixed plan has no finding at all. */
static void clean(const struct result *r)
{
	if (r->f->nr) {
		dump(r->f);
		fail_msg("expected no findings, got %zu", r->f->nr);
	}
}

/* 1-based line and column of the n-th (from 1) occurrence of `needle`. */
static void pos_of(const char *text, const char *needle, int n,
		   unsigned long *line, unsigned long *col)
{
	const char *p = text;
	for (;;) {
		p = strstr(p, needle);
		assert_non_null(p);
		if (--n == 0)
			break;
		p++;
	}
	const char *start = p;
	while (start > text && start[-1] != '\n')
		start--;
	*line = 1;
	for (const char *q = text; q < start; q++)
		*line += *q == '\n';
	*col = (unsigned long)(p - start) + 1;
}

/* The finding is at the n-th occurrence of `value` in the text. */
static void assert_at_nth(const struct result *r, const struct diag *d, const char *value, int n)
{
	unsigned long line, col;
	pos_of(r->text, value, n, &line, &col);
	assert_int_equal(d->line, line);
	assert_int_equal(d->column, col);
}

static void assert_at(const struct result *r, const struct diag *d, const char *value)
{
	assert_at_nth(r, d, value, 1);
}

static void the_head_is_clean(void **state)
{
	struct result r;
	(void)state;
	run(&r, HEAD);
	clean(&r);
	release(&r);
}

static void rto_exceeds_mtpd(void **state)
{
	struct result r;
	(void)state;
	run(&r, HEAD
	    "activities:\n"
	    "  - id: billing\n"
	    "    name: Billing\n"
	    "    priority: moderate\n"
	    "    owner: c-a\n"
	    "    rto: P3D\n"
	    "    mtpd: P2D\n");
	const struct diag *d = only(&r, RULE_RTO_EXCEEDS_MTPD);
	assert_at(&r, d, "P3D");
	assert_int_equal(d->severity, SEV_ERROR);
	assert_string_equal(d->path, "activities[0].rto");
	assert_non_null(strstr(d->message, "'billing'"));
	assert_non_null(strstr(d->message, "P2D"));
	assert_int_equal(r.f->nr, 1);
	release(&r);

	/* Equal is fine: back just in time. */
	run(&r, HEAD
	    "activities:\n"
	    "  - id: billing\n"
	    "    name: Billing\n"
	    "    priority: moderate\n"
	    "    owner: c-a\n"
	    "    rto: PT48H\n"
	    "    mtpd: P2D\n");
	clean(&r);
	release(&r);
}

static void dependency_slower(void **state)
{
	struct result r;
	(void)state;
	run(&r, HEAD
	    "activities:\n"
	    "  - id: orders\n"
	    "    name: Orders\n"
	    "    priority: moderate\n"
	    "    owner: c-a\n"
	    "    rto: PT4H\n"
	    "    depends_on: [network, mail]\n"
	    "  - id: network\n"
	    "    name: Network\n"
	    "    priority: moderate\n"
	    "    owner: c-b\n"
	    "    rto: PT2H\n"
	    "  - id: mail\n"
	    "    name: Mail\n"
	    "    priority: low\n"
	    "    owner: c-b\n"
	    "    rto: P1D\n");
	const struct diag *d = only(&r, RULE_DEPENDENCY_SLOWER);
	assert_at(&r, d, "mail]");
	assert_int_equal(d->severity, SEV_WARNING);
	assert_string_equal(d->path, "activities[0].depends_on[1]");
	assert_non_null(strstr(d->message, "'orders'"));
	assert_non_null(strstr(d->message, "'mail'"));
	assert_int_equal(r.f->nr, 1);
	release(&r);

	run(&r, HEAD
	    "activities:\n"
	    "  - id: orders\n"
	    "    name: Orders\n"
	    "    priority: moderate\n"
	    "    owner: c-a\n"
	    "    rto: PT4H\n"
	    "    depends_on: [network, mail]\n"
	    "  - id: network\n"
	    "    name: Network\n"
	    "    priority: moderate\n"
	    "    owner: c-b\n"
	    "    rto: PT2H\n"
	    "  - id: mail\n"
	    "    name: Mail\n"
	    "    priority: low\n"
	    "    owner: c-b\n"
	    "    rto: PT4H\n");
	clean(&r);
	release(&r);
}

static void dependency_cycle(void **state)
{
	struct result r;
	(void)state;
	run(&r, HEAD
	    "activities:\n"
	    "  - id: orders\n"
	    "    name: Orders\n"
	    "    priority: moderate\n"
	    "    owner: c-a\n"
	    "    depends_on: [stock]\n"
	    "  - id: stock\n"
	    "    name: Stock\n"
	    "    priority: moderate\n"
	    "    owner: c-a\n"
	    "    depends_on: [orders]\n");
	const struct diag *d = only(&r, RULE_DEPENDENCY_CYCLE);
	/* Reported on the reference that closes the loop. */
	assert_at(&r, d, "orders]");
	assert_int_equal(d->severity, SEV_ERROR);
	assert_string_equal(d->path, "activities[1].depends_on[0]");
	assert_int_equal(r.f->nr, 1);
	release(&r);

	run(&r, HEAD
	    "activities:\n"
	    "  - id: orders\n"
	    "    name: Orders\n"
	    "    priority: moderate\n"
	    "    owner: c-a\n"
	    "    depends_on: [orders]\n");
	d = only(&r, RULE_DEPENDENCY_CYCLE);
	assert_at(&r, d, "orders]");
	release(&r);

	/* A diamond is no cycle. */
	run(&r, HEAD
	    "activities:\n"
	    "  - id: top\n"
	    "    name: Top\n"
	    "    priority: moderate\n"
	    "    owner: c-a\n"
	    "    depends_on: [left, right]\n"
	    "  - id: left\n"
	    "    name: Left\n"
	    "    priority: moderate\n"
	    "    owner: c-a\n"
	    "    depends_on: [base]\n"
	    "  - id: right\n"
	    "    name: Right\n"
	    "    priority: moderate\n"
	    "    owner: c-a\n"
	    "    depends_on: [base]\n"
	    "  - id: base\n"
	    "    name: Base\n"
	    "    priority: moderate\n"
	    "    owner: c-a\n");
	clean(&r);
	release(&r);
}

/* Steps in two branches after s1, joined by s4: the longest chain is 5 h, not 7. */
#define BRANCHES(rto) HEAD \
	"activities:\n" \
	"  - id: billing\n" \
	"    name: Billing\n" \
	"    priority: moderate\n" \
	"    owner: c-a\n" \
	"    rto: " rto "\n" \
	"procedures:\n" \
	"  - id: restore\n" \
	"    title: Restore billing\n" \
	"    activities: [billing]\n" \
	"    steps:\n" \
	"      - id: s1\n" \
	"        do: Assess\n" \
	"        within: PT1H\n" \
	"      - id: s2\n" \
	"        do: Restore the database\n" \
	"        within: PT2H\n" \
	"        after: [s1]\n" \
	"      - id: s3\n" \
	"        do: Rebuild the servers\n" \
	"        within: PT3H\n" \
	"        after: [s1]\n" \
	"      - id: s4\n" \
	"        do: Reopen\n" \
	"        within: PT1H\n" \
	"        after: [s2, s3]\n"

static void procedure_exceeds_rto(void **state)
{
	struct result r;
	(void)state;
	run(&r, BRANCHES("PT4H"));
	const struct diag *d = only(&r, RULE_PROCEDURE_EXCEEDS_RTO);
	assert_at(&r, d, "billing]");
	assert_int_equal(d->severity, SEV_WARNING);
	assert_string_equal(d->path, "procedures[0].activities[0]");
	assert_non_null(strstr(d->message, "'restore'"));
	assert_non_null(strstr(d->message, "5 h"));
	assert_non_null(strstr(d->message, "PT4H"));
	assert_int_equal(r.f->nr, 1);
	release(&r);

	/* Parallel branches do not add up. */
	run(&r, BRANCHES("PT5H"));
	clean(&r);
	release(&r);
	run(&r, BRANCHES("PT6H"));
	clean(&r);
	release(&r);
}

#define SEQUENCE(rto) HEAD \
	"activities:\n" \
	"  - id: billing\n" \
	"    name: Billing\n" \
	"    priority: moderate\n" \
	"    owner: c-a\n" \
	"    rto: " rto "\n" \
	"procedures:\n" \
	"  - id: restore\n" \
	"    title: Restore billing\n" \
	"    activities: [billing]\n" \
	"    steps:\n" \
	"      - do: One\n" \
	"        within: PT1H\n" \
	"      - do: Two\n" \
	"        within: PT2H\n" \
	"      - do: Three\n" \
	"        within: PT3H\n"

/* Without `after`, a step follows the previous one. */
static void procedure_steps_follow_each_other(void **state)
{
	struct result r;
	(void)state;
	run(&r, SEQUENCE("PT5H"));
	const struct diag *d = only(&r, RULE_PROCEDURE_EXCEEDS_RTO);
	assert_non_null(strstr(d->message, "6 h"));
	release(&r);
	run(&r, SEQUENCE("PT6H"));
	clean(&r);
	release(&r);
}

static void step_cycle(void **state)
{
	struct result r;
	(void)state;
	run(&r, HEAD
	    "activities:\n"
	    "  - id: billing\n"
	    "    name: Billing\n"
	    "    priority: moderate\n"
	    "    owner: c-a\n"
	    "    rto: PT1H\n"
	    "procedures:\n"
	    "  - id: restore\n"
	    "    title: Restore\n"
	    "    activities: [billing]\n"
	    "    steps:\n"
	    "      - id: a\n"
	    "        do: A\n"
	    "        within: PT2H\n"
	    "        after: [b]\n"
	    "      - id: b\n"
	    "        do: B\n"
	    "        within: PT2H\n"
	    "        after: [a]\n");
	const struct diag *d = only(&r, RULE_STEP_CYCLE);
	assert_at(&r, d, "after: [b]");
	assert_int_equal(d->severity, SEV_ERROR);
	assert_string_equal(d->path, "procedures[0].steps[0].after");
	assert_non_null(strstr(d->message, "'restore'"));
	/* No length is claimed for a procedure that cannot finish. */
	assert_int_equal(count(&r, RULE_PROCEDURE_EXCEEDS_RTO), 0);
	assert_int_equal(r.f->nr, 1);
	release(&r);

	/* The implicit "after the previous step" closes a loop too. */
	run(&r, HEAD
	    "procedures:\n"
	    "  - id: restore\n"
	    "    title: Restore\n"
	    "    steps:\n"
	    "      - id: a\n"
	    "        do: A\n"
	    "        after: [b]\n"
	    "      - id: b\n"
	    "        do: B\n");
	d = only(&r, RULE_STEP_CYCLE);
	assert_at(&r, d, "after: [b]");
	release(&r);

	run(&r, HEAD
	    "procedures:\n"
	    "  - id: restore\n"
	    "    title: Restore\n"
	    "    steps:\n"
	    "      - id: a\n"
	    "        do: A\n"
	    "      - id: c\n"
	    "        do: C\n"
	    "        after: [b]\n"
	    "      - id: b\n"
	    "        do: B\n"
	    "        after: [a]\n");
	clean(&r);
	release(&r);
}

static void holder_is_deputy(void **state)
{
	struct result r;
	(void)state;
	run(&r, HEAD
	    "cell:\n"
	    "  - id: lead\n"
	    "    group: orchestrator\n"
	    "    holder: c-a\n"
	    "    deputy: c-a\n"
	    "activities:\n"
	    "  - id: billing\n"
	    "    name: Billing\n"
	    "    priority: high\n"
	    "    owner: c-b\n"
	    "    deputy: c-b\n");
	assert_int_equal(count(&r, RULE_HOLDER_IS_DEPUTY), 2);
	const struct diag *d = &r.f->items[0];
	assert_string_equal(d->rule, RULE_HOLDER_IS_DEPUTY);
	assert_at(&r, d, "c-a\nactivities");
	assert_string_equal(d->path, "cell[0].deputy");
	assert_int_equal(d->severity, SEV_ERROR);
	d = &r.f->items[1];
	assert_string_equal(d->rule, RULE_HOLDER_IS_DEPUTY);
	assert_at_nth(&r, d, "c-b", 3);
	assert_string_equal(d->path, "activities[0].deputy");
	assert_int_equal(r.f->nr, 2);
	release(&r);

	run(&r, HEAD
	    "cell:\n"
	    "  - id: lead\n"
	    "    group: orchestrator\n"
	    "    holder: c-a\n"
	    "    deputy: c-b\n"
	    "activities:\n"
	    "  - id: billing\n"
	    "    name: Billing\n"
	    "    priority: high\n"
	    "    owner: c-b\n"
	    "    deputy: lead\n");
	clean(&r);
	release(&r);
}

static void missing_deputy(void **state)
{
	struct result r;
	(void)state;
	run(&r, HEAD
	    "cell:\n"
	    "  - id: lead\n"
	    "    group: orchestrator\n"
	    "    holder: c-a\n"
	    "activities:\n"
	    "  - id: urgent-one\n"
	    "    name: U\n"
	    "    priority: urgent\n"
	    "    owner: c-a\n"
	    "  - id: high-one\n"
	    "    name: H\n"
	    "    priority: high\n"
	    "    owner: c-a\n"
	    "  - id: moderate-one\n"
	    "    name: M\n"
	    "    priority: moderate\n"
	    "    owner: c-a\n"
	    "  - id: low-one\n"
	    "    name: L\n"
	    "    priority: low\n"
	    "    owner: c-a\n");
	assert_int_equal(count(&r, RULE_MISSING_DEPUTY), 3);
	assert_int_equal(r.f->nr, 3);
	assert_at(&r, &r.f->items[0], "lead");
	assert_string_equal(r.f->items[0].path, "cell[0].id");
	assert_int_equal(r.f->items[0].severity, SEV_WARNING);
	assert_at(&r, &r.f->items[1], "urgent-one");
	assert_at(&r, &r.f->items[2], "high-one");
	release(&r);

	run(&r, HEAD
	    "cell:\n"
	    "  - id: lead\n"
	    "    group: orchestrator\n"
	    "    holder: c-a\n"
	    "    deputy: c-b\n"
	    "activities:\n"
	    "  - id: urgent-one\n"
	    "    name: U\n"
	    "    priority: urgent\n"
	    "    owner: c-a\n"
	    "    deputy: c-b\n"
	    "  - id: low-one\n"
	    "    name: L\n"
	    "    priority: low\n"
	    "    owner: c-a\n");
	clean(&r);
	release(&r);
}

/* c-a holds two roles, an urgent activity, and one more through a role. */
#define LOADED(second_priority) HEAD \
	"cell:\n" \
	"  - id: r1\n" \
	"    group: orchestrator\n" \
	"    holder: c-a\n" \
	"    deputy: c-b\n" \
	"  - id: r2\n" \
	"    group: expert\n" \
	"    holder: c-a\n" \
	"    deputy: c-b\n" \
	"activities:\n" \
	"  - id: u1\n" \
	"    name: U1\n" \
	"    priority: urgent\n" \
	"    owner: c-a\n" \
	"    deputy: c-b\n" \
	"  - id: u2\n" \
	"    name: U2\n" \
	"    priority: " second_priority "\n" \
	"    owner: r1\n" \
	"    deputy: c-b\n"

static void single_point_of_failure(void **state)
{
	struct result r;
	struct config cfg;
	(void)state;

	run(&r, LOADED("urgent"));
	const struct diag *d = only(&r, RULE_SINGLE_POINT_OF_FAILURE);
	assert_at(&r, d, "c-a\n    name: Alice");
	assert_string_equal(d->path, "contacts[0].id");
	assert_int_equal(d->severity, SEV_WARNING);
	assert_non_null(strstr(d->message, "'c-a' holds 4"));
	assert_non_null(strstr(d->message, "more than 3"));
	assert_int_equal(r.f->nr, 1);
	release(&r);

	/* Three is the default threshold, and is allowed. */
	run(&r, LOADED("high"));
	clean(&r);
	release(&r);

	/* The threshold comes from the configuration. */
	config_unused_off(&cfg);
	cfg.spof_max = 4;
	run_with(&r, LOADED("urgent"), &cfg);
	clean(&r);
	release(&r);
	cfg.spof_max = 2;
	run_with(&r, LOADED("high"), &cfg);
	d = only(&r, RULE_SINGLE_POINT_OF_FAILURE);
	assert_non_null(strstr(d->message, "holds 3"));
	assert_non_null(strstr(d->message, "more than 2"));
	release(&r);
	config_release(&cfg);
}

#define WITH_REVIEW(status, review) TOP_STATUS(status) review EXERCISE_OK CONTACTS
#define TOP_STATUS(status) \
	"format: crisis/v1\n" \
	"kind: pca\n" \
	"id: t\n" \
	"title: Test\n" \
	"owner: c-a\n" \
	"status: " status "\n"

static void review_overdue(void **state)
{
	struct result r;
	(void)state;
	run(&r, WITH_REVIEW("approved", "review:\n  every: P12M\n  last: 2025-06-01\n"));
	const struct diag *d = only(&r, RULE_REVIEW_OVERDUE);
	assert_at(&r, d, "2025-06-01");
	assert_string_equal(d->path, "review.last");
	assert_int_equal(d->severity, SEV_WARNING);
	assert_non_null(strstr(d->message, "since 2026-06-01"));
	assert_int_equal(r.f->nr, 1);
	release(&r);

	/* Due today is not overdue yet; due yesterday is. */
	run(&r, WITH_REVIEW("approved", "review:\n  every: P12M\n  last: 2025-11-22\n"));
	clean(&r);
	release(&r);
	run(&r, WITH_REVIEW("approved", "review:\n  every: P12M\n  last: 2025-11-21\n"));
	d = only(&r, RULE_REVIEW_OVERDUE);
	assert_non_null(strstr(d->message, "since 2026-11-21"));
	release(&r);

	/* An approved plan says when it was reviewed; a draft need not. */
	run(&r, WITH_REVIEW("approved", "review:\n  every: P12M\n"));
	d = only(&r, RULE_REVIEW_OVERDUE);
	assert_at(&r, d, "review:");
	release(&r);
	run(&r, WITH_REVIEW("draft", "review:\n  every: P12M\n"));
	clean(&r);
	release(&r);
}

#define WITH_EXERCISE(exercise) TOP REVIEW_OK exercise CONTACTS

static void exercise_overdue(void **state)
{
	struct result r;
	(void)state;
	run(&r, WITH_EXERCISE("exercise:\n  every: P6M\n  last: 2026-01-15\n"));
	const struct diag *d = only(&r, RULE_EXERCISE_OVERDUE);
	assert_at(&r, d, "2026-01-15");
	assert_string_equal(d->path, "exercise.last");
	assert_int_equal(d->severity, SEV_WARNING);
	assert_non_null(strstr(d->message, "since 2026-07-15"));
	assert_int_equal(r.f->nr, 1);
	release(&r);

	run(&r, WITH_EXERCISE("exercise:\n  every: P6M\n  last: 2026-06-01\n"));
	clean(&r);
	release(&r);

	/* Every twelve months when the plan does not say. */
	run(&r, WITH_EXERCISE("exercise:\n  last: 2025-10-01\n"));
	d = only(&r, RULE_EXERCISE_OVERDUE);
	assert_non_null(strstr(d->message, "since 2026-10-01"));
	release(&r);
	run(&r, WITH_EXERCISE("exercise:\n  last: 2026-01-01\n"));
	clean(&r);
	release(&r);

	/* Never exercised, or no exercise at all. */
	run(&r, WITH_EXERCISE("exercise:\n  every: P6M\n"));
	d = only(&r, RULE_EXERCISE_OVERDUE);
	assert_at(&r, d, "exercise:");
	release(&r);
	run(&r, WITH_EXERCISE(""));
	d = only(&r, RULE_EXERCISE_OVERDUE);
	assert_int_equal(d->line, 1);
	assert_int_equal(d->column, 1);
	assert_null(d->path);
	release(&r);
}

#define LEVELS(a, wa, b, wb) HEAD \
	"escalation:\n" \
	"  - level: " a "\n" \
	"    within: " wa "\n" \
	"    notify: [c-a]\n" \
	"  - level: " b "\n" \
	"    within: " wb "\n" \
	"    notify: [c-b]\n"

static void escalation_order(void **state)
{
	struct result r;
	(void)state;
	run(&r, LEVELS("1", "PT15M", "3", "PT1H"));
	const struct diag *d = only(&r, RULE_ESCALATION_ORDER);
	assert_at(&r, d, "3\n    within: PT1H");
	assert_string_equal(d->path, "escalation[1].level");
	assert_int_equal(d->severity, SEV_ERROR);
	assert_non_null(strstr(d->message, "expected 2"));
	release(&r);

	run(&r, LEVELS("1", "PT1H", "2", "PT30M"));
	d = only(&r, RULE_ESCALATION_ORDER);
	assert_at(&r, d, "PT30M");
	assert_string_equal(d->path, "escalation[1].within");
	release(&r);

	run(&r, LEVELS("1", "PT1H", "2", "PT1H"));
	only(&r, RULE_ESCALATION_ORDER);
	release(&r);

	/* Levels are taken by number, whatever their order in the file. */
	run(&r, LEVELS("2", "PT1H", "1", "PT15M"));
	clean(&r);
	release(&r);
	run(&r, LEVELS("1", "PT15M", "2", "PT1H"));
	clean(&r);
	release(&r);
}

static void contact_unreachable(void **state)
{
	struct result r;
	(void)state;
	run(&r, HEAD
	    "  - id: c-d\n"
	    "    name: Dan\n"
	    "    available: 24/7\n"
	    "escalation:\n"
	    "  - level: 1\n"
	    "    within: PT15M\n"
	    "    notify: [c-a, c-c]\n");
	assert_int_equal(count(&r, RULE_CONTACT_UNREACHABLE), 2);
	const struct diag *d = &r.f->items[0];
	assert_at(&r, d, "c-d");
	assert_string_equal(d->path, "contacts[3].id");
	assert_non_null(strstr(d->message, "no phone"));
	assert_int_equal(d->severity, SEV_WARNING);
	d = &r.f->items[1];
	assert_at(&r, d, "c-c]");
	assert_string_equal(d->path, "escalation[0].notify[1]");
	assert_non_null(strstr(d->message, "office hours"));
	assert_int_equal(r.f->nr, 2);
	release(&r);

	/* Through a role: its deputy may cover at night. */
	run(&r, HEAD
	    "cell:\n"
	    "  - id: desk\n"
	    "    group: operator\n"
	    "    holder: c-c\n"
	    "    deputy: c-a\n"
	    "escalation:\n"
	    "  - level: 1\n"
	    "    within: PT15M\n"
	    "    notify: [desk]\n");
	clean(&r);
	release(&r);
	run(&r, HEAD
	    "cell:\n"
	    "  - id: desk\n"
	    "    group: operator\n"
	    "    holder: c-c\n"
	    "escalation:\n"
	    "  - level: 1\n"
	    "    within: PT15M\n"
	    "    notify: [desk]\n");
	d = only(&r, RULE_CONTACT_UNREACHABLE);
	assert_at(&r, d, "desk]");
	release(&r);
}

#define FIRST_MESSAGE(within) HEAD \
	"communication:\n" \
	"  strategy: acknowledge\n" \
	"  first_message_within: " within "\n"

static void first_message_late(void **state)
{
	struct result r;
	(void)state;
	run(&r, FIRST_MESSAGE("P3D"));
	const struct diag *d = only(&r, RULE_FIRST_MESSAGE_LATE);
	assert_at(&r, d, "P3D");
	assert_string_equal(d->path, "communication.first_message_within");
	assert_int_equal(d->severity, SEV_WARNING);
	assert_non_null(strstr(d->message, "48 hours"));
	assert_int_equal(r.f->nr, 1);
	release(&r);

	run(&r, FIRST_MESSAGE("PT48H"));
	clean(&r);
	release(&r);
	run(&r, FIRST_MESSAGE("PT49H"));
	only(&r, RULE_FIRST_MESSAGE_LATE);
	release(&r);
}

/* The configuration turns a rule off or changes its severity. */
static void contact_stale(void **state)
{
	struct result r;
	struct config cfg;
	(void)state;
	/* Six months before 2026-11-22 is 2026-05-22: that day is still fine. */
	run(&r, HEAD
	    "  - id: c-d\n"
	    "    name: Dan\n"
	    "    phones: [\"+33 6 00 00 00 04\"]\n"
	    "    verified: 2026-05-22\n"
	    "  - id: c-e\n"
	    "    name: Eve\n"
	    "    phones: [\"+33 6 00 00 00 05\"]\n"
	    "    verified: 2026-05-21\n");
	const struct diag *d = only(&r, RULE_CONTACT_STALE);
	assert_at(&r, d, "2026-05-21");
	assert_string_equal(d->path, "contacts[4].verified");
	assert_int_equal(d->severity, SEV_WARNING);
	assert_non_null(strstr(d->message, "'c-e'"));
	assert_non_null(strstr(d->message, "P6M"));
	assert_int_equal(r.f->nr, 1);
	release(&r);

	/* The age comes from the configuration. */
	config_unused_off(&cfg);
	cfg.stale_after = xstrdup("P1Y");
	run_with(&r, HEAD
		 "  - id: c-e\n"
		 "    name: Eve\n"
		 "    phones: [\"+33 6 00 00 00 05\"]\n"
		 "    verified: 2026-05-21\n", &cfg);
	clean(&r);
	release(&r);
	config_release(&cfg);
}

static void contact_unused(void **state)
{
	struct result r;
	(void)state;
	/* c-a owns the plan; c-b holds a role named by a level; c-c is named nowhere. */
	run_with(&r, HEAD
		 "cell:\n"
		 "  - id: desk\n"
		 "    group: operator\n"
		 "    holder: c-b\n"
		 "escalation:\n"
		 "  - level: 1\n"
		 "    within: PT15M\n"
		 "    notify: [desk]\n", NULL);
	const struct diag *d = only(&r, RULE_CONTACT_UNUSED);
	assert_at(&r, d, "c-c");
	assert_string_equal(d->path, "contacts[2].id");
	assert_non_null(strstr(d->message, "'c-c'"));
	release(&r);

	/* A deputy is a use too. */
	run_with(&r, HEAD
		 "cell:\n"
		 "  - id: desk\n"
		 "    group: operator\n"
		 "    holder: c-b\n"
		 "    deputy: c-c\n", NULL);
	assert_int_equal(count(&r, RULE_CONTACT_UNUSED), 0);
	release(&r);
}

static void configured_severity(void **state)
{
	struct result r;
	struct config cfg;
	(void)state;

	config_unused_off(&cfg);
	diag_severities_set(&cfg.severities, RULE_FIRST_MESSAGE_LATE, SEV_OFF);
	run_with(&r, FIRST_MESSAGE("P3D"), &cfg);
	clean(&r);
	release(&r);
	diag_severities_set(&cfg.severities, RULE_FIRST_MESSAGE_LATE, SEV_ERROR);
	run_with(&r, FIRST_MESSAGE("P3D"), &cfg);
	assert_int_equal(only(&r, RULE_FIRST_MESSAGE_LATE)->severity, SEV_ERROR);
	assert_int_equal(r.f->errors, 1);
	assert_int_equal(r.f->warnings, 0);
	release(&r);
	config_release(&cfg);
}

/*
 * Long chains: a plan of many activities, or a procedure of many steps,
 * each waiting for the next one. The checks must not recurse once per link:
 * they run here on a thread with a 1 MiB stack, in a child process, so that
 * running out of stack fails this test and no other.
 */
#define CHAIN 100000

static xmlNode *add(xmlNode *parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST text);
}

/* Activities a0 -> a1 -> ... (depends_on), or steps run in the reverse of their order. */
static xmlDocPtr chain_doc(bool steps)
{
	char id[32], ref[32];
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNode *root = xmlNewDocNode(doc, NULL, BAD_CAST "crisis", NULL);
	xmlDocSetRootElement(doc, root);
	add(root, "kind", "pca");
	add(root, "status", "draft");
	xmlNode *review = add(root, "review", NULL);
	add(review, "every", "P12M");
	add(review, "last", "2026-06-01");
	xmlNode *ex = add(root, "exercise", NULL);
	add(ex, "last", "2026-06-01");
	xmlNode *acts = add(root, "activities", NULL);
	xmlNode *a = add(acts, "item", NULL);
	add(a, "id", "a0");
	add(a, "priority", "low");
	add(a, "rto", "PT1M");
	if (steps) {
		xmlNode *pr = add(add(root, "procedures", NULL), "item", NULL);
		add(pr, "id", "p");
		add(add(pr, "activities", NULL), "item", "a0");
		xmlNode *list = add(pr, "steps", NULL);
		for (size_t i = 0; i < CHAIN; i++) {
			/* s0 first; then s(n-1) after s(n-2), ..., s1 after s0. */
			size_t n = i ? CHAIN - i : 0;
			xmlNode *st = add(list, "item", NULL);
			snprintf(id, sizeof(id), "s%zu", n);
			add(st, "id", id);
			add(st, "within", "PT1M");
			if (n) {
				snprintf(ref, sizeof(ref), "s%zu", n - 1);
				add(add(st, "after", NULL), "item", ref);
			}
		}
		return doc;
	}
	add(add(a, "depends_on", NULL), "item", "a1");
	for (size_t i = 1; i < CHAIN; i++) {
		a = add(acts, "item", NULL);
		snprintf(id, sizeof(id), "a%zu", i);
		add(a, "id", id);
		add(a, "priority", "low");
		if (i + 1 < CHAIN) {
			snprintf(ref, sizeof(ref), "a%zu", i + 1);
			add(add(a, "depends_on", NULL), "item", ref);
		}
	}
	return doc;
}

struct chain_run {
	bool steps;
	int result;	/* 0 when the findings are the expected ones */
};

static void *check_chain(void *arg)
{
	struct chain_run *cr = arg;
	struct doc doc = DOC_INIT;
	struct plan plan;
	struct diag_file *f = diag_file_new("chain", unit_severities());
	int64_t today;

	date_parse(TODAY, &today);
	doc.xml = chain_doc(cr->steps);
	plan_build(&plan, xmlDocGetRootElement(doc.xml));
	struct rule_ctx ctx = { .model = &plan, .f = f, .today = today };
	run_rules(&ctx);
	cr->result = 0;
	for (size_t i = 0; i < f->nr; i++) {
		const char *rule = f->items[i].rule;
		/* No cycle in a chain; the procedure takes CHAIN minutes. */
		if (!strcmp(rule, RULE_DEPENDENCY_CYCLE) || !strcmp(rule, RULE_STEP_CYCLE))
			cr->result = 3;
	}
	if (cr->steps && (f->nr != 1 || strcmp(f->items[0].rule, RULE_PROCEDURE_EXCEEDS_RTO)))
		cr->result = 4;
	plan_release(&plan);
	doc_release(&doc);
	diag_file_free(f);
	return NULL;
}

static void check_chain_on_small_stack(bool steps)
{
	struct chain_run cr = { steps, -1 };
	int status = 0;

	fflush(stdout);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		pthread_attr_t attr;
		pthread_t t;
		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, (size_t)1 << 20);
		if (pthread_create(&t, &attr, check_chain, &cr))
			_exit(2);
		pthread_join(t, NULL);
		_exit(cr.result);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status))
		fail_msg("the rules died with signal %d on a chain of %d %s",
			 WTERMSIG(status), CHAIN, steps ? "steps" : "activities");
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void long_dependency_chain(void **state)
{
	(void)state;
	check_chain_on_small_stack(false);
}

static void long_step_chain(void **state)
{
	(void)state;
	check_chain_on_small_stack(true);
}

static void rule_table(void **state)
{
	static const char *const ids[] = {
		RULE_RTO_EXCEEDS_MTPD, RULE_DEPENDENCY_SLOWER, RULE_DEPENDENCY_CYCLE,
		RULE_PROCEDURE_EXCEEDS_RTO, RULE_STEP_CYCLE, RULE_HOLDER_IS_DEPUTY,
		RULE_MISSING_DEPUTY, RULE_SINGLE_POINT_OF_FAILURE, RULE_REVIEW_OVERDUE,
		RULE_EXERCISE_OVERDUE, RULE_ESCALATION_ORDER, RULE_CONTACT_UNREACHABLE,
		RULE_FIRST_MESSAGE_LATE, RULE_FILE_NAME_NOT_ID,
	};
	const struct ruleset *all = &crisis_kinds()->rules;
	(void)state;
	for (size_t i = 0; i < sizeof(ids) / sizeof(*ids); i++) {
		const struct rule *r = ruleset_find(all, ids[i]);
		assert_non_null(r);
		assert_string_equal(r->id, ids[i]);
		assert_int_equal(r->stage, STAGE_PLAN);
		assert_true(r->summary && *r->summary && r->help && *r->help);
		assert_true(kind_has_rule(&plan_kind_pca, ids[i]));
	}
	for (size_t i = 0; i < all->nr; i++) {
		/* Load and schema rules have no check of their own. */
		if (all->items[i]->stage == STAGE_LOAD || all->items[i]->stage == STAGE_SCHEMA)
			assert_null(all->items[i]->check);
		for (size_t j = i + 1; j < all->nr; j++)
			assert_string_not_equal(all->items[i]->id, all->items[j]->id);
	}
	/* The load and schema rules come first, in the order they are listed. */
	assert_ptr_equal(all->items[0], &check_rules[0]);
	size_t plan_stage = 0;
	for (size_t i = 0; i < all->nr; i++)
		plan_stage += all->items[i]->stage == STAGE_PLAN;
	assert_int_equal(plan_stage, 16);
	/* A contacts.yaml is checked by the contact rules only. */
	assert_true(kind_has_rule(&plan_kind_contacts, RULE_CONTACT_STALE));
	assert_false(kind_has_rule(&plan_kind_contacts, RULE_RTO_EXCEEDS_MTPD));
	assert_int_equal(ruleset_find(all, RULE_RTO_EXCEEDS_MTPD)->severity, SEV_ERROR);
	assert_int_equal(ruleset_find(all, RULE_REVIEW_OVERDUE)->severity, SEV_WARNING);
	assert_int_equal(ruleset_find(all, RULE_DUPLICATE_KEY)->stage, STAGE_LOAD);
	assert_int_equal(ruleset_find(all, RULE_UNKNOWN_KEY)->stage, STAGE_SCHEMA);
	assert_null(ruleset_find(all, "no-such-rule"));
	assert_string_equal(rule_stage_name(STAGE_LOAD), "load");
	assert_string_equal(rule_stage_name(STAGE_SCHEMA), "schema");
	assert_string_equal(rule_stage_name(STAGE_PLAN), "plan");
}

TEST_MAIN(
	cmocka_unit_test(the_head_is_clean),
	cmocka_unit_test(rto_exceeds_mtpd),
	cmocka_unit_test(dependency_slower),
	cmocka_unit_test(dependency_cycle),
	cmocka_unit_test(procedure_exceeds_rto),
	cmocka_unit_test(procedure_steps_follow_each_other),
	cmocka_unit_test(step_cycle),
	cmocka_unit_test(holder_is_deputy),
	cmocka_unit_test(missing_deputy),
	cmocka_unit_test(single_point_of_failure),
	cmocka_unit_test(review_overdue),
	cmocka_unit_test(exercise_overdue),
	cmocka_unit_test(escalation_order),
	cmocka_unit_test(contact_unreachable),
	cmocka_unit_test(first_message_late),
	cmocka_unit_test(contact_stale),
	cmocka_unit_test(contact_unused),
	cmocka_unit_test(configured_severity),
	cmocka_unit_test(rule_table),
	cmocka_unit_test(long_dependency_chain),
	cmocka_unit_test(long_step_chain),
)
