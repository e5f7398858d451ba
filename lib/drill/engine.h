/*
 * The drill engine: the state of a run, made only of the drill and the
 * events recorded so far. Time is given to it (the drill clock, in ms from
 * the start), never read: a console passes the monotonic clock, a script or
 * a test a simulated one, and a resumed run replays its journal.
 *
 * Injects come at their time: `at`, or their `after` inject's publication
 * plus the delay (an inject published early moves those that follow it).
 * Contingency injects are never published by the clock: when their time has
 * come and an action expected before them is still open, they are ready for
 * the facilitator to publish.
 */
#ifndef CRISIS_ENGINE_H
#define CRISIS_ENGINE_H

#include "drill.h"
#include "run.h"

#include <stdbool.h>
#include <stdint.h>

#define ENGINE_NONE (-1)

/* An event as recorded: what the journal holds and the record lists. Strings are owned. */
struct engine_event {
	int64_t at;
	enum run_event_type type;
	char *inject, *expect, *rating, *text, *by, *why;
};

struct engine_inject {
	const struct drill_inject *in;
	int64_t published;	/* ms, or ENGINE_NONE */
	bool skipped;
};

struct engine_expect {
	const struct drill_expect *e;
	struct engine_inject *inject;
	int64_t done;		/* ms, or ENGINE_NONE */
	const char *rating;	/* the last done's, pointing into the log */
	const char *notes;
	bool skipped;
};

struct engine_role {
	const char *role, *played_by;	/* pointing into the log */
};

struct engine {
	const struct drill *drill;
	struct engine_inject *injects;	/* as the drill lists them */
	struct engine_expect *expects;	/* in the drill's order */
	size_t nr_expects;
	struct engine_event *log;
	size_t nr_log, alloc_log;
	struct engine_role *roles;
	size_t nr_roles, alloc_roles;
	bool paused, ended;
	int64_t last;		/* the time of the last event */
};

void engine_init(struct engine *e, const struct drill *d);
void engine_release(struct engine *e);

/*
 * Can `ev` happen now? 0, or -1 with crisis_error_last() saying why (an
 * unknown expectation, an inject already published, a pause while paused,
 * anything after the end...). A command checks before it records.
 */
int engine_check(const struct engine *e, const struct engine_event *ev);
/* Take a checked event into the state (its strings are copied). */
void engine_apply(struct engine *e, const struct engine_event *ev);

/*
 * When an inject comes: its `at`, or its `after` inject's publication (or,
 * until then, that inject's own time) plus its delay; ENGINE_NONE if never.
 */
int64_t engine_inject_time(const struct engine *e, const struct engine_inject *ei);
/*
 * The next inject due by `now` and the time it comes at: its own time, or
 * the last event's when the clock is past it (the log never goes back).
 * NULL when none is due, the run is paused or ended. A script and its check
 * publish injects by this one rule, so that what is checked is what is played.
 */
const struct engine_inject *engine_due_at(const struct engine *e, int64_t now, int64_t *at);
/* The first inject the clock will publish at `now` or later (none: NULL), and when. */
const struct engine_inject *engine_next(const struct engine *e, int64_t now, int64_t *when);
/*
 * The inject the clock publishes at `now`, if one is due: the caller
 * records it (an `inject` event), then asks again. NULL when none is due
 * (or the run is paused or ended).
 */
const struct engine_inject *engine_due(const struct engine *e, int64_t now);
/* Is this contingency inject ready to publish: its time come, an expectation before it still open? */
bool engine_contingency_ready(const struct engine *e, const struct engine_inject *ei, int64_t now);

/* When an expectation is due (its inject's publication plus `within`), or ENGINE_NONE. */
int64_t engine_due_time(const struct engine_expect *x);
/* Published and neither done nor skipped. */
bool engine_open(const struct engine_expect *x);

const struct engine_expect *engine_find_expect(const struct engine *e, const char *id);
struct engine_inject *engine_find_inject(const struct engine *e, const char *id);

/*
 * The outcome of an expectation at `end`: on time, late (by *late_by),
 * missed (never done), skipped.
 */
enum run_status engine_outcome(const struct engine_expect *x, int64_t *late_by);
/* Is an objective met: every expectation naming it done on time with P or S? */
bool engine_objective_met(const struct engine *e, const char *objective);

void engine_event_release(struct engine_event *ev);
/* An event in words, for a log: "done e-alert (P) cellule réunie", "inject i-fire: ...". */
struct buf;
void engine_event_text(struct buf *out, const struct drill *d, const struct engine_event *ev);

#endif
