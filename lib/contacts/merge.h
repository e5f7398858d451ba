/*
 * Imported records into a contacts.yaml: each matched with the contact it
 * stands for, the entries that change rewritten in place, the new ones
 * added, everything else in the file kept as written.
 */
#ifndef CRISIS_MERGE_H
#define CRISIS_MERGE_H

#include "directory.h"
#include "import.h"
#include "plan/plan.h"
#include "util/strmap.h"
#include "check/validate.h"

/* Does the record stand for this contact: same id, e-mail, phone number, or name? */
bool merge_matches(const struct import_record *r, const struct plan_contact *c);

/* What the screening of records against the workspace said of one. */
struct merge_note {
	unsigned long line;	/* the record's */
	bool refused;		/* an error; else a note on a record left out */
	char *text;
};

struct merge_screen {
	struct strmap taken;	/* ids contacts.yaml may not take: plan contacts, cell roles */
	struct merge_note *notes;
	size_t nr, alloc;
	size_t refused;
};

/*
 * Screen imported records against the workspace `d`: a record of a contact
 * that a plan defines stays in that plan (contacts.yaml would define it
 * twice): it is dropped, with a note; a record whose id is a cell role is
 * refused (contacts and roles share one namespace), with an error.
 */
void merge_screen(struct merge_screen *s, struct import *im, const struct directory *d);
/* Drop the refused records, to import the others. */
void merge_drop_refused(const struct merge_screen *s, struct import *im);
void merge_screen_release(struct merge_screen *s);

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
