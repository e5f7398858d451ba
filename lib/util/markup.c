#include "markup.h"
#include "utf8.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define INDENT 2	/* plain text under a heading */
#define UNDER 6		/* long cells, under their row */
#define HEADER ((size_t)-1)

/* ---- escaping ---- */

void markup_clean(struct buf *out, const char *s)
{
	while (s && *s) {
		unsigned char c = (unsigned char)*s;
		size_t n = utf8_valid_len(s);
		if (c == '\t' || c == '\n' || c == '\r' ||
		    (n == 3 && !strncmp(s, "\xE2\x80\xA8", 3)) || (n == 3 && !strncmp(s, "\xE2\x80\xA9", 3))) {
			buf_addc(out, ' ');
			s += n ? n : 1;
		} else if (!n || c < 0x20 || c == 0x7F || (c == 0xC2 && (unsigned char)s[1] < 0xA0)) {
			buf_adds(out, "\xEF\xBF\xBD");
			s += n ? n : 1;
		} else {
			buf_add(out, s, n);
			s += n;
		}
	}
}

static void html_escape(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_adds(out, "&amp;"); break;
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '"': buf_adds(out, "&quot;"); break;
		case '\'': buf_adds(out, "&#39;"); break;
		default: buf_addc(out, *s);
		}
	}
}

static void md_escape(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>|~", *s))
			buf_addc(out, '\\');
		buf_addc(out, *s);
	}
}

/* Append text already cleaned, escaped for f. */
static void escape(struct buf *out, enum markup_format f, const char *s)
{
	if (f == MARKUP_MD)
		md_escape(out, s);
	else if (f == MARKUP_HTML)
		html_escape(out, s);
	else
		buf_adds(out, s);
}

void markup_put(struct buf *out, enum markup_format f, const char *s)
{
	struct buf c = BUF_INIT;
	markup_clean(&c, s);
	escape(out, f, buf_str(&c));
	buf_release(&c);
}

/* ---- plain text ---- */

static void spaces(struct buf *out, size_t n)
{
	while (n--)
		buf_addc(out, ' ');
}

static size_t width_of(const char *s)
{
	return utf8_width(s, strlen(s));
}

/* End a line, without trailing spaces. */
static void end_line(struct buf *out)
{
	while (out->len && out->ptr[out->len - 1] == ' ')
		out->len--;
	buf_addc(out, '\n');
}

/* markup_wrap() of text already cleaned. */
static void wrap(struct buf *out, const char *s, size_t col, size_t indent, size_t width)
{
	bool fresh = true;
	while (*s) {
		if (*s == ' ') {
			s++;
			continue;
		}
		size_t n = strcspn(s, " "), w = utf8_width(s, n);
		if (!fresh && col + 1 + w > width) {
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

void markup_wrap(struct buf *out, const char *s, size_t col, size_t indent, size_t width)
{
	struct buf c = BUF_INIT;
	markup_clean(&c, s);
	wrap(out, buf_str(&c), col, indent, width);
	buf_release(&c);
}

/* ---- the parts of a document ---- */

/* The page, and the classes this module writes: "facts", "finding", "none". */
static const char page_css[] =
	"@page { size: A4; margin: 15mm 12mm; }\n"
	"body { font: 10pt/1.4 system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif;\n"
	"  color: #111; max-width: 186mm; margin: 0 auto; padding: 6mm; }\n"
	"table { border-collapse: collapse; width: 100%; margin: 0 0 3mm; }\n"
	"th, td { border: 1px solid #bbb; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }\n"
	"thead th { background: #eee; }\n"
	"thead { display: table-header-group; }\n"
	"tr { break-inside: avoid; page-break-inside: avoid; }\n"
	"table.facts { width: auto; }\n"
	"table.facts th, table.facts td { border: none; background: none; padding: 0.3mm 4mm 0.3mm 0; }\n"
	"tr.finding td { background: #fde8e8; }\n"
	"p.none { color: #555; font-style: italic; }\n"
	"td.check { width: 5mm; font-size: 13pt; line-height: 1; }\n"
	"ul.check { list-style: none; padding-left: 1mm; }\n"
	"ul.check .box { font-size: 13pt; margin-right: 2mm; }\n"
	"div.break { break-before: page; page-break-before: always; }\n"
	/* A phone's screen: the page's full width, and wide tables scroll sideways, not off it. */
	"@media screen and (max-width: 640px) {\n"
	"  body { padding: 2mm; font-size: 11pt; }\n"
	"  table { display: block; overflow-x: auto; }\n"
	"}\n";

void markup_open(struct buf *out, enum markup_format f, const char *title, const char *extra_css)
{
	if (f != MARKUP_HTML)
		return;
	buf_adds(out, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	markup_put(out, f, title);
	buf_addf(out, "</title>\n<style>\n%s%s</style>\n</head>\n<body>\n", page_css,
		 extra_css ? extra_css : "");
}

void markup_close(struct buf *out, enum markup_format f)
{
	if (f == MARKUP_HTML)
		buf_adds(out, "</body>\n</html>\n");
}

/* Plain text: level 1 wrapped and underlined, the others in capitals. */
static void text_heading(struct buf *out, int level, const char *text)
{
	struct buf c = BUF_INIT;
	markup_clean(&c, text);
	if (level == 1) {
		wrap(out, buf_str(&c), 0, 0, MARKUP_WIDTH);
		buf_addc(out, '\n');
		for (size_t w = width_of(buf_str(&c)), i = 0; i < w && i < MARKUP_WIDTH; i++)
			buf_addc(out, '=');
	} else {
		buf_addc(out, '\n');
		for (const unsigned char *p = (const unsigned char *)buf_str(&c); *p; p++) {
			/* The Latin-1 letters French and English write too: é is É (U+00E9, U+00C9). */
			bool latin1 = p[0] == 0xC3 && p[1] >= 0xA0 && p[1] <= 0xBE && p[1] != 0xB7;
			buf_addc(out, *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : (char)*p);
			if (latin1)
				buf_addc(out, (char)(*++p - 0x20));
		}
	}
	buf_addc(out, '\n');
	buf_release(&c);
}

void markup_heading(struct buf *out, enum markup_format f, int level, const char *text)
{
	level = level < 1 ? 1 : level > 6 ? 6 : level;
	if (f == MARKUP_MD) {
		buf_addf(out, "%.*s ", level, "######");
		markup_put(out, f, text);
		buf_adds(out, "\n\n");
	} else if (f == MARKUP_HTML) {
		buf_addf(out, "<h%d>", level);
		markup_put(out, f, text);
		buf_addf(out, "</h%d>\n", level);
	} else {
		text_heading(out, level, text);
	}
}

/* Markdown: a paragraph that starts a heading, a list or a rule is backslashed. */
static void md_para(struct buf *out, const char *text)
{
	const char *p = text;
	while (*p == ' ')
		p++;
	size_t digits = strspn(p, "0123456789");
	if (*p && strchr("#-+=", *p)) {
		buf_addc(out, '\\');
	} else if (digits && (p[digits] == '.' || p[digits] == ')')) {
		buf_add(out, p, digits);
		buf_addc(out, '\\');
		p += digits;
	}
	md_escape(out, p);
	buf_adds(out, "\n\n");
}

void markup_para(struct buf *out, enum markup_format f, const char *text)
{
	struct buf c = BUF_INIT;
	markup_clean(&c, text);
	if (f == MARKUP_TEXT) {
		spaces(out, INDENT);
		wrap(out, buf_str(&c), INDENT, INDENT, MARKUP_WIDTH);
		end_line(out);
	} else if (f == MARKUP_MD) {
		md_para(out, buf_str(&c));
	} else {
		buf_adds(out, "<p>");
		html_escape(out, buf_str(&c));
		buf_adds(out, "</p>\n");
	}
	buf_release(&c);
}

/* ---- lists and pages ---- */

void markup_list(struct buf *out, enum markup_format f, enum markup_list kind,
		 const char *const *items, size_t nr)
{
	bool box = kind == MARKUP_CHECKBOXES;
	if (!nr)
		return;
	if (f == MARKUP_HTML)
		buf_adds(out, box ? "<ul class=\"check\">\n" : "<ul>\n");
	for (size_t i = 0; i < nr; i++) {
		struct buf c = BUF_INIT;
		markup_clean(&c, items[i]);
		if (f == MARKUP_HTML) {
			buf_adds(out, box ? "<li><span class=\"box\">\xE2\x98\x90</span>" : "<li>");
			html_escape(out, buf_str(&c));
			buf_adds(out, "</li>\n");
		} else if (f == MARKUP_MD) {
			buf_adds(out, box ? "- [ ] " : "- ");
			md_escape(out, buf_str(&c));
			buf_addc(out, '\n');
		} else {
			buf_adds(out, box ? "  [ ] " : "  - ");
			wrap(out, buf_str(&c), INDENT + (box ? 4 : 2), INDENT + (box ? 4 : 2), MARKUP_WIDTH);
			end_line(out);
		}
		buf_release(&c);
	}
	buf_adds(out, f == MARKUP_HTML ? "</ul>\n" : f == MARKUP_MD ? "\n" : "");
}

void markup_break(struct buf *out, enum markup_format f)
{
	if (f == MARKUP_HTML)
		buf_adds(out, "<div class=\"break\"></div>\n");
	else if (f == MARKUP_MD)
		buf_adds(out, "---\n\n");
	else
		buf_adds(out, "\f\n");
}

/* ---- tables ---- */

static size_t table_rows(const struct markup_table *t)
{
	return t->nr_cells / t->nr_cols;
}

static const char *cell(const struct markup_table *t, size_t row, size_t col)
{
	return row == HEADER ? t->cols[col].name : t->cells[row * t->nr_cols + col];
}

void markup_table_add(struct markup_table *t, const char *s)
{
	struct buf c = BUF_INIT;
	if (t->nr_cells % t->nr_cols == 0) {
		ALLOC_GROW(t->marks, table_rows(t) + 1, t->alloc_marks);
		t->marks[table_rows(t)] = false;
	}
	markup_clean(&c, s);
	ALLOC_GROW(t->cells, t->nr_cells + 1, t->alloc_cells);
	t->cells[t->nr_cells++] = xstrdup(buf_str(&c));
	buf_release(&c);
}

void markup_table_addf(struct markup_table *t, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	markup_table_add(t, buf_str(&b));
	buf_release(&b);
}

void markup_table_mark(struct markup_table *t)
{
	if (t->nr_cells)
		t->marks[(t->nr_cells - 1) / t->nr_cols] = true;
}

void markup_table_release(struct markup_table *t)
{
	for (size_t i = 0; i < t->nr_cells; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->marks);
	t->cells = NULL;
	t->marks = NULL;
	t->nr_cells = t->alloc_cells = t->alloc_marks = 0;
}

/* One row of plain text; long cells under it unless `inline_wide`. */
static void text_row(struct buf *out, const struct markup_table *t, const size_t *pos, size_t row,
		     bool inline_wide)
{
	size_t col = 0, first_wide = HEADER;
	if (t->check && row != HEADER) {
		spaces(out, INDENT);
		buf_adds(out, "[ ]");
		col = INDENT + 3;
	}
	for (size_t c = 0; c < t->nr_cols; c++) {
		if (t->cols[c].wide && first_wide == HEADER)
			first_wide = c;
		if (t->cols[c].wide && !inline_wide)
			continue;
		spaces(out, pos[c] > col ? pos[c] - col : 1);
		col = pos[c] > col ? pos[c] : col + 1;
		if (t->cols[c].wide)
			wrap(out, cell(t, row, c), col, pos[c], MARKUP_WIDTH);
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
			const char *colon = t->colon ? t->colon : ": ";
			buf_addf(out, "%s%s", t->cols[c].name, colon);
			col += width_of(t->cols[c].name) + width_of(colon);
		}
		wrap(out, cell(t, row, c), col, UNDER, MARKUP_WIDTH);
		end_line(out);
	}
}

static void text_table(struct buf *out, const struct markup_table *t)
{
	size_t *pos = xcalloc(t->nr_cols, sizeof(*pos)), at = INDENT + (t->check ? 4 : 0), nr_wide = 0;
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
			   pos[t->nr_cols - 1] + 40 <= MARKUP_WIDTH;
	if (!t->facts)
		text_row(out, t, pos, HEADER, inline_wide);
	for (size_t r = 0; r < table_rows(t); r++)
		text_row(out, t, pos, r, inline_wide);
	free(pos);
}

static void md_row(struct buf *out, const struct markup_table *t, size_t row)
{
	if (t->check)
		buf_adds(out, row == HEADER ? "|  " : "| \xE2\x98\x90");
	for (size_t c = 0; c < t->nr_cols; c++) {
		buf_adds(out, c || t->check ? " | " : "| ");
		md_escape(out, cell(t, row, c));
	}
	buf_adds(out, " |\n");
}

static void md_table(struct buf *out, const struct markup_table *t)
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
	buf_adds(out, t->check ? "|---" : "");
	for (size_t c = 0; c < t->nr_cols; c++)
		buf_adds(out, c + 1 < t->nr_cols ? "|---" : "|---|\n");
	for (size_t r = 0; r < table_rows(t); r++)
		md_row(out, t, r);
	buf_addc(out, '\n');
}

static void html_table(struct buf *out, const struct markup_table *t)
{
	buf_adds(out, t->facts ? "<table class=\"facts\">\n" : "<table>\n<thead><tr>");
	buf_adds(out, t->check && !t->facts ? "<th></th>" : "");
	for (size_t c = 0; !t->facts && c < t->nr_cols; c++) {
		buf_adds(out, "<th>");
		html_escape(out, t->cols[c].name);
		buf_adds(out, "</th>");
	}
	buf_adds(out, t->facts ? "<tbody>\n" : "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < table_rows(t); r++) {
		buf_adds(out, t->marks[r] ? "<tr class=\"finding\">" : "<tr>");
		buf_adds(out, t->check ? "<td class=\"check\">\xE2\x98\x90</td>" : "");
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

void markup_table_write(struct buf *out, enum markup_format f, const struct markup_table *t)
{
	const char *none = t->none ? t->none : "None.";
	if (!table_rows(t)) {
		if (f == MARKUP_HTML)
			buf_addf(out, "<p class=\"none\">%s</p>\n", none);
		else if (f == MARKUP_MD)
			buf_addf(out, "*%s*\n\n", none);
		else
			buf_addf(out, "%*s%s\n", INDENT, "", none);
	} else if (f == MARKUP_HTML) {
		html_table(out, t);
	} else if (f == MARKUP_MD) {
		md_table(out, t);
	} else {
		text_table(out, t);
	}
}

const char markup_report_css[] =
	"h1 { font-size: 16pt; margin: 0 0 3mm; }\n"
	"h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 1px solid #888; break-after: avoid; }\n"
	"@media print { body { padding: 0; max-width: none; } }\n";
