#include "cards.h"
#include "util/duration.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

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

/* Append user text escaped for HTML, or for Markdown (markup, links, raw HTML, cells). */
static void put(struct buf *out, bool html, const char *s)
{
	struct buf c = BUF_INIT;
	clean(&c, s);
	for (const char *p = buf_str(&c); *p; p++) {
		if (html && *p == '&')
			buf_adds(out, "&amp;");
		else if (html && *p == '<')
			buf_adds(out, "&lt;");
		else if (html && *p == '>')
			buf_adds(out, "&gt;");
		else if (html && *p == '"')
			buf_adds(out, "&quot;");
		else if (html && *p == '\'')
			buf_adds(out, "&#39;");
		else if (!html && strchr("\\`*_[]<>|~", *p))
			buf_addf(out, "\\%c", *p);
		else
			buf_addc(out, *p);
	}
	buf_release(&c);
}

/* A Markdown paragraph of user text, which must not start a heading or a list. */
static void md_para(struct buf *out, const char *s)
{
	struct buf c = BUF_INIT;
	clean(&c, s);
	const char *p = buf_str(&c);
	while (*p == ' ')
		p++;
	size_t digits = strspn(p, "0123456789");
	if (*p && strchr("#-+=", *p))
		buf_addc(out, '\\');
	else if (digits && (p[digits] == '.' || p[digits] == ')')) {
		buf_add(out, p, digits);
		buf_addc(out, '\\');
		p += digits;
	}
	put(out, false, p);
	buf_adds(out, "\n\n");
	buf_release(&c);
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

static const char cards_css[] =
	"@page { size: A4; margin: 18mm 16mm; }\n"
	"body { font: 11pt/1.45 system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif;\n"
	"  color: #111; max-width: 178mm; margin: 0 auto; padding: 6mm; }\n"
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
	".contingency { color: #a00; font-weight: bold; }\n"
	"table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; }\n"
	"th, td { border: 1px solid #bbb; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }\n"
	"thead th { background: #eee; }\n"
	"thead { display: table-header-group; }\n"
	"tr { break-inside: avoid; page-break-inside: avoid; }\n"
	"table.facts { width: auto; }\n"
	"table.facts th, table.facts td { border: none; background: none; padding: 0.3mm 4mm 0.3mm 0; }\n";

static void html_open(struct buf *out, const struct drill *d)
{
	buf_adds(out, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		 "<title>Drill cards: ");
	put(out, true, d->title ? d->title : d->id);
	buf_addf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", cards_css);
}

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
			md_para(out, in->message);
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
	if (d->description && html) {
		buf_adds(out, "<p>");
		put(out, html, d->description);
		buf_adds(out, "</p>\n");
	} else if (d->description) {
		md_para(out, d->description);
	}
	buf_adds(out, html ? "<h2>Objectives</h2>\n" : "## Objectives\n\n");
	buf_adds(out, html && d->nr_objectives ? "<table class=\"facts\">\n" : "");
	for (size_t i = 0; i < d->nr_objectives; i++)
		fact(out, html, d->objectives[i].id ? d->objectives[i].id : "-", d->objectives[i].text);
	buf_adds(out, !d->nr_objectives ? (html ? "<p>None.</p>\n" : "None.\n\n") :
		      html ? "</table>\n" : "\n");
	buf_release(&duration);
}

static void expect_cells(struct buf *out, const struct drill_expect *e, bool html)
{
	struct buf within = BUF_INIT, plan = BUF_INIT;
	const char *cells[6];
	within_text(&within, e);
	if (e->level > 0)
		buf_addf(&plan, "level %ld", e->level);
	if (e->step)
		buf_addf(&plan, "%sstep %s", plan.len ? ", " : "", e->step);
	cells[0] = e->id, cells[1] = e->action, cells[2] = e->by;
	cells[3] = within.ptr, cells[4] = e->objective, cells[5] = plan.ptr;
	buf_adds(out, html ? "<tr>" : "|");
	for (size_t c = 0; c < 6; c++) {
		buf_adds(out, html ? "<td>" : " ");
		put(out, html, cells[c] && *cells[c] ? cells[c] : "-");
		buf_adds(out, html ? "</td>" : " |");
	}
	buf_adds(out, html ? "</tr>\n" : "\n");
	buf_release(&within);
	buf_release(&plan);
}

static void sheet_expects(struct buf *out, const struct drill_inject *in, bool html)
{
	static const char *const heads[] = {
		"Expected action", "Action", "By", "Within", "Objective", "Plan",
	};
	if (!in->nr_expects) {
		buf_adds(out, html ? "<p>No action expected.</p>\n" : "No action expected.\n\n");
		return;
	}
	buf_adds(out, html ? "<table>\n<thead><tr>" : "|");
	for (size_t c = 0; c < 6; c++)
		buf_addf(out, html ? "<th>%s</th>" : " %s |", heads[c]);
	buf_adds(out, html ? "</tr></thead>\n<tbody>\n" : "\n|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < in->nr_expects; i++)
		expect_cells(out, &in->expects[i], html);
	buf_adds(out, html ? "</tbody>\n</table>\n" : "\n");
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
	buf_adds(out, html ? "<h3>" : "### ");
	put(out, html, when.ptr);
	buf_adds(out, html ? "</h3>\n<table class=\"facts\">\n" : "\n\n");
	buf_reset(&when);
	when_text(&when, in);
	if (in->after || in->time == DRILL_NO_TIME)
		fact(out, html, "When", when.ptr);
	fact(out, html, "To", to.ptr);
	if (in->contingency)
		buf_adds(out, html ? "<tr><th scope=\"row\">Contingency</th><td class=\"contingency\">"
			      "yes: play it only if an expected action has not happened</td></tr>\n" :
			      "- **Contingency:** yes: play it only if an expected action has not happened\n");
	buf_adds(out, html ? "</table>\n<p>" : "\n");
	if (html)
		put(out, html, in->message);
	else if (in->message)
		md_para(out, in->message);
	buf_adds(out, html ? "</p>\n" : "");
	sheet_expects(out, in, html);
	buf_release(&when);
	buf_release(&to);
}

void cards_write(struct buf *out, const struct drill *d, bool html)
{
	const struct drill_inject **order = drill_timeline(d);

	if (html) {
		html_open(out, d);
	} else {
		buf_adds(out, "# Player cards: ");
		put(out, html, d->title ? d->title : d->id);
		buf_adds(out, "\n\nOne card for each inject, in the order they come: "
			 "hand each to the players it names, at its time.\n\n");
	}
	for (size_t i = 0; i < d->nr_injects; i++)
		card(out, d, order[i], i + 1, html);
	sheet_head(out, d, html);
	buf_adds(out, html ? "<h2>Timeline</h2>\n" : "## Timeline\n\n");
	for (size_t i = 0; i < d->nr_injects; i++)
		sheet_inject(out, order[i], html);
	buf_adds(out, html ? "</section>\n</body>\n</html>\n" : "");
	free(order);
}
