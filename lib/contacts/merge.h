/*
 * Imported records into a contacts.yaml: each matched with the contact it
 * stands for, the entries that change rewritten in place, the new ones
 * added, everything else in the file kept as written.
 */
#ifndef CRISIS_MERGE_H
#define CRISIS_MERGE_H

#include "import.h"
#include "plan/plan.h"
#include "util/strmap.h"
#include "check/validate.h"

/* Does the record stand for this contact: same id, e-mail, phone number, or name? */
bool merge_matches(const struct import_record *r, const struct plan_contact *c);

/* What merging did to one contact. */
enum merge_change { MERGE_ADDED, MERGE_UPDATED, MERGE_UNCHANGED };

struct merge_result {
	const char *id;			/* owned by the import */
	enum merge_change change;
	unsigned long line;		/* the record's line */
};

/*
 * Merge the records into the text of a contacts.yaml (`existing`, already
 * loaded in `lp`, or both NULL for a new file): a record that matches a
 * contact (same id, e-mail, phone number, or name) updates that contact's
 * entry in place; the others are appended with an id made from their name.
 * Everything else in the file stays as written; a new id is none of
 * `taken` (the workspace's cell roles and plan contacts; may be NULL).
 * `out` gets the new text; results[] (one per record, allocated) says what
 * happened.
 */
int merge_records(struct import *im, const struct loaded *lp, const struct strmap *taken,
		 struct buf *out, struct merge_result **results);

#endif
