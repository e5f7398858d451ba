#include "render.h"
#include "render-words.h"
#include "check/doc.h"
#include "util/duration.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

const char *render_section_title(enum render_section s, bool fr)
{
	return s < RENDER_NR_SECTIONS ? render_words(fr)->sections[s] : "";
}

/* What a section writes with. */
struct binder {
	struct buf *out;
	enum markup_format f;
	const struct plan *p;
	const struct render_opts *o;
	const struct render_words *w;
};

/* ---- small texts ---- */

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* The index of `s` among `names`, or -1. */
static int index_of(const char *s, const char *const *names, size_t nr)
{
	for (size_t i = 0; s && i < nr; i++)
		if (!strcmp(s, names[i]))
			return (int)i;
	return -1;
}

/* A value of an enumeration in the binder's words, else as written. */
static const char *enum_word(const char *s, const char *const *names, const char *const *words,
			     size_t nr)
{
	int i = index_of(s, names, nr);
	return i < 0 ? or_dash(s) : words[i];
}

static const char *status_word(const struct binder *b, const char *s)
{
	static const char *const names[] = { "draft", "review", "approved", "retired" };
	return enum_word(s, names, b->w->statuses, 4);
}

static const char *group_word(const struct binder *b, const char *s)
{
	static const char *const names[] = { "expert", "orchestrator", "communicator", "operator" };
	return enum_word(s, names, b->w->groups, 4);
}

/* A duration for people; in HTML "10 min" is not cut across two lines. */
static void duration(struct buf *out, const struct binder *b, const char *iso)
{
	struct buf w = BUF_INIT;
	if (!iso) {
		buf_addc(out, '-');
		return;
	}
	duration_words(&w, iso, b->o->fr);
	for (const char *s = buf_str(&w); *s; s++) {
		if (*s == ' ' && b->f == MARKUP_HTML)
			buf_adds(out, "\xC2\xA0");
		else
			buf_addc(out, *s);
	}
	buf_release(&w);
}

/* Would a redacted copy leave this contact's phones and e-mail out? */
static bool hidden(const struct binder *b, const struct plan_contact *c)
{
	return b->o->redact && c && !c->external;
}

/*
 * A contact's phones, ", " between them. In HTML each keeps its spaces
 * unbreakable: a number cut across two lines is misread on paper.
 */
static void phones(struct buf *out, const struct binder *b, const struct plan_contact *c)
{
	if (!c || !c->phones.nr || hidden(b, c)) {
		buf_adds(out, c && hidden(b, c) ? "\xE2\x80\x94" : "-");
		return;
	}
	for (size_t i = 0; i < c->phones.nr; i++) {
		buf_adds(out, i ? ", " : "");
		for (const char *s = c->phones.ids[i]; *s; s++) {
			if (*s == ' ' && b->f == MARKUP_HTML)
				buf_adds(out, "\xC2\xA0");
			else
				buf_addc(out, *s);
		}
	}
}

static const char *availability(const struct binder *b, const struct plan_contact *c)
{
	return !c ? "-" : c->available == AVAIL_ALWAYS ? "24/7" :
	       c->available == AVAIL_OFFICE_HOURS ? b->w->office_hours : "-";
}

/* "Claire Martin" for a contact; for a role, its holder's name. */
static const char *party_name(const struct binder *b, const char *party)
{
	const struct plan_role *r = plan_role(b->p, party);
	const struct plan_contact *c = plan_contact(b->p, r ? r->holder : party);
	return c && c->name ? c->name : or_dash(party);
}

/* "pilote-relation-clients (Claire Martin)" for a role, the name for a contact. */
static void party_text(struct buf *out, const struct binder *b, const char *party)
{
	if (!party) {
		buf_addc(out, '-');
		return;
	}
	if (plan_role(b->p, party))
		buf_addf(out, "%s (%s)", party, party_name(b, party));
	else
		buf_adds(out, party_name(b, party));
}

static bool has_scenarios(const struct plan *p)
{
	return p->nr_scenarios > 0;
}

/* The number a section is printed with: a plan without scenarios has no gap where they would be. */
static int section_number(const struct binder *b, enum render_section s)
{
	return (int)s - (s > RENDER_SCENARIOS && !has_scenarios(b->p));
}

/* Write a table with the labels punctuated as the binder's language wants. */
static void table_write(const struct binder *b, struct markup_table *t)
{
	t->colon = b->w->colon;
	markup_table_write(b->out, b->f, t);
}

static void section(const struct binder *b, enum render_section s, bool new_page)
{
	struct buf h = BUF_INIT;
	if (new_page)
		markup_break(b->out, b->f);
	if (s != RENDER_CONTENTS)	/* the contents list the numbered sections */
		buf_addf(&h, "%d. ", section_number(b, s));
	buf_adds(&h, b->w->sections[s]);
	markup_heading(b->out, b->f, 2, h.ptr);
	buf_release(&h);
}

static void fact(struct markup_table *t, const char *label, const char *value)
{
	markup_table_add(t, label);
	markup_table_add(t, or_dash(value));
}

/* ---- the cover and the contents ---- */

static void cover(const struct binder *b)
{
	static const struct markup_column cols[] = { { "", false }, { "", true } };
	struct markup_table t = { .cols = cols, .nr_cols = 2, .facts = true };
	const struct render_words *w = b->w;
	const struct plan *p = b->p;
	struct buf v = BUF_INIT;

	markup_heading(b->out, b->f, 1, or_dash(p->title));
	markup_para(b->out, b->f, p->kind && !strcmp(p->kind, "pra") ? w->pra : w->pca);
	if (b->o->redact)	/* a heading: seen first on the wall */
		markup_heading(b->out, b->f, 3, w->redacted);
	fact(&t, w->plan_id, p->id);
	if (b->o->approval)
		buf_adds(&v, b->o->approval);
	else if (b->o->changed_since)
		buf_addf(&v, w->changed_since, b->o->changed_since);
	else
		buf_adds(&v, w->not_approved);
	if (b->o->versioned)	/* outside a workspace, no one knows */
		fact(&t, w->version, v.ptr);
	fact(&t, w->status, status_word(b, p->status));
	if (p->approved_by) {
		buf_reset(&v);
		buf_adds(&v, party_name(b, p->approved_by));
		fact(&t, w->approved_by, v.ptr);
		fact(&t, w->approved_on, p->review_last_text);
	}
	buf_reset(&v);
	party_text(&v, b, p->owner);
	fact(&t, w->owner, v.ptr);
	buf_reset(&v);
	duration(&v, b, p->review_every_text);
	fact(&t, w->review_every, v.ptr);
	fact(&t, w->printed, b->o->printed);
	if (b->o->revision)
		fact(&t, w->revision, b->o->revision);
	else if (b->o->versioned)	/* not from git's history: say so */
		fact(&t, w->revision, w->working_tree);
	table_write(b, &t);
	markup_table_release(&t);
	if (p->scope) {
		markup_heading(b->out, b->f, 3, w->scope);
		markup_para(b->out, b->f, p->scope);
	}
	buf_release(&v);
}

static void contents(const struct binder *b)
{
	const struct markup_column cols[] = { { b->w->number, false }, { b->w->section, true } };
	struct markup_table t = { .cols = cols, .nr_cols = 2 };

	section(b, RENDER_CONTENTS, true);
	for (int s = RENDER_ACTIVATION; s < RENDER_NR_SECTIONS; s++) {
		if (s == RENDER_SCENARIOS && !has_scenarios(b->p))
			continue;
		markup_table_addf(&t, "%d", section_number(b, s));
		markup_table_add(&t, b->w->sections[s]);
		for (size_t i = 0; s == RENDER_PROCEDURES && i < b->p->nr_procedures; i++) {
			markup_table_addf(&t, "%d.%zu", s, i + 1);
			markup_table_add(&t, or_dash(b->p->procedures[i].title));
		}
	}
	table_write(b, &t);
	markup_table_release(&t);
}

/* ---- activation ---- */

static void activation(const struct binder *b)
{
	const struct render_words *w = b->w;
	const struct markup_column cols[] = {
		{ w->party, false }, { w->name, false }, { w->phones, false },
	};
	struct markup_table t = { .cols = cols, .nr_cols = 3, .none = w->no_authority };
	struct idlist criteria;
	struct buf v = BUF_INIT;

	section(b, RENDER_ACTIVATION, true);
	doc_idlist_read(&criteria, doc_child(doc_child(b->p->root, "activation"), "criteria"));
	markup_para(b->out, b->f, criteria.nr ? w->criteria : w->no_criteria);
	markup_list(b->out, b->f, MARKUP_BULLETS, criteria.ids, criteria.nr);
	markup_heading(b->out, b->f, 3, w->authority);
	for (size_t i = 0; i < b->p->authority.nr; i++) {
		const char *party = b->p->authority.ids[i];
		const struct plan_role *r = plan_role(b->p, party);
		markup_table_add(&t, party);
		markup_table_add(&t, party_name(b, party));
		buf_reset(&v);
		phones(&v, b, plan_contact(b->p, r ? r->holder : party));
		markup_table_add(&t, v.ptr);
	}
	table_write(b, &t);
	markup_table_release(&t);
	doc_idlist_release(&criteria);
	buf_release(&v);
}

/* ---- the call tree ---- */

/* "Claire Martin · +33 6 ... · 24/7": a deputy in one cell. */
static void person(struct buf *out, const struct binder *b, const struct plan_contact *c)
{
	buf_adds(out, c ? or_dash(c->name) : b->w->unknown);
	buf_adds(out, " \xC2\xB7 ");
	phones(out, b, c);
	buf_addf(out, " \xC2\xB7 %s", availability(b, c));
}

/* A party to call: who answers (a role's holder), what as, and the deputy to call instead. */
static void call_row(struct markup_table *t, const struct binder *b, const char *party)
{
	const struct plan_role *r = plan_role(b->p, party);
	const struct plan_contact *who = plan_contact(b->p, r ? r->holder : party);
	const struct plan_contact *deputy = r && r->deputy ? plan_contact(b->p, r->deputy) : NULL;
	struct buf v = BUF_INIT;

	markup_table_add(t, who ? or_dash(who->name) : party);
	phones(&v, b, who);
	markup_table_add(t, v.ptr);
	markup_table_add(t, availability(b, who));
	buf_reset(&v);
	if (r)
		buf_addf(&v, "%s%s", r->id, who && who->title ? b->w->colon : "");
	buf_adds(&v, who && who->title ? who->title : who ? "" : b->w->unknown);
	markup_table_add(t, v.ptr);
	buf_reset(&v);
	if (r && r->deputy)
		person(&v, b, deputy);
	markup_table_add(t, v.ptr);
	buf_release(&v);
}

static void level_heading(const struct binder *b, const struct plan_level *l)
{
	struct buf h = BUF_INIT, within = BUF_INIT;
	duration(&within, b, l->within_text);
	buf_addf(&h, b->w->level, or_dash(l->level_text), within.ptr);
	if (l->repeat_text) {
		buf_adds(&h, ", ");
		buf_addf(&h, b->w->call_up, l->repeat_text);
	}
	if (l->skip_if_unreachable_text && !strcmp(l->skip_if_unreachable_text, "true"))
		buf_addf(&h, ", %s", b->w->go_on);
	markup_heading(b->out, b->f, 3, h.ptr);
	buf_release(&h);
	buf_release(&within);
}

/* Levels are called in the order of their deadlines, whatever order the plan wrote them in. */
static int by_deadline(const void *x, const void *y)
{
	const struct plan_level *a = *(const struct plan_level *const *)x;
	const struct plan_level *c = *(const struct plan_level *const *)y;
	if (a->within != c->within)
		return a->within < c->within ? -1 : 1;
	return a->level < c->level ? -1 : a->level > c->level;
}

static void suppliers(const struct binder *b, const struct plan_contact *const *list, size_t nr)
{
	const struct render_words *w = b->w;
	const struct markup_column cols[] = {
		{ w->name, true }, { w->phones, false }, { w->available, false },
		{ w->by_day, false }, { w->at_night, false },
	};
	struct markup_table s = { .cols = cols, .nr_cols = 5, .none = w->no_supplier };
	struct buf v = BUF_INIT;

	markup_heading(b->out, b->f, 3, w->suppliers);
	for (size_t i = 0; i < nr; i++) {
		const struct plan_contact *c = list[i];
		if (!c->external)
			continue;
		markup_table_add(&s, or_dash(c->name));
		buf_reset(&v);
		phones(&v, b, c);
		markup_table_add(&s, v.ptr);
		markup_table_add(&s, availability(b, c));
		buf_reset(&v);
		duration(&v, b, c->activation_day_text);
		markup_table_add(&s, v.ptr);
		buf_reset(&v);
		duration(&v, b, c->activation_night_text);
		markup_table_add(&s, v.ptr);
	}
	table_write(b, &s);
	markup_table_release(&s);
	buf_release(&v);
}

static void call_tree(const struct binder *b, const struct plan_contact *const *list, size_t nr)
{
	const struct render_words *w = b->w;
	const struct markup_column cols[] = {
		{ w->name, false }, { w->phones, false }, { w->available, false },
		{ w->role, true }, { w->deputy, true },
	};
	const struct plan *p = b->p;
	const struct plan_level **levels = xcalloc(p->nr_levels + 1, sizeof(*levels));

	section(b, RENDER_CALLTREE, true);
	markup_para(b->out, b->f, p->nr_levels ? w->calltree_intro : w->no_levels);
	for (size_t i = 0; i < p->nr_levels; i++)
		levels[i] = &p->levels[i];
	qsort(levels, p->nr_levels, sizeof(*levels), by_deadline);
	for (size_t i = 0; i < p->nr_levels; i++) {
		struct markup_table l = { .cols = cols, .nr_cols = 5, .check = true };
		level_heading(b, levels[i]);
		for (size_t j = 0; j < levels[i]->notify.nr; j++)
			call_row(&l, b, levels[i]->notify.ids[j]);
		table_write(b, &l);
		markup_table_release(&l);
	}
	suppliers(b, list, nr);
	free(levels);
}

/* ---- the crisis cell ---- */

static void cell(const struct binder *b)
{
	const struct render_words *w = b->w;
	const struct markup_column cols[] = {
		{ w->party, false }, { w->group, false }, { w->holder, true }, { w->deputy, true },
		{ w->duties, true },
	};
	struct markup_table t = { .cols = cols, .nr_cols = 5, .none = w->no_cell };
	struct buf v = BUF_INIT;

	section(b, RENDER_CELL, true);
	for (size_t i = 0; i < b->p->nr_roles; i++) {
		const struct plan_role *r = &b->p->roles[i];
		const struct plan_contact *deputy = plan_contact(b->p, r->deputy);
		struct idlist duties;
		markup_table_add(&t, r->id);
		markup_table_add(&t, group_word(b, r->group));
		buf_reset(&v);
		person(&v, b, plan_contact(b->p, r->holder));
		markup_table_add(&t, v.ptr);
		buf_reset(&v);
		if (r->deputy)
			person(&v, b, deputy);
		markup_table_add(&t, v.ptr);
		buf_reset(&v);
		doc_idlist_read(&duties, doc_child(r->node, "duties"));
		for (size_t j = 0; j < duties.nr; j++)
			buf_addf(&v, "%s%s", j ? " " : "", duties.ids[j]);
		markup_table_add(&t, v.ptr);
		doc_idlist_release(&duties);
	}
	table_write(b, &t);
	markup_table_release(&t);
	buf_release(&v);
}

/* ---- the procedures: one checklist each ---- */

/* The number of step `id` in its procedure, 0 when there is none. */
static size_t step_number(const struct plan_procedure *pr, const char *id)
{
	for (size_t i = 0; id && i < pr->nr_steps; i++)
		if (pr->steps[i].id && !strcmp(pr->steps[i].id, id))
			return i + 1;
	return 0;
}

static void procedure_facts(const struct binder *b, const struct plan_procedure *pr)
{
	static const struct markup_column cols[] = { { "", false }, { "", true } };
	struct markup_table t = { .cols = cols, .nr_cols = 2, .facts = true };
	struct buf v = BUF_INIT;

	party_text(&v, b, pr->owner);
	fact(&t, b->w->owner, v.ptr);
	buf_reset(&v);
	for (size_t i = 0; i < pr->activities.nr; i++) {
		const struct plan_activity *a = plan_activity(b->p, pr->activities.ids[i]);
		buf_addf(&v, "%s%s", i ? ", " : "", a && a->name ? a->name : pr->activities.ids[i]);
	}
	fact(&t, b->w->restores, v.ptr);
	table_write(b, &t);
	markup_table_release(&t);
	buf_release(&v);
}

static void procedure(const struct binder *b, const struct plan_procedure *pr, size_t number)
{
	const struct render_words *w = b->w;
	const struct markup_column cols[] = {
		{ w->number, false }, { w->who, false }, { w->within, false }, { w->after, false },
		{ w->step, true },
	};
	struct markup_table t = { .cols = cols, .nr_cols = 5, .check = true, .none = w->no_step };
	struct buf v = BUF_INIT;

	if (number > 1)	/* the first shares the page of the section's heading */
		markup_break(b->out, b->f);
	buf_addf(&v, w->procedure, RENDER_PROCEDURES, number, or_dash(pr->title));
	markup_heading(b->out, b->f, 3, v.ptr);
	procedure_facts(b, pr);
	markup_para(b->out, b->f, w->steps_to_tick);
	for (size_t i = 0; i < pr->nr_steps; i++) {
		const struct plan_step *s = &pr->steps[i];
		markup_table_addf(&t, "%zu", i + 1);
		buf_reset(&v);
		party_text(&v, b, s->who);
		markup_table_add(&t, v.ptr);
		buf_reset(&v);
		duration(&v, b, s->within_text);
		markup_table_add(&t, v.ptr);
		buf_reset(&v);
		for (size_t j = 0; j < s->after.nr; j++) {
			size_t n = step_number(pr, s->after.ids[j]);
			if (n)
				buf_addf(&v, "%s%zu", v.len ? ", " : "", n);
			else
				buf_addf(&v, "%s%s", v.len ? ", " : "", s->after.ids[j]);
		}
		markup_table_add(&t, v.len ? v.ptr : "-");
		markup_table_add(&t, or_dash(s->what));
	}
	table_write(b, &t);
	markup_table_release(&t);
	buf_release(&v);
}

static void procedures(const struct binder *b)
{
	section(b, RENDER_PROCEDURES, true);
	if (!b->p->nr_procedures)
		markup_para(b->out, b->f, b->w->no_procedure);
	for (size_t i = 0; i < b->p->nr_procedures; i++)
		procedure(b, &b->p->procedures[i], i + 1);
}

/* ---- communication ---- */

static void audiences(const struct binder *b)
{
	const struct render_words *w = b->w;
	const struct markup_column cols[] = {
		{ w->audience, false }, { w->spokesperson, false }, { w->channels, true },
		{ w->messages, true },
	};
	struct markup_table t = { .cols = cols, .nr_cols = 4, .none = w->no_audience };
	struct buf v = BUF_INIT;

	markup_heading(b->out, b->f, 3, w->audiences);
	for (size_t i = 0; i < b->p->nr_audiences; i++) {
		const struct plan_audience *a = &b->p->audiences[i];
		struct idlist messages;
		markup_table_add(&t, or_dash(a->id));
		buf_reset(&v);
		party_text(&v, b, a->spokesperson);
		markup_table_add(&t, v.ptr);
		buf_reset(&v);
		for (size_t j = 0; j < a->channels.nr; j++)
			buf_addf(&v, "%s%s", j ? ", " : "", a->channels.ids[j]);
		markup_table_add(&t, v.ptr);
		buf_reset(&v);
		doc_idlist_read(&messages, doc_child(a->node, "messages"));
		for (size_t j = 0; j < messages.nr; j++)
			buf_addf(&v, "%s\xC2\xAB\xC2\xA0%s\xC2\xA0\xC2\xBB", j ? " " : "", messages.ids[j]);
		markup_table_add(&t, v.ptr);
		doc_idlist_release(&messages);
	}
	table_write(b, &t);
	markup_table_release(&t);
	buf_release(&v);
}

/* The rows of a list of mappings: `keys` of each item, in columns. */
static void pairs(const struct binder *b, xmlNode *list, const char *heading,
		  const struct markup_column *cols, const char *const *keys, size_t nr)
{
	struct markup_table t = { .cols = cols, .nr_cols = nr, .none = b->w->none };
	if (!list)
		return;
	markup_heading(b->out, b->f, 3, heading);
	for (xmlNode *item = doc_first(list); item; item = doc_next(item))
		for (size_t k = 0; k < nr; k++)
			markup_table_add(&t, or_dash(doc_child_text(item, keys[k])));
	table_write(b, &t);
	markup_table_release(&t);
}

/* The indicators, each target with its unit: "90 %", "24 h". */
static void kpis(const struct binder *b, xmlNode *list)
{
	const struct markup_column cols[] = { { b->w->target, false }, { b->w->indicator, true } };
	struct markup_table t = { .cols = cols, .nr_cols = 2 };
	if (!list)
		return;
	markup_heading(b->out, b->f, 3, b->w->kpis);
	for (xmlNode *item = doc_first(list); item; item = doc_next(item)) {
		const char *unit = doc_child_text(item, "unit");
		markup_table_addf(&t, "%s%s%s", or_dash(doc_child_text(item, "target")),
				  unit ? "\xC2\xA0" : "", unit ? unit : "");
		markup_table_add(&t, doc_child_text(item, "name"));
	}
	table_write(b, &t);
	markup_table_release(&t);
}

static void communication(const struct binder *b)
{
	static const char *const strategies[] = { "acknowledge", "lateral", "deny" };
	static const char *const faq_keys[] = { "q", "a" };
	static const struct markup_column facts[] = { { "", false }, { "", true } };
	const struct render_words *w = b->w;
	const struct markup_column faq[] = { { w->question, true }, { w->answer, true } };
	struct markup_table t = { .cols = facts, .nr_cols = 2, .facts = true };
	xmlNode *comm = doc_child(b->p->root, "communication");
	struct buf v = BUF_INIT;

	section(b, RENDER_COMMUNICATION, true);
	fact(&t, w->strategy, enum_word(b->p->strategy, strategies, w->strategies, 3));
	duration(&v, b, b->p->first_message_text);
	fact(&t, w->first_message, v.ptr);
	table_write(b, &t);
	markup_table_release(&t);
	audiences(b);
	pairs(b, doc_child(comm, "faq"), w->faq, faq, faq_keys, 2);
	kpis(b, doc_child(comm, "kpis"));
	buf_release(&v);
}

/* ---- the business impact analysis ---- */

static void impact(const struct binder *b)
{
	const struct render_words *w = b->w;
	const struct markup_column cols[] = {
		{ w->activity, true }, { w->priority, false }, { w->owner, false }, { "RTO", false },
		{ "RPO", false }, { "MTPD", false }, { w->depends_on, true },
	};
	struct markup_table t = { .cols = cols, .nr_cols = 7, .none = w->no_activity };
	struct buf v = BUF_INIT;

	section(b, RENDER_IMPACT, true);
	for (size_t i = 0; i < b->p->nr_activities; i++) {
		const struct plan_activity *a = &b->p->activities[i];
		const char *const times[] = { a->rto_text, a->rpo_text, a->mtpd_text };
		markup_table_add(&t, a->name ? a->name : or_dash(a->id));
		markup_table_add(&t, w->priorities[a->priority]);
		buf_reset(&v);
		party_text(&v, b, a->owner);
		markup_table_add(&t, v.ptr);
		for (size_t k = 0; k < 3; k++) {
			buf_reset(&v);
			duration(&v, b, times[k]);
			markup_table_add(&t, v.ptr);
		}
		buf_reset(&v);
		for (size_t j = 0; j < a->depends_on.nr; j++) {
			const struct plan_activity *d = plan_activity(b->p, a->depends_on.ids[j]);
			buf_addf(&v, "%s%s", j ? ", " : "", d && d->name ? d->name : a->depends_on.ids[j]);
		}
		markup_table_add(&t, v.ptr);
	}
	table_write(b, &t);
	markup_table_release(&t);
	buf_release(&v);
}

/* ---- scenarios ---- */

static void scenarios(const struct binder *b)
{
	const struct render_words *w = b->w;
	const struct markup_column cols[] = {
		{ w->scenario, true }, { w->likelihood, false }, { w->impact, false },
		{ w->procedures, true }, { w->description, true },
	};
	struct markup_table t = { .cols = cols, .nr_cols = 5 };
	struct buf v = BUF_INIT;

	if (!has_scenarios(b->p))
		return;
	section(b, RENDER_SCENARIOS, true);
	for (size_t i = 0; i < b->p->nr_scenarios; i++) {
		const struct plan_scenario *s = &b->p->scenarios[i];
		markup_table_add(&t, s->title ? s->title : or_dash(s->id));
		markup_table_addf(&t, "%s/5", or_dash(s->likelihood));
		markup_table_addf(&t, "%s/5", or_dash(s->impact));
		buf_reset(&v);
		for (size_t j = 0; j < s->procedures.nr; j++) {
			const struct plan_procedure *pr = plan_procedure(b->p, s->procedures.ids[j]);
			buf_addf(&v, "%s%s", j ? ", " : "", pr && pr->title ? pr->title : s->procedures.ids[j]);
		}
		markup_table_add(&t, v.ptr);
		markup_table_add(&t, s->description);
	}
	table_write(b, &t);
	markup_table_release(&t);
	buf_release(&v);
}

/* ---- stand-down ---- */

static void stand_down(const struct binder *b)
{
	xmlNode *exit = doc_child(b->p->root, "exit");
	struct idlist criteria, steps;

	section(b, RENDER_EXIT, true);
	doc_idlist_read(&criteria, doc_child(exit, "criteria"));
	doc_idlist_read(&steps, doc_child(exit, "steps"));
	markup_para(b->out, b->f, criteria.nr ? b->w->exit_criteria : b->w->no_exit);
	markup_list(b->out, b->f, MARKUP_CHECKBOXES, criteria.ids, criteria.nr);
	if (steps.nr) {
		markup_heading(b->out, b->f, 3, b->w->exit_steps);
		markup_list(b->out, b->f, MARKUP_CHECKBOXES, steps.ids, steps.nr);
	}
	doc_idlist_release(&criteria);
	doc_idlist_release(&steps);
}

/* ---- the contact sheet ---- */

struct named {
	const struct plan *p;
	const struct plan_contact **list;
	size_t nr;
};

/* A shared contact the plan names joins the sheet once, after the plan's own. */
static void add_named(void *data, const char *party, const char *what, xmlNode *node)
{
	struct named *n = data;
	const struct plan_role *r = plan_role(n->p, party);
	const char *ids[] = { r ? r->holder : party, r ? r->deputy : NULL };
	(void)what;
	(void)node;
	for (size_t k = 0; k < 2; k++) {
		const struct plan_contact *c = ids[k] ? plan_contact(n->p, ids[k]) : NULL;
		bool seen = !c || plan_owns(n->p, c);
		for (size_t i = 0; !seen && i < n->nr; i++)
			seen = n->list[i] == c;
		if (!seen) {
			n->list = xrealloc(n->list, (n->nr + 1) * sizeof(*n->list));
			n->list[n->nr++] = c;
		}
	}
}

static void contact_row(struct markup_table *t, const struct binder *b, const struct plan_contact *c)
{
	struct buf v = BUF_INIT;
	markup_table_add(t, or_dash(c->name));
	markup_table_add(t, c->external ? b->w->external : b->w->internal);
	phones(&v, b, c);
	markup_table_add(t, v.ptr);
	markup_table_add(t, availability(b, c));
	markup_table_add(t, c->title);
	markup_table_add(t, hidden(b, c) ? "\xE2\x80\x94" : c->email);
	buf_release(&v);
}

static void contact_sheet(const struct binder *b, const struct plan_contact *const *list, size_t nr)
{
	const struct render_words *w = b->w;
	const struct markup_column cols[] = {
		{ w->name, false }, { w->org, false }, { w->phones, false }, { w->available, false },
		{ w->title, true }, { w->email, true },
	};
	struct markup_table t = { .cols = cols, .nr_cols = 6, .none = w->no_contact };

	section(b, RENDER_CONTACTS, true);
	for (size_t i = 0; i < nr; i++)
		contact_row(&t, b, list[i]);
	table_write(b, &t);
	markup_table_release(&t);
}

/* Every contact of the binder: the plan's own, then the shared ones it names. */
static const struct plan_contact **sheet(const struct plan *p, size_t *nr)
{
	struct named n = { p, xcalloc(p->nr_contacts + 1, sizeof(*n.list)), p->nr_contacts };
	for (size_t i = 0; i < p->nr_contacts; i++)
		n.list[i] = &p->contacts[i];
	plan_parties(p, false, add_named, &n);
	*nr = n.nr;
	return n.list;
}

/* ---- the page ---- */

/*
 * Over markup's page: the page number and the plan in the bottom margin
 * (Chromium prints @page margin boxes since version 131), bigger headings,
 * one procedure a page. The footer is CSS text: only the characters of an
 * id go in it.
 */
static void page_css(struct buf *css, const struct binder *b)
{
	struct buf foot = BUF_INIT;
	for (const char *s = or_dash(b->p->id); *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')
			buf_addc(&foot, *s);
	const char *v = b->o->approval ? strrchr(b->o->approval, '/') : NULL;
	for (size_t i = 1; v && v[i]; i++)
		if ((v[i] >= 'a' && v[i] <= 'z') || (v[i] >= '0' && v[i] <= '9'))
			buf_addf(&foot, "%s%c", i == 1 ? " " : "", v[i]);
	buf_addf(css, "@page { margin: 14mm 12mm 16mm;\n"
		 "  @bottom-left { content: \"%s%s%s\"; font: 8pt sans-serif; color: #555; }\n"
		 "  @bottom-right { content: \"%s \" counter(page) \" / \" counter(pages); "
		 "font: 8pt sans-serif; color: #555; } }\n",
		 foot.ptr, b->o->redact ? " \\2014  " : "", b->o->redact ? b->w->redacted_foot : "",
		 b->w->page);
	buf_adds(css,
		 "h1 { font-size: 22pt; margin: 20mm 0 4mm; }\n"
		 "h2 { font-size: 15pt; margin: 0 0 3mm; border-bottom: 2px solid #111; break-after: avoid; }\n"
		 "h3 { font-size: 12pt; margin: 5mm 0 2mm; break-after: avoid; }\n"
		 "td { overflow-wrap: break-word; }\n"
		 "@media print { body { padding: 0; max-width: none; } }\n");
	buf_release(&foot);
}

void render_plan(struct buf *out, const struct plan *p, const struct render_opts *o)
{
	struct binder b = { out, o->format, p, o, render_words(o->fr) };
	struct buf css = BUF_INIT, title = BUF_INIT;

	page_css(&css, &b);
	buf_addf(&title, "%s%s%s", b.w->binder, b.w->colon, or_dash(p->title));
	markup_open(out, o->format, title.ptr, css.ptr);
	size_t nr;
	const struct plan_contact **list = sheet(p, &nr);

	cover(&b);
	contents(&b);
	activation(&b);
	call_tree(&b, list, nr);
	cell(&b);
	procedures(&b);
	communication(&b);
	impact(&b);
	scenarios(&b);
	stand_down(&b);
	contact_sheet(&b, list, nr);
	markup_close(out, o->format);
	free(list);
	buf_release(&css);
	buf_release(&title);
}
