/*
 * The record of one run of a drill (kind: drill-run), as written to
 * drills/runs/<date>-<id>.yaml when the run ends: who played which role,
 * the log of events (the main courante) at their offsets from the start,
 * and how each expectation went. It is self-contained: a report reads it
 * alone, whatever became of the drill file since.
 */
#ifndef CRISIS_RUN_H
#define CRISIS_RUN_H

#include "check/kind.h"
#include "check/validate.h"

#include <libxml/tree.h>
#include <stdbool.h>
#include <stdint.h>

enum run_event_type {
	EV_INJECT, EV_DONE, EV_NOTE, EV_DECISION, EV_SKIP, EV_PAUSE, EV_RESUME, EV_END,
	EV_ROLE,	/* who plays a role: a participant, not an entry of the log */
};

enum run_status { OUT_ON_TIME, OUT_LATE, OUT_MISSED, OUT_SKIPPED };

struct run_participant {
	const char *role, *played_by, *holder;
	bool stand_in;
};

struct run_event {
	int64_t at;			/* ms from the start */
	enum run_event_type type;
	const char *inject, *expect, *rating, *text, *by, *why;
	xmlNode *node;
};

struct run_result {
	const char *id, *text;
	bool met;
};

struct run_outcome {
	const char *expect, *inject, *action, *by, *objective, *rating, *notes;
	enum run_status status;
	int64_t due, done, late_by;	/* ms, or -1 when absent */
	xmlNode *node;
};

struct drill_run {
	const char *id, *drill, *plan, *title, *started, *ended;
	double speed;
	int64_t duration;		/* ms of the drill's clock at its end, or -1 */
	struct run_participant *participants;
	size_t nr_participants;
	struct run_event *events;
	size_t nr_events;
	struct run_result *results;
	size_t nr_results;
	struct run_outcome *outcomes;
	size_t nr_outcomes;
	xmlNode *root;
};

extern const struct kind drill_run_kind;

/* The run of a loaded file of kind drill-run, else NULL. */
struct drill_run *drill_run_of(const struct loaded *l);

void drill_run_build(struct drill_run *r, xmlNode *root);
void drill_run_release(struct drill_run *r);

/* The names as files write them: "inject", "done"...; "on-time", "late"... */
const char *run_event_name(enum run_event_type type);
int run_event_parse(const char *name);
const char *run_status_name(enum run_status status);

#endif
