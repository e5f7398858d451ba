/*
 * Contacts out and in: vCard 4.0 for phones and address books, CSV for
 * spreadsheets, JSON for scripts; and records read back from vCard or
 * CSV exports, checked one by one, to merge into a contacts.yaml.
 */
#ifndef CRISIS_CONTACTIO_H
#define CRISIS_CONTACTIO_H

#include "buf.h"
#include "directory.h"
#include "fsutil.h"
#include "plan.h"

#include <stdbool.h>

/* The CSV columns, in order: the header that import reads back. */
#define CONTACT_CSV_HEADER \
	"id", "name", "title", "org", "phones", "email", "available", \
	"activation_day", "activation_night", "verified", "notes"

/*
 * Writers; `redact` masks phone numbers and e-mail addresses, and leaves
 * out the notes, whose free text may hold others.
 */
void contacts_vcard(struct buf *out, const struct plan_contact *const *cs, size_t nr, bool redact);
void contacts_csv(struct buf *out, const struct plan_contact *const *cs, size_t nr, bool redact);
/* JSON: each contact with where it is defined and what names it (from `d`, which may be NULL). */
void contacts_json(struct buf *out, const struct directory *d,
		   const struct plan_contact *const *cs, size_t nr, bool redact);
/* Mask a phone number (+33 x xx xx xx 78) or an e-mail address (j***@example.com). */
void redact_phone(struct buf *out, const char *phone);
void redact_email(struct buf *out, const char *email);

/* A contact read from an export, before it is merged. Every text is owned. */
struct contact_rec {
	char *id, *name, *title, *org, *email, *available;
	char *activation_day, *activation_night, *verified, *notes;
	struct strlist phones;		/* in E.164, without spaces */
	unsigned long line;		/* where the record starts */
};

/* A record that cannot be imported, and why. */
struct import_problem {
	unsigned long line;
	char *message;
};

struct import {
	struct contact_rec *recs;
	size_t nr, alloc;
	struct import_problem *problems;
	size_t nr_problems, alloc_problems;
};

/*
 * Read records from a CSV (`,` or `;`, a header line naming the columns,
 * in English or French) or a vCard file. `country` (such as "33") turns
 * national numbers (06 12 34 56 78) into international ones; without it
 * they are a problem. Records that cannot be imported are problems with
 * their line; 0, or -1 with crisis_error_last() when the file as a whole
 * cannot be read (not CSV, no name column, not vCard).
 */
int import_csv(struct import *im, const char *data, size_t len, const char *country);
int import_vcard(struct import *im, const char *data, size_t len, const char *country);
void import_release(struct import *im);

/* Does the record stand for this contact: same id, e-mail, phone number, or name? */
bool import_matches(const struct contact_rec *r, const struct plan_contact *c);
/* Drop record `i` (it is defined elsewhere, such as in a plan). */
void import_drop(struct import *im, size_t i);

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
int import_merge(struct import *im, const struct loaded_plan *lp, const struct strmap *taken,
		 struct buf *out, struct merge_result **results);

#endif
