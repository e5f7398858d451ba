#include "plan.h"
#include "util/buf.h"
#include "check/doc.h"
#include "check/rule.h"
#include "util/date.h"
#include "util/duration.h"
#include "util/suggest.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int64_t duration_of(const xmlNode *parent, const char *name)
{
	const char *text = doc_child_text(parent, name);
	return text ? duration_parse(text) : NO_DURATION;
}

static enum availability availability_of(const char *s)
{
	if (!s)
		return AVAIL_UNKNOWN;
	return !strcmp(s, "24/7") ? AVAIL_ALWAYS : AVAIL_OFFICE_HOURS;
}

static enum priority priority_of(const char *s)
{
	static const char *const names[] = {
		[PRIO_LOW] = "low", [PRIO_MODERATE] = "moderate",
		[PRIO_HIGH] = "high", [PRIO_URGENT] = "urgent",
	};
	for (size_t i = 0; s && i < sizeof(names) / sizeof(*names); i++)
		if (!strcmp(s, names[i]))
			return (enum priority)i;
	return PRIO_LOW;
}

static void read_contacts(struct plan *p, xmlNode *list)
{
	p->contacts = xcalloc(doc_count(list) + 1, sizeof(*p->contacts));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		struct plan_contact *ct = &p->contacts[p->nr_contacts++];
		xmlNode *act = doc_child(c, "activation");
		const char *org = doc_child_text(c, "org");
		ct->id = doc_child_text(c, "id");
		ct->name = doc_child_text(c, "name");
		ct->title = doc_child_text(c, "title");
		ct->email = doc_child_text(c, "email");
		ct->external = org && !strcmp(org, "external");
		ct->available = availability_of(doc_child_text(c, "available"));
		ct->nr_phones = doc_count(doc_child(c, "phones"));
		ct->activation_day = act ? duration_of(act, "day") : NO_DURATION;
		ct->activation_night = act ? duration_of(act, "night") : NO_DURATION;
		ct->node = c;
		ct->org = org;
		ct->available_text = doc_child_text(c, "available");
		ct->verified = doc_child_text(c, "verified");
		ct->notes = doc_child_text(c, "notes");
		ct->activation_day_text = doc_child_text(act, "day");
		ct->activation_night_text = doc_child_text(act, "night");
		doc_idlist_read(&ct->phones, doc_child(c, "phones"));
		if (ct->id)
			strmap_put(&p->contact_index, ct->id, ct);
	}
}

static void read_roles(struct plan *p, xmlNode *list)
{
	p->roles = xcalloc(doc_count(list) + 1, sizeof(*p->roles));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		struct plan_role *r = &p->roles[p->nr_roles++];
		r->id = doc_child_text(c, "id");
		r->group = doc_child_text(c, "group");
		r->holder = doc_child_text(c, "holder");
		r->deputy = doc_child_text(c, "deputy");
		r->node = c;
		if (r->id)
			strmap_put(&p->role_index, r->id, r);
	}
}

static void read_activities(struct plan *p, xmlNode *list)
{
	p->activities = xcalloc(doc_count(list) + 1, sizeof(*p->activities));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		struct plan_activity *a = &p->activities[p->nr_activities++];
		a->id = doc_child_text(c, "id");
		a->name = doc_child_text(c, "name");
		a->owner = doc_child_text(c, "owner");
		a->deputy = doc_child_text(c, "deputy");
		a->priority_text = doc_child_text(c, "priority");
		a->priority = priority_of(a->priority_text);
		a->rto = duration_of(c, "rto");
		a->rpo = duration_of(c, "rpo");
		a->mtpd = duration_of(c, "mtpd");
		a->rto_text = doc_child_text(c, "rto");
		a->rpo_text = doc_child_text(c, "rpo");
		a->mtpd_text = doc_child_text(c, "mtpd");
		doc_idlist_read(&a->depends_on, doc_child(c, "depends_on"));
		a->node = c;
		if (a->id)
			strmap_put(&p->activity_index, a->id, a);
	}
}

static void read_levels(struct plan *p, xmlNode *list)
{
	p->levels = xcalloc(doc_count(list) + 1, sizeof(*p->levels));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		struct plan_level *l = &p->levels[p->nr_levels++];
		const char *level = doc_child_text(c, "level");
		l->level = level ? strtol(level, NULL, 10) : 0;
		l->level_text = level;
		l->repeat_text = doc_child_text(c, "repeat");
		l->skip_if_unreachable_text = doc_child_text(c, "skip_if_unreachable");
		l->within = duration_of(c, "within");
		l->within_text = doc_child_text(c, "within");
		doc_idlist_read(&l->notify, doc_child(c, "notify"));
		l->node = c;
	}
}

static void read_scenarios(struct plan *p, xmlNode *list)
{
	p->scenarios = xcalloc(doc_count(list) + 1, sizeof(*p->scenarios));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		struct plan_scenario *sc = &p->scenarios[p->nr_scenarios++];
		sc->id = doc_child_text(c, "id");
		sc->title = doc_child_text(c, "title");
		sc->description = doc_child_text(c, "description");
		sc->likelihood = doc_child_text(c, "likelihood");
		sc->impact = doc_child_text(c, "impact");
		doc_idlist_read(&sc->procedures, doc_child(c, "procedures"));
		sc->node = c;
		if (sc->id)
			strmap_put(&p->scenario_index, sc->id, sc);
	}
}

static void read_audiences(struct plan *p, xmlNode *list)
{
	p->audiences = xcalloc(doc_count(list) + 1, sizeof(*p->audiences));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		struct plan_audience *au = &p->audiences[p->nr_audiences++];
		au->id = doc_child_text(c, "id");
		au->spokesperson = doc_child_text(c, "spokesperson");
		doc_idlist_read(&au->channels, doc_child(c, "channels"));
		au->node = c;
	}
}

static void read_procedures(struct plan *p, xmlNode *list)
{
	p->procedures = xcalloc(doc_count(list) + 1, sizeof(*p->procedures));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		struct plan_procedure *pr = &p->procedures[p->nr_procedures++];
		xmlNode *steps = doc_child(c, "steps");
		pr->id = doc_child_text(c, "id");
		pr->title = doc_child_text(c, "title");
		pr->owner = doc_child_text(c, "owner");
		doc_idlist_read(&pr->activities, doc_child(c, "activities"));
		pr->steps = xcalloc(doc_count(steps) + 1, sizeof(*pr->steps));
		for (xmlNode *s = doc_first(steps); s; s = doc_next(s)) {
			struct plan_step *st = &pr->steps[pr->nr_steps++];
			st->id = doc_child_text(s, "id");
			st->what = doc_child_text(s, "do");
			st->who = doc_child_text(s, "who");
			st->within = duration_of(s, "within");
			st->within_text = doc_child_text(s, "within");
			doc_idlist_read(&st->after, doc_child(s, "after"));
			st->node = s;
		}
		pr->node = c;
		if (pr->id)
			strmap_put(&p->procedure_index, pr->id, pr);
	}
}

void plan_build(struct plan *p, xmlNode *root)
{
	xmlNode *review = doc_child(root, "review");
	xmlNode *exercise = doc_child(root, "exercise");
	xmlNode *comm = doc_child(root, "communication");

	memset(p, 0, sizeof(*p));
	p->root = root;
	p->kind = doc_child_text(root, "kind");
	p->id = doc_child_text(root, "id");
	p->title = doc_child_text(root, "title");
	p->owner = doc_child_text(root, "owner");
	p->status = doc_child_text(root, "status");
	p->review_every = duration_of(review, "every");
	p->review_every_text = doc_child_text(review, "every");
	p->review_last_text = doc_child_text(review, "last");
	p->has_review_last = !date_parse(p->review_last_text, &p->review_last);
	p->approved_by = doc_child_text(review, "approved_by");
	p->has_exercise = exercise != NULL;
	p->exercise_every = exercise ? duration_of(exercise, "every") : NO_DURATION;
	p->exercise_every_text = doc_child_text(exercise, "every");
	p->exercise_last_text = doc_child_text(exercise, "last");
	p->has_exercise_last = exercise && !date_parse(p->exercise_last_text, &p->exercise_last);
	p->first_message_within = comm ? duration_of(comm, "first_message_within") : NO_DURATION;
	p->first_message_text = doc_child_text(comm, "first_message_within");
	p->scope = doc_child_text(root, "scope");
	p->strategy = doc_child_text(comm, "strategy");
	doc_idlist_read(&p->authority, doc_child(doc_child(root, "activation"), "authority"));

	read_contacts(p, doc_child(root, "contacts"));
	read_roles(p, doc_child(root, "cell"));
	read_activities(p, doc_child(root, "activities"));
	read_levels(p, doc_child(root, "escalation"));
	read_procedures(p, doc_child(root, "procedures"));
	read_scenarios(p, doc_child(root, "scenarios"));
	read_audiences(p, doc_child(comm, "audiences"));
}

void plan_release(struct plan *p)
{
	for (size_t i = 0; i < p->nr_contacts; i++)
		doc_idlist_release(&p->contacts[i].phones);
	for (size_t i = 0; i < p->nr_activities; i++)
		doc_idlist_release(&p->activities[i].depends_on);
	for (size_t i = 0; i < p->nr_scenarios; i++)
		doc_idlist_release(&p->scenarios[i].procedures);
	for (size_t i = 0; i < p->nr_audiences; i++)
		doc_idlist_release(&p->audiences[i].channels);
	doc_idlist_release(&p->authority);
	for (size_t i = 0; i < p->nr_levels; i++)
		doc_idlist_release(&p->levels[i].notify);
	for (size_t i = 0; i < p->nr_procedures; i++) {
		struct plan_procedure *pr = &p->procedures[i];
		for (size_t j = 0; j < pr->nr_steps; j++)
			doc_idlist_release(&pr->steps[j].after);
		free(pr->steps);
		doc_idlist_release(&pr->activities);
	}
	free(p->contacts);
	free(p->roles);
	free(p->activities);
	free(p->levels);
	free(p->procedures);
	free(p->scenarios);
	free(p->audiences);
	strmap_release(&p->contact_index);
	strmap_release(&p->role_index);
	strmap_release(&p->activity_index);
	strmap_release(&p->scenario_index);
	strmap_release(&p->procedure_index);
	memset(p, 0, sizeof(*p));
}

struct naming {
	plan_party_fn *fn;
	void *data;
	bool describe;
};

static void named(const struct naming *n, const char *party, xmlNode *node,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void named(const struct naming *n, const char *party, xmlNode *node,
		  const char *fmt, ...)
{
	struct buf what = BUF_INIT;
	va_list ap;

	if (!party)
		return;
	if (n->describe) {
		va_start(ap, fmt);
		buf_vaddf(&what, fmt, ap);
		va_end(ap);
	}
	n->fn(n->data, party, n->describe ? buf_str(&what) : NULL, node);
	buf_release(&what);
}

static void named_list(const struct naming *n, const struct idlist *l, const char *what)
{
	for (size_t i = 0; i < l->nr; i++)
		named(n, l->ids[i], l->nodes[i], "%s", what);
}

void plan_parties(const struct plan *p, bool describe, plan_party_fn *fn, void *data)
{
	const struct naming nm = { fn, data, describe }, *n = &nm;
	xmlNode *review = doc_child(p->root, "review");

	named(n, p->owner, doc_child(p->root, "owner"), "owner of the plan");
	named(n, p->approved_by, doc_child(review, "approved_by"), "approver of the plan");
	named_list(n, &p->authority, "may activate the plan");
	for (size_t i = 0; i < p->nr_roles; i++) {
		const struct plan_role *r = &p->roles[i];
		named(n, r->holder, doc_child(r->node, "holder"),
		      "holder of cell role '%s'", r->id);
		named(n, r->deputy, doc_child(r->node, "deputy"),
		      "deputy of cell role '%s'", r->id);
	}
	for (size_t i = 0; i < p->nr_activities; i++) {
		const struct plan_activity *a = &p->activities[i];
		named(n, a->owner, doc_child(a->node, "owner"), "owner of activity '%s'", a->id);
		named(n, a->deputy, doc_child(a->node, "deputy"), "deputy of activity '%s'", a->id);
	}
	for (size_t i = 0; i < p->nr_levels; i++) {
		const struct plan_level *l = &p->levels[i];
		for (size_t j = 0; j < l->notify.nr; j++)
			named(n, l->notify.ids[j], l->notify.nodes[j],
			      "escalation level %ld", l->level);
	}
	for (size_t i = 0; i < p->nr_audiences; i++) {
		const struct plan_audience *a = &p->audiences[i];
		named(n, a->spokesperson, doc_child(a->node, "spokesperson"),
		      "spokesperson for '%s'", a->id);
	}
	for (size_t i = 0; i < p->nr_procedures; i++) {
		const struct plan_procedure *pr = &p->procedures[i];
		named(n, pr->owner, doc_child(pr->node, "owner"), "owner of procedure '%s'", pr->id);
		for (size_t j = 0; j < pr->nr_steps; j++)
			named(n, pr->steps[j].who, doc_child(pr->steps[j].node, "who"),
			      "procedure '%s', step %zu", pr->id, j + 1);
	}
}

bool plan_next_review(const struct plan *p, int64_t *due)
{
	if (!p->has_review_last)
		return false;
	*due = date_add_duration(p->review_last, p->review_every_text);
	return true;
}

bool plan_next_exercise(const struct plan *p, const struct rule_env *env, int64_t *last,
			int64_t *due)
{
	/* A drill run recorded in the workspace counts as an exercise. */
	const char *ran = env && env->exercises && p->id ? strmap_get(env->exercises, p->id) : NULL;
	int64_t run;

	if (!p->has_exercise)
		return false;
	if (!ran || date_parse(ran, &run) < 0)
		run = -1;
	if (p->has_exercise_last && p->exercise_last >= run)
		*last = p->exercise_last;
	else if (run >= 0)
		*last = run;
	else
		return false;
	*due = date_add_duration(*last, p->exercise_every_text ? p->exercise_every_text :
					PLAN_EXERCISE_EVERY);
	return true;
}

const struct plan_contact *plan_contact(const struct plan *p, const char *id)
{
	const struct plan_contact *c = strmap_get(&p->contact_index, id);
	return c || !p->shared ? c : strmap_get(&p->shared->contact_index, id);
}

bool plan_owns(const struct plan *p, const struct plan_contact *c)
{
	return c >= p->contacts && c < p->contacts + p->nr_contacts;
}

const struct plan_role *plan_role(const struct plan *p, const char *id)
{
	return strmap_get(&p->role_index, id);
}

const struct plan_activity *plan_activity(const struct plan *p, const char *id)
{
	return strmap_get(&p->activity_index, id);
}

const struct plan_scenario *plan_scenario(const struct plan *p, const char *id)
{
	return strmap_get(&p->scenario_index, id);
}

const struct plan_procedure *plan_procedure(const struct plan *p, const char *id)
{
	return strmap_get(&p->procedure_index, id);
}

const char *plan_language(const struct plan *p)
{
	static const char *const fr[] = { " de ", " la ", " le ", " les ", " des ", " du ", " et ",
					  "é", "è", "à", "ç", "ê", NULL };
	static const char *const en[] = { " the ", " and ", " of ", " to ", " for ", " with ",
					  " is ", NULL };
	struct buf text = BUF_INIT;
	int score = 0;
	buf_addf(&text, " %s %s ", p->title ? p->title : "", p->scope ? p->scope : "");
	for (size_t i = 0; i < p->nr_scenarios; i++)
		buf_addf(&text, " %s %s ", p->scenarios[i].title ? p->scenarios[i].title : "",
			 p->scenarios[i].description ? p->scenarios[i].description : "");
	for (size_t i = 0; i < p->nr_procedures; i++)
		for (size_t j = 0; j < p->procedures[i].nr_steps; j++)
			buf_addf(&text, " %s ", p->procedures[i].steps[j].what ?
				 p->procedures[i].steps[j].what : "");
	for (const char *const *w = fr; *w; w++)
		for (const char *at = text.ptr; (at = strstr(at, *w)); at++)
			score++;
	for (const char *const *w = en; *w; w++)
		for (const char *at = text.ptr; (at = strstr(at, *w)); at++)
			score--;
	buf_release(&text);
	return score > 0 ? "fr" : "en";
}

bool plan_has_party(const struct plan *p, const char *id)
{
	return id && (plan_role(p, id) || plan_contact(p, id));
}

const char *plan_closest_party(const struct plan *p, const char *id, bool roles, bool contacts)
{
	size_t n = 0;
	const char **ids = xcalloc(p->nr_roles + p->nr_contacts +
				   (p->shared ? p->shared->nr_contacts : 0) + 1, sizeof(*ids));
	for (size_t i = 0; roles && i < p->nr_roles; i++)
		ids[n++] = p->roles[i].id;
	for (size_t i = 0; contacts && i < p->nr_contacts; i++)
		ids[n++] = p->contacts[i].id;
	for (size_t i = 0; contacts && p->shared && i < p->shared->nr_contacts; i++)
		ids[n++] = p->shared->contacts[i].id;
	const char *best = suggest_best(id, ids, n);
	free(ids);
	return best;
}
