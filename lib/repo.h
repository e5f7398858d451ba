/*
 * The git layer (libgit2): the workspace's repository, commits of chosen
 * paths only, history of a path across renames, files at a revision, and
 * annotated tags. Plain git reads everything written here.
 */
#ifndef CRISIS_REPO_H
#define CRISIS_REPO_H

#include "buf.h"
#include "fsutil.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REPO_ID_HEX 41	/* 40 hex digits and a NUL */

/* Why a repository call failed, for the exit code and the message. */
enum repo_error {
	REPO_OK = 0,
	REPO_ERR = -1,		/* anything else: crisis_error_last() says what */
	REPO_NOT_FOUND = -2,	/* no repository, revision, path or tag */
	REPO_LOCKED = -3,	/* index.lock (or a ref lock) is held */
};

struct repo;

/* Open the repository that contains `dir` (NULL: the current folder), searching upwards; a bare repository is refused. */
int repo_open(struct repo **out, const char *dir);
/* Open the repository at `dir`, creating it (git init) when there is none; *created tells. */
int repo_init(struct repo **out, const char *dir, bool *created);
void repo_free(struct repo *r);

/* The working tree's root, ending in '/'. */
const char *repo_workdir(const struct repo *r);
/* `path` (absolute, or relative to the current folder) relative to the working tree; REPO_ERR when outside it. */
int repo_relpath(const struct repo *r, const char *path, struct buf *out);
/* Is HEAD detached? Is the branch unborn (no commit yet)? */
bool repo_head_detached(const struct repo *r);
bool repo_head_unborn(const struct repo *r);

/*
 * Commit exactly `paths` (relative to the working tree) as they are in the
 * working tree (a missing file is a deletion), on top of HEAD (or as the
 * first commit of an unborn branch). Author and committer come from git's
 * configuration (git_signature_default). Every other index entry and every
 * other file of the working tree stays as it was; the index entries of
 * `paths` are updated to what was committed. `out` gets the new commit's id.
 * REPO_LOCKED when the index is locked; REPO_ERR when HEAD is detached.
 */
int repo_commit_paths(struct repo *r, const char *const *paths, size_t nr,
		      const char *message, char out[REPO_ID_HEX]);

/* The content of `path` at revision `rev` (any git revision: HEAD~2, a tag, an id). */
int repo_read_at(struct repo *r, const char *rev, const char *path, struct buf *out);
/* The full id of the commit `rev` names. */
int repo_resolve(struct repo *r, const char *rev, char out[REPO_ID_HEX]);

struct repo_commit {
	char id[REPO_ID_HEX];
	char parent[REPO_ID_HEX];	/* first parent, "" for a root commit */
	int64_t time;			/* seconds since the epoch */
	int offset;			/* minutes east of UTC */
	const char *author, *email;
	const char *summary;		/* the message's first line */
	const char *message;
	const char *path;		/* the file's path in this commit ("" when deleted) */
	const char *old_path;		/* its path in the parent, when it differs, else NULL */
};

/*
 * The commits that changed `path` (or, when `path` is NULL, any file under
 * `prefix`, such as "plans/"), newest first, from HEAD, following renames
 * of `path`. `fn` returns non-zero to stop. An unborn branch has no history.
 */
int repo_log(struct repo *r, const char *path, const char *prefix,
	     int (*fn)(const struct repo_commit *c, void *data), void *data);

/* Create the annotated tag `name` on HEAD, tagger from git's configuration. */
int repo_tag(struct repo *r, const char *name, const char *message);
/* Tag names matching a glob such as "plan/pca-siege/v*", sorted as git sorts them. */
int repo_tags(struct repo *r, const char *glob, struct strlist *out);

#endif
