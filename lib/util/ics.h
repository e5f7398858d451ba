/*
 * Writing iCalendar content lines (RFC 5545 section 3.1), which vCard 4.0
 * shares (RFC 6350 section 3.2): NAME;PARAMS:VALUE, one property a line
 * ending in CRLF, folded so that no line is longer than 75 octets (a
 * continuation starts with one space) and never inside a UTF-8 sequence.
 * What a property means is the caller's business.
 */
#ifndef CRISIS_ICS_H
#define CRISIS_ICS_H

#include <stddef.h>
#include <stdint.h>

struct buf;

#define ICS_FOLD_OCTETS 75

/*
 * Append the logical line `line` (of `len` bytes, no line end) folded into
 * physical lines, each ending in CRLF. A content line may hold no control
 * character but a tab: CR and LF (which would end it) and the other controls
 * become spaces, and invalid UTF-8 bytes U+FFFD.
 */
void ics_line(struct buf *out, const char *line, size_t len);
/* Append `text` as a TEXT value: backslash, semicolon and comma escaped, a line break (LF or CRLF) as \n. */
void ics_escape(struct buf *out, const char *text);

/* NAME[;params]:text, the text escaped as a TEXT value; `params` is NULL or what follows the ';'. */
void ics_text(struct buf *out, const char *name, const char *params, const char *text);
/* NAME[;params]:value, the value written as it is (a number, a duration, a keyword). */
void ics_raw(struct buf *out, const char *name, const char *params, const char *value);
/* NAME;VALUE=DATE:YYYYMMDD, of a day counted from 1970-01-01 (kept within years 0000 to 9999). */
void ics_date(struct buf *out, const char *name, int64_t days);
/* NAME:YYYYMMDDTHHMMSSZ, a UTC time in seconds since the epoch. */
void ics_utc(struct buf *out, const char *name, int64_t seconds);

#endif
