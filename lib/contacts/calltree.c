#include "calltree.h"
#include "util/markup.h"
#include "util/error.h"
#include "util/date.h"
#include "util/duration.h"
#include "util/json.h"
#include "util/suggest.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

static struct call call_of(const struct plan *p, const char *party)
{
	struct call c = { party, plan_role(p, party), NULL, NULL };
	c.who = plan_contact(p, c.role ? c.role->holder : party);
	c.fallback = c.role ? plan_contact(p, c.role->deputy) : NULL;
	return c;
}

static void add_supplier(struct calltree *t, const struct plan_contact *c)
{
	if (!c || !c->external)
		return;
	for (size_t i = 0; i < t->nr_suppliers; i++)
		if (t->suppliers[i] == c)
			return;
	t->suppliers[t->nr_suppliers++] = c;
}

static int by_deadline(const void *a, const void *b)
{
	const struct call_level *x = a, *y = b;
	if (x->level->within != y->level->within)
		return x->level->within < y->level->within ? -1 : 1;
	return x->level->level < y->level->level ? -1 : x->level->level > y->level->level;
}

int calltree_build(struct calltree *t, const struct plan *p, const char *scenario)
{
	size_t calls = 0;

	memset(t, 0, sizeof(*t));
	t->plan = p;
	if (scenario && !(t->scenario = plan_scenario(p, scenario))) {
		const char **ids = xcalloc(p->nr_scenarios + 1, sizeof(*ids));
		for (size_t i = 0; i < p->nr_scenarios; i++)
			ids[i] = p->scenarios[i].id;
		const char *best = suggest_best(scenario, ids, p->nr_scenarios);
		if (best)
			crisis_error("plan '%s' has no scenario '%s'; did you mean '%s'?", p->id, scenario, best);
		else
			crisis_error("plan '%s' has no scenario '%s'", p->id, scenario);
		free(ids);
		return -1;
	}
	t->levels = xcalloc(p->nr_levels + 1, sizeof(*t->levels));
	for (size_t i = 0; i < p->nr_levels; i++) {
		struct call_level *l = &t->levels[t->nr_levels++];
		l->level = &p->levels[i];
		l->calls = xcalloc(l->level->notify.nr + 1, sizeof(*l->calls));
		for (size_t j = 0; j < l->level->notify.nr; j++)
			l->calls[l->nr++] = call_of(p, l->level->notify.ids[j]);
		calls += l->nr * 2;
	}
	qsort(t->levels, t->nr_levels, sizeof(*t->levels), by_deadline);

	const struct idlist *procs = t->scenario ? &t->scenario->procedures : NULL;
	for (size_t i = 0; procs && i < procs->nr; i++) {
		const struct plan_procedure *pr = plan_procedure(p, procs->ids[i]);
		for (size_t j = 0; pr && j < pr->nr_steps; j++) {
			if (!pr->steps[j].who)
				continue;
			t->steps = xrealloc(t->steps, (t->nr_steps + 1) * sizeof(*t->steps));
			t->steps[t->nr_steps++] = (struct call_step){
				pr, &pr->steps[j], j + 1, call_of(p, pr->steps[j].who) };
			calls += 2;
		}
	}

	/* Suppliers in the tree; with no scenario, every external contact the plan names. */
	t->suppliers = xcalloc(calls + p->nr_contacts + 1, sizeof(*t->suppliers));
	for (size_t i = 0; i < t->nr_levels; i++)
		for (size_t j = 0; j < t->levels[i].nr; j++) {
			add_supplier(t, t->levels[i].calls[j].who);
			add_supplier(t, t->levels[i].calls[j].fallback);
		}
	for (size_t i = 0; i < t->nr_steps; i++) {
		add_supplier(t, t->steps[i].call.who);
		add_supplier(t, t->steps[i].call.fallback);
	}
	for (size_t i = 0; !t->scenario && i < p->nr_contacts; i++)
		add_supplier(t, &p->contacts[i]);
	return 0;
}

void calltree_release(struct calltree *t)
{
	for (size_t i = 0; i < t->nr_levels; i++)
		free(t->levels[i].calls);
	free(t->levels);
	free(t->steps);
	free(t->suppliers);
	memset(t, 0, sizeof(*t));
}

/* ---- text ---- */

/* The words of the paper call tree, in the plan's language. */
struct words {
	const char *title, *scenario, *intro, *no_levels, *level, *call_up, *go_on, *procedure,
		*step, *within, *suppliers, *activation, *by_day, *at_night, *no_phone, *office_hours,
		*unknown, *fallback, *no_fallback;
};

static const struct words english = {
	"CALL TREE", "Scenario", "From the alert (T+0), call each level by its deadline; tick who "
	"answered.\nWhen someone does not answer, call their fallback.\n",
	"The plan has no escalation levels.", "LEVEL", "call up to %s times", "go on if unreachable",
	"PROCEDURE", "step", "within", "EXTERNAL SUPPLIERS  time to activate: by day / at night",
	"activation", "by day", "at night", "NO PHONE", "office hours", "unknown contact",
	"fallback: ", "no fallback: the role has no deputy",
};

static const struct words french = {
	"ARBRE D'APPEL", "Scénario", "À partir de l'alerte (T+0), appeler chaque niveau avant son "
	"délai ;\ncocher qui a répondu. Si quelqu'un ne répond pas, appeler son suppléant.\n",
	"Le plan n'a pas de niveaux d'escalade.", "NIVEAU", "appeler jusqu'à %s fois",
	"continuer si injoignable", "PROCÉDURE", "étape", "en", "PRESTATAIRES EXTERNES  délai "
	"d'intervention : jour / nuit", "intervention", "de jour", "de nuit", "PAS DE TÉLÉPHONE",
	"heures ouvrées", "contact inconnu", "suppléant : ", "pas de suppléant : le rôle n'en a pas",
};

/* A paper page holds this many columns. */
#define PAGE_COLUMNS 80

static void pad_to(struct buf *out, size_t line_start, size_t column)
{
	size_t width = utf8_width(out->ptr + line_start, out->len - line_start);
	do
		buf_addc(out, ' ');
	while (++width < column);
}

static size_t line_width(const struct buf *out, size_t start)
{
	return utf8_width(out->ptr + start, out->len - start);
}

static void add_phones(struct buf *out, const struct plan_contact *c, const struct words *w)
{
	if (!c->phones.nr) {
		buf_adds(out, w->no_phone);
		return;
	}
	for (size_t i = 0; i < c->phones.nr && i < 2; i++)
		buf_addf(out, "%s%s", i ? "  " : "", c->phones.ids[i]);
}

static const char *availability(const struct plan_contact *c, const struct words *w)
{
	return c->available == AVAIL_ALWAYS ? "24/7" :
	       c->available == AVAIL_OFFICE_HOURS ? w->office_hours : "";
}

/*
 * "[ ] Name   phones   availability", then what they are called as: a
 * page of 80 columns holds it (what does not fit goes under it).
 */
static void person_line(struct buf *out, const char *lead, const struct plan_contact *c,
			const char *role, bool details, const struct words *w)
{
	size_t start = out->len;
	buf_adds(out, lead);
	if (!c) {
		buf_addf(out, "'%s' (%s)\n", role, w->unknown);
		return;
	}
	buf_adds(out, c->name);
	if (line_width(out, start) >= 35) {
		buf_addc(out, '\n');	/* a long name: the phones go under it */
		start = out->len;
	}
	pad_to(out, start, 36);
	add_phones(out, c, w);
	const char *when = availability(c, w);
	if (*when && line_width(out, start) + 2 + utf8_width(when, strlen(when)) > PAGE_COLUMNS) {
		buf_addc(out, '\n');
		start = out->len;
		pad_to(out, start, 36);
		buf_adds(out, when);
	} else if (*when) {
		buf_addf(out, "  %s", when);
	}
	buf_addc(out, '\n');
	if (details && (role || c->title)) {
		struct buf what = BUF_INIT;
		buf_addf(&what, "%s%s%s", role ? role : "", role && c->title ? ": " : "",
			 c->title ? c->title : "");
		buf_adds(out, "      ");
		markup_wrap(out, what.ptr, 6, 6, PAGE_COLUMNS);
		buf_addc(out, '\n');
		buf_release(&what);
	}
}

static void call_lines(struct buf *out, const struct call *c, const struct words *w)
{
	person_line(out, "  [ ] ", c->who, c->role ? c->role->id : c->who ? NULL : c->party, true, w);
	if (c->fallback) {
		struct buf lead = BUF_INIT;
		buf_addf(&lead, "      %s", w->fallback);
		person_line(out, lead.ptr, c->fallback, NULL, false, w);
		buf_release(&lead);
	} else if (c->role) {
		buf_addf(out, "      %s\n", w->no_fallback);
	}
}

static void deadline(struct buf *out, int64_t secs)
{
	struct buf h = BUF_INIT;
	duration_human(&h, secs);
	buf_addf(out, "T+%s", h.ptr);
	buf_release(&h);
}

void calltree_text(struct buf *out, const struct calltree *t, bool fr)
{
	const struct plan *p = t->plan;
	const struct words *w = fr ? &french : &english;

	buf_addf(out, "%s  %s\nplan %s\n", w->title, p->title ? p->title : "", p->id ? p->id : "");
	if (t->scenario)
		buf_addf(out, "%s: %s (%s)\n", w->scenario, t->scenario->title, t->scenario->id);
	buf_adds(out, w->intro);
	if (!t->nr_levels)
		buf_addf(out, "\n%s\n", w->no_levels);
	for (size_t i = 0; i < t->nr_levels; i++) {
		const struct call_level *l = &t->levels[i];
		size_t start = out->len + 1;
		buf_addc(out, '\n');
		deadline(out, l->level->within);
		pad_to(out, start, 12);
		buf_addf(out, "%s %ld", w->level, l->level->level);
		if (l->level->repeat_text) {
			buf_adds(out, ", ");
			buf_addf(out, w->call_up, l->level->repeat_text);
		}
		if (l->level->skip_if_unreachable_text &&
		    !strcmp(l->level->skip_if_unreachable_text, "true"))
			buf_addf(out, ", %s", w->go_on);
		buf_addc(out, '\n');
		for (size_t j = 0; j < l->nr; j++)
			call_lines(out, &l->calls[j], w);
	}
	const struct plan_procedure *last = NULL;
	for (size_t i = 0; i < t->nr_steps; i++) {
		const struct call_step *s = &t->steps[i];
		if (s->procedure != last) {
			struct buf head = BUF_INIT;
			buf_addf(&head, "%s %s: %s", w->procedure, s->procedure->id,
				 s->procedure->title ? s->procedure->title : "");
			buf_addc(out, '\n');
			markup_wrap(out, head.ptr, 0, 2, PAGE_COLUMNS);
			buf_addc(out, '\n');
			buf_release(&head);
			last = s->procedure;
		}
		struct buf line = BUF_INIT;
		buf_addf(&line, "%s %zu", w->step, s->number);
		if (s->step->within_text) {
			struct buf h = BUF_INIT;
			duration_human(&h, s->step->within);
			buf_addf(&line, ", %s %s", w->within, h.ptr);
			buf_release(&h);
		}
		buf_addf(&line, ": %s", s->step->what ? s->step->what : "");
		buf_adds(out, "  ");
		markup_wrap(out, line.ptr, 2, 4, PAGE_COLUMNS);
		buf_addc(out, '\n');
		buf_release(&line);
		call_lines(out, &s->call, w);
	}
	if (t->nr_suppliers)
		buf_addf(out, "\n%s\n", w->suppliers);
	for (size_t i = 0; i < t->nr_suppliers; i++) {
		const struct plan_contact *c = t->suppliers[i];
		person_line(out, "  [ ] ", c, NULL, true, w);
		if (c->activation_day_text || c->activation_night_text) {
			struct buf day = BUF_INIT, night = BUF_INIT;
			if (c->activation_day != NO_DURATION)
				duration_human(&day, c->activation_day);
			if (c->activation_night != NO_DURATION)
				duration_human(&night, c->activation_night);
			buf_addf(out, "      %s: %s %s, %s %s\n", w->activation,
				 day.len ? day.ptr : "?", w->by_day, night.len ? night.ptr : "?", w->at_night);
			buf_release(&day);
			buf_release(&night);
		}
	}
}

/* ---- Graphviz ---- */

static void dot_str(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(out, '\\');
		if (*s == '\n')
			buf_adds(out, "\\n");
		else if ((unsigned char)*s >= 0x20)
			buf_addc(out, *s);
	}
	buf_addc(out, '"');
}

static void dot_person(struct buf *out, const struct plan_contact *c)
{
	struct buf label = BUF_INIT;
	buf_addf(&label, "%s\n", c->name);
	if (c->title)
		buf_addf(&label, "%s\n", c->title);
	add_phones(&label, c, &english);
	if (*availability(c, &english))
		buf_addf(&label, "\n%s", availability(c, &english));
	buf_addf(out, "  \"c:%s\" [label=", c->id);
	dot_str(out, label.ptr);
	buf_addf(out, "%s];\n", c->external ? ", style=dashed" : "");
	buf_release(&label);
}

static void dot_call(struct buf *out, const char *from, const struct call *c)
{
	if (!c->who)
		return;
	buf_addf(out, "  %s -> \"c:%s\"", from, c->who->id);
	if (c->role) {
		buf_adds(out, " [label=");
		dot_str(out, c->role->id);
		buf_adds(out, "]");
	}
	buf_adds(out, ";\n");
	if (c->fallback)
		buf_addf(out, "  \"c:%s\" -> \"c:%s\" [style=dotted, label=\"fallback\"];\n",
			 c->who->id, c->fallback->id);
}

void calltree_dot(struct buf *out, const struct calltree *t)
{
	struct strmap drawn = STRMAP_INIT;

	buf_adds(out, "digraph calltree {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n  label=");
	dot_str(out, t->plan->title);
	buf_adds(out, ";\n  alert [shape=oval, label=\"Alert\\nT+0\"];\n");
	for (size_t i = 0; i < t->nr_levels; i++) {
		const struct call_level *l = &t->levels[i];
		struct buf label = BUF_INIT;
		buf_addf(&label, "Level %ld\n", l->level->level);
		deadline(&label, l->level->within);
		buf_addf(out, "  level%zu [shape=oval, label=", i + 1);
		dot_str(out, label.ptr);
		buf_adds(out, "];\n");
		if (i)
			buf_addf(out, "  level%zu -> level%zu [style=bold];\n", i, i + 1);
		else
			buf_adds(out, "  alert -> level1 [style=bold];\n");
		buf_release(&label);
	}
	for (size_t i = 0; i < t->nr_levels; i++) {
		char from[32];
		snprintf(from, sizeof(from), "level%zu", i + 1);
		for (size_t j = 0; j < t->levels[i].nr; j++)
			dot_call(out, from, &t->levels[i].calls[j]);
	}
	for (size_t i = 0; i < t->nr_steps; i++) {
		char from[32];
		snprintf(from, sizeof(from), "step%zu", i + 1);
		buf_addf(out, "  %s [shape=note, label=", from);
		struct buf label = BUF_INIT;
		buf_addf(&label, "%s, step %zu", t->steps[i].procedure->id, t->steps[i].number);
		dot_str(out, label.ptr);
		buf_release(&label);
		buf_adds(out, "];\n");
		dot_call(out, from, &t->steps[i].call);
	}
	/* Each person once, whoever calls them. */
	for (size_t i = 0; i < t->nr_levels + t->nr_steps; i++) {
		const struct call *calls = i < t->nr_levels ? t->levels[i].calls :
					   &t->steps[i - t->nr_levels].call;
		size_t n = i < t->nr_levels ? t->levels[i].nr : 1;
		for (size_t j = 0; j < n; j++) {
			const struct plan_contact *people[] = { calls[j].who, calls[j].fallback };
			for (size_t k = 0; k < 2; k++) {
				if (!people[k] || strmap_get(&drawn, people[k]->id))
					continue;
				strmap_put(&drawn, people[k]->id, (void *)people[k]);
				dot_person(out, people[k]);
			}
		}
	}
	for (size_t i = 0; i < t->nr_suppliers; i++)
		if (!strmap_get(&drawn, t->suppliers[i]->id))
			dot_person(out, t->suppliers[i]);
	buf_adds(out, "}\n");
	strmap_release(&drawn);
}

/* ---- JSON ---- */

static void json_contact(struct buf *out, const struct plan_contact *c)
{
	if (!c) {
		buf_adds(out, "null");
		return;
	}
	buf_adds(out, "{\"id\": ");
	json_str(out, c->id);
	buf_adds(out, ", \"name\": ");
	json_str(out, c->name);
	buf_adds(out, ", \"phones\": [");
	for (size_t i = 0; i < c->phones.nr; i++) {
		buf_adds(out, i ? ", " : "");
		json_str(out, c->phones.ids[i]);
	}
	buf_adds(out, "], \"available\": ");
	json_str(out, c->available_text);
	buf_adds(out, "}");
}

static void json_call(struct buf *out, const struct call *c)
{
	buf_adds(out, "{\"party\": ");
	json_str(out, c->party);
	buf_adds(out, ", \"role\": ");
	json_str(out, c->role ? c->role->id : NULL);
	buf_adds(out, ", \"who\": ");
	json_contact(out, c->who);
	buf_adds(out, ", \"fallback\": ");
	json_contact(out, c->fallback);
	buf_adds(out, "}");
}

void calltree_json(struct buf *out, const struct calltree *t)
{
	buf_adds(out, "{\"plan\": ");
	json_str(out, t->plan->id);
	buf_adds(out, ", \"scenario\": ");
	json_str(out, t->scenario ? t->scenario->id : NULL);
	buf_adds(out, ", \"levels\": [");
	for (size_t i = 0; i < t->nr_levels; i++) {
		const struct call_level *l = &t->levels[i];
		buf_addf(out, "%s{\"level\": %ld, \"within\": ", i ? ", " : "", l->level->level);
		json_str(out, l->level->within_text);
		buf_addf(out, ", \"within_seconds\": %lld, \"calls\": [", (long long)l->level->within);
		for (size_t j = 0; j < l->nr; j++) {
			buf_adds(out, j ? ", " : "");
			json_call(out, &l->calls[j]);
		}
		buf_adds(out, "]}");
	}
	buf_adds(out, "], \"steps\": [");
	for (size_t i = 0; i < t->nr_steps; i++) {
		const struct call_step *s = &t->steps[i];
		buf_adds(out, i ? ", {\"procedure\": " : "{\"procedure\": ");
		json_str(out, s->procedure->id);
		buf_addf(out, ", \"step\": %zu, \"within\": ", s->number);
		json_str(out, s->step->within_text);
		buf_adds(out, ", \"call\": ");
		json_call(out, &s->call);
		buf_adds(out, "}");
	}
	buf_adds(out, "], \"suppliers\": [");
	for (size_t i = 0; i < t->nr_suppliers; i++) {
		const struct plan_contact *c = t->suppliers[i];
		buf_adds(out, i ? ", " : "");
		json_contact(out, c);
		out->len--;	/* reopen the object for the delays */
		buf_adds(out, ", \"activation_day\": ");
		json_str(out, c->activation_day_text);
		buf_adds(out, ", \"activation_night\": ");
		json_str(out, c->activation_night_text);
		buf_adds(out, "}");
	}
	buf_adds(out, "]}\n");
}
