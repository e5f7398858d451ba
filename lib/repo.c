/*
 * The git layer, on libgit2 1.5. Every libgit2 call is checked, every
 * object freed through the one label of its function, and a failure's
 * message is ours ("cannot commit 'plans/pca.yaml'") followed by libgit2's
 * own reason.
 */
#include "repo.h"
#include "error.h"

#include <git2.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

struct repo {
	git_repository *git;
	char *workdir;		/* canonical (realpath), ending in '/' */
};

/* libgit2's last message appended to ours: "cannot commit 'x': reason". */
static int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int code, const char *fmt, ...)
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
					   msg.ptr[msg.len - 1] == '.'))
			msg.ptr[--msg.len] = '\0';
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
	return gerr == GIT_ELOCKED ? REPO_LOCKED : REPO_ERR;
}

static void oid_hex(char out[REPO_ID_HEX], const git_oid *id)
{
	git_oid_tostr(out, REPO_ID_HEX, id);
}

/* --- opening ------------------------------------------------------------ */

static int lib_init(void)
{
	if (git_libgit2_init() < 0)
		return fail(REPO_ERR, "cannot initialise libgit2");
	return 0;
}

/* Wrap an opened repository; takes `git` over, even on failure. */
static int wrap(struct repo **out, git_repository *git)
{
	const char *wd;
	char *real;
	struct buf dir = BUF_INIT;

	if (git_repository_is_bare(git)) {
		crisis_error("'%s' is a bare repository: crisis needs one with a working tree",
			     git_repository_path(git));
		git_repository_free(git);
		return REPO_ERR;
	}
	wd = git_repository_workdir(git);
	if (!wd) {
		crisis_error("'%s' has no working tree", git_repository_path(git));
		git_repository_free(git);
		return REPO_ERR;
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
		error = REPO_NOT_FOUND;
		goto fail;
	}
	if (error < 0) {
		error = fail(REPO_ERR, "cannot open the repository at '%s'", start);
		goto fail;
	}
	if ((error = wrap(out, git)) < 0) {
		git = NULL;	/* wrap freed it */
		goto fail;
	}
	return 0;
fail:
	git_repository_free(git);
	git_libgit2_shutdown();
	return error;
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
		if ((error = git_repository_init(&git, dir, 0)) < 0) {
			error = fail(REPO_ERR, "cannot create a repository at '%s'", dir);
			goto fail;
		}
		if (created)
			*created = true;
	} else if (error < 0) {
		error = fail(REPO_ERR, "cannot open the repository at '%s'", dir);
		goto fail;
	}
	if ((error = wrap(out, git)) < 0) {
		git = NULL;
		goto fail;
	}
	return 0;
fail:
	git_repository_free(git);
	git_libgit2_shutdown();
	return error;
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
static bool valid_repo_path(const char *path)
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
	int error = REPO_ERR;

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
	if (git_signature_default(sig, git) < 0)
		return fail(REPO_ERR, "cannot %s: author identity unknown (set it with "
			    "git config user.name \"Your Name\" and "
			    "git config user.email you@example.com)", what);
	return 0;
}

/* The message as git would store it: trailing whitespace cut, one final newline. */
static int clean_message(git_buf *out, const char *message, const char *what)
{
	if (git_message_prettify(out, message ? message : "", 0, '#') < 0)
		return fail(REPO_ERR, "cannot %s", what);
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
	return REPO_LOCKED;
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

/* Put the saved entries of `paths` back, and write the index (best effort). */
static void restore_entries(const struct saved *s, git_index *idx,
			    const char *const *paths, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		for (int stage = 0; stage <= 3; stage++)
			if (git_index_get_bypath(idx, paths[i], stage))
				git_index_remove(idx, paths[i], stage);
	for (size_t i = 0; i < s->nr; i++)
		git_index_add(idx, &s->items[i].entry);
	git_index_write(idx);
	git_error_clear();
}

static void saved_release(struct saved *s)
{
	for (size_t i = 0; i < s->nr; i++)
		free(s->items[i].path);
	free(s->items);
}

int repo_commit_paths(struct repo *r, const char *const *paths, size_t nr,
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
		return REPO_ERR;
	}
	for (size_t i = 0; i < nr; i++)
		if (!valid_repo_path(paths[i])) {
			crisis_error("cannot commit '%s': not a file path relative to the working tree",
				     paths[i]);
			return REPO_ERR;
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
		error = fail(REPO_ERR, "cannot commit: cannot read HEAD");
		goto done;
	}
	state = git_repository_state(git);
	if (state < 0) {
		error = fail(REPO_ERR, "cannot commit: cannot read the repository's state");
		goto done;
	} else if (state != GIT_REPOSITORY_STATE_NONE) {
		error = crisis_error("cannot commit: a %s is in progress; finish or abort it first",
				     state_name(state));
		goto done;
	}

	if ((error = git_repository_index(&idx, git)) < 0) {
		error = fail(REPO_ERR, "cannot commit: cannot open the index");
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
		error = fail(REPO_ERR, "cannot commit: cannot read HEAD");
		goto done;
	} else if ((error = git_reference_peel(&parent, head, GIT_OBJECT_COMMIT)) < 0 ||
		   (error = git_commit_tree(&base, (git_commit *)parent)) < 0) {
		error = fail(REPO_ERR, "cannot commit: cannot read the commit at HEAD");
		goto done;
	}

	/* Start from the index on disk, not from what libgit2 kept in memory. */
	if ((error = git_index_read(idx, 1)) < 0) {
		error = fail(REPO_ERR, "cannot commit: cannot read the index");
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
				error = fail(REPO_ERR, "cannot commit '%s'", path);
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
				error = fail(REPO_ERR, "cannot commit '%s'", path);
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
			error = fail(REPO_ERR, "cannot commit '%s'", path);
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
		error = fail(REPO_ERR, "cannot commit: cannot write the tree");
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
		error = fail(REPO_ERR, "cannot commit: cannot read the new tree");
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
			error = fail(REPO_ERR, "cannot commit: cannot write the index");
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
			error = fail(REPO_ERR, "cannot commit: HEAD moved while committing");
		else if (error == GIT_ELOCKED)
			error = fail(REPO_LOCKED, "cannot commit: another git process may be "
				     "running in this repository");
		else
			error = fail(REPO_ERR, "cannot commit");
		goto done;
	}
	if (out)
		oid_hex(out, &commit_id);
	error = 0;
done:
	if (error < 0 && idx) {
		if (index_written)
			restore_entries(&saved, idx, sorted, n);
		else if (index_touched && git_index_read(idx, 1) < 0)
			git_error_clear();	/* drop the changes made in memory */
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
		return REPO_NOT_FOUND;
	}
	if (error == GIT_EAMBIGUOUS)
		return fail(REPO_ERR, "ambiguous revision '%s'", rev);
	if (error < 0)
		return fail(REPO_ERR, "cannot %s: cannot resolve '%s'", what, rev);
	error = git_object_peel(out, obj, type);
	git_object_free(obj);
	if (error < 0) {
		git_error_clear();
		crisis_error("revision '%s' is not a commit", rev);
		return REPO_NOT_FOUND;
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
		error = REPO_NOT_FOUND;
		goto done;
	}
	if (error < 0) {
		error = fail(REPO_ERR, "cannot read '%s' at '%s'", path, rev);
		goto done;
	}
	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
		error = crisis_error("cannot read '%s' at '%s': not a file", path, rev);
		goto done;
	}
	if ((error = git_blob_lookup(&blob, r->git, git_tree_entry_id(entry))) < 0) {
		error = fail(REPO_ERR, "cannot read '%s' at '%s'", path, rev);
		goto done;
	}
	if ((uint64_t)git_blob_rawsize(blob) > READ_MAX_BYTES) {
		error = crisis_error("cannot read '%s' at '%s': larger than %zu MiB", path, rev,
				     READ_MAX_BYTES >> 20);
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

/* --- history ------------------------------------------------------------ */

/*
 * The walk reads commits and trees as raw objects (git_odb_read) and finds
 * the one name it needs in each tree itself: git_commit_lookup and
 * git_tree_lookup parse every field and entry and made the walk of a
 * 10,000-commit history three times slower than git log. Only the commits
 * reported are parsed by libgit2.
 *
 * What a commit holds along the watched path: ids[0] is its root tree,
 * ids[k] the entry named comps[k - 1] in the tree ids[k - 1]. Levels are
 * read lazily, only as deep as a comparison needs, and the node is kept:
 * a commit compared as a parent is usually the next one walked, and its
 * trees are not read twice.
 */
struct node {
	git_oid commit;
	bool used;
	size_t known;		/* ids[0 .. known - 1] are read */
	bool end;		/* the path stops at level `known` */
	uint32_t mode;		/* the mode of ids[known - 1] */
	git_oid *ids;		/* depth + 1 */
	git_oid *parents;
	size_t nparents, alloc;
};

#define MEMO_NODES 64
#define MODE_TYPE 0170000
#define MODE_TREE 0040000

struct walk {
	git_repository *git;
	git_odb *odb;
	char *path;		/* the file followed, or NULL: any change under comps */
	char **comps;
	size_t depth;		/* number of components */
	struct node memo[MEMO_NODES];
	size_t next;		/* the ring's next victim */
};

static void walk_set_path(struct walk *w, const char *path)
{
	char *copy = xstrdup(path ? path : "");
	char *save = NULL;

	for (size_t i = 0; i < w->depth; i++)
		free(w->comps[i]);
	free(w->comps);
	w->comps = NULL;
	w->depth = 0;
	for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		w->comps = xrealloc(w->comps, (w->depth + 1) * sizeof(*w->comps));
		w->comps[w->depth++] = xstrdup(c);
	}
	free(copy);
	for (size_t i = 0; i < MEMO_NODES; i++) {
		free(w->memo[i].ids);
		w->memo[i].ids = NULL;
		w->memo[i].used = false;
	}
}

static void walk_release(struct walk *w)
{
	for (size_t i = 0; i < w->depth; i++)
		free(w->comps[i]);
	free(w->comps);
	for (size_t i = 0; i < MEMO_NODES; i++) {
		free(w->memo[i].ids);
		free(w->memo[i].parents);
	}
	free(w->path);
	git_odb_free(w->odb);
}

static int bad_object(const git_oid *id, const char *what)
{
	char hex[REPO_ID_HEX];
	oid_hex(hex, id);
	return fail(REPO_ERR, "cannot read %s %s", what, hex);
}

/* The root tree and the parents of a commit, from its raw text. */
static int parse_commit(struct node *n, const git_oid *id, const char *data, size_t size)
{
	const char *p = data, *end = data + size;

	n->nparents = 0;
	if (size < 46 || memcmp(p, "tree ", 5) || p[45] != '\n' ||
	    git_oid_fromstrn(&n->ids[0], p + 5, GIT_OID_HEXSZ) < 0)
		return bad_object(id, "commit");
	p += 46;
	while (end - p >= 48 && !memcmp(p, "parent ", 7) && p[47] == '\n') {
		ALLOC_GROW(n->parents, n->nparents + 1, n->alloc);
		if (git_oid_fromstrn(&n->parents[n->nparents++], p + 7, GIT_OID_HEXSZ) < 0)
			return bad_object(id, "commit");
		p += 48;
	}
	return 0;
}

/* The node of `commit`, from the memo or read now; `keep` is not recycled. */
static int walk_node(struct walk *w, struct node **out, const git_oid *commit,
		     const struct node *keep)
{
	git_odb_object *obj = NULL;
	struct node *n;
	int error;

	for (size_t i = 0; i < MEMO_NODES; i++)
		if (w->memo[i].used && git_oid_equal(&w->memo[i].commit, commit)) {
			*out = &w->memo[i];
			return 0;
		}
	n = &w->memo[w->next];
	if (n == keep) {
		w->next = (w->next + 1) % MEMO_NODES;
		n = &w->memo[w->next];
	}
	w->next = (w->next + 1) % MEMO_NODES;
	n->used = false;
	if (git_odb_read(&obj, w->odb, commit) < 0 ||
	    git_odb_object_type(obj) != GIT_OBJECT_COMMIT) {
		git_odb_object_free(obj);
		return bad_object(commit, "commit");
	}
	if (!n->ids)
		n->ids = xmalloc((w->depth + 1) * sizeof(*n->ids));
	error = parse_commit(n, commit, git_odb_object_data(obj), git_odb_object_size(obj));
	git_odb_object_free(obj);
	if (error < 0)
		return error;
	git_oid_cpy(&n->commit, commit);
	n->known = 1;
	n->end = false;
	n->mode = MODE_TREE;
	n->used = true;
	*out = n;
	return 0;
}

/* Find `name` in a raw tree: 1 with its id and mode, 0 when absent, <0 malformed. */
static int tree_find(const unsigned char *p, size_t size, const char *name,
		     git_oid *id, uint32_t *mode)
{
	const unsigned char *end = p + size, *nul;
	size_t len = strlen(name);

	while (p < end) {
		uint32_t m = 0;
		while (p < end && *p >= '0' && *p <= '7')
			m = m * 8 + (uint32_t)(*p++ - '0');
		if (p == end || *p++ != ' ' || !(nul = memchr(p, '\0', (size_t)(end - p))) ||
		    (size_t)(end - nul - 1) < GIT_OID_RAWSZ)
			return -1;
		if ((size_t)(nul - p) == len && !memcmp(p, name, len)) {
			git_oid_fromraw(id, nul + 1);
			*mode = m;
			return 1;
		}
		p = nul + 1 + GIT_OID_RAWSZ;
	}
	return 0;
}

/* Read `n` down to `level`; afterwards, the path exists there if n->known > level. */
static int resolve(struct walk *w, struct node *n, size_t level)
{
	while (n->known <= level && !n->end) {
		git_odb_object *obj = NULL;
		size_t k = n->known;
		uint32_t mode = 0;
		bool tree;
		int found;

		if (git_odb_read(&obj, w->odb, &n->ids[k - 1]) < 0 ||
		    git_odb_object_type(obj) != GIT_OBJECT_TREE) {
			git_odb_object_free(obj);
			return bad_object(&n->ids[k - 1], "tree");
		}
		found = tree_find(git_odb_object_data(obj), git_odb_object_size(obj),
				  w->comps[k - 1], &n->ids[k], &mode);
		git_odb_object_free(obj);
		if (found < 0)
			return bad_object(&n->ids[k - 1], "tree");
		tree = (mode & MODE_TYPE) == MODE_TREE;
		/* Folders above the leaf; a file's leaf is not one, a prefix's is. */
		if (!found || (k < w->depth && !tree) ||
		    (k == w->depth && (w->path ? tree : !tree))) {
			n->end = true;
		} else {
			n->mode = mode;
			n->known = k + 1;
		}
	}
	return 0;
}

/* 1 when `a` and `b` hold the same thing at the watched path, 0 if not, <0 on error. */
static int same(struct walk *w, struct node *a, struct node *b)
{
	for (size_t k = 0; k <= w->depth; k++) {
		bool in_a, in_b;
		if (resolve(w, a, k) < 0 || resolve(w, b, k) < 0)
			return -1;
		in_a = a->known > k;
		in_b = b->known > k;
		if (!in_a || !in_b)
			return in_a == in_b;
		if (git_oid_equal(&a->ids[k], &b->ids[k]))
			return k < w->depth || a->mode == b->mode;
	}
	return 0;
}

/*
 * The first file that differs between the trees `new_id` and `old_id`
 * (either may be NULL: absent), appended to `path`. 1 found, 0 none, <0 error.
 */
static int first_change(git_repository *git, const git_oid *new_id, const git_oid *old_id,
			struct buf *path, bool *deleted)
{
	git_tree *nt = NULL, *ot = NULL;
	size_t base = path->len;
	int found = 0;

	if ((new_id && git_tree_lookup(&nt, git, new_id) < 0) ||
	    (old_id && git_tree_lookup(&ot, git, old_id) < 0)) {
		found = fail(REPO_ERR, "cannot read a tree");
		goto done;
	}
	for (size_t i = 0; nt && i < git_tree_entrycount(nt); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(nt, i);
		const char *name = git_tree_entry_name(e);
		const git_tree_entry *o = ot ? git_tree_entry_byname(ot, name) : NULL;

		if (o && git_oid_equal(git_tree_entry_id(e), git_tree_entry_id(o)) &&
		    git_tree_entry_filemode(e) == git_tree_entry_filemode(o))
			continue;
		buf_addf(path, "%s%s", base ? "/" : "", name);
		if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
			*deleted = false;
			found = 1;
			goto done;
		}
		found = first_change(git, git_tree_entry_id(e),
				     o && git_tree_entry_type(o) == GIT_OBJECT_TREE ?
				     git_tree_entry_id(o) : NULL, path, deleted);
		if (found)
			goto done;
		path->len = base;
		path->ptr[base] = '\0';
	}
	for (size_t i = 0; ot && i < git_tree_entrycount(ot); i++) {
		const git_tree_entry *o = git_tree_entry_byindex(ot, i);
		const char *name = git_tree_entry_name(o);

		if (nt && git_tree_entry_byname(nt, name))
			continue;
		buf_addf(path, "%s%s", base ? "/" : "", name);
		if (git_tree_entry_type(o) != GIT_OBJECT_TREE) {
			*deleted = true;
			found = 1;
			goto done;
		}
		if ((found = first_change(git, NULL, git_tree_entry_id(o), path, deleted)))
			goto done;
		path->len = base;
		path->ptr[base] = '\0';
	}
done:
	git_tree_free(nt);
	git_tree_free(ot);
	return found;
}

/* The path that `path` had in the first parent, when `commit` renamed it; else NULL. */
static int find_rename(git_repository *git, git_commit *commit, const char *path, char **old)
{
	git_commit *parent = NULL;
	git_tree *ptree = NULL, *ctree = NULL;
	git_diff *diff = NULL;
	git_diff_find_options find;
	int error;

	*old = NULL;
	if ((error = git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION)) < 0)
		goto failed;
	find.flags = GIT_DIFF_FIND_RENAMES;
	if ((error = git_commit_parent(&parent, commit, 0)) < 0 ||
	    (error = git_commit_tree(&ptree, parent)) < 0 ||
	    (error = git_commit_tree(&ctree, commit)) < 0 ||
	    (error = git_diff_tree_to_tree(&diff, git, ptree, ctree, NULL)) < 0 ||
	    (error = git_diff_find_similar(diff, &find)) < 0)
		goto failed;
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if (d->status == GIT_DELTA_RENAMED && !strcmp(d->new_file.path, path)) {
			*old = xstrdup(d->old_file.path);
			break;
		}
	}
	error = 0;
	goto done;
failed:
	error = bad_object(git_commit_id(commit), "the renames of commit");
done:
	git_diff_free(diff);
	git_tree_free(ctree);
	git_tree_free(ptree);
	git_commit_free(parent);
	return error;
}

/*
 * Tell `fn` about the commit `cn`, which changed the watched path (`pn`
 * is its first parent, or NULL); a rename switches the walk to the old
 * path. 0 to go on, 1 when `fn` stops the walk, <0 on error.
 */
static int report(struct walk *w, struct node *cn, struct node *pn,
		  int (*fn)(const struct repo_commit *c, void *data), void *data)
{
	git_commit *commit = NULL;
	const git_signature *author;
	const char *summary;
	struct repo_commit c;
	struct buf changed = BUF_INIT;
	char *old = NULL;
	size_t d = w->depth;
	int ret;

	if ((ret = git_commit_lookup(&commit, w->git, &cn->commit)) < 0) {
		ret = bad_object(&cn->commit, "commit");
		goto done;
	}
	if ((ret = resolve(w, cn, d)) < 0 || (pn && (ret = resolve(w, pn, d)) < 0))
		goto done;
	author = git_commit_author(commit);
	summary = git_commit_summary(commit);
	memset(&c, 0, sizeof(c));
	oid_hex(c.id, &cn->commit);
	if (pn)
		oid_hex(c.parent, &pn->commit);
	c.time = author->when.time;
	c.offset = author->when.offset;
	c.author = author->name;
	c.email = author->email;
	c.summary = summary ? summary : "";
	c.message = git_commit_message(commit);

	if (w->path) {
		if (cn->known <= d) {
			c.path = "";		/* deleted */
			c.old_path = w->path;
		} else {
			c.path = w->path;
			/* Not in the parent: added, or renamed (the walk's only diff). */
			if (pn && pn->known <= d &&
			    (ret = find_rename(w->git, commit, w->path, &old)) < 0)
				goto done;
			c.old_path = old;
		}
	} else {
		bool deleted = false;
		for (size_t i = 0; i < d; i++)
			buf_addf(&changed, "%s%s", i ? "/" : "", w->comps[i]);
		ret = first_change(w->git, cn->known > d ? &cn->ids[d] : NULL,
				   pn && pn->known > d ? &pn->ids[d] : NULL, &changed, &deleted);
		if (ret < 0)
			goto done;
		c.path = deleted ? "" : buf_str(&changed);
		c.old_path = deleted ? buf_str(&changed) : NULL;
	}
	ret = fn(&c, data);
	if (ret > 0)
		ret = 1;
	if (!ret && old) {
		free(w->path);
		w->path = old;
		old = NULL;
		walk_set_path(w, w->path);
	}
done:
	free(old);
	buf_release(&changed);
	git_commit_free(commit);
	return ret;
}

int repo_log(struct repo *r, const char *path, const char *prefix,
	     int (*fn)(const struct repo_commit *c, void *data), void *data)
{
	struct walk w;
	git_revwalk *walk = NULL;
	git_oid id;
	int error;

	memset(&w, 0, sizeof(w));
	w.git = r->git;
	if (path) {
		if (!valid_repo_path(path)) {
			crisis_error("cannot read the history of '%s': not a file path relative to "
				     "the working tree", path);
			return REPO_ERR;
		}
		w.path = xstrdup(path);
	}
	walk_set_path(&w, path ? path : prefix);
	/*
	 * Like git log, trust the objects read: hashing each one again took a
	 * third of the walk. The option is libgit2's default again afterwards.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);

	if ((error = git_repository_odb(&w.odb, r->git)) < 0 ||
	    (error = git_revwalk_new(&walk, r->git)) < 0 ||
	    (error = git_revwalk_sorting(walk, GIT_SORT_TIME)) < 0) {
		error = fail(REPO_ERR, "cannot read the history");
		goto done;
	}
	error = git_revwalk_push_head(walk);
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH) {
		git_error_clear();	/* no commit yet: no history */
		error = 0;
		goto done;
	} else if (error < 0) {
		error = fail(REPO_ERR, "cannot read the history: cannot read HEAD");
		goto done;
	}

	while ((error = git_revwalk_next(&id, walk)) == 0) {
		struct node *cn, *pn = NULL;
		bool changed = true;

		if ((error = walk_node(&w, &cn, &id, NULL)) < 0)
			goto done;
		if (!cn->nparents) {
			/* a root commit changed the path if it has it */
			if ((error = resolve(&w, cn, w.depth)) < 0)
				goto done;
			changed = cn->known > w.depth;
		}
		/* A merge changed it only if it differs from every parent. */
		for (size_t i = 0; i < cn->nparents && changed; i++) {
			struct node *p;
			if ((error = walk_node(&w, &p, &cn->parents[i], cn)) < 0 ||
			    (error = same(&w, cn, p)) < 0)
				goto done;
			changed = !error;
		}
		if (!changed)
			continue;
		/* the first parent's node, which the others may have recycled */
		if (cn->nparents && (error = walk_node(&w, &pn, &cn->parents[0], cn)) < 0)
			goto done;
		if ((error = report(&w, cn, pn, fn, data)) != 0) {
			if (error > 0)
				error = 0;
			goto done;
		}
	}
	if (error == GIT_ITEROVER) {
		git_error_clear();
		error = 0;
	} else {
		error = fail(REPO_ERR, "cannot read the history");
	}
done:
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	git_revwalk_free(walk);
	walk_release(&w);
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
		return REPO_ERR;
	}
	error = git_revparse_single(&target, r->git, "HEAD");
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH) {
		git_error_clear();
		crisis_error("cannot tag '%s': the branch has no commit yet", name);
		error = REPO_NOT_FOUND;
		goto done;
	} else if (error < 0) {
		error = fail(REPO_ERR, "cannot tag '%s': cannot read HEAD", name);
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
		error = fail(locked_code(error), "cannot tag '%s'", name);
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
		return fail(REPO_ERR, "cannot list the tags");
	if (names.count > 1)
		qsort(names.strings, names.count, sizeof(*names.strings), cmp_version);
	for (size_t i = 0; i < names.count; i++)
		strlist_add(out, names.strings[i]);
	git_strarray_dispose(&names);
	return 0;
}
