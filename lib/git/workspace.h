/*
 * A workspace: a git repository with plans/, drills/ and debriefs/, found
 * like git finds its repository, from the current folder upwards.
 */
#ifndef CRISIS_WORKSPACE_H
#define CRISIS_WORKSPACE_H

#include "util/fs.h"
#include "repo.h"

#define WORKSPACE_PLANS "plans/"
/* The contacts every plan of the workspace shares. */
#define WORKSPACE_CONTACTS "contacts.yaml"

struct workspace {
	struct repo *repo;	/* NULL when opened by workspace_open_root() */
	const char *root;	/* the working tree, ending in '/' */
	char *own_root;
};

/*
 * Open the workspace containing the current folder. CRISIS_ENOTFOUND when
 * there is none (the message suggests `crisis init`), CRISIS_ERROR otherwise.
 */
int workspace_open(struct workspace *ws);
/*
 * The same without opening the repository (ws->repo is NULL), for
 * commands that only read the files of the workspace: libgit2 is not even
 * started. CRISIS_ENOTFOUND as workspace_open().
 */
int workspace_open_root(struct workspace *ws);
void workspace_close(struct workspace *ws);

/*
 * Make `dir` a workspace: a git repository (created when there is none),
 * plans/, drills/runs/, debriefs/, a .gitignore that ignores .crisis/, and a
 * commented .crisis.yaml. Nothing that exists is overwritten; `created`
 * lists what was made, `notes` what else the user should know (an existing
 * repository's git folder made the owner's alone, or left shared). Running
 * it twice changes nothing the second time.
 */
int workspace_init(const char *dir, struct strlist *created, struct strlist *notes);

/*
 * The root of the workspace containing the current folder, ending in '/',
 * found as git finds it (a folder holding .git) without opening the
 * repository: for commands that only read files. NULL when there is none.
 */
char *workspace_find_root(void);

/*
 * `rel` (a path relative to the workspace's `root`) as seen from the current
 * folder: "drills" at the root, "../drills" one folder down, else absolute.
 */
void workspace_path_from_cwd(struct buf *out, const char *root, const char *rel);

/* The path of plan `id` in the workspace: plans/ID.yaml (relative to the root). */
void workspace_plan_path(struct buf *out, const char *id);

/*
 * Paths named on a command line, relative to the workspace's root, added to
 * `out`: a folder stands for the plan files under it. 0, or -1 with
 * crisis_error_last() for a folder that cannot be read or a path outside
 * the workspace.
 */
int workspace_paths(struct workspace *ws, char *const *args, size_t nr, struct strlist *out);

/* The file names read as plans: .yaml, .yml, .xml. */
extern const char *const workspace_plan_exts[];
bool workspace_is_plan_file(const char *path);
/*
 * The plan files under root/plans/, relative to `root` ("plans/a.yaml"),
 * sorted; none when there is no plans/. 0, or -1 with crisis_error_last().
 */
int workspace_plan_files(const char *root, struct strlist *out);

#endif
