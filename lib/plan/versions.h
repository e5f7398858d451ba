/*
 * Plans under version control: a plan as it was at a revision, its
 * approvals (annotated tags plan/<id>/v<N>), and what needs attention.
 */
#ifndef CRISIS_VERSIONS_H
#define CRISIS_VERSIONS_H

#include "check/validate.h"
#include "git/workspace.h"

#define APPROVAL_TAG "plan/%s/v%u"

/*
 * Read the plan at `relpath` (relative to the workspace) as it is in the
 * working tree (`rev` NULL) or at revision `rev`, check it and build its
 * model. Findings go to `f`. 0 when the model was built.
 */
int versions_load(struct workspace *ws, struct validator *v, const char *rev,
		const char *relpath, struct loaded *out, struct diag_file *f);

/*
 * The git revision that REV of PLAN@REV names, in `out`: "v3" is the plan
 * `id`'s third approval (the tag plan/<id>/v3); anything else is a git
 * revision as it is (HEAD~2, a tag, a commit).
 */
void versions_rev_spec(const char *id, const char *rev, struct buf *out);
/*
 * PLAN@REV, as a command names a plan: the plan file `arg` up to `at` (its
 * '@') as it was at the revision after it; "v3" names the plan's third
 * approval (the tag plan/<id>/v3, the id read from the plan as it is now,
 * else from its file name). The workspace is the current folder's.
 * Findings go to `f`; 0 when the model was built.
 */
int versions_load_ref(struct validator *v, struct diag_file *f, const char *arg, const char *at,
		      struct loaded *lp);

/*
 * Where plan `id` was at revision `rev`: `relpath` when a file is there,
 * else the file under plans/ whose id is `id` (the plan has been renamed
 * since). 0 with the path in `out`; CRISIS_ENOTFOUND when it is nowhere,
 * with `relpath` in `out` all the same.
 */
int versions_path_at(struct workspace *ws, const char *rev, const char *relpath, const char *id,
		   struct buf *out);

/* The last approval of plan `id`: its tag and number (0 and "" when none). */
int versions_last_approval(struct workspace *ws, const char *id, struct buf *tag, unsigned *n);

/*
 * The approval of plan `id` whose text is exactly `text`: the latest tag
 * plan/<id>/v<N> under which the plan (at `relpath`, or wherever it was
 * then) read so, in `tag`. Else `tag` is "" and `last` the plan's last
 * approval ("" when it was never approved). 0, or a negative error.
 */
int versions_approval_of(struct workspace *ws, const char *id, const char *relpath,
			 const struct buf *text, struct buf *tag, struct buf *last);

/*
 * Approve the plan at `relpath`: set `status: approved`, `review.last` to
 * `today` and `review.approved_by` to `by` (a contact of the plan) in the
 * file, keeping the rest of it as written; check it; commit that file only;
 * tag the commit plan/<id>/v<N>. The new tag's name goes to `tag`.
 * The plan's findings go to `f`; an invalid plan is refused, and with
 * `strict` one with warnings too. Returns 1, with the existing tag, when
 * this very approval was already recorded.
 */
int versions_approve(struct workspace *ws, struct validator *v, const char *relpath,
		   const char *by, int64_t today, struct buf *tag, struct diag_file *f, bool strict);

struct plan_state {
	char *path;		/* relative to the workspace */
	char *id;		/* NULL when the plan cannot be read */
	char *approval;		/* the last approval tag, NULL when never approved */
	bool invalid;		/* it has errors, or could not be read */
	unsigned errors;
	bool changed;		/* differs from its last approval */
	bool review_overdue, exercise_overdue;
};

/* The state of every plan under plans/, sorted by path. */
int versions_states(struct workspace *ws, struct validator *v, struct plan_state **out, size_t *nr);
/*
 * The state of the plan at `path` (relative to the workspace) from what
 * validating it gave: its loaded plan and its findings.
 */
void versions_state(struct workspace *ws, const char *path, const struct loaded *lp,
		  const struct diag_file *f, struct plan_state *s);
/* Does this plan need attention (invalid, changed since approval, never approved, overdue)? */
bool versions_attention(const struct plan_state *s);
/*
 * One line per plan (its path and what needs attention), then a summary;
 * returns how many plans need attention.
 */
size_t versions_status_text(struct buf *out, const struct plan_state *states, size_t nr);
void versions_states_free(struct plan_state *states, size_t nr);

#endif
