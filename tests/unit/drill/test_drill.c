#include "unit.h"
#include "kinds.h"
#include "check/diag.h"
#include "check/doc.h"
#include "check/load.h"
#include "check/rule.h"
#include "check/validate.h"
#include "drill/drill.h"
#include "drill/env.h"
#include "drill/rules.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define EXAMPLES "plans/examples/"
#define DRILL EXAMPLES "exercice-incendie-siege.yaml"
#define PLAN_ID "site-incendie-inondation-greve"

/* ------------------------------------------------------------------ */
/* The model                                                            */
/* ------------------------------------------------------------------ */

static const char model_text[] =
	"format: crisis/v1\n"
	"kind: drill\n"
	"id: d-model\n"
	"title: Model\n"
	"plan: p\n"
	"scenario: sc\n"
	"duration: PT1H30M\n"
	"objectives:\n"
	"  - id: o-one\n"
	"    text: One\n"
	"injects:\n"
	"  - id: a\n"
	"    at: PT10M\n"
	"    message: A\n"
	"    to: [r-one, c-two]\n"
	"    expect:\n"
	"      - id: e-a\n"
	"        action: Act\n"
	"        by: r-one\n"
	"        within: PT2M30.250S\n"
	"        objective: o-one\n"
	"        level: 2\n"
	"        step: proc.step\n"
	"      - id: e-a2\n"
	"        action: Act again\n"
	"  - id: b\n"
	"    after: a\n"
	"    delay: PT5M\n"
	"    message: B\n"
	"  - id: c\n"
	"    after: b\n"
	"    message: C\n"
	"    contingency: true\n"
	"  - id: x\n"
	"    after: y\n"
	"    message: X\n"
	"  - id: y\n"
	"    after: x\n"
	"    delay: PT1M\n"
	"    message: Y\n"
	"  - id: z\n"
	"    after: nope\n"
	"    message: Z\n"
	"  - id: s\n"
	"    after: s\n"
	"    message: S\n"
	"  - id: early\n"
	"    at: PT1.5S\n"
	"    message: Early\n"
	"  - id: tie\n"
	"    at: PT10M\n"
	"    message: Tie\n"
	"    expect:\n"
	"      - id: e-tie\n"
	"        action: Tie\n";

struct built {
	struct doc doc;
	struct drill d;
};

static void build(struct built *b, const char *yaml)
{
	struct diag_file *f = diag_file_new("t.yaml", unit_severities());
	memset(b, 0, sizeof(*b));
	assert_int_equal(load_yaml(&b->doc, yaml, strlen(yaml), f), 0);
	assert_int_equal(f->nr, 0);
	diag_file_free(f);
	drill_build(&b->d, xmlDocGetRootElement(b->doc.xml));
}

static void release(struct built *b)
{
	drill_release(&b->d);
	doc_release(&b->doc);
}

static const struct drill_inject *in(const struct drill *d, const char *id)
{
	const struct drill_inject *i = drill_inject(d, id);
	assert_non_null(i);
	return i;
}

static void model_fields(void **state)
{
	struct built b;
	(void)state;
	build(&b, model_text);
	const struct drill *d = &b.d;

	assert_string_equal(d->id, "d-model");
	assert_string_equal(d->title, "Model");
	assert_string_equal(d->plan, "p");
	assert_string_equal(d->scenario, "sc");
	assert_null(d->description);
	assert_int_equal(d->duration, 90 * 60 * 1000);
	assert_string_equal(d->duration_text, "PT1H30M");
	assert_int_equal(d->nr_objectives, 1);
	assert_ptr_equal(drill_objective(d, "o-one"), &d->objectives[0]);
	assert_string_equal(d->objectives[0].text, "One");
	assert_int_equal(d->nr_injects, 9);
	assert_int_equal(d->nr_expects, 3);

	const struct drill_inject *a = in(d, "a");
	assert_ptr_equal(a, &d->injects[0]);
	assert_string_equal(a->message, "A");
	assert_null(a->after);
	assert_false(a->contingency);
	assert_int_equal(a->to.nr, 2);
	assert_string_equal(a->to.ids[0], "r-one");
	assert_string_equal(a->to.ids[1], "c-two");
	assert_int_equal(a->nr_expects, 2);

	const struct drill_expect *e = drill_expect(d, "e-a");
	assert_ptr_equal(e, &a->expects[0]);
	assert_string_equal(e->action, "Act");
	assert_string_equal(e->by, "r-one");
	assert_string_equal(e->objective, "o-one");
	assert_int_equal(e->within, 150250);
	assert_string_equal(e->within_text, "PT2M30.250S");
	assert_int_equal(e->level, 2);
	assert_string_equal(e->step, "proc.step");
	assert_ptr_equal(e->inject, a);

	const struct drill_expect *e2 = drill_expect(d, "e-a2");
	assert_int_equal(e2->within, DRILL_NO_TIME);
	assert_int_equal(e2->level, 0);
	assert_null(e2->step);
	assert_null(e2->by);
	/* The expectations of a later inject point to it, not to the first. */
	assert_ptr_equal(drill_expect(d, "e-tie")->inject, in(d, "tie"));

	assert_true(in(d, "c")->contingency);
	assert_null(drill_inject(d, "nope"));
	assert_null(drill_expect(d, "nope"));
	assert_null(drill_objective(d, "nope"));
	release(&b);
}

static void times_through_after_chains(void **state)
{
	struct built b;
	(void)state;
	build(&b, model_text);
	const struct drill *d = &b.d;

	assert_int_equal(in(d, "a")->time, 10 * 60000);
	assert_int_equal(in(d, "a")->at, 10 * 60000);
	assert_int_equal(in(d, "a")->delay, 0);
	/* after a, 5 min later. */
	assert_int_equal(in(d, "b")->at, DRILL_NO_TIME);
	assert_int_equal(in(d, "b")->delay, 5 * 60000);
	assert_int_equal(in(d, "b")->time, 15 * 60000);
	/* after b with no delay: 0, at b's time. */
	assert_int_equal(in(d, "c")->delay, 0);
	assert_null(in(d, "c")->delay_text);
	assert_int_equal(in(d, "c")->time, 15 * 60000);
	/* Milliseconds kept. */
	assert_int_equal(in(d, "early")->time, 1500);
	/* A loop, an unknown parent, itself: no time. */
	assert_int_equal(in(d, "x")->time, DRILL_NO_TIME);
	assert_int_equal(in(d, "y")->time, DRILL_NO_TIME);
	assert_int_equal(in(d, "z")->time, DRILL_NO_TIME);
	assert_int_equal(in(d, "s")->time, DRILL_NO_TIME);
	release(&b);
}

static void both_or_neither_have_no_time(void **state)
{
	struct built b;
	(void)state;
	build(&b,
	      "format: crisis/v1\nkind: drill\nid: d\ntitle: T\nplan: p\nduration: PT1H\n"
	      "injects:\n"
	      "  - id: a\n    at: PT1M\n    message: A\n"
	      "  - id: both\n    at: PT2M\n    after: a\n    message: B\n"
	      "  - id: neither\n    message: N\n"
	      "  - id: after-both\n    after: both\n    delay: PT1M\n    message: AB\n");
	assert_int_equal(in(&b.d, "a")->time, 60000);
	assert_int_equal(in(&b.d, "both")->time, DRILL_NO_TIME);
	assert_int_equal(in(&b.d, "neither")->time, DRILL_NO_TIME);
	/* A chain through an inject with no time gives none. */
	assert_int_equal(in(&b.d, "after-both")->time, DRILL_NO_TIME);
	release(&b);
}

static void timeline_order(void **state)
{
	static const char *const want[] = { "early", "a", "tie", "b", "c", "x", "y", "z", "s" };
	struct built b;
	(void)state;
	build(&b, model_text);
	const struct drill_inject **order = drill_timeline(&b.d);
	/* By time, ties as written, those with no time last, as written. */
	for (size_t i = 0; i < b.d.nr_injects; i++)
		if (strcmp(order[i]->id, want[i])) {
			const char *have = order[i]->id;
			free(order);
			fail_msg("timeline[%zu] is '%s', not '%s'", i, have, want[i]);
		}
	free(order);
	release(&b);
}

/* ------------------------------------------------------------------ */
/* The rules, through the pipeline, in a workspace                      */
/* ------------------------------------------------------------------ */

struct fixture {
	char root[64];
	struct validator v;
	struct drill_env env;
	char *drill;		/* the example drill's text */
};

static void copy_file(const char *from, const char *to)
{
	struct buf text = BUF_INIT;
	assert_int_equal(fs_read_file(from, &text), 0);
	assert_int_equal(fs_write_atomic(to, text.ptr, text.len, 0644), 0);
	buf_release(&text);
}

static void write_file(const char *path, const char *text)
{
	assert_int_equal(fs_write_atomic(path, text, strlen(text), 0644), 0);
}

static char *path_in(const struct fixture *fx, const char *rel)
{
	struct buf p = BUF_INIT;
	buf_addf(&p, "%s%s", fx->root, rel);
	return buf_detach(&p);
}

static int setup(void **state)
{
	static struct fixture fx;
	struct buf text = BUF_INIT;
	int64_t today;

	memset(&fx, 0, sizeof(fx));
	strcpy(fx.root, "/tmp/crisis-drill-XXXXXX");
	if (!mkdtemp(fx.root))
		return -1;
	strcat(fx.root, "/");
	char *plans = path_in(&fx, "plans"), *site = path_in(&fx, "plans/site.yaml"),
	     *it = path_in(&fx, "plans/it.yaml"), *broken = path_in(&fx, "plans/broken.yaml");
	int ret = mkdir(plans, 0755);
	if (ret == 0) {
		copy_file(EXAMPLES "site-incendie-inondation-greve.yaml", site);
		copy_file(EXAMPLES "it-ransomware-recovery.yaml", it);
		/* A plan that does not validate (no title, owner...). */
		write_file(broken, "format: crisis/v1\nkind: pca\nid: broken-plan\n");
	}
	free(plans);
	free(site);
	free(it);
	free(broken);
	if (ret < 0 || date_parse("2026-11-22", &today) < 0 ||
	    validator_init(&fx.v, crisis_kinds(), NULL, NULL, today) < 0 ||
	    fs_read_file(DRILL, &text) < 0)
		return -1;
	fx.drill = buf_detach(&text);
	drill_env_init(&fx.env, &fx.v, fx.root, NULL, 0);
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[128];
	drill_env_release(&fx->env);
	validator_release(&fx->v);
	free(fx->drill);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->root);
	return system(cmd);
}

static void dump(const struct diag_file *f)
{
	for (size_t i = 0; i < f->nr; i++)
		print_message("# %s:%lu:%lu: %s [%s]\n", f->path, f->items[i].line,
			      f->items[i].column, f->items[i].message, f->items[i].rule);
}

static struct diag_file *check_text(struct fixture *fx, const char *text)
{
	struct diag_file *f = diag_file_new("drills/d.yaml", unit_severities());
	validate_buffer(&fx->v, f, "drills/d.yaml", text, strlen(text));
	return f;
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

/*
 * The example drill with `from` replaced by `to` has exactly one finding:
 * `rule`, on the line where `where` starts, its message holding `says`.
 */
static void one_finding_at(struct fixture *fx, const char *from, const char *to, const char *rule,
			   const char *where, const char *says, enum severity sev,
			   const char *file, int at)
{
	char *text = replaced(fx->drill, from, to);
	struct diag_file *f = check_text(fx, text);
	bool ok = f->nr == 1 && !strcmp(f->items[0].rule, rule) &&
		  f->items[0].line == line_of(text, where) && strstr(f->items[0].message, says) &&
		  f->items[0].severity == sev;
	if (!ok) {
		dump(f);
		print_error("want one %s at line %lu saying '%s'\n", rule, line_of(text, where), says);
	}
	diag_file_free(f);
	free(text);
	if (!ok)
		_fail(file, at);
}

#define one_finding(fx, from, to, rule, where, says) \
	one_finding_at(fx, from, to, rule, where, says, SEV_ERROR, __FILE__, __LINE__)
#define one_warning(fx, from, to, rule, where, says) \
	one_finding_at(fx, from, to, rule, where, says, SEV_WARNING, __FILE__, __LINE__)

/* The example drills, copied into the workspace's drills/, validate with no finding. */
static void example_drills_are_clean(void **state)
{
	static const char *const drills[] = { DRILL, EXAMPLES "ransomware-tabletop.yaml" };
	struct fixture *fx = *state;
	char *dir = path_in(fx, "drills");
	assert_int_equal(mkdir(dir, 0755), 0);
	free(dir);
	for (size_t i = 0; i < sizeof(drills) / sizeof(*drills); i++) {
		struct buf rel = BUF_INIT;
		buf_addf(&rel, "drills/%s", strrchr(drills[i], '/') + 1);
		char *path = path_in(fx, rel.ptr);
		buf_release(&rel);
		copy_file(drills[i], path);
		struct diag_file *f = diag_file_new(path, unit_severities());
		validate_file(&fx->v, f, path);
		if (f->nr) {
			dump(f);
			free(path);
			fail_msg("%s has %zu findings", drills[i], f->nr);
		}
		assert_string_equal(f->kind, "drill");
		diag_file_free(f);
		free(path);
	}
}

/* The rules found the plan: a name it does not have is reported. */
static void the_plan_is_found_by_id(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(fx->env.env.nr_plan_ids, 3);
	const struct loaded *lp = fx->env.env.find_plan(&fx->env.env, PLAN_ID);
	assert_non_null(lp);
	assert_non_null(lp->model);
	assert_null(fx->env.env.find_plan(&fx->env.env, "no-such-plan"));
}

static void plan_missing(void **state)
{
	struct fixture *fx = *state;
	one_finding(fx, "plan: " PLAN_ID "\n", "plan: site-incendie-inondation-grev\n",
		    RULE_DRILL_PLAN_MISSING, "plan: site-",
		    "no plan 'site-incendie-inondation-grev' in the workspace; did you mean '"
		    PLAN_ID "'?");
	one_finding(fx, "plan: " PLAN_ID "\n", "plan: zzz-other\n", RULE_DRILL_PLAN_MISSING,
		    "plan: zzz", "no plan 'zzz-other' in the workspace: the drill's parties");
	/* Far from every id: no suggestion. */
	char *text = replaced(fx->drill, "plan: " PLAN_ID "\n", "plan: zzz-other\n");
	struct diag_file *f = check_text(fx, text);
	assert_int_equal(f->nr, 1);
	assert_null(strstr(f->items[0].message, "did you mean"));
	diag_file_free(f);
	free(text);
	/* Found but not valid. */
	one_finding(fx, "plan: " PLAN_ID "\n", "plan: broken-plan\n", RULE_DRILL_PLAN_MISSING,
		    "plan: broken", "plan 'broken-plan' does not validate");
}

static void unknown_parties(void **state)
{
	struct fixture *fx = *state;
	one_finding(fx, "to: [c-gardiennage, responsable-securite]",
		    "to: [c-gardiennage, responsable-securit]", RULE_UNKNOWN_REFERENCE,
		    "to: [c-gardiennage, responsable-securit]",
		    "'responsable-securit' is no cell role or contact of plan '" PLAN_ID
		    "'; did you mean 'responsable-securite'?");
	one_finding(fx, "by: c-gardiennage\n", "by: c-gardienage\n", RULE_UNKNOWN_REFERENCE,
		    "by: c-gardienage", "did you mean 'c-gardiennage'?");
	one_finding(fx, "by: c-gardiennage\n", "by: zzzzzzzzzz\n", RULE_UNKNOWN_REFERENCE,
		    "by: zzzzzzzzzz", "'zzzzzzzzzz' is no cell role or contact of plan");
}

/* The finding points at the party itself in a flow list. */
static void unknown_party_column(void **state)
{
	struct fixture *fx = *state;
	char *text = replaced(fx->drill, "to: [c-gardiennage, responsable-securite]",
			      "to: [c-gardiennage, responsable-securit]");
	struct diag_file *f = check_text(fx, text);
	assert_int_equal(f->nr, 1);
	assert_int_equal(f->items[0].column, strlen("    to: [c-gardiennage, ") + 1);
	diag_file_free(f);
	free(text);
}

static void unknown_scenario_level_step(void **state)
{
	struct fixture *fx = *state;
	one_finding(fx, "scenario: incendie-stockage\n", "scenario: incendie-stokage\n",
		    RULE_UNKNOWN_REFERENCE, "scenario: incendie-stokage",
		    "plan '" PLAN_ID "' has no scenario 'incendie-stokage'; did you mean 'incendie-stockage'?");
	one_finding(fx, "        level: 1\n", "        level: 9\n", RULE_UNKNOWN_REFERENCE,
		    "        level: 9", "plan '" PLAN_ID "' has no escalation level 9 (it has 4)");
	one_finding(fx, "step: evacuation.alerte\n", "step: evacuation.alarme\n",
		    RULE_UNKNOWN_REFERENCE, "step: evacuation.alarme",
		    "has no step 'evacuation.alarme'");
	one_finding(fx, "step: evacuation.alerte\n", "step: evacuashion.alerte\n",
		    RULE_UNKNOWN_REFERENCE, "step: evacuashion.alerte",
		    "has no procedure for step 'evacuashion.alerte'");
}

static void inject_timing(void **state)
{
	struct fixture *fx = *state;
	/* Both: reported at its `after`. */
	one_finding(fx, "    after: i-point-cos\n", "    at: PT1H\n    after: i-point-cos\n",
		    RULE_INJECT_TIMING, "    after: i-point-cos",
		    "inject 'i-gardiennage' has both 'at' and 'after'");
	/* Neither: reported at the inject. */
	one_finding(fx, "    at: PT12M\n", "", RULE_INJECT_TIMING, "  - id: i-rassemblement",
		    "inject 'i-rassemblement' has no time");
	/* A delay with `at`: reported at the delay. */
	one_finding(fx, "    after: i-point-cos\n    delay: PT30M\n",
		    "    at: PT1H\n    delay: PT30M\n", RULE_INJECT_TIMING, "    delay: PT30M",
		    "inject 'i-gardiennage' has a 'delay' but no 'after'");
}

static void inject_after_end(void **state)
{
	struct fixture *fx = *state;
	/* After an `after`: 30 min + 2 h 31 min. */
	one_finding(fx, "    delay: PT30M\n", "    delay: PT2H31M\n", RULE_INJECT_AFTER_END,
		    "    delay: PT2H31M",
		    "inject 'i-gardiennage' comes at PT3H1M, after the end of the drill (duration PT3H)");
	one_finding(fx, "    at: PT2H50M\n", "    at: PT3H0M1S\n", RULE_INJECT_AFTER_END,
		    "    at: PT3H0M1S", "inject 'i-fin' comes at PT3H1S");
	/* At the very end is within it. */
	char *text = replaced(fx->drill, "    at: PT2H50M\n", "    at: PT3H\n");
	struct diag_file *f = check_text(fx, text);
	if (f->nr)
		dump(f);
	assert_int_equal(f->nr, 0);
	diag_file_free(f);
	free(text);
}

static void inject_cycle(void **state)
{
	struct fixture *fx = *state;
	/* i-point-cos after i-gardiennage, which is after i-point-cos: one finding. */
	one_finding(fx, "    at: PT30M\n", "    after: i-gardiennage\n", RULE_INJECT_CYCLE,
		    "    after: i-point-cos",
		    "inject 'i-gardiennage' comes after 'i-point-cos', which comes after it again");
	/* An inject after itself. */
	one_finding(fx, "    after: i-point-cos\n", "    after: i-gardiennage\n", RULE_INJECT_CYCLE,
		    "    after: i-gardiennage", "inject 'i-gardiennage' comes after 'i-gardiennage'");
}

static void objective_untested(void **state)
{
	struct fixture *fx = *state;
	one_warning(fx, "\ninjects:\n", "  - id: o-extra\n    text: Extra.\n\ninjects:\n",
		    RULE_OBJECTIVE_UNTESTED, "  - id: o-extra",
		    "objective 'o-extra' is served by no expectation");
	char *text = replaced(fx->drill, "\ninjects:\n", "  - id: o-extra\n    text: Extra.\n\ninjects:\n");
	struct diag_file *f = check_text(fx, text);
	assert_int_equal(f->warnings, 1);
	assert_int_equal(f->errors, 0);
	diag_file_free(f);
	free(text);
}

static void expect_slower_than_plan(void **state)
{
	struct fixture *fx = *state;
	/* Level 1 of the plan: PT5M. */
	one_warning(fx, "        within: PT5M\n        objective: o-alerte\n        level: 1\n",
		    "        within: PT10M\n        objective: o-alerte\n        level: 1\n",
		    RULE_EXPECT_SLOWER_THAN_PLAN, "        within: PT10M",
		    "expectation 'e-levee-de-doute' allows PT10M, but the plan's escalation level 1 "
		    "allows PT5M");
	/* Step evacuation.alerte: PT2M. */
	one_warning(fx, "        within: PT2M\n        objective: o-alerte\n        step: evacuation.alerte\n",
		    "        within: PT3M\n        objective: o-alerte\n        step: evacuation.alerte\n",
		    RULE_EXPECT_SLOWER_THAN_PLAN, "        within: PT3M",
		    "expectation 'e-alarme-pompiers' allows PT3M, but the plan's step "
		    "evacuation.alerte allows PT2M");
	/* As long as the plan: nothing. */
	char *text = replaced(fx->drill, "        within: PT5M\n        objective: o-alerte\n",
			      "        within: PT300S\n        objective: o-alerte\n");
	struct diag_file *f = check_text(fx, text);
	assert_int_equal(f->nr, 0);
	diag_file_free(f);
	free(text);
}

/* Without a workspace, the rules that need the plan say nothing; the others still run. */
static void without_env(void **state)
{
	struct fixture *fx = *state;
	fx->v.env = NULL;
	char *missing = replaced(fx->drill, "plan: " PLAN_ID "\n", "plan: zzz-other\n");
	char *party = replaced(missing, "by: c-gardiennage\n", "by: nobody\n");
	char *level = replaced(party, "        level: 1\n", "        level: 9\n");
	struct diag_file *f = check_text(fx, level);
	if (f->nr)
		dump(f);
	assert_int_equal(f->nr, 0);
	diag_file_free(f);

	char *timing = replaced(level, "    at: PT12M\n", "");
	f = check_text(fx, timing);
	assert_int_equal(f->nr, 1);
	assert_string_equal(f->items[0].rule, RULE_INJECT_TIMING);
	diag_file_free(f);
	free(missing);
	free(party);
	free(level);
	free(timing);
	fx->v.env = &fx->env.env;
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

TEST_MAIN(
	cmocka_unit_test(model_fields),
	cmocka_unit_test(times_through_after_chains),
	cmocka_unit_test(both_or_neither_have_no_time),
	cmocka_unit_test(timeline_order),
	T(example_drills_are_clean),
	T(the_plan_is_found_by_id),
	T(plan_missing),
	T(unknown_parties),
	T(unknown_party_column),
	T(unknown_scenario_level_step),
	T(inject_timing),
	T(inject_after_end),
	T(inject_cycle),
	T(objective_untested),
	T(expect_slower_than_plan),
	T(without_env),
)
