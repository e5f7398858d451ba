/*
 * Documents written once for three formats: plain text for a terminal,
 * Markdown, and one self-contained HTML page for A4 paper. A document is
 * markup_open(), headings, paragraphs and tables, then markup_close().
 *
 * User text is escaped for the format on the way in: it never reaches the
 * output as markup, and control characters and invalid UTF-8 never reach
 * it raw. Plain text keeps to MARKUP_WIDTH columns where it can, counting
 * characters, not bytes. The HTML page has its style inline and fetches
 * nothing (no script, link or image).
 */
#ifndef CRISIS_MARKUP_H
#define CRISIS_MARKUP_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

enum markup_format { MARKUP_TEXT, MARKUP_MD, MARKUP_HTML };

#define MARKUP_WIDTH 100	/* columns of plain text */

/*
 * Append s on one line: tabs and line breaks (U+2028 and U+2029 too) become
 * spaces; other control characters (C0, DEL, C1) and invalid bytes become
 * U+FFFD, one for one. NULL is "". Every other function here cleans the
 * user text it is given; this one is for text that goes elsewhere first,
 * such as a column name.
 */
void markup_clean(struct buf *out, const char *s);

/*
 * Append user text, cleaned, then escaped for f: in HTML & < > " ' as
 * entities; in Markdown a backslash before \ ` * _ [ ] < > | ~ (what would
 * open emphasis, code, a link or raw HTML, or end a table cell).
 */
void markup_put(struct buf *out, enum markup_format f, const char *s);

/*
 * Append s, cleaned, as plain text wrapped to `width` columns, starting at
 * column `col` of the current line: the lines after the first start with
 * `indent` spaces. Words are split at spaces; a word longer than a line
 * stands alone on its own. No newline at the end.
 */
void markup_wrap(struct buf *out, const char *s, size_t col, size_t indent, size_t width);

/*
 * Start and end a document. In HTML: the doctype, a UTF-8 head with the
 * viewport and `title`, and the style: an A4 page, tables in full width
 * with their header repeated on each page and no row cut across two, a
 * table of facts (labels and values, no borders), then `extra_css` (NULL
 * for none), which can override any of it. Nothing in plain text or
 * Markdown, where the title is the caller's first heading.
 */
void markup_open(struct buf *out, enum markup_format f, const char *title, const char *extra_css);
/* The headings of a report (h1, h2) and its printed page, as extra_css. */
extern const char markup_report_css[];
void markup_close(struct buf *out, enum markup_format f);

/*
 * A heading of `level` 1 to 6. Plain text: level 1 is wrapped and underlined
 * with '=', the others are a line in capitals after an empty line.
 */
void markup_heading(struct buf *out, enum markup_format f, int level, const char *text);

/*
 * A paragraph: indented and wrapped in plain text; in Markdown, escaped so
 * that it cannot start a heading, a list or a rule either.
 */
void markup_para(struct buf *out, enum markup_format f, const char *text);

/*
 * A list of items of user text: bullets, or boxes to tick on paper ("[ ]"
 * in plain text, a task list in Markdown, "☐" in HTML). Nothing when nr is 0.
 */
enum markup_list { MARKUP_BULLETS, MARKUP_CHECKBOXES };
void markup_list(struct buf *out, enum markup_format f, enum markup_list kind,
		 const char *const *items, size_t nr);

/*
 * What follows starts a new printed page: a form feed in plain text (as
 * lp and pr read it), a rule in Markdown, a page break in HTML.
 */
void markup_break(struct buf *out, enum markup_format f);

struct markup_column {
	const char *name;	/* written as given: see markup_clean() */
	bool wide;		/* long text: in plain text, wrapped under its row */
};

/*
 * A table, filled cell after cell, row after row:
 *
 *     static const struct markup_column cols[] = { { "Role", false }, { "Notes", true } };
 *     struct markup_table t = { .cols = cols, .nr_cols = 2, .none = "No one." };
 *     markup_table_add(&t, role);
 *     markup_table_add(&t, notes);
 *     markup_table_write(out, f, &t);
 *     markup_table_release(&t);
 *
 * Plain text aligns the columns by their width on screen, a wide column
 * under its row (or at the end of it, when it is the only one and there is
 * room). Markdown has a header row, a separator and the same number of cells
 * on every row. HTML has <th> cells in a <thead>.
 */
struct markup_table {
	const struct markup_column *cols;
	size_t nr_cols;
	bool facts;		/* pairs of a label and a value, without a header */
	const char *colon;	/* after a label in plain text: ": " when NULL, " : " in French */
	bool check;		/* a box to tick before each row: a checklist on paper */
	const char *none;	/* said when there is no row, "None." when NULL */

	/* filled by markup_table_add() */
	char **cells;		/* row after row, cleaned */
	size_t nr_cells, alloc_cells;
	bool *marks;		/* the rows marked */
	size_t alloc_marks;
};

/* Append a cell of user text (NULL is empty) to the row being filled. */
void markup_table_add(struct markup_table *t, const char *s);
void markup_table_addf(struct markup_table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Mark the row being filled (it has a cell already) as a finding: in HTML
 * the row has class "finding", shown on a red background.
 */
void markup_table_mark(struct markup_table *t);
/* Append the table, or the `none` sentence when it has no row. */
void markup_table_write(struct buf *out, enum markup_format f, const struct markup_table *t);
void markup_table_release(struct markup_table *t);

#endif
