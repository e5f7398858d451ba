#include "csv.h"
#include "buf.h"
#include "error.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const char *data;
	size_t len;
	size_t pos;
	char sep;
	unsigned long line;
	size_t line_start;	/* offset of the first byte of the line */
	struct buf quoted;	/* the quoted field being read */
	struct csv_row row;	/* the record being read */
	size_t fields_alloc;
	struct csv_table *table;
	size_t rows_alloc;
};

/* Record "line L, column C: <message>", the column counted in characters. */
static int fail_at(const struct parser *ps, unsigned long line,
		   size_t line_start, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int fail_at(const struct parser *ps, unsigned long line,
		   size_t line_start, size_t pos, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	unsigned long column = 1;
	va_list ap;

	for (size_t i = line_start; i < pos; i++)
		column += ((unsigned char)ps->data[i] & 0xC0) != 0x80;
	buf_addf(&msg, "line %lu, column %lu: ", line, column);
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	crisis_error("%s", buf_str(&msg));
	buf_release(&msg);
	return -1;
}

/*
 * The length of the character at pos, which is neither ASCII text nor a
 * line end, or 0 after recording why it is refused.
 */
static size_t check_char(const struct parser *ps)
{
	const char *s = ps->data + ps->pos;
	unsigned char c = (unsigned char)*s;
	size_t n;

	if (!c) {
		fail_at(ps, ps->line, ps->line_start, ps->pos,
			"NUL byte; is this really a CSV text file?");
		return 0;
	}
	if (c < 0x80)
		return 1;
	n = utf8_valid_len_n(s, ps->len - ps->pos);
	if (!n)
		fail_at(ps, ps->line, ps->line_start, ps->pos,
			"not UTF-8 (byte 0x%02X; Latin-1 or Windows-1252?); "
			"save the file as UTF-8", c);
	return n;
}

/* Step over the CRLF, LF or CR at pos. */
static void end_line(struct parser *ps)
{
	if (ps->data[ps->pos] == '\r' && ps->pos + 1 < ps->len &&
	    ps->data[ps->pos + 1] == '\n')
		ps->pos++;
	ps->pos++;
	ps->line++;
	ps->line_start = ps->pos;
}

static bool at_field_end(const struct parser *ps)
{
	if (ps->pos >= ps->len)
		return true;
	char c = ps->data[ps->pos];
	return c == ps->sep || c == '\r' || c == '\n';
}

static void add_field(struct parser *ps, char *field)
{
	ALLOC_GROW(ps->row.fields, ps->row.nr + 1, ps->fields_alloc);
	ps->row.fields[ps->row.nr++] = field;
}

static int plain_field(struct parser *ps)
{
	size_t start = ps->pos;

	while (!at_field_end(ps)) {
		unsigned char c = (unsigned char)ps->data[ps->pos];
		size_t n = c && c < 0x80 ? 1 : check_char(ps);
		if (!n)
			return -1;
		ps->pos += n;
	}
	add_field(ps, xstrndup(ps->data + start, ps->pos - start));
	return 0;
}

static int quoted_field(struct parser *ps)
{
	unsigned long open_line = ps->line;
	size_t open_line_start = ps->line_start, open_pos = ps->pos;

	ps->pos++;
	for (;;) {
		if (ps->pos >= ps->len)
			return fail_at(ps, open_line, open_line_start, open_pos,
				       "quoted field never closed; "
				       "a quote is missing");
		const char *s = ps->data + ps->pos;
		if (*s == '"') {
			ps->pos++;
			if (ps->pos >= ps->len || ps->data[ps->pos] != '"')
				break;
			buf_addc(&ps->quoted, '"');
			ps->pos++;
		} else if (*s == '\r' || *s == '\n') {
			end_line(ps);
			buf_add(&ps->quoted, s, (size_t)(ps->data + ps->pos - s));
		} else {
			size_t n = check_char(ps);
			if (!n)
				return -1;
			buf_add(&ps->quoted, s, n);
			ps->pos += n;
		}
	}
	if (!at_field_end(ps))
		return fail_at(ps, ps->line, ps->line_start, ps->pos,
			       "text after a closing quote; a quote inside "
			       "a quoted field is written \"\"");
	add_field(ps, buf_detach(&ps->quoted));
	return 0;
}

/* Read one record from pos, which is not a line end, up to its line end. */
static int record(struct parser *ps)
{
	struct csv_table *t = ps->table;

	ps->row.line = ps->line;
	for (;;) {
		int error = ps->pos < ps->len && ps->data[ps->pos] == '"' ?
			quoted_field(ps) : plain_field(ps);
		if (error < 0)
			return error;
		if (ps->pos >= ps->len || ps->data[ps->pos] != ps->sep)
			break;
		ps->pos++;
	}
	ALLOC_GROW(t->rows, t->nr + 1, ps->rows_alloc);
	t->rows[t->nr++] = ps->row;
	memset(&ps->row, 0, sizeof(ps->row));
	ps->fields_alloc = 0;
	return 0;
}

/* The most frequent separator outside quotes in the record after i. */
static char detect_sep(const char *data, size_t len, size_t i)
{
	static const char candidates[] = { ';', ',', '\t' };
	size_t count[3] = { 0, 0, 0 };
	size_t best = 1;	/* ',' when there is none */
	bool in_quotes = false;

	while (i < len && (data[i] == '\r' || data[i] == '\n'))
		i++;
	for (; i < len; i++) {
		char c = data[i];
		if (c == '"')
			in_quotes = !in_quotes;
		else if (!in_quotes && (c == '\r' || c == '\n'))
			break;
		else if (!in_quotes)
			for (size_t k = 0; k < 3; k++)
				count[k] += c == candidates[k];
	}
	for (size_t k = 0; k < 3; k++)
		if (count[k] > count[best] ||
		    (count[k] && count[k] == count[best] && k < best))
			best = k;
	return candidates[best];
}

static void release_row(struct csv_row *row)
{
	for (size_t i = 0; i < row->nr; i++)
		free(row->fields[i]);
	free(row->fields);
	memset(row, 0, sizeof(*row));
}

int csv_parse(const char *data, size_t len, char sep, struct csv_table *out)
{
	struct parser ps = { .data = data, .len = len, .line = 1, .table = out };
	int error = 0;

	memset(out, 0, sizeof(*out));
	if (sep && sep != ',' && sep != ';' && sep != '\t')
		return crisis_error("unsupported CSV separator; "
				    "use ',', ';' or tab");
	if (len >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') ||
			 (data[0] == '\xFE' && data[1] == '\xFF')))
		return crisis_error("line 1, column 1: UTF-16 text; "
				    "save the file as UTF-8");
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		ps.pos = ps.line_start = 3;
	ps.sep = out->sep = sep ? sep : detect_sep(data, len, ps.pos);

	while (ps.pos < len) {
		char c = data[ps.pos];
		if (c == '\r' || c == '\n')
			end_line(&ps);
		else if ((error = record(&ps)) < 0)
			break;
	}
	release_row(&ps.row);
	buf_release(&ps.quoted);
	if (error < 0)
		csv_table_release(out);
	return error;
}

void csv_table_release(struct csv_table *t)
{
	for (size_t i = 0; i < t->nr; i++)
		release_row(&t->rows[i]);
	free(t->rows);
	t->rows = NULL;
	t->nr = 0;
}

void csv_field(struct buf *out, const char *s, char sep)
{
	size_t len = strlen(s);
	char special[] = { sep, '"', '\r', '\n', '\0' };

	if (!len || (s[strcspn(s, special)] == '\0' && s[0] != ' ' &&
		     s[len - 1] != ' ')) {
		buf_add(out, s, len);
		return;
	}
	buf_addc(out, '"');
	for (const char *q; (q = strchr(s, '"')); s = q + 1) {
		buf_add(out, s, (size_t)(q + 1 - s));
		buf_addc(out, '"');
	}
	buf_adds(out, s);
	buf_addc(out, '"');
}

void csv_record(struct buf *out, const char *const *fields, size_t nr, char sep)
{
	if (nr == 1 && (!fields[0] || !fields[0][0])) {
		buf_adds(out, "\"\"\r\n");
		return;
	}
	for (size_t i = 0; i < nr; i++) {
		if (i)
			buf_addc(out, sep);
		csv_field(out, fields[i] ? fields[i] : "", sep);
	}
	buf_adds(out, "\r\n");
}
