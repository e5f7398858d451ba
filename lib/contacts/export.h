/*
 * Contacts out: vCard 4.0 for phones and address books, CSV for
 * spreadsheets, JSON for scripts.
 */
#ifndef CRISIS_EXPORT_H
#define CRISIS_EXPORT_H

#include "directory.h"
#include "plan/plan.h"
#include "util/buf.h"

#include <stdbool.h>

/* The CSV columns, in order: the header that import reads back. */
#define EXPORT_CSV_HEADER \
	"id", "name", "title", "org", "phones", "email", "available", \
	"activation_day", "activation_night", "verified", "notes"

/*
 * Writers; `redact` masks phone numbers and e-mail addresses, and leaves
 * out the notes, whose free text may hold others.
 */
void export_vcard(struct buf *out, const struct plan_contact *const *cs, size_t nr, bool redact);
/*
 * CSV as RFC 4180 has it (',', CRLF, UTF-8), or with `excel` as Excel opens
 * it with a double-click where ';' separates lists (French and most
 * European settings): ';' and a UTF-8 byte-order mark.
 */
void export_csv(struct buf *out, const struct plan_contact *const *cs, size_t nr, bool redact,
		bool excel);
/* JSON: each contact with where it is defined and what names it (from `d`, which may be NULL). */
void export_json(struct buf *out, const struct directory *d,
		   const struct plan_contact *const *cs, size_t nr, bool redact);
/* Mask a phone number (+33 x xx xx xx 78) or an e-mail address (j***@example.com). */
void export_redact_phone(struct buf *out, const char *phone);
void export_redact_email(struct buf *out, const char *email);

#endif
