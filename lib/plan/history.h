/*
 * What each commit changed in the plans it touched, in the plan's terms,
 * for `crisis plan log`: read from the workspace's index, or computed once
 * from the two versions of the plan and kept there (a commit never
 * changes). The walk goes from the newest commit to the oldest, and the
 * older version read for one commit is usually the newer one of the next.
 */
#ifndef CRISIS_HISTORY_H
#define CRISIS_HISTORY_H

#include "check/validate.h"
#include "git/repo.h"
#include "git/workspace.h"
#include "util/buf.h"

struct history;

/* `v` reads the plans (its rules may be off: only the models are compared). */
struct history *history_new(struct workspace *ws, struct validator *v);
/*
 * What commit `c` did to its file `ch`: a one-line summary (empty when the
 * plan's content did not change) and the JSON array of the changes.
 */
void history_change(struct history *h, const struct repo_commit *c, const struct repo_change *ch,
		    struct buf *summary, struct buf *json);
/* Write what was learnt to the index, and close it. */
void history_flush(struct history *h);
/*
 * Why the index could not be used, or NULL: the history is then computed
 * all the same, only not kept.
 */
const char *history_warning(const struct history *h);
void history_free(struct history *h);

#endif
