#include "plandiff.h"
#include "util/json.h"
#include "util/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many changes a summary names at most before "+N more". */
#define SUMMARY_ITEMS 3

/* How two values as written are compared: what counts as "the same". */
enum same_as {
	SAME_TEXT,	/* byte for byte */
	SAME_NUMBER,	/* 3 and 03 are one likelihood */
	SAME_BOOLEAN,	/* true and 1 */
	SAME_PHONE,	/* spaces in a number are ignored */
};

/* -1 when s is not a boolean as XML Schema writes them. */
static int boolean_of(const char *s)
{
	if (!strcmp(s, "true") || !strcmp(s, "1"))
		return 1;
	if (!strcmp(s, "false") || !strcmp(s, "0"))
		return 0;
	return -1;
}

static bool same_phone(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		a++;
		b++;
	}
}

static bool same(const char *a, const char *b, enum same_as how)
{
	if (!a || !b)
		return a == b;
	switch (how) {
	case SAME_NUMBER: {
		char *ea, *eb;
		long na = strtol(a, &ea, 10), nb = strtol(b, &eb, 10);
		if (*a && *b && !*ea && !*eb)
			return na == nb;
		break;
	}
	case SAME_BOOLEAN: {
		int ba = boolean_of(a), bb = boolean_of(b);
		if (ba >= 0 && bb >= 0)
			return ba == bb;
		break;
	}
	case SAME_PHONE:
		return same_phone(a, b);
	case SAME_TEXT:
		break;
	}
	return !strcmp(a, b);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static struct change *push(struct plandiff *d, enum change_kind kind, const char *section,
			   const char *subject, const char *field,
			   const char *before, const char *after)
{
	struct change *c;

	ALLOC_GROW(d->items, d->nr + 1, d->alloc);
	c = &d->items[d->nr++];
	c->kind = kind;
	c->section = section;
	c->subject = dup_or_null(subject);
	c->field = dup_or_null(field);
	c->before = dup_or_null(before);
	c->after = dup_or_null(after);
	c->note = NULL;
	return c;
}

/* A field whose value changed, as written. */
static void field(struct plandiff *d, const char *section, const char *subject,
		  const char *name, const char *before, const char *after, enum same_as how)
{
	if (!same(before, after, how))
		push(d, CHANGE_MODIFIED, section, subject, name, before, after);
}

static bool in_list(const struct idlist *l, size_t upto, const char *s, enum same_as how)
{
	for (size_t i = 0; i < upto && i < l->nr; i++)
		if (same(l->ids[i], s, how))
			return true;
	return false;
}

/*
 * A list as a set: items that appear ("notify + `m-martin`") in the order
 * of `after`, then items that went ("notify - `j-petit`") in the order of
 * `before`. Moving an item within the list is not a change.
 */
static void list(struct plandiff *d, const char *section, const char *subject,
		 const char *name, const struct idlist *before, const struct idlist *after,
		 enum same_as how)
{
	for (size_t i = 0; i < after->nr; i++)
		if (!in_list(after, i, after->ids[i], how) &&
		    !in_list(before, before->nr, after->ids[i], how))
			push(d, CHANGE_ADDED, section, subject, name, NULL, after->ids[i]);
	for (size_t i = 0; i < before->nr; i++)
		if (!in_list(before, i, before->ids[i], how) &&
		    !in_list(after, after->nr, before->ids[i], how))
			push(d, CHANGE_REMOVED, section, subject, name, before->ids[i], NULL);
}

/* ---- who still refers to a party that was removed ---- */

struct referrers {
	size_t nr;
	struct buf first;
};

static bool is(const char *ref, const char *id)
{
	return ref && !strcmp(ref, id);
}

static void referrer(struct referrers *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void referrer(struct referrers *r, const char *fmt, ...)
{
	if (!r->nr++) {
		va_list ap;
		va_start(ap, fmt);
		buf_vaddf(&r->first, fmt, ap);
		va_end(ap);
	}
}

/*
 * "still referenced by cell role `communication`" when the party `id` is
 * still named somewhere in plan p, counting each place (a role, an
 * activity, a step...) once; NULL when it is not.
 */
static char *reference_note(const struct plan *p, const char *id)
{
	struct referrers r = { 0, BUF_INIT };
	struct buf note = BUF_INIT;

	if (!id)
		return NULL;
	if (is(p->owner, id))
		referrer(&r, "the plan owner");
	if (is(p->approved_by, id))
		referrer(&r, "the plan's review (approved_by)");
	if (in_list(&p->authority, p->authority.nr, id, SAME_TEXT))
		referrer(&r, "the activation authority");
	for (size_t i = 0; i < p->nr_roles; i++)
		if (is(p->roles[i].holder, id) || is(p->roles[i].deputy, id))
			referrer(&r, "cell role `%s`", p->roles[i].id);
	for (size_t i = 0; i < p->nr_activities; i++)
		if (is(p->activities[i].owner, id) || is(p->activities[i].deputy, id))
			referrer(&r, "activity `%s`", p->activities[i].id);
	for (size_t i = 0; i < p->nr_levels; i++)
		if (in_list(&p->levels[i].notify, p->levels[i].notify.nr, id, SAME_TEXT))
			referrer(&r, "escalation level %ld", p->levels[i].level);
	for (size_t i = 0; i < p->nr_audiences; i++)
		if (is(p->audiences[i].spokesperson, id))
			referrer(&r, "audience `%s`", p->audiences[i].id);
	for (size_t i = 0; i < p->nr_procedures; i++) {
		const struct plan_procedure *pr = &p->procedures[i];
		if (is(pr->owner, id))
			referrer(&r, "procedure `%s`", pr->id);
		for (size_t j = 0; j < pr->nr_steps; j++) {
			if (!is(pr->steps[j].who, id))
				continue;
			if (pr->steps[j].id)
				referrer(&r, "procedure `%s` step `%s`", pr->id, pr->steps[j].id);
			else
				referrer(&r, "procedure `%s` step %zu", pr->id, j + 1);
		}
	}

	if (r.nr == 1)
		buf_addf(&note, "still referenced by %s", buf_str(&r.first));
	else if (r.nr > 1)
		buf_addf(&note, "still referenced by %s and %zu other place%s",
			 buf_str(&r.first), r.nr - 1, r.nr > 2 ? "s" : "");
	buf_release(&r.first);
	return r.nr ? buf_detach(&note) : NULL;
}

/* A party (contact or cell role) removed: say when `after` still needs it. */
static void removed_party(struct plandiff *d, const char *section, const char *id,
			  const struct plan *after)
{
	struct change *c = push(d, CHANGE_REMOVED, section, id, NULL, NULL, NULL);
	c->note = reference_note(after, id);
}

/* ---- the sections ---- */

static void plan_fields(struct plandiff *d, const struct plan *a, const struct plan *b)
{
	static const char s[] = "plan";
	field(d, s, NULL, "id", a->id, b->id, SAME_TEXT);
	field(d, s, NULL, "kind", a->kind, b->kind, SAME_TEXT);
	field(d, s, NULL, "title", a->title, b->title, SAME_TEXT);
	field(d, s, NULL, "owner", a->owner, b->owner, SAME_TEXT);
	field(d, s, NULL, "status", a->status, b->status, SAME_TEXT);
	field(d, s, NULL, "review.every", a->review_every_text, b->review_every_text, SAME_TEXT);
	field(d, s, NULL, "review.last", a->review_last_text, b->review_last_text, SAME_TEXT);
	field(d, s, NULL, "review.approved_by", a->approved_by, b->approved_by, SAME_TEXT);
	field(d, s, NULL, "exercise.every", a->exercise_every_text, b->exercise_every_text,
	      SAME_TEXT);
	field(d, s, NULL, "exercise.last", a->exercise_last_text, b->exercise_last_text,
	      SAME_TEXT);
	field(d, s, NULL, "scope", a->scope, b->scope, SAME_TEXT);
	list(d, s, NULL, "activation.authority", &a->authority, &b->authority, SAME_TEXT);
}

static void contacts(struct plandiff *d, const struct plan *a, const struct plan *b)
{
	static const char s[] = "contact";
	for (size_t i = 0; i < b->nr_contacts; i++) {
		const struct plan_contact *n = &b->contacts[i];
		const struct plan_contact *o = plan_contact(a, n->id);
		if (!o) {
			push(d, CHANGE_ADDED, s, n->id, NULL, NULL, NULL);
			continue;
		}
		field(d, s, n->id, "name", o->name, n->name, SAME_TEXT);
		field(d, s, n->id, "title", o->title, n->title, SAME_TEXT);
		field(d, s, n->id, "org", o->org, n->org, SAME_TEXT);
		list(d, s, n->id, "phones", &o->phones, &n->phones, SAME_PHONE);
		field(d, s, n->id, "email", o->email, n->email, SAME_TEXT);
		field(d, s, n->id, "available", o->available_text, n->available_text, SAME_TEXT);
		field(d, s, n->id, "activation.day", o->activation_day_text,
		      n->activation_day_text, SAME_TEXT);
		field(d, s, n->id, "activation.night", o->activation_night_text,
		      n->activation_night_text, SAME_TEXT);
		field(d, s, n->id, "verified", o->verified, n->verified, SAME_TEXT);
		field(d, s, n->id, "notes", o->notes, n->notes, SAME_TEXT);
	}
	for (size_t i = 0; i < a->nr_contacts; i++)
		if (!plan_contact(b, a->contacts[i].id))
			removed_party(d, s, a->contacts[i].id, b);
}

static void cell(struct plandiff *d, const struct plan *a, const struct plan *b)
{
	static const char s[] = "cell role";
	for (size_t i = 0; i < b->nr_roles; i++) {
		const struct plan_role *n = &b->roles[i];
		const struct plan_role *o = plan_role(a, n->id);
		if (!o) {
			push(d, CHANGE_ADDED, s, n->id, NULL, NULL, NULL);
			continue;
		}
		field(d, s, n->id, "group", o->group, n->group, SAME_TEXT);
		field(d, s, n->id, "holder", o->holder, n->holder, SAME_TEXT);
		field(d, s, n->id, "deputy", o->deputy, n->deputy, SAME_TEXT);
	}
	for (size_t i = 0; i < a->nr_roles; i++)
		if (!plan_role(b, a->roles[i].id))
			removed_party(d, s, a->roles[i].id, b);
}

static void scenarios(struct plandiff *d, const struct plan *a, const struct plan *b)
{
	static const char s[] = "scenario";
	for (size_t i = 0; i < b->nr_scenarios; i++) {
		const struct plan_scenario *n = &b->scenarios[i];
		const struct plan_scenario *o = plan_scenario(a, n->id);
		if (!o) {
			push(d, CHANGE_ADDED, s, n->id, NULL, NULL, NULL);
			continue;
		}
		field(d, s, n->id, "title", o->title, n->title, SAME_TEXT);
		field(d, s, n->id, "description", o->description, n->description, SAME_TEXT);
		field(d, s, n->id, "likelihood", o->likelihood, n->likelihood, SAME_NUMBER);
		field(d, s, n->id, "impact", o->impact, n->impact, SAME_NUMBER);
		list(d, s, n->id, "procedures", &o->procedures, &n->procedures, SAME_TEXT);
	}
	for (size_t i = 0; i < a->nr_scenarios; i++)
		if (!plan_scenario(b, a->scenarios[i].id))
			push(d, CHANGE_REMOVED, s, a->scenarios[i].id, NULL, NULL, NULL);
}

static void activities(struct plandiff *d, const struct plan *a, const struct plan *b)
{
	static const char s[] = "activity";
	for (size_t i = 0; i < b->nr_activities; i++) {
		const struct plan_activity *n = &b->activities[i];
		const struct plan_activity *o = plan_activity(a, n->id);
		if (!o) {
			push(d, CHANGE_ADDED, s, n->id, NULL, NULL, NULL);
			continue;
		}
		field(d, s, n->id, "name", o->name, n->name, SAME_TEXT);
		field(d, s, n->id, "priority", o->priority_text, n->priority_text, SAME_TEXT);
		field(d, s, n->id, "owner", o->owner, n->owner, SAME_TEXT);
		field(d, s, n->id, "deputy", o->deputy, n->deputy, SAME_TEXT);
		field(d, s, n->id, "rto", o->rto_text, n->rto_text, SAME_TEXT);
		field(d, s, n->id, "rpo", o->rpo_text, n->rpo_text, SAME_TEXT);
		field(d, s, n->id, "mtpd", o->mtpd_text, n->mtpd_text, SAME_TEXT);
		list(d, s, n->id, "depends_on", &o->depends_on, &n->depends_on, SAME_TEXT);
	}
	for (size_t i = 0; i < a->nr_activities; i++)
		if (!plan_activity(b, a->activities[i].id))
			push(d, CHANGE_REMOVED, s, a->activities[i].id, NULL, NULL, NULL);
}

/* Levels are few: found by number, wherever they are in the list. */
static const struct plan_level *level_of(const struct plan *p, long level)
{
	for (size_t i = 0; i < p->nr_levels; i++)
		if (p->levels[i].level == level)
			return &p->levels[i];
	return NULL;
}

static void escalation(struct plandiff *d, const struct plan *a, const struct plan *b)
{
	static const char s[] = "escalation level";
	char num[32];
	for (size_t i = 0; i < b->nr_levels; i++) {
		const struct plan_level *n = &b->levels[i];
		const struct plan_level *o = level_of(a, n->level);
		snprintf(num, sizeof(num), "%ld", n->level);
		if (!o) {
			push(d, CHANGE_ADDED, s, num, NULL, NULL, NULL);
			continue;
		}
		field(d, s, num, "within", o->within_text, n->within_text, SAME_TEXT);
		list(d, s, num, "notify", &o->notify, &n->notify, SAME_TEXT);
		field(d, s, num, "repeat", o->repeat_text, n->repeat_text, SAME_NUMBER);
		field(d, s, num, "skip_if_unreachable", o->skip_if_unreachable_text,
		      n->skip_if_unreachable_text, SAME_BOOLEAN);
	}
	for (size_t i = 0; i < a->nr_levels; i++) {
		if (level_of(b, a->levels[i].level))
			continue;
		snprintf(num, sizeof(num), "%ld", a->levels[i].level);
		push(d, CHANGE_REMOVED, s, num, NULL, NULL, NULL);
	}
}

static const struct plan_audience *audience_of(const struct plan *p, const char *id)
{
	for (size_t i = 0; i < p->nr_audiences; i++)
		if (is(p->audiences[i].id, id))
			return &p->audiences[i];
	return NULL;
}

static void communication(struct plandiff *d, const struct plan *a, const struct plan *b)
{
	static const char s[] = "audience";
	field(d, "communication", NULL, "strategy", a->strategy, b->strategy, SAME_TEXT);
	field(d, "communication", NULL, "first_message_within", a->first_message_text,
	      b->first_message_text, SAME_TEXT);
	for (size_t i = 0; i < b->nr_audiences; i++) {
		const struct plan_audience *n = &b->audiences[i];
		const struct plan_audience *o = n->id ? audience_of(a, n->id) : NULL;
		if (!o) {
			push(d, CHANGE_ADDED, s, n->id, NULL, NULL, NULL);
			continue;
		}
		field(d, s, n->id, "spokesperson", o->spokesperson, n->spokesperson, SAME_TEXT);
		list(d, s, n->id, "channels", &o->channels, &n->channels, SAME_TEXT);
	}
	for (size_t i = 0; i < a->nr_audiences; i++)
		if (!a->audiences[i].id || !audience_of(b, a->audiences[i].id))
			push(d, CHANGE_REMOVED, s, a->audiences[i].id, NULL, NULL, NULL);
}

static bool steps_have_ids(const struct plan_procedure *pr)
{
	for (size_t i = 0; i < pr->nr_steps; i++)
		if (!pr->steps[i].id)
			return false;
	return true;
}

static const struct plan_step *step_of(const struct plan_procedure *pr, const char *id)
{
	for (size_t i = 0; i < pr->nr_steps; i++)
		if (is(pr->steps[i].id, id))
			return &pr->steps[i];
	return NULL;
}

/* One step's fields, named "step `isolate` within" or "step 2 within". */
static void step_fields(struct plandiff *d, const char *proc, const char *label,
			const struct plan_step *o, const struct plan_step *n)
{
	static const char s[] = "procedure";
	struct buf name = BUF_INIT;
	size_t len;

	buf_addf(&name, "%s ", label);
	len = name.len;
	buf_adds(&name, "do");
	field(d, s, proc, buf_str(&name), o->what, n->what, SAME_TEXT);
	name.len = len;
	buf_adds(&name, "who");
	field(d, s, proc, buf_str(&name), o->who, n->who, SAME_TEXT);
	name.len = len;
	buf_adds(&name, "within");
	field(d, s, proc, buf_str(&name), o->within_text, n->within_text, SAME_TEXT);
	name.len = len;
	buf_adds(&name, "after");
	list(d, s, proc, buf_str(&name), &o->after, &n->after, SAME_TEXT);
	buf_release(&name);
}

/*
 * Steps that all have ids are matched by id: "steps + `notify`", then each
 * step's changes. Otherwise steps can only be told apart by position: a
 * new count says that steps came or went, and with the same count each
 * step is compared with the one at its place ("step 2 within ...").
 */
static void steps(struct plandiff *d, const struct plan_procedure *o,
		  const struct plan_procedure *n)
{
	static const char s[] = "procedure";
	struct buf label = BUF_INIT;

	if (steps_have_ids(o) && steps_have_ids(n)) {
		for (size_t i = 0; i < n->nr_steps; i++) {
			const struct plan_step *ns = &n->steps[i];
			const struct plan_step *os = step_of(o, ns->id);
			if (!os) {
				push(d, CHANGE_ADDED, s, n->id, "steps", NULL, ns->id);
				continue;
			}
			buf_reset(&label);
			buf_addf(&label, "step `%s`", ns->id);
			step_fields(d, n->id, buf_str(&label), os, ns);
		}
		for (size_t i = 0; i < o->nr_steps; i++)
			if (!step_of(n, o->steps[i].id))
				push(d, CHANGE_REMOVED, s, n->id, "steps", o->steps[i].id, NULL);
	} else if (o->nr_steps != n->nr_steps) {
		char was[32], now[32];
		snprintf(was, sizeof(was), "%zu", o->nr_steps);
		snprintf(now, sizeof(now), "%zu", n->nr_steps);
		push(d, CHANGE_MODIFIED, s, n->id, "steps", was, now);
	} else {
		for (size_t i = 0; i < n->nr_steps; i++) {
			buf_reset(&label);
			buf_addf(&label, "step %zu", i + 1);
			step_fields(d, n->id, buf_str(&label), &o->steps[i], &n->steps[i]);
		}
	}
	buf_release(&label);
}

static void procedures(struct plandiff *d, const struct plan *a, const struct plan *b)
{
	static const char s[] = "procedure";
	for (size_t i = 0; i < b->nr_procedures; i++) {
		const struct plan_procedure *n = &b->procedures[i];
		const struct plan_procedure *o = plan_procedure(a, n->id);
		if (!o) {
			push(d, CHANGE_ADDED, s, n->id, NULL, NULL, NULL);
			continue;
		}
		field(d, s, n->id, "title", o->title, n->title, SAME_TEXT);
		field(d, s, n->id, "owner", o->owner, n->owner, SAME_TEXT);
		list(d, s, n->id, "activities", &o->activities, &n->activities, SAME_TEXT);
		steps(d, o, n);
	}
	for (size_t i = 0; i < a->nr_procedures; i++)
		if (!plan_procedure(b, a->procedures[i].id))
			push(d, CHANGE_REMOVED, s, a->procedures[i].id, NULL, NULL, NULL);
}

static void count(struct buf *b, size_t n, const char *one, const char *many)
{
	if (n)
		buf_addf(b, "%s%zu %s", b->len ? ", " : "", n, n == 1 ? one : many);
}

/* What a new plan holds: "4 contacts, 2 cell roles, 1 activity". */
static char *contents_note(const struct plan *p)
{
	struct buf b = BUF_INIT;
	count(&b, p->nr_contacts, "contact", "contacts");
	count(&b, p->nr_roles, "cell role", "cell roles");
	count(&b, p->nr_scenarios, "scenario", "scenarios");
	count(&b, p->nr_activities, "activity", "activities");
	count(&b, p->nr_levels, "escalation level", "escalation levels");
	count(&b, p->nr_audiences, "audience", "audiences");
	count(&b, p->nr_procedures, "procedure", "procedures");
	return b.len ? buf_detach(&b) : NULL;
}

/* What a whole file is: a plan, or the workspace's shared contacts (contacts.yaml). */
static const char *whole(const struct plan *p)
{
	return p->kind && !strcmp(p->kind, "contacts") ? "contacts file" : "plan";
}

void plandiff_compute(struct plandiff *d, const struct plan *before, const struct plan *after)
{
	memset(d, 0, sizeof(*d));
	if (!before && !after)
		return;
	if (!after) {
		push(d, CHANGE_REMOVED, whole(before), before->id, NULL, NULL, NULL);
		return;
	}
	if (!before) {
		struct change *c = push(d, CHANGE_ADDED, whole(after), after->id, NULL, NULL, NULL);
		c->note = contents_note(after);
		return;
	}
	plan_fields(d, before, after);
	contacts(d, before, after);
	cell(d, before, after);
	scenarios(d, before, after);
	activities(d, before, after);
	escalation(d, before, after);
	communication(d, before, after);
	procedures(d, before, after);
}

void plandiff_release(struct plandiff *d)
{
	for (size_t i = 0; i < d->nr; i++) {
		struct change *c = &d->items[i];
		free(c->subject);
		free(c->field);
		free(c->before);
		free(c->after);
		free(c->note);
	}
	free(d->items);
	memset(d, 0, sizeof(*d));
}

/* ---- output ---- */

/* On one line whatever the text holds: a newline becomes \n. */
static void shown(struct buf *b, const char *s)
{
	utf8_sanitize(b, s ? s : "(none)", true);
}

/* "activity `erp`: rto PT3H -> PT1H", without the newline. */
/* Is this a value a commit message must not quote: a contact's phones, e-mail, notes? */
static bool personal(const struct change *c)
{
	return c->field && !strcmp(c->section, "contact") &&
	       (!strcmp(c->field, "phones") || !strcmp(c->field, "email") || !strcmp(c->field, "notes"));
}

static void change_line_as(struct buf *b, const struct change *c, bool quote_personal);

static void change_line(struct buf *b, const struct change *c)
{
	change_line_as(b, c, true);
}

static void change_line_as(struct buf *b, const struct change *c, bool quote_personal)
{
	buf_adds(b, c->section);
	if (c->subject) {
		/* a level is a number, not an id */
		bool quoted = strcmp(c->section, "escalation level") != 0;
		buf_adds(b, quoted ? " `" : " ");
		shown(b, c->subject);
		if (quoted)
			buf_addc(b, '`');
	}
	if (!c->field) {
		buf_adds(b, c->kind == CHANGE_ADDED ? " added" :
			    c->kind == CHANGE_REMOVED ? " removed" : " changed");
	} else if (!quote_personal && personal(c)) {
		buf_adds(b, ": ");
		shown(b, c->field);
		buf_adds(b, c->kind == CHANGE_ADDED ? ": one added" :
			    c->kind == CHANGE_REMOVED ? ": one removed" : " changed");
	} else {
		buf_adds(b, ": ");
		shown(b, c->field);
		switch (c->kind) {
		case CHANGE_ADDED:
			buf_adds(b, " + `");
			shown(b, c->after);
			buf_addc(b, '`');
			break;
		case CHANGE_REMOVED:
			buf_adds(b, " - `");
			shown(b, c->before);
			buf_addc(b, '`');
			break;
		case CHANGE_MODIFIED:
			buf_addc(b, ' ');
			shown(b, c->before);
			buf_adds(b, " -> ");
			shown(b, c->after);
			break;
		}
	}
	if (c->note) {
		buf_adds(b, " (");
		shown(b, c->note);
		buf_addc(b, ')');
	}
}

void plandiff_text(struct buf *out, const struct plandiff *d)
{
	for (size_t i = 0; i < d->nr; i++) {
		change_line(out, &d->items[i]);
		buf_addc(out, '\n');
	}
}

void plandiff_commit_text(struct buf *out, const struct plandiff *d)
{
	for (size_t i = 0; i < d->nr; i++) {
		change_line_as(out, &d->items[i], false);
		buf_addc(out, '\n');
	}
}

/* The first `k` changes joined with "; ", and "+N more" for the rest. */
static void summary_of(struct buf *b, const struct plandiff *d, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		if (i)
			buf_adds(b, "; ");
		change_line(b, &d->items[i]);
	}
	if (k < d->nr)
		buf_addf(b, "; +%zu more", d->nr - k);
}

void plandiff_summary(struct buf *out, const struct plandiff *d, size_t max_len)
{
	struct buf line = BUF_INIT;
	size_t k;

	if (!d->nr)
		return;
	/* as many changes as fit, at least one, at most SUMMARY_ITEMS */
	k = d->nr < SUMMARY_ITEMS ? d->nr : SUMMARY_ITEMS;
	for (;; k--) {
		buf_reset(&line);
		summary_of(&line, d, k);
		if (k == 1 || !max_len || utf8_chars(line.ptr, line.len) <= max_len)
			break;
	}
	if (max_len && utf8_chars(line.ptr, line.len) > max_len) {
		/* cut on a character boundary, and say so */
		line.len = utf8_offset(line.ptr, max_len - 1);
		line.ptr[line.len] = '\0';
		buf_adds(&line, "\xE2\x80\xA6");
	}
	buf_add(out, buf_str(&line), line.len);
	buf_release(&line);
}

static const char *kind_name(enum change_kind kind)
{
	switch (kind) {
	case CHANGE_ADDED:
		return "added";
	case CHANGE_REMOVED:
		return "removed";
	case CHANGE_MODIFIED:
		break;
	}
	return "modified";
}

void plandiff_json(struct buf *out, const struct plandiff *d)
{
	buf_addc(out, '[');
	for (size_t i = 0; i < d->nr; i++) {
		const struct change *c = &d->items[i];
		buf_adds(out, i ? ",{\"kind\":" : "{\"kind\":");
		json_str(out, kind_name(c->kind));
		buf_adds(out, ",\"section\":");
		json_str(out, c->section);
		buf_adds(out, ",\"subject\":");
		json_str(out, c->subject);
		buf_adds(out, ",\"field\":");
		json_str(out, c->field);
		buf_adds(out, ",\"before\":");
		json_str(out, c->before);
		buf_adds(out, ",\"after\":");
		json_str(out, c->after);
		buf_adds(out, ",\"note\":");
		json_str(out, c->note);
		buf_addc(out, '}');
	}
	buf_addc(out, ']');
}
