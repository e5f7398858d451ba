/*
 * The dates of a workspace as an iCalendar (RFC 5545) that a calendar
 * application subscribes to: an all-day event for the next review of each
 * plan, for the next exercise of each plan that plans them, and for the due
 * date of each open corrective action of the debriefs. An event's UID names
 * what it is about, never its date (review-<plan id>@<key>), so that a
 * subscribed calendar moves the event when its date changes instead of
 * showing it twice; SEQUENCE is the date's day number, so that the later
 * date of a review done wins over the earlier one.
 */
#ifndef CRISIS_CALENDAR_H
#define CRISIS_CALENDAR_H

#include "debrief.h"
#include "plan/plan.h"
#include "util/strlist.h"
#include "util/strmap.h"

#include <stdint.h>

struct calendar {
	struct buf *out;
	const char *key;	/* the workspace's, after the '@' of every UID */
	int64_t today;		/* days since 1970-01-01: what is overdue */
	int64_t now;		/* seconds since the epoch: DTSTAMP */
	struct strmap plans;	/* id -> its struct calendar_plan, for the actions */
	struct strlist uids;	/* written already (two plans may share an id) */
	struct strmap seen;	/* the same, to look up */
};

/*
 * Start the calendar `name` in `out`: its events' UIDs end in @key (a
 * text that names the workspace and stays the same from run to run). Events
 * due before `today` are overdue; `now` is the time of writing.
 */
void calendar_begin(struct calendar *cal, struct buf *out, const char *name, const char *key,
		    int64_t today, int64_t now);
/*
 * The plan's next review (today when it was never reviewed) and, when it
 * has an `exercise` block, its next exercise (today when it never was),
 * counting the drill runs `env` knows of (or NULL). The plan must outlive
 * the calendar: the actions that change it name it.
 */
void calendar_plan(struct calendar *cal, const struct plan *p, const char *path,
		   const struct rule_env *env);
/* The open actions of the debrief at `path` that have a due date, in the language of their plan. */
void calendar_debrief(struct calendar *cal, const struct debrief *d, const char *path);
/* END:VCALENDAR, and release what the calendar holds (not `out`). */
void calendar_end(struct calendar *cal);

#endif
