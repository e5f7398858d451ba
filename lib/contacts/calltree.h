/*
 * The call tree of a plan: who is called, in what order, by when. The
 * escalation levels in the order of their deadlines from the alert, each
 * party with the person who answers for it and their fallback (a role's
 * deputy), then the external suppliers with their activation delays.
 */
#ifndef CRISIS_CALLTREE_H
#define CRISIS_CALLTREE_H

#include "util/buf.h"
#include "plan/plan.h"

struct call {
	const char *party;			/* as the plan names it */
	const struct plan_role *role;		/* when the party is a cell role */
	const struct plan_contact *who;		/* who answers, or NULL if unknown */
	const struct plan_contact *fallback;	/* a role's deputy, or NULL */
};

struct call_level {
	const struct plan_level *level;
	struct call *calls;
	size_t nr;
};

/* A step of a scenario's procedures that names who does it. */
struct call_step {
	const struct plan_procedure *procedure;
	const struct plan_step *step;
	size_t number;		/* 1-based, in its procedure */
	struct call call;
};

struct calltree {
	const struct plan *plan;
	const struct plan_scenario *scenario;	/* NULL: every scenario */
	struct call_level *levels;
	size_t nr_levels;
	struct call_step *steps;		/* the scenario's, in order */
	size_t nr_steps;
	const struct plan_contact **suppliers;	/* external contacts in the tree */
	size_t nr_suppliers;
};

/* Build the tree; `scenario` is an id or NULL. -1 with crisis_error_last() for an unknown scenario. */
int calltree_build(struct calltree *t, const struct plan *p, const char *scenario);
void calltree_release(struct calltree *t);

/*
 * Plain text for paper, in 80 columns: one A4 page for a typical plan.
 * French headings and instructions when `fr`.
 */
void calltree_text(struct buf *out, const struct calltree *t, bool fr);
/* Graphviz. */
void calltree_dot(struct buf *out, const struct calltree *t);
/* The stable JSON shape for scripts. */
void calltree_json(struct buf *out, const struct calltree *t);

#endif
