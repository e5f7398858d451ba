/*
 * .crisis/journal.db: what is not in git yet, kept event by event. A live
 * drill run is a row of drill_run and its events; each event is committed
 * (synchronous=FULL) before journal_append returns, so what a command shows
 * as recorded survives a kill or a power cut. A finished run leaves the
 * journal once its record is committed to the repository.
 *
 * Two processes may write at once (two consoles, a script): each append is
 * one transaction that takes the next number, so both are kept in order.
 */
#ifndef CRISIS_JOURNAL_H
#define CRISIS_JOURNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

struct journal;

/* A run as the journal holds it. Strings are owned. */
struct journal_run {
	char *id;		/* 2026-11-22-exercice-incendie */
	char *drill_path;	/* relative to the workspace */
	char *drill_text;	/* the drill file as it was when the run started */
	char *drill_id, *plan_id;
	char *started;		/* 2026-11-22T14:00:00+01:00 */
	int64_t started_ms;	/* the same, ms since the epoch */
	double speed;
	bool ended;		/* its end was recorded; the record may still be unwritten */
};

/* An event of a run. Strings are owned, NULL when absent. */
struct journal_event {
	int64_t seq;		/* 1, 2, 3... in the order recorded */
	int64_t at;		/* ms of the drill's clock */
	int64_t wall;		/* when it was recorded, ms since the epoch */
	char *type;		/* inject, done, note, decision, skip, pause, resume, end, role */
	char *inject, *expect, *rating, *text, *by, *why;
};

/* Open the journal of the workspace at `root` (ending in '/'); 0 or a negative code. */
int journal_open(struct journal **out, const char *root);
void journal_close(struct journal *j);
const char *journal_path(const struct journal *j);

/* Record a new run; its id must not be in the journal. */
int journal_run_add(struct journal *j, const struct journal_run *run);
/* A run by id: 0, CRISIS_ENOTFOUND, or a negative code. */
int journal_run_get(struct journal *j, const char *id, struct journal_run *out);
/* Every run in the journal, oldest first (*out allocated). */
int journal_runs(struct journal *j, struct journal_run **out, size_t *nr);
/* Is there a run with this id? 1, 0, or a negative code. */
int journal_run_exists(struct journal *j, const char *id);
/* Take the run out of the journal, with its events (its record is in the repository). */
int journal_run_remove(struct journal *j, const char *id);
void journal_run_release(struct journal_run *run);
void journal_runs_free(struct journal_run *runs, size_t nr);

/*
 * Append an event to run `id`, numbered after the last one, and make it
 * durable; ev->seq gets its number. An `end` event marks the run ended.
 */
int journal_append(struct journal *j, const char *id, struct journal_event *ev);
/* Call `fn` for each event of run `id` numbered after `after_seq`, in order. */
int journal_events(struct journal *j, const char *id, int64_t after_seq,
		   int (*fn)(const struct journal_event *ev, void *data), void *data);
void journal_event_release(struct journal_event *ev);

#endif
