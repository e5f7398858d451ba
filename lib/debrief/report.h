/*
 * What a debrief reports: its after-action report and improvement plan
 * (HSEEP), and the improvement plan of the whole workspace, one row an
 * action across debriefs. Written as plain text, Markdown, one
 * self-contained HTML page for A4 paper, or a stable JSON object; the
 * actions as text, JSON or CSV. The headings are the tool's own words, in
 * English; what the debrief says is written as it is, escaped for the format.
 */
#ifndef CRISIS_DEBRIEF_REPORT_H
#define CRISIS_DEBRIEF_REPORT_H

#include "debrief.h"
#include "drill/report.h"	/* enum report_format, report_format_parse() */
#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>

/*
 * The after-action report and improvement plan of a debrief: the overview
 * (title, what it is about: drill run or crisis, the plan, the date, the
 * participants, the count of actions), the timeline, strengths (went_well),
 * areas for improvement (went_wrong), the decisions (when, what, who, why),
 * the lessons with their tags, and the improvement plan: the table of
 * actions (id, what, owner, due, element, plan, status, closed by), an open
 * action past its due date as of `today` (days since 1970) shown "overdue"
 * and marked as a finding (a red row in HTML, a "Finding:" paragraph after
 * the table in every format).
 *
 * Text fits 100 columns where it can: what to do is written under its
 * action's row, and the plan only when it is not the debrief's own. JSON:
 *   {"version": 1,
 *    "debrief": {"id", "title", "drill_run", "crisis", "plan", "date"},
 *    "participants": [id...], "timeline": [{"at", "event"}],
 *    "went_well": [text...], "went_wrong": [text...],
 *    "decisions": [{"at", "what", "by", "why"}],
 *    "lessons": [{"id", "text", "tags": [id...]}],
 *    "actions": [{"id", "status", "overdue", "due", "owner", "plan", "element",
 *                 "do", "lesson", "closed_by"}],
 *    "summary": {"as_of", "actions", "open", "overdue", "done", "dropped"}}
 * with null for what is absent, "plan" the plan the action changes (its
 * own, else the debrief's), "overdue" a boolean, "as_of" today's date.
 */
void debrief_report(struct buf *out, const struct debrief *d, enum report_format f, int64_t today);

/* One action of the workspace, for crisis debrief actions. */
struct action_row {
	const struct debrief *debrief;
	const struct debrief_action *action;
	const char *path;        /* the debrief's file, relative to the workspace */
	long line;               /* the action's line in it, 0 when unknown */
};

enum actions_format { ACTIONS_TEXT, ACTIONS_JSON, ACTIONS_CSV };

/*
 * The improvement plan across debriefs, one row an action in the order
 * given: id, status ("overdue" for an open action past its due date as of
 * `today`), due, owner, plan (debrief_action_plan), element, what to do,
 * the debrief id, and file:line.
 *
 * Text: a line for the debrief and its file each time the debrief changes
 * from the row before, then a row an action: its line number, id, status,
 * due, owner and element in aligned columns, and what to do, cut with "…"
 * on a character so that the row fits 100 columns. What to do ends the row
 * when 40 columns are left for it, else it goes under the row (as markup
 * writes a long cell), cut to the same 100 columns. The plan, too wide for
 * the row, is in JSON and CSV. Then the summary line
 * "N actions: n open (k overdue), n done, n dropped".
 *
 * JSON: {"version": 1, "actions": [{"id", "debrief", "path", "line",
 * "status", "overdue", "due", "owner", "plan", "element", "do", "lesson",
 * "closed_by"}], "summary": {"as_of", "actions", "open", "overdue", "done",
 * "dropped"}}, as debrief_report() writes them, with the debrief, its file
 * and the line ("line" null when unknown). CSV (RFC 4180): a header row of
 * the same names, then a record an action, "overdue" true or false; a text
 * a spreadsheet would take for a formula is written after a quote (').
 */
void actions_table(struct buf *out, const struct action_row *rows, size_t nr,
		   enum actions_format f, int64_t today);

#endif
