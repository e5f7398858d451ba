#define _GNU_SOURCE	/* strcasestr: text headings are in capitals */
#include "unit.h"
#include "check/diag.h"
#include "check/doc.h"
#include "check/keys.h"
#include "check/load.h"
#include "check/schema.h"
#include "plan/plan.h"
#include "plan/render.h"

#include <libxml/parser.h>
#include <string.h>

/*
 * A French plan with every section: two levels written out of their
 * deadlines' order, a role whose holder is a shared contact, a supplier,
 * and text that would be markup if it were not escaped.
 */
static const char plan_fr[] =
	"format: crisis/v1\n"
	"kind: pca\n"
	"id: siege\n"
	"title: PCA du siège <script>alert(1)</script>\n"
	"owner: c-martin\n"
	"status: approved\n"
	"review:\n"
	"  every: P12M\n"
	"  last: 2026-03-16\n"
	"  approved_by: c-martin\n"
	"scope: Le siège de la société et les équipes de la relation clients.\n"
	"activation:\n"
	"  criteria:\n"
	"    - Plus de 3 000 appels en une heure & une rumeur *virale*\n"
	"  authority: [direction]\n"
	"contacts:\n"
	"  - id: c-martin\n"
	"    name: Claire Martin\n"
	"    title: Directrice de la relation clients\n"
	"    org: internal\n"
	"    phones: [\"+33 6 00 00 10 03\", \"+33 1 99 00 10 03\"]\n"
	"    email: claire.martin@example.fr\n"
	"    available: 24/7\n"
	"  - id: c-roux\n"
	"    name: Élodie \"Lo\" Roux | <b>\n"
	"    phones: [\"+33 6 00 00 10 04\"]\n"
	"    available: office-hours\n"
	"  - id: c-voxalia\n"
	"    name: Voxalia Crise\n"
	"    org: external\n"
	"    phones: [\"+33 1 99 00 20 00\"]\n"
	"    available: 24/7\n"
	"    activation:\n"
	"      day: PT1H\n"
	"      night: PT3H\n"
	"cell:\n"
	"  - id: direction\n"
	"    group: orchestrator\n"
	"    holder: c-martin\n"
	"    deputy: c-roux\n"
	"    duties:\n"
	"      - Déclenche le plan et décide de la communication.\n"
	"  - id: securite\n"
	"    group: operator\n"
	"    holder: c-pc-securite\n"
	"    deputy: c-roux\n"
	"scenarios:\n"
	"  - id: pic\n"
	"    title: Pic d'appels après le journal de 20 h\n"
	"    likelihood: 2\n"
	"    impact: 5\n"
	"    procedures: [absorption]\n"
	"activities:\n"
	"  - id: telephonie\n"
	"    name: Réception téléphonique\n"
	"    priority: urgent\n"
	"    owner: direction\n"
	"    rto: PT4H\n"
	"    mtpd: P2D\n"
	"  - id: crm\n"
	"    name: Accès au CRM\n"
	"    priority: high\n"
	"    owner: c-roux\n"
	"    rto: PT4H\n"
	"    rpo: PT1H\n"
	"    mtpd: P3D\n"
	"    depends_on: [telephonie]\n"
	"escalation:\n"
	"  - level: 2\n"
	"    within: PT1H\n"
	"    notify: [c-voxalia, securite]\n"
	"  - level: 1\n"
	"    within: PT15M\n"
	"    notify: [direction]\n"
	"communication:\n"
	"  strategy: acknowledge\n"
	"  first_message_within: PT6H\n"
	"  audiences:\n"
	"    - id: clients\n"
	"      channels: [SVI, site web]\n"
	"      spokesperson: direction\n"
	"      messages:\n"
	"        - Nous vous rappelons sous 24 heures.\n"
	"  faq:\n"
	"    - q: Vais-je être remboursé ?\n"
	"      a: Oui, sans démarche de votre part.\n"
	"  kpis:\n"
	"    - name: Taux de décroché\n"
	"      target: 85\n"
	"      unit: \"%\"\n"
	"procedures:\n"
	"  - id: absorption\n"
	"    title: Absorber un pic d'appels\n"
	"    owner: direction\n"
	"    activities: [telephonie]\n"
	"    steps:\n"
	"      - id: message\n"
	"        do: Activer le message de crise sur le SVI\n"
	"        who: direction\n"
	"        within: PT10M\n"
	"      - id: debordement\n"
	"        do: Demander le débordement à l'opérateur\n"
	"        who: c-voxalia\n"
	"        within: P2D\n"
	"        after: [message]\n"
	"exit:\n"
	"  criteria:\n"
	"    - Flux d'appels revenu à la normale pendant 5 jours.\n"
	"  steps:\n"
	"    - Remercier les équipes et le prestataire.\n";

/* The workspace's contacts.yaml: one contact the plan names, one it does not. */
static const char shared_text[] =
	"format: crisis/v1\n"
	"kind: contacts\n"
	"contacts:\n"
	"  - id: c-pc-securite\n"
	"    name: PC sécurité du siège\n"
	"    phones: [\"+33 1 99 00 90 00\"]\n"
	"    available: 24/7\n"
	"  - id: c-unused\n"
	"    name: Nobody Named\n"
	"    phones: [\"+33 1 99 00 90 99\"]\n";

/* Every phone the plan names, as written. */
static const char *const phones_fr[] = {
	"+33 6 00 00 10 03", "+33 1 99 00 10 03", "+33 6 00 00 10 04", "+33 1 99 00 20 00",
	"+33 1 99 00 90 00",
};

struct loaded_plan {
	struct doc doc, shared_doc;
	struct plan plan, shared;
	struct diag_file *f;
};

static void load_one(struct doc *doc, struct plan *p, const char *text, struct diag_file *f,
		     const char *root, const struct keys_outside *outside)
{
	struct schema *s = schema_builtin(SCHEMA_FILE, root);
	assert_non_null(s);
	if (load_yaml(doc, text, strlen(text), f) < 0 || schema_validate(s, doc, f, outside) != 0) {
		for (size_t i = 0; i < f->nr; i++)
			print_message("# %lu:%lu: %s\n", f->items[i].line, f->items[i].column,
				      f->items[i].message);
		fail_msg("the test plan is not valid");
	}
	schema_free(s);
	plan_build(p, xmlDocGetRootElement(doc->xml));
}

static void load(struct loaded_plan *l, const char *text)
{
	/* The plan's references to the shared contacts are checked as a workspace checks them. */
	static const char *const keys[] = { "contact", "party" };
	static const char *const ids[] = { "c-pc-securite", "c-unused" };
	static const unsigned long lines[] = { 4, 8 };
	static const struct keys_outside outside = { keys, 2, ids, lines, 2, "contacts.yaml" };

	memset(l, 0, sizeof(*l));
	l->f = diag_file_new("t.yaml", unit_severities());
	load_one(&l->shared_doc, &l->shared, shared_text, l->f, SCHEMA_CONTACTS, NULL);
	load_one(&l->doc, &l->plan, text, l->f, NULL, &outside);
	l->plan.shared = &l->shared;
}

static void unload(struct loaded_plan *l)
{
	plan_release(&l->plan);
	plan_release(&l->shared);
	doc_release(&l->doc);
	doc_release(&l->shared_doc);
	diag_file_free(l->f);
}

/* The binder of `text` (to free). */
static char *binder(const char *text, enum markup_format f, bool fr, bool redact)
{
	struct render_opts o = {
		.format = f, .fr = fr, .redact = redact, .printed = "2026-12-06",
		.versioned = true, .approval = "plan/siege/v2",
	};
	struct loaded_plan l;
	struct buf out = BUF_INIT;
	load(&l, text);
	render_plan(&out, &l.plan, &o);
	unload(&l);
	return buf_detach(&out);
}

/* `text` without the spaces and no-break spaces, for looking for a phone. */
static char *squeezed(const char *text)
{
	struct buf b = BUF_INIT;
	for (const char *s = text; *s; s++) {
		if (*s == ' ')
			continue;
		if (!strncmp(s, "\xC2\xA0", 2)) {
			s++;
			continue;
		}
		buf_addc(&b, *s);
	}
	return buf_detach(&b);
}

static bool has_phone(const char *squeezed_text, const char *phone)
{
	char *p = squeezed(phone);
	bool found = strstr(squeezed_text, p) != NULL;
	free(p);
	return found;
}

static void every_phone_is_in_every_format(void **state)
{
	(void)state;
	for (int f = MARKUP_TEXT; f <= MARKUP_HTML; f++) {
		char *out = binder(plan_fr, (enum markup_format)f, true, false);
		char *sq = squeezed(out);
		for (size_t i = 0; i < sizeof(phones_fr) / sizeof(*phones_fr); i++)
			if (!has_phone(sq, phones_fr[i]))
				fail_msg("format %d: phone %s is missing", f, phones_fr[i]);
		/* A shared contact the plan does not name stays out. */
		assert_false(has_phone(sq, "+33 1 99 00 90 99"));
		free(sq);
		free(out);
	}
}

static void redacted_copy_keeps_only_the_suppliers_phones(void **state)
{
	(void)state;
	for (int f = MARKUP_TEXT; f <= MARKUP_HTML; f++) {
		char *out = binder(plan_fr, (enum markup_format)f, true, true);
		char *sq = squeezed(out);
		/* The supplier's line stays; the people's numbers and e-mails go. */
		assert_true(has_phone(sq, "+33 1 99 00 20 00"));
		for (size_t i = 0; i < sizeof(phones_fr) / sizeof(*phones_fr); i++)
			if (strcmp(phones_fr[i], "+33 1 99 00 20 00") && has_phone(sq, phones_fr[i]))
				fail_msg("format %d: redacted phone %s is there", f, phones_fr[i]);
		assert_null(strstr(out, "claire.martin@example.fr"));
		assert_non_null(strstr(out, "COPIE EXPURGÉE"));
		free(sq);
		free(out);
	}
	/* And at the foot of every printed page, in the binder's language. */
	owned_has(binder(plan_fr, MARKUP_HTML, false, true), "REDACTED\"; font");
	owned_has(binder(plan_fr, MARKUP_HTML, true, true), "COPIE EXPURGÉE\"; font");
}

static void french_plan_has_french_headings(void **state)
{
	static const char *const headings[] = {
		"1. Déclenchement", "2. Arbre d'appel", "3. Cellule de crise", "4. Procédures",
		"5. Communication", "6. Analyse d'impact", "7. Scénarios", "8. Sortie de crise",
		"9. Annuaire",
	};
	(void)state;
	char *md = binder(plan_fr, MARKUP_MD, true, false);
	for (size_t i = 0; i < sizeof(headings) / sizeof(*headings); i++) {
		char *h = xstrfmt("## %s\n", headings[i]);
		if (!strstr(md, h))
			fail_msg("no heading '%s'", headings[i]);
		free(h);
	}
	/* In the order of the binder. */
	assert_true(strstr(md, "## 1. Déclenchement") < strstr(md, "## 9. Annuaire"));
	assert_non_null(strstr(md, "Plan de continuité d'activité (PCA)"));
	assert_non_null(strstr(md, "plan/siege/v2"));
	free(md);
	char *en = binder(plan_fr, MARKUP_MD, false, false);
	assert_non_null(strstr(en, "## 9. Contact sheet"));
	owned_has(en, "Business continuity plan (PCA)");
}

static void durations_are_for_people(void **state)
{
	(void)state;
	char *md = binder(plan_fr, MARKUP_MD, true, false);
	assert_non_null(strstr(md, "| 4 h |"));
	assert_non_null(strstr(md, "| 2 jours |"));
	assert_non_null(strstr(md, "Niveau 1 : sous 15 min"));
	assert_null(strstr(md, "PT4H"));
	assert_null(strstr(md, "P2D"));
	free(md);
	char *en = binder(plan_fr, MARKUP_TEXT, false, false);
	owned_has(en, "2 days");
}

static void call_tree_follows_the_deadlines(void **state)
{
	(void)state;
	char *text = binder(plan_fr, MARKUP_TEXT, true, false);
	const char *one = strstr(text, "NIVEAU 1 : SOUS 15 MIN");
	const char *two = strstr(text, "NIVEAU 2 : SOUS 1 H");
	assert_non_null(one);
	assert_non_null(two);
	assert_true(one < two);
	/* A role is called through its holder, with the deputy to call instead. */
	char *line = unit_line_with(one, "[ ] Claire Martin");
	owned_has(line, "+33 6 00 00 10 03");
	/* French puts a space before the colon. */
	assert_non_null(strstr(one, "Suppléant : Élodie \"Lo\" Roux | <b> · +33 6 00 00 10 04"));
	free(text);
}

static void procedure_is_a_checklist_on_its_page(void **state)
{
	(void)state;
	char *html = binder(plan_fr, MARKUP_HTML, true, false);
	const char *proc = strstr(html, "4.1 Procédure : Absorber un pic d&#39;appels");
	assert_non_null(proc);
	assert_int_equal(unit_count(proc, "<td class=\"check\">\xE2\x98\x90</td>"), 2);
	/* "after: [message]" is step 1, said by its number. */
	assert_non_null(strstr(proc, "<td>1</td><td>Demander"));
	/* Each section starts a printed page; the procedures too, after the first. */
	assert_true(unit_count(html, "<div class=\"break\"></div>") >= 9);
	free(html);
	char *text = binder(plan_fr, MARKUP_TEXT, true, false);
	assert_true(unit_count(text, "\f\n") >= 9);
	owned_has(text, "  [ ] Remercier les équipes et le prestataire.");
}

static void hostile_text_is_escaped(void **state)
{
	(void)state;
	char *html = binder(plan_fr, MARKUP_HTML, true, false);
	assert_null(strstr(html, "<script>"));
	assert_null(strstr(html, "<b>"));
	assert_non_null(strstr(html, "PCA du siège &lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "&amp; une rumeur *virale*"));
	/* Self-contained: nothing fetched. */
	assert_null(strstr(html, "http"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "src="));
	/* The page numbers and the plan in the margin of each printed page. */
	assert_non_null(strstr(html, "counter(page)"));
	free(html);
	char *md = binder(plan_fr, MARKUP_MD, true, false);
	assert_null(strstr(md, "&amp;"));
	owned_has(md, "\\<script\\>");
}

static void plan_with_nothing_but_its_head(void **state)
{
	static const char bare[] =
		"format: crisis/v1\n"
		"kind: pra\n"
		"id: bare\n"
		"title: Bare\n"
		"owner: c-a\n"
		"status: draft\n"
		"review:\n"
		"  every: P1Y\n"
		"contacts:\n"
		"  - id: c-a\n"
		"    name: A\n";
	(void)state;
	for (int f = MARKUP_TEXT; f <= MARKUP_HTML; f++) {
		char *out = binder(bare, (enum markup_format)f, false, false);
		assert_non_null(strstr(out, "Disaster recovery plan (PRA)"));
		assert_non_null(strstr(out, "The plan has no escalation levels."));
		assert_non_null(strstr(out, "The plan has no procedures."));
		/* No scenario: no section for them. */
		assert_null(strstr(out, "Scenarios"));
		/* and no gap in the numbers where they would be: 6 is followed by 7. */
		assert_non_null(strcasestr(out, "7. Stand-down"));
		assert_non_null(strcasestr(out, "8. Contact sheet"));
		assert_null(strstr(out, "9. "));
		free(out);
	}
}

TEST_MAIN(
	cmocka_unit_test(every_phone_is_in_every_format),
	cmocka_unit_test(redacted_copy_keeps_only_the_suppliers_phones),
	cmocka_unit_test(french_plan_has_french_headings),
	cmocka_unit_test(durations_are_for_people),
	cmocka_unit_test(call_tree_follows_the_deadlines),
	cmocka_unit_test(procedure_is_a_checklist_on_its_page),
	cmocka_unit_test(hostile_text_is_escaped),
	cmocka_unit_test(plan_with_nothing_but_its_head),
)
