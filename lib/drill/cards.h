/*
 * Paper for running a drill: a card for the players at each inject, and the
 * facilitator's sheet. Players get the inject (its time, to whom, the
 * message) and never the expected actions: those are on the facilitator's
 * sheet only, with the drill's objectives and the whole timeline.
 */
#ifndef CRISIS_CARDS_H
#define CRISIS_CARDS_H

#include "drill.h"
#include "util/buf.h"

#include <stdbool.h>

/*
 * Append the cards of a drill, as one self-contained HTML page (`html`;
 * style inline, nothing fetched, each card a printed A4 page of large text)
 * or as Markdown. First one card per inject, in the order of the timeline
 * (drill_timeline()): the inject's id, its time ("T+00:20", or "after i-x +
 * 20 min"), who it goes to, and its message. Then, under the heading
 * "Facilitator's sheet", the drill's title, plan, scenario, duration,
 * description and objectives, and each inject in time order with its
 * message, its contingency flag and the actions expected (id, action, by,
 * within, objective, the plan's level or step). User text is escaped;
 * control characters never reach the output raw.
 */
void cards_write(struct buf *out, const struct drill *d, bool html);

#endif
