/*
 * The git layer, on libgit2 1.5. Every libgit2 call is checked, every
 * object freed through the one label of its function, and a failure's
 * message is ours ("cannot commit 'plans/pca.yaml'") followed by libgit2's
 * own reason. This file opens repositories, maps paths, commits, reads at
 * a revision and tags; the history walk (repo_log) is in repolog.c, and
 * what both share in repo-internal.h.
 */
#include "repo.h"
#include "repo-internal.h"
#include "util/error.h"

#include <git2.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* libgit2's last message appended to ours: "cannot commit 'x': reason". */
int repo_fail(int code, const char *fmt, ...)
{
	const git_error *e = git_error_last();
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (e && e->message && e->message[0]) {
		size_t start;
		buf_adds(&msg, ": ");
		start = msg.len;
		buf_adds(&msg, e->message);
		while (msg.len > start && (isspace((unsigned char)msg.ptr[msg.len - 1]) ||
					   msg.ptr[msg.len - 1] == '.' || msg.ptr[msg.len - 1] == ':'))
			msg.ptr[--msg.len] = '\0';
		/* A lock left by a killed git (or crisis): say what to do, as git does. */
		const char *q = strstr(e->message, "failed to lock file '");
		const char *end = q ? strchr(q + 21, '\'') : NULL;
		if (end)
			buf_addf(&msg, ": another git process may be running in this repository (if none "
				 "is, remove '%.*s')",
				 (int)(end - (q + 21)), q + 21);
		/* git style is lowercase, but leave acronyms ("SSL") alone */
		if (msg.len > start + 1 && isupper((unsigned char)msg.ptr[start]) &&
		    !isupper((unsigned char)msg.ptr[start + 1]))
			msg.ptr[start] = (char)tolower((unsigned char)msg.ptr[start]);
	}
	crisis_error("%s", buf_str(&msg));
	buf_release(&msg);
	git_error_clear();
	return code;
}

static int locked_code(int gerr)
{
	return gerr == GIT_ELOCKED ? CRISIS_ELOCKED : CRISIS_ERROR;
}

/* --- opening ------------------------------------------------------------ */

static int lib_init(void)
{
	if (git_libgit2_init() < 0)
		return repo_fail(CRISIS_ERROR, "cannot initialise libgit2");
	/*
	 * Objects, refs and the index reach the disk before a commit is said
	 * done: a power cut after "committed" must not lose it (git itself
	 * leaves this to core.fsync).
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	return 0;
}

/* Wrap an opened repository, which `out` then owns. */
static int wrap(struct repo **out, git_repository *git)
{
	const char *wd;
	char *real;
	struct buf dir = BUF_INIT;

	if (git_repository_is_bare(git)) {
		crisis_error("'%s' is a bare repository: crisis needs one with a working tree",
			     git_repository_path(git));
		return CRISIS_ERROR;
	}
	wd = git_repository_workdir(git);
	if (!wd) {
		crisis_error("'%s' has no working tree", git_repository_path(git));
		return CRISIS_ERROR;
	}
	real = realpath(wd, NULL);
	buf_adds(&dir, real ? real : wd);
	free(real);
	if (!dir.len || dir.ptr[dir.len - 1] != '/')
		buf_addc(&dir, '/');
	*out = xcalloc(1, sizeof(**out));
	(*out)->git = git;
	(*out)->workdir = buf_detach(&dir);
	return 0;
}

/* Hand an opened repository to `out`; on failure release it and libgit2. */
static int adopt(struct repo **out, git_repository *git, int error)
{
	if (error >= 0 && (error = wrap(out, git)) >= 0)
		return 0;
	git_repository_free(git);
	git_libgit2_shutdown();
	return error;
}

int repo_open(struct repo **out, const char *dir)
{
	git_repository *git = NULL;
	const char *start = dir ? dir : ".";
	int error;

	*out = NULL;
	if ((error = lib_init()) < 0)
		return error;
	error = git_repository_open_ext(&git, start, 0, NULL);
	if (error == GIT_ENOTFOUND) {
		crisis_error("not a git repository (or any of the parent folders): '%s'", start);
		error = CRISIS_ENOTFOUND;
	} else if (error < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot open the repository at '%s'", start);
	}
	return adopt(out, git, error);
}

int repo_init(struct repo **out, const char *dir, bool *created)
{
	git_repository *git = NULL;
	int error;

	*out = NULL;
	if (created)
		*created = false;
	if ((error = lib_init()) < 0)
		return error;
	error = git_repository_open_ext(&git, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (error == GIT_ENOTFOUND) {
		git_error_clear();
		if ((error = git_repository_init(&git, dir, 0)) < 0)
			error = repo_fail(CRISIS_ERROR, "cannot create a repository at '%s'", dir);
		else if (created)
			*created = true;
	} else if (error < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot open the repository at '%s'", dir);
	}
	return adopt(out, git, error);
}

void repo_free(struct repo *r)
{
	if (!r)
		return;
	git_repository_free(r->git);
	free(r->workdir);
	free(r);
	git_libgit2_shutdown();
}

/* Does core.sharedRepository let the group or others read the repository? */
static bool shared_with_others(git_repository *git)
{
	git_config *cfg = NULL;
	git_buf value = GIT_BUF_INIT_CONST(NULL, 0);
	bool shared = false;

	if (git_repository_config_snapshot(&cfg, git) < 0) {
		git_error_clear();
		return false;
	}
	if (git_config_get_string_buf(&value, cfg, "core.sharedRepository") == 0) {
		const char *v = value.ptr;
		char *end;
		unsigned long mode = strtoul(v, &end, 8);
		if (!strcasecmp(v, "group") || !strcasecmp(v, "all") || !strcasecmp(v, "world") ||
		    !strcasecmp(v, "everybody") || !strcasecmp(v, "true") || !strcmp(v, "1") ||
		    !strcmp(v, "2"))
			shared = true;
		else if (end != v && !*end && mode > 2)
			shared = (mode & 044) != 0;
	}
	git_error_clear();
	git_buf_dispose(&value);
	git_config_free(cfg);
	return shared;
}

enum repo_privacy repo_keep_private(struct repo *r)
{
	const char *gitdir = git_repository_path(r->git);
	struct stat st;

	if (stat(gitdir, &st) < 0 || !(st.st_mode & 077))
		return REPO_PRIVATE;
	if (shared_with_others(r->git))
		return REPO_SHARED;
	if (st.st_uid != geteuid() || chmod(gitdir, st.st_mode & 0700) < 0)
		return REPO_OPEN;
	return REPO_MADE_PRIVATE;
}

const char *repo_workdir(const struct repo *r)
{
	return r->workdir;
}

bool repo_head_detached(const struct repo *r)
{
	int ret = git_repository_head_detached(r->git);
	if (ret < 0)
		git_error_clear();
	return ret == 1;
}

bool repo_head_unborn(const struct repo *r)
{
	int ret = git_repository_head_unborn(r->git);
	if (ret < 0)
		git_error_clear();
	return ret == 1;
}

/* --- paths -------------------------------------------------------------- */

/* Is `name` (of length `len`) ".git", in any case? */
static bool is_dotgit(const char *name, size_t len)
{
	return len == 4 && !strncasecmp(name, ".git", 4);
}

/*
 * A path as the index holds it: relative, '/'-separated, no empty, "." or
 * ".." component, nothing inside a .git folder.
 */
bool repo_valid_path(const char *path)
{
	const char *p = path;

	if (!*p)
		return false;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (!len || (len == 1 && p[0] == '.') || (len == 2 && !strncmp(p, "..", 2)) ||
		    is_dotgit(p, len))
			return false;
		if (!slash)
			return true;
		p = slash + 1;
	}
}

int repo_relpath(const struct repo *r, const char *path, struct buf *out)
{
	struct buf full = BUF_INIT;
	char *real = NULL, *dir = NULL;
	const char *base, *rel;
	size_t len = strlen(path), wdlen = strlen(r->workdir);
	int error = CRISIS_ERROR;

	if (!len) {
		crisis_error("empty path");
		goto done;
	}
	/* The last component, which need not exist yet (a new plan). */
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		/* "dir/", "." or "..": the whole path names a folder */
		if (!(real = realpath(path, NULL))) {
			crisis_error("cannot resolve '%s': %s", path, strerror(errno));
			goto done;
		}
		buf_adds(&full, real);
	} else {
		dir = base == path ? xstrdup(".") : xstrndup(path, (size_t)(base - path));
		if (!(real = realpath(dir, NULL))) {
			crisis_error("cannot resolve '%s': %s", path, strerror(errno));
			goto done;
		}
		buf_adds(&full, real);
		if (full.ptr[full.len - 1] != '/')
			buf_addc(&full, '/');
		buf_adds(&full, base);
	}
	if (full.len + 1 == wdlen && !strncmp(full.ptr, r->workdir, full.len)) {
		rel = "";	/* the working tree's root */
	} else if (full.len > wdlen && !strncmp(full.ptr, r->workdir, wdlen)) {
		rel = full.ptr + wdlen;
	} else {
		crisis_error("'%s' is outside the repository at '%s'", path, r->workdir);
		goto done;
	}
	for (const char *p = rel; *p;) {
		size_t n = strcspn(p, "/");
		if (is_dotgit(p, n)) {
			crisis_error("'%s' is inside the repository's git folder", path);
			goto done;
		}
		p += n + (p[n] == '/');
	}
	buf_adds(out, rel);
	error = 0;
done:
	free(real);
	free(dir);
	buf_release(&full);
	return error;
}

/* --- committing --------------------------------------------------------- */

static int signature(git_signature **sig, git_repository *git, const char *what)
{
	/*
	 * As git does, GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL win over the
	 * configuration (CI jobs set them); libgit2 1.5 reads only the latter.
	 */
	const char *name = getenv("GIT_AUTHOR_NAME"), *email = getenv("GIT_AUTHOR_EMAIL");
	if (name && *name && email && *email) {
		if (git_signature_now(sig, name, email) < 0)
			return repo_fail(CRISIS_ERROR, "cannot %s: bad GIT_AUTHOR_NAME or GIT_AUTHOR_EMAIL", what);
		return 0;
	}
	if (git_signature_default(sig, git) < 0)
		return repo_fail(CRISIS_ERROR, "cannot %s: author identity unknown (set it with "
			    "git config user.name \"Your Name\" and "
			    "git config user.email you@example.com)", what);
	return 0;
}

/* The message as git would store it: trailing whitespace cut, one final newline. */
static int clean_message(git_buf *out, const char *message, const char *what)
{
	if (git_message_prettify(out, message ? message : "", 0, '#') < 0)
		return repo_fail(CRISIS_ERROR, "cannot %s", what);
	return 0;
}

static const char *state_name(int state)
{
	switch (state) {
	case GIT_REPOSITORY_STATE_MERGE: return "merge";
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE: return "revert";
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE: return "cherry-pick";
	case GIT_REPOSITORY_STATE_BISECT: return "bisect";
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE: return "git am";
	default: return "rebase";
	}
}

static int index_locked(const char *lock)
{
	crisis_error("cannot commit: '%s' exists: another git process may be running in "
		     "this repository (if none is, remove the file)", lock);
	return CRISIS_ELOCKED;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* An index entry put aside, to restore it if the commit fails. */
struct saved_entry {
	git_index_entry entry;
	char *path;
};

struct saved {
	struct saved_entry *items;
	size_t nr, alloc;
};

/* Put aside every stage of `path` in the index. */
static void save_entries(struct saved *s, git_index *idx, const char *path)
{
	for (int stage = 0; stage <= 3; stage++) {
		const git_index_entry *e = git_index_get_bypath(idx, path, stage);
		if (!e)
			continue;
		ALLOC_GROW(s->items, s->nr + 1, s->alloc);
		s->items[s->nr].entry = *e;
		s->items[s->nr].path = xstrdup(e->path);
		s->items[s->nr].entry.path = s->items[s->nr].path;
		s->nr++;
	}
}

/* Put the saved entries of `paths` back, and write the index; <0 when that failed too. */
static int restore_entries(const struct saved *s, git_index *idx,
			   const char *const *paths, size_t nr)
{
	int error = 0;

	for (size_t i = 0; i < nr; i++)
		for (int stage = 0; stage <= 3; stage++)
			if (git_index_get_bypath(idx, paths[i], stage) &&
			    (error = git_index_remove(idx, paths[i], stage)) < 0)
				goto done;
	for (size_t i = 0; i < s->nr; i++)
		if ((error = git_index_add(idx, &s->items[i].entry)) < 0)
			goto done;
	error = git_index_write(idx);
done:
	git_error_clear();
	return error;
}

static void saved_release(struct saved *s)
{
	for (size_t i = 0; i < s->nr; i++)
		free(s->items[i].path);
	free(s->items);
}

static int commit_paths(struct repo *r, const char *const *paths, size_t nr,
			const char *message, char out[REPO_ID_HEX])
{
	git_repository *git = r->git;
	git_index *idx = NULL;
	git_reference *head = NULL;
	git_object *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_signature *sig = NULL;
	git_buf msg = { NULL, 0, 0 };
	git_tree_update *updates = NULL;
	const char **sorted = NULL;
	struct saved saved = { NULL, 0, 0 };
	struct buf lock = BUF_INIT, full = BUF_INIT;
	struct stat st;
	size_t n = 0, nupdates = 0;
	git_oid tree_id, commit_id;
	bool index_touched = false, index_written = false;
	int error, state;

	if (out)
		out[0] = '\0';
	if (!nr) {
		crisis_error("nothing to commit: no path given");
		return CRISIS_ERROR;
	}
	for (size_t i = 0; i < nr; i++)
		if (!repo_valid_path(paths[i])) {
			crisis_error("cannot commit '%s': not a file path relative to the working tree",
				     paths[i]);
			return CRISIS_ERROR;
		}
	if ((error = clean_message(&msg, message, "commit")) < 0)
		goto done;
	if (!msg.size) {
		error = crisis_error("aborting commit due to empty commit message");
		goto done;
	}

	error = git_repository_head_detached(git);
	if (error == 1) {
		error = crisis_error("cannot commit: HEAD is detached; check out a branch first "
				     "(git switch BRANCH)");
		goto done;
	} else if (error < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot commit: cannot read HEAD");
		goto done;
	}
	state = git_repository_state(git);
	if (state < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot commit: cannot read the repository's state");
		goto done;
	} else if (state != GIT_REPOSITORY_STATE_NONE) {
		error = crisis_error("cannot commit: a %s is in progress; finish or abort it first",
				     state_name(state));
		goto done;
	}

	if ((error = git_repository_index(&idx, git)) < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot commit: cannot open the index");
		goto done;
	}
	/* Nothing is written while another git holds the index. */
	buf_addf(&lock, "%s.lock", git_index_path(idx));
	if (lstat(lock.ptr, &st) == 0) {
		error = index_locked(lock.ptr);
		goto done;
	}

	if ((error = signature(&sig, git, "commit")) < 0)
		goto done;

	error = git_repository_head(&head, git);
	if (error == GIT_EUNBORNBRANCH || error == GIT_ENOTFOUND) {
		git_error_clear();	/* the first commit */
	} else if (error < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot commit: cannot read HEAD");
		goto done;
	} else if ((error = git_reference_peel(&parent, head, GIT_OBJECT_COMMIT)) < 0 ||
		   (error = git_commit_tree(&base, (git_commit *)parent)) < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot commit: cannot read the commit at HEAD");
		goto done;
	}

	/* Start from the index on disk, not from what libgit2 kept in memory. */
	if ((error = git_index_read(idx, 1)) < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot commit: cannot read the index");
		goto done;
	}

	/* Sorted, without duplicates (git_tree_create_updated refuses them). */
	sorted = xmalloc(nr * sizeof(*sorted));
	memcpy(sorted, paths, nr * sizeof(*sorted));
	qsort(sorted, nr, sizeof(*sorted), cmp_strp);
	for (size_t i = 0; i < nr; i++)
		if (!n || strcmp(sorted[n - 1], sorted[i]))
			sorted[n++] = sorted[i];
	updates = xcalloc(n, sizeof(*updates));

	for (size_t i = 0; i < n; i++) {
		const char *path = sorted[i];
		git_tree_entry *in_head = NULL;
		size_t had = saved.nr;

		save_entries(&saved, idx, path);
		buf_reset(&full);
		buf_addf(&full, "%s%s", r->workdir, path);
		if (lstat(full.ptr, &st) == 0) {
			const git_index_entry *e;
			if (S_ISDIR(st.st_mode)) {
				error = crisis_error("cannot commit '%s': is a folder", path);
				goto done;
			}
			if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
				error = crisis_error("cannot commit '%s': not a regular file", path);
				goto done;
			}
			index_touched = true;
			if ((error = git_index_add_bypath(idx, path)) < 0) {
				error = repo_fail(CRISIS_ERROR, "cannot commit '%s'", path);
				goto done;
			}
			if (!(e = git_index_get_bypath(idx, path, 0))) {
				error = crisis_error("cannot commit '%s': not in the index after adding it",
						     path);
				goto done;
			}
			updates[nupdates].action = GIT_TREE_UPDATE_UPSERT;
			git_oid_cpy(&updates[nupdates].id, &e->id);
			updates[nupdates].filemode = (git_filemode_t)e->mode;
			updates[nupdates].path = path;
			nupdates++;
			continue;
		}
		if (errno != ENOENT && errno != ENOTDIR) {
			error = crisis_error("cannot commit '%s': %s", path, strerror(errno));
			goto done;
		}
		/* Gone from the working tree: a deletion. */
		if (base) {
			error = git_tree_entry_bypath(&in_head, base, path);
			if (error == GIT_ENOTFOUND) {
				git_error_clear();
			} else if (error < 0) {
				error = repo_fail(CRISIS_ERROR, "cannot commit '%s'", path);
				goto done;
			} else if (git_tree_entry_type(in_head) == GIT_OBJECT_TREE) {
				git_tree_entry_free(in_head);
				error = crisis_error("cannot commit '%s': is a folder at HEAD", path);
				goto done;
			}
		}
		if (!in_head && saved.nr == had) {
			error = crisis_error("cannot commit '%s': no such file in the working tree, "
					     "the index or HEAD", path);
			goto done;
		}
		index_touched = true;
		if ((error = git_index_remove_bypath(idx, path)) < 0) {
			git_tree_entry_free(in_head);
			error = repo_fail(CRISIS_ERROR, "cannot commit '%s'", path);
			goto done;
		}
		if (in_head) {
			updates[nupdates].action = GIT_TREE_UPDATE_REMOVE;
			updates[nupdates].path = path;
			nupdates++;
			git_tree_entry_free(in_head);
		}
	}

	if ((error = git_tree_create_updated(&tree_id, git, base, nupdates, updates)) < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot commit: cannot write the tree");
		goto done;
	}
	if (base && git_oid_equal(&tree_id, git_tree_id(base))) {
		if (n == 1)
			error = crisis_error("nothing to commit: '%s' is unchanged since HEAD",
					     sorted[0]);
		else
			error = crisis_error("nothing to commit: the %zu paths are unchanged since HEAD",
					     n);
		goto done;
	}
	if ((error = git_tree_lookup(&tree, git, &tree_id)) < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot commit: cannot read the new tree");
		goto done;
	}

	/*
	 * The index first: if another git took its lock meanwhile, nothing
	 * has been committed yet. If the commit then fails, the saved entries
	 * go back.
	 */
	if ((error = git_index_write(idx)) < 0) {
		if (error == GIT_ELOCKED) {
			git_error_clear();
			error = index_locked(lock.ptr);
		} else {
			error = repo_fail(CRISIS_ERROR, "cannot commit: cannot write the index");
		}
		goto done;
	}
	index_written = true;
	{
		const git_commit *parents[1] = { (const git_commit *)parent };
		error = git_commit_create(&commit_id, git, "HEAD", sig, sig, NULL, msg.ptr, tree,
					  parent ? 1 : 0, parents);
	}
	if (error < 0) {
		if (error == GIT_EMODIFIED)
			error = repo_fail(CRISIS_ERROR, "cannot commit: HEAD moved while committing");
		else if (error == GIT_ELOCKED)
			error = repo_fail(CRISIS_ELOCKED, "cannot commit");
		else
			error = repo_fail(CRISIS_ERROR, "cannot commit");
		goto done;
	}
	if (out)
		oid_hex(out, &commit_id);
	error = 0;
done:
	if (error < 0 && idx) {
		if (index_written && restore_entries(&saved, idx, sorted, n) < 0) {
			char *why = xstrdup(crisis_error_last());
			crisis_error("%s (and the index could not be put back: see git status)", why);
			free(why);
		} else if (!index_written && index_touched && git_index_read(idx, 1) < 0) {
			git_error_clear();	/* dropping the changes made in memory failed */
		}
	}
	saved_release(&saved);
	free(updates);
	free(sorted);
	buf_release(&lock);
	buf_release(&full);
	git_tree_free(tree);
	git_tree_free(base);
	git_object_free(parent);
	git_reference_free(head);
	git_signature_free(sig);
	git_buf_dispose(&msg);
	git_index_free(idx);
	return error;
}

/* --- reading ------------------------------------------------------------ */

/* The object `rev` names, peeled to `type`. */
static int lookup_rev(git_object **out, git_repository *git, const char *rev,
		      git_object_t type, const char *what)
{
	git_object *obj = NULL;
	int error = git_revparse_single(&obj, git, rev);

	*out = NULL;
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC || error == GIT_EUNBORNBRANCH) {
		git_error_clear();
		crisis_error("unknown revision '%s'", rev);
		return CRISIS_ENOTFOUND;
	}
	if (error == GIT_EAMBIGUOUS)
		return repo_fail(CRISIS_ERROR, "ambiguous revision '%s'", rev);
	if (error < 0)
		return repo_fail(CRISIS_ERROR, "cannot %s: cannot resolve '%s'", what, rev);
	error = git_object_peel(out, obj, type);
	git_object_free(obj);
	if (error < 0) {
		git_error_clear();
		crisis_error("revision '%s' is not a commit", rev);
		return CRISIS_ENOTFOUND;
	}
	return 0;
}

int repo_read_at(struct repo *r, const char *rev, const char *path, struct buf *out)
{
	git_object *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	int error;

	if ((error = lookup_rev(&tree, r->git, rev, GIT_OBJECT_TREE, "read")) < 0)
		return error;
	error = git_tree_entry_bypath(&entry, (git_tree *)tree, path);
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC || (error < 0 && !*path)) {
		git_error_clear();
		crisis_error("path '%s' does not exist in '%s'", path, rev);
		error = CRISIS_ENOTFOUND;
		goto done;
	}
	if (error < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot read '%s' at '%s'", path, rev);
		goto done;
	}
	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
		error = crisis_error("cannot read '%s' at '%s': not a file", path, rev);
		goto done;
	}
	if ((error = git_blob_lookup(&blob, r->git, git_tree_entry_id(entry))) < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot read '%s' at '%s'", path, rev);
		goto done;
	}
	if ((uint64_t)git_blob_rawsize(blob) > FS_READ_MAX) {
		error = crisis_error("cannot read '%s' at '%s': larger than %zu MiB", path, rev,
				     FS_READ_MAX >> 20);
		goto done;
	}
	buf_add(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	error = 0;
done:
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_object_free(tree);
	return error;
}

int repo_resolve(struct repo *r, const char *rev, char out[REPO_ID_HEX])
{
	git_object *commit = NULL;
	int error = lookup_rev(&commit, r->git, rev, GIT_OBJECT_COMMIT, "resolve");

	out[0] = '\0';
	if (error < 0)
		return error;
	oid_hex(out, git_object_id(commit));
	git_object_free(commit);
	return 0;
}

int repo_root_commit(struct repo *r, char out[REPO_ID_HEX])
{
	git_object *head = NULL;
	git_commit *commit, *parent;
	int error;

	out[0] = '\0';
	if ((error = lookup_rev(&head, r->git, "HEAD", GIT_OBJECT_COMMIT, "find the first commit")) < 0)
		return error;
	commit = (git_commit *)head;
	while (git_commit_parentcount(commit) > 0) {
		/* A shallow clone ends before its first commit. */
		if (git_commit_parent(&parent, commit, 0) < 0) {
			git_commit_free(commit);
			return repo_fail(CRISIS_ENOTFOUND, "cannot find the first commit");
		}
		git_commit_free(commit);
		commit = parent;
	}
	oid_hex(out, git_commit_id(commit));
	git_commit_free(commit);
	return 0;
}

struct files_walk {
	const char *prefix;
	struct strlist *out;
	struct buf path;
};

static int add_file(const char *root, const git_tree_entry *e, void *data)
{
	struct files_walk *fw = data;
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
		return 0;
	buf_reset(&fw->path);
	buf_addf(&fw->path, "%s%s%s", fw->prefix, root, git_tree_entry_name(e));
	strlist_add(fw->out, fw->path.ptr);
	return 0;
}

int repo_files_at(struct repo *r, const char *rev, const char *prefix, struct strlist *out)
{
	git_object *tree = NULL;
	git_tree *sub = NULL;
	git_tree_entry *entry = NULL;
	struct files_walk fw = { "", out, BUF_INIT };
	struct buf dir = BUF_INIT;
	int error;

	if ((error = lookup_rev(&tree, r->git, rev, GIT_OBJECT_TREE, "list the files")) < 0)
		return error;
	buf_adds(&dir, prefix ? prefix : "");
	while (dir.len && dir.ptr[dir.len - 1] == '/')
		dir.ptr[--dir.len] = '\0';
	if (dir.len) {
		error = git_tree_entry_bypath(&entry, (git_tree *)tree, dir.ptr);
		if (error == GIT_ENOTFOUND || (!error && git_tree_entry_type(entry) != GIT_OBJECT_TREE)) {
			git_error_clear();
			error = 0;	/* no such folder: no files */
			goto done;
		}
		if (error < 0 || (error = git_tree_lookup(&sub, r->git, git_tree_entry_id(entry))) < 0) {
			error = repo_fail(CRISIS_ERROR, "cannot list the files of '%s' at '%s'", dir.ptr, rev);
			goto done;
		}
		buf_addc(&dir, '/');
		fw.prefix = dir.ptr;
	}
	if (git_tree_walk(sub ? sub : (git_tree *)tree, GIT_TREEWALK_PRE, add_file, &fw) < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot list the files at '%s'", rev);
		goto done;
	}
	strlist_sort(out);
	error = 0;
done:
	buf_release(&fw.path);
	buf_release(&dir);
	git_tree_entry_free(entry);
	git_tree_free(sub);
	git_object_free(tree);
	return error;
}

/* --- tags --------------------------------------------------------------- */

int repo_tag(struct repo *r, const char *name, const char *message)
{
	git_object *target = NULL;
	git_signature *sig = NULL;
	git_buf msg = { NULL, 0, 0 };
	git_oid id;
	int valid = 0, error;

	if (git_tag_name_is_valid(&valid, name) < 0 || !valid) {
		git_error_clear();
		crisis_error("'%s' is not a valid tag name", name);
		return CRISIS_ERROR;
	}
	error = git_revparse_single(&target, r->git, "HEAD");
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH) {
		git_error_clear();
		crisis_error("cannot tag '%s': the branch has no commit yet", name);
		error = CRISIS_ENOTFOUND;
		goto done;
	} else if (error < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot tag '%s': cannot read HEAD", name);
		goto done;
	}
	if ((error = signature(&sig, r->git, "tag")) < 0 ||
	    (error = clean_message(&msg, message, "tag")) < 0)
		goto done;
	error = git_tag_create(&id, r->git, name, target, sig, msg.ptr ? msg.ptr : "", 0);
	if (error == GIT_EEXISTS) {
		git_error_clear();
		error = crisis_error("tag '%s' already exists", name);
	} else if (error == GIT_EINVALIDSPEC) {
		git_error_clear();
		error = crisis_error("'%s' is not a valid tag name", name);
	} else if (error < 0) {
		error = repo_fail(locked_code(error), "cannot tag '%s'", name);
	}
done:
	git_buf_dispose(&msg);
	git_signature_free(sig);
	git_object_free(target);
	return error;
}

/* Names compared with their runs of digits as numbers: v2 before v10. */
static int cmp_version(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
	const char *sa = a, *sb = b;

	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			size_t la = 0, lb = 0;
			int c;
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			while (isdigit((unsigned char)a[la]))
				la++;
			while (isdigit((unsigned char)b[lb]))
				lb++;
			if (la != lb)
				return la < lb ? -1 : 1;
			if ((c = strncmp(a, b, la)))
				return c;
			a += la;
			b += lb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		a++;
		b++;
	}
	if (*a || *b)
		return (unsigned char)*a - (unsigned char)*b;
	return strcmp(sa, sb);	/* "v01" and "v1": any fixed order */
}

int repo_tags(struct repo *r, const char *glob, struct strlist *out)
{
	git_strarray names = { NULL, 0 };

	if (git_tag_list_match(&names, glob ? glob : "*", r->git) < 0)
		return repo_fail(CRISIS_ERROR, "cannot list the tags");
	if (names.count > 1)
		qsort(names.strings, names.count, sizeof(*names.strings), cmp_version);
	for (size_t i = 0; i < names.count; i++)
		strlist_add(out, names.strings[i]);
	git_strarray_dispose(&names);
	return 0;
}

/*
 * Two crisis commands committing in the same repository take turns: each
 * holds .git/crisis-commit.lock (flock) from its read of the index to its
 * write. Without it, the one whose commit failed (the index was locked by
 * the other) put back the index entries it had read, which reverted what
 * the other had just staged. Waits a few seconds, then says so.
 */
int repo_commit_paths(struct repo *r, const char *const *paths, size_t nr,
		      const char *message, char out[REPO_ID_HEX])
{
	struct buf path = BUF_INIT;
	buf_addf(&path, "%scrisis-commit.lock", git_repository_path(r->git));
	int fd = open(path.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0600), ret;
	for (int waited = 0; fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0; waited += 50) {
		if (errno != EWOULDBLOCK || waited >= 10000) {
			ret = crisis_error_code(CRISIS_ELOCKED, "cannot commit: another crisis command is "
						"committing in this repository ('%s' is held): try again",
						path.ptr);
			close(fd);
			buf_release(&path);
			return ret;
		}
		usleep(50 * 1000);
	}
	ret = commit_paths(r, paths, nr, message, out);
	if (fd >= 0) {
		flock(fd, LOCK_UN);
		close(fd);
	}
	buf_release(&path);
	return ret;
}
