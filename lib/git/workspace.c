#include "workspace.h"
#include "util/error.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IGNORED ".crisis/"
/* fs_write_atomic()'s temporary files: .NAME.tmp-PID-XXXXXX */
#define TEMP_IGNORED ".*.tmp-*"

static const char config_text[] =
	"# crisis settings for this workspace (see crisis-plan(1)).\n"
	"# Turn a plan rule off, or change its severity (off, info, warning, error):\n"
	"#\n"
	"# rules:\n"
	"#   exercise-overdue: error\n"
	"#   single-point-of-failure: off\n"
	"#\n"
	"# How many cell roles and urgent activities one person may hold:\n"
	"#\n"
	"# thresholds:\n"
	"#   single-point-of-failure: 3\n";

#define NO_WORKSPACE "not in a crisis workspace (no git repository here or above): run 'crisis init' to make one"

int workspace_open(struct workspace *ws)
{
	memset(ws, 0, sizeof(*ws));
	int ret = repo_open(&ws->repo, NULL);
	if (ret == CRISIS_ENOTFOUND)
		return crisis_error_code(CRISIS_ENOTFOUND, NO_WORKSPACE);
	if (ret < 0)
		return ret;
	ws->root = repo_workdir(ws->repo);
	return 0;
}

char *workspace_find_root(void)
{
	char *dir = getcwd(NULL, 0);
	struct buf git = BUF_INIT;
	struct stat st;

	while (dir && *dir) {
		buf_reset(&git);
		buf_addf(&git, "%s%s.git", dir, dir[strlen(dir) - 1] == '/' ? "" : "/");
		if (stat(git.ptr, &st) == 0) {
			git.ptr[git.len -= 4] = '\0';	/* the folder, with its '/' */
			free(dir);
			return buf_detach(&git);
		}
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			break;
		*slash = '\0';
	}
	/* The root folder itself. */
	if (dir && stat("/.git", &st) == 0) {
		free(dir);
		buf_release(&git);
		return xstrdup("/");
	}
	free(dir);
	buf_release(&git);
	return NULL;
}

int workspace_open_root(struct workspace *ws)
{
	memset(ws, 0, sizeof(*ws));
	if (!(ws->own_root = workspace_find_root()))
		return crisis_error_code(CRISIS_ENOTFOUND, NO_WORKSPACE);
	ws->root = ws->own_root;
	return 0;
}

void workspace_close(struct workspace *ws)
{
	repo_free(ws->repo);
	free(ws->own_root);
	memset(ws, 0, sizeof(*ws));
}

void workspace_plan_path(struct buf *out, const char *id)
{
	buf_addf(out, "%s%s.yaml", WORKSPACE_PLANS, id);
}

static int make_dir(struct buf *path, const char *name, struct strlist *created)
{
	size_t len = path->len;
	buf_adds(path, name);
	int ret = 0;
	if (mkdir(path->ptr, 0777) == 0)
		strlist_add(created, name);
	else if (errno != EEXIST || !fs_is_directory(path->ptr))
		ret = crisis_error("cannot create '%s': %s", path->ptr,
				   errno == EEXIST ? "a file is in the way" : strerror(errno));
	path->len = len;
	path->ptr[len] = '\0';
	return ret;
}

/* Create a file that does not exist yet; an existing one is left alone. */
static int make_file(struct buf *path, const char *name, const char *text,
		     struct strlist *created)
{
	size_t len = path->len;
	buf_adds(path, name);
	int ret = 0;
	if (access(path->ptr, F_OK) != 0) {
		ret = fs_write_atomic(path->ptr, text, strlen(text), 0644);
		if (!ret)
			strlist_add(created, name);
	}
	path->len = len;
	path->ptr[len] = '\0';
	return ret;
}

/* What git must never take from a workspace, each with the comment that says why. */
static const struct {
	const char *pattern, *alt, *why;
} ignored[] = {
	{ IGNORED, ".crisis", "# crisis: local state (journal and index), never shared\n" },
	{ TEMP_IGNORED, NULL, "# crisis: a file being written, left by a writer killed before it was done\n" },
};

/* Does `text` have a line that is `pattern` (or `alt`)? */
static bool has_line(const char *text, const char *pattern, const char *alt)
{
	for (const char *line = text; *line;) {
		size_t n = strcspn(line, "\r\n");
		if ((n == strlen(pattern) && !memcmp(line, pattern, n)) ||
		    (alt && n == strlen(alt) && !memcmp(line, alt, n)))
			return true;
		line += n;
		line += strspn(line, "\r\n");
	}
	return false;
}

/* .gitignore: add .crisis/ and the temporary files of atomic writes, unless lines already say them. */
static int ignore_state(struct buf *path, struct strlist *created)
{
	struct buf text = BUF_INIT;
	size_t len = path->len, before;
	int ret = 0;

	buf_adds(path, ".gitignore");
	if (access(path->ptr, F_OK) == 0 && fs_read_file(path->ptr, &text) < 0) {
		ret = -1;
		goto done;
	}
	bool existed = text.len > 0;
	before = text.len;
	for (size_t i = 0; i < sizeof(ignored) / sizeof(*ignored); i++) {
		if (has_line(buf_str(&text), ignored[i].pattern, ignored[i].alt))
			continue;
		if (text.len && text.ptr[text.len - 1] != '\n')
			buf_addc(&text, '\n');
		buf_addf(&text, "%s%s\n", ignored[i].why, ignored[i].pattern);
	}
	if (text.len == before)
		goto done;
	if ((ret = fs_write_atomic(path->ptr, text.ptr, text.len, 0644)) == 0)
		strlist_add(created, existed ? ".gitignore (updated)" : ".gitignore");
done:
	path->len = len;
	path->ptr[len] = '\0';
	buf_release(&text);
	return ret;
}

int workspace_init(const char *dir, struct strlist *created, struct strlist *notes)
{
	struct repo *repo = NULL;
	struct buf path = BUF_INIT;
	bool made = false;
	int ret;

	/*
	 * A folder inside a repository is part of it, not a new workspace:
	 * refused, whether it exists or would be made, so that no repository
	 * is ever nested in another. The repository's own top is fine.
	 */
	char real[PATH_MAX];
	struct buf probe = BUF_INIT;
	buf_adds(&probe, dir);
	bool exists = realpath(probe.ptr, real) != NULL;
	while (!exists && probe.len) {
		/* The nearest folder that exists, above one to be made. */
		char *slash = strrchr(probe.ptr, '/');
		if (!slash) {
			buf_reset(&probe);
			buf_adds(&probe, ".");
		} else {
			probe.len = slash == probe.ptr ? 1 : (size_t)(slash - probe.ptr);
			probe.ptr[probe.len] = '\0';
		}
		exists = realpath(probe.ptr, real) != NULL;
		if (!strcmp(probe.ptr, ".") || !strcmp(probe.ptr, "/"))
			break;
	}
	bool made_here = exists && !strcmp(probe.ptr, dir);
	buf_release(&probe);
	if (exists && repo_open(&repo, real) == 0) {
		size_t n = strlen(repo_workdir(repo));
		bool top = made_here && strlen(real) + 1 == n;
		if (!top) {
			ret = crisis_error("'%s' is inside the repository '%s': a workspace is a repository of "
					   "its own; run 'crisis init' at that repository's top, or outside it",
					   dir, repo_workdir(repo));
			repo_free(repo);
			return ret;
		}
		repo_free(repo);
		repo = NULL;
	}

	if ((ret = repo_init(&repo, dir, &made)) < 0)
		return ret;
	buf_adds(&path, repo_workdir(repo));
	if (made)
		strlist_add(created, ".git");
	/* Its objects will hold contacts: personal data, the owner's alone. */
	switch (repo_keep_private(repo)) {
	case REPO_MADE_PRIVATE:
		if (!made)
			strlist_add(notes, "made .git readable by its owner alone: it will hold contacts");
		break;
	case REPO_SHARED:
		strlist_add(notes, "the repository is shared (core.sharedRepository): contacts committed "
			    "to it are readable by the users it is shared with");
		break;
	case REPO_OPEN:
		strlist_add(notes, "warning: .git is readable by other users and is not yours to change: "
			    "contacts committed to it will be readable by them");
		break;
	case REPO_PRIVATE:
		break;
	}
	if ((ret = make_dir(&path, "plans", created)) < 0 ||
	    (ret = make_file(&path, "plans/.gitkeep", "", created)) < 0 ||
	    (ret = make_dir(&path, "drills", created)) < 0 ||
	    (ret = make_dir(&path, "drills/runs", created)) < 0 ||
	    (ret = make_file(&path, "drills/runs/.gitkeep", "", created)) < 0 ||
	    (ret = make_dir(&path, "debriefs", created)) < 0 ||
	    (ret = make_file(&path, "debriefs/.gitkeep", "", created)) < 0 ||
	    (ret = ignore_state(&path, created)) < 0 ||
	    (ret = make_file(&path, ".crisis.yaml", config_text, created)) < 0) {
		/* what was made stays: running init again completes it */
	}
	buf_release(&path);
	repo_free(repo);
	return ret;
}

const char *const workspace_plan_exts[] = { ".yaml", ".yml", ".xml", NULL };

bool workspace_is_plan_file(const char *path)
{
	return fs_has_ext(path, workspace_plan_exts);
}

int workspace_plan_files(const char *root, struct strlist *out)
{
	struct buf dir = BUF_INIT;
	size_t from = out->nr, skip = strlen(root);
	int ret = 0;

	buf_addf(&dir, "%s%s", root, WORKSPACE_PLANS);
	if (fs_is_directory(dir.ptr))
		ret = fs_walk(dir.ptr, workspace_plan_exts, out);
	for (size_t i = from; i < out->nr; i++)
		memmove(out->items[i], out->items[i] + skip, strlen(out->items[i] + skip) + 1);
	buf_release(&dir);
	return ret;
}

int workspace_paths(struct workspace *ws, char *const *args, size_t nr, struct strlist *out)
{
	struct buf rel = BUF_INIT;
	struct strlist found = STRLIST_INIT;
	int ret = 0;

	for (size_t i = 0; ret == 0 && i < nr; i++) {
		bool dir = fs_is_directory(args[i]);
		strlist_release(&found);
		if (dir && (ret = fs_walk(args[i], workspace_plan_exts, &found)) < 0)
			break;
		if (!dir)
			strlist_add(&found, args[i]);
		for (size_t j = 0; ret == 0 && j < found.nr; j++) {
			buf_reset(&rel);
			if ((ret = repo_relpath(ws->repo, found.items[j], &rel)) == 0)
				strlist_add(out, rel.ptr);
		}
	}
	strlist_release(&found);
	buf_release(&rel);
	return ret;
}

void workspace_path_from_cwd(struct buf *out, const char *root, const char *rel)
{
	char cwd[PATH_MAX];
	size_t n = strlen(root);
	if (!getcwd(cwd, sizeof(cwd)) || strncmp(cwd, root, n - 1) ||
	    (cwd[n - 1] != '\0' && cwd[n - 1] != '/')) {
		buf_addf(out, "%s%s", root, rel);
		return;
	}
	/* Up from the current folder to the root: one "../" per folder below it. */
	for (const char *p = cwd + n - 1; *p; p++)
		if (*p == '/' && p[1])
			buf_adds(out, "../");
	buf_adds(out, rel);
}
