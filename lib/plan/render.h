/*
 * The crisis binder: a plan written for the people who run the crisis,
 * on paper or on a phone, when the network and the laptops may be gone.
 * Written once, with lib/util/markup, as plain text, Markdown, or one
 * self-contained HTML page for A4 paper (nothing fetched, the page numbers
 * in the margin, a page break before each section and each procedure).
 */
#ifndef CRISIS_RENDER_H
#define CRISIS_RENDER_H

#include "plan.h"
#include "util/buf.h"
#include "util/markup.h"

#include <stdbool.h>

struct render_opts {
	enum markup_format format;
	bool fr;		/* French headings and words, else English */
	/*
	 * A copy for a wall: the phones and e-mail addresses of every contact
	 * that is not external are left out ("—"); suppliers' lines stay.
	 */
	bool redact;
	const char *printed;	/* the date it is printed, YYYY-MM-DD, or NULL */
	const char *revision;	/* the revision rendered ("HEAD~2, commit 1a2b3c4"), NULL for the file */
	bool versioned;		/* in a workspace: its approvals were looked up */
	const char *approval;	/* the approval tag of this very text (plan/<id>/v3), or NULL */
	const char *changed_since;	/* else the last approval this text differs from, or NULL */
};

/* The sections of the binder, in their order (the cover first, unnumbered). */
enum render_section {
	RENDER_CONTENTS, RENDER_ACTIVATION, RENDER_CALLTREE, RENDER_CELL, RENDER_PROCEDURES,
	RENDER_COMMUNICATION, RENDER_IMPACT, RENDER_SCENARIOS, RENDER_EXIT, RENDER_CONTACTS,
	RENDER_NR_SECTIONS
};

/* The heading of a section in the language asked for. */
const char *render_section_title(enum render_section s, bool fr);

/*
 * Append the binder of plan `p`: the cover (title, kind spelled out, id,
 * the approval, status, approver and date, the date printed, the revision,
 * "redacted" when it is), the contents, then each section on a page of its
 * own: activation (criteria, who may trigger the plan), the call tree by
 * escalation level (who, phones, deputy), the crisis cell, one checklist
 * per procedure, the communication plan, the business impact table,
 * the scenarios when there are any, the stand-down, and the contact sheet
 * (every contact the plan names, its own and the workspace's). Durations
 * are written for people ("4 h", "2 days"). What the plan says is escaped
 * for the format; a plan missing parts gives a binder that says so.
 */
void render_plan(struct buf *out, const struct plan *p, const struct render_opts *o);

#endif
