/*
 * The git layer against real repositories: each test makes its own under
 * /tmp, and checks what repo.c did with plain git, so a mistake that
 * libgit2 would read back consistently still shows.
 */
#include "unit.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "git/repo.h"
#include "git/workspace.h"

#include <git2.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Each test's folder: home/ (HOME, so no configuration leaks in) and w/ (a repository). */
struct fixture {
	char *root;
	char *home;
	char *work;
	char cwd[PATH_MAX];
	struct repo *r;
};

static char *join(const char *a, const char *b)
{
	struct buf p = BUF_INIT;
	buf_addf(&p, "%s/%s", a, b);
	return buf_detach(&p);
}

/* Run a shell command in the working tree; its exit status. */
static int sh(struct fixture *fx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int sh(struct fixture *fx, const char *fmt, ...)
{
	struct buf cmd = BUF_INIT;
	va_list ap;
	int ret;

	buf_addf(&cmd, "cd '%s' && { ", fx->work);
	va_start(ap, fmt);
	buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	buf_adds(&cmd, "; } >/dev/null 2>&1");
	ret = system(cmd.ptr);
	buf_release(&cmd);
	return WIFEXITED(ret) ? WEXITSTATUS(ret) : -1;
}

/* The standard output of a command that must succeed, without its last newline. */
static char *out(struct fixture *fx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *out(struct fixture *fx, const char *fmt, ...)
{
	struct buf cmd = BUF_INIT, text = BUF_INIT;
	char chunk[4096];
	size_t n;
	va_list ap;
	FILE *fp;

	buf_addf(&cmd, "cd '%s' && { ", fx->work);
	va_start(ap, fmt);
	buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	buf_adds(&cmd, "; } 2>/dev/null");
	fp = popen(cmd.ptr, "r");
	assert_non_null(fp);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&text, chunk, n);
	if (pclose(fp) != 0)
		fail_msg("command failed: %s", cmd.ptr);
	buf_release(&cmd);
	if (text.len && text.ptr[text.len - 1] == '\n')
		text.ptr[--text.len] = '\0';
	buf_addc(&text, '\0');	/* a string even when empty */
	return buf_detach(&text);
}

static void assert_out(struct fixture *fx, const char *want, const char *cmd)
{
	char *got = out(fx, "%s", cmd);
	assert_string_equal(got, want);
	free(got);
}

/* Write `text` to `path` under the working tree, making its folders. */
static void put(struct fixture *fx, const char *path, const char *text)
{
	char *full = join(fx->work, path);
	for (char *s = strchr(full + strlen(fx->work) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(full, 0755) < 0)
			assert_int_equal(errno, EEXIST);
		*s = '/';
	}
	int fd = open(full, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	free(full);
}

static void git_ok(struct fixture *fx, const char *cmd)
{
	if (sh(fx, "%s", cmd) != 0)
		fail_msg("command failed: %s", cmd);
}

static void open_repo(struct fixture *fx)
{
	if (!fx->r && repo_open(&fx->r, fx->work) < 0)
		fail_msg("repo_open: %s", crisis_error_last());
}

/* Commit paths through repo.c; the new id. */
static void commit(struct fixture *fx, const char *const *paths, size_t nr, const char *msg,
		   char id[REPO_ID_HEX])
{
	open_repo(fx);
	if (repo_commit_paths(fx->r, paths, nr, msg, id) < 0)
		fail_msg("repo_commit_paths: %s", crisis_error_last());
	assert_int_equal(strlen(id), 40);
}

static void commit1(struct fixture *fx, const char *path, const char *msg, char id[REPO_ID_HEX])
{
	const char *paths[] = { path };
	commit(fx, paths, 1, msg, id);
}

/* The id of a revision, by git. */
static void rev(struct fixture *fx, const char *name, char id[REPO_ID_HEX])
{
	char *s = out(fx, "git rev-parse --verify -q '%s'", name);
	assert_int_equal(strlen(s), 40);
	memcpy(id, s, REPO_ID_HEX);
	free(s);
}

static int setup_bare(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	struct buf cfg = BUF_INIT;
	FILE *fp;

	assert_non_null(getcwd(fx->cwd, sizeof(fx->cwd)));
	fx->root = xstrdup("/tmp/crisis-repo-XXXXXX");
	if (!mkdtemp(fx->root))
		return -1;
	fx->home = join(fx->root, "home");
	fx->work = join(fx->root, "w");
	if (mkdir(fx->home, 0700) < 0 || mkdir(fx->work, 0755) < 0)
		return -1;
	/* Neither the machine's nor the user's git configuration. */
	setenv("HOME", fx->home, 1);
	setenv("XDG_CONFIG_HOME", fx->home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CEILING_DIRECTORIES", fx->root, 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_OBJECT_DIRECTORY");
	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	unsetenv("GIT_COMMITTER_NAME");
	unsetenv("GIT_COMMITTER_EMAIL");
	buf_addf(&cfg, "%s/.gitconfig", fx->home);
	fp = fopen(cfg.ptr, "w");
	buf_release(&cfg);
	if (!fp)
		return -1;
	fputs("[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n", fp);
	fclose(fp);
	/* libgit2 reads no GIT_CONFIG_NOSYSTEM: point its search paths here, held by one init. */
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, fx->root);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, fx->root);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, fx->home);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_PROGRAMDATA, fx->root);
	*state = fx;
	return 0;
}

/* A repository with an identity, and no commit yet. */
static int setup(void **state)
{
	struct fixture *fx;
	if (setup_bare(state) < 0)
		return -1;
	fx = *state;
	return sh(fx, "git init -q && git config user.name Tester && "
		  "git config user.email tester@example.com") == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	struct buf cmd = BUF_INIT;
	int ret;

	repo_free(fx->r);
	git_libgit2_shutdown();
	if (chdir(fx->cwd) < 0)
		return -1;
	buf_addf(&cmd, "rm -rf '%s'", fx->root);
	ret = system(cmd.ptr);
	buf_release(&cmd);
	free(fx->root);
	free(fx->home);
	free(fx->work);
	free(fx);
	return ret == 0 ? 0 : -1;
}

/* --- committing ------------------------------------------------------------ */

static void first_commit_on_unborn_branch(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX], head[REPO_ID_HEX];

	open_repo(fx);
	assert_true(repo_head_unborn(fx->r));
	assert_false(repo_head_detached(fx->r));
	put(fx, "plans/a.yaml", "title: A\n");
	commit1(fx, "plans/a.yaml", "Add plan A\n\nFirst version.", id);
	assert_false(repo_head_unborn(fx->r));
	rev(fx, "HEAD", head);
	assert_string_equal(id, head);
	assert_out(fx, "1", "git rev-list --count HEAD");
	assert_out(fx, "", "git log -1 --format=%P");
	assert_out(fx, "title: A", "git show HEAD:plans/a.yaml");
	assert_out(fx, "Tester <tester@example.com>|Tester", "git log -1 --format='%an <%ae>|%cn'");
	/* the message as stored: one final newline */
	assert_out(fx, "Add plan A\n\nFirst version.\n.", "git cat-file commit HEAD | sed '1,/^$/d'; echo .");
	assert_out(fx, "refs/heads/main", "git symbolic-ref HEAD");
	/* the index holds what was committed: nothing is left to commit */
	assert_out(fx, "", "git status --porcelain");
}

static void repo_init_creates_then_opens(void **state)
{
	struct fixture *fx = *state;
	struct repo *r = NULL;
	bool created = false;
	char *dir = join(fx->root, "new/plans-repo");

	assert_int_equal(repo_init(&r, dir, &created), 0);
	assert_true(created);
	assert_true(repo_head_unborn(r));
	assert_non_null(strstr(repo_workdir(r), "/new/plans-repo/"));
	repo_free(r);
	assert_int_equal(repo_init(&r, dir, &created), 0);
	assert_false(created);
	repo_free(r);
	free(dir);
}

static void second_commit_has_first_as_parent(void **state)
{
	struct fixture *fx = *state;
	char one[REPO_ID_HEX], two[REPO_ID_HEX], parent[REPO_ID_HEX];

	put(fx, "plans/a.yaml", "v: 1\n");
	commit1(fx, "plans/a.yaml", "one", one);
	put(fx, "plans/a.yaml", "v: 2\n");
	commit1(fx, "plans/a.yaml", "two", two);
	assert_string_not_equal(one, two);
	rev(fx, "HEAD^", parent);
	assert_string_equal(parent, one);
	assert_out(fx, "2", "git rev-list --count HEAD");
	assert_out(fx, "v: 1", "git show HEAD~1:plans/a.yaml");
	assert_out(fx, "v: 2", "git show HEAD:plans/a.yaml");
	/* the reflog says what happened, as git commit would */
	assert_out(fx, "commit: two", "git reflog -1 --format=%gs main");
}

static void other_changes_stay_staged_or_unstaged(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX];

	put(fx, "plans/a.yaml", "a: 1\n");
	put(fx, "plans/b.yaml", "b: 1\n");
	put(fx, "notes.txt", "n: 1\n");
	git_ok(fx, "git add -A && git commit -q -m base");
	put(fx, "plans/b.yaml", "b: staged\n");
	git_ok(fx, "git add plans/b.yaml");
	put(fx, "notes.txt", "n: unstaged\n");
	put(fx, "plans/a.yaml", "a: 2\n");

	commit1(fx, "plans/a.yaml", "update a", id);
	assert_out(fx, "plans/a.yaml", "git show --format= --name-only HEAD");
	assert_out(fx, "b: 1", "git show HEAD:plans/b.yaml");
	assert_out(fx, "n: 1", "git show HEAD:notes.txt");
	/* b is still staged (and only b), the notes still changed in the working tree */
	assert_out(fx, "plans/b.yaml", "git diff --cached --name-only");
	assert_out(fx, "b: staged", "git show :plans/b.yaml");
	assert_out(fx, "notes.txt", "git diff --name-only");
	assert_out(fx, "n: unstaged", "cat notes.txt");
	assert_out(fx, " M notes.txt\nM  plans/b.yaml", "git status --porcelain");
}

static void deletion_is_committed(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX];
	const char *both[] = { "plans/a.yaml", "only/x.yaml" };

	put(fx, "plans/a.yaml", "a\n");
	put(fx, "plans/b.yaml", "b\n");
	put(fx, "only/x.yaml", "x\n");
	git_ok(fx, "git add -A && git commit -q -m base");
	git_ok(fx, "rm plans/a.yaml only/x.yaml");
	commit(fx, both, 2, "remove a and x", id);
	assert_out(fx, "D\tonly/x.yaml\nD\tplans/a.yaml", "git show --format= --name-status HEAD");
	/* the folder that held only x is gone from the tree */
	assert_out(fx, "plans", "git ls-tree --name-only HEAD");
	assert_out(fx, "plans/b.yaml", "git ls-files");
	assert_out(fx, "", "git status --porcelain");
}

static void several_paths_in_several_folders(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX];
	const char *paths[] = { "plans/z.yaml", "top.txt", "plans/sub/deep/c.yaml", "docs/d.md",
				"plans/a.yaml", "top.txt" /* twice */ };

	put(fx, "plans/a.yaml", "a\n");
	git_ok(fx, "git add -A && git commit -q -m base");
	put(fx, "plans/a.yaml", "a2\n");
	put(fx, "plans/z.yaml", "z\n");
	put(fx, "top.txt", "t\n");
	put(fx, "plans/sub/deep/c.yaml", "c\n");
	put(fx, "docs/d.md", "d\n");
	put(fx, "untouched.txt", "u\n");
	commit(fx, paths, sizeof(paths) / sizeof(*paths), "many", id);
	assert_out(fx, "docs/d.md\nplans/a.yaml\nplans/sub/deep/c.yaml\nplans/z.yaml\ntop.txt",
		   "git ls-tree -r --name-only HEAD");
	assert_out(fx, "?? untouched.txt", "git status --porcelain");
	assert_int_equal(sh(fx, "git fsck --strict --no-dangling"), 0);
}

static void fsck_is_clean_after_commits_and_tags(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX];
	char *report;

	put(fx, "plans/a.yaml", "a: 1\n");
	commit1(fx, "plans/a.yaml", "one", id);
	assert_int_equal(repo_tag(fx->r, "plan/a/v1", "Approved by the board"), 0);
	put(fx, "plans/sub/b.yaml", "b: 1\n");
	commit1(fx, "plans/sub/b.yaml", "two  \n\n\n", id);
	git_ok(fx, "rm plans/a.yaml");
	commit1(fx, "plans/a.yaml", "three", id);
	assert_int_equal(repo_tag(fx->r, "plan/a/v2", NULL), 0);
	report = out(fx, "git fsck --strict --no-dangling 2>&1");
	assert_string_equal(report, "");
	free(report);
	/* the message was stored as git stores it: trailing blank lines cut */
	assert_out(fx, "two\n.", "git cat-file commit HEAD~1 | sed '1,/^$/d'; echo .");
}

static void index_lock_refused_and_nothing_changes(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX], before[REPO_ID_HEX], after[REPO_ID_HEX];
	char *objects, *index;
	struct buf lock = BUF_INIT;

	put(fx, "plans/a.yaml", "a: 1\n");
	commit1(fx, "plans/a.yaml", "one", id);
	put(fx, "plans/a.yaml", "a: 2\n");
	rev(fx, "HEAD", before);
	objects = out(fx, "find .git/objects -type f | sort");
	index = out(fx, "od -c .git/index");
	buf_addf(&lock, "%s/.git/index.lock", fx->work);
	fclose(fopen(lock.ptr, "w"));

	crisis_error_clear();
	assert_int_equal(repo_commit_paths(fx->r, (const char *[]){ "plans/a.yaml" }, 1, "two", id),
			 CRISIS_ELOCKED);
	assert_non_null(strstr(crisis_error_last(), "index.lock"));
	assert_non_null(strstr(crisis_error_last(), "another git process"));
	assert_string_equal(id, "");
	rev(fx, "HEAD", after);
	assert_string_equal(before, after);
	assert_out(fx, objects, "find .git/objects -type f | sort");
	assert_out(fx, index, "od -c .git/index");
	assert_int_equal(access(lock.ptr, F_OK), 0);	/* not ours to remove */

	/* once the other git is done, the same call works */
	unlink(lock.ptr);
	commit1(fx, "plans/a.yaml", "two", id);
	assert_out(fx, "a: 2", "git show HEAD:plans/a.yaml");
	free(objects);
	free(index);
	buf_release(&lock);
}

static void branch_lock_refused_and_index_restored(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX], before[REPO_ID_HEX], after[REPO_ID_HEX];
	struct buf lock = BUF_INIT;

	put(fx, "plans/a.yaml", "a: 1\n");
	put(fx, "plans/b.yaml", "b: 1\n");
	git_ok(fx, "git add -A && git commit -q -m base");
	put(fx, "plans/b.yaml", "b: staged\n");
	git_ok(fx, "git add plans/b.yaml");
	put(fx, "plans/a.yaml", "a: 2\n");
	rev(fx, "HEAD", before);
	buf_addf(&lock, "%s/.git/refs/heads/main.lock", fx->work);
	fclose(fopen(lock.ptr, "w"));

	open_repo(fx);
	assert_int_equal(repo_commit_paths(fx->r, (const char *[]){ "plans/a.yaml" }, 1, "two", id),
			 CRISIS_ELOCKED);
	assert_non_null(strstr(crisis_error_last(), "main.lock"));
	rev(fx, "HEAD", after);
	assert_string_equal(before, after);
	/* a is not left staged; b still is */
	assert_out(fx, "plans/b.yaml", "git diff --cached --name-only");
	assert_out(fx, "plans/a.yaml", "git diff --name-only");
	unlink(lock.ptr);
	buf_release(&lock);
}

static void detached_head_refused(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX], before[REPO_ID_HEX], after[REPO_ID_HEX];

	put(fx, "plans/a.yaml", "a: 1\n");
	commit1(fx, "plans/a.yaml", "one", id);
	git_ok(fx, "git checkout -q --detach");
	put(fx, "plans/a.yaml", "a: 2\n");
	rev(fx, "HEAD", before);
	assert_true(repo_head_detached(fx->r));
	assert_int_equal(repo_commit_paths(fx->r, (const char *[]){ "plans/a.yaml" }, 1, "two", id),
			 CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "detached"));
	assert_non_null(strstr(crisis_error_last(), "check out a branch"));
	rev(fx, "HEAD", after);
	assert_string_equal(before, after);
	assert_out(fx, "", "git diff --cached --name-only");
}

static void merge_in_progress_refused(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX];

	put(fx, "plans/a.yaml", "a: 1\n");
	commit1(fx, "plans/a.yaml", "one", id);
	git_ok(fx, "git rev-parse HEAD > .git/MERGE_HEAD");
	put(fx, "plans/a.yaml", "a: 2\n");
	assert_int_equal(repo_commit_paths(fx->r, (const char *[]){ "plans/a.yaml" }, 1, "two", id),
			 CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "merge is in progress"));
}

static void unknown_identity_says_how_to_set_it(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX];

	git_ok(fx, "git config --unset user.name && git config --unset user.email");
	put(fx, "plans/a.yaml", "a: 1\n");
	open_repo(fx);
	assert_int_equal(repo_commit_paths(fx->r, (const char *[]){ "plans/a.yaml" }, 1, "one", id),
			 CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "git config user.name"));
	assert_non_null(strstr(crisis_error_last(), "git config user.email"));
	assert_true(repo_head_unborn(fx->r));
	assert_out(fx, "", "git ls-files");
}

static void bad_commits_refused(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX];
	const char *bad[] = { "../outside.yaml", "/etc/passwd", "plans//a.yaml", "./a.yaml",
			      ".git/config", "plans/", "" };

	put(fx, "plans/a.yaml", "a: 1\n");
	commit1(fx, "plans/a.yaml", "one", id);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(repo_commit_paths(fx->r, &bad[i], 1, "x", id), CRISIS_ERROR);
		assert_non_null(strstr(crisis_error_last(), "not a file path"));
	}
	assert_int_equal(repo_commit_paths(fx->r, NULL, 0, "x", id), CRISIS_ERROR);
	put(fx, "plans/a.yaml", "a: 2\n");
	assert_int_equal(repo_commit_paths(fx->r, (const char *[]){ "plans/a.yaml" }, 1, " \n\n", id),
			 CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "empty commit message"));
	assert_int_equal(repo_commit_paths(fx->r, (const char *[]){ "plans/none.yaml" }, 1, "x", id),
			 CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "plans/none.yaml"));
	assert_int_equal(repo_commit_paths(fx->r, (const char *[]){ "plans" }, 1, "x", id), CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "is a folder"));
	/* none of these touched the index */
	assert_out(fx, "", "git diff --cached --name-only");
	put(fx, "plans/a.yaml", "a: 1\n");
	assert_int_equal(repo_commit_paths(fx->r, (const char *[]){ "plans/a.yaml" }, 1, "x", id),
			 CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "nothing to commit"));
	assert_out(fx, "1", "git rev-list --count HEAD");
}

/* --- history --------------------------------------------------------------- */

struct seen {
	size_t nr;
	size_t stop_after;	/* 0: never stop */
	char id[16][REPO_ID_HEX];
	char parent[16][REPO_ID_HEX];
	char path[16][64];
	char old[16][64];	/* "-" for NULL */
	char who[16][64];
	char summary[16][64];
	char changes[16][256];	/* "path<old_path" (or "path<-"), ' '-separated */
	int64_t time[16];
};

static int record(const struct repo_commit *c, void *data)
{
	struct seen *s = data;
	assert_true(s->nr < 16);
	memcpy(s->id[s->nr], c->id, REPO_ID_HEX);
	memcpy(s->parent[s->nr], c->parent, REPO_ID_HEX);
	snprintf(s->path[s->nr], 64, "%s", c->path);
	snprintf(s->old[s->nr], 64, "%s", c->old_path ? c->old_path : "-");
	snprintf(s->who[s->nr], 64, "%s <%s>", c->author, c->email);
	snprintf(s->summary[s->nr], 64, "%s", c->summary);
	assert_non_null(c->message);
	s->time[s->nr] = c->time;
	s->changes[s->nr][0] = '\0';
	assert_true(c->nchanges >= 1);
	assert_ptr_equal(c->changes[0].path, c->path);
	assert_ptr_equal(c->changes[0].old_path, c->old_path);
	for (size_t i = 0; i < c->nchanges; i++) {
		size_t len = strlen(s->changes[s->nr]);
		snprintf(s->changes[s->nr] + len, 256 - len, "%s%s<%s", i ? " " : "",
			 c->changes[i].path, c->changes[i].old_path ? c->changes[i].old_path : "-");
	}
	s->nr++;
	return s->stop_after && s->nr == s->stop_after;
}

/* The ids repo_log reported, one a line, like git log --format=%H. */
static char *ids(const struct seen *s)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < s->nr; i++)
		buf_addf(&b, "%s%s", i ? "\n" : "", s->id[i]);
	buf_addc(&b, '\0');
	return buf_detach(&b);
}

static void log_path(struct fixture *fx, const char *path, const char *prefix, struct seen *s)
{
	open_repo(fx);
	if (repo_log(fx->r, path, prefix, record, s) < 0)
		fail_msg("repo_log: %s", crisis_error_last());
}

/* repo_log agrees with `git log --format=%H <args>`. */
static void assert_like_git(struct fixture *fx, const char *path, const char *prefix,
			    const char *args)
{
	struct seen s = { 0 };
	char *got, *want;

	log_path(fx, path, prefix, &s);
	got = ids(&s);
	want = out(fx, "git log --format=%%H %s", args);
	assert_string_equal(got, want);
	free(got);
	free(want);
}

static void log_lists_the_commits_of_a_path(void **state)
{
	struct fixture *fx = *state;
	char c1[REPO_ID_HEX], c2[REPO_ID_HEX], c3[REPO_ID_HEX], c5[REPO_ID_HEX];
	struct seen s = { 0 };

	put(fx, "plans/a.yaml", "a: 1\n");
	commit1(fx, "plans/a.yaml", "add a", c1);
	put(fx, "plans/b.yaml", "b: 1\n");
	commit1(fx, "plans/b.yaml", "add b", c2);
	/* a commit by plain git */
	put(fx, "plans/a.yaml", "a: 2\n");
	git_ok(fx, "GIT_AUTHOR_NAME=Other GIT_AUTHOR_EMAIL=o@example.com "
		   "GIT_AUTHOR_DATE='2001-02-03 04:05:06 +0100' "
		   "git commit -q -m 'change a by git' -m body plans/a.yaml");
	rev(fx, "HEAD", c3);
	put(fx, "plans/b.yaml", "b: 2\n");
	git_ok(fx, "git commit -q -am 'change b'");
	git_ok(fx, "chmod +x plans/a.yaml");	/* a mode change is a change */
	commit1(fx, "plans/a.yaml", "make a executable", c5);

	log_path(fx, "plans/a.yaml", NULL, &s);
	assert_int_equal(s.nr, 3);
	assert_string_equal(s.id[0], c5);
	assert_string_equal(s.id[1], c3);
	assert_string_equal(s.id[2], c1);
	assert_string_equal(s.parent[1], c2);
	assert_string_equal(s.parent[2], "");
	assert_string_equal(s.path[1], "plans/a.yaml");
	assert_string_equal(s.old[1], "-");
	assert_string_equal(s.who[1], "Other <o@example.com>");
	assert_string_equal(s.summary[1], "change a by git");
	assert_int_equal(s.time[1], 981169506);
	assert_string_equal(s.who[2], "Tester <tester@example.com>");
	assert_string_equal(s.summary[2], "add a");
	assert_like_git(fx, "plans/a.yaml", NULL, "-- plans/a.yaml");
	assert_like_git(fx, "plans/b.yaml", NULL, "-- plans/b.yaml");
}

static void log_follows_a_rename(void **state)
{
	struct fixture *fx = *state;
	char c1[REPO_ID_HEX], c2[REPO_ID_HEX], c3[REPO_ID_HEX], c4[REPO_ID_HEX];
	const char *text = "title: Pandemic plan\nowner: crisis cell\nphases:\n  - alert\n"
			   "  - response\n  - recovery\n";
	struct seen s = { 0 };

	put(fx, "plans/pandemic.yaml", text);
	commit1(fx, "plans/pandemic.yaml", "add", c1);
	put(fx, "plans/pandemic.yaml", "title: Pandemic plan\nowner: crisis cell\nphases:\n"
	    "  - alert\n  - response\n  - recovery\n  - review\n");
	commit1(fx, "plans/pandemic.yaml", "edit", c2);
	put(fx, "plans/other.yaml", "x: 1\n");
	git_ok(fx, "git add plans/other.yaml && git commit -q -m other");
	git_ok(fx, "git mv plans/pandemic.yaml plans/pca.yaml && git commit -q -m rename");
	rev(fx, "HEAD", c3);
	put(fx, "plans/pca.yaml", "title: PCA\nowner: crisis cell\nphases:\n"
	    "  - alert\n  - response\n  - recovery\n  - review\n");
	commit1(fx, "plans/pca.yaml", "edit after rename", c4);

	log_path(fx, "plans/pca.yaml", NULL, &s);
	assert_int_equal(s.nr, 4);
	assert_string_equal(s.id[0], c4);
	assert_string_equal(s.old[0], "-");
	assert_string_equal(s.id[1], c3);
	assert_string_equal(s.path[1], "plans/pca.yaml");
	assert_string_equal(s.old[1], "plans/pandemic.yaml");
	assert_string_equal(s.id[2], c2);
	assert_string_equal(s.path[2], "plans/pandemic.yaml");
	assert_string_equal(s.old[2], "-");
	assert_string_equal(s.id[3], c1);
	assert_string_equal(s.path[3], "plans/pandemic.yaml");
	assert_like_git(fx, "plans/pca.yaml", NULL, "--follow -- plans/pca.yaml");
}

static void log_reports_a_deletion(void **state)
{
	struct fixture *fx = *state;
	char c1[REPO_ID_HEX], c2[REPO_ID_HEX], c3[REPO_ID_HEX];
	struct seen s = { 0 };

	put(fx, "plans/a.yaml", "a: 1\n");
	commit1(fx, "plans/a.yaml", "add", c1);
	git_ok(fx, "rm plans/a.yaml");
	commit1(fx, "plans/a.yaml", "remove", c2);
	put(fx, "plans/a.yaml", "a: back\n");
	commit1(fx, "plans/a.yaml", "bring back", c3);
	log_path(fx, "plans/a.yaml", NULL, &s);
	assert_int_equal(s.nr, 3);
	assert_string_equal(s.id[1], c2);
	assert_string_equal(s.path[1], "");
	assert_string_equal(s.old[1], "plans/a.yaml");
	assert_string_equal(s.path[0], "plans/a.yaml");
	assert_string_equal(s.old[0], "-");
	assert_like_git(fx, "plans/a.yaml", NULL, "-- plans/a.yaml");
}

static void log_of_a_folder_names_the_file(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX];
	struct seen s = { 0 };

	put(fx, "plans/a.yaml", "a\n");
	put(fx, "docs/readme.md", "r\n");
	git_ok(fx, "git add -A && git commit -q -m base");
	put(fx, "docs/readme.md", "r2\n");
	git_ok(fx, "git commit -q -am 'docs only'");
	put(fx, "plans/deep/er/b.yaml", "b\n");
	commit1(fx, "plans/deep/er/b.yaml", "add b", id);
	git_ok(fx, "git rm -q plans/a.yaml && git commit -q -m 'remove a'");
	put(fx, "plansx.yaml", "not under plans/\n");
	git_ok(fx, "git add plansx.yaml && git commit -q -m 'beside'");

	log_path(fx, NULL, "plans/", &s);
	assert_int_equal(s.nr, 3);
	assert_string_equal(s.path[0], "");
	assert_string_equal(s.old[0], "plans/a.yaml");
	assert_string_equal(s.path[1], "plans/deep/er/b.yaml");
	assert_string_equal(s.old[1], "-");
	assert_string_equal(s.path[2], "plans/a.yaml");
	assert_like_git(fx, NULL, "plans/", "-- plans/");
	assert_like_git(fx, NULL, "plans", "-- plans/");
	assert_like_git(fx, NULL, NULL, "-- .");
	assert_like_git(fx, NULL, "docs/", "-- docs/");
}

static void log_of_a_folder_lists_every_file_and_pairs_renames(void **state)
{
	struct fixture *fx = *state;
	struct seen s = { 0 };

	put(fx, "plans/a.yaml", "title: A plan long enough\nowner: the crisis cell\nrto: PT4H\n");
	put(fx, "plans/b.yaml", "b\n");
	git_ok(fx, "git add -A && git commit -q -m one");
	put(fx, "plans/b.yaml", "b2\n");
	put(fx, "plans/.gitkeep", "");
	put(fx, "docs/x.md", "x\n");
	git_ok(fx, "git add -A && git commit -q -m two");
	put(fx, "plans/c.yaml", "c\n");
	git_ok(fx, "mkdir plans/sub && git mv plans/a.yaml plans/sub/renamed.yaml && "
		   "git rm -q plans/b.yaml && git add plans/c.yaml && git commit -q -m three");

	log_path(fx, NULL, "plans/", &s);
	assert_int_equal(s.nr, 3);
	assert_string_equal(s.changes[0], "<plans/b.yaml plans/c.yaml<- "
					  "plans/sub/renamed.yaml<plans/a.yaml");
	assert_string_equal(s.changes[1], "plans/.gitkeep<- plans/b.yaml<-");
	assert_string_equal(s.changes[2], "plans/a.yaml<- plans/b.yaml<-");
	/* the file's own history: one change, the file */
	memset(&s, 0, sizeof(s));
	log_path(fx, "plans/sub/renamed.yaml", NULL, &s);
	assert_int_equal(s.nr, 2);
	assert_string_equal(s.changes[0], "plans/sub/renamed.yaml<plans/a.yaml");
	assert_string_equal(s.changes[1], "plans/a.yaml<-");
}

static void log_stops_when_asked_and_is_empty_when_unborn(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX];
	struct seen s = { 0 };

	log_path(fx, "plans/a.yaml", NULL, &s);
	assert_int_equal(s.nr, 0);
	put(fx, "plans/a.yaml", "1\n");
	commit1(fx, "plans/a.yaml", "1", id);
	put(fx, "plans/a.yaml", "2\n");
	commit1(fx, "plans/a.yaml", "2", id);
	s.stop_after = 1;
	log_path(fx, "plans/a.yaml", NULL, &s);
	assert_int_equal(s.nr, 1);
	assert_string_equal(s.id[0], id);
	assert_int_equal(repo_log(fx->r, "../x", NULL, record, &s), CRISIS_ERROR);
}

/* A history with a merge, then the same with git's commit-graph files. */
static void log_through_merges_and_commit_graphs(void **state)
{
	struct fixture *fx = *state;
	struct seen s = { 0 };

	put(fx, "plans/a.yaml", "a: 1\n");
	put(fx, "plans/b.yaml", "b: 1\n");
	git_ok(fx, "git add -A && git commit -q -m base");
	git_ok(fx, "git checkout -q -b side");
	put(fx, "plans/a.yaml", "a: side\n");
	git_ok(fx, "git commit -q -am 'a on side'");
	put(fx, "plans/c.yaml", "c\n");
	git_ok(fx, "git add -A && git commit -q -m 'c on side'");
	git_ok(fx, "git checkout -q main");
	put(fx, "plans/b.yaml", "b: main\n");
	git_ok(fx, "git commit -q -am 'b on main'");
	git_ok(fx, "git merge -q --no-ff -m merge side");
	put(fx, "plans/a.yaml", "a: after\n");
	git_ok(fx, "git commit -q -am 'a after merge'");
	assert_out(fx, "2", "git rev-list --merges --parents -n1 HEAD | wc -w | "
			    "awk '{print $1 - 1}'");

	/* the merge took a from side: the side commit is reported, not the merge */
	log_path(fx, "plans/a.yaml", NULL, &s);
	assert_int_equal(s.nr, 3);
	assert_like_git(fx, "plans/a.yaml", NULL, "-- plans/a.yaml");
	assert_like_git(fx, "plans/b.yaml", NULL, "-- plans/b.yaml");
	assert_like_git(fx, NULL, "plans/", "-- plans/");

	/* a merge that kept main's tree: what side2 did is not history */
	git_ok(fx, "git checkout -q -b side2 && echo d > plans/d.yaml && git add plans/d.yaml && "
		   "git commit -q -m 'd on side2' && git checkout -q main && "
		   "git merge -q -s ours -m ours side2");
	assert_like_git(fx, "plans/d.yaml", NULL, "-- plans/d.yaml");
	assert_out(fx, "", "git log --format=%H -- plans/d.yaml");

	/* an octopus merge, which the graph keeps in its EDGE chunk */
	git_ok(fx, "git checkout -q -b o1 main && echo 1 > plans/o1.yaml && git add plans/o1.yaml && "
		   "git commit -q -m o1 && git checkout -q -b o2 main && echo 2 > plans/o2.yaml && "
		   "git add plans/o2.yaml && git commit -q -m o2 && git checkout -q -b o3 main && "
		   "echo 3 > plans/o3.yaml && git add plans/o3.yaml && git commit -q -m o3 && "
		   "git checkout -q main && git merge -q --no-ff -m octopus o1 o2 o3");
	assert_out(fx, "4", "git rev-list --parents -n1 HEAD | wc -w | awk '{print $1 - 1}'");
	assert_like_git(fx, "plans/o2.yaml", NULL, "-- plans/o2.yaml");

	/* the same from a commit-graph, with commits after it */
	git_ok(fx, "git commit-graph write --reachable");
	assert_int_equal(sh(fx, "test -f .git/objects/info/commit-graph"), 0);
	put(fx, "plans/b.yaml", "b: after graph\n");
	git_ok(fx, "git commit -q -am 'b after graph'");
	repo_free(fx->r);
	fx->r = NULL;
	assert_like_git(fx, "plans/a.yaml", NULL, "-- plans/a.yaml");
	assert_like_git(fx, "plans/b.yaml", NULL, "-- plans/b.yaml");
	assert_like_git(fx, NULL, "plans/", "-- plans/");
	assert_like_git(fx, "plans/o3.yaml", NULL, "-- plans/o3.yaml");

	/* and from a chain of split graphs */
	git_ok(fx, "rm .git/objects/info/commit-graph && "
		   "git commit-graph write --reachable --split=no-merge");
	put(fx, "plans/a.yaml", "a: layer 2\n");
	git_ok(fx, "git commit -q -am 'a in layer 2'");
	git_ok(fx, "git commit-graph write --reachable --split=no-merge");
	assert_out(fx, "2", "wc -l < .git/objects/info/commit-graphs/commit-graph-chain");
	put(fx, "plans/a.yaml", "a: loose\n");
	git_ok(fx, "git commit -q -am 'a outside the graphs'");
	assert_like_git(fx, "plans/a.yaml", NULL, "-- plans/a.yaml");
	assert_like_git(fx, "plans/b.yaml", NULL, "-- plans/b.yaml");
	assert_like_git(fx, NULL, "plans/", "-- plans/");

	/* a corrupt graph is not trusted */
	git_ok(fx, "for f in .git/objects/info/commit-graphs/*.graph; do "
		   "chmod u+w $f && truncate -s 100 $f; done");
	assert_like_git(fx, "plans/a.yaml", NULL, "-- plans/a.yaml");
}

/* --- reading --------------------------------------------------------------- */

static void read_at_revisions_and_tags(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX], one[REPO_ID_HEX], full[REPO_ID_HEX];
	struct buf b = BUF_INIT;

	put(fx, "plans/a.yaml", "v: 1\n");
	commit1(fx, "plans/a.yaml", "one", one);
	assert_int_equal(repo_tag(fx->r, "plan/a/v1", "first"), 0);
	put(fx, "plans/a.yaml", "v: 2\n");
	commit1(fx, "plans/a.yaml", "two", id);

	assert_int_equal(repo_read_at(fx->r, "HEAD~1", "plans/a.yaml", &b), 0);
	assert_string_equal(buf_str(&b), "v: 1\n");
	buf_reset(&b);
	assert_int_equal(repo_read_at(fx->r, "plan/a/v1", "plans/a.yaml", &b), 0);
	assert_string_equal(buf_str(&b), "v: 1\n");
	buf_reset(&b);
	assert_int_equal(repo_read_at(fx->r, one, "plans/a.yaml", &b), 0);
	assert_string_equal(buf_str(&b), "v: 1\n");
	/* it appends, like fs_read_file */
	assert_int_equal(repo_read_at(fx->r, "HEAD", "plans/a.yaml", &b), 0);
	assert_string_equal(buf_str(&b), "v: 1\nv: 2\n");

	assert_int_equal(repo_resolve(fx->r, "plan/a/v1", full), 0);
	assert_string_equal(full, one);
	assert_int_equal(repo_resolve(fx->r, "HEAD", full), 0);
	assert_string_equal(full, id);
	buf_release(&b);
}

static void files_at_a_revision(void **state)
{
	struct fixture *fx = *state;
	struct strlist l = STRLIST_INIT;
	char id[REPO_ID_HEX];

	put(fx, "plans/b.yaml", "b\n");
	put(fx, "plans/a.yaml", "a\n");
	put(fx, "plans/sub/c.yaml", "c\n");
	put(fx, "plansx.yaml", "x\n");
	put(fx, "docs/d.md", "d\n");
	git_ok(fx, "git add -A && git commit -q -m one && git rm -q plans/a.yaml");
	open_repo(fx);
	assert_int_equal(repo_files_at(fx->r, "HEAD", "plans/", &l), 0);
	assert_int_equal(l.nr, 3);
	assert_string_equal(l.items[0], "plans/a.yaml");	/* deleted, but not committed */
	assert_string_equal(l.items[1], "plans/b.yaml");
	assert_string_equal(l.items[2], "plans/sub/c.yaml");
	strlist_release(&l);
	assert_int_equal(repo_files_at(fx->r, "HEAD", NULL, &l), 0);
	assert_int_equal(l.nr, 5);
	strlist_release(&l);
	assert_int_equal(repo_files_at(fx->r, "HEAD", "nothing/here", &l), 0);
	assert_int_equal(repo_files_at(fx->r, "HEAD", "plansx.yaml", &l), 0);
	assert_int_equal(l.nr, 0);
	assert_int_equal(repo_files_at(fx->r, "HEAD~3", "plans", &l), CRISIS_ENOTFOUND);
	commit1(fx, "plans/a.yaml", "remove a", id);
	assert_int_equal(repo_files_at(fx->r, "HEAD", "plans", &l), 0);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.items[0], "plans/b.yaml");
	strlist_release(&l);
}

static void read_at_unknown_things(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX];
	struct buf b = BUF_INIT;

	open_repo(fx);
	assert_int_equal(repo_read_at(fx->r, "HEAD", "plans/a.yaml", &b), CRISIS_ENOTFOUND);
	assert_int_equal(repo_resolve(fx->r, "HEAD", id), CRISIS_ENOTFOUND);
	put(fx, "plans/a.yaml", "v: 1\n");
	commit1(fx, "plans/a.yaml", "one", id);
	assert_int_equal(repo_read_at(fx->r, "no-such-rev", "plans/a.yaml", &b), CRISIS_ENOTFOUND);
	assert_non_null(strstr(crisis_error_last(), "unknown revision 'no-such-rev'"));
	assert_int_equal(repo_read_at(fx->r, "HEAD~5", "plans/a.yaml", &b), CRISIS_ENOTFOUND);
	assert_int_equal(repo_read_at(fx->r, "HEAD", "plans/none.yaml", &b), CRISIS_ENOTFOUND);
	assert_non_null(strstr(crisis_error_last(), "'plans/none.yaml'"));
	assert_non_null(strstr(crisis_error_last(), "'HEAD'"));
	assert_int_equal(repo_read_at(fx->r, "HEAD", "plans/a.yaml/x", &b), CRISIS_ENOTFOUND);
	assert_int_equal(repo_read_at(fx->r, "HEAD", "plans", &b), CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "not a file"));
	assert_int_equal(repo_resolve(fx->r, "nope", id), CRISIS_ENOTFOUND);
	assert_string_equal(id, "");
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

/* --- opening and paths ----------------------------------------------------- */

static void bare_repository_refused(void **state)
{
	struct fixture *fx = *state;
	struct repo *r = NULL;
	bool created = true;
	char *bare = join(fx->root, "bare.git");

	git_ok(fx, "git init -q --bare ../bare.git");
	assert_int_equal(repo_open(&r, bare), CRISIS_ERROR);
	assert_null(r);
	assert_non_null(strstr(crisis_error_last(), "bare"));
	assert_int_equal(repo_init(&r, bare, &created), CRISIS_ERROR);
	assert_null(r);
	assert_false(created);
	free(bare);
}

static void open_from_a_subfolder_finds_the_root(void **state)
{
	struct fixture *fx = *state;
	struct repo *r = NULL;
	char *sub = join(fx->work, "plans/deep");
	char *real = realpath(fx->work, NULL);
	struct buf want = BUF_INIT;

	put(fx, "plans/deep/x.yaml", "x\n");
	assert_int_equal(repo_open(&r, sub), 0);
	buf_addf(&want, "%s/", real);
	assert_string_equal(repo_workdir(r), want.ptr);
	repo_free(r);
	/* NULL: the current folder */
	assert_int_equal(chdir(sub), 0);
	assert_int_equal(repo_open(&r, NULL), 0);
	assert_string_equal(repo_workdir(r), want.ptr);
	repo_free(r);
	/* no repository up to / (the ceiling is for git; libgit2 searches on) */
	assert_int_equal(repo_open(&r, fx->home), CRISIS_ENOTFOUND);
	assert_null(r);
	assert_non_null(strstr(crisis_error_last(), "not a git repository"));
	buf_release(&want);
	free(real);
	free(sub);
}

static void relpath_inside_and_outside(void **state)
{
	struct fixture *fx = *state;
	struct buf b = BUF_INIT;
	char *plans = join(fx->work, "plans");
	char *abs = join(fx->work, "plans/a.yaml");

	put(fx, "plans/a.yaml", "a\n");
	put(fx, "docs/d.md", "d\n");
	open_repo(fx);
	assert_int_equal(chdir(plans), 0);
#define REL(path, want) do { \
		buf_reset(&b); \
		assert_int_equal(repo_relpath(fx->r, path, &b), 0); \
		assert_string_equal(buf_str(&b), want); \
	} while (0)
	REL("a.yaml", "plans/a.yaml");
	REL("new.yaml", "plans/new.yaml");	/* need not exist yet */
	REL("../docs/d.md", "docs/d.md");
	REL("./../plans/./a.yaml", "plans/a.yaml");
	REL(abs, "plans/a.yaml");
	REL(".", "plans");
	REL("..", "");
#undef REL
	assert_int_equal(repo_relpath(fx->r, "../../outside.yaml", &b), CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "outside the repository"));
	assert_int_equal(repo_relpath(fx->r, "/etc/passwd", &b), CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "'/etc/passwd'"));
	assert_int_equal(repo_relpath(fx->r, "../.git/config", &b), CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "git folder"));
	assert_int_equal(repo_relpath(fx->r, "missing/x.yaml", &b), CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "cannot resolve"));
	assert_int_equal(repo_relpath(fx->r, "", &b), CRISIS_ERROR);
	/* a folder of the tree reached through a symbolic link from outside */
	git_ok(fx, "ln -s \"$PWD/plans\" ../link");
	assert_int_equal(chdir(fx->root), 0);
	buf_reset(&b);
	assert_int_equal(repo_relpath(fx->r, "link/a.yaml", &b), 0);
	assert_string_equal(buf_str(&b), "plans/a.yaml");
	buf_release(&b);
	free(plans);
	free(abs);
}

/* The root found without opening the repository, as `crisis plan validate` finds it. */
static void find_root_without_opening(void **state)
{
	struct fixture *fx = *state;
	char *plans = join(fx->work, "plans/deep");
	char *want = NULL, *root;

	put(fx, "plans/deep/a.yaml", "a\n");
	assert_non_null(want = realpath(fx->work, NULL));
	assert_int_equal(chdir(plans), 0);
	assert_non_null(root = workspace_find_root());
	/* The working tree, ending in '/'. */
	assert_int_equal(strlen(root), strlen(want) + 1);
	assert_memory_equal(root, want, strlen(want));
	assert_int_equal(root[strlen(want)], '/');
	free(root);
	/* Above the repository there is none (the fixture's root holds no .git). */
	assert_int_equal(chdir(fx->root), 0);
	assert_null(workspace_find_root());
	free(want);
	free(plans);
}

/* The workspace's plan files: under plans/, by extension in any case, relative, sorted. */
static void plan_files_of_a_workspace(void **state)
{
	struct fixture *fx = *state;
	struct strlist l = STRLIST_INIT;
	struct buf root = BUF_INIT;

	buf_addf(&root, "%s/", fx->work);
	strlist_add(&l, "kept.yaml");
	assert_int_equal(workspace_plan_files(root.ptr, &l), 0);
	assert_int_equal(l.nr, 1);	/* no plans/ yet: nothing, and no error */
	put(fx, "plans/b.yml", "b\n");
	put(fx, "plans/site/a.XML", "a\n");
	put(fx, "plans/notes.txt", "n\n");
	put(fx, "plans/.hidden.yaml", "h\n");
	put(fx, "other.yaml", "o\n");
	assert_int_equal(workspace_plan_files(root.ptr, &l), 0);
	assert_int_equal(l.nr, 3);
	/* What the list held stays first and as it was. */
	assert_string_equal(l.items[0], "kept.yaml");
	assert_string_equal(l.items[1], "plans/b.yml");
	assert_string_equal(l.items[2], "plans/site/a.XML");
	assert_true(workspace_is_plan_file("plans/x.YAML"));
	assert_false(workspace_is_plan_file("plans/x.yaml.bak"));
	assert_false(workspace_is_plan_file(".yaml"));
	strlist_release(&l);
	buf_release(&root);
}

/* --- tags ------------------------------------------------------------------ */

static void tag_is_annotated_and_never_overwritten(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX], head[REPO_ID_HEX], tagged[REPO_ID_HEX];

	open_repo(fx);
	assert_int_equal(repo_tag(fx->r, "plan/a/v1", "too early"), CRISIS_ENOTFOUND);
	put(fx, "plans/a.yaml", "a\n");
	commit1(fx, "plans/a.yaml", "one", id);
	assert_int_equal(repo_tag(fx->r, "plan/a/v1", "Approved\n\nBy the board."), 0);
	assert_out(fx, "tag", "git cat-file -t plan/a/v1");
	rev(fx, "HEAD", head);
	rev(fx, "plan/a/v1^{commit}", tagged);
	assert_string_equal(head, tagged);
	assert_out(fx, "Tester <tester@example.com>|Approved",
		   "git for-each-ref --format='%(taggername) %(taggeremail)|%(subject)' "
		   "refs/tags/plan/a/v1 | sed 's/ </ </'");

	put(fx, "plans/a.yaml", "a2\n");
	commit1(fx, "plans/a.yaml", "two", id);
	assert_int_equal(repo_tag(fx->r, "plan/a/v1", "again"), CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "'plan/a/v1' already exists"));
	rev(fx, "plan/a/v1^{commit}", tagged);
	assert_string_not_equal(id, tagged);	/* still on the first commit */
	assert_int_equal(repo_tag(fx->r, "bad..name", "x"), CRISIS_ERROR);
	assert_non_null(strstr(crisis_error_last(), "not a valid tag name"));
}

static void tags_sorted_by_version(void **state)
{
	struct fixture *fx = *state;
	char id[REPO_ID_HEX];
	struct strlist l = STRLIST_INIT;
	const char *names[] = { "plan/pca/v10", "plan/pca/v2", "plan/pca/v1", "plan/pca/v9",
				"plan/other/v3", "plan/pca/v100" };

	put(fx, "plans/a.yaml", "a\n");
	commit1(fx, "plans/a.yaml", "one", id);
	assert_int_equal(repo_tags(fx->r, "plan/pca/v*", &l), 0);
	assert_int_equal(l.nr, 0);
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		assert_int_equal(repo_tag(fx->r, names[i], "x"), 0);
	assert_int_equal(repo_tags(fx->r, "plan/pca/v*", &l), 0);
	assert_int_equal(l.nr, 5);
	assert_string_equal(l.items[0], "plan/pca/v1");
	assert_string_equal(l.items[1], "plan/pca/v2");
	assert_string_equal(l.items[2], "plan/pca/v9");
	assert_string_equal(l.items[3], "plan/pca/v10");
	assert_string_equal(l.items[4], "plan/pca/v100");
	strlist_release(&l);
	assert_int_equal(repo_tags(fx->r, NULL, &l), 0);
	assert_int_equal(l.nr, 6);
	assert_string_equal(l.items[0], "plan/other/v3");
	strlist_release(&l);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

TEST_MAIN(
	T(first_commit_on_unborn_branch),
	cmocka_unit_test_setup_teardown(repo_init_creates_then_opens, setup_bare, teardown),
	T(second_commit_has_first_as_parent),
	T(other_changes_stay_staged_or_unstaged),
	T(deletion_is_committed),
	T(several_paths_in_several_folders),
	T(fsck_is_clean_after_commits_and_tags),
	T(index_lock_refused_and_nothing_changes),
	T(branch_lock_refused_and_index_restored),
	T(detached_head_refused),
	T(merge_in_progress_refused),
	T(unknown_identity_says_how_to_set_it),
	T(bad_commits_refused),
	T(log_lists_the_commits_of_a_path),
	T(log_follows_a_rename),
	T(log_reports_a_deletion),
	T(log_of_a_folder_names_the_file),
	T(log_of_a_folder_lists_every_file_and_pairs_renames),
	T(log_stops_when_asked_and_is_empty_when_unborn),
	T(log_through_merges_and_commit_graphs),
	T(read_at_revisions_and_tags),
	T(read_at_unknown_things),
	T(files_at_a_revision),
	T(bare_repository_refused),
	T(open_from_a_subfolder_finds_the_root),
	T(relpath_inside_and_outside),
	T(find_root_without_opening),
	T(plan_files_of_a_workspace),
	T(tag_is_annotated_and_never_overwritten),
	T(tags_sorted_by_version),
)
