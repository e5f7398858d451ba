#include "check/rule.h"
#include "util/buf.h"
#include "check/config.h"
#include "check/doc.h"
#include "util/date.h"
#include "util/duration.h"
#include "plan.h"

#include <stdlib.h>
#include <string.h>

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
	for (size_t i = 0; i < ctx->plan->nr_activities; i++) {
		const struct plan_activity *a = &ctx->plan->activities[i];
		if (a->rto == NO_DURATION || a->mtpd == NO_DURATION || a->rto <= a->mtpd)
			continue;
		report(ctx, RULE_RTO_EXCEEDS_MTPD, child_or_self(a->node, "rto"),
		       "activity '%s': rto %s exceeds mtpd %s (the activity would be back after the disruption became intolerable)",
		       a->id, shown(a->rto_text), shown(a->mtpd_text));
	}
}

static void check_dependencies(struct rule_ctx *ctx)
{
	for (size_t i = 0; i < ctx->plan->nr_activities; i++) {
		const struct plan_activity *a = &ctx->plan->activities[i];
		for (size_t j = 0; j < a->depends_on.nr; j++) {
			const struct plan_activity *d = plan_activity(ctx->plan, a->depends_on.ids[j]);
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
	const struct plan *p = ctx->plan;
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
	for (size_t i = 0; i < ctx->plan->nr_procedures; i++) {
		const struct plan_procedure *pr = &ctx->plan->procedures[i];
		int64_t length = procedure_length(ctx, pr);
		if (length <= 0)
			continue;
		for (size_t j = 0; j < pr->activities.nr; j++) {
			const struct plan_activity *a = plan_activity(ctx->plan, pr->activities.ids[j]);
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
	const struct plan *p = ctx->plan;
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
	const struct plan *p = ctx->plan;
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
	const struct plan *p = ctx->plan;
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

static void check_review(struct rule_ctx *ctx)
{
	const struct plan *p = ctx->plan;
	xmlNode *review = doc_child(p->root, "review");
	char due[11];

	if (!p->has_review_last) {
		if (p->status && !strcmp(p->status, "approved"))
			report(ctx, RULE_REVIEW_OVERDUE, review,
			       "the plan is approved but review.last is not set: when was it last reviewed?");
		return;
	}
	int64_t next = date_add_duration(p->review_last, p->review_every_text);
	if (next >= ctx->today)
		return;
	date_format(next, due);
	report(ctx, RULE_REVIEW_OVERDUE, child_or_self(review, "last"),
	       "review overdue since %s (last reviewed %s, every %s)",
	       due, shown(p->review_last_text), shown(p->review_every_text));
}

static void check_exercise(struct rule_ctx *ctx)
{
	const struct plan *p = ctx->plan;
	xmlNode *ex = doc_child(p->root, "exercise");
	char due[11];

	if (!ex) {
		report(ctx, RULE_EXERCISE_OVERDUE, p->root,
		       "no exercise is planned: add exercise.every (plans are exercised once or twice a year) and exercise.last");
		return;
	}
	if (!p->has_exercise_last) {
		report(ctx, RULE_EXERCISE_OVERDUE, ex,
		       "the plan has never been exercised: set exercise.last after the first drill");
		return;
	}
	const char *every = p->exercise_every_text;
	int64_t next = date_add_duration(p->exercise_last, every ? every : "P12M");
	if (next >= ctx->today)
		return;
	date_format(next, due);
	report(ctx, RULE_EXERCISE_OVERDUE, child_or_self(ex, "last"),
	       "exercise overdue since %s (last exercised %s, every %s)",
	       due, shown(p->exercise_last_text), every ? every : "P12M by default");
}

static int cmp_level(const void *a, const void *b)
{
	const struct plan_level *x = *(const struct plan_level *const *)a;
	const struct plan_level *y = *(const struct plan_level *const *)b;
	return (x->level > y->level) - (x->level < y->level);
}

static void check_escalation(struct rule_ctx *ctx)
{
	const struct plan *p = ctx->plan;
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
	const struct plan *p = ctx->plan;

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
	const struct plan *p = ctx->plan;
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
	const struct plan *p = ctx->plan;
	struct used used = { p, STRMAP_INIT };

	if (p->kind && !strcmp(p->kind, "contacts"))
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
	const struct plan *p = ctx->plan;
	if (p->first_message_within == NO_DURATION || p->first_message_within <= FIRST_MESSAGE_MAX)
		return;
	xmlNode *comm = doc_child(p->root, "communication");
	report(ctx, RULE_FIRST_MESSAGE_LATE, doc_child(comm, "first_message_within"),
	       "first message within %s: the first information (and apologies) should go out within 48 hours",
	       shown(p->first_message_text));
}

const struct rule rules[] = {
	{ RULE_IO_ERROR, STAGE_LOAD, SEV_ERROR, "the file cannot be read",
	  "The file does not exist, is a folder, cannot be opened or is too large.", NULL, false },
	{ RULE_YAML_SYNTAX, STAGE_LOAD, SEV_ERROR, "the file is not valid YAML",
	  "The YAML parser stopped at this position. Check indentation, colons and quotes.", NULL, false },
	{ RULE_XML_SYNTAX, STAGE_LOAD, SEV_ERROR, "the file is not a well-formed XML plan",
	  "An .xml plan is read as XML: it must be well-formed, have the root element <crisis>, and no DOCTYPE.", NULL, false },
	{ RULE_INVALID_UTF8, STAGE_LOAD, SEV_ERROR, "the file is not valid UTF-8",
	  "Plans are UTF-8 text. Save the file as UTF-8 (a Latin-1 or Windows-1252 file shows this error at its first accented letter).", NULL, false },
	{ RULE_TAB_INDENT, STAGE_LOAD, SEV_ERROR, "a tab in indentation",
	  "YAML indents with spaces only. Configure the editor to insert spaces (in vim: set expandtab).", NULL, false },
	{ RULE_EMPTY_FILE, STAGE_LOAD, SEV_ERROR, "the file holds no plan",
	  "The file is empty or its document is empty.", NULL, false },
	{ RULE_MULTI_DOCUMENT, STAGE_LOAD, SEV_ERROR, "more than one YAML document in a file",
	  "A file holds one plan. Split documents separated by '---' into files of their own.", NULL, false },
	{ RULE_DUPLICATE_KEY, STAGE_LOAD, SEV_ERROR, "a key appears twice in one mapping",
	  "YAML forbids duplicate keys; the second would silently replace the first.", NULL, false },
	{ RULE_KEY_NOT_NAME, STAGE_LOAD, SEV_ERROR, "a key is not a plain name",
	  "Keys are names such as 'first_message_within': letters, digits, '_' and '-'. Lists, mappings, aliases and merge keys ('<<') cannot be keys.", NULL, false },
	{ RULE_ALIAS_BUDGET, STAGE_LOAD, SEV_ERROR, "aliases expand beyond the budget",
	  "Aliases (*name) are expanded when a plan is read; a file whose aliases would add more than 10,000 nodes beyond the ones it spells out (a \"billion laughs\") is refused.", NULL, false },
	{ RULE_TOO_DEEP, STAGE_LOAD, SEV_ERROR, "mappings and lists nested too deeply",
	  "A plan nests a few levels deep; more than 64 levels is refused.", NULL, false },
	{ RULE_MERGE_CONFLICT, STAGE_LOAD, SEV_ERROR, "the file holds unresolved merge conflict markers",
	  "git left '<<<<<<<', '=======' and '>>>>>>>' lines where two versions of the plan conflict: keep the right lines, remove the markers, then validate again.", NULL, false },
	{ RULE_UNKNOWN_KEY, STAGE_SCHEMA, SEV_ERROR, "a key the format does not define",
	  "Often a typo: the message suggests the closest key. See crisis-plan(5) for every key.", NULL, false },
	{ RULE_MISSING_KEY, STAGE_SCHEMA, SEV_ERROR, "a required key is missing",
	  "Every plan has format, kind, id, title, owner, status and review; each list item has its required keys (see crisis-plan(5)).", NULL, false },
	{ RULE_BAD_VALUE, STAGE_SCHEMA, SEV_ERROR, "a value of the wrong type or form",
	  "Durations are ISO 8601 (PT15M, PT4H, P2D), dates YYYY-MM-DD, phones international (+33 6 12 34 56 78), ids lowercase (c-durand); enumerations list their values.", NULL, false },
	{ RULE_UNKNOWN_REFERENCE, STAGE_SCHEMA, SEV_ERROR, "a reference to an id that does not exist",
	  "owner, holder, deputy, notify, who, spokesperson, depends_on and the other references name a contact, a cell role, an activity, a procedure or a step defined in the plan.", NULL, false },
	{ RULE_DUPLICATE_ID, STAGE_SCHEMA, SEV_ERROR, "an id defined twice",
	  "Ids are unique in their list; contacts and cell roles share one namespace.", NULL, false },
	{ RULE_RTO_EXCEEDS_MTPD, STAGE_PLAN, SEV_ERROR, "an activity's RTO is longer than its MTPD",
	  "The recovery time objective must not exceed the maximum tolerable period of disruption (ISO 22301 8.2.2): recover the activity before its interruption becomes intolerable.", check_rto_mtpd, false },
	{ RULE_DEPENDENCY_SLOWER, STAGE_PLAN, SEV_WARNING, "an activity depends on one that recovers later",
	  "A dependency whose RTO is longer than the RTO of the activity that needs it makes that RTO unreachable: shorten the dependency's RTO or lengthen the activity's.", check_dependencies, false },
	{ RULE_DEPENDENCY_CYCLE, STAGE_PLAN, SEV_ERROR, "activities depend on each other in a cycle",
	  "depends_on must not loop back: no activity can be restored first.", check_dependency_cycles, false },
	{ RULE_PROCEDURE_EXCEEDS_RTO, STAGE_PLAN, SEV_WARNING, "a procedure takes longer than the RTO it serves",
	  "The longest chain of step durations ('within', steps following the previous one or the steps named in 'after') of a procedure that restores an activity exceeds that activity's RTO.", check_procedures, false },
	{ RULE_STEP_CYCLE, STAGE_PLAN, SEV_ERROR, "procedure steps wait for each other in a cycle",
	  "A step's 'after' must not lead back to the step itself.", NULL, false },
	{ RULE_HOLDER_IS_DEPUTY, STAGE_PLAN, SEV_ERROR, "a holder is their own deputy",
	  "A deputy replaces the holder of a cell role or the owner of an activity; the same person in both places leaves nobody to take over.", check_holder_deputy, false },
	{ RULE_MISSING_DEPUTY, STAGE_PLAN, SEV_WARNING, "a cell role or a critical activity has no deputy",
	  "Every cell role, and every urgent or high activity, names a deputy (ISO 22301 8.4: response teams with members and alternates).", check_missing_deputy, false },
	{ RULE_SINGLE_POINT_OF_FAILURE, STAGE_PLAN, SEV_WARNING, "one person holds too many roles",
	  "One contact holds more cell roles and urgent activities than the threshold (3 by default; thresholds.single-point-of-failure in .crisis.yaml).", check_single_point, true },
	{ RULE_REVIEW_OVERDUE, STAGE_PLAN, SEV_WARNING, "the plan's review is overdue",
	  "review.last plus review.every is in the past: review the plan (typically yearly and after any significant change) and update review.last.", check_review, false },
	{ RULE_EXERCISE_OVERDUE, STAGE_PLAN, SEV_WARNING, "the plan's exercise is overdue or not planned",
	  "Plans are exercised at planned intervals (ISO 22301 8.5), once or twice a year: set exercise.every and exercise.last.", check_exercise, false },
	{ RULE_ESCALATION_ORDER, STAGE_PLAN, SEV_ERROR, "escalation levels out of order",
	  "Levels are numbered 1, 2, 3... and each is due later ('within', from the alert) than the one before.", check_escalation, false },
	{ RULE_CONTACT_UNREACHABLE, STAGE_PLAN, SEV_WARNING, "a contact cannot be reached when needed",
	  "A contact with no phone, or available office hours only while an escalation level notifies them (and no 24/7 deputy covers their role).", check_reachable, true },
	{ RULE_FIRST_MESSAGE_LATE, STAGE_PLAN, SEV_WARNING, "the first message is planned too late",
	  "communication.first_message_within is longer than 48 hours: first information and apologies go out within 48 hours.", check_first_message, false },
	{ RULE_CONTACT_STALE, STAGE_PLAN, SEV_WARNING, "a contact was last verified too long ago",
	  "A contact's 'verified' date is older than six months (thresholds: contact-stale: P6M in .crisis.yaml): numbers change, people leave. Call them, then update 'verified'.", check_stale, true },
	{ RULE_CONTACT_UNUSED, STAGE_PLAN, SEV_WARNING, "a contact is referenced nowhere",
	  "A plan's contact that no owner, cell role, activity, escalation level, audience or step names; in a workspace, a contacts.yaml entry that no plan names (crisis contacts check). Remove it or give it a role.", check_unused, true },
};

const size_t nr_rules = sizeof(rules) / sizeof(rules[0]);

const struct rule *rule_find(const char *id)
{
	for (size_t i = 0; i < nr_rules; i++)
		if (!strcmp(rules[i].id, id))
			return &rules[i];
	return NULL;
}

bool rule_is_about_contacts(const struct rule *r)
{
	return r->stage != STAGE_PLAN || r->contacts;
}

const char *rule_stage_name(enum rule_stage stage)
{
	static const char *const names[] = {
		[STAGE_LOAD] = "load", [STAGE_SCHEMA] = "schema", [STAGE_PLAN] = "plan",
	};
	return names[stage];
}

void rules_run(struct rule_ctx *ctx)
{
	bool directory = ctx->plan->kind && !strcmp(ctx->plan->kind, "contacts");
	for (size_t i = 0; i < nr_rules; i++)
		if (rules[i].check && (rules[i].contacts || !directory))
			rules[i].check(ctx);
}
