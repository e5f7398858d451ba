/*
 * A debrief being written: what goes into a draft (store/drafts.h) and what
 * comes out of it. The entries a person adds are checked one by one as they
 * are typed (an owner who is no contact is refused at once, a due date in
 * the past is warned about); a drill run brings its material in as entries
 * to discuss; the finished draft becomes the YAML of debriefs/<date>-<id>.yaml.
 */
#ifndef CRISIS_DRAFT_H
#define CRISIS_DRAFT_H

#include "store/drafts.h"
#include "util/buf.h"

#include <stdbool.h>
#include <stdint.h>

struct drill_run;
struct plan;

#define DEBRIEFS_DIR "debriefs/"

/* The sections of a debrief an entry may go to, as `crisis debrief add` names them. */
enum draft_section {
	SECTION_PARTICIPANT, SECTION_TIMELINE, SECTION_WENT_WELL, SECTION_WENT_WRONG,
	SECTION_DECISION, SECTION_LESSON, SECTION_ACTION, NR_SECTIONS,
};

/* "participant", "timeline", "went-well"...; parse accepts went_well too. -1 when unknown. */
const char *draft_section_name(enum draft_section s);
int draft_section_parse(const char *name);

/* An id made of a title: "Cyberattaque du 3 mars" -> "cyberattaque-du-3-mars" (owned). */
char *draft_slug(const char *title);

/* The path of the finished file, relative to the workspace: debriefs/<date>-<id>.yaml. */
void draft_path(struct buf *out, const struct draft *d);

/* A time as the timeline writes it: PT12M, 2026-03-03, 2026-03-03T08:15[:00][+01:00]. */
bool draft_valid_when(const char *at);

/*
 * What is wrong with entry `e` (its section in e->section) before it is
 * recorded, given the plan it concerns (an action's own plan, else the
 * draft's; NULL when none) and the
 * draft's entries so far (for the lesson an action names), on `today`
 * (days since 1970): CRISIS_OK, or an error (crisis_error_last() says why,
 * with a suggestion). Warnings (a due date already past) are appended to
 * `warnings`, one a line. Fills in e->id when the entry needs one and has none.
 */
int draft_check_entry(struct drafts *ds, const struct draft *d, struct draft_entry *e,
		      const struct plan *p, int64_t today, struct buf *warnings);

/*
 * The material of a drill run, as entries to discuss for a new draft: who
 * played which role, the log (injects, notes, done actions) as the
 * timeline, the decisions, the expectations met late or missed (not those
 * whose inject never came) and the stand-ins for absent role holders under
 * went-wrong, and those met on time under went-well; French when `fr`. *out is allocated (release each
 * entry, then free it).
 */
void draft_run_material(const struct drill_run *r, const struct plan *p, bool fr,
			struct draft_entry **out, size_t *nr);

/* The YAML of the debrief the draft makes, as `crisis debrief finish` writes it. */
int draft_yaml(struct drafts *ds, const struct draft *d, struct buf *out);

#endif
