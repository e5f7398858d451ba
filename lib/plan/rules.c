#include "rules.h"
#include "util/buf.h"
#include "check/config.h"
#include "check/doc.h"
#include "util/date.h"
#include "util/duration.h"
#include "plan.h"

#include <stdlib.h>
#include <string.h>

/* The plan a rule checks. */
static const struct plan *plan_in(const struct rule_ctx *ctx)
{
	return ctx->model;
}

#define FIRST_MESSAGE_MAX (48 * 3600)

/* Report a finding at `node`'s value. */
#define report(ctx, rule, node, ...) \
	doc_report((ctx)->f, rule, node, AT_VALUE, __VA_ARGS__)

/* A value as the user wrote it, for messages. */
static const char *shown(const char *text)
{
	return text ? text : "?";
}

static xmlNode *child_or_self(xmlNode *node, const char *name)
{
	xmlNode *c = doc_child(node, name);
	return c ? c : node;
}

static void check_rto_mtpd(struct rule_ctx *ctx)
{
	for (size_t i = 0; i < plan_in(ctx)->nr_activities; i++) {
		const struct plan_activity *a = &plan_in(ctx)->activities[i];
		if (a->rto == NO_DURATION || a->mtpd == NO_DURATION || a->rto <= a->mtpd)
			continue;
		report(ctx, RULE_RTO_EXCEEDS_MTPD, child_or_self(a->node, "rto"),
		       "activity '%s': rto %s exceeds mtpd %s (the activity would be back after the disruption became intolerable)",
		       a->id, shown(a->rto_text), shown(a->mtpd_text));
	}
}

static void check_dependencies(struct rule_ctx *ctx)
{
	for (size_t i = 0; i < plan_in(ctx)->nr_activities; i++) {
		const struct plan_activity *a = &plan_in(ctx)->activities[i];
		for (size_t j = 0; j < a->depends_on.nr; j++) {
			const struct plan_activity *d = plan_activity(plan_in(ctx), a->depends_on.ids[j]);
			if (!d || d->rto == NO_DURATION || a->rto == NO_DURATION || d->rto <= a->rto)
				continue;
			report(ctx, RULE_DEPENDENCY_SLOWER, a->depends_on.nodes[j],
			       "activity '%s' (rto %s) depends on '%s', which recovers later (rto %s)",
			       a->id, shown(a->rto_text), d->id, shown(d->rto_text));
		}
	}
}

#define NO_EDGE ((size_t)-1)

/* A directed graph over 0..nr-1, read through callbacks. */
struct graph {
	size_t nr;
	size_t (*degree)(const void *data, size_t node);
	size_t (*edge)(const void *data, size_t node, size_t k);	/* or NO_EDGE */
	const void *data;
	void (*visit)(void *ctx, size_t node);	/* after every edge's target */
	void *ctx;
};

/*
 * Depth-first, with its own stack (a chain of 100,000 steps must not
 * overflow the machine's). Returns false on a cycle, with the node and the
 * edge that closes it.
 */
static bool graph_walk(const struct graph *g, size_t *cycle_node, size_t *cycle_edge)
{
	enum { WHITE, GREY, BLACK } *marks = xcalloc(g->nr + 1, sizeof(*marks));
	struct { size_t node, next; } *stack = xcalloc(g->nr + 1, sizeof(*stack));
	bool ok = true;

	for (size_t root = 0; root < g->nr && ok; root++) {
		size_t depth = 0;
		if (marks[root] != WHITE)
			continue;
		marks[root] = GREY;
		stack[depth].node = root;
		stack[depth++].next = 0;
		while (depth && ok) {
			size_t node = stack[depth - 1].node;
			size_t k = stack[depth - 1].next++;
			if (k == g->degree(g->data, node)) {
				marks[node] = BLACK;
				if (g->visit)
					g->visit(g->ctx, node);
				depth--;
				continue;
			}
			size_t to = g->edge(g->data, node, k);
			if (to == NO_EDGE || marks[to] == BLACK)
				continue;
			if (marks[to] == GREY) {
				*cycle_node = node;
				*cycle_edge = k;
				ok = false;
				break;
			}
			marks[to] = GREY;
			stack[depth].node = to;
			stack[depth++].next = 0;
		}
	}
	free(marks);
	free(stack);
	return ok;
}

static size_t dependency_degree(const void *data, size_t i)
{
	const struct plan *p = data;
	return p->activities[i].depends_on.nr;
}

static size_t dependency_edge(const void *data, size_t i, size_t k)
{
	const struct plan *p = data;
	const struct plan_activity *d = plan_activity(p, p->activities[i].depends_on.ids[k]);
	return d ? (size_t)(d - p->activities) : NO_EDGE;
}

static void check_dependency_cycles(struct rule_ctx *ctx)
{
	const struct plan *p = plan_in(ctx);
	struct graph g = { p->nr_activities, dependency_degree, dependency_edge, p, NULL, NULL };
	size_t node, k;

	if (graph_walk(&g, &node, &k))
		return;
	const struct plan_activity *a = &p->activities[node];
	report(ctx, RULE_DEPENDENCY_CYCLE, a->depends_on.nodes[k],
	       "activity '%s' depends on '%s', which depends, directly or not, on '%s': no activity of the cycle can be restored first",
	       a->id, a->depends_on.ids[k], a->id);
}

/*
 * A procedure's steps as a graph: each step follows the steps it names in
 * `after` (none for `after: []`), or else the previous step.
 */
struct steps {
	const struct plan_procedure *pr;
	struct strmap index;	/* step id -> 1 + position */
	int64_t *finish;	/* when each step is done, from the start */
};

static size_t step_degree(const void *data, size_t i)
{
	const struct steps *st = data;
	const struct plan_step *s = &st->pr->steps[i];
	return s->after.present ? s->after.nr : i > 0;
}

static size_t step_edge(const void *data, size_t i, size_t k)
{
	const struct steps *st = data;
	const struct plan_step *s = &st->pr->steps[i];
	if (!s->after.present)
		return i - 1;
	uintptr_t at = (uintptr_t)strmap_get(&st->index, s->after.ids[k]);
	return at ? (size_t)at - 1 : NO_EDGE;
}

static void step_done(void *ctx, size_t i)
{
	struct steps *st = ctx;
	int64_t start = 0;
	for (size_t k = 0; k < step_degree(st, i); k++) {
		size_t pred = step_edge(st, i, k);
		if (pred != NO_EDGE && st->finish[pred] > start)
			start = st->finish[pred];
	}
	int64_t within = st->pr->steps[i].within;
	st->finish[i] = start + (within > 0 ? within : 0);
}

/* The longest chain of `within` through a procedure's steps; -1 on a cycle. */
static int64_t procedure_length(struct rule_ctx *ctx, const struct plan_procedure *pr)
{
	struct steps st = { pr, STRMAP_INIT, xcalloc(pr->nr_steps + 1, sizeof(int64_t)) };
	struct graph g = { pr->nr_steps, step_degree, step_edge, &st, step_done, &st };
	int64_t longest = 0;
	size_t node, k;

	for (size_t i = 0; i < pr->nr_steps; i++)
		if (pr->steps[i].id)
			strmap_put(&st.index, pr->steps[i].id, (void *)(uintptr_t)(i + 1));
	if (!graph_walk(&g, &node, &k)) {
		/* Shown at the step the cycle comes back to, where it starts. */
		const struct plan_step *s = &pr->steps[step_edge(&st, node, k)];
		report(ctx, RULE_STEP_CYCLE, child_or_self(s->node, "after"),
		       "procedure '%s': step '%s' waits, through 'after', for itself",
		       pr->id, s->id ? s->id : "?");
		longest = -1;
	}
	for (size_t i = 0; longest >= 0 && i < pr->nr_steps; i++)
		if (st.finish[i] > longest)
			longest = st.finish[i];
	strmap_release(&st.index);
	free(st.finish);
	return longest;
}

static void check_procedures(struct rule_ctx *ctx)
{
	for (size_t i = 0; i < plan_in(ctx)->nr_procedures; i++) {
		const struct plan_procedure *pr = &plan_in(ctx)->procedures[i];
		int64_t length = procedure_length(ctx, pr);
		if (length <= 0)
			continue;
		for (size_t j = 0; j < pr->activities.nr; j++) {
			const struct plan_activity *a = plan_activity(plan_in(ctx), pr->activities.ids[j]);
			if (!a || a->rto == NO_DURATION || length <= a->rto)
				continue;
			struct buf took = BUF_INIT;
			duration_human(&took, length);
			report(ctx, RULE_PROCEDURE_EXCEEDS_RTO, pr->activities.nodes[j],
			       "procedure '%s' takes up to %s (its longest chain of steps), more than the rto %s of activity '%s'",
			       pr->id, took.ptr, shown(a->rto_text), a->id);
			buf_release(&took);
		}
	}
}

static void check_holder_deputy(struct rule_ctx *ctx)
{
	const struct plan *p = plan_in(ctx);
	for (size_t i = 0; i < p->nr_roles; i++) {
		const struct plan_role *r = &p->roles[i];
		if (r->holder && r->deputy && !strcmp(r->holder, r->deputy))
			report(ctx, RULE_HOLDER_IS_DEPUTY, child_or_self(r->node, "deputy"),
			       "cell role '%s': '%s' is both holder and deputy", r->id, r->holder);
	}
	for (size_t i = 0; i < p->nr_activities; i++) {
		const struct plan_activity *a = &p->activities[i];
		if (a->owner && a->deputy && !strcmp(a->owner, a->deputy))
			report(ctx, RULE_HOLDER_IS_DEPUTY, child_or_self(a->node, "deputy"),
			       "activity '%s': '%s' is both owner and deputy", a->id, a->owner);
	}
}

static void check_missing_deputy(struct rule_ctx *ctx)
{
	const struct plan *p = plan_in(ctx);
	for (size_t i = 0; i < p->nr_roles; i++) {
		const struct plan_role *r = &p->roles[i];
		if (!r->deputy)
			report(ctx, RULE_MISSING_DEPUTY, child_or_self(r->node, "id"),
			       "cell role '%s' has no deputy: name one who takes over when '%s' cannot be reached",
			       r->id, r->holder ? r->holder : "the holder");
	}
	for (size_t i = 0; i < p->nr_activities; i++) {
		const struct plan_activity *a = &p->activities[i];
		if (!a->deputy && a->priority >= PRIO_HIGH)
			report(ctx, RULE_MISSING_DEPUTY, child_or_self(a->node, "id"),
			       "%s activity '%s' has no deputy",
			       a->priority == PRIO_URGENT ? "urgent" : "high", a->id);
	}
}

/* The contact a party stands for: itself, or a role's holder. */
static const struct plan_contact *person_of(const struct plan *p, const char *party)
{
	const struct plan_role *r = plan_role(p, party);
	return plan_contact(p, r ? r->holder : party);
}

/* What one person holds: cell roles and urgent activities. */
struct load {
	const struct plan_contact *who;
	xmlNode *first;		/* where the plan first gives them one */
	unsigned count;
};

struct loads {
	struct load *items;	/* room for one per role and activity: never moves */
	size_t nr;
	struct strmap by_id;
};

static void add_load(struct loads *ls, const struct plan_contact *c, xmlNode *where)
{
	if (!c)
		return;
	struct load *l = strmap_get(&ls->by_id, c->id);
	if (!l) {
		l = &ls->items[ls->nr++];
		*l = (struct load){ c, where, 0 };
		strmap_put(&ls->by_id, c->id, l);
	}
	l->count++;
}

static void check_single_point(struct rule_ctx *ctx)
{
	const struct plan *p = plan_in(ctx);
	unsigned max = ctx->config ? ctx->config->spof_max : SPOF_DEFAULT_MAX;
	struct loads ls = { xcalloc(p->nr_roles + p->nr_activities + 1, sizeof(struct load)),
			    0, STRMAP_INIT };

	for (size_t i = 0; i < p->nr_roles; i++)
		add_load(&ls, plan_contact(p, p->roles[i].holder),
			 child_or_self(p->roles[i].node, "holder"));
	for (size_t i = 0; i < p->nr_activities; i++)
		if (p->activities[i].priority == PRIO_URGENT)
			add_load(&ls, person_of(p, p->activities[i].owner),
				 child_or_self(p->activities[i].node, "owner"));
	for (size_t i = 0; i < ls.nr; i++) {
		const struct load *l = &ls.items[i];
		if (l->count <= max)
			continue;
		/* A shared contact is defined elsewhere: point at the plan's first use. */
		xmlNode *at = plan_owns(p, l->who) ? child_or_self(l->who->node, "id") : l->first;
		report(ctx, RULE_SINGLE_POINT_OF_FAILURE, at,
		       "'%s' holds %u cell roles and urgent activities (more than %u): the plan stops if they are unavailable",
		       l->who->id, l->count, max);
	}
	strmap_release(&ls.by_id);
	free(ls.items);
}

/*
 * A plan of a workspace's plans/ folder is found by its id as plans/ID.yaml:
 * a file named otherwise is not, and its history is harder to follow.
 */
static void check_file_name(struct rule_ctx *ctx)
{
	const struct plan *p = plan_in(ctx);
	const char *path = ctx->f->path, *base = strrchr(path, '/');
	if (!base || !p->id || strcmp(p->kind ? p->kind : "", "contacts") == 0)
		return;
	/* Only in a folder called plans: examples and corpora elsewhere name their files as they like. */
	size_t dir_len = (size_t)(base - path);
	if (dir_len < 5 || memcmp(base - 5, "plans", 5) || (dir_len > 5 && base[-6] != '/'))
		return;
	base++;
	size_t stem = strcspn(base, ".");
	if (stem == strlen(p->id) && !memcmp(base, p->id, stem))
		return;
	report(ctx, RULE_FILE_NAME_NOT_ID, child_or_self(p->root, "id"),
	       "the plan's id is '%s' but its file is '%s': name it %s.yaml, so that commands find "
	       "the plan by its id", p->id, base, p->id);
}

static void check_review(struct rule_ctx *ctx)
{
	const struct plan *p = plan_in(ctx);
	xmlNode *review = doc_child(p->root, "review");
	int64_t next;
	char due[11];

	if (!plan_next_review(p, &next)) {
		if (p->status && !strcmp(p->status, "approved"))
			report(ctx, RULE_REVIEW_OVERDUE, review,
			       "the plan is approved but review.last is not set: when was it last reviewed?");
		return;
	}
	if (next >= ctx->today)
		return;
	date_format(next, due);
	report(ctx, RULE_REVIEW_OVERDUE, child_or_self(review, "last"),
	       "review overdue since %s (last reviewed %s, every %s)",
	       due, shown(p->review_last_text), shown(p->review_every_text));
}

static void check_exercise(struct rule_ctx *ctx)
{
	const struct plan *p = plan_in(ctx);
	xmlNode *ex = doc_child(p->root, "exercise");
	int64_t last, next;
	char due[11], ran[11];

	if (!ex) {
		report(ctx, RULE_EXERCISE_OVERDUE, p->root,
		       "no exercise is planned: add exercise.every (plans are exercised once or twice a year) and exercise.last");
		return;
	}
	if (!plan_next_exercise(p, ctx->env, &last, &next)) {
		report(ctx, RULE_EXERCISE_OVERDUE, ex,
		       "the plan has never been exercised: set exercise.last after the first drill");
		return;
	}
	if (next >= ctx->today)
		return;
	const char *every = p->exercise_every_text;
	bool by_run = !p->has_exercise_last || last > p->exercise_last;
	date_format(next, due);
	date_format(last, ran);
	report(ctx, RULE_EXERCISE_OVERDUE, child_or_self(ex, "last"),
	       "exercise overdue since %s (last exercised %s%s, every %s)",
	       due, by_run ? ran : shown(p->exercise_last_text), by_run ? " in a drill run" : "",
	       every ? every : PLAN_EXERCISE_EVERY " by default");
}

static int cmp_level(const void *a, const void *b)
{
	const struct plan_level *x = *(const struct plan_level *const *)a;
	const struct plan_level *y = *(const struct plan_level *const *)b;
	return (x->level > y->level) - (x->level < y->level);
}

static void check_escalation(struct rule_ctx *ctx)
{
	const struct plan *p = plan_in(ctx);
	const struct plan_level **sorted = xcalloc(p->nr_levels + 1, sizeof(*sorted));

	for (size_t i = 0; i < p->nr_levels; i++)
		sorted[i] = &p->levels[i];
	qsort(sorted, p->nr_levels, sizeof(*sorted), cmp_level);
	for (size_t i = 0; i < p->nr_levels; i++) {
		const struct plan_level *l = sorted[i];
		if (l->level != (long)i + 1) {
			report(ctx, RULE_ESCALATION_ORDER, child_or_self(l->node, "level"),
			       "escalation level %ld: levels are numbered 1, 2, 3... without gaps (expected %zu)",
			       l->level, i + 1);
			break;
		}
		if (i > 0 && l->within <= sorted[i - 1]->within) {
			report(ctx, RULE_ESCALATION_ORDER, child_or_self(l->node, "within"),
			       "escalation level %ld is due within %s, not later than level %ld (within %s): each level comes later than the one before",
			       l->level, shown(l->within_text), sorted[i - 1]->level,
			       shown(sorted[i - 1]->within_text));
		}
	}
	free(sorted);
}

static void check_reachable(struct rule_ctx *ctx)
{
	const struct plan *p = plan_in(ctx);

	for (size_t i = 0; i < p->nr_contacts; i++) {
		const struct plan_contact *c = &p->contacts[i];
		if (!c->nr_phones)
			report(ctx, RULE_CONTACT_UNREACHABLE, child_or_self(c->node, "id"),
			       "contact '%s' has no phone number", c->id);
	}
	for (size_t i = 0; i < p->nr_levels; i++) {
		const struct plan_level *l = &p->levels[i];
		for (size_t j = 0; j < l->notify.nr; j++) {
			const struct plan_role *r = plan_role(p, l->notify.ids[j]);
			const struct plan_contact *c = person_of(p, l->notify.ids[j]);
			const struct plan_contact *dep = r ? plan_contact(p, r->deputy) : NULL;
			if (!c || c->available != AVAIL_OFFICE_HOURS)
				continue;
			if (dep && dep->available == AVAIL_ALWAYS)
				continue;
			report(ctx, RULE_CONTACT_UNREACHABLE, l->notify.nodes[j],
			       "escalation level %ld notifies '%s', who is available office hours only%s",
			       l->level, c->id,
			       r ? " and whose role has no deputy available 24/7" :
				   ": a crisis does not wait for office hours");
		}
	}
}

static void check_stale(struct rule_ctx *ctx)
{
	const struct plan *p = plan_in(ctx);
	const char *after = ctx->config && ctx->config->stale_after ?
			    ctx->config->stale_after : STALE_DEFAULT;

	for (size_t i = 0; i < p->nr_contacts; i++) {
		const struct plan_contact *c = &p->contacts[i];
		int64_t verified;
		if (date_parse(c->verified, &verified) < 0 ||
		    date_add_duration(verified, after) >= ctx->today)
			continue;
		report(ctx, RULE_CONTACT_STALE, doc_child(c->node, "verified"),
		       "contact '%s' was last verified on %s, more than %s ago: call them and update 'verified'",
		       c->id, c->verified, after);
	}
}

struct used {
	const struct plan *plan;
	struct strmap ids;
};

/* The contacts a party stands for: itself, or a role's holder and deputy. */
static void mark_used(void *data, const char *party, const char *what, xmlNode *node)
{
	struct used *u = data;
	const struct plan_role *r = plan_role(u->plan, party);
	(void)what;
	(void)node;
	if (!r) {
		strmap_put(&u->ids, party, (void *)party);
		return;
	}
	if (r->holder)
		strmap_put(&u->ids, r->holder, (void *)r->holder);
	if (r->deputy)
		strmap_put(&u->ids, r->deputy, (void *)r->deputy);
}

static void check_unused(struct rule_ctx *ctx)
{
	const struct plan *p = plan_in(ctx);
	struct used used = { p, STRMAP_INIT };

	if (p->directory)
		return;		/* only the workspace's plans can use those */
	plan_parties(p, false, mark_used, &used);
	for (size_t i = 0; i < p->nr_contacts; i++) {
		const struct plan_contact *c = &p->contacts[i];
		if (c->id && !strmap_get(&used.ids, c->id))
			report(ctx, RULE_CONTACT_UNUSED, child_or_self(c->node, "id"),
			       "contact '%s' is referenced nowhere in the plan", c->id);
	}
	strmap_release(&used.ids);
}

static void check_first_message(struct rule_ctx *ctx)
{
	const struct plan *p = plan_in(ctx);
	if (p->first_message_within == NO_DURATION || p->first_message_within <= FIRST_MESSAGE_MAX)
		return;
	xmlNode *comm = doc_child(p->root, "communication");
	report(ctx, RULE_FIRST_MESSAGE_LATE, doc_child(comm, "first_message_within"),
	       "first message within %s: the first information (and apologies) should go out within 48 hours",
	       shown(p->first_message_text));
}

static const struct rule rto_exceeds_mtpd = {
	.id = RULE_RTO_EXCEEDS_MTPD, .stage = STAGE_PLAN, .severity = SEV_ERROR,
	.summary = "an activity's RTO is longer than its MTPD",
	.help = "The recovery time objective must not exceed the maximum tolerable period of disruption (ISO 22301 8.2.2): recover the activity before its interruption becomes intolerable.",
	.check = check_rto_mtpd,
};

static const struct rule dependency_slower = {
	.id = RULE_DEPENDENCY_SLOWER, .stage = STAGE_PLAN, .severity = SEV_WARNING,
	.summary = "an activity depends on one that recovers later",
	.help = "A dependency whose RTO is longer than the RTO of the activity that needs it makes that RTO unreachable: shorten the dependency's RTO or lengthen the activity's.",
	.check = check_dependencies,
};

static const struct rule dependency_cycle = {
	.id = RULE_DEPENDENCY_CYCLE, .stage = STAGE_PLAN, .severity = SEV_ERROR,
	.summary = "activities depend on each other in a cycle",
	.help = "depends_on must not loop back: no activity can be restored first.",
	.check = check_dependency_cycles,
};

static const struct rule procedure_exceeds_rto = {
	.id = RULE_PROCEDURE_EXCEEDS_RTO, .stage = STAGE_PLAN, .severity = SEV_WARNING,
	.summary = "a procedure takes longer than the RTO it serves",
	.help = "The longest chain of step durations ('within', steps following the previous one or the steps named in 'after') of a procedure that restores an activity exceeds that activity's RTO.",
	.check = check_procedures,
};

static const struct rule step_cycle = {
	.id = RULE_STEP_CYCLE, .stage = STAGE_PLAN, .severity = SEV_ERROR,
	.summary = "procedure steps wait for each other in a cycle",
	.help = "A step's 'after' must not lead back to the step itself.",
};

static const struct rule holder_is_deputy = {
	.id = RULE_HOLDER_IS_DEPUTY, .stage = STAGE_PLAN, .severity = SEV_ERROR,
	.summary = "a holder is their own deputy",
	.help = "A deputy replaces the holder of a cell role or the owner of an activity; the same person in both places leaves nobody to take over.",
	.check = check_holder_deputy,
};

static const struct rule missing_deputy = {
	.id = RULE_MISSING_DEPUTY, .stage = STAGE_PLAN, .severity = SEV_WARNING,
	.summary = "a cell role or a critical activity has no deputy",
	.help = "Every cell role, and every urgent or high activity, names a deputy (ISO 22301 8.4: response teams with members and alternates).",
	.check = check_missing_deputy,
};

static const struct rule single_point_of_failure = {
	.id = RULE_SINGLE_POINT_OF_FAILURE, .stage = STAGE_PLAN, .severity = SEV_WARNING,
	.summary = "one person holds too many roles",
	.help = "One contact holds more cell roles and urgent activities than the threshold (3 by default; thresholds.single-point-of-failure in .crisis.yaml).",
	.check = check_single_point,
};

static const struct rule review_overdue = {
	.id = RULE_REVIEW_OVERDUE, .stage = STAGE_PLAN, .severity = SEV_WARNING,
	.summary = "the plan's review is overdue",
	.help = "review.last plus review.every is in the past: review the plan (typically yearly and after any significant change) and update review.last.",
	.check = check_review,
};

static const struct rule exercise_overdue = {
	.id = RULE_EXERCISE_OVERDUE, .stage = STAGE_PLAN, .severity = SEV_WARNING,
	.summary = "the plan's exercise is overdue or not planned",
	.help = "Plans are exercised at planned intervals (ISO 22301 8.5), once or twice a year: set exercise.every and exercise.last.",
	.check = check_exercise,
};

static const struct rule escalation_order = {
	.id = RULE_ESCALATION_ORDER, .stage = STAGE_PLAN, .severity = SEV_ERROR,
	.summary = "escalation levels out of order",
	.help = "Levels are numbered 1, 2, 3... and each is due later ('within', from the alert) than the one before.",
	.check = check_escalation,
};

static const struct rule contact_unreachable = {
	.id = RULE_CONTACT_UNREACHABLE, .stage = STAGE_PLAN, .severity = SEV_WARNING,
	.summary = "a contact cannot be reached when needed",
	.help = "A contact with no phone, or available office hours only while an escalation level notifies them (and no 24/7 deputy covers their role).",
	.check = check_reachable,
};

static const struct rule first_message_late = {
	.id = RULE_FIRST_MESSAGE_LATE, .stage = STAGE_PLAN, .severity = SEV_WARNING,
	.summary = "the first message is planned too late",
	.help = "communication.first_message_within is longer than 48 hours: first information and apologies go out within 48 hours.",
	.check = check_first_message,
};

static const struct rule contact_stale = {
	.id = RULE_CONTACT_STALE, .stage = STAGE_PLAN, .severity = SEV_WARNING,
	.summary = "a contact was last verified too long ago",
	.help = "A contact's 'verified' date is older than six months (thresholds: contact-stale: P6M in .crisis.yaml): numbers change, people leave. Call them, then update 'verified'.",
	.check = check_stale,
};

static const struct rule contact_unused = {
	.id = RULE_CONTACT_UNUSED, .stage = STAGE_PLAN, .severity = SEV_WARNING,
	.summary = "a contact is referenced nowhere",
	.help = "A plan's contact that no owner, cell role, activity, escalation level, audience or step names; in a workspace, a contacts.yaml entry that no plan names (crisis contacts check). Remove it or give it a role.",
	.check = check_unused,
};

static const struct rule file_name_not_id = {
	.id = RULE_FILE_NAME_NOT_ID, .stage = STAGE_PLAN, .severity = SEV_WARNING,
	.summary = "a plan's file is not named after its id",
	.help = "In a workspace, plans/ID.yaml holds the plan whose id is ID: every command that takes a plan finds it by its id that way (crisis plan show ID, plan log ID). Rename the file with git mv, or the id.",
	.check = check_file_name,
};

const struct rule *const plan_rules[] = {
	&file_name_not_id,
	&rto_exceeds_mtpd,
	&dependency_slower,
	&dependency_cycle,
	&procedure_exceeds_rto,
	&step_cycle,
	&holder_is_deputy,
	&missing_deputy,
	&single_point_of_failure,
	&review_overdue,
	&exercise_overdue,
	&escalation_order,
	&contact_unreachable,
	&first_message_late,
	&contact_stale,
	&contact_unused,
	NULL,
};

/* The rules that also check a workspace's contacts.yaml. */
const struct rule *const plan_contacts_rules[] = {
	&single_point_of_failure,
	&contact_unreachable,
	&contact_stale,
	&contact_unused,
	NULL,
};
