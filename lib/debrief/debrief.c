#include "debrief.h"
#include "rules.h"
#include "util/date.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {
	[ACTION_OPEN] = "open", [ACTION_DONE] = "done", [ACTION_DROPPED] = "dropped",
};

const char *action_status_name(enum action_status status)
{
	return status_names[status];
}

static void read_timeline(struct debrief *d, xmlNode *list)
{
	d->timeline = xcalloc(doc_count(list) + 1, sizeof(*d->timeline));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c))
		d->timeline[d->nr_timeline++] = (struct debrief_moment){
			doc_child_text(c, "at"), doc_child_text(c, "event"), c,
		};
}

static void read_decisions(struct debrief *d, xmlNode *list)
{
	d->decisions = xcalloc(doc_count(list) + 1, sizeof(*d->decisions));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c))
		d->decisions[d->nr_decisions++] = (struct debrief_decision){
			doc_child_text(c, "at"), doc_child_text(c, "what"), doc_child_text(c, "by"),
			doc_child_text(c, "why"), c,
		};
}

static void read_lessons(struct debrief *d, xmlNode *list)
{
	d->lessons = xcalloc(doc_count(list) + 1, sizeof(*d->lessons));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		struct debrief_lesson *l = &d->lessons[d->nr_lessons++];
		l->id = doc_child_text(c, "id");
		l->text = doc_child_text(c, "text");
		l->node = c;
		doc_idlist_read(&l->tags, doc_child(c, "tags"));
	}
}

static void read_actions(struct debrief *d, xmlNode *list)
{
	d->actions = xcalloc(doc_count(list) + 1, sizeof(*d->actions));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		struct debrief_action *a = &d->actions[d->nr_actions++];
		a->id = doc_child_text(c, "id");
		a->what = doc_child_text(c, "do");
		a->owner = doc_child_text(c, "owner");
		a->plan = doc_child_text(c, "plan");
		a->element = doc_child_text(c, "element");
		a->lesson = doc_child_text(c, "lesson");
		a->closed_by = doc_child_text(c, "closed_by");
		a->due_text = doc_child_text(c, "due");
		if (!a->due_text || date_parse(a->due_text, &a->due) < 0)
			a->due = -1;
		a->status_text = doc_child_text(c, "status");
		a->status = ACTION_OPEN;
		for (size_t i = 0; a->status_text && i < sizeof(status_names) / sizeof(*status_names); i++)
			if (!strcmp(a->status_text, status_names[i]))
				a->status = (enum action_status)i;
		a->node = c;
	}
}

void debrief_build(struct debrief *d, xmlNode *root)
{
	xmlNode *about = doc_child(root, "about");
	memset(d, 0, sizeof(*d));
	d->root = root;
	d->id = doc_child_text(root, "id");
	d->title = doc_child_text(root, "title");
	d->run = doc_child_text(about, "drill_run");
	d->crisis = doc_child_text(about, "crisis");
	d->plan = doc_child_text(about, "plan");
	d->date_text = doc_child_text(root, "date");
	if (!d->date_text || date_parse(d->date_text, &d->date) < 0)
		d->date = -1;
	doc_idlist_read(&d->participants, doc_child(root, "participants"));
	doc_idlist_read(&d->went_well, doc_child(root, "went_well"));
	doc_idlist_read(&d->went_wrong, doc_child(root, "went_wrong"));
	read_timeline(d, doc_child(root, "timeline"));
	read_decisions(d, doc_child(root, "decisions"));
	read_lessons(d, doc_child(root, "lessons"));
	read_actions(d, doc_child(root, "actions"));
}

void debrief_release(struct debrief *d)
{
	doc_idlist_release(&d->participants);
	doc_idlist_release(&d->went_well);
	doc_idlist_release(&d->went_wrong);
	for (size_t i = 0; i < d->nr_lessons; i++)
		doc_idlist_release(&d->lessons[i].tags);
	free(d->timeline);
	free(d->decisions);
	free(d->lessons);
	free(d->actions);
	memset(d, 0, sizeof(*d));
}

const struct debrief_action *debrief_action(const struct debrief *d, const char *id)
{
	for (size_t i = 0; id && i < d->nr_actions; i++)
		if (d->actions[i].id && !strcmp(d->actions[i].id, id))
			return &d->actions[i];
	return NULL;
}

const char *debrief_action_plan(const struct debrief *d, const struct debrief_action *a)
{
	return a->plan ? a->plan : d->plan;
}

bool debrief_action_overdue(const struct debrief_action *a, int64_t today)
{
	return a->status == ACTION_OPEN && a->due >= 0 && a->due < today;
}

static void *build(xmlNode *root, const void *shared)
{
	struct debrief *d = xcalloc(1, sizeof(*d));
	(void)shared;
	debrief_build(d, root);
	return d;
}

static void release(void *model)
{
	debrief_release(model);
	free(model);
}

const struct kind debrief_kind = {
	.name = "debrief", .schema = "crisis-debrief.xsd",
	.build = build, .release = release, .rules = debrief_rules,
};

struct debrief *debrief_of(const struct loaded *l)
{
	return l->model && l->kind == &debrief_kind ? l->model : NULL;
}

size_t debrief_status_text(struct buf *out, const struct debrief *const *debriefs,
			   const char *const *paths, size_t nr, int64_t today)
{
	size_t open = 0, overdue = 0;
	for (size_t i = 0; i < nr; i++) {
		const struct debrief *d = debriefs[i];
		for (size_t k = 0; k < d->nr_actions; k++) {
			const struct debrief_action *a = &d->actions[k];
			unsigned long line = 0, col;
			open += a->status == ACTION_OPEN;
			if (!debrief_action_overdue(a, today))
				continue;
			doc_locate(a->node, &line, &col);
			buf_addf(out, "%s:%lu: action %s overdue since %s (%s): %s\n", paths[i], line, a->id,
				 a->due_text, a->owner ? a->owner : "no owner", a->what ? a->what : "");
			overdue++;
		}
	}
	if (nr)
		buf_addf(out, "%zu debrief%s: %zu open action%s, %zu overdue\n", nr, nr == 1 ? "" : "s",
			 open, open == 1 ? "" : "s", overdue);
	else
		buf_adds(out, "no debriefs yet\n");
	return overdue;
}
