/*
 * Internal to the git layer (repo.c, repolog.c): what its files share.
 * Nothing outside those files includes this; the API is repo.h.
 */
#ifndef CRISIS_REPO_INTERNAL_H
#define CRISIS_REPO_INTERNAL_H

#include "repo.h"

#include <git2.h>

#include <stdbool.h>

struct repo {
	git_repository *git;
	char *workdir;		/* canonical (realpath), ending in '/' */
};

/*
 * Report an error: our message, then libgit2's last one ("cannot commit
 * 'x': reason"), kept for crisis_error_last(); libgit2's is cleared.
 * Returns `code`.
 */
int repo_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * A path as the index holds it: relative, '/'-separated, no empty, "." or
 * ".." component, nothing inside a .git folder.
 */
bool repo_valid_path(const char *path);

static inline void oid_hex(char out[REPO_ID_HEX], const git_oid *id)
{
	git_oid_tostr(out, REPO_ID_HEX, id);
}

#endif
