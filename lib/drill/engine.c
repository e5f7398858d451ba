#include "engine.h"
#include "util/buf.h"
#include "util/duration.h"
#include "util/error.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

void engine_init(struct engine *e, const struct drill *d)
{
	memset(e, 0, sizeof(*e));
	e->drill = d;
	e->injects = xcalloc(d->nr_injects + 1, sizeof(*e->injects));
	e->expects = xcalloc(d->nr_expects + 1, sizeof(*e->expects));
	for (size_t i = 0; i < d->nr_injects; i++) {
		struct engine_inject *ei = &e->injects[i];
		ei->in = &d->injects[i];
		ei->published = ENGINE_NONE;
		for (size_t k = 0; k < ei->in->nr_expects; k++)
			e->expects[e->nr_expects++] = (struct engine_expect){
				.e = &ei->in->expects[k], .inject = ei, .done = ENGINE_NONE,
			};
	}
}

void engine_event_release(struct engine_event *ev)
{
	free(ev->inject);
	free(ev->expect);
	free(ev->rating);
	free(ev->text);
	free(ev->by);
	free(ev->why);
	memset(ev, 0, sizeof(*ev));
}

void engine_release(struct engine *e)
{
	for (size_t i = 0; i < e->nr_log; i++)
		engine_event_release(&e->log[i]);
	free(e->log);
	free(e->roles);
	free(e->injects);
	free(e->expects);
	memset(e, 0, sizeof(*e));
}

struct engine_inject *engine_find_inject(const struct engine *e, const char *id)
{
	const struct drill_inject *in = id ? drill_inject(e->drill, id) : NULL;
	return in ? &e->injects[in - e->drill->injects] : NULL;
}

const struct engine_expect *engine_find_expect(const struct engine *e, const char *id)
{
	for (size_t i = 0; id && i < e->nr_expects; i++)
		if (e->expects[i].e->id && !strcmp(e->expects[i].e->id, id))
			return &e->expects[i];
	return NULL;
}

static int64_t time_of(const struct engine *e, const struct engine_inject *ei, size_t depth)
{
	const struct drill_inject *in = ei->in;
	if (in->at != DRILL_NO_TIME && !in->after)
		return in->at;
	const struct engine_inject *prev = engine_find_inject(e, in->after);
	if (!prev || prev == ei || depth > e->drill->nr_injects || in->delay < 0)
		return ENGINE_NONE;
	int64_t t = prev->published != ENGINE_NONE ? prev->published : time_of(e, prev, depth + 1);
	return t == ENGINE_NONE ? ENGINE_NONE : t + in->delay;
}

int64_t engine_inject_time(const struct engine *e, const struct engine_inject *ei)
{
	return time_of(e, ei, 0);
}

static bool waiting(const struct engine_inject *ei)
{
	return ei->published == ENGINE_NONE && !ei->skipped && !ei->in->contingency;
}

const struct engine_inject *engine_due(const struct engine *e, int64_t now)
{
	const struct engine_inject *best = NULL;
	int64_t best_at = 0;
	if (e->paused || e->ended)
		return NULL;
	for (size_t i = 0; i < e->drill->nr_injects; i++) {
		const struct engine_inject *ei = &e->injects[i];
		int64_t at = engine_inject_time(e, ei);
		if (waiting(ei) && at != ENGINE_NONE && at <= now && (!best || at < best_at)) {
			best = ei;
			best_at = at;
		}
	}
	return best;
}

const struct engine_inject *engine_due_at(const struct engine *e, int64_t now, int64_t *at)
{
	const struct engine_inject *due = e->ended ? NULL : engine_due(e, now);
	if (due) {
		*at = engine_inject_time(e, due);
		if (*at < e->last)
			*at = e->last;
	}
	return due;
}

const struct engine_inject *engine_next(const struct engine *e, int64_t now, int64_t *when)
{
	const struct engine_inject *best = NULL;
	*when = ENGINE_NONE;
	for (size_t i = 0; i < e->drill->nr_injects; i++) {
		const struct engine_inject *ei = &e->injects[i];
		int64_t at = engine_inject_time(e, ei);
		if (waiting(ei) && at != ENGINE_NONE && at >= now && (!best || at < *when)) {
			best = ei;
			*when = at;
		}
	}
	return best;
}

int64_t engine_due_time(const struct engine_expect *x)
{
	if (x->inject->published == ENGINE_NONE || x->e->within == DRILL_NO_TIME)
		return ENGINE_NONE;
	return x->inject->published + x->e->within;
}

bool engine_open(const struct engine_expect *x)
{
	return x->inject->published != ENGINE_NONE && x->done == ENGINE_NONE && !x->skipped;
}

bool engine_contingency_ready(const struct engine *e, const struct engine_inject *ei, int64_t now)
{
	if (!ei->in->contingency || ei->published != ENGINE_NONE || ei->skipped)
		return false;
	int64_t at = engine_inject_time(e, ei);
	if (at == ENGINE_NONE || at > now)
		return false;
	/* Needed while an action expected from the inject it follows is open; with no 'after', any. */
	for (size_t i = 0; i < e->nr_expects; i++) {
		const struct engine_expect *x = &e->expects[i];
		if (engine_open(x) && (!ei->in->after || !strcmp(x->inject->in->id, ei->in->after)))
			return true;
	}
	return false;
}

static bool valid_rating(const char *r)
{
	return r && strlen(r) == 1 && strchr("PSMU", r[0]);
}

int engine_check(const struct engine *e, const struct engine_event *ev)
{
	const struct engine_inject *ei = NULL;
	const struct engine_expect *x = NULL;

	if (e->ended)
		return crisis_error("the run has ended");
	if (ev->at < e->last)
		return crisis_error("the clock cannot go back (the last event was later)");
	if (ev->inject && !(ei = engine_find_inject(e, ev->inject)))
		return crisis_error_code(CRISIS_ENOTFOUND, "no inject '%s' in drill '%s'", ev->inject,
					 e->drill->id);
	if (ev->expect && !(x = engine_find_expect(e, ev->expect)))
		return crisis_error_code(CRISIS_ENOTFOUND, "no expectation '%s' in drill '%s'",
					 ev->expect, e->drill->id);
	switch (ev->type) {
	case EV_INJECT:
		if (!ei)
			return crisis_error("publish which inject?");
		if (ei->published != ENGINE_NONE)
			return crisis_error("inject '%s' was published already", ei->in->id);
		if (ei->skipped)
			return crisis_error("inject '%s' was skipped", ei->in->id);
		break;
	case EV_DONE:
		if (!x)
			return crisis_error("done: which expectation?");
		if (!valid_rating(ev->rating))
			return crisis_error("rate it P (performed), S (some challenges), M (major challenges) or U (unable)");
		if (x->skipped)
			return crisis_error("expectation '%s' was skipped", x->e->id);
		break;
	case EV_SKIP:
		if (!ei && !x)
			return crisis_error("skip which inject or expectation?");
		if (ei && (ei->published != ENGINE_NONE || ei->skipped))
			return crisis_error("inject '%s' was %s already", ei->in->id,
					    ei->skipped ? "skipped" : "published");
		if (x && (x->done != ENGINE_NONE || x->skipped))
			return crisis_error("expectation '%s' was %s already", x->e->id,
					    x->skipped ? "skipped" : "done");
		break;
	case EV_NOTE:
		if (!ev->text)
			return crisis_error("note: what?");
		break;
	case EV_DECISION:
		if (!ev->text)
			return crisis_error("decision: what was decided?");
		break;
	case EV_ROLE:
		if (!ev->text || !ev->by)
			return crisis_error("role: which role, played by whom?");
		break;
	case EV_PAUSE:
		if (e->paused)
			return crisis_error("the run is paused already");
		break;
	case EV_RESUME:
		if (!e->paused)
			return crisis_error("the run is not paused");
		break;
	case EV_END:
		break;
	}
	return 0;
}

static char *dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void engine_apply(struct engine *e, const struct engine_event *ev)
{
	ALLOC_GROW(e->log, e->nr_log + 1, e->alloc_log);
	struct engine_event *own = &e->log[e->nr_log++];
	*own = (struct engine_event){
		.at = ev->at, .type = ev->type, .inject = dup(ev->inject), .expect = dup(ev->expect),
		.rating = dup(ev->rating), .text = dup(ev->text), .by = dup(ev->by),
		.why = dup(ev->why),
	};
	struct engine_inject *ei = engine_find_inject(e, own->inject);
	struct engine_expect *x = (struct engine_expect *)engine_find_expect(e, own->expect);
	if (own->at > e->last)
		e->last = own->at;
	switch (own->type) {
	case EV_INJECT:
		ei->published = own->at;
		break;
	case EV_DONE:
		/* Done again: a better rating later replaces the first; the first time stays. */
		if (x->done == ENGINE_NONE)
			x->done = own->at;
		x->rating = own->rating;
		if (own->text)
			x->notes = own->text;
		break;
	case EV_SKIP:
		if (ei)
			ei->skipped = true;
		if (x)
			x->skipped = true;
		break;
	case EV_ROLE:
		for (size_t i = 0; i < e->nr_roles; i++)
			if (!strcmp(e->roles[i].role, own->text)) {
				e->roles[i].played_by = own->by;
				return;
			}
		ALLOC_GROW(e->roles, e->nr_roles + 1, e->alloc_roles);
		e->roles[e->nr_roles++] = (struct engine_role){ own->text, own->by };
		break;
	case EV_PAUSE:
		e->paused = true;
		break;
	case EV_RESUME:
		e->paused = false;
		break;
	case EV_END:
		e->ended = true;
		break;
	case EV_NOTE:
	case EV_DECISION:
		break;
	}
}

enum run_status engine_outcome(const struct engine_expect *x, int64_t *late_by)
{
	int64_t due = engine_due_time(x);
	*late_by = ENGINE_NONE;
	if (x->skipped || (x->inject->skipped && x->done == ENGINE_NONE))
		return OUT_SKIPPED;
	if (x->done == ENGINE_NONE)
		return OUT_MISSED;
	if (due != ENGINE_NONE && x->done > due) {
		*late_by = x->done - due;
		return OUT_LATE;
	}
	return OUT_ON_TIME;
}

bool engine_objective_met(const struct engine *e, const char *objective)
{
	bool any = false;
	for (size_t i = 0; i < e->nr_expects; i++) {
		const struct engine_expect *x = &e->expects[i];
		int64_t late;
		if (!x->e->objective || strcmp(x->e->objective, objective))
			continue;
		enum run_status s = engine_outcome(x, &late);
		if (s == OUT_SKIPPED)
			continue;
		if (s != OUT_ON_TIME || !x->rating || (x->rating[0] != 'P' && x->rating[0] != 'S'))
			return false;
		any = true;
	}
	return any;
}

void engine_event_text(struct buf *out, const struct drill *d, const struct engine_event *ev)
{
	const struct drill_inject *in = ev->inject ? drill_inject(d, ev->inject) : NULL;
	buf_adds(out, run_event_name(ev->type));
	switch (ev->type) {
	case EV_INJECT:
		buf_addf(out, " %s: %s", ev->inject, in && in->message ? in->message : "");
		break;
	case EV_DONE:
		buf_addf(out, " %s (%s)%s%s", ev->expect, ev->rating ? ev->rating : "?",
			 ev->text ? " " : "", ev->text ? ev->text : "");
		break;
	case EV_SKIP:
		buf_addf(out, " %s%s%s", ev->inject ? ev->inject : ev->expect, ev->why ? ": " : "",
			 ev->why ? ev->why : "");
		break;
	case EV_ROLE:
		buf_addf(out, " %s played by %s", ev->text, ev->by);
		break;
	case EV_DECISION:
	case EV_NOTE:
		buf_addf(out, ": %s", ev->text ? ev->text : "");
		if (ev->by)
			buf_addf(out, " (by %s)", ev->by);
		if (ev->why)
			buf_addf(out, "; why: %s", ev->why);
		break;
	case EV_PAUSE:
	case EV_RESUME:
	case EV_END:
		if (ev->why)
			buf_addf(out, " (%s)", ev->why);
		break;
	}
}
