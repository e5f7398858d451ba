#include "rules.h"
#include "debrief.h"
#include "draft.h"
#include "plan/plan.h"
#include "util/suggest.h"

#include <string.h>

#define report(ctx, rule, node, ...) \
	doc_report((ctx)->f, rule, node, AT_VALUE, __VA_ARGS__)

static const struct debrief *debrief_in(const struct rule_ctx *ctx)
{
	return ctx->model;
}

static xmlNode *child_or_self(xmlNode *node, const char *name)
{
	xmlNode *c = doc_child(node, name);
	return c ? c : node;
}

/* The plan `id` of the workspace; a finding at `node` when there is none. */
static const struct plan *plan_named(struct rule_ctx *ctx, const char *id, xmlNode *node)
{
	const struct loaded *lp = ctx->env->find_plan(ctx->env, id);
	if (lp && plan_of(lp))
		return plan_of(lp);
	if (lp) {
		report(ctx, RULE_UNKNOWN_REFERENCE, node,
		       "plan '%s' does not validate: what names it cannot be checked", id);
		return NULL;
	}
	const char *best = suggest_best(id, ctx->env->plan_ids, ctx->env->nr_plan_ids);
	report(ctx, RULE_UNKNOWN_REFERENCE, node, "no plan '%s' in the workspace%s%s%s", id,
	       best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
	return NULL;
}

static void check_party(struct rule_ctx *ctx, const struct plan *p, const char *what,
			const char *party, xmlNode *node)
{
	if (!party || plan_has_party(p, party))
		return;
	const char *best = plan_closest_party(p, party, true, true);
	report(ctx, RULE_UNKNOWN_REFERENCE, node,
	       "%s '%s' is no cell role or contact of plan '%s'%s%s%s", what, party, p->id,
	       best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
}

/* The plans named, and the parties each action, decision and participant names in them. */
static void check_references(struct rule_ctx *ctx)
{
	const struct debrief *d = debrief_in(ctx);
	if (!ctx->env || !ctx->env->find_plan)
		return;
	xmlNode *about = doc_child(d->root, "about");
	const struct plan *main = d->plan ? plan_named(ctx, d->plan, child_or_self(about, "plan")) : NULL;
	for (size_t i = 0; main && i < d->participants.nr; i++)
		check_party(ctx, main, "participant", d->participants.ids[i], d->participants.nodes[i]);
	for (size_t i = 0; main && i < d->nr_decisions; i++)
		check_party(ctx, main, "decision taken by", d->decisions[i].by,
			    doc_child(d->decisions[i].node, "by"));
	for (size_t i = 0; i < d->nr_actions; i++) {
		const struct debrief_action *a = &d->actions[i];
		const struct plan *p = a->plan ? plan_named(ctx, a->plan, doc_child(a->node, "plan")) : main;
		if (p)
			check_party(ctx, p, "owner", a->owner, doc_child(a->node, "owner"));
	}
}

/* The dates of the open actions: before the debrief (a typing slip), or past and still open. */
static void check_dates(struct rule_ctx *ctx)
{
	const struct debrief *d = debrief_in(ctx);
	for (size_t i = 0; i < d->nr_actions; i++) {
		const struct debrief_action *a = &d->actions[i];
		xmlNode *due = child_or_self(a->node, "due");
		if (a->due < 0 || a->status != ACTION_OPEN)
			continue;
		if (d->date >= 0 && a->due < d->date)
			report(ctx, RULE_ACTION_DUE_PAST, due,
			       "action '%s' is due on %s, before the debrief itself (%s): give it a date "
			       "to come", a->id, a->due_text, d->date_text);
		if (debrief_action_overdue(a, ctx->today))
			report(ctx, RULE_ACTION_OVERDUE, due,
			       "action '%s' was due on %s and is still open: do it, or move its date "
			       "with the reason, or drop it", a->id, a->due_text);
	}
}

/* What the schema cannot say: a debrief is of one drill run or one crisis; its times are times. */
static void check_about(struct rule_ctx *ctx)
{
	const struct debrief *d = debrief_in(ctx);
	xmlNode *about = doc_child(d->root, "about");
	if (about && !d->run && !d->crisis)
		doc_report(ctx->f, RULE_MISSING_KEY, about, AT_KEY,
			   "about names what the debrief is of: a drill run (drill_run) or a crisis (crisis)");
	else if (about && d->run && d->crisis)
		report(ctx, RULE_BAD_VALUE, child_or_self(about, "crisis"),
		       "about names both a drill run and a crisis: a debrief is of one of them");
	for (size_t i = 0; i < d->nr_timeline; i++)
		if (d->timeline[i].at && !draft_valid_when(d->timeline[i].at))
			report(ctx, RULE_BAD_VALUE, child_or_self(d->timeline[i].node, "at"),
			       "'%s' is not a time: an offset such as PT12M, or a date and time such as "
			       "2026-03-03T08:15:00+01:00", d->timeline[i].at);
	for (size_t i = 0; i < d->nr_decisions; i++)
		if (d->decisions[i].at && !draft_valid_when(d->decisions[i].at))
			report(ctx, RULE_BAD_VALUE, child_or_self(d->decisions[i].node, "at"),
			       "'%s' is not a time: an offset such as PT12M, or a date and time such as "
			       "2026-03-03T08:15:00+01:00", d->decisions[i].at);
}

/*
 * References into the workspace are reported as the schema's are, under
 * unknown-reference (listed with the load and schema rules).
 */
static const struct rule references = {
	.id = RULE_UNKNOWN_REFERENCE, .stage = STAGE_SCHEMA, .severity = SEV_ERROR,
	.summary = "the plans, owners and parties a debrief names exist",
	.help = "about.plan and each action's plan are plans of the workspace; owners, "
		"participants and who took a decision are cell roles or contacts of that plan.",
	.check = check_references,
};

static const struct rule due_past = {
	.id = RULE_ACTION_DUE_PAST, .stage = STAGE_DEBRIEF, .severity = SEV_WARNING,
	.summary = "an action is due before the debrief that decided it",
	.help = "A corrective action is decided at the debrief: the due date of an open action "
		"comes after the debrief's date (crisis debrief add warns of a date already past). "
		"A date before it is a typing mistake.",
	.check = check_dates,
};

static const struct rule overdue = {
	.id = RULE_ACTION_OVERDUE, .stage = STAGE_DEBRIEF, .severity = SEV_WARNING,
	.summary = "an open action is past its due date",
	.help = "Corrective actions are followed to completion (HSEEP improvement plan): an open "
		"action past its due date is done, given a new date with the reason, or dropped. "
		"crisis status counts them and exits 1.",
};

/* Reported as the schema's are, under missing-key and bad-value. */
static const struct rule about = {
	.id = RULE_MISSING_KEY, .stage = STAGE_SCHEMA, .severity = SEV_ERROR,
	.summary = "a debrief is of one drill run or one crisis, and its times are times",
	.help = "about names drill_run or crisis, not both; each timeline and decision `at` is an "
		"offset such as PT12M or a date and time.",
	.check = check_about,
};

const struct rule *const debrief_rules[] = {
	&references, &about, &due_past, &overdue, NULL,
};
