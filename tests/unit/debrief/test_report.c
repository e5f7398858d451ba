#include "unit.h"
#include "check/diag.h"
#include "check/doc.h"
#include "check/load.h"
#include "check/schema.h"
#include "debrief/report.h"
#include "util/csv.h"
#include "util/date.h"
#include "util/fs.h"
#include "util/utf8.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define FRENCH "plans/examples/retex-exercice-incendie-siege.yaml"
#define ENGLISH "plans/examples/retex-cyberattaque-2026.yaml"

/*
 * A lesson that Markdown, HTML and terminals must not take as their own: a
 * table cell's bar, a script, a line break and an escape character.
 */
#define HOSTILE_LESSON \
	"  - id: hostile\n" \
	"    text: \"Pipe | here <script>alert(1)</script>\\nsecond line \\e[31m red\"\n" \
	"    tags: [securite]\n"

/* 2027-01-20: a-comptage (due 2026-12-18) and a-sms-salaries (2027-01-15) are late. */
static int64_t late_day(void)
{
	return date_days(2027, 1, 20);
}

/* 2026-12-01: every action is still in time. */
static int64_t early_day(void)
{
	return date_days(2026, 12, 1);
}

/* ---- building debriefs from text ---- */

struct loaded_debrief {
	struct doc doc;
	struct debrief d;
};

/* Load a debrief, check it against the schema as `crisis debrief validate` does, build it. */
static void debrief_open(struct loaded_debrief *l, const char *yaml)
{
	struct diag_file *f = diag_file_new("t.yaml", unit_severities());
	struct schema *schema = schema_builtin("crisis-debrief.xsd", NULL);
	memset(l, 0, sizeof(*l));
	assert_non_null(schema);
	assert_int_equal(load_yaml(&l->doc, yaml, strlen(yaml), f), 0);
	assert_int_equal(schema_validate(schema, &l->doc, f, NULL), 0);
	assert_int_equal(f->nr, 0);
	debrief_build(&l->d, xmlDocGetRootElement(l->doc.xml));
	schema_free(schema);
	diag_file_free(f);
}

static void debrief_close(struct loaded_debrief *l)
{
	debrief_release(&l->d);
	doc_release(&l->doc);
}

/* The text of an example (to free). */
static char *example(const char *path)
{
	struct buf text = BUF_INIT;
	assert_int_equal(fs_read_file(path, &text), 0);
	return buf_detach(&text);
}

/* The French example with the hostile lesson (to free). */
static char *hostile(void)
{
	char *yaml = example(FRENCH);
	char *with = replaced(yaml, "\nactions:\n", HOSTILE_LESSON "\nactions:\n");
	free(yaml);
	return with;
}

/* The report of a debrief's text (to free). */
static char *report_of(const char *yaml, enum report_format f, int64_t today)
{
	struct loaded_debrief l;
	struct buf out = BUF_INIT;
	debrief_open(&l, yaml);
	debrief_report(&out, &l.d, f, today);
	debrief_close(&l);
	return buf_detach(&out);
}

static char *report_of_file(const char *path, enum report_format f, int64_t today)
{
	char *yaml = example(path);
	char *out = report_of(yaml, f, today);
	free(yaml);
	return out;
}

/* The actions of debriefs, in debriefs/<id>.yaml, each on line 100 + its index (to free). */
static char *actions_of(const char *const *yamls, size_t nr, enum actions_format f, int64_t today)
{
	struct loaded_debrief *l = xcalloc(nr + 1, sizeof(*l));
	struct buf *paths = xcalloc(nr + 1, sizeof(*paths));
	struct action_row *rows = NULL;
	size_t nr_rows = 0;
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < nr; i++) {
		debrief_open(&l[i], yamls[i]);
		buf_addf(&paths[i], "debriefs/%s.yaml", l[i].d.id);
		rows = xrealloc(rows, (nr_rows + l[i].d.nr_actions + 1) * sizeof(*rows));
		for (size_t k = 0; k < l[i].d.nr_actions; k++)
			rows[nr_rows++] = (struct action_row){
				&l[i].d, &l[i].d.actions[k], paths[i].ptr, (long)(100 + k),
			};
	}
	actions_table(&out, rows, nr_rows, f, today);
	for (size_t i = 0; i < nr; i++) {
		debrief_close(&l[i]);
		buf_release(&paths[i]);
	}
	free(paths);
	free(rows);
	free(l);
	return buf_detach(&out);
}

static char *actions_of_examples(enum actions_format f, int64_t today)
{
	char *fr = example(FRENCH), *en = example(ENGLISH);
	const char *yamls[] = { fr, en };
	char *out = actions_of(yamls, 2, f, today);
	free(fr);
	free(en);
	return out;
}

/* ---- looking into the output ---- */

static bool ends_with(const char *text, const char *suffix)
{
	size_t n = strlen(text), m = strlen(suffix);
	return n >= m && !strcmp(text + n - m, suffix);
}

/* Every line at most `max` characters, every byte part of valid UTF-8, no control but \n. */
static void assert_printable(const char *text, size_t max)
{
	for (const char *p = text; *p; ) {
		size_t n = utf8_valid_len(p);
		if (!n)
			fail_msg("invalid UTF-8 at byte %zu: %.40s", (size_t)(p - text), p);
		if (((unsigned char)*p < 0x20 && *p != '\n') || *p == 0x7F)
			fail_msg("control character 0x%02x in the output", (unsigned char)*p);
		p += n;
	}
	for (const char *line = text; max && *line; ) {
		size_t n = strcspn(line, "\n");
		if (utf8_chars(line, n) > max)
			fail_msg("line wider than %zu columns: %.*s", max, (int)n, line);
		line += n + (line[n] == '\n');
	}
}

static void assert_json(const char *text)
{
	if (!unit_json_valid(text))
		fail_msg("not JSON:\n%s", text);
}

/* ---- the examples ---- */

static void examples_load_into_the_model(void **state)
{
	char *fr = example(FRENCH), *en = example(ENGLISH);
	struct loaded_debrief l;
	(void)state;
	debrief_open(&l, fr);
	assert_string_equal(l.d.id, "retex-exercice-incendie-siege");
	assert_string_equal(l.d.run, "2026-11-22-exercice-incendie-siege");
	assert_null(l.d.crisis);
	assert_int_equal(l.d.nr_actions, 7);
	assert_int_equal(l.d.nr_lessons, 5);
	assert_int_equal(l.d.went_wrong.nr, 6);
	debrief_close(&l);
	debrief_open(&l, en);
	assert_string_equal(l.d.crisis, "Ransomware attack of 3 March 2026");
	assert_int_equal(l.d.nr_actions, 7);
	assert_int_equal(l.d.nr_decisions, 7);
	debrief_close(&l);
	free(fr);
	free(en);
}

/* ---- the report ---- */

static const char *const text_headings[] = {
	"\nOVERVIEW\n", "\nTIMELINE\n", "\nSTRENGTHS\n", "\nAREAS FOR IMPROVEMENT\n",
	"\nDECISIONS\n", "\nLESSONS LEARNED\n", "\nIMPROVEMENT PLAN\n",
};
static const char *const md_headings[] = {
	"## Overview\n", "## Timeline\n", "## Strengths\n", "## Areas for improvement\n",
	"## Decisions\n", "## Lessons learned\n", "## Improvement plan\n",
};
static const char *const html_headings[] = {
	"<h2>Overview</h2>", "<h2>Timeline</h2>", "<h2>Strengths</h2>",
	"<h2>Areas for improvement</h2>", "<h2>Decisions</h2>", "<h2>Lessons learned</h2>",
	"<h2>Improvement plan</h2>",
};

static void has_sections_and_actions(const char *path, enum report_format f,
				     const char *const *headings)
{
	struct loaded_debrief l;
	char *yaml = example(path);
	char *out = report_of(yaml, f, late_day());
	const char *at = out;
	/* Every heading, in order. */
	for (size_t i = 0; i < 7; i++) {
		const char *h = strstr(at, headings[i]);
		if (!h)
			fail_msg("no '%s' after the previous heading in:\n%s", headings[i], out);
		at = h + strlen(headings[i]);
	}
	/* Every action, in the improvement plan. */
	debrief_open(&l, yaml);
	for (size_t i = 0; i < l.d.nr_actions; i++)
		if (!strstr(at, l.d.actions[i].id))
			fail_msg("action '%s' not in the improvement plan", l.d.actions[i].id);
	debrief_close(&l);
	free(out);
	free(yaml);
}

static void report_has_every_section_and_action(void **state)
{
	(void)state;
	for (size_t i = 0; i < 2; i++) {
		const char *path = i ? ENGLISH : FRENCH;
		has_sections_and_actions(path, REPORT_TEXT, text_headings);
		has_sections_and_actions(path, REPORT_MD, md_headings);
		has_sections_and_actions(path, REPORT_HTML, html_headings);
	}
}

static void overview_says_what_it_is_about(void **state)
{
	char *text = report_of_file(FRENCH, REPORT_TEXT, late_day());
	(void)state;
	assert_true(unit_starts(text, "After-action report: RETEX \xE2\x80\x94 exercice incendie"));
	owned_has(unit_line_with(text, "Drill run "), "2026-11-22-exercice-incendie-siege");
	owned_has(unit_line_with(text, "Plan "), "site-incendie-inondation-greve");
	owned_has(unit_line_with(text, "Date "), "2026-11-26");
	owned_has(unit_line_with(text, "Participants "), "c-morel, c-renaud, c-guerin");
	owned_has(unit_line_with(text, "Actions "), "7 actions: 6 open (2 overdue), 1 done, 0 dropped");
	assert_null(strstr(text, "Crisis "));
	free(text);

	text = report_of_file(ENGLISH, REPORT_MD, late_day());
	assert_non_null(strstr(text, "- **Crisis:** Ransomware attack of 3 March 2026\n"));
	assert_null(strstr(text, "Drill run"));
	assert_non_null(strstr(text, "- **Actions:** 7 actions: 5 open (1 overdue), 1 done, 1 dropped\n"));
	free(text);
}

static void text_report_fits_100_columns(void **state)
{
	(void)state;
	for (size_t i = 0; i < 2; i++) {
		char *text = report_of_file(i ? ENGLISH : FRENCH, REPORT_TEXT, late_day());
		assert_printable(text, 100);
		free(text);
	}
	/* What to do is under its action; the plan too, only where it is not the debrief's. */
	char *yaml = example(FRENCH);
	char *other = replaced(yaml, "    element: training\n",
			       "    element: training\n    plan: pca-siege\n");
	char *text = report_of(other, REPORT_TEXT, late_day());
	const char *row = strstr(text, "\n  a-main-courante ");
	assert_non_null(row);
	assert_non_null(strstr(row, "\n      Former les membres de la cellule"));
	owned_has(unit_line_with(row, "Plan: "), "      Plan: pca-siege");
	assert_int_equal(unit_count(text, "Plan: "), 1);
	free(text);
	free(other);
	free(yaml);
}

static void lessons_keep_their_tags(void **state)
{
	char *md = report_of_file(FRENCH, REPORT_MD, late_day());
	(void)state;
	assert_non_null(strstr(md, "| Lesson | Text | Tags |\n|---|---|---|\n| alerte | La chaîne d'alerte "
				   "de nuit"));
	assert_non_null(strstr(md, "premiers niveaux de l'escalade. | alerte, astreinte, prestataire |\n"));
	free(md);
}

static void user_text_is_escaped(void **state)
{
	char *yaml = hostile();
	(void)state;

	char *md = report_of(yaml, REPORT_MD, late_day());
	assert_non_null(strstr(md, "| hostile | Pipe \\| here \\<script\\>alert(1)\\</script\\> second line "
				   "\xEF\xBF\xBD\\[31m red | securite |\n"));
	for (const char *lt = strchr(md, '<'); lt; lt = strchr(lt + 1, '<'))
		if (lt == md || lt[-1] != '\\')
			fail_msg("raw '<' in Markdown: %.40s", lt);
	assert_null(strchr(md, '\x1b'));
	free(md);

	char *html = report_of(yaml, REPORT_HTML, late_day());
	assert_non_null(strstr(html, "<td>hostile</td><td>Pipe | here &lt;script&gt;alert(1)&lt;/script&gt; "
				     "second line \xEF\xBF\xBD[31m red</td>"));
	assert_null(strstr(html, "<script"));
	assert_null(strchr(html, '\x1b'));
	assert_non_null(strstr(html, "@page { size: A4;"));
	free(html);

	char *text = report_of(yaml, REPORT_TEXT, late_day());
	assert_printable(text, 100);
	owned_has(unit_line_with(text, "Pipe | here"), "<script>alert(1)</script> second line \xEF\xBF\xBD[31m red");
	free(text);

	char *json = report_of(yaml, REPORT_JSON, late_day());
	assert_json(json);
	assert_non_null(strstr(json, "{\"id\": \"hostile\", \"text\": \"Pipe | here <script>alert(1)</script>"
				     "\\nsecond line \\u001b[31m red\", \"tags\": [\"securite\"]}"));
	free(json);
	free(yaml);
}

static void overdue_actions_are_findings(void **state)
{
	char *html = report_of_file(FRENCH, REPORT_HTML, late_day());
	(void)state;
	/* Open and past due: marked; done though past due, or not yet due: not. */
	assert_non_null(strstr(html, "<tr class=\"finding\"><td>a-comptage</td>"));
	assert_non_null(strstr(html, "<tr class=\"finding\"><td>a-sms-salaries</td>"));
	assert_non_null(strstr(html, "<tr><td>a-liste-astreinte</td>"));
	assert_non_null(strstr(html, "<tr><td>a-classeur</td>"));
	assert_int_equal(unit_count(html, "<tr class=\"finding\">"), 2);
	assert_non_null(strstr(html, "<p>Finding: 2 open actions are past their due date as of 2027-01-20: "
				     "a-comptage, a-sms-salaries."));
	free(html);

	char *text = report_of_file(FRENCH, REPORT_TEXT, late_day());
	owned_has(unit_line_with(text, "  a-comptage "), " overdue");
	char *done = unit_line_with(text, "  a-liste-astreinte ");
	assert_non_null(strstr(done, " done "));
	assert_null(strstr(done, "overdue"));
	owned_has(done, "3f2c1ab");
	owned_has(unit_line_with(text, "  a-classeur "), " open");
	free(text);

	/* Before any due date, nothing is a finding. */
	html = report_of_file(FRENCH, REPORT_HTML, early_day());
	assert_null(strstr(html, "class=\"finding\""));
	assert_null(strstr(html, "Finding:"));
	assert_null(strstr(html, "overdue<"));
	free(html);

	/* A dropped action is never late. */
	text = report_of_file(ENGLISH, REPORT_TEXT, date_days(2030, 1, 1));
	owned_has(unit_line_with(text, "  a-monthly-image "), " dropped");
	owned_has(unit_line_with(text, "Finding: "), "Finding: 5 open actions are past their due date");
	free(text);
}

static void report_json_is_valid_and_counts(void **state)
{
	char *json = report_of_file(FRENCH, REPORT_JSON, late_day());
	(void)state;
	assert_json(json);
	assert_true(unit_starts(json, "{\"version\": 1,\n \"debrief\": {\"id\": \"retex-exercice-incendie-siege\", "
				   "\"title\": \"RETEX"));
	assert_non_null(strstr(json, "\"drill_run\": \"2026-11-22-exercice-incendie-siege\", \"crisis\": null, "
				     "\"plan\": \"site-incendie-inondation-greve\", \"date\": \"2026-11-26\"},\n"));
	assert_non_null(strstr(json, "\n \"participants\": [\"c-morel\", \"c-renaud\", "));
	assert_int_equal(unit_count(json, "{\"at\": \"PT"), 13 + 5);	/* timeline, decisions */
	assert_int_equal(unit_count(json, "\"tags\": ["), 5);
	assert_int_equal(unit_count(json, "\"overdue\": true"), 2);
	assert_int_equal(unit_count(json, "\"overdue\": false"), 5);
	/* The plan an action changes: its own, else the debrief's. */
	assert_non_null(strstr(json, "{\"id\": \"a-main-courante\", \"status\": \"open\", \"overdue\": false, "
				     "\"due\": \"2027-03-31\", \"owner\": \"c-royer\", \"plan\": "
				     "\"site-incendie-inondation-greve\", \"element\": \"training\", \"do\": "
				     "\"Former les membres"));
	assert_non_null(strstr(json, "\"lesson\": \"alerte\", \"closed_by\": \"3f2c1ab\"}"));
	assert_true(ends_with(json, "\n \"summary\": {\"as_of\": \"2027-01-20\", \"actions\": 7, \"open\": 6, "
				    "\"overdue\": 2, \"done\": 1, \"dropped\": 0}}\n"));
	free(json);

	json = report_of_file(ENGLISH, REPORT_JSON, late_day());
	assert_json(json);
	assert_non_null(strstr(json, "\"drill_run\": null, \"crisis\": \"Ransomware attack of 3 March 2026\""));
	assert_int_equal(unit_count(json, "\"went_well\": [\""), 1);
	assert_true(ends_with(json, "\"actions\": 7, \"open\": 5, \"overdue\": 1, \"done\": 1, \"dropped\": 1}}\n"));
	free(json);
}

static void empty_debrief_still_reads(void **state)
{
	static const char bare[] =
		"format: crisis/v1\nkind: debrief\nid: bare\nabout:\n  plan: p1\ndate: 2026-01-02\n";
	(void)state;
	char *text = report_of(bare, REPORT_TEXT, late_day());
	assert_true(unit_starts(text, "After-action report: bare\n"));
	owned_has(unit_line_with(text, "About "), "-");
	owned_has(unit_line_with(text, "Participants "), "-");
	assert_non_null(strstr(text, "No timeline was recorded."));
	assert_non_null(strstr(text, "No lesson was recorded."));
	assert_non_null(strstr(text, "No corrective action was decided."));
	assert_null(strstr(text, "unless another plan"));
	free(text);
	char *json = report_of(bare, REPORT_JSON, late_day());
	assert_json(json);
	assert_non_null(strstr(json, "\"participants\": [],\n \"timeline\": [],\n \"went_well\": [],\n "
				     "\"went_wrong\": [],\n \"decisions\": [],\n \"lessons\": [],\n \"actions\": []"));
	free(json);
}

/* ---- the actions of the workspace ---- */

static void actions_text_has_a_line_each_and_a_summary(void **state)
{
	char *text = actions_of_examples(ACTIONS_TEXT, late_day());
	(void)state;
	assert_printable(text, 100);
	assert_true(ends_with(text, "\n14 actions: 11 open (3 overdue), 2 done, 1 dropped\n"));
	/* One line for each action, under the debrief it comes from. */
	const char *fr = strstr(text, "\nretex-exercice-incendie-siege "
				      "(debriefs/retex-exercice-incendie-siege.yaml)\n");
	const char *en = strstr(text, "\nretex-cyberattaque-2026 (debriefs/retex-cyberattaque-2026.yaml)\n");
	assert_true(fr && en && fr < en);
	assert_true(strstr(text, "a-adv-nuit") < en && strstr(text, "a-erp-deputy") > en);
	char *line = unit_line_with(text, " a-comptage ");
	assert_true(unit_starts(line, "  101 "));
	assert_true(ends_with(line, " overdue  2026-12-18  responsable-securite  planning"));
	free(line);
	owned_has(unit_line_with(text, " a-erp-deputy "), " overdue ");
	owned_has(unit_line_with(text, " a-monthly-image "), " dropped ");
	owned_has(unit_line_with(text, " a-liste-astreinte "), " done ");
	/* The column heads, once. */
	assert_int_equal(unit_count(text, "LINE  ID "), 1);
	/* The ids are long: what to do goes under its row, cut to fit. */
	assert_non_null(strstr(text, " planning\n      Confier le pointage des présents"));
	line = unit_line_with(text, "      Préparer trois");
	assert_true(ends_with(line, "\xE2\x80\xA6"));
	assert_int_equal(utf8_chars(line, strlen(line)), 100);
	free(line);
	/* Aligned: the element starts at the same column on every row. */
	char *head = unit_line_with(text, "LINE  ID ");
	size_t at = utf8_chars(head, (size_t)(strstr(head, "ELEMENT") - head));
	free(head);
	line = unit_line_with(text, " a-full-rebuild-exercise ");
	assert_int_equal(utf8_chars(line, (size_t)(strstr(line, " exercise") + 1 - line)), at);
	free(line);
	line = unit_line_with(text, " a-adv-nuit ");
	assert_int_equal(utf8_chars(line, (size_t)(strstr(line, "organisation") - line)), at);
	free(line);
	free(text);

	text = actions_of(NULL, 0, ACTIONS_TEXT, late_day());
	assert_string_equal(text, "0 actions: 0 open (0 overdue), 0 done, 0 dropped\n");
	free(text);
}

static void actions_json_flags_the_overdue(void **state)
{
	char *json = actions_of_examples(ACTIONS_JSON, late_day());
	(void)state;
	assert_json(json);
	assert_true(unit_starts(json, "{\"version\": 1,\n \"actions\": [\n  {\"id\": \"a-liste-astreinte\", "
				   "\"debrief\": \"retex-exercice-incendie-siege\", \"path\": "
				   "\"debriefs/retex-exercice-incendie-siege.yaml\", \"line\": 100, "
				   "\"status\": \"done\", \"overdue\": false, \"due\": \"2026-12-11\""));
	assert_non_null(strstr(json, "{\"id\": \"a-comptage\", \"debrief\": \"retex-exercice-incendie-siege\", "
				     "\"path\": \"debriefs/retex-exercice-incendie-siege.yaml\", "
				     "\"line\": 101, \"status\": \"open\", \"overdue\": true, "
				     "\"due\": \"2026-12-18\", \"owner\": \"responsable-securite\", "
				     "\"plan\": \"site-incendie-inondation-greve\", \"element\": \"planning\", "
				     "\"do\": \"Confier le pointage"));
	assert_non_null(strstr(json, "{\"id\": \"a-full-rebuild-exercise\", \"debrief\": "
				     "\"retex-cyberattaque-2026\""));
	assert_int_equal(unit_count(json, "\"overdue\": true"), 3);
	assert_int_equal(unit_count(json, "{\"id\": "), 14);
	assert_true(ends_with(json, "\n \"summary\": {\"as_of\": \"2027-01-20\", \"actions\": 14, \"open\": 11, "
				    "\"overdue\": 3, \"done\": 2, \"dropped\": 1}}\n"));
	free(json);

	json = actions_of(NULL, 0, ACTIONS_JSON, late_day());
	assert_json(json);
	owned_has(json, "\"actions\": [],\n \"summary\": {");
}

static void actions_csv_quotes_what_it_must(void **state)
{
	char *yaml = example(ENGLISH);
	char *odd = replaced(yaml, "      Give the ERP business lead a 24/7 deputy who is not the deputy crisis\n"
				   "      director, and train them on the ERP restore checks.\n",
			     "      Buy \"clean\" laptops, then test\n");
	char *formula = replaced(odd, "      Name a third break-glass keyholder living within 30 minutes of the safe\n"
				      "      and rehearse the two-person opening at night.\n",
				 "      =HYPERLINK(\"http://x\")\n");
	const char *yamls[] = { formula };
	char *csv = actions_of(yamls, 1, ACTIONS_CSV, late_day());
	struct csv_table t;
	(void)state;
	assert_true(unit_starts(csv, "id,debrief,path,line,status,overdue,due,owner,plan,element,do,lesson,closed_by\r\n"));
	assert_non_null(strstr(csv, "\r\na-erp-deputy,retex-cyberattaque-2026,"
				    "debriefs/retex-cyberattaque-2026.yaml,101,open,true,2026-12-18,"
				    "crisis-director,it-ransomware-recovery,organisation,"
				    "\"Buy \"\"clean\"\" laptops, then test\",deputies,\r\n"));
	assert_non_null(strstr(csv, ",\"'=HYPERLINK(\"\"http://x\"\")\","));
	assert_non_null(strstr(csv, "\r\na-offline-call-list,"));
	assert_non_null(strstr(csv, ",done,false,"));
	/* A spreadsheet reads it back: 13 fields a record, the text whole. */
	assert_int_equal(csv_parse(csv, strlen(csv), ',', &t), 0);
	assert_int_equal(t.nr, 8);
	for (size_t i = 0; i < t.nr; i++)
		assert_int_equal(t.rows[i].nr, 13);
	assert_string_equal(t.rows[2].fields[0], "a-erp-deputy");
	assert_string_equal(t.rows[2].fields[10], "Buy \"clean\" laptops, then test");
	assert_string_equal(t.rows[2].fields[5], "true");
	csv_table_release(&t);
	free(csv);
	free(formula);
	free(odd);
	free(yaml);
}

/* ---- cutting what to do ---- */

/* What to do at the end of the row (a short id) or under it (a long one). */
static void wide_utf8_is_cut_on_a_character(void **state)
{
	/* Characters of 1, 2, 3 and 4 bytes, so that some cut falls inside each. */
	static const char *const pieces[] = { "a", "é", "漢", "\xF0\x9F\x94\xA5" };
	static const char *const ids[] = { "a-1", "a-an-action-with-a-very-long-name-indeed" };
	(void)state;
	for (size_t shift = 0; shift < 8; shift++) {
		struct debrief d = { .id = "d1", .plan = "p1" };
		struct debrief_action a = {
			.id = ids[shift % 2], .owner = "c-owner", .element = "planning",
			.due_text = "2027-01-01", .due = date_days(2027, 1, 1), .status = ACTION_OPEN,
		};
		struct action_row row = { &d, &a, "debriefs/d1.yaml", 7 };
		struct buf what = BUF_INIT, out = BUF_INIT;
		for (size_t i = 0; i < shift / 2; i++)
			buf_addc(&what, 'x');
		for (size_t i = 0; i < 200; i++)
			buf_adds(&what, pieces[i % 4]);
		a.what = what.ptr;
		actions_table(&out, &row, 1, ACTIONS_TEXT, late_day());
		assert_printable(out.ptr, 100);
		/* The row, or the line under it. */
		const char *at = strstr(out.ptr, a.id);
		assert_non_null(at);
		char *line = shift % 2 ? unit_line_with(strchr(at, '\n') + 1, "      ") : unit_line_with(out.ptr, a.id);
		assert_true(ends_with(line, "\xE2\x80\xA6"));
		if (utf8_chars(line, strlen(line)) != 100)
			fail_msg("not 100 columns:\n%s", out.ptr);
		free(line);
		owned_has(unit_line_with(out.ptr, a.id), " overdue ");
		buf_release(&what);
		buf_release(&out);
	}
}

TEST_MAIN(
	cmocka_unit_test(examples_load_into_the_model),
	cmocka_unit_test(report_has_every_section_and_action),
	cmocka_unit_test(overview_says_what_it_is_about),
	cmocka_unit_test(text_report_fits_100_columns),
	cmocka_unit_test(lessons_keep_their_tags),
	cmocka_unit_test(user_text_is_escaped),
	cmocka_unit_test(overdue_actions_are_findings),
	cmocka_unit_test(report_json_is_valid_and_counts),
	cmocka_unit_test(empty_debrief_still_reads),
	cmocka_unit_test(actions_text_has_a_line_each_and_a_summary),
	cmocka_unit_test(actions_json_flags_the_overdue),
	cmocka_unit_test(actions_csv_quotes_what_it_must),
	cmocka_unit_test(wide_utf8_is_cut_on_a_character),
)
