#include "report.h"
#include "util/csv.h"
#include "util/date.h"
#include "util/json.h"
#include "util/markup.h"
#include "util/utf8.h"

#include <stdbool.h>
#include <string.h>

/* Text, Markdown and HTML are written by markup; JSON is the report's own. */
static enum markup_format markup_of(enum report_format f)
{
	return f == REPORT_MD ? MARKUP_MD : f == REPORT_HTML ? MARKUP_HTML : MARKUP_TEXT;
}


static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* ---- where the actions stand ---- */

struct tally {
	size_t actions, open, overdue, done, dropped;
};

static void tally_add(struct tally *t, const struct debrief_action *a, int64_t today)
{
	t->actions++;
	t->open += a->status == ACTION_OPEN;
	t->done += a->status == ACTION_DONE;
	t->dropped += a->status == ACTION_DROPPED;
	t->overdue += debrief_action_overdue(a, today);
}

/* "7 actions: 6 open (2 overdue), 1 done, 0 dropped" */
static void tally_text(struct buf *b, const struct tally *t)
{
	buf_addf(b, "%zu action%s: %zu open (%zu overdue), %zu done, %zu dropped", t->actions,
		 t->actions == 1 ? "" : "s", t->open, t->overdue, t->done, t->dropped);
}

/* open, done, dropped; "overdue" for an open action past its date. */
static const char *status_text(const struct debrief_action *a, int64_t today)
{
	return debrief_action_overdue(a, today) ? "overdue" : action_status_name(a->status);
}

static void join(struct buf *b, const struct idlist *l)
{
	for (size_t i = 0; i < l->nr; i++)
		buf_addf(b, "%s%s", i ? ", " : "", l->ids[i]);
}

/* ---- the report: text, Markdown, HTML ---- */

static void fact(struct markup_table *t, const char *label, const char *value)
{
	markup_table_add(t, label);
	markup_table_add(t, or_dash(value));
}

static void doc_overview(struct buf *out, enum markup_format f, const struct debrief *d,
			 const struct tally *tally)
{
	static const struct markup_column cols[] = { { "Field", false }, { "Value", true } };
	struct markup_table t = { .cols = cols, .nr_cols = 2, .facts = true };
	struct buf title = BUF_INIT, b = BUF_INIT;

	buf_addf(&title, "After-action report: %s", d->title ? d->title : or_dash(d->id));
	markup_open(out, f, title.ptr, markup_report_css);
	markup_heading(out, f, 1, title.ptr);
	markup_heading(out, f, 2, "Overview");
	fact(&t, "Debrief", d->id);
	if (d->run)
		fact(&t, "Drill run", d->run);
	if (d->crisis)
		fact(&t, "Crisis", d->crisis);
	if (!d->run && !d->crisis)
		fact(&t, "About", NULL);
	fact(&t, "Plan", d->plan);
	fact(&t, "Date", d->date_text);
	join(&b, &d->participants);
	fact(&t, "Participants", buf_str(&b));
	buf_reset(&b);
	tally_text(&b, tally);
	fact(&t, "Actions", b.ptr);
	markup_table_write(out, f, &t);
	markup_table_release(&t);
	buf_release(&title);
	buf_release(&b);
}

static void doc_timeline(struct buf *out, enum markup_format f, const struct debrief *d)
{
	static const struct markup_column cols[] = { { "At", false }, { "Event", true } };
	struct markup_table t = { .cols = cols, .nr_cols = 2, .none = "No timeline was recorded." };

	markup_heading(out, f, 2, "Timeline");
	for (size_t i = 0; i < d->nr_timeline; i++) {
		markup_table_add(&t, or_dash(d->timeline[i].at));
		markup_table_add(&t, d->timeline[i].event);
	}
	markup_table_write(out, f, &t);
	markup_table_release(&t);
}

/* A numbered list of texts: what went well, what went wrong. */
static void doc_texts(struct buf *out, enum markup_format f, const char *heading, const char *name,
		      const char *none, const struct idlist *l)
{
	const struct markup_column cols[] = { { "#", false }, { name, true } };
	struct markup_table t = { .cols = cols, .nr_cols = 2, .none = none };

	markup_heading(out, f, 2, heading);
	for (size_t i = 0; i < l->nr; i++) {
		markup_table_addf(&t, "%zu", i + 1);
		markup_table_add(&t, l->ids[i]);
	}
	markup_table_write(out, f, &t);
	markup_table_release(&t);
}

static void doc_decisions(struct buf *out, enum markup_format f, const struct debrief *d)
{
	static const struct markup_column cols[] = {
		{ "At", false }, { "Decision", true }, { "By", false }, { "Why", true },
	};
	struct markup_table t = { .cols = cols, .nr_cols = 4, .none = "No decision was recorded." };

	markup_heading(out, f, 2, "Decisions");
	for (size_t i = 0; i < d->nr_decisions; i++) {
		const struct debrief_decision *c = &d->decisions[i];
		markup_table_add(&t, or_dash(c->at));
		markup_table_add(&t, or_dash(c->what));
		markup_table_add(&t, or_dash(c->by));
		markup_table_add(&t, c->why);
	}
	markup_table_write(out, f, &t);
	markup_table_release(&t);
}

static void doc_lessons(struct buf *out, enum markup_format f, const struct debrief *d)
{
	static const struct markup_column cols[] = {
		{ "Lesson", false }, { "Text", true }, { "Tags", false },
	};
	struct markup_table t = { .cols = cols, .nr_cols = 3, .none = "No lesson was recorded." };

	markup_heading(out, f, 2, "Lessons learned");
	for (size_t i = 0; i < d->nr_lessons; i++) {
		struct buf tags = BUF_INIT;
		join(&tags, &d->lessons[i].tags);
		markup_table_add(&t, or_dash(d->lessons[i].id));
		markup_table_add(&t, d->lessons[i].text);
		markup_table_add(&t, tags.ptr);
		buf_release(&tags);
	}
	markup_table_write(out, f, &t);
	markup_table_release(&t);
}

/*
 * "Finding: 2 open actions are past their due date as of 2027-01-20:
 * a-one, a-two. ..." when some are.
 */
static void overdue_finding(struct buf *out, enum markup_format f, const struct debrief *d,
			    const struct tally *tally, int64_t today)
{
	struct buf b = BUF_INIT;
	char date[11];
	size_t n = 0;

	if (!tally->overdue)
		return;
	date_format(today, date);
	buf_addf(&b, "Finding: %zu open action%s past %s due date as of %s: ", tally->overdue,
		 tally->overdue == 1 ? " is" : "s are", tally->overdue == 1 ? "its" : "their", date);
	for (size_t i = 0; i < d->nr_actions; i++)
		if (debrief_action_overdue(&d->actions[i], today))
			buf_addf(&b, "%s%s", n++ ? ", " : "", or_dash(d->actions[i].id));
	buf_addf(&b, ". Do %s, move %s date with the reason, or drop %s.",
		 n == 1 ? "it" : "them", n == 1 ? "its" : "their", n == 1 ? "it" : "them");
	markup_para(out, f, b.ptr);
	buf_release(&b);
}

static void doc_actions(struct buf *out, enum markup_format f, const struct debrief *d,
			const struct tally *tally, int64_t today)
{
	static const struct markup_column cols[] = {
		{ "Action", false }, { "Do", true }, { "Owner", false }, { "Due", false },
		{ "Element", false }, { "Plan", true }, { "Status", false }, { "Closed by", false },
	};
	struct markup_table t = { .cols = cols, .nr_cols = 8,
				  .none = "No corrective action was decided." };
	struct buf b = BUF_INIT;
	char date[11];

	markup_heading(out, f, 2, "Improvement plan");
	date_format(today, date);
	tally_text(&b, tally);
	buf_addf(&b, ", as of %s.", date);
	markup_para(out, f, b.ptr);
	/* Plain text has no room for the plan on the row: said once, then where another is changed. */
	if (f == MARKUP_TEXT && d->plan && d->nr_actions) {
		buf_reset(&b);
		buf_addf(&b, "The actions change plan %s unless another plan is named under them.",
			 d->plan);
		markup_para(out, f, b.ptr);
	}
	for (size_t i = 0; i < d->nr_actions; i++) {
		const struct debrief_action *a = &d->actions[i];
		const char *plan = debrief_action_plan(d, a);
		markup_table_add(&t, or_dash(a->id));
		markup_table_add(&t, or_dash(a->what));
		markup_table_add(&t, or_dash(a->owner));
		markup_table_add(&t, or_dash(a->due_text));
		markup_table_add(&t, or_dash(a->element));
		if (f == MARKUP_TEXT)
			markup_table_add(&t, same(plan, d->plan) ? NULL : or_dash(plan));
		else
			markup_table_add(&t, or_dash(plan));
		markup_table_add(&t, status_text(a, today));
		markup_table_add(&t, a->closed_by);
		if (debrief_action_overdue(a, today))
			markup_table_mark(&t);
	}
	markup_table_write(out, f, &t);
	overdue_finding(out, f, d, tally, today);
	markup_table_release(&t);
	buf_release(&b);
}

/* ---- JSON ---- */

/*
 * s as a JSON string, with the C1 controls and the line and paragraph
 * separators escaped too: json_str leaves them raw, as JSON may. As
 * drill/report.c writes its strings.
 */
/* `sep` then "key": "value" (null when NULL). */
static void json_field(struct buf *out, const char *sep, const char *key, const char *value)
{
	buf_addf(out, "%s\"%s\": ", sep, key);
	json_str(out, value);
}

static void json_strings(struct buf *out, const struct idlist *l)
{
	buf_addc(out, '[');
	for (size_t i = 0; i < l->nr; i++) {
		buf_adds(out, i ? ", " : "");
		json_str(out, l->ids[i]);
	}
	buf_addc(out, ']');
}

static void json_item(struct buf *out, size_t i)
{
	buf_adds(out, i ? ",\n  {" : "\n  {");
}

static void json_list_end(struct buf *out, size_t nr)
{
	buf_adds(out, nr ? "\n ]" : "]");
}

/* An action's fields after its id; `row` adds the debrief, its file and the line. */
static void json_action(struct buf *out, const struct debrief *d, const struct debrief_action *a,
			const struct action_row *row, int64_t today)
{
	json_field(out, "{", "id", a->id);
	if (row) {
		json_field(out, ", ", "debrief", d->id);
		json_field(out, ", ", "path", row->path);
		if (row->line > 0)
			buf_addf(out, ", \"line\": %ld", row->line);
		else
			buf_adds(out, ", \"line\": null");
	}
	json_field(out, ", ", "status", action_status_name(a->status));
	buf_addf(out, ", \"overdue\": %s", debrief_action_overdue(a, today) ? "true" : "false");
	json_field(out, ", ", "due", a->due_text);
	json_field(out, ", ", "owner", a->owner);
	json_field(out, ", ", "plan", debrief_action_plan(d, a));
	json_field(out, ", ", "element", a->element);
	json_field(out, ", ", "do", a->what);
	json_field(out, ", ", "lesson", a->lesson);
	json_field(out, ", ", "closed_by", a->closed_by);
	buf_addc(out, '}');
}

static void json_summary(struct buf *out, const struct tally *t, int64_t today)
{
	char date[11];
	date_format(today, date);
	buf_addf(out, ",\n \"summary\": {\"as_of\": \"%s\", \"actions\": %zu, \"open\": %zu, "
		 "\"overdue\": %zu, \"done\": %zu, \"dropped\": %zu}}\n", date, t->actions, t->open,
		 t->overdue, t->done, t->dropped);
}

static void json_head(struct buf *out, const struct debrief *d)
{
	json_field(out, "{\"version\": 1,\n \"debrief\": {", "id", d->id);
	json_field(out, ", ", "title", d->title);
	json_field(out, ", ", "drill_run", d->run);
	json_field(out, ", ", "crisis", d->crisis);
	json_field(out, ", ", "plan", d->plan);
	json_field(out, ", ", "date", d->date_text);
	buf_adds(out, "},\n \"participants\": ");
	json_strings(out, &d->participants);
	buf_adds(out, ",\n \"timeline\": [");
	for (size_t i = 0; i < d->nr_timeline; i++) {
		json_item(out, i);
		json_field(out, "", "at", d->timeline[i].at);
		json_field(out, ", ", "event", d->timeline[i].event);
		buf_addc(out, '}');
	}
	json_list_end(out, d->nr_timeline);
	buf_adds(out, ",\n \"went_well\": ");
	json_strings(out, &d->went_well);
	buf_adds(out, ",\n \"went_wrong\": ");
	json_strings(out, &d->went_wrong);
}

static void json_report(struct buf *out, const struct debrief *d, const struct tally *t,
			int64_t today)
{
	json_head(out, d);
	buf_adds(out, ",\n \"decisions\": [");
	for (size_t i = 0; i < d->nr_decisions; i++) {
		const struct debrief_decision *c = &d->decisions[i];
		json_item(out, i);
		json_field(out, "", "at", c->at);
		json_field(out, ", ", "what", c->what);
		json_field(out, ", ", "by", c->by);
		json_field(out, ", ", "why", c->why);
		buf_addc(out, '}');
	}
	json_list_end(out, d->nr_decisions);
	buf_adds(out, ",\n \"lessons\": [");
	for (size_t i = 0; i < d->nr_lessons; i++) {
		json_item(out, i);
		json_field(out, "", "id", d->lessons[i].id);
		json_field(out, ", ", "text", d->lessons[i].text);
		buf_adds(out, ", \"tags\": ");
		json_strings(out, &d->lessons[i].tags);
		buf_addc(out, '}');
	}
	json_list_end(out, d->nr_lessons);
	buf_adds(out, ",\n \"actions\": [");
	for (size_t i = 0; i < d->nr_actions; i++) {
		buf_adds(out, i ? ",\n  " : "\n  ");
		json_action(out, d, &d->actions[i], NULL, today);
	}
	json_list_end(out, d->nr_actions);
	json_summary(out, t, today);
}

void debrief_report(struct buf *out, const struct debrief *d, enum report_format f, int64_t today)
{
	enum markup_format m = markup_of(f);
	struct tally t = { 0 };

	for (size_t i = 0; i < d->nr_actions; i++)
		tally_add(&t, &d->actions[i], today);
	if (f == REPORT_JSON) {
		json_report(out, d, &t, today);
		return;
	}
	doc_overview(out, m, d, &t);
	doc_timeline(out, m, d);
	doc_texts(out, m, "Strengths", "Strength", "No strength was recorded.", &d->went_well);
	doc_texts(out, m, "Areas for improvement", "Area for improvement",
		  "No area for improvement was recorded.", &d->went_wrong);
	doc_decisions(out, m, d);
	doc_lessons(out, m, d);
	doc_actions(out, m, d, &t, today);
	markup_close(out, m);
}

/* ---- the actions of the workspace ---- */

/* The columns of a row in plain text: what to do comes last. */
enum { COL_LINE, COL_ID, COL_STATUS, COL_DUE, COL_OWNER, COL_ELEMENT, COL_WHAT, NR_COLS };

#define CELLS_INIT { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT }

#define DO_INLINE 40	/* columns left for what to do at the end of its row, else it goes under */
#define UNDER 6		/* what to do under its row, as markup writes a long cell */

static size_t width(const char *s)
{
	return utf8_width(s, strlen(s));
}

/* The cells of a row, cleaned for a terminal. */
static void text_cells(struct buf cells[NR_COLS], const struct action_row *r, int64_t today)
{
	const struct debrief_action *a = r->action;
	for (size_t k = 0; k < NR_COLS; k++)
		buf_reset(&cells[k]);
	if (r->line > 0)
		buf_addf(&cells[COL_LINE], "%ld", r->line);
	else
		buf_addc(&cells[COL_LINE], '-');
	markup_clean(&cells[COL_ID], or_dash(a->id));
	markup_clean(&cells[COL_STATUS], status_text(a, today));
	markup_clean(&cells[COL_DUE], or_dash(a->due_text));
	markup_clean(&cells[COL_OWNER], or_dash(a->owner));
	markup_clean(&cells[COL_ELEMENT], or_dash(a->element));
	markup_clean(&cells[COL_WHAT], or_dash(a->what));
}

/* s in `max` columns at most: cut on a character, with "…" for what is left out. */
static void cut(struct buf *out, const char *s, size_t max)
{
	if (width(s) <= max) {
		buf_adds(out, s);
		return;
	}
	buf_add(out, s, utf8_offset(s, max - 1));
	buf_adds(out, "\xE2\x80\xA6");
}

static void end_line(struct buf *out)
{
	while (out->len && out->ptr[out->len - 1] == ' ')
		out->len--;
	buf_addc(out, '\n');
}

/* A row: the columns aligned at `pos`, what to do at its end or under it. */
static void text_row(struct buf *out, const char *const v[NR_COLS], const size_t pos[NR_COLS])
{
	size_t col = 0;
	for (size_t k = 0; k < COL_WHAT; k++) {
		for (; col < pos[k]; col++)
			buf_addc(out, ' ');
		buf_adds(out, v[k]);
		col += width(v[k]);
	}
	if (pos[COL_WHAT]) {
		for (; col < pos[COL_WHAT]; col++)
			buf_addc(out, ' ');
		cut(out, v[COL_WHAT], MARKUP_WIDTH - pos[COL_WHAT]);
	} else if (*v[COL_WHAT]) {
		end_line(out);
		buf_addf(out, "%*s", UNDER, "");
		cut(out, v[COL_WHAT], MARKUP_WIDTH - UNDER);
	}
	end_line(out);
}

/* "retex-exercice-incendie-siege (debriefs/2026-11-26-retex-exercice-incendie-siege.yaml)" */
static void text_group(struct buf *out, const struct action_row *r)
{
	markup_clean(out, or_dash(r->debrief->id));
	buf_adds(out, " (");
	markup_clean(out, or_dash(r->path));
	buf_adds(out, ")\n");
}

/* Where each column starts; pos[COL_WHAT] 0 when what to do goes under the row. */
static void text_layout(size_t pos[NR_COLS], const char *const heads[NR_COLS],
			const struct action_row *rows, size_t nr, int64_t today)
{
	struct buf cells[NR_COLS] = CELLS_INIT;
	size_t w[NR_COLS], at = 2;

	for (size_t k = 0; k < NR_COLS; k++)
		w[k] = width(heads[k]);
	for (size_t i = 0; i < nr; i++) {
		text_cells(cells, &rows[i], today);
		for (size_t k = 0; k < NR_COLS; k++)
			if (width(buf_str(&cells[k])) > w[k])
				w[k] = width(buf_str(&cells[k]));
	}
	for (size_t k = 0; k < NR_COLS; k++) {
		pos[k] = at;
		at += w[k] + 2;
		buf_release(&cells[k]);
	}
	if (pos[COL_WHAT] + DO_INLINE > MARKUP_WIDTH)
		pos[COL_WHAT] = 0;
}

static void actions_text(struct buf *out, const struct action_row *rows, size_t nr,
			 const struct tally *t, int64_t today)
{
	static const char *const heads[NR_COLS] = {
		"LINE", "ID", "STATUS", "DUE", "OWNER", "ELEMENT", "DO",
	};
	struct buf cells[NR_COLS] = CELLS_INIT;
	const char *v[NR_COLS];
	size_t pos[NR_COLS];

	text_layout(pos, heads, rows, nr, today);
	if (nr) {
		/* The head of what to do is said only where it is. */
		const char *h[NR_COLS];
		memcpy(h, heads, sizeof(h));
		h[COL_WHAT] = pos[COL_WHAT] ? heads[COL_WHAT] : "";
		text_row(out, h, pos);
	}
	for (size_t i = 0; i < nr; i++) {
		const struct action_row *r = &rows[i];
		if (!i || r->debrief != rows[i - 1].debrief || !same(r->path, rows[i - 1].path))
			text_group(out, r);
		text_cells(cells, r, today);
		for (size_t k = 0; k < NR_COLS; k++)
			v[k] = buf_str(&cells[k]);
		text_row(out, v, pos);
	}
	tally_text(out, t);
	buf_addc(out, '\n');
	for (size_t k = 0; k < NR_COLS; k++)
		buf_release(&cells[k]);
}

static void actions_json(struct buf *out, const struct action_row *rows, size_t nr,
			 const struct tally *t, int64_t today)
{
	buf_adds(out, "{\"version\": 1,\n \"actions\": [");
	for (size_t i = 0; i < nr; i++) {
		buf_adds(out, i ? ",\n  " : "\n  ");
		json_action(out, rows[i].debrief, rows[i].action, &rows[i], today);
	}
	json_list_end(out, nr);
	json_summary(out, t, today);
}

/* A text a spreadsheet would take for a formula is written with a leading quote. */
static const char *csv_text(struct buf *tmp, const char *s)
{
	if (!s || !*s || !strchr("=+-@", *s))
		return s;
	buf_reset(tmp);
	buf_addf(tmp, "'%s", s);
	return tmp->ptr;
}

static void actions_csv(struct buf *out, const struct action_row *rows, size_t nr, int64_t today)
{
	static const char *const header[] = {
		"id", "debrief", "path", "line", "status", "overdue", "due", "owner", "plan",
		"element", "do", "lesson", "closed_by",
	};
	struct buf line = BUF_INIT, path = BUF_INIT, what = BUF_INIT;

	csv_record(out, header, sizeof(header) / sizeof(*header), ',');
	for (size_t i = 0; i < nr; i++) {
		const struct debrief *d = rows[i].debrief;
		const struct debrief_action *a = rows[i].action;
		buf_reset(&line);
		if (rows[i].line > 0)
			buf_addf(&line, "%ld", rows[i].line);
		const char *row[] = {
			a->id, d->id, csv_text(&path, rows[i].path), buf_str(&line),
			action_status_name(a->status),
			debrief_action_overdue(a, today) ? "true" : "false", a->due_text, a->owner,
			debrief_action_plan(d, a), a->element, csv_text(&what, a->what), a->lesson,
			a->closed_by,
		};
		csv_record(out, row, sizeof(row) / sizeof(*row), ',');
	}
	buf_release(&line);
	buf_release(&path);
	buf_release(&what);
}

void actions_table(struct buf *out, const struct action_row *rows, size_t nr,
		   enum actions_format f, int64_t today)
{
	struct tally t = { 0 };

	for (size_t i = 0; i < nr; i++)
		tally_add(&t, rows[i].action, today);
	if (f == ACTIONS_JSON)
		actions_json(out, rows, nr, &t, today);
	else if (f == ACTIONS_CSV)
		actions_csv(out, rows, nr, today);
	else
		actions_text(out, rows, nr, &t, today);
}
