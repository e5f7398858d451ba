/*
 * The words of the crisis binder, in English and in French: section
 * headings, labels, the sentences that say a part is missing. Inside
 * lib/plan only: render.h is the binder's interface.
 */
#ifndef CRISIS_RENDER_WORDS_H
#define CRISIS_RENDER_WORDS_H

#include "render.h"

#include <stdbool.h>

/*
 * Texts, except four printf formats: changed_since (the tag), level (the
 * level, the deadline), call_up (how many times) and procedure (the
 * section's number, the procedure's, its title).
 */
struct render_words {
	const char *sections[RENDER_NR_SECTIONS];
	const char *pca, *pra, *binder, *plan_id, *version, *not_approved, *changed_since, *status,
		*approved_by, *approved_on, *owner, *review_every, *printed, *revision, *working_tree, *redacted,
		*redacted_foot, *scope, *page;
	const char *statuses[4];	/* draft, review, approved, retired */
	const char *colon;	/* between a label and its text: ": ", or " : " in French */
	const char *number, *section, *criteria, *no_criteria, *authority, *no_authority, *party,
		*name, *phones, *deputy, *available, *office_hours, *unknown, *calltree_intro,
		*no_levels, *level, *call_up, *go_on, *role, *suppliers, *by_day, *at_night,
		*no_supplier;
	const char *group, *holder, *duties, *no_cell;
	const char *groups[4];		/* expert, orchestrator, communicator, operator */
	const char *procedure, *no_procedure, *restores, *step, *who, *within, *after,
		*steps_to_tick, *no_step;
	const char *strategy, *strategies[3], *first_message, *audiences, *audience, *channels,
		*spokesperson, *messages, *no_audience, *faq, *question, *answer, *kpis, *indicator,
		*target;
	const char *activity, *priority, *priorities[4], *depends_on, *no_activity;
	const char *scenario, *likelihood, *impact, *procedures, *description;
	const char *exit_criteria, *exit_steps, *no_exit;
	const char *title, *org, *internal, *external, *email, *no_contact, *none;
};

/* The French words when `fr`, else the English ones. */
const struct render_words *render_words(bool fr);

#endif
