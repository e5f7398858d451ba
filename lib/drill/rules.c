#include "rules.h"
#include "command.h"
#include "drill.h"
#include "plan/plan.h"
#include "util/buf.h"
#include "util/duration.h"
#include "util/suggest.h"

#include <stdlib.h>
#include <string.h>

#define report(ctx, rule, node, ...) \
	doc_report((ctx)->f, rule, node, AT_VALUE, __VA_ARGS__)

static const struct drill *drill_in(const struct rule_ctx *ctx)
{
	return ctx->model;
}

static xmlNode *child_or_self(xmlNode *node, const char *name)
{
	xmlNode *c = doc_child(node, name);
	return c ? c : node;
}

/* The plan under test, or NULL (with a finding when the workspace was searched for it). */
static const struct plan *plan_under_test(struct rule_ctx *ctx)
{
	const struct drill *d = drill_in(ctx);
	if (!ctx->env || !ctx->env->find_plan || !d->plan)
		return NULL;
	const struct loaded *lp = ctx->env->find_plan(ctx->env, d->plan);
	if (lp && plan_of(lp))
		return plan_of(lp);
	xmlNode *at = child_or_self(d->root, "plan");
	if (lp)
		report(ctx, RULE_DRILL_PLAN_MISSING, at,
		       "plan '%s' does not validate: the drill cannot be checked against it "
		       "(see crisis plan validate)", d->plan);
	else {
		const char *best = suggest_best(d->plan, ctx->env->plan_ids, ctx->env->nr_plan_ids);
		if (best)
			report(ctx, RULE_DRILL_PLAN_MISSING, at,
			       "no plan '%s' in the workspace; did you mean '%s'?", d->plan, best);
		else
			report(ctx, RULE_DRILL_PLAN_MISSING, at,
			       "no plan '%s' in the workspace: the drill's parties, scenario, levels "
			       "and steps cannot be checked (name its file with --plan)", d->plan);
	}
	return NULL;
}

static void check_party(struct rule_ctx *ctx, const struct plan *p, const char *party, xmlNode *node)
{
	if (!party || plan_has_party(p, party))
		return;
	const char *best = plan_closest_party(p, party, true, true);
	if (best)
		report(ctx, RULE_UNKNOWN_REFERENCE, node,
		       "'%s' is no cell role or contact of plan '%s'; did you mean '%s'?", party,
		       p->id, best);
	else
		report(ctx, RULE_UNKNOWN_REFERENCE, node,
		       "'%s' is no cell role or contact of plan '%s'", party, p->id);
}

static const struct plan_level *level_of(const struct plan *p, long level)
{
	for (size_t i = 0; i < p->nr_levels; i++)
		if (p->levels[i].level == level)
			return &p->levels[i];
	return NULL;
}

/* The step "procedure.step" of the plan, or NULL; *procedure tells whether the procedure exists. */
static const struct plan_step *step_of(const struct plan *p, const char *ref, bool *procedure)
{
	const char *dot = strchr(ref, '.');
	*procedure = false;
	if (!dot)
		return NULL;
	for (size_t i = 0; i < p->nr_procedures; i++) {
		const struct plan_procedure *pr = &p->procedures[i];
		if (!pr->id || strlen(pr->id) != (size_t)(dot - ref) || strncmp(pr->id, ref, (size_t)(dot - ref)))
			continue;
		*procedure = true;
		for (size_t j = 0; j < pr->nr_steps; j++)
			if (pr->steps[j].id && !strcmp(pr->steps[j].id, dot + 1))
				return &pr->steps[j];
	}
	return NULL;
}

static void check_scenario(struct rule_ctx *ctx, const struct plan *p)
{
	const struct drill *d = drill_in(ctx);
	if (!d->scenario || plan_scenario(p, d->scenario))
		return;
	const char **ids = xcalloc(p->nr_scenarios + 1, sizeof(*ids));
	for (size_t i = 0; i < p->nr_scenarios; i++)
		ids[i] = p->scenarios[i].id;
	const char *best = suggest_best(d->scenario, ids, p->nr_scenarios);
	report(ctx, RULE_UNKNOWN_REFERENCE, child_or_self(d->root, "scenario"),
	       "plan '%s' has no scenario '%s'%s%s%s", p->id, d->scenario,
	       best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
	free(ids);
}

/* Levels and steps the expectations exercise, and how long the plan gives them. */
static void check_expectation(struct rule_ctx *ctx, const struct plan *p,
			      const struct drill_expect *e)
{
	struct buf plan_time = BUF_INIT;
	int64_t allowed = DRILL_NO_TIME;
	const char *what = NULL;
	char name[64];

	if (e->level) {
		const struct plan_level *l = level_of(p, e->level);
		if (!l) {
			report(ctx, RULE_UNKNOWN_REFERENCE, child_or_self(e->node, "level"),
			       "plan '%s' has no escalation level %ld (it has %zu)", p->id, e->level,
			       p->nr_levels);
		} else if (l->within != NO_DURATION) {
			allowed = l->within * 1000;
			snprintf(name, sizeof(name), "escalation level %ld", e->level);
			what = name;
			buf_adds(&plan_time, l->within_text);
		}
	}
	if (e->step) {
		bool procedure;
		const struct plan_step *s = step_of(p, e->step, &procedure);
		if (!s) {
			report(ctx, RULE_UNKNOWN_REFERENCE, child_or_self(e->node, "step"),
			       procedure ? "plan '%s' has no step '%s' (a procedure id, '.', a step id)" :
					   "plan '%s' has no procedure for step '%s' (a procedure id, '.', a step id)",
			       p->id, e->step);
		} else if (s->within != NO_DURATION &&
			   (allowed == DRILL_NO_TIME || s->within * 1000 < allowed)) {
			allowed = s->within * 1000;
			what = "step";
			buf_reset(&plan_time);
			buf_adds(&plan_time, s->within_text);
		}
	}
	if (what && e->within != DRILL_NO_TIME && e->within > allowed)
		report(ctx, RULE_EXPECT_SLOWER_THAN_PLAN, child_or_self(e->node, "within"),
		       "expectation '%s' allows %s, but the plan's %s%s%s allows %s: the drill "
		       "would not notice the plan's deadline being missed", e->id, e->within_text,
		       what, !strcmp(what, "step") ? " " : "", !strcmp(what, "step") ? e->step : "",
		       buf_str(&plan_time));
	buf_release(&plan_time);
}

/* The plan, and what the drill names in it (parties, scenario, levels, steps). */
static void check_plan(struct rule_ctx *ctx)
{
	const struct drill *d = drill_in(ctx);
	const struct plan *p = plan_under_test(ctx);
	if (!p)
		return;
	check_scenario(ctx, p);
	for (size_t i = 0; i < d->nr_injects; i++) {
		const struct drill_inject *in = &d->injects[i];
		for (size_t j = 0; j < in->to.nr; j++)
			check_party(ctx, p, in->to.ids[j], in->to.nodes[j]);
		for (size_t j = 0; j < in->nr_expects; j++) {
			const struct drill_expect *e = &in->expects[j];
			check_party(ctx, p, e->by, doc_child(e->node, "by"));
			check_expectation(ctx, p, e);
		}
	}
}

static void check_timing(struct rule_ctx *ctx)
{
	const struct drill *d = drill_in(ctx);
	for (size_t i = 0; i < d->nr_injects; i++) {
		const struct drill_inject *in = &d->injects[i];
		if (in->at_text && in->after)
			report(ctx, RULE_INJECT_TIMING, doc_child(in->node, "after"),
			       "inject '%s' has both 'at' and 'after': give it one time", in->id);
		else if (!in->at_text && !in->after)
			report(ctx, RULE_INJECT_TIMING, in->node,
			       "inject '%s' has no time: give it 'at' (from the start, such as PT10M) "
			       "or 'after' (another inject) with a 'delay'", in->id);
		else if (in->delay_text && !in->after)
			report(ctx, RULE_INJECT_TIMING, doc_child(in->node, "delay"),
			       "inject '%s' has a 'delay' but no 'after': the delay counts from another inject",
			       in->id);
	}
}

static void check_end(struct rule_ctx *ctx)
{
	const struct drill *d = drill_in(ctx);
	for (size_t i = 0; i < d->nr_injects; i++) {
		const struct drill_inject *in = &d->injects[i];
		if (in->time == DRILL_NO_TIME || d->duration == DRILL_NO_TIME || in->time <= d->duration)
			continue;
		struct buf when = BUF_INIT;
		duration_format_ms(&when, in->time);
		report(ctx, RULE_INJECT_AFTER_END,
		       child_or_self(in->node, in->at_text ? "at" : "delay"),
		       "inject '%s' comes at %s, after the end of the drill (duration %s)", in->id,
		       buf_str(&when), d->duration_text);
		buf_release(&when);
	}
}

static void check_cycles(struct rule_ctx *ctx)
{
	const struct drill *d = drill_in(ctx);
	/* 0 unseen, 1 on the current chain, 2 done */
	unsigned char *state = xcalloc(d->nr_injects + 1, 1);
	for (size_t i = 0; i < d->nr_injects; i++) {
		size_t k = i;
		while (k < d->nr_injects && !state[k]) {
			state[k] = 1;
			const struct drill_inject *next = d->injects[k].after ?
				drill_inject(d, d->injects[k].after) : NULL;
			if (!next)
				break;
			size_t n = (size_t)(next - d->injects);
			if (state[n] == 1) {
				/* Back on this chain: a loop, reported at the 'after' that closes it. */
				report(ctx, RULE_INJECT_CYCLE, doc_child(d->injects[k].node, "after"),
				       "inject '%s' comes after '%s', which comes after it again: the "
				       "'after' chain loops", d->injects[k].id, next->id);
				break;
			}
			k = n;
		}
		for (size_t j = 0; j < d->nr_injects; j++)
			if (state[j] == 1)
				state[j] = 2;
	}
	free(state);
}

static void check_objectives(struct rule_ctx *ctx)
{
	const struct drill *d = drill_in(ctx);
	for (size_t i = 0; i < d->nr_objectives; i++) {
		const struct drill_objective *o = &d->objectives[i];
		bool served = false;
		for (size_t j = 0; !served && j < d->nr_injects; j++)
			for (size_t k = 0; !served && k < d->injects[j].nr_expects; k++)
				served = d->injects[j].expects[k].objective &&
					 !strcmp(d->injects[j].expects[k].objective, o->id);
		if (!served)
			report(ctx, RULE_OBJECTIVE_UNTESTED, child_or_self(o->node, "id"),
			       "objective '%s' is served by no expectation: the drill cannot tell whether "
			       "it was met (name it in an expectation's 'objective')", o->id);
	}
}

static const struct rule plan_missing = {
	.id = RULE_DRILL_PLAN_MISSING, .stage = STAGE_DRILL, .severity = SEV_ERROR,
	.summary = "the plan the drill exercises cannot be found",
	.help = "A drill names its plan by id ('plan:'); the plan is looked for under plans/ in the "
		"workspace, or given with --plan FILE. Without it, the parties, scenario, levels and "
		"steps the drill names cannot be checked.",
	.check = check_plan,
};

static const struct rule timing = {
	.id = RULE_INJECT_TIMING, .stage = STAGE_DRILL, .severity = SEV_ERROR,
	.summary = "an inject has no time, or two",
	.help = "Every inject has either 'at' (its offset from the start, such as PT15M) or 'after' "
		"(the id of an earlier inject) with an optional 'delay'; not both, not neither.",
	.check = check_timing,
};

static const struct rule after_end = {
	.id = RULE_INJECT_AFTER_END, .stage = STAGE_DRILL, .severity = SEV_ERROR,
	.summary = "an inject comes after the end of the drill",
	.help = "An inject's time ('at', or its 'after' inject's time plus its 'delay') must be "
		"within the drill's 'duration'.",
	.check = check_end,
};

static const struct rule cycle = {
	.id = RULE_INJECT_CYCLE, .stage = STAGE_DRILL, .severity = SEV_ERROR,
	.summary = "injects come after each other in a loop",
	.help = "Following 'after' from inject to inject must reach an inject with 'at'; a chain "
		"that loops back gives none of them a time.",
	.check = check_cycles,
};

static const struct rule untested = {
	.id = RULE_OBJECTIVE_UNTESTED, .stage = STAGE_DRILL, .severity = SEV_WARNING,
	.summary = "an objective no expectation serves",
	.help = "Each objective is met or not according to the expectations that name it "
		"('objective:'); one that none names cannot be evaluated (ISO 22301 8.5: exercises "
		"against objectives).",
	.check = check_objectives,
};

static const struct rule slower = {
	.id = RULE_EXPECT_SLOWER_THAN_PLAN, .stage = STAGE_DRILL, .severity = SEV_WARNING,
	.summary = "an expectation allows more time than the plan",
	.help = "An expectation linked to an escalation level ('level:') or a procedure step "
		"('step:') allows, in 'within', longer than the plan's own 'within' for it: the drill "
		"would mark on time an action the plan considers late.",
};

static const struct rule script = {
	.id = RULE_SCRIPT_SYNTAX, .stage = STAGE_DRILL, .severity = SEV_ERROR,
	.summary = "a line of a drill script cannot be played",
	.help = "A script line is +HH:MM:SS then a command (done, note, decision, publish, skip, "
		"role, pause, resume, end), at or after the line before it; the command must be "
		"possible at that point of the run (see crisis-drill(1)).",
};

const struct rule *const drill_rules[] = {
	&plan_missing, &timing, &after_end, &cycle, &untested, &slower, &script, NULL,
};
