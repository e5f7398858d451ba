/*
 * The git layer (libgit2): the workspace's repository, commits of chosen
 * paths only, history of a path across renames, files at a revision, and
 * annotated tags. Plain git reads everything written here.
 *
 * Implemented in repo.c, repolog.c (the history walk) and commitgraph.c
 * (git's commit-graph file); repo-internal.h is shared by them only.
 */
#ifndef CRISIS_REPO_H
#define CRISIS_REPO_H

#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REPO_ID_HEX 41	/* 40 hex digits and a NUL */

struct repo;

/* Open the repository that contains `dir` (NULL: the current folder), searching upwards; a bare repository is refused. */
int repo_open(struct repo **out, const char *dir);
/* Open the repository at `dir` (no search upwards), creating it (git init) when there is none; *created tells. */
int repo_init(struct repo **out, const char *dir, bool *created);
void repo_free(struct repo *r);

/*
 * Contacts are personal data, and git writes its objects 0444 in a 0755
 * folder. Make the repository's git folder the owner's alone, unless git is
 * told it is shared (core.sharedRepository: group, all or a mode that lets
 * others read), which is the owner's choice to keep.
 */
enum repo_privacy {
	REPO_PRIVATE,		/* it was the owner's alone already */
	REPO_MADE_PRIVATE,	/* it is now */
	REPO_SHARED,		/* shared on purpose: left as it is */
	REPO_OPEN,		/* readable by others, and cannot be changed (not ours) */
};
enum repo_privacy repo_keep_private(struct repo *r);

/* The working tree's root, ending in '/'. */
const char *repo_workdir(const struct repo *r);
/*
 * `path` (absolute, or relative to the current folder; it need not exist
 * yet) relative to the working tree, appended to `out` ("" for the root);
 * CRISIS_ERROR when outside it or inside .git. Folders are resolved, not the
 * last component: a symbolic link stays what git tracks.
 */
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
 * CRISIS_ELOCKED when the index (or the branch) is locked by another git, and
 * nothing changed; CRISIS_ERROR when HEAD is detached, a merge (or rebase...)
 * is in progress, the identity is unknown, the message empty, or nothing
 * changed (git commit's "nothing to commit").
 */
int repo_commit_paths(struct repo *r, const char *const *paths, size_t nr,
		      const char *message, char out[REPO_ID_HEX]);

/* The content of `path` at revision `rev` (any git revision: HEAD~2, a tag, an id), appended
 * to `out`; CRISIS_ENOTFOUND when the revision or the path does not exist. */
int repo_read_at(struct repo *r, const char *rev, const char *path, struct buf *out);
/*
 * The files under the folder `prefix` (such as "plans/"; NULL or "": all)
 * at revision `rev`, sorted, appended to `out`: none when the folder does
 * not exist there, CRISIS_ENOTFOUND when the revision does not.
 */
int repo_files_at(struct repo *r, const char *rev, const char *prefix, struct strlist *out);
/* The full id of the commit `rev` names. */
int repo_resolve(struct repo *r, const char *rev, char out[REPO_ID_HEX]);

/*
 * The first commit of the history, reached from HEAD by first parents: what
 * stays the same in every clone of a repository. CRISIS_ENOTFOUND before
 * the first commit, or in a shallow clone.
 */
int repo_root_commit(struct repo *r, char out[REPO_ID_HEX]);

/* A file that a commit changed. */
struct repo_change {
	const char *path;		/* its path in the commit, "" when deleted */
	const char *old_path;		/* its path in the parent when renamed or deleted, else NULL */
};

struct repo_commit {
	char id[REPO_ID_HEX];
	char parent[REPO_ID_HEX];	/* first parent, "" for a root commit */
	int64_t time;			/* the author's date, seconds since the epoch */
	int offset;			/* its time zone, minutes east of UTC */
	const char *author, *email;
	const char *summary;		/* the message's first line */
	const char *message;
	const char *path;		/* the file's path in this commit ("" when deleted) */
	const char *old_path;		/* its path in the parent (renamed, or deleted), else NULL */
	/* Every file changed: the one followed, or all those under `prefix`,
	 * renames paired, in git's order; changes[0] is path and old_path. */
	const struct repo_change *changes;
	size_t nchanges;
};

/*
 * The commits that changed `path` (or, when `path` is NULL, any file under
 * `prefix`, such as "plans/"; both NULL: any file), newest first, from HEAD,
 * following renames of `path` (git log --follow). A merge counts when it
 * differs from every parent, and is followed only through a parent it took
 * the path from, as git log simplifies history: the commits listed are
 * those of `git log [--follow] -- PATH`. `fn` returns non-zero to stop (repo_log then
 * returns that value if it is negative, 0 otherwise); what `c` points to
 * lives until `fn` returns. An unborn branch has no history.
 */
int repo_log(struct repo *r, const char *path, const char *prefix,
	     int (*fn)(const struct repo_commit *c, void *data), void *data);

/* Create the annotated tag `name` on HEAD, tagger from git's configuration.
 * CRISIS_ERROR when the tag exists (it is never moved), CRISIS_ENOTFOUND before the first commit. */
int repo_tag(struct repo *r, const char *name, const char *message);
/* Tag names matching a glob such as "plan/pca-siege/v*", sorted by name with
 * numbers compared as numbers (v2 before v10), like git tag --sort=version:refname. */
int repo_tags(struct repo *r, const char *glob, struct strlist *out);

#endif
