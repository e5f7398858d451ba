/* Reading and writing CSV as spreadsheets export it (RFC 4180). */
#ifndef CRISIS_CSV_H
#define CRISIS_CSV_H

#include <stddef.h>

struct buf;

struct csv_row {
	char **fields;
	size_t nr;
	unsigned long line;	/* 1-based line where the record starts */
};

struct csv_table {
	struct csv_row *rows;
	size_t nr;
	char sep;
};

/*
 * Parse `len` bytes of UTF-8 text (need not end in NUL). `sep` is ',', ';'
 * or '\t', or 0 to take the most frequent of ';' ',' '\t' outside quotes
 * in the first record (',' when there is none, the first listed on a tie).
 * A UTF-8 BOM is skipped; lines end in CRLF, LF or CR; a quoted field may
 * hold the separator and line breaks (kept as they are), "" stands for a
 * quote; empty lines are skipped. Returns 0, or -1 with "line L, column C:
 * ..." in crisis_error_last() for an unterminated quote (where it opens),
 * text after a closing quote, bytes that are not UTF-8 (UTF-16 included)
 * and NUL bytes; `out` is then empty.
 */
int csv_parse(const char *data, size_t len, char sep, struct csv_table *out);
void csv_table_release(struct csv_table *t);

/*
 * Append one field, quoted when it holds the separator, a quote, CR or LF,
 * or starts or ends with a space.
 */
void csv_field(struct buf *out, const char *s, char sep);
/*
 * Append a record: the fields (NULL is empty) joined by sep, ending in
 * CRLF. A lone empty field is written "" so that the line is not empty.
 */
void csv_record(struct buf *out, const char *const *fields, size_t nr, char sep);

#endif
