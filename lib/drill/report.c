#include "report.h"
#include "util/duration.h"
#include "util/json.h"
#include "util/markup.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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

/* Text, Markdown and HTML are written by markup; JSON is the report's own. */
static enum markup_format markup_of(enum report_format f)
{
	return f == REPORT_MD ? MARKUP_MD : f == REPORT_HTML ? MARKUP_HTML : MARKUP_TEXT;
}

/* The report's headings, over markup's page: see markup_open(). */

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

static void table_add_at(struct markup_table *t, int64_t ms)
{
	struct buf b = BUF_INIT;
	at_text(&b, ms);
	markup_table_add(t, b.ptr);
	buf_release(&b);
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

static void fact(struct markup_table *t, const char *label, const char *value)
{
	markup_table_add(t, label);
	markup_table_add(t, or_dash(value));
}

static void run_title(struct buf *out, enum markup_format f, const struct drill_run *r)
{
	static const struct markup_column cols[] = { { "Field", false }, { "Value", true } };
	struct markup_table t = { .cols = cols, .nr_cols = 2, .facts = true };
	struct buf title = BUF_INIT, clock = BUF_INIT;

	buf_addf(&title, "After-action report: %s", r->title ? r->title : or_dash(r->drill));
	markup_open(out, f, title.ptr, markup_report_css);
	markup_heading(out, f, 1, title.ptr);
	fact(&t, "Run", r->id);
	fact(&t, "Drill", r->drill);
	fact(&t, "Plan", r->plan);
	fact(&t, "Started", r->started);
	fact(&t, "Ended", r->ended);
	if (r->duration >= 0)
		duration_clock(&clock, r->duration);
	fact(&t, "Drill clock", clock.ptr);
	if (r->speed != 1) {
		markup_table_add(&t, "Speed");
		markup_table_addf(&t, "%g x real time", r->speed);
	}
	markup_table_write(out, f, &t);
	markup_table_release(&t);
	buf_release(&title);
	buf_release(&clock);
}

static void run_participants(struct buf *out, enum markup_format f, const struct drill_run *r,
			     const struct stats *s)
{
	static const struct markup_column cols[] = {
		{ "Role", false }, { "Played by", false }, { "Holder", false }, { "Stand-in", false },
	};
	struct markup_table t = { .cols = cols, .nr_cols = 4, .none = "No participant was recorded." };
	struct buf note = BUF_INIT;

	markup_heading(out, f, 2, "Participants");
	for (size_t i = 0; i < r->nr_participants; i++) {
		const struct run_participant *p = &r->participants[i];
		markup_table_add(&t, or_dash(p->role));
		markup_table_add(&t, or_dash(p->played_by));
		markup_table_add(&t, or_dash(p->holder));
		markup_table_add(&t, stand_in(p) ? "STAND-IN" : "");
		if (stand_in(p))
			markup_table_mark(&t);
	}
	markup_table_write(out, f, &t);
	if (s->stand_ins) {
		buf_addf(&note, "Finding: %zu role%s played by a stand-in for an absent holder: the plan's "
			 "deputies were put to the test, a finding for the debrief.",
			 s->stand_ins, s->stand_ins == 1 ? "" : "s");
		markup_para(out, f, note.ptr);
	}
	markup_table_release(&t);
	buf_release(&note);
}

static void run_objectives(struct buf *out, enum markup_format f, const struct drill_run *r,
			   const struct stats *s)
{
	static const struct markup_column cols[] = {
		{ "Objective", false }, { "Met", false }, { "Text", true },
	};
	struct markup_table t = { .cols = cols, .nr_cols = 3, .none = "The drill has no objectives." };
	struct buf note = BUF_INIT;

	markup_heading(out, f, 2, "Objectives");
	for (size_t i = 0; i < r->nr_results; i++) {
		markup_table_add(&t, or_dash(r->results[i].id));
		markup_table_add(&t, r->results[i].met ? "yes" : "NO");
		if (!r->results[i].met)
			markup_table_mark(&t);
		markup_table_add(&t, r->results[i].text);
	}
	markup_table_write(out, f, &t);
	if (s->objectives) {
		buf_addf(&note, "%zu of %zu objective%s met.", s->met, s->objectives,
			 s->objectives == 1 ? "" : "s");
		markup_para(out, f, note.ptr);
	}
	markup_table_release(&t);
	buf_release(&note);
}

static void run_summary(struct buf *out, enum markup_format f, const struct stats *s)
{
	static const struct markup_column cols[] = { { "Field", false }, { "Value", true } };
	struct markup_table t = { .cols = cols, .nr_cols = 2, .facts = true };
	struct buf b = BUF_INIT;

	markup_heading(out, f, 2, "Results");
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
	markup_table_write(out, f, &t);
	markup_table_release(&t);
	buf_release(&b);
}

static void run_outcomes(struct buf *out, enum markup_format f, const struct drill_run *r)
{
	static const struct markup_column cols[] = {
		{ "Expected action", false }, { "Action", true }, { "By", false }, { "Due", false },
		{ "Done", false }, { "Late by", false }, { "Rating", false }, { "Status", false },
		{ "Notes", true },
	};
	struct markup_table t = { .cols = cols, .nr_cols = 9, .none = "No action was expected." };

	markup_heading(out, f, 2, "Expected actions");
	for (size_t i = 0; i < r->nr_outcomes; i++) {
		const struct run_outcome *o = &r->outcomes[i];
		struct buf late = BUF_INIT;
		if (o->late_by >= 0)
			duration_human(&late, (o->late_by + 999) / 1000);
		markup_table_add(&t, or_dash(o->expect));
		markup_table_add(&t, o->action);
		markup_table_add(&t, or_dash(o->by));
		table_add_at(&t, o->due);
		table_add_at(&t, o->done);
		markup_table_add(&t, or_dash(late.ptr));
		markup_table_add(&t, or_dash(o->rating));
		markup_table_add(&t, run_status_name(o->status));
		markup_table_add(&t, o->notes);
		if (o->status == OUT_LATE || o->status == OUT_MISSED)
			markup_table_mark(&t);
		buf_release(&late);
	}
	markup_table_write(out, f, &t);
	markup_table_release(&t);
}

static void run_decisions(struct buf *out, enum markup_format f, const struct drill_run *r)
{
	static const struct markup_column cols[] = {
		{ "At", false }, { "Decision", true }, { "By", false }, { "Why", true },
	};
	struct markup_table t = { .cols = cols, .nr_cols = 4, .none = "No decision was recorded." };

	markup_heading(out, f, 2, "Decisions");
	for (size_t i = 0; i < r->nr_events; i++) {
		const struct run_event *e = &r->events[i];
		if (e->type != EV_DECISION)
			continue;
		table_add_at(&t, e->at);
		markup_table_add(&t, or_dash(e->text));
		markup_table_add(&t, or_dash(e->by));
		markup_table_add(&t, e->why);
	}
	markup_table_write(out, f, &t);
	markup_table_release(&t);
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

static void run_log(struct buf *out, enum markup_format f, const struct drill_run *r)
{
	static const struct markup_column cols[] = {
		{ "At", false }, { "Type", false }, { "Entry", true },
	};
	struct markup_table t = { .cols = cols, .nr_cols = 3, .none = "The log is empty." };

	markup_heading(out, f, 2, "Log (main courante)");
	for (size_t i = 0; i < r->nr_events; i++) {
		struct buf text = BUF_INIT;
		event_text(&text, &r->events[i]);
		table_add_at(&t, r->events[i].at);
		markup_table_add(&t, run_event_name(r->events[i].type));
		markup_table_add(&t, text.ptr);
		buf_release(&text);
	}
	markup_table_write(out, f, &t);
	markup_table_release(&t);
}

/* ---- one run: JSON ---- */

/*
 * "key": value as a JSON string, with the C1 controls and the line and
 * paragraph separators escaped too: json_str leaves them raw, as JSON may.
 */
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
	enum markup_format m = markup_of(f);
	struct stats s;
	stats_of(r, &s);
	if (f == REPORT_JSON) {
		json_run(out, r, &s);
		return;
	}
	run_title(out, m, r);
	run_participants(out, m, r, &s);
	run_objectives(out, m, r, &s);
	run_summary(out, m, &s);
	run_outcomes(out, m, r);
	run_decisions(out, m, r);
	run_log(out, m, r);
	markup_close(out, m);
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

static void history_runs(struct buf *out, enum markup_format f, const struct history *h)
{
	static const struct markup_column cols[] = {
		{ "Date", false }, { "Run", false }, { "On time", false }, { "P", false },
		{ "S", false }, { "M", false }, { "U", false }, { "Objectives met", false },
		{ "Decisions", false }, { "Cell convened", false },
	};
	/* Plain text keeps to 100 columns with shorter names, then says what they mean. */
	static const struct markup_column short_cols[] = {
		{ "Date", false }, { "Run", false }, { "On time", false }, { "P", false },
		{ "S", false }, { "M", false }, { "U", false }, { "Met", false },
		{ "Decisions", false }, { "Convened", false },
	};
	struct markup_table t = { .cols = f == MARKUP_TEXT ? short_cols : cols, .nr_cols = 10,
				  .none = "No run." };

	markup_heading(out, f, 2, "Runs");
	for (size_t i = 0; i < h->nr; i++) {
		const struct drill_run *r = h->runs[i];
		const struct stats *s = &h->stats[i];
		struct buf b = BUF_INIT;
		markup_table_addf(&t, "%.10s", or_dash(r->started));
		markup_table_add(&t, or_dash(r->id));
		rate_text(&b, s);
		markup_table_add(&t, b.ptr);
		for (size_t k = 0; k < 4; k++)
			markup_table_addf(&t, "%zu", s->ratings[k]);
		markup_table_addf(&t, "%zu/%zu", s->met, s->objectives);
		markup_table_addf(&t, "%zu", s->decisions);
		buf_reset(&b);
		outcome_text(&b, convene_of(r));
		markup_table_add(&t, b.ptr);
		buf_release(&b);
	}
	markup_table_write(out, f, &t);
	if (f == MARKUP_TEXT && h->nr)
		markup_para(out, f, "Met: objectives met. Convened: when the cell was convened "
			    "(convene-cell, convoquer-cellule).");
	markup_table_release(&t);
}

/* A run's column: its date, with its number when another run has the same. */
static void run_label(struct buf *b, const struct history *h, size_t i)
{
	const char *date = or_dash(h->runs[i]->started);
	char *head = xstrndup(date, 10);
	markup_clean(b, head);		/* a heading, not a cell: cleaned here */
	free(head);
	for (size_t j = 0; j < h->nr; j++)
		if (j != i && !strncmp(or_dash(h->runs[j]->started), date, 10)) {
			buf_addf(b, " #%zu", i + 1);
			break;
		}
}

static void history_expects(struct buf *out, enum markup_format f, const struct history *h)
{
	struct markup_column *cols = xcalloc(h->nr + 1, sizeof(*cols));
	struct buf *labels = xcalloc(h->nr + 1, sizeof(*labels));
	struct markup_table t = { .cols = cols, .nr_cols = h->nr + 1,
				  .none = "No action was expected." };

	markup_heading(out, f, 2, "Expected actions across runs");
	markup_para(out, f, "When each expected action was done in each run, else how it went; "
		    "\"-\" where the run did not expect it.");
	cols[0].name = "Expected action";
	for (size_t i = 0; i < h->nr; i++) {
		run_label(&labels[i], h, i);
		cols[i + 1].name = labels[i].ptr;
	}
	for (size_t k = 0; k < h->nr_ids; k++) {
		markup_table_add(&t, h->ids[k]);
		for (size_t i = 0; i < h->nr; i++) {
			struct buf b = BUF_INIT;
			outcome_text(&b, outcome_of(h->runs[i], h->ids[k]));
			markup_table_add(&t, b.ptr);
			buf_release(&b);
		}
	}
	markup_table_write(out, f, &t);
	markup_table_release(&t);
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

static void history_doc(struct buf *out, enum markup_format f, const struct history *h)
{
	static const struct markup_column cols[] = { { "Field", false }, { "Value", true } };
	struct markup_table t = { .cols = cols, .nr_cols = 2, .facts = true };
	const struct drill_run *last = h->nr ? h->runs[h->nr - 1] : NULL;
	struct buf title = BUF_INIT;

	buf_addf(&title, "Drill history: %s", !last ? "no run" :
		 last->title ? last->title : or_dash(last->drill));
	markup_open(out, f, title.ptr, markup_report_css);
	markup_heading(out, f, 1, title.ptr);
	if (last) {
		fact(&t, "Drill", last->drill);
		fact(&t, "Plan", last->plan);
		markup_table_add(&t, "Runs");
		markup_table_addf(&t, "%zu", h->nr);
		markup_table_write(out, f, &t);
	}
	history_runs(out, f, h);
	history_expects(out, f, h);
	markup_close(out, f);
	markup_table_release(&t);
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
		history_doc(out, markup_of(f), &h);
	history_release(&h);
}
