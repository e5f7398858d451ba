/*
 * The typed model of a drill (kind: drill): a master scenario events list
 * run against one plan. Injects come at an offset from the start (`at`), or
 * a delay after another inject (`after`); each lists the actions expected
 * from the players. Texts point into the document, which must outlive the
 * model; times are in milliseconds.
 */
#ifndef CRISIS_DRILL_H
#define CRISIS_DRILL_H

#include "check/doc.h"
#include "check/kind.h"
#include "check/validate.h"
#include "util/strmap.h"

#include <libxml/tree.h>
#include <stdbool.h>
#include <stdint.h>

#define DRILL_NO_TIME (-1)

struct drill_inject;

struct drill_objective {
	const char *id, *text;
	xmlNode *node;
};

struct drill_expect {
	const char *id, *action, *by, *objective;
	int64_t within;			/* ms from the inject, or DRILL_NO_TIME */
	const char *within_text;
	long level;			/* the plan's escalation level it exercises, or 0 */
	const char *step;		/* "procedure.step" it exercises, or NULL */
	const struct drill_inject *inject;
	xmlNode *node;
};

struct drill_inject {
	const char *id, *message, *after;
	int64_t at;			/* as written, or DRILL_NO_TIME */
	int64_t delay;			/* after `after`, 0 when not written */
	const char *at_text, *delay_text;
	/* When it comes: `at`, or its `after`'s time plus the delay; DRILL_NO_TIME
	 * when it cannot be told (no time, an unknown inject, a loop). */
	int64_t time;
	bool contingency;
	struct idlist to;
	struct drill_expect *expects;
	size_t nr_expects;
	xmlNode *node;
};

struct drill {
	const char *id, *title, *plan, *scenario, *description;
	int64_t duration;		/* ms */
	const char *duration_text;
	struct drill_objective *objectives;
	size_t nr_objectives;
	struct drill_inject *injects;	/* as written */
	size_t nr_injects;
	size_t nr_expects;		/* in all injects */
	struct strmap inject_index, expect_index, objective_index;
	xmlNode *root;
};

/* The kind of a drill file, for the table of kinds. */
extern const struct kind drill_kind;

/* The drill model of a loaded file of kind drill, else NULL. */
struct drill *drill_of(const struct loaded *l);

/* Build the model of a valid document's root element, its times resolved. */
void drill_build(struct drill *d, xmlNode *root);
void drill_release(struct drill *d);

const struct drill_inject *drill_inject(const struct drill *d, const char *id);
const struct drill_expect *drill_expect(const struct drill *d, const char *id);
const struct drill_objective *drill_objective(const struct drill *d, const char *id);

/*
 * The injects in the order they come (by time, then as written; those with
 * no time last). `out` gets nr_injects pointers (allocated).
 */
const struct drill_inject **drill_timeline(const struct drill *d);

#endif
