/*
 * Debriefs being typed, in .crisis/journal.db: a draft and its entries,
 * each committed (synchronous=FULL) before it is shown as added, so a
 * laptop that dies in the middle of a retex loses nothing. Two processes
 * adding at once both keep theirs: an entry takes the next number in its
 * own transaction. A finished debrief leaves the journal once its file is
 * committed.
 */
#ifndef CRISIS_DRAFTS_H
#define CRISIS_DRAFTS_H

#include <stdint.h>
#include <stddef.h>

struct drafts;

/* A draft: what the debrief is about. Strings are owned, NULL when absent. */
struct draft {
	char *id;
	char *run;		/* about.drill_run */
	char *crisis;		/* about.crisis */
	char *plan;		/* about.plan */
	char *title;
	char *date;		/* YYYY-MM-DD */
	int64_t started_ms;
};

/* An entry of a draft, in one section. Strings are owned, NULL when absent. */
struct draft_entry {
	int64_t seq;
	char *section;		/* participant, timeline, went_well, went_wrong, decision, lesson, action */
	char *text;		/* the event, the text, what was decided, what to do */
	char *id;		/* lesson and action ids */
	char *at, *by, *why;	/* timeline and decisions */
	char *owner, *due, *plan, *element, *lesson;	/* actions */
	char *tags;		/* lessons: ids separated by commas */
};

int drafts_open(struct drafts **out, const char *root);
void drafts_close(struct drafts *d);

/*
 * Record a new draft and its first entries (numbered from 1), all in one
 * transaction: the draft is there whole or not at all. Its id must not be
 * in the journal.
 */
int drafts_add(struct drafts *d, const struct draft *draft, struct draft_entry *entries, size_t nr);
/* A draft by id: 0, CRISIS_ENOTFOUND, or a negative code. */
int drafts_get(struct drafts *d, const char *id, struct draft *out);
/* Every draft, oldest first (*out allocated). */
int drafts_list(struct drafts *d, struct draft **out, size_t *nr);
/* Take the draft and its entries out of the journal. */
int drafts_remove(struct drafts *d, const char *id);
void draft_release(struct draft *draft);
void drafts_free(struct draft *drafts, size_t nr);

/* Append an entry to draft `id`, numbered after the last, and make it durable (e->seq set). */
int drafts_append(struct drafts *d, const char *id, struct draft_entry *e);
/* Call `fn` for each entry of draft `id`, in order. */
int drafts_entries(struct drafts *d, const char *id,
		   int (*fn)(const struct draft_entry *e, void *data), void *data);
void draft_entry_release(struct draft_entry *e);

#endif
