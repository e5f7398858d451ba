/*
 * A drill made from a plan, to be edited: the scenario's trigger as the
 * first inject, with the crisis cell to convene and each escalation level
 * to notify within its time; then one inject for each procedure of the
 * scenario, expecting its steps, by whom and within how long the plan says.
 * Written in the plan's language (French or English).
 */
#ifndef CRISIS_GENERATE_H
#define CRISIS_GENERATE_H

#include "plan/plan.h"
#include "util/buf.h"

/*
 * Append the drill `id` for plan `p` and its scenario `scenario` (NULL:
 * the first the plan has, if any) in `lang` ("fr", "en"; NULL: the
 * plan's). 0, or -1 with crisis_error_last() for an unknown scenario.
 */
int generate_drill(struct buf *out, const struct plan *p, const char *id, const char *scenario,
		   const char *lang);

#endif
