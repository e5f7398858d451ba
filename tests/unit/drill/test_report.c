#include "unit.h"
#include "check/diag.h"
#include "check/doc.h"
#include "check/load.h"
#include "check/schema.h"
#include "drill/report.h"
#include "util/utf8.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/*
 * A record with something in every part of the report: a stand-in, one
 * expectation of each status (2 of the 4 not skipped are on time), a
 * decision, and notes that HTML, Markdown and terminals must not take as
 * their own.
 */
static const char run_yaml[] =
	"format: crisis/v1\n"
	"kind: drill-run\n"
	"id: 2026-11-22-incendie\n"
	"drill: incendie\n"
	"plan: pca-siege\n"
	"title: Exercice incendie du siège\n"
	"started: 2026-11-22T14:00:00+01:00\n"
	"ended: 2026-11-22T15:05:00+01:00\n"
	"speed: 2\n"
	"duration: PT2H\n"
	"participants:\n"
	"  - role: directeur-crise\n"
	"    played_by: c-martin\n"
	"    holder: c-durand\n"
	"    stand_in: true\n"
	"  - role: communicant\n"
	"    played_by: j-petit\n"
	"    holder: j-petit\n"
	"    stand_in: false\n"
	"events:\n"
	"  - at: PT0S\n"
	"    type: inject\n"
	"    inject: i-alarme\n"
	"    text: Le PC sécurité signale une fumée au 3e étage.\n"
	"  - at: PT3M\n"
	"    type: done\n"
	"    expect: e-alerte\n"
	"    rating: P\n"
	"  - at: PT12M\n"
	"    type: done\n"
	"    expect: convoquer-cellule\n"
	"    rating: P\n"
	"  - at: PT20M30S\n"
	"    type: decision\n"
	"    text: Évacuer le bâtiment B\n"
	"    by: directeur-crise\n"
	"    why: fumée visible depuis le parking\n"
	"  - at: PT24M30S\n"
	"    type: done\n"
	"    expect: e-pompiers\n"
	"    rating: M\n"
	"  - at: PT40M\n"
	"    type: note\n"
	"    text: les pompiers sont sur place\n"
	"  - at: PT50M\n"
	"    type: decision\n"
	"    text: Ouvrir un numéro vert\n"
	"    by: communicant\n"
	"  - at: PT1H\n"
	"    type: skip\n"
	"    expect: e-presse\n"
	"  - at: PT2H\n"
	"    type: end\n"
	"objectives:\n"
	"  - id: o-alerte\n"
	"    text: Alerter dans les délais du plan.\n"
	"    met: true\n"
	"  - id: o-communication\n"
	"    text: Parler d'une seule voix.\n"
	"    met: false\n"
	"outcomes:\n"
	"  - expect: e-alerte\n"
	"    inject: i-alarme\n"
	"    action: Lever le doute et alerter la sécurité.\n"
	"    by: c-gardien\n"
	"    objective: o-alerte\n"
	"    status: on-time\n"
	"    due: PT5M\n"
	"    done: PT3M\n"
	"    rating: P\n"
	"  - expect: convoquer-cellule\n"
	"    inject: i-alarme\n"
	"    action: Convoquer la cellule de crise.\n"
	"    by: directeur-crise\n"
	"    objective: o-alerte\n"
	"    status: on-time\n"
	"    due: PT15M\n"
	"    done: PT12M\n"
	"    rating: P\n"
	"  - expect: e-pompiers\n"
	"    inject: i-alarme\n"
	"    action: Appeler les pompiers (18 ou 112).\n"
	"    by: responsable-securite\n"
	"    status: late\n"
	"    due: PT20M\n"
	"    done: PT24M30S\n"
	"    late_by: PT4M30S\n"
	"    rating: M\n"
	"    notes: \"appel <script>alert(1)</script> & retard | voir PC\"\n"
	"  - expect: e-message\n"
	"    inject: i-alarme\n"
	"    action: Informer les salariés par SMS.\n"
	"    by: communicant\n"
	"    objective: o-communication\n"
	"    status: missed\n"
	"    due: PT45M\n"
	"    rating: U\n"
	"  - expect: e-presse\n"
	"    inject: i-alarme\n"
	"    action: Préparer un point presse.\n"
	"    by: communicant\n"
	"    status: skipped\n";

/* ---- building runs from text ---- */

struct loaded_run {
	struct doc doc;
	struct drill_run run;
};

/* Load a record, check it against the schema as `crisis drill validate` does, build it. */
static void run_open(struct loaded_run *l, const char *yaml)
{
	struct diag_file *f = diag_file_new("t.yaml", unit_severities());
	struct schema *schema = schema_builtin("crisis-drill.xsd", "drillRun");
	memset(l, 0, sizeof(*l));
	assert_non_null(schema);
	assert_int_equal(load_yaml(&l->doc, yaml, strlen(yaml), f), 0);
	assert_int_equal(schema_validate(schema, &l->doc, f, NULL), 0);
	assert_int_equal(f->nr, 0);
	drill_run_build(&l->run, xmlDocGetRootElement(l->doc.xml));
	schema_free(schema);
	diag_file_free(f);
}

static void run_close(struct loaded_run *l)
{
	drill_run_release(&l->run);
	doc_release(&l->doc);
}

/* The report of one record (to free). */
static char *report(const char *yaml, enum report_format f)
{
	struct loaded_run l;
	struct buf out = BUF_INIT;
	run_open(&l, yaml);
	report_run(&out, &l.run, f);
	run_close(&l);
	return buf_detach(&out);
}

/* The history of records, oldest first (to free). */
static char *history(const char *const *yamls, size_t nr, enum report_format f)
{
	struct loaded_run *l = xcalloc(nr + 1, sizeof(*l));
	const struct drill_run **runs = xcalloc(nr + 1, sizeof(*runs));
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < nr; i++) {
		run_open(&l[i], yamls[i]);
		runs[i] = &l[i].run;
	}
	report_history(&out, runs, nr, f);
	for (size_t i = 0; i < nr; i++)
		run_close(&l[i]);
	free(runs);
	free(l);
	return buf_detach(&out);
}

/* `text` with each `from` (there, once) replaced by `to`, NULL-terminated pairs (to free). */
static char *variant(const char *text, const char *from, ...)
{
	char *have = xstrdup(text);
	va_list ap;
	va_start(ap, from);
	for (const char *f = from; f; f = va_arg(ap, const char *)) {
		const char *to = va_arg(ap, const char *);
		const char *at = strstr(have, f);
		assert_non_null(at);
		assert_null(strstr(at + 1, f));
		char *next = replaced(have, f, to);
		free(have);
		have = next;
	}
	va_end(ap);
	return have;
}

/* Does `line` hold these parts, in this order? */
static bool in_order(const char *line, const char *const *parts, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		const char *at = strstr(line, parts[i]);
		if (!at)
			return false;
		line = at + strlen(parts[i]);
	}
	return true;
}

/* The text from `heading` to the next blank line (to free). */
static char *section(const char *text, const char *heading)
{
	const char *start = strstr(text, heading);
	if (!start)
		fail_msg("no '%s' in:\n%s", heading, text);
	const char *end = strstr(start, "\n\n");
	return xstrndup(start, end ? (size_t)(end - start) : strlen(start));
}

/* ---- a JSON checker: enough of RFC 8259 to refuse what is not JSON ---- */

/* ---- the checker itself ---- */

static void json_checker_refuses_broken_json(void **state)
{
	(void)state;
	assert_true(unit_json_valid("{\"a\": [1, -2.5e3, true, null, \"x\\u001b\"], \"b\": {}}\n"));
	assert_false(unit_json_valid("{\"a\": [1, 2,]}"));
	assert_false(unit_json_valid("{\"a\": \"raw\x1b\"}"));
	assert_false(unit_json_valid("{\"a\" 1}"));
	assert_false(unit_json_valid("{\"a\": 1} x"));
	assert_false(unit_json_valid("[\"unterminated]"));
}

/* ---- one run ---- */

static void formats_are_named(void **state)
{
	(void)state;
	assert_int_equal(report_format_parse("text"), REPORT_TEXT);
	assert_int_equal(report_format_parse("md"), REPORT_MD);
	assert_int_equal(report_format_parse("html"), REPORT_HTML);
	assert_int_equal(report_format_parse("json"), REPORT_JSON);
	assert_int_equal(report_format_parse("pdf"), -1);
	assert_int_equal(report_format_parse(""), -1);
	assert_int_equal(report_format_parse(NULL), -1);
}

static void title_block_names_the_run(void **state)
{
	char *text = report(run_yaml, REPORT_TEXT);
	(void)state;
	assert_true(unit_starts(text, "After-action report: Exercice incendie du siège\n===="));
	owned_has(unit_line_with(text, "Run "), "2026-11-22-incendie");
	owned_has(unit_line_with(text, "Plan "), "pca-siege");
	owned_has(unit_line_with(text, "Started "), "2026-11-22T14:00:00+01:00");
	owned_has(unit_line_with(text, "Ended "), "2026-11-22T15:05:00+01:00");
	owned_has(unit_line_with(text, "Drill clock "), "02:00:00");
	owned_has(unit_line_with(text, "Speed "), "2 x real time");
	free(text);

	/* At the speed of real time, the speed goes without saying. */
	char *one = variant(run_yaml, "speed: 2\n", "speed: 1\n", NULL);
	text = report(one, REPORT_TEXT);
	assert_null(strstr(text, "Speed"));
	free(text);
	free(one);
}

static void on_time_rate_leaves_skipped_out(void **state)
{
	char *text = report(run_yaml, REPORT_TEXT);
	(void)state;
	/* 2 on time of 4 not skipped: 50%, not 2 of 5 (40%). */
	owned_has(unit_line_with(text, "On time "), "50% (2/4)");
	owned_has(unit_line_with(text, "Not on time "), "1 late, 1 missed, 1 skipped, of 5");
	owned_has(unit_line_with(text, "Ratings "), "P 2, S 0, M 1, U 1 (1 not rated)");
	owned_has(unit_line_with(text, "objectives met"), "1 of 2 objectives met.");
	free(text);

	/* One more on time: 3 of 4 rounds to 75%; 2 of 3 to 67%. */
	char *better = variant(run_yaml, "    status: late\n", "    status: on-time\n", NULL);
	text = report(better, REPORT_TEXT);
	owned_has(unit_line_with(text, "On time "), "75% (3/4)");
	free(text);
	free(better);
	char *fewer = variant(run_yaml, "    status: missed\n", "    status: skipped\n", NULL);
	text = report(fewer, REPORT_TEXT);
	owned_has(unit_line_with(text, "On time "), "67% (2/3)");
	free(text);
	free(fewer);
}

static void stand_in_is_flagged(void **state)
{
	char *text = report(run_yaml, REPORT_TEXT);
	(void)state;
	char *line = unit_line_with(text, "c-martin");
	assert_true(in_order(line, (const char *[]){ "directeur-crise", "c-martin", "c-durand", "STAND-IN" }, 4));
	free(line);
	line = unit_line_with(text, "j-petit");
	assert_null(strstr(line, "STAND-IN"));
	free(line);
	owned_has(unit_line_with(text, "Finding:"), "1 role played by a stand-in");
	free(text);

	/* A holder who played the role is no finding. */
	char *holder = variant(run_yaml, "    played_by: c-martin\n", "    played_by: c-durand\n",
			       "    stand_in: true\n", "    stand_in: false\n", NULL);
	text = report(holder, REPORT_TEXT);
	assert_null(strstr(text, "STAND-IN"));
	assert_null(strstr(text, "Finding:"));
	free(text);
	free(holder);

	/* The record says so, though the plan named no holder; or the names differ, though it says nothing. */
	char *said = variant(run_yaml, "    holder: c-durand\n", "", NULL);
	text = report(said, REPORT_TEXT);
	owned_has(unit_line_with(text, "c-martin"), "STAND-IN");
	free(text);
	free(said);
	char *differ = variant(run_yaml, "    stand_in: true\n", "", NULL);
	text = report(differ, REPORT_JSON);
	owned_has(unit_line_with(text, "c-martin"), "\"holder\": \"c-durand\", \"stand_in\": true}");
	free(text);
	free(differ);
}

static void expectations_show_due_done_and_lateness(void **state)
{
	char *text = report(run_yaml, REPORT_TEXT);
	(void)state;
	char *line = unit_line_with(text, "e-pompiers ");
	assert_true(in_order(line, (const char *[]){ "responsable-securite", "T+00:20:00", "T+00:24:30",
						     "4 min 30 s", "M", "late" }, 6));
	free(line);
	line = unit_line_with(text, "e-message ");
	assert_true(in_order(line, (const char *[]){ "T+00:45:00", " -  ", " -  ", "U", "missed" }, 5));
	free(line);
	owned_has(unit_line_with(text, "e-presse "), "skipped");
	/* The action under its row, the notes after it. */
	const char *row = strstr(text, "e-pompiers ");
	assert_true(in_order(row, (const char *[]){ "\n      Appeler les pompiers (18 ou 112).\n",
						    "      Notes: appel <script>" }, 2));
	free(text);
}

static void decisions_say_who_and_why(void **state)
{
	char *text = report(run_yaml, REPORT_TEXT);
	(void)state;
	char *decisions = section(text, "DECISIONS");
	assert_true(in_order(decisions, (const char *[]){ "T+00:20:30", "directeur-crise",
							  "Évacuer le bâtiment B",
							  "Why: fumée visible depuis le parking",
							  "T+00:50:00", "communicant",
							  "Ouvrir un numéro vert" }, 7));
	free(decisions);
	free(text);

	text = report(run_yaml, REPORT_MD);
	assert_non_null(strstr(text, "## Decisions\n\n| At | Decision | By | Why |\n|---|---|---|---|\n"
				     "| T+00:20:30 | Évacuer le bâtiment B | directeur-crise | "
				     "fumée visible depuis le parking |\n"));
	free(text);

	char *none = variant(run_yaml, "    type: decision\n    text: É", "    type: note\n    text: É",
			     "    type: decision\n    text: O", "    type: note\n    text: O", NULL);
	text = report(none, REPORT_TEXT);
	owned_has(section(text, "DECISIONS"), "No decision was recorded.");
	free(text);
	free(none);
}

static void log_has_every_event(void **state)
{
	char *text = report(run_yaml, REPORT_TEXT);
	(void)state;
	char *log = strstr(text, "LOG (MAIN COURANTE)");
	assert_non_null(log);
	assert_true(in_order(log, (const char *[]){
		"T+00:00:00  inject    [i-alarme] Le PC sécurité signale une fumée au 3e étage.",
		"T+00:03:00  done      [e-alerte] (P)",
		"T+00:12:00  done      [convoquer-cellule] (P)",
		"T+00:20:30  decision  Évacuer le bâtiment B \xE2\x80\x94 by directeur-crise \xE2\x80\x94 why: fumée",
		"T+00:24:30  done      [e-pompiers] (M)",
		"T+00:40:00  note      les pompiers sont sur place",
		"T+01:00:00  skip      [e-presse]",
		"T+02:00:00  end" }, 8));
	free(text);
}

static void text_fits_100_columns_and_stays_printable(void **state)
{
	/* A long action wraps; a control character in a note is replaced. */
	char *yaml = variant(run_yaml, "    action: Informer les salariés par SMS.\n",
			     "    action: Informer les salariés par SMS, puis confirmer par courriel à chaque "
			     "chef d'équipe que le message est arrivé et relancer ceux qui n'ont pas répondu.\n",
			     "    notes: \"appel", "    notes: \"\\e[31m\\Lappel", NULL);
	char *text = report(yaml, REPORT_TEXT);
	(void)state;
	for (const char *line = text; *line; ) {
		size_t n = strcspn(line, "\n");
		if (utf8_chars(line, n) > 100)
			fail_msg("line wider than 100 columns: %.*s", (int)n, line);
		line += n + (line[n] == '\n');
	}
	for (const char *p = text; *p; p++)
		if (((unsigned char)*p < 0x20 && *p != '\n') || *p == 0x7F)
			fail_msg("control character 0x%02x in the output", (unsigned char)*p);
	/* A line separator is a space, like a line break. */
	owned_has(unit_line_with(text, "Notes: "), "Notes: \xEF\xBF\xBD[31m appel");
	assert_null(strstr(text, "\xE2\x80\xA8"));
	char *wrapped = unit_line_with(text, "relancer");
	assert_true(unit_starts(wrapped, "      ") && !strstr(wrapped, "Informer"));
	free(wrapped);
	free(text);
	free(yaml);
}

static void html_is_one_page_with_text_escaped(void **state)
{
	char *yaml = variant(run_yaml, "    notes: \"appel", "    notes: \"\\e[31mappel", NULL);
	char *html = report(yaml, REPORT_HTML);
	(void)state;
	assert_true(unit_starts(html, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">"));
	assert_non_null(strstr(html, "<title>After-action report: Exercice incendie du siège</title>"));
	assert_non_null(strstr(html, "@page { size: A4;"));
	assert_non_null(strstr(html, "tr { break-inside: avoid;"));
	assert_non_null(strstr(html, "</body>\n</html>\n"));
	/* Nothing is fetched, nothing runs. */
	static const char *const outside[] = { "<script", "<link", "src=", "href=", "@import", "url(" };
	for (size_t i = 0; i < sizeof(outside) / sizeof(*outside); i++)
		if (strstr(html, outside[i]))
			fail_msg("'%s' in the page", outside[i]);
	assert_non_null(strstr(html, "<td>\xEF\xBF\xBD[31mappel &lt;script&gt;alert(1)&lt;/script&gt; "
				     "&amp; retard | voir PC</td>"));
	assert_null(strchr(html, '\x1b'));
	assert_non_null(strstr(html, "<tr class=\"finding\"><td>directeur-crise</td><td>c-martin</td>"));
	assert_non_null(strstr(html, "<tr><td>communicant</td><td>j-petit</td>"));
	assert_non_null(strstr(html, "<p>Finding: 1 role played by a stand-in for an absent holder: "
				     "the plan&#39;s deputies"));
	free(html);
	free(yaml);
}

/* Pipes not escaped by a backslash. */
static size_t cell_bars(const char *line, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
	return n;
}

static void markdown_tables_keep_their_columns(void **state)
{
	char *md = report(run_yaml, REPORT_MD);
	(void)state;
	assert_true(unit_starts(md, "# After-action report: Exercice incendie du siège\n\n- **Run:** "));
	assert_non_null(strstr(md, "| appel \\<script\\>alert(1)\\</script\\> & retard \\| voir PC |"));
	assert_non_null(strstr(md, "| directeur-crise | c-martin | c-durand | STAND-IN |"));
	assert_non_null(strstr(md, "- **On time:** 50% (2/4)"));
	/* Every row of a table has as many cells as its header. */
	size_t header = 0, tables = 0;
	for (const char *line = md; *line; ) {
		size_t n = strcspn(line, "\n");
		if (n && line[0] == '|') {
			if (!header) {
				header = cell_bars(line, n);
				tables++;
			} else if (cell_bars(line, n) != header) {
				fail_msg("%zu cells for %zu: %.*s", cell_bars(line, n), header, (int)n, line);
			}
		} else {
			header = 0;
		}
		line += n + (line[n] == '\n');
	}
	assert_int_equal(tables, 5);
	free(md);
}

static void json_is_valid_and_complete(void **state)
{
	char *yaml = variant(run_yaml, "    notes: \"appel", "    notes: \"\\e[31m\\N\\Lappel", NULL);
	char *json = report(yaml, REPORT_JSON);
	(void)state;
	if (!unit_json_valid(json))
		fail_msg("not JSON:\n%s", json);
	assert_true(unit_starts(json, "{\"version\": 1,\n \"run\": {\"id\": \"2026-11-22-incendie\", "
				   "\"drill\": \"incendie\", \"plan\": \"pca-siege\""));
	assert_non_null(strstr(json, "\"speed\": 2, \"duration_ms\": 7200000, \"duration\": \"PT2H\"}"));
	assert_non_null(strstr(json, "{\"role\": \"directeur-crise\", \"played_by\": \"c-martin\", "
				     "\"holder\": \"c-durand\", \"stand_in\": true}"));
	assert_non_null(strstr(json, "\"holder\": \"j-petit\", \"stand_in\": false}"));
	assert_non_null(strstr(json, "{\"id\": \"o-alerte\", \"text\": \"Alerter dans les délais du plan.\", "
				     "\"met\": true}"));
	assert_non_null(strstr(json, "\"status\": \"late\", \"due_ms\": 1200000, \"due\": \"PT20M\", "
				     "\"done_ms\": 1470000, \"done\": \"PT24M30S\", \"late_by_ms\": 270000, "
				     "\"late_by\": \"PT4M30S\", \"rating\": \"M\", \"notes\": \"\\u001b[31m\\u0085\\u2028appel "
				     "<script>alert(1)</script> & retard | voir PC\"}"));
	assert_non_null(strstr(json, "\"status\": \"missed\", \"due_ms\": 2700000, \"due\": \"PT45M\", "
				     "\"done_ms\": null, \"done\": null"));
	assert_non_null(strstr(json, "\"decisions\": [\n  {\"at_ms\": 1230000, \"at\": \"PT20M30S\", "
				     "\"text\": \"Évacuer le bâtiment B\", \"by\": \"directeur-crise\", "
				     "\"why\": \"fumée visible depuis le parking\"},\n  {\"at_ms\": 3000000, "
				     "\"at\": \"PT50M\", \"text\": \"Ouvrir un numéro vert\", \"by\": "
				     "\"communicant\", \"why\": null}\n ]"));
	assert_non_null(strstr(json, "{\"at_ms\": 3600000, \"at\": \"PT1H\", \"type\": \"skip\", "
				     "\"inject\": null, \"expect\": \"e-presse\""));
	assert_non_null(strstr(json, "\"summary\": {\"expectations\": 5, \"on_time\": 2, \"late\": 1, "
				     "\"missed\": 1, \"skipped\": 1, \"ratings\": {\"P\": 2, \"S\": 0, "
				     "\"M\": 1, \"U\": 1}}}\n"));
	free(json);
	free(yaml);
}

static void empty_run_still_reads(void **state)
{
	static const char bare[] =
		"format: crisis/v1\nkind: drill-run\nid: r1\ndrill: d1\nplan: p1\n"
		"started: 2026-01-02T03:04:05Z\nevents: []\n";
	(void)state;
	char *text = report(bare, REPORT_TEXT);
	owned_has(unit_line_with(text, "After-action report: "), "After-action report: d1");
	owned_has(section(text, "PARTICIPANTS"), "No participant was recorded.");
	owned_has(unit_line_with(text, "On time "), "On time      - of the expected actions");
	owned_has(section(text, "LOG"), "The log is empty.");
	free(text);
	char *json = report(bare, REPORT_JSON);
	if (!unit_json_valid(json))
		fail_msg("not JSON:\n%s", json);
	assert_non_null(strstr(json, "\"participants\": [],\n \"objectives\": [],\n \"outcomes\": [],\n"
				     " \"decisions\": [],\n \"events\": []"));
	assert_non_null(strstr(json, "\"duration_ms\": null, \"duration\": null"));
	free(json);
	char *html = report(bare, REPORT_HTML);
	owned_has(html, "<p class=\"none\">No decision was recorded.</p>");
}

/* ---- history ---- */

/* The same drill a year later: the cell convened sooner, the firemen called in time, one new action. */
static char *next_year(void)
{
	return variant(run_yaml,
		       "id: 2026-11-22-incendie\n", "id: 2027-11-21-incendie\n",
		       "started: 2026-11-22T14:00:00+01:00\n", "started: 2027-11-21T14:00:00+01:00\n",
		       "    done: PT12M\n", "    done: PT8M\n",
		       "    status: late\n", "    status: on-time\n",
		       "    done: PT24M30S\n    late_by: PT4M30S\n", "    done: PT19M\n",
		       "  - expect: e-presse\n", "  - expect: e-nouveau\n    inject: i-alarme\n"
		       "    action: Ouvrir la main courante.\n    status: on-time\n    due: PT30M\n"
		       "    done: PT25M\n  - expect: e-presse\n",
		       NULL);
}

static void history_has_a_row_per_run(void **state)
{
	char *second = next_year();
	const char *runs[] = { run_yaml, second };
	char *text = history(runs, 2, REPORT_TEXT);
	(void)state;
	assert_true(unit_starts(text, "Drill history: Exercice incendie du siège\n"));
	char *row = unit_line_with(text, "2026-11-22-incendie");
	assert_true(in_order(row, (const char *[]){ "2026-11-22", "2026-11-22-incendie", "50% (2/4)",
						    " 2 ", " 0 ", " 1 ", " 1 ", "1/2", " 2 ",
						    "T+00:12:00" }, 10));
	free(row);
	row = unit_line_with(text, "2027-11-21-incendie");
	assert_true(in_order(row, (const char *[]){ "2027-11-21", "80% (4/5)", "T+00:08:00" }, 3));
	free(row);
	/* Oldest first, as given. */
	assert_true(strstr(text, "2026-11-22-incendie") < strstr(text, "2027-11-21-incendie"));
	free(text);
	free(second);
}

static void history_follows_each_expectation(void **state)
{
	char *second = next_year();
	const char *runs[] = { run_yaml, second };
	char *text = history(runs, 2, REPORT_TEXT);
	(void)state;
	char *table = strstr(text, "EXPECTED ACTIONS ACROSS RUNS");
	assert_non_null(table);
	assert_true(in_order(table, (const char *[]){ "Expected action", "2026-11-22", "2027-11-21" }, 3));
	char *line = unit_line_with(table, "e-pompiers");
	assert_true(in_order(line, (const char *[]){ "T+00:24:30 late", "T+00:19:00" }, 2));
	assert_null(strstr(strstr(line, "T+00:19:00"), "late"));
	free(line);
	line = unit_line_with(table, "e-message");
	assert_true(in_order(line, (const char *[]){ "missed", "missed" }, 2));
	free(line);
	line = unit_line_with(table, "e-nouveau");
	assert_true(in_order(line, (const char *[]){ " - ", "T+00:25:00" }, 2));
	free(line);
	line = unit_line_with(table, "e-presse");
	assert_true(in_order(line, (const char *[]){ "skipped", "skipped" }, 2));
	free(line);
	/* In the order first seen: a new action comes after the old ones. */
	assert_true(strstr(table, "e-presse") < strstr(table, "e-nouveau"));
	free(text);
	free(second);
}

static void history_finds_the_convening_by_name(void **state)
{
	char *renamed = variant(run_yaml, "    expect: convoquer-cellule\n", "    expect: e-convoquer-la-cellule\n",
				"  - expect: convoquer-cellule\n", "  - expect: e-convoquer-la-cellule\n", NULL);
	char *english = variant(run_yaml, "  - expect: convoquer-cellule\n", "  - expect: convene-cell\n",
				"    done: PT12M\n", "    done: PT14M\n", NULL);
	char *none = variant(run_yaml, "  - expect: convoquer-cellule\n", "  - expect: e-reunir\n", NULL);
	char *undone = variant(run_yaml, "    status: on-time\n    due: PT15M\n    done: PT12M\n",
			       "    status: missed\n    due: PT15M\n", NULL);
	const char *runs[] = { renamed, english, none, undone };
	char *text = history(runs, 4, REPORT_TEXT);
	char *row = unit_line_with(text, "Met ");
	(void)state;
	assert_true(in_order(row, (const char *[]){ "Decisions", "Convened" }, 2));
	free(row);
	/* Each run's row ends with when the cell was convened. */
	const char *rows = strstr(text, "\n  2026-11-22 ");
	assert_non_null(rows);
	const char *want[] = { "T+00:12:00\n", "T+00:14:00\n", " -\n", " missed\n" };
	for (size_t i = 0; i < 4; i++) {
		const char *end = strchr(rows + 1, '\n');
		size_t len = strlen(want[i]);
		if ((size_t)(end + 1 - (rows + 1)) < len || strncmp(end + 1 - len, want[i], len))
			fail_msg("row %zu does not end with '%s': %.*s", i + 1, want[i],
				 (int)(end - rows - 1), rows + 1);
		rows = end;
	}
	free(text);
	free(renamed);
	free(english);
	free(none);
	free(undone);
}

static void history_json_and_markdown(void **state)
{
	char *second = next_year();
	const char *runs[] = { run_yaml, second };
	char *json = history(runs, 2, REPORT_JSON);
	(void)state;
	if (!unit_json_valid(json))
		fail_msg("not JSON:\n%s", json);
	assert_true(unit_starts(json, "{\"version\": 1, \"drill\": \"incendie\",\n \"runs\": [\n  {\"id\": "
				   "\"2026-11-22-incendie\", \"date\": \"2026-11-22\""));
	assert_non_null(strstr(json, "\"expectations\": 6, \"on_time\": 4, \"late\": 0, \"missed\": 1, "
				     "\"skipped\": 1"));
	assert_non_null(strstr(json, "\"convene\": {\"expect\": \"convoquer-cellule\", \"status\": "
				     "\"on-time\", \"done_ms\": 480000, \"done\": \"PT8M\""));
	assert_non_null(strstr(json, "{\"id\": \"e-nouveau\", \"action\": \"Ouvrir la main courante.\", "
				     "\"runs\": [null, {\"expect\": \"e-nouveau\", \"status\": \"on-time\", "
				     "\"done_ms\": 1500000"));
	free(json);

	char *md = history(runs, 2, REPORT_MD);
	assert_non_null(strstr(md, "| Date | Run | On time | P | S | M | U | Objectives met | Decisions | "
				   "Cell convened |\n|---|---|---|---|---|---|---|---|---|---|\n"
				   "| 2026-11-22 | 2026-11-22-incendie | 50% (2/4) | 2 | 0 | 1 | 1 | 1/2 | 2 | "
				   "T+00:12:00 |\n"));
	assert_non_null(strstr(md, "| e-pompiers | T+00:24:30 late | T+00:19:00 |\n"));
	free(md);

	json = history(NULL, 0, REPORT_JSON);
	assert_string_equal(json, "{\"version\": 1, \"drill\": null,\n \"runs\": [],\n \"expectations\": []}\n");
	free(json);
	char *html = history(runs, 2, REPORT_HTML);
	assert_non_null(strstr(html, "<th>Expected action</th><th>2026-11-22</th><th>2027-11-21</th>"));
	owned_has(html, "<tr><td>e-pompiers</td><td>T+00:24:30 late</td><td>T+00:19:00</td></tr>");
	free(second);
}

static void history_tells_runs_of_one_day_apart(void **state)
{
	char *again = variant(run_yaml, "id: 2026-11-22-incendie\n", "id: 2026-11-22-incendie-2\n", NULL);
	const char *runs[] = { run_yaml, again };
	char *text = history(runs, 2, REPORT_TEXT);
	(void)state;
	char *line = unit_line_with(strstr(text, "ACROSS RUNS"), "Expected action");
	assert_true(in_order(line, (const char *[]){ "2026-11-22 #1", "2026-11-22 #2" }, 2));
	free(line);
	free(text);
	free(again);
}

TEST_MAIN(
	cmocka_unit_test(json_checker_refuses_broken_json),
	cmocka_unit_test(formats_are_named),
	cmocka_unit_test(title_block_names_the_run),
	cmocka_unit_test(on_time_rate_leaves_skipped_out),
	cmocka_unit_test(stand_in_is_flagged),
	cmocka_unit_test(expectations_show_due_done_and_lateness),
	cmocka_unit_test(decisions_say_who_and_why),
	cmocka_unit_test(log_has_every_event),
	cmocka_unit_test(text_fits_100_columns_and_stays_printable),
	cmocka_unit_test(html_is_one_page_with_text_escaped),
	cmocka_unit_test(markdown_tables_keep_their_columns),
	cmocka_unit_test(json_is_valid_and_complete),
	cmocka_unit_test(empty_run_still_reads),
	cmocka_unit_test(history_has_a_row_per_run),
	cmocka_unit_test(history_follows_each_expectation),
	cmocka_unit_test(history_finds_the_convening_by_name),
	cmocka_unit_test(history_json_and_markdown),
	cmocka_unit_test(history_tells_runs_of_one_day_apart),
)
