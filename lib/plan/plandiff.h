/*
 * What changed between two versions of a plan, in the plan's terms:
 * "activity `accueil`: rto PT3H -> PT1H", "contact `j-petit` removed (still
 * referenced by cell role `communication`)", "escalation level 2: notify + `m-martin`".
 */
#ifndef CRISIS_PLANDIFF_H
#define CRISIS_PLANDIFF_H

#include "util/buf.h"
#include "plan.h"

#include <stddef.h>

enum change_kind { CHANGE_ADDED, CHANGE_REMOVED, CHANGE_MODIFIED };

/*
 * One change. With no field, the subject itself was added or removed
 * ("activity `erp` added"). With a field, CHANGE_MODIFIED is a value that
 * changed ("rto" from before to after) and CHANGE_ADDED / CHANGE_REMOVED an
 * item that joined or left a list field: "escalation level 2: notify +
 * `m-martin`" is {ADDED, "escalation level", "2", "notify", NULL, "m-martin"}.
 */
struct change {
	enum change_kind kind;
	const char *section;	/* "plan", "contact", "cell role", "scenario", "activity",
				   "escalation level", "communication", "audience", "procedure" */
	char *subject;		/* the id (or "2" for a level), NULL for the plan itself
				   and for "communication" */
	char *field;		/* "rto", "notify", "review.every", "step `isolate` within"...,
				   NULL for an addition or removal of the subject */
	char *before, *after;	/* values as written, NULL when absent */
	char *note;		/* such as "still referenced by cell role `communication`", or NULL */
};

struct plandiff {
	struct change *items;
	size_t nr, alloc;
};

/*
 * Compare two plans; `d` is initialised here (release it with
 * plandiff_release). The changes come in a stable order: the plan's own
 * fields, then contacts, cell, scenarios, activities, escalation,
 * communication (strategy, first message, audiences), procedures; within a
 * section in the order of `after`, then what was removed in the order of
 * `before`. Items are matched by id, escalation levels by number, so
 * reordering a list is not a change, nor are spaces in a phone number.
 * Steps are matched by id when every step has one, else by position (a
 * different count is one "steps 3 -> 4" change).
 *
 * A contact or cell role removed while `after` still names it (a plan
 * relying on the workspace's contacts.yaml) gets a note: "still referenced
 * by cell role `communication`", "... and 2 other places".
 *
 * When `before` is NULL (a new plan): a single change, "plan `id` added
 * (4 contacts, 2 cell roles, 3 activities...)", rather than one line per
 * item: a commit message or a log line stays readable, and the plan itself
 * says the rest (`crisis plan show`). When `after` is NULL: a single
 * "plan `id` removed". Both NULL: nothing.
 */
void plandiff_compute(struct plandiff *d, const struct plan *before, const struct plan *after);
void plandiff_release(struct plandiff *d);

/*
 * One line a change: "activity `accueil`: rto PT3H -> PT1H", "contact
 * `j-petit` removed (still referenced by ...)", "escalation level 2:
 * notify + `m-martin`"; an absent value shows as "(none)", and control
 * characters in values are escaped (\n) so a change stays on its line.
 */
void plandiff_text(struct buf *out, const struct plandiff *d);
/*
 * The same for a commit message, which colleagues and mirrors of the
 * repository read: a contact's phones, e-mail and notes are said changed,
 * not quoted ("contact `c-martin`: phones changed").
 */
void plandiff_commit_text(struct buf *out, const struct plandiff *d);
/*
 * A one-line summary for a log: up to three changes, as many as fit, and
 * how many more: "activity `erp`: rto P2D -> P1D; contact `c-x` added;
 * +3 more"; nothing at all when there is no change. Cut to `max_len`
 * characters (not bytes), the last one being "…", when longer; 0 means no
 * limit.
 */
void plandiff_summary(struct buf *out, const struct plandiff *d, size_t max_len);
/*
 * A JSON array of {"kind": "added"|"removed"|"modified", "section",
 * "subject", "field", "before", "after", "note"}, null for what is absent.
 */
void plandiff_json(struct buf *out, const struct plandiff *d);

#endif
