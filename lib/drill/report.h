/*
 * The after-action view of drill runs, read from their records alone: one
 * run (who played which role, objectives, on-time rate and HSEEP ratings,
 * the table of expected actions, the decision trail, the full log), or the
 * history of several runs of one drill, so that progress shows from one
 * exercise to the next. Written as plain text, Markdown, one self-contained
 * HTML page for A4 paper, or a stable JSON object.
 */
#ifndef CRISIS_REPORT_H
#define CRISIS_REPORT_H

#include "run.h"
#include "util/buf.h"

#include <stddef.h>

enum report_format { REPORT_TEXT, REPORT_MD, REPORT_HTML, REPORT_JSON };

/* The format named "text", "md", "html" or "json"; -1 when unknown. */
int report_format_parse(const char *name);

/*
 * The after-action report of one run: the title block (drill title, run,
 * plan, start and end, the drill clock at the end, the speed when not 1);
 * participants, a stand-in for an absent holder flagged as a finding;
 * objectives met or not; the on-time rate (expectations on time over those
 * not skipped, as a percentage and a fraction) and the count of each rating;
 * every expectation with its due and done times, lateness, rating, status
 * and notes; the decisions (when, what, who, why); the log (main courante).
 *
 * Text fits 100 columns where it can; Markdown escapes `|` in cells; HTML is
 * one page with its style inline and nothing fetched, printable on A4. JSON:
 *   {"version": 1, "run": {...}, "participants": [...], "objectives": [...],
 *    "outcomes": [...], "decisions": [...], "events": [...],
 *    "summary": {"expectations": n, "on_time": n, "late": n, "missed": n,
 *                "skipped": n, "ratings": {"P": n, "S": n, "M": n, "U": n}}}
 * with each time twice: "at_ms" (milliseconds, null when absent) and "at"
 * (an ISO 8601 duration from the start such as "PT3M10S"). User text is
 * escaped for the format; control characters never reach the output raw.
 */
void report_run(struct buf *out, const struct drill_run *r, enum report_format f);

/*
 * How the same drill went across runs, given oldest first: one row a run
 * (date, run id, on-time rate, P/S/M/U counts, objectives met, decisions,
 * and the time to convene the cell: the done time of the expectation
 * `convene-cell` or `convoquer-cellule`, else of the first whose id holds
 * "convene" or "convoqu"; its status when it was not done, "-" when the run
 * has none); then each expectation of any run, with its done time ("late"
 * when it was) or its status in each run, "-" where a run did not have it.
 * JSON: {"version": 1, "drill": id, "runs": [...], "expectations": [...]}.
 */
void report_history(struct buf *out, const struct drill_run *const *runs, size_t nr,
		    enum report_format f);

#endif
