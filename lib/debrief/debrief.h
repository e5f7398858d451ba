/*
 * The typed model of a debrief (kind: debrief): the retour d'expérience
 * after a drill run or a real crisis. What happened (timeline, decisions),
 * what went well and wrong, the lessons, and the corrective actions that
 * make the improvement plan: each with its owner, due date, capability
 * element, the plan it changes and where it stands, up to the commit that
 * closed it. Texts point into the document, which must outlive the model.
 */
#ifndef CRISIS_DEBRIEF_H
#define CRISIS_DEBRIEF_H

#include "check/doc.h"
#include "check/kind.h"
#include "check/validate.h"
#include "util/buf.h"

#include <libxml/tree.h>
#include <stdbool.h>
#include <stdint.h>

enum action_status { ACTION_OPEN, ACTION_DONE, ACTION_DROPPED };

struct debrief_moment {
	const char *at, *event;
	xmlNode *node;
};

struct debrief_decision {
	const char *at, *what, *by, *why;
	xmlNode *node;
};

struct debrief_lesson {
	const char *id, *text;
	struct idlist tags;
	xmlNode *node;
};

struct debrief_action {
	const char *id, *what, *owner, *plan, *element, *lesson, *closed_by;
	const char *due_text;
	int64_t due;			/* days since 1970-01-01, -1 when unreadable */
	enum action_status status;
	const char *status_text;
	xmlNode *node;
};

struct debrief {
	const char *id, *title, *run, *crisis, *plan;	/* about: the drill run or the crisis, the plan */
	const char *date_text;
	int64_t date;			/* days since 1970-01-01 */
	struct idlist participants, went_well, went_wrong;
	struct debrief_moment *timeline;
	size_t nr_timeline;
	struct debrief_decision *decisions;
	size_t nr_decisions;
	struct debrief_lesson *lessons;
	size_t nr_lessons;
	struct debrief_action *actions;
	size_t nr_actions;
	xmlNode *root;
};

extern const struct kind debrief_kind;

/* The debrief model of a loaded file of kind debrief, else NULL. */
struct debrief *debrief_of(const struct loaded *l);

void debrief_build(struct debrief *d, xmlNode *root);
void debrief_release(struct debrief *d);

const struct debrief_action *debrief_action(const struct debrief *d, const char *id);
/* The plan an action changes: its own `plan`, else the debrief's. */
const char *debrief_action_plan(const struct debrief *d, const struct debrief_action *a);
/* Is the action open and due before `today` (days since 1970)? */
bool debrief_action_overdue(const struct debrief_action *a, int64_t today);

const char *action_status_name(enum action_status status);

/*
 * What needs attention in the improvement plan, as crisis status prints
 * it: the open actions past their due date as of `today`, one a line with
 * their file and line, then a count. `paths` are the debriefs' files. The
 * number of overdue actions.
 */
size_t debrief_status_text(struct buf *out, const struct debrief *const *debriefs,
			   const char *const *paths, size_t nr, int64_t today);

#endif
