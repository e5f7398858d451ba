/*
 * Contacts in: records read back from vCard or CSV exports, checked one by
 * one (merge.h puts them in a contacts.yaml).
 */
#ifndef CRISIS_IMPORT_H
#define CRISIS_IMPORT_H

#include "util/buf.h"
#include "util/strlist.h"

#include <stdbool.h>
#include <stddef.h>

/* A contact read from an export, before it is merged. Every text is owned. */
struct import_record {
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
	struct import_record *recs;
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
/*
 * Make the bytes of an export UTF-8 in place, from `charset` (iconv's
 * names: windows-1252, latin1, utf-16; charset_guess() finds one). 0, or
 * -1 with crisis_error() "line L, column C: ..." when the bytes are not
 * text in that charset.
 */
int import_decode(struct buf *data, const char *charset);
int import_csv(struct import *im, const char *data, size_t len, const char *country);
int import_vcard(struct import *im, const char *data, size_t len, const char *country);
void import_release(struct import *im);
/* Drop record `i` (it is defined elsewhere, such as in a plan). */
void import_drop(struct import *im, size_t i);
void import_record_release(struct import_record *r);
/* An id made from a name: "Hélène Lefèvre" gives helene-lefevre. */
char *import_id_from(const char *name);

#endif
