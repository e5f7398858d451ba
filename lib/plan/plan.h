/*
 * The typed model of a plan (kind pca or pra), built from a document the
 * schema accepted. Texts point into the document, which must outlive the
 * model; each item keeps its element for positions.
 */
#ifndef CRISIS_PLAN_H
#define CRISIS_PLAN_H

#include "check/kind.h"
#include "check/validate.h"
#include "util/strmap.h"

#include <libxml/tree.h>
#include <stdbool.h>
#include <stdint.h>

#define NO_DURATION (-1)

enum availability { AVAIL_UNKNOWN, AVAIL_ALWAYS, AVAIL_OFFICE_HOURS };
enum priority { PRIO_LOW, PRIO_MODERATE, PRIO_HIGH, PRIO_URGENT };

struct plan_contact {
	const char *id, *name, *title, *email;
	bool external;
	enum availability available;
	size_t nr_phones;
	int64_t activation_day, activation_night;
	xmlNode *node;
	/* As written, NULL when absent. */
	const char *org, *available_text, *verified, *notes;
	const char *activation_day_text, *activation_night_text;
	struct idlist phones;		/* the numbers as written */
};

struct plan_role {
	const char *id, *group, *holder, *deputy;
	xmlNode *node;
};

struct plan_activity {
	const char *id, *name, *owner, *deputy;
	enum priority priority;
	int64_t rto, rpo, mtpd;		/* seconds, or NO_DURATION */
	const char *rto_text, *rpo_text, *mtpd_text;	/* as written */
	struct idlist depends_on;
	xmlNode *node;
	const char *priority_text;	/* as written */
};

struct plan_level {
	long level;
	int64_t within;
	const char *within_text;
	struct idlist notify;
	xmlNode *node;
	const char *level_text, *repeat_text, *skip_if_unreachable_text;	/* as written */
};

struct plan_step {
	const char *id, *what, *who;
	int64_t within;
	const char *within_text;
	struct idlist after;
	xmlNode *node;
};

struct plan_scenario {
	const char *id, *title, *description;
	const char *likelihood, *impact;	/* as written (1 to 5), or NULL */
	struct idlist procedures;
	xmlNode *node;
};

struct plan_audience {
	const char *id, *spokesperson;
	struct idlist channels;		/* texts */
	xmlNode *node;
};

struct plan_procedure {
	const char *id, *title, *owner;
	struct idlist activities;
	struct plan_step *steps;
	size_t nr_steps;
	xmlNode *node;
};

struct plan {
	const char *kind, *id, *title, *owner, *status;
	int64_t review_every;
	int64_t review_last;		/* days since 1970; valid when has_review_last */
	bool has_review_last;
	const char *review_every_text, *review_last_text;	/* as written */
	const char *approved_by;
	bool has_exercise;
	int64_t exercise_every;
	int64_t exercise_last;
	bool has_exercise_last;
	const char *exercise_every_text, *exercise_last_text;
	int64_t first_message_within;
	const char *first_message_text;

	struct plan_contact *contacts;
	size_t nr_contacts;
	struct plan_role *roles;
	size_t nr_roles;
	struct plan_activity *activities;
	size_t nr_activities;
	struct plan_level *levels;
	size_t nr_levels;
	struct plan_procedure *procedures;
	size_t nr_procedures;
	size_t nr_scenarios;

	struct strmap contact_index, role_index, activity_index;
	xmlNode *root;

	const char *scope;
	struct idlist authority;	/* activation.authority: parties */
	const char *strategy;		/* communication.strategy */
	struct plan_scenario *scenarios;	/* nr_scenarios of them */
	struct plan_audience *audiences;
	size_t nr_audiences;
	struct strmap scenario_index, procedure_index;
	/* The workspace's shared contacts (contacts.yaml), or NULL. */
	const struct plan *shared;
	bool directory;			/* a contacts.yaml (kind contacts), not a plan */
};

/*
 * The kinds whose model is a plan: continuity and recovery plans, and a
 * workspace's contacts.yaml (its contacts only), for the table of kinds.
 */
extern const struct kind plan_kind_pca, plan_kind_pra, plan_kind_contacts;
/* Is it a plan's kind, pca or pra (not a contacts.yaml)? */
bool plan_kind_is_plan(const struct kind *kind);
/* The plan model of a loaded file of one of those kinds, else NULL. */
struct plan *plan_of(const struct loaded *l);

/* Build the model of a valid document's root element. */
void plan_build(struct plan *p, xmlNode *root);
void plan_release(struct plan *p);

/*
 * Call `fn` for every party the plan names (a contact or a cell role), with
 * the node that names it and, when `describe`, what names it ("escalation
 * level 2", "holder of cell role 'communication'"; else NULL).
 */
typedef void plan_party_fn(void *data, const char *party, const char *what, xmlNode *node);
void plan_parties(const struct plan *p, bool describe, plan_party_fn *fn, void *data);

/*
 * The language the plan is written in, "fr" or "en", from its words (the
 * format has no key for it): what its drills and binders are written in.
 */
const char *plan_language(const struct plan *p);

/*
 * When the plan's next review is due, in days since 1970-01-01: review.last
 * plus review.every. False when it was never reviewed (no review.last).
 */
bool plan_next_review(const struct plan *p, int64_t *due);
/* How often a plan is exercised when its exercise.every does not say. */
#define PLAN_EXERCISE_EVERY "P12M"
/*
 * When its next exercise is due: its last exercise plus exercise.every. The
 * last one is exercise.last, or the plan's last drill run that `env` knows
 * of (NULL: none) when that is later; *last gets it. False when the plan
 * plans no exercise or was never exercised.
 */
struct rule_env;
bool plan_next_exercise(const struct plan *p, const struct rule_env *env, int64_t *last,
			int64_t *due);

/* A contact of the plan's own, or else of the shared contacts. */
const struct plan_contact *plan_contact(const struct plan *p, const char *id);
/* Is `id` a cell role or a contact of the plan (its own or shared)? */
bool plan_has_party(const struct plan *p, const char *id);
/* The party closest to a mistyped `id`, among the roles and/or the contacts; NULL when none is close. */
const char *plan_closest_party(const struct plan *p, const char *id, bool roles, bool contacts);
/* Is `c` one of the plan's own contacts (not a shared one)? */
bool plan_owns(const struct plan *p, const struct plan_contact *c);
const struct plan_role *plan_role(const struct plan *p, const char *id);
const struct plan_activity *plan_activity(const struct plan *p, const char *id);
const struct plan_scenario *plan_scenario(const struct plan *p, const char *id);
const struct plan_procedure *plan_procedure(const struct plan *p, const char *id);

#endif
