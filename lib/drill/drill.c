#include "drill.h"
#include "rules.h"
#include "util/duration.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static int64_t ms_of(const char *text)
{
	return text ? duration_parse_ms(text) : DRILL_NO_TIME;
}

static void read_expects(struct drill *d, struct drill_inject *in, xmlNode *list)
{
	in->expects = xcalloc(doc_count(list) + 1, sizeof(*in->expects));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		struct drill_expect *e = &in->expects[in->nr_expects++];
		const char *level = doc_child_text(c, "level");
		e->id = doc_child_text(c, "id");
		e->action = doc_child_text(c, "action");
		e->by = doc_child_text(c, "by");
		e->objective = doc_child_text(c, "objective");
		e->within_text = doc_child_text(c, "within");
		e->within = ms_of(e->within_text);
		e->level = level ? strtol(level, NULL, 10) : 0;
		e->step = doc_child_text(c, "step");
		e->inject = in;
		e->node = c;
		if (e->id)
			strmap_put(&d->expect_index, e->id, e);
		d->nr_expects++;
	}
}

static void read_injects(struct drill *d, xmlNode *list)
{
	d->injects = xcalloc(doc_count(list) + 1, sizeof(*d->injects));
	for (xmlNode *c = doc_first(list); c; c = doc_next(c)) {
		struct drill_inject *in = &d->injects[d->nr_injects++];
		const char *contingency = doc_child_text(c, "contingency");
		in->id = doc_child_text(c, "id");
		in->message = doc_child_text(c, "message");
		in->after = doc_child_text(c, "after");
		in->at_text = doc_child_text(c, "at");
		in->at = ms_of(in->at_text);
		in->delay_text = doc_child_text(c, "delay");
		in->delay = in->delay_text ? ms_of(in->delay_text) : 0;
		in->contingency = contingency && (!strcmp(contingency, "true") ||
						  !strcmp(contingency, "1"));
		in->time = DRILL_NO_TIME;
		in->node = c;
		doc_idlist_read(&in->to, doc_child(c, "to"));
		if (in->id)
			strmap_put(&d->inject_index, in->id, in);
	}
	/* expect_index points into the injects: read once they stop moving. */
	xmlNode *c = doc_first(list);
	for (size_t i = 0; i < d->nr_injects; i++, c = doc_next(c))
		read_expects(d, &d->injects[i], doc_child(c, "expect"));
}

/*
 * An inject's time, following `after` to an inject with `at`. A chain that
 * loops, or goes through an inject with no time of its own, gives none.
 */
static int64_t time_of(struct drill *d, struct drill_inject *in, size_t depth)
{
	if (in->at != DRILL_NO_TIME)
		return in->after ? DRILL_NO_TIME : in->at;
	if (!in->after || depth > d->nr_injects)
		return DRILL_NO_TIME;
	struct drill_inject *prev = strmap_get(&d->inject_index, in->after);
	if (!prev || prev == in)
		return DRILL_NO_TIME;
	int64_t t = time_of(d, prev, depth + 1);
	return t == DRILL_NO_TIME || in->delay < 0 ? DRILL_NO_TIME : t + in->delay;
}

void drill_build(struct drill *d, xmlNode *root)
{
	memset(d, 0, sizeof(*d));
	d->root = root;
	d->id = doc_child_text(root, "id");
	d->title = doc_child_text(root, "title");
	d->plan = doc_child_text(root, "plan");
	d->scenario = doc_child_text(root, "scenario");
	d->description = doc_child_text(root, "description");
	d->duration_text = doc_child_text(root, "duration");
	d->duration = ms_of(d->duration_text);

	xmlNode *objectives = doc_child(root, "objectives");
	d->objectives = xcalloc(doc_count(objectives) + 1, sizeof(*d->objectives));
	for (xmlNode *c = doc_first(objectives); c; c = doc_next(c)) {
		struct drill_objective *o = &d->objectives[d->nr_objectives++];
		o->id = doc_child_text(c, "id");
		o->text = doc_child_text(c, "text");
		o->node = c;
		if (o->id)
			strmap_put(&d->objective_index, o->id, o);
	}
	read_injects(d, doc_child(root, "injects"));
	for (size_t i = 0; i < d->nr_injects; i++)
		d->injects[i].time = time_of(d, &d->injects[i], 0);
}

void drill_release(struct drill *d)
{
	for (size_t i = 0; i < d->nr_injects; i++) {
		doc_idlist_release(&d->injects[i].to);
		free(d->injects[i].expects);
	}
	free(d->injects);
	free(d->objectives);
	strmap_release(&d->inject_index);
	strmap_release(&d->expect_index);
	strmap_release(&d->objective_index);
	memset(d, 0, sizeof(*d));
}

const struct drill_inject *drill_inject(const struct drill *d, const char *id)
{
	return strmap_get(&d->inject_index, id);
}

const struct drill_expect *drill_expect(const struct drill *d, const char *id)
{
	return strmap_get(&d->expect_index, id);
}

const struct drill_objective *drill_objective(const struct drill *d, const char *id)
{
	return strmap_get(&d->objective_index, id);
}

static int by_time(const void *a, const void *b)
{
	const struct drill_inject *x = *(const struct drill_inject *const *)a;
	const struct drill_inject *y = *(const struct drill_inject *const *)b;
	int64_t tx = x->time == DRILL_NO_TIME ? INT64_MAX : x->time;
	int64_t ty = y->time == DRILL_NO_TIME ? INT64_MAX : y->time;
	if (tx != ty)
		return tx < ty ? -1 : 1;
	return x < y ? -1 : x > y;
}

const struct drill_inject **drill_timeline(const struct drill *d)
{
	const struct drill_inject **order = xcalloc(d->nr_injects + 1, sizeof(*order));
	for (size_t i = 0; i < d->nr_injects; i++)
		order[i] = &d->injects[i];
	qsort(order, d->nr_injects, sizeof(*order), by_time);
	return order;
}

static void *build(xmlNode *root, const void *shared)
{
	struct drill *d = xcalloc(1, sizeof(*d));
	(void)shared;
	drill_build(d, root);
	return d;
}

static void release(void *model)
{
	drill_release(model);
	free(model);
}

const struct kind drill_kind = {
	.name = "drill", .schema = "crisis-drill.xsd",
	.build = build, .release = release,
	.rules = drill_rules,
};

struct drill *drill_of(const struct loaded *l)
{
	return l->model && l->kind == &drill_kind ? l->model : NULL;
}
