#include "generate.h"
#include "check/embedded.h"
#include "check/yamledit.h"
#include "util/duration.h"
#include "util/error.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include <string.h>

/* The words of a generated drill, in each language. */
struct words {
	const char *lang;
	const char *header;		/* the comment at the top: %s the plan, %s the command */
	const char *title;		/* %s the scenario's title, or the plan's */
	const char *o_alert, *o_alert_text, *o_cell, *o_cell_text;
	const char *o_procedure;	/* %s the procedure's title */
	const char *trigger;		/* %s the scenario's title */
	const char *convene, *convene_id;
	const char *notify;		/* %s the parties, %ld the level */
	const char *procedure;		/* %s the procedure's title */
	const char *no_scenario;
};

static const struct words fr = {
	.lang = "fr",
	.header = "# Exercice créé depuis le plan « %s » par « crisis drill new ».\n"
		  "# Ajustez les injects (messages, heures) et les actions attendues, puis vérifiez\n"
		  "# avec « crisis drill validate » ; « crisis drill run » le joue.\n",
	.title = "Exercice — %s",
	.o_alert = "o-alerte",
	.o_alert_text = "Alerter selon l'escalade du plan, dans les délais de chaque niveau.",
	.o_cell = "o-cellule",
	.o_cell_text = "Convoquer et installer la cellule de crise.",
	.o_procedure = "Dérouler la procédure « %s » dans ses délais.",
	.trigger = "Début de l'exercice : %s.",
	.convene = "Convoquer la cellule de crise et ouvrir la main courante.",
	.convene_id = "convoquer-cellule",
	.notify = "Prévenir %s (niveau %ld de l'escalade).",
	.procedure = "La situation appelle la procédure « %s ».",
	.no_scenario = "le plan est activé",
};

static const struct words en = {
	.lang = "en",
	.header = "# Drill made from plan \"%s\" by 'crisis drill new'.\n"
		  "# Adjust the injects (messages, times) and the expected actions, then check it\n"
		  "# with 'crisis drill validate'; 'crisis drill run' plays it.\n",
	.title = "Drill — %s",
	.o_alert = "o-alert",
	.o_alert_text = "Alert as the plan's escalation says, within each level's time.",
	.o_cell = "o-cell",
	.o_cell_text = "Convene and set up the crisis cell.",
	.o_procedure = "Carry out procedure \"%s\" within its times.",
	.trigger = "The exercise starts: %s.",
	.convene = "Convene the crisis cell and open the log.",
	.convene_id = "convene-cell",
	.notify = "Notify %s (escalation level %ld).",
	.procedure = "The situation calls for procedure \"%s\".",
	.no_scenario = "the plan is activated",
};

static void key(struct buf *out, const char *indent, const char *name, const char *value)
{
	buf_addf(out, "%s%s: ", indent, name);
	yamledit_add_scalar(out, value);
	buf_addc(out, '\n');
}

/* An id of the drill, unique: `base`, or base-2, base-3... */
static char *unique_id(struct strmap *taken, const char *base)
{
	struct buf id = BUF_INIT;
	buf_adds(&id, base);
	for (unsigned n = 2; strmap_get(taken, id.ptr); n++) {
		buf_reset(&id);
		buf_addf(&id, "%s-%u", base, n);
	}
	char *owned = buf_detach(&id);
	strmap_put(taken, owned, owned);
	return owned;
}

/* Who leads: the first party that may activate the plan, else its owner. */
static const char *leader(const struct plan *p)
{
	return p->authority.nr ? p->authority.ids[0] : p->owner;
}

/* The procedures the drill plays: the scenario's, or every one of the plan. */
static size_t procedures_of(const struct plan *p, const struct plan_scenario *s,
			    const struct plan_procedure **out)
{
	size_t n = 0;
	if (s && s->procedures.nr) {
		for (size_t i = 0; i < s->procedures.nr; i++) {
			const struct plan_procedure *pr = plan_procedure(p, s->procedures.ids[i]);
			if (pr)
				out[n++] = pr;
		}
		return n;
	}
	for (size_t i = 0; i < p->nr_procedures; i++)
		out[n++] = &p->procedures[i];
	return n;
}

static void expectation(struct buf *out, char *id, const char *action, const char *by,
			int64_t within_ms, const char *objective)
{
	key(out, "      - ", "id", id);
	key(out, "        ", "action", action);
	if (by)
		key(out, "        ", "by", by);
	if (within_ms > 0) {
		buf_adds(out, "        within: ");
		duration_format_ms(out, within_ms);
		buf_addc(out, '\n');
	}
	key(out, "        ", "objective", objective);
}

static void first_inject(struct buf *out, const struct plan *p, const struct plan_scenario *s,
			 const struct words *w, struct strmap *taken)
{
	struct buf text = BUF_INIT;
	buf_addf(&text, w->trigger, s && s->title ? s->title : w->no_scenario);
	if (s && s->description)
		buf_addf(&text, " %s", s->description);
	buf_adds(out, "injects:\n");
	key(out, "  - ", "id", unique_id(taken, !strcmp(w->lang, "fr") ? "i-declenchement" : "i-trigger"));
	buf_adds(out, "    at: PT0S\n");
	key(out, "    ", "message", text.ptr);
	buf_addf(out, "    to: [%s]\n", leader(p));
	buf_adds(out, "    expect:\n");
	expectation(out, unique_id(taken, w->convene_id), w->convene, leader(p),
		    p->nr_levels && p->levels[0].within != NO_DURATION ? p->levels[0].within * 1000 :
		    30 * 60000, w->o_cell);
	for (size_t i = 0; i < p->nr_levels; i++) {
		const struct plan_level *l = &p->levels[i];
		struct buf who = BUF_INIT, id = BUF_INIT;
		for (size_t k = 0; k < l->notify.nr; k++)
			buf_addf(&who, "%s%s", k ? ", " : "", l->notify.ids[k]);
		buf_reset(&text);
		buf_addf(&text, w->notify, who.ptr ? who.ptr : "-", l->level);
		buf_addf(&id, "%s-%ld", !strcmp(w->lang, "fr") ? "alerter-niveau" : "alert-level", l->level);
		int64_t within = l->within != NO_DURATION ? l->within * 1000 : 0;
		expectation(out, unique_id(taken, id.ptr), text.ptr, leader(p), within, w->o_alert);
		buf_addf(out, "        level: %ld\n", l->level);
		buf_release(&who);
		buf_release(&id);
	}
	buf_release(&text);
}

/* One inject a procedure, a quarter of an hour apart. */
static void procedure_injects(struct buf *out, const struct plan_procedure *const *prs, size_t nr,
			      const struct words *w, struct strmap *taken)
{
	struct buf text = BUF_INIT, id = BUF_INIT;
	for (size_t i = 0; i < nr; i++) {
		const struct plan_procedure *pr = prs[i];
		int64_t at = (int64_t)(i + 1) * 15 * 60000;
		buf_reset(&text);
		buf_addf(&text, w->procedure, pr->title ? pr->title : pr->id);
		buf_reset(&id);
		buf_addf(&id, "i-%s", pr->id);
		key(out, "  - ", "id", unique_id(taken, id.ptr));
		buf_adds(out, "    at: ");
		duration_format_ms(out, at);
		buf_addc(out, '\n');
		key(out, "    ", "message", text.ptr);
		if (pr->owner)
			buf_addf(out, "    to: [%s]\n", pr->owner);
		if (!pr->nr_steps)
			continue;
		buf_adds(out, "    expect:\n");
		for (size_t k = 0; k < pr->nr_steps; k++) {
			const struct plan_step *st = &pr->steps[k];
			buf_reset(&id);
			if (st->id)
				buf_addf(&id, "%s-%s", pr->id, st->id);
			else
				buf_addf(&id, "%s-%zu", pr->id, k + 1);
			buf_reset(&text);
			buf_addf(&text, "o-%s", pr->id);
			int64_t within = st->within != NO_DURATION ? st->within * 1000 : 0;
			expectation(out, unique_id(taken, id.ptr), st->what ? st->what : pr->title,
				    st->who ? st->who : pr->owner, within, text.ptr);
			if (st->id)
				buf_addf(out, "        step: %s.%s\n", pr->id, st->id);
		}
	}
	buf_release(&text);
	buf_release(&id);
}

int generate_drill(struct buf *out, const struct plan *p, const char *id, const char *scenario,
		   const char *lang)
{
	const struct words *w = !strcmp(lang ? lang : plan_language(p), "fr") ? &fr : &en;
	const struct plan_scenario *s = scenario ? plan_scenario(p, scenario) :
					p->nr_scenarios ? &p->scenarios[0] : NULL;
	struct strmap taken = STRMAP_INIT;
	struct buf text = BUF_INIT, body = BUF_INIT;

	if (scenario && !s)
		return crisis_error_code(CRISIS_ENOTFOUND, "plan '%s' has no scenario '%s'", p->id, scenario);
	const struct plan_procedure **prs = xcalloc(p->nr_procedures + 1, sizeof(*prs));
	size_t nr = procedures_of(p, s, prs);

	first_inject(&body, p, s, w, &taken);
	procedure_injects(&body, prs, nr, w, &taken);
	/*
	 * A tabletop compresses time: the last inject, and an hour for what it
	 * asks, in half hours and two hours at least. Actions the plan gives
	 * longer are still open at the end, and the run says so.
	 */
	int64_t end = (int64_t)nr * 15 * 60000 + 60 * 60000;
	end = (end + 30 * 60000 - 1) / (30 * 60000) * (30 * 60000);
	if (end < 2 * 3600000)
		end = 2 * 3600000;

	buf_adds(out, SCHEMA_MODELINE("crisis-drill.schema.json"));
	buf_addf(out, w->header, p->id);
	buf_adds(out, "format: crisis/v1\nkind: drill\n");
	key(out, "", "id", id);
	buf_addf(&text, w->title, s && s->title ? s->title : p->title);
	key(out, "", "title", text.ptr);
	key(out, "", "plan", p->id);
	if (s)
		key(out, "", "scenario", s->id);
	buf_adds(out, "duration: ");
	duration_format_ms(out, end);
	buf_adds(out, "\nobjectives:\n");
	key(out, "  - ", "id", w->o_cell);
	key(out, "    ", "text", w->o_cell_text);
	if (p->nr_levels) {
		key(out, "  - ", "id", w->o_alert);
		key(out, "    ", "text", w->o_alert_text);
	}
	for (size_t i = 0; i < nr; i++) {
		if (!prs[i]->nr_steps)
			continue;
		buf_reset(&text);
		buf_addf(&text, "o-%s", prs[i]->id);
		key(out, "  - ", "id", text.ptr);
		buf_reset(&text);
		buf_addf(&text, w->o_procedure, prs[i]->title ? prs[i]->title : prs[i]->id);
		key(out, "    ", "text", text.ptr);
	}
	buf_add(out, body.ptr, body.len);

	for (size_t i = 0; i < taken.cap; i++)
		free((char *)taken.slots[i].key);
	strmap_release(&taken);
	buf_release(&text);
	buf_release(&body);
	free(prs);
	return 0;
}
