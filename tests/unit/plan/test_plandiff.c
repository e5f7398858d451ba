#include "unit.h"
#include "check/diag.h"
#include "check/doc.h"
#include "check/load.h"
#include "plan/plan.h"
#include "plan/plandiff.h"
#include "check/schema.h"
#include "util/utf8.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* A plan with something in every section the diff compares. */
static const char base[] =
	"format: crisis/v1\n"
	"kind: pca\n"
	"id: siege\n"
	"title: PCA du siège\n"
	"owner: c-durand\n"
	"status: draft\n"
	"review:\n"
	"  every: P12M\n"
	"  last: 2026-01-15\n"
	"  approved_by: c-martin\n"
	"exercise:\n"
	"  every: P6M\n"
	"  last: 2025-11-02\n"
	"scope: Siège social\n"
	"activation:\n"
	"  authority: [direction]\n"
	"contacts:\n"
	"  - id: c-durand\n"
	"    name: Claire Durand\n"
	"    title: DG\n"
	"    phones: [\"+33 6 12 34 56 78\"]\n"
	"    email: c.durand@example.com\n"
	"    available: 24/7\n"
	"  - id: c-martin\n"
	"    name: Marc Martin\n"
	"    org: internal\n"
	"  - id: j-petit\n"
	"    name: Jeanne Petit\n"
	"  - id: m-martin\n"
	"    name: Marie Martin\n"
	"    org: external\n"
	"    activation:\n"
	"      day: PT1H\n"
	"      night: PT3H\n"
	"    verified: 2026-01-10\n"
	"cell:\n"
	"  - id: direction\n"
	"    group: orchestrator\n"
	"    holder: c-durand\n"
	"    deputy: c-martin\n"
	"  - id: communication\n"
	"    group: communicator\n"
	"    holder: j-petit\n"
	"scenarios:\n"
	"  - id: incendie\n"
	"    title: Incendie du siège\n"
	"    likelihood: 2\n"
	"    impact: 4\n"
	"    procedures: [repli]\n"
	"activities:\n"
	"  - id: accueil-telephonique\n"
	"    name: Accueil téléphonique\n"
	"    priority: urgent\n"
	"    owner: direction\n"
	"    rto: PT3H\n"
	"    mtpd: P1D\n"
	"  - id: paie\n"
	"    name: Paie\n"
	"    priority: high\n"
	"    owner: c-martin\n"
	"    rto: P2D\n"
	"    depends_on: [accueil-telephonique]\n"
	"escalation:\n"
	"  - level: 1\n"
	"    within: PT15M\n"
	"    notify: [direction]\n"
	"  - level: 2\n"
	"    within: PT1H\n"
	"    notify: [c-durand, c-martin]\n"
	"communication:\n"
	"  strategy: acknowledge\n"
	"  first_message_within: PT2H\n"
	"  audiences:\n"
	"    - id: salaries\n"
	"      channels: [sms]\n"
	"      spokesperson: communication\n"
	"procedures:\n"
	"  - id: repli\n"
	"    title: Repli sur le site de secours\n"
	"    owner: direction\n"
	"    activities: [accueil-telephonique]\n"
	"    steps:\n"
	"      - id: alerter\n"
	"        do: Alerter la cellule\n"
	"        who: communication\n"
	"        within: PT15M\n"
	"      - id: basculer\n"
	"        do: Basculer les lignes\n"
	"        within: PT1H\n"
	"        after: [alerter]\n";

/* ---- building plans from text ---- */

struct side {
	struct doc doc;
	struct plan plan;
};

/*
 * Load and build a plan. `check` runs the schema first, as every command
 * does; without it the model is built from a plan that names contacts it
 * does not define, as one relying on the workspace's contacts.yaml does.
 */
static void build(struct side *s, const char *yaml, bool check)
{
	struct diag_file *f = diag_file_new("t.yaml", unit_severities());
	memset(s, 0, sizeof(*s));
	assert_int_equal(load_yaml(&s->doc, yaml, strlen(yaml), f), 0);
	if (check) {
		struct schema *schema = schema_builtin(SCHEMA_FILE, NULL);
		assert_non_null(schema);
		assert_int_equal(schema_validate(schema, &s->doc, f, NULL), 0);
		schema_free(schema);
	}
	assert_int_equal(f->nr, 0);
	plan_build(&s->plan, xmlDocGetRootElement(s->doc.xml));
	diag_file_free(f);
}

static void unbuild(struct side *s)
{
	plan_release(&s->plan);
	doc_release(&s->doc);
}

struct pair {
	struct side before, after;
	struct plandiff d;
};

static void pair_open(struct pair *p, const char *before, const char *after, bool check_after)
{
	build(&p->before, before, true);
	build(&p->after, after, check_after);
	plandiff_compute(&p->d, &p->before.plan, &p->after.plan);
}

static void pair_close(struct pair *p)
{
	plandiff_release(&p->d);
	unbuild(&p->before);
	unbuild(&p->after);
}

/* The text form of the diff of two valid plans (to free). */
static char *diff_text(const char *before, const char *after, bool check_after)
{
	struct pair p;
	struct buf out = BUF_INIT;
	pair_open(&p, before, after, check_after);
	plandiff_text(&out, &p.d);
	pair_close(&p);
	return buf_detach(&out);
}

/* `text` with each `from` (which must be there, once) replaced by `to`. */
static void edit(struct buf *text, const char *from, const char *to)
{
	struct buf out = BUF_INIT;
	const char *at = strstr(buf_str(text), from);
	assert_non_null(at);
	assert_null(strstr(at + 1, from));
	buf_add(&out, text->ptr, (size_t)(at - text->ptr));
	buf_adds(&out, to);
	buf_adds(&out, at + strlen(from));
	buf_release(text);
	*text = out;
}

/* The base plan with pairs of (from, to) edits, NULL-terminated (to free). */
static char *variant(const char *from, ...)
{
	struct buf text = BUF_INIT;
	va_list ap;
	buf_adds(&text, base);
	va_start(ap, from);
	for (const char *f = from; f; f = va_arg(ap, const char *))
		edit(&text, f, va_arg(ap, const char *));
	va_end(ap);
	return buf_detach(&text);
}

static void assert_diff(const char *after, const char *expected)
{
	char *got = diff_text(base, after, true);
	assert_string_equal(got, expected);
	free(got);
}

/* ---- a tiny JSON checker: true when s is one well-formed JSON value ---- */

static bool json_value(const char **s);

static void json_space(const char **s)
{
	while (**s == ' ' || **s == '\n' || **s == '\t' || **s == '\r')
		(*s)++;
}

static bool json_string(const char **s)
{
	if (**s != '"')
		return false;
	for ((*s)++; **s != '"'; (*s)++) {
		unsigned char c = (unsigned char)**s;
		if (c < 0x20)
			return false;	/* also the end of the text */
		if (c != '\\')
			continue;
		(*s)++;
		if (**s == 'u') {
			for (int i = 0; i < 4; i++) {
				(*s)++;
				if (!**s || !strchr("0123456789abcdefABCDEF", **s))
					return false;
			}
		} else if (!**s || !strchr("\"\\/bfnrt", **s)) {
			return false;
		}
	}
	(*s)++;
	return true;
}

static bool json_word(const char **s, const char *w)
{
	size_t n = strlen(w);
	if (strncmp(*s, w, n))
		return false;
	*s += n;
	return true;
}

static bool json_items(const char **s, char close, bool members)
{
	(*s)++;
	json_space(s);
	if (**s == close) {
		(*s)++;
		return true;
	}
	for (;;) {
		json_space(s);
		if (members) {
			if (!json_string(s))
				return false;
			json_space(s);
			if (*(*s)++ != ':')
				return false;
		}
		if (!json_value(s))
			return false;
		json_space(s);
		if (**s == close) {
			(*s)++;
			return true;
		}
		if (*(*s)++ != ',')
			return false;
	}
}

static bool json_value(const char **s)
{
	json_space(s);
	switch (**s) {
	case '{': return json_items(s, '}', true);
	case '[': return json_items(s, ']', false);
	case '"': return json_string(s);
	case 'n': return json_word(s, "null");
	case 't': return json_word(s, "true");
	case 'f': return json_word(s, "false");
	default: return false;
	}
}

static bool json_ok(const char *text)
{
	if (!json_value(&text))
		return false;
	json_space(&text);
	return !*text;
}

/* ---- the tests ---- */

static void identical_plans_make_no_change(void **state)
{
	struct pair p;
	struct buf text = BUF_INIT, summary = BUF_INIT, json = BUF_INIT;
	(void)state;
	pair_open(&p, base, base, true);
	assert_int_equal(p.d.nr, 0);
	plandiff_text(&text, &p.d);
	plandiff_summary(&summary, &p.d, 80);
	plandiff_json(&json, &p.d);
	assert_string_equal(buf_str(&text), "");
	/* the caller says "no change" in its own words */
	assert_int_equal(summary.len, 0);
	assert_string_equal(buf_str(&json), "[]");
	pair_close(&p);
	buf_release(&text);
	buf_release(&summary);
	buf_release(&json);
}

static void reordering_is_not_a_change(void **state)
{
	/* contacts swapped, levels swapped, list items swapped, phone respaced */
	char *after = variant(
		"  - id: c-durand\n"
		"    name: Claire Durand\n"
		"    title: DG\n"
		"    phones: [\"+33 6 12 34 56 78\"]\n"
		"    email: c.durand@example.com\n"
		"    available: 24/7\n"
		"  - id: c-martin\n"
		"    name: Marc Martin\n"
		"    org: internal\n",
		"  - id: c-martin\n"
		"    name: Marc Martin\n"
		"    org: internal\n"
		"  - id: c-durand\n"
		"    name: Claire Durand\n"
		"    title: DG\n"
		"    phones: [\"+33612345678\"]\n"
		"    email: c.durand@example.com\n"
		"    available: 24/7\n",
		"  - level: 1\n"
		"    within: PT15M\n"
		"    notify: [direction]\n"
		"  - level: 2\n"
		"    within: PT1H\n"
		"    notify: [c-durand, c-martin]\n",
		"  - level: 2\n"
		"    within: PT1H\n"
		"    notify: [c-martin, c-durand]\n"
		"  - level: 1\n"
		"    within: PT15M\n"
		"    notify: [direction]\n",
		NULL);
	(void)state;
	assert_diff(after, "");
	free(after);
}

static void plan_fields_changed(void **state)
{
	char *after = variant(
		"title: PCA du siège\n", "title: PCA du siège social\n",
		"status: draft\n", "status: approved\n",
		"  every: P12M\n", "  every: P6M\n",
		"  last: 2026-01-15\n", "",
		"  approved_by: c-martin\n", "  approved_by: c-durand\n",
		"  every: P6M\n  last: 2025-11-02\n", "  every: P1Y\n  last: 2026-03-01\n",
		"owner: c-durand\n", "owner: c-martin\n",
		"  authority: [direction]\n", "  authority: [direction, c-durand]\n",
		NULL);
	(void)state;
	assert_diff(after,
		    "plan: title PCA du siège -> PCA du siège social\n"
		    "plan: owner c-durand -> c-martin\n"
		    "plan: status draft -> approved\n"
		    "plan: review.every P12M -> P6M\n"
		    "plan: review.last 2026-01-15 -> (none)\n"
		    "plan: review.approved_by c-martin -> c-durand\n"
		    "plan: exercise.every P6M -> P1Y\n"
		    "plan: exercise.last 2025-11-02 -> 2026-03-01\n"
		    "plan: activation.authority + `c-durand`\n");
	free(after);
}

static void contact_fields_changed(void **state)
{
	char *after = variant(
		"    name: Claire Durand\n"
		"    title: DG\n"
		"    phones: [\"+33 6 12 34 56 78\"]\n"
		"    email: c.durand@example.com\n"
		"    available: 24/7\n",
		"    name: Claire Durand-Roy\n"
		"    phones: [\"+33 1 99 00 00 01\", \"+33 6 12 34 56 78\"]\n"
		"    email: claire.durand@example.com\n"
		"    available: office-hours\n",
		"    org: external\n"
		"    activation:\n"
		"      day: PT1H\n"
		"      night: PT3H\n"
		"    verified: 2026-01-10\n",
		"    org: internal\n"
		"    activation:\n"
		"      day: PT30M\n"
		"      night: PT3H\n"
		"    verified: 2026-04-02\n",
		"  - id: m-martin\n",
		"  - id: c-new\n"
		"    name: Nouveau\n"
		"  - id: m-martin\n",
		NULL);
	(void)state;
	assert_diff(after,
		    "contact `c-durand`: name Claire Durand -> Claire Durand-Roy\n"
		    "contact `c-durand`: title DG -> (none)\n"
		    "contact `c-durand`: phones + `+33 1 99 00 00 01`\n"
		    "contact `c-durand`: email c.durand@example.com -> claire.durand@example.com\n"
		    "contact `c-durand`: available 24/7 -> office-hours\n"
		    "contact `c-new` added\n"
		    "contact `m-martin`: org external -> internal\n"
		    "contact `m-martin`: activation.day PT1H -> PT30M\n"
		    "contact `m-martin`: verified 2026-01-10 -> 2026-04-02\n");
	free(after);
}

static void removed_contact_still_referenced(void **state)
{
	/* j-petit goes from the plan's contacts, the cell still names it */
	char *once = variant("  - id: j-petit\n    name: Jeanne Petit\n", "", NULL);
	/* c-martin is named by the review, a role, an activity and a level */
	char *often = variant("  - id: c-martin\n    name: Marc Martin\n    org: internal\n", "",
			      NULL);
	/* m-martin is named nowhere */
	char *free_one = variant("  - id: m-martin\n", "  - id: x-gone\n", NULL);
	char *got;
	(void)state;

	got = diff_text(base, once, false);
	assert_string_equal(got, "contact `j-petit` removed "
				 "(still referenced by cell role `communication`)\n");
	free(got);

	got = diff_text(base, often, false);
	assert_string_equal(got, "contact `c-martin` removed (still referenced by "
				 "the plan's review (approved_by) and 3 other places)\n");
	free(got);

	got = diff_text(base, free_one, false);
	assert_string_equal(got, "contact `x-gone` added\n"
				 "contact `m-martin` removed\n");
	free(got);
	free(once);
	free(often);
	free(free_one);
}

static void removed_contact_note_in_json(void **state)
{
	char *after = variant("  - id: j-petit\n    name: Jeanne Petit\n", "", NULL);
	struct pair p;
	struct buf json = BUF_INIT;
	(void)state;
	pair_open(&p, base, after, false);
	assert_int_equal(p.d.nr, 1);
	assert_int_equal(p.d.items[0].kind, CHANGE_REMOVED);
	assert_string_equal(p.d.items[0].section, "contact");
	assert_string_equal(p.d.items[0].subject, "j-petit");
	assert_null(p.d.items[0].field);
	assert_string_equal(p.d.items[0].note, "still referenced by cell role `communication`");
	plandiff_json(&json, &p.d);
	assert_string_equal(buf_str(&json),
			    "[{\"kind\":\"removed\",\"section\":\"contact\",\"subject\":\"j-petit\","
			    "\"field\":null,\"before\":null,\"after\":null,"
			    "\"note\":\"still referenced by cell role `communication`\"}]");
	pair_close(&p);
	buf_release(&json);
	free(after);
}

static void cell_roles_changed(void **state)
{
	char *after = variant(
		"  - id: direction\n"
		"    group: orchestrator\n"
		"    holder: c-durand\n"
		"    deputy: c-martin\n",
		"  - id: logistique\n"
		"    group: operator\n"
		"    holder: m-martin\n"
		"  - id: direction\n"
		"    group: expert\n"
		"    holder: c-martin\n"
		"    deputy: c-durand\n",
		"  - id: communication\n"
		"    group: communicator\n"
		"    holder: j-petit\n",
		"",
		"      spokesperson: communication\n", "      spokesperson: direction\n",
		"        who: communication\n", "        who: direction\n",
		NULL);
	(void)state;
	assert_diff(after,
		    "cell role `logistique` added\n"
		    "cell role `direction`: group orchestrator -> expert\n"
		    "cell role `direction`: holder c-durand -> c-martin\n"
		    "cell role `direction`: deputy c-martin -> c-durand\n"
		    "cell role `communication` removed\n"
		    "audience `salaries`: spokesperson communication -> direction\n"
		    "procedure `repli`: step `alerter` who communication -> direction\n");
	free(after);
}

static void scenarios_changed(void **state)
{
	char *after = variant(
		"  - id: incendie\n"
		"    title: Incendie du siège\n"
		"    likelihood: 2\n"
		"    impact: 4\n"
		"    procedures: [repli]\n",
		"  - id: cyberattaque\n"
		"    title: Rançongiciel\n"
		"  - id: inondation\n"
		"    title: Crue\n"
		"    likelihood: 3\n"
		"    impact: 04\n",
		NULL);
	char *edited = variant(
		"    title: Incendie du siège\n"
		"    likelihood: 2\n"
		"    impact: 4\n"
		"    procedures: [repli]\n",
		"    title: Incendie\n"
		"    likelihood: 3\n"
		"    impact: 04\n"
		"    procedures: []\n",
		NULL);
	(void)state;
	assert_diff(after,
		    "scenario `cyberattaque` added\n"
		    "scenario `inondation` added\n"
		    "scenario `incendie` removed\n");
	/* 4 and 04 are one impact */
	assert_diff(edited,
		    "scenario `incendie`: title Incendie du siège -> Incendie\n"
		    "scenario `incendie`: likelihood 2 -> 3\n"
		    "scenario `incendie`: procedures - `repli`\n");
	free(after);
	free(edited);
}

static void activities_changed(void **state)
{
	char *after = variant(
		"    rto: PT3H\n    mtpd: P1D\n",
		"    deputy: c-martin\n    rto: PT1H\n    rpo: PT4H\n",
		"  - id: paie\n"
		"    name: Paie\n"
		"    priority: high\n"
		"    owner: c-martin\n"
		"    rto: P2D\n"
		"    depends_on: [accueil-telephonique]\n",
		"  - id: paie\n"
		"    name: Paie et RH\n"
		"    priority: moderate\n"
		"    owner: c-durand\n"
		"    rto: P2D\n"
		"    depends_on: [identity]\n"
		"  - id: identity\n"
		"    name: Annuaire\n"
		"    priority: urgent\n"
		"    owner: direction\n"
		"  - id: erp\n"
		"    name: ERP\n"
		"    priority: low\n"
		"    owner: direction\n",
		NULL);
	char *removed = variant("    depends_on: [accueil-telephonique]\n", "",
				"  - id: accueil-telephonique\n"
				"    name: Accueil téléphonique\n"
				"    priority: urgent\n"
				"    owner: direction\n"
				"    rto: PT3H\n"
				"    mtpd: P1D\n", "",
				"    activities: [accueil-telephonique]\n", "", NULL);
	(void)state;
	assert_diff(after,
		    "activity `accueil-telephonique`: deputy (none) -> c-martin\n"
		    "activity `accueil-telephonique`: rto PT3H -> PT1H\n"
		    "activity `accueil-telephonique`: rpo (none) -> PT4H\n"
		    "activity `accueil-telephonique`: mtpd P1D -> (none)\n"
		    "activity `paie`: name Paie -> Paie et RH\n"
		    "activity `paie`: priority high -> moderate\n"
		    "activity `paie`: owner c-martin -> c-durand\n"
		    "activity `paie`: depends_on + `identity`\n"
		    "activity `paie`: depends_on - `accueil-telephonique`\n"
		    "activity `identity` added\n"
		    "activity `erp` added\n");
	assert_diff(removed,
		    "activity `paie`: depends_on - `accueil-telephonique`\n"
		    "activity `accueil-telephonique` removed\n"
		    "procedure `repli`: activities - `accueil-telephonique`\n");
	free(after);
	free(removed);
}

static void escalation_levels_matched_by_number(void **state)
{
	/* level 2 now comes first and notifies m-martin too: that is all */
	char *moved = variant(
		"  - level: 1\n"
		"    within: PT15M\n"
		"    notify: [direction]\n"
		"  - level: 2\n"
		"    within: PT1H\n"
		"    notify: [c-durand, c-martin]\n",
		"  - level: 2\n"
		"    within: PT1H\n"
		"    notify: [c-durand, c-martin, m-martin]\n"
		"  - level: 1\n"
		"    within: PT15M\n"
		"    notify: [direction]\n",
		NULL);
	char *changed = variant(
		"  - level: 1\n"
		"    within: PT15M\n"
		"    notify: [direction]\n"
		"  - level: 2\n"
		"    within: PT1H\n"
		"    notify: [c-durand, c-martin]\n",
		"  - level: 3\n"
		"    within: PT4H\n"
		"    notify: [c-durand]\n"
		"  - level: 2\n"
		"    within: PT30M\n"
		"    notify: [c-durand, j-petit]\n"
		"    repeat: 2\n",
		NULL);
	(void)state;
	assert_diff(moved, "escalation level 2: notify + `m-martin`\n");
	assert_diff(changed,
		    "escalation level 3 added\n"
		    "escalation level 2: within PT1H -> PT30M\n"
		    "escalation level 2: notify + `j-petit`\n"
		    "escalation level 2: notify - `c-martin`\n"
		    "escalation level 2: repeat (none) -> 2\n"
		    "escalation level 1 removed\n");
	free(moved);
	free(changed);
}

static void communication_changed(void **state)
{
	char *after = variant(
		"  strategy: acknowledge\n"
		"  first_message_within: PT2H\n"
		"  audiences:\n"
		"    - id: salaries\n"
		"      channels: [sms]\n"
		"      spokesperson: communication\n",
		"  strategy: lateral\n"
		"  first_message_within: PT1H\n"
		"  audiences:\n"
		"    - id: presse\n"
		"      spokesperson: c-durand\n",
		NULL);
	(void)state;
	assert_diff(after,
		    "communication: strategy acknowledge -> lateral\n"
		    "communication: first_message_within PT2H -> PT1H\n"
		    "audience `presse` added\n"
		    "audience `salaries` removed\n");
	free(after);
}

static void procedure_steps_by_id(void **state)
{
	char *after = variant(
		"    title: Repli sur le site de secours\n"
		"    owner: direction\n",
		"    title: Repli sur le site de Lyon\n",
		"      - id: basculer\n"
		"        do: Basculer les lignes\n"
		"        within: PT1H\n"
		"        after: [alerter]\n",
		"      - id: confirmer\n"
		"        do: Confirmer la bascule\n",
		"        within: PT15M\n", "        within: PT30M\n",
		NULL);
	(void)state;
	assert_diff(after,
		    "procedure `repli`: title Repli sur le site de secours -> Repli sur le site de Lyon\n"
		    "procedure `repli`: owner direction -> (none)\n"
		    "procedure `repli`: step `alerter` within PT15M -> PT30M\n"
		    "procedure `repli`: steps + `confirmer`\n"
		    "procedure `repli`: steps - `basculer`\n");
	free(after);
}

static void procedure_steps_without_ids(void **state)
{
	/* without ids, steps are compared by position, or counted */
	char *before = variant("      - id: alerter\n        do:", "      - do:",
			       "      - id: basculer\n        do:", "      - do:",
			       "        after: [alerter]\n", "", NULL);
	struct buf more = BUF_INIT, slower = BUF_INIT;
	char *got;
	(void)state;
	buf_adds(&more, before);
	edit(&more, "    steps:\n", "    steps:\n      - do: Prévenir l'accueil\n");
	buf_adds(&slower, before);
	edit(&slower, "        within: PT1H\n", "        within: PT2H\n");

	got = diff_text(before, buf_str(&more), true);
	assert_string_equal(got, "procedure `repli`: steps 2 -> 3\n");
	free(got);
	got = diff_text(before, buf_str(&slower), true);
	assert_string_equal(got, "procedure `repli`: step 2 within PT1H -> PT2H\n");
	free(got);
	buf_release(&more);
	buf_release(&slower);
	free(before);
}

static void procedures_added_and_removed(void **state)
{
	char *after = variant(
		"  - id: repli\n"
		"    title: Repli sur le site de secours\n"
		"    owner: direction\n"
		"    activities: [accueil-telephonique]\n",
		"  - id: teletravail\n"
		"    title: Télétravail\n"
		"    steps:\n"
		"      - do: Ouvrir le VPN\n"
		"  - id: repli-2\n"
		"    title: Repli sur le site de secours\n"
		"    owner: direction\n"
		"    activities: [accueil-telephonique]\n",
		"    procedures: [repli]\n", "    procedures: [repli-2]\n",
		NULL);
	(void)state;
	assert_diff(after,
		    "scenario `incendie`: procedures + `repli-2`\n"
		    "scenario `incendie`: procedures - `repli`\n"
		    "procedure `teletravail` added\n"
		    "procedure `repli-2` added\n"
		    "procedure `repli` removed\n");
	free(after);
}

static void sections_come_in_a_stable_order(void **state)
{
	/* edits made from the end of the file to its start */
	char *after = variant(
		"        within: PT1H\n", "        within: PT2H\n",
		"  strategy: acknowledge\n", "  strategy: deny\n",
		"    within: PT15M\n    notify", "    within: PT10M\n    notify",
		"    rto: P2D\n", "    rto: P1D\n",
		"    impact: 4\n", "    impact: 5\n",
		"    holder: j-petit\n", "    holder: m-martin\n",
		"    name: Jeanne Petit\n", "    name: Jeanne Petit-Blanc\n",
		"status: draft\n", "status: review\n",
		NULL);
	(void)state;
	assert_diff(after,
		    "plan: status draft -> review\n"
		    "contact `j-petit`: name Jeanne Petit -> Jeanne Petit-Blanc\n"
		    "cell role `communication`: holder j-petit -> m-martin\n"
		    "scenario `incendie`: impact 4 -> 5\n"
		    "activity `paie`: rto P2D -> P1D\n"
		    "escalation level 1: within PT15M -> PT10M\n"
		    "communication: strategy acknowledge -> deny\n"
		    "procedure `repli`: step `basculer` within PT1H -> PT2H\n");
	free(after);
}

static void a_new_plan_and_a_removed_plan(void **state)
{
	struct side s;
	struct plandiff d;
	struct buf text = BUF_INIT;
	(void)state;
	build(&s, base, true);

	plandiff_compute(&d, NULL, &s.plan);
	plandiff_text(&text, &d);
	/* one change, saying what the new plan holds */
	assert_string_equal(buf_str(&text),
			    "plan `siege` added (4 contacts, 2 cell roles, 1 scenario, "
			    "2 activities, 2 escalation levels, 1 audience, 1 procedure)\n");
	assert_int_equal(d.nr, 1);
	assert_int_equal(d.items[0].kind, CHANGE_ADDED);
	assert_string_equal(d.items[0].subject, "siege");
	assert_null(d.items[0].field);
	plandiff_release(&d);
	assert_int_equal(d.nr, 0);

	buf_reset(&text);
	plandiff_compute(&d, &s.plan, NULL);
	plandiff_text(&text, &d);
	assert_string_equal(buf_str(&text), "plan `siege` removed\n");
	assert_int_equal(d.items[0].kind, CHANGE_REMOVED);
	assert_string_equal(d.items[0].section, "plan");
	plandiff_release(&d);

	plandiff_compute(&d, NULL, NULL);
	assert_int_equal(d.nr, 0);
	plandiff_release(&d);
	unbuild(&s);

	/* one of a kind is counted in the singular */
	build(&s, "format: crisis/v1\nkind: pra\nid: vide\ntitle: Vide\nowner: c-a\n"
		  "status: draft\nreview:\n  every: P1Y\ncontacts:\n  - id: c-a\n"
		  "    name: A\n", true);
	buf_reset(&text);
	plandiff_compute(&d, NULL, &s.plan);
	plandiff_text(&text, &d);
	assert_string_equal(buf_str(&text), "plan `vide` added (1 contact)\n");
	plandiff_release(&d);
	buf_release(&text);
	unbuild(&s);
}

static void summary_names_a_few_and_counts_the_rest(void **state)
{
	char *after = variant(
		"    rto: P2D\n", "    rto: P1D\n",
		"  - id: m-martin\n", "  - id: c-x\n    name: X\n  - id: m-martin\n",
		"  strategy: acknowledge\n", "  strategy: deny\n",
		"status: draft\n", "status: review\n",
		"title: PCA du siège\n", "title: PCA\n",
		NULL);
	struct pair p;
	struct buf out = BUF_INIT;
	(void)state;
	pair_open(&p, base, after, true);
	assert_int_equal(p.d.nr, 5);

	plandiff_summary(&out, &p.d, 0);
	assert_string_equal(buf_str(&out), "plan: title PCA du siège -> PCA; "
					   "plan: status draft -> review; "
					   "contact `c-x` added; +2 more");
	/* fewer changes named when they do not fit */
	buf_reset(&out);
	plandiff_summary(&out, &p.d, 70);
	assert_string_equal(buf_str(&out), "plan: title PCA du siège -> PCA; "
					   "plan: status draft -> review; +3 more");
	assert_true(utf8_chars(buf_str(&out), out.len) <= 70);
	/* appended to what the buffer holds */
	buf_reset(&out);
	buf_adds(&out, "abc1234 ");
	plandiff_summary(&out, &p.d, 40);
	assert_int_equal(strncmp(buf_str(&out), "abc1234 plan: title", 19), 0);
	pair_close(&p);
	buf_release(&out);
	free(after);
}

static void summary_cut_on_an_accented_character(void **state)
{
	/* "plan: title PCA du siège -> ...": character 22 is the è (2 bytes) */
	char *after = variant("title: PCA du siège\n", "title: Plan de continuité\n", NULL);
	struct pair p;
	struct buf out = BUF_INIT;
	(void)state;
	pair_open(&p, base, after, true);
	assert_int_equal(p.d.nr, 1);

	plandiff_summary(&out, &p.d, 23);
	/* 22 characters then the ellipsis: the è is kept whole */
	assert_string_equal(buf_str(&out), "plan: title PCA du siè…");
	assert_int_equal(utf8_chars(buf_str(&out), out.len), 23);
	for (size_t i = 0; i < out.len; i += utf8_valid_len(out.ptr + i))
		assert_true(utf8_valid_len(out.ptr + i) > 0);

	/* one fewer: the cut falls just before the è, not inside it */
	buf_reset(&out);
	plandiff_summary(&out, &p.d, 22);
	assert_string_equal(buf_str(&out), "plan: title PCA du si…");

	/* long enough: not cut */
	buf_reset(&out);
	plandiff_summary(&out, &p.d, 200);
	assert_string_equal(buf_str(&out), "plan: title PCA du siège -> Plan de continuité");
	/* exactly as long as allowed: not cut either */
	buf_reset(&out);
	plandiff_summary(&out, &p.d, utf8_chars("plan: title PCA du siège -> Plan de continuité",
						 SIZE_MAX));
	assert_null(strstr(buf_str(&out), "…"));
	pair_close(&p);
	buf_release(&out);
	free(after);
}

static void json_is_well_formed(void **state)
{
	/* a scope with quotes, a backslash and a newline; an absent deputy */
	char *after = variant("scope: Siège social\n",
			      "scope: \"Le \\\"siège\\\" \\\\ C:\\n2e ligne\"\n",
			      "    rto: PT3H\n", "    deputy: c-martin\n    rto: PT3H\n",
			      NULL);
	struct pair p;
	struct buf json = BUF_INIT, text = BUF_INIT;
	(void)state;
	pair_open(&p, base, after, true);
	assert_int_equal(p.d.nr, 2);
	assert_string_equal(p.d.items[0].after, "Le \"siège\" \\ C:\n2e ligne");

	plandiff_json(&json, &p.d);
	assert_true(json_ok(buf_str(&json)));
	assert_string_equal(buf_str(&json),
			    "[{\"kind\":\"modified\",\"section\":\"plan\",\"subject\":null,"
			    "\"field\":\"scope\",\"before\":\"Siège social\","
			    "\"after\":\"Le \\\"siège\\\" \\\\ C:\\n2e ligne\",\"note\":null},"
			    "{\"kind\":\"modified\",\"section\":\"activity\","
			    "\"subject\":\"accueil-telephonique\",\"field\":\"deputy\","
			    "\"before\":null,\"after\":\"c-martin\",\"note\":null}]");

	/* the checker itself tells broken JSON apart */
	assert_false(json_ok("[{\"kind\":\"added\"}"));
	assert_false(json_ok("[\"a\nb\"]"));
	assert_false(json_ok("[{\"a\" \"b\"}]"));
	assert_true(json_ok("[{\"a\":null,\"b\":[\"\\u00e9\"]}]"));

	/* the text form keeps each change on one line */
	plandiff_text(&text, &p.d);
	assert_string_equal(buf_str(&text),
			    "plan: scope Siège social -> Le \"siège\" \\ C:\\n2e ligne\n"
			    "activity `accueil-telephonique`: deputy (none) -> c-martin\n");
	pair_close(&p);
	buf_release(&json);
	buf_release(&text);
	free(after);
}

static void json_of_every_kind(void **state)
{
	char *after = variant("    notify: [direction]\n", "    notify: [c-durand]\n",
			      "  - id: m-martin\n", "  - id: c-x\n    name: X\n  - id: m-martin\n",
			      NULL);
	struct pair p;
	struct buf json = BUF_INIT;
	(void)state;
	pair_open(&p, base, after, true);
	plandiff_json(&json, &p.d);
	assert_true(json_ok(buf_str(&json)));
	assert_string_equal(buf_str(&json),
			    "[{\"kind\":\"added\",\"section\":\"contact\",\"subject\":\"c-x\","
			    "\"field\":null,\"before\":null,\"after\":null,\"note\":null},"
			    "{\"kind\":\"added\",\"section\":\"escalation level\",\"subject\":\"1\","
			    "\"field\":\"notify\",\"before\":null,\"after\":\"c-durand\",\"note\":null},"
			    "{\"kind\":\"removed\",\"section\":\"escalation level\",\"subject\":\"1\","
			    "\"field\":\"notify\",\"before\":\"direction\",\"after\":null,\"note\":null}]");
	pair_close(&p);
	buf_release(&json);
	free(after);
}

static void model_keeps_the_new_fields(void **state)
{
	struct side s;
	(void)state;
	build(&s, base, true);
	const struct plan *p = &s.plan;
	assert_string_equal(p->scope, "Siège social");
	assert_string_equal(p->strategy, "acknowledge");
	assert_int_equal(p->authority.nr, 1);
	assert_string_equal(p->authority.ids[0], "direction");
	assert_int_equal(p->nr_scenarios, 1);
	assert_string_equal(p->scenarios[0].title, "Incendie du siège");
	assert_string_equal(p->scenarios[0].likelihood, "2");
	assert_string_equal(p->scenarios[0].procedures.ids[0], "repli");
	assert_ptr_equal(plan_scenario(p, "incendie"), &p->scenarios[0]);
	assert_ptr_equal(plan_procedure(p, "repli"), &p->procedures[0]);
	assert_null(plan_procedure(p, "incendie"));
	assert_int_equal(p->nr_audiences, 1);
	assert_string_equal(p->audiences[0].spokesperson, "communication");
	assert_string_equal(p->audiences[0].channels.ids[0], "sms");
	const struct plan_contact *c = plan_contact(p, "c-durand");
	assert_int_equal(c->phones.nr, 1);
	assert_string_equal(c->phones.ids[0], "+33 6 12 34 56 78");
	assert_string_equal(c->available_text, "24/7");
	const struct plan_contact *m = plan_contact(p, "m-martin");
	assert_string_equal(m->org, "external");
	assert_string_equal(m->activation_day_text, "PT1H");
	assert_string_equal(m->activation_night_text, "PT3H");
	assert_string_equal(m->verified, "2026-01-10");
	assert_string_equal(p->activities[0].priority_text, "urgent");
	assert_string_equal(p->levels[1].level_text, "2");
	unbuild(&s);
}

TEST_MAIN(
	cmocka_unit_test(identical_plans_make_no_change),
	cmocka_unit_test(reordering_is_not_a_change),
	cmocka_unit_test(plan_fields_changed),
	cmocka_unit_test(contact_fields_changed),
	cmocka_unit_test(removed_contact_still_referenced),
	cmocka_unit_test(removed_contact_note_in_json),
	cmocka_unit_test(cell_roles_changed),
	cmocka_unit_test(scenarios_changed),
	cmocka_unit_test(activities_changed),
	cmocka_unit_test(escalation_levels_matched_by_number),
	cmocka_unit_test(communication_changed),
	cmocka_unit_test(procedure_steps_by_id),
	cmocka_unit_test(procedure_steps_without_ids),
	cmocka_unit_test(procedures_added_and_removed),
	cmocka_unit_test(sections_come_in_a_stable_order),
	cmocka_unit_test(a_new_plan_and_a_removed_plan),
	cmocka_unit_test(summary_names_a_few_and_counts_the_rest),
	cmocka_unit_test(summary_cut_on_an_accented_character),
	cmocka_unit_test(json_is_well_formed),
	cmocka_unit_test(json_of_every_kind),
	cmocka_unit_test(model_keeps_the_new_fields),
)
