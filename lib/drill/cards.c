#include "cards.h"
#include "util/duration.h"
#include "util/markup.h"

#include <stdlib.h>

/* The paper is an HTML page or Markdown. */
static enum markup_format format_of(bool html)
{
	return html ? MARKUP_HTML : MARKUP_MD;
}

/* User text, escaped for the format. */
static void put(struct buf *out, bool html, const char *s)
{
	markup_put(out, format_of(html), s);
}

/* ---- times ---- */

/* T+00:20, with the seconds when there are some. */
static void t_plus(struct buf *b, int64_t ms)
{
	int64_t s = ms / 1000;
	buf_addf(b, "T+%02lld:%02lld", (long long)(s / 3600), (long long)(s / 60 % 60));
	if (s % 60)
		buf_addf(b, ":%02lld", (long long)(s % 60));
}

/* When an inject comes, as written: "T+00:20", "after i-x + 20 min". */
static void when_text(struct buf *b, const struct drill_inject *in)
{
	if (in->after) {
		buf_addf(b, "after %s", in->after);
		if (in->delay > 0) {
			buf_adds(b, " + ");
			duration_human(b, in->delay / 1000);
		}
	} else if (in->time != DRILL_NO_TIME) {
		t_plus(b, in->time);
	} else {
		buf_adds(b, "no time set");
	}
}

/* "15 min (T+00:35)": the delay, and the deadline when the inject's time is known. */
static void within_text(struct buf *b, const struct drill_expect *e)
{
	if (!e->within_text || e->within < 0) {
		buf_adds(b, e->within_text ? e->within_text : "-");
		return;
	}
	duration_human(b, e->within / 1000);
	if (e->inject->time != DRILL_NO_TIME) {
		buf_adds(b, " (");
		t_plus(b, e->inject->time + e->within);
		buf_addc(b, ')');
	}
}

static void to_text(struct buf *b, const struct drill_inject *in)
{
	for (size_t i = 0; i < in->to.nr; i++)
		buf_addf(b, "%s%s", i ? ", " : "", in->to.ids[i]);
	if (!in->to.nr)
		buf_adds(b, "all players");
}

/* ---- the page ---- */

/* The cards and the sheet, over markup's page: see markup_open(). */
static const char cards_css[] =
	"@page { margin: 18mm 16mm; }\n"
	"body { font-size: 11pt; line-height: 1.45; max-width: 178mm; }\n"
	"table { margin: 1mm 0 3mm; }\n"
	".card { break-after: page; page-break-after: always; font-size: 18pt; }\n"
	".card .drill, .card .number { font-size: 11pt; color: #555; margin: 0; }\n"
	".card h2 { font-size: 30pt; margin: 3mm 0 5mm; }\n"
	".card dl { display: grid; grid-template-columns: max-content 1fr; gap: 2mm 6mm; margin: 0; }\n"
	".card dt { font-weight: bold; }\n"
	".card dd { margin: 0; }\n"
	".card .message { font-size: 22pt; line-height: 1.45; border-top: 2px solid #111;\n"
	"  margin-top: 6mm; padding-top: 6mm; }\n"
	"@media screen { .card { border: 1px solid #999; padding: 10mm; margin: 0 0 10mm; } }\n"
	".sheet h1 { font-size: 18pt; }\n"
	".sheet h2 { font-size: 14pt; border-bottom: 1px solid #888; break-after: avoid; }\n"
	".sheet h3 { font-size: 12pt; margin: 5mm 0 1mm; break-after: avoid; }\n"
	".warning { font-weight: bold; }\n"
	".contingency { color: #a00; font-weight: bold; }\n";

/* A label and its value: a list item in Markdown, a row of a table in HTML. */
static void fact(struct buf *out, bool html, const char *label, const char *value)
{
	buf_adds(out, html ? "<tr><th scope=\"row\">" : "- **");
	put(out, html, label);
	buf_adds(out, html ? "</th><td>" : ":** ");
	put(out, html, value ? value : "-");
	buf_adds(out, html ? "</td></tr>\n" : "\n");
}

/* ---- the players' cards ---- */

static void card(struct buf *out, const struct drill *d, const struct drill_inject *in,
		 size_t number, bool html)
{
	struct buf when = BUF_INIT, to = BUF_INIT;
	when_text(&when, in);
	to_text(&to, in);
	if (html) {
		buf_adds(out, "<section class=\"card\">\n<p class=\"drill\">");
		put(out, html, d->title);
		buf_addf(out, "</p>\n<p class=\"number\">Card %zu of %zu</p>\n<h2>", number, d->nr_injects);
		put(out, html, in->id);
		buf_adds(out, "</h2>\n<dl>\n<dt>When</dt><dd>");
		put(out, html, when.ptr);
		buf_adds(out, "</dd>\n<dt>To</dt><dd>");
		put(out, html, to.ptr);
		buf_adds(out, "</dd>\n</dl>\n<div class=\"message\">");
		put(out, html, in->message);
		buf_adds(out, "</div>\n</section>\n");
	} else {
		buf_addf(out, "---\n\n## Card %zu of %zu: ", number, d->nr_injects);
		put(out, html, in->id);
		buf_adds(out, "\n\n**When:** ");
		put(out, html, when.ptr);
		buf_adds(out, "  \n**To:** ");
		put(out, html, to.ptr);
		buf_adds(out, "\n\n");
		if (in->message)
			markup_para(out, MARKUP_MD, in->message);
	}
	buf_release(&when);
	buf_release(&to);
}

/* ---- the facilitator's sheet ---- */

static void sheet_head(struct buf *out, const struct drill *d, bool html)
{
	struct buf duration = BUF_INIT;
	if (d->duration_text) {
		buf_addf(&duration, "%s", d->duration_text);
		if (d->duration >= 0) {
			buf_adds(&duration, " (");
			duration_human(&duration, d->duration / 1000);
			buf_addc(&duration, ')');
		}
	}
	buf_adds(out, html ? "<section class=\"sheet\">\n<h1>Facilitator's sheet: " :
		      "---\n\n# Facilitator's sheet: ");
	put(out, html, d->title ? d->title : d->id);
	buf_adds(out, html ? "</h1>\n<p class=\"warning\">" : "\n\n**");
	buf_adds(out, "For the facilitators only: not to be handed to the players.");
	buf_adds(out, html ? "</p>\n<table class=\"facts\">\n" : "**\n\n");
	fact(out, html, "Drill", d->id);
	fact(out, html, "Plan", d->plan);
	fact(out, html, "Scenario", d->scenario);
	fact(out, html, "Duration", duration.len ? duration.ptr : NULL);
	buf_adds(out, html ? "</table>\n" : "\n");
	if (d->description)
		markup_para(out, format_of(html), d->description);
	markup_heading(out, format_of(html), 2, "Objectives");
	if (!d->nr_objectives)
		markup_para(out, format_of(html), "None.");
	buf_adds(out, html && d->nr_objectives ? "<table class=\"facts\">\n" : "");
	for (size_t i = 0; i < d->nr_objectives; i++)
		fact(out, html, d->objectives[i].id ? d->objectives[i].id : "-", d->objectives[i].text);
	buf_adds(out, !d->nr_objectives ? "" : html ? "</table>\n" : "\n");
	buf_release(&duration);
}

/* A row of the expected actions: id, action, by, within, objective, the plan's level or step. */
static void expect_cells(struct markup_table *t, const struct drill_expect *e)
{
	struct buf within = BUF_INIT, plan = BUF_INIT;
	within_text(&within, e);
	if (e->level > 0)
		buf_addf(&plan, "level %ld", e->level);
	if (e->step)
		buf_addf(&plan, "%sstep %s", plan.len ? ", " : "", e->step);
	const char *cells[] = { e->id, e->action, e->by, within.ptr, e->objective, plan.ptr };
	for (size_t c = 0; c < sizeof(cells) / sizeof(*cells); c++)
		markup_table_add(t, cells[c] && *cells[c] ? cells[c] : "-");
	buf_release(&within);
	buf_release(&plan);
}

static void sheet_expects(struct buf *out, const struct drill_inject *in, bool html)
{
	static const struct markup_column cols[] = {
		{ "Expected action", false }, { "Action", true }, { "By", false },
		{ "Within", false }, { "Objective", false }, { "Plan", false },
	};
	struct markup_table t = { .cols = cols, .nr_cols = sizeof(cols) / sizeof(*cols) };

	if (!in->nr_expects) {
		markup_para(out, format_of(html), "No action expected.");
		return;
	}
	for (size_t i = 0; i < in->nr_expects; i++)
		expect_cells(&t, &in->expects[i]);
	markup_table_write(out, format_of(html), &t);
	markup_table_release(&t);
}

static void sheet_inject(struct buf *out, const struct drill_inject *in, bool html)
{
	struct buf when = BUF_INIT, to = BUF_INIT;
	if (in->time != DRILL_NO_TIME)
		t_plus(&when, in->time);
	else
		buf_adds(&when, "no time");
	buf_adds(&when, " \xC2\xB7 ");
	buf_adds(&when, in->id ? in->id : "-");
	to_text(&to, in);
	markup_heading(out, format_of(html), 3, when.ptr);
	buf_adds(out, html ? "<table class=\"facts\">\n" : "");
	buf_reset(&when);
	when_text(&when, in);
	if (in->after || in->time == DRILL_NO_TIME)
		fact(out, html, "When", when.ptr);
	fact(out, html, "To", to.ptr);
	if (in->contingency)
		buf_adds(out, html ? "<tr><th scope=\"row\">Contingency</th><td class=\"contingency\">"
			      "yes: play it only if an expected action has not happened</td></tr>\n" :
			      "- **Contingency:** yes: play it only if an expected action has not happened\n");
	buf_adds(out, html ? "</table>\n" : "\n");
	if (html || in->message)	/* an empty paragraph keeps the page's shape */
		markup_para(out, format_of(html), in->message);
	sheet_expects(out, in, html);
	buf_release(&when);
	buf_release(&to);
}

void cards_write(struct buf *out, const struct drill *d, bool html)
{
	const struct drill_inject **order = drill_timeline(d);
	const char *name = d->title ? d->title : d->id;
	struct buf title = BUF_INIT;

	buf_addf(&title, "Drill cards: %s", name ? name : "");
	markup_open(out, format_of(html), title.ptr, cards_css);
	if (!html) {
		buf_adds(out, "# Player cards: ");
		put(out, html, name);
		buf_adds(out, "\n\nOne card for each inject, in the order they come: "
			 "hand each to the players it names, at its time.\n\n");
	}
	for (size_t i = 0; i < d->nr_injects; i++)
		card(out, d, order[i], i + 1, html);
	sheet_head(out, d, html);
	markup_heading(out, format_of(html), 2, "Timeline");
	for (size_t i = 0; i < d->nr_injects; i++)
		sheet_inject(out, order[i], html);
	buf_adds(out, html ? "</section>\n" : "");
	markup_close(out, format_of(html));
	buf_release(&title);
	free(order);
}
