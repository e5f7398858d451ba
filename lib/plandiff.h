/*
 * What changed between two versions of a plan, in the plan's terms:
 * "activity `accueil`: rto PT3H -> PT1H", "contact `j-petit` removed (still
 * referenced by cell role `communication`)", "escalation level 2: notify + `m-martin`".
 */
#ifndef CRISIS_PLANDIFF_H
#define CRISIS_PLANDIFF_H

#include "buf.h"
#include "plan.h"

#include <stddef.h>

enum change_kind { CHANGE_ADDED, CHANGE_REMOVED, CHANGE_MODIFIED };

struct change {
	enum change_kind kind;
	const char *section;	/* "activity", "contact", "cell role", "escalation level", "procedure", "scenario", "plan" */
	char *subject;		/* the id (or "2" for a level), NULL for the plan itself */
	char *field;		/* "rto", "notify"..., NULL for an addition or removal */
	char *before, *after;	/* values as written, NULL when absent */
	char *note;		/* such as "still referenced by cell role `communication`", or NULL */
};

struct plandiff {
	struct change *items;
	size_t nr, alloc;
};

/*
 * Compare two plans (either may be NULL: a plan added or removed). The
 * changes come in a stable order: the plan's own fields, then contacts,
 * cell, scenarios, activities, escalation, communication, procedures.
 */
void plandiff_compute(struct plandiff *d, const struct plan *before, const struct plan *after);
void plandiff_release(struct plandiff *d);

/* One line a change: "activity `accueil`: rto PT3H -> PT1H". */
void plandiff_text(struct buf *out, const struct plandiff *d);
/* A one-line summary for a log: "3 changes: activity `accueil` rto PT3H -> PT1H; ..." */
void plandiff_summary(struct buf *out, const struct plandiff *d, size_t max_len);
/* A JSON array of {"kind", "section", "subject", "field", "before", "after", "note"}. */
void plandiff_json(struct buf *out, const struct plandiff *d);

#endif
