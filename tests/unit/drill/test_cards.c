#include "unit.h"
#include "check/diag.h"
#include "check/doc.h"
#include "check/load.h"
#include "check/schema.h"
#include "drill/cards.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/*
 * Injects written out of time order: one `after` another, a contingency,
 * one to nobody in particular. Every action starts with SECRET so that a
 * leak to the players' cards shows.
 */
static const char drill_yaml[] =
	"format: crisis/v1\n"
	"kind: drill\n"
	"id: incendie\n"
	"title: Exercice incendie du siège\n"
	"plan: pca-siege\n"
	"scenario: incendie\n"
	"description: Un dimanche soir, le PC sécurité signale de la fumée au siège.\n"
	"duration: PT2H\n"
	"objectives:\n"
	"  - id: o-alerte\n"
	"    text: Alerter dans les délais du plan.\n"
	"  - id: o-cellule\n"
	"    text: Convoquer la cellule de crise.\n"
	"injects:\n"
	"  - id: i-point\n"
	"    at: PT30M\n"
	"    message: \"Le COS fait un point <b>urgent</b> & demande un interlocuteur | unique.\"\n"
	"    to: [directeur-crise]\n"
	"    expect:\n"
	"      - id: e-interlocuteur\n"
	"        action: SECRET-POINT désigner un interlocuteur unique\n"
	"        by: directeur-crise\n"
	"        within: PT15M\n"
	"        objective: o-cellule\n"
	"  - id: i-alarme\n"
	"    at: PT0S\n"
	"    message: Le PC sécurité signale une fumée au 3e étage.\n"
	"    to: [responsable-securite, c-gardien]\n"
	"    expect:\n"
	"      - id: e-alerte\n"
	"        action: SECRET-ALERTE lever le doute et alerter\n"
	"        by: c-gardien\n"
	"        within: PT5M\n"
	"        objective: o-alerte\n"
	"        level: 1\n"
	"      - id: e-evacuer\n"
	"        action: SECRET-EVACUER déclencher l'évacuation\n"
	"        by: responsable-securite\n"
	"        within: PT10M\n"
	"        objective: o-alerte\n"
	"        step: evacuation.declencher\n"
	"  - id: i-relance\n"
	"    after: i-alarme\n"
	"    delay: PT20M\n"
	"    contingency: true\n"
	"    message: La mairie rappelle, personne ne lui a répondu.\n"
	"    to: [communicant]\n"
	"    expect:\n"
	"      - id: e-maire\n"
	"        action: SECRET-MAIRE rappeler le maire\n"
	"        by: communicant\n"
	"        within: PT30M\n"
	"  - id: i-fin\n"
	"    at: PT1H50M\n"
	"    message: Fin de l'exercice.\n";

static const char *const secrets[] = {
	"SECRET-POINT désigner un interlocuteur unique", "SECRET-ALERTE lever le doute et alerter",
	"SECRET-EVACUER déclencher l", "SECRET-MAIRE rappeler le maire",
};

/* The cards of a drill checked against the schema (to free). */
static char *cards(const char *yaml, bool html)
{
	struct diag_file *f = diag_file_new("t.yaml", unit_severities());
	struct schema *schema = schema_builtin("crisis-drill.xsd", NULL);
	struct doc doc = DOC_INIT;
	struct drill d;
	struct buf out = BUF_INIT;

	assert_non_null(schema);
	assert_int_equal(load_yaml(&doc, yaml, strlen(yaml), f), 0);
	assert_int_equal(schema_validate(schema, &doc, f, NULL), 0);
	assert_int_equal(f->nr, 0);
	drill_build(&d, xmlDocGetRootElement(doc.xml));
	cards_write(&out, &d, html);
	drill_release(&d);
	doc_release(&doc);
	schema_free(schema);
	diag_file_free(f);
	return buf_detach(&out);
}

/* The two halves of the paper: before the facilitator's sheet, and the sheet. */
struct halves {
	char *all, *players;
	const char *sheet;
};

static void split(struct halves *h, const char *yaml, bool html)
{
	h->all = cards(yaml, html);
	const char *at = strstr(h->all, "Facilitator's sheet");
	if (!at)
		fail_msg("no facilitator's sheet in:\n%s", h->all);
	assert_null(strstr(at + 1, "Facilitator's sheet"));
	/* The page's style names the sheet's classes: the cards are in its body. */
	const char *body = html ? strstr(h->all, "<body>") : h->all;
	assert_non_null(body);
	h->players = xstrndup(body, (size_t)(at - body));
	h->sheet = at;
}

static void halves_release(struct halves *h)
{
	free(h->players);
	free(h->all);
}

/* Do these parts come in this order in `text`? */
static bool in_order(const char *text, const char *const *parts, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		const char *at = strstr(text, parts[i]);
		if (!at)
			return false;
		text = at + strlen(parts[i]);
	}
	return true;
}

static void players_never_see_the_expectations(bool html)
{
	static const char *const facilitator_only[] = {
		"SECRET", "e-alerte", "e-evacuer", "e-maire", "e-interlocuteur", "o-alerte",
		"Alerter dans les délais", "evacuation.declencher", "ontingency", "Within",
		"Un dimanche soir",
	};
	struct halves h;
	split(&h, drill_yaml, html);
	for (size_t i = 0; i < sizeof(facilitator_only) / sizeof(*facilitator_only); i++)
		if (strstr(h.players, facilitator_only[i]))
			fail_msg("'%s' on the players' cards:\n%s", facilitator_only[i], h.players);
	for (size_t i = 0; i < sizeof(secrets) / sizeof(*secrets); i++)
		if (!strstr(h.sheet, secrets[i]))
			fail_msg("'%s' not on the facilitator's sheet:\n%s", secrets[i], h.sheet);
	/* The players get every message, though. */
	assert_non_null(strstr(h.players, "La mairie rappelle, personne ne lui a répondu."));
	assert_non_null(strstr(h.players, "Fin de l"));
	halves_release(&h);
}

static void markdown_cards_hold_no_expectation(void **state)
{
	(void)state;
	players_never_see_the_expectations(false);
}

static void html_cards_hold_no_expectation(void **state)
{
	(void)state;
	players_never_see_the_expectations(true);
}

static void cards_come_in_timeline_order(void **state)
{
	struct halves h;
	(void)state;
	split(&h, drill_yaml, false);
	assert_true(in_order(h.players, (const char *[]){
		"## Card 1 of 4: i-alarme\n\n**When:** T+00:00  \n**To:** responsable-securite, c-gardien\n\n"
		"Le PC sécurité signale une fumée au 3e étage.\n",
		"## Card 2 of 4: i-relance\n\n**When:** after i-alarme + 20 min  \n**To:** communicant\n",
		"## Card 3 of 4: i-point\n\n**When:** T+00:30  \n**To:** directeur-crise\n",
		"## Card 4 of 4: i-fin\n\n**When:** T+01:50  \n**To:** all players\n" }, 4));
	halves_release(&h);

	split(&h, drill_yaml, true);
	assert_int_equal(unit_count(h.players, "<section class=\"card\">"), 4);
	assert_true(in_order(h.players, (const char *[]){
		"<p class=\"number\">Card 1 of 4</p>\n<h2>i-alarme</h2>\n<dl>\n<dt>When</dt><dd>T+00:00</dd>",
		"<h2>i-relance</h2>\n<dl>\n<dt>When</dt><dd>after i-alarme + 20 min</dd>\n"
		"<dt>To</dt><dd>communicant</dd>",
		"<h2>i-point</h2>", "<h2>i-fin</h2>" }, 4));
	halves_release(&h);
}

static void sheet_has_the_drill_and_its_timeline(void **state)
{
	struct halves h;
	(void)state;
	split(&h, drill_yaml, false);
	assert_true(in_order(h.sheet, (const char *[]){
		"Facilitator's sheet: Exercice incendie du siège\n",
		"- **Plan:** pca-siege\n- **Scenario:** incendie\n- **Duration:** PT2H (2 h)\n",
		"Un dimanche soir, le PC sécurité signale de la fumée au siège.",
		"- **o-alerte:** Alerter dans les délais du plan.\n- **o-cellule:** Convoquer la cellule de crise.\n",
		"### T+00:00 \xC2\xB7 i-alarme",
		"| e-alerte | SECRET-ALERTE lever le doute et alerter | c-gardien | 5 min (T+00:05) | "
		"o-alerte | level 1 |",
		"| e-evacuer | SECRET-EVACUER déclencher l'évacuation | responsable-securite | "
		"10 min (T+00:10) | o-alerte | step evacuation.declencher |",
		"### T+00:20 \xC2\xB7 i-relance\n\n- **When:** after i-alarme + 20 min\n"
		"- **To:** communicant\n- **Contingency:** yes",
		"| e-maire | SECRET-MAIRE rappeler le maire | communicant | 30 min (T+00:50) | - | - |",
		"### T+00:30 \xC2\xB7 i-point",
		"| e-interlocuteur | SECRET-POINT désigner un interlocuteur unique | directeur-crise | "
		"15 min (T+00:45) | o-cellule | - |",
		"### T+01:50 \xC2\xB7 i-fin", "No action expected." }, 13));
	/* Only the contingency inject is flagged. */
	assert_int_equal(unit_count(h.sheet, "**Contingency:**"), 1);
	halves_release(&h);

	split(&h, drill_yaml, true);
	assert_true(in_order(h.sheet, (const char *[]){
		"<h3>T+00:20 \xC2\xB7 i-relance</h3>",
		"<th scope=\"row\">Contingency</th><td class=\"contingency\">yes",
		"<td>e-maire</td><td>SECRET-MAIRE rappeler le maire</td><td>communicant</td>"
		"<td>30 min (T+00:50)</td>",
		"<h3>T+00:30 \xC2\xB7 i-point</h3>" }, 4));
	assert_int_equal(unit_count(h.sheet, "class=\"contingency\""), 1);
	halves_release(&h);
}

static void html_is_one_printable_page(void **state)
{
	char *html = cards(drill_yaml, true);
	(void)state;
	const char *doctype = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n";
	assert_true(!strncmp(html, doctype, strlen(doctype)));
	assert_non_null(strstr(html, "@page { size: A4;"));
	assert_non_null(strstr(html, ".card { break-after: page;"));
	assert_non_null(strstr(html, "tr { break-inside: avoid;"));
	static const char *const outside[] = { "<script", "<link", "src=", "href=", "@import", "url(" };
	for (size_t i = 0; i < sizeof(outside) / sizeof(*outside); i++)
		if (strstr(html, outside[i]))
			fail_msg("'%s' in the page", outside[i]);
	/* The message's markup is text, on the card and on the sheet. */
	assert_null(strstr(html, "<b>"));
	assert_int_equal(unit_count(html, "Le COS fait un point &lt;b&gt;urgent&lt;/b&gt; &amp; demande un "
				     "interlocuteur | unique."), 2);
	assert_non_null(strstr(html, "</section>\n</body>\n</html>\n"));
	free(html);
}

static void markdown_is_escaped(void **state)
{
	char *yaml = replaced(drill_yaml, "    message: Fin de l'exercice.\n",
			      "    message: \"1. Fin de l'exercice\\e[2J, *merci*\"\n");
	char *md = cards(yaml, false);
	(void)state;
	assert_int_equal(unit_count(md, "Le COS fait un point \\<b\\>urgent\\</b\\> & demande un interlocuteur "
				   "\\| unique."), 2);
	/* Neither a list nor emphasis; and no control character. */
	assert_int_equal(unit_count(md, "\n1\\. Fin de l'exercice\xEF\xBF\xBD\\[2J, \\*merci\\*\n"), 2);
	assert_null(strchr(md, '\x1b'));
	/* Every row of the sheet's tables has six cells. */
	for (const char *line = md; *line; ) {
		size_t n = strcspn(line, "\n"), bars = 0;
		for (size_t i = 0; i < n; i++)
			bars += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
		if (n && line[0] == '|' && bars != 7)
			fail_msg("%zu cells: %.*s", bars - 1, (int)n, line);
		line += n + (line[n] == '\n');
	}
	free(md);
	free(yaml);
}

TEST_MAIN(
	cmocka_unit_test(markdown_cards_hold_no_expectation),
	cmocka_unit_test(html_cards_hold_no_expectation),
	cmocka_unit_test(cards_come_in_timeline_order),
	cmocka_unit_test(sheet_has_the_drill_and_its_timeline),
	cmocka_unit_test(html_is_one_printable_page),
	cmocka_unit_test(markdown_is_escaped),
)
