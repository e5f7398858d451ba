#include "report.h"
#include "util/duration.h"
#include "util/json.h"
#include "util/strmap.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define WIDTH 100	/* columns of plain text */
#define INDENT 2	/* plain text under a heading */
#define UNDER 6		/* long cells, under their row */
#define HEADER ((size_t)-1)

static const char *const format_names[] = {
	[REPORT_TEXT] = "text", [REPORT_MD] = "md", [REPORT_HTML] = "html", [REPORT_JSON] = "json",
};

int report_format_parse(const char *name)
{
	for (size_t i = 0; name && i < sizeof(format_names) / sizeof(*format_names); i++)
		if (!strcmp(name, format_names[i]))
			return (int)i;
	return -1;
}

/* ---- escaping ---- */

/*
 * Append s on one line: tabs and line breaks become spaces; other control
 * characters (C0, DEL, C1) and invalid bytes become U+FFFD, one for one.
 */
static void clean(struct buf *b, const char *s)
{
	while (s && *s) {
		unsigned char c = (unsigned char)*s;
		size_t n = utf8_valid_len(s);
		if (c == '\t' || c == '\n' || c == '\r') {
			buf_addc(b, ' ');
			s++;
		} else if (!n || c < 0x20 || c == 0x7F || (c == 0xC2 && (unsigned char)s[1] < 0xA0)) {
			buf_adds(b, "\xEF\xBF\xBD");
			s += n ? n : 1;
		} else {
			buf_add(b, s, n);
			s += n;
		}
	}
}

static void html_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_addc(b, *s);
		}
	}
}

/* Markdown: what would open markup, a link, raw HTML or end a cell is backslashed. */
static void md_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>|", *s))
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

/* Append user text as format f writes it (JSON aside: json_str). */
static void put(struct buf *out, enum report_format f, const char *s)
{
	struct buf c = BUF_INIT;
	clean(&c, s);
	if (f == REPORT_MD)
		md_escape(out, buf_str(&c));
	else if (f == REPORT_HTML)
		html_escape(out, buf_str(&c));
	else
		buf_adds(out, buf_str(&c));
	buf_release(&c);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* T+01:02:03, or "-" when absent. */
static void at_text(struct buf *b, int64_t ms)
{
	if (ms < 0) {
		buf_addc(b, '-');
		return;
	}
	buf_adds(b, "T+");
	duration_clock(b, ms);
}

/* ---- plain text ---- */

static void spaces(struct buf *out, size_t n)
{
	while (n--)
		buf_addc(out, ' ');
}

static size_t width_of(const char *s)
{
	return utf8_chars(s, strlen(s));
}

/* End a line, without trailing spaces. */
static void end_line(struct buf *out)
{
	while (out->len && out->ptr[out->len - 1] == ' ')
		out->len--;
	buf_addc(out, '\n');
}

/*
 * Append a line of text wrapped to WIDTH columns, from column `col`; the
 * lines after the first start at `indent`. A word longer than a line stands
 * alone on its own.
 */
static void wrap(struct buf *out, const char *s, size_t col, size_t indent)
{
	bool fresh = true;
	while (*s) {
		if (*s == ' ') {
			s++;
			continue;
		}
		size_t n = strcspn(s, " "), w = utf8_chars(s, n);
		if (!fresh && col + 1 + w > WIDTH) {
			buf_addc(out, '\n');
			spaces(out, indent);
			col = indent;
			fresh = true;
		}
		if (!fresh) {
			buf_addc(out, ' ');
			col++;
		}
		buf_add(out, s, n);
		col += w;
		fresh = false;
		s += n;
	}
}

/* ---- the parts of a document, in each format ---- */

static const char report_css[] =
	"@page { size: A4; margin: 15mm 12mm; }\n"
	"body { font: 10pt/1.4 system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif;\n"
	"  color: #111; max-width: 186mm; margin: 0 auto; padding: 6mm; }\n"
	"h1 { font-size: 16pt; margin: 0 0 3mm; }\n"
	"h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 1px solid #888; break-after: avoid; }\n"
	"table { border-collapse: collapse; width: 100%; margin: 0 0 3mm; }\n"
	"th, td { border: 1px solid #bbb; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }\n"
	"thead th { background: #eee; }\n"
	"thead { display: table-header-group; }\n"
	"tr { break-inside: avoid; page-break-inside: avoid; }\n"
	"table.facts { width: auto; }\n"
	"table.facts th, table.facts td { border: none; padding: 0.3mm 4mm 0.3mm 0; }\n"
	"tr.finding td { background: #fde8e8; }\n"
	"p.none { color: #555; font-style: italic; }\n"
	"@media print { body { padding: 0; max-width: none; } }\n";

static void doc_open(struct buf *out, enum report_format f, const char *title)
{
	if (f != REPORT_HTML)
		return;
	buf_adds(out, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	put(out, f, title);
	buf_addf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", report_css);
}

static void doc_close(struct buf *out, enum report_format f)
{
	if (f == REPORT_HTML)
		buf_adds(out, "</body>\n</html>\n");
}

static void heading(struct buf *out, enum report_format f, int level, const char *text)
{
	if (f == REPORT_MD) {
		buf_addf(out, "%.*s ", level, "###");
		put(out, f, text);
		buf_adds(out, "\n\n");
	} else if (f == REPORT_HTML) {
		buf_addf(out, "<h%d>", level);
		put(out, f, text);
		buf_addf(out, "</h%d>\n", level);
	} else if (level == 1) {
		struct buf c = BUF_INIT;
		clean(&c, text);
		wrap(out, buf_str(&c), 0, 0);
		buf_addc(out, '\n');
		for (size_t w = width_of(buf_str(&c)), i = 0; i < w && i < WIDTH; i++)
			buf_addc(out, '=');
		buf_addc(out, '\n');
		buf_release(&c);
	} else {
		buf_addc(out, '\n');
		for (; *text; text++)	/* our own labels: ASCII */
			buf_addc(out, *text >= 'a' && *text <= 'z' ? (char)(*text - 'a' + 'A') : *text);
		buf_addc(out, '\n');
	}
}

static void para(struct buf *out, enum report_format f, const char *text)
{
	if (f == REPORT_TEXT) {
		struct buf c = BUF_INIT;
		clean(&c, text);
		spaces(out, INDENT);
		wrap(out, buf_str(&c), INDENT, INDENT);
		end_line(out);
		buf_release(&c);
	} else if (f == REPORT_MD) {
		put(out, f, text);
		buf_adds(out, "\n\n");
	} else {
		buf_adds(out, "<p>");
		put(out, f, text);
		buf_adds(out, "</p>\n");
	}
}

/* ---- tables ---- */

struct column {
	const char *name;
	bool wide;	/* long text: wrapped, under its row in plain text */
};

struct table {
	const struct column *cols;
	size_t nr_cols;
	bool facts;		/* pairs of a label and a value, no header */
	const char *none;	/* said when there is no row */
	char **cells;		/* row after row, cleaned */
	size_t nr_cells, alloc_cells;
	bool *marks;		/* the rows that are findings */
	size_t alloc_marks;
};

static size_t table_rows(const struct table *t)
{
	return t->nr_cells / t->nr_cols;
}

static const char *cell(const struct table *t, size_t row, size_t col)
{
	return row == HEADER ? t->cols[col].name : t->cells[row * t->nr_cols + col];
}

static void table_add(struct table *t, const char *s)
{
	struct buf c = BUF_INIT;
	if (t->nr_cells % t->nr_cols == 0) {
		ALLOC_GROW(t->marks, table_rows(t) + 1, t->alloc_marks);
		t->marks[table_rows(t)] = false;
	}
	clean(&c, s);
	ALLOC_GROW(t->cells, t->nr_cells + 1, t->alloc_cells);
	t->cells[t->nr_cells++] = xstrdup(buf_str(&c));
	buf_release(&c);
}

static void table_addf(struct table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void table_addf(struct table *t, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	table_add(t, buf_str(&b));
	buf_release(&b);
}

static void table_add_at(struct table *t, int64_t ms)
{
	struct buf b = BUF_INIT;
	at_text(&b, ms);
	table_add(t, b.ptr);
	buf_release(&b);
}

/* Mark the row being filled (it has a cell already) as a finding. */
static void table_mark(struct table *t)
{
	t->marks[(t->nr_cells - 1) / t->nr_cols] = true;
}

static void table_release(struct table *t)
{
	for (size_t i = 0; i < t->nr_cells; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->marks);
}

/* One row of plain text; long cells under it unless `inline_wide`. */
static void text_row(struct buf *out, const struct table *t, const size_t *pos, size_t row,
		     bool inline_wide)
{
	size_t col = 0, first_wide = HEADER;
	for (size_t c = 0; c < t->nr_cols; c++) {
		if (t->cols[c].wide && first_wide == HEADER)
			first_wide = c;
		if (t->cols[c].wide && !inline_wide)
			continue;
		spaces(out, pos[c] > col ? pos[c] - col : 1);
		col = pos[c] > col ? pos[c] : col + 1;
		if (t->cols[c].wide)
			wrap(out, cell(t, row, c), col, pos[c]);
		else
			buf_adds(out, cell(t, row, c));
		col += width_of(cell(t, row, c));
	}
	end_line(out);
	for (size_t c = 0; !inline_wide && row != HEADER && c < t->nr_cols; c++) {
		if (!t->cols[c].wide || !*cell(t, row, c))
			continue;
		spaces(out, UNDER);
		col = UNDER;
		if (c != first_wide) {
			buf_addf(out, "%s: ", t->cols[c].name);
			col += width_of(t->cols[c].name) + 2;
		}
		wrap(out, cell(t, row, c), col, UNDER);
		end_line(out);
	}
}

static void text_table(struct buf *out, const struct table *t)
{
	size_t *pos = xcalloc(t->nr_cols, sizeof(*pos)), at = INDENT, nr_wide = 0;
	for (size_t c = 0; c < t->nr_cols; c++) {
		size_t w = t->facts ? 0 : width_of(t->cols[c].name);
		pos[c] = at;
		if (t->cols[c].wide) {
			nr_wide++;
			continue;
		}
		for (size_t r = 0; r < table_rows(t); r++)
			if (width_of(cell(t, r, c)) > w)
				w = width_of(cell(t, r, c));
		at += w + 2;
	}
	/* A single long cell ending the row continues the line, when room is left. */
	bool inline_wide = nr_wide == 1 && t->cols[t->nr_cols - 1].wide &&
			   pos[t->nr_cols - 1] + 40 <= WIDTH;
	if (!t->facts)
		text_row(out, t, pos, HEADER, inline_wide);
	for (size_t r = 0; r < table_rows(t); r++)
		text_row(out, t, pos, r, inline_wide);
	free(pos);
}

static void md_row(struct buf *out, const struct table *t, size_t row)
{
	for (size_t c = 0; c < t->nr_cols; c++) {
		buf_adds(out, c ? " | " : "| ");
		md_escape(out, cell(t, row, c));
	}
	buf_adds(out, " |\n");
}

static void md_table(struct buf *out, const struct table *t)
{
	if (t->facts) {
		for (size_t r = 0; r < table_rows(t); r++) {
			buf_adds(out, "- **");
			md_escape(out, cell(t, r, 0));
			buf_adds(out, ":** ");
			md_escape(out, cell(t, r, 1));
			buf_addc(out, '\n');
		}
		buf_addc(out, '\n');
		return;
	}
	md_row(out, t, HEADER);
	for (size_t c = 0; c < t->nr_cols; c++)
		buf_adds(out, c + 1 < t->nr_cols ? "|---" : "|---|\n");
	for (size_t r = 0; r < table_rows(t); r++)
		md_row(out, t, r);
	buf_addc(out, '\n');
}

static void html_table(struct buf *out, const struct table *t)
{
	buf_adds(out, t->facts ? "<table class=\"facts\">\n" : "<table>\n<thead><tr>");
	for (size_t c = 0; !t->facts && c < t->nr_cols; c++) {
		buf_adds(out, "<th>");
		html_escape(out, t->cols[c].name);
		buf_adds(out, "</th>");
	}
	buf_adds(out, t->facts ? "<tbody>\n" : "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < table_rows(t); r++) {
		buf_adds(out, t->marks[r] ? "<tr class=\"finding\">" : "<tr>");
		for (size_t c = 0; c < t->nr_cols; c++) {
			bool label = t->facts && c == 0;
			buf_adds(out, label ? "<th scope=\"row\">" : "<td>");
			html_escape(out, cell(t, r, c));
			buf_adds(out, label ? "</th>" : "</td>");
		}
		buf_adds(out, "</tr>\n");
	}
	buf_adds(out, "</tbody>\n</table>\n");
}

static void table_write(struct buf *out, enum report_format f, const struct table *t)
{
	if (!table_rows(t)) {
		if (f == REPORT_HTML)
			buf_addf(out, "<p class=\"none\">%s</p>\n", t->none ? t->none : "None.");
		else if (f == REPORT_MD)
			buf_addf(out, "*%s*\n\n", t->none ? t->none : "None.");
		else
			buf_addf(out, "%*s%s\n", INDENT, "", t->none ? t->none : "None.");
	} else if (f == REPORT_HTML) {
		html_table(out, t);
	} else if (f == REPORT_MD) {
		md_table(out, t);
	} else {
		text_table(out, t);
	}
}

/* ---- what a run adds up to ---- */

struct stats {
	size_t expects, status[4], ratings[4], unrated;
	size_t objectives, met, decisions, stand_ins;
};

static const char ratings[] = "PSMU";

static bool stand_in(const struct run_participant *p)
{
	return p->stand_in || (p->holder && p->played_by && strcmp(p->holder, p->played_by));
}

static void stats_of(const struct drill_run *r, struct stats *s)
{
	memset(s, 0, sizeof(*s));
	s->expects = r->nr_outcomes;
	for (size_t i = 0; i < r->nr_outcomes; i++) {
		const char *rating = r->outcomes[i].rating;
		const char *at = rating && *rating && !rating[1] ? strchr(ratings, *rating) : NULL;
		s->status[r->outcomes[i].status]++;
		if (at)
			s->ratings[at - ratings]++;
		else
			s->unrated++;
	}
	s->objectives = r->nr_results;
	for (size_t i = 0; i < r->nr_results; i++)
		s->met += r->results[i].met;
	for (size_t i = 0; i < r->nr_events; i++)
		s->decisions += r->events[i].type == EV_DECISION;
	for (size_t i = 0; i < r->nr_participants; i++)
		s->stand_ins += stand_in(&r->participants[i]);
}

/* "50% (2/4)": on time over not skipped; "-" when nothing counts. */
static void rate_text(struct buf *b, const struct stats *s)
{
	size_t of = s->expects - s->status[OUT_SKIPPED], n = s->status[OUT_ON_TIME];
	if (!of)
		buf_addc(b, '-');
	else
		buf_addf(b, "%zu%% (%zu/%zu)", (200 * n + of) / (2 * of), n, of);
}

static void ratings_text(struct buf *b, const struct stats *s)
{
	for (size_t i = 0; i < 4; i++)
		buf_addf(b, "%s%c %zu", i ? ", " : "", ratings[i], s->ratings[i]);
	if (s->unrated)
		buf_addf(b, " (%zu not rated)", s->unrated);
}

/* The expectation that convenes the cell, or NULL. */
static const struct run_outcome *convene_of(const struct drill_run *r)
{
	for (size_t i = 0; i < r->nr_outcomes; i++) {
		const char *id = r->outcomes[i].expect;
		if (id && (!strcmp(id, "convene-cell") || !strcmp(id, "convoquer-cellule")))
			return &r->outcomes[i];
	}
	for (size_t i = 0; i < r->nr_outcomes; i++) {
		const char *id = r->outcomes[i].expect;
		if (id && (strstr(id, "convene") || strstr(id, "convoqu")))
			return &r->outcomes[i];
	}
	return NULL;
}

static const struct run_outcome *outcome_of(const struct drill_run *r, const char *id)
{
	for (size_t i = 0; i < r->nr_outcomes; i++)
		if (r->outcomes[i].expect && !strcmp(r->outcomes[i].expect, id))
			return &r->outcomes[i];
	return NULL;
}

/* ---- one run: text, Markdown, HTML ---- */

static void fact(struct table *t, const char *label, const char *value)
{
	table_add(t, label);
	table_add(t, or_dash(value));
}

static void run_title(struct buf *out, enum report_format f, const struct drill_run *r)
{
	static const struct column cols[] = { { "Field", false }, { "Value", true } };
	struct table t = { .cols = cols, .nr_cols = 2, .facts = true };
	struct buf title = BUF_INIT, clock = BUF_INIT;

	buf_addf(&title, "After-action report: %s", r->title ? r->title : or_dash(r->drill));
	doc_open(out, f, title.ptr);
	heading(out, f, 1, title.ptr);
	fact(&t, "Run", r->id);
	fact(&t, "Drill", r->drill);
	fact(&t, "Plan", r->plan);
	fact(&t, "Started", r->started);
	fact(&t, "Ended", r->ended);
	if (r->duration >= 0)
		duration_clock(&clock, r->duration);
	fact(&t, "Drill clock", clock.ptr);
	if (r->speed != 1) {
		table_add(&t, "Speed");
		table_addf(&t, "%g x real time", r->speed);
	}
	table_write(out, f, &t);
	table_release(&t);
	buf_release(&title);
	buf_release(&clock);
}

static void run_participants(struct buf *out, enum report_format f, const struct drill_run *r,
			     const struct stats *s)
{
	static const struct column cols[] = {
		{ "Role", false }, { "Played by", false }, { "Holder", false }, { "Stand-in", false },
	};
	struct table t = { .cols = cols, .nr_cols = 4, .none = "No participant was recorded." };
	struct buf note = BUF_INIT;

	heading(out, f, 2, "Participants");
	for (size_t i = 0; i < r->nr_participants; i++) {
		const struct run_participant *p = &r->participants[i];
		table_add(&t, or_dash(p->role));
		table_add(&t, or_dash(p->played_by));
		table_add(&t, or_dash(p->holder));
		table_add(&t, stand_in(p) ? "STAND-IN" : "");
		if (stand_in(p))
			table_mark(&t);
	}
	table_write(out, f, &t);
	if (s->stand_ins) {
		buf_addf(&note, "Finding: %zu role%s played by a stand-in for an absent holder: the plan's "
			 "deputies were put to the test, a finding for the debrief.",
			 s->stand_ins, s->stand_ins == 1 ? "" : "s");
		para(out, f, note.ptr);
	}
	table_release(&t);
	buf_release(&note);
}

static void run_objectives(struct buf *out, enum report_format f, const struct drill_run *r,
			   const struct stats *s)
{
	static const struct column cols[] = {
		{ "Objective", false }, { "Met", false }, { "Text", true },
	};
	struct table t = { .cols = cols, .nr_cols = 3, .none = "The drill has no objectives." };
	struct buf note = BUF_INIT;

	heading(out, f, 2, "Objectives");
	for (size_t i = 0; i < r->nr_results; i++) {
		table_add(&t, or_dash(r->results[i].id));
		table_add(&t, r->results[i].met ? "yes" : "NO");
		if (!r->results[i].met)
			table_mark(&t);
		table_add(&t, r->results[i].text);
	}
	table_write(out, f, &t);
	if (s->objectives) {
		buf_addf(&note, "%zu of %zu objective%s met.", s->met, s->objectives,
			 s->objectives == 1 ? "" : "s");
		para(out, f, note.ptr);
	}
	table_release(&t);
	buf_release(&note);
}

static void run_summary(struct buf *out, enum report_format f, const struct stats *s)
{
	static const struct column cols[] = { { "Field", false }, { "Value", true } };
	struct table t = { .cols = cols, .nr_cols = 2, .facts = true };
	struct buf b = BUF_INIT;

	heading(out, f, 2, "Results");
	rate_text(&b, s);
	buf_addf(&b, " of the expected actions not skipped");
	fact(&t, "On time", b.ptr);
	buf_reset(&b);
	buf_addf(&b, "%zu late, %zu missed, %zu skipped, of %zu", s->status[OUT_LATE],
		 s->status[OUT_MISSED], s->status[OUT_SKIPPED], s->expects);
	fact(&t, "Not on time", b.ptr);
	buf_reset(&b);
	ratings_text(&b, s);
	fact(&t, "Ratings", b.ptr);
	table_write(out, f, &t);
	table_release(&t);
	buf_release(&b);
}

static void run_outcomes(struct buf *out, enum report_format f, const struct drill_run *r)
{
	static const struct column cols[] = {
		{ "Expected action", false }, { "Action", true }, { "By", false }, { "Due", false },
		{ "Done", false }, { "Late by", false }, { "Rating", false }, { "Status", false },
		{ "Notes", true },
	};
	struct table t = { .cols = cols, .nr_cols = 9, .none = "No action was expected." };

	heading(out, f, 2, "Expected actions");
	for (size_t i = 0; i < r->nr_outcomes; i++) {
		const struct run_outcome *o = &r->outcomes[i];
		struct buf late = BUF_INIT;
		if (o->late_by >= 0)
			duration_human(&late, (o->late_by + 999) / 1000);
		table_add(&t, or_dash(o->expect));
		table_add(&t, o->action);
		table_add(&t, or_dash(o->by));
		table_add_at(&t, o->due);
		table_add_at(&t, o->done);
		table_add(&t, or_dash(late.ptr));
		table_add(&t, or_dash(o->rating));
		table_add(&t, run_status_name(o->status));
		table_add(&t, o->notes);
		if (o->status == OUT_LATE || o->status == OUT_MISSED)
			table_mark(&t);
		buf_release(&late);
	}
	table_write(out, f, &t);
	table_release(&t);
}

static void run_decisions(struct buf *out, enum report_format f, const struct drill_run *r)
{
	static const struct column cols[] = {
		{ "At", false }, { "Decision", true }, { "By", false }, { "Why", true },
	};
	struct table t = { .cols = cols, .nr_cols = 4, .none = "No decision was recorded." };

	heading(out, f, 2, "Decisions");
	for (size_t i = 0; i < r->nr_events; i++) {
		const struct run_event *e = &r->events[i];
		if (e->type != EV_DECISION)
			continue;
		table_add_at(&t, e->at);
		table_add(&t, or_dash(e->text));
		table_add(&t, or_dash(e->by));
		table_add(&t, e->why);
	}
	table_write(out, f, &t);
	table_release(&t);
}

/* "[ref] (rating) text — by who — why: reason", what there is of it. */
static void event_text(struct buf *b, const struct run_event *e)
{
	const char *ref = e->expect ? e->expect : e->inject;
	if (ref)
		buf_addf(b, "[%s]", ref);
	if (e->rating)
		buf_addf(b, "%s(%s)", b->len ? " " : "", e->rating);
	if (e->text)
		buf_addf(b, "%s%s", b->len ? " " : "", e->text);
	if (e->by)
		buf_addf(b, "%sby %s", b->len ? " \xE2\x80\x94 " : "", e->by);
	if (e->why)
		buf_addf(b, "%swhy: %s", b->len ? " \xE2\x80\x94 " : "", e->why);
}

static void run_log(struct buf *out, enum report_format f, const struct drill_run *r)
{
	static const struct column cols[] = {
		{ "At", false }, { "Type", false }, { "Entry", true },
	};
	struct table t = { .cols = cols, .nr_cols = 3, .none = "The log is empty." };

	heading(out, f, 2, "Log (main courante)");
	for (size_t i = 0; i < r->nr_events; i++) {
		struct buf text = BUF_INIT;
		event_text(&text, &r->events[i]);
		table_add_at(&t, r->events[i].at);
		table_add(&t, run_event_name(r->events[i].type));
		table_add(&t, text.ptr);
		buf_release(&text);
	}
	table_write(out, f, &t);
	table_release(&t);
}

/* ---- one run: JSON ---- */

static void json_field(struct buf *out, const char *key, const char *value)
{
	buf_addf(out, "\"%s\": ", key);
	json_str(out, value);
}

/* "key_ms": 190000, "key": "PT3M10S", or both null. */
static void json_time(struct buf *out, const char *key, int64_t ms)
{
	if (ms < 0) {
		buf_addf(out, "\"%s_ms\": null, \"%s\": null", key, key);
		return;
	}
	buf_addf(out, "\"%s_ms\": %lld, \"%s\": \"", key, (long long)ms, key);
	duration_format_ms(out, ms);
	buf_addc(out, '"');
}

static void json_item(struct buf *out, size_t i)
{
	buf_adds(out, i ? ",\n  {" : "\n  {");
}

static void json_list_end(struct buf *out, size_t nr)
{
	buf_adds(out, nr ? "\n ]" : "]");
}

static void json_run_head(struct buf *out, const struct drill_run *r)
{
	buf_adds(out, "{\"version\": 1,\n \"run\": {");
	json_field(out, "id", r->id);
	buf_adds(out, ", ");
	json_field(out, "drill", r->drill);
	buf_adds(out, ", ");
	json_field(out, "plan", r->plan);
	buf_adds(out, ", ");
	json_field(out, "title", r->title);
	buf_adds(out, ", ");
	json_field(out, "started", r->started);
	buf_adds(out, ", ");
	json_field(out, "ended", r->ended);
	if (isfinite(r->speed))
		buf_addf(out, ", \"speed\": %g, ", r->speed);
	else
		buf_adds(out, ", \"speed\": null, ");
	json_time(out, "duration", r->duration);
	buf_adds(out, "},\n \"participants\": [");
	for (size_t i = 0; i < r->nr_participants; i++) {
		const struct run_participant *p = &r->participants[i];
		json_item(out, i);
		json_field(out, "role", p->role);
		buf_adds(out, ", ");
		json_field(out, "played_by", p->played_by);
		buf_adds(out, ", ");
		json_field(out, "holder", p->holder);
		buf_addf(out, ", \"stand_in\": %s}", stand_in(p) ? "true" : "false");
	}
	json_list_end(out, r->nr_participants);
	buf_adds(out, ",\n \"objectives\": [");
	for (size_t i = 0; i < r->nr_results; i++) {
		json_item(out, i);
		json_field(out, "id", r->results[i].id);
		buf_adds(out, ", ");
		json_field(out, "text", r->results[i].text);
		buf_addf(out, ", \"met\": %s}", r->results[i].met ? "true" : "false");
	}
	json_list_end(out, r->nr_results);
}

static void json_outcomes(struct buf *out, const struct drill_run *r)
{
	buf_adds(out, ",\n \"outcomes\": [");
	for (size_t i = 0; i < r->nr_outcomes; i++) {
		const struct run_outcome *o = &r->outcomes[i];
		json_item(out, i);
		json_field(out, "expect", o->expect);
		buf_adds(out, ", ");
		json_field(out, "inject", o->inject);
		buf_adds(out, ", ");
		json_field(out, "action", o->action);
		buf_adds(out, ", ");
		json_field(out, "by", o->by);
		buf_adds(out, ", ");
		json_field(out, "objective", o->objective);
		buf_adds(out, ", ");
		json_field(out, "status", run_status_name(o->status));
		buf_adds(out, ", ");
		json_time(out, "due", o->due);
		buf_adds(out, ", ");
		json_time(out, "done", o->done);
		buf_adds(out, ", ");
		json_time(out, "late_by", o->late_by);
		buf_adds(out, ", ");
		json_field(out, "rating", o->rating);
		buf_adds(out, ", ");
		json_field(out, "notes", o->notes);
		buf_adds(out, "}");
	}
	json_list_end(out, r->nr_outcomes);
}

static void json_event(struct buf *out, const struct run_event *e, bool full)
{
	json_time(out, "at", e->at);
	if (full) {
		buf_adds(out, ", ");
		json_field(out, "type", run_event_name(e->type));
		buf_adds(out, ", ");
		json_field(out, "inject", e->inject);
		buf_adds(out, ", ");
		json_field(out, "expect", e->expect);
		buf_adds(out, ", ");
		json_field(out, "rating", e->rating);
	}
	buf_adds(out, ", ");
	json_field(out, "text", e->text);
	buf_adds(out, ", ");
	json_field(out, "by", e->by);
	buf_adds(out, ", ");
	json_field(out, "why", e->why);
	buf_adds(out, "}");
}

static void json_ratings(struct buf *out, const size_t *counts)
{
	buf_adds(out, "{");
	for (size_t i = 0; i < 4; i++)
		buf_addf(out, "%s\"%c\": %zu", i ? ", " : "", ratings[i], counts[i]);
	buf_adds(out, "}");
}

static void json_counts(struct buf *out, const struct stats *s)
{
	buf_addf(out, "\"expectations\": %zu, \"on_time\": %zu, \"late\": %zu, \"missed\": %zu, "
		 "\"skipped\": %zu, \"ratings\": ", s->expects, s->status[OUT_ON_TIME],
		 s->status[OUT_LATE], s->status[OUT_MISSED], s->status[OUT_SKIPPED]);
	json_ratings(out, s->ratings);
}

static void json_run(struct buf *out, const struct drill_run *r, const struct stats *s)
{
	size_t n = 0;
	json_run_head(out, r);
	json_outcomes(out, r);
	buf_adds(out, ",\n \"decisions\": [");
	for (size_t i = 0; i < r->nr_events; i++)
		if (r->events[i].type == EV_DECISION) {
			json_item(out, n++);
			json_event(out, &r->events[i], false);
		}
	json_list_end(out, n);
	buf_adds(out, ",\n \"events\": [");
	for (size_t i = 0; i < r->nr_events; i++) {
		json_item(out, i);
		json_event(out, &r->events[i], true);
	}
	json_list_end(out, r->nr_events);
	buf_adds(out, ",\n \"summary\": {");
	json_counts(out, s);
	buf_adds(out, "}}\n");
}

void report_run(struct buf *out, const struct drill_run *r, enum report_format f)
{
	struct stats s;
	stats_of(r, &s);
	if (f == REPORT_JSON) {
		json_run(out, r, &s);
		return;
	}
	run_title(out, f, r);
	run_participants(out, f, r, &s);
	run_objectives(out, f, r, &s);
	run_summary(out, f, &s);
	run_outcomes(out, f, r);
	run_decisions(out, f, r);
	run_log(out, f, r);
	doc_close(out, f);
}

/* ---- the history of a drill ---- */

struct history {
	const struct drill_run *const *runs;
	size_t nr;
	struct stats *stats;
	const char **ids;	/* every expectation of any run, in the order first seen */
	size_t nr_ids;
};

static void history_init(struct history *h, const struct drill_run *const *runs, size_t nr)
{
	struct strmap seen = STRMAP_INIT;
	size_t all = 0;

	memset(h, 0, sizeof(*h));
	h->runs = runs;
	h->nr = nr;
	h->stats = xcalloc(nr + 1, sizeof(*h->stats));
	for (size_t i = 0; i < nr; i++) {
		stats_of(runs[i], &h->stats[i]);
		all += runs[i]->nr_outcomes;
	}
	h->ids = xcalloc(all + 1, sizeof(*h->ids));
	for (size_t i = 0; i < nr; i++)
		for (size_t j = 0; j < runs[i]->nr_outcomes; j++) {
			const char *id = runs[i]->outcomes[j].expect;
			if (id && !strmap_get(&seen, id)) {
				strmap_put(&seen, id, (void *)id);
				h->ids[h->nr_ids++] = id;
			}
		}
	strmap_release(&seen);
}

static void history_release(struct history *h)
{
	free(h->stats);
	free(h->ids);
}

/* How an expectation went in a run: its done time, its status, or "-". */
static void outcome_text(struct buf *b, const struct run_outcome *o)
{
	if (!o) {
		buf_addc(b, '-');
	} else if (o->done >= 0) {
		at_text(b, o->done);
		if (o->status != OUT_ON_TIME)
			buf_addf(b, " %s", run_status_name(o->status));
	} else {
		buf_adds(b, run_status_name(o->status));
	}
}

static void history_runs(struct buf *out, enum report_format f, const struct history *h)
{
	static const struct column cols[] = {
		{ "Date", false }, { "Run", false }, { "On time", false }, { "P", false },
		{ "S", false }, { "M", false }, { "U", false }, { "Objectives met", false },
		{ "Decisions", false }, { "Cell convened", false },
	};
	/* Plain text keeps to 100 columns with shorter names, then says what they mean. */
	static const struct column short_cols[] = {
		{ "Date", false }, { "Run", false }, { "On time", false }, { "P", false },
		{ "S", false }, { "M", false }, { "U", false }, { "Met", false },
		{ "Decisions", false }, { "Convened", false },
	};
	struct table t = { .cols = f == REPORT_TEXT ? short_cols : cols, .nr_cols = 10,
			   .none = "No run." };

	heading(out, f, 2, "Runs");
	for (size_t i = 0; i < h->nr; i++) {
		const struct drill_run *r = h->runs[i];
		const struct stats *s = &h->stats[i];
		struct buf b = BUF_INIT;
		table_addf(&t, "%.10s", or_dash(r->started));
		table_add(&t, or_dash(r->id));
		rate_text(&b, s);
		table_add(&t, b.ptr);
		for (size_t k = 0; k < 4; k++)
			table_addf(&t, "%zu", s->ratings[k]);
		table_addf(&t, "%zu/%zu", s->met, s->objectives);
		table_addf(&t, "%zu", s->decisions);
		buf_reset(&b);
		outcome_text(&b, convene_of(r));
		table_add(&t, b.ptr);
		buf_release(&b);
	}
	table_write(out, f, &t);
	if (f == REPORT_TEXT && h->nr)
		para(out, f, "Met: objectives met. Convened: when the cell was convened "
		     "(convene-cell, convoquer-cellule).");
	table_release(&t);
}

/* A run's column: its date, with its number when another run has the same. */
static void run_label(struct buf *b, const struct history *h, size_t i)
{
	const char *date = or_dash(h->runs[i]->started);
	buf_addf(b, "%.10s", date);
	for (size_t j = 0; j < h->nr; j++)
		if (j != i && !strncmp(or_dash(h->runs[j]->started), date, 10)) {
			buf_addf(b, " #%zu", i + 1);
			break;
		}
}

static void history_expects(struct buf *out, enum report_format f, const struct history *h)
{
	struct column *cols = xcalloc(h->nr + 1, sizeof(*cols));
	struct buf *labels = xcalloc(h->nr + 1, sizeof(*labels));
	struct table t = { .cols = cols, .nr_cols = h->nr + 1, .none = "No action was expected." };

	heading(out, f, 2, "Expected actions across runs");
	para(out, f, "When each expected action was done in each run, else how it went; "
	     "\"-\" where the run did not expect it.");
	cols[0].name = "Expected action";
	for (size_t i = 0; i < h->nr; i++) {
		run_label(&labels[i], h, i);
		cols[i + 1].name = labels[i].ptr;
	}
	for (size_t k = 0; k < h->nr_ids; k++) {
		table_add(&t, h->ids[k]);
		for (size_t i = 0; i < h->nr; i++) {
			struct buf b = BUF_INIT;
			outcome_text(&b, outcome_of(h->runs[i], h->ids[k]));
			table_add(&t, b.ptr);
			buf_release(&b);
		}
	}
	table_write(out, f, &t);
	table_release(&t);
	for (size_t i = 0; i < h->nr; i++)
		buf_release(&labels[i]);
	free(labels);
	free(cols);
}

static void json_outcome_brief(struct buf *out, const struct run_outcome *o)
{
	if (!o) {
		buf_adds(out, "null");
		return;
	}
	buf_adds(out, "{");
	json_field(out, "expect", o->expect);
	buf_adds(out, ", ");
	json_field(out, "status", run_status_name(o->status));
	buf_adds(out, ", ");
	json_time(out, "done", o->done);
	buf_adds(out, ", ");
	json_time(out, "late_by", o->late_by);
	buf_adds(out, ", ");
	json_field(out, "rating", o->rating);
	buf_adds(out, "}");
}

static void json_history_run(struct buf *out, const struct drill_run *r, const struct stats *s)
{
	struct buf date = BUF_INIT;
	if (r->started)
		buf_addf(&date, "%.10s", r->started);
	json_field(out, "id", r->id);
	buf_adds(out, ", ");
	json_field(out, "date", r->started ? date.ptr : NULL);
	buf_adds(out, ", ");
	json_field(out, "started", r->started);
	buf_adds(out, ", ");
	json_counts(out, s);
	buf_addf(out, ", \"objectives\": %zu, \"objectives_met\": %zu, \"decisions\": %zu, "
		 "\"convene\": ", s->objectives, s->met, s->decisions);
	json_outcome_brief(out, convene_of(r));
	buf_adds(out, "}");
	buf_release(&date);
}

static void json_history(struct buf *out, const struct history *h)
{
	buf_adds(out, "{\"version\": 1, ");
	json_field(out, "drill", h->nr ? h->runs[0]->drill : NULL);
	buf_adds(out, ",\n \"runs\": [");
	for (size_t i = 0; i < h->nr; i++) {
		json_item(out, i);
		json_history_run(out, h->runs[i], &h->stats[i]);
	}
	json_list_end(out, h->nr);
	buf_adds(out, ",\n \"expectations\": [");
	for (size_t k = 0; k < h->nr_ids; k++) {
		const char *action = NULL;
		json_item(out, k);
		for (size_t i = 0; !action && i < h->nr; i++) {
			const struct run_outcome *o = outcome_of(h->runs[i], h->ids[k]);
			action = o ? o->action : NULL;
		}
		json_field(out, "id", h->ids[k]);
		buf_adds(out, ", ");
		json_field(out, "action", action);
		buf_adds(out, ", \"runs\": [");
		for (size_t i = 0; i < h->nr; i++) {
			buf_adds(out, i ? ", " : "");
			json_outcome_brief(out, outcome_of(h->runs[i], h->ids[k]));
		}
		buf_adds(out, "]}");
	}
	json_list_end(out, h->nr_ids);
	buf_adds(out, "}\n");
}

static void history_doc(struct buf *out, enum report_format f, const struct history *h)
{
	static const struct column cols[] = { { "Field", false }, { "Value", true } };
	struct table t = { .cols = cols, .nr_cols = 2, .facts = true };
	const struct drill_run *last = h->nr ? h->runs[h->nr - 1] : NULL;
	struct buf title = BUF_INIT;

	buf_addf(&title, "Drill history: %s", !last ? "no run" :
		 last->title ? last->title : or_dash(last->drill));
	doc_open(out, f, title.ptr);
	heading(out, f, 1, title.ptr);
	if (last) {
		fact(&t, "Drill", last->drill);
		fact(&t, "Plan", last->plan);
		table_add(&t, "Runs");
		table_addf(&t, "%zu", h->nr);
		table_write(out, f, &t);
	}
	history_runs(out, f, h);
	history_expects(out, f, h);
	doc_close(out, f);
	table_release(&t);
	buf_release(&title);
}

void report_history(struct buf *out, const struct drill_run *const *runs, size_t nr,
		    enum report_format f)
{
	struct history h;
	history_init(&h, runs, nr);
	if (f == REPORT_JSON)
		json_history(out, &h);
	else
		history_doc(out, f, &h);
	history_release(&h);
}
