#include "unit.h"
#include "util/utf8.h"
#include "util/buf.h"
#include "contacts/calltree.h"
#include "check/diag.h"
#include "check/doc.h"
#include "util/error.h"
#include "check/load.h"
#include "plan/plan.h"
#include "check/schema.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOP \
	"format: crisis/v1\n" \
	"kind: pca\n" \
	"id: t\n" \
	"title: Plan \"test\"\n" \
	"owner: c-a\n" \
	"status: approved\n" \
	"review:\n" \
	"  every: P12M\n" \
	"  last: 2026-06-01\n"

/*
 * Levels written out of order: by deadline they are 2 (15 min), 1 (1 h),
 * then 3 and 4 (2 h each). Three suppliers: sup-a is called at level 3,
 * sup-b by a step of the scenario 'panne', sup-c by nobody.
 */
#define TREE TOP \
	"contacts:\n" \
	"  - id: c-a\n" \
	"    name: Alice Martin\n" \
	"    title: Directrice\n" \
	"    phones: [\"+33 6 00 00 00 01\", \"+33 1 00 00 00 01\", \"+33 7 00 00 00 01\"]\n" \
	"    available: 24/7\n" \
	"  - id: c-b\n" \
	"    name: Bob \"Bobby\" Durand\n" \
	"    phones: [\"+33 6 00 00 00 02\"]\n" \
	"    available: office-hours\n" \
	"  - id: c-c\n" \
	"    name: Élodie Roux\n" \
	"  - id: sup-a\n" \
	"    name: Voxalia Crise, plateforme d'appels\n" \
	"    org: external\n" \
	"    phones: [\"+33 1 99 00 20 00\"]\n" \
	"    available: 24/7\n" \
	"    activation:\n" \
	"      day: PT1H\n" \
	"      night: PT3H\n" \
	"  - id: sup-b\n" \
	"    name: Teleos\n" \
	"    org: external\n" \
	"    phones: [\"+33 1 99 00 20 10\"]\n" \
	"    activation:\n" \
	"      day: PT30M\n" \
	"  - id: sup-c\n" \
	"    name: Dormant\n" \
	"    org: external\n" \
	"cell:\n" \
	"  - id: pilote\n" \
	"    group: orchestrator\n" \
	"    holder: c-a\n" \
	"    deputy: c-b\n" \
	"  - id: expert\n" \
	"    group: expert\n" \
	"    holder: c-c\n" \
	"escalation:\n" \
	"  - level: 4\n" \
	"    within: PT2H\n" \
	"    notify: [c-a]\n" \
	"  - level: 3\n" \
	"    within: PT2H\n" \
	"    notify: [sup-a]\n" \
	"  - level: 1\n" \
	"    within: PT1H\n" \
	"    notify: [expert]\n" \
	"    repeat: 2\n" \
	"  - level: 2\n" \
	"    within: PT15M\n" \
	"    notify: [pilote, c-b]\n" \
	"    skip_if_unreachable: true\n" \
	"scenarios:\n" \
	"  - id: panne\n" \
	"    title: Panne du centre\n" \
	"    procedures: [bascule]\n" \
	"  - id: autre\n" \
	"    title: Autre\n" \
	"procedures:\n" \
	"  - id: bascule\n" \
	"    title: Bascule\n" \
	"    steps:\n" \
	"      - do: Appeler le prestataire\n" \
	"        who: sup-b\n" \
	"        within: PT30M\n" \
	"      - do: Attendre\n" \
	"      - do: Décider\n" \
	"        who: pilote\n"

/* A plan read, checked against the schema, and its model built. */
struct tree_plan {
	struct doc doc;
	struct plan plan;
	struct diag_file *f;
};

static void load(struct tree_plan *l, const char *text)
{
	struct schema *s = schema_builtin(SCHEMA_FILE, NULL);

	memset(l, 0, sizeof(*l));
	assert_non_null(s);
	l->f = diag_file_new("t.yaml", unit_severities());
	if (load_yaml(&l->doc, text, strlen(text), l->f) < 0 ||
	    schema_validate(s, &l->doc, l->f, NULL) != 0) {
		for (size_t i = 0; i < l->f->nr; i++)
			print_message("# %lu:%lu: %s\n", l->f->items[i].line,
				      l->f->items[i].column, l->f->items[i].message);
		fail_msg("the test plan is not valid");
	}
	schema_free(s);
	plan_build(&l->plan, xmlDocGetRootElement(l->doc.xml));
}

static void unload(struct tree_plan *l)
{
	plan_release(&l->plan);
	doc_release(&l->doc);
	diag_file_free(l->f);
}

/* The text of the call tree of TREE for `scenario`, in `format`. */
static char *render(const char *scenario, void (*format)(struct buf *, const struct calltree *))
{
	struct tree_plan l;
	struct calltree t;
	struct buf out = BUF_INIT;

	load(&l, TREE);
	assert_int_equal(calltree_build(&t, &l.plan, scenario), 0);
	format(&out, &t);
	calltree_release(&t);
	unload(&l);
	return buf_detach(&out);
}

static void text_en(struct buf *out, const struct calltree *t)
{
	calltree_text(out, t, false);
}

static void text_fr(struct buf *out, const struct calltree *t)
{
	calltree_text(out, t, true);
}

/* `text` has this whole line. */
static void has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; (p = strstr(p, line)); p++)
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return;
	fail_msg("no line '%s' in:\n%s", line, text);
}

static size_t occurrences(const char *text, const char *needle)
{
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* `a` comes before `b` in `text`, both present. */
static void in_order(const char *text, const char *a, const char *b)
{
	const char *x = strstr(text, a), *y = strstr(text, b);
	if (!x || !y || x >= y)
		fail_msg("'%s' should come before '%s' in:\n%s", a, b, text);
}

/* ---- building ---- */

static void levels_are_sorted_by_deadline(void **state)
{
	struct tree_plan l;
	struct calltree t;
	(void)state;
	load(&l, TREE);
	assert_int_equal(calltree_build(&t, &l.plan, NULL), 0);
	assert_int_equal(t.nr_levels, 4);
	/* By deadline; at the same deadline, by level. */
	static const long want[] = { 2, 1, 3, 4 };
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(t.levels[i].level->level, want[i]);
	assert_int_equal(t.levels[0].level->within, 15 * 60);
	assert_ptr_equal(t.plan, &l.plan);
	assert_null(t.scenario);
	calltree_release(&t);
	unload(&l);
}

static void role_resolves_to_holder_and_deputy(void **state)
{
	struct tree_plan l;
	struct calltree t;
	(void)state;
	load(&l, TREE);
	assert_int_equal(calltree_build(&t, &l.plan, NULL), 0);
	const struct call_level *first = &t.levels[0];	/* level 2 */
	assert_int_equal(first->nr, 2);

	const struct call *pilote = &first->calls[0];
	assert_string_equal(pilote->party, "pilote");
	assert_non_null(pilote->role);
	assert_string_equal(pilote->role->id, "pilote");
	assert_string_equal(pilote->who->id, "c-a");
	assert_string_equal(pilote->fallback->id, "c-b");

	/* A contact named directly has no role and no fallback. */
	const struct call *bob = &first->calls[1];
	assert_string_equal(bob->party, "c-b");
	assert_null(bob->role);
	assert_string_equal(bob->who->id, "c-b");
	assert_null(bob->fallback);

	/* A role without a deputy has no fallback. */
	const struct call *expert = &t.levels[1].calls[0];
	assert_string_equal(expert->role->id, "expert");
	assert_string_equal(expert->who->id, "c-c");
	assert_null(expert->fallback);
	calltree_release(&t);
	unload(&l);
}

static void unknown_scenario_is_an_error(void **state)
{
	struct tree_plan l;
	struct calltree t;
	(void)state;
	load(&l, TREE);
	crisis_error_clear();
	assert_int_equal(calltree_build(&t, &l.plan, "nope"), -1);
	assert_string_equal(crisis_error_last(), "plan 't' has no scenario 'nope'");
	calltree_release(&t);	/* nothing to release, and harmless */
	unload(&l);
}

static void scenario_adds_its_steps(void **state)
{
	struct tree_plan l;
	struct calltree t;
	(void)state;
	load(&l, TREE);
	assert_int_equal(calltree_build(&t, &l.plan, "panne"), 0);
	assert_string_equal(t.scenario->id, "panne");
	/* The steps that name someone, numbered in their procedure. */
	assert_int_equal(t.nr_steps, 2);
	assert_string_equal(t.steps[0].procedure->id, "bascule");
	assert_int_equal(t.steps[0].number, 1);
	assert_string_equal(t.steps[0].call.who->id, "sup-b");
	assert_int_equal(t.steps[1].number, 3);
	assert_string_equal(t.steps[1].call.who->id, "c-a");
	assert_string_equal(t.steps[1].call.fallback->id, "c-b");
	/* The levels are the plan's, whatever the scenario. */
	assert_int_equal(t.nr_levels, 4);
	calltree_release(&t);

	/* Without a scenario, no steps. */
	assert_int_equal(calltree_build(&t, &l.plan, NULL), 0);
	assert_int_equal(t.nr_steps, 0);
	calltree_release(&t);
	unload(&l);
}

static void suppliers_are_the_external_contacts(void **state)
{
	struct tree_plan l;
	struct calltree t;
	(void)state;
	load(&l, TREE);

	/* Every external contact of the plan, those the tree calls first. */
	assert_int_equal(calltree_build(&t, &l.plan, NULL), 0);
	assert_int_equal(t.nr_suppliers, 3);
	assert_string_equal(t.suppliers[0]->id, "sup-a");
	assert_string_equal(t.suppliers[1]->id, "sup-b");
	assert_string_equal(t.suppliers[2]->id, "sup-c");
	calltree_release(&t);

	/* For a scenario, those its tree calls: levels and steps, each once. */
	assert_int_equal(calltree_build(&t, &l.plan, "panne"), 0);
	assert_int_equal(t.nr_suppliers, 2);
	assert_string_equal(t.suppliers[0]->id, "sup-a");
	assert_string_equal(t.suppliers[1]->id, "sup-b");
	calltree_release(&t);

	assert_int_equal(calltree_build(&t, &l.plan, "autre"), 0);
	assert_int_equal(t.nr_suppliers, 1);
	assert_string_equal(t.suppliers[0]->id, "sup-a");
	calltree_release(&t);
	unload(&l);
}

static void plan_without_levels(void **state)
{
	struct tree_plan l;
	struct calltree t;
	struct buf out = BUF_INIT;
	(void)state;
	load(&l, TOP "contacts:\n  - id: c-a\n    name: Alice\n");
	assert_int_equal(calltree_build(&t, &l.plan, NULL), 0);
	assert_int_equal(t.nr_levels, 0);
	assert_int_equal(t.nr_suppliers, 0);
	calltree_text(&out, &t, false);
	has_line(out.ptr, "The plan has no escalation levels.");
	assert_null(strstr(out.ptr, "EXTERNAL SUPPLIERS"));
	buf_release(&out);
	calltree_release(&t);
	unload(&l);
}

/* ---- text ---- */

static void text_heading(void **state)
{
	(void)state;
	char *out = render("panne", text_en);
	assert_memory_equal(out, "CALL TREE  Plan \"test\"\nplan t\nScenario: Panne du centre (panne)\n",
			    strlen("CALL TREE  Plan \"test\"\nplan t\nScenario: Panne du centre (panne)\n"));
	free(out);
	out = render(NULL, text_en);
	assert_null(strstr(out, "Scenario:"));
	free(out);
}

static void text_levels_by_deadline_from_the_alert(void **state)
{
	(void)state;
	char *out = render(NULL, text_en);
	/* T+ the deadline, then the level at column 13. */
	has_line(out, "T+15 min    LEVEL 2, go on if unreachable");
	has_line(out, "T+1 h       LEVEL 1, call up to 2 times");
	has_line(out, "T+2 h       LEVEL 3");
	has_line(out, "T+2 h       LEVEL 4");
	in_order(out, "LEVEL 2", "LEVEL 1");
	in_order(out, "LEVEL 1", "LEVEL 3");
	in_order(out, "LEVEL 3", "LEVEL 4");
	free(out);
}

static void text_person_lines(void **state)
{
	(void)state;
	char *out = render(NULL, text_en);
	/* Phones from column 37, two at most, then the availability. */
	has_line(out, "  [ ] Alice Martin                  +33 6 00 00 00 01  +33 1 00 00 00 01  24/7");
	assert_null(strstr(out, "+33 7 00 00 00 01"));
	/* What they are called as, and their title. */
	has_line(out, "      pilote: Directrice");
	/* Columns count characters, not bytes. */
	has_line(out, "  [ ] Élodie Roux                   NO PHONE");
	has_line(out, "      expert");
	free(out);
}

static void text_fallback_lines(void **state)
{
	(void)state;
	char *out = render(NULL, text_en);
	has_line(out, "      fallback: Bob \"Bobby\" Durand  +33 6 00 00 00 02  office hours");
	in_order(out, "      pilote: Directrice", "      fallback: Bob");
	has_line(out, "      no fallback: the role has no deputy");
	in_order(out, "      expert\n", "      no fallback");
	/* A contact called directly is no role: neither line. */
	const char *bob = strstr(out, "  [ ] Bob");
	assert_non_null(bob);
	assert_memory_equal(strchr(bob, '\n') + 1, "\nT+1 h", 6);
	free(out);
}

static void text_long_names_put_phones_under(void **state)
{
	(void)state;
	char *out = render(NULL, text_en);
	has_line(out, "  [ ] Voxalia Crise, plateforme d'appels");
	has_line(out, "                                    +33 1 99 00 20 00  24/7");
	free(out);
}

static void text_external_suppliers(void **state)
{
	(void)state;
	char *out = render(NULL, text_en);
	has_line(out, "EXTERNAL SUPPLIERS  time to activate: by day / at night");
	const char *sup = strstr(out, "EXTERNAL SUPPLIERS");
	in_order(sup, "Voxalia", "Teleos");
	in_order(sup, "Teleos", "Dormant");
	has_line(sup, "      activation: 1 h by day, 3 h at night");
	/* A delay not given is a question mark. */
	has_line(sup, "      activation: 30 min by day, ? at night");
	/* No delay at all: no activation line. */
	has_line(sup, "  [ ] Dormant                       NO PHONE");
	assert_int_equal(occurrences(sup, "activation:"), 2);
	free(out);
}

static void text_procedure_steps(void **state)
{
	(void)state;
	char *out = render("panne", text_en);
	has_line(out, "PROCEDURE bascule: Bascule");
	has_line(out, "  step 1, within 30 min: Appeler le prestataire");
	has_line(out, "  step 3: Décider");
	assert_null(strstr(out, "Attendre"));
	const char *steps = strstr(out, "PROCEDURE bascule");
	in_order(steps, "  step 1, within", "  [ ] Teleos");
	in_order(steps, "  step 3: Décider", "      fallback: Bob");
	free(out);
}

/* ---- Graphviz ---- */

static void dot_is_a_digraph(void **state)
{
	(void)state;
	char *out = render(NULL, calltree_dot);
	assert_memory_equal(out, "digraph calltree {\n", strlen("digraph calltree {\n"));
	assert_string_equal(out + strlen(out) - 2, "}\n");
	has_line(out, "  alert -> level1 [style=bold];");
	has_line(out, "  level1 -> level2 [style=bold];");
	has_line(out, "  level3 -> level4 [style=bold];");
	has_line(out, "  level1 [shape=oval, label=\"Level 2\\nT+15 min\"];");
	free(out);
}

static void dot_escapes_quotes(void **state)
{
	(void)state;
	char *out = render(NULL, calltree_dot);
	has_line(out, "  label=\"Plan \\\"test\\\"\";");
	has_line(out, "  \"c:c-b\" [label=\"Bob \\\"Bobby\\\" Durand\\n+33 6 00 00 00 02\\noffice hours\"];");
	/* Every quote in the output opens, closes or is escaped: an even number per line. */
	for (const char *line = out; *line;) {
		size_t n = strcspn(line, "\n"), quotes = 0;
		for (size_t i = 0; i < n; i++)
			quotes += line[i] == '"' && (i == 0 || line[i - 1] != '\\');
		if (quotes % 2)
			fail_msg("unbalanced quotes in '%.*s'", (int)n, line);
		line += n + (line[n] == '\n');
	}
	free(out);
}

static void dot_calls_and_fallbacks(void **state)
{
	(void)state;
	char *out = render(NULL, calltree_dot);
	has_line(out, "  level1 -> \"c:c-a\" [label=\"pilote\"];");
	has_line(out, "  \"c:c-a\" -> \"c:c-b\" [style=dotted, label=\"fallback\"];");
	has_line(out, "  level1 -> \"c:c-b\";");
	/* Each person is drawn once, however often called. */
	assert_int_equal(occurrences(out, "\n  \"c:c-a\" [label="), 1);
	assert_int_equal(occurrences(out, "\n  \"c:c-b\" [label="), 1);
	/* Suppliers dashed, even those the levels do not call. */
	assert_non_null(strstr(out, "\"c:sup-c\" [label=\"Dormant\\nNO PHONE\", style=dashed];"));
	free(out);
}

static void dot_steps(void **state)
{
	(void)state;
	char *out = render("panne", calltree_dot);
	has_line(out, "  step1 [shape=note, label=\"bascule, step 1\"];");
	has_line(out, "  step1 -> \"c:sup-b\";");
	has_line(out, "  step2 [shape=note, label=\"bascule, step 3\"];");
	has_line(out, "  step2 -> \"c:c-a\" [label=\"pilote\"];");
	free(out);
}

/* ---- JSON ---- */

#define SMALL TOP \
	"contacts:\n" \
	"  - id: c-a\n" \
	"    name: Alice\n" \
	"    phones: [\"+33 6 00 00 00 01\"]\n" \
	"    available: 24/7\n" \
	"  - id: c-b\n" \
	"    name: Bob\n" \
	"  - id: sup\n" \
	"    name: \"Sup \\\"S\\\"\"\n" \
	"    org: external\n" \
	"    activation:\n" \
	"      day: PT1H\n" \
	"cell:\n" \
	"  - id: pilote\n" \
	"    group: orchestrator\n" \
	"    holder: c-a\n" \
	"    deputy: c-b\n" \
	"escalation:\n" \
	"  - level: 1\n" \
	"    within: PT15M\n" \
	"    notify: [pilote, sup]\n" \
	"scenarios:\n" \
	"  - id: s1\n" \
	"    title: S\n" \
	"    procedures: [p1]\n" \
	"procedures:\n" \
	"  - id: p1\n" \
	"    title: P\n" \
	"    steps:\n" \
	"      - do: X\n" \
	"        who: c-b\n" \
	"        within: PT10M\n"

static void json_shape(void **state)
{
	struct tree_plan l;
	struct calltree t;
	struct buf out = BUF_INIT;
	(void)state;
	load(&l, SMALL);
	assert_int_equal(calltree_build(&t, &l.plan, "s1"), 0);
	calltree_json(&out, &t);
	assert_string_equal(out.ptr,
		"{\"plan\": \"t\", \"scenario\": \"s1\", \"levels\": ["
		"{\"level\": 1, \"within\": \"PT15M\", \"within_seconds\": 900, \"calls\": ["
		"{\"party\": \"pilote\", \"role\": \"pilote\", "
		"\"who\": {\"id\": \"c-a\", \"name\": \"Alice\", \"phones\": [\"+33 6 00 00 00 01\"], \"available\": \"24/7\"}, "
		"\"fallback\": {\"id\": \"c-b\", \"name\": \"Bob\", \"phones\": [], \"available\": null}}, "
		"{\"party\": \"sup\", \"role\": null, "
		"\"who\": {\"id\": \"sup\", \"name\": \"Sup \\\"S\\\"\", \"phones\": [], \"available\": null}, "
		"\"fallback\": null}]}], "
		"\"steps\": [{\"procedure\": \"p1\", \"step\": 1, \"within\": \"PT10M\", \"call\": "
		"{\"party\": \"c-b\", \"role\": null, "
		"\"who\": {\"id\": \"c-b\", \"name\": \"Bob\", \"phones\": [], \"available\": null}, "
		"\"fallback\": null}}], "
		"\"suppliers\": [{\"id\": \"sup\", \"name\": \"Sup \\\"S\\\"\", \"phones\": [], \"available\": null, "
		"\"activation_day\": \"PT1H\", \"activation_night\": null}]}\n");
	buf_release(&out);
	calltree_release(&t);
	unload(&l);
}

static void json_without_scenario(void **state)
{
	struct tree_plan l;
	struct calltree t;
	struct buf out = BUF_INIT;
	(void)state;
	load(&l, SMALL);
	assert_int_equal(calltree_build(&t, &l.plan, NULL), 0);
	calltree_json(&out, &t);
	assert_memory_equal(out.ptr, "{\"plan\": \"t\", \"scenario\": null, \"levels\": [",
			    strlen("{\"plan\": \"t\", \"scenario\": null, \"levels\": ["));
	assert_non_null(strstr(out.ptr, "\"steps\": [], \"suppliers\": [{\"id\": \"sup\""));
	buf_release(&out);
	calltree_release(&t);
	unload(&l);
}

/* A French plan's tree speaks French, and every line fits a page of 80 columns. */
static void text_in_french_within_80_columns(void **state)
{
	(void)state;
	char *out = render("panne", text_fr);
	assert_non_null(strstr(out, "ARBRE D'APPEL  Plan"));
	assert_non_null(strstr(out, "NIVEAU 1"));
	assert_null(strstr(out, "LEVEL"));
	for (const char *line = out; *line;) {
		size_t n = strcspn(line, "\n");
		if (utf8_width(line, n) > 80)
			fail_msg("a line of %zu columns: %.*s", utf8_width(line, n), (int)n, line);
		line += n + (line[n] == '\n');
	}
	free(out);
	out = render("panne", text_en);
	for (const char *line = out; *line;) {
		size_t n = strcspn(line, "\n");
		assert_true(utf8_width(line, n) <= 80);
		line += n + (line[n] == '\n');
	}
	free(out);
}

TEST_MAIN(
	cmocka_unit_test(text_in_french_within_80_columns),
	cmocka_unit_test(levels_are_sorted_by_deadline),
	cmocka_unit_test(role_resolves_to_holder_and_deputy),
	cmocka_unit_test(unknown_scenario_is_an_error),
	cmocka_unit_test(scenario_adds_its_steps),
	cmocka_unit_test(suppliers_are_the_external_contacts),
	cmocka_unit_test(plan_without_levels),
	cmocka_unit_test(text_heading),
	cmocka_unit_test(text_levels_by_deadline_from_the_alert),
	cmocka_unit_test(text_person_lines),
	cmocka_unit_test(text_fallback_lines),
	cmocka_unit_test(text_long_names_put_phones_under),
	cmocka_unit_test(text_external_suppliers),
	cmocka_unit_test(text_procedure_steps),
	cmocka_unit_test(dot_is_a_digraph),
	cmocka_unit_test(dot_escapes_quotes),
	cmocka_unit_test(dot_calls_and_fallbacks),
	cmocka_unit_test(dot_steps),
	cmocka_unit_test(json_shape),
	cmocka_unit_test(json_without_scenario),
)
