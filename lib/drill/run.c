#include "run.h"
#include "check/doc.h"
#include "util/duration.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const event_names[] = {
	[EV_INJECT] = "inject", [EV_DONE] = "done", [EV_NOTE] = "note",
	[EV_DECISION] = "decision", [EV_SKIP] = "skip", [EV_PAUSE] = "pause",
	[EV_RESUME] = "resume", [EV_END] = "end", [EV_ROLE] = "role",
};

static const char *const status_names[] = {
	[OUT_ON_TIME] = "on-time", [OUT_LATE] = "late", [OUT_MISSED] = "missed",
	[OUT_SKIPPED] = "skipped",
};

const char *run_event_name(enum run_event_type type)
{
	return event_names[type];
}

int run_event_parse(const char *name)
{
	for (size_t i = 0; name && i < sizeof(event_names) / sizeof(*event_names); i++)
		if (!strcmp(event_names[i], name))
			return (int)i;
	return -1;
}

const char *run_status_name(enum run_status status)
{
	return status_names[status];
}

static int64_t ms_of(const xmlNode *parent, const char *name)
{
	const char *text = doc_child_text(parent, name);
	return text ? duration_parse_ms(text) : -1;
}

static bool yes(const char *text)
{
	return text && (!strcmp(text, "true") || !strcmp(text, "1"));
}

void drill_run_build(struct drill_run *r, xmlNode *root)
{
	memset(r, 0, sizeof(*r));
	r->root = root;
	r->id = doc_child_text(root, "id");
	r->drill = doc_child_text(root, "drill");
	r->plan = doc_child_text(root, "plan");
	r->title = doc_child_text(root, "title");
	r->started = doc_child_text(root, "started");
	r->ended = doc_child_text(root, "ended");
	const char *speed = doc_child_text(root, "speed");
	r->speed = speed ? strtod(speed, NULL) : 1;
	r->duration = ms_of(root, "duration");

	xmlNode *list = doc_child(root, "participants");
	r->participants = xcalloc(doc_count(list) + 1, sizeof(*r->participants));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		struct run_participant *p = &r->participants[r->nr_participants++];
		p->role = doc_child_text(c, "role");
		p->played_by = doc_child_text(c, "played_by");
		p->holder = doc_child_text(c, "holder");
		p->stand_in = yes(doc_child_text(c, "stand_in"));
	}
	list = doc_child(root, "events");
	r->events = xcalloc(doc_count(list) + 1, sizeof(*r->events));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		struct run_event *e = &r->events[r->nr_events++];
		int type = run_event_parse(doc_child_text(c, "type"));
		e->at = ms_of(c, "at");
		e->type = type < 0 ? EV_NOTE : (enum run_event_type)type;
		e->inject = doc_child_text(c, "inject");
		e->expect = doc_child_text(c, "expect");
		e->rating = doc_child_text(c, "rating");
		e->text = doc_child_text(c, "text");
		e->by = doc_child_text(c, "by");
		e->why = doc_child_text(c, "why");
		e->node = c;
	}
	list = doc_child(root, "objectives");
	r->results = xcalloc(doc_count(list) + 1, sizeof(*r->results));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		struct run_result *o = &r->results[r->nr_results++];
		o->id = doc_child_text(c, "id");
		o->text = doc_child_text(c, "text");
		o->met = yes(doc_child_text(c, "met"));
	}
	list = doc_child(root, "outcomes");
	r->outcomes = xcalloc(doc_count(list) + 1, sizeof(*r->outcomes));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		struct run_outcome *o = &r->outcomes[r->nr_outcomes++];
		const char *status = doc_child_text(c, "status");
		o->expect = doc_child_text(c, "expect");
		o->inject = doc_child_text(c, "inject");
		o->action = doc_child_text(c, "action");
		o->by = doc_child_text(c, "by");
		o->objective = doc_child_text(c, "objective");
		o->rating = doc_child_text(c, "rating");
		o->notes = doc_child_text(c, "notes");
		o->status = OUT_MISSED;
		for (size_t i = 0; status && i < sizeof(status_names) / sizeof(*status_names); i++)
			if (!strcmp(status, status_names[i]))
				o->status = (enum run_status)i;
		o->due = ms_of(c, "due");
		o->done = ms_of(c, "done");
		o->late_by = ms_of(c, "late_by");
		o->node = c;
	}
}

void drill_run_release(struct drill_run *r)
{
	free(r->participants);
	free(r->events);
	free(r->results);
	free(r->outcomes);
	memset(r, 0, sizeof(*r));
}

static void *build(xmlNode *root, const void *shared)
{
	struct drill_run *r = xcalloc(1, sizeof(*r));
	(void)shared;
	drill_run_build(r, root);
	return r;
}

static void release(void *model)
{
	drill_run_release(model);
	free(model);
}

static const struct rule *const no_rules[] = { NULL };

const struct kind drill_run_kind = {
	.name = "drill-run", .schema = "crisis-drill.xsd", .root_type = "drillRun",
	.build = build, .release = release, .rules = no_rules,
};

struct drill_run *drill_run_of(const struct loaded *l)
{
	return l->model && l->kind == &drill_run_kind ? l->model : NULL;
}
