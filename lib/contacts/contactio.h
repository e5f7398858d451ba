/*
 * Contacts out and in: vCard 4.0 for phones and address books, CSV for
 * spreadsheets, JSON for scripts; and records read back from vCard or
 * CSV exports, checked one by one (contactmerge.h puts them in a
 * contacts.yaml).
 */
#ifndef CRISIS_CONTACTIO_H
#define CRISIS_CONTACTIO_H

#include "util/buf.h"
#include "directory.h"
#include "util/fs.h"
#include "plan/plan.h"

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
/* Drop record `i` (it is defined elsewhere, such as in a plan). */
void import_drop(struct import *im, size_t i);
void contact_rec_release(struct contact_rec *r);
/* An id made from a name: "Hélène Lefèvre" gives helene-lefevre. */
char *contact_id_from(const char *name);

#endif
