/*
 * A run being played: the drill, its engine, the journal it is recorded
 * in, and its clock. Every event goes to the journal, durably, before the
 * engine takes it, so a run killed at any instant is resumed with every
 * event it showed. Times are given: `mono` is the monotonic clock and
 * `wall` the wall clock, both in ms (util/clock.h reads them).
 *
 * The drill's clock runs `speed` times faster than the monotonic one and
 * stops while paused. A resumed run puts it where the exercise stands: at
 * its pause, or (after a crash, when the room went on without the laptop)
 * its last event plus the time that has passed since. Quitting pauses it.
 */
#ifndef CRISIS_LIVE_H
#define CRISIS_LIVE_H

#include "drill.h"
#include "engine.h"
#include "check/validate.h"
#include "git/workspace.h"
#include "store/journal.h"
#include "util/buf.h"

#include <stdbool.h>
#include <stdint.h>

/* The `why` of the pause quitting records: a resume takes it back. */
#define LIVE_QUIT "quit"

struct live {
	struct workspace *ws;
	struct validator *v;		/* with the workspace's env: the plan */
	struct journal *journal;
	struct journal_run run;
	struct loaded file;		/* the drill, as it was when the run started */
	const struct drill *drill;
	const struct plan *plan;	/* the plan under test, or NULL */
	struct engine engine;
	int64_t seq;			/* the last event read from the journal */
	int64_t last_wall;		/* when it was recorded */
	int64_t base_at, base_mono;	/* the clock: at base_mono it showed base_at */
	bool quit;			/* taken up after a quit: its clock shows live_continue()'s time */
};

/*
 * Start a run of the drill at `path` (a file of the workspace): it must
 * validate. The run's id is `id`, or <date>-<drill id> (-2, -3... when
 * taken). `findings` gets the drill's own when it does not validate.
 */
int live_start(struct live *l, struct workspace *ws, struct validator *v, const char *path,
	       double speed, const char *id, int64_t wall, int64_t mono, struct diag_file *findings);
/*
 * Take up run `id` of the journal (NULL: the only one there). A drill file
 * changed since the run started is refused, unless `as_started` (the run
 * goes on with the drill as it was). A run that was quit stays paused
 * until live_continue().
 */
int live_resume(struct live *l, struct workspace *ws, struct validator *v, const char *id,
		bool as_started, int64_t wall, int64_t mono);
/* Open an existing run to follow it, without recording anything. */
int live_watch(struct live *l, struct workspace *ws, struct validator *v, const char *id,
	       int64_t wall, int64_t mono);
void live_close(struct live *l);

/* The drill's clock now. */
int64_t live_now(const struct live *l, int64_t mono);
/*
 * Record an event at the clock's time: checked against the engine and the
 * plan (a role and who plays it), made durable in the journal, then taken
 * by the engine. 0, or a negative code with crisis_error_last(): nothing
 * was recorded.
 */
int live_record(struct live *l, struct engine_event *ev, int64_t wall, int64_t mono);
/*
 * Go on with a run taken up after a quit: its `resume` recorded at `at`
 * (where the pause left it, for a script; now, for a console). Nothing
 * when it was not quit.
 */
int live_continue(struct live *l, int64_t at, int64_t wall, int64_t mono);
/* Record at an explicit time (a script's): the clock is set to `at` first. */
int live_record_at(struct live *l, struct engine_event *ev, int64_t at, int64_t wall, int64_t mono);
/*
 * What the engine cannot tell of an event: that the role and the parties it
 * names are the plan's `p` (NULL: not checked). A "skip" of an
 * expectation's id becomes one. 0, or CRISIS_ENOTFOUND with a suggestion.
 */
int live_check_event(const struct drill *d, const struct plan *p, struct engine_event *ev);
/* Publish the injects due by `now` (each an `inject` event); how many, or a negative code. */
int live_publish_due(struct live *l, int64_t now, int64_t wall, int64_t mono);
/* Take in the events another process recorded since (a second console); how many. */
int live_sync(struct live *l, int64_t wall, int64_t mono);

/*
 * The record of the run (kind drill-run), as YAML, at the end: what
 * drills/runs/<id>.yaml holds.
 */
void live_record_yaml(struct buf *out, const struct live *l, int64_t ended_wall);
/*
 * End the run's record: write drills/runs/<id>.yaml, check it, commit it
 * (unless !commit), and take the run out of the journal. `path` gets the
 * file, `commit_id` the commit (empty without). The run must have ended.
 */
int live_finish(struct live *l, bool commit, int64_t wall, struct buf *path, char *commit_id);

#endif
